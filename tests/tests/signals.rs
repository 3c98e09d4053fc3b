//! How well the danger check reads what people really write, measured on a corpus
//! written apart from its lists (`corpus/*/signals.txt`, `corpus/*/ordinary.txt`).
//!
//! The corpus is a test, not a list to match: its sentences were written by helpers who
//! had not seen the patterns. `dev/` and `dev2/` were used while the lists were
//! reviewed; `heldout/` was written after the last review and is only measured.

use kintsugi_engine::Signal;
use kintsugi_engine::safety_data::scan;
use std::path::Path;

/// A labelled sentence: what a careful reader would notice in it, if anything.
struct Line {
    expected: Option<Signal>,
    text: String,
}

fn read(set: &str, file: &str) -> Vec<Line> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(set)
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (expected, text) = match l.split_once(": ") {
                Some(("self_harm", t)) => (Some(Signal::SelfHarm), t),
                Some(("danger", t)) => (Some(Signal::Danger), t),
                _ => (None, l),
            };
            Line {
                expected,
                text: text.to_string(),
            }
        })
        .collect()
}

/// Signals caught in a set, printing the misses.
fn recall(set: &str) -> (usize, usize) {
    let signals = read(set, "signals.txt");
    let missed: Vec<&str> = signals
        .iter()
        .filter(|l| scan(&l.text).is_none())
        .map(|l| l.text.as_str())
        .collect();
    println!(
        "{set}: {}/{} signals caught",
        signals.len() - missed.len(),
        signals.len()
    );
    for miss in &missed {
        println!("  missed: {miss}");
    }
    (signals.len() - missed.len(), signals.len())
}

/// Ordinary sentences flagged in a set, printing them.
fn false_alarms(set: &str) -> (usize, usize) {
    let lines = read(set, "ordinary.txt");
    let flagged: Vec<&str> = lines
        .iter()
        .filter(|l| scan(&l.text).is_some())
        .map(|l| l.text.as_str())
        .collect();
    println!(
        "{set}: {}/{} ordinary sentences flagged",
        flagged.len(),
        lines.len()
    );
    for line in &flagged {
        println!("  flagged: {line}");
    }
    (flagged.len(), lines.len())
}

#[test]
fn the_danger_check_catches_the_signals_of_the_sets_it_was_reviewed_on() {
    // dev and dev2 were used to review the lists (docs/safety.md): nearly all caught.
    for set in ["dev", "dev2"] {
        let (caught, total) = recall(set);
        assert!(total >= 200, "{set}: corpus too small");
        assert!(
            caught as f64 >= 0.97 * total as f64,
            "{set}: {caught}/{total}"
        );
    }
}

#[test]
fn on_sentences_never_reviewed_on_the_danger_check_is_measured_not_tuned() {
    // The held-out set was written fresh after the last review and never tuned on.
    // Measured 2026-12-02: 120 of 220 signals (54.5 %), 8 of 450 false alarms (1.8 %).
    // The aim is 90 % with at most 2 %; it is not reached (docs/safety.md). This floor
    // keeps what was reached from slipping back.
    let (caught, total) = recall("heldout");
    assert!(
        total >= 150 && caught as f64 >= 0.50 * total as f64,
        "{caught}/{total}"
    );
}

#[test]
fn ordinary_painful_sentences_rarely_raise_a_false_alarm() {
    for set in ["dev", "dev2", "heldout"] {
        let (flagged, total) = false_alarms(set);
        assert!(total >= 300, "{set}: corpus too small");
        assert!(
            flagged as f64 <= 0.02 * total as f64,
            "{set}: {flagged}/{total}"
        );
    }
}

#[test]
fn the_sentences_people_were_seen_to_write_are_noticed() {
    // Observation 4 of the safety issue, word for word.
    for text in [
        "sometimes I feel like I want to die",
        "I'd rather be dead than go through this again",
        "Some days I want to end it all",
        "I thought about taking all my pills",
        "I don't want to be here anymore",
    ] {
        assert_eq!(scan(text), Some(Signal::SelfHarm), "{text}");
    }
    for text in [
        "He'll kill me if he finds out I said this",
        "You slapped me in March",
        "I'm terrified of you when you drink",
        "grabbed my throat",
        "he won't let me see my friends",
        "she takes all my wages",
    ] {
        assert_eq!(scan(text), Some(Signal::Danger), "{text}");
    }
    for text in [
        "I could kill for a coffee",
        "the deadline is killing me",
        "my phone died",
    ] {
        assert_eq!(scan(text), None, "{text}");
    }
}

#[test]
fn each_signal_is_named_for_what_it_is() {
    // Which help is shown follows the kind: a crisis line for self-harm, abuse lines for
    // danger. Of the signals caught, nearly all must be read as their own kind.
    for set in ["dev", "dev2", "heldout"] {
        let lines = read(set, "signals.txt");
        let caught: Vec<_> = lines
            .iter()
            .filter_map(|l| scan(&l.text).map(|s| (s, l)))
            .collect();
        let right = caught
            .iter()
            .filter(|(s, l)| Some(*s) == l.expected)
            .count();
        let wrong: Vec<_> = caught
            .iter()
            .filter(|(s, l)| Some(*s) != l.expected)
            .map(|(s, l)| format!("{s:?}: {}", l.text))
            .collect();
        println!("{set}: {right}/{} of the kind written", caught.len());
        assert!(
            right as f64 >= 0.95 * caught.len() as f64,
            "{set}: {wrong:#?}"
        );
    }
}
