//! Reads lines on standard input and prints what the danger check finds in each: for
//! reviewing the signal lists. Or measures the check on a corpus folder.
//!
//! `cargo run -p kintsugi-engine --example signals [LISTS.toml] < file`: with a list file,
//! that file is read instead of the shipped English lists (the shipped model still reads
//! beside it), so an edit can be tried at once. A line may start with `self_harm: ` or
//! `danger: ` (the corpus format); each output line is the kind found (or `-`), the rule
//! (`read by the model` when the model found it), the words matched (or, for the model,
//! the features that weighed most; or the text as normalised), and the line. A line
//! whose own reading finds nothing but whose swapped reading ("I slapped you" read as
//! "you slapped me") finds danger is shown as `Admission`, with what the swapped
//! reading found.
//!
//! `cargo run --release -p kintsugi-engine --example signals -- --measure DIR`: reads
//! `DIR/signals.txt` (lines `self_harm: ...`, `danger: ...`) and `DIR/ordinary.txt` and
//! prints the time a check takes, the signals caught, the false alarms, which reader found
//! each, and every miss and false alarm. The false alarms are counted twice over: those
//! of the writer's own reading, and the ordinary sentences only the swapped reading
//! flags, as an admission of danger to the one addressed (which checks both partners).
//! Where `DIR/admissions.txt` (lines `admission: ...`) and `DIR/admissions_ordinary.txt`
//! (a partner owning up to ordinary wrongs) are there, it measures admissions on them.
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
        let text = text.strip_prefix("admission: ").unwrap_or(text);
        match detector.findings(text).first() {
            Some(f) => println!("{:?}\t{}\t[{}]\t{line}", f.signal, f.rule, f.words),
            None if detector.admits(text) => {
                let f = detector.admission(text).expect("admits");
                println!("Admission\t{}\t[{}]\t{line}", f.rule, f.words)
            }
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
    // Signals the writer's own reading misses but the swapped one reads as an
    // admission: checked all the same, as both partners are asked in turn.
    let as_admission = misses
        .iter()
        .filter(|m| detector.admits(m.split_once(": ").map_or("", |(_, t)| t)))
        .count();
    println!("  of the signals missed, {as_admission} read as an admission (both partners asked)");
    let ordinary = lines(&dir.join("ordinary.txt"));
    let (own, swapped) = false_alarms(detector, &ordinary, &mut alarms);
    println!(
        "ordinary: {}/{} flagged ({:.1} % false alarms): {own} by the writer's own reading, {swapped} more as an admission (the swapped reading)",
        own + swapped,
        ordinary.len(),
        pct(own + swapped, ordinary.len())
    );
    let admissions = dir.join("admissions.txt");
    if admissions.exists() {
        let admissions = lines(&admissions);
        let (mut admitted, mut own) = (0, 0);
        for (_, text) in &admissions {
            let text = text.strip_prefix("admission: ").unwrap_or(text);
            if detector.admits(text) {
                admitted += 1;
            } else if !detector.signals(text).is_empty() {
                // Read as the writer's own danger: the writer is asked, not the other.
                own += 1;
                misses.push(format!("admission (read as the writer's own): {text}"));
            } else {
                misses.push(format!("admission: {text}"));
            }
        }
        println!(
            "admissions: {admitted}/{} read as admissions ({:.1} %; both partners asked), {own} more read as the writer's own signal (the writer asked)",
            admissions.len(),
            pct(admitted, admissions.len()),
        );
    }
    let owning_up = dir.join("admissions_ordinary.txt");
    if owning_up.exists() {
        let owning_up = lines(&owning_up);
        let (own, swapped) = false_alarms(detector, &owning_up, &mut alarms);
        println!(
            "ordinary wrongs owned up to: {}/{} flagged ({:.1} % false alarms): {own} by the writer's own reading, {swapped} more as an admission",
            own + swapped,
            owning_up.len(),
            pct(own + swapped, owning_up.len())
        );
    }
    for miss in misses {
        println!("  missed: {miss}");
    }
    for alarm in alarms {
        println!("  false alarm: {alarm}");
    }
}

/// Counts the ordinary sentences flagged by the writer's own reading and, of the rest,
/// by the swapped reading (as an admission), listing each in `alarms`.
fn false_alarms(
    detector: &Detector,
    ordinary: &[(Option<Signal>, String)],
    alarms: &mut Vec<String>,
) -> (usize, usize) {
    let (mut own, mut swapped) = (0, 0);
    for (_, text) in ordinary {
        if let Some(f) = detector.findings(text).first() {
            own += 1;
            alarms.push(format!("{:?} ({}: {}): {text}", f.signal, f.rule, f.words));
        } else if detector.admits(text) {
            swapped += 1;
            let f = detector.admission(text).expect("admits");
            alarms.push(format!("admission ({}: {}): {text}", f.rule, f.words));
        }
    }
    (own, swapped)
}
