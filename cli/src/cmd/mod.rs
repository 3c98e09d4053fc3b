//! One file per subcommand: each takes its arguments and a `Write` for what it shows, and returns an exit code or an error.

pub mod check;
pub mod defs;
pub mod explore;
pub mod export;
pub mod forget;
pub mod graph;
pub mod list;
pub mod region;
pub mod resume;
pub mod run;
pub mod test;
pub mod transcript;
