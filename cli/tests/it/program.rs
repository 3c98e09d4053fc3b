//! A program over weeks, through the real binary: `kintsugi next` (and `kintsugi` alone)
//! at each point of a couple's simulated weeks (`KINTSUGI_NOW`), private readiness with
//! `kintsugi ready`, a counselor's program file and its mistakes, and a safety hold that
//! stops the program.

use crate::common::*;
use std::fmt::Write as _;
use std::path::Path;

/// Runs `guide` to its end at `now` with these names and answers.
fn finish(data: &Path, now: &str, guide: &str, names: &str, answers: &str) {
    screened_at(data, now);
    let out = stdout_of(
        at(data, now).args(["run", guide, "--names", names]),
        answers,
    );
    assert!(
        out.contains("── The end ──"),
        "{guide} at {now} did not finish: {out}"
    );
}

/// What a command prints at `now` (and that it succeeded).
fn shown(data: &Path, now: &str, args: &[&str], input: &str) -> String {
    let (out, said) = run_with(at(data, now).args(args), input);
    assert!(out.status.success(), "{args:?}: {said}");
    String::from_utf8(out.stdout).unwrap()
}

const ACKNOWLEDGE: &str = "Yes, let's begin\nyes\nYou said you were at the gym.\nStupid.\nBetrayed\n5\n\
    I heard that I lied about the gym and that you feel stupid.\nYes\n\
    I lied to you about where I was.\nThat you cannot trust what I say.\n\
    I am sorry I lied to you.\nIt is a start\n\
    I will text you when I am running late.\nIn about a week\n";

/// Sam (hurt) and Alex (repairing) finish acknowledge-hurt, the program's first guide,
/// at `now`.
fn acknowledged(data: &Path, now: &str) {
    finish(
        data,
        now,
        "acknowledge-hurt",
        "hurt=Sam,repairing=Alex",
        ACKNOWLEDGE,
    );
}

/// A check-in: ready, trust and closeness from each, every open agreement kept
/// (`reviews` of them), what helped and was hard, appreciations, an agreement, a week.
fn check_in(trust: (u8, u8), reviews: usize) -> String {
    format!(
        "1\n{}\n6\n{}\n6\n{}H1\nH2\nD1\nD2\nA1\nA2\nA walk on Sunday.\n1\n",
        trust.0,
        trust.1,
        "1\n".repeat(reviews)
    )
}

const LIGHT: &str = "1\nYou made tea on Sunday.\nYou listened to the whole story.\n1\n";

const WEEKS: &str = "programs/weeks.toml";

/// Alex and Sam over three weeks of a counselor's program (`programs/weeks.toml`, made of
/// guides this branch ships): `next` at each point, as one diary snapshotted. The second
/// phase waits three days; the third waits two weeks, two check-ins and both partners'
/// private readiness, asked with `kintsugi ready` (a "not yet" first, which keeps nothing).
#[test]
fn a_couple_over_several_weeks_of_a_program() {
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    let diary = std::cell::RefCell::new(String::new());
    let next = |now: &str, what: &str| {
        let out = shown(data, now, &["next", "--program", WEEKS], "");
        writeln!(diary.borrow_mut(), "## {now}: {what}\n{out}").unwrap();
        out
    };
    let fresh = next("2026-12-01T09:00:00Z", "nothing yet");
    assert!(fresh.contains("begins with acknowledge-hurt"), "{fresh}");

    acknowledged(data, "2026-12-01T19:00:00Z");
    let waiting = next(
        "2026-12-02T09:00:00Z",
        "acknowledged; the next phase waits three days",
    );
    assert!(
        waiting.contains("waits until 3 days have passed"),
        "{waiting}"
    );

    let open = next("2026-12-04T20:00:00Z", "three days later");
    assert!(open.contains("a check-in"), "{open}");
    finish(
        data,
        "2026-12-04T20:00:00Z",
        "check-in",
        "first=Alex,second=Sam",
        &check_in((3, 6), 2),
    );
    let after = next("2026-12-04T21:00:00Z", "after the first check-in");
    assert!(after.contains("Next: appreciations"), "{after}");
    assert!(after.contains("due in 7 days"), "{after}");

    finish(
        data,
        "2026-12-05T20:00:00Z",
        "appreciations",
        "first=Alex,second=Sam",
        LIGHT,
    );
    let long = next(
        "2026-12-06T09:00:00Z",
        "the second phase done; the third waits",
    );
    assert!(
        long.contains("both of you say, each in private, that you are ready"),
        "{long}"
    );

    finish(
        data,
        "2026-12-12T20:00:00Z",
        "check-in",
        "first=Alex,second=Sam",
        &check_in((4, 6), 3),
    );
    finish(
        data,
        "2026-12-19T20:00:00Z",
        "check-in",
        "first=Alex,second=Sam",
        &check_in((6, 7), 2),
    );
    let ready = next("2026-12-20T09:00:00Z", "two weeks and two check-ins later");
    assert!(ready.contains("kintsugi ready"), "{ready}");

    // Alex is not ready yet: Sam is asked all the same, the screen says "not both",
    // never who, and nothing is kept.
    let now = "2026-12-20T09:05:00Z";
    let sessions = std::fs::read_dir(data.join("sessions")).unwrap().count();
    let not_yet = shown(data, now, &["ready", "--program", WEEKS], "2\n1\n");
    assert!(
        not_yet.contains("Not both of you are ready yet"),
        "{not_yet}"
    );
    assert!(
        !not_yet.contains("Sam is not") && !not_yet.contains("Alex is not"),
        "{not_yet}"
    );
    assert_eq!(
        not_yet.matches("(answered privately)").count(),
        2,
        "{not_yet}"
    );
    let profile = std::fs::read_to_string(data.join("profile.json")).unwrap();
    assert!(!profile.contains("ready"), "{profile}");
    let after = std::fs::read_dir(data.join("sessions")).unwrap().count();
    assert_eq!(after, sessions, "no session is written");
    assert_eq!(shown(data, now, &["next", "--program", WEEKS], ""), ready);

    let both = shown(
        data,
        "2026-12-22T20:00:00Z",
        &["ready", "--program", WEEKS],
        "1\n1\n",
    );
    writeln!(diary.borrow_mut(), "## ready, both saying yes\n{both}").unwrap();
    assert!(both.contains("You are both ready."), "{both}");
    let profile = std::fs::read_to_string(data.join("profile.json")).unwrap();
    assert!(profile.contains("weeks/evening"), "{profile}");
    let evening = next("2026-12-22T20:10:00Z", "both ready");
    assert!(evening.contains("Next: guides/evening.rhai"), "{evening}");

    finish(
        data,
        "2026-12-22T20:30:00Z",
        "guides/evening.rhai",
        "a=Alex,b=Sam",
        "Fine.\nWork.\n5\nyes\n",
    );
    next("2026-12-23T09:00:00Z", "every phase done");
    next("2026-12-30T09:00:00Z", "a week later");
    insta::assert_snapshot!(diary.into_inner());
}

/// The shipped program, as far as this branch's guides go: where it begins, a check-in
/// alone begins nothing, and after the acknowledgment the apology comes next. `kintsugi`
/// alone shows the same once a couple has sessions here.
#[test]
fn the_shipped_program_begins_with_the_acknowledgment_then_the_apology() {
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    let empty = shown(data, "2026-12-01T09:00:00Z", &["next"], "");
    assert!(
        empty.contains(
            "Rebuilding trust begins with acknowledge-hurt: `kintsugi run acknowledge-hurt`."
        ),
        "{empty}"
    );
    finish(
        data,
        "2026-12-01T19:00:00Z",
        "check-in",
        "first=Alex,second=Sam",
        &check_in((3, 6), 0),
    );
    let first = shown(data, "2026-12-02T09:00:00Z", &["next"], "");
    assert!(
        first.contains("Next: acknowledge-hurt, where the program begins."),
        "{first}"
    );
    acknowledged(data, "2026-12-03T19:00:00Z");
    let now = "2026-12-04T09:00:00Z";
    let apology = shown(data, now, &["next"], "");
    insta::assert_snapshot!(apology);
    assert_eq!(
        shown(data, now, &[], ""),
        apology,
        "bare kintsugi shows the same"
    );
}

/// Several couples share a data folder: `next` asks which, or takes `--couple`.
#[test]
fn with_several_couples_next_asks_which() {
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    acknowledged(data, "2026-12-01T19:00:00Z");
    finish(
        data,
        "2026-12-02T19:00:00Z",
        "check-in",
        "first=Noor,second=Tom",
        &check_in((5, 5), 0),
    );
    let now = "2026-12-03T09:00:00Z";
    let asked = shown(data, now, &["next"], "2\n");
    assert!(asked.contains("Which couple?"), "{asked}");
    assert!(asked.contains("Sam and Alex"), "{asked}");
    let chosen = shown(data, now, &["next", "--couple", "alex"], "");
    assert!(chosen.starts_with("Sam and Alex, phase 1 of 3"), "{chosen}");
    assert!(asked.ends_with(&chosen), "{asked}\n---\n{chosen}");
    let noor = shown(data, now, &["next", "--couple", "tom"], "");
    assert!(
        noor.contains("Next: acknowledge-hurt, where the program begins."),
        "{noor}"
    );
    let none = shown(data, now, &["next"], "");
    assert!(none.contains("kintsugi next --couple NAME"), "{none}");
}

/// Under a safety hold `next` and `kintsugi` alone say where the couple stands and name
/// the light guide; `ready` works as ever.
#[test]
fn a_safety_hold_stops_the_program() {
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    acknowledged(data, "2026-12-01T19:00:00Z");
    let now = "2026-12-02T09:00:00Z";
    let nexts = [&["next"][..], &[], &["next", "--program", WEEKS]];
    let ready = shown(data, now, &["ready"], "1\n1\n");
    let ordinary: Vec<String> = nexts
        .iter()
        .map(|args| shown(data, now, args, ""))
        .collect();
    let file = data.join("profile.json");
    let mut profile: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    profile["hold"] = "2026-12-02T08:00:00Z".into();
    std::fs::write(&file, profile.to_string()).unwrap();
    // `ready` works as ever (QA s4 F2: the short message there told what a cover
    // hides): its questions are private and start no joint guide.
    let out = shown(data, now, &["ready"], "1\n1\n");
    assert_eq!(out, ready);
    assert!(!out.contains(kintsugi_engine::NEUTRAL_MESSAGE), "{out}");
    // `next` and `kintsugi` alone say where the couple stands as ever (after a cover,
    // they must read as any evening's: QA finding 5c), and name the light guide, which
    // no hold stops, as what comes next: nothing the hold would refuse.
    let light =
        "Next: appreciations, something light for now.\n`kintsugi run appreciations` starts it.";
    for (args, ordinary) in nexts.iter().zip(&ordinary) {
        let out = shown(data, now, args, "");
        assert!(
            !out.contains(kintsugi_engine::NEUTRAL_MESSAGE),
            "{args:?}: {out}"
        );
        assert_eq!(
            out.lines().next(),
            ordinary.lines().next(),
            "{args:?}: {out}"
        );
        assert!(out.trim_end().ends_with(light), "{args:?}: {out}");
        assert_eq!(
            out.matches("kintsugi run ").count(),
            out.matches("kintsugi run appreciations").count(),
            "{args:?}: {out}"
        );
    }
    // A day later the hold is due for its re-check, which only a joint guide's private
    // questions hold: the program still names the light guide.
    let out = shown(data, "2026-12-04T09:00:00Z", &["next"], "");
    assert!(out.trim_end().ends_with(light), "{out}");
}

/// A program file's mistakes: each with its file, line and column, the line underlined,
/// and what to do; exit code 2.
#[test]
fn a_program_file_with_mistakes_says_where_and_what_to_do() {
    for file in ["broken", "unknown", "circle"] {
        let path = format!("programs/{file}.toml");
        let data = tempfile::tempdir().unwrap();
        let out = kintsugi_in(data.path())
            .args(["next", "--program", &path])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{file}");
        let text = String::from_utf8(out.stderr).unwrap();
        insta::assert_snapshot!(file, text);
    }
}

/// `kintsugi check` reads a `.toml` file as a program: the same mistakes as `next
/// --program`, each as K0040 at its line and column (exit 2); the shipped program and the
/// example of docs/checks.md as they are.
#[test]
fn check_reads_a_program_file() {
    let data = tempfile::tempdir().unwrap();
    let check = |args: &[&str]| {
        let out = kintsugi_in(data.path())
            .arg("check")
            .args(args)
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };
    for file in ["broken", "unknown", "circle"] {
        let path = format!("programs/{file}.toml");
        let (code, text) = check(&[&path]);
        assert_eq!(code, Some(2), "{file}: {text}");
        assert!(text.contains("error[K0040]"), "{file}: {text}");
        assert!(
            text.contains(&format!("{path}: ")) && text.contains(" error"),
            "{file}: {text}"
        );
        // The same place as `next --program` names, in the short form `file:line:column`.
        let next = kintsugi_in(data.path())
            .args(["next", "--program", &path])
            .output()
            .unwrap();
        let stop = String::from_utf8(next.stderr).unwrap();
        let (_, short) = check(&["--format", "short", &path]);
        let place = short.split(": ").next().unwrap();
        assert!(
            stop.contains(place),
            "{file}: check says {short}, next says {stop}"
        );
    }
    let (code, text) = check(&["../../programs/rebuild-trust.toml"]);
    assert_eq!(
        (code, text.trim()),
        (Some(0), "../../programs/rebuild-trust.toml: ok (a program)")
    );

    let docs = std::fs::read_to_string("../docs/checks.md").unwrap();
    let section = &docs[docs.find("## K0040").unwrap()..];
    let example = section
        .split("```toml\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let file = data.path().join("ours.toml");
    std::fs::write(&file, example).unwrap();
    let (code, text) = check(&["--format", "short", file.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains(":6:") && text.contains("K0040") && text.contains("apologie"),
        "{text}"
    );
}

/// A guide of the program begun and not finished: `next` offers to continue it rather
/// than start another.
#[test]
fn a_guide_begun_is_continued() {
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    let now = "2026-12-01T19:00:00Z";
    screened_at(data, now);
    // The acknowledgment, stopped after its first answers.
    stdout_of(
        at(data, now).args([
            "run",
            "acknowledge-hurt",
            "--names",
            "hurt=Sam,repairing=Alex",
        ]),
        "Yes, let's begin\nyes\n",
    );
    let id = only_session(data);
    let out = shown(data, "2026-12-02T09:00:00Z", &["next"], "");
    assert!(
        out.contains(&format!(
            "`kintsugi resume {id}` continues the one you began on Tuesday 1 December 2026."
        )),
        "{out}"
    );
    assert!(
        out.contains("Next: acknowledge-hurt, where the program begins."),
        "{out}"
    );
}
