//! Plugins, which assemble the guide language, and the configuration a host chooses.

use crate::{Event, Run};
use std::rc::Rc;

/// A piece of the guide language: Rhai functions, and an eye on the session's events.
///
/// `install` runs once per loaded guide; the functions it registers keep a clone of
/// `run` to read and change the session. `observe` sees each event once, as the run
/// grows (after an undo, the events past the undo point may be seen again).
pub trait Plugin {
    /// A short name, used in notes and errors.
    fn name(&self) -> &'static str;
    /// Registers the plugin's functions.
    fn install(&self, engine: &mut rhai::Engine, run: &Run);
    /// Called for every new event, in order.
    fn observe(&self, _event: &Event, _run: &Run) {}
}

/// Bounds on every evaluation of a guide.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Rhai operations one run of a step (or the guide's top level) may take.
    pub operations_per_step: u64,
    /// How deeply functions may call each other.
    pub call_depth: usize,
    /// Longest string, in bytes.
    pub string_size: usize,
    /// Most items in an array, or entries in a map.
    pub array_size: usize,
    pub map_size: usize,
    /// Moves from step to step without a prompt between them.
    pub moves_between_prompts: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            operations_per_step: 500_000,
            call_depth: 48,
            string_size: 64 * 1024,
            array_size: 10_000,
            map_size: 10_000,
            moves_between_prompts: 10_000,
        }
    }
}

/// What a host chooses: the plugins that make up the language, and the limits.
#[derive(Clone)]
pub struct Config {
    pub plugins: Vec<Rc<dyn Plugin>>,
    pub limits: Limits,
}

impl Default for Config {
    /// The core language and seeded randomness.
    fn default() -> Config {
        Config {
            plugins: vec![
                Rc::new(crate::plugins::Core),
                Rc::new(crate::plugins::Random),
            ],
            limits: Limits::default(),
        }
    }
}

impl Config {
    pub fn with_plugin(mut self, plugin: impl Plugin + 'static) -> Config {
        self.plugins.push(Rc::new(plugin));
        self
    }
}
