//! One file per subcommand: its arguments and a `Write` in, an exit code or an error out.

pub mod check;
pub mod defs;
pub mod explore;
pub mod export;
pub mod forget;
pub mod graph;
pub mod list;
pub mod region;
pub mod release;
pub mod resume;
pub mod run;
pub mod test;
pub mod transcript;
