//! Exploring a guide down every path, for authors: the explorer, its options, and the
//! report it gives.
//!
//! At each prompt the explorer forks on every answer: each option, yes and no, each scale
//! value, the author's example texts (or one placeholder). The guide runs for real, so
//! conditions are evaluated as they would be for a couple. Paths that reach the same
//! state ([`Session::state_key`](crate::session::Session::state_key)) are followed once, so scale values that lead to the
//! same place merge. The [`Exploration`] says what was covered, per prompt and per
//! partner; which answers lead to an error; where a couple could get stuck with no way
//! to a finish; and how the steps connect (for a picture of the flow).
//!
//! Every path is played by [`Session::replay`](crate::session::Session::replay) of its answers on worker threads
//! (`workers`), all sharing the one loaded [`Guide`]. Exploration goes
//! breadth first, one depth at a time (`search`), and merges the workers' results into
//! the state graph (`graph`) in a fixed order: the report is the same whatever the number
//! of threads. With [`Options::random`], seeded random playthroughs that prefer the
//! least-taken answers replace the exhaustive search.

mod answers;
mod coverage;
mod graph;
mod labels;
mod offers;
mod outcome;
mod privacy;
mod report;
mod search;
mod shown;
mod workers;

pub use self::answers::{
    MAX_PICKS, OTHER_PLACEHOLDER, PLACEHOLDER, answer_line, answers_to, picks,
};
pub use self::labels::shorten;
pub use self::report::{
    AnswerCoverage, Answered, BranchCoverage, Cut, End, ErrorPath, Exploration, Leak, Loop, Move,
    OfferWay, Offered, PartnerCoverage, PrivateSource, PromptCoverage, Sight, Steered,
    StepCoverage, StuckStep, Target, Unbounded, WalkEnd, Walked,
};

use self::graph::Graph;
use self::outcome::observe;
use self::workers::Replayer;
use crate::error::Error;
use crate::guide::{Guide, Source};
use crate::plugins::Config;
use crate::session::Setup;

/// The default of [`Options::max_rounds`]: more than the few rounds a guide's bounded
/// loop takes ("is there more?" three or four times; the most a shipped guide asks one
/// line is five), few enough that a loop whose rounds multiply the states is named in
/// seconds (the unbounded mirroring loop doubles its paths with each round:
/// docs/performance.md).
pub const MAX_ROUNDS: usize = 6;

/// How far to explore, and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// Most paths to play (each one answer sequence, replayed from the start).
    pub max_paths: usize,
    /// Most answers on one path.
    pub max_depth: usize,
    /// Most times one path asks the same line of the guide (a bounded model checker's
    /// unrolling bound). A path that would ask it once more, each round different from
    /// the ones before (rounds alike join and end by themselves), is not followed further
    /// and counts as cut: a loop that grows without end is named after a few rounds
    /// instead of filling `max_paths`, while paths that leave it earlier go on.
    pub max_rounds: usize,
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
            max_rounds: MAX_ROUNDS,
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

type ProgressFn<'a> = Box<dyn Fn(&Progress) + 'a>;

/// Explores a guide. The host chooses the plugins (`config`, called once: the guide is
/// loaded once and shared by every worker) and may watch the progress.
pub struct Explorer<'a> {
    source: Source,
    setup: Setup,
    options: Options,
    config: Box<dyn Fn() -> Config + Sync + 'a>,
    progress: Option<ProgressFn<'a>>,
}

impl<'a> Explorer<'a> {
    /// An explorer of `source` with `setup`'s names and seed, with the default options
    /// and configuration.
    pub fn new(source: Source, setup: Setup) -> Explorer<'a> {
        Explorer {
            source,
            setup,
            options: Options::default(),
            config: Box::new(Config::default),
            progress: None,
        }
    }

    /// How far to explore, and how (default: [`Options::default`]).
    pub fn options(mut self, options: Options) -> Explorer<'a> {
        self.options = options;
        self
    }

    /// The configuration the guide is loaded with, once (default: [`Config::default`]).
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
        // Loaded once: every worker replays from the same compiled guide, with a probe in
        // each branch (`coverage`). A text that does not parse loads as it is, to fail
        // with the author's own lines.
        let mut config = (self.config)();
        let (source, branches) = match coverage::instrument(&self.source.text) {
            Some((text, branches)) => {
                config.plugins.push(std::sync::Arc::new(coverage::Probes));
                (
                    Source {
                        text,
                        ..self.source.clone()
                    },
                    branches,
                )
            }
            None => (self.source.clone(), Vec::new()),
        };
        let guide = Guide::load(source, config)?;
        let mut main = Replayer::new(&guide, &self.setup);
        coverage::take_hits();
        let mut root = main.start(|session| Ok(observe(session)))?;
        root.probes = coverage::take_hits();
        let threads = match self.options.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        };
        let options = &self.options;
        let mut graph = Graph::new(options);
        graph.branches = branches;
        let progress = |graph: &Graph, pending: usize| {
            if let Some(report) = &self.progress {
                report(&Progress {
                    runs: graph.runs,
                    states: graph.state_count(),
                    planned: graph.runs + pending,
                });
            }
        };
        workers::with_pool(threads, &guide, &self.setup, |pool| match options.random {
            None => search::exhaustive(&mut graph, root, pool, &progress),
            Some(n) => search::random(&mut graph, n, pool, &progress),
        })?;
        graph.report(&mut main, &self.setup)
    }
}

/// Explores a guide with the default configuration.
pub fn explore(source: Source, setup: Setup, options: Options) -> Result<Exploration, Error> {
    Explorer::new(source, setup).options(options).run()
}
