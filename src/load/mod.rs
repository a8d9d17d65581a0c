//! Loading: find the files, read and parse each once, then validate what they say into the
//! [`Workspace`], collecting every error instead of stopping at the first.

mod article;
mod bytes;
mod confine;
pub mod raw;
mod relative_to;
pub mod schema;
mod validate;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{LoadError, LoadErrorKind};
use crate::model::Workspace;
use crate::span::{Files, SourceFile};
use crate::timings::Timings;

pub use bytes::load_bytes_before_rules;
pub use confine::{Refusal, Root, normalise};
pub use validate::{ParsedRulesFile, declared_property};

/// Default limit on one input file's size.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;
/// The highest limit that can be set: places in a file are 32-bit offsets.
pub const LARGEST_FILE_SIZE: u64 = u32::MAX as u64;

#[derive(Debug, Clone)]
pub struct LoadOptions {
    pub max_file_size: u64,
    /// The project root: no input is read from outside it, symbolic links followed (default:
    /// the working directory).
    pub root: Option<PathBuf>,
    /// A folder of `<source-id>.txt` article texts for sources without `text:`. The user
    /// names it on the command line; its files must still lie inside the root.
    pub articles: Option<PathBuf>,
    /// Files a folder walk leaves out, matched against their path as found (a project's
    /// `exclude` in crosscheck.toml); a file named on its own is still read.
    pub exclude: Option<globset::GlobSet>,
}

impl LoadOptions {
    /// The largest file read: `max_file_size`, and never more than [`LARGEST_FILE_SIZE`].
    pub fn file_size_limit(&self) -> u64 {
        self.max_file_size.min(LARGEST_FILE_SIZE)
    }

    /// Whether a folder walk leaves this file out: `exclude` matched against its path from
    /// the project root (a root given as an absolute path, as the language server does, is
    /// taken off first).
    pub fn excludes(&self, found: &Path) -> bool {
        let Some(exclude) = &self.exclude else {
            return false;
        };
        let from_root = self
            .root
            .as_deref()
            .and_then(|root| found.strip_prefix(root).ok())
            .unwrap_or(found);
        exclude.is_match(from_root)
    }

    /// The project root, resolved; or why it cannot be one.
    pub fn project_root(&self) -> Result<Root, Box<LoadError>> {
        let dir = self.root.clone().unwrap_or_else(|| PathBuf::from("."));
        Root::new(&dir).map_err(|e| {
            let shown = dir.display().to_string();
            let io = LoadErrorKind::Io {
                path: shown.clone(),
                reason: format!("the project root must be a directory: {e}"),
            };
            Box::new(
                LoadError::file(&shown, io).with_help("give an existing directory with --root"),
            )
        })
    }
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            root: None,
            articles: None,
            exclude: None,
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
    /// The rules files as parsed, for their kinds to read (`rules::compile`): the workspace
    /// has no rules until then.
    pub rules_files: Vec<ParsedRulesFile>,
}

impl Loaded {
    /// Nothing loaded, for this reason.
    fn failed(e: LoadError) -> Self {
        Self {
            errors: vec![e],
            ..Default::default()
        }
    }
}

/// Whether a file name says YAML, in any letter case: a `.YAML` file is not skipped silently.
pub(crate) fn is_yaml(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// The load error for a path the root refuses or that cannot be resolved, named as written;
/// `io_help` is the hint for a path that cannot be resolved.
pub(crate) fn refused(shown: &str, why: Refusal, io_help: &str) -> LoadError {
    let (why, help) = match why {
        Refusal::Outside { link: true } => (
            "it leads outside the project root through a symbolic link",
            "a symbolic link that leads outside the project root is not read; pass --root to widen it",
        ),
        Refusal::Outside { link: false } => (
            "it lies outside the project root",
            "give a path inside the project root (the directory crosscheck runs in), or pass --root to widen it",
        ),
        Refusal::Git => (
            "it lies under .git",
            "files under .git are never read: keep inputs outside it",
        ),
        Refusal::Io(e) => {
            let io = LoadErrorKind::Io {
                path: shown.to_string(),
                reason: e.to_string(),
            };
            return LoadError::file(shown, io).with_help(io_help);
        }
    };
    let kind = LoadErrorKind::Refused {
        path: shown.to_string(),
        why: why.into(),
    };
    LoadError::file(shown, kind).with_help(help)
}

/// A file to read: the path as the user wrote it (joined with the walk), and where it really is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Found {
    pub shown: PathBuf,
    real: PathBuf,
}

/// Every YAML file under the given paths, sorted, each once. Directories are walked
/// recursively; hidden entries are skipped; symbolic links are followed only inside the root,
/// and a linked directory is walked once.
pub fn discover(paths: &[PathBuf], root: &Root, errors: &mut Vec<LoadError>) -> Vec<Found> {
    let mut found = BTreeMap::new();
    let mut seen_dirs = BTreeSet::new();
    for p in paths {
        let shown = p.display().to_string();
        let help = "give a claims or rules file, or a directory holding them";
        let real = match root.resolve(p) {
            Ok(real) => real,
            Err(why) => {
                errors.push(refused(&shown, why, help));
                continue;
            }
        };
        match std::fs::metadata(&real) {
            Ok(m) if m.is_dir() => walk(p, &real, root, &mut found, &mut seen_dirs, errors),
            Ok(_) => {
                found.insert(p.clone(), real);
            }
            Err(e) => errors.push(refused(&shown, Refusal::Io(e), help)),
        }
    }
    found
        .into_iter()
        .map(|(shown, real)| Found { shown, real })
        .collect()
}

/// Walks the directory shown as `dir`, whose real path is `real`.
fn walk(
    dir: &Path,
    real: &Path,
    root: &Root,
    found: &mut BTreeMap<PathBuf, PathBuf>,
    seen: &mut BTreeSet<PathBuf>,
    errors: &mut Vec<LoadError>,
) {
    if !seen.insert(real.to_path_buf()) {
        return;
    }
    let entries = match std::fs::read_dir(real) {
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
    let mut children: Vec<(PathBuf, Option<std::fs::FileType>)> = entries
        .filter_map(|e| e.ok())
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| (dir.join(e.file_name()), e.file_type().ok()))
        .collect();
    children.sort_by(|a, b| a.0.cmp(&b.0));
    for (child, kind) in children {
        let name = child.file_name().unwrap_or_default();
        // Shown as it is: every renderer shows control characters in a name as codes.
        let shown = child.display().to_string();
        // Only a symbolic link can lead elsewhere; anything else lies where the walk is.
        let target = match kind {
            Some(k) if !k.is_symlink() => Ok(real.join(name)),
            _ => root.resolve(&child),
        };
        let target = match target {
            Ok(t) => t,
            Err(why @ (Refusal::Outside { .. } | Refusal::Git)) => {
                // Said of what would have been read: a folder, or a YAML file.
                if is_yaml(&child) || std::fs::metadata(&child).is_ok_and(|m| m.is_dir()) {
                    errors.push(refused(&shown, why, ""));
                }
                continue;
            }
            Err(Refusal::Io(e)) => {
                if is_yaml(&child) {
                    errors.push(refused(
                        &shown,
                        Refusal::Io(e),
                        "a symbolic link that loops or points nowhere cannot be read: fix or remove it",
                    ));
                }
                continue;
            }
        };
        match std::fs::metadata(&target) {
            Ok(m) if m.is_dir() => walk(&child, &target, root, found, seen, errors),
            Ok(_) if is_yaml(&child) => {
                found.insert(child, target);
            }
            Ok(_) => {}
            Err(e) if is_yaml(&child) => errors.push(refused(
                &shown,
                Refusal::Io(e),
                "check that the file exists and that you may read it",
            )),
            Err(_) => {}
        }
    }
}

/// Reads one file inside the project root and within the size limit, as UTF-8 without a
/// byte-order mark.
pub fn read_file(path: &Path, root: &Root, opts: &LoadOptions) -> Result<String, Box<LoadError>> {
    let shown = path.display().to_string();
    let real = root
        .resolve(path)
        .map_err(|why| Box::new(refused(&shown, why, READ_HELP)))?;
    read_real(&shown, &real, opts)
}

pub(super) const READ_HELP: &str = "check that the file exists and that you may read it";

/// Reads a file the root has resolved: a regular file only, its size checked before it is
/// opened and again while reading (a file may grow, and `/proc` files say they are empty).
pub(super) fn read_real(
    shown: &str,
    real: &Path,
    opts: &LoadOptions,
) -> Result<String, Box<LoadError>> {
    let io = |e: std::io::Error| {
        let kind = LoadErrorKind::Io {
            path: shown.to_string(),
            reason: e.to_string(),
        };
        Box::new(LoadError::file(shown, kind).with_help(READ_HELP))
    };
    let not_file = || {
        let e = io(std::io::Error::other("not a regular file"));
        Box::new(e.with_help("give a regular file: pipes, devices and sockets are not read"))
    };
    let limit = opts.file_size_limit();
    // Opening a FIFO would wait for a writer forever, and opening a device can act on it.
    let meta = std::fs::metadata(real).map_err(io)?;
    if !meta.is_file() {
        return Err(not_file());
    }
    if meta.len() > limit {
        return Err(Box::new(bytes::too_large(shown, limit)));
    }
    let file = open(real).map_err(io)?;
    // Checked again on what was opened, in case the path changed in between.
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(not_file());
    }
    // Sized to the file, so that reading does not leave a buffer of up to twice its size.
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize + 1);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    bytes::decode(shown, bytes, opts)
}

/// Opens a file for reading without blocking on a pipe, and not through a final symbolic link
/// (the path was resolved, so one there would be new).
#[cfg(unix)]
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW)
        .open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// A file read and found not empty, or why it was left out.
fn read_nonempty(found: &Found, opts: &LoadOptions) -> Result<SourceFile, Box<LoadError>> {
    let shown = found.shown.display().to_string();
    let text = read_real(&shown, &found.real, opts)?;
    match bytes::blank(&shown, &text) {
        Some(e) => Err(Box::new(e)),
        None => Ok(SourceFile::new(shown, text)),
    }
}

/// Loads every file under `paths`, the rules files parsed but their rules not yet read
/// (`project::load` reads them too).
pub fn load_before_rules(paths: &[PathBuf], opts: &LoadOptions) -> Loaded {
    let mut timings = Timings::default();
    let root = match opts.project_root() {
        Ok(root) => root,
        Err(e) => return Loaded::failed(*e),
    };
    let mut errors = Vec::new();
    let mut found = timings.time("discover", || discover(paths, &root, &mut errors));
    found.retain(|f| paths.contains(&f.shown) || !opts.excludes(&f.shown));
    // Files are read on every core; the results come back in path order, and file ids are
    // given in that order, so the output does not depend on scheduling.
    let files = timings.time("read", || {
        let read: Vec<_> = found
            .par_iter()
            .map(|found| read_nonempty(found, opts))
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
    finish(files, errors, &root, opts, timings)
}

/// Parses and validates the files into the workspace, reads the articles its sources name,
/// and orders the errors by place.
fn finish(
    files: Files,
    mut errors: Vec<LoadError>,
    root: &Root,
    opts: &LoadOptions,
    mut timings: Timings,
) -> Loaded {
    let mut workspace = Workspace {
        files,
        ..Default::default()
    };
    let rules_files = validate::parse_and_validate(&mut workspace, &mut errors, &mut timings);
    timings.time("read articles", || {
        article::attach(&mut workspace, root, opts, &mut errors)
    });
    timings.time("sort errors", || sort_errors(&mut errors));
    Loaded {
        workspace,
        errors,
        timings,
        rules_files,
    }
}

/// Orders errors by file and place, each once; errors at one place keep the order they were
/// found in.
pub fn sort_errors(errors: &mut Vec<LoadError>) {
    errors.sort_by(|a, b| {
        (&a.path, a.span.map(|s| (s.line, s.column)))
            .cmp(&(&b.path, b.span.map(|s| (s.line, s.column))))
    });
    errors.dedup();
}
