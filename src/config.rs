//! `crosscheck.toml`: a project's own settings, kept in its repository as ruff and Vale keep
//! theirs, so that `crosscheck check` needs no flags in a newsroom's repository, its CI or its
//! pre-commit hook.
//!
//! The file is found upward from the working directory, stopping at the top of the git
//! repository (the folder holding `.git`). Its folder is the project root: the paths it names
//! are relative to it and must stay inside it. Command-line flags override the file; the file
//! overrides the defaults. [`Settings`] records where each value came from, for
//! `crosscheck config`.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use miette::{NamedSource, SourceSpan};
use serde::Deserialize;
use toml::Spanned;

use crate::error::did_you_mean;
use crate::load::{DEFAULT_MAX_FILE_SIZE, LARGEST_FILE_SIZE, LoadOptions, normalise};
use crate::model::KindSettings;
use crate::model::{Severity, Workspace};
use crate::names::DEFAULT_MIN_SIMILARITY;
use crate::rules::names;
use crate::text_safety::visible_line;

/// The name of the settings file.
pub const FILE_NAME: &str = "crosscheck.toml";

/// A settings file larger than this is refused: it is a short list of keys.
const MAX_CONFIG_SIZE: u64 = 1024 * 1024;

/// The inputs read when neither the command line nor the file names any.
pub const DEFAULT_PATHS: [&str; 2] = ["claims", "rules"];

/// The output formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    Human,
    Json,
    /// JSON Lines: one finding per line.
    Jsonl,
    Sarif,
    Junit,
    Github,
}

/// The least severity that makes `check` exit with 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

impl FailOn {
    pub fn severity(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

/// The file as written: every key optional, none other allowed.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    paths: Option<Spanned<Vec<Spanned<String>>>>,
    exclude: Option<Spanned<Vec<Spanned<String>>>>,
    articles: Option<Spanned<String>>,
    baseline: Option<Spanned<String>>,
    fail_on: Option<Spanned<FailOn>>,
    format: Option<Spanned<Format>>,
    max_file_size: Option<Spanned<u64>>,
    min_similarity: Option<Spanned<f64>>,
}

/// The keys of [`RawConfig`], for "did you mean".
const KEYS: [&str; 8] = [
    "paths",
    "exclude",
    "articles",
    "baseline",
    "fail-on",
    "format",
    "max-file-size",
    "min-similarity",
];

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Default,
    /// The settings file, at this line.
    File {
        line: usize,
    },
    /// A command-line flag, by its name (`--format`, or `PATH` for the positional paths).
    Flag(&'static str),
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Setting<T> {
    pub value: T,
    pub origin: Origin,
}

impl<T> Setting<T> {
    fn default(value: T) -> Self {
        Self {
            value,
            origin: Origin::Default,
        }
    }
}

/// A settings file, read and checked.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file, as found (relative to the working directory where it can be).
    pub path: PathBuf,
    /// Its folder: the project root.
    pub dir: PathBuf,
    paths: Option<Setting<Vec<PathBuf>>>,
    exclude: Option<Setting<Vec<String>>>,
    exclude_set: Option<GlobSet>,
    articles: Option<Setting<PathBuf>>,
    baseline: Option<Setting<PathBuf>>,
    fail_on: Option<Setting<FailOn>>,
    format: Option<Setting<Format>>,
    max_file_size: Option<Setting<u64>>,
    min_similarity: Option<Setting<f64>>,
}

/// Why a settings file cannot be used, at its place in the file.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{message}")]
pub struct ConfigError {
    pub message: String,
    #[source_code]
    source_code: NamedSource<String>,
    #[label("{}", label.as_deref().unwrap_or_default())]
    span: Option<SourceSpan>,
    label: Option<String>,
    #[help]
    pub help: Option<String>,
    /// The file, and the line and column (1-based) of the place, if there is one.
    pub path: PathBuf,
    pub line: Option<(usize, usize)>,
}

impl ConfigError {
    /// Boxed: the error carries the file's text, and a `Result` should stay small.
    fn new(path: &Path, text: &str, span: Option<Range<usize>>, message: String) -> Box<Self> {
        let line = span.as_ref().map(|s| line_column(text, s.start));
        Box::new(Self {
            message,
            source_code: NamedSource::new(path.display().to_string(), text.to_string()),
            span: span.map(|s| SourceSpan::from(s.start..s.end.max(s.start))),
            label: None,
            help: None,
            path: path.to_path_buf(),
            line,
        })
    }

    fn labelled(mut self: Box<Self>, label: impl Into<String>) -> Box<Self> {
        self.label = Some(label.into());
        self
    }

    fn with_help(mut self: Box<Self>, help: impl Into<String>) -> Box<Self> {
        self.help = Some(help.into());
        self
    }
}

/// The 1-based line and column of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The settings file that governs `start` (an absolute folder): the nearest `crosscheck.toml`
/// in it or a folder above, up to the top of its git repository.
pub fn find(start: &Path) -> Option<PathBuf> {
    for dir in start.ancestors() {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if dir.join(".git").exists() {
            return None;
        }
    }
    None
}

impl Config {
    /// Reads and checks the settings file at `path`.
    pub fn read(path: &Path) -> Result<Config, Box<ConfigError>> {
        let io = |why: String| {
            ConfigError::new(
                path,
                "",
                None,
                format!("cannot read {}: {why}", path.display()),
            )
        };
        let meta = std::fs::metadata(path).map_err(|e| io(e.to_string()))?;
        if meta.len() > MAX_CONFIG_SIZE {
            return Err(io(format!("it is larger than {MAX_CONFIG_SIZE} bytes")));
        }
        let text = std::fs::read_to_string(path).map_err(|e| io(e.to_string()))?;
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Config::parse(path, dir, &text)
    }

    /// Checks the text of a settings file found at `path`, whose folder is `dir`.
    pub fn parse(path: &Path, dir: PathBuf, text: &str) -> Result<Config, Box<ConfigError>> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| syntax_error(path, text, &e))?;
        let at = |span: Range<usize>| Origin::File {
            line: line_column(text, span.start).0,
        };
        let inside =
            |key: &str, v: Spanned<String>| -> Result<Setting<PathBuf>, Box<ConfigError>> {
                let span = v.span();
                let path_value = PathBuf::from(v.get_ref());
                if stays_inside(&path_value) {
                    Ok(Setting {
                        origin: at(span),
                        value: path_value,
                    })
                } else {
                    Err(ConfigError::new(
                    path,
                    text,
                    Some(span),
                    format!(
                        "`{key}` leads outside the project: {}",
                        visible_line(v.get_ref())
                    ),
                )
                .labelled("not inside the folder that holds crosscheck.toml")
                .with_help(
                    "give a path relative to the folder that holds crosscheck.toml, without `..`",
                ))
                }
            };
        let paths = match raw.paths {
            Some(list) => {
                let span = list.span();
                let mut paths = Vec::new();
                for p in list.get_ref() {
                    paths.push(inside("paths", p.clone())?.value);
                }
                if paths.is_empty() {
                    return Err(ConfigError::new(path, text, Some(span), "`paths` is empty".into())
                        .labelled("no inputs")
                        .with_help("name the claims and rules folders, e.g. paths = [\"claims\", \"rules\"], or leave `paths` out for that default"));
                }
                Some(Setting {
                    origin: at(span),
                    value: paths,
                })
            }
            None => None,
        };
        let (exclude, exclude_set) = match raw.exclude {
            Some(list) => {
                let mut builder = GlobSetBuilder::new();
                let mut patterns = Vec::new();
                for pattern in list.get_ref() {
                    let glob = Glob::new(pattern.get_ref()).map_err(|e| {
                        ConfigError::new(
                            path,
                            text,
                            Some(pattern.span()),
                            format!(
                                "`exclude` holds a pattern that is not a glob: {}",
                                visible_line(&e.kind().to_string())
                            ),
                        )
                        .labelled("this pattern")
                        .with_help(
                            "write a glob relative to the project root, e.g. \"claims/drafts/**\"",
                        )
                    })?;
                    builder.add(glob);
                    patterns.push(pattern.get_ref().clone());
                }
                let set = builder.build().map_err(|e| {
                    ConfigError::new(
                        path,
                        text,
                        Some(list.span()),
                        format!("`exclude` cannot be used: {e}"),
                    )
                })?;
                (
                    Some(Setting {
                        origin: at(list.span()),
                        value: patterns,
                    }),
                    Some(set),
                )
            }
            None => (None, None),
        };
        if let Some(size) = &raw.max_file_size
            && *size.get_ref() > LARGEST_FILE_SIZE
        {
            return Err(ConfigError::new(
                path,
                text,
                Some(size.span()),
                format!("`max-file-size` is at most {LARGEST_FILE_SIZE} bytes (4 GiB - 1)"),
            )
            .labelled("out of range"));
        }
        if let Some(min) = &raw.min_similarity
            && !(0.5..=1.0).contains(min.get_ref())
        {
            return Err(ConfigError::new(
                path,
                text,
                Some(min.span()),
                "`min-similarity` must be between 0.5 and 1".into(),
            )
            .labelled("out of range")
            .with_help("0.85 is the default: lower finds more near misses, and more false ones"));
        }
        Ok(Config {
            path: path.to_path_buf(),
            dir,
            paths,
            exclude,
            exclude_set,
            articles: raw.articles.map(|a| inside("articles", a)).transpose()?,
            baseline: raw.baseline.map(|b| inside("baseline", b)).transpose()?,
            fail_on: raw.fail_on.map(|v| from_file(text, v)),
            format: raw.format.map(|v| from_file(text, v)),
            max_file_size: raw.max_file_size.map(|v| from_file(text, v)),
            min_similarity: raw.min_similarity.map(|v| from_file(text, v)),
        })
    }
}

/// A value as the file gives it, at its line.
fn from_file<T>(text: &str, v: Spanned<T>) -> Setting<T> {
    Setting {
        origin: Origin::File {
            line: line_column(text, v.span().start).0,
        },
        value: v.into_inner(),
    }
}

/// Whether a relative path stays inside the folder it is relative to, as written.
fn stays_inside(path: &Path) -> bool {
    let mut depth = 0usize;
    for c in path.components() {
        match c {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return false,
            },
            Component::RootDir | Component::Prefix(_) => return false,
        }
    }
    true
}

/// A TOML error as a diagnostic; an unknown key or value gets a "did you mean".
fn syntax_error(path: &Path, text: &str, e: &toml::de::Error) -> Box<ConfigError> {
    let span = e.span();
    let written = span
        .as_ref()
        .and_then(|s| text.get(s.clone()))
        .map(|w| w.trim_matches(|c| c == '"' || c == '\''))
        .unwrap_or_default();
    let first_line = e.message().lines().next().unwrap_or_default();
    if first_line.starts_with("unknown field") {
        let err = ConfigError::new(
            path,
            text,
            span,
            format!("unknown key `{}` in {FILE_NAME}", visible_line(written)),
        )
        .labelled("not a setting");
        let known = format!("the settings are {}", KEYS.join(", "));
        return match did_you_mean(written, KEYS) {
            Some(hint) => err.with_help(format!("{hint} ({known})")),
            None => err.with_help(known),
        };
    }
    if first_line.starts_with("unknown variant") {
        let expected = first_line
            .split_once("expected ")
            .map_or("", |(_, rest)| rest)
            .replace('`', "");
        let names: Vec<&str> = expected
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|w| !w.is_empty() && *w != "one" && *w != "of" && *w != "or")
            .collect();
        let err = ConfigError::new(
            path,
            text,
            span,
            format!(
                "`{}` is not one of {}",
                visible_line(written),
                names.join(", ")
            ),
        )
        .labelled("not a known value");
        return match did_you_mean(written, names.iter().copied()) {
            Some(hint) => err.with_help(hint),
            None => err,
        };
    }
    ConfigError::new(path, text, span, visible_line(first_line).into_owned())
        .labelled("here")
        .with_help(format!(
            "{FILE_NAME} is TOML: see docs/newsroom.md for its keys"
        ))
}

/// What the command line says, each `None` (or empty) where it is silent.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    pub paths: Vec<PathBuf>,
    pub root: Option<PathBuf>,
    pub articles: Option<PathBuf>,
    pub baseline: Option<PathBuf>,
    pub fail_on: Option<FailOn>,
    pub format: Option<Format>,
    pub max_file_size: Option<u64>,
}

impl Flags {
    /// The same flags with their paths made relative to `dir` (the project root) instead of
    /// `cwd` (where they were typed), for a run from the project root.
    pub fn rebased(mut self, cwd: &Path, dir: &Path) -> Flags {
        let rebase = |p: &mut PathBuf| *p = rebase(p, cwd, dir);
        self.paths.iter_mut().for_each(rebase);
        self.root.iter_mut().for_each(rebase);
        self.articles.iter_mut().for_each(rebase);
        self.baseline.iter_mut().for_each(rebase);
        self
    }
}

/// A path typed in `cwd`, as seen from `dir`: relative to it where it can be.
pub fn rebase(path: &Path, cwd: &Path, dir: &Path) -> PathBuf {
    let absolute = normalise(&cwd.join(path));
    match pathdiff::diff_paths(&absolute, dir) {
        Some(p) if p.as_os_str().is_empty() => PathBuf::from("."),
        Some(p) => p,
        None => absolute,
    }
}

/// The effective settings of a run: the flags over the file over the defaults. Paths are
/// relative to the project root's folder, where the command then runs.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The settings file, if one was found.
    pub file: Option<PathBuf>,
    pub root: Setting<PathBuf>,
    pub paths: Setting<Vec<PathBuf>>,
    pub exclude: Setting<Vec<String>>,
    exclude_set: Option<GlobSet>,
    pub articles: Setting<Option<PathBuf>>,
    pub baseline: Setting<Option<PathBuf>>,
    pub fail_on: Setting<FailOn>,
    pub format: Setting<Format>,
    pub max_file_size: Setting<u64>,
    /// The least similarity for a near miss of a name, for `names` rules that set none.
    pub min_similarity: Setting<f64>,
}

/// The flag's value if given, else the file's, else the default.
fn pick<T>(
    flag: Option<T>,
    name: &'static str,
    file: Option<Setting<T>>,
    default: T,
) -> Setting<T> {
    match (flag, file) {
        (Some(value), _) => Setting {
            value,
            origin: Origin::Flag(name),
        },
        (None, Some(s)) => s,
        (None, None) => Setting::default(default),
    }
}

impl Settings {
    pub fn new(config: Option<Config>, flags: Flags) -> Settings {
        let (file, c) = match config {
            Some(c) => (Some(c.path.clone()), c),
            None => (None, Config::default()),
        };
        let default_paths = DEFAULT_PATHS.iter().map(PathBuf::from).collect();
        let paths = (!flags.paths.is_empty()).then_some(flags.paths);
        let optional = |s: Option<Setting<PathBuf>>| {
            s.map(|s| Setting {
                value: Some(s.value),
                origin: s.origin,
            })
        };
        Settings {
            file,
            root: pick(flags.root, "--root", None, PathBuf::from(".")),
            paths: pick(paths, "PATH", c.paths, default_paths),
            exclude: c.exclude.unwrap_or(Setting::default(Vec::new())),
            exclude_set: c.exclude_set,
            articles: pick(
                flags.articles.map(Some),
                "--articles",
                optional(c.articles),
                None,
            ),
            baseline: pick(
                flags.baseline.map(Some),
                "--baseline",
                optional(c.baseline),
                None,
            ),
            fail_on: pick(flags.fail_on, "--fail-on", c.fail_on, FailOn::Error),
            format: pick(flags.format, "--format", c.format, Format::Human),
            max_file_size: pick(
                flags.max_file_size,
                "--max-file-size",
                c.max_file_size,
                DEFAULT_MAX_FILE_SIZE,
            ),
            min_similarity: c
                .min_similarity
                .unwrap_or(Setting::default(DEFAULT_MIN_SIMILARITY)),
        }
    }

    /// Gives the `names` rules that set no `min_similarity` the project's.
    pub fn apply(&self, ws: &mut Workspace) {
        for rule in &mut ws.rules {
            if let Some(&p) = rule.settings.get::<names::Params>()
                && !p.stated
            {
                rule.settings = KindSettings::new(names::Params {
                    min_similarity: self.min_similarity.value,
                    ..p
                });
            }
        }
    }

    /// How to load the inputs.
    pub fn load_options(&self) -> LoadOptions {
        LoadOptions {
            max_file_size: self.max_file_size.value,
            root: Some(self.root.value.clone()),
            articles: self.articles.value.clone(),
            exclude: self.exclude_set.clone(),
        }
    }

    /// The settings as TOML, each with a comment saying where it came from.
    pub fn render(&self) -> String {
        let file_shown = self.file.as_deref();
        let file_name = file_shown
            .map(|f| f.display().to_string())
            .unwrap_or_else(|| FILE_NAME.to_string());
        let origin = |o: &Origin| match o {
            Origin::Default => "default".to_string(),
            Origin::File { line } => format!("{file_name}:{line}"),
            Origin::Flag(name) => format!("flag {name}"),
        };
        let string = |s: &str| toml::Value::String(visible_line(s).into_owned()).to_string();
        let path = |p: &Path| string(&p.display().to_string());
        let list = |items: Vec<String>| format!("[{}]", items.join(", "));
        let mut out = String::new();
        match file_shown {
            Some(f) => {
                let _ = writeln!(
                    out,
                    "# settings file: {}",
                    visible_line(&f.display().to_string())
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "# no {FILE_NAME} here or above (up to the top of the git repository): defaults and flags only"
                );
            }
        }
        // An unset optional setting is shown commented out.
        let mut line = |key: &str, value: Option<String>, o: &Origin| {
            let _ = match value {
                Some(value) => writeln!(out, "{key:<15}= {value:<32} # {}", origin(o)),
                None => writeln!(out, "# {key:<13}= {:<32} # {}", "(not set)", origin(o)),
            };
        };
        line("root", Some(path(&self.root.value)), &self.root.origin);
        line(
            "paths",
            Some(list(self.paths.value.iter().map(|p| path(p)).collect())),
            &self.paths.origin,
        );
        line(
            "exclude",
            Some(list(self.exclude.value.iter().map(|p| string(p)).collect())),
            &self.exclude.origin,
        );
        for (key, s) in [("articles", &self.articles), ("baseline", &self.baseline)] {
            line(key, s.value.as_deref().map(path), &s.origin);
        }
        line(
            "fail-on",
            Some(string(&value_name(self.fail_on.value))),
            &self.fail_on.origin,
        );
        line(
            "format",
            Some(string(&value_name(self.format.value))),
            &self.format.origin,
        );
        line(
            "max-file-size",
            Some(self.max_file_size.value.to_string()),
            &self.max_file_size.origin,
        );
        line(
            "min-similarity",
            Some(self.min_similarity.value.to_string()),
            &self.min_similarity.origin,
        );
        out
    }
}

/// A value's name as the command line and the file write it.
fn value_name(v: impl clap::ValueEnum) -> String {
    v.to_possible_value()
        .map(|p| p.get_name().to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Box<ConfigError>> {
        Config::parse(Path::new(FILE_NAME), PathBuf::from("."), text)
    }

    #[test]
    fn every_key_is_read() {
        let c = parse(
            "paths = [\"claims\", \"rules\"]\nexclude = [\"claims/drafts/**\"]\narticles = \"articles\"\nbaseline = \"baseline.yaml\"\nfail-on = \"warning\"\nformat = \"json\"\nmax-file-size = 2048\nmin-similarity = 0.9\n",
        )
        .expect("valid");
        assert_eq!(KEYS.len(), 8);
        let s = Settings::new(Some(c), Flags::default());
        assert_eq!(s.fail_on.value, FailOn::Warning);
        assert_eq!(s.fail_on.origin, Origin::File { line: 5 });
        assert_eq!(s.format.value, Format::Json);
        assert_eq!(s.max_file_size.value, 2048);
        assert_eq!(s.min_similarity.value, 0.9);
        assert_eq!(s.articles.value, Some(PathBuf::from("articles")));
        assert!(
            s.load_options()
                .exclude
                .is_some_and(|e| e.is_match("claims/drafts/a.yaml"))
        );
    }

    #[test]
    fn an_unknown_key_is_an_error_with_a_suggestion() {
        let e = parse("format = \"json\"\nfail_on = \"warning\"\n").unwrap_err();
        assert_eq!(e.message, "unknown key `fail_on` in crosscheck.toml");
        assert_eq!(e.line, Some((2, 1)));
        assert!(
            e.help
                .as_deref()
                .unwrap()
                .starts_with("did you mean `fail-on`?")
        );
    }

    #[test]
    fn an_unknown_value_is_an_error_with_a_suggestion() {
        let e = parse("format = \"jsn\"\n").unwrap_err();
        assert_eq!(e.line, Some((1, 10)));
        assert_eq!(e.help.as_deref(), Some("did you mean `json`?"));
    }

    #[test]
    fn paths_that_leave_the_project_are_refused() {
        for bad in ["\"../elsewhere\"", "\"/etc\"", "\"claims/../../x\""] {
            let e = parse(&format!("articles = {bad}\n")).unwrap_err();
            assert!(e.message.contains("leads outside the project"), "{bad}");
        }
        assert!(parse("articles = \"texts/../articles\"\n").is_ok());
    }

    #[test]
    fn flags_override_the_file_and_the_file_overrides_defaults() {
        let c = parse("format = \"json\"\nfail-on = \"info\"\n").unwrap();
        let flags = Flags {
            format: Some(Format::Sarif),
            ..Flags::default()
        };
        let s = Settings::new(Some(c), flags);
        assert_eq!(s.format.value, Format::Sarif);
        assert_eq!(s.format.origin, Origin::Flag("--format"));
        assert_eq!(s.fail_on.origin, Origin::File { line: 2 });
        assert_eq!(s.max_file_size.origin, Origin::Default);
    }

    #[test]
    fn flag_paths_are_rebased_onto_the_project_root() {
        let flags = Flags {
            paths: vec![PathBuf::from("a.yaml")],
            baseline: Some(PathBuf::from("../b.yaml")),
            ..Flags::default()
        }
        .rebased(Path::new("/p/claims"), Path::new("/p"));
        assert_eq!(flags.paths, vec![PathBuf::from("claims/a.yaml")]);
        assert_eq!(flags.baseline, Some(PathBuf::from("b.yaml")));
    }
}
