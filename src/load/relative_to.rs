//! `relative_to:`: the claim of the same source a claim's date is read from ("two years
//! later"), and an order in which each claim comes after the one it is read from.
//!
//! Each claim reads from at most one other, so the links form paths and cycles only: one walk
//! along them places every claim once, linear in the number of claims, and meets each cycle
//! once, reported as one error naming its claims.

use std::collections::HashMap;

use super::raw::RawClaim;
use crate::error::{LoadErrorKind, did_you_mean};
use crate::model::{Claim, ReadFrom};
use crate::value::Value;
use crate::yaml::Reader;

/// Past this many unknown targets in a file, the rest get no "did you mean": each suggestion
/// looks through every claim id of the file.
const SUGGESTED: usize = 20;
/// Nor does a target longer than this: no id is a near miss of it, and comparing costs its length.
const SUGGESTED_LEN: usize = 64;

/// A cycle's error names its first claims only, so that its length stays bounded.
const NAMED: usize = 10;

/// What a claim's date is read from, as written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Link {
    /// Its `as_of`, by default the publication date: no `relative_to`.
    Anchor,
    /// The claim at this position of the file (0-based).
    Claim(usize),
    /// A target that is unknown, a draft or in a cycle: reported, and the date is not read.
    Broken,
}

/// What a claim's date is read from, once the claim it names is validated.
pub enum Target {
    Anchor,
    Claim(ReadFrom),
    /// A target with no single date: why, reported at `relative_to` if the claim's own
    /// property is a date (else that is the error).
    NoDate(String),
    /// Reported already, here or at the target.
    Broken,
}

/// The link of each claim of a file, and the order to validate them in: every claim after
/// the one it is read from. `ids` are the claims' ids and `drafts` tells which are drafts
/// (whose `relative_to` is not read until they are done), both in file order.
pub fn order(
    r: &mut Reader,
    claims: &[RawClaim],
    ids: &[String],
    drafts: &[bool],
) -> (Vec<Link>, Vec<usize>) {
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(ids.len());
    for (i, id) in ids.iter().enumerate() {
        index.entry(id.as_str()).or_insert(i);
    }
    let mut unknown = 0;
    let mut links = Vec::with_capacity(claims.len());
    for (c, &draft) in claims.iter().zip(drafts) {
        let Some(target) = c.relative_to.as_ref().filter(|_| !draft) else {
            links.push(Link::Anchor);
            continue;
        };
        let link = match index.get(target.value.trim()) {
            Some(&t) if drafts[t] => {
                r.error(
                    target.span,
                    LoadErrorKind::Invalid(format!(
                        "claim `{}` is a draft, with no date to read from",
                        target.value
                    )),
                    Some("finish that claim first, or read this date from another".into()),
                );
                Link::Broken
            }
            Some(&t) => Link::Claim(t),
            None => {
                unknown += 1;
                let help = (unknown <= SUGGESTED && target.value.len() <= SUGGESTED_LEN)
                    .then(|| did_you_mean(&target.value, ids.iter().map(String::as_str)))
                    .flatten()
                    .unwrap_or_else(|| {
                        "name a claim of this file's source by its `id` (\"#3\" for the third \
                         claim without one); claims of other sources cannot be read from"
                            .into()
                    });
                r.error(
                    target.span,
                    LoadErrorKind::Unknown {
                        what: "claim".into(),
                        name: target.value.clone(),
                    },
                    Some(help),
                );
                Link::Broken
            }
        };
        links.push(link);
    }
    let order = place(r, claims, ids, &mut links);
    (links, order)
}

/// Orders the claims, each after its target, breaking the links of every cycle.
fn place(r: &mut Reader, claims: &[RawClaim], ids: &[String], links: &mut [Link]) -> Vec<usize> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        OnPath,
        Placed,
    }
    let mut state = vec![State::New; links.len()];
    let mut order = Vec::with_capacity(links.len());
    let mut path = Vec::new();
    for start in 0..links.len() {
        let mut at = start;
        let mut cycle_from = None;
        while state[at] == State::New {
            state[at] = State::OnPath;
            path.push(at);
            match links[at] {
                Link::Claim(t) if state[t] == State::OnPath => {
                    cycle_from = Some(t);
                    break;
                }
                Link::Claim(t) => at = t,
                Link::Anchor | Link::Broken => break,
            }
        }
        if let Some(t) = cycle_from {
            let at = path.iter().position(|&i| i == t).unwrap_or(0);
            let cycle = &path[at..];
            report_cycle(r, claims, ids, cycle);
            for &i in cycle {
                links[i] = Link::Broken;
            }
        }
        for &i in path.iter().rev() {
            state[i] = State::Placed;
        }
        order.extend(path.drain(..).rev());
    }
    order
}

/// One error for a cycle, at the `relative_to` of its first claim in the file.
fn report_cycle(r: &mut Reader, claims: &[RawClaim], ids: &[String], cycle: &[usize]) {
    let first = (0..cycle.len()).min_by_key(|&k| cycle[k]).unwrap_or(0);
    let name = |i: usize| format!("`{}`", ids[i]);
    let mut names: Vec<String> = cycle[first..]
        .iter()
        .chain(&cycle[..first])
        .take(NAMED)
        .map(|&i| name(i))
        .collect();
    if cycle.len() > NAMED {
        names.push(format!("… ({} claims in all)", cycle.len()));
    }
    names.push(name(cycle[first]));
    let c = &claims[cycle[first]];
    let span = c.relative_to.as_ref().map_or(c.span, |t| t.span);
    let (message, help) = match cycle {
        [one] => (
            format!("claim `{}` is read from itself", ids[*one]),
            "name the claim whose date it follows, or drop `relative_to`",
        ),
        _ => (
            format!(
                "these claims' dates are read from each other in a cycle: {}",
                names.join(" → ")
            ),
            "give one of them its date outright or from the publication date (drop its \
             `relative_to`), and read the others from it",
        ),
    };
    r.error(span, LoadErrorKind::Invalid(message), Some(help.into()));
}

/// The date a claim is read from, now that the claim it names (`read[t]`) is validated.
pub fn target(link: Link, read: &[Option<Claim>]) -> Target {
    let t = match link {
        Link::Anchor => return Target::Anchor,
        Link::Broken => return Target::Broken,
        Link::Claim(t) => t,
    };
    // A target that did not load has its own errors.
    let Some(claim) = read[t].as_ref() else {
        return Target::Broken;
    };
    match &claim.value {
        Value::Date(date) => Target::Claim(ReadFrom {
            claim: claim.id.to_string(),
            date: *date,
        }),
        other => {
            let holds = match other {
                Value::Set(_) => "holds several values",
                _ => "is not a date",
            };
            Target::NoDate(format!(
                "claim `{}` holds no single date to read from: its property `{}` {holds}",
                claim.id, claim.property.value
            ))
        }
    }
}
