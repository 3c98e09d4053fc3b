//! The state of one run of a guide, the handle plugins reach it through, and the loop
//! that drives its steps.
//!
//! A run is derived, never stored: it is rebuilt by running the guide against the
//! answers so far. A prompt with no answer left pauses its step where it stands (on the
//! run's fiber, see `fiber.rs`); the answer continues it.
//!
//! A compiled guide is shared by many runs (and threads), so the functions plugins
//! register cannot hold a run of their own: they reach, through [`Run`], the run being
//! driven on their thread right now. Fibers never nest, so there is exactly one.

use super::errors::coded_error;
use super::fiber::{PausePoint, Resume};
use super::memo::{Reads, StepMemo, entry_digest, value_digest};
use super::program::{Declaration, Program, StepDef};
use crate::audience::{Audience, RoleId};
use crate::code::Code;
use crate::couple::CoupleHistory;
use crate::error::{Error, ErrorKind, Limit, Location};
use crate::event::{Event, EventKind};
use crate::hash::stable_hasher;
use crate::prompt::Prompt;
use crate::value::Value;
use indexmap::IndexMap;
use rhai::{Dynamic, EvalAltResult, Position};
use std::cell::{Cell, RefCell};
use std::hash::{Hash, Hasher};
use std::rc::Rc;
use std::sync::Arc;

/// Why a step's evaluation stopped early.
#[derive(Debug)]
pub(crate) enum Signal {
    /// The run was thrown away while a prompt waited.
    Abandoned,
    Next {
        step: String,
        line: usize,
    },
    /// The closing line, and the line of the guide (or of a module) that finishes.
    Finish(String, usize, Option<String>),
    /// The guide went past a bound on what it may produce or keep (the message says which).
    TooMuch(String, Limit),
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
    /// The prompt waits for its answer.
    Awaiting(Prompt),
    /// The guide finished, with its closing line.
    Finished(String),
    /// A step failed.
    Failed(Error),
}

/// What a session keeps of the events its run produced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum History {
    /// Every event from the start: what transcripts, tools and tests read.
    #[default]
    Whole,
    /// The events since the last answer only, that answer's own first: what a host that
    /// shows events as they come needs. The events before it are dropped as each answer
    /// is taken (replayed or given), so the session's memory does not grow with them;
    /// the whole history is a replay away ([`crate::Session::replay_whole`]).
    SinceLastAnswer,
}

/// The state of a step at its entry: what seeds its randomness and names its state.
#[derive(Clone, Copy, Default)]
struct Checkpoint {
    /// The digest of what was remembered (`RunState::memory_digest`) on entry.
    memory: u64,
    /// The digest of what was agreed and reviewed (`RunState::ledger_digest`) on entry.
    ledger: u64,
    cursor: usize,
}

/// What a run holds when it enters a step: all a step's run depends on besides the
/// answers given in it (a step keeps its state in `remember`, never in variables from
/// before it). Kept only when asked (`keep_entry`): tools that explore restart
/// a run here instead of replaying every answer from the start.
#[derive(Debug, Clone, Default)]
pub(crate) struct Entry {
    pub(crate) step: String,
    /// The line of the `next` that entered it (`None` for the start).
    pub(crate) line: Option<usize>,
    memory: IndexMap<String, Dynamic>,
    withheld: Vec<(String, String)>,
    moves: usize,
    produced: Produced,
}

impl Entry {
    /// What was remembered when the step was entered.
    pub(crate) fn memory(&self) -> &IndexMap<String, Dynamic> {
        &self.memory
    }
}

/// The digest of the agreements and reviews so far, `before`, and one more, in order.
fn event_digest(before: u64, event: &Event) -> u64 {
    let mut h = stable_hasher();
    h.write_u64(before);
    h.write(format!("{:?}", event.kind).as_bytes());
    h.finish()
}

/// What a run produced since its last prompt: events, and the bytes of text they hold.
#[derive(Debug, Default, Clone, Copy)]
struct Produced {
    events: usize,
    text: usize,
}

/// The bytes of text an event carries.
fn text_size(kind: &EventKind) -> usize {
    match kind {
        EventKind::StepEntered { step } => step.len(),
        EventKind::Say { text }
        | EventKind::Agreement { text, .. }
        | EventKind::Finished { text } => text.len(),
        EventKind::Review { id, text, .. } => id.len() + text.len(),
        EventKind::Note { plugin, text } => plugin.len() + text.len(),
        EventKind::Prompt(prompt) => prompt.text.len(),
        EventKind::Answer { value, .. } => value.to_string().len(),
        EventKind::Break { .. } => 0,
        EventKind::Reveal { label, answers } => {
            label.len()
                + answers
                    .iter()
                    .map(|(r, v)| r.len() + v.to_string().len())
                    .sum::<usize>()
        }
    }
}

/// What a guide's top level declares while it runs, before there is a program.
#[derive(Default)]
pub(crate) struct Loading {
    pub(crate) declared: Option<Declaration>,
    pub(crate) steps: IndexMap<String, StepDef>,
}

#[derive(Default)]
pub(crate) struct RunState {
    /// The guide's file, as errors name it.
    pub(crate) file: String,
    /// Set while the guide's top level runs (loading); then `program` is not yet.
    pub(crate) loading: Option<Loading>,
    /// The compiled guide this run runs (every run of a session's has one).
    pub(crate) program: Option<Arc<Program>>,
    pub(crate) names: IndexMap<RoleId, String>,
    pub(crate) memory: IndexMap<String, Dynamic>,
    /// The couple's history the session was given (read-only).
    pub(crate) couple: Arc<CoupleHistory>,
    /// What this run agreed so far, in order: the wording and who committed (`None`:
    /// both), as shown.
    pub(crate) agreed: Vec<(String, Option<RoleId>)>,
    /// The ledger's agreements this run reviewed so far, by id.
    pub(crate) reviewed: Vec<String>,
    /// A digest of `agreed` and `reviewed`, which guides can read back.
    ledger_digest: u64,
    /// The wrapping sum of `entry_digest` over `memory`, kept as values are remembered,
    /// so that entering a step costs the same however much is remembered.
    memory_digest: u64,
    /// Bytes the remembered values take (keys and values as text), against the limit.
    memory_size: usize,
    /// What the guide produced since the last prompt, against the limits.
    produced: Produced,
    pub(crate) rng: Option<fastrand::Rng>,
    seed: u64,
    pub(crate) events: Vec<Event>,
    /// What of the events is kept.
    pub(crate) history: History,
    /// Events dropped from the front of `events` (under `History::SinceLastAnswer`): the
    /// place of `events[0]` among all the events of the run.
    pub(crate) dropped: usize,
    pub(crate) answers: Vec<Value>,
    /// The key of the prompt each answer was given to, where known (from a journal).
    pub(crate) keys: Vec<Option<String>>,
    pub(crate) set_aside: Vec<Value>,
    pub(crate) stale: Option<Stale>,
    /// Answers kept off the shared screen, each with what is shown in its place: no
    /// line both partners see may repeat them.
    withheld: Vec<(String, String)>,
    /// Who gave each answer taken and what the partners saw for it, where that is not
    /// its value (an option's words), by its place: what a reveal of the answer shows.
    pub(crate) shown: Vec<(Audience, Option<String>)>,
    /// The prompt the last answer taken was given to: what plugins are asked about
    /// again when a host resumes a sitting that stopped before it had acted on them.
    pub(crate) last_asked: Option<Prompt>,
    cursor: usize,
    /// Steps moved to since the last prompt, against a guide going round in circles.
    moves: usize,
    pub(crate) step: String,
    ordinal: usize,
    signal: Option<Signal>,
    checkpoint: Checkpoint,
    /// Whether to keep `entry` (explore asks for it).
    pub(crate) keep_entry: bool,
    /// What the run held when it entered the step it is in, when kept.
    pub(crate) entry: Option<std::sync::Arc<Entry>>,
    /// Failures of steps before their first prompt, shared by the runs of one explorer's
    /// worker: a step entered with the same reads fails at once ([`StepMemo`]).
    pub(crate) memo: Option<Rc<RefCell<StepMemo>>>,
    /// What the step read since it was entered, while a memo is kept and it has not
    /// asked anything yet.
    reads: Option<Reads>,
}

impl RunState {
    /// The step read something that depends on every remembered value (or on what the
    /// run made so far: agreements and reviews), so a failure of it is not memoised.
    pub(crate) fn read_all(&mut self) {
        if let Some(reads) = &mut self.reads {
            reads.all = true;
        }
    }

    /// What the run held when it entered the step it is in (when kept), and the answers
    /// given in the step since.
    pub(crate) fn entered(&self) -> Option<(std::sync::Arc<Entry>, Vec<Value>)> {
        let entry = self.entry.clone()?;
        let since = self.checkpoint.cursor.min(self.answers.len());
        Some((entry, self.answers[since..].to_vec()))
    }

    /// The message of a bound the guide went past, if that is what stopped it.
    pub(crate) fn too_much_said(&self) -> Option<String> {
        match &self.signal {
            Some(Signal::TooMuch(message, _)) => Some(message.clone()),
            _ => None,
        }
    }

    /// What the guide declares: being declared while it loads, or the program's.
    pub(crate) fn declaration(&self) -> Option<&Declaration> {
        match (&self.program, &self.loading) {
            (Some(program), _) => Some(&program.declaration),
            (None, Some(loading)) => loading.declared.as_ref(),
            (None, None) => None,
        }
    }

    /// Moves past the answer at the cursor, given to `prompt`: the answer's event and
    /// the value the guide sees. A private answer a plugin withholds is never repeated
    /// on a line both see, a reveal included. An answer typed at an open prompt was on
    /// the screen as it was typed, so it is shown as it was: pretending otherwise in the
    /// transcript would be untrue, and a mirroring exercise needs the words.
    fn take_answer(&mut self, prompt: &Prompt, value: Value) -> (Event, Dynamic) {
        mark_memory();
        self.cursor += 1;
        self.last_asked = Some(prompt.clone());
        let to = prompt.to.clone();
        let withhold = prompt.private
            && matches!(to, Audience::Partner(_))
            && self
                .program
                .as_ref()
                .is_some_and(|p| (p.withhold)(prompt, &value));
        let shown = prompt.shown(&value);
        if withhold {
            // In its place, what a pass at this prompt shows: a reveal of a withheld
            // answer looks like one of a partner who passed, not like an alarm.
            let instead = prompt
                .shown(&Value::None)
                .unwrap_or_else(|| crate::value::NO_ANSWER.to_string());
            self.withheld.push((value.to_string(), instead.clone()));
            self.withheld
                .extend(shown.clone().map(|shown| (shown, instead.clone())));
        }
        let seen_by = if prompt.private {
            to.clone()
        } else {
            Audience::Both
        };
        let mut dynamic = value.to_dynamic();
        // Tagged with its place among the answers, so a `reveal` of it shows what the
        // partner saw (an option's words, not its key).
        if let Ok(tag) = i32::try_from(self.cursor) {
            dynamic.set_tag(tag);
        }
        self.shown.push((to.clone(), shown.clone()));
        let event = Event {
            to: Audience::Journal,
            seen_by,
            kind: EventKind::Answer {
                by: to,
                value,
                private: prompt.private,
                shown,
            },
            // Shown where its prompt is.
            line: Some(prompt.line),
            module: None,
        };
        (event, dynamic)
    }
}

/// One run: its state, and where its steps pause. Owned by its session (or by a guide
/// while it loads); reached by plugins' functions through [`Run`] while it is driven.
#[derive(Default)]
pub(crate) struct Live {
    pub(crate) state: RefCell<RunState>,
    /// Where `ask` pauses the step while its prompt waits for the host.
    pub(crate) pause: PausePoint,
}

thread_local! {
    /// The run being driven on this thread (`Live::make_current`).
    static CURRENT: RefCell<Option<Rc<Live>>> = const { RefCell::new(None) };
    /// Set while a signal is pending, so that `on_progress` stops the script at its very
    /// next operation even if a `try`/`catch` caught the first termination. Only the
    /// run being driven evaluates, so one flag per thread is enough.
    static SIGNALLED: Cell<bool> = const { Cell::new(false) };
}

/// How much memory the process holds, as the host's counting allocator says (see
/// [`set_memory_meter`]); none by default.
static METER: std::sync::OnceLock<fn() -> usize> = std::sync::OnceLock::new();

thread_local! {
    /// What the meter read at the last prompt (or when the run or the guide's top level
    /// began): the memory a guide gains between two prompts is counted from here.
    static MARK: Cell<usize> = const { Cell::new(0) };
}

/// Lets the engine read how much memory the process holds (a counting global
/// allocator's figure, the host's to install), so that a guide that takes more than
/// `Limits::memory_between_prompts` between two prompts is stopped with an error naming
/// its step. The first meter set stays. Without one, that bound is not enforced (the
/// others are: text, lists, events, remembered values).
pub fn set_memory_meter(meter: fn() -> usize) {
    let _ = METER.set(meter);
}

/// Marks the start of a stretch between prompts.
pub(crate) fn mark_memory() {
    if let Some(meter) = METER.get() {
        MARK.with(|m| m.set(meter()));
    }
}

/// The memory gained since the mark.
pub(crate) fn memory_gained() -> usize {
    METER
        .get()
        .map_or(0, |meter| meter().saturating_sub(MARK.with(Cell::get)))
}

/// Whether the run being driven has a signal pending (read by `on_progress`).
pub(crate) fn signalled() -> bool {
    SIGNALLED.with(Cell::get)
}

pub(crate) fn set_signalled(on: bool) {
    SIGNALLED.with(|s| s.set(on));
}

/// Keeps a run the one [`Run`] reaches on this thread; the one before comes back on drop.
pub(crate) struct Driving(Option<Rc<Live>>);

impl Drop for Driving {
    fn drop(&mut self) {
        let before = self.0.take();
        CURRENT.with(|c| *c.borrow_mut() = before);
    }
}

impl Live {
    /// A run of `program` for a session.
    pub(crate) fn new(program: Arc<Program>) -> Rc<Live> {
        Rc::new(Live {
            state: RefCell::new(RunState {
                file: program.file.clone(),
                program: Some(program),
                ..RunState::default()
            }),
            pause: PausePoint::default(),
        })
    }

    /// Makes this the run that plugins' functions reach, until the guard is dropped.
    pub(crate) fn make_current(self: &Rc<Live>) -> Driving {
        Driving(CURRENT.with(|c| c.replace(Some(self.clone()))))
    }
}

/// The run being driven on this thread, as the functions plugins register reach it.
///
/// Plugins keep a copy in their closures and use it to read and add to the run. It is
/// a plain token: a compiled guide is shared by many runs, and each call goes to the
/// one whose step (or plugin hook) is running now. With no run being driven, reads give
/// nothing and writes are dropped.
#[derive(Debug, Clone, Default)]
pub struct Run {
    _token: (),
}

/// The error that stops a step's evaluation; Rhai's `try`/`catch` cannot catch it.
fn stop() -> Box<EvalAltResult> {
    EvalAltResult::ErrorTerminated(Dynamic::UNIT, Position::NONE).into()
}

impl Run {
    /// The run being driven, if any.
    fn live(&self) -> Option<Rc<Live>> {
        CURRENT.with(|c| c.borrow().clone())
    }

    /// Reads or changes the state of the run being driven (`None` with no run).
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut RunState) -> R) -> Option<R> {
        CURRENT.with(|c| {
            c.borrow()
                .as_ref()
                .map(|live| f(&mut live.state.borrow_mut()))
        })
    }

    /// Whether the guide's top level is running (no step yet).
    pub(crate) fn loading(&self) -> bool {
        self.with(|st| st.loading.is_some()).unwrap_or(false)
    }

    fn signal(&self, signal: Signal) -> Box<EvalAltResult> {
        self.with(|st| st.signal = Some(signal));
        set_signalled(true);
        stop()
    }

    /// Adds an event to the run. Text for both partners never repeats a withheld answer.
    pub fn emit(&self, event: Event) {
        self.with(|st| st.emit(event));
    }

    /// A line for one partner only.
    pub fn say_to(&self, role: &str, text: impl Into<String>) {
        let to = Audience::Partner(role.to_string());
        self.emit(Event {
            kind: EventKind::Say { text: text.into() },
            to: to.clone(),
            seen_by: to,
            line: None,
            module: None,
        });
    }

    /// Adds a narrator line for both partners.
    pub fn say(&self, text: impl Into<String>) {
        self.emit(Event::public(EventKind::Say { text: text.into() }));
    }

    /// The partner's name for a role (empty while the guide is loading).
    pub fn name_of(&self, role: &str) -> String {
        self.with(|st| st.names.get(role).cloned())
            .flatten()
            .unwrap_or_default()
    }

    /// The roles declared by the guide, in order.
    pub fn roles(&self) -> Vec<RoleId> {
        self.with(|st| {
            st.declaration()
                .map(|d| d.roles.keys().cloned().collect())
                .unwrap_or_default()
        })
        .unwrap_or_default()
    }

    /// Whether `name` is one of the roles the guide declares.
    pub fn is_role(&self, name: &str) -> bool {
        self.with(|st| st.declaration().is_some_and(|d| d.roles.contains_key(name)))
            .unwrap_or(false)
    }

    /// The step being run.
    pub fn step(&self) -> String {
        self.with(|st| st.step.clone()).unwrap_or_default()
    }

    /// Keeps a value under a key for later steps (a copy: later changes do not reach it).
    pub fn remember(&self, key: &str, value: Dynamic) {
        self.with(|st| {
            st.read_all();
            st.remember(key, value.flatten_clone())
        });
    }

    /// The value remembered under a key, if any.
    pub fn recall(&self, key: &str) -> Option<Dynamic> {
        self.with(|st| {
            let value = st.memory.get(key).cloned();
            // A key read again gives the same value (a `remember` in between reads all).
            if let Some(reads) = &mut st.reads
                && !reads.keys.iter().any(|(k, _)| k == key)
            {
                let digest = value.as_ref().map_or(0, |v| value_digest(key, v));
                reads.keys.push((key.to_string(), digest));
            }
            value
        })
        .flatten()
    }

    /// The remembered values, in the order they were first set.
    pub fn memory(&self) -> IndexMap<String, Dynamic> {
        self.with(|st| {
            st.read_all();
            st.memory.clone()
        })
        .unwrap_or_default()
    }

    /// A number from the session's seeded generator, in `min..=max`.
    pub fn random(&self, min: i64, max: i64) -> i64 {
        self.with(|st| {
            st.read_all();
            st.random(min, max)
        })
        .unwrap_or(min)
    }

    /// Asks one prompt: returns its answer (as the guide sees it), the recorded one if
    /// there is one, or else the one the host gives while the step is paused here.
    pub fn ask(&self, prompt: Prompt) -> Result<Dynamic, Box<EvalAltResult>> {
        match self.live() {
            Some(live) => live.ask(prompt),
            None => Err(coded_error(
                Code::OutsideStep,
                "prompts can only be used inside a step",
            )),
        }
    }

    /// Ends the current step and moves to another.
    pub fn move_to(&self, step: &str, line: usize) -> Box<EvalAltResult> {
        self.signal(Signal::Next {
            step: step.to_string(),
            line,
        })
    }

    /// Where a call that shows something is made: its line, and the module it is written
    /// in when that is not the guide itself (for [`Event::at`]).
    pub fn place(&self, ctx: &rhai::NativeCallContext) -> (usize, Option<String>) {
        let module = ctx
            .call_source()
            .filter(|source| self.with(|st| st.file != *source).unwrap_or(false))
            .map(str::to_string);
        (ctx.call_position().line().unwrap_or(1), module)
    }

    /// Ends the guide with a closing line, at `line` of the guide (or of `module`).
    pub fn finish(&self, text: &str, line: usize, module: Option<String>) -> Box<EvalAltResult> {
        self.signal(Signal::Finish(text.to_string(), line, module))
    }
}

impl RunState {
    /// Adds an event. Text for both partners never repeats a withheld answer.
    pub(crate) fn emit(&mut self, mut event: Event) {
        if event.seen_by == Audience::Both && !self.withheld.is_empty() {
            redact(&mut event.kind, &self.withheld);
        }
        self.produced.events += 1;
        self.produced.text += text_size(&event.kind);
        if let Some(limits) = self.program.as_ref().map(|p| &p.limits) {
            let (events, text) = (limits.events_between_prompts, limits.text_between_prompts);
            if self.produced.events > events {
                self.too_much(
                    format!(
                        "this step said more than {} things without asking anything; is there a loop that never ends?",
                        crate::event::grouped(events)
                    ),
                    Limit::Said,
                );
                return;
            }
            if self.produced.text > text {
                self.too_much(
                    format!(
                        "this step produced more than {} MiB of text without asking anything; is there a loop that never ends?",
                        text / (1024 * 1024)
                    ),
                    Limit::Said,
                );
                return;
            }
        }
        // What guides read back of this run's agreements is what was shown.
        match &event.kind {
            EventKind::Agreement { text, by } => {
                self.agreed.push((text.clone(), by.clone()));
                self.ledger_digest = event_digest(self.ledger_digest, &event);
            }
            EventKind::Review { id, .. } => {
                self.reviewed.push(id.clone());
                self.ledger_digest = event_digest(self.ledger_digest, &event);
            }
            _ => {}
        }
        self.events.push(event);
    }

    /// Adds an answer's event. A run that keeps only recent events forgets the ones
    /// before it first: the host has shown them and plugins have observed them (on a
    /// replay, they were shown and observed when the answers were first given).
    fn push_answer(&mut self, answer: Event) {
        if self.history == History::SinceLastAnswer {
            self.forget_before(self.events.len());
        }
        self.events.push(answer);
    }

    /// Drops the first `count` events kept.
    pub(crate) fn forget_before(&mut self, count: usize) {
        self.events.drain(..count);
        self.dropped += count;
    }

    /// Stops the step at its next operation: it went past a bound (the first one wins).
    pub(crate) fn too_much(&mut self, message: String, limit: Limit) {
        if self.signal.is_none() {
            self.signal = Some(Signal::TooMuch(message, limit));
        }
        set_signalled(true);
    }

    fn remember(&mut self, key: &str, value: Dynamic) {
        let (added, added_size) = entry_digest(key, &value);
        let limit = self
            .program
            .as_ref()
            .map_or(usize::MAX, |p| p.limits.memory_size);
        let (removed, removed_size) = self
            .memory
            .get(key)
            .map_or((0, 0), |old| entry_digest(key, old));
        if self.memory_size - removed_size + added_size > limit {
            self.too_much(
                format!(
                    "the guide remembered more than {} MiB of values; remember less",
                    limit / (1024 * 1024)
                ),
                Limit::DataSize,
            );
            return;
        }
        self.memory.insert(key.to_string(), value);
        self.memory_digest = self.memory_digest.wrapping_sub(removed).wrapping_add(added);
        self.memory_size = self.memory_size - removed_size + added_size;
    }

    fn random(&mut self, min: i64, max: i64) -> i64 {
        let st = self;
        if st.rng.is_none() {
            // Each step's randomness comes from the session's seed, the step and what
            // was remembered when it was entered: replayable, and the same state always
            // draws the same numbers (so tools that explore can merge paths that meet).
            // Seeded on first use, since most steps draw nothing.
            let mut h = stable_hasher();
            h.write_u64(st.seed);
            h.write(st.step.as_bytes());
            h.write_u8(0);
            h.write_u64(st.checkpoint.memory);
            st.rng = Some(fastrand::Rng::with_seed(h.finish()));
        }
        st.rng.as_mut().expect("seeded above").i64(min..=max)
    }
}

impl Live {
    fn signal(&self, signal: Signal) -> Box<EvalAltResult> {
        self.state.borrow_mut().signal = Some(signal);
        set_signalled(true);
        stop()
    }

    /// Asks one prompt: see [`Run::ask`].
    fn ask(&self, mut prompt: Prompt) -> Result<Dynamic, Box<EvalAltResult>> {
        let mut st = self.state.borrow_mut();
        // Loading the guide, or a plugin's hook on the host's side: no step to pause.
        if st.loading.is_some() || !self.pause.in_step() {
            drop(st);
            return Err(coded_error(
                Code::OutsideStep,
                "prompts can only be used inside a step",
            ));
        }
        if signalled() {
            // Abandoned, and a `catch` tried to go on: no more prompts.
            drop(st);
            return Err(stop());
        }
        st.moves = 0;
        st.produced = Produced::default();
        st.reads = None;
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
            line: Some(prompt.line),
            module: None,
            kind: EventKind::Prompt(prompt),
        };
        if let Some(value) = st.answers.get(st.cursor).cloned() {
            let expected = st.keys.get(st.cursor).cloned().flatten();
            let question_changed = expected.is_some_and(|key| !prompt.fits_key(&key));
            if !question_changed && prompt.accepts(&value) {
                let (answer, dynamic) = st.take_answer(&prompt, value);
                st.events.push(asked(prompt));
                st.push_answer(answer);
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
                        st.push_answer(answer);
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

    /// Forgets everything derived, keeping the program: a run from the start with these
    /// names, seed and answers.
    pub(crate) fn reset(
        &self,
        names: IndexMap<RoleId, String>,
        seed: u64,
        couple: Arc<CoupleHistory>,
        answers: Vec<Value>,
        keys: Vec<Option<String>>,
    ) {
        let mut st = self.state.borrow_mut();
        let kept = RunState {
            file: std::mem::take(&mut st.file),
            program: st.program.take(),
            history: st.history,
            keep_entry: st.keep_entry,
            memo: st.memo.take(),
            names,
            couple,
            rng: None,
            seed,
            answers,
            keys,
            ..RunState::default()
        };
        *st = kept;
    }

    /// Enters `step`, moved to by the `next` at `line` (`None` for the start).
    pub(crate) fn enter(&self, step: &str, line: Option<usize>) {
        let mut st = self.state.borrow_mut();
        st.step = step.to_string();
        st.events.push(Event {
            kind: EventKind::StepEntered {
                step: step.to_string(),
            },
            to: Audience::Journal,
            seen_by: Audience::Journal,
            line,
            module: None,
        });
        st.rng = None;
        st.checkpoint = Checkpoint {
            memory: st.memory_digest,
            ledger: st.ledger_digest,
            cursor: st.cursor,
        };
        if st.keep_entry {
            st.entry = Some(std::sync::Arc::new(Entry {
                step: step.to_string(),
                line,
                memory: st.memory.clone(),
                withheld: st.withheld.clone(),
                moves: st.moves,
                produced: st.produced,
            }));
        }
    }

    /// Puts back what a run held when it entered a step (after `reset`, before `enter`).
    pub(crate) fn restore(&self, entry: &Entry) {
        let mut st = self.state.borrow_mut();
        for (key, value) in &entry.memory {
            st.remember(key, value.clone());
        }
        st.withheld = entry.withheld.clone();
        st.moves = entry.moves;
        st.produced = entry.produced;
    }

    fn step(&self) -> String {
        self.state.borrow().step.clone()
    }

    /// A digest of where the run is: the step, what was remembered, agreed and reviewed
    /// when it was entered, and the answers given in it since. Two runs with the same
    /// key go on alike (the couple's history is the same for every run of a session).
    pub(crate) fn state_key(&self) -> u64 {
        let st = self.state.borrow();
        let mut h = stable_hasher();
        (
            &st.step,
            st.checkpoint.memory,
            st.checkpoint.ledger,
            &st.answers[st.checkpoint.cursor.min(st.answers.len())..],
        )
            .hash(&mut h);
        h.finish()
    }

    /// The failure the memo knows for the step about to run; starts keeping what the step
    /// reads otherwise (see `memo.rs`).
    fn memo_lookup(&self) -> Option<Status> {
        let mut st = self.state.borrow_mut();
        let memo = st.memo.clone()?;
        let counters = (st.produced.events, st.produced.text, st.moves);
        if let Some(error) = memo.borrow().lookup(&st.step, &st.memory, counters) {
            return Some(Status::Failed(error));
        }
        st.reads = Some(Reads {
            counters,
            ..Reads::default()
        });
        None
    }

    /// Keeps a failure met before the step asked anything in the memo, if there is one.
    fn memo_record(&self, status: Status) -> Status {
        let mut st = self.state.borrow_mut();
        if let (Status::Failed(error), Some(reads), Some(memo)) =
            (&status, st.reads.take(), st.memo.clone())
        {
            memo.borrow_mut().record(&st.step, reads, error.clone());
        }
        status
    }

    /// Runs steps from the current one until a prompt waits, the guide finishes, or
    /// something fails.
    pub(crate) fn drive(&self, program: &Program) -> Status {
        mark_memory();
        let (engine, ast) = (&program.engine, &program.ast);
        let max_moves = program.limits.moves_between_prompts;
        'steps: loop {
            let func = {
                let mut st = self.state.borrow_mut();
                st.ordinal = 0;
                st.signal = None;
                match program.steps.get(&st.step) {
                    Some(def) => def.func.clone(),
                    None => {
                        return Status::Failed(Error::new(
                            ErrorKind::Declaration,
                            format!("there is no step named \"{}\"", st.step),
                        ));
                    }
                }
            };
            if let Some(status) = self.memo_lookup() {
                return status;
            }
            set_signalled(false);
            let result = func.call::<Dynamic>(engine, ast, ());
            let signal = self.state.borrow_mut().signal.take();
            set_signalled(false);
            let status = 'step: {
                match (signal, result) {
                    (Some(Signal::Abandoned), _) => {
                        break 'step Status::Failed(Error::new(
                            ErrorKind::Runtime,
                            "the run was abandoned",
                        ));
                    }
                    (Some(Signal::TooMuch(message, limit)), _) => {
                        let step = self.step();
                        let (file, line) = {
                            let st = self.state.borrow();
                            (
                                st.file.clone(),
                                program.steps.get(&step).map_or(1, |d| d.line),
                            )
                        };
                        break 'step Status::Failed(
                            Error::new(ErrorKind::Runaway, message)
                                .with_limit(limit)
                                .at(Some(Location {
                                    file,
                                    line,
                                    column: 1,
                                }))
                                .in_step(&step),
                        );
                    }
                    (Some(Signal::Finish(text, line, module)), _) => {
                        let finished = Event::public(EventKind::Finished { text: text.clone() })
                            .at((line, module));
                        self.state.borrow_mut().emit(finished);
                        break 'step Status::Finished(text);
                    }
                    (Some(Signal::Next { step: to, line }), _) => {
                        if !program.steps.contains_key(&to) {
                            let step = self.step();
                            let file = self.state.borrow().file.clone();
                            break 'step Status::Failed(
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
                            break 'step Status::Failed(
                                Error::new(
                                    ErrorKind::Runaway,
                                    format!(
                                        "the guide moved {} times without asking anything; \
                                         do some steps send each other round in a circle?",
                                        crate::event::grouped(max_moves)
                                    ),
                                )
                                .with_limit(Limit::Moves)
                                .in_step(&step),
                            );
                        }
                        self.enter(&to, Some(line));
                    }
                    (None, Ok(_)) => {
                        let step = self.step();
                        let (file, line) = {
                            let st = self.state.borrow();
                            (st.file.clone(), program.steps[&step].line)
                        };
                        break 'step Status::Failed(
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
                            (st.file.clone(), program.steps[&step].line)
                        };
                        let roles: Vec<String> =
                            program.declaration.roles.keys().cloned().collect();
                        let mut error = super::errors::run_error(
                            &file,
                            *err,
                            &program.engine,
                            &program.ast,
                            &roles,
                        )
                        .in_step(&step);
                        // Rhai moves a limit error's position to the call site, which for a
                        // step is the engine itself: point at the step instead.
                        if error.location.is_none() {
                            error.location = Some(Location {
                                file,
                                line,
                                column: 1,
                            });
                        }
                        break 'step Status::Failed(error);
                    }
                };
                continue 'steps;
            };
            return self.memo_record(status);
        }
    }
}

/// Replaces every withheld answer in text meant for both partners by what is shown in
/// its place.
fn redact(kind: &mut EventKind, withheld: &[(String, String)]) {
    let clean = |text: &mut String| {
        for (w, instead) in withheld {
            if !w.is_empty() && text.contains(w.as_str()) {
                *text = text.replace(w.as_str(), instead);
            }
        }
    };
    match kind {
        EventKind::Say { text }
        | EventKind::Agreement { text, .. }
        | EventKind::Review { text, .. }
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
