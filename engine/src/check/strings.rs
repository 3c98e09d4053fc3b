//! Text written in the guide: `${...}` in quotes, where it is not filled in (K0020).

use super::context::{Context, bodies};
use super::report::Report;
use crate::code::Code;

pub(super) fn quoted_templates(cx: &Context, out: &mut Report) {
    for (f, step) in &bodies(cx.facts) {
        for at in &f.quoted_templates {
            out.push(
                Code::QuotedTemplate,
                *at,
                "`${...}` is only filled in inside backticks; in quotes it is shown as written",
                "in quotes",
            )
            .help("write the text in backticks: `Welcome, ${first}.`")
            .in_step(step.as_deref());
        }
    }
}
