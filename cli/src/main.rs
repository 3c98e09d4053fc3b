//! The `kintsugi` binary: parses the command line and runs a command.

mod args;
mod commands;
mod library;
mod repl;
mod report;
mod store;
mod terminal;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let args = args::Args::parse();
    match commands::dispatch(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::ExitCode::from(2)
        }
    }
}
