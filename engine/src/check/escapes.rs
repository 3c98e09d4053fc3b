//! `\n` written in text (K0030): backticks take text as written, so the couple would see
//! a backslash and an n, not a new line.

use super::context::{Context, bodies};
use super::report::Report;
use crate::code::Code;

pub(super) fn written_escapes(cx: &Context, out: &mut Report) {
    for (f, step) in &bodies(cx.facts) {
        for at in &f.written_escapes {
            out.push(
                Code::WrittenEscape,
                *at,
                "this text shows `\\n` as a backslash and an n, not as a new line",
                "holds \\n",
            )
            .help("text in backticks can go over several lines: start the new line where it should be; in quotes, \\n is a new line")
            .in_step(step.as_deref());
        }
    }
}
