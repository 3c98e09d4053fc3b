//! A guide with its modules as one file (`kintsugi bundle`): the guide's text, unchanged,
//! then its modules in line comments, which Rhai skips and loading reads
//! ([`super::modules::Shelf`]). The guide's lines keep their numbers, so a bundle checks
//! and runs as its guide does, with nothing beside it.
//!
//! ```text
//! ...the guide...
//! // kintsugi bundle: the modules this guide imports, kept with it as one file.
//! // module texts
//! // | fn greeting(who) {
//! // |     `Hello, ${who}.`
//! // | }
//! // |
//! ```
//!
//! A module's text is its `// |` lines joined by newlines (after `// | `, or nothing
//! for `// |`), so it comes back exactly as it was, whatever it holds.

use super::modules::Modules;

/// The line that starts the bundled modules.
const MARKER: &str =
    "// kintsugi bundle: the modules this guide imports, kept with it as one file.";
const HOW: &str = "// To change a module, edit its own file and bundle the guide again.";
const MODULE: &str = "// module ";
const LINE: &str = "// |";

/// Where the bundled modules start in `text` (the start of the marker's line), if any.
fn trailer_start(text: &str) -> Option<usize> {
    let mut at = 0;
    let mut found = None;
    for line in text.split_inclusive('\n') {
        if line.trim_end_matches(['\n', '\r']) == MARKER {
            found = Some(at);
        }
        at += line.len();
    }
    found
}

/// The guide's own text: `text` without bundled modules.
pub(crate) fn guide_part(text: &str) -> &str {
    trailer_start(text).map_or(text, |at| &text[..at])
}

/// The modules bundled at the end of `text` (none if it is not a bundle), or where the
/// bundle is damaged.
pub(crate) fn bundled(text: &str) -> Result<Modules, String> {
    let mut modules = Modules::new();
    let Some(at) = trailer_start(text) else {
        return Ok(modules);
    };
    let first_line = text[..at].matches('\n').count() + 1;
    let mut current: Option<(String, Vec<&str>)> = None;
    let mut done = |current: &mut Option<(String, Vec<&str>)>| {
        if let Some((name, lines)) = current.take() {
            modules.insert(name, lines.join("\n"));
        }
    };
    for (n, line) in text[at..].split('\n').enumerate().skip(1) {
        // A module's own line keeps its carriage return; the bundle's lines may have one.
        if let Some(name) = line.strip_prefix(MODULE) {
            done(&mut current);
            current = Some((name.trim().to_string(), Vec::new()));
        } else if let Some(rest) = line.strip_prefix(LINE) {
            let Some((_, lines)) = current.as_mut() else {
                return Err(format!(
                    "line {}: a module's line before any \"{MODULE}NAME\"",
                    first_line + n
                ));
            };
            lines.push(rest.strip_prefix(' ').unwrap_or(rest));
        } else if !matches!(line.trim_end_matches('\r'), "" | HOW) {
            return Err(format!(
                "line {}: after the bundle's first line, every line is \"{MODULE}NAME\" or \"{LINE} \" and a module's line",
                first_line + n
            ));
        }
    }
    done(&mut current);
    Ok(modules)
}

/// How many columns a module's line moves right in a bundle: after `// | `.
pub(crate) const LINE_PREFIX: usize = LINE.len() + 1;

/// The line of `text` (a bundle) where each bundled module's first line is.
pub(crate) fn module_lines(text: &str) -> std::collections::BTreeMap<String, usize> {
    let mut lines = std::collections::BTreeMap::new();
    let Some(at) = trailer_start(text) else {
        return lines;
    };
    let first_line = text[..at].matches('\n').count() + 1;
    for (n, line) in text[at..].split('\n').enumerate() {
        if let Some(name) = line.strip_prefix(MODULE) {
            lines.insert(name.trim().to_string(), first_line + n + 1);
        }
    }
    lines
}

/// Where a place in a bundled module (its file named as run-time errors name it,
/// `guide.rhai, bundled module texts.rhai`) is in the bundle's own text (`text`, read
/// from the file `file`), to show it from there, as `check` does.
pub fn place_in_bundle(
    file: &str,
    text: &str,
    at: &crate::error::Location,
) -> Option<crate::error::Location> {
    let name = at
        .file
        .strip_prefix(&format!("{file}, bundled module "))?
        .strip_suffix(".rhai")?;
    let first = *module_lines(text).get(name)?;
    Some(crate::error::Location {
        file: file.to_string(),
        line: at.line + first - 1,
        column: at.column + LINE_PREFIX,
    })
}

/// The guide's text `guide` (without modules bundled earlier) followed by `modules`.
pub(crate) fn bundle(guide: &str, modules: &Modules) -> String {
    let mut out = guide_part(guide).to_string();
    if modules.is_empty() {
        return out;
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(MARKER);
    out.push('\n');
    out.push_str(HOW);
    out.push('\n');
    for (name, text) in modules {
        out.push_str(MODULE);
        out.push_str(name);
        out.push('\n');
        for line in text.split('\n') {
            out.push_str(LINE);
            if !line.is_empty() {
                out.push(' ');
                out.push_str(line);
            }
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules_come_back_exactly_as_they_were() {
        let mut modules = Modules::new();
        modules.insert("texts".into(), "fn a() {\n\n  \"// | */\"\n}\n".into());
        modules.insert("sub/more".into(), "let x = 1;\r\nfn b() { x }".into());
        modules.insert("empty".into(), String::new());
        let guide = "guide(#{});\nstep(\"a\", || finish(\"x\"));";
        let one = bundle(guide, &modules);
        assert!(one.starts_with(guide));
        assert_eq!(bundled(&one).unwrap(), modules);
        assert_eq!(guide_part(&one), format!("{guide}\n"));
        // Bundling a bundle again gives the same file.
        assert_eq!(bundle(&one, &modules), one);
        assert!(bundled(guide).unwrap().is_empty());
    }

    #[test]
    fn a_damaged_bundle_is_refused_with_its_line() {
        let text = format!("x\n{MARKER}\n// module a\n// | 1\nstray\n");
        assert!(bundled(&text).unwrap_err().starts_with("line 5:"));
    }
}
