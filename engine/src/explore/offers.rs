//! Kintsugi's own offers on a path (the break after a distressed answer, the private
//! safety check after words of danger), followed down every answer they allow, as
//! `run` and scenarios step through them ([`Offer`], in one place).
//!
//! An offer asks and shows, but changes nothing in the guide's run: the way that goes
//! on leads to the state the answer led to, and every other way ends the sitting (a
//! break, a hold, the light guide). So the explorer follows the guide's paths as before
//! and, where an answer leads to an offer, reports each way through it.

use crate::explore::answers::answers_to;
use crate::plugins::safety::{Offer, OfferEnd, OfferStep};
use crate::prompt::Prompt;
use crate::runtime::plugin::Intervention;
use crate::session::Session;
use crate::value::Value;
use std::collections::VecDeque;

/// One way through the offers an answer led to: the answers given to them, and how it
/// ends.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Way {
    pub(super) answers: Vec<(Prompt, Value)>,
    pub(super) end: OfferEnd,
}

/// The offers the last answer of a path led to, and every way through them.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Met {
    /// The prompt answered, and the answer.
    pub(super) prompt: Prompt,
    pub(super) value: Value,
    /// What each offer is, in the order they come.
    pub(super) offers: Vec<&'static str>,
    pub(super) ways: Vec<Way>,
}

/// The most ways through one answer's offers that are followed (each asks at most a
/// few yes/no and two-option questions, so a real one has fewer than ten).
const MAX_WAYS: usize = 64;

/// What the plugins offer after the last answer of `session`'s path (`last`, the
/// prompt and the answer), with every way through it; `None` when they offer nothing.
pub(super) fn offered(session: &Session, last: Option<&(Prompt, Value)>) -> Option<Met> {
    let (prompt, value) = last?;
    let interventions = session.interventions_for(prompt, value);
    if interventions.is_empty() {
        return None;
    }
    // A partner who discloses may choose a cover in a joint guide, as in `run`.
    let cover = session.guide().declaration().roles.len() == 2;
    let offers = interventions.iter().map(what).collect();
    let queue: VecDeque<Offer> = interventions
        .into_iter()
        .map(|i| Offer::new(i, cover, false))
        .collect();
    let mut ways = Vec::new();
    follow(queue, Vec::new(), &mut ways);
    Some(Met {
        prompt: prompt.clone(),
        value: value.clone(),
        offers,
        ways,
    })
}

/// What an offer is, in a few words.
fn what(intervention: &Intervention) -> &'static str {
    match intervention {
        Intervention::OfferBreak { .. } => "a break",
        Intervention::CheckSafety { .. } => "the private safety check",
    }
}

/// Every way through the offers in `queue` (each asked in turn once the one before it
/// goes on), from the answers given so far.
fn follow(mut queue: VecDeque<Offer>, given: Vec<(Prompt, Value)>, ways: &mut Vec<Way>) {
    loop {
        if ways.len() >= MAX_WAYS {
            return;
        }
        let Some(offer) = queue.front_mut() else {
            ways.push(Way {
                answers: given,
                end: OfferEnd::GoOn,
            });
            return;
        };
        match offer.step() {
            OfferStep::Show { .. } | OfferStep::Hold(_) => {}
            OfferStep::End(OfferEnd::GoOn) => {
                queue.pop_front();
            }
            OfferStep::End(end) => {
                ways.push(Way {
                    answers: given,
                    end,
                });
                return;
            }
            OfferStep::Ask(prompt) => {
                for value in answers_to(&prompt) {
                    let mut queue = queue.clone();
                    if let Some(offer) = queue.front_mut() {
                        offer.answer(&value);
                    }
                    let mut given = given.clone();
                    given.push((prompt.clone(), value));
                    follow(queue, given, ways);
                }
                return;
            }
        }
    }
}
