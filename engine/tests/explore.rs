//! Exploring small guides down every path: a bug planted on one branch, a loop with no
//! way out, scale values that merge, limits that cut the search, random playthroughs.

use kintsugi_engine::explore::{Exploration, Options, Target, answers_to, explore};
use kintsugi_engine::{Config, Guide, Session, Setup, Source, Status, Value};

const HEADER: &str = r#"
guide(#{
    title: "Test",
    roles: #{ a: "the first partner", b: "the second partner" },
    start: "one",
});
"#;

fn source(body: &str) -> Source {
    Source::new("test.rhai", format!("{HEADER}{body}"))
}

fn setup() -> Setup {
    Setup {
        names: [
            ("a".to_string(), "Alex".to_string()),
            ("b".to_string(), "Sam".to_string()),
        ]
        .into_iter()
        .collect(),
        seed: 7,
        history: Default::default(),
    }
}

fn run(body: &str, options: Options) -> Exploration {
    explore(source(body), setup(), options).unwrap_or_else(|e| panic!("{e}"))
}

fn all(body: &str) -> Exploration {
    run(body, Options::default())
}

/// A typo in a `next(...)` that only the third answer of one branch reaches.
const PLANTED: &str = r#"
step("one", || {
    let way = choose(both, "Which way?", ["Left", "Right"]);
    if way == "Left" { next("left") } else { next("right") }
});
step("left", || {
    confirm(a, "Ready?");
    let n = scale(b, "How much?", 0, 3);
    next("end")
});
step("right", || {
    let ready = confirm(a, "Ready?");
    let n = scale(b, "How much?", 0, 3);
    if ready && n == 2 { next("ned") }
    next("end")
});
step("end", || {
    finish("Done.")
});
"#;

#[test]
fn a_bug_three_prompts_deep_on_one_branch_is_found_with_the_answers_that_reach_it() {
    let x = all(PLANTED);
    assert!(x.complete());
    assert!(x.full_coverage());
    assert_eq!(x.errors.len(), 1, "{:#?}", x.errors);
    let error = &x.errors[0];
    assert_eq!(error.paths, 1);
    assert_eq!(error.step.as_deref(), Some("right"));
    assert!(error.error.contains("next(\"ned\")"), "{}", error.error);
    let lines: Vec<&str> = error.answers.iter().map(|a| a.line.as_str()).collect();
    assert_eq!(lines, ["Right", "yes", "2"]);
    let who: Vec<&str> = error.answers.iter().map(|a| a.who.as_str()).collect();
    assert_eq!(who, ["Alex and Sam", "Alex", "Sam"]);

    // The same answers, replayed, hit the same error.
    let guide = Guide::load(source(PLANTED), Config::default()).unwrap();
    let answers = error.answers.iter().map(|a| a.value.clone()).collect();
    let session = Session::replay(guide, setup(), answers).unwrap();
    match session.status() {
        Status::Failed(e) => assert_eq!(e.to_string(), error.error),
        other => panic!("{other:?}"),
    }
    // Every other path finishes: 2 branches × 2 × 4 answers, less the one that errs.
    assert_eq!(x.failed, 1);
    assert_eq!(x.finished, 15);
    assert!(x.stuck.is_empty() && x.loops.is_empty());
    assert!(x.has_problems());
    // The move to the error is drawn from the step it happens in, labelled by its answers.
    let to_error = x
        .moves
        .iter()
        .find(|m| m.to == Target::Error(0))
        .expect("a move to the error");
    assert_eq!(to_error.from.as_deref(), Some("right"));
    assert_eq!(to_error.label, "Alex: yes; Sam: 2");
}

#[test]
fn a_loops_rounds_are_the_most_one_path_asks_for_each_partner() {
    // Up to three things each, "Anything else?" after the first two: Sam's rounds do not
    // add Alex's, however many Alex gave.
    let x = all(r#"
        step("one", || {
            for who in [a, b] {
                let n = 0;
                loop {
                    ask(who, "Something you appreciate?", #{ examples: ["Coffee."] });
                    n += 1;
                    if n >= 3 || !confirm(who, "Anything else?") {
                        break;
                    }
                }
            }
            finish("Thank you.")
        });
    "#);
    let rounds: Vec<(&str, &str, usize)> = x
        .prompts
        .iter()
        .map(|p| (p.who.as_str(), p.text.as_str(), p.rounds))
        .collect();
    assert_eq!(
        rounds,
        [
            ("Alex", "Something you appreciate?", 3),
            ("Sam", "Something you appreciate?", 3),
            ("Alex", "Anything else?", 2),
            ("Sam", "Anything else?", 2),
        ]
    );
}

#[test]
fn steps_whose_every_way_on_ends_in_an_error_are_left_to_the_error() {
    // Every path errs in "three": the error is reported once, not "one" and "two" as
    // steps that cannot reach a finish as well.
    let x = all(r#"
        step("one", || {
            confirm(a, "Ready?");
            next("two")
        });
        step("two", || {
            choose(b, "Pick one", ["x", "y"]);
            next("three")
        });
        step("three", || {
            let ready = confirm(each, "Go on?");
            if ready { next("one") }
            finish("Bye.")
        });
    "#);
    assert_eq!(x.errors.len(), 1, "{:#?}", x.errors);
    assert_eq!(x.finished, 0);
    assert!(x.stuck.is_empty(), "{:#?}", x.stuck);
    assert!(x.loops.is_empty());
    assert!(x.steps.iter().all(|s| s.stuck == 0));
}

#[test]
fn a_step_that_leads_into_a_loop_with_no_way_out_cannot_finish() {
    let x = all(r#"
        step("one", || {
            confirm(a, "Ready?");
            next("two")
        });
        step("two", || {
            choose(a, "Pick one", ["x", "y"]);
            next("three")
        });
        step("three", || {
            confirm(b, "Again?");
            next("two")
        });
    "#);
    let stuck: Vec<(&str, bool)> = x
        .stuck
        .iter()
        .map(|s| (s.step.as_str(), s.in_loop))
        .collect();
    assert_eq!(stuck, [("one", false), ("two", true), ("three", true)]);
}

#[test]
fn a_loop_with_no_way_out_is_reported_with_the_steps_it_goes_round() {
    let x = all(r#"
        step("one", || {
            if confirm(both, "Go on?") { next("two") }
            finish("Bye.")
        });
        step("two", || {
            choose(a, "Pick one", ["x", "y"]);
            next("three")
        });
        step("three", || {
            confirm(b, "Again?");
            next("two")
        });
    "#);
    assert!(x.complete());
    assert!(x.errors.is_empty());
    assert_eq!(x.loops.len(), 1, "{:#?}", x.loops);
    assert_eq!(x.loops[0].steps, ["two", "three"]);
    assert_eq!(x.loops[0].answers.len(), 1, "entered by answering yes");
    let stuck: Vec<&str> = x.stuck.iter().map(|s| s.step.as_str()).collect();
    assert_eq!(stuck, ["two", "three"]);
    assert!(x.stuck.iter().all(|s| s.in_loop));
    // "one" can still finish: answering no.
    assert_eq!(x.steps[0].stuck, 0);
    assert_eq!(x.finished, 1);
    assert!(x.has_problems());
}

#[test]
fn a_loop_with_a_way_out_is_no_problem() {
    let x = all(r#"
        step("one", || {
            if confirm(a, "Once more?") { next("one") }
            finish("Done.")
        });
    "#);
    assert!(x.complete());
    assert_eq!(x.states, 1, "the same state each time round");
    assert!(!x.has_problems(), "{:#?}", x.loops);
}

#[test]
fn scale_values_that_lead_to_the_same_state_merge() {
    let x = all(r#"
        step("one", || {
            let n = scale(a, "How strong?", 0, 10);
            remember("high", n >= 8);
            next("two")
        });
        step("two", || {
            confirm(b, "All right?");
            finish("Done.")
        });
    "#);
    assert!(x.complete());
    // "one", then "two" with high = false or high = true.
    assert_eq!(x.states, 3);
    assert_eq!(x.runs, 1 + 11 + 2 * 2);
    assert_eq!(x.joined, 9, "eleven values, two states");
    assert_eq!(x.finished, 4);
    let strength = &x.prompts[0];
    assert_eq!(strength.text, "How strong?");
    assert_eq!((strength.tried(), strength.answers.len()), (11, 11));
    assert_eq!(strength.outcomes, 2);
    let labels: Vec<&str> = x
        .moves
        .iter()
        .filter(|m| m.from.as_deref() == Some("one"))
        .map(|m| m.label.as_str())
        .collect();
    assert_eq!(labels, [""], "one move, whatever the value");
    assert_eq!(x.partners.len(), 2);
    assert!(x.full_coverage());
}

#[test]
fn free_text_is_tried_with_the_examples_or_one_placeholder() {
    let x = all(r#"
        step("one", || {
            ask(a, "Say something", #{ examples: ["Hello", "  Hi  ", "Hello"] });
            ask(b, "And you?");
            finish("Done.")
        });
    "#);
    let tried: Vec<Vec<String>> = x
        .prompts
        .iter()
        .map(|p| p.answers.iter().map(|a| a.value.to_string()).collect())
        .collect();
    assert_eq!(tried, [vec!["Hello", "Hi"], vec!["(answer)"]]);
    assert_eq!(x.finished, 2);
}

#[test]
fn the_placeholder_answers_never_set_off_the_safety_check() {
    // The check reads them as nothing (the model read "(an answer)" as danger) ...
    use kintsugi_engine::explore::{OTHER_PLACEHOLDER, PLACEHOLDER};
    use kintsugi_engine::safety_data::signals;
    for placeholder in [PLACEHOLDER, OTHER_PLACEHOLDER] {
        assert_eq!(signals(placeholder), [], "{placeholder}");
    }
    // ... so an open prompt without examples, shared or private, leads to no offer.
    let x = all(r#"
        step("one", || {
            ask(a, "What would you like to talk about tonight?");
            ask(privately(b), "And what worries you?");
            finish("Thank you.")
        });
    "#);
    assert_eq!(x.prompts[1].answers.len(), 2);
    assert!(x.offers.is_empty(), "{:?}", x.offers);
}

#[test]
fn limits_cut_the_search_and_say_so() {
    let counting = r#"
        step("one", || {
            let n = recall("n", 0) + 1;
            remember("n", n);
            if confirm(a, `Round ${n}: again?`) { next("one") }
            finish("Done.")
        });
    "#;
    let x = run(
        counting,
        Options {
            max_depth: 5,
            ..Options::default()
        },
    );
    let cut = x.cut.as_ref().expect("cut by depth");
    assert_eq!(cut.too_deep, 1);
    assert!(!x.complete());
    assert!(
        !x.has_problems(),
        "a cut path counts as one that may finish"
    );
    let x = run(
        counting,
        Options {
            max_paths: 4,
            ..Options::default()
        },
    );
    assert_eq!(x.runs, 4);
    assert!(x.cut.as_ref().is_some_and(|c| c.untried > 0));
}

#[test]
fn the_report_is_the_same_whatever_the_number_of_threads() {
    let report = |threads| {
        let x = run(
            PLANTED,
            Options {
                threads,
                ..Options::default()
            },
        );
        serde_json::to_string(&x).unwrap()
    };
    assert_eq!(report(1), report(3));
}

#[test]
fn random_playthroughs_are_seeded_prefer_answers_not_taken_and_find_the_bug() {
    let play = |seed| {
        run(
            PLANTED,
            Options {
                random: Some(40),
                seed,
                ..Options::default()
            },
        )
    };
    let x = play(3);
    assert_eq!(x.random, Some(40));
    assert_eq!(x.paths(), 40);
    assert_eq!(x.finished + x.failed, 40);
    assert_eq!(x.errors.len(), 1);
    // Least-taken first: the first answers are spread evenly.
    let first = &x.prompts[0];
    assert!(first.answers.iter().all(|a| a.tried));
    assert!(x.full_coverage());
    let again = play(3);
    assert_eq!(
        serde_json::to_string(&x).unwrap(),
        serde_json::to_string(&again).unwrap()
    );
}

#[test]
fn every_answer_kind_is_forked_on() {
    let guide = Guide::load(
        source(
            r#"step("one", || {
                scale(a, "n", 2, 4);
                finish()
            });"#,
        ),
        Config::default(),
    )
    .unwrap();
    let session = Session::start(guide, setup()).unwrap();
    let prompt = session.prompt().unwrap();
    assert_eq!(
        answers_to(prompt),
        [Value::Number(2), Value::Number(3), Value::Number(4)]
    );
}

/// Counts the guides loaded with it: `install` runs once per load.
struct CountsLoads(std::sync::Arc<std::sync::atomic::AtomicUsize>);

impl kintsugi_engine::Plugin for CountsLoads {
    fn name(&self) -> &'static str {
        "counts-loads"
    }

    fn install(&self, _engine: &mut kintsugi_engine::rhai::Engine, _run: &kintsugi_engine::Run) {
        self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
}

/// A compiled guide owns no run, so every worker replays from the one loaded guide.
#[test]
fn exploring_with_several_workers_loads_the_guide_once() {
    let loads = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = loads.clone();
    let exploration = kintsugi_engine::explore::Explorer::new(source(PLANTED), setup())
        .options(Options {
            threads: 4,
            ..Options::default()
        })
        .config(move || Config::default().with_plugin(CountsLoads(counter.clone())))
        .run()
        .unwrap();
    assert!(
        exploration.paths() > 4,
        "several paths: {}",
        exploration.paths()
    );
    assert_eq!(loads.load(std::sync::atomic::Ordering::SeqCst), 1);
}

/// A mirror's example in the words of danger: the check goes to the one who said them,
/// and exploring follows it (it once panicked: the events were still borrowed when the
/// safety plugin read the roles).
#[test]
fn a_mirror_whose_example_holds_a_signal_is_explored_through_the_check() {
    let x = all(r#"
        step("one", || {
            ask(a, "Say one thing.", #{ examples: ["I felt alone."] });
            ask(b, "Say it back.", #{ mirror: true, examples: ["You said you wanted to die."] });
            finish("Thank you.")
        });
    "#);
    assert!(x.errors.is_empty(), "{:?}", x.errors);
    assert!(x.finished >= 1);
    assert!(
        x.runs > 1,
        "the safety check's ways are followed: {}",
        x.runs
    );
}
