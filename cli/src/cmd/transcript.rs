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
    // With `--private`, the questions go to the terminal and only the transcript to
    // standard output, so that `> file` holds the transcript alone.
    let mut asked = crate::shown::Shown::new(std::io::stderr());
    let at_terminal = std::io::stdout().is_terminal();
    let mut input = None;
    let viewer = if !private {
        Viewer::Both
    } else if journal.header.author {
        Viewer::Journal
    } else {
        let ask: &mut dyn Write = if at_terminal { &mut *out } else { &mut asked };
        let input = input.insert(Input::new(None)?);
        match ask_privately(&journal, &session, input, ask)? {
            Some(role) => Viewer::Partner(role),
            None => return Ok(ExitCode::SUCCESS),
        }
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
    // Private answers shown at the terminal do not stay there, in view or in the
    // scrollback, once their reader is done.
    if let Some(input) = input.as_mut().filter(|i| at_terminal && i.interactive()) {
        input.pause(
            out,
            "\n(Press Enter when you are done. The screen will be cleared.) ",
        )?;
        crate::terminal::clear_screen(out)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Asks whose private answers to show, hands the screen to that partner and asks them
/// in private to confirm: their role, or `None` (said on `ask`) when nothing is shown.
fn ask_privately(
    journal: &kintsugi_engine::Journal,
    session: &kintsugi_engine::Session,
    input: &mut Input,
    ask: &mut dyn Write,
) -> anyhow::Result<Option<String>> {
    let names: Vec<String> = journal.header.names.values().cloned().collect();
    writeln!(
        ask,
        "\nWhose private answers? Each of you can see only your own."
    )?;
    for (i, name) in names.iter().enumerate() {
        writeln!(ask, "  {}. {name}", i + 1)?;
    }
    let choice = crate::repl::local(
        Audience::Both,
        "Whose private answers?",
        PromptKind::choice(names.clone()),
        false,
    );
    let role = loop {
        match input.read(ask, "› ", &names)? {
            Line::Text(text) => match choice.parse(&text) {
                Ok(value) => {
                    let i = names.iter().position(|n| *n == value.to_string());
                    break journal.header.names.keys().nth(i.unwrap_or(0)).cloned();
                }
                Err(message) => writeln!(ask, "{message}")?,
            },
            Line::End => break None,
        }
    };
    let Some(role) = role else {
        writeln!(ask, "Nothing was shown.")?;
        return Ok(None);
    };
    let name = session.name_of(&Audience::Partner(role.clone()));
    for (other_role, other) in &journal.header.names {
        if *other_role != role {
            writeln!(ask, "\n{other}, please look away from the screen now.")?;
        }
    }
    let question = format!("{name}, what follows holds your private answers. Show them now?");
    let answer = input.confirm_privately(ask, &name, &question)?;
    if answer != Some(true) {
        if input.interactive() {
            crate::terminal::clear_screen(ask)?;
        }
        writeln!(ask, "Nothing was shown.")?;
        return Ok(None);
    }
    writeln!(ask)?;
    Ok(Some(role))
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
            "No sessions are kept here yet, so there is no transcript to show. `{}` starts one.",
            crate::store::command("run")
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
            "Show it with: {}\n`{}` lists every session.",
            crate::store::command(&format!("transcript {}", latest.id)),
            crate::store::command("history")
        )?;
        return Ok(None);
    }
    match input.yes_no(out, "", "Show its transcript?")? {
        Some(true) => {
            writeln!(out)?;
            Ok(Some(latest.id))
        }
        _ => {
            writeln!(
                out,
                "`{}` lists every session.",
                crate::store::command("history")
            )?;
            Ok(None)
        }
    }
}
