//! Start-up to the first prompt in a fresh process, engine side: `Guide::load` +
//! `Session::start` of a guide, timed once, cold (the criterion benchmark measures it
//! warm, repeated). Prints milliseconds.
//!
//! `cargo run --release -p kintsugi-engine --example first_prompt [GUIDE.rhai]`
//! (without a file it runs the twelve-step guide of the benchmarks).

#[path = "../benches/common/mod.rs"]
mod common;

use std::time::Instant;

fn main() {
    let text = match std::env::args().nth(1) {
        Some(path) => std::fs::read_to_string(&path).expect("the guide can be read"),
        None => common::TWELVE_STEPS.to_string(),
    };
    let t = Instant::now();
    let guide = common::load(&text);
    let loaded = t.elapsed();
    let setup = common::setup_for(&guide);
    let session = kintsugi_engine::Session::start(guide, setup).expect("the session starts");
    let started = t.elapsed();
    let prompt = session.prompt().expect("a first prompt");
    println!(
        "load {:.3} ms, load+start {:.3} ms, first prompt: {:?}",
        loaded.as_secs_f64() * 1e3,
        started.as_secs_f64() * 1e3,
        prompt.text
    );
}
