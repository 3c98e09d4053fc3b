//! End-to-end scenario tests live in `tests/`; this crate has no library code.
