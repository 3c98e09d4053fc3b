//! What a guide's source says, found by reading its syntax tree without running it: the
//! declaration, and for each step what it says, asks, moves to and finishes, with
//! positions.
//!
//! The outline is what `check` reasons about, and what a flow graph is drawn from. It is
//! an over-approximation of what can happen: every `next("...")` written in a step (or in
//! a function or closure the step may call) is a possible move, whether or not its
//! condition can ever be true.

pub use super::facts::{Condition, Move, OpenEnd, PromptOutline};
use super::facts::{DeclValue, Facts, GuideCall, StepCall};
pub use super::text::Pos;
use super::text::Text;
use super::walk;
use rhai::AST;

/// The outline of a whole guide.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    /// The first `guide(#{...})` call, if there is one at the top level.
    pub declaration: Option<DeclarationOutline>,
    /// The steps whose names are written as literal strings, in the order they appear.
    pub steps: Vec<StepOutline>,
    /// Some `step(...)` is given a computed name, so [`Outline::steps`] may be incomplete.
    pub dynamic_steps: bool,
    pub(crate) facts: Facts,
}

/// What `guide(#{...})` declares, as written. `None` fields are missing or not literal.
#[derive(Debug, Clone, Default)]
pub struct DeclarationOutline {
    /// Where `guide` is called.
    pub at: Pos,
    /// The map is written out as `#{ ... }`; otherwise nothing below is known.
    pub literal: bool,
    /// The title, when it is written as a text.
    pub title: Option<String>,
    /// Role names with the place each is declared, in the order written.
    pub roles: Option<Vec<(String, Pos)>>,
    /// The start step's name and where it is written.
    pub start: Option<(String, Pos)>,
}

/// One step: its name and position, and everything its body may do.
#[derive(Debug, Clone, Default)]
pub struct StepOutline {
    /// The step's name.
    pub name: String,
    /// Where `step(` is called.
    pub at: Pos,
    /// Where the name is written.
    pub name_at: Pos,
    /// Every `next("...")` with a literal step name the step may reach, in source order.
    pub moves: Vec<Move>,
    /// Places where `next(...)` is given a computed name.
    pub dynamic_moves: Vec<Pos>,
    /// Places where `finish(...)` is called.
    pub finishes: Vec<Pos>,
    /// The step may end the guide: it calls `finish`, or code the outline cannot see into.
    pub can_finish: bool,
    /// The step calls code the outline cannot see into (an imported module, a function
    /// pointer), which may move or finish too.
    pub opaque: bool,
    /// What the step asks.
    pub prompts: Vec<PromptOutline>,
    /// Literal texts the step says with `say(...)`.
    pub says: Vec<(String, Pos)>,
    /// Places where a path through the step ends without `next` or `finish`.
    pub open_ends: Vec<OpenEnd>,
    /// Where the loops the step runs start (in its body or the functions it calls), in
    /// source order: where to look when a step runs too long.
    pub loops: Vec<Pos>,
}

impl Outline {
    /// The outline of a compiled guide's source.
    pub fn of(ast: &AST, text: &str) -> Outline {
        let facts = walk::facts(ast, &Text::new(text));
        let declaration = facts.guides.first().map(declaration_outline);
        let dynamic_steps = facts.steps.iter().any(|s| s.name.is_none());
        let steps = facts
            .steps
            .iter()
            .filter_map(|call| {
                let name = call.name.clone()?;
                Some(step_outline(&facts, call, name))
            })
            .collect();
        Outline {
            declaration,
            steps,
            dynamic_steps,
            facts,
        }
    }

    /// The step with this name (the first, if there are two).
    pub fn step(&self, name: &str) -> Option<&StepOutline> {
        self.steps.iter().find(|s| s.name == name)
    }
}

fn declaration_outline(call: &GuideCall) -> DeclarationOutline {
    let mut decl = DeclarationOutline {
        at: call.at,
        literal: call.map.is_some(),
        ..DeclarationOutline::default()
    };
    for key in call.map.iter().flatten() {
        match (key.key.as_str(), &key.value) {
            ("title", DeclValue::Text(t)) => decl.title = Some(t.clone()),
            ("start", DeclValue::Text(t)) => decl.start = Some((t.clone(), key.value_at)),
            ("roles", DeclValue::Map(roles)) => decl.roles = Some(roles.clone()),
            _ => {}
        }
    }
    decl
}

fn step_outline(facts: &Facts, call: &StepCall, name: String) -> StepOutline {
    let mut step = StepOutline {
        name,
        at: call.at,
        name_at: call.name_at,
        ..StepOutline::default()
    };
    let Some(body) = &call.body else {
        step.opaque = true;
        step.can_finish = true;
        return step;
    };
    if let Some(f) = facts.fns.get(body) {
        step.open_ends = f.open_ends.clone();
    }
    for (f, via) in facts.reach(body) {
        step.moves.extend(f.moves.iter().map(|m| Move {
            via: via.clone(),
            ..m.clone()
        }));
        step.dynamic_moves.extend(&f.dynamic_moves);
        step.finishes.extend(&f.finishes);
        step.loops.extend(&f.loops);
        step.loops.sort();
        step.loops.dedup();
        step.says.extend(f.says.iter().cloned());
        step.prompts.extend(f.prompts.iter().map(|p| PromptOutline {
            via: via.clone(),
            ..p.outline.clone()
        }));
        step.opaque |= f.opaque;
    }
    step.can_finish = !step.finishes.is_empty() || step.opaque;
    step
}
