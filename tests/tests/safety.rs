//! The safety plugin's intake (consent and screening), run through its scenarios, and
//! the properties it must keep whoever discloses what.

use kintsugi_engine::safety_data::{INTAKE, scan};
use kintsugi_engine::{
    Config, Format, Guide, Intervention, NEUTRAL_MESSAGE, Safety, Scenario, Session, Setup, Source,
    Status, Transcript, Value, Viewer, Words,
};
use std::path::Path;

fn intake(consent_needed: bool) -> Guide {
    let safety = Safety {
        consent_needed,
        screening_needed: true,
        region: Some("US".into()),
        ..Safety::default()
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
        let shared = shared_screen(&session);
        let outcome = session.recall("outcome").map(|v| v.to_string());
        insta::assert_snapshot!(format!(
            "outcome: {outcome:?}\n\n=== What the journal viewer would see (never saved) ===\n\n{full}\n=== The shared screen (private answers are shown only inside each hand-over) ===\n\n{shared}"
        ));
    });
}

/// Answers for a whole screening of both partners, with one answer changed; the one who
/// disclosed then answers `choice` to what the shared screen shows (1: the short
/// message, 2: a cover).
fn screening_with(partner: usize, question: usize, choice: &'static str) -> Vec<&'static str> {
    // Per partner: afraid, hurt, serious danger, forced, free to say no, wished dead,
    // thoughts of suicide. The safe answer to "free to say no" is yes.
    let safe = ["no", "no", "no", "no", "yes", "no", "no"];
    let mut answers: Vec<&str> = safe.iter().chain(safe.iter()).copied().collect();
    let i = partner * 7 + question;
    answers[i] = if answers[i] == "yes" { "no" } else { "yes" };
    answers.insert(partner * 7 + 7, choice);
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
            history: Default::default(),
        },
    )
    .unwrap();
    for a in answers {
        session.answer_input(a).unwrap();
    }
    session
}

/// What the shared screen shows of an intake: what both may see, without the marks of
/// private answers, which the screen shows only inside each partner's hand-over (the
/// intake is never saved, so no transcript of it is ever shown).
fn shared_screen(session: &Session) -> String {
    screen_of(session, Viewer::Both)
}

/// What `viewer` sees of an intake, with the marks of others' private answers left out
/// as above.
fn screen_of(session: &Session, viewer: Viewer) -> String {
    Transcript::new(session, viewer)
        .render(Format::Markdown)
        .lines()
        .filter(|l| !l.is_empty() && !l.contains("*(answered privately)*"))
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn the_shared_screen_is_identical_whoever_disclosed_and_why() {
    let mut views = Vec::new();
    for partner in 0..2 {
        for question in 0..7 {
            let session = screen(&screening_with(partner, question, "1"));
            assert_eq!(
                session.status(),
                &Status::Finished(NEUTRAL_MESSAGE.to_string()),
                "partner {partner}, question {question}"
            );
            views.push(((partner, question), shared_screen(&session)));
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
            let s = screen(&screening_with(0, q, "1"));
            Transcript::new(&s, Viewer::Partner("second".into())).render(Format::Markdown)
        })
        .collect();
    assert!(sam_views.iter().all(|v| v == &sam_views[0]));
}

#[test]
fn a_cover_ends_the_screening_on_the_shared_screen_exactly_as_a_clear_one() {
    let clear = screen(&["no", "no", "no", "no", "yes", "no", "no"].repeat(2));
    assert_eq!(
        clear.recall("outcome").map(|v| v.to_string()),
        Some("clear".into())
    );
    for partner in 0..2 {
        for question in 0..7 {
            let cover = screen(&screening_with(partner, question, "2"));
            let which = format!("partner {partner}, question {question}");
            assert_eq!(
                cover.recall("outcome").map(|v| v.to_string()),
                Some("cover".into()),
                "{which}"
            );
            assert_eq!(
                cover.recall("disclosed").map(|v| v.to_string()),
                Some("true".into())
            );
            assert_eq!(shared_screen(&cover), shared_screen(&clear), "{which}");
            assert_eq!(cover.status(), clear.status(), "{which}");
            // The other partner's own view is that of a clear screening too.
            let other = Viewer::Partner(if partner == 0 { "second" } else { "first" }.into());
            assert_eq!(
                screen_of(&cover, other.clone()),
                screen_of(&clear, other),
                "{which}"
            );
        }
    }
}

#[test]
fn the_one_who_disclosed_alone_sees_what_was_noticed_and_where_to_get_help() {
    let session = screen(&screening_with(1, 0, "1"));
    let sam = Transcript::new(&session, Viewer::Partner("second".into())).render(Format::Markdown);
    let alex = Transcript::new(&session, Viewer::Partner("first".into())).render(Format::Markdown);
    assert!(sam.contains("you are sometimes afraid of Alex"), "{sam}");
    assert!(sam.contains("1-800-799-7233"), "{sam}");
    assert!(!alex.contains("we noticed"), "{alex}");
    assert!(!alex.contains("1-800-799-7233"), "{alex}");
    let harm = screen(&screening_with(0, 6, "1"));
    let alex = Transcript::new(&harm, Viewer::Partner("first".into())).render(Format::Markdown);
    assert!(alex.contains("988"), "crisis help at once: {alex}");
}

#[test]
fn a_clear_screening_lets_the_guide_start() {
    let session = screen(&["no", "no", "no", "no", "yes", "no", "no"].repeat(2));
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
    for guide in [
        "acknowledge-hurt",
        "appreciations",
        "check-in",
        "self-care",
        "setback",
    ] {
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../scripts/{guide}.rhai")),
        )
        .unwrap();
        for line in text.lines().filter(|l| l.trim_start().starts_with('"')) {
            assert_eq!(scan(line), None, "{guide}: {line}");
        }
    }
}

/// A talk between two: Alex speaks, Sam says it back (a mirror), Alex speaks again.
const TALK: &str = r#"
guide(#{ title: "Talk", summary: "Speak, say back, speak.", roles: #{ a: "one", b: "other" }, start: "talk" });
step("talk", || {
    ask(a, "What is on your mind?");
    ask(b, "What did you hear?", #{ mirror: true });
    ask(a, "Anything else?");
    finish("Done.")
});
"#;

fn talk() -> Session {
    let guide = Guide::load(
        Source::new("talk.rhai", TALK),
        Config::with_safety(Safety::default()),
    )
    .unwrap();
    let mut setup = Setup::default();
    setup.names.insert("a".into(), "Alex".into());
    setup.names.insert("b".into(), "Sam".into());
    Session::start(guide, setup).unwrap()
}

/// Who the check after `text` asks, with whose words it says they are, if any.
fn checked(session: &mut Session, text: &str) -> Option<(Vec<String>, Words, bool, bool)> {
    session.answer_input(text).unwrap();
    let mut asked = session.take_interventions();
    assert!(asked.len() <= 1, "{asked:?}");
    match asked.pop()? {
        Intervention::CheckSafety {
            roles,
            words,
            crisis,
            abuse,
            ..
        } => Some((roles, words, crisis, abuse)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_partner_who_admits_violence_leads_to_each_partner_being_asked_in_turn() {
    let both = || vec!["a".to_string(), "b".to_string()];
    // QA finding 5: owned up to by the one who did it, typed at their own prompt.
    for admitted in [
        "I slapped you in March",
        "I shoved you into the wardrobe",
        "I grabbed your throat",
        "I told you I'd hurt you if you left",
    ] {
        let mut session = talk();
        assert_eq!(
            checked(&mut session, admitted),
            Some((both(), Words::Admission, false, true)),
            "{admitted}"
        );
    }
    // Owning up to ordinary wrongs is not an admission of danger.
    for ordinary in [
        "I hurt you so badly with the lies",
        "I yelled at you",
        "I pushed you away for years",
        "I checked your phone",
        "I broke your heart",
        "I killed the mood at dinner",
    ] {
        let mut session = talk();
        assert_eq!(checked(&mut session, ordinary), None, "{ordinary}");
    }
    // The writer's own danger is theirs, as before: "you slapped me" asks its writer.
    let mut session = talk();
    assert_eq!(
        checked(&mut session, "You slapped me in March"),
        Some((vec!["a".to_string()], Words::Own, false, true))
    );
}

#[test]
fn a_mirror_of_words_already_checked_does_not_check_their_speaker_again() {
    // QA finding 20: Alex is asked after their own words; Sam's faithful mirror of them
    // does not ask Alex the same again.
    let mut session = talk();
    assert_eq!(
        checked(&mut session, "Some days I want to die."),
        Some((vec!["a".to_string()], Words::Own, true, false))
    );
    assert_eq!(
        checked(&mut session, "If I got it, you said you wanted to die"),
        None
    );
    // New words of Alex's own are checked again.
    assert_eq!(
        checked(&mut session, "I still want to die."),
        Some((vec!["a".to_string()], Words::Own, true, false))
    );
    // A mirror of words that were not checked (the speaker's own said nothing the check
    // read) asks the speaker; and a kind not asked about yet is asked, alone.
    let mut session = talk();
    assert_eq!(checked(&mut session, "Some days are very heavy."), None);
    assert_eq!(
        checked(&mut session, "If I got it, you said you wanted to die"),
        Some((vec!["a".to_string()], Words::Mirror, true, false))
    );
    let mut session = talk();
    checked(&mut session, "Some days I want to die.");
    assert_eq!(
        checked(
            &mut session,
            "You said you want to die and that you are scared of me"
        ),
        Some((vec!["a".to_string()], Words::Mirror, false, true))
    );
    // A new sitting (the session rebuilt from its answers, as on resume) remembers no
    // check: its mirror asks again.
    let mut session = talk();
    session.answer_input("Some days I want to die.").unwrap();
    let answers: Vec<Value> = vec![Value::Text("Some days I want to die.".into())];
    let mut resumed =
        Session::replay(session.guide().clone(), session.setup().clone(), answers).unwrap();
    assert_eq!(
        checked(&mut resumed, "If I got it, you said you wanted to die"),
        Some((vec!["a".to_string()], Words::Mirror, true, false))
    );
}

#[test]
fn a_listener_speaking_of_themselves_in_a_mirror_is_asked_about_their_own_words() {
    // Couple QA, second session, finding 1: Sam, saying back what Alex said, adds "I want
    // to kill myself": those words are Sam's, and nobody was asked.
    let mut session = talk();
    assert_eq!(checked(&mut session, "I found the messages in May."), None);
    assert_eq!(
        checked(
            &mut session,
            "You found the messages in May and the floor went away. I want to kill myself."
        ),
        Some((vec!["b".to_string()], Words::Own, true, false))
    );
    // A faithful mirror still asks the speaker, not the listener.
    let mut session = talk();
    assert_eq!(checked(&mut session, "Some days are very heavy."), None);
    assert_eq!(
        checked(&mut session, "If I got it, you said you wanted to die"),
        Some((vec!["a".to_string()], Words::Mirror, true, false))
    );
}
