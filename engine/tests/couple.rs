//! The couple's history in the guide language: what `agreements()`, `review`,
//! `last_session` and `revealed_earlier` read, that they read the history the session
//! was given (never anything else), and that it replays the same.

use kintsugi_engine::{
    Agreed, Config, CoupleHistory, EventKind, Guide, Outcome, PastSession, Revealed, Session,
    SessionStatus, Setup, Source, Status, Value,
};
use std::sync::Arc;

const GUIDE: &str = r#"
guide(#{ title: "Look back", roles: #{ a: "one", b: "other" }, start: "one" });
step("one", || {
    agree(b, "I call on Fridays.");
    let all = agreements();
    say(`${all.len()} to look at: ` + all.map(|x| x.text + " by " + x.by + (if x.earlier { "" } else { " (new)" })).reduce(|s, t| if s == "" { t } else { s + "; " + t }, ""));
    let last = last_session("check-in");
    say(if type_of(last) == "()" { "no check-in before" } else { `last check-in ${last.date}, ${last.status}` });
    let trust = revealed_earlier("trust", 5);
    say(`trust before: ` + trust.map(|t| `${t.a}/${t.b} on ${t.date}`).reduce(|s, t| if s == "" { t } else { s + " " + t }, ""));
    for x in all {
        if x.earlier {
            review(x, choose(both, `How did "${x.text}" go?`, ["Kept", "Partly kept", "Not kept"]));
        }
    }
    say(`still open: ${agreements().filter(|x| x.earlier).len()}`);
    finish("Done.")
});
"#;

fn names() -> indexmap::IndexMap<String, String> {
    [("a", "Alex"), ("b", "Sam")]
        .map(|(r, n)| (r.to_string(), n.to_string()))
        .into_iter()
        .collect()
}

fn past(id: &str, day: &str, trust: (i64, i64), agreed: &[(&str, Option<&str>)]) -> PastSession {
    PastSession {
        id: id.into(),
        guide: "check-in".into(),
        started: format!("2026-12-{day}T19:00:00Z"),
        date: format!("{day} December 2026"),
        status: SessionStatus::Finished,
        agreed: agreed
            .iter()
            .map(|(text, by)| Agreed {
                text: text.to_string(),
                by: by.map(str::to_string),
            })
            .collect(),
        revealed: vec![
            Revealed {
                label: "trust".into(),
                by: "Alex".into(),
                value: Value::Number(trust.0),
            },
            Revealed {
                label: "trust".into(),
                by: "Sam".into(),
                value: Value::Number(trust.1),
            },
        ],
        ..PastSession::default()
    }
}

fn history() -> CoupleHistory {
    CoupleHistory::build(vec![
        past("w1", "01", (3, 6), &[("Phones away.", None)]),
        past("w2", "08", (5, 6), &[("I text when late.", Some("Alex"))]),
    ])
}

fn start(history: CoupleHistory) -> Session {
    let guide = Guide::load(Source::new("look-back.rhai", GUIDE), Config::default()).unwrap();
    let setup = Setup {
        names: names(),
        seed: 1,
        history: Arc::new(history),
    };
    Session::start(guide, setup).unwrap()
}

fn says(s: &Session) -> Vec<String> {
    s.events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Say { text } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_guide_reads_the_open_agreements_the_last_session_and_earlier_reveals() {
    let mut session = start(history());
    let said = says(&session);
    assert_eq!(
        said[0],
        "3 to look at: Phones away. by both; I text when late. by a; I call on Fridays. by b (new)"
    );
    assert_eq!(said[1], "last check-in 08 December 2026, finished");
    assert_eq!(
        said[2],
        "trust before: 5/6 on 08 December 2026 3/6 on 01 December 2026"
    );
    session.answer(Value::Text("Kept".into())).unwrap();
    session.answer(Value::Text("Partly kept".into())).unwrap();
    assert_eq!(session.status(), &Status::Finished("Done.".into()));
    assert_eq!(says(&session).last().unwrap(), "still open: 0");
    let reviews: Vec<(String, Outcome)> = session
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Review { id, outcome, .. } => Some((id.clone(), *outcome)),
            _ => None,
        })
        .collect();
    assert_eq!(
        reviews,
        [
            ("w1/1".into(), Outcome::Kept),
            ("w2/1".into(), Outcome::PartlyKept)
        ]
    );
}

#[test]
fn a_first_session_reads_nothing_and_a_replay_reads_what_it_was_given() {
    let first = start(CoupleHistory::default());
    let said = says(&first);
    assert_eq!(said[0], "1 to look at: I call on Fridays. by b (new)");
    assert_eq!(said[1], "no check-in before");
    assert_eq!(first.status(), &Status::Finished("Done.".into()));

    // The same answers replayed with the same history compute the same run.
    let mut live = start(history());
    live.answer(Value::Text("Kept".into())).unwrap();
    let replayed =
        Session::replay(live.guide().clone(), live.setup().clone(), live.answers()).unwrap();
    assert_eq!(*replayed.events(), *live.events());
}

#[test]
fn a_review_must_name_an_open_agreement_and_an_outcome() {
    let guide = |body: &str| {
        let text = format!(
            "guide(#{{ title: \"R\", roles: #{{ a: \"one\" }}, start: \"s\" }});\nstep(\"s\", || {{ {body} }});"
        );
        let guide = Guide::load(Source::new("r.rhai", text), Config::default()).unwrap();
        let setup = Setup {
            names: [("a".to_string(), "Alex".to_string())]
                .into_iter()
                .collect(),
            seed: 1,
            history: Arc::new(history()),
        };
        match Session::start(guide, setup).unwrap().status() {
            Status::Failed(e) => e.message.clone(),
            other => format!("{other:?}"),
        }
    };
    let wrong = guide(r#"review("w1/1", "done"); finish("")"#);
    assert!(
        wrong.contains(r#""done" is not how an agreement went; write one of "kept", "partly kept", "not kept", "changed", "let go""#),
        "{wrong}"
    );
    let unknown = guide(r#"review("w9/1", "kept"); finish("")"#);
    assert!(
        unknown.contains(r#"no open agreement has the id "w9/1""#),
        "{unknown}"
    );
    let twice = guide(r#"review("w1/1", "kept"); review("w1/1", "kept"); finish("")"#);
    assert!(
        twice.contains("reviewed already in this session"),
        "{twice}"
    );
    let new = guide(r#"agree("x"); review(agreements()[2], "kept"); finish("")"#);
    assert!(new.contains("made in this session"), "{new}");
}
