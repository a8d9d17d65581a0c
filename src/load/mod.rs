//! Loading: find the files, read and parse each once, then validate what they say into the
//! [`Workspace`], collecting every error instead of stopping at the first.

mod article;
pub mod raw;
pub mod schema;
mod validate;
pub mod yaml;

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use marked_yaml::Node;
use rayon::prelude::*;

use crate::error::{LoadError, LoadErrorKind};
use crate::model::Workspace;
use crate::span::{FileId, Files, SourceFile};
use crate::timings::Timings;

/// Default limit on one input file's size.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct LoadOptions {
    pub max_file_size: u64,
    /// Sources' `text:` paths must stay inside this directory (default: the current one).
    pub root: Option<PathBuf>,
    /// A folder of `<source-id>.txt` article texts for sources without `text:`. The user
    /// names it on the command line, so it is trusted like any path they type.
    pub articles: Option<PathBuf>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            root: None,
            articles: None,
        }
    }
}

/// What loading produced: everything that loaded, and every error.
#[derive(Debug, Default)]
pub struct Loaded {
    pub workspace: Workspace,
    pub errors: Vec<LoadError>,
    /// How long discovering, reading and parsing, and validating took.
    pub timings: Timings,
}

fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

/// Every YAML file under the given paths, sorted, each once. Directories are walked
/// recursively; hidden entries are skipped; symlinked directories are followed once.
pub fn discover(paths: &[PathBuf], errors: &mut Vec<LoadError>) -> Vec<PathBuf> {
    let mut found = BTreeSet::new();
    let mut seen_dirs = BTreeSet::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut found, &mut seen_dirs, errors),
            Ok(_) => {
                found.insert(p.clone());
            }
            Err(e) => errors.push(
                LoadError::file(
                    &p.display().to_string(),
                    LoadErrorKind::Io {
                        path: p.display().to_string(),
                        reason: e.to_string(),
                    },
                )
                .with_help("give a claims or rules file, or a directory holding them"),
            ),
        }
    }
    found.into_iter().collect()
}

fn walk(
    dir: &Path,
    found: &mut BTreeSet<PathBuf>,
    seen: &mut BTreeSet<PathBuf>,
    errors: &mut Vec<LoadError>,
) {
    let Ok(real) = std::fs::canonicalize(dir) else {
        return;
    };
    if !seen.insert(real) {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            let path = dir.display().to_string();
            errors.push(LoadError::file(
                &path,
                LoadErrorKind::Io {
                    path: path.clone(),
                    reason: e.to_string(),
                },
            ));
            return;
        }
    };
    let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    children.sort();
    for child in children {
        if child
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'))
        {
            continue;
        }
        match std::fs::metadata(&child) {
            Ok(m) if m.is_dir() => walk(&child, found, seen, errors),
            Ok(_) if is_yaml(&child) => {
                found.insert(child);
            }
            Ok(_) => {}
            Err(e) if is_yaml(&child) => {
                let path = child.display().to_string();
                errors.push(LoadError::file(
                    &path,
                    LoadErrorKind::Io {
                        path: path.clone(),
                        reason: e.to_string(),
                    },
                ));
            }
            Err(_) => {}
        }
    }
}

/// Reads one file within the size limit, as UTF-8 without a byte-order mark.
pub fn read_file(path: &Path, opts: &LoadOptions) -> Result<String, Box<LoadError>> {
    let shown = path.display().to_string();
    let io = |e: std::io::Error| {
        LoadError::file(
            &shown,
            LoadErrorKind::Io {
                path: shown.clone(),
                reason: e.to_string(),
            },
        )
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(opts.max_file_size + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > opts.max_file_size {
        let too_large = LoadErrorKind::TooLarge {
            path: shown.clone(),
            limit: opts.max_file_size,
        };
        return Err(Box::new(LoadError::file(&shown, too_large).with_help(
            "split the file, or raise the limit with --max-file-size",
        )));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
        let (line, column) = SourceFile::new(shown.clone(), valid).position_of(at);
        let why = format!("the file is not valid UTF-8 (line {line}, column {column})");
        Box::new(
            LoadError::file(&shown, LoadErrorKind::Invalid(why))
                .with_help("save the file as UTF-8"),
        )
    })?;
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text))
}

/// A file read and found not empty, or why it was left out.
fn read_nonempty(path: &Path, opts: &LoadOptions) -> Result<SourceFile, Box<LoadError>> {
    let text = read_file(path, opts)?;
    let shown = path.display().to_string();
    if text
        .trim()
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Err(Box::new(
            LoadError::file(&shown, LoadErrorKind::Empty)
                .with_help("start the file with `source:` + `claims:`, `entities:`, `properties:` or `rules:`, or remove it"),
        ));
    }
    Ok(SourceFile::new(shown, text))
}

/// Loads every file under `paths`.
pub fn load(paths: &[PathBuf], opts: &LoadOptions) -> Loaded {
    let mut timings = Timings::default();
    let mut errors = Vec::new();
    let found = timings.time("discover", || discover(paths, &mut errors));
    // Files are read and parsed on every core; the results come back in path order, and file
    // ids are given in that order, so the output does not depend on scheduling.
    let (files, parsed) = timings.time("read+parse", || {
        let read: Vec<_> = found
            .par_iter()
            .map(|path| read_nonempty(path, opts))
            .collect();
        let mut files = Files::default();
        for r in read {
            match r {
                Ok(file) => {
                    files.add(file);
                }
                Err(e) => errors.push(*e),
            }
        }
        let parsed: Vec<_> = (0..files.len() as u32)
            .into_par_iter()
            .map(|i| (FileId(i), yaml::parse(FileId(i), files.get(FileId(i)))))
            .collect();
        let mut ok: Vec<(FileId, Node)> = Vec::with_capacity(parsed.len());
        for (id, r) in parsed {
            match r {
                Ok(node) => ok.push((id, node)),
                Err(e) => errors.push(*e),
            }
        }
        (files, ok)
    });
    let mut workspace = Workspace {
        files,
        ..Default::default()
    };
    timings.time("validate", || {
        validate::validate(&mut workspace, &parsed, &mut errors)
    });
    timings.time("read articles", || {
        article::attach(&mut workspace, opts, &mut errors)
    });
    timings.time("sort errors", || {
        errors.sort_by(|a, b| {
            (&a.path, a.span.map(|s| (s.line, s.column)))
                .cmp(&(&b.path, b.span.map(|s| (s.line, s.column))))
        });
        errors.dedup();
    });
    timings.time("free parse trees", || drop(parsed));
    Loaded {
        workspace,
        errors,
        timings,
    }
}
