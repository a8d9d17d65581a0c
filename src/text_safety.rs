//! Text from the inputs made safe to show: on a terminal, in a CI log, in a report.
//!
//! Claims, rules, the registry, baselines and file names come from untrusted pull requests,
//! and YAML escapes (`"\e]52;c;…\a"`) put any character into a value. Every renderer passes
//! such text through [`visible`] (or [`visible_line`] for a name, an id or a path), which
//!
//! - shows as `<U+XXXX>` every character that is invisible or acts on what displays it:
//!   control characters (C0 but line feed and tab, DEL, C1); format characters (Unicode
//!   category Cf: zero-width space, joiners, bidirectional marks, embeddings, overrides and
//!   isolates, the byte-order mark, the soft hyphen, ...); the line and paragraph separators;
//!   the other default-ignorable code points (variation selectors, Hangul fillers, tag
//!   characters, ...); and unassigned code points (Unicode 16);
//! - breaks GitHub workflow commands, which the runner reads from any line of a job log:
//!   a `[` after `##` becomes `<U+005B>` (`##[command]` acts anywhere in a line), and a `:`
//!   that starts a line, after white space only, and is followed by another `:` becomes
//!   `<U+003A>` (`::command::` acts there).
//!
//! Showing beats dropping: dropped, a zero-width space in `https:\u{200B}//x` would leave a
//! live link, and a reader would not see that the value holds something odd. Nothing else
//! changes, and the result is its own fixed point: `visible(visible(s)) == visible(s)`.
//!
//! Variation selectors are shown too, even in emoji (`⚠<U+FE0F>`): they carry hidden
//! payloads, and claims have little use for emoji.

use std::borrow::Cow;
use std::fmt::Write;

use unicode_general_category::{GeneralCategory, get_general_category};

/// Whether a character is shown as `<U+XXXX>` (line feed and tab included: the callers decide
/// where those are kept).
pub fn is_hidden(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_control();
    }
    matches!(
        get_general_category(c),
        GeneralCategory::Control
            | GeneralCategory::Format
            | GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator
            | GeneralCategory::Surrogate
            | GeneralCategory::Unassigned
    ) || matches!(
        // The default-ignorable code points that are not format characters.
        c,
        '\u{034F}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FFA0}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// Text safe to show, line breaks kept: see the module documentation.
pub fn visible(s: &str) -> Cow<'_, str> {
    neutralise(s, Mode::Text)
}

/// Like [`visible`], for text that must stay on one line: a line feed is shown too.
pub fn visible_line(s: &str) -> Cow<'_, str> {
    neutralise(s, Mode::Line)
}

/// Like [`visible`], for output crosscheck coloured itself: its SGR colour sequences
/// (`ESC [ digits ; ... m`) are kept. Text from the inputs has been through [`visible`]
/// before, so any escape character left is crosscheck's own.
pub fn visible_styled(s: &str) -> Cow<'_, str> {
    neutralise(s, Mode::Styled)
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Line,
    Text,
    Styled,
}

/// Calls `shown(at, c)` for each character of `s` that [`visible`] shows as `<U+XXXX>`
/// (`visible_line` with `one_line`), in order: the building block for callers that must
/// know where the text changes (a source excerpt whose underlines must stay in place).
pub fn each_shown(s: &str, one_line: bool, shown: impl FnMut(usize, char)) {
    scan(s, if one_line { Mode::Line } else { Mode::Text }, shown);
}

fn scan(s: &str, mode: Mode, mut shown: impl FnMut(usize, char)) {
    // Only white space (and colour codes) since the line began.
    let mut line_start = true;
    // `#` just before, in a row.
    let mut hashes = 0;
    let mut chars = s.char_indices();
    while let Some((at, c)) = chars.next() {
        if let Some(len) = (c == '\x1b' && mode == Mode::Styled)
            .then(|| sgr_len(&s[at..]))
            .flatten()
        {
            // The sequence is ASCII: one character a byte.
            chars.nth(len - 2);
            hashes = 0;
            continue;
        }
        let show = match c {
            '\n' if mode != Mode::Line => false,
            '\t' => false,
            c if is_hidden(c) => true,
            ':' => line_start && s[at + 1..].starts_with(':'),
            '[' => hashes >= 2,
            _ => false,
        };
        if show {
            shown(at, c);
            line_start = false;
            hashes = 0;
        } else {
            line_start = c == '\n' || (line_start && c.is_whitespace());
            hashes = if c == '#' { hashes + 1 } else { 0 };
        }
    }
}

/// The length of the SGR sequence `s` starts with, if it starts with one.
fn sgr_len(s: &str) -> Option<usize> {
    let rest = s.strip_prefix("\x1b[")?;
    let params = rest
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b';')
        .count();
    (rest.as_bytes().get(params) == Some(&b'm')).then_some(2 + params + 1)
}

/// `<U+XXXX>`: how a hidden character is shown.
pub fn push_code(out: &mut String, c: char) {
    let _ = write!(out, "<U+{:04X}>", c as u32);
}

fn neutralise(s: &str, mode: Mode) -> Cow<'_, str> {
    let mut out: Option<String> = None;
    let mut done = 0;
    scan(s, mode, |at, c| {
        let o = out.get_or_insert_with(|| String::with_capacity(s.len() + 16));
        o.push_str(&s[done..at]);
        push_code(o, c);
        done = at + c.len_utf8();
    });
    match out {
        Some(mut o) => {
            o.push_str(&s[done..]);
            Cow::Owned(o)
        }
        None => Cow::Borrowed(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_and_invisible_characters_are_shown_by_code_point() {
        assert_eq!(
            visible("\x1b]52;c;aGk=\x07 a\u{200B}b \u{202E}x\u{2066} \r\0\u{85}\u{7F}"),
            "<U+001B>]52;c;aGk=<U+0007> a<U+200B>b <U+202E>x<U+2066> <U+000D><U+0000><U+0085><U+007F>"
        );
        assert_eq!(
            visible("\u{AD}\u{FEFF}\u{2028}\u{FE0F}\u{E0041}\u{3164}"),
            "<U+00AD><U+FEFF><U+2028><U+FE0F><U+E0041><U+3164>"
        );
    }

    #[test]
    fn line_feed_and_tab_are_kept_except_on_one_line() {
        assert_eq!(visible("a\nb\tc"), "a\nb\tc");
        assert_eq!(visible_line("a\nb\tc"), "a<U+000A>b\tc");
    }

    #[test]
    fn workflow_commands_are_broken_where_the_runner_reads_them() {
        assert_eq!(visible("::error::x"), "<U+003A>:error::x");
        assert_eq!(
            visible("a\n \t\u{A0}::warning::y"),
            "a\n \t\u{A0}<U+003A>:warning::y"
        );
        assert_eq!(visible("a ::b"), "a ::b", "not at a line start");
        assert_eq!(
            visible("x ##[error]y ###[z"),
            "x ##<U+005B>error]y ###<U+005B>z"
        );
        assert_eq!(visible("#[a] # [b]"), "#[a] # [b]");
        assert_eq!(
            visible_line("a\n::b"),
            "a<U+000A>::b",
            "one line: no line start"
        );
    }

    #[test]
    fn ordinary_text_is_borrowed_unchanged() {
        for s in [
            "Pérez, 83 años",
            "«IACHR» — 2023-12-06",
            "a: b::c",
            "#12 [x]",
            "日本語",
        ] {
            assert!(matches!(visible(s), Cow::Borrowed(_)), "{s}");
        }
    }

    #[test]
    fn colour_codes_survive_only_in_styled_text() {
        let s = "\x1b[31m::x\x1b[0m \x1b]8;;u\x1b\\";
        assert_eq!(
            visible_styled(s),
            "\x1b[31m<U+003A>:x\x1b[0m <U+001B>]8;;u<U+001B>\\"
        );
        assert_eq!(
            visible(s),
            "<U+001B>[31m::x<U+001B>[0m <U+001B>]8;;u<U+001B>\\"
        );
    }
}
