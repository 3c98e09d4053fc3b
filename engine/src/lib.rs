//! Kintsugi's guide engine: runs a guide written in Rhai for two partners, one event
//! at a time, and derives everything from the answers given so far.
//!
//! The host (a REPL, a test) loads a [`Guide`], starts a [`Session`], shows its
//! [`Event`]s, and gives answers to its waiting [`Prompt`]. The engine does no I/O of its
//! own beyond reading a guide's imports from the guide's own folder.

pub mod check;
mod code;
mod defs;
mod error;
mod event;
pub mod explore;
mod fiber;
mod guide;
mod journal;
mod plugin;
mod plugins;
mod prompt;
mod run;
mod safety;
mod sandbox;
mod scenario;
mod session;
mod syntax;
mod transcript;
mod value;

pub use crate::check::{Diagnostic, check};
pub use crate::code::{Code, Severity};
pub use crate::defs::definitions;
pub use crate::error::{Error, ErrorKind, Limit, Location, Result};
pub use crate::event::{Audience, Event, EventKind, RoleId, Viewer};
pub use crate::guide::{Guide, Source};
pub use crate::journal::{FORMAT as JOURNAL_FORMAT, Header, Journal, Record};
pub use crate::plugin::{Config, Intervention, Limits, Plugin};
pub use crate::plugins::{Core, Random};
pub use crate::safety::{NEUTRAL_MESSAGE, Need, Safety, Signal};
/// The safety plugin's data and intake guide, for hosts.
pub mod safety_data {
    pub use crate::safety::{
        AUTHOR_NOTE, BREAK_MINUTES, INTAKE, Region, Service, regions, scan, support_text,
    };
}
pub use crate::prompt::{MAX_TEXT_ANSWER, Prompt, PromptKind};
pub use crate::run::{Declaration, Run, Stale, Status};
pub use crate::scenario::{Scenario, ScenarioAnswer};
pub use crate::session::{Session, Setup};
pub use crate::syntax::outline::{Outline, StepOutline};
pub use crate::transcript::{Format, Transcript};
pub use crate::value::Value;
/// The Rhai version the engine is built with, for plugins to register functions.
pub use rhai;
