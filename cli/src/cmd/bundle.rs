//! `kintsugi bundle`: a guide and the modules it imports as one file, which a counselor
//! can send and a couple can run with nothing beside it. The guide is loaded first (its
//! modules gathered and checked as any run gathers them), so a guide whose module is
//! missing or broken is never bundled.

use crate::args::BundleArgs;
use crate::guides;
use std::io::Write;
use std::process::ExitCode;

/// Runs `kintsugi bundle`.
pub fn run(args: BundleArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let (_, guide) = guides::open(&args.guide)?;
    let one = guide.bundled();
    // Written whole or not at all: the output may be the guide itself.
    let folder = match args.output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(&folder)?;
    file.write_all(one.as_bytes())?;
    file.persist(&args.output)?;
    let count = guide.modules().len();
    writeln!(
        out,
        "Wrote {} ({count} module{} bundled: {}). It runs and checks on its own, with nothing beside it.",
        args.output.display(),
        if count == 1 { "" } else { "s" },
        if count == 0 {
            "none".to_string()
        } else {
            guide
                .modules()
                .keys()
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        }
    )?;
    Ok(ExitCode::SUCCESS)
}
