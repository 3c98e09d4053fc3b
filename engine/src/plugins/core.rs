//! The core guide language: `guide`, `step`, `say`, the four prompts, `privately`,
//! `remember`/`recall`, `reveal`, `agree`, `next` and `finish`, and the role variables.

use super::docs;
use crate::audience::{Audience, RoleId};
use crate::code::Code;
use crate::event::{Event, EventKind};
use crate::prompt::{Prompt, PromptKind};
use crate::runtime::errors::{coded_error, runtime_error};
use crate::runtime::plugin::Plugin;
use crate::runtime::program::{Declaration, StepDef};
use crate::runtime::run::Run;
use crate::value::Value;
use indexmap::IndexMap;
use rhai::{Array, Dynamic, Engine, EvalAltResult, FnPtr, ImmutableString, Map, NativeCallContext};

type Fallible<T> = Result<T, Box<EvalAltResult>>;

/// The plugin that provides the core guide language, installed in every run.
pub struct Core;

/// Who a prompt is for, as the guide writes it: a role variable, `both` or `each`,
/// optionally wrapped in `privately(...)`.
#[derive(Debug, Clone)]
pub struct Target {
    who: Who,
    private: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Who {
    Role(RoleId),
    Both,
    Each,
}

impl Target {
    fn describe(&self, run: &Run) -> String {
        match &self.who {
            Who::Role(role) => run.name_of(role),
            Who::Both | Who::Each => run
                .roles()
                .iter()
                .map(|r| run.name_of(r))
                .collect::<Vec<_>>()
                .join(" and "),
        }
    }
}

fn line(ctx: &NativeCallContext) -> usize {
    ctx.call_position().line().unwrap_or(1)
}

/// The longest break a guide may ask for: a week, in minutes.
const LONGEST_BREAK: i64 = 7 * 24 * 60;

/// `take_break(minutes)` and `take_break(minutes, back)`: a break the host holds to its
/// length. An event like any other, so a replay computes it again; the host keeps when
/// it was taken.
fn take_break(run: &Run, minutes: i64, back: Option<i64>, ctx: &NativeCallContext) -> Fallible<()> {
    in_step(run, "take_break(...)")?;
    if !(1..=LONGEST_BREAK).contains(&minutes) {
        return Err(runtime_error(&format!(
            "take_break({minutes}): a break lasts from 1 minute to a week ({LONGEST_BREAK} minutes)"
        )));
    }
    if let Some(back) = back
        && !(minutes..=LONGEST_BREAK).contains(&back)
    {
        return Err(runtime_error(&format!(
            "take_break({minutes}, {back}): the time to come back is counted from the start of the break, so it is at least the break's length ({minutes}) and at most a week ({LONGEST_BREAK})"
        )));
    }
    // In range, so they fit.
    let minutes = u32::try_from(minutes).unwrap_or(u32::MAX);
    let back = back.map(|b| u32::try_from(b).unwrap_or(u32::MAX));
    run.emit(Event::public(EventKind::Break { minutes, back }).at(run.place(ctx)));
    Ok(())
}

fn in_step(run: &Run, what: &str) -> Fallible<()> {
    if run.loading() {
        Err(coded_error(
            Code::OutsideStep,
            &format!("{what} can only be used inside a step"),
        ))
    } else {
        Ok(())
    }
}

impl Plugin for Core {
    fn name(&self) -> &'static str {
        "core"
    }

    fn install(&self, engine: &mut Engine, run: &Run) {
        install_roles(engine, run);
        install_structure(engine, run);
        install_prompts(engine, run);
        install_memory(engine, run);
        install_lines(engine, run);
        install_lists(engine, run);
        super::couple::install(engine, run);
    }
}

/// Role names, `both` and `each` are variables every step can see.
/// How deeply lists and maps may sit inside each other in a remembered value.
const MAX_REMEMBERED_NESTING: usize = 32;

/// Whether lists and maps sit inside each other more than `levels` deep in a value (a
/// plain value is 0 deep, a list of plain values 1); looks no deeper than that.
fn deeper_than(value: &Dynamic, levels: usize) -> bool {
    if let Some(array) = value.read_lock::<rhai::Array>() {
        levels == 0 || array.iter().any(|v| deeper_than(v, levels - 1))
    } else if let Some(map) = value.read_lock::<rhai::Map>() {
        levels == 0 || map.values().any(|v| deeper_than(v, levels - 1))
    } else {
        false
    }
}

fn install_roles(engine: &mut Engine, run: &Run) {
    engine.register_type_with_name::<Target>("Target");
    let r = run.clone();
    #[allow(deprecated)] // `on_var` is marked volatile, not deprecated
    engine.on_var(move |name, index, _| {
        // A positive index means the parser found a local variable of that name.
        if index > 0 {
            return Ok(None);
        }
        let who = match name {
            "both" => Who::Both,
            "each" => Who::Each,
            _ if r.is_role(name) => Who::Role(name.to_string()),
            _ => return Ok(None),
        };
        Ok(Some(Dynamic::from(Target {
            who,
            private: false,
        })))
    });
    let r = run.clone();
    docs::register(engine, "get$name", move |t: &mut Target| t.describe(&r));
    let r = run.clone();
    docs::register(engine, "to_string", move |t: &mut Target| t.describe(&r));
    let r = run.clone();
    docs::register(engine, "name", move |t: Target| t.describe(&r));
    docs::register(engine, "get$role", |t: &mut Target| match &t.who {
        Who::Role(role) => role.clone(),
        Who::Both => "both".into(),
        Who::Each => "each".into(),
    });
    docs::register(engine, "privately", |t: Target| -> Fallible<Target> {
        if t.who == Who::Both {
            return Err(runtime_error(
                "privately(both) cannot be: an answer both give together is seen by both; use privately(each)",
            ));
        }
        Ok(Target { private: true, ..t })
    });
}

/// `guide`, `step`, `next` and `finish`: the shape of a guide.
fn install_structure(engine: &mut Engine, run: &Run) {
    let r = run.clone();
    docs::register(engine, "guide", move |map: Map| -> Fallible<()> {
        let decl = declaration(map)?;
        r.with(|st| match &mut st.loading {
            Some(loading) if loading.declared.is_none() => {
                loading.declared = Some(decl);
                Ok(())
            }
            // Declared already, or called from a step of a declared guide.
            _ => Err(coded_error(
                Code::Declaration,
                "guide(...) is called twice; call it once, at the top",
            )),
        })
        .unwrap_or(Ok(()))
    });
    let r = run.clone();
    docs::register(
        engine,
        "step",
        move |ctx: NativeCallContext, name: ImmutableString, mut func: FnPtr| -> Fallible<()> {
            // A closure shares the variables it captures; a step gets its own copy, so
            // running a step again (replay, undo) can never see an earlier run's changes.
            for value in func.iter_curry_mut() {
                *value = value.flatten_clone();
            }
            let line = line(&ctx);
            r.with(|st| {
                let Some(loading) = &mut st.loading else {
                    return Err(runtime_error(
                        "step(...) can only be used at the top of a guide",
                    ));
                };
                if loading.steps.contains_key(name.as_str()) {
                    return Err(coded_error(
                        Code::DuplicateStep,
                        &format!("there are two steps named \"{name}\"; step names must be unique"),
                    ));
                }
                loading
                    .steps
                    .insert(name.to_string(), StepDef { func, line });
                Ok(())
            })
            .unwrap_or(Ok(()))
        },
    );
    let r = run.clone();
    docs::register(
        engine,
        "next",
        move |ctx: NativeCallContext, step: ImmutableString| -> Fallible<()> {
            in_step(&r, "next(...)")?;
            Err(r.move_to(&step, line(&ctx)))
        },
    );
    let r = run.clone();
    docs::register(
        engine,
        "finish",
        move |ctx: NativeCallContext, text: ImmutableString| -> Fallible<()> {
            in_step(&r, "finish(...)")?;
            let (line, module) = r.place(&ctx);
            Err(r.finish(&text, line, module))
        },
    );
    let r = run.clone();
    docs::register(
        engine,
        "finish",
        move |ctx: NativeCallContext| -> Fallible<()> {
            in_step(&r, "finish()")?;
            let (line, module) = r.place(&ctx);
            Err(r.finish("", line, module))
        },
    );
}

fn declaration(map: Map) -> Fallible<Declaration> {
    const KEYS: [&str; 4] = ["title", "summary", "roles", "start"];
    if let Some(key) = map.keys().find(|k| !KEYS.contains(&k.as_str())) {
        return Err(coded_error(
            Code::Declaration,
            &format!(
                "guide(#{{...}}) does not know \"{key}\"; it takes {}",
                KEYS.join(", ")
            ),
        ));
    }
    let text = |key: &str, code: Code, required: bool| -> Fallible<String> {
        match map.get(key) {
            Some(v) if v.is_string() => Ok(v.to_string()),
            None if !required => Ok(String::new()),
            _ => Err(coded_error(
                code,
                &format!("guide(#{{...}}) needs {key}: \"...\" (a string)"),
            )),
        }
    };
    let title = text("title", Code::Title, true)?;
    let summary = text("summary", Code::Declaration, false)?;
    let start = text("start", Code::Start, true)?;
    let Some(roles) = map
        .get("roles")
        .and_then(|r| r.read_lock::<Map>().map(|m| m.clone()))
    else {
        return Err(coded_error(
            Code::Roles,
            "guide(#{...}) needs roles: #{ role: \"who this is\", ... }",
        ));
    };
    if roles.is_empty() {
        return Err(coded_error(
            Code::Roles,
            "guide(#{...}) needs at least one role",
        ));
    }
    let mut declared = IndexMap::new();
    for (role, description) in roles {
        if matches!(role.as_str(), "both" | "each") {
            return Err(coded_error(
                Code::Roles,
                &format!("\"{role}\" cannot be a role name: it already means something in guides"),
            ));
        }
        declared.insert(role.to_string(), description.to_string());
    }
    Ok(Declaration {
        title,
        summary,
        roles: declared,
        start,
    })
}

/// `ask`, `choose`, `scale` and `confirm`, each with an optional map of options.
fn install_prompts(engine: &mut Engine, run: &Run) {
    macro_rules! prompt_fn {
        ($name:literal, [$($arg:ident : $ty:ty),*] => $kind:expr) => {{
            let r = run.clone();
            docs::register(engine,
                $name,
                move |ctx: NativeCallContext, t: Target, text: ImmutableString $(, $arg: $ty)*| {
                    prompt(&r, &ctx, t, &text, $kind, Map::new())
                },
            );
            let r = run.clone();
            docs::register(engine,
                $name,
                move |ctx: NativeCallContext, t: Target, text: ImmutableString $(, $arg: $ty)*, opts: Map| {
                    prompt(&r, &ctx, t, &text, $kind, opts)
                },
            );
        }};
    }
    prompt_fn!("ask", [] => Ok(PromptKind::Text));
    prompt_fn!("choose", [options: Array] => choice(options));
    prompt_fn!("choose_many", [options: Array, min: i64, max: i64] => choose_many(options, min, max));

    prompt_fn!("scale", [min: i64, max: i64] => scale(min, max));
    prompt_fn!("confirm", [] => Ok(PromptKind::YesNo));
}

/// A `choose` or `choose_many` list: each item an option that is its own key
/// (`"Not yet"`), or a pair of a key and the words shown (`["later", "Not yet"]`), in
/// the order written. Returns the words shown and the keys (empty when every option is
/// its own key).
fn options(what: &str, options: Array) -> Fallible<(Vec<String>, Vec<String>)> {
    let mut shown = Vec::new();
    let mut keys = Vec::new();
    let mut keyed = false;
    for item in options {
        let (key, words) = if let Some(pair) = item.read_lock::<Array>() {
            match pair.as_slice() {
                [key, words] if key.is_string() && words.is_string() => {
                    keyed = true;
                    (key.to_string(), words.to_string())
                }
                _ => {
                    return Err(runtime_error(&format!(
                        "{what}(...): an option is a text, or a pair of a key and a text like [\"later\", \"Not yet\"]"
                    )));
                }
            }
        } else if item.is_string() {
            (item.to_string(), item.to_string())
        } else {
            return Err(runtime_error(&format!(
                "{what}(...): an option is a text, or a pair of a key and a text like [\"later\", \"Not yet\"], not {}",
                crate::runtime::errors::kind_of(&item)
            )));
        };
        keys.push(key.trim().to_string());
        shown.push(words.trim().to_string());
    }
    if shown.len() < 2 {
        return Err(runtime_error(&format!(
            "{what}(...) needs at least two options"
        )));
    }
    if shown.iter().chain(&keys).any(String::is_empty) {
        return Err(runtime_error(&format!("{what}(...) has an empty option")));
    }
    for list in [&shown, &keys] {
        for (i, o) in list.iter().enumerate() {
            if list[..i].iter().any(|p| p.eq_ignore_ascii_case(o)) {
                return Err(runtime_error(&format!("{what}(...) lists \"{o}\" twice")));
            }
        }
    }
    Ok((shown, if keyed { keys } else { Vec::new() }))
}

fn choice(list: Array) -> Fallible<PromptKind> {
    let (options, keys) = options("choose", list)?;
    Ok(PromptKind::Choice { options, keys })
}

fn choose_many(list: Array, min: i64, max: i64) -> Fallible<PromptKind> {
    let (options, keys) = options("choose_many", list)?;
    let n = options.len() as i64;
    if !(0 <= min && min <= max && max >= 1 && max <= n) {
        return Err(runtime_error(&format!(
            "choose_many(..., {min}, {max}): the fewest and the most options to pick must go from 0 up to the number of options ({n}), the fewest first, the most at least 1"
        )));
    }
    Ok(PromptKind::ChooseMany {
        options,
        keys,
        min: min as usize,
        max: max as usize,
    })
}

fn scale(min: i64, max: i64) -> Fallible<PromptKind> {
    PromptKind::scale(min, max).map_err(|message| runtime_error(&message))
}

fn prompt(
    run: &Run,
    ctx: &NativeCallContext,
    target: Target,
    text: &str,
    kind: Fallible<PromptKind>,
    opts: Map,
) -> Fallible<Dynamic> {
    let kind = kind?;
    let mut examples = Vec::new();
    let mut distress = None;
    let mut own_break = false;
    let mut mirror = false;
    let mut steers = false;
    let mut pass = None;
    let mut private = target.private;
    for (key, value) in opts {
        match key.as_str() {
            "examples" => {
                let list = value.into_typed_array::<ImmutableString>().map_err(|_| {
                    runtime_error("examples: must be a list of strings, like [\"...\", \"...\"]")
                })?;
                examples = list.into_iter().map(|s| s.to_string()).collect();
            }
            "private" => private = value.as_bool().unwrap_or(false),
            "distress" => match (&kind, value.as_int()) {
                (PromptKind::Scale { min, max }, Ok(n)) if (*min..=*max).contains(&n) => {
                    distress = Some(n)
                }
                _ => {
                    return Err(runtime_error(
                        "distress: is for scales, a number within the scale from which a break is offered",
                    ));
                }
            },
            "own_break" => match (&kind, value.as_bool()) {
                (PromptKind::Scale { .. }, Ok(b)) => own_break = b,
                _ => {
                    return Err(runtime_error(
                        "own_break: is for distress scales, true when the guide itself offers a break from the distress value up",
                    ));
                }
            },
            "mirror" => match (&kind, value.as_bool()) {
                (PromptKind::Text, Ok(b)) => mirror = b,
                _ => {
                    return Err(runtime_error(
                        "mirror: is for free text, true when the answer says back the other partner's words",
                    ));
                }
            },
            "steers" => {
                steers = value.as_bool().map_err(|_| {
                    runtime_error(
                        "steers: is true when a private answer may change what both see next",
                    )
                })?
            }
            "optional" => {
                pass = if let Ok(b) = value.as_bool() {
                    b.then(|| crate::value::NO_ANSWER.to_string())
                } else if value.is_string() && !value.to_string().trim().is_empty() {
                    Some(value.to_string().trim().to_string())
                } else {
                    return Err(runtime_error(
                        "optional: is true (the partner may pass, with an empty line) or the words a pass shows, like \"I'd rather not say\"",
                    ));
                }
            }
            other => {
                return Err(runtime_error(&format!(
                    "unknown prompt option \"{other}\"; known options are examples, private, optional, distress, own_break, mirror and steers"
                )));
            }
        }
    }
    let base = Prompt {
        step: String::new(),
        ordinal: 0,
        to: Audience::Both,
        text: text.to_string(),
        kind,
        private,
        examples,
        distress,
        own_break,
        mirror,
        steers,
        pass,
        line: line(ctx),
    };
    match target.who {
        Who::Role(role) => Ok(run.ask(Prompt {
            to: Audience::Partner(role),
            ..base
        })?),
        Who::Both => Ok(run.ask(Prompt {
            to: Audience::Both,
            ..base
        })?),
        Who::Each => {
            let mut answers = Map::new();
            for role in run.roles() {
                let to = Audience::Partner(role.clone());
                let value = run.ask(Prompt { to, ..base.clone() })?;
                answers.insert(role.into(), value);
            }
            Ok(answers.into())
        }
    }
}

/// `remember(key, value)` and `recall(key)`: values kept across steps.
fn install_memory(engine: &mut Engine, run: &Run) {
    let r = run.clone();
    docs::register(
        engine,
        "remember",
        move |key: ImmutableString, value: Dynamic| -> Fallible<()> {
            // Remembered values are compared, hashed and dropped outside the steps' own
            // deep stack, by code that follows their nesting.
            if deeper_than(&value, MAX_REMEMBERED_NESTING) {
                return Err(runtime_error(&format!(
                    "remember(\"{key}\", ...): lists and maps inside each other may go \
                     {MAX_REMEMBERED_NESTING} levels deep at most"
                )));
            }
            r.remember(&key, value);
            Ok(())
        },
    );
    let r = run.clone();
    docs::register(engine, "recall", move |key: ImmutableString| {
        r.recall(&key).unwrap_or(Dynamic::UNIT)
    });
    let r = run.clone();
    docs::register(
        engine,
        "recall",
        move |key: ImmutableString, default: Dynamic| r.recall(&key).unwrap_or(default),
    );
}

/// `say`, `reveal` and `agree`: what the narrator says and what is kept.
fn install_lines(engine: &mut Engine, run: &Run) {
    let r = run.clone();
    docs::register(
        engine,
        "say",
        move |ctx: NativeCallContext, text: ImmutableString| -> Fallible<()> {
            in_step(&r, "say(...)")?;
            r.emit(
                Event::public(EventKind::Say {
                    text: text.to_string(),
                })
                .at(r.place(&ctx)),
            );
            Ok(())
        },
    );
    let r = run.clone();
    docs::register(
        engine,
        "say_to",
        move |ctx: NativeCallContext, who: Target, text: ImmutableString| -> Fallible<()> {
            in_step(&r, "say_to(...)")?;
            let Who::Role(role) = who.who else {
                return Err(runtime_error(
                    "say_to(role, text) speaks to one partner; for both use say(text)",
                ));
            };
            let to = Audience::Partner(role);
            let event = Event {
                kind: EventKind::Say {
                    text: text.to_string(),
                },
                to: to.clone(),
                seen_by: to,
                line: None,
                module: None,
            };
            r.emit(event.at(r.place(&ctx)));
            Ok(())
        },
    );
    let r = run.clone();
    docs::register(
        engine,
        "agree",
        move |ctx: NativeCallContext, text: ImmutableString| -> Fallible<()> {
            in_step(&r, "agree(...)")?;
            r.emit(
                Event::public(EventKind::Agreement {
                    text: text.to_string(),
                    by: None,
                })
                .at(r.place(&ctx)),
            );
            Ok(())
        },
    );
    let r = run.clone();
    docs::register(
        engine,
        "agree",
        move |ctx: NativeCallContext, who: Target, text: ImmutableString| -> Fallible<()> {
            in_step(&r, "agree(...)")?;
            let by = match who.who {
                Who::Role(role) => Some(role),
                Who::Both => None,
                Who::Each => {
                    return Err(runtime_error(
                        "agree(who, text) takes one partner, or both; for each partner, agree once for each",
                    ));
                }
            };
            r.emit(
                Event::public(EventKind::Agreement {
                    text: text.to_string(),
                    by,
                })
                .at(r.place(&ctx)),
            );
            Ok(())
        },
    );
    let r = run.clone();
    docs::register(
        engine,
        "take_break",
        move |ctx: NativeCallContext, minutes: i64| take_break(&r, minutes, None, &ctx),
    );
    let r = run.clone();
    docs::register(
        engine,
        "take_break",
        move |ctx: NativeCallContext, minutes: i64, back: i64| {
            take_break(&r, minutes, Some(back), &ctx)
        },
    );
    let r = run.clone();
    docs::register(
        engine,
        "reveal",
        move |ctx: NativeCallContext, label: ImmutableString, answers: Map| {
            reveal(&r, &label, answers, &ctx)
        },
    );
    let r = run.clone();
    docs::register(
        engine,
        "reveal",
        move |ctx: NativeCallContext, answers: Map| reveal(&r, "", answers, &ctx),
    );
    let r = run.clone();
    docs::register(
        engine,
        "reveal",
        move |ctx: NativeCallContext, who: Target, value: Dynamic| {
            let Who::Role(role) = who.who else {
                return Err(runtime_error(
                    "reveal(role, answer) needs one role; for each partner's answers use reveal(answers)",
                ));
            };
            let mut answers = Map::new();
            answers.insert(role.into(), value);
            reveal(&r, "", answers, &ctx)
        },
    );
}

fn reveal(run: &Run, label: &str, answers: Map, ctx: &NativeCallContext) -> Fallible<()> {
    in_step(run, "reveal(...)")?;
    let mut shown = Vec::new();
    for (role, value) in answers {
        if !run.is_role(&role) {
            return Err(runtime_error(&format!(
                "reveal(...): \"{role}\" is not a role of this guide"
            )));
        }
        let (value, words) = value_of(run, &role, &value)?;
        shown.push((role.to_string(), words.map_or(value, Value::Text)));
    }
    run.emit(
        Event::public(EventKind::Reveal {
            label: label.to_string(),
            answers: shown,
        })
        .at(run.place(ctx)),
    );
    Ok(())
}

/// An answer to show: text, a number, yes/no, options picked or none; with what the
/// partners saw for it when the value is a prompt's answer as given (an option's words).
///
/// An answer comes tagged with its place among the answers, but Rhai drops a string's
/// tag when it is stored in a variable (it interns the string anew). Then the answer is
/// found by its value: the latest answer of `role`'s with that value, else the latest
/// of both partners' together; a reveal is of a private answer, almost always.
fn value_of(run: &Run, role: &str, value: &Dynamic) -> Fallible<(Value, Option<String>)> {
    let plain = if let Ok(b) = value.as_bool() {
        Value::Bool(b)
    } else if let Ok(n) = value.as_int() {
        Value::Number(n)
    } else if value.is_string() {
        Value::Text(value.to_string())
    } else if value.is_unit() {
        Value::None
    } else if let Some(list) = value
        .read_lock::<Array>()
        .filter(|l| l.iter().all(Dynamic::is_string))
    {
        Value::List(list.iter().map(|v| v.to_string()).collect())
    } else {
        return Err(runtime_error(&format!(
            "reveal(...) shows answers (text, numbers, yes/no, options picked), not {}",
            crate::runtime::errors::kind_of(value)
        )));
    };
    let tagged = usize::try_from(value.tag())
        .ok()
        .and_then(|place| place.checked_sub(1));
    let shown = run
        .with(|st| {
            let same = |i: &usize| st.answers.get(*i) == Some(&plain);
            let by = |i: &usize, who: &Audience| st.shown.get(*i).is_some_and(|(b, _)| b == who);
            let latest_by =
                |who: &Audience| (0..st.answers.len()).rev().find(|i| same(i) && by(i, who));
            let place = tagged
                .filter(same)
                .or_else(|| latest_by(&Audience::Partner(role.into())))
                .or_else(|| latest_by(&Audience::Both))?;
            st.shown.get(place).and_then(|(_, words)| words.clone())
        })
        .flatten();
    Ok((plain, shown))
}

/// `join`: a list as one text, for a line that names what was picked.
fn install_lists(engine: &mut Engine, run: &Run) {
    let r = run.clone();
    docs::register(
        engine,
        "join",
        move |list: Array, separator: ImmutableString| items(&r, &list).join(separator.as_str()),
    );
    let r = run.clone();
    docs::register(engine, "join", move |list: Array| {
        let mut items = items(&r, &list);
        match items.len() {
            0 | 1 => items.concat(),
            _ => {
                let last = items.pop().unwrap_or_default();
                format!("{} and {last}", items.join(", "))
            }
        }
    });
}

/// Each item of a list as text shows it: a role as the partner's name.
fn items(run: &Run, list: &Array) -> Vec<String> {
    list.iter()
        .map(|item| match item.read_lock::<Target>() {
            Some(target) => target.describe(run),
            None => item.to_string(),
        })
        .collect()
}
