//! Every relative link in README.md, CONTRIBUTING.md and docs/*.md leads to a file that exists
//! and, for `file.md#anchor`, to a heading of that file (GitHub's anchor slugs). External links
//! are not fetched.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn markdown_files() -> Vec<PathBuf> {
    let mut files = vec![root().join("README.md"), root().join("CONTRIBUTING.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

/// The lines outside fenced code blocks; inline code spans are removed, or with `keep_code`
/// only their backticks.
fn prose(text: &str, keep_code: bool) -> Vec<String> {
    let mut in_code = false;
    let mut lines = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        let mut out = String::new();
        for (i, part) in line.split('`').enumerate() {
            if i % 2 == 0 || keep_code {
                out.push_str(part);
            }
        }
        lines.push(out);
    }
    lines
}

/// GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens; a
/// repeated heading gets `-1`, `-2`, ...
fn anchors(text: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    for line in prose(text, true) {
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if !(1..=6).contains(&hashes) || !line[hashes..].starts_with(' ') {
            continue;
        }
        let title = link_texts(line[hashes..].trim());
        let slug: String = title
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        let mut unique = slug.clone();
        let mut n = 0;
        while seen.contains(&unique) {
            n += 1;
            unique = format!("{slug}-{n}");
        }
        seen.insert(unique);
    }
    seen
}

/// A heading's text with `[text](target)` written as `text`.
fn link_texts(line: &str) -> String {
    let mut out = line.to_string();
    while let Some((text, _, start, end)) = next_link(&out, 0) {
        out.replace_range(start..end, &text);
    }
    out
}

/// The next inline link at or after `from`: its text, target and byte range.
fn next_link(line: &str, from: usize) -> Option<(String, String, usize, usize)> {
    let mid = from + line[from..].find("](")?;
    let start = line[..mid].rfind('[')?;
    let close = mid + 2 + line[mid + 2..].find(')')?;
    let target = line[mid + 2..close].split_whitespace().next().unwrap_or("");
    Some((
        line[start + 1..mid].to_string(),
        target.to_string(),
        start,
        close + 1,
    ))
}

/// Every link target of a file: inline links and reference definitions (`[x]: target`).
fn targets(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in prose(text, false) {
        let mut from = 0;
        while let Some((_, target, _, end)) = next_link(&line, from) {
            out.push(target);
            from = end;
        }
        let t = line.trim_start();
        if t.starts_with('[')
            && let Some((_, rest)) = t.split_once("]: ")
        {
            out.push(rest.split_whitespace().next().unwrap_or("").to_string());
        }
    }
    out
}

fn broken_links(file: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(file).unwrap();
    let dir = file.parent().unwrap();
    let mut broken = Vec::new();
    for target in targets(&text) {
        if target.contains("://") || target.starts_with("mailto:") {
            continue;
        }
        let (path, anchor) = match target.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (target.as_str(), None),
        };
        let resolved = if path.is_empty() {
            file.to_path_buf()
        } else {
            dir.join(path)
        };
        if !resolved.exists() {
            broken.push(format!("{target}: no such file"));
            continue;
        }
        if let Some(anchor) = anchor
            && resolved.extension().is_some_and(|e| e == "md")
            && !anchors(&std::fs::read_to_string(&resolved).unwrap()).contains(anchor)
        {
            broken.push(format!("{target}: no heading with this anchor"));
        }
    }
    broken
}

#[test]
fn every_relative_link_in_the_readme_and_docs_resolves() {
    let mut report = Vec::new();
    for file in markdown_files() {
        let name = file.strip_prefix(root()).unwrap().display().to_string();
        for b in broken_links(&file) {
            report.push(format!("{name}: {b}"));
        }
    }
    assert!(report.is_empty(), "broken links:\n{}", report.join("\n"));
}

#[test]
fn anchors_follow_githubs_slugs() {
    let a = anchors(
        "# The source's language\n## 3.1 Generic words (`types:`)\n## Again\n## Again\n\
         ```\n# not a heading\n```\n### See [formats](formats.md)\n",
    );
    let want: BTreeSet<String> = [
        "the-sources-language",
        "31-generic-words-types",
        "again",
        "again-1",
        "see-formats",
    ]
    .map(String::from)
    .into();
    assert_eq!(a, want);
}

#[test]
fn a_link_to_a_missing_file_or_heading_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.md");
    std::fs::write(dir.path().join("b.md"), "# Here\n").unwrap();
    std::fs::write(
        &file,
        "[ok](b.md#here) [gone](c.md) [bad](b.md#there) `[code](x.md)` [web](https://x.org/y)\n",
    )
    .unwrap();
    assert_eq!(
        broken_links(&file),
        [
            "c.md: no such file",
            "b.md#there: no heading with this anchor"
        ]
    );
}
