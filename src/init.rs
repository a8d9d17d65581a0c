//! `crosscheck init`: a newsroom's own repository, ready to check — settings, an example
//! claims file and registry, properties and a starter rule set, the JSON Schemas its YAML
//! modelines point to, a pre-commit hook and a GitHub workflow that install the released
//! wheel, and a README for editors.
//!
//! Nothing is overwritten: every file is checked first, and if any exists, nothing is written.

use std::path::{Path, PathBuf};

use crate::load::schema;
use crate::write::write_atomically;

/// The Python package that installs the binary (PyPI), as the hook and action install it.
pub const PACKAGE: &str = "crosscheck-news";

/// This repository on GitHub, as `owner/name`: where the action and the hook definition live.
pub fn action_repository() -> &'static str {
    env!("CARGO_PKG_REPOSITORY")
        .trim_start_matches("https://github.com/")
        .trim_end_matches('/')
}

/// The templates, by the path they are written to.
const TEMPLATES: [(&str, &str); 8] = [
    (
        "crosscheck.toml",
        include_str!("../templates/newsroom/crosscheck.toml"),
    ),
    (
        "claims/README.md",
        include_str!("../templates/newsroom/claims/README.md"),
    ),
    (
        "claims/entities.yaml",
        include_str!("../templates/newsroom/claims/entities.yaml"),
    ),
    (
        "claims/river-gazette-2024-03-14.yaml",
        include_str!("../templates/newsroom/claims/river-gazette-2024-03-14.yaml"),
    ),
    (
        "rules/properties.yaml",
        include_str!("../templates/newsroom/rules/properties.yaml"),
    ),
    (
        "rules/starter.yaml",
        include_str!("../templates/newsroom/rules/starter.yaml"),
    ),
    (
        ".pre-commit-config.yaml",
        include_str!("../templates/newsroom/pre-commit-config.yaml"),
    ),
    (
        ".github/workflows/crosscheck.yml",
        include_str!("../templates/newsroom/github-workflow.yml"),
    ),
];

/// One file `init` writes: its path relative to the new repository, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFile {
    pub path: PathBuf,
    pub contents: String,
}

/// Why `init` wrote nothing, or stopped.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum InitError {
    #[error("{} already exist{}: nothing written", names(.0), if .0.len() == 1 { "s" } else { "" })]
    #[diagnostic(help(
        "crosscheck init never replaces a file: run it in a new folder, or move these files away"
    ))]
    Exists(Vec<PathBuf>),
    #[error("cannot write {path}: {reason}")]
    Write { path: PathBuf, reason: String },
}

fn names(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every file of a new repository, for this version of crosscheck.
pub fn files() -> Vec<NewFile> {
    let version = env!("CARGO_PKG_VERSION");
    let fill = |text: &str| {
        text.replace("{version}", version)
            .replace("{package}", PACKAGE)
            .replace("{action}", action_repository())
    };
    let mut files: Vec<NewFile> = TEMPLATES
        .iter()
        .map(|(path, text)| NewFile {
            path: PathBuf::from(path),
            contents: fill(text),
        })
        .collect();
    // The schemas the files' modelines name, as this version reads the files.
    for kind in schema::FILE_KINDS {
        if let Some(contents) = crate::rules::compile::schema_text(kind) {
            files.push(NewFile {
                path: PathBuf::from(format!("schemas/{kind}.schema.json")),
                contents,
            });
        }
    }
    files
}

/// Writes a new repository's files under `dir` (created if missing), or none of them if any
/// exists. Returns the files written.
pub fn init(dir: &Path) -> Result<Vec<NewFile>, InitError> {
    let files = files();
    let existing: Vec<PathBuf> = files
        .iter()
        .map(|f| dir.join(&f.path))
        .filter(|p| p.exists() || p.is_symlink())
        .collect();
    if !existing.is_empty() {
        return Err(InitError::Exists(existing));
    }
    for f in &files {
        let path = dir.join(&f.path);
        let fail = |reason: String| InitError::Write {
            path: path.clone(),
            reason,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| fail(e.to_string()))?;
        }
        write_atomically(&path, f.contents.as_bytes(), false).map_err(|e| fail(e.to_string()))?;
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placeholder_is_filled() {
        for f in files() {
            for token in ["{version}", "{package}", "{action}"] {
                assert!(
                    !f.contents.contains(token),
                    "{} holds {token}",
                    f.path.display()
                );
            }
        }
    }

    #[test]
    fn every_modeline_names_a_schema_init_writes() {
        let files = files();
        for f in &files {
            let Some(line) = f.contents.lines().next() else {
                continue;
            };
            if let Some(target) = line.strip_prefix("# yaml-language-server: $schema=") {
                let resolved = crate::load::normalise(&f.path.parent().unwrap().join(target));
                assert!(
                    files.iter().any(|g| g.path == resolved),
                    "{} names {target}",
                    f.path.display()
                );
            }
        }
    }
}
