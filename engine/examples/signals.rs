//! Reads lines on standard input and prints what the danger check finds in each: for
//! reviewing the signal lists. Or measures the check on a corpus folder.
//!
//! `cargo run -p kintsugi-engine --example signals [LISTS.toml] < file`: with a list file,
//! that file is read instead of the shipped English lists (the shipped model still reads
//! beside it), so an edit can be tried at once. A line may start with `self_harm: ` or
//! `danger: ` (the corpus format); each output line is the kind found (or `-`), the rule
//! (`read by the model` when the model found it), the words matched (or, for the model,
//! the features that weighed most; or the text as normalised), and the line.
//!
//! `cargo run --release -p kintsugi-engine --example signals -- --measure DIR`: reads
//! `DIR/signals.txt` (lines `self_harm: ...`, `danger: ...`) and `DIR/ordinary.txt` and
//! prints the time a check takes, the signals caught, the false alarms, which reader found
//! each, and every miss and false alarm.
use kintsugi_engine::Signal;
use kintsugi_engine::safety_data::{Detector, MODEL_RULE};
use std::io::BufRead;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--measure") {
        let Some(dir) = args.get(i + 1) else {
            eprintln!("--measure DIR: DIR holds signals.txt and ordinary.txt");
            std::process::exit(2)
        };
        measure(std::path::Path::new(dir));
        return;
    }
    let shipped = Detector::for_language("en").expect("English lists ship");
    let edited;
    let detector = match args.first() {
        Some(path) => {
            let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
                eprintln!("{path}: {e}");
                std::process::exit(2)
            });
            edited = Detector::compile(&text)
                .unwrap_or_else(|e| {
                    eprintln!("{path}: {e}");
                    std::process::exit(2)
                })
                .with_model(shipped.model().cloned());
            &edited
        }
        None => shipped,
    };
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let text = ["self_harm: ", "danger: "]
            .iter()
            .find_map(|p| line.strip_prefix(p))
            .unwrap_or(&line);
        match detector.findings(text).first() {
            Some(f) => println!("{:?}\t{}\t[{}]\t{line}", f.signal, f.rule, f.words),
            None => println!("-\t\t[{}]\t{line}", detector.normalise(text).trim()),
        }
    }
}

/// The lines of a corpus file, with the kind each is labelled (ordinary: none).
fn lines(path: &std::path::Path) -> Vec<(Option<Signal>, String)> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("{}: {e}", path.display());
        std::process::exit(2)
    });
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once(": ") {
            Some(("self_harm", t)) => (Some(Signal::SelfHarm), t.to_string()),
            Some(("danger", t)) => (Some(Signal::Danger), t.to_string()),
            _ => (None, l.to_string()),
        })
        .collect()
}

fn measure(dir: &std::path::Path) {
    let detector = Detector::for_language("en").expect("English lists ship");
    // The time a check takes: every line read once (the detector keeps recent findings,
    // so this first reading is the one timed).
    let all: Vec<(Option<Signal>, String)> = ["signals.txt", "ordinary.txt"]
        .iter()
        .flat_map(|f| lines(&dir.join(f)))
        .collect();
    let started = std::time::Instant::now();
    for (_, text) in &all {
        std::hint::black_box(detector.findings(text));
    }
    let took = started.elapsed();
    println!(
        "read {} texts in {:.0} ms: {:.0} µs a text (lists and model)",
        all.len(),
        took.as_secs_f64() * 1e3,
        took.as_secs_f64() * 1e6 / all.len().max(1) as f64
    );
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    let (mut misses, mut alarms) = (Vec::new(), Vec::new());
    let signals = lines(&dir.join("signals.txt"));
    let unlabelled = signals.iter().filter(|(k, _)| k.is_none()).count();
    if unlabelled > 0 {
        eprintln!("{unlabelled} lines of signals.txt start neither `self_harm: ` nor `danger: `");
        std::process::exit(2)
    }
    for kind in [Signal::SelfHarm, Signal::Danger] {
        let (mut total, mut caught, mut by_model, mut right) = (0, 0, 0, 0);
        for (_, text) in signals.iter().filter(|(k, _)| *k == Some(kind)) {
            total += 1;
            match detector.findings(text).first() {
                Some(f) => {
                    caught += 1;
                    by_model += usize::from(f.rule == MODEL_RULE);
                    right += usize::from(detector.scan(text) == Some(kind));
                }
                None => misses.push(format!("{kind:?}: {text}")),
            }
        }
        println!(
            "{kind:?}: {caught}/{total} caught ({:.1} %; {by_model} by the model alone), {right} read as {kind:?}",
            pct(caught, total)
        );
    }
    let caught = signals.len() - misses.len();
    println!(
        "signals: {caught}/{} caught ({:.1} %)",
        signals.len(),
        pct(caught, signals.len())
    );
    let ordinary = lines(&dir.join("ordinary.txt"));
    for (_, text) in &ordinary {
        if let Some(f) = detector.findings(text).first() {
            alarms.push(format!("{:?} ({}: {}): {text}", f.signal, f.rule, f.words));
        }
    }
    println!(
        "ordinary: {}/{} flagged ({:.1} % false alarms)",
        alarms.len(),
        ordinary.len(),
        pct(alarms.len(), ordinary.len())
    );
    for miss in misses {
        println!("  missed: {miss}");
    }
    for alarm in alarms {
        println!("  false alarm: {alarm}");
    }
}
