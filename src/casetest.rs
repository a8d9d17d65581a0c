//! Rule tests: folders of claims and rules, each with an `expect.yaml` that lists the findings
//! the rules must produce there — no more, no fewer.
//!
//! A case is a folder holding `expect.yaml` and the YAML inputs to check (sources, registry,
//! properties, rules, in files or sub-folders). `expect.yaml` may name further `inputs`,
//! relative to the case folder, such as the bundled `rules/`:
//!
//! ```yaml
//! inputs: [../../rules, ../../claims/entities.yaml]
//! findings:
//!   - code: name-variant
//!     rule: name-variants
//!     subject: fujimori-pardon-2017
//!     property: granted_by       # optional; omit or null for none
//!     sources: [lt-2022]         # optional; compared as a set; registry evidence is `registry`
//!     severity: warning          # optional
//!     message: near miss         # optional: a part of the message
//!     notes: ["Pablo"]           # optional: each a part of one of the notes
//!     evidence: [lt-2022.yaml:8:12]   # optional: FILE:LINE:COLUMN, FILE the file's name
//! ```
//!
//! A finding matches an expectation when code, rule, subject and property are equal and every
//! optional key the expectation gives holds ([`Details`]).
//! Each expectation needs a finding of its own, and every finding must be expected: a case
//! fails on anything missing or unexpected, and on any load error of its inputs or of
//! `expect.yaml`.
//!
//! The cases root is the folder that holds the folder of cases (for `cases/agree`, the project
//! folder holding `cases/`, `rules/` and `claims/`); an `inputs` path may not lead out of it.
//!
//! The library never prints: [`render`] turns results into the report `crosscheck test` shows.

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Component, Path, PathBuf};

use marked_yaml::Node;

use crate::check::check;
use crate::error::{LoadError, LoadErrorKind, did_you_mean};
use crate::finding::Finding;
use crate::load::{LoadOptions, Loaded, Refusal, Root, is_yaml, read_file};
use crate::model::Severity;
use crate::project::load;
use crate::render::{Output, human};
use crate::span::{FileId, SourceFile, Span, Spanned};
use crate::text_safety::{visible, visible_line};
use crate::yaml::{self, Reader};

/// The file that makes a folder a case.
pub const EXPECT_FILE: &str = "expect.yaml";

/// A finding as a case names it: what must appear, or what appeared without being expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    pub code: String,
    pub rule: String,
    pub subject: Option<String>,
    pub property: Option<String>,
    /// The source ids of the evidence (`registry` for registry evidence), in the order given;
    /// compared as a set. `None`: not compared.
    pub sources: Option<Vec<String>>,
    /// What the case may further ask of the finding; a finding has them all.
    pub details: Details,
}

/// What an expectation may ask of a finding beyond its key and sources; `None` or empty: not
/// compared.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Details {
    /// `error`, `warning` or `info`.
    pub severity: Option<String>,
    /// A text the finding's message contains.
    pub message: Option<String>,
    /// Texts each of which one of the finding's notes contains.
    pub notes: Vec<String>,
    /// Where the evidence is, each `FILE:LINE:COLUMN` with FILE the file's name; compared as a
    /// set.
    pub evidence: Option<Vec<String>>,
}

impl Details {
    /// Whether `found` (a finding's details) has what these ask for.
    fn met_by(&self, found: &Details) -> bool {
        fn set(v: &Option<Vec<String>>) -> Option<BTreeSet<&str>> {
            v.as_ref().map(|v| v.iter().map(String::as_str).collect())
        }
        self.severity
            .as_ref()
            .is_none_or(|s| found.severity.as_ref() == Some(s))
            && self.message.as_ref().is_none_or(|m| {
                found
                    .message
                    .as_ref()
                    .is_some_and(|f| f.contains(m.as_str()))
            })
            && self
                .notes
                .iter()
                .all(|n| found.notes.iter().any(|f| f.contains(n.as_str())))
            && (self.evidence.is_none() || set(&self.evidence) == set(&found.evidence))
    }

    /// The details `wanted` asks about, as these give them: ` severity warning, message "…"`.
    fn shown(&self, wanted: &Details) -> String {
        let mut parts = Vec::new();
        if wanted.severity.is_some() {
            parts.push(format!(
                "severity {}",
                self.severity.as_deref().unwrap_or("?")
            ));
        }
        if wanted.message.is_some() {
            parts.push(format!(
                "message {:?}",
                self.message.as_deref().unwrap_or("")
            ));
        }
        if !wanted.notes.is_empty() {
            parts.push(format!("notes {:?}", self.notes));
        }
        if wanted.evidence.is_some() {
            let evidence = self.evidence.as_deref().unwrap_or_default();
            parts.push(format!("evidence [{}]", evidence.join(", ")));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!(" ({})", parts.join("; "))
        }
    }
}

impl Expected {
    /// How a finding is named in a case: its key and the sources of its evidence.
    pub fn of(f: &Finding) -> Self {
        let mut sources: Vec<String> = Vec::new();
        for e in &f.evidence {
            if !sources.iter().any(|s| **s == *e.source) {
                sources.push(e.source.to_string());
            }
        }
        let evidence = f
            .evidence
            .iter()
            .map(|e| {
                let name = Path::new(&*e.file)
                    .file_name()
                    .map_or_else(|| e.file.to_string(), |n| n.to_string_lossy().into_owned());
                format!("{name}:{}:{}", e.span.line, e.span.column)
            })
            .collect();
        Expected {
            code: f.code.as_str().to_string(),
            rule: f.rule.clone(),
            subject: f.subject.clone(),
            property: f.property.clone(),
            sources: Some(sources),
            details: Details {
                severity: Some(f.severity.as_str().to_string()),
                message: Some(f.message.clone()),
                notes: f.notes.clone(),
                evidence: Some(evidence),
            },
        }
    }

    fn key(&self) -> (&str, &str, Option<&str>, Option<&str>) {
        (
            &self.code,
            &self.rule,
            self.subject.as_deref(),
            self.property.as_deref(),
        )
    }

    fn source_set(&self) -> Option<BTreeSet<&str>> {
        self.sources
            .as_ref()
            .map(|s| s.iter().map(String::as_str).collect())
    }

    /// Whether `found` (a finding, as [`Expected::of`] names it) satisfies this expectation.
    pub fn matches(&self, found: &Expected) -> bool {
        self.key() == found.key()
            && match (self.source_set(), found.source_set()) {
                (Some(want), Some(got)) => want == got,
                _ => true,
            }
            && self.details.met_by(&found.details)
    }
}

impl fmt::Display for Expected {
    /// `conflict facts-agree alberto-fujimori jailed [andes-ledger, pacific-wire]`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {} {}",
            self.code,
            self.rule,
            self.subject.as_deref().unwrap_or("(no subject)"),
            self.property.as_deref().unwrap_or("(no property)")
        )?;
        if let Some(sources) = &self.sources {
            write!(f, " [{}]", sources.join(", "))?;
        }
        Ok(())
    }
}

/// The outcome of one case.
#[derive(Debug, Clone, Default)]
pub struct CaseResult {
    /// The case folder's name.
    pub name: String,
    /// Expectations no finding matched.
    pub missing: Vec<Expected>,
    /// Findings no expectation matched.
    pub unexpected: Vec<Expected>,
    /// Errors loading the case's inputs or its `expect.yaml`.
    pub load_errors: Vec<LoadError>,
    /// The rules the case loads: (id, kind).
    pub rules: Vec<(String, String)>,
    /// What `expect.yaml` lists.
    pub expected: Vec<Expected>,
}

impl CaseResult {
    pub fn passed(&self) -> bool {
        self.missing.is_empty() && self.unexpected.is_empty() && self.load_errors.is_empty()
    }
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

fn is_case(dir: &Path) -> bool {
    dir.join(EXPECT_FILE).is_file()
}

/// The cases under `dir`: every direct sub-folder holding an `expect.yaml`, sorted; or `dir`
/// itself when it is a case. Empty when there are none or `dir` cannot be read.
pub fn discover(dir: &Path) -> Vec<PathBuf> {
    if is_case(dir) {
        return vec![dir.to_path_buf()];
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut cases: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| !is_hidden(p) && p.is_dir() && is_case(p))
        .collect();
    cases.sort();
    cases
}

/// Runs every case under `dir` (see [`discover`]).
pub fn run_all(dir: &Path) -> Vec<CaseResult> {
    // The root comes from the folder named, not from each case found in it: a case folder
    // that is a symbolic link elsewhere must not move the root there.
    let root = if is_case(dir) {
        cases_root(dir)
    } else {
        real(dir)
            .parent()
            .map_or_else(|| PathBuf::from("/"), Path::to_path_buf)
    };
    discover(dir)
        .iter()
        .map(|d| run_case_in(d, &root))
        .collect()
}

/// What `expect.yaml` says.
#[derive(Default)]
struct ExpectFile {
    inputs: Vec<Spanned<String>>,
    findings: Vec<(Expected, Span)>,
}

/// Whether a scalar is YAML's null (`~`, `null`, or nothing).
fn is_null(node: &Node) -> bool {
    matches!(node, Node::Scalar(s)
        if s.may_coerce() && matches!(s.as_str().trim(), "" | "~" | "null" | "Null" | "NULL"))
}

/// Reads `expect.yaml` as every input is read (inside the cases root, within the size limit):
/// what it says, as far as it could be read, and every error in it.
fn read_expect(path: &Path, root: &Root, opts: &LoadOptions) -> (ExpectFile, Vec<LoadError>) {
    let shown = path.display().to_string();
    let text = match read_file(path, root, opts) {
        Ok(t) => t,
        Err(e) => return (ExpectFile::default(), vec![*e]),
    };
    if text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        let e = LoadError::file(&shown, LoadErrorKind::Empty)
            .with_help("list the findings the case must produce, or write `findings: []`");
        return (ExpectFile::default(), vec![e]);
    }
    let src = SourceFile::new(shown, text);
    // Not one of the checked files: a file id no workspace uses; spans keep line and column.
    let file = FileId(u32::MAX);
    let root = match yaml::parse(file, &src) {
        Ok(root) => root,
        Err(e) => return (ExpectFile::default(), vec![*e]),
    };
    let mut r = Reader::new(file, &src);
    let out = read_expect_nodes(&mut r, &root);
    (out, r.errors)
}

fn read_expect_nodes(r: &mut Reader, root: &Node) -> ExpectFile {
    let mut out = ExpectFile::default();
    let Some(top) = r.fields(root, "expect.yaml", &["inputs", "findings"], &["findings"]) else {
        return out;
    };
    if let Some(node) = top.get("inputs") {
        out.inputs = r.string_list(node, "a path relative to the case folder");
    }
    let Some(list) = top.get("findings") else {
        return out;
    };
    // `findings:` with nothing after it expects nothing, like `findings: []`.
    if is_null(list) {
        return out;
    }
    let keys = [
        "code", "rule", "subject", "property", "sources", "severity", "message", "notes",
        "evidence",
    ];
    for node in r.list(list, "a list of expected findings") {
        let Some(f) = r.fields(node, "expected finding", &keys, &["code", "rule"]) else {
            continue;
        };
        let span = f.span;
        let (Some(code), Some(rule)) = (
            r.opt_string(&f, "code", "a finding code"),
            r.opt_string(&f, "rule", "a rule id"),
        ) else {
            continue;
        };
        if crate::rules::code(&code.value).is_none() {
            let help = did_you_mean(&code.value, crate::rules::codes().map(|c| c.as_str()))
                .unwrap_or_else(|| "`crosscheck explain KIND` lists a kind's codes".into());
            r.error(
                code.span,
                LoadErrorKind::Unknown {
                    what: "finding code".into(),
                    name: code.value.clone(),
                },
                Some(help),
            );
        }
        let mut optional = |key: &str, what: &str| match f.get(key) {
            Some(n) if !is_null(n) => r.string(n, what).map(|s| s.value),
            _ => None,
        };
        let subject = optional("subject", "an entity id or name");
        let property = optional("property", "a property name");
        let message = optional("message", "a text the finding's message contains");
        let severity = f
            .get("severity")
            .and_then(|n| r.string(n, "error, warning or info"));
        if let Some(s) = &severity
            && Severity::parse(&s.value).is_none()
        {
            r.error(
                s.span,
                LoadErrorKind::InvalidValue {
                    what: "severity".into(),
                    text: s.value.clone(),
                },
                Some("a severity is `error`, `warning` or `info`".into()),
            );
        }
        let mut list = |key: &str, what: &str| {
            f.get(key).map(|n| {
                if is_null(n) {
                    Vec::new()
                } else {
                    r.string_list(n, what)
                        .into_iter()
                        .map(|s| s.value)
                        .collect()
                }
            })
        };
        let sources = list("sources", "a source id");
        let notes = list("notes", "a text one of the finding's notes contains").unwrap_or_default();
        let evidence = list("evidence", "FILE:LINE:COLUMN");
        out.findings.push((
            Expected {
                code: code.value,
                rule: rule.value,
                subject,
                property,
                sources,
                details: Details {
                    severity: severity.map(|s| s.value),
                    message,
                    notes,
                    evidence,
                },
            },
            span,
        ));
    }
    out
}

/// `a/b/../c` as `a/c`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                let last = out.components().next_back();
                match last {
                    Some(Component::Normal(_)) => {
                        out.pop();
                    }
                    Some(Component::RootDir | Component::Prefix(_)) => {}
                    _ => out.push(".."),
                }
            }
            other => out.push(other),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// Where `path` really leads: resolved through links where it exists, else lexically.
fn real(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| {
        let abs = if path.is_absolute() {
            path.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(path)
        };
        normalize(&abs)
    })
}

/// The folder `inputs` must stay in: the one holding the folder of cases.
fn cases_root(case: &Path) -> PathBuf {
    let real_case = real(case);
    real_case
        .ancestors()
        .nth(2)
        .map_or_else(|| PathBuf::from("/"), Path::to_path_buf)
}

/// The case folder's own inputs: its YAML files other than `expect.yaml`, and its sub-folders.
fn own_inputs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| !is_hidden(p))
        .filter(|p| {
            if p.is_dir() {
                return true;
            }
            is_yaml(p) && p.file_name().and_then(|n| n.to_str()) != Some(EXPECT_FILE)
        })
        .collect();
    paths.sort();
    paths
}

/// Runs one case: loads its inputs, checks them, and compares the findings with `expect.yaml`.
pub fn run_case(dir: &Path) -> CaseResult {
    run_case_in(dir, &cases_root(dir))
}

/// Runs one case whose inputs must lie in `root_dir`.
fn run_case_in(dir: &Path, root_dir: &Path) -> CaseResult {
    let mut result = CaseResult {
        name: case_name(dir),
        ..Default::default()
    };
    let Some(case) = load_case(dir, root_dir, &mut result) else {
        return result;
    };
    result
        .load_errors
        .extend(case.loaded.errors.iter().cloned());
    result.rules = case
        .loaded
        .workspace
        .rules
        .iter()
        .map(|r| (r.id.clone(), r.kind.to_string()))
        .collect();
    result.expected = case
        .expect
        .findings
        .iter()
        .map(|(e, _)| e.clone())
        .collect();
    if !case.expect_ok {
        // Without the expectations a diff would only be noise.
        return result;
    }

    let rules: Vec<&str> = result.rules.iter().map(|(id, _)| id.as_str()).collect();
    let shown = dir.join(EXPECT_FILE).display().to_string();
    let mut unknown_rules = Vec::new();
    for (e, span) in &case.expect.findings {
        if !rules.contains(&e.rule.as_str()) {
            let help = did_you_mean(&e.rule, rules.iter().copied())
                .unwrap_or_else(|| format!("the case's rules are: {}", rules.join(", ")));
            unknown_rules.push(
                LoadError::at(
                    *span,
                    &shown,
                    LoadErrorKind::Unknown {
                        what: "rule".into(),
                        name: e.rule.clone(),
                    },
                )
                .with_help(help),
            );
        }
    }
    if !unknown_rules.is_empty() {
        result.load_errors.extend(unknown_rules);
        return result;
    }

    let mut report = check(&case.loaded.workspace);
    result.load_errors.append(&mut report.budget_errors);
    let found: Vec<Expected> = report.findings.iter().map(Expected::of).collect();
    let (missing, unexpected) = compare(
        case.expect.findings.into_iter().map(|(e, _)| e).collect(),
        found,
    );
    result.missing = missing;
    result.unexpected = unexpected;
    result
}

fn case_name(dir: &Path) -> String {
    dir.file_name()
        .map_or_else(|| dir.display().to_string(), |n| n.to_string_lossy().into())
}

/// A case's inputs, loaded, and what its `expect.yaml` says.
struct LoadedCase {
    loaded: Loaded,
    expect: ExpectFile,
    /// Whether `expect.yaml` was read without errors.
    expect_ok: bool,
}

/// Reads a case's `expect.yaml` and loads its inputs; `None` when they cannot be loaded as
/// written. Errors of `expect.yaml` and of the inputs' paths go into `result`; the inputs'
/// own load errors stay with the loaded inputs.
fn load_case(dir: &Path, root_dir: &Path, result: &mut CaseResult) -> Option<LoadedCase> {
    let opts = LoadOptions {
        root: Some(root_dir.to_path_buf()),
        ..LoadOptions::default()
    };
    let root = match opts.project_root() {
        Ok(root) => root,
        Err(e) => {
            result.load_errors.push(*e);
            return None;
        }
    };
    let expect_path = dir.join(EXPECT_FILE);
    let (expect, errors) = read_expect(&expect_path, &root, &opts);
    let expect_ok = errors.is_empty();
    result.load_errors.extend(errors);
    let shown = expect_path.display().to_string();

    let mut paths = own_inputs(dir);
    let mut escaped = false;
    for input in &expect.inputs {
        let joined = dir.join(&input.value);
        // A missing input is left to loading, which says so.
        if matches!(
            root.resolve(&joined),
            Err(Refusal::Outside { .. } | Refusal::Git)
        ) {
            escaped = true;
            result.load_errors.push(
                LoadError::at(
                    input.span,
                    &shown,
                    LoadErrorKind::Invalid(format!(
                        "input `{}` lies outside the cases root {}",
                        input.value,
                        root_dir.display()
                    )),
                )
                .with_help(
                    "a case may use files of the project that holds its cases folder \
                     (such as ../../rules), and nothing above it",
                ),
            );
            continue;
        }
        paths.push(normalize(&joined));
    }
    if escaped {
        // The case cannot run as written; loading the rest would only add noise.
        return None;
    }
    Some(LoadedCase {
        loaded: load(&paths, &opts),
        expect,
        expect_ok,
    })
}

/// What `crosscheck check` shows for a case's inputs, without colour and wrapped at `width`:
/// the exit code it would end with (`--fail-on error`), then the human output with every
/// finding drawn (as `--show infos`). For the snapshots of every case.
pub fn human_output(dir: &Path, width: usize) -> String {
    let mut result = CaseResult::default();
    let Some(case) = load_case(dir, &cases_root(dir), &mut result) else {
        let errors: Vec<String> = result.load_errors.iter().map(render_load_error).collect();
        return format!("the case cannot be loaded:\n{}\n", errors.join("\n"));
    };
    let mut report = check(&case.loaded.workspace);
    // A budget that ran out fails a run like a load error, and shows as one.
    let mut errors = case.loaded.errors;
    errors.append(&mut report.budget_errors);
    let code = if !errors.is_empty() {
        2
    } else if report.summary.errors > 0 {
        1
    } else {
        0
    };
    let out = Output {
        workspace: &case.loaded.workspace,
        report: &report,
        load_errors: &errors,
    };
    let style = human::Style {
        color: false,
        width,
        // A case's snapshot pins every finding its rules give, infos included.
        infos: true,
    };
    format!("exit code: {code}\n\n{}", human::render(&out, style))
}

/// Pairs expectations with findings, each finding used once: (missing, unexpected).
///
/// Expectations that give `sources` are paired first, so that one without `sources` never
/// takes the only finding a more specific one could match.
fn compare(expected: Vec<Expected>, found: Vec<Expected>) -> (Vec<Expected>, Vec<Expected>) {
    let mut used = vec![false; found.len()];
    let mut matched = vec![false; expected.len()];
    for specific in [true, false] {
        for (i, e) in expected.iter().enumerate() {
            if e.sources.is_some() != specific {
                continue;
            }
            if let Some(j) = (0..found.len()).find(|&j| !used[j] && e.matches(&found[j])) {
                used[j] = true;
                matched[i] = true;
            }
        }
    }
    let missing = expected
        .into_iter()
        .zip(matched)
        .filter(|(_, m)| !m)
        .map(|(e, _)| e)
        .collect();
    let unexpected = found
        .into_iter()
        .zip(used)
        .filter(|(_, u)| !u)
        .map(|(f, _)| f)
        .collect();
    (missing, unexpected)
}

fn render_load_error(e: &LoadError) -> String {
    let path = visible_line(&e.path);
    let place = match e.span {
        Some(s) => format!("{path}:{}:{}", s.line, s.column),
        None => path.into_owned(),
    };
    let mut line = format!("{place}: {}", visible(&e.kind.to_string()));
    if let Some(help) = &e.help {
        line.push_str(&format!("\n      help: {}", visible(help)));
    }
    line
}

/// The report `crosscheck test` prints: `ok` or `FAILED` per case, and for each failure its
/// load errors and a diff (`-` expected but not found, `+` found but not expected, sorted so
/// that near misses sit together), then the totals. Names and expectations from the cases go
/// through [`crate::text_safety`], as in every output.
pub fn render(results: &[CaseResult]) -> String {
    let mut out = String::new();
    let names: Vec<_> = results.iter().map(|r| visible_line(&r.name)).collect();
    let width = names.iter().map(|n| n.len()).max().unwrap_or(0);
    for (r, name) in results.iter().zip(&names) {
        let verdict = if r.passed() { "ok" } else { "FAILED" };
        out.push_str(&format!("case {name:width$} ... {verdict}\n"));
        if r.passed() {
            continue;
        }
        for e in &r.load_errors {
            out.push_str(&format!("    {}\n", render_load_error(e)));
        }
        let mut lines: Vec<(&Expected, bool)> = r
            .missing
            .iter()
            .map(|e| (e, false))
            .chain(r.unexpected.iter().map(|e| (e, true)))
            .collect();
        lines.sort_by(|a, b| (a.0.key(), a.1).cmp(&(b.0.key(), b.1)));
        for (e, found) in lines {
            // The details an expectation of the same finding asks about, as each side has them.
            let wanted = r
                .missing
                .iter()
                .find(|m| m.key() == e.key())
                .map(|m| &m.details);
            let details = wanted.map(|w| e.details.shown(w)).unwrap_or_default();
            let e = visible_line(&format!("{e}{details}")).into_owned();
            let line = if found {
                format!("+ found, not expected: {e}")
            } else {
                format!("- expected, not found: {e}")
            };
            out.push_str(&format!("    {line}\n"));
        }
    }
    if results.is_empty() {
        out.push_str(&format!(
            "no cases found (a case is a folder holding {EXPECT_FILE})\n"
        ));
    }
    let passed = results.iter().filter(|r| r.passed()).count();
    let failed = results.len() - passed;
    if !results.is_empty() {
        out.push('\n');
    }
    out.push_str(&format!("{passed} passed, {failed} failed\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exp(code: &str, sources: Option<&[&str]>) -> Expected {
        Expected {
            code: code.into(),
            rule: "r".into(),
            subject: Some("s".into()),
            property: None,
            sources: sources.map(|s| s.iter().map(|x| x.to_string()).collect()),
            details: Details::default(),
        }
    }

    #[test]
    fn sources_compare_as_sets_and_specific_expectations_pair_first() {
        let found = vec![
            exp("conflict", Some(&["a", "b"])),
            exp("conflict", Some(&["c"])),
        ];
        // The open expectation must not take the finding the specific one needs.
        let expected = vec![exp("conflict", None), exp("conflict", Some(&["b", "a"]))];
        let (missing, unexpected) = compare(expected, found);
        assert!(missing.is_empty() && unexpected.is_empty());
    }

    #[test]
    fn each_expectation_needs_its_own_finding() {
        let found = vec![exp("conflict", Some(&["a"]))];
        let expected = vec![exp("conflict", None), exp("conflict", None)];
        let (missing, unexpected) = compare(expected, found);
        assert_eq!(missing.len(), 1);
        assert!(unexpected.is_empty());
    }

    #[test]
    fn paths_normalize_lexically() {
        assert_eq!(
            normalize(Path::new("cases/agree/../../rules")),
            PathBuf::from("rules")
        );
        assert_eq!(
            normalize(Path::new("agree/../../rules")),
            PathBuf::from("../rules")
        );
    }
}
