//! Words in a free-text answer that signal danger or thoughts of self-harm.
//!
//! The lists are short and conservative on purpose: a phrase goes in only if it almost
//! never means anything else (so "it hit me that..." is not on it, "he hit me" is).
//! A hit never blocks or changes an answer; it only makes Kintsugi ask the writer, in
//! private, whether they are safe. Every shipped scenario is tested for false alarms.
//! Reviewed: 2026-11-21, English. Another language gets its own list, reviewed alike.

use aho_corasick::AhoCorasick;
use std::sync::OnceLock;

/// What a phrase signals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// Fear of, or violence, threats or control by, a partner.
    Danger,
    /// Thoughts of suicide or self-harm.
    SelfHarm,
}

const SELF_HARM_EN: &[&str] = &[
    "kill myself",
    "killing myself",
    "end my life",
    "ending my life",
    "take my own life",
    "taking my own life",
    "suicide",
    "suicidal",
    "want to die",
    "wanted to die",
    "wish i was dead",
    "wish i were dead",
    "better off dead",
    "better off without me",
    "hurt myself",
    "hurting myself",
    "harm myself",
    "harming myself",
    "self-harm",
    "self harm",
    "cut myself",
    "cutting myself",
    "no reason to live",
    "don't want to live",
    "do not want to live",
    "don't want to be alive",
];

const DANGER_EN: &[&str] = &[
    "he hit me",
    "she hit me",
    "you hit me",
    "he hits me",
    "she hits me",
    "beat me up",
    "beats me",
    "choked me",
    "chokes me",
    "choking me",
    "strangled me",
    "strangles me",
    "threatened to kill",
    "threatens to kill",
    "going to kill me",
    "will kill me",
    "threatened me",
    "threatens me",
    "afraid of you",
    "scared of you",
    "afraid of him",
    "scared of him",
    "afraid of her",
    "scared of her",
    "afraid for my life",
    "scared for my life",
    "fear for my life",
    "forced me",
    "forces me",
    "raped me",
    "won't let me leave",
    "won't let me see",
    "won't let me have money",
    "took my phone",
    "takes my phone",
    "hurt me physically",
    "a weapon",
];

/// Lower case, curly quotes made straight, runs of white space made one space.
fn normalise(text: &str) -> String {
    let lower = text.to_lowercase().replace(['\u{2019}', '\u{2018}'], "'");
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One automaton over every phrase, built once: the scan runs on every free-text answer
/// of every replay, so it must cost one pass over the text.
fn phrases() -> &'static (AhoCorasick, Vec<Signal>) {
    static PHRASES: OnceLock<(AhoCorasick, Vec<Signal>)> = OnceLock::new();
    PHRASES.get_or_init(|| {
        let (words, signals): (Vec<&str>, Vec<Signal>) = SELF_HARM_EN
            .iter()
            .map(|p| (*p, Signal::SelfHarm))
            .chain(DANGER_EN.iter().map(|p| (*p, Signal::Danger)))
            .unzip();
        let automaton = AhoCorasick::new(words).expect("the phrase lists are valid patterns");
        (automaton, signals)
    })
}

/// The strongest signal in a text, if any (thoughts of self-harm come first). Phrases
/// count only as whole words: "cut myself" is found, "haircut myselfie" is not.
pub fn scan(text: &str) -> Option<Signal> {
    let text = normalise(text);
    let (automaton, signals) = phrases();
    let edge = |c: Option<char>| !c.is_some_and(|c| c.is_alphanumeric());
    let mut found = None;
    for hit in automaton.find_overlapping_iter(&text) {
        let before = text[..hit.start()].chars().next_back();
        let after = text[hit.end()..].chars().next();
        if edge(before) && edge(after) {
            match signals[hit.pattern().as_usize()] {
                Signal::SelfHarm => return Some(Signal::SelfHarm),
                Signal::Danger => found = Some(Signal::Danger),
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clear_phrases_are_found_and_everyday_ones_are_not() {
        assert_eq!(scan("Some nights I want to die."), Some(Signal::SelfHarm));
        assert_eq!(scan("He HIT me  last week"), Some(Signal::Danger));
        assert_eq!(
            scan("I'm afraid of you when you drink"),
            Some(Signal::Danger)
        );
        assert_eq!(scan("It hit me how much I had hurt you."), None);
        assert_eq!(scan("I was afraid of your reaction."), None);
        assert_eq!(scan("You pushed me away for months."), None);
        assert_eq!(scan("I felt like I could die of shame."), None);
        assert_eq!(scan("a haircut myselfie"), None);
        assert_eq!(
            scan("Sometimes I want to cut myself."),
            Some(Signal::SelfHarm)
        );
        assert_eq!(
            scan("he threatened me, and I want to die"),
            Some(Signal::SelfHarm)
        );
    }
}
