#![warn(missing_docs)]
//! Kintsugi's guide engine: runs a guide written in Rhai for two partners, one event
//! at a time, and derives everything from the answers given so far.
//!
//! The host (a REPL, a test) loads a [`Guide`], starts a [`Session`], shows its
//! [`Event`]s, and gives answers to its waiting [`Prompt`]. The engine does no I/O of its
//! own beyond reading a guide's imports from the guide's own folder.
//!
//! The modules are layers, each using only those listed before it: pure data (`error`,
//! `hash`, `value`, `event`, `prompt`, `shown`, `couple`, `program`), `syntax`, `runtime`, `plugins`, `guide`,
//! `session`, `formats`, and the authoring tools (`check`, `explore`, `defs`).

// Pure data.
mod audience;
mod code;
mod couple;
mod error;
mod event;
mod hash;
mod program;
mod prompt;
pub mod shown;
mod spelling;
mod value;
// Reading a guide's text; knows no runtime.
mod syntax;
// Where steps run.
mod runtime;
// The guide language.
mod plugins;
// A compiled guide, and one sitting with it.
mod guide;
mod session;
// What is read and written: journals, scenarios, transcripts.
mod formats;
// Authoring tools.
pub mod check;
mod defs;
pub mod explore;

pub use crate::audience::{Audience, RoleId, Viewer};
pub use crate::check::{Diagnostic, check, check_and_load};
pub use crate::code::{Code, Severity};
pub use crate::couple::{
    Agreed, Agreement, CoupleHistory, Outcome, PastSession, Rating, Revealed, Review, Reviewed,
    SessionStatus,
};
pub use crate::defs::definitions;
pub use crate::error::{Error, ErrorKind, Limit, Location, Result};
pub use crate::event::{Event, EventKind, grouped, minutes_in_words};
pub use crate::formats::journal::{FORMAT as JOURNAL_FORMAT, Header, Journal, Record, TakenBreak};
pub use crate::formats::scenario::{Played, Scenario, ScenarioAnswer, ScenarioRun, through_offers};
pub use crate::formats::transcript::{Format, Transcript};
pub use crate::guide::{Guide, Source};
pub use crate::plugins::safety::{
    HoldStep, NEUTRAL_MESSAGE, Need, Offer, OfferEnd, OfferStep, Safety, Said, Signal,
};
pub use crate::plugins::{Config, Core, Random};
/// The safety plugin's data and intake guide, for hosts.
pub mod safety_data {
    pub use crate::plugins::safety::{
        AUTHOR_NOTE, BREAK_MINUTES, BREAK_OPTIONS, COVER_NOTE, COVER_NOTE_LIGHT, COVER_OPTIONS,
        COVER_QUESTION, CRISIS_OPTIONS, INTAKE, OFFER_QUESTION, Region, SAFE_QUESTION, Service,
        regions, release_note, support_text,
    };
    pub use crate::plugins::safety::{
        Detector, Finding, MODEL_KINDS, MODEL_RULE, Model, Reading, Training, admits, features,
        scan, signals, train,
    };
}
pub use crate::program::{
    Anytime, CheckIn, Gate, Holding, Next, Phase, Program, ProgramError, Standing,
};
pub use crate::prompt::{MAX_SCALE_SPAN, MAX_TEXT_ANSWER, Prompt, PromptKind, how_many};
pub use crate::runtime::bundle::place_in_bundle;
pub use crate::runtime::modules::Modules;
pub use crate::runtime::plugin::{Intervention, Plugin, Words};
pub use crate::runtime::program::Declaration;
pub use crate::runtime::run::{History, Run, Stale, Status, set_memory_meter};
pub use crate::runtime::sandbox::Limits;
pub use crate::session::{Asked, Session, SetAside, Setup};
pub use crate::syntax::outline::{Outline, StepOutline};
pub use crate::value::{NO_ANSWER, Value};
/// The Rhai version the engine is built with, for plugins to register functions.
pub use rhai;
