//! `kintsugi explore`: a guide played down every path, and what was found on the way:
//! coverage, errors with the answers that reproduce them, steps that cannot finish.

use crate::args::{ExploreArgs, ReportFormat};
use crate::guides;
use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use kintsugi_engine::explore::shorten;
use kintsugi_engine::explore::{Answered, Exploration, Explorer, Options, WalkEnd};
use kintsugi_engine::{Format, Guide, Session, Setup, Transcript, Viewer};
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// What `explore` and `graph` share: the guide explored with the given limits, with a
/// progress bar on standard error when it is a terminal.
pub struct Explored {
    /// The guide, loaded once.
    pub guide: Guide,
    pub setup: Setup,
    pub exploration: Exploration,
    pub elapsed: Duration,
}

/// How far to explore, and with whom.
pub struct Limits {
    pub max_paths: usize,
    pub max_depth: usize,
    pub max_rounds: usize,
    pub random: Option<usize>,
    pub seed: u64,
    pub names: Option<String>,
    pub threads: Option<usize>,
    pub keep_paths: bool,
    /// A file holding the couple's history the guide is given (none without one).
    pub history: Option<std::path::PathBuf>,
}

/// Reads a couple's history from a JSON file (`--history`, a scenario's `history:`),
/// in the form a journal keeps it (`kintsugi_engine::CoupleHistory`).
pub fn given_history(file: &Path) -> anyhow::Result<kintsugi_engine::CoupleHistory> {
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("cannot read the history {}", file.display()))?;
    kintsugi_engine::CoupleHistory::from_json(&text)
        .with_context(|| format!("the history {} cannot be read", file.display()))
}

/// Loads and explores a guide (a name or a path); a guide that does not load, or fails
/// to explore, is an error with its report.
pub fn explored(guide_arg: &str, limits: &Limits) -> anyhow::Result<Explored> {
    let (source, guide) = guides::open(guide_arg)?;
    let decl = guide.declaration().clone();
    let names = match &limits.names {
        Some(list) => crate::names::parse(list, &decl)?,
        None => crate::names::made_up(&decl),
    };
    let history = match &limits.history {
        Some(file) => given_history(file)?,
        None => Default::default(),
    };
    let setup = Setup {
        names,
        seed: limits.seed,
        history: std::sync::Arc::new(history),
    };
    let options = Options {
        max_paths: limits.max_paths,
        max_depth: limits.max_depth,
        max_rounds: limits.max_rounds,
        random: limits.random,
        seed: limits.seed,
        threads: limits.threads.unwrap_or(0),
        keep_paths: limits.keep_paths,
    };
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} exploring {bar:30} {pos}/{len} paths, {msg} ({elapsed})",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let started = Instant::now();
    let result = Explorer::new(source.clone(), setup.clone())
        .options(options)
        .on_progress(|p| {
            bar.set_length(p.planned as u64);
            bar.set_position(p.runs as u64);
            bar.set_message(format!("{} states", p.states));
        })
        .run();
    bar.finish_and_clear();
    let elapsed = started.elapsed();
    let exploration = result.map_err(|err| crate::report::guide_failure(&err, &source))?;
    Ok(Explored {
        guide,
        setup,
        exploration,
        elapsed,
    })
}

/// Runs `kintsugi explore`.
pub fn run(args: ExploreArgs, out: &mut dyn std::io::Write) -> anyhow::Result<ExitCode> {
    let limits = Limits {
        max_paths: args.max_paths,
        max_depth: args.max_depth,
        max_rounds: args.max_rounds,
        random: args.random,
        seed: args.seed,
        names: args.names.clone(),
        threads: args.threads,
        keep_paths: args.transcripts.is_some(),
        history: args.history.clone(),
    };
    let Explored {
        guide,
        setup,
        exploration,
        elapsed,
    } = explored(&args.guide, &limits)?;
    let written = match &args.transcripts {
        Some(dir) => Some(write_transcripts(dir, guide, &setup, &exploration)?),
        None => None,
    };
    match args.format {
        ReportFormat::Text => {
            write!(out, "{}", text_report(&args.guide, &exploration, elapsed))?;
            if let (Some(dir), Some(count)) = (&args.transcripts, written) {
                writeln!(
                    out,
                    "\nWrote {count} {} to {}.",
                    plural(count, "transcript", "transcripts"),
                    dir.display()
                )?;
            }
        }
        ReportFormat::Json => writeln!(out, "{}", json_report(&args.guide, &exploration))?,
    }
    let cut = !exploration.complete() && !args.allow_cut;
    Ok(if exploration.has_problems() || cut {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// One Markdown transcript per path, named by its number and how it ended.
fn write_transcripts(
    dir: &Path,
    guide: Guide,
    setup: &Setup,
    exploration: &Exploration,
) -> anyhow::Result<usize> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let width = exploration.walked.len().to_string().len().max(3);
    let mut guide = Some(guide);
    for (i, path) in exploration.walked.iter().enumerate() {
        let Some(loaded) = guide.take() else { break };
        let session = Session::replay(loaded, setup.clone(), path.answers.clone())?;
        let end = match path.end {
            WalkEnd::Finished => "finished",
            WalkEnd::Failed => "error",
            WalkEnd::Joined => "joins",
            WalkEnd::Cut => "cut",
        };
        let file = dir.join(format!("path-{:0width$}-{end}.md", i + 1));
        let text = Transcript::new(&session, Viewer::Journal)
            .note(kintsugi_engine::safety_data::AUTHOR_NOTE)
            .render(Format::Markdown);
        std::fs::write(&file, text).with_context(|| format!("cannot write {}", file.display()))?;
        guide = Some(session.guide().clone());
    }
    Ok(exploration.walked.len())
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// A rate: whole under 10 only with a tenth ("0.5", "1.0": never "1 paths" nor "0
/// paths" for a slow guide), else whole ("1,533").
fn per_second(runs: usize, seconds: f64) -> String {
    let rate = runs as f64 / seconds.max(1e-9);
    if rate < 9.95 {
        format!("{rate:.1}")
    } else {
        count(rate.round() as usize)
    }
}

/// A search cut with no loop to blame: the prompts whose answers lead apart most are
/// what multiplies the states, each way by the ways of the others.
fn multiplying(out: &mut String, x: &Exploration) {
    let mut apart: Vec<&kintsugi_engine::explore::PromptCoverage> =
        x.prompts.iter().filter(|p| p.outcomes > 1).collect();
    apart.sort_by_key(|p| std::cmp::Reverse(p.outcomes));
    apart.truncate(4);
    if apart.len() < 2 {
        return;
    }
    let product = apart
        .iter()
        .fold(1usize, |n, p| n.saturating_mul(p.outcomes));
    let _ = writeln!(
        out,
        "
What multiplies the states (no loop was found): {}; {} ways together. Keep fewer answers apart (remember a value only where it matters, or group a scale's values), or sample paths with --random N.",
        apart
            .iter()
            .map(|p| format!(
                "line {} ({}: {}) leads {} ways",
                p.line,
                p.who,
                shorten(&p.text, 40),
                count(p.outcomes)
            ))
            .collect::<Vec<_>>()
            .join(", "),
        count(product)
    );
}

/// 12,345
fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A word as a shell would read it back: quoted when it holds anything unusual.
pub fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=,:@+".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// The command that replays a path's answers from a file: an author's run, which keeps
/// nothing and places no hold (a path through a disclosure would place one).
pub fn reproduce_command(guide: &str, exploration: &Exploration, file: &str) -> String {
    let names: Vec<String> = exploration
        .names
        .iter()
        .map(|(role, name)| format!("{role}={name}"))
        .collect();
    crate::store::command(&format!(
        "run {} --names {} --seed {} --author --answers {}",
        shell_word(guide),
        shell_word(&names.join(",")),
        exploration.seed,
        shell_word(file)
    ))
}

/// The lines of an answers file for a path.
pub fn answers_file(answers: &[Answered]) -> String {
    answers.iter().map(|a| format!("{}\n", a.line)).collect()
}

fn answer_list(out: &mut String, answers: &[Answered], indent: &str) {
    if answers.is_empty() {
        let _ = writeln!(out, "{indent}(before any answer)");
    }
    for (i, a) in answers.iter().enumerate() {
        let _ = writeln!(
            out,
            "{indent}{:>2}. [{}] {}: {} → {}",
            i + 1,
            a.step,
            a.who,
            shorten(&a.prompt, 60),
            shorten(&a.value.to_string(), 60)
        );
    }
}

/// The report for people.
pub fn text_report(guide: &str, x: &Exploration, elapsed: Duration) -> String {
    let mut out = String::new();
    let names: Vec<String> = x
        .names
        .iter()
        .map(|(role, name)| format!("{name} ({role})"))
        .collect();
    let _ = writeln!(
        out,
        "Explored {} (\"{}\") with {}, seed {}.",
        x.file,
        x.title,
        names.join(" and "),
        x.seed
    );
    let _ = writeln!(
        out,
        "Time: {:.2} s, {} paths per second.\n",
        elapsed.as_secs_f64(),
        per_second(x.runs, elapsed.as_secs_f64())
    );
    match x.random {
        None => {
            let _ = writeln!(
                out,
                "{} {} played, {} distinct {} found: {} reached the end, {} ended in an error, {} joined a state already explored{}.",
                count(x.runs),
                plural(x.runs, "path", "paths"),
                count(x.states),
                plural(x.states, "state", "states"),
                count(x.finished),
                count(x.failed),
                count(x.joined),
                if x.states > 0 {
                    format!(", and {} went on to a new state", count(x.states))
                } else {
                    String::new()
                },
            );
        }
        Some(n) => {
            let _ = writeln!(
                out,
                "{} random {} (seed {}), preferring the answers taken least; {} distinct {} seen. {} reached the end, {} ended in an error.",
                count(n),
                plural(n, "playthrough", "playthroughs"),
                x.seed,
                count(x.states),
                plural(x.states, "state", "states"),
                count(x.finished),
                count(x.failed),
            );
        }
    }
    if let Some(cut) = &x.cut {
        let mut why = Vec::new();
        if cut.untried > 0 {
            why.push(format!(
                "--max-paths {} left {} {} untried",
                count(cut.max_paths),
                count(cut.untried),
                plural(cut.untried, "path", "paths")
            ));
        }
        if cut.too_deep > 0 {
            why.push(format!(
                "--max-depth {} stopped {} {} at {} answers",
                cut.max_depth,
                count(cut.too_deep),
                plural(cut.too_deep, "path", "paths"),
                cut.max_depth
            ));
        }
        if cut.too_many_rounds > 0 {
            why.push(format!(
                "--max-rounds {} stopped {} {} that would ask one question more than {} times",
                cut.max_rounds,
                count(cut.too_many_rounds),
                plural(cut.too_many_rounds, "path", "paths"),
                cut.max_rounds
            ));
        }
        let _ = writeln!(
            out,
            "\nNote: the search was cut short: {}. Everything below is about the part explored; a path that was cut counts as one that may still finish. Raise the limits to see more{}.",
            why.join("; "),
            if x.random.is_none() {
                ", or try --random N"
            } else {
                ""
            }
        );
        if x.unbounded.is_none() {
            multiplying(&mut out, x);
        }
        if let Some(u) = &x.unbounded {
            let why = if u.growing.is_empty() {
                let lines = u.in_step.clone().unwrap_or_default();
                format!(
                    "nothing remembered changes between rounds, but the answers given in step \"{}\" pile up{}",
                    u.step,
                    match lines.as_slice() {
                        [] => String::new(),
                        [one] => format!(": does the loop at line {one} ever end?"),
                        many => format!(
                            ": does one of its loops (lines {}) ever end?",
                            many.iter()
                                .map(|l| l.to_string())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    }
                )
            } else {
                u.growing
                    .iter()
                    .map(|(key, values)| format!("\"{key}\" goes {}", values.join(", ")))
                    .collect::<Vec<_>>()
                    .join("; ")
                    + " and never comes back to a value seen before"
            };
            let (path, cap) = match u.by_rounds {
                true => (
                    "on the first path that went round more than --max-rounds allows",
                    " If the loop does end after more rounds, raise --max-rounds.",
                ),
                false => ("on the deepest path", ""),
            };
            let _ = writeln!(
                out,
                "\nA loop that may never end: line {} (step \"{}\") asks \"{}\" {} times {path} ({} answers, where the search stopped); {}{} Cap the rounds (a counter with a limit) or make the rounds alike, so that the search can end.{cap}",
                u.line,
                u.step,
                shorten(&u.text, 60),
                u.rounds,
                u.answers_on_path,
                why,
                // A reason that ends in a question needs no full stop after it.
                if why.ends_with('?') { "" } else { "." },
            );
        }
    } else if x.random.is_some() {
        let _ = writeln!(
            out,
            "\nNote: random playthroughs are a sample, not every path; answers never tried count as ones that may still finish."
        );
    } else {
        let _ = writeln!(out, "Every path was followed to its end.");
    }

    // Coverage.
    let reached = x.steps.iter().filter(|s| s.reached).count();
    let answers: usize = x.prompts.iter().map(|p| p.answers.len()).sum();
    let tried: usize = x.prompts.iter().map(|p| p.tried()).sum();
    let _ = writeln!(
        out,
        "\nCoverage: {}. {reached} of {} steps reached; {} of {} answers tried at {} {}.",
        if x.full_coverage() { "full" } else { "partial" },
        x.steps.len(),
        count(tried),
        count(answers),
        count(x.prompts.len()),
        plural(x.prompts.len(), "prompt", "prompts"),
    );
    let taken = x.branches.iter().filter(|b| b.taken).count();
    let _ = writeln!(
        out,
        "Branches: {taken} of {} taken (every if and else, switch arm, loop body and loop exit).",
        x.branches.len()
    );
    for b in x.branches.iter().filter(|b| !b.taken) {
        let _ = writeln!(
            out,
            "  never taken: {}:{}:{}: {}{}",
            x.file,
            b.line,
            b.column,
            match b.kind.as_str() {
                "if" => "the body of this if (its condition was never true)",
                "else" => "this else (its if's condition was never false)",
                "no else" => "the way past this if (its condition was never false)",
                "switch arm" => "this switch arm",
                "loop body" => "this loop's body (never entered)",
                "loop exit" => "the way out of this loop (never left)",
                other => other,
            },
            b.step
                .as_ref()
                .map_or(String::new(), |s| format!(" (step \"{s}\")"))
        );
    }
    let width = x.steps.iter().map(|s| s.step.len()).max().unwrap_or(0);
    let _ = writeln!(out, "\nSteps:");
    for s in &x.steps {
        let mut notes = Vec::new();
        if !s.reached {
            notes.push("never reached".to_string());
        } else if s.states == 0 {
            // Its states are where it waits for an answer: it asks nothing.
            notes.push("reached, asks nothing".to_string());
        } else {
            notes.push(format!(
                "{} {}",
                count(s.states),
                plural(s.states, "state", "states")
            ));
        }
        if s.errors > 0 {
            notes.push(format!(
                "{} {}",
                s.errors,
                plural(s.errors, "error", "errors")
            ));
        }
        if s.stuck > 0 {
            notes.push(format!("{} cannot finish", s.stuck));
        }
        let _ = writeln!(
            out,
            "  {:width$}  line {:<4} {}",
            s.step,
            s.line,
            notes.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "\nPrompts (answers tried of answers; → how many different ways they led):"
    );
    for p in &x.prompts {
        let kind = match &p.kind {
            kintsugi_engine::PromptKind::Text => "text".to_string(),
            kintsugi_engine::PromptKind::Choice { .. } => "choice".to_string(),
            kintsugi_engine::PromptKind::ChooseMany { min, max, .. } => {
                format!("pick {}", kintsugi_engine::how_many(*min, *max))
            }
            kintsugi_engine::PromptKind::Scale { min, max } => format!("scale {min}–{max}"),
            kintsugi_engine::PromptKind::YesNo => "yes/no".to_string(),
        };
        let untried: Vec<String> = p
            .answers
            .iter()
            .filter(|a| !a.tried)
            .map(|a| a.value.to_string())
            .collect();
        let rounds = if p.rounds > 1 {
            format!(" ({} rounds)", count(p.rounds))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  {:width$} line {:<4} {:<12} {:>3}/{:<3} {:<11} → {} {}  {}{rounds}",
            p.step,
            p.line,
            shorten(&p.who, 12),
            p.tried(),
            p.answers.len(),
            kind,
            p.outcomes,
            plural(p.outcomes, "way ", "ways"),
            shorten(&p.text, 56),
        );
        if !untried.is_empty() {
            let _ = writeln!(
                out,
                "  {:width$}    not tried: {}",
                "",
                shorten(&untried.join(", "), 70)
            );
        }
    }
    let _ = writeln!(out, "\nPartners:");
    for p in &x.partners {
        let who = match &p.role {
            Some(role) => format!("{} ({role})", p.who),
            None => format!("{}, together", p.who),
        };
        let _ = writeln!(
            out,
            "  {who}: {} {}, {} of {} answers tried",
            p.prompts,
            plural(p.prompts, "prompt", "prompts"),
            count(p.tried),
            count(p.answers)
        );
    }

    // Problems.
    if x.errors.is_empty() {
        let _ = writeln!(out, "\nErrors: none.");
    } else {
        let _ = writeln!(out, "\nErrors: {}.", x.errors.len());
        for (i, e) in x.errors.iter().enumerate() {
            let n = i + 1;
            let _ = writeln!(out, "\nerror {n}: {}", e.error);
            if let Some(p) = &e.after_private {
                let _ = writeln!(
                    out,
                    "  It follows {}'s private answer \"{}\" to \"{}\" (line {}): the other partner sees it where another answer goes on. Check the answer before using it.",
                    p.who,
                    shorten(&p.answer.to_string(), 40),
                    shorten(&p.prompt, 60),
                    p.line
                );
            }
            let _ = writeln!(
                out,
                "  Reached by {} {}; the shortest takes {} {}:",
                count(e.paths),
                plural(e.paths, "path", "paths"),
                e.answers.len(),
                plural(e.answers.len(), "answer", "answers")
            );
            answer_list(&mut out, &e.answers, "  ");
            let file = format!("error-{n}.answers");
            let _ = writeln!(
                out,
                "  To reproduce it, write the answers file and run the guide with it:\n"
            );
            let _ = write!(
                out,
                "cat > {file} <<'ANSWERS'\n{}ANSWERS\n{}\n",
                answers_file(&e.answers),
                reproduce_command(guide, x, &file)
            );
        }
    }
    if x.leaks.is_empty() {
        let errors: Vec<String> = (1..=x.errors.len())
            .filter(|&n| x.errors[n - 1].after_private.is_some())
            .map(|n| n.to_string())
            .collect();
        let _ = writeln!(
            out,
            "\nPrivate answers: none shows before it is revealed{}{}.",
            match errors.len() {
                0 => String::new(),
                1 => format!(", but for error {} above", errors[0]),
                _ => format!(", but for errors {} above", errors.join(", ")),
            },
            if x.privacy_complete {
                ""
            } else {
                " (in the part compared: the comparison was cut short)"
            }
        );
    } else {
        let _ = writeln!(
            out,
            "\nPrivate answers that show before they are revealed: {}.",
            x.leaks.len()
        );
        for (i, l) in x.leaks.iter().enumerate() {
            // "line 7", or "line 7 of talk.rhai" when a module's code shows it.
            let place = |s: &kintsugi_engine::explore::Sight| match &s.module {
                Some(module) => format!(
                    "line {} of {}",
                    s.line,
                    std::path::Path::new(module)
                        .file_name()
                        .map_or(module.clone(), |f| f.to_string_lossy().into_owned())
                ),
                None => format!("line {}", s.line),
            };
            let lines = match l.sights.each_ref().map(place) {
                [a, b] if a != b => match (a.strip_prefix("line "), b.strip_prefix("line ")) {
                    (Some(a), Some(b)) if !a.contains(' ') && !b.contains(' ') => {
                        format!("lines {a} and {b}")
                    }
                    _ => format!("{a} and {b}"),
                },
                [a, _] => a,
            };
            let _ = writeln!(
                out,
                "\nleak {}: {}:{}: {}'s private answer to \"{}\" changes what {} sees, at {lines}:",
                i + 1,
                x.file,
                l.line,
                l.who,
                shorten(&l.prompt, 60),
                l.seen_by,
            );
            let texts = apart(&l.sights[0].text, &l.sights[1].text, 100);
            for ((answer, sight), text) in l.answers.iter().zip(&l.sights).zip(&texts) {
                let moved = match (sight.moved_at, sight.decided_at) {
                    (Some(next), Some(decided)) if decided != next => {
                        format!(", moved to by line {next}, as decided at line {decided}")
                    }
                    (Some(next), _) => format!(", moved to by line {next}"),
                    (None, _) => String::new(),
                };
                let _ = writeln!(
                    out,
                    "  after \"{}\", {} sees at {} (step \"{}\"{moved}): {}",
                    shorten(&answer.to_string(), 40),
                    l.seen_by,
                    place(sight),
                    sight.step,
                    text
                );
            }
            let _ = writeln!(out, "  The answers of the second path:");
            answer_list(&mut out, &l.paths[1], "  ");
            if l.steered {
                let _ = writeln!(
                    out,
                    "  Its prompt is marked #{{ steers: true }}: that lets what comes next depend on the answer, not show its words to {}.",
                    l.seen_by
                );
            }
        }
        let _ = writeln!(
            out,
            "\n  Until a private answer is revealed, nothing the other partner sees may depend on it. Reveal it first, or, where the answer is meant to steer what both see (both privately say they are ready), mark its prompt #{{ steers: true }}."
        );
    }
    offers_report(&mut out, x);
    if !x.steered.is_empty() {
        let _ = writeln!(
            out,
            "\nPrivate answers the guide lets steer what both see (#{{ steers: true }}):"
        );
        for s in &x.steered {
            let _ = writeln!(
                out,
                "  line {} (step \"{}\"): {}: {}",
                s.line,
                s.step,
                s.who,
                shorten(&s.prompt, 60)
            );
        }
    }
    if x.stuck.is_empty() {
        let _ = writeln!(out, "\nSteps that cannot reach a finish: none.");
    } else {
        let _ = writeln!(
            out,
            "\nSteps that cannot reach a finish: {}.",
            x.stuck.len()
        );
        for s in &x.stuck {
            let _ = writeln!(
                out,
                "\n  {} ({} of its {} {}): no finish can be reached from there ({}). Reached by:",
                s.step,
                count(s.states),
                count(s.of),
                plural(s.of, "state", "states"),
                if s.in_loop {
                    "a loop with no way out"
                } else {
                    "every way on leads into a loop with no way out, or to an error"
                }
            );
            answer_list(&mut out, &s.answers, "  ");
        }
    }
    if x.loops.is_empty() {
        let _ = writeln!(out, "\nLoops with no way out: none.");
    } else {
        let _ = writeln!(out, "\nLoops with no way out: {}.", x.loops.len());
        for l in &x.loops {
            let steps = if l.steps.len() > 8 {
                format!("{} … ({} steps)", l.steps[..6].join(" → "), l.steps.len())
            } else {
                l.steps.join(" → ")
            };
            let _ = writeln!(
                out,
                "\n  round {steps} ({} {}); entered by:",
                count(l.states),
                plural(l.states, "state", "states")
            );
            answer_list(&mut out, &l.answers, "  ");
        }
    }
    out
}

/// Kintsugi's own offers the paths met, each way through them with how it ends.
/// Two different texts shortened to `width` so that they still read differently: from
/// a little before where they part, when what fits of each would be the same.
fn apart(a: &str, b: &str, width: usize) -> [String; 2] {
    let short = [shorten(a, width), shorten(b, width)];
    if short[0] != short[1] {
        return short;
    }
    let same = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let from = same.saturating_sub(width / 3);
    [a, b].map(|t| {
        format!(
            "…{}",
            shorten(&t.chars().skip(from).collect::<String>(), width)
        )
    })
}

fn offers_report(out: &mut String, x: &Exploration) {
    if x.offers.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\nKintsugi's own offers on the way, as `run` and scenarios ask them: {}.",
        x.offers.len()
    );
    for o in &x.offers {
        let values: Vec<String> = o
            .values
            .iter()
            .map(|v| format!("\"{}\"", shorten(&v.to_string(), 30)))
            .collect();
        let _ = writeln!(
            out,
            "\n  {}:{}: {}'s answer {} to \"{}\" (step \"{}\") leads to {} ({} {}):",
            x.file,
            o.line,
            o.who,
            or_list(&values),
            shorten(&o.prompt, 50),
            o.step,
            o.offers.join(", then "),
            count(o.paths),
            plural(o.paths, "path", "paths"),
        );
        if o.private {
            let _ = writeln!(
                out,
                "    Asked on {}'s screen alone, as the answer was private: the other partner sees a difference only if {} chooses a way that stops the sitting. {}'s choice, not counted as a leak.",
                o.who, o.who, o.who
            );
        }
        for way in &o.ways {
            let asked: Vec<String> = way
                .answers
                .iter()
                .rev()
                .take_while(|a| a.offer)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .map(|a| {
                    format!(
                        "{}: {} → {}",
                        a.who,
                        shorten(&a.prompt, 40),
                        shorten(&a.line, 40)
                    )
                })
                .collect();
            let end = match way.end.as_str() {
                "go_on" => "the guide goes on".to_string(),
                "break" => format!(
                    "a break of {} minutes: the sitting stops, saved",
                    way.minutes.unwrap_or_default()
                ),
                "hold" => {
                    "a disclosure: joint guides on hold, the neutral message on the shared screen"
                        .to_string()
                }
                "lighter" => "a disclosure with a cover: the conversation ends for the light guide"
                    .to_string(),
                other => other.to_string(),
            };
            let _ = writeln!(out, "    {}; {end}", asked.join("; "));
        }
    }
}

/// "a", "a or b", "a, b or c"
fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

fn json_report(guide: &str, x: &Exploration) -> String {
    let mut doc = serde_json::to_value(x).unwrap_or_default();
    doc["complete"] = x.complete().into();
    doc["full_coverage"] = x.full_coverage().into();
    if let Some(errors) = doc["errors"].as_array_mut() {
        for (i, (json, e)) in errors.iter_mut().zip(&x.errors).enumerate() {
            let file = format!("error-{}.answers", i + 1);
            json["answers_file"] = answers_file(&e.answers).into();
            json["command"] = reproduce_command(guide, x, &file).into();
        }
    }
    if let Some(offers) = doc["offers"].as_array_mut() {
        for (json, o) in offers.iter_mut().zip(&x.offers) {
            if let Some(ways) = json["ways"].as_array_mut() {
                for (json, way) in ways.iter_mut().zip(&o.ways) {
                    json["answers_file"] = answers_file(&way.answers).into();
                }
            }
        }
    }
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::{apart, per_second};

    #[test]
    fn a_slow_rate_is_said_with_a_tenth_never_as_1_paths_or_0_paths() {
        assert_eq!(per_second(2, 4.42), "0.5");
        assert_eq!(per_second(3, 3.0), "1.0");
        assert_eq!(per_second(106_434, 69.44), "1,533");
    }

    #[test]
    fn two_long_texts_that_part_late_are_shown_from_where_they_part() {
        let start = "We talked about it for a long while tonight, and ".repeat(3);
        let [a, b] = apart(
            &format!("{start}it went slowly."),
            &format!("{start}it went well."),
            60,
        );
        assert_ne!(a, b);
        assert!(a.starts_with('…') && a.contains("slowly"), "{a}");
        assert!(b.contains("well"), "{b}");
        // Short texts are left as they are.
        assert_eq!(
            apart("Yes.", "No.", 60),
            ["Yes.".to_string(), "No.".to_string()]
        );
    }
}
