//! `explore` on generated guides of 1,000 steps with three-way choices (the generator in
//! `common/`): paths played per second and the peak heap. Figures in
//! `docs/performance.md`, section "Exploring".
//!
//! `cargo bench -p kintsugi-engine --bench explore` runs every case; each case runs in a
//! process of its own (this binary, started again with `--case NAME THREADS`), so that
//! the peak memory is that case's alone. Peak memory is the process's peak resident set
//! (`VmHWM` in `/proc/self/status`, Linux only): a counting allocator such as `cap` keeps
//! its counts in atomics every thread writes, which slows several threads down severalfold.
//!
//! - `tree`: the guide as generated. Every step remembers a visit counter, so no two
//!   states are alike and the paths form a tree, three ways at each answer; the search is
//!   cut at 30,000 paths (breadth first).
//! - `merged`: the same guide without the counter: a step is one state whatever the path,
//!   so 1,000 states and 3,001 paths cover it all (every path joins a state already
//!   explored after one answer).
//! - `mirror` and `counter`: the two loop cases of issue 11 (`engine/tests/explore/`):
//!   an unbounded "is there more?" loop, cut where a path would go round more than the
//!   default `max_rounds` (it was cut at 200,000 paths before there was one), and a
//!   closing step whose loop forgot its counter, reached by 6,561 paths; explored with
//!   the default options, as `kintsugi explore` does. `--case mirror THREADS ROUNDS`
//!   explores the mirror with another `max_rounds`.

#[path = "common/mod.rs"]
mod common;

use kintsugi_engine::explore::{Exploration, Options, explore};
use kintsugi_engine::{Setup, Source};
use std::time::{Duration, Instant};

const STEPS: usize = 1_000;

/// A line of `/proc/self/status`, such as `VmHWM` (peak resident set), in MiB.
fn status_mib(key: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn shown(mib: Option<f64>) -> String {
    mib.map_or("n/a".to_string(), |m| format!("{m:.1} MiB"))
}

fn guide(case: &str) -> String {
    match case {
        "mirror" => include_str!("../tests/explore/mirror_loop.rhai").to_string(),
        "counter" => include_str!("../tests/explore/forgotten_counter.rhai").to_string(),
        "merged" => {
            common::generated_guide(STEPS).replace("    remember(\"visits\", visits);\n", "")
        }
        _ => common::generated_guide(STEPS),
    }
}

/// The exploration, its wall-clock time and the process's CPU time (on a busy machine
/// the CPU time is the steadier figure).
fn run(case: &str, threads: usize, rounds: Option<usize>) -> (Exploration, Duration, Duration) {
    let text = guide(case);
    let loops = matches!(case, "mirror" | "counter");
    let options = if loops {
        Options {
            threads,
            max_rounds: rounds.unwrap_or(Options::default().max_rounds),
            ..Options::default()
        }
    } else {
        Options {
            max_paths: 30_000,
            max_depth: 1_000,
            threads,
            ..Options::default()
        }
    };
    let setup: Setup = if loops {
        let roles: &[&str] = match case {
            "mirror" => &["sender", "receiver"],
            _ => &["first", "second"],
        };
        Setup {
            names: roles
                .iter()
                .zip(["Alex", "Sam"])
                .map(|(r, n)| (r.to_string(), n.to_string()))
                .collect(),
            seed: 0,
            history: Default::default(),
        }
    } else {
        common::setup()
    };
    let t = Instant::now();
    let cpu = cpu_time::ProcessTime::now();
    let x = explore(Source::new("generated.rhai", text), setup, options).expect("it explores");
    (x, t.elapsed(), cpu.elapsed())
}

fn one_case(case: &str, threads: usize, rounds: Option<usize>) {
    let before = status_mib("VmHWM:");
    let (x, elapsed, cpu) = run(case, threads, rounds);
    let secs = elapsed.as_secs_f64();
    println!(
        "explore/{case}/threads={threads}: {} paths in {:.2} s = {:.0} paths/s (CPU {:.2} s = {:.0} paths per CPU-second); {} states, {} joined, cut: {}; peak memory {} (before exploring {}); load average {}",
        x.runs,
        secs,
        x.runs as f64 / secs,
        cpu.as_secs_f64(),
        x.runs as f64 / cpu.as_secs_f64(),
        x.states,
        x.joined,
        x.cut.as_ref().map_or("none".to_string(), |c| format!(
            "{} untried, {} too deep, {} past {} rounds",
            c.untried, c.too_deep, c.too_many_rounds, c.max_rounds
        )),
        shown(status_mib("VmHWM:")),
        shown(before),
        std::fs::read_to_string("/proc/loadavg")
            .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
            .unwrap_or_else(|_| "n/a".into()),
    );
    if let Some(u) = &x.unbounded {
        println!(
            "  loop named: line {} (step {}), {} rounds on {}, growing: {:?}",
            u.line,
            u.step,
            u.rounds,
            match u.by_rounds {
                true => "the first path past --max-rounds",
                false => "the deepest path",
            },
            u.growing.iter().map(|(k, _)| k).collect::<Vec<_>>()
        );
    }
    for e in &x.errors {
        println!("  error reached by {} paths: {}", e.paths, e.error);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--case") {
        let case = args[i + 1].clone();
        let threads: usize = args[i + 2].parse().expect("threads");
        let rounds = args.get(i + 3).and_then(|r| r.parse().ok());
        one_case(&case, threads, rounds);
        return;
    }
    // `cargo bench -- FILTER` passes the filter to every bench target: run only if it
    // names this one (or there is none).
    let filters: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    if !filters.is_empty() && !filters.iter().any(|f| "explore".contains(f.as_str())) {
        return;
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let me = std::env::current_exe().expect("the bench binary");
    for case in ["merged", "tree", "mirror", "counter"] {
        for threads in [1, cores] {
            let status = std::process::Command::new(&me)
                .args(["--case", case, &threads.to_string()])
                .status()
                .expect("the case runs");
            assert!(status.success());
        }
    }
}
