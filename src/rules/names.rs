//! # names
//!
//! **What it checks.** Every mention of an entity (a claim's `subject`, or the value of an
//! `entity` property) resolves to exactly one entity of the registry. Names match ignoring
//! case, accents, punctuation and white space. A mention that is not a registered name but a
//! near miss of one (a typo, a dropped first name) is a `name-variant`, shown with the
//! difference spelt out; the other checks then treat it as that entity, so it is reported
//! once and not again as a conflict. Without a registry entry, mentions of one
//! (subject, property) by different sources are held against each other the same way.
//! A name that fits two entities is `ambiguous-name`; any other unregistered name is
//! `unknown-entity` (only when a registry is loaded).
//!
//! Near misses: normalised edit similarity at least `min_similarity` (default 0.85), or all
//! words of the shorter name (two or more) found in the longer. Candidates come from blocking
//! on words, word prefixes and sets of words, never from comparing every pair of names, so a
//! near miss of a common name is still found in a registry of thousands of people. A name
//! longer than 200 characters is matched only exactly; its `unknown-entity` finding says so.
//!
//! **Why it matters to an editor.** A misspelt or incomplete name is a correction waiting to
//! happen, and the same person under two spellings hides that two stories disagree.
//!
//! **Example.**
//! ```yaml
//! rules:
//!   - id: names
//!     kind: names
//!     min_similarity: 0.85
//!     help: Use the registry's canonical name, or add the spelling as an alias if it is right.
//! ```
//! Finding (`name-variant`, warning): *"Pablo Kuczynski" is a near miss of "Pedro Pablo
//! Kuczynski" (pedro-pablo-kuczynski): `{+Pedro +}Pablo Kuczynski`.*

use super::{KindInfo, finding, read_number};
use crate::check::Context;
use crate::finding::{Code, Finding};
use crate::load::yaml::{Fields, Reader};
use crate::model::{Rule, Severity};
use crate::names::{DEFAULT_MIN_SIMILARITY, MAX_NAME_CHARS, inline_diff, too_long};
use std::collections::BTreeMap;

use crate::model::ClaimIdx;
use crate::resolve::{MentionReport, Outcome, Place};

pub const INFO: KindInfo = KindInfo {
    name: "names",
    codes: &[Code::NameVariant, Code::UnknownEntity, Code::AmbiguousName],
    default_severity: Severity::Warning,
    keys: &["min_similarity"],
    source: include_str!("names.rs"),
};

#[derive(Debug, Clone, Copy)]
pub struct Params {
    pub min_similarity: f64,
}

impl Params {
    pub fn read(r: &mut Reader, f: &Fields) -> Option<Params> {
        let min = read_number(r, f, "min_similarity", 0.5, 1.0)?;
        Some(Params {
            min_similarity: min.unwrap_or(DEFAULT_MIN_SIMILARITY),
        })
    }
}

/// The claims a mention stands in, and where in each.
type Mentions = Vec<(ClaimIdx, Place)>;

pub fn check(rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
    for report in &ctx.names.reports {
        // One finding per slot the mention stands in, so that subject and property are exact.
        let mut by_slot: BTreeMap<(String, Option<String>), Mentions> = BTreeMap::new();
        for &(c, place) in &report.claims {
            let (subject, property) = (ctx.subject_key(c), &ctx.claim(c).property.value);
            if !ctx.admits(rule, subject, property) {
                continue;
            }
            let property = (place == Place::Value).then(|| property.clone());
            by_slot
                .entry((subject.to_string(), property))
                .or_default()
                .push((c, place));
        }
        for ((subject, property), claims) in by_slot {
            out.push(mention_finding(
                rule,
                ctx,
                report,
                &subject,
                property.as_deref(),
                &claims,
            ));
        }
    }
}

fn mention_finding(
    rule: &Rule,
    ctx: &Context,
    report: &MentionReport,
    subject: &str,
    property: Option<&str>,
    claims: &[(ClaimIdx, Place)],
) -> Finding {
    let m = &report.mention;
    let (code, message, note, help) = match &report.outcome {
        Outcome::Variant {
            key,
            name,
            registered: true,
        } => (
            Code::NameVariant,
            format!("\"{m}\" is a near miss of \"{name}\" ({key})"),
            Some(format!("difference: {}", inline_diff(m, name))),
            format!(
                "write \"{name}\", or add \"{m}\" to {key}'s aliases if it is a correct spelling"
            ),
        ),
        Outcome::Variant { name, .. } => (
            Code::NameVariant,
            format!("\"{m}\" is a near miss of \"{name}\", as another source writes it"),
            Some(format!("difference: {}", inline_diff(m, name))),
            "settle on one spelling, and add the entity to the registry".to_string(),
        ),
        Outcome::Ambiguous { keys } => (
            Code::AmbiguousName,
            format!("\"{m}\" could refer to any of: {}", keys.join(", ")),
            None,
            "write the entity id or a name that only one entity has".to_string(),
        ),
        Outcome::Unknown { closest } => (
            Code::UnknownEntity,
            format!("\"{m}\" is not in the registry"),
            too_long(m).then(|| {
                format!(
                    "a name longer than {MAX_NAME_CHARS} characters is matched only exactly, \
                     not as a near miss of a registered name"
                )
            }),
            match closest {
                Some(c) => {
                    format!("did you mean \"{c}\"? Otherwise add it to the registry's entities")
                }
                None => {
                    "add it to the registry's entities, with the aliases the articles use".into()
                }
            },
        ),
    };
    let mut f = finding(rule, code, subject, property, message);
    f.notes.extend(note);
    if f.help.is_none() {
        f.help = Some(help.into());
    }
    f.evidence = claims
        .iter()
        .map(|&(c, p)| match p {
            Place::Subject => ctx.subject_evidence(c),
            Place::Value => ctx.evidence(c),
        })
        .collect();
    f
}
