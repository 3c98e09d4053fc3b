//! The safety plugin, always on: the intake before a joint guide (consent, private
//! screening), words that signal danger in free text, distress on marked scales, and
//! the help numbers shown to the one who needs them.
//!
//! No guide can turn it off: guides cannot change the plugins a host chooses, and the
//! checks here run on answers and on the host's side of a session, not in guide code.

mod model;
mod offers;
mod resources;
mod signals;

pub use model::{Model, Reading, Training, features, train};
pub use offers::{
    BREAK_OPTIONS, CRISIS_OPTIONS, Checked, HoldStep, OFFER_QUESTION, Offer, OfferEnd, OfferStep,
    SAFE_QUESTION, Said,
};
pub use resources::{Need, Region, Service, regions, support_text};
pub use signals::{
    Detector, Finding, MODEL_KINDS, MODEL_RULE, Signal, admits, listed_signals, mirrored_signals,
    scan, signals,
};

use crate::audience::Audience;
use crate::prompt::{Prompt, PromptKind};
use crate::runtime::plugin::{Intervention, Plugin, Words};
use crate::runtime::run::Run;
use crate::value::Value;
use indexmap::IndexMap;
use rhai::{Engine, ImmutableString};

/// The message both partners see when the joint guide must not start, whoever answered
/// what and why: word for word the same every time.
pub const NEUTRAL_MESSAGE: &str =
    "This isn't the right time for this guide. You can choose something lighter, or stop here.";

/// What the one who disclosed is asked, in private, before the conversation goes back to
/// both: the neutral stop, or a cover (the light guide runs as on any evening).
pub const COVER_QUESTION: &str =
    "Before the conversation goes back to both of you: what should both of you see?";

/// The answers to `COVER_QUESTION`: the neutral stop first, then the cover.
pub const COVER_OPTIONS: [&str; 2] = [
    "The short message for both of you: this isn't the right time for this guide",
    "Something light instead, as on an ordinary evening (Two appreciations)",
];

/// Said to the one who chose the cover during the light guide itself: the same guide goes on.
pub const COVER_NOTE_LIGHT: &str = "When the conversation goes back to both of you, this light guide goes on as before, as on any evening: nothing in it speaks of this. Pause at any question (:pause, or Pause on your own device) to end it.";

/// Said to the one who chose the cover, still in private. The short message wins over
/// a cover (nobody is put into a joint activity they declined), so the note says so.
pub const COVER_NOTE: &str = "When the conversation goes back to both of you, you both see a short, light guide (Two appreciations), as on any evening: nothing in it speaks of this, though a partner who knows Kintsugi may still guess why a different guide runs. Pause at any question (:pause, or Pause on your own device) to end the light guide. If your partner's answers stop the guide too, both of you may see the short message instead: that would not come from anything you answered.";

/// Said in private to a partner whose answers placed a hold, with the code that lets
/// them lift it themselves (`command`: `kintsugi release`, with the data folder the host
/// was given), shown once and stored only hashed.
pub fn release_note(code: &str, command: &str) -> String {
    format!(
        "Joint conversations are on hold until the private questions a day from now: if either \
         of you starts one before then, both see the short message. You can lift the hold \
         yourself before then, when you are alone: type `{command}`, read where to get \
         help, then type this code: {code}. It is shown only now and only to you, and anyone \
         who types it can lift the hold: keep it to yourself."
    )
}

/// The intake guide the host runs before a joint guide, with nothing saved.
pub const INTAKE: &str = include_str!("intake.rhai");

/// The note an author's transcript carries: tools that test guides skip the intake.
pub const AUTHOR_NOTE: &str = "An author's test run: consent and screening were skipped.";

/// The shortest break offered when a partner is flooded, in minutes.
pub const BREAK_MINUTES: u32 = 20;

/// The safety plugin. The host sets what the intake must do and the couple's region.
#[derive(Debug, Clone, Default)]
pub struct Safety {
    /// The couple has not yet agreed to the statement of what Kintsugi is.
    pub consent_needed: bool,
    /// The last screening is missing or more than a week old.
    pub screening_needed: bool,
    /// A region code from `resources.toml`, if one was chosen.
    pub region: Option<String>,
    /// By intake role (`first`, `second`): the code shown to that partner, in private,
    /// if their answers place a hold (see `release_note`). None in a run that places no
    /// hold.
    pub release_codes: IndexMap<String, String>,
    /// The command that lifts a hold with a code, as the partner must type it here
    /// (`kintsugi release`, with `--data-dir` when the host was given one).
    pub release_command: String,
}

impl Plugin for Safety {
    fn name(&self) -> &'static str {
        "safety"
    }

    fn install(&self, engine: &mut Engine, _run: &Run) {
        use crate::plugins::docs::register;
        let needed = self.consent_needed;
        register(engine, "consent_needed", move || needed);
        let needed = self.screening_needed;
        register(engine, "screening_needed", move || needed);
        register(engine, "neutral_message", || NEUTRAL_MESSAGE);
        register(engine, "cover_question", || COVER_QUESTION);
        register(engine, "cover_options", || {
            COVER_OPTIONS.map(rhai::Dynamic::from).to_vec()
        });
        register(engine, "cover_note", || COVER_NOTE);
        let codes = self.release_codes.clone();
        let command = self.release_command.clone();
        register(engine, "release_note", move |role: ImmutableString| {
            codes
                .get(role.as_str())
                .map(|code| release_note(code, &command))
                .unwrap_or_default()
        });
        let region = self.region.clone();
        register(engine, "support", move |need: ImmutableString| {
            let need = match need.as_str() {
                "crisis" => Some(Need::Crisis),
                "abuse" => Some(Need::Abuse),
                _ => None,
            };
            support_text(region.as_deref(), need)
        });
    }

    fn withhold(&self, prompt: &Prompt, value: &Value) -> bool {
        matches!((&prompt.kind, value), (PromptKind::Text, Value::Text(text))
            if !read(prompt, text).is_empty() || (prompt.mirror && !listed_signals(text).is_empty()))
    }

    fn on_answer(&self, prompt: &Prompt, value: &Value, run: &Run) -> Option<Intervention> {
        match (&prompt.kind, value) {
            (PromptKind::Text, Value::Text(text)) => {
                let mut signals = read(prompt, text);
                let roles = run.roles();
                // A listener who, saying back, speaks of themselves ("... I want to kill
                // myself") is asked about their own words: the speaker's were not these.
                let listener = prompt.mirror && signals.is_empty() && {
                    signals = listed_signals(text);
                    !signals.is_empty()
                };
                // Owning up to harm done to the one addressed: a partner is in danger
                // from the writer. Not in a mirror (its words are already the
                // speaker's), nor in a guide for one (the one addressed is not there).
                let admission = !prompt.mirror && roles.len() > 1 && admits(text);
                if signals.is_empty() && !admission {
                    return None;
                }
                // The words are the writer's own, or for a mirror the other partner's:
                // the check goes to whoever said them. An admission checks each
                // partner in turn, the writer too, in the guide's order of roles, so
                // that neither the order nor who is asked points at anyone.
                let (words, roles) = match &prompt.to {
                    _ if admission => (Words::Admission, roles),
                    Audience::Partner(role) if listener => (Words::Own, vec![role.clone()]),
                    Audience::Partner(role) if prompt.mirror => {
                        let others: Vec<_> = roles.into_iter().filter(|r| r != role).collect();
                        if others.is_empty() {
                            (Words::Mirror, vec![role.clone()])
                        } else {
                            (Words::Mirror, others)
                        }
                    }
                    Audience::Partner(role) => (Words::Own, vec![role.clone()]),
                    _ => (Words::Own, roles),
                };
                Some(Intervention::CheckSafety {
                    roles,
                    crisis: signals.contains(&Signal::SelfHarm),
                    abuse: signals.contains(&Signal::Danger) || admission,
                    typed_by: prompt.to.clone(),
                    private: prompt.private,
                    shown_instead: prompt
                        .shown(&Value::None)
                        .unwrap_or_else(|| crate::value::NO_ANSWER.to_string()),
                    words,
                })
            }
            (PromptKind::Scale { .. }, Value::Number(n))
                if !prompt.own_break && prompt.distress.is_some_and(|d| *n >= d) =>
            {
                Some(Intervention::OfferBreak {
                    minutes: BREAK_MINUTES,
                    to: prompt.to.clone(),
                    private: prompt.private,
                })
            }
            _ => None,
        }
    }
}

/// The signals in a free-text answer: a mirror's words are read as the speaker's own.
fn read(prompt: &Prompt, text: &str) -> Vec<Signal> {
    if prompt.mirror {
        mirrored_signals(text)
    } else {
        signals(text)
    }
}
