//! The command line's contract (docs/formats.md section 6): exit codes, `--fail-on`, the JSON
//! document's shape, deterministic output, load errors, and the bundled Fujimori data.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{
    Run, assert_findings, claim_places, crosscheck, findings, fixtures, founding, key, keys_of,
    parse, run_in, run_json, run_json_in,
};
use serde_json::Value;

fn check(case: &str, extra: &[&str]) -> Run {
    let mut args = vec!["check", case];
    args.extend_from_slice(extra);
    run_in(&fixtures(), &args)
}

// ---------------------------------------------------------------- exit codes

#[test]
fn exit_code_is_0_when_a_case_has_no_findings() {
    assert_eq!(check("agree/quiet-aliases", &[]).code, 0);
    assert_eq!(check("agree/quiet-aliases", &["--format", "json"]).code, 0);
}

#[test]
fn exit_code_is_1_when_an_error_is_found() {
    assert_eq!(check("agree/fires", &[]).code, 1);
    assert_eq!(check("agree/fires", &["--format", "json"]).code, 1);
}

#[test]
fn warnings_and_infos_do_not_fail_by_default() {
    assert_eq!(
        check("types/fires", &[]).code,
        0,
        "type-mismatch is a warning"
    );
    assert_eq!(check("require/fires", &[]).code, 0, "missing is info");
}

#[test]
fn fail_on_warning_fails_on_a_warning_but_not_on_an_info() {
    assert_eq!(check("types/fires", &["--fail-on", "warning"]).code, 1);
    assert_eq!(check("require/fires", &["--fail-on", "warning"]).code, 0);
    assert_eq!(
        check("agree/fires", &["--fail-on", "warning"]).code,
        1,
        "errors fail too"
    );
}

#[test]
fn fail_on_info_fails_on_any_finding() {
    assert_eq!(check("require/fires", &["--fail-on", "info"]).code, 1);
    assert_eq!(check("types/fires", &["--fail-on", "info"]).code, 1);
    assert_eq!(check("agree/quiet-aliases", &["--fail-on", "info"]).code, 0);
}

#[test]
fn fail_on_error_is_the_default() {
    assert_eq!(check("types/fires", &["--fail-on", "error"]).code, 0);
    assert_eq!(check("agree/fires", &["--fail-on", "error"]).code, 1);
}

/// `crosscheck check <case> --color never --width 100`: the exit code, then stdout, so that
/// the snapshot holds on any machine.
fn human(case: &str) -> String {
    let run = check(case, &["--color", "never", "--width", "100"]);
    format!("exit code: {}\n\n{}", run.code, run.stdout)
}

#[test]
fn a_load_error_points_at_its_line_with_a_did_you_mean() {
    insta::assert_snapshot!("load_error_with_did_you_mean", human("load/did-you-mean"));
}

#[test]
fn a_load_error_exits_2_whatever_the_threshold() {
    for threshold in ["error", "warning", "info"] {
        let run = check(
            "load/did-you-mean",
            &["--fail-on", threshold, "--format", "json"],
        );
        assert_eq!(run.code, 2, "--fail-on {threshold}");
    }
}

#[test]
fn a_file_size_limit_beyond_four_gibibytes_is_refused_with_exit_2() {
    let run = check("agree/fires", &["--max-file-size", "4294967296"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("invalid value '4294967296' for '--max-file-size <MAX_FILE_SIZE>'")
            && run.stderr.contains("0..=4294967295"),
        "{}",
        run.stderr
    );
    assert_eq!(
        check("agree/fires", &["--max-file-size", "4294967295"]).code,
        1
    );
}

#[test]
fn a_nonexistent_path_is_a_load_error_with_exit_2() {
    let run = check("no/such/dir", &["--format", "json"]);
    assert_eq!(run.code, 2);
    let doc = parse(&run.stdout);
    let errors = doc["load_errors"]
        .as_array()
        .expect("load_errors is printed");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0]["file"], "no/such/dir");
    assert_findings(&doc, &[]);

    let human = check("no/such/dir", &["--color", "never"]);
    assert_eq!(human.code, 2);
    assert!(
        human.stdout.contains("no/such/dir"),
        "the path is named:\n{}",
        human.stdout
    );
}

#[test]
fn a_nonexistent_path_beside_a_good_one_still_checks_the_good_one() {
    let (doc, code) = run_json_in(&fixtures(), &["agree/fires", "no/such/file.yaml"]);
    assert_eq!(code, 2);
    assert_findings(
        &doc,
        &[key(
            "conflict",
            "facts-agree",
            "alberto-fujimori",
            Some("jailed"),
        )],
    );
    assert_eq!(doc["load_errors"].as_array().map(Vec::len), Some(1));
}

#[test]
fn misuse_of_the_command_line_exits_2() {
    for args in [
        &["check", "agree/fires", "--format", "xml"][..],
        &["check", "agree/fires", "--fail-on", "never"][..],
        &["check", "agree/fires", "--no-such-flag"][..],
        &["no-such-command"][..],
    ] {
        let run = run_in(&fixtures(), args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(!run.stderr.is_empty(), "{args:?} explains itself on stderr");
    }
}

// ---------------------------------------------------------------- JSON shape

#[test]
fn json_document_has_version_summary_and_findings_in_that_order() {
    let run = check("agree/fires", &["--format", "json"]);
    assert!(
        run.stdout.ends_with('\n'),
        "the document ends with a newline"
    );
    let doc = parse(&run.stdout);
    assert_eq!(
        keys_of(&doc),
        ["version", "summary", "findings"],
        "no load_errors when all loaded"
    );
    assert_eq!(doc["version"], 1);
    assert_eq!(
        keys_of(&doc["summary"]),
        ["sources", "claims", "errors", "warnings", "infos"]
    );
    assert_eq!(
        doc["summary"],
        serde_json::json!({"sources": 2, "claims": 2, "errors": 1, "warnings": 0, "infos": 0})
    );
}

#[test]
fn json_findings_keys_come_in_the_contract_order() {
    let (doc, _) = run_json("agree/fires");
    let f = &findings(&doc)[0];
    let keys = keys_of(f);
    assert_eq!(
        keys[..7],
        [
            "rule", "kind", "code", "severity", "subject", "property", "message"
        ],
        "{keys:?}"
    );
    assert!(keys.contains(&"claims"), "{keys:?}");
    assert_eq!(f["rule"], "facts-agree");
    assert_eq!(f["kind"], "agree");
    assert_eq!(f["code"], "conflict");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["subject"], "alberto-fujimori");
    assert_eq!(f["property"], "jailed");
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("2005") && m.contains("2007"))
    );
}

#[test]
fn json_claims_carry_source_claim_file_line_column_and_value() {
    let (doc, _) = run_json("agree/fires");
    let claims = findings(&doc)[0]["claims"]
        .as_array()
        .expect("claims")
        .clone();
    assert_eq!(claims.len(), 2);
    for c in &claims {
        assert_eq!(
            keys_of(c)[..6],
            ["source", "claim", "file", "line", "column", "value"],
            "{c:#}"
        );
    }
    // The source id defaults to the file stem; the claim id is as written.
    assert_eq!(claims[0]["source"], "andes-ledger-2023-12-06");
    assert_eq!(claims[0]["claim"], "jailed");
    assert_eq!(
        claims[0]["file"],
        "agree/fires/andes-ledger-2023-12-06.yaml"
    );
    assert_eq!(claims[0]["line"], 9);
    assert_eq!(claims[0]["column"], 12);
    assert_eq!(claims[0]["value"], "2005");
    assert_eq!(claims[1]["source"], "pacific-wire-2023-12-07");
    assert_eq!(claims[1]["claim"], "jailed-year");
}

#[test]
fn json_claims_add_resolved_and_period_after_value_for_a_relative_date() {
    let (doc, _) = run_json("agree/relative-date-conflict");
    let claims = findings(&doc)[0]["claims"].as_array().cloned();
    let claim = claims
        .iter()
        .flatten()
        .find(|c| c["value"] == "on Friday")
        .expect("the relative date's claim");
    // One reading: no `alternative` (tests/candidates.rs shows a date with two).
    assert_eq!(
        keys_of(claim),
        [
            "source", "claim", "file", "line", "column", "value", "resolved", "period"
        ]
    );
}

#[test]
fn json_property_is_null_where_no_single_property_applies() {
    let (doc, _) = run_json("age/fires");
    let f = &findings(&doc)[0];
    assert_eq!(f["code"], "age-mismatch");
    assert!(f["property"].is_null(), "{f:#}");
}

#[test]
fn json_summary_counts_findings_by_severity() {
    for case in [
        "agree/fires",
        "types/fires",
        "require/fires",
        "corroborate/fires",
        "names/no-registry",
    ] {
        let (doc, _) = run_json(case);
        let count = |s: &str| findings(&doc).iter().filter(|f| f["severity"] == s).count() as u64;
        assert_eq!(doc["summary"]["errors"], count("error"), "{case}");
        assert_eq!(doc["summary"]["warnings"], count("warning"), "{case}");
        assert_eq!(doc["summary"]["infos"], count("info"), "{case}");
    }
    let (doc, _) = run_json("names/no-registry");
    assert_eq!(doc["summary"]["sources"], 3);
    assert_eq!(doc["summary"]["claims"], 3);
}

#[test]
fn json_findings_come_errors_first_then_warnings_then_infos() {
    let (doc, _) = run_json_in(&founding(), &[]);
    let rank = |f: &Value| match f["severity"].as_str() {
        Some("error") => 0,
        Some("warning") => 1,
        Some("info") => 2,
        other => panic!("unknown severity {other:?}"),
    };
    let ranks: Vec<i32> = findings(&doc).iter().map(rank).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
}

// ---------------------------------------------------------------- determinism

/// Every file under `dir`, relative to it, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).expect("readable directory") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.push(path.strip_prefix(root).expect("under root").to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Copies `names` (relative to `from`) into `to`, creating the files in reverse order.
fn copy_reversed(from: &Path, to: &Path, names: &[PathBuf]) {
    for name in names.iter().rev() {
        let target = to.join(name);
        fs::create_dir_all(target.parent().expect("a parent")).expect("create directory");
        fs::copy(from.join(name), &target).expect("copy file");
    }
}

#[test]
fn the_same_files_named_in_any_order_give_byte_identical_output() {
    for case in [
        "names/no-registry",
        "age/fires",
        "corroborate/fires",
        "agree/quiet-date-precision",
    ] {
        let files: Vec<String> = files_under(&fixtures().join(case))
            .iter()
            .map(|f| format!("{case}/{}", f.display()))
            .collect();
        let mut reversed = files.clone();
        reversed.reverse();
        let mut rotated = files.clone();
        rotated.rotate_left(1);
        for format in ["json", "human"] {
            let run = |paths: &[String]| {
                let mut args: Vec<&str> = vec!["check", "--format", format, "--color", "never"];
                args.extend(paths.iter().map(String::as_str));
                run_in(&fixtures(), &args).stdout
            };
            let by_dir = run(&[case.to_string()]);
            assert_eq!(run(&files), by_dir, "{case} as files, {format}");
            assert_eq!(
                run(&reversed),
                by_dir,
                "{case} as files in reverse, {format}"
            );
            assert_eq!(run(&rotated), by_dir, "{case} as files rotated, {format}");
        }
    }
}

#[test]
fn the_bundled_data_in_any_argument_order_gives_byte_identical_output() {
    let root = founding();
    for format in ["json", "human"] {
        let base = ["check", "--format", format, "--color", "never"];
        let default = run_in(&root, &base);
        let claims_rules = run_in(&root, &[&base[..], &["claims", "rules"]].concat());
        let rules_claims = run_in(&root, &[&base[..], &["rules", "claims"]].concat());
        assert_eq!(claims_rules.stdout, default.stdout, "{format}");
        assert_eq!(rules_claims.stdout, default.stdout, "{format}");
        assert_eq!(rules_claims.code, default.code, "{format}");
    }
}

#[test]
fn a_copy_written_file_by_file_in_reverse_order_gives_byte_identical_output() {
    // The bundled data, and a fixture case, each copied into a fresh directory with the files
    // created in the opposite order (directory listings then come back in another order).
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = founding();
    let mut bundled: Vec<PathBuf> = ["claims", "rules"]
        .iter()
        .flat_map(|d| {
            files_under(&root.join(d))
                .into_iter()
                .map(move |f| Path::new(d).join(f))
        })
        .collect();
    bundled.sort();
    copy_reversed(&root, tmp.path(), &bundled);
    let case = "names/no-registry";
    let case_files: Vec<PathBuf> = files_under(&fixtures().join(case))
        .into_iter()
        .map(|f| Path::new(case).join(f))
        .collect();
    copy_reversed(&fixtures(), tmp.path(), &case_files);

    for format in ["json", "human"] {
        let args = [
            "check", "rules", "claims", "--format", format, "--color", "never",
        ];
        let original = run_in(&root, &args);
        let copy = run_in(tmp.path(), &args);
        assert_eq!(copy.stdout, original.stdout, "bundled data, {format}");
        assert_eq!(copy.code, original.code);

        let args = ["check", case, "--format", format, "--color", "never"];
        let original = run_in(&fixtures(), &args);
        let copy = run_in(tmp.path(), &args);
        assert_eq!(copy.stdout, original.stdout, "{case}, {format}");
    }
}

#[test]
fn repeated_runs_give_byte_identical_output() {
    let first = run_in(&founding(), &["check", "--format", "json"]).stdout;
    for _ in 0..3 {
        assert_eq!(
            run_in(&founding(), &["check", "--format", "json"]).stdout,
            first
        );
    }
}

// ---------------------------------------------------------------- load errors

/// Good files: two sources that disagree, so a finding proves they were still checked.
const GOOD: &[(&str, &str)] = &[
    (
        "good/properties.yaml",
        "properties:\n  age: { type: age }\n  jailed: { type: date }\n",
    ),
    (
        "good/entities.yaml",
        "entities:\n  - id: alberto-fujimori\n    name: Alberto Fujimori\n    type: person\n",
    ),
    (
        "good/rules.yaml",
        "rules:\n  - id: facts-agree\n    kind: agree\n",
    ),
    (
        "good/andes-ledger.yaml",
        r#"source:
  outlet: Andes Ledger
  published: 2023-12-06
claims:
  - subject: alberto-fujimori
    property: jailed
    value: 2005
    quote: "held since 2005"
"#,
    ),
    (
        "good/pacific-wire.yaml",
        r#"source:
  outlet: Pacific Wire
  published: 2023-12-06
claims:
  - subject: alberto-fujimori
    property: jailed
    value: 2007
    quote: "imprisoned in 2007"
"#,
    ),
];

/// One broken file per kind of load error. Line and column of each error are in the table
/// of `load_errors_are_all_reported_with_their_places`.
const BROKEN: &[(&str, &str)] = &[
    (
        "broken/unknown-key.yaml",
        "source:
  outlet: Coastal Tribune
  published: 2023-12-06
claims:
  - id: age
    subjet: alberto-fujimori
    property: age
    value: 85
",
    ),
    (
        "broken/wrong-type.yaml",
        "source:
  outlet: River Post
  published: 2023-12-06
claims:
  - id: age
    subject: [alberto-fujimori, keiko-fujimori]
    property: age
    value: 85
",
    ),
    (
        "broken/duplicate-claim.yaml",
        "source:
  outlet: Hill Courier
  published: 2023-12-06
claims:
  - id: age
    subject: alberto-fujimori
    property: age
    value: 85
  - id: age
    subject: alberto-fujimori
    property: age
    value: 85
",
    ),
    (
        "broken/shared-source-1.yaml",
        "source:
  id: shared-source
  outlet: Valley Times
  published: 2023-12-01
claims: []
",
    ),
    (
        "broken/shared-source-2.yaml",
        "source:
  id: shared-source
  outlet: Valley Times
  published: 2023-12-02
claims: []
",
    ),
    (
        "broken/invalid-date.yaml",
        "source:
  outlet: Delta Review
  published: 2023-12-06
claims:
  - subject: alberto-fujimori
    property: jailed
    value: 2023-02-30
",
    ),
    (
        "broken/unknown-property.yaml",
        "source:
  outlet: Summit News
  published: 2023-12-06
claims:
  - subject: alberto-fujimori
    property: agee
    value: 85
",
    ),
    (
        "broken/unknown-kind.yaml",
        "rules:
  - id: more-agreement
    kind: agre
",
    ),
    (
        "broken/syntax.yaml",
        "source:
  outlet: Lagoon Herald
  published: 2023-12-06
claims:
  - subject: alberto-fujimori
    property: age
    value: 85
    quote: \"the 85-year-old
",
    ),
    (
        "broken/anchors.yaml",
        "source:
  outlet: Plain Dealer
  published: 2023-12-06
claims:
  - subject: &who alberto-fujimori
    property: age
    value: 85
  - subject: *who
    property: jailed
    value: 2007
",
    ),
];

fn write_all(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().expect("a parent")).expect("create directory");
        fs::write(path, text).expect("write file");
    }
}

fn broken_workspace() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    write_all(tmp.path(), GOOD);
    write_all(tmp.path(), BROKEN);
    tmp
}

/// (file, line, column, code, a piece of the message or help)
type Expected = (&'static str, u64, u64, &'static str, &'static str);

#[test]
fn load_errors_are_all_reported_with_their_places() {
    let tmp = broken_workspace();
    let (doc, code) = run_json_in(tmp.path(), &["good", "broken"]);
    assert_eq!(code, 2);
    let errors = doc["load_errors"]
        .as_array()
        .expect("load_errors is printed")
        .clone();
    for e in &errors {
        for k in ["file", "line", "column", "message"] {
            assert!(e.get(k).is_some(), "load error lacks `{k}`: {e:#}");
        }
    }
    let expected: &[Expected] = &[
        (
            "broken/duplicate-claim.yaml",
            9,
            9,
            "load::duplicate-id",
            "`age`",
        ),
        (
            "broken/invalid-date.yaml",
            7,
            12,
            "load::invalid",
            "February has no day 30",
        ),
        (
            "broken/shared-source-2.yaml",
            2,
            7,
            "load::duplicate-id",
            "broken/shared-source-1.yaml",
        ),
        (
            "broken/syntax.yaml",
            8,
            12,
            "load::syntax",
            "YAML syntax error",
        ),
        (
            "broken/unknown-key.yaml",
            5,
            5,
            "load::missing-key",
            "`subject`",
        ),
        (
            "broken/unknown-key.yaml",
            6,
            5,
            "load::unknown-key",
            "did you mean `subject`?",
        ),
        (
            "broken/unknown-kind.yaml",
            3,
            11,
            "load::unknown-reference",
            "did you mean `agree`?",
        ),
        (
            "broken/unknown-property.yaml",
            6,
            15,
            "load::unknown-reference",
            "did you mean `age`?",
        ),
        (
            "broken/wrong-type.yaml",
            6,
            14,
            "load::wrong-type",
            "found a list",
        ),
    ];
    // The anchor is checked apart: marked-yaml places it at the anchored node, which may be
    // the `&who` (column 14) or the value it marks (column 19).
    let (anchors, rest): (Vec<&Value>, Vec<&Value>) = errors
        .iter()
        .partition(|e| e["file"] == "broken/anchors.yaml");
    assert_eq!(
        anchors.len(),
        1,
        "one error for the anchor file: {anchors:#?}"
    );
    assert_eq!(anchors[0]["code"], "load::alias");
    assert_eq!(anchors[0]["line"], 5);
    let column = anchors[0]["column"].as_u64().expect("a column");
    assert!(
        (14..=19).contains(&column),
        "column {column} is on `&who alberto-fujimori`"
    );

    let got: Vec<(String, u64, u64, String)> = rest
        .iter()
        .map(|e| {
            (
                e["file"].as_str().expect("file").to_string(),
                e["line"].as_u64().expect("line"),
                e["column"].as_u64().expect("column"),
                e["code"].as_str().expect("code").to_string(),
            )
        })
        .collect();
    let want: Vec<(String, u64, u64, String)> = expected
        .iter()
        .map(|(f, l, c, code, _)| (f.to_string(), *l, *c, code.to_string()))
        .collect();
    assert_eq!(
        got, want,
        "every error, in file and line order:\n{errors:#?}"
    );
    for ((file, line, _, _, piece), e) in expected.iter().zip(&rest) {
        let text = format!("{} {}", e["message"], e["help"]);
        assert!(
            text.contains(piece),
            "{file}:{line}: `{piece}` not in {text}"
        );
    }
}

#[test]
fn findings_of_the_files_that_loaded_are_still_reported_beside_load_errors() {
    let tmp = broken_workspace();
    let (doc, code) = run_json_in(tmp.path(), &["good", "broken"]);
    assert_eq!(code, 2);
    assert_findings(
        &doc,
        &[key(
            "conflict",
            "facts-agree",
            "alberto-fujimori",
            Some("jailed"),
        )],
    );
    let f = &findings(&doc)[0];
    let files: Vec<String> = claim_places(f).into_iter().map(|p| p.0).collect();
    assert_eq!(files, ["good/andes-ledger.yaml", "good/pacific-wire.yaml"]);
    assert_eq!(
        keys_of(&doc),
        ["version", "summary", "findings", "load_errors"]
    );
}

#[test]
fn human_output_prints_load_errors_after_the_findings_next_to_the_summary() {
    let tmp = broken_workspace();
    let run = run_in(tmp.path(), &["check", "good", "broken", "--color", "never"]);
    assert_eq!(run.code, 2);
    let first_load_error = run.stdout.find("load::").expect("load errors are printed");
    let finding = run
        .stdout
        .find("conflict:")
        .expect("the finding is printed");
    let summary = run
        .stdout
        .find("could not be loaded")
        .expect("the summary line");
    assert!(finding < first_load_error, "{}", run.stdout);
    assert!(first_load_error < summary, "{}", run.stdout);
    // --quiet silences findings, not failures: every load error is still drawn.
    let quiet = run_in(
        tmp.path(),
        &["check", "good", "broken", "--color", "never", "--quiet"],
    );
    assert_eq!(quiet.code, 2);
    assert!(!quiet.stdout.contains("conflict:"), "{}", quiet.stdout);
    assert_eq!(
        quiet.stdout.matches("load::").count(),
        run.stdout.matches("load::").count(),
        "{}",
        quiet.stdout
    );
    for (file, _) in BROKEN
        .iter()
        .filter(|(f, _)| !f.ends_with("shared-source-1.yaml"))
    {
        assert!(
            run.stdout.contains(file),
            "{file} is named:\n{}",
            run.stdout
        );
    }
}

#[test]
fn a_good_workspace_gives_no_load_errors_key() {
    let tmp = tempfile::tempdir().expect("temp dir");
    write_all(tmp.path(), GOOD);
    let (doc, code) = run_json_in(tmp.path(), &["good"]);
    assert_eq!(code, 1);
    assert!(doc.get("load_errors").is_none(), "{doc:#}");
}

// ---------------------------------------------------------------- the bundled data

fn bundled() -> Value {
    let (doc, _) = run_json_in(&founding(), &[]);
    doc
}

#[test]
fn bundled_pablo_kuczynski_is_a_name_variant_of_who_granted_the_pardon() {
    let doc = bundled();
    let found = findings(&doc).iter().any(|f| {
        f["code"] == "name-variant"
            && f["subject"] == "fujimori-pardon-2017"
            && f["property"] == "granted_by"
    });
    assert!(found, "{:#}", doc["findings"]);
}

#[test]
fn bundled_constitutional_court_and_tribunal_do_not_conflict() {
    let doc = bundled();
    for f in findings(&doc).iter().filter(|f| f["code"] == "conflict") {
        let values: Vec<&str> = f["claims"]
            .as_array()
            .expect("claims")
            .iter()
            .filter_map(|c| c["value"].as_str())
            .collect();
        assert!(
            !(values.contains(&"Constitutional Court")
                && values.contains(&"Constitutional Tribunal")),
            "{f:#}"
        );
    }
}

#[test]
fn bundled_sentence_has_no_finding() {
    let doc = bundled();
    let on_sentence: Vec<&Value> = findings(&doc)
        .iter()
        .filter(|f| f["property"] == "sentence")
        .collect();
    assert!(on_sentence.is_empty(), "{on_sentence:#?}");
}

#[test]
fn bundled_data_loads_without_errors() {
    let doc = bundled();
    assert!(doc.get("load_errors").is_none(), "{:#}", doc["load_errors"]);
}

#[test]
fn when_prints_the_period_a_phrase_resolves_to() {
    let out = crosscheck()
        .args([
            "when",
            "Christmas Eve six years ago",
            "--anchor",
            "2023-12-06",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "{\"start\":\"2017-12-24\",\"end\":\"2017-12-24\",\"precision\":\"day\"}\n"
    );
    let out = crosscheck()
        .args(["when", "six years ago", "--anchor", "2023-12-06"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "{\"start\":\"2017-01-01\",\"end\":\"2017-12-31\",\"precision\":\"year\"}\n"
    );
}

#[test]
fn when_exits_2_on_a_phrase_that_cannot_be_placed_and_says_what_would_place_it() {
    let out = crosscheck()
        .args(["when", "recently", "--anchor", "2023-12-06"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("cannot resolve `recently` from 2023-12-06: `recently` does not say when: write the date"),
        "{err}"
    );
    assert!(err.contains("Christmas Eve six years ago"), "{err}");
    let out = crosscheck()
        .args(["when", "now", "--anchor", "2023-12"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("give `published` (or the claim's `as_of`) as a day"),
        "{err}"
    );
}

#[test]
fn when_prints_both_candidates_of_a_phrase_that_may_point_either_way() {
    let when = |args: &[&str]| {
        let out = crosscheck().arg("when").args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(
        when(&["in April", "--anchor", "2023-12-06"]),
        "{\"start\":\"2024-04-01\",\"end\":\"2024-04-30\",\"precision\":\"month\",\
         \"alternative\":{\"start\":\"2023-04-01\",\"end\":\"2023-04-30\",\"precision\":\"month\"}}\n"
    );
    // A property with `future: true` reads it forward, as one reading.
    assert_eq!(
        when(&["Nov. 16", "--anchor", "2023-12-06", "--future"]),
        "{\"start\":\"2024-11-16\",\"end\":\"2024-11-16\",\"precision\":\"day\"}\n"
    );
    assert_eq!(
        when(&["Nov. 16", "--anchor", "2023-12-06"]),
        "{\"start\":\"2023-11-16\",\"end\":\"2023-11-16\",\"precision\":\"day\"}\n"
    );
    // A weekday beside a date that is not its own is kept and named.
    assert_eq!(
        when(&["Monday, Oct. 26", "--anchor", "2023-12-06"]),
        "{\"start\":\"2023-10-26\",\"end\":\"2023-10-26\",\"precision\":\"day\",\"weekday_written\":\"Mon\"}\n"
    );
    assert_eq!(
        when(&[
            "el 24 de diciembre de 2017",
            "--anchor",
            "2023-12-06",
            "--language",
            "es-PE"
        ]),
        "{\"start\":\"2017-12-24\",\"end\":\"2017-12-24\",\"precision\":\"day\"}\n"
    );
    let out = crosscheck()
        .args([
            "when",
            "Friday",
            "--anchor",
            "2023-12-06",
            "--language",
            "und",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn when_rejects_an_anchor_that_is_not_a_date() {
    let out = crosscheck()
        .args(["when", "Friday", "--anchor", "2023-02-30"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("February has no day 30")
    );
}

// ---------------------------------------------------------------- load warnings

#[test]
fn an_alias_another_entity_is_named_by_is_a_load_warning_that_keeps_exit_0_and_checks_the_rest() {
    let tmp = tempfile::tempdir().expect("temp dir");
    write_all(
        tmp.path(),
        &[
            (
                "registry.yaml",
                "entities:\n  - id: dundalk\n    name: Dundalk\n    type: town\n    aliases: [Dundalk, Maryland]\n  - id: maryland\n    name: Maryland\n    type: state\n",
            ),
            (
                "properties.yaml",
                "properties:\n  part_of: {type: entity}\n",
            ),
            ("rules.yaml", "rules:\n  - {id: facts-agree, kind: agree}\n"),
            (
                "herald.yaml",
                "source:\n  outlet: Harbour Herald\n  published: 2024-03-27\nclaims:\n  - id: where\n    subject: Dundalk\n    property: part_of\n    value: Maryland\n",
            ),
        ],
    );
    let run = run_in(tmp.path(), &["check", "--color", "never", "."]);
    assert_eq!(
        run.code, 0,
        "a load warning does not fail the run: {}",
        run.stdout
    );
    let expected = "\
  ⚠ `Maryland` names both `dundalk` and `maryland`
   ╭─[./registry.yaml:5:24]
 4 │     type: town
 5 │     aliases: [Dundalk, Maryland]
   ·                        ────┬───
   ·                            ╰── here
 6 │   - id: maryland
   ╰────
  help: it is also the name of `maryland` at ./registry.yaml:7:11, so a mention of it fits both;
        remove it from one (a flow list like `aliases: [Dundalk, Maryland]` holds two names; a
        demonym such as Honduran goes under `adjectives:`)
";
    assert!(run.stdout.contains(expected), "{}", run.stdout);
    assert!(
        run.stdout.starts_with("load::shared-name\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with(
            "1 source (1 outlet), 1 claim: 0 errors, 0 warnings, 0 infos; 1 input warning\n"
        ),
        "{}",
        run.stdout
    );
    // JSON lists it apart from load errors, with its place.
    let (doc, code) = run_json_in(tmp.path(), &["."]);
    assert_eq!(code, 0);
    assert!(doc.get("load_errors").is_none(), "{doc:#}");
    let w = &doc["load_warnings"][0];
    assert_eq!(
        (&w["file"], &w["line"], &w["column"], &w["code"]),
        (
            &Value::from("./registry.yaml"),
            &Value::from(5),
            &Value::from(24),
            &Value::from("load::shared-name")
        )
    );
    // SARIF: a warning notification, and the run still counts as successful.
    let run = run_in(tmp.path(), &["check", "--format", "sarif", "."]);
    assert_eq!(run.code, 0);
    let sarif = parse(&run.stdout);
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], Value::from(true));
    let n = &invocation["toolExecutionNotifications"][0];
    assert_eq!(
        (&n["level"], &n["descriptor"]["id"]),
        (&Value::from("warning"), &Value::from("load::shared-name"))
    );
}

#[test]
fn human_output_counts_infos_in_one_line_unless_shown_and_draws_errors_last() {
    let bundled = |extra: &[&str]| {
        let mut args = vec!["check", "--color", "never"];
        args.extend(extra);
        run_in(&founding(), &args)
    };
    let run = bundled(&[]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let n = lines.len();
    assert_eq!(
        lines[n - 2],
        "7 infos not shown (7 uncorroborated): `--show infos` lists them"
    );
    assert_eq!(
        lines[n - 1],
        "3 sources (3 outlets), 91 claims: 1 error, 5 warnings, 7 infos"
    );
    assert!(!run.stdout.contains("uncorroborated:"), "{}", run.stdout);
    // The one error is the last finding drawn.
    let error = run.stdout.find("× conflict:").unwrap();
    let last_warning = run.stdout.rfind("⚠ ").unwrap();
    assert!(last_warning < error, "{}", run.stdout);
    for shown in [&["--show", "infos"][..], &["--fail-on", "info"]] {
        let run = bundled(shown);
        assert_eq!(
            run.stdout.matches("uncorroborated:").count(),
            7,
            "{shown:?}"
        );
        assert!(!run.stdout.contains("not shown"), "{shown:?}");
        let info = run.stdout.rfind("uncorroborated:").unwrap();
        assert!(info < run.stdout.find("⚠ ").unwrap(), "infos come first");
    }
}

#[test]
fn jsonl_writes_one_finding_per_line_that_json_lines_readers_load() {
    let root = founding();
    let lines = run_in(&root, &["check", "--format", "jsonl"]);
    assert_eq!(lines.code, 1);
    let doc = run_in(&root, &["check", "--format", "json"]);
    let findings: Value = serde_json::from_str::<Value>(&doc.stdout).unwrap()["findings"].clone();
    // serde_json's stream reader: one value per line, nothing else.
    let read: Vec<Value> = serde_json::Deserializer::from_str(&lines.stdout)
        .into_iter::<Value>()
        .map(Result::unwrap)
        .collect();
    assert_eq!(Value::from(read), findings);
    assert_eq!(lines.stdout.lines().count(), 13);
    // Python's json module, line by line, as JSON Lines tools read it.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("findings.jsonl");
    fs::write(&file, &lines.stdout).unwrap();
    let python = std::process::Command::new("python3")
        .args([
            "-c",
            "import json,sys\nrows=[json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]\nprint(len(rows), sorted({r['code'] for r in rows}))",
        ])
        .arg(&file)
        .output();
    if let Ok(out) = python {
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "13 ['conflict', 'name-variant', 'type-mismatch', 'uncorroborated']\n"
        );
    }
}

// ---------------------------------------------------------------- rule settings

#[test]
fn an_unknown_per_of_a_require_rule_is_a_load_error_with_a_did_you_mean() {
    let (doc, code) = run_json("require/per-typo");
    assert_eq!(code, 2);
    let errors = doc["load_errors"].as_array().expect("load_errors");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = &errors[0];
    assert_eq!(e["file"], "require/per-typo/rules.yaml");
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(4), Some(10))
    );
    assert_eq!(e["message"], "invalid per `sourse`");
    assert_eq!(e["help"], "did you mean `source`?");
}

#[test]
fn a_naming_other_than_spanish_or_portuguese_is_a_load_error_with_a_hint() {
    let tmp = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        tmp.path().join("entities.yaml"),
        "entities:\n  - id: ana\n    name: Ana Ruiz Soto\n    naming: basque\n",
    )
    .expect("registry written");
    let (doc, code) = run_json_in(tmp.path(), &["."]);
    assert_eq!(code, 2);
    let errors = doc["load_errors"].as_array().expect("load_errors");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = &errors[0];
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(4), Some(13))
    );
    assert!(
        e["help"]
            .as_str()
            .is_some_and(|h| h.contains("spanish") && h.contains("portuguese")),
        "{e:#}"
    );
}
