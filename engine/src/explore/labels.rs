//! Text labels: short summaries of the answers that lead along a move, for pictures of
//! the flow, and text shortened to a width.

use crate::audience::Audience;
use crate::explore::answers::answers_to;
use crate::prompt::{Prompt, PromptKind};
use crate::value::Value;
use indexmap::{IndexMap, IndexSet};

/// Longest edge label, in characters.
const LABEL_WIDTH: usize = 48;

/// A short summary of the answers that lead along a move: for each prompt of the step
/// whose answers along this move are not all the answers given there, those answers.
///
/// `given` says whether answers were given in the step along this move, `values` are
/// those answers per prompt key, `in_step` every answer given in the step along any move,
/// and `out_degree` the number of moves out of the step.
pub(super) fn label(
    given: bool,
    values: &IndexMap<String, (Prompt, IndexSet<Value>)>,
    in_step: Option<&IndexMap<String, IndexSet<Value>>>,
    out_degree: usize,
    who: &dyn Fn(&Audience) -> String,
) -> String {
    if !given {
        return if out_degree > 1 {
            "(by earlier answers)".into()
        } else {
            String::new()
        };
    }
    // Consecutive answers by the same partner share one name: "Alex: no · 0–7".
    let mut parts: Vec<(Option<String>, String)> = Vec::new();
    for (key, (prompt, values)) in values {
        let all = in_step.and_then(|m| m.get(key)).map_or(0, IndexSet::len);
        if values.len() >= all {
            continue;
        }
        let name = match &prompt.to {
            Audience::Partner(_) => Some(who(&prompt.to)),
            _ => None,
        };
        let shown = summarize(prompt, values);
        match parts.last_mut() {
            Some((last, text)) if last.is_some() && *last == name => {
                text.push_str(" · ");
                text.push_str(&shown);
            }
            _ => parts.push((name, shown)),
        }
    }
    let parts: Vec<String> = parts
        .into_iter()
        .map(|(name, text)| match name {
            Some(name) => format!("{name}: {text}"),
            None => text,
        })
        .collect();
    let text = if parts.is_empty() {
        if out_degree > 1 {
            "(by the answers together)".to_string()
        } else {
            String::new()
        }
    } else {
        parts.join("; ")
    };
    shorten(&text, LABEL_WIDTH)
}

fn summarize(prompt: &Prompt, values: &IndexSet<Value>) -> String {
    match &prompt.kind {
        PromptKind::Scale { .. } => {
            let mut numbers: Vec<i64> = values
                .iter()
                .filter_map(|v| match v {
                    Value::Number(n) => Some(*n),
                    _ => None,
                })
                .collect();
            numbers.sort_unstable();
            ranges(&numbers)
        }
        PromptKind::YesNo | PromptKind::Choice { .. } | PromptKind::ChooseMany { .. } => {
            // In the prompt's own order, as the partners see them.
            let order = answers_to(prompt);
            let shown: Vec<String> = order
                .iter()
                .filter(|v| values.contains(*v))
                .map(|v| shorten(&prompt.shown(v).unwrap_or_else(|| v.to_string()), 24))
                .collect();
            list(&shown)
        }
        PromptKind::Text => {
            let shown: Vec<String> = values
                .iter()
                .map(|v| format!("“{}”", shorten(&v.to_string(), 20)))
                .collect();
            list(&shown)
        }
    }
}

fn list(items: &[String]) -> String {
    if items.len() > 3 {
        format!("{} / {} / +{} more", items[0], items[1], items.len() - 2)
    } else {
        items.join(" / ")
    }
}

/// Sorted numbers as ranges: `0–3, 5, 8–10`.
fn ranges(numbers: &[i64]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < numbers.len() {
        let mut j = i;
        while j + 1 < numbers.len() && numbers[j + 1] == numbers[j] + 1 {
            j += 1;
        }
        out.push(if j == i {
            numbers[i].to_string()
        } else {
            format!("{}–{}", numbers[i], numbers[j])
        });
        i = j + 1;
    }
    out.join(", ")
}

/// At most `width` characters, with an ellipsis when cut (for reports and labels).
pub fn shorten(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let cut: String = text.chars().take(width - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_ranges_and_long_text_is_shortened() {
        assert_eq!(ranges(&[0, 1, 2, 3, 5, 8, 9, 10]), "0–3, 5, 8–10");
        assert_eq!(ranges(&[4]), "4");
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("abc", 4), "abc");
    }
}
