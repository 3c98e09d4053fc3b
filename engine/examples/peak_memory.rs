//! Peak heap of the engine on a generated guide of 10,000 steps: load it, start a
//! session, give 2,000 answers, and print the peak and current heap in MiB.
//!
//! `cargo run --release -p kintsugi-engine --example peak_memory [STEPS] [ANSWERS] [--ast]`
//!
//! `--ast` first compiles the same text with a plain Rhai engine and prints its size and
//! time, Rhai's own share (that AST is dropped before the guide is loaded, but the
//! allocator may keep its pages, so leave it out when reading the resident set).
//!
//! The counting allocator is `cap::Cap` (atomic counters for the bytes allocated now and
//! at most): the workspace forbids `unsafe_code`, which a hand-written `GlobalAlloc`
//! needs, so it comes from a crate. Compare with the maximum resident set size from
//! `/usr/bin/time -v`, which also counts the binary, the stack and the allocator's slack.

#[path = "../benches/common/mod.rs"]
mod common;

use cap::Cap;
use kintsugi_engine::{Config, Guide, Session, Source};
use std::alloc::System;
use std::time::Instant;

#[global_allocator]
static ALLOCATOR: Cap<System> = Cap::new(System, usize::MAX);

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let with_ast = args.iter().any(|a| a == "--ast");
    let mut numbers = args.iter().filter(|a| !a.starts_with("--"));
    let steps: usize = numbers.next().map_or(10_000, |a| a.parse().expect("STEPS"));
    let answers: usize = numbers
        .next()
        .map_or(2_000, |a| a.parse().expect("ANSWERS"));

    let text = common::generated_guide(steps);
    let source_bytes = ALLOCATOR.allocated();
    println!("steps: {steps}, answers: {answers}");
    println!("guide source:            {:8.2} MiB", mib(source_bytes));

    if with_ast {
        let before = ALLOCATOR.allocated();
        let t = Instant::now();
        let mut plain = rhai::Engine::new_raw();
        plain.set_optimization_level(rhai::OptimizationLevel::None);
        let ast = plain.compile(&text).expect("the guide compiles");
        let (bytes, took) = (ALLOCATOR.allocated() - before, t.elapsed());
        drop((ast, plain));
        println!(
            "its Rhai AST alone:      {:8.2} MiB (plain Engine::compile: {:.0} ms)",
            mib(bytes),
            took.as_secs_f64() * 1e3
        );
    }

    // As a host does: the text read from the file moves into the guide's source.
    let t = Instant::now();
    let guide = Guide::load(Source::new("generated.rhai", text), Config::default())
        .expect("the guide loads");
    let loaded_in = t.elapsed();
    println!(
        "after Guide::load:       {:8.2} MiB (peak while loading {:.2} MiB, {:.0} ms)",
        mib(ALLOCATOR.allocated()),
        mib(ALLOCATOR.max_allocated()),
        loaded_in.as_secs_f64() * 1e3
    );

    let mut session = Session::start(guide, common::setup()).expect("the session starts");
    let t = Instant::now();
    for input in common::Answers::default().take(answers) {
        session.answer_input(input).expect("the answer fits");
    }
    let answered_in = t.elapsed();
    assert!(session.prompt().is_some(), "{:?}", session.status());
    println!(
        "after {answers} answers:     {:8.2} MiB ({} events, {:.2} µs per answer)",
        mib(ALLOCATOR.allocated()),
        session.events().len(),
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
