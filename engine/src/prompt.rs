//! Prompts: what a guide asks, of whom, and how an answer to it is checked.

use crate::audience::Audience;
use crate::value::{NO_ANSWER, Value};
use serde::Serialize;

/// Longest free-text answer, in characters. Long enough for a letter, short enough
/// that a stuck key or a pasted file is caught.
pub const MAX_TEXT_ANSWER: usize = 8_000;

/// How far apart a scale's lowest and highest numbers may be: wide enough for any
/// rating, narrow enough that a tool can try every value (`explore` does).
pub const MAX_SCALE_SPAN: u64 = 1_000;

/// The kind of answer a prompt takes, with what bounds or options it has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum PromptKind {
    /// Free text.
    Text,
    /// One of a list of options; the answer is the option's key.
    Choice {
        /// The options offered, as shown, in the order shown (numbered from 1).
        options: Vec<String>,
        /// Each option's key, what the guide gets and the journal keeps, when the guide
        /// gives keys (`["later", "Not yet"]`); empty when each option is its own key.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        keys: Vec<String>,
    },
    /// Some of a list of options, from `min` to `max` of them; the answer is their keys,
    /// in the options' order.
    ChooseMany {
        /// The options offered, as shown, in the order shown (numbered from 1).
        options: Vec<String>,
        /// Each option's key, as for [`PromptKind::Choice`].
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        keys: Vec<String>,
        /// The fewest options to pick.
        min: usize,
        /// The most options to pick.
        max: usize,
    },
    /// A whole number from `min` to `max`, both included.
    Scale {
        /// The smallest accepted number.
        min: i64,
        /// The largest accepted number.
        max: i64,
    },
    /// Yes or no.
    YesNo,
}

/// A question addressed to one partner or to both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Prompt {
    /// The step that asks it.
    pub step: String,
    /// Its place among the prompts of this visit to the step (0, 1, ...).
    pub ordinal: usize,
    /// Who answers: one partner, or both with one shared answer.
    pub to: Audience,
    /// The question as shown to the partners.
    pub text: String,
    /// The kind of answer it takes.
    #[serde(flatten)]
    pub kind: PromptKind,
    /// A private answer is seen only by the one who gives it, until a reveal.
    pub private: bool,
    /// Example answers the author gives for free text (used by tools that explore).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<String>,
    /// For a scale: the value from which an answer signals distress (a break is offered).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distress: Option<i64>,
    /// For a distress scale: the guide offers its own break from that value up, so the
    /// safety plugin does not offer a second one (`#{ distress: 8, own_break: true }`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub own_break: bool,
    /// For free text: the answer says back the other partner's words (a listener
    /// mirroring a speaker), so a danger signal in it is about, and checked with, the
    /// other partner (`#{ mirror: true }`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub mirror: bool,
    /// For a private prompt: its answer may change what the other partner sees before
    /// it is revealed, and the guide means it to (both privately say "ready", then go on
    /// together): `explore` names it rather than report a leak (`#{ steers: true }`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub steers: bool,
    /// Whether the partner may pass (an empty line), and what a pass shows: the guide
    /// gets `()` (`#{ optional: true }`, or `#{ optional: "I'd rather not say" }`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pass: Option<String>,
    /// Line of the call in the guide's source.
    pub line: usize,
}

impl PromptKind {
    /// A choice between options that are their own keys (a plain list).
    pub fn choice(options: Vec<String>) -> PromptKind {
        PromptKind::Choice {
            options,
            keys: Vec::new(),
        }
    }

    /// The options shown and their keys, for a choice of one or of many.
    pub fn options(&self) -> Option<(&[String], &[String])> {
        match self {
            PromptKind::Choice { options, keys } | PromptKind::ChooseMany { options, keys, .. } => {
                let keys = if keys.is_empty() { options } else { keys };
                Some((options, keys))
            }
            _ => None,
        }
    }

    /// The plain form hashed into a prompt's key: options by their keys, so rewording an
    /// option keeps its key (and a journal's answers to it), while a plain list hashes as
    /// it always did.
    fn hashed(&self) -> String {
        match self {
            PromptKind::Choice { .. } => {
                let (_, keys) = self.options().unwrap_or_default();
                format!("Choice {{ options: {keys:?} }}")
            }
            PromptKind::ChooseMany { min, max, .. } => {
                let (_, keys) = self.options().unwrap_or_default();
                format!("ChooseMany {{ options: {keys:?}, min: {min}, max: {max} }}")
            }
            other => format!("{other:?}"),
        }
    }

    /// A scale from `min` to `max`, or why it cannot be one: the lowest must be below the
    /// highest, at most [`MAX_SCALE_SPAN`] apart. Measured without overflow, so no pair
    /// of numbers slips through (`i64::MIN` to 10 is far too wide, not negative).
    pub fn scale(min: i64, max: i64) -> Result<PromptKind, String> {
        if min < max && max.abs_diff(min) <= MAX_SCALE_SPAN {
            Ok(PromptKind::Scale { min, max })
        } else {
            Err(format!(
                "scale(..., {min}, {max}): the lowest must be below the highest, at most {MAX_SCALE_SPAN} apart"
            ))
        }
    }
}

impl Prompt {
    /// A prompt with no options, asked outside any step (hosts' own questions, tests).
    pub fn new(to: Audience, text: &str, kind: PromptKind) -> Prompt {
        Prompt {
            step: String::new(),
            ordinal: 0,
            to,
            text: text.to_string(),
            kind,
            private: false,
            examples: Vec::new(),
            distress: None,
            own_break: false,
            mirror: false,
            steers: false,
            pass: None,
            line: 0,
        }
    }

    /// A key that names this prompt in a journal: the step, its place, and a short hash
    /// of whom it asks and what answers it takes (an option's key, never its words). The
    /// question's words are not in it, so rewording a question or an option keeps a
    /// journal's answers; a prompt that now takes other answers, or asks someone else,
    /// gets a new key, so a stale answer is noticed.
    pub fn key(&self) -> String {
        self.key_of(None)
    }

    /// Whether a journal's key names this prompt: its [`Prompt::key`], or the key
    /// journals written before 2026-12-07 hold, which hashed the question's words too.
    pub fn fits_key(&self, key: &str) -> bool {
        key == self.key() || key == self.key_of(Some(&self.text))
    }

    fn key_of(&self, text: Option<&str>) -> String {
        // Whom it asks and what answers it takes, in a fixed plain form.
        let mut what = format!("{}\u{1f}{:?}", self.kind.hashed(), self.to);
        if let Some(text) = text {
            what = format!("{text}\u{1f}{what}");
        }
        // Whether a pass is taken, not its words: rewording them keeps the key.
        if self.pass.is_some() {
            what.push_str("\u{1f}pass");
        }
        format!(
            "{}#{}:{}",
            self.step,
            self.ordinal,
            &crate::hash::short_hash(&what)[..8]
        )
    }

    /// Checks what a partner typed and turns it into a value, or says what is expected.
    /// Nothing that would be escaped when shown (a control character, NUL, a
    /// text-direction override) is ever taken: the partner is asked to type it again.
    pub fn parse(&self, input: &str) -> Result<Value, String> {
        if let Some(refusal) = crate::shown::refusal(input) {
            return Err(refusal);
        }
        let input = input.trim();
        if input.is_empty()
            && let Some(_) = &self.pass
        {
            return Ok(Value::None);
        }
        let or_pass = if self.pass.is_some() {
            " Or press Enter to pass."
        } else {
            ""
        };
        match &self.kind {
            PromptKind::Text => {
                if input.is_empty() {
                    Err("Please write something, even a few words.".into())
                } else if input.chars().count() > MAX_TEXT_ANSWER {
                    Err(format!(
                        "That is longer than {MAX_TEXT_ANSWER} characters; please shorten it."
                    ))
                } else {
                    Ok(Value::Text(input.to_string()))
                }
            }
            PromptKind::Choice { options, .. } => {
                let (_, keys) = self.kind.options().unwrap_or_default();
                parse_choice(options, keys, input)
                    .map(|i| Value::Text(keys[i].clone()))
                    .ok_or_else(|| {
                        format!(
                            "Please type a number from 1 to {}, or one of: {}.{or_pass}",
                            options.len(),
                            options.join(", ")
                        )
                    })
            }
            PromptKind::ChooseMany {
                options, min, max, ..
            } => {
                let (_, keys) = self.kind.options().unwrap_or_default();
                parse_many(options, keys, input)
                    .filter(|picked| (*min..=*max).contains(&picked.len()))
                    .map(|picked| Value::List(picked.into_iter().map(|i| keys[i].clone()).collect()))
                    .ok_or_else(|| {
                        format!(
                            "Please pick {} of the options: their numbers (like 1 3) or their words, separated by commas.{or_pass}",
                            how_many(*min, *max)
                        )
                    })
            }
            PromptKind::Scale { min, max } => match input.parse::<i64>() {
                Ok(n) if (*min..=*max).contains(&n) => Ok(Value::Number(n)),
                _ => Err(format!(
                    "Please type a whole number from {min} to {max}.{or_pass}"
                )),
            },
            PromptKind::YesNo => match input.to_lowercase().as_str() {
                "y" | "yes" => Ok(Value::Bool(true)),
                "n" | "no" => Ok(Value::Bool(false)),
                _ => Err(format!("Please answer yes or no (y or n).{or_pass}")),
            },
        }
    }

    /// Whether a stored value is a valid answer to this prompt (used on replay).
    pub fn accepts(&self, value: &Value) -> bool {
        let keys = self
            .kind
            .options()
            .map(|(_, keys)| keys)
            .unwrap_or_default();
        match (&self.kind, value) {
            (_, Value::None) => self.pass.is_some(),
            (PromptKind::Text, Value::Text(s)) => !s.trim().is_empty(),
            (PromptKind::Choice { .. }, Value::Text(s)) => keys.contains(s),
            (PromptKind::ChooseMany { min, max, .. }, Value::List(picked)) => {
                // In the options' order, each once: what `parse` gives.
                let places: Option<Vec<usize>> = picked
                    .iter()
                    .map(|k| keys.iter().position(|o| o == k))
                    .collect();
                places.is_some_and(|p| p.windows(2).all(|w| w[0] < w[1]))
                    && (*min..=*max).contains(&picked.len())
            }
            (PromptKind::Scale { min, max }, Value::Number(n)) => (*min..=*max).contains(n),
            (PromptKind::YesNo, Value::Bool(_)) => true,
            _ => false,
        }
    }

    /// What a partner sees for an answer, when it is not the answer itself: a chosen
    /// option's words rather than its key, a pass's words.
    pub fn shown(&self, value: &Value) -> Option<String> {
        let wording = |key: &str| {
            let (options, keys) = self.kind.options()?;
            keys.iter()
                .position(|k| k == key)
                .map(|i| options[i].clone())
        };
        let shown = match value {
            Value::None => self.pass.clone().unwrap_or_else(|| NO_ANSWER.to_string()),
            Value::Text(key) => wording(key)?,
            Value::List(picked) => {
                if picked.is_empty() {
                    "(none)".to_string()
                } else {
                    picked
                        .iter()
                        .map(|k| wording(k).unwrap_or_else(|| k.clone()))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            }
            _ => return None,
        };
        (shown != value.to_string()).then_some(shown)
    }
}

/// "2", "up to 3", "from 1 to 3": how many options a `choose_many` takes.
pub fn how_many(min: usize, max: usize) -> String {
    match (min, max) {
        (a, b) if a == b => format!("exactly {a}"),
        (0, b) => format!("up to {b}"),
        (a, b) => format!("from {a} to {b}"),
    }
}

/// The options picked, in the options' order, each once: numbers (`1 3`, `1,3`), or
/// options as `parse_choice` reads them, separated by commas. An option whose words hold
/// a comma ("Tired, worn out") is found whole first, so it can be typed as written.
fn parse_many(options: &[String], keys: &[String], input: &str) -> Option<Vec<usize>> {
    let mut rest = input.to_string();
    let mut whole = Vec::new();
    let mut with_commas: Vec<usize> = (0..options.len())
        .filter(|&i| options[i].contains(','))
        .collect();
    with_commas.sort_by_key(|&i| std::cmp::Reverse(options[i].len()));
    for i in with_commas {
        let lower = rest.to_lowercase();
        let wanted = options[i].to_lowercase();
        // Lower-casing can change a text's length; only a match at the same place counts.
        if let Some(at) = lower.find(&wanted)
            && rest.is_char_boundary(at)
            && rest.is_char_boundary(at + wanted.len())
            && rest[at..at + wanted.len()].to_lowercase() == wanted
        {
            rest.replace_range(at..at + wanted.len(), ",");
            whole.push(i);
        }
    }
    if !whole.is_empty() {
        let mut picked = whole;
        if rest.split(',').any(|t| !t.trim().is_empty()) {
            picked.extend(parse_many(options, keys, &rest)?);
        }
        picked.sort_unstable();
        picked.dedup();
        return Some(picked);
    }
    let input = rest.as_str();
    let tokens: Vec<&str> = input
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .collect();
    let mut picked: Vec<usize> = if tokens.iter().all(|t| t.parse::<usize>().is_ok()) {
        tokens
            .iter()
            .map(|t| {
                t.parse::<usize>()
                    .ok()?
                    .checked_sub(1)
                    .filter(|i| *i < options.len())
            })
            .collect::<Option<_>>()?
    } else {
        input
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| parse_choice(options, keys, t))
            .collect::<Option<_>>()?
    };
    picked.sort_unstable();
    picked.dedup();
    Some(picked)
}

/// The place of the option typed: its number (1-based), its words or its key, or an
/// unambiguous start of its words, ignoring case.
fn parse_choice(options: &[String], keys: &[String], input: &str) -> Option<usize> {
    if let Ok(n) = input.parse::<usize>() {
        return n.checked_sub(1).filter(|i| *i < options.len());
    }
    let lower = input.to_lowercase();
    if lower.is_empty() {
        return None;
    }
    // Typed exactly is that option, even beside one that differs in case; words first,
    // then keys (an answers file or scenario may name the key, which rewording keeps).
    let exact = |list: &[String]| list.iter().position(|o| o.as_str() == input);
    let folded = |list: &[String]| list.iter().position(|o| o.to_lowercase() == lower);
    if let Some(i) = exact(options)
        .or_else(|| exact(keys))
        .or_else(|| folded(options))
        .or_else(|| folded(keys))
    {
        return Some(i);
    }
    let mut starts = options
        .iter()
        .enumerate()
        .filter(|(_, o)| o.to_lowercase().starts_with(&lower));
    match (starts.next(), starts.next()) {
        (Some((i, _)), None) => Some(i),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prompt(kind: PromptKind) -> Prompt {
        Prompt::new(Audience::Both, "?", kind)
    }

    #[test]
    fn choices_accept_number_text_and_unique_prefix() {
        let p = prompt(PromptKind::choice(vec![
            "Yes".into(),
            "Not yet".into(),
            "No".into(),
        ]));
        assert_eq!(p.parse("2"), Ok(Value::Text("Not yet".into())));
        assert_eq!(p.parse("not yet"), Ok(Value::Text("Not yet".into())));
        assert_eq!(p.parse("no"), Ok(Value::Text("No".into())));
        assert_eq!(p.parse("not"), Ok(Value::Text("Not yet".into())));
        assert!(p.parse("n").is_err(), "ambiguous prefix");
        assert!(p.parse("0").is_err());
        assert!(p.parse("4").is_err());
    }

    #[test]
    fn scales_and_yes_no_reject_what_does_not_fit() {
        let s = prompt(PromptKind::Scale { min: 0, max: 10 });
        assert_eq!(s.parse(" 7 "), Ok(Value::Number(7)));
        assert!(s.parse("11").is_err());
        assert!(s.parse("seven").is_err());
        let y = prompt(PromptKind::YesNo);
        assert_eq!(y.parse("Y"), Ok(Value::Bool(true)));
        assert!(y.parse("maybe").is_err());
        let t = prompt(PromptKind::Text);
        assert!(t.parse("   ").is_err());
    }

    #[test]
    fn scale_ranges_are_measured_without_overflow() {
        assert!(PromptKind::scale(0, 10).is_ok());
        assert!(PromptKind::scale(-500, 500).is_ok());
        assert!(PromptKind::scale(-500, 501).is_err());
        assert!(PromptKind::scale(i64::MIN, 10).is_err());
        assert!(PromptKind::scale(i64::MIN, i64::MAX).is_err());
        assert!(PromptKind::scale(i64::MAX - 1, i64::MAX).is_ok());
        assert!(PromptKind::scale(3, 3).is_err());
        assert!(PromptKind::scale(10, 0).is_err());
    }

    #[test]
    fn an_option_with_a_comma_can_be_typed_as_written_among_others() {
        let options: Vec<String> = ["Tired, worn out", "Angry", "Sad, low", "Hopeful"]
            .map(String::from)
            .into();
        let keys = options.clone();
        let many = |input: &str| parse_many(&options, &keys, input);
        assert_eq!(many("tired, worn out"), Some(vec![0]));
        assert_eq!(many("Angry, Tired, worn out"), Some(vec![0, 1]));
        assert_eq!(many("sad, low, tired, worn out, hope"), Some(vec![0, 2, 3]));
        assert_eq!(many("1, 3"), Some(vec![0, 2]));
        // Its first words alone still name it, as any unambiguous start does.
        assert_eq!(many("tired, angry"), Some(vec![0, 1]));
        assert_eq!(many("tired, worn out, nonsense"), None);
    }
}
