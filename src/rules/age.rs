//! # age
//!
//! **What it checks.** The ages given for one subject, each at its own date (the claim's
//! `as_of`, by default the source's publication date), and any birth date (a claimed `born`,
//! or the registry's reference fact) fit one birth date. Each age implies a window of birth
//! days: 83 on 2022-04-08 means born between 1938-04-09 and 1939-04-08. The check fails when
//! the windows have no day in common, and names the claims that cannot all be true.
//! `born:` names the birth-date property (default `born`). A birth date with two readings
//! fits when either does: it is held as the days from the earlier reading to the later.
//!
//! **The dead.** When the registry gives the subject `died:` (or `dissolved:`/`ended:`), an
//! age from a source published after that date and with no `as_of` of its own is the age at
//! death: "died aged 34" in an article a month later is checked as 34 on the day of death.
//! A death known only to the month or year counts from its first day up to the publication
//! (`died: 2025` and an article of April 2025: the age held some day from 1 January to the
//! article's date). A source published before the death keeps its own date. An `as_of`
//! given on the claim is kept as written: "would have turned 40 on Tuesday" is an age at that
//! date, and a claim dated after the death is reported by the `reference` kind (`after-end`).
//!
//! **Which age is wrong.** In the reports' fact matrix an age that fits the registry's birth
//! date, or the birth date most outlets' ages fit, is upheld and the others are marked wrong;
//! one age against one with no birth date to go by is *disputed*.
//!
//! **Why it matters to an editor.** Articles a year and a half apart rightly give different
//! ages (83, then 85); an age that fits no common birth date is a slip, often a copied-over
//! figure from an older story.
//!
//! **Example.**
//! ```yaml
//! rules:
//!   - id: ages-fit
//!     kind: age
//!     born: born        # optional
//! ```
//! Finding (`age-mismatch`, error): *The ages and birth dates of alberto-fujimori fit no
//! single birth date: 84 (Latin Times, 2022-04-08) and 1938-07-28 (Wikipedia) cannot both be
//! true.*

use chrono::NaiveDate;

use super::{Kind, Shared, finding, kind_doc};
use crate::analysis::Context;
use crate::finding::{Code, CodeInfo, Evidence, Finding, Standing};
use crate::model::{End, Rule, Severity};
use crate::value::{Value, ValueType};
use crate::yaml::{Fields, Reader};
use schemars::JsonSchema;

/// The `age` rule kind.
pub struct Age;

pub const AGE_MISMATCH: Code = Code(&CodeInfo {
    kind: Age::NAME,
    name: "age-mismatch",
    meaning: "ages and birth dates of one person fit no one birth date",
});

impl Kind for Age {
    type Settings = Params;
    const NAME: &str = "age";
    const CODES: &[Code] = &[AGE_MISMATCH];
    const DEFAULT_SEVERITY: Severity = Severity::Error;
    const DOC: &str = kind_doc!("age.rs");

    fn read(r: &mut Reader, f: &Fields, _shared: &mut Shared) -> Option<Params> {
        Params::read(r, f)
    }

    fn check(rule: &Rule, params: &Params, ctx: &Context, out: &mut Vec<Finding>) {
        check(rule, params, ctx, out)
    }
}

/// The settings of an `age` rule.
#[derive(Debug, Clone, JsonSchema)]
pub struct Params {
    /// The birth-date property (default born).
    pub born: String,
}

impl Params {
    pub fn read(r: &mut Reader, f: &Fields) -> Option<Params> {
        Some(Params {
            born: r
                .opt_string(f, "born", "the birth-date property")
                .map_or_else(|| "born".to_string(), |s| s.value),
        })
    }
}

/// One constraint on the birth date, with what it rests on.
struct Window {
    evidence: Evidence,
    start: NaiveDate,
    end: NaiveDate,
    reason: String,
    /// The registry's reference birth date.
    reference: bool,
}

/// The birth days a value allows. A birth date with two readings allows the days from the
/// first to the last, so that it fits whenever either reading does.
fn window(value: &Value) -> Option<(NaiveDate, NaiveDate)> {
    match value {
        Value::Age { .. } => value.birth_window(),
        Value::Date(d) => {
            let days = d.hull();
            Some((days.start, days.end))
        }
        _ => None,
    }
}

pub fn check(rule: &Rule, params: &Params, ctx: &Context, out: &mut Vec<Finding>) {
    let is_age = |p: &str| ctx.ws.property(p).is_some_and(|p| p.ty == ValueType::Age);
    let mut subjects: Vec<&str> = ctx
        .slots_for(rule)
        .filter(|((_, p), _)| is_age(p))
        .map(|((s, _), _)| s.as_str())
        .collect();
    subjects.dedup();
    for subject in subjects {
        let mut windows = Vec::new();
        let end = ctx.entity(subject).and_then(|e| e.end.as_ref());
        for ((s, p), claims) in ctx.slots.range((subject.to_string(), String::new())..) {
            if s != subject {
                break;
            }
            if !(is_age(p) && ctx.admits(rule, s, p)) && *p != params.born {
                continue;
            }
            for &c in claims {
                let claim = ctx.claim(c);
                let source = ctx.ws.source_of(claim);
                let (value, at_death) =
                    at_death(&claim.value, end, claim.as_of == source.published);
                let Some((start, end)) = window(&value) else {
                    continue;
                };
                let reason = match value {
                    Value::Age { years, as_of } => {
                        let on = if at_death { "at death," } else { "on" };
                        format!(
                            "{years} {on} {as_of} ⇒ born {start} … {end} ({}, {})",
                            source.outlet, source.published
                        )
                    }
                    _ => format!(
                        "born {} ({}, {})",
                        claim.written, source.outlet, source.published
                    ),
                };
                windows.push(Window {
                    evidence: ctx.evidence(c),
                    start,
                    end,
                    reason,
                    reference: false,
                });
            }
        }
        if let Some(entity) = ctx.entity(subject) {
            for fact in entity.facts.iter().filter(|f| f.property == params.born) {
                if let Some((start, end)) = window(&fact.value) {
                    let reference = entity.reference.as_deref().unwrap_or("registry");
                    windows.push(Window {
                        evidence: ctx.fact_evidence(entity, fact),
                        start,
                        end,
                        reason: format!("born {} ({reference})", fact.written),
                        reference: true,
                    });
                }
            }
        }
        // In an order that depends on the dates and who says them, never on file order.
        windows.sort_by(|a, b| {
            (a.start, a.end, &a.reason, &a.evidence.value).cmp(&(
                b.start,
                b.end,
                &b.reason,
                &b.evidence.value,
            ))
        });
        let (Some(latest_start), Some(earliest_end)) = (
            windows
                .iter()
                .enumerate()
                .max_by_key(|(i, w)| (w.start, std::cmp::Reverse(*i))),
            windows.iter().enumerate().min_by_key(|(i, w)| (w.end, *i)),
        ) else {
            continue;
        };
        if latest_start.1.start <= earliest_end.1.end {
            continue;
        }
        let (a, b) = (latest_start.1, earliest_end.1);
        let mut f = finding(
            rule,
            AGE_MISMATCH,
            subject,
            None,
            format!(
                "The ages and birth dates of {subject} fit no single birth date: {} and {} cannot both be true",
                short(a),
                short(b)
            ),
        );
        f.notes = windows.iter().map(|w| w.reason.clone()).collect();
        let standings = standings(&windows);
        f.evidence = windows
            .into_iter()
            .zip(standings)
            .map(|(w, standing)| Evidence {
                standing,
                ..w.evidence
            })
            .collect();
        out.push(f);
    }
}

/// Which windows a mismatch holds wrong. The birth date is sought where the most windows
/// meet, inside the registry's reference birth date when there is one: when one set of
/// windows meets there and nowhere else as many do, they are upheld and the rest are wrong.
/// Otherwise the windows off the reference are wrong and the others disputed (with no
/// reference, every window is disputed: two ages that fit no common birth date, and nothing
/// to say which).
fn standings(windows: &[Window]) -> Vec<Standing> {
    let reference = windows
        .iter()
        .filter(|w| w.reference)
        .map(|w| (w.start, w.end))
        .reduce(|(s1, e1), (s2, e2)| (s1.max(s2), e1.min(e2)))
        .filter(|(s, e)| s <= e);
    let (lo, hi) = reference.unwrap_or((NaiveDate::MIN, NaiveDate::MAX));
    // Sweep the window edges inside [lo, hi]: where the most windows meet, leftmost and rightmost.
    let mut edges: Vec<(NaiveDate, i32)> = Vec::new();
    for w in windows {
        let (start, end) = (w.start.max(lo), w.end.min(hi));
        if start <= end {
            edges.push((start, 1));
            edges.push((end.succ_opt().unwrap_or(NaiveDate::MAX), -1));
        }
    }
    // Ends before starts on one day: a window ending the day before another starts does not
    // meet it.
    edges.sort_unstable();
    let (mut depth, mut most, mut first, mut last) = (0, 0, lo, lo);
    for &(day, step) in &edges {
        depth += step;
        if step > 0 && depth > most {
            (most, first, last) = (depth, day, day);
        } else if step > 0 && depth == most {
            last = day;
        }
    }
    let covers = |w: &Window, day: NaiveDate| w.start <= day && day <= w.end;
    let met: Vec<bool> = windows
        .iter()
        .map(|w| covers(w, first) && covers(w, last))
        .collect();
    let unique = most > 0 && met.iter().filter(|&&m| m).count() == most as usize;
    windows
        .iter()
        .zip(met)
        .map(|(w, met)| {
            let off_reference = reference.is_some() && (w.end < lo || w.start > hi);
            match () {
                _ if w.reference => Standing::Upheld,
                _ if off_reference => Standing::Wrong,
                _ if unique && met => Standing::Upheld,
                _ if unique => Standing::Wrong,
                _ => Standing::Disputed,
            }
        })
        .collect()
}

/// An age as of the subject's death when its source, published after the death (or when it
/// may already have happened), gave it no date of its own (`as_of` defaults to publication):
/// "died aged 34" a month on is 34 at death. Says whether it was moved.
fn at_death(value: &Value, end: Option<&End>, defaulted: bool) -> (Value, bool) {
    match (value, end) {
        (Value::Age { years, as_of }, Some(end)) if defaulted => match end.by(as_of) {
            Some(at) => (
                Value::Age {
                    years: *years,
                    as_of: at,
                },
                true,
            ),
            None => (value.clone(), false),
        },
        _ => (value.clone(), false),
    }
}

/// "84 (Latin Times, 2022-04-08)": a window's reason up to the arrow, for the headline.
fn short(w: &Window) -> String {
    let label = w.evidence.label.split(": ").next().unwrap_or("");
    format!("{} ({label})", w.evidence.value)
}

#[cfg(test)]
mod tests {
    use crate::finding::Standing;
    use crate::testing::{checked, findings, load, second_reading};

    /// Each outlet's age and where the mismatch puts it, for ages of x given by outlets
    /// A, B, C... on 2023-12-06, without a reference birth date.
    fn standings(ages: &[u32]) -> Vec<(String, Standing)> {
        let mut files = vec![
            (
                "properties.yaml".to_string(),
                "properties:\n  age: {type: age}\n".to_string(),
            ),
            (
                "rules.yaml".to_string(),
                "rules:\n  - {id: ages, kind: age}\n".to_string(),
            ),
        ];
        for (i, age) in ages.iter().enumerate() {
            let outlet = char::from(b'A' + i as u8);
            files.push((
                format!("{outlet}.yaml"),
                format!("source:\n  outlet: {outlet}\n  published: 2023-12-06\nclaims:\n  - id: age\n    subject: x\n    property: age\n    value: {age}\n"),
            ));
        }
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        let found = checked(&load(&files));
        assert_eq!(found.len(), 1, "{found:?}");
        let mut out: Vec<(String, Standing)> = found[0]
            .evidence
            .iter()
            .map(|e| (format!("{} {}", e.origin, e.value), e.standing))
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    #[test]
    fn the_age_two_outlets_outvote_is_held_wrong_and_theirs_upheld() {
        let s = standings(&[54, 54, 61]);
        let wrong: Vec<&str> = s
            .iter()
            .filter(|(_, st)| *st == Standing::Wrong)
            .map(|(w, _)| w.as_str())
            .collect();
        assert_eq!(wrong, ["C, 2023-12-06 61"], "{s:?}");
        assert_eq!(
            s.iter().filter(|(_, st)| *st == Standing::Upheld).count(),
            2
        );
    }

    #[test]
    fn two_ages_one_against_one_are_both_disputed_not_wrong() {
        let s = standings(&[54, 61]);
        assert!(s.iter().all(|(_, st)| *st == Standing::Disputed), "{s:?}");
    }

    /// An age of 30 stated on 2023-12-06 and a birth date of x.
    fn age_and_birth(born: &str) -> crate::model::Workspace {
        load(&[
            (
                "properties.yaml",
                "properties:\n  age: {type: age}\n  born: {type: date}\n",
            ),
            ("rules.yaml", "rules:\n  - {id: ages, kind: age}\n"),
            (
                "a.yaml",
                &format!(
                    "source:\n  outlet: A\n  published: 2023-12-06\nclaims:\n  - id: age\n    subject: x\n    property: age\n    value: 30\n  - id: born\n    subject: x\n    property: born\n    value: \"{born}\"\n"
                ),
            ),
        ])
    }

    #[test]
    fn a_birth_date_fits_an_age_when_either_reading_does() {
        // 30 on 2023-12-06: born 1992-12-07 … 1993-12-06.
        let mut ws = age_and_birth("1991-11-16");
        assert_eq!(findings(&ws).len(), 1, "one reading alone does not fit");
        second_reading(&mut ws, "born", "1993-11-16");
        assert!(findings(&ws).is_empty(), "{:?}", findings(&ws));
    }

    #[test]
    fn a_birth_date_that_fits_under_neither_reading_is_a_mismatch() {
        let mut ws = age_and_birth("1990-11-16");
        second_reading(&mut ws, "born", "1991-11-16");
        assert_eq!(findings(&ws).len(), 1, "{:?}", findings(&ws));
    }

    /// A registry of one person born 1990-03-01 who died on `died`, and one source of
    /// 2025-04-10 giving their age as `age` (with `as_of` when given).
    fn dead(died: &str, age: u32, as_of: Option<&str>) -> Vec<String> {
        let as_of = as_of.map_or(String::new(), |d| format!("    as_of: {d}\n"));
        findings(&load(&[
            (
                "properties.yaml",
                "properties:\n  age: {type: age}\n  born: {type: date}\n",
            ),
            (
                "rules.yaml",
                "rules:\n  - {id: ages, kind: age}\n  - {id: facts, kind: reference}\n",
            ),
            (
                "registry.yaml",
                &format!(
                    "entities:\n  - id: x\n    name: Elmer Cáceres\n    died: {died}\n    facts:\n      born: 1990-03-01\n"
                ),
            ),
            (
                "a.yaml",
                &format!(
                    "source:\n  outlet: A\n  published: 2025-04-10\nclaims:\n  - subject: x\n    property: age\n    value: {age}\n{as_of}"
                ),
            ),
        ]))
    }

    #[test]
    fn an_age_published_after_the_death_without_as_of_is_the_age_at_death() {
        // 34 on 2025-04-10 would mean born after 1990-04-10; at death (2025-02-14) it fits.
        assert!(dead("2025-02-14", 34, None).is_empty());
        let past = dead("2025-02-14", 35, None);
        assert_eq!(past.len(), 1, "{past:?}");
        assert!(past[0].contains("35 (A, 2025-04-10)"), "{past:?}");
    }

    #[test]
    fn a_death_known_only_to_the_year_widens_the_age_at_death() {
        // Died some day in 2025: 34 fits a death up to 2025-02-28, 35 one from 2025-03-01.
        assert!(dead("2025", 34, None).is_empty());
        assert!(dead("2025", 35, None).is_empty());
        assert_eq!(dead("2025", 36, None).len(), 1);
    }

    #[test]
    fn a_death_after_the_publication_leaves_the_age_at_publication() {
        // Alive on 2025-04-10 at 35; 34 would be a mismatch then.
        assert!(dead("2025-05-02", 35, None).is_empty());
        assert_eq!(dead("2025-05-02", 34, None).len(), 1);
    }

    #[test]
    fn an_age_dated_after_the_death_is_kept_at_its_date_and_reported_after_the_end() {
        let found = dead("2025-02-14", 35, Some("2025-03-01"));
        assert_eq!(
            found,
            [
                "after-end: A (2025-04-10) gives age of x as of 2025-03-01, but x died 2025-02-14 (registry)"
            ],
        );
    }
}
