//! Syntax errors in the guide language's words: one table from Rhai's [`ParseErrorType`]
//! (and the text around the place it names) to what is wrong, where, and the fix.
//!
//! Rhai reports where its parser gave up, which is often not where the mistake is: a
//! missing `;` at the end of a line is reported at the start of the next, a missing `}`
//! where some later `)` finds the wrong bracket open. So the place is moved to the
//! mistake: the end of the line a `;` is missing from, the `(` or `{` never closed
//! (found by matching brackets, and by indentation when they match wrongly).

use super::compile::{skip_quoted, skip_raw};
use super::text::{Pos, Text};
use rhai::{LexError, ParseError, ParseErrorType};

/// A syntax error explained: what is wrong and how to fix it, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mistake {
    pub(crate) message: String,
    pub(crate) at: Pos,
}

/// Explains `err`, Rhai's error for `text`, in the guide language's words.
pub(crate) fn explain(text: &str, err: &ParseError) -> Mistake {
    let src = Source::new(text);
    let at = Pos::or(err.position(), Pos { line: 1, column: 1 });
    let offset = src.text.offset(at).unwrap_or(text.len());
    // A bracket that closes nothing, or the wrong one, explains most errors at it.
    if let Some(mistake) = src.bracket_at(offset) {
        return mistake;
    }
    let found = src.token_at(offset);
    let here = |message: String| Mistake { message, at };
    match err.err_type() {
        ParseErrorType::MissingToken(token, what) => src.missing(token, what, offset, at),
        ParseErrorType::UnexpectedEOF => src.unclosed(text.len()).unwrap_or_else(|| {
            here("the guide ends in the middle of a statement: finish it, or remove it".into())
        }),
        ParseErrorType::BadInput(lex) => src.bad_input(lex, offset, at),
        ParseErrorType::UnknownOperator(op) => here(match op.as_str() {
            "++" | "--" => format!(
                "`{op}` is not in the language: write `i {}= 1`",
                &op[..1]
            ),
            "$" => "`${...}` works only inside a backtick text: `` `Welcome, ${name}.` ``".into(),
            "?" => "there is no `a ? b : c` here: write `if a { b } else { c }`".into(),
            _ => format!("`{op}` is not an operator of the language: use `+ - * / %`, `== != < <= > >=`, `&& || !`"),
        }),
        ParseErrorType::MalformedIndexExpr(_) => here(
            "what is inside `[...]` cannot pick an item: a list takes a number (`items[0]`), a map a text (`answers[\"first\"]`)".into(),
        ),
        ParseErrorType::MalformedCapture(_) => here(
            "a function cannot capture this value this way: give it to the function as a value".into(),
        ),
        ParseErrorType::DuplicatedProperty(key) => here(format!(
            "this map names `{key}` twice: a key may appear once in a map; remove or rename one"
        )),
        ParseErrorType::DuplicatedVariable(name) => here(format!(
            "`{name}` is named twice here: give each value its own name"
        )),
        ParseErrorType::WrongSwitchIntegerCase => here(
            "in a `switch`, a single number cannot come after a range: put the numbers first".into(),
        ),
        ParseErrorType::WrongSwitchDefaultCase => here(
            "in a `switch`, `_ => ...` (every other value) must be the last arm: move it to the end".into(),
        ),
        ParseErrorType::WrongSwitchCaseCondition => here(
            "this `switch` arm cannot have an `if` condition: test it inside the arm instead".into(),
        ),
        ParseErrorType::PropertyExpected => here(if found.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            format!("`{found}` is not a number: a decimal number has one `.`, as in `2.5`")
        } else {
            "a name is missing after the `.`: write the member or method, as in `answer.len()`".into()
        }),
        ParseErrorType::VariableExpected => src.not_a_name(found, offset, at),
        ParseErrorType::ForbiddenVariable(name) => here(format!(
            "`{name}` cannot be a name here: choose another name"
        )),
        ParseErrorType::Reserved(word) => src.reserved(word, offset, at),
        ParseErrorType::MismatchedType(wanted, given) => here(format!(
            "{} is needed here, and this is {}",
            type_word(wanted),
            type_word(given)
        )),
        ParseErrorType::ExprExpected(what) => here(format!(
            "a {} is missing here: write the value, or remove what comes before it",
            match what.as_str() {
                "string" => "text in quotes",
                "boolean" => "yes/no value (true or false)",
                _ => "value",
            }
        )),
        ParseErrorType::WrongDocComment => here(
            "a `///` comment belongs just before a `fn`: write `//` for a plain comment".into(),
        ),
        ParseErrorType::WrongFnDefinition => here(
            "a function (`fn`) is written at the top of the file, not inside a step, a block or another function: move it out, after the steps".into(),
        ),
        ParseErrorType::FnDuplicatedDefinition(name, n) => here(format!(
            "there is already a `fn {name}` taking {n} value{}: rename one of them",
            if *n == 1 { "" } else { "s" }
        )),
        ParseErrorType::FnMissingName => {
            here("`fn` needs a name: `fn greeting(who) { ... }`".into())
        }
        ParseErrorType::FnMissingParams(name) => here(format!(
            "`fn {name}` needs its values in parentheses, even none: `fn {name}() {{ ... }}`"
        )),
        ParseErrorType::FnDuplicatedParam(name, param) => here(format!(
            "`fn {name}` names the value `{param}` twice: give each its own name"
        )),
        ParseErrorType::FnMissingBody(name) => here(if name.is_empty() {
            "a function needs its body in braces: `|| { ... }`".into()
        } else {
            format!("`fn {name}(...)` needs its body in braces: `fn {name}(...) {{ ... }}`")
        }),
        ParseErrorType::WrongExport => here(
            "`export` is written at the top of a module only, not inside a block or a function".into(),
        ),
        ParseErrorType::AssignmentToConstant(name) if name.is_empty() => here(
            "this cannot be given a value: to compare, write `==`".into(),
        ),
        ParseErrorType::AssignmentToConstant(name) => here(format!(
            "`{name}` is a constant (`const`) and cannot change: declare it with `let` if it changes"
        )),
        ParseErrorType::AssignmentToInvalidLHS(_) => here(
            "only a name, a map's member or a list's item can be given a value with `=`: to compare, write `==`".into(),
        ),
        ParseErrorType::VariableExists(name) => here(format!(
            "`{name}` is already declared: give the new value another name, or drop the `let`"
        )),
        ParseErrorType::VariableUndefined(name) => here(format!(
            "unknown name `{name}`: declare it with `let` before using it"
        )),
        ParseErrorType::ModuleUndefined(name) => here(format!(
            "no module is imported as `{name}`: `import \"{name}\" as {name};` first"
        )),
        ParseErrorType::ExprTooDeep => here(
            "this is nested too deeply: split it into steps with `let`, or close the brackets sooner".into(),
        ),
        ParseErrorType::TooManyFunctions => {
            here("the guide has more functions than a guide may have: join some of them".into())
        }
        ParseErrorType::LiteralTooLarge(what, max) => here(format!(
            "{} is longer than a guide may hold ({max}): split it",
            if what.to_lowercase().contains("string") {
                "this text"
            } else {
                "this value"
            }
        )),
        ParseErrorType::LoopBreak => here(
            "`break` and `continue` work only inside a loop: to leave a step, use next(\"...\") or finish(...)".into(),
        ),
        _ => here(format!(
            "the guide cannot be read from here{}: check for a missing `;`, `)` or `}}` just before",
            if found.is_empty() {
                String::new()
            } else {
                format!(" (at `{}`)", shown(found))
            }
        )),
    }
}

/// Rhai's name of a type, in the guide language's words.
fn type_word(rust: &str) -> &str {
    match rust {
        "&str" | "string" | "String" | "ImmutableString" | "a string" => "a text",
        "i64" | "int" | "INT" | "a number" => "a number",
        "f64" | "a floating-point number" => "a decimal number",
        "char" | "a character" => "a character",
        "bool" | "boolean" | "a boolean" => "yes/no (true or false)",
        "a boolean expression" => "a yes/no condition (true or false)",
        "an iterable value" => "a list (or a range such as `0..3`) to go through",
        "array" | "Array" | "an array" => "a list",
        "map" | "Map" | "an object map" => "a map",
        "()" | "unit" => "nothing",
        _ => "a value of another kind",
    }
}

/// `token` with its article: "a `;`", "an `in`".
fn a(token: &str) -> String {
    let article = if token.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} `{token}`")
}

/// A token as a message quotes it: long texts cut short.
fn shown(token: &str) -> String {
    match token.char_indices().nth(24) {
        Some((i, _)) => format!("{}...", &token[..i]),
        None => token.to_string(),
    }
}

/// Curly quotes and their kin that word processors put in place of straight ones.
const CURLY: &[char] = &['“', '”', '„', '‟', '«', '»', '‘', '’', '‚', '‛', '″', '′'];

/// Words from other languages, and what this one writes instead.
const OTHER_WORDS: &[(&str, &str)] = &[
    ("elif", "write `else if`"),
    ("elsif", "write `else if`"),
    ("elseif", "write `else if`"),
    ("then", "write `if condition { ... }`, with no `then`"),
    ("and", "write `&&` for \"and\""),
    ("or", "write `||` for \"or\""),
    ("not", "write `!` for \"not\", as in `if !ready { ... }`"),
    ("function", "write `fn name(...) { ... }`"),
    ("def", "write `fn name(...) { ... }`"),
    ("func", "write `fn name(...) { ... }`"),
    ("var", "write `let name = ...`"),
    ("end", "a block ends with `}`"),
];

/// Names to suggest in place of a word the language keeps.
const OTHER_NAMES: &[(&str, &str)] = &[
    ("private", "secret"),
    ("fn", "action"),
    ("let", "value"),
    ("this", "it"),
    ("default", "usual"),
    ("new", "fresh"),
    ("import", "incoming"),
    ("global", "everyone"),
    ("Fn", "action"),
];

struct Source<'a> {
    raw: &'a str,
    text: Text<'a>,
}

/// A bracket that closes nothing or the wrong one, as the scan meets it.
struct Bad {
    close: usize,
    /// The bracket open when it came, if any.
    open: Option<(char, usize)>,
}

/// Brackets of a text, matched up to a place, outside texts and comments.
#[derive(Default)]
struct Brackets {
    /// Still open: the bracket (`$` for a `${` in a backtick text) and its offset.
    open: Vec<(char, usize)>,
    /// Matched pairs: open and close offsets.
    pairs: Vec<(usize, usize)>,
    /// The first bracket that closes nothing or the wrong one, where scanning stopped.
    bad: Option<Bad>,
}

fn closer_of(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        _ => '}',
    }
}

impl<'a> Source<'a> {
    fn new(raw: &'a str) -> Source<'a> {
        Source {
            raw,
            text: Text::new(raw),
        }
    }

    fn pos(&self, offset: usize) -> Pos {
        let before = &self.raw[..offset.min(self.raw.len())];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Pos {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    }

    /// The token at `offset`: a word, or one character.
    fn token_at(&self, offset: usize) -> &'a str {
        let rest = &self.raw[offset.min(self.raw.len())..];
        if rest.starts_with(['"', '`']) {
            let len = self.text.token_len(self.pos(offset));
            return &rest[..rest.char_indices().nth(len).map_or(rest.len(), |(i, _)| i)];
        }
        let word = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(rest.len());
        if word > 0 {
            return &rest[..word];
        }
        rest.chars().next().map_or("", |c| &rest[..c.len_utf8()])
    }

    /// The word just before `offset` on its line (spaces skipped), or nothing.
    fn word_before(&self, offset: usize) -> &'a str {
        let before = self.raw[..offset.min(self.raw.len())].trim_end_matches([' ', '\t']);
        let start = before
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
            .map_or(0, |i| {
                i + before[i..].chars().next().map_or(1, char::len_utf8)
            });
        &before[start..]
    }

    /// The end of the code before `offset`, skipping spaces, line breaks and `//`
    /// comments: the offset just after its last character.
    fn code_end_before(&self, offset: usize) -> usize {
        let mut end = offset.min(self.raw.len());
        loop {
            let before = &self.raw[..end];
            let trimmed = before.trim_end();
            let line_start = trimmed.rfind('\n').map_or(0, |i| i + 1);
            match comment_start(&trimmed[line_start..]) {
                Some(c) if c > 0 || line_start > 0 => end = line_start + c,
                _ => return trimmed.len(),
            }
        }
    }

    /// Brackets matched from the start up to `until`.
    fn brackets(&self, until: usize) -> Brackets {
        let b = self.raw.as_bytes();
        let until = until.min(b.len());
        let mut out = Brackets::default();
        let mut i = 0;
        let mut in_text = false; // inside a backtick text
        while i < until {
            if in_text {
                match b[i] {
                    b'\\' => i += 1,
                    b'`' => in_text = false,
                    b'$' if b.get(i + 1) == Some(&b'{') => {
                        out.open.push(('$', i));
                        in_text = false;
                        i += 1;
                    }
                    _ => {}
                }
                i += 1;
                continue;
            }
            match b[i] {
                b'/' if b.get(i + 1) == Some(&b'/') => {
                    while i < b.len() && b[i] != b'\n' {
                        i += 1;
                    }
                }
                b'/' if b.get(i + 1) == Some(&b'*') => {
                    i = self.raw[i + 2..]
                        .find("*/")
                        .map_or(b.len(), |e| i + 2 + e + 1);
                }
                b'"' | b'\'' => i = skip_quoted(b, i),
                b'#' if matches!(b.get(i + 1), Some(b'#' | b'"')) => i = skip_raw(b, i),
                b'`' => in_text = true,
                c @ (b'(' | b'[' | b'{') => out.open.push((c as char, i)),
                c @ (b')' | b']' | b'}') => match out.open.last() {
                    Some(&('$', start)) if c == b'}' => {
                        out.open.pop();
                        out.pairs.push((start, i));
                        in_text = true;
                    }
                    Some(&(open, start)) if closer_of(open) == c as char => {
                        out.open.pop();
                        out.pairs.push((start, i));
                    }
                    last => {
                        out.bad = Some(Bad {
                            close: i,
                            open: last.copied(),
                        });
                        return out;
                    }
                },
                _ => {}
            }
            i += 1;
        }
        out
    }

    /// How far the line holding `offset` is indented.
    fn indent_of(&self, offset: usize) -> usize {
        let start = self.raw[..offset].rfind('\n').map_or(0, |i| i + 1);
        self.raw[start..]
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .count()
    }

    /// Whether the bracket at `offset` is the first thing on its line.
    fn first_on_line(&self, offset: usize) -> bool {
        let start = self.raw[..offset].rfind('\n').map_or(0, |i| i + 1);
        self.raw[start..offset].trim().is_empty()
    }

    /// The `{` that most likely lacks its `}`: the last one closed by a `}` that starts
    /// a line indented differently from the line it opened on.
    fn misclosed(&self, brackets: &Brackets) -> Option<usize> {
        // Only inside the innermost bracket still open: the others closed as they should.
        let inside = brackets.open.last().map_or(0, |&(_, start)| start);
        brackets
            .pairs
            .iter()
            .filter(|&&(open, close)| {
                open > inside
                    && self.raw[open..].starts_with('{')
                    && self.first_on_line(close)
                    && self.indent_of(close) < self.indent_of(open)
            })
            .map(|&(open, _)| open)
            .max()
    }

    /// A bracket at `offset` that closes nothing or the wrong one, explained.
    fn bracket_at(&self, offset: usize) -> Option<Mistake> {
        let brackets = self.brackets(self.raw.len());
        let bad = brackets.bad.as_ref().filter(|b| b.close == offset)?;
        let closer = self.raw[bad.close..].chars().next()?;
        let at = self.pos(bad.close);
        if let Some(open) = self.misclosed(&brackets) {
            return Some(self.never_closed(open, Some(bad.close)));
        }
        Some(match bad.open {
            None => Mistake {
                message: format!(
                    "one `{closer}` too many: every bracket before it is already closed; remove it"
                ),
                at,
            },
            Some(('$', start)) => Mistake {
                message: format!(
                    "this `{closer}` comes inside the `${{...}}` opened at line {}, column {}, which closes with `}}`",
                    self.pos(start).line,
                    self.pos(start).column
                ),
                at,
            },
            Some((open, start)) => {
                let opened = self.pos(start);
                Mistake {
                    message: format!(
                        "this `{closer}` comes while the `{open}` opened at line {}, column {} is still open: a `{}` is missing before it, or this `{closer}` is one too many",
                        opened.line,
                        opened.column,
                        closer_of(open)
                    ),
                    at,
                }
            }
        })
    }

    /// A `{`, `(` or `[` at `open` that is never closed; `instead` is the bracket met
    /// in place of its closer, if any.
    fn never_closed(&self, open: usize, instead: Option<usize>) -> Mistake {
        let bracket = self.raw[open..].chars().next().unwrap_or('{');
        let opened = self.pos(open);
        let line = self.raw[..open]
            .rsplit('\n')
            .next()
            .unwrap_or("")
            .to_string()
            + self.raw[open..].split('\n').next().unwrap_or("");
        let closer = closer_of(bracket);
        let message = match (bracket, instead) {
            ('{', Some(instead)) => format!(
                "a `}}` is missing: the `{{` opened on line {} (`{}`) is never closed (the `}}` on line {} closes it instead); add a `}}` where that block ends",
                opened.line,
                line.trim(),
                self.brackets(instead)
                    .pairs
                    .iter()
                    .find(|p| p.0 == open)
                    .map_or(self.pos(instead).line, |p| self.pos(p.1).line),
            ),
            ('{', None) => format!(
                "a `}}` is missing: the `{{` opened on line {} (`{}`) is never closed; add a `}}` where its block ends",
                opened.line,
                line.trim()
            ),
            (_, _) => format!(
                "a `{closer}` is missing: the `{bracket}` opened at line {}, column {} is never closed; add `{closer}` where it ends",
                opened.line, opened.column
            ),
        };
        Mistake {
            message,
            at: opened,
        }
    }

    /// The bracket left open at `until` that explains an error there, if any.
    fn unclosed(&self, until: usize) -> Option<Mistake> {
        let brackets = self.brackets(until);
        if let Some(open) = self.misclosed(&brackets) {
            return Some(self.never_closed(open, None));
        }
        let &(open, start) = brackets.open.last()?;
        if open == '$' {
            let at = self.pos(start);
            return Some(Mistake {
                message: "this `${` in a backtick text has no `}`: close it, as in `${name}`"
                    .into(),
                at,
            });
        }
        if open == '{' {
            return Some(self.never_closed(start, None));
        }
        // A `(` or `[` closes where the code before the error ends.
        let end = self.code_end_before(until);
        let opened = self.pos(start);
        let call = self.word_before(start);
        let what = if open == '(' && !call.is_empty() {
            format!("the `(` of `{call}(`")
        } else {
            format!("the `{open}`")
        };
        let next = self.token_at(until);
        let place = if self.pos(end).line < self.pos(until).line {
            format!("at the end of line {}", self.pos(end).line)
        } else if next.is_empty() {
            "at the end of the guide".to_string()
        } else {
            format!("before `{next}`")
        };
        Some(Mistake {
            message: format!(
                "a `{}` is missing {place}: {what} at line {}, column {} is never closed",
                closer_of(open),
                opened.line,
                opened.column
            ),
            at: self.pos(end),
        })
    }

    /// A `token` Rhai expected at `offset` (`at`) and did not find.
    fn missing(&self, token: &str, what: &str, offset: usize, at: Pos) -> Mistake {
        let token_found = self.token_at(offset);
        let before = self.word_before(offset);
        if let Some(mistake) = self.other_language(before, offset) {
            return mistake;
        }
        if let Some(mistake) = self.other_language(token_found, offset + token_found.len()) {
            return mistake;
        }
        let found = shown(token_found);
        match token {
            ";" if found == ":" => Mistake {
                message: "a map is written `#{ key: value }`: the `#` before `{` is missing".into(),
                at,
            },
            ";" => {
                let end = self.code_end_before(offset);
                let last = self.pos(end);
                if last.line < at.line {
                    Mistake {
                        message: format!(
                            "a `;` is missing at the end of line {}: each statement ends with `;` (only the last one before a `}}` may go without)",
                            last.line
                        ),
                        at: last,
                    }
                } else {
                    Mistake {
                        message: format!(
                            "a `;` is missing before `{found}`: two statements follow each other with nothing between them; end the first with `;`"
                        ),
                        at: last,
                    }
                }
            }
            ")" | "]" | "}" => self.unclosed(offset).unwrap_or_else(|| Mistake {
                message: format!("{} is needed here, before `{found}`", a(token)),
                at,
            }),
            "," if matches!(found.as_str(), ";" | "}" | "")
                || self.pos(self.code_end_before(offset)).line < at.line =>
            {
                self.unclosed(offset).unwrap_or_else(|| Mistake {
                    message: format!("a `,` is needed here, before `{found}`"),
                    at,
                })
            }
            "," => {
                let between = if what.contains("array") {
                    "the items of a list"
                } else if what.contains("map") {
                    "the members of a map"
                } else if what.contains("parameters") {
                    "the values a function takes"
                } else if let Some(call) = what.split('\'').nth(1) {
                    return Mistake {
                        message: format!(
                            "a `,` is missing before `{found}`: the values given to `{call}(...)` are separated by commas, and a text is joined to another with `+`"
                        ),
                        at: self.pos(self.code_end_before(offset)),
                    };
                } else {
                    "the items"
                };
                Mistake {
                    message: format!(
                        "a `,` is missing before `{found}`: commas separate {between}"
                    ),
                    at: self.pos(self.code_end_before(offset)),
                }
            }
            "{" => Mistake {
                message: if found == ":" {
                    "a block is written in braces, not after `:`: `if ready { ... }`".into()
                } else {
                    format!(
                        "a `{{` is needed here, before `{found}`: after `if`, `else`, `while`, `for` and `loop` comes a block in braces, as in `if ready {{ ... }} else {{ ... }}`"
                    )
                },
                at,
            },
            _ => Mistake {
                message: format!("{} is needed here, before `{found}`", a(token)),
                at,
            },
        }
    }

    /// A word of another programming language at or before `offset`, explained.
    fn other_language(&self, word: &str, offset: usize) -> Option<Mistake> {
        let (_, fix) = OTHER_WORDS.iter().find(|(w, _)| *w == word)?;
        let mut end = offset.min(self.raw.len());
        while !self.raw.is_char_boundary(end) {
            end -= 1;
        }
        let start = self.raw[..end].rfind(word)?;
        Some(Mistake {
            message: format!("`{word}` is not a word of the language: {fix}"),
            at: self.pos(start),
        })
    }

    /// Rhai's lexer met something it cannot read.
    fn bad_input(&self, lex: &LexError, offset: usize, at: Pos) -> Mistake {
        let here = |message: String| Mistake { message, at };
        match lex {
            LexError::UnexpectedInput(s) if s.chars().any(|c| CURLY.contains(&c)) => here(
                "curly quotes are not quotes here: type straight quotes \"...\" (word processors change them)".into(),
            ),
            LexError::UnexpectedInput(s) if matches!(s.as_str(), "—" | "–" | "−") => here(
                format!("`{s}` is a dash, not a minus: type `-`, or put the dash inside a text in quotes"),
            ),
            LexError::UnexpectedInput(s) if s == ">" && self.raw[..offset].ends_with('<') => {
                here("`<>` is not an operator: write `!=` for \"is not\"".into())
            }
            LexError::UnexpectedInput(s) if matches!(s.as_str(), ";" | ",") => {
                self.unclosed(offset)
                    .filter(|m| m.at.line == at.line)
                    .unwrap_or_else(|| {
                        here(format!(
                            "a value is missing before this `{s}`: write it, or remove what asks for it"
                        ))
                    })
            }
            LexError::UnexpectedInput(s) if matches!(s.as_str(), ")" | "]" | "}") => here(format!(
                "a value is missing before this `{s}`: write it, or remove the brackets around nothing"
            )),
            LexError::UnexpectedInput(s) => here(format!(
                "`{s}` cannot be here: outside quotes a guide is written with letters, digits and `( ) [ ] {{ }} , ; . : + - * / % = ! < > & |`; put it inside a text in quotes"
            )),
            LexError::UnterminatedString => {
                let quote = self.raw[offset.min(self.raw.len())..].chars().next();
                here(match quote {
                    Some('`') => "this backtick text has no closing backtick: close it with `".into(),
                    Some('"') => "this text has no closing `\"` on its line: close it; for a text on several lines use backticks `...`".into(),
                    _ => "this `${` in a backtick text has no `}`, or the text no closing backtick".into(),
                })
            }
            LexError::StringTooLong(max) => here(format!(
                "this text is longer than a guide may hold ({max} characters): split it"
            )),
            LexError::MalformedEscapeSequence(s) => here(format!(
                "`{s}` is not an escape: in a text, `\\n` is a new line, `\\\"` a quote, `\\\\` a backslash"
            )),
            LexError::MalformedNumber(s) => here(format!("`{s}` is not a number")),
            LexError::MalformedChar(s) => here(format!(
                "'{s}' is in single quotes, which hold one character: write a text in double quotes, \"{s}\""
            )),
            LexError::MalformedIdentifier(s) => here(format!(
                "`{s}` is not a name: a name is letters, digits and `_`, starting with a letter"
            )),
            LexError::ImproperSymbol(s, _) if s == "=" => here(
                "`=` gives a name a value: to compare, write `==`".into(),
            ),
            LexError::ImproperSymbol(s, _) => here(format!("`{s}` cannot be used here")),
            LexError::Runtime(message) => here(message.clone()),
            _ => here("this cannot be read here".into()),
        }
    }

    /// `let`, `for`, `fn` or `catch` without a name where it needs one.
    fn not_a_name(&self, found: &str, offset: usize, at: Pos) -> Mistake {
        if !found.is_empty() && is_kept_word(found) {
            return self.kept_word_as_name(found, at);
        }
        let _ = offset;
        Mistake {
            message: "a name is needed here: `let answer = ...`, `for item in items { ... }`, `fn greet(who) { ... }`".into(),
            at,
        }
    }

    fn kept_word_as_name(&self, word: &str, at: Pos) -> Mistake {
        let other = OTHER_NAMES
            .iter()
            .find(|(w, _)| *w == word)
            .map_or_else(|| format!("my_{word}"), |(_, n)| (*n).to_string());
        Mistake {
            message: format!(
                "`{word}` is a word of the language, choose another name such as `{other}`"
            ),
            at,
        }
    }

    /// A word or symbol the language keeps for itself.
    fn reserved(&self, word: &str, offset: usize, at: Pos) -> Mistake {
        let before = self.word_before(offset);
        let names = matches!(before, "let" | "const" | "for" | "fn" | "catch")
            || self.raw[..offset].trim_end().ends_with([',', '(', '|']);
        if !names && let Some(mistake) = self.other_language(word, offset + word.len()) {
            return mistake;
        }
        match word {
            "$" => Mistake {
                message: "`${...}` works only inside a backtick text: `` `Welcome, ${name}.` ``"
                    .into(),
                at,
            },
            "#" => Mistake {
                message: "`#` starts a map only as `#{ key: value }`".into(),
                at,
            },
            _ if names && rhai::is_valid_identifier(word) => self.kept_word_as_name(word, at),
            _ if rhai::is_valid_identifier(word) => Mistake {
                message: format!(
                    "`{word}` is a word the language keeps for itself: choose another word"
                ),
                at,
            },
            _ => Mistake {
                message: format!("`{word}` is not part of the language: remove it"),
                at,
            },
        }
    }
}

/// Whether `word` is one the language keeps (a keyword or a reserved word), so it cannot
/// be a name: asked of Rhai's own parser.
fn is_kept_word(word: &str) -> bool {
    word.chars().all(|c| c.is_alphanumeric() || c == '_')
        && rhai::Engine::new_raw()
            .compile(format!("let {word} = 1;"))
            .is_err()
}

/// Where a `//` comment starts in `line`, outside quotes.
fn comment_start(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' | b'\'' | b'`' => i = skip_quoted(b, i),
            b'/' if b.get(i + 1) == Some(&b'/') => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn explain_text(text: &str) -> Mistake {
        let err = rhai::Engine::new_raw().compile(text).unwrap_err();
        explain(text, &err)
    }

    #[test]
    fn comments_start_outside_quotes_only() {
        assert_eq!(comment_start(r#"say("a // b") // c"#), Some(14));
        assert_eq!(comment_start("say(`x`);"), None);
    }

    /// Every character of a shipped guide taken out in turn (a sample of them): each
    /// error is explained at a place inside the text, without a panic.
    #[test]
    fn any_mistake_is_explained_inside_the_text() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts");
        let engine = rhai::Engine::new_raw();
        let mut explained = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(97).collect();
            for cut in cuts {
                let mut broken = text.clone();
                broken.remove(cut);
                if let Err(err) = engine.compile(&broken) {
                    let m = explain(&broken, &err);
                    let lines = broken.lines().count().max(1);
                    assert!(m.at.line >= 1 && m.at.line <= lines + 1, "{m:?}");
                    assert!(!m.message.contains("Expecting"), "{m:?}");
                    explained += 1;
                }
            }
        }
        assert!(explained > 50, "{explained}");
    }

    #[test]
    fn a_missing_semicolon_is_at_the_end_of_its_line() {
        let m = explain_text("say(\"one\") // first\nsay(\"two\");");
        assert_eq!(
            m.at,
            Pos {
                line: 1,
                column: 11
            }
        );
        assert!(
            m.message
                .starts_with("a `;` is missing at the end of line 1"),
            "{m:?}"
        );
    }
}
