//! What a partner sees after an answer, item by item, in words a counselor reads: the
//! text, the step it is shown in and the line of the guide that shows it (every event
//! carries the line that made it). The privacy check compares these very words
//! (`outcome::seen` digests them), and its report shows them: what is compared is what
//! is reported.

use crate::audience::{Audience, Viewer};
use crate::event::{Event, EventKind, minutes_in_words};
use crate::prompt::{PromptKind, how_many};
use crate::runtime::run::Status;
use crate::session::Session;

/// One thing a partner sees, as the privacy report shows it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Shown {
    /// What it is, in words ("question to Sam: ...", "a reveal of Alex's answer").
    pub(super) text: String,
    /// The step it is shown in.
    pub(super) step: String,
    /// The line of the guide that shows it (the step's own line for a plugin's event
    /// that carries none).
    pub(super) line: usize,
    /// The module whose line it is, when the guide's own code did not show it.
    pub(super) module: Option<String>,
    /// The line of the `next(...)` that moved to `step` after the answer, if it moved.
    pub(super) moved_at: Option<usize>,
    /// It is the error the path ends in.
    pub(super) error: bool,
}

/// What `role` sees from the last answer of `events` on (a shared answer included: it is
/// on the screen as it is typed), up to and including a reveal of another partner's
/// answers (from there on their private answers show), then the error the path ends in,
/// if any. Where the other partner is handed the keyboard (a private question, a line
/// for them alone), `role` sees that it happens, not what is shown. `name` gives a
/// role's name; `step_line` a step's own line. Returns the items and whether a reveal
/// ended them.
pub(super) fn shown_to(
    events: &[Event],
    role: &str,
    error: Option<&Failure>,
    name: &dyn Fn(&str) -> String,
    step_line: &dyn Fn(&str) -> usize,
) -> (Vec<Shown>, bool) {
    let viewer = Viewer::Partner(role.to_string());
    let from = events
        .iter()
        .rposition(|e| matches!(e.kind, EventKind::Answer { .. }))
        .unwrap_or(0);
    let mut step = events[..from]
        .iter()
        .rev()
        .find_map(entered)
        .unwrap_or_default();
    let mut moved_at = None;
    let mut out = Vec::new();
    let mut push = |text: String, event: Option<&Event>, step: &str, moved_at: Option<usize>| {
        let line = event.and_then(|e| e.line);
        out.push(Shown {
            text,
            step: step.to_string(),
            line: line.unwrap_or_else(|| step_line(step)),
            module: event.and_then(|e| e.module.clone()),
            moved_at,
            error: false,
        })
    };
    for event in &events[from..] {
        if let Some(s) = entered(event) {
            step = s;
            moved_at = event.line;
            continue;
        }
        if event.seen_by.admits(&viewer) {
            if let EventKind::Reveal { label, answers } = &event.kind
                && answers.iter().any(|(r, _)| r != role)
            {
                let whose: Vec<String> = answers.iter().map(|(r, _)| name(r)).collect();
                let of = match whose.len() {
                    1 => format!("{}'s answer", whose[0]),
                    _ => format!("{}'s answers", whose.join(" and ")),
                };
                let text = match label.is_empty() {
                    true => format!("a reveal of {of}"),
                    false => format!("a reveal of {of} (\"{label}\")"),
                };
                push(text, Some(event), &step, moved_at);
                return (out, true);
            }
            if let Some(text) = words(&event.kind, name) {
                push(text, Some(event), &step, moved_at);
            }
        } else if let Audience::Partner(other) = &event.to {
            let text = format!("the keyboard is handed to {} alone", name(other));
            push(text, Some(event), &step, moved_at);
        }
    }
    if let Some(failure) = error {
        push(format!("error: {}", failure.message), None, &step, moved_at);
        if let Some(last) = out.last_mut() {
            last.error = true;
            last.line = failure.line.unwrap_or(last.line);
            last.module = failure.module.clone();
        }
    }
    (out, false)
}

/// The error a path ends in: its message, line, and module when not the guide's own.
pub(super) struct Failure {
    pub(super) message: String,
    pub(super) line: Option<usize>,
    pub(super) module: Option<String>,
}

impl Failure {
    /// The error `session` ended in, if it did.
    pub(super) fn of(session: &Session) -> Option<Failure> {
        let Status::Failed(error) = session.status() else {
            return None;
        };
        let guide = &session.guide().source().name;
        Some(Failure {
            message: error.message.clone(),
            line: error.location.as_ref().map(|l| l.line),
            module: error
                .location
                .as_ref()
                .map(|l| l.file.clone())
                .filter(|file| file != guide),
        })
    }
}

fn entered(event: &Event) -> Option<String> {
    match &event.kind {
        EventKind::StepEntered { step } => Some(step.clone()),
        _ => None,
    }
}

/// An event as the screen shows it, in words; `None` for what the screen does not show.
fn words(kind: &EventKind, name: &dyn Fn(&str) -> String) -> Option<String> {
    let text = match kind {
        EventKind::StepEntered { .. } => return None,
        EventKind::Say { text } if text.trim().is_empty() => "an empty line".to_string(),
        EventKind::Say { text } => text.clone(),
        EventKind::Prompt(p) => {
            let to = match &p.to {
                Audience::Partner(role) => format!("question to {}", name(role)),
                _ => "question to both".to_string(),
            };
            let takes = match &p.kind {
                PromptKind::Text => "in their own words".to_string(),
                PromptKind::YesNo => "yes or no".to_string(),
                PromptKind::Scale { min, max } => format!("a number from {min} to {max}"),
                PromptKind::Choice { options, .. } => format!("one of: {}", options.join(" / ")),
                PromptKind::ChooseMany {
                    options, min, max, ..
                } => format!("{} of: {}", how_many(*min, *max), options.join(" / ")),
            };
            let pass = match &p.pass {
                Some(words) => format!("; may pass: {words}"),
                None => String::new(),
            };
            format!("{to}: {} ({takes}{pass})", p.text)
        }
        EventKind::Answer {
            by, value, shown, ..
        } => {
            let who = match by {
                Audience::Partner(role) => format!("{}'s answer", name(role)),
                _ => "the shared answer".to_string(),
            };
            let value = shown.clone().unwrap_or_else(|| value.to_string());
            format!("{who}: {value}")
        }
        EventKind::Reveal { label, answers } => {
            // Only the partner's own answers: nothing new to them, but on the screen.
            let values: Vec<String> = answers.iter().map(|(_, v)| v.to_string()).collect();
            format!(
                "a reveal of their own answer (\"{label}\"): {}",
                values.join(", ")
            )
        }
        EventKind::Agreement { text, by } => match by {
            Some(role) => format!("an agreement by {}: {text}", name(role)),
            None => format!("an agreement by both: {text}"),
        },
        EventKind::Review { text, outcome, .. } => {
            format!("a review of the agreement \"{text}\": {}", outcome.words())
        }
        EventKind::Break { minutes, back } => {
            let mut text = format!(
                "a break of {} starts",
                minutes_in_words(u64::from(*minutes))
            );
            if let Some(back) = back {
                text.push_str(&format!(
                    ", back after {}",
                    minutes_in_words(u64::from(*back))
                ));
            }
            text
        }
        EventKind::Note { plugin, text } => format!("a note from {plugin}: {text}"),
        EventKind::Finished { text } if text.trim().is_empty() => {
            "the end, with no closing line".to_string()
        }
        EventKind::Finished { text } => format!("closing line: {text}"),
    };
    Some(text)
}
