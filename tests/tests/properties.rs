//! Property-based tests (proptest) of what reads untrusted text: the scenario parser,
//! answer parsing (`Prompt::parse`) and guide loading. Each property is one a bug could
//! break; a case that once failed is kept below as a plain test.
//!
//! The journal reader has properties of its own, next to it.

use kintsugi_engine::{
    Audience, Config, Guide, Prompt, PromptKind, Scenario, Session, Setup, Source, Status, Value,
    check,
};
use proptest::prelude::*;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

// ---------------------------------------------------------------------------------------
// Answers

fn prompt(kind: PromptKind) -> Prompt {
    Prompt::new(Audience::Both, "?", kind)
}

/// Any kind of prompt: options of any text (distinct), scales of any range.
fn kinds() -> impl Strategy<Value = PromptKind> {
    prop_oneof![
        Just(PromptKind::Text),
        Just(PromptKind::YesNo),
        proptest::collection::hash_set(".{0,12}", 1..6)
            .prop_map(|options| PromptKind::choice(options.into_iter().collect())),
        (any::<i64>(), any::<i64>()).prop_map(|(a, b)| PromptKind::Scale {
            min: a.min(b),
            max: a.max(b)
        }),
    ]
}

/// What a partner might type: anything, or something near a valid answer.
fn typed() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ \t]*-?[0-9]{1,20}[ \t]*",
        "(?i)[ ]*(y|yes|n|no|ye|nope)[ ]*",
        ".{0,3}",
    ]
}

proptest! {
    /// Whatever is typed, parsing gives a value the prompt accepts on replay, or a
    /// message: never a panic, never a value that a resume would refuse.
    #[test]
    fn a_parsed_answer_is_one_the_prompt_accepts(kind in kinds(), input in typed()) {
        let p = prompt(kind);
        if let Ok(value) = p.parse(&input) {
            prop_assert!(p.accepts(&value), "{input:?} gave {value:?}, refused on replay");
        }
    }

    /// A free text, a yes or no, or a number parsed once reads back as itself from its
    /// text (what an answers file holds); options are the next property's.
    #[test]
    fn a_parsed_answer_reads_back_as_itself(kind in kinds(), input in typed()) {
        let p = prompt(kind.clone());
        if let (Ok(value), false) = (p.parse(&input), matches!(kind, PromptKind::Choice { .. })) {
            prop_assert_eq!(p.parse(&value.to_string()), Ok(value));
        }
    }

    /// Every option can be chosen by its number, and by its own text when that text is
    /// not a number: typing an option exactly gives that option, never another.
    #[test]
    fn every_option_is_reached_by_its_number_and_its_text(
        // Few letters, so that options often share a start or differ only in case.
        options in proptest::collection::hash_set("[aA][bB]?|[a-zA-Z ]{1,6}|[0-9]{1,2}", 1..6)
    ) {
        let options: Vec<String> = options.into_iter().collect();
        let p = prompt(PromptKind::choice(options.clone()));
        for (i, option) in options.iter().enumerate() {
            prop_assert_eq!(p.parse(&(i + 1).to_string()), Ok(Value::Text(option.clone())));
            let typable = option.trim() == option && !option.is_empty();
            if typable && option.parse::<usize>().is_err() {
                prop_assert_eq!(p.parse(option), Ok(Value::Text(option.clone())), "{:?}", options);
            }
        }
    }

    /// A scale takes exactly the whole numbers in its range.
    #[test]
    fn a_scale_takes_exactly_its_range(min in -50i64..50, span in 0i64..20, n in -100i64..100) {
        let p = prompt(PromptKind::Scale { min, max: min + span });
        let inside = (min..=min + span).contains(&n);
        prop_assert_eq!(p.parse(&format!(" {n} ")).is_ok(), inside);
    }
}

/// Found by `every_option_is_reached_by_its_number_and_its_text`: with options that
/// differ only in case, typing the second exactly gave the first.
#[test]
fn typing_an_option_exactly_gives_that_option_even_when_another_differs_in_case() {
    let p = prompt(PromptKind::choice(vec!["a".into(), "A".into()]));
    assert_eq!(p.parse("A"), Ok(Value::Text("A".into())));
    assert_eq!(p.parse("a"), Ok(Value::Text("a".into())));
}

// ---------------------------------------------------------------------------------------
// Scenarios

/// A scenario as its author writes it, from its parts.
fn scenario_text(
    guide: &str,
    names: &[(String, String)],
    seed: u64,
    answers: &[(String, String)],
) -> String {
    let mut text = format!("# a scenario\nguide: {guide}\n");
    if !names.is_empty() {
        let pairs: Vec<String> = names.iter().map(|(r, n)| format!("{r}={n}")).collect();
        text += &format!("names: {}\n", pairs.join(", "));
    }
    text += &format!("seed: {seed}\n---\n");
    for (by, answer) in answers {
        text += &format!("{by}: {answer}\n\n");
    }
    text
}

/// Text with no line break and nothing the format gives a meaning to at its ends.
fn word(extra: &'static str) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!(
        "[a-zA-Z0-9_.{extra}-]([a-zA-Z0-9_.{extra} -]{{0,10}}[a-zA-Z0-9_.{extra}-])?"
    ))
    .unwrap()
}

proptest! {
    /// Any text: a scenario or an error with a line of the file, never a panic.
    #[test]
    fn any_text_parses_or_names_a_line(text in prop_oneof![
        any::<String>(),
        proptest::collection::vec(
            prop_oneof!["guide: ?[a-z]{0,5}", "names: ?.{0,12}", "seed: ?-?[0-9]{0,22}", "---",
                "[a-z]{0,5}: ?.{0,8}", "#.{0,5}", ".{0,6}", ""],
            0..12,
        ).prop_map(|lines| lines.join("\n")),
    ]) {
        match Scenario::parse("s.scenario", &text) {
            Ok(s) => prop_assert!(!s.guide.is_empty()),
            Err(e) => {
                let line = e.location.as_ref().map_or(0, |l| l.line);
                prop_assert!(line >= 1 && line <= text.lines().count().max(1), "{e}");
            }
        }
    }

    /// What an author writes is what is read: guide, names, seed, and each answer with
    /// who gives it and its line.
    #[test]
    fn a_written_scenario_reads_back_as_written(
        guide in word("/"),
        names in proptest::collection::vec((word(""), word(":")), 0..4),
        seed in any::<u64>(),
        answers in proptest::collection::vec((word(""), word(":,=#")), 0..8),
    ) {
        // A role named twice keeps its last name, in its first place.
        let mut unique: Vec<(String, String)> = Vec::new();
        for (role, name) in names {
            match unique.iter_mut().find(|(r, _)| *r == role) {
                Some(kept) => kept.1 = name,
                None => unique.push((role, name)),
            }
        }
        let names = unique;
        let text = scenario_text(&guide, &names, seed, &answers);
        let s = Scenario::parse("s.scenario", &text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&s.guide, &guide);
        prop_assert_eq!(s.seed, seed);
        prop_assert_eq!(s.names.into_iter().collect::<Vec<_>>(), names);
        prop_assert_eq!(s.answers.len(), answers.len());
        for (read, (by, answer)) in s.answers.iter().zip(&answers) {
            prop_assert_eq!(&read.by, by);
            prop_assert_eq!(&read.text, answer);
            prop_assert!(text.lines().nth(read.line - 1).unwrap().contains(answer.as_str()));
        }
    }

    /// A header line that is not `key: value` is reported at its own line (after `---`
    /// a line with no role is an answer, as in an answers file).
    #[test]
    fn a_bad_line_is_reported_where_it_is(after in 0usize..6, junk in "[a-zA-Z][a-zA-Z ]{0,9}") {
        let mut lines = vec!["guide: check-in".to_string(), junk.clone(), "---".into()];
        lines.extend((0..after).map(|i| format!("first: {i}")));
        let text = lines.join("\n");
        let e = Scenario::parse("s.scenario", &text).unwrap_err();
        prop_assert_eq!(e.location.map(|l| l.line), Some(2), "{}", text);
    }
}

// ---------------------------------------------------------------------------------------
// Guides

/// The shipped guides and the test guides: real text to mutate.
fn corpus() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut texts = Vec::new();
    for folder in ["scripts", "cli/tests/guides", "tests/guides"] {
        let Ok(entries) = std::fs::read_dir(root.join(folder)) else {
            continue;
        };
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "rhai"))
            .collect();
        paths.sort();
        texts.extend(paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()));
    }
    assert!(texts.len() >= 2, "no guides found");
    texts
}

/// Pieces of the guide language and of trouble, to splice into a guide.
const PIECES: &[&str] = &[
    "loop {",
    "}",
    "{",
    "(",
    ")",
    "\"",
    "`",
    "${",
    ",",
    ";",
    "\n",
    "let x = ",
    "next(\"",
    "finish(\"\")",
    "step(\"x\", || {",
    "ask(a, \"?\")",
    "ask(both, \"?\")",
    "say(",
    "remember(\"k\", ",
    "recall(\"k\")",
    "privately(",
    "choose(a, \"?\", [])",
    "scale(a, \"n\", -9223372036854775808, 9223372036854775807)",
    "fn f(x) { f(x) } f(1);",
    "[[[[[[[[",
    "#{",
    "while true {}",
    "import \"x\" as m;",
    "\u{202e}",
    "\0",
    "\u{9b}",
    "guide(#{ title: \"t\", roles: #{}, start: \"s\" });",
    "throw \"x\";",
    "1/0",
    "x.y.z",
];

/// A mutation of a guide's text, on character boundaries.
#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, piece: usize },
    Repeat { at: usize, len: usize, times: usize },
    Replace { at: usize, len: usize, with: String },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1usize..40).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), 0..PIECES.len()).prop_map(|(at, piece)| Mutation::Insert { at, piece }),
        (any::<usize>(), 1usize..60, 2usize..5).prop_map(|(at, len, times)| Mutation::Repeat {
            at,
            len,
            times
        }),
        (any::<usize>(), 0usize..8, ".{0,8}").prop_map(|(at, len, with)| Mutation::Replace {
            at,
            len,
            with
        }),
    ]
}

fn apply(text: &str, mutation: &Mutation) -> String {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let span = |at: usize, len: usize| {
        let start = at % (n + 1);
        (start, (start + len).min(n))
    };
    let joined = |parts: &[&[char]]| parts.iter().flat_map(|p| p.iter()).collect::<String>();
    match mutation {
        Mutation::Delete { at, len } => {
            let (a, b) = span(*at, *len);
            joined(&[&chars[..a], &chars[b..]])
        }
        Mutation::Insert { at, piece } => {
            let (a, _) = span(*at, 0);
            let piece: Vec<char> = PIECES[*piece].chars().collect();
            joined(&[&chars[..a], &piece, &chars[a..]])
        }
        Mutation::Repeat { at, len, times } => {
            let (a, b) = span(*at, *len);
            let mut out: String = chars[..b].iter().collect();
            for _ in 1..*times {
                out.extend(&chars[a..b]);
            }
            out.extend(&chars[b..]);
            out
        }
        Mutation::Replace { at, len, with } => {
            let (a, b) = span(*at, *len);
            let with: Vec<char> = with.chars().collect();
            joined(&[&chars[..a], &with, &chars[b..]])
        }
    }
}

/// Loads, checks and plays `text` as a guide, on a thread of its own: returns what
/// happened, or why it did not end well (a panic, or no end within `limit`).
fn play(text: String, limit: Duration) -> Result<String, String> {
    let (tx, rx) = mpsc::channel();
    let shown = text.clone();
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || {
            let source = Source::new("mutated.rhai", text);
            let _ = check(&source, &Config::default());
            let said = match Guide::load(source, Config::default()) {
                Err(e) => format!("refused: {e}"),
                Ok(guide) => {
                    let names = ["Alex", "Sam", "Robin", "Kim"].iter().cycle();
                    let setup = Setup {
                        names: guide
                            .declaration()
                            .roles
                            .keys()
                            .cloned()
                            .zip(names.map(|n| n.to_string()))
                            .collect(),
                        seed: 1,
                        history: Default::default(),
                    };
                    match Session::start(guide, setup) {
                        Err(e) => format!("not started: {e}"),
                        Ok(mut session) => {
                            for _ in 0..20 {
                                let Some(p) = session.prompt() else { break };
                                let input = match &p.kind {
                                    PromptKind::Text => "fine".to_string(),
                                    PromptKind::YesNo => "yes".to_string(),
                                    PromptKind::Choice { .. } => "1".to_string(),
                                    PromptKind::ChooseMany { .. } => "1".to_string(),
                                    PromptKind::Scale { min, .. } => min.to_string(),
                                };
                                if session.answer_input(&input).is_err() {
                                    break;
                                }
                            }
                            match session.status() {
                                Status::Failed(e) => format!("failed: {e}"),
                                other => format!("{other:?}"),
                            }
                        }
                    }
                }
            };
            let _ = tx.send(said);
        })
        .unwrap();
    match rx.recv_timeout(limit) {
        Ok(said) => Ok(said),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(format!("panicked on:\n{shown}")),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(format!("no end in {limit:?} on:\n{shown}")),
    }
}

/// Each case loads, checks and plays a guide: a debug build takes tens of milliseconds.
fn guide_cases() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(48),
        ..ProptestConfig::default()
    }
}

/// However long a guide's text runs in a debug build, within the sandbox's limits.
const NO_HANG: Duration = Duration::from_secs(60);

proptest! {
    #![proptest_config(guide_cases())]

    /// A real guide, damaged in a few places: it loads, checks and plays, or is refused
    /// with an error, never a panic or a hang.
    #[test]
    fn a_mutated_guide_loads_or_is_refused(
        which in any::<prop::sample::Index>(),
        mutations in proptest::collection::vec(mutation(), 1..4),
    ) {
        let corpus = corpus();
        let mut text = which.get(&corpus).clone();
        for m in &mutations {
            text = apply(&text, m);
        }
        play(text, NO_HANG).map_err(TestCaseError::fail)?;
    }

    /// Pieces of the language in any order, after a valid declaration.
    #[test]
    fn pieces_of_the_language_in_any_order_load_or_are_refused(
        pieces in proptest::collection::vec(0..PIECES.len(), 0..24),
    ) {
        let mut text = String::from(
            "guide(#{ title: \"t\", roles: #{ a: \"one\", b: \"two\" }, start: \"x\" });\n",
        );
        for p in pieces {
            text.push_str(PIECES[p]);
            text.push(' ');
        }
        play(text, NO_HANG).map_err(TestCaseError::fail)?;
    }
}

/// The mutation helper itself: a deletion removes, an insertion adds, on characters.
#[test]
fn mutations_work_on_characters() {
    assert_eq!(apply("añb", &Mutation::Delete { at: 1, len: 1 }), "ab");
    assert_eq!(apply("ab", &Mutation::Insert { at: 1, piece: 1 }), "a}b");
    assert_eq!(
        apply(
            "abc",
            &Mutation::Repeat {
                at: 1,
                len: 1,
                times: 3
            }
        ),
        "abbbc"
    );
    // A guide that loads plays to its first prompt, and says so.
    let played = play(corpus()[0].clone(), NO_HANG).unwrap();
    assert!(!played.starts_with("refused"), "{played}");
}
