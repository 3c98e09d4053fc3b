//! The journal's records: what a host appends, one JSON line each, to keep a session.
//!
//! The engine only defines the records and reads them back; writing them (and flushing
//! before the next prompt) is the host's job.

use crate::{Error, ErrorKind, RoleId, Setup, Value};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// The journal format's version, written in every header.
pub const FORMAT: u32 = 1;

/// The first record of a journal: everything a session is, besides its answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub format: u32,
    /// The guide's name, as the user chose it (a shipped name or a path).
    pub guide: String,
    pub guide_hash: String,
    /// The guide's full text, so a session can be resumed even if the file moved.
    pub source: String,
    pub seed: u64,
    pub names: IndexMap<RoleId, String>,
    pub started: String,
    /// An author's test run: consent and screening were skipped.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub author: bool,
}

impl Header {
    pub fn setup(&self) -> Setup {
        Setup {
            names: self.names.clone(),
            seed: self.seed,
        }
    }
}

/// One line of a journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "record", rename_all = "snake_case")]
pub enum Record {
    Start(Header),
    /// An answer, keyed by the prompt it answered.
    Answer {
        prompt: String,
        value: Value,
        at: String,
    },
    /// The last answer was taken back.
    Undo {
        at: String,
    },
    /// The partners took a break.
    Break {
        at: String,
    },
    /// The guide reached its end.
    Finish {
        at: String,
    },
    /// The partners ended the conversation early (from `:pause`).
    End {
        at: String,
    },
    /// The guide was edited and reloaded: later answers belong to this text.
    Guide {
        source: String,
        guide_hash: String,
        at: String,
    },
    /// An author started over from another step (`:goto`): earlier answers no longer count.
    Goto {
        step: String,
        at: String,
    },
}

/// A journal read back: its header, the answers that stand, and whether it finished.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Journal {
    /// The header, with the guide's text as last reloaded.
    pub header: Header,
    pub answers: Vec<Value>,
    /// The key of the prompt each answer was given to.
    pub keys: Vec<String>,
    /// The step the run starts at, after a `:goto`.
    pub start: Option<String>,
    pub finished: bool,
}

impl Record {
    /// Reads a journal's lines. A last line cut off mid-write (the process was killed)
    /// is ignored; any other unreadable line is an error naming it.
    pub fn read(text: &str) -> Result<Journal, Error> {
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        let mut records = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            match serde_json::from_str::<Record>(line) {
                Ok(r) => records.push(r),
                Err(_) if i + 1 == lines.len() && i > 0 => break,
                Err(e) => {
                    return Err(Error::new(
                        ErrorKind::Input,
                        format!("journal line {}: {e}", i + 1),
                    ));
                }
            }
        }
        let mut records = records.into_iter();
        let Some(Record::Start(header)) = records.next() else {
            return Err(Error::new(
                ErrorKind::Input,
                "the journal does not begin with a start record",
            ));
        };
        let mut journal = Journal {
            header,
            answers: Vec::new(),
            keys: Vec::new(),
            start: None,
            finished: false,
        };
        for record in records {
            journal.finished = matches!(record, Record::Finish { .. } | Record::End { .. });
            match record {
                Record::Answer { prompt, value, .. } => {
                    journal.answers.push(value);
                    journal.keys.push(prompt);
                }
                Record::Undo { .. } => {
                    journal.answers.pop();
                    journal.keys.pop();
                }
                Record::Guide {
                    source, guide_hash, ..
                } => {
                    journal.header.source = source;
                    journal.header.guide_hash = guide_hash;
                }
                Record::Goto { step, .. } => {
                    journal.answers.clear();
                    journal.keys.clear();
                    journal.start = Some(step);
                }
                Record::Start(_)
                | Record::Break { .. }
                | Record::Finish { .. }
                | Record::End { .. } => {}
            }
        }
        Ok(journal)
    }

    /// The record as one line of JSON, newline included.
    pub fn to_line(&self) -> String {
        let mut line = serde_json::to_string(self).expect("records always serialize");
        line.push('\n');
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_torn_last_line_is_ignored_and_undo_drops_an_answer() {
        let header = Header {
            format: FORMAT,
            guide: "g".into(),
            guide_hash: "h".into(),
            source: "s".into(),
            seed: 1,
            names: IndexMap::new(),
            started: "t".into(),
            author: false,
        };
        let answer = |v: Value| Record::Answer {
            prompt: "p".into(),
            value: v,
            at: "t".into(),
        };
        let text = [
            Record::Start(header).to_line(),
            answer(Value::Number(3)).to_line(),
            answer(Value::Text("x".into())).to_line(),
            Record::Undo { at: "t".into() }.to_line(),
            answer(Value::Bool(true)).to_line(),
            "{\"record\":\"answer\",\"prom".to_string(),
        ]
        .concat();
        let journal = Record::read(&text).unwrap();
        assert_eq!(journal.answers, vec![Value::Number(3), Value::Bool(true)]);
        assert!(!journal.finished);
    }
}
