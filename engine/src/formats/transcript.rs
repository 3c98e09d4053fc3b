//! Transcripts: who was asked what and who answered what, for one viewer, in Markdown
//! or JSON. What the viewer may not see is marked, never shown.

use crate::audience::{Audience, Viewer};
use crate::event::{Event, EventKind, minutes_in_words};
use crate::prompt::PromptKind;
use crate::runtime::run::Status;
use crate::session::{Session, SetAside};
use serde_json::json;
use std::fmt::Write;

/// The form a transcript is rendered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A Markdown document for people to read.
    Markdown,
    /// A pretty-printed JSON document of the visible events, for tools.
    Json,
    /// Plain text for people reading at a terminal: no markup, no step names.
    Text,
}

/// A rendering of a session's events for one viewer.
pub struct Transcript<'a> {
    session: &'a Session,
    viewer: Viewer,
    notes: Vec<String>,
    /// Answers set aside before this replay (a journal's), before those it set aside.
    set_aside: Vec<SetAside>,
    /// How the sitting stopped, when something other than the guide stopped it (a
    /// break or a disclosure): said in place of "waiting for ... to answer".
    stopped: Option<String>,
}

impl<'a> Transcript<'a> {
    /// A transcript of `session` as `viewer` may see it, with no notes yet.
    pub fn new(session: &'a Session, viewer: Viewer) -> Transcript<'a> {
        Transcript {
            session,
            viewer,
            notes: Vec::new(),
            set_aside: Vec::new(),
            stopped: None,
        }
    }

    /// Says how the sitting stopped, in place of the question it waits at: what Kintsugi
    /// did after an answer (a break taken, a conversation ended after a disclosure), in
    /// the words the shared screen showed.
    pub fn stopped(mut self, how: impl Into<String>) -> Transcript<'a> {
        self.stopped = Some(how.into());
        self
    }

    /// Lists answers set aside earlier (those a journal records), before those the
    /// session's own replay set aside: a transcript shows every one, marked.
    pub fn set_aside(mut self, earlier: &[SetAside]) -> Transcript<'a> {
        self.set_aside = earlier.to_vec();
        self
    }

    /// Every answer set aside: the earlier ones, then the replay's own.
    fn all_set_aside(&self) -> Vec<SetAside> {
        let mut all = self.set_aside.clone();
        all.extend(self.session.set_aside());
        all
    }

    /// Adds a line under the title, such as "consent and screening were skipped".
    pub fn note(mut self, text: impl Into<String>) -> Transcript<'a> {
        self.notes.push(text.into());
        self
    }

    /// Renders the transcript in `format`, marking what the viewer may not see. What a
    /// guide or a partner wrote is escaped where it would act on a terminal
    /// ([`crate::shown`]); the JSON still reads back exactly.
    pub fn render(&self, format: Format) -> String {
        let text = match format {
            Format::Markdown => self.markdown(),
            Format::Json => self.json(),
            Format::Text => self.text(),
        };
        match crate::shown::escape(&text) {
            std::borrow::Cow::Owned(escaped) => escaped,
            std::borrow::Cow::Borrowed(_) => text,
        }
    }

    fn who(&self, audience: &Audience) -> String {
        self.session.name_of(audience)
    }

    /// Each partner's name and part: "Alex (the partner who was hurt), Sam (...)".
    fn partners(&self) -> String {
        let names = &self.session.setup().names;
        let partners: Vec<String> = self
            .session
            .guide()
            .declaration()
            .roles
            .iter()
            .map(|(role, what)| format!("{} ({what})", names.get(role).map_or("?", |n| n)))
            .collect();
        partners.join(", ")
    }

    /// The agreements made, in order, each with whose it is where it is one partner's.
    fn agreements(&self) -> Vec<String> {
        self.session
            .events()
            .iter()
            .filter_map(|event| match &event.kind {
                EventKind::Agreement {
                    text,
                    by: Some(role),
                } => Some(format!(
                    "{text} ({})",
                    self.who(&Audience::Partner(role.clone()))
                )),
                EventKind::Agreement { text, by: None } => Some(text.clone()),
                _ => None,
            })
            .collect()
    }

    fn markdown(&self) -> String {
        let decl = self.session.guide().declaration();
        let mut out = format!("# {}\n\n", decl.title);
        if !decl.summary.is_empty() {
            let _ = writeln!(out, "*{}*\n", decl.summary);
        }
        let _ = writeln!(out, "Partners: {}.\n", self.partners());
        for note in &self.notes {
            let _ = writeln!(out, "> {note}\n");
        }
        for event in self.session.events().iter() {
            self.markdown_event(&mut out, event);
        }
        let agreements = self.agreements();
        match (self.session.status(), &self.stopped) {
            (Status::Failed(err), _) => {
                let _ = writeln!(out, "**The guide stopped with an error:** {err}\n");
            }
            (_, Some(how)) => {
                let _ = writeln!(out, "*({how})*\n");
            }
            (Status::Awaiting(prompt), None) => {
                let _ = writeln!(
                    out,
                    "*(The session stops here, waiting for {} to answer.)*\n",
                    self.who(&prompt.to)
                );
            }
            (Status::Finished(_), None) => {}
        }
        if !agreements.is_empty() {
            out.push_str("## Agreements\n\n");
            for a in agreements {
                let _ = writeln!(out, "- {a}");
            }
            out.push('\n');
        }
        let set_aside = self.all_set_aside();
        if !set_aside.is_empty() {
            out.push_str("## Set aside\n\n");
            out.push_str(
                "*Answers given to questions the guide no longer asks there (it was edited): \
                 kept, never used.*\n\n",
            );
            for aside in &set_aside {
                let _ = writeln!(out, "- {}", self.markdown_set_aside(aside));
            }
            out.push('\n');
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    }

    /// One answer set aside, as the viewer may see it.
    fn markdown_set_aside(&self, aside: &SetAside) -> String {
        let visible = aside.seen_by().admits(&self.viewer);
        match &aside.asked {
            None if visible => format!(
                "set aside: {} *(the question it answered is not known)*",
                aside.value
            ),
            None => "set aside: an answer whose question is not known *(not shown)*".into(),
            Some(asked) => {
                let who = self.who(&asked.by);
                match (visible, asked.private) {
                    (true, true) => format!(
                        "set aside: **{who}** (private), asked \"{}\": {}",
                        asked.question, aside.value
                    ),
                    (true, false) => format!(
                        "set aside: **{who}**, asked \"{}\": {}",
                        asked.question, aside.value
                    ),
                    (false, _) => format!("set aside: **{who}:** *(answered privately)*"),
                }
            }
        }
    }

    /// Plain text: what was said, asked and answered, as the partners would tell it.
    fn text(&self) -> String {
        let decl = self.session.guide().declaration();
        let mut out = format!("{}\n", decl.title);
        if !decl.summary.is_empty() {
            let _ = writeln!(out, "{}", decl.summary);
        }
        let _ = writeln!(out, "Partners: {}.", self.partners());
        for note in &self.notes {
            let _ = writeln!(out, "{note}");
        }
        out.push('\n');
        for event in self.session.events().iter() {
            self.text_event(&mut out, event);
        }
        let agreements = self.agreements();
        match (self.session.status(), &self.stopped) {
            (Status::Failed(err), _) => {
                let _ = writeln!(out, "The guide stopped with an error: {err}\n");
            }
            (_, Some(how)) => {
                let _ = writeln!(out, "({how})\n");
            }
            (Status::Awaiting(prompt), None) => {
                let _ = writeln!(
                    out,
                    "(The session stops here, waiting for {} to answer.)\n",
                    self.who(&prompt.to)
                );
            }
            (Status::Finished(_), None) => {}
        }
        if !agreements.is_empty() {
            out.push_str("What you agreed:\n");
            for a in agreements {
                let _ = writeln!(out, "  - {a}");
            }
            out.push('\n');
        }
        let set_aside = self.all_set_aside();
        if !set_aside.is_empty() {
            out.push_str("Set aside (answers to questions the guide no longer asks there; kept, never used):\n");
            for aside in &set_aside {
                let line = self
                    .markdown_set_aside(aside)
                    .replace("**", "")
                    .replace('*', "");
                let _ = writeln!(out, "  - {line}");
            }
            out.push('\n');
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    }

    fn text_event(&self, out: &mut String, event: &Event) {
        let visible = event.seen_by.admits(&self.viewer);
        match &event.kind {
            EventKind::Say { text } if visible => {
                let _ = writeln!(out, "{text}\n");
            }
            EventKind::Prompt(p) if visible => {
                let private = if p.private { ", privately" } else { "" };
                let both = !matches!(p.to, Audience::Partner(_))
                    && self.session.guide().declaration().roles.len() > 1;
                let was = if both { "were" } else { "was" };
                let _ = writeln!(out, "{} {was} asked{private}: {}", self.who(&p.to), p.text);
            }
            EventKind::Answer {
                by, value, shown, ..
            } if visible => {
                let _ = writeln!(out, "  {}: {}\n", self.who(by), words(value, shown));
            }
            EventKind::Answer { by, .. } => {
                let _ = writeln!(out, "  {}: (answered privately)\n", self.who(by));
            }
            EventKind::Reveal { label, answers } if visible => {
                let shown: Vec<String> = answers
                    .iter()
                    .map(|(role, v)| format!("{}: {v}", self.who(&Audience::Partner(role.clone()))))
                    .collect();
                let label = if label.is_empty() {
                    String::new()
                } else {
                    format!(" {label}")
                };
                let _ = writeln!(out, "Revealed{label}: {}\n", shown.join(" · "));
            }
            EventKind::Agreement { text, by } if visible => match by {
                Some(role) => {
                    let who = self.who(&Audience::Partner(role.clone()));
                    let _ = writeln!(out, "Agreed ({who}): {text}\n");
                }
                None => {
                    let _ = writeln!(out, "Agreed: {text}\n");
                }
            },
            EventKind::Break { minutes, back } if visible => {
                let back = back.map_or(String::new(), |b| {
                    format!("; back after {}, as agreed", minutes_in_words(b.into()))
                });
                let _ = writeln!(
                    out,
                    "(A break of {}{back}.)\n",
                    minutes_in_words((*minutes).into())
                );
            }
            EventKind::Note { text, .. } if visible => {
                let _ = writeln!(out, "{text}\n");
            }
            EventKind::Finished { text } if visible => {
                let _ = writeln!(out, "── The end ──\n{text}\n");
            }
            _ => {}
        }
    }

    fn markdown_event(&self, out: &mut String, event: &Event) {
        let visible = event.seen_by.admits(&self.viewer);
        match &event.kind {
            EventKind::StepEntered { step } if visible => {
                let _ = writeln!(out, "### Step `{step}`\n");
            }
            EventKind::Say { text } if visible => {
                let _ = writeln!(out, "{text}\n");
            }
            EventKind::Prompt(p) if visible => {
                let kind = match &p.kind {
                    PromptKind::Text => "free text".to_string(),
                    PromptKind::Choice { options, .. } => {
                        format!("choice: {}", options.join(" / "))
                    }
                    PromptKind::ChooseMany {
                        options, min, max, ..
                    } => format!(
                        "pick {}: {}",
                        crate::prompt::how_many(*min, *max),
                        options.join(" / ")
                    ),
                    PromptKind::Scale { min, max } => format!("scale {min}–{max}"),
                    PromptKind::YesNo => "yes/no".to_string(),
                };
                let private = if p.private { ", privately" } else { "" };
                let _ = writeln!(
                    out,
                    "**Asked of {}{private}** ({kind}): {}  ",
                    self.who(&p.to),
                    p.text
                );
            }
            EventKind::Answer {
                by,
                value,
                private,
                shown,
            } => {
                let who = self.who(by);
                let value = words(value, shown);
                match (visible, private) {
                    (true, true) => {
                        let _ = writeln!(out, "**{who}** (private): {value}\n");
                    }
                    (true, false) => {
                        let _ = writeln!(out, "**{who}:** {value}\n");
                    }
                    (false, _) => {
                        let _ = writeln!(out, "**{who}:** *(answered privately)*\n");
                    }
                }
            }
            EventKind::Reveal { label, answers } if visible => {
                let shown: Vec<String> = answers
                    .iter()
                    .map(|(role, v)| format!("{}: {v}", self.who(&Audience::Partner(role.clone()))))
                    .collect();
                let label = if label.is_empty() {
                    String::new()
                } else {
                    format!(" {label} —")
                };
                let _ = writeln!(out, "**Revealed:**{label} {}\n", shown.join(" · "));
            }
            EventKind::Agreement { text, by } if visible => match by {
                Some(role) => {
                    let who = self.who(&Audience::Partner(role.clone()));
                    let _ = writeln!(out, "**Agreed ({who}):** {text}\n");
                }
                None => {
                    let _ = writeln!(out, "**Agreed:** {text}\n");
                }
            },
            EventKind::Review { text, outcome, .. } if visible => {
                let _ = writeln!(out, "**Reviewed:** {text} ({outcome})\n");
            }
            EventKind::Break { minutes, back } if visible => {
                let back = back.map_or(String::new(), |b| {
                    format!("; back after {}, as agreed", minutes_in_words(b.into()))
                });
                let _ = writeln!(
                    out,
                    "*(A break of {}{back}.)*\n",
                    minutes_in_words((*minutes).into())
                );
            }
            EventKind::Note { plugin, text } if visible => {
                let _ = writeln!(out, "*[{plugin}] {text}*\n");
            }
            EventKind::Finished { text } if visible => {
                let _ = writeln!(out, "---\n\n**The end.** {text}\n");
            }
            _ => {}
        }
    }

    fn json(&self) -> String {
        let decl = self.session.guide().declaration();
        let events: Vec<serde_json::Value> = self
            .session
            .events()
            .iter()
            .filter_map(|event| {
                if event.seen_by.admits(&self.viewer) {
                    return serde_json::to_value(event).ok();
                }
                match &event.kind {
                    // A hidden answer is still marked: who answered, and that it was private.
                    EventKind::Answer { by, private, .. } => Some(json!({
                        "kind": { "type": "answer", "by": by, "private": private, "hidden": true },
                        "to": event.to,
                        "seen_by": event.seen_by,
                    })),
                    _ => None,
                }
            })
            .collect();
        let status = match self.session.status() {
            Status::Awaiting(p) => json!({ "awaiting": p }),
            Status::Finished(text) => json!({ "finished": text }),
            Status::Failed(err) => json!({ "failed": err.to_string() }),
        };
        // An answer set aside that the viewer may not see is marked, never shown.
        let set_aside: Vec<serde_json::Value> = self
            .all_set_aside()
            .into_iter()
            .map(|aside| {
                if aside.seen_by().admits(&self.viewer) {
                    json!({ "value": aside.value, "asked": aside.asked })
                } else {
                    json!({
                        "hidden": true,
                        "asked": aside.asked.as_ref().map(|a| json!({ "by": a.by, "private": a.private })),
                    })
                }
            })
            .collect();
        let mut doc = json!({
            "guide": decl.title,
            "guide_hash": self.session.guide().hash(),
            "names": self.session.setup().names,
            "notes": self.notes,
            "events": events,
            "status": status,
        });
        if let Some(how) = &self.stopped {
            doc["stopped"] = json!(how);
        }
        if !set_aside.is_empty() {
            doc["set_aside"] = serde_json::Value::Array(set_aside);
        }
        serde_json::to_string_pretty(&doc).expect("transcripts always serialize")
    }
}

/// An answer in the words the partners saw (an option's wording, not its key): the one
/// place the text and Markdown transcripts take an answer's words from (JSON keeps both).
fn words(value: &crate::value::Value, shown: &Option<String>) -> String {
    shown.clone().unwrap_or_else(|| value.to_string())
}
