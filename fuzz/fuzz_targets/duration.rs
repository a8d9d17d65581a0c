//! Lengths of time, written out and in ISO 8601.
#![no_main]

use crosscheck::value::duration::Duration;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Some(d) = Duration::parse(text) {
        // Its ISO 8601 form reads back as the same duration.
        let iso = format!("P{}M{}D", d.months, d.days);
        assert_eq!(Duration::parse(&iso), Some(d), "{text:?} as {iso}");
        let _ = d.to_string();
    }
});
