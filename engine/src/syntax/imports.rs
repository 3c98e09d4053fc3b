//! The modules a script imports by name (`import "texts" as t;`), wherever the import
//! is written: at the top, in a step, in a function. Loading a guide gathers its modules
//! with this, and `check` follows them with the same gathering: one reading of imports.

use super::text::Pos;
use rhai::{AST, ASTNode, Expr, Stmt};

/// Every import written with a literal name, with its place, in source order (a name
/// imported twice is listed twice). An import whose name is computed
/// (`import "te" + "xts"`) names no module here: see [`computed`].
pub(crate) fn imports(ast: &AST) -> Vec<(String, Pos)> {
    let mut found: Vec<(String, Pos)> = every(ast)
        .into_iter()
        .filter_map(|(name, at)| Some((name?, at)))
        .collect();
    found.sort_by_key(|(_, at)| *at);
    found
}

/// The places of the imports whose name is computed when they run: no module is
/// gathered for them, so they find none.
pub(crate) fn computed(ast: &AST) -> Vec<Pos> {
    every(ast)
        .into_iter()
        .filter_map(|(name, at)| name.is_none().then_some(at))
        .collect()
}

/// The imports written at the top of a script whose alias a function or a closure (a
/// step) uses (`h::closing(...)`): the top level runs once, when the guide loads, and
/// what it imports is not seen inside a step or a function, so each such use fails when
/// it runs. Each with its alias and place.
pub(crate) fn unseen_at_the_top(ast: &AST) -> Vec<(String, Pos)> {
    let top: Vec<(String, Pos)> = ast
        .statements()
        .iter()
        .filter_map(|stmt| match stmt {
            Stmt::Import(import, at) => Some((
                import.1.name.to_string(),
                Pos::or(*at, Pos { line: 1, column: 1 }),
            )),
            _ => None,
        })
        .collect();
    if top.is_empty() {
        return top;
    }
    let mut used = std::collections::HashSet::new();
    ast.clone_functions_only().walk(&mut |path: &[ASTNode]| {
        if let Some(ASTNode::Expr(Expr::FnCall(call, _))) = path.last()
            && !call.namespace.is_empty()
        {
            used.insert(call.namespace.root().to_string());
        }
        true
    });
    top.into_iter()
        .filter(|(alias, _)| used.contains(alias))
        .collect()
}

/// Every import: its literal name (if it has one) and its place.
fn every(ast: &AST) -> Vec<(Option<String>, Pos)> {
    let mut found = Vec::new();
    ast.walk(&mut |path: &[ASTNode]| {
        if let Some(ASTNode::Stmt(Stmt::Import(import, at))) = path.last() {
            let name = match &import.0 {
                Expr::StringConstant(name, _) => Some(name.to_string()),
                _ => None,
            };
            found.push((name, Pos::or(*at, Pos { line: 1, column: 1 })));
        }
        true
    });
    found
}
