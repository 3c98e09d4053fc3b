//! Where sessions are kept: one JSON-lines journal per session, in a folder only the
//! owner can read. Every record is flushed to disk before the program goes on.

use anyhow::{Context, bail};
use kintsugi_engine::{Journal, Record};
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The folder of journals, or nothing at all with `--no-save`.
pub struct Store {
    dir: Option<PathBuf>,
}

/// A saved session, as listed.
pub struct Saved {
    pub id: String,
    pub journal: Journal,
    pub modified: SystemTime,
}

/// An open journal: appends records and makes them durable at once.
pub struct JournalFile {
    file: Option<File>,
    pub id: String,
    pub path: Option<PathBuf>,
}

pub fn now() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

impl Store {
    /// The default folder is the user's data folder (e.g. ~/.local/share/kintsugi).
    pub fn open(data_dir: Option<PathBuf>, no_save: bool) -> anyhow::Result<Store> {
        if no_save {
            return Ok(Store { dir: None });
        }
        let dir = match data_dir {
            Some(dir) => dir,
            None => directories::ProjectDirs::from("", "", "kintsugi")
                .context("cannot find your data folder; pass --data-dir DIR")?
                .data_dir()
                .to_path_buf(),
        };
        Ok(Store {
            dir: Some(dir.join("sessions")),
        })
    }

    fn dir(&self) -> anyhow::Result<&Path> {
        self.dir
            .as_deref()
            .context("sessions are not kept with --no-save")
    }

    /// The data folder (parent of the sessions folder), unless nothing is saved.
    pub fn data_dir(&self) -> Option<PathBuf> {
        self.dir
            .as_ref()
            .and_then(|d| d.parent())
            .map(Path::to_path_buf)
    }

    /// Starts a new journal for a session of `guide`, writing its first record.
    pub fn create(&self, guide: &str, start: &Record) -> anyhow::Result<JournalFile> {
        let stamp = humantime::format_rfc3339_seconds(SystemTime::now())
            .to_string()
            .replace([':', 'T'], "-")
            .trim_end_matches('Z')
            .to_string();
        let stem: String = Path::new(guide)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let Some(dir) = &self.dir else {
            return Ok(JournalFile {
                file: None,
                id: format!("{stamp}-{stem}"),
                path: None,
            });
        };
        create_private_dir(dir)?;
        let mut n = 1;
        let (id, path) = loop {
            let id = if n == 1 {
                format!("{stamp}-{stem}")
            } else {
                format!("{stamp}-{stem}-{n}")
            };
            let path = dir.join(format!("{id}.jsonl"));
            if !path.exists() {
                break (id, path);
            }
            n += 1;
        };
        let file = open_private(&path, true)?;
        let mut journal = JournalFile {
            file: Some(file),
            id,
            path: Some(path),
        };
        journal.append(start)?;
        Ok(journal)
    }

    /// Opens an existing journal to add to it.
    pub fn reopen(&self, id: &str) -> anyhow::Result<JournalFile> {
        let path = self.dir()?.join(format!("{id}.jsonl"));
        Ok(JournalFile {
            file: Some(open_private(&path, false)?),
            id: id.to_string(),
            path: Some(path),
        })
    }

    /// Where a session's journal is (whether or not it exists).
    pub fn journal_path(&self, id: &str) -> anyhow::Result<PathBuf> {
        Ok(self.dir()?.join(format!("{id}.jsonl")))
    }

    pub fn read(&self, id: &str) -> anyhow::Result<Journal> {
        let path = self.journal_path(id)?;
        if !path.exists() {
            bail!("there is no saved session \"{id}\"; `kintsugi resume` lists them");
        }
        let text =
            fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        Record::read(&text).with_context(|| format!("the journal {} is damaged", path.display()))
    }

    /// Every saved session, most recent first.
    pub fn list(&self) -> anyhow::Result<Vec<Saved>> {
        let dir = self.dir()?;
        // Journals lie directly in the folder: one level, which walkdir would not improve.
        let Ok(entries) = fs::read_dir(dir) else {
            return Ok(Vec::new());
        };
        let mut saved = Vec::new();
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "jsonl") {
                continue;
            }
            let id = path.file_stem().unwrap().to_string_lossy().into_owned();
            // A damaged journal is skipped here; `resume ID` names the problem.
            let Ok(journal) = self.read(&id) else {
                continue;
            };
            let modified = entry
                .metadata()
                .and_then(|m| m.modified())
                .unwrap_or(SystemTime::UNIX_EPOCH);
            saved.push(Saved {
                id,
                journal,
                modified,
            });
        }
        saved.sort_by(|a, b| b.modified.cmp(&a.modified).then(b.id.cmp(&a.id)));
        Ok(saved)
    }
}

impl JournalFile {
    /// A journal that keeps nothing (for the safety intake, whose answers are never saved).
    pub fn discard() -> JournalFile {
        JournalFile {
            file: None,
            id: String::new(),
            path: None,
        }
    }

    /// Appends one record and waits until it is on disk.
    pub fn append(&mut self, record: &Record) -> anyhow::Result<()> {
        let Some(file) = &mut self.file else {
            return Ok(());
        };
        file.write_all(record.to_line().as_bytes())
            .and_then(|()| file.flush())
            .and_then(|()| file.sync_data())
            .context("could not save to the journal")
    }

    pub fn saved(&self) -> bool {
        self.file.is_some()
    }
}

/// Writes a whole file that only the owner can read, replacing it safely.
pub fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        create_private_dir(dir)?;
    }
    // A fresh temporary file beside it (created owner-only), renamed over it once whole.
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .with_context(|| format!("cannot create {}", dir.display()))
}

fn open_private(path: &Path, new: bool) -> anyhow::Result<File> {
    let mut options = OpenOptions::new();
    options.append(true).create_new(new);
    if new {
        options.write(true);
    }
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
        .open(path)
        .with_context(|| format!("cannot open the journal {}", path.display()))
}
