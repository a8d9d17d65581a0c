//! A date with two readings and a weekday that is not its date's, through the binary: what an
//! editor sees in human, JSON and report output. The fixture's article of 2023-12-06 writes
//! "Feb. 16" (2024-02-16, a vote to come, or 2023-02-16, one past) against another outlet's
//! 2023-05-10, and "Monday, Oct. 26" for a Thursday. Review snapshot changes with
//! `INSTA_UPDATE=always cargo test --test candidates`.

mod common;

use common::{fixtures, run_in};

fn check(format: &str) -> common::Run {
    run_in(
        &fixtures(),
        &[
            "check",
            "candidates",
            "--format",
            format,
            "--color",
            "never",
            "--width",
            "100",
        ],
    )
}

#[test]
fn human_output_shows_both_readings_and_the_weekday_slip() {
    let run = check("human");
    assert_eq!(run.code, 1, "the conflict holds under both readings");
    assert!(
        run.stdout
            .contains("Feb. 16 (2024-02-16 (or 2023-02-16), read from 2023-12-06)")
    );
    assert!(
        !run.stdout.contains("future-date:"),
        "the 2023 reading is before publication"
    );
    insta::assert_snapshot!(
        "two_readings_human",
        format!("exit code: {}\n\n{}", run.code, run.stdout)
    );
}

#[test]
fn json_output_gives_the_period_and_the_alternative() {
    let run = check("json");
    assert_eq!(run.code, 1);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let feb_16 = doc["findings"][0]["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .find(|c| c["value"] == "Feb. 16")
        .expect("the claim with two readings");
    assert_eq!(feb_16["period"]["start"], "2024-02-16");
    assert_eq!(feb_16["alternative"]["start"], "2023-02-16");
    assert_eq!(doc["findings"][1]["code"], "weekday-mismatch");
    insta::assert_snapshot!("two_readings_json", run.stdout);
}

#[test]
fn the_report_shows_both_readings_in_the_fact_matrix_and_timeline() {
    let run = run_in(
        &fixtures(),
        &["report", "candidates", "--format", "markdown"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains(r"Feb. 16 → 2024-02-16 \(or 2023-02-16\)"),
        "{}",
        run.stdout
    );
}

#[test]
fn sarif_github_and_junit_show_both_readings_where_they_show_the_claim() {
    for format in ["sarif", "github", "junit"] {
        let run = check(format);
        assert_eq!(run.code, 1, "{format}");
        assert!(
            run.stdout
                .contains("Feb. 16 (2024-02-16 (or 2023-02-16), read from 2023-12-06)"),
            "{format}: {}",
            run.stdout
        );
        assert!(run.stdout.contains("weekday-mismatch"), "{format}");
    }
}
