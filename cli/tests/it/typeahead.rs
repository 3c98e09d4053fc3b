//! Keys typed at a real terminal where no prompt reads them (README, "At one
//! keyboard"): at a hand-over, while an answer is checked, between two prompts. A partner
//! may type their private answer early, so they are never shown; a Ctrl-C among them
//! counts as at a prompt; and the terminal is left as it was found, even by a `kill`.
#![cfg(unix)]

use crate::common::*;
use nix::sys::termios::LocalFlags;

/// The hand-over's screen, shown before its first moment (which throws keys away)...
const LOOK_AWAY: &str = "Sam, please look away from the screen now.";
/// ...and the prompt that reads its Enter, after.
const HAND_OVER: &str = "Alex, press Enter when nobody else can see the screen.";

fn pause(ms: u64) {
    std::thread::sleep(std::time::Duration::from_millis(ms));
}

/// `private.rhai` for Alex and Sam at a terminal, screened already.
fn private_guide(data: &std::path::Path) -> Terminal {
    screened(data);
    Terminal::in_folder(
        data,
        &["run", "guides/private.rhai", "--names", "a=Alex,b=Sam"],
    )
}

#[test]
fn what_is_typed_at_a_hand_over_is_not_shown_and_not_taken() {
    let data = tempfile::tempdir().unwrap();
    let mut terminal = private_guide(data.path());
    // At once, while the screen's first moment throws keys away; then once it reads,
    // before Enter: both may be Alex's answer, typed early.
    terminal.wait_for(LOOK_AWAY);
    terminal.type_keys(b"plum");
    terminal.wait_for(HAND_OVER);
    pause(300);
    terminal.type_keys(b"figs\r");
    terminal.wait_for("Alex › ");
    pause(300);
    let shown = terminal.text();
    assert!(
        !shown.contains("plum"),
        "typed in the first moment:\n{shown}"
    );
    assert!(!shown.contains("figs"), "typed before Enter:\n{shown}");
    // The private question takes only what is typed at it.
    terminal.type_keys(b"a secret\r");
    terminal.wait_for("(Press Enter when you are done.");
    let journal = std::fs::read_to_string(
        data.path()
            .join("sessions")
            .join(format!("{}.jsonl", only_session(data.path()))),
    )
    .unwrap();
    assert!(journal.contains("a secret"), "{journal}");
    assert!(
        !journal.contains("plum") && !journal.contains("figs"),
        "{journal}"
    );
}

#[test]
fn from_the_first_prompt_on_the_terminal_never_echoes_until_it_is_put_back() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let mut terminal = Terminal::every_kind(data.path());
    let found = terminal.modes();
    assert!(
        found.contains(LocalFlags::ECHO | LocalFlags::ISIG),
        "{found:?}"
    );
    terminal.wait_for("Alex › ");
    // Watched every millisecond while the answers are given, checked (the danger check
    // reads the first one) and the hand-over's screens come and go: keys typed at any
    // moment would be echoed if the terminal echoed then.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let echoed = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let watch = {
        let (stop, echoed) = (stop.clone(), echoed.clone());
        let master = terminal.master();
        std::thread::spawn(move || {
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let modes = nix::sys::termios::tcgetattr(&master).unwrap().local_flags;
                if modes.intersects(LocalFlags::ECHO | LocalFlags::ISIG) {
                    echoed.lock().unwrap().push(modes);
                }
                pause(1);
            }
        })
    };
    for (prompt, keys) in [
        ("Alex › ", &b"fine\r"[..]),
        ("Pick one.", b"1\r"),
        ("How strong", b"3\r"),
        ("Go on?", b"yes\r"),
        ("Sam, press Enter when nobody else", b"\r"),
        ("Something private?", b"my private words\r"),
    ] {
        terminal.wait_for(prompt);
        pause(400);
        terminal.type_keys(keys);
    }
    // The last prompt, read while still watched; the Enter that ends it, after.
    terminal.wait_for("(Press Enter when you are done.");
    pause(400);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    watch.join().unwrap();
    let echoed = echoed.lock().unwrap();
    assert!(
        echoed.is_empty(),
        "the terminal echoed or took Ctrl-C as a signal {} times, as {:?}:\n{}",
        echoed.len(),
        echoed.first(),
        terminal.text()
    );
    terminal.type_keys(b"\r");
    terminal.wait_for("The conversation is saved.");
    assert!(terminal.left_within(10), "{}", terminal.text());
    assert_eq!(terminal.modes(), found, "the terminal was not put back");
}

#[test]
fn ctrl_c_in_a_hand_overs_first_moment_counts_as_at_a_prompt() {
    // Once, while the screen throws keys away: not a signal that ends everything at
    // once, but as at a prompt, a line that says how to leave; Enter then hands over.
    let data = tempfile::tempdir().unwrap();
    let mut terminal = private_guide(data.path());
    terminal.wait_for(LOOK_AWAY);
    terminal.type_keys(b"\x03");
    terminal.wait_for("(Line cleared. Press Ctrl-C again, or Ctrl-D, to save and leave.)");
    pause(600);
    terminal.type_keys(b"\r");
    terminal.wait_for("Something only you know?");
    // Twice: leaves, saying so, without handing over.
    let data = tempfile::tempdir().unwrap();
    let mut terminal = private_guide(data.path());
    terminal.wait_for(LOOK_AWAY);
    terminal.type_keys(b"\x03");
    pause(50);
    terminal.type_keys(b"\x03");
    assert!(terminal.left_within(10), "{}", terminal.text());
    let shown = terminal.text();
    assert!(!shown.contains("Something only you know?"), "{shown}");
    assert!(shown.contains("Your answers are saved."), "{shown}");
}

#[test]
fn a_kill_at_a_masked_prompt_leaves_the_terminal_as_it_was_found() {
    let data = tempfile::tempdir().unwrap();
    let mut terminal = private_guide(data.path());
    let found = terminal.modes();
    // At the hand-over, whose prompt hides the cursor.
    terminal.wait_for(HAND_OVER);
    pause(600);
    assert_ne!(terminal.modes(), found);
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &terminal.pid().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    assert!(terminal.left_within(10), "{}", terminal.text());
    assert_eq!(terminal.modes(), found);
    // And the cursor, hidden at a masked prompt, shown again; bracketed paste, on while
    // rustyline reads, off.
    let shown = terminal.text();
    assert!(
        shown.ends_with("\x1b[?2004l\x1b[?25h"),
        "{:?}",
        &shown[shown.len() - 40..]
    );
}

#[test]
fn lines_typed_ahead_answer_the_next_questions_but_never_pass_a_hand_over() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let mut terminal = Terminal::every_kind(data.path());
    terminal.wait_for("Alex › ");
    pause(300);
    // Four answers at once, then an Enter and a line meant for the private question
    // behind the hand-over that follows them.
    terminal.type_keys(b"fine\r1\r3\ryes\r\rplum\r");
    terminal.wait_for("Sam, press Enter when nobody else can see the screen.");
    pause(1000);
    let shown = terminal.text();
    assert!(!shown.contains("Something private?"), "{shown}");
    assert!(!shown.contains("plum"), "{shown}");
    let journal = std::fs::read_to_string(
        data.path()
            .join("sessions")
            .join(format!("{}.jsonl", only_session(data.path()))),
    )
    .unwrap();
    assert_eq!(journal.matches("\"answer\"").count(), 4, "{journal}");
    assert!(!journal.contains("plum"), "{journal}");
}

#[test]
fn a_terminal_rustyline_cannot_edit_on_still_reads_lines() {
    // There rustyline reads lines as the terminal gives them, so it is left as it is.
    let data = tempfile::tempdir().unwrap();
    let mut cmd = Terminal::command(&here());
    cmd.env("KINTSUGI_DATA_DIR", data.path())
        .env("TERM", "dumb")
        .args(["run", "check-in"]);
    let mut terminal = Terminal::start(cmd, 40, 100);
    terminal.wait_for("Name ›");
    terminal.type_keys(b"Alex\r");
    terminal.wait_for("Who is the other partner?");
}

/// Lines typed ahead answer guide questions, never a safety check's: "yes" typed right
/// after words of danger at a private question (where no hand-over comes between) does
/// not answer "Are you safe right now?", which waits to be seen.
#[test]
fn nothing_typed_ahead_answers_are_you_safe() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let mut terminal = Terminal::every_kind(data.path());
    terminal.wait_for("Alex › ");
    pause(300);
    terminal.type_keys(b"fine\r1\r3\ryes\r");
    terminal.wait_for("Sam, press Enter when nobody else can see the screen.");
    pause(500);
    terminal.type_keys(b"\r");
    terminal.wait_for("Something private?");
    pause(300);
    terminal.type_keys(b"He hit me again.\ryes\r2\r");
    terminal.wait_for("Are you safe right now?");
    pause(1500);
    let shown = terminal.text();
    let asked = &shown[shown.rfind("Are you safe right now?").unwrap()..];
    // Still waiting: neither the help after "yes" nor the choice after it came.
    assert!(!asked.contains("Thank you. If that changes"), "{shown}");
    assert!(!asked.contains("Done."), "{shown}");
    terminal.type_keys(b"yes\r");
    terminal.wait_for("go on now");
}
