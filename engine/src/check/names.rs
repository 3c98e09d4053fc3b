//! Names: a name that is not a role, `both`, `each` or a variable (K0013), and a function
//! that does not exist or is given the wrong number of values (K0019).

use super::context::{Context, bodies};
use super::report::Report;
use super::words::{and_list, closest, or_list};
use crate::code::Code;
use std::collections::{BTreeSet, HashSet};

/// Functions Rhai handles itself rather than registering.
const RHAI_KEYWORD_FUNCTIONS: &[&str] = &[
    "Fn",
    "call",
    "curry",
    "is_shared",
    "is_def_fn",
    "is_def_var",
    "type_of",
    "print",
    "debug",
    "eval",
];

pub(super) fn unknown_names(cx: &Context, out: &mut Report) {
    let Some(roles) = cx.known.roles.clone() else {
        return;
    };
    let facts = cx.facts;
    let fns = bodies(facts);
    let reported: HashSet<(usize, usize)> = out
        .diagnostics()
        .iter()
        .filter(|d| d.code == Code::UnknownRole)
        .map(|d| (d.location.line, d.location.column))
        .collect();
    let mut seen = BTreeSet::new();
    for (f, step) in fns {
        for (name, at) in &f.by_name {
            if name == "both" || name == "each" || roles.contains(name) {
                continue;
            }
            if reported.contains(&(at.line, at.column)) || !seen.insert((*at, name.clone())) {
                continue;
            }
            let hint = closest(name, &roles)
                .map(|c| format!("did you mean `{c}`? "))
                .unwrap_or_default();
            // A function (`fn`) has no outer scope: the top level's values are not in it.
            let in_fn = !f.name.is_empty() && !f.name.starts_with("anon$");
            if in_fn && facts.top_vars.contains(name) {
                out.push(
                    Code::UnknownName,
                    *at,
                    format!("`{name}` is a value of the guide's top level, which a function (fn) cannot see"),
                    "not seen in a function",
                )
                .help(format!(
                    "a function sees only its parameters: give it `{name}` as one, `fn {}(..., {name})`, or write a function that gives the value; steps (closures) do see top-level values",
                    f.name
                ))
                .in_step(step.as_deref());
                continue;
            }
            out.push(
                Code::UnknownName,
                *at,
                format!("unknown name `{name}`"),
                "not defined here",
            )
            .help(format!(
                "{hint}the roles are {}; other values come from `let` (before they are used) or recall(...)",
                and_list(&roles)
            ))
            .in_step(step.as_deref());
        }
    }
}

pub(super) fn named_calls(cx: &Context, out: &mut Report) {
    let facts = cx.facts;
    let fns = bodies(facts);
    // The guide's own functions, with how many parameters each takes.
    let mut known = cx.functions.clone();
    for (name, params) in facts.fns.keys() {
        known.entry(name.clone()).or_default().push(*params);
    }
    let names: Vec<String> = known
        .keys()
        .filter(|n| !n.contains('$') && !n.starts_with("anon"))
        .cloned()
        .collect();
    for (f, step) in &fns {
        for (name, given, at) in &f.named_calls {
            if RHAI_KEYWORD_FUNCTIONS.contains(&name.as_str()) {
                continue;
            }
            match known.get(name) {
                None => {
                    let hint = closest(name, &names)
                        .map(|c| format!("did you mean `{c}`? "))
                        .unwrap_or_default();
                    out.push(
                        Code::UnknownFunction,
                        *at,
                        format!("there is no function `{name}`"),
                        "not a function",
                    )
                    .help(format!(
                        "{hint}the guide language's functions are listed in the README; \
                         functions of your own are written `fn {name}(...) {{ ... }}`"
                    ))
                    .in_step(step.as_deref());
                }
                Some(counts) if !counts.contains(given) => {
                    let mut counts = counts.clone();
                    counts.sort();
                    counts.dedup();
                    let takes: Vec<String> = counts.iter().map(usize::to_string).collect();
                    let values = |n: usize| if n == 1 { "value" } else { "values" };
                    out.push(
                        Code::UnknownFunction,
                        *at,
                        format!(
                            "`{name}` is given {given} {}, but takes {}",
                            values(*given),
                            or_list(&takes)
                        ),
                        "wrong number of values",
                    )
                    .help(format!(
                        "check the call against `{name}` in the README (values are separated by commas; a list is written [\"a\", \"b\"])"
                    ))
                    .in_step(step.as_deref());
                }
                Some(_) => {}
            }
        }
    }
}
