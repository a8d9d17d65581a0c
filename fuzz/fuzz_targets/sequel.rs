//! Phrases read from another claim's date ("two years later", `relative_to:`), from any date
//! the calendar holds, as a day, a month or a year.
#![no_main]

use chrono::NaiveDate;
use crosscheck::value::DateValue;
use crosscheck::value::date::{Period, Precision};
use crosscheck::value::sequel::resolve;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (i32, u8, &str)| {
    let (days, precision, text) = input;
    let Some(day) = NaiveDate::from_num_days_from_ce_opt(days) else {
        return;
    };
    let precision = [Precision::Day, Precision::Month, Precision::Year][precision as usize % 3];
    let target = DateValue::single(Period::day(day).widen(precision), None);
    if let Ok(d) = resolve(text, &target) {
        assert!(d.candidates().all(|p| p.start <= p.end));
    }
});
