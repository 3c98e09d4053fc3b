//! The two searches: breadth first over every answer, and random playthroughs that
//! prefer the least-taken answers; both merge the workers' results in a fixed order.

use crate::error::Error;
use crate::explore::graph::{Graph, Item};
use crate::explore::outcome::{Outcome, Playthrough};
use crate::explore::workers::{Job, Msg, Pool};
use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

/// Random playthroughs handed out at once. Fixed, so that a seed gives the same
/// playthroughs whatever the number of threads.
const PLAY_BATCH: usize = 16;

/// Follows every answer from the start (`root`), breadth first, until every path ends,
/// joins a state already explored, or a limit cuts it.
pub(super) fn exhaustive(
    graph: &mut Graph,
    root: Outcome,
    pool: &Pool,
    progress: &dyn Fn(&Graph, usize),
) -> Result<(), Error> {
    // Paths are handed out in the order they are found and merged in the order they were
    // handed out (results that arrive early wait), so the search is breadth first and
    // its result does not depend on which worker was quicker. There is no barrier
    // between depths: workers always have paths to play while any are known.
    let mut handed = 0usize;
    let mut merged = 0usize;
    let mut parents: VecDeque<(usize, usize)> = VecDeque::new();
    let mut early: HashMap<usize, Box<Outcome>> = HashMap::new();
    let mut found = Vec::new();
    graph.runs += 1;
    if let Some(id) = graph.absorb(None, root) {
        graph.expand(id, &mut found);
    }
    hand_out(&mut found, graph, &mut handed, &mut parents, pool);
    while merged < handed {
        match pool.recv()? {
            Msg::Replayed { index, outcome } => {
                early.insert(index, outcome);
            }
            Msg::Broken(e) => return Err(e),
            Msg::Played { .. } => unreachable!("no playthroughs were asked for"),
        }
        while let Some(outcome) = early.remove(&merged) {
            let parent = parents.pop_front().expect("a parent for every path");
            graph.runs += 1;
            if let Some(id) = graph.absorb(Some(parent), *outcome) {
                graph.expand(id, &mut found);
            }
            merged += 1;
            if merged.is_multiple_of(256) {
                progress(graph, handed - merged);
            }
        }
        if !found.is_empty() {
            hand_out(&mut found, graph, &mut handed, &mut parents, pool);
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
    pool: &Pool,
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
            restart: item.restart,
        });
        *handed += 1;
    }
    pool.push(jobs);
}

/// Plays `playthroughs` random playthroughs, in batches of [`PLAY_BATCH`]: each batch
/// prefers the answers least taken in the batches before it.
pub(super) fn random(
    graph: &mut Graph,
    playthroughs: usize,
    pool: &Pool,
    progress: &dyn Fn(&Graph, usize),
) -> Result<(), Error> {
    let mut counts: HashMap<(String, usize), u32> = HashMap::new();
    let mut start = 0;
    while start < playthroughs {
        let end = (start + PLAY_BATCH).min(playthroughs);
        let snapshot = Arc::new(counts.clone());
        pool.push((start..end).map(|index| Job::Play {
            index,
            seed: play_seed(graph.seed, index),
            counts: snapshot.clone(),
            max_depth: graph.max_depth,
        }));
        let mut results: Vec<Option<Playthrough>> = (start..end).map(|_| None).collect();
        for _ in start..end {
            match pool.recv()? {
                Msg::Played { index, play } => results[index - start] = Some(play),
                Msg::Broken(e) => return Err(e),
                Msg::Replayed { .. } => unreachable!("no replays were asked for"),
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
