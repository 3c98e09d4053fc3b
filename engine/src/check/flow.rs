//! Where steps lead: moves to steps that do not exist (K0007), steps that neither move on
//! nor finish (K0008) or end on some path without either (K0009), steps no path reaches
//! (K0010), and steps from which the guide can never finish (K0011).

use super::context::Context;
use super::report::Report;
use super::words::{closest, quoted_list};
use crate::code::Code;
use crate::syntax::facts::FnFacts;
use crate::syntax::outline::StepOutline;
use crate::syntax::text::Pos;
use std::collections::{HashMap, HashSet, VecDeque};

pub(super) fn moves(cx: &Context, out: &mut Report, f: &FnFacts, step: Option<&str>) {
    let Some(steps) = &cx.known.steps else {
        return;
    };
    for m in &f.moves {
        if steps.contains(&m.to) {
            continue;
        }
        let hint = closest(&m.to, steps)
            .map(|c| format!("did you mean \"{c}\"? "))
            .unwrap_or_default();
        out.push(
            Code::MissingStep,
            m.to_at,
            format!("next(\"{}\"): there is no step with that name", m.to),
            "no step has this name",
        )
        .help(format!("{hint}the steps are {}", quoted_list(steps)))
        .in_step(step);
    }
}

pub(super) fn step_ends(cx: &Context, out: &mut Report) {
    let outline = cx.outline;
    for step in &outline.steps {
        if step.moves.is_empty()
            && step.dynamic_moves.is_empty()
            && step.finishes.is_empty()
            && !step.opaque
        {
            out.push(
                Code::NoWayOn,
                step.name_at,
                format!("step \"{}\" can neither move on nor finish", step.name),
                "no next(...) or finish(...) in this step",
            )
            .help("end the step with next(\"another step\") or finish(\"a closing line\")")
            .in_step(Some(&step.name));
            continue;
        }
        if step.opaque {
            continue;
        }
        for end in &step.open_ends {
            let (message, label) = if end.is_return {
                (
                    format!(
                        "this `return` ends step \"{}\" without next(...) or finish(...)",
                        step.name
                    ),
                    "returns without moving on",
                )
            } else {
                (
                    format!(
                        "a path through step \"{}\" reaches its end without next(...) or finish(...)",
                        step.name
                    ),
                    "the step can end here",
                )
            };
            let help = match end.after {
                Some(after) => {
                    let (what, fix) = match cx.text.word_at(after) {
                        "switch" => ("`switch`", "a `_ =>` case"),
                        "if" => ("`if`", "an `else`"),
                        _ => ("statement", "the missing branch"),
                    };
                    format!(
                        "the {what} at line {} moves on or finishes on some paths only; add {fix}, or end the step with next(...) or finish(...)",
                        after.line
                    )
                }
                None if end.is_return => {
                    "use next(...) or finish(...) instead of return".to_string()
                }
                None => "end every path through the step with next(...) or finish(...)".to_string(),
            };
            out.push(Code::OpenEnd, end.at, message, label)
                .help(help)
                .in_step(Some(&step.name));
            if let Some(after) = end.after {
                out.related(after, "moves on or finishes on some paths only");
            }
        }
    }
}

/// Reachability from the start step, and whether each reachable step can still
/// finish. Skipped when a step's name or a move's target is computed.
pub(super) fn flow(cx: &Context, out: &mut Report) {
    let outline = cx.outline;
    let (Some(start), Some(steps)) = (&cx.known.start, &cx.known.steps) else {
        return;
    };
    if outline.dynamic_steps || !steps.contains(start) {
        return;
    }
    let by_name: HashMap<&str, &StepOutline> = outline
        .steps
        .iter()
        .rev()
        .map(|s| (s.name.as_str(), s))
        .collect();
    if steps.iter().any(|s| !by_name.contains_key(s.as_str())) {
        // A step defined where the outline does not look (inside a function).
        return;
    }
    let mut reached: HashSet<&str> = HashSet::new();
    let mut queue = VecDeque::from([start.as_str()]);
    while let Some(name) = queue.pop_front() {
        if !reached.insert(name) {
            continue;
        }
        let Some(step) = by_name.get(name) else {
            continue;
        };
        if !step.dynamic_moves.is_empty() || step.opaque {
            // Anything may be reached from here.
            return;
        }
        queue.extend(step.moves.iter().map(|m| m.to.as_str()));
    }
    for step in &outline.steps {
        if !reached.contains(step.name.as_str()) {
            out.push(
                Code::Unreachable,
                step.name_at,
                format!(
                    "step \"{}\" cannot be reached from the start step \"{start}\"",
                    step.name
                ),
                "nothing leads here",
            )
            .help(format!(
                "add next(\"{}\") where the conversation should go here, or remove the step",
                step.name
            ))
            .in_step(Some(&step.name));
        }
    }
    // Steps that can end the run: by finishing, or by failing (a move to a step that
    // does not exist, reported on its own), or that can neither (reported as K0008);
    // then, going backwards along the moves, every step that can reach one of them.
    let mut can_end: HashSet<&str> = outline
        .steps
        .iter()
        .filter(|s| {
            s.can_finish
                || s.moves.iter().any(|m| !steps.contains(&m.to))
                || (s.moves.is_empty() && s.dynamic_moves.is_empty())
        })
        .map(|s| s.name.as_str())
        .collect();
    let mut comes_from: HashMap<&str, Vec<&str>> = HashMap::new();
    for step in &outline.steps {
        for m in &step.moves {
            comes_from
                .entry(m.to.as_str())
                .or_default()
                .push(step.name.as_str());
        }
    }
    let mut queue: VecDeque<&str> = can_end.iter().copied().collect();
    while let Some(name) = queue.pop_front() {
        for from in comes_from.get(name).into_iter().flatten() {
            if can_end.insert(from) {
                queue.push_back(from);
            }
        }
    }
    let stuck: Vec<&StepOutline> = outline
        .steps
        .iter()
        .filter(|s| reached.contains(s.name.as_str()) && !can_end.contains(s.name.as_str()))
        .collect();
    let reachable = outline
        .steps
        .iter()
        .filter(|s| reached.contains(s.name.as_str()))
        .count();
    if !stuck.is_empty() && stuck.len() == reachable {
        // Nothing reachable finishes: one warning, at the start.
        let at = by_name
            .get(start.as_str())
            .map_or(Pos::default(), |s| s.name_at);
        out.push(
            Code::NoFinish,
            at,
            format!(
                "the guide can never finish: no step reachable from \"{start}\" calls finish(...)"
            ),
            "no way to a finish from here",
        )
        .help("end the conversation somewhere with finish(\"a closing line\")")
        .in_step(Some(start));
        return;
    }
    for step in stuck {
        let mut targets: Vec<String> = step.moves.iter().map(|m| m.to.clone()).collect();
        targets.dedup();
        out.push(
            Code::NoFinish,
            step.name_at,
            format!(
                "from step \"{}\" the guide can never finish: every way on leads back round",
                step.name
            ),
            "no way to a finish from here",
        )
        .help(format!(
            "it moves only to {}, and none of those can reach finish(...); give one of them a way out",
            quoted_list(&targets)
        ))
        .in_step(Some(&step.name));
    }
}
