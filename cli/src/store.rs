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
    /// The data folder, even with `--no-save`: a safety hold placed there stops every
    /// joint guide, saved or not.
    home: Option<PathBuf>,
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

/// The `--data-dir` given on the command line, if one was: the commands Kintsugi
/// suggests repeat it, so that they find the same sessions (`KINTSUGI_DATA_DIR` needs no
/// repeating: it is still set).
static GIVEN_DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// Remembers the `--data-dir` given on the command line (once, from `main`).
pub fn given_data_dir(dir: PathBuf) {
    let _ = GIVEN_DIR.set(dir);
}

/// A command to suggest: `kintsugi resume ID`, with `--data-dir DIR` when one was given.
pub fn command(words: &str) -> String {
    match GIVEN_DIR.get() {
        Some(dir) => {
            let dir = dir.to_string_lossy();
            let quoted = shlex::try_quote(&dir).unwrap_or(dir.clone());
            format!("kintsugi --data-dir {quoted} {words}")
        }
        None => format!("kintsugi {words}"),
    }
}

/// Now, as the journals keep it (the clock's seam: `crate::clock`).
pub fn now() -> String {
    crate::clock::stamp(crate::clock::now())
}

/// The time now, for code that counts in `SystemTime` (the clock's seam: `crate::clock`).
pub fn clock() -> SystemTime {
    crate::clock::now().into()
}

impl Store {
    /// The default folder is the user's data folder (e.g. ~/.local/share/kintsugi).
    pub fn open(data_dir: Option<PathBuf>, no_save: bool) -> anyhow::Result<Store> {
        let home = match data_dir {
            Some(dir) => Some(dir),
            None => directories::ProjectDirs::from("", "", "kintsugi")
                .map(|dirs| dirs.data_dir().to_path_buf()),
        };
        if no_save {
            return Ok(Store { dir: None, home });
        }
        let dir = home
            .clone()
            .context("cannot find your data folder; pass --data-dir DIR")?;
        keep_private(&dir)?;
        keep_private(&dir.join("sessions"))?;
        Ok(Store {
            dir: Some(dir.join("sessions")),
            home,
        })
    }

    /// The data folder, read even with `--no-save` (for a safety hold), never written
    /// then.
    pub fn home(&self) -> Option<&Path> {
        self.home.as_deref()
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

    /// Starts a new journal for a session of `guide`, writing its first records (the
    /// start, and the history the session was given) in one write.
    pub fn create(&self, guide: &str, first: &[Record]) -> anyhow::Result<JournalFile> {
        let stamp = now()
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
        lock(&file, &id)?;
        let mut journal = JournalFile {
            file: Some(file),
            id,
            path: Some(path),
        };
        let lines: String = first.iter().map(Record::to_line).collect();
        journal.write(lines.as_bytes())?;
        Ok(journal)
    }

    /// Opens an existing journal to add to it, for this sitting alone (a second one is
    /// told the session is open elsewhere). A damaged tail is first moved aside, to
    /// `ID.damaged`, so that nothing is ever written after damage.
    pub fn reopen(&self, id: &str) -> anyhow::Result<JournalFile> {
        let path = self.journal_path(id)?;
        let file = open_private(&path, false)?;
        lock(&file, id)?;
        let bytes = read_regular(&path)?;
        let journal = Record::read_bytes(&bytes)
            .with_context(|| format!("the journal {} cannot be read", path.display()))?;
        if journal.valid_len < bytes.len() {
            let aside = self.aside_path(id)?;
            let mut kept = open_private(&aside, !aside.exists())?;
            kept.write_all(&bytes[journal.valid_len..])
                .and_then(|()| kept.sync_all())
                .with_context(|| format!("cannot keep the damaged part in {}", aside.display()))?;
            file.set_len(journal.valid_len as u64)
                .and_then(|()| file.sync_all())
                .with_context(|| format!("cannot repair {}", path.display()))?;
        }
        let mut journal_file = JournalFile {
            file: Some(file),
            id: id.to_string(),
            path: Some(path),
        };
        // A last record whole but for its newline gets it, so the next starts a line.
        if journal.valid_len > 0 && bytes[journal.valid_len - 1] != b'\n' {
            journal_file.write(b"\n")?;
        }
        Ok(journal_file)
    }

    /// Where a session's journal is (whether or not it exists). An id is a name, never
    /// a path: `../elsewhere` is refused.
    pub fn journal_path(&self, id: &str) -> anyhow::Result<PathBuf> {
        check_id(id)?;
        Ok(self.dir()?.join(format!("{id}.jsonl")))
    }

    /// Where the damaged part of a session's journal is kept once moved aside.
    fn aside_path(&self, id: &str) -> anyhow::Result<PathBuf> {
        check_id(id)?;
        Ok(self.dir()?.join(format!("{id}.damaged")))
    }

    /// A session's journal, read back: every whole record up to any damage, which is
    /// reported on standard error with what was set aside (nothing is applied past it).
    pub fn read(&self, id: &str) -> anyhow::Result<Journal> {
        let path = self.journal_path(id)?;
        if fs::symlink_metadata(&path).is_err() {
            bail!(
                "there is no saved session \"{id}\"; `{}` lists them",
                command("resume")
            );
        }
        let bytes = read_regular(&path)?;
        let journal = Record::read_bytes(&bytes)
            .with_context(|| format!("the journal {} cannot be read", path.display()))?;
        if let Some(damage) = &journal.damage {
            // Not through `main`'s door, so escaped here: the reason may quote the file.
            let warning = format!("warning: {}: {damage}", path.display());
            eprintln!(
                "{}",
                crate::terminal::wrap(&kintsugi_engine::shown::escape(&warning), "", "")
            );
        }
        Ok(journal)
    }

    /// The files that hold a session: its journal and the damaged part set aside, those
    /// that exist (links among them are themselves, never what they point to).
    pub fn files_of(&self, id: &str) -> anyhow::Result<Vec<PathBuf>> {
        let files: Vec<PathBuf> = [self.journal_path(id)?, self.aside_path(id)?]
            .into_iter()
            .filter(|p| fs::symlink_metadata(p).is_ok())
            .collect();
        if files.is_empty() {
            bail!(
                "there is no saved session \"{id}\"; `{}` lists them",
                command("resume")
            );
        }
        Ok(files)
    }

    /// Every file of every session, readable or not (damaged, empty, set aside).
    pub fn all_files(&self) -> anyhow::Result<Vec<PathBuf>> {
        let Ok(entries) = fs::read_dir(self.dir()?) else {
            return Ok(Vec::new());
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.extension()
                    .is_some_and(|e| e == "jsonl" || e == "damaged")
            })
            .collect();
        files.sort();
        Ok(files)
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
        self.write(record.to_line().as_bytes())
    }

    fn write(&mut self, bytes: &[u8]) -> anyhow::Result<()> {
        let Some(file) = &mut self.file else {
            return Ok(());
        };
        file.write_all(bytes)
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

/// The largest journal read (a year of weekly sessions is far smaller).
const MAX_JOURNAL_BYTES: u64 = 256 * 1024 * 1024;

/// A session id is a plain name: letters, digits, `-`, `_` and `.`, not starting with `.`.
fn check_id(id: &str) -> anyhow::Result<()> {
    let plain = !id.is_empty()
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !plain {
        bail!(
            "\"{id}\" is not a session id (ids are names such as 2026-12-01-20-15-00-check-in); `{}` lists them",
            command("resume")
        );
    }
    Ok(())
}

/// Reads a journal that is a regular file of a sane size: never a link, a FIFO or a
/// device, which could point outside the folder or never end.
fn read_regular(path: &Path) -> anyhow::Result<Vec<u8>> {
    let meta =
        fs::symlink_metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
    if !meta.file_type().is_file() {
        bail!(
            "{} is not a plain file, so it is not read as a journal",
            path.display()
        );
    }
    if meta.len() > MAX_JOURNAL_BYTES {
        bail!("{} is too large to be a journal", path.display());
    }
    fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Takes the journal for this sitting, or says that another has it.
fn lock(file: &File, id: &str) -> anyhow::Result<()> {
    match file.try_lock() {
        Ok(()) => Ok(()),
        Err(fs::TryLockError::WouldBlock) => bail!(
            "the session {id} is open elsewhere (another Kintsugi is running it): finish or close it there first"
        ),
        Err(fs::TryLockError::Error(e)) => {
            Err(e).with_context(|| format!("cannot take the journal of {id}"))
        }
    }
}

/// A folder of sessions is its owner's alone. One made beforehand that others may read
/// or write into (0777, 0755) is tightened to 0700 with a note, or, when that fails
/// (it is someone else's), refused with the command that fixes it. A folder shared by
/// design (the sticky bit, as on /tmp) is refused: tightening would take it from others.
#[cfg(unix)]
fn keep_private(dir: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    // Not made yet: it is made owner-only when first needed.
    let Ok(meta) = fs::metadata(dir) else {
        return Ok(());
    };
    let mode = meta.permissions().mode() & 0o7777;
    if !meta.is_dir() || mode & 0o077 == 0 {
        return Ok(());
    }
    let shown = dir.display();
    let quoted = shlex::try_quote(&dir.to_string_lossy())
        .map(|q| q.into_owned())
        .unwrap_or_else(|_| dir.display().to_string());
    if mode & 0o1000 != 0 {
        bail!(
            "{shown} is shared with every user (mode {mode:o}), so sessions are not kept there; \
             choose a folder of your own: --data-dir {}",
            shlex::try_quote(&dir.join("kintsugi").to_string_lossy())
                .map(|q| q.into_owned())
                .unwrap_or_default()
        );
    }
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).with_context(|| {
        format!(
            "{shown} can be read by others (mode {mode:03o}) and could not be made yours alone; \
             fix it with `chmod 700 {quoted}` (run by its owner), or choose another folder with --data-dir"
        )
    })?;
    // Written before the door is handed to any command: wrapped here as it would wrap.
    eprintln!(
        "{}",
        crate::terminal::wrap(
            &format!(
                "note: {shown} could be read by others (mode {mode:03o}); it is now yours alone (700)."
            ),
            "",
            ""
        )
    );
    Ok(())
}

#[cfg(not(unix))]
fn keep_private(_dir: &Path) -> anyhow::Result<()> {
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
