//! `kintsugi list`: the shipped guides, with their titles, summaries and roles.

use crate::guides::{self, DEFAULT_GUIDE, SHIPPED};
use std::io::Write;
use std::process::ExitCode;

/// Runs `kintsugi list`.
pub fn run(out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    writeln!(
        out,
        "Shipped guides (run one with `{}`):\n",
        crate::store::command("run NAME")
    )?;
    for (name, _) in SHIPPED {
        let default = if *name == DEFAULT_GUIDE {
            "  (default)"
        } else {
            ""
        };
        match guides::load(&guides::source(name)?) {
            Ok(guide) => {
                let decl = guide.declaration();
                writeln!(out, "{name}{default}\n    {}", decl.title)?;
                if !decl.summary.is_empty() {
                    writeln!(out, "    {}", decl.summary)?;
                }
                let roles: Vec<String> = decl
                    .roles
                    .iter()
                    .map(|(role, what)| format!("{role} ({what})"))
                    .collect();
                writeln!(out, "    roles: {}\n", roles.join(", "))?;
            }
            Err(err) => writeln!(out, "{name}{default}\n    does not load: {err}\n")?,
        }
    }
    Ok(ExitCode::SUCCESS)
}
