//! Embeds every guide in `scripts/` in the binary, so `kintsugi list` and `kintsugi run
//! NAME` work from any folder. Adding a shipped guide is adding a file.

use std::{env, fs, path::Path};

fn main() {
    let scripts = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts");
    println!("cargo:rerun-if-changed={}", scripts.display());
    // The shipped guides lie directly in scripts/: one level, which walkdir would not improve.
    let mut entries: Vec<_> = fs::read_dir(&scripts)
        .map(|dir| dir.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.retain(|p| p.extension().is_some_and(|e| e == "rhai"));
    entries.sort();
    let mut out = String::from("pub const SHIPPED: &[(&str, &str)] = &[\n");
    for path in entries {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_stem().unwrap().to_string_lossy();
        let full = path.canonicalize().unwrap();
        out.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            full.display().to_string()
        ));
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("shipped.rs");
    fs::write(dest, out).unwrap();
}
