//! Loaded → runnable: each rule of the rules files read by its kind, with the common keys
//! checked against the workspace, every problem reported as a load error with its place.
//! Runs once everything else has loaded, since rules name subjects and properties.

use std::collections::{HashMap, HashSet};

use marked_yaml::Node;
use schemars::Schema;
use serde_json::{Map, Value};

use super::{AnyKind, KINDS, Shared, kind_in};
use crate::error::{LoadErrorKind, did_you_mean};
use crate::load::raw::{self, MAX_RULE_TEXT, MAX_RULES};
use crate::load::{Loaded, declared_property, sort_errors};
use crate::model::{Rule, Severity, Workspace};
use crate::span::{FileId, Spanned};
use crate::value::text::fold_name;
use crate::yaml::Reader;

/// Reads the rules of the loaded rules files with the built-in kinds into the workspace,
/// adding their errors to the load errors.
pub fn compile(loaded: &mut Loaded) {
    compile_with(loaded, KINDS);
}

/// [`compile`] with the kinds given.
pub fn compile_with(loaded: &mut Loaded, kinds: &[&'static dyn AnyKind]) {
    let files = std::mem::take(&mut loaded.rules_files);
    if files.is_empty() {
        return;
    }
    let mut compiler = Compiler {
        kinds,
        keys: kinds
            .iter()
            .map(|k| (k.name(), settings_keys(&k.settings_schema())))
            .collect(),
        subjects: Subjects::of(&loaded.workspace),
        shared: Shared::default(),
        too_many_rules: false,
    };
    let mut errors = Vec::new();
    loaded.timings.time("compile rules", || {
        for f in &files {
            errors.extend(compiler.rules(&mut loaded.workspace, f.file, &f.node));
        }
    });
    if !errors.is_empty() {
        loaded.errors.append(&mut errors);
        sort_errors(&mut loaded.errors);
    }
}

struct Compiler<'k> {
    kinds: &'k [&'static dyn AnyKind],
    /// Per kind, the keys its settings take.
    keys: HashMap<&'static str, Vec<String>>,
    subjects: Subjects,
    shared: Shared,
    /// Whether the rules beyond [`MAX_RULES`] were reported.
    too_many_rules: bool,
}

impl Compiler<'_> {
    /// Reads one rules file's rules into the workspace; returns its errors.
    fn rules(
        &mut self,
        ws: &mut Workspace,
        id: FileId,
        node: &Node,
    ) -> Vec<crate::error::LoadError> {
        let files = std::mem::take(&mut ws.files);
        let mut r = Reader::new(id, files.get(id));
        let keys = &self.keys;
        let raws = raw::read_rules(&mut r, node, |k| keys.get(k).map(Vec::as_slice));
        let mut ids: HashSet<String> = ws.rules.iter().map(|x| x.id.clone()).collect();
        for raw in raws {
            if ws.rules.len() >= MAX_RULES {
                if !self.too_many_rules {
                    self.too_many_rules = true;
                    r.error(
                        raw.span,
                        LoadErrorKind::Invalid(format!(
                            "more than {MAX_RULES} rules in this run: this rule and the rules \
                             after it are not loaded"
                        )),
                        Some(
                            "merge rules that check the same thing: `subjects` and \
                             `properties` take lists"
                                .into(),
                        ),
                    );
                }
                break;
            }
            let Some(kind_name) = &raw.kind else { continue };
            let kind = self.kind(&mut r, kind_name);
            let settings = kind.and_then(|kind| {
                let f = r.mapping(raw.node)?;
                kind.read(&mut r, &f, &mut self.shared)
            });
            let Some(rid) = raw.id else { continue };
            if ids.contains(&rid.value) {
                r.error(
                    rid.span,
                    LoadErrorKind::DuplicateId {
                        what: "rule id".into(),
                        id: rid.value.clone(),
                    },
                    Some("rule ids are unique across all rules files".into()),
                );
                continue;
            }
            let (Some(kind), Some(settings)) = (kind, settings) else {
                continue;
            };
            let severity = match &raw.severity {
                None => kind.default_severity(),
                Some(s) => Severity::parse(s.value.trim()).unwrap_or_else(|| {
                    r.error(
                        s.span,
                        LoadErrorKind::InvalidValue {
                            what: "severity".into(),
                            text: s.value.clone(),
                        },
                        Some("write error, warning or info".into()),
                    );
                    kind.default_severity()
                }),
            };
            for s in raw.subjects.iter().flatten() {
                self.subjects.check(&mut r, s);
            }
            for p in raw.properties.iter().flatten() {
                declared_property(&mut r, ws, p);
            }
            for slot in kind.slots(&settings) {
                self.subjects.check(&mut r, &slot.subject);
                declared_property(&mut r, ws, &slot.property);
            }
            if !kind.admit(&settings, &mut r, raw.properties.as_deref(), ws) {
                continue;
            }
            // A rule's own text is repeated in its findings: past the limit it is left out,
            // and the rule still runs.
            let mut text = |key: &str, s: Option<Spanned<String>>| {
                let s = s?;
                let chars = s.value.chars().count();
                if chars <= MAX_RULE_TEXT {
                    return Some(s.value);
                }
                r.error(
                    s.span,
                    LoadErrorKind::Invalid(format!(
                        "the rule's `{key}` is {chars} characters long, more than the \
                         {MAX_RULE_TEXT} allowed; the rule runs without it"
                    )),
                    Some(format!(
                        "shorten `{key}`, and link to a longer text from it if there is one"
                    )),
                );
                None
            };
            let message = text("message", raw.message);
            let help = text("help", raw.help).map(Into::into);
            ids.insert(rid.value.clone());
            ws.rules.push(Rule {
                id: rid.value,
                kind: kind.name(),
                settings,
                severity,
                subjects: raw.subjects,
                properties: raw.properties,
                message,
                help,
                span: raw.span,
            });
        }
        let errors = r.errors;
        ws.files = files;
        errors
    }

    /// The kind a rule names, or an error with the names of the kinds.
    fn kind(&self, r: &mut Reader, name: &Spanned<String>) -> Option<&'static dyn AnyKind> {
        let found = kind_in(self.kinds, &name.value);
        if found.is_none() {
            let names = || self.kinds.iter().map(|k| k.name());
            let help = did_you_mean(&name.value, names()).unwrap_or_else(|| {
                format!("the kinds are: {}", names().collect::<Vec<_>>().join(", "))
            });
            r.error(
                name.span,
                LoadErrorKind::Unknown {
                    what: "rule kind".into(),
                    name: name.value.clone(),
                },
                Some(help),
            );
        }
        found
    }
}

/// What rules' subjects are checked against, made once for all rules files: the folded
/// names a subject may use (registry ids, names and aliases, and the subjects claims use),
/// and the names to suggest.
struct Subjects {
    known: HashSet<String>,
    names: Vec<String>,
    /// The hint for each unknown subject (folded), found once.
    hints: HashMap<String, String>,
}

impl Subjects {
    fn of(ws: &Workspace) -> Self {
        let mut known: HashSet<String> = HashSet::new();
        let mut names: Vec<String> = Vec::new();
        for e in &ws.entities {
            for n in std::iter::once(&e.id)
                .chain(std::iter::once(&e.name.value))
                .chain(e.aliases.iter().map(|a| &a.value))
            {
                known.insert(fold_name(n));
            }
            names.push(e.id.clone());
        }
        // Each subject as written is folded once: an archive writes a few thousand of them
        // across a hundred thousand claims.
        let mut written: HashSet<&str> = HashSet::new();
        for c in &ws.claims {
            if written.insert(&c.subject.value) && known.insert(fold_name(&c.subject.value)) {
                names.push(c.subject.value.to_string());
            }
        }
        Self {
            known,
            names,
            hints: HashMap::new(),
        }
    }

    /// Reports a subject that names no entity and no claim's subject.
    fn check(&mut self, r: &mut Reader, s: &Spanned<String>) {
        let folded = fold_name(&s.value);
        if self.known.contains(&folded) {
            return;
        }
        // Ten thousand rules may name one unknown subject: it is looked up once.
        let names = &self.names;
        let help = self
            .hints
            .entry(folded)
            .or_insert_with(|| {
                did_you_mean(&s.value, names.iter().map(String::as_str)).unwrap_or_else(|| {
                    "name a registry entity id, or a subject some claim uses".into()
                })
            })
            .clone();
        r.error(
            s.span,
            LoadErrorKind::Unknown {
                what: "subject".into(),
                name: s.value.clone(),
            },
            Some(help),
        );
    }
}

/// The keys a kind's settings take, in the order they are declared.
fn settings_keys(schema: &Schema) -> Vec<String> {
    match schema.get("properties") {
        Some(Value::Object(map)) => map.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

/// The JSON Schema of a file kind (`claims`, `entities`, `properties` or `rules`). A rules
/// file's rule takes the common keys and each kind's own, from the kind's settings: the
/// schema does not tell which kind takes which (the loader does), but says it in each key's
/// description.
pub fn file_schema(file_kind: &str) -> Option<Schema> {
    file_schema_with(file_kind, KINDS)
}

/// [`file_schema`] with the kinds given.
pub fn file_schema_with(file_kind: &str, kinds: &[&'static dyn AnyKind]) -> Option<Schema> {
    let mut schema = crate::load::schema::schema(file_kind)?;
    if file_kind != "rules" {
        return Some(schema);
    }
    let mut defs = Map::new();
    let mut own = Map::new();
    for kind in kinds {
        let settings = kind.settings_schema();
        if let Some(Value::Object(d)) = settings.get("$defs") {
            defs.extend(d.clone());
        }
        let Some(Value::Object(keys)) = settings.get("properties") else {
            continue;
        };
        for (key, mut key_schema) in keys.clone() {
            if let Some(Value::String(d)) = key_schema.get_mut("description") {
                *d = format!("{}: {}", kind.name(), lower_first(d));
            }
            own.entry(key).or_insert(key_schema);
        }
    }
    let root = schema.as_object_mut()?;
    let all_defs = root
        .entry("$defs")
        .or_insert_with(|| Value::Object(Map::new()));
    let rule = all_defs.get_mut("RuleDoc")?.as_object_mut()?;
    let props = rule.get_mut("properties")?.as_object_mut()?;
    if let Some(Value::Object(kind)) = props.get_mut("kind") {
        let names = kinds.iter().map(|k| Value::from(k.name())).collect();
        kind.insert("enum".into(), Value::Array(names));
    }
    props.extend(own);
    all_defs.as_object_mut()?.extend(defs);
    Some(schema)
}

/// A file kind's JSON Schema as `crosscheck schema` prints it and `schemas/` holds it.
pub fn schema_text(file_kind: &str) -> Option<String> {
    let schema = file_schema(file_kind)?;
    serde_json::to_string_pretty(&schema)
        .ok()
        .map(|text| text + "\n")
}

/// A field's documentation as the second half of a sentence: "The total." → "the total.".
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_kind_takes_a_common_key_and_a_key_two_kinds_take_means_one_thing() {
        let common = &crate::load::schema::RULE.allowed;
        let mut seen: HashMap<String, (&str, Value)> = HashMap::new();
        for kind in KINDS {
            let schema = kind.settings_schema();
            let Some(Value::Object(keys)) = schema.get("properties") else {
                continue;
            };
            for (key, key_schema) in keys {
                assert!(
                    !common.contains(&key.as_str()),
                    "`{}` takes the common key `{key}`",
                    kind.name()
                );
                if let Some((other, before)) = seen.get(key) {
                    assert_eq!(
                        before,
                        key_schema,
                        "`{key}` of `{}` and of `{other}` differ",
                        kind.name()
                    );
                }
                seen.insert(key.clone(), (kind.name(), key_schema.clone()));
            }
        }
    }
}
