//! What a partner saw after an answer, line by line, as the privacy report shows it:
//! the text, the step and the line of the guide that shows it. The state graph asks it
//! for a witness's two paths; the privacy check reads the graph.

use crate::audience::{Audience, Viewer};
use crate::event::{Event, EventKind};
use crate::runtime::run::Status;
use crate::session::Session;
use crate::syntax::outline::Outline;
/// One thing a partner saw, as the report shows it: the text, the step it was shown in
/// and the line of the guide that shows it, where known.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Shown {
    pub(super) text: String,
    pub(super) step: String,
    pub(super) line: Option<usize>,
}

/// What `role` saw after a session's last answer, up to a reveal of another partner's
/// answers (as `outcome::seen` digests it), line by line.
pub(super) fn shown_to(
    session: &Session,
    role: &str,
    outline: &Outline,
    source: &str,
) -> Vec<Shown> {
    let viewer = Viewer::Partner(role.to_string());
    let events = session.events();
    let from = events
        .iter()
        .rposition(|e| matches!(e.kind, EventKind::Answer { .. }))
        .unwrap_or(0);
    let mut step = events[..from]
        .iter()
        .rev()
        .find_map(entered)
        .unwrap_or_default();
    let mut out = Vec::new();
    for event in &events[from..] {
        if let Some(s) = entered(event) {
            step = s;
            continue;
        }
        let (text, line) = if event.seen_by.admits(&viewer) {
            match &event.kind {
                EventKind::Prompt(p) => (format!("question: {}", p.text), Some(p.line)),
                EventKind::Answer { value, .. } => (format!("answer: {value}"), None),
                EventKind::Say { text } => (text.clone(), said_at(outline, source, &step, text)),
                EventKind::Finished { text } => (
                    format!("closing line: {text}"),
                    said_at(outline, source, &step, text),
                ),
                EventKind::Agreement { text, .. } => (
                    format!("agreement: {text}"),
                    said_at(outline, source, &step, text),
                ),
                EventKind::Reveal { label, answers } if answers.iter().any(|(r, _)| r != role) => {
                    (format!("a reveal: {label}"), None)
                }
                other => (format!("{other:?}"), None),
            }
        } else if let Audience::Partner(other) = &event.to {
            (
                format!(
                    "the keyboard is handed to {} alone",
                    session.name_of(&Audience::Partner(other.clone()))
                ),
                match &event.kind {
                    EventKind::Prompt(p) => Some(p.line),
                    _ => None,
                },
            )
        } else {
            continue;
        };
        let reveal = matches!(&event.kind, EventKind::Reveal { answers, .. } if answers.iter().any(|(r, _)| r != role));
        out.push(Shown {
            text,
            step: step.clone(),
            line,
        });
        if reveal {
            return out;
        }
    }
    if let Status::Failed(error) = session.status() {
        out.push(Shown {
            text: format!("error: {}", error.message),
            step,
            line: error.location.as_ref().map(|l| l.line),
        });
    }
    out
}

fn entered(event: &Event) -> Option<String> {
    match &event.kind {
        EventKind::StepEntered { step } => Some(step.clone()),
        _ => None,
    }
}

/// The line of `step` whose call shows `text`: a line that calls `say`, `finish`,
/// `agree` or `say_to` with a text whose written parts (around each `${...}`) all appear
/// in `text`, in order. Events do not carry their line, and the text is enough to find
/// it: when two lines could show the same text, the first is named.
fn said_at(outline: &Outline, source: &str, step: &str, text: &str) -> Option<usize> {
    let first = outline.step(step)?.at.line;
    let next = outline
        .steps
        .iter()
        .map(|s| s.at.line)
        .filter(|&l| l > first)
        .min()
        .unwrap_or(usize::MAX);
    let lines: Vec<&str> = source.lines().collect();
    let calls = ["say(", "finish(", "agree(", "say_to("];
    (first..next.min(lines.len() + 1)).find(|&n| {
        let line = lines[n - 1];
        calls.iter().any(|c| line.contains(c))
            && literal_parts(line).is_some_and(|parts| {
                let mut rest = text;
                parts.iter().all(|part| match rest.find(part.as_str()) {
                    Some(i) => {
                        rest = &rest[i + part.len()..];
                        true
                    }
                    None => false,
                })
            })
    })
}

/// The written parts of the first text literal on a line ("..." or `...`), split
/// around each `${...}`; `None` when the line holds no literal.
fn literal_parts(line: &str) -> Option<Vec<String>> {
    let start = line.find(['"', '`'])?;
    let quote = line[start..].chars().next()?;
    let body = &line[start + 1..];
    let end = body.rfind(quote)?;
    let body = &body[..end];
    let mut parts = Vec::new();
    let mut rest = body;
    while let Some(open) = rest.find("${") {
        parts.push(rest[..open].to_string());
        rest = rest[open..]
            .find('}')
            .map_or("", |close| &rest[open + close + 1..]);
    }
    parts.push(rest.to_string());
    Some(
        parts
            .into_iter()
            .map(|p| p.replace("\\\"", "\""))
            .filter(|p| !p.is_empty())
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_written_parts_of_a_text_are_found_around_its_interpolations() {
        assert_eq!(
            literal_parts(r#"    finish(`"${ready}" can be the answer next time too.`)"#),
            Some(vec![
                "\"".to_string(),
                "\" can be the answer next time too.".to_string()
            ])
        );
        assert_eq!(
            literal_parts("say(\"Hello\");"),
            Some(vec!["Hello".to_string()])
        );
        assert_eq!(literal_parts("next(x)"), None);
    }
}
