//! The engine's benchmarks: start-up to the first prompt, time per answer (with the bare
//! Rhai baseline), replay, and compiling generated guides. Figures and aims are in
//! `docs/performance.md`.
//!
//! Run with `cargo bench -p kintsugi-engine`; a filter such as `-- answer` runs a part.
//! Every figure is timed by `common::Stopwatch`: wall clock by default, the thread's CPU
//! time with `KINTSUGI_BENCH_CLOCK=cpu` (for a machine that is busy with other work).
//! Setup (loading a guide for a replay, starting a fresh session) and dropping what was
//! made are outside the timing.

#[path = "common/mod.rs"]
mod common;

use common::{Answers, Bare, Stopwatch};
use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use kintsugi_engine::{Config, Guide, Session, Source, Value};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

const SIZES: [usize; 3] = [100, 1_000, 10_000];

/// Answers given to one session before a fresh one is started (outside the timing, but
/// loading the 10,000-step guide takes seconds, so not too often). Nothing in an answer's
/// work grows with the number of earlier answers; this only bounds the event log (about
/// 1.6 KiB per answer).
const ANSWERS_PER_SESSION: u64 = 50_000;

/// Times `iters` runs of `f`, one at a time, so what each run returns is dropped
/// outside the timing.
fn each<T>(iters: u64, mut f: impl FnMut() -> T) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let t = Stopwatch::start();
        let out = f();
        total += t.elapsed();
        drop(black_box(out));
    }
    total
}

/// Times `iters` runs of a cheap `f` in one go.
fn batch<T>(iters: u64, mut f: impl FnMut() -> T) -> Duration {
    let t = Stopwatch::start();
    for _ in 0..iters {
        black_box(f());
    }
    t.elapsed()
}

/// Aim 1, start-up, engine side: `Guide::load` + `Session::start` up to the first prompt.
fn startup(c: &mut Criterion) {
    let mut group = c.benchmark_group("startup");
    group.measurement_time(Duration::from_secs(3));
    let mut guides = vec![("twelve_steps".to_string(), common::TWELVE_STEPS.to_string())];
    // The shipped guides, if there are any yet.
    let scripts = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts");
    if let Ok(dir) = std::fs::read_dir(&scripts) {
        let mut paths: Vec<_> = dir
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "rhai"))
            .collect();
        paths.sort();
        for path in paths {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            guides.push((name, std::fs::read_to_string(&path).unwrap()));
        }
    }
    for (name, text) in &guides {
        let probe = Guide::load(Source::new("probe.rhai", text.as_str()), Config::default())
            .map_err(|e| e.to_string())
            .and_then(|g| {
                let setup = common::setup_for(&g);
                Session::start(g, setup).map_err(|e| e.to_string())
            });
        match probe {
            Ok(s) if s.prompt().is_some() => {}
            Ok(s) => {
                eprintln!(
                    "startup/{name}: no first prompt ({:?}); skipped",
                    s.status()
                );
                continue;
            }
            Err(e) => {
                eprintln!("startup/{name}: {e}; skipped");
                continue;
            }
        }
        group.bench_with_input(BenchmarkId::new("load+start", name), text, |b, text| {
            b.iter_custom(|iters| each(iters, || common::start(black_box(text))))
        });
        group.bench_with_input(BenchmarkId::new("load", name), text, |b, text| {
            b.iter_custom(|iters| each(iters, || common::load(black_box(text))))
        });
    }
    group.finish();
}

/// Aim 2, time per answer: `Session::answer_input` on generated guides, and the same
/// work in bare Rhai. One iteration is one answer.
fn answer(c: &mut Criterion) {
    answers_to(c, "answer", common::generated_guide, Bare::new);
    // Each step remembers a value of its own: a step's cost must not grow with how
    // much a session remembers.
    answers_to(
        c,
        "remembering",
        common::generated_remembering,
        Bare::remembering,
    );
}

fn answers_to(c: &mut Criterion, name: &str, guide: fn(usize) -> String, bare: fn(usize) -> Bare) {
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Elements(1));
    for n in SIZES {
        group
            .sample_size(if n == 10_000 { 20 } else { 50 })
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(4));
        let text = guide(n);
        // Made up front: criterion plans its samples on the wall time of each call,
        // which a load inside the first call (seconds at 10,000 steps) would distort.
        let mut session = common::start(&text);
        let mut given = 0u64;
        let mut answers = Answers::default();
        group.bench_function(BenchmarkId::new("engine", n), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                let mut left = iters;
                while left > 0 {
                    if given >= ANSWERS_PER_SESSION {
                        session = common::start(&text);
                        given = 0;
                    }
                    let chunk = left.min(ANSWERS_PER_SESSION - given);
                    let inputs: Vec<&str> = (&mut answers).take(chunk as usize).collect();
                    let t = Stopwatch::start();
                    for input in inputs {
                        session.answer_input(black_box(input)).unwrap();
                    }
                    total += t.elapsed();
                    assert!(session.prompt().is_some(), "{:?}", session.status());
                    given += chunk;
                    left -= chunk;
                }
                total
            })
        });

        let mut bare = bare(n);
        let mut answers = Answers::default();
        group.bench_function(BenchmarkId::new("bare_rhai", n), |b| {
            b.iter_custom(|iters| batch(iters, || bare.answer(black_box(answers.next().unwrap()))))
        });
    }
    group.finish();
}

/// Aim 2, parts of an answer's cost that are the engine's own, on the 1,000-step
/// guide's waiting prompt: the prompt's journal key (the host writes it with every
/// answer; replays from a journal compare it), and checking the typed input.
fn parts(c: &mut Criterion) {
    let mut group = c.benchmark_group("parts");
    group.measurement_time(Duration::from_secs(2));
    let session = common::start(&common::generated_guide(1_000));
    let prompt = session.prompt().unwrap().clone();
    group.bench_function("prompt_key", |b| {
        b.iter_custom(|iters| batch(iters, || black_box(&prompt).key()))
    });
    group.bench_function("prompt_parse", |b| {
        b.iter_custom(|iters| batch(iters, || black_box(&prompt).parse(black_box("2"))))
    });
    group.finish();
}

/// Aim 2, replay: `Session::replay` of 1,000 recorded answers. One iteration is the
/// whole replay; the guide is loaded outside the timing.
fn replay(c: &mut Criterion) {
    const ANSWERS: usize = 1_000;
    let mut group = c.benchmark_group("replay_1000_answers");
    group
        .throughput(Throughput::Elements(ANSWERS as u64))
        .sample_size(20)
        .measurement_time(Duration::from_secs(3));
    for n in [100, 1_000] {
        let text = common::generated_guide(n);
        let answers: Vec<Value> = Answers::default()
            .take(ANSWERS)
            .map(|a| Value::Text(common::option_of(a).to_string()))
            .collect();
        let mut checked = false;
        group.bench_with_input(BenchmarkId::new("steps", n), &answers, |b, answers| {
            if !checked {
                let s = Session::replay(common::load(&text), common::setup(), answers.clone());
                let s = s.unwrap();
                assert_eq!(s.answers().len(), ANSWERS, "every answer fits");
                assert!(s.set_aside().is_empty());
                checked = true;
            }
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let (guide, answers) = (common::load(&text), answers.clone());
                    let t = Stopwatch::start();
                    let session = Session::replay(guide, common::setup(), answers).unwrap();
                    total += t.elapsed();
                    drop(black_box(session));
                }
                total
            })
        });
    }
    group.finish();
}

/// Aim 3, compiling generated guides: `Guide::load` (compile and run the top level).
fn compile(c: &mut Criterion) {
    let mut group = c.benchmark_group("compile");
    for n in SIZES {
        let text = common::generated_guide(n);
        if n == 10_000 {
            // Seconds per load (see docs/performance.md): ten single loads.
            group
                .sampling_mode(SamplingMode::Flat)
                .sample_size(10)
                .measurement_time(Duration::from_secs(30))
                .warm_up_time(Duration::from_secs(1));
        } else {
            group
                .sampling_mode(SamplingMode::Auto)
                .sample_size(20)
                .measurement_time(Duration::from_secs(if n == 100 { 3 } else { 8 }))
                .warm_up_time(Duration::from_secs(1));
        }
        group.bench_with_input(BenchmarkId::new("load", n), &text, |b, text| {
            b.iter_custom(|iters| each(iters, || common::load(black_box(text))))
        });
    }
    group.finish();
}

fn clock_note(_: &mut Criterion) {
    if common::cpu_clock() {
        eprintln!("kintsugi benches: timing with the thread's CPU time (KINTSUGI_BENCH_CLOCK=cpu)");
    }
}

criterion_group!(benches, clock_note, startup, answer, parts, replay, compile);
criterion_main!(benches);
