//! `--format json`: one document with a stable key order (FORMATS.md section 6).

use serde_json::{Value, json};

use super::Output;
use crate::finding::Finding;
use crate::value::date::Period;

fn finding(f: &Finding) -> Value {
    json!({
        "rule": f.rule,
        "kind": f.kind(),
        "code": f.code.as_str(),
        "severity": f.severity.as_str(),
        "subject": f.subject,
        "property": f.property,
        "message": f.message,
        "notes": f.notes,
        "help": f.help.as_deref(),
        "claims": f.evidence.iter().map(|e| {
            let mut c = json!({
                "source": &*e.source,
                "claim": e.claim,
                "file": &*e.file,
                "line": e.span.line,
                "column": e.span.column,
                "value": e.value,
            });
            if let Some(r) = &e.resolved {
                c["resolved"] = json!(r);
            }
            c
        }).collect::<Vec<_>>(),
    })
}

/// `crosscheck when`: a resolved date as `{"start", "end", "precision"}`.
pub fn period(p: &Period) -> String {
    let doc = json!({
        "start": p.start.format("%Y-%m-%d").to_string(),
        "end": p.end.format("%Y-%m-%d").to_string(),
        "precision": p.precision.as_str(),
    });
    format!("{doc}\n")
}

pub fn render(out: &Output) -> String {
    let s = &out.report.summary;
    let mut doc = json!({
        "version": 1,
        "summary": {
            "sources": s.sources,
            "claims": s.claims,
            "errors": s.errors,
            "warnings": s.warnings,
            "infos": s.infos,
        },
        "findings": out.report.findings.iter().map(finding).collect::<Vec<_>>(),
    });
    if let Some(b) = &out.report.baseline {
        doc["baseline"] = json!({
            "suppressed": b.suppressed,
            "stale": b.stale.iter().map(|e| json!({
                "fingerprint": e.fingerprint,
                "rule": e.rule,
                "code": e.code,
                "subject": e.subject,
                "property": e.property,
                "message": e.message,
            })).collect::<Vec<_>>(),
        });
    }
    if !out.load_errors.is_empty() {
        doc["load_errors"] = out
            .load_errors
            .iter()
            .map(|e| {
                json!({
                    "file": e.path,
                    "line": e.span.map(|s| s.line),
                    "column": e.span.map(|s| s.column),
                    "code": e.code(),
                    "message": e.to_string(),
                    "help": e.help,
                })
            })
            .collect();
    }
    // Keys keep the order written above (serde_json preserve_order), as FORMATS.md shows them.
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}
