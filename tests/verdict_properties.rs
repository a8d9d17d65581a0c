//! The verdict does not depend on how the inputs are arranged: the same claims, in files of
//! other names, in another order, with other source ids and their claims shuffled, give the
//! same findings (compared as data, with the source ids mapped back), not only in another order.

use std::collections::BTreeSet;

use crosscheck::check::check;
use crosscheck::load::LoadOptions;
use crosscheck::model::Workspace;
use crosscheck::project::load_bytes;
use crosscheck::value::Value;
use crosscheck::value::date::Period;
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

/// (property, values to pick from): vague and precise dates, dates with two readings (`A or
/// B`: written as A, then given B as its second reading), numbers within tolerance of some
/// others, right and wrong bodies, a near miss and an unknown name, ages that fit or not.
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
            "2000-11-20 or 1999-11-20",
            "2001-09-01 or 2000-09-01",
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
            let likelier = values[value].split(" or ").next().unwrap_or_default();
            text.push_str(&format!(
                "  - id: c{c}\n    subject: Alberto Fujimori\n    property: {property}\n    value: \"{likelier}\"\n"
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
    let mut ws = loaded.workspace;
    for (i, s) in sources.iter().enumerate() {
        for (c, &(slot, value)) in s.claims.iter().enumerate() {
            if let Some((_, other)) = SLOTS[slot].1[value].split_once(" or ") {
                let id = format!("c{c}");
                let claim = ws.claims.iter().position(|claim| {
                    claim.id == id && ws.sources[claim.source].id == layout.ids[i]
                });
                second_reading(&mut ws, claim.expect("the claim loaded"), other);
            }
        }
    }
    let report = check(&ws);
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

/// Gives a claim's date a second reading, as the grammar does for "Nov. 20" read in
/// December, read from its source's publication date.
fn second_reading(ws: &mut Workspace, claim: usize, other: &str) {
    let published = ws.sources[ws.claims[claim].source].published;
    let claim = &mut ws.claims[claim];
    if let Value::Date(d) = &mut claim.value {
        d.alternative = Period::parse_absolute(other).ok().flatten();
        d.anchor = Some(published);
    }
    claim.written = format!("{} or {other}", claim.written).into();
}

/// Whether the dates (each `A` or `A or B`) of one slot make an `agree` conflict.
fn conflicts(dates: &[&str]) -> bool {
    let mut files = vec![
        (
            "properties.yaml".to_string(),
            "properties:\n  left: {type: date}\n".to_string(),
        ),
        (
            "rules.yaml".to_string(),
            "rules:\n  - {id: agree, kind: agree}\n".to_string(),
        ),
    ];
    for (i, date) in dates.iter().enumerate() {
        let likelier = date.split(" or ").next().unwrap_or_default();
        files.push((
            format!("s{i}.yaml"),
            format!(
                "source:\n  outlet: Outlet {i}\n  published: 2023-12-06\nclaims:\n  - id: c\n    subject: x\n    property: left\n    value: \"{likelier}\"\n"
            ),
        ));
    }
    let inputs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_bytes()))
        .collect();
    let mut ws = load_bytes(&inputs, &LoadOptions::default()).workspace;
    for (i, date) in dates.iter().enumerate() {
        if let Some((_, other)) = date.split_once(" or ") {
            let claim = ws
                .claims
                .iter()
                .position(|c| ws.sources[c.source].outlet == format!("Outlet {i}"));
            second_reading(&mut ws, claim.expect("the claim loaded"), other);
        }
    }
    check(&ws)
        .findings
        .iter()
        .any(|f| f.code.as_str() == "conflict")
}

const ONE_READING: &[&str] = &[
    "2023",
    "2023-11",
    "2023-11-16",
    "2022-11-16",
    "2022",
    "2023-10",
];
const TWO_READINGS: &[(&str, &str)] = &[
    ("2023-11-16", "2022-11-16"),
    ("2023-10-01", "2022-10-01"),
    ("2024-01-05", "2023-01-05"),
];

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

    /// A date with two readings is a conflict exactly when it is under both readings, and it
    /// never hides a conflict between dates with one reading.
    #[test]
    fn no_conflict_rests_on_the_choice_between_two_readings(
        singles in prop::collection::vec(prop::sample::select(ONE_READING), 0..4),
        (likelier, other) in prop::sample::select(TWO_READINGS),
    ) {
        let with = |date: &str| {
            let mut dates = singles.clone();
            dates.push(date);
            conflicts(&dates)
        };
        let both = format!("{likelier} or {other}");
        if conflicts(&singles) {
            prop_assert!(with(&both), "a conflict among {:?} is hidden", singles);
        } else {
            prop_assert_eq!(with(&both), with(likelier) && with(other), "{:?}", singles);
        }
    }

    #[test]
    fn findings_do_not_depend_on_file_names_order_source_ids_or_claim_order(
        (sources, a, b) in arranged()
    ) {
        prop_assert_eq!(verdict(&sources, &a), verdict(&sources, &b));
    }
}
