//! `crosscheck claims`: every validated claim as JSON Lines, with its resolved slot and its
//! value in a comparable form (docs/formats.md section 6.2).

mod common;

use common::{fixtures, run_in};
use serde_json::Value;

fn lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON object"))
        .collect()
}

#[test]
fn each_claim_is_one_line_with_the_subject_it_resolves_to_and_its_days() {
    let run = run_in(&fixtures(), &["claims", "agree/fires"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let claims = lines(&run.stdout);
    assert_eq!(claims.len(), 2);
    let second = &claims[1];
    assert_eq!(second["source"], "pacific-wire-2023-12-07");
    assert_eq!(second["claim"], "jailed-year");
    assert_eq!(second["file"], "agree/fires/pacific-wire-2023-12-07.yaml");
    assert_eq!(second["line"], 5);
    // Written as a name, compared as the registered entity.
    assert_eq!(second["subject"], "Alberto Fujimori");
    assert_eq!(second["slot_subject"], "alberto-fujimori");
    assert_eq!(claims[0]["slot_subject"], "alberto-fujimori");
    assert_eq!(second["property"], "jailed");
    assert_eq!(second["type"], "date");
    assert_eq!(second["value"], "2007");
    assert_eq!(second["key"], Value::Null);
    // A year is its 365 days; 2005 and 2007 do not overlap, which is the conflict `check`
    // reports.
    let span = |c: &Value| (c["low"].as_f64().unwrap(), c["high"].as_f64().unwrap());
    let (low, high) = span(second);
    assert_eq!(high - low, 364.0);
    assert!(span(&claims[0]).1 < low);
    assert_eq!(second["set_aside"], false);
}

#[test]
fn the_same_claims_give_the_same_bytes_and_a_load_error_writes_none() {
    let first = run_in(&fixtures(), &["claims", "agree/fires"]);
    let again = run_in(&fixtures(), &["claims", "agree/fires"]);
    assert_eq!(first.stdout, again.stdout);
    let broken = run_in(&fixtures(), &["claims", "agree/fires", "no/such/dir"]);
    assert_eq!(broken.code, 2);
    assert!(!broken.stdout.contains("\"claim\""), "{}", broken.stdout);
    assert!(
        broken
            .stderr
            .contains("not written: the inputs have load errors"),
        "{}",
        broken.stderr
    );
}
