//! `kintsugi forget`: deletes a session's journal for good, or every journal and the
//! profile with `--all`, after confirmation.

use crate::store::Store;
use crate::terminal::Input;
use anyhow::bail;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Runs `kintsugi forget`.
pub fn run(
    store: &Store,
    id: Option<&str>,
    all: bool,
    yes: bool,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let targets: Vec<PathBuf> = match (id, all) {
        // Damaged, empty and unreadable journals too: they may hold private answers.
        (Some(id), false) => store.files_of(id)?,
        (None, true) => {
            let mut paths: Vec<PathBuf> = store.all_files()?;
            if let Some(profile) = store.data_dir().map(|d| d.join("profile.json"))
                && profile.exists()
            {
                paths.push(profile);
            }
            paths
        }
        (None, false) => return which(store, out),
        _ => bail!("name a session to forget, or use --all"),
    };
    if targets.is_empty() {
        writeln!(out, "There is nothing to forget.")?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "This deletes for good:")?;
    for path in &targets {
        writeln!(out, "  {}", path.display())?;
    }
    if !yes {
        let mut input = Input::new(None)?;
        if input.yes_no(out, "", "Delete them? This cannot be undone.")? != Some(true) {
            writeln!(out, "Nothing was deleted.")?;
            return Ok(ExitCode::SUCCESS);
        }
    }
    for path in &targets {
        erase(path)?;
    }
    writeln!(out, "Deleted.")?;
    Ok(ExitCode::SUCCESS)
}

/// Overwrites a file with zeros before removing it, so its words do not linger in the
/// free space of simple file systems (journaling and copy-on-write ones may keep old
/// blocks; the README says so).
fn erase(path: &Path) -> anyhow::Result<()> {
    // Only a regular file is overwritten: a link is removed, never followed (it could
    // point outside the data folder), and a FIFO or device is never written to.
    let meta = std::fs::symlink_metadata(path)?;
    if !meta.file_type().is_file() {
        std::fs::remove_file(path)?;
        return Ok(());
    }
    let len = meta.len();
    let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
    file.write_all(&vec![0u8; len as usize])?;
    file.sync_all()?;
    drop(file);
    std::fs::remove_file(path)?;
    Ok(())
}

/// `forget` with nothing named: what could be forgotten, and how.
fn which(store: &Store, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let sessions = store.list()?;
    if sessions.is_empty() {
        writeln!(
            out,
            "There are no saved sessions. `{}` deletes the profile too (your region, and the dates of consent and screening).",
            crate::store::command("forget --all")
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "Which session? The saved sessions, most recent first:")?;
    for saved in &sessions {
        let header = &saved.journal.header;
        let names: Vec<&str> = header.names.values().map(String::as_str).collect();
        writeln!(
            out,
            "  {}  {} with {}, {}",
            saved.id,
            header.guide,
            names.join(" and "),
            crate::clock::parse(&header.started)
                .map_or_else(|| header.started.clone(), crate::clock::date)
        )?;
    }
    writeln!(
        out,
        "`{}` deletes one for good; `{}` deletes every session and the profile.",
        crate::store::command("forget SESSION"),
        crate::store::command("forget --all")
    )?;
    Ok(ExitCode::SUCCESS)
}
