//! The partners' names for a guide's roles: given with `--names`, asked at the keyboard,
//! or made up for authors' tools.

use crate::terminal::{Input, Line};
use anyhow::{Context, bail};
use indexmap::IndexMap;
use kintsugi_engine::Declaration;
use std::io::Write;

/// Reads `role=Name,role=Name`, checking every role of the guide is named once.
pub fn parse(list: &str, decl: &Declaration) -> anyhow::Result<IndexMap<String, String>> {
    let mut names = IndexMap::new();
    for pair in list.split(',') {
        let (role, name) = pair
            .split_once('=')
            .context("--names takes role=Name,role=Name")?;
        let (role, name) = (role.trim(), name.trim());
        if !decl.roles.contains_key(role) {
            bail!(
                "this guide has no role \"{role}\"; its roles are {}",
                decl.roles.keys().cloned().collect::<Vec<_>>().join(", ")
            );
        }
        if let Some(refusal) = kintsugi_engine::shown::refusal(name) {
            bail!("--names: the name for \"{role}\" is refused. {refusal}");
        }
        names.insert(role.to_string(), name.to_string());
    }
    for role in decl.roles.keys() {
        if !names.contains_key(role) {
            bail!("--names gives no name for the role \"{role}\"");
        }
    }
    Ok(names)
}

/// What `:help` says at a name.
const NAME_HELP: &str = "Kintsugi uses your first names to say whose turn it is and to hand the screen to each of you when something is for one of you alone. They are kept with the session, on this computer only. Type a first name (at most 40 characters). :back goes back to the question before, :pause pauses (where to get support is there), and Ctrl-D leaves without starting.";

/// Asks each partner's name, by role, after those in `names` (given before `:back` at
/// the question after them). `region`, if the data folder knows it already, is whose
/// help `:pause` shows. `None` if the input ended first, or someone left.
pub fn ask(
    input: &mut Input,
    decl: &Declaration,
    mut names: IndexMap<String, String>,
    region: Option<&str>,
    out: &mut dyn Write,
) -> std::io::Result<Option<IndexMap<String, String>>> {
    if names.is_empty() {
        writeln!(out, "\nFirst, your names.")?;
    } else {
        writeln!(out)?;
    }
    let roles: Vec<(&String, &String)> = decl.roles.iter().collect();
    while names.len() < roles.len() {
        let (role, description) = roles[names.len()];
        writeln!(out, "Who is {description}?")?;
        loop {
            let name = match input.read(out, "  Name › ", &[])? {
                Line::Text(text) => text.trim().to_string(),
                Line::End => return Ok(None),
            };
            if name == ":pause" {
                if !paused(input, region, out)? {
                    writeln!(out, "\nNothing was started.")?;
                    return Ok(None);
                }
                writeln!(out, "\nWho is {description}?")?;
            } else if name == ":back" && !names.is_empty() {
                // The name before is asked again.
                names.pop();
                writeln!(out)?;
                break;
            } else if name == ":back" {
                writeln!(
                    out,
                    "  This is the first question: there is nothing before it. Type a name, or :help."
                )?;
            } else if name == ":help" || name == ":h" || name == ":?" {
                writeln!(out, "{}", crate::terminal::wrap(NAME_HELP, "  ", "  "))?;
            } else if name == ":quit" {
                writeln!(out, "\nNothing was started.")?;
                return Ok(None);
            } else if let Some(refusal) = kintsugi_engine::shown::refusal(&name) {
                writeln!(out, "  {refusal}")?;
            } else if name.is_empty() {
                writeln!(out, "  Please type a name (a first name is enough).")?;
            } else if name.chars().count() > 40 {
                writeln!(out, "  Please use a shorter name (at most 40 characters).")?;
            } else if name.starts_with(':') {
                writeln!(
                    out,
                    "  Names cannot start with ':'. Here :back, :help, :pause and :quit work; the other commands once the questions start."
                )?;
            } else if names.values().any(|n| n.eq_ignore_ascii_case(&name)) {
                writeln!(
                    out,
                    "  That name is taken by the other partner; please use another."
                )?;
            } else {
                names.insert(role.clone(), name);
                break;
            }
        }
    }
    Ok(Some(names))
}

/// `:pause` before anything has started (at the names or the region): go on, see where
/// to get support, or leave. Whether to go on. `region`, if known already, is whose
/// help it shows; before it is asked, every region's.
pub fn paused(
    input: &mut Input,
    region: Option<&str>,
    out: &mut dyn Write,
) -> std::io::Result<bool> {
    const OPTIONS: [&str; 3] = [
        "Go on now",
        "See where to get support",
        "Leave without starting",
    ];
    let menu = kintsugi_engine::Prompt::new(
        kintsugi_engine::Audience::Both,
        "What would you like to do?",
        kintsugi_engine::PromptKind::choice(OPTIONS.iter().map(|o| o.to_string()).collect()),
    );
    writeln!(
        out,
        "\n── Paused ──\nNothing has started yet, and nothing is saved."
    )?;
    loop {
        writeln!(out, "What would you like to do?")?;
        for (i, option) in OPTIONS.iter().enumerate() {
            writeln!(out, "  {}. {option}", i + 1)?;
        }
        let options: Vec<String> = OPTIONS.iter().map(|o| o.to_string()).collect();
        let picked = match input.read(out, "› ", &options)? {
            Line::Text(text) => match menu.parse(&text) {
                Ok(value) => value.to_string(),
                Err(message) => {
                    writeln!(out, "{message}")?;
                    continue;
                }
            },
            Line::End => return Ok(false),
        };
        if picked == OPTIONS[0] {
            return Ok(true);
        }
        if picked == OPTIONS[2] {
            return Ok(false);
        }
        writeln!(
            out,
            "\n{}",
            crate::terminal::wrap(&support_before_start(region), "", "")
        )?;
        writeln!(out)?;
    }
}

/// Where to get support before anything has started: the region's lines if the data
/// folder knows where the couple lives; else every region's, each under its name, and
/// what to do anywhere else (not "no numbers for your region": the region is simply
/// not asked yet).
fn support_before_start(region: Option<&str>) -> String {
    use kintsugi_engine::safety_data::{regions, support_text};
    if let Some(region) =
        region.filter(|code| regions().iter().any(|r| r.code.eq_ignore_ascii_case(code)))
    {
        return support_text(Some(region), None);
    }
    let mut said = vec![
        "Until you say where you live, here are the lines for each region Kintsugi has checked numbers for.".to_string(),
    ];
    for region in regions() {
        said.push(support_text(Some(&region.code), None));
    }
    said.push(
        "Anywhere else: if you are in danger now, call your local emergency number. A doctor, a local crisis line or a domestic-violence service near you can help too."
            .to_string(),
    );
    said.join("\n\n")
}

/// Names for a guide's roles when none are given: Alex, Sam, Robin, Kim, ...
pub fn made_up(decl: &Declaration) -> IndexMap<String, String> {
    const NAMES: [&str; 6] = ["Alex", "Sam", "Robin", "Kim", "Jo", "Lee"];
    decl.roles
        .keys()
        .enumerate()
        .map(|(i, role)| {
            let name = match NAMES.get(i) {
                Some(n) => n.to_string(),
                None => format!("Partner {}", i + 1),
            };
            (role.clone(), name)
        })
        .collect()
}
