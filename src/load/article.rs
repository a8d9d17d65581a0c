//! Article texts for the quote checks: a source's `text:` path, or `--articles DIR`.
//!
//! A `text:` path comes from a claims file, which anyone can change in a pull request, so it
//! is checked before anything is opened: relative to its claims file, never absolute, and
//! inside the run's root after `..` and symlinks are followed. A path that fails is a load
//! error; the file behind it is never read.

use std::path::{Component, Path, PathBuf};

use super::LoadOptions;
use crate::error::{LoadError, LoadErrorKind};
use crate::model::{Article, Workspace};

/// The directory `text:` paths must stay in, as written (made absolute) and with symlinks
/// followed: the first catches `..` escapes to files that do not exist, the second symlinks.
struct Root {
    lexical: PathBuf,
    real: PathBuf,
}

/// Reads the article of every source that names one, or has one in `--articles`.
pub fn attach(ws: &mut Workspace, opts: &LoadOptions, errors: &mut Vec<LoadError>) {
    let root = opts.root.clone().unwrap_or_else(|| PathBuf::from("."));
    let (Ok(lexical), Ok(real)) = (std::path::absolute(&root), std::fs::canonicalize(&root)) else {
        errors.push(
            LoadError::file(
                &root.display().to_string(),
                LoadErrorKind::Io {
                    path: root.display().to_string(),
                    reason: "the root directory does not exist".into(),
                },
            )
            .with_help("give an existing directory with --root"),
        );
        return;
    };
    let inside = if root == Path::new(".") {
        "the directory crosscheck runs in (or name another with --root)".to_string()
    } else {
        format!("{} (--root)", root.display())
    };
    for i in 0..ws.sources.len() {
        let source = &ws.sources[i];
        let located = match &source.text {
            Some(text) => {
                let claims_file = ws.files.path(source.span.file);
                match confine(
                    claims_file,
                    &text.value,
                    &Root {
                        lexical: normalise(&lexical),
                        real: real.clone(),
                    },
                ) {
                    Ok(path) => Some(path),
                    Err(why) => {
                        errors.push(
                            LoadError::at(text.span, claims_file, LoadErrorKind::Invalid(why))
                                .with_help(format!(
                                    "give the article's path relative to this claims file, inside {inside}"
                                )),
                        );
                        continue;
                    }
                }
            }
            None => opts
                .articles
                .as_ref()
                .map(|dir| dir.join(format!("{}.txt", source.id)))
                .filter(|p| p.is_file()),
        };
        let Some(path) = located else { continue };
        match super::read_file(&path, opts) {
            Ok(text) => {
                ws.sources[i].article = Some(Article {
                    path: path.display().to_string(),
                    text,
                })
            }
            Err(mut e) => {
                // Point at the `text:` line that named the file, where there is one.
                if let Some(text) = &ws.sources[i].text {
                    e.span = Some(text.span);
                    e.path = ws.files.path(ws.sources[i].span.file).to_string();
                }
                errors.push(*e);
            }
        }
    }
}

/// The path a `text:` value names, if it stays inside `root` (canonical); otherwise why not.
fn confine(claims_file: &str, text: &str, root: &Root) -> Result<PathBuf, String> {
    let written = Path::new(text.trim());
    if text.trim().is_empty() {
        return Err("`text:` is empty".into());
    }
    if written.has_root()
        || written
            .components()
            .any(|c| matches!(c, Component::Prefix(_)))
    {
        return Err(format!("`text:` is an absolute path ({text})"));
    }
    let base = Path::new(claims_file).parent().unwrap_or(Path::new(""));
    let joined = base.join(written);
    // Lexically first, so that an escape is refused even when the target does not exist.
    let absolute = std::path::absolute(&joined).map_err(|e| e.to_string())?;
    if !normalise(&absolute).starts_with(&root.lexical) {
        return Err(format!(
            "`text:` leads outside the directory crosscheck runs in ({text})"
        ));
    }
    let real = std::fs::canonicalize(&joined)
        .map_err(|e| format!("cannot find the article `{text}`: {e}"))?;
    if !real.starts_with(&root.real) {
        return Err(format!(
            "`text:` leads outside the directory crosscheck runs in through a symbolic link ({text})"
        ));
    }
    Ok(joined)
}

/// `a/b/../c` as `a/c`, without touching the file system.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_steps_are_folded_lexically() {
        assert_eq!(
            normalise(Path::new("/r/claims/../a/x.txt")),
            Path::new("/r/a/x.txt")
        );
        assert_eq!(normalise(Path::new("/r/../../x")), Path::new("/x"));
    }

    #[test]
    fn absolute_and_escaping_paths_are_refused_before_any_read() {
        let dir = tempfile::tempdir().unwrap();
        let real = std::fs::canonicalize(dir.path()).unwrap();
        let claims = real.join("claims/a.yaml");
        let root = Root {
            lexical: real.clone(),
            real,
        };
        let claims = claims.to_str().unwrap();
        assert!(
            confine(claims, "/etc/passwd", &root)
                .unwrap_err()
                .contains("absolute")
        );
        assert!(
            confine(claims, "../../etc/passwd", &root)
                .unwrap_err()
                .contains("outside")
        );
        assert!(
            confine(claims, "../articles/missing.txt", &root)
                .unwrap_err()
                .contains("cannot find")
        );
    }
}
