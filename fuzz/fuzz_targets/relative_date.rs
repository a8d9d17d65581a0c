//! Relative date phrases against any anchor the calendar holds, as a day and as a period.
#![no_main]

use chrono::NaiveDate;
use crosscheck::value::date::{Period, Precision};
use crosscheck::value::relative::{Direction, resolve, resolve_in};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (i32, u8, &str)| {
    let (days, precision, text) = input;
    let Some(anchor) = NaiveDate::from_num_days_from_ce_opt(days) else {
        return;
    };
    let precision = [Precision::Day, Precision::Month, Precision::Year][precision as usize % 3];
    let period = Period::day(anchor).widen(precision);
    for dir in [Direction::AsWritten, Direction::Future] {
        if let Ok(r) = resolve(text, anchor, dir) {
            assert!(r.candidates().all(|p| p.start <= p.end));
        }
        if let Ok(r) = resolve_in(text, period, dir) {
            assert!(r.candidates().all(|p| p.start <= p.end));
        }
    }
});
