//! Writes the benchmarks' generated guide, or a stream of answers for it, to standard
//! output, so that the `kintsugi` binary can be measured on the same dialogue:
//!
//! `cargo run --release -p kintsugi-engine --example generated -- guide 100 > g.rhai`
//! `cargo run --release -p kintsugi-engine --example generated -- answers 400000 > a.txt`
//! `/usr/bin/time -v kintsugi run g.rhai --no-save --names a=Alex,b=Sam < a.txt > /dev/null`

#[path = "../benches/common/mod.rs"]
mod common;

use std::io::{BufWriter, Write};

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let what = args.first().map(String::as_str);
    let n: usize = args.get(1).map_or(100, |a| a.parse().expect("a number"));
    let mut out = BufWriter::new(std::io::stdout().lock());
    match what {
        Some("guide") => out.write_all(common::generated_guide(n).as_bytes())?,
        Some("answers") => {
            for answer in common::Answers::default().take(n) {
                writeln!(out, "{answer}")?;
            }
        }
        _ => eprintln!("usage: generated guide STEPS | generated answers COUNT"),
    }
    out.flush()
}
