//! The answers an explorer tries at a prompt, and answers as a partner would type them.

use crate::event::EventKind;
use crate::explore::report::Answered;
use crate::prompt::{MAX_SCALE_SPAN, Prompt, PromptKind};
use crate::session::Session;
use crate::value::Value;
use indexmap::IndexSet;

/// The free-text answer tried when a prompt gives no examples.
pub const PLACEHOLDER: &str = "(an answer)";

/// The second free-text answer tried at a private prompt with fewer than two examples.
pub const OTHER_PLACEHOLDER: &str = "(another answer)";

/// The answers an explorer tries at a prompt: every option, yes and no, every scale
/// value, the prompt's example texts (or [`PLACEHOLDER`] when it has none; a private
/// prompt is tried with two texts at least, [`OTHER_PLACEHOLDER`] second).
pub fn answers_to(prompt: &Prompt) -> Vec<Value> {
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
        PromptKind::Choice { options } => options.iter().cloned().map(Value::Text).collect(),
        // A guide's scales are at most MAX_SCALE_SPAN wide (`PromptKind::scale`); a
        // host's own prompt is held to the same bound here rather than trusted.
        PromptKind::Scale { min, max } => (*min..=*max)
            .take(MAX_SCALE_SPAN as usize + 1)
            .map(Value::Number)
            .collect(),
        PromptKind::YesNo => vec![Value::Bool(true), Value::Bool(false)],
    }
}

/// An answer as a partner would type it, so that a line of an answers file gives back
/// exactly `value`: an option's text (its number when the text reads as a number), `yes`
/// or `no`, a whole number, or the text.
pub fn answer_line(prompt: &Prompt, value: &Value) -> String {
    if let (PromptKind::Choice { options }, Value::Text(text)) = (&prompt.kind, value)
        && prompt.parse(text).as_ref() != Ok(value)
        && let Some(i) = options.iter().position(|o| o == text)
    {
        return (i + 1).to_string();
    }
    value.to_string()
}

/// The answers of a session, each with the prompt it answered.
pub fn answered(session: &Session) -> Vec<Answered> {
    let mut list = Vec::new();
    let mut asked: Option<Prompt> = None;
    for event in session.events().iter() {
        match &event.kind {
            EventKind::Prompt(p) => asked = Some(p.clone()),
            EventKind::Answer { value, .. } => {
                if let Some(p) = asked.take() {
                    list.push(Answered {
                        step: p.step.clone(),
                        who: session.name_of(&p.to),
                        line: answer_line(&p, value),
                        to: p.to,
                        prompt: p.text,
                        value: value.clone(),
                    });
                }
            }
            _ => {}
        }
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audience::Audience;

    #[test]
    fn answer_lines_give_back_the_same_value() {
        let prompt = Prompt::new(
            Audience::Both,
            "?",
            PromptKind::Choice {
                options: vec!["2".into(), "1".into(), "Later".into()],
            },
        );
        for value in answers_to(&prompt) {
            let line = answer_line(&prompt, &value);
            assert_eq!(prompt.parse(&line), Ok(value), "{line}");
        }
    }
}
