//! The hooks through which the runtime calls plugins, which assemble the guide language.

use super::run::Run;
use crate::audience::{Audience, RoleId};
use crate::event::Event;
use crate::prompt::Prompt;
use crate::value::Value;

/// A piece of the guide language: Rhai functions, and an eye on the session's events.
///
/// `install` runs once per loaded guide, whose engine every session of it shares; the
/// functions it registers keep a copy of `run`, which reaches the run being driven
/// when they are called. `observe` sees each event once, as the run grows (after an
/// undo, the events past the undo point may be seen again).
pub trait Plugin: Send + Sync {
    /// A short name, used in notes and errors.
    fn name(&self) -> &'static str;
    /// Registers the plugin's functions.
    fn install(&self, engine: &mut rhai::Engine, run: &Run);
    /// Called for every new event, in order.
    fn observe(&self, _event: &Event, _run: &Run) {}

    /// Whether a private answer must never reach the shared screen: its text is then
    /// withheld from every later line both partners see, reveals included. Asked on
    /// every replay, so it must depend on the prompt and value alone.
    fn withhold(&self, _prompt: &Prompt, _value: &Value) -> bool {
        false
    }

    /// Called once for each answer a partner gives (never on replay): a plugin may ask
    /// the host to step in before the next prompt.
    fn on_answer(&self, _prompt: &Prompt, _value: &Value, _run: &Run) -> Option<Intervention> {
        None
    }
}

/// What a plugin may ask the host to do between two prompts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intervention {
    /// Offer a break of at least this many minutes before going on.
    OfferBreak {
        /// The shortest break to offer.
        minutes: u32,
        /// Who gave the distressed answer: the offer is theirs to answer.
        to: Audience,
        /// Whether that answer was private: then so is the offer.
        private: bool,
    },
    /// Ask these partners, each in private, whether they are safe.
    CheckSafety {
        /// The partners to ask.
        roles: Vec<RoleId>,
        /// Thoughts of suicide or self-harm were signalled: crisis lines are shown to
        /// them, whatever they answer.
        crisis: bool,
        /// Danger from someone was signalled: domestic-abuse lines are shown to them.
        abuse: bool,
        /// Who typed the words: the partner asked, or for a mirror the listener who said
        /// them back.
        typed_by: Audience,
        /// Whether the words were typed at a private prompt; at an open one they were on
        /// the shared screen as they were typed.
        private: bool,
        /// What the shared screen shows in place of private words a reveal would repeat
        /// (what a pass at that prompt shows), so that the writer can be told exactly.
        shown_instead: String,
        /// Whose words they are: the writer's own, a mirror of the speaker's, or an
        /// admission of harm done to the one they address.
        words: Words,
    },
}

/// Whose danger the words of a check speak of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Words {
    /// The writer's own: the writer is asked.
    Own,
    /// A listener's saying back of the speaker's words: the speaker is asked.
    Mirror,
    /// The writer owns up to harming, threatening or controlling the one they address
    /// ("I slapped you in March"): each partner is asked in turn, with the same words,
    /// so that the check does not point at anyone.
    Admission,
}
