//! The `kintsugi` binary: parses the command line, runs a command, and is the one place
//! that prints an error and chooses the exit code.

mod args;
mod chart;
mod clock;
mod cmd;
mod couples;
mod devices;
mod guides;
mod names;
mod profile;
mod programs;
mod repl;
mod report;
mod shown;
mod store;
mod terminal;
mod typeahead;

use args::{Args, Command};
use shown::Shown;
use std::io::Write;
use std::process::ExitCode;
use store::Store;
use terminal::Wrapped;

/// Counts the memory the process holds, so that the engine can stop a guide that takes
/// too much between two prompts (`Limits::memory_between_prompts`) with an error naming
/// its step, long before the system would refuse an allocation and abort.
#[global_allocator]
static ALLOCATOR: cap::Cap<std::alloc::System> = cap::Cap::new(std::alloc::System, usize::MAX);

fn main() -> ExitCode {
    kintsugi_engine::set_memory_meter(|| ALLOCATOR.allocated());
    let matches = <Args as clap::CommandFactory>::command().get_matches();
    let args = match <Args as clap::FromArgMatches>::from_arg_matches(&matches) {
        Ok(args) => args,
        Err(error) => error.exit(),
    };
    // Suggested commands repeat a `--data-dir` typed on the command line.
    if matches.value_source("data_dir") == Some(clap::parser::ValueSource::CommandLine)
        && let Some(dir) = &args.data_dir
    {
        store::given_data_dir(dir.clone());
    }
    // Everything a command shows goes through these two, so it can be redirected, a
    // reader that stops early (`| head`) is an error like any other, not a panic, and
    // nothing a guide or a partner wrote acts on the terminal (`shown.rs`). Standard
    // output is not held locked: on the devices, the terminal's own thread writes to it
    // too (`devices.rs`).
    // Under the door, lines too long for the terminal are broken between words, whoever
    // wrote them (`terminal::Wrapped`).
    use std::io::IsTerminal;
    let mut out = Shown::new(Wrapped::new(
        std::io::stdout(),
        std::io::stdout().is_terminal(),
    ));
    let mut err = Shown::new(Wrapped::new(
        std::io::stderr(),
        std::io::stderr().is_terminal(),
    ));
    let result = dispatch(args, &mut out, &mut err).and_then(|code| {
        out.flush()?;
        Ok(code)
    });
    match result {
        Ok(code) => code,
        // Whoever read our output has seen all they wanted.
        Err(error) if broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            let (text, code) = match error.downcast_ref::<report::Reported>() {
                Some(reported) => (reported.text.clone(), reported.code),
                None => (format!("error: {error:#}\n"), 2),
            };
            // Nowhere left to say that standard error is closed.
            let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
            ExitCode::from(code)
        }
    }
}

/// Runs the command the arguments name.
fn dispatch(args: Args, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let data_dir = args.data_dir;
    let Some(command) = args.command else {
        // Where the couple stands, if there is one here; nothing is created to find out.
        return cmd::next::bare(data_dir, out);
    };
    match command {
        Command::Run(run) => {
            // An author's test run keeps nothing: no journal, no profile, no hold lifted.
            let store = Store::open(data_dir, run.no_save || run.safety.author)?;
            cmd::run::run(&store, run, out, err)
        }
        Command::Resume(resume) => {
            let store = Store::open(data_dir, false)?;
            cmd::resume::run(&store, resume, out, err)
        }
        Command::List => cmd::list::run(out),
        Command::Region { code } => {
            let store = Store::open(data_dir, false)?;
            cmd::region::run(store.data_dir(), code, out)
        }
        Command::Release => {
            let store = Store::open(data_dir, false)?;
            cmd::release::run(store.data_dir(), out)
        }
        Command::Export {
            session,
            out: file,
            json,
        } => {
            let store = Store::open(data_dir, false)?;
            cmd::export::run(&store, &session, file, !json, out)
        }
        Command::Remind { ics } => {
            let store = Store::open(data_dir, false)?;
            cmd::remind::run(&store, ics.as_deref(), out)
        }
        Command::Forget { session, all, yes } => {
            let store = Store::open(data_dir, false)?;
            cmd::forget::run(&store, session.as_deref(), all, yes, out)
        }
        Command::Explore(args) => cmd::explore::run(args, out),
        Command::Test(args) => cmd::test::run(args, out),
        Command::Graph(args) => cmd::graph::run(args, out),
        Command::Check(args) => cmd::check::run(args, out),
        Command::Defs(args) => cmd::defs::run(args, out),
        Command::Bundle(args) => cmd::bundle::run(args, out),
        Command::History {
            couple,
            chart: false,
            ..
        } => {
            let store = Store::open(data_dir, false)?;
            cmd::history::run(&store, couple.as_deref(), out)
        }
        Command::History {
            couple,
            chart: true,
            format,
            output,
        } => {
            let store = Store::open(data_dir, false)?;
            cmd::history::chart(&store, couple.as_deref(), format, output, out)
        }
        Command::Agreements { couple } => {
            let store = Store::open(data_dir, false)?;
            cmd::agreements::run(&store, couple.as_deref(), out)
        }
        Command::Next(args) => {
            let store = Store::open(data_dir, false)?;
            cmd::next::run(&store, &args, out)
        }
        Command::Ready(args) => {
            let store = Store::open(data_dir, false)?;
            cmd::ready::run(&store, &args, out)
        }
        Command::Transcript {
            session,
            format,
            private,
        } => {
            let store = Store::open(data_dir, false)?;
            cmd::transcript::run(&store, session, format, private, out)
        }
    }
}

/// Whether an error comes from writing to a reader that went away.
fn broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
