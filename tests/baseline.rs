//! Baselines: accepted findings stay accepted when lines move and files are renamed.

mod common;

use std::fs;

use common::{Run, crosscheck, fixtures, run_in};

fn copy_case(case: &str, to: &std::path::Path) {
    for entry in fs::read_dir(fixtures().join(case)).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
    }
}

/// A fresh project folder holding the agree/fires case (one conflict) as `case/`.
fn conflict_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("case");
    fs::create_dir(&case).unwrap();
    copy_case("agree/fires", &case);
    dir
}

/// `crosscheck baseline case -o baseline.yaml` in `dir`, which must succeed.
fn write_baseline(dir: &std::path::Path) -> Run {
    let run = run_in(dir, &["baseline", "case", "-o", "baseline.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run
}

#[test]
fn a_baseline_accepts_findings_even_after_lines_move_and_files_are_renamed() {
    let dir = conflict_project();
    let case = dir.path().join("case");
    let baseline = dir.path().join("baseline.yaml");
    let stderr = write_baseline(dir.path()).stderr;
    assert!(
        stderr.contains("1 findings accepted with `reason: TODO`: replace each"),
        "{stderr}"
    );
    let written = fs::read_to_string(&baseline).unwrap();
    assert!(written.contains("reason: TODO"), "{written}");
    fs::write(
        &baseline,
        written.replace(
            "reason: TODO",
            "reason: both years are in print; the ruling says 2007",
        ),
    )
    .unwrap();

    // Move every claim down, and rename every file.
    for entry in fs::read_dir(&case).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        fs::remove_file(&path).unwrap();
        let renamed = case.join(format!("z-{}", path.file_name().unwrap().to_string_lossy()));
        fs::write(renamed, format!("# moved\n\n\n{text}")).unwrap();
    }
    let out = run_in(
        dir.path(),
        &[
            "check",
            "case",
            "--baseline",
            "baseline.yaml",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 0);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["findings"], serde_json::json!([]));
    assert_eq!(doc["baseline"]["suppressed"], 1);
    assert_eq!(doc["baseline"]["stale"], serde_json::json!([]));
    let accepted = &doc["baseline"]["accepted"][0];
    assert_eq!(accepted["code"], "conflict");
    assert_eq!(
        accepted["reason"],
        "both years are in print; the ruling says 2007"
    );
}

/// The agree/fires case with its baseline reviewed, in a fresh project folder.
fn reviewed_case() -> tempfile::TempDir {
    let dir = conflict_project();
    write_baseline(dir.path());
    let path = dir.path().join("baseline.yaml");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        text.replace("reason: TODO", "reason: the ruling says 2007"),
    )
    .unwrap();
    dir
}

/// The reviewed case checked against its baseline once a new outlet, Quito Daily, gives the
/// year Fujimori was jailed as `year`.
fn reviewed_case_and_quito_daily(year: &str) -> (i32, serde_json::Value) {
    let dir = reviewed_case();
    fs::write(
        dir.path().join("case/quito-daily.yaml"),
        format!(
            "source:\n  outlet: Quito Daily\n  published: 2023-12-08\nclaims:\n  - id: jailed\n    subject: alberto-fujimori\n    property: jailed\n    value: {year}\n    quote: \"jailed in {year}\"\n"
        ),
    )
    .unwrap();
    check_json(dir.path(), &[])
}

fn check_json(dir: &std::path::Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let out = run_in(
        dir,
        &[
            &[
                "check",
                "case",
                "--baseline",
                "baseline.yaml",
                "--format",
                "json",
            ],
            extra,
        ]
        .concat(),
    );
    (out.code, serde_json::from_str(&out.stdout).unwrap())
}

#[test]
fn an_accepted_conflict_keeps_holding_when_a_new_outlet_repeats_an_accepted_value() {
    let (code, doc) = reviewed_case_and_quito_daily("2007");
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(doc["findings"], serde_json::json!([]));
    assert_eq!(doc["baseline"]["suppressed"], 1);
}

#[test]
fn an_accepted_conflict_reopens_when_a_new_value_joins_and_says_which() {
    let (code, doc) = reviewed_case_and_quito_daily("2009");
    assert_eq!(code, 1, "{doc:#}");
    assert_eq!(doc["baseline"]["reopened"], 1);
    let note = doc["findings"][0]["notes"][0].as_str().unwrap();
    assert!(
        note.starts_with("reopened: the baseline accepted this at line 7 with \"2005\", \"2007\", but a new value joined: \"2009\" (Quito Daily, 2023-12-08)"),
        "{note}"
    );
}

#[test]
fn a_placeholder_reason_is_a_load_error_unless_empty_reasons_are_allowed() {
    let dir = conflict_project();
    write_baseline(dir.path());
    let out = run_in(
        dir.path(),
        &[
            "check",
            "case",
            "--baseline",
            "baseline.yaml",
            "--color",
            "never",
            "--width",
            "200",
        ],
    );
    assert_eq!(out.code, 2);
    // Wrapped to the terminal's width: compare the words.
    let text = out.stdout;
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains(
            "the baseline entry for facts-agree conflict has no reason: `TODO` (line 17, column 11)"
        ),
        "{text}"
    );
    assert!(
        text.contains("--allow-empty-reasons accepts it while bootstrapping"),
        "{text}"
    );
    let (code, doc) = check_json(dir.path(), &["--allow-empty-reasons"]);
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(doc["baseline"]["accepted"][0]["reason"], "TODO");
}

#[test]
fn a_baseline_entry_that_matches_nothing_is_reported_as_stale_and_new_findings_still_fail() {
    // The baseline, like every input, lies inside the project root: the run folder.
    let dir = conflict_project();
    fs::write(
        dir.path().join("baseline.yaml"),
        "version: 2\nfindings:\n  - rule: facts-agree\n    code: conflict\n    property: released\n    claims: [{from: 'Andes Ledger, 2023-12-06', value: '2005'}]\n    reason: fixed in March\n",
    )
    .unwrap();
    let out = run_in(
        dir.path(),
        &[
            "check",
            "case",
            "--baseline",
            "baseline.yaml",
            "--color",
            "never",
        ],
    );
    assert_eq!(out.code, 1);
    let text = out.stdout;
    assert!(
        text.contains(
            "baseline entry at line 3 (facts-agree conflict on -) matches no finding any more"
        ),
        "{text}"
    );
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
    assert!(fs::read_to_string(&target).unwrap().contains("claims:"));
}

#[test]
fn quiet_prints_only_the_summary_line() {
    let out = run_in(&fixtures(), &["check", "agree/fires", "--quiet"]);
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stdout,
        "2 sources (2 outlets), 2 claims: 1 error, 0 warnings, 0 infos\n"
    );
}

fn report(dir: &std::path::Path, format: &str) -> String {
    let out = run_in(
        dir,
        &[
            "report",
            "case",
            "--baseline",
            "baseline.yaml",
            "--format",
            format,
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

#[test]
fn a_report_with_a_baseline_leads_with_what_is_new_and_folds_the_accepted_with_their_reasons() {
    let dir = reviewed_case();
    let md = report(dir.path(), "markdown");
    let new = md.find("## 🆕 New since the baseline (0)").expect(&md);
    let errors = md.find("## ❌ Errors (0)").expect(&md);
    let accepted = md.find("## ✅ Accepted (1)").expect(&md);
    assert!(new < errors && errors < accepted, "{md}");
    let folded = &md[accepted..];
    assert!(
        folded.contains(
            "<details><summary>Show 1 finding accepted in the baseline, with the reasons</summary>"
        ),
        "{folded}"
    );
    assert!(
        folded.contains("**conflict** · Alberto Fujimori: jailed"),
        "{folded}"
    );
    assert!(
        folded.contains("— *reason:* the ruling says 2007"),
        "{folded}"
    );

    let html = report(dir.path(), "html");
    let new = html
        .find("<h2>New since the baseline (0)</h2>")
        .expect(&html);
    let accepted = html.find("<h2>Accepted (1)</h2>").expect(&html);
    assert!(new < accepted);
    assert!(
        html[accepted..].contains("<b>Reason:</b> the ruling says 2007"),
        "{html}"
    );
}

#[test]
fn a_report_without_a_baseline_has_no_baseline_sections() {
    let dir = reviewed_case();
    let out = run_in(dir.path(), &["report", "case"]);
    let md = out.stdout;
    assert!(md.contains("## ❌ Errors (1)"), "{md}");
    assert!(
        !md.contains("New since the baseline") && !md.contains("Accepted ("),
        "{md}"
    );
}

#[test]
fn github_format_writes_the_job_summary_and_annotates_the_claim_in_the_changed_file() {
    let dir = reviewed_case();
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap()
            .status
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-qm", "claims"]);
    // The pull request changes Pacific Wire's claim, the second claim of the conflict.
    let pacific = dir.path().join("case/pacific-wire-2023-12-07.yaml");
    let text = fs::read_to_string(&pacific).unwrap();
    fs::write(&pacific, text.replace("value: 2007", "value: 2008")).unwrap();
    let summary = dir.path().join("summary.md");
    let out = crosscheck()
        .args([
            "check",
            "case",
            "--format",
            "github",
            "--changed-from",
            "HEAD",
        ])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("::error file=case/pacific-wire-2023-12-07.yaml,line=8,col=12,"),
        "{text}"
    );
    let summary = fs::read_to_string(&summary).unwrap();
    assert!(summary.starts_with("# Crosscheck report"), "{summary}");
    assert!(summary.contains("## ❌ Errors (1)"), "{summary}");

    let out = run_in(
        dir.path(),
        &[
            "check",
            "case",
            "--format",
            "github",
            "--changed-from=--output=x",
        ],
    );
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("is not a git revision"));
}
