//! Helpers for the unit tests: workspaces written as YAML in the test, and their findings.

use crate::finding::Finding;
use crate::load::LoadOptions;
use crate::model::Workspace;
use crate::project::load_bytes;
use crate::value::Value;
use crate::value::date::Period;

/// Loads files given as (name, text); every one must load.
pub fn load(files: &[(&str, &str)]) -> Workspace {
    let inputs: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    let loaded = load_bytes(&inputs, &LoadOptions::default());
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    loaded.workspace
}

/// Two sources of 2023-12-06 on the date of x, with an `agree` rule: A writes "Nov. 16",
/// read as 2023-11-16 or 2022-11-16, and B writes 2023-10-01; a conflict either way.
pub fn nov_16_against_oct_1() -> Workspace {
    let source = |outlet: &str, value: &str| {
        format!(
            "source:\n  outlet: {outlet}\n  published: 2023-12-06\nclaims:\n  - id: {outlet}\n    subject: x\n    property: date\n    value: \"{value}\"\n"
        )
    };
    let mut ws = load(&[
        ("properties.yaml", "properties:\n  date: {type: date}\n"),
        ("rules.yaml", "rules:\n  - {id: agree, kind: agree}\n"),
        ("a.yaml", &source("A", "2023-11-16")),
        ("b.yaml", &source("B", "2023-10-01")),
    ]);
    second_reading(&mut ws, "A", "2022-11-16");
    for claim in ws.claims.iter_mut().filter(|c| c.id == "A") {
        claim.written = "Nov. 16".into();
    }
    ws
}

/// The findings of a check, as `code: message`.
pub fn findings(ws: &Workspace) -> Vec<String> {
    checked(ws)
        .iter()
        .map(|f: &Finding| format!("{}: {}", f.code.as_str(), f.message))
        .collect()
}

/// The findings of a check.
pub fn checked(ws: &Workspace) -> Vec<Finding> {
    crate::check::check(ws).findings
}

/// Gives claim `id` a second reading, as the grammar does for "Nov. 16" read in December,
/// and marks it read relative to its source's publication date.
pub fn second_reading(ws: &mut Workspace, id: &str, alternative: &str) {
    let other = Period::parse_absolute(alternative).ok().flatten();
    for claim in ws.claims.iter_mut().filter(|c| c.id == id) {
        let published = ws.sources[claim.source].published;
        if let Value::Date(d) = &mut claim.value {
            d.alternative = other;
            d.anchor = Some(published);
        }
        claim.written = compact_str::format_compact!("{} or {alternative}", claim.written);
    }
}

/// A source of [`toll_workspace`]: outlet, publication date and claims.
pub type TollSource<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str, &'a str)]);

/// A workspace of a running toll, for the kinds' tests: `victims` is `recovered` + `missing`,
/// each a count with `changes: true`, about the subject `slide`; `jailed` is a date that does
/// not change. Each source is `(outlet, published, claims)`, each claim
/// `(property, value, as_of or "")`, in a file of its own.
pub fn toll_workspace(sources: &[TollSource]) -> Workspace {
    const PROPERTIES: &str = "properties:\n  victims: {type: count, changes: true}\n  recovered: {type: count, changes: true}\n  missing: {type: count, changes: true}\n  jailed: {type: date}\n";
    const RULES: &str = "rules:\n  - {id: agree, kind: agree}\n  - id: toll\n    kind: sum\n    total: {subject: slide, property: victims}\n    parts:\n      - {subject: slide, property: recovered}\n      - {subject: slide, property: missing}\n";
    let mut files = vec![
        ("properties.yaml".to_string(), PROPERTIES.to_string()),
        ("rules.yaml".to_string(), RULES.to_string()),
    ];
    for (n, (outlet, published, claims)) in sources.iter().enumerate() {
        let mut yaml = format!("source:\n  outlet: {outlet}\n  published: {published}\nclaims:\n");
        for (i, (property, value, as_of)) in claims.iter().enumerate() {
            let as_of = if as_of.is_empty() {
                String::new()
            } else {
                format!(", as_of: {as_of}")
            };
            yaml.push_str(&format!(
                "  - {{id: c{i}, subject: slide, property: {property}, value: \"{value}\"{as_of}}}\n"
            ));
        }
        files.push((format!("s{n}.yaml"), yaml));
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    load(&files)
}

/// A workspace of one slot whose claims `(outlet, value)` are loaded in the order given,
/// each from a file of its own, with an `agree` rule. A date value `A or B` is read as `A`
/// with `B` as its second reading.
pub fn one_slot(property: &str, claims: &[(&str, &str)]) -> Workspace {
    let mut files = vec![
        (
            "properties.yaml".to_string(),
            format!("properties:\n  p:\n{property}"),
        ),
        (
            "rules.yaml".to_string(),
            "rules:\n  - {id: agree, kind: agree}\n".to_string(),
        ),
    ];
    for (i, (outlet, value)) in claims.iter().enumerate() {
        let likelier = value.split(" or ").next().unwrap_or(value);
        files.push((
            format!("s{i}.yaml"),
            format!(
                "source:\n  outlet: {outlet}\n  published: 2023-12-06\nclaims:\n  - id: c{i}\n    subject: x\n    property: p\n    value: \"{likelier}\"\n"
            ),
        ));
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let mut ws = load(&files);
    for (i, (_, value)) in claims.iter().enumerate() {
        if let Some((_, other)) = value.split_once(" or ") {
            second_reading(&mut ws, &format!("c{i}"), other);
        }
    }
    ws
}

/// The analysis of a workspace, as a check makes it before running the rules.
pub fn analyse(ws: &Workspace) -> crate::analysis::Analysis {
    crate::rules::analyse(ws, &mut crate::timings::Timings::default())
}
