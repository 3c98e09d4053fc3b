//! The command line.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "kintsugi",
    version,
    about = "Guided conversations for two partners rebuilding trust, at one keyboard.",
    after_help = "Start with `kintsugi run`. Everything you type stays on this computer."
)]
pub struct Args {
    /// Keep sessions in this folder instead of your data folder.
    #[arg(long, global = true, env = "KINTSUGI_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Start a guide: a shipped guide's name, or a path to a .rhai file.
    Run {
        /// The guide (default: acknowledge-hurt).
        guide: Option<String>,
        /// Keep nothing on disk.
        #[arg(long)]
        no_save: bool,
        /// Read answers from this file, one per line, before the keyboard.
        #[arg(long, value_name = "FILE")]
        answers: Option<PathBuf>,
        /// The partners' names, as role=Name,role=Name (otherwise they are asked).
        #[arg(long, value_name = "NAMES")]
        names: Option<String>,
        /// Seed for the guide's randomness (default: chosen at random and saved).
        #[arg(long)]
        seed: Option<u64>,
        #[command(flatten)]
        safety: SafetyArgs,
    },
    /// Continue a session that was not finished (lists them without an id).
    Resume {
        /// The session's id, as `kintsugi resume` lists it.
        session: Option<String>,
        /// Read answers from this file, one per line, before the keyboard.
        #[arg(long, value_name = "FILE")]
        answers: Option<PathBuf>,
        #[command(flatten)]
        safety: SafetyArgs,
    },
    /// List the shipped guides.
    List,
    /// Show or change the region whose help numbers Kintsugi shows.
    Region {
        /// A region code, such as US or UK, or `none`.
        code: Option<String>,
    },
    /// Write a session's transcript to a file, after showing it and both partners agree.
    Export {
        /// The session's id.
        session: String,
        /// The file to write (default: SESSION.md in this folder).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Write JSON instead of Markdown.
        #[arg(long)]
        json: bool,
    },
    /// Delete a session's journal for good (or every journal, and the profile, with --all).
    Forget {
        /// The session's id.
        #[arg(required_unless_present = "all")]
        session: Option<String>,
        #[arg(long, conflicts_with = "session")]
        all: bool,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Play a guide down every path: coverage, errors and the answers that reach them,
    /// steps that cannot finish.
    Explore(crate::explore::ExploreArgs),
    /// Run scenario files and compare each transcript with the one stored beside it.
    Test(crate::test_cmd::TestArgs),
    /// Draw a guide's flow (steps, moves, finishes) as Graphviz DOT or Mermaid.
    Graph(crate::graph::GraphArgs),
    /// Find the problems in guides without running them (exit 0 clean, 1 warnings, 2 errors).
    Check(crate::check::CheckArgs),
    /// Write Rhai definition files (.d.rhai) of the guide language, for editors.
    Defs(crate::defs::DefsArgs),
    /// Show a session's transcript: who was asked what, and who answered what.
    Transcript {
        /// The session's id.
        session: String,
        #[arg(long, value_enum, default_value_t = TranscriptFormat::Markdown)]
        format: TranscriptFormat,
        /// Include private answers that were never revealed (for one reader only).
        #[arg(long)]
        private: bool,
    },
}

/// When consent and screening run before a joint guide.
#[derive(clap::Args, Debug, Clone, Copy)]
pub struct SafetyArgs {
    /// An author trying a guide: skip consent and screening (the transcript says so).
    #[arg(long)]
    pub author: bool,
    /// Run consent and screening even when input is not a terminal (they always run
    /// at a terminal; piped runs skip them unless asked).
    #[arg(long, conflicts_with = "author")]
    pub screen: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TranscriptFormat {
    Markdown,
    Json,
}
