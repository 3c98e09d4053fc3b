//! What Kintsugi keeps between sessions besides journals: the region for help numbers,
//! and for each couple the dates of consent and of the last screening. Never a
//! screening answer: only that one took place, and when.

use anyhow::Context;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A screening older than this is repeated.
const SCREENING_LASTS: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// No joint guide starts or resumes for this long after a safety hold is placed.
pub const HOLD_LASTS: Duration = Duration::from_secs(24 * 60 * 60);

/// Where a safety hold stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hold {
    /// No hold.
    None,
    /// Placed less than a day ago: joint guides stop with the neutral message.
    Active,
    /// A day or more old: a private re-check of both partners can lift it.
    Due,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Profile {
    /// A region code from the shipped help numbers, or none chosen yet.
    pub region: Option<String>,
    /// By couple (their names, sorted and joined with "+").
    #[serde(default)]
    pub couples: IndexMap<String, Couple>,
    /// When a safety hold was placed on this data folder's joint guides (a disclosure
    /// in the screening, a "no" to "are you safe", a signal of self-harm). Only the
    /// time: never who, never why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold: Option<String>,
    #[serde(skip)]
    path: Option<PathBuf>,
    /// Whether `save` writes (not with `--no-save`; a hold is written all the same).
    #[serde(skip)]
    writable: bool,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Couple {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consented: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub screened: Option<String>,
}

/// A couple's id: their names, lowercased, sorted and joined with "+" (`alex+sam`). The
/// profile keeps each couple under it, and each of their sessions' journals carries it,
/// so several couples can share a data folder.
pub fn couple_key<'a>(names: impl IntoIterator<Item = &'a String>) -> String {
    let mut names: Vec<String> = names.into_iter().map(|n| n.to_lowercase()).collect();
    names.sort();
    names.join("+")
}

impl Profile {
    /// Reads the profile from the data folder; `None` keeps it in memory only.
    pub fn open(dir: Option<PathBuf>) -> anyhow::Result<Profile> {
        Profile::read(dir.as_deref(), true)
    }

    /// Reads the profile; unless `writable`, saving it does nothing (`--no-save` reads
    /// the hold and region but keeps nothing).
    pub fn read(dir: Option<&Path>, writable: bool) -> anyhow::Result<Profile> {
        let Some(dir) = dir else {
            return Ok(Profile::default());
        };
        let path = dir.join("profile.json");
        let mut profile: Profile = match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text).with_context(|| {
                format!("{} is damaged; delete it to start afresh", path.display())
            })?,
            Err(_) => Profile::default(),
        };
        profile.path = Some(path);
        profile.writable = writable;
        Ok(profile)
    }

    pub fn save(&self) -> anyhow::Result<()> {
        if !self.writable {
            return Ok(());
        }
        self.write()
    }

    fn write(&self) -> anyhow::Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        crate::store::write_private(path, &serde_json::to_string_pretty(self)?)
    }

    pub fn couple(&self, key: &str) -> Couple {
        self.couples.get(key).cloned().unwrap_or_default()
    }

    /// Where the hold stands now.
    pub fn hold(&self) -> Hold {
        let Some(since) = &self.hold else {
            return Hold::None;
        };
        // A hold whose time cannot be read (edited by hand) counts as just placed.
        let age = humantime::parse_rfc3339(since)
            .ok()
            .and_then(|t| crate::store::clock().duration_since(t).ok());
        match age {
            Some(age) if age >= HOLD_LASTS => Hold::Due,
            _ => Hold::Active,
        }
    }

    /// Places a hold from now and writes it at once, even with `--no-save`: safety
    /// outlasts a session that keeps nothing else. A hold from another profile read
    /// earlier is kept: only its time is renewed.
    pub fn place_hold(&mut self) -> anyhow::Result<()> {
        self.hold = Some(crate::store::now());
        self.write()
    }

    /// Lifts the hold after a clear re-check.
    pub fn lift_hold(&mut self) -> anyhow::Result<()> {
        self.hold = None;
        self.write()
    }

    pub fn needs_screening(&self, key: &str) -> bool {
        let last = self
            .couple(key)
            .screened
            .and_then(|t| humantime::parse_rfc3339(&t).ok());
        match last {
            Some(when) => crate::store::clock()
                .duration_since(when)
                .is_ok_and(|age| age > SCREENING_LASTS),
            None => true,
        }
    }
}
