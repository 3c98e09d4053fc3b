//! Imports (K0022), followed without running anything, by the very gathering that loads
//! a guide (`runtime::modules::gather`): every `import "name"` of the guide, and through
//! it every import of its modules, is resolved as loading resolves it (a journal's
//! modules, those bundled in the guide, then `name.rhai` in the guide's own folder) and
//! parsed. A module that is missing or does not parse (named with its own file, line and
//! column), or a chain of modules that leads back to one of its own, is reported at the
//! guide's `import` that leads to it. An import whose name is computed when it runs
//! finds no module (none is gathered for it), and is reported where it is written.

use super::report::Report;
use crate::code::Code;
use crate::guide::Source;
use crate::runtime::bundle;
use crate::runtime::modules::{self, Modules, Shelf};
use crate::runtime::sandbox::{self, Limits};
use crate::syntax::imports::{computed, unseen_at_the_top};
use rhai::AST;
use std::collections::{BTreeMap, BTreeSet};

/// Reports each of the guide's (or module's, `module`) imports that cannot work (K0022),
/// and gives back the modules gathered, with their files and those bundled in `source`.
pub(super) fn imports(
    source: &Source,
    ast: &AST,
    limits: &Limits,
    module: bool,
    out: &mut Report,
) -> Imported {
    let file = if module { "module" } else { "guide" };
    // A damaged bundle is reported when loading fails on it.
    let bundled = bundle::bundled(&source.text).unwrap_or_default();
    let shelf = Shelf {
        guide: &source.name,
        known: &source.modules,
        bundled,
        folder: source.folder.as_deref(),
    };
    let mut gathered = modules::gather(&sandbox::engine(limits), ast, &shelf);
    for at in computed(ast) {
        out.push(
            Code::Import,
            at,
            "import with a name computed when it runs: a guide's modules are gathered when it loads, by the names written in quotes, so this import finds none",
            "a computed name",
        )
        .help("name the module in quotes: `import \"texts\" as t;` reads texts.rhai beside the guide");
    }
    for (alias, at) in unseen_at_the_top(ast) {
        out.push(
            Code::Import,
            at,
            format!("import at the top of the {file}: its steps and functions do not see it, so `{alias}::...` in them finds no module when it runs"),
            "imported at the top",
        )
        .help(if module {
            format!("move this import into each function that uses `{alias}::` (a module's functions see only what they import themselves)")
        } else {
            format!("move this import into each step that uses `{alias}::` (steps and functions see only what they import themselves)")
        });
    }
    for trouble in std::mem::take(&mut gathered.troubles) {
        let (message, label, help) = trouble.describe(source.folder.is_some());
        out.push(Code::Import, trouble.at, message, label)
            .help(help);
    }
    // A module a journal kept is read before one bundled of the same name.
    let bundled = gathered
        .modules
        .keys()
        .filter(|name| shelf.bundled.contains_key(*name) && !source.modules.contains_key(*name))
        .cloned()
        .collect();
    Imported {
        modules: gathered.modules,
        files: gathered.files,
        bundled,
    }
}

/// The modules a guide imports, as `check` found them.
pub(super) struct Imported {
    /// Each module's text, by name.
    pub(super) modules: Modules,
    /// Each module's file, as messages name it.
    pub(super) files: BTreeMap<String, String>,
    /// The modules read from the guide's own text (`kintsugi bundle`).
    pub(super) bundled: BTreeSet<String>,
}
