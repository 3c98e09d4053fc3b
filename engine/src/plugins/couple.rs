//! The couple's history in the guide language, read-only: `agreements()` (this
//! session's and the ledger's open ones), `review(agreement, outcome)`,
//! `last_session(...)` and `revealed_earlier(label, n)`.
//!
//! Every function reads the history the session was given when it started (kept in its
//! journal) and what this run agreed and reviewed so far, never the disk: a replay reads
//! the same.

use super::docs;
use crate::couple::{Outcome, PastSession};
use crate::event::{Event, EventKind};
use crate::runtime::errors::runtime_error;
use crate::runtime::run::{Run, RunState};
use rhai::{Array, Dynamic, Engine, EvalAltResult, ImmutableString, Map, NativeCallContext};

type Fallible<T> = Result<T, Box<EvalAltResult>>;

pub(crate) fn install(engine: &mut Engine, run: &Run) {
    let r = run.clone();
    docs::register(engine, "agreements", move || {
        r.with(agreements).unwrap_or_default()
    });
    let r = run.clone();
    docs::register(
        engine,
        "review",
        move |ctx: NativeCallContext, agreement: Map, outcome: ImmutableString| -> Fallible<()> {
            let id = agreement
                .get("id")
                .and_then(|id| id.clone().into_immutable_string().ok())
                .unwrap_or_default();
            if agreement.get("earlier").and_then(|n| n.as_bool().ok()) == Some(false) {
                return Err(runtime_error(
                    "review(...): this agreement was made in this session; it can be reviewed in a later one",
                ));
            }
            review(&r, &id, &outcome, &ctx)
        },
    );
    let r = run.clone();
    docs::register(
        engine,
        "review",
        move |ctx: NativeCallContext, id: ImmutableString, outcome: ImmutableString| {
            review(&r, &id, &outcome, &ctx)
        },
    );
    let r = run.clone();
    docs::register(engine, "last_session", move || {
        r.with(|st| last_session(st, None))
            .flatten()
            .unwrap_or(Dynamic::UNIT)
    });
    let r = run.clone();
    docs::register(engine, "last_session", move |guide: ImmutableString| {
        r.with(|st| last_session(st, Some(&guide)))
            .flatten()
            .unwrap_or(Dynamic::UNIT)
    });
    let r = run.clone();
    docs::register(engine, "revealed_earlier", move |label: ImmutableString| {
        r.with(|st| revealed_earlier(st, &label, usize::MAX))
            .unwrap_or_default()
    });
    let r = run.clone();
    docs::register(
        engine,
        "revealed_earlier",
        move |label: ImmutableString, count: i64| {
            let count = usize::try_from(count).unwrap_or(0);
            r.with(|st| revealed_earlier(st, &label, count))
                .unwrap_or_default()
        },
    );
}

/// The role of the partner with this name in this session's guide, `"both"` for
/// nobody in particular, or the name itself if no role has it.
fn role_of(st: &RunState, name: Option<&str>) -> String {
    let Some(name) = name else {
        return "both".into();
    };
    st.names
        .iter()
        .find(|(_, n)| n.as_str() == name)
        .map_or_else(|| name.to_string(), |(role, _)| role.clone())
}

/// The ledger's open agreements not reviewed in this run, oldest first, then this run's
/// own, in order.
fn agreements(st: &mut RunState) -> Array {
    // This run's own agreements and reviews are not among the keys a memo compares.
    st.read_all();
    let mut list = Array::new();
    for a in st.couple.open() {
        if st.reviewed.contains(&a.id) {
            continue;
        }
        let mut map = Map::new();
        map.insert("id".into(), a.id.clone().into());
        map.insert("text".into(), a.text.clone().into());
        map.insert("by".into(), role_of(st, a.by.as_deref()).into());
        map.insert("guide".into(), a.guide.clone().into());
        map.insert("date".into(), a.date.clone().into());
        map.insert("days_ago".into(), i64::from(a.days_ago).into());
        map.insert("earlier".into(), true.into());
        list.push(map.into());
    }
    for (text, by) in &st.agreed {
        let mut map = Map::new();
        map.insert("id".into(), "".into());
        map.insert("text".into(), text.clone().into());
        let by = by.clone().unwrap_or_else(|| "both".into());
        map.insert("by".into(), by.into());
        map.insert("guide".into(), "".into());
        map.insert("date".into(), "".into());
        map.insert("days_ago".into(), 0_i64.into());
        map.insert("earlier".into(), false.into());
        list.push(map.into());
    }
    list
}

fn review(run: &Run, id: &str, outcome: &str, ctx: &NativeCallContext) -> Fallible<()> {
    if run.loading() {
        return Err(runtime_error("review(...) can only be used inside a step"));
    }
    let Some(outcome) = Outcome::parse(outcome) else {
        let words: Vec<&str> = Outcome::ALL.iter().map(|o| o.words()).collect();
        return Err(runtime_error(&format!(
            "review(...): \"{outcome}\" is not how an agreement went; write one of \"{}\"",
            words.join("\", \"")
        )));
    };
    let found = run.with(|st| {
        st.read_all();
        let reviewed = st.reviewed.iter().any(|r| r == id);
        let open = st
            .couple
            .open()
            .find(|a| a.id == id)
            .map(|a| a.text.clone());
        (reviewed, open)
    });
    let text = match found {
        Some((true, _)) => {
            return Err(runtime_error(&format!(
                "review(...): the agreement \"{id}\" was reviewed already in this session"
            )));
        }
        Some((false, Some(text))) => text,
        _ => {
            return Err(runtime_error(&format!(
                "review(...): no open agreement has the id \"{id}\"; review one that agreements() lists"
            )));
        }
    };
    run.emit(
        Event::public(EventKind::Review {
            id: id.to_string(),
            text,
            outcome,
        })
        .at(run.place(ctx)),
    );
    Ok(())
}

/// Whether a session was of the guide named so: its name as the couple gave it, or its
/// file's name with or without `.rhai`.
fn of_guide(session: &PastSession, guide: &str) -> bool {
    let path = std::path::Path::new(&session.guide);
    session.guide == guide
        || path.file_name().is_some_and(|n| n == guide)
        || path.file_stem().is_some_and(|n| n == guide)
}

fn last_session(st: &mut RunState, guide: Option<&str>) -> Option<Dynamic> {
    let session = st
        .couple
        .sessions
        .iter()
        .rev()
        .find(|s| guide.is_none_or(|g| of_guide(s, g)))?;
    let mut map = Map::new();
    map.insert("id".into(), session.id.clone().into());
    map.insert("guide".into(), session.guide.clone().into());
    map.insert("title".into(), session.title.clone().into());
    map.insert("date".into(), session.date.clone().into());
    map.insert("days_ago".into(), i64::from(session.days_ago).into());
    map.insert("status".into(), session.status.words().into());
    let agreed: Array = session
        .agreed
        .iter()
        .map(|a| a.text.clone().into())
        .collect();
    map.insert("agreements".into(), agreed.into());
    Some(map.into())
}

/// The last `count` earlier sessions that revealed `label`, newest first: each a map of
/// the values by role, with the session's date, age and guide.
fn revealed_earlier(st: &mut RunState, label: &str, count: usize) -> Array {
    let mut list = Array::new();
    for session in st.couple.sessions.iter().rev() {
        if list.len() >= count {
            break;
        }
        let mut map = Map::new();
        for revealed in session.revealed.iter().filter(|r| r.label == label) {
            map.insert(
                role_of(st, Some(&revealed.by)).into(),
                revealed.value.to_dynamic(),
            );
        }
        if map.is_empty() {
            continue;
        }
        map.insert("date".into(), session.date.clone().into());
        map.insert("days_ago".into(), i64::from(session.days_ago).into());
        map.insert("guide".into(), session.guide.clone().into());
        list.push(map.into());
    }
    list
}
