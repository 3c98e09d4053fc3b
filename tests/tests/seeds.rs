//! Every shipped guide is in its own words: no run of 8 words of a file in `scripts/`
//! (lowercased, punctuation dropped) is also a run of 8 words of a seed article.
//!
//! The seed articles are not ours to ship, so `tests/seeds.shingles` holds a fingerprint
//! of them instead: the SipHash-1-3 (keys 0, 0) of every run of 8 of their words, sorted.
//! A fresh clone checks against it with the Rust toolchain alone. Where the seeds are at
//! hand (`../shared/seeds` beside the workspace, or the folder `KINTSUGI_SEEDS` names),
//! the fingerprint is also checked to be up to date; `KINTSUGI_SEEDS_UPDATE=1` rewrites it
//! from them.

use siphasher::sip::SipHasher13;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Runs this long in common count as copied.
const RUN: usize = 8;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fingerprint_file() -> PathBuf {
    workspace().join("tests/seeds.shingles")
}

/// The words of a text: lowercased, apostrophes dropped (so "don't" is "dont" whichever
/// apostrophe was typed), every other character that is not a letter or a digit a gap.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace(['\'', '\u{2019}'], "")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Every run of `RUN` words of a text, with its hash.
fn runs(text: &str) -> Vec<(u64, String)> {
    let words = words(text);
    words
        .windows(RUN)
        .map(|run| {
            let run = run.join(" ");
            (SipHasher13::new().hash(run.as_bytes()), run)
        })
        .collect()
}

/// The fingerprint of some articles: the hashes of all their runs, sorted, one per line
/// in hex, after a comment that says what the file is.
fn fingerprint<'a>(articles: impl IntoIterator<Item = &'a str>) -> String {
    let hashes: BTreeSet<u64> = articles
        .into_iter()
        .flat_map(runs)
        .map(|(hash, _)| hash)
        .collect();
    let mut out = String::from(
        "# The seed articles' fingerprint: the SipHash-1-3 (keys 0, 0) of each run of 8 words,\n\
         # sorted. Written by tests/tests/seeds.rs (KINTSUGI_SEEDS_UPDATE=1); not their text.\n",
    );
    for hash in hashes {
        out.push_str(&format!("{hash:016x}\n"));
    }
    out
}

fn parse(fingerprint: &str) -> BTreeSet<u64> {
    fingerprint
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| u64::from_str_radix(l.trim(), 16).unwrap_or_else(|e| panic!("{l:?}: {e}")))
        .collect()
}

/// The runs of `text` that the fingerprint holds, each once, in order.
fn copied(text: &str, seeds: &BTreeSet<u64>) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for (hash, run) in runs(text) {
        if seeds.contains(&hash) && !found.contains(&run) {
            found.push(run);
        }
    }
    found
}

/// The seed articles' texts, where they are at hand.
fn seed_texts() -> Option<Vec<String>> {
    let dir = std::env::var_os("KINTSUGI_SEEDS")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("../shared/seeds"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    Some(
        files
            .iter()
            .map(|f| std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{f:?}: {e}")))
            .collect(),
    )
}

#[test]
fn a_planted_copy_of_eight_words_is_found_and_seven_are_not() {
    let article = "Trust grows back slowly. Each small promise that is kept adds a little, \
                   and each one broken takes away more than it added.";
    let seeds = parse(&fingerprint([article]));
    // Eight words of the article, with other case and punctuation.
    let guide = r#"say("Remember: EACH small promise, that is kept, adds a lot!");"#;
    assert_eq!(
        copied(guide, &seeds),
        ["each small promise that is kept adds a"]
    );
    // Seven in a row, then a word of our own: not a copy.
    let guide = r#"say("Each small promise that is kept adds so much.");"#;
    assert!(copied(guide, &seeds).is_empty());
    // Apostrophes fold away whichever is typed.
    let seeds = parse(&fingerprint([
        "we don't have to agree on every single thing today",
    ]));
    assert!(!copied("We don\u{2019}t have to agree on every single", &seeds).is_empty());
}

#[test]
fn the_fingerprint_is_up_to_date_with_the_seeds() {
    let Some(texts) = seed_texts() else {
        eprintln!(
            "the seed articles are not at hand (../shared/seeds): the committed fingerprint is used as it is"
        );
        return;
    };
    assert!(!texts.is_empty(), "the seed folder is empty");
    let fresh = fingerprint(texts.iter().map(String::as_str));
    if std::env::var_os("KINTSUGI_SEEDS_UPDATE").is_some() {
        std::fs::write(fingerprint_file(), &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(fingerprint_file()).unwrap_or_default();
    assert!(
        committed == fresh,
        "tests/seeds.shingles is not the fingerprint of the seeds; rewrite it with \
         KINTSUGI_SEEDS_UPDATE=1 cargo test -p kintsugi-tests --test seeds"
    );
    // A sentence taken from a seed is found through the fingerprint.
    let seeds = parse(&committed);
    let sentence = texts[0]
        .split_whitespace()
        .take(12)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(!copied(&format!("say(\"{sentence}\");"), &seeds).is_empty());
}

#[test]
fn no_shipped_guide_has_eight_words_in_a_row_from_a_seed() {
    let text = std::fs::read_to_string(fingerprint_file())
        .expect("tests/seeds.shingles, the seeds' fingerprint, is committed");
    let seeds = parse(&text);
    assert!(seeds.len() > 1000, "the fingerprint holds too few runs");
    let mut guides: Vec<PathBuf> = std::fs::read_dir(workspace().join("scripts"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rhai"))
        .collect();
    guides.sort();
    assert!(!guides.is_empty());
    let mut problems = Vec::new();
    for path in &guides {
        // The whole file: every line a couple can see is in it (and comments are
        // checked too, which costs nothing).
        let text = std::fs::read_to_string(path).unwrap();
        for run in copied(&text, &seeds) {
            let name = path.file_name().unwrap().to_string_lossy();
            problems.push(format!("scripts/{name}: \"{run}\""));
        }
    }
    assert!(
        problems.is_empty(),
        "runs of {RUN} words copied from a seed article:\n{}",
        problems.join("\n")
    );
}
