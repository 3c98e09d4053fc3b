//! Peak heap of the engine on a generated guide of 10,000 steps: load it, start a
//! session, give 2,000 answers, and print the peak and current heap in MiB.
//!
//! `cargo run --release -p kintsugi-engine --example peak_memory [STEPS] [ANSWERS]`
//!
//! The counting allocator is `cap::Cap` (atomic counters for the bytes allocated now and
//! at most): the workspace forbids `unsafe_code`, which a hand-written `GlobalAlloc`
//! needs, so it comes from a crate. Compare with the maximum resident set size from
//! `/usr/bin/time -v`, which also counts the binary, the stack and the allocator's slack.

#[path = "../benches/common/mod.rs"]
mod common;

use cap::Cap;
use std::alloc::System;
use std::time::Instant;

#[global_allocator]
static ALLOCATOR: Cap<System> = Cap::new(System, usize::MAX);

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let steps: usize = args.next().map_or(10_000, |a| a.parse().expect("STEPS"));
    let answers: usize = args.next().map_or(2_000, |a| a.parse().expect("ANSWERS"));

    let text = common::generated_guide(steps);
    let source_bytes = ALLOCATOR.allocated();

    // For comparison, Rhai's own share: the same text compiled by a plain engine.
    let before = ALLOCATOR.allocated();
    let t = Instant::now();
    let mut plain = rhai::Engine::new_raw();
    plain.set_optimization_level(rhai::OptimizationLevel::None);
    let ast = plain.compile(&text).expect("the guide compiles");
    let ast_bytes = ALLOCATOR.allocated() - before;
    let compiled_in = t.elapsed();
    drop((ast, plain));
    let t = Instant::now();
    let guide = common::load(&text);
    let loaded_in = t.elapsed();
    let after_load = ALLOCATOR.allocated();
    let peak_load = ALLOCATOR.max_allocated();
    drop(text);

    let mut session =
        kintsugi_engine::Session::start(guide, common::setup()).expect("the session starts");
    let t = Instant::now();
    for input in common::Answers::default().take(answers) {
        session.answer_input(input).expect("the answer fits");
    }
    let answered_in = t.elapsed();
    assert!(session.prompt().is_some(), "{:?}", session.status());

    println!(
        "steps: {steps}, answers: {answers}, events: {}",
        session.events().len()
    );
    println!("guide source:            {:8.2} MiB", mib(source_bytes));
    println!(
        "its Rhai AST alone:      {:8.2} MiB (plain Engine::compile: {:.0} ms)",
        mib(ast_bytes),
        compiled_in.as_secs_f64() * 1e3
    );
    println!(
        "after Guide::load:       {:8.2} MiB (peak while loading {:.2} MiB, {:.0} ms)",
        mib(after_load),
        mib(peak_load),
        loaded_in.as_secs_f64() * 1e3
    );
    println!(
        "after {answers} answers:     {:8.2} MiB ({:.2} µs per answer)",
        mib(ALLOCATOR.allocated()),
        answered_in.as_secs_f64() * 1e6 / answers as f64
    );
    println!(
        "peak heap:               {:8.2} MiB",
        mib(ALLOCATOR.max_allocated())
    );
    println!(
        "allocated in total:      {:8.2} MiB",
        mib(ALLOCATOR.total_allocated())
    );
}
