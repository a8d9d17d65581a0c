//! Snapshots of the human output of representative cases, run from the fixtures root with
//! relative paths so that the snapshots hold on any machine. Review changes with
//! `INSTA_UPDATE=always cargo test --test snapshots` and reading `tests/snapshots/*.snap`.

mod common;

use common::{fixtures, run_in};

/// `crosscheck check <case> --color never --width 100`: the exit code, then stdout.
fn human(case: &str) -> String {
    let run = run_in(
        &fixtures(),
        &["check", case, "--color", "never", "--width", "100"],
    );
    format!("exit code: {}\n\n{}", run.code, run.stdout)
}

#[test]
fn conflict_across_two_files() {
    insta::assert_snapshot!("conflict_across_two_files", human("agree/fires"));
}

#[test]
fn name_variant_with_inline_diff() {
    insta::assert_snapshot!(
        "name_variant_with_inline_diff",
        human("names/variant-registered")
    );
}

#[test]
fn load_error_with_did_you_mean() {
    insta::assert_snapshot!("load_error_with_did_you_mean", human("load/did-you-mean"));
}

#[test]
fn age_mismatch_with_birth_windows() {
    insta::assert_snapshot!("age_mismatch_with_birth_windows", human("age/fires"));
}

#[test]
fn quotes_against_the_article_with_closest_passage_and_diff() {
    insta::assert_snapshot!("quotes_against_the_article", human("quotes/text-checked"));
}
