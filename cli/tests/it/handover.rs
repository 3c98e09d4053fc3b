//! Screens that must be read (a hand-over, a crisis text, a one-time code) at a real
//! terminal: keys typed before one appears cannot pass it.

use crate::common::*;

#[cfg(unix)]
#[test]
fn a_double_enter_cannot_pass_the_screen_after_a_private_answer() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let mut terminal = Terminal::in_folder(
        data.path(),
        &["run", "guides/private.rhai", "--names", "a=Alex,b=Sam"],
    );
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

#[test]
fn pause_at_the_region_opens_the_pause_menu_and_keeps_the_names() {
    let data = tempfile::tempdir().unwrap();
    // :pause at the region, "Go on now", then the region: the names typed are kept.
    let shown = stdout_of(
        kintsugi_in(data.path()).args(["run", "check-in"]),
        "Alex\nSam\n:pause\n1\n1\nno\nno\n",
    );
    assert!(shown.contains("── Paused ──"), "{shown}");
    assert!(!shown.contains("Nothing was started.\n\nWhere"), "{shown}");
    assert_eq!(shown.matches("Who is").count(), 2, "{shown}");
    assert!(shown.contains("Alex, "), "{shown}");
}

#[test]
fn back_at_the_second_name_asks_the_first_again() {
    let data = tempfile::tempdir().unwrap();
    let shown = stdout_of(
        kintsugi_in(data.path()).args(["run", "check-in"]),
        "Alx\n:back\nAlex\nSam\n:pause\n3\n",
    );
    assert!(!shown.contains("Names cannot start with ':'"), "{shown}");
    // One, the other, :back, one again, the other again.
    assert_eq!(shown.matches("Who is").count(), 4, "{shown}");
    assert!(
        shown.contains("Name › :back\n\nWho is one partner?"),
        "{shown}"
    );
}

#[test]
fn support_before_the_region_is_known_shows_every_regions_lines() {
    let data = tempfile::tempdir().unwrap();
    let shown = stdout_of(
        kintsugi_in(data.path()).args(["run", "check-in"]),
        "Alex\n:pause\n2\n3\n",
    );
    // The general lines are for anywhere else, not all there is.
    assert!(
        shown.contains("Anywhere else: if you are in danger now"),
        "{shown}"
    );
    for region in kintsugi_engine::safety_data::regions() {
        assert!(
            shown.contains(&region.emergency),
            "{}: {shown}",
            region.name
        );
    }
}

/// Whether every word of `text` is whole on `screen` (drawn by a terminal emulator):
/// no word was broken across two lines.
#[cfg(unix)]
fn words_whole(screen: &str, text: &str) -> Result<(), String> {
    let words: std::collections::BTreeSet<&str> = screen.split_whitespace().collect();
    for word in text.split_whitespace() {
        if !words.contains(word) {
            return Err(format!("{word:?} is broken on the screen:\n{screen}"));
        }
    }
    Ok(())
}

#[cfg(unix)]
#[test]
fn help_lines_at_a_narrow_terminal_break_between_words() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    stdout_of(kintsugi_in(data.path()).args(["region", "US"]), "");
    stdout_of(&mut every_kind(data.path()), "He hit me again.\nno\n1\n");
    let mut cmd = Terminal::command(&here());
    cmd.env("KINTSUGI_DATA_DIR", data.path()).arg("release");
    let mut terminal = Terminal::start(cmd, 60, 45);
    // (At 45 columns the hand-over's prompt is broken between words too.)
    terminal.wait_for("nobody else");
    std::thread::sleep(std::time::Duration::from_millis(500));
    terminal.type_keys(b"\r");
    terminal.wait_for("call 911");
    std::thread::sleep(std::time::Duration::from_millis(500));
    let size = |n| std::num::NonZeroU16::new(n).unwrap();
    let mut screen = vt100::Parser::new(size(60), size(45), 0);
    screen.process(&terminal.bytes());
    // Row by row, as the eye sees them (`contents` joins rows the terminal wrapped).
    let shown = screen.screen().rows(0, 45).collect::<Vec<_>>().join("\n");
    let help = kintsugi_engine::safety_data::support_text(Some("us"), None);
    words_whole(&shown, &help).unwrap();
}
