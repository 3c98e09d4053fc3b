//! Places in a guide's source: a [`Pos`] (line and column), and [`Text`], which turns
//! positions into offsets and reads the words and tokens there.

/// A place in a guide's source: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    /// The line, counted from 1.
    pub line: usize,
    /// The column in characters, counted from 1.
    pub column: usize,
}

impl Pos {
    pub(crate) fn of(pos: rhai::Position) -> Option<Pos> {
        Some(Pos {
            line: pos.line()?,
            column: pos.position().unwrap_or(1),
        })
    }

    pub(crate) fn or(pos: rhai::Position, fallback: Pos) -> Pos {
        Pos::of(pos).unwrap_or(fallback)
    }
}

pub(crate) struct Text<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Text<'a> {
    pub(crate) fn new(text: &'a str) -> Text<'a> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Text { text, starts }
    }

    pub(crate) fn offset(&self, pos: Pos) -> Option<usize> {
        let start = *self.starts.get(pos.line.checked_sub(1)?)?;
        let line = &self.text[start..];
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        let within = line
            .char_indices()
            .nth(pos.column.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i);
        Some(start + within)
    }

    /// The text from one place up to (not including) another, trimmed.
    pub(crate) fn between(&self, from: Pos, to: Pos) -> Option<String> {
        let (a, b) = (self.offset(from)?, self.offset(to)?);
        (a < b).then(|| self.text[a..b].trim().to_string())
    }

    /// The quoted text a `switch` arm matches, written just before the arm's `=>` whose
    /// body starts at `body`, with the place of its opening quote; `None` when the arm
    /// is not one quoted text (a number, `_`, a condition after `if`).
    pub(crate) fn case_before(&self, body: Pos) -> Option<(String, Pos)> {
        let before = self.text[..self.offset(body)?].trim_end();
        let before = before.strip_suffix("=>")?.trim_end();
        let inner = before.strip_suffix('"')?;
        let open = inner.rfind('"')?;
        let words = &inner[open + 1..];
        if words.contains('\\') || inner[..open].ends_with('\\') {
            return None;
        }
        let line = self.text[..open].matches('\n').count() + 1;
        let column = self.text[self.starts[line - 1]..open].chars().count() + 1;
        Some((words.to_string(), Pos { line, column }))
    }

    /// The word (letters, digits, `_`) at `pos`, or nothing.
    pub(crate) fn word_at(&self, pos: Pos) -> &'a str {
        let Some(offset) = self.offset(pos) else {
            return "";
        };
        let rest = &self.text[offset..];
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        &rest[..end]
    }

    /// How many characters the token at `pos` takes: a quoted string with its quotes, a
    /// name, or one character.
    pub(crate) fn token_len(&self, pos: Pos) -> usize {
        let Some(offset) = self.offset(pos) else {
            return 1;
        };
        let rest = &self.text[offset..];
        let mut chars = rest.chars();
        match chars.next() {
            Some(q @ ('"' | '`')) => {
                let mut len = 1;
                let mut escaped = false;
                for c in chars {
                    len += 1;
                    if c == '\n' {
                        return len - 1;
                    }
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == q {
                        return len;
                    }
                }
                len
            }
            // A name, with the module path it may go on with (`w::closing` is one name).
            Some(c) if c.is_alphanumeric() || c == '_' => {
                // The bytes of the name `s` starts with.
                let word = |s: &str| {
                    s.find(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .unwrap_or(s.len())
                };
                let mut len = word(rest);
                while let Some(next) = rest[len..].strip_prefix("::")
                    && word(next) > 0
                {
                    len += 2 + word(next);
                }
                rest[..len].chars().count()
            }
            _ => 1,
        }
    }
}
