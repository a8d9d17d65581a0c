//! `--format github`: GitHub Actions workflow commands, which the runner turns into
//! annotations on the pull request's files.
//!
//! One line per load error or finding, most severe first (load errors before findings of the
//! same level), at most [`SHOWN_PER_LEVEL`] of each level, since GitHub drops the rest of a
//! step's annotations silently; then one notice counting what was left out:
//!
//! ```text
//! ::error file=claims/a.yaml,line=9,col=12,title=conflict (facts-agree)::Sources disagree ...
//! ```
//!
//! Errors are `::error`, warnings `::warning`, infos `::notice`. A finding is annotated at its
//! first claim in a file the pull request changed (`--changed-from REF`), else at its first
//! claim (at its rule, when it has none); the message holds the notes, every claim
//! involved as `file:line:column` and the rule's help, on separate lines. Load errors are
//! `::error` lines at their place.
//!
//! Escaping is exactly that of GitHub's toolkit (`@actions/core`, `escapeData` and
//! `escapeProperty`): in the message `%` → `%25`, CR → `%0D`, LF → `%0A`; in property values
//! also `:` → `%3A` and `,` → `%2C`. No text from the inputs can therefore start a new
//! workflow command or end a property early. Before that, every text from the inputs goes
//! through [`text_safety`]: hidden characters are shown as `<U+XXXX>`, and `##[`, which the
//! runner reads anywhere in a line, is broken.

use std::collections::BTreeSet;
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

/// The annotations GitHub shows of each level in a step; it drops the rest silently.
pub const SHOWN_PER_LEVEL: usize = 10;

pub fn render(out: &Output) -> String {
    render_for_changes(out, &BTreeSet::new())
}

/// Like [`render`], annotating a finding that involves several files at its first claim in a
/// file of `changed` (the files a pull request changed), where it has one.
pub fn render_for_changes(out: &Output, changed: &BTreeSet<String>) -> String {
    // Most severe first, load errors before findings, so that what GitHub drops is the least
    // urgent.
    let mut levels: [(&str, Vec<String>); 3] = [
        ("error", Vec::new()),
        ("warning", Vec::new()),
        ("notice", Vec::new()),
    ];
    levels[0]
        .1
        .extend(out.load_errors.iter().map(|e| load_error(e, "error")));
    levels[1].1.extend(
        out.workspace
            .warnings
            .iter()
            .map(|e| load_error(e, "warning")),
    );
    for f in &out.report.findings {
        let i = match f.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        };
        levels[i].1.push(finding(out.workspace, f, changed));
    }
    let over = |n: usize| n > SHOWN_PER_LEVEL;
    let overflow = levels.iter().any(|(_, l)| over(l.len()));
    // The count of the rest is a notice itself: it takes one of the notices' places.
    let notice_room = SHOWN_PER_LEVEL - usize::from(overflow);
    let mut text = String::new();
    let mut left: Vec<String> = Vec::new();
    for (i, (level, lines)) in levels.iter().enumerate() {
        let room = if i == 2 { notice_room } else { SHOWN_PER_LEVEL };
        for l in lines.iter().take(room) {
            text.push_str(l);
            text.push('\n');
        }
        let rest = lines.len().saturating_sub(room);
        if rest > 0 {
            left.push(format!(
                "{rest} {level}{}",
                if rest == 1 { "" } else { "s" }
            ));
        }
    }
    if !left.is_empty() {
        let message = format!(
            "{} not annotated: GitHub shows {SHOWN_PER_LEVEL} annotations of each level per step. \
             The job summary (with $GITHUB_STEP_SUMMARY) and `crosscheck check` list every finding.",
            left.join(", ")
        );
        text.push_str(&line("notice", &[("title", "crosscheck".into())], &message));
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

fn finding(ws: &Workspace, f: &Finding, changed: &BTreeSet<String>) -> String {
    let in_changed = f
        .evidence
        .iter()
        .find(|e| changed.contains(e.file.trim_start_matches("./")));
    let mut props = match in_changed.or(f.evidence.first()) {
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
