//! `kintsugi check`: every problem in one or more guides that can be found without
//! running a session, each with its code (see `docs/checks.md`), place and the source
//! line underlined; or one line each (`--format short`), or JSON for tools.
//!
//! A `.toml` file is read as a program (phases of guides over weeks) and checked as one.
//!
//! Exit status: 0 when nothing was found, 1 when there are warnings only, 2 when there is
//! an error (or a file cannot be read).

use crate::args::{CheckArgs, CheckFormat};
use crate::{guides, programs};
use kintsugi_engine::{Code, Config, Diagnostic, Location, Program, Severity, Source, check};
use serde_json::json;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// One guide to check, or why it could not be read.
struct Checked {
    name: String,
    source: Option<Source>,
    diagnostics: Vec<Diagnostic>,
}

/// Runs `kintsugi check`.
pub fn run(args: CheckArgs, out: &mut dyn std::io::Write) -> anyhow::Result<ExitCode> {
    let mut checked = Vec::new();
    for path in &args.paths {
        for target in expand(path) {
            checked.push(check_one(&target));
        }
    }
    // A module's problems found through a guide that imports it are said once: with the
    // module when it is checked too, else with the first guide that imports it.
    let names: HashSet<String> = checked.iter().map(|c| c.name.clone()).collect();
    let mut said = HashSet::new();
    for c in &mut checked {
        let name = c.name.clone();
        c.diagnostics.retain(|d| {
            let file = &d.location.file;
            file == &name
                || (!names.contains(file)
                    && said.insert((
                        file.clone(),
                        d.location.line,
                        d.location.column,
                        d.code,
                        d.message.clone(),
                    )))
        });
    }
    let all: Vec<&Diagnostic> = checked.iter().flat_map(|c| &c.diagnostics).collect();
    let errors = all.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = all.len() - errors;
    let text = match args.format {
        CheckFormat::Human => human(&checked, errors, warnings),
        CheckFormat::Short => all.iter().map(|d| format!("{d}\n")).collect(),
        CheckFormat::Json => {
            let document = json!({
                "guides": checked.iter().map(|c| &c.name).collect::<Vec<_>>(),
                "diagnostics": all.iter().map(|d| to_json(d)).collect::<Vec<_>>(),
                "errors": errors,
                "warnings": warnings,
            });
            format!("{}\n", serde_json::to_string_pretty(&document)?)
        }
    };
    out.write_all(text.as_bytes())?;
    Ok(ExitCode::from(if errors > 0 {
        2
    } else if warnings > 0 {
        1
    } else {
        0
    }))
}

/// A path argument as the files it names: a folder's `.rhai` and `.toml` files (sorted),
/// or itself.
fn expand(path: &str) -> Vec<String> {
    let dir = Path::new(path);
    if !dir.is_dir() {
        return vec![path.to_string()];
    }
    // One level only, as documented: walkdir would add nothing to a plain listing.
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.is_file() && p.extension().is_some_and(|x| x == "rhai" || x == "toml")
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files.into_iter().map(|p| p.display().to_string()).collect()
}

fn check_one(target: &str) -> Checked {
    if target.ends_with(".toml") {
        return check_program(target);
    }
    match guides::source(target) {
        Ok(source) => Checked {
            name: source.name.clone(),
            diagnostics: check(&source, &Config::default()),
            source: Some(source),
        },
        Err(err) => unreadable(target, &format!("{err:#}")),
    }
}

fn unreadable(target: &str, why: &str) -> Checked {
    Checked {
        name: target.to_string(),
        source: None,
        diagnostics: vec![Diagnostic {
            code: Code::Unreadable,
            severity: Code::Unreadable.severity(),
            message: why.replace('\n', " "),
            location: Location {
                file: target.to_string(),
                line: 1,
                column: 1,
            },
            length: 1,
            label: String::new(),
            help: None,
            step: None,
            related: Vec::new(),
        }],
    }
}

/// A program file: the mistakes `kintsugi next --program` would stop on (K0040), by the
/// same reading.
fn check_program(target: &str) -> Checked {
    let text = match std::fs::read_to_string(target) {
        Ok(text) => text,
        Err(err) => return unreadable(target, &format!("cannot read {target}: {err}")),
    };
    let errors = match Program::parse(&text) {
        Ok(program) => program.unknown_guides(programs::exists),
        Err(err) => vec![err],
    };
    let diagnostics = errors
        .iter()
        .map(|e| {
            let (line, column) = e.line_column(&text).unwrap_or((1, 1));
            let length = e.span.as_ref().map_or(1, |span| {
                let end = span.end.min(text.len());
                let start = span.start.min(end);
                text[start..end]
                    .lines()
                    .next()
                    .map_or(1, |l| l.chars().count().max(1))
            });
            Diagnostic {
                code: Code::Program,
                severity: Code::Program.severity(),
                message: e.message.clone(),
                location: Location {
                    file: target.to_string(),
                    line,
                    column,
                },
                length,
                label: "here".into(),
                help: Some(e.help.clone()),
                step: None,
                related: Vec::new(),
            }
        })
        .collect();
    Checked {
        name: target.to_string(),
        source: Some(Source::new(target, text)),
        diagnostics,
    }
}

fn is_module(c: &Checked) -> bool {
    c.source
        .as_ref()
        .is_some_and(|s| kintsugi_engine::check::is_module(&s.text))
}

fn is_program(c: &Checked) -> bool {
    c.name.ends_with(".toml")
}

fn human(checked: &[Checked], errors: usize, warnings: usize) -> String {
    let mut out = String::new();
    for c in checked {
        for d in &c.diagnostics {
            match &c.source {
                Some(source) => {
                    let _ = writeln!(out, "{}", crate::report::diagnostic(d, source));
                }
                None => {
                    let _ = writeln!(
                        out,
                        "{}[{}]: {}: {}\n",
                        d.severity, d.code, c.name, d.message
                    );
                }
            }
        }
    }
    let counted = |n: usize, what: &str| match n {
        0 => format!("no {what}s"),
        1 => format!("1 {what}"),
        n => format!("{n} {what}s"),
    };
    for c in checked {
        let e = c
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let w = c.diagnostics.len() - e;
        let (module, program) = (is_module(c), is_program(c));
        let _ = if e + w == 0 && program {
            writeln!(out, "{}: ok (a program)", c.name)
        } else if e + w == 0 && module {
            writeln!(out, "{}: ok (a module)", c.name)
        } else if e + w == 0 {
            writeln!(out, "{}: ok", c.name)
        } else {
            writeln!(
                out,
                "{}: {}, {}",
                c.name,
                counted(e, "error"),
                counted(w, "warning")
            )
        };
    }
    if checked.len() > 1 {
        // What was checked, by kind: "3 guides and 1 module checked".
        let kinds = [
            ("guide", false, false),
            ("module", true, false),
            ("program", false, true),
        ];
        let parts: Vec<String> = kinds
            .iter()
            .map(|(what, module, program)| {
                let n = checked
                    .iter()
                    .filter(|c| (is_module(c), is_program(c)) == (*module, *program))
                    .count();
                (n, what)
            })
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| counted(n, what))
            .collect();
        let what = match parts.as_slice() {
            [rest @ .., last] if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => parts.concat(),
        };
        let _ = writeln!(
            out,
            "{what} checked: {}, {}.",
            counted(errors, "error"),
            counted(warnings, "warning")
        );
    }
    out
}

/// A diagnostic for tools. The field names are stable: code, severity, message, file,
/// line, column, help; and also end_column (where the underline ends, on the same line),
/// step and related (other places, each with file, line, column and label).
fn to_json(d: &Diagnostic) -> serde_json::Value {
    json!({
        "code": d.code.id(),
        "severity": d.severity.as_str(),
        "message": d.message,
        "file": d.location.file,
        "line": d.location.line,
        "column": d.location.column,
        "end_column": d.location.column + d.length.max(1),
        "help": d.help,
        "step": d.step,
        "related": d.related.iter().map(|r| json!({
            "file": r.location.file,
            "line": r.location.line,
            "column": r.location.column,
            "label": r.label,
        })).collect::<Vec<_>>(),
    })
}
