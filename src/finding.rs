//! Findings are data: what a check found, with every claim involved. Renderers turn them
//! into text, JSON and the other formats.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::model::Severity;
use crate::span::Span;
use crate::value::DateValue;

/// What a finding code is, declared by the rule kind that emits it, in the kind's own file.
#[derive(Debug, PartialEq, Eq)]
pub struct CodeInfo {
    /// The name of the kind that emits it.
    pub kind: &'static str,
    /// The code as users write it: `conflict`, `name-variant`. Codes are public: never reuse
    /// or rename one.
    pub name: &'static str,
    /// What a finding of this code tells an editor, in one line.
    pub meaning: &'static str,
}

/// A finding code: a handle on its [`CodeInfo`]. `rules::code` finds one by name.
#[derive(Clone, Copy)]
pub struct Code(pub &'static CodeInfo);

impl Code {
    pub fn as_str(self) -> &'static str {
        self.0.name
    }

    pub fn kind(self) -> &'static str {
        self.0.kind
    }

    pub fn meaning(self) -> &'static str {
        self.0.meaning
    }
}

// Names are unique among codes (a test in `rules` holds it), so a code is its name.
impl PartialEq for Code {
    fn eq(&self, other: &Code) -> bool {
        self.0.name == other.0.name
    }
}

impl Eq for Code {}

impl std::hash::Hash for Code {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.name.hash(state);
    }
}

impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.name)
    }
}

/// Where a claim stands in the finding that names it, as far as its rule can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Standing {
    /// Questioned with the others: the rule cannot tell which side is wrong (an even split,
    /// an article that contradicts itself) or does not judge.
    #[default]
    Disputed,
    /// On the losing side: the minority, the value off the registry's, the variant spelling.
    Wrong,
    /// On the side the finding holds with: the majority, the registry's reference.
    Upheld,
}

/// One claim (or registry fact) a finding rests on, located in its file. A large check holds
/// hundreds of thousands: what is the same for every claim of a source is shared, not copied.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// The source id, or `registry` for a registry fact.
    pub source: Arc<str>,
    /// Who says it: "Bloomberg, 2023-12-06", or the registry's reference.
    pub origin: Arc<str>,
    /// The claim id, or the fact's `entity.property`.
    pub claim: String,
    pub file: Arc<str>,
    pub span: Span,
    /// The value as written.
    pub value: String,
    /// What it was read as, where that adds something (a resolved relative date).
    pub resolved: Option<String>,
    /// The date a relative date value was read as, with its second reading if it has one.
    pub date: Option<DateValue>,
    /// The label shown at the span: the outlet and date, and what the claim says.
    pub label: String,
    /// Whether the finding holds this claim wrong; set by the rule, drawn by the reports.
    pub standing: Standing,
}

/// A conflict, gap or near miss that a rule found.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: String,
    pub code: Code,
    pub severity: Severity,
    /// The resolved entity id, or the raw text where unresolved.
    pub subject: Option<String>,
    pub property: Option<String>,
    pub message: String,
    /// Lines of detail under the message: a diff, birth windows, the majority value.
    pub notes: Vec<String>,
    /// Shared with the rule (and its other findings): a long `help:` is held once.
    pub help: Option<Arc<str>>,
    pub evidence: Vec<Evidence>,
}

impl Finding {
    /// Keeps the first evidence of each claim: a finding lists each claim once.
    pub fn dedup_evidence(&mut self) {
        let mut seen = std::collections::HashSet::new();
        self.evidence
            .retain(|e| seen.insert((e.source.clone(), e.file.clone(), e.claim.clone())));
    }

    pub fn kind(&self) -> &'static str {
        self.code.kind()
    }

    /// The order findings are reported in: errors first, then by place; independent of the
    /// order of files on the command line. `code_rank` is the code's place among all codes
    /// (the kinds' order, then each kind's own), so that ties keep one order.
    pub fn sort_key(&self, code_rank: usize) -> impl Ord + '_ {
        let first = self
            .evidence
            .first()
            .map(|e| (&*e.file, e.span.line, e.span.column));
        (
            self.severity,
            first.is_none(),
            first,
            self.rule.as_str(),
            code_rank,
            self.subject.as_deref(),
            self.property.as_deref(),
            self.message.as_str(),
        )
    }
}

/// Counts for the summary line and the JSON `summary`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub sources: usize,
    pub outlets: usize,
    pub claims: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn count(
        findings: &[Finding],
        sources: usize,
        outlets: BTreeSet<&str>,
        claims: usize,
    ) -> Self {
        let by = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
        Summary {
            sources,
            outlets: outlets.len(),
            claims,
            errors: by(Severity::Error),
            warnings: by(Severity::Warning),
            infos: by(Severity::Info),
        }
    }
}

/// "a", "a and b", "a, b and c": items in a finding's message.
pub fn join_and(mut items: Vec<String>) -> String {
    match items.len() {
        0 => String::new(),
        1 => items.remove(0),
        _ => {
            let last = items.pop().unwrap_or_default();
            format!("{} and {last}", items.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finding_lists_each_claim_once_keeping_its_first_evidence() {
        let evidence = |claim: &str, line: u32, label: &str| Evidence {
            source: "a".into(),
            origin: "A, 2023-12-06".into(),
            claim: claim.into(),
            file: "claims/a.yaml".into(),
            span: Span {
                file: crate::span::FileId(0),
                line,
                column: 12,
                offset: 0,
                len: 8,
            },
            value: "25 years".into(),
            resolved: None,
            date: None,
            label: label.into(),
            standing: Standing::Disputed,
        };
        let mut f = Finding {
            rule: "r".into(),
            code: Code(&CodeInfo {
                kind: "quotes",
                name: "quote-mismatch",
                meaning: "the value cannot be read in its quote",
            }),
            severity: Severity::Warning,
            subject: None,
            property: None,
            message: String::new(),
            notes: Vec::new(),
            help: None,
            evidence: vec![
                evidence("age", 3, "the value"),
                evidence("sentence", 7, "the value"),
                evidence("age", 4, "the quote"),
            ],
        };
        f.dedup_evidence();
        let kept: Vec<(&str, u32)> = f
            .evidence
            .iter()
            .map(|e| (e.claim.as_str(), e.span.line))
            .collect();
        assert_eq!(kept, [("age", 3), ("sentence", 7)]);
    }
}
