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
//! `unknown-entity` (only when a registry is loaded). An unknown or ambiguous value is then
//! not also a `conflict`, and no finding of this kind makes a claim `uncorroborated` as well
//! (`crosscheck explain precedence`).
//!
//! Look-alike characters are found. A mention written with letters of another script that
//! look like the name's ("Albеrtо Fujimori" with a Cyrillic е and о) or with invisible
//! characters (a zero-width space, a soft hyphen) is a `name-variant` of the name it imitates,
//! not an unknown name, and its note spells those characters out with their code points:
//! `Alb<е U+0435 Cyrillic>rt<о U+043E Cyrillic> Fujimori`. Each such character is read as the
//! letter it imitates (its confusable skeleton, Unicode UTS #39) before names are compared,
//! so a typo in a disguised name is a near miss as usual. Plain ASCII is never read as
//! something else ("Kirn" is not "Kim"), and a name wholly in one script matches the registry
//! as any other: "Путин" for a registered "Путин", "Núñez" for "Nunez". An unregistered name
//! that mixes scripts within a word, or holds invisible characters, says so in its
//! `unknown-entity` finding. Two entities whose names read the same (a registered twin written
//! with look-alike characters) make every mention of that name `ambiguous-name`.
//!
//! An entity id resolves a mention written as that id (`alberto-fujimori`, case and
//! punctuation folded), but is never a name to be a near miss of. A registry file may declare
//! for an entity type the words that do not tell its entities apart:
//! ```yaml
//! types:
//!   court:
//!     interchangeable: [[court, tribunal]]
//!     ignore: [the, Peru's, Peruvian, of, Peru]
//! ```
//! A mention whose words, with interchangeable words made one and ignored words dropped, are
//! the same set as a name's of an entity of that type resolves to it: "the Peruvian Supreme
//! Court" is the Supreme Court of Peru, "Peru's Constitutional Tribunal" the Constitutional
//! Tribunal of Peru. A mention with no word of its own left ("the tribunal") does not match so.
//!
//! Near misses: normalised edit similarity at least `min_similarity` (default 0.85), or all
//! words of the shorter name (two or more) found in the longer. Candidates come from blocking
//! on words, word prefixes and sets of words, never from comparing every pair of names, so a
//! near miss of a common name is still found in a registry of thousands of people; a
//! look-alike is one hash lookup. A name longer than 200 characters is matched only exactly;
//! its `unknown-entity` finding says so.
//!
//! Names in Spanish and Portuguese. An entity with `naming: spanish` or `naming: portuguese`
//! also goes by the short forms of its name: the last two parts are its surnames, a particle
//! ("de la", "dos") belongs to the surname after it. Spanish uses the first surname alone,
//! Portuguese the last: "Maynor Suazo Sandoval" is also "Suazo", "Suazo Sandoval",
//! "Suazo-Sandoval" and "Maynor Suazo"; "João Silva Santos" is also "Santos" and "João
//! Santos". A registered name or alias wins over a derived form; a form two people share is
//! `ambiguous-name`. A surname of five letters or more allows one slip that keeps its first
//! and last letters ("Oshoa" for "Ochoa"), not a four-letter one ("Díez" is not "Díaz") or a
//! changed ending ("Gomes" is not "Gómez"). An `unknown-entity` notes up to three closest
//! registered names. A claim whose subject fits several entities is still compared when all
//! of them hold the same values for its property (the verdict is the same whichever is
//! meant), as the first of them by id; otherwise only with claims that write the same name.
//! The `ambiguous-name` finding says which, per property (docs/formats.md, "Names in Spanish
//! and Portuguese").
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

use super::{Kind, Shared, finding, kind_doc, read_number};
use crate::analysis::Context;
use crate::finding::{Code, CodeInfo, Evidence, Finding, Standing};
use crate::model::{Rule, Severity};
use crate::names::{
    DEFAULT_MIN_SIMILARITY, MAX_NAME_CHARS, inline_diff, lookalike_chars, mixed_script_chars,
    spell_out, too_long, unconfuse,
};
use crate::yaml::{Fields, Reader};
use schemars::JsonSchema;
use std::collections::BTreeMap;

use crate::model::ClaimIdx;
use crate::resolve::{MentionReport, Outcome, Place};

/// The `names` rule kind.
pub struct Names;

pub const NAME_VARIANT: Code = Code(&CodeInfo {
    kind: Names::NAME,
    name: "name-variant",
    meaning: "a name is a near miss of a registered name or of another mention",
});

pub const UNKNOWN_ENTITY: Code = Code(&CodeInfo {
    kind: Names::NAME,
    name: "unknown-entity",
    meaning: "a name matches no entity in the registry",
});

pub const AMBIGUOUS_NAME: Code = Code(&CodeInfo {
    kind: Names::NAME,
    name: "ambiguous-name",
    meaning: "a name matches more than one entity",
});

impl Kind for Names {
    type Settings = Params;
    const NAME: &str = "names";
    const CODES: &[Code] = &[NAME_VARIANT, UNKNOWN_ENTITY, AMBIGUOUS_NAME];
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    const DOC: &str = kind_doc!("names.rs");

    fn read(r: &mut Reader, f: &Fields, _shared: &mut Shared) -> Option<Params> {
        Params::read(r, f)
    }

    fn check(rule: &Rule, _: &Params, ctx: &Context, out: &mut Vec<Finding>) {
        check(rule, ctx, out)
    }
}

/// The settings of a `names` rule.
#[derive(Debug, Clone, Copy, JsonSchema)]
pub struct Params {
    /// The least similarity for a near miss (0.5–1, default 0.85).
    pub min_similarity: f64,
    /// Whether the rule sets `min_similarity` itself; where not, a project's `min-similarity`
    /// (crosscheck.toml) applies.
    #[schemars(skip)]
    pub stated: bool,
}

impl Params {
    pub fn read(r: &mut Reader, f: &Fields) -> Option<Params> {
        let min = read_number(r, f, "min_similarity", 0.5, 1.0)?;
        Some(Params {
            min_similarity: min.unwrap_or(DEFAULT_MIN_SIMILARITY),
            stated: min.is_some(),
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
            let property = (place == Place::Value).then(|| property.to_string());
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
            registered,
            lookalike: true,
        } => {
            let whose = if *registered {
                format!("\"{name}\" ({key})")
            } else {
                format!("\"{name}\", as another claim writes it,")
            };
            // The look-alike characters may be the name's rather than the mention's.
            let (note, help) = match lookalike_chars(m, name) {
                chars if chars.is_empty() => (
                    format!(
                        "look-alike characters in \"{name}\": {}",
                        spell_out(name, &lookalike_chars(name, m))
                    ),
                    format!("retype \"{name}\" where it is written, in plain letters"),
                ),
                chars => (
                    format!("look-alike characters: {}", spell_out(m, &chars)),
                    format!("retype \"{m}\" as \"{name}\""),
                ),
            };
            (
                NAME_VARIANT,
                format!("\"{m}\" looks like {whose} but is written with look-alike characters"),
                Some(note),
                format!(
                    "{help}: look-alike characters come from another script or are invisible, \
                     from copied text or a disguise"
                ),
            )
        }
        Outcome::Variant {
            key,
            name,
            registered: true,
            ..
        } => (
            NAME_VARIANT,
            format!("\"{m}\" is a near miss of \"{name}\" ({key})"),
            Some(format!("difference: {}", inline_diff(m, name))),
            format!(
                "write \"{name}\", or add \"{m}\" to {key}'s aliases if it is a correct spelling"
            ),
        ),
        Outcome::Variant { name, .. } => (
            NAME_VARIANT,
            format!("\"{m}\" is a near miss of \"{name}\", as another claim writes it"),
            Some(format!("difference: {}", inline_diff(m, name))),
            "settle on one spelling, and add the entity to the registry".to_string(),
        ),
        Outcome::Ambiguous { keys } => (
            AMBIGUOUS_NAME,
            format!("\"{m}\" could refer to any of: {}", listed(keys)),
            disguised_twin(ctx, m, keys),
            "write the entity id or a name that only one entity has".to_string(),
        ),
        Outcome::Unknown { closest } => {
            let mixed = mixed_script_chars(m);
            let message = if mixed.is_empty() {
                format!("\"{m}\" is not in the registry")
            } else {
                format!(
                    "\"{m}\" is not in the registry, and mixes scripts or holds invisible characters"
                )
            };
            let note = if too_long(m) {
                Some(format!(
                    "a name longer than {MAX_NAME_CHARS} characters is matched only exactly, \
                     not as a near miss of a registered name"
                ))
            } else {
                (!mixed.is_empty())
                    .then(|| format!("look-alike characters: {}", spell_out(m, &mixed)))
            };
            (
                UNKNOWN_ENTITY,
                message,
                note,
                if closest.is_empty() {
                    "add it to the registry's entities, with the aliases the articles use".into()
                } else {
                    "write the name as the registry has it if it is one of these, or add it to \
                     the registry's entities"
                        .into()
                },
            )
        }
    };
    let mut f = finding(rule, code, subject, property, message);
    f.notes.extend(note);
    if let Outcome::Unknown { closest } = &report.outcome
        && !closest.is_empty()
    {
        // A note, not the help: a rule's own help replaces the default one.
        let quoted = closest.iter().map(|c| format!("\"{c}\"")).collect();
        f.notes
            .push(format!("closest registered names: {}", join_or(quoted)));
    }
    if matches!(report.outcome, Outcome::Ambiguous { .. }) {
        f.notes.extend(ambiguous_comparisons(ctx, m, claims));
    }
    if f.help.is_none() {
        f.help = Some(help.into());
    }
    // The mention is the wrong spelling when it is a near miss of a registered name, or holds
    // the look-alike characters itself; against another article's spelling, neither is known
    // to be right.
    let standing = match &report.outcome {
        Outcome::Variant {
            name,
            lookalike: true,
            ..
        } if !lookalike_chars(m, name).is_empty() => Standing::Wrong,
        Outcome::Variant {
            registered: true,
            lookalike: false,
            ..
        } => Standing::Wrong,
        _ => Standing::Disputed,
    };
    f.evidence = claims
        .iter()
        .map(|&(c, p)| Evidence {
            standing,
            ..match p {
                Place::Subject => ctx.subject_evidence(c),
                Place::Value => ctx.evidence(c),
            }
        })
        .collect();
    f
}

/// What became of the claims of an ambiguous mention, one note per property: compared as
/// the candidate all of them agree with, or where they are compared instead.
fn ambiguous_comparisons(ctx: &Context, m: &str, claims: &[(ClaimIdx, Place)]) -> Vec<String> {
    let mut by_property: BTreeMap<&str, (Place, Option<&str>)> = BTreeMap::new();
    for &(c, place) in claims {
        by_property.insert(&ctx.claim(c).property.value, (place, ctx.shared_subject(c)));
    }
    by_property
        .into_iter()
        .map(|(property, seen)| match seen {
            (Place::Value, _) => {
                format!("its {property} value is not compared: it may name any of them")
            }
            (Place::Subject, Some(key)) => format!(
                "compared as {key}'s {property}: every candidate has the same {property}, \
                 so the verdict is the same whichever is meant"
            ),
            (Place::Subject, None) => format!(
                "its {property} is compared only with claims that also write \"{m}\": \
                 the candidates' {property} differ or are not known"
            ),
        })
        .collect()
}

/// At most [`MAX_LISTED`] of some entity ids, and how many more there are.
fn listed(keys: &[String]) -> String {
    match keys.len().checked_sub(MAX_LISTED) {
        Some(more) if more > 0 => format!("{}, and {more} more", keys[..MAX_LISTED].join(", ")),
        _ => keys.join(", "),
    }
}

/// Candidates an `ambiguous-name` message names at most: a surname a registry of victims
/// shares can fit hundreds.
const MAX_LISTED: usize = 10;

/// "\"a\"", "\"a\" or \"b\"", "\"a\", \"b\" or \"c\"".
fn join_or(mut items: Vec<String>) -> String {
    match items.pop() {
        Some(last) if !items.is_empty() => format!("{} or {last}", items.join(", ")),
        Some(last) => last,
        None => String::new(),
    }
}

/// For a mention that fits several entities: the first of their names that only reads like
/// it, spelt out (a registered twin written with look-alike characters).
fn disguised_twin(ctx: &Context, mention: &str, keys: &[String]) -> Option<String> {
    let reads = unconfuse(mention);
    keys.iter().find_map(|key| {
        let e = ctx.entity(key)?;
        std::iter::once(&e.name)
            .chain(&e.aliases)
            .map(|n| n.value.as_str())
            .filter(|n| unconfuse(n) == reads)
            .map(|n| (n, lookalike_chars(n, mention)))
            .find(|(_, chars)| !chars.is_empty())
            .map(|(n, chars)| {
                format!(
                    "look-alike characters in {key}'s \"{n}\": {}",
                    spell_out(n, &chars)
                )
            })
    })
}
