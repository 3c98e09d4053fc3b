//! The privacy check of `explore` (issue 11, item 1): a private answer that changes what
//! the other partner sees before it is revealed is reported with the two answers, the
//! lines that differ and what each path shows; a guide that keeps it private, or marks
//! a prompt whose answer is meant to steer (`#{ steers: true }`), is not.

use kintsugi_engine::explore::{Exploration, Options, explore};
use kintsugi_engine::{Setup, Source, Value};

fn explored(file: &str, text: &str) -> Exploration {
    let setup = Setup {
        names: [("hurt", "Alex"), ("repairing", "Sam")]
            .into_iter()
            .map(|(r, n)| (r.to_string(), n.to_string()))
            .collect(),
        seed: 0,
        history: Default::default(),
    };
    explore(
        Source::new(file, text.to_string()),
        setup,
        Options::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_private_answer_repeated_on_the_shared_screen_is_a_leak_with_both_answers_and_lines() {
    let x = explored(
        "private_leak.rhai",
        include_str!("explore/private_leak.rhai"),
    );
    assert_eq!(x.leaks.len(), 1, "{:#?}", x.leaks);
    let leak = &x.leaks[0];
    assert_eq!((leak.step.as_str(), leak.line), ("ask", 11));
    assert_eq!((leak.who.as_str(), leak.seen_by.as_str()), ("Alex", "Sam"));
    assert_eq!(
        leak.answers,
        [Value::Text("Yes".into()), Value::Text("Not yet".into())]
    );
    assert_eq!(
        leak.sights.each_ref().map(|s| s.step.as_str()),
        ["close"; 2]
    );
    assert_eq!(leak.sights.each_ref().map(|s| s.line), [22, 20]);
    assert!(
        leak.sights[1]
            .text
            .contains("\"Not yet\" can be the answer"),
        "{:?}",
        leak.sights
    );
    assert_eq!(leak.paths[1].len(), 1);
    assert!(x.has_problems(), "a leak is a problem");
}

#[test]
fn an_answer_kept_until_its_reveal_and_a_prompt_marked_steers_are_not_leaks() {
    let x = explored(
        "private_kept.rhai",
        include_str!("explore/private_kept.rhai"),
    );
    assert!(x.leaks.is_empty(), "{:#?}", x.leaks);
    assert!(x.privacy_complete);
    assert_eq!(x.steered.len(), 1);
    assert_eq!(x.steered[0].line, 19);
    assert_eq!(x.steered[0].who, "Alex and Sam");
    // Without the mark, the same prompt is a leak: "Then not today" shows Sam that
    // Alex said no.
    let unmarked = include_str!("explore/private_kept.rhai").replace(", #{ steers: true }", "");
    let x = explored("private_kept.rhai", &unmarked);
    assert!(
        x.leaks
            .iter()
            .any(|l| l.line == 19 && l.who == "Alex" && l.seen_by == "Sam"),
        "{:#?}",
        x.leaks
    );
}

#[test]
fn which_step_comes_next_and_what_is_asked_count_as_seen() {
    let guide = |middle: &str| {
        format!(
            r#"
guide(#{{ title: "T", roles: #{{ hurt: "one", repairing: "other" }}, start: "one" }});
step("one", || {{
    let feel = ask(privately(hurt), "How do you feel?");
    {middle}
}});
step("two", || {{ finish("Done.") }});
step("three", || {{ confirm(repairing, "Shall we stop?"); finish("Done.") }});
"#
        )
    };
    // The private text is tried with two answers, so an echo of it is seen.
    let x = explored(
        "echo.rhai",
        &guide(r#"say(`Alex feels ${feel}.`); next("two")"#),
    );
    assert_eq!(x.leaks.len(), 1, "{:#?}", x.leaks);
    assert_eq!(x.leaks[0].sights.each_ref().map(|s| s.line), [5, 5]);
    // A branch on it that asks the other partner something only on one side.
    let x = explored(
        "branch.rhai",
        &guide(r#"if feel == "(an answer)" { next("two") } else { next("three") }"#),
    );
    assert_eq!(x.leaks.len(), 1, "{:#?}", x.leaks);
    let [a, b] = &x.leaks[0].sights;
    assert!(b.text.contains("Shall we stop?"), "{b:?}");
    // The paths part at the two `next(...)`: each names the line that moved it.
    assert_eq!((a.step.as_str(), a.moved_at), ("two", Some(4 + 1)));
    assert_eq!((b.step.as_str(), b.moved_at), ("three", Some(4 + 1)));
    // Kept to Alex alone: no leak.
    let x = explored(
        "kept.rhai",
        &guide(r#"say_to(hurt, `You said ${feel}.`); next("two")"#),
    );
    assert!(x.leaks.is_empty(), "{:#?}", x.leaks);
}

#[test]
fn check_reports_a_private_answer_written_into_shared_text_before_its_reveal() {
    use kintsugi_engine::{Code, Config, check};
    let leak = Source::new(
        "private_leak.rhai",
        include_str!("explore/private_leak.rhai").to_string(),
    );
    let found = check(&leak, &Config::default());
    let shown: Vec<_> = found
        .iter()
        .filter(|d| d.code == Code::PrivateShown)
        .collect();
    assert_eq!(shown.len(), 1, "{found:#?}");
    assert_eq!(shown[0].location.line, 20);
    assert!(
        shown[0].message.contains("asked at line 11"),
        "{}",
        shown[0].message
    );
    // Revealed first, shown to its author alone, or not written: no report.
    let kept = Source::new(
        "private_kept.rhai",
        include_str!("explore/private_kept.rhai").to_string(),
    );
    assert!(check(&kept, &Config::default()).is_empty());
    let revealed = include_str!("explore/private_leak.rhai").replace(
        "    let ready = recall(\"ready\");\n",
        "    let ready = recall(\"ready\");\n    reveal(\"ready\", #{ hurt: ready });\n",
    );
    let revealed = Source::new("revealed.rhai", revealed);
    assert!(
        !check(&revealed, &Config::default())
            .iter()
            .any(|d| d.code == Code::PrivateShown)
    );
}
