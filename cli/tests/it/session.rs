//! The real `kintsugi` binary, REPL included, driven through standard input.

use crate::common::*;
use std::path::{Path, PathBuf};

fn sessions(data: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(data.join("sessions"))
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default()
}

#[test]
fn piped_answers_reach_the_end_and_bad_ones_are_asked_again() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    snapshot!(
        kintsugi_in(data.path())
            .args(["run", "../../tests/examples/gratitude.rhai", "--no-save"])
            .pass_stdin("Alex\nSam\nmaybe\nyes\nYou listened to me on Sunday.\n\nYou made dinner.\n11\nseven\n7\n8\n4\nEvery\n1\n")
    );
    assert!(sessions(data.path()).is_empty(), "--no-save keeps nothing");
}

#[test]
fn a_session_cut_short_is_saved_and_resumed_where_it_stopped() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    snapshot!(
        kintsugi_in(data.path())
            .args(["run", "guides/private.rhai", "--seed", "1"])
            .pass_stdin("Alex\nSam\nI kept the letter.\n")
    );
    let saved = sessions(data.path());
    assert_eq!(saved.len(), 1);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&saved[0]), 0o600, "journals are the owner's alone");
        assert_eq!(mode(&data.path().join("sessions")), 0o700);
    }
    let journal = std::fs::read_to_string(&saved[0]).unwrap();
    assert!(
        journal.contains("I kept the letter."),
        "the answer is on disk"
    );

    snapshot!(
        kintsugi_in(data.path())
            .args(["resume"])
            .pass_stdin("6\nno\n")
    );
    let id = saved[0].file_stem().unwrap().to_str().unwrap().to_string();
    // The shared transcript marks the unrevealed private answer without showing it.
    let shared = stdout_of(kintsugi_in(data.path()).args(["transcript", &id]), "");
    assert!(shared.contains("*(answered privately)*"), "{shared}");
    assert!(!shared.contains("I kept the letter."), "{shared}");
    // Alex, the writer, confirms in private: Alex's private answer is shown to Alex.
    snapshot!(
        kintsugi_in(data.path())
            .args(["transcript", &id, "--private"])
            .pass_stdin("1\n1\n")
    );
    snapshot!(kintsugi_in(data.path()).args(["resume", &id]));
}

#[test]
fn a_private_answer_is_not_echoed_on_the_shared_screen() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let out = stdout_of(
        kintsugi_in(data.path()).args(["run", "guides/private.rhai", "--no-save"]),
        "Alex\nSam\nI kept the letter.\n3\nno\n",
    );
    assert!(out.contains("Alex › (answered privately)"), "{out}");
    assert!(!out.contains("I kept the letter"), "{out}");
    assert!(out.contains("Sam, please look away"), "{out}");
}

#[test]
fn undo_and_transcript_work_from_the_prompt() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    snapshot!(
        kintsugi_in(data.path())
            .args([
                "run",
                "guides/private.rhai",
                "--no-save",
                "--names",
                "a=Alex,b=Sam"
            ])
            .pass_stdin(
                "secret\n4\n:back\n:back\n:transcript\nsecond secret\n:help\n:nonsense\n9\nyes\n"
            )
    );
}

#[test]
fn a_syntax_error_names_file_line_and_column() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    snapshot!(kintsugi_in(data.path()).args(["run", "guides/syntax.rhai"]));
}

#[test]
fn an_endless_loop_stops_with_an_error_naming_the_step() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    snapshot!(
        kintsugi_in(data.path())
            .args([
                "run",
                "guides/endless.rhai",
                "--no-save",
                "--names",
                "a=Alex"
            ])
            .pass_stdin("")
    );
}

#[test]
fn an_unknown_guide_says_where_to_look() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    snapshot!(kintsugi_in(data.path()).args(["run", "no-such-guide"]));
}

#[test]
fn resume_with_nothing_to_resume_says_so() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    snapshot!(kintsugi_in(data.path()).args(["resume"]));
}

#[test]
fn an_edited_guide_is_recognised_and_a_changed_question_never_gets_a_stale_answer() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let guide = data.path().join("edit.rhai");
    let original = std::fs::read_to_string(here().join("guides/private.rhai")).unwrap();
    std::fs::write(&guide, &original).unwrap();
    let guide_arg = guide.display().to_string();
    stdout_of(
        kintsugi_in(data.path()).args(["run", &guide_arg, "--names", "a=Alex,b=Sam"]),
        "my secret\n5\n",
    );
    // A question reworded, and nothing else: its answer still fits.
    let reworded = original.replace("How is your day", "How was your week");
    std::fs::write(&guide, &reworded).unwrap();
    let out = stdout_of(
        kintsugi_in(data.path()).args(["resume"]),
        ":reload\n:quit\n",
    );
    assert!(out.contains("all 2 answers still fit"), "{out}");
    // Now it takes other answers: its answer no longer fits.
    std::fs::write(
        &guide,
        reworded.replace(
            "How was your week, from 0 to 10?\", 0, 10)",
            "How was your week, from 0 to 20?\", 0, 20)",
        ),
    )
    .unwrap();
    let out = stdout_of(
        kintsugi_in(data.path()).args(["resume"]),
        ":reload\n:quit\n",
    );
    assert!(
        out.contains("has changed since this session began"),
        "{out}"
    );
    // The session goes on with the text it began with, until the authors reload.
    assert!(out.contains("Reveal the secret?"), "{out}");
    assert!(
        out.contains("Answer 2 no longer fits: it was given at step \"one\", line 9 (\"How was your week, from 0 to 20?\"), and that question has changed."),
        "{out}"
    );
    let after_reload = out.split("Answer 2 no longer fits").nth(1).unwrap();
    assert!(
        after_reload.contains("How was your week, from 0 to 20?"),
        "{out}"
    );
    // A resume now continues on the edited text, at the changed question.
    let out = stdout_of(kintsugi_in(data.path()).args(["resume"]), "6\nyes\n");
    assert!(out.contains("(1 answer so far)"), "{out}");
    assert!(out.contains("Revealed: Alex: my secret"), "{out}");

    let out = stdout_of(
        kintsugi_in(data.path()).args(["run", &guide_arg, "--names", "a=Alex,b=Sam"]),
        "x\n:goto one\n:quit\n",
    );
    assert!(out.contains("Starting again from step \"one\""), "{out}");
}

#[test]
fn the_check_in_passes_the_keyboard_once_each_for_the_private_numbers() {
    // Both of Alex's numbers, then both of Sam's: two hand-overs, not four.
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let out = stdout_of(
        kintsugi_in(data.path()).args(["run", "check-in", "--no-save"]),
        "Alex\nSam\n1\n7\n8\n6\n4\n",
    );
    let until_reveal = &out[..out
        .find("Revealed trust")
        .expect("the numbers are revealed")];
    assert_eq!(until_reveal.matches("please look away").count(), 2, "{out}");
    assert!(out.contains("Revealed trust: Alex: 7  ·  Sam: 6"), "{out}");
    assert!(
        out.contains("Revealed closeness: Alex: 8  ·  Sam: 4"),
        "{out}"
    );
}
