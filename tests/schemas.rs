//! The published schemas match the loader's types, and every bundled file validates.

mod common;

use std::path::{Path, PathBuf};

use common::{crate_root, crosscheck};

const KINDS: [&str; 4] = ["claims", "entities", "properties", "rules"];

fn schema_of(kind: &str) -> serde_json::Value {
    let out = crosscheck().args(["schema", kind]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_schemas_in_the_repository_are_the_ones_the_loader_types_generate() {
    for kind in KINDS {
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
