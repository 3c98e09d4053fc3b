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
    // The question changed: the session goes on with the text it began with (kept in
    // its journal), and a couple cannot reload it: that is for an author's run.
    std::fs::write(
        &guide,
        original.replace(
            "How is your day, from 0 to 10?\", 0, 10)",
            "How was your week, from 0 to 20?\", 0, 20)",
        ),
    )
    .unwrap();
    let out = stdout_of(kintsugi_in(data.path()).args(["resume"]), ":reload\nyes\n");
    assert!(
        out.contains("has changed since this session began"),
        "{out}"
    );
    assert!(
        out.contains("That command is for authors trying a guide"),
        "{out}"
    );
    assert!(!out.contains("Reloaded"), "{out}");
    assert!(out.contains("Revealed: Alex: my secret"), "{out}");
    assert!(out.contains("Done."), "{out}");
}

/// In an author's run, `:reload` takes up an edit: a reworded question keeps its answer;
/// a changed one sets its answer aside, and those after it, counted in words ("It and
/// the 0 after it were set aside" was said for one).
#[cfg(unix)]
#[test]
fn an_authors_reload_keeps_what_fits_and_counts_what_it_sets_aside() {
    let dir = tempfile::tempdir().unwrap();
    let guide = dir.path().join("edit.rhai");
    let original = "guide(#{ title: \"Edit\", roles: #{ a: \"one\", b: \"two\" }, start: \"one\" });\nstep(\"one\", || {\n    ask(a, \"First?\");\n    scale(b, \"How is your day, from 0 to 10?\", 0, 10);\n    ask(a, \"Third?\");\n    ask(b, \"Fourth?\");\n    finish(\"Done.\")\n});\n";
    std::fs::write(&guide, original).unwrap();
    let mut cmd = Terminal::command(dir.path());
    cmd.args(["run", "edit.rhai", "--author", "--names", "a=Alex,b=Sam"]);
    let mut terminal = Terminal::start(cmd, 40, 200);
    let mut reloads = 0;
    terminal.wait_for("Alex (test run) › ");
    terminal.type_keys(b"one\r");
    terminal.wait_for("How is your day");
    terminal.type_keys(b"5\r");
    terminal.wait_for("Third?");
    terminal.type_keys(b"three\r");
    terminal.wait_for("Fourth?");
    let mut reload = |terminal: &mut Terminal, text: &str, expect: &str| {
        std::fs::write(&guide, text).unwrap();
        reloads += 1;
        terminal.type_keys(b":reload\r");
        terminal.wait_for(expect);
        assert_eq!(
            terminal.text().matches("Reloaded edit.rhai").count(),
            reloads
        );
    };
    let reworded = original.replace("First?", "What comes first?");
    reload(&mut terminal, &reworded, "all 3 answers still fit");
    let ranged = reworded.replace(
        "How is your day, from 0 to 10?\", 0, 10)",
        "How is your day, from 0 to 20?\", 0, 20)",
    );
    reload(
        &mut terminal,
        &ranged,
        "It and the answer after it were set aside (:transcript lists them at the end).",
    );
    // Asked again from the answer set aside: each question a second time.
    terminal.type_keys(b"15\r");
    wait_for_times(&terminal, "Third?", 2);
    terminal.type_keys(b"three again\r");
    wait_for_times(&terminal, "Fourth?", 2);
    let scaled = ranged.replace("ask(a, \"Third?\")", "scale(a, \"Third?\", 0, 10)");
    reload(
        &mut terminal,
        &scaled,
        "It was set aside (:transcript lists it at the end).",
    );
    terminal.type_keys(b":quit\r");
    assert!(terminal.left_within(10));
    let shown = terminal.text();
    assert!(!shown.contains("the 0 after it"), "{shown}");
}

/// Waits (30 s at most) until `text` has been drawn `times` times.
#[cfg(unix)]
fn wait_for_times(terminal: &Terminal, text: &str, times: usize) {
    let start = std::time::Instant::now();
    while terminal.text().matches(text).count() < times {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(30),
            "{text:?} not drawn {times} times:\n{}",
            terminal.text()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
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
