//! The published schemas match the types they are generated from, every bundled file
//! validates against its kind's, and real `--format json` / `jsonl` output against the output
//! schema.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{crate_root, crosscheck, fixtures, founding, run_in};
use serde_json::{Value, json};

/// Every schema `crosscheck schema --write` writes: the file kinds' and the output's.
const PUBLISHED: [&str; 5] = ["claims", "entities", "properties", "rules", "output"];

fn schema_of(kind: &str) -> serde_json::Value {
    let out = crosscheck().args(["schema", kind]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_schemas_in_the_repository_are_the_ones_the_types_generate() {
    for kind in PUBLISHED {
        let out = crosscheck().args(["schema", kind]).output().unwrap();
        let published =
            std::fs::read_to_string(crate_root().join(format!("schemas/{kind}.schema.json")))
                .unwrap();
        assert!(
            published == String::from_utf8(out.stdout).unwrap(),
            "schemas/{kind}.schema.json is stale: run `cargo run -- schema --write schemas/`"
        );
    }
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            yaml_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(p);
        }
    }
}

/// The kind a bundled file declares in its `yaml-language-server` modeline.
fn declared_kind(text: &str) -> Option<String> {
    let first = text.lines().next()?;
    let rest = first.strip_prefix("# yaml-language-server: $schema=")?;
    let name = rest.rsplit('/').next()?;
    Some(name.strip_suffix(".schema.json")?.to_string())
}

#[test]
fn every_bundled_file_names_its_schema_and_validates_against_it() {
    let mut files = Vec::new();
    for dir in ["claims", "rules"] {
        yaml_files(&crate_root().join(dir), &mut files);
    }
    assert!(files.len() >= 6);
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let kind = declared_kind(&text)
            .unwrap_or_else(|| panic!("{} lacks the schema modeline", path.display()));
        let schema = schema_of(&kind);
        let validator = jsonschema::validator_for(&schema).unwrap();
        let doc: serde_json::Value = serde_yaml::from_str(&text).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
}

#[test]
fn the_claims_schema_rejects_an_unknown_key_as_an_editor_would_be_told() {
    let schema = schema_of("claims");
    let validator = jsonschema::validator_for(&schema).unwrap();
    let doc: serde_json::Value = serde_yaml::from_str(
        "source: {outlet: X, published: 2023-12-06}\nclaims:\n  - subjet: alberto-fujimori\n    property: age\n    value: 85\n",
    )
    .unwrap();
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errors.iter().any(|e| e.contains("subjet")), "{errors:?}");
}

#[test]
fn schema_write_writes_every_published_schema_as_schema_prints_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = crosscheck()
        .args(["schema", "--write"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let mut written: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    let mut expected: Vec<String> = PUBLISHED
        .iter()
        .map(|k| format!("{k}.schema.json"))
        .collect();
    expected.sort();
    assert_eq!(written, expected);
    let output = fs::read_to_string(dir.path().join("output.schema.json")).unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&output).unwrap(),
        schema_of("output")
    );
}

// ---------------------------------------------------------------- the output schema

fn output_validator() -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema_of("output"))
        .expect("the output schema compiles")
}

/// A validator for one line of `--format jsonl`: the output schema's `Finding`.
fn finding_validator() -> jsonschema::Validator {
    let mut schema = schema_of("output");
    let defs = schema["$defs"].take();
    let finding = json!({
        "$schema": schema["$schema"],
        "$ref": "#/$defs/Finding",
        "$defs": defs,
    });
    jsonschema::options()
        .should_validate_formats(true)
        .build(&finding)
        .expect("the finding schema compiles")
}

fn assert_valid(validator: &jsonschema::Validator, what: &str, doc: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

#[test]
fn the_founding_cases_json_output_validates_against_the_output_schema() {
    let run = run_in(&founding(), &["check", "--format", "json"]);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(doc["findings"].as_array().unwrap().len() >= 5, "{doc:#}");
    assert_valid(&output_validator(), "the founding case", &doc);
}

#[test]
fn every_jsonl_line_of_the_founding_case_validates_against_the_finding_schema() {
    let run = run_in(&founding(), &["check", "--format", "jsonl"]);
    let validator = finding_validator();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines.len() >= 5, "{}", run.stdout);
    for line in lines {
        let finding: Value = serde_json::from_str(line).unwrap();
        assert_valid(&validator, line, &finding);
    }
}

#[test]
fn json_output_with_accepted_and_stale_baseline_entries_validates() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("case");
    fs::create_dir(&case).unwrap();
    for entry in fs::read_dir(fixtures().join("agree/fires")).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, case.join(path.file_name().unwrap())).unwrap();
    }
    let written = run_in(dir.path(), &["baseline", "case", "-o", "baseline.yaml"]);
    assert_eq!(written.code, 0, "{}", written.stderr);
    let baseline = dir.path().join("baseline.yaml");
    let text = fs::read_to_string(&baseline).unwrap();
    // The written entry, accepted; and one for a finding fixed since: stale.
    let fixed = "- rule: facts-agree\n  code: conflict\n  subject: alberto-fujimori\n  property: born\n  message: 'Sources disagree on born'\n  claims:\n  - from: Andes Ledger, 2023-12-06\n    value: '1937'\n  reason: corrected since\n";
    let text = text.replace("reason: TODO", "reason: the ruling says 2007");
    fs::write(&baseline, format!("{}\n{fixed}", text.trim_end())).unwrap();

    let run = run_in(
        dir.path(),
        &[
            "check",
            "case",
            "--baseline",
            "baseline.yaml",
            "--format",
            "json",
        ],
    );
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["baseline"]["suppressed"], 1, "{doc:#}");
    assert_eq!(
        doc["baseline"]["stale"].as_array().unwrap().len(),
        1,
        "{doc:#}"
    );
    assert_eq!(
        doc["baseline"]["accepted"][0]["reason"],
        "the ruling says 2007"
    );
    assert_valid(&output_validator(), "a baseline", &doc);
}

#[test]
fn json_output_with_load_errors_validates() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("broken.yaml"),
        "source: {outlet: X, published: 2023-12-06}\nclaims:\n  - subject: [unclosed\n",
    )
    .unwrap();
    let run = run_in(dir.path(), &["check", ".", "--format", "json"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["load_errors"][0]["code"], "load::syntax", "{doc:#}");
    assert_valid(&output_validator(), "load errors", &doc);
}

#[test]
fn the_output_schema_rejects_what_the_output_never_holds() {
    let run = run_in(&founding(), &["check", "--format", "json"]);
    let good: Value = serde_json::from_str(&run.stdout).unwrap();
    let validator = output_validator();
    let mut bad = good.clone();
    bad["findings"][0]["severity"] = json!("fatal");
    assert!(!validator.is_valid(&bad));
    let mut bad = good.clone();
    bad["findings"][0]["claims"][0]["line"] = json!("7");
    assert!(!validator.is_valid(&bad));
    let mut bad = good.clone();
    bad["findings"][0]["confidence"] = json!(1);
    assert!(!validator.is_valid(&bad));
    let mut bad = good;
    bad["version"] = json!(2);
    assert!(!validator.is_valid(&bad));
}
