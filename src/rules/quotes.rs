//! # quotes
//!
//! **What it checks.** Every claim carries a `quote`: the source's own words that state it.
//!
//! **Why it matters to an editor.** A claim without its quote cannot be checked against the
//! article, and the next editor has to find the sentence again.
//!
//! **Example.**
//! ```yaml
//! rules:
//!   - id: quoted
//!     kind: quotes
//!     severity: warning
//! ```
//! Finding (`quote-missing`, warning): *Claim age of alberto-fujimori (Bloomberg,
//! 2023-12-06) has no quote.*

use super::{KindInfo, finding};
use crate::check::Context;
use crate::finding::{Code, Finding};
use crate::model::{Rule, Severity};

pub const INFO: KindInfo = KindInfo {
    name: "quotes",
    codes: &[Code::QuoteMissing],
    default_severity: Severity::Warning,
    keys: &[],
    source: include_str!("quotes.rs"),
};

pub fn check(rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
    for ((subject, property), claims) in ctx.slots_for(rule) {
        for &c in claims {
            let claim = ctx.claim(c);
            if claim
                .quote
                .as_ref()
                .is_some_and(|q| !q.value.trim().is_empty())
            {
                continue;
            }
            let source = ctx.ws.source_of(claim);
            let mut f = finding(
                rule,
                Code::QuoteMissing,
                subject,
                Some(property),
                format!("Claim {} ({}) has no quote", claim.id, source.label()),
            );
            if f.help.is_none() {
                f.help =
                    Some("add `quote:` with the article's own words that state the value".into());
            }
            f.evidence = vec![ctx.evidence(c)];
            out.push(f);
        }
    }
}
