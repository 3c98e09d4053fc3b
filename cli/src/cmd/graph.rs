//! `kintsugi graph`: a picture of a guide's flow, from an exploration. Steps are nodes;
//! moves are edges labelled with the answers that lead along them; each step that
//! finishes has an end node; steps with errors, or from which no finish can be reached,
//! are marked; steps never reached are drawn dashed.
//!
//! Two formats: Graphviz DOT (`dot -Tsvg`) and Mermaid (`flowchart`).

use crate::args::{GraphArgs, GraphFormat};
use crate::cmd::explore::{Explored, Limits, explored};
use kintsugi_engine::explore::shorten;
use kintsugi_engine::explore::{Exploration, Target};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::process::ExitCode;

/// Runs `kintsugi graph`.
pub fn run(args: GraphArgs, out: &mut dyn std::io::Write) -> anyhow::Result<ExitCode> {
    let limits = Limits {
        max_paths: args.max_paths,
        max_depth: args.max_depth,
        max_rounds: args.max_rounds,
        random: None,
        seed: args.seed,
        names: None,
        threads: None,
        keep_paths: false,
        history: None,
    };
    let Explored {
        guide, exploration, ..
    } = explored(&args.guide, &limits)?;
    let flow = Flow::new(&exploration, &guide.steps(), static_moves(&guide));
    let text = match args.format {
        GraphFormat::Dot => flow.dot(),
        GraphFormat::Mermaid => flow.mermaid(),
    };
    match &args.output {
        // Written as it would be shown: labels quote a guide's words and answers.
        Some(path) => std::fs::write(path, kintsugi_engine::shown::escape(&text).as_bytes())
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?,
        None => write!(out, "{text}")?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Every move written in the guide (`next("...")` with a literal name), from the outline
/// of its source; those the exploration never took are drawn dashed.
fn static_moves(guide: &kintsugi_engine::Guide) -> Vec<(String, String)> {
    guide
        .outline()
        .steps
        .iter()
        .flat_map(|step| step.moves.iter().map(|m| (step.name.clone(), m.to.clone())))
        .collect()
}

/// What is drawn, independent of the format.
pub struct Flow {
    title: String,
    nodes: Vec<Node>,
    edges: Vec<Edge>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Look {
    Start,
    Step,
    Unreached,
    Stuck,
    Error,
    End,
    Failure,
}

struct Node {
    /// A stable id: `step:NAME`, `end:STEP`, `error:N` or `start`.
    id: String,
    /// A short id for Mermaid: `s0`, `e0`, `x0`, `start`.
    short: String,
    label: String,
    tooltip: String,
    look: Look,
}

struct Edge {
    from: usize,
    to: usize,
    label: String,
    /// Written in the guide but never taken while exploring.
    dashed: bool,
}

impl Flow {
    /// The picture of an exploration, with the moves `written` in the guide.
    pub fn new(x: &Exploration, steps: &[(String, usize)], written: Vec<(String, String)>) -> Flow {
        let mut nodes = vec![Node {
            id: "start".into(),
            short: "start".into(),
            label: "start".into(),
            tooltip: "where the guide starts".into(),
            look: Look::Start,
        }];
        let mut step_node = std::collections::HashMap::new();
        for (i, (name, line)) in steps.iter().enumerate() {
            let cov = x.steps.iter().find(|s| &s.step == name);
            let (look, note) = match cov {
                Some(c) if c.errors > 0 => (
                    Look::Error,
                    format!(
                        "{} {}",
                        c.errors,
                        if c.errors == 1 { "error" } else { "errors" }
                    ),
                ),
                Some(c) if c.stuck > 0 => (Look::Stuck, "cannot finish".to_string()),
                Some(c) if !c.reached => (Look::Unreached, "never reached".to_string()),
                _ => (Look::Step, String::new()),
            };
            step_node.insert(name.clone(), nodes.len());
            nodes.push(Node {
                id: format!("step:{name}"),
                short: format!("s{i}"),
                label: if note.is_empty() {
                    name.clone()
                } else {
                    format!("{name}\n({note})")
                },
                tooltip: format!("step \"{name}\", line {line}"),
                look,
            });
        }
        let mut end_node = Vec::new();
        for (i, end) in x.ends.iter().enumerate() {
            end_node.push(nodes.len());
            nodes.push(Node {
                id: format!("end:{}", end.step),
                short: format!("e{i}"),
                label: "end".into(),
                tooltip: end.text.clone(),
                look: Look::End,
            });
        }
        let mut error_node = Vec::new();
        for (i, error) in x.errors.iter().enumerate() {
            error_node.push(nodes.len());
            let message = &error.message;
            nodes.push(Node {
                id: format!("error:{}", i + 1),
                short: format!("x{i}"),
                label: format!("error {}\n{}", i + 1, shorten(message, 40)),
                tooltip: error.error.clone(),
                look: Look::Failure,
            });
        }
        let mut edges = Vec::new();
        let mut taken = HashSet::new();
        for m in &x.moves {
            let from = match &m.from {
                None => 0,
                Some(step) => match step_node.get(step) {
                    Some(&n) => n,
                    None => continue,
                },
            };
            let to = match &m.to {
                Target::Step(step) => match step_node.get(step) {
                    Some(&n) => n,
                    None => continue,
                },
                Target::End(i) => end_node[*i],
                Target::Error(i) => error_node[*i],
            };
            if let (Some(a), Target::Step(b)) = (&m.from, &m.to) {
                taken.insert((a.clone(), b.clone()));
            }
            edges.push(Edge {
                from,
                to,
                label: m.label.clone(),
                dashed: false,
            });
        }
        for (a, b) in written {
            if taken.contains(&(a.clone(), b.clone())) {
                continue;
            }
            if let (Some(&from), Some(&to)) = (step_node.get(&a), step_node.get(&b)) {
                taken.insert((a, b));
                edges.push(Edge {
                    from,
                    to,
                    label: "not taken".into(),
                    dashed: true,
                });
            }
        }
        Flow {
            title: x.title.clone(),
            nodes,
            edges,
        }
    }

    /// As Graphviz DOT.
    pub fn dot(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "digraph {} {{", dot_str(&self.title));
        let _ = writeln!(
            out,
            "  graph [label={}, labelloc=t, fontname=\"Helvetica\", rankdir=TB];",
            dot_str(&self.title)
        );
        let _ = writeln!(
            out,
            "  node [shape=box, style=rounded, fontname=\"Helvetica\"];"
        );
        let _ = writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=10];");
        for n in &self.nodes {
            let attrs = match n.look {
                Look::Start => "shape=circle, style=filled, fillcolor=black, width=0.2, fixedsize=true, label=\"\"".to_string(),
                Look::Step => String::new(),
                Look::Unreached => "style=\"rounded,dashed\", color=gray50, fontcolor=gray50".into(),
                Look::Stuck => "style=\"rounded,filled\", fillcolor=\"#fff3cd\", color=\"#b26a00\"".into(),
                Look::Error => "style=\"rounded,filled\", fillcolor=\"#fde2e2\", color=\"#c62828\"".into(),
                Look::End => "shape=doublecircle, width=0.3".into(),
                Look::Failure => "shape=octagon, color=\"#c62828\", fontcolor=\"#c62828\"".into(),
            };
            let mut parts = Vec::new();
            if n.look != Look::Start {
                parts.push(format!("label={}", dot_str(&n.label)));
            }
            parts.push(format!("tooltip={}", dot_str(&n.tooltip)));
            if !attrs.is_empty() {
                parts.push(attrs);
            }
            let _ = writeln!(out, "  {} [{}];", dot_str(&n.id), parts.join(", "));
        }
        for e in &self.edges {
            let mut parts = Vec::new();
            if !e.label.is_empty() {
                parts.push(format!("label={}", dot_str(&e.label)));
            }
            if e.dashed {
                parts.push("style=dashed, color=gray50, fontcolor=gray50".into());
            }
            let attrs = if parts.is_empty() {
                String::new()
            } else {
                format!(" [{}]", parts.join(", "))
            };
            let _ = writeln!(
                out,
                "  {} -> {}{attrs};",
                dot_str(&self.nodes[e.from].id),
                dot_str(&self.nodes[e.to].id)
            );
        }
        out.push_str("}\n");
        out
    }

    /// As a Mermaid flowchart.
    pub fn mermaid(&self) -> String {
        let mut out = String::new();
        // The title in YAML front matter, as a double-quoted YAML string.
        let title = self
            .title
            .replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', " ");
        let _ = writeln!(out, "---\ntitle: \"{title}\"\n---");
        out.push_str("flowchart TD\n");
        for n in &self.nodes {
            let label = mermaid_str(&n.label).replace('\n', "<br/>");
            let shape = match n.look {
                Look::Start => format!("{}((\" \"))", n.short),
                Look::End => format!("{}(((\"{label}\")))", n.short),
                Look::Failure => format!("{}{{{{\"{label}\"}}}}", n.short),
                _ => format!("{}[\"{label}\"]", n.short),
            };
            let _ = writeln!(out, "    {shape}");
        }
        for e in &self.edges {
            let (from, to) = (&self.nodes[e.from].short, &self.nodes[e.to].short);
            let arrow = if e.dashed { "-.->" } else { "-->" };
            if e.label.is_empty() {
                let _ = writeln!(out, "    {from} {arrow} {to}");
            } else {
                let _ = writeln!(
                    out,
                    "    {from} {arrow}|\"{}\"| {to}",
                    mermaid_str(&e.label).replace('\n', " ")
                );
            }
        }
        let classes = [
            (Look::Start, "entry", "fill:#000,stroke:#000"),
            (
                Look::Unreached,
                "unreached",
                "stroke-dasharray:4 3,color:#777,stroke:#777",
            ),
            (Look::Stuck, "stuck", "fill:#fff3cd,stroke:#b26a00"),
            (Look::Error, "error", "fill:#fde2e2,stroke:#c62828"),
            (Look::Failure, "failure", "stroke:#c62828,color:#c62828"),
        ];
        for (look, class, style) in classes {
            let ids: Vec<&str> = self
                .nodes
                .iter()
                .filter(|n| n.look == look)
                .map(|n| n.short.as_str())
                .collect();
            if !ids.is_empty() {
                let _ = writeln!(out, "    classDef {class} {style}");
                let _ = writeln!(out, "    class {} {class}", ids.join(","));
            }
        }
        out
    }
}

/// A DOT string: quoted, with quotes and backslashes escaped and line breaks as `\n`.
pub fn dot_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text for inside a quoted Mermaid label: characters Mermaid reads as markup are written
/// as its entity codes (`#quot;`, `#35;`, ...).
pub fn mermaid_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '|' => out.push_str("#124;"),
            '`' => out.push_str("#96;"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}
