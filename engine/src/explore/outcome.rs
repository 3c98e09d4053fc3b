//! What one played path shows: where it waits or ends, and the moves its last answer made.

use crate::error::Error;
use crate::event::{Event, EventKind};
use crate::explore::offers::{Met, offered};
use crate::explore::shown::{Failure, shown_to};
use crate::prompt::Prompt;
use crate::runtime::run::{Entry, Status};
use crate::session::Session;
use crate::value::Value;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

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
    Waiting {
        key: u64,
        prompt: Prompt,
        /// Where the run entered the step it waits in, and the answers given in the step
        /// since: a path that goes on from here starts there (`Session::resume_at`).
        resume: Option<(Arc<Entry>, Vec<Value>)>,
    },
    Finished {
        text: String,
    },
    Failed(Error),
}

/// Where a path stopped, and the moves its last answer made.
#[derive(Debug, Clone)]
pub(super) struct Outcome {
    pub(super) reached: Reached,
    pub(super) hop: Hop,
    /// What each partner (in the guide's order of roles) saw since the last answer.
    pub(super) seen: Box<[Seen]>,
    /// The branches the path ran through since it was restarted (`coverage`).
    pub(super) probes: Vec<u32>,
    /// Kintsugi's own offers the last answer led to, with every way through them.
    pub(super) offered: Option<Box<Met>>,
}

/// What one partner saw between two prompts, as a digest: two paths that show a partner
/// the same screen have equal digests. A reveal of the other partner's answers ends
/// what is compared (from there on the other partner's private answers are shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Seen {
    pub(super) digest: u64,
    /// The other partner's answers were revealed on the way.
    pub(super) revealed: bool,
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
    /// The branches it ran through.
    pub(super) probes: Vec<u32>,
}

/// What a session shows where it stands now.
pub(super) fn observe(session: &Session) -> Outcome {
    let reached = match session.status() {
        Status::Awaiting(prompt) => Reached::Waiting {
            key: session.state_key(),
            prompt: prompt.clone(),
            resume: session.entry(),
        },
        Status::Finished(text) => Reached::Finished { text: text.clone() },
        Status::Failed(error) => Reached::Failed(error.clone()),
    };
    let events = session.events();
    let roles = session.guide().declaration().roles.keys();
    let error = Failure::of(session);
    let hop = hop(&events);
    let seen = roles
        .map(|role| seen(&events, role, error.as_ref()))
        .collect();
    // The events borrow the run's state, which the plugins asked next read too.
    drop(events);
    Outcome {
        offered: offered(session, hop.given.last()).map(Box::new),
        reached,
        hop,
        seen,
        probes: Vec::new(),
    }
}

/// What `role` saw from the last answer on, as a digest of the words the privacy
/// report shows (`shown::shown_to`): what is compared is what would be reported.
fn seen(events: &[Event], role: &str, error: Option<&Failure>) -> Seen {
    let (items, revealed) = shown_to(events, role, error, &|r| r.to_string(), &|_| 0);
    let mut h = std::hash::DefaultHasher::new();
    for item in &items {
        item.text.hash(&mut h);
    }
    Seen {
        digest: h.finish(),
        revealed,
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
