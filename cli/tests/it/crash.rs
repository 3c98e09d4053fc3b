//! Kills the binary at random moments while answers arrive one by one, then checks that
//! nothing acknowledged was lost: every answer whose next prompt was shown is in the
//! journal, `transcript` reads the session, and `resume` goes on from where the journal
//! stops and reaches the end with every answer once, in order.
//!
//! Seeded and bounded (a fixed number of kills, each run a few hundred milliseconds), so
//! it is the same in CI every time; a failure names its seed.

use crate::common::*;
use std::io::{Read, Write};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Kills per run of the test.
const KILLS: u64 = 40;
/// Answers the guide asks for before it finishes.
const ANSWERS: usize = 20;

/// Each round asks one numbered question, to the partners in turn, whose first option
/// names it (a choice: free text would add the danger check's time to every answer).
fn guide() -> String {
    format!(
        r#"guide(#{{ title: "Rounds", roles: #{{ a: "the first partner", b: "the second partner" }}, start: "round" }});
step("round", || {{
    let n = recall("n", 0) + 1;
    remember("n", n);
    choose(if n % 2 == 1 {{ a }} else {{ b }}, `Question ${{n}}?`, [`answer-${{n}}.`, "something else"]);
    if n >= {ANSWERS} {{ finish("All answered.") }} else {{ next("round") }}
}});
"#
    )
}

/// The answer to question `n` as the transcript shows it (`**Alex:** answer-1.`), not
/// as its list of options does.
fn answer(n: usize) -> String {
    format!(":** answer-{n}.\n")
}

/// The binary's standard output as it arrives.
struct Screen(Arc<Mutex<Vec<u8>>>, Option<std::thread::JoinHandle<()>>);

impl Screen {
    fn follow(child: &mut Child) -> Screen {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let mut stdout = child.stdout.take().unwrap();
        let into = seen.clone();
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n @ 1..) = stdout.read(&mut buf) {
                into.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Screen(seen, Some(reader))
    }

    /// Everything the process wrote, once it has ended.
    fn last(mut self) -> String {
        self.1.take().unwrap().join().unwrap();
        self.text()
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }

    /// Waits until question `n` is shown: the answer before it was taken and saved.
    fn wait_for(&self, n: usize, seed: u64) {
        let start = Instant::now();
        while !self.text().contains(&format!("Question {n}?")) {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "seed {seed}: question {n} never came:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(1));
        }
    }
}

/// The highest `n` such that every question up to `n + 1` was shown: the answers the
/// program acknowledged.
fn acknowledged(screen: &str) -> usize {
    (1..=ANSWERS)
        .take_while(|n| screen.contains(&format!("Question {}?", n + 1)))
        .count()
}

/// Where each answer first appears in `text`, which must be in order, each once.
fn assert_in_order(text: &str, answers: usize, seed: u64) {
    let mut from = 0;
    for n in 1..=answers {
        let a = answer(n);
        assert_eq!(text.matches(&a).count(), 1, "seed {seed}: {a}:\n{text}");
        let at = text.find(&a).unwrap();
        assert!(at > from, "seed {seed}: {a} out of order:\n{text}");
        from = at;
    }
}

/// A folder for the sessions, in memory where the system has one: a kill of the
/// process (unlike a power cut) loses nothing the kernel was given, so syncing to a disk
/// adds only time (about 0.1 s per answer here).
fn scratch() -> tempfile::TempDir {
    let shm = std::path::Path::new("/dev/shm");
    if shm.is_dir()
        && let Ok(dir) = tempfile::tempdir_in(shm)
    {
        return dir;
    }
    tempfile::tempdir().unwrap()
}

#[test]
fn kills_at_random_moments_lose_no_acknowledged_answer() {
    let dir = tempfile::tempdir().unwrap();
    let guide_path = dir.path().join("rounds.rhai");
    std::fs::write(&guide_path, guide()).unwrap();
    let guide_arg = guide_path.to_str().unwrap();
    // What the kills hit, said at the end (`--nocapture`).
    let (mut before_start, mut in_flight) = (0, 0);
    for seed in 0..KILLS {
        let mut rng = fastrand::Rng::with_seed(0x6b69_6c6c ^ seed);
        let data = scratch();
        screened(data.path());
        let mut child = kintsugi_in(data.path())
            .args(["run", guide_arg, "--seed", "1", "--names", "a=Alex,b=Sam"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let screen = Screen::follow(&mut child);
        let mut stdin = child.stdin.take().unwrap();
        // Answer some questions one by one, waiting for each to be acknowledged, then
        // send one more and kill at a random moment while it is taken (or before).
        let before_kill = rng.usize(0..ANSWERS - 1);
        for n in 1..=before_kill {
            screen.wait_for(n, seed);
            writeln!(stdin, "1").unwrap();
        }
        if rng.bool() {
            screen.wait_for(before_kill + 1, seed);
            writeln!(stdin, "1").unwrap();
        }
        // Answers take about a millisecond: most kills come while one is taken.
        std::thread::sleep(Duration::from_micros(rng.u64(0..3_000)));
        child.kill().unwrap();
        child.wait().unwrap();
        drop(stdin);
        let acked = acknowledged(&screen.last());
        assert!(acked + 1 >= before_kill, "seed {seed}");

        let Ok(entries) = std::fs::read_dir(data.path().join("sessions")) else {
            // Killed before the session began: nothing was acknowledged.
            assert_eq!(acked, 0, "seed {seed}: no journal");
            before_start += 1;
            continue;
        };
        let journals: Vec<_> = entries.filter_map(Result::ok).collect();
        // No journal, or killed between creating it and writing its header (what
        // becomes of an empty journal is tested in `journals.rs`).
        if journals
            .iter()
            .all(|j| j.metadata().is_ok_and(|m| m.len() == 0))
        {
            assert_eq!(acked, 0, "seed {seed}: no journal");
            before_start += 1;
            continue;
        }
        let id = only_session(data.path());

        // The transcript reads the session and holds every acknowledged answer.
        let out = kintsugi_in(data.path())
            .args(["transcript", &id])
            .output()
            .unwrap();
        let transcript = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "seed {seed}: transcript failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // Every acknowledged answer, and perhaps the one being taken when the kill came.
        let saved = (1..=ANSWERS)
            .filter(|&n| transcript.contains(&answer(n)))
            .count();
        assert!(
            saved == acked || saved == acked + 1,
            "seed {seed}: {saved} answers saved, {acked} acknowledged:\n{transcript}"
        );
        assert_in_order(&transcript, saved, seed);
        in_flight += saved - acked;

        // Resume goes on from there, says so, and reaches the end.
        let rest = "1\n".repeat(ANSWERS - saved);
        let resumed = stdout_of(kintsugi_in(data.path()).args(["resume", &id]), &rest);
        let so_far = format!("({saved} answer");
        assert!(
            resumed.contains(&so_far),
            "seed {seed}: expected {so_far} (acknowledged {acked}):\n{resumed}"
        );
        assert!(
            resumed.contains("All answered."),
            "seed {seed}: resume did not reach the end:\n{resumed}"
        );
        let out = kintsugi_in(data.path())
            .args(["transcript", &id])
            .output()
            .unwrap();
        assert!(out.status.success(), "seed {seed}");
        assert_in_order(&String::from_utf8_lossy(&out.stdout), ANSWERS, seed);
    }
    eprintln!(
        "{KILLS} kills: {before_start} before the session began, {in_flight} with an answer saved but not yet acknowledged"
    );
}
