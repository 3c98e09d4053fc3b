//! What Kintsugi keeps between sessions besides journals: the region for help numbers,
//! and for each couple the dates of consent and of the last screening. Never a
//! screening answer: only that one took place, and when. A safety hold is a time and,
//! for each partner who may lift it themselves, a salted hash of the code they were
//! shown in private: neither names who, nor why.

use anyhow::Context;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A screening older than this is repeated.
const SCREENING_LASTS: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// No joint guide starts or resumes for this long after a safety hold is placed.
pub const HOLD_LASTS: Duration = Duration::from_secs(24 * 60 * 60);

/// A disclosure whose writer was shown no code: only the re-check lifts it.
const NO_CODE: &str = "-";

/// Wrong codes that `kintsugi release` takes, in all, before no code lifts a hold.
pub const RELEASE_TRIES: u32 = 5;

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
    /// By couple (`couple_key`: a hash of their names).
    #[serde(default)]
    pub couples: IndexMap<String, Couple>,
    /// When a safety hold was placed on this data folder's joint guides (a disclosure
    /// in the screening, a "no" to "are you safe", a signal of self-harm). Only the
    /// time: never who, never why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold: Option<String>,
    /// One entry per disclosure that placed the hold: the salted hash of the code its
    /// writer was shown in private (`kintsugi release`), or `NO_CODE` where none was
    /// shown (the check was left before it). The hold lifts when the last entry is used,
    /// so an entry without a code holds until the re-check. Never a name, never a reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub release: Vec<String>,
    /// Wrong codes typed since a code was last given; at `RELEASE_TRIES` no code lifts
    /// the hold, and only the re-check a day later does.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub release_misses: u32,
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
    /// The program's phases both partners said, each in private, they are ready for
    /// (`rebuild-trust/forgiveness`), with when. Kept only when both said yes, which the
    /// gate opening shows anyway: never one partner's answer.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub ready: IndexMap<String, String>,
}

/// A hold as it stood, to put back (see `Profile::held`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Held {
    hold: Option<String>,
    release: Vec<String>,
    misses: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// What typing a code to `kintsugi release` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Release {
    /// The code was one of the hold's: the disclosure it was given for holds no more
    /// (nor the hold itself, if it was the last).
    Lifted,
    /// Not a code of the hold's; this many tries are left.
    Wrong(u32),
    /// No code lifts the hold any more (too many wrong codes, or none was given).
    Spent,
}

/// A new code to lift a hold: six digits, shown once to the partner concerned, in
/// private. `fastrand`'s generator is seeded from the OS's randomness per process; with
/// `RELEASE_TRIES` tries, guessing is hopeless, and the hash keeps the code out of sight
/// of anyone who opens the profile (it guards nothing against someone who edits it:
/// that could delete the hold itself).
pub fn release_code() -> String {
    format!("{:03} {:03}", fastrand::u32(..1000), fastrand::u32(..1000))
}

/// A code as stored: a random salt and the SHA-256 of salt and digits.
fn hashed(code: &str, salt: &str) -> String {
    let digits: String = code.chars().filter(char::is_ascii_digit).collect();
    format!("{salt}:{}", hex(&format!("{salt}:{digits}")))
}

/// A couple's key in the profile: a hash of their names (lower-cased, sorted), so that
/// the profile names nobody. Each of the couple's sessions' journals carries it too,
/// so several couples can share a data folder. Anyone who knows the names can tell it is theirs; nobody
/// can read the names from it.
pub fn couple_key<'a>(names: impl IntoIterator<Item = &'a String>) -> String {
    let mut names: Vec<String> = names.into_iter().map(|n| n.to_lowercase()).collect();
    names.sort();
    hex(&names.join("+"))[..16].to_string()
}

/// The SHA-256 of `text`, in hex.
fn hex(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
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
        // Profiles from before kept a couple by their names joined ("alex+sam"), the
        // very text the key is now the hash of.
        profile.couples = std::mem::take(&mut profile.couples)
            .into_iter()
            .map(|(key, couple)| match key.contains('+') {
                true => (hex(&key)[..16].to_string(), couple),
                false => (key, couple),
            })
            .collect();
        profile.path = Some(path);
        profile.writable = writable;
        Ok(profile)
    }

    /// The data folder the profile is kept in (none for a run that keeps nothing).
    pub fn home(&self) -> Option<&Path> {
        self.path.as_deref().and_then(Path::parent)
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
    /// outlasts a session that keeps nothing else. A hold placed less than a day ago
    /// is kept, with its codes: only its time is renewed. One a day old or more is
    /// replaced, codes and all: it is renewed by this disclosure, whose code alone lifts
    /// it. One entry per disclosure: the code its writer was shown, to lift what they
    /// placed, or `None` if they were shown none.
    pub fn place_hold(&mut self, codes: &[Option<String>]) -> anyhow::Result<()> {
        if self.hold() == Hold::Due {
            self.release.clear();
            self.release_misses = 0;
        }
        self.hold = Some(crate::store::now());
        for code in codes {
            let entry = match code {
                Some(code) => {
                    // A new code gets every try, whatever was typed before.
                    self.release_misses = 0;
                    hashed(code, &format!("{:016x}", fastrand::u64(..)))
                }
                None => NO_CODE.to_string(),
            };
            self.release.push(entry);
        }
        self.write()
    }

    /// Lifts the hold after a clear re-check: codes and all.
    pub fn lift_hold(&mut self) -> anyhow::Result<()> {
        self.hold = None;
        self.release.clear();
        self.release_misses = 0;
        self.write()
    }

    /// A code typed to `kintsugi release`: a right one removes its entry, and with the
    /// last entry the hold; a wrong one counts, and the last try ends them all.
    pub fn release(&mut self, typed: &str) -> anyhow::Result<Release> {
        if !self.releasable() {
            return Ok(Release::Spent);
        }
        let right = self.release.iter().position(|stored| {
            let salt = stored.split(':').next().unwrap_or_default();
            stored != NO_CODE && hashed(typed, salt) == *stored
        });
        let release = match right {
            Some(i) => {
                self.release.remove(i);
                if self.release.is_empty() {
                    self.lift_hold()?;
                }
                Release::Lifted
            }
            None => {
                self.release_misses += 1;
                match RELEASE_TRIES.checked_sub(self.release_misses) {
                    Some(left) if left > 0 => Release::Wrong(left),
                    _ => Release::Spent,
                }
            }
        };
        self.write()?;
        Ok(release)
    }

    /// Whether a code can still lift (part of) the hold.
    pub fn releasable(&self) -> bool {
        self.release_misses < RELEASE_TRIES && self.coded()
    }

    /// Whether any part of the hold was given a code (else only the re-check lifts it).
    pub fn coded(&self) -> bool {
        self.release.iter().any(|e| e != NO_CODE)
    }

    /// When the private questions can lift the hold: a day after it was placed.
    pub fn due(&self) -> Option<std::time::SystemTime> {
        let since = humantime::parse_rfc3339(self.hold.as_deref()?).ok()?;
        Some(since + HOLD_LASTS)
    }

    /// The hold as it stands, to be put back with `restore` (a hold placed while a
    /// partner is asked whether they are safe, lifted when they say they are).
    pub fn held(&self) -> Held {
        Held {
            hold: self.hold.clone(),
            release: self.release.clone(),
            misses: self.release_misses,
        }
    }

    /// Puts the hold back as it was, in memory (write it with `place_hold` or `save`).
    pub fn restore(&mut self, held: &Held) {
        self.hold = held.hold.clone();
        self.release = held.release.clone();
        self.release_misses = held.misses;
    }

    /// Puts the hold back as it was, and writes it (even with `--no-save`).
    pub fn restore_hold(&mut self, held: &Held) -> anyhow::Result<()> {
        self.restore(held);
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
