//! A method used on nothing (K0034): `trim()`, `replace(...)`, `push(...)` and their
//! kind change their value in place and give back nothing, so `text.trim().to_lower()`
//! fails when it runs, and `let t = text.trim();` keeps nothing.

use super::context::{Context, bodies};
use super::report::Report;
use crate::code::Code;

pub(super) fn chained_on_nothing(cx: &Context, out: &mut Report) {
    for (f, step) in &bodies(cx.facts) {
        for (inner, outer, at) in &f.chained_on_nothing {
            out.push(
                Code::ChainedOnNothing,
                *at,
                format!("`{outer}` is used on what `{inner}()` gives back, which is nothing: `{inner}` changes its value in place"),
                "used on nothing",
            )
            .help(format!(
                "call `{inner}` on its own line, then use the value: `let t = text; t.{inner}(); t.{outer}...`"
            ))
            .in_step(step.as_deref());
        }
        for (method, name, at) in &f.kept_nothing {
            out.push(
                Code::ChainedOnNothing,
                *at,
                format!("`{name}` is given what `{method}()` gives back, which is nothing: `{method}` changes its value in place"),
                "gives back nothing",
            )
            .help(format!(
                "call `{method}` on its own line, then use the value itself: `text.{method}(...); let {name} = text;`"
            ))
            .in_step(step.as_deref());
        }
    }
}
