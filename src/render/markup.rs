//! Escaping text for HTML and XML, one set of rules for every renderer that writes markup
//! (the HTML report, JUnit XML, the raw HTML blocks of the Markdown report).

use crate::text_safety;

/// The character reference for a character that is markup in HTML or XML: `& < > " '`.
/// These five are enough for element content and for attribute values in either quote.
pub fn reference(c: char) -> Option<&'static str> {
    match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '"' => Some("&quot;"),
        // `&#39;`, not `&apos;`: the same character to an XML parser, and HTML 4 knows it too.
        '\'' => Some("&#39;"),
        _ => None,
    }
}

/// What becomes of line feeds and tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhiteSpace {
    /// Kept as they are (XML element content).
    Keep,
    /// Each one space (HTML, where they would collapse anyway).
    Space,
    /// Character references, which survive attribute-value normalisation in XML.
    Reference,
}

/// `s` made safe as markup text: hidden and control characters are shown as `<U+XXXX>`
/// ([`text_safety::visible`]), then `& < > " '` become character references and line feeds
/// and tabs become what `white_space` says.
pub fn escape(s: &str, white_space: WhiteSpace) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in text_safety::visible(s).chars() {
        match (c, white_space) {
            ('\n' | '\t', WhiteSpace::Space) => out.push(' '),
            ('\n', WhiteSpace::Reference) => out.push_str("&#10;"),
            ('\t', WhiteSpace::Reference) => out.push_str("&#9;"),
            _ => match reference(c) {
                Some(r) => out.push_str(r),
                None => out.push(c),
            },
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_become_references() {
        assert_eq!(
            escape(r#"<a href='x'>&"</a>"#, WhiteSpace::Keep),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
    }

    #[test]
    fn line_feeds_and_tabs_are_kept_spaced_or_referenced() {
        assert_eq!(escape("a\tb\nc", WhiteSpace::Keep), "a\tb\nc");
        assert_eq!(escape("a\tb\nc", WhiteSpace::Space), "a b c");
        assert_eq!(escape("a\tb\nc", WhiteSpace::Reference), "a&#9;b&#10;c");
    }

    #[test]
    fn hidden_and_control_characters_are_shown_by_code_point_then_escaped() {
        assert_eq!(
            escape(
                "a\u{0}b\u{1b}c\u{FFFF}d\u{85}e\u{202E}f\rg",
                WhiteSpace::Keep
            ),
            "a&lt;U+0000&gt;b&lt;U+001B&gt;c&lt;U+FFFF&gt;d&lt;U+0085&gt;e&lt;U+202E&gt;f&lt;U+000D&gt;g"
        );
    }

    #[test]
    fn other_text_is_kept() {
        assert_eq!(escape("Pérez 🗞 50%", WhiteSpace::Keep), "Pérez 🗞 50%");
    }
}
