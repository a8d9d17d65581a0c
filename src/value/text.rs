//! Text folding: what "the same words" means when comparing values and names.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Folds quote marks and dashes to their ASCII forms.
pub(crate) fn fold_mark(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        _ => c,
    }
}

/// Collapses runs of white space into one space and trims the ends.
fn collapse_space(s: impl Iterator<Item = char>) -> String {
    let mut out = String::new();
    let mut pending = false;
    for c in s {
        if c.is_whitespace() {
            pending = !out.is_empty();
        } else {
            if pending {
                out.push(' ');
                pending = false;
            }
            out.push(c);
        }
    }
    out
}

/// Text values agree when equal after Unicode normalisation (NFKC), case folding,
/// quote-mark, dash and white-space folding.
pub fn fold_text(s: &str) -> String {
    collapse_space(s.nfkc().flat_map(char::to_lowercase).map(fold_mark))
}

/// Names also ignore accents (Pérez = Perez) and punctuation ("Reaño," = "Reano"): the
/// compatibility decomposition (NFKD) without its combining marks, lower-cased.
pub fn fold_name(s: &str) -> String {
    // Character by character: decomposing each on its own gives NFKD less the reordering of
    // combining marks, which are dropped anyway; ASCII skips the Unicode tables. This runs on
    // every word of every quote.
    let mut out = String::with_capacity(s.len());
    let mut pending = false;
    let mut push = |c: char| {
        // Apostrophes join ("O'Brien" = "OBrien"); other punctuation separates words.
        let c = fold_mark(c);
        if c == '\'' || c == '.' {
            return;
        }
        if c.is_alphanumeric() {
            if pending {
                out.push(' ');
                pending = false;
            }
            out.push(c);
        } else {
            pending = !out.is_empty();
        }
    };
    for c in s.chars() {
        if c.is_ascii() {
            push(c.to_ascii_lowercase());
        } else {
            decompose_compatible(c, |d| {
                if !is_combining_mark(d) {
                    d.to_lowercase().for_each(&mut push);
                }
            });
        }
    }
    out
}

/// Folding for finding a quote in an article: white space, line breaks, quote marks and dashes.
pub fn fold_quote(s: &str) -> String {
    collapse_space(s.nfkc().map(fold_mark))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_folds_case_quotes_and_space() {
        assert_eq!(fold_text("  Peru’s   TOP\ncourt "), "peru's top court");
        assert_eq!(fold_text("“refrain”"), "\"refrain\"");
    }

    #[test]
    fn text_keeps_accents_but_names_drop_them() {
        assert_ne!(fold_text("Pérez"), fold_text("Perez"));
        assert_eq!(fold_name("Ricardo Pérez"), fold_name("ricardo perez"));
        assert_eq!(fold_name("Carlos Reaño,"), "carlos reano");
    }

    #[test]
    fn names_ignore_punctuation() {
        assert_eq!(fold_name("Peru’s top court"), "perus top court");
        assert_eq!(fold_name("Fujimori-Higuchi"), "fujimori higuchi");
        assert_eq!(fold_name("P.P.K."), "ppk");
    }

    /// The definition `fold_name` implements a character at a time.
    fn fold_name_by_definition(s: &str) -> String {
        collapse_space(
            s.nfkd()
                .filter(|c| !is_combining_mark(*c))
                .flat_map(char::to_lowercase)
                .map(fold_mark)
                .filter(|c| *c != '\'' && *c != '.')
                .map(|c| if c.is_alphanumeric() { c } else { ' ' }),
        )
    }

    proptest::proptest! {
        #[test]
        fn names_fold_a_character_at_a_time_as_whole_text_nfkd_does(s in "\\PC{0,40}") {
            proptest::prop_assert_eq!(fold_name(&s), fold_name_by_definition(&s));
        }

        #[test]
        fn accented_latin_names_fold_as_whole_text_nfkd_does(
            s in "[ -~À-ɏ\u{300}-\u{36f}’“”–]{0,40}"
        ) {
            proptest::prop_assert_eq!(fold_name(&s), fold_name_by_definition(&s));
        }
    }
}
