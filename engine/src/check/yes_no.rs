//! Answers by partner used as one yes or no (K0032): `confirm(each, ...)` gives a map by
//! role, which an `if`, `!`, `&&` or `||` cannot take.

use super::context::{Context, bodies};
use super::report::Report;
use crate::code::Code;

pub(super) fn each_as_yes_no(cx: &Context, out: &mut Report) {
    // The guide's own role names in the example.
    let roles = cx.known.roles.clone().unwrap_or_default();
    let test = match roles.as_slice() {
        [a, b, ..] => format!("ready.{a} && ready.{b}"),
        [a] => format!("ready.{a}"),
        [] => "ready.first && ready.second".to_string(),
    };
    for (f, step) in &bodies(cx.facts) {
        for (at, asked) in &f.each_as_yes_no {
            out.push(
                Code::EachAsYesNo,
                *at,
                "a prompt to `each` gives one answer per partner (a map by role), not one yes or no",
                "answers by partner",
            )
            .related(*asked, "asked of each partner here")
            .help(format!("test each partner's answer, `if {test} {{ ... }}`, or ask both together with `both`"))
            .in_step(step.as_deref());
        }
        for (at, asked) in &f.each_shown {
            let members = match roles.as_slice() {
                [a, b, ..] => format!("`${{where.{a}}}` and `${{where.{b}}}`"),
                _ => "`${where.first}`".to_string(),
            };
            out.push(
                Code::EachAsYesNo,
                *at,
                "a prompt to `each` gives one answer per partner (a map by role): written whole into a text, it shows as #{\"...\": ...}",
                "answers by partner",
            )
            .related(*asked, "asked of each partner here")
            .help(format!("write each partner's answer: {members}"))
            .in_step(step.as_deref());
        }
        for (at, asked, text) in &f.each_compared {
            let both = match roles.as_slice() {
                [a, b, ..] => format!("ready.{a} == \"{text}\" && ready.{b} == \"{text}\""),
                _ => format!("ready.first == \"{text}\""),
            };
            out.push(
                Code::EachAsYesNo,
                *at,
                format!("a prompt to `each` gives one answer per partner (a map by role), never the text \"{text}\""),
                "answers by partner",
            )
            .related(*asked, "asked of each partner here")
            .help(format!("compare each partner's answer, `if {both} {{ ... }}`, or ask both together with `both`"))
            .in_step(step.as_deref());
        }
    }
}
