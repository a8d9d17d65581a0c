//! Rule tests: the bundled cases under `cases/` must all pass, their human output must match
//! its snapshot, every rule kind must have a case that fires and one that stays quiet, and the
//! runner must report missing and unexpected findings, bad `expect.yaml` files and escaping
//! inputs readably.

mod common;

use std::path::{Path, PathBuf};

use common::crate_root;
use crosscheck::casetest::{CaseResult, discover, human_output, render, run_case};
use crosscheck::rules::KINDS;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a parent folder")).expect("create folder");
    std::fs::write(path, text).expect("write file");
}

// ---------------------------------------------------------------- the bundled cases

#[test]
fn every_bundled_case_passes() {
    let cases = discover(&crate_root().join("cases"));
    assert!(!cases.is_empty(), "no cases found under cases/");
    let results: Vec<CaseResult> = cases.iter().map(|c| run_case(c)).collect();
    let report = render(&results);
    assert!(results.iter().all(CaseResult::passed), "{report}");
    assert!(report.ends_with(&format!("{} passed, 0 failed\n", results.len())));
}

/// The snapshot of a case's human output: `tests/snapshots/casetest__case_<name>.snap`.
fn snapshot_name(case: &Path) -> String {
    let name = case.file_name().expect("a case folder").to_string_lossy();
    format!("case_{name}")
}

/// The cases as `cargo test` sees them, relative to the crate root (its working folder), so
/// that the paths in their output hold on any machine.
fn bundled_cases() -> Vec<PathBuf> {
    let cases = discover(Path::new("cases"));
    assert!(
        !cases.is_empty(),
        "no cases found under cases/ (run from the crate root)"
    );
    cases
}

#[test]
fn every_case_shows_the_human_output_of_its_snapshot() {
    for case in bundled_cases() {
        insta::assert_snapshot!(snapshot_name(&case), human_output(&case, 100));
    }
}

#[test]
fn every_rule_kind_has_a_case_that_fires_one_that_stays_quiet_and_a_snapshot() {
    let results: Vec<(PathBuf, CaseResult)> = bundled_cases()
        .into_iter()
        .map(|c| {
            let result = run_case(&c);
            (c, result)
        })
        .collect();
    let mut lacking = Vec::new();
    for kind in KINDS {
        let of_kind = |r: &CaseResult| -> Vec<String> {
            r.rules
                .iter()
                .filter(|(_, k)| k == kind.name())
                .map(|(id, _)| id.clone())
                .collect()
        };
        let fires = results.iter().find(|(_, r)| {
            let rules = of_kind(r);
            r.expected.iter().any(|e| {
                rules.contains(&e.rule) && kind.codes().iter().any(|c| c.as_str() == e.code)
            })
        });
        let quiet = results.iter().any(|(_, r)| {
            let rules = of_kind(r);
            !rules.is_empty() && !r.expected.iter().any(|e| rules.contains(&e.rule))
        });
        match fires {
            None => lacking.push(format!(
                "`{}`: no case whose expect.yaml lists a finding of it",
                kind.name()
            )),
            Some((case, _)) => {
                let snap = crate_root()
                    .join("tests/snapshots")
                    .join(format!("casetest__{}.snap", snapshot_name(case)));
                if !snap.is_file() {
                    lacking.push(format!(
                        "`{}`: case {} has no snapshot {}",
                        kind.name(),
                        case.display(),
                        snap.display()
                    ));
                }
            }
        }
        if !quiet {
            lacking.push(format!(
                "`{}`: no case that loads a rule of it and expects none of its findings",
                kind.name()
            ));
        }
    }
    assert!(
        lacking.is_empty(),
        "add a case under cases/ (see CONTRIBUTING.md) for each of:\n{}",
        lacking.join("\n")
    );
}

/// The rule ids of the bundled rules files, read as plain YAML.
fn bundled_rule_ids() -> Vec<String> {
    let mut ids = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(crate_root().join("rules"))
        .expect("rules/ exists")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read rules file");
        let doc: serde_yaml::Value = serde_yaml::from_str(&text).expect("rules file is YAML");
        for rule in doc["rules"].as_sequence().into_iter().flatten() {
            ids.push(rule["id"].as_str().expect("rule id").to_string());
        }
    }
    ids
}

#[test]
fn every_bundled_rule_has_a_case_where_it_fires() {
    let ids = bundled_rule_ids();
    assert!(!ids.is_empty(), "no rules found in rules/");
    for id in ids {
        let case = crate_root().join("cases").join(&id);
        let expect = std::fs::read_to_string(case.join("expect.yaml"))
            .unwrap_or_else(|_| panic!("rule `{id}` has no case: add cases/{id}/expect.yaml"));
        assert!(
            expect.contains(&format!("rule: {id}\n")),
            "cases/{id}/expect.yaml lists no finding of rule `{id}`"
        );
    }
}

// ---------------------------------------------------------------- the runner

/// A temporary project with the bundled rules and registry copied into it, and one case.
struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        for rel in [
            "rules/case-rules.yaml",
            "rules/properties.yaml",
            "claims/entities.yaml",
        ] {
            let text = std::fs::read_to_string(crate_root().join(rel)).expect("bundled file");
            write(&dir.path().join(rel), &text);
        }
        Project { dir }
    }

    fn case(&self, name: &str) -> PathBuf {
        self.dir.path().join("cases").join(name)
    }

    fn write(&self, rel: &str, text: &str) {
        write(&self.dir.path().join(rel), text);
    }
}

/// Two outlets agree on everything the bundled `require` rules ask for, and disagree on the
/// year Fujimori was jailed.
fn conflicting_case(p: &Project, name: &str, expect: &str) -> PathBuf {
    for (id, outlet, jailed) in [
        ("ap", "Altiplano Post", 2005),
        ("hh", "Harbour Herald", 2007),
    ] {
        p.write(
            &format!("cases/{name}/{id}.yaml"),
            &format!(
                "source:
  outlet: {outlet}
  published: 2023-12-06
claims:
  - {{id: jailed, subject: alberto-fujimori, property: jailed, value: {jailed}, quote: 'jailed in {jailed}'}}
  - {{id: by, subject: fujimori-pardon-2017, property: granted_by, value: Pedro Pablo Kuczynski, quote: 'Pedro Pablo Kuczynski'}}
  - {{id: when, subject: fujimori-pardon-2017, property: date, value: 2017, quote: 'in 2017'}}
  - {{id: term, subject: fujimori-sentence-2009, property: sentence, value: 25 years, quote: '25 years'}}
  - {{id: year, subject: fujimori-sentence-2009, property: date, value: 2009, quote: 'in 2009'}}
  - {{id: for, subject: fujimori-sentence-2009, property: for, value: [murder], quote: 'murder'}}
"
            ),
        );
    }
    p.write(&format!("cases/{name}/expect.yaml"), expect);
    p.case(name)
}

const INPUTS: &str = "inputs: [../../rules, ../../claims/entities.yaml]\n";

/// An `expect.yaml` listing the conflict on the year Fujimori was jailed, with `details`: more
/// keys of that finding, each on a line of its own indented four spaces.
fn jailed_conflict(details: &str) -> String {
    format!(
        "{INPUTS}findings:
  - code: conflict
    rule: facts-agree
    subject: alberto-fujimori
    property: jailed
{details}"
    )
}

#[test]
fn a_case_that_lists_exactly_its_findings_passes() {
    let p = Project::new();
    let expect = jailed_conflict("    sources: [hh, ap]   # a set: order does not matter\n");
    let result = run_case(&conflicting_case(&p, "agree", &expect));
    assert!(result.passed(), "{}", render(std::slice::from_ref(&result)));
    assert_eq!(
        render(&[result]),
        "case agree ... ok\n\n1 passed, 0 failed\n"
    );
}

#[test]
fn a_missing_and_an_unexpected_finding_show_as_a_diff() {
    let p = Project::new();
    // Expects a conflict that does not occur (on the pardon's date), and leaves out the one
    // that does (on the jailing).
    let expect = format!(
        "{INPUTS}findings:
  - code: conflict
    rule: facts-agree
    subject: fujimori-pardon-2017
    property: date
"
    );
    let result = run_case(&conflicting_case(&p, "wrong", &expect));
    assert!(!result.passed());
    assert!(result.load_errors.is_empty(), "{:?}", result.load_errors);
    assert_eq!(result.missing.len(), 1);
    assert_eq!(result.unexpected.len(), 1);
    let report = render(&[result]);
    assert_eq!(
        report,
        "case wrong ... FAILED
    + found, not expected: conflict facts-agree alberto-fujimori jailed [ap, hh]
    - expected, not found: conflict facts-agree fujimori-pardon-2017 date

0 passed, 1 failed
"
    );
}

#[test]
fn severity_message_notes_and_evidence_hold_when_given() {
    let p = Project::new();
    let expect = jailed_conflict(
        "    severity: error
    message: \"Sources disagree on jailed\"     # a part of the message
    notes: [\"no value has a majority\"]       # each a part of one note
    evidence: [ap.yaml:5:70, hh.yaml:5:70]   # FILE:LINE:COLUMN, as a set
",
    );
    let result = run_case(&conflicting_case(&p, "details", &expect));
    assert!(result.passed(), "{}", render(std::slice::from_ref(&result)));
}

#[test]
fn a_detail_that_differs_fails_the_case_and_shows_on_both_sides_of_the_diff() {
    let p = Project::new();
    let expect = jailed_conflict(
        "    severity: warning
    evidence: [ap.yaml:5:70]
",
    );
    let result = run_case(&conflicting_case(&p, "severity", &expect));
    assert!(!result.passed());
    assert_eq!(
        render(&[result]),
        "case severity ... FAILED
    - expected, not found: conflict facts-agree alberto-fujimori jailed (severity warning; evidence [ap.yaml:5:70])
    + found, not expected: conflict facts-agree alberto-fujimori jailed [ap, hh] (severity error; evidence [ap.yaml:5:70, hh.yaml:5:70])

0 passed, 1 failed
"
    );
}

#[test]
fn an_unknown_severity_in_expect_yaml_is_an_error_with_the_three_named() {
    let p = Project::new();
    let expect = jailed_conflict("    severity: fatal\n");
    let result = run_case(&conflicting_case(&p, "fatal", &expect));
    assert!(!result.passed());
    let report = render(&[result]);
    assert!(
        report.contains("invalid severity `fatal`")
            && report.contains("`error`, `warning` or `info`"),
        "{report}"
    );
}

#[test]
fn sources_that_differ_make_the_expectation_miss() {
    let p = Project::new();
    let expect = jailed_conflict("    sources: [ap]\n");
    let result = run_case(&conflicting_case(&p, "sources", &expect));
    let report = render(&[result]);
    assert!(
        report.contains(
            "    - expected, not found: conflict facts-agree alberto-fujimori jailed [ap]\n\
             \x20   + found, not expected: conflict facts-agree alberto-fujimori jailed [ap, hh]\n"
        ),
        "{report}"
    );
}

#[test]
fn one_finding_cannot_satisfy_two_expectations() {
    let p = Project::new();
    let entry =
        "  - {code: conflict, rule: facts-agree, subject: alberto-fujimori, property: jailed}\n";
    let expect = format!("{INPUTS}findings:\n{entry}{entry}");
    let result = run_case(&conflicting_case(&p, "twice", &expect));
    assert_eq!(result.missing.len(), 1);
    assert!(result.unexpected.is_empty());
}

#[test]
fn an_unknown_expect_key_is_reported_with_its_line_and_a_suggestion() {
    let p = Project::new();
    let expect = format!(
        "{INPUTS}findings:
  - code: conflict
    rule: facts-agree
    subject: alberto-fujimori
    propety: jailed
"
    );
    let case = conflicting_case(&p, "typo", &expect);
    let result = run_case(&case);
    assert!(!result.passed());
    assert_eq!(result.load_errors.len(), 1, "{:?}", result.load_errors);
    let e = &result.load_errors[0];
    assert_eq!(e.span.map(|s| (s.line, s.column)), Some((6, 5)));
    assert_eq!(e.help.as_deref(), Some("did you mean `property`?"));
    let report = render(&[result]);
    let place = format!(
        "{}:6:5: unknown key `propety`",
        case.join("expect.yaml").display()
    );
    assert!(report.contains(&place), "{report}");
    assert!(report.contains("did you mean `property`?"), "{report}");
}

#[test]
fn unknown_codes_and_rules_in_expect_yaml_are_errors() {
    let p = Project::new();
    let expect = format!(
        "{INPUTS}findings:
  - {{code: conflikt, rule: facts-agree, subject: alberto-fujimori, property: jailed}}
"
    );
    let result = run_case(&conflicting_case(&p, "code", &expect));
    let report = render(&[result]);
    assert!(
        report.contains("unknown finding code `conflikt`"),
        "{report}"
    );
    assert!(report.contains("did you mean `conflict`?"), "{report}");

    let expect = format!(
        "{INPUTS}findings:
  - {{code: conflict, rule: facts-agre, subject: alberto-fujimori, property: jailed}}
"
    );
    let result = run_case(&conflicting_case(&p, "rule", &expect));
    let report = render(&[result]);
    assert!(
        report.contains(":3:6: unknown rule `facts-agre`"),
        "{report}"
    );
    assert!(report.contains("did you mean `facts-agree`?"), "{report}");
}

#[test]
fn an_input_that_escapes_the_cases_root_is_rejected() {
    let p = Project::new();
    // The project is the cases root; a folder beside it is out of reach.
    let outside = p.dir.path().join("..");
    assert!(outside.is_dir());
    let expect = "inputs: [../../rules, ../../../]\nfindings: []\n";
    let case = conflicting_case(&p, "escape", expect);
    let result = run_case(&case);
    assert!(!result.passed());
    assert!(result.missing.is_empty() && result.unexpected.is_empty());
    let report = render(&[result]);
    let place = format!(
        "{}:1:23: input `../../../` lies outside the cases root",
        case.join("expect.yaml").display()
    );
    assert!(report.contains(&place), "{report}");
}

#[test]
fn load_errors_of_the_inputs_fail_the_case() {
    let p = Project::new();
    let case = conflicting_case(&p, "broken", &format!("{INPUTS}findings: []\n"));
    write(
        &case.join("bad.yaml"),
        "source:\n  outlet: X\n  published: 2023-02-30\nclaims: []\n",
    );
    let result = run_case(&case);
    assert!(!result.passed());
    let report = render(&[result]);
    assert!(report.contains("bad.yaml:3:"), "{report}");
}

#[test]
fn discovery_finds_case_folders_in_order_and_a_case_folder_itself() {
    let p = Project::new();
    let expect = format!("{INPUTS}findings: []\n");
    let b = conflicting_case(&p, "b", &expect);
    let a = conflicting_case(&p, "a", &expect);
    std::fs::create_dir_all(p.case("not-a-case")).unwrap();
    let root = p.dir.path().join("cases");
    assert_eq!(discover(&root), vec![a.clone(), b]);
    assert_eq!(discover(&a), vec![a]);
    assert!(discover(&p.dir.path().join("nowhere")).is_empty());
}

#[test]
fn the_report_counts_passes_and_failures() {
    let ok = CaseResult {
        name: "fine".into(),
        ..Default::default()
    };
    let bad = CaseResult {
        name: "broken-case".into(),
        missing: vec![crosscheck::casetest::Expected {
            code: "missing".into(),
            rule: "pardon-essentials".into(),
            subject: Some("fujimori-pardon-2017".into()),
            property: None,
            sources: None,
            details: Default::default(),
        }],
        ..Default::default()
    };
    assert_eq!(
        render(&[ok, bad]),
        "case fine        ... ok
case broken-case ... FAILED
    - expected, not found: missing pardon-essentials fujimori-pardon-2017 (no property)

1 passed, 1 failed
"
    );
}
