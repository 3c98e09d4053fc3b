//! The safety hold, through the real binary: after a disclosure, a "no" to "are you
//! safe" or a signal of self-harm, no joint guide starts or resumes in that data folder
//! that day, whatever the flags; a day later only a clear private re-check of both
//! partners lifts it. What is stored says when, never who or why.

use crate::common::*;
use std::path::Path;

const EVERY_KIND: &str = "guides/every-kind.rhai";
const NAMES: &str = "a=Alex,b=Sam";

fn run_every_kind(data: &Path, extra: &[&str], input: &str) -> String {
    let mut args = vec!["run", EVERY_KIND, "--names", NAMES];
    args.extend_from_slice(extra);
    stdout_of(kintsugi_in(data).args(&args), input)
}

fn profile(data: &Path) -> String {
    std::fs::read_to_string(data.join("profile.json")).unwrap_or_default()
}

fn session_id(data: &Path) -> String {
    let entry = std::fs::read_dir(data.join("sessions"))
        .unwrap()
        .flatten()
        .find(|e| e.path().extension().is_some_and(|x| x == "jsonl"))
        .unwrap();
    entry
        .path()
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// Makes the hold look as if it was placed `hours` ago.
fn age_hold(data: &Path, hours: u64) {
    let text = profile(data);
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let then = std::time::SystemTime::now() - std::time::Duration::from_secs(hours * 3600);
    json["hold"] = humantime::format_rfc3339_seconds(then).to_string().into();
    std::fs::write(data.join("profile.json"), json.to_string()).unwrap();
}

/// Everything that could continue a joint guide in `data`, each stopped by the hold.
fn assert_nothing_continues(data: &Path) {
    let id = session_id(data);
    let tries = [
        stdout_of(kintsugi_in(data).args(["resume", &id]), "fine\n1\n"),
        run_every_kind(data, &[], "fine\n1\n"),
        run_every_kind(data, &["--author"], "fine\n1\n"),
        run_every_kind(data, &["--no-save"], "fine\n1\n"),
        stdout_of(
            kintsugi_in(data).args(["run", "acknowledge-hurt", "--screen"]),
            "Alex\nSam\n",
        ),
    ];
    for out in tries {
        assert!(out.contains(kintsugi_engine::NEUTRAL_MESSAGE), "{out}");
        assert!(!out.contains("In a few words"), "the guide went on: {out}");
        assert!(!out.contains("kintsugi resume"), "a resume hint: {out}");
    }
}

#[test]
fn a_no_to_are_you_safe_stops_with_the_neutral_message_only_and_holds_for_the_day() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let before: serde_json::Value = serde_json::from_str(&profile(data.path())).unwrap();
    let out = run_every_kind(data.path(), &[], "He hit me again.\nno\n1\n");
    assert!(out.contains(kintsugi_engine::NEUTRAL_MESSAGE), "{out}");
    // Observation 1: no invitation to go straight back in.
    assert!(!out.contains("kintsugi resume"), "{out}");
    // The hold is a time and nothing else: the profile is as before but for it.
    let mut after: serde_json::Value = serde_json::from_str(&profile(data.path())).unwrap();
    let hold = after
        .as_object_mut()
        .unwrap()
        .remove("hold")
        .expect("a hold");
    assert!(
        humantime::parse_rfc3339(hold.as_str().unwrap()).is_ok(),
        "{hold}"
    );
    assert_eq!(after, before);
    for word in ["hit", "danger", "harm"] {
        assert!(
            !profile(data.path()).contains(word),
            "the profile says {word}"
        );
    }
    assert_nothing_continues(data.path());
}

#[test]
fn thoughts_of_dying_show_crisis_lines_whatever_is_answered_and_hold_unless_released() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    stdout_of(kintsugi_in(data.path()).args(["region", "US"]), "");
    // Observation 3: "I want to die", then "yes, I am safe": the crisis line is shown
    // all the same, and not the domestic-violence line.
    let out = run_every_kind(
        data.path(),
        &[],
        "sometimes I feel like I want to die\nyes\n1\n1\n",
    );
    let private = out
        .split("Alex, something you wrote")
        .nth(1)
        .and_then(|rest| rest.split("you can look at the screen again").next())
        .unwrap_or_else(|| panic!("no private check: {out}"));
    assert!(private.contains("988"), "{private}");
    assert!(!private.contains("Domestic Violence"), "{private}");
    assert!(out.contains(kintsugi_engine::NEUTRAL_MESSAGE), "{out}");
    assert_nothing_continues(data.path());

    // Released by the one who wrote it, having seen the help: the guide goes on.
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let out = run_every_kind(data.path(), &[], "I want to end it all\nyes\n2\n1\n");
    assert!(out.contains("Pick one."), "{out}");
    assert!(!profile(data.path()).contains("\"hold\""));
}

#[test]
fn danger_words_show_the_abuse_lines_of_the_region() {
    for (region, line) in [("CA", "sheltersafe.ca"), ("IE", "1800 341 900")] {
        let data = tempfile::tempdir().unwrap();
        screened(data.path());
        stdout_of(kintsugi_in(data.path()).args(["region", region]), "");
        let out = run_every_kind(
            data.path(),
            &[],
            "I'm terrified of you when you drink\nyes\n",
        );
        assert!(out.contains(line), "{region}: {out}");
    }
}

#[test]
fn a_day_later_only_a_clear_private_recheck_lifts_the_hold() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    run_every_kind(data.path(), &[], "He hit me again.\nno\n1\n");
    age_hold(data.path(), 23);
    assert_nothing_continues(data.path());
    age_hold(data.path(), 25);
    // An author's run cannot lift it, and a piped run is re-checked like any other.
    let author = run_every_kind(data.path(), &["--author"], "fine\n");
    assert!(
        author.contains(kintsugi_engine::NEUTRAL_MESSAGE),
        "{author}"
    );
    let safe = "no\nno\nno\nno\nyes\nno\nno\n";
    // Afraid, then the short message rather than a cover.
    let afraid = "yes\nno\nno\nno\nyes\nno\nno\n1\n";
    let again = run_every_kind(data.path(), &[], &format!("1\nyes\nyes\n{afraid}{safe}"));
    assert!(
        again.contains("Are you ever afraid of"),
        "re-checked: {again}"
    );
    assert!(again.contains(kintsugi_engine::NEUTRAL_MESSAGE), "{again}");
    assert!(!again.contains("In a few words"), "{again}");
    // The disclosure renewed the hold: a day must pass again.
    assert_nothing_continues(data.path());
    age_hold(data.path(), 25);
    let clear = run_every_kind(data.path(), &[], &format!("{safe}{safe}fine\n1\n"));
    assert!(clear.contains("Are you ever afraid of"), "{clear}");
    assert!(clear.contains("In a few words"), "lifted: {clear}");
    assert!(!profile(data.path()).contains("\"hold\""));
}

#[test]
fn forget_all_clears_the_hold() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    run_every_kind(data.path(), &[], "He hit me again.\nno\n1\n");
    stdout_of(kintsugi_in(data.path()).args(["forget", "--all"]), "yes\n");
    // Everything is gone, the hold too: the next run starts with the intake, then the guide.
    let safe = "no\nno\nno\nno\nyes\nno\nno\n";
    let out = run_every_kind(
        data.path(),
        &[],
        &format!("1\nyes\nyes\n{safe}{safe}fine\n1\n"),
    );
    assert!(out.contains("In a few words"), "{out}");
}
