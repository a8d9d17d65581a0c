//! Article texts for the quote checks: a source's `text:` path, or `--articles DIR`.
//!
//! A `text:` path comes from a claims file, which anyone can change in a pull request, so it
//! is checked before anything is opened: relative to its claims file, never absolute, and
//! admitted by the project root ([`Root`]) once `..` and symlinks are followed. A source id
//! names a file in `--articles` only when it is a plain file name. An article is a text,
//! Markdown or HTML file that is not hidden: a pull request must not point the quote checks
//! at the credentials a CI step left in the checkout (`.env`, `gha-creds-1.json`), whose
//! closest passage would be shown. A path that fails is a load error; the file behind it is
//! never read.

use std::path::{Component, Path, PathBuf};

use super::{LoadOptions, Refusal, Root};
use crate::error::{LoadError, LoadErrorKind};
use crate::model::{Article, Workspace};

/// Reads the article of every source that names one, or has one in `--articles`.
pub fn attach(ws: &mut Workspace, root: &Root, opts: &LoadOptions, errors: &mut Vec<LoadError>) {
    // A folder the root refuses is said once, and nothing in it is looked for.
    let articles = opts
        .articles
        .as_ref()
        .filter(|dir| match root.resolve(dir) {
            Ok(_) => true,
            Err(why) => {
                let help = "give the folder of `<source-id>.txt` articles with --articles";
                errors.push(super::refused(&dir.display().to_string(), why, help));
                false
            }
        });
    for i in 0..ws.sources.len() {
        let source = &ws.sources[i];
        let claims_file = ws.files.path(source.span.file);
        let read = match (&source.text, articles) {
            (Some(text), _) => {
                match confine(claims_file, &text.value, root).and_then(|(shown, real)| {
                    an_article(root, &real, &text.value).map(|()| (shown, real))
                }) {
                    Ok((shown, real)) => {
                        let shown = shown.display().to_string();
                        super::read_real(&shown, &real, opts).map(|text| (shown, text))
                    }
                    Err(why) => {
                        errors.push(
                            LoadError::at(text.span, claims_file, LoadErrorKind::Invalid(why))
                                .with_help(
                                    "give the article's path relative to this claims file, inside \
                                 the project root (the directory crosscheck runs in, or --root)",
                                ),
                        );
                        continue;
                    }
                }
            }
            (None, Some(dir)) if plain_name(&source.id) => {
                let path = dir.join(format!("{}.txt", source.id));
                // Whatever is there is read or refused: a link, a pipe or a folder says so.
                if path.symlink_metadata().is_err() {
                    continue;
                }
                let shown = path.display().to_string();
                match root.resolve(&path) {
                    Ok(real) => match an_article(root, &real, &shown) {
                        Ok(()) => super::read_real(&shown, &real, opts).map(|text| (shown, text)),
                        Err(why) => {
                            errors.push(
                                LoadError::at(
                                    source.span,
                                    claims_file,
                                    LoadErrorKind::Invalid(why),
                                )
                                .with_help(ARTICLE_HELP),
                            );
                            continue;
                        }
                    },
                    Err(why) => Err(Box::new(super::refused(&shown, why, super::READ_HELP))),
                }
            }
            (None, Some(_)) => {
                let why = format!("source id `{}` cannot name a file in --articles", source.id);
                errors.push(
                    LoadError::at(source.span, claims_file, LoadErrorKind::Invalid(why)).with_help(
                        "give the source an id that is a plain file name (no `/`, `\\` or \
                             `..`), or a `text:` path",
                    ),
                );
                continue;
            }
            (None, None) => continue,
        };
        match read {
            Ok((path, text)) => ws.sources[i].article = Some(Article { path, text }),
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

/// The endings of the files read as articles.
const ARTICLE_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown", "html", "htm"];

const ARTICLE_HELP: &str =
    "keep articles as .txt, .md or .html files in a folder that is not hidden";

/// Whether the file a path really leads to may be read as an article: not hidden, in no
/// hidden folder under the root, and a text, Markdown or HTML file.
fn an_article(root: &Root, real: &Path, written: &str) -> Result<(), String> {
    let within = root.within(real).unwrap_or(real);
    if within
        .components()
        .any(|c| matches!(c, Component::Normal(n) if n.to_string_lossy().starts_with('.')))
    {
        return Err(format!(
            "`{written}` is a hidden file or lies in a hidden folder, which is never read as an article"
        ));
    }
    let ending = real
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    if !ending.is_some_and(|e| ARTICLE_EXTENSIONS.contains(&e.as_str())) {
        return Err(format!(
            "`{written}` is not read as an article: an article is a .txt, .text, .md, .markdown, \
             .html or .htm file"
        ));
    }
    Ok(())
}

/// Whether a source id is one plain file name: nothing in it can lead to another folder, or
/// act on a terminal when the file's path is shown.
fn plain_name(id: &str) -> bool {
    !matches!(id, "" | "." | "..") && !id.contains(['/', '\\']) && !id.chars().any(char::is_control)
}

/// The path a `text:` value names (as shown, and real) if the root admits it; otherwise why not.
fn confine(claims_file: &str, text: &str, root: &Root) -> Result<(PathBuf, PathBuf), String> {
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
    match root.resolve(&joined) {
        Ok(real) => Ok((joined, real)),
        Err(Refusal::Outside { link: false }) => {
            Err(format!("`text:` leads outside the project root ({text})"))
        }
        Err(Refusal::Outside { link: true }) => Err(format!(
            "`text:` leads outside the project root through a symbolic link ({text})"
        )),
        Err(Refusal::Git) => Err(format!(
            "`text:` leads into .git, which is never read ({text})"
        )),
        Err(Refusal::Io(e)) => Err(format!("cannot find the article `{text}`: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_and_escaping_paths_are_refused_before_any_read() {
        let dir = tempfile::tempdir().unwrap();
        let real = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir_all(real.join(".git")).unwrap();
        std::fs::write(real.join(".git/config"), "secret").unwrap();
        let claims = real.join("claims/a.yaml");
        let root = Root::new(&real).unwrap();
        let claims = claims.to_str().unwrap();
        let why = |text| confine(claims, text, &root).unwrap_err();
        assert!(why("/etc/passwd").contains("absolute"));
        assert!(why("../../etc/passwd").contains("outside the project root"));
        assert!(why("../.git/config").contains("into .git"));
        assert!(why("../articles/missing.txt").contains("cannot find"));
        assert!(why("  ").contains("empty"));
    }

    #[test]
    fn only_a_plain_file_name_names_an_article_in_the_articles_folder() {
        for id in ["lt-2022", "bloomberg.2023", "a..b"] {
            assert!(plain_name(id), "{id}");
        }
        for id in [
            "",
            ".",
            "..",
            "../secret",
            "a/b",
            "/etc/passwd",
            "a\\b",
            "a\0b",
        ] {
            assert!(!plain_name(id), "{id:?}");
        }
    }
}
