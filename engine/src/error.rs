//! The engine's one error type: its kind, its code where one applies, where in the guide
//! it happened, and what caused it.

use crate::code::Code;
use std::fmt;
use std::sync::Arc;

/// Where in a guide's source something is: file, line and column (both 1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file, as the guide's [`Source`](crate::guide::Source) names it.
    pub file: String,
    /// The line, counted from 1.
    pub line: usize,
    /// The column in characters, counted from 1.
    pub column: usize,
}

impl Location {
    /// The last line Rhai counts: it keeps a line in 16 bits, so a place on any later
    /// line of a very long guide is reported on this one.
    pub const LAST_LINE: usize = u16::MAX as usize;

    /// Whether the place may be on a later line than [`Location::line`] says.
    pub fn past_last_line(&self) -> bool {
        self.line >= Location::LAST_LINE
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.past_last_line() {
            // Honest rather than precise: the line is not known.
            write!(
                f,
                "{}: line {} or later (lines past it are not counted), column {}",
                self.file, self.line, self.column
            )
        } else {
            write!(f, "{}:{}:{}", self.file, self.line, self.column)
        }
    }
}

/// What kind of thing went wrong; hosts match on it, never on the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The guide does not parse.
    Syntax,
    /// The guide parses but does not declare itself properly (title, roles, steps).
    Declaration,
    /// A step failed while running.
    Runtime,
    /// A step ran past a limit: too many operations, calls or moves without a prompt.
    Runaway,
    /// An import that is not allowed or not found.
    Import,
    /// An answer that does not fit the prompt it was given to.
    Answer,
    /// A scenario or journal that cannot be read.
    Input,
}

/// Which of the [`Limits`](crate::runtime::sandbox::Limits) a [`Runaway`](ErrorKind::Runaway) step
/// ran past.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Limit {
    /// Too many operations without asking anything: a loop that may never end.
    Operations,
    /// Functions calling each other too deeply.
    CallDepth,
    /// A string, list or map grown past its size limit.
    DataSize,
    /// Too many moves between steps without asking anything.
    Moves,
    /// Too many things said (or too much text) without asking anything: a loop that may
    /// never end.
    Said,
}

/// What went wrong: its kind, its [`Code`] where one applies, the place and the step,
/// and the error that caused it (as [`std::error::Error::source`]).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}{}{message}", At(location), InStep(step))]
pub struct Error {
    /// What kind of thing went wrong.
    pub kind: ErrorKind,
    /// The problem's code in `docs/checks.md`, where the problem has one.
    pub code: Option<Code>,
    /// The limit a runaway step ran past, for [`ErrorKind::Runaway`].
    pub limit: Option<Limit>,
    /// What went wrong, in words for the guide's author.
    pub message: String,
    /// Where in the guide it happened, when that is known.
    pub location: Option<Location>,
    /// The step that was running, when there was one.
    pub step: Option<String>,
    /// The error that caused this one (such as a JSON error in a journal line).
    source: Option<Arc<dyn std::error::Error + Send + Sync>>,
}

impl Error {
    /// An error of a kind, with its message and nothing else known yet.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            code: None,
            limit: None,
            message: message.into(),
            location: None,
            step: None,
            source: None,
        }
    }

    /// An error of a kind that is the problem `code` describes.
    pub fn coded(kind: ErrorKind, code: Code, message: impl Into<String>) -> Error {
        Error::new(kind, message).with_code(code)
    }

    /// The same error, with its problem's code.
    pub fn with_code(mut self, code: Code) -> Error {
        self.code = Some(code);
        self
    }

    /// The same error, naming the limit a runaway step ran past.
    pub fn with_limit(mut self, limit: Limit) -> Error {
        self.limit = Some(limit);
        self
    }

    /// The same error, with the error that caused it.
    pub fn caused_by(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Error {
        self.source = Some(Arc::new(source));
        self
    }

    pub(crate) fn at(mut self, location: Option<Location>) -> Error {
        self.location = location;
        self
    }

    pub(crate) fn in_step(mut self, step: &str) -> Error {
        self.step = Some(step.to_string());
        self
    }
}

/// Two errors are equal when they say the same; causes are compared by what they say.
impl PartialEq for Error {
    fn eq(&self, other: &Error) -> bool {
        let cause = |e: &Error| e.source.as_ref().map(|s| s.to_string());
        (
            self.kind,
            self.code,
            self.limit,
            &self.message,
            &self.location,
            &self.step,
        ) == (
            other.kind,
            other.code,
            other.limit,
            &other.message,
            &other.location,
            &other.step,
        ) && cause(self) == cause(other)
    }
}

impl Eq for Error {}

/// `file:line:column: ` before the message, when the place is known.
struct At<'a>(&'a Option<Location>);

impl fmt::Display for At<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(loc) => write!(f, "{loc}: "),
            None => Ok(()),
        }
    }
}

/// `in step "name": ` before the message, when a step was running.
struct InStep<'a>(&'a Option<String>);

impl fmt::Display for InStep<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(step) => write!(f, "in step \"{step}\": "),
            None => Ok(()),
        }
    }
}

/// A result whose error is the engine's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
