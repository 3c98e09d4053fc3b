//! The privacy check (non-interference): until a private answer is revealed, nothing the
//! other partner may see depends on it: not a line's text, not which step comes next,
//! not a question or its options, not an error.
//!
//! The state graph keeps, for every answer's edge, a digest of what each partner saw
//! along it (`outcome::Seen`). For a private prompt, two paths that differ only in its
//! answer are followed side by side: both take the same answers from there on, and at
//! every edge the other partner's digests must be equal, until a reveal of the answering
//! partner's answers. Pairs of states already compared are not compared again, so loops
//! end. The first difference (the fewest answers, the search being breadth first) is the
//! witness; the report replays its two paths to say what each would show, and where.
//!
//! A prompt marked `#{ steers: true }` is meant to steer what both see (both privately
//! say "ready", then go on together): the path may depend on its answer, and the report
//! names it; but a free-text answer's own words shown to the other partner are still a
//! leak, so its differences are kept as candidates (`steered`) for the report to read.

use crate::audience::Audience;
use crate::explore::graph::{Edge, Graph};
use crate::prompt::PromptKind;
use crate::value::Value;
use std::collections::{HashSet, VecDeque};

/// Most pairs of edges compared in all, so that a huge graph cannot stall the report.
const MAX_PAIRS: usize = 2_000_000;

/// Most differences kept for one steered prompt and viewer, each replayed to read.
const MAX_STEERED: usize = 8;

/// Two paths that differ only in a private answer and show the other partner different
/// screens before it is revealed.
pub(super) struct Witness {
    /// The private prompt (an index into `Graph::prompts`).
    pub(super) slot: usize,
    /// The partner who could tell (an index into the guide's roles).
    pub(super) viewer: usize,
    /// The two private answers.
    pub(super) answers: [Value; 2],
    /// The two paths, each up to the answer after which the screens differ.
    pub(super) paths: [Vec<Value>; 2],
    /// The error one of the two paths ends in there (an index into `Graph::errors`):
    /// when the error is what differs, it is reported once, as an error reachable from
    /// the private answer, and the search for a leak goes on.
    pub(super) error: Option<usize>,
    /// The prompt steers (`#{ steers: true }`): a leak only if what differs shows the
    /// answer's own words.
    pub(super) steered: bool,
}

/// One pair of edges to compare: a state and an answer on each side, the answers that
/// lead along each, and which private answers started it.
struct Pair {
    sides: [(usize, usize); 2],
    paths: [Vec<Value>; 2],
    answers: [usize; 2],
}

impl Graph {
    /// The first witness for each private prompt and partner who could tell, and
    /// whether the comparison was cut short by [`MAX_PAIRS`].
    pub(super) fn leaks(&self, roles: &[String]) -> (Vec<Witness>, bool) {
        let mut witnesses = Vec::new();
        let mut budget = MAX_PAIRS;
        for (slot, (prompt, choices, _)) in self.prompts.values().enumerate() {
            let Audience::Partner(answering) = &prompt.to else {
                continue;
            };
            // A steered prompt is checked for its words only: free text.
            let steered = prompt.steers;
            let free_text = matches!(prompt.kind, PromptKind::Text);
            if !prompt.private || (steered && !free_text) || choices.len() < 2 {
                continue;
            }
            for (viewer, _) in roles.iter().enumerate().filter(|(_, r)| *r != answering) {
                let mut queue: VecDeque<Pair> = VecDeque::new();
                for (s, st) in self.states.iter().enumerate() {
                    if st.prompt != slot {
                        continue;
                    }
                    let path = self.path_to(s);
                    for i in 1..choices.len() {
                        queue.push_back(Pair {
                            sides: [(s, 0), (s, i)],
                            paths: [with(&path, &choices[0]), with(&path, &choices[i])],
                            answers: [0, i],
                        });
                    }
                }
                let mut compared: HashSet<(usize, usize)> = HashSet::new();
                let mut errors: HashSet<usize> = HashSet::new();
                let mut candidates = 0;
                while let Some(pair) = queue.pop_front() {
                    if budget == 0 {
                        return (witnesses, true);
                    }
                    budget -= 1;
                    let [(sa, a), (sb, b)] = pair.sides;
                    let (Some(ea), Some(eb)) = (self.states[sa].edges[a], self.states[sb].edges[b])
                    else {
                        continue;
                    };
                    let seen = |s: usize, i: usize| {
                        self.states[s].seen[i]
                            .as_ref()
                            .and_then(|seen| seen.get(viewer).copied())
                    };
                    let (Some(va), Some(vb)) = (seen(sa, a), seen(sb, b)) else {
                        continue;
                    };
                    if va.digest != vb.digest {
                        let error = match (ea, eb) {
                            (Edge::Error(e), _) | (_, Edge::Error(e)) => Some(e),
                            _ => None,
                        };
                        if steered {
                            // Where a steered answer leads may differ; keep the
                            // difference for the report to read, and go on comparing.
                            if error.is_none() {
                                witnesses.push(Witness {
                                    slot,
                                    viewer,
                                    answers: pair.answers.map(|i| choices[i].clone()),
                                    paths: pair.paths.clone(),
                                    error,
                                    steered,
                                });
                                candidates += 1;
                            }
                            if candidates >= MAX_STEERED {
                                break;
                            }
                            if error.is_some() {
                                continue;
                            }
                        } else {
                            if error.is_some_and(|e| !errors.insert(e)) {
                                continue;
                            }
                            witnesses.push(Witness {
                                slot,
                                viewer,
                                answers: pair.answers.map(|i| choices[i].clone()),
                                paths: pair.paths,
                                error,
                                steered,
                            });
                            if error.is_none() {
                                break;
                            }
                            continue;
                        }
                    }
                    if va.revealed {
                        continue;
                    }
                    let (Edge::State(ta), Edge::State(tb)) = (ea, eb) else {
                        continue;
                    };
                    if ta == tb || !compared.insert((ta, tb)) {
                        continue;
                    }
                    let ca = &self.prompts[self.states[ta].prompt].1;
                    let cb = &self.prompts[self.states[tb].prompt].1;
                    for j in 0..ca.len().min(cb.len()) {
                        queue.push_back(Pair {
                            sides: [(ta, j), (tb, j)],
                            paths: [with(&pair.paths[0], &ca[j]), with(&pair.paths[1], &cb[j])],
                            answers: pair.answers,
                        });
                    }
                }
            }
        }
        (witnesses, false)
    }
}

fn with(answers: &[Value], value: &Value) -> Vec<Value> {
    let mut out = Vec::with_capacity(answers.len() + 1);
    out.extend_from_slice(answers);
    out.push(value.clone());
    out
}
