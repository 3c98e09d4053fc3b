//! A couple's history, as a session is given it when it starts: the sessions before it
//! (what was agreed, reviewed and revealed in each) and the ledger of agreements with
//! where each stands.
//!
//! The host builds it from the couple's journals ([`PastSession::read`] over each
//! replayed session, then [`CoupleHistory::build`]); a session keeps the history it was
//! given in its journal, so a replay, a resume and an undo compute what the live run
//! did, whatever happened since. Everything in it was on the screen both partners saw:
//! it is read off the events seen by both, never a private answer that was not revealed.
//! The engine knows no clock: dates and ages come from the host.

use crate::value::Value;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What a session is given of the couple's past. Empty for a couple's first session,
/// for authors' tools unless they give one, and for journals older than format 3.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoupleHistory {
    /// The sessions before this one, oldest first.
    #[serde(default)]
    pub sessions: Vec<PastSession>,
    /// The agreements made in them, oldest first, each with where it stands.
    #[serde(default)]
    pub agreements: Vec<Agreement>,
}

/// One earlier session, as both partners saw it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastSession {
    /// The session's id (its journal's name).
    pub id: String,
    /// The guide, as the couple named it: a shipped guide's name, or a file's path.
    pub guide: String,
    /// The guide's title.
    #[serde(default)]
    pub title: String,
    /// When it started: a timestamp as the host gives it (the CLI writes RFC 3339).
    pub started: String,
    /// The day it started, as the host shows it (`1 December 2026`).
    #[serde(default)]
    pub date: String,
    /// Whole days between it and the session given this history.
    #[serde(default)]
    pub days_ago: u32,
    /// Where it stands.
    pub status: SessionStatus,
    /// What was agreed in it, in order.
    #[serde(default)]
    pub agreed: Vec<Agreed>,
    /// The earlier agreements it reviewed, in order.
    #[serde(default)]
    pub reviewed: Vec<Reviewed>,
    /// What was revealed to both partners in it, in order.
    #[serde(default)]
    pub revealed: Vec<Revealed>,
}

/// Where a session stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    /// The guide reached its end.
    Finished,
    /// The partners ended it early (`:pause`).
    Ended,
    /// Stopped on the way: it can be resumed.
    #[default]
    Unfinished,
    /// Its guide failed or its journal cannot be read again.
    Failed,
}

impl SessionStatus {
    /// The status in plain words.
    pub fn words(self) -> &'static str {
        match self {
            SessionStatus::Finished => "finished",
            SessionStatus::Ended => "ended early",
            SessionStatus::Unfinished => "not finished",
            SessionStatus::Failed => "stopped by an error",
        }
    }
}

/// An agreement as it was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreed {
    /// Its wording.
    pub text: String,
    /// The partner who committed to it, by name; `None` when both did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
}

/// An earlier agreement reviewed in a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reviewed {
    /// The agreement's id in the ledger.
    pub id: String,
    /// Its wording, as shown when it was reviewed.
    pub text: String,
    /// How it went.
    pub outcome: Outcome,
}

/// Answers shown to both partners in a session, under the guide's label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revealed {
    /// The label the guide gave (`trust`).
    pub label: String,
    /// The partner who gave the answer, by name.
    pub by: String,
    /// The answer.
    pub value: Value,
}

/// How an agreement went, as a review says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// It was kept.
    Kept,
    /// It was partly kept.
    PartlyKept,
    /// It was not kept.
    NotKept,
    /// The couple changed it (a new agreement may say how).
    Changed,
    /// The couple let it go.
    LetGo,
}

impl Outcome {
    /// Every outcome, in the order they are shown.
    pub const ALL: [Outcome; 5] = [
        Outcome::Kept,
        Outcome::PartlyKept,
        Outcome::NotKept,
        Outcome::Changed,
        Outcome::LetGo,
    ];

    /// The outcome in plain words, as guides write it: `"partly kept"`.
    pub fn words(self) -> &'static str {
        match self {
            Outcome::Kept => "kept",
            Outcome::PartlyKept => "partly kept",
            Outcome::NotKept => "not kept",
            Outcome::Changed => "changed",
            Outcome::LetGo => "let go",
        }
    }

    /// Reads an outcome from its words, whatever their case and spacing.
    pub fn parse(text: &str) -> Option<Outcome> {
        let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
        Outcome::ALL
            .into_iter()
            .find(|o| o.words().eq_ignore_ascii_case(&words))
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.words())
    }
}

/// An entry of the couple's agreements ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    /// `SESSION/N`: the session it was made in and its place among that session's
    /// agreements (from 1).
    pub id: String,
    /// Its wording.
    pub text: String,
    /// The partner who committed to it, by name; `None` when both did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// The session it was made in.
    pub session: String,
    /// That session's guide.
    pub guide: String,
    /// The day it was made (`1 December 2026`).
    pub date: String,
    /// Whole days between it and the session given this history.
    #[serde(default)]
    pub days_ago: u32,
    /// Its last review; `None` while it is open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
}

/// Where and how an agreement was reviewed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// How it went.
    pub outcome: Outcome,
    /// The session that reviewed it.
    pub session: String,
    /// The day of that session.
    pub date: String,
}

impl Agreement {
    /// Open until a review says how it went.
    pub fn is_open(&self) -> bool {
        self.review.is_none()
    }
}

/// One revealed number over time: what a chart of check-ins draws.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rating {
    /// When the session started (as the host gave it).
    pub started: String,
    /// The day of the session.
    pub date: String,
    /// The partner who gave it, by name.
    pub partner: String,
    /// The number.
    pub value: i64,
}

impl CoupleHistory {
    /// The history of these sessions (in any order; kept oldest first): every
    /// agreement made in them, each reviewed by the latest review that names it.
    pub fn build(mut sessions: Vec<PastSession>) -> CoupleHistory {
        sessions.sort_by(|a, b| a.started.cmp(&b.started).then(a.id.cmp(&b.id)));
        let mut agreements: Vec<Agreement> = Vec::new();
        for session in &sessions {
            // Reviews first: a session reviews what came before it, never its own.
            for reviewed in &session.reviewed {
                if let Some(a) = agreements.iter_mut().find(|a| a.id == reviewed.id) {
                    a.review = Some(Review {
                        outcome: reviewed.outcome,
                        session: session.id.clone(),
                        date: session.date.clone(),
                    });
                }
            }
            for (i, agreed) in session.agreed.iter().enumerate() {
                agreements.push(Agreement {
                    id: format!("{}/{}", session.id, i + 1),
                    text: agreed.text.clone(),
                    by: agreed.by.clone(),
                    session: session.id.clone(),
                    guide: session.guide.clone(),
                    date: session.date.clone(),
                    days_ago: session.days_ago,
                    review: None,
                });
            }
        }
        CoupleHistory {
            sessions,
            agreements,
        }
    }

    /// Whether there is nothing in it.
    pub fn is_empty(&self) -> bool {
        self.sessions.is_empty() && self.agreements.is_empty()
    }

    /// The agreements still open, oldest first.
    pub fn open(&self) -> impl Iterator<Item = &Agreement> {
        self.agreements.iter().filter(|a| a.is_open())
    }

    /// The numbers revealed under `label` (`trust`), oldest first, one per partner and
    /// session: what a chart of the check-ins draws. Only revealed values are here.
    pub fn ratings(&self, label: &str) -> Vec<Rating> {
        self.sessions
            .iter()
            .flat_map(|s| {
                s.revealed
                    .iter()
                    .filter(move |r| r.label == label)
                    .filter_map(move |r| match r.value {
                        Value::Number(value) => Some(Rating {
                            started: s.started.clone(),
                            date: s.date.clone(),
                            partner: r.by.clone(),
                            value,
                        }),
                        _ => None,
                    })
            })
            .collect()
    }

    /// Reads a history from its JSON (a file given to `explore` or a scenario), as a
    /// journal keeps it. A file that lists sessions but no `agreements` (one written
    /// by hand) has its ledger built from the sessions' agreements and reviews.
    pub fn from_json(text: &str) -> Result<CoupleHistory, crate::error::Error> {
        let wrong = |e: serde_json::Error| {
            crate::error::Error::new(
                crate::error::ErrorKind::Input,
                format!("this is not a couple's history ({e})"),
            )
        };
        let json: serde_json::Value = serde_json::from_str(text).map_err(wrong)?;
        let has_ledger = json.get("agreements").is_some();
        let history: CoupleHistory = serde_json::from_value(json).map_err(wrong)?;
        Ok(if has_ledger {
            history
        } else {
            CoupleHistory::build(history.sessions)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(id: &str, started: &str) -> PastSession {
        PastSession {
            id: id.into(),
            guide: "check-in".into(),
            started: started.into(),
            date: started[..10].into(),
            status: SessionStatus::Finished,
            ..PastSession::default()
        }
    }

    #[test]
    fn agreements_stay_open_until_a_later_session_reviews_them() {
        let mut one = session("one", "2026-12-01T19:00:00Z");
        one.agreed = vec![
            Agreed {
                text: "Phones off on Thursday.".into(),
                by: None,
            },
            Agreed {
                text: "I text when I am late.".into(),
                by: Some("Sam".into()),
            },
        ];
        let mut two = session("two", "2026-12-08T19:00:00Z");
        two.reviewed = vec![Reviewed {
            id: "one/1".into(),
            text: "Phones off on Thursday.".into(),
            outcome: Outcome::PartlyKept,
        }];
        // Given in any order, read oldest first.
        let history = CoupleHistory::build(vec![two, one]);
        assert_eq!(history.sessions[0].id, "one");
        let open: Vec<&str> = history.open().map(|a| a.id.as_str()).collect();
        assert_eq!(open, ["one/2"]);
        let reviewed = &history.agreements[0].review.as_ref().unwrap();
        assert_eq!(
            (reviewed.outcome, reviewed.session.as_str()),
            (Outcome::PartlyKept, "two")
        );
        assert_eq!(history.agreements[1].by.as_deref(), Some("Sam"));
    }

    #[test]
    fn outcomes_read_their_words_whatever_the_case() {
        for o in Outcome::ALL {
            assert_eq!(Outcome::parse(&o.words().to_uppercase()), Some(o));
        }
        assert_eq!(Outcome::parse(" partly   kept "), Some(Outcome::PartlyKept));
        assert_eq!(Outcome::parse("done"), None);
    }
}
