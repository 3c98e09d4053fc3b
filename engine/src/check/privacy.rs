//! A private answer shown to the other partner before it is revealed, as far as the text
//! tells (K0023): a variable that holds a private answer (`let ready =
//! choose(privately(hurt), ...)`, `recall("ready")` of a key remembered from one, or a
//! value computed from one: `let line = "Today: " + ready`) read by what the other
//! partner sees: the text of `say`, `agree` or `finish`, a `say_to` another partner, or a
//! question (its text, options or range) on the shared screen or another partner's
//! private one, in a function that has not revealed it before. `explore` finds every
//! other way a private answer can show (a branch on it, what comes next); this is what
//! can be seen without running.

use super::context::Context;
use super::report::Report;
use crate::code::Code;
use crate::syntax::text::Pos;
use rhai::{AST, ASTNode, Expr, Module, Stmt};
use std::collections::{HashMap, HashSet};

/// The calls whose text both partners see.
const SHARED: [&str; 3] = ["say", "agree", "finish"];

/// The calls that ask.
const PROMPTS: [&str; 5] = ["ask", "choose", "choose_many", "scale", "confirm"];

/// The variables that hold a private answer, by name.
type Privates = HashMap<String, Private>;

/// What `scan` shows each call: its name, arguments and place, and the variables that
/// hold a private answer there.
type Visit<'a> = dyn FnMut(&str, &[Expr], rhai::Position, &Privates) + 'a;

/// A variable's private answer: the line it is asked at, and who answers it (the name
/// of the role variable, `None` for `privately(each)` or a role not written as a name).
#[derive(Debug, Clone)]
struct Private {
    line: usize,
    asker: Option<String>,
    /// The key it was recalled from, if it was.
    key: Option<String>,
}

pub(super) fn private_in_shared_text(cx: &Context, ast: &AST, out: &mut Report) {
    let bodies = bodies(ast);
    // Keys remembered from a private answer, anywhere in the guide ...
    let mut keys: HashMap<String, Private> = HashMap::new();
    for body in &bodies {
        scan(body, &HashMap::new(), &mut |name, args, _, private| {
            if let ("remember", [Expr::StringConstant(key, _), value, ..]) = (name, args)
                && let Some(asked) = variable(value).and_then(|v| private.get(v))
            {
                keys.insert(key.to_string(), asked.clone());
            }
        });
    }
    // ... less those revealed in a step the start reaches (a later step may read a key
    // an earlier one revealed: `explore` follows the order of steps, `check` does not
    // guess it).
    let reached = reached_at(cx);
    let mut revealed: HashSet<String> = HashSet::new();
    for body in &bodies {
        scan(body, &keys, &mut |name, args, at, private| {
            if name != "reveal" || !reached(at) {
                return;
            }
            for arg in args {
                reads(arg, &mut |v| {
                    if let Some(key) = private.get(v).and_then(|p| p.key.clone()) {
                        revealed.insert(key);
                    }
                });
                recalled(arg, &mut |key, _| {
                    revealed.insert(key.to_string());
                });
            }
        });
    }
    keys.retain(|key, _| !revealed.contains(key));
    for body in &bodies {
        scan(body, &keys, &mut |name, args, _, private| {
            // What the other partner sees of the call, and who sees it (`None`: both).
            let (shown, to): (&[Expr], Option<&str>) = match name {
                _ if SHARED.contains(&name) => (args, None),
                "say_to" => match args {
                    [who, text, ..] => (std::slice::from_ref(text), variable(who)),
                    _ => return,
                },
                _ if PROMPTS.contains(&name) => match args.split_first() {
                    Some((who, rest)) => match privately(who).or(flagged(who, rest)) {
                        Some(only) => (rest, Some(only.unwrap_or(""))),
                        None => (rest, None),
                    },
                    None => return,
                },
                _ => return,
            };
            for text in shown {
                // A variable that holds a private answer, or `${recall("key")}` of a
                // private key written right into the text.
                let mut read: Vec<(String, &Private, rhai::Position)> = Vec::new();
                each_variable(text, &mut |v, pos| {
                    if let Some(asked) = private.get(v) {
                        read.push((format!("`{v}`"), asked, pos));
                    }
                });
                recalled(text, &mut |key, pos| {
                    if let Some(asked) = keys.get(key) {
                        read.push((format!("`recall(\"{key}\")`"), asked, pos));
                    }
                });
                for (v, asked, pos) in read {
                    let Some(at) = Pos::of(pos) else {
                        continue;
                    };
                    // Shown to its author alone (or to each their own): no leak.
                    if let Some(to) = to
                        && asked.asker.as_deref().is_none_or(|asker| asker == to)
                    {
                        continue;
                    }
                    let whom = match to {
                        None => "both partners".to_string(),
                        Some(to) => format!("`{to}`"),
                    };
                    let what = match name {
                        _ if PROMPTS.contains(&name) => format!("the question of {name}(...)"),
                        _ => format!("{name}(...)"),
                    };
                    out.push(
                        Code::PrivateShown,
                        at,
                        format!(
                            "{v} holds a private answer (asked at line {}), and {what} shows it to {whom} before it is revealed",
                            asked.line
                        ),
                        "a private answer on the other partner's screen",
                    )
                    .help(
                        "reveal it first (reveal(\"label\", answers)), show it to its author alone with say_to(role, ...), or leave it out of the text",
                    );
                }
            }
        });
    }
}

/// Goes through a body in order, keeping the variables that hold a private answer, and
/// shows `visit` every call with those that hold one there. A variable holds one when
/// bound to a private prompt (`let x = choose(privately(hurt), ...)`), to `recall(key)`
/// of a private key, or to anything that reads one (`let line = "Today: " + x`), until
/// it is revealed or bound anew. A prompt marked `#{ steers: true }` is meant to steer
/// what both see: not counted.
fn scan(body: &[Node], keys: &HashMap<String, Private>, visit: &mut Visit) {
    let mut private: HashMap<String, Private> = HashMap::new();
    for node in body {
        if let Node::Stmt(Stmt::Var(x, _, pos)) = node {
            let (name, value) = (&x.0.name, &x.1);
            match asked(value, *pos, keys, &private) {
                Some(asked) => private.insert(name.to_string(), asked),
                None => private.remove(name.as_str()),
            };
        }
        let Some((name, args, at)) = call(node) else {
            continue;
        };
        visit(name, args, at, &private);
        if name == "reveal" {
            // Revealed from here on, with every value computed from it: shown to both
            // on purpose.
            let mut answers = HashSet::new();
            for arg in args {
                reads(arg, &mut |v| {
                    if let Some(p) = private.get(v) {
                        answers.insert(p.line);
                    }
                });
            }
            private.retain(|_, p| !answers.contains(&p.line));
        }
    }
}

/// `privately(who)`: `Some(Some(who))` for a role written as a name, `Some(None)` for
/// another expression (`each`, taken as each partner's own), `None` when not private.
fn privately(target: &Expr) -> Option<Option<&str>> {
    match target {
        Expr::FnCall(call, _) if call.name == "privately" => Some(
            call.args
                .first()
                .and_then(variable)
                .filter(|v| *v != "each"),
        ),
        _ => None,
    }
}

/// A prompt made private by its options (`#{ private: true }`): private to its target.
fn flagged<'a>(target: &'a Expr, rest: &[Expr]) -> Option<Option<&'a str>> {
    let private = rest.last().is_some_and(|last| match last {
        Expr::Map(m, _) => {
            m.0.iter()
                .any(|(k, v)| k.name == "private" && matches!(v, Expr::BoolConstant(true, _)))
        }
        _ => false,
    });
    private.then(|| variable(target).filter(|v| *v != "each"))
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

/// The function called, its arguments and where, when the node is a call.
fn call(node: &Node) -> Option<(&str, &[Expr], rhai::Position)> {
    match node {
        Node::Expr(Expr::FnCall(call, at)) | Node::Stmt(Stmt::FnCall(call, at)) => {
            Some((call.name.as_str(), &call.args[..], *at))
        }
        _ => None,
    }
}

/// Whether a place in the guide is in a step the start can reach (by the steps' moves as
/// written; anywhere when they cannot all be read). A place belongs to the last step
/// written above it.
fn reached_at<'a>(cx: &'a Context) -> impl Fn(rhai::Position) -> bool + 'a {
    let outline = cx.outline;
    let mut reached: Option<HashSet<&str>> = None;
    if let Some(start) = &cx.known.start
        && !outline.dynamic_steps
    {
        let mut seen: HashSet<&str> = HashSet::new();
        let mut queue = vec![start.as_str()];
        let mut all = false;
        while let Some(name) = queue.pop() {
            if !seen.insert(name) {
                continue;
            }
            match outline.steps.iter().find(|s| s.name == name) {
                Some(step) if step.dynamic_moves.is_empty() && !step.opaque => {
                    queue.extend(step.moves.iter().map(|m| m.to.as_str()));
                }
                _ => all = true,
            }
        }
        reached = (!all).then_some(seen);
    }
    move |at: rhai::Position| {
        let (Some(reached), Some(at)) = (&reached, Pos::of(at)) else {
            return true;
        };
        outline
            .steps
            .iter()
            .filter(|s| s.at.line <= at.line)
            .max_by_key(|s| s.at.line)
            .is_none_or(|s| reached.contains(s.name.as_str()))
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

/// The private answer a value holds, if any: a private prompt's, a private key's, or
/// one of the variables it reads.
fn asked(
    value: &Expr,
    pos: rhai::Position,
    keys: &HashMap<String, Private>,
    private: &HashMap<String, Private>,
) -> Option<Private> {
    match value {
        Expr::FnCall(call, at) if PROMPTS.contains(&call.name.as_str()) => {
            let line = Pos::of(*at).or(Pos::of(pos)).map_or(0, |p| p.line);
            let (target, rest) = call.args.split_first()?;
            let steers = rest.last().is_some_and(|last| match last {
                Expr::Map(m, _) => m
                    .0
                    .iter()
                    .any(|(k, v)| k.name == "steers" && matches!(v, Expr::BoolConstant(true, _))),
                _ => false,
            });
            match privately(target).or(flagged(target, rest)) {
                Some(asker) if !steers => Some(Private {
                    line,
                    asker: asker.map(str::to_string),
                    key: None,
                }),
                _ => None,
            }
        }
        Expr::FnCall(call, _) if call.name == "recall" => match call.args.first() {
            Some(Expr::StringConstant(k, _)) => keys.get(k.as_str()).map(|p| Private {
                key: Some(k.to_string()),
                ..p.clone()
            }),
            _ => None,
        },
        // Computed from a private answer: as private as it.
        other => {
            let mut found = None;
            reads(other, &mut |v| {
                if found.is_none() {
                    found = private.get(v).cloned();
                }
            });
            found
        }
    }
}

/// Every variable an expression reads, however deep (conditions of an `if` included).
fn reads(expr: &Expr, found: &mut dyn FnMut(&str)) {
    expr.walk(&mut Vec::new(), &mut |path: &[ASTNode]| {
        if let Some(ASTNode::Expr(Expr::Variable(x, ..))) = path.last()
            && x.2.is_empty()
        {
            found(x.1.as_str());
        }
        true
    });
}

/// Every key an expression recalls (`recall("key")`), however deep, with where.
fn recalled(expr: &Expr, found: &mut dyn FnMut(&str, rhai::Position)) {
    expr.walk(&mut Vec::new(), &mut |path: &[ASTNode]| {
        let call = match path.last() {
            Some(ASTNode::Expr(Expr::FnCall(call, at))) => Some((call, *at)),
            Some(ASTNode::Stmt(Stmt::FnCall(call, at))) => Some((call, *at)),
            _ => None,
        };
        if let Some((call, at)) = call
            && call.name == "recall"
            && let Some(Expr::StringConstant(key, _)) = call.args.first()
        {
            found(key.as_str(), at);
        }
        true
    });
}
