//! Name folding, near misses and the name index.
#![no_main]

use crosscheck::names::{NameIndex, inline_diff, near_miss};
use crosscheck::value::text::{fold_name, fold_quote, fold_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (Vec<&str>, &str)| {
    let (names, mention) = input;
    let folded = fold_name(mention);
    // Folding is idempotent.
    assert_eq!(fold_name(&folded), folded);
    let _ = fold_text(mention);
    let _ = fold_quote(mention);
    let mut index = NameIndex::new(0.85);
    for (i, name) in names.iter().enumerate().take(64) {
        index.add(name, i);
        if let Some(s) = near_miss(&folded, &fold_name(name), 0.85) {
            assert!((0.0..=1.0).contains(&s));
        }
        let _ = inline_diff(mention, name);
    }
    let _ = index.lookup(mention);
});
