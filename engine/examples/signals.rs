//! Reads lines on standard input and prints what the danger check finds in each: for
//! reviewing the signal lists.
//!
//! `cargo run -p kintsugi-engine --example signals [LISTS.toml] < file`: with a list file,
//! that file is read instead of the shipped English lists, so an edit can be tried at once.
//! A line may start with `self_harm: ` or `danger: ` (the corpus format); each output line
//! is the kind found (or `-`), the rule, the words matched (or the text as normalised), and
//! the line.
use kintsugi_engine::safety_data::Detector;
use std::io::BufRead;

fn main() {
    let edited;
    let detector = match std::env::args().nth(1) {
        Some(path) => {
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
                eprintln!("{path}: {e}");
                std::process::exit(2)
            });
            edited = Detector::compile(&text).unwrap_or_else(|e| {
                eprintln!("{path}: {e}");
                std::process::exit(2)
            });
            &edited
        }
        None => Detector::for_language("en").expect("English lists ship"),
    };
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let text = ["self_harm: ", "danger: "]
            .iter()
            .find_map(|p| line.strip_prefix(p))
            .unwrap_or(&line);
        match detector.findings(text).first() {
            Some(f) => println!("{:?}\t{}\t[{}]\t{line}", f.signal, f.rule, f.words),
            None => println!("-\t\t[{}]\t{line}", detector.normalise(text).trim()),
        }
    }
}
