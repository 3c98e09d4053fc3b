//! Text made safe to show. A guide's words, a partner's name or answer, a journal from
//! elsewhere: any of it may hold characters that act on a terminal instead of being
//! shown (an escape sequence can clear the screen, set the window's title or write to
//! the clipboard) or that reorder the text around them (a right-to-left override).
//! Everything Kintsugi shows, on a terminal, in Markdown or in an export, goes through
//! [`escape`], which writes each such character as a visible `\u001b`.
//!
//! The form is JSON's own escape: a JSON document passed through [`escape`] is still
//! valid and means exactly the same, so JSON output needs no second door.

use std::borrow::Cow;

/// Whether `c` would act on a terminal or reorder the text around it rather than be
/// shown: a control character (C0 but newline and tab, DEL, and C1, such as U+009B, a
/// terminal's one-character escape sequence), or a bidirectional embedding, override or
/// isolate (U+202A–U+202E, U+2066–U+2069, the characters of "Trojan Source").
///
/// The marks U+200E, U+200F and U+061C pass: right-to-left text needs them, and they
/// only set the direction of the neutral characters next to them, with the overrides
/// and isolates they could pair with escaped.
pub fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// `text` with every character [`is_hidden`] finds written as `\u` and four hex digits
/// (`\u001b` for ESC); borrowed when there is none, as almost always.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_hidden(c) {
            // Every such character is in the Basic Multilingual Plane: four digits.
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Why a name or an answer typed (or piped) is refused, or `None` if it may be kept:
/// what would be escaped when shown is never stored, NUL included. The message names
/// the first such character, escaped.
pub fn refusal(typed: &str) -> Option<String> {
    let c = typed.chars().find(|&c| is_hidden(c))?;
    let (what, why) = match c {
        '\0' => ("a NUL character", "cannot be kept"),
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
            ("a text-direction override", "could reorder what is shown")
        }
        _ => (
            "a control character",
            "could change the screen instead of being shown",
        ),
    };
    Some(format!(
        "That holds {what} ({}), which {why}; please type it again without it.",
        escape(&c.to_string())
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_as_it_is() {
        let text = "Ça va? 日本語, \u{200F}עברית\u{200E}, tabs\tand\nlines";
        assert!(matches!(escape(text), Cow::Borrowed(t) if t == text));
        assert_eq!(refusal(text), None);
    }

    #[test]
    fn every_terminal_control_and_override_is_escaped() {
        let cases = [
            ("\u{1b}]0;title\u{7}", "\\u001b]0;title\\u0007"),
            ("\u{1b}]52;c;aGk=\u{1b}\\", "\\u001b]52;c;aGk=\\u001b\\"),
            ("\u{9b}2J", "\\u009b2J"),
            ("\u{9d}0;t\u{9c}", "\\u009d0;t\\u009c"),
            ("a\rb\u{8}c\u{7f}", "a\\u000db\\u0008c\\u007f"),
            ("x\0y", "x\\u0000y"),
            ("\u{202e}abc\u{202c}", "\\u202eabc\\u202c"),
            (
                "\u{2066}\u{2067}\u{2068}\u{2069}",
                "\\u2066\\u2067\\u2068\\u2069",
            ),
            ("\u{202a}\u{202b}\u{202d}", "\\u202a\\u202b\\u202d"),
        ];
        for (raw, shown) in cases {
            assert_eq!(escape(raw), shown, "{raw:?}");
            assert!(!escape(raw).chars().any(is_hidden));
            assert!(refusal(raw).is_some(), "{raw:?}");
        }
    }

    #[test]
    fn escaped_json_stays_valid_and_exact() {
        let value = "\u{1b}[2J \u{9b}31m \u{7f} \u{202e} \\ \"";
        let json = serde_json::to_string(&serde_json::json!({ "answer": value })).unwrap();
        let shown = escape(&json);
        assert!(!shown.chars().any(is_hidden), "{shown}");
        let back: serde_json::Value = serde_json::from_str(&shown).unwrap();
        assert_eq!(back["answer"], value);
    }

    #[test]
    fn a_refusal_says_what_it_found() {
        let nul = refusal("a\0b").unwrap();
        assert!(nul.contains("NUL") && nul.contains("\\u0000"), "{nul}");
        let rlo = refusal("abc\u{202e}").unwrap();
        assert!(
            rlo.contains("text-direction") && rlo.contains("\\u202e"),
            "{rlo}"
        );
        let esc = refusal("\u{1b}[2J").unwrap();
        assert!(
            esc.contains("control character") && esc.contains("\\u001b"),
            "{esc}"
        );
        assert!(!esc.chars().any(is_hidden));
    }
}
