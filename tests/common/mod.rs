//! Helpers shared by the integration tests: run the built `crosscheck` binary on a fixture
//! case and look at what it printed.
//!
//! Every case runs with the fixtures root as working directory and is passed as a relative
//! path (`agree/fires`), so the `file` fields and the human output name files the same way
//! on every machine.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// `tests/fixtures`, where every case is a self-contained input set.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
}

/// The crate's root, which holds the bundled `claims/` and `rules/`.
pub fn crate_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/founding`: the founding case's claims and rules as the tests pin them, a copy of
/// the bundled `claims/` and `rules/`, so that articles added there leave the tests green.
pub fn founding() -> PathBuf {
    crate_root().join("tests").join("founding")
}

/// The built binary, with an environment that does not depend on the caller's terminal.
pub fn crosscheck() -> Command {
    let mut cmd = Command::cargo_bin("crosscheck").expect("the crosscheck binary is built");
    cmd.env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR");
    cmd
}

/// What one run printed, and how it exited.
#[derive(Debug)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

/// Runs `crosscheck <args>` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = crosscheck()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("crosscheck runs");
    Run {
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        code: out
            .status
            .code()
            .expect("crosscheck exited, not killed by a signal"),
    }
}

/// A 2 GiB address-space cap (prlimit's `--as`): a hostile input must not run away with
/// memory. The real figures are measured by `scripts/hostile-limits.sh` on the release build.
const GUARD_ADDRESS_SPACE: &str = "--as=2147483648";

/// Runs `crosscheck <args>` in `dir` with `env` set, under the address-space cap and killed
/// after `timeout`: what it printed, its exit code (-1 when killed), and the time it took.
pub fn run_guarded(
    dir: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    timeout: std::time::Duration,
) -> (Run, std::time::Duration) {
    let bin = assert_cmd::cargo::cargo_bin("crosscheck");
    let mut cmd = Command::new("prlimit");
    cmd.arg(GUARD_ADDRESS_SPACE)
        .arg("--")
        .arg(bin)
        .args(args)
        .envs(env.iter().copied())
        .env_remove("NO_COLOR")
        .current_dir(dir)
        .timeout(timeout);
    let started = std::time::Instant::now();
    let out = cmd.output().expect("run crosscheck under prlimit");
    let took = started.elapsed();
    let run = Run {
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        code: out.status.code().unwrap_or(-1),
    };
    (run, took)
}

/// Parses a JSON document printed by `--format json`.
pub fn parse(stdout: &str) -> Value {
    serde_json::from_str(stdout)
        .unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}):\n{stdout}"))
}

/// `crosscheck check <args> --format json` in `dir`: the document and the exit code.
pub fn run_json_in(dir: &Path, args: &[&str]) -> (Value, i32) {
    let mut all: Vec<&str> = vec!["check"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let run = run_in(dir, &all);
    (parse(&run.stdout), run.code)
}

/// `crosscheck check <case> --format json`, with `case` relative to the fixtures root.
pub fn run_json(case: &str) -> (Value, i32) {
    run_json_in(&fixtures(), &[case])
}

/// Like [`run_json`], for a case that must load without errors.
pub fn check_case(case: &str) -> (Value, i32) {
    let (doc, code) = run_json(case);
    assert!(
        doc.get("load_errors").is_none(),
        "{case} should load cleanly, but: {:#}",
        doc["load_errors"]
    );
    (doc, code)
}

/// A finding as the tests name it: (code, rule, subject, property).
pub type Key = (String, String, String, Option<String>);

pub fn key(code: &str, rule: &str, subject: &str, property: Option<&str>) -> Key {
    (
        code.into(),
        rule.into(),
        subject.into(),
        property.map(Into::into),
    )
}

fn str_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The document's findings as keys, sorted (duplicates kept).
pub fn finding_keys(doc: &Value) -> Vec<Key> {
    let mut keys: Vec<Key> = findings(doc)
        .iter()
        .map(|f| {
            (
                str_of(&f["code"]),
                str_of(&f["rule"]),
                str_of(&f["subject"]),
                f["property"].as_str().map(str::to_string),
            )
        })
        .collect();
    keys.sort();
    keys
}

/// Asserts that the document holds exactly these findings (in any order).
#[track_caller]
pub fn assert_findings(doc: &Value, expected: &[Key]) {
    let mut expected = expected.to_vec();
    expected.sort();
    assert_eq!(
        finding_keys(doc),
        expected,
        "findings were:\n{:#}",
        doc["findings"]
    );
}

/// The codes of a JSON document's findings, in order.
pub fn codes(doc: &Value) -> Vec<&str> {
    findings(doc)
        .iter()
        .map(|f| f["code"].as_str().expect("a code"))
        .collect()
}

pub fn findings(doc: &Value) -> &Vec<Value> {
    doc["findings"].as_array().expect("`findings` is a list")
}

/// The findings with one code.
pub fn with_code<'d>(doc: &'d Value, code: &str) -> Vec<&'d Value> {
    findings(doc).iter().filter(|f| f["code"] == code).collect()
}

/// The one finding with this code.
#[track_caller]
pub fn only(doc: &Value, code: &str) -> Value {
    let found = with_code(doc, code);
    assert_eq!(
        found.len(),
        1,
        "expected one `{code}` finding in {:#}",
        doc["findings"]
    );
    found[0].clone()
}

/// The `(file, line, column, value)` of each claim a finding rests on, in order.
pub fn claim_places(finding: &Value) -> Vec<(String, u64, u64, String)> {
    finding["claims"]
        .as_array()
        .expect("`claims` is a list")
        .iter()
        .map(|c| {
            (
                str_of(&c["file"]),
                c["line"].as_u64().expect("line is a number"),
                c["column"].as_u64().expect("column is a number"),
                str_of(&c["value"]),
            )
        })
        .collect()
}

/// The keys of a JSON object, in the order they were printed.
pub fn keys_of(v: &Value) -> Vec<&str> {
    v.as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}
