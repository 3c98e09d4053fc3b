//! The state of one run of a guide, and the loop that drives its steps.
//!
//! A run is derived, never stored: it is rebuilt by running the guide against the
//! answers so far. A prompt with no answer left pauses its step where it stands (on the
//! run's fiber, see `fiber.rs`); the answer continues it.

use crate::code::Code;
use crate::error::Limit;
use crate::fiber::{PausePoint, Resume};
use crate::{Audience, Error, ErrorKind, Event, EventKind, Location, Prompt, RoleId, Value};
use indexmap::IndexMap;
use rhai::{Dynamic, EvalAltResult, FnPtr, Position};
use std::cell::{Cell, RefCell};
use std::hash::{Hash, Hasher};
use std::rc::Rc;

/// What `guide(#{...})` declares.
#[derive(Debug, Clone, Default)]
pub struct Declaration {
    pub title: String,
    pub summary: String,
    /// Role ids with a description of each, in declaration order.
    pub roles: IndexMap<RoleId, String>,
    pub start: String,
}

#[derive(Clone)]
pub(crate) struct StepDef {
    pub(crate) func: FnPtr,
    pub(crate) line: usize,
}

/// Why a step's evaluation stopped early.
#[derive(Debug)]
pub(crate) enum Signal {
    /// The run was thrown away while a prompt waited.
    Abandoned,
    Next {
        step: String,
        line: usize,
    },
    Finish(String),
}

/// Why replayed answers were set aside: the first that no longer fits, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Stale {
    /// Its place among the answers (0-based).
    pub index: usize,
    /// The prompt that stands there now.
    pub prompt: Prompt,
    /// The question changed (its key differs), or the answer no longer fits it.
    pub question_changed: bool,
}

/// Where the run is: waiting for an answer, finished, or stopped by an error.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    Awaiting(Prompt),
    Finished(String),
    Failed(Error),
}

/// The state of a step at its entry: what seeds its randomness and names its state.
#[derive(Clone, Default)]
struct Checkpoint {
    memory: IndexMap<String, Dynamic>,
    cursor: usize,
}

#[derive(Default)]
pub(crate) struct RunState {
    pub(crate) file: String,
    pub(crate) loading: bool,
    pub(crate) declared: Option<Declaration>,
    pub(crate) steps: IndexMap<String, StepDef>,
    pub(crate) names: IndexMap<RoleId, String>,
    pub(crate) memory: IndexMap<String, Dynamic>,
    pub(crate) rng: Option<fastrand::Rng>,
    seed: u64,
    pub(crate) events: Vec<Event>,
    pub(crate) answers: Vec<Value>,
    /// The key of the prompt each answer was given to, where known (from a journal).
    pub(crate) keys: Vec<Option<String>>,
    pub(crate) set_aside: Vec<Value>,
    pub(crate) stale: Option<Stale>,
    /// The plugins, asked whether an answer must be withheld from the shared screen.
    pub(crate) plugins: Vec<Rc<dyn crate::Plugin>>,
    /// Answers kept off the shared screen: no line both partners see may repeat them.
    withheld: Vec<String>,
    cursor: usize,
    /// Steps moved to since the last prompt, against a guide going round in circles.
    moves: usize,
    pub(crate) step: String,
    ordinal: usize,
    signal: Option<Signal>,
    checkpoint: Checkpoint,
}

impl RunState {
    /// Moves past the answer at the cursor, given to `prompt`: the answer's event (kept
    /// off the shared screen if a plugin withholds it) and the value the guide sees.
    fn take_answer(&mut self, prompt: &Prompt, value: Value) -> (Event, Dynamic) {
        self.cursor += 1;
        let to = prompt.to.clone();
        let withhold = matches!(to, Audience::Partner(_))
            && self.plugins.iter().any(|p| p.withhold(prompt, &value));
        if withhold {
            self.withheld.push(value.to_string());
        }
        let seen_by = if prompt.private || withhold {
            to.clone()
        } else {
            Audience::Both
        };
        let dynamic = value.to_dynamic();
        let event = Event {
            to: Audience::Journal,
            seen_by,
            kind: EventKind::Answer {
                by: to,
                value,
                private: prompt.private,
            },
        };
        (event, dynamic)
    }
}

/// A handle on the current run, shared by the functions plugins register.
///
/// Plugins keep a clone in their closures and use it to read and add to the run.
#[derive(Clone, Default)]
pub struct Run {
    pub(crate) state: Rc<RefCell<RunState>>,
    /// Set while a signal is pending, so that `on_progress` stops the script at its very
    /// next operation even if a `try`/`catch` caught the first termination.
    pub(crate) signalled: Rc<Cell<bool>>,
    /// Where `ask` pauses the step while its prompt waits for the host.
    pub(crate) pause: PausePoint,
}

/// The error that stops a step's evaluation; Rhai's `try`/`catch` cannot catch it.
fn stop() -> Box<EvalAltResult> {
    EvalAltResult::ErrorTerminated(Dynamic::UNIT, Position::NONE).into()
}

impl Run {
    fn signal(&self, signal: Signal) -> Box<EvalAltResult> {
        self.state.borrow_mut().signal = Some(signal);
        self.signalled.set(true);
        stop()
    }

    /// Adds an event to the run. Text for both partners never repeats a withheld answer.
    pub fn emit(&self, mut event: Event) {
        let mut st = self.state.borrow_mut();
        if event.seen_by == Audience::Both && !st.withheld.is_empty() {
            redact(&mut event.kind, &st.withheld);
        }
        st.events.push(event);
    }

    /// A line for one partner only.
    pub fn say_to(&self, role: &str, text: impl Into<String>) {
        let to = Audience::Partner(role.to_string());
        self.emit(Event {
            kind: EventKind::Say { text: text.into() },
            to: to.clone(),
            seen_by: to,
        });
    }

    /// Adds a narrator line for both partners.
    pub fn say(&self, text: impl Into<String>) {
        self.emit(Event::public(EventKind::Say { text: text.into() }));
    }

    /// The partner's name for a role (empty while the guide is loading).
    pub fn name_of(&self, role: &str) -> String {
        self.state
            .borrow()
            .names
            .get(role)
            .cloned()
            .unwrap_or_default()
    }

    /// The roles declared by the guide, in order.
    pub fn roles(&self) -> Vec<RoleId> {
        let st = self.state.borrow();
        st.declared
            .as_ref()
            .map(|d| d.roles.keys().cloned().collect())
            .unwrap_or_default()
    }

    pub fn is_role(&self, name: &str) -> bool {
        let st = self.state.borrow();
        st.declared
            .as_ref()
            .is_some_and(|d| d.roles.contains_key(name))
    }

    /// The step being run.
    pub fn step(&self) -> String {
        self.state.borrow().step.clone()
    }

    pub fn remember(&self, key: &str, value: Dynamic) {
        self.state
            .borrow_mut()
            .memory
            .insert(key.to_string(), value.flatten_clone());
    }

    pub fn recall(&self, key: &str) -> Option<Dynamic> {
        self.state.borrow().memory.get(key).cloned()
    }

    /// The remembered values, in the order they were first set.
    pub fn memory(&self) -> IndexMap<String, Dynamic> {
        self.state.borrow().memory.clone()
    }

    /// A number from the session's seeded generator, in `min..=max`.
    pub fn random(&self, min: i64, max: i64) -> i64 {
        let mut st = self.state.borrow_mut();
        if st.rng.is_none() {
            // Each step's randomness comes from the session's seed, the step and what
            // was remembered when it was entered: replayable, and the same state always
            // draws the same numbers (so tools that explore can merge paths that meet).
            // Seeded on first use, since most steps draw nothing.
            let mut h = std::hash::DefaultHasher::new();
            (st.seed, &st.step, memory_digest(&st.checkpoint.memory)).hash(&mut h);
            st.rng = Some(fastrand::Rng::with_seed(h.finish()));
        }
        st.rng.as_mut().expect("seeded above").i64(min..=max)
    }

    /// Asks one prompt: returns its answer (as the guide sees it), the recorded one if
    /// there is one, or else the one the host gives while the step is paused here.
    pub fn ask(&self, mut prompt: Prompt) -> Result<Dynamic, Box<EvalAltResult>> {
        let mut st = self.state.borrow_mut();
        // Loading the guide, or a plugin's hook on the host's side: no step to pause.
        if st.loading || !self.pause.in_step() {
            drop(st);
            return Err(coded_error(
                Code::OutsideStep,
                "prompts can only be used inside a step",
            ));
        }
        if self.signalled.get() {
            // Abandoned, and a `catch` tried to go on: no more prompts.
            drop(st);
            return Err(stop());
        }
        st.moves = 0;
        prompt.step = st.step.clone();
        prompt.ordinal = st.ordinal;
        st.ordinal += 1;
        // A private question is the asker's alone too: even which questions one partner
        // was asked can say something.
        let asked = |prompt: Prompt| Event {
            to: prompt.to.clone(),
            seen_by: if prompt.private {
                prompt.to.clone()
            } else {
                Audience::Both
            },
            kind: EventKind::Prompt(prompt),
        };
        if let Some(value) = st.answers.get(st.cursor).cloned() {
            let expected = st.keys.get(st.cursor).cloned().flatten();
            let question_changed = expected.is_some_and(|key| key != prompt.key());
            if !question_changed && prompt.accepts(&value) {
                let (answer, dynamic) = st.take_answer(&prompt, value);
                st.events.push(asked(prompt));
                st.events.push(answer);
                return Ok(dynamic);
            }
            st.events.push(asked(prompt.clone()));
            // The guide changed under a stored answer: keep it aside, never apply it.
            let cursor = st.cursor;
            let stale: Vec<Value> = st.answers.drain(cursor..).collect();
            st.keys.truncate(cursor);
            st.set_aside.extend(stale);
            st.stale = Some(Stale {
                index: cursor,
                prompt: prompt.clone(),
                question_changed,
            });
        } else {
            st.events.push(asked(prompt.clone()));
        }
        drop(st);
        match self.pause.pause(prompt.clone()) {
            Resume::Answered => {
                let mut st = self.state.borrow_mut();
                match st.answers.get(st.cursor).cloned() {
                    // The host checked it against the prompt before adding it.
                    Some(value) => {
                        let (answer, dynamic) = st.take_answer(&prompt, value);
                        st.events.push(answer);
                        Ok(dynamic)
                    }
                    None => {
                        drop(st);
                        Err(self.signal(Signal::Abandoned))
                    }
                }
            }
            Resume::Abandon => Err(self.signal(Signal::Abandoned)),
        }
    }

    /// Ends the current step and moves to another.
    pub fn move_to(&self, step: &str, line: usize) -> Box<EvalAltResult> {
        self.signal(Signal::Next {
            step: step.to_string(),
            line,
        })
    }

    /// Ends the guide with a closing line.
    pub fn finish(&self, text: &str) -> Box<EvalAltResult> {
        self.signal(Signal::Finish(text.to_string()))
    }

    /// Forgets everything derived, keeping the guide's declaration and steps.
    pub(crate) fn reset(
        &self,
        setup: &crate::Setup,
        answers: Vec<Value>,
        keys: Vec<Option<String>>,
    ) {
        let mut st = self.state.borrow_mut();
        let kept = RunState {
            file: std::mem::take(&mut st.file),
            declared: st.declared.take(),
            steps: std::mem::take(&mut st.steps),
            plugins: std::mem::take(&mut st.plugins),
            names: setup.names.clone(),
            rng: None,
            seed: setup.seed,
            answers,
            keys,
            ..RunState::default()
        };
        *st = kept;
    }

    pub(crate) fn enter(&self, step: &str) {
        let mut st = self.state.borrow_mut();
        st.step = step.to_string();
        st.events.push(Event {
            kind: EventKind::StepEntered {
                step: step.to_string(),
            },
            to: Audience::Journal,
            seen_by: Audience::Journal,
        });
        st.rng = None;
        st.checkpoint = Checkpoint {
            memory: st.memory.clone(),
            cursor: st.cursor,
        };
    }

    /// A digest of where the run is: the step, what was remembered when it was entered,
    /// and the answers given in it since. Two runs with the same key go on alike.
    pub(crate) fn state_key(&self) -> u64 {
        let st = self.state.borrow();
        let mut h = std::hash::DefaultHasher::new();
        (
            &st.step,
            memory_digest(&st.checkpoint.memory),
            &st.answers[st.checkpoint.cursor.min(st.answers.len())..],
        )
            .hash(&mut h);
        h.finish()
    }

    /// Runs steps from the current one until a prompt waits, the guide finishes, or
    /// something fails.
    pub(crate) fn drive(&self, engine: &rhai::Engine, ast: &rhai::AST, max_moves: usize) -> Status {
        loop {
            let func = {
                let mut st = self.state.borrow_mut();
                st.ordinal = 0;
                st.signal = None;
                match st.steps.get(&st.step) {
                    Some(def) => def.func.clone(),
                    None => {
                        return Status::Failed(Error::new(
                            ErrorKind::Declaration,
                            format!("there is no step named \"{}\"", st.step),
                        ));
                    }
                }
            };
            self.signalled.set(false);
            let result = func.call::<Dynamic>(engine, ast, ());
            let signal = self.state.borrow_mut().signal.take();
            self.signalled.set(false);
            match (signal, result) {
                (Some(Signal::Abandoned), _) => {
                    return Status::Failed(Error::new(ErrorKind::Runtime, "the run was abandoned"));
                }
                (Some(Signal::Finish(text)), _) => {
                    self.emit(Event::public(EventKind::Finished { text: text.clone() }));
                    return Status::Finished(text);
                }
                (Some(Signal::Next { step: to, line }), _) => {
                    if !self.state.borrow().steps.contains_key(&to) {
                        let step = self.step();
                        let file = self.state.borrow().file.clone();
                        return Status::Failed(
                            Error::new(
                                ErrorKind::Runtime,
                                format!("next(\"{to}\"): there is no step with that name"),
                            )
                            .at(Some(Location {
                                file,
                                line,
                                column: 1,
                            }))
                            .in_step(&step),
                        );
                    }
                    let moves = {
                        let mut st = self.state.borrow_mut();
                        st.moves += 1;
                        st.moves
                    };
                    if moves > max_moves {
                        let step = self.step();
                        return Status::Failed(
                            Error::new(
                                ErrorKind::Runaway,
                                format!(
                                    "the guide moved {max_moves} times without asking anything; \
                                     do some steps send each other round in a circle?"
                                ),
                            )
                            .with_limit(Limit::Moves)
                            .in_step(&step),
                        );
                    }
                    self.enter(&to);
                }
                (None, Ok(_)) => {
                    let step = self.step();
                    let (file, line) = {
                        let st = self.state.borrow();
                        (st.file.clone(), st.steps[&step].line)
                    };
                    return Status::Failed(
                        Error::new(
                            ErrorKind::Runtime,
                            "the step ended without next(\"...\") or finish(\"...\"); \
                             end every path through a step with one of them",
                        )
                        .at(Some(Location {
                            file,
                            line,
                            column: 1,
                        }))
                        .in_step(&step),
                    );
                }
                (None, Err(err)) => {
                    let step = self.step();
                    let (file, line) = {
                        let st = self.state.borrow();
                        (st.file.clone(), st.steps[&step].line)
                    };
                    let mut error = crate::guide::script_error(&file, *err).in_step(&step);
                    // Rhai moves a limit error's position to the call site, which for a
                    // step is the engine itself: point at the step instead.
                    if error.location.is_none() {
                        error.location = Some(Location {
                            file,
                            line,
                            column: 1,
                        });
                    }
                    return Status::Failed(error);
                }
            }
        }
    }
}

/// Replaces every withheld answer in text meant for both partners.
fn redact(kind: &mut EventKind, withheld: &[String]) {
    let clean = |text: &mut String| {
        for w in withheld {
            if !w.is_empty() && text.contains(w.as_str()) {
                *text = text.replace(w.as_str(), "[withheld]");
            }
        }
    };
    match kind {
        EventKind::Say { text }
        | EventKind::Agreement { text }
        | EventKind::Note { text, .. }
        | EventKind::Finished { text } => clean(text),
        EventKind::Reveal { label, answers } => {
            clean(label);
            for (_, value) in answers {
                if let Value::Text(text) = value {
                    clean(text);
                }
            }
        }
        _ => {}
    }
}

/// Remembered values as text with their types, for hashing (Rhai values are not `Hash`).
fn memory_digest(memory: &IndexMap<String, Dynamic>) -> Vec<(String, String, &'static str)> {
    let mut entries: Vec<_> = memory
        .iter()
        .map(|(k, v)| (k.clone(), v.to_string(), v.type_name()))
        .collect();
    entries.sort();
    entries
}

pub(crate) fn runtime_error(message: &str) -> Box<EvalAltResult> {
    EvalAltResult::ErrorRuntime(message.into(), Position::NONE).into()
}

/// Added to a code's number to tag a thrown message with it (`K` is 0x4B).
const CODE_TAG: i16 = 0x4B00;

/// A runtime error that is the problem `code` describes. The code rides on the thrown
/// text's tag, so a guide's `catch` still sees a plain text.
pub(crate) fn coded_error(code: Code, message: &str) -> Box<EvalAltResult> {
    let mut value = Dynamic::from(message.to_string());
    value.set_tag((CODE_TAG + code.number() as i16).into());
    EvalAltResult::ErrorRuntime(value, Position::NONE).into()
}

/// The code a thrown value carries, if [`coded_error`] threw it.
pub(crate) fn thrown_code(value: &Dynamic) -> Option<Code> {
    let number = i64::from(value.tag()) - i64::from(CODE_TAG);
    Code::from_number(u16::try_from(number).ok()?)
}
