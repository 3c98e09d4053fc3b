//! A cover for the one who disclosed, through the real binary: after a disclosure that
//! partner chooses, in private, between the neutral stop and a light guide shown as on
//! any evening. What the shared screen shows during a cover is compared with ordinary
//! runs: a clear screening, an ordinary run of the light guide, and an ordinary switch
//! to it at `:pause`. What the data folder keeps is compared the same way.

use crate::common::*;
use crate::safety::{SAFE, screening_choosing};
use kintsugi_engine::NEUTRAL_MESSAGE;
use std::path::Path;

/// Answers to the whole light guide (two appreciations): yes, one each, a walk.
const LIGHT: &str = "1\nYou made tea on Sunday.\nYou listened to the whole story.\n1\n";

const AFRAID: [&str; 7] = ["yes", "no", "no", "no", "yes", "no", "no"];

/// What both partners may see: the output without what was on the screen while it was
/// handed to one partner (between "press Enter when nobody else can see the screen" and
/// the hand-back, which at a terminal clears that partner's screen first), with session
/// ids and times made alike.
fn shared_screen(out: &str) -> String {
    let mut shared = String::new();
    let mut private = false;
    for line in out.lines() {
        if line.contains("you can look at the screen again.") {
            private = false;
        }
        if !private {
            shared += line;
            shared += "\n";
        }
        if line.contains("press Enter when nobody else can see the screen.") {
            private = true;
        }
    }
    alike(&shared)
}

/// Session ids and times replaced by placeholders.
fn alike(text: &str) -> String {
    let id = regex::Regex::new(r"\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-[a-z0-9-]+").unwrap();
    let time = regex::Regex::new(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z").unwrap();
    let text = id.replace_all(text, "[session]");
    time.replace_all(&text, "[time]").into_owned()
}

/// The journals in `data`: each one's guide and record kinds in order, sorted.
fn journals(data: &Path) -> Vec<(String, Vec<String>)> {
    let mut found: Vec<(String, Vec<String>)> = std::fs::read_dir(data.join("sessions"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let records: Vec<serde_json::Value> = text
                .lines()
                .map(|line| serde_json::from_str(line).unwrap())
                .collect();
            let guide = records[0]["guide"].as_str().unwrap().to_string();
            let kinds = records
                .iter()
                .map(|r| r["record"].as_str().unwrap().to_string())
                .collect();
            (guide, kinds)
        })
        .collect();
    found.sort();
    found
}

/// The journals with each answer taken back removed with it (`answer`, `undo`).
fn without_taken_back(found: Vec<(String, Vec<String>)>) -> Vec<(String, Vec<String>)> {
    found
        .into_iter()
        .map(|(guide, kinds)| {
            let mut kept: Vec<String> = Vec::new();
            for kind in kinds {
                if kind == "undo" && kept.last().is_some_and(|k| k == "answer") {
                    kept.pop();
                } else {
                    kept.push(kind);
                }
            }
            (guide, kept)
        })
        .collect()
}

/// Every file in `data` with its text.
fn everything(data: &Path) -> String {
    let mut all = String::new();
    for dir in [data.to_path_buf(), data.join("sessions")] {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            if entry.path().is_file() {
                all += &std::fs::read_to_string(entry.path()).unwrap_or_default();
            }
        }
    }
    all
}

/// Nothing Kintsugi wrote says that a check took place, what was answered in it, or
/// what was chosen after it.
fn assert_no_trace_of_the_check(data: &Path) {
    let all = everything(data).to_lowercase();
    for word in [
        "safe right now",
        "afraid of",
        "check on you",
        "short message",
        "light instead",
        "cover",
        "disclos",
        "danger",
        "crisis",
        "hotline",
    ] {
        assert!(!all.contains(word), "the data folder says {word:?}: {all}");
    }
    // A crisis number on its own, not the digits inside a random seed or a hash (a seed
    // of 10604612361326898832 once failed this).
    let number = regex::Regex::new(r"\b988\b").unwrap();
    assert!(!number.is_match(&all), "the data folder says 988: {all}");
}

fn profile(data: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(data.join("profile.json")).unwrap()).unwrap()
}

#[test]
fn a_cover_chosen_in_the_screening_shows_a_clear_screening_then_the_light_guide_as_any_run() {
    // The cover: Alex is afraid of Sam and, in private, chooses the light guide.
    let cover_data = tempfile::tempdir().unwrap();
    let intake = |screening: String| format!("Alex\nSam\n1\nyes\nyes\n{screening}");
    let cover = stdout_of(
        kintsugi_in(cover_data.path()).args(["run", "check-in"]),
        &(intake(screening_choosing(AFRAID, SAFE, "2")) + LIGHT),
    );
    // The same evening with a clear screening, and an ordinary run of the light guide
    // by a couple screened before.
    let clear_data = tempfile::tempdir().unwrap();
    let clear = stdout_of(
        kintsugi_in(clear_data.path()).args(["run", "check-in"]),
        &(intake(screening_choosing(SAFE, SAFE, "")) + "2\n"),
    );
    let light_data = tempfile::tempdir().unwrap();
    screened(light_data.path());
    let light = stdout_of(
        kintsugi_in(light_data.path()).args(["run", "appreciations"]),
        &format!("Alex\nSam\n{LIGHT}"),
    );

    let shared = shared_screen(&cover);
    insta::assert_snapshot!(shared);
    // Up to the end of the screening, what both see is a clear screening's screen...
    let begin = "Thank you both. You can begin.\n";
    let (before, after) = shared.split_once(begin).expect(&shared);
    for word in [
        "safe",
        "neutral",
        "right time",
        "short message",
        "get help",
        "support",
    ] {
        assert!(!after.contains(word), "the shared screen says {word:?}");
    }
    let clear_shared = shared_screen(&clear);
    assert_eq!(before, clear_shared.split_once(begin).unwrap().0);
    // ...and from there, the light guide exactly as an ordinary run of it shows it,
    // from its title to its end (the ordinary run asks the names before its title).
    let names = "\nFirst, your names.\nWho is one partner?\n  Name › Alex\nWho is the other partner?\n  Name › Sam\n";
    let light_shared = shared_screen(&light);
    assert_eq!(
        after,
        light_shared.strip_prefix(names).expect(&light_shared)
    );
    assert!(after.contains("── The end ──"), "{after}");

    // On disk: the light guide's journal, as any, and the profile as a clear screening
    // leaves it (consent and the screening's date) with the hold's time. No journal of
    // the joint guide, no word of the check.
    assert_eq!(journals(cover_data.path()), journals(light_data.path()));
    assert_no_trace_of_the_check(cover_data.path());
    let kept = profile(cover_data.path());
    assert!(kept["hold"].is_string(), "{kept}");
    let couple = |kept: &serde_json::Value| -> Vec<String> {
        kept["couples"][couple_key("alex+sam")]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    assert_eq!(couple(&kept), couple(&profile(clear_data.path())), "{kept}");
    assert_eq!(couple(&kept), ["consented", "screened"], "{kept}");
    // The cover's transcript is that of an ordinary run of the light guide.
    let transcript = |data: &Path| {
        let id = only_session(data);
        alike(&stdout_of(kintsugi_in(data).args(["transcript", &id]), ""))
    };
    assert_eq!(transcript(cover_data.path()), transcript(light_data.path()));

    // The hold stands: no joint guide starts that day, while the light guide does.
    let again = stdout_of(
        kintsugi_in(cover_data.path()).args(["run", "check-in"]),
        "Alex\nSam\n1\n",
    );
    assert!(again.contains(NEUTRAL_MESSAGE), "{again}");
    assert!(!again.contains("Ready to start?"), "{again}");
    // The light guide run again after the cover looks as it does after a clear evening
    // (QA finding 13: it asked the private questions again, which a clear evening's
    // does not): the same screen, side by side, and the hold still stands.
    let light_again = |data: &Path| {
        shared_screen(&stdout_of(
            kintsugi_in(data).args(["run", "appreciations"]),
            &format!("Alex\nSam\n{LIGHT}"),
        ))
    };
    let after_cover = light_again(cover_data.path());
    assert!(
        !after_cover.contains("Are you ever afraid of"),
        "{after_cover}"
    );
    assert!(!after_cover.contains(NEUTRAL_MESSAGE), "{after_cover}");
    assert!(after_cover.contains("── The end ──"), "{after_cover}");
    assert_eq!(after_cover, light_again(clear_data.path()));
    assert!(profile(cover_data.path())["hold"].is_string());
}

#[test]
fn the_shared_screen_of_a_cover_evening_is_line_for_line_that_of_an_ordinary_light_evening() {
    // QA finding 5a: the cover headed the light guide again after "You can begin.", under
    // the heading of the guide typed, which an ordinary evening of the light guide never
    // shows. The same couple, the same questions before the guide: one evening starts the
    // check-in and Alex, afraid, chooses the cover in private; the other starts the light
    // guide and both answer the questions clear.
    let intake = |screening: String| format!("Alex\nSam\n1\nyes\nyes\n{screening}");
    let cover_data = tempfile::tempdir().unwrap();
    let cover = stdout_of(
        kintsugi_in(cover_data.path()).args(["run", "check-in"]),
        &(intake(screening_choosing(AFRAID, SAFE, "2")) + LIGHT),
    );
    let light_data = tempfile::tempdir().unwrap();
    let light = stdout_of(
        kintsugi_in(light_data.path()).args(["run", "appreciations"]),
        &(intake(screening_choosing(SAFE, SAFE, "")) + LIGHT),
    );
    assert!(cover.contains("what should both of you see?"), "{cover}");
    // What varies from one ordinary evening to another is the guide typed (the names are
    // asked by its roles, the same here) and the session's id and time: made alike. The
    // rest, every shared line in order, is the same.
    let shared: Vec<String> = shared_screen(&cover).lines().map(str::to_string).collect();
    let ordinary: Vec<String> = shared_screen(&light).lines().map(str::to_string).collect();
    assert!(shared.len() > 40, "{shared:#?}");
    assert_eq!(shared, ordinary);
    assert!(
        !shared.iter().any(|l| l.contains("Check-in")),
        "{shared:#?}"
    );
    assert_eq!(
        shared.iter().filter(|l| *l == "Two appreciations").count(),
        1,
        "{shared:#?}"
    );
}

#[test]
fn after_a_cover_evening_next_reads_as_after_an_ordinary_one_and_suggests_only_the_light_guide() {
    // QA finding 5c: after a cover evening, `kintsugi` and `kintsugi next` said the short
    // message, where an ordinary folder says where the couple stands.
    let intake = |screening: String| format!("Alex\nSam\n1\nyes\nyes\n{screening}");
    let cover_data = tempfile::tempdir().unwrap();
    stdout_of(
        kintsugi_in(cover_data.path()).args(["run", "check-in"]),
        &(intake(screening_choosing(AFRAID, SAFE, "2")) + LIGHT),
    );
    let light_data = tempfile::tempdir().unwrap();
    stdout_of(
        kintsugi_in(light_data.path()).args(["run", "appreciations"]),
        &(intake(screening_choosing(SAFE, SAFE, "")) + LIGHT),
    );
    assert!(profile(cover_data.path())["hold"].is_string());
    for args in [&["next"][..], &[]] {
        let after_cover = stdout_of(kintsugi_in(cover_data.path()).args(args), "");
        let ordinary = stdout_of(kintsugi_in(light_data.path()).args(args), "");
        assert!(!after_cover.contains(NEUTRAL_MESSAGE), "{after_cover}");
        // Where they stand, as any folder says it; then the light guide, which no hold
        // stops, as what comes next (an ordinary folder names the program's next guide,
        // which the hold would refuse).
        assert_eq!(after_cover.lines().next(), ordinary.lines().next());
        assert_eq!(after_cover.lines().count(), ordinary.lines().count());
        assert!(
            after_cover.contains("Next: appreciations, something light for now."),
            "{after_cover}"
        );
        assert!(
            after_cover.contains("`kintsugi run appreciations` starts it."),
            "{after_cover}"
        );
        assert!(ordinary.contains("Next: acknowledge-hurt"), "{ordinary}");
    }
    // QA s4 F2: `ready` said the short message, where an ordinary folder says what it
    // says: its questions are private, and no joint guide, so the hold does not stop it.
    let after_cover = stdout_of(kintsugi_in(cover_data.path()).args(["ready"]), "");
    let ordinary = stdout_of(kintsugi_in(light_data.path()).args(["ready"]), "");
    assert_eq!(after_cover, ordinary);
    // The hold stands all the same.
    let again = stdout_of(
        kintsugi_in(cover_data.path()).args(["run", "acknowledge-hurt"]),
        "Alex\nSam\n",
    );
    assert!(again.contains(NEUTRAL_MESSAGE), "{again}");
}

/// Runs guides/evening.rhai (an open question to Alex, two private ones to Alex, one
/// for both) in a screened folder with `input`.
fn evening(data: &Path, input: &str) -> String {
    stdout_of(
        &mut run_for_alex_and_sam(data, "guides/evening.rhai"),
        input,
    )
}

#[test]
fn a_cover_during_a_guide_looks_like_an_ordinary_switch_to_something_lighter() {
    // Alex's private answer holds words of danger; not safe; the light guide, please.
    let cover_data = tempfile::tempdir().unwrap();
    screened(cover_data.path());
    let cover = evening(
        cover_data.path(),
        &format!("Fine.\nHe hit me again.\nno\n2\n{LIGHT}"),
    );
    // An ordinary evening: at the same private question, Alex chooses something
    // lighter at :pause.
    let plain_data = tempfile::tempdir().unwrap();
    screened(plain_data.path());
    let plain = evening(plain_data.path(), &format!("Fine.\n:pause\n5\n{LIGHT}"));
    assert!(cover.contains("Are you safe right now?"), "{cover}");
    assert!(plain.contains("── Paused ──"), "{plain}");

    let shared = shared_screen(&cover);
    insta::assert_snapshot!(shared);
    assert_eq!(shared, shared_screen(&plain));
    for word in [
        "safe",
        "neutral",
        "right time",
        "short message",
        "get help",
        "support",
    ] {
        assert!(!shared.contains(word), "the shared screen says {word:?}");
    }
    // The choice was asked of Alex in private, and its answer not shown.
    let choice = &cover[cover.find("what should both of you see?").expect(&cover)..];
    let asked = &cover[..cover.find("what should both of you see?").unwrap()];
    assert!(
        asked
            .ends_with("── Alex, privately ──\nBefore the conversation goes back to both of you: ")
    );
    assert!(choice.contains("Alex › (answered privately)"), "{choice}");

    // On disk, the same records as the ordinary switch: the joint guide's answers and its
    // end, then the light guide's session, but for the flagged answer, kept and taken
    // back as `:back` takes one back. No record of the check or of the choice.
    assert_eq!(
        without_taken_back(journals(cover_data.path())),
        journals(plain_data.path())
    );
    assert_no_trace_of_the_check(cover_data.path());
    // Nothing is left to resume, and the transcripts both can open read alike: Alex's
    // private answers are marked, not shown, in both.
    for data in [cover_data.path(), plain_data.path()] {
        let resume = stdout_of(kintsugi_in(data).args(["resume"]), "");
        assert!(
            resume.contains("There are no unfinished sessions."),
            "{resume}"
        );
    }
    let transcripts = |data: &Path| -> Vec<String> {
        let mut ids: Vec<String> = std::fs::read_dir(data.join("sessions"))
            .unwrap()
            .flatten()
            .map(|e| e.path().file_stem().unwrap().to_string_lossy().into_owned())
            .collect();
        ids.sort();
        let mut all: Vec<String> = ids
            .iter()
            .map(|id| alike(&stdout_of(kintsugi_in(data).args(["transcript", id]), "")))
            .collect();
        all.sort();
        all
    };
    let cover_transcripts = transcripts(cover_data.path());
    assert_eq!(cover_transcripts.len(), 2);
    assert_eq!(cover_transcripts, transcripts(plain_data.path()));
    assert!(cover_transcripts.iter().all(|t| !t.contains("He hit me")));

    // The difference is the hold: the joint guide is stopped for the day after the cover
    // only, and the profile keeps its time and the hashed code that lets Alex lift it,
    // nothing else new.
    assert!(evening(cover_data.path(), "Fine.\n").contains(NEUTRAL_MESSAGE));
    assert!(!evening(plain_data.path(), "Fine.\n").contains(NEUTRAL_MESSAGE));
    // Both profiles as Kintsugi writes them (couples by a hash of their names).
    stdout_of(kintsugi_in(plain_data.path()).args(["region", "US"]), "");
    stdout_of(kintsugi_in(cover_data.path()).args(["region", "US"]), "");
    let mut kept = profile(cover_data.path());
    assert!(kept.as_object_mut().unwrap().remove("hold").is_some());
    assert!(kept.as_object_mut().unwrap().remove("release").is_some());
    assert_eq!(
        alike(&kept.to_string()),
        alike(&profile(plain_data.path()).to_string())
    );
}

#[test]
fn a_cover_after_words_at_an_open_question_reads_as_a_pause_at_the_next_private_one() {
    // QA finding 5a (d13): after words of danger at an open question, the shared screen
    // goes from them to a hand-over and "The conversation ends here.", with no pause
    // menu. That is what an ordinary evening shows when the writer's next question is
    // private and they pause there for something lighter (the menu is theirs alone
    // then); only the words typed differ. (Where the next question is for both, the
    // hand-over right after the words is the difference the README names.)
    let cover_data = tempfile::tempdir().unwrap();
    screened(cover_data.path());
    let cover = evening(
        cover_data.path(),
        &format!("He hit me again.\nno\n2\n{LIGHT}"),
    );
    assert!(cover.contains("Are you safe right now?"), "{cover}");
    let plain_data = tempfile::tempdir().unwrap();
    screened(plain_data.path());
    let plain = evening(plain_data.path(), &format!("Fine.\n:pause\n5\n{LIGHT}"));
    assert!(plain.contains("── Paused ──"), "{plain}");
    let shared: Vec<String> = shared_screen(&cover)
        .replace("Alex › He hit me again.", "Alex › Fine.")
        .lines()
        .map(str::to_string)
        .collect();
    let ordinary: Vec<String> = shared_screen(&plain).lines().map(str::to_string).collect();
    assert_eq!(shared, ordinary);
    assert!(
        shared.iter().any(|l| l == "The conversation ends here."),
        "{shared:#?}"
    );
}

#[test]
fn thoughts_of_self_harm_then_stopping_can_be_covered_too() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    // At the open question: the crisis lines, "yes, I am safe", stop until tomorrow,
    // and the light guide.
    let out = evening(
        data.path(),
        &format!("I want to end it all\nyes\n1\n2\n{LIGHT}"),
    );
    assert!(out.contains("988"), "{out}");
    let shared = shared_screen(&out);
    assert!(shared.contains("Two appreciations"), "{shared}");
    assert!(!shared.contains(NEUTRAL_MESSAGE), "{shared}");
    assert!(evening(data.path(), "Fine.\n").contains(NEUTRAL_MESSAGE));
}

#[test]
fn the_neutral_stop_is_still_there_and_holds() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let out = evening(
        data.path(),
        &format!("Fine.\nHe hit me again.\nno\n1\n{LIGHT}"),
    );
    let shared = shared_screen(&out);
    assert!(shared.trim_end().ends_with(&short_message()), "{shared}");
    assert!(!shared.contains("Two appreciations"), "{shared}");
    assert_eq!(journals(data.path()).len(), 1);
    // Ended there, as at `:pause`: nothing to resume.
    let resumed = stdout_of(kintsugi_in(data.path()).args(["resume"]), "");
    assert!(
        resumed.contains("There are no unfinished sessions."),
        "{resumed}"
    );
    // The same in the screening: the short message, and nothing starts.
    let data = tempfile::tempdir().unwrap();
    let out = stdout_of(
        kintsugi_in(data.path()).args(["run", "check-in"]),
        &format!(
            "Alex\nSam\n1\nyes\nyes\n{}{LIGHT}",
            screening_choosing(SAFE, AFRAID, "1")
        ),
    );
    let shared = shared_screen(&out);
    assert!(shared.trim_end().ends_with(&short_message()), "{out}");
    assert!(!shared.contains("Two appreciations"), "{out}");
    assert!(journals(data.path()).is_empty());
}

#[test]
fn a_cover_chosen_during_the_light_guide_lets_it_go_on() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let out = stdout_of(
        kintsugi_in(data.path()).args(["run", "appreciations", "--names", "first=Alex,second=Sam"]),
        "1\nHe hit me again.\nno\n2\nYou listened.\n1\n",
    );
    let shared = shared_screen(&out);
    assert!(
        shared.contains("Sam, what is one thing Alex did lately"),
        "{shared}"
    );
    assert!(shared.contains("── The end ──"), "{shared}");
    assert!(!shared.contains(NEUTRAL_MESSAGE), "{shared}");
    // The one who chose it is told the truth: this guide goes on (QA finding 24).
    assert!(out.contains("this light guide goes on as before"), "{out}");
    assert!(!out.contains("a different guide runs"), "{out}");
    // Held all the same.
    assert!(evening(data.path(), "Fine.\n").contains(NEUTRAL_MESSAGE));
}

#[test]
fn a_cover_chosen_in_the_recheck_a_day_later_renews_the_hold_and_runs_the_light_guide() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let mut kept = profile(data.path());
    let then = std::time::SystemTime::now() - std::time::Duration::from_secs(25 * 3600);
    let then = humantime::format_rfc3339_seconds(then).to_string();
    kept["hold"] = then.clone().into();
    std::fs::write(data.path().join("profile.json"), kept.to_string()).unwrap();
    let out = evening(
        data.path(),
        &format!("{}{LIGHT}", screening_choosing(AFRAID, SAFE, "2")),
    );
    let shared = shared_screen(&out);
    assert!(
        out.contains("Are you ever afraid of Sam?"),
        "re-checked: {out}"
    );
    assert!(
        shared.contains("Thank you both. You can begin.\n\nTwo appreciations"),
        "{shared}"
    );
    assert!(
        !shared.contains("In a few words, how was your day?"),
        "{shared}"
    );
    assert_eq!(journals(data.path()).len(), 1);
    assert_eq!(journals(data.path())[0].0, "appreciations");
    let renewed = profile(data.path())["hold"].as_str().unwrap().to_string();
    assert!(renewed > then, "the hold is renewed: {renewed}");
    assert!(evening(data.path(), "Fine.\n").contains(NEUTRAL_MESSAGE));
}

#[test]
fn pause_offers_something_lighter_in_a_joint_guide_only() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    // At a shared question: the conversation ends, the light guide starts with the
    // same partners, and both sessions are kept, the first ended.
    let out = evening(data.path(), &format!(":pause\n5\n{LIGHT}"));
    assert!(
        out.contains("5. End it here and do something lighter"),
        "{out}"
    );
    let after = &out[out.find("The conversation ends here.").expect(&out)..];
    assert!(
        after.contains("Alex, what is one thing Sam did lately"),
        "{after}"
    );
    assert!(after.contains("── The end ──"), "{after}");
    let kinds = journals(data.path());
    assert_eq!(kinds.len(), 2, "{kinds:?}");
    assert!(
        kinds
            .iter()
            .any(|(g, k)| g.ends_with("evening.rhai") && k.last().unwrap() == "end")
    );
    // Not in the light guide itself, nor before a guide.
    let out = stdout_of(
        kintsugi_in(data.path()).args(["run", "appreciations", "--names", "first=Alex,second=Sam"]),
        ":pause\n1\n",
    );
    assert!(out.contains("4. End this conversation here"), "{out}");
    assert!(!out.contains("something lighter"), "{out}");
    let fresh = tempfile::tempdir().unwrap();
    let out = stdout_of(
        kintsugi_in(fresh.path()).args(["run", "check-in"]),
        "Alex\nSam\n1\n:pause\n",
    );
    assert!(out.contains("Nothing has started yet"), "{out}");
    assert!(!out.contains("something lighter"), "{out}");
}

/// Each journal's guide and record kinds.
type Journals = Vec<(String, Vec<String>)>;

/// What a data folder keeps of its sessions, as both partners can read it: each
/// journal's records, the history, the agreements ledger and every transcript.
fn kept_sessions(data: &Path) -> (Journals, String, String, Vec<String>) {
    let read = |args: &[&str]| alike(&stdout_of(kintsugi_in(data).args(args), ""));
    let mut ids: Vec<String> = std::fs::read_dir(data.join("sessions"))
        .unwrap()
        .flatten()
        .map(|e| e.path().file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    let mut transcripts: Vec<String> = ids.iter().map(|id| read(&["transcript", id])).collect();
    transcripts.sort();
    (
        journals(data),
        read(&["history"]),
        read(&["agreements"]),
        transcripts,
    )
}

#[test]
fn a_check_that_stops_or_covers_keeps_the_session_as_a_pause_there_would() {
    // Sam's open answer is agreed to at once; Alex's private one is revealed, then the
    // guide ends. Each answer signals danger: "not safe", then the short message (1) or
    // the light guide (2). Nobody saw the agreement, the reveal or the end.
    let the_end = "guides/at-the-end.rhai";
    let run = |data: &Path, input: &str| {
        stdout_of(
            kintsugi_in(data).args(["run", the_end, "--names", "a=Alex,b=Sam"]),
            input,
        )
    };
    let open = "Fine.\n";
    let private = "Fine.\nI will call my sister.\n";
    for (before, flagged, choice, at_pause) in [
        (open, "I will try not to end it all.\nno\n", "1\n", "4\n"),
        (open, "I will try not to end it all.\nno\n", "2\n", "5\n"),
        (private, "He hit me again.\nno\n", "1\n", "4\n"),
        (private, "He hit me again.\nno\n", "2\n", "5\n"),
    ] {
        let checked = tempfile::tempdir().unwrap();
        screened(checked.path());
        let out = run(checked.path(), &format!("{before}{flagged}{choice}{LIGHT}"));
        assert!(out.contains("Are you safe right now?"), "{out}");
        // The same sitting ended at `:pause` at that very question (for the light
        // guide, or not).
        let paused = tempfile::tempdir().unwrap();
        screened(paused.path());
        let plain = run(paused.path(), &format!("{before}:pause\n{at_pause}{LIGHT}"));
        assert!(plain.contains("── Paused ──"), "{plain}");

        let (journals, history, agreements, transcripts) = kept_sessions(checked.path());
        let (plain_journals, plain_history, plain_agreements, plain_transcripts) =
            kept_sessions(paused.path());
        // What differs: the flagged answer stays in the journal's file, taken back.
        assert_ne!(journals, plain_journals);
        assert_eq!(without_taken_back(journals), plain_journals);
        assert_eq!(history, plain_history);
        assert_eq!(agreements, plain_agreements);
        assert_eq!(transcripts, plain_transcripts);
        // And what that is: ended early, with nothing unseen in it.
        assert!(history.contains("At the end · ended early"), "{history}");
        for unseen in ["end it all", "Revealed", "[withheld]", "The end."] {
            assert!(!history.contains(unseen), "{unseen}: {history}");
            assert!(!agreements.contains(unseen), "{unseen}: {agreements}");
            // (The light guide, when it ran, has an end of its own.)
            let joint = transcripts
                .iter()
                .find(|t| t.starts_with("# At the end"))
                .unwrap();
            assert!(!joint.contains(unseen), "{unseen}: {joint}");
        }
        // The next sitting shows no agreement nobody saw.
        assert!(
            !agreements.contains("Open (1)\n  - I will try"),
            "{agreements}"
        );
    }
}

#[test]
fn when_two_disclose_and_choose_differently_the_short_message_wins() {
    // Both afraid; each chooses, in private, one or the other.
    let afraid = |choice: &str| format!("{}{choice}\n", AFRAID.map(|a| format!("{a}\n")).concat());
    for (alex, sam) in [("1", "2"), ("2", "1")] {
        let data = tempfile::tempdir().unwrap();
        let input = format!(
            "Alex\nSam\n1\nyes\nyes\n{}{}{LIGHT}",
            afraid(alex),
            afraid(sam)
        );
        let out = stdout_of(kintsugi_in(data.path()).args(["run", "check-in"]), &input);
        assert!(
            out.matches("what should both of you see?").count() == 2,
            "{out}"
        );
        let shared = shared_screen(&out);
        assert!(
            shared.trim_end().ends_with(&short_message()),
            "{alex}{sam}: {out}"
        );
        assert!(!shared.contains("Two appreciations"), "{out}");
        assert!(journals(data.path()).is_empty(), "{out}");
        // The one who chose the light guide was told it may not show, and that it would
        // not be because of their answers.
        assert!(
            out.contains(
                "If your partner's answers stop the guide too, both of you may see the short message instead: that would not come from anything you answered."
            ),
            "{out}"
        );
    }
}

/// QA s4 F5: a cover chosen, then Ctrl-D (or a kill) at the "Press Enter" before the
/// screen went back to both: the choice was not kept, and `resume` showed both the
/// short message the discloser had chosen to avoid. The guide's end is now kept before
/// the screen is handed back: the way back reads as after an ordinary "End it here and
/// do something lighter" left at the same moment.
#[test]
fn a_cover_chosen_stands_even_if_the_hand_back_is_cut_short() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let mut terminal = Terminal::every_kind(data.path());
    for (wait, keys) in [
        ("Alex › ", &b"fine\r"[..]),
        ("Pick one.", b"1\r"),
        ("How strong", b"3\r"),
        ("Go on?", b"yes\r"),
        ("Sam, press Enter", b"\r"),
        ("Something private?", b"He hit me again.\r"),
        ("Are you safe right now?", b"no\r"),
        ("what should both of you see?", b"2\r"),
    ] {
        terminal.wait_for(wait);
        std::thread::sleep(std::time::Duration::from_millis(400));
        terminal.type_keys(keys);
    }
    terminal.wait_for("Press Enter when you are done");
    std::thread::sleep(std::time::Duration::from_millis(400));
    terminal.type_keys(b"\x04");
    assert!(terminal.left_within(20), "{}", terminal.text());
    let id = only_session(data.path());
    let resumed = stdout_of(kintsugi_in(data.path()).args(["resume", &id]), "");
    assert!(resumed.contains("That session is finished."), "{resumed}");
    assert!(!resumed.contains(NEUTRAL_MESSAGE), "{resumed}");
    let history = stdout_of(kintsugi_in(data.path()).args(["history"]), "");
    assert!(history.contains("ended early"), "{history}");
}
