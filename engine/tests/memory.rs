//! The memory a guide may gain between two prompts, measured by a counting allocator
//! the host installs (`set_memory_meter`, as the `kintsugi` binary does): closures and
//! curried functions hold values that the size limits on texts and lists do not see.

use cap::Cap;
use kintsugi_engine::{
    Config, ErrorKind, Guide, Limits, Session, Setup, Source, Status, Value, set_memory_meter,
};
use std::alloc::System;

#[global_allocator]
static ALLOCATOR: Cap<System> = Cap::new(System, usize::MAX);

const MIB: usize = 1024 * 1024;

const HEADER: &str = r#"guide(#{ title: "Hoarder", roles: #{ a: "the first partner", b: "the second partner" }, start: "one" });"#;

/// A text of about 60 KiB, then `arrays` lists of 2,000 closures, each holding a text
/// of its own: about 120 MiB per list, none of it seen by the size limits.
fn hoard(arrays: usize) -> String {
    let mut code = String::from(
        r#"let s = "x"; while s.len() < 32000 { s += s; } s = s + s.sub_string(0, 28000);"#,
    );
    for j in 0..arrays {
        code += &format!(" let a{j} = []; for i in 0..2000 {{ let t = s + i; a{j}.push(|| t); }}");
    }
    code
}

/// The meter reads the whole process: these tests take turns, so that one's memory is
/// not counted in another's step.
static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn config() -> Config {
    set_memory_meter(|| ALLOCATOR.allocated());
    Config {
        limits: Limits {
            memory_between_prompts: 64 * MIB,
            ..Limits::default()
        },
        ..Config::default()
    }
}

fn load(text: String) -> Result<Guide, kintsugi_engine::Error> {
    Guide::load(Source::new("hoarder.rhai", text), config())
}

fn setup() -> Setup {
    Setup {
        names: [("a", "Alex"), ("b", "Sam")]
            .map(|(r, n)| (r.to_string(), n.to_string()))
            .into_iter()
            .collect(),
        seed: 1,
        history: Default::default(),
    }
}

#[test]
fn a_step_that_hoards_in_closures_is_stopped_naming_it() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    let before = ALLOCATOR.allocated();
    let guide = load(format!(
        "{HEADER}\nstep(\"one\", || {{ ask(a, \"Ready?\"); {} finish(\"\") }});",
        hoard(4)
    ))
    .unwrap();
    let mut session = Session::start(guide, setup()).unwrap();
    session.answer_input("yes").unwrap();
    match session.status() {
        Status::Failed(e) => {
            assert_eq!(e.kind, ErrorKind::Runaway, "{e}");
            assert_eq!(e.step.as_deref(), Some("one"), "{e}");
            assert!(e.message.contains("more than 64 MiB of memory"), "{e}");
        }
        other => panic!("{other:?}"),
    }
    // Stopped near the bound: well before the 480 MiB the step would take.
    assert!(ALLOCATOR.max_allocated() - before < 200 * MIB);
}

#[test]
fn a_top_level_that_hoards_is_refused_and_the_next_guide_loads() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    let e = load(format!(
        "{HEADER}\n{}\nstep(\"one\", || {{ finish(\"\") }});",
        hoard(4)
    ))
    .err()
    .expect("refused");
    assert_eq!(e.kind, ErrorKind::Runaway, "{e}");
    assert!(e.message.contains("top level took more than 64 MiB"), "{e}");
    // Nothing of that stop is left on the thread for the next guide.
    let guide = load(format!(
        "{HEADER}\nstep(\"one\", || {{ finish(\"done\") }});"
    ))
    .unwrap();
    let session = Session::start(guide, setup()).unwrap();
    assert_eq!(session.status(), &Status::Finished("done".into()));
}

#[test]
fn memory_kept_across_many_prompts_is_counted_from_each_prompt() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    // Each stretch says a line of 60 KiB; a session keeping its whole history holds
    // them all: 1,500 of them are 90 MiB, over the bound, and that is no hoarding.
    let guide = load(format!(
        "{HEADER}\nstep(\"one\", || {{ let n = recall(\"n\", 0) + 1; remember(\"n\", n); \
         let s = \"x\"; while s.len() < 32000 {{ s += s; }} say(s + s.sub_string(0, 28000)); \
         if n < 1500 {{ ask(a, \"Again?\"); next(\"one\") }} else {{ finish(\"done\") }} }});"
    ))
    .unwrap();
    let before = ALLOCATOR.allocated();
    let answers = vec![Value::Text("yes".into()); 1499];
    let replayed = Session::replay(guide, setup(), answers).unwrap();
    assert_eq!(replayed.status(), &Status::Finished("done".into()));
    assert!(ALLOCATOR.allocated() - before > 64 * MIB, "the premise");
}
