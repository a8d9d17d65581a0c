//! Money amounts and the numbers inside them.
#![no_main]

use crosscheck::value::Tolerance;
use crosscheck::value::money::{Money, parse_number};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, &str, &str)| {
    let (a, b, tolerance) = input;
    if let Some(n) = parse_number(a) {
        assert!(n.is_finite());
    }
    let (Some(x), Some(y)) = (Money::parse(a), Money::parse(b)) else {
        return;
    };
    assert_eq!(x.currency.len(), 3);
    let tolerance = Tolerance::parse(tolerance).unwrap_or_default();
    // Agreement is symmetric and reflexive.
    assert_eq!(x.agrees(&y, &tolerance), y.agrees(&x, &tolerance));
    if x.amount.is_finite() {
        assert!(x.agrees(&x, &tolerance));
    }
});
