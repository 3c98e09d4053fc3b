//! Private answers outside the conversation (issue 10, QA findings 11 and 12): what
//! `export` previews on the shared screen, and what `transcript --private` leaves
//! behind on the screen and in a file.

use crate::common::*;
use std::path::Path;

#[test]
fn the_export_preview_never_shows_a_private_answer_on_the_shared_screen() {
    let data = tempfile::tempdir().unwrap();
    let id = session_with_a_private_answer(data.path());
    let file = data.path().join("export.md");
    // Sam agrees, in private, to include the private answer; Alex then says no.
    let out = stdout_of(
        kintsugi_in(data.path()).args(["export", &id, "--out", &file.display().to_string()]),
        "yes\nno\n",
    );
    assert!(
        out.contains("Alex, please look away from the screen now."),
        "{out}"
    );
    assert!(!out.contains("my private words"), "{out}");
    assert!(out.contains("also holds Sam's private answers"), "{out}");
    assert!(!file.exists());
    // Both agree: the file holds it, the screen never showed it.
    let out = stdout_of(
        kintsugi_in(data.path()).args(["export", &id, "--out", &file.display().to_string()]),
        "1\nyes\nyes\n",
    );
    assert!(!out.contains("my private words"), "{out}");
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("my private words")
    );
}

#[test]
fn transcript_private_asks_on_the_terminal_and_writes_only_the_transcript() {
    let data = tempfile::tempdir().unwrap();
    let id = session_with_a_private_answer(data.path());
    // Output to a file or a pipe: the questions go to the terminal (standard error),
    // the transcript alone to standard output. "yes" is read as the options are.
    let (out, asked) = outputs_of(
        kintsugi_in(data.path()).args(["transcript", &id, "--private"]),
        "Sam\nyes\n",
    );
    assert!(out.contains("my private words"), "{out}");
    for question in ["Whose private answers", "For Sam only", "Show them now"] {
        assert!(!out.contains(question), "{out}");
        assert!(asked.contains(question), "{asked}");
    }
    // The other partner is asked to look away before the private question.
    let away = asked.find("Alex, please look away from the screen now.");
    let only = asked.find("── For Sam only ──");
    assert!(away.is_some() && away < only, "{asked}");
    // "no" is a no: nothing is shown.
    let (out, asked) = outputs_of(
        kintsugi_in(data.path()).args(["transcript", &id, "--private"]),
        "Sam\nno\n",
    );
    assert!(!out.contains("my private words"), "{out}");
    assert!(asked.contains("Nothing was shown."), "{asked}");
}

#[cfg(unix)]
#[test]
fn transcript_private_at_a_terminal_clears_the_screen_when_its_reader_is_done() {
    let data = tempfile::tempdir().unwrap();
    let id = session_with_a_private_answer(data.path());
    let mut screen = Terminal::in_folder(data.path(), &["transcript", &id, "--private"]);
    screen.wait_for("› ");
    screen.type_keys(b"Sam\r");
    screen.wait_for("press Enter when nobody else can see the screen");
    screen.type_keys(b"\r");
    screen.wait_for("Show them now?");
    screen.type_keys(b"yes\r");
    screen.wait_for("The screen will be cleared.");
    let shown = screen.text();
    assert!(shown.contains("my private words"), "{shown}");
    let before = screen.bytes().len();
    screen.type_keys(b"\r");
    assert!(screen.left_within(10));
    // The scrollback is purged (CSI 3 J) after the reader pressed Enter.
    let after = &screen.bytes()[before..];
    assert!(
        after.windows(4).any(|w| w == b"\x1b[3J"),
        "{}",
        String::from_utf8_lossy(after)
    );
}

#[test]
fn under_a_hold_history_and_remind_suggest_nothing_the_hold_refuses() {
    // QA finding 18: "`kintsugi resume ID` continues it" and "Then: `kintsugi resume`"
    // under a hold, which refuses them.
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    // A break taken on distress: a session waiting to be resumed, and a time to come back.
    stdout_of(
        kintsugi_in(data.path()).args(["run", "guides/break.rhai", "--seed", "1"]),
        "Alex\nSam\n9\n1\n",
    );
    let history = || stdout_of(kintsugi_in(data.path()).args(["history"]), "");
    let remind = || stdout_of(kintsugi_in(data.path()).args(["remind"]), "");
    // Without a hold, both say how to go on.
    assert!(history().contains("continues it"), "{}", history());
    assert!(remind().contains("Then: `kintsugi resume"), "{}", remind());
    // With one, neither does, and neither says why.
    let path = data.path().join("profile.json");
    let mut profile: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    profile["hold"] = humantime::format_rfc3339_seconds(std::time::SystemTime::now())
        .to_string()
        .into();
    std::fs::write(&path, profile.to_string()).unwrap();
    for said in [history(), remind()] {
        for refused in ["resume", "kintsugi run", "hold", "safe"] {
            assert!(!said.contains(refused), "{refused}: {said}");
        }
    }
    assert!(history().contains("Session "), "{}", history());
    assert!(
        remind().contains("Next: coming back from your break"),
        "{}",
        remind()
    );
}

#[test]
fn pause_at_are_you_safe_stays_private_and_asks_again() {
    // QA finding 19: `:pause` at "Are you safe right now?" was refused.
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let out = stdout_of(
        &mut run_for_alex_and_sam(data.path(), "guides/private.rhai"),
        "He hit me again.\n:pause\n3\n1\nyes\n2\n5\nyes\n",
    );
    assert!(!out.contains("Please answer yes or no"), "{out}");
    let check = out.find("Are you safe right now?").expect(&out);
    let paused = out.find("── Paused ──").expect(&out);
    let support = out
        .find("You can come back to this list at any time")
        .expect(&out);
    let again = out.rfind("Are you safe right now?").unwrap();
    let back = out.find("you can look at the screen again").expect(&out);
    // All of it before the screen is handed back: in private.
    assert!(
        check < paused && paused < support && support < again && again < back,
        "{out}"
    );
    assert!(out.contains("Done."), "{out}");
}

#[test]
fn pause_at_the_names_offers_support_and_goes_on() {
    // QA finding 19: at the name prompt `:pause` was "Names cannot start with ':'".
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let out = stdout_of(
        kintsugi_in(data.path()).args(["run", "guides/every-kind.rhai"]),
        ":pause\n2\n1\nAlex\nSam\nfine\n",
    );
    assert!(!out.contains("Names cannot start"), "{out}");
    assert!(out.contains("── Paused ──"), "{out}");
    assert!(out.contains("Nothing has started yet"), "{out}");
    assert!(out.contains("emergency"), "{out}");
    assert!(out.contains("Alex"), "{out}");
    // Leaving from there starts nothing.
    let data = tempfile::tempdir().unwrap();
    let out = stdout_of(
        kintsugi_in(data.path()).args(["run", "guides/every-kind.rhai"]),
        ":pause\nLeave\n",
    );
    assert!(out.contains("Nothing was started."), "{out}");
    assert!(!data.path().join("sessions").exists() || only_sessions_none(data.path()));
}

fn only_sessions_none(data: &Path) -> bool {
    std::fs::read_dir(data.join("sessions"))
        .map(|d| d.count() == 0)
        .unwrap_or(true)
}

#[test]
fn a_partner_who_declines_consent_sees_help_lines_in_private_and_no_hold_is_placed() {
    // QA finding 22: a "no" to consent showed no help lines; a decline can come from
    // pressure. Names, region 1 (United States), Alex says no, Sam yes.
    let data = tempfile::tempdir().unwrap();
    let out = stdout_of(
        kintsugi_in(data.path()).args(["run", "check-in"]),
        "Alex\nSam\n1\n\nno\n\nyes\n",
    );
    let alone = out.find("── For Alex only ──").expect(&out);
    let help = out.find("saying no is all right").expect(&out);
    let lines = out.find("988").expect(&out);
    let next = out.find("── For Sam only ──").expect(&out);
    assert!(alone < help && help < lines && lines < next, "{out}");
    // Sam, who agreed, is not shown them.
    assert_eq!(out.matches("saying no is all right").count(), 1, "{out}");
    let profile = std::fs::read_to_string(data.path().join("profile.json")).unwrap_or_default();
    assert!(!profile.contains("\"hold\""), "{profile}");
}
