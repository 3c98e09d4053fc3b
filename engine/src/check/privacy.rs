//! A private answer shown to both before it is revealed, as far as the text tells (K0023):
//! a variable that holds a private answer (`let ready = choose(privately(hurt), ...)`,
//! or `recall("ready")` of a key remembered from one) written into `say`, `agree` or
//! `finish`, in a function that has not revealed it before. `explore` finds every other
//! way a private answer can show (a branch on it, what comes next); this is what can be
//! seen without running.

use super::context::Context;
use super::report::Report;
use crate::code::Code;
use crate::syntax::text::Pos;
use rhai::{AST, ASTNode, Expr, Module, Stmt};
use std::collections::HashMap;

/// The calls whose text both partners see.
const SHARED: [&str; 3] = ["say", "agree", "finish"];

pub(super) fn private_in_shared_text(_cx: &Context, ast: &AST, out: &mut Report) {
    let bodies = bodies(ast);
    // Keys remembered from a private answer, anywhere in the guide.
    let mut keys: HashMap<String, usize> = HashMap::new();
    for body in &bodies {
        let private = private_vars(body, &HashMap::new());
        for node in body {
            if let Some((name, args)) = call(node)
                && name == "remember"
                && let [Expr::StringConstant(key, _), value, ..] = args
                && let Some(asked) = variable(value).and_then(|v| private.get(v))
            {
                keys.insert(key.to_string(), *asked);
            }
        }
    }
    for body in &bodies {
        let mut private = private_vars(body, &keys);
        for node in body {
            let Some((name, args)) = call(node) else {
                continue;
            };
            if name == "reveal" {
                // Revealed from here on: shown to both on purpose.
                for arg in args {
                    each_variable(arg, &mut |v, _| {
                        private.remove(v);
                    });
                }
                continue;
            }
            if !SHARED.contains(&name) {
                continue;
            }
            let Some(text) = args.first() else { continue };
            each_variable(text, &mut |v, pos| {
                if let (Some(asked), Some(at)) = (private.get(v), Pos::of(pos)) {
                    out.push(
                        Code::PrivateShown,
                        at,
                        format!(
                            "`{v}` holds a private answer (asked at line {asked}), and {name}(...) shows it to both partners before it is revealed"
                        ),
                        "a private answer on the shared screen",
                    )
                    .help(
                        "reveal it first (reveal(\"label\", answers)), show it to its author alone with say_to(role, ...), or leave it out of the text",
                    );
                }
            });
        }
    }
}

/// Every function's and closure's statements and expressions, each body in source order.
fn bodies(ast: &AST) -> Vec<Vec<Node>> {
    let mut out = Vec::new();
    for (.., def) in ast.shared_lib().iter_script_fn_info() {
        let mut module = Module::new();
        module.set_script_fn(def.clone());
        let alone = AST::new(Vec::<Stmt>::new(), module);
        let mut nodes = Vec::new();
        alone.walk(&mut |path: &[ASTNode]| {
            match path.last() {
                Some(ASTNode::Stmt(s)) => nodes.push(Node::Stmt((*s).clone())),
                Some(ASTNode::Expr(e)) => nodes.push(Node::Expr((*e).clone())),
                _ => {}
            }
            true
        });
        out.push(nodes);
    }
    out
}

/// A statement or expression of a body.
enum Node {
    Stmt(Stmt),
    Expr(Expr),
}

/// The function called, and its arguments, when the node is a call.
fn call(node: &Node) -> Option<(&str, &[Expr])> {
    match node {
        Node::Expr(Expr::FnCall(call, _)) => Some((call.name.as_str(), &call.args[..])),
        Node::Stmt(Stmt::FnCall(call, _)) => Some((call.name.as_str(), &call.args[..])),
        _ => None,
    }
}

fn variable(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Variable(x, ..) if x.2.is_empty() => Some(x.1.as_str()),
        _ => None,
    }
}

/// Every variable an expression reads, with where.
fn each_variable(expr: &Expr, found: &mut dyn FnMut(&str, rhai::Position)) {
    match expr {
        Expr::Variable(x, _, pos) if x.2.is_empty() => found(x.1.as_str(), *pos),
        Expr::InterpolatedString(parts, _) | Expr::Array(parts, _) => {
            for part in parts.iter() {
                each_variable(part, found);
            }
        }
        Expr::Map(x, _) => {
            for (_, value) in x.0.iter() {
                each_variable(value, found);
            }
        }
        Expr::Dot(x, ..) | Expr::Index(x, ..) => each_variable(&x.lhs, found),
        // `${...}` in a text is a block of its own.
        Expr::Stmt(block) => {
            for stmt in block.statements() {
                if let Stmt::Expr(e) = stmt {
                    each_variable(e, found);
                }
            }
        }
        Expr::FnCall(call, _) if call.is_qualified() || call.args.len() <= 2 => {
            // `ready.to_lower()` or `ready + "."`: still the answer.
            for arg in call.args.iter() {
                each_variable(arg, found);
            }
        }
        _ => {}
    }
}

/// The variables of a body bound to a private answer (`let x = <private prompt>` or
/// `let x = recall(key)` of a private key), with the line the answer is asked at.
fn private_vars(body: &[Node], keys: &HashMap<String, usize>) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    for node in body {
        let Node::Stmt(Stmt::Var(x, _, pos)) = node else {
            continue;
        };
        let (name, value) = (&x.0.name, &x.1);
        let Expr::FnCall(call, at) = value else {
            continue;
        };
        let mut line = Pos::of(*at).or(Pos::of(*pos)).map_or(0, |p| p.line);
        let private = match call.name.as_str() {
            "ask" | "choose" | "scale" | "confirm" => {
                let privately = matches!(call.args.first(), Some(Expr::FnCall(who, _)) if who.name == "privately");
                let flagged = call.args.last().is_some_and(|last| match last {
                    Expr::Map(m, _) => m.0.iter().any(|(k, v)| {
                        k.name == "private" && matches!(v, Expr::BoolConstant(true, _))
                    }),
                    _ => false,
                });
                privately || flagged
            }
            "recall" => match call.args.first() {
                Some(Expr::StringConstant(k, _)) => {
                    keys.get(k.as_str()).map(|asked| line = *asked).is_some()
                }
                _ => false,
            },
            _ => false,
        };
        if private {
            out.insert(name.to_string(), line);
        }
    }
    out
}
