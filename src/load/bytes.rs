//! The steps of loading that need no file system: decoding bytes, spotting empty files, and
//! loading whole inputs held in memory (for tools, tests and the fuzz targets).

use super::{LoadOptions, Loaded, finish};
use crate::error::{LoadError, LoadErrorKind};
use crate::span::{Files, SourceFile};

/// Checks one file's bytes against the size limit and decodes them as UTF-8 without a
/// byte-order mark.
pub(super) fn decode(
    shown: &str,
    bytes: Vec<u8>,
    opts: &LoadOptions,
) -> Result<String, Box<LoadError>> {
    if bytes.len() as u64 > opts.file_size_limit() {
        let too_large = LoadErrorKind::TooLarge {
            path: shown.to_string(),
            limit: opts.file_size_limit(),
        };
        return Err(Box::new(LoadError::file(shown, too_large).with_help(
            "split the file, or raise the limit with --max-file-size",
        )));
    }
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

/// Loads inputs given as (name, bytes) pairs exactly as [`super::load`] loads files.
pub fn load_bytes(inputs: &[(&str, &[u8])], opts: &LoadOptions) -> Loaded {
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
    finish(files, errors, opts, Default::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn bytes_find_the_first_character_yaml_forbids(s in "[\\x00-\\x{a0}\\x{fffd}-\\x{ffff}a-z]{0,30}") {
            let by_char = s.char_indices().find(|(_, c)| !allowed_in_yaml(*c));
            proptest::prop_assert_eq!(forbidden(&s), by_char);
        }
    }
}
