//! A project's inputs loaded and its rules read by their kinds: what `check` runs on.
//! [`crate::load`] reads everything but the rules, whose settings only the kinds (in
//! [`crate::rules`]) know how to read; these functions do both, and are what a tool calls.

use std::path::PathBuf;

use crate::load::{self, LoadOptions, Loaded};
use crate::rules::compile::compile;

/// Loads every file under `paths`, rules included.
pub fn load(paths: &[PathBuf], opts: &LoadOptions) -> Loaded {
    let mut loaded = load::load_before_rules(paths, opts);
    compile(&mut loaded);
    loaded
}

/// Loads inputs given as (name, bytes) pairs exactly as [`load`] loads files.
pub fn load_bytes(inputs: &[(&str, &[u8])], opts: &LoadOptions) -> Loaded {
    let mut loaded = load::load_bytes_before_rules(inputs, opts);
    compile(&mut loaded);
    loaded
}
