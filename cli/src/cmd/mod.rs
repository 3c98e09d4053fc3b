//! One file per subcommand: its arguments and a `Write` in, an exit code or an error out.

pub mod agreements;
pub mod bundle;
pub mod check;
pub mod defs;
pub mod explore;
pub mod export;
pub mod forget;
pub mod graph;
pub mod history;
pub mod list;
pub mod next;
pub mod ready;
pub mod region;
pub mod release;
pub mod remind;
pub mod resume;
pub mod run;
pub mod test;
pub mod transcript;
