//! The couple's screen: what a couple meets at the edges (a bare command, the region
//! question, `:help`, lists of sessions) reads naturally.

use crate::common::*;

#[test]
fn bare_kintsugi_says_where_to_start() {
    // No data folder yet (the user's own is left out of it): where to start.
    let home = tempfile::tempdir().unwrap();
    let out = kintsugi()
        .env("XDG_DATA_HOME", home.path())
        .output()
        .unwrap();
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

/// Runs the binary on a terminal `columns` wide, typing `keys` once `ready` is on the
/// screen; returns everything the screen showed when it left.
#[cfg(unix)]
fn at_a_terminal(
    data: &std::path::Path,
    args: &[&str],
    columns: u16,
    ready: &str,
    keys: &[u8],
) -> String {
    let mut cmd = Terminal::command(&here());
    cmd.env("KINTSUGI_DATA_DIR", data)
        .env("KINTSUGI_NOW", "2026-12-07T20:00:00Z")
        .env("TZ", "UTC")
        .args(args);
    let mut terminal = Terminal::start(cmd, 40, columns);
    terminal.wait_for(ready);
    terminal.type_keys(keys);
    assert!(terminal.left_within(60), "kintsugi did not leave");
    terminal.text().replace("\r\n", "\n")
}

#[cfg(unix)]
#[test]
fn at_a_terminal_long_lines_wrap_and_a_transcript_is_plain_dated_text() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let shown = at_a_terminal(
        data.path(),
        &[
            "run",
            "guides/break.rhai",
            "--names",
            "first=Alex,second=Sam",
        ],
        40,
        "Alex › ",
        b"3\r",
    );
    assert!(
        shown.contains("A break of 20 minutes starts now."),
        "{shown}"
    );
    // What the break says, and the resume hint after it (whose session id cannot break).
    let said = &shown[shown.find("A break of").expect(&shown)..];
    for line in said.lines().filter(|l| !l.contains("resume 2026")) {
        assert!(line.chars().count() < 40, "not wrapped: {line:?}\n{shown}");
    }
    // Broken at word boundaries: no word is cut in two.
    assert!(
        shown.contains("\nSpend it apart, doing something calm.\n"),
        "{shown}"
    );
    let id = only_session(data.path());
    let transcript = at_a_terminal(data.path(), &["transcript", &id], 80, "", b"");
    assert!(
        transcript.contains("Started Monday 7 December 2026, 20:00."),
        "{transcript}"
    );
    assert!(
        transcript.contains("Alex was asked: How strong is the feeling?"),
        "{transcript}"
    );
    assert!(
        !transcript.contains("**"),
        "no Markdown at a terminal: {transcript}"
    );
    // Piped, the same transcript is Markdown.
    let piped = stdout_of(kintsugi_in(data.path()).args(["transcript", &id]), "");
    assert!(piped.contains("**Asked of Alex**"), "{piped}");
}

#[cfg(unix)]
#[test]
fn at_a_terminal_the_title_summary_and_region_question_wrap_too() {
    // A new folder: the region question, at 40 columns; Ctrl-D leaves there.
    let data = tempfile::tempdir().unwrap();
    let shown = at_a_terminal(
        data.path(),
        &["run", "check-in", "--names", "first=Alex,second=Sam"],
        40,
        "Region",
        b"\x04",
    );
    let from = shown.find("Where do you live?").expect(&shown);
    let to = shown.find("1. United States").expect(&shown);
    for line in shown[from..to].lines() {
        assert!(line.chars().count() < 40, "not wrapped: {line:?}\n{shown}");
    }
    // The guide's title and summary, shown when it starts (after the questions before
    // it, here answered before).
    screened(data.path());
    let shown = at_a_terminal(
        data.path(),
        &["run", "check-in", "--names", "first=Alex,second=Sam"],
        40,
        "Ready to start?",
        b"\x04",
    );
    let from = shown.find("Check-in").expect(&shown);
    let to = shown.find("This session is saved").expect(&shown);
    assert!(to - from > 60, "{shown}");
    for line in shown[from..to].lines() {
        assert!(line.chars().count() < 40, "not wrapped: {line:?}\n{shown}");
    }
}

#[test]
fn state_never_shows_a_private_value_in_a_couples_session() {
    // `:state` lists every remembered value, private ones too: at one keyboard, that is
    // the shared screen. It works in an author's test run only.
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let guide = data.path().join("kept.rhai");
    std::fs::write(
        &guide,
        r#"guide(#{ title: "Kept", roles: #{ a: "one", b: "other" }, start: "one" });
step("one", || {
    remember("secret", ask(privately(a), "Something only you know?"));
    scale(b, "How is your day, from 0 to 10?", 0, 10);
    finish("Done.")
});
"#,
    )
    .unwrap();
    let guide = guide.display().to_string();
    let couple = stdout_of(
        kintsugi_in(data.path()).args(["run", &guide, "--no-save", "--names", "a=Alex,b=Sam"]),
        "plum tree\n:state\n",
    );
    assert!(couple.contains("for authors trying a guide"), "{couple}");
    assert!(!couple.contains("plum tree"), "{couple}");
    let author = stdout_of(
        kintsugi_in(data.path()).args(["run", &guide, "--author", "--names", "a=Alex,b=Sam"]),
        "plum tree\n:state\n",
    );
    assert!(author.contains("plum tree"), "{author}");
}

/// What the other partner would see at a terminal while a private answer is typed: the
/// screen after `typed`, drawn by a terminal emulator, and whether the cursor shows.
#[cfg(unix)]
fn screen_while_typing(typed: &str) -> (String, bool) {
    let dir = tempfile::tempdir().unwrap();
    let guide = dir.path().join("mask.rhai");
    std::fs::write(
        &guide,
        r#"guide(#{ title: "Mask", roles: #{ a: "one", b: "other" }, start: "one" });
step("one", || {
    confirm(privately(a), "Ready?");
    finish("Done.")
});
"#,
    )
    .unwrap();
    let mut cmd = Terminal::command(dir.path());
    cmd.env("KINTSUGI_DATA_DIR", dir.path().join("data")).args([
        "run",
        "mask.rhai",
        "--author",
        "--names",
        "a=Alex,b=Sam",
    ]);
    let mut terminal = Terminal::start(cmd, 24, 80);
    terminal.wait_for("press Enter when nobody else");
    terminal.type_keys(b"\r");
    terminal.wait_for("Alex (test run) › ");
    terminal.type_keys(typed.as_bytes());
    // Each key is drawn before the next is read; give the last one time to land.
    std::thread::sleep(std::time::Duration::from_millis(500));
    let size = |n| std::num::NonZeroU16::new(n).unwrap();
    let mut screen = vt100::Parser::new(size(24), size(80), 0);
    screen.process(&terminal.bytes());
    let screen = screen.screen();
    (screen.contents(), !screen.hide_cursor())
}

#[cfg(unix)]
#[test]
fn a_private_yes_and_no_look_the_same_on_the_screen_while_typed() {
    // One dot a letter would show "yes" as three and "no" as two: the mask must not
    // depend on the answer's length, and neither may the cursor's place.
    let (yes, yes_cursor) = screen_while_typing("yes");
    let (no, no_cursor) = screen_while_typing("no");
    assert!(yes.contains("Alex (test run) › "), "{yes}");
    assert_eq!(yes, no);
    assert!(
        !yes_cursor && !no_cursor,
        "the cursor shows where the answer ends"
    );
    let (ten, _) = screen_while_typing("10");
    assert_eq!(ten, yes);
}

#[test]
fn a_guide_for_one_person_speaks_to_one_person() {
    // No empty name to look away, no "together", no "each of you", no "apart".
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let guide = data.path().join("one.rhai");
    std::fs::write(
        &guide,
        r#"guide(#{ title: "For one", roles: #{ me: "you" }, start: "one" });
step("one", || {
    ask(privately(me), "Something for you alone?");
    choose(both, "Which?", ["This", "That"]);
    take_break(20);
    finish("Done.")
});
"#,
    )
    .unwrap();
    let guide = guide.display().to_string();
    let out = stdout_of(
        kintsugi_in(data.path()).args(["run", &guide, "--names", "me=Alex"]),
        "words\n:pause\n3\n1\n1\n",
    );
    for wrong in [
        ", please look away",
        "Thank you, Alex. ",
        "together",
        "each of you",
        "apart",
        "both ready",
    ] {
        assert!(!out.contains(wrong), "{wrong:?} in:\n{out}");
    }
    assert!(out.contains("── Alex's turn ──"), "{out}");
    assert!(out.contains("Spend it doing something calm"), "{out}");
}

/// Lines that were printed whole, past the terminal's width, where the terminal broke
/// them mid-word ("as it was t|yped"): the private safety check's words, and what
/// `:reload` says. Each line drawn after `from` is now narrower than the terminal (a
/// prompt redrawn after a carriage return drawn anew from the line's start).
#[cfg(unix)]
fn assert_wrapped(shown: &str, from: &str, columns: usize) {
    let from = shown
        .find(from)
        .unwrap_or_else(|| panic!("no {from:?} in:\n{shown}"));
    let ansi = regex::Regex::new(r"\x1b\[[0-9;?]*[A-Za-z]").unwrap();
    for line in shown[from..].lines().flat_map(|line| line.split('\r')) {
        let line = ansi.replace_all(line, "");
        assert!(
            line.chars().count() < columns,
            "not wrapped at {columns}: {line:?}\n{shown}"
        );
    }
}

#[cfg(unix)]
#[test]
fn the_safety_checks_words_and_reloads_notice_wrap_at_word_boundaries() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let dir = tempfile::tempdir().unwrap();
    let guide = dir.path().join("wrapping.rhai");
    let text = "guide(#{ title: \"Wrapping\", roles: #{ first: \"one\", second: \"two\" }, start: \"a\" });\nstep(\"a\", || {\n    let w = ask(first, \"What is on your mind?\");\n    let r = choose(second, \"Ready?\", [\"Yes\", \"No\"]);\n    let n = ask(second, \"And yours?\");\n    finish(\"Thank you.\")\n});\n";
    std::fs::write(&guide, text).unwrap();
    // Each part in its own data folder: leaving at "Are you safe right now?" holds.
    let second = tempfile::tempdir().unwrap();
    screened(second.path());
    // `:reload` works in an author's run only.
    let start = |columns: u16, data: &std::path::Path, author: bool| {
        let mut cmd = Terminal::command(&here());
        cmd.env("KINTSUGI_DATA_DIR", data).env("TZ", "UTC").args([
            "run",
            guide.to_str().unwrap(),
            "--names",
            "first=Alex,second=Sam",
        ]);
        if author {
            cmd.arg("--author");
        }
        let terminal = Terminal::start(cmd, 40, columns);
        terminal.wait_for("Alex");
        terminal.wait_for(" › ");
        terminal
    };

    // The private safety check, at 100 columns.
    let mut terminal = start(100, data.path(), false);
    terminal.type_keys(b"Sometimes I do not want to live anymore.\r");
    terminal.wait_for("nobody else can see the screen.");
    terminal.type_keys(b"\r");
    terminal.wait_for("Kintsugi want");
    std::thread::sleep(std::time::Duration::from_millis(500));
    let shown = terminal.text().replace("\r\n", "\n");
    assert_wrapped(&shown, "What is on your mind?", 100);
    drop(terminal);

    // :reload after the question changed, at 120 columns.
    let mut terminal = start(120, second.path(), true);
    terminal.type_keys(b"Fine.\r");
    terminal.wait_for("Sam (test run) › ");
    terminal.type_keys(b"Yes\r");
    terminal.wait_for("And yours?");
    std::fs::write(
        &guide,
        text.replace("[\"Yes\", \"No\"]", "[\"Maybe\", \"No\"]"),
    )
    .unwrap();
    terminal.type_keys(b":reload\r");
    terminal.wait_for("no longer fits");
    terminal.wait_for("1. Maybe");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let shown = terminal.text().replace("\r\n", "\n");
    assert_wrapped(&shown, "Reloaded", 120);
}

/// What a terminal `columns` wide shows of `bytes`, line by line: the program's own
/// sequences left out, and a line redrawn after a carriage return read as its last
/// drawing.
#[cfg(unix)]
fn drawn_lines(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes).replace("\r\n", "\n");
    let sequences = regex::Regex::new(
        r"\x1b(\[[0-9;?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][A-Z0-9]|[=>78M])",
    )
    .unwrap();
    let text = sequences.replace_all(&text, "");
    text.lines()
        .map(|line| {
            line.rsplit('\r')
                .find(|s| !s.is_empty())
                .unwrap_or("")
                .to_string()
        })
        .collect()
}

/// Where a terminal `columns` wide cuts a word in two: every line longer than the
/// terminal, at each place the terminal breaks it, if letters stand on both sides and
/// the word is not itself longer than a line (a session id, which nothing could keep
/// whole). Each found: the line.
#[cfg(unix)]
fn words_cut(lines: &[String], columns: usize) -> Vec<String> {
    let mut cut = Vec::new();
    for line in lines {
        let chars: Vec<char> = line.chars().collect();
        let mut at = columns;
        while at < chars.len() {
            if !chars[at - 1].is_whitespace() && !chars[at].is_whitespace() {
                let start = chars[..at]
                    .iter()
                    .rposition(|c| c.is_whitespace())
                    .map_or(0, |i| i + 1);
                let end = chars[at..]
                    .iter()
                    .position(|c| c.is_whitespace())
                    .map_or(chars.len(), |i| at + i);
                if end - start < columns {
                    cut.push(line.clone());
                }
            }
            at += columns;
        }
    }
    cut
}

#[cfg(unix)]
#[test]
fn at_a_narrow_terminal_no_screen_of_a_cover_evening_cuts_a_word() {
    // QA finding 11: at 100 columns, ":transcript" broke "bo / th", the release text
    // "the sh / ort message", the hold's code "when you ar / e alone". Here every line
    // of an evening at 50 columns: the setup's help and support, a private rating and
    // :transcript, words of danger, the hold's code, the cover and the light guide, then
    // `release` with that code and `next`.
    const COLUMNS: u16 = 50;
    let pause = || std::thread::sleep(std::time::Duration::from_millis(500));
    let typed_after = |terminal: &mut Terminal, text: &str, times: usize, keys: &[u8]| {
        let start = std::time::Instant::now();
        while terminal.text().matches(text).count() < times {
            assert!(
                start.elapsed() < std::time::Duration::from_secs(30),
                "no {text:?} ({times}) on the screen:\n{}",
                terminal.text()
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        pause();
        terminal.type_keys(keys);
    };
    let start = |data: &std::path::Path, args: &[&str]| {
        let mut cmd = Terminal::command(&here());
        cmd.env("KINTSUGI_DATA_DIR", data).args(args);
        Terminal::start(cmd, 40, COLUMNS)
    };
    let mut screens = Vec::new();

    // The setup, before the region is known: :help at a name and at the region, and
    // the support at :pause.
    let fresh = tempfile::tempdir().unwrap();
    let mut setup = start(fresh.path(), &["run", "check-in"]);
    typed_after(&mut setup, "Name › ", 1, b"Alex\r");
    typed_after(&mut setup, "Who is the other partner?", 1, b":help\r");
    typed_after(&mut setup, "Ctrl-D", 1, b"Sam\r");
    typed_after(&mut setup, "Region › ", 1, b":help\r");
    typed_after(&mut setup, ":quit", 1, b":pause\r");
    typed_after(&mut setup, "Leave without starting", 1, b"2\r");
    typed_after(&mut setup, "Anywhere", 1, b"3\r");
    assert!(setup.left_within(30), "{}", setup.text());
    screens.push(setup.bytes());

    // The evening.
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let mut evening = start(
        data.path(),
        &["run", "check-in", "--names", "first=Alex,second=Sam"],
    );
    let handed = "when nobody";
    let done = "(Press Enter";
    typed_after(&mut evening, "Ready to start?", 1, b"1\r");
    typed_after(&mut evening, handed, 1, b"\r");
    typed_after(&mut evening, "How much do you trust", 1, b":transcript\r");
    typed_after(&mut evening, "Nobody", 2, b"5\r");
    typed_after(&mut evening, "How close do you feel", 1, b"5\r");
    typed_after(&mut evening, done, 1, b"\r");
    typed_after(&mut evening, handed, 2, b"\r");
    typed_after(&mut evening, "How much do you trust", 2, b"5\r");
    typed_after(&mut evening, "How close do you feel", 2, b"5\r");
    typed_after(&mut evening, done, 2, b"\r");
    typed_after(
        &mut evening,
        "What helped trust this week?",
        1,
        b"You slapped me in March.\r",
    );
    typed_after(&mut evening, handed, 3, b"\r");
    typed_after(&mut evening, "Are you safe right now?", 1, b"no\r");
    typed_after(&mut evening, "Something light", 1, b"2\r");
    typed_after(&mut evening, done, 3, b"\r");
    typed_after(&mut evening, "Shall we begin?", 1, b"\x04");
    assert!(evening.left_within(30), "{}", evening.text());
    let shown = evening.text();
    assert!(shown.contains("The conversation ends here."), "{shown}");
    let code = regex::Regex::new(r"code: (\d{3}) ?(\d{3})")
        .unwrap()
        .captures(&shown.replace("\r\n", " "))
        .map(|c| format!("{}{}", &c[1], &c[2]))
        .expect(&shown);
    screens.push(evening.bytes());

    // The one who disclosed lifts the hold with the code; then what comes next.
    let mut release = start(data.path(), &["release"]);
    typed_after(&mut release, handed, 1, b"\r");
    typed_after(
        &mut release,
        "Type your code",
        1,
        format!("{code}\r").as_bytes(),
    );
    typed_after(&mut release, done, 1, b"\r");
    assert!(release.left_within(30), "{}", release.text());
    assert!(
        release.text().contains("The code is right"),
        "{}",
        release.text()
    );
    screens.push(release.bytes());
    let mut next = start(data.path(), &["next"]);
    assert!(next.left_within(30), "{}", next.text());
    screens.push(next.bytes());

    for bytes in screens {
        let lines = drawn_lines(&bytes);
        let cut = words_cut(&lines, COLUMNS.into());
        assert!(
            cut.is_empty(),
            "words cut in two:\n{cut:#?}\n\nin:\n{}",
            lines.join("\n")
        );
    }
}

#[test]
fn back_and_help_work_at_every_question_of_the_setup() {
    // QA finding 7: at the region, :back and :help answered "Choose where you live
    // first"; at the second name :back gave "Names cannot start with ':'".
    let data = tempfile::tempdir().unwrap();
    let out = stdout_of(
        kintsugi_in(data.path()).args(["run", "check-in"]),
        // :back at the first name (nothing before), :help at each name, :back at the
        // second name (the first again), then at the region :help and :back (the second
        // name again: Robin this time), the region, and Alex's consent.
        ":back\n:help\nAlex\n:help\n:back\nAlex\nSam\n:help\n:back\nRobin\n:help\n1\nyes\n",
    );
    assert!(!out.contains("Names cannot start with ':'"), "{out}");
    assert!(!out.contains("Choose where you live first"), "{out}");
    assert!(out.contains("This is the first question"), "{out}");
    // :help says what each question is for and what can be typed there.
    assert_eq!(
        out.matches("Kintsugi uses your first names").count(),
        2,
        "{out}"
    );
    assert!(out.contains("Type a first name"), "{out}");
    let region_help = "Kintsugi asks where you live only to show the right help numbers";
    assert_eq!(out.matches(region_help).count(), 2, "{out}");
    assert!(out.contains("its code (such as US)"), "{out}");
    assert!(out.contains(":back goes back to the second name"), "{out}");
    // :back went one question back each time: the first name after the second, the
    // second after the region, which is then asked again.
    assert_eq!(out.matches("Who is one partner?").count(), 2, "{out}");
    assert_eq!(out.matches("Who is the other partner?").count(), 3, "{out}");
    assert_eq!(out.matches("Region › ").count(), 4, "{out}");
    let after_back = &out[out.rfind("Who is the other partner?").unwrap()..];
    assert!(after_back.contains("Name › Robin"), "{out}");
    // The names are those given last: Robin is asked, Sam is not.
    assert!(out.contains("Robin, press Enter"), "{out}");
    assert!(!out.contains("Sam, press Enter"), "{out}");
    let profile = std::fs::read_to_string(data.path().join("profile.json")).unwrap();
    assert!(profile.contains(r#""region": "US""#), "{profile}");

    // With --names nothing was asked before the region: :back says how to change them.
    let data = tempfile::tempdir().unwrap();
    let out = stdout_of(
        kintsugi_in(data.path()).args(["run", "check-in", "--names", "first=Alex,second=Sam"]),
        ":back\n:help\n1\n",
    );
    assert!(
        out.contains("The names were given before this question"),
        "{out}"
    );
    assert!(out.contains(region_help), "{out}");
    assert!(!out.contains(":back goes back to the second name"), "{out}");
}

#[test]
fn support_at_the_names_shows_each_regions_lines_before_the_region_is_asked() {
    use kintsugi_engine::safety_data::{regions, support_text};
    // QA finding 10: support at the names said "Kintsugi has no checked numbers for your
    // region", as if the region were unknown for good; it is asked next.
    let data = tempfile::tempdir().unwrap();
    let out = stdout_of(
        kintsugi_in(data.path()).args(["run", "check-in"]),
        "Alex\n:pause\n2\n1\nSam\n:pause\n2\n3\n",
    );
    assert!(!out.contains("no checked numbers for your region"), "{out}");
    assert_eq!(
        out.matches("Until you say where you live").count(),
        2,
        "{out}"
    );
    for region in regions() {
        assert!(
            out.contains(&support_text(Some(&region.code), None)),
            "{}: {out}",
            region.code
        );
    }
    assert!(
        out.contains("Anywhere else: if you are in danger now, call your local emergency number."),
        "{out}"
    );
    // The pause went on (the second name was asked after it), then left.
    assert!(out.contains("Name › Sam"), "{out}");
    assert!(out.contains("Nothing was started."), "{out}");

    // Once the data folder knows where the couple lives, that region's lines alone.
    let known = tempfile::tempdir().unwrap();
    stdout_of(kintsugi_in(known.path()).args(["region", "UK"]), "");
    let out = stdout_of(
        kintsugi_in(known.path()).args(["run", "check-in"]),
        "Alex\n:pause\n2\n3\n",
    );
    assert!(out.contains(&support_text(Some("UK"), None)), "{out}");
    assert!(!out.contains(&support_text(Some("US"), None)), "{out}");
    assert!(!out.contains("Until you say where you live"), "{out}");
}

/// Lines break only at spaces: a path in a suggested command moves whole to the next
/// line, at whatever width its slashes would fall at a line's end (QA s3 F8).
#[cfg(unix)]
#[test]
fn a_path_is_never_cut_at_a_slash() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().join("qa").join("s3").join("d11");
    std::fs::create_dir_all(&dir).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    let dir = dir.to_str().unwrap().to_string();
    for columns in 30..=70u16 {
        let mut cmd = Terminal::command(&here());
        cmd.args(["--data-dir", &dir, "transcript"]);
        let mut terminal = Terminal::start(cmd, 40, columns);
        assert!(terminal.left_within(30));
        let shown = terminal.text().replace("\r\n", "\n");
        assert!(
            shown.contains(&format!("--data-dir\n{dir}"))
                || shown.contains(&format!("--data-dir {dir}")),
            "the path cut at {columns} columns:\n{shown}"
        );
    }
}
