//! `--format junit`: JUnit XML as CI servers read test reports (Jenkins, GitLab, Azure DevOps).
//!
//! Layout: `<testsuites>` holding one `<testsuite name="crosscheck">`. Every configured rule is
//! one `<testcase classname="crosscheck.KIND" name="RULE-ID">`, which passes when the rule
//! found nothing and otherwise holds one `<failure type="CODE" message="...">` per finding,
//! whose text gives the severity and code, each claim involved as `file:line:column` with its
//! label, the notes and the rule's help. Load errors make one more test case, `load`
//! (classname `crosscheck.load`), with one `<error>` per load error.
//!
//! Counts follow JUnit's meaning: `tests` is the number of test cases, `failures` the number of
//! test cases (rules) with at least one failure, `errors` the number with an error (the `load`
//! case), `skipped` the number of findings a baseline accepts: each is a test case of its
//! rule holding one `<skipped message="accepted in the baseline: REASON">`. Some viewers (Jenkins) show only the first `<failure>` of a test case in their
//! summary; each failure's text is complete on its own.
//!
//! All text from the inputs goes through [`crate::text_safety::visible`], which shows every control
//! and hidden character as `<U+XXXX>` (among them all those XML 1.0 does not allow or
//! discourages) and breaks workflow commands, then is escaped for XML (`& < > " '`). In
//! attributes, tab and line feed are written as character references so that they survive
//! attribute normalisation. The output holds no time stamps: the same inputs give the same bytes.

use std::fmt::Write;

use super::Output;
use super::markup::{self, WhiteSpace};
use super::sarif::file_path;
use crate::baseline::Accepted;
use crate::error::LoadError;
use crate::finding::Finding;

pub fn render(out: &Output) -> String {
    let ws = out.workspace;
    let findings = &out.report.findings;

    // Configured rules first, in load order; then any rule a finding names that is not
    // configured (none, in practice), in report order.
    let mut cases: Vec<Case> = ws
        .rules
        .iter()
        .map(|r| Case {
            classname: format!("crosscheck.{}", r.kind),
            name: r.id.clone(),
            file: file_path(ws, &r.span).map(str::to_string),
            findings: Vec::new(),
        })
        .collect();
    for f in findings {
        let i = match cases.iter().position(|c| c.name == f.rule) {
            Some(i) => i,
            None => {
                cases.push(Case {
                    classname: format!("crosscheck.{}", f.kind()),
                    name: f.rule.clone(),
                    file: None,
                    findings: Vec::new(),
                });
                cases.len() - 1
            }
        };
        cases[i].findings.push(f);
    }

    let accepted: &[Accepted] = out
        .report
        .baseline
        .as_ref()
        .map_or(&[], |b| b.accepted.as_slice());
    let load = !out.load_errors.is_empty();
    let tests = cases.len() + accepted.len() + usize::from(load);
    let failures = cases.iter().filter(|c| !c.findings.is_empty()).count();
    let errors = usize::from(load);
    let counts = format!(r#"tests="{tests}" failures="{failures}" errors="{errors}""#);

    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(x, r#"<testsuites name="crosscheck" {counts}>"#);
    let _ = writeln!(
        x,
        r#"  <testsuite name="crosscheck" {counts} skipped="{}">"#,
        accepted.len()
    );
    for case in &cases {
        let _ = write!(
            x,
            r#"    <testcase classname="{}" name="{}""#,
            attr(&case.classname),
            attr(&case.name)
        );
        if let Some(file) = &case.file {
            let _ = write!(x, r#" file="{}""#, attr(file));
        }
        if case.findings.is_empty() {
            x.push_str("/>\n");
            continue;
        }
        x.push_str(">\n");
        for f in &case.findings {
            let _ = writeln!(
                x,
                r#"      <failure type="{}" message="{}">{}</failure>"#,
                attr(f.code.as_str()),
                attr(&f.message),
                text(&details(f))
            );
        }
        x.push_str("    </testcase>\n");
    }
    // An accepted finding is a skipped test case of its own: JUnit allows one `<skipped>` per
    // case, and a rule may have both new and accepted findings.
    for a in accepted {
        let f = &a.finding;
        let _ = writeln!(
            x,
            r#"    <testcase classname="crosscheck.{}" name="{}">"#,
            attr(f.kind()),
            attr(&f.rule)
        );
        let _ = writeln!(
            x,
            r#"      <skipped message="{}">{}</skipped>"#,
            attr(&format!("accepted in the baseline: {}", a.reason)),
            text(&details(f))
        );
        x.push_str("    </testcase>\n");
    }
    if load {
        x.push_str("    <testcase classname=\"crosscheck.load\" name=\"load\">\n");
        for e in out.load_errors {
            let _ = writeln!(
                x,
                r#"      <error type="{}" message="{}">{}</error>"#,
                attr(e.code()),
                attr(&e.to_string()),
                text(&load_details(e))
            );
        }
        x.push_str("    </testcase>\n");
    }
    x.push_str("  </testsuite>\n</testsuites>\n");
    x
}

struct Case<'a> {
    classname: String,
    name: String,
    file: Option<String>,
    findings: Vec<&'a Finding>,
}

/// The text of a failure: what, where, and what to do.
fn details(f: &Finding) -> String {
    let mut s = format!(
        "{}[{}]: {}\n",
        f.severity.as_str(),
        f.code.as_str(),
        f.message
    );
    for e in &f.evidence {
        let _ = writeln!(
            s,
            "  at {}:{}:{}: {}",
            e.file, e.span.line, e.span.column, e.label
        );
    }
    for note in &f.notes {
        let _ = writeln!(s, "  note: {note}");
    }
    if let Some(h) = &f.help {
        let _ = writeln!(s, "  help: {h}");
    }
    s
}

fn load_details(e: &LoadError) -> String {
    let place = match e.span {
        Some(s) => format!("{}:{}:{}", e.path, s.line, s.column),
        None => e.path.clone(),
    };
    let mut s = format!("{place}: {e} [{}]\n", e.code());
    if let Some(h) = &e.help {
        let _ = writeln!(s, "  help: {h}");
    }
    s
}

/// Escapes text for element content.
pub fn text(s: &str) -> String {
    markup::escape(s, WhiteSpace::Keep)
}

/// Escapes text for an attribute value in double or single quotes.
pub fn attr(s: &str) -> String {
    markup::escape(s, WhiteSpace::Reference)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_become_entities() {
        assert_eq!(text(r#"<script>&"'"#), "&lt;script&gt;&amp;&quot;&#39;");
        assert_eq!(attr("a<b"), "a&lt;b");
    }

    #[test]
    fn characters_xml_forbids_or_discourages_are_shown_by_code_point() {
        assert_eq!(
            text("a\u{0}b\u{1b}c\u{FFFF}d\u{85}e\u{202E}f\rg"),
            "a&lt;U+0000&gt;b&lt;U+001B&gt;c&lt;U+FFFF&gt;d&lt;U+0085&gt;e&lt;U+202E&gt;f&lt;U+000D&gt;g"
        );
    }

    #[test]
    fn white_space_survives_in_text_and_attributes() {
        assert_eq!(text("a\tb\nc"), "a\tb\nc");
        assert_eq!(attr("a\tb\nc"), "a&#9;b&#10;c");
    }

    #[test]
    fn workflow_commands_in_text_are_broken() {
        assert_eq!(
            text("x\n::error::y ##[warning]z"),
            "x\n&lt;U+003A&gt;:error::y ##&lt;U+005B&gt;warning]z"
        );
    }

    #[test]
    fn characters_outside_the_basic_plane_are_kept() {
        assert_eq!(text("Pérez 🗞"), "Pérez 🗞");
    }
}
