//! The shipped guides (embedded at build time) and how a guide argument is found.

use anyhow::{Context, bail};
use kintsugi_engine::{Config, Guide, Source};
use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/shipped.rs"));

/// The guide `kintsugi run` starts when none is named.
pub const DEFAULT_GUIDE: &str = "acknowledge-hurt";

/// A shipped guide's name, or a path to a `.rhai` file.
pub fn source(name_or_path: &str) -> anyhow::Result<Source> {
    if let Some((name, text)) = SHIPPED.iter().find(|(n, _)| *n == name_or_path) {
        return Ok(Source::new(format!("{name}.rhai"), *text));
    }
    let path = Path::new(name_or_path);
    if !path.exists() {
        bail!(
            "there is no shipped guide named \"{name_or_path}\" and no file at that path.\n\
             `kintsugi list` shows the shipped guides; a custom guide is a path to a .rhai file."
        );
    }
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the guide {}", path.display()))?;
    let mut source = Source::new(path.display().to_string(), text);
    source.folder = path.parent().map(|p| {
        if p.as_os_str().is_empty() {
            Path::new(".").to_path_buf()
        } else {
            p.to_path_buf()
        }
    });
    Ok(source)
}

/// Loads a guide with the plugins the CLI uses.
pub fn load(source: &Source) -> Result<Guide, kintsugi_engine::Error> {
    Guide::load(source.clone(), Config::default())
}
