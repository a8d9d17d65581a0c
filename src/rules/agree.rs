//! # agree
//!
//! **What it checks.** Every (subject, property) has one value across sources. Values are
//! compared by their property's type: entities by what they resolve to ("Constitutional Court"
//! and "Constitutional Tribunal" agree when the registry lists both for one court); dates by
//! overlapping periods (2017 agrees with 2017-12-24); numbers and money within the property's
//! `tolerance`; sets as sets. Ages are left to the `age` kind, which holds them against birth
//! dates.
//!
//! **Running figures.** A property with `changes: true` (a death toll, a status) is compared
//! only between claims whose `as_of` dates overlap (a claim without `as_of` holds at its
//! source's publication date): "12 dead" on 3 March and "19 dead" on 10 March is a rising toll,
//! not a conflict. Its conflicts say the date they hold at (*Sources disagree on toll of
//! rio-verde-floods as of 2024-03-12: ...*), and the majority note counts only the outlets of
//! that date. A vague `as_of` (a month) is compared with every claim inside it.
//!
//! **A source that contradicts itself.** One article that gives two values for one fact which
//! cannot both be true (for `changes: true`, as of overlapping dates) is one
//! `self-contradiction` per article and date, listing both claims: at the rule's severity for a
//! fact that does not change, at most a warning for a running figure (where the story was
//! most often updated and one figure lacks its `as_of`). Those
//! claims make no `conflict` of their own: where the article also gives the value every other
//! outlet gives, the self-contradiction is the only finding; an outlet with a third value is
//! still a `conflict`. Two values as of different dates, or a value and a vaguer form of it
//! ("2024-03" and "2024-03-05"), are no contradiction. Free text without `terms` is never one.
//!
//! Text is compared by meaning where the property says what the meanings are:
//! - **Vocabularies.** A text property may declare `terms:`, each term with its wordings
//!   (`humanitarian: [medical reasons, on health grounds]`); the term id is a wording too, and
//!   wordings match folded like names (case, accents, punctuation). Values compare as terms:
//!   two distinct terms, or with `many: true` two different sets of terms, are a `conflict`,
//!   with a note naming the terms each side reads as. A wording outside the vocabulary is one
//!   `unknown-term` finding per claim (at most a warning), with the closest wording as a
//!   "did you mean"; that claim is then left out of the comparison, so it is reported once.
//!   `terms_from: P` shares the terms of property `P`.
//! - **Free text.** A text property without `terms` is compared after folding case, quote
//!   marks and white space. Wordings that still differ are a `wording-differs` finding at
//!   severity info, which shows the wordings side by side and never fails a run at the
//!   default `--fail-on error`: different words rarely mean different facts. With
//!   `strict: true` the property's differences are a `conflict` at the rule's severity.
//!
//! Entity mentions match through the registry's names, aliases and, per entity type, its
//! generic words (`types:`, see `crosscheck explain names`).
//!
//! Two values conflict when they cannot both be true, whatever other claims exist and in
//! whatever order the files come. A vague value that fits two values which conflict ("2017"
//! between "2017-03" and "2017-11"; 104 between 100 and 108 with a tolerance of 5) takes no
//! side: it is not named as conflicting and hides nothing. The majority note counts each
//! outlet once, and a vague value for every side it fits.
//!
//! **Which side is wrong.** A conflict says which claims it holds wrong, for the reports'
//! fact matrix to mark: the side a registry fact (a reference value) agrees with is upheld and
//! the others are wrong; without one, the side most outlets give is upheld; an even split is
//! *disputed*, neither side marked wrong.
//!
//! A date with two readings ("Feb. 16" in an article of December: 2024-02-16, a vote to
//! come, or 2023-02-16) fits a side when either reading does. It joins the one side it fits;
//! between two it takes no side, like a vague value; it is a side of its own, and so a
//! `conflict`, only when it fits no other value under either reading. No conflict rests on the
//! choice between the readings, and none between values of one reading is hidden.
//!
//! **Precedence.** A value that `names` reports as naming no registered entity (or several),
//! or that `types` reports as an entity of the wrong type, is left out of the comparison: that
//! finding speaks, and the outlets that named the right body are not marked as conflicting.
//! A self-contradiction speaks before a `conflict` its own values would make. See
//! `crosscheck explain precedence`.
//!
//! **Why it matters to an editor.** Two articles that give different values for one fact
//! cannot both be right: one of them needs a correction, or the claims are about different
//! things and the subject or property should say so.
//!
//! **Example.**
//! ```yaml
//! rules:
//!   - id: facts-agree
//!     kind: agree
//!     properties: [granted_by, date]   # optional; default all
//!     help: Check the primary document before correcting either story.
//! ```
//! Finding (`conflict`, error): *Sources disagree on jailed of alberto-fujimori: "2005-03"
//! (Andes Ledger, 2023-12-06) vs "2005-11" (Pacific Wire, 2023-12-07)*, with the note
//! *"2005" (Harbour Herald, 2023-12-06) fits more than one of these values and takes no side*.
//!
//! Finding (`self-contradiction`, warning): *Diario del Valle, 2024-02-20 contradicts itself
//! on toll of rio-verde-floods as of 2024-02-20: "14" vs "15"*.
//!
//! With a vocabulary (in a properties file):
//! ```yaml
//! properties:
//!   grounds:
//!     type: text
//!     terms:
//!       humanitarian: [medical reasons, on health grounds]
//!       political: [political deal]
//! ```
//! "for medical reasons" and "on health grounds" agree; "political deal" against either is a
//! `conflict` (*read as terms: humanitarian vs political*); "humane considerations" is an
//! `unknown-term`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{Kind, NoSettings, Shared, finding, kind_doc};
use crate::analysis::Context;
use crate::analysis::classes::{Classes, classify, comparable_groups, shown_value};
use crate::finding::join_and;
use crate::finding::{Code, CodeInfo, Evidence, Finding, Standing};
use crate::model::{ClaimIdx, Rule, Severity, SourceIdx};
use crate::value::date::Period;
use crate::value::{Value, ValueType};
use crate::vocab::Vocabulary;
use crate::yaml::{Fields, Reader};

/// The `agree` rule kind.
pub struct Agree;

pub const CONFLICT: Code = Code(&CodeInfo {
    kind: Agree::NAME,
    name: "conflict",
    meaning: "sources disagree on a fact",
});

pub const SELF_CONTRADICTION: Code = Code(&CodeInfo {
    kind: Agree::NAME,
    name: "self-contradiction",
    meaning: "one article gives two values for one fact",
});

pub const WORDING_DIFFERS: Code = Code(&CodeInfo {
    kind: Agree::NAME,
    name: "wording-differs",
    meaning: "sources word a free-text value differently",
});

pub const UNKNOWN_TERM: Code = Code(&CodeInfo {
    kind: Agree::NAME,
    name: "unknown-term",
    meaning: "a value is none of its property's terms",
});

impl Kind for Agree {
    type Settings = NoSettings;
    const NAME: &str = "agree";
    const CODES: &[Code] = &[CONFLICT, SELF_CONTRADICTION, WORDING_DIFFERS, UNKNOWN_TERM];
    const DEFAULT_SEVERITY: Severity = Severity::Error;
    const DOC: &str = kind_doc!("agree.rs");

    fn read(_r: &mut Reader, _f: &Fields, _shared: &mut Shared) -> Option<NoSettings> {
        Some(NoSettings {})
    }

    fn check(rule: &Rule, _: &NoSettings, ctx: &Context, out: &mut Vec<Finding>) {
        check(rule, ctx, out)
    }
}

/// The days a group of claims is compared as of: the hull of their `as_of` periods.
fn as_of(ctx: &Context, claims: &[ClaimIdx]) -> Option<Period> {
    claims
        .iter()
        .map(|&c| ctx.claim(c).as_of)
        .reduce(Period::hull)
}

pub fn check(rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
    for ((subject, property), claims) in ctx.slots_for(rule) {
        let Some(prop) = ctx.ws.property(property) else {
            continue;
        };
        if prop.ty == ValueType::Age {
            continue;
        }
        // A wording outside the vocabulary is reported as such, and not compared: that it
        // differs from the others says nothing about the fact.
        let claims = match &prop.terms {
            Some(terms) => known_terms(rule, ctx, (subject, property), terms, claims, out),
            None => claims.clone(),
        };
        let claims: Vec<ClaimIdx> = claims
            .into_iter()
            .filter(|&c| !ctx.is_set_aside(c))
            .collect();
        // Free text differs in wording far more often than in meaning: shown, never failing.
        let wording = prop.ty == ValueType::Text && prop.terms.is_none() && !prop.strict;
        let contradicted = if wording {
            HashMap::new()
        } else {
            self_contradictions(rule, ctx, (subject, property), &claims, prop.changes, out)
        };
        for group in comparable_groups(ctx, &claims, prop.changes) {
            let classes = classify(ctx, subject, property, &group);
            if classes.sides.len() < 2 || explained(&classes, &contradicted) {
                continue;
            }
            let when = prop.changes.then(|| as_of(ctx, &group)).flatten();
            let mut f = conflict(rule, ctx, (subject, property, when), &classes, wording);
            if let Some(terms) = &prop.terms {
                let read: Vec<String> = classes
                    .sides
                    .iter()
                    .map(|side| terms_of(&ctx.claim(side[0]).value, terms).join(", "))
                    .collect();
                f.notes
                    .push(format!("read as terms: {}", read.join(" vs ")));
            }
            out.push(f);
        }
    }
}

/// One `self-contradiction` per source that gives a fact two values which cannot both be true
/// (for `changes: true`, as of overlapping dates). Returns those claims, each with its source.
fn self_contradictions(
    rule: &Rule,
    ctx: &Context,
    (subject, property): (&str, &str),
    claims: &[ClaimIdx],
    changes: bool,
    out: &mut Vec<Finding>,
) -> HashMap<ClaimIdx, SourceIdx> {
    let mut by_source: BTreeMap<SourceIdx, Vec<ClaimIdx>> = BTreeMap::new();
    for &c in claims {
        by_source.entry(ctx.claim(c).source).or_default().push(c);
    }
    let mut contradicted = HashMap::new();
    for (source, claims) in by_source.into_iter().filter(|(_, cs)| cs.len() > 1) {
        for group in comparable_groups(ctx, &claims, changes) {
            let classes = classify(ctx, subject, property, &group);
            if classes.sides.len() < 2 {
                continue;
            }
            let values: Vec<String> = classes
                .sides
                .iter()
                .map(|side| shown_value(ctx, side))
                .collect();
            let when = match changes.then(|| as_of(ctx, &group)).flatten() {
                Some(p) => format!(" as of {p}"),
                None => String::new(),
            };
            let mut f = finding(
                rule,
                SELF_CONTRADICTION,
                subject,
                Some(property),
                format!(
                    "{} contradicts itself on {property} of {subject}{when}: {}",
                    ctx.source_names(source).1,
                    values.join(" vs ")
                ),
            );
            if changes {
                f.severity = f.severity.max(Severity::Warning);
            }
            f.notes.push(if changes {
                "one article gives two values for one fact at one time: correct one, or give \
                 each claim the `as_of` date its figure holds at"
                    .to_string()
            } else {
                "one article gives two values for one fact: correct one of them".to_string()
            });
            let sides: Vec<ClaimIdx> = classes.sides.iter().flatten().copied().collect();
            f.evidence = sides.iter().map(|&c| ctx.evidence(c)).collect();
            contradicted.extend(sides.into_iter().map(|c| (c, source)));
            out.push(f);
        }
    }
    contradicted
}

/// Whether the sources' self-contradictions explain a slot's sides: every value but one side's
/// comes from a source that contradicts itself and also gives that side's value. Those values
/// then make no `conflict` of their own; a source that gives another value still does.
fn explained(classes: &Classes, contradicted: &HashMap<ClaimIdx, SourceIdx>) -> bool {
    if contradicted.is_empty() {
        return false;
    }
    let sources_on = |side: &[ClaimIdx]| -> BTreeSet<SourceIdx> {
        side.iter()
            .filter_map(|c| contradicted.get(c).copied())
            .collect()
    };
    let plain: BTreeSet<usize> = (0..classes.sides.len())
        .filter(|&s| {
            classes.sides[s]
                .iter()
                .any(|c| !contradicted.contains_key(c))
        })
        .collect();
    let all: BTreeSet<SourceIdx> = classes.sides.iter().flat_map(|s| sources_on(s)).collect();
    match plain.len() {
        // Only self-contradicting sources: explained when they all meet on one value.
        0 => classes.sides.iter().any(|side| sources_on(side) == all),
        // The other sources agree: explained when every self-contradicting source also gives
        // their value.
        1 => plain
            .first()
            .is_some_and(|&s| sources_on(&classes.sides[s]) == all),
        _ => false,
    }
}

/// The finding for a slot whose values take two or more sides: a `conflict`, or for free text
/// a `wording-differs` info.
fn conflict(
    rule: &Rule,
    ctx: &Context,
    (subject, property, as_of): (&str, &str, Option<Period>),
    classes: &Classes,
    wording: bool,
) -> Finding {
    let sides = &classes.sides;
    let parts: Vec<String> = sides
        .iter()
        .map(|side| format!("{} ({})", shown_value(ctx, side), ctx.sources_of(side)))
        .collect();
    let (code, message) = if wording {
        (
            WORDING_DIFFERS,
            format!("Sources word {property} of {subject} differently"),
        )
    } else {
        (
            CONFLICT,
            format!("Sources disagree on {property} of {subject}"),
        )
    };
    let when = as_of.map_or_else(String::new, |p| format!(" as of {p}"));
    let message = format!("{message}{when}: {}", parts.join(" vs "));
    let mut f = finding(rule, code, subject, Some(property), message);
    if wording {
        f.severity = f.severity.max(Severity::Info);
        f.notes.push(format!(
            "{property} is free text, compared word for word; declare its `terms` to \
             compare meanings, or `strict: true` to make any difference a conflict"
        ));
    } else {
        f.notes.push(majority(ctx, classes));
    }
    if !classes.vague.is_empty() {
        let mut by_value: std::collections::BTreeMap<String, Vec<ClaimIdx>> = Default::default();
        for &c in &classes.vague {
            by_value.entry(shown_value(ctx, &[c])).or_default().push(c);
        }
        let vague: Vec<String> = by_value
            .iter()
            .map(|(shown, claims)| format!("{shown} ({})", ctx.sources_of(claims)))
            .collect();
        f.notes.push(format!(
            "{} fits more than one of these values and takes no side",
            join_and(vague)
        ));
    }
    let upheld = upheld_side(ctx, (subject, property), classes);
    f.evidence = sides
        .iter()
        .enumerate()
        .flat_map(|(i, side)| {
            let standing = match upheld {
                Some(u) if u == i => Standing::Upheld,
                Some(_) => Standing::Wrong,
                None => Standing::Disputed,
            };
            side.iter().map(move |&c| Evidence {
                standing,
                ..ctx.evidence(c)
            })
        })
        .collect();
    f
}

/// The side a conflict holds with: the one value the registry's reference fact agrees with,
/// or else the value most outlets give. `None` when neither tells (an even split): then no
/// side is called wrong.
fn upheld_side(
    ctx: &Context,
    (subject, property): (&str, &str),
    classes: &Classes,
) -> Option<usize> {
    let facts = ctx
        .entity(subject)
        .map_or(&[][..], |e| e.facts.as_slice())
        .iter()
        .filter(|f| f.property == property);
    let tolerance = ctx
        .ws
        .property(property)
        .map(|p| p.tolerance)
        .unwrap_or_default();
    let key = ctx.entity_key(subject, property);
    let mut agreeing: BTreeSet<usize> = BTreeSet::new();
    for fact in facts {
        agreeing.extend((0..classes.sides.len()).filter(|&i| {
            classes.sides[i]
                .iter()
                .all(|&c| ctx.claim(c).value.agrees(&fact.value, &tolerance, &key))
        }));
    }
    match agreeing.len() {
        1 => agreeing.first().copied(),
        0 if classes.sides.len() > 1
            && classes.support(ctx, 0).len() > classes.support(ctx, 1).len() =>
        {
            Some(0)
        }
        _ => None,
    }
}

/// Who gives which value: the majority, or an even split. Each outlet counts once, and a vague
/// value for every side it fits.
fn majority(ctx: &Context, classes: &Classes) -> String {
    let sides = &classes.sides;
    let all: Vec<ClaimIdx> = sides
        .iter()
        .flatten()
        .chain(&classes.vague)
        .copied()
        .collect();
    let total = ctx.outlets_of(&all).len();
    let (top, runner_up) = (classes.support(ctx, 0).len(), classes.support(ctx, 1).len());
    if top > runner_up {
        format!(
            "most sources ({top} of {total} outlets) give {}",
            shown_value(ctx, &sides[0])
        )
    } else {
        format!(
            "the sources split evenly ({}); no value has a majority",
            if top == 1 {
                "one outlet each".to_string()
            } else {
                format!("{top} outlets each")
            }
        )
    }
}

/// The texts of a value: itself, or the items of a set.
fn texts(value: &Value) -> Vec<&str> {
    match value {
        Value::Text(t) => vec![t.as_str()],
        Value::Set(items) => items.iter().flat_map(texts).collect(),
        _ => Vec::new(),
    }
}

/// The distinct terms a value reads as, sorted.
fn terms_of(value: &Value, terms: &Vocabulary) -> Vec<String> {
    let read: BTreeSet<&str> = texts(value)
        .into_iter()
        .filter_map(|t| terms.term(t))
        .collect();
    read.into_iter().map(str::to_string).collect()
}

/// The claims whose every wording is a term; an `unknown-term` finding for each other claim.
fn known_terms(
    rule: &Rule,
    ctx: &Context,
    (subject, property): (&str, &str),
    terms: &Vocabulary,
    claims: &[ClaimIdx],
    out: &mut Vec<Finding>,
) -> Vec<ClaimIdx> {
    let mut known = Vec::new();
    for &c in claims {
        let unknown: Vec<&str> = texts(&ctx.claim(c).value)
            .into_iter()
            .filter(|t| terms.term(t).is_none())
            .collect();
        if unknown.is_empty() {
            known.push(c);
            continue;
        }
        let shown: Vec<String> = unknown.iter().map(|t| format!("\"{t}\"")).collect();
        let mut f = finding(
            rule,
            UNKNOWN_TERM,
            subject,
            Some(property),
            format!("{} is not a term of {property}", shown.join(", ")),
        );
        f.severity = f.severity.max(Severity::Warning);
        let hints: Vec<String> = unknown
            .iter()
            .filter_map(|t| terms.closest(t))
            .map(|(w, term)| format!("\"{w}\" ({term})"))
            .collect();
        f.notes.push(if hints.is_empty() {
            format!("the terms of {property} are: {}", terms.terms().join(", "))
        } else {
            format!("did you mean {}?", hints.join(", "))
        });
        if f.help.is_none() {
            f.help = Some(
                format!(
                    "use a wording of one of {property}'s terms, or add this wording to the term it means"
                )
                .into(),
            );
        }
        f.evidence = vec![ctx.evidence(c)];
        out.push(f);
    }
    known
}

#[cfg(test)]
mod tests {
    use crate::finding::{Code, Finding};
    use crate::model::Severity;
    use crate::testing::{TollSource as Source, checked, toll_workspace};

    /// The findings of the `agree` rule.
    fn agree(sources: &[Source]) -> Vec<Finding> {
        let ws = toll_workspace(sources);
        checked(&ws)
            .into_iter()
            .filter(|f| f.rule == "agree")
            .collect()
    }

    #[test]
    fn a_source_with_two_tolls_for_one_day_contradicts_itself_and_makes_no_conflict() {
        let found = agree(&[
            (
                "Valley Courier",
                "2024-03-12",
                &[("victims", "17", ""), ("victims", "16", "")],
            ),
            ("Andes Wire", "2024-03-12", &[("victims", "17", "")]),
        ]);
        let [f] = found.as_slice() else {
            panic!("one finding: {found:?}");
        };
        assert_eq!(f.code, super::SELF_CONTRADICTION);
        assert_eq!(f.severity, Severity::Warning);
        assert_eq!(
            f.message,
            "Valley Courier, 2024-03-12 contradicts itself on victims of slide as of 2024-03-12: \"16\" vs \"17\""
        );
        assert_eq!(
            f.evidence.len(),
            2,
            "both of its claims, not the other outlet's"
        );
    }

    #[test]
    fn another_outlet_with_a_third_value_is_still_a_conflict() {
        let found = agree(&[
            (
                "Valley Courier",
                "2024-03-12",
                &[("victims", "17", ""), ("victims", "16", "")],
            ),
            ("Andes Wire", "2024-03-12", &[("victims", "15", "")]),
        ]);
        let codes: Vec<Code> = found.iter().map(|f| f.code).collect();
        assert_eq!(codes, [super::CONFLICT, super::SELF_CONTRADICTION]);
    }

    #[test]
    fn two_outlets_that_disagree_besides_a_self_contradiction_are_a_conflict() {
        let found = agree(&[
            (
                "Valley Courier",
                "2024-03-12",
                &[("victims", "17", ""), ("victims", "16", "")],
            ),
            ("Andes Wire", "2024-03-12", &[("victims", "17", "")]),
            ("Pacific Tribune", "2024-03-12", &[("victims", "16", "")]),
        ]);
        let codes: Vec<Code> = found.iter().map(|f| f.code).collect();
        assert_eq!(codes, [super::CONFLICT, super::SELF_CONTRADICTION]);
    }

    #[test]
    fn a_toll_and_last_weeks_toll_in_one_source_are_no_contradiction() {
        let found = agree(&[
            (
                "Valley Courier",
                "2024-03-12",
                &[("victims", "17", ""), ("victims", "9", "2024-03-05")],
            ),
            ("Andes Wire", "2024-03-05", &[("victims", "9", "")]),
        ]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_date_and_its_month_in_one_source_are_no_contradiction() {
        let found = agree(&[(
            "Valley Courier",
            "2024-03-12",
            &[("jailed", "2005-11", ""), ("jailed", "2005-11-07", "")],
        )]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_fixed_fact_stated_twice_differently_is_a_contradiction_without_a_date() {
        let found = agree(&[(
            "Valley Courier",
            "2024-03-12",
            &[("jailed", "2005", ""), ("jailed", "2007", "")],
        )]);
        let [f] = found.as_slice() else {
            panic!("one finding: {found:?}");
        };
        assert_eq!(
            f.message,
            "Valley Courier, 2024-03-12 contradicts itself on jailed of slide: \"2005\" vs \"2007\""
        );
        assert_eq!(f.severity, Severity::Error, "no `as_of` can explain it");
    }

    #[test]
    fn a_running_conflict_says_the_date_it_holds_at() {
        let found = agree(&[
            ("Valley Courier", "2024-03-12", &[("victims", "17", "")]),
            (
                "Andes Wire",
                "2024-03-13",
                &[("victims", "19", "2024-03-12"), ("victims", "20", "")],
            ),
        ]);
        let [f] = found.as_slice() else {
            panic!("one finding: {found:?}");
        };
        assert_eq!(f.code, super::CONFLICT);
        assert_eq!(
            f.message,
            "Sources disagree on victims of slide as of 2024-03-12: \"17\" (Valley Courier, 2024-03-12) vs \"19\" (Andes Wire, 2024-03-13)"
        );
    }
}
