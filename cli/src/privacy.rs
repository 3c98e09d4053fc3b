//! What leaves the machine, and what is deleted: `kintsugi export` (shown first, agreed
//! to by both partners, private answers only with their author's say) and
//! `kintsugi forget`.

use crate::store::Store;
use crate::terminal::{Input, Line};
use anyhow::bail;
use kintsugi_engine::{Audience, EventKind, Format, Session, Transcript, Viewer};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Reads a yes or no for `who`; `None` if the input ended.
fn yes_no(input: &mut Input, who: &str, question: &str) -> Option<bool> {
    println!("\n{question}");
    loop {
        match input.read(&format!("{who} (yes/no) › "), &[]) {
            Line::Text(text) => match text.trim().to_lowercase().as_str() {
                "y" | "yes" => return Some(true),
                "n" | "no" => return Some(false),
                _ => println!("Please answer yes or no."),
            },
            Line::Interrupted => continue,
            Line::End => return None,
        }
    }
}

/// Roles that have private answers in the session.
fn private_authors(session: &Session) -> Vec<String> {
    let mut roles = Vec::new();
    for event in session.events().iter() {
        if let (EventKind::Answer { private: true, .. }, Audience::Partner(role)) =
            (&event.kind, &event.seen_by)
        {
            if !roles.contains(role) {
                roles.push(role.clone());
            }
        }
    }
    roles
}

pub fn export(
    store: &Store,
    id: &str,
    out: Option<PathBuf>,
    markdown: bool,
) -> anyhow::Result<ExitCode> {
    let journal = store.read(id)?;
    let Some(session) = crate::commands::replay(&journal)? else {
        return Ok(ExitCode::from(1));
    };
    let mut input = Input::new(None)?;
    let mut include = Vec::new();
    for role in private_authors(&session) {
        let name = session.name_of(&Audience::Partner(role.clone()));
        let question = format!(
            "{name}, some of your answers were private. Include them in the export? \
             Anyone who reads the file will see them. (Only {name} should answer.)"
        );
        match yes_no(&mut input, &name, &question) {
            Some(true) => include.push(role),
            Some(false) => {}
            None => {
                println!("Nothing was exported.");
                return Ok(ExitCode::SUCCESS);
            }
        }
    }
    let format = if markdown {
        Format::Markdown
    } else {
        Format::Json
    };
    let text = Transcript::new(&session, Viewer::Partners(include)).render(format);
    let out = out
        .unwrap_or_else(|| PathBuf::from(format!("{id}.{}", if markdown { "md" } else { "json" })));
    if out.exists() {
        bail!(
            "{} already exists; choose another file with --out",
            out.display()
        );
    }
    println!(
        "\nThis is exactly what would be written to {}:\n",
        out.display()
    );
    println!("──────────────────────────────────────────");
    println!("{text}");
    println!("──────────────────────────────────────────");
    for (_, name) in &journal.header.names {
        let question = format!("{name}, do you agree to export this?");
        if yes_no(&mut input, name, &question) != Some(true) {
            println!("\nNothing was exported: both of you must agree.");
            return Ok(ExitCode::SUCCESS);
        }
    }
    crate::store::write_private(&out, &text)?;
    println!("\nExported to {}.", out.display());
    Ok(ExitCode::SUCCESS)
}

pub fn forget(store: &Store, id: Option<&str>, all: bool, yes: bool) -> anyhow::Result<ExitCode> {
    let targets: Vec<PathBuf> = match (id, all) {
        (Some(id), false) => {
            store.read(id)?;
            vec![store.journal_path(id)?]
        }
        (None, true) => {
            let mut paths: Vec<PathBuf> = store
                .list()?
                .iter()
                .filter_map(|s| store.journal_path(&s.id).ok())
                .collect();
            if let Some(profile) = store.data_dir().map(|d| d.join("profile.json")) {
                if profile.exists() {
                    paths.push(profile);
                }
            }
            paths
        }
        _ => bail!("name a session to forget, or use --all"),
    };
    if targets.is_empty() {
        println!("There is nothing to forget.");
        return Ok(ExitCode::SUCCESS);
    }
    println!("This deletes for good:");
    for path in &targets {
        println!("  {}", path.display());
    }
    if !yes {
        let mut input = Input::new(None)?;
        if yes_no(&mut input, "", "Delete them? This cannot be undone.") != Some(true) {
            println!("Nothing was deleted.");
            return Ok(ExitCode::SUCCESS);
        }
    }
    for path in &targets {
        erase(path)?;
    }
    println!("Deleted.");
    Ok(ExitCode::SUCCESS)
}

/// Overwrites a file with zeros before removing it, so its words do not linger in the
/// free space of simple file systems (journaling and copy-on-write ones may keep old
/// blocks; the README says so).
fn erase(path: &Path) -> anyhow::Result<()> {
    use std::io::Write;
    let len = std::fs::metadata(path)?.len();
    let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
    file.write_all(&vec![0u8; len as usize])?;
    file.sync_all()?;
    drop(file);
    std::fs::remove_file(path)?;
    Ok(())
}
