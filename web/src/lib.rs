//! Kintsugi on two devices: each partner answers on their own phone or tablet, served
//! from the couple's own computer.
//!
//! The server is another host of the same engine, without a conversation loop of its
//! own: the host's loop (the REPL's, in the `kintsugi` binary) drives the session, its
//! journal, plugins and safety moments as at the keyboard, and writes what it shows to
//! a [`Room`] instead of a terminal. The room keeps one log per seat, filled only while
//! the screen is that seat's or shared, and the question waiting; the server renders
//! each seat's page from them (`page`) and hands answers back. See ARCHITECTURE.md,
//! "The web host".

mod page;
mod qr;
mod room;
mod server;
mod tls;

pub use page::help;
pub use qr::qr;
pub use room::{PAIRING_PER_MINUTE, Question, Room, Seat, secret};
pub use server::{COOKIE, CSP, Server, start};
pub use tls::{Certificate, VALID_DAYS, fingerprint};
