//! `check`: the problems in a guide that can be found without running a session, found by
//! rules grouped in families, one file each.
//!
//! A guide is compiled, its top level is run once (as [`Guide::load`] does: that
//! declares the guide and its steps, and asks nothing), and its syntax tree is read
//! into an [`Outline`]. Each problem becomes a [`Diagnostic`] with a stable [`Code`];
//! `docs/checks.md` describes every code with an example.

mod chains;
mod context;
mod declaration;
mod diagnostic;
mod escapes;
mod flow;
mod imports;
mod memory;
mod module_calls;
mod names;
mod options;
mod privacy;
mod prompts;
mod report;
mod strings;
pub(crate) mod words;
mod yes_no;

pub use self::diagnostic::{Diagnostic, Related};
pub use crate::code::{Code, Severity};
pub use crate::syntax::outline::{
    Condition, DeclarationOutline, Move, OpenEnd, Outline, Pos, PromptOutline, StepOutline,
};

use self::context::{Context, Known, functions_of, steps_of_functions};
use self::report::Report;
use crate::error::ErrorKind;
use crate::guide::{Guide, Source};
use crate::plugins::Config;
use crate::runtime::bundle;
use crate::runtime::run::Run;
use crate::runtime::sandbox;
use crate::syntax::facts::{FnFacts, STEP_ONLY};
use crate::syntax::text::Text;

/// Checks a guide: every problem found without running a session, sorted by place.
pub fn check(source: &Source, config: &Config) -> Vec<Diagnostic> {
    check_and_load(source, config).0
}

/// Checks a guide and hands back the guide it loaded to do so, for a host that runs it
/// next: a large guide then loads once, not twice.
pub fn check_and_load(
    source: &Source,
    config: &Config,
) -> (Vec<Diagnostic>, Result<Guide, crate::error::Error>) {
    let loaded = Guide::load(source.clone(), config.clone());
    let diagnostics = diagnostics(source, config, &loaded);
    (diagnostics, loaded)
}

/// The problems of a guide, given what loading it gave.
fn diagnostics(
    source: &Source,
    config: &Config,
    loaded: &Result<Guide, crate::error::Error>,
) -> Vec<Diagnostic> {
    let compiled;
    let (ast, load_error) = match loaded {
        Ok(guide) => (guide.ast(), None),
        Err(err) if err.kind == ErrorKind::Syntax => {
            return vec![Diagnostic::from_load_error(err, source)];
        }
        Err(err) => {
            let run = Run::default();
            let mut engine = sandbox::engine(&config.limits);
            for plugin in &config.plugins {
                plugin.install(&mut engine, &run);
            }
            match engine.compile(&source.text) {
                Ok(ast) => compiled = ast,
                Err(_) => return vec![Diagnostic::from_load_error(err, source)],
            }
            (&compiled, Some(err))
        }
    };
    let outline = Outline::of(ast, &source.text);
    if declares_nothing(&outline) {
        return module_diagnostics(source, config, ast);
    }
    let functions = match loaded {
        Ok(guide) => functions_of(guide.engine()),
        Err(_) => {
            let mut engine = sandbox::engine(&config.limits);
            for plugin in &config.plugins {
                plugin.install(&mut engine, &Run::default());
            }
            functions_of(&engine)
        }
    };
    let known = match loaded {
        Ok(guide) => Known {
            roles: Some(guide.declaration().roles.keys().cloned().collect()),
            steps: Some(guide.steps().into_iter().map(|(name, _)| name).collect()),
            start: Some(guide.declaration().start.clone()),
        },
        Err(_) => Known::from_outline(&outline),
    };
    let text = Text::new(&source.text);
    let cx = Context {
        text: &text,
        outline: &outline,
        facts: &outline.facts,
        known,
        functions,
    };
    let mut report = Report::new(&source.name, &text);
    run_rules(&cx, &mut report);
    privacy::private_in_shared_text(&cx, ast, &mut report);
    let imported = imports::imports(source, ast, &config.limits, false, &mut report);
    module_calls::module_calls(ast, &imported.modules, &config.limits, &mut report);
    memory::recalled_never_remembered(ast, &imported.modules, &config.limits, &mut report);
    let mut out = report.into_diagnostics();
    if let Some(err) = load_error {
        let diagnostic = Diagnostic::from_load_error(err, source);
        // A declaration after a step explains whatever loading then fails on.
        let explained = declaration::declared_late(&outline.facts).is_some()
            || out.iter().any(|d| {
                d.severity == Severity::Error
                    && (d.code == diagnostic.code || d.location.line == diagnostic.location.line)
            });
        if !explained {
            out.push(diagnostic);
        }
    }
    sort(&mut out);
    out.extend(imported_modules(source, config, &imported));
    out
}

/// The problems in the code of the modules a guide imports, each checked as a module is
/// checked on its own, reported in the module's own file, or for a module bundled in the
/// guide's text at the bundle's line. (Its imports were followed with the guide's.)
fn imported_modules(
    source: &Source,
    config: &Config,
    imported: &imports::Imported,
) -> Vec<Diagnostic> {
    let engine = sandbox::engine(&config.limits);
    let starts = bundle::module_lines(&source.text);
    let mut out = Vec::new();
    for (name, text) in &imported.modules {
        let Ok(ast) = engine.compile(text) else {
            continue; // reported at its import
        };
        let file = imported
            .files
            .get(name)
            .cloned()
            .unwrap_or_else(|| format!("{name}.rhai"));
        let module = Source::new(file, text.as_str());
        let mut found = module_code(&module, config, &ast, &imported.modules);
        if imported.bundled.contains(name) {
            let Some(&first) = starts.get(name) else {
                continue;
            };
            for d in &mut found {
                // A module's line `L` is the bundle's line `first + L - 1`, after `// | `.
                let to_bundle = |location: &mut crate::error::Location| {
                    location.file = source.name.clone();
                    location.line += first - 1;
                    location.column += bundle::LINE_PREFIX;
                };
                to_bundle(&mut d.location);
                for related in &mut d.related {
                    to_bundle(&mut related.location);
                }
                d.message = format!("in the bundled module {name}.rhai: {}", d.message);
            }
        }
        out.extend(found);
    }
    out
}

/// Whether a guide's outline declares no guide and no step: the file is a module.
fn declares_nothing(outline: &Outline) -> bool {
    outline.facts.guides.is_empty() && outline.facts.steps.is_empty()
}

/// Whether `text` is a module: a file that declares no guide and no step, which a guide
/// imports. `check` checks it as a module. A file that does not parse is a module when
/// its words, read one by one, call neither `guide(...)` nor `step(...)`.
pub fn is_module(text: &str) -> bool {
    let engine = sandbox::engine(&crate::runtime::sandbox::Limits::default());
    match engine.compile(text) {
        Ok(ast) => declares_nothing(&Outline::of(&ast, text)),
        Err(_) => {
            let inputs = [text];
            let (tokens, _) = engine.lex(&inputs);
            let mut previous = None;
            for (token, _) in tokens.take(text.len() + 1) {
                if matches!(token, rhai::Token::EOF) {
                    break; // the tokenizer gives EOF forever after the end
                }
                let declares = matches!(token, rhai::Token::LeftParen)
                    && matches!(&previous, Some(rhai::Token::Identifier(name))
                        if name.as_str() == "guide" || name.as_str() == "step");
                if declares {
                    return false;
                }
                previous = Some(token);
            }
            true
        }
    }
}

/// A module's problems: it parsed (or its syntax error was reported), so what is left
/// is what it imports and its texts; what a guide needs (a declaration, steps) it has
/// none of, by design.
fn module_diagnostics(source: &Source, config: &Config, ast: &rhai::AST) -> Vec<Diagnostic> {
    let text = Text::new(&source.text);
    let mut report = Report::new(&source.name, &text);
    let imported = imports::imports(source, ast, &config.limits, true, &mut report);
    let mut out = report.into_diagnostics();
    out.extend(module_code(source, config, ast, &imported.modules));
    sort(&mut out);
    out.extend(imported_modules(source, config, &imported));
    out
}

/// The problems in a module's code, as a guide's functions are checked (what needs a
/// declaration or steps aside): its calls to the guide language, to its own functions
/// and to the modules it imports (`modules`), its texts, its prompts and methods.
fn module_code(
    source: &Source,
    config: &Config,
    ast: &rhai::AST,
    modules: &crate::runtime::modules::Modules,
) -> Vec<Diagnostic> {
    let outline = Outline::of(ast, &source.text);
    let text = Text::new(&source.text);
    let mut engine = sandbox::engine(&config.limits);
    for plugin in &config.plugins {
        plugin.install(&mut engine, &Run::default());
    }
    let cx = Context {
        text: &text,
        outline: &outline,
        facts: &outline.facts,
        known: Known::from_outline(&outline),
        functions: functions_of(&engine),
    };
    let mut report = Report::new(&source.name, &text);
    for f in cx.facts.fns.values() {
        prompts::prompts(&cx, &mut report, f, None);
        prompts::reveals(&cx, &mut report, f, None);
    }
    strings::quoted_templates(&cx, &mut report);
    escapes::written_escapes(&cx, &mut report);
    yes_no::each_as_yes_no(&cx, &mut report);
    chains::chained_on_nothing(&cx, &mut report);
    // A module's calls: to the guide language, its own functions and its modules'.
    names::named_calls(&cx, &mut report);
    module_calls::module_calls(ast, modules, &config.limits, &mut report);
    let mut out = report.into_diagnostics();
    sort(&mut out);
    out
}

fn sort(out: &mut Vec<Diagnostic>) {
    out.sort_by(|a, b| {
        (a.location.line, a.location.column, a.code).cmp(&(
            b.location.line,
            b.location.column,
            b.code,
        ))
    });
    out.dedup_by(|a, b| a.code == b.code && a.location == b.location && a.message == b.message);
}

/// Runs every rule over the guide, in an order that lets later rules see what earlier
/// ones reported (an unknown name already reported as an unknown role is not repeated).
fn run_rules(cx: &Context, out: &mut Report) {
    declaration::declaration(cx, out);
    declaration::duplicate_steps(cx, out);
    declaration::outside_steps(cx, out);
    let steps_of = steps_of_functions(cx.facts);
    let mut fns: Vec<&FnFacts> = cx.facts.fns.values().collect();
    fns.sort_by_key(|f| f.end_at);
    for f in fns {
        let step = steps_of.get(f.name.as_str()).map(String::as_str);
        flow::moves(cx, out, f, step);
        prompts::prompts(cx, out, f, step);
        prompts::reveals(cx, out, f, step);
        prompts::breaks(out, f, step);
    }
    names::unknown_names(cx, out);
    names::named_calls(cx, out);
    strings::quoted_templates(cx, out);
    escapes::written_escapes(cx, out);
    options::never_equal(cx, out);
    yes_no::each_as_yes_no(cx, out);
    chains::chained_on_nothing(cx, out);
    flow::step_ends(cx, out);
    flow::flow(cx, out);
}

/// The functions that only work inside a step (K0017).
pub fn step_only_functions() -> &'static [&'static str] {
    &STEP_ONLY
}
