//! `--timings`, and the generated benchmark corpus: it must load cleanly and plant findings.

mod common;

#[path = "../benches/support/corpus.rs"]
mod corpus;

use common::{crate_root, run_in};
use crosscheck::load::LoadOptions;
use crosscheck::project::load;

const PHASES: &[&str] = &[
    "discover",
    "read",
    "parse",
    "validate registry",
    "parse+validate claims",
    "validate",
    "read articles",
    "compile rules",
    "resolve names",
    "group slots",
    "rules",
    "  rule agree",
    "  rule names",
    "  rule expr",
    "  rule quotes",
    "sort findings",
    "render",
    "total",
];

#[test]
fn timings_name_every_phase_on_stderr_and_leave_stdout_as_without_them() {
    let root = crate_root();
    for command in ["check", "report"] {
        let plain = run_in(&root, &[command]);
        let timed = run_in(&root, &[command, "--timings"]);
        assert_eq!(timed.stdout, plain.stdout, "{command}: stdout unchanged");
        assert_eq!(timed.code, plain.code);
        for phase in PHASES {
            assert!(
                timed.stderr.lines().any(|l| l.starts_with(phase)),
                "{command}: no `{phase}` line in:\n{}",
                timed.stderr
            );
        }
        assert!(
            plain.stderr.is_empty(),
            "{command}: no timings unless asked"
        );
    }
}

#[test]
fn the_generated_corpus_loads_without_errors_and_its_planted_conflicts_are_found() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let cfg = corpus::Config::new(40, 30);
    let stats = corpus::generate(&cfg, dir.path()).expect("corpus written");
    assert_eq!(stats.claims, 40 * 30);
    // The corpus is in a temporary folder: it is the project root.
    let opts = LoadOptions {
        root: Some(dir.path().to_path_buf()),
        ..LoadOptions::default()
    };
    let loaded = load(&[dir.path().to_path_buf()], &opts);
    assert!(loaded.errors.is_empty(), "{:#?}", loaded.errors);
    assert_eq!(loaded.workspace.claims.len(), 40 * 30);
    let report = crosscheck::check::check(&loaded.workspace);
    for code in ["conflict", "name-variant", "age-mismatch"] {
        assert!(
            report.findings.iter().any(|f| f.code.as_str() == code),
            "no `{code}` finding"
        );
    }
}

#[test]
fn the_corpus_is_the_same_for_the_same_seed() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let cfg = corpus::Config::new(12, 20);
    corpus::generate(&cfg, a.path()).unwrap();
    corpus::generate(&cfg, b.path()).unwrap();
    let file = "claims/000/src-000007.yaml";
    let read = |d: &tempfile::TempDir| std::fs::read_to_string(d.path().join(file)).unwrap();
    assert_eq!(read(&a), read(&b));
}
