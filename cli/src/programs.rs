//! The program a couple follows over weeks: the shipped one (`programs/rebuild-trust.toml`,
//! embedded in the binary) or a counselor's own file, read and checked.

use crate::report::Reported;
use anyhow::Context;
use kintsugi_engine::{Program, ProgramError};
use std::path::Path;

/// The shipped program's name, and its text.
pub const SHIPPED_NAME: &str = "rebuild-trust";
const SHIPPED: &str = include_str!("../../programs/rebuild-trust.toml");

/// A program, and the name readiness is kept under (`rebuild-trust/forgiveness`).
pub struct Loaded {
    pub name: String,
    pub program: Program,
    /// The option that chose it, to repeat in suggested commands (`--program FILE`).
    pub option: String,
}

impl Loaded {
    /// The key a phase's readiness is kept under in the profile.
    pub fn ready_key(&self, phase: usize) -> String {
        format!("{}/{}", self.name, self.program.phases[phase].id)
    }
}

/// The shipped program, or the file given. A file with mistakes is an error showing each
/// (file, line, column, the line underlined, and what to do); so is one naming a guide
/// that is neither shipped nor a file.
pub fn open(file: Option<&Path>) -> anyhow::Result<Loaded> {
    let Some(path) = file else {
        // Checked by a test: the shipped program parses.
        let program = Program::parse(SHIPPED)
            .map_err(|e| anyhow::anyhow!("the shipped program is broken: {e}"))?;
        return Ok(Loaded {
            name: SHIPPED_NAME.into(),
            program,
            option: String::new(),
        });
    };
    let text = std::fs::read_to_string(path).with_context(|| {
        format!(
            "cannot read the program {} (without --program, the shipped one is used)",
            path.display()
        )
    })?;
    let name = path.display().to_string();
    let program = Program::parse(&text).map_err(|e| failure(&name, &text, &[e]))?;
    let unknown = program.unknown_guides(exists);
    if !unknown.is_empty() {
        return Err(failure(&name, &text, &unknown));
    }
    let stem = path
        .file_stem()
        .map_or_else(|| name.clone(), |s| s.to_string_lossy().into_owned());
    let quoted = shlex::try_quote(&name).map_or(name.clone(), |q| q.into_owned());
    Ok(Loaded {
        name: stem,
        program,
        option: format!(" --program {quoted}"),
    })
}

/// Whether a program may name this guide: a shipped one, or a file that is there.
pub fn exists(guide: &str) -> bool {
    crate::guides::is_shipped(guide) || Path::new(guide).is_file()
}

/// The shipped program's text (for its tests).
#[cfg(test)]
pub fn shipped_text() -> &'static str {
    SHIPPED
}

/// A program file's mistakes as an error that ends the program with code 2.
fn failure(file: &str, text: &str, errors: &[ProgramError]) -> anyhow::Error {
    let text = errors
        .iter()
        .map(|e| crate::report::program_error(e, file, text))
        .collect::<String>();
    Reported { text, code: 2 }.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every guide the shipped program names is shipped. Until the guide library
    /// (issue 13) is merged, the guides it brings are missing here: this fails for
    /// those names only.
    #[test]
    fn every_guide_the_shipped_program_names_is_shipped() {
        let program = Program::parse(shipped_text()).unwrap();
        let missing: Vec<String> = program
            .unknown_guides(crate::guides::is_shipped)
            .into_iter()
            .map(|e| e.message)
            .collect();
        assert!(missing.is_empty(), "{missing:#?}");
    }

    #[test]
    fn the_shipped_program_follows_the_seeds_order() {
        let program = Program::parse(shipped_text()).unwrap();
        let order: Vec<&str> = program.guides();
        assert_eq!(
            order,
            [
                "check-in",
                "acknowledge-hurt",
                "apology",
                "your-side",
                "questions-and-transparency",
                "needs-and-boundaries",
                "forgiveness",
                "new-memories",
                "setback",
                "should-we-rebuild",
                "self-care",
                "appreciations"
            ]
        );
        // As the README says: check-ins from the second phase on; forgiveness after
        // three weeks, two check-ins and both partners' readiness.
        let check_ins: Vec<bool> = program.phases.iter().map(|p| p.check_ins).collect();
        assert_eq!(check_ins, [false, true, true]);
        let forgiveness = &program.phases[2].gate;
        assert_eq!((forgiveness.days, forgiveness.check_ins), (21, 2));
        assert!(forgiveness.ready.is_some());
    }

    /// The README's example of a program file is a program (its guide file aside).
    #[test]
    fn the_readmes_example_program_reads() {
        let readme = include_str!("../../README.md");
        let start = readme.find("```toml\ntitle = \"Our program\"").unwrap() + "```toml\n".len();
        let end = start + readme[start..].find("```").unwrap();
        let program = Program::parse(&readme[start..end]).unwrap();
        assert_eq!(program.phases.len(), 2);
        // Its guides are shipped ones but the file it names as an example (and, until the
        // guide library is merged, the library's guides the shipped program names too).
        let shipped = Program::parse(shipped_text()).unwrap();
        let known = |g: &str| crate::guides::is_shipped(g) || shipped.guides().contains(&g);
        let unknown: Vec<String> = program
            .unknown_guides(known)
            .into_iter()
            .map(|e| e.message)
            .collect();
        assert_eq!(
            unknown,
            ["there is no guide named \"my-guides/evening.rhai\""]
        );
    }

    /// The shipped program over a couple's weeks, from histories (the library's guides
    /// need not be here to be counted): each phase in turn, the weekly check-in, and
    /// forgiveness only after three weeks, two check-ins and both partners' readiness.
    #[test]
    fn the_shipped_program_over_weeks() {
        use kintsugi_engine::{CheckIn, CoupleHistory, Holding, Next, PastSession, SessionStatus};
        let program = Program::parse(shipped_text()).unwrap();
        // Sessions as (guide, day it was held), seen from `today`.
        let at = |today: u32, sessions: &[(&str, u32)], ready: &[&str]| {
            let past = sessions
                .iter()
                .enumerate()
                .map(|(i, (guide, day))| PastSession {
                    id: format!("{i}"),
                    guide: guide.to_string(),
                    started: format!("{day:04}-{i:02}"),
                    days_ago: today - day,
                    status: SessionStatus::Finished,
                    ..PastSession::default()
                })
                .collect();
            let ready: Vec<String> = ready.iter().map(|r| r.to_string()).collect();
            program.standing(&CoupleHistory::build(past), &ready)
        };
        let guide = |g: &str| Next::Guide {
            guide: g.into(),
            first: false,
        };
        let mut weeks = vec![("acknowledge-hurt", 0)];
        assert_eq!(at(1, &weeks, &[]).next, guide("apology"));
        weeks.extend([("apology", 2), ("your-side", 5)]);
        // The second phase waits three days after the first was done.
        let waiting = at(6, &weeks, &[]);
        assert_eq!(
            waiting.next,
            Next::Waiting {
                phase: 1,
                holding: vec![Holding::Days { left: 2, of: 3 }]
            }
        );
        let honesty = at(8, &weeks, &[]);
        assert_eq!(
            (honesty.phase, honesty.next, honesty.check_in),
            (
                1,
                guide("questions-and-transparency"),
                Some(CheckIn::Due(None))
            )
        );
        weeks.extend([
            ("check-in", 8),
            ("questions-and-transparency", 10),
            ("needs-and-boundaries", 12),
        ]);
        // Forgiveness waits for three weeks and two check-ins after needs and
        // boundaries, and for both partners; the weekly check-in comes round meanwhile.
        let forgiveness = at(16, &weeks, &[]);
        assert_eq!(forgiveness.check_in, Some(CheckIn::Due(Some(8))));
        assert_eq!(
            forgiveness.next,
            Next::Waiting {
                phase: 2,
                holding: vec![
                    Holding::Days { left: 17, of: 21 },
                    Holding::CheckIns { left: 2, of: 2 },
                    Holding::Ready
                ]
            }
        );
        weeks.extend([("check-in", 19), ("check-in", 26)]);
        let ready = at(33, &weeks, &[]);
        assert_eq!(
            ready.next,
            Next::Waiting {
                phase: 2,
                holding: vec![Holding::Ready]
            }
        );
        assert_eq!(
            program.waits(2, &[Holding::Ready]),
            "Phase 3 (Forgiveness and new good memories) waits until both of you say, \
             each in private, that you are ready."
        );
        assert_eq!(at(33, &weeks, &["forgiveness"]).next, guide("forgiveness"));
        weeks.extend([("forgiveness", 34), ("new-memories", 40)]);
        assert_eq!(at(41, &weeks, &[]).next, Next::Finished);
    }
}
