//! Dates read from another claim's date (`relative_to:`): resolved through chains, checked like
//! any date, and every broken link a load error at its place — what a user sees through the
//! binary.

mod common;

use std::fs;

use common::{Run, parse, run_in, with_code};
use serde_json::Value;

const PROPERTIES: &str = "properties:
  arrested: {type: date}
  freed: {type: date}
  convicted: {type: date}
  age: {type: age}
  charges: {type: text, many: true}
";

const RULES: &str = "rules:
  - {id: agree, kind: agree}
  - {id: no-future-dates, kind: dates}
  - id: chronology
    kind: order
    sequence:
      - {subject: Ana Ruiz, property: arrested}
      - {subject: Ana Ruiz, property: convicted}
";

/// Outlet B's claims: the conviction in 2021, the release on 2017-12-27, Ana Ruiz 40.
const OUTLET_B: &str = "source:
  outlet: Outlet B
  published: 2023-12-07
claims:
  - subject: Ana Ruiz
    property: convicted
    value: 2021
  - subject: Ana Ruiz
    property: freed
    value: 2017-12-27
  - subject: Ana Ruiz
    property: age
    value: 40
";

/// `crosscheck check . --format <format>` over the properties, the rules, outlet B and `a.yaml`.
fn check(a: &str, format: &str) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("properties.yaml"), PROPERTIES).unwrap();
    fs::write(root.join("rules.yaml"), RULES).unwrap();
    fs::write(root.join("b.yaml"), OUTLET_B).unwrap();
    fs::write(root.join("a.yaml"), a).unwrap();
    run_in(root, &["check", ".", "--format", format])
}

fn check_json(a: &str) -> (Value, i32) {
    let run = check(a, "json");
    (parse(&run.stdout), run.code)
}

/// Outlet A's file with these claims.
fn outlet_a(claims: &str) -> String {
    format!("source:\n  outlet: Outlet A\n  published: 2023-12-06\nclaims:\n{claims}")
}

/// A claim of Ana Ruiz.
fn claim(id: &str, property: &str, value: &str, relative_to: Option<&str>) -> String {
    let mut c = format!(
        "  - id: {id}\n    subject: Ana Ruiz\n    property: {property}\n    value: {value}\n"
    );
    if let Some(t) = relative_to {
        c.push_str(&format!("    relative_to: {t}\n"));
    }
    c
}

/// The load errors as `file:line:col message | help`.
fn load_errors(doc: &Value) -> Vec<String> {
    doc["load_errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| {
                    let text = |key: &str| e[key].as_str().unwrap_or_default().to_string();
                    format!(
                        "{}:{}:{} {} | {}",
                        text("file"),
                        e["line"],
                        e["column"],
                        text("message"),
                        text("help")
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_chain_of_relative_dates_is_resolved_and_a_conflict_with_another_outlet_shows_the_resolution() {
    let a = outlet_a(
        &[
            claim("arrest", "arrested", "2017-12-24", None),
            claim("release", "freed", "three days later", Some("arrest")),
            claim("verdict", "convicted", "two years later", Some("release")),
        ]
        .concat(),
    );
    let (doc, code) = check_json(&a);
    assert_eq!(code, 1, "{doc:#}");
    assert!(doc.get("load_errors").is_none(), "{doc:#}");
    let conflicts = with_code(&doc, "conflict");
    assert_eq!(conflicts.len(), 1, "only the conviction conflicts: {doc:#}");
    let f = conflicts[0];
    assert_eq!(f["property"], "convicted");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("\"two years later\" (2019, read from claim release (2017-12-27))"),
        "{f:#}"
    );
    let verdict = f["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["claim"] == "verdict")
        .unwrap();
    assert_eq!(
        verdict["resolved"],
        "2019, read from claim release (2017-12-27)"
    );
    assert_eq!(
        (&verdict["line"], &verdict["column"]),
        (&17.into(), &12.into())
    );
    // The release, three days after the arrest, is outlet B's 2017-12-27: no conflict there.
    assert!(with_code(&doc, "future-date").is_empty(), "{doc:#}");
}

#[test]
fn a_relative_date_out_of_order_or_after_publication_is_found_like_any_date() {
    let a = outlet_a(
        &[
            claim("arrest", "arrested", "2023-12-01", None),
            claim("verdict", "convicted", "the previous year", Some("arrest")),
            claim("release", "freed", "two weeks later", Some("arrest")),
        ]
        .concat(),
    );
    let (doc, _) = check_json(&a);
    assert!(doc.get("load_errors").is_none(), "{doc:#}");
    let order = with_code(&doc, "out-of-order");
    assert_eq!(order.len(), 1, "{doc:#}");
    let future = with_code(&doc, "future-date");
    assert_eq!(future.len(), 1, "{doc:#}");
    assert!(
        future[0]["message"]
            .as_str()
            .unwrap()
            .contains("2023-12-11..2023-12-17, after Outlet A published on 2023-12-06"),
        "{doc:#}"
    );
}

#[test]
fn an_unknown_target_is_a_load_error_at_relative_to_with_a_did_you_mean() {
    let a = outlet_a(
        &[
            claim("arrest", "arrested", "2017-12-24", None),
            claim("verdict", "convicted", "two years later", Some("arest")),
        ]
        .concat(),
    );
    let (doc, code) = check_json(&a);
    assert_eq!(code, 2);
    assert_eq!(
        load_errors(&doc),
        ["./a.yaml:13:18 unknown claim `arest` | did you mean `arrest`?"]
    );
}

#[test]
fn a_target_in_another_source_is_unknown_and_the_hint_says_claims_are_read_within_their_source() {
    let a = outlet_a(&claim(
        "verdict",
        "convicted",
        "two years later",
        Some("'#2'"),
    ));
    let (doc, code) = check_json(&a);
    assert_eq!(code, 2);
    let errors = load_errors(&doc);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0]
            .starts_with("./a.yaml:9:18 unknown claim `#2` | name a claim of this file's source"),
        "{errors:?}"
    );
    assert!(errors[0].contains("claims of other sources cannot be read from"));
}

#[test]
fn a_target_that_is_not_a_date_is_a_load_error_naming_its_property() {
    let a = outlet_a(
        &[
            claim("age", "age", "40", None),
            claim("verdict", "convicted", "two years later", Some("age")),
            claim("older", "age", "41", Some("age")),
        ]
        .concat(),
    );
    let (doc, code) = check_json(&a);
    assert_eq!(code, 2);
    assert_eq!(
        load_errors(&doc),
        [
            "./a.yaml:13:18 claim `age` holds no single date to read from: its property `age` is not a date | name a claim whose property is a date (`type: date`, not `many`)",
            "./a.yaml:18:18 `relative_to` applies to a single date, and property `age` is of type age | remove `relative_to`, or use it on a date property",
        ]
    );
}

#[test]
fn a_cycle_of_two_is_one_load_error_naming_both_claims() {
    let a = outlet_a(
        &[
            claim("arrest", "arrested", "the day before", Some("release")),
            claim("release", "freed", "the following day", Some("arrest")),
        ]
        .concat(),
    );
    let (doc, code) = check_json(&a);
    assert_eq!(code, 2);
    assert_eq!(
        load_errors(&doc),
        [
            "./a.yaml:9:18 these claims' dates are read from each other in a cycle: `arrest` → `release` → `arrest` | give one of them its date outright or from the publication date (drop its `relative_to`), and read the others from it"
        ]
    );
}

#[test]
fn a_cycle_of_three_is_one_load_error_naming_the_three_claims_from_the_first_in_the_file() {
    let a = outlet_a(
        &[
            claim("verdict", "convicted", "a year later", Some("release")),
            claim("arrest", "arrested", "a year earlier", Some("verdict")),
            claim("release", "freed", "the same month", Some("arrest")),
        ]
        .concat(),
    );
    let (doc, code) = check_json(&a);
    assert_eq!(code, 2);
    let errors = load_errors(&doc);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(
            "./a.yaml:9:18 these claims' dates are read from each other in a cycle: `verdict` → `release` → `arrest` → `verdict` |"
        ),
        "{errors:?}"
    );
}

#[test]
fn a_cycle_of_a_thousand_claims_is_one_error_naming_its_first_ten() {
    let claims: Vec<String> = (0..1000)
        .map(|i| {
            let next = format!("c{}", (i + 1) % 1000);
            claim(&format!("c{i}"), "freed", "the next day", Some(&next))
        })
        .collect();
    let (doc, code) = check_json(&outlet_a(&claims.concat()));
    assert_eq!(code, 2);
    let errors = load_errors(&doc);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(
            "./a.yaml:9:18 these claims' dates are read from each other in a cycle: `c0` → `c1` → `c2` → `c3` → `c4` → `c5` → `c6` → `c7` → `c8` → `c9` → … (1000 claims in all) → `c0` |"
        ),
        "{errors:?}"
    );
}

#[test]
fn a_chain_of_two_thousand_claims_is_read_in_one_pass_without_deep_recursion() {
    // Written last to first, so that every claim comes before the one it is read from.
    let mut claims: Vec<String> = (1..2000)
        .rev()
        .map(|i| {
            claim(
                &format!("c{i}"),
                "freed",
                "the next day",
                Some(&format!("c{}", i - 1)),
            )
        })
        .collect();
    claims.push(claim("c0", "freed", "2000-01-01", None));
    claims.push(claim("last", "convicted", "that day", Some("c1999")));
    let (doc, code) = check_json(&outlet_a(&claims.concat()));
    assert!(doc.get("load_errors").is_none(), "{doc:#}");
    assert_eq!(doc["summary"]["claims"], 2001 + 3);
    // 1999 days after 2000-01-01 is 2005-06-22; outlet B says 2021.
    let conflict = with_code(&doc, "conflict")
        .into_iter()
        .find(|f| f["property"] == "convicted")
        .unwrap();
    assert!(
        conflict["message"]
            .as_str()
            .unwrap()
            .contains("(2005-06-22, read from claim c1999 (2005-06-22))"),
        "{conflict:#}"
    );
    assert_eq!(code, 1);
}

#[test]
fn a_claim_read_from_itself_is_a_load_error() {
    let a = outlet_a(&claim(
        "verdict",
        "convicted",
        "a year later",
        Some("verdict"),
    ));
    let (doc, code) = check_json(&a);
    assert_eq!(code, 2);
    assert_eq!(
        load_errors(&doc),
        [
            "./a.yaml:9:18 claim `verdict` is read from itself | name the claim whose date it follows, or drop `relative_to`"
        ]
    );
}

#[test]
fn a_vague_phrase_is_a_load_error_at_the_value_naming_what_would_place_it() {
    let a = outlet_a(
        &[
            claim("arrest", "arrested", "2017-12-24", None),
            claim("verdict", "convicted", "years later", Some("arrest")),
        ]
        .concat(),
    );
    let (doc, code) = check_json(&a);
    assert_eq!(code, 2);
    assert_eq!(
        load_errors(&doc),
        [
            "./a.yaml:12:12 `years later` does not say how many years, so it places no date | write how many years (\"three years later\") if the article says, or the date itself"
        ]
    );
}

#[test]
fn everything_else_in_a_file_with_a_broken_relative_to_is_still_checked() {
    let a = outlet_a(
        &[
            claim("arrest", "arrested", "the day before", Some("release")),
            claim("release", "freed", "the following day", Some("arrest")),
            claim("lost", "freed", "two years later", Some("nowhere")),
            claim("verdict", "convicted", "2020", None),
        ]
        .concat(),
    );
    let (doc, code) = check_json(&a);
    assert_eq!(code, 2);
    assert_eq!(load_errors(&doc).len(), 2, "{doc:#}");
    let conflicts = with_code(&doc, "conflict");
    assert_eq!(conflicts.len(), 1, "{doc:#}");
    assert_eq!(conflicts[0]["property"], "convicted");
}

#[test]
fn the_human_output_points_at_the_relative_to_line_and_gives_the_hint() {
    let a = outlet_a(
        &[
            claim("arrest", "arrested", "the day before", Some("release")),
            claim("release", "freed", "the following day", Some("arrest")),
        ]
        .concat(),
    );
    let run = check(&a, "human");
    assert_eq!(run.code, 2);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(all.contains("a.yaml:9:18"), "{all}");
    assert!(all.contains("read from each other in a cycle"), "{all}");
    assert!(
        all.contains("help: give one of them its date outright"),
        "{all}"
    );
}
