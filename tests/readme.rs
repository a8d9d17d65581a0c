//! The README shows the real output of `check` on the founding case (its last finding, the
//! line counting the infos and the summary line); this keeps it true. The case is run from its
//! copy under tests/founding, so that articles added to claims/ leave the README and this test
//! alone.

use assert_cmd::Command;

/// The README's excerpt: `...`, then the end of the output, from the start of a finding.
fn readme_excerpt() -> String {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("<!-- output:check -->").expect("output marker");
    let end = readme.find("<!-- /output:check -->").expect("end marker");
    let block = &readme[start..end];
    let body = block
        .split_once("$ cargo run --release -- check\n")
        .expect("command line")
        .1;
    let body = body.rsplit_once("```").expect("closing fence").0;
    body.strip_prefix("...\n\n")
        .expect("`...` before the end of the output")
        .to_string()
}

#[test]
fn readme_shows_the_current_output_of_check_on_the_bundled_claims() {
    let out = Command::cargo_bin("crosscheck")
        .unwrap()
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/founding"))
        .args(["check", "--color", "never", "--width", "100"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "the bundled claims hold errors");
    let actual = String::from_utf8(out.stdout).unwrap();
    let tail = readme_excerpt();
    // The excerpt starts where a finding starts: after a blank line, at its rule's id.
    let whole_findings = tail.chars().next().is_some_and(|c| !c.is_whitespace())
        && actual.ends_with(&format!("\n\n{tail}"));
    assert!(
        whole_findings && tail.lines().count() > 3,
        "README.md's example output is stale: run `python3 scripts/refresh-readme-output.py`. \
         The output is:\n{actual}"
    );
}

#[test]
fn the_sample_reports_the_readme_links_are_current() {
    for (format, file) in [
        ("markdown", "docs/sample-report.md"),
        ("html", "docs/sample-report.html"),
    ] {
        let out = Command::cargo_bin("crosscheck")
            .unwrap()
            .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/founding"))
            .args(["report", "--format", format])
            .output()
            .unwrap();
        let committed =
            std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/").to_string() + file).unwrap();
        assert!(
            out.stdout == committed,
            "{file} is stale: run `python3 scripts/refresh-readme-output.py`"
        );
    }
}
