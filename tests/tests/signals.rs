//! How well the danger check reads what people really write, measured on a corpus
//! written apart from its lists (`corpus/*/signals.txt`, `corpus/*/ordinary.txt`).
//!
//! The corpus is a test, not a list to match: its sentences were written by someone who
//! had not seen the patterns. `dev/` is used while the lists are reviewed; a held-out
//! set and the ordinary sentences (for false alarms) are still to come.

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

#[test]
fn the_danger_check_catches_the_signals_of_the_dev_corpus() {
    // Measured 2026-12-02: 140 of 229 (61 %). The aim is 90 % on sentences never tuned
    // on, with at most 2 % false alarms; neither is reached yet (docs/safety.md). This
    // floor keeps what was reached from slipping back.
    let signals = read("dev", "signals.txt");
    let missed: Vec<&str> = signals
        .iter()
        .filter(|l| scan(&l.text).is_none())
        .map(|l| l.text.as_str())
        .collect();
    let caught = signals.len() - missed.len();
    println!("dev: {caught}/{} signals caught", signals.len());
    for miss in &missed {
        println!("  missed: {miss}");
    }
    assert!(signals.len() >= 200, "corpus too small");
    assert!(
        caught as f64 >= 0.60 * signals.len() as f64,
        "{caught}/{}",
        signals.len()
    );
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
    let set = "dev";
    {
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
