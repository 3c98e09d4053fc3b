//! The state graph: the states found waiting, what each answer led to, the moves between
//! steps, and what it tells (which states cannot finish, which loop with no way out).

use crate::audience::Audience;
use crate::error::Error;
use crate::explore::Options;
use crate::explore::answers::{answer_line, answered, answers_to, name_of, prompt_id};
use crate::explore::coverage::{Branch, step_of, take_hits};
use crate::explore::labels::label;
use crate::explore::offers::{Met, Way};
use crate::explore::outcome::{Hop, Outcome, Playthrough, Reached, Seen};
use crate::explore::report::{
    AnswerCoverage, Answered, BranchCoverage, Cut, End, ErrorPath, Exploration, Leak, Loop, Move,
    OfferWay, Offered, PartnerCoverage, PrivateSource, PromptCoverage, Sight, Steered,
    StepCoverage, StuckStep, Target, Unbounded, WalkEnd, Walked,
};
use crate::explore::shown::{Failure, Shown, shown_to};
use crate::explore::workers::{Replayer, Restart};
use crate::plugins::safety::OfferEnd;
use crate::prompt::Prompt;
use crate::runtime::run::Entry;
use crate::session::Setup;
use crate::value::Value;
use indexmap::{IndexMap, IndexSet};
use petgraph::algo::kosaraju_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{Dfs, Reversed, VisitMap};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Where an answer led from a state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Edge {
    State(usize),
    End(usize),
    Error(usize),
}

/// A state found waiting at a prompt.
pub(super) struct State {
    step: String,
    /// Index into `Graph::prompts`.
    pub(super) prompt: usize,
    /// How many answers the first path found to it gave (its answers are read off
    /// `parent`, [`Graph::path_to`]).
    depth: usize,
    /// What each of the prompt's answers led to; `None` while untried.
    pub(super) edges: Vec<Option<Edge>>,
    /// Not followed further: its path had `max_depth` answers, or asked its line more
    /// than `max_rounds` times.
    stopped: bool,
    /// How many times the path that first reached it asked its line, this time included.
    rounds: usize,
    /// Where its run entered the step, and the answers given in the step since.
    resume: Option<(Arc<Entry>, Vec<Value>)>,
    /// What each partner saw along each answer's edge (as `edges`).
    pub(super) seen: Vec<Option<Box<[Seen]>>>,
    /// The state a path first reached it from, and by which answer.
    parent: Option<(usize, usize)>,
}

/// A move between steps, as the paths made it.
struct MoveAgg {
    count: usize,
    /// Whether answers were given in `from` along this move.
    given: bool,
    /// For each prompt answered in `from` along this move: the prompt and the values.
    values: IndexMap<String, (Prompt, IndexSet<Value>)>,
}

/// An error, as the paths reached it.
struct ErrorAgg {
    error: Error,
    paths: usize,
    /// The state and answer the first path to it took last (`None`: before any answer).
    parent: Option<(usize, usize)>,
}

/// A finish, as the paths reached it.
struct EndAgg {
    step: String,
    text: String,
    texts: HashSet<String>,
    paths: usize,
}

/// Kintsugi's offers after answers at one line of the guide, alike in every way through.
struct OfferAgg {
    prompt: Prompt,
    offers: Vec<&'static str>,
    values: IndexSet<Value>,
    paths: usize,
    /// The state and answer of the first path found that meets them.
    parent: (usize, usize),
    ways: Vec<Way>,
}

/// Everything the paths showed, merged in a fixed order.
pub(super) struct Graph {
    pub(super) max_paths: usize,
    pub(super) max_depth: usize,
    max_rounds: usize,
    keep_paths: bool,
    random: Option<usize>,
    pub(super) seed: u64,
    pub(super) runs: usize,
    joined: usize,
    finished: usize,
    failed: usize,
    pub(super) cut: Cut,
    pub(super) states: Vec<State>,
    index: HashMap<u64, usize>,
    /// Each prompt reached, by key: the prompt, the answers tried there, which were.
    pub(super) prompts: IndexMap<String, (Prompt, Vec<Value>, Vec<bool>)>,
    /// For each prompt (as `prompts`), its line of the guide: an index into `lines`,
    /// the step, line and audience of the prompts asked there (a loop's rounds may
    /// differ in text, and so in key, but are asked at one line).
    line_of: Vec<usize>,
    lines: IndexSet<(String, usize, String)>,
    reached: HashSet<String>,
    moves: IndexMap<(Option<String>, Target), MoveAgg>,
    /// Per step, per prompt: every value given there along any move out of the step.
    step_values: HashMap<String, IndexMap<String, IndexSet<Value>>>,
    errors: IndexMap<String, ErrorAgg>,
    ends: IndexMap<String, EndAgg>,
    offers: IndexMap<String, OfferAgg>,
    /// Along an answer that leads to offers, the answers to them that go on.
    goes_on: HashMap<(usize, usize), Vec<(Prompt, Value)>>,
    walked: Vec<Walked>,
    /// The guide's branches, by probe number, and those a path took.
    pub(super) branches: Vec<Branch>,
    hit: HashSet<u32>,
}

/// One path to play in the exhaustive search: the state and answer it continues from,
/// and where a worker restarts it.
pub(super) struct Item {
    pub(super) parent: (usize, usize),
    pub(super) restart: Restart,
}

impl Graph {
    /// An empty graph for a search within the options' limits.
    pub(super) fn new(options: &Options) -> Graph {
        let Options {
            max_paths,
            max_depth,
            max_rounds,
            random,
            seed,
            keep_paths,
            ..
        } = *options;
        Graph {
            max_paths,
            max_depth,
            max_rounds,
            keep_paths,
            random,
            seed,
            runs: 0,
            joined: 0,
            finished: 0,
            failed: 0,
            cut: Cut {
                max_paths,
                max_depth,
                max_rounds,
                untried: 0,
                too_deep: 0,
                too_many_rounds: 0,
            },
            states: Vec::new(),
            index: HashMap::new(),
            prompts: IndexMap::new(),
            line_of: Vec::new(),
            lines: IndexSet::new(),
            reached: HashSet::new(),
            moves: IndexMap::new(),
            step_values: HashMap::new(),
            errors: IndexMap::new(),
            ends: IndexMap::new(),
            offers: IndexMap::new(),
            goes_on: HashMap::new(),
            walked: Vec::new(),
            branches: Vec::new(),
            hit: HashSet::new(),
        }
    }

    /// Distinct states found so far.
    pub(super) fn state_count(&self) -> usize {
        self.states.len()
    }

    /// The answers of the first path found to `state`: no state keeps its own, each
    /// knows the state and answer it was first reached from.
    pub(super) fn path_to(&self, state: usize) -> Vec<Value> {
        self.path_with(self.states[state].parent)
    }

    /// The answers of the first path found to a state, then one of its answers
    /// (`None`: no answer, the start).
    fn path_with(&self, last: Option<(usize, usize)>) -> Vec<Value> {
        let mut path = Vec::new();
        let mut at = last;
        while let Some((s, a)) = at {
            let st = &self.states[s];
            path.push(self.prompts[st.prompt].1[a].clone());
            at = st.parent;
        }
        path.reverse();
        path
    }

    /// Keeps the path that ends after `last` (for transcripts), when asked to.
    fn walk(&mut self, last: Option<(usize, usize)>, end: WalkEnd) {
        if self.keep_paths {
            let answers = self.path_with(last);
            self.walked.push(Walked { answers, end });
        }
    }

    /// Takes in what one path showed. Returns the id of a state seen for the first time.
    /// `parent` is the state and answer the path continues from (`None` for the start).
    pub(super) fn absorb(
        &mut self,
        parent: Option<(usize, usize)>,
        outcome: Outcome,
    ) -> Option<usize> {
        let exhaustive = self.random.is_none();
        let Outcome {
            reached,
            hop,
            seen,
            probes,
            offered,
        } = outcome;
        self.hit.extend(probes);
        if let (Some(offered), Some(parent)) = (offered, parent) {
            self.add_offers(parent, *offered);
        }
        let mut new = None;
        let edge = match reached {
            Reached::Waiting {
                key,
                prompt,
                resume,
            } => match self.index.get(&key) {
                Some(&id) => {
                    if exhaustive {
                        self.joined += 1;
                        self.walk(parent, WalkEnd::Joined);
                    }
                    self.record_hop(&hop, None);
                    Edge::State(id)
                }
                None => {
                    let id = self.states.len();
                    let choices = answers_to(&prompt);
                    let pkey = prompt_id(&prompt);
                    let slot = match self.prompts.get_index_of(&pkey) {
                        Some(slot) => slot,
                        None => {
                            let line =
                                (prompt.step.clone(), prompt.line, format!("{:?}", prompt.to));
                            self.line_of.push(self.lines.insert_full(line).0);
                            let tried = vec![false; choices.len()];
                            self.prompts
                                .insert_full(pkey, (prompt.clone(), choices.clone(), tried))
                                .0
                        }
                    };
                    let rounds = self.rounds_after(parent, self.line_of[slot]);
                    self.reached.insert(prompt.step.clone());
                    self.record_hop(&hop, None);
                    let depth = parent.map_or(0, |(s, _)| self.states[s].depth + 1);
                    self.states.push(State {
                        step: prompt.step.clone(),
                        prompt: slot,
                        depth,
                        edges: vec![None; choices.len()],
                        stopped: false,
                        rounds,
                        resume,
                        seen: vec![None; choices.len()],
                        parent,
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
                    self.walk(parent, WalkEnd::Finished);
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
                    parent,
                });
                agg.paths += 1;
                if exhaustive {
                    self.failed += 1;
                    self.walk(parent, WalkEnd::Failed);
                }
                self.record_hop(&hop, Some(Target::Error(e)));
                Edge::Error(e)
            }
        };
        if let Some((state, answer)) = parent {
            let st = &mut self.states[state];
            st.edges[answer] = Some(edge);
            st.seen[answer] = Some(seen);
            let slot = st.prompt;
            self.prompts[slot].2[answer] = true;
        }
        new
    }

    /// Takes in the offers a path's last answer led to.
    fn add_offers(&mut self, parent: (usize, usize), offered: Met) {
        let Met {
            prompt,
            value,
            offers,
            ways,
        } = offered;
        // Answers that lead to the same offers, asked and ending alike, are one entry.
        let shape: Vec<(Vec<(&str, &Value)>, OfferEnd)> = ways
            .iter()
            .map(|w| {
                let asked = w
                    .answers
                    .iter()
                    .map(|(p, v)| (p.text.as_str(), v))
                    .collect();
                (asked, w.end)
            })
            .collect();
        let key = format!(
            "{}\u{1f}{}\u{1f}{:?}\u{1f}{offers:?}\u{1f}{shape:?}",
            prompt.step, prompt.line, prompt.to
        );
        if let Some(way) = ways.iter().find(|w| w.end == OfferEnd::GoOn) {
            self.goes_on.insert(parent, way.answers.clone());
        }
        let agg = self.offers.entry(key).or_insert_with(|| OfferAgg {
            prompt,
            offers,
            values: IndexSet::new(),
            paths: 0,
            parent,
            ways,
        });
        agg.values.insert(value);
        agg.paths += 1;
    }

    /// How many times a path asks `line` when it goes on from `parent` and is asked
    /// it: once more than the last state on the way that was asked it.
    fn rounds_after(&self, parent: Option<(usize, usize)>, line: usize) -> usize {
        let mut at = parent;
        while let Some((s, _)) = at {
            let st = &self.states[s];
            if self.line_of[st.prompt] == line {
                return st.rounds + 1;
            }
            at = st.parent;
        }
        1
    }

    /// Queues the paths that continue from a new state, one per answer; a state whose
    /// path is at a limit (`max_depth` answers, or its line asked more than `max_rounds`
    /// times) is not followed, and counts as cut.
    pub(super) fn expand(&mut self, id: usize, next: &mut Vec<Item>) {
        let state = &mut self.states[id];
        let (deep, round) = (
            state.depth >= self.max_depth,
            state.rounds > self.max_rounds,
        );
        if deep || round {
            state.stopped = true;
            match deep {
                true => self.cut.too_deep += 1,
                false => self.cut.too_many_rounds += 1,
            }
            let parent = state.parent;
            self.walk(parent, WalkEnd::Cut);
            return;
        }
        let state = &self.states[id];
        let choices = &self.prompts[state.prompt].1;
        for (i, value) in choices.iter().enumerate() {
            let restart = match &state.resume {
                Some((entry, in_step)) => {
                    let mut in_step = in_step.clone();
                    in_step.push(value.clone());
                    Restart::At(entry.clone(), in_step)
                }
                None => Restart::Replay(self.path_with(Some((id, i)))),
            };
            next.push(Item {
                parent: (id, i),
                restart,
            });
        }
    }

    pub(super) fn absorb_playthrough(&mut self, play: &Playthrough) {
        self.runs += 1;
        self.hit.extend(play.probes.iter().copied());
        let mut state: Option<usize> = None;
        for (pick, outcome) in &play.steps {
            let parent = state.zip(*pick);
            let new = self.absorb(parent, outcome.clone());
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
                        self.states[state].stopped = true;
                    }
                }
                WalkEnd::Cut
            }
        };
        if self.keep_paths {
            self.walked.push(Walked {
                answers: play.answers.clone(),
                end,
            });
        }
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
            let key = prompt_id(prompt);
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

    /// The answers of the first path found to `state`, then `last` (a state and one of
    /// its answers) when given, each with its prompt, and the answers to Kintsugi's
    /// offers on the way that go on, as `run` asks them: read off the graph, each state
    /// knowing the state and answer it was first reached from, so no path is played again.
    /// With `ways`, the offers after the last answer are answered so instead.
    fn answered_to(
        &self,
        last: Option<(usize, usize)>,
        ways: Option<&[(Prompt, Value)]>,
        who: &dyn Fn(&Audience) -> String,
    ) -> Vec<Answered> {
        let mut edges = Vec::new();
        let mut at = last;
        while let Some((s, a)) = at {
            edges.push((s, a));
            at = self.states[s].parent;
        }
        edges.reverse();
        let mut list = Vec::new();
        let mut add = |prompt: &Prompt, value: &Value, step: &str, offer: bool| {
            list.push(Answered {
                step: step.to_string(),
                to: prompt.to.clone(),
                who: who(&prompt.to),
                prompt: prompt.text.clone(),
                line: answer_line(prompt, value),
                value: value.clone(),
                offer,
            });
        };
        for (i, &(s, a)) in edges.iter().enumerate() {
            let (prompt, choices, _) = &self.prompts[self.states[s].prompt];
            add(prompt, &choices[a], &prompt.step, false);
            let offers = match ways {
                Some(ways) if i + 1 == edges.len() => Some(ways),
                _ => self.goes_on.get(&(s, a)).map(Vec::as_slice),
            };
            for (asked, value) in offers.unwrap_or_default() {
                add(asked, value, &prompt.step, true);
            }
        }
        list
    }

    /// The moves between states as a graph whose node `i` is state `i`, with the edges
    /// `keep` chooses.
    fn state_graph(&self, keep: impl Fn(usize, usize) -> bool) -> DiGraph<(), ()> {
        let mut graph = DiGraph::with_capacity(self.states.len(), self.states.len());
        for _ in &self.states {
            graph.add_node(());
        }
        for (s, st) in self.states.iter().enumerate() {
            for edge in st.edges.iter().flatten() {
                if let Edge::State(t) = *edge
                    && keep(s, t)
                {
                    graph.add_edge(NodeIndex::new(s), NodeIndex::new(t), ());
                }
            }
        }
        graph
    }

    /// For each state, whether a finish may be reached from it: a state reaches a finish
    /// when one of its answers does, or leads to a state that does. A state not fully
    /// explored (an answer untried, or cut by depth) counts as one that may.
    fn may_finish(&self) -> Vec<bool> {
        let graph = self.state_graph(|_, _| true);
        // Every state that can reach one that may finish: a search backwards from each.
        let mut search = Dfs::empty(&graph);
        for (s, st) in self.states.iter().enumerate() {
            let open = st.stopped || st.edges.iter().any(Option::is_none);
            let ends = st.edges.iter().any(|e| matches!(e, Some(Edge::End(_))));
            if open || ends {
                search.move_to(NodeIndex::new(s));
                while search.next(Reversed(&graph)).is_some() {}
            }
        }
        graph
            .node_indices()
            .map(|s| search.discovered.is_visited(&s))
            .collect()
    }

    /// For each state, whether it is one of `targets` or leads to one through states
    /// `within`.
    fn leading_into(&self, targets: &[bool], within: &[bool]) -> Vec<bool> {
        let graph = self.state_graph(|s, t| within[s] && within[t]);
        let mut search = Dfs::empty(&graph);
        for (s, _) in targets.iter().enumerate().filter(|(_, t)| **t) {
            search.move_to(NodeIndex::new(s));
            while search.next(Reversed(&graph)).is_some() {}
        }
        graph
            .node_indices()
            .map(|s| search.discovered.is_visited(&s))
            .collect()
    }

    /// The strongly connected groups of stuck states that go round in a loop, each
    /// sorted, in the order of their first state. (Kosaraju's algorithm: petgraph's runs
    /// without recursion, so a loop of thousands of states is fine.)
    fn stuck_loops(&self, stuck: &[bool]) -> Vec<Vec<usize>> {
        let graph = self.state_graph(|s, t| stuck[s] && stuck[t]);
        let mut groups: Vec<Vec<usize>> = kosaraju_scc(&graph)
            .into_iter()
            .filter(|group| group.len() > 1 || graph.contains_edge(group[0], group[0]))
            .map(|group| {
                let mut group: Vec<usize> = group.into_iter().map(NodeIndex::index).collect();
                group.sort_unstable();
                group
            })
            .collect();
        groups.sort_by_key(|g| g[0]);
        groups
    }

    /// The loop that kept a cut search going, read off the first path that asked a line
    /// more than `max_rounds` times, or else the deepest path found: the prompt asked
    /// most often on it (at least three times), and what changed between its rounds
    /// (remembered values, or else the answers piling up in its step).
    fn unbounded(&self, outline: &crate::syntax::outline::Outline) -> Option<Unbounded> {
        let by_rounds = (0..self.states.len())
            .find(|&s| self.states[s].stopped && self.states[s].rounds > self.max_rounds);
        let deepest =
            by_rounds.or_else(|| (0..self.states.len()).max_by_key(|&s| self.states[s].depth))?;
        let mut chain = vec![deepest];
        while let Some((parent, _)) = self.states[*chain.last()?].parent {
            chain.push(parent);
        }
        chain.reverse();
        // By line, not by prompt key: a loop that asks with a counter in its text has
        // one key per round.
        let mut rounds: IndexMap<usize, Vec<usize>> = IndexMap::new();
        for &s in &chain {
            rounds
                .entry(self.line_of[self.states[s].prompt])
                .or_default()
                .push(s);
        }
        let visits = match by_rounds {
            Some(s) => rounds.get(&self.line_of[self.states[s].prompt])?,
            None => rounds.values().rev().max_by_key(|visits| visits.len())?,
        };
        if visits.len() < 3 {
            return None;
        }
        let prompt = &self.prompts[self.states[visits[0]].prompt].0;
        let memories: Vec<&IndexMap<String, rhai::Dynamic>> = visits
            .iter()
            .filter_map(|&s| self.states[s].resume.as_ref().map(|(e, _)| e.memory()))
            .collect();
        let mut growing = Vec::new();
        if let Some(last) = memories.last() {
            for key in last.keys() {
                let values: Vec<String> = memories
                    .iter()
                    .map(|m| m.get(key).map_or("(none)".into(), |v| v.to_string()))
                    .collect();
                let changes = values.windows(2).filter(|w| w[0] != w[1]).count();
                // Changed in most rounds: what keeps the rounds apart.
                if changes * 2 >= values.len() {
                    let mut shown: Vec<String> = values.iter().take(3).cloned().collect();
                    if values.len() > 4 {
                        shown.push("…".into());
                    }
                    if values.len() > 3 {
                        shown.push(values[values.len() - 1].clone());
                    }
                    growing.push((key.clone(), shown));
                }
            }
        }
        let in_step = growing.is_empty().then(|| {
            outline
                .step(&prompt.step)
                .map(|s| s.loops.iter().map(|p| p.line).collect())
                .unwrap_or_default()
        });
        Some(Unbounded {
            step: prompt.step.clone(),
            line: prompt.line,
            text: prompt.text.clone(),
            rounds: visits.len(),
            by_rounds: by_rounds.is_some(),
            growing,
            in_step,
            answers_on_path: self.states[deepest].depth,
        })
    }

    /// What the graph tells, as a report; `replayer` replays a few paths again to say
    /// who answered what along them.
    pub(super) fn report(
        mut self,
        replayer: &mut Replayer<'_>,
        setup: &Setup,
    ) -> Result<Exploration, Error> {
        let guide = replayer.guide();
        let decl = guide.declaration().clone();
        let guide_steps = guide.steps();
        let file = guide.source().name.clone();
        let who = |to: &Audience| name_of(guide, setup, to);

        let is_cut = self.cut.untried > 0 || self.cut.too_deep > 0 || self.cut.too_many_rounds > 0;
        let unbounded = match is_cut {
            true => self.unbounded(&guide.outline()),
            false => None,
        };
        let roles: Vec<String> = decl.roles.keys().cloned().collect();
        let (witnesses, privacy_cut) = self.leaks(&roles);
        let outline = guide.outline();
        let step_line = |step: &str| outline.step(step).map_or(1, |s| s.at.line);
        let mut leaks = Vec::new();
        let mut after_private: HashMap<usize, PrivateSource> = HashMap::new();
        let mut echoed: HashSet<(usize, usize)> = HashSet::new();
        for w in witnesses {
            let prompt = &self.prompts[w.slot].0;
            let role = &roles[w.viewer];
            // What each path shows, and the branches it took (its probes).
            let (seen, probes): (Vec<Vec<Shown>>, Vec<HashSet<u32>>) = w
                .paths
                .iter()
                .map(|path| {
                    take_hits();
                    replayer
                        .replay(path.clone(), |session| {
                            let error = Failure::of(session);
                            let name = |r: &str| session.name_of(&Audience::Partner(r.to_string()));
                            let shown = shown_to(
                                &session.events(),
                                role,
                                error.as_ref(),
                                &name,
                                &step_line,
                            )
                            .0;
                            Ok((shown, take_hits().into_iter().collect()))
                        })
                        .unwrap_or_default()
                })
                .unzip();
            // The first thing the other partner sees differently (the digests differed,
            // so the words do); for a steered answer, the first that shows its words.
            let echoes = |i: usize| {
                (0..2).any(|k| match (&w.answers[k], seen[k].get(i)) {
                    (Value::Text(words), Some(shown)) => {
                        !words.trim().is_empty() && shown.text.contains(words.trim())
                    }
                    _ => false,
                })
            };
            let Some(at) = (0..seen[0].len().max(seen[1].len())).find(|&i| {
                seen[0].get(i).map(|s| &s.text) != seen[1].get(i).map(|s| &s.text)
                    && (!w.steered || echoes(i))
            }) else {
                continue;
            };
            if w.steered && !echoed.insert((w.slot, w.viewer)) {
                continue;
            }
            let erring = (0..2).find(|&k| seen[k].get(at).is_some_and(|s| s.error));
            if let (Some(e), Some(failing)) = (w.error, erring) {
                after_private.entry(e).or_insert_with(|| PrivateSource {
                    who: who(&prompt.to),
                    prompt: prompt.text.clone(),
                    line: prompt.line,
                    answer: w.answers[failing].clone(),
                });
                continue;
            }
            leaks.push(Leak {
                step: prompt.step.clone(),
                line: prompt.line,
                prompt: prompt.text.clone(),
                who: who(&prompt.to),
                seen_by: who(&Audience::Partner(role.clone())),
                answers: w.answers,
                sights: [0, 1].map(|k| {
                    let mut sight = sight(&seen[k], at, &seen[1 - k]);
                    // The `if` that sent this path there: the nearest above the move of
                    // the branches only this path took.
                    sight.decided_at = sight.moved_at.and_then(|moved| {
                        probes[k]
                            .difference(&probes[1 - k])
                            .filter_map(|&n| self.branches.get(n as usize))
                            .map(|b| b.at.line)
                            .filter(|&line| line <= moved)
                            .max()
                    });
                    sight
                }),
                paths: w.paths.map(|path| answered(guide, setup, &path, None)),
                steered: w.steered,
            });
        }
        let mut steered: IndexMap<(String, usize), Steered> = IndexMap::new();
        for (p, _, _) in self
            .prompts
            .values()
            .filter(|(p, _, _)| p.private && p.steers)
        {
            let name = who(&p.to);
            steered
                .entry((p.step.clone(), p.line))
                .and_modify(|s| {
                    if !s.who.split(" and ").any(|n| n == name) {
                        s.who = format!("{} and {name}", s.who);
                    }
                })
                .or_insert_with(|| Steered {
                    step: p.step.clone(),
                    line: p.line,
                    prompt: p.text.clone(),
                    who: name.clone(),
                });
        }
        let steered: Vec<Steered> = steered.into_values().collect();
        let parent_of = |s: usize| self.states[s].parent;

        let may = self.may_finish();
        let no_finish: Vec<bool> = may.iter().map(|ok| !ok).collect();
        let groups = self.stuck_loops(&no_finish);
        let mut in_loop = vec![false; self.states.len()];
        for group in &groups {
            for &s in group {
                in_loop[s] = true;
            }
        }
        // Stuck: some way on neither finishes nor errs, so it goes round a loop with no
        // way out. A state whose every way on ends in an error is the error's, reported
        // once under Errors, not again for each step on the way to it.
        let stuck = self.leading_into(&in_loop, &no_finish);

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
        // One entry per line that asks (and whom it asks): a loop's rounds have keys of
        // their own (the place in the step, or the text, changes), but they are one
        // prompt to the author.
        let mut grouped: IndexMap<(String, usize, String), PromptCoverage> = IndexMap::new();
        // The most times one path asks a line (and whom it asks): a loop's rounds, not
        // its keys, which also differ with what came before it in the step.
        let mut most_rounds = vec![0usize; self.lines.len()];
        for st in &self.states {
            let line = self.line_of[st.prompt];
            most_rounds[line] = most_rounds[line].max(st.rounds);
        }
        for (slot, ((key, (prompt, choices, tried)), outcomes)) in
            self.prompts.iter().zip(outcomes).enumerate()
        {
            let entry = grouped
                .entry((prompt.step.clone(), prompt.line, format!("{:?}", prompt.to)))
                .or_insert_with(|| PromptCoverage {
                    key: key.clone(),
                    step: prompt.step.clone(),
                    ordinal: prompt.ordinal,
                    line: prompt.line,
                    to: prompt.to.clone(),
                    who: who(&prompt.to),
                    text: prompt.text.clone(),
                    kind: prompt.kind.clone(),
                    answers: Vec::new(),
                    rounds: 0,
                    outcomes: 0,
                });
            entry.rounds = entry.rounds.max(most_rounds[self.line_of[slot]]);
            entry.ordinal = entry.ordinal.min(prompt.ordinal);
            entry.outcomes = entry.outcomes.max(outcomes);
            for (value, tried) in choices.iter().zip(tried) {
                match entry.answers.iter_mut().find(|a| a.value == *value) {
                    Some(a) => a.tried |= *tried,
                    None => entry.answers.push(AnswerCoverage {
                        value: value.clone(),
                        tried: *tried,
                    }),
                }
            }
        }
        let mut prompts: Vec<PromptCoverage> = grouped.into_values().collect();

        // In the guide's order of steps, then by line.
        let step_index: HashMap<&str, usize> = guide_steps
            .iter()
            .enumerate()
            .map(|(i, (name, _))| (name.as_str(), i))
            .collect();
        prompts.sort_by_key(|p| (step_index.get(p.step.as_str()).copied(), p.line, p.ordinal));

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

        let mut errors = self
            .errors
            .values()
            .map(|agg| ErrorPath {
                error: agg.error.to_string(),
                message: agg.error.message.clone(),
                kind: format!("{:?}", agg.error.kind),
                step: agg.error.step.clone(),
                line: agg.error.location.as_ref().map(|l| l.line),
                paths: agg.paths,
                answers: self.answered_to(agg.parent, None, &who),
                after_private: None,
            })
            .collect::<Vec<_>>();
        for (e, source) in after_private {
            errors[e].after_private = Some(source);
        }

        let stuck_steps = guide_steps
            .iter()
            .filter_map(|(step, _)| {
                let &(states, in_loop, first) = stuck_count.get(step.as_str())?;
                Some(StuckStep {
                    step: step.clone(),
                    states,
                    of: state_count.get(step.as_str()).copied().unwrap_or(0),
                    in_loop,
                    answers: self.answered_to(parent_of(first), None, &who),
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
                    answers: self.answered_to(parent_of(group[0]), None, &who),
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
                    agg.given,
                    &agg.values,
                    from.as_ref().and_then(|f| self.step_values.get(f)),
                    out_degree.get(from).copied().unwrap_or(1),
                    &who,
                ),
                count: agg.count,
            })
            .collect();

        let ends = std::mem::take(&mut self.ends)
            .into_values()
            .map(|agg| End {
                step: agg.step,
                text: agg.text,
                texts: agg.texts.len(),
                paths: agg.paths,
            })
            .collect();

        let offers = self
            .offers
            .values()
            .map(|agg| Offered {
                step: agg.prompt.step.clone(),
                line: agg.prompt.line,
                prompt: agg.prompt.text.clone(),
                to: agg.prompt.to.clone(),
                who: who(&agg.prompt.to),
                private: agg.prompt.private,
                offers: agg.offers.iter().map(|o| o.to_string()).collect(),
                values: agg.values.iter().cloned().collect(),
                paths: agg.paths,
                ways: agg
                    .ways
                    .iter()
                    .map(|way| {
                        let (end, minutes) = match way.end {
                            OfferEnd::GoOn => ("go_on", None),
                            OfferEnd::Break { minutes } => ("break", Some(minutes)),
                            OfferEnd::Hold => ("hold", None),
                            OfferEnd::Lighter => ("lighter", None),
                        };
                        OfferWay {
                            end: end.to_string(),
                            minutes,
                            answers: self.answered_to(Some(agg.parent), Some(&way.answers), &who),
                        }
                    })
                    .collect(),
            })
            .collect();
        let cut = is_cut.then_some(self.cut);
        let branches = self
            .branches
            .iter()
            .enumerate()
            .map(|(n, b)| BranchCoverage {
                step: step_of(&outline, b.at),
                line: b.at.line,
                column: b.at.column,
                kind: b.kind.to_string(),
                taken: self.hit.contains(&(n as u32)),
            })
            .collect();
        Ok(Exploration {
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
            unbounded,
            steps,
            branches,
            prompts,
            partners,
            errors,
            stuck: stuck_steps,
            loops,
            leaks,
            offers,
            steered,
            privacy_complete: !privacy_cut,
            moves,
            ends,
            walked: self.walked,
        })
    }
}

/// What one path shows at `at`, the first place where it and `other` differ: its item
/// there, or "nothing more" where it has none (at the line its last item was shown).
/// The step moved to is named where the two paths are in different steps.
fn sight(seen: &[Shown], at: usize, other: &[Shown]) -> Sight {
    let (mut sight, other_step) = match (seen.get(at), other.get(at)) {
        (Some(s), o) => (
            Sight {
                text: s.text.clone(),
                step: s.step.clone(),
                line: s.line,
                module: s.module.clone(),
                moved_at: s.moved_at,
                decided_at: None,
            },
            o.map(|o| &o.step),
        ),
        (None, o) => {
            let last = seen.last();
            (
                Sight {
                    text: "nothing more until the next answer".to_string(),
                    step: last.map(|s| s.step.clone()).unwrap_or_default(),
                    line: last.map_or(0, |s| s.line),
                    module: last.and_then(|s| s.module.clone()),
                    moved_at: last.and_then(|s| s.moved_at),
                    decided_at: None,
                },
                o.map(|o| &o.step),
            )
        }
    };
    if other_step == Some(&sight.step) {
        sight.moved_at = None;
    }
    sight
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph_of(edges: Vec<Vec<Option<Edge>>>) -> Graph {
        let mut graph = Graph::new(&Options {
            max_paths: 100,
            max_depth: 100,
            ..Options::default()
        });
        for edges in edges {
            graph.states.push(State {
                step: "s".into(),
                prompt: 0,
                depth: 0,
                seen: vec![None; edges.len()],
                edges,
                stopped: false,
                rounds: 1,
                resume: None,
                parent: None,
            });
        }
        graph
    }

    #[test]
    fn states_that_cannot_finish_and_the_loops_among_them_are_found() {
        use Edge::{End, Error, State};
        let graph = graph_of(vec![
            vec![Some(State(1)), Some(End(0))],
            vec![Some(State(2))],
            vec![Some(State(1)), Some(State(3))],
            vec![Some(State(3)), Some(Error(0))],
            vec![Some(Error(0))],
            vec![Some(State(4)), None],
            vec![Some(State(0)), Some(State(6))],
        ]);
        let may = graph.may_finish();
        assert_eq!(may, [true, false, false, false, false, true, true]);
        let stuck: Vec<bool> = may.iter().map(|ok| !ok).collect();
        assert_eq!(graph.stuck_loops(&stuck), [vec![1, 2], vec![3]]);
    }

    #[test]
    fn a_loop_of_many_states_is_found_without_running_out_of_stack() {
        let n = 200_000;
        let graph = graph_of(
            (0..n)
                .map(|s| vec![Some(Edge::State((s + 1) % n))])
                .collect(),
        );
        let may = graph.may_finish();
        assert!(may.iter().all(|ok| !ok));
        let loops = graph.stuck_loops(&vec![true; n]);
        assert_eq!(loops.len(), 1);
        assert_eq!(loops[0], (0..n).collect::<Vec<_>>());
    }
}
