//! The built-in plugins (the core guide language, seeded randomness, the safety
//! plugin), and the configuration a host chooses.

mod core;
mod couple;
pub(crate) mod docs;
mod random;
pub(crate) mod safety;

pub use self::core::Core;
pub use self::random::Random;
use self::safety::Safety;
use crate::runtime::plugin::Plugin;
use crate::runtime::sandbox::Limits;
use std::sync::Arc;

/// What a host chooses: the plugins that make up the language, and the limits.
#[derive(Clone)]
pub struct Config {
    /// The plugins, in the order they are installed.
    pub plugins: Vec<Arc<dyn Plugin>>,
    /// The bounds every evaluation runs within.
    pub limits: Limits,
}

impl Default for Config {
    /// The core language, seeded randomness and the safety plugin.
    fn default() -> Config {
        Config {
            plugins: vec![
                Arc::new(Core),
                Arc::new(Random),
                Arc::new(Safety::default()),
            ],
            limits: Limits::default(),
        }
    }
}

impl Config {
    /// The default plugins, with the safety plugin set up by the host.
    pub fn with_safety(safety: Safety) -> Config {
        let mut config = Config::default();
        config.plugins.retain(|p| p.name() != "safety");
        config.plugins.push(Arc::new(safety));
        config
    }

    /// These plugins and one more.
    pub fn with_plugin(mut self, plugin: impl Plugin + 'static) -> Config {
        self.plugins.push(Arc::new(plugin));
        self
    }
}
