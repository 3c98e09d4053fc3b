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
    let len = std::fs::metadata(path)?.len();
    let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
    file.write_all(&vec![0u8; len as usize])?;
    file.sync_all()?;
    drop(file);
    std::fs::remove_file(path)?;
    Ok(())
}
