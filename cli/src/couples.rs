//! A couple's record: which saved sessions are whose, each read back as both partners
//! saw it, and the history a new session of theirs is given.
//!
//! Sessions belong to a couple by the id their journal carries (`couple_key`: the
//! partners' names, as the profile keys each couple), or, for journals older than
//! that, by the same key of their names. Everything here is derived by
//! replaying journals; nothing of it is stored but in the journal of the session a
//! history is given to.

use crate::profile::couple_key;
use crate::store::{Saved, Store, clock};
use kintsugi_engine::{CoupleHistory, Guide, PastSession, Rating, SessionStatus};
use std::collections::HashMap;
use std::time::SystemTime;

/// One couple's sessions, newest first.
pub struct CoupleRecord {
    /// The couple's id (`couple_key`: a hash of their names, as the profile keys them).
    pub id: String,
    /// The partners' names.
    pub names: Vec<String>,
    /// Their sessions, newest first, each as it is read back.
    pub sessions: Vec<(Saved, PastSession)>,
}

impl CoupleRecord {
    /// "Alex and Sam".
    pub fn title(&self) -> String {
        self.names.join(" and ")
    }

    /// Their history as a session starting now would be given it.
    pub fn history(&self) -> CoupleHistory {
        CoupleHistory::build(self.sessions.iter().map(|(_, p)| p.clone()).collect())
    }

    /// Whether `wanted` (a name of either partner, both names joined by `+` as in
    /// `alex+sam`, or the id) names them.
    fn is(&self, wanted: &str) -> bool {
        let mut both: Vec<String> = self.names.iter().map(|n| n.to_lowercase()).collect();
        both.sort();
        self.id == wanted
            || self.names.iter().any(|n| n.eq_ignore_ascii_case(wanted))
            || both.join("+") == wanted.to_lowercase()
    }
}

/// The couple a session belongs to: the id its journal carries, or for a journal older
/// than that, its partners' names' key (the same id).
fn couple_of(saved: &Saved) -> String {
    let header = &saved.journal.header;
    header
        .couple
        .clone()
        .unwrap_or_else(|| couple_key(header.names.values()))
}

/// Every couple with sessions in the data folder, the most recently active first, or
/// only those `wanted` names (a partner's name or the couple's id).
pub fn couples(store: &Store, wanted: Option<&str>) -> anyhow::Result<Vec<CoupleRecord>> {
    let now = clock();
    let mut saved = store.list()?;
    saved.sort_by(|a, b| {
        let key = |s: &Saved| (s.journal.header.started.clone(), s.id.clone());
        key(b).cmp(&key(a))
    });
    let mut guides: HashMap<String, Option<Guide>> = HashMap::new();
    let mut records: Vec<CoupleRecord> = Vec::new();
    for session in saved {
        // Authors' runs keep nothing; a journal marked as one is nobody's history.
        if session.journal.header.author {
            continue;
        }
        let id = couple_of(&session);
        let past = read_back(&session, now, &mut guides);
        match records.iter_mut().find(|r| r.id == id) {
            Some(record) => record.sessions.push((session, past)),
            None => records.push(CoupleRecord {
                id,
                names: session.journal.header.names.values().cloned().collect(),
                sessions: vec![(session, past)],
            }),
        }
    }
    if let Some(wanted) = wanted {
        records.retain(|r| r.is(wanted));
    }
    Ok(records)
}

/// The history the couple with these names is given by a session starting now (empty
/// for a couple with no sessions yet).
pub fn history_of(store: &Store, id: &str) -> anyhow::Result<CoupleHistory> {
    Ok(couples(store, None)?
        .into_iter()
        .find(|r| r.id == id)
        .map(|r| r.history())
        .unwrap_or_default())
}

/// The numbers revealed under `label` in a couple's sessions, oldest first: one per
/// partner and session, with its date (what the trust chart draws; only revealed values).
// The trust chart (`kintsugi history --chart`) draws these.
#[allow(dead_code)]
pub fn ratings(record: &CoupleRecord, label: &str) -> Vec<Rating> {
    record.history().ratings(label)
}

/// A saved session as both partners saw it: replayed with the guide it began with (each
/// guide loaded once), then read off the events seen by both.
fn read_back(
    saved: &Saved,
    now: SystemTime,
    guides: &mut HashMap<String, Option<Guide>>,
) -> PastSession {
    let header = &saved.journal.header;
    let started = humantime::parse_rfc3339_weak(&header.started).ok();
    let days_ago = started
        .and_then(|t| now.duration_since(t).ok())
        .map_or(0, |age| {
            u32::try_from(age.as_secs() / 86_400).unwrap_or(u32::MAX)
        });
    let mut past = PastSession {
        id: saved.id.clone(),
        guide: header.guide.clone(),
        started: header.started.clone(),
        date: started.map(day).unwrap_or_default(),
        days_ago,
        status: SessionStatus::Failed,
        ..PastSession::default()
    };
    let guide = guides
        .entry(format!("{}:{}", header.guide, header.guide_hash))
        .or_insert_with(|| crate::guides::load(&crate::guides::of_journal(header)).ok());
    let Some(guide) = guide.clone() else {
        return past;
    };
    past.title = guide.declaration().title.clone();
    let Ok(session) = saved.journal.replay(guide) else {
        return past;
    };
    past.status = match session.status() {
        _ if saved.journal.ended => SessionStatus::Ended,
        kintsugi_engine::Status::Finished(_) => SessionStatus::Finished,
        kintsugi_engine::Status::Failed(_) => SessionStatus::Failed,
        kintsugi_engine::Status::Awaiting(_) => SessionStatus::Unfinished,
    };
    past.read(&session.events(), &header.names)
}

/// The day of a time in this computer's time zone, as guides show it: `1 December 2026`.
pub fn day(time: SystemTime) -> String {
    zoned(time).map_or_else(String::new, |z| z.strftime("%-d %B %Y").to_string())
}

/// The day of a time in words: `Tuesday 1 December 2026`.
pub fn long_day(started: &str) -> String {
    humantime::parse_rfc3339_weak(started)
        .ok()
        .and_then(zoned)
        .map_or_else(
            || started.to_string(),
            |z| z.strftime("%A %-d %B %Y").to_string(),
        )
}

fn zoned(time: SystemTime) -> Option<jiff::Zoned> {
    let at = jiff::Timestamp::try_from(time).ok()?;
    Some(at.to_zoned(jiff::tz::TimeZone::system()))
}

/// What stops a session on a break that is still running, for `resume` and for `run` of
/// any guide by the same couple: until when, and why. No way around it, by design: the
/// break is there so that both can calm down, and one partner must not be able to cut
/// it short for the other, by resuming or by starting a guide again.
pub fn on_break(id: &str, journal: &kintsugi_engine::Journal) -> Option<String> {
    let taken = journal.on_break.as_ref().filter(|_| !journal.finished)?;
    let end = crate::clock::parse(&taken.at)? + chrono::TimeDelta::minutes(taken.minutes.into());
    let now = crate::clock::now();
    (now < end).then(|| {
        format!(
            "This conversation is on a break until {} ({} from now).\n\
             A break helps when it is long enough for both of you to calm down: a body needs about 20 minutes to settle after a hard moment, and coming back sooner tends to start again where it hurt. Spend the time apart, doing something calm.\n\
             Come back then: {}",
            crate::clock::when(end, now).trim_start_matches("at "),
            crate::clock::left(end - now),
            crate::store::command(&format!("resume {id}"))
        )
    })
}

/// What stops the couple of `names` from starting a guide now: a break of theirs still
/// running, in any session kept here, said as `resume` says it.
pub fn couple_on_break(
    store: &crate::store::Store,
    names: &indexmap::IndexMap<String, String>,
) -> anyhow::Result<Option<String>> {
    let couple = crate::profile::couple_key(names.values());
    Ok(store
        .list()?
        .into_iter()
        .filter(|s| crate::profile::couple_key(s.journal.header.names.values()) == couple)
        .find_map(|s| on_break(&s.id, &s.journal)))
}
