//! How diagnostics name things: lists joined with "and" or "or", and the closest name
//! to a typo.

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

pub(crate) fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

pub(super) fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The candidate closest to `name` by edit distance, if it is close enough to be a typo.
pub(crate) fn closest<'c>(
    name: &str,
    candidates: impl IntoIterator<Item = &'c String>,
) -> Option<&'c str> {
    let limit = (name.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(name, c), c))
        .filter(|(d, c)| *d <= limit && c.as_str() != name)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.as_str())
}

/// Edits between two names, ignoring case; a swap of two neighbours counts as one.
fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(&a.to_lowercase(), &b.to_lowercase())
}
