//! Name folding, near misses and the name index.
#![no_main]

use crosscheck::names::{Match, NameIndex, inline_diff};
use crosscheck::value::text::{fold_name, fold_quote, fold_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (Vec<&str>, &str)| {
    let (names, mention) = input;
    let folded = fold_name(mention);
    // Folding is idempotent.
    assert_eq!(fold_name(&folded), folded);
    let _ = fold_text(mention);
    let _ = fold_quote(mention);
    let names: Vec<&str> = names.into_iter().take(64).collect();
    let mut index = NameIndex::new(0.85);
    for (i, name) in names.iter().enumerate() {
        index.add(name, i);
        let _ = inline_diff(mention, name);
    }
    // Whatever the lookup says names only what was added.
    match index.lookup(mention) {
        Match::Exact(t) => assert!(t < names.len()),
        Match::Variant { target, name, .. } => {
            assert!(target < names.len() && names.contains(&name.as_str()))
        }
        Match::Ambiguous(targets) => {
            assert!(targets.len() >= 2 && targets.iter().all(|&t| t < names.len()))
        }
        Match::Unknown { closest } => {
            assert!(closest.iter().all(|c| names.contains(&c.as_str())))
        }
    }
});
