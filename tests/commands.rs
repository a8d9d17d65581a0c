//! The commands beyond `check`: report, explain, rules, schema and test; and byte-identical
//! output in every format whatever the order of the inputs.

mod common;

use std::fs;

use common::{crate_root, crosscheck, founding, run_in};

const FORMATS: [(&str, &str); 7] = [
    ("check", "human"),
    ("check", "json"),
    ("check", "sarif"),
    ("check", "junit"),
    ("check", "github"),
    ("report", "markdown"),
    ("report", "html"),
];

/// A copy of the bundled claims and rules, its files written in the given order.
fn copy_bundled(order: &[usize]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for sub in ["claims", "rules"] {
        fs::create_dir(dir.path().join(sub)).unwrap();
        let mut names: Vec<_> = fs::read_dir(founding().join(sub))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        names.sort();
        files.extend(names.into_iter().map(|p| (sub, p)));
    }
    for &i in order {
        let (sub, path) = &files[i % files.len()];
        fs::copy(path, dir.path().join(sub).join(path.file_name().unwrap())).unwrap();
    }
    dir
}

#[test]
fn every_format_is_byte_identical_whatever_the_order_of_files_and_arguments() {
    let n = 7;
    let forward: Vec<usize> = (0..n).collect();
    let shuffled: Vec<usize> = vec![5, 2, 6, 0, 3, 1, 4];
    let (a, b) = (copy_bundled(&forward), copy_bundled(&shuffled));
    for (command, format) in FORMATS {
        let one = run_in(a.path(), &[command, "claims", "rules", "--format", format]);
        let two = run_in(b.path(), &[command, "rules", "claims", "--format", format]);
        assert!(!one.stdout.is_empty(), "{command} {format} printed nothing");
        assert!(
            one.stdout == two.stdout,
            "{command} --format {format} depends on input order"
        );
    }
}

#[test]
fn report_writes_its_file_and_keeps_an_existing_one_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.html");
    let run = |extra: &[&str]| {
        crosscheck()
            .current_dir(founding())
            .args(["report", "--format", "html", "-o"])
            .arg(&target)
            .args(extra)
            .output()
            .unwrap()
    };
    assert_eq!(run(&[]).status.code(), Some(0));
    let first = fs::read_to_string(&target).unwrap();
    assert!(first.starts_with("<!DOCTYPE html>"), "{}", &first[..40]);
    fs::write(&target, "an editor's annotated copy").unwrap();
    let refused = run(&[]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("already exists; pass --force"));
    assert_eq!(
        fs::read_to_string(&target).unwrap(),
        "an editor's annotated copy"
    );
    assert_eq!(run(&["--force"]).status.code(), Some(0));
    assert_eq!(fs::read_to_string(&target).unwrap(), first);
}

#[test]
fn report_on_broken_inputs_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("bad.yaml"), "source: [\n").unwrap();
    let out = crosscheck()
        .current_dir(dir.path())
        .args(["report", "bad.yaml", "-o", "report.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.path().join("report.md").exists());
}

#[test]
fn explain_prints_a_kind_page() {
    let run = run_in(&crate_root(), &["explain", "agree"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!("explain_agree", run.stdout);
}

#[test]
fn explain_a_configured_rule_shows_its_settings_then_its_kind() {
    let run = run_in(&crate_root(), &["explain", "massacre-victims-sum"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!("explain_rule", run.stdout);
}

#[test]
fn explain_an_unknown_name_exits_2_with_did_you_mean() {
    let run = run_in(&crate_root(), &["explain", "confilct"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    insta::assert_snapshot!("explain_unknown", run.stderr);
}

#[test]
fn rules_lists_the_kinds_and_the_configured_rules() {
    let run = run_in(&crate_root(), &["rules"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!("rules", run.stdout);
}

#[test]
fn schema_prints_the_rules_schema() {
    let run = run_in(&crate_root(), &["schema", "rules"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!("schema_rules", run.stdout);
}

#[test]
fn test_runs_the_bundled_cases() {
    let run = run_in(&crate_root(), &["test"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    insta::assert_snapshot!("test_bundled_cases", run.stdout);
}

#[test]
fn test_fails_with_a_readable_diff_when_a_case_expects_something_else() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("cases/wrong");
    fs::create_dir_all(&case).unwrap();
    for f in [
        "andes-ledger-2023-12-06.yaml",
        "pacific-wire-2023-12-07.yaml",
        "properties.yaml",
        "rules.yaml",
        "entities.yaml",
    ] {
        fs::copy(common::fixtures().join("agree/fires").join(f), case.join(f)).unwrap();
    }
    fs::write(
        case.join("expect.yaml"),
        "findings:\n  - {code: conflict, rule: facts-agree, subject: alberto-fujimori, property: born}\n",
    )
    .unwrap();
    let run = run_in(dir.path(), &["test", "cases"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("test_failing_case", run.stdout);
}

#[test]
fn test_with_no_cases_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["test", "nothing-here"]);
    assert_eq!(run.code, 2);
}
