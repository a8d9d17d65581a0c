//! What the editor asks about a place: hover, completion, go to definition, and the outline
//! of a claims file. Each is answered from the latest check.

use std::fmt::Write as _;

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, DocumentSymbol,
    DocumentSymbolParams, DocumentSymbolResponse, GotoDefinitionParams, GotoDefinitionResponse,
    Hover, HoverContents, HoverParams, Location, MarkupContent, MarkupKind, SymbolKind,
    TextDocumentPositionParams,
};

use crate::model::{ClaimIdx, Entity, Property};
use crate::span::{FileId, Span};
use crate::text_safety::visible;
use crate::value::{Value, ValueType};

use super::analysis::Analysis;
use super::convert::{Lines, uri_of};
use super::document_path;
use super::project::Project;

/// The part of a claim a place is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Subject,
    Property,
    Value,
}

fn covers(span: Span, file: FileId, offset: usize) -> bool {
    span.file == file && (span.offset as usize..=span.range().end).contains(&offset)
}

/// The loaded file a request names, and the byte offset of its position there.
fn place(a: &Analysis, at: &TextDocumentPositionParams) -> Option<(FileId, usize)> {
    let path = document_path(&at.text_document.uri)?;
    let (id, file) = a.file(&path)?;
    Some((id, Lines::new(&file.text).offset(at.position)))
}

/// The claim and the part of it at a place.
pub fn claim_at(a: &Analysis, file: FileId, offset: usize) -> Option<(ClaimIdx, Part)> {
    a.ws().claims.iter().enumerate().find_map(|(i, c)| {
        if covers(c.subject.span, file, offset) {
            Some((i, Part::Subject))
        } else if covers(c.property.span, file, offset) {
            Some((i, Part::Property))
        } else if covers(c.value_span, file, offset) {
            Some((i, Part::Value))
        } else {
            None
        }
    })
}

pub fn hover(a: &Analysis, p: &HoverParams) -> Option<Hover> {
    let (file, offset) = place(a, &p.text_document_position_params)?;
    let ws = a.ws();
    let text = match claim_at(a, file, offset) {
        Some((c, Part::Subject)) => match a.subject_entity(c) {
            Some(e) => entity_doc(e),
            None => format!(
                "**{}** is not in the registry",
                ws.claims[c].subject.value.trim()
            ),
        },
        Some((c, Part::Property)) => {
            let name = &ws.claims[c].property.value;
            property_doc(a, ws.property(name)?)
        }
        Some((c, Part::Value)) => value_doc(a, c)?,
        None => {
            let p = ws
                .properties
                .values()
                .find(|p| covers(p.span, file, offset))?;
            property_doc(a, p)
        }
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: visible(&text).into_owned(),
        }),
        range: None,
    })
}

/// A registry entry: name, id, type, aliases, end and reference facts.
fn entity_doc(e: &Entity) -> String {
    let mut s = format!("**{}** (`{}`)", e.name.value, e.id);
    if let Some(kind) = &e.kind {
        let _ = write!(s, ", {kind}");
    }
    if !e.aliases.is_empty() {
        let aliases: Vec<&str> = e.aliases.iter().map(|a| a.value.as_str()).collect();
        let _ = write!(s, "\n\nAliases: {}", aliases.join(", "));
    }
    if let Some(end) = &e.end {
        let _ = write!(s, "\n\n{}: {}", end.key, end.written);
    }
    for f in &e.facts {
        let _ = write!(s, "\n\n{}: {}", f.property, f.written);
    }
    if let Some(r) = &e.reference {
        let _ = write!(s, "\n\nReference: {r}");
    }
    s
}

/// A property: its type, what it admits and how it compares, and the comment above its
/// declaration, which says what it means.
fn property_doc(a: &Analysis, p: &Property) -> String {
    let mut s = format!("**{}**: {}", p.name, p.ty.name());
    if p.many {
        s.push_str(", many values");
    }
    if !p.range.is_empty() {
        let _ = write!(s, "\n\nOne of: {}", p.range.join(", "));
    }
    if p.changes {
        s.push_str("\n\nChanges over time: compared only between claims of the same date.");
    }
    if p.future {
        s.push_str("\n\nMay lie after the article's publication.");
    }
    if let Some(terms) = &p.terms {
        let _ = write!(s, "\n\nTerms: {}", terms.terms().join(", "));
    }
    let comment = comment_above(&a.ws().files.get(p.span.file).text, p.span.offset as usize);
    if !comment.is_empty() {
        let _ = write!(s, "\n\n{comment}");
    }
    s
}

/// The `#` comment lines right above the line holding `offset`, without their marks.
fn comment_above(text: &str, offset: usize) -> String {
    let line_start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let mut lines: Vec<&str> = text[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .take_while(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim())
        .collect();
    lines.reverse();
    lines.join(" ")
}

/// What a value is: the entity it names, or what a date resolves to against the article.
fn value_doc(a: &Analysis, c: ClaimIdx) -> Option<String> {
    let ws = a.ws();
    let claim = &ws.claims[c];
    let source = ws.source_of(claim);
    match &claim.value {
        Value::Entity(_) => Some(match a.value_entity(c) {
            Some(e) => entity_doc(e),
            None => format!("**{}** is not in the registry", claim.written.trim()),
        }),
        Value::Date(d) => {
            let readings: Vec<String> = d.candidates().map(|p| p.to_string()).collect();
            let mut s = format!("**{}** → {}", claim.written.trim(), readings.join(" or "));
            match claim.resolved() {
                Some(how) => {
                    let _ = write!(
                        s,
                        "\n\n{how}; {} published {}",
                        source.outlet, source.published
                    );
                }
                None => {
                    let _ = write!(s, "\n\n{} published {}", source.outlet, source.published);
                }
            }
            Some(s)
        }
        v => {
            let property = ws.property(&claim.property.value)?;
            Some(format!(
                "**{}**: {v} ({})",
                claim.written.trim(),
                property.ty.name()
            ))
        }
    }
}

pub fn definition(a: &Analysis, p: &GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
    let (file, offset) = place(a, &p.text_document_position_params)?;
    let entity = match claim_at(a, file, offset)? {
        (c, Part::Subject) => a.subject_entity(c)?,
        (c, Part::Value) => a.value_entity(c)?,
        (c, Part::Property) => {
            let p = a.ws().property(&a.ws().claims[c].property.value)?;
            return location(a, p.span).map(GotoDefinitionResponse::Scalar);
        }
    };
    location(a, entity.span).map(GotoDefinitionResponse::Scalar)
}

fn location(a: &Analysis, span: Span) -> Option<Location> {
    let file = a.ws().files.get(span.file);
    let range = Lines::new(&file.text).range(span.offset as usize, span.range().end);
    Some(Location::new(
        uri_of(std::path::Path::new(&file.path))?,
        range,
    ))
}

/// One symbol per claim of a claims file, named by its id.
pub fn symbols(a: &Analysis, p: &DocumentSymbolParams) -> Option<DocumentSymbolResponse> {
    let path = document_path(&p.text_document.uri)?;
    let (file, source) = a.file(&path)?;
    let lines = Lines::new(&source.text);
    let symbols = a
        .ws()
        .claims
        .iter()
        .filter(|c| c.span.file == file)
        .map(|c| {
            let end = [c.subject.span, c.property.span, c.value_span]
                .into_iter()
                .chain(c.quote.as_ref().map(|q| q.span))
                .map(|s| s.range().end)
                .max()
                .unwrap_or(c.span.range().end);
            #[allow(deprecated)] // `deprecated` is a field the type still requires
            DocumentSymbol {
                name: visible(&c.id).into_owned(),
                detail: Some(
                    visible(&format!(
                        "{} {}: {}",
                        c.subject.value,
                        c.property.value,
                        c.written.trim()
                    ))
                    .into_owned(),
                ),
                kind: SymbolKind::OBJECT,
                tags: None,
                deprecated: None,
                range: lines.range(c.span.offset as usize, end.max(c.span.range().end)),
                selection_range: lines.range(c.span.offset as usize, c.span.range().end),
                children: None,
            }
        })
        .collect();
    Some(DocumentSymbolResponse::Nested(symbols))
}

/// What the key being written on a line is, and the text typed after it.
fn key_on_line(line: &str) -> Option<(&str, &str)> {
    let rest = line.trim_start();
    let rest = rest.strip_prefix("- ").unwrap_or(rest).trim_start();
    let (key, value) = rest.split_once(':')?;
    Some((key.trim(), value.trim_start()))
}

/// The property of the claim a line belongs to: the `property:` written in the lines of the
/// same list item.
fn property_near(lines: &[&str], at: usize) -> Option<String> {
    let starts_item = |l: &str| l.trim_start().starts_with("- ");
    let up = (0..=at).rev().take(30);
    let mut first = at;
    for i in up {
        first = i;
        if starts_item(lines[i]) {
            break;
        }
    }
    let last = (at + 1..lines.len().min(at + 30))
        .find(|&i| starts_item(lines[i]))
        .unwrap_or(lines.len().min(at + 30));
    lines[first..last]
        .iter()
        .find_map(|l| match key_on_line(l) {
            Some(("property", p)) => Some(p.trim().to_string()),
            _ => None,
        })
}

pub fn completion(
    a: &Analysis,
    project: &Project,
    p: &CompletionParams,
) -> Option<CompletionResponse> {
    let at = &p.text_document_position;
    let path = super::convert::path_of(&at.text_document.uri)?;
    // The editor's text, which may be newer than the check's.
    let text = match project.text_of(&path) {
        Some(t) => t.to_string(),
        None => a.file(&path.display().to_string())?.1.text.to_string(),
    };
    let offset = Lines::new(&text).offset(at.position);
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let (key, _typed) = key_on_line(&text[..offset][line_start..])?;
    let ws = a.ws();
    let items: Vec<CompletionItem> = match key {
        "subject" | "subjects" => ws
            .entities
            .iter()
            .map(|e| item(&e.id, CompletionItemKind::REFERENCE, &e.name.value))
            .collect(),
        "property" | "properties" => ws
            .properties
            .values()
            .map(|p| item(&p.name, CompletionItemKind::FIELD, p.ty.name()))
            .collect(),
        "value" => {
            let lines: Vec<&str> = text.lines().collect();
            let line = Lines::new(&text).position(offset).line as usize;
            let property = property_near(&lines, line.min(lines.len().saturating_sub(1)))
                .and_then(|name| ws.property(&name));
            match property {
                Some(p) if p.ty == ValueType::Entity => ws
                    .entities
                    .iter()
                    .filter(|e| {
                        p.range.is_empty() || e.kind.as_ref().is_some_and(|k| p.range.contains(k))
                    })
                    .map(|e| item(&e.name.value, CompletionItemKind::VALUE, &e.id))
                    .collect(),
                Some(p) => p
                    .terms
                    .iter()
                    .flat_map(|t| t.terms())
                    .map(|t| item(t, CompletionItemKind::ENUM_MEMBER, &p.name))
                    .collect(),
                None => return None,
            }
        }
        _ => return None,
    };
    Some(CompletionResponse::Array(items))
}

fn item(label: &str, kind: CompletionItemKind, detail: &str) -> CompletionItem {
    CompletionItem {
        label: visible(label).into_owned(),
        kind: Some(kind),
        detail: Some(visible(detail).into_owned()),
        insert_text: Some(super::convert::yaml_scalar(label)),
        ..Default::default()
    }
}
