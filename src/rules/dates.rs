//! # dates
//!
//! **What it checks.** No claimed date lies after its source was published: an article cannot
//! report as past an event dated after its own publication. Properties declared with
//! `future: true` (a scheduled hearing, a release date) are exempt. A date counts as after
//! publication only when its whole period is: "2023" is not after 2023-12-06. A date with two
//! readings ("Nov. 16" read in December: 2023-11-16 or 2022-11-16) is after publication only
//! when both readings are.
//!
//! It also checks that a weekday written beside a date is that date's ("Monday, Oct. 26" when
//! Oct. 26 was a Thursday): the date is kept as written and the slip is a `weekday-mismatch`,
//! whatever the property's `future`. A date with two readings is reported only when neither
//! reading falls on the weekday written.
//!
//! **Why it matters to an editor.** A date from the future is nearly always a wrong year, a
//! wrong publication date on the source, or a relative date ("on Friday") resolved the wrong
//! way. A weekday that does not match its date means one of the two is wrong, and a reader
//! cannot tell which.
//!
//! **Example.**
//! ```yaml
//! rules:
//!   - id: no-future-dates
//!     kind: dates
//! ```
//! Finding (`future-date`, warning): *date of constitutional-ruling-2023-12 is 2024-12-04,
//! after Peoples Dispatch published on 2023-12-06.*
//!
//! Finding (`weekday-mismatch`, warning): *date of court-hearing-2023-10 is written "Monday,
//! Oct. 26", but 2023-10-26 was a Thursday, not a Monday.*

use chrono::{Datelike, Weekday};

use super::{Kind, NoSettings, Shared, finding, kind_doc};
use crate::analysis::Context;
use crate::finding::{Code, CodeInfo, Finding};
use crate::model::{ClaimIdx, Rule, Severity};
use crate::value::date::Precision;
use crate::value::{DateValue, Value};
use crate::yaml::{Fields, Reader};

/// The `dates` rule kind.
pub struct Dates;

pub const FUTURE_DATE: Code = Code(&CodeInfo {
    kind: Dates::NAME,
    name: "future-date",
    meaning: "a date lies after its source was published",
});

pub const WEEKDAY_MISMATCH: Code = Code(&CodeInfo {
    kind: Dates::NAME,
    name: "weekday-mismatch",
    meaning: "a weekday written beside a date is not that date's",
});

impl Kind for Dates {
    type Settings = NoSettings;
    const NAME: &str = "dates";
    const CODES: &[Code] = &[FUTURE_DATE, WEEKDAY_MISMATCH];
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    const DOC: &str = kind_doc!("dates.rs");

    fn read(_r: &mut Reader, _f: &Fields, _shared: &mut Shared) -> Option<NoSettings> {
        Some(NoSettings {})
    }

    fn check(rule: &Rule, _: &NoSettings, ctx: &Context, out: &mut Vec<Finding>) {
        check(rule, ctx, out)
    }
}

pub fn check(rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
    for ((subject, property), claims) in ctx.slots_for(rule) {
        let Some(prop) = ctx.ws.property(property) else {
            continue;
        };
        for &c in claims {
            let Value::Date(d) = &ctx.claim(c).value else {
                continue;
            };
            let slot = (subject.as_str(), property.as_str());
            if !prop.future {
                future_date(rule, ctx, slot, c, d, out);
            }
            weekday_mismatch(rule, ctx, slot, c, d, out);
        }
    }
}

/// A `future-date` when every reading starts after the source's publication.
fn future_date(
    rule: &Rule,
    ctx: &Context,
    (subject, property): (&str, &str),
    c: ClaimIdx,
    d: &DateValue,
    out: &mut Vec<Finding>,
) {
    let source = ctx.ws.source_of(ctx.claim(c));
    if d.hull().start <= source.published.end {
        return;
    }
    let mut f = finding(
        rule,
        FUTURE_DATE,
        subject,
        Some(property),
        format!(
            "{property} of {subject} is {d}, after {} published on {}",
            source.outlet, source.published
        ),
    );
    if f.help.is_none() {
        f.help = Some(
            "check the year, the source's `published` date, or mark the property `future: true`"
                .into(),
        );
    }
    f.evidence = vec![ctx.evidence(c)];
    out.push(f);
}

/// A `weekday-mismatch` when the weekday written beside the date is no reading's weekday.
fn weekday_mismatch(
    rule: &Rule,
    ctx: &Context,
    (subject, property): (&str, &str),
    c: ClaimIdx,
    d: &DateValue,
    out: &mut Vec<Finding>,
) {
    let Some(written) = d.weekday_mismatch else {
        return;
    };
    let on_that_day = |p: &crate::value::date::Period| {
        p.precision == Precision::Day && p.start.weekday() == written
    };
    if d.period.precision != Precision::Day || d.candidates().any(|p| on_that_day(&p)) {
        return;
    }
    let claim = ctx.claim(c);
    let mut f = finding(
        rule,
        WEEKDAY_MISMATCH,
        subject,
        Some(property),
        format!(
            "{property} of {subject} is written \"{}\", but {} was a {}, not a {}",
            claim.written,
            d.period,
            day_name(d.period.start.weekday()),
            day_name(written)
        ),
    );
    if f.help.is_none() {
        f.help = Some(
            "check the article: the weekday or the date is wrong; the date is read as written"
                .into(),
        );
    }
    f.evidence = vec![ctx.evidence(c)];
    out.push(f);
}

fn day_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

#[cfg(test)]
mod tests {
    use chrono::Weekday;

    use crate::model::Workspace;
    use crate::testing::{findings, load, second_reading};
    use crate::value::Value;

    /// One source published on 2023-12-06 stating `date` of x; `future` marks the property.
    fn stated(value: &str, future: bool) -> Workspace {
        load(&[
            (
                "properties.yaml",
                &format!("properties:\n  date: {{type: date, future: {future}}}\n"),
            ),
            (
                "rules.yaml",
                "rules:\n  - {id: no-future-dates, kind: dates}\n",
            ),
            (
                "a.yaml",
                &format!(
                    "source:\n  outlet: A\n  published: 2023-12-06\nclaims:\n  - id: c\n    subject: x\n    property: date\n    value: \"{value}\"\n"
                ),
            ),
        ])
    }

    /// Marks the claim's date as written beside `weekday`.
    fn written_beside(ws: &mut Workspace, weekday: Weekday, written: &str) {
        for claim in &mut ws.claims {
            if let Value::Date(d) = &mut claim.value {
                d.weekday_mismatch = Some(weekday);
            }
            claim.written = written.into();
        }
    }

    #[test]
    fn a_date_after_publication_under_one_reading_only_is_not_future() {
        let mut ws = stated("2024-11-16", false);
        second_reading(&mut ws, "c", "2023-11-16");
        assert!(findings(&ws).is_empty(), "{:?}", findings(&ws));
    }

    #[test]
    fn a_date_after_publication_under_both_readings_is_future_and_shows_both() {
        let mut ws = stated("2024-11-16", false);
        second_reading(&mut ws, "c", "2025-11-16");
        assert_eq!(
            findings(&ws),
            [
                "future-date: date of x is 2024-11-16 (or 2025-11-16), after A published on 2023-12-06"
            ]
        );
    }

    #[test]
    fn a_weekday_that_is_not_the_dates_is_a_weekday_mismatch_even_for_future_dates() {
        for future in [false, true] {
            let mut ws = stated("2023-10-26", future);
            written_beside(&mut ws, Weekday::Mon, "Monday, Oct. 26");
            assert_eq!(
                findings(&ws),
                [
                    "weekday-mismatch: date of x is written \"Monday, Oct. 26\", but 2023-10-26 was a Thursday, not a Monday"
                ]
            );
        }
    }

    #[test]
    fn a_weekday_that_fits_the_other_reading_is_not_a_mismatch() {
        // 2022-10-26 was a Wednesday.
        let mut ws = stated("2023-10-26", false);
        second_reading(&mut ws, "c", "2022-10-26");
        written_beside(&mut ws, Weekday::Wed, "Wednesday, Oct. 26");
        assert!(findings(&ws).is_empty(), "{:?}", findings(&ws));
    }
}
