//! Prompts and what they say: addressed to someone who is not a role (K0012), reveals of
//! what was never private (K0014), `choose` options (K0015), scale ranges and prompt
//! options (K0016).

use super::context::Context;
use super::report::Report;
use super::words::{and_list, closest};
use crate::code::Code;
use crate::prompt::PromptKind;
use crate::syntax::facts::{FnFacts, RevealValue, WhoFact};
use crate::syntax::text::Pos;

fn who_problem(cx: &Context, who: &WhoFact) -> Option<(String, String, String)> {
    let roles = cx.known.roles.clone()?;
    let role_list = and_list(&roles);
    match who {
        WhoFact::Name(name) => {
            if cx.known.is_who(name, &cx.facts.top_vars)? {
                return None;
            }
            let hint = closest(name, &roles)
                .map(|c| format!("did you mean `{c}`? "))
                .unwrap_or_default();
            Some((
                format!("`{name}` is not a role of this guide"),
                "not a role".into(),
                format!(
                    "{hint}a prompt is addressed to a role ({role_list}), both (one answer given together) or each (one answer from each partner)"
                ),
            ))
        }
        WhoFact::Text(text) => {
            let fix = if roles.contains(text) || text == "both" || text == "each" {
                format!("write the role without quotes: {text}")
            } else {
                format!("write a role ({role_list}), both or each, without quotes")
            };
            Some((
                format!("a prompt is addressed to the text \"{text}\", not to a role"),
                "a text, not a role".into(),
                fix,
            ))
        }
        WhoFact::Privately(inner) => {
            if **inner == WhoFact::Name("both".into()) {
                Some((
                    "privately(both) cannot be: an answer both give together is seen by both"
                        .into(),
                    "both together cannot be private".into(),
                    "use privately(each) for one private answer from each partner".into(),
                ))
            } else {
                who_problem(cx, inner)
            }
        }
        WhoFact::Local | WhoFact::Other => None,
    }
}

pub(super) fn prompts(cx: &Context, out: &mut Report, f: &FnFacts, step: Option<&str>) {
    for p in &f.prompts {
        let kind = p.outline.kind.clone();
        if let Some((message, label, help)) = who_problem(cx, &p.who) {
            out.push(
                Code::UnknownRole,
                p.who_at,
                format!("{kind}(...): {message}"),
                label,
            )
            .help(help)
            .in_step(step);
        }
        if let Some(at) = p.options_as_text {
            out.push(
                Code::ChooseOptions,
                at,
                "choose(...) takes its options as a list, not as one text",
                "one text",
            )
            .help("write the options as a list: choose(both, \"...\", [\"Yes\", \"No\"])")
            .in_step(step);
        }
        if let Some(at) = p.options_as_map {
            out.push(
                Code::ChooseOptions,
                at,
                format!("{kind}(...) takes its options as a list, not as a map"),
                "a map",
            )
            .help("a map's keys come out in alphabetical order, not the order you wrote; to give options keys, write pairs in a list: [[\"yes\", \"Yes, go on\"], [\"later\", \"Not yet\"]]")
            .in_step(step);
        }
        if let Some((list_at, items)) = &p.choices {
            if items.len() < 2 {
                out.push(
                    Code::ChooseOptions,
                    *list_at,
                    format!("{kind}(...) needs at least two options, and has {}", items.len()),
                    "too few options",
                )
                .help("list two or more options: choose(both, \"...\", [\"Yes\", \"Not yet\"]); for yes or no, confirm(...) is simpler")
                .in_step(step);
            }
            let mut seen: Vec<(String, Pos)> = Vec::new();
            for (text, at) in items.iter().flatten() {
                let trimmed = text.trim();
                if trimmed.is_empty() {
                    out.push(
                        Code::ChooseOptions,
                        *at,
                        "choose(...) has an empty option",
                        "empty",
                    )
                    .help("give every option some text, or remove it")
                    .in_step(step);
                } else if let Some((_, first)) =
                    seen.iter().find(|(s, _)| s.eq_ignore_ascii_case(trimmed))
                {
                    let first = *first;
                    out.push(
                        Code::ChooseOptions,
                        *at,
                        format!("choose(...) lists \"{trimmed}\" twice"),
                        "listed again",
                    )
                    .related(first, "first listed here")
                    .help("options are told apart by their text (ignoring case): remove one or reword it")
                    .in_step(step);
                } else {
                    seen.push((trimmed.to_string(), *at));
                }
            }
        }
        if let Some(at) = p.misordered {
            out.push(
                Code::PromptArguments,
                at,
                "scale(...) takes who, then the question, then the lowest and highest numbers",
                "not in this place",
            )
            .help("write scale(each, \"How do you feel?\", 0, 10)")
            .in_step(step);
        }
        let keyed = |items: &Vec<Option<(String, Pos)>>, keys: &Vec<String>| {
            items
                .iter()
                .zip(keys)
                .any(|(i, k)| i.as_ref().is_some_and(|(words, _)| words != k))
        };
        if let (Some(keys), Some((list_at, items))) = (&p.keys, &p.choices)
            && keyed(items, keys)
        {
            let mut seen: Vec<&String> = Vec::new();
            for key in keys {
                if key.trim().is_empty() || seen.iter().any(|s| s.eq_ignore_ascii_case(key)) {
                    out.push(
                        Code::ChooseOptions,
                        *list_at,
                        format!("{kind}(...) has an empty or repeated key \"{key}\""),
                        "keys must differ",
                    )
                    .help("give each option its own key: [[\"yes\", \"Yes\"], [\"later\", \"Not yet\"]]")
                    .in_step(step);
                    break;
                }
                seen.push(key);
            }
        }
        if let (Some((min, max, at)), Some((_, items))) = (p.pick, &p.choices) {
            let n = items.len() as i64;
            if !(0 <= min && min <= max && max >= 1 && max <= n) {
                out.push(
                    Code::PromptArguments,
                    at,
                    format!("choose_many(..., {min}, {max}) with {n} options: the fewest and the most to pick must go from 0 up to the number of options ({n}), the fewest first, the most at least 1"),
                    "cannot be picked",
                )
                .help(format!("write the fewest, then the most, at most {n}: choose_many(each, \"...\", [...], 1, {})", n.clamp(1, 3)))
                .in_step(step);
            }
        }
        if let Some((min, max, at)) = p.range
            && let Err(message) = PromptKind::scale(min, max)
        {
            out.push(
                Code::PromptArguments,
                at,
                message,
                "this range cannot be answered",
            )
            .help("write the lowest number first, then the highest: scale(each, \"...\", 0, 10)")
            .in_step(step);
        }
        for (key, at, wrong) in &p.option_keys {
            let (message, label, help) = match key.as_str() {
                "examples" | "private" | "optional" | "distress" | "own_break" | "mirror"
                | "steers"
                    if !*wrong =>
                {
                    continue;
                }
                "examples" => (
                    "examples: must be a list of texts".to_string(),
                    "not a list of texts",
                    "write examples: [\"One sample answer.\", \"Another.\"]",
                ),
                "distress" => (
                    "distress: is for scales, a number within the scale".to_string(),
                    "not a number within this scale",
                    "on a scale, #{ distress: 8 } offers a break from that number up; other prompts do not take it",
                ),
                "own_break" => (
                    "own_break: is for scales, true or false".to_string(),
                    "not true or false on a scale",
                    "on a distress scale, #{ distress: 8, own_break: true } says the guide offers its own break, so Kintsugi does not offer a second",
                ),
                "mirror" => (
                    "mirror: is for free text, true or false".to_string(),
                    "not true or false on a free-text prompt",
                    "on ask(...), #{ mirror: true } says the answer repeats the other partner's words, so a danger signal in it is checked with them",
                ),
                _ => (
                    format!("unknown prompt option `{key}`"),
                    "unknown option",
                    "a prompt's options map takes examples: [\"...\"], \"private\": true, optional: true (or the words of a pass), (on a scale) distress: N and own_break: true, (on ask) mirror: true, and (on a private prompt) steers: true",
                ),
            };
            out.push(Code::PromptArguments, *at, message, label)
                .help(help)
                .in_step(step);
        }
    }
    for (who, at) in &f.said_to {
        let problem = match who {
            WhoFact::Name(n) if n == "both" || n == "each" => Some((
                format!("say_to({n}, ...) speaks to one partner only"),
                "not one partner".to_string(),
                "say_to(role, text) speaks to one partner; for both use say(text)".to_string(),
            )),
            WhoFact::Privately(_) => Some((
                "say_to(...) takes a role, not privately(...)".to_string(),
                "not a role".to_string(),
                "what say_to says is seen by that partner only: write the role alone".to_string(),
            )),
            other => who_problem(cx, other)
                .map(|(message, label, help)| (format!("say_to(...): {message}"), label, help)),
        };
        if let Some((message, label, help)) = problem {
            out.push(Code::UnknownRole, *at, message, label)
                .help(help)
                .in_step(step);
        }
    }
}

/// The longest break `take_break` takes, in minutes: a week.
const LONGEST_BREAK: i64 = 7 * 24 * 60;

pub(super) fn breaks(out: &mut Report, f: &FnFacts, step: Option<&str>) {
    for (minutes, at) in &f.break_minutes {
        if !(1..=LONGEST_BREAK).contains(minutes) {
            out.push(
                Code::PromptArguments,
                *at,
                format!("take_break({minutes}): a break lasts from 1 minute to a week ({LONGEST_BREAK} minutes)"),
                "not a break's length",
            )
            .help("give the break's length in minutes: take_break(20)")
            .in_step(step);
        }
    }
}

pub(super) fn reveals(cx: &Context, out: &mut Report, f: &FnFacts, step: Option<&str>) {
    if let Some(roles) = &cx.known.roles {
        for (name, at) in &f.revealed_roles {
            if roles.contains(name) {
                continue;
            }
            let hint = closest(name, roles)
                .map(|c| format!("did you mean `{c}`? "))
                .unwrap_or_default();
            out.push(
                Code::UnknownRole,
                *at,
                format!("reveal(...): `{name}` is not a role of this guide"),
                "not a role",
            )
            .help(format!(
                "{hint}the answers by role are written with the roles as keys ({}): reveal(\"label\", #{{ {}: words }})",
                and_list(roles),
                roles.first().map_or("first", String::as_str)
            ))
            .in_step(step);
        }
    }
    for r in &f.reveals {
        match r.value {
            RevealValue::Public(asked) => {
                out.push(
                    Code::RevealNotPrivate,
                    r.value_at,
                    "reveal(...) shows an answer that was never private",
                    "asked openly",
                )
                .related(asked, "asked here, where both partners see the answer")
                .help("ask it with privately(...) (or #{ \"private\": true }) so it stays hidden until this reveal, or leave out the reveal")
                .in_step(step);
            }
            RevealValue::Fixed => {
                out.push(
                    Code::RevealNotPrivate,
                    r.value_at,
                    "reveal(...) shows a fixed value, not a private answer",
                    "not an answer",
                )
                .help(
                    "reveal the variable that holds a private answer; to show a text, use say(...)",
                )
                .in_step(step);
            }
            RevealValue::OneAnswer(asked) => {
                out.push(
                    Code::RevealOneAnswer,
                    r.value_at,
                    "reveal(label, ...) takes the answers by role (a map, as `each` gives), not one partner's answer",
                    "one partner's answer",
                )
                .related(asked, "asked of one partner here")
                .help("for one partner's answer write reveal(role, answer), like reveal(first, words); reveal(\"label\", answers) is for a prompt to each")
                .in_step(step);
            }
            RevealValue::Unknown => {}
        }
    }
}
