//! Quick fixes: write a near-miss name as registered, add a spelling to the registry's
//! aliases, take a load error's "did you mean", fill a missing quote from the article.
//!
//! Every fix edits exactly the token it replaces, and only where the text there is still what
//! the check read: a fix never rests on a guess about text the check did not see.

use std::collections::HashMap;
use std::path::Path;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Diagnostic, Range, TextEdit,
    Uri, WorkspaceEdit,
};

use crate::error::{LoadError, LoadErrorKind};
use crate::finding::Code;
use crate::model::{Claim, Entity};
use crate::resolve::{Outcome, Place};
use crate::rules::names::{NAME_VARIANT, UNKNOWN_ENTITY};
use crate::rules::quotes::QUOTE_MISSING;
use crate::span::{SourceFile, Span};
use crate::text_safety::visible_line;

use super::analysis::Analysis;
use super::convert::{Lines, unquoted, uri_of, yaml_scalar};
use super::document_path;

/// The most names offered in place of an unknown one.
const MAX_SUGGESTIONS: usize = 3;

pub fn code_actions(a: &Analysis, p: &CodeActionParams) -> Option<Vec<CodeActionOrCommand>> {
    let path = document_path(&p.text_document.uri)?;
    let (file, source) = a.file(&path)?;
    let lines = Lines::new(&source.text);
    let want = (lines.offset(p.range.start), lines.offset(p.range.end));
    let touches =
        |s: Span| s.file == file && s.offset as usize <= want.1 && want.0 <= s.range().end;
    let fix = Fixer {
        a,
        uri: &p.text_document.uri,
        source,
        lines: &lines,
        diagnostics: &p.context.diagnostics,
    };
    let mut out = Vec::new();
    names(&fix, &touches, &mut out);
    for e in &a.loaded.errors {
        if e.path == path && e.span.is_some_and(touches) {
            fix.did_you_mean(e, &mut out);
        }
    }
    for f in &a.report.findings {
        if f.code != QUOTE_MISSING {
            continue;
        }
        for e in f
            .evidence
            .iter()
            .filter(|e| *e.file == *path && touches(e.span))
        {
            let claim = a
                .ws()
                .claims
                .iter()
                .find(|c| c.value_span.file == file && c.id == e.claim);
            if let Some(claim) = claim {
                fix.fill_quote(claim, &mut out);
            }
        }
    }
    Some(out)
}

/// Fixes for the names written in the range: each near miss and unknown name.
fn names(fix: &Fixer, touches: &dyn Fn(Span) -> bool, out: &mut Vec<CodeActionOrCommand>) {
    let ws = fix.a.ws();
    for report in &fix.a.names().reports {
        for &(c, place) in &report.claims {
            let claim = &ws.claims[c];
            let span = match place {
                Place::Subject => claim.subject.span,
                Place::Value => claim.value_span,
            };
            if !touches(span) || unquoted(fix.text(span)) != report.mention {
                continue;
            }
            match &report.outcome {
                Outcome::Variant {
                    key,
                    name,
                    registered: true,
                    ..
                } => {
                    fix.replace(span, name, true, Some(NAME_VARIANT), out);
                    if let Some(entity) = fix.a.entity(key) {
                        fix.add_alias(entity, &report.mention, out);
                    }
                }
                Outcome::Unknown { closest } => {
                    for name in closest.iter().take(MAX_SUGGESTIONS) {
                        fix.replace(span, name, false, Some(UNKNOWN_ENTITY), out);
                    }
                }
                _ => {}
            }
        }
    }
}

struct Fixer<'a> {
    a: &'a Analysis,
    uri: &'a Uri,
    source: &'a SourceFile,
    lines: &'a Lines<'a>,
    diagnostics: &'a [Diagnostic],
}

impl Fixer<'_> {
    fn text(&self, span: Span) -> &str {
        self.source.text.get(span.range()).unwrap_or_default()
    }

    /// The diagnostics of the editor's request that a fix resolves, by code.
    fn resolves(&self, range: Range, code: &str) -> Option<Vec<Diagnostic>> {
        let found: Vec<Diagnostic> = self
            .diagnostics
            .iter()
            .filter(|d| {
                d.range == range
                    && matches!(&d.code, Some(lsp_types::NumberOrString::String(c)) if c == code)
            })
            .cloned()
            .collect();
        (!found.is_empty()).then_some(found)
    }

    // `WorkspaceEdit::changes` is keyed by `Uri`, whose parsed parts are cached in cells that
    // never change its hash or equality.
    #[allow(clippy::mutable_key_type)]
    fn action(
        &self,
        title: String,
        edits: HashMap<Uri, Vec<TextEdit>>,
        resolves: Option<Vec<Diagnostic>>,
        preferred: bool,
    ) -> CodeActionOrCommand {
        CodeActionOrCommand::CodeAction(CodeAction {
            title: visible_line(&title).into_owned(),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: resolves,
            edit: Some(WorkspaceEdit {
                changes: Some(edits),
                ..Default::default()
            }),
            is_preferred: preferred.then_some(true),
            ..Default::default()
        })
    }

    fn replace(
        &self,
        span: Span,
        name: &str,
        preferred: bool,
        code: Option<Code>,
        out: &mut Vec<CodeActionOrCommand>,
    ) {
        let range = self.lines.range(span.offset as usize, span.range().end);
        let edit = TextEdit::new(range, yaml_scalar(name));
        let resolves = code.and_then(|c| self.resolves(range, c.as_str()));
        out.push(self.action(
            format!("Write \"{name}\""),
            HashMap::from([(self.uri.clone(), vec![edit])]),
            resolves,
            preferred,
        ));
    }

    /// Adds a spelling to an entity's `aliases:` in the registry: after the last alias, in
    /// the list's own style, or as a new `aliases:` under the entity's name.
    fn add_alias(&self, entity: &Entity, spelling: &str, out: &mut Vec<CodeActionOrCommand>) {
        let ws = self.a.ws();
        let file = ws.files.get(entity.name.span.file);
        let Some(uri) = uri_of(Path::new(&file.path)) else {
            return;
        };
        let text = &file.text;
        let lines = Lines::new(text);
        let scalar = yaml_scalar(spelling);
        let (at, insert) = match entity.aliases.last() {
            Some(last) => {
                let (line, line_start) = lines.line_at(last.span.offset as usize);
                let within = last.span.offset as usize - line_start;
                if line[..within].trim_end().ends_with('-') {
                    // A block list: a new item on its own line, indented as the last.
                    let indent = &line[..line.len() - line.trim_start().len()];
                    (line_start + line.len(), format!("\n{indent}- {scalar}"))
                } else {
                    (last.span.range().end, format!(", {scalar}"))
                }
            }
            None => {
                let (line, line_start) = lines.line_at(entity.name.span.offset as usize);
                let within = entity.name.span.offset as usize - line_start;
                let Some(key) = line[..within].rfind("name") else {
                    return;
                };
                let indent = " ".repeat(line[..key].chars().count());
                (
                    line_start + line.len(),
                    format!("\n{indent}aliases: [{scalar}]"),
                )
            }
        };
        let edit = TextEdit::new(lines.range(at, at), insert);
        out.push(self.action(
            format!("Add \"{spelling}\" to the aliases of {}", entity.id),
            HashMap::from([(uri, vec![edit])]),
            None,
            false,
        ));
    }

    /// A load error's "did you mean `x`?" as an edit of the name it is about.
    fn did_you_mean(&self, e: &LoadError, out: &mut Vec<CodeActionOrCommand>) {
        let Some(span) = e.span else { return };
        let Some(suggested) = e
            .help
            .as_deref()
            .and_then(|h| h.split_once("did you mean `"))
            .and_then(|(_, rest)| rest.split_once('`'))
            .map(|(s, _)| s)
        else {
            return;
        };
        let start = span.offset as usize;
        let end = match &e.kind {
            // A key's span runs on over its value: only the key is replaced.
            LoadErrorKind::UnknownKey { key }
                if self.source.text.get(start..start + key.len()) == Some(key) =>
            {
                start + key.len()
            }
            LoadErrorKind::Unknown { name, .. } if unquoted(self.text(span)) == name => {
                span.range().end
            }
            _ => return,
        };
        let range = self.lines.range(start, end);
        let edit = TextEdit::new(range, yaml_scalar(suggested));
        out.push(self.action(
            format!("Write \"{suggested}\""),
            HashMap::from([(self.uri.clone(), vec![edit])]),
            self.resolves(range, e.code()),
            true,
        ));
    }

    /// `quote:` filled with the article's sentence that holds the value, when the value is
    /// written once in the article and the claim's value stands on its `value:` line.
    fn fill_quote(&self, claim: &Claim, out: &mut Vec<CodeActionOrCommand>) {
        let ws = self.a.ws();
        let Some(article) = &ws.source_of(claim).article else {
            return;
        };
        let value = claim.written.trim();
        let mut found = article.text.match_indices(value);
        let (Some((at, _)), None) = (found.next(), found.next()) else {
            return;
        };
        if value.is_empty() || claim.quote.is_some() {
            return;
        }
        let (line, line_start) = self.lines.line_at(claim.value_span.offset as usize);
        let key = line.trim_start().trim_start_matches("- ");
        if !key.starts_with("value:") {
            return;
        }
        let indent = " ".repeat(line.len() - key.len());
        let quote = sentence_around(&article.text, at, value.len());
        let end = line_start + line.len();
        let edit = TextEdit::new(
            self.lines.range(end, end),
            format!("\n{indent}quote: {}", yaml_scalar(quote)),
        );
        let range = self.lines.range(
            claim.value_span.offset as usize,
            claim.value_span.range().end,
        );
        out.push(self.action(
            "Quote the article".to_string(),
            HashMap::from([(self.uri.clone(), vec![edit])]),
            self.resolves(range, QUOTE_MISSING.as_str()),
            true,
        ));
    }
}

/// The most characters taken either side of a value for its quote.
const QUOTE_REACH: usize = 120;

/// The sentence of `text` around `len` bytes at `at`: from the end of the previous sentence
/// (or line) to the end of this one, at most [`QUOTE_REACH`] bytes either side.
fn sentence_around(text: &str, at: usize, len: usize) -> &str {
    let mut from = at.saturating_sub(QUOTE_REACH);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (at + len + QUOTE_REACH).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let ends = |c: char| matches!(c, '.' | '!' | '?' | '\n');
    let start = text[from..at].rfind(ends).map_or(from, |i| from + i + 1);
    let end = text[at + len..to].find(ends).map_or(to, |i| at + len + i);
    text[start..end].trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_is_the_sentence_around_the_value() {
        let text = "First one. The court freed him on 5 May. Later on.";
        let at = text.find("5 May").unwrap();
        assert_eq!(sentence_around(text, at, 5), "The court freed him on 5 May");
    }
}
