//! Calls into modules (K0019): `h::shuot(w)` where the module imported as `h` has no
//! function `shuot` (with the closest it has), or `h::shout(w, 2)` where its `shout`
//! takes another number of values. Each module is read as loading reads it (the modules
//! [`super::imports`] gathered); a private function is not seen from outside.

use super::report::Report;
use super::words::{closest, or_list};
use crate::code::Code;
use crate::runtime::modules::Modules;
use crate::runtime::sandbox::{self, Limits};
use crate::syntax::text::Pos;
use rhai::{AST, ASTNode, Expr, FnAccess, Stmt};
use std::collections::{BTreeMap, HashMap};

/// Reports each call `alias::name(...)` that the module imported as `alias` cannot take.
pub(super) fn module_calls(ast: &AST, modules: &Modules, limits: &Limits, out: &mut Report) {
    // Which module each alias names; an alias used for two modules is left alone.
    let mut aliases: HashMap<String, Option<String>> = HashMap::new();
    let mut calls: Vec<(String, String, usize, Pos)> = Vec::new();
    ast.walk(&mut |path: &[ASTNode]| {
        match path.last() {
            Some(ASTNode::Stmt(Stmt::Import(import, _))) => {
                if let Expr::StringConstant(name, _) = &import.0 {
                    let alias = import.1.name.to_string();
                    let name = Some(name.to_string());
                    aliases
                        .entry(alias)
                        .and_modify(|known| {
                            if *known != name {
                                *known = None;
                            }
                        })
                        .or_insert(name);
                }
            }
            Some(ASTNode::Expr(Expr::FnCall(call, pos))) if call.namespace.path.len() == 1 => {
                if let Some(at) = Pos::of(call.namespace.position()).or(Pos::of(*pos)) {
                    calls.push((
                        call.namespace.root().to_string(),
                        call.name.to_string(),
                        call.args.len(),
                        at,
                    ));
                }
            }
            _ => {}
        }
        true
    });
    let engine = sandbox::engine(limits);
    let mut functions: HashMap<String, BTreeMap<String, Vec<usize>>> = HashMap::new();
    for (alias, name, given, at) in calls {
        let Some(Some(module)) = aliases.get(&alias) else {
            continue;
        };
        let Some(text) = modules.get(module) else {
            continue; // missing or broken: reported at its import
        };
        let fns = functions
            .entry(module.clone())
            .or_insert_with(|| public_functions(&engine, text));
        match fns.get(&name) {
            None => {
                let names: Vec<String> = fns.keys().cloned().collect();
                let hint = closest(&name, &names)
                    .map(|c| format!("did you mean `{alias}::{c}`? "))
                    .unwrap_or_default();
                let has = if names.is_empty() {
                    "it has no functions that can be called from outside".to_string()
                } else {
                    format!(
                        "its functions are {}",
                        names
                            .iter()
                            .map(|n| format!("`{n}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                out.push(
                    Code::UnknownFunction,
                    at,
                    format!(
                        "the module \"{module}\" (imported as `{alias}`) has no function `{name}`"
                    ),
                    "not in the module",
                )
                .help(format!(
                    "{hint}{has} (a `private fn` is seen only inside its module)"
                ));
            }
            Some(counts) if !counts.contains(&given) => {
                let takes: Vec<String> = counts.iter().map(usize::to_string).collect();
                let values = |n: usize| if n == 1 { "value" } else { "values" };
                out.push(
                    Code::UnknownFunction,
                    at,
                    format!(
                        "`{alias}::{name}` is given {given} {}, but takes {}",
                        values(given),
                        or_list(&takes)
                    ),
                    "wrong number of values",
                )
                .help(format!(
                    "check the call against `fn {name}(...)` in the module \"{module}\""
                ));
            }
            Some(_) => {}
        }
    }
}

/// A module's functions that a guide can call, with the numbers of values each takes.
fn public_functions(engine: &rhai::Engine, text: &str) -> BTreeMap<String, Vec<usize>> {
    let mut fns: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    if let Ok(ast) = engine.compile(text) {
        for def in ast.iter_fn_def() {
            if def.access != FnAccess::Private && !def.name.starts_with("anon$") {
                fns.entry(def.name.to_string())
                    .or_default()
                    .push(def.params.len());
            }
        }
    }
    for counts in fns.values_mut() {
        counts.sort();
        counts.dedup();
    }
    fns
}
