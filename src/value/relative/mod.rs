//! Dates as an article wrote them ("last Wednesday", "Nov. 16", "the fourth quarter", "Christmas
//! Eve six years ago"), resolved against an anchor: the claim's `as_of`, by default the
//! source's publication date. docs/formats.md section 7 lists every form with an example.
//!
//! # Direction
//!
//! - A bare weekday (`Friday`, `Friday night`, `Friday's`) is the most recent one, the anchor
//!   itself when named on that weekday. Five or six days back, the coming one (a day or two
//!   ahead) is kept as a second candidate.
//! - A bare yearly thing (a month-day `Nov. 16`, a month `in April`, a holiday, a season, a
//!   quarter or half) is the occurrence holding the anchor, else the nearer of the last one and
//!   the coming one. The other stays a candidate when it is plausible too: within 183 days of
//!   the anchor, or within 335 days and in the anchor's year.
//! - `next`, `coming`, `upcoming`, `this coming`, `tomorrow`, `later this ...`, `in N days`,
//!   `N years from now` point forward. `next Friday` and `next June`, when the coming one is
//!   still in the anchor's week or year, keep the one after as a second candidate; `this
//!   Monday` past in the anchor's week keeps next week's.
//! - A property with `future: true` reads the bare forms forward ([`Direction::Future`]).
//!
//! # Precision
//!
//! A day; a calendar month or year; otherwise a run of days ([`Precision::Range`]): a week is
//! Monday to Sunday, a weekend Saturday and Sunday, a quarter three months, a season three
//! whole months of the northern hemisphere (spring from March, summer June, autumn September,
//! winter December into the next year), a decade ten years from a year ending in 0, the 20th
//! century 1900 to 1999. `early`/`mid`/`late` are thirds (of a month: days 1-10, 11-20,
//! 21-end; of a year: January-April, May-August, September-December; of a decade 4, 3 and 3
//! years); `the beginning`/`the end` of a year its first or last month, of a month its first or
//! last ten days. `N days/weeks ago` is a day, `N months ago` a month, `N years ago` and `a
//! decade ago` a year; `the past N days` the run up to the anchor.
//!
//! # Refused
//!
//! What the phrase alone cannot place is an error that says what would place it: vague
//! words (`recently`, `in the past`, `soon`, `a few days ago`), numeric dates whose day/month
//! order is ambiguous (`03/04/2021`), fiscal years, hours, and `now` when the anchor is not a
//! day. Anything else that is no form is not understood.
//!
//! # Who does what
//!
//! [`words`] makes tokens and reads numbers, months and weekdays ([text2num] reads numbers in
//! words); [`grammar`] matches the forms word by word; [`calendar`] does the arithmetic on
//! chrono's calendar. Absolute `YYYY`, `YYYY-MM` and `YYYY-MM-DD` are read first by
//! [`Period::parse_absolute`].
//!
//! [`Precision::Range`]: crate::value::date::Precision::Range

mod calendar;
mod grammar;
mod words;

use chrono::{NaiveDate, Weekday};

use crate::value::date::Period;
use grammar::{Ctx, Fail, Out};
pub(crate) use words::{NUMBER_WORDS, month, weekday};

/// Which way a phrase that may point either way is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// As news writes: the rules of the module documentation.
    #[default]
    AsWritten,
    /// For a property with `future: true`: bare weekdays, month-days, months, holidays and
    /// seasons are the coming ones.
    Future,
}

/// What a phrase resolved to, and from which anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolved {
    /// The likelier reading.
    pub period: Period,
    /// A second reading that stays plausible.
    pub alternative: Option<Period>,
    /// Whether the phrase depended on the anchor (false for `2017`, `March 17, 2022`, ...).
    pub relative: bool,
    /// A weekday written beside a date that is not that date's ("Monday, Oct. 26" for a
    /// Thursday).
    pub weekday_mismatch: Option<Weekday>,
    /// One occurrence of a yearly thing, chosen by the anchor.
    recurring: bool,
    /// `now`: placed only by a day.
    needs_day: bool,
}

impl Resolved {
    fn from_out(out: Out) -> Self {
        Self {
            period: out.period,
            alternative: out.alternative,
            relative: out.relative,
            weekday_mismatch: out.weekday_mismatch,
            recurring: out.recurring,
            needs_day: out.needs_day,
        }
    }

    /// Every reading: the likelier first.
    pub fn candidates(&self) -> impl Iterator<Item = Period> + '_ {
        std::iter::once(self.period).chain(self.alternative)
    }
}

/// Why a date phrase could not be resolved.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RelativeDateError {
    /// A day or month that does not exist, e.g. `2023-02-30` or `February 30`.
    #[error("{0}")]
    Invalid(String),
    /// The text is none of the forms understood.
    #[error("`{text}` is not a date crosscheck understands")]
    NotUnderstood { text: String },
    /// The phrase alone cannot place the date; `why` says what would.
    #[error("`{text}` {why}")]
    Refused { text: String, why: String },
    /// The arithmetic leaves the calendar (e.g. `9999999 years ago`).
    #[error("`{text}` reaches outside the calendar from {anchor}")]
    OutOfRange { text: String, anchor: NaiveDate },
    /// The anchor is a month or year and a yearly thing with no year lands in different
    /// years across it.
    #[error(
        "`{text}` falls in different years depending on which day of {anchor} it is read from; \
         give the anchor as a day, or write the year"
    )]
    AnchorTooVague { text: String, anchor: Period },
}

/// One line listing the forms understood, used as the `help` of load errors.
pub const UNDERSTOOD_FORMS: &str = "a date is 2017, 2017-12, 2017-12-24, \"March 17, 2022\", \
\"24 December 2017\", \"March 2022\", \"the 1990s\" or \"Q3 2021\", or is read from the as_of \
date: \"today\", \"yesterday\", \"tomorrow\", \"Friday\", \"last Friday\", \"next Friday\", \
\"Wednesday night\", \"Nov. 16\", \"in March\", \"last June\", \"Christmas Eve\", \
\"Thanksgiving\", \"6 days ago\", \"two weeks ago\", \"in three months\", \"last week\", \
\"this month\", \"next year\", \"earlier this year\", \"late November\", \"the end of March\", \
\"the fourth quarter\", \"this summer\", \"a decade ago\", \"Christmas Eve six years ago\" \
(docs/formats.md section 7)";

/// Resolves `expr` against a day `anchor`.
pub fn resolve(
    expr: &str,
    anchor: NaiveDate,
    dir: Direction,
) -> Result<Resolved, RelativeDateError> {
    let text = expr.trim();
    match Period::parse_absolute(text) {
        Ok(Some(period)) => {
            return Ok(Resolved {
                period,
                alternative: None,
                relative: false,
                weekday_mismatch: None,
                recurring: false,
                needs_day: false,
            });
        }
        Err(why) => return Err(RelativeDateError::Invalid(why)),
        Ok(None) => {}
    }
    // A phrase in a message is cut short: it comes from a pull request and may be megabytes.
    let shown = shorten(text);
    let tokens = words::tokenize(text);
    // `the` is dropped, except where it makes a run of days: `the past week`, `the last year`.
    let words: Vec<&str> = tokens
        .iter()
        .enumerate()
        .filter(|(i, w)| {
            *w != "the"
                || tokens
                    .get(i + 1)
                    .is_some_and(|n| matches!(n.as_str(), "last" | "past" | "next" | "coming"))
        })
        .map(|(_, w)| w.as_str())
        .collect();
    match grammar::read(&words, Ctx { anchor, dir }) {
        Ok(Some(out)) => Ok(Resolved::from_out(out)),
        Ok(None) => Err(RelativeDateError::NotUnderstood { text: shown }),
        Err(Fail::Invalid(why)) => Err(RelativeDateError::Invalid(why)),
        Err(Fail::Refused(why)) => Err(RelativeDateError::Refused { text: shown, why }),
        Err(Fail::OutOfRange) => Err(RelativeDateError::OutOfRange {
            text: shown,
            anchor,
        }),
    }
}

/// At most 60 characters of `text`, then `…`.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((at, _)) => format!("{} …", text[..at].trim_end()),
        None => text.to_string(),
    }
}

/// Resolve against an anchor that is itself a period (a source published "2023-12"): what
/// the phrase means from any of its days.
///
/// When the readings at the anchor's first and last day are the same, that is the reading.
/// Otherwise the phrase is read as the run from the earliest candidate to the latest one
/// ("Tuesday" from 2023-12 is 2023-11-28..2024-01-02), a month or year when the run is
/// exactly one. A yearly thing with no year that lands in different years ("December 10" from
/// 2023-12) means one of two days a year apart, not the year between them: the anchor is too
/// vague. `now` needs a day.
pub fn resolve_in(
    expr: &str,
    anchor: Period,
    dir: Direction,
) -> Result<Resolved, RelativeDateError> {
    let first = resolve(expr, anchor.start, dir)?;
    if anchor.end == anchor.start {
        return Ok(first);
    }
    if first.needs_day {
        return Err(RelativeDateError::Refused {
            text: shorten(expr.trim()),
            why: format!(
                "is the day the source was published, but that is given only as {anchor}: give \
                 `published` (or the claim's `as_of`) as a day, or write the date"
            ),
        });
    }
    let last = resolve(expr, anchor.end, dir)?;
    if first == last {
        return Ok(first);
    }
    if first.recurring || last.recurring {
        return Err(RelativeDateError::AnchorTooVague {
            text: shorten(expr.trim()),
            anchor,
        });
    }
    let hull = first
        .candidates()
        .chain(last.candidates())
        .reduce(Period::hull)
        .unwrap_or(first.period);
    Ok(Resolved {
        period: hull,
        alternative: None,
        weekday_mismatch: first.weekday_mismatch.or(last.weekday_mismatch),
        ..first
    })
}

#[cfg(test)]
mod tests {
    //! The forms themselves are pinned by the phrase table (tests/dates/en.tsv); these tests
    //! hold the errors, period anchors and the properties over any anchor.
    use super::*;
    use crate::value::date::{MONTH_NAMES, Precision};
    use chrono::{Datelike, Days};
    use proptest::prelude::*;
    use proptest::sample::select;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn p(s: &str) -> Period {
        Period::parse_absolute(s).unwrap().unwrap()
    }

    fn read(s: &str, anchor: &str) -> Result<Resolved, RelativeDateError> {
        resolve(s, d(anchor), Direction::AsWritten)
    }

    #[test]
    fn a_bare_holiday_half_a_year_away_keeps_the_nearer_coming_one_as_a_reading() {
        // October 2016: Easter 2016 is 193 days back, Easter 2017 192 days ahead.
        let anchor = NaiveDate::from_ymd_opt(2016, 10, 6).unwrap();
        let r = resolve("Easter", anchor, Direction::AsWritten).unwrap();
        let days: Vec<String> = r.candidates().map(|p| p.start.to_string()).collect();
        assert_eq!(days, ["2016-03-27", "2017-04-16"]);
    }

    #[test]
    fn impossible_days_are_invalid_and_say_why() {
        let invalid = |s: &str| match read(s, "2023-12-06") {
            Err(RelativeDateError::Invalid(why)) => why,
            other => panic!("{s:?}: {other:?}"),
        };
        assert_eq!(invalid("2023-02-30"), "February has no day 30");
        assert_eq!(invalid("2023-13"), "month 13 does not exist");
        assert_eq!(invalid("February 30"), "February has no day 30");
        assert_eq!(invalid("on 31 April"), "April has no day 31");
        assert_eq!(invalid("February 30, 2024"), "February has no day 30");
        assert_eq!(
            invalid("February 29, 2023"),
            "February 29 did not exist in 2023"
        );
        assert_eq!(
            invalid("February 29 last year"),
            "February 29 did not exist in 2022"
        );
        assert_eq!(invalid("March 32"), "March has no day 32");
        assert_eq!(invalid("31/02/2021"), "31/02/2021 is no day");
    }

    #[test]
    fn counting_out_of_the_calendar_is_an_error() {
        for phrase in [
            "9999999 years ago",
            "99999999999 days ago",
            "4000000000 weeks ago",
            "in 9999999 years",
        ] {
            assert_eq!(
                read(phrase, "2023-12-06"),
                Err(RelativeDateError::OutOfRange {
                    text: phrase.to_string(),
                    anchor: d("2023-12-06"),
                }),
            );
        }
    }

    #[test]
    fn text_that_is_no_form_is_not_understood() {
        for text in [
            "",
            "Fri",
            "0 days ago",
            "zero years ago",
            "sixth days ago",
            "days",
            "in Fridays",
            "March 17st",
            "March 202",
            "May. 5",
            "2017 12 24",
            "Friday March",
            "twenty five",
            "banana",
            "1.5",
            "Thanksgiving \u{b82}\u{469}y<$",
            "winter 0000-1",
        ] {
            let err = read(text, "2023-12-06").unwrap_err();
            assert_eq!(
                err,
                RelativeDateError::NotUnderstood {
                    text: text.trim().to_string()
                },
                "{text:?}"
            );
        }
    }

    #[test]
    fn refusals_say_what_would_place_the_date() {
        for (text, says) in [
            ("recently", "write the date"),
            ("in the past", "write the date"),
            ("soon", "write the date"),
            ("a few days ago", "write the date"),
            ("in the coming weeks", "write the date"),
            ("years ago", "write the date"),
            ("03/04/2021", "day/month order"),
            ("3/4", "day/month order"),
            ("fiscal 2023", "fiscal year"),
            ("two hours ago", "time the source was published"),
            ("Labour Day", "different countries"),
        ] {
            match read(text, "2023-12-06") {
                Err(e @ RelativeDateError::Refused { .. }) => {
                    let message = e.to_string();
                    assert!(message.starts_with(&format!("`{text}` ")), "{message}");
                    assert!(message.contains(says), "{text:?}: {message}");
                }
                other => panic!("{text:?}: {other:?}"),
            }
        }
        let now = resolve_in("now", p("2023-12"), Direction::AsWritten).unwrap_err();
        assert!(now.to_string().contains("as a day"), "{now}");
        assert_eq!(read("now", "2023-12-06").unwrap().period, p("2023-12-06"));
    }

    #[test]
    fn the_forms_the_help_names_all_resolve() {
        let quoted = UNDERSTOOD_FORMS.split('"').skip(1).step_by(2);
        let examples: Vec<&str> = ["2017", "2017-12", "2017-12-24"]
            .into_iter()
            .chain(quoted)
            .collect();
        assert!(examples.len() > 25);
        for example in examples {
            assert!(read(example, "2023-12-06").is_ok(), "{example:?}");
        }
        assert!(!UNDERSTOOD_FORMS.contains('\n'));
    }

    fn range(start: &str, end: &str) -> Period {
        Period {
            start: d(start),
            end: d(end),
            precision: Precision::Range,
        }
    }

    #[test]
    fn a_month_or_year_anchor_gives_what_any_of_its_days_gives() {
        let month = p("2023-12");
        let year = p("2023");
        let within = |s: &str, anchor: Period| {
            resolve_in(s, anchor, Direction::AsWritten).map(|r| (r.period, r.alternative))
        };
        for (phrase, anchor, expected) in [
            // Runs from the earliest candidate to the latest.
            ("last Tuesday", month, range("2023-11-28", "2023-12-26")),
            ("Tuesday", month, range("2023-11-28", "2024-01-02")),
            ("today", month, p("2023-12")),
            ("yesterday", month, range("2023-11-30", "2023-12-30")),
            ("3 days ago", month, range("2023-11-28", "2023-12-28")),
            ("this month", month, p("2023-12")),
            ("last month", month, p("2023-11")),
            ("last month", year, range("2022-12-01", "2023-11-30")),
            ("last year", month, p("2022")),
            ("six years ago", year, p("2017")),
            ("Christmas Eve six years ago", month, p("2017-12-24")),
            ("March last year", year, p("2022-03")),
            // The same reading from every day.
            ("Christmas this year", month, p("2023-12-25")),
            ("2017-12-24", year, p("2017-12-24")),
            ("March 2022", year, p("2022-03")),
        ] {
            assert_eq!(
                within(phrase, anchor),
                Ok((expected, None)),
                "{phrase} from {anchor}"
            );
        }
        // The same two candidates from every day.
        assert_eq!(
            within("in April", month),
            Ok((p("2024-04"), Some(p("2023-04"))))
        );
        // A yearly thing with no year that lands in different years: two days a year apart,
        // not the year between them.
        for (phrase, anchor) in [("March 17", year), ("in June", year), ("last June", year)] {
            assert_eq!(
                resolve_in(phrase, anchor, Direction::AsWritten),
                Err(RelativeDateError::AnchorTooVague {
                    text: phrase.to_string(),
                    anchor,
                }),
                "{phrase}"
            );
        }
    }

    fn anchor() -> impl Strategy<Value = NaiveDate> {
        // 1900-01-01 ..= 2099-12-31
        (0u64..73_049).prop_map(|n| d("1900-01-01") + Days::new(n))
    }

    fn count() -> impl Strategy<Value = String> {
        prop_oneof![
            (1u32..120).prop_map(|n| n.to_string()),
            select(
                &[
                    "a",
                    "an",
                    "one",
                    "two",
                    "six",
                    "twelve",
                    "twenty-five",
                    "forty two"
                ][..]
            )
            .prop_map(str::to_string),
        ]
    }

    const WEEKDAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];

    /// Phrases that point back: they never lie after the anchor, unless they hold it.
    fn backward_phrase() -> impl Strategy<Value = String> {
        let units = [
            "day", "days", "week", "weeks", "month", "months", "year", "years",
        ];
        let holidays = [
            "Christmas Eve",
            "Christmas",
            "Thanksgiving",
            "Easter",
            "Halloween",
        ];
        prop_oneof![
            select(
                &[
                    "today",
                    "yesterday",
                    "last night",
                    "the day before yesterday",
                    "last week",
                    "this week",
                    "the week before last",
                    "last weekend",
                    "earlier this week",
                    "earlier this month",
                    "earlier this year",
                    "last month",
                    "this month",
                    "last year",
                    "this year",
                    "the past week",
                    "the past three years",
                    "last quarter",
                    "a decade ago",
                    "last summer",
                    "last winter",
                    "the '90s",
                ][..]
            )
            .prop_map(str::to_string),
            (count(), select(units.to_vec())).prop_map(|(n, u)| format!("{n} {u} ago")),
            (
                select(&["last ", "this past "][..]),
                select(WEEKDAYS.to_vec())
            )
                .prop_map(|(pre, day)| format!("{pre}{day}")),
            select(MONTH_NAMES.to_vec()).prop_map(|m| format!("last {m}")),
            select(holidays.to_vec()).prop_map(|h| format!("last {h}")),
            (select(MONTH_NAMES.to_vec()), 1u32..=28, count())
                .prop_map(|(m, d, n)| format!("{m} {d} {n} years ago")),
        ]
    }

    /// Phrases that point forward: they never lie before the anchor.
    fn forward_phrase() -> impl Strategy<Value = String> {
        let units = [
            "day", "days", "week", "weeks", "month", "months", "year", "years",
        ];
        prop_oneof![
            select(
                &[
                    "tomorrow",
                    "next week",
                    "next month",
                    "next year",
                    "later this year",
                    "the next 10 days"
                ][..]
            )
            .prop_map(str::to_string),
            (count(), select(units.to_vec())).prop_map(|(n, u)| format!("in {n} {u}")),
            (
                select(&["next ", "this coming ", "upcoming "][..]),
                select(WEEKDAYS.to_vec())
            )
                .prop_map(|(pre, day)| format!("{pre}{day}")),
            select(MONTH_NAMES.to_vec()).prop_map(|m| format!("next {m}")),
        ]
    }

    /// A yearly thing with no year: read either way.
    fn bare_phrase() -> impl Strategy<Value = String> {
        prop_oneof![
            (select(MONTH_NAMES.to_vec()), 1u32..=28).prop_map(|(m, d)| format!("{m} {d}")),
            select(MONTH_NAMES.to_vec()).prop_map(str::to_string),
            select(
                &[
                    "Christmas",
                    "Thanksgiving",
                    "the summer",
                    "the fourth quarter",
                    "Q1",
                    "Easter"
                ][..]
            )
            .prop_map(str::to_string),
        ]
    }

    /// Anything: phrases, ones that may fail, absolute dates and noise.
    fn any_phrase() -> impl Strategy<Value = String> {
        prop_oneof![
            2 => backward_phrase(),
            1 => forward_phrase(),
            1 => bare_phrase(),
            1 => (1900i32..2100, 1u32..=13, 1u32..=31)
                .prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
            1 => (select(&MONTH_NAMES[..]), 1u32..=31, 1900i32..2100)
                .prop_map(|(m, d, y)| format!("{m} {d}, {y}")),
            1 => "[a-zA-Z0-9 ,'/.-]{0,24}",
        ]
    }

    proptest! {
        #[test]
        fn a_bare_weekday_keeps_the_most_recent_one_among_its_candidates(
            day in select(WEEKDAYS.to_vec()),
            anchor in anchor(),
        ) {
            let r = resolve(day, anchor, Direction::AsWritten).unwrap();
            let recent = r.period;
            prop_assert!(recent.start <= anchor && anchor - recent.start < chrono::TimeDelta::days(7));
            prop_assert_eq!(recent.start.weekday().to_string(), day[..3].to_string());
            let forward = resolve(day, anchor, Direction::Future).unwrap().period;
            prop_assert!(forward.start >= anchor && forward.start - anchor < chrono::TimeDelta::days(7));
        }

        #[test]
        fn a_phrase_that_does_not_point_forward_never_ends_after_the_anchor_unless_it_holds_it(
            phrase in backward_phrase(),
            anchor in anchor(),
        ) {
            let r = resolve(&phrase, anchor, Direction::AsWritten);
            prop_assert!(r.is_ok(), "{phrase:?} from {anchor}: {r:?}");
            let r = r.unwrap();
            for p in r.candidates() {
                prop_assert!(p.start <= anchor, "{phrase:?} from {anchor}: {r:?}");
                prop_assert!(p.end <= anchor || p.contains(&Period::day(anchor)), "{phrase:?} from {anchor}: {r:?}");
            }
        }

        #[test]
        fn a_phrase_that_points_forward_never_starts_before_the_anchor(
            phrase in forward_phrase(),
            anchor in anchor(),
        ) {
            let r = resolve(&phrase, anchor, Direction::AsWritten);
            prop_assert!(r.is_ok(), "{phrase:?} from {anchor}: {r:?}");
            for p in r.unwrap().candidates() {
                prop_assert!(p.start >= anchor, "{phrase:?} from {anchor}");
            }
        }

        #[test]
        fn a_bare_phrase_keeps_its_nearest_occurrence_among_its_candidates(
            phrase in bare_phrase(),
            anchor in anchor(),
        ) {
            let r = resolve(&phrase, anchor, Direction::AsWritten).unwrap();
            // The coming occurrence (or the one holding the anchor), read forward; and the
            // last one ended before the anchor.
            let coming = resolve(&phrase, anchor, Direction::Future).unwrap();
            prop_assert!(coming.alternative.is_none());
            prop_assert!(coming.period.end >= anchor);
            let last = resolve(&format!("last {phrase}"), anchor, Direction::AsWritten).unwrap();
            prop_assert!(last.alternative.is_none() && last.period.end < anchor);
            let gap = |p: Period| {
                if p.end < anchor { (anchor - p.end).num_days() } else { (p.start - anchor).num_days().max(0) }
            };
            let nearest = if gap(last.period) <= gap(coming.period) { last.period } else { coming.period };
            prop_assert!(
                r.candidates().any(|p| p == nearest),
                "{phrase:?} from {anchor}: {r:?}, the nearest is {nearest}"
            );
            // Every candidate is one of the two.
            prop_assert!(r.candidates().all(|p| p == last.period || p == coming.period));
        }

        #[test]
        fn the_candidates_of_a_phrase_hold_its_single_reading_when_it_has_one(
            phrase in any_phrase(),
            anchor in anchor(),
        ) {
            if let Ok(r) = resolve(&phrase, anchor, Direction::AsWritten) {
                let all: Vec<Period> = r.candidates().collect();
                prop_assert_eq!(all[0], r.period);
                prop_assert_eq!(all.len(), 1 + usize::from(r.alternative.is_some()));
                prop_assert!(r.alternative != Some(r.period));
                for p in all {
                    prop_assert!(p.start <= p.end);
                }
            }
        }

        #[test]
        fn resolving_in_a_day_anchor_is_resolving_at_that_day(
            phrase in any_phrase(),
            anchor in anchor(),
        ) {
            prop_assert_eq!(
                resolve_in(&phrase, Period::day(anchor), Direction::AsWritten),
                resolve(&phrase, anchor, Direction::AsWritten)
            );
        }

        #[test]
        fn resolving_in_a_month_or_year_holds_what_its_first_and_last_days_give(
            phrase in backward_phrase(),
            anchor in anchor(),
            coarse in select(&[Precision::Month, Precision::Year][..]),
        ) {
            let period = Period::day(anchor).widen(coarse);
            if let Ok(hull) = resolve_in(&phrase, period, Direction::AsWritten) {
                for day in [period.start, period.end] {
                    let at_day = resolve(&phrase, day, Direction::AsWritten).unwrap();
                    for p in at_day.candidates() {
                        prop_assert!(hull.candidates().any(|h| h.contains(&p)), "{phrase:?} in {period}");
                    }
                }
            }
        }
    }

    #[test]
    fn easter_is_the_computus_date() {
        for (year, day) in [
            (2019, "2019-04-21"),
            (2024, "2024-03-31"),
            (2025, "2025-04-20"),
            (2038, "2038-04-25"),
            (1818, "1818-03-22"),
        ] {
            let r = resolve(
                &format!("Easter {year}"),
                d("2023-12-06"),
                Direction::AsWritten,
            )
            .unwrap();
            assert_eq!(r.period, p(day));
            assert_eq!(r.period.start.year(), year);
        }
    }
}
