//! Sources in other languages (`language:`), quotes with combining accents, and relative dates
//! read from a publication date known only to the month: what a user sees through the binary.

mod common;

use std::fs;

use common::{crate_root, findings, parse, run_in, run_json_in, with_code};
use serde_json::Value;

/// The bundled rules and registry, the background sources and the claims files of one case
/// folder, as JSON.
fn check_case(case: &str) -> (Value, i32) {
    let mut inputs: Vec<String> = ["rules", "claims/entities.yaml", "cases/background"]
        .map(String::from)
        .to_vec();
    let mut files: Vec<String> = fs::read_dir(crate_root().join("cases").join(case))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".yaml") && name != "expect.yaml")
        .map(|name| format!("cases/{case}/{name}"))
        .collect();
    files.sort();
    inputs.extend(files);
    let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    run_json_in(&crate_root(), &inputs)
}

fn claims_of(finding: &Value) -> Vec<String> {
    finding["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{}/{}", e["source"], e["claim"]))
        .collect()
}

#[test]
fn a_malformed_language_tag_is_a_load_error_at_its_place_and_the_claims_still_load() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::copy(
        crate_root().join("rules/properties.yaml"),
        root.join("properties.yaml"),
    )
    .unwrap();
    fs::write(
        root.join("a.yaml"),
        "source:\n  outlet: A\n  published: 2023-12-06\n  language: es_PE\nclaims:\n  - subject: someone\n    property: age\n    value: 85\n    quote: \"de 85 años\"\n",
    )
    .unwrap();
    let run = run_in(root, &["check", ".", "--format", "json"]);
    assert_eq!(run.code, 2);
    let doc = parse(&run.stdout);
    let errors = doc["load_errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0]["file"], "./a.yaml");
    assert_eq!(
        (errors[0]["line"].as_u64(), errors[0]["column"].as_u64()),
        (Some(4), Some(13))
    );
    assert_eq!(errors[0]["message"], "invalid language tag `es_PE`");
    assert!(
        errors[0]["help"]
            .as_str()
            .unwrap()
            .contains("BCP 47 tag such as `en`, `es`, `es-PE`"),
        "{errors:#?}"
    );
    assert_eq!(
        doc["summary"]["claims"], 1,
        "the claims of the file still load"
    );
}

#[test]
fn spanish_quotes_are_read_and_a_wrong_length_in_one_is_a_quote_mismatch_listing_its_claim_once() {
    let (doc, code) = check_case("language-spanish-quotes");
    assert!(doc.get("load_errors").is_none(), "{doc:#}");
    assert_eq!(code, 0);
    let mismatches = with_code(&doc, "quote-mismatch");
    assert_eq!(mismatches.len(), 1, "{doc:#}");
    assert_eq!(
        claims_of(mismatches[0]),
        ["\"correo-del-sur-2023-12-06\"/\"sentence\""]
    );
    assert!(
        mismatches[0]["notes"][0]
            .as_str()
            .unwrap()
            .contains("lengths of time in the quote: 30 years")
    );
}

#[test]
fn a_source_in_a_language_not_read_gets_one_info_and_no_quote_mismatch() {
    let (doc, code) = check_case("language-unread-and-accents");
    assert!(doc.get("load_errors").is_none(), "{doc:#}");
    assert_eq!(code, 0);
    let codes: Vec<&str> = findings(&doc)
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["quote-unread"], "{doc:#}");
    let info = &findings(&doc)[0];
    assert_eq!(info["severity"], "info");
    assert_eq!(
        info["message"],
        "Values of Fjordposten, 2023-12-06 were not read in their quotes, which are in `nb`"
    );
    assert_eq!(
        claims_of(info),
        [
            "\"fjordposten-2023-12-06\"/\"sentence\"",
            "\"fjordposten-2023-12-06\"/\"pardon-date\""
        ]
    );
}

#[test]
fn when_reads_a_weekday_from_a_month_as_the_run_of_its_possible_days() {
    let run = run_in(
        &crate_root(),
        &["when", "last Tuesday", "--anchor", "2023-12"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "{\"start\":\"2023-11-28\",\"end\":\"2023-12-26\",\"precision\":\"range\"}\n"
    );
    let run = run_in(
        &crate_root(),
        &["when", "last month", "--anchor", "2023-12"],
    );
    assert_eq!(
        run.stdout,
        "{\"start\":\"2023-11-01\",\"end\":\"2023-11-30\",\"precision\":\"month\"}\n"
    );
    let run = run_in(&crate_root(), &["when", "March 17", "--anchor", "2023"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "`March 17` falls in different years depending on which day of 2023 it is read from"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_spanish_date_is_read_in_the_sources_language_and_seasons_follow_its_country() {
    let when = |phrase: &str, tag: &str| {
        run_in(
            &crate_root(),
            &["when", phrase, "--anchor", "2023-12-06", "--language", tag],
        )
    };
    let run = when("el martes pasado", "es-PE");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "{\"start\":\"2023-12-05\",\"end\":\"2023-12-05\",\"precision\":\"day\"}\n"
    );
    // Peru's winter is June to August.
    let run = when("el invierno pasado", "es-PE");
    assert_eq!(
        run.stdout,
        "{\"start\":\"2023-06-01\",\"end\":\"2023-08-31\",\"precision\":\"range\"}\n"
    );
    // Without a country no season is read.
    let run = when("el invierno pasado", "es");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a date"), "{}", run.stderr);
    // Vague Spanish is refused with the reason.
    let run = when("hace poco", "es");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("does not say when"), "{}", run.stderr);
}
