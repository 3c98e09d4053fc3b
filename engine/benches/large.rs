//! Guides of 1,000, 10,000 and 100,000 steps: `check` (load, outline and every rule) and
//! `Guide::load`, so that their growth with a guide's size is seen side by side. Both
//! should grow about linearly; figures in `docs/performance.md`.
//!
//! Run with `cargo bench -p kintsugi-engine --bench large` (about four minutes, most of
//! it the ten checks and loads of 100,000 steps); `-- check` or `-- load` runs a part.
//! Timed by `common::Stopwatch` (`KINTSUGI_BENCH_CLOCK=cpu` for the thread's CPU time);
//! dropping what was made is outside the timing.

#[path = "common/mod.rs"]
mod common;

use common::Stopwatch;
use criterion::{BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use kintsugi_engine::{Config, Source};
use std::hint::black_box;
use std::time::Duration;

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

/// Times `iters` runs of `f`, one at a time, each result dropped outside the timing.
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

fn large(c: &mut Criterion) {
    let mut group = c.benchmark_group("large");
    for n in SIZES {
        let text = common::generated_guide(n);
        let source = Source::new("large.rhai", text.as_str());
        // The generated guide never finishes: one warning (K0011), and nothing else.
        let found = kintsugi_engine::check(&source, &Config::default());
        assert_eq!(found.len(), 1, "{found:?}");
        // Ten single runs of the largest; the others as criterion likes.
        group
            .sampling_mode(SamplingMode::Flat)
            .sample_size(10)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(match n {
                1_000 => 3,
                10_000 => 10,
                _ => 60,
            }));
        group.bench_with_input(BenchmarkId::new("check", n), &source, |b, source| {
            b.iter_custom(|iters| {
                each(iters, || {
                    kintsugi_engine::check(black_box(source), &Config::default())
                })
            })
        });
        group.bench_with_input(BenchmarkId::new("load", n), &text, |b, text| {
            b.iter_custom(|iters| each(iters, || common::load(black_box(text))))
        });
    }
    group.finish();
}

criterion_group!(benches, large);
criterion_main!(benches);
