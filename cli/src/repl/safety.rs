//! The safety plugin's side of the conversation: `:pause`, the break offered on
//! distress, and the private check after words that signal danger.

use super::commands::{Command, Step};
use super::{Outcome, Repl, render};
use crate::profile::{Profile, release_code};
use crate::store::now;
use kintsugi_engine::safety_data::{COVER_NOTE, COVER_NOTE_LIGHT, release_note, support_text};
use kintsugi_engine::{
    Audience, HoldStep, Intervention, NEUTRAL_MESSAGE, Need, Offer, OfferEnd, OfferStep, Prompt,
    PromptKind, Record, Said, Value,
};

/// A question Kintsugi itself asks, outside any guide; its answer is never saved.
pub(crate) fn local(to: Audience, text: &str, kind: PromptKind, private: bool) -> Prompt {
    Prompt {
        private,
        ..Prompt::new(to, text, kind)
    }
}

/// The kind of a choice between `options`.
pub(super) fn choice(options: &[&str]) -> PromptKind {
    PromptKind::choice(options.iter().map(|o| o.to_string()).collect())
}

/// What reading a local answer gave.
enum Local {
    Answer(Value),
    Leave(Outcome),
}

impl Repl<'_> {
    /// Asks a local question (the screen must already be handed to whom it concerns).
    fn ask_local(&mut self, prompt: &Prompt) -> anyhow::Result<Local> {
        let options = self.show_prompt(prompt)?;
        loop {
            let text = match self.read_for(prompt, &options)? {
                Ok(text) => text,
                Err(outcome) => return Ok(Local::Leave(outcome)),
            };
            if text.trim() == ":hide" {
                crate::terminal::hide_screen(self.out)?;
                return Ok(Local::Leave(Outcome::Stopped));
            }
            // `:pause` works here too (at "Are you safe right now?", in private): the
            // menu and the support, then the same question again.
            if text.trim() == ":pause" && !self.pausing {
                match self.pause()? {
                    Step::Leave(outcome) => return Ok(Local::Leave(outcome)),
                    Step::Stay | Step::Moved => {
                        self.show_prompt(prompt)?;
                        continue;
                    }
                }
            }
            // The other commands are about the guide, which waits until this is
            // answered: leaving works as Ctrl-D does, the rest say what works here.
            match Command::parse(&text) {
                Some(Ok(Command::Quit | Command::Break)) => {
                    return Ok(Local::Leave(self.stop_saved()?));
                }
                Some(Ok(Command::Help)) => {
                    writeln!(self.out, "\n{}", crate::terminal::wrap(HERE, "", ""))?;
                    self.show_prompt(prompt)?;
                    continue;
                }
                Some(_) => {
                    let said = format!("That is not for this question. {HERE}");
                    writeln!(self.out, "{}", crate::terminal::wrap(&said, "", ""))?;
                    continue;
                }
                None => {}
            }
            match prompt.parse(&text) {
                Ok(value) => return Ok(Local::Answer(value)),
                Err(message) => writeln!(self.out, "{message}")?,
            }
        }
    }

    /// `:pause`: stops at once and offers to go on, a break, support or ending here. It
    /// stays where it was called: at a private prompt the menu and the support are
    /// shown to that partner alone, before anything returns to the shared screen; at the
    /// shared screen the support is shown to each partner in private, one after the
    /// other, so that nobody has to say who wants it.
    pub(super) fn pause(&mut self) -> anyhow::Result<Step> {
        self.pausing = true;
        let step = self.pause_menu();
        self.pausing = false;
        step
    }

    fn pause_menu(&mut self) -> anyhow::Result<Step> {
        // On the devices, `:pause` pressed at a shared question is that partner's own:
        // the menu and the support go to their page alone.
        if self.holder.is_none()
            && let Some(seat) = self.input.room().and(self.input.sender())
            && let Some((role, _)) = self.session.setup().names.get_index(seat)
        {
            let role = role.clone();
            if let Some(outcome) = self.screen_for(Some(&role))? {
                return Ok(Step::Leave(outcome));
            }
        }
        let holder = self.holder.clone();
        let saved = if self.intake {
            "Nothing has started yet: these questions come before the guide."
        } else if self.journal.saved() {
            "Everything answered so far is saved."
        } else if self.test_run {
            "Nothing is saved in an author's test run."
        } else {
            "Nothing is saved in this run (--no-save)."
        };
        writeln!(self.out, "\n── Paused ──\n{saved}")?;
        let support = if holder.is_some() || render::alone(&self.session) {
            "See where to get support"
        } else {
            "See where to get support (each of you sees it in private)"
        };
        let mut options = vec![
            "Go on now",
            "Take a break and continue later",
            support,
            "End this conversation here",
        ];
        if self.offers_lighter() {
            options.push(LIGHTER);
        }
        let to = holder.clone().map_or(Audience::Both, Audience::Partner);
        loop {
            let prompt = local(
                to.clone(),
                "What would you like to do?",
                choice(&options),
                holder.is_some(),
            );
            let picked = match self.ask_local(&prompt)? {
                Local::Leave(outcome) => return Ok(Step::Leave(outcome)),
                Local::Answer(value) => value.to_string(),
            };
            if picked == options[0] {
                writeln!(self.out, "\nGoing on where you were.")?;
                return Ok(Step::Moved);
            }
            if picked == options[1] {
                // Left during a check, the hold stays (with a code); what follows is
                // what any break says, so nothing on the shared screen tells them apart.
                self.leave_during_check()?;
                self.journal.append(&Record::Break {
                    at: now(),
                    minutes: None,
                    back: None,
                })?;
                writeln!(
                    self.out,
                    "\nTake the time you need. Come back when you are {}ready.",
                    if render::alone(&self.session) {
                        ""
                    } else {
                        "both "
                    }
                )?;
                return Ok(Step::Leave(self.stop_saved()?));
            }
            if picked == options[3] {
                self.tell_before_leaving()?;
                self.leave_during_check()?;
                self.journal.append(&Record::End { at: now() })?;
                self.end_here()?;
                if self.holder.take().is_some() {
                    self.input.clear_screen(self.out)?;
                    self.input.room().inspect(|room| room.hold(None));
                }
                return Ok(Step::Leave(Outcome::Stopped));
            }
            if picked == LIGHTER {
                return Ok(Step::Leave(self.switch_to_lighter()?));
            }
            match &holder {
                Some(_) => self.show_support()?,
                None => {
                    let roles: Vec<String> = self
                        .session
                        .guide()
                        .declaration()
                        .roles
                        .keys()
                        .cloned()
                        .collect();
                    for role in roles {
                        if let Some(outcome) = self.screen_for(Some(&role))? {
                            return Ok(Step::Leave(outcome));
                        }
                        self.show_support()?;
                    }
                    if let Some(outcome) = self.screen_for(None)? {
                        return Ok(Step::Leave(outcome));
                    }
                }
            }
        }
    }

    /// Whether `:pause` offers the light guide: in a joint guide other than the light
    /// guide itself, once the intake is over.
    fn offers_lighter(&self) -> bool {
        !self.intake && !self.light && self.session.guide().declaration().roles.len() == 2
    }

    /// Ends the conversation for the light guide, on the shared screen: the same whether
    /// chosen at `:pause` or as a cover after a disclosure, so that nothing tells the two
    /// apart. The host starts the light guide.
    fn switch_to_lighter(&mut self) -> anyhow::Result<Outcome> {
        self.journal.append(&Record::End { at: now() })?;
        self.hand_over_to_lighter()
    }

    /// The shared screen's side of the switch, once the guide's end is recorded.
    fn hand_over_to_lighter(&mut self) -> anyhow::Result<Outcome> {
        if let Some(outcome) = self.screen_for(None)? {
            return Ok(outcome);
        }
        self.end_here()?;
        Ok(Outcome::Lighter)
    }

    /// What the screen says when a conversation ends before its end.
    fn end_here(&mut self) -> std::io::Result<()> {
        writeln!(self.out, "\nThe conversation ends here.")?;
        if self.journal.saved() && !self.intake {
            let said = format!(
                "It stays on this computer: `{}` shows it, `{}` deletes it.",
                crate::store::command(&format!("transcript {}", self.journal.id)),
                crate::store::command(&format!("forget {}", self.journal.id))
            );
            writeln!(self.out, "{}", crate::terminal::wrap(&said, "", ""))?;
        }
        Ok(())
    }

    fn show_support(&mut self) -> anyhow::Result<()> {
        let lines = support_text(self.region.as_deref(), None);
        writeln!(self.out, "\n{}", crate::terminal::wrap(&lines, "", ""))?;
        writeln!(
            self.out,
            "\nYou can come back to this list at any time with :pause."
        )?;
        Ok(())
    }

    /// Acts on what the safety plugin asked for after an answer: walks the engine's
    /// [`Offer`] (the steps `test` walks too), handing the screen to whom each step is
    /// for, wording what it shows and asking its questions.
    pub(super) fn intervene(
        &mut self,
        intervention: Intervention,
    ) -> anyhow::Result<Option<Outcome>> {
        // A guide for one has nobody to cover from, and the intake runs no light guide.
        let cover = !self.intake && self.session.guide().declaration().roles.len() == 2;
        // During a safety check, leaving does not say how to continue: joint guides are
        // held (from before its question) until its writer says they are safe.
        self.checking = matches!(intervention, Intervention::CheckSafety { .. });
        if let Intervention::CheckSafety { crisis, abuse, .. } = &intervention {
            self.check_need = match (crisis, abuse) {
                (true, false) => Some(Need::Crisis),
                (false, true) => Some(Need::Abuse),
                _ => None,
            };
        }
        let mut offer = Offer::new(intervention, cover, self.light);
        loop {
            let left = match offer.step() {
                OfferStep::Show { screen, said } => match self.screen_for(screen.as_deref())? {
                    Some(outcome) => Some(outcome),
                    None => {
                        self.say(&said)?;
                        None
                    }
                },
                OfferStep::Ask(prompt) => {
                    let holder = match &prompt.to {
                        Audience::Partner(role) if prompt.private => Some(role.clone()),
                        _ => None,
                    };
                    let handed = self.screen_for(holder.as_deref())?;
                    // Answered only once seen: nothing typed ahead answers an offer.
                    self.input.forget_typed_ahead();
                    match handed {
                        Some(outcome) => Some(outcome),
                        None => match self.ask_local(&prompt)? {
                            Local::Leave(outcome) => Some(outcome),
                            Local::Answer(value) => {
                                offer.answer(&value);
                                None
                            }
                        },
                    }
                }
                OfferStep::Hold(step) => {
                    self.hold_step(step)?;
                    None
                }
                OfferStep::End(end) => {
                    self.checking = matches!(end, OfferEnd::Hold | OfferEnd::Lighter);
                    if let OfferEnd::Break { minutes } = end {
                        return Ok(Some(self.take_break(minutes, None)?));
                    }
                    if self.checking {
                        // Kept before the screen is handed back, so the choice stands
                        // whatever happens at the hand-back (Ctrl-D, a kill).
                        self.end_at_flagged()?;
                    }
                    if let Some(outcome) = self.screen_for(None)? {
                        return Ok(Some(outcome));
                    }
                    return Ok(match end {
                        OfferEnd::GoOn => None,
                        OfferEnd::Break { .. } => unreachable!("taken above"),
                        OfferEnd::Lighter => Some(self.hand_over_to_lighter()?),
                        OfferEnd::Hold => Some(self.stop_on_hold()?),
                    });
                }
            };
            // Left before the end (the input ended, `:hide`): a hold placed stays.
            if let Some(outcome) = left {
                return Ok(Some(outcome));
            }
        }
    }

    /// A check that stops the guide (or covers it) keeps the session as ending it at
    /// `:pause` at the flagged answer's question would: the answer is taken back, as
    /// `:back` takes one back, so that nothing the guide did after it (agreements, a
    /// reveal, its end), which nobody saw, is kept in the journal, the history, the
    /// ledger or a transcript. Its words stay in the journal's file, taken back.
    fn end_at_flagged(&mut self) -> anyhow::Result<()> {
        self.journal.append(&Record::Undo { at: now() })?;
        self.session.undo();
        self.journal.append(&Record::End { at: now() })?;
        Ok(())
    }

    /// Words what an offer shows, on the screen it was handed to.
    fn say(&mut self, said: &Said) -> anyhow::Result<()> {
        let region = self.region.clone();
        let lines = |need| support_text(region.as_deref(), need);
        let text = match said {
            // Offered in private, the break is announced on the shared screen: the one
            // who answered is told what the other will see before choosing.
            Said::BreakAdvice { minutes } if self.holder.is_some() => format!(
                "That is a lot to feel. When feelings run this high, a break of at least {minutes} minutes usually helps more than pushing on. If you take it, the shared screen will say that a break of {minutes} minutes starts now, not why; your partner may guess that it follows your answer."
            ),
            Said::BreakAdvice { minutes } => format!(
                "That is a lot to feel. When feelings run this high, a break of at least {minutes} minutes usually helps more than pushing on."
            ),
            Said::CheckIntro {
                role,
                typed_by,
                private,
                shown_instead,
            } => {
                let me = Audience::Partner(role.clone());
                let name = self.name(&me);
                // Say truthfully what happened to the words: who typed them, and
                // whether they were on the shared screen.
                let what = if *typed_by == me || *typed_by == Audience::Both {
                    "something you wrote".to_string()
                } else {
                    format!("something {} said back from your words", self.name(typed_by))
                };
                // Exactly what a reveal will show instead, and what that can tell.
                let seen = if *private {
                    format!(
                        "It stays private: it is never shown on the shared screen. If the guide reveals this answer, the shared screen shows \"{shown_instead}\" in its place (what it shows for a question passed): your partner sees that the answer is not shown, never what it was."
                    )
                } else {
                    "It was on the shared screen as it was typed, so it may have been read there; these questions are for you alone.".to_string()
                };
                format!("{name}, {what} made Kintsugi want to check on you. {seen}")
            }
            // The same words for each partner: they name neither the words nor who
            // wrote them, and ask each the same questions.
            Said::CheckEach { role } => format!(
                "{}, Kintsugi is checking on each of you now, in private, one after the other, with the same questions: something said in this conversation can mean that someone is being hurt, threatened or controlled. What you answer here is for you alone.",
                self.name(&Audience::Partner(role.clone()))
            ),
            Said::CrisisLines => format!(
                "If you are having thoughts of ending your life or of hurting yourself, you do not have to carry them alone. You can talk to someone now:\n\n{}",
                lines(Some(Need::Crisis))
            ),
            Said::AbuseLines => format!(
                "If someone frightens, hurts or controls you, these services listen in confidence:\n\n{}",
                lines(Some(Need::Abuse))
            ),
            Said::Thanks => "Thank you. If that changes, pause at any question (:pause, or Pause on your own device); only you will see where to get support.".to_string(),
            Said::HelpAlone { crisis, abuse } => {
                let need = match (crisis, abuse) {
                    (true, false) => Some(Need::Crisis),
                    (false, true) => Some(Need::Abuse),
                    _ => None,
                };
                format!(
                    "Thank you for saying so. Help for you alone is the better step now. You can reach it privately:\n\n{}",
                    lines(need)
                )
            }
            Said::CoverNote if self.light => COVER_NOTE_LIGHT.to_string(),
            Said::CoverNote => COVER_NOTE.to_string(),
        };
        writeln!(self.out, "\n{}", crate::terminal::wrap(&text, "", ""))?;
        Ok(())
    }

    /// What a check does to the hold (nothing in an author's run, which keeps nothing).
    /// A partner about to be asked is held for with no code; saying they are safe and
    /// going on puts the hold back as it was; disclosing turns it into a hold with a new
    /// code, shown now to them alone while the screen is theirs.
    fn hold_step(&mut self, step: HoldStep) -> anyhow::Result<()> {
        let Some(home) = self.hold_home.clone() else {
            if step == HoldStep::Place && self.test_run {
                writeln!(
                    self.out,
                    "\nThis is an author's test run: no hold is placed, and nothing is kept."
                )?;
            }
            return Ok(());
        };
        let mut profile = Profile::read(Some(&home), false)?;
        match step {
            HoldStep::Pending => {
                self.before_check = Some(profile.held());
                profile.place_hold(&[None])?;
            }
            HoldStep::Lift => {
                if let Some(before) = self.before_check.take() {
                    profile.restore_hold(&before)?;
                }
            }
            HoldStep::Place => {
                if let Some(before) = self.before_check.take() {
                    profile.restore(&before);
                }
                let code = release_code();
                profile.place_hold(&[Some(code.clone())])?;
                let command = crate::store::command("release");
                let note = release_note(&code, &command);
                writeln!(self.out, "\n{}", crate::terminal::wrap(&note, "", ""))?;
            }
        }
        Ok(())
    }

    /// Leaving at `:pause` on a safety check's private question (a break, or the end):
    /// the writer has not said they are safe, so the hold placed before the question
    /// stays, and they are told so now, on their own screen, with where to get help and
    /// a code to lift it themselves, as after a disclosure (not a hold nobody was told of).
    fn leave_during_check(&mut self) -> anyhow::Result<bool> {
        if !self.checking || self.holder.is_none() || self.before_check.is_none() {
            return Ok(false);
        }
        let said = format!(
            "Help for you alone, privately:\n\n{}",
            support_text(self.region.as_deref(), self.check_need)
        );
        writeln!(self.out, "\n{}", crate::terminal::wrap(&said, "", ""))?;
        self.hold_step(HoldStep::Place)?;
        if self.input.live() {
            self.input.pause(
                self.out,
                "\n(Press Enter when you are done. The screen will be cleared.) ",
            )?;
            self.input.clear_screen(self.out)?;
        }
        Ok(true)
    }

    /// Stops with the neutral message, the same for both whoever answered what: the
    /// conversation ends there (nothing to resume, as after ending it at `:pause`).
    fn stop_on_hold(&mut self) -> anyhow::Result<Outcome> {
        writeln!(self.out, "\n{NEUTRAL_MESSAGE}")?;
        writeln!(
            self.out,
            "{}",
            crate::terminal::wrap(&crate::guides::lighter_way(), "", "")
        )?;
        Ok(Outcome::Stopped)
    }
}

/// What works at a question of the plugins' own (a safety check, a break offered).
const HERE: &str = "Here you can answer the question, or type :pause (a break, or where to get support), :hide (clear the screen and leave at once) or :quit (leave; everything answered is saved).";

/// The `:pause` choice that ends a joint guide for the light one.
const LIGHTER: &str = "End it here and do something lighter (Two appreciations)";
