//! Ctrl-C at a real terminal, the same at every prompt (README, "Commands"): the first
//! clears the line and says how to leave, the second leaves as Ctrl-D does, with a line
//! that says what was saved. It never answers, so it never opens a hand-over's screen.
#![cfg(unix)]

use crate::common::*;

const CTRL_C: &[u8] = b"\x03";
const CTRL_D: &[u8] = b"\x04";

/// Waits for `prompt`, then long enough for the screen to take keys (a hand-over's
/// screen throws away keys typed in its first moment).
fn at_prompt(terminal: &Terminal, prompt: &str) {
    terminal.wait_for(prompt);
    std::thread::sleep(std::time::Duration::from_millis(600));
}

/// Counts how often `text` is on the screen.
fn times(terminal: &Terminal, text: &str) -> usize {
    terminal.text().matches(text).count()
}

/// Ctrl-C once (which must say how to leave and stay), then a second time, which must
/// leave: what the screen showed then.
fn twice(terminal: &mut Terminal, prompt: &str, cleared: &str) -> String {
    at_prompt(terminal, prompt);
    terminal.type_keys(CTRL_C);
    terminal.wait_for(cleared);
    std::thread::sleep(std::time::Duration::from_millis(300));
    terminal.type_keys(CTRL_C);
    assert!(
        terminal.left_within(10),
        "a second Ctrl-C did not leave:\n{}",
        terminal.text()
    );
    terminal.text()
}

const SAVE_AND_LEAVE: &str = "(Line cleared. Press Ctrl-C again, or Ctrl-D, to save and leave.)";
const LEAVE: &str = "(Line cleared. Press Ctrl-C again, or Ctrl-D, to leave.)";

#[test]
fn ctrl_c_at_a_hand_over_does_not_hand_over_and_a_second_one_saves_and_leaves() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let mut terminal = Terminal::in_folder(
        data.path(),
        &["run", "guides/private.rhai", "--names", "a=Alex,b=Sam"],
    );
    let shown = twice(
        &mut terminal,
        "Alex, press Enter when nobody else can see the screen.",
        SAVE_AND_LEAVE,
    );
    assert!(
        !shown.contains("Something only you know?"),
        "Ctrl-C opened the private screen:\n{shown}"
    );
    assert!(shown.contains("Your answers are saved."), "{shown}");
}

#[test]
fn ctrl_c_at_the_hand_back_leaves_with_the_private_screen_cleared() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let mut terminal = Terminal::in_folder(
        data.path(),
        &["run", "guides/private.rhai", "--names", "a=Alex,b=Sam"],
    );
    at_prompt(
        &terminal,
        "Alex, press Enter when nobody else can see the screen.",
    );
    terminal.type_keys(b"\r");
    at_prompt(&terminal, "Alex › ");
    terminal.type_keys(b"a secret\r");
    let shown = twice(
        &mut terminal,
        "(Press Enter when you are done.",
        SAVE_AND_LEAVE,
    );
    // Not handed on to the next question: left, with the answer saved.
    assert!(!shown.contains("How is your day"), "{shown}");
    assert!(shown.contains("Your answers are saved."), "{shown}");
    let journal = std::fs::read_to_string(
        data.path()
            .join("sessions")
            .join(format!("{}.jsonl", only_session(data.path()))),
    )
    .unwrap();
    assert!(journal.contains("a secret"), "{journal}");
}

#[test]
fn ctrl_c_at_the_names_leaves_on_the_second_saying_nothing_was_saved() {
    let data = tempfile::tempdir().unwrap();
    let mut terminal = Terminal::in_folder(data.path(), &["run", "check-in"]);
    let shown = twice(&mut terminal, "Name ›", LEAVE);
    assert_eq!(times(&terminal, LEAVE), 1, "{shown}");
    assert!(shown.contains("nothing was started or saved"), "{shown}");
}

#[test]
fn ctrl_c_or_ctrl_d_at_the_region_leaves_saying_nothing_was_started() {
    for keys in [CTRL_C, CTRL_D] {
        let data = tempfile::tempdir().unwrap();
        let mut terminal = Terminal::in_folder(data.path(), &["run", "check-in"]);
        at_prompt(&terminal, "Name ›");
        terminal.type_keys(b"Alex\r");
        std::thread::sleep(std::time::Duration::from_millis(300));
        terminal.type_keys(b"Sam\r");
        let shown = if keys == CTRL_C {
            twice(&mut terminal, "Region ›", LEAVE)
        } else {
            at_prompt(&terminal, "Region ›");
            terminal.type_keys(CTRL_D);
            assert!(terminal.left_within(10), "{}", terminal.text());
            terminal.text()
        };
        assert!(shown.contains("Nothing was started."), "{shown}");
        assert!(!data.path().join("sessions").exists(), "{shown}");
    }
}

#[test]
fn ctrl_c_at_whose_private_answers_leaves_showing_nothing() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    stdout_of(
        kintsugi_in(data.path()).args(["run", "guides/private.rhai", "--names", "a=Alex,b=Sam"]),
        "a secret\n5\nno\n",
    );
    let id = only_session(data.path());
    let mut terminal = Terminal::in_folder(data.path(), &["transcript", &id, "--private"]);
    let shown = twice(&mut terminal, "Whose private answers?", LEAVE);
    assert!(shown.contains("Nothing was shown."), "{shown}");
    assert!(!shown.contains("a secret"), "{shown}");
}

#[test]
fn leaving_at_the_last_private_screen_of_a_finished_guide_says_it_finished() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let guide = data.path().join("last-private.rhai");
    std::fs::write(
        &guide,
        r#"guide(#{ title: "Last private", roles: #{ a: "one", b: "other" }, start: "one" });
step("one", || {
    ask(privately(a), "Something only you know?");
    finish("Done.")
});
"#,
    )
    .unwrap();
    let mut terminal = Terminal::in_folder(
        data.path(),
        &["run", guide.to_str().unwrap(), "--names", "a=Alex,b=Sam"],
    );
    at_prompt(
        &terminal,
        "Alex, press Enter when nobody else can see the screen.",
    );
    terminal.type_keys(b"\r");
    at_prompt(&terminal, "Alex › ");
    terminal.type_keys(b"a secret\r");
    let shown = twice(
        &mut terminal,
        "(Press Enter when you are done.",
        SAVE_AND_LEAVE,
    );
    // Finished, not offered to be resumed.
    assert!(shown.contains("The conversation is saved."), "{shown}");
    assert!(!shown.contains("To continue"), "{shown}");
}
