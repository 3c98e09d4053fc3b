//! The safety plugin's intake (consent and screening), run through its scenarios, and
//! the properties it must keep whoever discloses what.

use kintsugi_engine::safety_data::{INTAKE, scan};
use kintsugi_engine::{
    Config, Format, Guide, NEUTRAL_MESSAGE, Safety, Scenario, Session, Source, Status, Transcript,
    Viewer,
};
use std::path::Path;

fn intake(consent_needed: bool) -> Guide {
    let safety = Safety {
        consent_needed,
        screening_needed: true,
        region: Some("US".into()),
    };
    Guide::load(
        Source::new("intake.rhai", INTAKE),
        Config::with_safety(safety),
    )
    .unwrap()
}

/// Runs an intake scenario; `consent: given` (a line before ---) skips the statement.
fn run(path: &Path) -> Session {
    let text = std::fs::read_to_string(path).unwrap();
    let consent_given = text.lines().any(|l| l.trim() == "consent: given");
    let text: String = text
        .lines()
        .filter(|l| l.trim() != "consent: given")
        .map(|l| format!("{l}\n"))
        .collect();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let scenario = Scenario::parse(&name, &text).unwrap();
    scenario.run(&name, intake(!consent_given)).unwrap()
}

#[test]
fn every_intake_path_reads_as_it_should() {
    insta::glob!("../safety", "*.scenario", |path| {
        let session = run(path);
        let full = Transcript::new(&session, Viewer::Journal).render(Format::Markdown);
        let shared = Transcript::new(&session, Viewer::Both).render(Format::Markdown);
        let outcome = session.recall("outcome").map(|v| v.to_string());
        insta::assert_snapshot!(format!(
            "outcome: {outcome:?}\n\n=== What the journal viewer would see (never saved) ===\n\n{full}\n=== The shared screen ===\n\n{shared}"
        ));
    });
}

/// Answers for a whole screening of both partners, with one answer changed.
fn screening_with(partner: usize, question: usize) -> Vec<&'static str> {
    // Per partner: afraid, hurt, serious danger, forced, free to say no, wished dead,
    // thoughts of suicide. The safe answer to "free to say no" is yes.
    let safe = ["no", "no", "no", "no", "yes", "no", "no"];
    let mut answers: Vec<&str> = safe.iter().chain(safe.iter()).copied().collect();
    let i = partner * 7 + question;
    answers[i] = if answers[i] == "yes" { "no" } else { "yes" };
    answers
}

fn screen(answers: &[&str]) -> Session {
    let mut session = Session::start(
        intake(false),
        kintsugi_engine::Setup {
            names: [("first", "Alex"), ("second", "Sam")]
                .into_iter()
                .map(|(r, n)| (r.to_string(), n.to_string()))
                .collect(),
            seed: 0,
        },
    )
    .unwrap();
    for a in answers {
        session.answer_input(a).unwrap();
    }
    session
}

#[test]
fn the_shared_screen_is_identical_whoever_disclosed_and_why() {
    let mut views = Vec::new();
    for partner in 0..2 {
        for question in 0..7 {
            let session = screen(&screening_with(partner, question));
            assert_eq!(
                session.status(),
                &Status::Finished(NEUTRAL_MESSAGE.to_string()),
                "partner {partner}, question {question}"
            );
            let shared = Transcript::new(&session, Viewer::Both).render(Format::Markdown);
            views.push(((partner, question), shared));
        }
    }
    let (_, first) = &views[0];
    for (which, view) in &views {
        assert_eq!(view, first, "the shared screen differs for {which:?}");
    }
    assert!(first.contains(NEUTRAL_MESSAGE));
    // And the other partner's own view does not depend on what was disclosed either.
    let sam_views: Vec<String> = (0..7)
        .map(|q| {
            let s = screen(&screening_with(0, q));
            Transcript::new(&s, Viewer::Partner("second".into())).render(Format::Markdown)
        })
        .collect();
    assert!(sam_views.iter().all(|v| v == &sam_views[0]));
}

#[test]
fn the_one_who_disclosed_alone_sees_what_was_noticed_and_where_to_get_help() {
    let session = screen(&screening_with(1, 0));
    let sam = Transcript::new(&session, Viewer::Partner("second".into())).render(Format::Markdown);
    let alex = Transcript::new(&session, Viewer::Partner("first".into())).render(Format::Markdown);
    assert!(sam.contains("you are sometimes afraid of Alex"), "{sam}");
    assert!(sam.contains("1-800-799-7233"), "{sam}");
    assert!(!alex.contains("we noticed"), "{alex}");
    assert!(!alex.contains("1-800-799-7233"), "{alex}");
    let harm = screen(&screening_with(0, 6));
    let alex = Transcript::new(&harm, Viewer::Partner("first".into())).render(Format::Markdown);
    assert!(alex.contains("988"), "crisis help at once: {alex}");
}

#[test]
fn a_clear_screening_lets_the_guide_start() {
    let session = screen(
        &screening_with(0, 4)
            .iter()
            .enumerate()
            .map(|(i, a)| if i == 4 { "yes" } else { a })
            .collect::<Vec<_>>(),
    );
    assert_eq!(
        session.recall("outcome").map(|v| v.to_string()),
        Some("clear".into())
    );
}

#[test]
fn no_shipped_scenario_answer_raises_a_false_alarm() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let answers = text.split_once("\n---").map_or("", |(_, a)| a);
        for line in answers.lines() {
            if let Some((_, answer)) = line.split_once(':') {
                assert_eq!(scan(answer), None, "{}: {answer}", path.display());
            }
        }
    }
    // The guides' own example answers, which tools use as free text, too.
    for guide in ["acknowledge-hurt", "check-in"] {
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../scripts/{guide}.rhai")),
        )
        .unwrap();
        for line in text.lines().filter(|l| l.trim_start().starts_with('"')) {
            assert_eq!(scan(line), None, "{guide}: {line}");
        }
    }
}
