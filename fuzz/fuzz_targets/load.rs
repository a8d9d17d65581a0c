//! The loader on arbitrary bytes: decode, parse, validate, then check what loaded.
//! A NUL byte splits the input into several files, so cross-file checks (duplicate ids,
//! rules naming subjects defined elsewhere) are reached too.
#![no_main]

use crosscheck::load::LoadOptions;
use crosscheck::project::load_bytes;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let names = ["a.yaml", "b.yaml", "c.yaml", "d.yaml"];
    let inputs: Vec<(&str, &[u8])> = names.iter().copied().zip(data.split(|&b| b == 0)).collect();
    let loaded = load_bytes(&inputs, &LoadOptions::default());
    let _ = crosscheck::check::check(&loaded.workspace);
});
