//! What a run of a guide produces: events, each saying whom it addresses and who may see it.

use crate::audience::{Audience, RoleId};
use crate::prompt::Prompt;
use crate::value::Value;
use serde::Serialize;

/// One thing that happened in a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    pub kind: EventKind,
    /// Who the event addresses: who must act on a prompt, who a line is spoken to.
    pub to: Audience,
    /// Who may see it.
    pub seen_by: Audience,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum EventKind {
    /// The run entered a step.
    StepEntered { step: String },
    /// A narrator line.
    Say { text: String },
    /// A question waiting for (or given) an answer.
    Prompt(Prompt),
    /// The answer to the prompt just before it, with who gave it.
    Answer {
        by: Audience,
        value: Value,
        private: bool,
    },
    /// Private answers shown to both partners.
    Reveal {
        label: String,
        answers: Vec<(RoleId, Value)>,
    },
    /// Something the partners agreed on, kept with the transcript.
    Agreement { text: String },
    /// A plugin's own event, for plugins that need more than the kinds above.
    Note { plugin: String, text: String },
    /// The guide finished with a closing line.
    Finished { text: String },
}

impl Event {
    pub(crate) fn public(kind: EventKind) -> Event {
        Event {
            kind,
            to: Audience::Both,
            seen_by: Audience::Both,
        }
    }
}
