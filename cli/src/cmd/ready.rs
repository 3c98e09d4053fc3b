//! `kintsugi ready`: each partner says, in private, whether they are ready for the next
//! phase of their program when its gate asks (forgiveness, in the shipped one).
//!
//! Both are always asked, whatever the first said, so that being asked gives nothing
//! away; each answer is a masked 1 or 2 after the screen is handed over, and the screen is
//! cleared after it. What the screen then says is only what the gate implies: both are
//! ready, or not both (never who). Only "both ready" is kept, with its date, in the
//! profile; a "not yet" leaves no trace anywhere.

use super::next::lower_first;
use crate::args::ProgramArgs;
use crate::profile::Profile;
use crate::programs;
use crate::store::{Store, command, now};
use crate::terminal::{Input, clear_screen, wrap};
use kintsugi_engine::{Holding, Next};
use std::io::Write;
use std::process::ExitCode;

/// Runs `kintsugi ready`.
pub fn run(store: &Store, args: &ProgramArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    // Not stopped by a safety hold: its questions are private and start no joint
    // guide, and the short message here would tell, after a cover, what the cover hides.
    let mut profile = Profile::open(store.home().map(std::path::Path::to_path_buf))?;
    let loaded = programs::open(args.program.as_deref())?;
    let Some(record) = super::next::choose(store, args, &loaded, out)? else {
        return Ok(ExitCode::SUCCESS);
    };
    let standing = super::next::standing_of(&loaded, &record, &profile);
    let phase = match &standing.next {
        Next::Waiting { phase, holding } if holding.contains(&Holding::Ready) => *phase,
        _ => {
            writeln!(
                out,
                "Nothing in your program asks whether you are ready now. `{}` says what comes next.",
                command(&format!("next{}", loaded.option))
            )?;
            return Ok(ExitCode::SUCCESS);
        }
    };
    let question = loaded.program.phases[phase]
        .gate
        .ready
        .clone()
        .unwrap_or_default();
    let names = &record.names;
    writeln!(
        out,
        "{}",
        wrap(
            &format!(
                "Each of you will be asked, in private, whether you feel ready for the next phase: {}. Neither of you will see the other's answer; the screen will only say whether you are both ready.",
                lower_first(&loaded.program.phases[phase].title)
            ),
            "",
            ""
        )
    )?;
    let mut input = Input::new(None)?;
    let mut all = true;
    for name in names {
        if let Some(other) = names.iter().find(|n| *n != name) {
            writeln!(out, "\n{other}, please look away from the screen now.")?;
        }
        let answer = input.confirm_privately(out, name, &wrap(&question, "", ""))?;
        clear_screen(out)?;
        match answer {
            Some(yes) => all &= yes,
            None => {
                writeln!(out, "\nNothing was kept.")?;
                return Ok(ExitCode::SUCCESS);
            }
        }
    }
    writeln!(
        out,
        "\n{}, you can both look at the screen again.",
        record.title()
    )?;
    if !all {
        writeln!(
            out,
            "\n{}",
            wrap(
                &format!(
                    "Not both of you are ready yet, and that is all right: nobody is told who answered what, and nothing was kept. Ask again whenever you like (`{}`); until then, `{}` says what else there is.",
                    command(&format!("ready{}", loaded.option)),
                    command(&format!("next{}", loaded.option))
                ),
                "",
                ""
            )
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let key = loaded.ready_key(phase);
    profile
        .couples
        .entry(record.id.clone())
        .or_default()
        .ready
        .insert(key, now());
    profile.save()?;
    writeln!(out, "\nYou are both ready.")?;
    let standing = super::next::standing_of(&loaded, &record, &profile);
    for line in super::next::lines(&loaded, &record, &standing) {
        writeln!(out, "{}", wrap(&line, "", "  "))?;
    }
    Ok(ExitCode::SUCCESS)
}
