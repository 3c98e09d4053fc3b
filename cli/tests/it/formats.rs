//! Journals across releases and places: those written by earlier releases still show
//! their transcripts and resume; a session keeps its guide's modules, so it resumes from
//! any folder with the module files gone; answers set aside by a reload are listed.

use crate::common::*;
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    here().join("fixtures/journals")
}

/// A screened data folder holding a copy of the fixture journal `id`.
fn with_fixture(id: &str) -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let mut folder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut folder, 0o700);
    folder.create(data.path().join("sessions")).unwrap();
    std::fs::copy(
        fixtures().join(format!("{id}.jsonl")),
        data.path().join(format!("sessions/{id}.jsonl")),
    )
    .unwrap();
    data
}

const FORMAT_1: [&str; 4] = [
    "v1-check-in-unfinished",
    "v1-private-finished",
    "v1-letter-unfinished",
    "v1-edited-set-aside",
];

/// Format 2 (before the couple's history was kept), written at 17cba3d.
const FORMAT_2: [&str; 2] = ["v2-check-in-finished", "v2-check-in-unfinished"];

/// Format 3 (before a record said that the offers after an answer were walked), written
/// at a7261c5.
const FORMAT_3: [&str; 2] = ["v3-check-in-finished", "v3-check-in-unfinished"];

/// Today's binary shows every format-1, format-2 and format-3 journal's transcript as the release
/// that wrote it did, plus the answers it set aside, which format 1 left out.
#[test]
fn journals_written_by_earlier_releases_show_the_same_transcripts() {
    for id in FORMAT_1.into_iter().chain(FORMAT_2).chain(FORMAT_3) {
        let data = with_fixture(id);
        let (out, md) = run_with(kintsugi_in(data.path()).args(["transcript", id]), "");
        assert!(out.status.success(), "{id}: {md}");
        let then = std::fs::read_to_string(fixtures().join(format!("{id}.transcript.md"))).unwrap();
        let (before, aside) = md.split_once("## Set aside").unwrap_or((&md, ""));
        assert_eq!(before.trim_end(), then.trim_end(), "{id}");

        let (out, json) = run_with(
            kintsugi_in(data.path()).args(["transcript", id, "--format", "json"]),
            "",
        );
        assert!(out.status.success(), "{id}: {json}");
        let mut now: serde_json::Value = serde_json::from_str(&json).unwrap();
        let set_aside = now.as_object_mut().unwrap().remove("set_aside");
        let then: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(fixtures().join(format!("{id}.transcript.json"))).unwrap(),
        )
        .unwrap();
        assert_eq!(now, then, "{id}");

        // The reload of the edited guide set aside two answers, now listed (their
        // questions were not kept in format 1, so neither is shown to the partners).
        let listed = set_aside.map_or(0, |s| s.as_array().unwrap().len());
        let expected = if id == "v1-edited-set-aside" { 2 } else { 0 };
        assert_eq!(listed, expected, "{id}: {json}");
        assert_eq!(
            aside.matches("- set aside:").count(),
            expected,
            "{id}: {md}"
        );
        assert!(!md.contains("My private words"), "{id}: {md}");
    }
}

/// Every unfinished format-1 journal resumes where it stopped and runs to the end; the
/// journal, now holding records of today's format after format-1 ones, reads whole.
#[test]
fn journals_written_by_earlier_releases_resume() {
    for (id, answers, says) in [
        (
            "v1-check-in-unfinished",
            "2\n",
            "How did the agreements from your last check-in go?",
        ),
        // Format 1 kept no modules: they are read from the guide's folder, as then
        // (`guides/imports/` beside the tests, where the binary runs).
        (
            "v1-letter-unfinished",
            "yes\nBye now\n",
            "Farewell, from the module.",
        ),
        ("v1-edited-set-aside", "yes\n", "Done."),
        // A format-2 check-in resumes with its own text (it asked about a trend then),
        // and with no history: it was given none.
        (
            "v2-check-in-unfinished",
            "5\n6\n",
            "Alex, has your trust been this low for a few check-ins in a row now?",
        ),
        // A format-3 check-in begun after a finished one: it reviews that one's agreement.
        (
            "v3-check-in-unfinished",
            "It was a calm week\nI am still unsure\n1\n",
            "How did this one go? \"Before the next check-in: You made me tea when I was tired\"",
        ),
    ] {
        let data = with_fixture(id);
        let resumed = stdout_of(kintsugi_in(data.path()).args(["resume", id]), answers);
        assert!(resumed.contains("Resuming"), "{id}: {resumed}");
        assert!(!resumed.contains("error"), "{id}: {resumed}");
        assert!(resumed.contains(says), "{id}: {resumed}");
        if !id.contains("check-in") {
            assert!(resumed.contains("The end"), "{id}: {resumed}");
        }
        let (out, said) = run_with(kintsugi_in(data.path()).args(["transcript", id]), "");
        assert!(out.status.success(), "{id}: {said}");
        assert!(!said.contains("warning"), "{id}: {said}");
        let journal =
            std::fs::read_to_string(data.path().join(format!("sessions/{id}.jsonl"))).unwrap();
        let fixture = std::fs::read_to_string(fixtures().join(format!("{id}.jsonl"))).unwrap();
        assert!(
            journal.starts_with(&fixture),
            "{id}: appended, never rewritten"
        );
        assert!(
            journal.len() > fixture.len(),
            "{id}: the new answers are kept"
        );
    }
}

/// A guide run by a bare file name that imports a module could not be resumed from
/// another folder ("module "texts" not found"): the imports were looked up from where
/// `resume` ran. Now the session keeps the module, and resumes with no file beside it.
#[test]
fn a_guide_that_imports_resumes_from_any_folder_with_its_files_gone() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let folder = tempfile::tempdir().unwrap();
    for file in ["letter.rhai", "texts.rhai"] {
        std::fs::copy(
            here().join("guides/imports").join(file),
            folder.path().join(file),
        )
        .unwrap();
    }
    let ran = stdout_of(
        kintsugi_in(data.path()).current_dir(folder.path()).args([
            "run",
            "letter.rhai",
            "--seed",
            "11",
            "--names",
            "a=Noor,b=Tom",
        ]),
        "Dear Tom\n7\n",
    );
    assert!(
        ran.contains("This is the opening line, from the module."),
        "{ran}"
    );
    assert!(ran.contains("(draw 445)"), "{ran}");
    let id = only_session(data.path());
    drop(folder);

    let elsewhere = tempfile::tempdir().unwrap();
    let resumed = stdout_of(
        kintsugi_in(data.path())
            .current_dir(elsewhere.path())
            .args(["resume", &id]),
        "yes\nBye now\n",
    );
    assert!(!resumed.contains("not found"), "{resumed}");
    assert!(resumed.contains("Farewell, from the module."), "{resumed}");
    assert!(resumed.contains("The end"), "{resumed}");
    // The replay drew what the live run drew.
    let (out, said) = run_with(
        kintsugi_in(data.path())
            .current_dir(elsewhere.path())
            .args(["transcript", &id]),
        "",
    );
    assert!(out.status.success(), "{said}");
    assert!(said.contains("rated the day 7 (draw 445)"), "{said}");
}

/// In a couple's saved session `:goto` started again with nothing remembered (then the
/// guide failed on a missing value, and `history` said "stopped by an error") and
/// `:reload` re-read the guide, though both are for an author trying a guide, as
/// `:state` is. Now the three are refused the same way, and the session goes on.
#[test]
fn authors_commands_are_refused_in_a_couples_session_and_work_in_an_authors_run() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let guide = here().join("guides/private.rhai").display().to_string();
    let out = stdout_of(
        kintsugi_in(data.path()).args(["run", &guide, "--seed", "1"]),
        "Alex\nSam\nMy private words\n:goto one\n:reload\n:state\n4\nno\n",
    );
    assert_eq!(
        out.matches("That command is for authors trying a guide (kintsugi run GUIDE --author); it does not work here.")
            .count(),
        3,
        "{out}"
    );
    assert!(!out.contains("Starting again"), "{out}");
    assert!(!out.contains("Reloaded"), "{out}");
    assert!(!out.contains("My private words"), "{out}");
    assert!(out.contains("Done."), "{out}");
    let history = stdout_of(kintsugi_in(data.path()).arg("history"), "");
    assert!(history.contains("finished"), "{history}");
    assert!(!history.contains("error"), "{history}");
    let id = only_session(data.path());
    let (_, md) = run_with(kintsugi_in(data.path()).args(["transcript", &id]), "");
    assert!(md.contains("**Sam:** 4"), "{md}");
    assert!(!md.contains("Set aside"), "{md}");

    // In an author's run they work.
    let out = stdout_of(
        kintsugi_in(data.path()).args(["run", &guide, "--author", "--names", "a=Alex,b=Sam"]),
        "x\n:goto one\n:quit\n",
    );
    assert!(out.contains("Starting again from step \"one\""), "{out}");
}

/// A plain-text transcript (`--format text`, and `:transcript`) showed an option's key
/// ("Alex and Sam: later") where Markdown shows its words, and said "Alex and Sam was
/// asked". Now both show the words, and "were asked".
#[test]
fn a_text_transcript_shows_an_options_words() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("keys.rhai"),
        r#"guide(#{ title: "Keys", roles: #{ a: "one", b: "two" }, start: "one" });
step("one", || {
    let ready = choose(both, "Ready?", [["yes", "Yes, go on"], ["later", "Not yet"]]);
    choose(a, "Tea or coffee?", [["t", "Tea, please"], ["c", "Coffee"]]);
    finish("Done.")
});
"#,
    )
    .unwrap();
    let out = stdout_of(
        kintsugi_in(data.path()).current_dir(folder.path()).args([
            "run",
            "keys.rhai",
            "--names",
            "a=Alex,b=Sam",
        ]),
        "2\n:transcript\n1\n",
    );
    let live = out
        .split("Partners: ")
        .nth(1)
        .unwrap_or_else(|| panic!("no transcript: {out}"));
    assert!(live.contains("Alex and Sam were asked: Ready?"), "{out}");
    assert!(live.contains("  Alex and Sam: Not yet\n"), "{out}");
    let id = only_session(data.path());
    let (_, text) = run_with(
        kintsugi_in(data.path()).args(["transcript", &id, "--format", "text"]),
        "",
    );
    assert!(text.contains("Alex and Sam were asked: Ready?"), "{text}");
    assert!(text.contains("  Alex and Sam: Not yet\n"), "{text}");
    assert!(text.contains("Alex was asked: Tea or coffee?"), "{text}");
    assert!(text.contains("  Alex: Tea, please\n"), "{text}");
    assert!(!text.contains(": later"), "{text}");
    assert!(!text.contains("Alex: t\n"), "{text}");
}

/// A journal whose answers no longer fit its own guide text (here edited by hand) sets
/// them aside on resume, records that, and the transcript lists them.
#[test]
fn answers_that_no_longer_fit_on_resume_are_recorded_as_set_aside() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    stdout_of(
        kintsugi_in(data.path()).args(["run", "guides/private.rhai", "--seed", "1"]),
        "Alex\nSam\nI kept the letter.\n6\n",
    );
    let id = only_session(data.path());
    let path = data.path().join(format!("sessions/{id}.jsonl"));
    let journal = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        // Reworded, and now it may be passed: it takes other answers.
        journal.replacen(
            "\\\"Something only you know?\\\")",
            "\\\"Something else?\\\", #{ optional: true })",
            1,
        ),
    )
    .unwrap();
    let resumed = stdout_of(
        kintsugi_in(data.path()).args(["resume", &id]),
        "New words\n5\nno\n",
    );
    assert!(
        resumed.contains("2 saved answers no longer fit the guide"),
        "{resumed}"
    );
    assert!(resumed.contains("The end"), "{resumed}");
    let journal = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        journal.matches("\"record\":\"set_aside\"").count(),
        1,
        "{journal}"
    );
    let (out, md) = run_with(kintsugi_in(data.path()).args(["transcript", &id]), "");
    assert!(out.status.success(), "{md}");
    assert_eq!(
        md.matches("- set aside: an answer whose question is not known *(not shown)*")
            .count(),
        2,
        "{md}"
    );
    assert!(!md.contains("I kept the letter."), "{md}");
}
