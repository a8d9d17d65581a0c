//! Load errors and findings as the editor's diagnostics: each at its own place, a finding
//! once at every claim it rests on, linking the others.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Range, Uri,
};

use crate::error::LoadError;
use crate::finding::{Evidence, Finding};
use crate::model::Severity;
use crate::text_safety::visible;

use super::analysis::Analysis;
use super::convert::{Lines, uri_of};

/// What the server says its diagnostics come from.
pub const SOURCE: &str = "crosscheck";

/// The diagnostics of every file involved, by path. A path with none is not in the map.
pub fn diagnostics(a: &Analysis, docs: Option<&str>) -> BTreeMap<PathBuf, Vec<Diagnostic>> {
    let mut lines: BTreeMap<String, Option<Lines>> = BTreeMap::new();
    let mut range_of = |path: &str, start: usize, end: usize| -> Range {
        let l = lines
            .entry(path.to_string())
            .or_insert_with(|| a.file(path).map(|(_, f)| Lines::new(&f.text)));
        l.as_ref()
            .map_or_else(Range::default, |l| l.range(start, end))
    };
    let mut out: BTreeMap<PathBuf, Vec<Diagnostic>> = BTreeMap::new();
    let ws = a.ws();
    let errors = a.loaded.errors.iter().map(|e| (e, Severity::Error));
    let warnings = ws.warnings.iter().map(|e| (e, Severity::Warning));
    for (e, severity) in errors.chain(warnings) {
        let range = e.span.map_or_else(Range::default, |s| {
            range_of(&e.path, s.offset as usize, s.range().end)
        });
        out.entry(PathBuf::from(&e.path))
            .or_default()
            .push(load_diagnostic(e, severity, range));
    }
    for f in &a.report.findings {
        let places: Vec<(Location, &Evidence)> = f
            .evidence
            .iter()
            .filter_map(|e| {
                let range = range_of(&e.file, e.span.offset as usize, e.span.range().end);
                Some((Location::new(uri_of(Path::new(&*e.file))?, range), e))
            })
            .collect();
        for (i, (at, e)) in places.iter().enumerate() {
            let related = places
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, (location, other))| DiagnosticRelatedInformation {
                    location: location.clone(),
                    message: visible(&other.label).into_owned(),
                })
                .collect::<Vec<_>>();
            out.entry(PathBuf::from(&*e.file))
                .or_default()
                .push(finding_diagnostic(f, at.range, related, docs));
        }
    }
    out
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

fn load_diagnostic(e: &LoadError, s: Severity, range: Range) -> Diagnostic {
    let mut message = e.kind.to_string();
    if let Some(help) = &e.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    Diagnostic {
        range,
        severity: Some(severity(s)),
        code: Some(NumberOrString::String(e.code().to_string())),
        source: Some(SOURCE.to_string()),
        message: visible(&message).into_owned(),
        ..Default::default()
    }
}

fn finding_diagnostic(
    f: &Finding,
    range: Range,
    related: Vec<DiagnosticRelatedInformation>,
    docs: Option<&str>,
) -> Diagnostic {
    let mut message = f.message.clone();
    for note in &f.notes {
        message.push_str("\n= ");
        message.push_str(note);
    }
    if let Some(help) = &f.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    Diagnostic {
        range,
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.code.as_str().to_string())),
        code_description: docs
            .and_then(|base| Uri::from_str(&format!("{base}#{}", f.kind())).ok())
            .map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message: visible(&message).into_owned(),
        related_information: (!related.is_empty()).then_some(related),
        ..Default::default()
    }
}
