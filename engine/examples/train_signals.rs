//! Trains the danger check's model (`src/plugins/safety/signals/en.model`) on the corpus,
//! and measures how well it reads sentences it was not trained on.
//!
//! ```sh
//! cargo run --release -p kintsugi-engine --example train_signals            # measure only
//! cargo run --release -p kintsugi-engine --example train_signals -- --write # and write the model
//! ```
//!
//! Sets are `tests/corpus/NAME/{signals,ordinary}.txt` (`--sets dev,dev2,...`, all fourteen by
//! default). What it prints, for the lists alone and for the check as shipped (the model,
//! reading the lists' findings among its features), each estimated on sentences not
//! trained on (`--no-list-features`: the model alone, without the lists' findings):
//! - k-fold cross-validation over all the sets, every sentence in one test fold;
//! - each set left out in turn (`--leave-out a,b`: only those; `none`: none; `--no-mixed`:
//!   these alone, without the cross-validation over all sets), trained on
//!   the others: the harder test, as each set was written in one go by one writer, and a
//!   new set is a new writer.
//!
//! - `--writers` (with `--no-cv`, alone): the estimate for a new writer, cheaply. Each set
//!   is scored by a model not trained on it (`--groups 4`: the sets dealt into four
//!   groups, each left out in turn, four trainings; without it, one training per set),
//!   and at each rate of `--targets` each set's threshold is chosen on the other sets'
//!   scores: the curve of what a new writer meets. With `--write`, the model's threshold
//!   is chosen on these scores.
//!
//! A threshold is never chosen on what it is measured on: in each fold it is chosen on the
//! training part's own cross-validation (out-of-fold scores), as the lowest that keeps the
//! false alarms at or under `--alarms` (a fraction, 0.015 by default). The model written is
//! trained on all the sets, its threshold chosen the same way (or on `--writers` scores).
//! The folds of one cross-validation are trained at once, one thread each. Scores that
//! took long can be kept in a file and read again (`--oof FILE`, `--writers-cache FILE`);
//! `--lists-only` prints what the lists alone find in each set, for reviewing an edit.
use kintsugi_engine::Signal;
use kintsugi_engine::safety_data::{Detector, MODEL_KINDS, Model, Training, train};
use std::path::{Path, PathBuf};

/// The sets trained on unless `--sets` says otherwise.
const SETS: &str = "dev,dev2,dev3,train,train2,heldout2,train3,train4,trainC,heldout3,heldout4,trainD,trainE,trainF,heldout5,trainG,trainH,trainI,trainJ";

/// One labelled sentence, read once.
struct Example {
    set: usize,
    kind: Option<Signal>,
    /// What the model reads (`Detector::model_features`).
    features: Vec<String>,
    /// What the lists alone find.
    lists: Option<Signal>,
    text: String,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus")
}

/// The sentences of a corpus folder: `signals.txt` lines start `self_harm: ` or `danger: `,
/// `ordinary.txt` lines are ordinary; `#` lines are comments.
fn read_set(dir: &Path) -> Vec<(Option<Signal>, String)> {
    let mut out = Vec::new();
    for file in ["signals.txt", "ordinary.txt"] {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            eprintln!("{}: {e}", path.display());
            std::process::exit(2)
        });
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let labelled = match line.split_once(": ") {
                Some(("self_harm", t)) => (Some(Signal::SelfHarm), t),
                Some(("danger", t)) => (Some(Signal::Danger), t),
                _ if file == "ordinary.txt" => (None, line),
                _ => {
                    eprintln!("{}: `{line}` has no kind", path.display());
                    std::process::exit(2)
                }
            };
            out.push((labelled.0, labelled.1.to_string()));
        }
    }
    out
}

/// An example as the model is trained on it: its features, and its kind as an index
/// into `MODEL_KINDS`.
fn labelled(example: &Example) -> (Vec<String>, Option<usize>) {
    let kind = example
        .kind
        .and_then(|k| MODEL_KINDS.iter().position(|m| *m == k));
    (example.features.clone(), kind)
}

/// Scores of the model on examples `test`, trained on examples `fit`.
fn scores(examples: &[Example], fit: &[usize], test: &[usize], how: Training) -> Vec<f32> {
    let data: Vec<_> = fit.iter().map(|&i| labelled(&examples[i])).collect();
    let model = train(&data, how);
    test.iter()
        .map(|&i| model.score_features(&examples[i].features).score)
        .collect()
}

/// Each example's index into `folds` parts, fixed: every k-th of a shuffled order.
fn folds(indices: &[usize], k: usize, seed: u64) -> Vec<Vec<usize>> {
    let mut order = indices.to_vec();
    fastrand::Rng::with_seed(seed).shuffle(&mut order);
    (0..k)
        .map(|f| order.iter().skip(f).step_by(k).copied().collect())
        .collect()
}

/// Out-of-fold scores of every example in `indices`, the folds trained at once.
fn out_of_fold(examples: &[Example], indices: &[usize], k: usize, how: Training) -> Vec<f32> {
    let mut score = vec![0f32; examples.len()];
    let parts = folds(indices, k, 7);
    let scored: Vec<Vec<f32>> = std::thread::scope(|scope| {
        let running: Vec<_> = parts
            .iter()
            .enumerate()
            .map(|(f, test)| {
                let fit: Vec<usize> = parts
                    .iter()
                    .enumerate()
                    .filter(|(g, _)| *g != f)
                    .flat_map(|(_, p)| p.iter().copied())
                    .collect();
                scope.spawn(move || scores(examples, &fit, test, how))
            })
            .collect();
        running
            .into_iter()
            .map(|t| t.join().expect("a fold's training"))
            .collect()
    });
    for (test, s) in parts.iter().zip(scored) {
        for (i, s) in test.iter().zip(s) {
            score[*i] = s;
        }
    }
    indices.iter().map(|&i| score[i]).collect()
}

/// `out_of_fold`, kept in `cache` (a file: a score and its text a line) when given, so
/// that a model can be written again for another rate of false alarms without the five
/// trainings; the file is used only if it holds the same texts in the same order.
fn out_of_fold_cached(
    examples: &[Example],
    indices: &[usize],
    k: usize,
    how: Training,
    cache: Option<String>,
) -> Vec<f32> {
    cached(examples, indices, &format!("{k}-fold"), how, cache, || {
        out_of_fold(examples, indices, k, how)
    })
}

/// Scores computed by `compute`, or read from `cache` if it holds them for the same
/// texts, the same way of scoring (`what`) and the same settings.
fn cached(
    examples: &[Example],
    indices: &[usize],
    what: &str,
    how: Training,
    cache: Option<String>,
    compute: impl FnOnce() -> Vec<f32>,
) -> Vec<f32> {
    let key = |i: usize| format!("{}|{}", examples[i].features.len(), examples[i].text.trim());
    let settings = format!(
        "# {what}, l2 {}, rounds {}, rate {}, keep {}",
        how.l2, how.rounds, how.rate, how.keep
    );
    if let Some(text) = cache.as_ref().and_then(|c| std::fs::read_to_string(c).ok()) {
        let cached: Vec<(f32, &str)> = text
            .lines()
            .skip(1)
            .filter_map(|l| l.split_once('\t'))
            .filter_map(|(s, t)| Some((s.parse().ok()?, t)))
            .collect();
        let same = text.lines().next() == Some(settings.as_str())
            && cached.len() == indices.len()
            && indices.iter().zip(&cached).all(|(&i, (_, t))| key(i) == *t);
        if same {
            eprintln!(
                "out-of-fold scores read from {}",
                cache.as_deref().unwrap_or("")
            );
            return cached.into_iter().map(|(s, _)| s).collect();
        }
        eprintln!(
            "{}: another corpus or other settings; scored again",
            cache.as_deref().unwrap_or("")
        );
    }
    let scores = compute();
    if let Some(path) = cache {
        let lines: Vec<String> = std::iter::once(settings)
            .chain(
                indices
                    .iter()
                    .zip(&scores)
                    .map(|(&i, s)| format!("{s}\t{}", key(i))),
            )
            .collect();
        std::fs::write(&path, lines.join("\n")).expect("the cache FILE is writable");
    }
    scores
}

/// Each example's score from a model not trained on its set: a set is one writer, so
/// this is how the check reads a writer it has never seen. The sets are dealt into
/// `groups` of about the same size (largest first, each to the smallest group so far;
/// as many groups as sets if `groups` is 0), each group left out in turn and scored by a
/// model trained on the others, `threads` groups at a time.
fn left_out_by_set(
    examples: &[Example],
    sets: usize,
    groups: usize,
    how: Training,
    threads: usize,
) -> Vec<f32> {
    let groups = if groups == 0 { sets } else { groups.min(sets) };
    let mut size: Vec<(usize, usize)> = (0..sets)
        .map(|s| (examples.iter().filter(|e| e.set == s).count(), s))
        .collect();
    size.sort_by(|a, b| b.cmp(a));
    let mut group_of = vec![0; sets];
    let mut filled = vec![0; groups];
    for (n, s) in size {
        let g = (0..groups).min_by_key(|&g| (filled[g], g)).unwrap_or(0);
        group_of[s] = g;
        filled[g] += n;
    }
    let sets = groups;
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut score = vec![0f32; examples.len()];
    let scored: Vec<Vec<(usize, f32)>> = std::thread::scope(|scope| {
        let running: Vec<_> = (0..threads.max(1))
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let s = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if s >= sets {
                            return out;
                        }
                        let (test, fit): (Vec<usize>, Vec<usize>) =
                            (0..examples.len()).partition(|&i| group_of[examples[i].set] == s);
                        if test.is_empty() {
                            continue;
                        }
                        let got = scores(examples, &fit, &test, how);
                        eprintln!("group {s} left out: scored");
                        out.extend(test.into_iter().zip(got));
                    }
                })
            })
            .collect();
        running
            .into_iter()
            .map(|t| t.join().expect("a set's training"))
            .collect()
    });
    for (i, s) in scored.into_iter().flatten() {
        score[i] = s;
    }
    score
}

/// The lowest threshold at which the model flags at most `alarms` of the ordinary
/// examples among `indices`, given their scores.
fn threshold(examples: &[Example], indices: &[usize], scores: &[f32], alarms: f64) -> f32 {
    let mut ordinary: Vec<f32> = indices
        .iter()
        .zip(scores)
        .filter(|(i, _)| examples[**i].kind.is_none())
        .map(|(_, s)| *s)
        .collect();
    let allowed = (alarms * ordinary.len() as f64).floor() as usize;
    ordinary.sort_by(|a, b| b.total_cmp(a));
    // Above the (allowed+1)-th highest ordinary score: at most `allowed` are flagged.
    ordinary
        .get(allowed)
        .map_or(0.5, |s| f32::from_bits(s.to_bits() + 1))
        .max(0.05)
}

#[derive(Default, Clone, Copy)]
struct Tally {
    caught: usize,
    signals: usize,
    alarms: usize,
    ordinary: usize,
    right_kind: usize,
}

impl Tally {
    fn add(&mut self, example: &Example, flagged: Option<Signal>) {
        match example.kind {
            Some(kind) => {
                self.signals += 1;
                if let Some(found) = flagged {
                    self.caught += 1;
                    self.right_kind += usize::from(found == kind);
                }
            }
            None => {
                self.ordinary += 1;
                self.alarms += usize::from(flagged.is_some());
            }
        }
    }

    fn show(&self) -> String {
        let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
        format!(
            "{:4}/{:4} caught ({:5.1} %), {:3}/{:4} false alarms ({:4.1} %), {:5.1} % of the kind written",
            self.caught,
            self.signals,
            pct(self.caught, self.signals),
            self.alarms,
            self.ordinary,
            pct(self.alarms, self.ordinary),
            pct(self.right_kind, self.caught),
        )
    }
}

/// What the check flags in each of `test` (by index into `examples`), trained on `fit`,
/// the threshold chosen on `fit` alone: one answer per rate of false alarms in `targets`.
fn evaluate(
    examples: &[Example],
    fit: &[usize],
    test: &[usize],
    how: Training,
    targets: &[f64],
) -> Vec<Vec<(usize, Option<Signal>)>> {
    let inner = out_of_fold(examples, fit, 5, how);
    let data: Vec<_> = fit.iter().map(|&i| labelled(&examples[i])).collect();
    let model = train(&data, how);
    let readings: Vec<_> = test
        .iter()
        .map(|&i| (i, model.score_features(&examples[i].features)))
        .collect();
    targets
        .iter()
        .map(|&alarms| {
            let t = threshold(examples, fit, &inner, alarms);
            readings
                .iter()
                .map(|(i, reading)| {
                    // The kind: the lists' where they found one (as shipped), else the model's.
                    let kind = examples[*i].lists.unwrap_or(MODEL_KINDS[reading.kind]);
                    (*i, Some(kind).filter(|_| reading.score >= t))
                })
                .collect()
        })
        .collect()
}

/// Report lines for the lists alone and the check on `test`, given what the check flagged
/// in each example (`None` where not tested).
fn tallies(examples: &[Example], test: &[usize], flagged: &[Option<Signal>]) -> Vec<String> {
    let mut out = Vec::new();
    type Reader<'a> = &'a dyn Fn(usize) -> Option<Signal>;
    let readers: [(&str, Reader); 2] = [
        ("lists alone", &|i| examples[i].lists),
        ("the check", &|i| flagged[i]),
    ];
    for (name, reader) in readers {
        let mut tally = Tally::default();
        for &i in test {
            tally.add(&examples[i], reader(i));
        }
        out.push(format!("  {name:12} {}", tally.show()));
        out.push(format!(
            "  {:12} {}",
            "",
            by_kind(examples, test, |i| reader(i).is_some())
        ));
    }
    out
}

/// For each rate of false alarms in `targets`: each set read by the model trained
/// without it, at the threshold chosen on the other sets' left-out scores for that rate;
/// then all sets together, and whether the rate keeps the false alarms of a new writer
/// at 1.5 % or under on average and 2.5 % or under on every set.
fn by_writer(
    examples: &[Example],
    sets: &[String],
    scores: &[f32],
    targets: &[f64],
) -> Vec<String> {
    let mut out = Vec::new();
    for &target in targets {
        out.push(format!(
            "each set left out, its threshold chosen on the other sets' left-out scores for {target} false alarms:"
        ));
        let mut flagged = vec![None; examples.len()];
        let mut rates = Vec::new();
        for (s, name) in sets.iter().enumerate() {
            let (of, others): (Vec<usize>, Vec<usize>) =
                (0..examples.len()).partition(|&i| examples[i].set == s);
            if of.is_empty() {
                continue;
            }
            let other_scores: Vec<f32> = others.iter().map(|&i| scores[i]).collect();
            let t = threshold(examples, &others, &other_scores, target);
            let mut tally = Tally::default();
            for &i in &of {
                flagged[i] = Some(Signal::Danger).filter(|_| scores[i] >= t);
                tally.add(&examples[i], flagged[i]);
            }
            rates.push(tally.alarms as f64 / tally.ordinary.max(1) as f64);
            let shown = tally.show();
            let shown = shown.rsplit_once(',').map_or(shown.as_str(), |(a, _)| a);
            out.push(format!(
                "  {name:9} {shown}; {} (threshold {t:.3})",
                by_kind(examples, &of, |i| flagged[i].is_some())
            ));
        }
        let all: Vec<usize> = (0..examples.len()).collect();
        let mut tally = Tally::default();
        for &i in &all {
            tally.add(&examples[i], flagged[i]);
        }
        let shown = tally.show();
        let shown = shown.rsplit_once(',').map_or(shown.as_str(), |(a, _)| a);
        let mean = rates.iter().sum::<f64>() / rates.len().max(1) as f64;
        let worst = rates.iter().copied().fold(0f64, f64::max);
        out.push(format!(
            "  all sets  {shown}; {}; false alarms a set: mean {:.2} %, most {:.2} %{}",
            by_kind(examples, &all, |i| flagged[i].is_some()),
            mean * 100.0,
            worst * 100.0,
            if mean <= 0.015 && worst <= 0.025 {
                " (within 1.5 % / 2.5 %)"
            } else {
                ""
            }
        ));
    }
    out
}

/// A tally per kind written: self-harm, danger (the false alarms in neither).
fn by_kind(examples: &[Example], test: &[usize], flagged: impl Fn(usize) -> bool) -> String {
    let mut out = Vec::new();
    for kind in [Signal::SelfHarm, Signal::Danger] {
        let of: Vec<usize> = test
            .iter()
            .filter(|i| examples[**i].kind == Some(kind))
            .copied()
            .collect();
        let caught = of.iter().filter(|i| flagged(**i)).count();
        out.push(format!(
            "{} {caught}/{} ({:.1} %)",
            kind.name(),
            of.len(),
            100.0 * caught as f64 / of.len().max(1) as f64
        ));
    }
    out.join(", ")
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let sets: Vec<String> = value("--sets")
        .unwrap_or_else(|| SETS.into())
        .split(',')
        .map(str::to_string)
        .collect();
    let alarms: f64 = value("--alarms").map_or(0.015, |a| a.parse().expect("--alarms 0.01"));
    // The rates of false alarms a set left out is measured at (each threshold chosen on
    // the other sets): `--targets 0.015,0.02,0.03`, the rate shipped by default.
    let targets: Vec<f64> = value("--targets").map_or(vec![alarms], |t| {
        t.split(',')
            .map(|a| a.parse().expect("--targets 0.015,0.02"))
            .collect()
    });
    let k: usize = value("--folds").map_or(5, |a| a.parse().expect("--folds 5"));
    let mut how = Training::default();
    if let Some(l2) = value("--l2") {
        how.l2 = l2.parse().expect("--l2 0.0001");
    }
    if let Some(keep) = value("--keep") {
        how.keep = keep.parse().expect("--keep 10000");
    }
    if let Some(rate) = value("--rate") {
        how.rate = rate.parse().expect("--rate 0.05");
    }
    if let Some(rounds) = value("--rounds") {
        how.rounds = rounds.parse().expect("--rounds 800");
    }
    let leave_out: Vec<String> = value("--leave-out").map_or_else(
        || sets.clone(),
        |l| l.split(',').map(str::to_string).collect(),
    );
    let flag = |name: &str| args.iter().any(|a| a == name);
    let (write, curve, skip_cv) = (flag("--write"), flag("--curve"), flag("--no-cv"));
    let list_features = !flag("--no-list-features");

    let detector = Detector::for_language("en").expect("English lists ship");
    let mut texts = Vec::new();
    for (s, name) in sets.iter().enumerate() {
        let dir = corpus_dir().join(name);
        if !dir.exists() {
            eprintln!("no set {} (skipped)", dir.display());
            continue;
        }
        texts.extend(
            read_set(&dir)
                .into_iter()
                .map(|(kind, text)| (s, kind, text)),
        );
    }
    // Read by the lists on four threads, in order.
    let read = |(set, kind, text): &(usize, Option<Signal>, String)| {
        let normalised = detector.normalise(text);
        let found = detector.lists(&normalised);
        // What the model reads as shipped: what the lists' ordinary patterns leave,
        // and the lists' findings.
        let shown = if list_features { &found[..] } else { &[] };
        Example {
            set: *set,
            kind: *kind,
            features: detector.model_features(&normalised, shown),
            lists: found.first().map(|f| f.signal),
            text: normalised,
        }
    };
    let examples: Vec<Example> = std::thread::scope(|scope| {
        let running: Vec<_> = texts
            .chunks(texts.len().div_ceil(4).max(1))
            .map(|chunk| scope.spawn(move || chunk.iter().map(read).collect::<Vec<_>>()))
            .collect();
        running
            .into_iter()
            .flat_map(|t| t.join().expect("reading the corpus"))
            .collect()
    });
    if let Some(path) = value("--features") {
        // For trials outside Rust: each sentence's set, kind, the lists' kind and the
        // model's features (separated by \x1f, as features hold spaces), one a line.
        let lines: Vec<String> = examples
            .iter()
            .map(|e| {
                let kind = |k: Option<Signal>| k.map_or("ordinary", Signal::name);
                format!(
                    "{}\t{}\t{}\t{}",
                    sets[e.set],
                    kind(e.kind),
                    kind(e.lists),
                    e.features.join("\x1f")
                )
            })
            .collect();
        std::fs::write(path, lines.join("\n")).expect("--features FILE is writable");
        return;
    }
    let all: Vec<usize> = (0..examples.len()).collect();
    if flag("--lists-only") {
        // For reviewing a list change: what the lists alone find in each set, and their
        // false alarms one a line (to compare before and after).
        for (s, name) in sets.iter().enumerate() {
            let of: Vec<usize> = all
                .iter()
                .filter(|i| examples[**i].set == s)
                .copied()
                .collect();
            let mut tally = Tally::default();
            for &i in &of {
                tally.add(&examples[i], examples[i].lists);
            }
            println!("{name:9} lists alone {}", tally.show());
            println!(
                "{:9}             {}",
                "",
                by_kind(&examples, &of, |i| examples[i].lists.is_some())
            );
        }
        for e in &examples {
            match (e.kind, e.lists) {
                (None, Some(found)) => println!(
                    "  false alarm ({}): {:?}: {}",
                    sets[e.set],
                    found,
                    e.text.trim()
                ),
                (Some(kind), None) => {
                    println!("  missed ({}): {:?}: {}", sets[e.set], kind, e.text.trim())
                }
                _ => {}
            }
        }
        return;
    }
    println!(
        "{} sentences ({} signals), sets {}; l2 {}, rounds {}, rate {}, keep {}, false alarms allowed {}{}",
        examples.len(),
        examples.iter().filter(|e| e.kind.is_some()).count(),
        sets.join(","),
        how.l2,
        how.rounds,
        how.rate,
        how.keep,
        alarms,
        if list_features {
            ""
        } else {
            "; the model alone, without the lists' findings"
        }
    );
    let mut report = Vec::new();
    let mut oof = None;
    // The model written, trained on everything, alongside the estimates (it needs none
    // of them; only its threshold does).
    let (sender, finished) = std::sync::mpsc::channel();
    if write {
        let data: Vec<_> = examples.iter().map(labelled).collect();
        std::thread::spawn(move || sender.send(train(&data, how)));
    }
    if flag("--writers") {
        // Each set left out in turn, its threshold chosen on the other sets' left-out
        // scores: what a new writer meets. One training per set.
        let threads: usize = value("--threads").map_or(2, |t| t.parse().expect("--threads 2"));
        let groups: usize = value("--groups").map_or(0, |t| t.parse().expect("--groups 4"));
        let what = format!("by set, {groups} groups");
        let scores = cached(
            &examples,
            &all,
            &what,
            how,
            value("--writers-cache"),
            || left_out_by_set(&examples, sets.len(), groups, how, threads),
        );
        report.extend(by_writer(&examples, &sets, &scores, &targets));
        oof = Some(scores);
    }
    if curve {
        // A diagnostic: recall at each rate of false alarms, on out-of-fold scores (the
        // threshold is read off the same scores, so slightly optimistic).
        let scores = out_of_fold_cached(&examples, &all, k, how, value("--oof"));
        if let Some(path) = value("--dump") {
            let lines: Vec<String> = all
                .iter()
                .zip(&scores)
                .map(|(&i, s)| {
                    let e = &examples[i];
                    format!("{s:.3}\t{:?}\t{:?}\t{}", e.kind, e.lists, e.text.trim())
                })
                .collect();
            std::fs::write(path, lines.join("\n")).expect("--dump FILE is writable");
        }
        for rate in [0.005, 0.01, 0.015, 0.02, 0.03, 0.05, 0.1] {
            let t = threshold(&examples, &all, &scores, rate);
            let mut tally = Tally::default();
            for (&i, &s) in all.iter().zip(&scores) {
                tally.add(&examples[i], Some(Signal::Danger).filter(|_| s >= t));
            }
            // The kind is not scored here: only whether a sentence is flagged.
            let shown = tally.show();
            let shown = shown.rsplit_once(',').map_or(shown.as_str(), |(a, _)| a);
            println!(
                "false alarms {:4.1} %: {shown}, threshold {t}",
                rate * 100.0
            );
        }
        // At the rate shipped, what is flagged in each set, and of each kind.
        let t = threshold(&examples, &all, &scores, alarms);
        let mut flagged = vec![None; examples.len()];
        for (&i, &s) in all.iter().zip(&scores) {
            flagged[i] = Some(Signal::Danger).filter(|_| s >= t);
        }
        report.push(format!(
            "{k}-fold out-of-fold scores, threshold {t} read off them for {alarms} false alarms:"
        ));
        report.extend(tallies(&examples, &all, &flagged));
        for (s, name) in sets.iter().enumerate() {
            let of: Vec<usize> = all
                .iter()
                .filter(|i| examples[**i].set == s)
                .copied()
                .collect();
            report.push(format!("  of which {name}:"));
            report.extend(
                tallies(&examples, &of, &flagged)
                    .into_iter()
                    .map(|l| format!("  {l}")),
            );
        }
        oof = Some(scores);
    }
    if !skip_cv && !flag("--no-mixed") {
        let mut flagged = vec![None; examples.len()];
        let parts = folds(&all, k, 1);
        for (f, test) in parts.iter().enumerate() {
            let fit: Vec<usize> = all.iter().filter(|i| !test.contains(i)).copied().collect();
            for (i, found) in evaluate(&examples, &fit, test, how, &[alarms]).remove(0) {
                flagged[i] = found;
            }
            eprintln!("fold {} of {k} done", f + 1);
        }
        report.push(format!("{k}-fold cross-validation over all sets:"));
        report.extend(tallies(&examples, &all, &flagged));
        for (s, name) in sets.iter().enumerate() {
            let of: Vec<usize> = all
                .iter()
                .filter(|i| examples[**i].set == s)
                .copied()
                .collect();
            report.push(format!("  of which {name}:"));
            report.extend(
                tallies(&examples, &of, &flagged)
                    .into_iter()
                    .map(|l| format!("  {l}")),
            );
        }
    }
    if !skip_cv {
        for (s, name) in sets.iter().enumerate() {
            let test: Vec<usize> = all
                .iter()
                .filter(|i| examples[**i].set == s)
                .copied()
                .collect();
            if test.is_empty() || !leave_out.contains(name) {
                continue;
            }
            let fit: Vec<usize> = all
                .iter()
                .filter(|i| examples[**i].set != s)
                .copied()
                .collect();
            let answers = evaluate(&examples, &fit, &test, how, &targets);
            for (target, answer) in targets.iter().zip(answers) {
                let mut flagged = vec![None; examples.len()];
                for (i, found) in answer {
                    flagged[i] = found;
                }
                let mut lines = vec![format!(
                    "{name} left out, trained on the other sets, threshold chosen on them for {target} false alarms:"
                )];
                lines.extend(tallies(&examples, &test, &flagged));
                // Shown at once: a run over several sets takes long.
                for line in &lines {
                    eprintln!("{line}");
                }
                report.extend(lines);
            }
        }
    }
    for line in &report {
        println!("{line}");
    }
    if write {
        let inner =
            oof.unwrap_or_else(|| out_of_fold_cached(&examples, &all, k, how, value("--oof")));
        let t = threshold(&examples, &all, &inner, alarms);
        let model: Model = finished
            .recv()
            .expect("the model's training")
            .with_threshold(t);
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("src/plugins/safety/signals/en.model");
        let mut comment = format!(
            "The danger check's model, English: written by\n\
             `cargo run --release -p kintsugi-engine --example train_signals -- --write`\n\
             (do not edit by hand; docs/safety.md). Trained on tests/corpus/{{{}}}: {} sentences.\n\
             l2 {}, rounds {}, rate {}, keep {}; threshold chosen on {} for at\n\
             most {} false alarms. Each line: feature, self_harm weight, danger weight (w: word,\n\
             b: two words, x: characters of a clause, < and > its ends, l: the lists found that kind).\n",
            sets.join(","),
            examples.len(),
            how.l2,
            how.rounds,
            how.rate,
            how.keep,
            if flag("--writers") {
                "each set's scores by the model trained without it".to_string()
            } else {
                format!("{k}-fold out-of-fold scores")
            },
            alarms,
        );
        if !report.is_empty() {
            comment.push_str("\nMeasured when trained:\n");
            for line in &report {
                comment.push_str(line);
                comment.push('\n');
            }
        }
        std::fs::write(&path, model.to_text(&comment)).expect("the model file is writable");
        println!(
            "wrote {} ({} features, threshold {t})",
            path.display(),
            model.len()
        );
    }
}
