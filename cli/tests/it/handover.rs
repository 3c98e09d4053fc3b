//! Screens that must be read (a hand-over, a crisis text, a one-time code) at a real
//! terminal: keys typed before one appears cannot pass it.

use crate::common::*;

#[cfg(unix)]
#[test]
fn a_double_enter_cannot_pass_the_screen_after_a_private_answer() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let mut cmd = Terminal::command(&here());
    cmd.env("KINTSUGI_DATA_DIR", data.path()).args([
        "run",
        "guides/private.rhai",
        "--names",
        "a=Alex,b=Sam",
    ]);
    let mut terminal = Terminal::start(cmd, 40, 100);
    terminal.wait_for("Alex, press Enter when nobody else can see the screen.");
    terminal.type_keys(b"\r");
    terminal.wait_for("Alex › ");
    // The answer, and a second Enter a moment later, as a hurried hand does.
    terminal.type_keys(b"a secret\r");
    std::thread::sleep(std::time::Duration::from_millis(100));
    terminal.type_keys(b"\r");
    terminal.wait_for("Press Enter when you are done");
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert!(
        !terminal.text().contains("How is your day"),
        "the second Enter passed the screen:\n{}",
        terminal.text()
    );
    // An Enter typed once the screen is there passes it.
    terminal.type_keys(b"\r");
    terminal.wait_for("How is your day");
}
