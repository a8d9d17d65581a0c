//! crosscheck.toml: found upward from the working directory, overridden by flags, strict about
//! its keys, and reported by `crosscheck config` (docs/newsroom.md).

mod common;

use std::fs;
use std::path::Path;

use common::{fixtures, parse, run_in};

/// A project in a temporary folder: the `types/fires` fixture (one type-mismatch warning)
/// split into claims/ and rules/, with a `.git` folder so that no settings file above it
/// counts, and `toml` as its crosscheck.toml (none when empty).
fn project(toml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = dir.path();
    let fixture = fixtures().join("types/fires");
    for (folder, files) in [
        (
            "claims",
            &["andes-ledger-2022-04-08.yaml", "entities.yaml"][..],
        ),
        ("rules", &["properties.yaml", "rules.yaml"][..]),
    ] {
        fs::create_dir_all(root.join(folder)).unwrap();
        for f in files {
            fs::copy(fixture.join(f), root.join(folder).join(f)).unwrap();
        }
    }
    fs::create_dir(root.join(".git")).unwrap();
    if !toml.is_empty() {
        fs::write(root.join("crosscheck.toml"), toml).unwrap();
    }
    dir
}

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

#[test]
fn fail_on_from_crosscheck_toml_applies_and_a_flag_overrides_it() {
    let p = project("fail-on = \"warning\"\n");
    assert_eq!(run_in(p.path(), &["check"]).code, 1, "the warning fails");
    assert_eq!(
        run_in(p.path(), &["check", "--fail-on", "error"]).code,
        0,
        "the flag wins"
    );
    let without = project("");
    assert_eq!(run_in(without.path(), &["check"]).code, 0);
}

#[test]
fn the_settings_file_is_found_from_a_subfolder_and_paths_are_shown_from_the_project_root() {
    let p = project("fail-on = \"warning\"\nformat = \"json\"\n");
    let run = run_in(&p.path().join("claims"), &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = parse(&run.stdout);
    let file = doc["findings"][0]["claims"][0]["file"].as_str().unwrap();
    assert_eq!(file, "claims/andes-ledger-2022-04-08.yaml");
}

#[test]
fn a_path_typed_in_a_subfolder_is_read_from_there() {
    let p = project("format = \"json\"\n");
    let run = run_in(
        &p.path().join("claims"),
        &["check", ".", "../rules", "--fail-on", "warning"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = parse(&run.stdout);
    let file = doc["findings"][0]["claims"][0]["file"].as_str().unwrap();
    assert_eq!(file, "claims/andes-ledger-2022-04-08.yaml");
}

#[test]
fn format_from_crosscheck_toml_applies_and_a_flag_overrides_it() {
    let p = project("format = \"json\"\n");
    let json = run_in(p.path(), &["check"]);
    assert_eq!(parse(&json.stdout)["findings"].as_array().unwrap().len(), 1);
    let human = run_in(p.path(), &["check", "--format", "human"]);
    assert!(human.stdout.contains("type-mismatch"), "{}", human.stdout);
    assert!(serde_json::from_str::<serde_json::Value>(&human.stdout).is_err());
}

#[test]
fn an_unknown_key_is_exit_2_with_its_place_and_a_suggestion() {
    let p = project("format = \"human\"\nfail_on = \"warning\"\n");
    let run = run_in(p.path(), &["check"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty(), "nothing is checked: {}", run.stdout);
    assert!(
        run.stderr
            .contains("unknown key `fail_on` in crosscheck.toml"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("crosscheck.toml:2:1"), "{}", run.stderr);
    assert!(
        run.stderr.contains("did you mean `fail-on`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_value_is_exit_2_with_a_suggestion() {
    let p = project("format = \"sarf\"\n");
    let run = run_in(p.path(), &["check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("crosscheck.toml:1:10"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `sarif`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_toml_syntax_error_is_exit_2_with_its_place() {
    let p = project("format = \n");
    let run = run_in(p.path(), &["config"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("crosscheck.toml:1:"), "{}", run.stderr);
}

#[test]
fn paths_in_crosscheck_toml_may_not_leave_the_project() {
    for setting in [
        "paths = [\"claims\", \"../elsewhere\"]",
        "baseline = \"/etc/passwd\"",
        "articles = \"../articles\"",
    ] {
        let p = project(&format!("{setting}\n"));
        let run = run_in(p.path(), &["check"]);
        assert_eq!(run.code, 2, "{setting}");
        assert!(
            run.stderr.contains("leads outside the project"),
            "{setting}: {}",
            run.stderr
        );
    }
}

#[test]
fn exclude_leaves_out_files_a_folder_walk_finds_but_not_files_named_on_their_own() {
    let p = project("exclude = [\"claims/drafts/**\"]\n");
    // A draft that does not load: excluded, it cannot break the check.
    write(
        p.path(),
        "claims/drafts/half-done.yaml",
        "source: [unfinished\n",
    );
    assert_eq!(run_in(p.path(), &["check"]).code, 0);
    let named = run_in(
        p.path(),
        &["check", "claims/drafts/half-done.yaml", "claims", "rules"],
    );
    assert_eq!(named.code, 2, "a file named on the command line is read");
}

#[test]
fn paths_and_baseline_from_crosscheck_toml_are_used() {
    let p = project(
        "paths = [\"newsroom/claims\", \"rules\"]\nbaseline = \"accepted.yaml\"\nfail-on = \"warning\"\n",
    );
    fs::rename(p.path().join("claims"), p.path().join("claims-moved")).unwrap();
    fs::create_dir(p.path().join("newsroom")).unwrap();
    fs::rename(
        p.path().join("claims-moved"),
        p.path().join("newsroom/claims"),
    )
    .unwrap();
    let run = run_in(p.path(), &["baseline", "-o", "accepted.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The baseline accepts the one warning, so the check that reads it passes: with its
    // placeholder reason only while bootstrapping (the flag takes the baseline from the file).
    let newsroom = p.path().join("newsroom");
    let run = run_in(&newsroom, &["check", "--allow-empty-reasons"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let run = run_in(&newsroom, &["check"]);
    assert_eq!(run.code, 2, "a placeholder reason is refused");
    let accepted = p.path().join("accepted.yaml");
    let text = fs::read_to_string(&accepted).unwrap();
    assert!(text.contains("reason: TODO"), "{text}");
    fs::write(
        &accepted,
        text.replace(
            "reason: TODO",
            "reason: the commission issued it, as the ruling says",
        ),
    )
    .unwrap();
    let run = run_in(&newsroom, &["check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn allow_empty_reasons_needs_a_baseline_from_the_flag_or_crosscheck_toml() {
    let p = project("fail-on = \"warning\"\n");
    let run = run_in(p.path(), &["check", "--allow-empty-reasons"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("needs a baseline"), "{}", run.stderr);
}

#[test]
fn config_says_where_each_setting_came_from() {
    let p = project(
        "# the newsroom's settings\nfail-on = \"warning\"\nexclude = [\"claims/drafts/**\"]\n",
    );
    let run = run_in(&p.path().join("claims"), &["config", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let line = |key: &str| {
        run.stdout
            .lines()
            .find(|l| l.starts_with(key) || l.starts_with(&format!("# {key}")))
            .unwrap_or_else(|| panic!("no {key} line in\n{}", run.stdout))
            .to_string()
    };
    assert!(
        run.stdout
            .starts_with("# settings file: ../crosscheck.toml\n"),
        "{}",
        run.stdout
    );
    assert!(
        line("fail-on").contains("\"warning\"")
            && line("fail-on").ends_with("# ../crosscheck.toml:2")
    );
    assert!(line("exclude").contains("[\"claims/drafts/**\"]") && line("exclude").ends_with(":3"));
    assert!(line("format").contains("\"json\"") && line("format").ends_with("# flag --format"));
    assert!(
        line("paths").contains("[\"claims\", \"rules\"]") && line("paths").ends_with("# default")
    );
    assert!(line("baseline").contains("(not set)"));
}

#[test]
fn config_without_a_settings_file_shows_the_defaults() {
    let p = project("");
    let run = run_in(p.path(), &["config"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.starts_with("# no crosscheck.toml"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("fail-on        = \"error\""),
        "{}",
        run.stdout
    );
}

#[test]
fn min_similarity_applies_to_names_rules_that_set_none() {
    // "Pedro Pablo Kuczinsky" against the registered "Pedro Pablo Kuczynski": about 0.9
    // similar, a near miss at the default 0.85 and not at 0.95.
    let root = tempfile::tempdir().unwrap();
    let fixture = fixtures().join("names/variant-registered");
    for e in fs::read_dir(&fixture).unwrap() {
        let p = e.unwrap().path();
        let text = fs::read_to_string(&p).unwrap();
        let text = text.replace("Pablo Kuczynski signed", "Pedro Pablo Kuczinsky signed");
        let text = text.replace("value: Pablo Kuczynski", "value: Pedro Pablo Kuczinsky");
        fs::write(root.path().join(p.file_name().unwrap()), text).unwrap();
    }
    fs::create_dir(root.path().join(".git")).unwrap();
    let variants = |toml: &str| {
        fs::write(root.path().join("crosscheck.toml"), toml).unwrap();
        let run = run_in(root.path(), &["check", ".", "--format", "json"]);
        assert_ne!(run.code, 2, "{}", run.stderr);
        parse(&run.stdout)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"] == "name-variant")
            .count()
    };
    assert_eq!(variants("min-similarity = 0.85\n"), 1);
    assert_eq!(variants("min-similarity = 0.95\n"), 0);
    assert_eq!(variants("\n"), 1, "the default is 0.85");
    let out_of_range = project("min-similarity = 0.2\n");
    let run = run_in(out_of_range.path(), &["check"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("between 0.5 and 1"), "{}", run.stderr);
}
