//! Prompts: what a guide asks, of whom, and how an answer to it is checked.

use crate::audience::Audience;
use crate::value::Value;
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
    /// One of a list of options; the answer is the option's text.
    Choice {
        /// The options offered, in the order shown (numbered from 1).
        options: Vec<String>,
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
    /// Line of the call in the guide's source.
    pub line: usize,
}

impl PromptKind {
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
            line: 0,
        }
    }

    /// A key that names this prompt in a journal: the step, its place, and a short hash
    /// of what it asks. An edited prompt gets a new key, so a stale answer is noticed.
    pub fn key(&self) -> String {
        // What is asked, of whom, and what answers it takes, in a fixed plain form.
        let what = format!("{}\u{1f}{:?}\u{1f}{:?}", self.text, self.kind, self.to);
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
            PromptKind::Choice { options } => parse_choice(options, input).ok_or_else(|| {
                format!(
                    "Please type a number from 1 to {}, or one of: {}.",
                    options.len(),
                    options.join(", ")
                )
            }),
            PromptKind::Scale { min, max } => match input.parse::<i64>() {
                Ok(n) if (*min..=*max).contains(&n) => Ok(Value::Number(n)),
                _ => Err(format!("Please type a whole number from {min} to {max}.")),
            },
            PromptKind::YesNo => match input.to_lowercase().as_str() {
                "y" | "yes" => Ok(Value::Bool(true)),
                "n" | "no" => Ok(Value::Bool(false)),
                _ => Err("Please answer yes or no (y or n).".into()),
            },
        }
    }

    /// Whether a stored value is a valid answer to this prompt (used on replay).
    pub fn accepts(&self, value: &Value) -> bool {
        match (&self.kind, value) {
            (PromptKind::Text, Value::Text(s)) => !s.trim().is_empty(),
            (PromptKind::Choice { options }, Value::Text(s)) => options.contains(s),
            (PromptKind::Scale { min, max }, Value::Number(n)) => (*min..=*max).contains(n),
            (PromptKind::YesNo, Value::Bool(_)) => true,
            _ => false,
        }
    }
}

/// A number (1-based), the option's text, or an unambiguous start of it, ignoring case.
fn parse_choice(options: &[String], input: &str) -> Option<Value> {
    if let Ok(n) = input.parse::<usize>() {
        return options.get(n.checked_sub(1)?).cloned().map(Value::Text);
    }
    let lower = input.to_lowercase();
    if lower.is_empty() {
        return None;
    }
    // An option typed exactly is that option, even beside one that differs in case.
    if let Some(exact) = options.iter().find(|o| o.as_str() == input) {
        return Some(Value::Text(exact.clone()));
    }
    if let Some(exact) = options.iter().find(|o| o.to_lowercase() == lower) {
        return Some(Value::Text(exact.clone()));
    }
    let mut starts = options
        .iter()
        .filter(|o| o.to_lowercase().starts_with(&lower));
    match (starts.next(), starts.next()) {
        (Some(only), None) => Some(Value::Text(only.clone())),
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
        let p = prompt(PromptKind::Choice {
            options: vec!["Yes".into(), "Not yet".into(), "No".into()],
        });
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
}
