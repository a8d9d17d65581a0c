//! The project the editor has open: where its root is, which files are its inputs, and what
//! each holds now — the editor's text for an open document, the disk's for any other.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::config::{self, Config, Flags, Origin, Settings};
use crate::error::{LoadError, LoadErrorKind};
use crate::load::{self, LoadOptions, Root};

/// The folders a project's inputs are in, as `crosscheck check` reads them by default.
const INPUT_DIRS: [&str; 2] = config::DEFAULT_PATHS;

/// The project root for a folder the editor opened: the nearest folder at or above it with a
/// `crosscheck.toml`, or with both `claims/` and `rules/`; the folder itself if none has.
pub fn find_root(start: &Path) -> PathBuf {
    start
        .ancestors()
        .find(|dir| {
            dir.join("crosscheck.toml").is_file() || INPUT_DIRS.iter().all(|d| dir.join(d).is_dir())
        })
        .unwrap_or(start)
        .to_path_buf()
}

/// The inputs of one check: every file's path and text, and the errors met finding and
/// reading them.
pub struct Inputs {
    pub files: Vec<(String, String)>,
    pub errors: Vec<LoadError>,
    pub opts: LoadOptions,
    /// The project's settings, applied to what loads as `check` applies them.
    pub settings: Settings,
}

/// The open project.
pub struct Project {
    /// The root as the editor names it (absolute): every input's path starts with it.
    pub root: PathBuf,
    guard: Root,
    opts: LoadOptions,
    /// The article folder the editor's configuration names, over the settings file's.
    articles: Option<PathBuf>,
    /// crosscheck.toml's settings, as `check` run from the root would take them.
    settings: Settings,
    /// Why crosscheck.toml cannot be used, shown on it; the defaults apply meanwhile.
    config_error: Option<LoadError>,
    /// What is read: the settings' `paths`, by default the input folders under the root, or
    /// the root when it has neither.
    paths: Vec<PathBuf>,
    /// The editor's text of each open document.
    open: HashMap<PathBuf, String>,
    /// Files found on disk, and the errors of finding them; `None` until looked for again.
    found: Option<(Vec<PathBuf>, Vec<LoadError>)>,
    /// What was read from disk, by path, until the file changes there.
    read: HashMap<PathBuf, Result<String, Box<LoadError>>>,
}

impl Project {
    pub fn new(root: PathBuf, articles: Option<PathBuf>) -> Result<Self, Box<LoadError>> {
        let guard = LoadOptions {
            root: Some(root.clone()),
            ..Default::default()
        }
        .project_root()?;
        let mut project = Self {
            guard,
            opts: LoadOptions::default(),
            articles,
            settings: Settings::new(None, Flags::default()),
            config_error: None,
            paths: Vec::new(),
            root,
            open: HashMap::new(),
            found: None,
            read: HashMap::new(),
        };
        project.configure();
        Ok(project)
    }

    /// The project's settings file.
    pub fn config_file(&self) -> PathBuf {
        self.root.join(config::FILE_NAME)
    }

    /// Reads crosscheck.toml (again): its `paths`, `exclude`, `articles`, `max-file-size` and
    /// `min-similarity` shape the editor's workspace as they shape `check`'s. A file that
    /// cannot be used is reported on itself and the defaults apply.
    fn configure(&mut self) {
        let file = self.config_file();
        self.config_error = None;
        let config = file
            .is_file()
            .then(|| Config::read(&file))
            .and_then(|read| match read {
                Ok(config) => Some(config),
                Err(e) => {
                    self.config_error = Some(config_error(&file, &e));
                    None
                }
            });
        let flags = Flags {
            articles: self.articles.clone(),
            ..Flags::default()
        };
        self.settings = Settings::new(config, flags);
        let root = &self.root;
        self.opts = LoadOptions {
            root: Some(root.clone()),
            articles: self.settings.articles.value.as_ref().map(|a| root.join(a)),
            ..self.settings.load_options()
        };
        self.paths = self
            .settings
            .paths
            .value
            .iter()
            .map(|p| load::normalise(&root.join(p)))
            .collect();
        if self.settings.paths.origin == Origin::Default {
            // Without settings, a folder that is not set up yet is still checked.
            self.paths.retain(|p| p.is_dir());
            if self.paths.is_empty() {
                self.paths.push(root.clone());
            }
        }
        self.found = None;
        self.read.clear();
    }

    /// Whether a path is one of the project's inputs (or would be, once saved): a YAML file
    /// under one of the folders read.
    pub fn covers(&self, path: &Path) -> bool {
        let yaml = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
        yaml && self.paths.iter().any(|p| path.starts_with(p)) && !self.opts.excludes(path)
    }

    pub fn open(&mut self, path: PathBuf, text: String) {
        self.open.insert(path, text);
    }

    /// The editor's text of an open document.
    pub fn text_of(&self, path: &Path) -> Option<&str> {
        self.open.get(path).map(String::as_str)
    }

    /// The editor closed a document: from now on its text is the disk's.
    pub fn close(&mut self, path: &Path) {
        self.open.remove(path);
        self.read.remove(path);
    }

    /// A file changed on disk (saved, created, deleted, or changed by another program).
    pub fn changed_on_disk(&mut self, path: &Path) {
        if path == self.config_file() {
            self.configure();
        }
        self.read.remove(path);
        self.found = None;
    }

    /// What a check reads now, sorted by path so that the outcome does not depend on the
    /// order the editor opened files in. Nothing outside the root is read: the walk and each
    /// read go through the root's guard, and an open document outside it is left out.
    pub fn inputs(&mut self) -> Inputs {
        let (found, found_errors) = self.found.take().unwrap_or_else(|| {
            let mut errors = Vec::new();
            let found = load::discover(&self.paths, &self.guard, &mut errors)
                .into_iter()
                .map(|f| f.shown)
                .filter(|p| self.paths.contains(p) || !self.opts.excludes(p))
                .collect();
            (found, errors)
        });
        let mut errors = found_errors.clone();
        errors.extend(self.config_error.clone());
        let mut texts: BTreeMap<PathBuf, String> = BTreeMap::new();
        for path in &found {
            if self.open.contains_key(path) {
                continue;
            }
            let read = self
                .read
                .entry(path.clone())
                .or_insert_with(|| load::read_file(path, &self.guard, &self.opts));
            match read {
                Ok(text) => {
                    texts.insert(path.clone(), text.clone());
                }
                Err(e) => errors.push((**e).clone()),
            }
        }
        for (path, text) in &self.open {
            if self.covers(path) && self.guard.resolve(path).is_ok() {
                texts.insert(path.clone(), text.clone());
            }
        }
        self.found = Some((found, found_errors));
        Inputs {
            files: texts
                .into_iter()
                .map(|(p, t)| (p.display().to_string(), t))
                .collect(),
            errors,
            opts: self.opts.clone(),
            settings: self.settings.clone(),
        }
    }
}

/// A settings file that cannot be used, as a load error on it; the place is in the message,
/// as the file is not one of the loaded inputs.
fn config_error(file: &Path, e: &config::ConfigError) -> LoadError {
    let place = e
        .line
        .map(|(line, column)| format!(" (line {line}, column {column})"))
        .unwrap_or_default();
    let error = LoadError::file(
        &file.display().to_string(),
        LoadErrorKind::Invalid(format!("{}{place}", e.message)),
    );
    match &e.help {
        Some(help) => error.with_help(help.clone()),
        None => error.with_help("the defaults apply until crosscheck.toml is fixed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_is_the_nearest_folder_with_claims_and_rules() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("claims/sub")).unwrap();
        std::fs::create_dir_all(dir.path().join("rules")).unwrap();
        assert_eq!(find_root(&dir.path().join("claims/sub")), dir.path());
        let bare = tempfile::tempdir().unwrap();
        assert_eq!(find_root(bare.path()), bare.path());
    }

    #[test]
    fn an_open_document_is_read_from_the_editor_and_one_outside_the_inputs_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        std::fs::create_dir_all(root.join("claims")).unwrap();
        std::fs::create_dir_all(root.join("rules")).unwrap();
        std::fs::write(root.join("claims/a.yaml"), "on: disk\n").unwrap();
        let mut project = Project::new(root.clone(), None).unwrap();
        project.open(root.join("claims/a.yaml"), "in: editor\n".into());
        project.open(root.join("notes.yaml"), "not: an input\n".into());
        let inputs = project.inputs();
        let a = root.join("claims/a.yaml").display().to_string();
        assert_eq!(inputs.files, vec![(a, "in: editor\n".to_string())]);
    }
}
