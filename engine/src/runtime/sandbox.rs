//! The Rhai engine a guide runs in: no files, network or process; bounded in every way.

use crate::syntax::imports::imports;
use rhai::module_resolvers::ModuleResolver;
use rhai::packages::{
    BasicArrayPackage, BasicMapPackage, BasicMathPackage, CorePackage, LogicPackage,
    MoreStringPackage, Package,
};
use rhai::{AST, Engine, EvalAltResult, Module, OptimizationLevel, Position, Scope, Shared};
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use super::errors::coded_error;
use crate::code::Code;

/// Bounds on every evaluation of a guide.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Rhai operations one run of a step (or the guide's top level) may take.
    pub operations_per_step: u64,
    /// How deeply functions may call each other.
    pub call_depth: usize,
    /// Longest string, in bytes.
    pub string_size: usize,
    /// Most items in an array.
    pub array_size: usize,
    /// Most entries in a map.
    pub map_size: usize,
    /// Moves from step to step without a prompt between them.
    pub moves_between_prompts: usize,
    /// Events (lines, agreements, notes) a guide may add between two prompts.
    pub events_between_prompts: usize,
    /// Bytes of text those events may hold together.
    pub text_between_prompts: usize,
    /// Bytes the remembered values may take together (keys and values as text).
    pub memory_size: usize,
    /// Bytes of memory the process may gain while a guide runs between two prompts
    /// (or while its top level runs): what a step holds in its variables and closures,
    /// which the bounds above do not see. Enforced where the host gives the engine a
    /// meter (`set_memory_meter`), as the `kintsugi` binary does.
    pub memory_between_prompts: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            operations_per_step: 500_000,
            call_depth: 48,
            string_size: 64 * 1024,
            // Bounds how deeply lists and maps can nest, too (see `runtime::fiber::STACK_SIZE`).
            array_size: 2_000,
            map_size: 2_000,
            moves_between_prompts: 10_000,
            events_between_prompts: 10_000,
            text_between_prompts: 4 * 1024 * 1024,
            memory_size: 16 * 1024 * 1024,
            memory_between_prompts: 256 * 1024 * 1024,
        }
    }
}

/// A raw Rhai engine with the pure packages and the limits, which imports nothing until
/// given its modules ([`imports_from`]).
pub(crate) fn engine(limits: &Limits) -> Engine {
    // A raw engine has no packages: we add the pure ones and leave out time.
    let mut engine = Engine::new_raw();
    for package in [
        CorePackage::new().as_shared_module(),
        LogicPackage::new().as_shared_module(),
        BasicMathPackage::new().as_shared_module(),
        BasicArrayPackage::new().as_shared_module(),
        BasicMapPackage::new().as_shared_module(),
        MoreStringPackage::new().as_shared_module(),
    ] {
        engine.register_global_module(package);
    }
    // Host functions read and change the session, so none may be folded at compile
    // time; `None` also keeps error positions exactly where the author wrote them.
    engine.set_optimization_level(OptimizationLevel::None);
    engine.disable_symbol("eval");
    engine
        .set_max_operations(limits.operations_per_step)
        .set_max_call_levels(limits.call_depth)
        .set_max_expr_depths(64, 32)
        .set_max_string_size(limits.string_size)
        .set_max_array_size(limits.array_size)
        .set_max_map_size(limits.map_size)
        .set_max_modules(32)
        .set_max_variables(1_000);
    imports_from(&mut engine, Modules::new());
    engine
}

/// The names of the functions the plugins registered into `engine` (the guide
/// language), leaving out Rhai's own packages and the getters and conversions of the
/// language's types, which a guide cannot define anyway or may well define for itself.
pub(crate) fn language_functions(engine: &Engine) -> std::collections::BTreeSet<String> {
    engine
        .gen_fn_signatures(false)
        .into_iter()
        .filter_map(|signature| {
            let name = signature.split_once('(')?.0.trim().to_string();
            (!name.contains('$') && !matches!(name.as_str(), "to_string" | "to_debug"))
                .then_some(name)
        })
        .collect()
}

/// The largest module file read, in bytes (a guide's text is far smaller).
const MAX_MODULE_BYTES: u64 = 4 * 1024 * 1024;

/// The most modules a guide may import, all told, and the most text they may hold: a
/// session keeps them all in its journal.
const MAX_MODULES: usize = 64;
const MAX_MODULES_BYTES: usize = 16 * 1024 * 1024;

/// The modules a guide imports: each one's text, by the name it is imported by
/// (`import "texts"` is `texts`). A session keeps them, like the guide's own text.
pub type Modules = BTreeMap<String, String>;

/// Gathers the modules `ast` imports by name, and theirs in turn: from `known` (a
/// journal's) first, then from `folder`. They are read once, when the guide loads, and
/// runs import from them alone ([`imports_from`]): a live run, its replays and its
/// resumption from a journal read the very same texts. A module that is not there (or
/// is named by a computed expression) is not found when the run imports it. More than
/// [`MAX_MODULES`] modules, or more text than [`MAX_MODULES_BYTES`], is an error.
pub(crate) fn gather(
    engine: &Engine,
    ast: &AST,
    known: &Modules,
    folder: Option<&Path>,
) -> Result<Modules, String> {
    let mut modules = Modules::new();
    let mut bytes = 0;
    let mut wanted = imports(ast);
    while let Some(name) = wanted.pop() {
        if modules.contains_key(&name) {
            continue;
        }
        let Some(text) = known
            .get(&name)
            .cloned()
            .or_else(|| read_module(folder, &name).map(|(_, text)| text))
        else {
            continue;
        };
        bytes += text.len();
        if modules.len() == MAX_MODULES || bytes > MAX_MODULES_BYTES {
            return Err(format!(
                "the guide imports more than {MAX_MODULES} modules or {} MiB of them, all told \
                 (at \"{name}\"); a session keeps every module it imports",
                MAX_MODULES_BYTES / (1024 * 1024)
            ));
        }
        // A module that does not compile is kept as it is: importing it says why.
        if let Ok(module) = engine.compile(&text) {
            wanted.extend(imports(&module));
        }
        modules.insert(name, text);
    }
    Ok(modules)
}

/// Has `engine` import from `modules` alone.
pub(crate) fn imports_from(engine: &mut Engine, modules: Modules) {
    engine.set_module_resolver(Imports {
        modules: Arc::new(modules),
    });
}

/// `name.rhai` in the guide's folder `root`, and nowhere else: a plain relative name
/// (no `..`, no root), a regular file (a FIFO or a device would never end) of a sane
/// size. The file and its text; `None` if there is no such module (or no folder).
/// `check` follows imports with this too, so it finds exactly what loading gathers.
pub(crate) fn read_module(root: Option<&Path>, name: &str) -> Option<(PathBuf, String)> {
    let root = root?.canonicalize().ok()?;
    let relative = Path::new(name);
    let plain = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    if !plain {
        return None;
    }
    let file = root
        .join(relative)
        .with_extension("rhai")
        .canonicalize()
        .ok()?;
    if !file.starts_with(&root) {
        return None;
    }
    let meta = std::fs::metadata(&file).ok()?;
    if !meta.is_file() || meta.len() > MAX_MODULE_BYTES {
        return None;
    }
    let text = std::fs::read_to_string(&file).ok()?;
    Some((file, text))
}

thread_local! {
    /// The modules being resolved on this thread, outermost first.
    static RESOLVING: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A module on the chain being resolved, until dropped; `None` if it is already on it.
struct Resolving;

impl Resolving {
    fn enter(name: &str) -> Option<Resolving> {
        RESOLVING.with(|r| {
            let mut r = r.borrow_mut();
            if r.iter().any(|n| n == name) {
                return None;
            }
            r.push(name.to_string());
            Some(Resolving)
        })
    }
}

impl Drop for Resolving {
    fn drop(&mut self) {
        RESOLVING.with(|r| r.borrow_mut().pop());
    }
}

/// How a module is named in messages: its file name.
pub(crate) fn module_name(file: &Path) -> String {
    file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Resolves `import "name"` to the text of module `name` the guide was loaded with.
struct Imports {
    modules: Arc<Modules>,
}

impl ModuleResolver for Imports {
    fn resolve(
        &self,
        engine: &Engine,
        _source: Option<&str>,
        path: &str,
        pos: Position,
    ) -> Result<Shared<Module>, Box<EvalAltResult>> {
        let text = self
            .modules
            .get(path)
            .ok_or_else(|| Box::new(EvalAltResult::ErrorModuleNotFound(path.to_string(), pos)))?;
        // A module that imports itself, directly or through others, would recurse until
        // the stack overflows: refuse it with the chain of modules.
        let Some(_resolving) = Resolving::enter(path) else {
            let chain = RESOLVING.with(|r| {
                let r = r.borrow();
                let from = r.iter().position(|n| n == path).unwrap_or(0);
                r[from..]
                    .iter()
                    .map(String::as_str)
                    .chain(std::iter::once(path))
                    .map(|n| format!("{n}.rhai"))
                    .collect::<Vec<_>>()
                    .join(" imports ")
            });
            let mut err = coded_error(
                Code::Import,
                &format!("the modules import each other in a circle: {chain}"),
            );
            err.set_position(pos);
            return Err(err);
        };
        let mut ast = engine.compile(text).map_err(|e| {
            Box::new(EvalAltResult::ErrorInModule(
                path.to_string(),
                Box::new(e.into()),
                pos,
            ))
        })?;
        ast.set_source(format!("{path}.rhai"));
        let module = Module::eval_ast_as_new(Scope::new(), &ast, engine)
            .map_err(|e| Box::new(EvalAltResult::ErrorInModule(path.to_string(), e, pos)))?;
        Ok(module.into())
    }
}
