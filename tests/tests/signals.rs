//! How well the danger check reads what people really write, measured on a corpus
//! written apart from its lists (`corpus/*/signals.txt`, `corpus/*/ordinary.txt`).
//!
//! The corpus's sentences were written by helpers who had not seen the patterns. `dev/`
//! and `dev2/` were used while the lists were reviewed; the others were written blind and
//! only their false alarms were read in a review (`train2` and later). The model beside
//! the lists is trained on all nineteen sets, so these figures are what the check does on
//! sentences it learned from; what it does on a writer never seen is estimated by leaving
//! sets out (`examples/train_signals.rs --writers`, docs/safety.md), and measured on a
//! fresh set with `cargo run --release -p kintsugi-engine --example signals -- --measure DIR`.

use kintsugi_engine::Signal;
use kintsugi_engine::safety_data::{Detector, scan};
use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

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

/// What the check and the lists alone find in a line of the corpus. Every line of every set
/// is read once, on two threads, for all the tests: the corpus is 12 000 lines.
fn checked(text: &str) -> (Option<Signal>, bool) {
    static READ: OnceLock<HashMap<String, (Option<Signal>, bool)>> = OnceLock::new();
    let read_all = || {
        let detector = Detector::for_language("en").unwrap();
        let mut texts: Vec<String> = Vec::new();
        for set in SETS {
            for file in ["signals.txt", "ordinary.txt"] {
                texts.extend(read(set, file).into_iter().map(|l| l.text));
            }
        }
        let half = texts.len() / 2;
        let (a, b) = texts.split_at(half);
        let each = |part: &[String]| -> Vec<(String, (Option<Signal>, bool))> {
            part.iter()
                .map(|t| {
                    let lists = !detector.lists(&detector.normalise(t)).is_empty();
                    (t.clone(), (detector.scan(t), lists))
                })
                .collect()
        };
        std::thread::scope(|scope| {
            let other = scope.spawn(|| each(b));
            let mut all: HashMap<_, _> = each(a).into_iter().collect();
            all.extend(other.join().unwrap());
            all
        })
    };
    let found = READ.get_or_init(read_all).get(text).copied();
    found.unwrap_or_else(|| (scan(text), false))
}

/// Signals caught in a set, printing the misses.
fn recall(set: &str) -> (usize, usize) {
    let signals = read(set, "signals.txt");
    let missed: Vec<&str> = signals
        .iter()
        .filter(|l| checked(&l.text).0.is_none())
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
        .filter(|l| checked(&l.text).0.is_some())
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

/// Every set of the corpus (the model learned from all of them).
const SETS: [&str; 19] = [
    "dev", "dev2", "dev3", "train", "train2", "heldout2", "train3", "train4", "trainC", "heldout3",
    "heldout4", "trainD", "trainE", "trainF", "heldout5", "trainG", "trainH", "trainI", "trainJ",
];

/// The share of each set's signals the shipped check must catch: a little below what it
/// caught when the model was trained (2026-12-07, on nineteen sets, docs/safety.md): dev
/// 228/229, dev2 218/220, dev3 202/220, train 844/933, train2 634/709, heldout2 238/250,
/// train3 633/735, train4 705/944, trainC 399/499, heldout3 334/363, heldout4 373/400,
/// trainD 383/456, trainE 402/452, trainF 362/452, heldout5 356/400, trainG 230/249,
/// trainH 252/312, trainI 241/311, trainJ 241/310.
const FLOORS: [(&str, f64); 19] = [
    ("dev", 0.97),
    ("dev2", 0.97),
    ("dev3", 0.90),
    ("train", 0.89),
    ("train2", 0.88),
    ("heldout2", 0.94),
    ("train3", 0.85),
    ("train4", 0.73),
    ("trainC", 0.79),
    ("heldout3", 0.90),
    ("heldout4", 0.92),
    ("trainD", 0.83),
    ("trainE", 0.87),
    ("trainF", 0.79),
    ("heldout5", 0.88),
    ("trainG", 0.91),
    ("trainH", 0.79),
    ("trainI", 0.76),
    ("trainJ", 0.76),
];

#[test]
fn the_danger_check_catches_the_signals_of_the_sets_it_learned_from() {
    // The model learned from every set, but its threshold, chosen for few false alarms
    // on sentences not learned from, is high, so it does not pass every signal it saw
    // (train4, the hardest set, least). On a writer never seen, leaving sets out
    // estimates about 78 % (docs/safety.md).
    for (set, floor) in FLOORS {
        let (caught, total) = recall(set);
        assert!(total >= 200, "{set}: corpus too small");
        assert!(
            caught as f64 >= floor * total as f64,
            "{set}: {caught}/{total}"
        );
    }
}

#[test]
fn the_model_catches_what_the_lists_miss() {
    // train3 and train4 were written blind and never used to review the lists' signals:
    // the lists alone catch less than half of their signals (328/735, 331/944); with the
    // model, 654/735 and 754/944 (learned from; left out of training, 517 and 589).
    for set in ["train3", "train4"] {
        let signals = read(set, "signals.txt");
        let by_lists = signals.iter().filter(|l| checked(&l.text).1).count();
        let (caught, total) = recall(set);
        println!("{set}: {by_lists}/{total} by the lists alone");
        assert!(by_lists as f64 <= 0.6 * total as f64, "{set}: {by_lists}");
        assert!(
            caught as f64 >= by_lists as f64 + 0.2 * total as f64,
            "{set}: {caught} with the model, {by_lists} without"
        );
    }
}

#[test]
fn the_model_can_outweigh_a_list_match() {
    // The lists alone raise false alarms on ordinary sentences of every blind set; the
    // model, reading their findings among the rest of the text, dismisses most of them.
    let (mut by_lists, mut kept) = (0, 0);
    for set in SETS {
        for line in read(set, "ordinary.txt") {
            let (found, lists) = checked(&line.text);
            if lists {
                by_lists += 1;
                kept += usize::from(found.is_some());
            }
        }
    }
    println!("{kept} of the lists' {by_lists} false alarms kept by the model");
    assert!(by_lists >= 100, "{by_lists}");
    assert!(kept * 2 <= by_lists, "{kept} of {by_lists}");
}

#[test]
fn ordinary_painful_sentences_rarely_raise_a_false_alarm() {
    // Measured 2026-12-07: 6 of 8 779 ordinary sentences of the nine sets (train 1,
    // train2 3, heldout2 1, train4 1; the lists alone raise 169).
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
            .filter_map(|l| checked(&l.text).0.map(|s| (s, l)))
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

#[test]
fn on_the_fourth_blind_set_the_check_holds_what_was_measured() {
    // heldout3 was written blind (by a writer who saw no detector and no corpus) while the
    // model of 7516926 was trained, never learned from, and measured once on 2026-12-07
    // (`examples/signals.rs --measure`): 285/363 signals caught (78.5 %: self-harm
    // 121/181, danger 164/182), 5/652 false alarms (0.8 %). That is short of the aim of
    // 90 % (docs/safety.md); this floor keeps the figure from sliding. The set is spent as
    // a blind set now: a later model may learn from it, and then needs a new blind set.
    // The model trained on nine sets (trainC added), still not on heldout3: 293/363, 4/652.
    // Learned from since the fourteen sets (FLOORS holds more); this keeps the blind figure.
    let (caught, total) = recall("heldout3");
    assert_eq!(total, 363);
    assert!(caught >= 285, "heldout3: {caught}/{total}");
    let (flagged, total) = false_alarms("heldout3");
    assert_eq!(total, 652);
    assert!(flagged <= 8, "heldout3: {flagged}/{total}");
}

#[test]
fn on_the_fifth_blind_set_the_check_holds_what_was_measured() {
    // heldout4 was written blind (a fifth writer, who saw no detector and no corpus),
    // kept away from everyone working on the check, and measured once on 2026-12-07 with
    // the model trained on nine sets (commit d867493), before anyone read it: 343/400
    // signals caught (85.8 %: self-harm 152/200, danger 191/200), 3/706 false alarms
    // (0.4 %). Short of the aim of 90 % (docs/safety.md); this floor keeps the figure
    // from sliding. Spent as a blind set now, and learned from since the fourteen sets.
    let (caught, total) = recall("heldout4");
    assert_eq!(total, 400);
    assert!(caught >= 343, "heldout4: {caught}/{total}");
    let (flagged, total) = false_alarms("heldout4");
    assert_eq!(total, 706);
    assert!(flagged <= 3, "heldout4: {flagged}/{total}");
}

#[test]
fn on_the_sixth_blind_set_the_check_holds_what_was_measured() {
    // heldout6 was written blind (a writer who saw no detector and no corpus), sealed away
    // from everyone working on the check, and measured once, on 2026-12-07, with the
    // model trained on nineteen sets (and the "you" rules of the plainly said lists):
    // 314/400 signals caught (78.5 %: self-harm 149/200, danger 165/200), 9/709 false
    // alarms (1.3 %). The model shipped before it caught 310/400 at 8/709. Short of the aim
    // of 90 % (docs/safety.md); this floor keeps the figure from sliding. Not learned from.
    let (caught, total) = recall("heldout6");
    assert_eq!(total, 400);
    assert!(caught >= 314, "heldout6: {caught}/{total}");
    let (flagged, total) = false_alarms("heldout6");
    assert_eq!(total, 709);
    assert!(flagged <= 9, "heldout6: {flagged}/{total}");
}

#[test]
fn a_one_word_answer_is_read_by_the_lists_alone() {
    // One word gives the model too little to weigh: the model of nineteen sets read "me"
    // as a wish to die. One-word answers are common in guides ("How do you feel?").
    for text in [
        "me", "tired", "hurt", "numb", "sad", "lonely", "betrayed", "goodbye", "scared",
    ] {
        assert_eq!(scan(text), None, "{text}");
    }
    // A word the lists know is still a signal on its own.
    assert_eq!(scan("suicidal"), Some(Signal::SelfHarm));
    assert_eq!(scan("kms"), Some(Signal::SelfHarm));
}

#[test]
fn a_partner_owning_up_to_violence_is_read_as_an_admission() {
    // `admissions` was written blind (trainG's writer, who saw no detector and no
    // corpus): 162 admissions of violence, threats or control by the partner who did it,
    // and 216 sentences owning up to ordinary wrongs. Measured on arrival, 2026-12-07,
    // before anyone read it, with every danger rule read swapped: 61/162 read as
    // admissions, 15 more as the writer's own danger, 5/216 false alarms; on heldout6's
    // ordinary sentences that reading raised the false alarms from 1.3 % to 2.3 %, past the
    // aim. Since, only violence done and the `sure` rules make an admission: 34/162
    // admissions, 15 more as the writer's own, 3/216 false alarms (docs/safety.md).
    // This floor keeps them from sliding.
    let detector = Detector::for_language("en").unwrap();
    let lines = |file: &str| -> Vec<String> {
        read("admissions", file)
            .into_iter()
            .map(|l| {
                let text = l.text.strip_prefix("admission: ").unwrap_or(&l.text);
                text.to_string()
            })
            .collect()
    };
    let admissions = lines("admissions.txt");
    assert_eq!(admissions.len(), 162);
    let admitted = admissions.iter().filter(|t| detector.admits(t)).count();
    let own = admissions
        .iter()
        .filter(|t| !detector.admits(t) && scan(t).is_some())
        .count();
    assert!(admitted >= 34, "admissions: {admitted}/162");
    assert!(
        admitted + own >= 49,
        "someone asked: {}/162",
        admitted + own
    );
    let ordinary = lines("admissions_ordinary.txt");
    assert_eq!(ordinary.len(), 216);
    let flagged = ordinary
        .iter()
        .filter(|t| scan(t).is_some() || detector.admits(t))
        .count();
    assert!(flagged <= 3, "ordinary wrongs: {flagged}/216");
}
