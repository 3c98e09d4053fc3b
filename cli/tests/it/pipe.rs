//! Output to a reader that goes away early (`kintsugi explore check-in | head -1`).

use crate::common::*;
use std::process::Stdio;

/// Runs a command whose standard output is a pipe closed before it writes anything;
/// returns its exit code and standard error.
fn with_reader_gone(args: &[&str]) -> (Option<i32>, String) {
    let mut child = kintsugi()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_reader_that_stops_early_ends_the_program_quietly() {
    for args in [
        &["explore", "check-in"][..],
        &["list"],
        &["graph", "check-in"],
        &["check", "check-in"],
        &[
            "run",
            "check-in",
            "--no-save",
            "--names",
            "first=Alex,second=Sam",
        ],
    ] {
        let (code, stderr) = with_reader_gone(args);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?} says nothing: {stderr}");
    }
}
