//! The real `kintsugi` binary, REPL included, driven through standard input: one test
//! binary for the crate, one module per area.

/// Snapshots a command's output. What changes from run to run (session ids, times,
/// temporary folders) is replaced by a placeholder.
macro_rules! snapshot {
    ($($arg:tt)*) => {
        insta::with_settings!({ filters => vec![
            (r"\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-[a-z0-9-]+", "[session]"),
            (r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", "[time]"),
            (r"Time: [0-9.]+ s, [0-9.,]+ paths per second\.", "Time: [time]"),
            (r"(/private)?/tmp/\.tmp[A-Za-z0-9]+", "[tmp]"),
            // When a break ends, on the clock of the machine running the test (the next
            // day's, when the test runs just before midnight).
            (r"It ends (tomorrow )?at \d{2}:\d{2}", "It ends at [clock]"),
            (r"Started \w+ \d+ \w+ \d{4}, \d{2}:\d{2}\.", "Started [date]."),
        ]}, { insta_cmd::assert_cmd_snapshot!($($arg)*) })
    };
}

mod authoring;
mod breaks;
mod browser;
mod check;
mod common;
mod cover;
mod crash;
mod ctrlc;
mod devices;
mod escapes;
mod formats;
mod handover;
mod hold;
// `ulimit -v` caps the address space on Linux only.
#[cfg(target_os = "linux")]
mod hostile;
mod journals;
mod journey;
mod layers;
mod leaks;
mod modules;
mod offers;
mod pipe;
mod privacy;
mod program;
mod safety;
mod screen;
mod session;
mod tls;
mod typeahead;
