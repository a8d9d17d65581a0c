//! Finding a claim's quote in its article, and the closest passage when it is not there.
//!
//! Both sides are folded first: Unicode compatibility forms (NFKC, so a letter and its
//! combining accent match the accented letter), case, curly and straight
//! quote marks, dashes, and runs of white space and line breaks. An ellipsis (`...`, `…`) or a
//! bracketed insertion (`[his]`) in a quote stands for words left out: the parts around it must
//! occur in the article in that order.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::value::text::fold_mark;

/// A folded text that remembers where each of its characters came from.
#[derive(Debug, Clone)]
pub struct Folded {
    text: String,
    /// Characters in `text`: what one search goes over.
    chars: usize,
    /// For each byte offset of a character in `text`: the byte offset in the original.
    origin: Vec<(usize, usize)>,
    original_len: usize,
}

impl Folded {
    pub fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len());
        let mut at = 0;
        while let Some(c) = original[at..].chars().next() {
            if c.is_whitespace() {
                if !text.is_empty() && !text.ends_with(' ') {
                    origin.push((text.len(), at));
                    text.push(' ');
                }
                at += c.len_utf8();
                continue;
            }
            // A letter with the combining marks after it is normalised as one: "i" + U+0301
            // becomes "í", as it is written precomposed.
            let end = at + cluster_len(&original[at..]);
            for d in original[at..end].nfkc().flat_map(char::to_lowercase) {
                origin.push((text.len(), at));
                text.push(fold_mark(d));
            }
            at = end;
        }
        if text.ends_with(' ') {
            text.pop();
            origin.pop();
        }
        Self {
            chars: text.chars().count(),
            text,
            origin,
            original_len: original.len(),
        }
    }

    /// The number of characters a search of this text goes over.
    pub fn chars(&self) -> usize {
        self.chars
    }

    /// The original byte offset of the folded byte offset `at` (the end maps to the end).
    fn original(&self, at: usize) -> usize {
        match self.origin.binary_search_by_key(&at, |(f, _)| *f) {
            Ok(i) => self.origin[i].1,
            Err(_) => self.original_len,
        }
    }

    /// The original end offset of the folded character ending at folded byte `end`.
    fn original_end(&self, end: usize, original: &str) -> usize {
        match self.origin.binary_search_by_key(&end, |(f, _)| *f) {
            Ok(i) if i > 0 => {
                let start = self.origin[i - 1].1;
                start + cluster_len(&original[start..])
            }
            Ok(_) => 0,
            Err(_) => self.original_len,
        }
    }
}

/// The length in bytes of the first character of `s` with the combining marks after it.
fn cluster_len(s: &str) -> usize {
    let mut chars = s.char_indices().skip(1);
    chars
        .find(|&(_, c)| !is_combining_mark(c))
        .map_or(s.len(), |(i, _)| i)
}

/// The parts of a quote around its ellipses and bracketed insertions, folded.
fn fragments(quote: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut in_brackets = false;
    let quote = quote.replace("...", "…");
    // Found once: asking at each `[` whether a `]` follows made a quote of brackets quadratic.
    let last_close = quote.rfind(']');
    for (i, c) in quote.char_indices() {
        match c {
            // Only a closed bracket is an insertion; a lone `[` is the article's own.
            '[' if !in_brackets && last_close.is_some_and(|close| close > i) => {
                in_brackets = true;
                parts.push(std::mem::take(&mut current));
            }
            ']' if in_brackets => in_brackets = false,
            '…' => parts.push(std::mem::take(&mut current)),
            _ if in_brackets => {}
            _ => current.push(c),
        }
    }
    parts.push(current);
    let parts: Vec<String> = parts
        .into_iter()
        .map(|p| Folded::new(&p).text)
        .filter(|p| !p.is_empty())
        .collect();
    // A quote of nothing but an insertion ("[12]") is read as written.
    if parts.is_empty() {
        return vec![Folded::new(&quote).text]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect();
    }
    parts
}

/// Where an article states a quote: the original byte range, from the first part to the last.
pub fn locate(article: &Folded, quote: &str) -> Option<(usize, usize)> {
    let parts = fragments(quote);
    let mut from = 0;
    let mut range: Option<(usize, usize)> = None;
    for part in &parts {
        let at = article.text[from..].find(part.as_str())? + from;
        let end = at + part.len();
        range = Some((range.map_or(at, |r| r.0), end));
        from = end;
    }
    range
        .map(|(s, e)| (article.original(s), e))
        .map(|(s, e)| (s, article.original(e).max(s)))
}

/// The passage of an article closest to a quote that is not in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Closest {
    /// Byte range in the original article: the match itself, never widened to finish a word,
    /// so that no token beside it (a key, a password) the quote says nothing of is shown.
    pub start: usize,
    pub end: usize,
    /// 1 for the same text, 0 for nothing in common.
    pub similarity: f64,
}

/// A search is skipped beyond this many cells (quote characters × article characters), to
/// keep a check fast.
pub const MAX_CELLS: u64 = 50_000_000;

/// The cells (character comparisons) that looking for a quote's closest passage takes.
pub fn cells(article: &Folded, quote: &str) -> u64 {
    let pattern = fragments(quote).join(" ").chars().count() as u64;
    pattern.saturating_mul(article.chars as u64)
}

/// The passage with the fewest character edits from the quote (Sellers' approximate
/// substring search: the passage may start and end anywhere); `None` past [`MAX_CELLS`].
pub fn closest(article: &Folded, original: &str, quote: &str) -> Option<Closest> {
    if cells(article, quote) > MAX_CELLS {
        return None;
    }
    let pattern: Vec<char> = fragments(quote).join(" ").chars().collect();
    let text: Vec<(usize, char)> = article.text.char_indices().collect();
    let m = pattern.len();
    if m == 0 || text.is_empty() {
        return None;
    }
    // Column j: edit distance of pattern[..i] against the best substring ending at text[j],
    // and where that substring starts.
    let mut dist: Vec<usize> = (0..=m).collect();
    let mut start: Vec<usize> = vec![0; m + 1];
    let mut best = (usize::MAX, 0, 0);
    for (j, &(_, tc)) in text.iter().enumerate() {
        let (mut diag, mut diag_start) = (0, j);
        dist[0] = 0;
        start[0] = j + 1;
        for i in 1..=m {
            let (up, up_start) = (dist[i], start[i]);
            let substitute = diag + usize::from(pattern[i - 1] != tc);
            let (mut d, mut s) = (substitute, diag_start);
            if up + 1 < d {
                (d, s) = (up + 1, up_start);
            }
            if dist[i - 1] + 1 < d {
                (d, s) = (dist[i - 1] + 1, start[i - 1]);
            }
            (diag, diag_start) = (up, up_start);
            dist[i] = d;
            start[i] = s;
        }
        if dist[m] < best.0 {
            best = (dist[m], start[m], j);
        }
    }
    let (distance, s, e) = best;
    let folded_start = text.get(s).map_or(article.text.len(), |c| c.0);
    let folded_end = text[e].0 + text[e].1.len_utf8();
    let start = article.original(folded_start);
    let end = article.original_end(folded_end, original);
    Some(Closest {
        start,
        end,
        similarity: 1.0 - distance as f64 / m as f64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: &str = "The court said on Friday that the former president, 83, \
                           would stay in prison.\nHis lawyers called it \u{201c}a scandal\u{201d} \u{2014} again.";

    #[test]
    fn a_decomposed_accent_matches_a_composed_one_both_ways() {
        let composed = "La Corte Suprema confirm\u{f3} la pena de Garc\u{ed}a.";
        let decomposed = "La Corte Suprema confirmo\u{301} la pena de Garci\u{301}a.";
        for (article, quote) in [(composed, decomposed), (decomposed, composed)] {
            let a = Folded::new(article);
            let (s, e) = locate(&a, quote).expect("found");
            assert_eq!(&article[s..e], article);
        }
        let a = Folded::new(decomposed);
        let (s, e) = locate(&a, "Garcia").map_or((0, 0), |r| r);
        assert_eq!(
            (s, e),
            (0, 0),
            "an accent still counts: {}",
            &decomposed[s..e]
        );
    }

    #[test]
    fn a_quote_is_found_across_line_breaks_quote_marks_dashes_and_case() {
        let a = Folded::new(ARTICLE);
        let (s, e) = locate(
            &a,
            "would stay in prison. His lawyers called it \"a scandal\" - again",
        )
        .unwrap();
        assert_eq!(
            &ARTICLE[s..e],
            "would stay in prison.\nHis lawyers called it \u{201c}a scandal\u{201d} \u{2014} again"
        );
        assert!(locate(&a, "THE COURT SAID").is_some());
    }

    #[test]
    fn an_ellipsis_or_a_bracketed_insertion_stands_for_words_left_out() {
        let a = Folded::new(ARTICLE);
        assert!(locate(&a, "The court said ... would stay in prison").is_some());
        assert!(locate(&a, "[The] former president, 83, would stay").is_some());
        assert!(
            locate(&a, "would stay in prison … The court said").is_none(),
            "order counts"
        );
    }

    #[test]
    fn a_typo_is_not_found_and_the_closest_passage_is_the_intended_one() {
        let a = Folded::new(ARTICLE);
        let quote = "the former presidnet, 83, would stay in jail";
        assert!(locate(&a, quote).is_none());
        let c = closest(&a, ARTICLE, quote).unwrap();
        // The match itself: "jail" against "prison" stops where the edits stop paying.
        assert_eq!(
            &ARTICLE[c.start..c.end],
            "the former president, 83, would stay in pri"
        );
        assert!(c.similarity > 0.8, "{}", c.similarity);
    }

    #[test]
    fn the_closest_passage_does_not_widen_into_a_long_token_beside_the_match() {
        let article = "Config: api token sk9f8a7d6s5a4f3g2h1j0k9l8 was leaked.";
        let quote = "Config: api tokem s";
        let a = Folded::new(article);
        assert!(locate(&a, quote).is_none());
        let c = closest(&a, article, quote).unwrap();
        let passage = &article[c.start..c.end];
        assert_eq!(passage, "Config: api token s");
        assert!(!passage.contains("f8a7"), "{passage}");
    }

    #[test]
    fn a_quote_of_a_million_brackets_is_read_in_linear_time() {
        let quote = "[".repeat(1_000_000);
        let started = std::time::Instant::now();
        assert_eq!(
            fragments(&quote).len(),
            1,
            "no `]`: the brackets are the text"
        );
        let closed = format!("{quote}]x");
        assert_eq!(fragments(&closed), vec!["x".to_string()]);
        // Quadratic work would take hours; the bound only tells that apart, on a busy machine too.
        assert!(started.elapsed() < std::time::Duration::from_secs(60));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn any_stretch_of_an_article_is_found_in_it(
                article in "(\\PC|\n){0,200}", a in 0usize..200, b in 0usize..200
            ) {
                // A quote holds whole letters with their marks: it is cut only before a
                // character that combines with nothing (normalising reorders marks).
                let bounds: Vec<usize> = article
                    .char_indices()
                    .filter(|&(_, c)| unicode_normalization::char::canonical_combining_class(c) == 0)
                    .map(|(i, _)| i)
                    .chain([article.len()])
                    .collect();
                let (a, b) = (bounds[a % bounds.len()], bounds[b % bounds.len()]);
                let quote = &article[a.min(b)..a.max(b)];
                // A stretch with brackets or an ellipsis reads as words left out: not this test.
                prop_assume!(!quote.contains(['[', ']', '…']) && !quote.contains("..."));
                let folded = Folded::new(&article);
                if Folded::new(quote).text.is_empty() {
                    return Ok(());
                }
                prop_assert!(locate(&folded, quote).is_some(), "{quote:?} not found in {article:?}");
            }

            #[test]
            fn the_closest_passage_is_a_slice_of_the_article_no_longer_than_its_window(
                article in "\\PC{0,120}", quote in "\\PC{1,30}"
            ) {
                let folded = Folded::new(&article);
                if let Some(c) = closest(&folded, &article, &quote) {
                    prop_assert!(article.get(c.start..c.end).is_some());
                    prop_assert!((0.0..=1.0).contains(&c.similarity));
                    // A shown passage is at most the quote's length plus the edits that make it
                    // close enough to show (in characters, after folding white space).
                    if c.similarity >= 0.5 {
                        // Combining marks go with the letter before them, and are not counted.
                        let shown = article[c.start..c.end].split_whitespace().collect::<Vec<_>>().join(" ");
                        let letters = |s: &str| s.chars().filter(|&c| !unicode_normalization::char::is_combining_mark(c)).count();
                        let m = fragments(&quote).join(" ").chars().count();
                        prop_assert!(letters(&shown) <= m + m / 2, "{shown:?}");
                    }
                }
            }
        }
    }
}
