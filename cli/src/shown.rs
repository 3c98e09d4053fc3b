//! The one door to the screen. `main` wraps standard output and standard error in
//! [`Shown`], so every byte a command writes, whatever text it holds (a guide's words,
//! a partner's name or answer, a file's name, an error quoting any of them), reaches the
//! terminal with every character that could act on it written as a visible escape
//! (`kintsugi_engine::shown`). Files Kintsugi writes get the same escaping.
//!
//! The program's own control sequences (clearing the screen, `test`'s colours) are the
//! only bytes that go to the terminal around it, in `terminal.rs`.

use kintsugi_engine::shown::escape;
use std::io::{Result, Write};

/// A writer that escapes what would act on a terminal and passes everything else on.
pub struct Shown<W: Write> {
    inner: W,
    /// The start of a character cut by the end of the last write, kept for the next.
    pending: Vec<u8>,
}

impl<W: Write> Shown<W> {
    /// Writes to `inner` through the door.
    pub fn new(inner: W) -> Shown<W> {
        Shown {
            inner,
            pending: Vec::new(),
        }
    }
}

impl<W: Write> Write for Shown<W> {
    fn write(&mut self, buf: &[u8]) -> Result<usize> {
        self.pending.extend_from_slice(buf);
        let mut rest: &[u8] = &self.pending;
        loop {
            match std::str::from_utf8(rest) {
                Ok(text) => {
                    self.inner.write_all(escape(text).as_bytes())?;
                    rest = &[];
                    break;
                }
                Err(e) => {
                    let (valid, after) = rest.split_at(e.valid_up_to());
                    // Checked just now: the first `valid_up_to` bytes are UTF-8.
                    let text = std::str::from_utf8(valid).unwrap_or_default();
                    self.inner.write_all(escape(text).as_bytes())?;
                    match e.error_len() {
                        // Bytes that are no text at all: shown as their values.
                        Some(len) => {
                            for byte in &after[..len] {
                                write!(self.inner, "\\x{byte:02x}")?;
                            }
                            rest = &after[len..];
                        }
                        // A character cut short: the next write completes it.
                        None => {
                            rest = after;
                            break;
                        }
                    }
                }
            }
        }
        let kept = self.pending.len() - rest.len();
        self.pending.drain(..kept);
        Ok(buf.len())
    }

    fn flush(&mut self) -> Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(pieces: &[&[u8]]) -> String {
        let mut shown = Shown::new(Vec::new());
        for piece in pieces {
            shown.write_all(piece).unwrap();
        }
        String::from_utf8(shown.inner).unwrap()
    }

    #[test]
    fn text_passes_and_terminal_controls_are_escaped() {
        let out = through(&["Alex \u{1b}]52;c;aGk=\u{7} · \u{9b}2J \u{202e}ok\n\tend".as_bytes()]);
        assert_eq!(
            out,
            "Alex \\u001b]52;c;aGk=\\u0007 · \\u009b2J \\u202eok\n\tend"
        );
    }

    #[test]
    fn a_character_cut_between_two_writes_is_kept_whole() {
        // U+009B is C2 9B, U+202E is E2 80 AE: each cut in the middle.
        let out = through(&[b"a\xC2", b"\x9Bb\xE2\x80", b"\xAEc"]);
        assert_eq!(out, "a\\u009bb\\u202ec");
    }

    #[test]
    fn bytes_that_are_no_text_are_shown_as_values() {
        let out = through(&[b"a\x9B\xFFb"]);
        assert_eq!(out, "a\\x9b\\xffb");
    }
}
