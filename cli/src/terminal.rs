//! Where answers come from: a person at a terminal (line editing, Tab completion of
//! choices, masked input for private answers), or lines from a pipe or an answers file.
//!
//! Nothing typed is ever written to a history file: rustyline is built without file
//! history, and its in-memory history is never added to.
//!
//! rustyline writes to the terminal itself, so what it shows is escaped here as `Shown`
//! does for everything else: the prompt, and the line being typed (a character typed
//! with Ctrl-V, or pasted). A line that is not UTF-8 is said so and asked again.

use crate::typeahead::Quiet;
use crossterm::cursor::{Hide, MoveTo, Show};
use crossterm::terminal::{Clear, ClearType};
use kintsugi_engine::shown::escape;
use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::history::DefaultHistory;
use rustyline::{Behavior, ColorMode, CompletionType, Config, Context, Editor};
use rustyline::{Helper, Hinter, Validator};
use std::borrow::Cow;
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

pub enum Line {
    Text(String),
    /// Ctrl-D, a second Ctrl-C, or the end of piped input: the person leaves.
    End,
}

/// Said when a line read is not UTF-8; the same question is asked again.
const NOT_TEXT: &str =
    "That line was not valid UTF-8 text, so it was not taken; please type it again.";

/// How a line being typed is shown.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub enum Mask {
    /// As typed (escaped).
    #[default]
    Shown,
    /// One dot a character: a private text, whose length says little.
    Dots,
    /// The same few dots whatever was typed, and the cursor hidden: a private choice, a
    /// number or a code, where the length alone could tell "yes" from "no"; and a pause,
    /// where what is typed may be an answer meant for the private question after it.
    Length,
}

/// What a pause asks on a page, at the end of a private moment (see `Input::pause`).
const DONE_ON_A_PAGE: &str =
    "When you are done reading, press Done: what was shown to you alone then leaves this page.";

/// What `Mask::Length` shows once anything is typed.
const SAME_DOTS: &str = "••••";

/// Completes the options of the current choice prompt, and masks private answers.
#[derive(Helper, Hinter, Validator, Default)]
struct Choices {
    options: Vec<String>,
    mask: Mask,
}

impl Highlighter for Choices {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        match self.mask {
            Mask::Shown => escape(line),
            Mask::Dots => Cow::Owned("•".repeat(line.chars().count())),
            Mask::Length if line.is_empty() => Cow::Borrowed(""),
            Mask::Length => Cow::Borrowed(SAME_DOTS),
        }
    }

    fn highlight_char(&self, line: &str, _pos: usize, kind: CmdKind) -> bool {
        (self.mask != Mask::Shown && kind != CmdKind::MoveCursor)
            || matches!(escape(line), Cow::Owned(_))
    }
}

impl Completer for Choices {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        _pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let typed = line.trim_start().to_lowercase();
        let matches = self
            .options
            .iter()
            .filter(|o| o.to_lowercase().starts_with(&typed))
            .map(|o| Pair {
                // rustyline lists the candidates on the terminal itself.
                display: escape(o).into_owned(),
                replacement: o.clone(),
            })
            .collect();
        Ok((0, matches))
    }
}

pub struct Input {
    lines: Option<Box<dyn BufRead>>,
    editor: Option<Editor<Choices, DefaultHistory>>,
    /// Answers come from the partners' own devices (`--devices`) instead.
    devices: Option<std::sync::Arc<kintsugi_web::Room>>,
    /// The device the last answer came from.
    sender: Option<kintsugi_web::Seat>,
    /// Leaving saves what was answered (a guide's session with a journal), so the
    /// first Ctrl-C says so.
    saves: bool,
    /// Keys typed while no prompt reads are not shown, from the first read at the
    /// terminal on (not before: a command that only writes leaves the terminal alone).
    quiet: Option<Quiet>,
    /// Ctrl-C found among keys thrown away before the next prompt (`forget_typed_ahead`):
    /// they count at that prompt.
    ctrl_c_ahead: usize,
}

impl Input {
    /// Reads the answers file first (if any), then the terminal if standard input is
    /// one, or standard input's lines otherwise.
    pub fn new(answers: Option<&Path>) -> anyhow::Result<Input> {
        let lines: Option<Box<dyn BufRead>> = match answers {
            Some(path) => Some(Box::new(std::io::BufReader::new(
                std::fs::File::open(path).map_err(|e| {
                    anyhow::anyhow!("cannot read the answers file {}: {e}", path.display())
                })?,
            ))),
            None if !std::io::stdin().is_terminal() => {
                Some(Box::new(std::io::BufReader::new(std::io::stdin())))
            }
            None => None,
        };
        let editor = match std::io::stdin().is_terminal() {
            true => Some(editor()?),
            false => None,
        };
        Ok(Input {
            lines,
            editor,
            devices: None,
            sender: None,
            saves: false,
            quiet: None,
            ctrl_c_ahead: 0,
        })
    }

    /// Answers from the partners' devices, through the room their pages show.
    pub fn devices(room: std::sync::Arc<kintsugi_web::Room>) -> Input {
        Input {
            lines: None,
            editor: None,
            devices: Some(room),
            sender: None,
            saves: false,
            quiet: None,
            ctrl_c_ahead: 0,
        }
    }

    /// Whether leaving now saves what was answered: only what the first Ctrl-C says
    /// depends on it.
    pub fn leaving_saves(&mut self, saves: bool) {
        self.saves = saves;
    }

    /// The room of the partners' devices, when they answer there.
    pub fn room(&self) -> Option<&std::sync::Arc<kintsugi_web::Room>> {
        self.devices.as_ref()
    }

    /// The device the last answer came from (on devices only).
    pub fn sender(&self) -> Option<kintsugi_web::Seat> {
        self.sender
    }

    /// Whether people answer as the conversation goes (at the terminal or on their
    /// devices), rather than lines read from a pipe or a file.
    pub fn live(&self) -> bool {
        self.interactive() || self.devices.is_some()
    }

    /// Reads the answer to `prompt`: at the terminal or from a file as [`Input::read`]
    /// (masked when `hidden`), or on the devices, from `seat` (`None`: either).
    pub fn answer(
        &mut self,
        out: &mut dyn Write,
        label: &str,
        prompt: &kintsugi_engine::Prompt,
        seat: Option<kintsugi_web::Seat>,
        options: &[String],
    ) -> std::io::Result<Line> {
        let Some(room) = &self.devices else {
            // A free text's length says little; a choice's, a number's or a yes or
            // no's can say which it was.
            let mask = match (prompt.private, &prompt.kind) {
                (false, _) => Mask::Shown,
                (true, kintsugi_engine::PromptKind::Text) => Mask::Dots,
                (true, _) => Mask::Length,
            };
            return self.read_with(out, label, options, mask, 0);
        };
        let question = kintsugi_web::Question {
            seat,
            prompt: prompt.clone(),
            pause: false,
        };
        Ok(match room.ask(question) {
            Some((from, text)) => {
                self.sender = Some(from);
                Line::Text(text)
            }
            None => Line::End,
        })
    }

    /// Whether a person is typing now (so pauses wait for Enter and screens are cleared).
    pub fn interactive(&self) -> bool {
        self.lines.is_none() && self.editor.is_some()
    }

    /// The next line of piped input or the answers file (echoed after the prompt, as if
    /// typed), or `None` to read at the terminal.
    fn next_line(
        &mut self,
        out: &mut dyn Write,
        prompt: &str,
        hidden: bool,
    ) -> std::io::Result<Option<Line>> {
        let Some(lines) = self.lines.as_mut() else {
            return Ok(None);
        };
        loop {
            let mut buf = Vec::new();
            match lines.read_until(b'\n', &mut buf) {
                Ok(0) | Err(_) => {
                    // Piped input is over; go on at the terminal if there is one.
                    self.lines = None;
                    return Ok(if self.editor.is_some() {
                        None
                    } else {
                        Some(Line::End)
                    });
                }
                Ok(_) => {}
            }
            let (text, taken) = match String::from_utf8(buf) {
                Ok(text) => (text, true),
                Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), false),
            };
            let text = text.trim_end_matches(['\n', '\r']).to_string();
            let shown = if hidden && !text.starts_with(':') {
                "(answered privately)"
            } else {
                &text
            };
            writeln!(out, "{prompt}{shown}")?;
            if taken {
                return Ok(Some(Line::Text(text)));
            }
            // The next line answers the same question.
            writeln!(out, "{NOT_TEXT}")?;
        }
    }

    /// Reads one line, offering `options` on Tab.
    pub fn read(
        &mut self,
        out: &mut dyn Write,
        prompt: &str,
        options: &[String],
    ) -> std::io::Result<Line> {
        self.read_with(out, prompt, options, Mask::Shown, 0)
    }

    /// Reads one line without showing what is typed, masked as `mask` says.
    pub fn read_hidden(
        &mut self,
        out: &mut dyn Write,
        prompt: &str,
        mask: Mask,
    ) -> std::io::Result<Line> {
        self.read_with(out, prompt, &[], mask, 0)
    }

    /// Reads one line; `ctrl_c` Ctrl-C were typed just before it (while no prompt read).
    fn read_with(
        &mut self,
        out: &mut dyn Write,
        prompt: &str,
        options: &[String],
        mask: Mask,
        ctrl_c: usize,
    ) -> std::io::Result<Line> {
        if let Some(line) = self.next_line(out, prompt, mask != Mask::Shown)? {
            return Ok(line);
        }
        if self.editor.is_some() {
            self.keep_quiet();
        }
        // Ctrl-C is handled here, the same way at every prompt (a hand-over's Enter, a
        // name, a private answer) and just before one: the first clears the line and
        // says how to leave, the second leaves as Ctrl-D does. It never answers, so it
        // never hands over.
        let cleared = if self.saves {
            "(Line cleared. Press Ctrl-C again, or Ctrl-D, to save and leave.)"
        } else {
            "(Line cleared. Press Ctrl-C again, or Ctrl-D, to leave.)"
        };
        let mut interrupted = false;
        let mut typed_before = ctrl_c + std::mem::take(&mut self.ctrl_c_ahead);
        let Some(editor) = self.editor.as_mut() else {
            return Ok(Line::End);
        };
        loop {
            // rustyline writes to the terminal itself: what we wrote must be there first.
            out.flush()?;
            if typed_before > 0 {
                typed_before -= 1;
                if interrupted {
                    return Ok(Line::End);
                }
                writeln!(out, "{cleared}")?;
                interrupted = true;
                continue;
            }
            if let Some(helper) = editor.helper_mut() {
                helper.options = options.to_vec();
                helper.mask = mask;
            }
            // Where the cursor stands would tell the length the dots hide.
            if mask == Mask::Length {
                crossterm::execute!(terminal_itself(), Hide)?;
            }
            // rustyline draws its prompt itself: a prompt longer than the terminal
            // ("(Press Enter when you are done. ...)") is broken as any line is, and
            // all but its last line written before it.
            let wrapped = wrap(prompt, "", "");
            let last = match wrapped.rsplit_once('\n') {
                Some((before, last)) => {
                    writeln!(out, "{before}")?;
                    out.flush()?;
                    last
                }
                None => wrapped.as_str(),
            };
            let last = match prompt.ends_with(' ') && !last.ends_with(' ') {
                true => format!("{last} "),
                false => last.to_string(),
            };
            let line = editor.readline(escape(&last).as_ref());
            if mask == Mask::Length {
                crossterm::execute!(terminal_itself(), Show)?;
            }
            if let Some(helper) = editor.helper_mut() {
                helper.mask = Mask::Shown;
            }
            return Ok(match line {
                Ok(text) => Line::Text(text),
                Err(ReadlineError::Interrupted) if interrupted => Line::End,
                Err(ReadlineError::Interrupted) => {
                    writeln!(out, "{cleared}")?;
                    interrupted = true;
                    continue;
                }
                Err(ReadlineError::Io(e)) if e.kind() == std::io::ErrorKind::InvalidData => {
                    writeln!(out, "{NOT_TEXT}")?;
                    continue;
                }
                Err(_) => Line::End,
            });
        }
    }

    /// Waits for Enter at a terminal; piped input does not wait. What follows a pause is
    /// a screen that must be read (a hand-over, a crisis text, a one-time code), so keys
    /// typed before it appeared, or in its first moment (a double Enter), are thrown away
    /// unseen (a Ctrl-C among them counts), and what is typed before Enter is masked: it
    /// may be an answer meant for the private question that follows.
    ///
    /// On the devices a pause is the end of a private moment (the only place the host
    /// waits there, `live`): the page of the partner holding the screen asks them, in
    /// its own words, to say they are done reading, with one button (with the screen
    /// shared, nothing is waited for). The quick exit pressed meanwhile comes back as
    /// `:hide`, as if typed.
    pub fn pause(&mut self, out: &mut dyn Write, prompt: &str) -> std::io::Result<Line> {
        if let Some(room) = &self.devices {
            let Some(seat) = room.holder() else {
                return Ok(Line::Text(String::new()));
            };
            let asked = kintsugi_engine::Prompt {
                private: true,
                ..kintsugi_engine::Prompt::new(
                    kintsugi_engine::Audience::Partner(room.names()[seat].clone()),
                    DONE_ON_A_PAGE,
                    kintsugi_engine::PromptKind::Text,
                )
            };
            return Ok(
                match room.ask(kintsugi_web::Question {
                    seat: Some(seat),
                    prompt: asked,
                    pause: true,
                }) {
                    Some((_, text)) if text == ":hide" => Line::Text(text),
                    Some(_) => Line::Text(String::new()),
                    None => Line::End,
                },
            );
        }
        if !self.interactive() {
            writeln!(out, "{prompt}")?;
            return Ok(Line::Text(String::new()));
        }
        out.flush()?;
        self.keep_quiet();
        let ctrl_c = crate::typeahead::drain();
        // And what the editor read ahead, past the last line it took.
        self.editor = Some(editor().map_err(std::io::Error::other)?);
        self.read_with(out, prompt, &[], Mask::Length, ctrl_c)
    }

    /// Throws away what was typed before a question that must be read before it is
    /// answered (a safety check's): lines typed ahead answer the next guide questions,
    /// never these. Only at a terminal; a Ctrl-C among the keys counts at the next prompt.
    pub fn forget_typed_ahead(&mut self) {
        if !self.interactive() || self.editor.is_none() {
            return;
        }
        self.keep_quiet();
        self.ctrl_c_ahead += crate::typeahead::drain();
        if let Ok(editor) = editor() {
            self.editor = Some(editor);
        }
    }

    /// From now on, keys typed while no prompt reads are not shown (`typeahead`).
    fn keep_quiet(&mut self) {
        if self.quiet.is_none() {
            self.quiet = Quiet::new();
        }
    }

    /// Clears what a private moment showed, now that it ends: the terminal's screen and
    /// scrollback at a keyboard, the page of the partner who held the screen on the
    /// devices. Lines piped or read from a file are left as they are.
    pub fn clear_screen(&self, out: &mut dyn Write) -> std::io::Result<()> {
        match &self.devices {
            Some(room) => {
                out.flush()?;
                room.clear();
                Ok(())
            }
            None if self.interactive() => clear_screen(out),
            None => Ok(()),
        }
    }

    /// Asks one partner, in private, whether to go on with something only they should
    /// see: the screen is handed to them first, and the answer is a masked 1 or 2, so
    /// that its length gives nothing away. `None` if the input ended.
    pub fn confirm_privately(
        &mut self,
        out: &mut dyn Write,
        who: &str,
        question: &str,
    ) -> std::io::Result<Option<bool>> {
        writeln!(out, "\n── For {who} only ──")?;
        let ready = format!("{who}, press Enter when nobody else can see the screen. ");
        if let Line::End = self.pause(out, &ready)? {
            return Ok(None);
        }
        writeln!(out, "{question}\n  1. Yes\n  2. No")?;
        // Read as a guide's choice is (its number, its words or their first letters):
        // the mask shows the same dots whatever was typed.
        let choice = kintsugi_engine::Prompt::new(
            kintsugi_engine::Audience::Both,
            question,
            kintsugi_engine::PromptKind::choice(vec!["Yes".into(), "No".into()]),
        );
        loop {
            match self.read_hidden(out, &format!("{who} › "), Mask::Length)? {
                Line::Text(text) => match choice.parse(&text) {
                    Ok(value) => return Ok(Some(value.to_string() == "Yes")),
                    Err(message) => writeln!(out, "{message}")?,
                },
                Line::End => return Ok(None),
            }
        }
    }

    /// Reads a yes or no for `who`; `None` if the input ended.
    pub fn yes_no(
        &mut self,
        out: &mut dyn Write,
        who: &str,
        question: &str,
    ) -> std::io::Result<Option<bool>> {
        writeln!(out, "\n{question}")?;
        loop {
            match self.read(out, &format!("{who} (yes/no) › "), &[])? {
                Line::Text(text) => match text.trim().to_lowercase().as_str() {
                    "y" | "yes" => return Ok(Some(true)),
                    "n" | "no" => return Ok(Some(false)),
                    _ => writeln!(out, "Please answer yes or no.")?,
                },
                Line::End => return Ok(None),
            }
        }
    }
}

/// The line editor at a terminal: no history, Tab completion of choices, the masking
/// highlighter. A new one holds nothing typed ahead.
fn editor() -> rustyline::Result<Editor<Choices, DefaultHistory>> {
    let config = Config::builder()
        .auto_add_history(false)
        .max_history_size(0)?
        .completion_type(CompletionType::List)
        // Forced, so the masking highlighter always applies.
        .color_mode(ColorMode::Forced)
        // Output sent to a file (`transcript ... > file`) keeps only what was
        // asked for: the line being typed is drawn on the terminal itself.
        .behavior(if std::io::stdout().is_terminal() {
            Behavior::Stdio
        } else {
            Behavior::PreferTerm
        })
        .build();
    let mut editor = Editor::with_config(config)?;
    editor.set_helper(Some(Choices::default()));
    Ok(editor)
}

/// The terminal the person types at: standard output, or when that goes to a file,
/// the process's terminal (`/dev/tty`), so that the program's own sequences stay out of
/// the file.
fn terminal_itself() -> Box<dyn Write> {
    if !std::io::stdout().is_terminal()
        && let Ok(tty) = std::fs::OpenOptions::new().write(true).open("/dev/tty")
    {
        return Box::new(tty);
    }
    Box::new(std::io::stdout())
}

/// Clears the screen and the terminal's scrollback, so nothing private stays visible.
pub fn clear_screen(out: &mut dyn Write) -> std::io::Result<()> {
    if std::io::stdout().is_terminal() {
        wipe(out)?;
    }
    Ok(())
}

/// The panic key: clears the screen and the scrollback (even when piped, since a
/// terminal may still show it) so nothing of the conversation stays visible.
pub fn hide_screen(out: &mut dyn Write) -> std::io::Result<()> {
    wipe(out)
}

/// Clears the screen, purges the scrollback and puts the cursor home. These sequences
/// are the program's own, so they go to standard output itself, after what `out` holds,
/// rather than through the door that escapes them (`shown.rs`).
fn wipe(out: &mut dyn Write) -> std::io::Result<()> {
    out.flush()?;
    let mut terminal = std::io::stdout();
    crossterm::queue!(
        terminal,
        Clear(ClearType::All),
        Clear(ClearType::Purge),
        MoveTo(0, 0)
    )?;
    terminal.flush()
}

/// Writes `text` through `out`, in `style` if there is one. The style's sequences are
/// the program's own, so they go to standard output itself, around the text, rather
/// than through the door that escapes them (`shown.rs`).
pub fn paint(
    out: &mut dyn Write,
    style: Option<anstyle::Style>,
    text: &str,
) -> std::io::Result<()> {
    let Some(style) = style else {
        return write!(out, "{text}");
    };
    let mut terminal = std::io::stdout();
    out.flush()?;
    write!(terminal, "{style}")?;
    terminal.flush()?;
    write!(out, "{text}")?;
    out.flush()?;
    write!(terminal, "{style:#}")?;
    terminal.flush()
}

/// Set when the screen is the partners' pages (`--devices`), which wrap text to their
/// own width: lines broken for the terminal would break again on a phone.
static PAGES_WRAP: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// From now on, text keeps its lines whole for the pages to wrap.
pub fn pages_wrap() {
    PAGES_WRAP.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// The terminal's width, when the screen is a terminal wide enough to wrap for (not
/// the pages').
fn width() -> Option<usize> {
    if PAGES_WRAP.load(std::sync::atomic::Ordering::Relaxed) {
        return None;
    }
    terminal_width()
}

/// The width of the terminal itself, if it is one wide enough to wrap for: what the
/// door to it (`Wrapped`) breaks lines to, whether or not the pages are the screen.
fn terminal_width() -> Option<usize> {
    terminal_size::terminal_size()
        .map(|(terminal_size::Width(w), _)| usize::from(w))
        .filter(|w| *w >= 20)
}

/// Text for the screen, broken at word boundaries to the terminal's width, the first
/// line after `first` and the others after `rest`. Text that is not going to a terminal
/// (a pipe, a file, the pages) keeps each line whole, for whatever reads it.
pub fn wrap(text: &str, first: &str, rest: &str) -> String {
    match width() {
        Some(width) => fill(text, width, first, rest),
        None => format!("{first}{text}"),
    }
}

/// `text` broken at word boundaries to `width` columns, as `wrap` says.
fn fill(text: &str, width: usize, first: &str, rest: &str) -> String {
    textwrap::fill(
        text,
        // A phone number, a code, an address or a path is never broken, not at a
        // hyphen nor at a slash (a word is what lies between spaces): one too long for
        // the line stands on its own.
        textwrap::Options::new(width - 1)
            .initial_indent(first)
            .subsequent_indent(rest)
            .word_separator(textwrap::WordSeparator::AsciiSpace)
            .word_splitter(textwrap::WordSplitter::NoHyphenation)
            .break_words(false),
    )
}

/// The screen's side of the door (`main` puts it under `Shown`): every line on its way
/// to a terminal that is longer than the terminal is broken at word boundaries by
/// [`wrap`], keeping its own indent for the lines it breaks into. So no message reaches
/// the screen with a word cut in two, whether or not the code that wrote it wrapped it
/// (a guide's text, a transcript, a note, an error). A line is held until it is whole,
/// or until a flush (before the terminal is read), when what there is goes out as it is
/// and the rest of that line follows unbroken. Output that is not a terminal passes
/// through untouched. With the pages as the screen (`pages_wrap`), the text written
/// keeps its lines whole for them, and this door still breaks what reaches the terminal
/// (the shared view) to the terminal's own width.
pub struct Wrapped<W: Write> {
    inner: W,
    /// Whether `inner` is a terminal.
    terminal: bool,
    /// The line being written, not yet whole.
    line: Vec<u8>,
    /// The start of this line went out already (at a flush): the rest is not re-broken.
    begun: bool,
}

impl<W: Write> Wrapped<W> {
    /// Writes to `inner`, a terminal if `terminal` says so.
    pub fn new(inner: W, terminal: bool) -> Wrapped<W> {
        Wrapped {
            inner,
            terminal,
            line: Vec::new(),
            begun: false,
        }
    }

    /// Writes the line held so far, broken to the terminal's width unless its start went
    /// out already.
    fn put(&mut self, width: usize, whole: bool) -> std::io::Result<()> {
        let line = std::mem::take(&mut self.line);
        match std::str::from_utf8(&line) {
            Ok(text) if !self.begun && textwrap::core::display_width(text) >= width => {
                let body = text.trim_start();
                let indent = &text[..text.len() - body.len()];
                self.inner
                    .write_all(fill(body, width, indent, indent).as_bytes())?;
                // A prompt's last space stays, for what is typed after it.
                if !whole && text.ends_with(' ') {
                    self.inner.write_all(b" ")?;
                }
            }
            _ => self.inner.write_all(&line)?,
        }
        if whole {
            self.inner.write_all(b"\n")?;
        }
        self.begun = !whole;
        Ok(())
    }
}

impl<W: Write> Write for Wrapped<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let Some(width) = terminal_width().filter(|_| self.terminal) else {
            if !self.line.is_empty() {
                let held = std::mem::take(&mut self.line);
                self.inner.write_all(&held)?;
            }
            self.inner.write_all(buf)?;
            return Ok(buf.len());
        };
        let mut rest = buf;
        while let Some(end) = rest.iter().position(|b| *b == b'\n') {
            self.line.extend_from_slice(&rest[..end]);
            self.put(width, true)?;
            rest = &rest[end + 1..];
        }
        self.line.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.line.is_empty() {
            match terminal_width().filter(|_| self.terminal) {
                Some(width) => self.put(width, false)?,
                None => {
                    let held = std::mem::take(&mut self.line);
                    self.inner.write_all(&held)?;
                }
            }
        }
        self.inner.flush()
    }
}

impl<W: Write> Drop for Wrapped<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}
