//! A session: a guide, a seed, the partners' names and the answers so far.
//!
//! Everything else (where the run is, what was said) is derived by running the guide
//! against those answers. Resume, undo, transcripts and tests all go through
//! [`Session::replay`].

use crate::audience::{Audience, RoleId};
use crate::couple::CoupleHistory;
use crate::error::Limit;
use crate::error::{Error, ErrorKind, Location};
use crate::event::{Event, EventKind};
use crate::guide::Guide;
use crate::plugins::safety::Checked;
use crate::prompt::Prompt;
use crate::runtime::fiber::{Fiber, Stop};
use crate::runtime::memo::StepMemo;
use crate::runtime::plugin::Intervention;
use crate::runtime::run::{Entry, History, Live, Stale, Status};
use crate::value::Value;
use indexmap::IndexMap;
use rhai::Dynamic;
use serde::{Deserialize, Serialize};
use std::cell::{Ref, RefCell};
use std::rc::Rc;
use std::sync::Arc;

/// What a session starts from besides the guide.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Setup {
    /// The partners' names, by role.
    pub names: IndexMap<RoleId, String>,
    /// Seeds the generator behind `random` and `pick`.
    pub seed: u64,
    /// The couple's history as the session starts (empty by default), which its guide
    /// may read; kept in the journal, so every replay reads the same.
    pub history: Arc<CoupleHistory>,
}

/// An answer set aside: it was given to a question the guide no longer asks there (the
/// guide was edited). It is kept, and shown as set aside, never applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetAside {
    /// The answer.
    pub value: Value,
    /// The question it answered, as asked then; `None` when only its key was kept.
    pub asked: Option<Asked>,
}

/// The question an answer set aside was given to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asked {
    /// The question, as it was shown.
    pub question: String,
    /// Who answered it.
    pub by: Audience,
    /// It was answered privately: its question and answer are `by`'s alone.
    pub private: bool,
}

impl SetAside {
    /// Who may see it: both partners, its author alone if it was private, and nobody
    /// at the screen (the journal alone) when its question is not known.
    pub fn seen_by(&self) -> Audience {
        match &self.asked {
            Some(asked) if asked.private => asked.by.clone(),
            Some(_) => Audience::Both,
            None => Audience::Journal,
        }
    }
}

/// One sitting of a couple with a guide: its run, rebuilt from the answers.
pub struct Session {
    guide: Guide,
    /// This session's run, which plugins' functions reach while it is driven.
    live: Rc<Live>,
    /// The stack the run's steps are paused on while a prompt waits.
    fiber: Fiber<Status>,
    setup: Setup,
    /// A step other than the guide's start, for authors (`:goto`).
    start: Option<String>,
    status: Status,
    /// How many events plugins have observed.
    observed: usize,
    /// What plugins asked the host to do after the last answer.
    interventions: Vec<Intervention>,
    /// Who the safety check asked in this sitting, and after which kind of words.
    checked: Checked,
    /// The questions the answers set aside by the last replay were given to, where
    /// known (a reload knows them; a replay from a journal knows only their keys).
    aside_asked: Vec<Asked>,
}

impl Session {
    /// Starts a session and runs the guide up to its first prompt.
    pub fn start(guide: Guide, setup: Setup) -> Result<Session, Error> {
        Session::replay(guide, setup, Vec::new())
    }

    /// Rebuilds a session from its answers: the one way a run is ever made.
    ///
    /// Answers that no longer fit the guide (it was edited) are kept aside, never
    /// applied; see [`Session::set_aside`].
    pub fn replay(guide: Guide, setup: Setup, answers: Vec<Value>) -> Result<Session, Error> {
        Session::replay_keyed(guide, setup, None, answers, Vec::new(), History::Whole)
    }

    /// Rebuilds a session from its answers, each checked against the key of the prompt
    /// it was given to where one is known (a journal's), from `start` if given.
    pub(crate) fn replay_keyed(
        guide: Guide,
        setup: Setup,
        start: Option<String>,
        answers: Vec<Value>,
        keys: Vec<Option<String>>,
        history: History,
    ) -> Result<Session, Error> {
        let roles = &guide.declaration().roles;
        for role in roles.keys() {
            match setup.names.get(role) {
                Some(name) if !name.trim().is_empty() => {}
                _ => {
                    return Err(Error::new(
                        ErrorKind::Input,
                        format!("no name was given for the role \"{role}\""),
                    ));
                }
            }
        }
        if let Some(step) = &start {
            check_step(&guide, step)?;
        }
        let mut session = Session::blank(guide, setup, start, history);
        session.rebuild(answers, keys);
        Ok(session)
    }

    /// A session with no run yet.
    fn blank(guide: Guide, setup: Setup, start: Option<String>, history: History) -> Session {
        let live = Live::new(guide.program().clone());
        live.state.borrow_mut().history = history;
        Session {
            guide,
            fiber: Fiber::new(live.pause.clone()),
            live,
            setup,
            start,
            status: Status::Finished(String::new()),
            observed: 0,
            interventions: Vec::new(),
            checked: Checked::default(),
            aside_asked: Vec::new(),
        }
    }

    /// Replays answers from the start, keeping what the run holds at each step's entry
    /// ([`Session::entry`]), for [`Session::resume_at`].
    pub(crate) fn replay_keeping_entries(
        guide: Guide,
        setup: Setup,
        answers: Vec<Value>,
    ) -> Result<Session, Error> {
        let mut session = Session::replay(guide, setup, Vec::new())?;
        session.live.state.borrow_mut().keep_entry = true;
        session.rebuild(answers, Vec::new());
        Ok(session)
    }

    /// What the run held when it entered the step it is in, when the session keeps it,
    /// and the answers given in the step since.
    pub(crate) fn entry(&self) -> Option<(std::sync::Arc<Entry>, Vec<Value>)> {
        self.live.state.borrow().entered()
    }

    /// A session that starts where a run entered a step (`entry`), with `answers`, the
    /// answers given in that step since. It goes on exactly as the run it was taken
    /// from: a step depends on what was remembered when it was entered and the answers
    /// given in it, never on variables from before it. For tools that explore: a path
    /// then costs the step it ends in, not a replay of every answer from the start.
    ///
    /// With a `memo`, a step that fails before it asks anything is kept with what it
    /// read, and fails at once when entered again with the same reads (`runtime/memo.rs`).
    pub(crate) fn resume_at(
        guide: Guide,
        setup: Setup,
        entry: &Entry,
        answers: Vec<Value>,
        memo: Option<Rc<RefCell<StepMemo>>>,
    ) -> Result<Session, Error> {
        // The names were checked when the session the entry comes from was made.
        let mut session = Session::blank(guide, setup, None, History::Whole);
        let _current = session.live.make_current();
        let (names, seed) = (session.setup.names.clone(), session.setup.seed);
        session.live.state.borrow_mut().keep_entry = true;
        let history = session.setup.history.clone();
        session
            .live
            .reset(names, seed, history, answers, Vec::new());
        session.live.state.borrow_mut().memo = memo;
        session.live.restore(entry);
        session.live.enter(&entry.step, entry.line);
        let (live, program) = (session.live.clone(), session.guide.program().clone());
        let stop = session.fiber.start(move || live.drive(&program));
        session.settle(stop);
        drop(_current);
        Ok(session)
    }

    fn rebuild(&mut self, answers: Vec<Value>, keys: Vec<Option<String>>) {
        let start = self
            .start
            .clone()
            .unwrap_or_else(|| self.guide.declaration().start.clone());
        let _current = self.live.make_current();
        // The paused run, if any, is stopped before its state is forgotten.
        self.fiber.abandon();
        let (names, seed) = (self.setup.names.clone(), self.setup.seed);
        let history = self.setup.history.clone();
        self.live.reset(names, seed, history, answers, keys);
        self.live.enter(&start, None);
        let (live, program) = (self.live.clone(), self.guide.program().clone());
        let stop = self.fiber.start(move || live.drive(&program));
        // The keys have done their work: every answer that stands fits its prompt, so
        // a replay of them (undo) goes the same way without them.
        self.live.state.borrow_mut().keys = Vec::new();
        self.settle(stop);
    }

    /// Starts over from any step, with no answers and nothing remembered (for authors).
    pub fn goto(&mut self, step: &str) -> Result<(), Error> {
        check_step(&self.guide, step)?;
        self.start = Some(step.to_string());
        self.rebuild(Vec::new(), Vec::new());
        Ok(())
    }

    /// The step the run began at, when it is not the guide's start (see `goto`).
    pub fn started_at(&self) -> Option<&str> {
        self.start.as_deref()
    }

    /// Moves the session onto an edited guide: the answers so far are replayed against
    /// it, and those that no longer fit are set aside ([`Session::stale`] says where).
    /// On an error (the new guide lacks a role, say) the session is left as it was.
    pub fn reload(&mut self, guide: Guide) -> Result<(), Error> {
        let answers = self.answers();
        // The key of the prompt each answer was given to, and the question, read off
        // the run's whole history: a live answer's key is only made when it is needed, here.
        let whole;
        let events = if self.forgotten() == 0 {
            self.events()
        } else {
            whole = self.replay_whole()?;
            whole.events()
        };
        let mut keys = Vec::with_capacity(answers.len());
        let mut questions = Vec::with_capacity(answers.len());
        let mut prompt = None;
        for event in events.iter() {
            match &event.kind {
                EventKind::Prompt(p) => prompt = Some(p),
                EventKind::Answer { by, private, .. } => {
                    keys.push(prompt.map(Prompt::key));
                    questions.push(Asked {
                        question: prompt.map(|p| p.text.clone()).unwrap_or_default(),
                        by: by.clone(),
                        private: *private,
                    });
                }
                _ => {}
            }
        }
        keys.truncate(answers.len());
        drop(events);
        let mut reloaded = Session::replay_keyed(
            guide,
            self.setup.clone(),
            self.start.clone(),
            answers,
            keys,
            self.history(),
        )?;
        if let Some(stale) = reloaded.stale() {
            reloaded.aside_asked = questions.split_off(stale.index.min(questions.len()));
        }
        *self = reloaded;
        Ok(())
    }

    /// What this session keeps of the events its run produced.
    pub fn history(&self) -> History {
        self.live.state.borrow().history
    }

    /// Keeps every event from now on, or only those since the last answer (dropping the
    /// ones before it now). A host that shows events as they come keeps only recent
    /// ones, so the session's memory does not grow with every answer.
    pub fn set_history(&mut self, history: History) {
        let mut st = self.live.state.borrow_mut();
        st.history = history;
        if history == History::SinceLastAnswer
            && let Some(last) = st
                .events
                .iter()
                .rposition(|e| matches!(e.kind, EventKind::Answer { .. }))
        {
            st.forget_before(last);
        }
    }

    /// How many events of the run came before the first one [`Session::events`] holds:
    /// those dropped under [`History::SinceLastAnswer`] (0 with the whole history).
    /// `forgotten() + events().len()` counts every event of the run.
    pub fn forgotten(&self) -> usize {
        self.live.state.borrow().dropped
    }

    /// The same session replayed with its whole history, for what needs every event
    /// (a transcript) of a session that keeps only recent ones.
    pub fn replay_whole(&self) -> Result<Session, Error> {
        let (answers, keys) = {
            let st = self.live.state.borrow();
            (st.answers.clone(), st.keys.clone())
        };
        Session::replay_keyed(
            self.guide.clone(),
            self.setup.clone(),
            self.start.clone(),
            answers,
            keys,
            History::Whole,
        )
    }

    /// Takes where the run now is, and tells plugins what is new. Called with this
    /// session's run current.
    fn settle(&mut self, stop: Stop<Status>) {
        self.status = match stop {
            Stop::Paused(prompt) => Status::Awaiting(*prompt),
            Stop::Done(Status::Failed(error)) => Status::Failed(self.at_loops(error)),
            Stop::Done(status) => status,
        };
        self.notify_plugins();
    }

    /// Rhai reports a step that ran too long where the step was called, not in the loop
    /// that ran; the guide's outline knows where the step's loops are.
    fn at_loops(&self, mut error: Error) -> Error {
        // What ran too long, or said too much, before any question: what it did, in words.
        let did = match error.limit {
            Some(Limit::Operations) => "ran too long without asking anything".to_string(),
            Some(Limit::Said) => error
                .message
                .trim_start_matches("this step ")
                .split(';')
                .next()
                .unwrap_or_default()
                .to_string(),
            _ => return error,
        };
        let outline = self.guide.outline();
        let Some(step) = error.step.as_deref().and_then(|name| outline.step(name)) else {
            return error;
        };
        let Some(first) = step.loops.first() else {
            return error;
        };
        error.location = Some(Location {
            file: self.guide.source().name.clone(),
            line: first.line,
            column: first.column,
        });
        error.message = match step.loops.as_slice() {
            [one] => format!(
                "this step {did}; does the loop at line {} ever end?",
                one.line
            ),
            loops => format!(
                "this step {did}; does one of its loops (lines {}) never end?",
                loops
                    .iter()
                    .map(|l| l.line.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        error
    }

    fn notify_plugins(&mut self) {
        // `observed` counts from the run's first event, dropped ones included. After an
        // undo the log is shorter; what is past its end will be new again. Events
        // dropped before plugins saw them were observed when their answers were given.
        let (dropped, len) = (self.forgotten(), self.events().len());
        let from = self.observed.saturating_sub(dropped).min(len);
        // The log is lent out while plugins look at it (no copy on every answer); what
        // they emit meanwhile is appended after.
        let events = std::mem::take(&mut self.live.state.borrow_mut().events);
        for event in &events[from..] {
            for plugin in &self.guide.config().plugins {
                plugin.observe(event, &crate::runtime::run::Run::default());
            }
        }
        self.observed = dropped + events.len();
        let mut st = self.live.state.borrow_mut();
        let emitted = std::mem::replace(&mut st.events, events);
        st.events.extend(emitted);
    }

    /// Where the run is.
    pub fn status(&self) -> &Status {
        &self.status
    }

    /// The prompt waiting for an answer, if any.
    pub fn prompt(&self) -> Option<&Prompt> {
        match &self.status {
            Status::Awaiting(p) => Some(p),
            _ => None,
        }
    }

    /// What the run has produced so far, in order: every event, or with
    /// [`History::SinceLastAnswer`] those from the last answer on.
    pub fn events(&self) -> Ref<'_, [Event]> {
        Ref::map(self.live.state.borrow(), |st| st.events.as_slice())
    }

    /// The answers so far, in the order given.
    pub fn answers(&self) -> Vec<Value> {
        self.live.state.borrow().answers.clone()
    }

    /// Where replayed answers stopped fitting the guide, if they did.
    pub fn stale(&self) -> Option<Stale> {
        self.live.state.borrow().stale.clone()
    }

    /// Answers that were recorded but no longer fit the guide when it was last
    /// replayed (or reloaded), with the questions they answered where known. A host
    /// records them ([`Record::SetAside`](crate::Record::SetAside)) before going on.
    pub fn set_aside(&self) -> Vec<SetAside> {
        let values = self.live.state.borrow().set_aside.clone();
        values
            .into_iter()
            .enumerate()
            .map(|(i, value)| SetAside {
                value,
                asked: self.aside_asked.get(i).cloned(),
            })
            .collect()
    }

    /// The name(s) of whoever an audience is, in the guide's role order: "Alex", or
    /// "Alex and Sam" for both.
    pub fn name_of(&self, audience: &Audience) -> String {
        let names = &self.setup.names;
        match audience {
            Audience::Partner(role) => names.get(role).cloned().unwrap_or_else(|| role.clone()),
            _ => self
                .guide
                .declaration()
                .roles
                .keys()
                .filter_map(|role| names.get(role).cloned())
                .collect::<Vec<_>>()
                .join(" and "),
        }
    }

    /// The guide this session runs.
    pub fn guide(&self) -> &Guide {
        &self.guide
    }

    /// The partners' names and the seed.
    pub fn setup(&self) -> &Setup {
        &self.setup
    }

    /// A digest of the run's state where it waits: sessions with equal keys go on
    /// alike whatever answers led there (used to merge paths when exploring).
    pub fn state_key(&self) -> u64 {
        self.live.state_key()
    }

    /// The step the run is in.
    pub fn step(&self) -> String {
        self.live.state.borrow().step.clone()
    }

    /// The value the guide remembered under a key, if any.
    pub fn recall(&self, key: &str) -> Option<Dynamic> {
        self.live.state.borrow().memory.get(key).cloned()
    }

    /// The values the guide remembered, in the order they were first set.
    pub fn memory(&self) -> IndexMap<String, Dynamic> {
        self.live.state.borrow().memory.clone()
    }

    /// Gives the waiting prompt its answer and runs on to the next prompt or the end.
    pub fn answer(&mut self, value: Value) -> Result<(), Error> {
        let Status::Awaiting(prompt) = &self.status else {
            return Err(Error::new(
                ErrorKind::Answer,
                "no prompt is waiting for an answer",
            ));
        };
        if !prompt.accepts(&value) {
            return Err(Error::new(
                ErrorKind::Answer,
                format!("\"{value}\" does not answer \"{}\"", prompt.text),
            ));
        }
        let _current = self.live.make_current();
        let asked = self.interventions_for(prompt, &value);
        let asked = asked.into_iter().filter_map(|i| self.checked.admit(i));
        self.interventions.extend(asked.collect::<Vec<_>>());
        {
            let mut st = self.live.state.borrow_mut();
            // Given to the waiting prompt itself: there is no key to check it against
            // (`reload` reads the keys off the run when it needs them).
            st.answers.push(value);
        }
        // The step paused at this prompt goes on from there.
        match self.fiber.resume() {
            Some(stop) => self.settle(stop),
            // Nothing paused (cannot happen while a prompt waits): replay instead.
            None => {
                let st = self.live.state.borrow();
                let (answers, keys) = (st.answers.clone(), st.keys.clone());
                drop(st);
                self.rebuild(answers, keys);
            }
        }
        Ok(())
    }

    /// What the plugins ask the host to do after `value` is given to `prompt` (the
    /// break after a distressed answer, the safety check): what [`Session::answer`]
    /// asks them, and what tools that follow paths without answering live (`explore`)
    /// ask after the fact. A plugin's `on_answer` reads the prompt, the value and the
    /// guide's roles, so the answer is the same at any point of the run.
    pub(crate) fn interventions_for(&self, prompt: &Prompt, value: &Value) -> Vec<Intervention> {
        let _current = self.live.make_current();
        let run = crate::runtime::run::Run::default();
        self.guide
            .config()
            .plugins
            .iter()
            .filter_map(|plugin| plugin.on_answer(prompt, value, &run))
            .collect()
    }

    /// Asks the plugins again what to do after the last answer, as [`Session::answer`]
    /// asked them: for a host resuming a sitting that stopped before it had walked
    /// their offers to the end (a kill during a safety check), so that what they asked
    /// for is not lost with the sitting. Taken with [`Session::take_interventions`].
    pub fn ask_plugins_again(&mut self) {
        let last = {
            let st = self.live.state.borrow();
            st.last_asked.clone().zip(st.answers.last().cloned())
        };
        if let Some((prompt, value)) = last {
            self.interventions = self.interventions_for(&prompt, &value);
        }
    }

    /// What plugins asked the host to do after the last answer (drained).
    pub fn take_interventions(&mut self) -> Vec<Intervention> {
        std::mem::take(&mut self.interventions)
    }

    /// Checks what a partner typed against the waiting prompt, then answers with it.
    /// The error is a message for the partner, saying what is expected.
    pub fn answer_input(&mut self, input: &str) -> Result<Value, String> {
        let prompt = self.prompt().ok_or("no prompt is waiting for an answer")?;
        let value = prompt.parse(input)?;
        self.answer(value.clone()).map_err(|e| e.message)?;
        Ok(value)
    }

    /// Takes back the last answer. Returns it, or `None` when there is none.
    pub fn undo(&mut self) -> Option<Value> {
        let (mut answers, mut keys) = {
            let st = self.live.state.borrow();
            (st.answers.clone(), st.keys.clone())
        };
        let last = answers.pop()?;
        keys.truncate(answers.len());
        self.rebuild(answers, keys);
        Some(last)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // A paused step ends as an undo would end it, with its own run current.
        let _current = self.live.make_current();
        self.fiber.abandon();
    }
}

fn check_step(guide: &Guide, step: &str) -> Result<(), Error> {
    if guide.steps().iter().any(|(name, _)| name == step) {
        Ok(())
    } else {
        let names: Vec<String> = guide.steps().into_iter().map(|(n, _)| n).collect();
        Err(Error::new(
            ErrorKind::Input,
            format!(
                "there is no step named \"{step}\"; the steps are {}",
                names.join(", ")
            ),
        ))
    }
}
