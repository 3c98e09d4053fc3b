//! A loaded guide: its source, its compiled script, and what it declares.

use crate::code::Code;
use crate::error::{Error, ErrorKind, Limit, Location};
use crate::fiber::Fiber;
use crate::plugin::Config;
use crate::run::{Declaration, Run, thrown_code};
use crate::syntax::outline::Outline;
use rhai::{EvalAltResult, Position};
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::rc::Rc;

/// A guide's text and where it came from.
#[derive(Debug, Clone)]
pub struct Source {
    /// How errors name the file: a path, or `name.rhai` for a shipped guide.
    pub name: String,
    pub text: String,
    /// The folder `import` may read from; `None` forbids imports.
    pub folder: Option<PathBuf>,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Source {
        Source {
            name: name.into(),
            text: text.into(),
            folder: None,
        }
    }
}

/// What a step that runs out of operations is told; `Session` then points it at the
/// step's loops (Rhai reports it where the step was called).
pub(crate) const RAN_TOO_LONG: &str =
    "this step ran too long without asking anything; is there a loop that never ends?";

/// A compiled guide whose top level has run: its declaration and steps are known.
pub struct Guide {
    pub(crate) source: Source,
    hash: String,
    // Shared with the run's fiber, which evaluates the steps.
    pub(crate) engine: Rc<rhai::Engine>,
    pub(crate) ast: Rc<rhai::AST>,
    pub(crate) run: Run,
    /// The stack the steps run on, paused while a prompt waits.
    pub(crate) fiber: Fiber,
    pub(crate) config: Config,
    declaration: Declaration,
}

impl Guide {
    /// Compiles a guide and runs its top level (which declares it and its steps).
    pub fn load(source: Source, config: Config) -> Result<Guide, Error> {
        let run = Run::default();
        run.state.borrow_mut().file = source.name.clone();
        let mut engine = crate::sandbox::engine(&config.limits, source.folder.clone());
        let signalled = run.signalled.clone();
        engine.on_progress(move |_| signalled.get().then_some(rhai::Dynamic::UNIT));
        for plugin in &config.plugins {
            plugin.install(&mut engine, &run);
        }
        run.state.borrow_mut().plugins = config.plugins.clone();
        let mut ast = crate::syntax::compile::compile(&engine, &source.text)
            .map_err(|e| syntax_error(&source.name, &e))?;
        ast.set_source(source.name.as_str());

        run.state.borrow_mut().loading = true;
        let loaded = engine.run_ast(&ast);
        run.state.borrow_mut().loading = false;
        loaded.map_err(|e| script_error(&source.name, *e))?;

        let declaration = check_declaration(&source.name, &source.text, &run)?;
        let pause = run.pause.clone();
        Ok(Guide {
            hash: short_hash(&source.text),
            source,
            engine: Rc::new(engine),
            ast: Rc::new(ast),
            run,
            fiber: Fiber::new(pause),
            config,
            declaration,
        })
    }

    pub fn declaration(&self) -> &Declaration {
        &self.declaration
    }

    pub fn source(&self) -> &Source {
        &self.source
    }

    /// A hash of the source text: a session records it to know its guide again.
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// The outline of this guide's source, read from its syntax tree.
    pub fn outline(&self) -> Outline {
        Outline::of(&self.ast, &self.source.text)
    }

    /// The steps, in the order the guide defines them, with the line of each.
    pub fn steps(&self) -> Vec<(String, usize)> {
        let st = self.run.state.borrow();
        st.steps
            .iter()
            .map(|(name, def)| (name.clone(), def.line))
            .collect()
    }
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

fn check_declaration(file: &str, source_text: &str, run: &Run) -> Result<Declaration, Error> {
    let mut st = run.state.borrow_mut();
    let here = |line| {
        Some(Location {
            file: file.to_string(),
            line,
            column: 1,
        })
    };
    let Some(mut decl) = st.declared.clone() else {
        return Err(Error::coded(
            ErrorKind::Declaration,
            Code::Declaration,
            "the guide never declares itself: start it with guide(#{ title: ..., roles: #{...}, start: \"...\" })",
        )
        .at(here(1)));
    };
    order_roles_as_written(&mut decl, source_text);
    st.declared = Some(decl.clone());
    if st.steps.is_empty() {
        return Err(Error::coded(
            ErrorKind::Declaration,
            Code::Start,
            "the guide has no steps: add step(\"name\", || { ... })",
        )
        .at(here(1)));
    }
    if !st.steps.contains_key(&decl.start) {
        return Err(Error::coded(
            ErrorKind::Declaration,
            Code::Start,
            format!(
                "the guide starts at \"{}\", but no step has that name (steps: {})",
                decl.start,
                st.steps.keys().cloned().collect::<Vec<_>>().join(", ")
            ),
        )
        .at(here(1)));
    }
    Ok(decl)
}

/// A short, stable hash of some text (hex of SHA-256).
pub(crate) fn short_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

fn location(file: &str, pos: Position) -> Option<Location> {
    Some(Location {
        file: file.to_string(),
        line: pos.line()?,
        column: pos.position().unwrap_or(1),
    })
}

fn syntax_error(file: &str, err: &rhai::ParseError) -> Error {
    Error::coded(ErrorKind::Syntax, Code::Syntax, err.err_type().to_string())
        .at(location(file, err.position()))
}

/// Turns a Rhai error into ours, pointing at the innermost place it happened.
pub(crate) fn script_error(file: &str, err: EvalAltResult) -> Error {
    let mut err = err;
    let mut pos = err.position();
    while let EvalAltResult::ErrorInFunctionCall(_, _, inner, p)
    | EvalAltResult::ErrorInModule(_, inner, p) = err
    {
        if !p.is_none() {
            pos = p;
        }
        err = *inner;
        if !err.position().is_none() {
            pos = err.position();
        }
    }
    let limit = match &err {
        EvalAltResult::ErrorTooManyOperations(_) => Some(Limit::Operations),
        EvalAltResult::ErrorStackOverflow(_) => Some(Limit::CallDepth),
        EvalAltResult::ErrorDataTooLarge(..) => Some(Limit::DataSize),
        _ => None,
    };
    let code = match &err {
        EvalAltResult::ErrorRuntime(value, _) => thrown_code(value),
        EvalAltResult::ErrorVariableNotFound(..) => Some(Code::UnknownName),
        _ => None,
    };
    let (kind, message) = match err {
        EvalAltResult::ErrorTooManyOperations(_) => (ErrorKind::Runaway, RAN_TOO_LONG.to_string()),
        EvalAltResult::ErrorStackOverflow(_) => (
            ErrorKind::Runaway,
            "functions call each other too deeply; is a function calling itself forever?"
                .to_string(),
        ),
        EvalAltResult::ErrorDataTooLarge(what, _) => (
            ErrorKind::Runaway,
            format!("{what} grew past the limit a guide may use"),
        ),
        EvalAltResult::ErrorModuleNotFound(path, _) => (
            ErrorKind::Import,
            format!(
                "module \"{path}\" not found: guides import .rhai files from their own folder only, with `import` inside the step that uses it"
            ),
        ),
        EvalAltResult::ErrorRuntime(value, _) => (ErrorKind::Runtime, value.to_string()),
        EvalAltResult::ErrorVariableNotFound(name, _) => (
            ErrorKind::Runtime,
            format!(
                "unknown name `{name}`: a prompt's `who` is a role declared in guide(#{{ roles: ... }}) \
                 (declare the guide before its steps), `both` or `each`; other values come \
                 from `let` or recall(...)"
            ),
        ),
        EvalAltResult::ErrorFunctionNotFound(signature, _)
            if ["ask ", "choose ", "scale ", "confirm "]
                .iter()
                .any(|p| signature.starts_with(p)) =>
        {
            let name = signature.split(' ').next().unwrap_or_default();
            (
                ErrorKind::Runtime,
                format!(
                    "{name}(...) was called with the wrong kinds of values ({signature}); \
                     it takes who (a role, both or each) first, then the question text{}",
                    match name {
                        "choose" => ", then a list of options",
                        "scale" => ", then the lowest and highest numbers",
                        _ => "",
                    }
                ),
            )
        }
        EvalAltResult::ErrorFunctionNotFound(signature, _) => {
            let (name, values) = signature.split_once(' ').unwrap_or((&signature, "()"));
            (
                ErrorKind::Runtime,
                format!(
                    "there is no function `{name}` that takes {}; check the name and the \
                     values given (`kintsugi check` suggests the closest name)",
                    plain_values(values)
                ),
            )
        }
        mut other => {
            let _ = other.take_position();
            (ErrorKind::Runtime, other.to_string())
        }
    };
    let mut error = Error::new(kind, message).at(location(file, pos));
    error.code = code;
    error.limit = limit;
    error
}

/// Rhai's list of argument types, "(&str | ImmutableString | String, i64)", in the words
/// of the guide language: "(text, number)".
fn plain_values(values: &str) -> String {
    let inner = values.trim().trim_start_matches('(').trim_end_matches(')');
    if inner.trim().is_empty() {
        return "no values".to_string();
    }
    let words: Vec<&str> = inner
        .split(", ")
        .map(|t| match t.trim() {
            "&str | ImmutableString | String" | "string" => "text",
            "i64" | "int" => "a number",
            "f64" | "float" => "a decimal number",
            "bool" => "true or false",
            "array" | "Array" => "a list",
            "map" | "Map" => "a map",
            "Target" => "who",
            "()" => "nothing",
            other => other,
        })
        .collect();
    format!("({})", words.join(", "))
}
