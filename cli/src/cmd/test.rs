//! `kintsugi test`: scenario files run through their guides, each transcript compared
//! with the expected transcript stored beside the scenario (`name.scenario` →
//! `name.transcript.md`). Snapshot testing for authors who do not use cargo.
//!
//! A scenario passes when its answers fit the guide, the guide raises no error, and the
//! transcript is the expected one. A scenario whose answers stop before the guide ends
//! passes, and says so ("stops before the end, waiting for Sam", "at a break"):
//! stopping midway is often the point (a break, a session cut short), and the
//! transcript records where and how it stopped. `--require-end` makes it a failure
//! instead.

use crate::args::TestArgs;
use crate::guides;
use anstyle::{AnsiColor, Style};
use anyhow::Context;
use kintsugi_engine::{Format, OfferEnd, Scenario, Status};
use similar::{ChangeTag, TextDiff};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use walkdir::WalkDir;

/// The folder `kintsugi test` looks in when given none, if it exists.
pub const DEFAULT_FOLDER: &str = "tests/scenarios";

/// How one scenario went.
enum Verdict {
    Passed,
    Accepted(&'static str),
    /// Why; whether `--accept` would settle it (a new or changed transcript); and the
    /// lines of the transcript's diff that follow the why, if any.
    Failed(String, bool, Vec<DiffLine>),
}

/// A line of a diff, and its colour at a terminal (removed red, added green).
type DiffLine = (Option<AnsiColor>, String);

/// Runs `kintsugi test`.
pub fn run(args: TestArgs, out: &mut dyn std::io::Write) -> anyhow::Result<ExitCode> {
    let root = match &args.path {
        Some(path) => path.clone(),
        None if Path::new(DEFAULT_FOLDER).is_dir() => PathBuf::from(DEFAULT_FOLDER),
        None => PathBuf::from("."),
    };
    let files = if root.is_dir() {
        let mut found = find_scenarios(&root)?;
        found.sort();
        found
    } else if root.is_file() {
        vec![root.clone()]
    } else {
        anyhow::bail!("there is no file or folder at {}", root.display());
    };
    if files.is_empty() {
        writeln!(
            out,
            "No *.scenario files in {}. A scenario names a guide, the partners' names and the answers; see the README.",
            root.display()
        )?;
        return Ok(ExitCode::from(1));
    }
    // Colour only at a terminal, and never with NO_COLOR.
    let color = anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never;
    let color = |paint: Option<AnsiColor>| {
        paint
            .filter(|_| color)
            .map(|c| Style::new().fg_color(Some(c.into())))
    };
    writeln!(
        out,
        "Running {} {} from {}\n",
        files.len(),
        if files.len() == 1 {
            "scenario"
        } else {
            "scenarios"
        },
        root.display()
    )?;
    let (mut passed, mut failed, mut accepted, mut midway) = (0, 0, 0, 0);
    let mut acceptable = false;
    for file in &files {
        let (verdict, stopped) = check(file, &args);
        let stop_note = stopped
            .as_ref()
            .map(|where_| format!(" (stops before the end, {where_})"))
            .unwrap_or_default();
        if stopped.is_some() {
            midway += 1;
        }
        let name = file.display();
        match verdict {
            Verdict::Passed => {
                passed += 1;
                writeln!(out, "ok       {name}{stop_note}")?;
            }
            Verdict::Accepted(what) => {
                accepted += 1;
                writeln!(
                    out,
                    "accepted {name}{stop_note}: {what} {}",
                    expected_path(file).display()
                )?;
            }
            Verdict::Failed(why, transcript, diff) => {
                failed += 1;
                acceptable |= transcript;
                write!(out, "FAILED   {name}{stop_note}: {why}")?;
                for (paint, line) in diff {
                    write!(out, "\n    ")?;
                    crate::terminal::paint(out, color(paint), &line)?;
                }
                writeln!(out)?;
            }
        }
    }
    let mut summary = format!("\n{} passed, {} failed", passed, failed);
    if accepted > 0 {
        let _ = write!(summary, ", {accepted} accepted");
    }
    if midway > 0 {
        let _ = write!(
            summary,
            "; {midway} {} before the end of {} guide",
            if midway == 1 { "stops" } else { "stop" },
            if midway == 1 { "its" } else { "their" }
        );
    }
    writeln!(out, "{summary}.")?;
    if acceptable && !args.accept {
        writeln!(
            out,
            "If the new transcripts are right, record them with: {}",
            crate::store::command(&format!("test --accept {}", root.display()))
        )?;
    }
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Every `*.scenario` file under `dir`, skipping hidden folders and `target`.
fn find_scenarios(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let walk = WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .filter_entry(|entry| {
            let name = entry.file_name().to_string_lossy();
            entry.depth() == 0
                || !entry.file_type().is_dir()
                || !(name.starts_with('.') || name == "target")
        });
    let mut found = Vec::new();
    for entry in walk {
        let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
        let path = entry.path();
        if !entry.file_type().is_dir() && path.extension().is_some_and(|e| e == "scenario") {
            found.push(path.to_path_buf());
        }
    }
    Ok(found)
}

/// `name.scenario` → `name.transcript.md`, beside it.
pub fn expected_path(scenario: &Path) -> PathBuf {
    let stem = scenario
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    scenario.with_file_name(format!("{stem}.transcript.md"))
}

/// The guide a scenario names: a path relative to the scenario's folder first, then a
/// shipped guide's name.
fn resolve(guide: &str, scenario: &Path) -> anyhow::Result<kintsugi_engine::Source> {
    let beside = scenario.parent().unwrap_or(Path::new(".")).join(guide);
    if beside.is_file() {
        return guides::source(&beside.display().to_string());
    }
    if guides::is_shipped(guide) {
        return guides::source(guide);
    }
    anyhow::bail!(
        "guide: \"{guide}\" is neither a file beside the scenario ({}) nor a shipped guide (`{}`)",
        beside.display(),
        crate::store::command("list")
    )
}

/// Runs one scenario. Returns the verdict, and where it stopped when that is before
/// the guide's end ("waiting for Sam", "at a break").
fn check(file: &Path, args: &TestArgs) -> (Verdict, Option<String>) {
    let name = file.display().to_string();
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) => {
            return (
                Verdict::Failed(format!("cannot read it: {e}"), false, Vec::new()),
                None,
            );
        }
    };
    let mut scenario = match Scenario::parse(&name, &text) {
        Ok(s) => s,
        Err(e) => return (Verdict::Failed(e.to_string(), false, Vec::new()), None),
    };
    if let Some(history) = &scenario.history_file {
        match crate::cmd::explore::given_history(&file.with_file_name(history)) {
            Ok(given) => scenario.history = std::sync::Arc::new(given),
            Err(e) => return (Verdict::Failed(format!("{e:#}"), false, Vec::new()), None),
        }
    }
    let source = match resolve(&scenario.guide, file) {
        Ok(source) => source,
        Err(e) => return (Verdict::Failed(format!("{e:#}"), false, Vec::new()), None),
    };
    let guide = match guides::load(&source) {
        Ok(guide) => guide,
        Err(e) => {
            let report = crate::report::guide_error(&e, &source);
            return (
                Verdict::Failed(
                    format!("its guide does not load:\n{}", indent(&report)),
                    false,
                    Vec::new(),
                ),
                None,
            );
        }
    };
    let played = match scenario.play(&name, guide) {
        Ok(played) => played,
        Err(e) => {
            return (
                Verdict::Failed(
                    format!("the answers do not fit the guide:\n    {e}"),
                    false,
                    Vec::new(),
                ),
                None,
            );
        }
    };
    let actual = played.transcript().render(Format::Markdown);
    let session = &played.session;
    // Where it stopped before the guide's end: a break, a conversation ended by
    // Kintsugi's offer (a disclosure: as the shared screen says it, without why), or
    // answers that ran out.
    let stopped = match (session.status(), played.ended) {
        (Status::Failed(_), _) => None,
        (_, Some(OfferEnd::Break { .. })) => Some("at a break".to_string()),
        (_, Some(OfferEnd::Hold | OfferEnd::Lighter)) => {
            Some("where the conversation was ended".to_string())
        }
        (Status::Awaiting(prompt), _) => {
            Some(format!("waiting for {}", session.name_of(&prompt.to)))
        }
        _ => None,
    };
    let mut problems = Vec::new();
    let mut transcript_problem = false;
    let mut differences = Vec::new();
    if let Status::Failed(err) = session.status() {
        problems.push(format!("the guide stopped with an error: {err}"));
    }
    if args.require_end && stopped.is_some() {
        problems.push("its answers stop before the guide ends (--require-end)".to_string());
    }
    let expected_file = expected_path(file);
    let expected = std::fs::read_to_string(&expected_file)
        .ok()
        .map(|t| t.replace("\r\n", "\n"));
    let shown = expected_file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let verdict = match expected {
        Some(expected) if expected == actual => None,
        Some(expected) => {
            if args.accept {
                Some(write_expected(&expected_file, &actual, "updated"))
            } else {
                transcript_problem = true;
                problems.push(format!("the transcript differs from {shown}:"));
                differences = diff(&expected, &actual, &shown);
                None
            }
        }
        None => {
            if args.accept {
                Some(write_expected(&expected_file, &actual, "recorded"))
            } else {
                transcript_problem = true;
                problems.push(format!(
                    "there is no expected transcript {shown} yet; run `{}` to record this one",
                    crate::store::command(&format!("test --accept {name}"))
                ));
                None
            }
        }
    };
    let verdict = match (problems.is_empty(), verdict) {
        (false, _) => Verdict::Failed(problems.join("\n    "), transcript_problem, differences),
        (true, Some(v)) => v,
        (true, None) => Verdict::Passed,
    };
    (verdict, stopped)
}

fn write_expected(path: &Path, text: &str, what: &'static str) -> Verdict {
    match std::fs::write(path, text) {
        Ok(()) => Verdict::Accepted(what),
        Err(e) => Verdict::Failed(
            format!("cannot write {}: {e}", path.display()),
            false,
            Vec::new(),
        ),
    }
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A unified line diff, with the colour of each line at a terminal (written indented).
fn diff(expected: &str, actual: &str, name: &str) -> Vec<DiffLine> {
    let diff = TextDiff::from_lines(expected, actual);
    let mut lines = vec![
        (None, format!("--- expected ({name})")),
        (None, "+++ actual".to_string()),
    ];
    for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
        lines.push((None, hunk.header().to_string()));
        for change in hunk.iter_changes() {
            let (sign, paint) = match change.tag() {
                ChangeTag::Delete => ('-', Some(AnsiColor::Red)),
                ChangeTag::Insert => ('+', Some(AnsiColor::Green)),
                ChangeTag::Equal => (' ', None),
            };
            let line = change.value().trim_end_matches('\n');
            lines.push((paint, format!("{sign}{line}")));
        }
    }
    // No blank end: the report goes on after it.
    while lines.last().is_some_and(|(_, l)| l.trim_end().is_empty()) {
        lines.pop();
    }
    if let Some((_, last)) = lines.last_mut() {
        last.truncate(last.trim_end().len());
    }
    lines
}
