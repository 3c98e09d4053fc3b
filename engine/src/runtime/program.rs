//! A guide as the runtime runs it: the sandboxed engine with the plugins' functions, the
//! compiled script, what it declares and its steps. Built once per guide, shared by
//! every run of it.

use super::sandbox::Limits;
use crate::audience::RoleId;
use crate::prompt::Prompt;
use crate::value::Value;
use indexmap::IndexMap;
use rhai::FnPtr;
use std::sync::Arc;

/// What `guide(#{...})` declares.
#[derive(Debug, Clone, Default)]
pub struct Declaration {
    /// The guide's title, shown when it starts.
    pub title: String,
    /// A sentence or two on what the guide is for.
    pub summary: String,
    /// Role ids with a description of each, in declaration order.
    pub roles: IndexMap<RoleId, String>,
    /// The step the guide starts at.
    pub start: String,
}

/// A step as `step("name", || {...})` registered it.
#[derive(Clone)]
pub(crate) struct StepDef {
    /// The step's closure, its captured values copied when it was registered.
    pub(crate) func: FnPtr,
    /// Where `step(...)` was called.
    pub(crate) line: usize,
}

/// Whether an answer to a prompt must be withheld from the shared screen.
pub(crate) type Withhold = Arc<dyn Fn(&Prompt, &Value) -> bool + Send + Sync>;

/// Everything a run needs of its guide; never changed once built.
pub(crate) struct Program {
    pub(crate) engine: rhai::Engine,
    pub(crate) ast: rhai::AST,
    /// The guide's file, as errors name it.
    pub(crate) file: String,
    pub(crate) declaration: Declaration,
    pub(crate) steps: IndexMap<String, StepDef>,
    /// Whether an answer must be kept off the shared screen (the plugins' say, asked
    /// through a predicate so that the runtime needs to know nothing of plugins).
    pub(crate) withhold: Withhold,
    /// The bounds its runs keep within.
    pub(crate) limits: Limits,
}
