//! The safety plugin's side at the keyboard: the intake before a joint guide (consent
//! and private screening, with nothing saved but their dates), `:pause`, the break
//! offered on distress, and the private check after words that signal danger.

use crate::profile::{Profile, couple_key};
use crate::repl::{Outcome, Repl, Step};
use crate::store::{JournalFile, now};
use crate::terminal::{Input, Line};
use indexmap::IndexMap;
use kintsugi_engine::safety_data::{INTAKE, regions, support_text};
use kintsugi_engine::{
    Audience, Config, Declaration, Guide, Intervention, NEUTRAL_MESSAGE, Prompt, PromptKind,
    Record, Safety, Session, Setup, Source, Value,
};

/// A question Kintsugi itself asks, outside any guide; its answer is never saved.
fn local(to: Audience, text: &str, kind: PromptKind, private: bool) -> Prompt {
    Prompt {
        step: String::new(),
        ordinal: 0,
        to,
        text: text.to_string(),
        kind,
        private,
        examples: Vec::new(),
        distress: None,
        line: 0,
    }
}

fn choice(options: &[&str]) -> PromptKind {
    PromptKind::Choice {
        options: options.iter().map(|o| o.to_string()).collect(),
    }
}

/// What reading a local answer gave.
enum Local {
    Answer(Value),
    Leave(Outcome),
}

impl Repl {
    /// Asks a local question (the screen must already be handed to whom it concerns).
    fn ask_local(&mut self, prompt: &Prompt) -> anyhow::Result<Local> {
        let options = self.show_prompt(prompt);
        loop {
            let text = match self.read_for(prompt, &options)? {
                Ok(text) => text,
                Err(outcome) => return Ok(Local::Leave(outcome)),
            };
            if text.trim() == ":hide" {
                crate::terminal::hide_screen();
                return Ok(Local::Leave(Outcome::Stopped));
            }
            match prompt.parse(&text) {
                Ok(value) => return Ok(Local::Answer(value)),
                Err(message) => println!("{message}"),
            }
        }
    }

    /// `:pause`: stops at once and offers a break, support (to the one who asks, in
    /// private) or ending here. Everything answered so far is already saved.
    pub(crate) fn pause(&mut self) -> anyhow::Result<Step> {
        if let Some(outcome) = self.screen_for(None)? {
            return Ok(Step::Leave(outcome));
        }
        println!("\n── Paused ──\nEverything so far is saved.");
        const OPTIONS: [&str; 3] = [
            "Take a break and continue later",
            "See where to get support (only the one who asks will see it)",
            "End this conversation here",
        ];
        loop {
            let prompt = local(
                Audience::Both,
                "What would you like to do?",
                choice(&OPTIONS),
                false,
            );
            let picked = match self.ask_local(&prompt)? {
                Local::Leave(outcome) => return Ok(Step::Leave(outcome)),
                Local::Answer(value) => value.to_string(),
            };
            if picked == OPTIONS[0] {
                self.journal.append(&Record::Break { at: now() })?;
                println!("\nTake the time you need. Come back when you are both ready.");
                return Ok(Step::Leave(self.stop_saved()?));
            }
            if picked == OPTIONS[2] {
                self.journal.append(&Record::End { at: now() })?;
                println!("\nThe conversation ends here.");
                if self.journal.saved() {
                    println!(
                        "It stays on this computer: `kintsugi transcript {0}` shows it, `kintsugi forget {0}` deletes it.",
                        self.journal.id
                    );
                }
                return Ok(Step::Leave(Outcome::Stopped));
            }
            let roles: Vec<String> = self
                .session
                .guide()
                .declaration()
                .roles
                .keys()
                .cloned()
                .collect();
            let names: Vec<String> = roles
                .iter()
                .map(|r| self.name(&Audience::Partner(r.clone())))
                .collect();
            let names_ref: Vec<&str> = names.iter().map(String::as_str).collect();
            let who = local(
                Audience::Both,
                "Who would like to see it?",
                choice(&names_ref),
                false,
            );
            let role = match self.ask_local(&who)? {
                Local::Leave(outcome) => return Ok(Step::Leave(outcome)),
                Local::Answer(value) => {
                    let i = names
                        .iter()
                        .position(|n| *n == value.to_string())
                        .unwrap_or(0);
                    roles[i].clone()
                }
            };
            if let Some(outcome) = self.screen_for(Some(&role))? {
                return Ok(Step::Leave(outcome));
            }
            println!("\n{}", support_text(self.region.as_deref(), None));
            println!("\nYou can come back to this list at any time with :pause.");
            if let Some(outcome) = self.screen_for(None)? {
                return Ok(Step::Leave(outcome));
            }
        }
    }

    /// Acts on what the safety plugin asked for after an answer.
    pub(crate) fn intervene(
        &mut self,
        intervention: Intervention,
    ) -> anyhow::Result<Option<Outcome>> {
        match intervention {
            Intervention::OfferBreak { minutes } => {
                if let Some(outcome) = self.screen_for(None)? {
                    return Ok(Some(outcome));
                }
                println!(
                    "\nThat is a lot to feel. When feelings run this high, a break of at least {minutes} minutes usually helps more than pushing on."
                );
                let options = ["Take a break now (everything is saved)", "Go on"];
                let prompt = local(
                    Audience::Both,
                    "What would you like to do?",
                    choice(&options),
                    false,
                );
                match self.ask_local(&prompt)? {
                    Local::Leave(outcome) => Ok(Some(outcome)),
                    Local::Answer(value) if value.to_string() == options[0] => {
                        self.journal.append(&Record::Break { at: now() })?;
                        println!(
                            "\nTake at least {minutes} minutes apart, doing something calm. Come back within a day."
                        );
                        Ok(Some(self.stop_saved()?))
                    }
                    Local::Answer(_) => Ok(None),
                }
            }
            Intervention::CheckSafety { roles } => {
                let mut unsafe_now = false;
                for role in roles {
                    if let Some(outcome) = self.screen_for(Some(&role))? {
                        return Ok(Some(outcome));
                    }
                    let name = self.name(&Audience::Partner(role.clone()));
                    println!(
                        "\n{name}, something you wrote made Kintsugi want to check on you. What you wrote will not be shown again on the shared screen."
                    );
                    let prompt = local(
                        Audience::Partner(role.clone()),
                        "Are you safe right now?",
                        PromptKind::YesNo,
                        true,
                    );
                    match self.ask_local(&prompt)? {
                        Local::Leave(outcome) => return Ok(Some(outcome)),
                        Local::Answer(Value::Bool(true)) => println!(
                            "\nThank you. If that changes, type :pause at any question; only you will see where to get support."
                        ),
                        Local::Answer(_) => {
                            unsafe_now = true;
                            println!(
                                "\nThank you for saying so. Help for you alone is the better step now. You can reach it privately:\n\n{}",
                                support_text(self.region.as_deref(), None)
                            );
                        }
                    }
                }
                if let Some(outcome) = self.screen_for(None)? {
                    return Ok(Some(outcome));
                }
                if unsafe_now {
                    self.journal.append(&Record::Break { at: now() })?;
                    println!("\n{NEUTRAL_MESSAGE}");
                    return Ok(Some(self.stop_saved()?));
                }
                Ok(None)
            }
        }
    }
}

/// What the intake decided.
pub struct Intake {
    /// The input, handed back for the guide itself.
    pub input: Input,
    /// Whether the joint guide may start.
    pub proceed: bool,
}

/// Consent (the first time) and private screening (when older than a week) before a
/// joint guide. Nothing anyone answers here is written anywhere: only the dates.
pub fn intake(
    profile: &mut Profile,
    decl: &Declaration,
    names: &IndexMap<String, String>,
    mut input: Input,
) -> anyhow::Result<Intake> {
    if decl.roles.len() != 2 {
        return Ok(Intake {
            input,
            proceed: true,
        });
    }
    if profile.region.is_none() {
        match choose_region(&mut input) {
            Some(region) => {
                profile.region = region;
                profile.save()?;
            }
            None => {
                return Ok(Intake {
                    input,
                    proceed: false,
                });
            }
        }
    }
    let key = couple_key(names.values());
    let safety = Safety {
        consent_needed: profile.couple(&key).consented.is_none(),
        screening_needed: profile.needs_screening(&key),
        region: profile.region.clone(),
    };
    if !safety.consent_needed && !safety.screening_needed {
        return Ok(Intake {
            input,
            proceed: true,
        });
    }
    let screening = safety.screening_needed;
    let guide = Guide::load(
        Source::new("intake.rhai", INTAKE),
        Config::with_safety(safety),
    )
    .map_err(|e| anyhow::anyhow!("the safety intake does not load: {e}"))?;
    // The intake's roles are `first` and `second`, in the joint guide's role order.
    let setup = Setup {
        names: ["first", "second"]
            .iter()
            .zip(decl.roles.keys())
            .map(|(slot, role)| (slot.to_string(), names[role].clone()))
            .collect(),
        seed: 0,
    };
    let mut repl = Repl::new(Session::start(guide, setup)?, JournalFile::discard(), input);
    repl.region = profile.region.clone();
    repl.closing = false;
    repl.authoring = false;
    let outcome = repl.run()?;
    let recall = |key: &str| repl.session.recall(key).map(|v| v.to_string());
    let consented = recall("consented").as_deref() == Some("true");
    let clear = outcome == Outcome::Finished && recall("outcome").as_deref() == Some("clear");
    let couple = profile.couples.entry(key).or_default();
    if consented {
        couple.consented = Some(now());
    }
    if clear && screening {
        couple.screened = Some(now());
    }
    profile.save()?;
    if outcome != Outcome::Finished {
        println!("\nNothing was started.");
    }
    Ok(Intake {
        input: repl.input,
        proceed: clear,
    })
}

/// Asks where the couple lives, for help numbers. `None` if the input ended.
fn choose_region(input: &mut Input) -> Option<Option<String>> {
    println!(
        "\nWhere do you live? Kintsugi uses this only to show the right help numbers, if anyone needs them."
    );
    let mut options: Vec<String> = regions().iter().map(|r| r.name.clone()).collect();
    options.push("Somewhere else".to_string());
    for (i, o) in options.iter().enumerate() {
        println!("  {}. {o}", i + 1);
    }
    let prompt = local(
        Audience::Both,
        "Where do you live?",
        PromptKind::Choice {
            options: options.clone(),
        },
        false,
    );
    loop {
        match input.read("Region › ", &options) {
            Line::Text(text) => match prompt.parse(&text) {
                Ok(value) => {
                    let name = value.to_string();
                    return Some(
                        regions()
                            .iter()
                            .find(|r| r.name == name)
                            .map(|r| r.code.clone()),
                    );
                }
                Err(message) => println!("{message}"),
            },
            Line::Interrupted => continue,
            Line::End => return None,
        }
    }
}
