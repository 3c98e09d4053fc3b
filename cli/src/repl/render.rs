//! What the conversation looks like on the screen: each event and prompt as text, and
//! whose eyes an event is for. Written to any `Write`, so the screen can be tested.

use crate::terminal::wrap;
use kintsugi_engine::{Audience, Event, EventKind, Prompt, PromptKind, Session};
use std::io::{Result, Write};

/// Who must be looking at the screen when an event is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    /// The event is not shown (answers are echoed as they are typed; steps are silent).
    Hidden,
    /// Both partners.
    Shared,
    /// One partner alone, after the keyboard is handed over (a role).
    Private(String),
}

/// Whose screen an event belongs on.
pub fn screen_of(event: &Event) -> Screen {
    match (&event.seen_by, &event.kind) {
        (
            Audience::Both,
            EventKind::Say { .. }
            | EventKind::Reveal { .. }
            | EventKind::Agreement { .. }
            | EventKind::Review { .. }
            | EventKind::Note { .. }
            | EventKind::Finished { .. },
        ) => Screen::Shared,
        (Audience::Partner(role), EventKind::Say { .. } | EventKind::Note { .. }) => {
            Screen::Private(role.clone())
        }
        _ => Screen::Hidden,
    }
}

/// Writes an event as the screen shows it (nothing for a hidden one). `closing` marks
/// the end of a guide ("── The end ──").
pub fn event(out: &mut dyn Write, session: &Session, event: &Event, closing: bool) -> Result<()> {
    if screen_of(event) == Screen::Hidden {
        return Ok(());
    }
    match &event.kind {
        EventKind::Say { text } => writeln!(out, "\n{}", wrap(text, "", "")),
        EventKind::Reveal { label, answers } => {
            let shown: Vec<String> = answers
                .iter()
                .map(|(role, v)| {
                    format!("{}: {v}", session.name_of(&Audience::Partner(role.clone())))
                })
                .collect();
            let label = if label.is_empty() {
                String::new()
            } else {
                format!(" {label}")
            };
            let line = format!("Revealed{label}: {}", shown.join("  ·  "));
            writeln!(out, "\n{}", wrap(&line, "  ", "  "))
        }
        EventKind::Agreement { text, by: None } => {
            writeln!(out, "\n{}", wrap(&format!("Agreed: {text}"), "  ", "  "))
        }
        EventKind::Agreement {
            text,
            by: Some(role),
        } => {
            let who = session.name_of(&Audience::Partner(role.clone()));
            writeln!(
                out,
                "\n{}",
                wrap(&format!("Agreed ({who}): {text}"), "  ", "  ")
            )
        }
        EventKind::Review { text, outcome, .. } => {
            writeln!(
                out,
                "\n{}",
                wrap(&format!("Reviewed: {text} ({outcome})"), "  ", "  ")
            )
        }
        // Indented on the shared screen; a partner's own note stands alone.
        EventKind::Note { text, .. } if event.seen_by == Audience::Both => {
            writeln!(out, "\n{}", wrap(text, "  ", "  "))
        }
        EventKind::Note { text, .. } => writeln!(out, "\n{}", wrap(text, "", "")),
        EventKind::Finished { text } => {
            if !text.is_empty() {
                writeln!(out, "\n{}", wrap(text, "", ""))?;
            }
            if closing {
                writeln!(out, "\n── The end ──")?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Writes a prompt with whose turn it is; returns the options to complete on Tab.
pub fn prompt(out: &mut dyn Write, session: &Session, prompt: &Prompt) -> Result<Vec<String>> {
    let who = session.name_of(&prompt.to);
    let turn = match &prompt.to {
        Audience::Partner(_) if prompt.private => format!("{who}, privately"),
        Audience::Partner(_) => format!("{who}'s turn"),
        // A guide for one person: "together" would be nobody's.
        _ if alone(session) => format!("{who}'s turn"),
        _ => format!("{who}, together"),
    };
    writeln!(out, "\n── {turn} ──")?;
    writeln!(out, "{}", wrap(&prompt.text, "", ""))?;
    Ok(match &prompt.kind {
        PromptKind::Choice { options, .. } => {
            for (i, o) in options.iter().enumerate() {
                let number = format!("  {}. ", i + 1);
                let hang = " ".repeat(number.len());
                writeln!(out, "{}", wrap(o, &number, &hang))?;
            }
            options.clone()
        }
        PromptKind::ChooseMany {
            options, min, max, ..
        } => {
            for (i, o) in options.iter().enumerate() {
                writeln!(out, "  {}. {o}", i + 1)?;
            }
            writeln!(
                out,
                "  (pick {}: their numbers, like 1 3, or their words separated by commas)",
                kintsugi_engine::how_many(*min, *max)
            )?;
            options.clone()
        }
        PromptKind::Scale { min, max } => {
            writeln!(out, "  (a number from {min} to {max})")?;
            Vec::new()
        }
        PromptKind::YesNo => {
            writeln!(out, "  (yes or no)")?;
            Vec::new()
        }
        PromptKind::Text => Vec::new(),
    })
    .and_then(|options| {
        if let Some(pass) = &prompt.pass {
            writeln!(out, "  (or press Enter to pass: {pass})")?;
        }
        Ok(options)
    })
}

/// The other partners' names, for a hand-over to `role`.
/// Whether the guide is for one person: nobody else to hand over to or to wait for.
pub fn alone(session: &Session) -> bool {
    session.setup().names.len() == 1
}

pub fn others(session: &Session, role: &str) -> String {
    session
        .setup()
        .names
        .iter()
        .filter(|(r, _)| r.as_str() != role)
        .map(|(_, n)| n.clone())
        .collect::<Vec<_>>()
        .join(" and ")
}

/// The screen given to `role` alone: who it is for, and who must look away.
pub fn hand_over(out: &mut dyn Write, session: &Session, role: &str) -> Result<()> {
    let me = session.name_of(&Audience::Partner(role.to_string()));
    writeln!(out, "\n── For {me} only ──")?;
    if alone(session) {
        return Ok(());
    }
    writeln!(
        out,
        "{}, please look away from the screen now.",
        others(session, role)
    )
}

/// The screen given back by `role` to everyone.
pub fn hand_back(out: &mut dyn Write, session: &Session, role: &str) -> Result<()> {
    if alone(session) {
        return Ok(());
    }
    writeln!(
        out,
        "\nThank you, {}. {}, you can look at the screen again.",
        session.name_of(&Audience::Partner(role.to_string())),
        others(session, role)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use kintsugi_engine::{Config, Guide, Setup, Source, Value, Viewer};

    /// A guide with a private answer, a private line and a reveal.
    const GUIDE: &str = r#"
        guide(#{ title: "Render", roles: #{ a: "the first", b: "the second" }, start: "start" });
        step("start", || {
            say("Welcome, both.");
            let secret = ask(privately(a), "What did you keep to yourself?");
            say_to(a, "Only for you: thank you for " + secret);
            let open = ask(b, "What do you hope for?");
            reveal("hopes", #{ b: open });
            finish("Goodbye.");
        });
    "#;

    fn session() -> Session {
        let guide = Guide::load(Source::new("render.rhai", GUIDE), Config::default()).unwrap();
        let setup = Setup {
            names: [("a", "Alex"), ("b", "Sam")]
                .map(|(r, n)| (r.to_string(), n.to_string()))
                .into_iter()
                .collect(),
            seed: 0,
            history: Default::default(),
        };
        let answers = vec![
            Value::Text("the hidden letter".into()),
            Value::Text("more evenings together".into()),
        ];
        Session::replay(guide, setup, answers).unwrap()
    }

    /// Everything `viewer` is shown of the session, hand-overs left out.
    fn rendered_for(session: &Session, viewer: &Viewer) -> String {
        let mut out = Vec::new();
        for e in session.events().iter() {
            let shown = match (screen_of(e), viewer) {
                (Screen::Hidden, _) => false,
                (Screen::Shared, _) => true,
                (Screen::Private(role), Viewer::Partner(me)) => &role == me,
                (Screen::Private(_), _) => false,
            };
            if shown {
                event(&mut out, session, e, true).unwrap();
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_private_moment_reaches_only_its_partner() {
        let session = session();
        let alex = rendered_for(&session, &Viewer::Partner("a".into()));
        let sam = rendered_for(&session, &Viewer::Partner("b".into()));
        let both = rendered_for(&session, &Viewer::Both);
        assert!(alex.contains("Only for you"), "{alex}");
        for other in [&sam, &both] {
            assert!(!other.contains("Only for you"), "{other}");
            assert!(!other.contains("the hidden letter"), "{other}");
        }
        // Nobody's screen repeats the private answer: it was typed masked.
        assert!(
            !alex
                .replace("thank you for the hidden letter", "")
                .contains("the hidden letter")
        );
    }

    #[test]
    fn shared_events_read_the_same_for_everyone() {
        let session = session();
        let both = rendered_for(&session, &Viewer::Both);
        assert_eq!(
            both,
            "\nWelcome, both.\n\n  Revealed hopes: Sam: more evenings together\n\nGoodbye.\n\n── The end ──\n"
        );
        let sam = rendered_for(&session, &Viewer::Partner("b".into()));
        assert_eq!(sam, both, "Sam has nothing private here");
    }

    #[test]
    fn a_prompt_says_whose_turn_it_is_and_lists_choices() {
        let session = session();
        let mut out = Vec::new();
        let prompt = Prompt {
            private: true,
            ..Prompt::new(
                Audience::Partner("b".into()),
                "Pick one",
                PromptKind::choice(vec!["tea".into(), "coffee".into()]),
            )
        };
        let options = super::prompt(&mut out, &session, &prompt).unwrap();
        assert_eq!(options, ["tea", "coffee"]);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\n── Sam, privately ──\nPick one\n  1. tea\n  2. coffee\n"
        );
    }

    #[test]
    fn the_hand_over_names_who_looks_away() {
        let session = session();
        let mut out = Vec::new();
        hand_over(&mut out, &session, "a").unwrap();
        hand_back(&mut out, &session, "a").unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\n── For Alex only ──\nSam, please look away from the screen now.\n\
             \nThank you, Alex. Sam, you can look at the screen again.\n"
        );
    }
}
