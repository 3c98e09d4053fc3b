//! What a journal keeps and how it is read back: the modules a guide imported, answers
//! set aside, formats written by earlier releases, and damage of any kind (properties).

use indexmap::IndexMap;
use kintsugi_engine::{
    Audience, Config, Format, Guide, Header, JOURNAL_FORMAT, Modules, Record, Session, Setup,
    Source, Transcript, Value, Viewer,
};
use proptest::prelude::*;

const HEADER: &str = r#"
guide(#{
    title: "Test",
    roles: #{ a: "the first partner", b: "the second partner" },
    start: "one",
});
"#;

fn setup() -> Setup {
    Setup {
        names: [
            ("a".to_string(), "Alex".to_string()),
            ("b".to_string(), "Sam".to_string()),
        ]
        .into_iter()
        .collect(),
        seed: 7,
        history: Default::default(),
    }
}

fn says(s: &Session) -> Vec<String> {
    s.events()
        .iter()
        .filter_map(|e| match &e.kind {
            kintsugi_engine::EventKind::Say { text } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

/// A guide that imports a module (inside a step, at the top, and one module from
/// another), run from its folder; then the same guide from its text and the modules it
/// kept, with the folder gone: the runs are the same, draw for draw.
#[test]
fn a_guide_keeps_the_modules_it_imports_and_runs_the_same_without_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("texts.rhai"),
        "import \"words\" as w;\nfn hello() { `hello, ${w::word()}` }",
    )
    .unwrap();
    std::fs::write(dir.path().join("words.rhai"), "fn word() { \"friend\" }").unwrap();
    std::fs::write(dir.path().join("unused.rhai"), "fn never() { 1 }").unwrap();
    let text = format!(
        "{HEADER}step(\"one\", || {{ import \"texts\" as t; say(t::hello()); \
         say(`${{random(1, 1000000)}}`); ask(a, \"Go on?\"); say(t::hello()); finish(\"\") }});"
    );
    let mut from_folder = Source::new("g.rhai", text.clone());
    from_folder.folder = Some(dir.path().to_path_buf());
    let guide = Guide::load(from_folder, Config::default()).unwrap();
    let kept: Vec<&String> = guide.modules().keys().collect();
    assert_eq!(
        kept,
        ["texts", "words"],
        "what it imports, and no other file"
    );
    let mut live = Session::start(guide.clone(), setup()).unwrap();
    live.answer_input("yes").unwrap();
    assert_eq!(says(&live)[0], "hello, friend");

    // The folder is gone: a source with the kept modules and no folder replays alike.
    let modules = guide.modules().clone();
    drop(dir);
    let mut kept = Source::new("g.rhai", text.clone());
    kept.modules = modules;
    let again = Guide::load(kept, Config::default()).unwrap();
    let replayed = Session::replay(again, setup(), live.answers()).unwrap();
    assert_eq!(says(&replayed), says(&live));
    assert_eq!(replayed.status(), live.status());

    // Without them, the import is not found, as it says, and the guide does not load.
    let bare = Guide::load(Source::new("g.rhai", text), Config::default())
        .err()
        .unwrap();
    assert!(
        bare.message
            .contains("import \"texts\": this guide is not read from a folder"),
        "{bare}"
    );
}

/// Runs import only what was read when the guide loaded: a module written or changed
/// afterwards does not change a run (undo and replay compute what the live run did).
#[test]
fn a_module_changed_after_the_guide_loaded_changes_nothing_in_its_runs() {
    let dir = tempfile::tempdir().unwrap();
    let module = dir.path().join("texts.rhai");
    std::fs::write(&module, "fn hello() { \"as loaded\" }").unwrap();
    let mut source = Source::new(
        "g.rhai",
        format!(
            "{HEADER}step(\"one\", || {{ ask(a, \"First?\"); import \"texts\" as t; say(t::hello()); ask(b, \"Then?\"); finish(\"\") }});"
        ),
    );
    source.folder = Some(dir.path().to_path_buf());
    let guide = Guide::load(source.clone(), Config::default()).unwrap();
    std::fs::write(&module, "fn hello() { \"changed\" }").unwrap();
    let mut s = Session::start(guide, setup()).unwrap();
    s.answer_input("one").unwrap();
    assert_eq!(says(&s), ["as loaded"]);
    s.undo();
    s.answer_input("two").unwrap();
    assert_eq!(says(&s), ["as loaded"]);
    // Loading the guide again (as `:reload` does) reads the edit.
    s.reload(Guide::load(source, Config::default()).unwrap())
        .unwrap();
    assert_eq!(says(&s), ["changed"]);
}

fn header(format: u32, modules: Option<Modules>) -> Header {
    Header {
        format,
        guide: "g.rhai".into(),
        guide_hash: "h".into(),
        source: "s".into(),
        modules,
        seed: 1,
        names: IndexMap::new(),
        started: "t".into(),
        author: false,
        couple: None,
    }
}

fn answer(prompt: &str, value: Value) -> Record {
    Record::Answer {
        prompt: prompt.into(),
        value,
        at: "t".into(),
    }
}

/// Format 1 set answers aside with undos right after the reload's guide record; they are
/// read as set aside (their questions unknown), other undos as undos.
#[test]
fn format_1_journals_are_read_forward() {
    // A format-1 header, as written then: no modules field.
    let start = Record::Start(header(1, None)).to_line();
    assert!(!start.contains("modules"), "{start}");
    let guide = Record::Guide {
        source: "edited".into(),
        guide_hash: "h2".into(),
        modules: None,
        at: "t".into(),
    };
    let undo = Record::Undo { at: "t".into() };
    let text = [
        start,
        answer("p#0", Value::Number(1)).to_line(),
        answer("p#1", Value::Number(2)).to_line(),
        undo.to_line(),
        answer("p#1", Value::Number(3)).to_line(),
        answer("p#2", Value::Number(4)).to_line(),
        guide.to_line(),
        undo.to_line(),
        undo.to_line(),
        answer("p#1", Value::Number(5)).to_line(),
        undo.to_line(),
    ]
    .concat();
    let journal = Record::read(&text).unwrap();
    assert_eq!(journal.header.modules, None);
    assert_eq!(journal.header.source, "edited");
    assert_eq!(journal.answers, [Value::Number(1)]);
    let aside: Vec<&Value> = journal.set_aside.iter().map(|a| &a.value).collect();
    assert_eq!(aside, [&Value::Number(3), &Value::Number(4)], "in order");
    assert!(journal.set_aside.iter().all(|a| a.asked.is_none()));

    // Format 2 writes its own record, and its guide records keep modules: an undo after
    // one is an undo, in a format-2 journal or in a format-1 journal resumed since.
    let reloaded = Record::Guide {
        source: "edited".into(),
        guide_hash: "h2".into(),
        modules: Some(Modules::new()),
        at: "t".into(),
    };
    for format in [1, JOURNAL_FORMAT] {
        let modules = (format > 1).then(Modules::new);
        let text = [
            Record::Start(header(format, modules)).to_line(),
            answer("p#0", Value::Number(1)).to_line(),
            answer("p#1", Value::Number(2)).to_line(),
            Record::SetAside {
                asked: vec![None],
                at: "t".into(),
            }
            .to_line(),
            reloaded.to_line(),
            undo.to_line(),
        ]
        .concat();
        let journal = Record::read(&text).unwrap();
        assert!(journal.answers.is_empty(), "format {format}");
        assert_eq!(journal.set_aside.len(), 1, "format {format}");
        assert_eq!(journal.set_aside[0].value, Value::Number(2));
        assert_eq!(journal.header.modules, Some(Modules::new()));
    }

    // A journal from a newer release is refused, never misread (or written to).
    let newer = Record::Start(header(JOURNAL_FORMAT + 1, None)).to_line();
    let err = Record::read(&newer).unwrap_err();
    assert!(err.message.contains("newer Kintsugi"), "{err}");
}

/// Answers set aside by a reload are listed in transcripts, marked; a private one is
/// shown to its author alone, one whose question is unknown to nobody at the screen.
#[test]
fn transcripts_list_answers_set_aside_and_keep_private_ones_private() {
    let first = format!(
        "{HEADER}step(\"one\", || {{ ask(privately(a), \"A secret?\"); ask(b, \"Your day?\"); ask(both, \"Ready?\"); finish(\"\") }});"
    );
    let load = |text: &str| Guide::load(Source::new("t.rhai", text), Config::default()).unwrap();
    let mut s = Session::start(load(&first), setup()).unwrap();
    s.answer_input("my secret words").unwrap();
    s.answer_input("a fine day").unwrap();
    // The first question now takes a number: both answers no longer fit.
    s.reload(load(&first.replace(
        "ask(privately(a), \"A secret?\")",
        "scale(privately(a), \"A secret, now?\", 0, 10)",
    )))
    .unwrap();
    assert_eq!(s.set_aside().len(), 2);

    let both = Transcript::new(&s, Viewer::Both).render(Format::Markdown);
    assert!(both.contains("## Set aside"), "{both}");
    assert!(
        both.contains("set aside: **Alex:** *(answered privately)*"),
        "{both}"
    );
    assert!(
        both.contains("set aside: **Sam**, asked \"Your day?\": a fine day"),
        "{both}"
    );
    assert!(
        !both.contains("my secret words") && !both.contains("A secret?"),
        "{both}"
    );
    let alex = Transcript::new(&s, Viewer::Partner("a".into())).render(Format::Markdown);
    assert!(
        alex.contains("set aside: **Alex** (private), asked \"A secret?\": my secret words"),
        "{alex}"
    );
    let json = Transcript::new(&s, Viewer::Both).render(Format::Json);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let listed = doc["set_aside"].as_array().unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0]["hidden"], true);
    assert_eq!(
        listed[0]["asked"]["by"],
        serde_json::json!({"audience": "partner", "role": "a"})
    );
    assert_eq!(listed[1]["value"], "a fine day");
    assert!(!json.contains("my secret words"), "{json}");

    // Those a journal recorded are listed before the replay's own; an unknown question
    // hides the answer from both partners.
    let earlier = kintsugi_engine::SetAside {
        value: Value::Text("from before".into()),
        asked: None,
    };
    let both = Transcript::new(&s, Viewer::Both)
        .set_aside(std::slice::from_ref(&earlier))
        .render(Format::Markdown);
    let first_line = both.find("an answer whose question is not known").unwrap();
    assert!(first_line < both.find("**Alex:** *(answered privately)*").unwrap());
    assert!(!both.contains("from before"), "{both}");
    let journal = Transcript::new(&s, Viewer::Journal)
        .set_aside(&[earlier])
        .render(Format::Markdown);
    assert!(journal.contains("set aside: from before"), "{journal}");
    assert_eq!(earlier_seen(), Audience::Journal);
}

fn earlier_seen() -> Audience {
    kintsugi_engine::SetAside {
        value: Value::Bool(true),
        asked: None,
    }
    .seen_by()
}

// --- Properties of the reader: damage of any kind never panics, never loses a whole
// record before it, and the length a host cuts back to reads clean. ---

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::Number),
        ".{0,40}".prop_map(Value::Text),
    ]
}

/// A journal of a start record and answers, as lines.
fn journal_lines() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(("[a-z]{1,8}#[0-9]", value()), 0..12).prop_map(|answers| {
        let mut lines = vec![Record::Start(header(JOURNAL_FORMAT, Some(Modules::new()))).to_line()];
        lines.extend(answers.into_iter().map(|(p, v)| answer(&p, v).to_line()));
        lines
    })
}

/// The answers of the whole lines of `lines` that end at or before `offset`.
fn answers_before(lines: &[String], offset: usize) -> Vec<Value> {
    let mut end = 0;
    let mut whole = String::new();
    for line in lines {
        end += line.len();
        if end > offset {
            break;
        }
        whole.push_str(line);
    }
    Record::read(&whole).map(|j| j.answers).unwrap_or_default()
}

/// What must hold of any damaged journal whose first `intact` bytes are its own.
fn check_recovery(lines: &[String], bytes: &[u8], intact: usize) -> Result<(), TestCaseError> {
    let Ok(journal) = Record::read_bytes(bytes) else {
        // Only a journal whose start record is damaged cannot be read at all.
        prop_assert!(intact < lines[0].len());
        return Ok(());
    };
    let kept = answers_before(lines, intact);
    prop_assert!(journal.answers.len() >= kept.len());
    prop_assert_eq!(&journal.answers[..kept.len()], &kept[..]);
    prop_assert!(journal.valid_len <= bytes.len());
    // What a host cuts back to before appending holds every record read, and no damage.
    let again = Record::read_bytes(&bytes[..journal.valid_len]).unwrap();
    prop_assert!(again.damage.is_none());
    prop_assert_eq!(&again.answers, &journal.answers);
    match &journal.damage {
        Some(d) => prop_assert_eq!(d.bytes, bytes.len() - journal.valid_len),
        None => prop_assert_eq!(
            journal.valid_len,
            bytes.len(),
            "no damage: every byte is a record (or blank)"
        ),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_bytes_are_read_or_refused_never_a_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        if let Ok(journal) = Record::read_bytes(&bytes) {
            prop_assert!(journal.valid_len <= bytes.len());
        }
    }

    #[test]
    fn a_journal_cut_anywhere_keeps_every_whole_record_before_the_cut(
        lines in journal_lines(),
        cut in any::<prop::sample::Index>(),
    ) {
        let text = lines.concat();
        let cut = cut.index(text.len() + 1);
        check_recovery(&lines, &text.as_bytes()[..cut], cut)?;
    }

    #[test]
    fn a_journal_damaged_anywhere_keeps_every_whole_record_before_the_damage(
        lines in journal_lines(),
        at in any::<prop::sample::Index>(),
        garbage in prop::collection::vec(any::<u8>(), 1..64),
        overwrite in any::<bool>(),
    ) {
        let mut bytes = lines.concat().into_bytes();
        let at = at.index(bytes.len() + 1);
        if overwrite {
            let end = (at + garbage.len()).min(bytes.len());
            bytes.splice(at..end, garbage.iter().copied());
        } else {
            bytes.splice(at..at, garbage.iter().copied());
        }
        check_recovery(&lines, &bytes, at)?;
    }
}

/// A session keeps every module its guide imports, so how many is bounded: a guide
/// whose modules import ever more does not load, with a clear error.
#[test]
fn a_guide_that_imports_too_many_modules_does_not_load() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..100 {
        std::fs::write(
            dir.path().join(format!("m{i}.rhai")),
            format!("import \"m{}\" as next;\nfn hi() {{ 1 }}", i + 1),
        )
        .unwrap();
    }
    let mut source = Source::new(
        "g.rhai",
        format!("{HEADER}step(\"one\", || {{ import \"m0\" as m; finish(\"\") }});"),
    );
    source.folder = Some(dir.path().to_path_buf());
    let err = Guide::load(source, Config::default()).err().unwrap();
    assert_eq!(err.kind, kintsugi_engine::ErrorKind::Import);
    assert!(err.message.contains("more than 64 modules"), "{err}");
}
