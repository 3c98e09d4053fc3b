//! Hostile guides under a memory cap: a step that says, agrees to or remembers without
//! end is stopped by the engine's bounds (README, "Rules worth knowing") with an error
//! naming the step, long before the process could run out of memory. Each run is
//! capped with `ulimit -v` (512 MiB of address space, the steps' 64 MiB stack reserve
//! included), so a bound that stopped holding would end in an allocation failure (an
//! abort), not in a machine swapping: before the bounds, these took 2.5 to 12 GB.

use std::process::{Command, Stdio};

/// Address space a run may take, in KiB.
const CAP_KIB: u64 = 512 * 1024;

const HEADER: &str = r#"guide(#{ title: "Hostile", roles: #{ a: "the first partner", b: "the second partner" }, start: "one" });"#;

/// A text of 65,000 bytes, built inside the step (a text holds at most 64 KiB).
const LONG: &str =
    r#"let s = "x"; while s.len() < 32000 { s += s; } s = s + s.sub_string(0, 65000 - s.len());"#;

/// Runs `body` as step "one" of a guide through the binary under the cap, with no
/// answers; returns the exit status's code and what was written to standard error.
fn run_capped(body: &str) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let guide = dir.path().join("hostile.rhai");
    std::fs::write(
        &guide,
        format!("{HEADER}\nstep(\"one\", || {{ {body} }});\n"),
    )
    .unwrap();
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {CAP_KIB} && exec \"$0\" \"$@\""))
        .arg(insta_cmd::get_cargo_bin("kintsugi"))
        .args(["run", guide.to_str().unwrap(), "--no-save"])
        .args(["--names", "a=Alex,b=Sam"])
        .current_dir(dir.path())
        .env_remove("KINTSUGI_DATA_DIR")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn assert_stopped(body: &str, says: &str) {
    let (code, err) = run_capped(body);
    // A signal (an abort on a failed allocation) has no exit code.
    assert_eq!(code, Some(1), "{body}: {err}");
    assert!(
        err.contains("in step \"one\"") && err.contains(says),
        "{body}: expected an error naming the step and saying {says:?}: {err}"
    );
    for sign in ["panicked", "memory allocation", "stack overflow", "SIGSEGV"] {
        assert!(!err.contains(sign), "{body}: {err}");
    }
}

#[test]
fn a_step_that_says_a_long_text_without_end_is_stopped() {
    assert_stopped(
        &format!("{LONG} loop {{ say(s); }}"),
        "produced more than 4 MiB of text without asking anything",
    );
}

#[test]
fn a_step_that_agrees_to_a_long_text_without_end_is_stopped() {
    assert_stopped(
        &format!("{LONG} loop {{ agree(s); }}"),
        "produced more than 4 MiB of text without asking anything",
    );
}

#[test]
fn a_step_that_says_short_lines_without_end_is_stopped() {
    assert_stopped("loop { say(\"x\"); }", "said more than 10,000 things");
}

#[test]
fn two_hundred_thousand_remembers_are_stopped() {
    // Small values: the operations limit ends it; long ones, lists: the memory bound.
    assert_stopped(
        "let i = 0; while i < 200000 { remember(`k${i}`, i); i += 1; } finish(\"\")",
        "ran too long without asking anything",
    );
    assert_stopped(
        &format!(
            "{LONG} let i = 0; while i < 200000 {{ remember(`k${{i}}`, s); i += 1; }} finish(\"\")"
        ),
        "remembered more than 16 MiB",
    );
    assert_stopped(
        "let l = []; for n in 0..2000 { l.push(n * 1000000); } \
         let i = 0; while i < 200000 { remember(`k${i}`, l); i += 1; } finish(\"\")",
        "remembered more than 16 MiB",
    );
}

#[test]
fn a_step_that_hoards_texts_in_closures_is_stopped() {
    // Closures hold what the size limits on texts and lists cannot see: 100 lists of
    // 2,000 closures each holding its own 60 KiB text would be 12 GB. The binary
    // counts its memory, and the engine stops a step that gains more than 256 MiB.
    let mut body = String::from(
        r#"let s = "x"; while s.len() < 32000 { s += s; } s = s + s.sub_string(0, 28000);"#,
    );
    for j in 0..100 {
        body += &format!(" let a{j} = []; for i in 0..2000 {{ let t = s + i; a{j}.push(|| t); }}");
    }
    assert_stopped(
        &body,
        "took more than 256 MiB of memory without asking anything",
    );
}

/// A step that says without end is shown by its first lines and a count of the rest,
/// then the error: a couple at the keyboard does not get 10,000 lines to scroll past,
/// nor five lines of 64 KiB each.
#[test]
fn a_step_that_says_without_end_shows_its_first_lines_and_a_count() {
    let dir = tempfile::tempdir().unwrap();
    for (body, first, more) in [
        (
            "let i = 0; loop { i += 1; say(`line ${i}`); }",
            "line 5",
            "... and 9,995 more lines said without a question",
        ),
        (
            &format!("{LONG} loop {{ say(s); }}")[..],
            "xxxxxxxxxx",
            // Stopped by the 4 MiB of text after 64 lines: the first one is cut short.
            "…\n\n... and 63 more lines said without a question",
        ),
    ] {
        let guide = dir.path().join("flood.rhai");
        std::fs::write(
            &guide,
            format!("{HEADER}\nstep(\"one\", || {{ {body} }});\n"),
        )
        .unwrap();
        let out = crate::common::kintsugi()
            .args(["run", guide.to_str().unwrap(), "--author", "--no-save"])
            .args(["--names", "a=Alex,b=Sam"])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let (said, err) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(said.contains(first) && said.contains(more), "{said}");
        assert!(!said.contains("line 6"), "{said}");
        assert!(said.len() < 4_000, "{} bytes shown", said.len());
        assert!(err.contains("without asking anything"), "{err}");
    }
}
