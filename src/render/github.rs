//! `--format github`: GitHub Actions workflow commands, which the runner turns into
//! annotations on the pull request's files.
//!
//! One line per load error, then one per finding, in report order:
//!
//! ```text
//! ::error file=claims/a.yaml,line=9,col=12,title=conflict (facts-agree)::Sources disagree ...
//! ```
//!
//! Errors are `::error`, warnings `::warning`, infos `::notice`. A finding is annotated at its
//! first claim (at its rule, when it has none); the message holds the notes, every claim
//! involved as `file:line:column` and the rule's help, on separate lines. Load errors are
//! `::error` lines at their place.
//!
//! Escaping is exactly that of GitHub's toolkit (`@actions/core`, `escapeData` and
//! `escapeProperty`): in the message `%` → `%25`, CR → `%0D`, LF → `%0A`; in property values
//! also `:` → `%3A` and `,` → `%2C`. No text from the inputs can therefore start a new
//! workflow command or end a property early. Before that, every text from the inputs goes
//! through [`text_safety`]: hidden characters are shown as `<U+XXXX>`, and `##[`, which the
//! runner reads anywhere in a line, is broken.

use std::fmt::Write;

use super::Output;
use super::sarif::file_path;
use crate::error::LoadError;
use crate::finding::Finding;
use crate::model::{Severity, Workspace};
use crate::text_safety::{visible, visible_line};

/// The workflow command for a severity.
pub fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Escapes a command's message, as the toolkit's `escapeData`.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value, as the toolkit's `escapeProperty`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One workflow command line: `::NAME key=value,...::MESSAGE`.
pub fn line(name: &str, props: &[(&str, String)], message: &str) -> String {
    let mut s = format!("::{name}");
    for (i, (k, v)) in props.iter().enumerate() {
        s.push(if i == 0 { ' ' } else { ',' });
        let _ = write!(s, "{k}={}", escape_property(v));
    }
    let _ = write!(s, "::{}", escape_data(message));
    s
}

pub fn render(out: &Output) -> String {
    let mut text = String::new();
    for e in out.load_errors {
        text.push_str(&load_error(e, "error"));
        text.push('\n');
    }
    for e in &out.workspace.warnings {
        text.push_str(&load_error(e, "warning"));
        text.push('\n');
    }
    for f in &out.report.findings {
        text.push_str(&finding(out.workspace, f));
        text.push('\n');
    }
    text
}

fn place(file: &str, line: u32, column: u32) -> Vec<(&'static str, String)> {
    let mut props = vec![("file", visible_line(file).into_owned())];
    if line > 0 {
        props.push(("line", line.to_string()));
        if column > 0 {
            props.push(("col", column.to_string()));
        }
    }
    props
}

fn finding(ws: &Workspace, f: &Finding) -> String {
    let mut props = match f.evidence.first() {
        Some(e) => place(&e.file, e.span.line, e.span.column),
        None => ws
            .rules
            .iter()
            .find(|r| r.id == f.rule)
            .and_then(|r| Some(place(file_path(ws, &r.span)?, r.span.line, r.span.column)))
            .unwrap_or_default(),
    };
    props.push((
        "title",
        format!("{} ({})", f.code.as_str(), visible_line(&f.rule)),
    ));
    let mut message = f.message.clone();
    for note in &f.notes {
        let _ = write!(message, "\n{note}");
    }
    for e in &f.evidence {
        let _ = write!(
            message,
            "\n{}:{}:{}: {}",
            e.file, e.span.line, e.span.column, e.label
        );
    }
    if let Some(h) = &f.help {
        let _ = write!(message, "\nhelp: {h}");
    }
    line(command(f.severity), &props, &visible(&message))
}

/// A load error or warning (`level`) as a workflow command.
fn load_error(e: &LoadError, level: &str) -> String {
    let props = match e.span {
        Some(s) => place(&e.path, s.line, s.column),
        None if !e.path.is_empty() => place(&e.path, 0, 0),
        None => Vec::new(),
    };
    let mut message = format!("{e} [{}]", e.code());
    if let Some(h) = &e.help {
        let _ = write!(message, "\nhelp: {h}");
    }
    line(level, &props, &visible(&message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escapes_percent_then_cr_and_lf() {
        assert_eq!(escape_data("50% a\r\nb"), "50%25 a%0D%0Ab");
        assert_eq!(escape_data("a:b,c"), "a:b,c");
    }

    #[test]
    fn properties_also_escape_colon_and_comma() {
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn a_line_joins_properties_with_commas() {
        assert_eq!(
            line(
                "warning",
                &[("file", "a,b.yaml".into()), ("line", "3".into())],
                "x"
            ),
            "::warning file=a%2Cb.yaml,line=3::x"
        );
        assert_eq!(line("notice", &[], "m"), "::notice::m");
    }
}
