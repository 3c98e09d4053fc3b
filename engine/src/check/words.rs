//! How diagnostics name things: lists joined with "and" or "or", and the closest name
//! to a typo (the last two from `crate::spelling`, which run-time errors use too).

pub(crate) use crate::spelling::{closest, or_list};

/// Names quoted and joined; past the first `SHOWN`, only how many more there are (a
/// generated guide may have 100,000 steps).
pub(super) fn quoted_list<'c>(items: impl IntoIterator<Item = &'c String>) -> String {
    const SHOWN: usize = 30;
    let mut items = items.into_iter();
    let quoted: Vec<String> = items
        .by_ref()
        .take(SHOWN)
        .map(|s| format!("\"{s}\""))
        .collect();
    let more = items.count();
    if more == 0 {
        quoted.join(", ")
    } else {
        format!("{} and {more} more", quoted.join(", "))
    }
}

pub(super) fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
