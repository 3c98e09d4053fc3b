//! Imports (K0022), followed without running anything, by the very gathering that loads
//! a guide (`runtime::modules::gather`): every `import "name"` of the guide, and through
//! it every import of its modules, is resolved as loading resolves it (a journal's
//! modules, those bundled in the guide, then `name.rhai` in the guide's own folder) and
//! parsed. A module that is missing or does not parse (named with its own file, line and
//! column), or a chain of modules that leads back to one of its own, is reported at the
//! guide's `import` that leads to it.

use super::report::Report;
use crate::code::Code;
use crate::guide::Source;
use crate::runtime::bundle;
use crate::runtime::modules::{self, Shelf};
use crate::runtime::sandbox::{self, Limits};
use rhai::AST;

/// Reports each of the guide's imports that cannot work (K0022).
pub(super) fn imports(source: &Source, ast: &AST, limits: &Limits, out: &mut Report) {
    // A damaged bundle is reported when loading fails on it.
    let bundled = bundle::bundled(&source.text).unwrap_or_default();
    let shelf = Shelf {
        guide: &source.name,
        known: &source.modules,
        bundled,
        folder: source.folder.as_deref(),
    };
    let gathered = modules::gather(&sandbox::engine(limits), ast, &shelf);
    for trouble in gathered.troubles {
        let (message, label, help) = trouble.describe(source.folder.is_some());
        out.push(Code::Import, trouble.at, message, label)
            .help(help);
    }
}
