//! Reads lines on standard input and prints what the danger check finds in each: for
//! reviewing the signal lists (`cargo run -p kintsugi-engine --example signals < file`).
use kintsugi_engine::safety_data::Detector;
use std::io::BufRead;

fn main() {
    let detector = Detector::for_language("en").expect("English lists ship");
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let text = line.split_once(": ").map_or(line.as_str(), |(_, t)| t);
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let found = detector.findings(text);
        match found.first() {
            Some(f) => println!("{:?}\t{}\t[{}]\t{line}", f.signal, f.rule, f.words),
            None => println!("-\t\t\t{line}"),
        }
    }
}
