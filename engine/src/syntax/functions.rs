//! The functions a guide defines with `fn`, and where each is written.

use super::text::{Pos, Text};
use rhai::AST;

/// Each named function the guide defines (not closures): its name, how many values it
/// takes, and where its `fn` is written, in source order.
pub(crate) fn defined(ast: &AST, source: &str) -> Vec<(String, usize, Pos)> {
    let text = Text::new(source);
    let mut found: Vec<(String, usize, Pos)> = ast
        .iter_fn_def()
        .filter(|def| !def.name.starts_with("anon$"))
        .map(|def| {
            let body = Pos::of(def.body.start_position()).unwrap_or(Pos { line: 1, column: 1 });
            let at = fn_keyword_before(source, &text, &def.name, body).unwrap_or(body);
            (def.name.to_string(), def.params.len(), at)
        })
        .collect();
    found.sort_by_key(|(_, _, at)| *at);
    found
}

/// Where `fn name` is last written before `body` (the function's opening brace).
fn fn_keyword_before(source: &str, text: &Text, name: &str, body: Pos) -> Option<Pos> {
    let end = text.offset(body)?;
    let before = &source[..end.min(source.len())];
    let mut from = before.len();
    while let Some(i) = before[..from].rfind("fn") {
        from = i;
        let rest = before[i + 2..].trim_start();
        let word_start =
            i == 0 || !before[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_');
        if word_start && rest.starts_with(name) && rest[name.len()..].trim_start().starts_with('(')
        {
            let line = before[..i].matches('\n').count() + 1;
            let column = before[..i]
                .rsplit('\n')
                .next()
                .map_or(0, |l| l.chars().count())
                + 1;
            return Some(Pos { line, column });
        }
    }
    None
}
