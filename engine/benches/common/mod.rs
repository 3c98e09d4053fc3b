//! What the benchmarks and `examples/peak_memory.rs` run: a representative guide, generated
//! guides of any size, the same work as a bare Rhai script, and a stream of answers.
//!
//! Shared with `#[path]` so the guides measured by `cargo bench` and by the example are
//! the same text.

#![allow(dead_code)] // each user takes what it needs

use kintsugi_engine::{Config, Guide, Session, Setup, Source};
use rhai::{Dynamic, Engine, FnPtr, ImmutableString, OptimizationLevel};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::OnceLock;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the benchmarks time with: the wall clock, or with `KINTSUGI_BENCH_CLOCK=cpu` the
/// CPU time of the benchmark's thread, which other work on a busy machine (a build on
/// the other core) does not inflate.
pub fn cpu_clock() -> bool {
    static CPU: OnceLock<bool> = OnceLock::new();
    *CPU.get_or_init(|| std::env::var("KINTSUGI_BENCH_CLOCK").is_ok_and(|v| v == "cpu"))
}

/// A running measurement on the clock [`cpu_clock`] chooses.
pub enum Stopwatch {
    Wall(Instant),
    Cpu(cpu_time::ThreadTime),
}

impl Stopwatch {
    pub fn start() -> Stopwatch {
        if cpu_clock() {
            Stopwatch::Cpu(cpu_time::ThreadTime::now())
        } else {
            Stopwatch::Wall(Instant::now())
        }
    }

    pub fn elapsed(&self) -> Duration {
        match self {
            Stopwatch::Wall(t) => t.elapsed(),
            Stopwatch::Cpu(t) => t.elapsed(),
        }
    }
}

/// A hand-written, representative guide of twelve steps: every kind of prompt, private
/// answers and a reveal, remembered values, branches, an agreement.
pub const TWELVE_STEPS: &str = include_str!("twelve_steps.rhai");

/// Partner names for the roles `a` and `b` of every guide here.
pub fn setup() -> Setup {
    Setup {
        names: [
            ("a".to_string(), "Alex".to_string()),
            ("b".to_string(), "Sam".to_string()),
        ]
        .into_iter()
        .collect(),
        seed: 7,
        history: Default::default(),
    }
}

/// A guide of `n` steps, `s0` to `s{n-1}`. Each step: a remembered counter read and
/// written, a narrator line with interpolation, and a three-way choice (to the partners
/// in turn) whose answer picks the next step: i+1, i+2 or i+3, modulo `n`. The guide
/// never finishes, so any number of answers can be given.
pub fn generated_guide(n: usize) -> String {
    generated(n, false)
}

/// The same guide, but each step remembers a counter of its own, as a long guide that
/// keeps many answers does: after a round, `n` values are remembered.
pub fn generated_remembering(n: usize) -> String {
    generated(n, true)
}

/// The key step `i` keeps its visits under: one shared, or one of its own.
fn visits_key(i: usize, own: bool) -> String {
    if own {
        format!("visits{i}")
    } else {
        "visits".to_string()
    }
}

fn generated(n: usize, own: bool) -> String {
    let mut s = String::with_capacity(n * 420 + 200);
    s.push_str(
        "guide(#{\n    title: \"Generated\",\n    roles: #{ a: \"the first partner\", b: \"the second partner\" },\n    start: \"s0\",\n});\n\n",
    );
    for i in 0..n {
        let who = if i % 2 == 0 { "a" } else { "b" };
        let (n1, n2, n3) = ((i + 1) % n, (i + 2) % n, (i + 3) % n);
        let key = visits_key(i, own);
        writeln!(
            s,
            r#"step("s{i}", || {{
    let visits = recall("{key}", 0) + 1;
    remember("{key}", visits);
    say(`Step {i}, visit ${{visits}}: ${{a}} and ${{b}}, take a breath.`);
    let way = choose({who}, "Where now from {i}?", ["Forward", "Skip", "Leap"]);
    if way == "Forward" {{ next("s{n1}") }} else if way == "Skip" {{ next("s{n2}") }} else {{ next("s{n3}") }}
}});
"#
        )
        .unwrap();
    }
    s
}

pub fn load(text: &str) -> Guide {
    Guide::load(Source::new("bench.rhai", text), Config::default()).expect("the guide loads")
}

/// Names for whatever roles a guide declares (the shipped guides have their own).
pub fn setup_for(guide: &Guide) -> Setup {
    const NAMES: [&str; 4] = ["Alex", "Sam", "Robin", "Kim"];
    Setup {
        names: guide
            .declaration()
            .roles
            .keys()
            .zip(NAMES.iter().cycle())
            .map(|(role, name)| (role.clone(), name.to_string()))
            .collect(),
        seed: 7,
        history: Default::default(),
    }
}

/// Loads a guide and runs it to its first prompt.
pub fn start(text: &str) -> Session {
    let guide = load(text);
    let setup = setup_for(&guide);
    Session::start(guide, setup).expect("the session starts")
}

/// A cheap, deterministic stream of answers "1", "2", "3" (xorshift).
#[derive(Debug, Clone)]
pub struct Answers(u64);

impl Default for Answers {
    fn default() -> Answers {
        Answers(0x9E37_79B9_7F4A_7C15)
    }
}

impl Iterator for Answers {
    type Item = &'static str;
    fn next(&mut self) -> Option<&'static str> {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        Some(["1", "2", "3"][(self.0 % 3) as usize])
    }
}

/// The same options as text, for the baseline and for replay.
pub fn option_of(input: &str) -> &'static str {
    match input {
        "1" => "Forward",
        "2" => "Skip",
        _ => "Leap",
    }
}

/// The baseline: the same dialogue as plain Rhai with no engine around it. One script
/// function per step, the same host calls (`say`, `recall`, `remember`, `choose`)
/// registered as plain functions, each step called through a `FnPtr` looked up by name
/// and returning the name of the next step.
pub struct Bare {
    engine: Engine,
    ast: rhai::AST,
    steps: HashMap<String, FnPtr>,
    // Behind a mutex: Rhai is built with `sync`, so host functions must be Send + Sync.
    state: Arc<Mutex<BareState>>,
    current: String,
    names: (Dynamic, Dynamic),
}

#[derive(Default)]
struct BareState {
    lines: Vec<String>,
    memory: HashMap<String, Dynamic>,
    answer: &'static str,
}

pub fn bare_script(n: usize, own: bool) -> String {
    let mut s = String::with_capacity(n * 400);
    for i in 0..n {
        let who = if i % 2 == 0 { "a" } else { "b" };
        let (n1, n2, n3) = ((i + 1) % n, (i + 2) % n, (i + 3) % n);
        let key = visits_key(i, own);
        writeln!(
            s,
            r#"fn s{i}(a, b) {{
    let visits = recall("{key}", 0) + 1;
    remember("{key}", visits);
    say(`Step {i}, visit ${{visits}}: ${{a}} and ${{b}}, take a breath.`);
    let way = choose({who}, "Where now from {i}?", ["Forward", "Skip", "Leap"]);
    if way == "Forward" {{ "s{n1}" }} else if way == "Skip" {{ "s{n2}" }} else {{ "s{n3}" }}
}}
"#
        )
        .unwrap();
    }
    s
}

impl Bare {
    pub fn new(n: usize) -> Bare {
        Bare::with(n, false)
    }

    /// The baseline for [`generated_remembering`]: a counter of its own per step.
    pub fn remembering(n: usize) -> Bare {
        Bare::with(n, true)
    }

    fn with(n: usize, own: bool) -> Bare {
        let state = Arc::new(Mutex::new(BareState::default()));
        let mut engine = Engine::new();
        // As in the engine: nothing folded at compile time.
        engine.set_optimization_level(OptimizationLevel::None);
        let st = state.clone();
        engine.register_fn("say", move |text: ImmutableString| {
            st.lock().unwrap().lines.push(text.to_string());
        });
        let st = state.clone();
        engine.register_fn("remember", move |key: ImmutableString, value: Dynamic| {
            st.lock().unwrap().memory.insert(key.to_string(), value);
        });
        let st = state.clone();
        engine.register_fn("recall", move |key: ImmutableString, default: Dynamic| {
            st.lock()
                .unwrap()
                .memory
                .get(key.as_str())
                .cloned()
                .unwrap_or(default)
        });
        let st = state.clone();
        engine.register_fn(
            "choose",
            move |_who: ImmutableString, _text: ImmutableString, options: rhai::Array| {
                let answer = st.lock().unwrap().answer;
                assert!(options.iter().any(|o| o.to_string() == answer));
                answer
            },
        );
        let ast = engine
            .compile(bare_script(n, own))
            .expect("the baseline compiles");
        let steps = (0..n)
            .map(|i| {
                let name = format!("s{i}");
                let ptr = FnPtr::new(&name).unwrap();
                (name, ptr)
            })
            .collect();
        Bare {
            engine,
            ast,
            steps,
            state,
            current: "s0".into(),
            names: ("Alex".into(), "Sam".into()),
        }
    }

    /// One step visit with its answer given: what the engine's answer costs at least.
    pub fn answer(&mut self, input: &str) {
        self.state.lock().unwrap().answer = option_of(input);
        let ptr = &self.steps[&self.current];
        let next: ImmutableString = ptr
            .call(&self.engine, &self.ast, self.names.clone())
            .expect("the step runs");
        self.current.clear();
        self.current.push_str(&next);
        let mut st = self.state.lock().unwrap();
        if st.lines.len() > 4096 {
            st.lines.clear();
        }
    }
}
