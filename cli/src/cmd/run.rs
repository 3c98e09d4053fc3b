//! `kintsugi run`: starts a guide with the partners' names, after the safety intake,
//! and hands it to the conversation at the keyboard.

use crate::args::RunArgs;
use crate::guides::{self, DEFAULT_GUIDE};
use crate::repl::intake::{self, Next};
use crate::repl::{Outcome, Repl};
use crate::store::{Store, now};
use crate::terminal::Input;
use indexmap::IndexMap;
use kintsugi_engine::{
    CoupleHistory, Guide, Header, JOURNAL_FORMAT, Record, Session, Setup, Source,
};
use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

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
    let (problems, checked) = problems_ahead(&source);
    let guide = match checked {
        Some(guide) => guide,
        None => guides::load_reported(&source)?,
    };
    if !problems.is_empty() {
        // Found before anyone answers, rather than when a session gets there.
        writeln!(
            err,
            "Note: this guide has problems that will stop a session when it gets there \
             (`{}` explains each):",
            crate::store::command(&format!("check {name}"))
        )?;
        for problem in &problems {
            writeln!(err, "  {problem}")?;
        }
        writeln!(err)?;
    }
    let decl = guide.declaration().clone();
    let mut input = Input::new(args.answers.as_deref())?;
    // Where the couple lives, if this data folder knows it already: whose help `:pause`
    // at the names shows (before it is asked, every region's).
    let known = crate::profile::Profile::read(store.home(), false)?.region;
    let no_names = |out: &mut dyn Write| {
        writeln!(
            out,
            "\nNo names were given, so nothing was started or saved."
        )
    };
    let names = match &args.names {
        Some(list) => crate::names::parse(list, &decl)?,
        None => match crate::names::ask(&mut input, &decl, IndexMap::new(), known.as_deref(), out)?
        {
            Some(names) => names,
            None => {
                no_names(out)?;
                return Ok(ExitCode::SUCCESS);
            }
        },
    };
    // A break of this couple's still running stops any guide of theirs, as it stops
    // `resume`; an author's run keeps nothing and is only a test.
    if store.data_dir().is_some()
        && !args.safety.author
        && let Some(said) = crate::couples::couple_on_break(store, &names)?
    {
        writeln!(out, "{}", crate::terminal::wrap(&said, "", ""))?;
        return Ok(ExitCode::SUCCESS);
    }
    // `:back` at the region question goes back to the names if they were asked here
    // (not on the devices, whose pages ask the region but not the names).
    let names_before = args.names.is_none() && !args.devices.devices;
    let (seed, safety) = (args.seed, args.safety);
    let sit = |mut input: Input, out: &mut dyn Write| {
        let light = name == guides::LIGHT_GUIDE;
        let mut names = names.clone();
        loop {
            let Some((back, region, next)) = intake::before_guide(
                store,
                &decl,
                &names,
                input,
                safety,
                light,
                names_before,
                out,
                err,
            )?
            else {
                return Ok(ExitCode::SUCCESS);
            };
            input = back;
            if next == Next::Names {
                // The second name again (and `:back` there, the first), then the region.
                names.pop();
                match crate::names::ask(&mut input, &decl, names, known.as_deref(), out)? {
                    Some(again) => names = again,
                    None => {
                        no_names(out)?;
                        return Ok(ExitCode::SUCCESS);
                    }
                }
                continue;
            }
            let sitting = Sitting {
                store,
                names,
                input,
                region,
                author: safety.author,
            };
            return match next {
                Next::Lighter if !light => sitting.lighter(out, err),
                _ => sitting.start(&name, guide, text, seed, out, err),
            };
        }
    };
    if args.devices.devices {
        // The pages are headed "Kintsugi" until a guide starts, and then by that guide
        // (`Sitting::start`): a cover's light guide heads them as any evening of it.
        return crate::devices::host(store, &args.devices, "Kintsugi", &names, out, sit);
    }
    sit(input, out)
}

/// What a session is started with, after the intake.
pub struct Sitting<'s> {
    pub store: &'s Store,
    /// The partners' names by the role of the guide they were given for.
    pub names: IndexMap<String, String>,
    pub input: Input,
    pub region: Option<String>,
    /// An author's test run: nothing kept, every prompt says so.
    pub author: bool,
}

impl Sitting<'_> {
    /// Starts a session of `guide` (saved unless the store keeps nothing) and runs it at
    /// the keyboard. A switch to the light guide starts it in turn, with the same names.
    pub fn start(
        self,
        name: &str,
        guide: Guide,
        text: String,
        seed: Option<u64>,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> anyhow::Result<ExitCode> {
        // A session that is kept belongs to its couple and is given their history; an
        // author's run and one that keeps nothing read none (their runs stay the same
        // wherever they run).
        let (couple, history) = if self.store.data_dir().is_some() && !self.author {
            let id = crate::profile::couple_key(self.names.values());
            let history = crate::couples::history_of(self.store, &id)?;
            (Some(id), history)
        } else {
            (None, CoupleHistory::default())
        };
        let setup = Setup {
            names: self.names.clone(),
            // A fresh seed for each session, saved in its journal.
            seed: seed.unwrap_or_else(|| fastrand::u64(..)),
            history: Arc::new(history.clone()),
        };
        let header = Header {
            format: JOURNAL_FORMAT,
            guide: name.to_string(),
            guide_hash: guide.hash().to_string(),
            source: text,
            modules: Some(guide.modules().clone()),
            seed: setup.seed,
            names: setup.names.clone(),
            started: now(),
            author: self.author,
            couple,
        };
        // The guide is headed here, when it starts, after the questions before it: the
        // same place for every guide, whether typed, chosen at `:pause` or a cover after a
        // disclosure, so that the shared screen of a cover reads as any run of the light
        // guide (a heading before the names would name the guide typed, then the other).
        let decl = guide.declaration();
        if let Some(room) = self.input.room() {
            room.retitle(&decl.title);
        }
        writeln!(out, "\n{}", decl.title)?;
        if !decl.summary.is_empty() {
            writeln!(out, "{}", crate::terminal::wrap(&decl.summary, "", ""))?;
        }
        let session = Session::start(guide, setup)?;
        let mut first = vec![Record::Start(header)];
        if !history.is_empty() {
            first.push(Record::History { history });
        }
        let journal = self.store.create(name, &first)?;
        match &journal.path {
            Some(_) => writeln!(
                out,
                "\nThis session is saved on this computer only (session {}).",
                journal.id
            )?,
            None if self.author => writeln!(out, "\nNothing of this test run will be saved.")?,
            None => writeln!(out, "\nNothing of this session will be saved (--no-save).")?,
        }
        // Each host in its own words: typed commands at the keyboard, buttons on the pages.
        if self.input.room().is_some() {
            writeln!(
                out,
                "Under each question, buttons such as Back and Break do what the commands do at a keyboard; Help says what each does."
            )?;
        } else {
            writeln!(
                out,
                "Type :help at any prompt to see the commands, such as :back and :break."
            )?;
        }
        let mut repl = Repl::new(session, journal, self.input, out, err);
        repl.guide_path = guides::file_of(name);
        repl.region = self.region.clone();
        repl.light = name == guides::LIGHT_GUIDE;
        if self.author {
            repl.test_run = true;
        } else {
            repl.hold_home = self.store.home().map(std::path::Path::to_path_buf);
        }
        let outcome = repl.run()?;
        if outcome != Outcome::Lighter {
            return Ok(outcome.exit_code());
        }
        let Repl { input, .. } = repl;
        Sitting { input, ..self }.lighter(out, err)
    }

    /// Starts the light guide with the same partners, as any guide starts: what
    /// `:pause` offers as "something lighter", and what a cover shows after a
    /// disclosure. Its journal is that of any session of it.
    pub fn lighter(self, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<ExitCode> {
        let (source, guide) = guides::open(guides::LIGHT_GUIDE)?;
        let decl = guide.declaration();
        // The same partners, in the same order, by the light guide's roles.
        let names = decl
            .roles
            .keys()
            .cloned()
            .zip(self.names.values().cloned())
            .collect();
        let text = source.text.clone();
        Sitting { names, ..self }.start(guides::LIGHT_GUIDE, guide, text, None, out, err)
    }
}

/// The errors `check` finds in a guide from a file (shipped guides are checked by the
/// tests), as one line each, and the guide it loaded if it loads: one load, not two.
fn problems_ahead(source: &Source) -> (Vec<String>, Option<Guide>) {
    if source.folder.is_none() {
        return (Vec::new(), None);
    }
    let (diagnostics, loaded) =
        kintsugi_engine::check_and_load(source, &kintsugi_engine::Config::default());
    let problems = diagnostics
        .into_iter()
        .filter(|d| d.severity == kintsugi_engine::Severity::Error)
        .map(|d| d.to_string())
        .collect();
    (problems, loaded.ok())
}
