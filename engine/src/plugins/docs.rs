//! The guide language's documentation, attached to each function as it is registered so
//! that Rhai's definition files (`kintsugi defs`) complete and explain it in an editor.

use rhai::{Engine, FuncRegistration, RhaiNativeFunc, Variant};

struct Doc {
    name: &'static str,
    /// Parameters as `name: type`, then the return type, in the type names Rhai's own
    /// definitions use (`string`, `int`, `array`, `map`, `?` for any value).
    signature: &'static [&'static str],
    /// A word the Rust type of the first parameter contains, to tell overloads of the
    /// same arity apart (`reveal(label, answers)` and `reveal(who, answer)`).
    first: Option<&'static str>,
    text: &'static str,
}

const DOCS: &[Doc] = &[
    Doc {
        name: "consent_needed",
        signature: &["bool"],
        first: None,
        text: "Safety plugin, for Kintsugi's own intake: whether this couple has yet to agree to\n\
               the statement of what Kintsugi is. Guides have no use for it.",
    },
    Doc {
        name: "screening_needed",
        signature: &["bool"],
        first: None,
        text: "Safety plugin, for Kintsugi's own intake: whether the last private screening is\n\
               missing or more than a week old. Guides have no use for it.",
    },
    Doc {
        name: "neutral_message",
        signature: &["string"],
        first: None,
        text: "Safety plugin: the one message both partners see when a joint guide must not start,\n\
               word for word the same whoever answered what.",
    },
    Doc {
        name: "cover_question",
        signature: &["string"],
        first: None,
        text: "Safety plugin, for Kintsugi's own intake: the private question to the one who\n\
               disclosed, whether the shared screen shows the neutral message or a light guide.",
    },
    Doc {
        name: "cover_options",
        signature: &["array"],
        first: None,
        text: "Safety plugin, for Kintsugi's own intake: the answers to `cover_question()`, the\n\
               neutral message first, then the light guide.",
    },
    Doc {
        name: "cover_note",
        signature: &["string"],
        first: None,
        text: "Safety plugin, for Kintsugi's own intake: what the one who chose the light guide\n\
               is told, in private, before the conversation goes back to both.",
    },
    Doc {
        name: "release_note",
        signature: &["role: string", "string"],
        first: None,
        text: "Safety plugin, for Kintsugi's own intake: what a partner whose answers put joint\n\
               guides on hold is told, in private, with the code that lets them lift it\n\
               themselves (`kintsugi release`); empty where the host gave no code.",
    },
    Doc {
        name: "support",
        signature: &["need: string", "string"],
        first: None,
        text: "Safety plugin: where to get help in the couple's region, as text; `need` is\n\
               \"crisis\" (thoughts of self-harm), \"abuse\" (fear, violence, control) or anything\n\
               else for both kinds. Only\n\
               numbers with a source are shipped; otherwise the advice to call the local\n\
               emergency number. Show it with `say_to`, to one partner.",
    },
    Doc {
        name: "guide",
        signature: &["declaration: map", "()"],
        first: None,
        text: "Declares the guide, once, at the top: #{ title, summary, roles, start }.\n\
               `roles` maps each role to a description (partners are asked their names by it),\n\
               in the order `each` asks them; `start` names the first step.\n\n\
               ```rhai\nguide(#{ title: \"Check-in\", roles: #{ first: \"one partner\", second: \"the other partner\" }, start: \"welcome\" });\n```",
    },
    Doc {
        name: "step",
        signature: &["name: string", "body: FnPtr", "()"],
        first: None,
        text: "Defines a step: a name and a closure. Every path through the body ends in\n\
               `next(\"...\")` or `finish(\"...\")`. A step is run again from its start when a session\n\
               resumes or an answer is taken back, so keep state in `remember`.\n\n\
               ```rhai\nstep(\"welcome\", || {\n    say(\"Welcome.\");\n    next(\"talk\")\n});\n```",
    },
    Doc {
        name: "say",
        signature: &["text: string", "()"],
        first: None,
        text: "A line for both partners.",
    },
    Doc {
        name: "say_to",
        signature: &["who: Target", "text: string", "()"],
        first: None,
        text: "A line for one partner only (a role); the other does not see it.",
    },
    Doc {
        name: "ask",
        signature: &["who: Target", "text: string", "?"],
        first: None,
        text: "Asks for free text. `who` is a role, `both` (one answer given together) or `each`\n\
               (both in turn: the result is a map by role, `answer.first`). Returns the text.",
    },
    Doc {
        name: "ask",
        signature: &["who: Target", "text: string", "options: map", "?"],
        first: None,
        text: "Asks for free text, with options: `#{ examples: [\"...\"] }` gives sample answers for\n\
               testing tools; `#{ \"private\": true }` is the same as `privately(who)`;\n\
               `#{ optional: true }` (or the words a pass shows, `\"I'd rather not say\"`) lets\n\
               the partner pass with an empty line, and the prompt gives `()`.",
    },
    Doc {
        name: "choose",
        signature: &["who: Target", "text: string", "choices: array", "?"],
        first: None,
        text: "Asks for one of two or more options, shown in the order written; returns the chosen\n\
               option's key. An option is a text (its own key) or a pair of a key and the words\n\
               shown: rewording keeps the key, so comparisons and saved sessions keep working.\n\n\
               ```rhai\nlet ready = choose(both, \"Ready?\", [[\"yes\", \"Yes, go on\"], [\"later\", \"Not yet\"]]);\nif ready == \"later\" { finish(\"Another day.\") }\n```",
    },
    Doc {
        name: "choose",
        signature: &[
            "who: Target",
            "text: string",
            "choices: array",
            "options: map",
            "?",
        ],
        first: None,
        text: "Asks for one of two or more options, with options (`\"private\"`, `optional`).",
    },
    Doc {
        name: "choose_many",
        signature: &[
            "who: Target",
            "text: string",
            "choices: array",
            "min: int",
            "max: int",
            "array",
        ],
        first: None,
        text: "Asks for `min` to `max` of the options (a text, or a pair of a key and the words\n\
               shown, as in `choose`); returns a list of the keys picked, in the options' order.\n\
               The partner types numbers (`1 3`) or options separated by commas.\n\n\
               ```rhai\nlet felt = choose_many(each, \"Pick up to three\", [\"Hurt\", \"Angry\", \"Sad\", \"Hopeful\"], 1, 3);\n```",
    },
    Doc {
        name: "choose_many",
        signature: &[
            "who: Target",
            "text: string",
            "choices: array",
            "min: int",
            "max: int",
            "options: map",
            "array",
        ],
        first: None,
        text: "The same, with options (`\"private\"`, `optional`).",
    },
    Doc {
        name: "join",
        signature: &["list: array", "separator: string", "string"],
        first: None,
        text: "The items of a list as one text, with `separator` between them:\n\
               `join([\"a\", \"b\"], \", \")` or `list.join(\", \")` is `\"a, b\"`.",
    },
    Doc {
        name: "join",
        signature: &["list: array", "string"],
        first: None,
        text: "The items of a list as one text: `\"a, b and c\"`, as a sentence lists them.",
    },
    Doc {
        name: "scale",
        signature: &["who: Target", "text: string", "min: int", "max: int", "?"],
        first: None,
        text: "Asks for a whole number from `min` to `max` (at most 1000 apart).",
    },
    Doc {
        name: "scale",
        signature: &[
            "who: Target",
            "text: string",
            "min: int",
            "max: int",
            "options: map",
            "?",
        ],
        first: None,
        text: "Asks for a whole number from `min` to `max`, with options (`examples`,\n\
               `\"private\"`, `distress: N`: an answer of N or more offers a break, and\n\
               `own_break: true`: the guide offers its own break there, so Kintsugi does not).",
    },
    Doc {
        name: "confirm",
        signature: &["who: Target", "text: string", "?"],
        first: None,
        text: "Asks yes or no; returns `true` or `false` (a map by role for `each`).",
    },
    Doc {
        name: "confirm",
        signature: &["who: Target", "text: string", "options: map", "?"],
        first: None,
        text: "Asks yes or no, with options (`examples`, `\"private\"`).",
    },
    Doc {
        name: "privately",
        signature: &["who: Target", "Target"],
        first: None,
        text: "Keeps the answers private until a `reveal`: `privately(first)`, `privately(each)`.\n\
               Before a private question the host hands the screen over (at one keyboard) or asks on that partner's own device. `privately(both)` cannot be.",
    },
    Doc {
        name: "next",
        signature: &["step: string", "()"],
        first: None,
        text: "Moves to another step at once; nothing after it in this step runs.",
    },
    Doc {
        name: "finish",
        signature: &["()"],
        first: None,
        text: "Ends the guide.",
    },
    Doc {
        name: "finish",
        signature: &["text: string", "()"],
        first: None,
        text: "Ends the guide with a closing line.",
    },
    Doc {
        name: "remember",
        signature: &["key: string", "value: ?", "()"],
        first: None,
        text: "Keeps a value across steps (and across a break): `remember(\"trust\", trust)`.\n\
               Lists and maps in it may nest 32 levels deep at most.",
    },
    Doc {
        name: "recall",
        signature: &["key: string", "?"],
        first: None,
        text: "A value kept with `remember`, or `()` if there is none.",
    },
    Doc {
        name: "recall",
        signature: &["key: string", "default: ?", "?"],
        first: None,
        text: "A value kept with `remember`, or `default` if there is none.",
    },
    Doc {
        name: "take_break",
        signature: &["minutes: int", "()"],
        first: None,
        text: "Asks for a break of `minutes` (a real one: the session stops here, and `resume`\n\
               waits until the break is over). The step goes on after it when the partners return.",
    },
    Doc {
        name: "take_break",
        signature: &["minutes: int", "back: int", "()"],
        first: None,
        text: "Asks for a break of `minutes`, and records that the partners agreed to come back\n\
               `back` minutes after it starts (at least `minutes`): `kintsugi remind` reminds them.",
    },
    Doc {
        name: "agree",
        signature: &["text: string", "()"],
        first: None,
        text: "Records an agreement both partners commit to. It goes into the couple's ledger\n\
               (`kintsugi agreements`), open until a later session reviews it; the transcript\n\
               lists it at the end.",
    },
    Doc {
        name: "agree",
        signature: &["who: Target", "text: string", "()"],
        first: None,
        text: "Records an agreement one partner commits to (`agree(second, \"I text when I am late.\")`),\n\
               or both (`agree(both, ...)`, the same as `agree(text)`).",
    },
    Doc {
        name: "agreements",
        signature: &["array"],
        first: None,
        text: "The agreements to look back on: the couple's open agreements from earlier sessions\n\
               (oldest first, those reviewed in this session left out), then those made so far in\n\
               this session. Each is a map: #{ id, text, by, guide, date, days_ago, earlier }, where\n\
               `by` is a role or \"both\" and `earlier` is false for this session's own.",
    },
    Doc {
        name: "review",
        signature: &["agreement: map", "outcome: string", "()"],
        first: Some("Map"),
        text: "Says how an earlier agreement (an item of `agreements()`) went: \"kept\", \"partly kept\",\n\
               \"not kept\", \"changed\" or \"let go\". It is no longer open; the transcript and\n\
               `kintsugi agreements` show the review.",
    },
    Doc {
        name: "review",
        signature: &["id: string", "outcome: string", "()"],
        first: Some("ImmutableString"),
        text: "The same as `review(agreement, outcome)`, by the agreement's id.",
    },
    Doc {
        name: "last_session",
        signature: &["?"],
        first: None,
        text: "The couple's last session before this one, or `()` for their first: #{ id, guide,\n\
               title, date, days_ago, status, agreements }, `status` in words (\"finished\",\n\
               \"ended early\", \"not finished\").",
    },
    Doc {
        name: "last_session",
        signature: &["guide: string", "?"],
        first: None,
        text: "The couple's last session of a guide (`last_session(\"check-in\")`), or `()` if none.",
    },
    Doc {
        name: "revealed_earlier",
        signature: &["label: string", "array"],
        first: None,
        text: "What earlier sessions revealed under a label, newest first: one map per session,\n\
               the values by role with its date, days_ago and guide\n\
               (`revealed_earlier(\"trust\")[0].first`). Only revealed answers are kept.",
    },
    Doc {
        name: "revealed_earlier",
        signature: &["label: string", "count: int", "array"],
        first: None,
        text: "The same, for the last `count` sessions that revealed it at most.",
    },
    Doc {
        name: "reveal",
        signature: &["answers: map", "()"],
        first: None,
        text: "Shows private answers to both: the map an `each` prompt returned.",
    },
    Doc {
        name: "reveal",
        signature: &["label: string", "answers: map", "()"],
        first: Some("ImmutableString"),
        text: "Shows private answers to both, under a label: `reveal(\"trust\", trust)`.",
    },
    Doc {
        name: "reveal",
        signature: &["who: Target", "answer: ?", "()"],
        first: Some("Target"),
        text: "Shows one partner's private answer to both: `reveal(first, secret)`.",
    },
    Doc {
        name: "get$name",
        signature: &["who: Target", "string"],
        first: None,
        text: "The partner's name (`first.name`); for `both` and `each`, both names.",
    },
    Doc {
        name: "get$role",
        signature: &["who: Target", "string"],
        first: None,
        text: "The role's id as written in the declaration (`\"first\"`), or `\"both\"`, `\"each\"`.",
    },
    Doc {
        name: "name",
        signature: &["who: Target", "string"],
        first: None,
        text: "The partner's name; for `both` and `each`, both names.",
    },
    Doc {
        name: "to_string",
        signature: &["who: Target", "string"],
        first: None,
        text: "The partner's name, as a role shows in text: `` `Thank you, ${first}.` ``.",
    },
    Doc {
        name: "random",
        signature: &["min: int", "max: int", "int"],
        first: None,
        text: "A whole number from `min` to `max`, seeded per session: a resumed session draws\n\
               the same.",
    },
    Doc {
        name: "pick",
        signature: &["list: array", "?"],
        first: None,
        text: "One item of a list, seeded per session.",
    },
];

/// Registers a function of the guide language with its documentation (if it has any):
/// the same as `engine.register_fn(name, func)` otherwise.
pub(crate) fn register<A: 'static, const N: usize, const X: bool, R, const F: bool, FUNC>(
    engine: &mut Engine,
    name: &str,
    func: FUNC,
) where
    R: Variant + Clone,
    FUNC: RhaiNativeFunc<A, N, X, R, F> + Send + Sync + 'static,
{
    let first = FUNC::param_names().first().copied().unwrap_or_default();
    let doc = DOCS.iter().find(|d| {
        d.name == name
            && d.signature.len() == N + 1
            && d.first.is_none_or(|word| first.contains(word))
    });
    let mut registration = FuncRegistration::new(name);
    if let Some(doc) = doc {
        let comments: String = doc
            .text
            .lines()
            .map(|line| format!("/// {line}").trim_end().to_string())
            .collect::<Vec<_>>()
            .join("\n");
        registration = registration
            .with_params_info(doc.signature)
            .with_comments([comments]);
    }
    registration.register_into_engine(engine, func);
}

/// The comment file for what definitions cannot describe: the role variables, `both`
/// and `each`, and the `Target` type they have.
pub(crate) const ROLES_DEFINITION: &str = "\
/// Kintsugi's role variables. `Target` is who a prompt is for: a role (as declared in
/// `guide(#{ roles: ... })`), `both` or `each`, optionally wrapped in `privately(...)`.
/// In text a role shows as the partner's name: `` `Thank you, ${first}.` ``. Every role
/// the guide declares is a variable of this type in every step (for example `first`
/// and `second`, or `hurt` and `repairing`); `kintsugi defs --guide FILE` lists a
/// guide's own.
module static;

/// Both partners, answering once, together (one answer for the two of you).
/// `privately(both)` cannot be: an answer given together is seen by both.
const both: Target;

/// Each partner in turn: a prompt returns a map by role (`mood.first`, `mood.second`).
/// `privately(each)` keeps each answer from the other until a `reveal`.
const each: Target;
";

/// A definition for one declared role, for a guide's own roles file.
pub(crate) fn role_definition(role: &str, description: &str) -> String {
    let description = description.replace('\n', " ");
    format!(
        "/// The role `{role}`: {description}. In text, the partner's name.\nconst {role}: Target;\n"
    )
}
