//! `take_break`: a break is an event like any other, so a replay computes it again; its
//! length and the time agreed to come back are checked where the guide asks for them.

use kintsugi_engine::{Config, EventKind, Guide, Session, Setup, Source, Status, Value};

fn guide(call: &str) -> Guide {
    let text = format!(
        r#"
guide(#{{ title: "Break", roles: #{{ a: "one partner" }}, start: "one" }});
step("one", || {{
    let n = scale(a, "How strong?", 0, 10);
    {call};
    scale(a, "Welcome back. And now?", 0, 10);
    finish("Done.")
}});
"#
    );
    Guide::load(Source::new("break.rhai", text), Config::default()).unwrap()
}

fn setup() -> Setup {
    let mut setup = Setup::default();
    setup.names.insert("a".into(), "Alex".into());
    setup
}

fn breaks(session: &Session) -> Vec<(u32, Option<u32>)> {
    session
        .events()
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Break { minutes, back } => Some((minutes, back)),
            _ => None,
        })
        .collect()
}

#[test]
fn a_break_is_an_event_that_a_replay_computes_again() {
    let mut live = Session::start(guide("take_break(20, 60)"), setup()).unwrap();
    live.answer(Value::Number(3)).unwrap();
    assert_eq!(breaks(&live), [(20, Some(60))]);
    // The guide goes on to the next prompt: the host decides where the sitting stops.
    assert!(matches!(live.status(), Status::Awaiting(p) if p.text.starts_with("Welcome back")));
    let replayed =
        Session::replay(guide("take_break(20, 60)"), setup(), vec![Value::Number(3)]).unwrap();
    assert_eq!(breaks(&replayed), breaks(&live));
    let mut plain = Session::start(guide("take_break(20)"), setup()).unwrap();
    plain.answer(Value::Number(3)).unwrap();
    assert_eq!(breaks(&plain), [(20, None)]);
}

#[test]
fn a_break_of_no_time_or_a_return_before_its_end_is_an_error_that_says_why() {
    for (call, says) in [
        ("take_break(0)", "a break lasts from 1 minute to a week"),
        (
            "take_break(20 * 24 * 60)",
            "a break lasts from 1 minute to a week",
        ),
        ("take_break(20, 10)", "at least the break's length (20)"),
    ] {
        let mut session = Session::start(guide(call), setup()).unwrap();
        session.answer(Value::Number(3)).unwrap();
        match session.status() {
            Status::Failed(error) => assert!(error.to_string().contains(says), "{call}: {error}"),
            other => panic!("{call}: {other:?}"),
        }
    }
}
