//! Steps that failed before asking anything, kept with what they read of the
//! remembered values, so that a tool that explores learns each such failure once.
//!
//! From its entry to its first prompt, a step's run depends only on the guide, the
//! names and seed (fixed for a memo's owner), what it recalls, and how much was said and
//! moved since the last prompt (the limits count those). A step that failed there will
//! fail the same way whenever it is entered with the same values under the keys it
//! recalled, whatever else is remembered: an endless loop in a closing step is then
//! met once per worker, not once per path that reaches it. A step that read everything
//! (`random`, which is seeded with all that is remembered, or `remember`, whose limit
//! counts all of it) is not kept.

use crate::error::Error;
use crate::hash::stable_hasher;
use indexmap::IndexMap;
use rhai::Dynamic;
use std::collections::HashMap;
use std::hash::Hasher;

/// What a step's run read of the remembered values since it was entered.
#[derive(Debug, Default)]
pub(crate) struct Reads {
    /// Each key recalled, with the digest of its value then (0: nothing under it).
    pub(crate) keys: Vec<(String, u64)>,
    /// It read something that depends on every remembered value.
    pub(crate) all: bool,
    /// Events, bytes of text and moves since the last prompt, on entry.
    pub(crate) counters: (usize, usize, usize),
}

/// The failures met so far, by step.
#[derive(Debug, Default)]
pub(crate) struct StepMemo {
    failures: HashMap<String, Vec<(Reads, Error)>>,
}

impl StepMemo {
    /// The failure a step entered now would meet, if a step run with the same reads met it.
    pub(crate) fn lookup(
        &self,
        step: &str,
        memory: &IndexMap<String, Dynamic>,
        counters: (usize, usize, usize),
    ) -> Option<Error> {
        self.failures.get(step)?.iter().find_map(|(reads, error)| {
            let same = reads.counters == counters
                && reads
                    .keys
                    .iter()
                    .all(|(key, was)| memory.get(key).map_or(0, |v| value_digest(key, v)) == *was);
            same.then(|| error.clone())
        })
    }

    /// Keeps a failure met before the step asked anything.
    pub(crate) fn record(&mut self, step: &str, reads: Reads, error: Error) {
        if !reads.all {
            self.failures
                .entry(step.to_string())
                .or_default()
                .push((reads, error));
        }
    }
}

/// The digest of one remembered entry (its key, its type and its value as text), and
/// the bytes it takes.
pub(crate) fn entry_digest(key: &str, value: &Dynamic) -> (u64, usize) {
    let text = value.to_string();
    let mut h = stable_hasher();
    h.write(key.as_bytes());
    h.write_u8(0);
    h.write(value.type_name().as_bytes());
    h.write_u8(0);
    h.write(text.as_bytes());
    (h.finish(), key.len() + text.len())
}

/// The digest of a remembered value under its key (never 0 in practice).
pub(crate) fn value_digest(key: &str, value: &Dynamic) -> u64 {
    entry_digest(key, value).0
}
