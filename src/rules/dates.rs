//! # dates
//!
//! **What it checks.** No claimed date lies after its source was published: an article cannot
//! report as past an event dated after its own publication. Properties declared with
//! `future: true` (a scheduled hearing, a release date) are exempt. A date counts as after
//! publication only when its whole period is: "2023" is not after 2023-12-06.
//!
//! **Why it matters to an editor.** A date from the future is nearly always a wrong year, a
//! wrong publication date on the source, or a relative date ("on Friday") resolved the wrong
//! way.
//!
//! **Example.**
//! ```yaml
//! rules:
//!   - id: no-future-dates
//!     kind: dates
//! ```
//! Finding (`future-date`, warning): *date of constitutional-ruling-2023-12 is 2024-12-04,
//! after Peoples Dispatch published on 2023-12-06.*

use super::{KindInfo, finding};
use crate::check::Context;
use crate::finding::{Code, Finding};
use crate::model::{Rule, Severity};
use crate::value::Value;

pub const INFO: KindInfo = KindInfo {
    name: "dates",
    codes: &[Code::FutureDate],
    default_severity: Severity::Warning,
    keys: &[],
    source: include_str!("dates.rs"),
};

pub fn check(rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
    for ((subject, property), claims) in ctx.slots_for(rule) {
        if ctx.ws.property(property).is_none_or(|p| p.future) {
            continue;
        }
        for &c in claims {
            let claim = ctx.claim(c);
            let Value::Date(d) = &claim.value else {
                continue;
            };
            let source = ctx.ws.source_of(claim);
            if d.period.start <= source.published.end {
                continue;
            }
            let mut f = finding(
                rule,
                Code::FutureDate,
                subject,
                Some(property),
                format!(
                    "{property} of {subject} is {}, after {} published on {}",
                    d.period, source.outlet, source.published
                ),
            );
            if f.help.is_none() {
                f.help = Some("check the year, the source's `published` date, or mark the property `future: true`".into());
            }
            f.evidence = vec![ctx.evidence(c)];
            out.push(f);
        }
    }
}
