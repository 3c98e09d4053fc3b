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
    },
    /// Continue a session that was not finished (lists them without an id).
    Resume {
        /// The session's id, as `kintsugi resume` lists it.
        session: Option<String>,
        /// Read answers from this file, one per line, before the keyboard.
        #[arg(long, value_name = "FILE")]
        answers: Option<PathBuf>,
    },
    /// List the shipped guides.
    List,
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

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TranscriptFormat {
    Markdown,
    Json,
}
