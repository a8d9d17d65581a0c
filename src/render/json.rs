//! `--format json`: one document with a stable key order (docs/formats.md section 6), written
//! from the types below, whose JSON Schema `crosscheck schema output` prints: the schema is
//! read off what is serialised, so the two cannot drift apart.
//!
//! Values are exact, for the tools that read them; the document itself is inert where it is
//! printed: every character [`text_safety`] would show is written as a `\uXXXX` escape (serde
//! escapes only the C0 controls), and so is a `[` after `##`.

use std::io;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};
use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

use super::Output;
use crate::error::LoadError;
use crate::finding::{Evidence, Finding};
use crate::model::Severity;
use crate::text_safety;
use crate::value::DateValue;
use crate::value::date::{Period, Precision};

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
    // A Value, or a struct of plain fields, always serialises.
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
        .map(|f| to_line(&FindingDoc::of(f)))
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

/// `crosscheck check --format json`: what the check found. The output schema
/// (`crosscheck schema output`) is generated from these types, so it describes exactly what
/// is written.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "Output",
    title = "crosscheck check --format json",
    description = "What `crosscheck check --format json` prints (docs/formats.md, section 6). Each line of `--format jsonl` is a `Finding` (`#/$defs/Finding`)."
)]
struct Document<'a> {
    /// The version of this document's shape.
    #[schemars(extend("const" = 1))]
    version: u32,
    summary: SummaryDoc,
    /// The findings, errors first, in a fixed order whatever the order of the files; those a
    /// baseline accepts are under `baseline.accepted` instead.
    findings: Vec<FindingDoc<'a>>,
    /// What the baseline did; present only with `--baseline`.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<BaselineDoc<'a>>,
    /// Inputs that could not be loaded (the exit code is then 2); present only when there are
    /// any. The files that did load are still checked.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    load_errors: Vec<LoadErrorDoc<'a>>,
    /// Load warnings, which do not change the exit code; present only when there are any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    load_warnings: Vec<LoadErrorDoc<'a>>,
}

/// Counts: the findings' by severity, not counting those a baseline accepts.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Summary")]
struct SummaryDoc {
    /// Articles (claims files) loaded.
    sources: usize,
    claims: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

/// A conflict, gap or near miss a rule found, with every claim it rests on.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Finding")]
struct FindingDoc<'a> {
    /// The id of the rule that found it.
    rule: &'a str,
    /// The rule's kind (docs/rules.md).
    kind: &'static str,
    /// What was found: `conflict`, `name-variant`, ... (docs/rules.md lists each kind's codes).
    code: &'static str,
    severity: Severity,
    /// The resolved entity id, or the name as written where it did not resolve; null where no
    /// single subject applies.
    subject: Option<&'a str>,
    /// The property; null where no single property applies.
    property: Option<&'a str>,
    /// The headline.
    message: &'a str,
    /// Lines of detail: a diff, birth windows, the majority value, why a baseline entry reopened.
    notes: &'a [String],
    /// The rule's editorial advice.
    help: Option<&'a str>,
    /// The claims (and registry facts) the finding rests on.
    claims: Vec<ClaimDoc<'a>>,
}

/// One claim, or registry fact, a finding rests on.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Claim")]
struct ClaimDoc<'a> {
    /// The source id, or `registry` for a registry fact.
    source: &'a str,
    /// The claim id, or the fact's `entity.property`.
    claim: &'a str,
    /// The file, as given on the command line joined with the walk.
    file: &'a str,
    /// 1-based.
    line: u32,
    /// 1-based, in characters.
    column: u32,
    /// The value as written.
    value: &'a str,
    /// What a relative date was read as, as the diagnostics show it.
    #[serde(skip_serializing_if = "Option::is_none")]
    resolved: Option<&'a str>,
    /// The days a relative date was read as.
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<PeriodDoc>,
    /// The other reading of a relative date that has two.
    #[serde(skip_serializing_if = "Option::is_none")]
    alternative: Option<PeriodDoc>,
}

/// The days a date denotes, bounds included.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Period")]
struct PeriodDoc {
    /// YYYY-MM-DD.
    #[schemars(extend("format" = "date"))]
    start: String,
    /// YYYY-MM-DD.
    #[schemars(extend("format" = "date"))]
    end: String,
    precision: Precision,
}

/// What applying a baseline did.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Baseline")]
struct BaselineDoc<'a> {
    /// How many findings the baseline accepts (the length of `accepted`).
    suppressed: usize,
    /// How many findings an entry accepted before and that now state a new or changed value:
    /// they are among `findings`, with a note saying what changed.
    reopened: usize,
    accepted: Vec<AcceptedDoc<'a>>,
    /// Entries that hold for no finding any more: the discrepancy was fixed.
    stale: Vec<StaleDoc<'a>>,
}

/// A finding the baseline accepts, with the editor's reason.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "AcceptedFinding", deny_unknown_fields)]
struct AcceptedDoc<'a> {
    #[serde(flatten)]
    finding: FindingDoc<'a>,
    /// Why the editor accepts it, from the baseline file.
    reason: &'a str,
}

/// A baseline entry that holds for no finding.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "StaleEntry")]
struct StaleDoc<'a> {
    /// The entry's line in the baseline file.
    line: u32,
    rule: &'a str,
    code: &'a str,
    subject: Option<&'a str>,
    property: Option<&'a str>,
    message: &'a str,
}

/// An input that could not be loaded, or a load warning.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "LoadError")]
struct LoadErrorDoc<'a> {
    file: &'a str,
    /// 1-based; null for a file that could not be read at all.
    line: Option<u32>,
    /// 1-based, in characters; null with `line`.
    column: Option<u32>,
    /// `load::syntax`, `load::unknown-key`, ...
    code: &'static str,
    message: String,
    help: Option<&'a str>,
}

impl<'a> FindingDoc<'a> {
    fn of(f: &'a Finding) -> Self {
        FindingDoc {
            rule: &f.rule,
            kind: f.kind(),
            code: f.code.as_str(),
            severity: f.severity,
            subject: f.subject.as_deref(),
            property: f.property.as_deref(),
            message: &f.message,
            notes: &f.notes,
            help: f.help.as_deref(),
            claims: f.evidence.iter().map(ClaimDoc::of).collect(),
        }
    }
}

impl<'a> ClaimDoc<'a> {
    fn of(e: &'a Evidence) -> Self {
        ClaimDoc {
            source: &e.source,
            claim: &e.claim,
            file: &e.file,
            line: e.span.line,
            column: e.span.column,
            value: &e.value,
            resolved: e.resolved.as_deref(),
            period: e.date.as_ref().map(|d| PeriodDoc::of(&d.period)),
            alternative: e
                .date
                .as_ref()
                .and_then(|d| d.alternative.as_ref())
                .map(PeriodDoc::of),
        }
    }
}

impl PeriodDoc {
    fn of(p: &Period) -> Self {
        PeriodDoc {
            start: p.start.format("%Y-%m-%d").to_string(),
            end: p.end.format("%Y-%m-%d").to_string(),
            precision: p.precision,
        }
    }
}

impl<'a> LoadErrorDoc<'a> {
    fn of(e: &'a LoadError) -> Self {
        LoadErrorDoc {
            file: &e.path,
            line: e.span.map(|s| s.line),
            column: e.span.map(|s| s.column),
            code: e.code(),
            message: e.to_string(),
            help: e.help.as_deref(),
        }
    }
}

/// A date as `crosscheck when` prints it.
#[derive(Serialize)]
struct WhenDoc {
    #[serde(flatten)]
    period: PeriodDoc,
    #[serde(skip_serializing_if = "Option::is_none")]
    alternative: Option<PeriodDoc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    weekday_written: Option<String>,
}

/// A date as `crosscheck when` prints it: the likelier reading's period, the other reading
/// as `alternative` when there is one, and the weekday written beside the date when it is not
/// the date's.
pub fn date(d: &DateValue) -> String {
    let doc = WhenDoc {
        period: PeriodDoc::of(&d.period),
        alternative: d.alternative.as_ref().map(PeriodDoc::of),
        weekday_written: d.weekday_mismatch.map(|day| format!("{day:?}")),
    };
    to_line(&doc)
}

pub fn render(out: &Output) -> String {
    let s = &out.report.summary;
    let doc = Document {
        version: 1,
        summary: SummaryDoc {
            sources: s.sources,
            claims: s.claims,
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
        },
        findings: out.report.findings.iter().map(FindingDoc::of).collect(),
        baseline: out.report.baseline.as_ref().map(|b| BaselineDoc {
            suppressed: b.accepted.len(),
            reopened: b.reopened,
            accepted: b
                .accepted
                .iter()
                .map(|a| AcceptedDoc {
                    finding: FindingDoc::of(&a.finding),
                    reason: &a.reason,
                })
                .collect(),
            stale: b
                .stale
                .iter()
                .map(|e| StaleDoc {
                    line: e.line,
                    rule: &e.rule,
                    code: &e.code,
                    subject: e.subject.as_deref(),
                    property: e.property.as_deref(),
                    message: &e.message,
                })
                .collect(),
        }),
        load_errors: out.load_errors.iter().map(LoadErrorDoc::of).collect(),
        load_warnings: out
            .workspace
            .warnings
            .iter()
            .map(LoadErrorDoc::of)
            .collect(),
    };
    to_pretty(&doc)
}

/// The JSON Schema (draft 2020-12) of `--format json`'s document, read off the types it is
/// written from; `$defs/Finding` is a line of `--format jsonl`.
pub fn schema() -> Schema {
    SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<Document>()
}

/// [`schema`] as `schemas/output.schema.json` holds it.
pub fn schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&schema()).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

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
