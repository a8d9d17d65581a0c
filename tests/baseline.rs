//! Baselines: accepted findings stay accepted when lines move and files are renamed.

mod common;

use std::fs;

use common::{crosscheck, fixtures};

fn copy_case(case: &str, to: &std::path::Path) {
    for entry in fs::read_dir(fixtures().join(case)).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
    }
}

#[test]
fn a_baseline_accepts_findings_even_after_lines_move_and_files_are_renamed() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("case");
    fs::create_dir(&case).unwrap();
    copy_case("agree/fires", &case);
    let baseline = dir.path().join("baseline.yaml");
    let out = crosscheck()
        .args(["baseline", "case", "-o", "baseline.yaml"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = fs::read_to_string(&baseline).unwrap();
    assert!(written.contains("reason: ''"), "{written}");

    // Move every claim down, and rename every file.
    for entry in fs::read_dir(&case).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        fs::remove_file(&path).unwrap();
        let renamed = case.join(format!("z-{}", path.file_name().unwrap().to_string_lossy()));
        fs::write(renamed, format!("# moved\n\n\n{text}")).unwrap();
    }
    let out = crosscheck()
        .args([
            "check",
            "case",
            "--baseline",
            "baseline.yaml",
            "--format",
            "json",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["findings"], serde_json::json!([]));
    assert_eq!(doc["baseline"]["suppressed"], 1);
    assert_eq!(doc["baseline"]["stale"], serde_json::json!([]));
}

#[test]
fn a_baseline_entry_that_matches_nothing_is_reported_as_stale_and_new_findings_still_fail() {
    // The baseline, like every input, lies inside the project root: the run folder.
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("case");
    fs::create_dir(&case).unwrap();
    copy_case("agree/fires", &case);
    fs::write(
        dir.path().join("baseline.yaml"),
        "version: 1\nfindings:\n  - fingerprint: 0123456789abcdef\n    rule: facts-agree\n    code: conflict\n    reason: fixed in March\n",
    )
    .unwrap();
    let out = crosscheck()
        .args(["check", "case", "--baseline", "baseline.yaml"])
        .args(["--color", "never"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("baseline entry 0123456789abcdef (facts-agree conflict on -) matches no finding any more"), "{text}");
}

#[test]
fn baseline_refuses_to_overwrite_an_existing_file_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("baseline.yaml");
    fs::write(&target, "# an editor's reviewed baseline\n").unwrap();
    let out = crosscheck()
        .args(["baseline", "agree/fires", "-o"])
        .arg(&target)
        .current_dir(fixtures())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists; pass --force"));
    assert_eq!(
        fs::read_to_string(&target).unwrap(),
        "# an editor's reviewed baseline\n"
    );
    let out = crosscheck()
        .args(["baseline", "agree/fires", "--force", "-o"])
        .arg(&target)
        .current_dir(fixtures())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        fs::read_to_string(&target)
            .unwrap()
            .contains("fingerprint:")
    );
}

#[test]
fn quiet_prints_only_the_summary_line() {
    let out = crosscheck()
        .args(["check", "agree/fires", "--quiet"])
        .current_dir(fixtures())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "2 sources (2 outlets), 2 claims: 1 error, 0 warnings, 0 infos\n"
    );
}
