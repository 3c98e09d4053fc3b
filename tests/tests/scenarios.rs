//! The shipped guides, run end to end: every scenario in `tests/scenarios/` snapshotted
//! as a transcript, every broken guide in `tests/guides/` snapshotted as its error, and
//! the properties every shipped guide and scenario must keep.

use kintsugi_engine::{
    Audience, Config, Error, ErrorKind, Event, EventKind, Format, Guide, Prompt, PromptKind,
    Scenario, Session, Setup, Source, Status, Transcript, Value, Viewer,
};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn workspace(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(dir)
}

/// The files in `dir` (relative to the workspace) that end in `.ext`, sorted.
fn files(dir: &str, ext: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(workspace(dir))
        .unwrap_or_else(|e| panic!("cannot list {dir}: {e}"))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    found.sort();
    found
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// Loads a shipped guide the way the CLI does: named `NAME.rhai`, with no folder.
fn shipped(name: &str) -> Result<Guide, Error> {
    let path = workspace("scripts").join(format!("{name}.rhai"));
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Error::new(
            ErrorKind::Input,
            format!("there is no shipped guide scripts/{name}.rhai ({e})"),
        )
    })?;
    Guide::load(Source::new(format!("{name}.rhai"), text), Config::default())
}

fn parse_scenario(path: &Path) -> Result<Scenario, Error> {
    let text = std::fs::read_to_string(path).unwrap();
    Scenario::parse(&file_name(path), &text)
}

/// Runs a scenario file's answers through its shipped guide.
fn run_scenario(path: &Path) -> Result<Session, Error> {
    play_scenario(path).map(|played| played.session)
}

/// Plays a scenario file's answers through its shipped guide, with how the sitting ended.
fn play_scenario(path: &Path) -> Result<kintsugi_engine::ScenarioRun, Error> {
    let mut scenario = parse_scenario(path)?;
    // A history the scenario gives its guide, from a file beside it.
    if let Some(file) = &scenario.history_file {
        let text = std::fs::read_to_string(path.with_file_name(file)).unwrap();
        scenario.history = std::sync::Arc::new(kintsugi_engine::CoupleHistory::from_json(&text)?);
    }
    scenario.play(&file_name(path), shipped(&scenario.guide)?)
}

/// The scenario's first `# ...` line, which says what it covers.
fn description(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .find_map(|l| l.trim().strip_prefix('#'))
        .unwrap_or_default()
        .trim()
        .to_string()
}

#[test]
fn scenario_transcripts() {
    insta::glob!("../scenarios", "*.scenario", |path| {
        let transcript = match play_scenario(path) {
            Ok(played) => played.transcript().render(Format::Markdown),
            Err(err) => format!("The scenario does not fit its guide:\n{err}\n"),
        };
        insta::with_settings!({ description => description(path) }, {
            insta::assert_snapshot!(transcript);
        });
    });
}

/// Names for whatever roles a guide declares.
fn setup_for(guide: &Guide) -> Setup {
    let names = ["Alex", "Sam", "Kim"];
    Setup {
        names: guide
            .declaration()
            .roles
            .keys()
            .zip(names)
            .map(|(role, name)| (role.clone(), name.to_string()))
            .collect(),
        seed: 1,
        history: Default::default(),
    }
}

#[test]
fn broken_guides_say_where_and_why() {
    insta::glob!("../guides", "*.rhai", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let report = match Guide::load(Source::new(file_name(path), text), Config::default()) {
            Err(err) => format!("Guide::load failed ({:?}):\n{err}\n", err.kind),
            Ok(guide) => {
                let setup = setup_for(&guide);
                match Session::start(guide, setup) {
                    Err(err) => format!("Session::start failed ({:?}):\n{err}\n", err.kind),
                    Ok(session) => match session.status() {
                        Status::Failed(err) => {
                            format!("The first run failed ({:?}):\n{err}\n", err.kind)
                        }
                        other => format!("No error; the session is {other:?}\n"),
                    },
                }
            }
        };
        insta::assert_snapshot!(report);
    });
}

#[test]
fn every_shipped_guide_loads_and_has_scenarios_that_visit_every_step() {
    let scenarios: Vec<(PathBuf, Scenario)> = files("tests/scenarios", "scenario")
        .into_iter()
        .map(|p| {
            let s = parse_scenario(&p).unwrap_or_else(|e| panic!("{e}"));
            (p, s)
        })
        .collect();
    let guides = files("scripts", "rhai");
    assert!(!guides.is_empty(), "no shipped guides in scripts/");
    for path in guides {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let guide = shipped(&name).unwrap_or_else(|e| panic!("{e}"));
        let steps: BTreeSet<String> = guide.steps().into_iter().map(|(s, _)| s).collect();
        let mut visited = BTreeSet::new();
        let mut stopped_midway = false;
        for (file, _) in scenarios.iter().filter(|(_, s)| s.guide == name) {
            let session = run_scenario(file).unwrap_or_else(|e| panic!("{e}"));
            stopped_midway |= matches!(session.status(), Status::Awaiting(_));
            for event in session.events().iter() {
                if let EventKind::StepEntered { step } = &event.kind {
                    visited.insert(step.clone());
                }
            }
        }
        assert!(
            !visited.is_empty(),
            "{name}: no scenario in tests/scenarios/"
        );
        let unvisited: Vec<_> = steps.difference(&visited).collect();
        assert!(
            unvisited.is_empty(),
            "{name}: no scenario visits the steps {unvisited:?}"
        );
        assert!(
            stopped_midway,
            "{name}: no scenario stops before the end, waiting for an answer"
        );
    }
}

#[test]
fn every_scenario_ends_or_waits_and_never_fails() {
    let scenarios = files("tests/scenarios", "scenario");
    assert!(!scenarios.is_empty());
    for path in scenarios {
        let name = file_name(&path);
        let session = run_scenario(&path).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            matches!(session.status(), Status::Finished(_) | Status::Awaiting(_)),
            "{name}: {:?}",
            session.status()
        );
        assert!(session.set_aside().is_empty(), "{name}: answers set aside");
    }
}

/// A private answer in a session: its place among the answers, its event's index, the
/// kind of prompt it answered, who gave it and what it was.
struct PrivateAnswer {
    answer: usize,
    event: usize,
    kind: PromptKind,
    by: String,
    value: Value,
    /// What the partners see for it when that is not the value (a pass's words).
    shown: Option<String>,
}

fn private_answers(events: &[Event]) -> Vec<PrivateAnswer> {
    let mut found = Vec::new();
    let mut answers = 0;
    let mut prompt = None;
    for (i, event) in events.iter().enumerate() {
        match &event.kind {
            EventKind::Prompt(p) => prompt = Some(p.kind.clone()),
            EventKind::Answer {
                by,
                value,
                private,
                shown,
            } => {
                if *private {
                    let Audience::Partner(by) = by else {
                        panic!("a private answer is given by one partner")
                    };
                    found.push(PrivateAnswer {
                        answer: answers,
                        event: i,
                        kind: prompt.clone().expect("an answer follows its prompt"),
                        by: by.clone(),
                        value: value.clone(),
                        shown: shown.clone(),
                    });
                }
                answers += 1;
            }
            _ => {}
        }
    }
    found
}

/// Other valid answers to the same prompt: what a partner might have typed instead.
fn alternatives(kind: &PromptKind, value: &Value) -> Vec<Value> {
    let all = match kind {
        PromptKind::Text => vec![Value::Text("a quite different private answer".into())],
        PromptKind::Choice { .. } | PromptKind::ChooseMany { .. } => {
            kintsugi_engine::explore::answers_to(&Prompt::new(Audience::Both, "", kind.clone()))
        }
        PromptKind::Scale { min, max } => vec![Value::Number(*min), Value::Number(*max)],
        PromptKind::YesNo => vec![Value::Bool(true), Value::Bool(false)],
    };
    all.into_iter().filter(|v| v != value).collect()
}

/// What the shared screen shows, in order.
fn shared(events: &[Event]) -> Vec<Event> {
    events
        .iter()
        .filter(|e| e.seen_by.admits(&Viewer::Both))
        .cloned()
        .collect()
}

/// The index of the first event from `from` on that reveals `role`'s answer, or the end.
/// A reveal shows the answer as the partners saw it (a pass by its words), so either counts.
fn reveal_of(events: &[Event], from: usize, role: &str, answer: &PrivateAnswer) -> usize {
    let shown = answer.shown.clone().map(Value::Text);
    let reveals = |e: &Event| match &e.kind {
        EventKind::Reveal { answers, .. } => answers
            .iter()
            .any(|(r, v)| r == role && (*v == answer.value || Some(v) == shown.as_ref())),
        _ => false,
    };
    events[from..]
        .iter()
        .position(reveals)
        .map_or(events.len(), |i| from + i)
}

/// For every private answer: the shared screen's transcript marks it as answered
/// privately, and everything the shared screen shows up to its reveal stays the same
/// whatever that answer was (so nothing said or asked before the reveal gives it away).
#[test]
fn the_shared_screen_shows_no_private_answer_before_its_reveal() {
    let mut checked = 0;
    for path in files("tests/scenarios", "scenario") {
        let name = file_name(&path);
        let scenario = parse_scenario(&path).unwrap();
        let session = run_scenario(&path).unwrap();
        let events = session.events().to_vec();
        let privates = private_answers(&events);
        let screen = Transcript::new(&session, Viewer::Both).render(Format::Markdown);
        assert_eq!(
            screen.matches("*(answered privately)*").count(),
            privates.len(),
            "{name}: the shared screen should mark each private answer, and only those"
        );
        assert!(!screen.contains("(private):"), "{name}: {screen}");
        for private in privates {
            // A prompt marked `steers` (both say privately whether they are ready) is meant
            // to decide what both see next: `explore` names it rather than reports it.
            let steers = events[..private.event]
                .iter()
                .rev()
                .find_map(|e| match &e.kind {
                    EventKind::Prompt(p) => Some(p.steers),
                    _ => None,
                });
            assert!(
                !events[private.event].seen_by.admits(&Viewer::Both),
                "{name}: a private answer is on the shared screen"
            );
            let until = reveal_of(&events, private.event, &private.by, &private);
            let before = shared(&events[..until]);
            // Nothing on the shared screen before the reveal quotes a private text answer.
            if let Value::Text(text) = &private.value {
                let shown = format!("{before:?}");
                assert!(!shown.contains(text.as_str()), "{name}: {text:?} leaked");
            }
            if steers == Some(true) {
                continue;
            }
            for other in alternatives(&private.kind, &private.value) {
                let mut answers = session.answers();
                answers[private.answer] = other.clone();
                let guide = shipped(&scenario.guide).unwrap();
                let replayed = Session::replay(guide, session.setup().clone(), answers).unwrap();
                let replayed = replayed.events().to_vec();
                assert_eq!(
                    before,
                    shared(&replayed[..until.min(replayed.len())]),
                    "{name}: the shared screen before the reveal depends on answer {} \
                     ({} instead of {other})",
                    private.answer + 1,
                    private.value
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 0, "no scenario has a private answer to check");
}
