//! The steps of loading that need no file system: decoding bytes, spotting empty files, and
//! loading whole inputs held in memory (for tools, tests and the fuzz targets).

use super::{LoadOptions, Loaded, finish};
use crate::error::{LoadError, LoadErrorKind};
use crate::span::{Files, SourceFile};

/// The error for a file over the size limit.
pub(super) fn too_large(shown: &str, limit: u64) -> LoadError {
    let kind = LoadErrorKind::TooLarge {
        path: shown.to_string(),
        limit,
    };
    LoadError::file(shown, kind)
        .with_help("split the file, or raise the limit with --max-file-size")
}

/// Checks one file's bytes against the size limit and decodes them as UTF-8 without a
/// byte-order mark, each lone CR line end made a LF.
pub(super) fn decode(
    shown: &str,
    bytes: Vec<u8>,
    opts: &LoadOptions,
) -> Result<String, Box<LoadError>> {
    if bytes.len() as u64 > opts.file_size_limit() {
        return Err(Box::new(too_large(shown, opts.file_size_limit())));
    }
    let bytes = lone_cr_as_lf(bytes);
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
        let (line, column) = SourceFile::new(shown.to_string(), valid).position_of(at);
        let why = format!("the file is not valid UTF-8 (line {line}, column {column})");
        Box::new(
            LoadError::file(shown, LoadErrorKind::Invalid(why)).with_help("save the file as UTF-8"),
        )
    })?;
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    if let Some((at, c)) = forbidden(&text) {
        let (line, column) = SourceFile::new(shown.to_string(), &text[..at]).position_of(at);
        let why = format!(
            "the file holds the control character U+{:04X} (line {line}, column {column}), which YAML does not allow",
            c as u32
        );
        return Err(Box::new(
            LoadError::file(shown, LoadErrorKind::Invalid(why))
                .with_help("remove it: control characters are invisible in reports and editors"),
        ));
    }
    Ok(text)
}

/// A CR not followed by LF ends a line in YAML, as in old Mac files, but not for `str::lines`,
/// editors' line counts in reports, or a terminal, where it returns to the start of the line.
/// Made a LF, byte for byte, it keeps every offset and reads as the same YAML.
fn lone_cr_as_lf(mut bytes: Vec<u8>) -> Vec<u8> {
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    bytes
}

/// The first character YAML does not allow and where it is, found byte by byte in the UTF-8
/// (a character at a time took a tenth of loading): control characters but tab and line
/// breaks, DEL, the C1 controls but NEL (`C2 80`–`C2 9F`), U+FFFE and U+FFFF (`EF BF BE/BF`).
fn forbidden(text: &str) -> Option<(usize, char)> {
    let b = text.as_bytes();
    let at = (0..b.len()).find(|&i| match b[i] {
        b'\t' | b'\n' | b'\r' => false,
        0..=0x1F | 0x7F => true,
        0xC2 => matches!(b.get(i + 1), Some(0x80..=0x84 | 0x86..=0x9F)),
        0xEF => b.get(i + 1) == Some(&0xBF) && matches!(b.get(i + 2), Some(0xBE | 0xBF)),
        _ => false,
    })?;
    Some((at, text[at..].chars().next()?))
}

/// YAML's printable characters (YAML 1.2, `c-printable`): no control characters but tab and
/// line breaks. The definition [`forbidden`] is held to.
#[cfg(test)]
fn allowed_in_yaml(c: char) -> bool {
    !matches!(c, '\0'..='\x08' | '\x0B' | '\x0C' | '\x0E'..='\x1F' | '\x7F'..='\u{84}' | '\u{86}'..='\u{9F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// The error for a file with nothing but blank lines and comments, if it is one.
pub(super) fn blank(shown: &str, text: &str) -> Option<LoadError> {
    text.lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        .then(|| {
            LoadError::file(shown, LoadErrorKind::Empty)
                .with_help("start the file with `source:` + `claims:`, `entities:`, `properties:` or `rules:`, or remove it")
        })
}

/// Loads inputs given as (name, bytes) pairs exactly as [`super::load_before_rules`] loads
/// files.
pub fn load_bytes_before_rules(inputs: &[(&str, &[u8])], opts: &LoadOptions) -> Loaded {
    let root = match opts.project_root() {
        Ok(root) => root,
        Err(e) => return Loaded::failed(*e),
    };
    let mut errors = Vec::new();
    let mut files = Files::default();
    for (name, bytes) in inputs {
        let text = match decode(name, bytes.to_vec(), opts) {
            Ok(t) => t,
            Err(e) => {
                errors.push(*e);
                continue;
            }
        };
        if let Some(e) = blank(name, &text) {
            errors.push(e);
            continue;
        }
        files.add(SourceFile::new(name.to_string(), text));
    }
    finish(files, errors, &root, opts, Default::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_cr_ends_a_line_as_in_yaml_and_crlf_is_kept() {
        let text = decode(
            "a.yaml",
            b"# note\rsource:\r\n  id: a\r".to_vec(),
            &LoadOptions::default(),
        );
        assert_eq!(text.unwrap(), "# note\nsource:\r\n  id: a\n");
    }

    #[test]
    fn a_file_of_lone_cr_lines_is_read_with_its_line_numbers_and_is_not_empty() {
        let file = "# note\rsource:\r  id: a\r  outlet: A\r  published: 2023-02-30\rclaims: []\r";
        let loaded =
            load_bytes_before_rules(&[("a.yaml", file.as_bytes())], &LoadOptions::default());
        let e = &loaded.errors[0];
        assert_eq!(loaded.errors.len(), 1, "{:?}", loaded.errors);
        let span = e.span.expect("a place");
        assert_eq!((span.line, span.column), (5, 14), "{e}");
        assert_eq!(
            &loaded.workspace.files.get(span.file).text[span.range()],
            "2023-02-30"
        );
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let text = decode(
            "a.yaml",
            b"\xef\xbb\xbfa: 1\n".to_vec(),
            &LoadOptions::default(),
        );
        assert_eq!(text.unwrap(), "a: 1\n");
    }

    proptest::proptest! {
        #[test]
        fn bytes_find_the_first_character_yaml_forbids(s in "[\\x00-\\x{a0}\\x{fffd}-\\x{ffff}a-z]{0,30}") {
            let by_char = s.char_indices().find(|(_, c)| !allowed_in_yaml(*c));
            proptest::prop_assert_eq!(forbidden(&s), by_char);
        }
    }
}
