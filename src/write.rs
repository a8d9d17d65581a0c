//! Writing output files safely: never over what the user has unless asked, and never half.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Why an output file was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{0} already exists; pass --force to replace it")]
    Exists(PathBuf),
    #[error("cannot write {path}: {reason}")]
    Io { path: PathBuf, reason: String },
    #[error("cannot write the {what} as YAML: {reason}; nothing written")]
    Yaml { what: &'static str, reason: String },
}

/// `value` as YAML, or why not: an empty body written in its place would pass for a file
/// with nothing in it.
pub fn to_yaml<T: serde::Serialize>(what: &'static str, value: &T) -> Result<String, WriteError> {
    serde_yaml::to_string(value).map_err(|e| WriteError::Yaml {
        what,
        reason: e.to_string(),
    })
}

/// Writes `contents` to `path` through a temporary file in the same directory, renamed into
/// place once complete, so a reader sees the old file or the new one, never a part. Refuses to
/// replace an existing file unless `force`.
pub fn write_atomically(path: &Path, contents: &[u8], force: bool) -> Result<(), WriteError> {
    let io = |e: std::io::Error| WriteError::Io {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    if !force && path.exists() {
        return Err(WriteError::Exists(path.to_path_buf()));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
    tmp.write_all(contents).map_err(io)?;
    // Temporary files are private (0600); the result should be as readable as any file the
    // user writes, or keep the permissions of the file it replaces.
    let permissions = std::fs::metadata(path)
        .map(|m| m.permissions())
        .ok()
        .or_else(default_permissions);
    if let Some(permissions) = permissions {
        tmp.as_file().set_permissions(permissions).map_err(io)?;
    }
    tmp.as_file().sync_all().map_err(io)?;
    if force {
        tmp.persist(path).map_err(|e| io(e.error))?;
    } else {
        // Another writer may have created the file since the check above.
        tmp.persist_noclobber(path)
            .map_err(|e| match e.error.kind() {
                std::io::ErrorKind::AlreadyExists => WriteError::Exists(path.to_path_buf()),
                _ => io(e.error),
            })?;
    }
    Ok(())
}

#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value serde cannot write, as a map with a key that is not a scalar would be.
    struct Unwritable;

    impl serde::Serialize for Unwritable {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("no YAML for this"))
        }
    }

    #[test]
    fn a_value_that_cannot_be_written_as_yaml_is_an_error_not_an_empty_body() {
        let err = to_yaml("baseline", &Unwritable).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot write the baseline as YAML: no YAML for this; nothing written"
        );
    }

    #[test]
    fn an_existing_file_is_kept_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.md");
        std::fs::write(&path, "the editor's notes").unwrap();
        let err = write_atomically(&path, b"new", false).unwrap_err();
        assert!(matches!(err, WriteError::Exists(_)));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "the editor's notes"
        );
        write_atomically(&path, b"new", true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_is_readable_by_others_and_a_replaced_one_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.html");
        write_atomically(&path, b"one", false).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o644);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_atomically(&path, b"two", true).unwrap();
        assert_eq!(mode(&path), 0o600);
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.md");
        std::fs::write(&path, "old").unwrap();
        // The target is a directory, so the final rename fails after the data was written.
        let blocked = dir.path().join("blocked");
        std::fs::create_dir(&blocked).unwrap();
        std::fs::write(blocked.join("inside"), "x").unwrap();
        assert!(write_atomically(&blocked, b"new", true).is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }
}
