//! The phrase table: every `tests/dates/*.tsv` row resolved as a claim's value is, with the
//! language of the file's name (`en.tsv`, `es.tsv`).
//!
//! A row is `anchor<TAB>phrase<TAB>expected[<TAB>options]`: the anchor `YYYY-MM-DD` or
//! `YYYY-MM`; expected a period as `crosscheck when` gives it (`2023-11-16`, `2023-11`,
//! `2023`, `2023-11-01..2023-11-10`), two candidates the likelier first (`2023-11-16 |
//! 2022-11-16`), or `refuse: WORDS` that the error must contain; options `future` (the
//! property is `future: true`). `#` lines are comments and `## Name` lines start a category.
//! A failure lists every failing row and the exact/wrong/refused counts of each category.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crosscheck::language::Language;
use crosscheck::value::date::Period;
use crosscheck::value::{DateReading, parse_date};

/// How a row came out.
#[derive(Default)]
struct Counts {
    rows: usize,
    exact: usize,
    wrong: usize,
    refused: usize,
}

fn got(text: &str, anchor: Period, how: DateReading<'_>) -> Result<String, String> {
    parse_date(text, Some(anchor), how).map(|d| match d.alternative {
        Some(other) => format!("{} | {other}", d.period),
        None => d.period.to_string(),
    })
}

/// Runs one table; returns its failures, and adds its counts by category.
fn run(path: &Path, counts: &mut BTreeMap<String, Counts>) -> Vec<String> {
    let tag = path
        .file_stem()
        .and_then(|s| s.to_str())
        .expect("a table is named by its language");
    let language = Language::parse(tag).expect("a table is named by a language tag");
    let table = std::fs::read_to_string(path).expect("readable table");
    let mut failures = Vec::new();
    let mut category = String::from("(none)");
    for (i, line) in table.lines().enumerate() {
        let at = format!("{}:{}", path.display(), i + 1);
        if let Some(name) = line.strip_prefix("## ") {
            category = format!("{tag}: {}", name.trim());
            continue;
        }
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let (anchor, phrase, expected, options) = match cols.as_slice() {
            [a, p, e] => (*a, *p, *e, ""),
            [a, p, e, o] => (*a, *p, *e, *o),
            _ => {
                failures.push(format!(
                    "{at}: not anchor<TAB>phrase<TAB>expected: {line:?}"
                ));
                continue;
            }
        };
        let Ok(Some(anchor_period)) = Period::parse_absolute(anchor) else {
            failures.push(format!("{at}: the anchor {anchor:?} is no date"));
            continue;
        };
        let how = DateReading {
            future: options.split(',').any(|o| o.trim() == "future"),
            language: Some(&language),
        };
        let c = counts.entry(category.clone()).or_default();
        c.rows += 1;
        let result = got(phrase, anchor_period, how);
        let ok = match (expected.strip_prefix("refuse:"), &result) {
            (Some(words), Err(message)) => message.contains(words.trim()),
            (Some(_), Ok(_)) => false,
            (None, Ok(reading)) => reading == expected.trim(),
            (None, Err(_)) => false,
        };
        match (&result, ok) {
            (_, true) => c.exact += 1,
            (Ok(_), false) => c.wrong += 1,
            (Err(_), false) => c.refused += 1,
        }
        if !ok {
            let got = match result {
                Ok(reading) => reading,
                Err(message) => format!("error: {message}"),
            };
            failures.push(format!(
                "{at}: {phrase:?} from {anchor}{}: expected {expected}, got {got}",
                if how.future { " (future)" } else { "" }
            ));
        }
    }
    failures
}

#[test]
fn every_phrase_in_the_tables_resolves_as_expected() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/dates");
    let mut tables: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/dates")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    tables.sort();
    assert!(!tables.is_empty(), "no tables in {}", dir.display());
    let mut counts = BTreeMap::new();
    let failures: Vec<String> = tables.iter().flat_map(|t| run(t, &mut counts)).collect();
    let english = counts
        .iter()
        .filter(|(name, _)| name.starts_with("en:"))
        .map(|(_, c)| c.rows)
        .sum::<usize>();
    assert!(
        english >= 250,
        "the English table has {english} rows, fewer than 250"
    );
    if !failures.is_empty() {
        let mut report = String::new();
        for (name, c) in &counts {
            let _ = writeln!(
                report,
                "{name}: {} rows, {} exact, {} wrong, {} refused",
                c.rows, c.exact, c.wrong, c.refused
            );
        }
        panic!(
            "{} of the rows failed:\n{}\n\n{report}",
            failures.len(),
            failures.join("\n")
        );
    }
}
