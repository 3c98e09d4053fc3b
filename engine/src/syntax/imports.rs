//! The modules a script imports by name (`import "texts" as t;`), wherever the import
//! is written: at the top, in a step, in a function. Loading a guide gathers its modules
//! with this, and `check` follows them with the same gathering: one reading of imports.

use super::text::Pos;
use rhai::{AST, ASTNode, Expr, Stmt};

/// Every import written with a literal name, with its place, in source order (a name
/// imported twice is listed twice). An import whose name is computed
/// (`import "te" + "xts"`) names no module here.
pub(crate) fn imports(ast: &AST) -> Vec<(String, Pos)> {
    let mut found = Vec::new();
    ast.walk(&mut |path: &[ASTNode]| {
        if let Some(ASTNode::Stmt(Stmt::Import(import, at))) = path.last()
            && let Expr::StringConstant(name, _) = &import.0
        {
            found.push((name.to_string(), Pos::or(*at, Pos { line: 1, column: 1 })));
        }
        true
    });
    found.sort_by_key(|(_, at)| *at);
    found
}
