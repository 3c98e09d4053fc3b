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

#[test]
fn whoever_is_asked_again_after_the_others_back_is_told_why_and_nothing_of_the_answer() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let guide = data.path().join("two-private.rhai");
    std::fs::write(
        &guide,
        r#"guide(#{ title: "Two private", roles: #{ a: "one", b: "other" }, start: "one" });
step("one", || {
    ask(privately(a), "Something only you know?");
    ask(privately(b), "And something only you know?");
    finish("Done.")
});
"#,
    )
    .unwrap();
    let shown = stdout_of(
        kintsugi_in(data.path()).args(["run", guide.to_str().unwrap(), "--names", "a=Alex,b=Sam"]),
        "plum tree\n:back\nplum again\nfig\n",
    );
    let again = shown
        .find("Sam took back the last answer. Alex, please answer again.")
        .unwrap_or_else(|| panic!("Alex is not told why:\n{shown}"));
    // Told on Alex's own screen, after the hand-over back to Alex.
    let handed = shown.rfind("Alex, press Enter when nobody else").unwrap();
    assert!(handed < again, "{shown}");
    assert!(!shown.contains("plum tree"), "{shown}");
}
