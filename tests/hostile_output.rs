//! Text that acts on a terminal or a CI runner: claims, rules, the registry, a baseline and
//! file names full of terminal escapes (`\e]52;c;…\a`, `\e]8;;`, CSI), CR, NUL, bidi controls,
//! zero-width characters and workflow-command text (`::error::`, `##[group]`), run through
//! every output of the real binary under the time and memory guards of `tests/hostile.rs`.
//! None of it may survive raw: no control character but line feed and tab (and crosscheck's
//! own colour codes with `--color always`), no bidi, zero-width or other invisible character,
//! no line that starts with `::` (after white space) but crosscheck's own annotations, no `##[`.
//!
//! The committed cases are `tests/hostile/cases/output-*`: plain ASCII files, the characters
//! written as YAML escapes. Raw invisible characters, CRLF line ends and hostile file names
//! are made at test time.

mod common;

use std::fs;
use std::path::Path;
use std::time::Duration;

use serde_json::Value;

const TIMEOUT: Duration = Duration::from_secs(30);

/// A file name that is a terminal escape, a workflow command on two lines, a bidi override,
/// a zero-width space and a carriage return.
const HOSTILE_NAME: &str = "\x1b]0;t\x07::error::n\n##[group]f\u{202E}\u{200B}\r.yaml";

/// Runs the binary in `root` under the guards.
fn run(root: &Path, args: &[&str]) -> common::Run {
    let (run, _) = common::run_guarded(root, args, &[], TIMEOUT);
    assert!(
        run.code >= 0 && run.code != 101 && !run.stderr.contains("panicked"),
        "{args:?} crashed or timed out ({}):\n{}",
        run.code,
        run.stderr
    );
    run
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create directory");
    for entry in fs::read_dir(from).expect("read directory") {
        let entry = entry.expect("directory entry");
        fs::copy(entry.path(), to.join(entry.file_name())).expect("copy file");
    }
}

/// A scratch root: `escapes/` (loads cleanly: findings only), `load-errors/`, `names/` (rule
/// ids), `baseline.yaml` and `broken-baseline.yaml`.
fn workspace() -> tempfile::TempDir {
    let root = tempfile::tempdir().expect("temp dir");
    let cases = common::crate_root().join("tests/hostile/cases");
    let r = root.path();
    copy_dir(&cases.join("output-escapes"), &r.join("escapes"));
    copy_dir(&cases.join("output-load-errors"), &r.join("load-errors"));
    copy_dir(&cases.join("output-names"), &r.join("names"));
    fs::copy(
        cases.join("output-baseline/baseline.yaml"),
        r.join("baseline.yaml"),
    )
    .expect("copy the baseline");
    fs::copy(
        cases.join("output-baseline/broken.yaml"),
        r.join("broken-baseline.yaml"),
    )
    .expect("copy the broken baseline");
    // Raw invisible characters in a comment, an outlet and a plain value; `##[` and `::` in
    // a block scalar; CRLF line ends.
    let raw = "source:\n  id: raw\n  outlet: \"Raw\u{202E} outlet\"\n  published: 2023-12-06\n  title: |\n    ::error::block\n    ##[group]x\nclaims:\n  - id: motto  # \u{200B}\u{2066} ##[warning]c\n    subject: council\n    property: motto\n    value: ra\u{200B}w\u{AD}\u{2028}x\u{85}y \u{200F}\n";
    fs::write(r.join("escapes/raw.yaml"), raw.replace('\n', "\r\n")).expect("write raw.yaml");
    let third = "source:\n  id: three\n  outlet: Three\n  published: 2023-12-06\nclaims:\n  - id: motto\n    subject: council\n    property: motto\n    value: third\n";
    fs::write(r.join("escapes").join(HOSTILE_NAME), third).expect("write a hostile file name");
    fs::write(r.join("load-errors").join(HOSTILE_NAME), "source: [\n")
        .expect("write a broken file with a hostile name");
    fs::write(
        r.join("load-errors/raw-key.yaml"),
        "source:\n  id: k\n  outlet: K\n  published: 2023-12-06\n  ti\u{202E}tle\u{200B}: x\n",
    )
    .expect("write raw-key.yaml");
    root
}

/// Characters no output may hold raw: controls but line feed and tab, DEL and C1; format
/// characters (zero-width, joiners, bidi marks, embeddings, overrides, isolates, BOM, soft
/// hyphen, ...); line and paragraph separators; variation selectors, Hangul fillers and tags.
fn forbidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'..='\u{1160}'
                | '\u{17B4}'..='\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// How an output may legitimately differ from plain text.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Plain,
    /// `--color always`: crosscheck's own SGR colour codes.
    Colored,
    /// `--format github`: every line is one of crosscheck's own annotations.
    Github,
    /// The Markdown report: its own emoji icons carry a variation selector.
    Markdown,
}

/// Removes the SGR sequences (`ESC [ digits ; ... m`) of a text.
fn strip_sgr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find("\x1b[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let params = after
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(after.len());
        if after[params..].starts_with('m') {
            rest = &after[params + 1..];
        } else {
            out.push('\x1b');
            rest = &rest[at + 1..];
        }
    }
    out.push_str(rest);
    out
}

/// Checks what one output printed (stdout and stderr alike) and returns the problems.
fn problems(what: &str, text: &str, kind: Kind) -> Vec<String> {
    let text = match kind {
        Kind::Colored => strip_sgr(text),
        Kind::Markdown => text.replace("⚠\u{FE0F}", "⚠").replace("ℹ\u{FE0F}", "ℹ"),
        _ => text.to_string(),
    };
    let mut found = Vec::new();
    for (n, line) in text.split('\n').enumerate() {
        let n = n + 1;
        if let Some(c) = line.chars().find(|&c| forbidden(c)) {
            found.push(format!(
                "{what}: line {n} holds U+{:04X} raw: {line:?}",
                c as u32
            ));
        }
        if line.contains("##[") {
            found.push(format!("{what}: line {n} holds `##[`: {line:?}"));
        }
        let own = ["::error ", "::warning ", "::notice ", "::error::"];
        if line.trim_start().starts_with("::")
            && !(kind == Kind::Github && own.iter().any(|o| line.starts_with(o)))
        {
            found.push(format!(
                "{what}: line {n} starts a workflow command: {line:?}"
            ));
        }
        // A zero-width space cannot hide a link or an issue reference.
        if line.contains("://zw.example") {
            found.push(format!(
                "{what}: line {n} links https://zw.example: {line:?}"
            ));
        }
        for (at, _) in line.match_indices("#1") {
            let next = line[at + 2..].chars().next();
            if !line[..at].ends_with('&') && !next.is_some_and(char::is_alphanumeric) {
                found.push(format!("{what}: line {n} refers to issue #1: {line:?}"));
            }
        }
    }
    found
}

fn check_output(
    failures: &mut Vec<String>,
    what: &str,
    run: &common::Run,
    kind: Kind,
    exit: &[i32],
) {
    if !exit.contains(&run.code) {
        failures.push(format!(
            "{what}: exit {}, expected one of {exit:?}\n{}",
            run.code, run.stderr
        ));
    }
    failures.extend(problems(what, &run.stdout, kind));
    failures.extend(problems(
        &format!("{what} (stderr)"),
        &run.stderr,
        Kind::Plain,
    ));
}

fn assert_none(failures: Vec<String>) {
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_check_format_shows_hostile_text_inert() {
    let root = workspace();
    let mut failures = Vec::new();
    for dir in ["escapes", "load-errors", "names"] {
        // Rule ids may one day be refused as input errors: either way nothing leaks.
        let exit: &[i32] = match dir {
            "escapes" => &[1],
            "load-errors" => &[2],
            _ => &[1, 2],
        };
        for format in ["human", "json", "sarif", "junit", "github"] {
            let r = run(root.path(), &["check", dir, "--format", format]);
            let kind = if format == "github" {
                Kind::Github
            } else {
                Kind::Plain
            };
            check_output(
                &mut failures,
                &format!("check {dir} --format {format}"),
                &r,
                kind,
                exit,
            );
        }
        let r = run(root.path(), &["check", dir, "--color", "always"]);
        if !r.stdout.contains("\x1b[") {
            failures.push(format!("check {dir} --color always: no colour"));
        }
        check_output(
            &mut failures,
            &format!("check {dir} --color always"),
            &r,
            Kind::Colored,
            exit,
        );
        // Narrow: wrapping must not move a `::` to the start of a line.
        let r = run(root.path(), &["check", dir, "--width", "30"]);
        check_output(
            &mut failures,
            &format!("check {dir} --width 30"),
            &r,
            Kind::Plain,
            exit,
        );
    }
    assert_none(failures);
}

#[test]
fn hostile_text_is_shown_by_code_point_where_it_was() {
    let root = workspace();
    let human = run(root.path(), &["check", "escapes", "--width", "1000"]).stdout;
    for shown in [
        "<U+001B>]52;c;cHduZWQ=<U+0007>",
        "<U+001B>]8;;https://osc.example<U+001B>\\click",
        "<U+009B>31m <U+007F> <U+0000> <U+0085> <U+2028> <U+2029><U+000D>",
        "<U+003A>:error file=x.yaml,line=1::forged",
        "##<U+005B>error]anywhere https:<U+200B>//zw.example #<U+200B>1",
        "<U+202E><U+2066><U+2067><U+2068><U+2069><U+FE0F><U+E0041><U+3164>",
        // A raw zero-width space and bidi override in the file, in the value and its snippet.
        "Raw<U+202E> outlet, 2023-12-06: ra<U+200B>w<U+00AD><U+2028>x<U+0085>y <U+200F>",
        "value: ra<U+200B>w<U+00AD><U+2028>x<U+0085>y <U+200F>",
        // The file name, on one line.
        "escapes/<U+001B>]0;t<U+0007>::error::n<U+000A>##<U+005B>group]f<U+202E><U+200B><U+000D>.yaml:9:12",
        "help: Ask<U+202E>evil ##<U+005B>warning]help",
    ] {
        assert!(human.contains(shown), "`{shown}` not in:\n{human}");
    }
    let load = run(root.path(), &["check", "load-errors", "--width", "1000"]).stdout;
    for shown in [
        "unknown key `::error::key<U+001B>[2J ##<U+005B>group]k<U+202E>`",
        "invalid publication date `2023-13-06<U+001B>[31m ::error::d`",
        "`<U+001B>]52;c;cHduZWQ=<U+0007> ##<U+005B>error]v<U+2066>` is not an age",
        "unknown key `ti<U+202E>tle<U+200B>`",
        "load-errors/<U+001B>]0;t<U+0007>::error::n<U+000A>##<U+005B>group]f<U+202E><U+200B><U+000D>.yaml:2:1",
    ] {
        assert!(load.contains(shown), "`{shown}` not in:\n{load}");
    }
}

/// Every string in a JSON document.
fn strings<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::String(s) => out.push(s),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

#[test]
fn json_keeps_exact_values_as_escapes_and_sarif_shows_them() {
    let root = workspace();
    let json = run(root.path(), &["check", "escapes", "--format", "json"]).stdout;
    for escape in [
        "\\u001b]52;c;",
        "\\u202e",
        "\\u200b",
        "\\u0085",
        "\\u007f",
        "\\udb40\\udc41",
    ] {
        assert!(json.contains(escape), "`{escape}` not in the JSON");
    }
    assert!(json.contains("##\\u005berror]anywhere"));
    let doc: Value = serde_json::from_str(&json).expect("JSON output parses");
    let mut all = Vec::new();
    strings(&doc, &mut all);
    assert!(
        all.iter().any(|s| s.starts_with(
            "\x1b]52;c;cHduZWQ=\x07\x1b]8;;https://osc.example\x1b\\click\x1b]8;;\x1b\\ \u{9B}31m"
        ) && s
            .ends_with("\u{202E}\u{2066}\u{2067}\u{2068}\u{2069}\u{FE0F}\u{E0041}\u{3164}")),
        "the value is exact once parsed"
    );

    let sarif = run(root.path(), &["check", "escapes", "--format", "sarif"]).stdout;
    let doc: Value = serde_json::from_str(&sarif).expect("SARIF parses");
    let mut all = Vec::new();
    strings(&doc, &mut all);
    let mut failures = Vec::new();
    for s in all {
        failures.extend(problems("a SARIF string", s, Kind::Plain));
        if s.contains("://osc.example") && s.contains("&#x200B;") {
            failures.push(format!("a link in a SARIF Markdown string: {s}"));
        }
    }
    assert_none(failures);
    assert!(sarif.contains("Ask<U+202E>evil ##<U+005B>warning]help"));
}

#[test]
fn reports_written_or_printed_show_hostile_text_inert() {
    let root = workspace();
    let mut failures = Vec::new();
    for format in ["markdown", "html"] {
        let kind = if format == "markdown" {
            Kind::Markdown
        } else {
            Kind::Plain
        };
        let r = run(root.path(), &["report", "escapes", "--format", format]);
        check_output(
            &mut failures,
            &format!("report --format {format}"),
            &r,
            kind,
            &[0],
        );
        if format == "markdown" && r.stdout.contains("://") {
            failures.push("the Markdown report holds an autolinkable `://`".into());
        }
        let r = run(root.path(), &["report", "load-errors", "--format", format]);
        check_output(
            &mut failures,
            &format!("report load-errors --format {format}"),
            &r,
            kind,
            &[2],
        );
        let file = format!("report.{format}");
        let r = run(
            root.path(),
            &["report", "escapes", "--format", format, "-o", &file],
        );
        check_output(&mut failures, &format!("report -o {file}"), &r, kind, &[0]);
        let written = fs::read_to_string(root.path().join(&file)).expect("the report is written");
        failures.extend(problems(&file, &written, kind));
    }
    let md = fs::read_to_string(root.path().join("report.markdown")).expect("markdown");
    assert!(md.contains("https:&lt;U+200B&gt;//zw.example"), "{md}");
    assert_none(failures);
}

#[test]
fn a_written_baseline_is_inert_and_still_accepts_every_finding() {
    let root = workspace();
    let r = run(root.path(), &["baseline", "escapes", "-o", "accepted.yaml"]);
    let mut failures = Vec::new();
    check_output(&mut failures, "baseline -o", &r, Kind::Plain, &[0]);
    let written = fs::read_to_string(root.path().join("accepted.yaml")).expect("baseline written");
    failures.extend(problems("the written baseline", &written, Kind::Plain));
    assert!(written.contains("<U+003A>:error::custom"), "{written}");
    let r = run(
        root.path(),
        &[
            "check",
            "escapes",
            "--baseline",
            "accepted.yaml",
            "--allow-empty-reasons",
        ],
    );
    check_output(
        &mut failures,
        "check --baseline accepted.yaml",
        &r,
        Kind::Plain,
        &[0],
    );
    assert!(
        r.stdout.contains("accepted in the baseline"),
        "{}",
        r.stdout
    );
    // A hand-made baseline: its stale entry and its load error quote hostile text.
    for baseline in ["baseline.yaml", "broken-baseline.yaml"] {
        for format in ["human", "json", "sarif", "junit", "github"] {
            let r = run(
                root.path(),
                &[
                    "check",
                    "escapes",
                    "--baseline",
                    baseline,
                    "--format",
                    format,
                ],
            );
            let kind = if format == "github" {
                Kind::Github
            } else {
                Kind::Plain
            };
            let exit: &[i32] = if baseline == "baseline.yaml" {
                &[1]
            } else {
                &[2]
            };
            check_output(
                &mut failures,
                &format!("check --baseline {baseline} --format {format}"),
                &r,
                kind,
                exit,
            );
        }
    }
    assert_none(failures);
}

#[test]
fn explain_rules_and_suggestions_show_hostile_rules_inert() {
    let root = workspace();
    let mut failures = Vec::new();
    let r = run(root.path(), &["explain", "facts", "escapes"]);
    check_output(&mut failures, "explain facts", &r, Kind::Plain, &[0]);
    assert!(r.stdout.contains("Help: Ask<U+202E>evil"), "{}", r.stdout);
    for dir in ["escapes", "names"] {
        let r = run(root.path(), &["rules", dir]);
        check_output(
            &mut failures,
            &format!("rules {dir}"),
            &r,
            Kind::Plain,
            &[0],
        );
    }
    let id = "::error::rule\x1b]0;title\x07 ##[group]r\u{202E}\u{200B}";
    let r = run(root.path(), &["explain", id, "names"]);
    check_output(
        &mut failures,
        "explain a hostile rule id",
        &r,
        Kind::Plain,
        &[0, 2],
    );
    // A near miss of the hostile id: the suggestion quotes it.
    let r = run(root.path(), &["explain", "::error::rulx", "names"]);
    check_output(&mut failures, "explain a near miss", &r, Kind::Plain, &[2]);
    assert_none(failures);
}
