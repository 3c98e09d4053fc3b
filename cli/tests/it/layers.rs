//! The shape of `cli/src`, read from its sources: which module uses which (through
//! `crate::`, `super::` and a folder's own submodules), with no circles, and the command
//! line (`args.rs`) knowing nothing of the commands.
//!
//! A folder is one room: its files may use the folder's `mod.rs`, which declares them,
//! so an arrow from a file up to a folder it lies in is not counted.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Module = Vec<String>;

/// Every module of `cli/src` with its text, comments left out.
fn modules() -> BTreeMap<Module, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(&src).unwrap().with_extension("");
            let mut module: Module = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if matches!(module.last().map(String::as_str), Some("mod" | "main")) {
                module.pop();
            }
            let text: String = std::fs::read_to_string(&path)
                .unwrap()
                .lines()
                .filter(|line| !line.trim_start().starts_with("//"))
                .map(|line| format!("{line}\n"))
                .collect();
            found.insert(module, text);
        }
    }
    found
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The paths written after `prefix` (`crate::`, `super::`, `name::`) in `text`, each as
/// its segments; a `{...}` group gives one path per item.
fn paths_after(text: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(prefix) {
        let start = from + i;
        from = start + prefix.len();
        let before = text[..start].chars().next_back();
        if before.is_some_and(|c| is_ident(c) || c == ':') {
            continue;
        }
        paths.extend(paths_at(&text[from..]));
    }
    paths
}

/// The paths at the start of `text`: `a::b::c`, or `a::{b, c::d}` as one per item.
fn paths_at(text: &str) -> Vec<Vec<String>> {
    let mut head = Vec::new();
    let mut rest = text;
    loop {
        if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            return inner
                .split(',')
                .flat_map(|item| paths_at(item.trim()))
                .map(|tail| head.iter().cloned().chain(tail).collect())
                .collect();
        }
        let end = rest.find(|c: char| !is_ident(c)).unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        head.push(rest[..end].to_string());
        match rest[end..].strip_prefix("::") {
            Some(more) => rest = more,
            None => break,
        }
    }
    if head.is_empty() {
        Vec::new()
    } else {
        vec![head]
    }
}

/// The module a path from `base` names: the longest prefix that is a module.
fn resolve(all: &BTreeMap<Module, String>, base: &[String], path: &[String]) -> Module {
    let mut full: Module = base.to_vec();
    let mut best = full.clone();
    for segment in path {
        full.push(segment.clone());
        if all.contains_key(&full) {
            best = full.clone();
        } else {
            break;
        }
    }
    best
}

/// Who uses whom, one arrow per pair.
fn arrows() -> BTreeMap<Module, BTreeSet<Module>> {
    let all = modules();
    let mut arrows: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (module, text) in &all {
        let mut to = BTreeSet::new();
        for path in paths_after(text, "crate::") {
            to.insert(resolve(&all, &[], &path));
        }
        if let Some((_, parent)) = module.split_last() {
            for path in paths_after(text, "super::") {
                to.insert(resolve(&all, parent, &path));
            }
        }
        // A folder's own submodules, named without `crate::` or `self::`.
        for child in all
            .keys()
            .filter(|m| m.len() == module.len() + 1 && m.starts_with(module))
        {
            let name = format!("{}::", child.last().unwrap());
            for path in paths_after(text, &name) {
                to.insert(resolve(&all, child, &path));
            }
        }
        // Arrows up to the folders a file is in do not count (see the top).
        to.retain(|target| !module.starts_with(target));
        arrows.insert(module.clone(), to);
    }
    arrows
}

fn name(module: &Module) -> String {
    if module.is_empty() {
        "main".into()
    } else {
        module.join("::")
    }
}

/// A circle in the arrows, if there is one, as the modules on it.
fn circle(arrows: &BTreeMap<Module, BTreeSet<Module>>) -> Option<Vec<String>> {
    // Depth-first search: 0 unseen, 1 on the current path, 2 done.
    fn visit(
        at: &Module,
        arrows: &BTreeMap<Module, BTreeSet<Module>>,
        state: &mut BTreeMap<Module, u8>,
        path: &mut Vec<Module>,
    ) -> Option<Vec<String>> {
        state.insert(at.clone(), 1);
        path.push(at.clone());
        for next in arrows.get(at).into_iter().flatten() {
            match state.get(next).copied().unwrap_or(0) {
                1 => {
                    let from = path.iter().position(|m| m == next).unwrap();
                    let mut names: Vec<String> = path[from..].iter().map(name).collect();
                    names.push(name(next));
                    return Some(names);
                }
                0 => {
                    if let Some(found) = visit(next, arrows, state, path) {
                        return Some(found);
                    }
                }
                _ => {}
            }
        }
        path.pop();
        state.insert(at.clone(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for module in arrows.keys() {
        if state.get(module).copied().unwrap_or(0) == 0
            && let Some(found) = visit(module, arrows, &mut state, &mut Vec::new())
        {
            return Some(found);
        }
    }
    None
}

#[test]
fn the_modules_of_the_binary_form_no_circle() {
    let arrows = arrows();
    assert!(arrows.len() > 20, "every file is read: {:?}", arrows.keys());
    if let Some(found) = circle(&arrows) {
        panic!("a circle: {}", found.join(" → "));
    }
    // Nor do the top-level rooms (a folder counts as one).
    let mut rooms: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (from, to) in &arrows {
        let room = |m: &Module| m.iter().take(1).cloned().collect::<Module>();
        let entry = rooms.entry(room(from)).or_default();
        entry.extend(
            to.iter()
                .map(room)
                .filter(|r| *r != room(from) && !r.is_empty()),
        );
    }
    if let Some(found) = circle(&rooms) {
        panic!("a circle between folders: {}", found.join(" → "));
    }
}

#[test]
fn the_command_line_knows_nothing_of_the_commands() {
    let arrows = arrows();
    let args = &arrows[&vec!["args".to_string()]];
    assert!(args.is_empty(), "args.rs uses {args:?}");
}

#[test]
fn the_old_circle_would_be_found() {
    // What the check sees when two modules use each other.
    let mut arrows = BTreeMap::new();
    let (a, b) = (vec!["a".to_string()], vec!["b".to_string()]);
    arrows.insert(a.clone(), BTreeSet::from([b.clone()]));
    arrows.insert(b.clone(), BTreeSet::from([a.clone()]));
    assert_eq!(
        circle(&arrows),
        Some(vec!["a".into(), "b".into(), "a".into()])
    );
}

/// The graph, for `cargo test -- --nocapture` readers.
#[test]
fn print_the_graph() {
    for (from, to) in arrows() {
        let to: Vec<String> = to.iter().map(name).collect();
        println!("{} → {}", name(&from), to.join(", "));
    }
}
