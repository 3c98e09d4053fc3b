//! How well the danger check reads what people really write, measured on a corpus
//! written apart from its lists (`corpus/*/signals.txt`, `corpus/*/ordinary.txt`).
//!
//! The corpus's sentences were written by helpers who had not seen the patterns. `dev/`
//! and `dev2/` were used while the lists were reviewed; `dev3/` (once the held-out set)
//! and `train/` were not. The model beside the lists is trained on all four, so these
//! figures are what the check does on sentences it learned from; what it does on
//! sentences never seen is estimated by cross-validation (`examples/train_signals.rs`,
//! docs/safety.md), and measured on a fresh set with
//! `cargo run --release -p kintsugi-engine --example signals -- --measure DIR`.

use kintsugi_engine::Signal;
use kintsugi_engine::safety_data::{Detector, scan};
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

/// Every set of the corpus: the model learned from all four.
const SETS: [&str; 4] = ["dev", "dev2", "dev3", "train"];

#[test]
fn the_danger_check_catches_the_signals_of_the_sets_it_learned_from() {
    // Measured 2026-12-07 (docs/safety.md): dev 228/229, dev2 219/220 (the lists were
    // reviewed on both), dev3 152/220, train 672/933 (the lists never saw them; the model
    // learned from them, but its threshold, chosen for few false alarms on sentences not
    // learned from, is high). On sentences never seen, cross-validation estimates 79 %.
    for (set, floor) in [
        ("dev", 0.97),
        ("dev2", 0.97),
        ("dev3", 0.65),
        ("train", 0.68),
    ] {
        let (caught, total) = recall(set);
        assert!(total >= 200, "{set}: corpus too small");
        assert!(
            caught as f64 >= floor * total as f64,
            "{set}: {caught}/{total}"
        );
    }
}

#[test]
fn on_a_blind_set_never_learned_from_the_check_holds_what_it_was_measured_at() {
    // heldout2 was written blind (no lists, no corpus seen) and measured once, when the
    // model shipped: 203/250 caught, 8/500 false alarms (docs/safety.md). Nothing was
    // learned from it; these floors keep later changes from slipping below that.
    let (caught, total) = recall("heldout2");
    assert_eq!(total, 250);
    assert!(caught >= 200, "heldout2: {caught}/{total}");
    let (flagged, total) = false_alarms("heldout2");
    assert_eq!(total, 500);
    assert!(flagged <= 10, "heldout2: {flagged}/{total} false alarms");
}

#[test]
fn the_model_catches_what_the_lists_miss() {
    // dev3 and train were never used to review the lists: the lists alone catch about
    // half of their signals (120/220, 500/933); with the model, 152/220 and 672/933.
    let detector = Detector::for_language("en").unwrap();
    for set in ["dev3", "train"] {
        let signals = read(set, "signals.txt");
        let by_lists = signals
            .iter()
            .filter(|l| !detector.lists(&detector.normalise(&l.text)).is_empty())
            .count();
        let (caught, total) = recall(set);
        println!("{set}: {by_lists}/{total} by the lists alone");
        assert!(by_lists as f64 <= 0.6 * total as f64, "{set}: {by_lists}");
        assert!(
            caught as f64 >= by_lists as f64 + 0.12 * total as f64,
            "{set}: {caught} with the model, {by_lists} without"
        );
    }
}

#[test]
fn ordinary_painful_sentences_rarely_raise_a_false_alarm() {
    // Measured 2026-12-07: 0/450, 0/450, 8/450, 26/1848 (all the lists' own; the model
    // adds none on what it learned from).
    for set in SETS {
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
    for set in SETS {
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
