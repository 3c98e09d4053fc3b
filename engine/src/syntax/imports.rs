//! The modules a script imports by name (`import "texts" as t;`), wherever the import
//! is written: at the top, in a step, in a function.

use rhai::{AST, ASTNode, Expr, Stmt};

/// The names the script imports, each once, in the order first written. An import
/// whose name is computed (`import "te" + "xts"`) names no module here.
pub(crate) fn imports(ast: &AST) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    ast.walk(&mut |path: &[ASTNode]| {
        if let Some(ASTNode::Stmt(Stmt::Import(import, _))) = path.last()
            && let Expr::StringConstant(name, _) = &import.0
            && !names.iter().any(|n| n == name.as_str())
        {
            names.push(name.to_string());
        }
        true
    });
    names
}
