//! The release's pieces name one version: Cargo.toml's. The pre-commit hook's pin, the
//! action's default, the wheel's metadata and the changelog must move with it, or users get
//! a binary other than the one the tag built.

mod common;

use std::fs;

use common::crate_root;

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn read(path: &str) -> String {
    fs::read_to_string(crate_root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_pre_commit_package_pins_the_wheel_of_this_version() {
    let shim = read("pyproject.toml");
    assert!(shim.contains(&format!("version = \"{VERSION}\"")), "{shim}");
    assert!(
        shim.contains(&format!("\"crosscheck-news=={VERSION}\"")),
        "{shim}"
    );
}

#[test]
fn the_hook_installs_with_python_not_cargo() {
    let hooks = read(".pre-commit-hooks.yaml");
    assert!(hooks.contains("language: python"), "{hooks}");
    assert!(hooks.contains("entry: crosscheck check"), "{hooks}");
}

#[test]
fn the_action_installs_this_version_by_default() {
    let action = read("action.yml");
    let default = action
        .split("  version:")
        .nth(1)
        .and_then(|rest| {
            rest.lines()
                .find(|l| l.trim_start().starts_with("default:"))
        })
        .expect("action.yml has a version input with a default");
    assert_eq!(default.trim(), format!("default: \"{VERSION}\""));
}

#[test]
fn the_wheel_is_built_as_a_binary_from_this_crate() {
    let wheel = read("packaging/pypi/pyproject.toml");
    assert!(wheel.contains("name = \"crosscheck-news\""));
    assert!(wheel.contains("bindings = \"bin\""));
    assert!(wheel.contains("manifest-path = \"../../Cargo.toml\""));
    assert!(
        wheel.contains("dynamic = [\"version\"]"),
        "the version is Cargo.toml's"
    );
}

#[test]
fn the_changelog_has_a_section_for_this_version() {
    assert!(read("CHANGELOG.md").contains(&format!("\n## {VERSION}\n")));
}
