//! A program over weeks: phases in order, the guides of each, and the soft gates before
//! a phase (days, check-ins held, guides done, both partners ready), read from a TOML
//! file a counselor can write; and where a couple stands in it, from their history.
//!
//! Not to be confused with `runtime::program`, what every run of one guide shares: this
//! is the couple's path from guide to guide. Pure: the host reads the file, gives the
//! history (whose `days_ago` say how long ago each session was, on the host's clock) and
//! the phases both partners said, in private, they are ready for; it shows the result.
//! A gate never forces: it only chooses what is suggested next.

use crate::couple::{CoupleHistory, PastSession, SessionStatus};
use serde::Deserialize;
use std::fmt;
use std::ops::Range;
use toml::Spanned;

/// A program, checked: every phase has guides, ids are unique, and a gate names only
/// guides of the phases before it (so no phase waits for one that comes after it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    /// What the couple is told the program is (`Rebuilding trust`).
    pub title: String,
    /// The guide held regularly (`check-in`): what `check_ins` gates count.
    pub check_in: String,
    /// Days between two check-ins in a phase that has them.
    pub check_in_every: u32,
    /// The phases, in order.
    pub phases: Vec<Phase>,
    /// Guides for any time, outside the order (`setback`), and when each fits.
    pub anytime: Vec<Anytime>,
    /// Every guide named, with where: for checking that each exists.
    named: Vec<(String, Range<usize>)>,
}

/// One phase: guides suggested in order, after its gate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phase {
    /// A short id, unique in the program (what readiness is kept under).
    pub id: String,
    /// What the phase is about, in words for the couple.
    pub title: String,
    /// Its guides, in the order they are suggested.
    pub guides: Vec<String>,
    /// Whether check-ins come round regularly in this phase.
    pub check_ins: bool,
    /// What it waits for.
    pub gate: Gate,
}

/// What a phase waits for, all of it soft: the phases before it done, then at least
/// `days` days and `check_ins` check-ins since, the `after` guides done, and both
/// partners ready if `ready` asks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gate {
    /// Guides done before it (besides those of the phases before).
    pub after: Vec<String>,
    /// Days since the guides before it were done.
    pub days: u32,
    /// Check-ins held since the guides before it were done.
    pub check_ins: u32,
    /// The question each partner is asked in private; the phase waits until both say yes.
    pub ready: Option<String>,
}

/// A guide for any time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anytime {
    /// The guide.
    pub guide: String,
    /// When it fits, in words (`when something reopens the hurt`).
    pub when: String,
}

/// What is wrong with a program file, where, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramError {
    /// What is wrong.
    pub message: String,
    /// The way forward.
    pub help: String,
    /// The bytes of the file it is about, if it is about a place.
    pub span: Option<Range<usize>>,
}

impl ProgramError {
    fn new(message: impl Into<String>, help: impl Into<String>, span: Range<usize>) -> Self {
        ProgramError {
            message: message.into(),
            help: help.into(),
            span: Some(span),
        }
    }

    /// The 1-based line and column (in characters) of its place in `text`.
    pub fn line_column(&self, text: &str) -> Option<(usize, usize)> {
        let start = self.span.as_ref()?.start.min(text.len());
        let before = text.get(..start)?;
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        Some((line, column))
    }
}

impl fmt::Display for ProgramError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ProgramError {}

/// The file, as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    title: String,
    check_in: Option<Spanned<String>>,
    check_in_every: Option<u32>,
    #[serde(default)]
    phase: Vec<Spanned<RawPhase>>,
    #[serde(default)]
    anytime: Vec<RawAnytime>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPhase {
    id: Spanned<String>,
    title: String,
    guides: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    check_ins: bool,
    #[serde(default)]
    gate: RawGate,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawGate {
    #[serde(default)]
    after: Vec<Spanned<String>>,
    #[serde(default)]
    days: u32,
    #[serde(default)]
    check_ins: u32,
    ready: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnytime {
    guide: Spanned<String>,
    when: String,
}

/// The default check-in guide, and how often it comes round.
const CHECK_IN: &str = "check-in";
const CHECK_IN_EVERY: u32 = 7;

impl Program {
    /// Reads and checks a program file's text.
    pub fn parse(text: &str) -> Result<Program, ProgramError> {
        let file: File = toml::from_str(text).map_err(|e| ProgramError {
            message: e.message().trim_end().to_string(),
            help: "a program is TOML: a `title`, then `[[phase]]` tables with `id`, `title`, \
                   `guides` and an optional `[phase.gate]` (`after`, `days`, `check_ins`, \
                   `ready`); the README has an example"
                .into(),
            span: e.span(),
        })?;
        let mut named = Vec::new();
        let mut name = |s: &Spanned<String>| {
            named.push((s.get_ref().clone(), s.span()));
            s.get_ref().clone()
        };
        let check_in = file
            .check_in
            .as_ref()
            .map_or_else(|| CHECK_IN.to_string(), &mut name);
        if file.phase.is_empty() {
            return Err(ProgramError {
                message: "this program has no phase".into(),
                help: "add at least one `[[phase]]` with an `id`, a `title` and `guides`".into(),
                span: None,
            });
        }
        let mut phases: Vec<Phase> = Vec::new();
        for raw in &file.phase {
            let raw_phase = raw.get_ref();
            let id = raw_phase.id.get_ref();
            if let Some(earlier) = phases.iter().position(|p| &p.id == id) {
                return Err(ProgramError::new(
                    format!(
                        "a phase with the id \"{id}\" comes earlier (phase {})",
                        earlier + 1
                    ),
                    "give each phase an id of its own",
                    raw_phase.id.span(),
                ));
            }
            if raw_phase.guides.get_ref().is_empty() {
                return Err(ProgramError::new(
                    format!("the phase \"{id}\" has no guide"),
                    "list the guides of the phase, in order: guides = [\"check-in\"]",
                    raw_phase.guides.span(),
                ));
            }
            let guides: Vec<String> = raw_phase.guides.get_ref().iter().map(&mut name).collect();
            // A gate may wait only for what comes before it: a guide of this phase or a
            // later one would be a circle, the phase waiting for itself.
            for after in &raw_phase.gate.after {
                let before = phases.iter().any(|p| p.guides.contains(after.get_ref()))
                    || file
                        .anytime
                        .iter()
                        .any(|a| a.guide.get_ref() == after.get_ref());
                if !before {
                    return Err(ProgramError::new(
                        format!(
                            "the phase \"{id}\" waits for \"{}\", which is not a guide of a phase before it",
                            after.get_ref()
                        ),
                        "a gate's `after` names guides of earlier phases (or `anytime` guides); \
                         to order guides within a phase, list them in that order",
                        after.span(),
                    ));
                }
                name(after);
            }
            phases.push(Phase {
                id: id.clone(),
                title: raw_phase.title.clone(),
                guides,
                check_ins: raw_phase.check_ins,
                gate: Gate {
                    after: raw_phase
                        .gate
                        .after
                        .iter()
                        .map(|s| s.get_ref().clone())
                        .collect(),
                    days: raw_phase.gate.days,
                    check_ins: raw_phase.gate.check_ins,
                    ready: raw_phase.gate.ready.clone(),
                },
            });
        }
        let anytime = file
            .anytime
            .iter()
            .map(|a| Anytime {
                guide: name(&a.guide),
                when: a.when.clone(),
            })
            .collect();
        Ok(Program {
            title: file.title,
            check_in,
            check_in_every: file.check_in_every.unwrap_or(CHECK_IN_EVERY).max(1),
            phases,
            anytime,
            named,
        })
    }

    /// Every guide the program names that `exists` does not know, each where it is
    /// first named.
    pub fn unknown_guides(&self, exists: impl Fn(&str) -> bool) -> Vec<ProgramError> {
        let mut seen: Vec<&str> = Vec::new();
        self.named
            .iter()
            .filter(|(name, _)| !exists(name))
            .filter(|(name, _)| {
                let new = !seen.contains(&name.as_str());
                seen.push(name);
                new
            })
            .map(|(name, span)| {
                ProgramError::new(
                    format!("there is no guide named \"{name}\""),
                    "name a shipped guide (`kintsugi list`) or a guide file by its path",
                    span.clone(),
                )
            })
            .collect()
    }

    /// Every guide the program names, once each, in order.
    pub fn guides(&self) -> Vec<&str> {
        let mut all: Vec<&str> = Vec::new();
        for (name, _) in &self.named {
            if !all.contains(&name.as_str()) {
                all.push(name);
            }
        }
        all
    }

    /// Where a couple with this history stands, and what comes next. `ready` holds the
    /// ids of the phases both partners said, in private, they are ready for.
    pub fn standing(&self, history: &CoupleHistory, ready: &[String]) -> Standing {
        let done = Done::of(&history.sessions);
        // The phase they are in: the last one they began (a guide of it done), whatever
        // its gate said, since a gate never forces; the first before anything is done.
        let mut phase = (0..self.phases.len())
            .rev()
            .find(|&i| self.phases[i].guides.iter().any(|g| done.has(g)))
            .unwrap_or(0);
        // A guide of this phase or one before that is still to do comes next, in order.
        let undone = self.phases[..=phase]
            .iter()
            .flat_map(|p| &p.guides)
            .find(|g| !done.has(g));
        // Begun with a guide of a phase: a check-in alone begins nothing.
        let begun = self
            .phases
            .iter()
            .flat_map(|p| &p.guides)
            .any(|g| done.has(g));
        let next = match undone {
            Some(guide) => Next::Guide {
                guide: guide.clone(),
                first: !begun,
            },
            None if phase + 1 == self.phases.len() => Next::Finished,
            None => {
                let holding = self.holding(phase + 1, &done, ready);
                if holding.is_empty() {
                    phase += 1;
                    Next::Guide {
                        guide: self.phases[phase].guides[0].clone(),
                        first: false,
                    }
                } else {
                    Next::Waiting {
                        phase: phase + 1,
                        holding,
                    }
                }
            }
        };
        let check_in = self.check_in_due(phase, &done);
        Standing {
            phase,
            done: self.phases[phase]
                .guides
                .iter()
                .filter(|g| done.has(g))
                .cloned()
                .collect(),
            check_ins: done.finished(&self.check_in).len() as u32,
            begun,
            next,
            check_in,
        }
    }

    /// What still holds the gate of phase `i` (whose phases before it are done).
    fn holding(&self, i: usize, done: &Done, ready: &[String]) -> Vec<Holding> {
        let phase = &self.phases[i];
        let gate = &phase.gate;
        let mut holding = Vec::new();
        let missing: Vec<String> = gate
            .after
            .iter()
            .filter(|g| !done.has(g))
            .cloned()
            .collect();
        if !missing.is_empty() {
            holding.push(Holding::Guides(missing));
        }
        // Counted from when the guides before it were all done: the latest of their
        // first finishes.
        let before = self.phases[..i]
            .iter()
            .flat_map(|p| &p.guides)
            .chain(&gate.after);
        let since = before.filter_map(|g| done.first(g)).min();
        if let Some(since) = since {
            if since < gate.days {
                holding.push(Holding::Days {
                    left: gate.days - since,
                    of: gate.days,
                });
            }
            let held = done
                .finished(&self.check_in)
                .iter()
                .filter(|s| s.days_ago <= since)
                .count() as u32;
            if held < gate.check_ins {
                holding.push(Holding::CheckIns {
                    left: gate.check_ins - held,
                    of: gate.check_ins,
                });
            }
        }
        if gate.ready.is_some() && !ready.contains(&phase.id) {
            holding.push(Holding::Ready);
        }
        holding
    }

    /// Whether a check-in is due in phase `i`: it has them, and none was held in the
    /// last `check_in_every` days.
    fn check_in_due(&self, i: usize, done: &Done) -> Option<CheckIn> {
        if !self.phases[i].check_ins {
            return None;
        }
        let last = done
            .finished(&self.check_in)
            .iter()
            .map(|s| s.days_ago)
            .min();
        match last {
            Some(days) if days < self.check_in_every => {
                Some(CheckIn::In(self.check_in_every - days))
            }
            last => Some(CheckIn::Due(last)),
        }
    }

    /// Why phase `i` waits, in a sentence: "Phase 3 (Forgiveness) waits until 21 days
    /// have passed since the phase before it (5 more), you have held 2 check-ins since
    /// then (1 more) and both of you say, each in private, that you are ready."
    pub fn waits(&self, i: usize, holding: &[Holding]) -> String {
        let mut since = "since the phase before it";
        let parts: Vec<String> = holding
            .iter()
            .map(|h| {
                let words = h.words(self, since);
                if matches!(h, Holding::Days { .. }) {
                    since = "since then";
                }
                words
            })
            .collect();
        format!(
            "Phase {} ({}) waits until {}.",
            i + 1,
            self.phases[i].title,
            and_list(&parts)
        )
    }
}

/// What the couple has finished, guide by guide.
struct Done<'a> {
    sessions: Vec<&'a PastSession>,
}

impl<'a> Done<'a> {
    fn of(sessions: &'a [PastSession]) -> Done<'a> {
        let sessions: Vec<&PastSession> = sessions
            .iter()
            .filter(|s| s.status == SessionStatus::Finished)
            .collect();
        Done { sessions }
    }

    fn finished(&self, guide: &str) -> Vec<&'a PastSession> {
        self.sessions
            .iter()
            .copied()
            .filter(|s| s.guide == guide)
            .collect()
    }

    fn has(&self, guide: &str) -> bool {
        self.sessions.iter().any(|s| s.guide == guide)
    }

    /// How many days ago the guide was first finished.
    fn first(&self, guide: &str) -> Option<u32> {
        self.finished(guide).iter().map(|s| s.days_ago).max()
    }
}

/// Where a couple stands in a program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    /// The phase they are in (its index).
    pub phase: usize,
    /// The guides of that phase they have done, in the program's order.
    pub done: Vec<String>,
    /// Check-ins held in all.
    pub check_ins: u32,
    /// Whether they have finished any guide of a phase yet (a check-in alone is none).
    pub begun: bool,
    /// What comes next.
    pub next: Next,
    /// Where the check-in stands, in a phase that has them.
    pub check_in: Option<CheckIn>,
}

/// What comes next in a program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// This guide; `first` when it is where the program begins.
    Guide {
        /// The guide.
        guide: String,
        /// Whether nothing is done yet.
        first: bool,
    },
    /// The phase after theirs waits for these.
    Waiting {
        /// The phase that waits.
        phase: usize,
        /// What it waits for.
        holding: Vec<Holding>,
    },
    /// Every phase is done.
    Finished,
}

/// One thing a gate still waits for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holding {
    /// These guides done.
    Guides(Vec<String>),
    /// `left` more days (of `of`).
    Days {
        /// Days still to pass.
        left: u32,
        /// Days the gate asks for.
        of: u32,
    },
    /// `left` more check-ins (of `of`).
    CheckIns {
        /// Check-ins still to hold.
        left: u32,
        /// Check-ins the gate asks for.
        of: u32,
    },
    /// Both partners to say, in private, that they are ready.
    Ready,
}

impl Holding {
    /// In words, to follow "waits until"; `since` says since when days and check-ins count.
    fn words(&self, program: &Program, since: &str) -> String {
        match self {
            Holding::Guides(guides) => format!("you have done {}", and_list(guides)),
            Holding::Days { left, of } => format!(
                "{} {since} ({left} more)",
                count(*of, "day has passed", "days have passed"),
            ),
            Holding::CheckIns { left, of } => {
                let held = match program.check_in.as_str() {
                    CHECK_IN => count(*of, "check-in", "check-ins"),
                    other => count(
                        *of,
                        &format!("session of {other}"),
                        &format!("sessions of {other}"),
                    ),
                };
                format!("you have held {held} {since} ({left} more)")
            }
            Holding::Ready => "both of you say, each in private, that you are ready".into(),
        }
    }
}

/// Where the check-in stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckIn {
    /// Due now: the last was this many days ago, or there was none.
    Due(Option<u32>),
    /// Due in this many days.
    In(u32),
}

/// "1 day", "3 days"; "one" and "two" in words.
fn count(n: u32, one: &str, many: &str) -> String {
    match n {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

/// "a", "a and b", "a, b and c".
fn and_list(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROGRAM: &str = r#"
title = "Test"

[[phase]]
id = "one"
title = "The first phase"
guides = ["a", "b"]

[[phase]]
id = "two"
title = "The second phase"
guides = ["c"]
check_ins = true
gate = { days = 7 }

[[phase]]
id = "three"
title = "The third phase"
guides = ["d"]
check_ins = true
[phase.gate]
after = ["a"]
days = 14
check_ins = 2
ready = "Ready?"
"#;

    fn session(guide: &str, days_ago: u32, status: SessionStatus) -> PastSession {
        PastSession {
            id: format!("{guide}-{days_ago}"),
            guide: guide.into(),
            // Older sessions first, as the history keeps them.
            started: format!("{:04}", 9999 - days_ago),
            days_ago,
            status,
            ..PastSession::default()
        }
    }

    fn history(sessions: &[(&str, u32)]) -> CoupleHistory {
        CoupleHistory::build(
            sessions
                .iter()
                .map(|(g, d)| session(g, *d, SessionStatus::Finished))
                .collect(),
        )
    }

    #[test]
    fn a_couple_moves_through_the_phases_as_the_gates_open() {
        let program = Program::parse(PROGRAM).unwrap();
        let at = |sessions: &[(&str, u32)], ready: &[&str]| {
            let ready: Vec<String> = ready.iter().map(|s| s.to_string()).collect();
            program.standing(&history(sessions), &ready)
        };
        // Nothing yet: the first guide, and the program has not begun.
        let fresh = at(&[], &[]);
        assert_eq!(
            (fresh.phase, fresh.begun, fresh.next.clone()),
            (
                0,
                false,
                Next::Guide {
                    guide: "a".into(),
                    first: true
                }
            )
        );
        // In order within a phase.
        assert_eq!(
            at(&[("a", 3)], &[]).next,
            Next::Guide {
                guide: "b".into(),
                first: false
            }
        );
        // The second phase waits a week after the first phase's guides were done.
        let waiting = at(&[("a", 5), ("b", 3)], &[]);
        assert_eq!(
            waiting.next,
            Next::Waiting {
                phase: 1,
                holding: vec![Holding::Days { left: 4, of: 7 }]
            }
        );
        assert_eq!(
            program.waits(1, &[Holding::Days { left: 4, of: 7 }]),
            "Phase 2 (The second phase) waits until 7 days have passed since the phase before it (4 more)."
        );
        let open = at(&[("a", 9), ("b", 8)], &[]);
        assert_eq!(
            (open.phase, open.next),
            (
                1,
                Next::Guide {
                    guide: "c".into(),
                    first: false
                }
            )
        );
        // The third waits for days, check-ins held since, and both partners' readiness.
        let third = at(
            &[
                ("a", 20),
                ("b", 10),
                ("check-in", 12),
                ("c", 9),
                ("check-in", 2),
            ],
            &[],
        );
        assert_eq!(
            third.next,
            Next::Waiting {
                phase: 2,
                holding: vec![
                    Holding::Days { left: 5, of: 14 },
                    Holding::CheckIns { left: 1, of: 2 },
                    Holding::Ready
                ]
            }
        );
        let ready = at(
            &[
                ("a", 30),
                ("b", 20),
                ("c", 16),
                ("check-in", 12),
                ("check-in", 2),
            ],
            &["three"],
        );
        assert_eq!(
            ready.next,
            Next::Guide {
                guide: "d".into(),
                first: false
            }
        );
        assert_eq!(ready.phase, 2);
        let end = at(&[("a", 30), ("b", 20), ("c", 16), ("d", 1)], &[]);
        assert_eq!(end.next, Next::Finished);
    }

    #[test]
    fn a_gate_never_forces_a_couple_who_went_ahead_are_where_they_went() {
        let program = Program::parse(PROGRAM).unwrap();
        // They ran the third phase's guide without the gates, and skipped "b": the
        // program stands in the third phase and suggests what is left before it.
        let ahead = program.standing(&history(&[("a", 2), ("d", 1)]), &[]);
        assert_eq!(ahead.phase, 2);
        assert_eq!(
            ahead.next,
            Next::Guide {
                guide: "b".into(),
                first: false
            }
        );
    }

    #[test]
    fn only_finished_sessions_count_and_check_ins_come_round() {
        let program = Program::parse(PROGRAM).unwrap();
        let sessions = vec![
            session("a", 20, SessionStatus::Finished),
            session("b", 19, SessionStatus::Finished),
            session("c", 3, SessionStatus::Unfinished),
            session("check-in", 9, SessionStatus::Finished),
            session("check-in", 1, SessionStatus::Ended),
        ];
        let standing = program.standing(&CoupleHistory::build(sessions), &[]);
        assert_eq!(
            standing.next,
            Next::Guide {
                guide: "c".into(),
                first: false
            }
        );
        assert_eq!(standing.check_in, Some(CheckIn::Due(Some(9))));
        assert_eq!(standing.check_ins, 1);
        let recent = program.standing(&history(&[("a", 20), ("b", 19), ("check-in", 2)]), &[]);
        assert_eq!(recent.check_in, Some(CheckIn::In(5)));
        // The first phase has no check-ins.
        assert_eq!(program.standing(&history(&[]), &[]).check_in, None);
    }

    fn error(text: &str) -> (String, Option<(usize, usize)>) {
        let e = Program::parse(text).unwrap_err();
        (e.message.clone(), e.line_column(text))
    }

    #[test]
    fn mistakes_are_named_with_their_line_and_column() {
        // An unknown gate kind.
        let (message, at) = error(
            "title = \"T\"\n[[phase]]\nid = \"x\"\ntitle = \"X\"\nguides = [\"a\"]\ngate = { weeks = 2 }\n",
        );
        assert!(message.contains("unknown field `weeks`"), "{message}");
        assert_eq!(at, Some((6, 10)));
        // Not TOML at all.
        let (_, at) = error("title = \"T\"\n[[phase]\n");
        assert_eq!(at.map(|(line, _)| line), Some(2));
        // A phase waiting for a guide of its own or a later phase: a circle.
        let (message, at) = error(
            "title = \"T\"\n[[phase]]\nid = \"x\"\ntitle = \"X\"\nguides = [\"a\"]\ngate = { after = [\"b\"] }\n\
             [[phase]]\nid = \"y\"\ntitle = \"Y\"\nguides = [\"b\"]\n",
        );
        assert!(
            message.contains("not a guide of a phase before it"),
            "{message}"
        );
        assert_eq!(at, Some((6, 19)));
        // The same id twice, and a phase with no guide.
        let (message, at) = error(
            "title = \"T\"\n[[phase]]\nid = \"x\"\ntitle = \"X\"\nguides = [\"a\"]\n\
             [[phase]]\nid = \"x\"\ntitle = \"Y\"\nguides = [\"b\"]\n",
        );
        assert!(message.contains("comes earlier"), "{message}");
        assert_eq!(at, Some((7, 6)));
        let (message, _) =
            error("title = \"T\"\n[[phase]]\nid = \"x\"\ntitle = \"X\"\nguides = []\n");
        assert!(message.contains("has no guide"), "{message}");
        assert!(error("title = \"T\"\n").0.contains("no phase"));
    }

    #[test]
    fn unknown_guides_are_named_once_where_they_first_appear() {
        let program = Program::parse(PROGRAM).unwrap();
        let unknown = program.unknown_guides(|g| g != "c" && g != "check-in");
        let names: Vec<&str> = unknown.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            names,
            ["there is no guide named \"c\""],
            "check-in is named by default, not in the file"
        );
        assert_eq!(unknown[0].line_column(PROGRAM), Some((12, 11)));
        assert_eq!(program.guides(), ["a", "b", "c", "d"]);
    }
}
