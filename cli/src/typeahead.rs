//! Keys typed at the terminal while no prompt reads them: while an answer is checked,
//! between two prompts, or in the moment before a screen that must be read.
//!
//! A partner may type their private answer early, so such keys are never shown: from
//! the start, the terminal neither echoes them nor turns Ctrl-C into a signal. rustyline
//! reads each prompt in a raw mode of its own and puts back the mode it found, this one.
//! A line typed ahead is shown by the prompt that takes it; a Ctrl-C typed ahead counts
//! at the next prompt, as one typed there does. The terminal's own mode comes back on
//! every way out: the end, a panic (the guard's drop), a signal (`kill`).

/// How long a screen that must be read stands before keys count: longer than a double
/// Enter, shorter than anyone reads a line.
const TYPEAHEAD: std::time::Duration = std::time::Duration::from_millis(300);

/// Ctrl-C, as typed.
const CTRL_C: u8 = 0x03;

#[cfg(unix)]
pub use unix::{Quiet, drain};

#[cfg(unix)]
mod unix {
    use super::{CTRL_C, TYPEAHEAD};
    use nix::sys::termios::{self, FlushArg, LocalFlags, SetArg, SpecialCharacterIndices};
    use std::sync::Mutex;

    /// The terminal's mode as it was found, while it is kept quiet.
    static FOUND: Mutex<Option<termios::Termios>> = Mutex::new(None);

    fn found() -> std::sync::MutexGuard<'static, Option<termios::Termios>> {
        FOUND
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Keeps the terminal quiet while it lives: no echo, no line editing by the
    /// terminal, no signal from Ctrl-C or Ctrl-\, and reads that wait for nothing.
    pub struct Quiet(());

    impl Quiet {
        /// Makes the terminal at standard input quiet; `None` if it is not a terminal,
        /// or is quiet already.
        pub fn new() -> Option<Quiet> {
            // On a terminal rustyline cannot edit on, it reads lines as the terminal
            // gives them: they must come whole, and echoed.
            let term = std::env::var("TERM").unwrap_or_default();
            if ["dumb", "cons25", "emacs"]
                .iter()
                .any(|t| t.eq_ignore_ascii_case(&term))
            {
                return None;
            }
            let stdin = std::io::stdin();
            let mode = termios::tcgetattr(&stdin).ok()?;
            let mut quiet = mode.clone();
            quiet.local_flags.remove(
                LocalFlags::ECHO
                    | LocalFlags::ECHONL
                    | LocalFlags::ICANON
                    | LocalFlags::IEXTEN
                    | LocalFlags::ISIG,
            );
            // What `drain` reads returns at once (rustyline sets its own).
            quiet.control_chars[SpecialCharacterIndices::VMIN as usize] = 0;
            quiet.control_chars[SpecialCharacterIndices::VTIME as usize] = 0;
            {
                let mut found = found();
                if found.is_some() {
                    return None;
                }
                *found = Some(mode);
            }
            restore_on_signals();
            if termios::tcsetattr(&stdin, SetArg::TCSADRAIN, &quiet).is_err() {
                found().take();
                return None;
            }
            Some(Quiet(()))
        }
    }

    impl Drop for Quiet {
        fn drop(&mut self) {
            restore();
        }
    }

    /// Puts back the terminal's mode as it was found.
    fn restore() {
        if let Some(mode) = found().take() {
            let _ = termios::tcsetattr(std::io::stdin(), SetArg::TCSADRAIN, &mode);
        }
    }

    /// A signal that ends the process (`kill`, the terminal closed) ends it with the
    /// terminal as it was found: its mode, the cursor shown (a masked prompt hides it),
    /// pasting as usual (a prompt marks pasted text).
    fn restore_on_signals() {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            let Ok(mut signals) =
                signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP, SIGQUIT])
            else {
                return;
            };
            std::thread::spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    restore();
                    undraw();
                    let _ = signal_hook::low_level::emulate_default_handler(signal);
                }
            });
        });
    }

    /// Shows the cursor and ends bracketed paste (rustyline's, while it reads) on the
    /// terminal typed at: standard output, or the process's terminal when that goes to
    /// a file.
    fn undraw() {
        use std::io::{IsTerminal, Write};
        let mut terminal: Box<dyn Write> = match std::io::stdout().is_terminal() {
            true => Box::new(std::io::stdout()),
            false => match std::fs::OpenOptions::new().write(true).open("/dev/tty") {
                Ok(tty) => Box::new(tty),
                Err(_) => return,
            },
        };
        let _ = terminal.write_all(b"\x1b[?2004l");
        let _ = crossterm::execute!(terminal, crossterm::cursor::Show);
    }

    /// Throws away what was typed and not read yet, after `TYPEAHEAD` (so that a key
    /// meant for the screen before cannot pass the next one): how many Ctrl-C were among
    /// it, which count as if typed at the next prompt. Only at a terminal: the caller
    /// checks.
    pub fn drain() -> usize {
        std::thread::sleep(TYPEAHEAD);
        let stdin = std::io::stdin();
        let mut ctrl_c = 0;
        // Quiet, reading returns at once with whatever there is (nothing at the end).
        if found().is_some() {
            let mut buf = [0u8; 256];
            while let Ok(n @ 1..) = nix::unistd::read(&stdin, &mut buf) {
                ctrl_c += buf[..n].iter().filter(|b| **b == CTRL_C).count();
            }
        }
        // A failed flush only leaves the keys where they were.
        let _ = termios::tcflush(&stdin, FlushArg::TCIFLUSH);
        ctrl_c
    }
}

/// Elsewhere the terminal is left as it is.
#[cfg(not(unix))]
pub struct Quiet(());

#[cfg(not(unix))]
impl Quiet {
    pub fn new() -> Option<Quiet> {
        None
    }
}

/// Elsewhere only the wait.
#[cfg(not(unix))]
pub fn drain() -> usize {
    let _ = CTRL_C;
    std::thread::sleep(TYPEAHEAD);
    0
}
