//! The built-in plugins: the core guide language, and seeded randomness.

mod core;
pub(crate) mod docs;
mod random;

pub use self::core::Core;
pub use self::random::Random;
