//! The hostile corpus for look-alike names and arithmetic that wraps (issue 15, classes 3 and
//! 5), run like `tests/hostile.rs`: through the real binary under a hard time and memory
//! guard, beside `tests/hostile/registry/`, and again beside `tests/hostile/good/`.
//!
//! Cases live in `tests/hostile/cases/names-*/` (some bring entities, properties or rules of
//! their own); the large ones are made at test time. Each states the exit code and pieces of
//! the human output: the place (`a.yaml:7:14`) and the message a user sees. The arithmetic
//! cases are chosen so that a wrapped result would equal the stated total and hide the error.
//! Cyrillic and Greek letters are written as escapes (`\u{435}` for е), so that the look-alikes
//! are visible here.
//! Values near the limits must give the same answer in the debug test binary, which panics
//! on overflow, and in a release build, which would wrap: the code has no overflow to reach.

mod common;

use std::fs;
use std::path::Path;
use std::time::Duration;

use serde_json::Value;

struct Case {
    name: &'static str,
    /// Writes the case's files into its folder; `None` for a committed case.
    make: Option<fn(&Path)>,
    exit: i32,
    expect: &'static [&'static str],
    /// Pieces that must not be printed.
    absent: &'static [&'static str],
}

const fn case(
    name: &'static str,
    exit: i32,
    expect: &'static [&'static str],
    absent: &'static [&'static str],
) -> Case {
    Case {
        name,
        make: None,
        exit,
        expect,
        absent,
    }
}

/// The sum rule over `n` parts, `part-0` … `part-{n-1}`, of `property`.
fn sum_rule(property: &str, n: usize) -> String {
    let parts: String = (0..n)
        .map(|i| format!("      - {{subject: part-{i}, property: {property}}}\n"))
        .collect();
    format!(
        "rules:\n  - id: parts-add-up\n    kind: sum\n    total: {{subject: whole, property: {property}}}\n    parts:\n{parts}"
    )
}

/// Claims of `property`: `total` for `whole`, and `part` for each of `n` parts.
fn sum_claims(property: &str, total: &str, part: &str, n: usize) -> String {
    let mut s = format!(
        "source:\n  id: many\n  outlet: Many\n  published: 2023-12-06\nclaims:\n  - id: whole\n    subject: whole\n    property: {property}\n    value: {total}\n"
    );
    for i in 0..n {
        s.push_str(&format!(
            "  - id: part-{i}\n    subject: part-{i}\n    property: {property}\n    value: {part}\n"
        ));
    }
    s
}

fn cases() -> Vec<Case> {
    vec![
        // Look-alike names.
        case(
            "names-cyrillic-subject",
            1,
            &[
                "name-variant: \"Alb\u{435}rt\u{43e} Fujimori\" looks like \"Alberto Fujimori\" (alberto-fujimori) but is written with look-alike characters",
                "look-alike characters: Alb<\u{435} U+0435 Cyrillic>rt<\u{43e} U+043E Cyrillic> Fujimori",
                "names-cyrillic-subject/a.yaml:7:14",
                "retype \"Alb\u{435}rt\u{43e} Fujimori\" as \"Alberto Fujimori\"",
                // The disguise hid nothing: both ages are the entity's.
                "age-mismatch: The ages and birth dates of alberto-fujimori fit no single birth date",
            ],
            &["unknown-entity"],
        ),
        case(
            "names-greek-entity-value",
            0,
            &[
                "name-variant: \"\u{391}na Diaz\" looks like \"Ana Diaz\" (ana-diaz)",
                "look-alike characters: <\u{391} U+0391 Greek>na Diaz",
                "names-greek-entity-value/a.yaml:9:12",
            ],
            &["unknown-entity", "conflict"],
        ),
        case(
            "names-cyrillic-typo",
            0,
            &[
                "name-variant: \"Alb\u{435}rt\u{43e} Fujimor\u{443}\" looks like \"Alberto Fujimori\" (alberto-fujimori)",
                "Alb<\u{435} U+0435 Cyrillic>rt<\u{43e} U+043E Cyrillic> Fujimor<\u{443} U+0443 Cyrillic>",
                "names-cyrillic-typo/a.yaml:7:14",
            ],
            &["unknown-entity"],
        ),
        case(
            "names-one-script-quiet",
            0,
            &["1 source (1 outlet), 6 claims: 0 errors, 0 warnings, 0 infos"],
            &["name-variant", "unknown-entity", "look-alike"],
        ),
        case(
            "names-mixed-unknown",
            0,
            &[
                "unknown-entity: \"M\u{430}r\u{456}a Gomez\" is not in the registry, and mixes scripts",
                "look-alike characters: M<\u{430} U+0430 Cyrillic>r<\u{456} U+0456 Cyrillic>a Gomez",
                "names-mixed-unknown/a.yaml:7:14",
            ],
            &[],
        ),
        case(
            "names-unregistered-lookalike",
            1,
            &[
                "name-variant: \"Luc\u{456}a Qu\u{456}spe\" looks like \"Lucia Quispe\", as another claim writes it,",
                "Luc<\u{456} U+0456 Cyrillic>a Qu<\u{456} U+0456 Cyrillic>spe",
                "names-unregistered-lookalike/b.yaml:7:14",
                "age-mismatch: The ages and birth dates of Lucia Quispe fit no single birth date",
            ],
            &[],
        ),
        case(
            "names-registry-twin",
            0,
            &[
                "ambiguous-name: \"Ana Diaz\" could refer to any of: ana-twin, ana-diaz",
                "look-alike characters in ana-twin's \"\u{410}na Diaz\": <\u{410} U+0410 Cyrillic>na Diaz",
                "names-registry-twin/a.yaml:7:14",
            ],
            &[],
        ),
        // Arithmetic that wraps: each wrapped sum would equal the stated total.
        case(
            "names-sum-count-overflow",
            1,
            &[
                "sum-mismatch: deaths of all-regions is 1, but its parts add up to 18446744073709551617 (north 18446744073709551615 + south 2)",
                "names-sum-count-overflow/a.yaml:9:12",
                "names-sum-count-overflow/a.yaml:13:12",
            ],
            &[],
        ),
        case(
            "names-sum-duration-overflow",
            1,
            &[
                "sum-mismatch: term of all-regions is 1 day, but its parts add up to 18446744073709551617 days",
            ],
            &[],
        ),
        case(
            "names-sum-years-overflow",
            1,
            &[
                "sum-mismatch: term of all-regions is 8 months, but its parts add up to 1537228672809129302 years (north 1537228672809129301 years + south 1 year)",
            ],
            &[],
        ),
        case(
            "names-sum-money-overflow",
            1,
            &[
                "sum-mismatch: owed of all-regions is 1 USD, but its parts add up to more than 1.7976931348623157e308 USD (north 1e308 USD + south 1e308 USD)",
            ],
            &["inf USD"],
        ),
        case(
            "names-decimals-quiet",
            0,
            &["2 sources (2 outlets), 8 claims: 0 errors"],
            &["sum-mismatch", "conflict"],
        ),
        case(
            "names-money-scale-overflow",
            2,
            &[
                "names-money-scale-overflow/a.yaml:9:12",
                "`1e300 trillion USD` is not an amount of money",
                "at most 1.7e308",
            ],
            &[],
        ),
        case(
            "names-count-past-max",
            2,
            &[
                "names-count-past-max/a.yaml:13:12",
                "`18446744073709551616` is not a count",
                "at most 18446744073709551615",
                "1 claim:",
            ],
            &["a.yaml:9:12"],
        ),
        case(
            "names-duration-years-overflow",
            2,
            &[
                "names-duration-years-overflow/a.yaml:9:12",
                "`1537228672809129302 years` is not a duration",
            ],
            &[],
        ),
        case(
            "names-cel-overflow",
            0,
            &[
                "expr-error: `assert` of rule `deaths-scaled` could not be evaluated: Overflow from binary operator 'mul': Int(9223372036854775807), Int(1000000)",
                "expr-error: `assert` of rule `deaths-scaled` could not be evaluated: Unsupported binary operator 'mul': UInt(18446744073709551615)",
                "expr-error: `assert` of rule `term-in-days` could not be evaluated: Overflow from binary operator 'mul': Int(9223372036854775807), Int(365)",
            ],
            &["expr-failed"],
        ),
        case(
            "names-age-calendar-edges",
            1,
            &["age-mismatch: The ages and birth dates of ana-diaz fit no single birth date"],
            &[],
        ),
        case(
            "names-prose-huge-numbers",
            0,
            &[
                "quote-mismatch: The quote of claim owed (A, 2023-12-06) does not state its value 1 USD",
            ],
            &["quote of claim term", "quote of claim deaths"],
        ),
        // 1000 parts of i64::MAX: wrapped, they add up to 2^64 - 1000, the stated total.
        Case {
            make: Some(|d| {
                write(d, "rules.yaml", sum_rule("deaths", 1000));
                let claims = sum_claims(
                    "deaths",
                    "18446744073709550616",
                    "9223372036854775807",
                    1000,
                );
                write(d, "a.yaml", claims);
            }),
            ..case(
                "names-sum-many-counts",
                1,
                &[
                    "sum-mismatch: deaths of whole is 18446744073709550616, but its parts add up to 9223372036854775807000",
                ],
                &[],
            )
        },
        // 1000 parts of u64::MAX days: wrapped, 2^64 - 1000 days.
        Case {
            make: Some(|d| {
                write(d, "rules.yaml", sum_rule("term", 1000));
                let claims = sum_claims(
                    "term",
                    "18446744073709550616 days",
                    "18446744073709551615 days",
                    1000,
                );
                write(d, "a.yaml", claims);
            }),
            ..case(
                "names-sum-many-durations",
                1,
                &[
                    "sum-mismatch: term of whole is 18446744073709550616 days, but its parts add up to 18446744073709551615000 days",
                ],
                &[],
            )
        },
        // 5,000 people who share both surnames: "Quispe" fits them all, and the finding names
        // ten; no candidate is compared, and nothing is measured against every pair.
        Case {
            make: Some(|d| {
                let mut entities = String::from("entities:\n");
                for i in 0..5000 {
                    entities.push_str(&format!(
                        "  - id: quispe-{i}\n    name: Ana{i} Quispe Mamani\n    type: person\n    naming: spanish\n"
                    ));
                }
                write(d, "entities.yaml", entities);
                let mut claims = String::from(
                    "source:\n  id: a\n  outlet: A\n  published: 2024-03-28\nclaims:\n",
                );
                for i in 0..1000 {
                    claims.push_str(&format!(
                        "  - id: age-{i}\n    subject: Quispe\n    property: age\n    value: 40\n"
                    ));
                }
                write(d, "a.yaml", claims);
            }),
            ..case(
                "names-shared-surname-crowd",
                0,
                &[
                    "ambiguous-name: \"Quispe\" could refer to any of: quispe-0, quispe-1,",
                    "quispe-9, and 4990 more",
                    "its age is compared only with claims that also write \"Quispe\"",
                ],
                &["quispe-10,"],
            )
        },
        // Money with scale words, summed in full: no false mismatch from rounding.
        Case {
            make: Some(|d| {
                write(d, "rules.yaml", sum_rule("owed", 1000));
                let claims = sum_claims("owed", "4.1 trillion USD", "4.1 billion USD", 1000);
                write(d, "a.yaml", claims);
            }),
            ..case(
                "names-sum-many-amounts",
                0,
                &["1 source (1 outlet), 1001 claims: 0 errors"],
                &["sum-mismatch"],
            )
        },
    ]
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    fs::write(dir.join(name), bytes).expect("write a case file");
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create directory");
    for entry in fs::read_dir(from).expect("read directory") {
        let entry = entry.expect("directory entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// A scratch root holding `registry/`, `good/` and `cases/NAME/` for every case here.
fn corpus() -> tempfile::TempDir {
    let root = tempfile::tempdir().expect("temp dir");
    let hostile = common::crate_root().join("tests").join("hostile");
    for part in ["registry", "good"] {
        copy_tree(&hostile.join(part), &root.path().join(part));
    }
    for c in cases() {
        let dir = root.path().join("cases").join(c.name);
        match c.make {
            Some(make) => {
                fs::create_dir_all(&dir).expect("create case directory");
                make(&dir);
            }
            None => copy_tree(&hostile.join("cases").join(c.name), &dir),
        }
    }
    root
}

/// A hard guard against a hang; memory is capped by [`common::run_guarded`].
const TIMEOUT: Duration = Duration::from_secs(30);

/// Runs the binary in `root` under the guards; (exit code, stdout, stderr).
fn run(root: &Path, args: &[&str]) -> (i32, String, String) {
    let (run, _) = common::run_guarded(root, args, &[], TIMEOUT);
    (run.code, run.stdout, run.stderr)
}

#[test]
fn every_names_case_folder_is_in_the_manifest_and_the_other_way_round() {
    let cases = cases();
    let committed = common::crate_root().join("tests/hostile/cases");
    for c in &cases {
        assert!(c.name.starts_with("names-"), "{} lacks the prefix", c.name);
        let exists = committed.join(c.name).is_dir();
        assert_eq!(exists, c.make.is_none(), "{}: committed or made", c.name);
    }
    for entry in fs::read_dir(&committed).expect("read cases") {
        let name = entry.expect("entry").file_name();
        let name = name.to_string_lossy();
        if name.starts_with("names-") {
            assert!(
                cases.iter().any(|c| c.name == name),
                "{name} is not in the manifest"
            );
        }
    }
}

#[test]
fn every_names_case_gives_its_findings_and_exit_code_without_a_panic() {
    let root = corpus();
    let mut failures = Vec::new();
    for c in cases() {
        let path = format!("cases/{}", c.name);
        let args = [
            "check", "--color", "never", "--width", "1000", "registry", &path,
        ];
        let (code, stdout, stderr) = run(root.path(), &args);
        if stderr.contains("panicked") || code == 101 || code < 0 {
            failures.push(format!(
                "{}: crashed or timed out ({code}):\n{stderr}",
                c.name
            ));
            continue;
        }
        let before = failures.len();
        if code != c.exit {
            failures.push(format!("{}: exit {code}, expected {}", c.name, c.exit));
        }
        for piece in c.expect {
            if !stdout.contains(piece) {
                failures.push(format!("{}: `{piece}` not printed", c.name));
            }
        }
        for piece in c.absent {
            if stdout.contains(piece) {
                failures.push(format!("{}: `{piece}` printed", c.name));
            }
        }
        if failures.len() > before {
            let head: String = stdout.chars().take(3000).collect();
            failures.push(format!("{} printed:\n{head}", c.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_names_case_never_stops_the_good_files_beside_it_from_being_checked() {
    let root = corpus();
    let mut failures = Vec::new();
    for c in cases() {
        let path = format!("cases/{}", c.name);
        let args = ["check", "--format", "json", "registry", "good", &path];
        let (code, stdout, stderr) = run(root.path(), &args);
        let Ok(doc) = serde_json::from_str::<Value>(&stdout) else {
            failures.push(format!("{}: no JSON (exit {code}): {stderr}", c.name));
            continue;
        };
        let good_found = doc["findings"].as_array().into_iter().flatten().any(|f| {
            f["code"] == "age-mismatch"
                && f["claims"]
                    .as_array()
                    .is_some_and(|cs| cs.iter().any(|c| c["file"] == "good/good-one.yaml"))
        });
        if !good_found {
            failures.push(format!(
                "{}: the good files' age mismatch is missing",
                c.name
            ));
        }
        let want = if c.exit == 2 { 2 } else { 1 };
        if code != want {
            failures.push(format!(
                "{}: exit {code} beside the good files, expected {want}",
                c.name
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_lookalike_finding_names_the_claim_and_spells_out_the_characters_in_json() {
    let root = corpus();
    let args = [
        "check",
        "--format",
        "json",
        "registry",
        "cases/names-cyrillic-subject",
    ];
    let (code, stdout, _) = run(root.path(), &args);
    assert_eq!(code, 1);
    let doc = common::parse(&stdout);
    let f = common::only(&doc, "name-variant");
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["subject"], "alberto-fujimori");
    assert_eq!(
        common::claim_places(&f),
        [(
            "cases/names-cyrillic-subject/a.yaml".to_string(),
            7,
            14,
            "Alb\u{435}rt\u{43e} Fujimori".to_string()
        )]
    );
    let notes = f["notes"].to_string();
    assert!(
        notes.contains("Alb<\u{435} U+0435 Cyrillic>rt<\u{43e} U+043E Cyrillic> Fujimori"),
        "{notes}"
    );
}
