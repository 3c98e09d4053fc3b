//! Seeded randomness for guides: `random(min, max)` and `pick(list)`.
//!
//! The generator is seeded per session, so a replay draws the same numbers.

use crate::runtime::plugin::Plugin;
use crate::runtime::run::Run;
use rhai::{Array, Dynamic, Engine, EvalAltResult};

/// The plugin behind `random` and `pick`.
pub struct Random;

impl Plugin for Random {
    fn name(&self) -> &'static str {
        "random"
    }

    fn install(&self, engine: &mut Engine, run: &Run) {
        let r = run.clone();
        super::docs::register(
            engine,
            "random",
            move |min: i64, max: i64| -> Result<i64, Box<EvalAltResult>> {
                if min > max {
                    return Err(crate::runtime::errors::runtime_error(&format!(
                        "random({min}, {max}): the first number must not be larger than the second"
                    )));
                }
                Ok(r.random(min, max))
            },
        );
        let r = run.clone();
        super::docs::register(
            engine,
            "pick",
            move |list: Array| -> Result<Dynamic, Box<EvalAltResult>> {
                if list.is_empty() {
                    return Err(crate::runtime::errors::runtime_error(
                        "pick([]): the list is empty",
                    ));
                }
                let i = r.random(0, list.len() as i64 - 1) as usize;
                Ok(list[i].clone())
            },
        );
    }
}
