//! [`Report`]: the diagnostics the rules write, one call to `push` each, then its help,
//! related places and step.

use super::diagnostic::{Diagnostic, Related};
use crate::code::Code;
use crate::error::Location;
use crate::syntax::text::{Pos, Text};

/// The diagnostics found so far in one guide.
pub(super) struct Report<'a> {
    file: &'a str,
    text: &'a Text<'a>,
    out: Vec<Diagnostic>,
}

impl<'a> Report<'a> {
    pub(super) fn new(file: &'a str, text: &'a Text<'a>) -> Report<'a> {
        Report {
            file,
            text,
            out: Vec::new(),
        }
    }

    /// What has been found so far.
    pub(super) fn diagnostics(&self) -> &[Diagnostic] {
        &self.out
    }

    pub(super) fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.out
    }

    fn location(&self, at: Pos) -> Location {
        Location {
            file: self.file.to_string(),
            line: at.line,
            column: at.column,
        }
    }

    pub(super) fn push(
        &mut self,
        code: Code,
        at: Pos,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> &mut Self {
        let length = self.text.token_len(at);
        self.out.push(Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            location: self.location(at),
            length,
            label: label.into(),
            help: None,
            step: None,
            related: Vec::new(),
        });
        self
    }

    fn last(&mut self) -> &mut Diagnostic {
        self.out.last_mut().expect("a diagnostic was just pushed")
    }

    pub(super) fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.last().help = Some(help.into());
        self
    }

    pub(super) fn related(&mut self, at: Pos, label: impl Into<String>) -> &mut Self {
        let related = Related {
            location: self.location(at),
            length: self.text.token_len(at),
            label: label.into(),
        };
        self.last().related.push(related);
        self
    }

    pub(super) fn in_step(&mut self, step: Option<&str>) -> &mut Self {
        self.last().step = step.map(str::to_string);
        self
    }
}
