//! The room: what each seat (partner) may see and what is asked of whom, shared between
//! the host's conversation loop (one blocking thread) and the server (async handlers).
//!
//! The loop writes text to the screen of whoever holds it (`hold`: one seat in private,
//! or both), and asks one question at a time (`ask`), waiting for a seat to answer. The
//! server renders each seat's page from its own log and the question, and hands answers
//! back. A seat's log only ever receives text written while the screen was its own or
//! shared: the privacy rule is the host's hand-over of the screen, the one the terminal
//! follows (`screen_for` in the REPL), which follows the events' `seen_by`.

use kintsugi_engine::{Audience, Prompt, PromptKind};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// A partner's place in the room: the index of their role in the session's names.
pub type Seat = usize;

/// A question for the pages.
#[derive(Debug, Clone)]
pub struct Question {
    /// The seat that answers, or `None` when either may (a prompt to both).
    pub seat: Option<Seat>,
    /// The prompt (its text, kind, and whether it is private).
    pub prompt: Prompt,
    /// A pause, not a question: the seat says it is done reading what the screen shows
    /// it (one button, no commands, nothing echoed), as Enter does at the keyboard
    /// before the screen is cleared.
    pub pause: bool,
}

impl Question {
    /// Whether `seat` may see the question: a private one only its author.
    pub fn seen_by(&self, seat: Seat) -> bool {
        !self.prompt.private || self.seat == Some(seat)
    }

    /// Whether `seat` may answer it.
    pub fn answered_by(&self, seat: Seat) -> bool {
        self.seat.is_none_or(|s| s == seat)
    }
}

/// One partner's seat.
#[derive(Debug, Default)]
struct SeatState {
    name: String,
    /// The token in the seat's QR code, until it is traded for a cookie.
    token: Option<String>,
    /// The cookie's secret, once the seat is paired.
    cookie: Option<String>,
    /// Everything shown to this seat, as the terminal would show it.
    log: String,
}

/// What the pages are rendered from.
#[derive(Debug)]
pub(crate) struct State {
    pub title: String,
    seats: Vec<SeatState>,
    /// Whose screen text goes to now: one seat in private, or `None` for both.
    holder: Option<Seat>,
    /// The question waiting for an answer, and its id (a form answers one id). Ids are
    /// random, not counted: a count on one page would tell how many questions the
    /// other partner was asked in private meanwhile.
    pub asking: Option<(u64, Question)>,
    /// A command was taken for the question asked (`:help`, `:transcript`, ...): it
    /// stays on the pages, answering nothing, until the host asks again.
    taken: bool,
    /// The sitting is over: what the pages say last.
    pub ended: bool,
    /// Bytes written that do not yet end a character.
    partial: Vec<u8>,
    /// Pairing attempts in the current minute (rate limit).
    attempts: (Instant, u32),
}

impl State {
    pub fn name(&self, seat: Seat) -> &str {
        &self.seats[seat].name
    }

    pub fn log(&self, seat: Seat) -> &str {
        &self.seats[seat].log
    }

    /// Whose turn it is, in words for `seat`, and whether it is theirs.
    pub fn turn(&self, seat: Seat) -> (String, bool) {
        let Some((_, question)) = &self.asking else {
            return if self.ended {
                ("The conversation has stopped here.".to_string(), false)
            } else if let Some(holder) = self.holder
                && holder != seat
            {
                // Between one private question and the next, the other page stays as
                // it was: how many there were is nobody else's to count.
                (
                    format!("{} is answering in private.", self.name(holder)),
                    false,
                )
            } else {
                ("One moment…".to_string(), false)
            };
        };
        match question.seat {
            Some(s) if s == seat && question.prompt.private => {
                ("Your turn, in private.".to_string(), true)
            }
            Some(s) if s == seat => ("Your turn.".to_string(), true),
            Some(s) if question.prompt.private => {
                (format!("{} is answering in private.", self.name(s)), false)
            }
            Some(s) => (format!("{}'s turn.", self.name(s)), false),
            None => (
                "Your turn, together: either of you can answer.".to_string(),
                true,
            ),
        }
    }
}

/// The room shared by the conversation's thread and the server.
#[derive(Debug)]
pub struct Room {
    state: Mutex<State>,
    answers: Mutex<Receiver<(Seat, String)>>,
    send: Sender<(Seat, String)>,
    /// Bumped at every change; each page's event stream renders again on it.
    changed: watch::Sender<u64>,
}

/// Pairing attempts allowed per minute, valid or not.
pub const PAIRING_PER_MINUTE: u32 = 10;

/// What a pairing attempt gave.
#[derive(Debug, PartialEq, Eq)]
pub enum Paired {
    /// The seat, and the cookie's secret to set.
    Seat(Seat, String),
    /// No such token (or spent): refused.
    Refused,
    /// Both seats are taken.
    Locked,
    /// Too many attempts this minute.
    TooMany,
}

/// A random secret: 20 characters of Crockford's base32 (100 bits), grouped by 5 for
/// typing.
pub fn secret() -> String {
    const ALPHABET: &[u8] = b"0123456789abcdefghjkmnpqrstvwxyz";
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).expect("the system's random source");
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| ALPHABET[(b & 31) as usize] as char)
        .collect();
    chars
        .chunks(5)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

impl Room {
    /// A room for partners with these names (in the order of the guide's roles), each
    /// with a fresh pairing token.
    pub fn new(title: &str, names: &[String]) -> Room {
        let (send, answers) = channel();
        Room {
            state: Mutex::new(State {
                title: title.to_string(),
                seats: names
                    .iter()
                    .map(|name| SeatState {
                        name: name.clone(),
                        token: Some(secret()),
                        ..SeatState::default()
                    })
                    .collect(),
                holder: None,
                asking: None,
                taken: false,
                ended: false,
                partial: Vec::new(),
                attempts: (Instant::now(), 0),
            }),
            answers: Mutex::new(answers),
            send,
            changed: watch::channel(0).0,
        }
    }

    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn bump(&self) {
        self.changed.send_modify(|v| *v += 1);
    }

    pub(crate) fn watch(&self) -> watch::Receiver<u64> {
        self.changed.subscribe()
    }

    /// Each seat's name and pairing token (shown once, in the QR codes).
    pub fn tokens(&self) -> Vec<(String, String)> {
        let state = self.state();
        state
            .seats
            .iter()
            .map(|s| (s.name.clone(), s.token.clone().unwrap_or_default()))
            .collect()
    }

    /// Heads both pages with `title` from now on: a guide's, when it starts.
    pub fn retitle(&self, title: &str) {
        self.state().title = title.to_string();
        self.bump();
    }

    /// Gives the screen to one seat (`Some`) or to both (`None`).
    pub fn hold(&self, seat: Option<Seat>) {
        self.state().holder = seat;
    }

    /// Whose screen it is now.
    pub fn holder(&self) -> Option<Seat> {
        self.state().holder
    }

    /// Writes text to the screen of whoever holds it. Control characters are escaped
    /// as the terminal's door does.
    pub fn write(&self, bytes: &[u8]) {
        let mut state = self.state();
        state.partial.extend_from_slice(bytes);
        let partial = std::mem::take(&mut state.partial);
        let (text, rest) = match std::str::from_utf8(&partial) {
            Ok(text) => (text.to_string(), Vec::new()),
            Err(e) if e.error_len().is_none() => (
                String::from_utf8_lossy(&partial[..e.valid_up_to()]).into_owned(),
                partial[e.valid_up_to()..].to_vec(),
            ),
            Err(_) => (String::from_utf8_lossy(&partial).into_owned(), Vec::new()),
        };
        state.partial = rest;
        let text = kintsugi_engine::shown::escape(&text).into_owned();
        let holder = state.holder;
        for (i, seat) in state.seats.iter_mut().enumerate() {
            if holder.is_none_or(|h| h == i) {
                seat.log.push_str(&text);
            }
        }
        drop(state);
        self.bump();
    }

    /// Asks a question and waits for the answer: the seat that gave it and the text
    /// (an answer as the prompt parses it, or a `:command`). `None` if the room closed.
    pub fn ask(&self, question: Question) -> Option<(Seat, String)> {
        {
            let mut state = self.state();
            // The same question asked again after a command keeps its id, so that the
            // pages that did not send the command stay exactly as they were (a form being
            // filled in keeps its text) and tell nothing of it.
            let again = state.taken
                && state
                    .asking
                    .as_ref()
                    .is_some_and(|(_, q)| q.seat == question.seat && q.prompt == question.prompt);
            if !again {
                let mut id = [0u8; 8];
                getrandom::fill(&mut id).expect("the system's random source");
                // Below 2^53, so that a script could read it as a number without loss.
                let id = u64::from_le_bytes(id) >> 11;
                state.asking = Some((id, question.clone()));
            }
            state.taken = false;
        }
        self.bump();
        let answer = self
            .answers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .recv()
            .ok()?;
        let (seat, text) = &answer;
        if !text.starts_with(':') && !question.pause {
            self.echo(&question, *seat, text);
        }
        Some(answer)
    }

    /// Writes the question and its answer to the logs of those who may see them, as the
    /// terminal shows a line typed at its prompt (a private one masked).
    fn echo(&self, question: &Question, seat: Seat, text: &str) {
        let mut state = self.state();
        let prompt = &question.prompt;
        let who = match question.seat {
            Some(s) => state.name(s).to_string(),
            None => state.name(seat).to_string(),
        };
        let turn = match (&prompt.to, prompt.private) {
            (Audience::Partner(_), true) => format!("{who}, privately"),
            (Audience::Partner(_), false) => format!("{who}'s turn"),
            _ => "Together".to_string(),
        };
        let shown = if prompt.private {
            "(answered privately)".to_string()
        } else {
            shown_answer(&prompt.kind, text)
        };
        let line = format!("\n── {turn} ──\n{}\n{who} › {shown}\n", prompt.text);
        let line = kintsugi_engine::shown::escape(&line).into_owned();
        for (i, s) in state.seats.iter_mut().enumerate() {
            if question.seen_by(i) {
                s.log.push_str(&line);
            }
        }
        drop(state);
        self.bump();
    }

    /// Clears the screen of whoever holds it, as the terminal clears its screen and
    /// scrollback when a private moment ends: what it showed leaves that page (and its
    /// history: the page is rendered from the log alone).
    pub fn clear(&self) {
        let mut state = self.state();
        let holder = state.holder;
        for (i, seat) in state.seats.iter_mut().enumerate() {
            if holder.is_none_or(|h| h == i) {
                seat.log.clear();
            }
        }
        drop(state);
        self.bump();
    }

    /// The sitting is over: the pages say so.
    pub fn end(&self) {
        let mut state = self.state();
        state.ended = true;
        state.asking = None;
        state.taken = false;
        state.holder = None;
        drop(state);
        self.bump();
    }

    /// Takes an answer from `seat` to question `n` (its id): refused unless that question
    /// is still asked and is the seat's to answer. A command (`:back`, `:pause`, ...)
    /// may also come from the other seat while the question is a shared one, so that
    /// each partner can pause on their own device; a pause takes none. An answer takes the question off the
    /// pages; a command leaves it there until the host asks again (`ask`).
    pub(crate) fn answer(&self, seat: Seat, n: u64, text: String) -> bool {
        let mut state = self.state();
        let Some((asked, question)) = &state.asking else {
            return false;
        };
        let command = text.starts_with(':');
        // A pause takes no command: it only ends a private moment (the quick exit,
        // `hide`, works whatever is asked).
        let allowed = match command {
            true => !question.pause && (question.answered_by(seat) || !question.prompt.private),
            false => question.answered_by(seat),
        };
        if *asked != n || !allowed || state.taken {
            return false;
        }
        if command {
            state.taken = true;
        } else {
            state.asking = None;
        }
        drop(state);
        self.bump();
        self.send.send((seat, text)).is_ok()
    }

    /// The quick exit from `seat`'s page (`:hide`): the seat's log is wiped and its
    /// cookie forgotten at once, so that going back in that browser shows nothing, and
    /// the host is sent `:hide` (it stops the sitting, saved), whatever is asked and of
    /// whom: a way out must always work. Sent while nothing is asked, the host gets it
    /// at its next question.
    pub(crate) fn hide(&self, seat: Seat) {
        let mut state = self.state();
        let s = &mut state.seats[seat];
        s.log.clear();
        s.cookie = None;
        if state.asking.is_some() {
            state.taken = true;
        }
        let ended = state.ended;
        drop(state);
        self.bump();
        if !ended {
            let _ = self.send.send((seat, ":hide".to_string()));
        }
    }

    /// A new pairing token for `seat`, whose device lost its page (`:pair NAME` at the
    /// terminal): the cookie it had is refused from now on, and its log is wiped, so
    /// that whoever pairs with the new code sees the question waiting, not what was
    /// shown before.
    pub fn repair(&self, seat: Seat) -> String {
        let token = secret();
        let mut state = self.state();
        let s = &mut state.seats[seat];
        s.token = Some(token.clone());
        s.cookie = None;
        s.log.clear();
        drop(state);
        self.bump();
        token
    }

    /// The seat of the partner with this name (any case).
    pub fn seat_named(&self, name: &str) -> Option<Seat> {
        self.state()
            .seats
            .iter()
            .position(|s| s.name.to_lowercase() == name.trim().to_lowercase())
    }

    /// Trades a seat's token for a cookie secret, once. Rate-limited: at most
    /// `PAIRING_PER_MINUTE` attempts a minute, whatever they hold.
    pub(crate) fn pair(&self, token: &str) -> Paired {
        let mut state = self.state();
        let now = Instant::now();
        if now.duration_since(state.attempts.0) > Duration::from_secs(60) {
            state.attempts = (now, 0);
        }
        if state.attempts.1 >= PAIRING_PER_MINUTE {
            return Paired::TooMany;
        }
        state.attempts.1 += 1;
        if state.seats.iter().all(|s| s.cookie.is_some()) {
            return Paired::Locked;
        }
        let Some(seat) = state
            .seats
            .iter()
            .position(|s| s.token.as_deref().is_some_and(|t| same(t, token)))
        else {
            return Paired::Refused;
        };
        let cookie = secret();
        let s = &mut state.seats[seat];
        s.token = None;
        s.cookie = Some(cookie.clone());
        drop(state);
        self.bump();
        Paired::Seat(seat, cookie)
    }

    /// The seat a cookie's secret belongs to.
    pub(crate) fn seat_of(&self, cookie: &str) -> Option<Seat> {
        self.state()
            .seats
            .iter()
            .position(|s| s.cookie.as_deref().is_some_and(|c| same(c, cookie)))
    }

    /// The partners' names, by seat.
    pub fn names(&self) -> Vec<String> {
        self.state().seats.iter().map(|s| s.name.clone()).collect()
    }

    /// Whether the sitting is over.
    pub fn ended(&self) -> bool {
        self.state().ended
    }

    /// Whether every seat is paired.
    pub fn full(&self) -> bool {
        self.state().seats.iter().all(|s| s.cookie.is_some())
    }
}

/// Compares secrets in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// An answer as the partners see it: a chosen option's words rather than its number.
fn shown_answer(kind: &PromptKind, text: &str) -> String {
    let options = match kind {
        PromptKind::Choice { options, .. } | PromptKind::ChooseMany { options, .. } => options,
        _ => return text.to_string(),
    };
    let picked: Option<Vec<&str>> = text
        .split_whitespace()
        .map(|n| {
            n.parse::<usize>()
                .ok()
                .and_then(|i| options.get(i.wrapping_sub(1)))
                .map(String::as_str)
        })
        .collect();
    match picked {
        Some(words) if !words.is_empty() => words.join(", "),
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(seat: Option<Seat>, private: bool) -> Question {
        let to = match seat {
            Some(0) => Audience::Partner("a".into()),
            Some(_) => Audience::Partner("b".into()),
            None => Audience::Both,
        };
        Question {
            seat,
            prompt: Prompt {
                private,
                ..Prompt::new(to, "Why?", PromptKind::Text)
            },
            pause: false,
        }
    }

    #[test]
    fn text_reaches_the_seat_holding_the_screen_or_both() {
        let room = Room::new("T", &["Alex".into(), "Sam".into()]);
        room.write(b"for both\n");
        room.hold(Some(0));
        room.write(b"for Alex alone\n");
        room.hold(None);
        room.write("and \u{1b}[2J both again\n".as_bytes());
        let state = room.state();
        assert_eq!(
            state.log(0),
            "for both\nfor Alex alone\nand \\u001b[2J both again\n"
        );
        assert_eq!(state.log(1), "for both\nand \\u001b[2J both again\n");
    }

    #[test]
    fn a_pause_takes_only_its_seats_done_and_clear_empties_the_holders_log_alone() {
        let room = std::sync::Arc::new(Room::new("T", &["Alex".into(), "Sam".into()]));
        room.write(b"for both\n");
        room.hold(Some(0));
        room.write(b"the code 521 686, for Alex alone\n");
        let pause = Question {
            pause: true,
            ..question(Some(0), true)
        };
        let asking = room.clone();
        let waiting = std::thread::spawn(move || asking.ask(pause));
        let id = asked_id(&room);
        // No command at a pause, not even from its seat; the other seat answers nothing.
        assert!(!room.answer(0, id, ":transcript".into()));
        assert!(!room.answer(1, id, "done".into()));
        assert!(room.answer(0, id, "done".into()));
        assert_eq!(waiting.join().unwrap(), Some((0, "done".to_string())));
        // Nothing is echoed for a pause; then the clear takes what Alex alone saw, and
        // what Sam's page holds stays.
        assert!(!room.state().log(0).contains("done"));
        room.clear();
        room.hold(None);
        room.write(b"both again\n");
        let state = room.state();
        assert_eq!(state.log(0), "both again\n");
        assert_eq!(state.log(1), "for both\nboth again\n");
    }

    #[test]
    fn an_answer_is_taken_once_from_the_seat_asked() {
        let room = std::sync::Arc::new(Room::new("T", &["Alex".into(), "Sam".into()]));
        let asking = room.clone();
        let waiting = std::thread::spawn(move || asking.ask(question(Some(0), true)));
        let id = loop {
            if let Some((id, _)) = &room.state().asking {
                break *id;
            }
            std::thread::yield_now();
        };
        // Sam may neither answer Alex's private question nor send it a command.
        assert!(!room.answer(1, id, "mine".into()));
        assert!(!room.answer(1, id, ":pause".into()));
        // A stale id answers nothing.
        assert!(!room.answer(0, id ^ 1, "old".into()));
        assert!(room.answer(0, id, "kept".into()));
        assert!(!room.answer(0, id, "twice".into()));
        assert_eq!(waiting.join().unwrap(), Some((0, "kept".to_string())));
        // The echo is Alex's alone, and masked.
        let state = room.state();
        assert!(state.log(0).contains("Alex › (answered privately)"));
        assert!(!state.log(0).contains("kept"));
        assert_eq!(state.log(1), "");
    }

    #[test]
    fn a_token_pairs_once_and_the_room_locks() {
        let room = Room::new("T", &["Alex".into(), "Sam".into()]);
        let tokens = room.tokens();
        let Paired::Seat(0, cookie) = room.pair(&tokens[0].1) else {
            panic!("Alex pairs")
        };
        assert_eq!(room.seat_of(&cookie), Some(0));
        assert_eq!(room.pair(&tokens[0].1), Paired::Refused);
        assert!(matches!(room.pair(&tokens[1].1), Paired::Seat(1, _)));
        assert_eq!(room.pair("anything"), Paired::Locked);
        assert!(room.full());
        assert_eq!(room.seat_of("guess"), None);
    }

    /// The id of the question asked, once `ask` has set it.
    fn asked_id(room: &Room) -> u64 {
        loop {
            let state = room.state();
            if let (Some((id, _)), false) = (&state.asking, state.taken) {
                break *id;
            }
            drop(state);
            std::thread::yield_now();
        }
    }

    #[test]
    fn a_command_keeps_the_question_and_its_id_and_hide_forgets_the_seat() {
        let room = std::sync::Arc::new(Room::new("T", &["Alex".into(), "Sam".into()]));
        let Paired::Seat(0, cookie) = room.pair(&room.tokens()[0].1) else {
            panic!("Alex pairs")
        };
        let asking = room.clone();
        // The host asks again only when the test says so, so that "taken" is seen
        // before it (without it, the host could ask again first: a race in the test).
        let (go, ask_again) = std::sync::mpsc::channel::<()>();
        let waiting = std::thread::spawn(move || {
            let first = asking.ask(question(None, false));
            ask_again.recv().unwrap();
            // A command answers nothing: the host asks the same question again.
            let again = asking.ask(question(None, false));
            (first, again)
        });
        let id = asked_id(&room);
        assert!(room.answer(1, id, ":help".into()));
        // Taken: nothing more is sent for it until it is asked again, with the same id.
        assert!(!room.answer(0, id, "sneaked in".into()));
        go.send(()).unwrap();
        assert_eq!(asked_id(&room), id);
        room.write(b"shown to both\n");
        room.hide(0);
        let (first, again) = waiting.join().unwrap();
        assert_eq!(first, Some((1, ":help".to_string())));
        assert_eq!(again, Some((0, ":hide".to_string())));
        assert_eq!(room.seat_of(&cookie), None);
        assert_eq!(room.state().log(0), "");
        assert_eq!(room.state().log(1), "shown to both\n");
    }
}
