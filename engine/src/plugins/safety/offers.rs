//! The safety plugin's offers after an answer, stepped through in one place: the break
//! offered after a distressed scale answer, and the private check after words that
//! signal danger. An [`Offer`] is made from the [`Intervention`] the plugin asked for
//! and says, step by step, what to show (to whom), what to ask, when to place a hold
//! and how it ends; the host answers its questions. The REPL (`run`), scenarios
//! (`test`) and any other host walk the same steps, so one answers file fits them all.
//!
//! What is shown is named ([`Said`]), not written: the host words it (names, region).
//! The offers' answers are never saved: a break is a journal record of its own.

use super::{COVER_OPTIONS, COVER_QUESTION, Signal};
use crate::audience::{Audience, RoleId};
use crate::prompt::{Prompt, PromptKind};
use crate::runtime::plugin::{Intervention, Words};
use crate::value::Value;
use std::collections::VecDeque;

/// The options after a distressed answer: a break, or going on.
pub const BREAK_OPTIONS: [&str; 2] = ["Take a break now (everything is saved)", "Go on"];

/// The options after words of danger or thoughts of self-harm, when the writer said
/// they are safe: chosen in private, so that nobody else can choose to go on for them.
pub const CRISIS_OPTIONS: [&str; 2] = [
    "Stop our conversations together until tomorrow",
    "I have seen where to get help; go on now",
];

/// The question of the break offer and of the choice after the help lines.
pub const OFFER_QUESTION: &str = "What would you like to do?";

/// The safety check's question.
pub const SAFE_QUESTION: &str = "Are you safe right now?";

/// Something the host shows, in its own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Said {
    /// A break of at least `minutes` usually helps more than pushing on.
    BreakAdvice {
        /// The shortest break.
        minutes: u32,
    },
    /// Why `role` is asked: words typed by `typed_by`, at a private prompt or not.
    CheckIntro {
        /// The partner asked.
        role: RoleId,
        /// Who typed the words.
        typed_by: Audience,
        /// Whether they were typed at a private prompt.
        private: bool,
        /// What the shared screen shows in their place if a reveal would repeat them.
        shown_instead: String,
    },
    /// Why `role` is asked after an admission: each partner is asked in turn, with
    /// these same words, which name neither the words nor their writer.
    CheckEach {
        /// The partner asked.
        role: RoleId,
    },
    /// Crisis lines, shown whatever is answered next.
    CrisisLines,
    /// Domestic-abuse lines.
    AbuseLines,
    /// Thanks, and `:pause` if that changes.
    Thanks,
    /// Help for them alone is the better step now, with these lines.
    HelpAlone {
        /// Thoughts of self-harm were signalled.
        crisis: bool,
        /// Danger from someone was signalled.
        abuse: bool,
    },
    /// What a cover will show.
    CoverNote,
}

/// How an offer ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfferEnd {
    /// The guide goes on.
    GoOn,
    /// A break of `minutes`: the host keeps its start and length, says when it ends,
    /// and stops, saved.
    Break {
        /// The break's length.
        minutes: u32,
    },
    /// A disclosure: the neutral message, joint guides on hold.
    Hold,
    /// A disclosure with a cover: the conversation ends for the light guide.
    Lighter,
}

/// What a check does to the hold on joint guides, for the partner being asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoldStep {
    /// A partner is about to be asked whether they are safe: joint guides are held now,
    /// with no code, so that leaving the check (closing the program, a kill) cannot go
    /// around it.
    Pending,
    /// They said they are safe and chose to go on: the pending hold is taken away.
    Lift,
    /// They disclosed: the pending hold becomes theirs to lift with a code, shown to
    /// them now while the screen is theirs.
    Place,
}

/// One step of an offer.
#[derive(Debug, Clone, PartialEq)]
pub enum OfferStep {
    /// Show this, on the screen of `screen` (in private) or the shared one (`None`).
    Show {
        /// The partner whose private screen it is on, or `None` for the shared one.
        screen: Option<RoleId>,
        /// What to show.
        said: Said,
    },
    /// Ask this (in private when the prompt is private); answer with [`Offer::answer`].
    Ask(Prompt),
    /// The hold, for the partner being asked (see [`HoldStep`]).
    Hold(HoldStep),
    /// The offer is over, on the shared screen.
    End(OfferEnd),
}

/// Who was asked whether they are safe in this sitting, and after which kind of words.
/// The speaker of words a listener says back in a mirror was asked about them when they
/// said them: the mirror does not ask them again about the same kind in the same
/// sitting (a resume is a new sitting, and their own new words are always checked).
#[derive(Debug, Clone, Default)]
pub struct Checked(Vec<(RoleId, Signal)>);

impl Checked {
    /// The check to make now, if any: a mirror's leaves out the kinds its speaker was
    /// already asked about. Every check made is remembered.
    pub fn admit(&mut self, intervention: Intervention) -> Option<Intervention> {
        let Intervention::CheckSafety {
            mut roles,
            mut crisis,
            mut abuse,
            typed_by,
            private,
            shown_instead,
            words,
        } = intervention
        else {
            return Some(intervention);
        };
        let asked = |role: &RoleId, signal| self.0.contains(&(role.clone(), signal));
        if words == Words::Mirror {
            crisis &= roles.iter().any(|r| !asked(r, Signal::SelfHarm));
            abuse &= roles.iter().any(|r| !asked(r, Signal::Danger));
            roles.retain(|r| {
                (crisis && !asked(r, Signal::SelfHarm)) || (abuse && !asked(r, Signal::Danger))
            });
            if roles.is_empty() {
                return None;
            }
        }
        for role in &roles {
            for (signalled, signal) in [(crisis, Signal::SelfHarm), (abuse, Signal::Danger)] {
                let entry = (role.clone(), signal);
                if signalled && !self.0.contains(&entry) {
                    self.0.push(entry);
                }
            }
        }
        Some(Intervention::CheckSafety {
            roles,
            crisis,
            abuse,
            typed_by,
            private,
            shown_instead,
            words,
        })
    }
}

/// What is being asked.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Asking {
    Break { minutes: u32 },
    Safe { role: RoleId },
    AfterHelp { role: RoleId },
    Cover { role: RoleId },
}

/// An offer being stepped through.
#[derive(Debug, Clone)]
pub struct Offer {
    steps: VecDeque<OfferStep>,
    asking: Option<(Asking, Prompt)>,
    /// The partners still to be asked whether they are safe.
    to_check: VecDeque<RoleId>,
    crisis: bool,
    abuse: bool,
    typed_by: Audience,
    private: bool,
    shown_instead: String,
    words: Words,
    /// Whether the one who disclosed may choose a cover (a joint guide, not the intake).
    cover_offered: bool,
    /// Whether this is the light guide, where a cover is the guide going on.
    light: bool,
    disclosed: bool,
    cover: bool,
    /// One who disclosed chose the short message: it wins over a cover, so that nobody
    /// is put into a joint activity they declined.
    stop: bool,
}

/// A question Kintsugi asks, outside any guide.
fn local(to: Audience, text: &str, kind: PromptKind, private: bool) -> Prompt {
    Prompt {
        private,
        ..Prompt::new(to, text, kind)
    }
}

fn choice(options: &[&str]) -> PromptKind {
    PromptKind::choice(options.iter().map(|o| o.to_string()).collect())
}

impl Offer {
    /// The offer for what the plugin asked. `cover_offered`: a partner who discloses
    /// may choose a cover (a joint guide, not the intake); `light`: this is the light
    /// guide.
    pub fn new(intervention: Intervention, cover_offered: bool, light: bool) -> Offer {
        let mut offer = Offer {
            steps: VecDeque::new(),
            asking: None,
            to_check: VecDeque::new(),
            crisis: false,
            abuse: false,
            typed_by: Audience::Both,
            private: false,
            shown_instead: String::new(),
            words: Words::Own,
            cover_offered,
            light,
            disclosed: false,
            cover: false,
            stop: false,
        };
        match intervention {
            Intervention::OfferBreak {
                minutes,
                to,
                private,
            } => {
                // The offer is for the one who is distressed (privately if their answer
                // was), so that nobody else can choose to go on for them.
                let screen = match (&to, private) {
                    (Audience::Partner(role), true) => Some(role.clone()),
                    _ => None,
                };
                offer.steps.push_back(OfferStep::Show {
                    screen,
                    said: Said::BreakAdvice { minutes },
                });
                offer.ask(
                    Asking::Break { minutes },
                    local(to, OFFER_QUESTION, choice(&BREAK_OPTIONS), private),
                );
            }
            Intervention::CheckSafety {
                roles,
                crisis,
                abuse,
                typed_by,
                private,
                shown_instead,
                words,
            } => {
                offer.words = words;
                offer.shown_instead = shown_instead;
                offer.crisis = crisis;
                offer.abuse = abuse;
                offer.typed_by = typed_by;
                offer.private = private;
                offer.to_check = roles.into();
                offer.check_next();
            }
        }
        offer
    }

    fn ask(&mut self, asking: Asking, prompt: Prompt) {
        self.steps.push_back(OfferStep::Ask(prompt.clone()));
        self.asking = Some((asking, prompt));
    }

    fn show(&mut self, role: &RoleId, said: Said) {
        self.steps.push_back(OfferStep::Show {
            screen: Some(role.clone()),
            said,
        });
    }

    /// Asks the next partner whether they are safe, or ends the check.
    fn check_next(&mut self) {
        let Some(role) = self.to_check.pop_front() else {
            let end = match (self.disclosed, self.cover && !self.stop) {
                (false, _) => OfferEnd::GoOn,
                // In the light guide a cover is the guide going on, as after "yes".
                (true, true) if self.light => OfferEnd::GoOn,
                (true, true) => OfferEnd::Lighter,
                // If two disclosed and chose differently, the short message wins: the
                // one who chose it is never put into a joint activity they declined.
                (true, false) => OfferEnd::Hold,
            };
            self.steps.push_back(OfferStep::End(end));
            return;
        };
        let intro = match self.words {
            Words::Admission => Said::CheckEach { role: role.clone() },
            Words::Own | Words::Mirror => Said::CheckIntro {
                role: role.clone(),
                typed_by: self.typed_by.clone(),
                private: self.private,
                shown_instead: self.shown_instead.clone(),
            },
        };
        // Held before the screen is handed over and the question asked: leaving at the
        // hand-over (Ctrl-D, the window closed) is leaving the check. Only "safe, go on"
        // lifts it.
        self.steps.push_back(OfferStep::Hold(HoldStep::Pending));
        self.show(&role, intro);
        // Crisis lines come first and whatever is answered next: a "yes, I am safe"
        // after thoughts of dying is no reason to hide them.
        if self.crisis {
            self.show(&role, Said::CrisisLines);
        }
        let prompt = local(
            Audience::Partner(role.clone()),
            SAFE_QUESTION,
            PromptKind::YesNo,
            true,
        );
        self.ask(Asking::Safe { role }, prompt);
    }

    /// A partner disclosed: the hold is placed at once; then, still in private, what
    /// the shared screen shows is their choice.
    fn disclose(&mut self, role: RoleId) {
        self.disclosed = true;
        self.steps.push_back(OfferStep::Hold(HoldStep::Place));
        if self.cover_offered {
            let prompt = local(
                Audience::Partner(role.clone()),
                COVER_QUESTION,
                choice(&COVER_OPTIONS),
                true,
            );
            self.ask(Asking::Cover { role }, prompt);
        } else {
            self.check_next();
        }
    }

    /// `role` is safe and goes on: their pending hold is lifted.
    fn go_on(&mut self, role: RoleId) {
        self.steps.push_back(OfferStep::Hold(HoldStep::Lift));
        self.show(&role, Said::Thanks);
        self.check_next();
    }

    /// The next step. An [`OfferStep::Ask`] is given again until it is answered.
    pub fn step(&mut self) -> OfferStep {
        if let Some(step) = self.steps.pop_front() {
            return step;
        }
        match &self.asking {
            Some((_, prompt)) => OfferStep::Ask(prompt.clone()),
            None => OfferStep::End(OfferEnd::GoOn),
        }
    }

    /// The question being asked, if one is.
    pub fn asking(&self) -> Option<&Prompt> {
        self.asking.as_ref().map(|(_, prompt)| prompt)
    }

    /// The answer to the question being asked that lets the guide go on: "Go on" after
    /// a distressed answer, "yes" to the safety check (and going on after the crisis
    /// lines). Tools that follow a guide's paths answer offers so (`explore`).
    pub fn going_on(&self) -> Option<Value> {
        let (asking, _) = self.asking.as_ref()?;
        Some(match asking {
            Asking::Break { .. } => Value::Text(BREAK_OPTIONS[1].to_string()),
            Asking::Safe { .. } => Value::Bool(true),
            Asking::AfterHelp { .. } => Value::Text(CRISIS_OPTIONS[1].to_string()),
            Asking::Cover { .. } => Value::Text(COVER_OPTIONS[0].to_string()),
        })
    }

    /// Answers the question being asked (a value its prompt parsed); the steps it leads
    /// to follow.
    pub fn answer(&mut self, value: &Value) {
        let Some((asking, _)) = self.asking.take() else {
            return;
        };
        let picked = |options: &[&str]| options.iter().position(|o| value.to_string() == *o);
        match asking {
            Asking::Break { minutes } => {
                if picked(&BREAK_OPTIONS) == Some(0) {
                    self.steps
                        .push_back(OfferStep::End(OfferEnd::Break { minutes }));
                } else {
                    self.steps.push_back(OfferStep::End(OfferEnd::GoOn));
                }
            }
            Asking::Safe { role } => match value {
                Value::Bool(true) => {
                    if self.abuse {
                        self.show(&role, Said::AbuseLines);
                    }
                    if self.crisis || self.abuse {
                        // Thoughts of dying or danger put joint guides on hold unless the
                        // one concerned, having seen the help, chooses (in private) to go
                        // on; stopping leads to the choice of a cover, as after a "no".
                        let prompt = local(
                            Audience::Partner(role.clone()),
                            OFFER_QUESTION,
                            choice(&CRISIS_OPTIONS),
                            true,
                        );
                        self.ask(Asking::AfterHelp { role }, prompt);
                    } else {
                        self.go_on(role);
                    }
                }
                _ => {
                    self.show(
                        &role,
                        Said::HelpAlone {
                            crisis: self.crisis,
                            abuse: self.abuse,
                        },
                    );
                    self.disclose(role);
                }
            },
            Asking::AfterHelp { role } => {
                if picked(&CRISIS_OPTIONS) == Some(0) {
                    self.disclose(role);
                } else {
                    self.go_on(role);
                }
            }
            Asking::Cover { role } => {
                if picked(&COVER_OPTIONS) == Some(1) {
                    self.show(&role, Said::CoverNote);
                    self.cover = true;
                } else {
                    self.stop = true;
                }
                self.check_next();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(mut offer: Offer, answers: &[&str]) -> (Vec<OfferStep>, OfferEnd) {
        let mut answers = answers.iter();
        let mut steps = Vec::new();
        loop {
            let step = offer.step();
            steps.push(step.clone());
            match step {
                OfferStep::Ask(prompt) => {
                    let value = prompt.parse(answers.next().expect("an answer")).unwrap();
                    offer.answer(&value);
                }
                OfferStep::End(end) => return (steps, end),
                _ => {}
            }
        }
    }

    #[test]
    fn a_break_offer_ends_in_a_break_or_goes_on() {
        let offer = || {
            Offer::new(
                Intervention::OfferBreak {
                    minutes: 20,
                    to: Audience::Partner("a".into()),
                    private: true,
                },
                true,
                false,
            )
        };
        assert_eq!(run(offer(), &["1"]).1, OfferEnd::Break { minutes: 20 });
        assert_eq!(run(offer(), &["Go on"]).1, OfferEnd::GoOn);
    }

    #[test]
    fn a_check_asks_each_partner_and_a_disclosure_holds_or_covers() {
        let offer = |crisis| {
            Offer::new(
                Intervention::CheckSafety {
                    roles: vec!["a".into(), "b".into()],
                    crisis,
                    abuse: false,
                    typed_by: Audience::Partner("a".into()),
                    private: true,
                    shown_instead: "(no answer)".into(),
                    words: Words::Own,
                },
                true,
                false,
            )
        };
        assert_eq!(run(offer(false), &["yes", "yes"]).1, OfferEnd::GoOn);
        let (steps, end) = run(offer(false), &["no", "1", "yes"]);
        assert_eq!(end, OfferEnd::Hold);
        assert!(steps.contains(&OfferStep::Hold(HoldStep::Place)));
        assert_eq!(run(offer(false), &["no", "2", "yes"]).1, OfferEnd::Lighter);
        // Two disclose and choose differently: the short message wins, whoever chose it.
        assert_eq!(run(offer(false), &["no", "1", "no", "2"]).1, OfferEnd::Hold);
        assert_eq!(run(offer(false), &["no", "2", "no", "1"]).1, OfferEnd::Hold);
        assert_eq!(
            run(offer(true), &["yes", "2", "yes", "2"]).1,
            OfferEnd::GoOn
        );
        assert_eq!(
            run(offer(true), &["yes", "1", "1", "yes", "2"]).1,
            OfferEnd::Hold
        );
    }

    #[test]
    fn each_partner_asked_is_held_until_they_say_they_are_safe_and_go_on() {
        let offer = |abuse| {
            Offer::new(
                Intervention::CheckSafety {
                    roles: vec!["a".into()],
                    crisis: false,
                    abuse,
                    typed_by: Audience::Partner("a".into()),
                    private: true,
                    shown_instead: String::new(),
                    words: Words::Own,
                },
                true,
                false,
            )
        };
        let holds = |steps: &[OfferStep]| -> Vec<HoldStep> {
            steps
                .iter()
                .filter_map(|s| match s {
                    OfferStep::Hold(h) => Some(*h),
                    _ => None,
                })
                .collect()
        };
        // The hold comes before the question, and only going on lifts it.
        let (steps, end) = run(offer(false), &["yes"]);
        assert_eq!(end, OfferEnd::GoOn);
        let pending = steps
            .iter()
            .position(|s| *s == OfferStep::Hold(HoldStep::Pending));
        let asked = steps.iter().position(|s| matches!(s, OfferStep::Ask(_)));
        assert!(pending < asked, "{steps:?}");
        assert_eq!(holds(&steps), [HoldStep::Pending, HoldStep::Lift]);
        // After words of danger, "safe" leads to a private choice: stop (then the
        // cover question), or go on.
        let (steps, end) = run(offer(true), &["yes", "1", "2"]);
        assert_eq!(end, OfferEnd::Lighter);
        assert!(steps.contains(&OfferStep::Show {
            screen: Some("a".into()),
            said: Said::AbuseLines
        }));
        assert_eq!(holds(&steps), [HoldStep::Pending, HoldStep::Place]);
        let (steps, end) = run(offer(true), &["yes", "2"]);
        assert_eq!(end, OfferEnd::GoOn);
        assert_eq!(holds(&steps), [HoldStep::Pending, HoldStep::Lift]);
    }
}
