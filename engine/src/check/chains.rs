//! A method used on nothing (K0034): `trim()`, `replace(...)`, `push(...)` and their
//! kind change their value in place and give back nothing, so `text.trim().to_lower()`
//! fails when it runs.

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
    }
}
