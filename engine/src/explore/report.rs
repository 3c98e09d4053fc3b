//! What an exploration found: coverage, errors with their answers, states that cannot
//! finish, loops, moves between steps, finishes.

use crate::audience::Audience;
use crate::prompt::PromptKind;
use crate::value::Value;
use indexmap::IndexMap;
use serde::Serialize;

/// What an exploration found.
#[derive(Debug, Clone, Serialize)]
pub struct Exploration {
    /// The guide's title.
    pub title: String,
    /// The guide's file, as errors name it.
    pub file: String,
    /// The partners' names the paths were played with, by role.
    pub names: IndexMap<String, String>,
    /// The session seed the paths were played with.
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
    /// When the search was cut: the loop that kept it going, if one is seen on the
    /// deepest path (a prompt asked round after round with a value that keeps changing).
    pub unbounded: Option<Unbounded>,
    /// Every step of the guide, in its order, and whether it was reached.
    pub steps: Vec<StepCoverage>,
    /// Every branch of the guide (`if`, `else`, `switch` arm, loop body and exit), and
    /// whether a path took it.
    pub branches: Vec<BranchCoverage>,
    /// Every prompt reached, one per line of the guide that asks (the rounds of a loop
    /// grouped), in the guide's order of steps, then by line.
    pub prompts: Vec<PromptCoverage>,
    /// The prompts and answers tried per partner (and for both together).
    pub partners: Vec<PartnerCoverage>,
    /// Each distinct error, with the first answers found that reach it.
    pub errors: Vec<ErrorPath>,
    /// Steps with states from which no finish can be reached.
    pub stuck: Vec<StuckStep>,
    /// Loops of states with no way out to a finish.
    pub loops: Vec<Loop>,
    /// Private answers that change what the other partner sees before they are
    /// revealed: one per private prompt and partner who could tell.
    pub leaks: Vec<Leak>,
    /// Kintsugi's own offers the paths met, with every way through them.
    pub offers: Vec<Offered>,
    /// Private prompts marked `#{ steers: true }`, whose answers are meant to change
    /// what both see: not checked for leaks.
    pub steered: Vec<Steered>,
    /// Whether every pair of paths the privacy check had to compare was compared.
    pub privacy_complete: bool,
    /// Moves between steps, labelled with the answers that lead along them.
    pub moves: Vec<Move>,
    /// Where the guide finishes: one per step that calls `finish`.
    pub ends: Vec<End>,
    /// Every path played, when [`Options::keep_paths`](super::Options::keep_paths)
    /// asked for them.
    #[serde(skip)]
    pub walked: Vec<Walked>,
}

/// How the search was cut short.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Cut {
    /// The most paths the search was allowed to play.
    pub max_paths: usize,
    /// The most answers a path was allowed to have.
    pub max_depth: usize,
    /// The most rounds a path was allowed to ask one line of the guide.
    pub max_rounds: usize,
    /// Answer sequences left untried when `max_paths` was reached.
    pub untried: usize,
    /// States not followed further because their path had `max_depth` answers.
    pub too_deep: usize,
    /// States not followed further because their path had asked their line more than
    /// `max_rounds` times (a loop unrolled that far, each round different).
    pub too_many_rounds: usize,
}

/// A loop that may go round without end: on one path, the same prompt was asked round
/// after round, each time with something different held. The path is the first that
/// went past `max_rounds` when one did (the search stopped following the loop there),
/// or else the deepest path explored.
#[derive(Debug, Clone, Serialize)]
pub struct Unbounded {
    /// The step that asks the prompt.
    pub step: String,
    /// The prompt's line.
    pub line: usize,
    /// What it asks (as first asked on the path).
    pub text: String,
    /// How many times the path asked it.
    pub rounds: usize,
    /// Whether `max_rounds` stopped the path (rather than another limit).
    pub by_rounds: bool,
    /// The remembered values that changed from round to round, each with the values it
    /// took (the first few and the last).
    pub growing: Vec<(String, Vec<String>)>,
    /// No remembered value changed: the step's own answers pile up (a loop inside the
    /// step, at these lines, asks again and again).
    pub in_step: Option<Vec<usize>>,
    /// The answers of the path, where the search stopped.
    pub answers_on_path: usize,
}

/// A private answer that shows: two paths that differ only in it, and the first thing
/// the other partner sees differently before it is revealed.
#[derive(Debug, Clone, Serialize)]
pub struct Leak {
    /// The private prompt's step.
    pub step: String,
    /// The private prompt's line.
    pub line: usize,
    /// What it asks.
    pub prompt: String,
    /// Who answers it, by name.
    pub who: String,
    /// The partner who could tell the answers apart, by name.
    pub seen_by: String,
    /// The two private answers.
    pub answers: [Value; 2],
    /// What the other partner sees first differently after each answer.
    pub sights: [Sight; 2],
    /// The answers of each path, up to the difference.
    pub paths: [Vec<Answered>; 2],
    /// Its prompt is marked `#{ steers: true }` and the other partner sees its words.
    pub steered: bool,
}

/// What the other partner sees where two paths part, after one of the private answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sight {
    /// What they see, in words: a line's text, "question to Sam: ... (one of: ...)",
    /// "a reveal of Alex's answer", "nothing more: the screen waits for Alex"; never
    /// empty, and never the same as the other path's.
    pub text: String,
    /// The step it is shown in.
    pub step: String,
    /// The line of the guide that shows it (or, for "nothing more", the line the path
    /// waits at).
    pub line: usize,
    /// The module (its file) whose line `line` is, when a module's code shows it.
    pub module: Option<String>,
    /// The line of the `next(...)` that moved to `step` after the private answer, if
    /// the path moved to another step than the other path.
    pub moved_at: Option<usize>,
    /// The line of the `if` (or `switch`) that decided that move: the nearest above it
    /// of the branches one path took and the other did not.
    pub decided_at: Option<usize>,
}

/// A private answer an error is reachable from: the other partner sees the error where
/// another answer goes on.
#[derive(Debug, Clone, Serialize)]
pub struct PrivateSource {
    /// Who answers it, by name.
    pub who: String,
    /// What it asks.
    pub prompt: String,
    /// Its line.
    pub line: usize,
    /// The private answer that leads to the error.
    pub answer: Value,
}

/// A private prompt whose answer the guide lets steer what both see.
#[derive(Debug, Clone, Serialize)]
pub struct Steered {
    /// The prompt's step.
    pub step: String,
    /// The prompt's line.
    pub line: usize,
    /// What it asks.
    pub prompt: String,
    /// Who answers it, by name ("Alex and Sam" when each does).
    pub who: String,
}

/// How well one step was covered.
#[derive(Debug, Clone, Serialize)]
pub struct StepCoverage {
    /// The step's name.
    pub step: String,
    /// The line the step is defined on.
    pub line: usize,
    /// Whether any path entered the step.
    pub reached: bool,
    /// Distinct states found waiting in this step.
    pub states: usize,
    /// Of those, states from which no finish can be reached.
    pub stuck: usize,
    /// Distinct errors raised in this step.
    pub errors: usize,
}

/// One branch of the guide, and whether a path took it.
#[derive(Debug, Clone, Serialize)]
pub struct BranchCoverage {
    /// The step it is in (`None` for a function written outside the steps).
    pub step: Option<String>,
    /// Where it starts (for an `else` none is written: the `if`).
    pub line: usize,
    /// Its column.
    pub column: usize,
    /// `if`, `else`, `no else` (an `if` with no `else`, not taken), `switch arm`, `loop
    /// body` (entered), `loop exit` (left).
    pub kind: String,
    /// Whether a path took it.
    pub taken: bool,
}

/// How well one prompt was covered: which of its answers were tried. A prompt is the
/// line that asks it (and whom it asks): every round of a loop counts here.
#[derive(Debug, Clone, Serialize)]
pub struct PromptCoverage {
    /// The prompt's key (step, place, a hash of what it asks), as journals record it.
    pub key: String,
    /// The step that asks it.
    pub step: String,
    /// Its place among the step's prompts.
    pub ordinal: usize,
    /// The line it is asked on.
    pub line: usize,
    /// Whom it asks.
    pub to: Audience,
    /// Whose turn it is, by name.
    pub who: String,
    /// What it asks.
    pub text: String,
    /// What kind of answer it takes.
    #[serde(flatten)]
    pub kind: PromptKind,
    /// Every answer an explorer tries there, and whether it was tried.
    pub answers: Vec<AnswerCoverage>,
    /// The most times one path asks this line (of whom it asks): a loop's rounds, each
    /// a prompt of its own (its place in the step or its text changes), grouped here.
    pub rounds: usize,
    /// Most distinct places its answers led to from one state (scale values that lead to
    /// the same state count once).
    pub outcomes: usize,
}

impl PromptCoverage {
    /// How many of its answers were tried.
    pub fn tried(&self) -> usize {
        self.answers.iter().filter(|a| a.tried).count()
    }
}

/// One answer to a prompt, and whether a path gave it.
#[derive(Debug, Clone, Serialize)]
pub struct AnswerCoverage {
    /// The answer.
    pub value: Value,
    /// Whether some path gave it.
    pub tried: bool,
}

/// The prompts and answers tried for one partner, or for both together.
#[derive(Debug, Clone, Serialize)]
pub struct PartnerCoverage {
    /// A name, or the names of both for prompts answered together.
    pub who: String,
    /// The role, or `None` for prompts answered together.
    pub role: Option<String>,
    /// Prompts reached that they answer.
    pub prompts: usize,
    /// Answers an explorer tries at those prompts.
    pub answers: usize,
    /// Of those, the answers tried.
    pub tried: usize,
}

/// One answer on a path, with the prompt it answered.
#[derive(Debug, Clone, Serialize)]
pub struct Answered {
    /// The step that asked.
    pub step: String,
    /// Whom the prompt asked.
    pub to: Audience,
    /// Who answered, by name.
    pub who: String,
    /// What the prompt asked.
    pub prompt: String,
    /// The answer.
    pub value: Value,
    /// The answer as typed, one line of an answers file.
    pub line: String,
    /// Whether Kintsugi's own offer asked it (a break, the safety check), not the guide.
    pub offer: bool,
}

/// Where an answer leads to Kintsugi's own offers (the break after a distressed answer,
/// the private safety check after words of danger), and every way through them, as
/// `run` and scenarios ask them.
#[derive(Debug, Clone, Serialize)]
pub struct Offered {
    /// The step that asked.
    pub step: String,
    /// The line of the prompt whose answer leads to the offers.
    pub line: usize,
    /// What the prompt asked.
    pub prompt: String,
    /// Whom it asked.
    pub to: Audience,
    /// Who answered, by name.
    pub who: String,
    /// The answer was private: the offers are asked on that partner's screen alone, and
    /// the other partner sees a difference only where the one who answered chooses a
    /// way that stops the sitting. Their choice: the privacy check does not count it as
    /// a leak.
    pub private: bool,
    /// What is offered, in order ("a break", "the private safety check").
    pub offers: Vec<String>,
    /// The answers tried there that lead to these offers.
    pub values: Vec<Value>,
    /// How many paths met them.
    pub paths: usize,
    /// Every way through them, each with the whole path's answers (the offers' among
    /// them): an answers file and a scenario that reach it.
    pub ways: Vec<OfferWay>,
}

/// One way through an answer's offers.
#[derive(Debug, Clone, Serialize)]
pub struct OfferWay {
    /// How it ends: `go_on` (the guide goes on), `break` (the sitting stops, saved, for
    /// `minutes`), `hold` (joint guides on hold after a disclosure) or `lighter` (the
    /// conversation ends for the light guide, a cover the one who disclosed chose).
    pub end: String,
    /// The break's length, for `break`.
    pub minutes: Option<u32>,
    /// The path's answers up to the end of the offers.
    pub answers: Vec<Answered>,
}

/// One distinct error, and the answers that reach it.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorPath {
    /// The error as the engine reports it (file, line, step, message).
    pub error: String,
    /// Its message alone.
    pub message: String,
    /// Its kind, as the engine names it.
    pub kind: String,
    /// The step it was raised in, if any.
    pub step: Option<String>,
    /// The line it was raised at, if known.
    pub line: Option<usize>,
    /// How many paths reached it.
    pub paths: usize,
    /// The first answers found that reach it (the fewest, as the search is breadth first).
    pub answers: Vec<Answered>,
    /// A private answer it is reachable from, where the other partner would see it
    /// while another answer goes on (reported here once, not as a leak as well).
    pub after_private: Option<PrivateSource>,
}

/// A step with states from which no finish can be reached and some way on goes round a
/// loop with no way out (one whose every way on ends in an error is left to the error).
#[derive(Debug, Clone, Serialize)]
pub struct StuckStep {
    /// The step's name.
    pub step: String,
    /// Its states that cannot finish and lead into such a loop ...
    pub states: usize,
    /// ... of all its states found.
    pub of: usize,
    /// Whether some of them are in the loop (otherwise they lead into it).
    pub in_loop: bool,
    /// Answers that reach one of them.
    pub answers: Vec<Answered>,
}

/// A loop of states with no way out to a finish.
#[derive(Debug, Clone, Serialize)]
pub struct Loop {
    /// The steps the loop goes round, in the order first found.
    pub steps: Vec<String>,
    /// How many states the loop holds.
    pub states: usize,
    /// Answers that lead into it.
    pub answers: Vec<Answered>,
}

/// Where a move between steps leads.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "index")]
pub enum Target {
    /// Another step, by name.
    Step(String),
    /// An index into [`Exploration::ends`].
    End(usize),
    /// An index into [`Exploration::errors`].
    Error(usize),
}

/// A move some path made from one step to a step, a finish or an error.
#[derive(Debug, Clone, Serialize)]
pub struct Move {
    /// The step moved from; `None` for the start.
    pub from: Option<String>,
    /// Where it leads.
    pub to: Target,
    /// A short summary of the answers given in `from` that lead here (empty when any do).
    pub label: String,
    /// How many times a path made this move.
    pub count: usize,
}

/// A step that finishes the guide, and how.
#[derive(Debug, Clone, Serialize)]
pub struct End {
    /// The step that finishes.
    pub step: String,
    /// Its closing line, as first reached.
    pub text: String,
    /// Distinct closing lines reached there (they may name answers).
    pub texts: usize,
    /// How many paths finished there.
    pub paths: usize,
}

/// One path played, and how it ended.
#[derive(Debug, Clone)]
pub struct Walked {
    /// The path's answers, in order.
    pub answers: Vec<Value>,
    /// How it ended.
    pub end: WalkEnd,
}

/// How a path played ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WalkEnd {
    /// Reached the guide's end.
    Finished,
    /// Ended in an error.
    Failed,
    /// Reached a state already explored.
    Joined,
    /// Stopped by `max_depth` or `max_rounds`.
    Cut,
}

impl Exploration {
    /// Whether every path was followed to its end (nothing cut the search).
    pub fn complete(&self) -> bool {
        self.cut.is_none()
    }

    /// Whether every step was reached, every branch taken, and every answer of every
    /// prompt reached was tried.
    pub fn full_coverage(&self) -> bool {
        self.steps.iter().all(|s| s.reached)
            && self.branches.iter().all(|b| b.taken)
            && self
                .prompts
                .iter()
                .all(|p| p.answers.iter().all(|a| a.tried))
    }

    /// Whether a couple can hit an error or get stuck.
    pub fn has_problems(&self) -> bool {
        !self.errors.is_empty()
            || !self.stuck.is_empty()
            || !self.loops.is_empty()
            || !self.leaks.is_empty()
    }

    /// Paths followed to where they stop: the end, an error, a state already explored,
    /// or the depth or rounds limit.
    pub fn paths(&self) -> usize {
        match self.random {
            Some(n) => n,
            None => self.finished + self.failed + self.joined + self.cut_paths(),
        }
    }

    fn cut_paths(&self) -> usize {
        self.cut
            .as_ref()
            .map_or(0, |c| c.too_deep + c.too_many_rounds)
    }
}
