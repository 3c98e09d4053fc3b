//! Finding, loading and naming guides: the shipped ones (embedded at build time from
//! `scripts/`), guide files, and the guide a saved session was started with.

use crate::report::guide_failure;
use anyhow::{Context, bail};
use kintsugi_engine::{Config, Guide, Header, Journal, Session, Source};
use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/shipped.rs"));

/// The guide `kintsugi run` starts when none is named.
pub const DEFAULT_GUIDE: &str = "acknowledge-hurt";

/// The light guide: the "something lighter" that `:pause` offers in a joint guide and
/// the neutral message speaks of, and what a cover shows after a disclosure. A safety
/// hold does not stop it (it asks nothing about hard things).
pub const LIGHT_GUIDE: &str = "appreciations";

/// Said after the short message, the same to both: the choice it speaks of, as the
/// command that makes it (the light guide is never held; it asks its own consent).
pub fn lighter_way() -> String {
    format!(
        "Something lighter instead: {}. Or stop here; nothing more is needed.",
        crate::store::command(&format!("run {LIGHT_GUIDE}"))
    )
}

/// Whether `name` is a shipped guide's name (rather than a path).
pub fn is_shipped(name: &str) -> bool {
    SHIPPED.iter().any(|(n, _)| *n == name)
}

/// A shipped guide's name, or a path to a `.rhai` file.
pub fn source(name_or_path: &str) -> anyhow::Result<Source> {
    if let Some((name, text)) = SHIPPED.iter().find(|(n, _)| *n == name_or_path) {
        return Ok(Source::new(format!("{name}.rhai"), *text));
    }
    let path = Path::new(name_or_path);
    if !path.exists() {
        bail!(
            "there is no shipped guide named \"{name_or_path}\" and no file at that path.\n\
             `{}` shows the shipped guides; a custom guide is a path to a .rhai file.",
            crate::store::command("list")
        );
    }
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the guide {}", path.display()))?;
    let mut source = Source::new(path.display().to_string(), text);
    source.folder = Some(folder_of(path));
    Ok(source)
}

/// Loads a guide with the plugins the CLI uses.
pub fn load(source: &Source) -> Result<Guide, kintsugi_engine::Error> {
    Guide::load(source.clone(), Config::default())
}

/// Loads a guide; if it does not load, the error is the report of where it is wrong
/// (exit code 1).
pub fn load_reported(source: &Source) -> anyhow::Result<Guide> {
    load(source).map_err(|err| guide_failure(&err, source))
}

/// Finds and loads a guide by name or path, keeping its source.
pub fn open(name_or_path: &str) -> anyhow::Result<(Source, Guide)> {
    let source = source(name_or_path)?;
    let guide = load_reported(&source)?;
    Ok((source, guide))
}

/// The file a guide was read from, if it was not a shipped one (for `:reload`).
pub fn file_of(name: &str) -> Option<PathBuf> {
    (!is_shipped(name)).then(|| PathBuf::from(name))
}

/// The guide a journal was started with: its own saved text and modules. A format-1
/// journal kept no modules: they are read from the guide's folder, as they were then.
pub fn of_journal(header: &Header) -> Source {
    let shipped = is_shipped(&header.guide);
    let mut source = Source::new(
        if shipped {
            format!("{}.rhai", header.guide)
        } else {
            header.guide.clone()
        },
        header.source.clone(),
    );
    match &header.modules {
        Some(modules) => source.modules = modules.clone(),
        None if !shipped => source.folder = Some(folder_of(Path::new(&header.guide))),
        None => {}
    }
    source
}

/// The folder a guide file's modules are read from (`.` for a bare file name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A saved session, rebuilt from its journal with the guide it was started with.
pub fn replay(journal: &Journal) -> anyhow::Result<Session> {
    let guide = load_reported(&of_journal(&journal.header))?;
    Ok(journal.replay(guide)?)
}
