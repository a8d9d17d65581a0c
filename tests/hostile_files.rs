//! Hostile files: inputs that try to make crosscheck read outside the project, or that trip
//! it with small faults of the file itself (lone CR line ends, a byte-order mark, a name or a
//! size extract cannot draft from).
//!
//! Every case is built at test time in a fresh sandbox: `proj/` is the project (the working
//! directory, so the default root) and `outside/` beside it holds files carrying [`MARKER`].
//! Symbolic links, FIFOs, and links to `/dev/zero`, `/proc/self/environ` and `/etc/passwd` are
//! made there. Each run goes through the real binary under a time and memory guard, in human
//! and JSON output, and no byte of the marker may reach either, on stdout or stderr; the
//! marker is also in the run's environment, which `/proc/self/environ` would show.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::Run;
use serde_json::Value;

/// Planted in every file outside the project, in `.git/config`, and in the environment.
const MARKER: &str = "ZQX-SECRET-7731";

/// A claims file that loads and is checked whatever else is broken.
const GOOD: &str = "source:\n  id: good\n  outlet: Good\n  published: 2023-12-06\nclaims:\n  - id: age\n    subject: ana-diaz\n    property: age\n    value: 40\n    quote: \"Ana Diaz, 40, said\"\n";

const REGISTRY: &str = "entities:\n  - id: ana-diaz\n    name: Ana Diaz\n    type: person\n";
const PROPERTIES: &str = "properties:\n  age: { type: age }\n";
const RULES: &str = "rules:\n  - id: quoted\n    kind: quotes\n";

/// A claims file for source `id`, with `extra` lines in its `source:` block and one claim
/// quoting `quote`.
fn claims(id: &str, extra: &str, quote: &str) -> String {
    format!(
        "source:\n  id: {id}\n  outlet: {id}\n  published: 2023-12-06\n{extra}claims:\n  - id: age\n    subject: ana-diaz\n    property: age\n    value: 40\n    quote: \"{quote}\"\n"
    )
}

struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    /// `proj/` with the good claims, registry, properties and rules, and `proj/.git/config`;
    /// `outside/` with secrets a claims file, an article and a folder would read.
    fn new() -> Self {
        let sb = Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        sb.write("proj/claims/good.yaml", GOOD);
        sb.write("proj/registry/entities.yaml", REGISTRY);
        sb.write("proj/registry/properties.yaml", PROPERTIES);
        sb.write("proj/registry/rules.yaml", RULES);
        sb.write("proj/.git/config", format!("[core]\n\ttoken = {MARKER}\n"));
        // Broken YAML, so that a read would print the line in a syntax error.
        sb.write("outside/secret.yaml", format!("{MARKER}: [\n"));
        sb.write("outside/dir/secret.yaml", format!("{MARKER}: [\n"));
        sb.write(
            "outside/secret.txt",
            format!("Ana Diaz, 40, said the password is {MARKER}.\n"),
        );
        sb.write(
            "outside/baseline.yaml",
            format!("version: 1\nfindings:\n  - fingerprint: {MARKER}\n    reason: [\n"),
        );
        sb
    }

    fn base(&self) -> PathBuf {
        fs::canonicalize(self.dir.path()).expect("temp dir")
    }

    fn proj(&self) -> PathBuf {
        self.base().join("proj")
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.base().join(rel)
    }

    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let path = self.dir.path().join(rel);
        fs::create_dir_all(path.parent().expect("a parent")).expect("create folder");
        fs::write(path, bytes).expect("write a file");
    }

    /// `proj/<link>` -> `target` (as given: absolute, or relative to the link's folder).
    fn link(&self, target: impl AsRef<Path>, link: &str) {
        let path = self.proj().join(link);
        fs::create_dir_all(path.parent().expect("a parent")).expect("create folder");
        std::os::unix::fs::symlink(target, path).expect("make a symlink");
    }

    fn fifo(&self, rel: &str) {
        let path = self.proj().join(rel);
        fs::create_dir_all(path.parent().expect("a parent")).expect("create folder");
        let status = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .expect("run mkfifo");
        assert!(status.success(), "mkfifo failed");
    }

    /// Runs `crosscheck ARGS` in `proj/` under the guards; no marker may be printed.
    fn run(&self, args: &[&str]) -> Run {
        let run = run_guarded(&self.proj(), args);
        assert!(
            !run.stdout.contains(MARKER) && !run.stderr.contains(MARKER),
            "a secret from outside the project was printed by {args:?}:\n{}\n{}",
            run.stdout,
            run.stderr
        );
        assert!(
            !run.stdout.contains("root:x:0") && !run.stderr.contains("root:x:0"),
            "/etc/passwd was printed by {args:?}"
        );
        assert!(
            !run.stderr.contains("panicked") && run.code != 101,
            "{args:?} panicked:\n{}",
            run.stderr
        );
        run
    }

    /// `check ARGS` in human output and in JSON: the same exit code, and the JSON document.
    fn check(&self, args: &[&str]) -> Checked {
        let mut human = vec!["check", "--color", "never", "--width", "1000"];
        human.extend(args);
        let human = self.run(&human);
        let mut json = vec!["check", "--format", "json"];
        json.extend(args);
        let json = self.run(&json);
        assert_eq!(human.code, json.code, "human and JSON exit alike");
        let doc = serde_json::from_str(&json.stdout)
            .unwrap_or_else(|e| panic!("no JSON ({e}):\n{}\n{}", json.stdout, json.stderr));
        Checked {
            code: human.code,
            human: human.stdout,
            doc,
        }
    }
}

struct Checked {
    code: i32,
    human: String,
    doc: Value,
}

impl Checked {
    /// The one load error for `file`; asserts its message and help hold the given pieces.
    #[track_caller]
    fn error(&self, file: &str, message: &str, help: &str) -> &Value {
        let errors: Vec<&Value> = self.doc["load_errors"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["file"] == file)
            .collect();
        assert_eq!(
            errors.len(),
            1,
            "one load error for {file} in {:#}",
            self.doc["load_errors"]
        );
        let e = errors[0];
        let text = |k: &str| e[k].as_str().unwrap_or_default().to_string();
        assert!(text("message").contains(message), "{e:#}");
        assert!(text("help").contains(help), "{e:#}");
        // The human output says the same, with the file named.
        assert!(self.human.contains(file), "{}", self.human);
        assert!(self.human.contains(message), "{}", self.human);
        e
    }

    /// Where a load error is: (line, column), or (0, 0) for the whole file.
    fn place(e: &Value) -> (u64, u64) {
        (
            e["line"].as_u64().unwrap_or(0),
            e["column"].as_u64().unwrap_or(0),
        )
    }

    fn load_error_count(&self) -> usize {
        self.doc["load_errors"].as_array().map_or(0, Vec::len)
    }

    /// The good claims file was still loaded and checked.
    #[track_caller]
    fn good_still_checked(&self) {
        let sources = self.doc["summary"]["sources"].as_u64().unwrap_or(0);
        assert!(
            sources >= 1,
            "the good source is still loaded: {:#}",
            self.doc
        );
    }
}

/// A hard guard against a hang (a FIFO waited on); a runaway read (`/dev/zero`) meets the
/// memory cap of [`common::run_guarded`].
const TIMEOUT: Duration = Duration::from_secs(30);

fn run_guarded(dir: &Path, args: &[&str]) -> Run {
    common::run_guarded(dir, args, &[("ZQX_SECRET", MARKER)], TIMEOUT).0
}

const LINK_HELP: &str =
    "a symbolic link that leads outside the project root is not read; pass --root to widen it";
const OUTSIDE_HELP: &str = "give a path inside the project root";
const TEXT_HELP: &str = "relative to this claims file, inside the project root";

// Reading outside the tree: claims, registry and rules files.

#[test]
fn a_claims_file_linked_out_of_the_project_is_refused_and_the_rest_is_checked() {
    let sb = Sandbox::new();
    sb.link(sb.path("outside/secret.yaml"), "claims/p.yaml");
    sb.link("/etc/passwd", "claims/passwd.yaml");
    sb.link("../../outside/secret.yaml", "claims/relative.yaml");
    let c = sb.check(&["claims", "registry"]);
    assert_eq!(c.code, 2);
    for file in [
        "claims/p.yaml",
        "claims/passwd.yaml",
        "claims/relative.yaml",
    ] {
        let e = c.error(
            file,
            &format!(
                "{file} is not read: it leads outside the project root through a symbolic link"
            ),
            LINK_HELP,
        );
        assert_eq!(e["code"], "load::refused");
    }
    c.good_still_checked();
}

#[test]
fn a_folder_linked_to_the_file_system_root_is_not_walked() {
    let sb = Sandbox::new();
    sb.link("/", "claims/ext");
    sb.link(sb.path("outside/dir"), "claims/out");
    let c = sb.check(&["claims", "registry"]);
    assert_eq!(c.code, 2);
    c.error(
        "claims/ext",
        "claims/ext is not read: it leads outside the project root through a symbolic link",
        LINK_HELP,
    );
    c.error("claims/out", "claims/out is not read", LINK_HELP);
    // Refused once each, and nothing under them was looked at.
    assert_eq!(c.load_error_count(), 2, "{:#}", c.doc["load_errors"]);
    assert!(!c.human.contains("claims/ext/"), "{}", c.human);
    c.good_still_checked();
}

#[test]
fn links_to_devices_and_proc_files_are_refused_without_reading_them() {
    let sb = Sandbox::new();
    sb.link("/dev/zero", "claims/zero.yaml");
    sb.link("/proc/self/environ", "claims/environ.yaml");
    sb.link("/dev/zero", "registry/zero.yml");
    let c = sb.check(&["claims", "registry"]);
    assert_eq!(c.code, 2);
    for file in [
        "claims/zero.yaml",
        "claims/environ.yaml",
        "registry/zero.yml",
    ] {
        c.error(
            file,
            "leads outside the project root through a symbolic link",
            LINK_HELP,
        );
    }
    c.good_still_checked();
}

#[test]
fn a_dangling_link_out_of_the_project_does_not_tell_whether_its_target_exists() {
    let sb = Sandbox::new();
    sb.link("/no/such/place.yaml", "claims/gone.yaml");
    sb.link(sb.path("outside/missing.yaml"), "claims/missing.yaml");
    let c = sb.check(&["claims", "registry"]);
    assert_eq!(c.code, 2);
    for file in ["claims/gone.yaml", "claims/missing.yaml"] {
        c.error(
            file,
            "leads outside the project root through a symbolic link",
            LINK_HELP,
        );
    }
}

#[test]
fn paths_named_on_the_command_line_must_lie_in_the_project_root() {
    let sb = Sandbox::new();
    let absolute = sb.path("outside/secret.yaml");
    let absolute = absolute.to_str().expect("a UTF-8 path");
    let c = sb.check(&[
        "claims",
        "registry",
        "../outside",
        absolute,
        "/proc/self/environ",
    ]);
    assert_eq!(c.code, 2);
    c.error(
        "../outside",
        "../outside is not read: it lies outside the project root",
        OUTSIDE_HELP,
    );
    c.error(absolute, "it lies outside the project root", OUTSIDE_HELP);
    c.error(
        "/proc/self/environ",
        "it lies outside the project root",
        OUTSIDE_HELP,
    );
    c.good_still_checked();
}

#[test]
fn root_widens_the_boundary_and_is_the_only_way_to() {
    let sb = Sandbox::new();
    sb.write(
        "outside/fine.yaml",
        claims("outside", "", "Ana Diaz, 40, said"),
    );
    sb.link(sb.path("outside/fine.yaml"), "claims/fine.yaml");
    let refused = sb.check(&["claims", "registry"]);
    assert_eq!(refused.code, 2);
    let widened = sb.check(&["claims", "registry", "--root", ".."]);
    assert_eq!(widened.load_error_count(), 0, "{:#}", widened.doc);
    assert_eq!(widened.doc["summary"]["sources"], 2);
}

#[test]
fn files_under_git_are_never_read_even_when_named() {
    let sb = Sandbox::new();
    sb.link("../.git/config", "claims/config.yaml");
    let c = sb.check(&["claims", "registry", ".git/config"]);
    assert_eq!(c.code, 2);
    c.error(
        "claims/config.yaml",
        "claims/config.yaml is not read: it lies under .git",
        "files under .git are never read",
    );
    c.error(
        ".git/config",
        "it lies under .git",
        "files under .git are never read",
    );
    c.good_still_checked();
}

// Reading outside the tree: articles.

#[test]
fn text_paths_out_of_the_project_or_into_git_are_refused_at_their_line() {
    let sb = Sandbox::new();
    let absolute = sb.path("outside/secret.txt");
    let cases = [
        (
            "absolute",
            absolute.to_str().expect("UTF-8").to_string(),
            "`text:` is an absolute path",
        ),
        (
            "climbs",
            "../../outside/secret.txt".to_string(),
            "`text:` leads outside the project root (../../outside/secret.txt)",
        ),
        (
            "git",
            "../.git/config".to_string(),
            "`text:` leads into .git, which is never read",
        ),
        (
            "linked",
            "link.txt".to_string(),
            "`text:` leads outside the project root through a symbolic link",
        ),
        (
            "linked-git",
            "git-link.txt".to_string(),
            "`text:` leads into .git",
        ),
        (
            "proc",
            "environ.txt".to_string(),
            "`text:` leads outside the project root through a symbolic link",
        ),
    ];
    sb.link(sb.path("outside/secret.txt"), "claims/link.txt");
    sb.link("../.git/config", "claims/git-link.txt");
    sb.link("/proc/self/environ", "claims/environ.txt");
    for (id, text, _) in &cases {
        sb.write(
            &format!("proj/claims/{id}.yaml"),
            claims(id, &format!("  text: {text}\n"), "the pasword is"),
        );
    }
    let c = sb.check(&["claims", "registry"]);
    assert_eq!(c.code, 2);
    for (id, _, message) in &cases {
        let e = c.error(&format!("claims/{id}.yaml"), message, TEXT_HELP);
        assert_eq!(Checked::place(e), (5, 9), "{e:#}");
    }
    c.good_still_checked();
}

#[test]
fn hidden_files_and_files_that_are_not_articles_inside_the_project_are_never_read_as_articles() {
    let sb = Sandbox::new();
    // What a CI step may leave in the checkout: an env file, cloud credentials, a hidden folder.
    let secret = format!("Ana Diaz, 40, said the password is {MARKER}.\n");
    sb.write("proj/.env", &secret);
    sb.write("proj/gha-creds-1.json", &secret);
    sb.write("proj/.cache/article.txt", &secret);
    sb.write("proj/articles/.draft.txt", &secret);
    sb.link("../.env", "articles/env.txt");
    let cases = [
        (
            "env",
            "../.env",
            "is a hidden file or lies in a hidden folder",
        ),
        ("creds", "../gha-creds-1.json", "is not read as an article"),
        (
            "cache",
            "../.cache/article.txt",
            "is a hidden file or lies in a hidden folder",
        ),
        (
            "draft",
            "../articles/.draft.txt",
            "is a hidden file or lies in a hidden folder",
        ),
        (
            "linked",
            "../articles/env.txt",
            "is a hidden file or lies in a hidden folder",
        ),
    ];
    for (id, text, _) in &cases {
        sb.write(
            &format!("proj/claims/{id}.yaml"),
            claims(id, &format!("  text: {text}\n"), "the pasword is"),
        );
    }
    let c = sb.check(&["claims", "registry"]);
    assert_eq!(c.code, 2);
    for (id, _, message) in &cases {
        let e = c.error(&format!("claims/{id}.yaml"), message, TEXT_HELP);
        assert_eq!(Checked::place(e), (5, 9), "{e:#}");
    }
    c.good_still_checked();

    // A source id that names a hidden file in --articles is no way in either.
    sb.write("proj/texts/.hidden.txt", &secret);
    sb.write(
        "proj/claims/hidden.yaml",
        claims(".hidden", "", "the pasword is"),
    );
    let c = sb.check(&[
        "claims/hidden.yaml",
        "claims/good.yaml",
        "registry",
        "--articles",
        "texts",
    ]);
    assert_eq!(c.code, 2);
    c.error(
        "claims/hidden.yaml",
        "is a hidden file or lies in a hidden folder",
        "keep articles as .txt, .md or .html files",
    );
}

#[test]
fn an_articles_folder_never_lets_a_source_id_or_a_link_lead_out() {
    let sb = Sandbox::new();
    sb.write("proj/texts/good.txt", "Ana Diaz, 41, said");
    sb.write(
        "proj/claims/climb.yaml",
        claims("../outside/secret", "", "the pasword is"),
    );
    sb.write(
        "proj/claims/absolute.yaml",
        claims(
            &sb.path("outside/secret").display().to_string(),
            "",
            "the pasword is",
        ),
    );
    sb.write(
        "proj/claims/linked.yaml",
        claims("linked", "", "the pasword is"),
    );
    sb.link(sb.path("outside/secret.txt"), "texts/linked.txt");
    sb.write(
        "proj/claims/piped.yaml",
        claims("piped", "", "the pasword is"),
    );
    sb.fifo("texts/piped.txt");
    let c = sb.check(&["claims", "registry", "--articles", "texts"]);
    assert_eq!(c.code, 2);
    let help = "give the source an id that is a plain file name";
    for file in ["claims/climb.yaml", "claims/absolute.yaml"] {
        let e = c.error(file, "cannot name a file in --articles", help);
        assert_eq!(Checked::place(e), (2, 3), "{e:#}");
    }
    c.error(
        "texts/linked.txt",
        "texts/linked.txt is not read: it leads outside the project root through a symbolic link",
        LINK_HELP,
    );
    c.error(
        "texts/piped.txt",
        "not a regular file",
        "pipes, devices and sockets are not read",
    );
    // The good source's article was still read: its quote is not in it.
    let not_found: Vec<&Value> = c.doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "quote-not-found")
        .collect();
    assert_eq!(not_found.len(), 1, "{:#}", c.doc["findings"]);
    assert_eq!(not_found[0]["claims"][0]["source"], "good");

    // A folder of articles outside the project is no way out either.
    let c = sb.check(&["claims/good.yaml", "registry", "--articles", "../outside"]);
    assert_eq!(c.code, 2);
    c.error(
        "../outside",
        "../outside is not read: it lies outside the project root",
        OUTSIDE_HELP,
    );
    let c = sb.check(&["claims/good.yaml", "registry", "--articles", "missing"]);
    assert_eq!(c.code, 2);
    c.error(
        "missing",
        "cannot read missing: No such file or directory",
        "--articles",
    );
}

// Reading outside the tree: baselines.

#[test]
fn a_baseline_out_of_the_project_a_device_or_a_pipe_is_refused() {
    let sb = Sandbox::new();
    sb.link(sb.path("outside/baseline.yaml"), "baseline.yaml");
    sb.fifo("piped.yaml");
    let outside = sb.path("outside/baseline.yaml");
    let cases = [
        (
            "baseline.yaml",
            "leads outside the project root through a symbolic link",
            LINK_HELP,
        ),
        (
            outside.to_str().expect("UTF-8"),
            "it lies outside the project root",
            OUTSIDE_HELP,
        ),
        (
            "/dev/zero",
            "it lies outside the project root",
            OUTSIDE_HELP,
        ),
        (
            "piped.yaml",
            "not a regular file",
            "pipes, devices and sockets are not read",
        ),
    ];
    for (baseline, message, help) in cases {
        let c = sb.check(&["claims", "registry", "--baseline", baseline]);
        assert_eq!(c.code, 2, "{baseline}");
        c.error(baseline, message, help);
        c.good_still_checked();
    }
}

// Size limits, checked before reading.

/// A sparse file of 5 GiB: reading it would take minutes and more memory than the guard
/// allows; refused from its size, it costs nothing.
fn huge(sb: &Sandbox, rel: &str) {
    let path = sb.proj().join(rel);
    fs::create_dir_all(path.parent().expect("a parent")).expect("create folder");
    let file = fs::File::create(&path).expect("create the file");
    file.set_len(5 << 30).expect("a sparse file");
}

#[test]
fn every_kind_of_file_over_the_size_limit_is_refused_from_its_size_without_being_read() {
    let sb = Sandbox::new();
    huge(&sb, "claims/huge.yaml");
    huge(&sb, "registry/huge.yaml");
    huge(&sb, "texts/big.txt");
    huge(&sb, "baseline.yaml");
    sb.write(
        "proj/claims/big.yaml",
        claims("big", "", "Ana Diaz, 40, said"),
    );
    let max = u32::MAX.to_string();
    let c = sb.check(&[
        "claims",
        "registry",
        "--articles",
        "texts",
        "--baseline",
        "baseline.yaml",
        "--max-file-size",
        &max,
    ]);
    assert_eq!(c.code, 2);
    let limit = format!("is larger than the limit of {max} bytes");
    for file in [
        "claims/huge.yaml",
        "registry/huge.yaml",
        "texts/big.txt",
        "baseline.yaml",
    ] {
        c.error(file, &limit, "--max-file-size");
    }
    c.good_still_checked();
}

#[test]
fn an_article_over_the_size_limit_is_refused_at_its_text_line() {
    let sb = Sandbox::new();
    sb.write("proj/claims/long.txt", "x".repeat(2_000));
    sb.write(
        "proj/claims/long.yaml",
        claims("long", "  text: long.txt\n", "Ana Diaz, 40, said"),
    );
    let c = sb.check(&["claims", "registry", "--max-file-size", "1000"]);
    assert_eq!(c.code, 2);
    let e = c.error(
        "claims/long.yaml",
        "claims/long.txt is larger than the limit of 1000 bytes",
        "--max-file-size",
    );
    assert_eq!(Checked::place(e), (5, 9));
}

// Discovery.

#[test]
fn yaml_files_are_found_whatever_the_letter_case_of_their_extension() {
    let sb = Sandbox::new();
    sb.write(
        "proj/claims/upper.YAML",
        claims("upper", "", "Ana Diaz, 40, said"),
    );
    sb.write(
        "proj/claims/mixed.Yml",
        claims("mixed", "", "Ana Diaz, 40, said"),
    );
    let c = sb.check(&["claims", "registry"]);
    assert_eq!(c.load_error_count(), 0, "{:#}", c.doc);
    assert_eq!(c.doc["summary"]["sources"], 3);
}

#[test]
fn a_file_name_with_control_characters_is_read_and_shown_by_code_point() {
    let sb = Sandbox::new();
    sb.write(
        "proj/claims/\u{1b}[2Jred\rX.yaml",
        claims("red", "", "Ana Diaz, 40, said"),
    );
    let c = sb.check(&["claims", "registry"]);
    assert_eq!(c.load_error_count(), 0, "{:#}", c.doc);
    assert_eq!(c.doc["summary"]["sources"], 2);
    assert!(!c.human.contains(['\u{1b}', '\r']), "{:?}", c.human);
    c.good_still_checked();
}

// Small file faults.

#[test]
fn a_file_with_lone_cr_line_ends_is_read_with_its_lines() {
    let sb = Sandbox::new();
    // Starts with a comment: read as one line, it would look empty.
    let fine = format!("# notes\n{}", claims("fine", "", "Ana Diaz, 40, said")).replace('\n', "\r");
    sb.write("proj/claims/fine.yaml", fine);
    let broken = "source:\r  id: broken\r  outlet: B\r  published: 2023-02-30\rclaims: []\r";
    sb.write("proj/claims/broken.yaml", broken);
    let c = sb.check(&["claims", "registry"]);
    assert_eq!(c.code, 2);
    let e = c.error(
        "claims/broken.yaml",
        "invalid publication date `2023-02-30`",
        "February has no day 30",
    );
    assert_eq!(Checked::place(e), (4, 14));
    assert!(c.human.contains("claims/broken.yaml:4:14"), "{}", c.human);
    assert_eq!(c.load_error_count(), 1);
    assert_eq!(c.doc["summary"]["sources"], 2, "fine.yaml loads");
    // No bare carriage return reaches a terminal.
    assert!(!c.human.contains('\r'));
}

#[test]
fn an_article_with_lone_cr_line_ends_gives_the_closest_passage_its_line() {
    let sb = Sandbox::new();
    sb.write(
        "proj/claims/a.txt",
        "First line.\rSecond line.\rAna Diaz, 41, said so.\r",
    );
    sb.write(
        "proj/claims/a.yaml",
        claims("a", "  text: a.txt\n", "Ana Diaz, 40, said"),
    );
    let c = sb.check(&["claims", "registry"]);
    assert!(
        c.human
            .contains("closest passage (line 3): \"Ana Diaz, 41, said\""),
        "{}",
        c.human
    );
}

#[test]
fn a_byte_order_mark_is_skipped_in_claims_registry_rules_articles_and_baselines() {
    let sb = Sandbox::new();
    let bom = |s: &str| format!("\u{feff}{s}");
    sb.write("proj/claims/good.yaml", bom(GOOD));
    sb.write("proj/registry/entities.yaml", bom(REGISTRY));
    sb.write("proj/registry/properties.yaml", bom(PROPERTIES));
    sb.write("proj/registry/rules.yaml", bom(RULES));
    sb.write("proj/claims/a.txt", bom("Ana Diaz, 41, said it."));
    sb.write(
        "proj/claims/a.yaml",
        claims("a", "  text: a.txt\n", "Ana Diaz, 40, said"),
    );
    let written = sb.run(&["baseline", "claims", "registry", "-o", "baseline.yaml"]);
    assert_eq!(written.code, 0, "{}", written.stderr);
    let baseline = fs::read_to_string(sb.proj().join("baseline.yaml")).expect("written");
    let reviewed = baseline.replace("reason: TODO", "reason: the article says 41");
    sb.write("proj/baseline.yaml", bom(&reviewed));
    let c = sb.check(&["claims", "registry", "--baseline", "baseline.yaml"]);
    assert_eq!(c.load_error_count(), 0, "{:#}", c.doc);
    assert_eq!(c.code, 0, "{:#}", c.doc);
    assert_eq!(c.doc["baseline"]["suppressed"], 1, "{:#}", c.doc);
    // The closest passage starts at the article's first word, not at the mark.
    let without = sb.check(&["claims", "registry"]);
    let findings = without.doc["findings"].to_string();
    assert!(
        findings.contains("closest passage (line 1): \\\"Ana Diaz, 41, said\\\""),
        "{findings}"
    );
}

// The closest passage.

#[test]
fn the_closest_passage_never_widens_into_a_token_beside_the_match() {
    let sb = Sandbox::new();
    sb.write(
        "proj/claims/a.txt",
        format!(
            "Ana Diaz, 41, said the key is sk{}{MARKER} today.\n",
            "q7".repeat(8)
        ),
    );
    sb.write(
        "proj/claims/a.yaml",
        claims("a", "  text: a.txt\n", "Ana Diaz, 40, said the key is sk"),
    );
    let c = sb.check(&["claims", "registry"]);
    assert!(
        c.human
            .contains("closest passage (line 1): \"Ana Diaz, 41, said the key is sk\""),
        "{}",
        c.human
    );
    assert!(!c.human.contains("q7q7"), "{}", c.human);
}

// `extract`.

fn extract(sb: &Sandbox, article: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "extract",
        article,
        "--published",
        "2023-12-07",
        "--registry",
        "registry",
    ];
    args.extend(extra);
    sb.run(&args)
}

const ARTICLE: &str = "LIMA — Ana Diaz, 40, left the prison on Wednesday.\n\nShe served 25 years of her sentence, and owes $13.6 million.\n";

#[test]
fn extract_drafts_a_loadable_file_whatever_the_article_is_called() {
    let sb = Sandbox::new();
    let names = [
        "weird\nname: [x] #y.txt",
        "\u{1b}[2Jescape.txt",
        "'quoted\" name.txt",
        "null.txt",
        "dots...txt",
        "- dash.txt",
        "\u{2028}sep\u{85}.txt",
        "Ana Díaz 2023.TXT",
    ];
    for (i, name) in names.iter().enumerate() {
        sb.write(&format!("proj/articles/{name}"), ARTICLE);
        let draft = format!("drafts/{i}.yaml");
        let article = format!("articles/{name}");
        fs::create_dir_all(sb.proj().join("drafts")).expect("drafts folder");
        let out = extract(&sb, &article, &["-o", &draft]);
        assert_eq!(out.code, 0, "{name:?}: {}", out.stderr);
    }
    let c = sb.check(&["drafts", "registry"]);
    assert_eq!(c.load_error_count(), 0, "{:#}", c.doc["load_errors"]);
    assert_eq!(c.doc["summary"]["sources"], names.len() as u64);
    assert_ne!(c.code, 2);
}

#[test]
fn extract_refuses_a_draft_over_the_claims_size_limit_and_writes_nothing() {
    let sb = Sandbox::new();
    sb.write("proj/article.txt", ARTICLE.repeat(20));
    let out = extract(
        &sb,
        "article.txt",
        &["-o", "draft.yaml", "--max-file-size", "4000"],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("error: the draft of article.txt would be")
            && out
                .stderr
                .contains("over the limit of 4000 bytes for a claims file; nothing written"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("help: split the article, or raise the limit with --max-file-size")
    );
    assert!(!sb.proj().join("draft.yaml").exists());
}

#[test]
fn extract_reads_no_article_registry_or_compare_file_outside_the_project() {
    let sb = Sandbox::new();
    sb.link(sb.path("outside/secret.txt"), "linked.txt");
    sb.fifo("piped.txt");
    let outside = sb.path("outside/secret.txt");
    for (article, message) in [
        (
            "linked.txt",
            "linked.txt is not read: it leads outside the project root through a symbolic link",
        ),
        (
            outside.to_str().expect("UTF-8"),
            "it lies outside the project root",
        ),
        ("/proc/self/environ", "it lies outside the project root"),
        ("piped.txt", "not a regular file"),
    ] {
        let out = extract(&sb, article, &[]);
        assert_eq!(out.code, 2, "{article}");
        assert!(out.stderr.contains(message), "{article}: {}", out.stderr);
        assert!(out.stderr.contains("help: "), "{}", out.stderr);
    }
    sb.write("proj/article.txt", ARTICLE);
    for flag in ["--registry", "--compare"] {
        let out = extract(&sb, "article.txt", &[flag, "../outside/secret.yaml"]);
        assert_eq!(out.code, 2, "{flag}");
        assert!(
            out.stderr.contains("../outside/secret.yaml is not read"),
            "{}",
            out.stderr
        );
    }
}

// `test`: a rule case is read like any input.

#[test]
fn a_rule_case_linking_out_of_the_project_fails_without_reading_the_target() {
    let sb = Sandbox::new();
    sb.write(
        "proj/cases/leak/expect.yaml",
        "inputs: [../../registry]\nfindings: []\n",
    );
    sb.link(sb.path("outside/secret.yaml"), "cases/leak/a.yaml");
    let out = sb.run(&["test", "cases"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stdout.contains(
            "cases/leak/a.yaml is not read: it leads outside the project root through a symbolic link"
        ),
        "{}",
        out.stdout
    );
}

#[test]
fn a_rule_case_folder_linked_out_of_the_project_does_not_move_the_root_there() {
    let sb = Sandbox::new();
    sb.write(
        "outside/cases/evil/expect.yaml",
        format!("# {MARKER}\ninputs: [../../secret.yaml]\nfindings: [\n"),
    );
    sb.write("outside/cases/evil/a.yaml", format!("{MARKER}: [\n"));
    sb.link(sb.path("outside/cases/evil"), "cases/evil");
    let out = sb.run(&["test", "cases"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    for file in ["cases/evil/expect.yaml", "cases/evil/a.yaml"] {
        assert!(
            out.stdout.contains(&format!(
                "{file} is not read: it leads outside the project root through a symbolic link"
            )),
            "{}",
            out.stdout
        );
    }
}
