//! The engine's house, drawn from its imports: no module imports through `lib.rs`, no
//! circle between files, and no arrow from a lower layer up to a higher one.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The engine's top-level modules, lowest first; a module may use only modules of its
/// own layer or of layers before it.
const LAYERS: &[&[&str]] = &[
    &[
        "error", "code", "hash", "value", "audience", "prompt", "event", "shown", "couple",
        "program", "spelling",
    ],
    &["syntax"],
    &["runtime"],
    &["plugins"],
    &["guide"],
    &["session"],
    &["formats"],
    &["check", "defs", "explore"],
];

fn layer_of(top: &str) -> usize {
    LAYERS
        .iter()
        .position(|layer| layer.contains(&top))
        .unwrap_or_else(|| panic!("the module `{top}` is in no layer: add it to LAYERS"))
}

/// Every `.rs` file under `src`, as its module path (`runtime::run`), but `lib.rs`.
fn modules(src: &Path) -> BTreeMap<Vec<String>, PathBuf> {
    let mut found = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(src).unwrap().with_extension("");
                let mut parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if parts.last().is_some_and(|p| p == "mod") {
                    parts.pop();
                }
                if parts != ["lib"] {
                    found.insert(parts, path);
                }
            }
        }
    }
    found
}

/// The paths a file names after `crate::` or `super::` (use lists expanded), resolved to
/// absolute module paths.
fn paths_named(text: &str, here: &[String]) -> Vec<Vec<String>> {
    // Unit tests sit at the end of a file, in a module whose `super` is the file.
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    // Drop line comments, so prose that says `crate::x` is not an import.
    let code: String = text
        .lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = Vec::new();
    for (start, prefix) in code
        .match_indices("crate::")
        .map(|(i, _)| (i, "crate"))
        .chain(code.match_indices("super::").map(|(i, _)| (i, "super")))
    {
        if start > 0 {
            let before = code[..start].chars().next_back().unwrap();
            if before.is_alphanumeric() || before == '_' || (prefix == "super" && before == ':') {
                continue;
            }
        }
        let base: Vec<String> = if prefix == "crate" {
            Vec::new()
        } else {
            // `super` of `a/b.rs` (module `a::b`) is `a`.
            let mut m = here.to_vec();
            m.pop();
            m
        };
        let rest = &code[start + prefix.len() + 2..];
        expand(rest, base, &mut out);
    }
    out
}

/// Reads one path (with `{...}` groups) from the start of `text`.
fn expand(text: &str, mut base: Vec<String>, out: &mut Vec<Vec<String>>) {
    let mut chars = text.char_indices().peekable();
    let mut ident = String::new();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            ident.push(c);
        } else if c == ':' && chars.peek().map(|p| p.1) == Some(':') {
            chars.next();
            if ident == "self" {
                ident.clear();
                continue;
            }
            base.push(std::mem::take(&mut ident));
        } else if c == '{' && ident.is_empty() {
            // A group: split at top-level commas.
            let inner = &text[i + 1..];
            let mut depth = 0;
            let mut from = 0;
            for (j, d) in inner.char_indices() {
                match d {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        expand(&inner[from..j], base.clone(), out);
                        return;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        expand(&inner[from..j], base.clone(), out);
                        from = j + 1;
                    }
                    _ => {}
                }
            }
            return;
        } else if c.is_whitespace() && ident.is_empty() {
            continue;
        } else {
            break;
        }
    }
    if !ident.is_empty() && ident != "self" {
        base.push(ident);
    }
    out.push(base);
}

/// The module a path lands in: its longest prefix that is a module.
fn module_of<'a>(
    path: &[String],
    modules: &'a BTreeMap<Vec<String>, PathBuf>,
) -> Option<&'a Vec<String>> {
    (1..=path.len())
        .rev()
        .find_map(|n| modules.get_key_value(&path[..n]).map(|(k, _)| k))
}

#[test]
fn the_engine_imports_form_layers_without_circles() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let modules = modules(&src);
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    let mut problems = Vec::new();
    for (module, file) in &modules {
        let text = std::fs::read_to_string(file).unwrap();
        for path in paths_named(&text, module) {
            let Some(target) = module_of(&path, &modules) else {
                problems.push(format!(
                    "{}: `crate::{}` goes through lib.rs; import it from the module that defines it",
                    module.join("::"),
                    path.join("::")
                ));
                continue;
            };
            // A folder's own mod.rs and its files may use each other's items.
            if target != module && !module.starts_with(target) {
                edges
                    .entry(module.clone())
                    .or_default()
                    .insert(target.clone());
            }
        }
    }
    for (from, tos) in &edges {
        for to in tos {
            let (a, b) = (layer_of(&from[0]), layer_of(&to[0]));
            if b > a {
                problems.push(format!(
                    "{} (layer {a}) uses {} (layer {b}), a higher layer",
                    from.join("::"),
                    to.join("::")
                ));
            }
        }
    }
    // A circle between files: depth-first search for a back edge.
    fn visit(
        node: &Vec<String>,
        edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        path: &mut Vec<Vec<String>>,
        done: &mut BTreeSet<Vec<String>>,
        problems: &mut Vec<String>,
    ) {
        if done.contains(node) {
            return;
        }
        if let Some(i) = path.iter().position(|p| p == node) {
            let circle: Vec<String> = path[i..].iter().map(|m| m.join("::")).collect();
            problems.push(format!(
                "a circle: {} -> {}",
                circle.join(" -> "),
                node.join("::")
            ));
            return;
        }
        path.push(node.clone());
        for next in edges.get(node).into_iter().flatten() {
            visit(next, edges, path, done, problems);
        }
        path.pop();
        done.insert(node.clone());
    }
    let mut done = BTreeSet::new();
    for module in modules.keys() {
        visit(module, &edges, &mut Vec::new(), &mut done, &mut problems);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The test can fail: the layers it knows are the folders that exist.
    assert!(modules.contains_key(&vec!["runtime".to_string(), "run".to_string()]));
    assert!(edges.values().map(BTreeSet::len).sum::<usize>() > 20);
}
