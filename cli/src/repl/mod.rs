//! The conversation at the keyboard: the loop, the screen, the commands, the safety moments.
//!
//! Here the loop; what the screen shows is in `render`, the `:commands` in `commands`,
//! the safety moments in `safety` and the intake before a joint guide in `intake`. The
//! loop shows each event, makes clear whose turn it is, hands the keyboard over for
//! private answers, and saves every answer before going on.

mod commands;
pub mod intake;
mod render;
mod safety;

pub(crate) use safety::local;

use crate::clock;
use crate::store::{JournalFile, now};
use crate::terminal::{Input, Line, wrap};
use chrono::TimeDelta;
use commands::{Command, Step};
use kintsugi_engine::{
    Audience, ErrorKind, Event, EventKind, History, Prompt, Record, Session, Status, grouped,
    minutes_in_words,
};
use render::Screen;
use std::io::Write;
use std::process::ExitCode;

/// The lines shown of what a step said before it ran past a limit.
const FIRST_LINES_OF_A_RUNAWAY: usize = 5;
/// And at most this many characters of them.
const FIRST_CHARS_OF_A_RUNAWAY: usize = 1_000;

/// How a sitting ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The guide reached its end.
    Finished,
    /// `:break`, `:quit`, Ctrl-D or a second Ctrl-C: saved, and can be resumed.
    Stopped,
    /// Piped input ran out before the guide did.
    InputEnded,
    /// The guide failed and input cannot mend it.
    Failed,
    /// The conversation ended for the light guide, which the host starts next with the
    /// same partners: chosen at `:pause`, or a cover after a disclosure.
    Lighter,
}

impl Outcome {
    /// The program's exit code after a sitting that ended so.
    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Finished | Outcome::Stopped | Outcome::InputEnded | Outcome::Lighter => {
                ExitCode::SUCCESS
            }
            Outcome::Failed => ExitCode::from(1),
        }
    }
}

/// One sitting of a session at the keyboard.
pub struct Repl<'w> {
    /// The session being played.
    pub session: Session,
    /// The couple's region, for help numbers.
    pub region: Option<String>,
    /// Whether this sitting is the safety intake before a joint guide: nothing of it is
    /// saved, no end is marked, and leaving it says that nothing has started (authors'
    /// commands do not work in it, as in any run but an author's).
    pub intake: bool,
    /// The guide's file, for `:reload` (none for a shipped guide).
    pub guide_path: Option<std::path::PathBuf>,
    /// Where each answer is saved before the session goes on.
    pub journal: JournalFile,
    /// The data folder a safety hold is placed in (none for an author's run, which
    /// keeps nothing, and for the intake, whose host places it).
    pub hold_home: Option<std::path::PathBuf>,
    /// For the intake: what its answers have put on hold so far, written after each
    /// answer, so that closing the terminal before the intake ends cannot skip it.
    pub intake_hold: Option<intake::IntakeHold>,
    /// The hold as it stood before the safety check under way, put back if its writer
    /// says they are safe and goes on.
    before_check: Option<crate::profile::Held>,
    /// Where answers come from.
    pub input: Input,
    /// An author's test run: every prompt says so, and the authors' commands (`:reload`,
    /// `:goto`, `:state`) work in it alone.
    pub test_run: bool,
    /// This is the light guide: `:pause` offers no switch to it, and a cover chosen
    /// during it lets it go on.
    pub light: bool,
    /// The screen.
    out: &'w mut dyn Write,
    /// Where a guide's errors are shown.
    err: &'w mut dyn Write,
    /// How many events have been shown on the screen, counted from the run's first
    /// (the session keeps only those since the last answer: see `Session::forgotten`).
    shown: usize,
    /// The partner the screen is handed to, while something private is on it.
    holder: Option<String>,
    /// The session was resumed after a break with a length, and the guide's break
    /// (shown again from the last answer) is the one already taken: it is over, not
    /// taken twice. Cleared by the next answer.
    pub back_from_break: bool,
    /// A private safety check is under way: leaving it at `:pause` places the hold
    /// with a code (`leave_during_check`).
    checking: bool,
    /// The help lines the check under way shows (crisis, domestic abuse, or both).
    check_need: Option<kintsugi_engine::Need>,
    /// The `:pause` menu is open: `:pause` at its own question does nothing more.
    pausing: bool,
    /// Why the next prompt is asked again, when the other partner took its answer back:
    /// said on the screen of whoever answers it, after the hand-over.
    retaken: Option<String>,
    /// The danger check being built in the background, joined before the first answer
    /// is given: a guide's step never runs while it builds, so the memory the build
    /// takes (or frees) is never counted against the step's limit between prompts.
    warming: Option<std::thread::JoinHandle<()>>,
}

impl<'w> Repl<'w> {
    /// A sitting that shows the session on `out` (and a guide's errors on `err`).
    pub fn new(
        mut session: Session,
        journal: JournalFile,
        input: Input,
        out: &'w mut dyn Write,
        err: &'w mut dyn Write,
    ) -> Repl<'w> {
        // Events are shown as they come and the journal keeps the answers: the session
        // need not keep what came before the last answer, so a long sitting's memory
        // does not grow with it. A transcript replays the whole.
        session.set_history(History::SinceLastAnswer);
        // The danger check reads every free-text answer, and builds its lists and model
        // at the first one (seconds in a debug build): built meanwhile, while the first
        // questions are read and answered, the first answer is not kept waiting.
        let warming = input
            .live()
            .then(|| std::thread::spawn(|| _ = kintsugi_engine::safety_data::scan("")));
        let mut input = input;
        input.leaving_saves(journal.saved());
        Repl {
            session,
            region: None,
            intake: false,
            guide_path: None,
            journal,
            hold_home: None,
            intake_hold: None,
            before_check: None,
            input,
            test_run: false,
            light: false,
            out,
            err,
            shown: 0,
            holder: None,
            back_from_break: false,
            checking: false,
            check_need: None,
            pausing: false,
            retaken: None,
            warming,
        }
    }

    /// Shows events again from the last answer on (used when resuming).
    pub fn recap_from_last_answer(&mut self) {
        let events = self.session.events();
        self.shown = self.session.forgotten()
            + events
                .iter()
                .rposition(|e| matches!(e.kind, kintsugi_engine::EventKind::Answer { .. }))
                .map_or(0, |i| i + 1);
    }

    fn name(&self, audience: &Audience) -> String {
        self.session.name_of(audience)
    }

    /// A role's seat on the devices: its place among the session's names (the intake's
    /// `first` and `second` and the guide's roles are in the same order).
    fn seat(&self, role: &str) -> Option<kintsugi_web::Seat> {
        self.session.setup().names.get_index_of(role)
    }

    /// The seat that answers `prompt` on the devices (`None`: either, or not on devices).
    fn seat_of(&self, prompt: &Prompt) -> Option<kintsugi_web::Seat> {
        match &prompt.to {
            Audience::Partner(role) => self.seat(role),
            _ => None,
        }
    }

    /// Writes a prompt for the screen; on the devices each page shows it as a form.
    fn show_prompt(&mut self, prompt: &Prompt) -> std::io::Result<Vec<String>> {
        if self.input.room().is_some() {
            return Ok(Vec::new());
        }
        render::prompt(self.out, &self.session, prompt)
    }

    fn resume_hint(&self) -> String {
        if self.intake {
            // True whatever was answered, and the same for both: it does not promise
            // these questions again, as after a disclosure a hold meets the next run.
            "Nothing was started. To come back, run the guide again when you are both ready."
                .to_string()
        } else if self.journal.saved() {
            // Under a hold this sitting placed too (leaving a safety check): a leave
            // that said less than any other would tell the screen a check happened;
            // `resume` meets the short message.
            format!(
                "Your answers are saved. To continue: {}",
                crate::store::command(&format!("resume {}", self.journal.id))
            )
        } else if self.test_run {
            "Nothing was saved (an author's test run).".to_string()
        } else {
            "Nothing was saved (--no-save).".to_string()
        }
    }

    /// Runs the conversation until it ends or someone leaves.
    pub fn run(&mut self) -> anyhow::Result<Outcome> {
        // A break the guide did not ask for (the one offered on distress) has no event
        // of the guide to say it is over: said here, before anything else.
        if self.back_from_break && !self.guide_break_pending() {
            self.back_from_break = false;
            writeln!(self.out, "\nThe break is over.")?;
        }
        // Offers a sitting cut short left unwalked (`Session::ask_plugins_again`).
        if let Some(outcome) = self.walk_offers()? {
            return Ok(outcome);
        }
        loop {
            if let Some(outcome) = self.show_new_events()? {
                return Ok(outcome);
            }
            let status = self.session.status().clone();
            match status {
                Status::Finished(_) => {
                    self.screen_for(None)?;
                    self.journal.append(&Record::Finish { at: now() })?;
                    if self.journal.saved() {
                        writeln!(
                            self.out,
                            "\nThe conversation is saved. To read it again: {}",
                            crate::store::command(&format!("transcript {}", self.journal.id))
                        )?;
                    }
                    return Ok(Outcome::Finished);
                }
                Status::Failed(error) => {
                    let source = self.session.guide().source().clone();
                    self.out.flush()?;
                    write!(self.err, "{}", crate::report::guide_error(&error, &source))?;
                    writeln!(
                        self.out,
                        "\nThe guide cannot go on from here. Type :back to take back the last answer, or :quit."
                    )?;
                    if let Some(outcome) = self.read_command_only()? {
                        return Ok(outcome);
                    }
                }
                Status::Awaiting(prompt) => {
                    if let Some(outcome) = self.ask(&prompt)? {
                        return Ok(outcome);
                    }
                }
            }
        }
    }

    /// Whether a guide's break is among the events still to be shown.
    fn guide_break_pending(&self) -> bool {
        let (forgotten, kept) = (self.session.forgotten(), self.session.events());
        let new = self.shown.saturating_sub(forgotten).min(kept.len());
        kept[new..]
            .iter()
            .any(|e| matches!(e.kind, EventKind::Break { .. }))
    }

    /// Shows what happened since the screen was last updated. Returns an outcome if the
    /// sitting ended meanwhile (the input ran out during a hand-over).
    fn show_new_events(&mut self) -> anyhow::Result<Option<Outcome>> {
        let (forgotten, kept) = (self.session.forgotten(), self.session.events());
        let new = self.shown.saturating_sub(forgotten).min(kept.len());
        let events: Vec<Event> = kept[new..].to_vec();
        self.shown = forgotten + kept.len();
        drop(kept);
        // A step that ran past a limit (a loop saying without end) is shown by its first
        // few lines, not by a wall of text the couple would have to scroll past.
        let runaway =
            matches!(self.session.status(), Status::Failed(e) if e.kind == ErrorKind::Runaway);
        let (mut shown, mut written) = (0, 0);
        for (n, event) in events.iter().enumerate() {
            if runaway && (shown == FIRST_LINES_OF_A_RUNAWAY || written >= FIRST_CHARS_OF_A_RUNAWAY)
            {
                let more = events[n..]
                    .iter()
                    .filter(|e| !matches!(render::screen_of(e), Screen::Hidden))
                    .count();
                if more > 0 {
                    writeln!(
                        self.out,
                        "\n... and {} more line{} said without a question",
                        grouped(more),
                        if more == 1 { "" } else { "s" }
                    )?;
                    break;
                }
            }
            let event = event.clone();
            // A guide's break: taken here (the sitting stops), or over if it was taken
            // before this sitting.
            if let EventKind::Break { minutes, back } = event.kind {
                if std::mem::take(&mut self.back_from_break) {
                    if let Some(outcome) = self.screen_for(None)? {
                        return Ok(Some(outcome));
                    }
                    writeln!(self.out, "\nThe break is over.")?;
                    continue;
                }
                return Ok(Some(self.take_break(minutes, back)?));
            }
            // Something for one partner only: the keyboard is handed over first.
            let handed = match render::screen_of(&event) {
                Screen::Hidden => continue,
                Screen::Shared => self.screen_for(None)?,
                Screen::Private(role) => self.screen_for(Some(&role))?,
            };
            if let Some(outcome) = handed {
                return Ok(Some(outcome));
            }
            if runaway {
                // Long lines too are cut short.
                let mut buffer = Vec::new();
                render::event(&mut buffer, &self.session, &event, !self.intake)?;
                let text = String::from_utf8_lossy(&buffer);
                let room = FIRST_CHARS_OF_A_RUNAWAY.saturating_sub(written);
                let cut: String = text.chars().take(room).collect();
                written += cut.chars().count();
                self.out.write_all(cut.as_bytes())?;
                if cut.len() < text.len() {
                    writeln!(self.out, "…")?;
                    written = FIRST_CHARS_OF_A_RUNAWAY;
                }
            } else {
                render::event(self.out, &self.session, &event, !self.intake)?;
            }
            shown += 1;
        }
        Ok(None)
    }

    /// Gives the screen to one partner (`Some(role)`) or to both (`None`), handing the
    /// keyboard over or back as needed. Consecutive private moments for the same
    /// partner share one hand-over, so nobody can tell from the screen how many
    /// questions the other was asked. Returns an outcome if the input ran out.
    fn screen_for(&mut self, want: Option<&str>) -> anyhow::Result<Option<Outcome>> {
        if self.holder.as_deref() == want {
            return Ok(None);
        }
        if let Some(held) = self.holder.take() {
            // The private moment ends when its partner is done reading (Enter at the
            // keyboard, Done on their page), and what it showed is cleared: the
            // terminal's screen, or that partner's page.
            if self.input.live() {
                let done = self.input.pause(
                    self.out,
                    "\n(Press Enter when you are done. The screen will be cleared.) ",
                )?;
                // Leaving here leaves, as from the private question itself (which
                // clears the screen on the way out). After the guide's end, what follows
                // is only that end: the screen is cleared and it is said. The quick exit
                // is the quick exit here too (typed, or pressed on the page).
                match done {
                    Line::Text(text) if text.trim() == ":hide" => {
                        crate::terminal::hide_screen(self.out)?;
                        return Ok(Some(Outcome::Stopped));
                    }
                    Line::End if !matches!(self.session.status(), Status::Finished(_)) => {
                        self.holder = Some(held);
                        return Ok(Some(self.stop_saved()?));
                    }
                    _ => {}
                }
                self.input.clear_screen(self.out)?;
            }
            if self.input.room().is_none() {
                render::hand_back(self.out, &self.session, &held)?;
            }
        }
        // On the partners' own devices nobody looks away: what follows goes to that
        // partner's page alone, or back to both.
        if let Some(room) = self.input.room() {
            room.hold(want.and_then(|role| self.seat(role)));
            self.holder = want.map(str::to_string);
            return Ok(None);
        }
        let Some(role) = want else {
            return Ok(None);
        };
        render::hand_over(self.out, &self.session, role)?;
        let me = self.name(&Audience::Partner(role.to_string()));
        if let Line::End = self.input.pause(
            self.out,
            &format!("{me}, press Enter when nobody else can see the screen. "),
        )? {
            return Ok(Some(self.stop_saved()?));
        }
        self.holder = Some(role.to_string());
        Ok(None)
    }

    /// The role of the partner whose device sent the last answer or command (on the
    /// devices only).
    fn sender_role(&self) -> Option<String> {
        let seat = self.input.room().and(self.input.sender())?;
        let (role, _) = self.session.setup().names.get_index(seat)?;
        Some(role.clone())
    }

    /// Writes what a command shows to the one who asked for it: on the devices, to the
    /// page of the partner who pressed it alone (the screen is theirs for that long, and
    /// nothing changes on the other page); at the keyboard, to the screen.
    fn for_sender(
        &mut self,
        show: impl FnOnce(&mut Self) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let (Some(room), Some(seat)) = (self.input.room().cloned(), self.input.sender()) else {
            return show(self);
        };
        let before = room.holder();
        room.hold(Some(seat));
        let shown = show(self);
        self.out.flush()?;
        room.hold(before);
        shown
    }

    /// Takes a break with a length (a guide's, or the one offered on distress): the
    /// journal keeps its start and length, the screen says when it ends, and the sitting
    /// stops there, saved. `resume` waits until it is over.
    fn take_break(&mut self, minutes: u32, back: Option<u32>) -> anyhow::Result<Outcome> {
        let start = clock::now();
        self.journal.append(&Record::Break {
            at: clock::stamp(start),
            minutes: Some(minutes),
            back,
        })?;
        if let Some(outcome) = self.screen_for(None)? {
            return Ok(outcome);
        }
        let end = start + TimeDelta::minutes(minutes.into());
        let mut said = format!(
            "A break of {} starts now. It ends {}.",
            minutes_in_words(minutes.into()),
            clock::when(end, start)
        );
        if let Some(back) = back {
            let back = start + TimeDelta::minutes(back.into());
            said.push_str(&format!(
                "\nYou agreed to come back {}. `{}` writes it as a calendar reminder.",
                clock::when(back, start),
                crate::store::command("remind --ics")
            ));
        }
        said.push_str(if render::alone(&self.session) {
            "\nSpend it doing something calm. Kintsugi stops here; the guide waits where it is."
        } else {
            "\nSpend it apart, doing something calm. Kintsugi stops here; the conversation waits where it is."
        });
        writeln!(self.out, "\n{}", wrap(&said, "", ""))?;
        self.stop_saved()
    }

    /// Whether a hold was placed in this data folder while this joint guide ran (from
    /// another window, or a device): it stops the guide at its next question, as it
    /// stops `resume`. A check of this sitting's own places its hold through the check.
    fn held_elsewhere(&self) -> bool {
        let Some(home) = &self.hold_home else {
            return false;
        };
        !self.intake
            && !self.light
            && self.before_check.is_none()
            && self.session.guide().declaration().roles.len() == 2
            && crate::profile::Profile::read(Some(home), false)
                .is_ok_and(|p| p.hold() == crate::profile::Hold::Active)
    }

    /// Stops a joint guide under a hold placed meanwhile: the neutral message, the same
    /// for both, after anything private is cleared; the answers so far are saved, and
    /// the hold stops `resume` as it stops every joint guide.
    fn stop_held(&mut self) -> anyhow::Result<Outcome> {
        if let Some(outcome) = self.screen_for(None)? {
            return Ok(outcome);
        }
        writeln!(self.out, "\n{}", kintsugi_engine::NEUTRAL_MESSAGE)?;
        writeln!(self.out, "{}", wrap(&crate::guides::lighter_way(), "", ""))?;
        Ok(Outcome::Stopped)
    }

    /// Leaves the sitting, saved. Anything private on the screen is cleared first.
    fn stop_saved(&mut self) -> anyhow::Result<Outcome> {
        self.tell_before_leaving()?;
        if self.holder.take().is_some() {
            self.input.clear_screen(self.out)?;
            self.input.room().inspect(|room| room.hold(None));
        }
        writeln!(self.out, "\n{}", wrap(&self.resume_hint(), "", ""))?;
        Ok(Outcome::Stopped)
    }

    /// Shows a prompt and reads until it gets a valid answer or a command ends the sitting.
    fn ask(&mut self, prompt: &Prompt) -> anyhow::Result<Option<Outcome>> {
        if self.held_elsewhere() {
            return Ok(Some(self.stop_held()?));
        }
        let private_to = match &prompt.to {
            Audience::Partner(role) if prompt.private => Some(role.clone()),
            _ => None,
        };
        if let Some(outcome) = self.screen_for(private_to.as_deref())? {
            return Ok(Some(outcome));
        }
        if let Some(why) = self.retaken.take() {
            writeln!(self.out, "\n{}", wrap(&why, "", ""))?;
        }
        let options = self.show_prompt(prompt)?;
        loop {
            let text = match self.read_for(prompt, &options)? {
                Ok(text) => text,
                Err(outcome) => return Ok(Some(outcome)),
            };
            if let Some(command) = Command::parse(&text) {
                match command {
                    Ok(command) => match self.command(command)? {
                        Step::Stay => continue,
                        Step::Moved => return Ok(None),
                        Step::Leave(outcome) => return Ok(Some(outcome)),
                    },
                    Err(message) => {
                        writeln!(self.out, "{message}")?;
                        continue;
                    }
                }
            }
            let value = match prompt.parse(&text) {
                Ok(value) => value,
                Err(message) => {
                    writeln!(self.out, "{}", wrap(&message, "", ""))?;
                    continue;
                }
            };
            // Saved before anything else happens: a crash from here on loses nothing.
            self.journal.append(&Record::Answer {
                prompt: prompt.key(),
                value: value.clone(),
                at: now(),
            })?;
            // An answer moves on from any break taken before this sitting.
            self.back_from_break = false;
            if let Some(warming) = self.warming.take() {
                let _ = warming.join();
            }
            self.session.answer(value)?;
            self.hold_if_disclosed()?;
            return self.walk_offers();
        }
    }

    /// Walks what the plugins asked for after the last answer (a safety check, a break
    /// on distress). Walked to its end, whichever way it ended, the journal says so; a
    /// sitting that stops before then (a kill, Ctrl-D at the hand-over) leaves the
    /// answer unsettled, and `resume` walks them again before going on.
    fn walk_offers(&mut self) -> anyhow::Result<Option<Outcome>> {
        let offers = self.session.take_interventions();
        if offers.is_empty() {
            return Ok(None);
        }
        for intervention in offers {
            let outcome = self.intervene(intervention)?;
            if outcome.is_some() {
                return Ok(outcome);
            }
        }
        self.journal.append(&Record::Settled { at: now() })?;
        Ok(None)
    }

    /// In the intake, writes the hold as its answers place it so far.
    fn hold_if_disclosed(&mut self) -> anyhow::Result<()> {
        match &mut self.intake_hold {
            Some(hold) => hold.note(&self.session),
            None => Ok(()),
        }
    }

    /// Before leaving the intake early (a pause, the input ending): a partner on whose
    /// screen it ends, who disclosed and was not yet shown the way on, sees it now, in
    /// private: where to get help, and the hold with the code that lifts it.
    fn tell_before_leaving(&mut self) -> anyhow::Result<()> {
        let (Some(hold), Some(slot)) = (&mut self.intake_hold, &self.holder) else {
            return Ok(());
        };
        let Some(code) = hold.tell(slot)? else {
            return Ok(());
        };
        let said = format!(
            "Thank you for your honesty. Help for you alone is the better step now. You can reach it privately:\n\n{}",
            kintsugi_engine::safety_data::support_text(self.region.as_deref(), None)
        );
        writeln!(self.out, "\n{}", wrap(&said, "", ""))?;
        let command = crate::store::command("release");
        let note = kintsugi_engine::safety_data::release_note(&code, &command);
        writeln!(self.out, "\n{}", wrap(&note, "", ""))?;
        if self.input.live() {
            self.input.pause(
                self.out,
                "\n(Press Enter when you are done. The screen will be cleared.) ",
            )?;
        }
        Ok(())
    }

    /// Reads one line for a prompt (masked if private): Ctrl-D or a second Ctrl-C
    /// (`Input` counts them) or the end of input leaves. Everything answered is saved already.
    fn read_for(
        &mut self,
        prompt: &Prompt,
        options: &[String],
    ) -> anyhow::Result<Result<String, Outcome>> {
        let label = if self.test_run {
            format!("{} (test run) › ", self.name(&prompt.to))
        } else {
            format!("{} › ", self.name(&prompt.to))
        };
        let seat = self.seat_of(prompt);
        let line = self.input.answer(self.out, &label, prompt, seat, options)?;
        Ok(match line {
            Line::Text(text) => Ok(text),
            Line::End if self.input.interactive() => Err(self.stop_saved()?),
            Line::End => {
                self.tell_before_leaving()?;
                let said = format!(
                    "The input ended before the guide did. {}",
                    self.resume_hint()
                );
                writeln!(self.out, "\n{}", wrap(&said, "", ""))?;
                Err(Outcome::InputEnded)
            }
        })
    }

    /// After a failure only commands can help.
    fn read_command_only(&mut self) -> anyhow::Result<Option<Outcome>> {
        // On the devices, both pages show the commands.
        let only = safety::local(
            Audience::Both,
            "The guide cannot go on from here: take back the last answer, or stop.",
            kintsugi_engine::PromptKind::Text,
            false,
        );
        loop {
            match self.input.answer(self.out, "› ", &only, None, &[])? {
                Line::Text(text) => match Command::parse(&text) {
                    Some(Ok(command)) => match self.command(command)? {
                        Step::Stay => continue,
                        Step::Moved => return Ok(None),
                        Step::Leave(outcome) => return Ok(Some(outcome)),
                    },
                    Some(Err(message)) => writeln!(self.out, "{message}")?,
                    None => writeln!(
                        self.out,
                        "Only commands work here: :back, :transcript or :quit."
                    )?,
                },
                Line::End => {
                    writeln!(self.out, "\n{}", wrap(&self.resume_hint(), "", ""))?;
                    return Ok(Some(Outcome::Failed));
                }
            }
        }
    }
}
