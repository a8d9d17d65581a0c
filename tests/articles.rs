//! Article texts: where `text:` may point, `--articles`, `--root`, and the quote checks
//! against what was read.

mod common;

use std::fs;
use std::path::Path;

use common::{codes, parse, run_in};

const PROPERTIES: &str =
    "properties:\n  age: { type: age }\nrules:\n  - id: quotes-backed\n    kind: quotes\n";

fn claims(outlet: &str, text: Option<&str>, quote: &str) -> String {
    let text = text.map_or(String::new(), |t| format!("  text: {t}\n"));
    format!(
        "source:\n  outlet: {outlet}\n  published: 2023-12-06\n{text}claims:\n  - id: age\n    subject: Alberto Fujimori\n    property: age\n    value: 85\n    quote: \"{quote}\"\n"
    )
}

/// A run folder: `claims/` with a properties-and-rules file, and `outside/secret.txt` beside it.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("run/claims")).unwrap();
    fs::create_dir_all(dir.path().join("outside")).unwrap();
    fs::write(
        dir.path().join("outside/secret.txt"),
        "Fujimori, 85, secret",
    )
    .unwrap();
    // Properties and rules are two files: a file holds one kind.
    fs::write(
        dir.path().join("run/claims/properties.yaml"),
        PROPERTIES.split("rules:").next().unwrap(),
    )
    .unwrap();
    fs::write(
        dir.path().join("run/claims/rules.yaml"),
        format!("rules:{}", PROPERTIES.split("rules:").nth(1).unwrap()),
    )
    .unwrap();
    dir
}

fn load_errors(stdout: &str) -> Vec<(String, u64, u64, String)> {
    parse(stdout)["load_errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| {
                    (
                        e["file"].as_str().unwrap().to_string(),
                        e["line"].as_u64().unwrap_or(0),
                        e["column"].as_u64().unwrap_or(0),
                        e["message"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn text_paths_that_leave_the_run_directory_are_load_errors_and_are_never_read() {
    let dir = workspace();
    let run = dir.path().join("run");
    let c = run.join("claims");
    fs::write(
        c.join("absolute.yaml"),
        claims("A", Some("/etc/passwd"), "85"),
    )
    .unwrap();
    fs::write(
        c.join("dotdot.yaml"),
        claims("B", Some("../../outside/secret.txt"), "85"),
    )
    .unwrap();
    std::os::unix::fs::symlink(dir.path().join("outside/secret.txt"), c.join("link.txt")).unwrap();
    fs::write(c.join("symlink.yaml"), claims("C", Some("link.txt"), "85")).unwrap();
    // A good source beside them is still checked.
    fs::write(run.join("article.txt"), "He is 84 now.").unwrap();
    fs::write(
        c.join("good.yaml"),
        claims("D", Some("../article.txt"), "Fujimori, 85,"),
    )
    .unwrap();

    let out = run_in(&run, &["check", "claims", "--format", "json"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(
        load_errors(&out.stdout),
        [
            (
                "claims/absolute.yaml".into(),
                4,
                9,
                "`text:` is an absolute path (/etc/passwd)".into()
            ),
            (
                "claims/dotdot.yaml".into(),
                4,
                9,
                "`text:` leads outside the project root (../../outside/secret.txt)".into()
            ),
            (
                "claims/symlink.yaml".into(),
                4,
                9,
                "`text:` leads outside the project root through a symbolic link (link.txt)".into()
            ),
        ]
    );
    let doc = parse(&out.stdout);
    let findings = doc["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["code"], "quote-not-found");
    assert_eq!(findings[0]["claims"][0]["source"], "good");
    // Nothing of the secret file reached the output.
    assert!(!out.stdout.contains("85, secret") && !out.stderr.contains("85, secret"));
}

#[test]
fn root_widens_where_text_paths_may_lead() {
    let dir = workspace();
    let run = dir.path().join("run");
    fs::write(
        run.join("claims/dotdot.yaml"),
        claims("B", Some("../../outside/secret.txt"), "Fujimori, 85,"),
    )
    .unwrap();
    let out = run_in(
        &run,
        &["check", "claims", "--root", "..", "--format", "json"],
    );
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(load_errors(&out.stdout).is_empty());
}

#[test]
fn a_missing_article_is_a_load_error_at_its_text_line() {
    let dir = workspace();
    let run = dir.path().join("run");
    fs::write(
        run.join("claims/gone.yaml"),
        claims("G", Some("gone.txt"), "85"),
    )
    .unwrap();
    let out = run_in(&run, &["check", "claims", "--format", "json"]);
    assert_eq!(out.code, 2);
    let errors = load_errors(&out.stdout);
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].1, errors[0].2), (4, 9));
    assert!(
        errors[0]
            .3
            .starts_with("cannot find the article `gone.txt`"),
        "{}",
        errors[0].3
    );
}

#[test]
fn articles_named_by_source_id_are_used_for_sources_without_text() {
    let dir = workspace();
    let run = dir.path().join("run");
    fs::write(
        run.join("claims/ledger.yaml"),
        claims("Ledger", None, "Fujimori, 85, left"),
    )
    .unwrap();
    fs::create_dir_all(run.join("texts")).unwrap();
    fs::write(
        run.join("texts/ledger.txt"),
        "Fujimori, 84, left\nthe prison.",
    )
    .unwrap();

    let without = run_in(
        &run,
        &[
            "check",
            "claims",
            "--format",
            "json",
            "--fail-on",
            "warning",
        ],
    );
    assert_eq!(
        without.code, 0,
        "no article, no quote check: {}",
        without.stdout
    );

    let with = run_in(
        &run,
        &["check", "claims", "--articles", "texts", "--format", "json"],
    );
    let doc = parse(&with.stdout);
    let codes = codes(&doc);
    assert_eq!(codes, ["quote-not-found"]);
    assert!(
        doc["findings"][0]["message"]
            .as_str()
            .unwrap()
            .ends_with(&format!(
                "is not in the article {}",
                Path::new("texts").join("ledger.txt").display()
            )),
        "{}",
        doc["findings"][0]["message"]
    );
}
