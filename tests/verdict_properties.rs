//! The verdict does not depend on how the inputs are arranged: the same claims, in files of
//! other names, in another order, with other source ids and their claims shuffled, give the
//! same findings (compared as data, with the source ids mapped back), not only in another order.

use std::collections::BTreeSet;

use crosscheck::check::check;
use crosscheck::load::{LoadOptions, load_bytes};
use proptest::prelude::*;

const PROPERTIES: &str = "\
properties:
  left: {type: date}
  count: {type: number, tolerance: 5}
  by: {type: entity, range: [court]}
  grounds: {type: text}
  age: {type: age}
  born: {type: date}
";
const REGISTRY: &str = "\
entities:
  - id: supreme-court-of-peru
    name: Supreme Court of Peru
    type: court
    aliases: [Supreme Court]
  - id: inter-american-court
    name: Inter-American Court of Human Rights
    type: court
    aliases: [IACtHR, Inter-American Court]
  - id: inter-american-commission
    name: Inter-American Commission on Human Rights
    type: commission
    aliases: [IACHR]
  - id: fujimori
    name: Alberto Fujimori
    type: person
    facts:
      born: 1938-07-28
";
const RULES: &str = "\
rules:
  - {id: agree, kind: agree}
  - {id: names, kind: names}
  - {id: types, kind: types}
  - {id: ages, kind: age}
  - {id: corroborate, kind: corroborate, min_outlets: 2}
";

/// (property, values to pick from): vague and precise dates, numbers within tolerance of
/// some others, right and wrong bodies, a near miss and an unknown name, ages that fit or not.
const SLOTS: &[(&str, &[&str])] = &[
    (
        "left",
        &[
            "2000",
            "2000-11",
            "2000-09",
            "2000-11-20",
            "2001",
            "last year",
        ],
    ),
    ("count", &["100", "104", "108", "112", "50"]),
    (
        "by",
        &[
            "Supreme Court",
            "Supreme Court of Peru",
            "IACHR",
            "Inter-American Court",
            "IACtHR",
            "Supreme Cout of Peru",
            "Lima Tribunal",
        ],
    ),
    ("grounds", &["health", "Health", "corruption"]),
    ("age", &["83", "84", "85", "86"]),
];
const OUTLETS: &[&str] = &[
    "Andes Ledger",
    "Harbour Herald",
    "Pacific Wire",
    "Coastline Post",
];
const DATES: &[&str] = &["2022-04-08", "2023-12-06", "2023-12"];

/// One source: its outlet, publication date and (slot, value) claims.
#[derive(Debug, Clone)]
struct Source {
    outlet: usize,
    published: usize,
    claims: Vec<(usize, usize)>,
}

fn source() -> impl Strategy<Value = Source> {
    let claim = (0..SLOTS.len()).prop_flat_map(|s| (Just(s), 0..SLOTS[s].1.len()));
    (
        0..OUTLETS.len(),
        0..DATES.len(),
        prop::collection::vec(claim, 1..6),
    )
        .prop_map(|(outlet, published, claims)| Source {
            outlet,
            published,
            claims,
        })
}

/// How the sources are laid out: file names, source ids, file order and claim order.
#[derive(Debug, Clone)]
struct Layout {
    names: Vec<String>,
    ids: Vec<String>,
    file_order: Vec<usize>,
    claim_orders: Vec<Vec<usize>>,
}

fn write(sources: &[Source], layout: &Layout) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = [
        ("properties.yaml", PROPERTIES),
        ("registry.yaml", REGISTRY),
        ("rules.yaml", RULES),
    ]
    .iter()
    .map(|(n, t)| (n.to_string(), t.to_string()))
    .collect();
    for &i in &layout.file_order {
        let s = &sources[i];
        let mut text = format!(
            "source:\n  id: {}\n  outlet: {}\n  published: {}\nclaims:\n",
            layout.ids[i], OUTLETS[s.outlet], DATES[s.published]
        );
        for &c in &layout.claim_orders[i] {
            let (slot, value) = s.claims[c];
            let (property, values) = SLOTS[slot];
            text.push_str(&format!(
                "  - id: c{c}\n    subject: Alberto Fujimori\n    property: {property}\n    value: \"{}\"\n",
                values[value]
            ));
        }
        files.push((layout.names[i].clone(), text));
    }
    files
}

/// The findings as data, with each source id replaced by the source's number.
fn verdict(sources: &[Source], layout: &Layout) -> BTreeSet<String> {
    let files = write(sources, layout);
    let inputs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_bytes()))
        .collect();
    let loaded = load_bytes(&inputs, &LoadOptions::default());
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let report = check(&loaded.workspace);
    let unrename = |s: &str| {
        layout
            .ids
            .iter()
            .enumerate()
            .fold(s.to_string(), |s, (i, id)| {
                s.replace(id.as_str(), &format!("<source {i}>"))
            })
    };
    report
        .findings
        .iter()
        .map(|f| {
            let evidence: BTreeSet<String> = f
                .evidence
                .iter()
                .map(|e| {
                    format!(
                        "{} {} {} {}",
                        unrename(&e.source),
                        e.claim,
                        e.value,
                        e.label
                    )
                })
                .collect();
            unrename(&format!(
                "{} {} {:?} {:?} {:?} {} | {} | {:?}",
                f.rule,
                f.code.as_str(),
                f.severity,
                f.subject,
                f.property,
                f.message,
                f.notes.join(" / "),
                evidence
            ))
        })
        .collect()
}

fn layout(n: usize, claims: Vec<usize>) -> impl Strategy<Value = Layout> {
    let claim_orders: Vec<_> = claims
        .into_iter()
        .map(|k| Just((0..k).collect::<Vec<_>>()).prop_shuffle())
        .collect();
    (
        prop::collection::vec("[a-z]{1,8}", n),
        Just((0..n).collect::<Vec<_>>()).prop_shuffle(),
        claim_orders,
    )
        .prop_map(move |(stems, file_order, claim_orders)| Layout {
            names: (0..n).map(|i| format!("{}-{i}.yaml", stems[i])).collect(),
            ids: (0..n).map(|i| format!("{}-id{i}", stems[i])).collect(),
            file_order,
            claim_orders,
        })
}

fn arranged() -> impl Strategy<Value = (Vec<Source>, Layout, Layout)> {
    prop::collection::vec(source(), 2..7).prop_flat_map(|sources| {
        let claims: Vec<usize> = sources.iter().map(|s| s.claims.len()).collect();
        let n = sources.len();
        (Just(sources), layout(n, claims.clone()), layout(n, claims))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn findings_do_not_depend_on_file_names_order_source_ids_or_claim_order(
        (sources, a, b) in arranged()
    ) {
        prop_assert_eq!(verdict(&sources, &a), verdict(&sources, &b));
    }
}
