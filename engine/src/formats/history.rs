//! What a couple's history holds of one session: read off the events both partners saw.

use crate::audience::{Audience, RoleId};
use crate::couple::{Agreed, PastSession, Revealed, Reviewed};
use crate::event::{Event, EventKind};
use indexmap::IndexMap;

impl PastSession {
    /// Reads what both partners saw of a session's events (its whole history): the
    /// agreements made, the reviews, the answers revealed. A line for one partner, a
    /// private answer, anything not seen by both is left out; a reveal shows only what
    /// both saw (a withheld answer as what a pass at its prompt shows).
    pub fn read(mut self, events: &[Event], names: &IndexMap<RoleId, String>) -> Self {
        let name = |role: &RoleId| names.get(role).cloned().unwrap_or_else(|| role.clone());
        for event in events.iter().filter(|e| e.seen_by == Audience::Both) {
            match &event.kind {
                EventKind::Agreement { text, by } => self.agreed.push(Agreed {
                    text: text.clone(),
                    by: by.as_ref().map(name),
                }),
                EventKind::Review { id, text, outcome } => self.reviewed.push(Reviewed {
                    id: id.clone(),
                    text: text.clone(),
                    outcome: *outcome,
                }),
                EventKind::Reveal { label, answers } => {
                    for (role, value) in answers {
                        self.revealed.push(Revealed {
                            label: label.clone(),
                            by: name(role),
                            value: value.clone(),
                        });
                    }
                }
                _ => {}
            }
        }
        self
    }
}
