//! What the YAML says, read with spans and checked for shape (unknown keys, wrong types),
//! before any meaning is given to it. One reader per file kind.

use marked_yaml::Node;

use super::schema::{
    CLAIM, CLAIMS_FILE, ENTITIES_FILE, ENTITY, ENTITY_TYPE, PROPERTIES_FILE, PROPERTY, RULE,
    RULES_FILE, SOURCE,
};
use crate::error::{LoadErrorKind, did_you_mean};
use crate::span::{Span, Spanned};
use crate::yaml::{RawValue, Reader};

/// The most rules one run loads; a rule past them is a load error, and is not loaded.
pub const MAX_RULES: usize = 10_000;
/// The longest `message` or `help` of a rule, in characters: they are repeated in findings.
pub const MAX_RULE_TEXT: usize = 2_000;

/// The four kinds of file, told by their top-level keys.
pub const FILE_KINDS: &[&str] = &[
    "source",
    "claims",
    "entities",
    "types",
    "properties",
    "rules",
];

#[derive(Debug)]
pub struct RawSource {
    pub id: Option<Spanned<String>>,
    pub outlet: Option<Spanned<String>>,
    pub published: Option<Spanned<String>>,
    pub title: Option<Spanned<String>>,
    pub url: Option<Spanned<String>>,
    pub text: Option<Spanned<String>>,
    pub language: Option<Spanned<String>>,
    pub span: Span,
}

#[derive(Debug)]
pub struct RawClaim {
    pub id: Option<Spanned<String>>,
    /// 1-based position in the file's list, for the default id `#N`.
    pub position: usize,
    pub subject: Option<Spanned<String>>,
    pub property: Option<Spanned<String>>,
    pub value: Option<RawValue>,
    pub quote: Option<Spanned<String>>,
    pub as_of: Option<Spanned<String>>,
    /// The id of a claim of the same source whose date this one's is read from.
    pub relative_to: Option<Spanned<String>>,
    pub note: Option<Spanned<String>>,
    pub span: Span,
}

#[derive(Debug)]
pub struct RawClaimsFile {
    pub source: Option<RawSource>,
    pub claims: Vec<RawClaim>,
}

#[derive(Debug)]
pub struct RawEntity {
    pub id: Option<Spanned<String>>,
    pub name: Option<Spanned<String>>,
    pub kind: Option<Spanned<String>>,
    pub aliases: Vec<Spanned<String>>,
    pub adjectives: Vec<Spanned<String>>,
    /// `died`, `dissolved` or `ended`, each given: when it stopped being.
    pub ends: Vec<(&'static str, Spanned<String>)>,
    pub facts: Vec<(Spanned<String>, RawValue)>,
    pub reference: Option<Spanned<String>>,
    pub naming: Option<Spanned<String>>,
    pub triggers: Vec<Spanned<String>>,
    pub span: Span,
}

#[derive(Debug)]
pub struct RawProperty {
    pub name: Spanned<String>,
    pub ty: Option<Spanned<String>>,
    pub label: Option<Spanned<String>>,
    pub range: Vec<Spanned<String>>,
    pub many: Option<Spanned<String>>,
    pub changes: Option<Spanned<String>>,
    pub future: Option<Spanned<String>>,
    pub tolerance: Option<Spanned<String>>,
    /// Each term with its wordings.
    pub terms: Option<(Span, Vec<RawTerm>)>,
    /// Another property whose terms this one shares.
    pub terms_from: Option<Spanned<String>>,
    pub strict: Option<Spanned<String>>,
    pub cues: Vec<Spanned<String>>,
    pub span: Span,
}

/// A term of a vocabulary, with its wordings.
pub type RawTerm = (Spanned<String>, Vec<Spanned<String>>);

/// An entity type's generic words (`types:` in a registry file).
#[derive(Debug)]
pub struct RawEntityType {
    pub name: Spanned<String>,
    pub interchangeable: Vec<Vec<Spanned<String>>>,
    pub ignore: Vec<Spanned<String>>,
}

/// A rule entry; its kind-specific keys stay as nodes for the kind to read.
#[derive(Debug)]
pub struct RawRule<'n> {
    pub id: Option<Spanned<String>>,
    pub kind: Option<Spanned<String>>,
    pub severity: Option<Spanned<String>>,
    pub subjects: Option<Vec<Spanned<String>>>,
    pub properties: Option<Vec<Spanned<String>>>,
    pub message: Option<Spanned<String>>,
    pub help: Option<Spanned<String>>,
    pub node: &'n Node,
    pub span: Span,
}

/// Which kind a file is, from its top-level keys; reports a file that mixes kinds or has none.
pub fn file_kind(r: &mut Reader, root: &Node) -> Option<&'static str> {
    let Node::Mapping(map) = root else {
        return None;
    };
    let mut kinds: Vec<&'static str> = Vec::new();
    for key in map.keys() {
        let k = key.as_str();
        let kind = match k {
            "source" | "claims" => "claims",
            "entities" | "types" => "entities",
            "properties" => "properties",
            "rules" => "rules",
            _ => {
                let help = did_you_mean(k, FILE_KINDS.iter().copied()).unwrap_or_else(|| {
                    "top-level keys are `source` + `claims`, `entities`, `properties` or `rules`".into()
                });
                let span = r.key_span(key);
                r.error(
                    span,
                    LoadErrorKind::UnknownKey { key: k.into() },
                    Some(help),
                );
                continue;
            }
        };
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    match kinds.as_slice() {
        [one] => Some(one),
        [] => {
            if map.is_empty() {
                let span = r.span(root);
                r.error(span, LoadErrorKind::Empty, Some(
                    "start the file with `source:` + `claims:`, `entities:`, `properties:` or `rules:`".into(),
                ));
            }
            None
        }
        _ => {
            let span = r.span(root);
            r.error(
                span,
                LoadErrorKind::Invalid(format!("this file mixes kinds: {}", kinds.join(", "))),
                Some("put sources with their claims, the registry, properties and rules in separate files".into()),
            );
            None
        }
    }
}

pub fn read_claims_file(r: &mut Reader, root: &Node) -> RawClaimsFile {
    let Some(top) = r.fields(
        root,
        "claims file",
        &CLAIMS_FILE.allowed,
        &CLAIMS_FILE.required,
    ) else {
        return RawClaimsFile {
            source: None,
            claims: Vec::new(),
        };
    };
    let source = top.get("source").and_then(|n| {
        let f = r.fields(n, "source", &SOURCE.allowed, &SOURCE.required)?;
        Some(RawSource {
            id: r.opt_string(&f, "id", "a source id"),
            outlet: r.opt_string(&f, "outlet", "the outlet's name"),
            published: r.opt_string(&f, "published", "a publication date"),
            title: r.opt_string(&f, "title", "a title"),
            url: r.opt_string(&f, "url", "a URL"),
            text: r.opt_string(&f, "text", "a path to the article text"),
            language: r.opt_string(&f, "language", "a BCP 47 language tag"),
            span: f.span,
        })
    });
    let mut claims = Vec::new();
    if let Some(list) = top.get("claims") {
        // `claims:` with nothing under it is an empty list, not an error.
        let items = match list {
            Node::Scalar(s) if s.as_str().is_empty() => &[][..],
            _ => r.list(list, "a list of claims"),
        };
        for (i, node) in items.iter().enumerate() {
            let Some(f) = r.fields(node, "claim", &CLAIM.allowed, &CLAIM.required) else {
                continue;
            };
            claims.push(RawClaim {
                id: r.opt_string(&f, "id", "a claim id"),
                position: i + 1,
                subject: r.opt_string(&f, "subject", "an entity id or name"),
                property: r.opt_string(&f, "property", "a property name"),
                value: f.get("value").map(|n| r.raw_value(n)),
                quote: r.opt_string(&f, "quote", "the source's own words"),
                as_of: r.opt_string(&f, "as_of", "a date"),
                relative_to: r.opt_string(&f, "relative_to", "a claim id"),
                note: r.opt_string(&f, "note", "a note"),
                span: f.span,
            });
        }
    }
    RawClaimsFile { source, claims }
}

pub fn read_entities(r: &mut Reader, root: &Node) -> Vec<RawEntity> {
    let Some(top) = r.fields(
        root,
        "registry",
        &ENTITIES_FILE.allowed,
        &ENTITIES_FILE.required,
    ) else {
        return Vec::new();
    };
    let Some(list) = top.get("entities") else {
        return Vec::new();
    };
    let items = r.list(list, "a list of entities");
    let mut out = Vec::new();
    for node in items {
        let Some(f) = r.fields(node, "entity", &ENTITY.allowed, &ENTITY.required) else {
            continue;
        };
        let facts = match f.get("facts") {
            Some(Node::Mapping(map)) => map
                .iter()
                .map(|(k, v)| {
                    let ks = r.key_span(k);
                    (Spanned::new(k.as_str().to_string(), ks), r.raw_value(v))
                })
                .collect(),
            Some(other) => {
                r.fields(other, "facts", &[], &[]);
                Vec::new()
            }
            None => Vec::new(),
        };
        out.push(RawEntity {
            id: r.opt_string(&f, "id", "an entity id"),
            name: r.opt_string(&f, "name", "the canonical name"),
            kind: r.opt_string(&f, "type", "a type label such as person or court"),
            aliases: f
                .get("aliases")
                .map(|n| r.string_list(n, "a name"))
                .unwrap_or_default(),
            adjectives: f
                .get("adjectives")
                .map(|n| r.string_list(n, "an adjective"))
                .unwrap_or_default(),
            ends: crate::model::END_KEYS
                .iter()
                .filter_map(|&k| {
                    Some((
                        k,
                        r.opt_string(&f, k, "a date: YYYY, YYYY-MM or YYYY-MM-DD")?,
                    ))
                })
                .collect(),
            facts,
            reference: r.opt_string(&f, "reference", "where the facts come from"),
            naming: r.opt_string(&f, "naming", "spanish or portuguese"),
            triggers: f
                .get("triggers")
                .map(|n| r.string_list(n, "a word that names it"))
                .unwrap_or_default(),
            span: f.span,
        });
    }
    out
}

pub fn read_properties(r: &mut Reader, root: &Node) -> Vec<RawProperty> {
    let Some(top) = r.fields(
        root,
        "properties file",
        &PROPERTIES_FILE.allowed,
        &PROPERTIES_FILE.required,
    ) else {
        return Vec::new();
    };
    let Some(Node::Mapping(map)) = top.get("properties") else {
        if let Some(n) = top.get("properties") {
            r.fields(n, "properties (name: {type: ...})", &[], &[]);
        }
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, node) in map.iter() {
        let name_span = r.span(&Node::Scalar(name.clone()));
        let Some(f) = r.fields(node, "property", &PROPERTY.allowed, &PROPERTY.required) else {
            continue;
        };
        out.push(RawProperty {
            name: Spanned::new(name.as_str().to_string(), name_span),
            ty: r.opt_string(&f, "type", "a value type"),
            label: r.opt_string(&f, "label", "a label such as \"what it was for\""),
            range: f
                .get("range")
                .map(|n| r.string_list(n, "an entity type"))
                .unwrap_or_default(),
            many: r.opt_string(&f, "many", "true or false"),
            changes: r.opt_string(&f, "changes", "true or false"),
            future: r.opt_string(&f, "future", "true or false"),
            tolerance: r.opt_string(&f, "tolerance", "a number, or a percentage like 2%"),
            terms: f.get("terms").map(|n| (r.span(n), read_terms(r, n))),
            terms_from: r.opt_string(&f, "terms_from", "a property with terms"),
            strict: r.opt_string(&f, "strict", "true or false"),
            cues: f
                .get("cues")
                .map(|n| r.string_list(n, "a cue such as \"aged {n}\""))
                .unwrap_or_default(),
            span: name_span,
        });
    }
    out
}

/// `term: [wording, ...]` pairs; a term with nothing under it has only its id as wording.
fn read_terms(r: &mut Reader, node: &Node) -> Vec<RawTerm> {
    let Node::Mapping(map) = node else {
        r.fields(node, "terms (term: [wordings])", &[], &[]);
        return Vec::new();
    };
    map.iter()
        .map(|(k, v)| {
            let wordings = match v {
                Node::Scalar(s) if s.as_str().is_empty() => Vec::new(),
                _ => r.string_list(v, "a wording"),
            };
            (
                Spanned::new(k.as_str().to_string(), r.key_span(k)),
                wordings,
            )
        })
        .collect()
}

/// The `types:` of a registry file.
pub fn read_entity_types(r: &mut Reader, root: &Node) -> Vec<RawEntityType> {
    let Some(node) = root.as_mapping().and_then(|m| m.get_node("types")) else {
        return Vec::new();
    };
    let Node::Mapping(map) = node else {
        r.fields(node, "types (type: {interchangeable, ignore})", &[], &[]);
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, node) in map.iter() {
        let Some(f) = r.fields(
            node,
            "entity type",
            &ENTITY_TYPE.allowed,
            &ENTITY_TYPE.required,
        ) else {
            continue;
        };
        let interchangeable = match f.get("interchangeable") {
            Some(groups) => r
                .list(groups, "a list of groups of words, like [[prison, jail]]")
                .iter()
                .map(|g| r.string_list(g, "a word"))
                .collect(),
            None => Vec::new(),
        };
        out.push(RawEntityType {
            name: Spanned::new(name.as_str().to_string(), r.key_span(name)),
            interchangeable,
            ignore: f
                .get("ignore")
                .map(|n| r.string_list(n, "a word"))
                .unwrap_or_default(),
        });
    }
    out
}

/// Reads the common keys of each rule; `kind_keys` gives the extra keys a kind accepts.
pub fn read_rules<'n, 'k>(
    r: &mut Reader,
    root: &'n Node,
    kind_keys: impl Fn(&str) -> Option<&'k [String]>,
) -> Vec<RawRule<'n>> {
    let Some(top) = r.fields(
        root,
        "rules file",
        &RULES_FILE.allowed,
        &RULES_FILE.required,
    ) else {
        return Vec::new();
    };
    let Some(list) = top.get("rules") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for node in r.list(list, "a list of rules") {
        let kind_name = node
            .as_mapping()
            .and_then(|m| m.get_scalar("kind"))
            .map(|s| s.as_str().to_string());
        let extra = kind_name.as_deref().and_then(&kind_keys).unwrap_or(&[]);
        let allowed: Vec<&str> = (RULE.allowed.iter().copied())
            .chain(extra.iter().map(String::as_str))
            .collect();
        let Some(f) = r.fields(node, "rule", &allowed, &RULE.required) else {
            continue;
        };
        out.push(RawRule {
            id: r.opt_string(&f, "id", "a rule id"),
            kind: r.opt_string(&f, "kind", "a rule kind"),
            severity: r.opt_string(&f, "severity", "error, warning or info"),
            subjects: f.get("subjects").map(|n| r.string_list(n, "an entity id")),
            properties: f
                .get("properties")
                .map(|n| r.string_list(n, "a property name")),
            message: r.opt_string(&f, "message", "a message"),
            help: r.opt_string(&f, "help", "advice for the editor"),
            node,
            span: f.span,
        });
    }
    out
}
