//! What is read and written: journals, scenarios and transcripts.

pub(crate) mod history;
pub(crate) mod journal;
pub(crate) mod scenario;
pub(crate) mod transcript;
