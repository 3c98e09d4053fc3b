//! `kintsugi transcript`: a saved session's transcript, in Markdown or JSON, for both
//! partners, or with `--private` for one partner: what both saw and that partner's own
//! private answers, after they confirmed in private that only they can see the screen.
//! Nobody is ever shown the other partner's unrevealed answers (an author's test run has
//! no couple, and shows everything).

use crate::args::TranscriptFormat;
use crate::store::Store;
use crate::terminal::{Input, Line};
use kintsugi_engine::{Audience, Format, PromptKind, Transcript, Viewer};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

/// Runs `kintsugi transcript`: of the session `id`, or of the latest one, offered first.
pub fn run(
    store: &Store,
    id: Option<String>,
    format: Option<TranscriptFormat>,
    private: bool,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let id = match id {
        Some(id) => id,
        None => match offer_latest(store, out)? {
            Some(id) => id,
            None => return Ok(ExitCode::SUCCESS),
        },
    };
    let id = id.as_str();
    let journal = store.read(id)?;
    let session = crate::guides::replay(&journal)?;
    let viewer = if !private {
        Viewer::Both
    } else if journal.header.author {
        Viewer::Journal
    } else {
        let mut input = Input::new(None)?;
        let names: Vec<String> = journal.header.names.values().cloned().collect();
        writeln!(
            out,
            "\nWhose private answers? Each of you can see only your own."
        )?;
        for (i, name) in names.iter().enumerate() {
            writeln!(out, "  {}. {name}", i + 1)?;
        }
        let choice = crate::repl::local(
            Audience::Both,
            "Whose private answers?",
            PromptKind::choice(names.clone()),
            false,
        );
        let role = loop {
            match input.read(out, "› ", &names)? {
                Line::Text(text) => match choice.parse(&text) {
                    Ok(value) => {
                        let i = names.iter().position(|n| *n == value.to_string());
                        break journal.header.names.keys().nth(i.unwrap_or(0)).cloned();
                    }
                    Err(message) => writeln!(out, "{message}")?,
                },
                Line::Interrupted => continue,
                Line::End => break None,
            }
        };
        let Some(role) = role else {
            writeln!(out, "Nothing was shown.")?;
            return Ok(ExitCode::SUCCESS);
        };
        let name = session.name_of(&Audience::Partner(role.clone()));
        let question = format!("{name}, what follows holds your private answers. Show them now?");
        if input.confirm_privately(out, &name, &question)? != Some(true) {
            writeln!(out, "Nothing was shown.")?;
            return Ok(ExitCode::SUCCESS);
        }
        writeln!(out)?;
        Viewer::Partner(role)
    };
    // Read at a terminal, plain text; piped or saved, Markdown (for other tools).
    let format = match format {
        Some(TranscriptFormat::Text) => Format::Text,
        Some(TranscriptFormat::Markdown) => Format::Markdown,
        Some(TranscriptFormat::Json) => Format::Json,
        None if std::io::stdout().is_terminal() => Format::Text,
        None => Format::Markdown,
    };
    let mut transcript = Transcript::new(&session, viewer).set_aside(&journal.set_aside);
    // Dated for people; Markdown and JSON stay what earlier releases wrote.
    if format == Format::Text
        && let Some(started) = crate::clock::parse(&journal.header.started)
    {
        transcript = transcript.note(format!("Started {}.", crate::clock::date(started)));
    }
    if journal.header.author {
        transcript = transcript.note(kintsugi_engine::safety_data::AUTHOR_NOTE);
    }
    let text = transcript.render(format);
    if format == Format::Text {
        writeln!(out, "{}", crate::terminal::wrap(&text, "", ""))?;
    } else {
        writeln!(out, "{text}")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Offers the latest session's transcript: at a terminal, asks whether to show it;
/// otherwise says how. `None` when nothing is to be shown now.
fn offer_latest(store: &Store, out: &mut dyn Write) -> anyhow::Result<Option<String>> {
    let latest = store.list()?.into_iter().max_by(|a, b| {
        let key = |s: &crate::store::Saved| (s.journal.header.started.clone(), s.id.clone());
        key(a).cmp(&key(b))
    });
    let Some(latest) = latest else {
        writeln!(
            out,
            "No sessions are kept here yet, so there is no transcript to show. `kintsugi run` starts one."
        )?;
        return Ok(None);
    };
    let header = &latest.journal.header;
    let names: Vec<&str> = header.names.values().map(String::as_str).collect();
    writeln!(
        out,
        "The latest session is {} ({} with {}, {}).",
        latest.id,
        header.guide,
        names.join(" and "),
        crate::couples::long_day(&header.started)
    )?;
    let mut input = Input::new(None)?;
    if !input.interactive() {
        writeln!(
            out,
            "Show it with: kintsugi transcript {}\n`kintsugi history` lists every session.",
            latest.id
        )?;
        return Ok(None);
    }
    match input.yes_no(out, "", "Show its transcript?")? {
        Some(true) => {
            writeln!(out)?;
            Ok(Some(latest.id))
        }
        _ => {
            writeln!(out, "`kintsugi history` lists every session.")?;
            Ok(None)
        }
    }
}
