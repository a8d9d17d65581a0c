//! Extracts each rule kind's documentation, the `//!` lines that open its file under
//! `src/rules/`, into `OUT_DIR`, so that the binary holds that text and not the whole source
//! (see `kind_doc!` in src/rules/mod.rs).

use std::path::Path;
use std::{env, fs};

const RULES: &str = "src/rules";

fn main() {
    println!("cargo:rerun-if-changed={RULES}");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("kind-docs");
    extract(Path::new(RULES), &out);
}

/// Writes the doc of every `.rs` file under `dir` to the same relative path under `out`.
fn extract(dir: &Path, out: &Path) {
    fs::create_dir_all(out).expect("OUT_DIR is writable");
    for entry in fs::read_dir(dir).expect("src/rules is readable") {
        let path = entry.expect("src/rules is readable").path();
        let name = path.file_name().expect("a directory entry has a name");
        if path.is_dir() {
            extract(&path, &out.join(name));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let source = fs::read_to_string(&path).expect("a rule file is UTF-8");
            fs::write(out.join(name), module_doc(&source)).expect("OUT_DIR is writable");
        }
    }
}

/// The leading `//!` lines without their markers (and one space after them), joined by line
/// feeds.
fn module_doc(source: &str) -> String {
    source
        .lines()
        .take_while(|l| l.starts_with("//!"))
        .map(|l| {
            let text = &l["//!".len()..];
            text.strip_prefix(' ').unwrap_or(text)
        })
        .collect::<Vec<_>>()
        .join("\n")
}
