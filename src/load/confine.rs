//! The project root: the one directory every input is read from.
//!
//! Claims, rules, registry, articles and baselines come from pull requests, which can hold
//! symbolic links and `text:` paths that lead anywhere (`claims/ext -> /`, `../.git/config`).
//! Every path is resolved here before anything is opened, and refused unless it really lies
//! under the root and outside any `.git` directory.

use std::io;
use std::path::{Component, Path, PathBuf};

/// The directory inputs must stay in, with symlinks followed (`real`, which decides) and as
/// written, made absolute (`lexical`, which tells a path that climbs out with `..` or is
/// absolute from one that leads out through a symbolic link, for the message).
#[derive(Debug, Clone)]
pub struct Root {
    lexical: PathBuf,
    real: PathBuf,
}

/// Why a path is not read.
#[derive(Debug)]
pub enum Refusal {
    /// It leads outside the root; `link` when only following symbolic links shows it.
    Outside { link: bool },
    /// It lies under a `.git` directory, which holds the repository's configuration.
    Git,
    /// It cannot be resolved: missing, a loop of links, no permission.
    Io(io::Error),
}

impl Root {
    /// The root at `dir`, which must be an existing directory.
    pub fn new(dir: &Path) -> io::Result<Self> {
        let real = std::fs::canonicalize(dir)?;
        if !real.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::NotADirectory,
                "not a directory",
            ));
        }
        Ok(Self {
            lexical: normalise(&std::path::absolute(dir)?),
            real,
        })
    }

    /// Where `path` (relative to the working directory, or absolute) really leads, if it may
    /// be read: inside the root once `..` and every symbolic link are followed, and not
    /// under `.git`.
    pub fn resolve(&self, path: &Path) -> Result<PathBuf, Refusal> {
        let absolute = std::path::absolute(path).map_err(Refusal::Io)?;
        let lexical = normalise(&absolute);
        let lexically_inside =
            lexical.starts_with(&self.lexical) || lexical.starts_with(&self.real);
        match std::fs::canonicalize(path) {
            Ok(real) => self.admit(&real, lexically_inside).map(|()| real),
            // A missing file behind a link that leads out must not tell whether it exists out
            // there: judge where the path would lead.
            Err(e) => match would_lead(&absolute, &mut { MAX_LINKS }) {
                Some(lead) => self.admit(&lead, lexically_inside).and(Err(Refusal::Io(e))),
                None => Err(Refusal::Io(e)),
            },
        }
    }

    /// A resolved path as it lies under the root, if it does.
    pub fn within<'a>(&self, real: &'a Path) -> Option<&'a Path> {
        real.strip_prefix(&self.real).ok()
    }

    /// Whether a resolved path lies inside the root and outside `.git`.
    fn admit(&self, real: &Path, lexically_inside: bool) -> Result<(), Refusal> {
        match real.strip_prefix(&self.real) {
            Err(_) => Err(Refusal::Outside {
                link: lexically_inside,
            }),
            Ok(within) if under_git(within) => Err(Refusal::Git),
            Ok(_) => Ok(()),
        }
    }
}

/// Links followed before a path counts as a loop, as Linux counts them.
const MAX_LINKS: u32 = 40;

/// Where an absolute path would lead if its missing parts existed: symbolic links followed as
/// far as they resolve, the rest taken as written; `None` after too many links (a loop).
fn would_lead(path: &Path, links: &mut u32) -> Option<PathBuf> {
    let mut at = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => at.push(c),
            Component::CurDir => {}
            Component::ParentDir => {
                at.pop();
            }
            Component::Normal(name) => {
                let next = at.join(name);
                match std::fs::read_link(&next) {
                    Ok(target) => {
                        *links = links.checked_sub(1)?;
                        at = would_lead(&at.join(target), links)?;
                    }
                    Err(_) => at = next,
                }
            }
        }
    }
    Some(at)
}

/// Whether a path has a `.git` component (in any letter case, as some file systems ignore it).
fn under_git(path: &Path) -> bool {
    path.components()
        .any(|c| matches!(c, Component::Normal(n) if n.eq_ignore_ascii_case(".git")))
}

/// `a/b/../c` as `a/c`, without touching the file system.
pub fn normalise(path: &Path) -> PathBuf {
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
    use std::fs;
    use std::os::unix::fs::symlink;

    /// A root `r/` holding `claims/a.yaml` and `.git/config`, beside `outside/secret.txt`.
    fn tree() -> (tempfile::TempDir, Root, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let base = fs::canonicalize(dir.path()).unwrap();
        let r = base.join("r");
        fs::create_dir_all(r.join("claims")).unwrap();
        fs::create_dir_all(r.join(".git")).unwrap();
        fs::create_dir_all(base.join("outside")).unwrap();
        fs::write(r.join("claims/a.yaml"), "a").unwrap();
        fs::write(r.join(".git/config"), "secret").unwrap();
        fs::write(base.join("outside/secret.txt"), "secret").unwrap();
        let root = Root::new(&r).unwrap();
        (dir, root, r)
    }

    fn outside(r: Result<PathBuf, Refusal>) -> Option<bool> {
        match r {
            Err(Refusal::Outside { link }) => Some(link),
            _ => None,
        }
    }

    #[test]
    fn parent_steps_are_folded_lexically() {
        assert_eq!(
            normalise(Path::new("/r/claims/../a/x.txt")),
            Path::new("/r/a/x.txt")
        );
        assert_eq!(normalise(Path::new("/r/../../x")), Path::new("/x"));
    }

    #[test]
    fn a_file_inside_the_root_resolves_to_its_real_path() {
        let (_d, root, r) = tree();
        assert_eq!(
            root.resolve(&r.join("claims/../claims/a.yaml")).unwrap(),
            r.join("claims/a.yaml")
        );
        symlink("a.yaml", r.join("claims/b.yaml")).unwrap();
        assert_eq!(
            root.resolve(&r.join("claims/b.yaml")).unwrap(),
            r.join("claims/a.yaml")
        );
    }

    #[test]
    fn absolute_and_climbing_paths_out_of_the_root_are_refused_whether_or_not_they_exist() {
        let (_d, root, r) = tree();
        assert_eq!(outside(root.resolve(Path::new("/etc/passwd"))), Some(false));
        assert_eq!(
            outside(root.resolve(&r.join("../outside/secret.txt"))),
            Some(false)
        );
        assert_eq!(
            outside(root.resolve(&r.join("../outside/missing.txt"))),
            Some(false)
        );
    }

    #[test]
    fn symbolic_links_out_of_the_root_are_refused_for_files_and_folders() {
        let (_d, root, r) = tree();
        symlink("/etc/passwd", r.join("claims/p.yaml")).unwrap();
        symlink("/", r.join("claims/ext")).unwrap();
        symlink("/dev/zero", r.join("claims/zero.yaml")).unwrap();
        symlink("/proc/self/environ", r.join("claims/env.yaml")).unwrap();
        for link in ["p.yaml", "ext", "ext/etc/passwd", "zero.yaml", "env.yaml"] {
            assert_eq!(
                outside(root.resolve(&r.join("claims").join(link))),
                Some(true),
                "{link}"
            );
        }
        // Whether the file exists out there is not told either.
        assert_eq!(
            outside(root.resolve(&r.join("claims/ext/no/such/file"))),
            Some(true)
        );
    }

    #[test]
    fn files_under_git_are_refused_however_they_are_reached() {
        let (_d, root, r) = tree();
        symlink("../.git/config", r.join("claims/notes.txt")).unwrap();
        for path in [
            ".git/config",
            ".GIT/config",
            "claims/notes.txt",
            ".git/missing",
        ] {
            assert!(
                matches!(root.resolve(&r.join(path)), Err(Refusal::Git)),
                "{path}"
            );
        }
    }

    #[test]
    fn a_missing_file_inside_the_root_is_an_io_error() {
        let (_d, root, r) = tree();
        assert!(matches!(
            root.resolve(&r.join("claims/missing.yaml")),
            Err(Refusal::Io(_))
        ));
    }

    #[test]
    fn a_root_given_through_a_symbolic_link_admits_paths_written_either_way() {
        let (d, _root, r) = tree();
        let link = fs::canonicalize(d.path()).unwrap().join("link");
        symlink(&r, &link).unwrap();
        let root = Root::new(&link).unwrap();
        assert!(root.resolve(&link.join("claims/a.yaml")).is_ok());
        assert!(root.resolve(&r.join("claims/a.yaml")).is_ok());
        assert!(matches!(
            root.resolve(&link.join("claims/missing.yaml")),
            Err(Refusal::Io(_))
        ));
    }
}
