//! The runtime: where a guide's steps run (the sandbox, the fiber), one run's state and
//! its step loop, and the hooks plugins are called through. It knows nothing of
//! sessions, journals or the checker.

pub(crate) mod bundle;
pub(crate) mod errors;
pub(crate) mod fiber;
pub(crate) mod memo;
pub(crate) mod modules;
pub(crate) mod plugin;
pub(crate) mod program;
pub(crate) mod run;
pub(crate) mod sandbox;
