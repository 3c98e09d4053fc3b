//! `kintsugi history`: every session of each couple in the data folder, newest first,
//! with its date, guide, status, and what was agreed and reviewed in it, in plain words.
//! Only what both partners saw is shown: never a private answer.

use crate::args::ChartFormat;
use crate::chart::{self, Rating};
use crate::couples::{CoupleRecord, couples, long_day};
use crate::profile::{Hold, Profile};
use crate::store::Store;
use kintsugi_engine::SessionStatus;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Runs `kintsugi history`, for one couple if `couple` names one (a partner's name or
/// the couple's id).
pub fn run(store: &Store, couple: Option<&str>, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let records = couples(store, couple)?;
    if records.is_empty() {
        nothing_yet(couple, out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let held = held(store)?;
    for (i, record) in records.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        write_record(record, held, out)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Whether joint guides are on hold here: then nothing suggests what the hold would
/// refuse (a resume, a check-in), and nothing says why.
fn held(store: &Store) -> anyhow::Result<bool> {
    Ok(Profile::read(store.home(), false)?.hold() != Hold::None)
}

/// The label the check-in reveals its trust ratings under, and the scale's range.
const TRUST: &str = "trust";
const TRUST_RANGE: (i64, i64) = (0, 10);

/// Runs `kintsugi history --chart`: each couple's revealed trust ratings over time, in
/// the terminal or (`--format svg`) as a picture in a file. Only revealed values are
/// drawn: the history holds nothing else.
pub fn chart(
    store: &Store,
    couple: Option<&str>,
    format: Option<ChartFormat>,
    output: Option<PathBuf>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let records = couples(store, couple)?;
    if records.is_empty() {
        nothing_yet(couple, out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let held = held(store)?;
    if output.is_some() && records.len() > 1 {
        anyhow::bail!(
            "{} couples have sessions here, and one file can hold one chart: add --couple NAME",
            records.len()
        );
    }
    for (i, record) in records.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let ratings = ratings(record);
        writeln!(out, "{}", record.title())?;
        if ratings.is_empty() && held {
            writeln!(out, "No trust ratings have been revealed yet.")?;
            continue;
        }
        if ratings.is_empty() {
            writeln!(
                out,
                "No trust ratings have been revealed yet: a check-in (`{}`) reveals them.",
                crate::store::command("run check-in")
            )?;
            continue;
        }
        match format.unwrap_or(ChartFormat::Text) {
            ChartFormat::Text => write!(out, "{}", chart::text(&ratings, TRUST, TRUST_RANGE))?,
            ChartFormat::Svg => {
                for line in chart::summary(&ratings, TRUST) {
                    writeln!(out, "{line}")?;
                }
                let path = output
                    .clone()
                    .unwrap_or_else(|| PathBuf::from(format!("kintsugi-trust-{}.svg", record.id)));
                std::fs::write(&path, chart::svg(&ratings, TRUST, TRUST_RANGE)?)
                    .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
                writeln!(out, "The chart is in {}.", path.display())?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A couple's revealed trust ratings, as the chart takes them.
fn ratings(record: &CoupleRecord) -> Vec<Rating> {
    crate::couples::ratings(record, TRUST)
        .into_iter()
        .filter_map(|r| {
            Some(Rating {
                date: crate::clock::parse(&r.started)?,
                partner: r.partner,
                value: r.value,
            })
        })
        .collect()
}

/// What to say when there is nothing to show.
pub fn nothing_yet(couple: Option<&str>, out: &mut dyn Write) -> std::io::Result<()> {
    match couple {
        Some(who) => writeln!(
            out,
            "No sessions of \"{who}\" are kept here. `{}` lists every couple's.",
            crate::store::command("history")
        ),
        None => writeln!(
            out,
            "No sessions are kept here yet. `{}` starts one.",
            crate::store::command("run")
        ),
    }
}

fn write_record(record: &CoupleRecord, held: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let count = record.sessions.len();
    writeln!(
        out,
        "{}: {count} {}, newest first.",
        record.title(),
        if count == 1 { "session" } else { "sessions" }
    )?;
    for (saved, past) in &record.sessions {
        let title = if past.title.is_empty() {
            &past.guide
        } else {
            &past.title
        };
        writeln!(
            out,
            "\n{} · {title} · {}",
            long_day(&past.started),
            past.status.words()
        )?;
        match past.status {
            SessionStatus::Unfinished if !held => writeln!(
                out,
                "  Session {}: `{}` continues it.",
                saved.id,
                crate::store::command(&format!("resume {}", saved.id))
            )?,
            _ => writeln!(
                out,
                "  Session {}: `{}` shows it.",
                saved.id,
                crate::store::command(&format!("transcript {}", saved.id))
            )?,
        }
        for reviewed in &past.reviewed {
            writeln!(
                out,
                "  Looked back: {} ({})",
                reviewed.text, reviewed.outcome
            )?;
        }
        for agreed in &past.agreed {
            match &agreed.by {
                Some(who) => writeln!(out, "  Agreed ({who}): {}", agreed.text)?,
                None => writeln!(out, "  Agreed: {}", agreed.text)?,
            }
        }
        if past.agreed.is_empty() && past.reviewed.is_empty() {
            writeln!(out, "  Nothing was agreed.")?;
        }
    }
    Ok(())
}
