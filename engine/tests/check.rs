//! `check`: each code found where it should be (the guides in `tests/check/` list what
//! they expect at their end, as `// expect: CODE LINE:COLUMN`), the shipped guides clean,
//! load errors coded, the catalogue in `docs/checks.md` complete and its examples true,
//! and the outline a flow graph is drawn from.

use kintsugi_engine::check::{Code, Pos, Severity};
use kintsugi_engine::{Config, Diagnostic, ErrorKind, Guide, Source, check};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn workspace(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(dir)
}

fn rhai_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "rhai"))
        .collect();
    files.sort();
    files
}

fn check_text(name: &str, text: &str) -> Vec<Diagnostic> {
    check(&Source::new(name, text), &Config::default())
}

fn found(diagnostics: &[Diagnostic]) -> BTreeSet<(String, usize, usize)> {
    diagnostics
        .iter()
        .map(|d| (d.code.id().to_string(), d.location.line, d.location.column))
        .collect()
}

fn expected(text: &str) -> BTreeSet<(String, usize, usize)> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("// expect:"))
        .map(|e| {
            let (code, at) = e
                .trim()
                .split_once(' ')
                .expect("// expect: CODE LINE:COLUMN");
            let (line, column) = at.trim().split_once(':').expect("LINE:COLUMN");
            (
                code.to_string(),
                line.parse().unwrap(),
                column.parse().unwrap(),
            )
        })
        .collect()
}

#[test]
fn every_code_is_found_where_it_is() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/check");
    let mut codes_seen = BTreeSet::new();
    for path in rhai_files(&dir) {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let diagnostics = check_text(&name, &text);
        for d in &diagnostics {
            assert_eq!(d.location.file, name);
            assert_eq!(d.severity, d.code.severity(), "{d}");
            assert!(d.length >= 1, "{d}");
            assert!(d.help.is_some(), "every check says how to fix it: {d}");
            codes_seen.insert(d.code);
        }
        let shown: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            found(&diagnostics),
            expected(&text),
            "{name}:\n{}",
            shown.join("\n")
        );
    }
    // A program's mistakes (K0040) are TOML, checked by the CLI's tests.
    for code in Code::ALL {
        if !matches!(code, Code::Unreadable | Code::Program) {
            assert!(
                codes_seen.contains(code),
                "no guide in tests/check shows {code}"
            );
        }
    }
}

#[test]
fn every_shipped_guide_checks_clean() {
    let guides = rhai_files(&workspace("scripts"));
    assert!(!guides.is_empty());
    for path in guides {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let diagnostics = check_text(&name, &text);
        let shown: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
        assert!(
            diagnostics.is_empty(),
            "{name} should check clean:\n{}",
            shown.join("\n")
        );
    }
}

/// Each way `Guide::load` fails comes out with its code, which the error carries from
/// where it is raised.
#[test]
fn load_errors_come_out_coded() {
    let cases = [
        (
            "guide(#{ title: \"T\", roles: #{ a: \"x\" }, start: \"s\" }",
            Code::Syntax,
        ),
        ("step(\"s\", || finish());", Code::Declaration),
        (
            "guide(#{ title: \"T\", roles: #{ a: \"x\" }, start: \"s\" });",
            Code::Start,
        ),
        (
            "guide(#{ title: \"T\", roles: #{ a: \"x\" }, start: \"t\" }); step(\"s\", || finish());",
            Code::Start,
        ),
        (
            "guide(#{ roles: #{ a: \"x\" }, start: \"s\" }); step(\"s\", || finish());",
            Code::Title,
        ),
        (
            "guide(#{ title: \"T\", start: \"s\" }); step(\"s\", || finish());",
            Code::Roles,
        ),
        (
            "guide(#{ title: \"T\", roles: #{}, start: \"s\" }); step(\"s\", || finish());",
            Code::Roles,
        ),
        (
            "guide(#{ title: \"T\", roles: #{ both: \"x\" }, start: \"s\" }); step(\"s\", || finish());",
            Code::Roles,
        ),
        (
            "guide(#{ title: \"T\", roles: #{ a: \"x\" } }); step(\"s\", || finish());",
            Code::Start,
        ),
        (
            "guide(#{ title: \"T\", roles: #{ a: \"x\" }, start: \"s\", colour: 1 }); step(\"s\", || finish());",
            Code::Declaration,
        ),
        (
            "guide(#{ title: \"T\", roles: #{ a: \"x\" }, start: \"s\" }); guide(#{ title: \"T\", roles: #{ a: \"x\" }, start: \"s\" }); step(\"s\", || finish());",
            Code::Declaration,
        ),
        (
            "guide(#{ title: \"T\", roles: #{ a: \"x\" }, start: \"s\" }); step(\"s\", || finish()); step(\"s\", || finish());",
            Code::DuplicateStep,
        ),
        (
            "guide(#{ title: \"T\", roles: #{ a: \"x\" }, start: \"s\" }); step(\"s\", || { say(`${b}`); finish() });",
            Code::UnknownName,
        ),
        (
            "guide(#{ title: \"T\", roles: #{ a: \"x\" }, start: \"s\" }); say(\"hi\"); step(\"s\", || finish());",
            Code::OutsideStep,
        ),
        (
            "guide(#{ title: \"T\", roles: #{ a: \"x\" }, start: \"s\" }); throw \"no\"; step(\"s\", || finish());",
            Code::LoadFailed,
        ),
    ];
    for (text, code) in cases {
        let source = Source::new("g.rhai", text);
        let err = match Guide::load(source.clone(), Config::default()) {
            Ok(_) => panic!("{text} should not load"),
            Err(err) => err,
        };
        let diagnostic = Diagnostic::from_load_error(&err, &source);
        assert_eq!(diagnostic.code, code, "{text}: {err}");
        assert!(
            check(&source, &Config::default())
                .iter()
                .any(|d| d.code == code),
            "check reports {code} for {text}"
        );
        if err.kind != ErrorKind::Syntax {
            assert_eq!(diagnostic.location.file, "g.rhai");
        }
    }
}

/// A guide whose declaration is computed: nothing is known until it loads, and loading
/// finds the problem.
#[test]
fn a_computed_declaration_is_checked_by_loading_it() {
    let text = "let decl = #{ roles: #{ a: \"x\" }, start: \"s\" };\nguide(decl);\nstep(\"s\", || finish());\n";
    let diagnostics = check_text("computed.rhai", text);
    assert_eq!(found(&diagnostics), expected("// expect: K0003 2:1"));
    let clean = "let decl = #{ title: \"T\", roles: #{ a: \"x\" }, start: \"s\" };\nguide(decl);\nstep(\"s\", || { ask(a, \"?\"); finish() });\n";
    assert!(check_text("computed.rhai", clean).is_empty());
}

/// Steps with computed names: what cannot be known is not reported.
#[test]
fn computed_step_names_do_not_make_steps_look_unreachable() {
    let text = r#"
guide(#{ title: "T", roles: #{ a: "x" }, start: "s0" });
for i in 0..3 {
    step(`s${i}`, || finish());
}
step("extra", || next("s1"));
"#;
    let diagnostics = check_text("generated.rhai", text);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let typo = text.replace("next(\"s1\")", "next(\"s9\")");
    assert_eq!(
        found(&check_text("generated.rhai", &typo)),
        expected("// expect: K0007 6:23")
    );
}

#[test]
fn the_catalogue_documents_every_code_with_an_example_that_shows_it() {
    let text = std::fs::read_to_string(workspace("docs/checks.md")).unwrap();
    for code in Code::ALL {
        let heading = format!("\n## {code}: ");
        let start = text
            .find(&heading)
            .unwrap_or_else(|| panic!("docs/checks.md has no `## {code}: ...` section"));
        let section = &text[start + 1..];
        let section = &section[..section[1..].find("\n## ").map_or(section.len(), |i| i + 1)];
        let severity = match code.severity() {
            Severity::Error => "**Error.**",
            Severity::Warning => "**Warning.**",
        };
        assert!(
            section.contains(severity),
            "{code}'s section says {severity}"
        );
        assert!(
            section.contains("Fix"),
            "{code}'s section says how to fix it"
        );
        // A file that cannot be read has no example; a program's is TOML, shown by the
        // CLI's tests (cli/tests/it/program.rs).
        if matches!(code, Code::Unreadable | Code::Program) {
            continue;
        }
        let example = section
            .split("```rhai\n")
            .nth(1)
            .and_then(|s| s.split("```").next())
            .unwrap_or_else(|| panic!("{code}'s section has a ```rhai example"));
        let diagnostics = check_text("example.rhai", example);
        assert!(
            diagnostics.iter().any(|d| d.code == *code),
            "the example for {code} shows it; it shows {:?}",
            diagnostics
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn the_outline_of_each_shipped_guide_matches_its_loaded_steps() {
    for path in rhai_files(&workspace("scripts")) {
        let text = std::fs::read_to_string(&path).unwrap();
        let guide = Guide::load(Source::new("shipped.rhai", text), Config::default()).unwrap();
        let outline = guide.outline();
        let names: Vec<&str> = outline.steps.iter().map(|s| s.name.as_str()).collect();
        let loaded = guide.steps();
        assert_eq!(
            names,
            loaded.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>()
        );
        for (step, (_, line)) in outline.steps.iter().zip(&loaded) {
            assert_eq!(step.at.line, *line, "{}", step.name);
            assert_eq!(step.name_at.column, step.at.column + "step(".len());
            assert!(step.open_ends.is_empty(), "{}", step.name);
            assert!(!step.moves.is_empty() || step.can_finish, "{}", step.name);
        }
        let decl = outline.declaration.as_ref().unwrap();
        assert_eq!(decl.start.as_ref().unwrap().0, guide.declaration().start);
        let roles: Vec<&String> = decl
            .roles
            .as_ref()
            .unwrap()
            .iter()
            .map(|(r, _)| r)
            .collect();
        assert_eq!(roles, guide.declaration().roles.keys().collect::<Vec<_>>());
    }
}

#[test]
fn the_outline_lists_steps_moves_conditions_and_finishes() {
    let text = r#"guide(#{ title: "T", roles: #{ hurt: "x", repairing: "y" }, start: "welcome" });

step("welcome", || {
    let ready = choose(both, "Ready?", ["Yes", "Not today"]);
    if ready == "Not today" {
        finish("Another day.");
    }
    next("tell")
});

step("tell", || {
    say("Take your time.");
    let strength = scale(privately(hurt), "How strong?", 0, 10);
    if strength >= 8 {
        next("slow_down");
    } else if (strength < 2) {
        next("tell");
    }
    next("slow_down")
});

step("slow_down", || finish());
"#;
    let guide = Guide::load(Source::new("outline.rhai", text), Config::default()).unwrap();
    let outline = guide.outline();
    let names: Vec<&str> = outline.steps.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["welcome", "tell", "slow_down"]);
    let decl = outline.declaration.as_ref().unwrap();
    assert_eq!(decl.title.as_deref(), Some("T"));
    assert_eq!(
        decl.start,
        Some((
            "welcome".to_string(),
            Pos {
                line: 1,
                column: 68
            }
        ))
    );

    let welcome = outline.step("welcome").unwrap();
    assert_eq!(welcome.at, Pos { line: 3, column: 1 });
    assert_eq!(welcome.name_at, Pos { line: 3, column: 6 });
    assert!(welcome.can_finish);
    assert_eq!(welcome.finishes, [Pos { line: 6, column: 9 }]);
    assert_eq!(welcome.moves.len(), 1);
    assert_eq!(welcome.moves[0].to, "tell");
    assert_eq!(welcome.moves[0].at, Pos { line: 8, column: 5 });
    assert_eq!(
        welcome.moves[0].to_at,
        Pos {
            line: 8,
            column: 10
        }
    );
    assert_eq!(
        welcome.moves[0].when,
        [kintsugi_engine::check::Condition {
            text: "ready == \"Not today\"".into(),
            holds: false
        }]
    );
    assert_eq!(welcome.prompts[0].kind, "choose");
    assert_eq!(welcome.prompts[0].who, "both");
    assert_eq!(
        welcome.prompts[0].options.as_deref(),
        Some(&["Yes".to_string(), "Not today".to_string()][..])
    );

    let tell = outline.step("tell").unwrap();
    let moves: Vec<(&str, Vec<(&str, bool)>)> = tell
        .moves
        .iter()
        .map(|m| {
            (
                m.to.as_str(),
                m.when.iter().map(|c| (c.text.as_str(), c.holds)).collect(),
            )
        })
        .collect();
    assert_eq!(
        moves,
        [
            ("slow_down", vec![("strength >= 8", true)]),
            (
                "tell",
                vec![("strength >= 8", false), ("(strength < 2)", true)]
            ),
            ("slow_down", vec![("strength >= 8", false)]),
        ]
    );
    assert!(!tell.can_finish);
    assert_eq!(
        tell.says,
        [(
            "Take your time.".to_string(),
            Pos {
                line: 12,
                column: 5
            }
        )]
    );
    assert_eq!(tell.prompts[0].who, "privately(hurt)");
    assert_eq!(tell.prompts[0].private, Some(true));
    assert!(outline.step("slow_down").unwrap().can_finish);
}

#[test]
fn moves_and_finishes_in_functions_count_for_the_steps_that_call_them() {
    let text = r#"
guide(#{ title: "T", roles: #{ a: "x" }, start: "s" });
fn onwards(flag) {
    if flag { next("t") }
    finish("Done.")
}
step("s", || onwards(confirm(a, "?")));
step("t", || finish());
"#;
    let source = Source::new("fns.rhai", text);
    assert!(check(&source, &Config::default()).is_empty());
    let guide = Guide::load(source, Config::default()).unwrap();
    let outline = guide.outline();
    let s = outline.step("s").unwrap();
    assert_eq!(s.moves.len(), 1);
    assert_eq!(s.moves[0].via.as_deref(), Some("onwards"));
    assert!(s.can_finish);
    assert_eq!(s.prompts.len(), 1);
}

/// Codes travel with the errors from where they are raised, not from their wording; a
/// guide that catches one still sees a plain text, as before.
#[test]
fn errors_carry_their_codes_and_a_catch_sees_a_text() {
    let load = |text: &str| Guide::load(Source::new("g.rhai", text), Config::default());
    let cases = [
        (
            "guide(#{ roles: #{ a: \"x\" }, start: \"s\" }); step(\"s\", || finish());",
            Code::Title,
        ),
        (
            "guide(#{ title: \"T\", roles: #{ a: \"x\" }, start: \"s\" }); step(\"s\", || { say(`${b}`); finish() });",
            Code::UnknownName,
        ),
        (
            "guide(#{ title: \"T\", roles: #{ a: \"x\" }, start: \"s\" }); say(\"hi\"); step(\"s\", || finish());",
            Code::OutsideStep,
        ),
    ];
    for (text, code) in cases {
        let err = load(text).err().expect("does not load");
        assert_eq!(err.code, Some(code), "{text}: {err}");
    }
    let thrown = load(
        "guide(#{ title: \"T\", roles: #{ a: \"x\" }, start: \"s\" }); throw \"guide( needs title\"; step(\"s\", || finish());",
    )
    .err()
    .expect("does not load");
    assert_eq!(thrown.code, None, "a guide's own words carry no code");

    let caught = r#"
let caught = "";
try { guide(#{ title: 1 }); } catch (e) { caught = `${type_of(e)}: ${e}`; }
guide(#{ title: caught, roles: #{ a: "x" }, start: "s" });
step("s", || finish());
"#;
    let guide = load(caught).unwrap();
    assert_eq!(
        guide.declaration().title,
        "string: guide(#{...}) needs title: \"...\" (a string)"
    );
}

/// An error's cause is its `source`, and its kinds and limits are for matching on.
#[test]
fn an_error_keeps_its_cause_and_says_what_it_ran_past() {
    use kintsugi_engine::{Error, Limit};
    use std::error::Error as _;
    let io = std::io::Error::other("the disk is gone");
    let err = Error::new(ErrorKind::Input, "cannot read the journal").caused_by(io);
    assert_eq!(err.to_string(), "cannot read the journal");
    assert_eq!(err.source().unwrap().to_string(), "the disk is gone");

    let spin = "guide(#{ title: \"T\", roles: #{ a: \"x\" }, start: \"s\" }); let i = 0; loop { i += 1; } step(\"s\", || finish());";
    let err = Guide::load(Source::new("g.rhai", spin), Config::default())
        .err()
        .expect("runs too long");
    assert_eq!(err.kind, ErrorKind::Runaway);
    assert_eq!(err.limit, Some(Limit::Operations));
    assert_eq!(err.code, None);
}

/// Imports are followed as a run follows them: a module that imports itself, two that
/// import each other, a misspelt name and a module that does not parse are each
/// reported at the guide's `import`, with the chain of modules and their places; a
/// module imported by two others (no circle) is fine.
#[test]
fn imports_that_cannot_work_are_reported_with_the_chain_of_modules() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write(
        "selfish.rhai",
        "// me again\nimport \"selfish\" as me;\nfn hi() { 1 }",
    );
    write("a.rhai", "import \"b\" as b;\nfn hi() { 1 }");
    write("b.rhai", "fn hi() { 2 }\n  import \"a\" as a;");
    write("via.rhai", "import \"a\" as a;");
    write("broken.rhai", "fn hi() {\n  let = 1;\n}");
    write("shared.rhai", "fn hi() { 3 }");
    write("left.rhai", "import \"shared\" as s;");
    write(
        "right.rhai",
        "import \"shared\" as s;\nimport \"left\" as l;",
    );
    let cases = [
        (
            "selfish",
            "import \"selfish\": the modules import each other in a circle: selfish.rhai (line 2, column 1) imports selfish.rhai",
        ),
        (
            "a",
            "import \"a\": the modules import each other in a circle: a.rhai (line 1, column 1) imports b.rhai, b.rhai (line 2, column 3) imports a.rhai",
        ),
        (
            "via",
            "import \"via\" (through via.rhai (line 1, column 1) imports a.rhai): the modules import each other in a circle: a.rhai (line 1, column 1) imports b.rhai, b.rhai (line 2, column 3) imports a.rhai",
        ),
        (
            "selfsh",
            "import \"selfsh\": there is no module selfsh.rhai in the guide's folder",
        ),
        (
            "broken",
            "import \"broken\": the module broken.rhai is not valid Rhai: ",
        ),
        ("right", ""),
    ];
    for (module, message) in cases {
        let mut source = Source::new(
            "g.rhai",
            format!(
                "guide(#{{ title: \"T\", roles: #{{ a: \"x\" }}, start: \"one\" }});\n\nstep(\"one\", || {{\n    import \"{module}\" as m;\n    finish(\"Done.\")\n}});\n"
            ),
        );
        source.folder = Some(dir.path().to_path_buf());
        let diagnostics = check(&source, &Config::default());
        let shown: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
        if message.is_empty() {
            assert!(diagnostics.is_empty(), "{module}: {shown:?}");
            continue;
        }
        assert_eq!(
            found(&diagnostics),
            expected("// expect: K0022 4:5"),
            "{module}: {shown:?}"
        );
        assert!(
            diagnostics[0].message.starts_with(message),
            "{module}: {shown:?}"
        );
        assert_eq!(diagnostics[0].location.file, "g.rhai");
    }
}

/// An import written at the top of a guide (as Rhai allows) passed `check`, and every
/// step or function that used it failed when it ran ("module not found"). It is now
/// reported at the import; the same import inside the step that uses it is clean, and
/// so is one at the top that only the top level uses.
#[test]
fn an_import_at_the_top_that_steps_use_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("helpers.rhai"),
        "fn closing(name) { `Thank you, ${name}.` }\nfn title() { \"T\" }",
    )
    .unwrap();
    let check_guide = |text: &str| {
        let mut source = Source::new("g.rhai", text);
        source.folder = Some(dir.path().to_path_buf());
        check(&source, &Config::default())
    };
    let head = "guide(#{ title: \"T\", roles: #{ a: \"x\" }, start: \"s\" });\n";
    for body in [
        "step(\"s\", || finish(h::closing(\"both\")));",
        "fn closing() { h::closing(\"both\") }\nstep(\"s\", || finish(closing()));",
    ] {
        let text = format!("import \"helpers\" as h;\n{head}{body}");
        let diagnostics = check_guide(&text);
        let shown: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            found(&diagnostics),
            expected("// expect: K0022 1:1"),
            "{shown:?}"
        );
        assert!(
            diagnostics[0]
                .message
                .starts_with("import at the top of the guide"),
            "{shown:?}"
        );
        // Loaded and run, the step fails: the check is no false alarm.
        let mut source = Source::new("g.rhai", text.as_str());
        source.folder = Some(dir.path().to_path_buf());
        let guide = Guide::load(source, Config::default()).unwrap();
        let names = [("a".to_string(), "Alex".to_string())]
            .into_iter()
            .collect();
        let session = kintsugi_engine::Session::start(
            guide,
            kintsugi_engine::Setup {
                names,
                seed: 0,
                history: Default::default(),
            },
        )
        .unwrap();
        assert!(
            matches!(session.status(), kintsugi_engine::Status::Failed(_)),
            "{:?}",
            session.status()
        );
    }
    let inside = format!(
        "{head}step(\"s\", || {{\n    import \"helpers\" as h;\n    finish(h::closing(\"both\"))\n}});"
    );
    assert!(check_guide(&inside).is_empty());
    let top_only =
        format!("import \"helpers\" as h;\nlet t = h::title();\n{head}step(\"s\", || finish(t));");
    let shown: Vec<String> = check_guide(&top_only)
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert!(shown.is_empty(), "{shown:?}");
}

/// Calls into a module were not checked (the run failed with "`kintsugi check` suggests
/// the closest name", and check said nothing): a misspelt function, a wrong number of
/// values, and a private function are K0019 at the call, with the closest name; and a
/// module, checked on its own or through the guide that imports it, has its own calls
/// checked (in its own file).
#[test]
fn calls_into_and_inside_modules_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let module =
        "fn shout(w) {\n    w.to_upper() + missing_thing(w)\n}\nprivate fn inner(w) { w }\n";
    std::fs::write(dir.path().join("helper.rhai"), module).unwrap();
    let text = "guide(#{ title: \"T\", roles: #{ hurt: \"x\", other: \"y\" }, start: \"a\" });\nstep(\"a\", || {\n    import \"helper\" as h;\n    let w = ask(hurt, \"A word?\");\n    say(h::shuot(w));\n    say(h::shout(w, 2));\n    say(h::inner(w));\n    say(h::shout(w));\n    finish(\"bye\")\n});\n";
    let mut source = Source::new("g.rhai", text);
    source.folder = Some(dir.path().to_path_buf());
    let diagnostics = check(&source, &Config::default());
    let shown: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        found(&diagnostics),
        expected(
            "// expect: K0019 5:9\n// expect: K0019 6:9\n// expect: K0019 7:9\n// expect: K0019 2:20"
        ),
        "{shown:?}"
    );
    // The guide's own first, then its module's, named with the module's file.
    assert_eq!(diagnostics[3].location.file, "helper.rhai", "{shown:?}");
    assert!(
        diagnostics[3].message.contains("missing_thing"),
        "{shown:?}"
    );
    assert!(
        diagnostics[0]
            .help
            .as_deref()
            .unwrap()
            .starts_with("did you mean `h::shout`?"),
        "{shown:?}"
    );
    assert!(
        diagnostics[1]
            .message
            .contains("given 2 values, but takes 1"),
        "{shown:?}"
    );
    let alone = check_text("helper.rhai", module);
    let shown: Vec<String> = alone.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        found(&alone),
        expected("// expect: K0019 2:20"),
        "{shown:?}"
    );
    assert!(alone[0].message.contains("missing_thing"), "{shown:?}");
}

/// Words that named the wrong thing: an import at a module's top said "the guide", and
/// K0032's help named roles `first`/`second` in a guide whose roles are others.
#[test]
fn messages_name_a_module_a_module_and_use_the_guides_roles() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("texts.rhai"), "fn hi() { \"hi\" }").unwrap();
    let mut module = Source::new(
        "helper.rhai",
        "import \"texts\" as t;\nfn shout(w) { t::hi() + w }\n",
    );
    module.folder = Some(dir.path().to_path_buf());
    let diagnostics = check(&module, &Config::default());
    let shown: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        found(&diagnostics),
        expected("// expect: K0022 1:1"),
        "{shown:?}"
    );
    assert!(
        diagnostics[0]
            .message
            .starts_with("import at the top of the module"),
        "{shown:?}"
    );
    let guide = check_text(
        "g.rhai",
        "guide(#{ title: \"T\", roles: #{ hurt: \"x\", other: \"y\" }, start: \"a\" });\nstep(\"a\", || {\n    let ready = confirm(each, \"Ready?\");\n    if ready { say(\"go\"); }\n    finish(\"bye\")\n});\n",
    );
    let k0032: Vec<&Diagnostic> = guide.iter().filter(|d| d.code.id() == "K0032").collect();
    assert_eq!(k0032.len(), 1, "{guide:?}");
    let help = k0032[0].help.as_deref().unwrap();
    assert!(help.contains("ready.hurt && ready.other"), "{help}");
}

/// A misspelt recall was silent (check ok, the couple read "Together  out of 20."): it is
/// K0035 with the closest key remembered, counting what the guide's modules remember;
/// a computed key remembered anywhere silences it.
#[test]
fn a_recall_of_a_key_nothing_remembers_is_reported_with_the_closest() {
    let head = "guide(#{ title: \"T\", roles: #{ hurt: \"x\", other: \"y\" }, start: \"a\" });\nstep(\"a\", || {\n";
    let text = format!(
        "{head}    remember(\"closeness\", 7);\n    say(`Together ${{recall(\"closenes\")}} out of 20.`);\n    say(`${{recall(\"closeness\")}} ${{recall(\"mood\", 0)}}`);\n    finish(\"bye\")\n}});\n"
    );
    let diagnostics = check_text("g.rhai", &text);
    let shown: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        found(&diagnostics),
        expected("// expect: K0035 4:28\n// expect: K0035 5:42"),
        "{shown:?}"
    );
    assert_eq!(diagnostics[0].severity, Severity::Warning);
    assert!(
        diagnostics[0]
            .help
            .as_deref()
            .unwrap()
            .starts_with("did you mean \"closeness\"?"),
        "{shown:?}"
    );
    // Remembered in a module: found there.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("keep.rhai"),
        "fn keep(v) { remember(\"mood\", v); remember(\"closenes\", v) }",
    )
    .unwrap();
    let with_module = text.replace(
        "step(\"a\", || {\n",
        "step(\"a\", || {\n    import \"keep\" as k;\n    k::keep(1);\n",
    );
    let mut source = Source::new("g.rhai", with_module.as_str());
    source.folder = Some(dir.path().to_path_buf());
    let shown: Vec<String> = check(&source, &Config::default())
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert!(shown.is_empty(), "{shown:?}");
    // A computed key: anything may be remembered.
    let computed = text.replace(
        "remember(\"closeness\", 7)",
        "let key = \"closeness\";\n    remember(key, 7)",
    );
    assert!(check_text("g.rhai", &computed).is_empty());
}

/// "`len` was used on nothing ... Methods such as trim() change their value in place"
/// was said whatever the nothing came from. A passed optional answer and a member a map
/// does not have now say so; a chain after an in-place method keeps its own words.
#[test]
fn a_function_used_on_nothing_says_where_the_nothing_came_from() {
    let fails_with = |body: &str, answers: &[&str]| {
        let text = format!(
            "guide(#{{ title: \"T\", roles: #{{ hurt: \"x\", other: \"y\" }}, start: \"a\" }});\nstep(\"a\", || {{\n{body}\n    finish(\"bye\")\n}});\n"
        );
        let guide = Guide::load(Source::new("g.rhai", text), Config::default()).unwrap();
        let names = [("hurt", "Alex"), ("other", "Sam")]
            .into_iter()
            .map(|(r, n)| (r.to_string(), n.to_string()))
            .collect();
        let mut session = kintsugi_engine::Session::start(
            guide,
            kintsugi_engine::Setup {
                names,
                seed: 0,
                history: Default::default(),
            },
        )
        .unwrap();
        for answer in answers {
            session.answer_input(answer).unwrap();
        }
        match session.status() {
            kintsugi_engine::Status::Failed(error) => error.message.clone(),
            other => panic!("{other:?}"),
        }
    };
    let passed = fails_with(
        "    let x = ask(hurt, \"Anything?\", #{ optional: true });\n    say(`${x.len()}`);",
        &[""],
    );
    assert!(passed.contains("`x` is nothing"), "{passed}");
    assert!(passed.contains("if x == ()"), "{passed}");
    let member = fails_with(
        "    let mood = scale(each, \"Mood?\", 0, 10);\n    say(`${mood.first + 1}`);",
        &["3", "4"],
    );
    assert!(member.contains("`mood` has no member `first`"), "{member}");
    assert!(member.contains("hurt and other"), "{member}");
    let chained = fails_with(
        "    let w = ask(hurt, \"A word?\");\n    say(w.trim().to_lower());",
        &["Hi"],
    );
    assert!(chained.contains("change their value in place"), "{chained}");
}

/// A syntax error speaks the guide language, not Rhai's parser: what is wrong and the
/// fix, at the place of the mistake (a missing `;` at the end of its line, a `{` never
/// closed where it opened). Each case: the text, the place, words the message holds.
#[test]
fn syntax_errors_say_what_is_wrong_where_and_the_fix() {
    let cases: &[(&str, (usize, usize), &str)] = &[
        (
            "say(\"one\")  // first\nsay(\"two\");",
            (1, 11),
            "a `;` is missing at the end of line 1",
        ),
        (
            "step(\"a\", || { say(\"x\") finish() });",
            (1, 24),
            "a `;` is missing before `finish`",
        ),
        (
            "say(“Hi”);",
            (1, 5),
            "curly quotes are not quotes here: type straight quotes \"...\" (word processors change them)",
        ),
        ("say(‘Hi’);", (1, 5), "curly quotes"),
        ("if a { 1 } elif b { 2 }", (1, 12), "write `else if`"),
        ("if a and b { }", (1, 6), "write `&&`"),
        (
            "let private = 1;",
            (1, 5),
            "`private` is a word of the language, choose another name such as `secret`",
        ),
        ("let fn = 1;", (1, 5), "`fn` is a word of the language"),
        ("fn f(let) { 1 }", (1, 6), "`let` is a word of the language"),
        ("let new = 1;", (1, 5), "`new` is a word of the language"),
        (
            "let var = 1;",
            (1, 5),
            "`var` is a word of the language, choose another name",
        ),
        ("var x = 1;", (1, 1), "write `let name = ...`"),
        (
            "say(`x ${a}.`;\nfinish()",
            (1, 14),
            "a `)` is missing before `;`: the `(` of `say(` at line 1, column 4 is never closed",
        ),
        (
            "say(\"a\"\n",
            (1, 8),
            "a `)` is missing at the end of line 1",
        ),
        ("let l = [1, 2;", (1, 14), "a `]` is missing before `;`"),
        ("say(\"a\"));", (1, 9), "one `)` too many"),
        (
            "step(\"a\", || { say(\"a\"); }); }",
            (1, 30),
            "one `}` too many",
        ),
        (
            "step(\"a\", || {\n  if r {\n    say(\"y\");\n\n  finish()\n});",
            (2, 8),
            "the `{` opened on line 2 (`if r {`) is never closed (the `}` on line 6 closes it instead)",
        ),
        (
            "step(\"a\", || {\n  say(\"y\");\n",
            (1, 14),
            "a `}` is missing: the `{` opened on line 1",
        ),
        (
            "say(\"a\" \"b\");",
            (1, 8),
            "a `,` is missing before `\"b\"`",
        ),
        (
            "let m = { a: 1 };",
            (1, 12),
            "the `#` before `{` is missing",
        ),
        ("if a = 1 { }", (1, 6), "to compare, write `==`"),
        (
            "say('hello');",
            (1, 5),
            "write a text in double quotes, \"hello\"",
        ),
        ("\"hello\nsay(1);", (1, 1), "no closing `\"`"),
        ("i++;", (1, 2), "write `i += 1`"),
        (
            "let x = a ? 1 : 2;",
            (1, 11),
            "write `if a { b } else { c }`",
        ),
        ("say(${x});", (1, 5), "only inside a backtick text"),
        ("let x = 1 — 2;", (1, 11), "type `-`"),
        ("break;", (1, 1), "only inside a loop"),
        (
            "step(\"a\", || { fn g() { 1 } });",
            (1, 16),
            "at the top of the file",
        ),
        ("let m = #{ a: 1, a: 2 };", (1, 18), "names `a` twice"),
        ("let x = ;", (1, 9), "a value is missing before this `;`"),
        (
            "let x = l[];",
            (1, 11),
            "a value is missing before this `]`",
        ),
        ("let x = 1 +", (1, 12), "ends in the middle of a statement"),
    ];
    let rhai_words = [
        "Expecting",
        "Unexpected",
        "Rhai",
        "terminate",
        "literal",
        "ImmutableString",
        "&str",
        "i64",
    ];
    let mut wrong = Vec::new();
    for (text, (line, column), words) in cases {
        let diagnostics = check_text("g.rhai", text);
        let Some(d) = diagnostics.iter().find(|d| d.code == Code::Syntax) else {
            wrong.push(format!("{text:?}: no syntax error in {diagnostics:?}"));
            continue;
        };
        let place = (d.location.line, d.location.column);
        if place != (*line, *column)
            || !d.message.contains(words)
            || rhai_words.iter().any(|w| d.message.contains(w))
        {
            wrong.push(format!(
                "{text:?}: {}:{}: {}\n   expected {line}:{column} with {words:?}",
                d.location.line, d.location.column, d.message
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// K0031's help for a yes/no or a number names the answer as the guide does: it said
/// `if ready` whatever the variable was called.
#[test]
fn a_never_equal_help_names_the_guides_variable() {
    let diagnostics = check_text(
        "g.rhai",
        "guide(#{ title: \"T\", roles: #{ a: \"x\", b: \"y\" }, start: \"s\" });\nstep(\"s\", || {\n    let going = confirm(both, \"Go?\");\n    if going == \"yes\" { say(\"go\"); }\n    let upset = scale(both, \"How upset?\", 0, 10);\n    if upset == \"high\" { say(\"so\"); }\n    finish(\"bye\")\n});\n",
    );
    let helps: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.code == Code::NeverEqual)
        .map(|d| d.help.clone().unwrap_or_default())
        .collect();
    assert_eq!(helps.len(), 2, "{diagnostics:?}");
    assert!(
        helps[0].contains("`if going { ... }`, or `if !going { ... }`"),
        "{helps:?}"
    );
    assert!(helps[1].contains("`if upset >= 8 { ... }`"), "{helps:?}");
}
