//! A prompt's answer compared with a text it can never be (K0031): the branch never runs.
//! `choose` gives one of its options' keys, `confirm` true or false, `scale` a number.

use super::context::{Context, bodies};
use super::report::Report;
use crate::code::Code;

pub(super) fn never_equal(cx: &Context, out: &mut Report) {
    for (f, step) in &bodies(cx.facts) {
        for n in &f.never_equal {
            let (message, help) = match n.prompt.as_str() {
                "confirm" => (
                    format!("confirm(...) gives true or false, never \"{}\"", n.text),
                    "use the answer itself: `if ready { ... }`, or `if !ready { ... }` for no"
                        .to_string(),
                ),
                "scale" => (
                    format!("scale(...) gives a number, never \"{}\"", n.text),
                    "compare with a number: `if level >= 8 { ... }`".to_string(),
                ),
                _ => {
                    let closest = closest(&n.text, &n.answers);
                    (
                        format!(
                            "{}(...) never gives \"{}\": it is none of its options",
                            n.prompt, n.text
                        ),
                        format!(
                            "did you mean \"{closest}\"? the answers are {} (an option's key when it has one, exactly as written, case included)",
                            super::words::quoted_list(&n.answers)
                        ),
                    )
                }
            };
            out.push(Code::NeverEqual, n.at, message, "never the answer")
                .related(n.prompt_at, "asked here")
                .help(help)
                .in_step(step.as_deref());
        }
    }
}

/// The answer closest to `text`: the fewest edits, ignoring case (`"yes"` is closest to
/// `"Yes"`, `"Change"` to `"Change it"`).
fn closest<'a>(text: &str, answers: &'a [String]) -> &'a str {
    answers
        .iter()
        .min_by_key(|a| strsim::levenshtein(&a.to_lowercase(), &text.to_lowercase()))
        .map_or("", String::as_str)
}
