//! The declaration and the steps' names: `guide(#{...})` missing, repeated, late or with
//! an unknown key (K0002), its title (K0003), roles (K0004) and start (K0005); two steps
//! with one name (K0006); step functions at the top level (K0017).

use super::context::Context;
use super::report::Report;
use super::words::{closest, quoted_list};
use crate::code::Code;
use crate::syntax::facts::{DeclValue, Facts, StepCall};
use crate::syntax::text::Pos;
use std::collections::HashMap;

/// The first step defined before the guide declares itself, if one is.
pub(super) fn declared_late(facts: &Facts) -> Option<&StepCall> {
    let first = facts.guides.first()?;
    facts.steps.iter().find(|s| s.order < first.order)
}

pub(super) fn declaration(cx: &Context, out: &mut Report) {
    let facts = cx.facts;
    let Some(first) = facts.guides.first() else {
        out.push(
            Code::Declaration,
            Pos { line: 1, column: 1 },
            "the guide never declares itself",
            "no guide(#{ ... }) in this file",
        )
        .help("start the guide with guide(#{ title: \"...\", roles: #{ first: \"...\", second: \"...\" }, start: \"...\" })");
        if facts.steps.is_empty() {
            no_steps(out, Pos { line: 1, column: 1 });
        }
        return;
    };
    for again in &facts.guides[1..] {
        out.push(
            Code::Declaration,
            again.at,
            "guide(...) is called a second time",
            "declared again here",
        )
        .related(first.at, "first declared here")
        .help("a guide declares itself once, at the top: merge the two declarations");
    }
    if let Some(step) = declared_late(facts) {
        let name = step.name.clone().unwrap_or_else(|| "…".into());
        out.push(
            Code::Declaration,
            first.at,
            format!("guide(...) comes after step \"{name}\""),
            "declared too late",
        )
        .related(step.at, "this step comes first")
        .help("move guide(#{ ... }) above the first step: a step takes its role names from the declaration when it is defined");
    }
    let Some(keys) = &first.map else {
        // Computed when the guide loads; loading it checks it.
        return;
    };
    let find = |key: &str| keys.iter().find(|k| k.key == key);
    for key in keys {
        if !["title", "summary", "roles", "start"].contains(&key.key.as_str()) {
            let suggestion = closest(
                &key.key,
                ["title", "summary", "roles", "start"]
                    .map(String::from)
                    .iter()
                    .collect::<Vec<_>>(),
            )
            .map(|s| format!("did you mean `{s}`? "))
            .unwrap_or_default();
            out.push(
                Code::Declaration,
                key.at,
                format!("guide(#{{...}}) does not know `{}`", key.key),
                "unknown key",
            )
            .help(format!(
                "{suggestion}a declaration takes title, summary, roles and start"
            ));
        }
    }
    if let Some(summary) = find("summary")
        && matches!(summary.value, DeclValue::OtherLiteral | DeclValue::Map(_))
    {
        out.push(
            Code::Declaration,
            summary.value_at,
            "the summary must be a text",
            "not a text",
        )
        .help("write summary: \"One line on what this guide is for.\"");
    }
    match find("title") {
        None => {
            out.push(
                Code::Title,
                first.at,
                "the guide has no title",
                "no title: in this declaration",
            )
            .help("add title: \"...\" to guide(#{ ... }); partners see it when the guide starts");
        }
        Some(t) if matches!(t.value, DeclValue::OtherLiteral | DeclValue::Map(_)) => {
            out.push(
                Code::Title,
                t.value_at,
                "the title must be a text",
                "not a text",
            )
            .help("write title: \"...\"");
        }
        Some(_) => {}
    }
    match find("roles") {
        None => {
            out.push(
                Code::Roles,
                first.at,
                "the guide declares no roles",
                "no roles: in this declaration",
            )
            .help("add roles: #{ first: \"one partner\", second: \"the other partner\" }; each role is asked its name by its description");
        }
        Some(r) => match &r.value {
            DeclValue::Map(roles) if roles.is_empty() => {
                out.push(Code::Roles, r.value_at, "the guide declares no roles", "empty")
                    .help("add at least one role: roles: #{ first: \"one partner\", second: \"the other partner\" }");
            }
            DeclValue::Map(roles) => {
                for (role, at) in roles {
                    if role == "both" || role == "each" {
                        out.push(
                            Code::Roles,
                            *at,
                            format!("\"{role}\" cannot be a role name"),
                            "already means something in guides",
                        )
                        .help(format!(
                            "`{role}` already addresses the partners together; give the role another name"
                        ));
                    }
                }
            }
            DeclValue::Text(_) | DeclValue::OtherLiteral => {
                out.push(
                    Code::Roles,
                    r.value_at,
                    "roles must be a map of role names to descriptions",
                    "not a map",
                )
                .help("write roles: #{ first: \"one partner\", second: \"the other partner\" }");
            }
            DeclValue::Computed => {}
        },
    }
    match find("start") {
        None => {
            out.push(
                Code::Start,
                first.at,
                "the guide does not say which step starts it",
                "no start: in this declaration",
            )
            .help("add start: \"name of the first step\"");
        }
        Some(s) => match &s.value {
            DeclValue::Text(name) => {
                if let Some(steps) = &cx.known.steps {
                    if steps.is_empty() {
                        no_steps(out, first.at);
                    } else if !steps.contains(name) {
                        let hint = closest(name, steps)
                            .map(|c| format!("did you mean \"{c}\"? "))
                            .unwrap_or_default();
                        out.push(
                            Code::Start,
                            s.value_at,
                            format!("the guide starts at \"{name}\", but no step has that name"),
                            "no step has this name",
                        )
                        .help(format!("{hint}the steps are {}", quoted_list(steps)));
                    }
                }
            }
            DeclValue::OtherLiteral | DeclValue::Map(_) => {
                out.push(
                    Code::Start,
                    s.value_at,
                    "start must be a step's name, in quotes",
                    "not a text",
                )
                .help("write start: \"welcome\"");
            }
            DeclValue::Computed => {}
        },
    }
}

fn no_steps(out: &mut Report, at: Pos) {
    out.push(
        Code::Start,
        at,
        "the guide has no steps",
        "no step(...) in this file",
    )
    .help("add step(\"name\", || { ... }) after the declaration");
}

pub(super) fn duplicate_steps(cx: &Context, out: &mut Report) {
    let facts = cx.facts;
    let mut seen: HashMap<&str, Pos> = HashMap::new();
    for call in &facts.steps {
        let Some(name) = &call.name else { continue };
        if let Some(first) = seen.get(name.as_str()).copied() {
            out.push(
                Code::DuplicateStep,
                call.name_at,
                format!("there are two steps named \"{name}\""),
                "this name is taken",
            )
            .related(first, "first step with this name")
            .help("step names must be unique: rename one of them (and the next(...) that should lead to it)")
            .in_step(Some(name));
        } else {
            seen.insert(name, call.name_at);
        }
    }
}

pub(super) fn outside_steps(cx: &Context, out: &mut Report) {
    for (name, at) in &cx.facts.top.core_calls {
        out.push(
            Code::OutsideStep,
            *at,
            format!("{name}(...) can only be used inside a step"),
            "outside any step",
        )
        .help(format!(
            "the top of a guide only declares it and its steps: move {name}(...) into a step(\"...\", || {{ ... }})"
        ));
    }
}
