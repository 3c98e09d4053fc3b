//! `kintsugi remind`: when the couple agreed to come back (from a break) or the next
//! weekly check-in is due, and with `--ics` the same as a calendar file whose title
//! says nothing of what it is about.

use crate::clock;
use crate::profile::{Hold, Profile};
use crate::store::{Saved, Store};
use chrono::{DateTime, TimeDelta, Utc};
use icalendar::{Calendar, Class, Component, Event, EventLike};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// The title of the calendar event: a calendar is often seen by others (a shared
/// family calendar, a lock screen), so it names neither the couple nor the subject.
pub const TITLE: &str = "Kintsugi";

/// How often the check-in is meant to come round.
const CHECK_IN_EVERY: TimeDelta = TimeDelta::days(7);

/// Something to come back for.
struct Due {
    at: DateTime<Utc>,
    /// What it is, in words for the couple (on the screen only, never in the file).
    what: String,
    /// The command that continues or starts it.
    command: String,
}

/// Runs `kintsugi remind`.
pub fn run(store: &Store, ics: Option<&Path>, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let now = clock::now();
    let sessions = store.list()?;
    // Under a safety hold, the times only: the commands would be refused, and nothing
    // here says why.
    let held = Profile::read(store.home(), false)?.hold() != Hold::None;
    let Some(due) = next(&sessions) else {
        let then = if held {
            String::new()
        } else {
            format!(" `{}` starts one.", crate::store::command("run check-in"))
        };
        writeln!(
            out,
            "Nothing to remind you of: no break is waiting and no check-in has been held yet.{then}"
        )?;
        return Ok(ExitCode::SUCCESS);
    };
    if due.at <= now && held {
        writeln!(
            out,
            "{} was due {}.",
            capitalised(&due.what),
            clock::when(due.at, now)
        )?;
    } else if due.at <= now {
        writeln!(
            out,
            "{} was due {}. `{}` whenever you are both ready.",
            capitalised(&due.what),
            clock::when(due.at, now),
            due.command
        )?;
    }
    if due.at <= now {
        if ics.is_some() {
            writeln!(out, "(No calendar file: the time has passed.)")?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    if held {
        writeln!(out, "Next: {} {}.", due.what, clock::when(due.at, now))?;
    } else {
        writeln!(
            out,
            "Next: {} {}. Then: `{}`",
            due.what,
            clock::when(due.at, now),
            due.command
        )?;
    }
    match ics {
        Some(path) => {
            let event = Event::new()
                .summary(TITLE)
                .starts(due.at)
                .ends(due.at + TimeDelta::minutes(30))
                .class(Class::Private)
                .done();
            let calendar = Calendar::new().push(event).done();
            std::fs::write(path, calendar.to_string())?;
            writeln!(
                out,
                "Wrote {}: an event titled \"{TITLE}\", nothing more. Open it to add it to your calendar.",
                path.display()
            )?;
        }
        None => writeln!(
            out,
            "`{}` writes it as a calendar file (titled \"{TITLE}\", nothing more).",
            crate::store::command("remind --ics")
        )?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The next thing due: the earliest return from a break still waiting, else the check-in
/// a week after the last one.
fn next(sessions: &[Saved]) -> Option<Due> {
    let back = sessions
        .iter()
        .filter(|s| !s.journal.finished)
        .filter_map(|s| {
            let taken = s.journal.on_break.as_ref()?;
            let start = clock::parse(&taken.at)?;
            let at = start + TimeDelta::minutes(taken.back.unwrap_or(taken.minutes).into());
            Some(Due {
                at,
                what: "coming back from your break".to_string(),
                command: crate::store::command(&format!("resume {}", s.id)),
            })
        })
        .min_by_key(|due| due.at);
    if back.is_some() {
        return back;
    }
    let last_check_in = sessions
        .iter()
        .filter(|s| s.journal.header.guide == "check-in")
        .filter_map(|s| clock::parse(&s.journal.header.started))
        .max()?;
    Some(Due {
        at: last_check_in + CHECK_IN_EVERY,
        what: "your weekly check-in".to_string(),
        command: crate::store::command("run check-in"),
    })
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}
