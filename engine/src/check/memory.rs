//! A `recall` of a key that nothing remembers (K0035): `recall("closenes")` where the
//! guide remembers `"closeness"` gives nothing, and the couple sees an empty place in a
//! line ("Together  out of 20."). The keys remembered are read from the guide and the
//! modules it imports; when one is computed (`remember(key, ...)`), any key may be set,
//! and nothing is reported.

use super::report::Report;
use super::words::{closest, quoted_list};
use crate::code::Code;
use crate::runtime::modules::Modules;
use crate::runtime::sandbox::{self, Limits};
use crate::syntax::text::Pos;
use rhai::{AST, ASTNode, Expr};
use std::collections::BTreeSet;

/// What one script remembers and recalls.
#[derive(Default)]
struct Keys {
    remembered: BTreeSet<String>,
    /// A `remember` whose key is computed: any key may be set.
    computed: bool,
    recalled: Vec<(String, Pos)>,
}

fn keys_of(ast: &AST, keys: &mut Keys, recalls: bool) {
    ast.walk(&mut |path: &[ASTNode]| {
        if let Some(ASTNode::Expr(Expr::FnCall(call, _))) = path.last()
            && call.namespace.is_empty()
            && let Some(first) = call.args.first()
        {
            let literal = match first {
                Expr::StringConstant(key, pos) => Some((key.to_string(), *pos)),
                _ => None,
            };
            match (call.name.as_str(), literal) {
                ("remember", Some((key, _))) if call.args.len() == 2 => {
                    keys.remembered.insert(key);
                }
                ("remember", None) if call.args.len() == 2 => keys.computed = true,
                ("recall", Some((key, pos))) if recalls && call.args.len() <= 2 => {
                    if let Some(at) = Pos::of(pos) {
                        keys.recalled.push((key, at));
                    }
                }
                _ => {}
            }
        }
        true
    });
}

/// Reports each recall of a key that neither the guide nor its modules remember.
pub(super) fn recalled_never_remembered(
    ast: &AST,
    modules: &Modules,
    limits: &Limits,
    out: &mut Report,
) {
    let mut keys = Keys::default();
    keys_of(ast, &mut keys, true);
    let engine = sandbox::engine(limits);
    for text in modules.values() {
        match engine.compile(text) {
            Ok(module) => keys_of(&module, &mut keys, false),
            Err(_) => return, // reported at its import; what it remembers is unknown
        }
    }
    if keys.computed {
        return;
    }
    for (key, at) in &keys.recalled {
        if keys.remembered.contains(key) {
            continue;
        }
        let hint = closest(key, &keys.remembered)
            .map(|c| format!("did you mean \"{c}\"? "))
            .unwrap_or_default();
        let known = if keys.remembered.is_empty() {
            "the guide remembers nothing".to_string()
        } else {
            format!("the keys remembered are {}", quoted_list(&keys.remembered))
        };
        out.push(
            Code::RecallNeverRemembered,
            *at,
            format!("recall(\"{key}\"): nothing in the guide or its modules remembers \"{key}\""),
            "never remembered",
        )
        .help(format!(
            "{hint}{known}; recall(...) of a key never remembered gives nothing, and a line that shows it shows an empty place"
        ));
    }
}
