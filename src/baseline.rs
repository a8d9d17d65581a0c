//! Baselines: findings an editor has reviewed and accepted, so that CI reports only new ones.
//!
//! A finding's fingerprint is built from what it says — rule, code, subject, property and the
//! sources (outlet and date) and values involved — never from line numbers, file names or
//! source ids, so it survives moving claims around and renaming or reordering files.

use std::collections::BTreeSet;
use std::path::Path;

use marked_yaml::Node;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{LoadError, LoadErrorKind};
use crate::finding::Finding;
use crate::load::{self, LoadOptions, Root};
use crate::span::{FileId, SourceFile};
use crate::text_safety::{visible, visible_line};
use crate::write::{WriteError, to_yaml};
use crate::yaml::{self, Reader};

/// The stable identity of a finding.
pub fn fingerprint(f: &Finding) -> String {
    let evidence: BTreeSet<(&str, &str)> = f
        .evidence
        .iter()
        .map(|e| (&*e.origin, e.value.as_str()))
        .collect();
    let mut hasher = Sha256::new();
    for part in [
        f.rule.as_str(),
        f.code.as_str(),
        f.subject.as_deref().unwrap_or(""),
        f.property.as_deref().unwrap_or(""),
    ] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    for (source, value) in evidence {
        hasher.update(source.as_bytes());
        hasher.update([0]);
        hasher.update(value.as_bytes());
        hasher.update([0]);
    }
    hasher.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub fingerprint: String,
    pub rule: String,
    pub code: String,
    pub subject: Option<String>,
    pub property: Option<String>,
    pub message: String,
    /// Why the editor accepts it; left empty for the editor to fill.
    pub reason: String,
}

#[derive(Debug, Serialize)]
struct File<'a> {
    version: u32,
    findings: &'a [Entry],
}

/// The baseline file for the current findings, with empty reasons to fill in. Entries match
/// by fingerprint alone: the other fields are for the reader, their text made safe to show
/// ([`crate::text_safety`]), since the file is reviewed, printed and diffed.
pub fn write(findings: &[Finding]) -> Result<String, WriteError> {
    let line = |s: &str| visible_line(s).into_owned();
    let entries: Vec<Entry> = findings
        .iter()
        .map(|f| Entry {
            fingerprint: fingerprint(f),
            rule: line(&f.rule),
            code: f.code.as_str().to_string(),
            subject: f.subject.as_deref().map(line),
            property: f.property.as_deref().map(line),
            message: visible(&f.message).into_owned(),
            reason: String::new(),
        })
        .collect();
    let body = to_yaml(
        "baseline",
        &File {
            version: 1,
            findings: &entries,
        },
    )?;
    Ok(format!(
        "# crosscheck baseline: findings reviewed and accepted. `check --baseline` leaves them out.\n\
         # Fill in each `reason:`; an entry is matched by its fingerprint (rule, code, subject,\n\
         # property, sources and values), not by line numbers.\n{body}"
    ))
}

/// Reads a baseline file as every input is read (inside the project root, within the size
/// limit), reporting every problem with its place.
pub fn read(path: &Path, root: &Root, opts: &LoadOptions) -> Result<Vec<Entry>, Vec<LoadError>> {
    let text = load::read_file(path, root, opts).map_err(|e| vec![*e])?;
    let src = SourceFile::new(path.display().to_string(), text);
    let file = FileId(u32::MAX);
    let root = yaml::parse(file, &src).map_err(|e| vec![*e])?;
    let mut r = Reader::new(file, &src);
    let entries = entries(&mut r, &root);
    if r.errors.is_empty() {
        Ok(entries)
    } else {
        Err(r
            .errors
            .into_iter()
            .map(|mut e| {
                // The baseline is not among the checked files: keep the place in the message.
                if let Some(s) = e.span.take() {
                    e.kind = LoadErrorKind::Invalid(format!(
                        "{} (line {}, column {})",
                        e.kind, s.line, s.column
                    ));
                }
                e
            })
            .collect())
    }
}

fn entries(r: &mut Reader, root: &Node) -> Vec<Entry> {
    let Some(top) = r.fields(root, "baseline", &["version", "findings"], &["findings"]) else {
        return Vec::new();
    };
    let Some(list) = top.get("findings") else {
        return Vec::new();
    };
    let keys = [
        "fingerprint",
        "rule",
        "code",
        "subject",
        "property",
        "message",
        "reason",
    ];
    let mut out = Vec::new();
    for node in r.list(list, "a list of accepted findings") {
        let Some(f) = r.fields(node, "baseline entry", &keys, &["fingerprint"]) else {
            continue;
        };
        let mut text = |key: &str| r.opt_text(&f, key).filter(|t| !t.is_empty());
        let Some(fingerprint) = text("fingerprint") else {
            continue;
        };
        out.push(Entry {
            fingerprint,
            rule: text("rule").unwrap_or_default(),
            code: text("code").unwrap_or_default(),
            subject: text("subject"),
            property: text("property"),
            message: text("message").unwrap_or_default(),
            reason: text("reason").unwrap_or_default(),
        });
    }
    out
}

/// Leaves out the findings a baseline accepts; returns the entries that matched nothing.
pub fn apply(findings: &mut Vec<Finding>, baseline: &[Entry]) -> Vec<Entry> {
    let accepted: BTreeSet<&str> = baseline.iter().map(|e| e.fingerprint.as_str()).collect();
    let mut matched = BTreeSet::new();
    findings.retain(|f| {
        let fp = fingerprint(f);
        let keep = !accepted.contains(fp.as_str());
        if !keep {
            matched.insert(fp);
        }
        keep
    });
    baseline
        .iter()
        .filter(|e| !matched.contains(&e.fingerprint))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Code, Evidence};
    use crate::model::Severity;
    use crate::span::Span;

    fn evidence(source: &str, value: &str, line: u32) -> Evidence {
        Evidence {
            source: source.into(),
            origin: format!("{source} outlet").into(),
            claim: "c".into(),
            file: format!("claims/{source}.yaml").into(),
            span: Span {
                file: FileId(0),
                line,
                column: 3,
                offset: 0,
                len: 1,
            },
            value: value.into(),
            resolved: None,
            date: None,
            label: String::new(),
        }
    }

    fn finding(evidence: Vec<Evidence>) -> Finding {
        Finding {
            rule: "facts-agree".into(),
            code: Code::Conflict,
            severity: Severity::Error,
            subject: Some("alberto-fujimori".into()),
            property: Some("jailed".into()),
            message: "m".into(),
            notes: vec![],
            help: None,
            evidence,
        }
    }

    #[test]
    fn fingerprints_ignore_lines_and_evidence_order() {
        let a = finding(vec![evidence("a", "2005", 3), evidence("b", "2007", 9)]);
        let b = finding(vec![evidence("b", "2007", 40), evidence("a", "2005", 1)]);
        assert_eq!(fingerprint(&a), fingerprint(&b));
    }

    #[test]
    fn fingerprints_change_with_the_values() {
        let a = finding(vec![evidence("a", "2005", 3), evidence("b", "2007", 9)]);
        let b = finding(vec![evidence("a", "2005", 3), evidence("b", "2008", 9)]);
        assert_ne!(fingerprint(&a), fingerprint(&b));
    }

    #[test]
    fn applying_a_baseline_drops_accepted_findings_and_reports_stale_entries() {
        let kept = finding(vec![evidence("a", "2005", 3), evidence("b", "2008", 9)]);
        let accepted = finding(vec![evidence("a", "2005", 3), evidence("b", "2007", 9)]);
        let text = write(std::slice::from_ref(&accepted)).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("baseline.yaml");
        let reviewed = text.replace("reason: ''", "reason: checked with the court");
        std::fs::write(&path, reviewed).unwrap();
        let root = Root::new(dir.path()).unwrap();
        let mut entries = read(&path, &root, &LoadOptions::default()).unwrap();
        assert_eq!(entries[0].reason, "checked with the court");
        let stale_entry = Entry {
            fingerprint: "0000".into(),
            ..entries[0].clone()
        };
        entries.push(stale_entry);
        let mut findings = vec![kept.clone(), accepted];
        let stale = apply(&mut findings, &entries);
        assert_eq!(findings, vec![kept]);
        assert_eq!(stale.len(), 1);
        assert_eq!(stale[0].fingerprint, "0000");
    }
}
