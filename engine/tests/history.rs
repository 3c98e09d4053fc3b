//! What a session keeps of its events: everything (`History::Whole`, for transcripts and
//! tools), or only those since the last answer (`History::SinceLastAnswer`, for a host
//! that shows events as they come), with the same run either way.

use kintsugi_engine::{
    Config, Event, EventKind, Guide, History, Plugin, Run, Session, Setup, Source, Status,
};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A step that goes round as long as the answer is "again", saying a numbered line.
fn guide_text(question: &str) -> String {
    format!(
        r#"
guide(#{{
    title: "Rounds",
    roles: #{{ a: "the first partner", b: "the second partner" }},
    start: "one",
}});
step("one", || {{
    let n = recall("n", 0) + 1;
    remember("n", n);
    say(`Round ${{n}}.`);
    let way = choose(if n % 2 == 0 {{ a }} else {{ b }}, "{question}", ["again", "stop"]);
    if way == "again" {{ next("one") }} else {{ finish("Done.") }}
}});
"#
    )
}

fn load_with(question: &str, config: Config) -> Guide {
    Guide::load(Source::new("rounds.rhai", guide_text(question)), config).unwrap()
}

fn load() -> Guide {
    load_with("Again?", Config::default())
}

fn setup() -> Setup {
    Setup {
        names: [("a", "Alex"), ("b", "Sam")]
            .map(|(r, n)| (r.to_string(), n.to_string()))
            .into_iter()
            .collect(),
        seed: 3,
        history: Default::default(),
    }
}

fn session(guide: Guide, history: History) -> Session {
    let mut s = Session::start(guide, setup()).unwrap();
    s.set_history(history);
    s
}

/// The events of the run from its first, as the session counts them.
fn tail(s: &Session) -> (usize, Vec<Event>) {
    (s.forgotten(), s.events().to_vec())
}

#[test]
fn a_session_keeping_recent_events_holds_those_since_the_last_answer_only() {
    let mut whole = session(load(), History::Whole);
    let mut recent = session(load(), History::SinceLastAnswer);
    for _ in 0..200 {
        whole.answer_input("again").unwrap();
        recent.answer_input("again").unwrap();
    }
    // Answer, step entered, line, prompt: whatever the number of answers before.
    let (forgotten, kept) = tail(&recent);
    assert_eq!(kept.len(), 4, "{kept:#?}");
    assert!(
        matches!(kept[0].kind, EventKind::Answer { .. }),
        "{kept:#?}"
    );
    assert!(
        matches!(&kept[2].kind, EventKind::Say { text } if text == "Round 201."),
        "{kept:#?}"
    );
    // The same run: what is kept is the end of the whole history.
    let all = whole.events().to_vec();
    assert_eq!(forgotten + kept.len(), all.len());
    assert_eq!(kept, all[forgotten..]);
    assert_eq!(recent.status(), whole.status());
    assert_eq!(recent.answers(), whole.answers());
    // The whole history is a replay away.
    assert_eq!(recent.replay_whole().unwrap().events().to_vec(), all);
    assert_eq!(whole.forgotten(), 0);
}

#[test]
fn undo_and_the_end_go_the_same_way_with_recent_events_only() {
    let mut whole = session(load(), History::Whole);
    let mut recent = session(load(), History::SinceLastAnswer);
    for s in [&mut whole, &mut recent] {
        for _ in 0..5 {
            s.answer_input("again").unwrap();
        }
        assert!(s.undo().is_some());
        assert!(s.undo().is_some());
    }
    let (forgotten, kept) = tail(&recent);
    assert_eq!(kept, whole.events()[forgotten..]);
    assert!(
        matches!(kept[0].kind, EventKind::Answer { .. }),
        "{kept:#?}"
    );
    for s in [&mut whole, &mut recent] {
        s.answer_input("stop").unwrap();
        assert_eq!(s.status(), &Status::Finished("Done.".into()));
    }
    let (forgotten, kept) = tail(&recent);
    assert_eq!(kept, whole.events()[forgotten..]);
    assert!(
        matches!(kept.last().unwrap().kind, EventKind::Finished { .. }),
        "{kept:#?}"
    );
    // Undo back to the very start: nothing answered, nothing forgotten.
    while recent.undo().is_some() {}
    assert_eq!(recent.forgotten(), 0);
    // Step entered, line, prompt.
    assert_eq!(recent.events().len(), 3, "{:#?}", recent.events());
}

#[test]
fn reloading_finds_a_changed_question_among_answers_no_longer_kept() {
    // The keys of the prompts answered live are read off the whole history, which a
    // session keeping recent events replays for the purpose.
    for history in [History::Whole, History::SinceLastAnswer] {
        let mut s = session(load(), history);
        for _ in 0..6 {
            s.answer_input("again").unwrap();
        }
        // Reworded, and it takes another answer now: the answers no longer fit.
        let text = guide_text("Once more?")
            .replace("[\"again\", \"stop\"]", "[\"again\", \"stop\", \"pause\"]");
        s.reload(Guide::load(Source::new("rounds.rhai", text), Config::default()).unwrap())
            .unwrap();
        let stale = s.stale().expect("the question changed");
        assert_eq!(stale.index, 0, "{history:?}");
        assert!(stale.question_changed, "{history:?}");
        assert_eq!(s.set_aside().len(), 6, "{history:?}");
        assert_eq!(s.history(), history);
    }
}

/// Counts the answers it observes.
struct Counter(Arc<AtomicUsize>);

impl Plugin for Counter {
    fn name(&self) -> &'static str {
        "counter"
    }

    fn install(&self, _engine: &mut kintsugi_engine::rhai::Engine, _run: &Run) {}

    fn observe(&self, event: &Event, _run: &Run) {
        if matches!(event.kind, EventKind::Answer { .. }) {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }
}

#[test]
fn plugins_observe_each_event_once_whatever_is_kept() {
    for history in [History::Whole, History::SinceLastAnswer] {
        let seen = Arc::new(AtomicUsize::new(0));
        let guide = load_with(
            "Again?",
            Config::default().with_plugin(Counter(seen.clone())),
        );
        let mut s = session(guide, history);
        for _ in 0..10 {
            s.answer_input("again").unwrap();
        }
        // An undo replays the answers before: none of them is observed twice.
        s.undo();
        s.answer_input("again").unwrap();
        assert_eq!(seen.load(Ordering::Relaxed), 11, "{history:?}");
    }
}
