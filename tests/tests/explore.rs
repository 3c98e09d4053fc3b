//! Every shipped guide, explored down every path (as `kintsugi explore` does): every step
//! is reached, every branch taken, every answer of every prompt is tried, no private
//! answer shows before its reveal, and no path errs or gets stuck.

use kintsugi_engine::explore::{Options, explore};
use kintsugi_engine::{Config, CoupleHistory, Guide, Setup, Source};
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

/// The branches of `name` taken with a couple's history: a guide that reads the history
/// (the check-in) has branches no first session can take. Each history the scenarios
/// give it is explored by seeded random playthroughs (open agreements multiply the
/// states past an exhaustive search), and what they take counts with the rest.
fn taken_with_histories(
    name: &str,
    source: &Source,
    setup: &Setup,
) -> HashSet<(usize, usize, String)> {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = ["scenarios", "histories"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(here.join(dir)).unwrap())
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            let file = path.file_name().unwrap().to_string_lossy();
            file.starts_with(&format!("{name}--"))
                && (file.ends_with(".history.json")
                    || path.parent().is_some_and(|d| d.ends_with("histories")))
                && file.ends_with(".json")
        });
    let mut taken = HashSet::new();
    for path in files {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let history = CoupleHistory::from_json(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        // The partners are named as in the history: in the order of their first rating
        // (a guide for one person rates nothing: its history is of the default name).
        let mut names: Vec<String> = Vec::new();
        for rating in history.ratings("trust") {
            if !names.contains(&rating.partner) {
                names.push(rating.partner);
            }
        }
        if names.is_empty() {
            names = setup.names.values().cloned().collect();
        }
        let setup = Setup {
            names: setup.names.keys().cloned().zip(names).collect(),
            history: Arc::new(history),
            ..setup.clone()
        };
        let options = Options {
            random: Some(300),
            ..Options::default()
        };
        let x = explore(source.clone(), setup, options).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(x.errors.is_empty(), "{file}: {:#?}", x.errors);
        assert!(x.leaks.is_empty(), "{file}: {:#?}", x.leaks);
        for b in x.branches.iter().filter(|b| b.taken) {
            taken.insert((b.line, b.column, b.kind.clone()));
        }
    }
    taken
}

#[test]
fn every_shipped_guide_reaches_full_coverage_with_no_errors_and_no_dead_ends() {
    let scripts = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts");
    let mut paths: Vec<_> = std::fs::read_dir(&scripts)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rhai"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    for path in paths {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let source = Source::new(
            format!("{name}.rhai"),
            std::fs::read_to_string(&path).unwrap(),
        );
        let guide = Guide::load(source.clone(), Config::default()).unwrap();
        let setup = Setup {
            names: guide
                .declaration()
                .roles
                .keys()
                .zip(["Alex", "Sam", "Robin"])
                .map(|(role, name)| (role.clone(), name.to_string()))
                .collect(),
            seed: 0,
            history: Default::default(),
        };
        // Every shipped guide has a finite number of states (acknowledge-hurt caps its
        // "try once more" rounds), so the search ends by itself.
        let options = Options::default();
        let with_history = taken_with_histories(&name, &source, &setup);
        let x = explore(source, setup, options).unwrap_or_else(|e| panic!("{name}: {e}"));
        let unreached: Vec<&str> = x
            .steps
            .iter()
            .filter(|s| !s.reached)
            .map(|s| s.step.as_str())
            .collect();
        assert!(
            unreached.is_empty(),
            "{name}: steps never reached: {unreached:?}"
        );
        for p in &x.prompts {
            assert_eq!(
                p.tried(),
                p.answers.len(),
                "{name}: not every answer tried at {} #{}: {}",
                p.step,
                p.ordinal + 1,
                p.text
            );
        }
        let never: Vec<_> = x
            .branches
            .iter()
            .filter(|b| !b.taken && !with_history.contains(&(b.line, b.column, b.kind.clone())))
            .collect();
        assert!(never.is_empty(), "{name}: branches never taken: {never:#?}");
        assert!(!x.branches.is_empty(), "{name}: its branches are counted");
        // A guide that reads no history is covered in full by a first session alone.
        assert!(!with_history.is_empty() || x.full_coverage(), "{name}");
        assert!(x.leaks.is_empty(), "{name}: {:#?}", x.leaks);
        assert!(x.errors.is_empty(), "{name}: {:#?}", x.errors);
        assert!(x.stuck.is_empty(), "{name}: {:#?}", x.stuck);
        assert!(x.loops.is_empty(), "{name}: {:#?}", x.loops);
        assert!(
            x.cut.as_ref().is_none_or(|c| c.untried == 0),
            "{name}: {:?}",
            x.cut
        );
        assert!(x.complete(), "{name}: every path is followed to its end");
    }
}
