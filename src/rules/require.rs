//! # require
//!
//! **What it checks.** Each subject listed in `subjects`, and each registry entity whose `type`
//! is listed in `types`, has each property in `properties` stated by at least one source.
//!
//! **Why it matters to an editor.** Some facts must be in any story on the case (who granted
//! the pardon, and when); a gap is a question for the reporter before it is a correction.
//!
//! **Example.**
//! ```yaml
//! rules:
//!   - id: pardon-basics
//!     kind: require
//!     subjects: [fujimori-pardon-2017]
//!     properties: [granted_by, date]
//!   - id: people-born
//!     kind: require
//!     types: [person]
//!     properties: [born]
//! ```
//! Finding (`missing`, info): *No source states date of fujimori-pardon-2017.*

use super::{KindInfo, finding};
use crate::check::Context;
use crate::finding::{Code, Evidence, Finding};
use crate::load::yaml::{Fields, Reader};
use crate::model::{Rule, Severity};
use crate::span::Spanned;

pub const INFO: KindInfo = KindInfo {
    name: "require",
    codes: &[Code::Missing],
    default_severity: Severity::Info,
    keys: &["types"],
    source: include_str!("require.rs"),
};

#[derive(Debug, Clone)]
pub struct Params {
    pub types: Vec<Spanned<String>>,
}

impl Params {
    pub fn read(r: &mut Reader, f: &Fields) -> Params {
        if !f.has("properties") {
            r.error(
                f.span,
                crate::error::LoadErrorKind::MissingKey {
                    key: "properties".into(),
                },
                Some("a require rule lists the `properties` each subject must have".into()),
            );
        }
        Params {
            types: f
                .get("types")
                .map(|n| r.string_list(n, "an entity type"))
                .unwrap_or_default(),
        }
    }
}

pub fn check(rule: &Rule, params: &Params, ctx: &Context, out: &mut Vec<Finding>) {
    let Some(properties) = &rule.properties else {
        return;
    };
    // (subject key, where to point) for each required subject.
    let mut subjects: Vec<(String, Option<Evidence>)> = Vec::new();
    for s in rule.subjects.iter().flatten() {
        let key = ctx.names.key(&s.value);
        subjects.push((key, None));
    }
    for e in &ctx.ws.entities {
        if params
            .types
            .iter()
            .any(|t| e.kind.as_deref() == Some(t.value.as_str()))
        {
            subjects.push((e.id.clone(), None));
        }
    }
    subjects.sort_by(|a, b| a.0.cmp(&b.0));
    subjects.dedup_by(|a, b| a.0 == b.0);
    for (subject, _) in subjects {
        for p in properties {
            if ctx.slots.contains_key(&(subject.clone(), p.value.clone())) {
                continue;
            }
            let mut f = finding(
                rule,
                Code::Missing,
                &subject,
                Some(&p.value),
                format!("No source states {} of {subject}", p.value),
            );
            let (span, file) = match ctx.entity(&subject) {
                Some(e) => (e.span, ctx.ws.files.path(e.span.file)),
                None => (rule.span, ctx.ws.files.path(rule.span.file)),
            };
            f.evidence = vec![Evidence {
                source: "registry".into(),
                origin: format!("rule {}", rule.id).into(),
                claim: subject.clone(),
                file: file.into(),
                span,
                value: String::new(),
                resolved: None,
                label: format!("{} is required by rule {}", p.value, rule.id),
            }];
            out.push(f);
        }
    }
}
