//! The authoring commands through the real binary: `explore`, `test` and `graph`.

use crate::common::*;

struct Output {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn output(cmd: &mut Command) -> Output {
    let out = cmd
        .stdin(std::process::Stdio::null())
        .output()
        .expect("the binary runs");
    Output {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

// ---------------------------------------------------------------------------------------
// explore

#[test]
fn explore_finds_a_bug_planted_three_prompts_deep_and_says_how_to_reproduce_it() {
    snapshot!(kintsugi().args(["explore", "guides/planted.rhai"]));

    // The printed answers file and command, used as printed, hit the same error.
    let report = output(kintsugi().args(["explore", "guides/planted.rhai"]));
    assert_eq!(report.code, Some(1), "a path errs");
    let (_, rest) = report
        .stdout
        .split_once("cat > error-1.answers <<'ANSWERS'\n")
        .expect("an answers file");
    let (answers, rest) = rest.split_once("ANSWERS\n").unwrap();
    assert_eq!(answers, "Directly\nyes\n4\n");
    let command = rest.lines().next().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("error-1.answers");
    std::fs::write(&file, answers).unwrap();
    let args: Vec<String> = command
        .split_whitespace()
        .skip(1)
        .map(|a| {
            if a == "error-1.answers" {
                file.display().to_string()
            } else {
                a.to_string()
            }
        })
        .collect();
    assert_eq!(
        &args[..6],
        [
            "run",
            "guides/planted.rhai",
            "--names",
            "first=Alex,second=Sam",
            "--seed",
            "0"
        ]
    );
    let run = output(kintsugi().env("KINTSUGI_DATA_DIR", dir.path()).args(&args));
    assert_eq!(run.code, Some(1), "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("in step \"directly\": next(\"hard_talk\"): there is no step with that name"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("Sam (test run) › 4"), "{}", run.stdout);
}

#[test]
fn explore_reports_a_loop_with_no_way_out() {
    snapshot!(kintsugi().args(["explore", "guides/no-way-out.rhai"]));
}

#[test]
fn explore_as_json_gives_the_answers_file_and_command_for_each_error() {
    let out = output(kintsugi().args(["explore", "guides/planted.rhai", "--format", "json"]));
    assert_eq!(out.code, Some(1));
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["complete"], true);
    assert_eq!(doc["full_coverage"], true);
    let error = &doc["errors"][0];
    assert_eq!(error["answers_file"], "Directly\nyes\n4\n");
    assert_eq!(
        error["command"],
        "kintsugi run guides/planted.rhai --names first=Alex,second=Sam --seed 0 --author --answers error-1.answers"
    );
    assert_eq!(error["paths"], 2);
    assert_eq!(doc["runs"], 23);
}

#[test]
fn explore_cut_short_says_so_and_random_playthroughs_are_seeded() {
    // What was not explored was not checked: a cut search fails unless allowed.
    let out = output(kintsugi().args(["explore", "check-in", "--max-paths", "500"]));
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let out = output(kintsugi().args(["explore", "check-in", "--max-paths", "500", "--allow-cut"]));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stdout
            .contains("Note: the search was cut short: --max-paths 500 left"),
        "{}",
        out.stdout
    );
    let random = |seed: &str| {
        let out = output(kintsugi().args([
            "explore",
            "guides/planted.rhai",
            "--random",
            "30",
            "--seed",
            seed,
            "--format",
            "json",
        ]));
        let mut doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(doc["random"], 30);
        let answers = doc["errors"][0]["answers_file"].as_str().unwrap();
        assert!(answers.starts_with("Directly\nyes\n"), "{answers}");
        doc["walked"] = serde_json::Value::Null;
        doc.to_string()
    };
    assert_eq!(random("5"), random("5"));
}

#[test]
fn explore_follows_a_loop_max_rounds_rounds_and_names_it() {
    // The unbounded mirroring loop of issue 11: cut after three rounds, not 200,000 paths.
    let mirror = "../../engine/tests/explore/mirror_loop.rhai";
    let out = output(kintsugi().args(["explore", mirror, "--max-rounds", "3"]));
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    for said in [
        "Note: the search was cut short: --max-rounds 3 stopped",
        "that would ask one question more than 3 times",
        "A loop that may never end: line 12 (step \"mirror\") asks \"Say one thing you want your partner to hear.\" 4 times on the first path that went round more than --max-rounds allows",
        "\"round\" goes (none), 1, 2, 3",
        "raise --max-rounds",
    ] {
        assert!(out.stdout.contains(said), "{said}\n{}", out.stdout);
    }
    let out = output(kintsugi().args(["explore", mirror, "--max-rounds", "3", "--allow-cut"]));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
}

#[test]
fn explore_writes_one_transcript_per_path() {
    let dir = tempfile::tempdir().unwrap();
    let out = output(
        kintsugi()
            .args(["explore", "guides/planted.rhai", "--transcripts"])
            .arg(dir.path()),
    );
    assert_eq!(out.code, Some(1));
    let mut files: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    // 14 paths finish and 2 err; none joins another (every state is new).
    assert_eq!(files.len(), 16, "{files:?}");
    assert!(
        out.stdout.contains("Wrote 16 transcripts to"),
        "{}",
        out.stdout
    );
    let failed: Vec<&String> = files.iter().filter(|f| f.ends_with("-error.md")).collect();
    assert_eq!(failed.len(), 2, "{files:?}");
    let transcript = std::fs::read_to_string(dir.path().join(failed[0])).unwrap();
    insta::assert_snapshot!(transcript);
}

// ---------------------------------------------------------------------------------------
// test

/// A folder with a copy of the gratitude example: guide and scenario.
fn gratitude_copy() -> tempfile::TempDir {
    copy_of(
        &workspace().join("tests/examples"),
        &["gratitude.rhai", "gratitude.scenario"],
    )
}

#[test]
fn testing_fails_on_a_changed_prompt_with_a_diff_and_passes_after_accept() {
    let dir = gratitude_copy();
    let path = dir.path();
    // No expected transcript yet: a failure that says what to do. (Run in the folder
    // with no path: with no tests/scenarios here, the current folder is searched.)
    snapshot!(kintsugi().current_dir(path).arg("test"));
    let accepted = output(kintsugi().arg("test").arg(path).arg("--accept"));
    assert_eq!(accepted.code, Some(0), "{}", accepted.stdout);
    assert!(accepted.stdout.contains("accepted"), "{}", accepted.stdout);
    let expected = path.join("gratitude.transcript.md");
    assert!(expected.is_file());
    let again = output(kintsugi().arg("test").arg(path));
    assert_eq!(again.code, Some(0), "{}", again.stdout);
    assert!(
        again.stdout.contains("1 passed, 0 failed."),
        "{}",
        again.stdout
    );

    // The author rewords a question: the transcript no longer matches.
    let guide = path.join("gratitude.rhai");
    let text = std::fs::read_to_string(&guide).unwrap();
    let edited = text.replace("Shall we do this again?", "Shall we make this a habit?");
    assert_ne!(text, edited);
    std::fs::write(&guide, edited).unwrap();
    snapshot!(kintsugi().current_dir(path).arg("test"));

    let accepted = output(kintsugi().arg("test").arg(path).arg("--accept"));
    assert_eq!(accepted.code, Some(0), "{}", accepted.stdout);
    assert!(
        std::fs::read_to_string(&expected)
            .unwrap()
            .contains("Shall we make this a habit?")
    );
    let again = output(kintsugi().arg("test").arg(path.join("gratitude.scenario")));
    assert_eq!(again.code, Some(0), "{}", again.stdout);
}

#[test]
fn testing_says_when_a_scenario_stops_before_the_end() {
    let dir = folder(&[(
        "ready.scenario",
        "# Only the first answers; the check-in waits for more.\nguide: check-in\nnames: first=Alex, second=Sam\n---\nboth: Yes\nfirst: 7\n",
    )]);
    let first = output(kintsugi().arg("test").arg(dir.path()).arg("--accept"));
    assert_eq!(first.code, Some(0), "{}", first.stdout);
    snapshot!(
        kintsugi()
            .current_dir(dir.path())
            .args(["test", "ready.scenario"])
    );
    let strict = output(kintsugi().arg("test").arg(dir.path()).arg("--require-end"));
    assert_eq!(strict.code, Some(1), "{}", strict.stdout);
    assert!(strict.stdout.contains("--require-end"), "{}", strict.stdout);
}

#[test]
fn testing_reports_answers_that_do_not_fit_and_unknown_guides() {
    let dir = folder(&[
        (
            "wrong.scenario",
            "guide: check-in\nnames: first=Alex, second=Sam\n---\nboth: Yes\nsecond: 7\n",
        ),
        (
            "missing.scenario",
            "guide: no-such-guide\nnames: first=Alex, second=Sam\n---\n",
        ),
    ]);
    snapshot!(kintsugi().current_dir(dir.path()).args(["test", "."]));
}

#[test]
fn testing_the_example_scenario_passes() {
    let out = output(kintsugi().args(["test", "../../tests/examples"]));
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    assert!(out.stdout.contains("1 passed, 0 failed."), "{}", out.stdout);
}

/// `kintsugi test` writes the same transcripts as the project's own insta snapshots of
/// the same scenarios (tests/tests/snapshots/).
#[test]
fn testing_writes_transcripts_in_the_project_snapshots_format() {
    let dir = tempfile::tempdir().unwrap();
    let scenarios = workspace().join("tests/scenarios");
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&scenarios).unwrap() {
        let path = entry.unwrap().path();
        // The histories some scenarios give their guide lie beside them.
        if path.to_string_lossy().ends_with(".history.json") {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
        if path.extension().is_some_and(|e| e == "scenario") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            std::fs::copy(&path, dir.path().join(&name)).unwrap();
            names.push(name);
        }
    }
    assert!(!names.is_empty());
    let out = output(kintsugi().arg("test").arg(dir.path()).arg("--accept"));
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    for name in names {
        let snap = workspace()
            .join("tests/tests/snapshots")
            .join(format!("scenarios__scenario_transcripts@{name}.snap"));
        let snap = std::fs::read_to_string(&snap).unwrap();
        // An insta snapshot: a header between two `---` lines, then the content.
        let body = snap.splitn(3, "---\n").nth(2).unwrap();
        let stem = name.trim_end_matches(".scenario");
        let ours =
            std::fs::read_to_string(dir.path().join(format!("{stem}.transcript.md"))).unwrap();
        assert_eq!(ours.trim_end(), body.trim_end(), "{name}");
    }
}

/// The shipped guides' scenarios carry their expected transcripts too, so `kintsugi
/// test` passes in a fresh clone, and they stay the same as the insta snapshots above.
#[test]
fn the_shipped_scenarios_pass_under_kintsugi_test() {
    let out = output(kintsugi().current_dir(workspace()).arg("test"));
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    assert!(out.stdout.contains(" passed, 0 failed"), "{}", out.stdout);
}

/// The answers files `explore` prints fit `test` as they are: pasted after `---` with no
/// role marks, each way through the shipped guide's safety offer replays to the end the
/// way explore reported (an answer with a colon in it stays one answer).
#[test]
fn testing_takes_the_answers_files_explore_prints_unmarked() {
    let guide = "questions-and-transparency";
    let explored = output(kintsugi().args(["explore", guide, "--format", "json"]));
    let doc: serde_json::Value = serde_json::from_str(&explored.stdout).unwrap();
    let names: Vec<String> = doc["names"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(role, name)| format!("{role}={}", name.as_str().unwrap()))
        .collect();
    let ways = doc["offers"][0]["ways"].as_array().unwrap();
    assert!(ways.len() >= 3, "{}", explored.stdout);
    let dir = tempfile::tempdir().unwrap();
    let mut lasts = Vec::new();
    for (n, way) in ways.iter().enumerate() {
        let answers = way["answers_file"].as_str().unwrap();
        lasts.push(answers.lines().last().unwrap().to_string());
        std::fs::write(
            dir.path().join(format!("way{n}.scenario")),
            format!(
                "guide: {guide}\nnames: {}\nseed: {}\n---\n{answers}",
                names.join(", "),
                doc["seed"]
            ),
        )
        .unwrap();
    }
    assert!(lasts.iter().any(|l| l.contains(": ")), "{lasts:?}");
    let accepted = output(kintsugi().arg("test").arg(dir.path()).arg("--accept"));
    assert_eq!(accepted.code, Some(0), "{}", accepted.stdout);
    let again = output(kintsugi().arg("test").arg(dir.path()));
    assert_eq!(again.code, Some(0), "{}", again.stdout);
    assert!(
        again
            .stdout
            .contains(&format!("{} passed, 0 failed", ways.len())),
        "{}",
        again.stdout
    );
    // The answer with a colon was read whole: after the colon, it is none of the options.
    let (n, last) = lasts
        .iter()
        .enumerate()
        .find(|(_, l)| l.contains(": "))
        .unwrap();
    let file = dir.path().join(format!("way{n}.scenario"));
    let text = std::fs::read_to_string(&file).unwrap();
    let after = last.split_once(": ").unwrap().1;
    std::fs::write(&file, text.replace(last.as_str(), after)).unwrap();
    let wrong = output(kintsugi().arg("test").arg(&file));
    assert_eq!(wrong.code, Some(1), "{}", wrong.stdout);
    assert!(wrong.stdout.contains("does not answer"), "{}", wrong.stdout);
}

// ---------------------------------------------------------------------------------------
// graph

/// Reads a DOT string starting at `s` (which must start with `"`): returns its length.
fn dot_string(s: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in s.char_indices().skip(1) {
        match (escaped, c) {
            (true, _) => escaped = false,
            (false, '\\') => escaped = true,
            (false, '"') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// Checks what `dot` needs without running it: one statement per line, every id a quoted
/// string, quotes closed on their line, braces and brackets balanced.
fn assert_well_formed_dot(dot: &str) {
    let lines: Vec<&str> = dot.lines().collect();
    assert!(
        lines[0].starts_with("digraph \"") && lines[0].ends_with(" {"),
        "{}",
        lines[0]
    );
    assert_eq!(*lines.last().unwrap(), "}");
    let (mut braces, mut brackets) = (0i32, 0i32);
    for line in &lines {
        let mut rest = *line;
        while let Some(c) = rest.chars().next() {
            let len = match c {
                '"' => dot_string(rest).unwrap_or_else(|| panic!("unclosed quote: {line}")),
                '{' => {
                    braces += 1;
                    1
                }
                '}' => {
                    braces -= 1;
                    1
                }
                '[' => {
                    brackets += 1;
                    1
                }
                ']' => {
                    brackets -= 1;
                    1
                }
                c => c.len_utf8(),
            };
            rest = &rest[len..];
            assert!(braces >= 0 && brackets >= 0, "{line}");
        }
        assert_eq!(brackets, 0, "brackets close on their line: {line}");
    }
    assert_eq!(braces, 0);
    for line in &lines[1..lines.len() - 1] {
        let line = line.trim();
        assert!(line.ends_with(';'), "{line}");
        if ["graph [", "node [", "edge ["]
            .iter()
            .any(|k| line.starts_with(k))
        {
            continue;
        }
        // A node `"id" [...]` or an edge `"a" -> "b" [...]`: ids are quoted.
        let first = dot_string(line).unwrap_or_else(|| panic!("an unquoted id: {line}"));
        let rest = line[first..].trim_start();
        if let Some(edge) = rest.strip_prefix("->") {
            let edge = edge.trim_start();
            assert!(dot_string(edge).is_some(), "an unquoted id: {line}");
        } else {
            assert!(rest.starts_with('['), "{line}");
        }
    }
}

/// Checks Mermaid ids are plain words defined before use, and every label quoted with no
/// raw quote inside.
fn assert_well_formed_mermaid(text: &str) {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("---"));
    assert!(lines.next().unwrap().starts_with("title: \""));
    assert_eq!(lines.next(), Some("---"));
    assert_eq!(lines.next(), Some("flowchart TD"));
    let mut defined = std::collections::HashSet::new();
    let is_id = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric());
    for line in lines {
        let line = line.trim();
        assert_eq!(line.matches('"').count() % 2, 0, "{line}");
        if line.starts_with("classDef ") {
            continue;
        }
        if let Some(ids) = line.strip_prefix("class ") {
            let ids = ids.split_whitespace().next().unwrap();
            assert!(ids.split(',').all(|id| defined.contains(id)), "{line}");
            continue;
        }
        let arrow = [" --> ", " -.-> ", " -->|", " -.->|"]
            .iter()
            .find_map(|a| line.find(a).map(|i| (i, *a)));
        match arrow {
            Some((i, _)) => {
                let from = &line[..i];
                let to = line.rsplit(' ').next().unwrap();
                assert!(defined.contains(from) && defined.contains(to), "{line}");
                if let Some(label) = line[i..].split('|').nth(1) {
                    assert!(label.starts_with('"') && label.ends_with('"'), "{line}");
                    assert!(!label[1..label.len() - 1].contains('"'), "{line}");
                }
            }
            None => {
                let id: String = line
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                assert!(is_id(&id), "{line}");
                let shape = &line[id.len()..];
                let label = shape.split('"').nth(1).unwrap_or_else(|| panic!("{line}"));
                assert!(!label.contains('<') || label.contains("<br/>"), "{line}");
                defined.insert(id);
            }
        }
    }
}

fn graph(guide: &str, format: &str, extra: &[&str]) -> String {
    let out = output(
        kintsugi()
            .args(["graph", guide, "--format", format])
            .args(extra),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    out.stdout
}

#[test]
fn graph_draws_errors_dead_ends_and_finishes() {
    snapshot!(kintsugi().args(["graph", "guides/planted.rhai"]));
    snapshot!(kintsugi().args(["graph", "guides/no-way-out.rhai", "--format", "mermaid"]));
    for guide in ["guides/planted.rhai", "guides/no-way-out.rhai"] {
        assert_well_formed_dot(&graph(guide, "dot", &[]));
        assert_well_formed_mermaid(&graph(guide, "mermaid", &[]));
    }
}

#[test]
fn graph_of_every_shipped_guide_is_well_formed_and_renders_where_graphviz_is() {
    let dot_here = std::process::Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    let scripts = workspace().join("scripts");
    let mut shipped: Vec<String> = std::fs::read_dir(&scripts)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rhai"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    shipped.sort();
    for name in shipped {
        // Deep enough for every step and move; the tests run unoptimised.
        let limits = ["--max-depth", "30"];
        let dot = graph(&name, "dot", &limits);
        assert_well_formed_dot(&dot);
        assert!(
            dot.contains("shape=doublecircle"),
            "{name}: a finish is marked"
        );
        assert_well_formed_mermaid(&graph(&name, "mermaid", &limits));
        if name == "check-in" {
            insta::assert_snapshot!(dot);
        }
        if dot_here {
            let (out, _) = run_with(std::process::Command::new("dot").arg("-Tsvg"), &dot);
            assert!(
                out.status.success() && out.stderr.is_empty(),
                "{name}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

#[test]
fn graph_escapes_quotes_in_ids_and_labels() {
    let dir = tempfile::tempdir().unwrap();
    let guide = dir.path().join("quotes.rhai");
    std::fs::write(
        &guide,
        r#"guide(#{ title: "Say \"hi\" #1 <b>", roles: #{ a: "one" }, start: "a \"quoted\" step" });
step("a \"quoted\" step", || {
    let x = choose(a, "Which?", ["\"Yes\" | <sure>", "No #2"]);
    if x == "No #2" { finish("Bye") }
    next("b\\c")
});
step("b\\c", || {
    if 1 > 2 { next("spare") }
    finish("Done")
});
step("spare", || { finish("Never") });
"#,
    )
    .unwrap();
    let path = guide.display().to_string();
    let dot = graph(&path, "dot", &[]);
    assert_well_formed_dot(&dot);
    assert!(dot.contains(r#""step:a \"quoted\" step""#), "{dot}");
    assert!(dot.contains(r#""step:b\\c""#), "{dot}");
    let mermaid = graph(&path, "mermaid", &[]);
    assert_well_formed_mermaid(&mermaid);
    assert!(
        mermaid.contains("#quot;Yes#quot; #124; #lt;sure#gt;"),
        "{mermaid}"
    );
    assert!(mermaid.contains("No #35;2"), "{mermaid}");
    // A move written in the guide but never taken is dashed; a step never reached too.
    assert!(mermaid.contains("s1 -.->|\"not taken\"| s2"), "{mermaid}");
    assert!(
        dot.contains("\"step:spare\" [label=\"spare\\n(never reached)\""),
        "{dot}"
    );
    insta::assert_snapshot!(mermaid);
}

/// Explore's way through a disclosure, replayed with the command explore suggests for
/// its errors: the run reaches the same end and places no hold in the data folder (a
/// counselor replaying it must not put a couple's guides on hold).
#[test]
fn replaying_a_way_through_a_disclosure_places_no_hold() {
    let dir = tempfile::tempdir().unwrap();
    let guide = dir.path().join("mirror.rhai");
    std::fs::write(
        &guide,
        r#"guide(#{ title: "Mirror", roles: #{ sender: "speaks", receiver: "listens" }, start: "a" });
step("a", || {
    ask(sender, "Say one thing.", #{ examples: ["I felt alone."] });
    ask(receiver, "Say it back.", #{ mirror: true, examples: ["You said you wanted to die."] });
    finish("Thank you.")
});
"#,
    )
    .unwrap();
    let out = output(kintsugi().current_dir(dir.path()).args([
        "explore",
        "mirror.rhai",
        "--format",
        "json",
    ]));
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let ways = doc["offers"][0]["ways"].as_array().unwrap();
    let held = ways
        .iter()
        .find(|w| {
            w["answers"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a["line"] == "Stop our conversations together until tomorrow")
        })
        .expect("a way that stops until tomorrow");
    let answers: String = held["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| format!("{}\n", a["line"].as_str().unwrap()))
        .collect();
    std::fs::write(dir.path().join("way.answers"), answers).unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    // The command as explore words it for an error's path.
    let replay = output(
        kintsugi_in(&data)
            .current_dir(dir.path())
            .args(["run", "mirror.rhai", "--names", "sender=Alex,receiver=Sam"])
            .args(["--seed", "0", "--author", "--answers", "way.answers"]),
    );
    assert!(
        replay.stdout.contains("Are you safe right now?"),
        "{}{}",
        replay.stdout,
        replay.stderr
    );
    let profile = std::fs::read_to_string(data.join("profile.json")).unwrap_or_default();
    assert!(!profile.contains("hold"), "{profile}");
}
