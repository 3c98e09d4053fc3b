//! A plain loop of answers on a generated guide, to profile the engine's time per answer
//! without the benchmark harness around it:
//!
//! `cargo build --profile bench -p kintsugi-engine --example profile_answers`
//! `perf record -g target/release/examples/profile_answers 1000 200000`
//!
//! Arguments: the guide's number of steps (1,000) and of answers (200,000). Prints the
//! load time and the mean time per answer; a fresh session is started (untimed) every
//! 20,000 answers, as in the benchmark.

#[path = "../benches/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let steps: usize = args.next().map_or(1_000, |a| a.parse().expect("STEPS"));
    let answers: usize = args.next().map_or(200_000, |a| a.parse().expect("ANSWERS"));
    let text = common::generated_guide(steps);
    let t = Instant::now();
    let mut session = common::start(&text);
    let loaded = t.elapsed();
    let mut inputs = common::Answers::default();
    let mut answering = Duration::ZERO;
    let mut given = 0;
    while given < answers {
        let chunk = (answers - given).min(20_000);
        let t = Instant::now();
        for input in (&mut inputs).take(chunk) {
            if let Err(e) = session.answer_input(input) {
                panic!("{e}: {:?}", session.status());
            }
        }
        answering += t.elapsed();
        given += chunk;
        if given < answers {
            session = common::start(&text);
        }
    }
    println!(
        "{steps} steps: load+start {:.1} ms, {:.2} µs per answer over {answers} answers",
        loaded.as_secs_f64() * 1e3,
        answering.as_secs_f64() * 1e6 / answers as f64
    );
}
