//! Signals of danger or of thoughts of self-harm in a free-text answer.
//!
//! What counts as a signal is reviewed data, one file per language (`signals/en.toml`),
//! read here into regular expressions over a normalised text: lower case, contractions
//! spelt out, words separated by single spaces, clause ends as `.`. Two lists: `ordinary`
//! patterns (negations, idioms, everyday senses of "kill" or "hit") and `signal` patterns.
//! A signal's match counts unless an ordinary match covers it whole, so "I don't want to
//! die" is ordinary while "I'm not suicidal, I just want to die" is not.
//!
//! A text the lists find nothing in is read by a second reader, a model trained on a
//! corpus (`model.rs`), over what the `ordinary` patterns leave of it.
//!
//! A hit never blocks or changes an answer; it only makes Kintsugi ask the writer, in
//! private, whether they are safe, and show the help that fits. How well the lists do is
//! measured on a corpus written apart from them (`tests/corpus/`, docs/safety.md).

use super::model::{LIST_FEATURE, Model, features};
use regex::{Regex, RegexSet, RegexSetBuilder};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// What a text signals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Signal {
    /// Fear of, or violence, threats or control by, a partner.
    Danger,
    /// Thoughts of suicide or self-harm.
    SelfHarm,
}

impl Signal {
    /// Its name in the corpus and the lists (`self_harm`, `danger`).
    pub fn name(self) -> &'static str {
        match self {
            Signal::Danger => "danger",
            Signal::SelfHarm => "self_harm",
        }
    }
}

/// The lists of one language, as reviewed.
#[derive(Debug, Deserialize)]
struct Lists {
    language: String,
    #[allow(dead_code)] // read so a file without it is refused; shown by reviewers
    reviewed: String,
    contractions: HashMap<String, String>,
    #[serde(default)]
    kept: HashMap<String, Kept>,
    groups: HashMap<String, Vec<String>>,
    ordinary: Vec<Rule>,
    signal: Vec<Rule>,
    #[serde(default)]
    mirror: Mirror,
}

/// How a listener's words that say back a speaker's are turned back into the speaker's
/// own ("you said you want to die" read as "I said I want to die").
#[derive(Debug, Default, Deserialize)]
struct Mirror {
    /// Two words swapped as one, first ("you are" for "i am").
    #[serde(default)]
    phrases: HashMap<String, String>,
    /// Words swapped; where one word has two readings ("you": "i" or "me"), each is
    /// tried in a reading of its own.
    #[serde(default)]
    words: HashMap<String, Vec<String>>,
    /// Swaps for reading an admission only, tried before the others: the one harmed
    /// named in the third person ("I slapped her" read as "you slapped me").
    #[serde(default)]
    admission: Swaps,
}

/// Swaps of phrases and words, as in [`Mirror`].
#[derive(Debug, Default, Deserialize)]
struct Swaps {
    #[serde(default)]
    phrases: HashMap<String, String>,
    #[serde(default)]
    words: HashMap<String, Vec<String>>,
}

/// Where a contraction without its apostrophe is a word of its own and is read as
/// written: "id" is "i would" except in "my id", "id card".
#[derive(Debug, Default, Deserialize)]
struct Kept {
    /// Words after which it is read as written.
    #[serde(default)]
    after: Vec<String>,
    /// Words before which it is read as written.
    #[serde(default)]
    before: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Rule {
    #[serde(default)]
    kind: Option<Signal>,
    /// A signal said so plainly that the model may not outweigh it ("I'm scared of you").
    #[serde(default)]
    sure: bool,
    says: String,
    patterns: Vec<String>,
}

/// One language's detector, compiled.
pub struct Detector {
    contractions: HashMap<String, String>,
    kept: HashMap<String, Kept>,
    mirror: Mirror,
    ordinary_any: RegexSet,
    ordinary: Vec<Regex>,
    signal_any: RegexSet,
    signal: Vec<(Signal, usize, Regex)>,
    says: Vec<String>,
    /// Which rules (by index, as in `signal`) the model may not outweigh.
    sure: Vec<bool>,
    /// The second reader, a model trained on a corpus (`model.rs`), if the language has one.
    model: Option<Model>,
    /// What recent texts were found to hold: `explore` and `graph` replay the same
    /// answers on every path, and each answer is read when it is given and again when
    /// it is shown. Emptied when it grows past `CACHED_TEXTS`.
    seen: Mutex<HashMap<String, Vec<Finding>>>,
}

/// How many texts the detector remembers the findings of.
const CACHED_TEXTS: usize = 4096;

/// What one signal pattern found: its kind and the reviewed rule it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What it signals.
    pub signal: Signal,
    /// The rule's own words (its `says`).
    pub rule: String,
    /// The normalised words it matched.
    pub words: String,
}

/// The lists and the model shipped, by language code.
const LANGUAGES: &[(&str, &str, &str)] = &[(
    "en",
    include_str!("signals/en.toml"),
    include_str!("signals/en.model"),
)];

/// The kinds the model scores, in the order of a feature's two weights in its file.
pub const MODEL_KINDS: [Signal; 2] = [Signal::SelfHarm, Signal::Danger];

/// The fewest words (after contractions are spelt out) the model reads; a single word is
/// read by the lists alone.
const MODEL_MIN_WORDS: usize = 2;

/// The rule of violence done to the writer: read swapped, with the `sure` rules, what
/// makes an admission ("I shoved you" as "you shoved me"). Threats, fear and control
/// read swapped are also exasperation ("I could strangle you sometimes") too often.
const VIOLENCE_RULE: &str = "violence by someone against the writer or those in their care";

/// The rule a model's finding names.
pub const MODEL_RULE: &str = "read by the model";

impl Detector {
    /// Compile a list file, or say which pattern is wrong. Public so that a reviewer can
    /// try an edited list without rebuilding (`examples/signals.rs`).
    pub fn compile(text: &str) -> Result<Detector, String> {
        let lists: Lists = toml::from_str(text).map_err(|e| e.to_string())?;
        let expand = |pattern: &str| compile_pattern(pattern, &lists.groups);
        let mut ordinary = Vec::new();
        for rule in &lists.ordinary {
            for pattern in &rule.patterns {
                ordinary.push(expand(pattern)?);
            }
        }
        let mut signal = Vec::new();
        let mut says = Vec::new();
        let sure = lists.signal.iter().map(|r| r.sure).collect();
        for (i, rule) in lists.signal.iter().enumerate() {
            let kind = rule.kind.ok_or_else(|| {
                format!(
                    "{}: signal rule `{}` has no kind",
                    lists.language, rule.says
                )
            })?;
            says.push(rule.says.clone());
            for pattern in &rule.patterns {
                signal.push((kind, i, expand(pattern)?));
            }
        }
        let set = |patterns: Vec<&str>| {
            RegexSetBuilder::new(patterns)
                .size_limit(64 << 20)
                .build()
                .map_err(|e| e.to_string())
        };
        Ok(Detector {
            contractions: lists.contractions,
            kept: lists.kept,
            mirror: lists.mirror,
            ordinary_any: set(ordinary.iter().map(Regex::as_str).collect())?,
            signal_any: set(signal.iter().map(|(_, _, r)| r.as_str()).collect())?,
            ordinary,
            signal,
            says,
            sure,
            model: None,
            seen: Mutex::new(HashMap::new()),
        })
    }

    /// The same lists with a model as second reader (or none).
    pub fn with_model(mut self, model: Option<Model>) -> Detector {
        self.model = model;
        self
    }

    /// The second reader, if any.
    pub fn model(&self) -> Option<&Model> {
        self.model.as_ref()
    }

    /// The detector for a language code, if Kintsugi has lists for it.
    pub fn for_language(code: &str) -> Option<&'static Detector> {
        static COMPILED: OnceLock<Vec<(&str, Detector)>> = OnceLock::new();
        let compiled = COMPILED.get_or_init(|| {
            LANGUAGES
                .iter()
                .map(|(code, lists, model)| {
                    let model = Model::parse(model)
                        .unwrap_or_else(|e| panic!("the shipped {code} signal model: {e}"));
                    let detector = Detector::compile(lists)
                        .unwrap_or_else(|e| panic!("the shipped {code} signal lists: {e}"))
                        .with_model(Some(model));
                    (*code, detector)
                })
                .collect()
        });
        compiled.iter().find(|(c, _)| *c == code).map(|(_, d)| d)
    }

    /// The text as the patterns read it: ` word word . word `.
    pub fn normalise(&self, text: &str) -> String {
        let lower = text
            .to_lowercase()
            .replace(['\u{2019}', '\u{2018}', '`'], "'");
        // Words and clause ends (`.`), in order.
        let mut tokens: Vec<String> = Vec::new();
        let mut word = String::new();
        let flush = |word: &mut String, tokens: &mut Vec<String>| {
            let trimmed = word.trim_matches('\'');
            if !trimmed.is_empty() {
                tokens.push(trimmed.to_string());
            }
            word.clear();
        };
        for c in lower.chars() {
            if c.is_alphanumeric() || c == '\'' {
                word.push(c);
            } else {
                flush(&mut word, &mut tokens);
                if matches!(c, '.' | ',' | '!' | '?' | ';' | '\n')
                    && tokens.last().is_none_or(|t| t != ".")
                {
                    tokens.push(".".to_string());
                }
            }
        }
        flush(&mut word, &mut tokens);
        let mut out = String::from(" ");
        for (i, token) in tokens.iter().enumerate() {
            let kept = self.kept.get(token).is_some_and(|k| {
                let near = |words: &[String], at: Option<&String>| {
                    at.is_some_and(|w| words.iter().any(|x| x == w))
                };
                near(&k.after, i.checked_sub(1).and_then(|j| tokens.get(j)))
                    || near(&k.before, tokens.get(i + 1))
            });
            match self.contractions.get(token) {
                Some(long) if !kept => out.push_str(long),
                _ => out.extend(token.chars().filter(|c| *c != '\'')),
            }
            out.push(' ');
        }
        out
    }

    /// Every signal found in a text, with the rule that found it.
    pub fn findings(&self, text: &str) -> Vec<Finding> {
        self.kept(text, || self.read(text))
    }

    /// What `read` finds in a text, kept per text: a replay (undo, resume, every path
    /// `explore` plays) reads the same answers again.
    fn kept(&self, key: &str, read: impl FnOnce() -> Vec<Finding>) -> Vec<Finding> {
        if let Some(found) = self
            .seen
            .lock()
            .ok()
            .and_then(|seen| seen.get(key).cloned())
        {
            return found;
        }
        let found = read();
        if let Ok(mut seen) = self.seen.lock() {
            if seen.len() >= CACHED_TEXTS {
                seen.clear();
            }
            seen.insert(key.to_string(), found.clone());
        }
        found
    }

    /// Every signal found in a listener's words that say back what the other partner
    /// said: the text is read with first and second person swapped, so the findings are
    /// about the speaker ("you said you wanted to die").
    pub fn findings_mirrored(&self, text: &str) -> Vec<Finding> {
        // Kept apart from the plain readings: no answer holds a NUL (`Prompt::parse`).
        self.kept(&format!("\u{0}mirrored\u{0}{text}"), || {
            self.read_mirrored(text, false)
        })
    }

    /// Reads a text swapped, as [`Detector::findings_mirrored`] does, with the swaps
    /// for an admission (`admission`) tried first.
    fn read_mirrored(&self, text: &str, admission: bool) -> Vec<Finding> {
        let extra = admission.then_some(&self.mirror.admission);
        let words: Vec<String> = self
            .normalise(text)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        let mut found = Vec::new();
        let readings = self.mirror.words.values().map(Vec::len).max().unwrap_or(1);
        for reading in 0..readings {
            let mut swapped = String::from(" ");
            let mut i = 0;
            while i < words.len() {
                let pair = words.get(i + 1).map(|next| format!("{} {next}", words[i]));
                let phrase = pair.and_then(|p| {
                    extra
                        .and_then(|e| e.phrases.get(&p))
                        .or_else(|| self.mirror.phrases.get(&p))
                });
                if let Some(phrase) = phrase {
                    swapped.push_str(phrase);
                    i += 2;
                } else {
                    let word = &words[i];
                    let swaps = extra
                        .and_then(|e| e.words.get(word))
                        .or_else(|| self.mirror.words.get(word));
                    swapped.push_str(match swaps {
                        Some(swaps) => swaps.get(reading).or(swaps.last()).unwrap_or(word),
                        None => word,
                    });
                    i += 1;
                }
                swapped.push(' ');
            }
            // The model reads the first reading only ("you" as "i"): the others are
            // there for the lists' patterns, and their broken grammar ("me do not want
            // to die") slips past the negations that the model relies on the lists for.
            for finding in self.read_normalised(&swapped, reading == 0) {
                if !found.contains(&finding) {
                    found.push(finding);
                }
            }
        }
        found
    }

    fn read(&self, text: &str) -> Vec<Finding> {
        self.read_normalised(&self.normalise(text), true)
    }

    /// What both readers find in a normalised text. With a model (and asked for it), the
    /// model decides, reading the lists' findings among its features: a list's match
    /// weighs much, but the rest of the text can outweigh it ("he grabs my arm when I
    /// step off the kerb, it's sweet"); what it confirms is named by the lists' rules,
    /// and what it finds alone by `MODEL_RULE`; a `sure` rule's finding stands whatever
    /// the model says. Without a model, the lists' findings.
    fn read_normalised(&self, text: &str, with_model: bool) -> Vec<Finding> {
        let found = self.lists(text);
        // A text of one word gives the model too little to weigh: each of its few
        // features counts for much (it read "me" as a wish to die). One-word answers
        // are common in guides ("tired", "hurt", "me"); the lists read them alone.
        let long_enough = text.split_whitespace().filter(|w| *w != ".").count() >= MODEL_MIN_WORDS;
        let Some(model) = self.model.as_ref().filter(|_| with_model && long_enough) else {
            return found;
        };
        let Some(reading) = model.read_features(&self.model_features(text, &found)) else {
            let sure: Vec<Finding> = found
                .into_iter()
                .filter(|f| {
                    self.says
                        .iter()
                        .zip(&self.sure)
                        .any(|(s, &y)| y && *s == f.rule)
                })
                .collect();
            return sure;
        };
        if !found.is_empty() {
            return found;
        }
        vec![Finding {
            signal: MODEL_KINDS[reading.kind],
            rule: MODEL_RULE.to_string(),
            words: reading.strongest.join(", "),
        }]
    }

    /// What the model reads in a normalised text whose lists' findings are `found`: the
    /// features of what the `ordinary` patterns leave of it, and one `l:` feature for
    /// each kind the lists found.
    pub fn model_features(&self, text: &str, found: &[Finding]) -> Vec<String> {
        let mut out = features(&self.without_ordinary(text));
        for kind in kinds(found) {
            out.push(format!("{LIST_FEATURE}{}", kind.name()));
        }
        out
    }

    /// Where the `ordinary` patterns match in a normalised text.
    fn ordinary_spans(&self, text: &str) -> Vec<(usize, usize)> {
        self.ordinary_any
            .matches(text)
            .iter()
            .flat_map(|i| self.ordinary[i].find_iter(text))
            .map(|m| (m.start(), m.end()))
            .collect()
    }

    /// A normalised text with what the `ordinary` patterns match (negations, idioms)
    /// made a clause end: what the model reads, so "I could kill for a coffee" is no
    /// more to it than to the lists.
    pub fn without_ordinary(&self, text: &str) -> String {
        let mut spans = self.ordinary_spans(text);
        if spans.is_empty() {
            return text.to_string();
        }
        spans.sort_unstable();
        let mut out = String::new();
        let mut at = 0;
        for (start, end) in spans {
            if end > at {
                out.push_str(&text[at..start.max(at)]);
                out.push_str(" . ");
                at = end;
            }
        }
        out.push_str(&text[at..]);
        out
    }

    /// What the lists alone find in a normalised text.
    pub fn lists(&self, text: &str) -> Vec<Finding> {
        let signals = self.signal_any.matches(text);
        if !signals.matched_any() {
            return Vec::new();
        }
        let covers = self.ordinary_spans(text);
        let mut found = Vec::new();
        for i in signals.iter() {
            let (signal, rule, regex) = &self.signal[i];
            for m in regex.find_iter(text) {
                let covered = covers
                    .iter()
                    .any(|(start, end)| *start <= m.start() && m.end() <= *end);
                if !covered {
                    found.push(Finding {
                        signal: *signal,
                        rule: self.says[*rule].clone(),
                        words: m.as_str().trim().to_string(),
                    });
                    break;
                }
            }
        }
        found
    }

    /// Whether a text admits danger to the one it addresses: read with first and second
    /// person swapped, as a mirror is, it is a danger signal, and read as written it is
    /// not ("I slapped you in March" read as "you slapped me in March"). The one in
    /// danger is then not its writer.
    pub fn admits(&self, text: &str) -> bool {
        !self.signals(text).contains(&Signal::Danger) && self.admission(text).is_some()
    }

    /// What makes a text an admission, read swapped: a list's danger finding whose words
    /// name the one addressed as the one harmed ("me", "my": in the swapped reading
    /// these stand for the writer's "you", "your"). A finding that names nobody ("you
    /// would kill", from "I'd kill for a coffee"; "threatened to", from "my boss
    /// threatened to sack us") is about someone else, and one the model alone read has
    /// no words to show whom it is about.
    pub fn admission(&self, text: &str) -> Option<Finding> {
        let found = self.kept(&format!("\u{0}admission\u{0}{text}"), || {
            self.read_mirrored(text, true)
        });
        found.into_iter().find(|f| {
            f.signal == Signal::Danger
                && (self.is_sure(&f.rule) || f.rule == VIOLENCE_RULE)
                && f.words
                    .split(' ')
                    .any(|w| matches!(w, "me" | "my" | "mine" | "myself"))
        })
    }

    /// Whether a rule is one of the lists' `sure` rules (said so plainly that it stands
    /// whatever the model says).
    fn is_sure(&self, rule: &str) -> bool {
        self.says
            .iter()
            .zip(&self.sure)
            .any(|(s, &y)| y && s == rule)
    }

    /// The kinds of signal in a text, thoughts of self-harm first.
    pub fn signals(&self, text: &str) -> Vec<Signal> {
        kinds(&self.findings(text))
    }

    /// The strongest signal in a text, if any: thoughts of self-harm come first.
    pub fn scan(&self, text: &str) -> Option<Signal> {
        self.signals(text).first().copied()
    }
}

/// The kinds of signal among findings, thoughts of self-harm first.
fn kinds(found: &[Finding]) -> Vec<Signal> {
    [Signal::SelfHarm, Signal::Danger]
        .into_iter()
        .filter(|s| found.iter().any(|f| f.signal == *s))
        .collect()
}

/// The kinds of signal in a text, read with the English lists.
pub fn signals(text: &str) -> Vec<Signal> {
    Detector::for_language("en").map_or_else(Vec::new, |d| d.signals(text))
}

/// The kinds of signal in a listener's mirroring of the other partner's words, read as
/// the speaker's own, with the English lists.
pub fn mirrored_signals(text: &str) -> Vec<Signal> {
    Detector::for_language("en").map_or_else(Vec::new, |d| kinds(&d.findings_mirrored(text)))
}

/// The kinds of signal that the lists alone find in a text as written: at a mirror, what
/// the listener says of themselves in their own first person ("... I want to kill
/// myself") on top of the speaker's words. The model is not asked: it cannot tell whose
/// words a mirror's are, and would read the speaker's "wanted to die" as the listener's.
pub fn listed_signals(text: &str) -> Vec<Signal> {
    Detector::for_language("en").map_or_else(Vec::new, |d| kinds(&d.lists(&d.normalise(text))))
}

/// Whether a text admits danger to the one it addresses (see [`Detector::admits`]),
/// read with the English lists.
pub fn admits(text: &str) -> bool {
    Detector::for_language("en").is_some_and(|d| d.admits(text))
}

/// The strongest signal in a text, read with the English lists.
pub fn scan(text: &str) -> Option<Signal> {
    Detector::for_language("en").and_then(|d| d.scan(text))
}

/// One pattern as a regular expression over a normalised text (see the list file's
/// header for the syntax). Every word is followed by one space and the text starts with
/// one, so words only ever match whole.
fn compile_pattern(pattern: &str, groups: &HashMap<String, Vec<String>>) -> Result<Regex, String> {
    let mut regex = String::from(" ");
    for token in pattern.split_whitespace() {
        let gap = |n: u32| format!("(?:[^ .]+ ){{0,{n}}}");
        match token {
            ".." => regex.push_str(&gap(3)),
            "..." => regex.push_str(&gap(6)),
            // The clause ends here: "i cut $" is not "i cut the cake".
            "$" => regex.push_str(r"(?:\. |$)"),
            _ => {
                let (token, optional) = match token.strip_suffix('?') {
                    Some(t) => (t, true),
                    None => (token, false),
                };
                let mut alternatives = Vec::new();
                for alternative in token.split('|') {
                    expand(alternative, groups, &mut alternatives, 0)
                        .map_err(|e| format!("pattern `{pattern}`: {e}"))?;
                }
                let words = format!("(?:{}) ", alternatives.join("|"));
                if optional {
                    regex.push_str(&format!("(?:{words})?"));
                } else {
                    regex.push_str(&words);
                }
            }
        }
    }
    Regex::new(&regex).map_err(|e| format!("pattern `{pattern}`: {e}"))
}

/// One alternative (a word, `word*`, or `{group}`) as regular-expression alternatives.
fn expand(
    alternative: &str,
    groups: &HashMap<String, Vec<String>>,
    out: &mut Vec<String>,
    depth: usize,
) -> Result<(), String> {
    if depth > 4 {
        return Err(format!("groups nest too deep at `{alternative}`"));
    }
    if let Some(name) = alternative
        .strip_prefix('{')
        .and_then(|a| a.strip_suffix('}'))
    {
        let entries = groups
            .get(name)
            .ok_or_else(|| format!("no group `{name}`"))?;
        for entry in entries {
            // An entry is words, each of which may itself be a group.
            let mut words = Vec::new();
            for word in entry.split_whitespace() {
                let mut inner = Vec::new();
                expand(word, groups, &mut inner, depth + 1)?;
                words.push(format!("(?:{})", inner.join("|")));
            }
            out.push(words.join(" "));
        }
        return Ok(());
    }
    // `a_b` is the phrase "a b", so alternatives can be of several words.
    let mut words = Vec::new();
    for word in alternative.split('_') {
        let word = word.replace('\'', "");
        if word.is_empty() || !word.chars().all(|c| c.is_alphanumeric() || c == '*') {
            return Err(format!("`{alternative}` is not a word"));
        }
        words.push(match word.strip_suffix('*') {
            Some(stem) => format!("{}[^ .]*", regex::escape(stem)),
            None => regex::escape(&word),
        });
    }
    out.push(words.join(" "));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_lists_compile() {
        assert!(Detector::for_language("en").is_some());
        assert!(Detector::for_language("xx").is_none());
    }

    #[test]
    fn the_text_is_read_as_words_with_contractions_spelt_out() {
        let d = Detector::for_language("en").unwrap();
        assert_eq!(
            d.normalise("I DON’T know. He'll—see!"),
            " i do not know . he will see . "
        );
        assert_eq!(d.normalise("self-harm"), " self harm ");
        // "id" is "i would" unless it is an ID: after "my", before "card".
        assert_eq!(d.normalise("id rather"), " i would rather ");
        assert_eq!(d.normalise("he took my ID"), " he took my id ");
        assert_eq!(d.normalise("ID card, id"), " id card . i would ");
        assert_eq!(d.normalise(", x"), " . x ");
    }

    #[test]
    fn a_negation_or_an_idiom_covers_only_what_it_says() {
        assert_eq!(scan("Some nights I want to die."), Some(Signal::SelfHarm));
        assert_eq!(scan("I don't want to die, I want this to be over."), None);
        assert_eq!(
            scan("I'm not suicidal, I just want to die"),
            Some(Signal::SelfHarm)
        );
        assert_eq!(scan("He HIT me  last week"), Some(Signal::Danger));
        assert_eq!(scan("It hit me how much I had hurt you."), None);
        assert_eq!(scan("I could kill for a coffee"), None);
        assert_eq!(scan("The deadline is killing me"), None);
        assert_eq!(scan("My phone died during the call"), None);
        assert_eq!(
            scan("he threatened me, and I want to die"),
            Some(Signal::SelfHarm)
        );
        // A denial covers what it denies, to the end of the phrase.
        assert_eq!(scan("He raised a hand to me"), Some(Signal::Danger));
        let d = Detector::for_language("en").unwrap();
        let lists = |t: &str| d.lists(&d.normalise(t));
        assert!(lists("He has never once raised a hand to me").is_empty());
        assert!(lists("She's never been violent, she goes quiet").is_empty());
        assert!(!lists("He's never hit me but he hit my son").is_empty());
        assert!(lists("It would be career suicide").is_empty());
        assert!(lists("I overdosed on chocolate").is_empty());
        assert!(!lists("I overdosed on my pills").is_empty());
    }

    #[test]
    fn the_model_reads_what_the_ordinary_patterns_leave() {
        let d = Detector::for_language("en").unwrap();
        let left = d.without_ordinary(&d.normalise("I could kill for a coffee, honestly"));
        assert!(!left.contains("kill"), "{left}");
        assert!(left.contains("honestly"), "{left}");
        let plain = d.normalise("we argued about money");
        assert_eq!(d.without_ordinary(&plain), plain);
        // Said in words no pattern names (a line of the corpus), a signal is still read,
        // by the model.
        let found = d.findings("everything would be simpler if i just stopped existing");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].rule, MODEL_RULE);
        assert_eq!(found[0].signal, Signal::SelfHarm);
    }

    #[test]
    fn a_mirror_is_read_as_the_speakers_own_words() {
        let mirrored = |t: &str| mirrored_signals(t).first().copied();
        assert_eq!(
            mirrored("If I got it, you said you wanted to die"),
            Some(Signal::SelfHarm)
        );
        assert_eq!(
            mirrored("What I hear is that you don't want to be here anymore"),
            Some(Signal::SelfHarm)
        );
        assert_eq!(
            mirrored("You said you are scared of me when I drink"),
            Some(Signal::Danger)
        );
        assert_eq!(
            mirrored("You said I slapped you in March"),
            Some(Signal::Danger)
        );
        assert_eq!(
            mirrored("You said he would kill you if he found out"),
            Some(Signal::Danger)
        );
        assert_eq!(mirrored("You said you don't want to die"), None);
        assert_eq!(
            mirrored("You said you do not want to die, only to rest."),
            None
        );
        assert_eq!(mirrored("You felt alone when I stayed late at work"), None);
    }

    #[test]
    fn a_pattern_can_end_with_its_clause() {
        let text = "language = \"xx\"\nreviewed = \"x\"\n[contractions]\n[groups]\n\
                    [[ordinary]]\nsays = \"o\"\npatterns = []\n\
                    [[signal]]\nkind = \"self_harm\"\nsays = \"s\"\npatterns = [\"i cut $\"]\n";
        let d = Detector::compile(text).unwrap();
        let found = |t: &str| !d.lists(&d.normalise(t)).is_empty();
        assert!(found("when you are at work i cut"));
        assert!(found("I cut. Nobody knows"));
        assert!(found("i cut, again"));
        assert!(!found("i cut the cake"));
        assert!(!found("i cut back"));
    }

    #[test]
    fn a_broken_list_is_refused_with_the_pattern_named() {
        let text = "language = \"xx\"\nreviewed = \"x\"\n[contractions]\n[groups]\n\
                    [[ordinary]]\nsays = \"o\"\npatterns = []\n\
                    [[signal]]\nkind = \"danger\"\nsays = \"s\"\npatterns = [\"{nope} me\"]\n";
        let error = Detector::compile(text).err().unwrap();
        assert!(error.contains("no group `nope`"), "{error}");
    }
}
