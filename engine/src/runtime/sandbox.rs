//! The Rhai engine a guide runs in: no files, network or process; bounded in every way.

use rhai::packages::{
    BasicArrayPackage, BasicMapPackage, BasicMathPackage, CorePackage, LogicPackage,
    MoreStringPackage, Package,
};
use rhai::{Engine, OptimizationLevel};

use super::modules::{Modules, imports_from};

/// Bounds on every evaluation of a guide.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Rhai operations one run of a step (or the guide's top level) may take.
    pub operations_per_step: u64,
    /// How deeply functions may call each other.
    pub call_depth: usize,
    /// Longest string, in bytes.
    pub string_size: usize,
    /// Most items in an array.
    pub array_size: usize,
    /// Most entries in a map.
    pub map_size: usize,
    /// Moves from step to step without a prompt between them.
    pub moves_between_prompts: usize,
    /// Events (lines, agreements, notes) a guide may add between two prompts.
    pub events_between_prompts: usize,
    /// Bytes of text those events may hold together.
    pub text_between_prompts: usize,
    /// Bytes the remembered values may take together (keys and values as text).
    pub memory_size: usize,
    /// Bytes of memory the process may gain while a guide runs between two prompts
    /// (or while its top level runs): what a step holds in its variables and closures,
    /// which the bounds above do not see. Enforced where the host gives the engine a
    /// meter (`set_memory_meter`), as the `kintsugi` binary does.
    pub memory_between_prompts: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            operations_per_step: 500_000,
            call_depth: 48,
            string_size: 64 * 1024,
            // Bounds how deeply lists and maps can nest, too (see `runtime::fiber::STACK_SIZE`).
            array_size: 2_000,
            map_size: 2_000,
            moves_between_prompts: 10_000,
            events_between_prompts: 10_000,
            text_between_prompts: 4 * 1024 * 1024,
            memory_size: 16 * 1024 * 1024,
            memory_between_prompts: 256 * 1024 * 1024,
        }
    }
}

/// A raw Rhai engine with the pure packages and the limits, which imports nothing until
/// given its modules ([`imports_from`]).
pub(crate) fn engine(limits: &Limits) -> Engine {
    // A raw engine has no packages: we add the pure ones and leave out time.
    let mut engine = Engine::new_raw();
    for package in [
        CorePackage::new().as_shared_module(),
        LogicPackage::new().as_shared_module(),
        BasicMathPackage::new().as_shared_module(),
        BasicArrayPackage::new().as_shared_module(),
        BasicMapPackage::new().as_shared_module(),
        MoreStringPackage::new().as_shared_module(),
    ] {
        engine.register_global_module(package);
    }
    // Host functions read and change the session, so none may be folded at compile
    // time; `None` also keeps error positions exactly where the author wrote them.
    engine.set_optimization_level(OptimizationLevel::None);
    engine.disable_symbol("eval");
    engine
        .set_max_operations(limits.operations_per_step)
        .set_max_call_levels(limits.call_depth)
        .set_max_expr_depths(64, 32)
        .set_max_string_size(limits.string_size)
        .set_max_array_size(limits.array_size)
        .set_max_map_size(limits.map_size)
        .set_max_modules(32)
        .set_max_variables(1_000);
    imports_from(&mut engine, Modules::new(), Default::default());
    engine
}

/// The names of the functions the plugins registered into `engine` (the guide
/// language), leaving out Rhai's own packages and the getters and conversions of the
/// language's types, which a guide cannot define anyway or may well define for itself.
pub(crate) fn language_functions(engine: &Engine) -> std::collections::BTreeSet<String> {
    engine
        .gen_fn_signatures(false)
        .into_iter()
        .filter_map(|signature| {
            let name = signature.split_once('(')?.0.trim().to_string();
            (!name.contains('$') && !matches!(name.as_str(), "to_string" | "to_debug"))
                .then_some(name)
        })
        .collect()
}
