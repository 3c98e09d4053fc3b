//! The `:commands` typed at any prompt (`:back`, `:break`, `:pause`, ...), and what
//! each does to the sitting.

use super::{Outcome, Repl, render};
use crate::store::now;
use crate::terminal::wrap;
use kintsugi_engine::{Audience, EventKind, Format, Record, Transcript, Viewer};

/// A command typed at any prompt, starting with `:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Command {
    Help,
    Back,
    Break,
    Transcript,
    Quit,
    /// For authors: re-read the guide's file and replay the answers so far.
    Reload,
    /// For authors: start again from a step.
    Goto(String),
    /// For authors: the remembered values.
    State,
    /// Stop at once; offer a break, support (privately) or ending.
    Pause,
    /// Clear the screen and its scrollback and leave at once (the session is saved).
    Hide,
}

impl Command {
    /// Whether the command is for an author trying a guide, and works in an author's
    /// run only. In a couple's session (and in the intake) `:state` would put private
    /// values on the shared screen, and `:goto` or `:reload` would skip or rewrite
    /// what the couple answered.
    pub(super) fn for_authors(&self) -> bool {
        matches!(self, Command::Reload | Command::Goto(_) | Command::State)
    }

    /// The command a line holds, if it starts with `:` (or why it is none).
    pub(super) fn parse(line: &str) -> Option<Result<Command, String>> {
        let word = line.trim().strip_prefix(':')?;
        let (word, rest) = word.trim().split_once(' ').unwrap_or((word.trim(), ""));
        Some(match word {
            "goto" if rest.trim().is_empty() => Err("Which step? Type :goto STEP.".into()),
            "goto" => Ok(Command::Goto(rest.trim().to_string())),
            "reload" => Ok(Command::Reload),
            "state" => Ok(Command::State),
            "help" | "h" | "?" => Ok(Command::Help),
            "back" | "undo" => Ok(Command::Back),
            "break" => Ok(Command::Break),
            "pause" => Ok(Command::Pause),
            "hide" => Ok(Command::Hide),
            "transcript" => Ok(Command::Transcript),
            "quit" | "q" | "exit" => Ok(Command::Quit),
            other => Err(format!(
                "There is no command \":{other}\". Type :help to see the commands."
            )),
        })
    }
}

/// The commands, `{resume}` standing for the command that resumes (with any `--data-dir`).
const HELP: &str = "\
Commands (type them at any prompt):
  :pause       stop now: take a break, see where to get support, or end here
  :hide        clear the screen at once and leave (everything is saved)
  :back        take back the last answer
  :break       save and stop for now; `{resume}` continues later
  :transcript  show the conversation so far (private answers stay hidden)
  :quit        save and leave
  :help        show this list
Ctrl-C clears the line; Ctrl-D or a second Ctrl-C saves and leaves.";

/// `HELP`'s lines as they read during the questions before a guide, where nothing is
/// saved yet and nothing can be resumed.
const INTAKE_HELP: [(&str, &str); 4] = [
    ("(everything is saved)", "(nothing is saved yet)"),
    (
        "save and stop for now; `{resume}` continues later",
        "stop for now: nothing has started yet",
    ),
    ("  :quit        save and leave", "  :quit        leave"),
    (
        "Ctrl-D or a second Ctrl-C saves and leaves.",
        "Ctrl-D or a second Ctrl-C leaves.",
    ),
];

/// Shown after `HELP` in an author's test run only: a couple has no use for them.
const AUTHOR_HELP: &str = "\
For authors:
  :reload      re-read the guide's file and replay the answers so far
  :goto STEP   start again from a step, with nothing remembered
  :state       show the remembered values";

impl Repl<'_> {
    /// Carries out a command.
    pub(super) fn command(&mut self, command: Command) -> anyhow::Result<Step> {
        if command.for_authors() && !self.test_run {
            writeln!(
                self.out,
                "That command is for authors trying a guide ({}); it does not work here.",
                crate::store::command("run GUIDE --author")
            )?;
            return Ok(Step::Stay);
        }
        match command {
            Command::Help => {
                self.for_sender(|repl| {
                    if repl.input.room().is_some() {
                        writeln!(repl.out, "\n{}", kintsugi_web::help())?;
                    } else {
                        // Before a guide nothing is saved, and there is nothing to resume.
                        let help = match repl.intake {
                            true => INTAKE_HELP
                                .iter()
                                .fold(HELP.to_string(), |help, (was, is)| help.replace(was, is)),
                            false => HELP.to_string(),
                        };
                        let resume = crate::store::command("resume");
                        writeln!(repl.out, "{}", help.replace("{resume}", &resume))?;
                    }
                    if repl.test_run {
                        writeln!(repl.out, "{AUTHOR_HELP}")?;
                    }
                    Ok(())
                })?;
                Ok(Step::Stay)
            }
            Command::Transcript => {
                // On the devices, as the partner who asked may see it (their own private
                // answers, the other's only once revealed); at the shared keyboard, what
                // both may see.
                let viewer = self.sender_role().map_or(Viewer::Both, Viewer::Partner);
                let events = self.session.replay_whole()?;
                self.for_sender(|repl| {
                    writeln!(
                        repl.out,
                        "\n{}",
                        Transcript::new(&events, viewer).render(Format::Text)
                    )?;
                    Ok(())
                })?;
                Ok(Step::Stay)
            }
            Command::Back => {
                let last_private = self
                    .session
                    .events()
                    .iter()
                    .rev()
                    .find_map(|e| match &e.kind {
                        EventKind::Answer { by, private, .. } => Some((by.clone(), *private)),
                        _ => None,
                    });
                let Some((by, private)) = last_private else {
                    writeln!(self.out, "There is no answer to take back yet.")?;
                    return Ok(Step::Stay);
                };
                // At the shared keyboard, whoever the waiting prompt is for typed it.
                let typed_by = self.session.prompt().map(|p| p.to.clone());
                // In the safety questions, each takes back only their own answers, and an
                // answer that disclosed stands (once disclosed, always disclosed): it is
                // given again at once, and only its writer, on their own screen, is told.
                let intake = self.intake_hold.is_some();
                if intake && typed_by.as_ref() != Some(&by) {
                    writeln!(
                        self.out,
                        "In these questions each of you can take back only your own answers."
                    )?;
                    return Ok(Step::Stay);
                }
                let disclosed = |session: &kintsugi_engine::Session| {
                    ["first", "second"]
                        .iter()
                        .filter(|slot| {
                            session
                                .recall(&format!("disclosed_{slot}"))
                                .is_some_and(|v| v.to_string() == "true")
                        })
                        .count()
                };
                let before = disclosed(&self.session);
                self.journal.append(&Record::Undo { at: now() })?;
                let value = self.session.undo();
                if intake && disclosed(&self.session) < before {
                    if let Some(value) = value {
                        self.session.answer(value)?;
                    }
                    writeln!(
                        self.out,
                        "This answer stays as you gave it: what it says is kept for today, and \
                         you will be shown where to get help and how to lift the hold yourself \
                         if it was a slip."
                    )?;
                    self.shown =
                        self.session.forgotten() + self.session.events().len().saturating_sub(1);
                    return Ok(Step::Moved);
                }
                let who = self.name(&by);
                match (value, private) {
                    (Some(_), true) => writeln!(self.out, "Took back {who}'s private answer.")?,
                    (Some(value), false) => {
                        writeln!(self.out, "Took back {who}'s answer \"{value}\".")?
                    }
                    (None, _) => {}
                }
                // A partner asked again in private because of the other's `:back` did not
                // see it said: they are told why, on their own screen, never the answer.
                if private && typed_by.as_ref() != Some(&by) && matches!(by, Audience::Partner(_)) {
                    let them = match &typed_by {
                        Some(a @ Audience::Partner(_)) => self.name(a),
                        _ => "One of you".to_string(),
                    };
                    self.retaken = Some(format!(
                        "{them} took back the last answer. {who}, please answer again."
                    ));
                }
                // Show the prompt that is waiting again, with nothing before it.
                self.shown =
                    self.session.forgotten() + self.session.events().len().saturating_sub(1);
                Ok(Step::Moved)
            }
            Command::Break => {
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
                Ok(Step::Leave(self.stop_saved()?))
            }
            Command::Quit => Ok(Step::Leave(self.stop_saved()?)),
            Command::Pause => self.pause(),
            Command::Hide => {
                crate::terminal::hide_screen(self.out)?;
                Ok(Step::Leave(Outcome::Stopped))
            }
            Command::Reload => self.reload(),
            Command::Goto(step) => match self.session.goto(&step) {
                Ok(()) => {
                    self.journal.append(&Record::Goto {
                        step: step.clone(),
                        at: now(),
                    })?;
                    writeln!(
                        self.out,
                        "Starting again from step \"{step}\", with nothing remembered."
                    )?;
                    self.shown = 0;
                    Ok(Step::Moved)
                }
                Err(err) => {
                    writeln!(self.out, "{}", err.message)?;
                    Ok(Step::Stay)
                }
            },
            Command::State => {
                writeln!(self.out, "Step: {}", self.session.step())?;
                if let Some(start) = self.session.started_at() {
                    writeln!(self.out, "Started at: {start} (by :goto)")?;
                }
                writeln!(self.out, "Answers so far: {}", self.session.answers().len())?;
                let memory = self.session.memory();
                if memory.is_empty() {
                    writeln!(self.out, "Nothing remembered yet.")?;
                }
                for (key, value) in memory {
                    writeln!(self.out, "  {key} = {value:?}")?;
                }
                Ok(Step::Stay)
            }
        }
    }

    /// Re-reads the guide's file and moves the session onto it, saying exactly where
    /// the answers so far stop fitting.
    fn reload(&mut self) -> anyhow::Result<Step> {
        let Some(path) = self.guide_path.clone() else {
            writeln!(
                self.out,
                "A shipped guide cannot be reloaded; run a copy of it from a file."
            )?;
            return Ok(Step::Stay);
        };
        let source = crate::guides::source(&path.display().to_string())?;
        let guide = match crate::guides::load(&source) {
            Ok(guide) => guide,
            Err(err) => {
                self.out.flush()?;
                write!(self.err, "{}", crate::report::guide_error(&err, &source))?;
                writeln!(
                    self.out,
                    "The guide was not reloaded; you are where you were."
                )?;
                return Ok(Step::Stay);
            }
        };
        let (hash, modules) = (guide.hash().to_string(), guide.modules().clone());
        let before = self.session.answers().len();
        if let Err(err) = self.session.reload(guide) {
            let said = format!("The guide was not reloaded: {}", err.message);
            writeln!(self.out, "{}", wrap(&said, "", ""))?;
            return Ok(Step::Stay);
        }
        // The answers set aside first, then the guide: cut short between the two, the
        // journal still reads whole (the old guide, without those answers).
        let set_aside = self.session.set_aside();
        if !set_aside.is_empty() {
            self.journal.append(&Record::SetAside {
                asked: set_aside.iter().map(|a| a.asked.clone()).collect(),
                at: now(),
            })?;
        }
        self.journal.append(&Record::Guide {
            source: source.text.clone(),
            guide_hash: hash,
            modules: Some(modules),
            at: now(),
        })?;
        // Wrapped at word boundaries like everything else the REPL says.
        match self.session.stale() {
            None => {
                let said = format!(
                    "Reloaded {}: all {before} answers still fit.",
                    path.display()
                );
                writeln!(self.out, "{}", wrap(&said, "", ""))?
            }
            Some(stale) => {
                let why = if stale.question_changed {
                    "that question has changed"
                } else {
                    "the answer no longer fits that question"
                };
                let said = format!(
                    "Reloaded {}. Answer {} no longer fits: it was given at step \"{}\", line {} (\"{}\"), and {why}.",
                    path.display(),
                    stale.index + 1,
                    stale.prompt.step,
                    stale.prompt.line,
                    stale.prompt.text
                );
                writeln!(self.out, "{}", wrap(&said, "", ""))?;
                let said = format!(
                    "{} (:transcript lists {} at the end). You go on from there.",
                    match set_aside.len().saturating_sub(1) {
                        0 => "It was set aside".to_string(),
                        1 => "It and the answer after it were set aside".to_string(),
                        n => format!("It and the {n} answers after it were set aside"),
                    },
                    if set_aside.len() > 1 { "them" } else { "it" }
                );
                writeln!(self.out, "{}", wrap(&said, "", ""))?;
            }
        }
        self.recap_from_last_answer();
        Ok(Step::Moved)
    }
}

/// Where the sitting goes after a command.
pub(super) enum Step {
    /// Ask the same prompt again.
    Stay,
    /// The session moved: show what is new.
    Moved,
    /// The sitting ends.
    Leave(Outcome),
}
