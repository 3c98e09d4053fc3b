//! `kintsugi next` (and `kintsugi` alone, once a couple has sessions here): where a
//! couple stands in their program and what comes next, and why, in three lines.
//!
//! It only reads: the couple's history, the profile's readiness and hold. It suggests and
//! never blocks: every guide still runs directly. Under a safety hold it names the light
//! guide as what comes next (see `run`).

use crate::args::ProgramArgs;
use crate::couples::{CoupleRecord, couples, long_day};
use crate::profile::{Hold, Profile};
use crate::programs::{self, Loaded};
use crate::store::{Store, command};
use crate::terminal::{Input, Line, wrap};
use kintsugi_engine::{CheckIn, NEUTRAL_MESSAGE, Next, Program, SessionStatus, Standing};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What `kintsugi` alone says where no couple has sessions yet: where to start, each
/// command as `command` suggests it (with any `--data-dir`), in one column.
fn welcome() -> String {
    let commands = [
        (
            "run",
            "start the first guide (acknowledge-hurt)".to_string(),
        ),
        (
            "list",
            format!("the guides, to choose another: {}", command("run check-in")),
        ),
        ("resume", "continue a conversation you stopped".to_string()),
        ("--help", "every command".to_string()),
    ]
    .map(|(words, what)| (command(words), what));
    let width = commands.iter().map(|(c, _)| c.len()).fold(23, usize::max) + 2;
    let lines: Vec<String> = commands
        .iter()
        .map(|(c, what)| format!("  {c:width$}{what}"))
        .collect();
    format!(
        "Kintsugi: guided conversations for two partners rebuilding trust, at one keyboard or each on their own phone.\n\n{}\n\nEverything you type stays on this computer.",
        lines.join("\n")
    )
}

/// `kintsugi` alone: where the couple stands, as `next` says it, once there is a couple
/// (or a hold) in the data folder; the welcome otherwise. Creates nothing.
pub fn bare(data_dir: Option<PathBuf>, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    // Opened as a run that keeps nothing would: the folder is found, not made.
    let home = Store::open(data_dir, true)?.home().map(Path::to_path_buf);
    if let Some(home) = home {
        let held = Profile::read(Some(&home), false)?.hold() != Hold::None;
        if held || home.join("sessions").is_dir() {
            let store = Store::open(Some(home), false)?;
            if held || !couples(&store, None)?.is_empty() {
                return run(&store, &ProgramArgs::default(), out);
            }
        }
    }
    writeln!(out, "{}", welcome())?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `kintsugi next`.
///
/// Under a safety hold it says where the couple stands as ever, and names the light
/// guide, which no hold stops, as what comes next: after a cover, the next morning's
/// `kintsugi` reads as any evening's would, not as the short message, and it suggests
/// nothing the hold would refuse. With no session to stand on (the short message
/// stopped the first evening), the short message, which both have seen.
pub fn run(store: &Store, args: &ProgramArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let profile = Profile::read(store.home(), false)?;
    let held = profile.hold() != Hold::None;
    let loaded = programs::open(args.program.as_deref())?;
    if held && couples(store, args.couple.as_deref())?.is_empty() {
        writeln!(out, "{NEUTRAL_MESSAGE}")?;
        writeln!(
            out,
            "{}",
            crate::terminal::wrap(&crate::guides::lighter_way(), "", "")
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let Some(record) = choose(store, args, &loaded, out)? else {
        return Ok(ExitCode::SUCCESS);
    };
    let standing = standing_of(&loaded, &record, &profile);
    let mut said = lines(&loaded, &record, &standing);
    if held {
        said.truncate(1);
        let light = crate::guides::LIGHT_GUIDE;
        said.push(format!("Next: {light}, something light for now."));
        said.push(format!("{} starts it.", start_of(light)));
    }
    for line in said {
        writeln!(out, "{}", wrap(&line, "", "  "))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Where `record` stands in the program, with the readiness their profile keeps.
pub fn standing_of(loaded: &Loaded, record: &CoupleRecord, profile: &Profile) -> Standing {
    let kept = profile.couple(&record.id).ready;
    let ready: Vec<String> = (0..loaded.program.phases.len())
        .filter(|&i| kept.contains_key(&loaded.ready_key(i)))
        .map(|i| loaded.program.phases[i].id.clone())
        .collect();
    loaded.program.standing(&record.history(), &ready)
}

/// The couple `next` is for: the one named, the only one, or the one chosen from a list.
/// `None` (said why) when there is none, or no choice was made.
pub fn choose(
    store: &Store,
    args: &ProgramArgs,
    loaded: &Loaded,
    out: &mut dyn Write,
) -> anyhow::Result<Option<CoupleRecord>> {
    let mut records = couples(store, args.couple.as_deref())?;
    match records.len() {
        0 => {
            if args.couple.is_some() {
                super::history::nothing_yet(args.couple.as_deref(), out)?;
            } else {
                let first = &loaded.program.phases[0].guides[0];
                writeln!(
                    out,
                    "No sessions are kept here yet. {} begins with {first}: `{}`.",
                    loaded.program.title,
                    command(&format!("run {first}"))
                )?;
            }
            return Ok(None);
        }
        1 => return Ok(records.pop()),
        _ => {}
    }
    writeln!(out, "Which couple?")?;
    for (i, record) in records.iter().enumerate() {
        writeln!(out, "  {}. {}", i + 1, record.title())?;
    }
    let mut input = Input::new(None)?;
    loop {
        match input.read(out, "› ", &[])? {
            Line::Text(text) => {
                let typed = text.trim();
                let by_number = typed
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=records.len()).contains(n))
                    .map(|n| n - 1);
                let by_name = records
                    .iter()
                    .position(|r| r.names.iter().any(|n| n.eq_ignore_ascii_case(typed)));
                if let Some(i) = by_number.or(by_name) {
                    writeln!(out)?;
                    return Ok(Some(records.swap_remove(i)));
                }
                writeln!(
                    out,
                    "Please type a number from 1 to {}, or a partner's name.",
                    records.len()
                )?;
            }
            Line::End => {
                writeln!(
                    out,
                    "`{}` says where one couple stands.",
                    command("next --couple NAME")
                )?;
                return Ok(None);
            }
        }
    }
}

/// The three lines: where they stand, what comes next and why, and what to run.
pub fn lines(loaded: &Loaded, record: &CoupleRecord, standing: &Standing) -> Vec<String> {
    let program = &loaded.program;
    let phase = &program.phases[standing.phase];
    let mut lines = Vec::new();
    // Where they stand.
    let mut here = if matches!(standing.next, Next::Finished) {
        format!(
            "{}: you have been through every phase of {}.",
            record.title(),
            program.title
        )
    } else if standing.begun {
        format!(
            "{}, phase {} of {}: {}.",
            record.title(),
            standing.phase + 1,
            program.phases.len(),
            phase.title
        )
    } else {
        format!(
            "{}: {} begins with its first phase, {}.",
            record.title(),
            program.title,
            lower_first(&phase.title)
        )
    };
    if standing.begun && !standing.done.is_empty() {
        here.push_str(&format!(" Done: {}.", standing.done.join(", ")));
    }
    if phase.check_ins && standing.check_ins > 0 {
        let n = standing.check_ins;
        here.push_str(&format!(
            " {n} {} held so far.",
            if n == 1 { "check-in" } else { "check-ins" }
        ));
    }
    lines.push(here);
    // What comes next, and why; and the command.
    let check_in = &program.check_in;
    // "a check-in", naming the guide when it is not the shipped check-in.
    let a_check_in = match check_in.as_str() {
        "check-in" => "a check-in".to_string(),
        other => format!("a check-in ({other})"),
    };
    let due = match standing.check_in {
        Some(CheckIn::Due(None)) => Some(format!(
            "{a_check_in}: one comes every {} days in this phase",
            program.check_in_every
        )),
        Some(CheckIn::Due(Some(days))) => Some(format!(
            "{a_check_in}: the last was {} ago, and one comes every {} days",
            days_in_words(days),
            program.check_in_every
        )),
        _ => None,
    };
    let later = match standing.check_in {
        Some(CheckIn::In(days)) => {
            format!(" Your next check-in is due in {}.", days_in_words(days))
        }
        _ => String::new(),
    };
    let anyway = format!(
        "Not now? Any guide runs whenever you like (`{}`).",
        command("list")
    );
    match &standing.next {
        Next::Guide { guide, first } => {
            let why = if *first {
                "where the program begins".to_string()
            } else {
                why(program, guide)
            };
            match due {
                Some(due) => {
                    lines.push(format!("Next: {due}; then {guide}, {why}."));
                    lines.push(format!(
                        "`{}` starts the check-in. {anyway}",
                        command(&format!("run {check_in}"))
                    ));
                }
                None => {
                    lines.push(format!("Next: {guide}, {why}.{later}"));
                    lines.push(format!("{} {anyway}", start(record, guide)));
                }
            }
        }
        Next::Waiting {
            phase: waiting,
            holding,
        } => {
            let mut next = program.waits(*waiting, holding);
            match &due {
                Some(due) => next.push_str(&format!(" Meanwhile: {due}.")),
                None => next.push_str(&later),
            }
            lines.push(next);
            let only_ready = holding
                .iter()
                .all(|h| *h == kintsugi_engine::Holding::Ready);
            lines.push(if only_ready {
                format!(
                    "`{}` asks each of you, in private, whether you are ready; \"not yet\" is a good answer. {anyway}",
                    command(&format!("ready{}", loaded.option))
                )
            } else if due.is_some() {
                format!(
                    "`{}` starts the check-in. {anyway}",
                    command(&format!("run {check_in}"))
                )
            } else {
                anytime(program)
            });
        }
        Next::Finished => match due {
            Some(due) => {
                lines.push(format!("Next: {due}."));
                lines.push(format!(
                    "`{}` starts it. {}",
                    command(&format!("run {check_in}")),
                    anytime(program)
                ));
            }
            None => {
                lines.push(format!("Keep coming back to what helps you.{later}"));
                lines.push(anytime(program));
            }
        },
    }
    lines
}

/// The command that starts `guide`, or continues the session of it they began.
fn start(record: &CoupleRecord, guide: &str) -> String {
    let begun = record
        .sessions
        .iter()
        .find(|(_, past)| past.guide == guide && past.status == SessionStatus::Unfinished);
    match begun {
        Some((saved, past)) => format!(
            "`{}` continues the one you began on {}.",
            command(&format!("resume {}", saved.id)),
            long_day(&past.started)
        ),
        None => format!("{} starts it.", start_of(guide)),
    }
}

/// The command that starts `guide`, quoted.
fn start_of(guide: &str) -> String {
    // A counselor's guide file may have a space in its path.
    let quoted = shlex::try_quote(guide).map_or_else(|_| guide.into(), |q| q.into_owned());
    format!("`{}`", command(&format!("run {quoted}")))
}

/// The guides for any time, in a line.
fn anytime(program: &Program) -> String {
    if program.anytime.is_empty() {
        return format!("Any guide runs whenever you like (`{}`).", command("list"));
    }
    let names: Vec<&str> = program.anytime.iter().map(|a| a.guide.as_str()).collect();
    format!(
        "Any time: {} (`{}` has them all).",
        names.join(", "),
        command("list")
    )
}

/// Why `guide` comes now: it follows the one before it in its phase, or begins its phase.
fn why(program: &Program, guide: &str) -> String {
    for phase in &program.phases {
        match phase.guides.iter().position(|g| g == guide) {
            Some(0) => return format!("which begins {}", lower_first(&phase.title)),
            Some(i) => return format!("after {}", phase.guides[i - 1]),
            None => {}
        }
    }
    "next in the program".into()
}

/// "3 days", "1 day", "today".
fn days_in_words(days: u32) -> String {
    match days {
        0 => "less than a day".into(),
        1 => "1 day".into(),
        n => format!("{n} days"),
    }
}

/// The text with its first letter in lower case, to go inside a sentence.
pub fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_lowercase().chain(chars).collect())
}
