//! Property tests of the value parsers on any input: none panics, and each keeps its
//! invariants. The fuzz targets in `fuzz/` run the same parsers far longer; relative dates
//! have their own property tests beside their grammar in `src/value/relative.rs`.

use chrono::{Datelike, NaiveDate};
use crosscheck::names::{Match, NameIndex};
use crosscheck::value::Tolerance;
use crosscheck::value::date::{Period, Precision};
use crosscheck::value::duration::Duration;
use crosscheck::value::money::{Money, parse_number};
use crosscheck::value::relative::{Direction, resolve, resolve_in};
use crosscheck::value::text::{fold_name, fold_quote, fold_text};
use crosscheck::value::{DateReading, parse_date};
use proptest::prelude::*;

/// Any day chrono can hold, the calendar's edges included.
fn any_day() -> impl Strategy<Value = NaiveDate> {
    (NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce())
        .prop_map(|d| NaiveDate::from_num_days_from_ce_opt(d).expect("in range"))
}

/// Words the parsers know, mixed with anything.
fn wordy() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "ago",
        "last",
        "this",
        "next",
        "year",
        "years",
        "month",
        "day",
        "week",
        "weeks",
        "on",
        "in",
        "the",
        "before",
        "yesterday",
        "today",
        "Friday",
        "March",
        "17",
        "next",
        "early",
        "mid-",
        "quarter",
        "q3",
        "1990s",
        "'80s",
        "summer",
        "of",
        "end",
        "03/04/2021",
        "/",
        "nineteen",
        "ninety-one",
        "Thanksgiving",
        "Easter",
        "Christmas",
        "Eve",
        "six",
        "million",
        "USD",
        "$",
        "€",
        "bn",
        "P",
        "Y",
        "M",
        "D",
        "-",
        ",",
        "9999999999",
        "99999999999999999999",
        "0",
        "2023",
        "02",
        "30",
        "e308",
        ".",
        "1e400",
    ]);
    prop::collection::vec(prop_oneof![words.prop_map(String::from), "\\PC{0,6}"], 0..8)
        .prop_map(|w| w.join(" "))
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![wordy(), any::<String>()]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn absolute_dates_parse_any_text_into_an_ordered_period_or_an_error(s in text()) {
        if let Ok(Some(p)) = Period::parse_absolute(&s) {
            prop_assert!(p.start <= p.end);
        }
    }

    #[test]
    fn every_calendar_day_reads_back_and_impossible_days_are_errors(
        year in 0i32..=9999, month in 1u32..=12, day in 1u32..=31,
    ) {
        let text = format!("{year:04}-{month:02}-{day:02}");
        match NaiveDate::from_ymd_opt(year, month, day) {
            Some(d) => prop_assert_eq!(Period::parse_absolute(&text), Ok(Some(Period::day(d)))),
            None => prop_assert!(Period::parse_absolute(&text).is_err(), "{text}"),
        }
        let month_period = Period::parse_absolute(&format!("{year:04}-{month:02}"));
        let month_period = month_period.ok().flatten().expect("a month");
        prop_assert_eq!(month_period.start.day(), 1);
        prop_assert!(month_period.widen(Precision::Year).contains(&month_period));
    }

    #[test]
    fn dates_with_any_anchor_never_panic_and_stay_ordered(s in text(), anchor in any_day()) {
        for future in [false, true] {
            let how = DateReading { future, language: None };
            let _ = parse_date(&s, None, how);
            if let Ok(d) = parse_date(&s, Some(Period::day(anchor)), how) {
                for p in d.candidates() {
                    prop_assert!(p.start <= p.end);
                }
            }
        }
    }

    #[test]
    fn relative_dates_at_the_calendar_edges_never_panic(
        s in wordy(), anchor in any_day(), coarse in 0usize..3,
    ) {
        for dir in [Direction::AsWritten, Direction::Future] {
            if let Ok(r) = resolve(&s, anchor, dir) {
                prop_assert!(r.period.start <= r.period.end);
            }
            let precision = [Precision::Day, Precision::Month, Precision::Year][coarse];
            let _ = resolve_in(&s, Period::day(anchor).widen(precision), dir);
        }
    }

    #[test]
    fn durations_parse_any_text_and_read_back_from_iso(s in text()) {
        if let Some(d) = Duration::parse(&s) {
            let iso = format!("P{}M{}D", d.months, d.days);
            prop_assert_eq!(Duration::parse(&iso), Some(d));
        }
    }

    #[test]
    fn durations_in_words_and_in_iso_agree(n in 0u64..1_000_000) {
        prop_assert_eq!(Duration::parse(&format!("{n} years")), Duration::parse(&format!("P{n}Y")));
        prop_assert_eq!(Duration::parse(&format!("{n} weeks")), Duration::parse(&format!("P{}D", n * 7)));
    }

    #[test]
    fn money_parses_any_text_into_a_finite_amount_with_a_currency_code(s in text()) {
        if let Some(m) = Money::parse(&s) {
            prop_assert!(m.amount.is_finite() || m.amount.is_infinite(), "not NaN: {m}");
            prop_assert_eq!(m.currency.len(), 3);
        }
        if let Some(n) = parse_number(&s) {
            prop_assert!(n.is_finite());
        }
    }

    #[test]
    fn money_written_three_ways_is_one_amount(whole in 0u64..1_000_000, tenth in 0u64..10) {
        let a = Money::parse(&format!("{whole}.{tenth} million USD"));
        let b = Money::parse(&format!("${whole}.{tenth} million"));
        prop_assert!(a.is_some());
        prop_assert_eq!(&a, &b);
        let a = a.expect("money");
        prop_assert!(a.agrees(&b.expect("money"), &Tolerance::Exact));
    }

    #[test]
    fn money_agreement_is_symmetric(a in text(), b in text(), pct in 0.0f64..50.0) {
        if let (Some(x), Some(y)) = (Money::parse(&a), Money::parse(&b)) {
            let t = Tolerance::Relative(pct / 100.0);
            prop_assert_eq!(x.agrees(&y, &t), y.agrees(&x, &t));
        }
    }

    #[test]
    fn folding_is_idempotent(s in text()) {
        let name = fold_name(&s);
        prop_assert_eq!(fold_name(&name), name.clone());
        let t = fold_text(&s);
        prop_assert_eq!(fold_text(&t), t);
        let q = fold_quote(&s);
        prop_assert_eq!(fold_quote(&q), q);
    }

    #[test]
    fn near_misses_are_symmetric(a in text(), b in text()) {
        let matches = |name: &str, mention: &str| {
            let mut index = NameIndex::new(0.85);
            index.add(name, 0u8);
            !matches!(index.lookup(mention), Match::Unknown { .. })
        };
        prop_assert_eq!(matches(&a, &b), matches(&b, &a));
    }

    #[test]
    fn a_name_in_the_index_is_found_exactly(names in prop::collection::vec(text(), 1..8), pick in any::<prop::sample::Index>()) {
        let mut index = NameIndex::new(0.85);
        for (i, n) in names.iter().enumerate() {
            index.add(n, i);
        }
        let i = pick.index(names.len());
        if !fold_name(&names[i]).is_empty() {
            let found = index.lookup(&names[i]);
            let hit = match &found {
                Match::Exact(t) => *t == i,
                Match::Ambiguous(ts) => ts.contains(&i),
                _ => false,
            };
            prop_assert!(hit, "{:?} gave {found:?}", names[i]);
        }
    }
}
