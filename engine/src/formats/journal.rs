//! The journal's records: what a host appends, one JSON line each, to keep a session.
//!
//! The engine only defines the records and reads them back; writing them (and flushing
//! before the next prompt) is the host's job.
//!
//! A journal written by any release keeps resuming: every header says the format it was
//! written in ([`FORMAT`]), and older formats are read forward (see [`Record::read_bytes`]).
//! A change to the format bumps [`FORMAT`] and adds journals written by the release
//! before it to `cli/tests/fixtures/journals/`, which the tests transcript and resume.

use crate::audience::RoleId;
use crate::couple::CoupleHistory;
use crate::error::{Error, ErrorKind};
use crate::guide::Guide;
use crate::runtime::modules::Modules;
use crate::runtime::run::History;
use crate::session::{Asked, Session, SetAside, Setup};
use crate::value::Value;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// The journal format's version, written in every header.
///
/// - 1: the guide's text, seed, names and answers; a reload's guide record followed by
///   one undo per answer it set aside.
/// - 2: the modules the guide imports are kept too (in the header and each guide
///   record), and answers set aside are a record of their own, with their questions.
/// - 3: an answer may be the options picked (a list of keys, `choose_many`) or none (a
///   pass, `null`); a choice's answer is its option's key (its text, for a plain list,
///   so the records of a guide without keys read as in format 2).
///   The couple's history the session was given is a record of its own
///   ([`Record::History`]), written with the start record (none: no history).
/// - 4: a record says that the offers plugins made after an answer (a safety check, a
///   break on distress) were walked to their end ([`Record::Settled`]): a resume asks
///   again those after an answer with none.
pub const FORMAT: u32 = 4;

/// The first record of a journal: everything a session is, besides its answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// The journal format's version this journal was written in ([`FORMAT`]).
    pub format: u32,
    /// The guide's name, as the user chose it (a shipped name or a path).
    pub guide: String,
    /// The hash of the guide's source text when the session started.
    pub guide_hash: String,
    /// The guide's full text, so a session can be resumed even if the file moved.
    pub source: String,
    /// The modules the guide imports, by name, with their full texts: a session resumes
    /// with no file beside its journal. `None` in a format-1 journal, which kept none
    /// (its modules are read from the guide's folder, as then).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modules: Option<Modules>,
    /// The seed of the generator behind `random` and `pick`.
    pub seed: u64,
    /// The partners' names, by role.
    pub names: IndexMap<RoleId, String>,
    /// When the session started: a timestamp as the host gives it (the CLI writes RFC 3339).
    pub started: String,
    /// An author's test run: consent and screening were skipped.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub author: bool,
    /// The couple the session belongs to (its id in the host's profile); `None` before
    /// format 3, when the partners' names alone said whose it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub couple: Option<String>,
}

impl Header {
    /// The setup (names and seed) this header records, to start or replay the session with.
    pub fn setup(&self) -> Setup {
        Setup {
            names: self.names.clone(),
            seed: self.seed,
            history: Default::default(),
        }
    }
}

/// One line of a journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "record", rename_all = "snake_case")]
pub enum Record {
    /// The journal's first record: the session's header.
    Start(Header),
    /// The couple's history the session was given, written with the start record (its
    /// second line).
    History {
        /// The history, as the session's guide may read it.
        history: CoupleHistory,
    },
    /// An answer, keyed by the prompt it answered.
    Answer {
        /// The key of the prompt answered (see [`Prompt::key`](crate::Prompt::key)).
        prompt: String,
        /// The answer given.
        value: Value,
        /// When it was written: a timestamp as the host gives it (the CLI writes RFC 3339).
        at: String,
    },
    /// The last answer was taken back.
    Undo {
        /// When it was written: a timestamp as the host gives it (the CLI writes RFC 3339).
        at: String,
    },
    /// The last answers no longer fit the guide (it was edited): they are set aside,
    /// kept and shown as such, never applied. One entry per answer, in order, with the
    /// question it answered where known. Written before the guide record of a reload,
    /// so the journal reads whole whatever write a crash cuts short.
    SetAside {
        /// The questions the set-aside answers were given to (`None`: not known).
        asked: Vec<Option<Asked>>,
        /// When it was written: a timestamp as the host gives it (the CLI writes RFC 3339).
        at: String,
    },
    /// The partners took a break.
    Break {
        /// When it was written: a timestamp as the host gives it (the CLI writes RFC 3339).
        at: String,
        /// A break with a length (a guide's `take_break`, or the break offered on
        /// distress), in minutes from `at`: the host holds the session until it ends.
        /// None for a break the partners take themselves (`:break`), and in journals
        /// written before breaks had a length.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        minutes: Option<u32>,
        /// When the partners agreed to come back, in minutes from `at`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        back: Option<u32>,
    },
    /// The offers the plugins made after the last answer (a safety check, a break on
    /// distress) were walked to their end, whichever way they ended. Written only after
    /// an answer that led to any: a resume asks the plugins again after an answer that
    /// no record follows, so a sitting cut short during an offer does not lose it.
    Settled {
        /// When it was written: a timestamp as the host gives it (the CLI writes RFC 3339).
        at: String,
    },
    /// The guide reached its end.
    Finish {
        /// When it was written: a timestamp as the host gives it (the CLI writes RFC 3339).
        at: String,
    },
    /// The partners ended the conversation early (from `:pause`).
    End {
        /// When it was written: a timestamp as the host gives it (the CLI writes RFC 3339).
        at: String,
    },
    /// The guide was edited and reloaded: later answers belong to this text.
    Guide {
        /// The guide's full text as reloaded.
        source: String,
        /// The hash of that text.
        guide_hash: String,
        /// The modules it imports, as reloaded (`None` in format 1).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        modules: Option<Modules>,
        /// When it was written: a timestamp as the host gives it (the CLI writes RFC 3339).
        at: String,
    },
    /// An author started over from another step (`:goto`): earlier answers no longer count.
    Goto {
        /// The step the run starts over from.
        step: String,
        /// When it was written: a timestamp as the host gives it (the CLI writes RFC 3339).
        at: String,
    },
}

/// A journal read back: its header, the answers that stand, and whether it finished.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Journal {
    /// The header, with the guide's text as last reloaded.
    pub header: Header,
    /// The couple's history the session was given when it started (empty before
    /// format 3, when guides could read none).
    pub history: CoupleHistory,
    /// The answers that stand, in order, after undos, `:goto`s and answers set aside
    /// are applied.
    pub answers: Vec<Value>,
    /// The answers set aside because the guide changed under them, in order.
    pub set_aside: Vec<SetAside>,
    /// The key of the prompt each answer was given to.
    pub keys: Vec<String>,
    /// The step the run starts at, after a `:goto`.
    pub start: Option<String>,
    /// Where the journal stops being readable, if it does.
    pub damage: Option<Damage>,
    /// The bytes of whole records at its start: a host that appends first cuts the file
    /// back to this (keeping what it cuts elsewhere), then ends the last line if needed.
    pub valid_len: usize,
    /// Whether the last record is a finish or an early end.
    pub finished: bool,
    /// Whether the last record is an early end (from `:pause`).
    pub ended: bool,
    /// The break with a length taken since the last answer, if any: the session waits
    /// on it (the host decides until when).
    pub on_break: Option<TakenBreak>,
    /// Whether the last record is an answer: the offers the plugins make after it may
    /// not have been walked to their end (the sitting stopped first), so a host asks
    /// the plugins again ([`Session::ask_plugins_again`]) before going on.
    pub unsettled: bool,
}

/// A break with a length, as a journal keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TakenBreak {
    /// When it began: a timestamp as the host gives it.
    pub at: String,
    /// Its length in minutes.
    pub minutes: u32,
    /// When the partners agreed to come back, in minutes from `at`.
    pub back: Option<u32>,
}

impl Journal {
    /// The setup the session started with: names, seed and the history it was given.
    pub fn setup(&self) -> Setup {
        Setup {
            history: std::sync::Arc::new(self.history.clone()),
            ..self.header.setup()
        }
    }

    /// Sets the last answers aside, one per question given, pairing each with it.
    fn set_aside_last(&mut self, asked: Vec<Option<Asked>>) {
        let from = self.answers.len().saturating_sub(asked.len());
        let values = self.answers.split_off(from);
        self.keys.truncate(from);
        let aside = values.into_iter().zip(asked);
        self.set_aside
            .extend(aside.map(|(value, asked)| SetAside { value, asked }));
    }

    /// Rebuilds the session this journal records: each answer is checked against the
    /// key of the prompt it was given to, so an answer to a question that has since
    /// changed is set aside and reported, never given to the new question.
    pub fn replay(&self, guide: Guide) -> Result<Session, Error> {
        self.replay_with(guide, History::Whole)
    }

    /// The same, keeping only what `history` says of the events (a host resuming the
    /// session shows only those after the last answer).
    pub fn replay_with(&self, guide: Guide, history: History) -> Result<Session, Error> {
        let keys = self.keys.iter().cloned().map(Some).collect();
        Session::replay_keyed(
            guide,
            self.setup(),
            self.start.clone(),
            self.answers.clone(),
            keys,
            history,
        )
    }
}

/// Where a journal stops being readable, and what comes after: a write torn by a kill
/// or a full disk, a tail of NUL bytes, a line that is not a record. Everything before
/// it is read; nothing after it is applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damage {
    /// The first line that is not a whole record (1-based).
    pub line: usize,
    /// Bytes from that line to the end of the file, set aside.
    pub bytes: usize,
    /// What is wrong with that line.
    pub reason: String,
}

impl std::fmt::Display for Damage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the journal is damaged from line {} on ({}); everything before it was kept, \
             and the {} bytes from there on were set aside",
            self.line, self.reason, self.bytes
        )
    }
}

impl Record {
    /// Reads a journal's lines; see [`Record::read_bytes`].
    pub fn read(text: &str) -> Result<Journal, Error> {
        Record::read_bytes(text.as_bytes())
    }

    /// Reads a journal: every whole record up to the first line that is not one (a
    /// write cut short, NUL bytes, a line that is not JSON), which is reported in
    /// [`Journal::damage`] with what comes after it, never applied. Fails only when
    /// not even the start record can be read.
    pub fn read_bytes(bytes: &[u8]) -> Result<Journal, Error> {
        let mut records = Vec::new();
        let mut valid_len = 0;
        let mut damage = None;
        let mut offset = 0;
        for (i, line) in bytes.split_inclusive(|b| *b == b'\n').enumerate() {
            let whole = line.ends_with(b"\n");
            let body = line.strip_suffix(b"\n").unwrap_or(line);
            if whole && body.iter().all(u8::is_ascii_whitespace) {
                offset += line.len();
                valid_len = offset;
                continue;
            }
            // A record whole but for its final newline stands (the host ends its line
            // before appending); anything else that does not read is damage.
            match serde_json::from_slice::<Record>(body) {
                Ok(record) => {
                    records.push(record);
                    offset += line.len();
                    valid_len = offset;
                }
                Err(e) => {
                    damage = Some(Damage {
                        line: i + 1,
                        bytes: bytes.len() - offset,
                        reason: e.to_string(),
                    });
                    break;
                }
            }
        }
        let mut records = records.into_iter();
        let Some(Record::Start(header)) = records.next() else {
            return Err(Error::new(
                ErrorKind::Input,
                match &damage {
                    Some(d) if d.line == 1 => {
                        format!("the journal's start record cannot be read ({})", d.reason)
                    }
                    _ if bytes.is_empty() => {
                        "the journal is empty: it was never started".to_string()
                    }
                    _ => "the journal does not begin with a start record".to_string(),
                },
            ));
        };
        if header.format > FORMAT {
            return Err(Error::new(
                ErrorKind::Input,
                format!(
                    "the journal was written by a newer Kintsugi (journal format {}; this one reads up to {FORMAT}): update Kintsugi to open it",
                    header.format
                ),
            ));
        }
        // Format 1 set aside an answer with an undo right after the reload's guide record,
        // which kept no modules (a later release's guide record always keeps them, so a
        // format-1 journal resumed since is read by each record's own rules).
        let mut after_reload = false;
        // Where the answers set aside by the last reload begin (undos take the last first).
        let mut reload_mark = 0;
        let mut journal = Journal {
            header,
            history: CoupleHistory::default(),
            ended: false,
            answers: Vec::new(),
            set_aside: Vec::new(),
            keys: Vec::new(),
            start: None,
            finished: false,
            damage,
            valid_len,
            on_break: None,
            unsettled: false,
        };
        for record in records {
            journal.unsettled = matches!(record, Record::Answer { .. });
            journal.finished = matches!(record, Record::Finish { .. } | Record::End { .. });
            // A break waits until the next answer (or anything else that moves the run).
            journal.on_break = match &record {
                Record::Break {
                    at,
                    minutes: Some(minutes),
                    back,
                } => Some(TakenBreak {
                    at: at.clone(),
                    minutes: *minutes,
                    back: *back,
                }),
                Record::Break { .. } => journal.on_break.take(),
                _ => None,
            };
            journal.ended = matches!(record, Record::End { .. });
            let reloading = matches!(record, Record::Guide { modules: None, .. })
                || (after_reload && matches!(record, Record::Undo { .. }));
            match record {
                Record::Answer { prompt, value, .. } => {
                    journal.answers.push(value);
                    journal.keys.push(prompt);
                }
                Record::Undo { .. } if after_reload => {
                    if let Some(value) = journal.answers.pop() {
                        journal.keys.pop();
                        let aside = SetAside { value, asked: None };
                        journal.set_aside.insert(reload_mark, aside);
                    }
                }
                Record::Undo { .. } => {
                    journal.answers.pop();
                    journal.keys.pop();
                }
                Record::SetAside { asked, .. } => journal.set_aside_last(asked),
                Record::Guide {
                    source,
                    guide_hash,
                    modules,
                    ..
                } => {
                    journal.header.source = source;
                    journal.header.guide_hash = guide_hash;
                    journal.header.modules = modules;
                    reload_mark = journal.set_aside.len();
                }
                Record::Goto { step, .. } => {
                    journal.answers.clear();
                    journal.keys.clear();
                    journal.start = Some(step);
                }
                Record::History { history } => journal.history = history,
                Record::Start(_)
                | Record::Settled { .. }
                | Record::Break { .. }
                | Record::Finish { .. }
                | Record::End { .. } => {}
            }
            after_reload = reloading;
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
            modules: Some(Modules::new()),
            seed: 1,
            names: IndexMap::new(),
            started: "t".into(),
            author: false,
            couple: None,
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

    #[test]
    fn an_answer_is_unsettled_until_a_record_follows_it() {
        let start = r#"{"record":"start","format":4,"guide":"g","guide_hash":"h","source":"s","seed":1,"names":{},"started":"t"}"#;
        let answer = r#"{"record":"answer","prompt":"p","value":3,"at":"t"}"#;
        let settled = r#"{"record":"settled","at":"t"}"#;
        assert!(!Record::read(&format!("{start}\n")).unwrap().unsettled);
        let text = format!("{start}\n{answer}\n");
        assert!(Record::read(&text).unwrap().unsettled);
        let text = format!("{text}{settled}\n");
        let journal = Record::read(&text).unwrap();
        assert!(!journal.unsettled);
        assert_eq!(journal.answers, vec![Value::Number(3)]);
        let text = format!("{text}{answer}\n");
        assert!(Record::read(&text).unwrap().unsettled);
        let text = format!("{text}{}\n", r#"{"record":"break","at":"t"}"#);
        assert!(!Record::read(&text).unwrap().unsettled);
    }

    #[test]
    fn a_break_with_a_length_waits_until_the_next_answer_and_old_breaks_still_read() {
        let start = r#"{"record":"start","format":2,"guide":"g","guide_hash":"h","source":"s","seed":1,"names":{},"started":"t"}"#;
        let answer = r#"{"record":"answer","prompt":"p","value":3,"at":"t"}"#;
        // A journal written before breaks had a length.
        let old = format!("{start}\n{answer}\n{}\n", r#"{"record":"break","at":"t"}"#);
        let journal = Record::read(&old).unwrap();
        assert_eq!(journal.answers, vec![Value::Number(3)]);
        assert_eq!(journal.on_break, None);
        let timed = r#"{"record":"break","at":"t2","minutes":20,"back":60}"#;
        let text = format!("{start}\n{answer}\n{timed}\n");
        let journal = Record::read(&text).unwrap();
        let taken = TakenBreak {
            at: "t2".into(),
            minutes: 20,
            back: Some(60),
        };
        assert_eq!(journal.on_break, Some(taken.clone()));
        // `:break` after it keeps it; the next answer ends it.
        let text = format!("{text}{}\n", r#"{"record":"break","at":"t3"}"#);
        assert_eq!(Record::read(&text).unwrap().on_break, Some(taken));
        let text = format!("{text}{answer}\n");
        assert_eq!(Record::read(&text).unwrap().on_break, None);
    }

    fn sample() -> (String, usize) {
        let header = Header {
            format: FORMAT,
            guide: "g".into(),
            guide_hash: "h".into(),
            source: "s".into(),
            modules: Some(Modules::new()),
            seed: 1,
            names: IndexMap::new(),
            started: "t".into(),
            author: false,
            couple: None,
        };
        let answer = |n: i64| Record::Answer {
            prompt: "p".into(),
            value: Value::Number(n),
            at: "t".into(),
        };
        let start = Record::Start(header).to_line();
        let text = [
            start.clone(),
            answer(1).to_line(),
            answer(2).to_line(),
            answer(3).to_line(),
        ]
        .concat();
        (text, start.len())
    }

    /// Cut anywhere (a kill, a full disk), a journal reads back every whole record
    /// before the cut, says what it set aside, and its valid prefix reads clean.
    #[test]
    fn a_journal_cut_at_any_byte_keeps_every_whole_record_before_the_cut() {
        let (text, header_len) = sample();
        let full = Record::read(&text).unwrap();
        assert!(full.damage.is_none());
        assert_eq!(full.valid_len, text.len());
        for cut in 0..text.len() {
            let torn = &text[..cut];
            let Ok(journal) = Record::read(torn) else {
                assert!(
                    cut < header_len,
                    "only a cut start record is unreadable (cut {cut})"
                );
                continue;
            };
            let whole_lines = torn.matches('\n').count();
            // Every whole answer line before the cut is kept (a last one missing only
            // its newline too).
            assert!(
                journal.answers.len() >= whole_lines.saturating_sub(1),
                "cut {cut}"
            );
            assert!(journal.valid_len <= cut, "cut {cut}");
            let again = Record::read(&torn[..journal.valid_len]).unwrap();
            assert!(again.damage.is_none(), "cut {cut}");
            assert_eq!(again.answers, journal.answers, "cut {cut}");
            match &journal.damage {
                Some(d) => assert_eq!(d.bytes, cut - journal.valid_len, "cut {cut}"),
                None => assert_eq!(journal.valid_len, cut, "cut {cut}"),
            }
        }
    }

    #[test]
    fn damage_in_the_middle_or_a_tail_of_nul_bytes_keeps_what_comes_before() {
        let (text, _) = sample();
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let middle = [lines[0], lines[1], "not a record\n", lines[2], lines[3]].concat();
        let journal = Record::read(&middle).unwrap();
        assert_eq!(journal.answers, vec![Value::Number(1)]);
        let damage = journal.damage.unwrap();
        assert_eq!(damage.line, 3);
        assert_eq!(damage.bytes, middle.len() - lines[0].len() - lines[1].len());
        assert!(damage.to_string().contains("from line 3"), "{damage}");

        let nul = format!("{text}{}", "\0".repeat(4096));
        let journal = Record::read(&nul).unwrap();
        assert_eq!(journal.answers.len(), 3);
        assert_eq!(journal.valid_len, text.len());
        assert_eq!(journal.damage.unwrap().bytes, 4096);

        assert!(Record::read("").unwrap_err().message.contains("empty"));
    }
}
