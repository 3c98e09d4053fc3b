//! A guide of 100,000 steps (10,000 in a debug build, which is ten times slower) checks,
//! loads and explores without error; past line 65,535, where Rhai stops counting lines,
//! places are reported honestly. How long these take is measured by
//! `cargo bench --bench large`, not asserted here.

#[path = "../benches/common/mod.rs"]
mod common;

use kintsugi_engine::explore::{Options, explore};
use kintsugi_engine::{Code, Config, Guide, Location, Session, Source, Status};

/// 100,000 steps in a release build; in a debug build 10,000, still past the last line
/// Rhai counts (seven lines a step).
const STEPS: usize = if cfg!(debug_assertions) {
    10_000
} else {
    100_000
};

/// The default limits, but with a step's operations so few that a top level declaring
/// `STEPS` steps takes more than one step may: it is allowed more per statement.
fn config() -> Config {
    let mut config = Config::default();
    config.limits.operations_per_step = 20_000;
    config
}

#[test]
fn a_guide_of_a_hundred_thousand_steps_checks_loads_and_explores() {
    let text = common::generated_guide(STEPS);
    assert!(text.lines().count() > Location::LAST_LINE);
    let source = Source::new("large.rhai", text.as_str());

    // It never finishes (every step moves on): that one warning, and nothing else.
    let found = kintsugi_engine::check(&source, &config());
    let codes: Vec<Code> = found.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::NoFinish], "{found:?}");

    let guide = Guide::load(source.clone(), config()).unwrap();
    assert_eq!(guide.steps().len(), STEPS);
    let session = Session::start(guide, common::setup()).unwrap();
    assert!(
        matches!(session.status(), Status::Awaiting(_)),
        "{:?}",
        session.status()
    );

    let exploration = explore(
        source,
        common::setup(),
        Options {
            max_paths: 300,
            ..Options::default()
        },
    )
    .unwrap();
    assert!(exploration.errors.is_empty(), "{:?}", exploration.errors);
    assert!(exploration.runs >= 300);
}

/// A mistake in the last step of the guide is past line 65,535: Rhai reports it on that
/// line, and the engine says so rather than name a line that is wrong.
#[test]
fn a_place_past_the_last_line_counted_is_reported_as_such() {
    let mut text = common::generated_guide(STEPS);
    text.push_str("step(\"last\", || {\n    next(\"nowhere\")\n});\n");
    let line_written = text.lines().count() - 1;
    assert!(line_written > Location::LAST_LINE);
    let found = kintsugi_engine::check(&Source::new("large.rhai", text.as_str()), &config());
    let missing = found
        .iter()
        .find(|d| d.code == Code::MissingStep)
        .unwrap_or_else(|| panic!("{found:?}"));
    assert!(missing.location.past_last_line(), "{missing}");
    let help = missing.help.as_deref().unwrap_or_default();
    assert!(
        help.ends_with(&format!("\"s29\" and {} more", STEPS + 1 - 30)),
        "{help}"
    );
    assert_eq!(missing.location.line, Location::LAST_LINE);
    assert_eq!(missing.location.column, 10);
    assert!(
        missing.to_string().starts_with(
            "large.rhai: line 65535 or later (lines past it are not counted), column 10:"
        ),
        "{missing}"
    );
}
