//! What every test of the binary needs: the binary, its folders, its output.

pub use insta_cmd::{Command, SpawnExt};
use std::path::{Path, PathBuf};

/// `cli/tests`, where the test guides are and where the binary runs.
pub fn here() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// The workspace's root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The binary, run from `cli/tests`, with no sessions folder of its own.
pub fn kintsugi() -> Command {
    let mut cmd = Command::new(insta_cmd::get_cargo_bin("kintsugi"));
    cmd.current_dir(here()).env_remove("KINTSUGI_DATA_DIR");
    cmd
}

/// The binary, keeping sessions in `data`, made owner-only first as Kintsugi makes its
/// own (a test's temporary folder is readable by others, which Kintsugi would note).
pub fn kintsugi_in(data: &Path) -> Command {
    #[cfg(unix)]
    if data.is_dir() {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(data, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    let mut cmd = kintsugi();
    cmd.env("KINTSUGI_DATA_DIR", data);
    cmd
}

/// Runs a command with `input` on its standard input; returns its standard output.
pub fn stdout_of(cmd: &mut Command, input: &str) -> String {
    use std::io::Write;
    let mut child = cmd
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A sitting that stops early (a break, a hold) leaves the rest of the input unread:
    // the pipe closing then is the program's choice, not a failure of the test.
    match child.stdin.take().unwrap().write_all(input.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other.unwrap(),
    }
    String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap()
}

/// Makes `data` a folder where the test couples (Alex and Sam, Noor and Tom) agreed to
/// what Kintsugi is and were screened just now, in the United States, as after a clear
/// intake. Piped runs into a couple's folder get consent and screening like any other
/// (the intake itself is tested in `safety.rs` and `hold.rs`); tests of something else
/// start from here.
pub fn screened(data: &Path) {
    let now = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
    let couple = format!(r#"{{ "consented": "{now}", "screened": "{now}" }}"#);
    let profile = format!(
        r#"{{ "region": "us", "couples": {{ "alex+sam": {couple}, "noor+tom": {couple} }} }}"#
    );
    std::fs::write(data.join("profile.json"), profile).unwrap();
}

/// The id of the one session saved in a data folder.
pub fn only_session(data: &Path) -> String {
    let ids: Vec<String> = std::fs::read_dir(data.join("sessions"))
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.path().file_stem()?.to_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(ids.len(), 1, "one session in {}: {ids:?}", data.display());
    ids.into_iter().next().unwrap()
}

/// A couple's key in `profile.json`, as Kintsugi writes it: a hash of their names
/// ("alex+sam"), so that the profile names nobody.
pub fn couple_key(names: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(names.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}
