//! The command line: every argument of every subcommand (clap). It knows nothing of what
//! the commands do.

use clap::{Parser, Subcommand, ValueEnum};
use kintsugi_engine::explore::Options;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "kintsugi",
    version,
    about = "Guided conversations for two partners rebuilding trust, at one keyboard or each on their own phone.",
    after_help = "Start with `kintsugi run`. Everything you type stays on this computer."
)]
pub struct Args {
    /// Keep sessions in this folder instead of your data folder.
    #[arg(long, global = true, env = "KINTSUGI_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Start a guide: a shipped guide's name, or a path to a .rhai file.
    Run(RunArgs),
    /// Continue a session that was not finished (lists them without an id).
    Resume(ResumeArgs),
    /// List the shipped guides.
    List,
    /// Show or change the region whose help numbers Kintsugi shows.
    Region {
        /// A region code, such as US or UK, or `none`.
        code: Option<String>,
    },
    /// Lift a safety hold on joint guides yourself, in private, with the code you were
    /// shown when your answers placed it.
    Release,
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
    /// When to come back from a break, or when the next check-in is due; `--ics` writes
    /// it as a calendar file with a neutral title.
    Remind {
        /// Write a calendar file (default: kintsugi.ics in this folder).
        #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = "kintsugi.ics")]
        ics: Option<PathBuf>,
    },
    /// Delete a session's journal for good (or every journal, and the profile, with --all).
    Forget {
        /// The session's id (without one, the saved sessions are listed).
        session: Option<String>,
        #[arg(long, conflicts_with = "session")]
        all: bool,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Play a guide down every path: coverage, errors and the answers that reach them,
    /// steps that cannot finish.
    Explore(ExploreArgs),
    /// Run scenario files and compare each transcript with the one stored beside it.
    Test(TestArgs),
    /// Draw a guide's flow (steps, moves, finishes) as Graphviz DOT or Mermaid.
    Graph(GraphArgs),
    /// Find the problems in guides without running them (exit 0 clean, 1 warnings, 2 errors).
    Check(CheckArgs),
    /// Write Rhai definition files (.d.rhai) of the guide language, for editors.
    Defs(DefsArgs),
    /// Write a guide and the modules it imports as one file, to send or run anywhere.
    Bundle(BundleArgs),
    /// Every session of each couple here, newest first: date, guide, status, agreements.
    History {
        /// Only this couple's: a partner's name, or the couple's id.
        #[arg(long, value_name = "NAME")]
        couple: Option<String>,
        /// Draw the trust ratings revealed at check-ins over time, per partner, with a
        /// line of text for each.
        #[arg(long)]
        chart: bool,
        /// With --chart: `svg` writes the chart to a file a counselor can open.
        #[arg(long, value_enum, requires = "chart")]
        format: Option<ChartFormat>,
        /// With --format svg: the file to write (default: kintsugi-trust-COUPLE.svg).
        #[arg(long, short, value_name = "FILE", requires = "format")]
        output: Option<PathBuf>,
    },
    /// Each couple's agreements, grouped by where they stand: open, kept, partly kept, ...
    Agreements {
        /// Only this couple's: a partner's name, or the couple's id.
        #[arg(long, value_name = "NAME")]
        couple: Option<String>,
    },
    /// Where you stand in your program over weeks and what comes next, and why (also
    /// `kintsugi` alone). It only suggests: every guide runs whenever you like.
    Next(ProgramArgs),
    /// Each of you says, in private, whether you are ready for the next phase of your
    /// program, when it asks (forgiveness, in the shipped program).
    Ready(ProgramArgs),
    /// Show a session's transcript: who was asked what, and who answered what.
    Transcript {
        /// The session's id (without one, the latest session is offered).
        session: Option<String>,
        /// The form (default: plain text at a terminal, Markdown otherwise).
        #[arg(long, value_enum)]
        format: Option<TranscriptFormat>,
        /// Include private answers that were never revealed (for one reader only).
        #[arg(long)]
        private: bool,
    },
}

/// `kintsugi next` and `kintsugi ready`.
#[derive(clap::Args, Debug, Default)]
pub struct ProgramArgs {
    /// The couple (a partner's name, or the couple's id), when several have sessions here.
    #[arg(long, value_name = "NAME")]
    pub couple: Option<String>,
    /// A program file of your own (TOML; see the README) instead of the shipped one,
    /// rebuild-trust.
    #[arg(long, value_name = "FILE")]
    pub program: Option<PathBuf>,
}

/// `kintsugi run`.
#[derive(clap::Args, Debug)]
pub struct RunArgs {
    /// The guide (default: acknowledge-hurt).
    pub guide: Option<String>,
    /// Keep nothing on disk.
    #[arg(long)]
    pub no_save: bool,
    /// Read answers from this file, one per line, before the keyboard.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// The partners' names, as role=Name,role=Name (otherwise they are asked).
    #[arg(long, value_name = "NAMES")]
    pub names: Option<String>,
    /// Seed for the guide's randomness (default: chosen at random and saved).
    #[arg(long)]
    pub seed: Option<u64>,
    #[command(flatten)]
    pub safety: SafetyArgs,
    #[command(flatten)]
    pub devices: DevicesArgs,
}

/// `kintsugi resume`.
#[derive(clap::Args, Debug)]
pub struct ResumeArgs {
    /// The session's id, as `kintsugi resume` lists it.
    pub session: Option<String>,
    /// Read answers from this file, one per line, before the keyboard.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    #[command(flatten)]
    pub safety: SafetyArgs,
    #[command(flatten)]
    pub devices: DevicesArgs,
}

/// Each partner on their own device (`--devices`).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct DevicesArgs {
    /// Each partner answers on their own phone or tablet: pages served from this
    /// computer, on this computer only unless --bind names a network address.
    #[arg(long, conflicts_with = "answers")]
    pub devices: bool,
    /// The one address to serve the pages on, such as 192.168.1.20 or 192.168.1.20:8080
    /// (default: 127.0.0.1, this computer only). Never every interface.
    #[arg(long, value_name = "ADDR", requires = "devices")]
    pub bind: Option<String>,
    /// Serve the pages over HTTPS, with a certificate made on this computer (kept in
    /// the data folder, so its fingerprint stays the same from one evening to the next).
    #[arg(long, requires = "devices")]
    pub tls: bool,
}

/// When consent and screening run before a joint guide.
#[derive(clap::Args, Debug, Clone, Copy)]
pub struct SafetyArgs {
    /// An author trying a guide: skip consent and screening, and keep nothing (every
    /// prompt says it is a test run).
    #[arg(long)]
    pub author: bool,
    /// Run consent and screening even in a run that keeps nothing (--no-save) with
    /// input that is not a terminal (every other run has them).
    #[arg(long, conflicts_with = "author")]
    pub screen: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartFormat {
    /// In the terminal (the default).
    Text,
    /// An SVG picture, written to a file.
    Svg,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TranscriptFormat {
    Text,
    Markdown,
    Json,
}

/// `kintsugi explore`.
#[derive(clap::Args, Debug)]
pub struct ExploreArgs {
    /// The guide: a shipped guide's name, or a path to a .rhai file.
    pub guide: String,
    /// Play at most N paths (each an answer sequence, played from the start).
    #[arg(long, value_name = "N", default_value_t = Options::default().max_paths)]
    pub max_paths: usize,
    /// Follow a path for at most N answers.
    #[arg(long, value_name = "N", default_value_t = Options::default().max_depth)]
    pub max_depth: usize,
    /// Follow a loop for at most N rounds on one path (each round different): a loop
    /// that goes on past them is named, and the search cut there.
    #[arg(long, value_name = "N", default_value_t = Options::default().max_rounds)]
    pub max_rounds: usize,
    /// Instead of every path, N random playthroughs that prefer the answers taken least.
    #[arg(long, value_name = "N")]
    pub random: Option<usize>,
    /// Seeds the random playthroughs and the guide's own randomness.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,
    /// The partners' names, as role=Name,role=Name (default: Alex, Sam, ...).
    #[arg(long, value_name = "NAMES")]
    pub names: Option<String>,
    /// Write one Markdown transcript per path explored into DIR.
    #[arg(long, value_name = "DIR")]
    pub transcripts: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Exit with 0 even when a limit cut the search short (by default a cut search
    /// exits with 1: what was not explored was not checked).
    #[arg(long)]
    pub allow_cut: bool,
    /// Give the guide this couple's history (a JSON file, as a journal keeps it);
    /// without it, the guide is explored as a couple's first session.
    #[arg(long, value_name = "FILE")]
    pub history: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Text,
    Json,
}

/// `kintsugi graph`.
#[derive(clap::Args, Debug)]
pub struct GraphArgs {
    /// The guide: a shipped guide's name, or a path to a .rhai file.
    pub guide: String,
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,
    /// Write the graph to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Play at most N paths while exploring (see `kintsugi explore`).
    #[arg(long, value_name = "N", default_value_t = Options::default().max_paths)]
    pub max_paths: usize,
    /// Follow a path for at most N answers while exploring.
    #[arg(long, value_name = "N", default_value_t = Options::default().max_depth)]
    pub max_depth: usize,
    /// Follow a loop for at most N rounds on one path while exploring.
    #[arg(long, value_name = "N", default_value_t = Options::default().max_rounds)]
    pub max_rounds: usize,
    /// Seeds the guide's own randomness.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphFormat {
    Dot,
    Mermaid,
}

/// `kintsugi test`.
#[derive(clap::Args, Debug)]
pub struct TestArgs {
    /// A scenario file, or a folder searched (with its subfolders) for *.scenario files.
    /// Default: tests/scenarios if that folder exists here, else the current folder.
    pub path: Option<PathBuf>,
    /// Record each new or changed transcript as the expected one.
    #[arg(long)]
    pub accept: bool,
    /// Fail scenarios whose answers stop before the guide ends.
    #[arg(long)]
    pub require_end: bool,
}

/// `kintsugi check`.
#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Guides to check: .rhai files, folders (every .rhai file in them) or shipped
    /// guides' names.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
    /// How to print the problems (their codes are described in docs/checks.md).
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckFormat {
    /// Each problem with the source lines underlined.
    Human,
    /// One line per problem: `FILE:LINE:COLUMN: SEVERITY[CODE]: MESSAGE`.
    Short,
    /// One JSON document: {"guides": [...], "diagnostics": [...], "errors", "warnings"}.
    Json,
}

/// `kintsugi bundle`.
#[derive(clap::Args, Debug)]
pub struct BundleArgs {
    /// The guide: a .rhai file (its modules are read from its folder).
    #[arg(value_name = "GUIDE")]
    pub guide: String,
    /// The file to write: the guide, then its modules.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

/// `kintsugi defs`.
#[derive(clap::Args, Debug)]
pub struct DefsArgs {
    /// The folder to write into (created if needed; files of the same name are replaced).
    #[arg(default_value = ".rhai/definitions", value_name = "DIR")]
    pub dir: PathBuf,
    /// Also describe the roles this guide declares (a file, or a shipped guide's name;
    /// may be given more than once).
    #[arg(long, value_name = "GUIDE")]
    pub guide: Vec<String>,
}
