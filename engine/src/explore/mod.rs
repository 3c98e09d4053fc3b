//! Exploring a guide down every path, for authors.
//!
//! At each prompt the explorer forks on every answer: each option, yes and no, each scale
//! value, the author's example texts (or one placeholder). The guide runs for real, so
//! conditions are evaluated as they would be for a couple. Paths that reach the same
//! state ([`Session::state_key`]) are followed once, so scale values that lead to the
//! same place merge. The [`Exploration`] says what was covered, per prompt and per
//! partner; which answers lead to an error; where a couple could get stuck with no way
//! to a finish; and how the steps connect (for a picture of the flow).
//!
//! Every path is played by [`Session::replay`] of its answers on worker threads, each with
//! its own [`Guide`] (a guide is not `Send`). Exploration goes breadth first, one depth at
//! a time, and merges the workers' results in a fixed order: the report is the same
//! whatever the number of threads. With [`Options::random`], seeded random playthroughs
//! that prefer the least-taken answers replace the exhaustive search.

use crate::{
    Audience, Config, Error, Event, EventKind, Guide, Prompt, PromptKind, Session, Setup, Source,
    Status, Value,
};
use indexmap::{IndexMap, IndexSet};
use serde::Serialize;
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Condvar, Mutex, mpsc};

/// The free-text answer tried when a prompt gives no examples.
pub const PLACEHOLDER: &str = "(an answer)";

/// Random playthroughs handed out at once. Fixed, so that a seed gives the same
/// playthroughs whatever the number of threads.
const PLAY_BATCH: usize = 16;

/// Longest edge label, in characters.
const LABEL_WIDTH: usize = 48;

/// The answers an explorer tries at a prompt: every option, yes and no, every scale
/// value, the prompt's example texts (or [`PLACEHOLDER`] when it has none).
pub fn answers_to(prompt: &Prompt) -> Vec<Value> {
    match &prompt.kind {
        PromptKind::Text => {
            let examples: IndexSet<Value> = prompt
                .examples
                .iter()
                .map(|e| Value::Text(e.trim().to_string()))
                .filter(|v| prompt.accepts(v))
                .collect();
            if examples.is_empty() {
                vec![Value::Text(PLACEHOLDER.to_string())]
            } else {
                examples.into_iter().collect()
            }
        }
        PromptKind::Choice { options } => options.iter().cloned().map(Value::Text).collect(),
        PromptKind::Scale { min, max } => (*min..=*max).map(Value::Number).collect(),
        PromptKind::YesNo => vec![Value::Bool(true), Value::Bool(false)],
    }
}

/// An answer as a partner would type it, so that a line of an answers file gives back
/// exactly `value`: an option's text (its number when the text reads as a number), `yes`
/// or `no`, a whole number, or the text.
pub fn answer_line(prompt: &Prompt, value: &Value) -> String {
    if let (PromptKind::Choice { options }, Value::Text(text)) = (&prompt.kind, value) {
        if prompt.parse(text).as_ref() != Ok(value) {
            if let Some(i) = options.iter().position(|o| o == text) {
                return (i + 1).to_string();
            }
        }
    }
    value.to_string()
}

/// How far to explore, and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// Most paths to play (each one answer sequence, replayed from the start).
    pub max_paths: usize,
    /// Most answers on one path.
    pub max_depth: usize,
    /// Random playthroughs instead of the exhaustive search.
    pub random: Option<usize>,
    /// Seeds the random playthroughs' choices.
    pub seed: u64,
    /// Worker threads; 0 uses every core.
    pub threads: usize,
    /// Keep every path explored in [`Exploration::walked`] (for transcripts).
    pub keep_paths: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            max_paths: 200_000,
            max_depth: 100,
            random: None,
            seed: 0,
            threads: 0,
            keep_paths: false,
        }
    }
}

/// How far an exploration has got, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Paths played so far.
    pub runs: usize,
    /// Distinct states found so far.
    pub states: usize,
    /// Paths played plus those waiting to be played (it grows as states are found).
    pub planned: usize,
}

/// What an exploration found.
#[derive(Debug, Clone, Serialize)]
pub struct Exploration {
    /// The guide's title and file.
    pub title: String,
    pub file: String,
    /// The partners' names and the session seed the paths were played with.
    pub names: IndexMap<String, String>,
    pub seed: u64,
    /// The number of random playthroughs, or `None` for the exhaustive search.
    pub random: Option<usize>,
    /// Paths played: each an answer sequence replayed from the start.
    pub runs: usize,
    /// Distinct states (step, remembered values, answers in the step) found waiting.
    pub states: usize,
    /// Paths that reached a state already explored, and stopped there.
    pub joined: usize,
    /// Paths that reached the guide's end.
    pub finished: usize,
    /// Paths that ended in an error.
    pub failed: usize,
    /// Set when `max_paths` or `max_depth` stopped the search short.
    pub cut: Option<Cut>,
    pub steps: Vec<StepCoverage>,
    pub prompts: Vec<PromptCoverage>,
    pub partners: Vec<PartnerCoverage>,
    /// Each distinct error, with the first answers found that reach it.
    pub errors: Vec<ErrorPath>,
    /// Steps with states from which no finish can be reached.
    pub stuck: Vec<StuckStep>,
    /// Loops of states with no way out to a finish.
    pub loops: Vec<Loop>,
    /// Moves between steps, labelled with the answers that lead along them.
    pub moves: Vec<Move>,
    /// Where the guide finishes: one per step that calls `finish`.
    pub ends: Vec<End>,
    /// Every path played, when [`Options::keep_paths`] asked for them.
    #[serde(skip)]
    pub walked: Vec<Walked>,
}

/// How the search was cut short.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Cut {
    pub max_paths: usize,
    pub max_depth: usize,
    /// Answer sequences left untried when `max_paths` was reached.
    pub untried: usize,
    /// States not followed further because their path had `max_depth` answers.
    pub too_deep: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepCoverage {
    pub step: String,
    pub line: usize,
    pub reached: bool,
    /// Distinct states found waiting in this step.
    pub states: usize,
    /// Of those, states from which no finish can be reached.
    pub stuck: usize,
    /// Distinct errors raised in this step.
    pub errors: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PromptCoverage {
    /// The prompt's key (step, place, a hash of what it asks), as journals record it.
    pub key: String,
    pub step: String,
    pub ordinal: usize,
    pub line: usize,
    pub to: Audience,
    /// Whose turn it is, by name.
    pub who: String,
    pub text: String,
    #[serde(flatten)]
    pub kind: PromptKind,
    pub answers: Vec<AnswerCoverage>,
    /// Most distinct places its answers led to from one state (scale values that lead to
    /// the same state count once).
    pub outcomes: usize,
}

impl PromptCoverage {
    pub fn tried(&self) -> usize {
        self.answers.iter().filter(|a| a.tried).count()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AnswerCoverage {
    pub value: Value,
    pub tried: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartnerCoverage {
    /// A name, or the names of both for prompts answered together.
    pub who: String,
    /// The role, or `None` for prompts answered together.
    pub role: Option<String>,
    pub prompts: usize,
    pub answers: usize,
    pub tried: usize,
}

/// One answer on a path, with the prompt it answered.
#[derive(Debug, Clone, Serialize)]
pub struct Answered {
    pub step: String,
    pub to: Audience,
    pub who: String,
    pub prompt: String,
    pub value: Value,
    /// The answer as typed, one line of an answers file.
    pub line: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ErrorPath {
    /// The error as the engine reports it (file, line, step, message).
    pub error: String,
    /// Its message alone.
    pub message: String,
    pub kind: String,
    pub step: Option<String>,
    pub line: Option<usize>,
    /// How many paths reached it.
    pub paths: usize,
    /// The first answers found that reach it (the fewest, as the search is breadth first).
    pub answers: Vec<Answered>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StuckStep {
    pub step: String,
    /// States of this step from which no finish can be reached ...
    pub states: usize,
    /// ... of all its states found.
    pub of: usize,
    /// Whether some of them are in a loop with no way out (otherwise every way on from
    /// them ends in an error).
    pub in_loop: bool,
    /// Answers that reach one of them.
    pub answers: Vec<Answered>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Loop {
    /// The steps the loop goes round, in the order first found.
    pub steps: Vec<String>,
    pub states: usize,
    /// Answers that lead into it.
    pub answers: Vec<Answered>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "index")]
pub enum Target {
    Step(String),
    /// An index into [`Exploration::ends`].
    End(usize),
    /// An index into [`Exploration::errors`].
    Error(usize),
}

#[derive(Debug, Clone, Serialize)]
pub struct Move {
    /// The step moved from; `None` for the start.
    pub from: Option<String>,
    pub to: Target,
    /// A short summary of the answers given in `from` that lead here (empty when any do).
    pub label: String,
    /// How many times a path made this move.
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct End {
    /// The step that finishes.
    pub step: String,
    /// Its closing line, as first reached.
    pub text: String,
    /// Distinct closing lines reached there (they may name answers).
    pub texts: usize,
    pub paths: usize,
}

/// One path played, and how it ended.
#[derive(Debug, Clone)]
pub struct Walked {
    pub answers: Vec<Value>,
    pub end: WalkEnd,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WalkEnd {
    Finished,
    Failed,
    /// Reached a state already explored.
    Joined,
    /// Stopped by `max_depth`.
    Cut,
}

impl Exploration {
    /// Whether every path was followed to its end (nothing cut the search).
    pub fn complete(&self) -> bool {
        self.cut.is_none()
    }

    /// Whether every step was reached and every answer of every prompt reached was tried.
    pub fn full_coverage(&self) -> bool {
        self.steps.iter().all(|s| s.reached)
            && self
                .prompts
                .iter()
                .all(|p| p.answers.iter().all(|a| a.tried))
    }

    /// Whether a couple can hit an error or get stuck.
    pub fn has_problems(&self) -> bool {
        !self.errors.is_empty() || !self.stuck.is_empty() || !self.loops.is_empty()
    }

    /// Paths followed to where they stop: the end, an error, a state already explored,
    /// or the depth limit.
    pub fn paths(&self) -> usize {
        match self.random {
            Some(n) => n,
            None => self.finished + self.failed + self.joined + self.cut_paths(),
        }
    }

    fn cut_paths(&self) -> usize {
        self.cut.as_ref().map_or(0, |c| c.too_deep)
    }
}

type ProgressFn<'a> = Box<dyn Fn(&Progress) + 'a>;

/// Explores a guide. The host chooses the plugins (`config` is called once per thread)
/// and may watch the progress.
pub struct Explorer<'a> {
    source: Source,
    setup: Setup,
    options: Options,
    config: Box<dyn Fn() -> Config + Sync + 'a>,
    progress: Option<ProgressFn<'a>>,
}

impl<'a> Explorer<'a> {
    pub fn new(source: Source, setup: Setup) -> Explorer<'a> {
        Explorer {
            source,
            setup,
            options: Options::default(),
            config: Box::new(Config::default),
            progress: None,
        }
    }

    pub fn options(mut self, options: Options) -> Explorer<'a> {
        self.options = options;
        self
    }

    /// The configuration each worker loads the guide with (default: [`Config::default`]).
    pub fn config(mut self, config: impl Fn() -> Config + Sync + 'a) -> Explorer<'a> {
        self.config = Box::new(config);
        self
    }

    /// Called now and then on the calling thread with how far the search has got.
    pub fn on_progress(mut self, progress: impl Fn(&Progress) + 'a) -> Explorer<'a> {
        self.progress = Some(Box::new(progress));
        self
    }

    /// Runs the exploration. Fails only when the guide does not load or the names do
    /// not fit it; errors on a path are part of the result.
    pub fn run(self) -> Result<Exploration, Error> {
        let guide = Guide::load(self.source.clone(), (self.config)())?;
        let root = Session::start(guide, self.setup.clone())?;
        let root_outcome = observe(&root);
        let guide = root.into_guide();
        let threads = match self.options.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        };
        let queue = Queue::default();
        let (tx, rx) = mpsc::channel::<Msg>();
        let mut graph = Graph::new(&self.options);
        std::thread::scope(|scope| {
            for _ in 0..threads {
                let (queue, tx) = (&queue, tx.clone());
                let (source, setup, config) = (&self.source, &self.setup, &self.config);
                scope.spawn(move || work(source, setup, config.as_ref(), queue, &tx));
            }
            drop(tx);
            let progress = |graph: &Graph, pending: usize| {
                if let Some(report) = &self.progress {
                    report(&Progress {
                        runs: graph.runs,
                        states: graph.states.len(),
                        planned: graph.runs + pending,
                    });
                }
            };
            let result = match self.options.random {
                None => exhaustive(&mut graph, root_outcome, &queue, &rx, &progress),
                Some(n) => random(&mut graph, n, &queue, &rx, &progress),
            };
            queue.close();
            result
        })?;
        Ok(graph.report(guide, &self.setup))
    }
}

/// Explores a guide with the default configuration.
pub fn explore(source: Source, setup: Setup, options: Options) -> Result<Exploration, Error> {
    Explorer::new(source, setup).options(options).run()
}

// ---------------------------------------------------------------------------------------
// What one played path shows.

/// The last answer's move: the step it was given in, the answers given in that visit to
/// the step, and the steps entered after it. For the start, `from` is `None`.
#[derive(Debug, Clone)]
struct Hop {
    from: Option<String>,
    given: Vec<(Prompt, Value)>,
    moves: Vec<String>,
}

impl Hop {
    /// The step the path is in at its end.
    fn here(&self) -> Option<&String> {
        self.moves.last().or(self.from.as_ref())
    }
}

#[derive(Debug, Clone)]
enum Reached {
    Waiting { key: u64, prompt: Prompt },
    Finished { text: String },
    Failed(Error),
}

#[derive(Debug, Clone)]
struct Outcome {
    reached: Reached,
    hop: Hop,
}

fn observe(session: &Session) -> Outcome {
    let reached = match session.status() {
        Status::Awaiting(prompt) => Reached::Waiting {
            key: session.state_key(),
            prompt: prompt.clone(),
        },
        Status::Finished(text) => Reached::Finished { text: text.clone() },
        Status::Failed(error) => Reached::Failed(error.clone()),
    };
    Outcome {
        reached,
        hop: hop(&session.events()),
    }
}

fn hop(events: &[Event]) -> Hop {
    let entered = |e: &Event| match &e.kind {
        EventKind::StepEntered { step } => Some(step.clone()),
        _ => None,
    };
    let last = events
        .iter()
        .rposition(|e| matches!(e.kind, EventKind::Answer { .. }));
    let (from, given, tail) = match last {
        None => (None, Vec::new(), 0),
        Some(i) => {
            let visit = events[..i]
                .iter()
                .rposition(|e| matches!(e.kind, EventKind::StepEntered { .. }));
            let from = visit.and_then(|j| entered(&events[j]));
            let mut given = Vec::new();
            let mut asked = None;
            for event in &events[visit.unwrap_or(0)..=i] {
                match &event.kind {
                    EventKind::Prompt(p) => asked = Some(p.clone()),
                    EventKind::Answer { value, .. } => {
                        if let Some(p) = asked.take() {
                            given.push((p, value.clone()));
                        }
                    }
                    _ => {}
                }
            }
            (from, given, i + 1)
        }
    };
    let moves = events[tail..].iter().filter_map(entered).collect();
    Hop { from, given, moves }
}

// ---------------------------------------------------------------------------------------
// The workers and their queue.

enum Job {
    Replay {
        index: usize,
        answers: Vec<Value>,
    },
    Play {
        index: usize,
        seed: u64,
        counts: Arc<HashMap<(String, usize), u32>>,
        max_depth: usize,
    },
}

enum Msg {
    Replayed {
        index: usize,
        answers: Vec<Value>,
        outcome: Outcome,
    },
    Played {
        index: usize,
        play: Playthrough,
    },
    /// A worker could not go on (its guide did not load).
    Broken(Error),
}

#[derive(Default)]
struct Queue {
    jobs: Mutex<(VecDeque<Job>, bool)>,
    ready: Condvar,
}

impl Queue {
    fn push(&self, jobs: impl IntoIterator<Item = Job>) {
        let mut q = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
        q.0.extend(jobs);
        self.ready.notify_all();
    }

    fn pop(&self) -> Option<Job> {
        let mut q = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(job) = q.0.pop_front() {
                return Some(job);
            }
            if q.1 {
                return None;
            }
            q = self.ready.wait(q).unwrap_or_else(|e| e.into_inner());
        }
    }

    fn close(&self) {
        let mut q = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
        q.1 = true;
        self.ready.notify_all();
    }
}

fn work(
    source: &Source,
    setup: &Setup,
    config: &(dyn Fn() -> Config + Sync),
    queue: &Queue,
    tx: &mpsc::Sender<Msg>,
) {
    let mut guide = None;
    while let Some(job) = queue.pop() {
        let loaded = match guide.take() {
            Some(g) => g,
            None => match Guide::load(source.clone(), config()) {
                Ok(g) => g,
                Err(e) => {
                    let _ = tx.send(Msg::Broken(e));
                    return;
                }
            },
        };
        // A panic while playing a path (a bug, not a guide's error) must not leave the
        // coordinator waiting for a result that never comes.
        let played = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match job {
            Job::Replay { index, answers } => {
                match Session::replay(loaded, setup.clone(), answers.clone()) {
                    Ok(session) => {
                        let outcome = observe(&session);
                        let msg = Msg::Replayed {
                            index,
                            answers,
                            outcome,
                        };
                        (Some(session.into_guide()), msg)
                    }
                    Err(e) => (None, Msg::Broken(e)),
                }
            }
            Job::Play {
                index,
                seed,
                counts,
                max_depth,
            } => match play(loaded, setup, seed, &counts, max_depth) {
                Ok((g, play)) => (Some(g), Msg::Played { index, play }),
                Err(e) => (None, Msg::Broken(e)),
            },
        }));
        let msg = match played {
            Ok((kept, msg)) => {
                guide = kept;
                msg
            }
            Err(_) => Msg::Broken(Error::new(
                crate::ErrorKind::Runtime,
                "exploring stopped: playing a path panicked (a bug in Kintsugi, not in the guide)",
            )),
        };
        if tx.send(msg).is_err() {
            return;
        }
    }
}

/// One random playthrough: its answers, what each answer led to, and the answers chosen
/// (prompt key and answer index) for the counts of least-taken answers.
struct Playthrough {
    answers: Vec<Value>,
    /// After 0, 1, 2, ... answers: the index of the answer given, and the outcome.
    steps: Vec<(Option<usize>, Outcome)>,
    picks: Vec<(String, usize)>,
    cut: bool,
}

fn play(
    guide: Guide,
    setup: &Setup,
    seed: u64,
    counts: &HashMap<(String, usize), u32>,
    max_depth: usize,
) -> Result<(Guide, Playthrough), Error> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut session = Session::start(guide, setup.clone())?;
    let mut play = Playthrough {
        answers: Vec::new(),
        steps: vec![(None, observe(&session))],
        picks: Vec::new(),
        cut: false,
    };
    let mut mine: HashMap<(String, usize), u32> = HashMap::new();
    while let Some(prompt) = session.prompt().cloned() {
        if play.answers.len() >= max_depth {
            play.cut = true;
            break;
        }
        let choices = answers_to(&prompt);
        let key = prompt.key();
        let taken = |i: usize| {
            let k = (key.clone(), i);
            counts.get(&k).copied().unwrap_or(0) + mine.get(&k).copied().unwrap_or(0)
        };
        let least = (0..choices.len()).map(taken).min().unwrap_or(0);
        let candidates: Vec<usize> = (0..choices.len()).filter(|&i| taken(i) == least).collect();
        let pick = candidates[rng.usize(..candidates.len())];
        *mine.entry((key.clone(), pick)).or_default() += 1;
        session.answer(choices[pick].clone())?;
        play.answers.push(choices[pick].clone());
        play.picks.push((key, pick));
        play.steps.push((Some(pick), observe(&session)));
    }
    Ok((session.into_guide(), play))
}

// ---------------------------------------------------------------------------------------
// The coordinator: the state graph, built in a fixed order.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Edge {
    State(usize),
    End(usize),
    Error(usize),
}

struct State {
    step: String,
    /// Index into `Graph::prompts`.
    prompt: usize,
    /// The first answers found that reach it.
    answers: Vec<Value>,
    /// What each of the prompt's answers led to; `None` while untried.
    edges: Vec<Option<Edge>>,
    /// Not followed further: its path had `max_depth` answers.
    too_deep: bool,
}

struct MoveAgg {
    count: usize,
    /// Whether answers were given in `from` along this move.
    given: bool,
    /// For each prompt answered in `from` along this move: the prompt and the values.
    values: IndexMap<String, (Prompt, IndexSet<Value>)>,
}

struct ErrorAgg {
    error: Error,
    paths: usize,
    answers: Vec<Value>,
}

struct EndAgg {
    step: String,
    text: String,
    texts: HashSet<String>,
    paths: usize,
}

struct Graph {
    max_paths: usize,
    max_depth: usize,
    keep_paths: bool,
    random: Option<usize>,
    seed: u64,
    runs: usize,
    joined: usize,
    finished: usize,
    failed: usize,
    cut: Cut,
    states: Vec<State>,
    index: HashMap<u64, usize>,
    prompts: IndexMap<String, (Prompt, Vec<Value>, Vec<bool>)>,
    reached: HashSet<String>,
    moves: IndexMap<(Option<String>, Target), MoveAgg>,
    /// Per step, per prompt: every value given there along any move out of the step.
    step_values: HashMap<String, IndexMap<String, IndexSet<Value>>>,
    errors: IndexMap<String, ErrorAgg>,
    ends: IndexMap<String, EndAgg>,
    walked: Vec<Walked>,
}

/// One path to play in the exhaustive search: its answers, and the state and answer it
/// continues from.
struct Item {
    answers: Vec<Value>,
    parent: (usize, usize),
}

fn exhaustive(
    graph: &mut Graph,
    root: Outcome,
    queue: &Queue,
    rx: &mpsc::Receiver<Msg>,
    progress: &dyn Fn(&Graph, usize),
) -> Result<(), Error> {
    // Paths are handed out in the order they are found and merged in the order they were
    // handed out (results that arrive early wait), so the search is breadth first and
    // its result does not depend on which worker was quicker. There is no barrier
    // between depths: workers always have paths to play while any are known.
    let mut handed = 0usize;
    let mut merged = 0usize;
    let mut parents: VecDeque<(usize, usize)> = VecDeque::new();
    let mut early: HashMap<usize, (Vec<Value>, Outcome)> = HashMap::new();
    let mut found = Vec::new();
    graph.runs += 1;
    if let Some(id) = graph.absorb(None, Vec::new(), root) {
        graph.expand(id, &mut found);
    }
    hand_out(&mut found, graph, &mut handed, &mut parents, queue);
    while merged < handed {
        match rx.recv() {
            Ok(Msg::Replayed {
                index,
                answers,
                outcome,
            }) => {
                early.insert(index, (answers, outcome));
            }
            Ok(Msg::Broken(e)) => return Err(e),
            Ok(Msg::Played { .. }) => unreachable!("no playthroughs were asked for"),
            Err(_) => return Err(workers_gone()),
        }
        while let Some((answers, outcome)) = early.remove(&merged) {
            let parent = parents.pop_front().expect("a parent for every path");
            graph.runs += 1;
            if let Some(id) = graph.absorb(Some(parent), answers, outcome) {
                graph.expand(id, &mut found);
            }
            merged += 1;
            if merged % 256 == 0 {
                progress(graph, handed - merged);
            }
        }
        if !found.is_empty() {
            hand_out(&mut found, graph, &mut handed, &mut parents, queue);
        }
    }
    progress(graph, 0);
    Ok(())
}

/// Queues newly found paths, as far as `max_paths` allows.
fn hand_out(
    found: &mut Vec<Item>,
    graph: &mut Graph,
    handed: &mut usize,
    parents: &mut VecDeque<(usize, usize)>,
    queue: &Queue,
) {
    let mut jobs = Vec::with_capacity(found.len());
    for item in found.drain(..) {
        // The start counts as one path played.
        if 1 + *handed >= graph.max_paths {
            graph.cut.untried += 1;
            continue;
        }
        parents.push_back(item.parent);
        jobs.push(Job::Replay {
            index: *handed,
            answers: item.answers,
        });
        *handed += 1;
    }
    queue.push(jobs);
}

fn random(
    graph: &mut Graph,
    playthroughs: usize,
    queue: &Queue,
    rx: &mpsc::Receiver<Msg>,
    progress: &dyn Fn(&Graph, usize),
) -> Result<(), Error> {
    let mut counts: HashMap<(String, usize), u32> = HashMap::new();
    let mut start = 0;
    while start < playthroughs {
        let end = (start + PLAY_BATCH).min(playthroughs);
        let snapshot = Arc::new(counts.clone());
        queue.push((start..end).map(|index| Job::Play {
            index,
            seed: play_seed(graph.seed, index),
            counts: snapshot.clone(),
            max_depth: graph.max_depth,
        }));
        let mut results: Vec<Option<Playthrough>> = (start..end).map(|_| None).collect();
        for _ in start..end {
            match rx.recv() {
                Ok(Msg::Played { index, play }) => results[index - start] = Some(play),
                Ok(Msg::Broken(e)) => return Err(e),
                Ok(Msg::Replayed { .. }) => unreachable!("no replays were asked for"),
                Err(_) => return Err(workers_gone()),
            }
        }
        for play in results
            .into_iter()
            .map(|p| p.expect("every playthrough ran"))
        {
            graph.absorb_playthrough(&play);
            for pick in play.picks {
                *counts.entry(pick).or_default() += 1;
            }
        }
        start = end;
        progress(graph, playthroughs - start);
    }
    Ok(())
}

fn play_seed(base: u64, index: usize) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    (base, index).hash(&mut h);
    h.finish()
}

fn workers_gone() -> Error {
    Error::new(
        crate::ErrorKind::Runtime,
        "the exploration's worker threads stopped unexpectedly",
    )
}

impl Graph {
    fn new(options: &Options) -> Graph {
        Graph {
            max_paths: options.max_paths,
            max_depth: options.max_depth,
            keep_paths: options.keep_paths,
            random: options.random,
            seed: options.seed,
            runs: 0,
            joined: 0,
            finished: 0,
            failed: 0,
            cut: Cut {
                max_paths: options.max_paths,
                max_depth: options.max_depth,
                untried: 0,
                too_deep: 0,
            },
            states: Vec::new(),
            index: HashMap::new(),
            prompts: IndexMap::new(),
            reached: HashSet::new(),
            moves: IndexMap::new(),
            step_values: HashMap::new(),
            errors: IndexMap::new(),
            ends: IndexMap::new(),
            walked: Vec::new(),
        }
    }

    fn walk(&mut self, answers: &[Value], end: WalkEnd) {
        if self.keep_paths {
            self.walked.push(Walked {
                answers: answers.to_vec(),
                end,
            });
        }
    }

    /// Takes in what one path showed. Returns the id of a state seen for the first time.
    /// `parent` is the state and answer the path continues from (`None` for the start).
    fn absorb(
        &mut self,
        parent: Option<(usize, usize)>,
        answers: Vec<Value>,
        outcome: Outcome,
    ) -> Option<usize> {
        let exhaustive = self.random.is_none();
        let Outcome { reached, hop } = outcome;
        let mut new = None;
        let edge = match reached {
            Reached::Waiting { key, prompt } => match self.index.get(&key) {
                Some(&id) => {
                    if exhaustive {
                        self.joined += 1;
                        self.walk(&answers, WalkEnd::Joined);
                    }
                    self.record_hop(&hop, None);
                    Edge::State(id)
                }
                None => {
                    let id = self.states.len();
                    let choices = answers_to(&prompt);
                    let pkey = prompt.key();
                    let slot = match self.prompts.get_index_of(&pkey) {
                        Some(slot) => slot,
                        None => {
                            let tried = vec![false; choices.len()];
                            self.prompts
                                .insert_full(pkey, (prompt.clone(), choices.clone(), tried))
                                .0
                        }
                    };
                    self.reached.insert(prompt.step.clone());
                    self.record_hop(&hop, None);
                    self.states.push(State {
                        step: prompt.step.clone(),
                        prompt: slot,
                        answers,
                        edges: vec![None; choices.len()],
                        too_deep: false,
                    });
                    self.index.insert(key, id);
                    new = Some(id);
                    Edge::State(id)
                }
            },
            Reached::Finished { text } => {
                let step = hop.here().cloned().unwrap_or_default();
                let entry = self.ends.entry(step.clone());
                let end = entry.index();
                let agg = entry.or_insert_with(|| EndAgg {
                    step,
                    text: text.clone(),
                    texts: HashSet::new(),
                    paths: 0,
                });
                agg.texts.insert(text);
                agg.paths += 1;
                if exhaustive {
                    self.finished += 1;
                    self.walk(&answers, WalkEnd::Finished);
                }
                self.record_hop(&hop, Some(Target::End(end)));
                Edge::End(end)
            }
            Reached::Failed(error) => {
                let entry = self.errors.entry(error.to_string());
                let e = entry.index();
                let agg = entry.or_insert_with(|| ErrorAgg {
                    error,
                    paths: 0,
                    answers: answers.clone(),
                });
                agg.paths += 1;
                if exhaustive {
                    self.failed += 1;
                    self.walk(&answers, WalkEnd::Failed);
                }
                self.record_hop(&hop, Some(Target::Error(e)));
                Edge::Error(e)
            }
        };
        if let Some((state, answer)) = parent {
            let st = &mut self.states[state];
            st.edges[answer] = Some(edge);
            let slot = st.prompt;
            self.prompts[slot].2[answer] = true;
        }
        new
    }

    /// Queues the paths that continue from a new state, one per answer.
    fn expand(&mut self, id: usize, next: &mut Vec<Item>) {
        let state = &mut self.states[id];
        if state.answers.len() >= self.max_depth {
            state.too_deep = true;
            self.cut.too_deep += 1;
            let answers = state.answers.clone();
            self.walk(&answers, WalkEnd::Cut);
            return;
        }
        let choices = &self.prompts[state.prompt].1;
        for (i, value) in choices.iter().enumerate() {
            let mut answers = Vec::with_capacity(state.answers.len() + 1);
            answers.extend_from_slice(&state.answers);
            answers.push(value.clone());
            next.push(Item {
                answers,
                parent: (id, i),
            });
        }
    }

    fn absorb_playthrough(&mut self, play: &Playthrough) {
        self.runs += 1;
        let mut state: Option<usize> = None;
        for (len, (pick, outcome)) in play.steps.iter().enumerate() {
            let parent = state.zip(*pick);
            let new = self.absorb(parent, play.answers[..len].to_vec(), outcome.clone());
            state = match &outcome.reached {
                Reached::Waiting { key, .. } => new.or_else(|| self.index.get(key).copied()),
                _ => None,
            };
        }
        let end = match play.steps.last().map(|(_, o)| &o.reached) {
            Some(Reached::Finished { .. }) => {
                self.finished += 1;
                WalkEnd::Finished
            }
            Some(Reached::Failed(_)) => {
                self.failed += 1;
                WalkEnd::Failed
            }
            _ => {
                if play.cut {
                    self.cut.too_deep += 1;
                    if let Some(state) = state {
                        self.states[state].too_deep = true;
                    }
                }
                WalkEnd::Cut
            }
        };
        self.walk(&play.answers, end);
    }

    /// Records the moves between steps a path made with its last answer.
    fn record_hop(&mut self, hop: &Hop, end: Option<Target>) {
        if let Some(from) = &hop.from {
            self.reached.insert(from.clone());
        }
        for step in &hop.moves {
            self.reached.insert(step.clone());
        }
        let mut from = hop.from.clone();
        let mut given: &[(Prompt, Value)] = &hop.given;
        for step in &hop.moves {
            self.add_move(from, Target::Step(step.clone()), given);
            from = Some(step.clone());
            given = &[];
        }
        if let Some(end) = end {
            self.add_move(from, end, given);
        }
    }

    fn add_move(&mut self, from: Option<String>, to: Target, given: &[(Prompt, Value)]) {
        let agg = self
            .moves
            .entry((from.clone(), to))
            .or_insert_with(|| MoveAgg {
                count: 0,
                given: false,
                values: IndexMap::new(),
            });
        agg.count += 1;
        agg.given |= !given.is_empty();
        for (prompt, value) in given {
            let key = prompt.key();
            agg.values
                .entry(key.clone())
                .or_insert_with(|| (prompt.clone(), IndexSet::new()))
                .1
                .insert(value.clone());
            if let Some(from) = &from {
                self.step_values
                    .entry(from.clone())
                    .or_default()
                    .entry(key)
                    .or_default()
                    .insert(value.clone());
            }
        }
    }

    /// For each state, whether a finish may be reached from it: a state reaches a finish
    /// when one of its answers does, or leads to a state that does. A state not fully
    /// explored (an answer untried, or cut by depth) counts as one that may.
    fn may_finish(&self) -> Vec<bool> {
        let n = self.states.len();
        let mut preds = vec![Vec::new(); n];
        let mut ok = vec![false; n];
        let mut work = Vec::new();
        for (s, st) in self.states.iter().enumerate() {
            let open = st.too_deep || st.edges.iter().any(Option::is_none);
            let ends = st.edges.iter().any(|e| matches!(e, Some(Edge::End(_))));
            for edge in st.edges.iter().flatten() {
                if let Edge::State(t) = edge {
                    preds[*t].push(s);
                }
            }
            if open || ends {
                ok[s] = true;
                work.push(s);
            }
        }
        while let Some(t) = work.pop() {
            for &p in &preds[t] {
                if !ok[p] {
                    ok[p] = true;
                    work.push(p);
                }
            }
        }
        ok
    }

    /// The strongly connected groups of stuck states that go round in a loop (Tarjan's
    /// algorithm, without recursion so a loop of thousands of states is fine), each
    /// sorted, in the order of their first state.
    fn stuck_loops(&self, stuck: &[bool]) -> Vec<Vec<usize>> {
        let n = self.states.len();
        let succ: Vec<Vec<usize>> = self
            .states
            .iter()
            .enumerate()
            .map(|(s, st)| {
                if !stuck[s] {
                    return Vec::new();
                }
                let mut next: Vec<usize> = st
                    .edges
                    .iter()
                    .flatten()
                    .filter_map(|e| match e {
                        Edge::State(t) if stuck[*t] => Some(*t),
                        _ => None,
                    })
                    .collect();
                next.dedup();
                next
            })
            .collect();
        const NONE: usize = usize::MAX;
        let mut index = vec![NONE; n];
        let mut low = vec![0; n];
        let mut on_stack = vec![false; n];
        let mut stack = Vec::new();
        let mut counter = 0;
        let mut groups = Vec::new();
        for root in (0..n).filter(|&s| stuck[s]) {
            if index[root] != NONE {
                continue;
            }
            let mut calls = vec![(root, 0usize)];
            index[root] = counter;
            low[root] = counter;
            counter += 1;
            stack.push(root);
            on_stack[root] = true;
            while let Some(&mut (v, ref mut pos)) = calls.last_mut() {
                if let Some(&w) = succ[v].get(*pos) {
                    *pos += 1;
                    if index[w] == NONE {
                        index[w] = counter;
                        low[w] = counter;
                        counter += 1;
                        stack.push(w);
                        on_stack[w] = true;
                        calls.push((w, 0));
                    } else if on_stack[w] {
                        low[v] = low[v].min(index[w]);
                    }
                    continue;
                }
                calls.pop();
                if let Some(&(u, _)) = calls.last() {
                    low[u] = low[u].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut group = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        group.push(w);
                        if w == v {
                            break;
                        }
                    }
                    if group.len() > 1 || succ[v].contains(&v) {
                        group.sort_unstable();
                        groups.push(group);
                    }
                }
            }
        }
        groups.sort_by_key(|g| g[0]);
        groups
    }

    fn report(self, guide: Guide, setup: &Setup) -> Exploration {
        let decl = guide.declaration().clone();
        let who = |to: &Audience| match to {
            Audience::Partner(role) => setup.names.get(role).cloned().unwrap_or(role.clone()),
            _ => decl
                .roles
                .keys()
                .filter_map(|r| setup.names.get(r).cloned())
                .collect::<Vec<_>>()
                .join(" and "),
        };
        let mut replayer = Replayer {
            guide: Some(guide),
            setup: setup.clone(),
        };
        let guide_steps = replayer
            .guide
            .as_ref()
            .map(Guide::steps)
            .unwrap_or_default();
        let file = replayer
            .guide
            .as_ref()
            .map(|g| g.source().name.clone())
            .unwrap_or_default();

        let may = self.may_finish();
        let stuck: Vec<bool> = may.iter().map(|ok| !ok).collect();
        let groups = self.stuck_loops(&stuck);
        let mut in_loop = vec![false; self.states.len()];
        for group in &groups {
            for &s in group {
                in_loop[s] = true;
            }
        }

        let mut state_count: HashMap<&str, usize> = HashMap::new();
        let mut stuck_count: HashMap<&str, (usize, bool, usize)> = HashMap::new();
        for (s, st) in self.states.iter().enumerate() {
            *state_count.entry(st.step.as_str()).or_default() += 1;
            if stuck[s] {
                let e = stuck_count.entry(st.step.as_str()).or_insert((0, false, s));
                e.0 += 1;
                e.1 |= in_loop[s];
            }
        }
        let mut error_count: HashMap<String, usize> = HashMap::new();
        for agg in self.errors.values() {
            if let Some(step) = &agg.error.step {
                *error_count.entry(step.clone()).or_default() += 1;
            }
        }

        let steps = guide_steps
            .iter()
            .map(|(step, line)| StepCoverage {
                step: step.clone(),
                line: *line,
                reached: self.reached.contains(step),
                states: state_count.get(step.as_str()).copied().unwrap_or(0),
                stuck: stuck_count.get(step.as_str()).map_or(0, |c| c.0),
                errors: error_count.get(step).copied().unwrap_or(0),
            })
            .collect();

        let mut outcomes = vec![0usize; self.prompts.len()];
        for st in &self.states {
            let distinct: HashSet<&Edge> = st.edges.iter().flatten().collect();
            outcomes[st.prompt] = outcomes[st.prompt].max(distinct.len());
        }
        let mut prompts: Vec<PromptCoverage> = self
            .prompts
            .iter()
            .zip(outcomes)
            .map(
                |((key, (prompt, choices, tried)), outcomes)| PromptCoverage {
                    key: key.clone(),
                    step: prompt.step.clone(),
                    ordinal: prompt.ordinal,
                    line: prompt.line,
                    to: prompt.to.clone(),
                    who: who(&prompt.to),
                    text: prompt.text.clone(),
                    kind: prompt.kind.clone(),
                    answers: choices
                        .iter()
                        .zip(tried)
                        .map(|(value, tried)| AnswerCoverage {
                            value: value.clone(),
                            tried: *tried,
                        })
                        .collect(),
                    outcomes,
                },
            )
            .collect();

        // In the guide's order of steps, then as asked.
        let step_index: HashMap<&str, usize> = guide_steps
            .iter()
            .enumerate()
            .map(|(i, (name, _))| (name.as_str(), i))
            .collect();
        prompts.sort_by_key(|p| (step_index.get(p.step.as_str()).copied(), p.ordinal));

        let mut partners = Vec::new();
        let audiences = decl
            .roles
            .keys()
            .map(|r| Audience::Partner(r.clone()))
            .chain([Audience::Both]);
        for to in audiences {
            let mine: Vec<&PromptCoverage> = prompts.iter().filter(|p| p.to == to).collect();
            if mine.is_empty() {
                continue;
            }
            partners.push(PartnerCoverage {
                who: who(&to),
                role: match &to {
                    Audience::Partner(role) => Some(role.clone()),
                    _ => None,
                },
                prompts: mine.len(),
                answers: mine.iter().map(|p| p.answers.len()).sum(),
                tried: mine.iter().map(|p| p.tried()).sum(),
            });
        }

        let errors = self
            .errors
            .values()
            .map(|agg| ErrorPath {
                error: agg.error.to_string(),
                message: agg.error.message.clone(),
                kind: format!("{:?}", agg.error.kind),
                step: agg.error.step.clone(),
                line: agg.error.location.as_ref().map(|l| l.line),
                paths: agg.paths,
                answers: replayer.answered(&agg.answers),
            })
            .collect();

        let stuck_steps = guide_steps
            .iter()
            .filter_map(|(step, _)| {
                let &(states, in_loop, first) = stuck_count.get(step.as_str())?;
                Some(StuckStep {
                    step: step.clone(),
                    states,
                    of: state_count.get(step.as_str()).copied().unwrap_or(0),
                    in_loop,
                    answers: replayer.answered(&self.states[first].answers),
                })
            })
            .collect();

        let loops = groups
            .iter()
            .map(|group| {
                let steps: IndexSet<String> =
                    group.iter().map(|&s| self.states[s].step.clone()).collect();
                Loop {
                    steps: steps.into_iter().collect(),
                    states: group.len(),
                    answers: replayer.answered(&self.states[group[0]].answers),
                }
            })
            .collect();

        let mut out_degree: HashMap<&Option<String>, usize> = HashMap::new();
        for (from, _) in self.moves.keys() {
            *out_degree.entry(from).or_default() += 1;
        }
        let moves = self
            .moves
            .iter()
            .map(|((from, to), agg)| Move {
                from: from.clone(),
                to: to.clone(),
                label: label(
                    agg,
                    from.as_ref().and_then(|f| self.step_values.get(f)),
                    out_degree.get(from).copied().unwrap_or(1),
                    &who,
                ),
                count: agg.count,
            })
            .collect();

        let ends = self
            .ends
            .into_values()
            .map(|agg| End {
                step: agg.step,
                text: agg.text,
                texts: agg.texts.len(),
                paths: agg.paths,
            })
            .collect();

        let cut = (self.cut.untried > 0 || self.cut.too_deep > 0).then_some(self.cut);
        Exploration {
            title: decl.title.clone(),
            file,
            names: setup.names.clone(),
            seed: setup.seed,
            random: self.random,
            runs: self.runs,
            states: self.states.len(),
            joined: self.joined,
            finished: self.finished,
            failed: self.failed,
            cut,
            steps,
            prompts,
            partners,
            errors,
            stuck: stuck_steps,
            loops,
            moves,
            ends,
            walked: self.walked,
        }
    }
}

/// Replays a few paths again, to say who answered what along them.
struct Replayer {
    guide: Option<Guide>,
    setup: Setup,
}

impl Replayer {
    fn answered(&mut self, answers: &[Value]) -> Vec<Answered> {
        let Some(guide) = self.guide.take() else {
            return Vec::new();
        };
        let Ok(session) = Session::replay(guide, self.setup.clone(), answers.to_vec()) else {
            return Vec::new();
        };
        let list = answered(&session);
        self.guide = Some(session.into_guide());
        list
    }
}

/// The answers of a session, each with the prompt it answered.
pub fn answered(session: &Session) -> Vec<Answered> {
    let mut list = Vec::new();
    let mut asked: Option<Prompt> = None;
    for event in session.events().iter() {
        match &event.kind {
            EventKind::Prompt(p) => asked = Some(p.clone()),
            EventKind::Answer { value, .. } => {
                if let Some(p) = asked.take() {
                    list.push(Answered {
                        step: p.step.clone(),
                        who: session.name_of(&p.to),
                        line: answer_line(&p, value),
                        to: p.to,
                        prompt: p.text,
                        value: value.clone(),
                    });
                }
            }
            _ => {}
        }
    }
    list
}

// ---------------------------------------------------------------------------------------
// Edge labels.

/// A short summary of the answers that lead along a move: for each prompt of the step
/// whose answers along this move are not all the answers given there, those answers.
fn label(
    agg: &MoveAgg,
    in_step: Option<&IndexMap<String, IndexSet<Value>>>,
    out_degree: usize,
    who: &dyn Fn(&Audience) -> String,
) -> String {
    if !agg.given {
        return if out_degree > 1 {
            "(by earlier answers)".into()
        } else {
            String::new()
        };
    }
    // Consecutive answers by the same partner share one name: "Alex: no · 0–7".
    let mut parts: Vec<(Option<String>, String)> = Vec::new();
    for (key, (prompt, values)) in &agg.values {
        let all = in_step.and_then(|m| m.get(key)).map_or(0, IndexSet::len);
        if values.len() >= all {
            continue;
        }
        let name = match &prompt.to {
            Audience::Partner(_) => Some(who(&prompt.to)),
            _ => None,
        };
        let shown = summarize(prompt, values);
        match parts.last_mut() {
            Some((last, text)) if last.is_some() && *last == name => {
                text.push_str(" · ");
                text.push_str(&shown);
            }
            _ => parts.push((name, shown)),
        }
    }
    let parts: Vec<String> = parts
        .into_iter()
        .map(|(name, text)| match name {
            Some(name) => format!("{name}: {text}"),
            None => text,
        })
        .collect();
    let text = if parts.is_empty() {
        if out_degree > 1 {
            "(by the answers together)".to_string()
        } else {
            String::new()
        }
    } else {
        parts.join("; ")
    };
    shorten(&text, LABEL_WIDTH)
}

fn summarize(prompt: &Prompt, values: &IndexSet<Value>) -> String {
    match &prompt.kind {
        PromptKind::Scale { .. } => {
            let mut numbers: Vec<i64> = values
                .iter()
                .filter_map(|v| match v {
                    Value::Number(n) => Some(*n),
                    _ => None,
                })
                .collect();
            numbers.sort_unstable();
            ranges(&numbers)
        }
        PromptKind::YesNo | PromptKind::Choice { .. } => {
            // In the prompt's own order.
            let order = answers_to(prompt);
            let shown: Vec<String> = order
                .iter()
                .filter(|v| values.contains(*v))
                .map(|v| shorten(&v.to_string(), 24))
                .collect();
            list(&shown)
        }
        PromptKind::Text => {
            let shown: Vec<String> = values
                .iter()
                .map(|v| format!("“{}”", shorten(&v.to_string(), 20)))
                .collect();
            list(&shown)
        }
    }
}

fn list(items: &[String]) -> String {
    if items.len() > 3 {
        format!("{} / {} / +{} more", items[0], items[1], items.len() - 2)
    } else {
        items.join(" / ")
    }
}

/// Sorted numbers as ranges: `0–3, 5, 8–10`.
fn ranges(numbers: &[i64]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < numbers.len() {
        let mut j = i;
        while j + 1 < numbers.len() && numbers[j + 1] == numbers[j] + 1 {
            j += 1;
        }
        out.push(if j == i {
            numbers[i].to_string()
        } else {
            format!("{}–{}", numbers[i], numbers[j])
        });
        i = j + 1;
    }
    out.join(", ")
}

/// At most `width` characters, with an ellipsis when cut (for reports and labels).
pub fn shorten(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let cut: String = text.chars().take(width - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_ranges_and_long_text_is_shortened() {
        assert_eq!(ranges(&[0, 1, 2, 3, 5, 8, 9, 10]), "0–3, 5, 8–10");
        assert_eq!(ranges(&[4]), "4");
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("abc", 4), "abc");
    }

    #[test]
    fn answer_lines_give_back_the_same_value() {
        let prompt = Prompt {
            step: "s".into(),
            ordinal: 0,
            to: Audience::Both,
            text: "?".into(),
            kind: PromptKind::Choice {
                options: vec!["2".into(), "1".into(), "Later".into()],
            },
            private: false,
            examples: vec![],
            distress: None,
            line: 1,
        };
        for value in answers_to(&prompt) {
            let line = answer_line(&prompt, &value);
            assert_eq!(prompt.parse(&line), Ok(value), "{line}");
        }
    }
}
