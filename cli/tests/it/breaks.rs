//! Real breaks: a break asked for by a guide or offered on distress is kept with its
//! start and length, the screen says when it ends and stops there, and `resume` before
//! the end says how long is left. Time is moved through `KINTSUGI_NOW`, never slept.

use crate::common::*;
use std::path::Path;

fn journal(data: &Path) -> String {
    let id = only_session(data);
    std::fs::read_to_string(data.join("sessions").join(format!("{id}.jsonl"))).unwrap()
}

#[test]
fn a_guides_break_stops_the_screen_and_resume_waits_until_it_ends() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let first = stdout_of(
        at(data.path(), "2026-12-07T20:00:00Z").args(["run", "guides/break.rhai", "--seed", "1"]),
        "Alex\nSam\n3\n",
    );
    assert!(
        first.contains("A break of 20 minutes starts now. It ends at 20:20."),
        "{first}"
    );
    assert!(
        first.contains("You agreed to come back at 21:00."),
        "{first}"
    );
    // The screen stops at the break: nobody is welcomed back before leaving.
    assert!(!first.contains("Welcome back"), "{first}");
    assert!(first.contains("Your answers are saved. To continue: kintsugi resume "));
    let kept = journal(data.path());
    assert!(
        kept.contains(r#""record":"break","at":"2026-12-07T20:00:00Z","minutes":20,"back":60"#),
        "{kept}"
    );

    // Ten seconds later: how long is left, and nothing resumes.
    let early = stdout_of(
        at(data.path(), "2026-12-07T20:00:10Z").args(["resume"]),
        "5\n",
    );
    assert!(
        early.contains("This conversation is on a break until 20:20 (20 minutes from now)."),
        "{early}"
    );
    assert!(!early.contains("Welcome back"), "{early}");
    assert!(!early.contains("Resuming"), "{early}");
    let later = stdout_of(
        at(data.path(), "2026-12-07T20:15:30Z").args(["resume"]),
        "5\n",
    );
    assert!(later.contains("(5 minutes from now)"), "{later}");
    assert_eq!(journal(data.path()), kept, "an early resume writes nothing");

    // After the end: the break is over, and the conversation goes on where it waited.
    let back = stdout_of(
        at(data.path(), "2026-12-07T20:21:00Z").args(["resume"]),
        "2\n",
    );
    assert!(back.contains("The break is over."), "{back}");
    assert!(
        back.contains("Welcome back. How strong is it now?"),
        "{back}"
    );
    assert!(back.contains("Thank you both."), "{back}");
    assert!(
        !back.contains("A break of 20 minutes starts now"),
        "a break taken is not taken again: {back}"
    );
}

#[test]
fn the_break_offered_on_distress_is_held_to_its_length_and_not_offered_again() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let first = stdout_of(
        at(data.path(), "2026-12-07T09:00:00Z").args(["run", "guides/break.rhai", "--seed", "1"]),
        "Alex\nSam\n9\n1\n",
    );
    assert!(first.contains("That is a lot to feel."), "{first}");
    assert!(
        first.contains("A break of 20 minutes starts now. It ends at 09:20."),
        "{first}"
    );
    let early = stdout_of(at(data.path(), "2026-12-07T09:05:00Z").args(["resume"]), "");
    assert!(
        early.contains("on a break until 09:20 (15 minutes from now)"),
        "{early}"
    );
    let back = stdout_of(
        at(data.path(), "2026-12-07T09:40:00Z").args(["resume"]),
        "4\n",
    );
    assert!(
        !back.contains("That is a lot to feel"),
        "offered once: {back}"
    );
    // The guide's own break right after it is the same break, already taken.
    assert!(!back.contains("starts now"), "{back}");
    assert!(back.contains("Thank you both."), "{back}");
}

#[test]
fn a_break_the_partners_take_themselves_has_no_length() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let first = stdout_of(
        at(data.path(), "2026-12-07T09:00:00Z").args(["run", "guides/break.rhai", "--seed", "1"]),
        "Alex\nSam\n:break\n",
    );
    assert!(first.contains("Your answers are saved."), "{first}");
    assert!(journal(data.path()).contains(r#"{"record":"break","at":"2026-12-07T09:00:00Z"}"#));
    let back = stdout_of(
        at(data.path(), "2026-12-07T09:00:10Z").args(["resume"]),
        "3\n",
    );
    assert!(back.contains("How strong is the feeling?"), "{back}");
}

#[test]
fn suggested_commands_repeat_the_data_dir_given() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let dir = data.path().to_str().unwrap();
    let out = stdout_of(
        kintsugi().env("TZ", "UTC").args([
            "--data-dir",
            dir,
            "run",
            "guides/break.rhai",
            "--seed",
            "1",
        ]),
        "Alex\nSam\n3\n",
    );
    let id = only_session(data.path());
    assert!(
        out.contains(&format!(
            "To continue: kintsugi --data-dir {dir} resume {id}"
        )),
        "{out}"
    );
}

#[test]
fn remind_writes_a_calendar_file_with_a_neutral_title_for_the_return() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    stdout_of(
        at(data.path(), "2026-12-07T20:00:00Z").args(["run", "guides/break.rhai", "--seed", "1"]),
        "Alex\nSam\n3\n",
    );
    let said = stdout_of(at(data.path(), "2026-12-07T20:05:00Z").args(["remind"]), "");
    assert!(
        said.contains("Next: coming back from your break at 21:00."),
        "{said}"
    );
    let file = data.path().join("return.ics");
    let said = stdout_of(
        at(data.path(), "2026-12-07T20:05:00Z").args(["remind", "--ics", file.to_str().unwrap()]),
        "",
    );
    assert!(said.contains("Wrote "), "{said}");
    let ics = std::fs::read_to_string(&file).unwrap();
    let lines: Vec<&str> = ics.lines().collect();
    assert_eq!(lines.first(), Some(&"BEGIN:VCALENDAR"), "{ics}");
    assert!(lines.contains(&"SUMMARY:Kintsugi"), "{ics}");
    assert!(lines.contains(&"DTSTART:20261207T210000Z"), "{ics}");
    assert_eq!(lines.iter().filter(|l| **l == "BEGIN:VEVENT").count(), 1);
    // Nothing intimate: no names, no guide, no words of the conversation.
    for word in ["Alex", "Sam", "break", "feeling", "DESCRIPTION", "LOCATION"] {
        assert!(!ics.contains(word), "{word} in {ics}");
    }
    // Once the time has passed, no file: it says the conversation is waiting.
    let late = stdout_of(at(data.path(), "2026-12-07T22:00:00Z").args(["remind"]), "");
    assert!(late.contains("was due at 21:00"), "{late}");
}

#[test]
fn remind_without_a_break_points_at_the_next_weekly_check_in() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let none = stdout_of(at(data.path(), "2026-12-07T20:00:00Z").args(["remind"]), "");
    assert!(none.contains("Nothing to remind you of"), "{none}");
    stdout_of(
        at(data.path(), "2026-12-07T20:00:00Z").args(["run", "check-in", "--seed", "1"]),
        "Alex\nSam\n",
    );
    let said = stdout_of(at(data.path(), "2026-12-08T10:00:00Z").args(["remind"]), "");
    assert!(
        said.contains("Next: your weekly check-in on Monday 14 December at 20:00."),
        "{said}"
    );
}

#[test]
fn a_private_distress_break_is_announced_to_its_taker_first_and_said_over_on_resume() {
    // QA finding 14: the shared line "A break of 20 minutes starts now" follows a private
    // answer; its writer is told so before choosing. And on resume, after the break's
    // end, the README's "the break is over" is said, as after a guide's own break.
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let first = stdout_of(
        at(data.path(), "2026-12-07T09:00:00Z").args([
            "run",
            "guides/private-distress.rhai",
            "--names",
            "a=Alex,b=Sam",
        ]),
        "9\n1\n",
    );
    let warned = first
        .find("the shared screen will say that a break of 20 minutes starts now")
        .expect(&first);
    let handed_back = first
        .find("you can look at the screen again")
        .expect(&first);
    let announced = first
        .find("A break of 20 minutes starts now.")
        .expect(&first);
    assert!(warned < handed_back && handed_back < announced, "{first}");
    let back = stdout_of(at(data.path(), "2026-12-07T09:25:00Z").args(["resume"]), "");
    assert!(back.contains("The break is over."), "{back}");
    assert_eq!(back.matches("The break is over.").count(), 1, "{back}");
    assert!(back.contains("Thank you."), "{back}");
}

#[test]
fn a_break_in_a_shipped_guide_is_not_listed_as_an_agreement() {
    // The time to come back is the break's own (`resume`, `remind`), not something the
    // couple will look back on as kept or not.
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let run = stdout_of(
        at(data.path(), "2026-12-07T20:00:00Z").args([
            "run",
            "acknowledge-hurt",
            "--names",
            "hurt=Noor,repairing=Tom",
        ]),
        "1\nyes\nYou slept with someone at the conference.\nI keep seeing the messages.\n\
         Betrayed\n9\nTake a break of at least 20 minutes\nIn half an hour\n",
    );
    assert!(run.contains("A break of 20 minutes starts now."), "{run}");
    let agreements = stdout_of(
        at(data.path(), "2026-12-07T20:01:00Z").arg("agreements"),
        "",
    );
    assert!(agreements.contains("no agreements yet"), "{agreements}");
}

/// Every command Kintsugi suggests, in any line of any of its commands, repeats the
/// `--data-dir` given: each "kintsugi " printed is "kintsugi --data-dir DIR ".
#[test]
fn every_suggested_command_repeats_the_data_dir_given() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let empty = tempfile::tempdir().unwrap();
    let mut seen = Vec::new();
    let mut run = |folder: &Path, now: &str, args: &[&str], input: &str| {
        let dir = folder.to_str().unwrap();
        let (out, err) = outputs_of(at(folder, now).arg("--data-dir").arg(dir).args(args), input);
        seen.push((args.join(" "), dir.to_string(), format!("{out}{err}")));
    };
    // A session finished after its break, and one on a break now.
    let d = data.path();
    let break_run = ["run", "guides/break.rhai", "--seed", "1"];
    run(d, "2026-12-07T20:00:00Z", &break_run, "Alex\nSam\n3\n");
    run(d, "2026-12-07T20:21:00Z", &["resume"], "2\n");
    // The commands' help in a sitting, and a command for authors.
    run(
        d,
        "2026-12-07T20:25:00Z",
        &break_run,
        "Alex\nSam\n:help\n:goto talk\n:quit\n",
    );
    run(d, "2026-12-07T20:30:00Z", &break_run, "Alex\nSam\n3\n");
    for args in [
        &["history"][..],
        &["history", "--chart"],
        &["history", "--couple", "Nobody"],
        &["transcript"],
        &["resume"],
        &["resume", "nosuch"],
        &["resume", "../nosuch"],
        &["resume", "--author"],
        &["remind"],
        &["region"],
        &["region", "zz"],
        &["list"],
        &["next"],
        &["run", "nosuch"],
        &["forget", "nosuch"],
    ] {
        run(d, "2026-12-07T20:31:00Z", args, "");
    }
    for args in [&[][..], &["history"], &["transcript"], &["resume"]] {
        run(empty.path(), "2026-12-07T20:31:00Z", args, "");
    }
    let quiet = ["forget nosuch", "next", "region zz"];
    for (args, dir, out) in &seen {
        let suggested = out.matches("kintsugi ").count();
        let with_dir = out.matches(&format!("kintsugi --data-dir {dir} ")).count();
        assert_eq!(
            suggested, with_dir,
            "`{args}` suggests a command without --data-dir {dir}:\n{out}"
        );
        if !quiet.contains(&args.as_str()) {
            assert!(suggested > 0, "`{args}` suggests nothing:\n{out}");
        }
    }
}

/// A break cannot be sidestepped by starting a guide again (QA s3 F2): while it runs,
/// any guide of the same couple says so in `resume`'s words and starts nothing. An
/// author's run keeps nothing and runs; another couple's runs.
#[test]
fn a_running_break_stops_any_guide_of_the_same_couple() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let first = stdout_of(
        at(data.path(), "2026-12-07T20:00:00Z").args(["run", "guides/break.rhai", "--seed", "1"]),
        "Alex\nSam\n3\n",
    );
    assert!(first.contains("It ends at 20:20."), "{first}");
    let id = only_session(data.path());
    let resumed = stdout_of(at(data.path(), "2026-12-07T20:00:10Z").arg("resume"), "");
    let said = "This conversation is on a break until 20:20 (20 minutes from now).";
    assert!(resumed.contains(said), "{resumed}");
    for (guide, names) in [
        ("guides/break.rhai", "Alex\nSam\n"),
        ("check-in", "Sam\nAlex\n"),
        ("appreciations", "alex\nsam\n"),
    ] {
        let again = stdout_of(
            at(data.path(), "2026-12-07T20:00:10Z").args(["run", guide]),
            &format!("{names}3\n1\n1\n"),
        );
        assert!(again.contains(said), "{guide}: {again}");
        assert!(
            again.contains(&format!("Come back then: kintsugi resume {id}")),
            "{guide}: {again}"
        );
        assert!(!again.contains("Welcome"), "{guide}: {again}");
        assert_eq!(only_session(data.path()), id, "{guide} started nothing");
    }
    // An author's test run keeps nothing: it runs.
    let author = stdout_of(
        at(data.path(), "2026-12-07T20:00:10Z").args(["run", "guides/break.rhai", "--author"]),
        "Alex\nSam\n3\n",
    );
    assert!(author.contains("How strong is the feeling?"), "{author}");
    assert!(!author.contains(said), "{author}");
    // Another couple is not on a break.
    let others = stdout_of(
        at(data.path(), "2026-12-07T20:00:10Z").args(["run", "guides/break.rhai"]),
        "Noor\nTom\n3\n",
    );
    assert!(others.contains("How strong is the feeling?"), "{others}");
    // Once the break is over, a guide starts again.
    screened_at(data.path(), "2026-12-07T20:21:00Z");
    let after = stdout_of(
        at(data.path(), "2026-12-07T20:21:00Z").args(["run", "guides/break.rhai"]),
        "Alex\nSam\n3\n",
    );
    assert!(after.contains("How strong is the feeling?"), "{after}");
}
