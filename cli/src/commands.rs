//! What each subcommand does.

use crate::args::{Args, Command, SafetyArgs, TranscriptFormat};
use crate::library::{self, DEFAULT_GUIDE, SHIPPED};
use crate::profile::Profile;
use crate::repl::{Outcome, Repl};
use crate::store::{Store, now};
use crate::terminal::{Input, Line};
use anyhow::{Context, bail};
use indexmap::IndexMap;
use kintsugi_engine::{
    Declaration, Format, Guide, Header, JOURNAL_FORMAT, Record, Session, Setup, Source, Transcript,
    Viewer,
};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn dispatch(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        Command::Run {
            guide,
            no_save,
            answers,
            names,
            seed,
            safety,
        } => {
            let store = Store::open(args.data_dir, no_save)?;
            let guide = guide.unwrap_or_else(|| DEFAULT_GUIDE.to_string());
            run(
                &store,
                &guide,
                answers.as_deref(),
                names.as_deref(),
                seed,
                safety,
            )
        }
        Command::Resume {
            session,
            answers,
            safety,
        } => {
            let store = Store::open(args.data_dir, false)?;
            resume(&store, session, answers.as_deref(), safety)
        }
        Command::List => list(),
        Command::Region { code } => {
            let store = Store::open(args.data_dir, false)?;
            crate::profile::region_command(store.data_dir(), code)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { session, out, json } => {
            let store = Store::open(args.data_dir, false)?;
            crate::privacy::export(&store, &session, out, !json)
        }
        Command::Forget { session, all, yes } => {
            let store = Store::open(args.data_dir, false)?;
            crate::privacy::forget(&store, session.as_deref(), all, yes)
        }
        Command::Explore(args) => crate::explore::run(args),
        Command::Test(args) => crate::test_cmd::run(args),
        Command::Graph(args) => crate::graph::run(args),
        Command::Check(args) => crate::check::run(args),
        Command::Defs(args) => crate::defs::run(args),
        Command::Transcript {
            session,
            format,
            private,
        } => {
            let store = Store::open(args.data_dir, false)?;
            transcript(&store, &session, format, private)
        }
    }
}

/// Loads a guide, or prints where it is wrong and gives the exit code for that.
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

fn load(source: Source) -> Result<Guide, ExitCode> {
    library::load(&source).map_err(|err| {
        eprint!("{}", crate::report::guide_error(&err, &source));
        ExitCode::from(1)
    })
}

fn exit_code(outcome: Outcome) -> ExitCode {
    match outcome {
        Outcome::Finished | Outcome::Stopped | Outcome::InputEnded => ExitCode::SUCCESS,
        Outcome::Failed => ExitCode::from(1),
    }
}

/// Runs the safety intake unless this is an author's run or an automated one. Returns
/// the input back, or `None` when the joint guide must not start.
fn safety_first(
    store: &Store,
    decl: &Declaration,
    names: &IndexMap<String, String>,
    input: Input,
    flags: SafetyArgs,
) -> anyhow::Result<Option<(Input, Option<String>)>> {
    let mut profile = Profile::open(store.data_dir())?;
    if flags.author {
        println!("\nAuthor run: consent and screening are skipped, and the transcript says so.");
        return Ok(Some((input, profile.region)));
    }
    if !input.interactive() && !flags.screen {
        println!(
            "\n(The input is not a terminal, so consent and screening are skipped. At a terminal they always run.)"
        );
        return Ok(Some((input, profile.region)));
    }
    let intake = crate::safety::intake(&mut profile, decl, names, input)?;
    Ok(intake.proceed.then_some((intake.input, profile.region)))
}

fn run(
    store: &Store,
    name: &str,
    answers: Option<&Path>,
    names: Option<&str>,
    seed: Option<u64>,
    safety: SafetyArgs,
) -> anyhow::Result<ExitCode> {
    let source = library::source(name)?;
    let text = source.text.clone();
    let problems = problems_ahead(&source);
    let guide = match load(source) {
        Ok(guide) => guide,
        Err(code) => return Ok(code),
    };
    if !problems.is_empty() {
        // Found before anyone answers, rather than when a session gets there.
        eprintln!(
            "Note: this guide has problems that will stop a session when it gets there \
             (`kintsugi check {name}` explains each):"
        );
        for problem in &problems {
            eprintln!("  {problem}");
        }
        eprintln!();
    }
    let decl = guide.declaration().clone();
    println!("{}", decl.title);
    if !decl.summary.is_empty() {
        println!("{}", decl.summary);
    }
    let mut input = Input::new(answers)?;
    let names = match names {
        Some(list) => parse_names(list, &decl)?,
        None => match ask_names(&mut input, &decl) {
            Some(names) => names,
            None => {
                println!("\nNo names were given, so nothing was started or saved.");
                return Ok(ExitCode::SUCCESS);
            }
        },
    };
    let Some((input, region)) = safety_first(store, &decl, &names, input, safety)? else {
        return Ok(ExitCode::SUCCESS);
    };
    let setup = Setup {
        names,
        seed: seed.unwrap_or_else(fresh_seed),
    };
    let header = Header {
        format: JOURNAL_FORMAT,
        guide: name.to_string(),
        guide_hash: guide.hash().to_string(),
        source: text,
        seed: setup.seed,
        names: setup.names.clone(),
        started: now(),
        author: safety.author,
    };
    let session = Session::start(guide, setup)?;
    let journal = store.create(name, &Record::Start(header))?;
    match &journal.path {
        Some(_) => println!(
            "\nThis session is saved on this computer only (session {}).",
            journal.id
        ),
        None => println!("\nNothing of this session will be saved (--no-save)."),
    }
    println!("Type :help at any prompt to see the commands, such as :back and :break.");
    let mut repl = Repl::new(session, journal, input);
    repl.guide_path = guide_file(name);
    repl.region = region;
    Ok(exit_code(repl.run()?))
}

/// The file a guide was read from, if it was not a shipped one.
fn guide_file(name: &str) -> Option<PathBuf> {
    let shipped = SHIPPED.iter().any(|(n, _)| *n == name);
    (!shipped).then(|| PathBuf::from(name))
}

pub(crate) fn parse_names(
    list: &str,
    decl: &Declaration,
) -> anyhow::Result<IndexMap<String, String>> {
    let mut names = IndexMap::new();
    for pair in list.split(',') {
        let (role, name) = pair
            .split_once('=')
            .context("--names takes role=Name,role=Name")?;
        let (role, name) = (role.trim(), name.trim());
        if !decl.roles.contains_key(role) {
            bail!(
                "this guide has no role \"{role}\"; its roles are {}",
                decl.roles.keys().cloned().collect::<Vec<_>>().join(", ")
            );
        }
        names.insert(role.to_string(), name.to_string());
    }
    for role in decl.roles.keys() {
        if !names.contains_key(role) {
            bail!("--names gives no name for the role \"{role}\"");
        }
    }
    Ok(names)
}

/// Asks each partner's name, by role. `None` if the input ended first.
fn ask_names(input: &mut Input, decl: &Declaration) -> Option<IndexMap<String, String>> {
    println!("\nFirst, your names.");
    let mut names: IndexMap<String, String> = IndexMap::new();
    for (role, description) in &decl.roles {
        println!("Who is {description}?");
        loop {
            let name = match input.read("  Name › ", &[]) {
                Line::Text(text) => text.trim().to_string(),
                Line::Interrupted => continue,
                Line::End => return None,
            };
            if name.is_empty() {
                println!("  Please type a name (a first name is enough).");
            } else if name.chars().count() > 40 {
                println!("  Please use a shorter name (at most 40 characters).");
            } else if name.starts_with(':') {
                println!("  Names cannot start with ':'. Ctrl-D leaves without starting.");
            } else if names.values().any(|n| n.eq_ignore_ascii_case(&name)) {
                println!("  That name is taken by the other partner; please use another.");
            } else {
                names.insert(role.clone(), name);
                break;
            }
        }
    }
    Some(names)
}

fn fresh_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    nanos ^ (u64::from(std::process::id()) << 32)
}

/// The guide a journal was started with: its own saved text, imports from its folder.
fn journal_source(header: &Header) -> Source {
    let shipped = SHIPPED.iter().any(|(n, _)| *n == header.guide);
    let mut source = Source::new(
        if shipped {
            format!("{}.rhai", header.guide)
        } else {
            header.guide.clone()
        },
        header.source.clone(),
    );
    if !shipped {
        source.folder = Path::new(&header.guide).parent().map(PathBuf::from);
    }
    source
}

fn resume(
    store: &Store,
    id: Option<String>,
    answers: Option<&Path>,
    safety: SafetyArgs,
) -> anyhow::Result<ExitCode> {
    let id = match id {
        Some(id) => id,
        None => {
            let open: Vec<_> = store
                .list()?
                .into_iter()
                .filter(|s| !s.journal.finished)
                .collect();
            match open.len() {
                0 => {
                    println!("There are no unfinished sessions. `kintsugi run` starts one.");
                    return Ok(ExitCode::SUCCESS);
                }
                1 => open[0].id.clone(),
                _ => {
                    println!("Unfinished sessions, most recent first:");
                    for (i, saved) in open.iter().enumerate() {
                        let names: Vec<&str> = saved
                            .journal
                            .header
                            .names
                            .values()
                            .map(String::as_str)
                            .collect();
                        println!(
                            "  {}. {}  {} with {}, {} answers, last saved {}",
                            i + 1,
                            saved.id,
                            saved.journal.header.guide,
                            names.join(" and "),
                            saved.journal.answers.len(),
                            humantime::format_rfc3339_seconds(saved.modified)
                        );
                    }
                    let mut input = Input::new(None)?;
                    if !input.interactive() {
                        println!("\nContinue one with: kintsugi resume ID");
                        return Ok(ExitCode::SUCCESS);
                    }
                    loop {
                        match input.read("Which one? (number) › ", &[]) {
                            Line::Text(text) => match text.trim().parse::<usize>() {
                                Ok(n) if (1..=open.len()).contains(&n) => {
                                    break open[n - 1].id.clone();
                                }
                                _ => println!("Please type a number from 1 to {}.", open.len()),
                            },
                            Line::Interrupted => continue,
                            Line::End => return Ok(ExitCode::SUCCESS),
                        }
                    }
                }
            }
        }
    };
    let journal = store.read(&id)?;
    if journal.finished {
        println!("That session is finished. `kintsugi transcript {id}` shows it.");
        return Ok(ExitCode::SUCCESS);
    }
    let header = journal.header.clone();
    if let Ok(now_text) = std::fs::read_to_string(&header.guide) {
        if now_text != header.source {
            println!(
                "Note: {} has changed since this session began; it goes on with the version it began with.",
                header.guide
            );
        }
    }
    let guide = match load(journal_source(&header)) {
        Ok(guide) => guide,
        Err(code) => return Ok(code),
    };
    let title = guide.declaration().title.clone();
    let session = journal.replay(guide)?;
    let mut file = store.reopen(&id)?;
    if let Some(stale) = session.stale() {
        let set_aside = session.set_aside().len();
        println!(
            "{set_aside} saved answers no longer fit the guide, from answer {} on (step \"{}\": \"{}\"); \
             they stay in the journal but are not used.",
            stale.index + 1,
            stale.prompt.step,
            stale.prompt.text
        );
        for _ in 0..set_aside {
            file.append(&Record::Undo { at: now() })?;
        }
    }
    let names: Vec<String> = header.names.values().cloned().collect();
    let count = session.answers().len();
    println!(
        "Resuming \"{title}\" with {} ({count} {} so far).",
        names.join(" and "),
        if count == 1 { "answer" } else { "answers" }
    );
    println!("Type :help at any prompt to see the commands.");
    let decl = session.guide().declaration().clone();
    let flags = SafetyArgs {
        author: safety.author || header.author,
        ..safety
    };
    let Some((input, region)) =
        safety_first(store, &decl, &header.names, Input::new(answers)?, flags)?
    else {
        return Ok(ExitCode::SUCCESS);
    };
    let mut repl = Repl::new(session, file, input);
    repl.guide_path = guide_file(&header.guide);
    repl.region = region;
    repl.recap_from_last_answer();
    Ok(exit_code(repl.run()?))
}

fn list() -> anyhow::Result<ExitCode> {
    println!("Shipped guides (run one with `kintsugi run NAME`):\n");
    for (name, _) in SHIPPED {
        let default = if *name == DEFAULT_GUIDE {
            "  (default)"
        } else {
            ""
        };
        match library::load(&library::source(name)?) {
            Ok(guide) => {
                let decl = guide.declaration();
                println!("{name}{default}\n    {}", decl.title);
                if !decl.summary.is_empty() {
                    println!("    {}", decl.summary);
                }
                let roles: Vec<String> = decl
                    .roles
                    .iter()
                    .map(|(role, what)| format!("{role} ({what})"))
                    .collect();
                println!("    roles: {}\n", roles.join(", "));
            }
            Err(err) => println!("{name}{default}\n    does not load: {err}\n"),
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn transcript(
    store: &Store,
    id: &str,
    format: TranscriptFormat,
    private: bool,
) -> anyhow::Result<ExitCode> {
    let journal = store.read(id)?;
    let Some(session) = replay(&journal)? else {
        return Ok(ExitCode::from(1));
    };
    let viewer = if private {
        Viewer::Journal
    } else {
        Viewer::Both
    };
    let format = match format {
        TranscriptFormat::Markdown => Format::Markdown,
        TranscriptFormat::Json => Format::Json,
    };
    let mut transcript = Transcript::new(&session, viewer);
    if journal.header.author {
        transcript = transcript.note(kintsugi_engine::safety_data::AUTHOR_NOTE);
    }
    println!("{}", transcript.render(format));
    Ok(ExitCode::SUCCESS)
}

/// A saved session, rebuilt from its journal (`None` if its guide no longer loads; the
/// error has been printed).
pub(crate) fn replay(journal: &kintsugi_engine::Journal) -> anyhow::Result<Option<Session>> {
    let guide = match load(journal_source(&journal.header)) {
        Ok(guide) => guide,
        Err(_) => return Ok(None),
    };
    Ok(Some(journal.replay(guide)?))
}
