//! The shape of each kind of file, as Rust types. They define which keys the loader accepts
//! (and requires), and `crosscheck schema` turns them into the JSON Schemas published in
//! `schemas/` for editors' YAML language servers. What the values mean is checked after.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use schemars::{JsonSchema, Schema, schema_for};
use serde_json::Value;

use crate::value::ValueType;

/// A claims file: what one article says.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // Shapes only: the loader reads the YAML through spans, not serde.
pub struct ClaimsFile {
    pub source: SourceDoc,
    pub claims: Vec<ClaimDoc>,
}

/// The article: who published it and when.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct SourceDoc {
    /// Unique source id; default: the file name without extension.
    pub id: Option<String>,
    /// The outlet; sources of one outlet count once for corroboration.
    pub outlet: String,
    /// YYYY-MM-DD, or YYYY-MM / YYYY when only that is known.
    pub published: DateDoc,
    pub title: Option<String>,
    pub url: Option<String>,
    /// The article text, relative to this file, for quote checks.
    pub text: Option<String>,
    /// The language of the article and its quotes, a BCP 47 tag ("es", "es-PE", "nb"); default
    /// "en". Values are read in quotes in English and Spanish, counts and ages also in Danish,
    /// Dutch, French, German, Italian and Portuguese.
    pub language: Option<String>,
}

/// One thing the article states.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct ClaimDoc {
    /// Unique in the file; default "#1", "#2", ... by position.
    pub id: Option<String>,
    /// An entity id, or a name or alias that the registry resolves.
    pub subject: String,
    /// A property declared in a properties file.
    pub property: String,
    /// Typed by the property: text, a number, a date ("2017-12-24", "Friday", "six years ago"),
    /// money ("$13.6 million"), a duration ("25 years"), a list for `many: true`.
    pub value: ValueDoc,
    /// The article's own words that state the value.
    pub quote: Option<String>,
    /// When the value holds; default: the publication date.
    pub as_of: Option<DateDoc>,
    /// The id of a claim of the same source whose date this date is read from ("two years
    /// later", "the following day", "that Friday"), instead of the publication date.
    pub relative_to: Option<String>,
    pub note: Option<String>,
}

/// A date: `2017-12-24`, `2017-12`, `2017` (which YAML reads as a number), or a phrase.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum DateDoc {
    Text(String),
    Year(u32),
}

/// A value as written: a scalar, a list (for `many: true`), or money as amount + currency.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum ValueDoc {
    Text(String),
    Number(f64),
    Boolean(bool),
    List(Vec<ValueDoc>),
    Money { amount: f64, currency: String },
}

/// The registry of people, bodies, events.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct EntitiesFile {
    pub entities: Vec<EntityDoc>,
    /// By entity type: the words that do not tell its entities apart, so that "Lurigancho
    /// jail" is "Lurigancho Prison".
    pub types: Option<BTreeMap<String, EntityTypeDoc>>,
}

/// The generic words of an entity type's names.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct EntityTypeDoc {
    /// Groups of words that mean the same in a name: [[prison, jail, penitentiary]].
    pub interchangeable: Option<Vec<Vec<String>>>,
    /// Words that carry no identity: [the, Peru's, Peruvian, of Peru].
    pub ignore: Option<Vec<String>>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct EntityDoc {
    /// Unique across all registry files.
    pub id: String,
    /// The canonical name.
    pub name: String,
    /// A label such as person, court or commission, matched against property ranges.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Other names that refer to it.
    pub aliases: Option<Vec<String>>,
    /// Adjectives that stand for it as an entity value ("Honduran" for Honduras); never names.
    pub adjectives: Option<Vec<String>>,
    /// Words that name it without its name ("pardon", "ruling"): `extract` takes a sentence
    /// that holds one as naming it when it chooses a draft's subject.
    pub triggers: Option<Vec<String>>,
    /// A person's date of death (YYYY, YYYY-MM or YYYY-MM-DD): ages are ages at death.
    pub died: Option<String>,
    /// When a body was dissolved.
    pub dissolved: Option<String>,
    /// When an office, event or anything else ended.
    pub ended: Option<String>,
    /// Reference values, typed like claims (e.g. born: 1938-07-28).
    pub facts: Option<BTreeMap<String, ValueDoc>>,
    /// Where the facts come from.
    pub reference: Option<String>,
    /// For a person with two surnames: which one is used alone, so that the short forms of
    /// the name are derived (spanish: the first, "Suazo" for Maynor Suazo Sandoval;
    /// portuguese: the last, "Santos" for João Silva Santos).
    pub naming: Option<NamingDoc>,
}

#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum NamingDoc {
    Spanish,
    Portuguese,
}

/// What each property means.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct PropertiesFile {
    pub properties: BTreeMap<String, PropertyDoc>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct PropertyDoc {
    #[serde(rename = "type")]
    pub ty: ValueType,
    /// What the property is to an editor, for report headlines and fact matrix rows: with
    /// "what it was for", a headline reads "25-year sentence of Alberto Fujimori: what it was
    /// for". One line, at most 120 characters; by default the property's name with spaces for
    /// underscores.
    pub label: Option<String>,
    /// Allowed entity types, for entity properties.
    pub range: Option<Vec<String>>,
    /// A set of values: a list in YAML.
    pub many: Option<bool>,
    /// Varies over time: compared only between claims whose as_of dates overlap.
    pub changes: Option<bool>,
    /// May lie after the source's publication.
    pub future: Option<bool>,
    /// Absolute (0.5), or relative ("2%"), for number and money properties; minutes (5,
    /// "5m") for time properties.
    pub tolerance: Option<ToleranceDoc>,
    /// Text properties: a controlled vocabulary, term → its wordings. Values compare as
    /// terms; two distinct terms are a conflict.
    pub terms: Option<BTreeMap<String, Vec<String>>>,
    /// Text properties: share the `terms` of another property (which declares them itself).
    pub terms_from: Option<String>,
    /// Text properties without terms: differing wordings are a conflict (default: an info).
    pub strict: Option<bool>,
    /// How articles state the property, for `extract`: words around `{n}` (the value), with
    /// at most one `{person}`, `{body}` or `{event}` (the subject), e.g. "{n}-year-old {person}".
    pub cues: Option<Vec<String>>,
}

#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum ToleranceDoc {
    Absolute(f64),
    Text(String),
}

/// The checks to run.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct RulesFile {
    pub rules: Vec<RuleDoc>,
}

/// A rule: the keys every kind takes, and each kind's own (the loader checks which apply).
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct RuleDoc {
    /// Unique rule id.
    pub id: String,
    /// A built-in kind (`crosscheck rules` lists them).
    pub kind: String,
    pub severity: Option<SeverityName>,
    /// Entity ids the rule is limited to (require: the subjects that must have the properties).
    pub subjects: Option<Vec<String>>,
    /// Properties the rule is limited to (require: the properties that must be stated).
    pub properties: Option<Vec<String>>,
    /// The finding's headline; may use {subject} and {property}.
    pub message: Option<String>,
    /// Editorial advice shown with each finding.
    pub help: Option<String>,
}

#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum SeverityName {
    Error,
    Warning,
    Info,
}

/// The four file kinds, by the name `crosscheck schema` takes.
pub const FILE_KINDS: &[&str] = &["claims", "entities", "properties", "rules"];

/// The JSON Schema (draft 2020-12) of a file kind; that of a rules file has the keys every
/// rule takes, and `rules::file_schema` adds each kind's own.
pub fn schema(kind: &str) -> Option<Schema> {
    Some(match kind {
        "claims" => schema_for!(ClaimsFile),
        "entities" => schema_for!(EntitiesFile),
        "properties" => schema_for!(PropertiesFile),
        "rules" => schema_for!(RulesFile),
        _ => return None,
    })
}

/// The keys a mapping may have, and must have: read off a document type's schema.
pub struct Shape {
    pub allowed: Vec<&'static str>,
    pub required: Vec<&'static str>,
}

impl Shape {
    /// A shape borrowing the key names a static holds.
    fn of(keys: &'static (Vec<String>, Vec<String>)) -> Shape {
        let names = |v: &'static [String]| v.iter().map(String::as_str).collect();
        Shape {
            allowed: names(&keys.0),
            required: names(&keys.1),
        }
    }
}

/// A static [`Shape`] of a document type, with the static its key names live in.
macro_rules! shape {
    ($name:ident, $keys:ident, $doc:ty) => {
        static $keys: LazyLock<(Vec<String>, Vec<String>)> = LazyLock::new(keys::<$doc>);
        pub static $name: LazyLock<Shape> = LazyLock::new(|| Shape::of(&$keys));
    };
}

shape!(CLAIMS_FILE, CLAIMS_FILE_KEYS, ClaimsFile);
shape!(SOURCE, SOURCE_KEYS, SourceDoc);
shape!(CLAIM, CLAIM_KEYS, ClaimDoc);
shape!(ENTITIES_FILE, ENTITIES_FILE_KEYS, EntitiesFile);
shape!(ENTITY, ENTITY_KEYS, EntityDoc);
shape!(ENTITY_TYPE, ENTITY_TYPE_KEYS, EntityTypeDoc);
shape!(PROPERTIES_FILE, PROPERTIES_FILE_KEYS, PropertiesFile);
shape!(PROPERTY, PROPERTY_KEYS, PropertyDoc);
shape!(RULES_FILE, RULES_FILE_KEYS, RulesFile);
shape!(RULE, RULE_KEYS, RuleDoc);

/// The keys an object type allows, and those it requires.
pub fn keys<T: JsonSchema>() -> (Vec<String>, Vec<String>) {
    let schema = schema_for!(T);
    let names = |key: &str| -> Vec<String> {
        match schema.get(key) {
            Some(Value::Object(map)) => map.keys().cloned().collect(),
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect(),
            _ => Vec::new(),
        }
    };
    (names("properties"), names("required"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_names_the_property_types_the_loader_reads() {
        let schema = schema_for!(ValueType);
        let names: Vec<&str> = schema
            .get("enum")
            .and_then(Value::as_array)
            .expect("an enum of names")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let read: Vec<&str> = ValueType::ALL.iter().map(|(name, _)| *name).collect();
        assert_eq!(names, read);
    }

    #[test]
    fn claims_allow_exactly_the_documented_keys() {
        let (allowed, required) = keys::<ClaimDoc>();
        let mut allowed = allowed;
        allowed.sort();
        assert_eq!(
            allowed,
            [
                "as_of",
                "id",
                "note",
                "property",
                "quote",
                "relative_to",
                "subject",
                "value"
            ]
        );
        let mut required = required;
        required.sort();
        assert_eq!(required, ["property", "subject", "value"]);
    }
}
