//! The hostile corpus: broken and malicious inputs, each with the diagnostic it must give and
//! the exit code, run through the real binary under a hard time and memory guard.
//!
//! Small cases live in `tests/hostile/cases/NAME/`; byte-exact, huge and file-system cases
//! (a 50 MB file, 100 000 levels of nesting, a FIFO, a symlink loop) are made at test time.
//! Every case is checked beside `tests/hostile/registry/` (properties, entities, rules), and
//! again beside `tests/hostile/good/`, whose age mismatch must still be found.
//! `scripts/hostile-limits.sh` measures the time and memory of every case on the release build.

mod common;

use std::fs;
use std::path::Path;
use std::time::Duration;

use serde_json::Value;

/// How a case is set up: committed under `tests/hostile/cases/`, or made in its folder.
enum Setup {
    Committed,
    Made(fn(&Path)),
}

struct Case {
    name: &'static str,
    setup: Setup,
    /// Extra arguments after `check`.
    args: &'static [&'static str],
    exit: i32,
    /// Pieces of the human output: the place (`a.yaml:2:2`) and the message.
    expect: &'static [&'static str],
}

const fn case(name: &'static str, exit: i32, expect: &'static [&'static str]) -> Case {
    Case {
        name,
        setup: Setup::Committed,
        args: &[],
        exit,
        expect,
    }
}

const fn made(
    name: &'static str,
    f: fn(&Path),
    exit: i32,
    expect: &'static [&'static str],
) -> Case {
    Case {
        name,
        setup: Setup::Made(f),
        args: &[],
        exit,
        expect,
    }
}

const VALID: &str = "source:\n  id: made\n  outlet: Made\n  published: 2023-12-06\nclaims:\n  - id: x\n    subject: ana-diaz\n    property: age\n    value: 40\n";

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    fs::write(dir.join(name), bytes).expect("write a case file");
}

/// `source:` with a `title:` of `n` bytes of `x`.
fn long_title(n: usize) -> String {
    format!(
        "source:\n  id: long\n  outlet: Long\n  published: 2023-12-06\n  title: {}\nclaims: []\n",
        "x".repeat(n)
    )
}

/// A file whose `source:` value is `n` levels of `open`, then a scalar, then `n` `close`.
fn nested(open: &str, close: &str, n: usize) -> String {
    format!("source: {}x{}\n", open.repeat(n), close.repeat(n))
}

/// Billion laughs: ten anchors, each a list of ten aliases of the one before.
fn billion_laughs() -> String {
    let mut s = String::from("a0: &a0 lol\n");
    for i in 1..10 {
        let prev = format!("*a{}, ", i - 1).repeat(10);
        s.push_str(&format!("a{i}: &a{i} [{}]\n", prev.trim_end_matches(", ")));
    }
    s
}

fn cases() -> Vec<Case> {
    vec![
        // Syntax.
        case(
            "truncated-quote",
            2,
            &[
                "truncated-quote/a.yaml:3:11",
                "found unexpected end of stream",
            ],
        ),
        case(
            "truncated-flow",
            2,
            &["truncated-flow/a.yaml:7:1", "expected ',' or ']'"],
        ),
        case(
            "tab-indent",
            2,
            &["tab-indent/a.yaml:2:2", "tabs disallowed"],
        ),
        case(
            "mixed-indent",
            2,
            &["mixed-indent/a.yaml:3:9", "did not find expected key"],
        ),
        case(
            "duplicate-key",
            2,
            &["duplicate-key/a.yaml:3:3", "duplicate key `id`"],
        ),
        case(
            "second-document",
            2,
            &["second-document/a.yaml:10:1", "more than one YAML document"],
        ),
        case(
            "top-level-list",
            2,
            &[
                "top-level-list/a.yaml:1:1",
                "expected a mapping at the top level",
            ],
        ),
        case(
            "top-level-scalar",
            2,
            &[
                "top-level-scalar/a.yaml:1:1",
                "expected a mapping at the top level",
            ],
        ),
        case(
            "yaml-tag",
            2,
            &["yaml-tag/a.yaml:2:5", "Unexpected use of YAML tag"],
        ),
        case(
            "anchor",
            2,
            &["anchor/a.yaml:", "anchors and aliases are not allowed"],
        ),
        case(
            "merge-key",
            2,
            &["merge-key/a.yaml:2:3", "unknown key `<<`"],
        ),
        case("empty-file", 2, &["empty-file/a.yaml: the file is empty"]),
        case(
            "comments-only",
            2,
            &["comments-only/a.yaml: the file is empty"],
        ),
        // Shape and types.
        case(
            "no-known-keys",
            2,
            &["no-known-keys/a.yaml:1:1", "unknown key `title`"],
        ),
        case(
            "unknown-key",
            2,
            &[
                "unknown-key/a.yaml:7:5",
                "unknown key `subjekt`",
                "did you mean `subject`?",
            ],
        ),
        case(
            "missing-keys",
            2,
            &["missing-keys/a.yaml:2:3", "missing required key `outlet`"],
        ),
        case(
            "list-for-scalar",
            2,
            &["list-for-scalar/a.yaml:7:14", "found a list"],
        ),
        case(
            "mapping-for-list",
            2,
            &[
                "mapping-for-list/a.yaml:6:5",
                "expected a list of claims, found a mapping",
            ],
        ),
        case(
            "scalar-for-mapping",
            2,
            &["scalar-for-mapping/a.yaml:1:9", "found a single value"],
        ),
        case(
            "null-value",
            2,
            &["null-value/a.yaml:9:12", "`~` is not an age"],
        ),
        case(
            "empty-value",
            2,
            &["empty-value/a.yaml:10:1", "is not an age"],
        ),
        case(
            "bad-flag",
            2,
            &["bad-flag/a.yaml:2:32", "invalid flag `yes`"],
        ),
        case(
            "unknown-value-type",
            2,
            &[
                "unknown-value-type/a.yaml:2:19",
                "unknown value type `integer`",
            ],
        ),
        // Values.
        case(
            "impossible-date",
            2,
            &["impossible-date/a.yaml:4:14", "February has no day 30"],
        ),
        case(
            "impossible-month",
            2,
            &["impossible-month/a.yaml:4:14", "month 13 does not exist"],
        ),
        case(
            "impossible-claim-date",
            2,
            &[
                "impossible-claim-date/a.yaml:9:12",
                "February has no day 29",
            ],
        ),
        case(
            "huge-integer",
            2,
            &[
                "huge-integer/a.yaml:9:12",
                "`99999999999999999999999` is not a count",
            ],
        ),
        case("huge-age", 2, &["huge-age/a.yaml:9:12", "is not an age"]),
        case(
            "huge-year",
            2,
            &[
                "huge-year/a.yaml:4:14",
                "invalid publication date `99999-01-01`",
            ],
        ),
        case(
            "quoted-number-for-date",
            2,
            &[
                "quoted-number-for-date/a.yaml:4:14",
                "invalid publication date `20231206`",
            ],
        ),
        case(
            "negative-count",
            2,
            &["negative-count/a.yaml:9:12", "`-3` is not a count"],
        ),
        case(
            "float-count",
            2,
            &["float-count/a.yaml:9:12", "`1e400` is not a count"],
        ),
        case(
            "money-overflow",
            2,
            &[
                "money-overflow/a.yaml:9:12",
                "`1e999 USD` is not an amount of money",
            ],
        ),
        case(
            "duration-overflow",
            2,
            &["duration-overflow/a.yaml:9:12", "is not a duration"],
        ),
        case(
            "relative-date-out-of-range",
            2,
            &[
                "relative-date-out-of-range/a.yaml:9:12",
                "reaches outside the calendar",
            ],
        ),
        case(
            "relative-to-out-of-range",
            2,
            &[
                "relative-to-out-of-range/a.yaml:13:12",
                "reaches outside the calendar",
            ],
        ),
        case(
            "relative-to-cycle",
            2,
            &[
                "relative-to-cycle/a.yaml:10:18",
                "read from each other in a cycle: `x` → `y` → `x`",
            ],
        ),
        case(
            "date-day-month-order",
            2,
            &[
                "date-day-month-order/a.yaml:9:12",
                "could be 3 April or March 4 (day/month order)",
            ],
        ),
        made(
            "date-phrase-of-a-megabyte",
            |d| {
                let phrase = "last ".repeat(200_000) + "Friday";
                write(
                    d,
                    "a.yaml",
                    VALID.replace(
                        "property: age\n    value: 40",
                        &format!("property: born\n    value: {phrase}"),
                    ),
                )
            },
            2,
            &[
                "date-phrase-of-a-megabyte/a.yaml:9:12",
                "`last last last last last last last last last last last last …` is not a date",
            ],
        ),
        // References across files.
        case(
            "duplicate-claim-id",
            2,
            &["duplicate-claim-id/a.yaml:10:9", "duplicate claim id `x`"],
        ),
        case(
            "duplicate-source-id",
            2,
            &[
                "duplicate-source-id/b.yaml:2:7",
                "duplicate source id `same`",
                "first used in cases/duplicate-source-id/a.yaml",
            ],
        ),
        // The case's file sorts before the registry's, so the registry's entry is the duplicate.
        case(
            "duplicate-entity-id",
            2,
            &[
                "registry/entities.yaml:2:9",
                "duplicate entity id `ana-diaz`",
                "first defined in cases/duplicate-entity-id/a.yaml",
            ],
        ),
        case(
            "duplicate-property",
            2,
            &["registry/properties.yaml:4:3", "duplicate property `born`"],
        ),
        case(
            "rule-duplicate-id",
            2,
            &["registry/rules.yaml:2:9", "duplicate rule id `ages`"],
        ),
        case(
            "unknown-property",
            2,
            &[
                "unknown-property/a.yaml:8:15",
                "unknown property `agee`",
                "did you mean `age`?",
            ],
        ),
        case(
            "rule-unknown-kind",
            2,
            &[
                "rule-unknown-kind/a.yaml:3:11",
                "unknown rule kind `agre`",
                "did you mean `agree`?",
            ],
        ),
        case(
            "rule-unknown-subject",
            2,
            &[
                "rule-unknown-subject/a.yaml:5:18",
                "unknown subject `nobody`",
            ],
        ),
        // Two entities may share an alias (a surname in a family): a mention of it is the
        // ambiguity, reported where it is used.
        case(
            "shared-alias",
            0,
            &[
                "ambiguous-name",
                "\"Ana\" could refer to any of: ana-lopez, ana-ruiz",
                "shared-alias/b.yaml:9:12",
            ],
        ),
        // A directory is walked whatever its name.
        case(
            "directory-named-x.yaml",
            0,
            &["1 source (1 outlet), 1 claim"],
        ),
        // A path out of the run directory is refused before anything is opened.
        case(
            "text-path-escape",
            2,
            &[
                "`text:` leads outside the project root",
                "text-path-escape/a.yaml:5:9",
            ],
        ),
        // Bytes.
        made(
            "byte-order-mark",
            |d| write(d, "a.yaml", format!("\u{feff}{VALID}")),
            0,
            &["1 source (1 outlet), 1 claim"],
        ),
        made(
            "crlf",
            |d| write(d, "a.yaml", VALID.replace('\n', "\r\n")),
            0,
            &["1 source (1 outlet), 1 claim"],
        ),
        made(
            "crlf-error",
            |d| {
                write(
                    d,
                    "a.yaml",
                    VALID
                        .replace("2023-12-06", "2023-02-30")
                        .replace('\n', "\r\n"),
                )
            },
            2,
            &["crlf-error/a.yaml:4:14", "February has no day 30"],
        ),
        made(
            "not-utf8",
            |d| write(d, "a.yaml", b"source:\n  id: caf\xe9\n"),
            2,
            &["not-utf8/a.yaml: the file is not valid UTF-8 (line 2, column 10)"],
        ),
        made(
            "utf16",
            |d| write(d, "a.yaml", b"\xff\xfes\x00o\x00u\x00"),
            2,
            &["utf16/a.yaml: the file is not valid UTF-8 (line 1, column 1)"],
        ),
        made(
            "nul-byte",
            |d| write(d, "a.yaml", "source:\n  id: a\0b\n"),
            2,
            &["nul-byte/a.yaml: the file holds the control character U+0000 (line 2, column 8)"],
        ),
        // A terminal escape in a claim would reach the reader's terminal.
        made(
            "terminal-escape",
            |d| {
                write(
                    d,
                    "a.yaml",
                    VALID.replace("Made", "\x1b[2J\x1b]0;pwned\x07"),
                )
            },
            2,
            &[
                "terminal-escape/a.yaml: the file holds the control character U+001B (line 3, column 11)",
            ],
        ),
        made(
            "long-line",
            |d| write(d, "a.yaml", long_title(5_000_000)),
            0,
            &["1 source (1 outlet), 0 claims"],
        ),
        made(
            "fifty-megabytes",
            |d| write(d, "a.yaml", long_title(50 * 1024 * 1024)),
            2,
            &[
                "fifty-megabytes/a.yaml is larger than the limit of 10485760 bytes",
                "--max-file-size",
            ],
        ),
        Case {
            args: &["--max-file-size", "100"],
            ..made(
                "max-file-size-flag",
                |d| write(d, "a.yaml", VALID),
                2,
                &["max-file-size-flag/a.yaml is larger than the limit of 100 bytes"],
            )
        },
        // Bombs.
        made(
            "ten-thousand-keys",
            |d| {
                write(
                    d,
                    "a.yaml",
                    (0..10_000)
                        .map(|i| format!("k{i}: v\n"))
                        .collect::<String>(),
                )
            },
            2,
            &[
                "ten-thousand-keys/a.yaml:1:1",
                "unknown key `k0`",
                "10000 input errors",
            ],
        ),
        made(
            "nesting-flow-sequences",
            |d| write(d, "a.yaml", nested("[", "]", 100_000)),
            2,
            &[
                "nesting-flow-sequences/a.yaml:1:",
                "recursion limit exceeded",
            ],
        ),
        made(
            "nesting-flow-mappings",
            |d| write(d, "a.yaml", nested("{a: ", "}", 100_000)),
            2,
            &[
                "nesting-flow-mappings/a.yaml:1:261",
                "collections nest more than 64 levels deep",
            ],
        ),
        made(
            "nesting-block-sequences",
            |d| write(d, "a.yaml", format!("source:\n{}x\n", "- ".repeat(100_000))),
            2,
            &[
                "nesting-block-sequences/a.yaml:2:127",
                "collections nest more than 64 levels deep",
            ],
        ),
        made(
            "nesting-block-mappings",
            |d| {
                write(
                    d,
                    "a.yaml",
                    (0..2_000)
                        .map(|i| format!("{}k:\n", " ".repeat(i)))
                        .collect::<String>(),
                )
            },
            2,
            &[
                "nesting-block-mappings/a.yaml:65:66",
                "collections nest more than 64 levels deep",
            ],
        ),
        made(
            "billion-laughs",
            |d| write(d, "a.yaml", billion_laughs()),
            2,
            &[
                "billion-laughs/a.yaml:1:",
                "anchors and aliases are not allowed",
            ],
        ),
        made(
            "alias-fan-out",
            |d| {
                write(
                    d,
                    "a.yaml",
                    format!("a: &a x\nb: [{}]\n", vec!["*a"; 100_000].join(", ")),
                )
            },
            2,
            &[
                "alias-fan-out/a.yaml:1:",
                "anchors and aliases are not allowed",
            ],
        ),
        // The file system.
        made(
            "unreadable-file",
            unreadable,
            2,
            &["unreadable-file/a.yaml: cannot read", "Permission denied"],
        ),
        made(
            "symlink-loop-directory",
            |d| {
                write(d, "a.yaml", VALID);
                symlink(".", &d.join("self"));
                symlink("../symlink-loop-directory", &d.join("again"))
            },
            0,
            &["1 source (1 outlet), 1 claim"],
        ),
        made(
            "symlink-loop-file",
            |d| symlink("a.yaml", &d.join("a.yaml")),
            2,
            &[
                "symlink-loop-file/a.yaml: cannot read",
                "Too many levels of symbolic links",
            ],
        ),
        made(
            "dangling-symlink",
            |d| symlink("nowhere.yaml", &d.join("a.yaml")),
            2,
            &[
                "dangling-symlink/a.yaml: cannot read",
                "No such file or directory",
            ],
        ),
        made(
            "fifo",
            fifo,
            2,
            &["fifo/a.yaml: cannot read", "not a regular file"],
        ),
    ]
}

fn symlink(target: &str, link: &Path) {
    std::os::unix::fs::symlink(target, link).expect("make a symlink");
}

fn unreadable(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("a.yaml");
    write(dir, "a.yaml", VALID);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).expect("chmod 000");
}

fn fifo(dir: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(dir.join("a.yaml"))
        .status()
        .expect("run mkfifo");
    assert!(status.success(), "mkfifo failed");
}

/// Whether this process can read a file whatever its mode (root), so `chmod 000` proves nothing.
fn reads_anything(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = dir.join("probe");
    write(dir, "probe", "x");
    fs::set_permissions(&probe, fs::Permissions::from_mode(0o000)).expect("chmod 000");
    let readable = fs::read(&probe).is_ok();
    fs::remove_file(&probe).expect("remove the probe");
    readable
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create directory");
    for entry in fs::read_dir(from).expect("read directory") {
        let entry = entry.expect("directory entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// A scratch root holding `registry/`, `good/` and `cases/NAME/` for every case.
fn corpus() -> tempfile::TempDir {
    let root = tempfile::tempdir().expect("temp dir");
    fill(root.path());
    root
}

fn fill(root: &Path) {
    let hostile = common::crate_root().join("tests").join("hostile");
    for part in ["registry", "good", "cases"] {
        copy_tree(&hostile.join(part), &root.join(part));
    }
    for c in cases() {
        if let Setup::Made(make) = c.setup {
            let dir = root.join("cases").join(c.name);
            fs::create_dir_all(&dir).expect("create case directory");
            make(&dir);
        }
    }
}

/// Writes the corpus to `$CROSSCHECK_HOSTILE_DIR`, with `cases.tsv` (name, then the extra
/// arguments), for `scripts/hostile-limits.sh` to measure.
#[test]
#[ignore = "run by scripts/hostile-limits.sh"]
fn write_the_corpus_for_measuring() {
    let dir = std::env::var_os("CROSSCHECK_HOSTILE_DIR").expect("CROSSCHECK_HOSTILE_DIR is set");
    let root = Path::new(&dir);
    fill(root);
    let list: String = cases()
        .iter()
        .map(|c| format!("{}\t{}\n", c.name, c.args.join(" ")))
        .collect();
    write(root, "cases.tsv", list);
}

/// A hard guard against a hang; memory is capped by [`common::run_guarded`].
const TIMEOUT: Duration = Duration::from_secs(30);

/// Runs the binary in `root` under the guards; (exit code, stdout, stderr).
fn run(root: &Path, args: &[&str]) -> (i32, String, String) {
    let (run, _) = common::run_guarded(root, args, &[], TIMEOUT);
    (run.code, run.stdout, run.stderr)
}

fn skip_reason(c: &Case, root: &Path) -> Option<String> {
    if c.name == "unreadable-file" && reads_anything(root) {
        return Some("running as root, where chmod 000 does not stop reads".into());
    }
    None
}

#[test]
fn the_corpus_has_at_least_forty_cases_each_in_its_own_folder() {
    let cases = cases();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let committed = common::crate_root().join("tests/hostile/cases");
    for c in &cases {
        let exists = committed.join(c.name).is_dir();
        match c.setup {
            Setup::Committed => assert!(exists, "{} has no folder", c.name),
            Setup::Made(_) => assert!(!exists, "{} is made at test time", c.name),
        }
    }
    for entry in fs::read_dir(&committed).expect("read cases") {
        let name = entry.expect("entry").file_name();
        let name = name.to_string_lossy();
        // `PREFIX-...` cases belong to `tests/hostile_PREFIX.rs`, when there is one.
        let tests = committed.join("../..");
        if name
            .split_once('-')
            .is_some_and(|(p, _)| tests.join(format!("hostile_{p}.rs")).is_file())
        {
            continue;
        }
        assert!(
            cases.iter().any(|c| c.name == name),
            "{name} is not in the manifest"
        );
    }
}

#[test]
fn every_hostile_case_gives_its_diagnostic_and_exit_code_without_a_panic() {
    let root = corpus();
    let mut failures = Vec::new();
    for c in cases() {
        if let Some(why) = skip_reason(&c, root.path()) {
            println!("skipped {}: {why}", c.name);
            continue;
        }
        let path = format!("cases/{}", c.name);
        let mut args = vec!["check", "--color", "never", "--width", "1000"];
        args.extend(c.args);
        args.extend(["registry", &path]);
        let (code, stdout, stderr) = run(root.path(), &args);
        let panicked = stderr.contains("panicked") || code == 101;
        if panicked || code < 0 {
            failures.push(format!(
                "{}: crashed or timed out ({code}):\n{stderr}",
                c.name
            ));
            continue;
        }
        if code != c.exit {
            failures.push(format!("{}: exit {code}, expected {}", c.name, c.exit));
        }
        for piece in c.expect {
            if !stdout.contains(piece) {
                failures.push(format!("{}: `{piece}` not printed", c.name));
            }
        }
        if failures.last().is_some_and(|f| f.starts_with(c.name)) {
            let head: String = stdout.chars().take(2000).collect();
            failures.push(format!("{} printed:\n{head}", c.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_hostile_file_never_stops_the_good_files_beside_it_from_being_checked() {
    let root = corpus();
    let mut failures = Vec::new();
    for c in cases() {
        // A lowered size limit would refuse the good files too.
        if skip_reason(&c, root.path()).is_some() || !c.args.is_empty() {
            continue;
        }
        let path = format!("cases/{}", c.name);
        let args = ["check", "--format", "json", "registry", "good", &path];
        let (code, stdout, stderr) = run(root.path(), &args);
        let Ok(doc) = serde_json::from_str::<Value>(&stdout) else {
            failures.push(format!("{}: no JSON (exit {code}): {stderr}", c.name));
            continue;
        };
        let good_found = doc["findings"].as_array().into_iter().flatten().any(|f| {
            f["code"] == "age-mismatch"
                && f["claims"]
                    .as_array()
                    .is_some_and(|cs| cs.iter().any(|c| c["file"] == "good/good-one.yaml"))
        });
        if !good_found {
            failures.push(format!(
                "{}: the good files' age mismatch is missing",
                c.name
            ));
        }
        let want = if c.exit == 2 { 2 } else { 1 };
        if code != want {
            failures.push(format!(
                "{}: exit {code} beside the good files, expected {want}",
                c.name
            ));
        }
        for e in doc["load_errors"].as_array().into_iter().flatten() {
            let help = e["help"].as_str().unwrap_or("");
            if e["file"].as_str().unwrap_or("").is_empty() || help.is_empty() {
                failures.push(format!(
                    "{}: a load error without file or help: {e}",
                    c.name
                ));
            }
            if e["line"].is_null() != e["column"].is_null() {
                failures.push(format!("{}: a line without a column: {e}", c.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn all_hostile_cases_at_once_still_check_the_good_files() {
    let root = corpus();
    let mut args = vec!["check", "--format", "json", "registry", "good"];
    let paths: Vec<String> = cases()
        .iter()
        .filter(|c| c.args.is_empty() && skip_reason(c, root.path()).is_none())
        .map(|c| format!("cases/{}", c.name))
        .collect();
    args.extend(paths.iter().map(String::as_str));
    let (code, stdout, stderr) = run(root.path(), &args);
    assert_eq!(code, 2, "{stderr}");
    let doc: Value = serde_json::from_str(&stdout).expect("JSON output");
    assert!(
        doc["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["code"] == "age-mismatch"),
        "the good files are still checked"
    );
}
