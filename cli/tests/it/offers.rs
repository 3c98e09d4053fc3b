//! Scenarios as complete as runs (issue 11, item 6): the safety plugin's offers (the
//! break after a distressed answer, the private check after words of danger) are
//! stepped through in one place, so `run`, `test` and `explore` all go through them,
//! and one answers file fits all three; a scenario can answer them and take an answer
//! back with `:back`.

use crate::common::*;
use std::path::Path;

/// A guide whose every path passes a distress offer (a scale at its threshold) and a
/// safety check (words of danger), then reaches an error on the distressed branch.
const OFFERS: &str = r#"guide(#{
    title: "Offers",
    roles: #{ first: "one partner", second: "the other partner" },
    start: "one",
});

step("one", || {
    let hard = scale(first, "How hard is this, from 0 to 10?", 0, 10, #{ distress: 8 });
    let words = ask(second, "What would you like to say?", #{ examples: ["He hit me again."] });
    if hard >= 8 {
        next("missing")
    }
    finish("Done.")
});
"#;

fn guide_folder() -> tempfile::TempDir {
    folder(&[("offers.rhai", OFFERS)])
}

/// The answers file `explore` prints for its first error.
fn explored_answers(dir: &Path) -> (String, String) {
    let (out, said) = run_with(
        kintsugi_from(dir).args(["explore", "offers.rhai", "--names", "first=Alex,second=Sam"]),
        "",
    );
    assert_eq!(out.status.code(), Some(1), "an error is found: {said}");
    let answers = said
        .split("<<'ANSWERS'\n")
        .nth(1)
        .and_then(|rest| rest.split("ANSWERS\n").next())
        .unwrap_or_else(|| panic!("no answers file: {said}"))
        .to_string();
    (answers, said)
}

/// `test` and `explore` never went through the offers `run` shows, so an answers file
/// fitted one and not the other. Now the answers file `explore` writes for an error
/// holds the offers' answers; piped to `run`, and as a scenario to `test`, the same
/// answers reach the same error.
#[test]
fn one_answers_file_fits_run_test_and_explore() {
    let dir = guide_folder();
    let (answers, report) = explored_answers(dir.path());
    // The path, offers included: the scale at the threshold, the break offered to Alex
    // (going on), Sam's words, and Sam asked in private whether they are safe, then
    // choosing to go on.
    assert_eq!(
        answers, "8\nGo on\nHe hit me again.\nyes\nI have seen where to get help; go on now\n",
        "{report}"
    );
    assert!(
        report.contains("Alex: What would you like to do? → Go on"),
        "{report}"
    );
    assert!(
        report.contains("Sam: Are you safe right now? → yes"),
        "{report}"
    );
    std::fs::write(dir.path().join("error-1.answers"), &answers).unwrap();

    // Piped to `run`, with the command `explore` gives.
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let (_, ran) = run_with(
        kintsugi_in(data.path()).current_dir(dir.path()).args([
            "run",
            "offers.rhai",
            "--names",
            "first=Alex,second=Sam",
            "--seed",
            "0",
            "--no-save",
            "--answers",
            "error-1.answers",
        ]),
        "",
    );
    assert!(ran.contains("a break of at least 20 minutes"), "{ran}");
    assert!(ran.contains("Are you safe right now?"), "{ran}");
    assert!(ran.contains("next(\"missing\")"), "the same error: {ran}");
    assert!(!ran.contains("Pick one"), "every answer fitted: {ran}");

    // The same answers as a scenario, each marked with who gives it.
    let who = ["first", "first", "second", "second", "second"];
    let lines: Vec<String> = answers
        .lines()
        .zip(who)
        .map(|(answer, by)| format!("{by}: {answer}"))
        .collect();
    let scenario = format!(
        "guide: offers.rhai\nnames: first=Alex, second=Sam\n---\n{}\n",
        lines.join("\n")
    );
    std::fs::write(dir.path().join("path.scenario"), scenario).unwrap();
    let (out, tested) = run_with(
        kintsugi_from(dir.path()).args(["test", "path.scenario"]),
        "",
    );
    assert_eq!(out.status.code(), Some(1), "{tested}");
    assert!(
        tested.contains("next(\"missing\")"),
        "the same error: {tested}"
    );
    assert!(!tested.contains("does not answer"), "{tested}");
    assert!(!tested.contains("is marked"), "{tested}");
}

/// A scenario answers the offers as `run` asks them: taking the break ends the sitting
/// there, and an answer after it is refused with its line.
#[test]
fn a_scenario_can_take_the_break_it_is_offered() {
    let dir = guide_folder();
    let scenario = "guide: offers.rhai\nnames: first=Alex, second=Sam\n---\nfirst: 9\nfirst: 1\n";
    std::fs::write(dir.path().join("break.scenario"), scenario).unwrap();
    let (out, tested) = run_with(
        kintsugi_from(dir.path()).args(["test", "break.scenario", "--accept"]),
        "",
    );
    assert!(out.status.success(), "{tested}");
    assert!(tested.contains("stops before the end"), "{tested}");

    let after = format!("{scenario}second: I hear you.\n");
    std::fs::write(dir.path().join("after.scenario"), after).unwrap();
    let (out, tested) = run_with(
        kintsugi_from(dir.path()).args(["test", "after.scenario"]),
        "",
    );
    assert_eq!(out.status.code(), Some(1), "{tested}");
    assert!(
        tested.contains("line 6") || tested.contains(":6:"),
        "{tested}"
    );
    assert!(tested.contains("a break was taken"), "{tested}");

    // A disclosure at the safety check (not safe, then the short message) ends it too.
    let disclosed = "guide: offers.rhai\nnames: first=Alex, second=Sam\n---\nfirst: 3\nsecond: He hit me again.\nsecond: no\nsecond: 1\nfirst: 4\n";
    std::fs::write(dir.path().join("disclosed.scenario"), disclosed).unwrap();
    let (out, tested) = run_with(
        kintsugi_from(dir.path()).args(["test", "disclosed.scenario"]),
        "",
    );
    assert_eq!(out.status.code(), Some(1), "{tested}");
    assert!(tested.contains("disclosed.scenario:8:1"), "{tested}");
    assert!(
        tested.contains("a disclosure stopped the guide"),
        "{tested}"
    );
}

/// A scenario could not contain `:back`. Now it takes back the last answer, as at the
/// keyboard: the transcript is that of the answers kept.
#[test]
fn a_scenario_can_take_an_answer_back() {
    let dir = guide_folder();
    let header = "guide: offers.rhai\nnames: first=Alex, second=Sam\n---\n";
    let direct = format!("{header}first: 3\nsecond: I hear you.\n");
    let with_back =
        format!("{header}first: 5\n:back\nfirst: 3\nsecond: :back\nsecond: I hear you.\n");
    // `second: :back` takes back Alex's 3 (Sam types it at Sam's turn), so Alex answers
    // again: written out, the kept answers are the same as `direct`.
    let with_back = with_back.replace(
        "second: :back\nsecond: I hear you.\n",
        "second: :back\nfirst: 3\nsecond: I hear you.\n",
    );
    std::fs::write(dir.path().join("direct.scenario"), &direct).unwrap();
    std::fs::write(dir.path().join("back.scenario"), &with_back).unwrap();
    for name in ["direct", "back"] {
        let (out, tested) = run_with(
            kintsugi_from(dir.path()).args(["test", &format!("{name}.scenario"), "--accept"]),
            "",
        );
        assert!(out.status.success(), "{name}: {tested}");
    }
    let direct = std::fs::read_to_string(dir.path().join("direct.transcript.md")).unwrap();
    let back = std::fs::read_to_string(dir.path().join("back.transcript.md")).unwrap();
    assert!(direct.contains("Done."), "{direct}");
    assert_eq!(back, direct);

    // `:back` before any answer is refused.
    std::fs::write(
        dir.path().join("early.scenario"),
        format!("{header}:back\n"),
    )
    .unwrap();
    let (out, tested) = run_with(
        kintsugi_from(dir.path()).args(["test", "early.scenario"]),
        "",
    );
    assert_eq!(out.status.code(), Some(1), "{tested}");
    assert!(tested.contains("no answer to take back"), "{tested}");
}

/// A `:back` line marked with the partner who gave the last answer, at the other
/// partner's turn, was refused ("this answer is marked `first`, but the guide asks
/// `second`"). A `:back` takes no answer: any partner's mark will do.
#[test]
fn a_back_line_takes_either_partners_mark() {
    let dir = guide_folder();
    let header = "guide: offers.rhai\nnames: first=Alex, second=Sam\n---\n";
    for mark in ["first: ", "second: ", "both: ", ""] {
        std::fs::write(
            dir.path().join("back.scenario"),
            format!("{header}first: 5\n{mark}:back\nfirst: 3\nsecond: I hear you.\n"),
        )
        .unwrap();
        let (out, tested) = run_with(
            kintsugi_from(dir.path()).args(["test", "back.scenario", "--accept"]),
            "",
        );
        assert!(out.status.success(), "{mark}: {tested}");
        assert!(!tested.contains("is marked"), "{mark}: {tested}");
        let transcript = std::fs::read_to_string(dir.path().join("back.transcript.md")).unwrap();
        assert!(transcript.contains("**Alex:** 3"), "{transcript}");
        assert!(!transcript.contains("**Alex:** 5"), "{transcript}");
    }
}

/// `test` transcripts ended "waiting for Sam to answer" whether the sitting went on,
/// stopped for the break it was offered, or ended after a disclosure (short message or
/// cover), so a change in these flows never showed as a difference. Now each records
/// how the sitting ended, in what the shared screen showed; a disclosure takes back the
/// answer that led to the check, as `run` does, and nothing of the private check is in
/// the transcript.
#[test]
fn a_scenarios_transcript_records_a_break_or_a_disclosure() {
    let dir = guide_folder();
    let header = "guide: offers.rhai\nnames: first=Alex, second=Sam\n---\n";
    let ways = [
        ("break", "first: 9\nfirst: 1\n", "at a break"),
        (
            "message",
            "first: 3\nsecond: He hit me again.\nsecond: no\nsecond: 1\n",
            "where the conversation was ended",
        ),
        (
            "cover",
            "first: 3\nsecond: He hit me again.\nsecond: no\nsecond: 2\n",
            "where the conversation was ended",
        ),
        (
            "on",
            "first: 3\nsecond: He hit me again.\nsecond: yes\nsecond: 2\n",
            "",
        ),
    ];
    let mut transcripts = Vec::new();
    for (name, answers, stop) in ways {
        std::fs::write(
            dir.path().join(format!("{name}.scenario")),
            format!("{header}{answers}"),
        )
        .unwrap();
        let (out, tested) = run_with(
            kintsugi_from(dir.path()).args(["test", &format!("{name}.scenario"), "--accept"]),
            "",
        );
        assert!(out.status.success(), "{name}: {tested}");
        if stop.is_empty() {
            assert!(!tested.contains("stops before the end"), "{name}: {tested}");
        } else {
            assert!(
                tested.contains(&format!("(stops before the end, {stop})")),
                "{name}: {tested}"
            );
        }
        let transcript =
            std::fs::read_to_string(dir.path().join(format!("{name}.transcript.md"))).unwrap();
        assert!(!transcript.contains("waiting for"), "{name}: {transcript}");
        assert!(!transcript.contains("Are you safe"), "{name}: {transcript}");
        transcripts.push(transcript);
    }
    let [on_break, message, cover, on] = &transcripts[..] else {
        unreachable!()
    };
    assert!(
        on_break.contains("**Alex:** 9\n\n**Asked of Sam** (free text): What would you like to say?  \n*(A break of 20 minutes starts here, and the sitting stops; after it, the session waits for Sam to answer.)*"),
        "{on_break}"
    );
    for ended in [message, cover] {
        // The answer that led to the check is taken back: the question waits unanswered.
        assert!(!ended.contains("He hit me again."), "{ended}");
        assert!(
            ended.contains("What would you like to say?  \n*(The conversation ends here"),
            "{ended}"
        );
    }
    assert!(
        message.contains("*(The conversation ends here. The shared screen says: \"This isn't the right time for this guide. You can choose something lighter, or stop here.\")*"),
        "{message}"
    );
    assert!(
        cover.contains("*(The conversation ends here, for something lighter: the light guide starts, as when it is chosen at :pause.)*"),
        "{cover}"
    );
    assert!(on.contains("**Sam:** He hit me again."), "{on}");
    assert!(on.contains("Done."), "{on}");
}

/// A guide whose paths meet both offers at several answers, and an error, a step that
/// cannot finish and a loop past the distress offer.
const BRANCHES: &str = r#"guide(#{
    title: "Offers on every path",
    roles: #{ first: "one partner", second: "the other partner" },
    start: "one",
});

step("one", || {
    let hard = scale(first, "How hard is this, from 0 to 10?", 0, 10, #{ distress: 8 });
    let words = ask(second, "What would you like to say?", #{ examples: ["He hit me again.", "I want to die.", "Fine."] });
    if hard == 10 {
        next("missing")
    }
    if hard == 9 {
        next("round")
    }
    finish("Done.")
});

step("round", || {
    let again = confirm(first, "Again?");
    next("round")
});
"#;

/// `explore` followed the guide's answers alone: where Kintsugi offers a break or asks
/// whether a partner is safe, it neither branched nor said so, and only an error's
/// answers went through the offers. Now it branches on every answer each offer allows,
/// reports each offer with how each way through it ends, and every path it reports
/// (errors, steps that cannot finish, loops, and each way through an offer) is an
/// answers list that passes as a scenario.
#[test]
fn every_path_explore_reports_passes_as_a_scenario_offers_included() {
    let dir = folder(&[("branches.rhai", BRANCHES)]);
    let (out, json) = run_with(
        kintsugi_from(dir.path()).args([
            "explore",
            "branches.rhai",
            "--names",
            "first=Alex,second=Sam",
            "--format",
            "json",
        ]),
        "",
    );
    assert_eq!(out.status.code(), Some(1), "problems are found: {json}");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();

    // The offers, where they occur, with every way through them.
    let offers = doc["offers"].as_array().unwrap();
    let ends = |o: &serde_json::Value| -> Vec<String> {
        o["ways"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["end"].as_str().unwrap().to_string())
            .collect()
    };
    let brk = offers
        .iter()
        .find(|o| o["offers"][0] == "a break")
        .expect("the break is reported");
    assert_eq!(brk["line"], 8);
    assert_eq!(brk["values"], serde_json::json!([8, 9, 10]));
    assert_eq!(ends(brk), ["break", "go_on"]);
    let checks: Vec<&serde_json::Value> = offers
        .iter()
        .filter(|o| o["offers"][0] == "the private safety check")
        .collect();
    // After words of danger as after thoughts of self-harm, "safe" leads to a choice
    // to stop (then a cover or not) or go on: the same ways, so one offer for both.
    assert_eq!(checks.len(), 1, "danger, and thoughts of self-harm: {json}");
    assert_eq!(
        checks[0]["values"],
        serde_json::json!(["He hit me again.", "I want to die."])
    );
    assert_eq!(
        ends(checks[0]),
        ["hold", "lighter", "go_on", "hold", "lighter"]
    );

    // Every answers list in the report, as a scenario.
    let mut lists: Vec<(String, &serde_json::Value)> = Vec::new();
    for key in ["errors", "stuck", "loops"] {
        for (i, item) in doc[key].as_array().unwrap().iter().enumerate() {
            lists.push((format!("{key}-{i}"), &item["answers"]));
        }
    }
    for (i, o) in offers.iter().enumerate() {
        for (j, way) in o["ways"].as_array().unwrap().iter().enumerate() {
            lists.push((format!("offer-{i}-{j}"), &way["answers"]));
        }
    }
    assert!(lists.len() >= 10, "{}", lists.len());
    for (name, answers) in lists {
        let lines: Vec<String> = answers
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                let by = a["to"]["role"].as_str().unwrap_or("both");
                format!("{by}: {}", a["line"].as_str().unwrap())
            })
            .collect();
        let scenario = format!(
            "guide: branches.rhai\nnames: first=Alex, second=Sam\n---\n{}\n",
            lines.join("\n")
        );
        let file = format!("{name}.scenario");
        std::fs::write(dir.path().join(&file), &scenario).unwrap();
        let (out, tested) = run_with(
            kintsugi_from(dir.path()).args(["test", &file, "--accept"]),
            "",
        );
        let errors = name.starts_with("errors");
        assert_eq!(
            out.status.success(),
            !errors,
            "{name} (only an error's path fails, with its error):\n{scenario}\n{tested}"
        );
        for refused in [
            "does not answer",
            "is marked",
            "ended before",
            "does not ask",
        ] {
            assert!(!tested.contains(refused), "{name}:\n{scenario}\n{tested}");
        }
    }

    // The text report names each offer with its line and how each way ends.
    let (_, text) = run_with(
        kintsugi_from(dir.path()).args([
            "explore",
            "branches.rhai",
            "--names",
            "first=Alex,second=Sam",
        ]),
        "",
    );
    assert!(
        text.contains("branches.rhai:8: Alex's answer \"8\", \"9\" or \"10\" to \"How hard is this, from 0 to 10?\" (step \"one\") leads to a break"),
        "{text}"
    );
    assert!(
        text.contains("Take a break now (everything is saved); a break of 20 minutes: the sitting stops, saved"),
        "{text}"
    );
    assert!(text.contains("leads to the private safety check"), "{text}");
}
