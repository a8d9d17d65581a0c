//! Raw → model: gives what the YAML says its meaning (types, dates, references), reporting
//! every problem with its place and keeping everything that is sound.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, HashSet};

use compact_str::CompactString;
use marked_yaml::Node;
use rayon::prelude::*;

use super::raw::{self, RawClaim, RawClaimsFile, RawSource};
use super::relative_to::{self, Target};
use crate::error::{LoadError, LoadErrorKind, did_you_mean};
use crate::language::Language;
use crate::model::{Claim, Draft, End, Entity, Fact, Naming, Property, Source, TODO, Workspace};
use crate::span::{FileId, Files, SourceFile, Span, Spanned};
use crate::timings::Timings;
use crate::value::date::Period;
use crate::value::text::fold_name;
use crate::value::{DateReading, Tolerance, Value, ValueSpec, ValueType, parse_date, sequel};
use crate::vocab::{TypeWords, Vocabulary};
use crate::yaml::{MAX_ERRORS, Reader};

/// A file as parsed: a claims file is read into its raw form by the worker that parsed it, so
/// that its tree is freed at once (claims files are nearly all of an archive); the few other
/// files keep their tree for validation.
pub struct Parsed {
    id: FileId,
    kind: Option<&'static str>,
    body: Body,
    errors: Vec<LoadError>,
}

enum Body {
    Claims(Box<RawClaimsFile>),
    Tree(Node),
}

impl Parsed {
    pub fn read(id: FileId, src: &SourceFile, node: Node) -> Parsed {
        let mut r = Reader::new(id, src);
        let kind = raw::file_kind(&mut r, &node);
        let body = match kind {
            Some("claims") => Body::Claims(Box::new(raw::read_claims_file(&mut r, &node))),
            _ => Body::Tree(node),
        };
        Parsed {
            id,
            kind,
            body,
            errors: r.errors,
        }
    }
}

/// Parses one file and reads a claims file into its raw form, freeing its tree.
fn parse(files: &Files, id: FileId) -> Result<Parsed, Box<LoadError>> {
    let src = files.get(id);
    crate::yaml::parse(id, src).map(|node| Parsed::read(id, src, node))
}

/// Whether a file's first top-level key is `source` or `claims`, read from its text: such a
/// file is a claims file, or one that mixes kinds (an error), never a properties or entities
/// file. A claims file written otherwise (after `---`, say) is simply not recognised here.
fn starts_as_claims(text: &str) -> bool {
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    first.is_some_and(|l| {
        ["source:", "claims:"].iter().any(|key| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
        })
    })
}

/// Parses every file and validates what it says into the workspace, collecting every error.
///
/// Claims files are nearly all of an archive. They are parsed, read and validated on every
/// core once the properties are known, each file's tree and raw form freed on its worker, so
/// that a whole archive is never held in those heavier forms; the other files are parsed
/// first. What needs all claims files (a source id used twice) is settled after, in file
/// order, so the result does not depend on scheduling.
pub fn parse_and_validate(
    ws: &mut Workspace,
    errors: &mut Vec<LoadError>,
    timings: &mut Timings,
) -> Vec<ParsedRulesFile> {
    let files = std::mem::take(&mut ws.files);
    let (claims_like, others): (Vec<FileId>, Vec<FileId>) = (0..files.len() as u32)
        .map(FileId)
        .partition(|&id| starts_as_claims(&files.get(id).text));
    let parsed: Vec<_> = timings.time("parse", || {
        others.par_iter().map(|&id| parse(&files, id)).collect()
    });
    let mut by_kind: BTreeMap<&str, Vec<(FileId, Body)>> = BTreeMap::new();
    for p in parsed {
        match p {
            Ok(p) => {
                errors.extend(p.errors);
                if let Some(kind) = p.kind {
                    by_kind.entry(kind).or_default().push((p.id, p.body));
                }
            }
            Err(e) => errors.push(*e),
        }
    }
    let mut files_of = |kind: &str| by_kind.remove(kind).unwrap_or_default();
    let (properties, entities, claims, rules) = (
        files_of("properties"),
        files_of("entities"),
        files_of("claims"),
        files_of("rules"),
    );
    let mut v = Validator {
        files: &files,
        errors,
    };
    timings.time("validate registry", || {
        let mut shared = Vec::new();
        for (id, body) in &properties {
            if let Body::Tree(node) = body {
                shared.extend(v.properties(ws, *id, node));
            }
        }
        v.share_terms(ws, shared);
        for (id, body) in &entities {
            if let Body::Tree(node) = body {
                v.entities(ws, *id, node);
            }
        }
        v.shared_names(ws);
    });
    let ws_read: &Workspace = ws;
    let checked: Vec<Result<ClaimsFile, Box<LoadError>>> =
        timings.time("parse+validate claims", || {
            // The first were parsed with the other files; their reading errors are reported.
            let parsed_first = claims
                .into_par_iter()
                .map(|(id, body)| Ok(claims_of(&files, ws_read, id, body, Vec::new())));
            let parsed_here = claims_like.into_par_iter().map(|id| {
                let p = parse(&files, id)?;
                Ok(claims_of(&files, ws_read, id, p.body, p.errors))
            });
            parsed_first.chain(parsed_here).collect()
        });
    timings.time("validate", || {
        let mut checked: Vec<ClaimsFile> = checked
            .into_iter()
            .filter_map(|c| c.map_err(|e| v.errors.push(*e)).ok())
            .collect();
        checked.sort_by_key(|c| c.file);
        let mut source_ids: HashMap<String, Span> = HashMap::new();
        // Claims are large: growing the list as files are added copied them over and over.
        ws.claims
            .reserve(checked.iter().map(|f| f.claims.len()).sum());
        for file in checked {
            v.add_claims_file(ws, file, &mut source_ids);
        }
    });
    ws.files = files;
    rules
        .into_iter()
        .filter_map(|(file, body)| match body {
            Body::Tree(node) => Some(ParsedRulesFile { file, node }),
            Body::Claims(_) => None,
        })
        .collect()
}

/// A rules file as parsed: its rules are read by their kinds (`rules::compile`), once
/// everything else is loaded.
#[derive(Debug)]
pub struct ParsedRulesFile {
    pub file: FileId,
    pub node: Node,
}

/// A file taken for a claims file, validated, with the errors of reading it.
fn claims_of(
    files: &Files,
    ws: &Workspace,
    id: FileId,
    body: Body,
    errors: Vec<LoadError>,
) -> ClaimsFile {
    let mut checked = match body {
        Body::Claims(file) => Validator::claims_file(files, ws, id, &file),
        // A file that mixes kinds: its reading errors say so, and nothing is validated.
        Body::Tree(_) => ClaimsFile {
            file: id,
            source: None,
            claims: Vec::new(),
            drafts: Vec::new(),
            errors: Vec::new(),
        },
    };
    checked.errors.extend(errors);
    checked
}

/// A claims file validated on its own: its source, claims and drafts, with the index of their
/// source still to be given.
struct ClaimsFile {
    file: FileId,
    /// The source, and where its id is written, to point at when another file uses it too.
    source: Option<(Source, Span)>,
    claims: Vec<Claim>,
    drafts: Vec<Draft>,
    errors: Vec<LoadError>,
}

struct Validator<'a> {
    // A shared reference, so that readers borrow the files and not the validator.
    files: &'a Files,
    errors: &'a mut Vec<LoadError>,
}

/// The property a claim, fact or rule names, or an error with a "did you mean".
pub fn declared_property<'w>(
    r: &mut Reader,
    ws: &'w Workspace,
    name: &Spanned<String>,
) -> Option<&'w Property> {
    let found = ws.property(&name.value);
    if found.is_none() {
        let help = did_you_mean(&name.value, ws.properties.keys().map(String::as_str))
            .unwrap_or_else(|| "declare it in a properties file (rules/properties.yaml)".into());
        r.error(
            name.span,
            LoadErrorKind::Unknown {
                what: "property".into(),
                name: name.value.clone(),
            },
            Some(help),
        );
    }
    found
}

/// A property that takes another's terms: its file, its name and the property named.
type SharedTerms = (FileId, String, Spanned<String>);

/// A property's terms, each wording under one term only.
fn vocabulary(r: &mut Reader, terms: &[raw::RawTerm]) -> Vocabulary {
    let mut v = Vocabulary::default();
    for (term, wordings) in terms {
        let i = v.add_term(&term.value);
        for w in std::iter::once(term).chain(wordings) {
            if let Err(other) = v.add_wording(i, &w.value) {
                let message = format!(
                    "\"{}\" is a wording of two terms: {other} and {}",
                    w.value, term.value
                );
                r.error(
                    w.span,
                    LoadErrorKind::Invalid(message),
                    Some("a wording stands for one term: keep it under one of them".into()),
                );
            }
        }
    }
    v
}

/// An entity's `naming:`.
fn naming(r: &mut Reader, n: &Spanned<String>) -> Option<Naming> {
    match n.value.trim() {
        "spanish" => Some(Naming::Spanish),
        "portuguese" => Some(Naming::Portuguese),
        other => {
            r.error(
                n.span,
                LoadErrorKind::InvalidValue {
                    what: "naming".into(),
                    text: other.into(),
                },
                Some(
                    "write spanish (the first of two surnames is used alone) or portuguese \
                     (the last one)"
                        .into(),
                ),
            );
            None
        }
    }
}

/// The longest property label: a headline, not a paragraph.
pub const MAX_LABEL_CHARS: usize = 120;

/// A property's `label`: one line of visible text, not empty, at most [`MAX_LABEL_CHARS`].
fn label(r: &mut Reader, l: &Spanned<String>) -> Option<String> {
    let text = l.value.trim();
    let why = if text.is_empty() {
        Some("a property's `label` is empty".to_string())
    } else if text.chars().count() > MAX_LABEL_CHARS {
        Some(format!(
            "a property's `label` is {} characters long, more than the {MAX_LABEL_CHARS} allowed",
            text.chars().count()
        ))
    } else if text.chars().any(crate::text_safety::is_hidden) {
        Some("a property's `label` holds a line break, a tab or a hidden character".to_string())
    } else {
        None
    };
    match why {
        None => Some(text.to_string()),
        Some(why) => {
            r.error(
                l.span,
                LoadErrorKind::Invalid(why),
                Some("write a short headline on one line, like \"what it was for\" or \"date jailed\"".into()),
            );
            None
        }
    }
}

fn yes_no(r: &mut Reader, s: &Option<Spanned<String>>) -> bool {
    match s.as_ref().map(|s| (s, s.value.trim())) {
        None => false,
        Some((_, "true")) => true,
        Some((_, "false")) => false,
        Some((s, other)) => {
            r.error(
                s.span,
                LoadErrorKind::InvalidValue {
                    what: "flag".into(),
                    text: other.into(),
                },
                Some("write true or false".into()),
            );
            false
        }
    }
}

impl Validator<'_> {
    /// "first used in claims/a.yaml at line 3": where an id given twice was given first.
    fn first_at(&self, verb: &str, prev: Span) -> String {
        format!(
            "first {verb} in {} at line {}",
            self.files.path(prev.file),
            prev.line
        )
    }

    fn finish(&mut self, r: Reader) {
        self.errors.extend(r.errors);
    }

    /// Validates a properties file; returns the properties that take another's terms
    /// (`terms_from`), to be given them once every property is known.
    fn properties(&mut self, ws: &mut Workspace, id: FileId, node: &Node) -> Vec<SharedTerms> {
        let files = self.files;
        let mut r = Reader::new(id, files.get(id));
        let mut shared = Vec::new();
        for p in raw::read_properties(&mut r, node) {
            let Some(ty_text) = &p.ty else { continue };
            let Some(ty) = ValueType::parse(ty_text.value.trim()) else {
                let names: Vec<&str> = ValueType::ALL.iter().map(|(n, _)| *n).collect();
                let help = did_you_mean(&ty_text.value, names.iter().copied())
                    .unwrap_or_else(|| format!("the types are: {}", names.join(", ")));
                r.error(
                    ty_text.span,
                    LoadErrorKind::Unknown {
                        what: "value type".into(),
                        name: ty_text.value.clone(),
                    },
                    Some(help),
                );
                continue;
            };
            if ty != ValueType::Entity
                && let Some(first) = p.range.first()
            {
                r.error(
                    first.span,
                    LoadErrorKind::Invalid("`range` applies only to entity properties".into()),
                    Some("remove `range`, or make the property `type: entity`".into()),
                );
            }
            let tolerance = match &p.tolerance {
                None => Tolerance::Exact,
                Some(t)
                    if !matches!(ty, ValueType::Number | ValueType::Money | ValueType::Time) =>
                {
                    r.error(
                        t.span,
                        LoadErrorKind::Invalid(
                            "`tolerance` applies only to number, money and time properties".into(),
                        ),
                        None,
                    );
                    Tolerance::Exact
                }
                // A time's tolerance is minutes.
                Some(t) if ty == ValueType::Time => crate::value::time::parse_tolerance(&t.value)
                    .map(Tolerance::Absolute)
                    .unwrap_or_else(|| {
                        r.error(
                            t.span,
                            LoadErrorKind::InvalidValue {
                                what: "tolerance".into(),
                                text: t.value.clone(),
                            },
                            Some("write minutes, like 5m".into()),
                        );
                        Tolerance::Exact
                    }),
                Some(t) => Tolerance::parse(&t.value).unwrap_or_else(|| {
                    r.error(
                        t.span,
                        LoadErrorKind::InvalidValue {
                            what: "tolerance".into(),
                            text: t.value.clone(),
                        },
                        Some("write an absolute amount like 0.5, or a share like 2%".into()),
                    );
                    Tolerance::Exact
                }),
            };
            let text_only = |r: &mut Reader, span: Span, key: &str| {
                r.error(
                    span,
                    LoadErrorKind::Invalid(format!("`{key}` applies only to text properties")),
                    Some(format!("remove `{key}`, or make the property `type: text`")),
                );
            };
            let terms = match &p.terms {
                Some((span, terms)) if ty != ValueType::Text => {
                    let at = terms.first().map_or(*span, |(term, _)| term.span);
                    text_only(&mut r, at, "terms");
                    None
                }
                Some((_, terms)) => Some(vocabulary(&mut r, terms)),
                None => None,
            };
            match &p.terms_from {
                Some(from) if p.terms.is_some() => r.error(
                    from.span,
                    LoadErrorKind::Invalid(
                        "a property has `terms` or `terms_from`, not both".into(),
                    ),
                    Some("keep one of them".into()),
                ),
                Some(from) if ty != ValueType::Text => text_only(&mut r, from.span, "terms_from"),
                Some(from) => shared.push((id, p.name.value.clone(), from.clone())),
                None => {}
            }
            let strict = yes_no(&mut r, &p.strict);
            if let Some(s) = p.strict.as_ref().filter(|_| ty != ValueType::Text) {
                text_only(&mut r, s.span, "strict");
            }
            let cues = p
                .cues
                .iter()
                .filter_map(|c| match crate::cue::Cue::parse(&c.value) {
                    Ok(cue) => Some(cue),
                    Err(why) => {
                        r.error(
                            c.span,
                            LoadErrorKind::Invalid(format!("cue `{}`: {why}", c.value)),
                            Some("write words around `{n}`, the value, with at most one of {person}, {body}, {event} for the subject: \"{n}-year-old {person}\", \"aged {n}\"".into()),
                        );
                        None
                    }
                })
                .collect();
            let property = Property {
                name: p.name.value.clone(),
                ty,
                label: p.label.as_ref().and_then(|l| label(&mut r, l)),
                range: p.range.iter().map(|s| s.value.clone()).collect(),
                many: yes_no(&mut r, &p.many),
                changes: yes_no(&mut r, &p.changes),
                future: yes_no(&mut r, &p.future),
                tolerance,
                terms,
                strict,
                cues,
                span: p.span,
            };
            if let Some(prev) = ws.properties.get(&property.name) {
                let first = self.first_at("declared", prev.span);
                r.error(
                    p.span,
                    LoadErrorKind::DuplicateId {
                        what: "property".into(),
                        id: property.name.clone(),
                    },
                    Some(first),
                );
                continue;
            }
            ws.properties.insert(property.name.clone(), property);
        }
        self.finish(r);
        shared
    }

    /// Gives each `terms_from` property the terms of the property it names, which must be a
    /// text property with `terms` of its own.
    fn share_terms(&mut self, ws: &mut Workspace, shared: Vec<SharedTerms>) {
        // Terms are shared one step only, so that the result does not depend on the order
        // the properties are declared in.
        let takers: HashSet<String> = shared.iter().map(|(_, name, _)| name.clone()).collect();
        for (file, name, from) in shared {
            let mut r = Reader::new(file, self.files.get(file));
            match ws.property(&from.value) {
                Some(source) if source.terms.is_some() && !takers.contains(&from.value) => {
                    let terms = source.terms.clone();
                    if let Some(p) = ws.properties.get_mut(&name) {
                        p.terms = terms;
                    }
                }
                found => {
                    let help = match found {
                        Some(_) => "name a text property that declares `terms:` itself".into(),
                        None => did_you_mean(&from.value, ws.properties.keys().map(String::as_str))
                            .unwrap_or_else(|| "name a property that declares `terms:`".into()),
                    };
                    r.error(
                        from.span,
                        LoadErrorKind::Invalid(format!(
                            "`terms_from: {}` names no property with terms of its own",
                            from.value
                        )),
                        Some(help),
                    );
                }
            }
            self.finish(r);
        }
    }

    fn typed(r: &mut Reader, raw: &crate::yaml::RawValue, spec: ValueSpec) -> Option<Value> {
        Value::parse(raw, spec)
            .map_err(|e| r.error(e.span, LoadErrorKind::Invalid(e.message), Some(e.help)))
            .ok()
    }

    fn entities(&mut self, ws: &mut Workspace, id: FileId, node: &Node) {
        let files = self.files;
        let mut r = Reader::new(id, files.get(id));
        self.entity_types(ws, &mut r, node);
        let mut known: HashMap<String, Span> =
            ws.entities.iter().map(|e| (e.id.clone(), e.span)).collect();
        for e in raw::read_entities(&mut r, node) {
            let (Some(eid), Some(name)) = (e.id, e.name) else {
                continue;
            };
            if let Some(prev) = known.get(&eid.value) {
                let first = self.first_at("defined", *prev);
                r.error(
                    eid.span,
                    LoadErrorKind::DuplicateId {
                        what: "entity id".into(),
                        id: eid.value.clone(),
                    },
                    Some(first),
                );
                continue;
            }
            known.insert(eid.value.clone(), eid.span);
            let mut facts = Vec::new();
            for (prop, value) in &e.facts {
                let Some(p) = declared_property(&mut r, ws, prop) else {
                    continue;
                };
                let spec = ValueSpec {
                    ty: p.ty,
                    many: p.many,
                    as_of: None,
                    date: DateReading::default(),
                };
                if let Some(v) = Self::typed(&mut r, value, spec) {
                    facts.push(Fact {
                        property: prop.value.clone(),
                        value: v,
                        written: value.written(),
                        span: value.span(),
                    });
                }
            }
            let naming = e.naming.and_then(|n| naming(&mut r, &n));
            let end = Self::end(&mut r, &e.ends);
            ws.entities.push(Entity {
                id: eid.value,
                name,
                kind: e.kind.map(|k| k.value),
                aliases: e.aliases,
                adjectives: e.adjectives,
                end,
                facts,
                reference: e.reference.map(|s| s.value),
                naming,
                triggers: e
                    .triggers
                    .iter()
                    .map(|t| crate::value::text::fold_name(&t.value))
                    .filter(|t| !t.is_empty())
                    .collect(),
                span: eid.span,
            });
        }
        self.finish(r);
    }

    /// An entity's `died`, `dissolved` or `ended`: one of them, an absolute date.
    fn end(r: &mut Reader, ends: &[(&'static str, Spanned<String>)]) -> Option<End> {
        let [(key, date), rest @ ..] = ends else {
            return None;
        };
        if let Some((other, at)) = rest.first() {
            r.error(
                at.span,
                LoadErrorKind::Invalid(format!("`{key}` and `{other}` both say when it ended")),
                Some("keep one: `died` for a person, `dissolved` for a body, `ended` for anything else".into()),
            );
        }
        let invalid = |why: String| {
            (
                LoadErrorKind::InvalidValue {
                    what: format!("`{key}` date"),
                    text: date.value.clone(),
                },
                why,
            )
        };
        let period = match Period::parse_absolute(&date.value) {
            Ok(Some(p)) => Ok(p),
            Ok(None) => Err(invalid(format!(
                "write the date as YYYY, YYYY-MM or YYYY-MM-DD, e.g. {key}: 2024-03-27"
            ))),
            Err(why) => Err(invalid(why)),
        };
        match period {
            Ok(period) => Some(End {
                key,
                period,
                written: date.value.clone(),
                span: date.span,
            }),
            Err((kind, help)) => {
                r.error(date.span, kind, Some(help));
                None
            }
        }
    }

    /// Warns where an alias is also another entity's name or alias (after folding): a flow
    /// list `aliases: [Dundalk, Maryland]` makes a state an alias of a town, and every mention
    /// of either becomes ambiguous. Two canonical names may rightly be the same (two people
    /// called José García); an alias is a choice, and one another entity goes by is a slip.
    /// The alias is flagged (the later one when both are), naming the other place.
    fn shared_names(&self, ws: &mut Workspace) {
        // Folded name → its first use, its first use as an alias, and the last entity to use it
        // (an entity's names are read together, so a repeat within one entity is seen there).
        type Use<'a> = (usize, Span, bool, &'a str);
        let mut seen: HashMap<String, (Use, Option<Use>, usize)> = HashMap::new();
        let mut warnings = Vec::new();
        'entities: for (i, e) in ws.entities.iter().enumerate() {
            let names =
                std::iter::once((&e.name, false)).chain(e.aliases.iter().map(|a| (a, true)));
            for (name, is_alias) in names {
                let here = (i, name.span, is_alias, name.value.as_str());
                let (first, first_alias, last) = match seen.entry(fold_name(&name.value)) {
                    Entry::Vacant(v) => {
                        v.insert((here, is_alias.then_some(here), i));
                        continue;
                    }
                    Entry::Occupied(o) => o.into_mut(),
                };
                if *last == i {
                    continue;
                }
                *last = i;
                let there = if is_alias { Some(*first) } else { *first_alias };
                if is_alias && first_alias.is_none() {
                    *first_alias = Some(here);
                }
                let Some(there) = there else {
                    continue;
                };
                let (flagged, other) = if is_alias {
                    (here, there)
                } else {
                    (there, here)
                };
                let (entity, other_entity) = (&ws.entities[flagged.0], &ws.entities[other.0]);
                let kind = LoadErrorKind::SharedName {
                    name: flagged.3.to_string(),
                    entity: entity.id.clone(),
                    other: other_entity.id.clone(),
                };
                let help = format!(
                    "it is also {} of `{}` at {}:{}:{}, so a mention of it fits both; remove it from one (a flow list like `aliases: [Dundalk, Maryland]` holds two names; a demonym such as Honduran goes under `adjectives:`)",
                    if other.2 { "an alias" } else { "the name" },
                    other_entity.id,
                    self.files.path(other.1.file),
                    other.1.line,
                    other.1.column,
                );
                let path = self.files.path(flagged.1.file);
                if warnings.len() == MAX_ERRORS {
                    // As for errors: past the limit, one warning says the rest are not listed.
                    let more = LoadErrorKind::Invalid(format!(
                        "more than {MAX_ERRORS} aliases shared between entities; the rest are not listed"
                    ));
                    warnings.push(
                        LoadError::at(flagged.1, path, more)
                            .with_help("fix the aliases listed, and check again"),
                    );
                    break 'entities;
                }
                warnings.push(LoadError::at(flagged.1, path, kind).with_help(help));
            }
        }
        ws.warnings.extend(warnings);
    }

    /// The `types:` of a registry file: each type's generic words.
    fn entity_types(&mut self, ws: &mut Workspace, r: &mut Reader, node: &Node) {
        for t in raw::read_entity_types(r, node) {
            if ws.entity_types.contains_key(&t.name.value) {
                r.error(
                    t.name.span,
                    LoadErrorKind::DuplicateId {
                        what: "entity type".into(),
                        id: t.name.value.clone(),
                    },
                    Some("declare each type's words once".into()),
                );
                continue;
            }
            let mut words = TypeWords::default();
            for group in &t.interchangeable {
                let texts: Vec<&str> = group.iter().map(|w| w.value.as_str()).collect();
                for clash in words.interchangeable(&texts) {
                    let at = group
                        .iter()
                        .find(|w| w.value == clash)
                        .map_or(t.name.span, |w| w.span);
                    r.error(
                        at,
                        LoadErrorKind::Invalid(format!(
                            "\"{clash}\" is in two groups of interchangeable words of {}",
                            t.name.value
                        )),
                        Some("merge the two groups, or keep the word in one".into()),
                    );
                }
            }
            for w in &t.ignore {
                words.ignore(&w.value);
            }
            if let Some(both) = words.ignores_interchangeable() {
                let at = t
                    .ignore
                    .iter()
                    .find(|w| fold_name(&w.value).split(' ').any(|x| x == both));
                r.error(
                    at.map_or(t.name.span, |w| w.span),
                    LoadErrorKind::Invalid(format!(
                        "\"{both}\" is both ignored and interchangeable for {}",
                        t.name.value
                    )),
                    Some("a word either carries no identity (`ignore`) or stands for another (`interchangeable`)".into()),
                );
            }
            ws.entity_types.insert(t.name.value, words);
        }
    }

    fn source(r: &mut Reader, raw: &RawSource, stem: &str) -> Option<Source> {
        let published = raw.published.as_ref()?;
        let period = match Period::parse_absolute(&published.value) {
            Ok(Some(p)) => Some(p),
            Ok(None) => {
                r.error(
                    published.span,
                    LoadErrorKind::InvalidValue {
                        what: "publication date".into(),
                        text: published.value.clone(),
                    },
                    Some("write YYYY-MM-DD, or YYYY-MM / YYYY when only that is known".into()),
                );
                None
            }
            Err(why) => {
                r.error(
                    published.span,
                    LoadErrorKind::InvalidValue {
                        what: "publication date".into(),
                        text: published.value.clone(),
                    },
                    Some(why),
                );
                None
            }
        };
        // A bad tag is reported, and the source still loads with nothing read in its quotes, so
        // that its claims are checked and no quote is misread.
        let language = match &raw.language {
            None => Language::default(),
            Some(tag) => match Language::parse(&tag.value) {
                Ok(language) => language,
                Err(why) => {
                    r.error(
                        tag.span,
                        LoadErrorKind::InvalidValue {
                            what: "language tag".into(),
                            text: tag.value.clone(),
                        },
                        Some(format!(
                            "{why}; write a BCP 47 tag such as `en`, `es`, `es-PE` or `nb`"
                        )),
                    );
                    Language::undetermined()
                }
            },
        };
        Some(Source {
            id: raw
                .id
                .as_ref()
                .map_or_else(|| stem.to_string(), |s| s.value.clone()),
            outlet: raw.outlet.as_ref()?.value.clone(),
            published: period?,
            title: raw.title.as_ref().map(|s| s.value.clone()),
            url: raw.url.as_ref().map(|s| s.value.clone()),
            language,
            text: raw.text.clone(),
            article: None,
            span: raw.span,
        })
    }

    /// Validates one claims file against the properties; its claims name source 0 until
    /// [`Validator::add_claims_file`] gives them their place.
    fn claims_file(files: &Files, ws: &Workspace, id: FileId, file: &RawClaimsFile) -> ClaimsFile {
        let mut r = Reader::new(id, files.get(id));
        let stem = std::path::Path::new(files.path(id))
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        let source = file
            .source
            .as_ref()
            .and_then(|s| Self::source(&mut r, s, &stem));
        // Claims are still validated when the source is broken, so that all their errors show.
        let as_of_default = source.as_ref().map(|s| s.published);
        let english = Language::default();
        let language = source.as_ref().map_or(&english, |s| &s.language);
        let mut drafts = Vec::new();
        let mut seen: HashMap<String, Span> = HashMap::new();
        // Ids first, in file order, so that a duplicate is reported the same whatever order
        // the claims are validated in.
        let ids: Vec<String> = file
            .claims
            .iter()
            .map(|c| Self::claim_id(&mut r, c, &mut seen))
            .collect();
        let mut is_draft = Vec::with_capacity(file.claims.len());
        for c in &file.claims {
            let draft = Self::draft(c, 0);
            is_draft.push(draft.is_some());
            drafts.extend(draft);
        }
        // A claim read from another (`relative_to`) is validated after it; kept in file order.
        let (links, order) = relative_to::order(&mut r, &file.claims, &ids, &is_draft);
        let mut read: Vec<Option<Claim>> = (0..file.claims.len()).map(|_| None).collect();
        for i in order.into_iter().filter(|&i| !is_draft[i]) {
            let c = &file.claims[i];
            let target = relative_to::target(links[i], &read);
            read[i] = Self::claim(
                &mut r,
                ws,
                c,
                ids[i].clone(),
                as_of_default,
                language,
                target,
            );
        }
        let claims = read.into_iter().flatten().collect();
        let source_at = |raw: &RawSource| raw.id.as_ref().map_or(raw.span, |s| s.span);
        ClaimsFile {
            file: id,
            source: source.zip(file.source.as_ref().map(source_at)),
            claims,
            drafts,
            errors: r.errors,
        }
    }

    /// Adds a validated claims file to the workspace, unless its source is broken or its
    /// source id was used by an earlier file.
    fn add_claims_file(
        &mut self,
        ws: &mut Workspace,
        file: ClaimsFile,
        source_ids: &mut HashMap<String, Span>,
    ) {
        self.errors.extend(file.errors);
        let Some((source, source_at)) = file.source else {
            return;
        };
        if let Some(prev) = source_ids.get(&source.id) {
            let first = self.first_at("used", *prev);
            let path = self.files.path(source_at.file);
            let mut e = LoadError::at(
                source_at,
                path,
                LoadErrorKind::DuplicateId {
                    what: "source id".into(),
                    id: source.id.clone(),
                },
            );
            e.help = Some(format!("{first}; give each source its own `id`"));
            self.errors.push(e);
            return;
        }
        let at = ws.sources.len();
        source_ids.insert(source.id.clone(), source.span);
        ws.sources.push(source);
        ws.claims
            .extend(file.claims.into_iter().map(|c| Claim { source: at, ..c }));
        ws.drafts
            .extend(file.drafts.into_iter().map(|d| Draft { source: at, ..d }));
    }

    /// A claim whose subject or property is still `TODO` is a draft, not checked until done.
    fn draft(c: &RawClaim, source: usize) -> Option<Draft> {
        let todo: Vec<(&'static str, Span)> = [("subject", &c.subject), ("property", &c.property)]
            .into_iter()
            .filter_map(|(key, field)| {
                let field = field.as_ref().filter(|f| f.value.trim() == TODO)?;
                Some((key, field.span))
            })
            .collect();
        if todo.is_empty() {
            return None;
        }
        Some(Draft {
            id: c
                .id
                .as_ref()
                .map_or_else(|| format!("#{}", c.position), |s| s.value.clone()),
            source,
            subject: c
                .subject
                .as_ref()
                .map_or_else(|| TODO.to_string(), |s| s.value.clone()),
            todo,
            written: c.value.as_ref().map(|v| v.written()).unwrap_or_default(),
            span: c.span,
        })
    }

    /// The claim's id, reporting one already used in the file.
    fn claim_id(r: &mut Reader, c: &RawClaim, ids: &mut HashMap<String, Span>) -> String {
        let id =
            c.id.as_ref()
                .map_or_else(|| format!("#{}", c.position), |s| s.value.clone());
        if let Some(prev) = ids.get(&id) {
            let at = c.id.as_ref().map_or(c.span, |s| s.span);
            r.error(
                at,
                LoadErrorKind::DuplicateId {
                    what: "claim id".into(),
                    id: id.clone(),
                },
                Some(format!(
                    "first used at line {}; claim ids are unique within a file",
                    prev.line
                )),
            );
        } else {
            ids.insert(id.clone(), c.span);
        }
        id
    }

    fn claim(
        r: &mut Reader,
        ws: &Workspace,
        c: &RawClaim,
        id: String,
        published: Option<Period>,
        language: &Language,
        target: Target,
    ) -> Option<Claim> {
        let in_language = DateReading {
            future: false,
            language: Some(language),
        };
        let as_of = match &c.as_of {
            None => published,
            Some(s) => match parse_date(&s.value, published, in_language) {
                Ok(d) => Some(d.period),
                Err(why) => {
                    r.error(
                        s.span,
                        LoadErrorKind::InvalidValue {
                            what: "as_of date".into(),
                            text: s.value.clone(),
                        },
                        Some(why),
                    );
                    None
                }
            },
        };
        let property = c
            .property
            .as_ref()
            .and_then(|p| declared_property(r, ws, p));
        let raw_value = c.value.as_ref()?;
        let relative_at = c.relative_to.as_ref().map_or(c.span, |t| t.span);
        let value = property.and_then(|p| match &target {
            Target::Anchor => Self::typed(
                r,
                raw_value,
                ValueSpec {
                    ty: p.ty,
                    many: p.many,
                    as_of,
                    date: DateReading {
                        future: p.future,
                        ..in_language
                    },
                },
            ),
            _ if p.ty != ValueType::Date || p.many => {
                let holds = if p.many {
                    "holds several values".to_string()
                } else {
                    format!("is of type {}", p.ty.name())
                };
                r.error(
                    relative_at,
                    LoadErrorKind::Invalid(format!(
                        "`relative_to` applies to a single date, and property `{}` {holds}",
                        p.name
                    )),
                    Some("remove `relative_to`, or use it on a date property".into()),
                );
                None
            }
            Target::Claim(from) => sequel::parse(raw_value, &from.date)
                .map_err(|e| r.error(e.span, LoadErrorKind::Invalid(e.message), Some(e.help)))
                .ok()
                .map(Value::Date),
            Target::NoDate(why) => {
                r.error(
                    relative_at,
                    LoadErrorKind::Invalid(why.clone()),
                    Some("name a claim whose property is a date (`type: date`, not `many`)".into()),
                );
                None
            }
            Target::Broken => None,
        });
        let relative_to = match target {
            Target::Claim(from) => Some(Box::new(from)),
            _ => None,
        };
        let compact = |s: &Spanned<String>| Spanned::new(CompactString::from(&*s.value), s.span);
        Some(Claim {
            id: id.into(),
            // Given its place by `add_claims_file`.
            source: 0,
            subject: c.subject.as_ref().map(compact)?,
            property: c.property.as_ref().map(compact)?,
            value: value?,
            written: raw_value.written().into(),
            value_span: raw_value.span(),
            quote: c.quote.clone(),
            as_of: as_of?,
            note: c.note.as_ref().map(|n| n.value.clone()),
            relative_to,
            span: c.span,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_starting_with_source_or_claims_is_taken_as_a_claims_file() {
        assert!(starts_as_claims(
            "# Reuters\n\nsource:\n  outlet: Reuters\n"
        ));
        assert!(starts_as_claims("claims: []\n"));
        assert!(!starts_as_claims("properties:\n  - name: age\n"));
        assert!(!starts_as_claims("sources:\n"));
        assert!(!starts_as_claims("source:x\n"));
        assert!(!starts_as_claims("---\nsource:\n"));
        assert!(!starts_as_claims("  source:\n"));
    }

    fn load_registry(entities: &str) -> crate::load::Loaded {
        let properties = "properties:\n  born: {type: date}\n";
        crate::load::load_bytes_before_rules(
            &[
                ("properties.yaml", properties.as_bytes()),
                ("registry.yaml", entities.as_bytes()),
            ],
            &crate::load::LoadOptions::default(),
        )
    }

    /// The load warnings as `line:column message | help`.
    fn warnings(entities: &str) -> Vec<String> {
        let loaded = load_registry(entities);
        assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
        loaded
            .workspace
            .warnings
            .iter()
            .map(|w| {
                let span = w.span.expect("a place");
                format!(
                    "{}:{} {w} | {}",
                    span.line,
                    span.column,
                    w.help.as_deref().unwrap_or("")
                )
            })
            .collect()
    }

    #[test]
    fn an_alias_that_is_another_entitys_name_is_a_warning_naming_both_places() {
        let w = warnings(
            "entities:\n  - id: dundalk\n    name: Dundalk\n    aliases: [Dundalk, Maryland]\n  - id: maryland\n    name: Maryland\n",
        );
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].starts_with("4:24 `Maryland` names both `dundalk` and `maryland`"),
            "{w:?}"
        );
        assert!(
            w[0].contains("the name of `maryland` at registry.yaml:6:11"),
            "{w:?}"
        );
    }

    #[test]
    fn an_alias_two_entities_share_is_flagged_at_the_later_one_even_when_folded() {
        let w = warnings(
            "entities:\n  - id: a\n    name: Rosa Amador Villeda\n    aliases: [Amador]\n  - id: b\n    name: Luis Amador Paz\n    aliases: [ÁMADOR]\n",
        );
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].starts_with("7:15 `ÁMADOR` names both `b` and `a`"),
            "{w:?}"
        );
        assert!(
            w[0].contains("an alias of `a` at registry.yaml:4:15"),
            "{w:?}"
        );
    }

    #[test]
    fn two_entities_of_one_name_an_alias_repeating_its_own_name_and_adjectives_are_no_collision() {
        let w = warnings(
            "entities:\n  - id: jose-garcia-1\n    name: José García\n  - id: jose-garcia-2\n    name: Jose Garcia\n    aliases: [Jose Garcia, García Lobo]\n  - id: honduras\n    name: Honduras\n    adjectives: [Honduran]\n  - id: honduran-embassy\n    name: Honduran\n",
        );
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn shared_aliases_past_the_limit_end_in_one_warning_that_says_so() {
        let n = MAX_ERRORS + 5;
        let mut registry = String::from("entities:\n");
        for i in 0..n {
            registry.push_str(&format!(
                "  - {{id: e{i}, name: Person {i}, aliases: [Harbour]}}\n"
            ));
        }
        let w = warnings(&registry);
        assert_eq!(w.len(), MAX_ERRORS + 1);
        assert!(
            w[MAX_ERRORS].contains("the rest are not listed"),
            "{}",
            w[MAX_ERRORS]
        );
    }

    #[test]
    fn an_end_date_that_is_not_a_date_or_is_given_twice_is_a_load_error() {
        let loaded = load_registry(
            "entities:\n  - id: a\n    name: A\n    died: last spring\n  - id: b\n    name: B\n    died: 2024\n    ended: 2024\n  - id: c\n    name: C\n    dissolved: 2024-02-30\n",
        );
        let errors: Vec<String> = loaded
            .errors
            .iter()
            .map(|e| {
                format!(
                    "{}: {e} | {}",
                    e.span.map_or(0, |s| s.line),
                    e.help.as_deref().unwrap_or("")
                )
            })
            .collect();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(
            errors[0].starts_with("4: invalid `died` date `last spring` | write the date as YYYY"),
            "{errors:?}"
        );
        assert!(
            errors[1].starts_with("8: `died` and `ended` both say when it ended"),
            "{errors:?}"
        );
        assert!(errors[2].contains("February has no day 30"), "{errors:?}");
        // Each entity still loads: only its end date is left out.
        assert_eq!(loaded.workspace.entities.len(), 3);
        let end = loaded.workspace.entities[1]
            .end
            .as_ref()
            .expect("b's first end date is kept");
        assert_eq!((end.key, end.verb()), ("died", "died"));
    }
}
