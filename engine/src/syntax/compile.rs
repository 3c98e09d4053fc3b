//! Compiling a guide's text, in groups of top-level statements.
//!
//! Rhai 1.27's parser checks every variable it meets against every function parsed so
//! far, and each step's closure is a function: one parse of a guide of N steps costs N².
//! Parsing groups of top-level statements keeps it linear. Each group is parsed knowing
//! the top-level variables declared before it (so closures still capture them), padded
//! so that its lines and columns are where they are in the file. A guide of up to
//! `GROUP` statements (every hand-written one) is one group: one parse, as before. If
//! any group fails to parse, the whole text is parsed at once, for the exact error.

use crate::error::Location;
use rhai::{AST, Dynamic, Engine, ParseError, Scope, Stmt};

/// Top-level statements parsed together.
const GROUP: usize = 64;

/// Top-level statements parsed together past the last line Rhai counts, where each group
/// reads 65,535 blank lines of padding first: with 256, the padding and the parser's
/// quadratic part cost about the same.
const GROUP_PAST_LAST_LINE: usize = 256;

/// Compiles a guide's text as one script, parsed in groups when it is long.
pub(crate) fn compile(engine: &Engine, text: &str) -> Result<AST, ParseError> {
    let ends = statement_ends(text);
    if ends.len() <= GROUP {
        return engine.compile(text);
    }
    match in_groups(engine, text, &ends) {
        Some(ast) => Ok(ast),
        None => engine.compile(text),
    }
}

/// Parses `text` in groups of `GROUP` statements (`GROUP_PAST_LAST_LINE` past the last
/// line Rhai counts); `None` if a group does not parse.
fn in_groups(engine: &Engine, text: &str, ends: &[usize]) -> Option<AST> {
    let mut scope = Scope::new();
    let mut ast = AST::empty();
    let (mut start, mut lines, mut line_start, mut next) = (0, 0, 0, 0);
    while start < text.len() {
        // Each group is padded with as many lines as come before it, up to the last line
        // Rhai counts (a `u16`, `Location::LAST_LINE`): past it more padding changes no
        // position. Past it, every group still reads that many blank lines, so groups
        // there are larger, to read them less often.
        let size = if lines < Location::LAST_LINE {
            GROUP
        } else {
            GROUP_PAST_LAST_LINE
        };
        next += size;
        let end = ends.get(next - 1).copied().unwrap_or(text.len());
        let piece = &text[start..end];
        let column = text[line_start..start].chars().count();
        let padded = format!(
            "{}{}{piece}",
            "\n".repeat(lines.min(Location::LAST_LINE)),
            " ".repeat(column)
        );
        let part = engine.compile_with_scope(&scope, padded).ok()?;
        for stmt in part.statements() {
            if let Stmt::Var(var, ..) = stmt {
                scope.push_dynamic(var.0.name.as_str(), Dynamic::UNIT);
            }
        }
        ast.combine(part);
        for (i, b) in piece.bytes().enumerate() {
            if b == b'\n' {
                lines += 1;
                line_start = start + i + 1;
            }
        }
        start = end;
    }
    Some(ast)
}

/// Byte offsets just after each `;` that ends a top-level statement: outside brackets,
/// strings and comments. A mistake here only costs speed: a group that does not parse
/// sends the whole text to the parser.
fn statement_ends(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut ends = Vec::new();
    let mut depth = 0usize;
    // Brackets open inside each `${ ... }` of a backtick string, innermost last.
    let mut interpolations: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let mut nested = 0;
                while i + 1 < b.len() {
                    if b[i] == b'/' && b[i + 1] == b'*' {
                        nested += 1;
                        i += 2;
                    } else if b[i] == b'*' && b[i + 1] == b'/' {
                        nested -= 1;
                        i += 2;
                        if nested == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
                continue;
            }
            b'"' | b'\'' => i = skip_quoted(b, i),
            b'#' if matches!(b.get(i + 1), Some(b'#' | b'"')) => i = skip_raw(b, i),
            b'`' => {
                i = text_run(b, i, &mut depth, &mut interpolations);
                continue;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if b[i] == b'}' && interpolations.last() == Some(&depth) {
                    // The end of a `${ ... }`: the backtick string goes on.
                    interpolations.pop();
                    i = text_run(b, i, &mut depth, &mut interpolations);
                    continue;
                }
            }
            b';' if depth == 0 => ends.push(i + 1),
            _ => {}
        }
        i += 1;
    }
    ends
}

/// From an opening `"` or `'` to the index of its closing quote.
pub(super) fn skip_quoted(b: &[u8], start: usize) -> usize {
    let quote = b[start];
    let mut i = start + 1;
    while i < b.len() && b[i] != quote {
        i += if b[i] == b'\\' { 2 } else { 1 };
    }
    i
}

/// From `#...#"` to the index of the last `#` closing the raw string.
pub(super) fn skip_raw(b: &[u8], start: usize) -> usize {
    let hashes = b[start..].iter().take_while(|&&c| c == b'#').count();
    let mut i = start + hashes;
    if b.get(i) != Some(&b'"') {
        return start;
    }
    i += 1;
    while i < b.len() {
        if b[i] == b'"'
            && b[i + 1..]
                .iter()
                .take(hashes)
                .filter(|&&c| c == b'#')
                .count()
                == hashes
        {
            return i + hashes;
        }
        i += 1;
    }
    i
}

/// Reads backtick-string text from `start` (a backtick, or the `}` ending an
/// interpolation) and returns where code resumes: after the closing backtick, or after
/// a `${`, whose depth is then pushed.
fn text_run(b: &[u8], start: usize, depth: &mut usize, interpolations: &mut Vec<usize>) -> usize {
    let mut i = start + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'`' => return i + 1,
            b'$' if b.get(i + 1) == Some(&b'{') => {
                interpolations.push(*depth);
                *depth += 1;
                return i + 2;
            }
            _ => i += 1,
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_end_at_top_level_semicolons_only() {
        let text = r##"let a = 1; step("s", || { say("x;y"); next("t") }); // c;
/* a; /* b; */ */ let m = #{ k: `v ${ #{ q: 1 }.q }; w` }; let r = #"r;"#;"##;
        let ends = statement_ends(text);
        let cut: Vec<&str> = ends.iter().map(|&e| &text[..e]).collect();
        assert_eq!(ends.len(), 4, "{cut:#?}");
        assert_eq!(statement_ends("say(`x`);say(`y`);").len(), 2);
        assert!(cut[1].ends_with(r#"next("t") });"#));
        assert!(cut[2].ends_with("w` };"));
    }

    #[test]
    fn a_large_guide_compiles_in_groups_with_positions_kept() {
        let engine = Engine::new_raw();
        let mut text = String::from("let base = 40;\n");
        for i in 0..200 {
            text.push_str(&format!("let f{i} = || base + {i};\n"));
        }
        text.push_str("let total = f150.call();\nthrow total;\n");
        let ends = statement_ends(&text);
        assert_eq!(ends.len(), 203);
        let ast = in_groups(&engine, &text, &ends).expect("every group parses");
        let err = engine.run_ast(&ast).unwrap_err();
        // `f150`, parsed in the third group, captured `base` from the first.
        assert_eq!(err.to_string(), "Runtime error: 190 (line 203, position 1)");
        let broken = format!("{text}let x = ;\n");
        let err = compile(&engine, &broken).unwrap_err();
        assert_eq!(err.position().line(), Some(204));
    }
}
