//! What each function body of a guide does (moves, prompts, calls, loops, open ends),
//! found in its syntax tree before it is gathered into steps.

use super::text::Pos;
use std::collections::{HashMap, HashSet, VecDeque};

/// A possible move to another step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    /// The step it moves to.
    pub to: String,
    /// Where `next(...)` is called.
    pub at: Pos,
    /// Where the step name is written.
    pub to_at: Pos,
    /// The `if` conditions that hold on the way to this move, innermost last.
    pub when: Vec<Condition>,
    /// The function the move is written in, when it is not the step itself.
    pub via: Option<String>,
}

/// An `if` condition, as written, and whether the path needs it true or false.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    /// The condition's text, between `if` and its `{`.
    pub text: String,
    /// Whether the path needs it true (`false`: its `else`).
    pub holds: bool,
}

/// A prompt written in a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PromptOutline {
    /// `ask`, `choose`, `scale` or `confirm`.
    pub kind: String,
    /// Where the prompt is called.
    pub at: Pos,
    /// Who is asked, as written (`first`, `privately(each)`).
    pub who: String,
    /// The question, when it is a literal.
    pub text: Option<String>,
    /// A `choose`'s options, when they are literal.
    pub options: Option<Vec<String>>,
    /// Whether the answer is private; `None` when that is decided at run time.
    pub private: Option<bool>,
    /// The function the prompt is written in, when it is not the step itself.
    pub via: Option<String>,
}

/// Where a path through a step ends without `next` or `finish`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenEnd {
    /// Where the path ends.
    pub at: Pos,
    /// `true` for a `return`, `false` for the end of the step's body.
    pub is_return: bool,
    /// The last statement before the end that moves or finishes on some paths only.
    pub after: Option<Pos>,
}

/// A script function: its name and number of parameters (closures included).
pub(crate) type FnKey = (String, usize);

#[derive(Debug, Clone, Default)]
pub(crate) struct Facts {
    pub(crate) top: FnFacts,
    pub(crate) fns: HashMap<FnKey, FnFacts>,
    /// Every `step(...)` call at the top level, in order.
    pub(crate) steps: Vec<StepCall>,
    /// Every `guide(...)` call at the top level, in order.
    pub(crate) guides: Vec<GuideCall>,
    /// Variables declared at the top level (steps capture them when the guide loads).
    pub(crate) top_vars: HashSet<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct StepCall {
    pub(crate) name: Option<String>,
    pub(crate) at: Pos,
    pub(crate) name_at: Pos,
    /// The closure (or function) that is the step's body.
    pub(crate) body: Option<FnKey>,
    /// Index among top-level statements, to tell what comes before what.
    pub(crate) order: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct GuideCall {
    pub(crate) at: Pos,
    pub(crate) order: usize,
    /// The keys of a literal map, with where each key and its value are written.
    pub(crate) map: Option<Vec<DeclKey>>,
}

#[derive(Debug, Clone)]
pub(crate) struct DeclKey {
    pub(crate) key: String,
    pub(crate) at: Pos,
    pub(crate) value_at: Pos,
    pub(crate) value: DeclValue,
}

#[derive(Debug, Clone)]
pub(crate) enum DeclValue {
    Text(String),
    /// A literal map: its keys and where each is written.
    Map(Vec<(String, Pos)>),
    /// A literal that is neither text nor a map.
    OtherLiteral,
    /// Computed when the guide loads.
    Computed,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct FnFacts {
    pub(crate) name: String,
    pub(crate) moves: Vec<Move>,
    pub(crate) dynamic_moves: Vec<Pos>,
    pub(crate) finishes: Vec<Pos>,
    pub(crate) says: Vec<(String, Pos)>,
    pub(crate) prompts: Vec<PromptFact>,
    /// `say_to(role, ...)`: who it speaks to, and where that is written.
    pub(crate) said_to: Vec<(WhoFact, Pos)>,
    pub(crate) reveals: Vec<RevealFact>,
    /// Named script functions this body calls.
    pub(crate) calls: Vec<FnKey>,
    /// Closures this body creates.
    pub(crate) closures: Vec<FnKey>,
    /// Calls the outline cannot follow (modules, function pointers).
    pub(crate) opaque: bool,
    /// Variables looked up by name when they run: only roles, `both` and `each` are found.
    pub(crate) by_name: Vec<(String, Pos)>,
    /// Guide-language functions called here, with where.
    pub(crate) core_calls: Vec<(String, Pos)>,
    /// Every path through the body moves, finishes or throws.
    pub(crate) ends: bool,
    pub(crate) open_ends: Vec<OpenEnd>,
    /// Where each loop (`while`, `loop`, `do`, `for`) starts.
    pub(crate) loops: Vec<Pos>,
    /// Functions called by name (not operators, methods or a module's functions): the
    /// name, how many values are given, and where.
    pub(crate) named_calls: Vec<(String, usize, Pos)>,
    /// Strings in quotes holding `${...}`, which only backticks fill in.
    pub(crate) quoted_templates: Vec<Pos>,
    /// Text holding a backslash and `n` as written (backticks do not read `\n`).
    pub(crate) written_escapes: Vec<Pos>,
    /// A prompt's answer compared with a text it can never be.
    pub(crate) never_equal: Vec<NeverEqual>,
    /// Answers by partner (`each`, a map) used as a yes or no: where, and the prompt.
    pub(crate) each_as_yes_no: Vec<(Pos, Pos)>,
    /// Answers by partner (`each`, a map) compared with a text: where, the prompt, the text.
    pub(crate) each_compared: Vec<(Pos, Pos, String)>,
    /// Answers by partner (`each`, a map) written whole into a text (`${where}`): where,
    /// and the prompt.
    pub(crate) each_shown: Vec<(Pos, Pos)>,
    /// `take_break(N)` with a literal number of minutes, and where.
    pub(crate) break_minutes: Vec<(i64, Pos)>,
    /// The members of a literal map given to `reveal(...)` (roles), with where each is.
    pub(crate) revealed_roles: Vec<(String, Pos)>,
    /// A method called on what a method that changes its value in place gave back
    /// (nothing): the inner method, the outer one, and where the outer one is.
    pub(crate) chained_on_nothing: Vec<(String, String, Pos)>,
    /// A name given what such a method gives back (`let t = text.trim();`): the method,
    /// the name, and where the method is.
    pub(crate) kept_nothing: Vec<(String, String, Pos)>,
    /// The closing brace of the body (or its start, for a one-line closure).
    pub(crate) end_at: Pos,
}

/// A literal list of options: where it is written, and each item's text and place
/// (`None` for an item that is not a literal).
pub(crate) type Choices = (Pos, Vec<Option<(String, Pos)>>);

/// A comparison of a prompt's answer with a text none of its answers is.
#[derive(Debug, Clone)]
pub(crate) struct NeverEqual {
    /// Where the text compared is written.
    pub(crate) at: Pos,
    /// The text.
    pub(crate) text: String,
    /// The prompt (`choose`, `confirm`, ...) and where it is called.
    pub(crate) prompt: String,
    pub(crate) prompt_at: Pos,
    /// How the answer is written where it is compared (`ready`, `confirm(...)`).
    pub(crate) written: String,
    /// The answers it can give (option keys), or none for a yes/no.
    pub(crate) answers: Vec<String>,
    /// The options' words, in the order of `answers` (the keys themselves when the
    /// options have none).
    pub(crate) words: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct PromptFact {
    pub(crate) outline: PromptOutline,
    pub(crate) who: WhoFact,
    pub(crate) who_at: Pos,
    /// Literal `choose` options: each with where it is written (`None` if not a literal).
    pub(crate) choices: Option<Choices>,
    /// Each literal option's key (its text, or the key of a `[key, text]` pair).
    pub(crate) keys: Option<Vec<String>>,
    /// Where a `scale` is given its arguments in the wrong order (a number where the
    /// question goes, or a text where a number goes).
    pub(crate) misordered: Option<Pos>,
    /// Where `choose` is given a text instead of a list of options.
    pub(crate) options_as_text: Option<Pos>,
    /// Where `choose` is given a map of options (its keys would be shown sorted).
    pub(crate) options_as_map: Option<Pos>,
    /// Literal `scale` bounds.
    pub(crate) range: Option<(i64, i64, Pos)>,
    /// Literal `choose_many` fewest and most to pick.
    pub(crate) pick: Option<(i64, i64, Pos)>,
    /// Keys of a literal options map, with where each is written, and whether its
    /// value is literally wrong (`examples` not a list of texts, `distress` not a
    /// number within a literal scale).
    pub(crate) option_keys: Vec<(String, Pos, bool)>,
}

/// Who a prompt is addressed to, as far as can be told from the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum WhoFact {
    /// A name looked up when the prompt runs: a role, `both` or `each`, or nothing.
    Name(String),
    /// A local variable, a parameter or a captured variable: its value is not known.
    Local,
    /// A text, such as `"first"`: never a role.
    Text(String),
    /// `privately(...)` around something.
    Privately(Box<WhoFact>),
    /// Anything else.
    Other,
}

#[derive(Debug, Clone)]
pub(crate) struct RevealFact {
    pub(crate) value_at: Pos,
    pub(crate) value: RevealValue,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RevealValue {
    /// Only ever assigned from prompts that are not private (the first one's place).
    Public(Pos),
    /// A fixed value written in the guide.
    Fixed,
    /// One partner's answer (a text, a number), where `reveal(label, ...)` takes the
    /// answers by role: the prompt's place.
    OneAnswer(Pos),
    /// Anything else: private, or not known.
    Unknown,
}

/// Guide-language functions: calling one outside a step fails when the guide loads.
pub(crate) const STEP_ONLY: [&str; 12] = [
    "ask",
    "choose",
    "choose_many",
    "scale",
    "confirm",
    "say",
    "say_to",
    "next",
    "finish",
    "reveal",
    "agree",
    "take_break",
];

pub(crate) const PROMPTS: [(&str, usize); 5] = [
    ("ask", 2),
    ("choose", 3),
    ("choose_many", 5),
    ("scale", 4),
    ("confirm", 2),
];

impl Facts {
    /// Every function a body may run: itself, the named functions it calls and the
    /// closures it creates, transitively; each with the name of the function it is in
    /// (`None` for the body itself and its closures).
    pub(crate) fn reach(&self, body: &FnKey) -> Vec<(&FnFacts, Option<String>)> {
        let mut seen: HashSet<FnKey> = HashSet::new();
        let mut out = Vec::new();
        let mut queue: VecDeque<(FnKey, Option<String>)> = VecDeque::from([(body.clone(), None)]);
        while let Some((key, via)) = queue.pop_front() {
            if !seen.insert(key.clone()) {
                continue;
            }
            let Some(f) = self.fns.get(&key) else {
                continue;
            };
            for called in &f.calls {
                queue.push_back((called.clone(), Some(called.0.clone())));
            }
            for closure in &f.closures {
                queue.push_back((closure.clone(), via.clone()));
            }
            out.push((f, via));
        }
        out
    }
}
