//! Option keys: a guide compares and a journal keeps an option's key, never its words,
//! so rewording an option breaks neither; plain lists keep working as they always did;
//! `choose_many`, passes and `join`.

use kintsugi_engine::{
    Config, Format, Guide, Header, Prompt, PromptKind, Record, Session, Setup, Source, Status,
    Transcript, Value, Viewer,
};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/reworded")
        .join(name)
}

fn guide_from(name: &str) -> Guide {
    let text = std::fs::read_to_string(fixture(name)).unwrap();
    Guide::load(Source::new(name, text), Config::default()).unwrap()
}

fn load(text: &str) -> Guide {
    Guide::load(Source::new("g.rhai", text), Config::default()).unwrap()
}

fn setup() -> Setup {
    Setup {
        names: [
            ("first".to_string(), "Alex".to_string()),
            ("second".to_string(), "Sam".to_string()),
        ]
        .into_iter()
        .collect(),
        seed: 1,
        history: Default::default(),
    }
}

fn finished(session: &Session) -> String {
    match session.status() {
        Status::Finished(text) => text.clone(),
        other => panic!("not finished: {other:?}"),
    }
}

/// `ready.jsonl` was written by `kintsugi run ready.rhai` (two answers: "Not yet", and
/// "Hurt" and "Sad"). Every option's words have since changed (`ready-reworded.rhai`),
/// the keys have not: the journal resumes with nothing set aside, the comparisons
/// still take the same branches, and the transcript shows the new words.
#[test]
fn a_journal_written_before_its_options_were_reworded_still_resumes() {
    let text = std::fs::read_to_string(fixture("ready.jsonl")).unwrap();
    let journal = Record::read(&text).unwrap();
    assert_eq!(
        journal.answers,
        [
            Value::Text("later".into()),
            Value::List(vec!["hurt".into(), "sad".into()])
        ],
        "the journal keeps keys"
    );
    for name in ["ready.rhai", "ready-reworded.rhai"] {
        let mut session = journal.replay(guide_from(name)).unwrap();
        assert!(session.set_aside().is_empty(), "{name}: nothing set aside");
        let prompt = session
            .prompt()
            .expect("waits at the next question")
            .clone();
        assert_eq!(
            prompt.text, "When shall we try again?",
            "{name}: took `later`"
        );
        // The first option, by its words as shown now, by its key, or by its number.
        let words = if name == "ready.rhai" {
            "In a week"
        } else {
            "Next week"
        };
        for typed in [words, "week", "1"] {
            assert_eq!(
                prompt.parse(typed),
                Ok(Value::Text("week".into())),
                "{typed}"
            );
        }
        session.answer_input(words).unwrap();
        assert_eq!(finished(&session), "Soon, then.", "{name}");
        let shown = Transcript::new(&session, Viewer::Both).render(Format::Markdown);
        assert!(
            shown.contains(&format!("**Alex and Sam:** {words}")),
            "{shown}"
        );
        let felt = if name == "ready.rhai" {
            "Hurt, Sad"
        } else {
            "Hurt, still, Sad"
        };
        assert!(
            shown.contains(&format!("**Revealed:** Alex: {felt}")),
            "a reveal shows the words: {shown}"
        );
        assert!(!shown.contains("later"), "keys are never shown: {shown}");
    }
}

/// A journal of a plain list stores the option's text, which is its key: the same guide
/// rewritten with keys equal to those texts (and new words) resumes it.
#[test]
fn a_plain_list_s_journal_resumes_when_its_options_gain_keys() {
    let head = "guide(#{ title: \"T\", roles: #{ first: \"x\", second: \"y\" }, start: \"s\" });\n";
    let plain = format!(
        "{head}step(\"s\", || {{ let r = choose(both, \"Ready?\", [\"Yes\", \"Not yet\"]); if r == \"Not yet\" {{ finish(\"later\") }} finish(\"now\") }});"
    );
    let keyed = plain.replace(
        "[\"Yes\", \"Not yet\"]",
        "[[\"Yes\", \"Yes, go on\"], [\"Not yet\", \"Not today\"]]",
    );
    let session = Session::start(load(&plain), setup()).unwrap();
    let key = session.prompt().unwrap().key();
    let header = Header {
        format: 2,
        guide: "g.rhai".into(),
        guide_hash: "h".into(),
        source: plain.clone(),
        modules: None,
        seed: 1,
        names: setup().names,
        started: "t".into(),
        author: false,
        couple: None,
    };
    let answer = Record::Answer {
        prompt: key,
        value: Value::Text("Not yet".into()),
        at: "t".into(),
    };
    let text = Record::Start(header).to_line() + answer.to_line().as_str();
    let journal = Record::read(&text).unwrap();
    let replayed = journal.replay(load(&keyed)).unwrap();
    assert!(replayed.set_aside().is_empty());
    assert_eq!(finished(&replayed), "later");
}

/// The key of a prompt with a plain list is what it was before options had keys: a
/// journal written by an earlier release (format 1) replays with nothing set aside, its
/// choice's key the same as then.
#[test]
fn a_plain_list_prompt_keeps_its_journal_key() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../cli/tests/fixtures/journals/v1-check-in-unfinished.jsonl");
    let journal = Record::read(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(
        journal.keys[0], "welcome#0:8eaac3a8",
        "a choice of Yes / Not today"
    );
    let guide = Guide::load(
        Source::new("check-in", journal.header.source.clone()),
        Config::default(),
    )
    .unwrap();
    let session = journal.replay(guide).unwrap();
    assert!(session.set_aside().is_empty());
    assert!(session.prompt().is_some());
}

#[test]
fn choose_many_takes_numbers_or_words_within_its_bounds() {
    let kind = PromptKind::ChooseMany {
        options: vec!["Hurt".into(), "Calm enough".into(), "Sad".into()],
        keys: vec!["hurt".into(), "calm".into(), "sad".into()],
        min: 1,
        max: 2,
    };
    let p = Prompt::new(kintsugi_engine::Audience::Both, "?", kind);
    let both = Value::List(vec!["hurt".into(), "sad".into()]);
    for typed in ["1 3", "1,3", "3, 1", "Hurt, sad", "sad,hurt", "1 3 3"] {
        assert_eq!(p.parse(typed), Ok(both.clone()), "{typed}");
    }
    assert_eq!(p.parse("calm"), Ok(Value::List(vec!["calm".into()])));
    for wrong in ["", "1 2 3", "4", "0", "angry", "1 x"] {
        assert!(p.parse(wrong).is_err(), "{wrong}");
    }
    assert!(p.accepts(&both));
    assert!(!p.accepts(&Value::List(vec!["sad".into(), "hurt".into()])));
    assert!(!p.accepts(&Value::List(vec![])));
    assert_eq!(p.shown(&both).as_deref(), Some("Hurt, Sad"));
}

/// Explore tries every pick when there are few, and a bounded sample that still tries
/// every option when there are many.
#[test]
fn explore_tries_picks_within_bounds() {
    use kintsugi_engine::explore::{MAX_PICKS, answers_to, picks};
    assert_eq!(picks(3, 1, 2).len(), 6);
    assert_eq!(picks(3, 0, 3).len(), 8);
    let many = picks(20, 0, 10);
    assert!(many.len() <= MAX_PICKS.max(40), "{}", many.len());
    for option in 0..20 {
        assert!(
            many.iter().any(|p| p.contains(&option)),
            "option {option} tried"
        );
    }
    assert!(
        many.iter()
            .all(|p| p.len() <= 10 && p.windows(2).all(|w| w[0] < w[1]))
    );
    let p = Prompt::new(
        kintsugi_engine::Audience::Both,
        "?",
        PromptKind::ChooseMany {
            options: vec!["a".into(), "b".into(), "c, d".into()],
            keys: vec![],
            min: 0,
            max: 3,
        },
    );
    for value in answers_to(&p) {
        let line = kintsugi_engine::explore::answer_line(&p, &value);
        assert_eq!(p.parse(&line), Ok(value), "{line:?}");
    }
}

#[test]
fn an_optional_prompt_takes_an_empty_answer_and_the_guide_gets_nothing() {
    let guide = load(
        "guide(#{ title: \"T\", roles: #{ first: \"x\", second: \"y\" }, start: \"s\" });\n\
         step(\"s\", || {\n\
           let why = ask(first, \"Why?\", #{ optional: \"I'd rather not say\" });\n\
           let n = scale(second, \"How much?\", 0, 3, #{ optional: true });\n\
           if why == () && n == () { finish(\"both passed\") }\n\
           finish(`${why} ${n}`)\n\
         });",
    );
    let mut session = Session::start(guide.clone(), setup()).unwrap();
    assert!(session.answer_input("").is_ok());
    assert!(session.answer_input("   ").is_ok());
    assert_eq!(finished(&session), "both passed");
    let shown = Transcript::new(&session, Viewer::Both).render(Format::Markdown);
    assert!(shown.contains("**Alex:** I'd rather not say"), "{shown}");
    assert!(shown.contains("**Sam:** (no answer)"), "{shown}");
    let mut session = Session::start(guide, setup()).unwrap();
    session.answer_input("Because.").unwrap();
    session.answer_input("2").unwrap();
    assert_eq!(finished(&session), "Because. 2");
    // Without `optional`, an empty answer is still refused.
    let strict = load(
        "guide(#{ title: \"T\", roles: #{ first: \"x\" }, start: \"s\" });\n\
         step(\"s\", || { ask(first, \"Why?\"); finish() });",
    );
    let mut session = Session::start(strict, setup_one()).unwrap();
    assert!(session.answer_input("").is_err());
}

fn setup_one() -> Setup {
    Setup {
        names: [("first".to_string(), "Alex".to_string())]
            .into_iter()
            .collect(),
        seed: 1,
        history: Default::default(),
    }
}

#[test]
fn join_lists_items_as_text_and_roles_as_names() {
    let guide = load(
        "guide(#{ title: \"T\", roles: #{ first: \"x\", second: \"y\" }, start: \"s\" });\n\
         step(\"s\", || finish(`${join([first, second])}; ${join([\"a\", \"b\", \"c\"])}; ${[\"a\", \"b\"].join(\" / \")}; ${join([\"one\"])}; ${join([])}.`));",
    );
    let session = Session::start(guide, setup()).unwrap();
    assert_eq!(
        finished(&session),
        "Alex and Sam; a, b and c; a / b; one; ."
    );
}

const FEELINGS: &str = r#"
guide(#{ title: "Feelings", roles: #{ first: "x", second: "y" }, start: "s" });
step("s", || {
    let felt = choose_many(first, "Pick up to two", [["hurt", "Hurt"], ["calm", "Calm enough"], ["sad", "Sad"]], 0, 2);
    let why = ask(second, "Why?", #{ optional: "I'd rather not say", examples: ["Because."] });
    if felt.contains("calm") && why == () {
        finish("calm, unsaid")
    }
    finish(`felt ${join(felt)}`)
});
"#;

/// A scenario answers a `choose_many` with numbers or words and passes with an empty
/// answer, as a partner at the keyboard would.
#[test]
fn a_scenario_answers_choose_many_and_passes() {
    let text = "guide: feelings.rhai\nnames: first=Alex, second=Sam\n---\nfirst: 2 3\nsecond:\n";
    let scenario = kintsugi_engine::Scenario::parse("f.scenario", text).unwrap();
    let session = scenario.run("f.scenario", load(FEELINGS)).unwrap();
    assert_eq!(finished(&session), "calm, unsaid");
    let text = "guide: feelings.rhai\nnames: first=Alex, second=Sam\n---\nfirst: Hurt, sad\nsecond: Because.\n";
    let scenario = kintsugi_engine::Scenario::parse("f.scenario", text).unwrap();
    let session = scenario.run("f.scenario", load(FEELINGS)).unwrap();
    assert_eq!(finished(&session), "felt hurt and sad");
}

/// Explore tries every pick of a short list and the pass of an optional prompt: every
/// path finishes, both endings are reached, and each answer tried replays from its line.
#[test]
fn explore_tries_every_pick_and_the_pass() {
    let source = Source::new("feelings.rhai", FEELINGS);
    let found = kintsugi_engine::explore::explore(source, setup(), Default::default()).unwrap();
    assert_eq!(found.failed, 0, "{:?}", found.errors);
    // Seven picks of up to two of three (none, three singles, three pairs), then the
    // example and the pass.
    assert_eq!(found.finished, 7 * 2);
    assert!(found.cut.is_none());
}

/// Why options are a list: Rhai keeps a map's keys in alphabetical order, whatever the
/// order written (the README's "Keeping an order").
#[test]
fn a_map_keeps_its_keys_in_alphabetical_order_and_a_list_keeps_yours() {
    let guide = load(
        "guide(#{ title: \"T\", roles: #{ first: \"x\", second: \"y\" }, start: \"s\" });\n\
         step(\"s\", || finish(`${join(#{ zebra: 1, apple: 2, mango: 3 }.keys())} / ${join([\"zebra\", \"apple\", \"mango\"])}`));",
    );
    let session = Session::start(guide, setup()).unwrap();
    assert_eq!(
        finished(&session),
        "apple, mango and zebra / zebra, apple and mango"
    );
}

/// A `reveal` of one option picked, private or not, shows the words the partner saw,
/// never the key (`"later"`): the key is the guide's, the words are the couple's.
#[test]
fn a_reveal_of_one_option_shows_its_words() {
    let guide = load(
        r#"guide(#{ title: "T", roles: #{ first: "x", second: "y" }, start: "s" });
step("s", || {
    let mine = choose(privately(first), "Ready?", [["now", "Yes, go on"], ["later", "Not yet"]]);
    let ours = choose(both, "Together?", [["now", "Right now"], ["later", "Another day"]]);
    reveal("ready", #{ first: mine });
    let kept = mine;
    reveal(first, kept);
    finish("done")
});"#,
    );
    let mut session = Session::start(guide, setup()).unwrap();
    session.answer_input("2").unwrap();
    session.answer_input("2").unwrap();
    assert_eq!(finished(&session), "done");
    let shown = Transcript::new(&session, Viewer::Both).render(Format::Markdown);
    // The same key was given later, together, with other words: not those.
    assert_eq!(shown.matches("Alex: Not yet").count(), 2, "{shown}");
    assert!(!shown.contains("Alex: Another day"), "{shown}");
    assert!(!shown.contains("later"), "keys are never shown: {shown}");
}

/// A journal of `text`'s answers, with the keys of the prompts they were given to, as
/// the REPL writes it.
fn journal_of(text: &str, typed: &[&str]) -> kintsugi_engine::Journal {
    let mut session = Session::start(load(text), setup()).unwrap();
    let header = Header {
        format: kintsugi_engine::JOURNAL_FORMAT,
        guide: "g.rhai".into(),
        guide_hash: "h".into(),
        source: text.to_string(),
        modules: None,
        seed: 1,
        names: setup().names,
        started: "t".into(),
        author: false,
        couple: None,
    };
    let mut lines = Record::Start(header).to_line();
    for input in typed {
        let key = session.prompt().unwrap().key();
        let value = session.answer_input(input).unwrap();
        lines += Record::Answer {
            prompt: key,
            value,
            at: "t".into(),
        }
        .to_line()
        .as_str();
    }
    Record::read(&lines).unwrap()
}

/// A prompt's journal key hashed its question's words, so rewording a question (a
/// typo, a gentler phrasing) set every answer from there aside. The key is now what the
/// answer depends on (the step, the prompt's place in it, whom it asks, what answers it
/// takes): a journal written before a question was reworded resumes with nothing set
/// aside, and one whose question now takes other answers is still found out.
#[test]
fn a_journal_written_before_a_question_was_reworded_still_resumes() {
    let text = r#"guide(#{ title: "T", roles: #{ first: "x", second: "y" }, start: "s" });
step("s", || {
    let ready = choose(both, "Ready to begin?", [["yes", "Yes"], ["later", "Not yet"]]);
    let how = scale(first, "How hard was today, from 0 to 10?", 0, 10);
    let said = ask(second, "What would you like to say?");
    if ready == "later" { finish("later") }
    finish(`${how}: ${said}`)
});"#;
    let journal = journal_of(text, &["Yes", "4", "Thank you"]);
    let reworded = text
        .replace("Ready to begin?", "Are you both ready to begin?")
        .replace("How hard was today", "How heavy did today feel")
        .replace(
            "What would you like to say?",
            "What would you like Alex to hear?",
        );
    let session = journal.replay(load(&reworded)).unwrap();
    assert!(
        session.set_aside().is_empty(),
        "nothing set aside: {:?}",
        session.stale()
    );
    assert_eq!(finished(&session), "4: Thank you");
    let shown = Transcript::new(&session, Viewer::Both).render(Format::Markdown);
    assert!(shown.contains("How heavy did today feel"), "{shown}");

    // A question that now takes other answers no longer fits: the answers from there
    // are set aside, and the run says which question changed.
    let narrower = text.replace("0, 10)", "1, 5)");
    let session = journal.replay(load(&narrower)).unwrap();
    let stale = session.stale().expect("the scale changed");
    assert_eq!((stale.index, stale.question_changed), (1, true));
    assert_eq!(session.set_aside().len(), 2);
    let other = text.replace("scale(first,", "scale(second,");
    let stale = journal.replay(load(&other)).unwrap().stale();
    assert_eq!(
        stale.map(|s| s.index),
        Some(1),
        "asked of the other partner"
    );
}
