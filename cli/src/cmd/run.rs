//! `kintsugi run`: starts a guide with the partners' names, after the safety intake,
//! and hands it to the conversation at the keyboard.

use crate::args::RunArgs;
use crate::guides::{self, DEFAULT_GUIDE};
use crate::repl::{Repl, intake};
use crate::store::{Store, now};
use crate::terminal::Input;
use kintsugi_engine::{Header, JOURNAL_FORMAT, Record, Session, Setup, Source};
use std::io::Write;
use std::process::ExitCode;

/// Runs `kintsugi run`.
pub fn run(
    store: &Store,
    args: RunArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let name = args.guide.unwrap_or_else(|| DEFAULT_GUIDE.to_string());
    let source = guides::source(&name)?;
    let text = source.text.clone();
    let problems = problems_ahead(&source);
    let guide = guides::load_reported(&source)?;
    if !problems.is_empty() {
        // Found before anyone answers, rather than when a session gets there.
        writeln!(
            err,
            "Note: this guide has problems that will stop a session when it gets there \
             (`kintsugi check {name}` explains each):"
        )?;
        for problem in &problems {
            writeln!(err, "  {problem}")?;
        }
        writeln!(err)?;
    }
    let decl = guide.declaration().clone();
    writeln!(out, "{}", decl.title)?;
    if !decl.summary.is_empty() {
        writeln!(out, "{}", decl.summary)?;
    }
    let mut input = Input::new(args.answers.as_deref())?;
    let names = match &args.names {
        Some(list) => crate::names::parse(list, &decl)?,
        None => match crate::names::ask(&mut input, &decl, out)? {
            Some(names) => names,
            None => {
                writeln!(
                    out,
                    "\nNo names were given, so nothing was started or saved."
                )?;
                return Ok(ExitCode::SUCCESS);
            }
        },
    };
    let Some((input, region)) =
        intake::before_guide(store, &decl, &names, input, args.safety, out, err)?
    else {
        return Ok(ExitCode::SUCCESS);
    };
    let setup = Setup {
        names,
        // A fresh seed for each session, saved in its journal.
        seed: args.seed.unwrap_or_else(|| fastrand::u64(..)),
    };
    let header = Header {
        format: JOURNAL_FORMAT,
        guide: name.clone(),
        guide_hash: guide.hash().to_string(),
        source: text,
        modules: Some(guide.modules().clone()),
        seed: setup.seed,
        names: setup.names.clone(),
        started: now(),
        author: args.safety.author,
    };
    let session = Session::start(guide, setup)?;
    let journal = store.create(&name, &Record::Start(header))?;
    match &journal.path {
        Some(_) => writeln!(
            out,
            "\nThis session is saved on this computer only (session {}).",
            journal.id
        )?,
        None if args.safety.author => writeln!(out, "\nNothing of this test run will be saved.")?,
        None => writeln!(out, "\nNothing of this session will be saved (--no-save).")?,
    }
    writeln!(
        out,
        "Type :help at any prompt to see the commands, such as :back and :break."
    )?;
    let mut repl = Repl::new(session, journal, input, out, err);
    repl.guide_path = guides::file_of(&name);
    repl.region = region;
    if args.safety.author {
        repl.test_run = true;
    } else {
        repl.hold_home = store.home().map(std::path::Path::to_path_buf);
    }
    Ok(repl.run()?.exit_code())
}

/// The errors `check` finds in a guide from a file (shipped guides are checked by the
/// tests), as one line each.
fn problems_ahead(source: &Source) -> Vec<String> {
    if source.folder.is_none() {
        return Vec::new();
    }
    kintsugi_engine::check(source, &kintsugi_engine::Config::default())
        .into_iter()
        .filter(|d| d.severity == kintsugi_engine::Severity::Error)
        .map(|d| d.to_string())
        .collect()
}
