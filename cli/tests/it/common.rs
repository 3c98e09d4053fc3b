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

/// The binary, run from `dir` (a folder of guides a test made).
pub fn kintsugi_from(dir: &Path) -> Command {
    let mut cmd = kintsugi();
    cmd.current_dir(dir);
    cmd
}

/// A temporary folder holding `files` (name, text).
pub fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// A temporary folder holding copies of `files` from the folder `from`.
pub fn copy_of(from: &Path, files: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for file in files {
        std::fs::copy(from.join(file), dir.path().join(file)).unwrap();
    }
    dir
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

/// Runs a command with `input` on its standard input and waits for it to end.
fn finished(cmd: &mut Command, input: impl AsRef<[u8]>) -> std::process::Output {
    use std::io::Write;
    let mut child = cmd
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A sitting that stops early (a break, a hold) leaves the rest of the input unread:
    // the pipe closing then is the program's choice, not a failure of the test.
    match child.stdin.take().unwrap().write_all(input.as_ref()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other.unwrap(),
    }
    child.wait_with_output().unwrap()
}

/// Runs a command with `input` on its standard input; returns its standard output.
pub fn stdout_of(cmd: &mut Command, input: &str) -> String {
    String::from_utf8(finished(cmd, input).stdout).unwrap()
}

/// Runs a command with `input` on its standard input: (standard output, standard error).
pub fn outputs_of(cmd: &mut Command, input: &str) -> (String, String) {
    let (done, _) = run_with(cmd, input);
    (
        String::from_utf8(done.stdout).unwrap(),
        String::from_utf8(done.stderr).unwrap(),
    )
}

/// Runs a command with `input` on its standard input: how it ended with both outputs,
/// and all it said (standard output, then standard error) as text to search and show.
pub fn run_with(cmd: &mut Command, input: impl AsRef<[u8]>) -> (std::process::Output, String) {
    let done = finished(cmd.stderr(std::process::Stdio::piped()), input);
    let said = String::from_utf8_lossy(&done.stdout).into_owned()
        + &*String::from_utf8_lossy(&done.stderr);
    (done, said)
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

/// A run of `guide` for Alex (role `a`) and Sam (role `b`), keeping sessions in `data`.
pub fn run_for_alex_and_sam(data: &Path, guide: &str) -> Command {
    let mut cmd = kintsugi_in(data);
    cmd.args(["run", guide, "--names", "a=Alex,b=Sam"]);
    cmd
}

/// A run of the test guide with every kind of question for Alex and Sam.
pub fn every_kind(data: &Path) -> Command {
    run_for_alex_and_sam(data, "guides/every-kind.rhai")
}

/// A session of `every-kind.rhai` where Sam's last answer, "my private words", is
/// private: its id.
pub fn session_with_a_private_answer(data: &Path) -> String {
    screened(data);
    stdout_of(&mut every_kind(data), "fine\n1\n3\nyes\nmy private words\n");
    only_session(data)
}

/// The binary with its data in `data`, its clock set to `now` (RFC 3339) in UTC: how
/// tests live through days and weeks in a second.
pub fn at(data: &Path, now: &str) -> Command {
    let mut cmd = kintsugi_in(data);
    cmd.env("KINTSUGI_NOW", now).env("TZ", "UTC");
    cmd
}

/// Makes the profile say that the test couples (Alex and Sam, Noor and Tom) agreed and
/// were screened at `now`, keeping what else it holds (region, readiness, a hold).
pub fn screened_at(data: &Path, now: &str) {
    let file = data.join("profile.json");
    let mut profile: serde_json::Value = std::fs::read_to_string(&file)
        .map(|text| serde_json::from_str(&text).unwrap())
        .unwrap_or_else(|_| serde_json::json!({ "region": "us", "couples": {} }));
    for names in ["alex+sam", "noor+tom"] {
        let couple = &mut profile["couples"][couple_key(names)];
        if couple.is_null() {
            *couple = serde_json::json!({});
        }
        couple["consented"] = now.into();
        couple["screened"] = now.into();
    }
    std::fs::write(file, profile.to_string()).unwrap();
}

/// The short message and the way forward it names, as a stopped joint command ends
/// with them (the same for both partners, whoever answered what).
pub fn short_message() -> String {
    format!(
        "{}\nSomething lighter instead: kintsugi run appreciations. Or stop here; nothing more is needed.",
        kintsugi_engine::NEUTRAL_MESSAGE
    )
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

/// The binary at a real terminal (a pseudo-terminal): what it draws, and keys typed as
/// a person types them.
#[cfg(unix)]
pub struct Terminal {
    child: std::process::Child,
    drawn: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
    keys: std::fs::File,
}

#[cfg(unix)]
impl Terminal {
    /// Starts `cmd` (a `std::process::Command` of the binary, with its folder and
    /// environment set) on a terminal of `rows` and `columns`.
    pub fn start(mut cmd: std::process::Command, rows: u16, columns: u16) -> Terminal {
        use std::io::Read;
        let size = nix::pty::Winsize {
            ws_row: rows,
            ws_col: columns,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        let pty = nix::pty::openpty(Some(&size), None).unwrap();
        // An xterm, unless the test says which terminal.
        if !cmd.get_envs().any(|(name, _)| name == "TERM") {
            cmd.env("TERM", "xterm");
        }
        let child = cmd
            .stdin(pty.slave.try_clone().unwrap())
            .stdout(pty.slave.try_clone().unwrap())
            .stderr(pty.slave.try_clone().unwrap())
            .spawn()
            .unwrap();
        // Only the child holds the terminal now, so reading ends when it does.
        drop(pty.slave);
        let drawn = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let mut reader = std::fs::File::from(pty.master.try_clone().unwrap());
        let seen = std::sync::Arc::clone(&drawn);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                seen.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Terminal {
            child,
            drawn,
            keys: std::fs::File::from(pty.master),
        }
    }

    /// The binary of this workspace, run from `dir`, ready for `Terminal::start`.
    pub fn command(dir: &Path) -> std::process::Command {
        let mut cmd = std::process::Command::new(insta_cmd::get_cargo_bin("kintsugi"));
        cmd.current_dir(dir).env_remove("KINTSUGI_DATA_DIR");
        cmd
    }

    /// Every byte drawn so far.
    pub fn bytes(&self) -> Vec<u8> {
        self.drawn.lock().unwrap().clone()
    }

    /// `kintsugi ARGS` with `data` as its data folder, on a terminal of 40 rows and 100
    /// columns: how a couple at a keyboard starts it.
    pub fn in_folder(data: &Path, args: &[&str]) -> Terminal {
        let mut cmd = Terminal::command(&here());
        cmd.env("KINTSUGI_DATA_DIR", data).args(args);
        Terminal::start(cmd, 40, 100)
    }

    /// `guides/every-kind.rhai` for Alex (role `a`) and Sam (role `b`), at a terminal,
    /// with `data` as its data folder.
    pub fn every_kind(data: &Path) -> Terminal {
        Terminal::in_folder(
            data,
            &["run", "guides/every-kind.rhai", "--names", "a=Alex,b=Sam"],
        )
    }

    /// Everything drawn so far, as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes()).into_owned()
    }

    /// Waits (30 s at most) until `text` has been drawn.
    pub fn wait_for(&self, text: &str) {
        let start = std::time::Instant::now();
        while !self.text().contains(text) {
            assert!(
                start.elapsed() < std::time::Duration::from_secs(30),
                "no {text:?} on the screen:\n{}",
                self.text()
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// Types `keys`.
    pub fn type_keys(&mut self, keys: &[u8]) {
        use std::io::Write;
        self.keys.write_all(keys).unwrap();
    }

    /// The terminal's local modes now (echo, line editing, signals), as the binary set
    /// them.
    pub fn modes(&self) -> nix::sys::termios::LocalFlags {
        nix::sys::termios::tcgetattr(&self.keys)
            .unwrap()
            .local_flags
    }

    /// The terminal's side the keys are typed at, to watch its modes from a thread.
    pub fn master(&self) -> std::fs::File {
        self.keys.try_clone().unwrap()
    }

    /// The binary's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits up to `seconds` for the binary to leave; whether it did (else it is killed).
    pub fn left_within(&mut self, seconds: u64) -> bool {
        let start = std::time::Instant::now();
        while self.child.try_wait().unwrap().is_none() {
            if start.elapsed() > std::time::Duration::from_secs(seconds) {
                self.child.kill().unwrap();
                self.child.wait().unwrap();
                return false;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        // What it drew last may still be on its way from the terminal.
        std::thread::sleep(std::time::Duration::from_millis(100));
        true
    }
}

#[cfg(unix)]
impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
