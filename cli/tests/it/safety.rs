//! The safety plugin at the keyboard, through the real binary: consent and screening,
//! `:pause` at every kind of prompt, the break on distress, the private check after
//! words of danger, export with consent, forget, and what reaches the disk.

use crate::common::*;
use std::path::{Path, PathBuf};

/// Every file under `dir`, with its text.
fn files(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push((
                path.clone(),
                std::fs::read_to_string(&path).unwrap_or_default(),
            ));
        }
    }
    out
}

/// Screening answers for both partners: (afraid, hurt, danger, forced, free to say no,
/// wished dead, thoughts of suicide), "safe" unless changed.
fn screening(first: [&str; 7], second: [&str; 7]) -> String {
    first
        .iter()
        .chain(second.iter())
        .map(|a| format!("{a}\n"))
        .collect()
}
pub const SAFE: [&str; 7] = ["no", "no", "no", "no", "yes", "no", "no"];

/// The same, where a partner who discloses then answers `choice` to what the shared
/// screen should show (1: the short message, 2: a cover).
pub fn screening_choosing(first: [&str; 7], second: [&str; 7], choice: &str) -> String {
    [first, second]
        .iter()
        .map(|side| {
            let mut answers: String = side.iter().map(|a| format!("{a}\n")).collect();
            if *side != SAFE {
                answers += &format!("{choice}\n");
            }
            answers
        })
        .collect()
}

#[test]
fn first_run_asks_region_and_consent_then_screens_each_partner() {
    let data = tempfile::tempdir().unwrap();
    let input = format!("Alex\nSam\n1\nyes\nyes\n{}2\n", screening(SAFE, SAFE));
    snapshot!(
        kintsugi_in(data.path())
            .args(["run", "check-in", "--screen"])
            .pass_stdin(input)
    );
}

#[test]
fn a_disclosure_stops_the_guide_with_one_message_and_no_answer_reaches_the_disk() {
    let mut tails = Vec::new();
    for (who, question) in [(0, 0), (1, 0), (0, 2), (1, 3), (0, 4), (1, 6)] {
        // Each disclosure puts the folder on hold, so each couple gets its own.
        let data = tempfile::tempdir().unwrap();
        let mut first = SAFE;
        let mut second = SAFE;
        let side = if who == 0 { &mut first } else { &mut second };
        side[question] = if side[question] == "yes" { "no" } else { "yes" };
        // The one who disclosed chooses the short message (1) over a cover.
        let input = format!(
            "Alex\nSam\n1\nyes\nyes\n{}",
            screening_choosing(first, second, "1")
        );
        let out = stdout_of(
            kintsugi_in(data.path()).args(["run", "acknowledge-hurt", "--screen"]),
            &input,
        );
        assert!(out.contains(kintsugi_engine::NEUTRAL_MESSAGE), "{out}");
        assert!(
            out.contains("Nothing was started") || !out.contains("This session is saved"),
            "{out}"
        );
        // What the shared screen shows after the last hand-back is the same every time.
        let tail = out
            .rsplit("you can look at the screen again.")
            .next()
            .unwrap()
            .to_string();
        tails.push(tail);
        // No journal was started, and the profile holds the region, dates and the
        // hold's time only: never who disclosed or what.
        for (path, text) in files(data.path()) {
            assert!(
                path.ends_with("profile.json"),
                "unexpected file {}",
                path.display()
            );
            assert!(
                !text.contains("screened"),
                "a disclosure does not count as a screening: {text}"
            );
            assert!(text.contains("\"hold\""), "a hold is placed: {text}");
            assert!(!text.contains("yes") && !text.contains("afraid"), "{text}");
            assert!(!text.contains("null"), "{text}");
        }
    }
    assert!(tails.iter().all(|t| t == &tails[0]), "{tails:#?}");
}

#[test]
fn after_a_full_session_with_screening_no_file_holds_a_screening_answer() {
    let data = tempfile::tempdir().unwrap();
    // Consent, a clear screening, then the check-in to its end.
    let input = format!(
        "Alex\nSam\n1\nyes\nyes\n{}1\n7\n6\n8\n7\n4\nThe walk.\nThe walk too.\nWork.\nSleep.\nDinner.\nThe joke.\nNo phones on Thursday.\n1\n",
        screening(SAFE, SAFE)
    );
    let out = stdout_of(
        kintsugi_in(data.path()).args(["run", "check-in", "--screen"]),
        &input,
    );
    assert!(out.contains("── The end ──"), "{out}");
    let all = files(data.path());
    assert_eq!(all.len(), 2, "a journal and the profile: {all:#?}");
    for (path, text) in &all {
        for step in ["\"consent#", "\"screening#", "\"start#"] {
            assert!(
                !text.contains(step),
                "{}: holds an intake answer",
                path.display()
            );
        }
        assert!(
            !text.contains("Are you ever afraid of"),
            "{}",
            path.display()
        );
    }
    let profile = all
        .iter()
        .find(|(p, _)| p.ends_with("profile.json"))
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&profile.1).unwrap();
    let couple = &json["couples"][couple_key("alex+sam")];
    assert!(
        couple["consented"].is_string() && couple["screened"].is_string(),
        "{json}"
    );
    assert_eq!(couple.as_object().unwrap().len(), 2, "dates only: {json}");
    // Within the week the couple goes straight to the guide.
    let again = stdout_of(
        kintsugi_in(data.path()).args(["run", "check-in", "--screen"]),
        "Alex\nSam\n2\n",
    );
    assert!(!again.contains("Are you ever afraid of"), "{again}");
    assert!(again.contains("Ready to start?"), "{again}");
}

#[test]
fn pause_works_at_every_kind_of_prompt() {
    // Answers that reach each prompt of every-kind.rhai in turn, then :pause there. The
    // last is private to Sam: the pause stays with Sam.
    let reach = [
        "",
        "fine\n",
        "fine\n1\n",
        "fine\n1\n3\n",
        "fine\n1\n3\nyes\n",
    ];
    for (i, before) in reach.iter().enumerate() {
        let private = i == 4;
        // Support (each partner in private, in turn, at the shared screen), then a break.
        let support = "3\n";
        let data = tempfile::tempdir().unwrap();
        screened(data.path());
        let input = format!("{before}:pause\n{support}2\n");
        let out = stdout_of(
            kintsugi_in(data.path()).args([
                "run",
                "guides/every-kind.rhai",
                "--names",
                "a=Alex,b=Sam",
            ]),
            &input,
        );
        assert!(out.contains("── Paused ──"), "prompt {i}: {out}");
        assert!(out.contains("1. Go on now"), "prompt {i}: {out}");
        let lists = out.matches("local emergency number").count() + out.matches("call 911").count();
        assert!(lists >= 1, "prompt {i}: {out}");
        let pause = &out[out.find("── Paused ──").unwrap()..];
        if private {
            // Nothing went back to the shared screen, and nobody else was asked.
            assert!(
                !pause.contains("you can look at the screen again"),
                "{pause}"
            );
            assert!(!pause.contains("Alex, press Enter"), "{pause}");
            assert!(!pause.contains("Who would like"), "{pause}");
        } else {
            assert!(pause.contains("── For Alex only ──"), "prompt {i}: {pause}");
            assert!(pause.contains("── For Sam only ──"), "prompt {i}: {pause}");
        }
        assert!(
            out.contains("To continue: kintsugi resume"),
            "prompt {i}: {out}"
        );
        let resumed = stdout_of(kintsugi_in(data.path()).args(["resume"]), ":quit\n");
        assert!(resumed.contains("Resuming"), "prompt {i}: {resumed}");
    }
}

#[test]
fn go_on_now_after_a_pause_asks_the_same_question_again() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let out = stdout_of(&mut every_kind(data.path()), "fine\n:pause\n1\n2\n");
    assert!(out.contains("Going on where you were."), "{out}");
    let after = &out[out.find("Going on where you were.").unwrap()..];
    assert!(after.contains("Pick one."), "{after}");
    assert!(after.contains("How strong is the feeling"), "{after}");
}

#[test]
fn pause_during_the_intake_tells_the_truth_about_what_was_saved() {
    // At the first screening question (private to Alex), :pause, then a break.
    let data = tempfile::tempdir().unwrap();
    let out = stdout_of(
        kintsugi_in(data.path()).args(["run", "check-in", "--screen"]),
        "Alex\nSam\n1\nyes\nyes\n:pause\n2\n",
    );
    let pause = &out[out.find("── Paused ──").expect(&out)..];
    assert!(!pause.contains("--no-save"), "{pause}");
    assert!(
        !pause.contains("Everything answered so far is saved"),
        "{pause}"
    );
    assert!(pause.contains("Nothing has started yet"), "{pause}");
    assert!(pause.contains("Nothing was started."), "{pause}");
    // A break says how to come back.
    assert!(
        pause.contains("To come back, run the guide again when you are both ready"),
        "{pause}"
    );
    // The pause stayed with Alex: nothing was asked in the open.
    assert!(!pause.contains("Who would like"), "{pause}");
    assert!(
        !pause.contains("you can look at the screen again"),
        "{pause}"
    );
    // Nothing to resume, and resume says so rather than failing silently.
    let resumed = stdout_of(kintsugi_in(data.path()).args(["resume"]), "");
    assert!(!resumed.contains("Resuming"), "{resumed}");
}

#[test]
fn a_distress_answer_offers_a_break_first() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    snapshot!(every_kind(data.path()).pass_stdin("fine\n1\n9\n1\n"));
    let calm = stdout_of(&mut every_kind(data.path()), "fine\n1\n5\n");
    assert!(!calm.contains("a break of at least"), "{calm}");
}

#[test]
fn the_break_on_distress_is_offered_once_to_the_one_distressed() {
    // Alex's open scale: the offer is Alex's to answer, not both partners'.
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let out = stdout_of(&mut every_kind(data.path()), "fine\n1\n9\n1\n");
    let offer = &out[out.find("a break of at least").expect(&out)..];
    assert!(offer.contains("Alex › "), "{offer}");
    assert!(!offer.contains("Alex and Sam › "), "{offer}");
    // Taken, then resumed once the break is over (an hour later): the offer is not
    // made again.
    let later = humantime::format_rfc3339_seconds(
        std::time::SystemTime::now() + std::time::Duration::from_secs(3600),
    )
    .to_string();
    let resumed = stdout_of(
        kintsugi_in(data.path())
            .env("KINTSUGI_NOW", later)
            .args(["resume"]),
        ":quit\n",
    );
    assert!(resumed.contains("Resuming"), "{resumed}");
    assert!(!resumed.contains("a break of at least"), "{resumed}");

    // A private scale: the offer is made inside the hand-over, to that partner alone.
    // (Another folder: in this one Alex and Sam's break still runs by the real clock, and
    // a running break stops any joint guide of theirs.)
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let out = stdout_of(
        kintsugi_in(data.path()).args([
            "run",
            "guides/private-distress.rhai",
            "--names",
            "a=Alex,b=Sam",
        ]),
        "9\n2\n",
    );
    let hand_over = out.find("Alex, press Enter").expect(&out);
    let offer = out.find("a break of at least").expect(&out);
    let back = out.find("you can look at the screen again").expect(&out);
    assert!(hand_over < offer && offer < back, "{out}");
    assert!(out.contains("Thank you."), "{out}");

    // A guide that offers its own break (acknowledge-hurt): one offer, the guide's.
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let out = stdout_of(
        kintsugi_in(data.path()).args([
            "run",
            "acknowledge-hurt",
            "--names",
            "hurt=Noor,repairing=Tom",
        ]),
        "1\nyes\nI found the messages.\nI can't breathe when I think about it.\n1\n9\n",
    );
    assert!(out.contains("What would help most right now?"), "{out}");
    assert!(
        !out.contains("a break of at least 20 minutes usually helps"),
        "{out}"
    );
}

#[test]
fn words_of_danger_at_an_open_prompt_are_checked_privately_with_their_writer() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    snapshot!(every_kind(data.path()).pass_stdin("Some days I want to die.\nyes\n2\n1\n"));
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let unsafe_now = stdout_of(&mut every_kind(data.path()), "He hit me again.\nno\n1\n");
    assert!(
        unsafe_now.contains(kintsugi_engine::NEUTRAL_MESSAGE),
        "{unsafe_now}"
    );
    assert!(!unsafe_now.contains("You said: He hit me"), "{unsafe_now}");
}

#[test]
fn an_open_answer_that_was_seen_is_not_called_private_afterwards() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let out = stdout_of(
        &mut every_kind(data.path()),
        "He hit me again.\nyes\n2\n1\n5\nyes\nmine\n",
    );
    assert!(
        out.contains("It was on the shared screen as it was typed"),
        "the writer is told the truth: {out}"
    );
    assert!(!out.contains("will not be shown"), "{out}");
    let id = only_session(data.path());
    let shared = stdout_of(kintsugi_in(data.path()).args(["transcript", &id]), "");
    assert!(shared.contains("**Alex:** He hit me again."), "{shared}");
    assert!(
        shared.contains("**Sam:** *(answered privately)*"),
        "{shared}"
    );
    assert!(
        !shared.contains("mine"),
        "a private answer stays private: {shared}"
    );
}

#[test]
fn a_private_answer_with_words_of_danger_is_never_revealed() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let out = stdout_of(
        &mut run_for_alex_and_sam(data.path(), "guides/private.rhai"),
        "He hit me again.\nyes\n2\n5\nyes\n",
    );
    // The writer is told exactly what the reveal will show in its place.
    assert!(
        out.contains("the shared screen shows \"(no answer)\" in its place"),
        "{out}"
    );
    assert!(out.contains("Revealed: Alex: (no answer)"), "{out}");
    assert!(!out.contains("Alex: He hit me"), "{out}");
}

#[test]
fn a_withheld_private_answer_looks_like_a_pass_at_the_reveal() {
    // QA finding 3: `Sam: [withheld]` told the other partner something alarming was
    // written. At a prompt that can be passed, the reveal shows what a pass shows.
    let reveal = |answers: &str| {
        let data = tempfile::tempdir().unwrap();
        screened(data.path());
        let out = stdout_of(
            kintsugi_in(data.path()).args([
                "run",
                "guides/private-pass.rhai",
                "--names",
                "a=Alex,b=Sam",
            ]),
            answers,
        );
        let line = out
            .lines()
            .find(|l| l.contains("Revealed"))
            .unwrap_or_else(|| panic!("no reveal: {out}"))
            .to_string();
        (out, line)
    };
    let (passed, passed_line) = reveal("\n");
    let (withheld, withheld_line) = reveal("He hit me again.\nyes\n2\n");
    assert_eq!(passed_line, withheld_line, "{passed}\n---\n{withheld}");
    assert!(withheld_line.contains("Alex passed"), "{withheld_line}");
    assert!(
        withheld.contains("the shared screen shows \"Alex passed\" in its place"),
        "{withheld}"
    );
    assert!(!withheld.contains("[withheld]"), "{withheld}");
}

#[test]
fn words_said_back_in_a_mirror_are_checked_with_the_one_who_said_them() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let out = stdout_of(
        &mut run_for_alex_and_sam(data.path(), "guides/mirror.rhai"),
        "Some days are very heavy.\nIf I got it, you said you wanted to die\nyes\n2\n",
    );
    assert!(
        out.contains(
            "Alex, something Sam said back from your words made Kintsugi want to check on you"
        ),
        "the speaker is asked, not the listener: {out}"
    );
    assert!(!out.contains("Sam, something"), "{out}");
    assert!(out.contains("988"), "crisis lines for the speaker: {out}");
    assert!(
        out.contains("Sam heard: If I got it, you said you wanted to die"),
        "the exercise keeps its words: {out}"
    );
    // The same words as the listener's own answer would be about the listener.
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let calm = stdout_of(
        &mut run_for_alex_and_sam(data.path(), "guides/mirror.rhai"),
        "Some days are very heavy.\nYou said you do not want to die, only to rest.\n",
    );
    assert!(!calm.contains("check on you"), "{calm}");
}

#[test]
fn a_custom_guide_cannot_skip_or_silence_the_safety_plugin() {
    let data = tempfile::tempdir().unwrap();
    // Its own `fn consent_needed() { false }` would replace the plugin's: refused.
    let refused = kintsugi_in(data.path())
        .args(["run", "guides/sneaky.rhai", "--screen"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&refused.stderr).to_string()
        + &*String::from_utf8_lossy(&refused.stdout);
    assert!(!refused.status.success(), "{said}");
    assert!(
        said.contains("sneaky.rhai:9:1") && said.contains("`fn consent_needed` has the name"),
        "{said}"
    );
    assert!(!said.contains("Anything?"), "{said}");
    let out = stdout_of(
        kintsugi_in(data.path()).args(["run", "guides/sneaky-loads.rhai", "--screen"]),
        &format!(
            "Alex\nSam\n1\nyes\nyes\n{}I want to die\nyes\n2\n",
            screening(SAFE, SAFE)
        ),
    );
    assert!(
        out.contains("It is not therapy"),
        "consent still shown: {out}"
    );
    assert!(
        out.contains("Are you ever afraid of Sam?"),
        "screening still runs: {out}"
    );
    assert!(
        out.contains("Are you safe right now?"),
        "words still checked: {out}"
    );
    // Typed at an open prompt, the words were on the screen: shown as they were.
    assert!(out.contains("You said: I want to die"), "{out}");
}

#[test]
fn an_author_run_skips_screening_keeps_nothing_and_says_so_at_every_prompt() {
    let data = tempfile::tempdir().unwrap();
    let out = stdout_of(
        kintsugi_in(data.path()).args([
            "run",
            "guides/every-kind.rhai",
            "--author",
            "--names",
            "a=Alex,b=Sam",
        ]),
        "fine\n1\n",
    );
    assert!(out.contains("An author's test run"), "{out}");
    assert!(out.contains("Alex (test run) › "), "{out}");
    assert!(out.contains("Sam (test run) › "), "{out}");
    assert!(!out.contains("kintsugi resume"), "{out}");
    // No journal, no profile: nothing at all.
    assert_eq!(files(data.path()), Vec::new());
    // There is nothing to resume, and resume --author cannot skip a couple's screening.
    let (status, out) = {
        let o = kintsugi_in(data.path())
            .args(["resume", "--author"])
            .output()
            .unwrap();
        (o.status, String::from_utf8_lossy(&o.stdout).into_owned())
    };
    assert!(!status.success(), "{out}");
    assert!(out.contains("keeps nothing"), "{out}");
}

#[test]
fn piped_answers_into_a_couples_folder_get_consent_and_screening() {
    // A couple's folder, answers from a pipe and from --answers: the intake runs first.
    let data = tempfile::tempdir().unwrap();
    let out = stdout_of(&mut every_kind(data.path()), "fine\n");
    assert!(out.contains("Where do you live?"), "{out}");
    assert!(!out.contains("In a few words, how are you?"), "{out}");
    let answers = data.path().join("answers.txt");
    std::fs::write(&answers, "fine\n").unwrap();
    let out = stdout_of(
        kintsugi_in(data.path()).args([
            "run",
            "guides/every-kind.rhai",
            "--names",
            "a=Alex,b=Sam",
            "--answers",
            &answers.display().to_string(),
        ]),
        "",
    );
    assert!(out.contains("Where do you live?"), "{out}");
    // Through the intake, the guide starts.
    let input = format!("1\nyes\nyes\n{}fine\n", screening(SAFE, SAFE));
    let out = stdout_of(&mut every_kind(data.path()), &input);
    assert!(out.contains("In a few words, how are you?"), "{out}");
    // A run that keeps nothing may skip it, and says so.
    let out = stdout_of(
        kintsugi().args([
            "run",
            "guides/every-kind.rhai",
            "--no-save",
            "--names",
            "a=Alex,b=Sam",
        ]),
        "fine\n",
    );
    assert!(out.contains("consent and screening are skipped"), "{out}");
}

#[test]
fn export_shows_everything_first_and_needs_both_partners() {
    let data = tempfile::tempdir().unwrap();
    let id = session_with_a_private_answer(data.path());
    let out_file = data.path().join("export.md");
    let out_arg = out_file.display().to_string();
    // Sam keeps the private answer out; Alex agrees, Sam does not: nothing is written.
    snapshot!(
        kintsugi_in(data.path())
            .args(["export", &id, "--out", &out_arg])
            .pass_stdin("2\nyes\nno\n")
    );
    assert!(!out_file.exists());
    // Both agree: the file holds exactly what was shown, without the private answer.
    let shown = stdout_of(
        kintsugi_in(data.path()).args(["export", &id, "--out", &out_arg]),
        "2\nyes\nyes\n",
    );
    let written = std::fs::read_to_string(&out_file).unwrap();
    assert!(shown.contains(&written), "what is written was shown first");
    assert!(!written.contains("my private words"), "{written}");
    assert!(written.contains("*(answered privately)*"), "{written}");
    std::fs::remove_file(&out_file).unwrap();
    // With Sam's say, the private answer is included.
    stdout_of(
        kintsugi_in(data.path()).args(["export", &id, "--out", &out_arg]),
        "1\nyes\nyes\n",
    );
    assert!(
        std::fs::read_to_string(&out_file)
            .unwrap()
            .contains("my private words")
    );
}

#[test]
fn transcript_private_shows_only_the_readers_own_private_answers_after_a_private_ask() {
    let data = tempfile::tempdir().unwrap();
    // Alex answers "fine" in the open; Sam's last answer is private to Sam.
    let id = session_with_a_private_answer(data.path());
    // Alex asks: Sam's private words are not shown, whatever Alex answers.
    // (The questions go to standard error when standard output is not a terminal.)
    for answer in ["1", "2"] {
        let (out, asked) = outputs_of(
            kintsugi_in(data.path()).args(["transcript", &id, "--private"]),
            &format!("1\n{answer}\n"),
        );
        assert!(
            asked.contains("Each of you can see only your own"),
            "{asked}"
        );
        assert!(asked.contains("── For Alex only ──"), "{asked}");
        assert!(!out.contains("my private words"), "{out}");
    }
    // Sam asks and declines: nothing is shown.
    let (out, asked) = outputs_of(
        kintsugi_in(data.path()).args(["transcript", &id, "--private"]),
        "2\n2\n",
    );
    assert!(asked.contains("── For Sam only ──"), "{asked}");
    assert!(asked.contains("Nothing was shown."), "{asked}");
    assert!(!out.contains("my private words"), "{out}");
    // Sam asks and confirms in private: Sam's own private words are shown.
    let out = stdout_of(
        kintsugi_in(data.path()).args(["transcript", &id, "--private"]),
        "Sam\n1\n",
    );
    assert!(out.contains("my private words"), "{out}");
    // The input ending before the choice shows nothing.
    let out = stdout_of(
        kintsugi_in(data.path()).args(["transcript", &id, "--private"]),
        "",
    );
    assert!(!out.contains("my private words"), "{out}");
}

#[test]
fn forget_deletes_for_good() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    stdout_of(&mut every_kind(data.path()), "fine\n");
    let journals = || {
        files(data.path())
            .into_iter()
            .filter(|(p, _)| p.extension().is_some_and(|e| e == "jsonl"))
            .count()
    };
    assert_eq!(journals(), 1);
    let out = stdout_of(kintsugi_in(data.path()).args(["forget", "--all"]), "no\n");
    assert!(out.contains("Nothing was deleted"), "{out}");
    assert_eq!(journals(), 1);
    stdout_of(kintsugi_in(data.path()).args(["forget", "--all"]), "yes\n");
    assert_eq!(journals(), 0);
}

#[test]
fn nobody_can_skip_through_the_intake_with_authors_commands() {
    let data = tempfile::tempdir().unwrap();
    let out = stdout_of(
        kintsugi_in(data.path()).args(["run", "check-in", "--screen"]),
        "Alex\nSam\n1\n:goto screening\n:state\n:reload\n",
    );
    assert_eq!(
        out.matches("That command is for authors trying a guide")
            .count(),
        3,
        "{out}"
    );
    assert!(!out.contains("Starting again from step"), "{out}");
}

#[test]
fn pause_at_a_private_prompt_stays_with_that_partner_and_offers_support_there() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    snapshot!(every_kind(data.path()).pass_stdin("fine\n1\n3\nyes\n:pause\n3\n4\n"));
}

#[test]
fn the_region_can_be_changed() {
    let data = tempfile::tempdir().unwrap();
    let out = stdout_of(kintsugi_in(data.path()).args(["region", "uk"]), "");
    assert!(out.contains("United Kingdom"), "{out}");
    let out = stdout_of(kintsugi_in(data.path()).args(["region"]), "");
    assert!(out.contains("The region for help numbers is UK."), "{out}");
    let out = stdout_of(&mut every_kind(data.path()), ":pause\n3\n4\n");
    assert!(out.contains("116 123"), "{out}");
}

#[test]
fn the_questions_come_again_when_the_last_time_is_more_than_a_week_ago() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let ago = |days: u64| {
        let then = std::time::SystemTime::now() - std::time::Duration::from_secs(days * 86_400);
        humantime::format_rfc3339_seconds(then).to_string()
    };
    let set_screened = |when: String| {
        let path = data.path().join("profile.json");
        let mut json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        json["couples"]["alex+sam"]["screened"] = when.into();
        std::fs::write(&path, json.to_string()).unwrap();
    };
    let run = || {
        stdout_of(
            kintsugi_in(data.path()).args(["run", "check-in", "--names", "first=Alex,second=Sam"]),
            "2\n",
        )
    };
    set_screened(ago(6));
    let within = run();
    assert!(!within.contains("Are you ever afraid of"), "{within}");
    assert!(within.contains("Ready to start?"), "{within}");
    // Kintsugi rewrote the profile (couples by a hash): set the date there.
    let path = data.path().join("profile.json");
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let key = couple_key("alex+sam");
    if json["couples"].get(&key).is_some() {
        json["couples"][&key]["screened"] = ago(8).into();
        std::fs::write(&path, json.to_string()).unwrap();
    } else {
        set_screened(ago(8));
    }
    let later = run();
    assert!(later.contains("Are you ever afraid of"), "{later}");
}

#[test]
fn hide_clears_the_screen_and_its_scrollback_and_the_session_resumes() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let out = stdout_of(&mut every_kind(data.path()), "fine\n:hide\n");
    // Clear the screen, purge the scrollback, cursor home; then nothing more.
    let wiped = out.rfind("\u{1b}[3J").expect(&out);
    assert!(out.contains("\u{1b}[2J"), "{out:?}");
    assert!(!out[wiped..].contains("Pick one"), "{out:?}");
    let resumed = stdout_of(kintsugi_in(data.path()).args(["resume"]), "1\n");
    assert!(resumed.contains("Resuming \"Every kind\""), "{resumed}");
    assert!(resumed.contains("Pick one."), "{resumed}");
}

#[test]
fn kintsugi_opens_no_connection_and_listens_only_for_the_devices() {
    // No crate that speaks to a network as a client is a dependency of the binary or of
    // the pages' server (the tests' own HTTP clients are dev-dependencies).
    for manifest in ["cli/Cargo.toml", "web/Cargo.toml"] {
        let text = std::fs::read_to_string(workspace().join(manifest)).unwrap();
        let normal = text.split("[dev-dependencies]").next().unwrap().to_string();
        for name in [
            "reqwest",
            "ureq",
            "curl",
            "hyper-util",
            "fantoccini",
            "native-tls",
        ] {
            assert!(!normal.contains(name), "{manifest} depends on {name}");
        }
    }
    // The engine names no network at all; the binary only in `devices.rs`, to choose the
    // one address the pages are served on; the server only listens. Nothing connects.
    for dir in ["cli/src", "engine/src", "web/src"] {
        for entry in walkdir::WalkDir::new(workspace().join(dir)) {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                let path = entry.path().display().to_string();
                assert!(
                    !text.contains("TcpStream") && !text.contains("UdpSocket"),
                    "{path}"
                );
                let allowed = path.ends_with("cli/src/devices.rs") || path.contains("web/src");
                assert!(allowed || !text.contains("std::net"), "{path}");
            }
        }
    }
    let server = std::fs::read_to_string(workspace().join("web/src/server.rs")).unwrap();
    assert!(server.contains("TcpListener::bind(addr)"));
}

#[test]
fn a_partner_owning_up_to_violence_leads_to_each_partner_being_asked_alike() {
    // QA finding 5: Alex admits, at an open question, hitting Sam. Both are asked, in
    // private, one after the other, with the same words, which name neither the words
    // nor who wrote them; both answer that they are safe and go on.
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let out = stdout_of(
        &mut run_for_alex_and_sam(data.path(), "guides/evening.rhai"),
        "I slapped you in March\nyes\n2\nyes\n2\nFine.\n5\nyes\n",
    );
    let intro = "Kintsugi is checking on each of you now, in private, one after the other, with the same questions";
    assert!(out.contains(&format!("Alex, {intro}")), "{out}");
    assert!(out.contains(&format!("Sam, {intro}")), "{out}");
    assert_eq!(out.matches("Are you safe right now?").count(), 2, "{out}");
    assert_eq!(out.matches("1-800-799-7233").count(), 2, "{out}");
    assert!(!out.contains("something you wrote"), "{out}");
    assert!(out.contains("Done."), "the guide goes on: {out}");
    // Owning up to an ordinary wrong asks nobody.
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let out = stdout_of(
        &mut run_for_alex_and_sam(data.path(), "guides/evening.rhai"),
        "I yelled at you and I pushed you away for years\nFine.\n5\nyes\n",
    );
    assert!(!out.contains("Are you safe right now?"), "{out}");
}

#[test]
fn a_mirror_of_words_already_checked_does_not_ask_their_speaker_again() {
    // QA finding 20: Alex is asked after their own words; Sam's faithful mirror of them
    // does not take Alex through the same check a second time.
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let out = stdout_of(
        &mut run_for_alex_and_sam(data.path(), "guides/mirror.rhai"),
        "Some days I want to die.\nyes\n2\nIf I got it, you said you wanted to die\n",
    );
    assert_eq!(out.matches("Are you safe right now?").count(), 1, "{out}");
    assert!(
        out.contains("Sam heard: If I got it, you said you wanted to die"),
        "{out}"
    );
}

#[test]
fn a_break_taken_at_are_you_safe_tells_its_writer_of_the_hold_and_its_code() {
    // Couple QA, second session, finding 4: `:pause` at "Are you safe right now?", then a
    // break, kept the hold placed before the question with no code and no word of it.
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let out = stdout_of(
        &mut run_for_alex_and_sam(data.path(), "guides/evening.rhai"),
        "I want to die\n:pause\n2\n",
    );
    assert!(out.contains("Are you safe right now?"), "{out}");
    assert!(out.contains("988"), "help lines shown: {out}");
    assert!(out.contains("type this code: "), "a code to lift it: {out}");
    // The help lines of the kind signalled, as the check showed them (QA s4 F4).
    let alone = &out[out.find("Help for you alone, privately").expect(&out)..];
    assert!(!alone.contains("Domestic Violence"), "{alone}");
    // Then the shared screen says what any break says (QA s3 F3: saying less told
    // that a check had happened); the hold stops the resume it names.
    assert!(out.contains("Come back when you are both ready"), "{out}");
    let profile = std::fs::read_to_string(data.path().join("profile.json")).unwrap();
    assert!(profile.contains("\"hold\""), "{profile}");
    assert!(!profile.contains("\"-\""), "a hold with a code: {profile}");
    // And the hold stops a resume, with the short message.
    let out = stdout_of(kintsugi_in(data.path()).args(["resume"]), "");
    assert!(out.contains("This isn't the right time"), "{out}");
}
