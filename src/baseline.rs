//! Baselines: findings an editor has reviewed and accepted, so that CI reports only new ones.
//!
//! An entry is matched by what a finding says — rule, code, subject, property, and which outlet
//! (and date) stated which value — never by line numbers, file names or source ids, so it
//! survives moving claims around and renaming or reordering files ([`apply`]). SARIF's
//! [`fingerprint`] hashes the same parts.

use std::collections::{BTreeMap, BTreeSet};
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

/// The stable identity of a finding, for SARIF's `partialFingerprints`.
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

/// What one claim (or registry fact) of an accepted finding said.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Stated {
    /// Who said it: "Bloomberg, 2023-12-06", or the registry's reference.
    pub from: String,
    pub value: String,
}

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub rule: String,
    pub code: String,
    /// Left out when the finding has none: `null` would read back as a name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub property: Option<String>,
    pub message: String,
    /// The claims the finding rested on when it was accepted: who said which value.
    pub claims: Vec<Stated>,
    /// Why the editor accepts it; written as a placeholder for the editor to fill.
    pub reason: String,
    /// The entry's line in the baseline file, for messages about it.
    #[serde(skip)]
    pub line: u32,
}

/// The version of the baseline file: version 1 matched whole fingerprints, so that a new outlet
/// repeating an accepted value reopened the finding.
const VERSION: u32 = 2;

#[derive(Debug, Serialize)]
struct File<'a> {
    version: u32,
    findings: &'a [Entry],
}

/// The reason `baseline -o` writes, which `check --baseline` refuses until it is filled in.
pub const PLACEHOLDER_REASON: &str = "TODO";

/// Reasons that say nothing: an editor has not reviewed the entry yet.
fn is_placeholder(reason: &str) -> bool {
    let r = reason
        .trim()
        .trim_matches(|c: char| c == '.' || c == '!' || c == '?');
    let r = r.to_lowercase();
    r.is_empty()
        || [
            "todo",
            "tbd",
            "fixme",
            "xxx",
            "fill in",
            "fill me in",
            "reason",
            "n/a",
            "-",
            "none",
        ]
        .contains(&r.as_str())
        || r.starts_with("todo:")
        || r.starts_with("todo ")
        || r.starts_with("fill in")
}

/// Who said which values in a finding, with the registry's facts kept apart from sources.
fn stated(f: &Finding) -> Vec<Stated> {
    let set: BTreeSet<Stated> = f
        .evidence
        .iter()
        .map(|e| Stated {
            from: visible_line(&e.origin).into_owned(),
            value: visible_line(&e.value).into_owned(),
        })
        .collect();
    set.into_iter().collect()
}

/// The baseline file for the current findings, each with a placeholder reason to fill in.
/// Entries match by rule, code, subject, property and the claims' values; the message is for
/// the reader. Text is made safe to show ([`crate::text_safety`]), since the file is reviewed,
/// printed and diffed.
pub fn write(findings: &[Finding]) -> Result<String, WriteError> {
    let line = |s: &str| visible_line(s).into_owned();
    let entries: Vec<Entry> = findings
        .iter()
        .map(|f| Entry {
            rule: line(&f.rule),
            code: f.code.as_str().to_string(),
            subject: f.subject.as_deref().map(line),
            property: f.property.as_deref().map(line),
            message: visible(&f.message).into_owned(),
            claims: stated(f),
            reason: PLACEHOLDER_REASON.into(),
            line: 0,
        })
        .collect();
    let body = to_yaml(
        "baseline",
        &File {
            version: VERSION,
            findings: &entries,
        },
    )?;
    Ok(format!(
        "# crosscheck baseline: findings reviewed and accepted. `check --baseline` reports them apart.\n\
         # Replace each `reason: {PLACEHOLDER_REASON}` with why the discrepancy stands: `check` refuses\n\
         # placeholder reasons (`--allow-empty-reasons` while bootstrapping). An entry keeps holding\n\
         # when another outlet repeats a value it lists; a new value or a changed one reopens it.\n{body}"
    ))
}

/// Whether `check --baseline` accepts entries whose reason is empty or a placeholder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reasons {
    Required,
    /// While a newsroom bootstraps its baseline (`--allow-empty-reasons`).
    Optional,
}

/// Reads a baseline file as every input is read (inside the project root, within the size
/// limit), reporting every problem with its place.
pub fn read(
    path: &Path,
    root: &Root,
    opts: &LoadOptions,
    reasons: Reasons,
) -> Result<Vec<Entry>, Vec<LoadError>> {
    let text = load::read_file(path, root, opts).map_err(|e| vec![*e])?;
    let src = SourceFile::new(path.display().to_string(), text);
    let file = FileId(u32::MAX);
    let root = yaml::parse(file, &src).map_err(|e| vec![*e])?;
    let mut r = Reader::new(file, &src);
    let entries = entries(&mut r, &root, reasons);
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

fn entries(r: &mut Reader, root: &Node, reasons: Reasons) -> Vec<Entry> {
    let Some(top) = r.fields(root, "baseline", &["version", "findings"], &["findings"]) else {
        return Vec::new();
    };
    if let Some(node) = top.get("version") {
        let version = node.as_scalar().map(|s| s.as_str().trim().to_string());
        if version.as_deref() != Some("2") {
            r.error(
                r.span(node),
                LoadErrorKind::InvalidValue {
                    what: "baseline version".into(),
                    text: version.unwrap_or_default(),
                },
                Some(format!(
                    "this crosscheck reads baseline version {VERSION}: write a new one with \
                     `crosscheck baseline -o FILE` and copy the reasons over"
                )),
            );
            return Vec::new();
        }
    }
    let Some(list) = top.get("findings") else {
        return Vec::new();
    };
    let keys = [
        "rule", "code", "subject", "property", "message", "claims", "reason",
    ];
    let mut out = Vec::new();
    for node in r.list(list, "a list of accepted findings") {
        let Some(f) = r.fields(node, "baseline entry", &keys, &["rule", "code", "claims"]) else {
            continue;
        };
        let mut text = |key: &str| r.opt_text(&f, key).filter(|t| !t.is_empty());
        let (rule, code, subject, property, message) = (
            text("rule").unwrap_or_default(),
            text("code").unwrap_or_default(),
            text("subject"),
            text("property"),
            text("message").unwrap_or_default(),
        );
        let reason = r.opt_text(&f, "reason").unwrap_or_default();
        if reasons == Reasons::Required && is_placeholder(&reason) {
            let span = f.get("reason").map_or(f.span, |n| r.span(n));
            r.error(
                span,
                LoadErrorKind::Invalid(format!(
                    "the baseline entry for {rule} {code} has no reason: `{}`",
                    visible_line(reason.trim())
                )),
                Some(
                    "write why the discrepancy stands (\"the court's ruling says both\"), or \
                     remove the entry; --allow-empty-reasons accepts it while bootstrapping"
                        .into(),
                ),
            );
        }
        let claims = f.get("claims").map_or_else(Vec::new, |n| said(r, n));
        out.push(Entry {
            rule,
            code,
            subject,
            property,
            message,
            claims,
            reason,
            line: f.span.line,
        });
    }
    out
}

/// An entry's `claims:`, each `from:` and `value:`.
fn said(r: &mut Reader, node: &Node) -> Vec<Stated> {
    let mut out = Vec::new();
    for item in r.list(node, "a list of claims (`from:` and `value:`)") {
        let Some(f) = r.fields(item, "claim", &["from", "value"], &["from", "value"]) else {
            continue;
        };
        if let (Some(from), Some(value)) = (r.opt_text(&f, "from"), r.opt_text(&f, "value")) {
            out.push(Stated { from, value });
        }
    }
    out.sort();
    out.dedup();
    out
}

/// An accepted finding, with the editor's reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Accepted {
    pub finding: Finding,
    pub reason: String,
}

/// What applying a baseline did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The findings the baseline accepts, left out of the findings.
    pub accepted: Vec<Accepted>,
    /// How many findings an entry accepted before and that now state a new or changed value:
    /// they stay among the findings, with a note saying what changed.
    pub reopened: usize,
    /// Entries that match no current finding: the discrepancy was fixed.
    pub stale: Vec<Entry>,
}

type Key<'a> = (&'a str, &'a str, Option<&'a str>, Option<&'a str>);

/// Why an entry does not hold for a finding of its key, or `None` when it does.
fn reopened_by(claims: &[Stated], entry: &Entry) -> Option<String> {
    let accepted_values: BTreeSet<&str> = entry.claims.iter().map(|c| c.value.as_str()).collect();
    let by_source = |list: &[Stated], from: &str| -> BTreeSet<String> {
        list.iter()
            .filter(|c| c.from == from)
            .map(|c| c.value.clone())
            .collect()
    };
    let mut why = Vec::new();
    let origins: BTreeSet<&str> = claims.iter().map(|c| c.from.as_str()).collect();
    for from in origins {
        let now = by_source(claims, from);
        let then = by_source(&entry.claims, from);
        if !then.is_empty() && now != then {
            why.push(format!(
                "{from} changed its value from {} to {}",
                quoted(&then),
                quoted(&now)
            ));
        } else if let Some(new) = now.iter().find(|v| !accepted_values.contains(v.as_str())) {
            why.push(format!("a new value joined: \"{new}\" ({from})"));
        }
    }
    (!why.is_empty()).then(|| why.join("; "))
}

fn quoted(values: &BTreeSet<String>) -> String {
    let v: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
    v.join(", ")
}

/// Sets aside the findings a baseline accepts. An entry holds for a finding of its rule, code,
/// subject and property while the finding states only values the entry lists and each claim
/// the entry lists still says what it said: a new outlet repeating an accepted value changes
/// nothing. A finding about one source's claims is matched only by entries listing that source.
/// A finding an entry no longer holds for stays, with a note saying which value is new or changed.
pub fn apply(findings: &mut Vec<Finding>, baseline: &[Entry]) -> Outcome {
    let mut by_key: BTreeMap<Key, Vec<usize>> = BTreeMap::new();
    for (i, e) in baseline.iter().enumerate() {
        let key = (
            e.rule.as_str(),
            e.code.as_str(),
            e.subject.as_deref(),
            e.property.as_deref(),
        );
        by_key.entry(key).or_default().push(i);
    }
    let mut used = vec![false; baseline.len()];
    let mut outcome = Outcome::default();
    let mut kept = Vec::with_capacity(findings.len());
    for mut f in findings.drain(..) {
        let key = (
            f.rule.as_str(),
            f.code.as_str(),
            f.subject.as_deref(),
            f.property.as_deref(),
        );
        let claims = stated(&f);
        let sources: BTreeSet<&str> = f
            .evidence
            .iter()
            .filter(|e| &*e.source != "registry")
            .map(|e| &*e.origin)
            .collect();
        // A finding about one source's claims (a quote not found, a name variant) is that
        // source's: another outlet's entry does not cover it.
        let lone = (sources.len() == 1)
            .then(|| visible_line(sources.first().copied().unwrap_or_default()).into_owned());
        let candidates: Vec<usize> = by_key
            .get(&key)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&i| {
                lone.as_ref()
                    .is_none_or(|s| baseline[i].claims.iter().any(|c| c.from == *s))
            })
            .collect();
        let mut why = None;
        let mut holds = None;
        for &i in &candidates {
            match reopened_by(&claims, &baseline[i]) {
                None => {
                    holds = Some(i);
                    break;
                }
                Some(w) => {
                    why.get_or_insert((i, w));
                }
            }
        }
        if let Some(i) = holds {
            used[i] = true;
            outcome.accepted.push(Accepted {
                finding: f,
                reason: baseline[i].reason.clone(),
            });
        } else {
            if let Some((i, w)) = why {
                used[i] = true;
                outcome.reopened += 1;
                f.notes.insert(
                    0,
                    format!(
                        "reopened: the baseline accepted this at line {} with {}, but {w}",
                        baseline[i].line,
                        quoted(&baseline[i].claims.iter().map(|c| c.value.clone()).collect())
                    ),
                );
            }
            kept.push(f);
        }
    }
    *findings = kept;
    outcome.stale = baseline
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
        .map(|(e, _)| e.clone())
        .collect();
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Evidence;
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
            standing: crate::finding::Standing::Disputed,
        }
    }

    fn finding(evidence: Vec<Evidence>) -> Finding {
        Finding {
            rule: "facts-agree".into(),
            code: crate::rules::agree::CONFLICT,
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

    /// The baseline `baseline -o` writes for `accepted`, with `reason` filled in, read back.
    fn reviewed(
        accepted: &[Finding],
        reason: &str,
        reasons: Reasons,
    ) -> Result<Vec<Entry>, Vec<LoadError>> {
        let text = write(accepted).unwrap();
        assert!(text.contains("reason: TODO"), "{text}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("baseline.yaml");
        std::fs::write(&path, text.replace("reason: TODO", reason)).unwrap();
        let root = Root::new(dir.path()).unwrap();
        read(&path, &root, &LoadOptions::default(), reasons)
    }

    fn accepted(accepted: &[Finding]) -> Vec<Entry> {
        reviewed(
            accepted,
            "reason: checked with the court",
            Reasons::Required,
        )
        .unwrap()
    }

    #[test]
    fn an_entry_keeps_holding_when_a_new_outlet_repeats_an_accepted_value() {
        let entries = accepted(&[finding(vec![
            evidence("a", "2005", 3),
            evidence("b", "2007", 9),
        ])]);
        assert_eq!(entries[0].reason, "checked with the court");
        let mut findings = vec![finding(vec![
            evidence("b", "2007", 40),
            evidence("a", "2005", 1),
            evidence("c", "2007", 5),
        ])];
        let outcome = apply(&mut findings, &entries);
        assert!(findings.is_empty());
        assert_eq!(outcome.accepted.len(), 1);
        assert_eq!(outcome.accepted[0].reason, "checked with the court");
        assert_eq!(outcome.reopened, 0);
        assert!(outcome.stale.is_empty());
    }

    #[test]
    fn a_new_value_reopens_the_finding_with_a_note_naming_it() {
        let entries = accepted(&[finding(vec![
            evidence("a", "2005", 3),
            evidence("b", "2007", 9),
        ])]);
        let mut findings = vec![finding(vec![
            evidence("a", "2005", 3),
            evidence("b", "2007", 9),
            evidence("c", "2009", 5),
        ])];
        let outcome = apply(&mut findings, &entries);
        assert_eq!(outcome.reopened, 1);
        assert!(outcome.accepted.is_empty() && outcome.stale.is_empty());
        assert_eq!(
            findings[0].notes[0],
            "reopened: the baseline accepted this at line 7 with \"2005\", \"2007\", but a new value joined: \"2009\" (c outlet)"
        );
    }

    #[test]
    fn a_changed_value_reopens_the_finding_with_a_note_naming_the_source() {
        let entries = accepted(&[finding(vec![
            evidence("a", "2005", 3),
            evidence("b", "2007", 9),
            evidence("c", "2007", 9),
        ])]);
        let mut findings = vec![finding(vec![
            evidence("a", "2005", 3),
            evidence("b", "2007", 9),
            evidence("c", "2005", 9),
        ])];
        let outcome = apply(&mut findings, &entries);
        assert_eq!(outcome.reopened, 1);
        assert!(
            findings[0].notes[0]
                .ends_with("but c outlet changed its value from \"2007\" to \"2005\""),
            "{}",
            findings[0].notes[0]
        );
    }

    #[test]
    fn a_finding_on_one_sources_claim_is_not_accepted_by_another_sources_entry() {
        let entries = accepted(&[finding(vec![evidence("a", "2005", 3)])]);
        let other = finding(vec![evidence("b", "2005", 3)]);
        let mut findings = vec![other.clone()];
        let outcome = apply(&mut findings, &entries);
        assert_eq!(findings, vec![other]);
        assert_eq!(outcome.reopened, 0);
        assert_eq!(outcome.stale.len(), 1);
    }

    #[test]
    fn an_entry_that_matches_no_finding_is_stale() {
        let kept = finding(vec![evidence("a", "2005", 3)]);
        let mut gone = finding(vec![evidence("a", "2005", 3)]);
        gone.property = Some("released".into());
        let entries = accepted(&[gone]);
        let mut findings = vec![kept.clone()];
        let outcome = apply(&mut findings, &entries);
        assert_eq!(findings, vec![kept]);
        assert_eq!(outcome.stale.len(), 1);
        assert_eq!(outcome.stale[0].property.as_deref(), Some("released"));
    }

    #[test]
    fn an_empty_or_placeholder_reason_is_a_load_error_with_its_place_unless_allowed() {
        let f = [finding(vec![evidence("a", "2005", 3)])];
        for reason in [
            "reason: TODO",
            "reason: ''",
            "reason: fill in",
            "reason: ' tbd. '",
        ] {
            let errors = reviewed(&f, reason, Reasons::Required).unwrap_err();
            assert_eq!(errors.len(), 1, "{reason}");
            let message = errors[0].to_string();
            assert!(
                message.contains("has no reason") && message.contains("(line 15, column 11)"),
                "{reason}: {message}"
            );
            assert!(
                errors[0]
                    .help
                    .as_deref()
                    .unwrap()
                    .contains("--allow-empty-reasons")
            );
            assert!(reviewed(&f, reason, Reasons::Optional).is_ok(), "{reason}");
        }
    }

    #[test]
    fn a_version_1_baseline_is_refused_with_how_to_write_a_new_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("baseline.yaml");
        std::fs::write(&path, "version: 1\nfindings: []\n").unwrap();
        let root = Root::new(dir.path()).unwrap();
        let errors = read(&path, &root, &LoadOptions::default(), Reasons::Required).unwrap_err();
        assert!(
            errors[0]
                .help
                .as_deref()
                .unwrap()
                .contains("crosscheck baseline -o")
        );
    }
}
