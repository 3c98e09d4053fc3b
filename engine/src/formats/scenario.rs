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
//! :back
//! second: 6
//! both: Talking on Sunday helped.
//! ```
//!
//! The answers include those to Kintsugi's own offers (a break after a distressed
//! answer, the safety check after words of danger), as `run` asks them; `:back` takes
//! back the last answer. The marks may be left out: a line that does not start with a
//! role (or `both`) and a colon is an answer as it stands, given by whoever is asked,
//! so the answers file `run --answers` takes and `explore` prints can be pasted after
//! `---` as it is.

use crate::audience::{Audience, Viewer};
use crate::couple::CoupleHistory;
use crate::error::{Error, ErrorKind, Location};
use crate::event::minutes_in_words;
use crate::formats::transcript::Transcript;
use crate::guide::Guide;
use crate::plugins::safety::{Offer, OfferEnd, OfferStep};
use crate::prompt::Prompt;
use crate::runtime::run::Status;
use crate::session::{Session, Setup};
use crate::value::Value;
use indexmap::IndexMap;
use std::collections::VecDeque;
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
    /// What stands before the line's first colon: a role, or `both`, when the line is
    /// marked; empty for a line with no colon. Whether it is a mark is known only with
    /// the guide's roles ([`ScenarioAnswer::marked`]).
    pub by: String,
    /// The answer after the mark, checked by the prompt as a partner's input would be.
    pub text: String,
    /// The whole line (trimmed): the answer when the line is not marked.
    pub typed: String,
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
            if in_answers {
                let (by, text) = line.split_once(':').unwrap_or(("", line));
                scenario.answers.push(ScenarioAnswer {
                    by: by.trim().to_string(),
                    text: text.trim().to_string(),
                    typed: line.to_string(),
                    line: n,
                });
                continue;
            }
            let Some((key, value)) = line.split_once(':') else {
                return Err(input_error(
                    file,
                    n,
                    "expected `key: value` (guide, names, seed or history) before ---",
                ));
            };
            let (key, value) = (key.trim(), value.trim());
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
    /// given by the partner the guide asks, and must be valid for the prompt. The
    /// safety plugin's offers (a break after a distressed answer, the private check
    /// after words of danger) are asked as `run` asks them, through the same
    /// [`Offer`], and the scenario answers them in turn; an offer that ends the
    /// sitting (a break taken, a disclosure) ends the scenario there. `:back` (alone,
    /// or under any partner's mark) takes back the last answer, as at the keyboard.
    pub fn run(&self, file: &str, guide: Guide) -> Result<Session, Error> {
        self.play(file, guide).map(|played| played.session)
    }

    /// Runs the scenario as [`Scenario::run`] does, and says how the sitting ended
    /// when an offer ended it. A disclosure takes back the answer that led to the
    /// check, as `run` does, so nothing the guide did after it is kept.
    pub fn play(&self, file: &str, guide: Guide) -> Result<ScenarioRun, Error> {
        let setup = Setup {
            names: self.names.clone(),
            seed: self.seed,
            history: self.history.clone(),
        };
        // A partner who discloses may choose a cover in a joint guide, as in `run`.
        let cover = guide.declaration().roles.len() == 2;
        let roles: Vec<String> = guide.declaration().roles.keys().cloned().collect();
        let mut session = Session::start(guide, setup)?;
        let mut offers: VecDeque<Offer> = VecDeque::new();
        let mut ended: Option<OfferEnd> = None;
        for line in &self.answers {
            let answer = &line.marked(&roles);
            if let Some(end) = ended {
                return Err(input_error(
                    file,
                    answer.line,
                    format!(
                        "the sitting ended before this answer ({}); remove the answers after it",
                        match end {
                            OfferEnd::Break { .. } => "a break was taken",
                            OfferEnd::Hold => "a disclosure stopped the guide",
                            _ => "the conversation ended for something lighter",
                        }
                    ),
                ));
            }
            let back = answer.text == BACK;
            let asked_prompt = match offers.front() {
                Some(offer) => offer.asking().cloned(),
                None => session.prompt().cloned(),
            };
            // `:back` takes back the last answer whoever gave it, so any partner's mark
            // (or none) will do, as anyone may type it at the keyboard.
            if back && offers.is_empty() {
                if session.undo().is_none() {
                    return Err(input_error(
                        file,
                        answer.line,
                        "there is no answer to take back here",
                    ));
                }
                continue;
            }
            let Some(prompt) = asked_prompt else {
                return Err(input_error(
                    file,
                    answer.line,
                    "the guide does not ask anything more here; remove this answer",
                ));
            };
            if back {
                return Err(input_error(
                    file,
                    answer.line,
                    format!(
                        "`:back` does not work at Kintsugi's own question \"{}\"; answer it first",
                        prompt.text
                    ),
                ));
            }
            if !answer.by.is_empty() && !asked_by(&prompt, &answer.by) {
                return Err(wrong_partner(file, answer, &prompt));
            }
            let text = prompt.text.clone();
            let refused = |why: String| {
                // A misspelt mark (one word) makes the whole line the answer: say so.
                let unmarked = if answer.by.is_empty()
                    && !line.by.is_empty()
                    && !line.by.contains(char::is_whitespace)
                {
                    format!(
                        " (`{}` is not a role of this guide ({}) or both, so the whole line was taken as the answer)",
                        line.by,
                        roles.join(", ")
                    )
                } else {
                    String::new()
                };
                input_error(
                    file,
                    answer.line,
                    format!(
                        "\"{}\" does not answer \"{text}\": {why}{unmarked}",
                        answer.text
                    ),
                )
            };
            match offers.front_mut() {
                Some(offer) => {
                    let value = prompt.parse(&answer.text).map_err(refused)?;
                    offer.answer(&value);
                }
                None => {
                    session.answer_input(&answer.text).map_err(refused)?;
                    offers.extend(
                        session
                            .take_interventions()
                            .into_iter()
                            .map(|i| Offer::new(i, cover, false)),
                    );
                }
            }
            ended = walk(&mut offers);
            if matches!(ended, Some(OfferEnd::Hold | OfferEnd::Lighter)) {
                session.undo();
            }
        }
        Ok(ScenarioRun { session, ended })
    }
}

/// A scenario played through its guide: the session, and how the sitting ended when
/// one of Kintsugi's offers ended it.
pub struct ScenarioRun {
    /// The session after the scenario's answers.
    pub session: Session,
    /// The end of the offer that ended the sitting: a break, or a disclosure (the
    /// neutral message, or a cover); `None` when the guide's answers simply ran out.
    pub ended: Option<OfferEnd>,
}

impl ScenarioRun {
    /// The transcript an author reviews: every answer (private ones too), and how the
    /// sitting ended in the words the shared screen showed, so that a change in a break
    /// or a disclosure shows as a difference. What the partner who disclosed answered in
    /// private is not in it, as it is on no shared screen.
    pub fn transcript(&self) -> Transcript<'_> {
        let transcript = Transcript::new(&self.session, Viewer::Journal)
            .note(crate::plugins::safety::AUTHOR_NOTE);
        let waiting = match self.session.status() {
            Status::Awaiting(prompt) => self.session.name_of(&prompt.to),
            _ => String::new(),
        };
        match self.ended {
            None | Some(OfferEnd::GoOn) => transcript,
            Some(OfferEnd::Break { minutes }) => transcript.stopped(format!(
                "A break of {} starts here, and the sitting stops; after it, the session waits for {waiting} to answer.",
                minutes_in_words(minutes.into())
            )),
            Some(OfferEnd::Hold) => transcript.stopped(format!(
                "The conversation ends here. The shared screen says: \"{}\"",
                crate::plugins::safety::NEUTRAL_MESSAGE
            )),
            Some(OfferEnd::Lighter) => transcript.stopped(
                "The conversation ends here, for something lighter: the light guide starts, as when it is chosen at :pause.",
            ),
        }
    }
}

impl ScenarioAnswer {
    /// The line read with the guide's roles: marked when what stands before its colon
    /// is a role or `both`; otherwise the whole line is the answer, by whoever is asked
    /// (`by` empty).
    pub fn marked(&self, roles: &[String]) -> ScenarioAnswer {
        if self.by == "both" || roles.contains(&self.by) {
            return self.clone();
        }
        ScenarioAnswer {
            by: String::new(),
            text: self.typed.clone(),
            typed: self.typed.clone(),
            line: self.line,
        }
    }
}

/// One answer of a path played through its offers: the prompt (the guide's or an
/// offer's), the answer, and whether the prompt was an offer's.
#[derive(Debug, Clone, PartialEq)]
pub struct Played {
    /// What was asked.
    pub prompt: Prompt,
    /// The answer given.
    pub value: Value,
    /// The step the session was in.
    pub step: String,
    /// Whether Kintsugi's own offer asked it, not the guide.
    pub offer: bool,
}

/// Plays the guide's `answers` live, as `run` would take them, answering each offer
/// they lead to so that the guide goes on ([`Offer::going_on`]): every answer given,
/// offers' included, in order. What `explore` found (answers to the guide's prompts
/// alone) becomes the answers a couple types, so its answers file fits `run` and a
/// scenario alike.
pub fn through_offers(guide: Guide, setup: Setup, answers: &[Value]) -> Result<Vec<Played>, Error> {
    let cover = guide.declaration().roles.len() == 2;
    let mut session = Session::start(guide, setup)?;
    let mut played = Vec::new();
    for value in answers {
        let Some(prompt) = session.prompt().cloned() else {
            break;
        };
        let step = session.step();
        session.answer(value.clone())?;
        played.push(Played {
            prompt,
            value: value.clone(),
            step: step.clone(),
            offer: false,
        });
        for intervention in session.take_interventions() {
            let mut offer = Offer::new(intervention, cover, false);
            loop {
                match offer.step() {
                    OfferStep::Ask(prompt) => {
                        let Some(value) = offer.going_on() else { break };
                        offer.answer(&value);
                        played.push(Played {
                            prompt,
                            value,
                            step: step.clone(),
                            offer: true,
                        });
                    }
                    OfferStep::End(_) => break,
                    OfferStep::Show { .. } | OfferStep::Hold(_) => {}
                }
            }
        }
    }
    Ok(played)
}

/// What a scenario line types to take back the last answer.
const BACK: &str = ":back";

/// Walks the pending offers to their next question, or to their end; an end other than
/// going on ends the sitting.
fn walk(offers: &mut VecDeque<Offer>) -> Option<OfferEnd> {
    while let Some(offer) = offers.front_mut() {
        match offer.step() {
            OfferStep::Ask(_) => return None,
            OfferStep::End(OfferEnd::GoOn) => {
                offers.pop_front();
            }
            OfferStep::End(end) => {
                offers.clear();
                return Some(end);
            }
            // What is shown, and the hold a host places, leave no trace in a scenario.
            OfferStep::Show { .. } | OfferStep::Hold(_) => {}
        }
    }
    None
}

/// Whether the answer marked `by` is given by whom `prompt` asks.
fn asked_by(prompt: &Prompt, by: &str) -> bool {
    match &prompt.to {
        Audience::Partner(role) => role == by,
        _ => by == "both",
    }
}

fn wrong_partner(file: &str, answer: &ScenarioAnswer, prompt: &Prompt) -> Error {
    let asked = match &prompt.to {
        Audience::Partner(role) => role.as_str(),
        _ => "both",
    };
    input_error(
        file,
        answer.line,
        format!(
            "this answer is marked `{}`, but the guide asks `{asked}`: \"{}\"",
            answer.by, prompt.text
        ),
    )
}
