//! The `kintsugi` binary: parses the command line and runs a command.

mod args;
mod check;
mod commands;
mod defs;
mod explore;
mod graph;
mod library;
mod privacy;
mod profile;
mod repl;
mod report;
mod safety;
mod store;
mod terminal;
mod test_cmd;

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
