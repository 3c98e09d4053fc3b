//! Every guide a shipped guide points a couple to (`kintsugi run NAME`) is shipped: a
//! couple told "the apology guide is there" once found none.

use std::path::Path;

#[test]
fn every_guide_a_shipped_guide_names_is_shipped() {
    let scripts = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts");
    let mut named = 0;
    for entry in std::fs::read_dir(&scripts).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rhai") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (at, _) in text.match_indices("kintsugi run ") {
            let name: String = text[at + "kintsugi run ".len()..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '-')
                .collect();
            if name.is_empty() {
                // `kintsugi run ${way}`: a name the guide picked from its own options.
                continue;
            }
            named += 1;
            assert!(
                scripts.join(format!("{name}.rhai")).is_file(),
                "{} points to `kintsugi run {name}`, which is not a shipped guide",
                path.display()
            );
        }
    }
    // The shipped guides do point onwards: a test that found nothing would prove nothing.
    assert!(named >= 10, "only {named} references found");
}
