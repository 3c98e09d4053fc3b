//! `kintsugi check` and `kintsugi defs`, through the real binary.

use crate::common::*;

#[test]
fn a_broken_guide_shows_each_problem_with_its_code_and_place() {
    snapshot!(kintsugi().args(["check", "check/broken.rhai"]));
}

/// A counselor's syntax mistakes (a missing `;` or `}`, an unclosed `(`, curly quotes,
/// `elif`, a word of the language as a name), each said in the guide language's words
/// at the place to fix, with the fix.
#[test]
fn syntax_mistakes_are_said_in_plain_words_where_they_are() {
    snapshot!(kintsugi().args(["check", "--format", "short", "check/syntax"]));
    snapshot!(kintsugi().args(["check", "check/syntax/semi2.rhai"]));
}

/// `run`, `explore` and `check` say a syntax error in the same words (they come from
/// the one place loading a guide turns a parse error into ours).
#[test]
fn run_explore_and_check_say_a_syntax_error_alike() {
    let words = "check/syntax/semi2.rhai:4:32: a `;` is missing at the end of line 4";
    for args in [
        &[
            "run",
            "check/syntax/semi2.rhai",
            "--author",
            "--no-save",
            "--names",
            "hurt=A,other=B",
        ][..],
        &["explore", "check/syntax/semi2.rhai"][..],
    ] {
        let (out, err) = outputs_of(kintsugi().args(args), "");
        assert!(err.contains(words), "{args:?}: {out}{err}");
        assert!(!err.contains("Expecting"), "{args:?}: {err}");
    }
    let (out, _) = outputs_of(
        kintsugi().args(["check", "--format", "short", "check/syntax/semi2.rhai"]),
        "",
    );
    assert!(
        out.contains(
            "check/syntax/semi2.rhai:4:32: error[K0001]: a `;` is missing at the end of line 4"
        ),
        "{out}"
    );
}

#[test]
fn warnings_only_exit_with_1_and_short_lines_for_editors() {
    snapshot!(kintsugi().args(["check", "--format", "short", "check/warnings.rhai"]));
}

#[test]
fn json_for_tools() {
    snapshot!(kintsugi().args([
        "check",
        "--format",
        "json",
        "check/broken.rhai",
        "guides/syntax.rhai"
    ]));
}

#[test]
fn every_shipped_guide_checks_clean_by_name_and_by_folder() {
    snapshot!(kintsugi().args(["check", "acknowledge-hurt", "check-in"]));
    let output = kintsugi()
        .args(["check", "--format", "short", "../../scripts"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn a_file_that_cannot_be_read_is_an_error() {
    snapshot!(kintsugi().args(["check", "--format", "short", "check/no-such-guide.rhai"]));
}

#[test]
fn defs_writes_definition_files_with_docs_and_the_roles() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("defs");
    let output = kintsugi()
        .args(["defs", out.to_str().unwrap(), "--guide", "check-in"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let read = |name: &str| {
        std::fs::read_to_string(out.join(name))
            .unwrap_or_else(|e| panic!("defs should write {name}: {e}"))
    };
    let functions = read("__static__.d.rhai");
    assert!(functions.starts_with("module static;"));
    for expected in [
        "/// Asks for free text.",
        "fn ask(who: Target, text: string) -> ?;",
        "fn choose(who: Target, text: string, choices: array) -> ?;",
        "fn choose_many(who: Target, text: string, choices: array, min: int, max: int) -> array;",
        "fn join(list: array, separator: string) -> string;",
        "fn next(step: string) -> ();",
        "fn privately(who: Target) -> Target;",
        "fn reveal(label: string, answers: map) -> ();",
        "fn reveal(who: Target, answer: ?) -> ();",
        "fn get name(who: Target) -> string;",
        "fn random(min: int, max: int) -> int;",
    ] {
        assert!(
            functions.contains(expected),
            "__static__.d.rhai should have `{expected}`"
        );
    }
    read("__builtin__.d.rhai");
    insta::assert_snapshot!(read("kintsugi-roles.d.rhai"));
}

#[test]
fn running_a_guide_file_first_lists_the_errors_check_finds() {
    let data = tempfile::tempdir().unwrap();
    snapshot!(
        kintsugi_in(data.path())
            .args(["run", "guides/misspelt.rhai", "--no-save"])
            .pass_stdin("Alex\nSam\nyes\n")
    );
}

/// A folder with a module: the summary counts it as a module, not as a guide.
#[test]
fn a_folders_summary_counts_guides_and_modules_apart() {
    let dir = tempfile::tempdir().unwrap();
    let guide = |title: &str| {
        format!(
            "guide(#{{ title: \"{title}\", roles: #{{ a: \"x\" }}, start: \"s\" }});\nstep(\"s\", || {{\n    import \"helper\" as h;\n    finish(h::bye())\n}});\n"
        )
    };
    std::fs::write(dir.path().join("one.rhai"), guide("One")).unwrap();
    std::fs::write(dir.path().join("two.rhai"), guide("Two")).unwrap();
    std::fs::write(dir.path().join("helper.rhai"), "fn bye() { \"Bye.\" }\n").unwrap();
    let output = kintsugi().arg("check").arg(dir.path()).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("2 guides and 1 module checked: no errors, no warnings."),
        "{stdout}"
    );
}
