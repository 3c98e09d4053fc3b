//! The safety intake before a joint guide: where the couple lives (for help numbers),
//! consent the first time and private screening when it is older than a week, run as a
//! conversation of its own with nothing saved but the dates.

use super::commands::Command;
use super::safety::local;
use super::{Outcome, Repl};
use crate::args::SafetyArgs;
use crate::profile::{Held, Hold, Profile, couple_key, release_code};
use crate::store::{JournalFile, Store, now};
use crate::terminal::{Input, Line, wrap};
use indexmap::IndexMap;
use kintsugi_engine::safety_data::{INTAKE, regions};
use kintsugi_engine::{
    Audience, Config, Declaration, Guide, NEUTRAL_MESSAGE, PromptKind, Safety, Session, Setup,
    Source,
};
use std::io::Write;
use std::path::{Path, PathBuf};

/// What starts after the intake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// The guide asked for.
    Guide,
    /// The light guide instead: the one who disclosed chose a cover. The screening ended
    /// on the shared screen as a clear one does; joint guides are on hold all the same.
    Lighter,
    /// Back to the names: `:back` at the region question (only when the names were
    /// asked at this keyboard). Nothing has started.
    Names,
}

/// Runs the safety intake unless this is an author's test run, or a run that keeps
/// nothing with input that is not a terminal. Returns the input back, the couple's
/// region and what starts next, or `None` when nothing may start.
///
/// A piped run or `--answers` into a couple's data folder gets consent and screening
/// like any other: answers read from a file are no way around them.
///
/// A safety hold on the data folder comes first, whatever the flags: a joint guide does
/// not start or resume under it, saved or not, author's run or not. A hold a day old is
/// lifted only by a private re-check of both partners, which nothing skips. The `light`
/// guide is not held. `names_before` says that the names were asked just before, at this
/// keyboard: `:back` at the region question goes back to them (`Next::Names`).
#[allow(clippy::too_many_arguments)]
pub fn before_guide(
    store: &Store,
    decl: &Declaration,
    names: &IndexMap<String, String>,
    input: Input,
    flags: SafetyArgs,
    light: bool,
    names_before: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Option<(Input, Option<String>, Next)>> {
    let writable = store.data_dir().is_some() && !flags.author;
    let mut profile = Profile::read(store.home(), writable)?;
    let held = decl.roles.len() == 2 && !light;
    let hold = if held { profile.hold() } else { Hold::None };
    if hold == Hold::Active || (hold == Hold::Due && flags.author) {
        writeln!(out, "\n{NEUTRAL_MESSAGE}")?;
        writeln!(out, "{}", wrap(&crate::guides::lighter_way(), "", ""))?;
        return Ok(None);
    }
    if hold == Hold::Due {
        let intake = intake(&mut profile, decl, names, input, true, false, out, err)?;
        return Ok(intake.next.map(|next| (intake.input, profile.region, next)));
    }
    if flags.author {
        writeln!(
            out,
            "\nAn author's test run: consent and screening are skipped, and nothing is kept."
        )?;
        return Ok(Some((input, profile.region, Next::Guide)));
    }
    if !input.live() && store.data_dir().is_none() && !flags.screen {
        writeln!(
            out,
            "\n(Nothing is kept (--no-save) and the input is not a terminal, so consent and screening are skipped. Any other run has them.)"
        )?;
        return Ok(Some((input, profile.region, Next::Guide)));
    }
    let intake = intake(
        &mut profile,
        decl,
        names,
        input,
        false,
        names_before,
        out,
        err,
    )?;
    Ok(intake.next.map(|next| (intake.input, profile.region, next)))
}

/// What the intake decided.
struct Intake {
    /// The input, handed back for the guide itself.
    input: Input,
    /// What may start, if anything.
    next: Option<Next>,
}

/// Consent (the first time) and private screening (when older than a week) before a
/// joint guide. Nothing anyone answers here is written anywhere: only the dates.
#[allow(clippy::too_many_arguments)]
fn intake(
    profile: &mut Profile,
    decl: &Declaration,
    names: &IndexMap<String, String>,
    mut input: Input,
    recheck: bool,
    names_before: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Intake> {
    if decl.roles.len() != 2 {
        return Ok(Intake {
            input,
            next: Some(Next::Guide),
        });
    }
    if profile.region.is_none() {
        match choose_region(&mut input, names_before, out)? {
            Region::Chosen(region) => {
                profile.region = region;
                profile.save()?;
            }
            Region::Back => {
                return Ok(Intake {
                    input,
                    next: Some(Next::Names),
                });
            }
            Region::Left => {
                return Ok(Intake { input, next: None });
            }
        }
    }
    let key = couple_key(names.values());
    // A code for each partner, shown only to one whose answers place a hold.
    let codes: IndexMap<String, String> = ["first", "second"]
        .iter()
        .map(|slot| (slot.to_string(), release_code()))
        .collect();
    let safety = Safety {
        consent_needed: profile.couple(&key).consented.is_none(),
        screening_needed: recheck || profile.needs_screening(&key),
        region: profile.region.clone(),
        release_codes: codes.clone(),
        release_command: crate::store::command("release"),
    };
    if !safety.consent_needed && !safety.screening_needed {
        return Ok(Intake {
            input,
            next: Some(Next::Guide),
        });
    }
    let screening = safety.screening_needed;
    let guide = Guide::load(
        Source::new("intake.rhai", INTAKE),
        Config::with_safety(safety),
    )
    .map_err(|e| anyhow::anyhow!("the safety intake does not load: {e}"))?;
    // The intake's roles are `first` and `second`, in the joint guide's role order.
    let setup = Setup {
        names: ["first", "second"]
            .iter()
            .zip(decl.roles.keys())
            .map(|(slot, role)| (slot.to_string(), names[role].clone()))
            .collect(),
        seed: 0,
        history: Default::default(),
    };
    let mut repl = Repl::new(
        Session::start(guide, setup)?,
        JournalFile::discard(),
        input,
        &mut *out,
        err,
    );
    repl.region = profile.region.clone();
    repl.intake = true;
    // Leaving the intake saves nothing: nothing was started.
    repl.input.leaving_saves(false);
    repl.intake_hold = Some(IntakeHold {
        home: profile.home().map(Path::to_path_buf),
        codes: codes.clone(),
        before: profile.held(),
        disclosed: IndexMap::new(),
    });
    let outcome = repl.run()?;
    let Repl {
        session,
        input,
        intake_hold,
        ..
    } = repl;
    let recall = |key: &str| session.recall(key).map(|v| v.to_string());
    let consented = recall("consented").as_deref() == Some("true");
    let ended =
        |as_: &str| outcome == Outcome::Finished && recall("outcome").as_deref() == Some(as_);
    let clear = ended("clear");
    // A disclosure holds even if the sitting ended before the screening did (or an
    // answer was taken back): what was written after each answer, complete.
    let entries = intake_hold.map(|hold| hold.entries()).unwrap_or_default();
    if !entries.is_empty() {
        profile.place_hold(&entries)?;
    } else if clear && recheck {
        profile.lift_hold()?;
    }
    let couple = profile.couples.entry(key).or_default();
    if consented {
        couple.consented = Some(now());
    }
    // A cover keeps the screening's date as a clear screening does, so that nothing
    // after it differs from a clear evening (the light guide run again this week does
    // not ask the questions again); the hold it placed is what stops joint guides, and
    // a day on, the hold itself asks the questions again.
    let cover = ended("cover");
    if (clear || cover) && screening {
        couple.screened = Some(now());
    }
    profile.save()?;
    let next = if clear {
        Some(Next::Guide)
    } else if cover {
        Some(Next::Lighter)
    } else {
        // The short message ended it: the choice it speaks of follows.
        if ended("stop") {
            writeln!(out, "{}", wrap(&crate::guides::lighter_way(), "", ""))?;
        }
        None
    };
    Ok(Intake { input, next })
}

/// What the intake's answers put on hold, kept by the host as the questions go on and
/// written after each answer (even with `--no-save`): for each partner who disclosed,
/// the code that lifts their part once it was shown to them, none before (closing the
/// program then leaves a hold only the re-check lifts). Once disclosed, always
/// disclosed: taking the answer back does not undo it.
pub struct IntakeHold {
    /// The data folder (none for a run that keeps nothing at all).
    home: Option<PathBuf>,
    /// The code each partner (`first`, `second`) is shown if their answers hold.
    codes: IndexMap<String, String>,
    /// The hold as it stood when the questions began.
    before: Held,
    /// The partners who disclosed, by intake role, and whether their code was shown.
    disclosed: IndexMap<String, bool>,
}

impl IntakeHold {
    /// Reads who disclosed and who was shown their code from the intake's memory, and
    /// writes the hold if that changed.
    pub fn note(&mut self, session: &Session) -> anyhow::Result<()> {
        let said = |key: String| {
            session
                .recall(&key)
                .is_some_and(|v| v.to_string() == "true")
        };
        let mut changed = false;
        for slot in self.codes.keys() {
            let shown = said(format!("code_{slot}"));
            if said(format!("disclosed_{slot}")) || shown {
                let was = self.disclosed.get(slot).copied();
                let now = shown || was == Some(true);
                if was != Some(now) {
                    self.disclosed.insert(slot.clone(), now);
                    changed = true;
                }
            }
        }
        if changed { self.write() } else { Ok(()) }
    }

    /// A partner leaving the questions early: if they disclosed and were not yet shown
    /// their code, it is theirs now (the host shows it, with where to get help).
    pub fn tell(&mut self, slot: &str) -> anyhow::Result<Option<String>> {
        match self.disclosed.get(slot) {
            Some(false) => {
                self.disclosed.insert(slot.to_string(), true);
                self.write()?;
                Ok(self.codes.get(slot).cloned())
            }
            _ => Ok(None),
        }
    }

    /// One entry per partner who disclosed: their code if it was shown, else none.
    fn entries(&self) -> Vec<Option<String>> {
        self.disclosed
            .iter()
            .map(|(slot, shown)| shown.then(|| self.codes[slot].clone()))
            .collect()
    }

    /// Writes the hold as it stood before the questions, with this intake's entries.
    fn write(&self) -> anyhow::Result<()> {
        let Some(home) = &self.home else {
            return Ok(());
        };
        let mut profile = Profile::read(Some(home), false)?;
        profile.restore(&self.before);
        profile.place_hold(&self.entries())
    }
}

/// What the region question gave.
enum Region {
    /// A region's code, or none (somewhere else).
    Chosen(Option<String>),
    /// `:back`: the names again.
    Back,
    /// The input ended, or someone left (`:quit`, `:break`, `:pause`, `:hide`: nothing
    /// has started yet).
    Left,
}

/// Asks where the couple lives, for help numbers. `back`: `:back` goes back to the names
/// (asked just before at this keyboard).
fn choose_region(input: &mut Input, back: bool, out: &mut dyn Write) -> std::io::Result<Region> {
    let why = "Where do you live? Kintsugi uses this only to show the right help numbers, if anyone needs them.";
    let mut options: Vec<String> = regions().iter().map(|r| r.name.clone()).collect();
    options.push("Somewhere else".to_string());
    // On the devices each page shows the question as a form, options and all: written
    // to the screen too, it would show twice.
    if input.room().is_none() {
        let asked = format!(
            "{why} Type the number, the name, or its code (such as {}).",
            regions()
                .iter()
                .map(|r| r.code.as_str())
                .take(2)
                .collect::<Vec<_>>()
                .join(" or ")
        );
        writeln!(out, "\n{}", crate::terminal::wrap(&asked, "", ""))?;
        for (i, o) in options.iter().enumerate() {
            writeln!(out, "  {}. {o}", i + 1)?;
        }
    }
    let prompt = local(
        Audience::Both,
        if input.room().is_some() {
            why
        } else {
            "Where do you live?"
        },
        PromptKind::choice(options.clone()),
        false,
    );
    let help = format!(
        "Kintsugi asks where you live only to show the right help numbers (emergency, crisis and domestic-abuse lines) if either of you needs them. It is kept on this computer, in the profile, and `{}` changes it later. Type a number from the list, a region's name, or its code (such as US); \"Somewhere else\" gives the advice to call your local emergency number. {}:pause pauses (where to get support is there), and :quit leaves without starting.",
        crate::store::command("region"),
        if back {
            ":back goes back to the second name, "
        } else {
            ""
        }
    );
    loop {
        match input.answer(out, "Region › ", &prompt, None, &options)? {
            // A region's code (US, UK, ...) as `kintsugi region` takes it.
            Line::Text(text)
                if let Some(region) = regions()
                    .iter()
                    .find(|r| r.code.eq_ignore_ascii_case(text.trim())) =>
            {
                return Ok(Region::Chosen(Some(region.code.clone())));
            }
            // A command (typed, or a page's button): nothing has started, so going back
            // to the names, help and leaving are all there is to do.
            Line::Text(text) if let Some(command) = Command::parse(&text) => match command {
                Ok(Command::Hide) => {
                    crate::terminal::hide_screen(out)?;
                    return Ok(Region::Left);
                }
                // The pause menu, as at the names: the names typed are kept.
                Ok(Command::Pause) => {
                    if !crate::names::paused(input, None, out)? {
                        writeln!(out, "\nNothing was started.")?;
                        return Ok(Region::Left);
                    }
                    writeln!(out, "\nWhere do you live?")?;
                }
                Ok(Command::Quit | Command::Break) => {
                    writeln!(out, "\nNothing was started.")?;
                    return Ok(Region::Left);
                }
                Ok(Command::Back) if back => return Ok(Region::Back),
                Ok(Command::Back) => writeln!(
                    out,
                    "{}",
                    crate::terminal::wrap(
                        "The names were given before this question, not here: to change them, leave with :quit and start again.",
                        "",
                        ""
                    )
                )?,
                Ok(Command::Help) => writeln!(out, "{}", crate::terminal::wrap(&help, "", ""))?,
                Ok(_) => writeln!(
                    out,
                    "{}",
                    crate::terminal::wrap(
                        "Choose where you live first: the other commands work once the questions start (:help says what works here).",
                        "",
                        ""
                    )
                )?,
                Err(message) => writeln!(out, "{message}")?,
            },
            Line::Text(text) => match prompt.parse(&text) {
                Ok(value) => {
                    let name = value.to_string();
                    return Ok(Region::Chosen(
                        regions()
                            .iter()
                            .find(|r| r.name == name)
                            .map(|r| r.code.clone()),
                    ));
                }
                Err(message) => writeln!(out, "{message}")?,
            },
            Line::End => {
                writeln!(out, "\nNothing was started.")?;
                return Ok(Region::Left);
            }
        }
    }
}
