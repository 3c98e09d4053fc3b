//! Exploring guides with loops (issue 11, item 5): an unbounded loop is named (the
//! prompt and the value that keeps growing) where the search was cut; a step that fails
//! before asking anything is found once and counted for every path that reaches it.

use kintsugi_engine::explore::{Exploration, Options, explore};
use kintsugi_engine::{Setup, Source};

fn explored(file: &str, text: &str, roles: [&str; 2], options: Options) -> Exploration {
    let setup = Setup {
        names: roles
            .into_iter()
            .zip(["Alex", "Sam"])
            .map(|(r, n)| (r.to_string(), n.to_string()))
            .collect(),
        seed: 0,
        history: Default::default(),
    };
    explore(Source::new(file, text.to_string()), setup, options).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn an_unbounded_mirroring_loop_is_named_with_what_keeps_growing() {
    let x = explored(
        "mirror_loop.rhai",
        include_str!("explore/mirror_loop.rhai"),
        ["sender", "receiver"],
        Options {
            max_paths: 5_000,
            ..Options::default()
        },
    );
    let cut = x.cut.as_ref().expect("the search is cut");
    assert!(cut.untried > 0);
    let u = x.unbounded.as_ref().expect("the loop is named");
    assert_eq!((u.step.as_str(), u.line), ("mirror", 12));
    assert!(u.rounds >= 3, "{u:?}");
    let growing: Vec<&str> = u.growing.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(growing, ["round", "said"]);
    assert_eq!(&u.growing[0].1[..3], ["(none)", "1", "2"]);
    // The rounds of the loop are one prompt each, by line, with their count.
    let asked = x
        .prompts
        .iter()
        .find(|p| p.line == 12)
        .expect("the prompt at line 12");
    assert!(asked.rounds >= 1);
    assert_eq!(x.prompts.iter().filter(|p| p.line == 12).count(), 1);
}

#[test]
fn a_loop_that_forgot_its_counter_is_one_error_counted_for_every_path() {
    let x = explored(
        "forgotten_counter.rhai",
        include_str!("explore/forgotten_counter.rhai"),
        ["first", "second"],
        // One worker meets the failing step once per value it recalls (nine).
        Options {
            threads: 1,
            ..Options::default()
        },
    );
    assert!(x.complete());
    assert_eq!(x.errors.len(), 1, "{:#?}", x.errors);
    let e = &x.errors[0];
    assert_eq!(
        e.paths, 6_561,
        "every way through the four items reaches it"
    );
    assert_eq!(e.line, Some(24), "{}", e.error);
    assert!(
        e.error.contains("does the loop at line 24 ever end?"),
        "{}",
        e.error
    );
    // Each item's prompt, asked in four rounds, is one prompt per partner.
    assert_eq!(x.prompts.len(), 2);
    assert!(x.prompts.iter().all(|p| p.rounds == 4));
}

/// The three guides of issue 11 written right, as a counselor would from the README
/// (forgiveness with "not yet" kept private until its reveal, boundaries item by item
/// with a counter and keyed options, a mirroring dialogue capped at three rounds): `check`
/// says nothing, and `explore` follows every path to its end with full coverage and no
/// problem. No false alarm on a correct guide.
#[test]
fn the_three_guides_written_right_raise_no_alarm() {
    let guides = [
        (
            "private_kept.rhai",
            include_str!("explore/private_kept.rhai"),
            ["hurt", "repairing"],
        ),
        (
            "boundaries_kept.rhai",
            include_str!("explore/boundaries_kept.rhai"),
            ["first", "second"],
        ),
        (
            "mirroring_kept.rhai",
            include_str!("explore/mirroring_kept.rhai"),
            ["sender", "receiver"],
        ),
    ];
    for (file, text, roles) in guides {
        let diagnostics = kintsugi_engine::check(
            &Source::new(file, text),
            &kintsugi_engine::Config::default(),
        );
        let shown: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
        assert!(diagnostics.is_empty(), "{file}: {shown:?}");
        let x = explored(file, text, roles, Options::default());
        assert!(x.complete(), "{file}: cut");
        assert!(x.full_coverage(), "{file}: {:?}", x.branches);
        assert!(
            !x.has_problems(),
            "{file}: {:?} {:?} {:?}",
            x.errors,
            x.stuck,
            x.leaks
        );
        assert!(x.finished > 0, "{file}");
    }
}
