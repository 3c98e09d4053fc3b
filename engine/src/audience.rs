//! Who a prompt or an event is for, and who may see it: roles, audiences, viewers.

use serde::{Deserialize, Serialize};

/// A partner's role in a guide, such as `hurt` or `repairing`.
pub type RoleId = String;

/// Who an event is for, or who may see it.
///
/// Architecture invariant: every event carries both an addressee (`to`) and a
/// visibility (`seen_by`); renderers filter on `seen_by` and never special-case kinds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "audience", content = "role")]
pub enum Audience {
    /// Both partners, at the shared screen.
    Both,
    /// One partner only.
    Partner(RoleId),
    /// Nobody at the screen: kept for the journal and tools.
    Journal,
}

impl Audience {
    /// Whether someone viewing as `viewer` may see what this audience may see.
    pub fn admits(&self, viewer: &Viewer) -> bool {
        match (viewer, self) {
            (Viewer::Journal, _) => true,
            (_, Audience::Both) => true,
            (Viewer::Partner(me), Audience::Partner(role)) => me == role,
            (Viewer::Partners(us), Audience::Partner(role)) => us.contains(role),
            _ => false,
        }
    }
}

/// Who is looking at a rendering of events (a transcript, a screen).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Viewer {
    /// The shared screen: only what both partners may see.
    Both,
    /// One partner alone: what both may see, plus what is theirs.
    Partner(RoleId),
    /// What both may see, plus what is these partners' own (an export that includes
    /// the private answers of those who agreed).
    Partners(Vec<RoleId>),
    /// The full record, private answers included (authors and tests).
    Journal,
}
