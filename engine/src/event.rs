//! What a run of a guide produces: events, each saying whom it addresses and who may see it.

use crate::audience::{Audience, RoleId};
use crate::couple::Outcome;
use crate::prompt::Prompt;
use crate::value::Value;
use serde::Serialize;

/// One thing that happened in a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// What happened, with its details.
    pub kind: EventKind,
    /// Who the event addresses: who must act on a prompt, who a line is spoken to.
    pub to: Audience,
    /// Who may see it.
    pub seen_by: Audience,
}

/// The kinds of thing that can happen in a run, each with what it carries.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum EventKind {
    /// The run entered a step.
    StepEntered {
        /// The name of the step entered.
        step: String,
    },
    /// A narrator line.
    Say {
        /// The line the narrator speaks.
        text: String,
    },
    /// A question waiting for (or given) an answer.
    Prompt(Prompt),
    /// The answer to the prompt just before it, with who gave it.
    Answer {
        /// Who gave the answer: the audience the prompt was addressed to.
        by: Audience,
        /// The validated answer.
        value: Value,
        /// Whether the prompt asked for a private answer.
        private: bool,
    },
    /// Private answers shown to both partners.
    Reveal {
        /// The heading the guide gives the revealed answers.
        label: String,
        /// Each revealed answer, with the role of the partner who gave it.
        answers: Vec<(RoleId, Value)>,
    },
    /// Something the partners agreed on, kept with the transcript.
    Agreement {
        /// The wording of the agreement.
        text: String,
        /// The partner who committed to it; `None` when both did.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<RoleId>,
    },
    /// An agreement of an earlier session, reviewed: how it went.
    Review {
        /// The agreement's id in the couple's ledger (`SESSION/N`).
        id: String,
        /// Its wording.
        text: String,
        /// How it went.
        outcome: Outcome,
    },
    /// A plugin's own event, for plugins that need more than the kinds above.
    Note {
        /// The name of the plugin that emitted the note.
        plugin: String,
        /// The note's text.
        text: String,
    },
    /// The guide finished with a closing line.
    Finished {
        /// The closing line.
        text: String,
    },
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
