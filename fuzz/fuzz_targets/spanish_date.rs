//! Spanish date phrases: the translation into English never panics, in any country, and what it
//! gives resolves (or is refused) like any English phrase.
#![no_main]

use chrono::NaiveDate;
use crosscheck::language::Language;
use crosscheck::value::relative::{Direction, resolve};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (i32, &str)| {
    let (days, text) = input;
    let Some(anchor) = NaiveDate::from_num_days_from_ce_opt(days) else {
        return;
    };
    for tag in ["es", "es-PE", "es-ES"] {
        let Ok(language) = Language::parse(tag) else {
            return;
        };
        let english = language.date_phrase(text);
        let _ = language.readable(text);
        if let Ok(r) = resolve(&english, anchor, Direction::AsWritten) {
            assert!(r.candidates().all(|p| p.start <= p.end));
        }
    }
});
