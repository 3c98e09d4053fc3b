//! `kintsugi agreements`: each couple's agreements ledger, grouped by where each stands:
//! open until a later session reviews it, then kept, partly kept, not kept, changed or
//! let go. Agreements are what both partners saw agreed: nothing private is in them.

use crate::couples::couples;
use crate::store::Store;
use kintsugi_engine::{Agreement, Outcome};
use std::io::Write;
use std::process::ExitCode;

/// Runs `kintsugi agreements`, for one couple if `couple` names one.
pub fn run(store: &Store, couple: Option<&str>, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let records = couples(store, couple)?;
    if records.is_empty() {
        super::history::nothing_yet(couple, out)?;
        return Ok(ExitCode::SUCCESS);
    }
    for (i, record) in records.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let history = record.history();
        let count = history.agreements.len();
        if count == 0 {
            writeln!(out, "{}: no agreements yet.", record.title())?;
            continue;
        }
        writeln!(
            out,
            "{}: {count} {}.",
            record.title(),
            if count == 1 {
                "agreement"
            } else {
                "agreements"
            }
        )?;
        let open: Vec<&Agreement> = history.open().collect();
        group(out, "Open", &open)?;
        for outcome in Outcome::ALL {
            let these: Vec<&Agreement> = history
                .agreements
                .iter()
                .filter(|a| a.review.as_ref().is_some_and(|r| r.outcome == outcome))
                .collect();
            let words = outcome.words();
            let heading = format!("{}{}", words[..1].to_uppercase(), &words[1..]);
            group(out, &heading, &these)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One status's agreements, oldest first (nothing for none).
fn group(out: &mut dyn Write, heading: &str, agreements: &[&Agreement]) -> std::io::Result<()> {
    if agreements.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n{heading} ({})", agreements.len())?;
    for a in agreements {
        let who = a.by.as_ref().map(|w| format!(" ({w})")).unwrap_or_default();
        let reviewed = a
            .review
            .as_ref()
            .map(|r| format!("; looked back on {}", r.date))
            .unwrap_or_default();
        writeln!(out, "  - {}{who}", a.text)?;
        writeln!(out, "    agreed on {}{reviewed}", a.date)?;
    }
    Ok(())
}
