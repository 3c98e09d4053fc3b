//! Journals as an attacker or an accident leaves them: torn, padded with NUL bytes,
//! damaged in the middle, empty, linked elsewhere, open twice; session ids that are paths.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::Stdio;

/// A session of the private guide cut short after its first answer: its journal.
fn one_answer(data: &Path) -> (String, PathBuf) {
    stdout_of(
        kintsugi_in(data).args(["run", "guides/private.rhai", "--seed", "1"]),
        "Alex\nSam\nI kept the letter.\n",
    );
    let path = std::fs::read_dir(data.join("sessions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .unwrap();
    (
        path.file_stem().unwrap().to_str().unwrap().to_string(),
        path,
    )
}

#[test]
fn a_damaged_tail_is_reported_set_aside_on_resume_and_never_written_after() {
    for tail in [
        "{\"record\":\"answer\",\"prom",
        "\0\0\0\0\0\0\0\0",
        "garbage\n{\"record\":\"undo\"}\n",
    ] {
        let data = tempfile::tempdir().unwrap();
        screened(data.path());
        let (id, path) = one_answer(data.path());
        let whole = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{whole}{tail}")).unwrap();

        let (out, said) = run_with(kintsugi_in(data.path()).args(["transcript", &id]), "");
        assert!(out.status.success(), "{tail:?}: {said}");
        assert!(
            said.contains("warning:") && said.contains("set aside"),
            "{tail:?}: {said}"
        );

        // Resuming moves the damage aside and goes on; the journal reads clean after.
        let resumed = stdout_of(kintsugi_in(data.path()).args(["resume", &id]), "6\nno\n");
        assert!(!resumed.contains("error"), "{tail:?}: {resumed}");
        let (out, said) = run_with(kintsugi_in(data.path()).args(["transcript", &id]), "");
        assert!(out.status.success(), "{tail:?}: {said}");
        assert!(
            !said.contains("warning:"),
            "{tail:?}: the journal is whole again: {said}"
        );
        let aside = data.path().join(format!("sessions/{id}.damaged"));
        assert_eq!(
            std::fs::read_to_string(&aside).unwrap(),
            tail,
            "kept, not lost"
        );
        let repaired = std::fs::read_to_string(&path).unwrap();
        assert!(
            repaired.starts_with(&whole),
            "{tail:?}: nothing valid was lost"
        );

        // Forgetting the session deletes what was set aside too.
        let (out, said) = run_with(kintsugi_in(data.path()).args(["forget", &id, "--yes"]), "");
        assert!(out.status.success(), "{said}");
        assert!(!path.exists() && !aside.exists(), "{said}");
    }
}

#[test]
fn a_record_missing_only_its_newline_is_kept_and_the_next_starts_a_new_line() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let (id, path) = one_answer(data.path());
    let whole = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, whole.trim_end_matches('\n')).unwrap();
    let resumed = stdout_of(kintsugi_in(data.path()).args(["resume", &id]), "6\nno\n");
    assert!(
        resumed.contains("The end") || !resumed.contains("error"),
        "{resumed}"
    );
    let (out, said) = run_with(
        kintsugi_in(data.path()).args(["transcript", &id, "--format", "json"]),
        "",
    );
    assert!(out.status.success(), "{said}");
    assert!(!said.contains("warning:"), "{said}");
    let repaired = std::fs::read_to_string(&path).unwrap();
    assert!(repaired.starts_with(&whole), "the first answer stands");
}

#[test]
fn damaged_and_empty_journals_are_forgotten_too() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let (id, path) = one_answer(data.path());
    std::fs::write(&path, "not a journal at all").unwrap();
    let empty = data.path().join("sessions/2026-01-01-00-00-00-empty.jsonl");
    std::fs::write(&empty, "").unwrap();
    let (out, said) = run_with(kintsugi_in(data.path()).args(["forget", &id, "--yes"]), "");
    assert!(out.status.success(), "{said}");
    assert!(!path.exists());
    let (out, said) = run_with(
        kintsugi_in(data.path()).args(["forget", "--all", "--yes"]),
        "",
    );
    assert!(out.status.success(), "{said}");
    assert!(!said.contains("nothing to forget"), "{said}");
    assert!(!empty.exists(), "{said}");
}

#[cfg(unix)]
#[test]
fn forget_never_follows_a_link_and_ids_are_names_not_paths() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let (_, _) = one_answer(data.path());
    let outside = data.path().join("outside.txt");
    std::fs::write(&outside, "keep me").unwrap();
    let link = data.path().join("sessions/linked.jsonl");
    std::os::unix::fs::symlink(&outside, &link).unwrap();
    let (out, said) = run_with(
        kintsugi_in(data.path()).args(["forget", "linked", "--yes"]),
        "",
    );
    assert!(out.status.success(), "{said}");
    assert!(
        std::fs::symlink_metadata(&link).is_err(),
        "the link is gone"
    );
    assert_eq!(
        std::fs::read_to_string(&outside).unwrap(),
        "keep me",
        "never written"
    );

    for id in ["../outside", "../../elsewhere", "/etc/passwd"] {
        let (out, said) = run_with(kintsugi_in(data.path()).args(["transcript", id]), "");
        assert!(!out.status.success(), "{id}: {said}");
        assert!(said.contains("is not a session id"), "{id}: {said}");
    }
}

#[test]
fn a_session_open_in_one_sitting_cannot_be_resumed_in_another() {
    let data = tempfile::tempdir().unwrap();
    screened(data.path());
    let (id, path) = one_answer(data.path());
    // The first sitting waits at its prompt, its input held open.
    let mut first = kintsugi_in(data.path())
        .args(["resume", &id])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut waited = 0;
    let second = loop {
        std::thread::sleep(std::time::Duration::from_millis(100));
        let (out, said) = run_with(kintsugi_in(data.path()).args(["resume", &id]), "");
        if !out.status.success() || waited > 300 {
            break said;
        }
        waited += 1;
    };
    assert!(second.contains("open elsewhere"), "{second}");
    drop(first.stdin.take());
    first.wait().unwrap();
    let journal = std::fs::read_to_string(&path).unwrap();
    assert_eq!(journal.matches("\"finish\"").count(), 0, "{journal}");
}

/// A data folder made beforehand with a loose mode (0777, or a sessions folder others can
/// list) was left so, with no word; now it is made the owner's alone, with a note.
#[cfg(unix)]
#[test]
fn a_data_folder_others_can_read_is_made_private_with_a_note() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
    let loose = |p: &Path, m: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    };
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    std::fs::create_dir_all(data.join("sessions")).unwrap();
    loose(&data, 0o777);
    loose(&data.join("sessions"), 0o755);
    screened(&data);
    let as_found = |dir: &Path| {
        let mut cmd = kintsugi();
        cmd.env("KINTSUGI_DATA_DIR", dir);
        cmd
    };
    let (out, said) = run_with(
        as_found(&data).args(["run", "guides/private.rhai", "--seed", "1"]),
        "",
    );
    assert!(out.status.success(), "{said}");
    assert_eq!(mode(&data), 0o700, "{said}");
    assert_eq!(mode(&data.join("sessions")), 0o700, "{said}");
    assert_eq!(said.matches("note:").count(), 2, "{said}");
    assert!(said.contains("it is now yours alone (700)"), "{said}");
    // Once private, nothing more is said.
    let (_, said) = run_with(as_found(&data).args(["resume"]), "");
    assert!(!said.contains("note:"), "{said}");

    // A folder shared by design (sticky, as /tmp) is not taken from the others: refused,
    // with the way forward, and nothing is written there.
    let shared = root.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    loose(&shared, 0o1777);
    let (out, said) = run_with(as_found(&shared).args(["resume"]), "");
    assert!(!out.status.success(), "{said}");
    assert!(
        said.contains("shared with every user") && said.contains("--data-dir"),
        "{said}"
    );
    assert_eq!(mode(&shared), 0o1777);
    assert!(!shared.join("sessions").exists());

    // A folder that cannot be made private (no one may change the mode of /proc/self,
    // as a folder of another user's) is refused with the command that fixes it.
    #[cfg(target_os = "linux")]
    {
        let (out, said) = run_with(as_found(Path::new("/proc/self")).args(["resume"]), "");
        assert!(!out.status.success(), "{said}");
        assert!(
            said.contains("could not be made yours alone")
                && said.contains("`chmod 700 /proc/self`"),
            "{said}"
        );
    }
}
