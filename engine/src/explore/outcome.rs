//! What one played path shows: where it waits or ends, and the moves its last answer made.

use crate::error::Error;
use crate::event::{Event, EventKind};
use crate::prompt::Prompt;
use crate::runtime::run::Status;
use crate::session::Session;
use crate::value::Value;

/// The last answer's move: the step it was given in, the answers given in that visit to
/// the step, and the steps entered after it. For the start, `from` is `None`.
#[derive(Debug, Clone)]
pub(super) struct Hop {
    pub(super) from: Option<String>,
    pub(super) given: Vec<(Prompt, Value)>,
    pub(super) moves: Vec<String>,
}

impl Hop {
    /// The step the path is in at its end.
    pub(super) fn here(&self) -> Option<&String> {
        self.moves.last().or(self.from.as_ref())
    }
}

/// Where a path stopped: waiting at a prompt (in a state with this key), at the guide's
/// end, or in an error.
#[derive(Debug, Clone)]
pub(super) enum Reached {
    Waiting { key: u64, prompt: Prompt },
    Finished { text: String },
    Failed(Error),
}

/// Where a path stopped, and the moves its last answer made.
#[derive(Debug, Clone)]
pub(super) struct Outcome {
    pub(super) reached: Reached,
    pub(super) hop: Hop,
}

/// One random playthrough: its answers, what each answer led to, and the answers chosen
/// (prompt key and answer index) for the counts of least-taken answers.
pub(super) struct Playthrough {
    pub(super) answers: Vec<Value>,
    /// After 0, 1, 2, ... answers: the index of the answer given, and the outcome.
    pub(super) steps: Vec<(Option<usize>, Outcome)>,
    pub(super) picks: Vec<(String, usize)>,
    /// Whether `max_depth` stopped it.
    pub(super) cut: bool,
}

/// What a session shows where it stands now.
pub(super) fn observe(session: &Session) -> Outcome {
    let reached = match session.status() {
        Status::Awaiting(prompt) => Reached::Waiting {
            key: session.state_key(),
            prompt: prompt.clone(),
        },
        Status::Finished(text) => Reached::Finished { text: text.clone() },
        Status::Failed(error) => Reached::Failed(error.clone()),
    };
    Outcome {
        reached,
        hop: hop(&session.events()),
    }
}

fn hop(events: &[Event]) -> Hop {
    let entered = |e: &Event| match &e.kind {
        EventKind::StepEntered { step } => Some(step.clone()),
        _ => None,
    };
    let last = events
        .iter()
        .rposition(|e| matches!(e.kind, EventKind::Answer { .. }));
    let (from, given, tail) = match last {
        None => (None, Vec::new(), 0),
        Some(i) => {
            let visit = events[..i]
                .iter()
                .rposition(|e| matches!(e.kind, EventKind::StepEntered { .. }));
            let from = visit.and_then(|j| entered(&events[j]));
            let mut given = Vec::new();
            let mut asked = None;
            for event in &events[visit.unwrap_or(0)..=i] {
                match &event.kind {
                    EventKind::Prompt(p) => asked = Some(p.clone()),
                    EventKind::Answer { value, .. } => {
                        if let Some(p) = asked.take() {
                            given.push((p, value.clone()));
                        }
                    }
                    _ => {}
                }
            }
            (from, given, i + 1)
        }
    };
    let moves = events[tail..].iter().filter_map(entered).collect();
    Hop { from, given, moves }
}
