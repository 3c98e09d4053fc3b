//! The modules a guide imports (`import "texts" as t;`): where they are found, how they
//! are gathered when the guide loads (and followed by `check`, the very same way), and
//! the resolver its runs import them through.
//!
//! A module is found, in order: among those a journal kept, among those bundled at the
//! end of the guide's own text (`kintsugi bundle`, [`super::bundle`]), then as
//! `name.rhai` in the guide's folder. Every import written with a literal name is
//! followed when the guide loads, through the modules' own imports: a module that is
//! missing, does not parse, or leads back to itself stops the guide from loading, so a
//! guide sent without its module fails before the couple does any work.

use super::errors::coded_error;
use crate::code::Code;
use crate::syntax::imports::imports;
use crate::syntax::text::Pos;
use rhai::module_resolvers::ModuleResolver;
use rhai::{AST, Engine, EvalAltResult, Module, Position, Scope, Shared};
use std::collections::{BTreeMap, HashSet};
use std::path::{Component, Path};
use std::sync::Arc;

/// The largest module file read, in bytes (a guide's text is far smaller).
const MAX_MODULE_BYTES: u64 = 4 * 1024 * 1024;

/// The most modules a guide may import, all told, and the most text they may hold: a
/// session keeps them all in its journal.
const MAX_MODULES: usize = 64;
const MAX_MODULES_BYTES: usize = 16 * 1024 * 1024;

/// The modules a guide imports: each one's text, by the name it is imported by
/// (`import "texts"` is `texts`). A session keeps them, like the guide's own text.
pub type Modules = BTreeMap<String, String>;

/// Where a guide's modules are found.
pub(crate) struct Shelf<'a> {
    /// The guide's file, as errors name it: modules are named beside it.
    pub(crate) guide: &'a str,
    /// Modules already known (a journal's), read first.
    pub(crate) known: &'a Modules,
    /// Modules bundled at the end of the guide's text, read next.
    pub(crate) bundled: Modules,
    /// The guide's folder, read last; `None` reads none.
    pub(crate) folder: Option<&'a Path>,
}

impl Shelf<'_> {
    fn find(&self, name: &str) -> Option<String> {
        self.known
            .get(name)
            .or_else(|| self.bundled.get(name))
            .cloned()
            .or_else(|| read_module(self.folder, name))
    }

    /// The names of the modules it holds: known, bundled, and the `.rhai` files of the
    /// folder.
    fn names(&self) -> Vec<String> {
        let in_folder = self
            .folder
            .and_then(|f| std::fs::read_dir(f).ok())
            .into_iter()
            .flatten()
            .filter_map(|e| {
                let path = e.ok()?.path();
                let stem = path.file_stem()?.to_str()?.to_string();
                (path.extension()? == "rhai").then_some(stem)
            });
        self.known
            .keys()
            .chain(self.bundled.keys())
            .cloned()
            .chain(in_folder)
            .collect()
    }

    /// How messages name module `name`'s file: `texts.rhai` beside the guide, or inside
    /// it when bundled there.
    pub(crate) fn file_of(&self, name: &str) -> String {
        module_file(self.guide, name, self.bundled.contains_key(name))
    }

    /// Every module's file, as [`Shelf::file_of`] names it, for the resolver.
    fn files(&self, modules: &Modules) -> BTreeMap<String, String> {
        modules
            .keys()
            .map(|name| (name.clone(), self.file_of(name)))
            .collect()
    }
}

/// How module `name` of the guide `guide` is named in messages.
pub(crate) fn module_file(guide: &str, name: &str, bundled: bool) -> String {
    if bundled {
        // The module last: a line and column written after this name are the module's.
        format!("{guide}, bundled module {name}.rhai")
    } else {
        Path::new(guide)
            .with_file_name(format!("{name}.rhai"))
            .display()
            .to_string()
    }
}

/// One `import` on the way to a problem: the module it is written in, where, and the
/// module it reads.
pub(crate) struct Link {
    from: String,
    at: Pos,
    to: String,
}

impl Link {
    fn describe(&self) -> String {
        format!(
            "{} (line {}, column {}) imports {}",
            self.from, self.at.line, self.at.column, self.to
        )
    }
}

/// What stops an import from working.
pub(crate) enum Problem {
    /// No module of that name is found.
    Missing {
        name: String,
        /// The module of the closest name there is, when the name looks misspelt.
        near: Option<String>,
    },
    /// The module does not parse: its file and the place in it.
    Broken {
        file: String,
        at: Pos,
        message: String,
    },
    /// A chain of modules that leads back to one of its own.
    Circle(Vec<Link>),
    /// More modules, or more text, than a session keeps.
    TooMany(String),
}

/// A guide's `import` that cannot work, and why.
pub(crate) struct Trouble {
    /// The name the guide imports.
    pub(crate) name: String,
    /// Where the guide writes that import.
    pub(crate) at: Pos,
    /// The imports of modules that led from it to the problem.
    links: Vec<Link>,
    pub(crate) problem: Problem,
}

impl Trouble {
    /// The message, a label for the guide's import and a way forward. `folder` says
    /// whether the guide was read from a folder at all.
    pub(crate) fn describe(&self, folder: bool) -> (String, &'static str, String) {
        let name = &self.name;
        let via = if self.links.is_empty() {
            String::new()
        } else {
            let path: Vec<String> = self.links.iter().map(Link::describe).collect();
            format!(" (through {})", path.join(", "))
        };
        match &self.problem {
            Problem::Missing { name: missing, .. } if !folder => (
                format!("import \"{missing}\"{via}: this guide is not read from a folder, so it can import no module"),
                "nothing to import from",
                "modules are read from the guide's own folder: run the guide from its file, or send it as one file with `kintsugi bundle`".to_string(),
            ),
            Problem::Missing { name: missing, near } => (
                format!("import \"{missing}\"{via}: there is no module {missing}.rhai in the guide's folder"),
                "no such module",
                near.as_ref().map(|n| format!("did you mean `import \"{n}\"`? ")).unwrap_or_default() + "check the name: `import \"texts\"` reads texts.rhai beside the guide, and nothing outside its folder; to send a guide with its modules as one file, use `kintsugi bundle`",
            ),
            Problem::Broken { file, at, message } => (
                format!(
                    "import \"{name}\"{via}: the module {file} is not valid Rhai: {message} (line {}, column {} of {file})",
                    at.line, at.column
                ),
                "a module that does not parse",
                format!("fix {file} where it says; `kintsugi check` of it shows the place"),
            ),
            Problem::Circle(circle) => {
                let path: Vec<String> = circle.iter().map(Link::describe).collect();
                (
                    format!(
                        "import \"{name}\"{via}: the modules import each other in a circle: {}",
                        path.join(", ")
                    ),
                    "leads back to itself",
                    "a module cannot import itself, even through others: move what both need into a third module that imports neither".to_string(),
                )
            }
            Problem::TooMany(message) => (
                format!("import \"{name}\"{via}: {message}"),
                "too many modules",
                "import fewer modules, or smaller ones".to_string(),
            ),
        }
    }
}

/// What gathering found: the modules, and every import that cannot work.
pub(crate) struct Gathered {
    pub(crate) modules: Modules,
    /// Each module's file, as messages name it.
    pub(crate) files: BTreeMap<String, String>,
    pub(crate) troubles: Vec<Trouble>,
}

/// Gathers the modules `ast` imports by name, and theirs in turn, from `shelf`: when the
/// guide loads, and for `check`. Runs import from them alone ([`imports_from`]): a live
/// run, its replays and its resumption from a journal read the very same texts. Each of
/// the guide's imports that cannot work is a [`Trouble`], in the order written.
pub(crate) fn gather(engine: &Engine, ast: &AST, shelf: &Shelf) -> Gathered {
    let mut follow = Follow {
        engine,
        shelf,
        modules: Modules::new(),
        bytes: 0,
        clean: HashSet::new(),
    };
    let mut troubles = Vec::new();
    for (name, at) in imports(ast) {
        let mut links = Vec::new();
        if let Some(problem) = follow.follow(&name, &mut Vec::new(), &mut links) {
            troubles.push(Trouble {
                name,
                at,
                links,
                problem,
            });
        }
    }
    Gathered {
        files: shelf.files(&follow.modules),
        modules: follow.modules,
        troubles,
    }
}

struct Follow<'a> {
    engine: &'a Engine,
    shelf: &'a Shelf<'a>,
    modules: Modules,
    bytes: usize,
    /// Modules followed to the end with nothing wrong: a module imported by many is
    /// read once.
    clean: HashSet<String>,
}

impl Follow<'_> {
    /// Follows `import "name"`, with `chain` the modules being followed (outermost
    /// first) and `links` the imports that led there.
    fn follow(
        &mut self,
        name: &str,
        chain: &mut Vec<String>,
        links: &mut Vec<Link>,
    ) -> Option<Problem> {
        if let Some(from) = chain.iter().position(|n| n == name) {
            // The links from the first visit of this module on.
            let first = links.len() - (chain.len() - from);
            return Some(Problem::Circle(links.drain(first..).collect()));
        }
        if self.clean.contains(name) {
            return None;
        }
        let Some(text) = self.shelf.find(name) else {
            let names = self.shelf.names();
            return Some(Problem::Missing {
                name: name.to_string(),
                near: crate::spelling::closest(name, &names).map(str::to_string),
            });
        };
        let ast = match self.engine.compile(&text) {
            Ok(ast) => ast,
            Err(e) => {
                let mistake = crate::syntax::mistakes::explain(&text, &e);
                return Some(Problem::Broken {
                    file: self.shelf.file_of(name),
                    at: mistake.at,
                    message: mistake.message,
                });
            }
        };
        if !self.modules.contains_key(name) {
            self.bytes += text.len();
            if self.modules.len() == MAX_MODULES || self.bytes > MAX_MODULES_BYTES {
                return Some(Problem::TooMany(format!(
                    "the guide imports more than {MAX_MODULES} modules or {} MiB of them, all told \
                     (at \"{name}\"); a session keeps every module it imports",
                    MAX_MODULES_BYTES / (1024 * 1024)
                )));
            }
            self.modules.insert(name.to_string(), text);
        }
        chain.push(name.to_string());
        for (next, at) in imports(&ast) {
            links.push(Link {
                from: format!("{name}.rhai"),
                at,
                to: format!("{next}.rhai"),
            });
            if let Some(problem) = self.follow(&next, chain, links) {
                return Some(problem);
            }
            links.pop();
        }
        chain.pop();
        self.clean.insert(name.to_string());
        None
    }
}

/// The text of `name.rhai` in the guide's folder `root`, and nowhere else: a plain
/// relative name (no `..`, no root), a regular file (a FIFO or a device would never end)
/// of a sane size; `None` if there is no such module (or no folder).
fn read_module(root: Option<&Path>, name: &str) -> Option<String> {
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
    std::fs::read_to_string(&file).ok()
}

/// Has `engine` import from `modules` alone; `files` names each module's file in errors.
pub(crate) fn imports_from(engine: &mut Engine, modules: Modules, files: BTreeMap<String, String>) {
    engine.set_module_resolver(Imports {
        modules: Arc::new(modules),
        files: Arc::new(files),
    });
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

/// Resolves `import "name"` to the text of module `name` the guide was loaded with.
struct Imports {
    modules: Arc<Modules>,
    files: Arc<BTreeMap<String, String>>,
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
        // the stack overflows: refuse it with the chain of modules. (Loading refuses
        // such a guide already; this keeps the resolver safe on its own.)
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
        // Errors in the module name the module's file (`script_error` reads it from the
        // module error and from the source of the module's functions).
        let file = self
            .files
            .get(path)
            .cloned()
            .unwrap_or_else(|| format!("{path}.rhai"));
        let mut ast = engine.compile(text).map_err(|e| {
            Box::new(EvalAltResult::ErrorInModule(
                file.clone(),
                Box::new(e.into()),
                pos,
            ))
        })?;
        ast.set_source(file.as_str());
        let module = Module::eval_ast_as_new(Scope::new(), &ast, engine)
            .map_err(|e| Box::new(EvalAltResult::ErrorInModule(file, e, pos)))?;
        Ok(module.into())
    }
}
