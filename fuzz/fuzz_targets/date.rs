//! Absolute dates, and dates read with or without an anchor.
#![no_main]

use crosscheck::value::date::Period;
use crosscheck::value::{DateReading, parse_date};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(Some(p)) = Period::parse_absolute(text) {
        assert!(p.start <= p.end);
    }
    let anchor = Period::parse_absolute("2023-12").ok().flatten();
    for future in [false, true] {
        let how = DateReading {
            future,
            language: None,
        };
        let _ = parse_date(text, None, how);
        if let Ok(d) = parse_date(text, anchor, how) {
            assert!(d.candidates().all(|p| p.start <= p.end));
        }
    }
});
