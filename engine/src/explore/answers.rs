//! The answers an explorer tries at a prompt, and answers as a partner would type them.

use crate::audience::Audience;
use crate::explore::report::Answered;
use crate::formats::scenario::through_offers;
use crate::guide::Guide;
use crate::prompt::{MAX_SCALE_SPAN, Prompt, PromptKind};
use crate::session::Setup;
use crate::value::Value;
use indexmap::IndexSet;

/// How the explorer tells prompts apart: the journal key (step, place, whom it asks, what
/// it takes), and the line and the words, which the journal key leaves out so that
/// rewording keeps a journal but two questions at one place in two branches differ.
pub(super) fn prompt_id(prompt: &Prompt) -> String {
    format!("{}\u{1f}{}\u{1f}{}", prompt.key(), prompt.line, prompt.text)
}

/// The free-text answer tried when a prompt gives no examples. One word, which the
/// safety check reads by its lists alone and finds nothing in (its model read "(an
/// answer)" as danger, so exploring set off the check no partner would).
pub const PLACEHOLDER: &str = "(answer)";

/// The second free-text answer tried at a private prompt with fewer than two examples:
/// one word too, for the same reason.
pub const OTHER_PLACEHOLDER: &str = "(another)";

/// The answers an explorer tries at a prompt: every option, yes and no, every scale
/// value, the prompt's example texts (or [`PLACEHOLDER`] when it has none; a private
/// prompt is tried with two texts at least, `OTHER_PLACEHOLDER` second), and a pass
/// where the prompt allows one.
pub fn answers_to(prompt: &Prompt) -> Vec<Value> {
    let mut answers = answers_of_kind(prompt);
    if prompt.pass.is_some() {
        answers.push(Value::None);
    }
    answers
}

fn answers_of_kind(prompt: &Prompt) -> Vec<Value> {
    match &prompt.kind {
        PromptKind::Text => {
            let examples: IndexSet<Value> = prompt
                .examples
                .iter()
                .map(|e| Value::Text(e.trim().to_string()))
                .filter(|v| prompt.accepts(v))
                .collect();
            let mut answers: Vec<Value> = examples.into_iter().collect();
            // A private answer is tried with two different texts at least, so that the
            // privacy check can see whether anything the other partner sees repeats it.
            let fill = if prompt.private { 2 } else { 1 };
            for placeholder in [PLACEHOLDER, OTHER_PLACEHOLDER] {
                if answers.len() >= fill {
                    break;
                }
                let value = Value::Text(placeholder.to_string());
                if !answers.contains(&value) {
                    answers.push(value);
                }
            }
            answers
        }
        PromptKind::Choice { .. } => {
            let (_, keys) = prompt.kind.options().unwrap_or_default();
            keys.iter().cloned().map(Value::Text).collect()
        }
        PromptKind::ChooseMany { min, max, .. } => {
            let (_, keys) = prompt.kind.options().unwrap_or_default();
            picks(keys.len(), *min, *max)
                .into_iter()
                .map(|pick| Value::List(pick.into_iter().map(|i| keys[i].clone()).collect()))
                .collect()
        }
        // A guide's scales are at most MAX_SCALE_SPAN wide (`PromptKind::scale`); a
        // host's own prompt is held to the same bound here rather than trusted.
        PromptKind::Scale { min, max } => (*min..=*max)
            .take(MAX_SCALE_SPAN as usize + 1)
            .map(Value::Number)
            .collect(),
        PromptKind::YesNo => vec![Value::Bool(true), Value::Bool(false)],
    }
}

/// The most answers tried at a `choose_many`: every way to pick from a long list is
/// too many (20 options, up to 10 of them: 616,665), so a bounded sample is tried.
pub const MAX_PICKS: usize = 64;

/// The picks tried at a `choose_many` of `n` options, `min` to `max` of them: every pick
/// when there are at most [`MAX_PICKS`]; otherwise the fewest and the most allowed
/// (each option in a pick of each size, so every option is tried), then the other picks
/// in order, smallest first, up to [`MAX_PICKS`]. Each pick lists options in their order.
pub fn picks(n: usize, min: usize, max: usize) -> Vec<Vec<usize>> {
    let mut out: IndexSet<Vec<usize>> = IndexSet::new();
    let sizes: Vec<usize> = (min..=max.min(n)).collect();
    let (Some(&fewest), Some(&most)) = (sizes.first(), sizes.last()) else {
        return Vec::new();
    };
    // Windows of each edge size, one starting at each option.
    for size in [fewest, most] {
        for start in 0..n.max(1) {
            let mut pick: Vec<usize> = (0..size).map(|k| (start + k) % n.max(1)).collect();
            pick.sort_unstable();
            out.insert(pick);
        }
    }
    'sizes: for &size in &sizes {
        let mut pick: Vec<usize> = (0..size).collect();
        loop {
            if out.len() >= MAX_PICKS {
                break 'sizes;
            }
            out.insert(pick.clone());
            // The next combination of `size` of `n` in lexical order.
            let Some(i) = (0..size).rev().find(|&i| pick[i] < n - size + i) else {
                break;
            };
            pick[i] += 1;
            for j in i + 1..size {
                pick[j] = pick[j - 1] + 1;
            }
        }
    }
    let mut picks: Vec<Vec<usize>> = out.into_iter().collect();
    picks.sort_by_key(|p| p.len());
    picks.truncate(MAX_PICKS.max(2 * n));
    picks
}

/// An answer as a partner would type it, so that a line of an answers file gives back
/// exactly `value`: an option's text (its number when the text reads as a number), `yes`
/// or `no`, a whole number, or the text.
pub fn answer_line(prompt: &Prompt, value: &Value) -> String {
    let fits = |line: &str| prompt.parse(line).as_ref() == Ok(value);
    let Some((options, keys)) = prompt.kind.options() else {
        return if *value == Value::None {
            String::new()
        } else {
            value.to_string()
        };
    };
    let place = |key: &String| keys.iter().position(|k| k == key);
    match value {
        Value::Text(key) => {
            let Some(i) = place(key) else {
                return key.clone();
            };
            [options[i].clone(), key.clone()]
                .into_iter()
                .find(|line| fits(line))
                .unwrap_or_else(|| (i + 1).to_string())
        }
        Value::List(picked) => {
            let places: Vec<usize> = picked.iter().filter_map(place).collect();
            let words: Vec<&str> = places.iter().map(|&i| options[i].as_str()).collect();
            let words = words.join(", ");
            if fits(&words) {
                words
            } else {
                let numbers: Vec<String> = places.iter().map(|i| (i + 1).to_string()).collect();
                numbers.join(" ")
            }
        }
        Value::None => String::new(),
        other => other.to_string(),
    }
}

/// The answers of a path, each with the prompt it answered, Kintsugi's own offers
/// included: the path is played live as `run` takes it, each offer answered so that the
/// guide goes on ([`through_offers`]), except that `last`, when given, answers the
/// offers of the path's last answer. The list is then an answers file, and a scenario,
/// that reaches where the path does.
pub(super) fn answered(
    guide: &Guide,
    setup: &Setup,
    answers: &[Value],
    last: Option<&[(Prompt, Value)]>,
) -> Vec<Answered> {
    let Ok(played) = through_offers(guide.clone(), setup.clone(), answers) else {
        return Vec::new();
    };
    let mut played: Vec<(Prompt, Value, String, bool)> = played
        .into_iter()
        .map(|p| (p.prompt, p.value, p.step, p.offer))
        .collect();
    if let Some(last) = last {
        while played.last().is_some_and(|p| p.3) {
            played.pop();
        }
        let step = played.last().map(|p| p.2.clone()).unwrap_or_default();
        played.extend(
            last.iter()
                .map(|(prompt, value)| (prompt.clone(), value.clone(), step.clone(), true)),
        );
    }
    played
        .into_iter()
        .map(|(prompt, value, step, offer)| Answered {
            step,
            who: name_of(guide, setup, &prompt.to),
            line: answer_line(&prompt, &value),
            to: prompt.to,
            prompt: prompt.text,
            value,
            offer,
        })
        .collect()
}

/// A partner's name, or both names for a prompt answered together.
pub(super) fn name_of(guide: &Guide, setup: &Setup, to: &Audience) -> String {
    match to {
        Audience::Partner(role) => setup.names.get(role).cloned().unwrap_or(role.clone()),
        _ => guide
            .declaration()
            .roles
            .keys()
            .filter_map(|r| setup.names.get(r).cloned())
            .collect::<Vec<_>>()
            .join(" and "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer_lines_give_back_the_same_value() {
        let prompt = Prompt::new(
            Audience::Both,
            "?",
            PromptKind::choice(vec!["2".into(), "1".into(), "Later".into()]),
        );
        for value in answers_to(&prompt) {
            let line = answer_line(&prompt, &value);
            assert_eq!(prompt.parse(&line), Ok(value), "{line}");
        }
    }
}
