//! Escape sequences and text-direction overrides, from a partner or a guide, never reach
//! the terminal or a file raw: every output shows them as visible escapes (`\u001b`),
//! JSON keeps them exactly, and typed ones are refused and asked again. Input that is not
//! UTF-8 is said so and asked again, and the rest of the input is still used.

use crate::common::*;
use std::path::Path;

/// ESC, BEL, C1's one-character CSI (U+009B), and the right-to-left override.
const ESC: char = '\u{1b}';
const BEL: char = '\u{7}';
const CSI: char = '\u{9b}';
const RLO: char = '\u{202e}';

/// A name that sets the window's title, clears the screen and reverses what follows.
fn hostile_name() -> String {
    format!("Al{ESC}]0;pwned{BEL}ex{CSI}2J{RLO}")
}

/// An answer that writes to the clipboard (OSC 52), colours, reverses and clears.
fn hostile_answer() -> String {
    format!("{ESC}]52;c;aGk={BEL} {CSI}31m {RLO}evil {ESC}[2J")
}

/// What would act on a terminal, found in `bytes` (which must be UTF-8): control
/// characters but newline and tab, DEL, C1, and bidirectional embeddings, overrides and
/// isolates. Written out here rather than taken from the code under test.
fn raw_controls(what: &str, bytes: &[u8]) -> Vec<char> {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{what}: not UTF-8: {e}"));
    text.chars()
        .filter(|&c| {
            matches!(c, '\0'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
        })
        .collect()
}

/// Asserts that nothing in `bytes` acts on a terminal.
fn assert_clean(what: &str, bytes: &[u8]) {
    let found = raw_controls(what, bytes);
    assert!(
        found.is_empty(),
        "{what} holds raw {found:?}:\n{}",
        String::from_utf8_lossy(bytes)
    );
}

/// Runs a command with `input` on standard input; asserts that its standard output and
/// error are clean, and returns both.
fn clean_run(what: &str, cmd: &mut Command, input: &[u8]) -> (String, String) {
    let (out, _) = run_with(cmd, input);
    assert_clean(&format!("{what}: stdout"), &out.stdout);
    assert_clean(&format!("{what}: stderr"), &out.stderr);
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn names_and_answers_holding_escapes_or_nul_are_refused_and_asked_again() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let input = [
        hostile_name().as_str(),
        "Alex",
        &format!("Sam{RLO}"),
        "Sam",
        &hostile_answer(),
        "fi\0ne",
        &format!("fine {CSI}2J"),
        "fine",
        "1",
        "3",
        "yes",
        &format!("my secret {RLO}x"),
        "my secret",
        "",
    ]
    .join("\n");
    let (out, _) = clean_run(
        "run",
        kintsugi_in(data.path()).args(["run", "guides/every-kind.rhai"]),
        input.as_bytes(),
    );
    // Each refused line is shown escaped, said why, and the same question asked again.
    assert!(
        out.contains("Name › Al\\u001b]0;pwned\\u0007ex\\u009b2J\\u202e"),
        "{out}"
    );
    assert!(
        out.contains("That holds a control character (\\u001b)"),
        "{out}"
    );
    assert!(
        out.contains("That holds a text-direction override (\\u202e)"),
        "{out}"
    );
    assert!(
        out.contains("That holds a NUL character (\\u0000), which cannot be kept"),
        "{out}"
    );
    assert!(
        out.contains("That holds a control character (\\u009b)"),
        "{out}"
    );
    assert_eq!(out.matches("That holds").count(), 6, "{out}");
    assert!(out.contains("You said: fine"), "{out}");
    assert!(out.contains("── The end ──"), "{out}");
    // Nothing refused was kept.
    let id = only_session(data.path());
    let journal =
        std::fs::read_to_string(data.path().join("sessions").join(format!("{id}.jsonl"))).unwrap();
    assert_clean("journal", journal.as_bytes());
    for escaped in ["\\u0000", "\\u001b", "\\u009b", "\\u202e", "\\u0007"] {
        assert!(!journal.contains(escaped), "{escaped} in {journal}");
    }
    assert!(journal.contains("\"Alex\"") && journal.contains("my secret"));
}

#[test]
fn names_given_with_escapes_are_refused() {
    let (_, err) = clean_run(
        "run --names",
        kintsugi().args([
            "run",
            "guides/every-kind.rhai",
            "--no-save",
            "--names",
            &format!("a=Alex{ESC}[2J,b=Sam"),
        ]),
        b"",
    );
    assert!(
        err.contains("the name for \"a\" is refused. That holds a control character (\\u001b)"),
        "{err}"
    );
}

/// A session saved with one answer, whose journal is then edited by hand to hold a
/// hostile name and answer (typed ones are refused, so a journal from elsewhere is how
/// they would come): returns its id.
fn hostile_session(data: &Path) -> String {
    stdout_of(&mut every_kind(data), "placeholder\n");
    let id = only_session(data);
    let path = data.join("sessions").join(format!("{id}.jsonl"));
    let edited: Vec<String> = std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .map(|line| {
            let mut record: serde_json::Value = serde_json::from_str(line).unwrap();
            if record["record"] == "start" {
                record["names"]["a"] = hostile_name().into();
            }
            if record["value"] == "placeholder" {
                record["value"] = hostile_answer().into();
            }
            serde_json::to_string(&record).unwrap()
        })
        .collect();
    std::fs::write(&path, edited.join("\n") + "\n").unwrap();
    // The couple with that name has agreed and been screened, so resume goes straight on.
    let now = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
    let mut couple = [hostile_name().to_lowercase(), "sam".to_string()];
    couple.sort();
    let profile = serde_json::json!({
        "region": "us",
        "couples": { couple.join("+"): { "consented": now, "screened": now } },
    });
    std::fs::write(data.join("profile.json"), profile.to_string()).unwrap();
    id
}

#[test]
fn a_hostile_name_and_answer_are_shown_escaped_everywhere_and_exact_in_json() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let id = hostile_session(data.path());
    let name = "Al\\u001b]0;pwned\\u0007ex\\u009b2J\\u202e";
    let answer = "\\u001b]52;c;aGk=\\u0007 \\u009b31m \\u202eevil \\u001b[2J";

    // The Markdown transcript.
    let (md, _) = clean_run(
        "transcript",
        kintsugi_in(data.path()).args(["transcript", &id]),
        b"",
    );
    assert!(md.contains(name) && md.contains(answer), "{md}");

    // JSON: clean on the screen, and the very same text when read back.
    let (json, _) = clean_run(
        "transcript --format json",
        kintsugi_in(data.path()).args(["transcript", &id, "--format", "json"]),
        b"",
    );
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["names"]["a"], hostile_name());
    assert!(json.contains("\\u001b]52"), "{json}");
    let answers: Vec<&serde_json::Value> = doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"]["type"] == "answer")
        .collect();
    assert_eq!(answers[0]["kind"]["value"], hostile_answer(), "{json}");

    // The export's preview and its file.
    let file = data.path().join("export.md");
    let (preview, _) = clean_run(
        "export",
        kintsugi_in(data.path()).args(["export", &id, "--out", &file.display().to_string()]),
        b"yes\nyes\n",
    );
    assert!(
        preview.contains(answer) && preview.contains(name),
        "{preview}"
    );
    let written = std::fs::read(&file).unwrap();
    assert_clean("the exported file", &written);
    let written = String::from_utf8(written).unwrap();
    assert!(
        written.contains(answer) && written.contains(name),
        "{written}"
    );
    assert!(preview.contains(&written), "the file is what was shown");

    // The resume recap, the REPL's screen and `:transcript` at its prompt.
    let (screen, _) = clean_run(
        "resume",
        kintsugi_in(data.path()).args(["resume", &id]),
        b":transcript\n",
    );
    assert!(
        screen.contains(&format!("Resuming \"Every kind\" with {name} and Sam")),
        "{screen}"
    );
    assert!(
        screen.contains(&format!("You said: {answer}")),
        "the recap: {screen}"
    );
    assert!(
        screen.contains(&format!("  {name}: {answer}")),
        ":transcript (plain text): {screen}"
    );

    // The list of sessions to resume.
    let (listed, _) = clean_run(
        "resume (list)",
        kintsugi_in(data.path()).args(["resume"]),
        b"",
    );
    assert!(listed.contains(name), "{listed}");
}

/// A guide whose every text holds escapes and overrides, raw in its file: the title,
/// summary, role descriptions, `say`, `say_to`, a prompt and its options, an agreement,
/// `finish`, step names (one unreachable, one missing, so `check`, `run` and `explore`
/// report them), and the source lines `check` quotes.
fn hostile_guide(dir: &Path) -> String {
    let text = format!(
        r#"guide(#{{
    title: "Title {ESC}]0;pwned{BEL} here",
    summary: "Summary {CSI}2J here",
    roles: #{{ a: "the first {RLO}partner", b: "the second {ESC}]52;c;aGk={BEL} partner" }},
    start: "welcome{ESC}[2J",
}});

step("welcome{ESC}[2J", || {{
    say("Say {ESC}]0;title{BEL} {RLO}here");
    say_to(a, "Only for you {ESC}]52;c;aGk={BEL}");
    let c = choose(both, "Pick {ESC}[31m one", ["Tea {ESC}]0;t{BEL}", "Coffee {CSI}2J"]);
    if c != "Tea {ESC}]0;t{BEL}" {{ next("missing{ESC}]0;x{BEL}") }}
    agree("We agree {RLO}on tea");
    finish("The end {ESC}[2J");
}});

step("lonely{ESC}]0;lonely{BEL}", || {{ finish("never") }});
"#
    );
    let path = dir.join("hostile.rhai");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn a_hostile_guide_is_shown_escaped_by_run_check_explore_and_graph() {
    let dir = tempfile::tempdir().unwrap();
    let guide = hostile_guide(dir.path());

    let (out, err) = clean_run(
        "run",
        kintsugi().args(["run", &guide, "--no-save", "--names", "a=Alex,b=Sam"]),
        b"1\n",
    );
    for shown in [
        "Title \\u001b]0;pwned\\u0007 here",
        "Summary \\u009b2J here",
        "Say \\u001b]0;title\\u0007 \\u202ehere",
        "Only for you \\u001b]52;c;aGk=\\u0007",
        "Pick \\u001b[31m one",
        "1. Tea \\u001b]0;t\\u0007",
        "2. Coffee \\u009b2J",
        "Agreed: We agree \\u202eon tea",
        "The end \\u001b[2J",
    ] {
        assert!(out.contains(shown), "{shown} in {out}");
    }
    assert!(err.contains("next(\"missing\\u001b]0;x\\u0007\")"), "{err}");
    // The path into the missing step: the guide's error, with its source line.
    let (out, err) = clean_run(
        "run (error)",
        kintsugi().args(["run", &guide, "--no-save", "--names", "a=Alex,b=Sam"]),
        b"2\n",
    );
    assert!(err.contains("missing\\u001b]0;x\\u0007"), "{out}\n{err}");
    // Asked for names, the roles' descriptions are shown.
    let (out, _) = clean_run(
        "run (names)",
        kintsugi().args(["run", &guide, "--no-save"]),
        b"Alex\nSam\n1\n",
    );
    assert!(out.contains("Who is the first \\u202epartner?"), "{out}");
    assert!(
        out.contains("Who is the second \\u001b]52;c;aGk=\\u0007 partner?"),
        "{out}"
    );

    for format in ["human", "short"] {
        let (out, _) = clean_run(
            "check",
            kintsugi().args(["check", &guide, "--format", format]),
            b"",
        );
        assert!(out.contains("lonely\\u001b]0;lonely\\u0007"), "{out}");
        assert!(out.contains("missing\\u001b]0;x\\u0007"), "{out}");
    }
    let (json, _) = clean_run(
        "check --format json",
        kintsugi().args(["check", &guide, "--format", "json"]),
        b"",
    );
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let messages: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains(&format!("missing{ESC}]0;x{BEL}"))),
        "JSON keeps the exact text: {messages:?}"
    );

    let paths = dir.path().join("paths");
    let (out, _) = clean_run(
        "explore",
        kintsugi().args([
            "explore",
            &guide,
            "--transcripts",
            &paths.display().to_string(),
        ]),
        b"",
    );
    assert!(out.contains("welcome\\u001b[2J"), "{out}");
    assert!(out.contains("missing\\u001b]0;x\\u0007"), "{out}");
    let mut written = 0;
    for entry in std::fs::read_dir(&paths).unwrap() {
        let path = entry.unwrap().path();
        assert_clean(&path.display().to_string(), &std::fs::read(&path).unwrap());
        written += 1;
    }
    assert_eq!(written, 2, "one transcript per path");
    let (json, _) = clean_run(
        "explore --format json",
        kintsugi().args(["explore", &guide, "--format", "json"]),
        b"",
    );
    serde_json::from_str::<serde_json::Value>(&json).unwrap();
    assert!(json.contains("welcome\\u001b[2J"), "{json}");

    for format in ["dot", "mermaid"] {
        let (out, _) = clean_run(
            "graph",
            kintsugi().args(["graph", &guide, "--format", format]),
            b"",
        );
        assert!(out.contains("welcome\\u001b[2J"), "{format}: {out}");
        let file = dir.path().join(format!("flow.{format}"));
        clean_run(
            "graph --output",
            kintsugi().args([
                "graph",
                &guide,
                "--format",
                format,
                "--output",
                &file.display().to_string(),
            ]),
            b"",
        );
        assert_clean("the graph's file", &std::fs::read(&file).unwrap());
    }
}

#[test]
fn a_piped_line_that_is_not_utf8_is_said_so_and_asked_again() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let input: &[u8] = b"Alex\n\xff\xfeSam\nSam\nfi\xc3ne\nfine\n1\n3\nyes\nsecret\n";
    let (out, _) = clean_run(
        "run",
        kintsugi_in(data.path()).args(["run", "guides/every-kind.rhai", "--no-save"]),
        input,
    );
    let said = "That line was not valid UTF-8 text, so it was not taken; please type it again.";
    assert_eq!(out.matches(said).count(), 2, "{out}");
    // The same question is asked again, and everything after the bad lines is used.
    assert!(out.contains("You said: fine"), "{out}");
    assert!(out.contains("── The end ──"), "{out}");

    // The same from an answers file.
    let answers = data.path().join("answers.txt");
    std::fs::write(&answers, b"\xc0\xafhi\nfine\n1\n3\nyes\nsecret\n").unwrap();
    let (out, _) = clean_run(
        "run --answers",
        kintsugi_in(data.path()).args([
            "run",
            "guides/every-kind.rhai",
            "--no-save",
            "--names",
            "a=Alex,b=Sam",
            "--answers",
            &answers.display().to_string(),
        ]),
        b"",
    );
    assert_eq!(out.matches(said).count(), 1, "{out}");
    assert!(out.contains("── The end ──"), "{out}");
}

/// At a terminal: an escape typed with Ctrl-V is shown escaped as it is typed, and
/// refused at Enter; bytes that are not UTF-8 are said so and asked again.
#[cfg(unix)]
#[test]
fn at_a_terminal_a_typed_escape_is_shown_escaped_and_refused() {
    let mut cmd = Terminal::command(&here());
    cmd.args([
        "run",
        "guides/every-kind.rhai",
        "--author",
        "--names",
        "a=Alex,b=Sam",
    ]);
    let mut terminal = Terminal::start(cmd, 24, 80);
    terminal.wait_for("Alex (test run) › ");
    // Ctrl-V, then ESC; later Ctrl-V, then Ctrl-G (BEL): an OSC that sets the title.
    terminal.type_keys(b"fi\x16\x1b]0;pwned\x16\x07ne\r");
    terminal.wait_for("That holds a control character (\\u001b)");
    terminal.type_keys(b"\xff\xfe\r");
    terminal.wait_for("That line was not valid UTF-8 text");
    terminal.type_keys(b"fine\r");
    terminal.wait_for("You said: fine");
    // Ctrl-D leaves.
    terminal.type_keys(b"\x04");
    assert!(terminal.left_within(30), "kintsugi did not leave on Ctrl-D");
    let shown = terminal.bytes();
    let text = String::from_utf8_lossy(&shown);
    // What was typed was on the screen, escaped, and never as the sequence itself.
    assert!(text.contains("fi\\u001b]0;pwned\\u0007ne"), "{text}");
    assert!(
        !shown.windows(3).any(|w| w == b"\x1b]0"),
        "raw OSC on the screen: {text}"
    );
    assert!(!shown.contains(&0x07), "raw BEL on the screen: {text}");
}
