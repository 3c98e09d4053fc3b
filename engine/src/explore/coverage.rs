//! Branch coverage: every `if` and `else`, every `switch` arm, every loop's body and its
//! exit, each taken or never taken by the paths explored.
//!
//! Rhai has no coverage hooks, so the guide explored is the author's text with a probe
//! call written at the start of every branch (`{ __kintsugi_probe(7); ...`), an `else`
//! added where an `if` has none, and a probe after each loop: a probe runs exactly when
//! its branch does, which counting answers cannot tell. The positions come from Rhai's
//! own syntax tree, and probes are only ever inserted on the line they belong to, so
//! every line keeps its number (a column after a probe shifts). Probes record into a
//! per-thread set, read by the worker after each path: nothing is added to the run (no
//! event, no remembered value), so a path goes exactly as it would without them. Only
//! explore loads the instrumented text.

use crate::syntax::outline::Outline;
use crate::syntax::text::{Pos, Text};
use rhai::{ASTNode, Engine, Expr, Stmt};
use std::cell::RefCell;
use std::collections::BTreeSet;

/// The function a probe calls. Not a word a guide would use.
const PROBE: &str = "__kintsugi_probe";

thread_local! {
    /// The probes hit on this thread since they were last taken.
    static HITS: RefCell<BTreeSet<u32>> = const { RefCell::new(BTreeSet::new()) };
}

/// Takes the probes hit on this thread since the last time.
pub(super) fn take_hits() -> Vec<u32> {
    HITS.with(|h| std::mem::take(&mut *h.borrow_mut()).into_iter().collect())
}

/// One branch of the guide.
#[derive(Debug, Clone)]
pub(super) struct Branch {
    pub(super) at: Pos,
    pub(super) kind: &'static str,
}

/// The plugin behind the probes.
pub(super) struct Probes;

impl crate::runtime::plugin::Plugin for Probes {
    fn name(&self) -> &'static str {
        "coverage"
    }

    fn install(&self, engine: &mut Engine, _run: &crate::runtime::run::Run) {
        engine.register_fn(PROBE, |n: i64| {
            HITS.with(|h| h.borrow_mut().insert(n as u32));
        });
    }
}

/// The guide's text with a probe in every branch, and the branches by probe number;
/// `None` when the text does not parse (the load will say why).
pub(super) fn instrument(text: &str) -> Option<(String, Vec<Branch>)> {
    let engine = Engine::new_raw();
    let ast = crate::syntax::compile::compile(&engine, text).ok()?;
    let lines = Text::new(text);
    let mut branches: Vec<Branch> = Vec::new();
    let mut inserts: Vec<(usize, String)> = Vec::new();
    // Where a block's braces are; `None` for a block with none of its own (the `if` of
    // an `else if`, or no `else` at all).
    let braces = |block: &rhai::StmtBlock| -> Option<(usize, usize)> {
        let span = block.span();
        let open = lines.offset(Pos::of(span.start())?)?;
        let close = lines.offset(Pos::of(span.end())?)?;
        (text[open..].starts_with('{') && text[close..].starts_with('}')).then_some((open, close))
    };
    let mut probe = |at: Option<Pos>, kind: &'static str, places: &[(usize, &str)]| {
        let Some(at) = at else { return };
        let n = branches.len();
        for (offset, form) in places {
            inserts.push((*offset, form.replace("#", &format!("{PROBE}({n})"))));
        }
        branches.push(Branch { at, kind });
    };
    ast.walk(&mut |path: &[ASTNode]| {
        let Some(ASTNode::Stmt(stmt)) = path.last() else {
            return true;
        };
        match stmt {
            Stmt::If(fc, pos) => {
                let Some((open, close)) = braces(&fc.body) else {
                    return true;
                };
                probe(Pos::of(fc.body.span().start()), "if", &[(open + 1, " #;")]);
                match braces(&fc.branch) {
                    Some((open, _)) => probe(
                        Pos::of(fc.branch.span().start()),
                        "else",
                        &[(open + 1, " #;")],
                    ),
                    // An `else if`: its own `if` is probed.
                    None if !fc.branch.is_empty() => {}
                    None => probe(Pos::of(*pos), "no else", &[(close + 1, " else { #; }")]),
                }
            }
            Stmt::While(fc, pos) => loop_probes(&fc.body, *pos, &braces, &mut probe),
            Stmt::For(x, pos) => loop_probes(&x.2.body, *pos, &braces, &mut probe),
            Stmt::Do(fc, _, _) => {
                // Its exit would go after `while cond`, whose end the tree does not keep.
                if let Some((open, _)) = braces(&fc.body) {
                    probe(
                        Pos::of(fc.body.span().start()),
                        "loop body",
                        &[(open + 1, " #;")],
                    );
                }
            }
            Stmt::Switch(x, _) => {
                for case in &x.1.expressions {
                    let rhs = &case.rhs;
                    if let Expr::Stmt(block) = rhs
                        && let Some((open, _)) = braces(block)
                    {
                        probe(
                            Pos::of(block.span().start()),
                            "switch arm",
                            &[(open + 1, " #;")],
                        );
                    } else if let Some((start, end)) = expression_at(&engine, text, &lines, rhs) {
                        // An arm written as an expression becomes a block that probes first.
                        probe(
                            Pos::of(rhs.start_position()),
                            "switch arm",
                            &[(start, "{ #; "), (end, " }")],
                        );
                    }
                }
            }
            _ => {}
        }
        true
    });
    // From the end, so that each offset is still where it was.
    inserts.sort_by_key(|(offset, _)| std::cmp::Reverse(*offset));
    let mut out = text.to_string();
    for (offset, insert) in inserts {
        out.insert_str(offset, &insert);
    }
    Some((out, branches))
}

/// Adds a probe: where its branch is, its kind, and the texts inserted, by offset (`#`
/// stands for the probe's call).
type Probe<'a> = dyn FnMut(Option<Pos>, &'static str, &[(usize, &str)]) + 'a;

fn loop_probes(
    body: &rhai::StmtBlock,
    pos: rhai::Position,
    braces: &dyn Fn(&rhai::StmtBlock) -> Option<(usize, usize)>,
    probe: &mut Probe<'_>,
) {
    if let Some((open, close)) = braces(body) {
        probe(
            Pos::of(body.span().start()),
            "loop body",
            &[(open + 1, " #;")],
        );
        probe(Pos::of(pos), "loop exit", &[(close + 1, " #;")]);
    }
}

/// Where an expression written in the text starts and ends: the syntax tree keeps only
/// its start, so the end is the first `,` or `}` after it up to which the text parses
/// as an expression on its own (a comma inside a string or a call does not).
fn expression_at(engine: &Engine, text: &str, lines: &Text, expr: &Expr) -> Option<(usize, usize)> {
    let start = lines.offset(Pos::of(expr.start_position())?)?;
    text[start..]
        .match_indices([',', '}'])
        .map(|(i, _)| start + i)
        .find(|&end| engine.compile_expression(&text[start..end]).is_ok())
        .map(|end| (start, end))
}

/// Which step each branch is in: the step whose `step(` call comes last before it (a
/// function defined outside the steps is named by none).
pub(super) fn step_of(outline: &Outline, at: Pos) -> Option<String> {
    outline
        .steps
        .iter()
        .filter(|s| s.at <= at)
        .max_by_key(|s| s.at)
        .map(|s| s.name.clone())
}
