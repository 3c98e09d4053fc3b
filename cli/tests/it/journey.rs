//! A couple's journey across sessions: the history, the agreements ledger, and guides
//! that read them, as a couple meets them over simulated weeks (`KINTSUGI_NOW`).

use crate::common::*;
use std::path::Path;

/// Runs `guide` for Alex and Sam at `now` (screened that day), with these answers piped in.
fn session(data: &Path, now: &str, guide: &str, names: &str, answers: &str) -> String {
    screened_at(data, now);
    stdout_of(
        at(data, now).args(["run", guide, "--names", names]),
        answers,
    )
}

/// The check-in of Alex and Sam at `now`, with these answers piped in.
fn check_in(data: &Path, now: &str, answers: &str) -> String {
    session(data, now, "check-in", "first=Alex,second=Sam", answers)
}

/// What a command prints, run at `now`.
fn shown(data: &Path, now: &str, args: &[&str]) -> String {
    let out = at(data, now).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// Observed: on the very first check-in, with trust low, the check-in asked whether
/// trust "has been this low for a few check-ins in a row": there was no row.
#[test]
fn a_first_check_in_speaks_of_no_trend() {
    let data = tempfile::tempdir().unwrap();
    // Ready, then trust 2 and closeness 5 from each: trust is low for both.
    let out = check_in(data.path(), "2026-12-01T19:00:00Z", "1\n2\n5\n2\n5\n");
    assert!(out.contains("Trust is very low today"), "{out}");
    assert!(!out.contains("in a row"), "{out}");
}

/// Observed: the check-in asked "How did the agreements from your last check-in go?"
/// without showing them. A second check-in shows the agreements it asks about.
#[test]
fn the_check_in_shows_the_agreements_it_asks_about() {
    let data = tempfile::tempdir().unwrap();
    let first = check_in(
        data.path(),
        "2026-12-01T19:00:00Z",
        "1\n7\n6\n6\n6\nA\nB\nC\nD\nE\nF\nOne evening without phones.\n1\n",
    );
    assert!(first.contains("The end"), "{first}");
    let second = check_in(data.path(), "2026-12-08T19:00:00Z", "1\n7\n6\n6\n6\n");
    let asked = second.find("How did").unwrap_or_else(|| panic!("{second}"));
    assert!(
        second[..asked].contains("One evening without phones."),
        "the agreement is shown before it is asked about: {second}"
    );
}

/// The answers to the rest of a check-in after its reviews: what helped, what was hard,
/// the appreciations, the agreement, and when the next one is (1: in a week).
fn rest(plan: &str, when: u8) -> String {
    format!("H1\nH2\nD1\nD2\nA1\nA2\n{plan}\n{when}\n")
}

/// Alex and Sam over four weeks: check-ins with different ratings, an acknowledgment
/// between two of them, agreements reviewed, a check-in left unfinished. `history` and
/// `agreements` say it all in plain words, and each check-in reads what came before.
#[test]
fn a_couple_over_several_weeks() {
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    // Week 1: Alex's trust is low (3), a first check-in: no trend, nothing to review.
    let one = check_in(
        data,
        "2026-12-01T19:00:00Z",
        &format!("1\n3\n5\n6\n6\n{}", rest("Phones away after dinner.", 1)),
    );
    assert!(one.contains("This is your first check-in."), "{one}");
    assert!(
        !one.contains("in a row") && !one.contains("has risen"),
        "{one}"
    );
    // Two days later, the acknowledgment: Alex commits to one thing of his own.
    let acknowledged = session(
        data,
        "2026-12-03T20:00:00Z",
        "acknowledge-hurt",
        "hurt=Sam,repairing=Alex",
        "Yes, let's begin\nyes\nYou said you were at the gym.\nStupid.\nBetrayed\n5\n\
         I heard that I lied about the gym and that you feel stupid.\nYes\n\
         I lied to you about where I was.\nThat you cannot trust what I say.\n\
         I am sorry I lied to you.\nIt is a start\n\
         I will text you when I am running late.\nIn about a week\n",
    );
    assert!(
        acknowledged.contains("Agreed (Alex): I will text you when I am running late."),
        "{acknowledged}"
    );
    // Week 2: the four open agreements are shown, then reviewed one by one.
    let two = check_in(
        data,
        "2026-12-08T19:00:00Z",
        &format!(
            "1\n4\n5\n6\n6\n2\n1\n1\n1\nWe forgot on Thursday.\n{}",
            rest("Ask before assuming.", 1)
        ),
    );
    let shown_at = two.find("Here is what you agreed on before:").expect(&two);
    let asked_at = two.find("How did this one go?").expect(&two);
    assert!(shown_at < asked_at, "{two}");
    for agreement in [
        "Before the next check-in: Phones away after dinner. (agreed on 1 December 2026)",
        "I will text you when I am running late. (agreed on 3 December 2026)",
    ] {
        assert!(two[shown_at..asked_at].contains(agreement), "{two}");
    }
    assert!(two.contains("What got in the way"), "{two}");
    assert!(
        !two.contains("has risen"),
        "two numbers are no trend: {two}"
    );
    // Week 3: Alex's trust rose at each check-in (3, 4, now 6): the check-in says so.
    let three = check_in(
        data,
        "2026-12-15T19:00:00Z",
        &format!("1\n6\n6\n7\n7\n1\n1\n{}", rest("A walk on Sunday.", 2)),
    );
    assert!(
        three.contains("Alex's trust has risen at each of your last three check-ins: 3, 4, now 6."),
        "{three}"
    );
    assert!(!three.contains("Sam's trust has"), "{three}");
    assert!(!three.contains("What got in the way"), "all kept: {three}");
    // Week 5: a check-in stopped after the first number.
    check_in(data, "2026-12-29T19:00:00Z", "1\n6\n");

    let now = "2026-12-30T09:00:00Z";
    let history = shown(data, now, &["history"]);
    insta::assert_snapshot!(history);
    let agreements = shown(data, now, &["agreements"]);
    insta::assert_snapshot!(agreements);
    assert!(
        !history.contains("trust"),
        "history shows no numbers: {history}"
    );
    // The trust chart: the revealed ratings of the three finished check-ins (the fourth
    // stopped before its reveal), per partner, in the terminal and as SVG.
    let chart = shown(data, now, &["history", "--chart"]);
    assert!(
        chart.contains("Alex: trust rose from 3 to 6 over three check-ins."),
        "{chart}"
    );
    assert!(
        chart.contains("Sam: trust rose from 6 to 7 over three check-ins."),
        "{chart}"
    );
    let file = data.join("trust.svg");
    let said = shown(
        data,
        now,
        &[
            "history",
            "--chart",
            "--format",
            "svg",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert!(said.contains("The chart is in"), "{said}");
    let svg = std::fs::read_to_string(&file).unwrap();
    assert_eq!(svg.matches("<circle").count(), 6, "{svg}");
    assert!(svg.contains("Alex") && svg.contains("Sam"), "{svg}");
    // One couple's, by a partner's name; `transcript` alone offers the latest session.
    assert_eq!(shown(data, now, &["history", "--couple", "sam"]), history);
    let offered = shown(data, now, &["transcript"]);
    assert!(
        offered.contains("The latest session is 2026-12-29-19-00-00-check-in (check-in with Alex and Sam, Tuesday 29 December 2026)."),
        "{offered}"
    );
    assert!(
        offered.contains("kintsugi transcript 2026-12-29-19-00-00-check-in"),
        "{offered}"
    );
}

/// Two couples keep their sessions in one data folder (a counselor's computer): each
/// has its own history and agreements, and a guide reads only its own couple's.
#[test]
fn two_couples_share_a_data_folder() {
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    check_in(
        data,
        "2026-12-01T19:00:00Z",
        &format!("1\n7\n6\n6\n6\n{}", rest("Phones away after dinner.", 1)),
    );
    let theirs = session(
        data,
        "2026-12-02T19:00:00Z",
        "check-in",
        "first=Noor,second=Tom",
        &format!("1\n7\n6\n6\n6\n{}", rest("Cook together on Friday.", 1)),
    );
    assert!(theirs.contains("This is your first check-in."), "{theirs}");
    assert!(!theirs.contains("Phones away"), "{theirs}");
    let now = "2026-12-03T19:00:00Z";
    let all = shown(data, now, &["agreements"]);
    assert!(all.contains("Alex and Sam: 2 agreements."), "{all}");
    assert!(all.contains("Noor and Tom: 2 agreements."), "{all}");
    let noor = shown(data, now, &["agreements", "--couple", "Noor"]);
    assert!(
        noor.contains("Cook together on Friday.") && !noor.contains("Phones away"),
        "{noor}"
    );
    let history = shown(data, now, &["history", "--couple", "alex+sam"]);
    assert!(
        history.starts_with("Alex and Sam: 1 session, newest first."),
        "{history}"
    );
    assert!(!history.contains("Noor"), "{history}");
    // Forgetting a session forgets its agreements: the ledger is read from journals.
    shown(
        data,
        now,
        &["forget", &session_id(data, "2026-12-02"), "--yes"],
    );
    let left = shown(data, now, &["agreements"]);
    assert!(
        !left.contains("Noor") && left.contains("Alex and Sam"),
        "{left}"
    );
    let nobody = shown(data, now, &["history", "--couple", "Robin"]);
    assert!(
        nobody.contains("No sessions of \"Robin\" are kept here."),
        "{nobody}"
    );
}

/// The one session of `guide` started at `now` in `data`.
fn session_id(data: &Path, stamp: &str) -> String {
    std::fs::read_dir(data.join("sessions"))
        .unwrap()
        .filter_map(|e| e.ok()?.path().file_stem()?.to_str().map(str::to_string))
        .find(|id| id.starts_with(stamp))
        .unwrap_or_else(|| panic!("no session started at {stamp}"))
}

/// A session that read the history is replayed with the history it started with: its
/// transcript, a resume and an undo go as the live run went after the history changed.
#[test]
fn resume_and_undo_read_the_history_the_session_started_with() {
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    check_in(
        data,
        "2026-12-01T19:00:00Z",
        &format!("1\n7\n6\n6\n6\n{}", rest("Phones away after dinner.", 1)),
    );
    // Week 2 shows and reviews the two agreements, then stops at "what helped".
    let live = check_in(data, "2026-12-08T19:00:00Z", "1\n7\n6\n6\n6\n1\n1\nH1\n");
    assert!(live.contains("Phones away after dinner."), "{live}");
    let id = session_id(data, "2026-12-08");
    let now = "2026-12-09T19:00:00Z";
    let before = shown(data, now, &["transcript", &id]);
    // The history changes: another check-in, which makes a new agreement. (Week 2
    // reviewed the earlier ones, so they are no longer open.)
    let other = check_in(
        data,
        now,
        &format!("1\n7\n6\n6\n6\n{}", rest("A new one.", 1)),
    );
    assert!(other.contains("no open agreements"), "{other}");
    let after = shown(data, now, &["transcript", &id]);
    assert_eq!(before, after);
    // Resumed, with the last answer taken back and given again: the same session.
    screened_at(data, now);
    let resumed = stdout_of(at(data, now).args(["resume", &id]), ":back\nH1 again\n");
    assert!(resumed.contains("Resuming"), "{resumed}");
    let undone = shown(data, now, &["transcript", &id]);
    assert_eq!(undone, before.replace("H1", "H1 again"));
    assert!(!undone.contains("A new one."), "{undone}");
}

/// Nothing private reaches the history or the ledger unless it was revealed: not the
/// screen's `history` and `agreements`, not the history the next session is given.
#[test]
fn nothing_private_goes_into_the_history_unless_revealed() {
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    let guide = data.join("private.rhai");
    std::fs::write(
        &guide,
        r#"guide(#{ title: "Private and revealed", roles: #{ first: "one", second: "other" }, start: "s" });
step("s", || {
    let kept = ask(privately(each), "Something only you know?");
    let number = scale(privately(each), "A number?", 0, 10);
    reveal("number", number);
    agree("We talk on Sunday.");
    finish("Done.");
});
"#,
    )
    .unwrap();
    let guide = guide.to_str().unwrap();
    let answers = "FIRST SECRET\nSECOND SECRET\n4\n8\n";
    let out = session(
        data,
        "2026-12-01T19:00:00Z",
        guide,
        "first=Alex,second=Sam",
        answers,
    );
    assert!(out.contains("Done."), "{out}");
    let next = check_in(data, "2026-12-08T19:00:00Z", "1\n7\n6\n6\n6\n");
    assert!(next.contains("We talk on Sunday."), "{next}");
    let now = "2026-12-09T19:00:00Z";
    let history = shown(data, now, &["history"]);
    let agreements = shown(data, now, &["agreements"]);
    let given = std::fs::read_to_string(
        data.join(format!("sessions/{}.jsonl", session_id(data, "2026-12-08"))),
    )
    .unwrap();
    let record = given.lines().nth(1).unwrap();
    assert!(record.starts_with(r#"{"record":"history""#), "{record}");
    for text in [&history, &agreements, &record.to_string()] {
        assert!(!text.contains("SECRET"), "{text}");
    }
    assert!(agreements.contains("We talk on Sunday."), "{agreements}");
    // What was revealed is there for guides to read.
    assert!(
        record.contains(r#""label":"number","by":"Sam","value":8"#),
        "{record}"
    );
}
