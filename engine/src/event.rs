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
    /// The line of the guide that made it (the `say`, `ask`, `agree`, `reveal`,
    /// `take_break`, `finish`, or the `next` that entered a step), where there is one:
    /// what explore's privacy report names. Not part of any format: a replay makes it
    /// again.
    #[serde(skip)]
    pub line: Option<usize>,
    /// The module whose code made it, when not the guide's own: `line` is then that
    /// module's.
    #[serde(skip)]
    pub module: Option<String>,
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
        /// What the partners see for it, when that is not the value: a chosen option's
        /// words rather than its key, a pass's words.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        shown: Option<String>,
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
    /// The guide asks for a break (`take_break`): the host stops the sitting here and
    /// keeps its start and length, and the conversation goes on after it.
    Break {
        /// The break's length in minutes: the host holds the session until it ends.
        minutes: u32,
        /// When the partners agreed to come back, in minutes from the start of the break
        /// (at least `minutes`), if the guide asked them.
        #[serde(skip_serializing_if = "Option::is_none")]
        back: Option<u32>,
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
            line: None,
            module: None,
        }
    }

    /// The same event, made by `line` of the guide, or of `module` when its code made it.
    pub fn at(mut self, (line, module): (usize, Option<String>)) -> Event {
        self.line = Some(line);
        self.module = module;
        self
    }
}

/// A length of time in words, for people: "20 minutes", "1 hour 30 minutes", "2 days".
pub fn minutes_in_words(minutes: u64) -> String {
    let unit = |n: u64, one: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {one}s")
        }
    };
    let (days, hours, mins) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    let parts: Vec<String> = [(days, "day"), (hours, "hour"), (mins, "minute")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, one)| unit(n, one))
        .collect();
    match parts.len() {
        0 => unit(0, "minute"),
        _ => parts.join(" "),
    }
}

/// A count for people, its thousands grouped as everywhere Kintsugi shows one: 10,000.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::minutes_in_words;

    #[test]
    fn lengths_read_as_people_say_them() {
        assert_eq!(minutes_in_words(1), "1 minute");
        assert_eq!(minutes_in_words(20), "20 minutes");
        assert_eq!(minutes_in_words(60), "1 hour");
        assert_eq!(minutes_in_words(90), "1 hour 30 minutes");
        assert_eq!(minutes_in_words(1440 + 120), "1 day 2 hours");
        assert_eq!(minutes_in_words(0), "0 minutes");
    }
}
