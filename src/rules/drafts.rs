//! # drafts
//!
//! **What it checks.** No claim is left half-written: a claim whose `subject` or `property`
//! is still `TODO` — as `crosscheck extract` leaves the fields it cannot guess — is a draft.
//! Drafts load (so a drafted file can be checked while it is being finished) but no other rule
//! looks at them; this rule reports each one.
//!
//! **Why it matters to an editor.** A draft is a suggestion, not a claim: until someone reads
//! the quote and says whose fact it is and what it states, nothing checks it, and it must not
//! reach the published record unnoticed.
//!
//! **Example.**
//! ```yaml
//! rules:
//!   - id: no-drafts
//!     kind: drafts
//! ```
//! Finding (`draft-claim`, warning): *Claim date-3 (Bloomberg, 2023-12-06) is a draft: its
//! property is still TODO.*

use super::{Kind, NoSettings, Shared, finding, kind_doc};
use crate::analysis::Context;
use crate::finding::join_and;
use crate::finding::{Code, CodeInfo, Evidence, Finding};
use crate::model::{Rule, Severity};
use crate::yaml::{Fields, Reader};

/// The `drafts` rule kind.
pub struct Drafts;

pub const DRAFT_CLAIM: Code = Code(&CodeInfo {
    kind: Drafts::NAME,
    name: "draft-claim",
    meaning: "a claim is still a draft",
});

impl Kind for Drafts {
    type Settings = NoSettings;
    const NAME: &str = "drafts";
    const CODES: &[Code] = &[DRAFT_CLAIM];
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    const DOC: &str = kind_doc!("drafts.rs");

    fn read(_r: &mut Reader, _f: &Fields, _shared: &mut Shared) -> Option<NoSettings> {
        Some(NoSettings {})
    }

    fn check(rule: &Rule, _: &NoSettings, ctx: &Context, out: &mut Vec<Finding>) {
        check(rule, ctx, out)
    }
}

pub fn check(rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
    for draft in &ctx.ws.drafts {
        let source = &ctx.ws.sources[draft.source];
        let fields: Vec<String> = draft.todo.iter().map(|(k, _)| k.to_string()).collect();
        let is = if fields.len() == 1 { "is" } else { "are" };
        let mut f = finding(
            rule,
            DRAFT_CLAIM,
            &draft.subject,
            None,
            format!(
                "Claim {} ({}) is a draft: its {} {is} still TODO",
                draft.id,
                source.label(),
                join_and(fields)
            ),
        );
        f.help.get_or_insert_with(|| {
            "read the quote in the article, fill in the subject and property, or delete the claim"
                .into()
        });
        f.evidence = draft
            .todo
            .iter()
            .map(|(key, span)| {
                let (source, origin) = ctx.source_names(draft.source);
                let label = format!("{origin}: {key} to fill in");
                Evidence {
                    source,
                    origin,
                    claim: draft.id.clone(),
                    file: ctx.file_path(span.file),
                    span: *span,
                    value: draft.written.clone(),
                    resolved: None,
                    date: None,
                    label,
                    standing: crate::finding::Standing::Disputed,
                }
            })
            .collect();
        out.push(f);
    }
}
