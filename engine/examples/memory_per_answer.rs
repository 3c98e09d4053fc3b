//! The engine's heap after 1,000, 10,000, 100,000 and 400,000 answers on the 100-step
//! generated guide, for a session that keeps every event (`History::Whole`, what a
//! transcript reads) and for one that keeps only those since the last answer
//! (`History::SinceLastAnswer`, what the REPL keeps): the second should not grow with
//! the events, only with the answers themselves (which undo replays).
//!
//! `cargo run --release -p kintsugi-engine --example memory_per_answer [STEPS]`
//!
//! The counting allocator is `cap::Cap`, as in `peak_memory.rs`.

#[path = "../benches/common/mod.rs"]
mod common;

use cap::Cap;
use kintsugi_engine::{History, Session};
use std::alloc::System;

#[global_allocator]
static ALLOCATOR: Cap<System> = Cap::new(System, usize::MAX);

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn main() {
    let steps: usize = std::env::args()
        .nth(1)
        .map_or(100, |a| a.parse().expect("STEPS"));
    let checkpoints = [1_000, 10_000, 100_000, 400_000];
    let guide = common::load(&common::generated_guide(steps));
    println!(
        "{steps} steps; heap in MiB after each count of answers (and per answer since the start)"
    );
    for history in [History::Whole, History::SinceLastAnswer] {
        let before = ALLOCATOR.allocated();
        let mut session =
            Session::start(guide.clone(), common::setup()).expect("the session starts");
        session.set_history(history);
        let mut inputs = common::Answers::default();
        let mut given = 0;
        let mut row = Vec::new();
        for &at in &checkpoints {
            for input in (&mut inputs).take(at - given) {
                session.answer_input(input).expect("the answer fits");
            }
            given = at;
            let grown = ALLOCATOR.allocated() - before;
            row.push(format!(
                "{at}: {:.2} MiB ({} B/answer, {} events kept)",
                mib(grown),
                grown / at,
                session.events().len()
            ));
        }
        println!("{history:?}:\n  {}", row.join("\n  "));
        drop(session);
    }
    println!("peak heap: {:.2} MiB", mib(ALLOCATOR.max_allocated()));
}
