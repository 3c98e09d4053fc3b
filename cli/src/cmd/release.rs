//! `kintsugi release`: a partner whose answers put joint guides on hold lifts the hold
//! themselves, the same day, in private, after seeing where to get help, with the code
//! they alone were shown when it was placed. Nobody else can: the profile keeps only the
//! code's salted hash, and says neither who nor why.

use crate::profile::{Hold, Profile, RELEASE_TRIES, Release};
use crate::terminal::{Input, Line, Mask, clear_screen};
use kintsugi_engine::safety_data::support_text;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Runs `kintsugi release`.
pub fn run(dir: Option<PathBuf>, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let mut profile = Profile::open(dir)?;
    if profile.hold() == Hold::None {
        writeln!(
            out,
            "Joint conversations are not on hold: there is nothing to lift."
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut input = Input::new(None)?;
    writeln!(
        out,
        "\n── For one of you only ──\nThis is for a partner who was given a code to lift the hold on joint conversations."
    )?;
    if let Line::End = input.pause(out, "Press Enter when nobody else can see the screen. ")? {
        writeln!(out, "\nNothing was changed.")?;
        return Ok(ExitCode::SUCCESS);
    }
    // The help first, whatever comes next: whoever is here may need it.
    let help = format!(
        "Whatever you decide, help is there, in confidence:\n\n{}",
        support_text(profile.region.as_deref(), None)
    );
    writeln!(out, "\n{}", crate::terminal::wrap(&help, "", ""))?;
    let spent = "No code can lift this hold now. The private questions before the next joint guide, a day after the hold began, can.";
    if !profile.coded() {
        // Placed when someone left the questions (or the check) before a code was shown:
        // there is none to ask for.
        let now = crate::clock::now();
        let from = match profile.due().map(chrono::DateTime::<chrono::Utc>::from) {
            Some(due) if due > now => format!(", from {} on", crate::clock::when(due, now)),
            _ => String::new(),
        };
        writeln!(
            out,
            "\nThis hold has no code: it was placed when a private question was left before a code could be shown, so no code lifts it. The private questions before the next joint guide lift it when both of you answer them clear{from}."
        )?;
    } else if !profile.releasable() {
        writeln!(out, "\n{spent}")?;
    } else {
        writeln!(
            out,
            "\nType your code (it is not shown as you type), or press Enter to leave it as it is."
        )?;
        loop {
            let typed = match input.read_hidden(out, "Code › ", Mask::Length)? {
                Line::Text(text) if !text.trim().is_empty() => text,
                _ => {
                    writeln!(out, "Nothing was changed.")?;
                    break;
                }
            };
            match profile.release(&typed)? {
                Release::Lifted => {
                    writeln!(
                        out,
                        "\nThe code is right: the hold it was given with is lifted. Should a joint guide still stop with the short message, the hold has another reason, and the private questions a day after it began lift it."
                    )?;
                    break;
                }
                Release::Wrong(left) => writeln!(
                    out,
                    "That is not the code. {left} of {RELEASE_TRIES} tries left."
                )?,
                Release::Spent => {
                    writeln!(out, "That is not the code. {spent}")?;
                    break;
                }
            }
        }
    }
    if input.interactive() {
        input.pause(
            out,
            "\n(Press Enter when you are done. The screen will be cleared.) ",
        )?;
        clear_screen(out)?;
    }
    Ok(ExitCode::SUCCESS)
}
