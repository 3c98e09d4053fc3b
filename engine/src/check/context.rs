//! [`Context`]: what the rules know of a guide: its source text, its outline, what is
//! known of its declaration and steps, and the functions the engine offers.

use crate::syntax::facts::{Facts, FnFacts};
use crate::syntax::outline::Outline;
use crate::syntax::text::Text;
use indexmap::IndexSet;
use std::collections::{HashMap, HashSet};

/// What every rule reads.
pub(super) struct Context<'a> {
    pub(super) text: &'a Text<'a>,
    pub(super) outline: &'a Outline,
    pub(super) facts: &'a Facts,
    pub(super) known: Known,
    /// The engine's functions (the guide language and Rhai's): name, and the numbers of
    /// values each form takes.
    pub(super) functions: HashMap<String, Vec<usize>>,
}

/// What is known of the guide's declaration and steps: from loading it when it loads,
/// otherwise from what is written literally.
pub(super) struct Known {
    pub(super) roles: Option<Vec<String>>,
    /// Every step's name, or `None` if some are computed and the guide did not load.
    /// A set: every move of every step is looked up in it.
    pub(super) steps: Option<IndexSet<String>>,
    pub(super) start: Option<String>,
}

impl Known {
    pub(super) fn from_outline(outline: &Outline) -> Known {
        let decl = outline.declaration.as_ref();
        Known {
            roles: decl
                .and_then(|d| d.roles.as_ref())
                .map(|r| r.iter().map(|(name, _)| name.clone()).collect()),
            steps: (!outline.dynamic_steps)
                .then(|| outline.steps.iter().map(|s| s.name.clone()).collect()),
            start: decl.and_then(|d| d.start.as_ref()).map(|(s, _)| s.clone()),
        }
    }

    pub(super) fn is_who(&self, name: &str, top_vars: &HashSet<String>) -> Option<bool> {
        let roles = self.roles.as_ref()?;
        Some(
            name == "both"
                || name == "each"
                || roles.iter().any(|r| r == name)
                || top_vars.contains(name),
        )
    }
}

/// The functions an engine knows, by name, with how many values each form takes.
pub(super) fn functions_of(engine: &rhai::Engine) -> HashMap<String, Vec<usize>> {
    let mut functions: HashMap<String, Vec<usize>> = HashMap::new();
    for signature in engine.gen_fn_signatures(true) {
        // "name(a: type, b: type) -> type"
        let Some((name, rest)) = signature.split_once('(') else {
            continue;
        };
        let params = rest.rsplit_once(')').map_or("", |(p, _)| p).trim();
        let mut depth = 0usize;
        let commas = params
            .chars()
            .filter(|c| {
                match c {
                    '<' | '(' | '[' => depth += 1,
                    '>' | ')' | ']' => depth = depth.saturating_sub(1),
                    _ => {}
                }
                *c == ',' && depth == 0
            })
            .count();
        let count = if params.is_empty() { 0 } else { commas + 1 };
        functions
            .entry(name.trim().to_string())
            .or_default()
            .push(count);
    }
    functions
}

/// Every body in the guide, the top level first, with the step each runs in (if one).
pub(super) fn bodies(facts: &Facts) -> Vec<(&FnFacts, Option<String>)> {
    let steps_of = steps_of_functions(facts);
    let mut fns: Vec<(&FnFacts, Option<String>)> = vec![(&facts.top, None)];
    fns.extend(
        facts
            .fns
            .values()
            .map(|f| (f, steps_of.get(f.name.as_str()).cloned())),
    );
    fns
}

/// For each function, the first step whose body runs it.
pub(super) fn steps_of_functions(facts: &Facts) -> HashMap<&str, String> {
    let mut map = HashMap::new();
    for call in &facts.steps {
        let (Some(name), Some(body)) = (&call.name, &call.body) else {
            continue;
        };
        for (f, _) in facts.reach(body) {
            map.entry(f.name.as_str()).or_insert_with(|| name.clone());
        }
    }
    map
}
