//! `crosscheck init`: a newsroom repository that checks cleanly at once, from its root and
//! from a subfolder, and that never replaces a file (docs/newsroom.md).

mod common;

use std::fs;
use std::path::Path;

use common::{crate_root, run_in};

/// Every file `init` writes, relative to the new repository, sorted.
fn tree(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.push(p.strip_prefix(root).unwrap().display().to_string());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// A temporary folder that is the top of a git repository, so that no settings file above
/// it counts.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

#[test]
fn init_creates_a_repository_whose_check_passes_from_the_root_and_a_subfolder() {
    let repo = repository();
    let run = run_in(repo.path(), &["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut files = tree(repo.path());
    files.retain(|f| !f.starts_with(".git/"));
    assert_eq!(
        files,
        [
            ".github/workflows/crosscheck.yml",
            ".pre-commit-config.yaml",
            "claims/README.md",
            "claims/entities.yaml",
            "claims/river-gazette-2024-03-14.yaml",
            "crosscheck.toml",
            "rules/properties.yaml",
            "rules/starter.yaml",
            "schemas/claims.schema.json",
            "schemas/entities.schema.json",
            "schemas/properties.schema.json",
            "schemas/rules.schema.json",
        ]
    );
    assert!(run.stdout.contains("crosscheck check"), "{}", run.stdout);
    for dir in [repo.path().to_path_buf(), repo.path().join("claims")] {
        let check = run_in(&dir, &["check", "--fail-on", "info"]);
        assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
        assert_eq!(
            check.stdout,
            "1 source (1 outlet), 4 claims: 0 errors, 0 warnings, 0 infos\n"
        );
    }
}

#[test]
fn init_into_a_new_folder_creates_it() {
    let repo = repository();
    let run = run_in(repo.path(), &["init", "newsroom"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("cd newsroom && crosscheck check"));
    let check = run_in(&repo.path().join("newsroom/rules"), &["check"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
}

#[test]
fn init_refuses_to_overwrite_and_writes_nothing() {
    let repo = repository();
    fs::write(repo.path().join("crosscheck.toml"), "# ours\n").unwrap();
    fs::create_dir(repo.path().join("rules")).unwrap();
    fs::write(repo.path().join("rules/starter.yaml"), "rules: []\n").unwrap();
    let run = run_in(repo.path(), &["init"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("crosscheck.toml"), "{}", run.stderr);
    assert!(run.stderr.contains("starter.yaml"), "{}", run.stderr);
    assert!(run.stderr.contains("nothing written"), "{}", run.stderr);
    assert_eq!(
        fs::read_to_string(repo.path().join("crosscheck.toml")).unwrap(),
        "# ours\n"
    );
    let mut files = tree(repo.path());
    files.retain(|f| !f.starts_with(".git/"));
    assert_eq!(files, ["crosscheck.toml", "rules/starter.yaml"]);
}

#[test]
fn the_schemas_init_writes_are_the_bundled_schemas() {
    let repo = repository();
    assert_eq!(run_in(repo.path(), &["init"]).code, 0);
    for kind in ["claims", "entities", "properties", "rules"] {
        let name = format!("schemas/{kind}.schema.json");
        assert_eq!(
            fs::read_to_string(repo.path().join(&name)).unwrap(),
            fs::read_to_string(crate_root().join(&name)).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn the_generated_hook_and_workflow_pin_this_version() {
    let repo = repository();
    assert_eq!(run_in(repo.path(), &["init"]).code, 0);
    let version = env!("CARGO_PKG_VERSION");
    let hook = fs::read_to_string(repo.path().join(".pre-commit-config.yaml")).unwrap();
    assert!(
        hook.contains(&format!("crosscheck-news=={version}")),
        "{hook}"
    );
    let workflow =
        fs::read_to_string(repo.path().join(".github/workflows/crosscheck.yml")).unwrap();
    assert!(
        workflow.contains(&format!("crosscheck-news/crosscheck@v{version}")),
        "{workflow}"
    );
}
