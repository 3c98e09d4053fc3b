//! `kintsugi export`: what leaves the machine. The transcript is shown first and both
//! partners must agree; private answers go in only with their author's say, asked in
//! private.

use crate::store::Store;
use crate::terminal::Input;
use anyhow::bail;
use kintsugi_engine::{Audience, EventKind, Format, Session, Transcript, Viewer};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Roles that have private answers in the session.
fn private_authors(session: &Session) -> Vec<String> {
    let mut roles = Vec::new();
    for event in session.events().iter() {
        if let (EventKind::Answer { private: true, .. }, Audience::Partner(role)) =
            (&event.kind, &event.seen_by)
            && !roles.contains(role)
        {
            roles.push(role.clone());
        }
    }
    roles
}

/// Runs `kintsugi export`: the session's transcript to `file` (default: `ID.md`).
pub fn run(
    store: &Store,
    id: &str,
    file: Option<PathBuf>,
    markdown: bool,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let journal = store.read(id)?;
    let session = crate::guides::replay(&journal)?;
    let mut input = Input::new(None)?;
    let mut include = Vec::new();
    for role in private_authors(&session) {
        let name = session.name_of(&Audience::Partner(role.clone()));
        let question = crate::terminal::wrap(
            &format!(
                "{name}, some of your answers were private. Include them in the export? \
                 Anyone who reads the file will see them."
            ),
            "",
            "",
        );
        for (other_role, other) in &journal.header.names {
            if *other_role != role {
                writeln!(out, "\n{other}, please look away from the screen now.")?;
            }
        }
        let answer = input.confirm_privately(out, &name, &question)?;
        if input.interactive() {
            crate::terminal::clear_screen(out)?;
        }
        match answer {
            Some(true) => include.push(role),
            Some(false) => {}
            None => {
                writeln!(out, "Nothing was exported.")?;
                return Ok(ExitCode::SUCCESS);
            }
        }
    }
    let format = if markdown {
        Format::Markdown
    } else {
        Format::Json
    };
    let render = |viewer| {
        Transcript::new(&session, viewer)
            .set_aside(&journal.set_aside)
            .render(format)
    };
    // The preview is on the shared screen: a private answer is never in it, even one
    // its author agreed to export (the other partner may not have given theirs yet).
    let text = render(Viewer::Partners(include.clone()));
    let preview = render(Viewer::Partners(Vec::new()));
    let file = file
        .unwrap_or_else(|| PathBuf::from(format!("{id}.{}", if markdown { "md" } else { "json" })));
    if file.exists() {
        bail!(
            "{} already exists; choose another file with --out",
            file.display()
        );
    }
    let included: Vec<String> = include
        .iter()
        .map(|role| session.name_of(&Audience::Partner(role.clone())))
        .collect();
    if included.is_empty() {
        writeln!(
            out,
            "\nThis is exactly what would be written to {}:\n",
            file.display()
        )?;
    } else {
        writeln!(
            out,
            "\n{}",
            crate::terminal::wrap(
                &format!(
                    "This is what would be written to {}, except that the file also holds {}'s private answers where this shows them as answered privately (they are not shown here):\n",
                    file.display(),
                    included.join(" and ")
                ),
                "",
                ""
            )
        )?;
    }
    writeln!(out, "──────────────────────────────────────────")?;
    writeln!(out, "{preview}")?;
    writeln!(out, "──────────────────────────────────────────")?;
    for (_, name) in &journal.header.names {
        let question = format!("{name}, do you agree to export this?");
        if input.yes_no(out, name, &question)? != Some(true) {
            writeln!(out, "\nNothing was exported: both of you must agree.")?;
            return Ok(ExitCode::SUCCESS);
        }
    }
    crate::store::write_private(&file, &text)?;
    writeln!(out, "\nExported to {}.", file.display())?;
    Ok(ExitCode::SUCCESS)
}
