//! Absolute dates, and dates read with or without an anchor.
#![no_main]

use crosscheck::value::date::Period;
use crosscheck::value::parse_date;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(Some(p)) = Period::parse_absolute(text) {
        assert!(p.start <= p.end);
    }
    let _ = parse_date(text, None);
    let anchor = Period::parse_absolute("2023-12").ok().flatten();
    if let Ok(d) = parse_date(text, anchor) {
        assert!(d.period.start <= d.period.end);
    }
});
