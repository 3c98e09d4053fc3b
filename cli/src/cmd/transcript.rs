//! `kintsugi transcript`: a saved session's transcript, in Markdown or JSON, for both
//! partners (or, with `--private`, with every private answer).

use crate::args::TranscriptFormat;
use crate::store::Store;
use kintsugi_engine::{Format, Transcript, Viewer};
use std::io::Write;
use std::process::ExitCode;

/// Runs `kintsugi transcript`.
pub fn run(
    store: &Store,
    id: &str,
    format: TranscriptFormat,
    private: bool,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let journal = store.read(id)?;
    let session = crate::guides::replay(&journal)?;
    let viewer = if private {
        Viewer::Journal
    } else {
        Viewer::Both
    };
    let format = match format {
        TranscriptFormat::Markdown => Format::Markdown,
        TranscriptFormat::Json => Format::Json,
    };
    let mut transcript = Transcript::new(&session, viewer);
    if journal.header.author {
        transcript = transcript.note(kintsugi_engine::safety_data::AUTHOR_NOTE);
    }
    writeln!(out, "{}", transcript.render(format))?;
    Ok(ExitCode::SUCCESS)
}
