//! Loading: find the files, read and parse each once, then validate what they say into the
//! [`Workspace`], collecting every error instead of stopping at the first.

mod article;
mod bytes;
pub mod raw;
pub mod schema;
mod validate;

pub mod yaml;

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{LoadError, LoadErrorKind};
use crate::model::Workspace;
use crate::span::{Files, SourceFile};
use crate::timings::Timings;

pub use bytes::load_bytes;

/// Default limit on one input file's size.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;
/// The highest limit that can be set: places in a file are 32-bit offsets.
pub const LARGEST_FILE_SIZE: u64 = u32::MAX as u64;

#[derive(Debug, Clone)]
pub struct LoadOptions {
    pub max_file_size: u64,
    /// Sources' `text:` paths must stay inside this directory (default: the current one).
    pub root: Option<PathBuf>,
    /// A folder of `<source-id>.txt` article texts for sources without `text:`. The user
    /// names it on the command line, so it is trusted like any path they type.
    pub articles: Option<PathBuf>,
}

impl LoadOptions {
    /// The largest file read: `max_file_size`, and never more than [`LARGEST_FILE_SIZE`].
    pub fn file_size_limit(&self) -> u64 {
        self.max_file_size.min(LARGEST_FILE_SIZE)
    }
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
            let io = LoadErrorKind::Io {
                path: path.clone(),
                reason: e.to_string(),
            };
            errors.push(
                LoadError::file(&path, io).with_help("check that you may read the directory"),
            );
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
                let io = LoadErrorKind::Io {
                    path: path.clone(),
                    reason: e.to_string(),
                };
                errors.push(LoadError::file(&path, io).with_help(
                    "a symbolic link that loops or points nowhere cannot be read: fix or remove it",
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
        .with_help("check that the file exists and that you may read it")
    };
    // Opening a FIFO would wait for a writer forever: read only regular files.
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        let not_file = std::io::Error::other("not a regular file");
        return Err(Box::new(io(not_file).with_help(
            "give a YAML file: pipes, devices and sockets are not read",
        )));
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let limit = opts.file_size_limit();
    // Sized to the file, so that reading does not leave a buffer of up to twice its size.
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize + 1);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    bytes::decode(&shown, bytes, opts)
}

/// A file read and found not empty, or why it was left out.
fn read_nonempty(path: &Path, opts: &LoadOptions) -> Result<SourceFile, Box<LoadError>> {
    let text = read_file(path, opts)?;
    let shown = path.display().to_string();
    match bytes::blank(&shown, &text) {
        Some(e) => Err(Box::new(e)),
        None => Ok(SourceFile::new(shown, text)),
    }
}

/// Loads every file under `paths`.
pub fn load(paths: &[PathBuf], opts: &LoadOptions) -> Loaded {
    let mut timings = Timings::default();
    let mut errors = Vec::new();
    let found = timings.time("discover", || discover(paths, &mut errors));
    // Files are read on every core; the results come back in path order, and file ids are
    // given in that order, so the output does not depend on scheduling.
    let files = timings.time("read", || {
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
        files
    });
    finish(files, errors, opts, timings)
}

/// Parses and validates the files into the workspace, reads the articles its sources name,
/// and orders the errors by place.
fn finish(
    files: Files,
    mut errors: Vec<LoadError>,
    opts: &LoadOptions,
    mut timings: Timings,
) -> Loaded {
    let mut workspace = Workspace {
        files,
        ..Default::default()
    };
    validate::parse_and_validate(&mut workspace, &mut errors, &mut timings);
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
    Loaded {
        workspace,
        errors,
        timings,
    }
}
