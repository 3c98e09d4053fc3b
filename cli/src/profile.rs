//! What Kintsugi keeps between sessions besides journals: the region for help numbers,
//! and for each couple the dates of consent and of the last screening. Never a
//! screening answer: only that one took place, and when.

use anyhow::Context;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

/// A screening older than this is repeated.
const SCREENING_LASTS: Duration = Duration::from_secs(7 * 24 * 60 * 60);

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Profile {
    /// A region code from the shipped help numbers, or none chosen yet.
    pub region: Option<String>,
    /// By couple (their names, sorted and joined with "+").
    #[serde(default)]
    pub couples: IndexMap<String, Couple>,
    #[serde(skip)]
    path: Option<PathBuf>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Couple {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consented: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub screened: Option<String>,
}

pub fn couple_key<'a>(names: impl IntoIterator<Item = &'a String>) -> String {
    let mut names: Vec<String> = names.into_iter().map(|n| n.to_lowercase()).collect();
    names.sort();
    names.join("+")
}

impl Profile {
    /// Reads the profile from the data folder; `None` keeps it in memory only.
    pub fn open(dir: Option<PathBuf>) -> anyhow::Result<Profile> {
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
        Ok(profile)
    }

    pub fn save(&self) -> anyhow::Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        crate::store::write_private(path, &serde_json::to_string_pretty(self)?)
    }

    pub fn couple(&self, key: &str) -> Couple {
        self.couples.get(key).cloned().unwrap_or_default()
    }

    pub fn needs_screening(&self, key: &str) -> bool {
        let last = self
            .couple(key)
            .screened
            .and_then(|t| humantime::parse_rfc3339(&t).ok());
        match last {
            Some(when) => SystemTime::now()
                .duration_since(when)
                .is_ok_and(|age| age > SCREENING_LASTS),
            None => true,
        }
    }
}
