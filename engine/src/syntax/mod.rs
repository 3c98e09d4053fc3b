//! The guide's syntax, which knows no runtime: compiling a guide's text, and the outline read from its syntax tree.

pub(crate) mod compile;
pub(crate) mod facts;
pub(crate) mod functions;
pub(crate) mod imports;
pub(crate) mod mistakes;
pub mod outline;
pub(crate) mod text;
mod walk;
