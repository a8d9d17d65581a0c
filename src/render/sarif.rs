//! `--format sarif`: one SARIF 2.1.0 log for code-scanning dashboards (GitHub code scanning,
//! Azure DevOps, IDE viewers).
//!
//! Layout: one run; `tool.driver.rules` holds one reporting descriptor per configured rule (in
//! the order the rules were loaded), described from the kind's documentation; `results` holds
//! one result per finding, in report order, located at the finding's first claim with the other
//! claims as `relatedLocations`; then the findings a baseline accepts, each with a suppression
//! (`kind: external`, `status: accepted`, the reason as `justification`). A finding with no claim is located at its rule. Load errors
//! become `invocations[0].toolExecutionNotifications`, and `executionSuccessful` is false when
//! there are any.
//!
//! Lines and columns are 1-based and count characters, so the run says
//! `columnKind: unicodeCodePoints`. File paths are kept as given (relative to where crosscheck
//! ran) and written as URI references, percent-encoded where a path holds characters a URI
//! cannot, with `uriBaseId: %SRCROOT%` (the repository's root, where CI runs the check). The
//! message ends with the other claims as links to their related locations (`[Bloomberg,
//! 2023-12-06](1)`). Rule descriptions are cut to 1,024 characters and the run to 25,000 results
//! (GitHub's limits), a notification saying how many were left out. `partialFingerprints` carries
//! [`fingerprint`] (rule, code, subject, property, sources and values), which survives moving
//! claims around. The output holds no time stamps or absolute paths that the inputs do
//! not: the same inputs give the same bytes.
//!
//! Code-scanning dashboards show the text to people: every text from the inputs goes through
//! [`text_safety::visible`] (hidden characters as `<U+XXXX>`), its Markdown forms through
//! [`escape`] as well, and the document is written inert like `--format json`'s.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Map, Value, json};

use super::Output;
use super::json::to_pretty;
use super::markdown::escape;
use crate::baseline::fingerprint;
use crate::error::LoadError;
use crate::finding::{Evidence, Finding};
use crate::model::{Rule, Severity, Workspace};
use crate::rules::{AnyKind, kind_info};
use crate::span::Span;
use crate::text_safety::{visible, visible_line};

/// Where the OASIS committee publishes the SARIF 2.1.0 schema (errata 01, the current text).
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The key under which results carry their fingerprint.
pub const FINGERPRINT_KEY: &str = "crosscheckFinding/v1";

/// The repository's web address (Cargo.toml `repository`), where the documentation lives.
const REPOSITORY: Option<&str> = match option_env!("CARGO_PKG_REPOSITORY") {
    Some(uri) if !uri.is_empty() => Some(uri),
    _ => None,
};

/// Where a rule kind is documented: its section of docs/rules.md in the repository, whose
/// headings are the kinds' names.
pub fn help_uri(kind: &str) -> Option<String> {
    let kind = kind_info(kind)?.name();
    REPOSITORY.map(|repo| format!("{repo}/blob/main/docs/rules.md#{kind}"))
}

/// SARIF's level for a severity.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

pub fn render(out: &Output) -> String {
    let ws = out.workspace;
    let mut driver = json!({
        "name": "crosscheck",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
    });
    if let Some(uri) = REPOSITORY {
        driver["informationUri"] = json!(uri);
    }
    driver["rules"] = ws.rules.iter().map(descriptor).collect();

    let accepted = out.report.baseline.iter().flat_map(|b| &b.accepted);
    let results: Vec<Value> = out
        .report
        .findings
        .iter()
        .map(|f| result(ws, f))
        .chain(accepted.map(|a| {
            let mut r = result(ws, &a.finding);
            r["suppressions"] = json!([{
                "kind": "external",
                "status": "accepted",
                "justification": visible(&a.reason),
            }]);
            r
        }))
        .take(MAX_RESULTS + 1)
        .collect();
    let capped = results.len() > MAX_RESULTS;
    let results: Vec<Value> = results.into_iter().take(MAX_RESULTS).collect();

    let mut invocation = json!({ "executionSuccessful": out.load_errors.is_empty() });
    let mut notifications: Vec<Value> = out
        .load_errors
        .iter()
        .map(|e| notification(ws, e, "error"))
        .chain(ws.warnings.iter().map(|e| notification(ws, e, "warning")))
        .collect();
    if capped {
        let total = out.report.findings.len()
            + out.report.baseline.as_ref().map_or(0, |b| b.accepted.len());
        notifications.push(json!({
            "level": "warning",
            "message": { "text": format!(
                "{} of {total} results left out: GitHub code scanning accepts at most {MAX_RESULTS} per run; `crosscheck check --format json` lists every finding",
                total - MAX_RESULTS
            ) },
        }));
    }
    if !notifications.is_empty() {
        invocation["toolExecutionNotifications"] = notifications.into();
    }

    let doc = json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver },
            "invocations": [invocation],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    to_pretty(&doc)
}

/// One `reportingDescriptor` for a configured rule.
fn descriptor(rule: &Rule) -> Value {
    let info = kind_info(rule.kind);
    let checks = info.map_or_else(|| format!("The `{}` check.", rule.kind), what_it_checks);
    let doc = info.map_or("", |k| k.doc());
    let codes = info.map_or(&[][..], |k| k.codes());
    let help = match &rule.help {
        // The help comes from a rules file anyone may edit: its Markdown is escaped like the
        // reports', so that it links, pings and embeds nothing.
        Some(h) => json!({ "text": visible(h), "markdown": format!("{}\n\n{doc}", escape(h)) }),
        None => json!({ "text": plain(doc), "markdown": doc }),
    };
    let mut d = json!({
        "id": visible_line(&rule.id),
        "name": rule.kind,
        "shortDescription": { "text": description(&first_sentence(&plain(&checks))) },
        "fullDescription": { "text": description(&plain(&checks)), "markdown": description(&checks) },
        "help": help,
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": {
            "kind": rule.kind,
            "codes": codes.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
            "tags": ["crosscheck", rule.kind],
        },
    });
    if let Some(uri) = help_uri(rule.kind) {
        d["helpUri"] = json!(uri);
    }
    if let Some(m) = &rule.message {
        // Plain-text message strings are sentences (the SARIF validator's SARIF2001).
        let mut text = visible(m).into_owned();
        if !text.ends_with(['.', '!', '?']) {
            text.push('.');
        }
        d["messageStrings"] = json!({ "custom": { "text": text } });
    }
    d
}

/// The kind's "What it checks" paragraph, as Markdown on one line, without its heading.
pub fn what_it_checks(info: &dyn AnyKind) -> String {
    const MARK: &str = "**What it checks.**";
    let doc = info.doc();
    let Some(start) = doc.find(MARK) else {
        return format!("The `{}` check.", info.name());
    };
    doc[start + MARK.len()..]
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Markdown emphasis, code marks and code fences dropped, for the plain-text forms.
pub fn plain(markdown: &str) -> String {
    markdown
        .lines()
        .filter(|l| !l.trim_start().starts_with("```"))
        .map(|l| l.replace("**", "").replace('`', ""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text up to and including the first full stop that ends a sentence.
pub fn first_sentence(text: &str) -> String {
    let text = text.trim();
    for (i, c) in text.char_indices() {
        let after = &text[i + c.len_utf8()..];
        if c != '.' || !(after.is_empty() || after.starts_with(char::is_whitespace)) {
            continue;
        }
        let before = text[..i].to_lowercase();
        let abbreviation = ["e.g", "i.e", "etc", "vs"].iter().any(|a| {
            before.ends_with(a)
                && !before[..before.len() - a.len()].ends_with(char::is_alphanumeric)
        });
        if !abbreviation {
            return text[..=i].to_string();
        }
    }
    text.to_string()
}

/// Text for the inside of a SARIF message link: `\`, `[` and `]` escaped as SARIF asks.
fn link_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// GitHub code scanning's limit on a rule's descriptions, in characters.
const MAX_DESCRIPTION: usize = 1024;

/// A description cut to [`MAX_DESCRIPTION`] characters, with an ellipsis when cut.
fn description(s: &str) -> String {
    if s.chars().count() <= MAX_DESCRIPTION {
        return s.to_string();
    }
    let mut t: String = s.chars().take(MAX_DESCRIPTION - 1).collect();
    t.push('…');
    t
}

/// The most results GitHub code scanning accepts in one run.
pub const MAX_RESULTS: usize = 25_000;

/// One result for a finding.
fn result(ws: &Workspace, f: &Finding) -> Value {
    let mut r = Map::new();
    r.insert("ruleId".into(), json!(visible_line(&f.rule)));
    if let Some(i) = ws.rules.iter().position(|rule| rule.id == f.rule) {
        r.insert("ruleIndex".into(), json!(i));
    }
    r.insert("level".into(), json!(level(f.severity)));
    let mut text = f.message.clone();
    for note in &f.notes {
        text.push('\n');
        text.push_str(note);
    }
    // The other claims, as links to their related locations (ids 1, 2, ...).
    let others: Vec<String> = f
        .evidence
        .iter()
        .skip(1)
        .enumerate()
        .map(|(i, e)| format!("[{}]({})", link_text(&visible_line(&e.origin)), i + 1))
        .collect();
    if !others.is_empty() {
        text.push_str("\nAlso: ");
        text.push_str(&others.join(", "));
    }
    r.insert("message".into(), json!({ "text": visible(&text) }));
    let primary = match f.evidence.first() {
        Some(e) => Some(evidence_location(ws, e, None)),
        None => rule_location(ws, &f.rule),
    };
    r.insert(
        "locations".into(),
        json!(primary.into_iter().collect::<Vec<_>>()),
    );
    if f.evidence.len() > 1 {
        let related: Vec<Value> = f.evidence[1..]
            .iter()
            .enumerate()
            .map(|(i, e)| evidence_location(ws, e, Some(i + 1)))
            .collect();
        r.insert("relatedLocations".into(), json!(related));
    }
    r.insert(
        "partialFingerprints".into(),
        json!({ FINGERPRINT_KEY: fingerprint(f) }),
    );
    let mut props = json!({
        "code": f.code.as_str(),
        "kind": f.kind(),
        "severity": f.severity.as_str(),
        "subject": f.subject.as_deref().map(visible_line),
        "property": f.property.as_deref().map(visible_line),
    });
    if let Some(h) = &f.help {
        props["help"] = json!(visible(h));
    }
    r.insert("properties".into(), props);
    Value::Object(r)
}

fn evidence_location(ws: &Workspace, e: &Evidence, id: Option<usize>) -> Value {
    let mut loc = Map::new();
    if let Some(id) = id {
        loc.insert("id".into(), json!(id));
    }
    loc.insert(
        "physicalLocation".into(),
        physical(ws, &e.file, Some(&e.span)),
    );
    loc.insert("message".into(), json!({ "text": visible(&e.label) }));
    Value::Object(loc)
}

/// Where a finding without claims points: the rule that reported it.
fn rule_location(ws: &Workspace, rule: &str) -> Option<Value> {
    let rule = ws.rules.iter().find(|r| r.id == rule)?;
    let file = file_path(ws, &rule.span)?;
    Some(json!({
        "physicalLocation": physical(ws, file, Some(&rule.span)),
        "message": { "text": format!("rule {}", visible_line(&rule.id)) },
    }))
}

/// A load error or warning (`level`) as a tool execution notification.
fn notification(ws: &Workspace, e: &LoadError, level: &str) -> Value {
    let mut text = e.to_string();
    if let Some(h) = &e.help {
        text.push_str("\nhelp: ");
        text.push_str(h);
    }
    let mut n = json!({
        "level": level,
        "message": { "text": visible(&text) },
        "descriptor": { "id": e.code() },
    });
    if !e.path.is_empty() {
        n["locations"] = json!([{ "physicalLocation": physical(ws, &e.path, e.span.as_ref()) }]);
    }
    n
}

fn physical(ws: &Workspace, file: &str, span: Option<&Span>) -> Value {
    let uri = uri(file);
    // A relative path is relative to the repository's root, where the check runs in CI.
    let mut p = if uri.starts_with("file:") {
        json!({ "artifactLocation": { "uri": uri } })
    } else {
        json!({ "artifactLocation": { "uri": uri, "uriBaseId": "%SRCROOT%" } })
    };
    if let Some(region) = span.and_then(|s| region(ws, file, s)) {
        p["region"] = region;
    }
    p
}

/// The region of a span: its start, and where the text it covers is known, its end and text.
fn region(ws: &Workspace, file: &str, span: &Span) -> Option<Value> {
    if span.line == 0 || span.column == 0 {
        return None;
    }
    let mut r = json!({ "startLine": span.line, "startColumn": span.column });
    if let Some(text) = span_text(ws, file, span).filter(|t| !t.is_empty()) {
        r["endColumn"] = json!(span.column as usize + text.chars().count());
        r["snippet"] = json!({ "text": visible(text) });
    }
    Some(r)
}

/// The path of the file a span lies in, when that file is loaded.
pub(crate) fn file_path<'w>(ws: &'w Workspace, span: &Span) -> Option<&'w str> {
    ((span.file.0 as usize) < ws.files.len()).then(|| ws.files.path(span.file))
}

/// The text a span covers, on its first line, when its file is the one named.
pub(crate) fn span_text<'w>(ws: &'w Workspace, file: &str, span: &Span) -> Option<&'w str> {
    if file_path(ws, span)? != file {
        return None;
    }
    let text = &ws.files.get(span.file).text;
    let covered = text.get(span.range())?;
    covered.split(['\n', '\r']).next()
}

/// A file path as a URI reference: relative paths stay relative; absolute ones become `file:`
/// URIs. Characters a URI cannot hold are percent-encoded as UTF-8 (`:` too, so that a
/// relative path is never read as a scheme).
pub fn uri(path: &str) -> String {
    let path = if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_string()
    };
    let bytes = path.as_bytes();
    let drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    let (prefix, rest) = if drive && (bytes.len() == 2 || bytes[2] == b'/') {
        (format!("file:///{}", &path[..2]), &path[2..])
    } else if path.starts_with('/') {
        ("file://".to_string(), path.as_str())
    } else {
        (String::new(), path.as_str())
    };
    format!("{prefix}{}", utf8_percent_encode(rest, URI_ESCAPED))
}

/// What a path in a URI percent-encodes: everything but the unreserved characters, `/` and
/// the sub-delimiters (RFC 3986); `:` too, so that a relative path never reads as a scheme.
const URI_ESCAPED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b'@');

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::KINDS;

    #[test]
    fn relative_paths_stay_relative_and_odd_characters_are_percent_encoded() {
        assert_eq!(uri("claims/a.yaml"), "claims/a.yaml");
        assert_eq!(uri("odd dir/diário,1.yaml"), "odd%20dir/di%C3%A1rio,1.yaml");
        assert_eq!(uri("a:b/c#d?.yaml"), "a%3Ab/c%23d%3F.yaml");
        assert_eq!(uri("100%.yaml"), "100%25.yaml");
    }

    #[test]
    fn control_characters_and_reserved_ones_are_encoded_and_sub_delimiters_kept() {
        assert_eq!(uri("a\u{1}b\nc\td\u{7f}.yaml"), "a%01b%0Ac%09d%7F.yaml");
        assert_eq!(
            uri("x [1] {2}\\\"<>^`|.yaml"),
            "x%20%5B1%5D%20%7B2%7D%5C%22%3C%3E%5E%60%7C.yaml"
        );
        assert_eq!(uri("Ω/-._~!$&'()*+,;=@"), "%CE%A9/-._~!$&'()*+,;=@");
    }

    #[test]
    fn absolute_paths_become_file_uris() {
        assert_eq!(uri("/tmp/x y.yaml"), "file:///tmp/x%20y.yaml");
        assert_eq!(uri("C:/work/x.yaml"), "file:///C:/work/x.yaml");
    }

    #[test]
    fn severities_map_to_sarif_levels() {
        assert_eq!(level(Severity::Error), "error");
        assert_eq!(level(Severity::Warning), "warning");
        assert_eq!(level(Severity::Info), "note");
    }

    #[test]
    fn first_sentence_stops_at_the_first_full_stop_outside_abbreviations() {
        assert_eq!(
            first_sentence("Checks things, e.g. dates. Then more."),
            "Checks things, e.g. dates."
        );
        assert_eq!(
            first_sentence("Dates 2017-12-24 (v1.2) differ. No."),
            "Dates 2017-12-24 (v1.2) differ."
        );
        assert_eq!(first_sentence("No stop"), "No stop");
    }

    #[test]
    fn every_kind_has_a_one_sentence_short_description() {
        for kind in KINDS {
            let short = first_sentence(&plain(&what_it_checks(*kind)));
            assert!(short.ends_with('.'), "{}: {short}", kind.name());
            assert!(!short.contains("**"), "{}: {short}", kind.name());
            assert!(short.len() > 20, "{}: {short}", kind.name());
            assert!(short.len() < 400, "{}: {short}", kind.name());
        }
    }

    #[test]
    fn every_kind_has_descriptions_within_githubs_limit_and_a_help_uri_to_its_section() {
        let ws = crate::testing::nov_16_against_oct_1();
        let rules_doc = include_str!("../../docs/rules.md");
        for kind in KINDS {
            let mut rule = ws.rules[0].clone();
            rule.kind = kind.name();
            let d = descriptor(&rule);
            for key in ["shortDescription", "fullDescription"] {
                for form in ["text", "markdown"] {
                    if let Some(text) = d[key][form].as_str() {
                        assert!(
                            !text.is_empty() && text.chars().count() <= MAX_DESCRIPTION,
                            "{}: {key}.{form}: {text}",
                            kind.name()
                        );
                    }
                }
            }
            let uri = d["helpUri"].as_str().expect("a helpUri");
            assert_eq!(
                uri,
                format!(
                    "https://github.com/crosscheck-news/crosscheck/blob/main/docs/rules.md#{}",
                    kind.name()
                )
            );
            // GitHub's anchor for the heading `# agree` is `#agree`.
            assert!(
                rules_doc.lines().any(|l| l == format!("# {}", kind.name())),
                "docs/rules.md has no heading for {}",
                kind.name()
            );
        }
    }

    #[test]
    fn a_description_over_githubs_limit_is_cut_with_an_ellipsis() {
        let cut = description(&"é".repeat(2000));
        assert_eq!(cut.chars().count(), MAX_DESCRIPTION);
        assert!(cut.ends_with("é…"));
        assert_eq!(description("short."), "short.");
    }

    #[test]
    fn a_rules_own_message_becomes_a_sentence_in_its_message_strings() {
        let ws = crate::testing::nov_16_against_oct_1();
        let mut rule = ws.rules[0].clone();
        rule.message = Some("the {property} of {subject} differs".into());
        let d = descriptor(&rule);
        assert_eq!(
            d["messageStrings"]["custom"]["text"],
            "the {property} of {subject} differs."
        );
        rule.message = Some("Is {subject} right?".into());
        assert_eq!(
            descriptor(&rule)["messageStrings"]["custom"]["text"],
            "Is {subject} right?"
        );
    }

    /// The SARIF run of a report holding `n` copies of one finding.
    fn run_of_copies(n: usize) -> Value {
        let ws = crate::testing::nov_16_against_oct_1();
        let mut report = crate::check::check(&ws);
        let finding = report.findings.first().expect("a finding").clone();
        report.findings = vec![finding; n];
        let out = Output {
            workspace: &ws,
            report: &report,
            load_errors: &[],
        };
        let doc: Value = serde_json::from_str(&render(&out)).unwrap();
        doc["runs"][0].clone()
    }

    #[test]
    fn results_beyond_githubs_limit_are_left_out_with_a_warning_notification() {
        let run = &run_of_copies(MAX_RESULTS + 2);
        assert_eq!(run["results"].as_array().unwrap().len(), MAX_RESULTS);
        let invocation = &run["invocations"][0];
        // Leaving results out is no failure of the run: the inputs loaded.
        assert_eq!(invocation["executionSuccessful"], true);
        let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0]["level"], "warning");
        assert_eq!(
            notes[0]["message"]["text"],
            "2 of 25002 results left out: GitHub code scanning accepts at most 25000 per run; `crosscheck check --format json` lists every finding"
        );
    }

    #[test]
    fn at_githubs_limit_nothing_is_left_out_and_nothing_is_notified() {
        let run = &run_of_copies(MAX_RESULTS);
        assert_eq!(run["results"].as_array().unwrap().len(), MAX_RESULTS);
        assert!(
            run["invocations"][0]
                .get("toolExecutionNotifications")
                .is_none()
        );
    }
}
