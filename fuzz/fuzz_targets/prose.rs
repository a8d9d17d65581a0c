//! Article prose: the readers of values in text (numbers, money, lengths of time, dates),
//! finding a quote and its closest passage, and drafting claims with `extract`.
#![no_main]

use crosscheck::extract::extract;
use crosscheck::model::Workspace;
use crosscheck::passage::{Folded, closest, locate};
use crosscheck::scan;
use crosscheck::value::date::Period;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, &str)| {
    let (article, quote) = input;
    let anchor = Period::parse_absolute("2023-12-06").unwrap().unwrap();
    let words = scan::words(article);
    let slices = scan::numbers(article, &words)
        .iter()
        .map(|f| (f.start, f.end))
        .chain(scan::money(article, &words).iter().map(|f| (f.start, f.end)))
        .chain(scan::spans(article, &words).iter().map(|f| (f.start, f.end)))
        .chain(scan::dates(article, &words, anchor).iter().map(|f| (f.start, f.end)))
        .collect::<Vec<_>>();
    for (start, end) in slices {
        assert!(article.get(start..end).is_some());
    }
    let folded = Folded::new(article);
    if let Some((start, end)) = locate(&folded, quote) {
        assert!(article.get(start..end).is_some());
    }
    if let Some(c) = closest(&folded, article, quote) {
        assert!(article.get(c.start..c.end).is_some());
    }
    for c in extract(article, anchor, &Workspace::default()) {
        // Every drafted quote is the article's own words.
        assert!(locate(&folded, &c.quote).is_some(), "{:?}", c.quote);
    }
});
