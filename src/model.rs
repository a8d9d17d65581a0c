//! The validated model the checks run on: sources, claims, entities, properties and rules.

use std::collections::BTreeMap;

use compact_str::CompactString;

use crate::span::{Files, Span, Spanned};
use crate::value::date::Period;
use crate::value::text::fold_text;
use crate::value::{DateValue, Tolerance, Value, ValueType};
use crate::vocab::{TypeWords, Vocabulary};

/// Index of a source in [`Workspace::sources`].
pub type SourceIdx = usize;
/// Index of a claim in [`Workspace::claims`].
pub type ClaimIdx = usize;

/// One article: who published it and when.
#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    pub outlet: String,
    pub published: Period,
    pub title: Option<String>,
    pub url: Option<String>,
    /// The language its quotes are in (`language:`, English by default).
    pub language: crate::language::Language,
    /// The article text path, as written.
    pub text: Option<Spanned<String>>,
    /// The article itself, where `text:` or `--articles` supplied it.
    pub article: Option<Article>,
    pub span: Span,
}

/// The text of an article, for the quote checks.
#[derive(Debug, Clone)]
pub struct Article {
    /// The path it was read from, as shown to the user.
    pub path: String,
    pub text: String,
}

impl Source {
    /// "Bloomberg, 2023-12-06": how a source is named in messages and labels.
    pub fn label(&self) -> String {
        format!("{}, {}", self.outlet, self.published)
    }
}

/// One thing an article states: a value of a property of a subject.
///
/// An archive holds millions: its short texts (id, subject, property, the value as written)
/// are [`CompactString`]s, held inside the claim when they fit in 24 bytes, as nearly all do,
/// instead of each in an allocation of its own.
#[derive(Debug, Clone)]
pub struct Claim {
    pub id: CompactString,
    pub source: SourceIdx,
    pub subject: Spanned<CompactString>,
    pub property: Spanned<CompactString>,
    pub value: Value,
    /// The value as written in the YAML.
    pub written: CompactString,
    pub value_span: Span,
    pub quote: Option<Spanned<String>>,
    pub as_of: Period,
    pub note: Option<String>,
    /// The claim of the same source its date was read from (`relative_to:`), when it was;
    /// boxed, as nearly all claims have none and an archive holds many claims.
    pub relative_to: Option<Box<ReadFrom>>,
    /// The start of the claim's entry in its file.
    pub span: Span,
}

/// The claim a date was written relative to ("two years later"), and that claim's date.
#[derive(Debug, Clone)]
pub struct ReadFrom {
    pub claim: String,
    pub date: DateValue,
}

impl Claim {
    /// What the value resolved to, shown beside what was written, when that adds something:
    /// "2019, read from claim arrest (2017-12-24)" for a date read from another claim.
    pub fn resolved(&self) -> Option<String> {
        match (&self.relative_to, &self.value) {
            (Some(from), Value::Date(d)) if d.anchor.is_some() => {
                let readings = |d: &DateValue| {
                    d.candidates()
                        .map(|p| p.to_string())
                        .collect::<Vec<_>>()
                        .join(" or ")
                };
                let mine = match d.alternative {
                    Some(other) => format!("{} (or {other})", d.period),
                    None => d.period.to_string(),
                };
                Some(format!(
                    "{mine}, read from claim {} ({})",
                    from.claim,
                    readings(&from.date)
                ))
            }
            _ => self.value.resolved(),
        }
    }
}

/// A claim drafted by `crosscheck extract` and not finished: its `subject` or `property` is
/// still `TODO`. It is kept out of every check but the `drafts` rule, which reports it.
#[derive(Debug, Clone)]
pub struct Draft {
    pub id: String,
    pub source: SourceIdx,
    /// The subject as written (`TODO` when not guessed).
    pub subject: String,
    /// The fields still to fill in (`subject`, `property`) and where they are.
    pub todo: Vec<(&'static str, Span)>,
    /// The value as written.
    pub written: String,
    pub span: Span,
}

/// What editors write in a drafted claim's field that crosscheck could not guess.
pub const TODO: &str = "TODO";

/// A person, body, event or document in the registry.
#[derive(Debug, Clone)]
pub struct Entity {
    pub id: String,
    pub name: Spanned<String>,
    pub kind: Option<String>,
    pub aliases: Vec<Spanned<String>>,
    /// Words that stand for it as an entity value only ("Honduran" for Honduras).
    pub adjectives: Vec<Spanned<String>>,
    /// When it stopped being: a person died, a body was dissolved, an office ended.
    pub end: Option<End>,
    pub facts: Vec<Fact>,
    pub reference: Option<String>,
    /// How the person's name is built, for the short forms derived from it (`naming:`).
    pub naming: Option<Naming>,
    /// Words that name it without its name ("pardon" for a pardon), folded: `extract` takes
    /// them as a mention when choosing a draft's subject.
    pub triggers: Vec<String>,
    pub span: Span,
}

/// A naming convention with two surnames, father's then mother's (`naming:` of an entity):
/// which one is used alone ([`crate::names::derived_forms`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Naming {
    /// "Maynor Suazo Sandoval" is also "Suazo": the first surname.
    Spanish,
    /// "João Silva Santos" is also "Santos": the last surname.
    Portuguese,
}

/// The registry keys that say when an entity stopped being, one per entity.
pub const END_KEYS: [&str; 3] = ["died", "dissolved", "ended"];

/// When an entity stopped being, and which key said so.
#[derive(Debug, Clone)]
pub struct End {
    /// One of [`END_KEYS`].
    pub key: &'static str,
    pub period: Period,
    pub written: String,
    pub span: Span,
}

impl End {
    /// "died", "was dissolved", "ended": what happened, for messages.
    pub fn verb(&self) -> &'static str {
        match self.key {
            "dissolved" => "was dissolved",
            k => k,
        }
    }

    /// Whether a date lies wholly after the end.
    pub fn before(&self, date: &Period) -> bool {
        date.start > self.period.end
    }

    /// When an age stated at `date` was reached, if the entity may have ended by then: the
    /// end, cut at `date` (a death known to the year, reported in April, was by April).
    pub fn by(&self, date: &Period) -> Option<Period> {
        (date.end >= self.period.start).then(|| Period {
            start: self.period.start,
            end: self.period.end.min(date.end),
            precision: self.period.precision,
        })
    }
}

/// A reference value of the registry, e.g. a birth date from an encyclopedia.
#[derive(Debug, Clone)]
pub struct Fact {
    pub property: String,
    pub value: Value,
    pub written: String,
    pub span: Span,
}

/// What a property means.
#[derive(Debug, Clone)]
pub struct Property {
    pub name: String,
    pub ty: ValueType,
    /// What it is to an editor ("what it was for"), as the properties file gives it.
    pub label: Option<String>,
    /// Allowed entity types, for `entity` properties.
    pub range: Vec<String>,
    pub many: bool,
    /// Varies over time: compared only between claims whose `as_of` overlap.
    pub changes: bool,
    /// May lie after the source's publication (a scheduled event).
    pub future: bool,
    pub tolerance: Tolerance,
    /// The controlled vocabulary of a text property: its values compare as terms.
    pub terms: Option<Vocabulary>,
    /// A text property without terms whose differing wordings are a conflict, not an info.
    pub strict: bool,
    /// How articles state it, for `extract` ([`crate::cue`]).
    pub cues: Vec<crate::cue::Cue>,
    pub span: Span,
}

impl Property {
    /// "what it was for", "granted by": the label, or the name with spaces for underscores.
    pub fn label_of(name: &str, label: Option<&str>) -> String {
        label.map_or_else(|| name.replace('_', " "), str::to_string)
    }

    /// What a text value of this property compares as: its term, or its folded text (an
    /// unknown wording, or a property without terms).
    pub fn text_key(&self, written: &str) -> String {
        self.terms
            .as_ref()
            .and_then(|v| v.term(written))
            .map_or_else(|| fold_text(written), str::to_string)
    }
}

/// Error, warning or info.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub const ALL: [(&'static str, Severity); 3] = [
        ("error", Severity::Error),
        ("warning", Severity::Warning),
        ("info", Severity::Info),
    ];

    pub fn parse(s: &str) -> Option<Severity> {
        Self::ALL.iter().find(|(n, _)| *n == s).map(|(_, v)| *v)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// Whether a finding of this severity fails a run with `--fail-on threshold`.
    pub fn at_least(self, threshold: Severity) -> bool {
        self <= threshold
    }
}

/// A `{subject, property}` pair named in a rule.
#[derive(Debug, Clone, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Slot {
    /// An entity id, or a subject some claim uses.
    #[schemars(with = "String")]
    pub subject: Spanned<String>,
    /// A property declared in a properties file.
    #[schemars(with = "String")]
    pub property: Spanned<String>,
}

/// The most characters of a subject or property filled into a rule's own message.
pub const FILLED_CHARS: usize = 200;

/// A rule kind's own settings, as the kind read them from the rule. The model holds them
/// without knowing their type, so that it does not depend on the kinds: only the kind that
/// made them reads them back ([`KindSettings::get`]).
#[derive(Clone)]
pub struct KindSettings(std::sync::Arc<dyn std::any::Any + Send + Sync>);

impl KindSettings {
    pub fn new<T: std::any::Any + Send + Sync>(settings: T) -> Self {
        Self(std::sync::Arc::new(settings))
    }

    /// The settings, if they are of type `T`.
    pub fn get<T: std::any::Any>(&self) -> Option<&T> {
        self.0.downcast_ref()
    }
}

impl std::fmt::Debug for KindSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KindSettings")
    }
}

/// A configured check.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    /// The name of the rule's kind, as the kinds' table lists it (`agree`, `sum`, ...).
    pub kind: &'static str,
    pub settings: KindSettings,
    pub severity: Severity,
    pub subjects: Option<Vec<Spanned<String>>>,
    pub properties: Option<Vec<Spanned<String>>>,
    pub message: Option<String>,
    /// Shared by every finding of the rule.
    pub help: Option<std::sync::Arc<str>>,
    pub span: Span,
}

impl Rule {
    pub fn applies_to_property(&self, property: &str) -> bool {
        self.properties
            .as_ref()
            .is_none_or(|ps| ps.iter().any(|p| p.value == property))
    }

    /// Whether the rule's `subjects` filter admits a subject, by its resolved key.
    pub fn applies_to_subject(&self, subject_key: &str, key_of: &dyn Fn(&str) -> String) -> bool {
        self.subjects
            .as_ref()
            .is_none_or(|ss| ss.iter().any(|s| key_of(&s.value) == subject_key))
    }

    /// The rule's own message template, with {subject} and {property} filled in, each cut to
    /// [`FILLED_CHARS`] characters: a template may name them hundreds of times, and a
    /// subject may be 100 KB long.
    pub fn custom_message(&self, subject: &str, property: &str) -> Option<String> {
        let cut = |s: &str| match s.char_indices().nth(FILLED_CHARS) {
            Some((at, _)) => format!("{}...", &s[..at]),
            None => s.to_string(),
        };
        self.message.as_ref().map(|m| {
            m.replace("{subject}", &cut(subject))
                .replace("{property}", &cut(property))
        })
    }
}

/// Everything that loaded, ready to be checked.
#[derive(Debug, Default)]
pub struct Workspace {
    pub files: Files,
    pub sources: Vec<Source>,
    pub claims: Vec<Claim>,
    pub drafts: Vec<Draft>,
    pub entities: Vec<Entity>,
    pub properties: BTreeMap<String, Property>,
    /// By entity type: the words that do not tell its entities apart (registry `types:`).
    pub entity_types: BTreeMap<String, TypeWords>,
    pub rules: Vec<Rule>,
    /// Load warnings: inputs that loaded and are checked, but deserve a look (an alias another
    /// entity also goes by). Shown with the load errors; they do not make a run fail.
    pub warnings: Vec<crate::error::LoadError>,
}

impl Workspace {
    pub fn source_of(&self, claim: &Claim) -> &Source {
        &self.sources[claim.source]
    }

    pub fn property(&self, name: &str) -> Option<&Property> {
        self.properties.get(name)
    }
}
