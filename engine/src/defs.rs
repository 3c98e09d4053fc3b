//! Rhai definition files (`.d.rhai`) for the guide language, so that Rhai's editor
//! tooling (the language server and the VS Code extension) completes and documents it.

use crate::plugins::Config;
use crate::plugins::docs::{ROLES_DEFINITION, role_definition};
use crate::runtime::run::Run;
use crate::runtime::sandbox;

/// The definition files for a guide language made of `config`'s plugins, as (file name,
/// contents): Rhai's built-in functions and operators, every function the plugins
/// register (with its documentation), and `kintsugi-roles.d.rhai` for `both`, `each`
/// and the `Target` type. `roles` adds the roles some guides declare, as
/// `(role, description)`.
pub fn definitions(config: &Config, roles: &[(String, String)]) -> Vec<(String, String)> {
    let run = Run::default();
    let mut engine = sandbox::engine(&config.limits);
    for plugin in &config.plugins {
        plugin.install(&mut engine, &run);
    }
    let mut files: Vec<(String, String)> = engine
        .definitions()
        .include_standard_packages(true)
        .iter_files()
        .collect();
    let mut roles_file = ROLES_DEFINITION.to_string();
    let mut seen = std::collections::HashSet::new();
    for (role, description) in roles {
        if seen.insert(role.as_str()) && role != "both" && role != "each" {
            roles_file.push('\n');
            roles_file.push_str(&role_definition(role, description));
        }
    }
    files.push(("kintsugi-roles.d.rhai".to_string(), roles_file));
    files
}
