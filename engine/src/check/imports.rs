//! Imports (K0022), followed without running anything: every `import "name"` of the
//! guide, and through it every import of its modules, is resolved as a run resolves it
//! (`sandbox::read_module`: `name.rhai` in the guide's own folder) and parsed. A module
//! that is missing or does not parse, or a chain of modules that leads back to one of
//! its own (which a run stops with the same chain), is reported at the guide's `import`
//! that leads to it.

use super::report::Report;
use crate::code::Code;
use crate::guide::Source;
use crate::runtime::sandbox::{self, Limits, module_name};
use crate::syntax::text::Pos;
use rhai::{AST, ASTNode, Engine, Expr, Stmt};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The imports written in a script with a literal name, in source order.
fn imports_of(ast: &AST) -> Vec<(String, Pos)> {
    let mut found = Vec::new();
    ast.walk(&mut |path: &[ASTNode]| {
        if let Some(ASTNode::Stmt(Stmt::Import(x, at))) = path.last()
            && let Expr::StringConstant(name, _) = &x.0
            && let Some(at) = Pos::of(*at)
        {
            found.push((name.to_string(), at));
        }
        true
    });
    found.sort_by_key(|(_, at)| *at);
    found
}

/// One `import` on the way to a problem: the module it is written in, where, and the
/// module it reads.
struct Link {
    from: String,
    at: Pos,
    to: String,
}

impl Link {
    fn describe(&self) -> String {
        format!(
            "{} (line {}, column {}) imports {}",
            self.from, self.at.line, self.at.column, self.to
        )
    }
}

/// What stops an import from working, found along a chain of modules.
enum Problem {
    Missing { name: String },
    Broken { file: String, message: String },
    Circle(Vec<Link>),
}

struct Follow<'a> {
    folder: Option<&'a Path>,
    engine: Engine,
    /// Modules followed to the end with nothing wrong: a module imported by many is
    /// read once.
    clean: HashSet<PathBuf>,
}

impl Follow<'_> {
    /// Follows `import "name"` written at `at` in `from`, with `chain` the modules being
    /// resolved (outermost first) and `links` the imports that led there.
    fn follow(
        &mut self,
        name: &str,
        chain: &mut Vec<PathBuf>,
        links: &mut Vec<Link>,
    ) -> Option<Problem> {
        let Some((file, text)) = sandbox::read_module(self.folder, name) else {
            return Some(Problem::Missing {
                name: name.to_string(),
            });
        };
        if let Some(from) = chain.iter().position(|f| *f == file) {
            // The links from the first visit of this module on.
            let first = links.len() - (chain.len() - from);
            return Some(Problem::Circle(links.drain(first..).collect()));
        }
        if self.clean.contains(&file) {
            return None;
        }
        let ast = match self.engine.compile(&text) {
            Ok(ast) => ast,
            Err(e) => {
                let at = e.position();
                return Some(Problem::Broken {
                    file: module_name(&file),
                    message: format!(
                        "{} (line {}, column {})",
                        e.err_type(),
                        at.line().unwrap_or(1),
                        at.position().unwrap_or(1)
                    ),
                });
            }
        };
        chain.push(file.clone());
        for (next, at) in imports_of(&ast) {
            links.push(Link {
                from: module_name(&file),
                at,
                to: format!("{next}.rhai"),
            });
            if let Some(problem) = self.follow(&next, chain, links) {
                return Some(problem);
            }
            links.pop();
        }
        chain.pop();
        self.clean.insert(file);
        None
    }
}

/// Reports each of the guide's imports that cannot work (K0022).
pub(super) fn imports(source: &Source, ast: &AST, limits: &Limits, out: &mut Report) {
    let written = imports_of(ast);
    if written.is_empty() {
        return;
    }
    let mut follow = Follow {
        folder: source.folder.as_deref(),
        engine: sandbox::engine(limits),
        clean: HashSet::new(),
    };
    for (name, at) in written {
        let mut links = Vec::new();
        let Some(problem) = follow.follow(&name, &mut Vec::new(), &mut links) else {
            continue;
        };
        let via = if links.is_empty() {
            String::new()
        } else {
            let path: Vec<String> = links.iter().map(Link::describe).collect();
            format!(" (through {})", path.join(", "))
        };
        let (message, label, help) = match problem {
            Problem::Missing { name: missing } if source.folder.is_none() => (
                format!("import \"{missing}\"{via}: this guide is not read from a folder, so it can import no module"),
                "nothing to import from",
                "modules are read from the guide's own folder: run the guide from its file".to_string(),
            ),
            Problem::Missing { name: missing } => (
                format!("import \"{missing}\"{via}: there is no module {missing}.rhai in the guide's folder"),
                "no such module",
                "check the name: `import \"texts\"` reads texts.rhai beside the guide, and nothing outside its folder".to_string(),
            ),
            Problem::Broken { file, message } => (
                format!("import \"{name}\"{via}: the module {file} is not valid Rhai: {message}"),
                "a module that does not parse",
                format!("fix {file} where it says; `kintsugi check` of it shows the place"),
            ),
            Problem::Circle(circle) => {
                let path: Vec<String> = circle.iter().map(Link::describe).collect();
                (
                    format!(
                        "import \"{name}\"{via}: the modules import each other in a circle: {}",
                        path.join(", ")
                    ),
                    "leads back to itself",
                    "a module cannot import itself, even through others: move what both need into a third module that imports neither".to_string(),
                )
            }
        };
        out.push(Code::Import, at, message, label).help(help);
    }
}
