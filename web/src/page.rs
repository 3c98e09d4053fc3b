//! The pages, rendered on the server (maud escapes every text it is given): a seat's
//! page, its live part (sent again over the event stream at each change), and the
//! short pages that refuse.

use crate::room::{Seat, State};
use kintsugi_engine::{MAX_TEXT_ANSWER, Prompt, PromptKind, how_many};
use maud::{DOCTYPE, Markup, PreEscaped, html};

/// The commands each page offers as buttons under a question, with what they say: the
/// REPL's own commands for couples (its authors' ones are not offered), each sent to
/// it as if typed. Each label starts with the command's name, so that a guide's
/// ":break" names a button too.
pub const COMMANDS: [(&str, &str); 6] = [
    (":back", "Back: take back the last answer"),
    (":break", "Break: stop for now, everything is saved"),
    (":pause", "Pause: a break, support, or ending here"),
    (
        ":transcript",
        "Transcript: the conversation so far, as you may see it",
    ),
    (":quit", "Quit: save and leave"),
    (":help", "Help: what these buttons do"),
];

/// The quick exit, at the top of every paired page.
pub const HIDE: &str = "Hide now";

/// What `:help` shows on a page: the buttons, in the words they carry.
pub fn help() -> String {
    let mut said =
        String::from("The buttons under each question (what they show is for you alone):\n");
    for (_, label) in COMMANDS {
        said.push_str(&format!("  {label}\n"));
    }
    said.push_str(&format!(
        "After what was shown to you alone, {DONE}, once you have read it: it then \
         leaves this page.\n"
    ));
    said.push_str(&format!(
        "At the top of the page, {HIDE}: this page becomes a blank one at once, the \
         conversation stops for both of you (everything is saved), and this device is \
         forgotten (a new code pairs it again)."
    ));
    said
}

fn head(title: &str) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            meta name="referrer" content="no-referrer";
            title { (title) }
            link rel="stylesheet" href="/app.css";
            script src="/app.js" defer {}
        }
    }
}

/// A seat's whole page.
pub fn seat(state: &State, seat: Seat) -> String {
    let (turn, _) = state.turn(seat);
    html! {
        (DOCTYPE)
        html lang="en" {
            (head(&format!("{} · {}", state.title, state.name(seat))))
            body {
                header {
                    // Not in the live part: the quick exit is always there, and a script
                    // replaces the page with a blank one before the form is even sent.
                    form.hide method="post" action="/answer" {
                        button type="submit" name="command" value=":hide" { (HIDE) }
                    }
                    h1 { (state.title) }
                    p.whose { "This page is " strong { (state.name(seat)) } "'s." }
                }
                // Announced to screen readers when it changes; the live part below is
                // replaced whole, so the announcement lives outside it.
                div #announce .visually-hidden role="status" aria-live="polite" { (turn) }
                main #view { (PreEscaped(view(state, seat))) }
            }
        }
    }
    .into_string()
}

/// The live part of a seat's page: whose turn, what it may see, its question.
pub fn view(state: &State, seat: Seat) -> String {
    let (turn, mine) = state.turn(seat);
    let question = state
        .asking
        .as_ref()
        .filter(|(_, q)| q.seen_by(seat))
        .map(|(n, q)| (*n, q));
    // Commands may come from the seat that answers, or from either at a shared question
    // (`:pause` on each device); a pause takes none.
    let commands = state
        .asking
        .as_ref()
        .filter(|(_, q)| !q.pause && (q.answered_by(seat) || !q.prompt.private))
        .map(|(n, _)| *n);
    let markup = html! {
        p.turn.mine[mine] data-turn {
            // The words say it; the colour only repeats them.
            @if mine { span.marker aria-hidden="true" { "▶ " } }
            (turn)
        }
        section.log aria-label="The conversation so far" {
            @for paragraph in paragraphs(state.log(seat)) {
                p { (paragraph) }
            }
        }
        @if let Some((n, q)) = question {
            @if q.answered_by(seat) && q.pause {
                (done(n, &q.prompt.text))
            } @else if q.answered_by(seat) {
                (form(n, &q.prompt))
            } @else {
                section.waiting aria-labelledby="asked" {
                    h2 #asked { (q.prompt.text) }
                    p { "Waiting for the answer." }
                }
            }
        }
        @if let Some(n) = commands {
            form.commands method="post" action="/answer" aria-label="Commands" {
                input type="hidden" name="q" value=(n);
                @for (command, label) in COMMANDS {
                    button type="submit" name="command" value=(command) { (label) }
                }
            }
        }
    };
    // Newlines as character references: the event stream sends this on `data:` lines.
    markup.into_string().replace('\n', "&#10;")
}

/// The log in paragraphs, as the terminal spaces them (a blank line between).
fn paragraphs(log: &str) -> impl Iterator<Item = &str> {
    log.split("\n\n").map(str::trim).filter(|p| !p.is_empty())
}

/// The form of a question: real controls for its kind, labelled, the first focused.
fn form(n: u64, prompt: &Prompt) -> Markup {
    html! {
        form.question method="post" action="/answer" data-q=(n) {
            input type="hidden" name="q" value=(n);
            fieldset {
                legend #question tabindex="-1" { (prompt.text) }
                @match &prompt.kind {
                    PromptKind::Text => {
                        label for="answer" { "Your answer" }
                        textarea #answer name="answer" rows="4" maxlength=(MAX_TEXT_ANSWER)
                            required[prompt.pass.is_none()] autofocus {}
                    }
                    PromptKind::Choice { options, .. } => {
                        @for (i, option) in options.iter().enumerate() {
                            div.option {
                                input type="radio" name="answer" id=(format!("o{i}"))
                                    value=(i + 1) required[prompt.pass.is_none()]
                                    autofocus[i == 0];
                                label for=(format!("o{i}")) { (option) }
                            }
                        }
                    }
                    PromptKind::ChooseMany { options, min, max, .. } => {
                        p.hint #many-hint { "Pick " (how_many(*min, *max)) "." }
                        @for (i, option) in options.iter().enumerate() {
                            div.option {
                                input type="checkbox" name="many" id=(format!("o{i}"))
                                    value=(i + 1) aria-describedby="many-hint"
                                    autofocus[i == 0];
                                label for=(format!("o{i}")) { (option) }
                            }
                        }
                    }
                    PromptKind::Scale { min, max } => {
                        label for="answer" { "A whole number from " (min) " to " (max) }
                        input #answer type="number" name="answer" min=(min) max=(max)
                            step="1" inputmode="numeric" required[prompt.pass.is_none()]
                            autofocus;
                    }
                    PromptKind::YesNo => {
                        @for (i, (value, label)) in [("yes", "Yes"), ("no", "No")].iter().enumerate() {
                            div.option {
                                input type="radio" name="answer" id=(format!("o{i}"))
                                    value=(value) required autofocus[i == 0];
                                label for=(format!("o{i}")) { (label) }
                            }
                        }
                    }
                }
                div.actions {
                    button type="submit" { "Answer" }
                    @if let Some(pass) = &prompt.pass {
                        button type="submit" name="pass" value="1" formnovalidate { "Pass: " (pass) }
                    }
                }
            }
        }
    }
}

/// What a pause asks (the end of a private moment): one button, as Enter at the
/// keyboard, that says the partner is done reading.
pub const DONE: &str = "Done";

/// The form of a pause: its words and the one button.
fn done(n: u64, text: &str) -> Markup {
    html! {
        form.question method="post" action="/answer" data-q=(n) {
            input type="hidden" name="q" value=(n);
            fieldset {
                legend #question tabindex="-1" { (text) }
                div.actions {
                    button type="submit" name="answer" value="done" autofocus { (DONE) }
                }
            }
        }
    }
}

/// The page the quick exit leaves in the browser: nothing on it, not even a name.
pub fn blank() -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "New tab" }
            }
            body {}
        }
    }
    .into_string()
}

/// A short page that says why nothing is shown, and what to do.
pub fn refusal(title: &str, said: &str) -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            (head(title))
            body {
                main {
                    h1 { (title) }
                    p { (said) }
                }
            }
        }
    }
    .into_string()
}
