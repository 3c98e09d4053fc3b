//! Plugins, which assemble the guide language, and the configuration a host chooses.

use crate::{Event, Prompt, RoleId, Run, Value};
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

    /// Whether an answer must be kept off the shared screen: its event is then seen by
    /// its writer only, and its text is withheld from every later line both partners
    /// see. Asked on every replay, so it must depend on the prompt and value alone.
    fn withhold(&self, _prompt: &Prompt, _value: &Value) -> bool {
        false
    }

    /// Called once for each answer a partner gives (never on replay): a plugin may ask
    /// the host to step in before the next prompt.
    fn on_answer(&self, _prompt: &Prompt, _value: &Value, _run: &Run) -> Option<Intervention> {
        None
    }
}

/// What a plugin may ask the host to do between two prompts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intervention {
    /// Offer a break of at least this many minutes before going on.
    OfferBreak { minutes: u32 },
    /// Ask these partners, each in private, whether they are safe.
    CheckSafety { roles: Vec<RoleId> },
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
            // Bounds how deeply lists and maps can nest, too (see `fiber::STACK_SIZE`).
            array_size: 2_000,
            map_size: 2_000,
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
    /// The core language, seeded randomness and the safety plugin.
    fn default() -> Config {
        Config {
            plugins: vec![
                Rc::new(crate::plugins::Core),
                Rc::new(crate::plugins::Random),
                Rc::new(crate::safety::Safety::default()),
            ],
            limits: Limits::default(),
        }
    }
}

impl Config {
    /// The default plugins, with the safety plugin set up by the host.
    pub fn with_safety(safety: crate::Safety) -> Config {
        let mut config = Config::default();
        config.plugins.retain(|p| p.name() != "safety");
        config.plugins.push(Rc::new(safety));
        config
    }

    pub fn with_plugin(mut self, plugin: impl Plugin + 'static) -> Config {
        self.plugins.push(Rc::new(plugin));
        self
    }
}
