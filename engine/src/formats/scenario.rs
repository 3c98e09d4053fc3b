//! Scenario files: a guide, the partners' names and the answers in order, each marked
//! with who gives it, in a format a content author can write by hand.
//!
//! ```text
//! # A gentle path through the check-in.
//! guide: check-in
//! names: first=Alex, second=Sam
//! seed: 1
//! history: second-week.history.json
//! ---
//! first: 7
//! second: 5
//! both: Talking on Sunday helped.
//! ```

use crate::audience::Audience;
use crate::couple::CoupleHistory;
use crate::error::{Error, ErrorKind, Location};
use crate::guide::Guide;
use crate::session::{Session, Setup};
use indexmap::IndexMap;
use std::sync::Arc;

/// A parsed scenario file: which guide to run, with what names and seed, and the answers to give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenario {
    /// A shipped guide's name or a path, as the host resolves it.
    pub guide: String,
    /// The partners' names, by role, from the `names:` line.
    pub names: IndexMap<String, String>,
    /// The seed of the generator behind `random` and `pick` (0 if no `seed:` line).
    pub seed: u64,
    /// The answers after `---`, in the order they are given.
    pub answers: Vec<ScenarioAnswer>,
    /// The file of the couple's history the session is given (`history:`, a path
    /// beside the scenario), as written; the host reads it into `history`.
    pub history_file: Option<String>,
    /// The couple's history the session is given (none unless the host reads one).
    pub history: Arc<CoupleHistory>,
}

/// One answer line of a scenario: who gives the answer and what they type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioAnswer {
    /// A role, or `both`.
    pub by: String,
    /// The answer as typed, checked by the prompt as a partner's input would be.
    pub text: String,
    /// Line in the scenario file.
    pub line: usize,
}

fn input_error(file: &str, line: usize, message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Input, message).at(Some(Location {
        file: file.to_string(),
        line,
        column: 1,
    }))
}

impl Scenario {
    /// Parses a scenario's text, naming `file` and the line in any error.
    pub fn parse(file: &str, text: &str) -> Result<Scenario, Error> {
        let mut scenario = Scenario {
            guide: String::new(),
            names: IndexMap::new(),
            seed: 0,
            answers: Vec::new(),
            history_file: None,
            history: Arc::default(),
        };
        let mut in_answers = false;
        for (i, raw) in text.lines().enumerate() {
            let n = i + 1;
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if line == "---" {
                in_answers = true;
                continue;
            }
            let Some((key, value)) = line.split_once(':') else {
                return Err(input_error(
                    file,
                    n,
                    "expected `key: value` (or `role: answer` after ---)",
                ));
            };
            let (key, value) = (key.trim(), value.trim());
            if in_answers {
                scenario.answers.push(ScenarioAnswer {
                    by: key.to_string(),
                    text: value.to_string(),
                    line: n,
                });
                continue;
            }
            match key {
                "guide" => scenario.guide = value.to_string(),
                "history" => scenario.history_file = Some(value.to_string()),
                "seed" => {
                    scenario.seed = value
                        .parse()
                        .map_err(|_| input_error(file, n, "seed: must be a whole number"))?;
                }
                "names" => {
                    for pair in value.split(',') {
                        let Some((role, name)) = pair.split_once('=') else {
                            return Err(input_error(file, n, "names: write role=Name, role=Name"));
                        };
                        scenario
                            .names
                            .insert(role.trim().to_string(), name.trim().to_string());
                    }
                }
                other => {
                    return Err(input_error(
                        file,
                        n,
                        format!(
                            "unknown key \"{other}\"; before --- use guide, names, seed, history"
                        ),
                    ));
                }
            }
        }
        if scenario.guide.is_empty() {
            return Err(input_error(file, 1, "the scenario needs a `guide:` line"));
        }
        Ok(scenario)
    }

    /// Runs the scenario's answers through a session of `guide`. Each answer must be
    /// given by the partner the guide asks, and must be valid for the prompt.
    pub fn run(&self, file: &str, guide: Guide) -> Result<Session, Error> {
        let setup = Setup {
            names: self.names.clone(),
            seed: self.seed,
            history: self.history.clone(),
        };
        let mut session = Session::start(guide, setup)?;
        for answer in &self.answers {
            let Some(prompt) = session.prompt() else {
                return Err(input_error(
                    file,
                    answer.line,
                    "the guide does not ask anything more here; remove this answer",
                ));
            };
            let asked = match &prompt.to {
                Audience::Partner(role) => role.as_str(),
                _ => "both",
            };
            if asked != answer.by {
                return Err(input_error(
                    file,
                    answer.line,
                    format!(
                        "this answer is marked `{}`, but the guide asks `{asked}`: \"{}\"",
                        answer.by, prompt.text
                    ),
                ));
            }
            let text = prompt.text.clone();
            session.answer_input(&answer.text).map_err(|why| {
                input_error(
                    file,
                    answer.line,
                    format!("\"{}\" does not answer \"{text}\": {why}", answer.text),
                )
            })?;
        }
        Ok(session)
    }
}
