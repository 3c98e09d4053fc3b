//! Branch coverage in `explore` (issue 11, item 2): every `if`/`else`, `switch` arm and
//! loop body and exit is reported as taken or never taken, with its line; coverage is
//! "full" only when every branch was taken, whatever answers were tried.

use kintsugi_engine::explore::{Exploration, Options, explore};
use kintsugi_engine::{Setup, Source};

fn explored(text: &str) -> Exploration {
    let setup = Setup {
        names: [("first", "Alex"), ("second", "Sam")]
            .into_iter()
            .map(|(r, n)| (r.to_string(), n.to_string()))
            .collect(),
        seed: 0,
        history: Default::default(),
    };
    explore(
        Source::new("dead_branch.rhai", text.to_string()),
        setup,
        Options::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_branch_no_answer_can_take_is_never_taken_and_coverage_is_not_full() {
    let x = explored(include_str!("explore/dead_branch.rhai"));
    // Every answer was tried: the old measure said "full".
    assert!(x.prompts.iter().all(|p| p.tried() == p.answers.len()));
    assert!(!x.full_coverage());
    let never: Vec<(usize, &str)> = x
        .branches
        .iter()
        .filter(|b| !b.taken)
        .map(|b| (b.line, b.kind.as_str()))
        .collect();
    assert_eq!(never, [(11, "if"), (16, "switch arm")]);
    let taken: Vec<(usize, &str)> = x
        .branches
        .iter()
        .filter(|b| b.taken)
        .map(|b| (b.line, b.kind.as_str()))
        .collect();
    assert_eq!(
        taken,
        [
            (11, "no else"),
            (17, "switch arm"),
            (20, "loop body"),
            (20, "loop exit")
        ]
    );
    assert!(x.branches.iter().all(|b| b.step.as_deref() == Some("item")));
}

#[test]
fn fixed_comparisons_take_every_branch_and_the_lines_and_results_are_unchanged() {
    let fixed = include_str!("explore/dead_branch.rhai")
        .replace("stand == \"Change\"", "stand == \"Change it\"")
        .replace("\"yes\" =>", "\"Yes\" =>");
    let x = explored(&fixed);
    assert!(x.branches.iter().all(|b| b.taken), "{:#?}", x.branches);
    assert!(x.full_coverage());
    // The probes change nothing a path shows: one finish, no error, 4 paths.
    assert!(x.errors.is_empty(), "{:#?}", x.errors);
    assert_eq!((x.finished, x.ends.len()), (4, 1));
}

#[test]
fn an_error_in_an_instrumented_guide_names_the_authors_line() {
    let x = explored(
        &include_str!("explore/dead_branch.rhai").replace("n += 1;", "n += 1; missing();"),
    );
    assert_eq!(x.errors.len(), 1);
    assert_eq!(x.errors[0].line, Some(21), "{}", x.errors[0].error);
    assert!(
        x.errors[0].error.starts_with("dead_branch.rhai:21:17:"),
        "{}",
        x.errors[0].error
    );
}
