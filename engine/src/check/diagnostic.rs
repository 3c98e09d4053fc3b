//! [`Diagnostic`]: one problem found in a guide, with its code, place and how to fix it;
//! and the diagnostic for a guide that does not load.

use crate::code::{Code, Severity};
use crate::error::{Error, ErrorKind, Location};
use crate::guide::Source;
use crate::syntax::text::{Pos, Text};
use std::fmt;

/// Another place a diagnostic points at, such as the first of two steps with one name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// Where it is.
    pub location: Location,
    /// How many characters to underline there.
    pub length: usize,
    /// A few words shown there.
    pub label: String,
}

/// One problem found in a guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// What kind of problem it is.
    pub code: Code,
    /// How bad it is (always the code's severity).
    pub severity: Severity,
    /// What is wrong, in a sentence.
    pub message: String,
    /// Where it is.
    pub location: Location,
    /// How many characters to underline at the location (at least one).
    pub length: usize,
    /// A few words shown at the underline.
    pub label: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The step it is in, when there is one.
    pub step: Option<String>,
    /// Other places it points at.
    pub related: Vec<Related>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}[{}]: {}",
            self.location, self.severity, self.code, self.message
        )
    }
}

impl Diagnostic {
    /// A diagnostic for an error from [`Guide::load`](crate::guide::Guide::load): a syntax error, a declaration
    /// that does not hold, or a failure of the guide's top level.
    pub fn from_load_error(error: &Error, source: &Source) -> Diagnostic {
        let code = load_error_code(error);
        let location = error.location.clone().unwrap_or_else(|| Location {
            file: source.name.clone(),
            line: 1,
            column: 1,
        });
        let text = Text::new(&source.text);
        let length = text.token_len(Pos {
            line: location.line,
            column: location.column,
        });
        let help = match code {
            Code::Syntax => "fix this first: the rest of the guide is checked once it can be read",
            Code::Declaration | Code::Title | Code::Roles | Code::Start => {
                "a guide starts with guide(#{ title: \"...\", roles: #{ first: \"...\", second: \"...\" }, start: \"...\" }), then its steps"
            }
            Code::DuplicateStep => "step names must be unique: rename one of them",
            Code::UnknownName => {
                "a name is a role, both, each, or a variable defined with `let` before it is used"
            }
            Code::OutsideStep => "move it into a step(\"...\", || { ... })",
            _ => {
                "the top level of a guide runs when it loads, before any question; `kintsugi run` stops here too"
            }
        };
        Diagnostic {
            code,
            severity: code.severity(),
            message: error.message.clone(),
            location,
            length,
            label: "here".into(),
            help: Some(help.to_string()),
            step: error.step.clone(),
            related: Vec::new(),
        }
    }
}

/// Which code an error from loading a guide is: the one it carries, or else the one its
/// kind implies.
fn load_error_code(error: &Error) -> Code {
    error.code.unwrap_or(match error.kind {
        ErrorKind::Syntax => Code::Syntax,
        ErrorKind::Declaration => Code::Declaration,
        _ => Code::LoadFailed,
    })
}
