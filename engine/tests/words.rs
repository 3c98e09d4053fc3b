//! Errors a guide meets at run time are said in the guide language's words, with the way
//! to fix them, never in Rust's types (issue 11, observation 5): each case run for real.

use kintsugi_engine::{Config, Guide, Session, Setup, Source, Status};

fn failure(body: &str, answers: &[&str]) -> String {
    let text = format!(
        "guide(#{{ title: \"T\", roles: #{{ first: \"a\", second: \"b\" }}, start: \"s\" }});\n\
         step(\"s\", || {{\n{body}\nfinish()\n}});"
    );
    let guide = Guide::load(Source::new("g.rhai", text), Config::default()).unwrap();
    let setup = Setup {
        names: [("first", "Alex"), ("second", "Sam")]
            .into_iter()
            .map(|(r, n)| (r.to_string(), n.to_string()))
            .collect(),
        seed: 1,
        history: Default::default(),
    };
    let mut session = Session::start(guide, setup).unwrap();
    for answer in answers {
        session.answer_input(answer).unwrap();
    }
    match session.status() {
        Status::Failed(err) => err.to_string(),
        other => panic!("{body}: should fail, is {other:?}"),
    }
}

/// Words of Rust or of Rhai's internals that a guide's author should never read.
const RUST: [&str; 8] = [
    "&str",
    "ImmutableString",
    "i64",
    "Target",
    "Data type incorrect",
    "Output type incorrect",
    "String)",
    "Map)",
];

#[test]
fn each_mistake_of_observation_5_is_explained_in_the_guide_s_words() {
    let cases: [(&str, &[&str], &[&str]); 8] = [
        (
            "scale(each, 0, 10, \"How do you feel?\");",
            &[],
            &[
                "scale(each, \"How do you feel?\", 0, 10)",
                "(who, a number, a number, text)",
            ],
        ),
        (
            "if confirm(each, \"Ready?\") { say(\"y\"); }",
            &["yes", "yes"],
            &[
                "true or false is needed here, and this is a map",
                "ready.first && ready.second",
            ],
        ),
        (
            "let x = confirm(each, \"Ready?\"); if !x { say(\"n\"); }",
            &["yes", "yes"],
            &[
                "`!` takes yes or no",
                "a prompt to `each` gives one answer per partner",
            ],
        ),
        (
            "let t = ask(first, \"Say\"); reveal(\"label\", t);",
            &["words"],
            &[
                "reveal(...) was given (text, text)",
                "reveal(role, answer)",
                "say(...)",
            ],
        ),
        (
            "let t = ask(first, \"Say\"); let u = t.trim().to_lower();",
            &["  Words "],
            &["`to_lower` was used on nothing", "trim()", "in place"],
        ),
        (
            "choose(both, \"Ready?\", #{ yes: \"Yes\", later: \"Not yet\" });",
            &[],
            &[
                "(who, text, a map)",
                "alphabetical order",
                "[[\"yes\", \"Yes, go on\"]",
            ],
        ),
        (
            "say(greeting());\nfinish()\n});\nconst HELLO = \"hi\";\nfn greeting() { global::HELLO }\nstep(\"t\", || {",
            &[],
            &[
                "`global::` finds nothing",
                "a function (fn) sees only its parameters",
            ],
        ),
        (
            "choose_many(both, \"Pick\", [\"a\", \"b\"], 3, 1);",
            &[],
            &["the fewest first"],
        ),
    ];
    for (body, answers, says) in cases {
        let message = failure(body, answers);
        for words in says {
            assert!(
                message.contains(words),
                "{body}\n  says: {message}\n  lacks: {words}"
            );
        }
        for rust in RUST {
            assert!(
                !message.contains(rust),
                "{body}\n  says: {message}\n  has: {rust}"
            );
        }
    }
}
