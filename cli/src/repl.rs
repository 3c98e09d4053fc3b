//! The conversation at the keyboard: shows each event, makes clear whose turn it is,
//! hands the keyboard over for private answers, and saves every answer before going on.

use crate::store::{JournalFile, now};
use crate::terminal::{Input, Line, clear_screen};
use kintsugi_engine::{
    Audience, Event, EventKind, Format, Prompt, PromptKind, Record, Session, Status, Transcript,
    Viewer,
};

/// How a sitting ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Finished,
    /// `:break`, `:quit`, Ctrl-D or a second Ctrl-C: saved, and can be resumed.
    Stopped,
    /// Piped input ran out before the guide did.
    InputEnded,
    /// The guide failed and input cannot mend it.
    Failed,
}

/// A command typed at any prompt, starting with `:`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Command {
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
    fn parse(line: &str) -> Option<Result<Command, String>> {
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

const HELP: &str = "\
Commands (type them at any prompt):
  :pause       stop now: take a break, see where to get support, or end here
  :hide        clear the screen at once and leave (everything is saved)
  :back        take back the last answer
  :break       save and stop for now; `kintsugi resume` continues later
  :transcript  show the conversation so far (private answers stay hidden)
  :quit        save and leave
  :help        show this list
For authors:
  :reload      re-read the guide's file and replay the answers so far
  :goto STEP   start again from a step, with nothing remembered
  :state       show the remembered values
Ctrl-C clears the line; Ctrl-D or a second Ctrl-C saves and leaves.";

pub struct Repl {
    pub session: Session,
    /// The couple's region, for help numbers.
    pub region: Option<String>,
    /// Whether to mark the end of the guide ("── The end ──"); not for the intake.
    pub closing: bool,
    /// Whether authors' commands (`:reload`, `:goto`, `:state`) work; not in the intake,
    /// which nobody may skip through.
    pub authoring: bool,
    /// The guide's file, for `:reload` (none for a shipped guide).
    pub guide_path: Option<std::path::PathBuf>,
    pub journal: JournalFile,
    pub input: Input,
    /// How many events have been shown on the screen.
    shown: usize,
    /// The partner the screen is handed to, while something private is on it.
    holder: Option<String>,
}

impl Repl {
    pub fn new(session: Session, journal: JournalFile, input: Input) -> Repl {
        Repl {
            session,
            region: None,
            closing: true,
            authoring: true,
            guide_path: None,
            journal,
            input,
            shown: 0,
            holder: None,
        }
    }

    /// Shows events again from the last answer on (used when resuming).
    pub fn recap_from_last_answer(&mut self) {
        let events = self.session.events();
        self.shown = events
            .iter()
            .rposition(|e| matches!(e.kind, EventKind::Answer { .. }))
            .map_or(0, |i| i + 1);
    }

    pub(crate) fn name(&self, audience: &Audience) -> String {
        self.session.name_of(audience)
    }

    /// The other partners' names, for a hand-over to `role`.
    pub(crate) fn others(&self, role: &str) -> String {
        let names = &self.session.setup().names;
        names
            .iter()
            .filter(|(r, _)| r.as_str() != role)
            .map(|(_, n)| n.clone())
            .collect::<Vec<_>>()
            .join(" and ")
    }

    pub(crate) fn resume_hint(&self) -> String {
        if self.journal.saved() {
            format!(
                "Your answers are saved. To continue: kintsugi resume {}",
                self.journal.id
            )
        } else {
            "Nothing was saved (--no-save).".to_string()
        }
    }

    pub fn run(&mut self) -> anyhow::Result<Outcome> {
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
                        println!(
                            "\nThe conversation is saved. To read it again: kintsugi transcript {}",
                            self.journal.id
                        );
                    }
                    return Ok(Outcome::Finished);
                }
                Status::Failed(err) => {
                    let source = self.session.guide().source().clone();
                    eprint!("{}", crate::report::guide_error(&err, &source));
                    println!(
                        "\nThe guide cannot go on from here. Type :back to take back the last answer, or :quit."
                    );
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

    /// Shows what happened since the screen was last updated. Returns an outcome if the
    /// sitting ended meanwhile (the input ran out during a hand-over).
    fn show_new_events(&mut self) -> anyhow::Result<Option<Outcome>> {
        let events: Vec<Event> =
            self.session.events()[self.shown.min(self.session.events().len())..].to_vec();
        self.shown += events.len();
        for event in events {
            let shared = event.seen_by == Audience::Both
                && matches!(
                    event.kind,
                    EventKind::Say { .. }
                        | EventKind::Reveal { .. }
                        | EventKind::Agreement { .. }
                        | EventKind::Note { .. }
                        | EventKind::Finished { .. }
                );
            if shared {
                if let Some(outcome) = self.screen_for(None)? {
                    return Ok(Some(outcome));
                }
            }
            match (&event.seen_by, &event.kind) {
                (Audience::Both, EventKind::Say { text }) => println!("\n{text}"),
                (Audience::Both, EventKind::Reveal { label, answers }) => {
                    let shown: Vec<String> = answers
                        .iter()
                        .map(|(role, v)| {
                            format!("{}: {v}", self.name(&Audience::Partner(role.clone())))
                        })
                        .collect();
                    let label = if label.is_empty() {
                        String::new()
                    } else {
                        format!(" {label}")
                    };
                    println!("\n  Revealed{label}: {}", shown.join("  ·  "));
                }
                (Audience::Both, EventKind::Agreement { text }) => println!("\n  Agreed: {text}"),
                (Audience::Both, EventKind::Note { text, .. }) => println!("\n  {text}"),
                (Audience::Both, EventKind::Finished { text }) => {
                    if !text.is_empty() {
                        println!("\n{text}");
                    }
                    if self.closing {
                        println!("\n── The end ──");
                    }
                }
                // Something for one partner only: the keyboard is handed over first.
                (
                    Audience::Partner(role),
                    EventKind::Say { text } | EventKind::Note { text, .. },
                ) => {
                    if let Some(outcome) = self.screen_for(Some(role))? {
                        return Ok(Some(outcome));
                    }
                    println!("\n{text}");
                }
                _ => {}
            }
        }
        Ok(None)
    }

    /// Gives the screen to one partner (`Some(role)`) or to both (`None`), handing the
    /// keyboard over or back as needed. Consecutive private moments for the same
    /// partner share one hand-over, so nobody can tell from the screen how many
    /// questions the other was asked. Returns an outcome if the input ran out.
    pub(crate) fn screen_for(&mut self, want: Option<&str>) -> anyhow::Result<Option<Outcome>> {
        if self.holder.as_deref() == want {
            return Ok(None);
        }
        if let Some(held) = self.holder.take() {
            if self.input.interactive() {
                self.input
                    .pause("\n(Press Enter when you are done. The screen will be cleared.) ");
                clear_screen();
            }
            println!(
                "\nThank you, {}. {}, you can look at the screen again.",
                self.name(&Audience::Partner(held.clone())),
                self.others(&held)
            );
        }
        let Some(role) = want else {
            return Ok(None);
        };
        let me = self.name(&Audience::Partner(role.to_string()));
        println!("\n── For {me} only ──");
        println!(
            "{}, please look away from the screen now.",
            self.others(role)
        );
        if let Line::End = self.input.pause(&format!(
            "{me}, press Enter when nobody else can see the screen. "
        )) {
            return Ok(Some(self.stop_saved()?));
        }
        self.holder = Some(role.to_string());
        Ok(None)
    }

    /// Leaves the sitting, saved. Anything private on the screen is cleared first.
    pub(crate) fn stop_saved(&mut self) -> anyhow::Result<Outcome> {
        if self.holder.take().is_some() && self.input.interactive() {
            clear_screen();
        }
        println!("\n{}", self.resume_hint());
        Ok(Outcome::Stopped)
    }

    /// Shows a prompt and reads until it gets a valid answer or a command ends the sitting.
    fn ask(&mut self, prompt: &Prompt) -> anyhow::Result<Option<Outcome>> {
        let private_to = match &prompt.to {
            Audience::Partner(role) if prompt.private => Some(role.clone()),
            _ => None,
        };
        if let Some(outcome) = self.screen_for(private_to.as_deref())? {
            return Ok(Some(outcome));
        }
        let options = self.show_prompt(prompt);
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
                        println!("{message}");
                        continue;
                    }
                }
            }
            let value = match prompt.parse(&text) {
                Ok(value) => value,
                Err(message) => {
                    println!("{message}");
                    continue;
                }
            };
            // Saved before anything else happens: a crash from here on loses nothing.
            self.journal.append(&Record::Answer {
                prompt: prompt.key(),
                value: value.clone(),
                at: now(),
            })?;
            self.session.answer(value)?;
            for intervention in self.session.take_interventions() {
                if let Some(outcome) = self.intervene(intervention)? {
                    return Ok(Some(outcome));
                }
            }
            return Ok(None);
        }
    }

    /// Reads one line for a prompt (masked if private): Ctrl-C clears the line and a
    /// second one leaves; the end of input leaves. Everything answered is saved already.
    pub(crate) fn read_for(
        &mut self,
        prompt: &Prompt,
        options: &[String],
    ) -> anyhow::Result<Result<String, Outcome>> {
        let label = format!("{} › ", self.name(&prompt.to));
        let mut interrupted = false;
        loop {
            let line = if prompt.private {
                self.input.read_hidden(&label)
            } else {
                self.input.read(&label, options)
            };
            return Ok(match line {
                Line::Text(text) => Ok(text),
                Line::Interrupted if interrupted => Err(self.stop_saved()?),
                Line::Interrupted => {
                    println!("(Line cleared. Press Ctrl-C again, or Ctrl-D, to save and leave.)");
                    interrupted = true;
                    continue;
                }
                Line::End if self.input.interactive() => Err(self.stop_saved()?),
                Line::End => {
                    println!(
                        "\nThe input ended before the guide did. {}",
                        self.resume_hint()
                    );
                    Err(Outcome::InputEnded)
                }
            });
        }
    }

    /// Prints a prompt with whose turn it is; returns the options to complete on Tab.
    pub(crate) fn show_prompt(&self, prompt: &Prompt) -> Vec<String> {
        let who = self.name(&prompt.to);
        let turn = match &prompt.to {
            Audience::Partner(_) if prompt.private => format!("{who}, privately"),
            Audience::Partner(_) => format!("{who}'s turn"),
            _ => format!("{who}, together"),
        };
        println!("\n── {turn} ──");
        println!("{}", prompt.text);
        match &prompt.kind {
            PromptKind::Choice { options } => {
                for (i, o) in options.iter().enumerate() {
                    println!("  {}. {o}", i + 1);
                }
                options.clone()
            }
            PromptKind::Scale { min, max } => {
                println!("  (a number from {min} to {max})");
                Vec::new()
            }
            PromptKind::YesNo => {
                println!("  (yes or no)");
                Vec::new()
            }
            PromptKind::Text => Vec::new(),
        }
    }

    /// After a failure only commands can help.
    fn read_command_only(&mut self) -> anyhow::Result<Option<Outcome>> {
        loop {
            match self.input.read("› ", &[]) {
                Line::Text(text) => match Command::parse(&text) {
                    Some(Ok(command)) => match self.command(command)? {
                        Step::Stay => continue,
                        Step::Moved => return Ok(None),
                        Step::Leave(outcome) => return Ok(Some(outcome)),
                    },
                    Some(Err(message)) => println!("{message}"),
                    None => println!("Only commands work here: :back, :transcript or :quit."),
                },
                Line::Interrupted => continue,
                Line::End => {
                    println!("\n{}", self.resume_hint());
                    return Ok(Some(Outcome::Failed));
                }
            }
        }
    }

    fn command(&mut self, command: Command) -> anyhow::Result<Step> {
        if !self.authoring && matches!(command, Command::Reload | Command::Goto(_) | Command::State)
        {
            println!("That command is for authors trying a guide; it does not work here.");
            return Ok(Step::Stay);
        }
        match command {
            Command::Help => {
                println!("{HELP}");
                Ok(Step::Stay)
            }
            Command::Transcript => {
                println!(
                    "\n{}",
                    Transcript::new(&self.session, Viewer::Both).render(Format::Markdown)
                );
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
                    println!("There is no answer to take back yet.");
                    return Ok(Step::Stay);
                };
                self.journal.append(&Record::Undo { at: now() })?;
                let value = self.session.undo();
                let who = self.name(&by);
                match (value, private) {
                    (Some(_), true) => println!("Took back {who}'s private answer."),
                    (Some(value), false) => println!("Took back {who}'s answer \"{value}\"."),
                    (None, _) => {}
                }
                // Show the prompt that is waiting again, with nothing before it.
                self.shown = self.session.events().len().saturating_sub(1);
                Ok(Step::Moved)
            }
            Command::Break => {
                self.journal.append(&Record::Break { at: now() })?;
                println!("\nTake the time you need. Come back when you are both ready.");
                Ok(Step::Leave(self.stop_saved()?))
            }
            Command::Quit => Ok(Step::Leave(self.stop_saved()?)),
            Command::Pause => self.pause(),
            Command::Hide => {
                crate::terminal::hide_screen();
                Ok(Step::Leave(Outcome::Stopped))
            }
            Command::Reload => self.reload(),
            Command::Goto(step) => match self.session.goto(&step) {
                Ok(()) => {
                    self.journal.append(&Record::Goto {
                        step: step.clone(),
                        at: now(),
                    })?;
                    println!("Starting again from step \"{step}\", with nothing remembered.");
                    self.shown = 0;
                    Ok(Step::Moved)
                }
                Err(err) => {
                    println!("{}", err.message);
                    Ok(Step::Stay)
                }
            },
            Command::State => {
                println!("Step: {}", self.session.step());
                if let Some(start) = self.session.started_at() {
                    println!("Started at: {start} (by :goto)");
                }
                println!("Answers so far: {}", self.session.answers().len());
                let memory = self.session.memory();
                if memory.is_empty() {
                    println!("Nothing remembered yet.");
                }
                for (key, value) in memory {
                    println!("  {key} = {value:?}");
                }
                Ok(Step::Stay)
            }
        }
    }

    /// Re-reads the guide's file and moves the session onto it, saying exactly where
    /// the answers so far stop fitting.
    fn reload(&mut self) -> anyhow::Result<Step> {
        let Some(path) = self.guide_path.clone() else {
            println!("A shipped guide cannot be reloaded; run a copy of it from a file.");
            return Ok(Step::Stay);
        };
        let source = crate::library::source(&path.display().to_string())?;
        let guide = match crate::library::load(&source) {
            Ok(guide) => guide,
            Err(err) => {
                eprint!("{}", crate::report::guide_error(&err, &source));
                println!("The guide was not reloaded; you are where you were.");
                return Ok(Step::Stay);
            }
        };
        let hash = guide.hash().to_string();
        let before = self.session.answers().len();
        if let Err(err) = self.session.reload(guide) {
            println!("The guide was not reloaded: {}", err.message);
            return Ok(Step::Stay);
        }
        self.journal.append(&Record::Guide {
            source: source.text.clone(),
            guide_hash: hash,
            at: now(),
        })?;
        match self.session.stale() {
            None => println!(
                "Reloaded {}: all {before} answers still fit.",
                path.display()
            ),
            Some(stale) => {
                let set_aside = self.session.set_aside().len();
                let why = if stale.question_changed {
                    "that question has changed"
                } else {
                    "the answer no longer fits that question"
                };
                println!(
                    "Reloaded {}. Answer {} no longer fits: it was given at step \"{}\", line {} (\"{}\"), and {why}.",
                    path.display(),
                    stale.index + 1,
                    stale.prompt.step,
                    stale.prompt.line,
                    stale.prompt.text
                );
                println!(
                    "It and the {} after it were set aside (they stay in the journal). You go on from there.",
                    set_aside - 1
                );
                for _ in 0..set_aside {
                    self.journal.append(&Record::Undo { at: now() })?;
                }
            }
        }
        self.recap_from_last_answer();
        Ok(Step::Moved)
    }
}

pub(crate) enum Step {
    Stay,
    Moved,
    Leave(Outcome),
}
