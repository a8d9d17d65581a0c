//! A write that dies midway leaves the old file as it was. The process is killed while it
//! writes: `prlimit --fsize` makes the kernel send SIGXFSZ, whose default action ends the
//! process, the moment a write goes past the limit, which is deterministic where a timed
//! SIGKILL would not be.

mod common;

use std::fs;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;

const OLD: &str = "the editor's notes, which must survive\n";

/// Runs `crosscheck ARGS` in `dir` with files limited to `limit` bytes.
fn run_limited(dir: &Path, limit: u64, args: &[&str]) -> std::process::Output {
    let root = common::crate_root();
    std::process::Command::new("prlimit")
        .arg(format!("--fsize={limit}"))
        .arg("--")
        .arg(assert_cmd::cargo::cargo_bin("crosscheck"))
        .args(args)
        // The inputs are the crate's, outside the run folder: the crate is the project root.
        .arg("--root")
        .arg(&root)
        .arg(root.join("claims"))
        .arg(root.join("rules"))
        .current_dir(dir)
        .output()
        .expect("run crosscheck under prlimit")
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn killed_midway_keeps_the_old_file(command: &str, format: &[&str]) {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("out.file");
    fs::write(&target, OLD).expect("write the old file");
    let mut args = vec![command];
    args.extend(format);
    args.extend(["--force", "-o", "out.file"]);

    // The whole output (3.7 KB for the baseline, more for the report) is larger than 2 KiB;
    // the limit stops it partway.
    let out = run_limited(dir.path(), 2048, &args);
    assert_eq!(
        out.status.signal(),
        Some(25),
        "killed by SIGXFSZ while writing: {out:?}"
    );
    assert_eq!(
        fs::read_to_string(&target).expect("read"),
        OLD,
        "old file intact"
    );
    // Only a hidden temporary file may be left beside it, which the loader never reads.
    for name in names(dir.path()) {
        assert!(name == "out.file" || name.starts_with('.'), "stray {name}");
    }

    // The same command with room to write replaces the file whole.
    let out = run_limited(dir.path(), 64 * 1024 * 1024, &args);
    assert!(out.status.success(), "{out:?}");
    let new = fs::read_to_string(&target).expect("read");
    assert_ne!(new, OLD);
    assert!(new.len() > 2048);
}

#[test]
fn a_report_write_killed_midway_leaves_the_old_file_intact() {
    killed_midway_keeps_the_old_file("report", &["--format", "html"]);
}

#[test]
fn a_baseline_write_killed_midway_leaves_the_old_file_intact() {
    killed_midway_keeps_the_old_file("baseline", &[]);
}
