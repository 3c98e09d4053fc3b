//! The worker pool: threads that replay paths (and play random playthroughs) from the one
//! loaded guide they share, and send back what each path showed.

use crate::error::{Error, ErrorKind};
use crate::explore::answers::{answers_to, prompt_id};
use crate::explore::coverage::take_hits;
use crate::explore::outcome::{Outcome, Playthrough, observe};
use crate::guide::Guide;
use crate::runtime::memo::StepMemo;
use crate::runtime::run::Entry;
use crate::session::{Session, Setup};
use crate::value::Value;
use crossbeam_channel::{Receiver, Sender};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

/// Replays paths from the guide, loaded once and shared by every worker.
pub(super) struct Replayer<'a> {
    guide: &'a Guide,
    setup: &'a Setup,
    /// The failures of steps before their first prompt met by this replayer's paths.
    memo: Rc<RefCell<StepMemo>>,
}

impl<'a> Replayer<'a> {
    pub(super) fn new(guide: &'a Guide, setup: &'a Setup) -> Replayer<'a> {
        Replayer {
            guide,
            setup,
            memo: Rc::default(),
        }
    }

    /// The guide the paths are replayed from.
    pub(super) fn guide(&self) -> &'a Guide {
        self.guide
    }

    /// Starts a session that keeps what its run holds at each step's entry, and hands it
    /// to `f`: the root of the exhaustive search.
    pub(super) fn start<R>(
        &mut self,
        f: impl FnOnce(&mut Session) -> Result<R, Error>,
    ) -> Result<R, Error> {
        let mut session =
            Session::replay_keeping_entries(self.guide.clone(), self.setup.clone(), Vec::new())?;
        f(&mut session)
    }

    /// Restarts a run where it entered a step, with the answers given in the step
    /// since, and hands the session to `f`.
    pub(super) fn resume<R>(
        &mut self,
        entry: &Entry,
        in_step: Vec<Value>,
        f: impl FnOnce(&mut Session) -> Result<R, Error>,
    ) -> Result<R, Error> {
        let mut session = Session::resume_at(
            self.guide.clone(),
            self.setup.clone(),
            entry,
            in_step,
            Some(self.memo.clone()),
        )?;
        f(&mut session)
    }

    /// Replays `answers` from the start and hands the session to `f`.
    pub(super) fn replay<R>(
        &mut self,
        answers: Vec<Value>,
        f: impl FnOnce(&mut Session) -> Result<R, Error>,
    ) -> Result<R, Error> {
        let mut session = Session::replay(self.guide.clone(), self.setup.clone(), answers)?;
        f(&mut session)
    }
}

/// Where a worker restarts a path.
pub(super) enum Restart {
    /// Where its run entered the step it is in, with the answers given in the step since
    /// (its last answer included).
    At(Arc<Entry>, Vec<Value>),
    /// From the start, with every answer (a run that kept no entry).
    Replay(Vec<Value>),
}

/// A path for a worker to play.
pub(super) enum Job {
    /// Play the path and say what it shows.
    Replay { index: usize, restart: Restart },
    /// Play one random playthrough, preferring the answers least taken so far.
    Play {
        index: usize,
        seed: u64,
        counts: Arc<HashMap<(String, usize), u32>>,
        max_depth: usize,
    },
}

/// What a worker sends back.
pub(super) enum Msg {
    Replayed {
        index: usize,
        outcome: Box<Outcome>,
    },
    Played {
        index: usize,
        play: Playthrough,
    },
    /// A worker could not go on (its guide did not load, say); it has stopped.
    Broken(Error),
}

/// The coordinator's ends of the pool: jobs go out, results come back as they are done.
pub(super) struct Pool {
    jobs: Sender<Job>,
    results: Receiver<Msg>,
}

impl Pool {
    /// Queues jobs, played in the order given (each by whichever worker is free).
    pub(super) fn push(&self, jobs: impl IntoIterator<Item = Job>) {
        for job in jobs {
            // The workers hold their end until the pool is dropped.
            let _ = self.jobs.send(job);
        }
    }

    /// The next result any worker sends.
    pub(super) fn recv(&self) -> Result<Msg, Error> {
        self.results.recv().map_err(|_| {
            Error::new(
                ErrorKind::Runtime,
                "the exploration's worker threads stopped unexpectedly",
            )
        })
    }
}

/// Runs `coordinate` with a pool of `threads` workers, each replaying from `guide`; the
/// workers stop when it returns.
pub(super) fn with_pool<R>(
    threads: usize,
    guide: &Guide,
    setup: &Setup,
    coordinate: impl FnOnce(&Pool) -> R,
) -> R {
    let (job_tx, job_rx) = crossbeam_channel::unbounded::<Job>();
    let (msg_tx, msg_rx) = crossbeam_channel::unbounded::<Msg>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let (jobs, results) = (job_rx.clone(), msg_tx.clone());
            scope.spawn(move || work(Replayer::new(guide, setup), &jobs, &results));
        }
        drop((job_rx, msg_tx));
        let pool = Pool {
            jobs: job_tx,
            results: msg_rx,
        };
        let result = coordinate(&pool);
        // No more jobs, and nobody listening: each worker ends after its current job.
        drop(pool);
        result
    })
}

fn work(mut replayer: Replayer<'_>, jobs: &Receiver<Job>, results: &Sender<Msg>) {
    while let Ok(job) = jobs.recv() {
        // A panic while playing a path (a bug, not a guide's error) must not leave the
        // coordinator waiting for a result that never comes.
        let played =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(&mut replayer, job)));
        let msg = match played {
            Ok(Ok(msg)) => msg,
            Ok(Err(e)) => Msg::Broken(e),
            Err(_) => Msg::Broken(Error::new(
                ErrorKind::Runtime,
                "exploring stopped: playing a path panicked (a bug in Kintsugi, not in the guide)",
            )),
        };
        let broken = matches!(msg, Msg::Broken(_));
        if results.send(msg).is_err() || broken {
            return;
        }
    }
}

fn run(replayer: &mut Replayer<'_>, job: Job) -> Result<Msg, Error> {
    // What the last job hit (the memo's replays) is not this one's.
    take_hits();
    match job {
        Job::Replay { index, restart } => {
            let mut outcome = match restart {
                Restart::At(entry, in_step) => {
                    replayer.resume(&entry, in_step, |session| Ok(observe(session)))?
                }
                Restart::Replay(answers) => {
                    replayer.replay(answers, |session| Ok(observe(session)))?
                }
            };
            outcome.probes = take_hits();
            Ok(Msg::Replayed {
                index,
                outcome: Box::new(outcome),
            })
        }
        Job::Play {
            index,
            seed,
            counts,
            max_depth,
        } => {
            let mut playthrough = replayer.replay(Vec::new(), |session| {
                play(session, seed, &counts, max_depth)
            })?;
            playthrough.probes = take_hits();
            Ok(Msg::Played {
                index,
                play: playthrough,
            })
        }
    }
}

/// Plays on from the start, at each prompt picking at random among the answers least
/// taken so far (in earlier batches and on this playthrough).
fn play(
    session: &mut Session,
    seed: u64,
    counts: &HashMap<(String, usize), u32>,
    max_depth: usize,
) -> Result<Playthrough, Error> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut play = Playthrough {
        answers: Vec::new(),
        steps: vec![(None, observe(session))],
        picks: Vec::new(),
        cut: false,
        probes: Vec::new(),
    };
    let mut mine: HashMap<(String, usize), u32> = HashMap::new();
    while let Some(prompt) = session.prompt().cloned() {
        if play.answers.len() >= max_depth {
            play.cut = true;
            break;
        }
        let choices = answers_to(&prompt);
        let key = prompt_id(&prompt);
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
        play.steps.push((Some(pick), observe(session)));
    }
    Ok(play)
}
