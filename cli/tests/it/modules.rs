//! Modules (issue 11, item 4): a file that declares no guide is checked as a module, so a
//! folder with a guide and its helper passes `check`; every import is resolved before
//! anything runs (a missing or broken module stops the guide before the couple answers
//! anything, with the module's own file, line and column); `kintsugi bundle` writes a
//! guide and its modules as one file that checks and runs alone as its guide does.

use crate::common::*;
use std::path::Path;

/// A copy of `cli/tests/guides/imports` (letter.rhai and its module texts.rhai).
fn letter_folder() -> tempfile::TempDir {
    copy_of(
        &here().join("guides/imports"),
        &["letter.rhai", "texts.rhai"],
    )
}

/// A guide whose only import is in its last step: before, a missing module was found
/// only there, after the couple did all the work.
const LATE_IMPORT: &str = r#"guide(#{
    title: "Late import",
    roles: #{ a: "one", b: "other" },
    start: "one",
});

step("one", || {
    ask(a, "Something long to write?");
    next("two")
});

step("two", || {
    import "closing" as c;
    finish(c::words())
});
"#;

/// An author's run of `LATE_IMPORT` (as late.rhai in `dir`), answered up to its import.
fn run_late(dir: &Path) -> (std::process::Output, String) {
    run_with(
        kintsugi_from(dir).args(["run", "late.rhai", "--no-save", "--author"]),
        "Alex\nSam\nA long answer\n",
    )
}

/// A closing module whose function fails when it runs (line 4, column 7).
const FAILING_CLOSING: &str =
    "// The closing words.\nfn words() {\n    let n = 1;\n    n.no_such_thing()\n}\n";

/// `kintsugi check .` in a folder with a helper module reported the module as a guide
/// that never declares itself (exit 2): a folder with modules could never pass.
#[test]
fn a_folder_with_a_guide_and_its_module_passes_check() {
    let dir = letter_folder();
    let (out, said) = run_with(kintsugi_from(dir.path()).args(["check", "."]), "");
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.contains("./texts.rhai: ok (a module)"), "{said}");
    assert!(said.contains("./letter.rhai: ok"), "{said}");
    assert!(!said.contains("K0002"), "{said}");
}

/// A module is checked as a module: its own syntax error at its own place, and its own
/// imports.
#[test]
fn a_module_is_checked_as_a_module() {
    let dir = folder(&[
        ("broken.rhai", "fn a() {\n    let x = ;\n}\n"),
        (
            "leans.rhai",
            "import \"nowhere\" as n;\nfn b() { n::c() }\n",
        ),
    ]);
    let (out, said) = run_with(
        kintsugi_from(dir.path()).args(["check", "--format", "short", "."]),
        "",
    );
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.contains("./broken.rhai:2:13: error[K0001]"), "{said}");
    assert!(
        said.contains("./leans.rhai:1:1: error[K0022]: import \"nowhere\""),
        "{said}"
    );
    assert!(!said.contains("K0002"), "{said}");
}

/// A module that does not parse was counted as a guide ("2 guides checked"): its words
/// call no guide(...) and no step(...), so it is a module.
#[test]
fn a_module_that_does_not_parse_is_counted_as_a_module() {
    let dir = folder(&[
        ("late.rhai", LATE_IMPORT),
        ("closing.rhai", "fn words() {\n    \"Thank you.\n}\n"),
    ]);
    let (out, said) = run_with(kintsugi_from(dir.path()).args(["check", "."]), "");
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.contains("closing.rhai:2:"), "{said}");
    assert!(said.contains("1 guide and 1 module checked"), "{said}");
}

/// A misspelt import is told the module of the closest name in the folder; a misspelt
/// module function is underlined whole (`c::wrds`), not only its alias.
#[test]
fn misspelt_imports_and_module_calls_are_named_whole_with_the_closest() {
    let dir = folder(&[
        ("late.rhai", &LATE_IMPORT.replace("c::words()", "c::wrds()")),
        ("closing.rhai", "fn words() { \"Thank you.\" }\n"),
        (
            "other.rhai",
            &LATE_IMPORT.replace("import \"closing\"", "import \"closng\""),
        ),
    ]);
    let (_, said) = run_with(
        kintsugi_from(dir.path()).args(["check", "--format", "json", "late.rhai", "other.rhai"]),
        "",
    );
    let json: serde_json::Value = serde_json::from_str(&said).expect(&said);
    let diagnostics = json["diagnostics"].as_array().unwrap();
    let call = diagnostics
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .contains("no function `wrds`")
        })
        .expect(&said);
    let width = call["end_column"].as_i64().unwrap() - call["column"].as_i64().unwrap();
    assert_eq!(width, "c::wrds".len() as i64, "{said}");
    assert!(
        call["help"]
            .as_str()
            .unwrap()
            .contains("did you mean `c::words`?"),
        "{said}"
    );
    let import = diagnostics
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("import \"closng\""))
        .expect(&said);
    assert!(
        import["help"]
            .as_str()
            .unwrap()
            .starts_with("did you mean `import \"closing\"`?"),
        "{said}"
    );
}

/// A misspelt import, or a guide sent without its module: `check` says so at the
/// import, and the run stops before anyone is asked anything (it used to fail at the
/// last step, after the couple did all the work).
#[test]
fn a_missing_module_stops_the_guide_before_anyone_answers() {
    let dir = folder(&[("late.rhai", LATE_IMPORT)]);
    let (out, said) = run_with(
        kintsugi_from(dir.path()).args(["check", "--format", "short", "late.rhai"]),
        "",
    );
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(
            "late.rhai:13:5: error[K0022]: import \"closing\": there is no module closing.rhai"
        ),
        "{said}"
    );
    let (out, said) = run_late(dir.path());
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("error: late.rhai:13:5: import \"closing\""),
        "{said}"
    );
    assert!(!said.contains("Who is"), "nothing is asked: {said}");
    assert!(!said.contains("Something long"), "nothing is asked: {said}");
}

/// A module with a syntax error passed `check`, and the run named the guide's file and
/// a line of the guide. Now both name the module's own file, line and column.
#[test]
fn a_broken_module_is_named_with_its_own_file_line_and_column() {
    let dir = folder(&[
        ("late.rhai", LATE_IMPORT),
        (
            "closing.rhai",
            "// The closing words.\nfn words() {\n    let x = ;\n}\n",
        ),
    ]);
    let (out, said) = run_with(
        kintsugi_from(dir.path()).args(["check", "--format", "short", "late.rhai"]),
        "",
    );
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("late.rhai:13:5: error[K0022]: import \"closing\": the module closing.rhai is not valid Rhai: a value is missing before this `;`: write it, or remove what asks for it (line 3, column 13 of closing.rhai)"),
        "{said}"
    );
    let (out, said) = run_late(dir.path());
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("error: closing.rhai:3:13: the module closing.rhai (imported at late.rhai:13:5) is not valid Rhai"),
        "{said}"
    );
    // The line shown is the module's, not the guide's line 3.
    assert!(said.contains("3 │     let x = ;"), "{said}");
    assert!(!said.contains("Who is"), "nothing is asked: {said}");
}

/// An error inside a module's function was reported in the guide's file, at the
/// module's line.
#[test]
fn an_error_in_a_module_function_names_the_module() {
    let dir = folder(&[
        ("late.rhai", LATE_IMPORT),
        ("closing.rhai", FAILING_CLOSING),
    ]);
    let (_, said) = run_late(dir.path());
    assert!(
        said.contains(
            "error: closing.rhai:4:7: in step \"two\": there is no function `no_such_thing`"
        ),
        "{said}"
    );
    assert!(said.contains("4 │     n.no_such_thing()"), "{said}");
}

/// A run-time error in a bundled module showed no source lines: they are shown from the
/// bundle, where the module's lines are.
#[test]
fn an_error_in_a_bundled_module_shows_its_lines_from_the_bundle() {
    let dir = folder(&[
        ("late.rhai", LATE_IMPORT),
        ("closing.rhai", FAILING_CLOSING),
    ]);
    let (out, said) = run_with(
        kintsugi_from(dir.path()).args(["bundle", "late.rhai", "-o", "one.rhai"]),
        "",
    );
    assert!(out.status.success(), "{said}");
    std::fs::remove_file(dir.path().join("closing.rhai")).unwrap();
    let (_, said) = run_with(
        kintsugi_from(dir.path()).args(["run", "one.rhai", "--no-save", "--author"]),
        "Alex\nSam\nA long answer\n",
    );
    assert!(
        said.contains("error: one.rhai, bundled module closing.rhai:4:7:"),
        "{said}"
    );
    assert!(said.contains("│ // |     n.no_such_thing()"), "{said}");
    assert!(said.contains("╭─[one.rhai:"), "{said}");
}

/// The transcript of the one session in `data`, without the line naming the guide's file.
fn transcript(data: &Path) -> String {
    let id = only_session(data);
    let (out, said) = run_with(kintsugi_in(data).args(["transcript", &id]), "");
    assert!(out.status.success(), "{said}");
    said
}

/// `kintsugi bundle` writes the guide and its modules as one file; copied alone to a
/// folder elsewhere it checks clean and runs, answer for answer and draw for draw, as
/// the guide beside its module does. The guide alone (sent without its module) fails
/// at once.
#[test]
fn a_bundled_guide_checks_and_runs_alone_as_its_guide_does() {
    let dir = letter_folder();
    let (out, said) = run_with(
        kintsugi_from(dir.path()).args(["bundle", "letter.rhai", "-o", "one-file.rhai"]),
        "",
    );
    assert!(out.status.success(), "{said}");
    assert!(said.contains("1 module bundled: texts"), "{said}");

    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::copy(
        dir.path().join("one-file.rhai"),
        elsewhere.path().join("one-file.rhai"),
    )
    .unwrap();
    std::fs::copy(
        dir.path().join("letter.rhai"),
        elsewhere.path().join("letter.rhai"),
    )
    .unwrap();
    assert_eq!(
        std::fs::read_dir(elsewhere.path()).unwrap().count(),
        2,
        "the bundle and the guide alone, no module"
    );

    let (out, said) = run_with(
        kintsugi_from(elsewhere.path()).args(["check", "one-file.rhai"]),
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.contains("one-file.rhai: ok"), "{said}");

    let answers = "Dear Tom\n7\nyes\nBye now\n";
    let run = |at: &Path, guide: &str| {
        let data = tempfile::tempdir().unwrap();
        screened(data.path());
        let (out, said) = run_with(
            kintsugi_in(data.path()).current_dir(at).args([
                "run",
                guide,
                "--seed",
                "11",
                "--names",
                "a=Noor,b=Tom",
            ]),
            answers,
        );
        assert!(out.status.success(), "{guide}: {said}");
        assert!(said.contains("Farewell, from the module."), "{said}");
        (said, transcript(data.path()))
    };
    // What differs is the session's id (named after the file) and nothing else.
    let conversation = |said: &str| -> String {
        said.lines()
            .filter(|line| !line.contains("session") && !line.contains("kintsugi transcript"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let (ran, unbundled) = run(dir.path(), "letter.rhai");
    let (ran_alone, bundled) = run(elsewhere.path(), "one-file.rhai");
    assert_eq!(
        conversation(&ran_alone),
        conversation(&ran),
        "the same conversation"
    );
    assert!(
        unbundled.contains("rated the day 7 (draw 445)"),
        "{unbundled}"
    );
    assert_eq!(
        bundled.replace("one-file.rhai", "letter.rhai"),
        unbundled,
        "the same transcript"
    );

    // The guide sent without its module fails to check and to start.
    let (out, said) = run_with(
        kintsugi_from(elsewhere.path()).args(["check", "letter.rhai"]),
        "",
    );
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.contains("K0022"), "{said}");
    let (out, said) = run_with(
        kintsugi_from(elsewhere.path()).args(["run", "letter.rhai", "--no-save", "--author"]),
        "Noor\nTom\nDear Tom\n",
    );
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(!said.contains("Who is"), "nothing is asked: {said}");

    // A module bundled is read before a file of the same name beside the bundle.
    std::fs::write(
        elsewhere.path().join("texts.rhai"),
        "fn opening() { \"Not this one.\" }\nfn question() { \"?\" }\nfn closing(a, b, c) { \"\" }\nfn farewell() { \"Not this one.\" }\n",
    )
    .unwrap();
    let (again, _) = run(elsewhere.path(), "one-file.rhai");
    assert_eq!(conversation(&again), conversation(&ran));
}

/// A guide whose module is missing is never bundled: the bundle would not run.
#[test]
fn a_guide_with_a_missing_module_is_not_bundled() {
    let dir = folder(&[("late.rhai", LATE_IMPORT)]);
    let (out, said) = run_with(
        kintsugi_from(dir.path()).args(["bundle", "late.rhai", "-o", "one.rhai"]),
        "",
    );
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("import \"closing\""), "{said}");
    assert!(!dir.path().join("one.rhai").exists());
}

/// An import whose name is computed when it runs cannot be followed (no module is
/// gathered for it) and always failed at run time: `check` says so where it is written.
#[test]
fn an_import_with_a_computed_name_is_reported() {
    let dir = folder(&[
        (
            "computed.rhai",
            "guide(#{ title: \"C\", roles: #{ a: \"one\" }, start: \"one\" });\nstep(\"one\", || {\n    let n = \"te\" + \"xts\";\n    import n as t;\n    finish(t::closing())\n});\n",
        ),
        ("texts.rhai", "fn closing() { \"Bye.\" }\n"),
    ]);
    let (out, said) = run_with(
        kintsugi_from(dir.path()).args(["check", "--format", "short", "computed.rhai"]),
        "",
    );
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("computed.rhai:4:5: error[K0022]: import with a name computed when it runs"),
        "{said}"
    );
}

/// A module's function bodies were checked only when the module was checked alone:
/// `check g.rhai` and `check` of its bundle said ok while helper.rhai called a function
/// that does not exist. Now a guide's check checks its modules' code as a guide's own
/// functions are checked, in the module's file and line, or in a bundle at the bundle's
/// line, naming the module; a folder says each problem once.
#[test]
fn the_code_of_a_guides_modules_is_checked_with_it_and_in_its_bundle() {
    let guide = "guide(#{ title: \"t\", summary: \"s\", roles: #{ first: \"a\", second: \"b\" }, start: \"a\" });\nstep(\"a\", || {\n    import \"helper\" as h;\n    let w = ask(first, \"A word?\", #{ examples: [\"hi\"] });\n    say(h::shout(w));\n    finish(\"bye\")\n});\n";
    let helper = "// helper.rhai\nfn shout(w) {\n    let x = w;\n    let n = x.trim().len();\n    x.to_upper() + missing_thing(x) + say_twice(x)\n}\nfn say_twice(a, b) { a + b }\n";
    let dir = folder(&[("g.rhai", guide), ("helper.rhai", helper)]);
    let wanted = [
        "helper.rhai:4:22: error[K0034]: `len` is used on what `trim()` gives back",
        "helper.rhai:5:20: error[K0019]: there is no function `missing_thing`",
        "helper.rhai:5:39: error[K0019]: `say_twice` is given 1 value, but takes 2",
    ];
    for args in [
        &["check", "--format", "short", "g.rhai"][..],
        &["check", "--format", "short", "helper.rhai"][..],
        &["check", "--format", "short", "."][..],
    ] {
        let (out, said) = run_with(kintsugi_from(dir.path()).args(args), "");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {said}");
        for line in wanted {
            assert_eq!(
                said.matches(line).count(),
                1,
                "{args:?}: {line} once in\n{said}"
            );
        }
        assert_eq!(said.lines().count(), wanted.len(), "{args:?}: {said}");
    }
    // Shown from the module's own file.
    let (_, said) = run_with(kintsugi_from(dir.path()).args(["check", "g.rhai"]), "");
    assert!(
        said.contains("5 │     x.to_upper() + missing_thing(x)"),
        "{said}"
    );

    let (out, said) = run_with(
        kintsugi_from(dir.path()).args(["bundle", "g.rhai", "-o", "one.rhai"]),
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{said}");
    let elsewhere = folder(&[]);
    std::fs::copy(
        dir.path().join("one.rhai"),
        elsewhere.path().join("one.rhai"),
    )
    .unwrap();
    let (out, said) = run_with(
        kintsugi_from(elsewhere.path()).args(["check", "--format", "short", "one.rhai"]),
        "",
    );
    assert_eq!(out.status.code(), Some(2), "{said}");
    // The module's line 5 is the bundle's line 15, five columns right of `// | `.
    assert!(
        said.contains("one.rhai:15:25: error[K0019]: in the bundled module helper.rhai: there is no function `missing_thing`"),
        "{said}"
    );
    let (_, said) = run_with(
        kintsugi_from(elsewhere.path()).args(["check", "one.rhai"]),
        "",
    );
    assert!(
        said.contains("15 │ // |     x.to_upper() + missing_thing(x)"),
        "{said}"
    );
}
