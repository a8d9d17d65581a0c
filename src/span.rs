//! Where a piece of input came from: the file, and the line and column in it.

use std::sync::Arc;

/// Index of a loaded file in [`Files`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A place in an input file. Lines and columns are 1-based and count characters,
/// as editors show them; `offset` and `len` are bytes, for underlining. Every claim holds
/// several, so they are 32-bit: the loader refuses files too large for that.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub file: FileId,
    pub line: u32,
    pub column: u32,
    pub offset: u32,
    pub len: u32,
}

impl Span {
    /// The bytes it covers in its file's text.
    pub fn range(&self) -> std::ops::Range<usize> {
        let start = self.offset as usize;
        start..start + self.len as usize
    }
}

/// A value together with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Self { value, span }
    }
}

/// One input file as read from disk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as given on the command line, joined with the walk.
    pub path: String,
    /// Shared with the diagnostics that show it; an `Arc<String>` and not an `Arc<str>`, so
    /// that the text read is kept and not copied.
    pub text: Arc<String>,
    /// Where each line starts: 32-bit, as the loader keeps files below 4 GiB.
    line_starts: Vec<u32>,
    /// For each line longer than [`LONG_LINE`] bytes, by its 0-based number: the offset from
    /// the line's start of every [`MARK_EVERY`]th character. A 1 MB flow sequence on one line
    /// has a node every few bytes; counting characters from the line's start for each made
    /// reading it quadratic.
    marks: Vec<(u32, Box<[u32]>)>,
}

/// Lines up to this many bytes are counted through; longer ones are marked.
const LONG_LINE: usize = 1024;
/// Characters between two marks of a long line.
const MARK_EVERY: usize = 64;

impl SourceFile {
    pub fn new(path: String, text: impl Into<String>) -> Self {
        let text = Arc::new(text.into());
        let lines = text.bytes().filter(|&b| b == b'\n').count();
        let mut line_starts = Vec::with_capacity(lines + 1);
        line_starts.push(0);
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i as u32 + 1));
        let mut marks = Vec::new();
        for (n, &start) in line_starts.iter().enumerate() {
            let end = line_starts.get(n + 1).map_or(text.len(), |&e| e as usize);
            if end - start as usize > LONG_LINE {
                let line = &text[start as usize..end];
                let every: Box<[u32]> = line
                    .char_indices()
                    .step_by(MARK_EVERY)
                    .map(|(i, _)| i as u32)
                    .collect();
                marks.push((n as u32, every));
            }
        }
        Self {
            path,
            text,
            line_starts,
            marks,
        }
    }

    /// The marks of a long line (0-based), if it is one.
    fn marks_of(&self, line: usize) -> Option<&[u32]> {
        let i = self
            .marks
            .binary_search_by_key(&(line as u32), |(l, _)| *l)
            .ok()?;
        Some(&self.marks[i].1)
    }

    /// Byte offset of a 1-based (line, character column) position, clamped to the text.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let Some(start) = self
            .line_starts
            .get(line.saturating_sub(1))
            .map(|&s| s as usize)
        else {
            return self.text.len();
        };
        let mut n = column.saturating_sub(1);
        // A long line: from the last mark at or before the column.
        let start = match self.marks_of(line.saturating_sub(1)) {
            Some(marks) => {
                let k = (n / MARK_EVERY).min(marks.len() - 1);
                n -= k * MARK_EVERY;
                start + marks[k] as usize
            }
            None => start,
        };
        let rest = &self.text[start..];
        // Characters are bytes in ASCII, which is most of what is written in YAML files.
        if rest.as_bytes().get(..n).is_some_and(<[u8]>::is_ascii) {
            return start + n;
        }
        let within = rest.char_indices().nth(n).map_or(rest.len(), |(i, _)| i);
        start + within
    }

    /// 1-based (line, column) of a byte offset.
    pub fn position_of(&self, offset: usize) -> (u32, u32) {
        let line = self
            .line_starts
            .partition_point(|&s| s as usize <= offset)
            .max(1);
        let mut start = self.line_starts[line - 1] as usize;
        let offset = offset.min(self.text.len()).max(start);
        let mut before = 0;
        if let Some(marks) = self.marks_of(line - 1) {
            let k = marks.partition_point(|&m| m as usize <= offset - start) - 1;
            before = k * MARK_EVERY;
            start += marks[k] as usize;
        }
        let column = before + self.text[start..offset].chars().count() + 1;
        (line as u32, column as u32)
    }

    /// A span starting at a 1-based (line, column), covering the token written there.
    pub fn span_at(&self, file: FileId, line: usize, column: usize) -> Span {
        let offset = self.offset_of(line, column);
        Span {
            file,
            line: line as u32,
            column: column as u32,
            // Files are at most [`crate::load::LARGEST_FILE_SIZE`] bytes.
            offset: offset as u32,
            len: capped(&self.text[offset..], token_len(&self.text[offset..])) as u32,
        }
    }
}

/// Underlines stay readable: at most 120 bytes, cut at a character boundary.
fn capped(rest: &str, len: usize) -> usize {
    let mut len = len.min(120);
    while !rest.is_char_boundary(len) {
        len -= 1;
    }
    len
}

/// How far along its line a token's end is looked for, in bytes.
const TOKEN_WINDOW: usize = 128;

/// Length in bytes of the YAML scalar token at the start of `rest`: a quoted string up to its
/// closing quote, or a plain scalar up to a comment or the end of the line.
fn token_len(rest: &str) -> usize {
    // Underlines are capped: looking further than this along a long line only costs time.
    let mut window = rest.len().min(TOKEN_WINDOW);
    while !rest.is_char_boundary(window) {
        window -= 1;
    }
    let window = &rest[..window];
    // One pass over the bytes: every byte looked for is ASCII, so it cannot be inside a
    // character.
    let line = &window[..window
        .bytes()
        .position(|b| b == b'\n' || b == b'\r')
        .unwrap_or(window.len())];
    let bytes = line.as_bytes();
    match bytes.first() {
        Some(&q @ (b'"' | b'\'')) => {
            let mut escaped = false;
            for (i, &c) in bytes.iter().enumerate().skip(1) {
                if c == q && !escaped {
                    return i + 1;
                }
                escaped = q == b'"' && c == b'\\' && !escaped;
            }
            line.len()
        }
        Some(_) => {
            // A plain scalar ends before a comment, and in a flow collection at its closing
            // bracket.
            let end = (0..bytes.len())
                .find(|&i| {
                    matches!(bytes[i], b']' | b'}')
                        || (bytes[i] == b' ' && bytes.get(i + 1) == Some(&b'#'))
                })
                .unwrap_or(line.len());
            line[..end].trim_end().len().max(1)
        }
        None => 0,
    }
}

/// All files of one run, addressed by [`FileId`].
#[derive(Debug, Default, Clone)]
pub struct Files {
    files: Vec<SourceFile>,
}

impl Files {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId((self.files.len() - 1) as u32)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn path(&self, id: FileId) -> &str {
        &self.get(id).path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_characters_not_bytes() {
        let f = SourceFile::new("a.yaml".into(), "a: 1\nname: Pérez Ñ\n");
        let off = f.offset_of(2, 13);
        assert_eq!(&f.text[off..], "Ñ\n");
        assert_eq!(f.position_of(off), (2, 13));
    }

    #[test]
    fn places_on_a_long_line_are_found_from_its_marks() {
        let line = format!("k: [{}]", "é, ".repeat(3_000));
        let f = SourceFile::new("a.yaml".into(), format!("a: 1\n{line}\nb: 2\n"));
        for column in [1, 5, 64, 65, 129, 4_000, 9_004] {
            let off = f.offset_of(2, column);
            let expected = 5 + line
                .char_indices()
                .nth(column - 1)
                .map_or(line.len(), |c| c.0);
            assert_eq!(off, expected, "column {column}");
            assert_eq!(f.position_of(off), (2, column as u32));
        }
        assert_eq!(f.offset_of(3, 1), 5 + line.len() + 1);
    }

    #[test]
    fn token_length_covers_quoted_and_plain_scalars() {
        assert_eq!(token_len("\"a \\\" b\" # c"), 8);
        assert_eq!(token_len("Pablo Kuczynski  # note\n"), 15);
        assert_eq!(token_len("85\n"), 2);
    }
}
