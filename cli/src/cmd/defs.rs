//! `kintsugi defs`: writes Rhai definition files (`.d.rhai`) for the guide language into
//! a folder, where Rhai's language server (and the VS Code extension built on it) finds
//! them: every function with its parameters and documentation, and the role variables.

use crate::args::DefsArgs;
use crate::guides;
use kintsugi_engine::{Config, Outline, definitions};
use std::io::Write;
use std::process::ExitCode;

/// Runs `kintsugi defs`.
pub fn run(args: DefsArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let mut roles = Vec::new();
    for guide in &args.guide {
        let source = guides::source(guide)?;
        match guides::load(&source) {
            Ok(loaded) => roles.extend(
                loaded
                    .declaration()
                    .roles
                    .iter()
                    .map(|(role, what)| (role.clone(), what.clone())),
            ),
            Err(_) => {
                // A guide that does not load yet still has its roles written out.
                let engine = kintsugi_engine::rhai::Engine::new_raw();
                let declared = engine
                    .compile(&source.text)
                    .ok()
                    .and_then(|ast| Outline::of(&ast, &source.text).declaration)
                    .and_then(|d| d.roles);
                let Some(declared) = declared else {
                    anyhow::bail!(
                        "{guide} does not declare its roles as guide(#{{ roles: #{{ ... }} }}); `{}` says why",
                        crate::store::command(&format!("check {guide}"))
                    );
                };
                roles.extend(declared.into_iter().map(|(role, _)| (role, String::new())));
            }
        }
    }
    std::fs::create_dir_all(&args.dir)
        .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", args.dir.display()))?;
    let files = definitions(&Config::default(), &roles);
    for (name, text) in &files {
        let path = args.dir.join(name);
        std::fs::write(&path, text)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    }
    writeln!(
        out,
        "Wrote {} definition files to {}:",
        files.len(),
        args.dir.display()
    )?;
    for (name, _) in &files {
        writeln!(out, "  {name}")?;
    }
    writeln!(
        out,
        "\nRhai's language server reads them with the guides in the folder you open; the \
         README (\"In an editor\") shows a Rhai.toml that makes sure of it."
    )?;
    Ok(ExitCode::SUCCESS)
}
