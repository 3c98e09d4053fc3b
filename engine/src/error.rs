//! The engine's one error type: a kind, a message, and where in the guide it happened.

use std::fmt;

/// Where in a guide's source something is: file, line and column (both 1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    pub location: Option<Location>,
    /// The step that was running, when there was one.
    pub step: Option<String>,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
            location: None,
            step: None,
        }
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

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = &self.location {
            write!(f, "{loc}: ")?;
        }
        if let Some(step) = &self.step {
            write!(f, "in step \"{step}\": ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;
