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
//! say "ready", then go on together): it is not checked, and the report names it.

use crate::audience::{Audience, Viewer};
use crate::event::{Event, EventKind};
use crate::explore::graph::{Edge, Graph};
use crate::runtime::run::Status;
use crate::session::Session;
use crate::syntax::outline::Outline;
use crate::value::Value;
use std::collections::{HashSet, VecDeque};

/// Most pairs of edges compared in all, so that a huge graph cannot stall the report.
const MAX_PAIRS: usize = 2_000_000;

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
            if !prompt.private || prompt.steers || choices.len() < 2 {
                continue;
            }
            for (viewer, _) in roles.iter().enumerate().filter(|(_, r)| *r != answering) {
                let mut queue: VecDeque<Pair> = VecDeque::new();
                for (s, st) in self.states.iter().enumerate() {
                    if st.prompt != slot {
                        continue;
                    }
                    for i in 1..choices.len() {
                        queue.push_back(Pair {
                            sides: [(s, 0), (s, i)],
                            paths: [
                                with(&st.answers, &choices[0]),
                                with(&st.answers, &choices[i]),
                            ],
                            answers: [0, i],
                        });
                    }
                }
                let mut compared: HashSet<(usize, usize)> = HashSet::new();
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
                        witnesses.push(Witness {
                            slot,
                            viewer,
                            answers: pair.answers.map(|i| choices[i].clone()),
                            paths: pair.paths,
                        });
                        break;
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

/// One thing a partner saw, as the report shows it: the text, the step it was shown in
/// and the line of the guide that shows it, where known.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Shown {
    pub(super) text: String,
    pub(super) step: String,
    pub(super) line: Option<usize>,
}

/// What `role` saw after a session's last answer, up to a reveal of another partner's
/// answers (as `outcome::seen` digests it), line by line.
pub(super) fn shown_to(
    session: &Session,
    role: &str,
    outline: &Outline,
    source: &str,
) -> Vec<Shown> {
    let viewer = Viewer::Partner(role.to_string());
    let events = session.events();
    let from = events
        .iter()
        .rposition(|e| matches!(e.kind, EventKind::Answer { .. }))
        .unwrap_or(0);
    let mut step = events[..from]
        .iter()
        .rev()
        .find_map(entered)
        .unwrap_or_default();
    let mut out = Vec::new();
    for event in &events[from..] {
        if let Some(s) = entered(event) {
            step = s;
            continue;
        }
        let (text, line) = if event.seen_by.admits(&viewer) {
            match &event.kind {
                EventKind::Prompt(p) => (format!("question: {}", p.text), Some(p.line)),
                EventKind::Answer { value, .. } => (format!("answer: {value}"), None),
                EventKind::Say { text } => (text.clone(), said_at(outline, source, &step, text)),
                EventKind::Finished { text } => (
                    format!("closing line: {text}"),
                    said_at(outline, source, &step, text),
                ),
                EventKind::Agreement { text, .. } => (
                    format!("agreement: {text}"),
                    said_at(outline, source, &step, text),
                ),
                EventKind::Reveal { label, answers } if answers.iter().any(|(r, _)| r != role) => {
                    (format!("a reveal: {label}"), None)
                }
                other => (format!("{other:?}"), None),
            }
        } else if let Audience::Partner(other) = &event.to {
            (
                format!(
                    "the keyboard is handed to {} alone",
                    session.name_of(&Audience::Partner(other.clone()))
                ),
                match &event.kind {
                    EventKind::Prompt(p) => Some(p.line),
                    _ => None,
                },
            )
        } else {
            continue;
        };
        let reveal = matches!(&event.kind, EventKind::Reveal { answers, .. } if answers.iter().any(|(r, _)| r != role));
        out.push(Shown {
            text,
            step: step.clone(),
            line,
        });
        if reveal {
            return out;
        }
    }
    if let Status::Failed(error) = session.status() {
        out.push(Shown {
            text: format!("error: {}", error.message),
            step,
            line: error.location.as_ref().map(|l| l.line),
        });
    }
    out
}

fn entered(event: &Event) -> Option<String> {
    match &event.kind {
        EventKind::StepEntered { step } => Some(step.clone()),
        _ => None,
    }
}

/// The line of `step` whose call shows `text`: a line that calls `say`, `finish`,
/// `agree` or `say_to` with a text whose written parts (around each `${...}`) all appear
/// in `text`, in order. Events do not carry their line, and the text is enough to find
/// it: when two lines could show the same text, the first is named.
fn said_at(outline: &Outline, source: &str, step: &str, text: &str) -> Option<usize> {
    let first = outline.step(step)?.at.line;
    let next = outline
        .steps
        .iter()
        .map(|s| s.at.line)
        .filter(|&l| l > first)
        .min()
        .unwrap_or(usize::MAX);
    let lines: Vec<&str> = source.lines().collect();
    let calls = ["say(", "finish(", "agree(", "say_to("];
    (first..next.min(lines.len() + 1)).find(|&n| {
        let line = lines[n - 1];
        calls.iter().any(|c| line.contains(c))
            && literal_parts(line).is_some_and(|parts| {
                let mut rest = text;
                parts.iter().all(|part| match rest.find(part.as_str()) {
                    Some(i) => {
                        rest = &rest[i + part.len()..];
                        true
                    }
                    None => false,
                })
            })
    })
}

/// The written parts of the first text literal on a line ("..." or `...`), split
/// around each `${...}`; `None` when the line holds no literal.
fn literal_parts(line: &str) -> Option<Vec<String>> {
    let start = line.find(['"', '`'])?;
    let quote = line[start..].chars().next()?;
    let body = &line[start + 1..];
    let end = body.rfind(quote)?;
    let body = &body[..end];
    let mut parts = Vec::new();
    let mut rest = body;
    while let Some(open) = rest.find("${") {
        parts.push(rest[..open].to_string());
        rest = rest[open..]
            .find('}')
            .map_or("", |close| &rest[open + close + 1..]);
    }
    parts.push(rest.to_string());
    Some(
        parts
            .into_iter()
            .map(|p| p.replace("\\\"", "\""))
            .filter(|p| !p.is_empty())
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_written_parts_of_a_text_are_found_around_its_interpolations() {
        assert_eq!(
            literal_parts(r#"    finish(`"${ready}" can be the answer next time too.`)"#),
            Some(vec![
                "\"".to_string(),
                "\" can be the answer next time too.".to_string()
            ])
        );
        assert_eq!(
            literal_parts("say(\"Hello\");"),
            Some(vec!["Hello".to_string()])
        );
        assert_eq!(literal_parts("next(x)"), None);
    }
}
