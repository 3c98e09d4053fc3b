//! `kintsugi resume`: lists the unfinished sessions, or continues one from its journal
//! with the guide it began with.

use crate::args::{ResumeArgs, SafetyArgs};
use crate::clock;
use crate::cmd::run::Sitting;
use crate::guides;
use crate::repl::intake::{self, Next};
use crate::repl::{Outcome, Repl};
use crate::store::{Store, now};
use crate::terminal::{Input, Line};
use kintsugi_engine::{History, Record};
use std::io::Write;
use std::process::ExitCode;

/// Runs `kintsugi resume`.
pub fn run(
    store: &Store,
    args: ResumeArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    if args.safety.author {
        writeln!(
            out,
            "An author's test run keeps nothing, so there is none to resume. A couple's session resumes with consent and screening: `{}`.",
            crate::store::command("resume")
        )?;
        return Ok(ExitCode::from(2));
    }
    let id = match args.session {
        Some(id) => id,
        None => match choose(store, out)? {
            Some(id) => id,
            None => return Ok(ExitCode::SUCCESS),
        },
    };
    let journal = store.read(&id)?;
    if journal.finished {
        writeln!(
            out,
            "That session is finished. `{}` shows it.",
            crate::store::command(&format!("transcript {id}"))
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(said) = crate::couples::on_break(&id, &journal) {
        writeln!(out, "{}", crate::terminal::wrap(&said, "", ""))?;
        return Ok(ExitCode::SUCCESS);
    }
    let header = journal.header.clone();
    let guide = guides::load_reported(&guides::of_journal(&header))?;
    let title = guide.declaration().title.clone();
    // Only what follows the last answer is shown again: the rest need not be kept.
    let session = journal.replay_with(guide, History::SinceLastAnswer)?;
    let file = store.reopen(&id)?;
    let flags = SafetyArgs {
        author: args.safety.author || header.author,
        ..args.safety
    };
    if args.devices.devices {
        let names = header.names.clone();
        return crate::devices::host(store, &args.devices, &title, &names, out, |input, out| {
            sit(store, &journal, session, file, flags, input, out, err)
        });
    }
    let input = Input::new(args.answers.as_deref())?;
    sit(store, &journal, session, file, flags, input, out, err)
}

/// The rest of `resume` once the journal is read: the intake (a hold first), then the
/// conversation, at the keyboard or on the devices.
#[allow(clippy::too_many_arguments)]
fn sit(
    store: &Store,
    journal: &kintsugi_engine::Journal,
    session: kintsugi_engine::Session,
    mut file: crate::store::JournalFile,
    flags: SafetyArgs,
    input: Input,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let header = journal.header.clone();
    let changed = std::fs::read_to_string(&header.guide).is_ok_and(|now| now != header.source);
    let title = session.guide().declaration().title.clone();
    let decl = session.guide().declaration().clone();
    // A safety hold comes first: under it, the short message and nothing else.
    let light = header.guide == guides::LIGHT_GUIDE;
    let Some((input, region, next)) = intake::before_guide(
        store,
        &decl,
        &header.names,
        input,
        flags,
        light,
        false,
        out,
        err,
    )?
    else {
        return Ok(ExitCode::SUCCESS);
    };
    if changed {
        writeln!(
            out,
            "Note: {} has changed since this session began; it goes on with the version it began with.",
            header.guide
        )?;
    }
    if let Some(stale) = session.stale() {
        let set_aside = session.set_aside();
        writeln!(
            out,
            "{} saved answers no longer fit the guide, from answer {} on (step \"{}\": \"{}\"); \
             they stay in the journal, set aside, and are not used.",
            set_aside.len(),
            stale.index + 1,
            stale.prompt.step,
            stale.prompt.text
        )?;
        file.append(&Record::SetAside {
            asked: set_aside.into_iter().map(|a| a.asked).collect(),
            at: now(),
        })?;
    }
    let names: Vec<String> = header.names.values().cloned().collect();
    writeln!(
        out,
        "Resuming \"{title}\" with {} ({} so far).",
        names.join(" and "),
        answers(session.answers().len())
    )?;
    writeln!(out, "Type :help at any prompt to see the commands.")?;
    let sitting = Sitting {
        store,
        names: header.names.clone(),
        input,
        region,
        author: flags.author,
    };
    if next == Next::Lighter && !light {
        // A cover chosen in the re-check before this session: it stays as it was.
        return sitting.lighter(out, err);
    }
    let mut session = session;
    if journal.unsettled {
        // The last sitting stopped after an answer, maybe before the plugins' offers
        // after it were walked to their end (a kill during the check of its words):
        // asked again, they are walked before anything else.
        session.ask_plugins_again();
    }
    let mut repl = Repl::new(session, file, sitting.input, out, err);
    repl.back_from_break = journal.on_break.is_some();
    repl.guide_path = guides::file_of(&header.guide);
    repl.region = sitting.region.clone();
    repl.test_run = flags.author;
    repl.light = light;
    if !flags.author {
        repl.hold_home = store.home().map(std::path::Path::to_path_buf);
    }
    repl.recap_from_last_answer();
    let outcome = repl.run()?;
    if outcome != Outcome::Lighter {
        return Ok(outcome.exit_code());
    }
    let Repl { input, .. } = repl;
    Sitting { input, ..sitting }.lighter(out, err)
}

/// The session to resume when none is named: the only unfinished one, or one picked
/// from the list at a terminal. `None` when there is nothing to resume (said so).
fn choose(store: &Store, out: &mut dyn Write) -> anyhow::Result<Option<String>> {
    let open: Vec<_> = store
        .list()?
        .into_iter()
        .filter(|s| !s.journal.finished)
        .collect();
    match open.len() {
        0 => {
            writeln!(
                out,
                "There are no unfinished sessions. `{}` starts one.",
                crate::store::command("run")
            )?;
            return Ok(None);
        }
        1 => return Ok(Some(open[0].id.clone())),
        _ => {}
    }
    writeln!(out, "Unfinished sessions, most recent first:")?;
    for (i, saved) in open.iter().enumerate() {
        let names: Vec<&str> = saved
            .journal
            .header
            .names
            .values()
            .map(String::as_str)
            .collect();
        writeln!(
            out,
            "  {}. {}  {} with {}, {}, last saved {}",
            i + 1,
            saved.id,
            saved.journal.header.guide,
            names.join(" and "),
            answers(saved.journal.answers.len()),
            clock::date(saved.modified.into())
        )?;
    }
    let mut input = Input::new(None)?;
    if !input.interactive() {
        writeln!(
            out,
            "\nContinue one with: {}",
            crate::store::command("resume ID")
        )?;
        return Ok(None);
    }
    loop {
        match input.read(out, "Which one? (number) › ", &[])? {
            Line::Text(text) => match text.trim().parse::<usize>() {
                Ok(n) if (1..=open.len()).contains(&n) => return Ok(Some(open[n - 1].id.clone())),
                _ => writeln!(out, "Please type a number from 1 to {}.", open.len())?,
            },
            Line::End => {
                writeln!(
                    out,
                    "\nNothing was resumed. Continue one with: {}",
                    crate::store::command("resume ID")
                )?;
                return Ok(None);
            }
        }
    }
}

/// "1 answer", "3 answers".
fn answers(count: usize) -> String {
    if count == 1 {
        "1 answer".to_string()
    } else {
        format!("{count} answers")
    }
}
