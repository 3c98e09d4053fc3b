//! The walk over a guide's syntax tree that finds what each function body does
//! ([`Facts`]): which functions always end a step, every move, prompt and loop.

use super::facts::{
    Choices, Condition, DeclKey, DeclValue, Facts, FnFacts, FnKey, GuideCall, Move, NeverEqual,
    OpenEnd, PROMPTS, PromptFact, PromptOutline, RevealFact, RevealValue, STEP_ONLY, StepCall,
    WhoFact,
};
use super::text::{Pos, Text};
use rhai::{AST, ASTFlags, Dynamic, Expr, FnCallExpr, FnPtr, Stmt, StmtBlock};
use std::collections::{HashMap, HashSet, VecDeque};

/// A script function's parameters and body, copied out of the syntax tree.
struct Body {
    name: String,
    params: Vec<String>,
    stmts: Vec<Stmt>,
    start: rhai::Position,
    end: rhai::Position,
}

struct Lib {
    /// Named functions and closures, by name and number of parameters.
    defs: HashMap<FnKey, Body>,
    /// Named functions (not closures), by name: for calls written `name(...)`.
    named: HashSet<String>,
    /// Each function's key by its name alone (the fewest parameters, if several): a
    /// function pointer names a closure without its arity. Looked up for every closure
    /// a guide writes, so an index rather than a scan (a scan made 10,000 steps take
    /// seconds).
    by_name: HashMap<String, FnKey>,
}

impl Lib {
    fn new(ast: &AST) -> Lib {
        let mut defs = HashMap::new();
        let mut named = HashSet::new();
        for (.., def) in ast.shared_lib().iter_script_fn_info() {
            // A function's body is reached by walking an AST that holds only it (Rhai
            // does not export the type of `ScriptFuncDef::body`); the definition is
            // shared with the guide's AST, not copied.
            let mut module = rhai::Module::new();
            module.set_script_fn(def.clone());
            let alone = AST::new(Vec::<Stmt>::new(), module);
            let mut stmts = Vec::new();
            alone.walk(&mut |path: &[rhai::ASTNode]| {
                if let [rhai::ASTNode::Stmt(stmt)] = path {
                    stmts.push((*stmt).clone());
                }
                true
            });
            let body = Body {
                name: def.name.to_string(),
                params: def.params.iter().map(|p| p.to_string()).collect(),
                stmts,
                start: def.body.start_position(),
                end: def.body.end_position(),
            };
            if !def.name.starts_with("anon$") {
                named.insert(def.name.to_string());
            }
            defs.insert((def.name.to_string(), def.params.len()), body);
        }
        let mut by_name: HashMap<String, FnKey> = HashMap::new();
        for key in defs.keys() {
            let entry = by_name.entry(key.0.clone()).or_insert_with(|| key.clone());
            if key < entry {
                *entry = key.clone();
            }
        }
        Lib {
            defs,
            named,
            by_name,
        }
    }

    /// The closure a function pointer names (a closure's parameters include what it
    /// captures, so any arity is taken).
    fn closure(&self, name: &str) -> Option<FnKey> {
        self.by_name.get(name).cloned()
    }
}

/// What every function body in a compiled guide does.
pub(crate) fn facts(ast: &AST, text: &Text) -> Facts {
    let lib = Lib::new(ast);

    // Which named functions always end the step (move, finish or throw), found by
    // iterating to a fixed point from "none do".
    let mut ends: HashMap<FnKey, bool> = HashMap::new();
    loop {
        let mut changed = false;
        for (key, def) in &lib.defs {
            if key.0.starts_with("anon$") {
                continue;
            }
            let facts = walk_fn(def, &lib, text, &ends);
            if facts.ends != ends.get(key).copied().unwrap_or(false) {
                ends.insert(key.clone(), facts.ends);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }

    let mut walker = Walker::new(&lib, text, &ends, true);
    let mut top_vars = HashSet::new();
    collect_locals(ast.statements(), &mut top_vars, &mut HashMap::new());
    let top_ends = walker.block(ast.statements());
    let mut facts = Facts {
        top: std::mem::take(&mut walker.facts),
        steps: std::mem::take(&mut walker.steps),
        guides: std::mem::take(&mut walker.guides),
        fns: HashMap::new(),
        top_vars,
    };
    facts.top.ends = top_ends;
    let mut queue: VecDeque<FnKey> = facts.top.closures.iter().cloned().collect();
    let mut named: Vec<&FnKey> = lib
        .defs
        .keys()
        .filter(|(n, _)| !n.starts_with("anon$"))
        .collect();
    named.sort();
    queue.extend(named.into_iter().cloned());
    while let Some(key) = queue.pop_front() {
        if facts.fns.contains_key(&key) {
            continue;
        }
        let Some(def) = lib.defs.get(&key) else {
            continue;
        };
        let f = walk_fn(def, &lib, text, &ends);
        queue.extend(f.closures.iter().cloned());
        facts.fns.insert(key, f);
    }
    facts
}

fn walk_fn(body: &Body, lib: &Lib, text: &Text, ends: &HashMap<FnKey, bool>) -> FnFacts {
    let mut walker = Walker::new(lib, text, ends, false);
    walker.facts.name = body.name.clone();
    walker.params = body.params.iter().cloned().collect();
    collect_locals(&body.stmts, &mut walker.locals, &mut walker.assigned);
    let start = Pos::or(body.start, Pos::default());
    walker.facts.end_at = Pos::or(body.end, start);
    let ends_here = walker.block(&body.stmts);
    let partial = walker.partial;
    let mut facts = walker.facts;
    facts.ends = ends_here && facts.open_ends.is_empty();
    if !ends_here {
        facts.open_ends.push(OpenEnd {
            at: facts.end_at,
            is_return: false,
            after: partial,
        });
    }
    facts
}

/// Names declared in a body (not in closures inside it), and what is assigned to each.
fn collect_locals<'e>(
    stmts: &'e [Stmt],
    locals: &mut HashSet<String>,
    assigned: &mut HashMap<String, Vec<&'e Expr>>,
) {
    for stmt in stmts {
        match stmt {
            Stmt::Var(x, ..) => {
                locals.insert(x.0.name.to_string());
                assigned.entry(x.0.name.to_string()).or_default().push(&x.1);
            }
            Stmt::Assignment(x) => {
                if let Expr::Variable(v, ..) = &x.1.lhs {
                    let entry = assigned.entry(v.1.to_string()).or_default();
                    if x.0.is_op_assignment() {
                        // `x += ...`: what it holds is no longer a plain answer.
                        entry.push(&x.1.lhs);
                    } else {
                        entry.push(&x.1.rhs);
                    }
                }
            }
            Stmt::If(fc, _) | Stmt::While(fc, _) | Stmt::Do(fc, ..) => {
                collect_locals(fc.body.statements(), locals, assigned);
                collect_locals(fc.branch.statements(), locals, assigned);
            }
            Stmt::TryCatch(fc, _) => {
                if let Expr::Variable(v, ..) = &fc.expr {
                    locals.insert(v.1.to_string());
                }
                collect_locals(fc.body.statements(), locals, assigned);
                collect_locals(fc.branch.statements(), locals, assigned);
            }
            Stmt::For(x, _) => {
                locals.insert(x.0.name.to_string());
                if let Some(counter) = &x.1 {
                    locals.insert(counter.name.to_string());
                }
                collect_locals(x.2.body.statements(), locals, assigned);
            }
            Stmt::Block(b) => collect_locals(b.statements(), locals, assigned),
            Stmt::Switch(x, _) => {
                for case in &x.1.expressions {
                    if let Expr::Stmt(b) = &case.rhs {
                        collect_locals(b.statements(), locals, assigned);
                    }
                }
            }
            _ => {}
        }
    }
}

struct Walker<'a> {
    lib: &'a Lib,
    text: &'a Text<'a>,
    ends: &'a HashMap<FnKey, bool>,
    top: bool,
    facts: FnFacts,
    steps: Vec<StepCall>,
    guides: Vec<GuideCall>,
    order: usize,
    /// Parameters of the function (a closure's include what it captures).
    params: HashSet<String>,
    locals: HashSet<String>,
    assigned: HashMap<String, Vec<&'a Expr>>,
    conds: Vec<Condition>,
    broke: bool,
    /// The last statement of the current block that moves or finishes on some paths.
    partial: Option<Pos>,
}

impl<'a> Walker<'a> {
    fn new(
        lib: &'a Lib,
        text: &'a Text<'a>,
        ends: &'a HashMap<FnKey, bool>,
        top: bool,
    ) -> Walker<'a> {
        Walker {
            lib,
            text,
            ends,
            top,
            facts: FnFacts::default(),
            steps: Vec::new(),
            guides: Vec::new(),
            order: 0,
            params: HashSet::new(),
            locals: HashSet::new(),
            assigned: HashMap::new(),
            conds: Vec::new(),
            broke: false,
            partial: None,
        }
    }

    fn exits(&self) -> usize {
        self.facts.moves.len() + self.facts.dynamic_moves.len() + self.facts.finishes.len()
    }

    /// Walks statements in order; `true` if every path through them ends the step.
    fn block(&mut self, stmts: &'a [Stmt]) -> bool {
        let depth = self.conds.len();
        let mut ends = false;
        for stmt in stmts {
            if self.top && self.conds.len() == depth {
                self.order += 1;
            }
            let before = self.exits();
            let (stmt_ends, implied) = self.stmt(stmt);
            if !stmt_ends && self.exits() > before {
                self.partial = Pos::of(stmt.position());
            }
            if let Some(cond) = implied {
                self.conds.push(cond);
            }
            ends |= stmt_ends;
        }
        self.conds.truncate(depth);
        ends
    }

    fn sub_block(&mut self, block: &'a StmtBlock, cond: Option<Condition>) -> bool {
        let depth = self.conds.len();
        self.conds.extend(cond);
        let partial = self.partial;
        let ends = self.block(block.statements());
        self.partial = partial;
        self.conds.truncate(depth);
        ends
    }

    /// An `if`'s condition as written: the text between `if` and the `{` of its body.
    fn condition(&self, if_at: rhai::Position, body: &StmtBlock, holds: bool) -> Option<Condition> {
        let at = Pos::of(if_at)?;
        let from = Pos {
            line: at.line,
            column: at.column + 2,
        };
        let to = Pos::of(body.position())?;
        let text = self.text.between(from, to)?;
        (!text.is_empty()).then_some(Condition { text, holds })
    }

    /// `name` given `value`: noted when that is what an in-place method gives back.
    fn kept_nothing(&mut self, name: &str, value: &Expr) {
        if let Expr::Dot(x, ..) = value
            && let Expr::MethodCall(call, pos) = &x.rhs
            && IN_PLACE.contains(&call.name.as_str())
            && let Some(at) = Pos::of(*pos)
        {
            self.facts
                .kept_nothing
                .push((call.name.to_string(), name.to_string(), at));
        }
    }

    /// A statement: whether it ends every path, and what holds after it if it does not.
    fn stmt(&mut self, stmt: &'a Stmt) -> (bool, Option<Condition>) {
        match stmt {
            Stmt::Noop(_) | Stmt::Share(_) | Stmt::Export(..) => (false, None),
            Stmt::Var(x, ..) => {
                self.kept_nothing(x.0.name.as_str(), &x.1);
                (self.expr(&x.1), None)
            }
            Stmt::Assignment(x) => {
                if let (false, Expr::Variable(v, ..)) = (x.0.is_op_assignment(), &x.1.lhs) {
                    self.kept_nothing(v.1.as_str(), &x.1.rhs);
                }
                let rhs = self.expr(&x.1.rhs);
                let lhs = self.expr(&x.1.lhs);
                (rhs || lhs, None)
            }
            Stmt::FnCall(call, pos) => (self.call(call, *pos), None),
            Stmt::Expr(e) => (self.expr(e), None),
            Stmt::Block(b) => (self.sub_block(b, None), None),
            Stmt::If(fc, if_at) => {
                self.yes_no(&fc.expr);
                if self.expr(&fc.expr) {
                    return (true, None);
                }
                let yes = self.condition(*if_at, &fc.body, true);
                let no = self.condition(*if_at, &fc.body, false);
                let constant = match fc.expr {
                    Expr::BoolConstant(b, _) => Some(b),
                    _ => None,
                };
                let a = self.sub_block(&fc.body, yes.clone());
                let b = self.sub_block(&fc.branch, no.clone());
                let ends = match constant {
                    Some(true) => a,
                    Some(false) => b,
                    None => a && b,
                };
                let implied = match (a, b) {
                    (true, false) => no,
                    (false, true) => yes,
                    _ => None,
                };
                (ends, if ends { None } else { implied })
            }
            Stmt::Switch(x, _) => {
                // An arm that is a text none of the answers is never runs (as `==`).
                if self.answer_of(&x.0).is_some() {
                    for case in &x.1.expressions {
                        let arm = Pos::of(case.rhs.start_position())
                            .and_then(|body| self.text.case_before(body));
                        if let Some((words, at)) = arm {
                            let at = rhai::Position::new(at.line as u16, at.column as u16);
                            self.compared(&x.0, &Expr::StringConstant(words.into(), at));
                        }
                    }
                }
                if self.expr(&x.0) {
                    return (true, None);
                }
                let mut all = true;
                for case in &x.1.expressions {
                    self.expr(&case.lhs);
                    let partial = self.partial;
                    all &= self.expr(&case.rhs);
                    self.partial = partial;
                }
                (all && x.1.def_case.is_some(), None)
            }
            Stmt::While(fc, pos) => {
                self.facts.loops.extend(Pos::of(*pos));
                let forever = matches!(fc.expr, Expr::Unit(_) | Expr::BoolConstant(true, _));
                self.yes_no(&fc.expr);
                let cond = self.expr(&fc.expr);
                let broke = std::mem::replace(&mut self.broke, false);
                self.sub_block(&fc.body, None);
                let inner_broke = std::mem::replace(&mut self.broke, broke);
                (cond || (forever && !inner_broke), None)
            }
            Stmt::Do(fc, _, pos) => {
                self.facts.loops.extend(Pos::of(*pos));
                self.yes_no(&fc.expr);
                let broke = std::mem::replace(&mut self.broke, false);
                let body = self.sub_block(&fc.body, None);
                let inner_broke = std::mem::replace(&mut self.broke, broke);
                let cond = self.expr(&fc.expr);
                ((body && !inner_broke) || cond, None)
            }
            Stmt::For(x, pos) => {
                self.facts.loops.extend(Pos::of(*pos));
                let iter = self.expr(&x.2.expr);
                let broke = std::mem::replace(&mut self.broke, false);
                self.sub_block(&x.2.body, None);
                self.broke = broke;
                (iter, None)
            }
            Stmt::TryCatch(fc, _) => {
                let a = self.sub_block(&fc.body, None);
                let b = self.sub_block(&fc.branch, None);
                (a && b, None)
            }
            Stmt::BreakLoop(expr, flags, _) => {
                if let Some(e) = expr {
                    self.expr(e);
                }
                if flags.contains(ASTFlags::BREAK) {
                    self.broke = true;
                }
                (true, None)
            }
            Stmt::Return(expr, flags, pos) => {
                if let Some(e) = expr
                    && self.expr(e)
                {
                    return (true, None);
                }
                if !flags.contains(ASTFlags::BREAK) && !self.top {
                    self.facts.open_ends.push(OpenEnd {
                        at: Pos::or(*pos, self.facts.end_at),
                        is_return: true,
                        after: None,
                    });
                }
                (true, None)
            }
            Stmt::Import(x, _) => (self.expr(&x.0), None),
            _ => (false, None),
        }
    }

    /// An expression: `true` if evaluating it always ends the step.
    fn expr(&mut self, expr: &'a Expr) -> bool {
        match expr {
            Expr::FnCall(call, pos) => self.call(call, *pos),
            Expr::MethodCall(call, _) => {
                if call.name == "call" {
                    self.facts.opaque = true;
                }
                self.any(call.args.iter())
            }
            Expr::Variable(x, short, pos) => {
                let name = x.1.as_str();
                if x.2.is_empty()
                    && x.0.is_none()
                    && short.is_none()
                    && !self.params.contains(name)
                    && let Some(at) = Pos::of(*pos)
                {
                    self.facts.by_name.push((name.to_string(), at));
                }
                false
            }
            Expr::DynamicConstant(value, _) => {
                self.closure_value(value);
                false
            }
            Expr::StringConstant(text, pos) => {
                // Backticks turn `${` into a template, so a string that still holds one
                // was written in quotes.
                let template = text.find("${").is_some_and(|i| text[i..].contains('}'));
                if template {
                    self.facts.quoted_templates.extend(Pos::of(*pos));
                }
                if text.contains("\\n") {
                    self.facts.written_escapes.extend(Pos::of(*pos));
                }
                false
            }
            Expr::InterpolatedString(parts, pos) => {
                let written = parts
                    .iter()
                    .any(|p| matches!(p, Expr::StringConstant(s, _) if s.contains("\\n")));
                if written {
                    self.facts.written_escapes.extend(Pos::of(*pos));
                }
                // Answers by partner written whole show as a map: `#{"hurt": "Yes", ...}`.
                for part in parts.iter() {
                    // `${x}` is a block holding the one expression.
                    let part = match part {
                        Expr::Stmt(block) => match block.statements() {
                            [Stmt::Expr(e)] => e.as_ref(),
                            _ => continue,
                        },
                        other => other,
                    };
                    if let Some(answer) = self.answer_of(part)
                        && answer.each
                        && let Some(at) = Pos::of(part.start_position())
                    {
                        self.facts.each_shown.push((at, answer.at));
                    }
                }
                // Its literal parts are not reported again.
                let parts = parts
                    .iter()
                    .filter(|p| !matches!(p, Expr::StringConstant(..)));
                self.any(parts)
            }
            Expr::Array(parts, _) => self.any(parts.iter()),
            Expr::Map(x, _) => self.any(x.0.iter().map(|(_, e)| e)),
            Expr::Stmt(block) => {
                let partial = self.partial;
                let ends = self.block(block.statements());
                self.partial = partial;
                ends
            }
            Expr::Dot(x, ..) | Expr::Index(x, ..) => {
                if let (Expr::Dot(..), Expr::MethodCall(inner, _)) = (expr, &x.lhs)
                    && IN_PLACE.contains(&inner.name.as_str())
                    && let Some((outer, at)) = first_member(&x.rhs)
                {
                    self.facts
                        .chained_on_nothing
                        .push((inner.name.to_string(), outer, at));
                }
                let lhs = self.expr(&x.lhs);
                let rhs = self.expr(&x.rhs);
                lhs || rhs
            }
            Expr::And(list, _) | Expr::Or(list, _) | Expr::Coalesce(list, _) => {
                if !matches!(expr, Expr::Coalesce(..)) {
                    for e in list.iter() {
                        self.yes_no(e);
                    }
                }
                let mut first = None;
                for e in list.iter() {
                    let ends = self.expr(e);
                    first.get_or_insert(ends);
                }
                first.unwrap_or(false)
            }
            Expr::Custom(x, _) => {
                self.facts.opaque = true;
                self.any(x.inputs.iter())
            }
            _ => false,
        }
    }

    fn any(&mut self, exprs: impl Iterator<Item = &'a Expr>) -> bool {
        let mut ends = false;
        for e in exprs {
            ends |= self.expr(e);
        }
        ends
    }

    fn closure_value(&mut self, value: &Dynamic) {
        if let Some(ptr) = value.read_lock::<FnPtr>()
            && let Some(key) = self.lib.closure(ptr.fn_name())
        {
            self.facts.closures.push(key);
        }
    }

    fn call(&mut self, call: &'a FnCallExpr, pos: rhai::Position) -> bool {
        let at = Pos::or(pos, self.facts.end_at);
        let name = call.name.as_str();
        let args = &call.args;
        let core = call.namespace.is_empty();
        if !core {
            self.facts.opaque = true;
        }
        // A variable holding a function pointer can be called by name too.
        if core
            && call.op_token.is_none()
            && !self.params.contains(name)
            && !self.locals.contains(name)
        {
            self.facts
                .named_calls
                .push((name.to_string(), args.len(), at));
        }
        if core && STEP_ONLY.contains(&name) {
            self.facts.core_calls.push((name.to_string(), at));
        }
        if call.op_token.is_some() && args.len() == 2 && (name == "==" || name == "!=") {
            self.compared(&args[0], &args[1]);
            self.compared(&args[1], &args[0]);
        }
        if call.op_token.is_some() && args.len() == 1 && name == "!" {
            self.yes_no(&args[0]);
        }
        if self.top && core && name == "step" && args.len() == 2 {
            self.step_call(call, at);
            self.expr(&args[0]);
            self.expr(&args[1]);
            return false;
        }
        if self.top && core && name == "guide" && args.len() == 1 {
            self.guide_call(&args[0], at);
        }
        let arg_ends = self.any(args.iter());
        if arg_ends {
            return true;
        }
        if !core {
            return false;
        }
        match (name, args.len()) {
            ("next", 1) => {
                match &args[0] {
                    Expr::StringConstant(s, p) => self.facts.moves.push(Move {
                        to: s.to_string(),
                        at,
                        to_at: Pos::or(*p, at),
                        when: self.conds.clone(),
                        via: None,
                    }),
                    _ => self.facts.dynamic_moves.push(at),
                }
                true
            }
            ("finish", 0 | 1) => {
                self.facts.finishes.push(at);
                true
            }
            ("say", 1) => {
                if let Expr::StringConstant(s, _) = &args[0] {
                    self.facts.says.push((s.to_string(), at));
                }
                false
            }
            ("take_break", 1 | 2) => {
                if let Expr::IntegerConstant(minutes, p) = &args[0] {
                    self.facts.break_minutes.push((*minutes, Pos::or(*p, at)));
                }
                false
            }
            ("say_to", 2) => {
                let who = self.who(&args[0]);
                let at = Pos::or(args[0].start_position(), at);
                self.facts.said_to.push((who, at));
                false
            }
            ("reveal", 1 | 2) => {
                let value = &args[args.len() - 1];
                if let Expr::Map(x, _) = value {
                    for (key, _) in x.0.iter() {
                        let at = Pos::or(key.pos, at);
                        self.facts.revealed_roles.push((key.name.to_string(), at));
                    }
                }
                let labelled = args.len() == 2
                    && matches!(
                        args[0],
                        Expr::StringConstant(..) | Expr::InterpolatedString(..)
                    );
                let one = self
                    .answer_of(value)
                    .filter(|a| labelled && !a.each)
                    .map(|a| RevealValue::OneAnswer(a.at));
                let fact = RevealFact {
                    value_at: Pos::or(value.start_position(), at),
                    value: one.unwrap_or_else(|| self.reveal_value(value)),
                };
                self.facts.reveals.push(fact);
                false
            }
            ("call", _) | ("curry", _) => {
                self.facts.opaque |= name == "call";
                false
            }
            _ => {
                if let Some((_, base)) = PROMPTS.iter().find(|(p, _)| *p == name) {
                    if args.len() == *base || args.len() == base + 1 {
                        self.prompt(call, at, *base);
                    }
                    return false;
                }
                let key = (name.to_string(), args.len());
                if self.lib.named.contains(name) && self.lib.defs.contains_key(&key) {
                    self.facts.calls.push(key.clone());
                    return self.ends.get(&key).copied().unwrap_or(false);
                }
                if self.locals.contains(name) || self.params.contains(name) {
                    // Calling a function pointer held in a variable.
                    self.facts.opaque = true;
                }
                false
            }
        }
    }

    fn step_call(&mut self, call: &'a FnCallExpr, at: Pos) {
        let (name, name_at) = match &call.args[0] {
            Expr::StringConstant(s, p) => (Some(s.to_string()), Pos::or(*p, at)),
            other => (None, Pos::or(other.start_position(), at)),
        };
        let body = match &call.args[1] {
            Expr::DynamicConstant(value, _) => value
                .read_lock::<FnPtr>()
                .and_then(|ptr| self.lib.closure(ptr.fn_name())),
            Expr::Stmt(block) => block.statements().iter().find_map(|s| match s {
                Stmt::Expr(e) => match &**e {
                    Expr::FnCall(curry, _) if curry.name == "curry" => match curry.args.first() {
                        Some(Expr::DynamicConstant(value, _)) => value
                            .read_lock::<FnPtr>()
                            .and_then(|ptr| self.lib.closure(ptr.fn_name())),
                        _ => None,
                    },
                    _ => None,
                },
                _ => None,
            }),
            Expr::FnCall(f, _) if f.name == "Fn" => match f.args.first() {
                Some(Expr::StringConstant(s, _)) => self.lib.closure(s),
                _ => None,
            },
            _ => None,
        };
        self.steps.push(StepCall {
            name,
            at,
            name_at,
            body,
            order: self.order,
        });
    }

    fn guide_call(&mut self, arg: &Expr, at: Pos) {
        let map = match arg {
            Expr::Map(x, _) => Some(
                x.0.iter()
                    .map(|(ident, value)| {
                        let key_at = Pos::or(ident.pos, at);
                        DeclKey {
                            key: ident.name.to_string(),
                            at: key_at,
                            value_at: Pos::or(value.start_position(), key_at),
                            value: decl_value(value, key_at),
                        }
                    })
                    .collect(),
            ),
            _ => None,
        };
        self.guides.push(GuideCall {
            at,
            order: self.order,
            map,
        });
    }

    fn who(&self, expr: &Expr) -> WhoFact {
        match expr {
            Expr::Variable(x, short, _) if x.2.is_empty() => {
                let name = x.1.as_str();
                let indexed = x.0.is_some() || short.is_some();
                if indexed || self.locals.contains(name) {
                    // A local variable or a parameter: whatever it holds.
                    WhoFact::Local
                } else {
                    // Looked up by name when the prompt runs, or captured by a closure
                    // when the guide loads (a role, or a variable of the top level).
                    WhoFact::Name(name.to_string())
                }
            }
            Expr::StringConstant(s, _) => WhoFact::Text(s.to_string()),
            Expr::FnCall(call, _)
                if call.name == "privately"
                    && call.args.len() == 1
                    && call.namespace.is_empty() =>
            {
                WhoFact::Privately(Box::new(self.who(&call.args[0])))
            }
            _ => WhoFact::Other,
        }
    }

    /// Whether a prompt call's answers are private: `None` if that is not known.
    fn prompt_privacy(&self, call: &FnCallExpr) -> Option<bool> {
        let base = PROMPTS.iter().find(|(p, _)| *p == call.name.as_str())?.1;
        let who = match self.who(call.args.first()?) {
            WhoFact::Privately(_) => return Some(true),
            WhoFact::Name(_) => Some(false),
            _ => None,
        };
        match call.args.get(base) {
            None => who,
            Some(Expr::Map(x, _)) => {
                match x
                    .0
                    .iter()
                    .find(|(k, _)| k.name == "private")
                    .map(|(_, v)| v)
                {
                    None | Some(Expr::BoolConstant(false, _)) => who,
                    Some(Expr::BoolConstant(true, _)) => Some(true),
                    Some(_) => None,
                }
            }
            Some(_) => None,
        }
    }

    fn reveal_value(&self, expr: &Expr) -> RevealValue {
        let mut root = expr;
        while let Expr::Dot(x, ..) | Expr::Index(x, ..) = root {
            root = &x.lhs;
        }
        match root {
            Expr::StringConstant(..)
            | Expr::IntegerConstant(..)
            | Expr::BoolConstant(..)
            | Expr::CharConstant(..) => RevealValue::Fixed,
            Expr::FnCall(call, pos) => match self.prompt_privacy(call) {
                Some(false) => RevealValue::Public(Pos::or(*pos, Pos::default())),
                _ => RevealValue::Unknown,
            },
            // `#{ hurt: words }`: answers by role written out; public when every one is.
            Expr::Map(x, _) => {
                let mut first = None;
                for (_, value) in x.0.iter() {
                    match self.reveal_value(value) {
                        RevealValue::Public(at) => {
                            first.get_or_insert(at);
                        }
                        _ => return RevealValue::Unknown,
                    }
                }
                first.map_or(RevealValue::Unknown, RevealValue::Public)
            }
            Expr::Variable(x, ..) if x.2.is_empty() => {
                let name = x.1.as_str();
                if !self.locals.contains(name) {
                    return RevealValue::Unknown;
                }
                let Some(values) = self.assigned.get(name) else {
                    return RevealValue::Unknown;
                };
                let mut first = None;
                for value in values {
                    match value {
                        Expr::FnCall(call, pos) if self.prompt_privacy(call) == Some(false) => {
                            first.get_or_insert(Pos::or(*pos, Pos::default()));
                        }
                        _ => return RevealValue::Unknown,
                    }
                }
                first.map_or(RevealValue::Unknown, RevealValue::Public)
            }
            _ => RevealValue::Unknown,
        }
    }

    /// What prompt's answer `expr` is, when it is one: the prompt itself, a local
    /// variable only ever given answers of one prompt, or one partner's answer taken
    /// from answers by partner (`felt.first`).
    fn answer_of(&self, expr: &Expr) -> Option<Answer> {
        self.answer_within(expr, 0)
    }

    fn answer_within(&self, expr: &Expr, depth: usize) -> Option<Answer> {
        if depth > 8 {
            return None;
        }
        match expr {
            Expr::FnCall(call, pos) if call.namespace.is_empty() => {
                let base = PROMPTS.iter().find(|(p, _)| *p == call.name.as_str())?.1;
                if call.args.len() != base && call.args.len() != base + 1 {
                    return None;
                }
                let at = Pos::of(*pos)?;
                let who = match self.who(&call.args[0]) {
                    WhoFact::Privately(inner) => *inner,
                    other => other,
                };
                let (keys, words) = match call.name.as_str() {
                    "choose" => match literal_list(&call.args[2], at) {
                        Some(((_, items), keys)) => {
                            let words: Vec<Option<String>> =
                                items.into_iter().map(|i| i.map(|(w, _)| w)).collect();
                            (keys, Some(words))
                        }
                        None => (None, None),
                    },
                    _ => (None, None),
                };
                Some(Answer {
                    prompt: call.name.to_string(),
                    at,
                    each: who == WhoFact::Name("each".into()),
                    keys,
                    words,
                })
            }
            Expr::Variable(x, ..) if x.2.is_empty() && self.locals.contains(x.1.as_str()) => {
                let mut found: Option<Answer> = None;
                for value in self.assigned.get(x.1.as_str())? {
                    let answer = self.answer_within(value, depth + 1)?;
                    match &found {
                        Some(f)
                            if (&f.prompt, f.each, &f.keys, &f.words)
                                != (&answer.prompt, answer.each, &answer.keys, &answer.words) =>
                        {
                            return None;
                        }
                        Some(_) => {}
                        None => found = Some(answer),
                    }
                }
                found
            }
            Expr::Dot(x, ..) if matches!(x.rhs, Expr::Property(..)) => {
                let answer = self.answer_within(&x.lhs, depth + 1)?;
                answer.each.then_some(Answer {
                    each: false,
                    ..answer
                })
            }
            Expr::Index(x, ..) => {
                let answer = self.answer_within(&x.lhs, depth + 1)?;
                answer.each.then_some(Answer {
                    each: false,
                    ..answer
                })
            }
            _ => None,
        }
    }

    /// `answer == "text"`: noted when the text is none of the answers the prompt gives.
    fn compared(&mut self, answer: &Expr, other: &Expr) {
        let Expr::StringConstant(text, pos) = other else {
            return;
        };
        let written = match answer {
            Expr::Variable(x, ..) => x.1.to_string(),
            _ => "answer".to_string(),
        };
        let Some(answer) = self.answer_of(answer) else {
            return;
        };
        let words = answer.words.unwrap_or_default();
        if answer.each {
            if let Some(at) = Pos::of(*pos) {
                self.facts
                    .each_compared
                    .push((at, answer.at, text.to_string()));
            }
            return;
        }
        let answers = match (answer.prompt.as_str(), answer.keys) {
            ("choose", Some(keys)) => keys,
            ("confirm" | "scale", _) => Vec::new(),
            _ => return,
        };
        if answers.iter().any(|a| a.as_str() == text.as_str()) {
            return;
        }
        if let Some(at) = Pos::of(*pos) {
            self.facts.never_equal.push(NeverEqual {
                at,
                written,
                text: text.to_string(),
                prompt: answer.prompt,
                prompt_at: answer.at,
                words: words
                    .into_iter()
                    .collect::<Option<Vec<_>>>()
                    .unwrap_or_default(),
                answers,
            });
        }
    }

    /// A condition: answers by partner (a map) there are never a yes or no.
    fn yes_no(&mut self, expr: &Expr) {
        if let Some(answer) = self.answer_of(expr)
            && answer.each
            && let Some(at) = Pos::of(expr.start_position())
        {
            self.facts.each_as_yes_no.push((at, answer.at));
        }
    }

    fn prompt(&mut self, call: &FnCallExpr, at: Pos, base: usize) {
        let args = &call.args;
        let who_expr = &args[0];
        let who = self.who(who_expr);
        let who_text = who_text(who_expr);
        let text = match &args[1] {
            Expr::StringConstant(s, _) => Some(s.to_string()),
            _ => None,
        };
        let listed = if call.name == "choose" || call.name == "choose_many" {
            literal_list(&args[2], at)
        } else {
            None
        };
        let keys = listed.as_ref().and_then(|(_, keys)| keys.clone());
        let choices = listed.map(|(choices, _)| choices);
        let misordered = if call.name == "scale" {
            let text_like =
                |e: &Expr| matches!(e, Expr::StringConstant(..) | Expr::InterpolatedString(..));
            let number_like =
                |e: &Expr| matches!(e, Expr::IntegerConstant(..) | Expr::FloatConstant(..));
            [&args[1], &args[2], &args[3]]
                .into_iter()
                .enumerate()
                .find(|(i, e)| {
                    if *i == 0 {
                        number_like(e)
                    } else {
                        text_like(e)
                    }
                })
                .map(|(_, e)| Pos::or(e.start_position(), at))
        } else {
            None
        };
        let options_as_text = match args.get(2) {
            Some(Expr::StringConstant(_, p) | Expr::InterpolatedString(_, p))
                if call.name == "choose" || call.name == "choose_many" =>
            {
                Some(Pos::or(*p, at))
            }
            _ => None,
        };
        let pick = match (call.name.as_str(), args.get(3), args.get(4)) {
            (
                "choose_many",
                Some(Expr::IntegerConstant(a, p)),
                Some(Expr::IntegerConstant(b, _)),
            ) => Some((*a, *b, Pos::or(*p, at))),
            _ => None,
        };
        let range = if call.name == "scale" {
            match (&args[2], &args[3]) {
                (Expr::IntegerConstant(a, p), Expr::IntegerConstant(b, _)) => {
                    Some((*a, *b, Pos::or(*p, at)))
                }
                _ => None,
            }
        } else {
            None
        };
        let mut option_keys = Vec::new();
        if let Some(Expr::Map(x, _)) = args.get(base) {
            for (key, value) in x.0.iter() {
                let wrong = match key.name.as_str() {
                    "examples" => match value {
                        Expr::Array(items, _) => items.iter().any(|i| {
                            matches!(
                                i,
                                Expr::IntegerConstant(..)
                                    | Expr::BoolConstant(..)
                                    | Expr::CharConstant(..)
                                    | Expr::FloatConstant(..)
                                    | Expr::Array(..)
                                    | Expr::Map(..)
                                    | Expr::Unit(..)
                            )
                        }),
                        Expr::StringConstant(..)
                        | Expr::IntegerConstant(..)
                        | Expr::BoolConstant(..)
                        | Expr::Map(..) => true,
                        _ => false,
                    },
                    "distress" => match (value, range) {
                        (Expr::IntegerConstant(n, _), Some((min, max, _))) => {
                            !(min..=max).contains(n)
                        }
                        (Expr::IntegerConstant(..), None) => call.name != "scale",
                        (Expr::StringConstant(..) | Expr::BoolConstant(..), _) => true,
                        _ => call.name != "scale",
                    },
                    "own_break" => match value {
                        Expr::StringConstant(..)
                        | Expr::IntegerConstant(..)
                        | Expr::FloatConstant(..)
                        | Expr::Array(..)
                        | Expr::Map(..) => true,
                        _ => call.name != "scale",
                    },
                    "mirror" => match value {
                        Expr::StringConstant(..)
                        | Expr::IntegerConstant(..)
                        | Expr::FloatConstant(..)
                        | Expr::Array(..)
                        | Expr::Map(..) => true,
                        _ => call.name != "ask",
                    },
                    _ => false,
                };
                option_keys.push((key.name.to_string(), Pos::or(key.pos, at), wrong));
            }
        }
        let options = choices.as_ref().and_then(|(_, items)| {
            items
                .iter()
                .map(|i| i.as_ref().map(|(s, _)| s.clone()))
                .collect::<Option<Vec<_>>>()
        });
        let fact = PromptFact {
            outline: PromptOutline {
                kind: call.name.to_string(),
                at,
                who: who_text,
                text,
                options,
                private: self.prompt_privacy(call),
                via: None,
            },
            who,
            who_at: Pos::or(who_expr.start_position(), at),
            choices,
            keys,
            misordered,
            options_as_text,
            options_as_map: match args.get(2) {
                Some(Expr::Map(_, p)) if call.name == "choose" || call.name == "choose_many" => {
                    Some(Pos::or(*p, at))
                }
                _ => None,
            },
            range,
            pick,
            option_keys,
        };
        self.facts.prompts.push(fact);
    }
}

fn decl_value(value: &Expr, at: Pos) -> DeclValue {
    match value {
        Expr::StringConstant(s, _) => DeclValue::Text(s.to_string()),
        Expr::Map(x, _) => DeclValue::Map(
            x.0.iter()
                .map(|(ident, _)| (ident.name.to_string(), Pos::or(ident.pos, at)))
                .collect(),
        ),
        Expr::IntegerConstant(..)
        | Expr::BoolConstant(..)
        | Expr::CharConstant(..)
        | Expr::Array(..)
        | Expr::Unit(..) => DeclValue::OtherLiteral,
        Expr::FloatConstant(..) => DeclValue::OtherLiteral,
        _ => DeclValue::Computed,
    }
}

/// The items of a literal list of options: each item's text when it is a literal (the
/// words of a `[key, words]` pair), and every item's key when all are literals.
fn literal_list(expr: &Expr, at: Pos) -> Option<(Choices, Option<Vec<String>>)> {
    fn scalar(v: &Dynamic) -> Option<String> {
        (v.is_string() || v.is_int() || v.is_bool() || v.is_char()).then(|| v.to_string())
    }
    /// An option's key, its words, and where it is written.
    type Item = Option<(String, String, Pos)>;
    let (list_at, items): (Pos, Vec<Item>) = match expr {
        Expr::Array(items, pos) => (
            Pos::or(*pos, at),
            items
                .iter()
                .map(|item| {
                    let p = Pos::or(item.start_position(), at);
                    let one = |e: &Expr| match e {
                        Expr::StringConstant(s, _) => Some(s.to_string()),
                        Expr::IntegerConstant(n, _) => Some(n.to_string()),
                        Expr::CharConstant(c, _) => Some(c.to_string()),
                        Expr::BoolConstant(b, _) => Some(b.to_string()),
                        _ => None,
                    };
                    match item {
                        Expr::Array(pair, _) if pair.len() == 2 => {
                            Some((one(&pair[0])?, one(&pair[1])?, p))
                        }
                        Expr::DynamicConstant(v, _) => {
                            let pair = v.read_lock::<rhai::Array>()?;
                            match pair.as_slice() {
                                [k, w] => Some((scalar(k)?, scalar(w)?, p)),
                                _ => None,
                            }
                        }
                        other => one(other).map(|s| (s.clone(), s, p)),
                    }
                })
                .collect(),
        ),
        Expr::DynamicConstant(value, pos) => {
            let list = value.read_lock::<rhai::Array>()?;
            let p = Pos::or(*pos, at);
            (
                p,
                list.iter()
                    .map(|v| match v.read_lock::<rhai::Array>() {
                        Some(pair) => match pair.as_slice() {
                            [k, w] => Some((scalar(k)?, scalar(w)?, p)),
                            _ => None,
                        },
                        None => scalar(v).map(|s| (s.clone(), s, p)),
                    })
                    .collect(),
            )
        }
        _ => return None,
    };
    let keys = items
        .iter()
        .map(|i| i.as_ref().map(|(k, _, _)| k.clone()))
        .collect::<Option<Vec<_>>>();
    let choices = items
        .into_iter()
        .map(|i| i.map(|(_, words, p)| (words, p)))
        .collect();
    Some(((list_at, choices), keys))
}

/// A prompt's answer, as far as the source tells.
struct Answer {
    /// `choose`, `confirm`, ...
    prompt: String,
    /// Where the prompt is called.
    at: Pos,
    /// Answers by partner (a map by role), from `each`.
    each: bool,
    /// A `choose`'s option keys, when literal.
    keys: Option<Vec<String>>,
    /// A `choose`'s options' words, when literal, in the order of `keys`.
    words: Option<Vec<Option<String>>>,
}

/// Methods that change their value in place and give back nothing (`()`).
const IN_PLACE: [&str; 15] = [
    "trim",
    "make_lower",
    "make_upper",
    "replace",
    "crop",
    "truncate",
    "pad",
    "clear",
    "push",
    "append",
    "insert",
    "reverse",
    "sort",
    "dedup",
    "chop",
];

/// The first method or property of what follows a `.`: its name and place.
fn first_member(expr: &Expr) -> Option<(String, Pos)> {
    match expr {
        Expr::MethodCall(call, pos) => Some((call.name.to_string(), Pos::of(*pos)?)),
        Expr::Property(x, pos) => Some((x.2.to_string(), Pos::of(*pos)?)),
        Expr::Dot(x, ..) | Expr::Index(x, ..) => first_member(&x.lhs),
        _ => None,
    }
}

fn who_text(expr: &Expr) -> String {
    match expr {
        Expr::Variable(x, ..) => x.1.to_string(),
        Expr::StringConstant(s, _) => format!("{s:?}"),
        Expr::FnCall(call, _) => {
            let inner: Vec<String> = call.args.iter().map(who_text).collect();
            format!("{}({})", call.name, inner.join(", "))
        }
        _ => "…".to_string(),
    }
}
