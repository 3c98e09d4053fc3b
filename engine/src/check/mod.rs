//! `check`: the problems in a guide that can be found without running a session.
//!
//! A guide is compiled, its top level is run once (as [`Guide::load`] does: that
//! declares the guide and its steps, and asks nothing), and its syntax tree is read
//! into an [`Outline`]. Each problem becomes a [`Diagnostic`] with a stable [`Code`];
//! `docs/checks.md` describes every code with an example.

mod outline;

pub use self::outline::{
    Condition, DeclarationOutline, Move, OpenEnd, Outline, Pos, PromptOutline, StepOutline,
};

use self::outline::{DeclValue, Facts, FnFacts, RevealValue, STEP_ONLY, Text, WhoFact};
use crate::{Config, Error, ErrorKind, Guide, Location, Source};
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::fmt;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The guide fails to load, or fails when a session reaches this place.
    Error,
    /// The guide runs, but very likely not as its author meant.
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! codes {
    ($($variant:ident = $id:literal, $severity:ident, $summary:literal;)*) => {
        /// A kind of problem. Its id (`K0007`) never changes meaning.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(#[doc = $summary] $variant,)*
        }

        impl Code {
            /// Every code, in order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable id, such as `K0007`.
            pub fn id(self) -> &'static str {
                match self {
                    $(Code::$variant => $id,)*
                }
            }

            pub fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }

            /// What the code means, in a few words.
            pub fn summary(self) -> &'static str {
                match self {
                    $(Code::$variant => $summary,)*
                }
            }
        }
    };
}

codes! {
    Unreadable = "K0000", Error, "the guide file cannot be read";
    Syntax = "K0001", Error, "the guide is not valid Rhai";
    Declaration = "K0002", Error, "the guide's declaration is missing, repeated, misplaced or has an unknown key";
    Title = "K0003", Error, "the declaration has no title";
    Roles = "K0004", Error, "the declaration has no roles, or a role that cannot be";
    Start = "K0005", Error, "the declaration has no start step, or it names no step";
    DuplicateStep = "K0006", Error, "two steps have the same name";
    MissingStep = "K0007", Error, "next(...) moves to a step that does not exist";
    NoWayOn = "K0008", Error, "a step can neither move on nor finish";
    OpenEnd = "K0009", Warning, "a path through a step ends without next(...) or finish(...)";
    Unreachable = "K0010", Warning, "no path from the start step reaches this step";
    NoFinish = "K0011", Warning, "from this step the guide can never finish";
    UnknownRole = "K0012", Error, "a prompt is addressed to someone the guide does not declare";
    UnknownName = "K0013", Error, "a name that is not a role, both, each or a variable";
    RevealNotPrivate = "K0014", Warning, "reveal(...) shows something that was never private";
    ChooseOptions = "K0015", Error, "choose(...) has too few, empty or repeated options";
    PromptArguments = "K0016", Error, "a scale range or prompt option that cannot work";
    OutsideStep = "K0017", Error, "a step's function is used outside a step";
    LoadFailed = "K0018", Error, "the guide's top level fails when it loads";
    UnknownFunction = "K0019", Error, "a function that does not exist, or is given the wrong number of values";
    QuotedTemplate = "K0020", Warning, "`${...}` written in quotes, where it is not filled in";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Another place a diagnostic points at, such as the first of two steps with one name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub location: Location,
    /// How many characters to underline there.
    pub length: usize,
    pub label: String,
}

/// One problem found in a guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub location: Location,
    /// How many characters to underline at the location (at least one).
    pub length: usize,
    /// A few words shown at the underline.
    pub label: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The step it is in, when there is one.
    pub step: Option<String>,
    pub related: Vec<Related>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}[{}]: {}",
            self.location, self.severity, self.code, self.message
        )
    }
}

impl Diagnostic {
    /// A diagnostic for an error from [`Guide::load`]: a syntax error, a declaration
    /// that does not hold, or a failure of the guide's top level.
    pub fn from_load_error(error: &Error, source: &Source) -> Diagnostic {
        let code = load_error_code(error);
        let location = error.location.clone().unwrap_or_else(|| Location {
            file: source.name.clone(),
            line: 1,
            column: 1,
        });
        let text = Text::new(&source.text);
        let length = text.token_len(Pos {
            line: location.line,
            column: location.column,
        });
        let help = match code {
            Code::Syntax => {
                "Rhai expected something else here; the rest of the guide is checked once it parses"
            }
            Code::Declaration | Code::Title | Code::Roles | Code::Start => {
                "a guide starts with guide(#{ title: \"...\", roles: #{ first: \"...\", second: \"...\" }, start: \"...\" }), then its steps"
            }
            Code::DuplicateStep => "step names must be unique: rename one of them",
            Code::UnknownName => {
                "a name is a role, both, each, or a variable defined with `let` before it is used"
            }
            Code::OutsideStep => "move it into a step(\"...\", || { ... })",
            _ => {
                "the top level of a guide runs when it loads, before any question; `kintsugi run` stops here too"
            }
        };
        Diagnostic {
            code,
            severity: code.severity(),
            message: error.message.clone(),
            location,
            length,
            label: "here".into(),
            help: Some(help.to_string()),
            step: error.step.clone(),
            related: Vec::new(),
        }
    }
}

/// Which code an error from loading a guide is. The messages are the engine's own (in
/// `guide.rs` and `plugins/core.rs`); the tests load a guide for each.
fn load_error_code(error: &Error) -> Code {
    let m = error.message.as_str();
    match error.kind {
        ErrorKind::Syntax => Code::Syntax,
        ErrorKind::Declaration if m.contains("no steps") || m.contains("starts at") => Code::Start,
        ErrorKind::Declaration => Code::Declaration,
        ErrorKind::Runtime if m.contains("needs title") => Code::Title,
        ErrorKind::Runtime
            if m.contains("needs roles")
                || m.contains("at least one role")
                || m.contains("cannot be a role name") =>
        {
            Code::Roles
        }
        ErrorKind::Runtime if m.contains("needs start") => Code::Start,
        ErrorKind::Runtime if m.starts_with("guide(") => Code::Declaration,
        ErrorKind::Runtime if m.contains("steps named") => Code::DuplicateStep,
        ErrorKind::Runtime if m.starts_with("unknown name") => Code::UnknownName,
        ErrorKind::Runtime if m.contains("can only be used inside a step") => Code::OutsideStep,
        _ => Code::LoadFailed,
    }
}

/// Checks a guide: every problem found without running a session, sorted by place.
pub fn check(source: &Source, config: &Config) -> Vec<Diagnostic> {
    let loaded = Guide::load(source.clone(), config.clone());
    let compiled;
    let (ast, load_error) = match &loaded {
        Ok(guide) => (guide.ast(), None),
        Err(err) if err.kind == ErrorKind::Syntax => {
            return vec![Diagnostic::from_load_error(err, source)];
        }
        Err(err) => {
            let run = crate::Run::default();
            let mut engine = crate::runtime::sandbox::engine(&config.limits, None);
            for plugin in &config.plugins {
                plugin.install(&mut engine, &run);
            }
            match engine.compile(&source.text) {
                Ok(ast) => compiled = ast,
                Err(_) => return vec![Diagnostic::from_load_error(err, source)],
            }
            (&compiled, Some(err))
        }
    };
    let outline = Outline::of(ast, &source.text);
    let functions = match &loaded {
        Ok(guide) => functions_of(guide.engine()),
        Err(_) => {
            let mut engine = crate::runtime::sandbox::engine(&config.limits, None);
            for plugin in &config.plugins {
                plugin.install(&mut engine, &crate::Run::default());
            }
            functions_of(&engine)
        }
    };
    let known = match &loaded {
        Ok(guide) => Known {
            roles: Some(guide.declaration().roles.keys().cloned().collect()),
            steps: Some(guide.steps().into_iter().map(|(name, _)| name).collect()),
            start: Some(guide.declaration().start.clone()),
        },
        Err(_) => Known::from_outline(&outline),
    };
    let mut checker = Checker {
        file: &source.name,
        text: Text::new(&source.text),
        outline: &outline,
        facts: &outline.facts,
        known,
        functions,
        out: Vec::new(),
    };
    checker.run();
    let mut out = checker.out;
    if let Some(err) = load_error {
        let diagnostic = Diagnostic::from_load_error(err, source);
        let misplaced = out
            .iter()
            .any(|d| d.code == Code::Declaration && d.message.contains("after"));
        let explained = misplaced
            || out.iter().any(|d| {
                d.severity == Severity::Error
                    && (d.code == diagnostic.code || d.location.line == diagnostic.location.line)
            });
        if !explained {
            out.push(diagnostic);
        }
    }
    out.sort_by(|a, b| {
        (a.location.line, a.location.column, a.code).cmp(&(
            b.location.line,
            b.location.column,
            b.code,
        ))
    });
    out.dedup_by(|a, b| a.code == b.code && a.location == b.location && a.message == b.message);
    out
}

/// What is known of the guide's declaration and steps: from loading it when it loads,
/// otherwise from what is written literally.
struct Known {
    roles: Option<Vec<String>>,
    /// Every step's name, or `None` if some are computed and the guide did not load.
    steps: Option<Vec<String>>,
    start: Option<String>,
}

impl Known {
    fn from_outline(outline: &Outline) -> Known {
        let decl = outline.declaration.as_ref();
        Known {
            roles: decl
                .and_then(|d| d.roles.as_ref())
                .map(|r| r.iter().map(|(name, _)| name.clone()).collect()),
            steps: (!outline.dynamic_steps)
                .then(|| outline.steps.iter().map(|s| s.name.clone()).collect()),
            start: decl.and_then(|d| d.start.as_ref()).map(|(s, _)| s.clone()),
        }
    }

    fn is_who(&self, name: &str, top_vars: &HashSet<String>) -> Option<bool> {
        let roles = self.roles.as_ref()?;
        Some(
            name == "both"
                || name == "each"
                || roles.iter().any(|r| r == name)
                || top_vars.contains(name),
        )
    }
}

struct Checker<'a> {
    file: &'a str,
    text: Text<'a>,
    outline: &'a Outline,
    facts: &'a Facts,
    known: Known,
    /// The engine's functions (the guide language and Rhai's): name, and the numbers of
    /// values each form takes.
    functions: HashMap<String, Vec<usize>>,
    out: Vec<Diagnostic>,
}

/// Functions Rhai handles itself rather than registering.
const RHAI_KEYWORD_FUNCTIONS: &[&str] = &[
    "Fn",
    "call",
    "curry",
    "is_shared",
    "is_def_fn",
    "is_def_var",
    "type_of",
    "print",
    "debug",
    "eval",
];

/// The functions an engine knows, by name, with how many values each form takes.
fn functions_of(engine: &rhai::Engine) -> HashMap<String, Vec<usize>> {
    let mut functions: HashMap<String, Vec<usize>> = HashMap::new();
    for signature in engine.gen_fn_signatures(true) {
        // "name(a: type, b: type) -> type"
        let Some((name, rest)) = signature.split_once('(') else {
            continue;
        };
        let params = rest.rsplit_once(')').map_or("", |(p, _)| p).trim();
        let mut depth = 0usize;
        let commas = params
            .chars()
            .filter(|c| {
                match c {
                    '<' | '(' | '[' => depth += 1,
                    '>' | ')' | ']' => depth = depth.saturating_sub(1),
                    _ => {}
                }
                *c == ',' && depth == 0
            })
            .count();
        let count = if params.is_empty() { 0 } else { commas + 1 };
        functions
            .entry(name.trim().to_string())
            .or_default()
            .push(count);
    }
    functions
}

fn quoted_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("\"{s}\"")).collect();
    quoted.join(", ")
}

/// Every body in the guide, the top level first, with the step each runs in (if one).
fn bodies(facts: &Facts) -> Vec<(&FnFacts, Option<String>)> {
    let steps_of = steps_of_functions(facts);
    let mut fns: Vec<(&FnFacts, Option<String>)> = vec![(&facts.top, None)];
    fns.extend(
        facts
            .fns
            .values()
            .map(|f| (f, steps_of.get(f.name.as_str()).cloned())),
    );
    fns
}

fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The candidate closest to `name` by edit distance, if it is close enough to be a typo.
fn closest<'c>(name: &str, candidates: impl IntoIterator<Item = &'c String>) -> Option<&'c str> {
    let limit = (name.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(name, c), c))
        .filter(|(d, c)| *d <= limit && c.as_str() != name)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.as_str())
}

/// Edits between two names, ignoring case; a swap of two neighbours counts as one.
fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(&a.to_lowercase(), &b.to_lowercase())
}

impl Checker<'_> {
    fn location(&self, at: Pos) -> Location {
        Location {
            file: self.file.to_string(),
            line: at.line,
            column: at.column,
        }
    }

    fn push(
        &mut self,
        code: Code,
        at: Pos,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> &mut Self {
        let length = self.text.token_len(at);
        self.out.push(Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            location: self.location(at),
            length,
            label: label.into(),
            help: None,
            step: None,
            related: Vec::new(),
        });
        self
    }

    fn last(&mut self) -> &mut Diagnostic {
        self.out.last_mut().expect("a diagnostic was just pushed")
    }

    fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.last().help = Some(help.into());
        self
    }

    fn related(&mut self, at: Pos, label: impl Into<String>) -> &mut Self {
        let related = Related {
            location: self.location(at),
            length: self.text.token_len(at),
            label: label.into(),
        };
        self.last().related.push(related);
        self
    }

    fn in_step(&mut self, step: Option<&str>) -> &mut Self {
        self.last().step = step.map(str::to_string);
        self
    }

    fn run(&mut self) {
        self.declaration();
        self.duplicate_steps();
        self.outside_steps();
        let facts = self.facts;
        let steps_of = steps_of_functions(facts);
        let mut fns: Vec<&FnFacts> = facts.fns.values().collect();
        fns.sort_by_key(|f| f.end_at);
        for f in fns {
            let step = steps_of.get(f.name.as_str()).map(String::as_str);
            self.moves(f, step);
            self.prompts(f, step);
            self.reveals(f, step);
        }
        self.unknown_names();
        self.named_calls();
        self.step_ends();
        self.flow();
    }

    fn declaration(&mut self) {
        let facts = self.facts;
        let Some(first) = facts.guides.first() else {
            self.push(
                Code::Declaration,
                Pos { line: 1, column: 1 },
                "the guide never declares itself",
                "no guide(#{ ... }) in this file",
            )
            .help("start the guide with guide(#{ title: \"...\", roles: #{ first: \"...\", second: \"...\" }, start: \"...\" })");
            if facts.steps.is_empty() {
                self.no_steps(Pos { line: 1, column: 1 });
            }
            return;
        };
        for again in &facts.guides[1..] {
            self.push(
                Code::Declaration,
                again.at,
                "guide(...) is called a second time",
                "declared again here",
            )
            .related(first.at, "first declared here")
            .help("a guide declares itself once, at the top: merge the two declarations");
        }
        if let Some(step) = facts.steps.iter().find(|s| s.order < first.order) {
            let name = step.name.clone().unwrap_or_else(|| "…".into());
            self.push(
                Code::Declaration,
                first.at,
                format!("guide(...) comes after step \"{name}\""),
                "declared too late",
            )
            .related(step.at, "this step comes first")
            .help("move guide(#{ ... }) above the first step: a step takes its role names from the declaration when it is defined");
        }
        let Some(keys) = &first.map else {
            // Computed when the guide loads; loading it checks it.
            return;
        };
        let find = |key: &str| keys.iter().find(|k| k.key == key);
        for key in keys {
            if !["title", "summary", "roles", "start"].contains(&key.key.as_str()) {
                let suggestion = closest(
                    &key.key,
                    ["title", "summary", "roles", "start"]
                        .map(String::from)
                        .iter()
                        .collect::<Vec<_>>(),
                )
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
                self.push(
                    Code::Declaration,
                    key.at,
                    format!("guide(#{{...}}) does not know `{}`", key.key),
                    "unknown key",
                )
                .help(format!(
                    "{suggestion}a declaration takes title, summary, roles and start"
                ));
            }
        }
        if let Some(summary) = find("summary") {
            if matches!(summary.value, DeclValue::OtherLiteral | DeclValue::Map(_)) {
                self.push(
                    Code::Declaration,
                    summary.value_at,
                    "the summary must be a text",
                    "not a text",
                )
                .help("write summary: \"One line on what this guide is for.\"");
            }
        }
        match find("title") {
            None => {
                self.push(
                    Code::Title,
                    first.at,
                    "the guide has no title",
                    "no title: in this declaration",
                )
                .help(
                    "add title: \"...\" to guide(#{ ... }); partners see it when the guide starts",
                );
            }
            Some(t) if matches!(t.value, DeclValue::OtherLiteral | DeclValue::Map(_)) => {
                self.push(
                    Code::Title,
                    t.value_at,
                    "the title must be a text",
                    "not a text",
                )
                .help("write title: \"...\"");
            }
            Some(_) => {}
        }
        match find("roles") {
            None => {
                self.push(
                    Code::Roles,
                    first.at,
                    "the guide declares no roles",
                    "no roles: in this declaration",
                )
                .help("add roles: #{ first: \"one partner\", second: \"the other partner\" }; each role is asked its name by its description");
            }
            Some(r) => {
                match &r.value {
                    DeclValue::Map(roles) if roles.is_empty() => {
                        self.push(Code::Roles, r.value_at, "the guide declares no roles", "empty")
                        .help("add at least one role: roles: #{ first: \"one partner\", second: \"the other partner\" }");
                    }
                    DeclValue::Map(roles) => {
                        for (role, at) in roles {
                            if role == "both" || role == "each" {
                                self.push(
                                Code::Roles,
                                *at,
                                format!("\"{role}\" cannot be a role name"),
                                "already means something in guides",
                            )
                            .help(format!(
                                "`{role}` already addresses the partners together; give the role another name"
                            ));
                            }
                        }
                    }
                    DeclValue::Text(_) | DeclValue::OtherLiteral => {
                        self.push(Code::Roles, r.value_at, "roles must be a map of role names to descriptions", "not a map")
                        .help("write roles: #{ first: \"one partner\", second: \"the other partner\" }");
                    }
                    DeclValue::Computed => {}
                }
            }
        }
        match find("start") {
            None => {
                self.push(
                    Code::Start,
                    first.at,
                    "the guide does not say which step starts it",
                    "no start: in this declaration",
                )
                .help("add start: \"name of the first step\"");
            }
            Some(s) => match &s.value {
                DeclValue::Text(name) => {
                    let steps = self.known.steps.clone();
                    if let Some(steps) = steps {
                        if steps.is_empty() {
                            self.no_steps(first.at);
                        } else if !steps.contains(name) {
                            let hint = closest(name, &steps)
                                .map(|c| format!("did you mean \"{c}\"? "))
                                .unwrap_or_default();
                            self.push(
                                Code::Start,
                                s.value_at,
                                format!(
                                    "the guide starts at \"{name}\", but no step has that name"
                                ),
                                "no step has this name",
                            )
                            .help(format!("{hint}the steps are {}", quoted_list(&steps)));
                        }
                    }
                }
                DeclValue::OtherLiteral | DeclValue::Map(_) => {
                    self.push(
                        Code::Start,
                        s.value_at,
                        "start must be a step's name, in quotes",
                        "not a text",
                    )
                    .help("write start: \"welcome\"");
                }
                DeclValue::Computed => {}
            },
        }
    }

    fn no_steps(&mut self, at: Pos) {
        self.push(
            Code::Start,
            at,
            "the guide has no steps",
            "no step(...) in this file",
        )
        .help("add step(\"name\", || { ... }) after the declaration");
    }

    fn duplicate_steps(&mut self) {
        let facts = self.facts;
        let mut seen: HashMap<&str, Pos> = HashMap::new();
        for call in &facts.steps {
            let Some(name) = &call.name else { continue };
            if let Some(first) = seen.get(name.as_str()).copied() {
                self.push(
                    Code::DuplicateStep,
                    call.name_at,
                    format!("there are two steps named \"{name}\""),
                    "this name is taken",
                )
                .related(first, "first step with this name")
                .help("step names must be unique: rename one of them (and the next(...) that should lead to it)")
                .in_step(Some(name));
            } else {
                seen.insert(name, call.name_at);
            }
        }
    }

    fn outside_steps(&mut self) {
        for (name, at) in &self.facts.top.core_calls {
            self.push(
                Code::OutsideStep,
                *at,
                format!("{name}(...) can only be used inside a step"),
                "outside any step",
            )
            .help(format!(
                "the top of a guide only declares it and its steps: move {name}(...) into a step(\"...\", || {{ ... }})"
            ));
        }
    }

    fn moves(&mut self, f: &FnFacts, step: Option<&str>) {
        let Some(steps) = self.known.steps.clone() else {
            return;
        };
        for m in &f.moves {
            if steps.contains(&m.to) {
                continue;
            }
            let hint = closest(&m.to, &steps)
                .map(|c| format!("did you mean \"{c}\"? "))
                .unwrap_or_default();
            self.push(
                Code::MissingStep,
                m.to_at,
                format!("next(\"{}\"): there is no step with that name", m.to),
                "no step has this name",
            )
            .help(format!("{hint}the steps are {}", quoted_list(&steps)))
            .in_step(step);
        }
    }

    fn who_problem(&self, who: &WhoFact) -> Option<(String, String, String)> {
        let roles = self.known.roles.clone()?;
        let role_list = and_list(&roles);
        match who {
            WhoFact::Name(name) => {
                if self.known.is_who(name, &self.facts.top_vars)? {
                    return None;
                }
                let hint = closest(name, &roles)
                    .map(|c| format!("did you mean `{c}`? "))
                    .unwrap_or_default();
                Some((
                    format!("`{name}` is not a role of this guide"),
                    "not a role".into(),
                    format!(
                        "{hint}a prompt is addressed to a role ({role_list}), both (one answer given together) or each (one answer from each partner)"
                    ),
                ))
            }
            WhoFact::Text(text) => {
                let fix = if roles.contains(text) || text == "both" || text == "each" {
                    format!("write the role without quotes: {text}")
                } else {
                    format!("write a role ({role_list}), both or each, without quotes")
                };
                Some((
                    format!("a prompt is addressed to the text \"{text}\", not to a role"),
                    "a text, not a role".into(),
                    fix,
                ))
            }
            WhoFact::Privately(inner) => {
                if **inner == WhoFact::Name("both".into()) {
                    Some((
                        "privately(both) cannot be: an answer both give together is seen by both"
                            .into(),
                        "both together cannot be private".into(),
                        "use privately(each) for one private answer from each partner".into(),
                    ))
                } else {
                    self.who_problem(inner)
                }
            }
            WhoFact::Local | WhoFact::Other => None,
        }
    }

    fn prompts(&mut self, f: &FnFacts, step: Option<&str>) {
        for p in &f.prompts {
            let kind = p.outline.kind.clone();
            if let Some((message, label, help)) = self.who_problem(&p.who) {
                self.push(
                    Code::UnknownRole,
                    p.who_at,
                    format!("{kind}(...): {message}"),
                    label,
                )
                .help(help)
                .in_step(step);
            }
            if let Some(at) = p.options_as_text {
                self.push(
                    Code::ChooseOptions,
                    at,
                    "choose(...) takes its options as a list, not as one text",
                    "one text",
                )
                .help("write the options as a list: choose(both, \"...\", [\"Yes\", \"No\"])")
                .in_step(step);
            }
            if let Some((list_at, items)) = &p.choices {
                if items.len() < 2 {
                    self.push(
                        Code::ChooseOptions,
                        *list_at,
                        format!("choose(...) needs at least two options, and has {}", items.len()),
                        "too few options",
                    )
                    .help("list two or more options: choose(both, \"...\", [\"Yes\", \"Not yet\"]); for yes or no, confirm(...) is simpler")
                    .in_step(step);
                }
                let mut seen: Vec<(String, Pos)> = Vec::new();
                for (text, at) in items.iter().flatten() {
                    let trimmed = text.trim();
                    if trimmed.is_empty() {
                        self.push(
                            Code::ChooseOptions,
                            *at,
                            "choose(...) has an empty option",
                            "empty",
                        )
                        .help("give every option some text, or remove it")
                        .in_step(step);
                    } else if let Some((_, first)) =
                        seen.iter().find(|(s, _)| s.eq_ignore_ascii_case(trimmed))
                    {
                        let first = *first;
                        self.push(
                            Code::ChooseOptions,
                            *at,
                            format!("choose(...) lists \"{trimmed}\" twice"),
                            "listed again",
                        )
                        .related(first, "first listed here")
                        .help("options are told apart by their text (ignoring case): remove one or reword it")
                        .in_step(step);
                    } else {
                        seen.push((trimmed.to_string(), *at));
                    }
                }
            }
            if let Some((min, max, at)) = p.range {
                if min >= max || max - min > 1_000 {
                    self.push(
                        Code::PromptArguments,
                        at,
                        format!("scale(..., {min}, {max}): the lowest must be below the highest, at most 1000 apart"),
                        "this range cannot be answered",
                    )
                    .help("write the lowest number first, then the highest: scale(each, \"...\", 0, 10)")
                    .in_step(step);
                }
            }
            for (key, at, wrong) in &p.option_keys {
                let (message, label, help) = match key.as_str() {
                    "examples" | "private" | "distress" if !*wrong => continue,
                    "examples" => (
                        "examples: must be a list of texts".to_string(),
                        "not a list of texts",
                        "write examples: [\"One sample answer.\", \"Another.\"]",
                    ),
                    "distress" => (
                        "distress: is for scales, a number within the scale".to_string(),
                        "not a number within this scale",
                        "on a scale, #{ distress: 8 } offers a break from that number up; other prompts do not take it",
                    ),
                    _ => (
                        format!("unknown prompt option `{key}`"),
                        "unknown option",
                        "a prompt's options map takes examples: [\"...\"], \"private\": true and (on a scale) distress: N",
                    ),
                };
                self.push(Code::PromptArguments, *at, message, label)
                    .help(help)
                    .in_step(step);
            }
        }
        for (who, at) in &f.said_to {
            let problem = match who {
                WhoFact::Name(n) if n == "both" || n == "each" => Some((
                    format!("say_to({n}, ...) speaks to one partner only"),
                    "not one partner".to_string(),
                    "say_to(role, text) speaks to one partner; for both use say(text)".to_string(),
                )),
                WhoFact::Privately(_) => Some((
                    "say_to(...) takes a role, not privately(...)".to_string(),
                    "not a role".to_string(),
                    "what say_to says is seen by that partner only: write the role alone"
                        .to_string(),
                )),
                other => self.who_problem(other),
            };
            if let Some((message, label, help)) = problem {
                let message = if message.starts_with("say_to") {
                    message
                } else {
                    format!("say_to(...): {message}")
                };
                self.push(Code::UnknownRole, *at, message, label)
                    .help(help)
                    .in_step(step);
            }
        }
    }

    fn reveals(&mut self, f: &FnFacts, step: Option<&str>) {
        for r in &f.reveals {
            match r.value {
                RevealValue::Public(asked) => {
                    self.push(
                        Code::RevealNotPrivate,
                        r.value_at,
                        "reveal(...) shows an answer that was never private",
                        "asked openly",
                    )
                    .related(asked, "asked here, where both partners see the answer")
                    .help("ask it with privately(...) (or #{ \"private\": true }) so it stays hidden until this reveal, or leave out the reveal")
                    .in_step(step);
                }
                RevealValue::Fixed => {
                    self.push(
                        Code::RevealNotPrivate,
                        r.value_at,
                        "reveal(...) shows a fixed value, not a private answer",
                        "not an answer",
                    )
                    .help("reveal the variable that holds a private answer; to show a text, use say(...)")
                    .in_step(step);
                }
                RevealValue::Unknown => {}
            }
        }
    }

    fn named_calls(&mut self) {
        let facts = self.facts;
        let fns = bodies(facts);
        // The guide's own functions, with how many parameters each takes.
        let mut known = self.functions.clone();
        for (name, params) in facts.fns.keys() {
            known.entry(name.clone()).or_default().push(*params);
        }
        let names: Vec<String> = known
            .keys()
            .filter(|n| !n.contains('$') && !n.starts_with("anon"))
            .cloned()
            .collect();
        for (f, step) in &fns {
            for (name, given, at) in &f.named_calls {
                if RHAI_KEYWORD_FUNCTIONS.contains(&name.as_str()) {
                    continue;
                }
                match known.get(name) {
                    None => {
                        let hint = closest(name, &names)
                            .map(|c| format!("did you mean `{c}`? "))
                            .unwrap_or_default();
                        self.push(
                            Code::UnknownFunction,
                            *at,
                            format!("there is no function `{name}`"),
                            "not a function",
                        )
                        .help(format!(
                            "{hint}the guide language's functions are listed in the README; \
                             functions of your own are written `fn {name}(...) {{ ... }}`"
                        ))
                        .in_step(step.as_deref());
                    }
                    Some(counts) if !counts.contains(given) => {
                        let mut counts = counts.clone();
                        counts.sort();
                        counts.dedup();
                        let takes: Vec<String> = counts.iter().map(usize::to_string).collect();
                        let values = |n: usize| if n == 1 { "value" } else { "values" };
                        self.push(
                            Code::UnknownFunction,
                            *at,
                            format!(
                                "`{name}` is given {given} {}, but takes {}",
                                values(*given),
                                or_list(&takes)
                            ),
                            "wrong number of values",
                        )
                        .help(format!(
                            "check the call against `{name}` in the README (values are separated by commas; a list is written [\"a\", \"b\"])"
                        ))
                        .in_step(step.as_deref());
                    }
                    Some(_) => {}
                }
            }
            for at in &f.quoted_templates {
                self.push(
                    Code::QuotedTemplate,
                    *at,
                    "`${...}` is only filled in inside backticks; in quotes it is shown as written",
                    "in quotes",
                )
                .help("write the text in backticks: `Welcome, ${first}.`")
                .in_step(step.as_deref());
            }
        }
    }

    fn unknown_names(&mut self) {
        let Some(roles) = self.known.roles.clone() else {
            return;
        };
        let facts = self.facts;
        let fns = bodies(facts);
        let reported: HashSet<(usize, usize)> = self
            .out
            .iter()
            .filter(|d| d.code == Code::UnknownRole)
            .map(|d| (d.location.line, d.location.column))
            .collect();
        let mut seen = BTreeSet::new();
        for (f, step) in fns {
            for (name, at) in &f.by_name {
                if name == "both" || name == "each" || roles.contains(name) {
                    continue;
                }
                if reported.contains(&(at.line, at.column)) || !seen.insert((*at, name.clone())) {
                    continue;
                }
                let hint = closest(name, &roles)
                    .map(|c| format!("did you mean `{c}`? "))
                    .unwrap_or_default();
                self.push(
                    Code::UnknownName,
                    *at,
                    format!("unknown name `{name}`"),
                    "not defined here",
                )
                .help(format!(
                    "{hint}the roles are {}; other values come from `let` (before they are used) or recall(...)",
                    and_list(&roles)
                ))
                .in_step(step.as_deref());
            }
        }
    }

    fn step_ends(&mut self) {
        let outline = self.outline;
        for step in &outline.steps {
            if step.moves.is_empty()
                && step.dynamic_moves.is_empty()
                && step.finishes.is_empty()
                && !step.opaque
            {
                self.push(
                    Code::NoWayOn,
                    step.name_at,
                    format!("step \"{}\" can neither move on nor finish", step.name),
                    "no next(...) or finish(...) in this step",
                )
                .help("end the step with next(\"another step\") or finish(\"a closing line\")")
                .in_step(Some(&step.name));
                continue;
            }
            if step.opaque {
                continue;
            }
            for end in &step.open_ends {
                let (message, label) = if end.is_return {
                    (
                        format!(
                            "this `return` ends step \"{}\" without next(...) or finish(...)",
                            step.name
                        ),
                        "returns without moving on",
                    )
                } else {
                    (
                        format!(
                            "a path through step \"{}\" reaches its end without next(...) or finish(...)",
                            step.name
                        ),
                        "the step can end here",
                    )
                };
                let help = match end.after {
                    Some(after) => {
                        let (what, fix) = match self.text.word_at(after) {
                            "switch" => ("`switch`", "a `_ =>` case"),
                            "if" => ("`if`", "an `else`"),
                            _ => ("statement", "the missing branch"),
                        };
                        format!(
                            "the {what} at line {} moves on or finishes on some paths only; add {fix}, or end the step with next(...) or finish(...)",
                            after.line
                        )
                    }
                    None if end.is_return => {
                        "use next(...) or finish(...) instead of return".to_string()
                    }
                    None => {
                        "end every path through the step with next(...) or finish(...)".to_string()
                    }
                };
                self.push(Code::OpenEnd, end.at, message, label)
                    .help(help)
                    .in_step(Some(&step.name));
                if let Some(after) = end.after {
                    self.related(after, "moves on or finishes on some paths only");
                }
            }
        }
    }

    /// Reachability from the start step, and whether each reachable step can still
    /// finish. Skipped when a step's name or a move's target is computed.
    fn flow(&mut self) {
        let outline = self.outline;
        let (Some(start), Some(steps)) = (self.known.start.clone(), self.known.steps.clone())
        else {
            return;
        };
        if outline.dynamic_steps || !steps.contains(&start) {
            return;
        }
        let by_name: HashMap<&str, &StepOutline> = outline
            .steps
            .iter()
            .rev()
            .map(|s| (s.name.as_str(), s))
            .collect();
        if steps.iter().any(|s| !by_name.contains_key(s.as_str())) {
            // A step defined where the outline does not look (inside a function).
            return;
        }
        let mut reached: HashSet<&str> = HashSet::new();
        let mut queue = VecDeque::from([start.as_str()]);
        while let Some(name) = queue.pop_front() {
            if !reached.insert(name) {
                continue;
            }
            let Some(step) = by_name.get(name) else {
                continue;
            };
            if !step.dynamic_moves.is_empty() || step.opaque {
                // Anything may be reached from here.
                return;
            }
            queue.extend(step.moves.iter().map(|m| m.to.as_str()));
        }
        for step in &outline.steps {
            if !reached.contains(step.name.as_str()) {
                self.push(
                    Code::Unreachable,
                    step.name_at,
                    format!(
                        "step \"{}\" cannot be reached from the start step \"{start}\"",
                        step.name
                    ),
                    "nothing leads here",
                )
                .help(format!(
                    "add next(\"{}\") where the conversation should go here, or remove the step",
                    step.name
                ))
                .in_step(Some(&step.name));
            }
        }
        // Steps that can end the run: by finishing, or by failing (a move to a step that
        // does not exist, reported on its own), or that can neither (reported as K0008);
        // then, going backwards along the moves, every step that can reach one of them.
        let mut can_end: HashSet<&str> = outline
            .steps
            .iter()
            .filter(|s| {
                s.can_finish
                    || s.moves.iter().any(|m| !steps.contains(&m.to))
                    || (s.moves.is_empty() && s.dynamic_moves.is_empty())
            })
            .map(|s| s.name.as_str())
            .collect();
        let mut comes_from: HashMap<&str, Vec<&str>> = HashMap::new();
        for step in &outline.steps {
            for m in &step.moves {
                comes_from
                    .entry(m.to.as_str())
                    .or_default()
                    .push(step.name.as_str());
            }
        }
        let mut queue: VecDeque<&str> = can_end.iter().copied().collect();
        while let Some(name) = queue.pop_front() {
            for from in comes_from.get(name).into_iter().flatten() {
                if can_end.insert(from) {
                    queue.push_back(from);
                }
            }
        }
        let stuck: Vec<&StepOutline> = outline
            .steps
            .iter()
            .filter(|s| reached.contains(s.name.as_str()) && !can_end.contains(s.name.as_str()))
            .collect();
        let reachable = outline
            .steps
            .iter()
            .filter(|s| reached.contains(s.name.as_str()))
            .count();
        if !stuck.is_empty() && stuck.len() == reachable {
            // Nothing reachable finishes: one warning, at the start.
            let at = by_name
                .get(start.as_str())
                .map_or(Pos::default(), |s| s.name_at);
            self.push(
                Code::NoFinish,
                at,
                format!(
                    "the guide can never finish: no step reachable from \"{start}\" calls finish(...)"
                ),
                "no way to a finish from here",
            )
            .help("end the conversation somewhere with finish(\"a closing line\")")
            .in_step(Some(&start));
            return;
        }
        for step in stuck {
            let mut targets: Vec<String> = step.moves.iter().map(|m| m.to.clone()).collect();
            targets.dedup();
            self.push(
                Code::NoFinish,
                step.name_at,
                format!(
                    "from step \"{}\" the guide can never finish: every way on leads back round",
                    step.name
                ),
                "no way to a finish from here",
            )
            .help(format!(
                "it moves only to {}, and none of those can reach finish(...); give one of them a way out",
                quoted_list(&targets)
            ))
            .in_step(Some(&step.name));
        }
    }
}

/// For each function, the first step whose body runs it.
fn steps_of_functions(facts: &Facts) -> HashMap<&str, String> {
    let mut map = HashMap::new();
    for call in &facts.steps {
        let (Some(name), Some(body)) = (&call.name, &call.body) else {
            continue;
        };
        for (f, _) in facts.reach(body) {
            map.entry(f.name.as_str()).or_insert_with(|| name.clone());
        }
    }
    map
}

/// The functions that only work inside a step (K0017).
pub fn step_only_functions() -> &'static [&'static str] {
    &STEP_ONLY
}
