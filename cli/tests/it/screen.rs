//! The couple's screen: what a couple meets at the edges (a bare command, the region
//! question, `:help`, lists of sessions) reads naturally.

use crate::common::*;

#[test]
fn bare_kintsugi_says_where_to_start() {
    let out = kintsugi().output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("kintsugi run"), "{text}");
    assert!(text.contains("kintsugi resume"), "{text}");
}

#[test]
fn bare_forget_lists_the_sessions_with_dates_and_says_how() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let empty = stdout_of(kintsugi_in(data.path()).args(["forget"]), "");
    assert!(empty.contains("There are no saved sessions."), "{empty}");
    stdout_of(
        kintsugi_in(data.path())
            .env("KINTSUGI_NOW", "2026-12-07T20:15:00Z")
            .env("TZ", "UTC")
            .args(["run", "guides/break.rhai"]),
        "Alex\nSam\n",
    );
    let out = stdout_of(
        kintsugi_in(data.path()).env("TZ", "UTC").args(["forget"]),
        "",
    );
    let id = only_session(data.path());
    assert!(out.contains(&id), "{out}");
    assert!(out.contains("Monday 7 December 2026, 20:15"), "{out}");
    assert!(
        out.contains("`kintsugi forget SESSION` deletes one"),
        "{out}"
    );
    assert_eq!(only_session(data.path()), id, "nothing is deleted");
}

#[test]
fn the_region_question_takes_a_region_code() {
    let data = tempfile::tempdir().unwrap();
    stdout_of(
        kintsugi_in(data.path()).args(["run", "check-in"]),
        "Alex\nSam\nuk\n",
    );
    let profile = std::fs::read_to_string(data.path().join("profile.json")).unwrap();
    assert!(profile.contains(r#""region": "UK""#), "{profile}");
}

#[test]
fn help_shows_author_commands_in_author_runs_only() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let couple = stdout_of(
        kintsugi_in(data.path()).args(["run", "guides/break.rhai", "--no-save"]),
        "Alex\nSam\n:help\n",
    );
    assert!(couple.contains(":pause"), "{couple}");
    assert!(!couple.contains(":goto"), "{couple}");
    let author = stdout_of(
        kintsugi_in(data.path()).args([
            "run",
            "guides/break.rhai",
            "--author",
            "--names",
            "first=Alex,second=Sam",
        ]),
        ":help\n",
    );
    assert!(author.contains(":goto STEP"), "{author}");
}

#[test]
fn the_list_of_unfinished_sessions_reads_naturally() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    for answers in ["Alex\nSam\n", "Alex\nSam\n3\n"] {
        stdout_of(
            kintsugi_in(data.path())
                .env("TZ", "UTC")
                .args(["run", "guides/private.rhai"]),
            answers,
        );
    }
    let list = stdout_of(
        kintsugi_in(data.path()).env("TZ", "UTC").args(["resume"]),
        "",
    );
    assert!(list.contains(", 1 answer, last saved "), "{list}");
    assert!(list.contains(", 0 answers, last saved "), "{list}");
    let timestamp = regex::Regex::new(r"\d{4}-\d{2}-\d{2}T\d{2}").unwrap();
    assert!(!timestamp.is_match(&list), "no raw timestamps: {list}");
}
