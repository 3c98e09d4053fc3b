//! A compiled guide: its source, and the program every session of it runs. A guide owns
//! no run, so one loaded guide serves any number of sessions, on any threads.

use crate::code::Code;
use crate::error::{Error, ErrorKind, Limit, Location};
use crate::hash::short_hash;
use crate::plugins::Config;
use crate::runtime::bundle;
use crate::runtime::errors::{script_error, syntax_error, with_known_forms};
use crate::runtime::fiber::{Fiber, Stop};
use crate::runtime::modules::{self, Gathered, Modules, Problem, Shelf};
use crate::runtime::program::{Declaration, Program};
use crate::runtime::run::{
    Live, Loading, Run, mark_memory, memory_gained, set_signalled, signalled,
};
use crate::runtime::sandbox;
use crate::syntax::functions::defined;
use crate::syntax::outline::Outline;
use std::path::PathBuf;
use std::sync::Arc;

/// A guide's text and where it came from.
#[derive(Debug, Clone)]
pub struct Source {
    /// How errors name the file: a path, or `name.rhai` for a shipped guide.
    pub name: String,
    /// The guide's Rhai text.
    pub text: String,
    /// The folder modules are read from when the guide loads (`import "texts"` reads
    /// `texts.rhai` there, and nowhere else); `None` reads none.
    pub folder: Option<PathBuf>,
    /// Modules already known, by name, read before the folder: those a journal kept.
    pub modules: Modules,
}

impl Source {
    /// A guide's text under a name, with no folder to import from.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Source {
        Source {
            name: name.into(),
            text: text.into(),
            folder: None,
            modules: Modules::new(),
        }
    }
}

/// Operations the top level may take for each of its statements, beyond what one step
/// may take: `step("name", || ...)` takes about five, so a guide of 100,000 steps loads.
const OPERATIONS_PER_STATEMENT: u64 = 32;

/// A compiled guide whose top level has run: its declaration and steps are known.
///
/// Cloning is cheap (the compiled guide is shared), and a guide may be sent to and
/// shared between threads: sessions hold their runs, the guide holds none.
#[derive(Clone)]
pub struct Guide(Arc<Compiled>);

struct Compiled {
    source: Source,
    hash: String,
    /// The modules it imports, as read when it loaded: the only ones its runs import.
    modules: Modules,
    config: Config,
    program: Arc<Program>,
}

impl Guide {
    /// Compiles a guide and runs its top level (which declares it and its steps).
    pub fn load(source: Source, config: Config) -> Result<Guide, Error> {
        let mut engine = sandbox::engine(&config.limits);
        let most = config.limits.memory_between_prompts;
        engine.on_progress(move |_| {
            if !signalled() && memory_gained() > most {
                let run = Run::default();
                let what = if run.loading() { "the guide's top level" } else { "this step" };
                run.with(|st| {
                    st.too_much(
                        format!(
                            "{what} took more than {} MiB of memory without asking anything; does it keep more than it needs?",
                            most / (1024 * 1024)
                        ),
                        crate::error::Limit::DataSize,
                    )
                });
                // Stopped even with no run to tell (a plugin's hook).
                return Some(rhai::Dynamic::UNIT);
            }
            signalled().then_some(rhai::Dynamic::UNIT)
        });
        for plugin in &config.plugins {
            plugin.install(&mut engine, &Run::default());
        }
        let mut ast = crate::syntax::compile::compile(&engine, &source.text)
            .map_err(|e| syntax_error(&source.name, &source.text, &e))?;
        ast.set_source(source.name.as_str());
        refuse_shadowing(&engine, &ast, &source)?;
        let modules = gather(&engine, &ast, &source)?;
        modules::imports_from(&mut engine, modules.modules.clone(), modules.files);
        let modules = modules.modules;

        // The top level runs as a run of its own, which only collects what it declares.
        let live = std::rc::Rc::new(Live::default());
        {
            let mut st = live.state.borrow_mut();
            st.file = source.name.clone();
            st.loading = Some(Loading::default());
        }
        // The top level declares the steps, a few operations each: a long guide may take
        // that much more than a step may, and a loop at the top is still stopped.
        let statements = ast.statements().len() as u64;
        engine.set_max_operations(
            config
                .limits
                .operations_per_step
                .saturating_add(OPERATIONS_PER_STATEMENT.saturating_mul(statements)),
        );
        // On a fiber, as the steps run: Rhai recurses once per level of a nested list it
        // shows or compares, and the top level may nest as deep as a step may.
        let (engine, ast, loaded) = {
            let _current = live.make_current();
            let mut fiber = Fiber::new(live.pause.clone());
            match fiber.start(move || {
                mark_memory();
                // A signal is this run's alone: none is pending before it, none after.
                set_signalled(false);
                let loaded = engine.run_ast(&ast);
                set_signalled(false);
                (engine, ast, loaded)
            }) {
                Stop::Done(done) => done,
                Stop::Paused(_) => unreachable!("prompts refuse to pause while a guide loads"),
            }
        };
        let mut engine = engine;
        engine.set_max_operations(config.limits.operations_per_step);
        let loading = live.state.borrow_mut().loading.take().unwrap_or_default();
        if let (Err(_), Some(message)) = (&loaded, live.state.borrow().too_much_said()) {
            let at = Location {
                file: source.name.clone(),
                line: 1,
                column: 1,
            };
            return Err(Error::new(ErrorKind::Runaway, message)
                .with_limit(Limit::DataSize)
                .at(Some(at)));
        }
        loaded.map_err(|e| with_known_forms(script_error(&source.name, *e), &engine, &ast))?;

        let declaration = check_declaration(&source.name, &source.text, &loading)?;
        let program = Program {
            engine,
            ast,
            file: source.name.clone(),
            declaration,
            steps: loading.steps,
            withhold: {
                let plugins = config.plugins.clone();
                Arc::new(move |prompt, value| plugins.iter().any(|p| p.withhold(prompt, value)))
            },
            limits: config.limits.clone(),
        };
        Ok(Guide(Arc::new(Compiled {
            hash: short_hash(&source.text),
            source,
            modules,
            config,
            program: Arc::new(program),
        })))
    }

    /// What the guide declares: title, summary, roles and start.
    pub fn declaration(&self) -> &Declaration {
        &self.0.program.declaration
    }

    /// The guide's text and name.
    pub fn source(&self) -> &Source {
        &self.0.source
    }

    /// The modules the guide imports, by name, as read when it loaded: a session keeps
    /// them with the guide's text, so it replays and resumes with the same modules.
    pub fn modules(&self) -> &Modules {
        &self.0.modules
    }

    /// The guide as one file (`kintsugi bundle`): its text, then the modules it imports,
    /// which loading the file reads before any beside it; its own lines keep their
    /// numbers. Modules bundled earlier are replaced by those it loaded with.
    pub fn bundled(&self) -> String {
        crate::runtime::bundle::bundle(&self.source().text, self.modules())
    }

    /// The plugins and limits the guide was loaded with.
    pub fn config(&self) -> &Config {
        &self.0.config
    }

    /// A hash of the source text: a session records it to know its guide again.
    pub fn hash(&self) -> &str {
        &self.0.hash
    }

    /// The outline of this guide's source, read from its syntax tree.
    pub fn outline(&self) -> Outline {
        Outline::of(self.ast(), &self.source().text)
    }

    /// The steps, in the order the guide defines them, with the line of each.
    pub fn steps(&self) -> Vec<(String, usize)> {
        self.0
            .program
            .steps
            .iter()
            .map(|(name, def)| (name.clone(), def.line))
            .collect()
    }

    /// What its runs run.
    pub(crate) fn program(&self) -> &Arc<Program> {
        &self.0.program
    }

    /// The engine with the plugins' functions, for tools that list them.
    pub(crate) fn engine(&self) -> &rhai::Engine {
        &self.0.program.engine
    }

    /// The compiled script, for tools that read its syntax tree.
    pub(crate) fn ast(&self) -> &rhai::AST {
        &self.0.program.ast
    }

    /// Whether two handles share one compiled guide (tests: a guide loaded once).
    pub fn same_as(&self, other: &Guide) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The modules the guide imports (see `runtime::modules`), or the first of its imports
/// that cannot work: a guide whose module is missing or broken does not load, so it
/// stops before anyone answers anything.
fn gather(engine: &rhai::Engine, ast: &rhai::AST, source: &Source) -> Result<Gathered, Error> {
    let at = |file: &str, line, column| {
        Some(Location {
            file: file.to_string(),
            line,
            column,
        })
    };
    let bundled = bundle::bundled(&source.text).map_err(|message| {
        Error::coded(
            ErrorKind::Import,
            Code::Import,
            format!(
                "the modules bundled at the end of the guide are damaged ({message}); \
                 bundle the guide again with `kintsugi bundle`"
            ),
        )
    })?;
    let shelf = Shelf {
        guide: &source.name,
        known: &source.modules,
        bundled,
        folder: source.folder.as_deref(),
    };
    let mut gathered = modules::gather(engine, ast, &shelf);
    if gathered.troubles.is_empty() {
        return Ok(gathered);
    }
    let trouble = gathered.troubles.swap_remove(0);
    let error = match &trouble.problem {
        // The place to fix is in the module: name it, and the import that reads it.
        Problem::Broken {
            file,
            at: pos,
            message,
        } => Error::coded(
            ErrorKind::Import,
            Code::Import,
            format!(
                "the module {file} (imported at {}:{}:{}) is not valid Rhai: {message}",
                source.name, trouble.at.line, trouble.at.column
            ),
        )
        .at(at(file, pos.line, pos.column)),
        _ => Error::coded(
            ErrorKind::Import,
            Code::Import,
            trouble.describe(source.folder.is_some()).0,
        )
        .at(at(&source.name, trouble.at.line, trouble.at.column)),
    };
    Err(error)
}

/// A guide's own `fn privately(w) { w }` would replace the language's function of that
/// name (Rhai calls a script's function first) and, say, make a private question
/// public: no function of the guide language can be defined by a guide.
fn refuse_shadowing(engine: &rhai::Engine, ast: &rhai::AST, source: &Source) -> Result<(), Error> {
    let language = sandbox::language_functions(engine);
    let Some((name, _, at)) = defined(ast, &source.text)
        .into_iter()
        .find(|(name, _, _)| language.contains(name))
    else {
        return Ok(());
    };
    Err(Error::coded(
        ErrorKind::Declaration,
        Code::ShadowedFunction,
        format!(
            "`fn {name}` has the name of a function of the guide language, which it would \
             replace; give your function another name"
        ),
    )
    .at(Some(Location {
        file: source.name.clone(),
        line: at.line,
        column: at.column,
    })))
}

/// Rhai's maps are sorted by key, so `roles: #{ hurt: .., repairing: .. }` arrives in
/// alphabetical order. The order the author wrote is the order `each` asks in, so it is
/// recovered from where each role first appears as a key (`hurt:`) in the source.
fn order_roles_as_written(decl: &mut Declaration, text: &str) {
    let first_as_key = |role: &str| {
        text.match_indices(role)
            .find(|(i, _)| {
                let before = text[..*i].chars().next_back();
                let after = text[i + role.len()..].trim_start().starts_with(':');
                after && !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
            })
            .map_or(usize::MAX, |(i, _)| i)
    };
    decl.roles.sort_by_cached_key(|role, _| first_as_key(role));
}

fn check_declaration(
    file: &str,
    source_text: &str,
    loaded: &Loading,
) -> Result<Declaration, Error> {
    let here = |line| {
        Some(Location {
            file: file.to_string(),
            line,
            column: 1,
        })
    };
    let Some(mut decl) = loaded.declared.clone() else {
        if loaded.steps.is_empty() {
            return Err(Error::coded(
                ErrorKind::Declaration,
                Code::Declaration,
                "this file declares no guide and no steps: it is a module, which a guide \
                 imports (`import \"name\" as m;`); run the guide that imports it",
            )
            .at(here(1)));
        }
        return Err(Error::coded(
            ErrorKind::Declaration,
            Code::Declaration,
            "the guide never declares itself: start it with guide(#{ title: ..., roles: #{...}, start: \"...\" })",
        )
        .at(here(1)));
    };
    order_roles_as_written(&mut decl, source_text);
    // The safety plugin's consent, screening and hold are made for a couple: a guide
    // for more people would run without them.
    if decl.roles.len() > 2 {
        let line = source_text
            .lines()
            .position(|l| l.contains("roles"))
            .map_or(1, |i| i + 1);
        return Err(Error::coded(
            ErrorKind::Declaration,
            Code::Declaration,
            format!(
                "a guide is for one partner or a couple, but `roles` names {} ({}): keep \
                 two roles, and address each partner by role",
                decl.roles.len(),
                decl.roles.keys().cloned().collect::<Vec<_>>().join(", ")
            ),
        )
        .at(here(line)));
    }
    if loaded.steps.is_empty() {
        return Err(Error::coded(
            ErrorKind::Declaration,
            Code::Start,
            "the guide has no steps: add step(\"name\", || { ... })",
        )
        .at(here(1)));
    }
    if !loaded.steps.contains_key(&decl.start) {
        return Err(Error::coded(
            ErrorKind::Declaration,
            Code::Start,
            format!(
                "the guide starts at \"{}\", but no step has that name (steps: {})",
                decl.start,
                loaded.steps.keys().cloned().collect::<Vec<_>>().join(", ")
            ),
        )
        .at(here(1)));
    }
    Ok(decl)
}
