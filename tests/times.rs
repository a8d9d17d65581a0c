//! The `time` type as a user meets it: times written as news writes them load and compare
//! across zones; a time or tolerance that cannot be read is a load error at its place, exit 2.

mod common;

use std::fs;

use common::{run_json_in, with_code};

const PROPERTIES: &str = "\
properties:
  struck:
    type: time
    tolerance: 5m
";

const RULES: &str = "\
rules:
  - id: agree
    kind: agree
  - id: quoted
    kind: quotes
";

const REGISTRY: &str = "\
entities:
  - id: valle-verde-landslide
    name: Valle Verde landslide
    type: event
";

fn claims(outlet: &str, value: &str, quote: &str) -> String {
    format!(
        "source:\n  outlet: {outlet}\n  published: 2026-03-27\nclaims:\n  - id: struck\n    \
         subject: valle-verde-landslide\n    property: struck\n    value: {value}\n    \
         quote: \"{quote}\"\n"
    )
}

fn run(properties: &str, sources: &[(&str, &str, &str)]) -> (serde_json::Value, i32) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    fs::write(dir.join("properties.yaml"), properties).expect("write");
    fs::write(dir.join("rules.yaml"), RULES).expect("write");
    fs::write(dir.join("registry.yaml"), REGISTRY).expect("write");
    for (i, (outlet, value, quote)) in sources.iter().enumerate() {
        fs::write(dir.join(format!("s{i}.yaml")), claims(outlet, value, quote)).expect("write");
    }
    run_json_in(dir, &["."])
}

#[test]
fn times_in_two_zones_within_the_tolerance_agree() {
    let (doc, code) = run(
        PROPERTIES,
        &[
            (
                "Valle Tribune",
                "1:28 a.m. America/Lima",
                "gave way at 1:28 a.m.",
            ),
            ("Andes Wire", "06:31 UTC", "struck at 06:31 GMT"),
        ],
    );
    assert_eq!(code, 0, "{doc:#}");
    assert!(doc["findings"].as_array().expect("findings").is_empty());
}

#[test]
fn times_an_hour_apart_are_a_conflict_that_shows_both() {
    let (doc, code) = run(
        PROPERTIES,
        &[
            (
                "Valle Tribune",
                "1:28 a.m. America/Lima",
                "gave way at 1:28 a.m.",
            ),
            (
                "Sierra Courier",
                "2:40 a.m. America/Lima",
                "shortly after 2:40 a.m.",
            ),
        ],
    );
    assert_eq!(code, 1);
    let conflicts = with_code(&doc, "conflict");
    assert_eq!(conflicts.len(), 1);
    let message = conflicts[0]["message"].as_str().expect("message");
    assert!(message.contains("1:28 a.m. America/Lima"), "{message}");
    assert!(message.contains("2:40 a.m. America/Lima"), "{message}");
}

#[test]
fn a_quote_with_another_time_is_a_mismatch_that_lists_the_times_read() {
    let (doc, _) = run(
        PROPERTIES,
        &[("Valle Tribune", "11:50 p.m.", "cleared at 11:15 p.m.")],
    );
    let mismatch = with_code(&doc, "quote-mismatch");
    assert_eq!(mismatch.len(), 1, "{doc:#}");
    assert_eq!(mismatch[0]["notes"][0], "times in the quote: 23:15");
}

#[test]
fn an_unknown_zone_a_bare_decimal_and_a_share_tolerance_are_load_errors_at_their_place() {
    let properties = PROPERTIES.replace("5m", "2%");
    let (doc, code) = run(
        &properties,
        &[
            ("Valle Tribune", "1:28 a.m. PET", "at 1:28 a.m."),
            ("Andes Wire", "1.28", "at 1:28 a.m."),
        ],
    );
    assert_eq!(code, 2);
    let errors: Vec<(String, u64, u64, String)> = doc["load_errors"]
        .as_array()
        .expect("load errors")
        .iter()
        .map(|e| {
            (
                e["file"].as_str().expect("file").to_string(),
                e["line"].as_u64().expect("line"),
                e["column"].as_u64().expect("column"),
                format!("{} {}", e["message"], e["help"]),
            )
        })
        .collect();
    let at = |file: &str, line: u64, column: u64, text: &str| {
        assert!(
            errors.iter().any(|(f, l, c, m)| f.ends_with(file)
                && *l == line
                && *c == column
                && m.contains(text)),
            "no error at {file}:{line}:{column} saying {text}: {errors:#?}"
        );
    };
    at("properties.yaml", 4, 16, "write minutes, like 5m");
    at("s0.yaml", 8, 12, "`PET` is not a time zone");
    at("s1.yaml", 8, 12, "`1.28` is not a time of day");
}
