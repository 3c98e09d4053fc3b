//! The privacy report of `explore` (issue 11, item 1), as a counselor reads it: each
//! leak with the two private answers, the line of the guide that shows each difference
//! (and the `next(...)` that moved there), and what the other partner would see, in
//! words; an error that follows a private answer reported once, as an error; a private
//! distress offer named as the partner's own choice. The guides are the QA's, kept in
//! `engine/tests/explore/leaks`.

use crate::common::*;

const LEAKS: &str = "../../engine/tests/explore/leaks";

#[test]
fn a_leak_names_the_lines_and_the_step_moved_to_after_each_answer() {
    snapshot!(kintsugi().args([
        "explore",
        &format!("{LEAKS}/flow_across_steps.rhai"),
        "--names",
        "hurt=Alex,other=Sam",
    ]));
}

#[test]
fn a_reveal_on_one_path_only_is_said_in_words() {
    snapshot!(kintsugi().args([
        "explore",
        &format!("{LEAKS}/cond_reveal.rhai"),
        "--names",
        "hurt=Alex,other=Sam",
    ]));
}

/// The report of one of the QA's guides: its exit code and standard output.
fn explored(file: &str) -> (Option<i32>, String) {
    let report = kintsugi()
        .args([
            "explore",
            &format!("{LEAKS}/{file}"),
            "--names",
            "hurt=Alex,other=Sam",
        ])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    (
        report.status.code(),
        String::from_utf8(report.stdout).unwrap(),
    )
}

#[test]
fn an_error_after_a_private_answer_is_reported_once() {
    // Asserted rather than snapshot: the error's own wording is not this report's.
    let (code, out) = explored("error_leak.rhai");
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("\nErrors: 1.\n"), "{out}");
    assert!(
        out.contains(
            "  It follows Alex's private answer \"many\" to \"How many times did you check their phone this week? (a numb…\" (line 3): the other partner sees it where another answer goes on."
        ),
        "{out}"
    );
    assert!(
        out.contains("Private answers: none shows before it is revealed, but for error 1 above."),
        "{out}"
    );
    assert!(!out.contains("leak 1:"), "{out}");
}

#[test]
fn a_private_distress_offer_is_the_partners_own_choice() {
    let (code, stdout) = explored("distress_private.rhai");
    assert_eq!(code, Some(0), "{stdout}");
    assert!(
        stdout.contains("Private answers: none shows before it is revealed."),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "Asked on Alex's screen alone, as the answer was private: the other partner sees a difference only if Alex chooses a way that stops the sitting."
        ),
        "{stdout}"
    );
}

#[test]
fn a_search_cut_with_no_loop_names_the_prompts_that_multiply_the_states() {
    let report = kintsugi()
        .args([
            "explore",
            "../../engine/tests/explore/many_answers_kept.rhai",
            "--max-paths",
            "300",
        ])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let out = String::from_utf8(report.stdout).unwrap();
    assert!(out.contains("Note: the search was cut short"), "{out}");
    assert!(!out.contains("A loop that may never end"), "{out}");
    assert!(
        out.contains("\nWhat multiplies the states (no loop was found): line 6 (Alex: How settled do you feel?) leads 11 ways, line 7 (Sam: How settled do you feel?) leads 11 ways"),
        "{out}"
    );
    assert!(out.contains("or sample paths with --random N."), "{out}");
}
