//! The Rhai engine a guide runs in: no files, network or process; bounded in every way.

use rhai::module_resolvers::ModuleResolver;
use rhai::packages::{
    BasicArrayPackage, BasicMapPackage, BasicMathPackage, CorePackage, LogicPackage,
    MoreStringPackage, Package,
};
use rhai::{Engine, EvalAltResult, Module, OptimizationLevel, Position, Scope, Shared};
use std::path::{Component, Path, PathBuf};

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
        }
    }
}

/// A raw Rhai engine with the pure packages, the limits, and imports from `folder` only.
pub(crate) fn engine(limits: &Limits, folder: Option<PathBuf>) -> Engine {
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
    engine.set_module_resolver(GuideFolder { root: folder });
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

thread_local! {
    /// The modules being resolved on this thread, outermost first.
    static RESOLVING: std::cell::RefCell<Vec<PathBuf>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A module on the chain being resolved, until dropped; `None` if it is already on it.
struct Resolving;

impl Resolving {
    fn enter(file: &Path) -> Option<Resolving> {
        RESOLVING.with(|r| {
            let mut r = r.borrow_mut();
            if r.iter().any(|f| f == file) {
                return None;
            }
            r.push(file.to_path_buf());
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

/// The module `import "path"` names: `path.rhai` in the guide's folder `root`, and
/// nowhere else; only a regular file, no larger than a module may be. `None` if there
/// is no such module (or no folder to import from). `check` follows imports with this
/// too, so it finds exactly what a run would.
pub(crate) fn read_module(root: Option<&Path>, path: &str) -> Option<(PathBuf, String)> {
    let root = root?.canonicalize().ok()?;
    let relative = Path::new(path);
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
    // Only a regular file is a module: a FIFO or a device would never end.
    if !std::fs::metadata(&file).is_ok_and(|m| m.is_file() && m.len() <= MAX_MODULE_BYTES) {
        return None;
    }
    let text = std::fs::read_to_string(&file).ok()?;
    Some((file, text))
}

/// Resolves `import "name"` to `name.rhai` in the guide's own folder, and nowhere else.
struct GuideFolder {
    root: Option<PathBuf>,
}

impl ModuleResolver for GuideFolder {
    fn resolve(
        &self,
        engine: &Engine,
        _source: Option<&str>,
        path: &str,
        pos: Position,
    ) -> Result<Shared<Module>, Box<EvalAltResult>> {
        let (file, text) = read_module(self.root.as_deref(), path)
            .ok_or_else(|| Box::new(EvalAltResult::ErrorModuleNotFound(path.to_string(), pos)))?;
        // A module that imports itself, directly or through others, would recurse until
        // the stack overflows: refuse it with the chain of modules.
        let Some(_resolving) = Resolving::enter(&file) else {
            let chain = RESOLVING.with(|r| {
                let r = r.borrow();
                let from = r.iter().position(|f| f == &file).unwrap_or(0);
                r[from..]
                    .iter()
                    .chain(std::iter::once(&file))
                    .map(|f| module_name(f))
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
        ast.set_source(file.display().to_string());
        let module = Module::eval_ast_as_new(Scope::new(), &ast, engine)
            .map_err(|e| Box::new(EvalAltResult::ErrorInModule(path.to_string(), e, pos)))?;
        Ok(module.into())
    }
}
