//! `--format json`: one document with a stable key order (docs/formats.md section 6).
//!
//! Values are exact, for the tools that read them; the document itself is inert where it is
//! printed: every character [`text_safety`] would show is written as a `\uXXXX` escape (serde
//! escapes only the C0 controls), and so is a `[` after `##`.

use std::io;

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};
use serde_json::{Value, json};

use super::Output;
use crate::error::LoadError;
use crate::finding::Finding;
use crate::text_safety;
use crate::value::DateValue;
use crate::value::date::Period;

/// A JSON document, pretty-printed and inert (see the module documentation), with a final
/// line feed.
pub fn to_pretty(doc: &impl Serialize) -> String {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Inert(PrettyFormatter::new()));
    // A Value, or a struct of plain fields, always serialises.
    let _ = doc.serialize(&mut ser);
    let mut text = String::from_utf8(out).unwrap_or_default();
    text.push('\n');
    text
}

/// One JSON value on one line, inert like [`to_pretty`]'s, with a final line feed.
pub(crate) fn to_line(doc: &impl Serialize) -> String {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Inert(CompactFormatter));
    // A Value always serialises.
    let _ = doc.serialize(&mut ser);
    let mut text = String::from_utf8(out).unwrap_or_default();
    text.push('\n');
    text
}

/// `--format jsonl`: JSON Lines, one finding per line, each object as in the JSON document's
/// `findings`, for DuckDB, Polars or Spark. Findings a baseline accepts are left out.
pub fn render_lines(out: &Output) -> String {
    out.report
        .findings
        .iter()
        .map(|f| to_line(&finding(f)))
        .collect()
}

/// A formatter, with string contents escaped as [`text_safety`] asks.
struct Inert<F>(F);

impl<F: Formatter> Formatter for Inert<F> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // serde splits a string only around the characters it escapes itself, none of them `#`
        // or `[`: a `##[` lies within one fragment.
        let mut done = 0;
        let mut hashes = 0;
        for (at, c) in fragment.char_indices() {
            let escape = text_safety::is_hidden(c) || (c == '[' && hashes >= 2);
            hashes = if c == '#' { hashes + 1 } else { 0 };
            if escape {
                w.write_all(&fragment.as_bytes()[done..at])?;
                for unit in c.encode_utf16(&mut [0; 2]) {
                    write!(w, "\\u{unit:04x}")?;
                }
                done = at + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[done..])
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

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
            if let Some(d) = &e.date {
                c["period"] = period_object(&d.period);
                if let Some(other) = &d.alternative {
                    c["alternative"] = period_object(other);
                }
            }
            c
        }).collect::<Vec<_>>(),
    })
}

/// A resolved date as `{"start", "end", "precision"}`.
fn period_object(p: &Period) -> Value {
    json!({
        "start": p.start.format("%Y-%m-%d").to_string(),
        "end": p.end.format("%Y-%m-%d").to_string(),
        "precision": p.precision.as_str(),
    })
}

/// A date as `crosscheck when` prints it: the likelier reading's period, the other reading
/// as `alternative` when there is one, and the weekday written beside the date when it is not
/// the date's.
pub fn date(d: &DateValue) -> String {
    let mut doc = period_object(&d.period);
    if let Some(other) = &d.alternative {
        doc["alternative"] = period_object(other);
    }
    if let Some(day) = d.weekday_mismatch {
        doc["weekday_written"] = json!(format!("{day:?}"));
    }
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
            "suppressed": b.accepted.len(),
            "reopened": b.reopened,
            "accepted": b.accepted.iter().map(|a| {
                let mut f = finding(&a.finding);
                f["reason"] = json!(a.reason);
                f
            }).collect::<Vec<_>>(),
            "stale": b.stale.iter().map(|e| json!({
                "line": e.line,
                "rule": e.rule,
                "code": e.code,
                "subject": e.subject,
                "property": e.property,
                "message": e.message,
            })).collect::<Vec<_>>(),
        });
    }
    let rows = |errors: &[LoadError]| -> serde_json::Value {
        errors
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
            .collect()
    };
    if !out.load_errors.is_empty() {
        doc["load_errors"] = rows(out.load_errors);
    }
    if !out.workspace.warnings.is_empty() {
        doc["load_warnings"] = rows(&out.workspace.warnings);
    }
    // Keys keep the order written above (serde_json preserve_order), as docs/formats.md shows them.
    to_pretty(&doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_and_runner_commands_are_escaped_and_values_kept() {
        let value = "a\u{1b}]8;;\u{7f}\u{85}\u{200B}\u{202E}\u{E0041} ##[error] \n::x \"\\";
        let text = to_pretty(&json!({ "v": value }));
        assert_eq!(
            text,
            "{\n  \"v\": \"a\\u001b]8;;\\u007f\\u0085\\u200b\\u202e\\udb40\\udc41 ##\\u005berror] \\n::x \\\"\\\\\"\n}\n"
        );
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["v"], value);
    }

    #[test]
    fn a_relative_date_shows_its_period_and_its_second_reading() {
        let ws = crate::testing::nov_16_against_oct_1();
        let report = crate::check::check(&ws);
        let out = Output {
            workspace: &ws,
            report: &report,
            load_errors: &[],
        };
        let doc: Value = serde_json::from_str(&render(&out)).unwrap();
        let claims = &doc["findings"][0]["claims"];
        let nov_16 = claims
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["value"] == "Nov. 16")
            .unwrap();
        assert_eq!(
            nov_16["resolved"],
            "2023-11-16 (or 2022-11-16), read from 2023-12-06"
        );
        assert_eq!(nov_16["period"]["start"], "2023-11-16");
        assert_eq!(nov_16["alternative"]["start"], "2022-11-16");
        assert_eq!(nov_16["alternative"]["precision"], "day");
        let oct_1 = claims
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["value"] == "2023-10-01")
            .unwrap();
        assert!(oct_1.get("period").is_none() && oct_1.get("alternative").is_none());
    }

    #[test]
    fn ordinary_documents_print_as_serde_prints_them() {
        let doc = json!({ "a": [1, "Pérez «x» #1 [y]"], "b": {}, "c": [] });
        let mut expected = serde_json::to_string_pretty(&doc).unwrap();
        expected.push('\n');
        assert_eq!(to_pretty(&doc), expected);
    }
}
