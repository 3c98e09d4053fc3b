//! Rhai's errors turned into ours: in the guide language's words, at the innermost place
//! in the guide where they happened.

use crate::code::Code;
use crate::error::{Error, ErrorKind, Limit, Location};
use crate::syntax::mistakes::explain;
use rhai::{AST, ASTNode, Dynamic, EvalAltResult, Expr, Position};

/// What a step that runs out of operations is told; `Session` then points it at the
/// step's loops (Rhai reports it where the step was called).
pub(crate) const RAN_TOO_LONG: &str =
    "this step ran too long without asking anything; is there a loop that never ends?";

fn location(file: &str, pos: Position) -> Option<Location> {
    Some(Location {
        file: file.to_string(),
        line: pos.line()?,
        column: pos.position().unwrap_or(1),
    })
}

/// A syntax error in `text` (the file `file`), in the guide language's words, at the
/// place of the mistake ([`crate::syntax::mistakes`]).
pub(crate) fn syntax_error(file: &str, text: &str, err: &rhai::ParseError) -> Error {
    let mistake = explain(text, err);
    Error::coded(ErrorKind::Syntax, Code::Syntax, mistake.message).at(Some(Location {
        file: file.to_string(),
        line: mistake.at.line,
        column: mistake.at.column,
    }))
}

/// Turns a Rhai error into ours, pointing at the innermost place it happened.
pub(crate) fn script_error(file: &str, err: EvalAltResult) -> Error {
    let mut err = err;
    let mut pos = err.position();
    // The file the place is in: a module's function or top level names its module's
    // file (the resolver sets it as the module's source), the guide's names the guide.
    let mut file = file.to_string();
    while let EvalAltResult::ErrorInFunctionCall(_, src, inner, p)
    | EvalAltResult::ErrorInModule(src, inner, p) = err
    {
        if !p.is_none() {
            pos = p;
        }
        err = *inner;
        if !err.position().is_none() {
            pos = err.position();
            if !src.is_empty() {
                file = src;
            }
        }
    }
    let file = file.as_str();
    let limit = match &err {
        EvalAltResult::ErrorTooManyOperations(_) => Some(Limit::Operations),
        EvalAltResult::ErrorStackOverflow(_) => Some(Limit::CallDepth),
        EvalAltResult::ErrorDataTooLarge(..) => Some(Limit::DataSize),
        _ => None,
    };
    let code = match &err {
        EvalAltResult::ErrorRuntime(value, _) => thrown_code(value),
        EvalAltResult::ErrorVariableNotFound(..) => Some(Code::UnknownName),
        EvalAltResult::ErrorModuleNotFound(..) => Some(Code::Import),
        _ => None,
    };
    let (kind, message) = match err {
        EvalAltResult::ErrorTooManyOperations(_) => (ErrorKind::Runaway, RAN_TOO_LONG.to_string()),
        EvalAltResult::ErrorStackOverflow(_) => (
            ErrorKind::Runaway,
            "functions call each other too deeply; is a function calling itself forever?"
                .to_string(),
        ),
        EvalAltResult::ErrorDataTooLarge(what, _) => (
            ErrorKind::Runaway,
            format!("{what} grew past the limit a guide may use"),
        ),
        EvalAltResult::ErrorModuleNotFound(path, _) => (
            ErrorKind::Import,
            format!(
                "module \"{path}\" not found: guides import .rhai files from their own folder only, named in quotes (`import \"{path}\" as m;`), inside the step that uses it"
            ),
        ),
        EvalAltResult::ErrorRuntime(value, _) => (ErrorKind::Runtime, value.to_string()),
        EvalAltResult::ErrorVariableNotFound(name, _) if name.contains("::") => (
            ErrorKind::Runtime,
            format!(
                "unknown name `{name}`: a guide's steps run after its top level, so `global::` finds nothing; a function (fn) sees only its parameters: give it the value as one"
            ),
        ),
        EvalAltResult::ErrorVariableNotFound(name, _) => (
            ErrorKind::Runtime,
            format!(
                "unknown name `{name}`: a prompt's `who` is a role declared in guide(#{{ roles: ... }}) \
                 (declare the guide before its steps), `both` or `each`; other values come \
                 from `let` or recall(...); a function (fn) sees only its parameters, not the \
                 guide's top-level values"
            ),
        ),
        EvalAltResult::ErrorFunctionNotFound(signature, _) => {
            (ErrorKind::Runtime, function_not_found(&signature))
        }
        EvalAltResult::ErrorMismatchDataType(expected, actual, _)
        | EvalAltResult::ErrorMismatchOutputType(expected, actual, _) => {
            (ErrorKind::Runtime, mismatch(&expected, &actual))
        }
        other => (ErrorKind::Runtime, plain_words(other)),
    };
    let mut error = Error::new(kind, message).at(location(file, pos));
    error.code = code;
    error.limit = limit;
    error
}

/// The rest of Rhai's run-time errors in the guide language's words: never a Rust type.
fn plain_words(err: EvalAltResult) -> String {
    let plural = |n: usize, one: &str| {
        if n == 1 {
            format!("{n} {one}")
        } else {
            format!("{n} {one}s")
        }
    };
    match err {
        EvalAltResult::ErrorArrayBounds(0, index, _) => {
            format!("there is no item [{index}]: the list is empty")
        }
        EvalAltResult::ErrorArrayBounds(len, index, _) => format!(
            "there is no item [{index}] in a list of {}: items are counted from 0, so the last is [{}]",
            plural(len, "item"),
            len - 1
        ),
        EvalAltResult::ErrorStringBounds(len, index, _) => format!(
            "there is no character [{index}] in a text of {}: characters are counted from 0",
            plural(len, "character")
        ),
        EvalAltResult::ErrorDotExpr(message, _) => {
            let quoted: Vec<&str> = message.split('\'').skip(1).step_by(2).collect();
            match (quoted.first(), quoted.get(1)) {
                (Some(member), Some(kind)) => format!(
                    "`{member}` is not a member of {}: only a map has members (`answers.first`), and a method is called with brackets (`words.len()`)",
                    with_article(type_word(kind))
                ),
                _ => "this `.` cannot be used here: a map's member is `answers.first`, a method `words.len()`".to_string(),
            }
        }
        EvalAltResult::ErrorIndexingType(kind, _) => format!(
            "`[...]` cannot pick from {}: a list takes a number (`items[0]`), a map a text (`answers[\"first\"]`)",
            with_article(type_word(kind.split(' ').next().unwrap_or(&kind)))
        ),
        EvalAltResult::ErrorPropertyNotFound(name, _) => {
            format!("there is no member `{name}` here")
        }
        EvalAltResult::ErrorIndexNotFound(index, _) => format!("there is no item {index} here"),
        EvalAltResult::ErrorFor(_) => {
            "`for` goes through a list, a range (`0..3`) or a text, and this is none of them"
                .to_string()
        }
        EvalAltResult::ErrorUnboundThis(_) => {
            "`this` means nothing here: a function sees only the values it is given".to_string()
        }
        EvalAltResult::ErrorAssignmentToConstant(name, _) => format!(
            "`{name}` is a constant (`const`) and cannot change: declare it with `let` if it changes"
        ),
        EvalAltResult::ErrorNonPureMethodCallOnConstant(name, _) => format!(
            "`{name}` would change a constant (`const`): declare the value with `let` if it changes"
        ),
        EvalAltResult::ErrorTooManyVariables(_) => {
            "too many names (`let`) at once: keep values in a list or a map".to_string()
        }
        EvalAltResult::ErrorTooManyModules(_) => "too many modules imported".to_string(),
        mut other => {
            let _ = other.take_position();
            rust_types_named(&other.to_string())
        }
    }
}

/// "a number", "an answer": a kind's words with an article when it has none.
fn with_article(kind: &str) -> String {
    if kind.starts_with("a ") || kind.starts_with("an ") || kind == "nothing" {
        kind.to_string()
    } else {
        format!("a {kind}")
    }
}

/// A message with any Rust type names left in it said in the guide language's words.
fn rust_types_named(message: &str) -> String {
    let mut out = message.to_string();
    for (rust, words) in [
        ("&str | ImmutableString | String", "text"),
        ("ImmutableString", "text"),
        ("&str", "text"),
        ("alloc::string::String", "text"),
        ("i64", "a number"),
        ("INT", "a number"),
        ("f64", "a decimal number"),
        ("Dynamic", "a value"),
        ("rhai::Array", "a list"),
        ("rhai::Map", "a map"),
    ] {
        out = out.replace(rust, words);
    }
    out
}

/// A function called with values it does not take, in the guide language's words: the
/// prompts and `reveal` say what they take, a method used on nothing says why.
fn function_not_found(signature: &str) -> String {
    let (name, values) = signature.split_once(' ').unwrap_or((signature, "()"));
    let kinds = type_words(values);
    let on_nothing = kinds.first().is_some_and(|k| k == "nothing");
    let shown = format!("({})", kinds.join(", "));
    match name {
        "ask" | "choose" | "choose_many" | "scale" | "confirm" => {
            let takes = match name {
                "choose" => "a list of options",
                "choose_many" => "a list of options, then the fewest and the most to pick",
                "scale" => "the lowest and highest numbers",
                _ => "",
            };
            let mut message = format!(
                "{name}(...) was given {shown}; it takes who (a role, both or each), then the question text"
            );
            if !takes.is_empty() {
                message.push_str(&format!(", then {takes}"));
            }
            let question_late = kinds.get(1).is_some_and(|k| k != "text")
                && kinds.iter().skip(2).any(|k| k == "text");
            if name == "scale" && question_late {
                message.push_str(": scale(each, \"How do you feel?\", 0, 10)");
            } else if name.starts_with("choose") && kinds.get(2).is_some_and(|k| k == "a map") {
                message.push_str(
                    ". A map of options would come out in alphabetical order, not yours: write pairs of key and text in a list, [[\"yes\", \"Yes, go on\"], [\"later\", \"Not yet\"]]",
                );
            }
            message
        }
        "reveal" => format!(
            "reveal(...) was given {shown}; it takes the answers by role (a map, as a prompt to `each` gives), with a label first if you like: reveal(\"label\", answers); for one partner's answer, reveal(role, answer); to show a text, say(...)"
        ),
        "!" | "&&" | "||" => format!(
            "`{name}` takes yes or no (true or false), and was given {shown}{}",
            if kinds.iter().any(|k| k == "a map") {
                "; a prompt to `each` gives one answer per partner (a map by role): test `ready.first && ready.second`"
            } else {
                ""
            }
        ),
        _ if on_nothing => format!("`{name}` {USED_ON_NOTHING}{IN_PLACE_CAUSE}"),
        // An operator always exists: the values are what is wrong.
        _ if !name.chars().any(char::is_alphanumeric) => {
            format!("`{name}`{CANNOT_BE_USED_ON}{shown}; check the values on each side of it")
        }
        _ => format!(
            "{NO_FUNCTION}`{name}` that takes {}; check the name and the values given{CHECK_SUGGESTS}",
            if kinds.is_empty() {
                "no values".to_string()
            } else {
                shown
            }
        ),
    }
}

/// How a message for an operator given values it does not take goes on after its name.
const CANNOT_BE_USED_ON: &str = " cannot be used on ";
/// How a message for a call no function of that name and values answers begins...
const NO_FUNCTION: &str = "there is no function ";
/// ...and ends, while no function of the name is known: `check` then reports the name
/// (K0019) with the closest one.
const CHECK_SUGGESTS: &str = " (`kintsugi check` suggests the closest name)";

/// A call of a function that exists, with values none of its forms takes, said with the
/// forms it has (`check` would find no name to suggest): the engine's functions and the
/// guide's own (`ast`).
pub(crate) fn with_known_forms(mut error: Error, engine: &rhai::Engine, ast: &AST) -> Error {
    let Some(rest) = error.message.strip_prefix(NO_FUNCTION) else {
        return error;
    };
    let Some((name, given)) = rest
        .strip_prefix('`')
        .and_then(|r| r.split_once("` that takes "))
        .and_then(|(name, r)| Some((name, r.split_once("; check the name")?.0)))
    else {
        return error;
    };
    let mut forms: Vec<String> = engine
        .gen_fn_signatures(true)
        .iter()
        .filter_map(|s| {
            let (n, rest) = s.split_once('(')?;
            (n.trim() == name).then(|| rest.rsplit_once(')').map_or("", |(p, _)| p))
        })
        .map(|params| {
            let kinds: Vec<String> = split_params(params)
                .iter()
                .map(|p| {
                    type_word(p.rsplit_once(": ").map_or(p.as_str(), |(_, t)| t).trim()).to_string()
                })
                .collect();
            format!("({})", kinds.join(", "))
        })
        .chain(
            ast.iter_functions()
                .filter(|f| f.name == name)
                .map(|f| format!("({})", f.params.join(", "))),
        )
        .collect();
    forms.sort();
    forms.dedup();
    if forms.is_empty() {
        return error;
    }
    let forms: Vec<String> = forms.into_iter().map(|f| format!("`{name}{f}`")).collect();
    error.message = format!(
        "`{name}` was given {given}, and takes {}",
        crate::spelling::or_list(&forms)
    );
    error
}

/// A signature's parameters, split at the commas outside brackets.
fn split_params(params: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut depth = 0usize;
    for c in params.chars() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.push(String::new());
                continue;
            }
            _ => {}
        }
        out.last_mut().expect("one at least").push(c);
    }
    out.retain(|p| !p.trim().is_empty());
    out
}

/// How a message for a function used on nothing goes on, after the function's name.
const USED_ON_NOTHING: &str = "was used on nothing (`()`): ";
/// The cause when nothing more is known of where the nothing came from.
const IN_PLACE_CAUSE: &str = "the value before it is nothing. Methods such as trim(), replace(...) and push(...) change their value in place and give back nothing, so nothing can follow them: call them on their own line, then use the value";

/// [`script_error`] for an error in a run of a guide, whose syntax tree and roles say
/// more: a function used on nothing is told where the nothing came from, when the
/// value it was used on is written in the guide (`x.len()`, `mood.first + 1`).
pub(crate) fn run_error(
    file: &str,
    err: EvalAltResult,
    engine: &rhai::Engine,
    ast: &AST,
    roles: &[String],
) -> Error {
    let mut error = with_known_forms(script_error(file, err), engine, ast);
    let Some(at) = error.location.clone() else {
        return error;
    };
    if at.file != file {
        return error; // in a module: its syntax tree is not this one
    }
    // A method used on nothing (its first value), or an operator given nothing.
    let (name, arg) = if let Some((name, _)) = error.message.split_once(USED_ON_NOTHING) {
        (name.to_string(), 0)
    } else if let Some((name, given)) = error.message.split_once(CANNOT_BE_USED_ON)
        && let Some(arg) = type_words(given.split(';').next().unwrap_or(given))
            .iter()
            .position(|k| k == "nothing")
    {
        (name.to_string(), arg)
    } else {
        return error;
    };
    if let Some(cause) = nothing_cause(ast, at.line, at.column, arg, roles) {
        error.message = if arg == 0 && error.message.contains(USED_ON_NOTHING) {
            format!("{name}{USED_ON_NOTHING}{cause}")
        } else {
            let given = error
                .message
                .split(';')
                .next()
                .unwrap_or_default()
                .to_string();
            format!("{given}: {cause}")
        };
    }
    error
}

/// Why the value a function was used on at `line`:`column` (its value number `arg`) is
/// nothing, from how that value is written: a member a map does not have, or a variable (a passed optional
/// answer); `None` when it is written otherwise (an in-place method, say).
fn nothing_cause(
    ast: &AST,
    line: usize,
    column: usize,
    arg: usize,
    roles: &[String],
) -> Option<String> {
    let here = |p: Position| p.line() == Some(line) && p.position() == Some(column);
    let mut value: Option<Expr> = None;
    ast.walk(&mut |path: &[ASTNode]| {
        if value.is_none()
            && let Some(ASTNode::Expr(expr)) = path.last()
        {
            match expr {
                Expr::FnCall(call, pos) if here(*pos) && call.args.len() > arg => {
                    value = Some(call.args[arg].clone());
                }
                Expr::Dot(x, ..) if arg == 0 => {
                    if let Expr::MethodCall(_, pos) = &x.rhs
                        && here(*pos)
                    {
                        value = Some(x.lhs.clone());
                    }
                }
                _ => {}
            }
        }
        true
    });
    let roles_list = roles.join(" and ");
    match value? {
        Expr::Dot(x, ..) => {
            let (Expr::Variable(map, ..), Expr::Property(member, ..)) = (&x.lhs, &x.rhs) else {
                return None;
            };
            let (map, member) = (map.1.as_str(), member.2.as_str());
            if roles.iter().any(|r| r == member) {
                Some(format!(
                    "`{map}.{member}` is nothing: an answer given with `#{{ optional: true }}` is nothing (`()`) when it is passed. Test it first: `if {map}.{member} == () {{ ... }}`"
                ))
            } else {
                Some(format!(
                    "`{map}.{member}` is nothing: a map gives nothing for a member it does not have, and `{map}` has no member `{member}`{}",
                    if roles.is_empty() {
                        String::new()
                    } else {
                        format!(
                            "; answers by partner (a prompt to `each`) have the members {roles_list}: `{map}.{}`",
                            roles[0]
                        )
                    }
                ))
            }
        }
        Expr::Variable(x, ..) => {
            let name = x.1.as_str();
            Some(format!(
                "`{name}` is nothing. An answer given with `#{{ optional: true }}` is nothing (`()`) when it is passed: test it first, `if {name} == () {{ ... }}`. (A method such as trim() or push(...), which changes its value in place, also gives back nothing: `let {name} = words.trim()` keeps nothing.)"
            ))
        }
        _ => None,
    }
}

/// A value of the wrong kind where a yes/no, a number or a text is needed.
fn mismatch(expected: &str, actual: &str) -> String {
    let [expected, actual] = [expected, actual].map(|t| type_word(t).to_string());
    let mut message = format!("{expected} is needed here, and this is {actual}");
    if actual == "a map" && expected == "true or false" {
        message.push_str(
            "; a prompt to `each` gives one answer per partner (a map by role): test each one, `if ready.first && ready.second`, or ask `both` for one answer",
        );
    }
    message
}

/// Rhai's list of argument types, "(&str | ImmutableString | String, i64)", in the words
/// of the guide language: ["text", "a number"].
fn type_words(values: &str) -> Vec<String> {
    let inner = values.trim();
    let inner = inner.strip_prefix('(').unwrap_or(inner);
    let inner = inner.strip_suffix(')').unwrap_or(inner);
    if inner.trim().is_empty() {
        return Vec::new();
    }
    inner
        .split(", ")
        .map(|t| type_word(t.trim()).to_string())
        .collect()
}

fn type_word(rust: &str) -> &str {
    match rust {
        "&str | ImmutableString | String" | "string" | "ImmutableString" | "&str" | "String" => {
            "text"
        }
        "i64" | "int" => "a number",
        "f64" | "float" => "a decimal number",
        "bool" => "true or false",
        "array" | "Array" => "a list",
        "map" | "Map" => "a map",
        "Target" => "who",
        "()" => "nothing",
        "char" => "a character",
        "Fn" | "FnPtr" => "a function",
        other => other.rsplit("::").next().unwrap_or(other),
    }
}

/// A runtime error for a guide, thrown from a host function; a `catch` sees its text.
pub(crate) fn runtime_error(message: &str) -> Box<EvalAltResult> {
    EvalAltResult::ErrorRuntime(message.into(), Position::NONE).into()
}

/// Added to a code's number to tag a thrown message with it (`K` is 0x4B).
const CODE_TAG: i16 = 0x4B00;

/// A runtime error that is the problem `code` describes. The code rides on the thrown
/// text's tag, so a guide's `catch` still sees a plain text.
pub(crate) fn coded_error(code: Code, message: &str) -> Box<EvalAltResult> {
    let mut value = Dynamic::from(message.to_string());
    value.set_tag((CODE_TAG + code.number() as i16).into());
    EvalAltResult::ErrorRuntime(value, Position::NONE).into()
}

/// The code a thrown value carries, if [`coded_error`] threw it.
pub(crate) fn thrown_code(value: &Dynamic) -> Option<Code> {
    let number = i64::from(value.tag()) - i64::from(CODE_TAG);
    Code::from_number(u16::try_from(number).ok()?)
}

/// What kind of value this is, in the guide language's words.
pub(crate) fn kind_of(value: &Dynamic) -> &'static str {
    if value.is_string() || value.is_char() {
        "a text"
    } else if value.is_int() {
        "a number"
    } else if value.is_float() {
        "a decimal number"
    } else if value.is_bool() {
        "true or false"
    } else if value.is_array() {
        "a list"
    } else if value.is_map() {
        "a map"
    } else if value.is_unit() {
        "nothing (`()`)"
    } else if value.is_fnptr() {
        "a function"
    } else if value.type_name().ends_with("Target") {
        "who (a role, both or each)"
    } else {
        "a value of another kind"
    }
}
