//! Hostile guides against the engine's bounds: scale ranges at the ends of the numbers,
//! lists nested as deep as the size limits allow, and a panic while exploring. Each was
//! a panic, a hang or an abort (issue 9); each must now be an error or a result.

use kintsugi_engine::explore::{Options, explore};
use kintsugi_engine::{Config, Guide, Plugin, Run, Session, Setup, Source, Status, rhai};

const HEADER: &str = r#"
guide(#{
    title: "Hostile",
    roles: #{ a: "the first partner", b: "the second partner" },
    start: "one",
});
"#;

fn source(body: &str) -> Source {
    Source::new("hostile.rhai", format!("{HEADER}{body}"))
}

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

/// Runs `f` on a thread with a small stack (256 KiB, an eighth of a spawned thread's
/// default), so that anything a guide does on the caller's stack, rather than on the
/// fiber's reserve, overflows here in any build.
fn on_small_stack<R: Send + 'static>(f: impl FnOnce() -> R + Send + 'static) -> R {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .expect("no panic")
}

/// `scale(a, "n", -9223372036854775808, 10)` passed the width check (`10 - i64::MIN`
/// wrapped round) and `explore` then panicked with "capacity overflow" listing its values.
#[test]
fn a_scale_wider_than_the_limit_is_an_error_everywhere_without_overflow() {
    for (min, max) in [
        ("-9223372036854775808", "10"),
        ("-9223372036854775807", "9223372036854775807"),
        ("0", "1001"),
    ] {
        let body = format!(
            "step(\"one\", || {{ let n = scale(a, \"n\", {min}, {max}); finish(\"Done.\") }});"
        );
        let expected = format!("scale(..., {min}, {max}): the lowest must be below the highest");

        let diagnostics = kintsugi_engine::check(&source(&body), &Config::default());
        assert!(
            diagnostics
                .iter()
                .any(|d| d.code.id() == "K0016" && d.message.starts_with(&expected)),
            "check of {min}..{max}: {diagnostics:?}"
        );

        let guide = Guide::load(source(&body), Config::default()).unwrap();
        let session = Session::start(guide, setup()).unwrap();
        match session.status() {
            Status::Failed(e) => assert!(e.message.starts_with(&expected), "run: {e}"),
            other => panic!("run of {min}..{max}: {other:?}"),
        }

        let exploration = explore(source(&body), setup(), Options::default()).unwrap();
        assert_eq!(exploration.errors.len(), 1, "explore of {min}..{max}");
        assert!(
            exploration.errors[0].message.starts_with(&expected),
            "{}",
            exploration.errors[0].message
        );
    }
    // The widest scale allowed is explored value by value.
    let body = "step(\"one\", || { let n = scale(a, \"n\", -500, 500); finish(`${n}`) });";
    let exploration = explore(source(body), setup(), Options::default()).unwrap();
    assert!(exploration.errors.is_empty());
    assert_eq!(
        exploration.ends.iter().map(|e| e.paths).sum::<usize>(),
        1_001
    );
}

/// Lists nested 1,999 deep (the array size limit stops deeper ones), shown and compared:
/// at the top level, which runs when the guide loads, and in a step. Rhai recurses once
/// per level, so this needs the fiber's stack reserve wherever it runs; it aborted
/// `explore`, `graph` and `check` with a stack overflow.
const DEEP: &str = r#"
let deep = [];
for i in 0..1999 { deep = [deep]; }
let shown = `${deep}`;
let same = deep == deep;
step("one", || {
    let inner = [];
    for i in 0..1999 { inner = [inner]; }
    let again = `${inner}`;
    let n = scale(a, `${same} ${shown.len()} ${again.len()}`, 0, 2);
    finish("Done.")
});
"#;

#[test]
fn lists_nested_as_deep_as_the_limits_allow_never_overflow_a_stack() {
    on_small_stack(|| {
        let diagnostics = kintsugi_engine::check(&source(DEEP), &Config::default());
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let guide = Guide::load(source(DEEP), Config::default()).unwrap();
        let session = Session::start(guide, setup()).unwrap();
        let prompt = session.prompt().expect("the step asks");
        assert_eq!(prompt.text, "true 4000 4000");
        let exploration = explore(source(DEEP), setup(), Options::default()).unwrap();
        assert!(exploration.errors.is_empty());
        assert_eq!(exploration.ends.iter().map(|e| e.paths).sum::<usize>(), 3);
    });
}

/// A plugin whose function panics, called on the second prompt's path only (so a worker
/// thread meets it): the exploration ends with an error that says so, never a hang.
struct Faulty;

impl Plugin for Faulty {
    fn name(&self) -> &'static str {
        "faulty"
    }

    fn install(&self, engine: &mut rhai::Engine, _run: &Run) {
        engine.register_fn("faulty", |n: i64| -> i64 {
            assert!(n != 2, "a planted bug");
            n
        });
    }
}

#[test]
fn a_panic_in_an_explore_worker_is_an_error_not_a_hang() {
    let body = r#"
step("one", || {
    let n = scale(a, "n", 0, 3);
    faulty(n);
    finish("Done.")
});
"#;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let result = kintsugi_engine::explore::Explorer::new(source(body), setup())
            .options(Options {
                threads: 2,
                ..Options::default()
            })
            .config(|| Config::default().with_plugin(Faulty))
            .run();
        let _ = tx.send(result.map(|_| ()).map_err(|e| e.to_string()));
    });
    let result = rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("explore ends");
    let err = result.expect_err("the panic is reported");
    assert!(err.contains("panicked"), "{err}");
}
