//! The default format: compiler-style diagnostics through miette, one per finding, with a
//! label at each claim involved, in its own file.

use std::fmt;
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};
use rayon::prelude::*;

use super::Output;
use crate::error::LoadError;
use crate::finding::{Evidence, Finding};
use crate::model::{Severity, Workspace};
use crate::span::Span;

/// How to draw: colours (for a terminal) and the width to wrap at.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

/// One rendered diagnostic: a finding or load error, or the part of a finding in another file.
#[derive(Debug)]
struct Diag {
    message: String,
    code: Option<String>,
    severity: miette::Severity,
    help: Option<String>,
    source: Option<Excerpt>,
    labels: Vec<LabeledSpan>,
    related: Vec<Diag>,
}

impl fmt::Display for Diag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diag {}

impl Diagnostic for Diag {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        (!self.labels.is_empty())
            .then(|| Box::new(self.labels.iter().cloned()) as Box<dyn Iterator<Item = LabeledSpan>>)
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        (!self.related.is_empty()).then(|| {
            Box::new(self.related.iter().map(|d| d as &dyn Diagnostic))
                as Box<dyn Iterator<Item = &dyn Diagnostic>>
        })
    }
}

fn severity(s: Severity) -> miette::Severity {
    match s {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

/// The lines around a span, as miette's source. Handing miette only these lines keeps each
/// diagnostic's cost independent of the file's size: miette scans its source from the start,
/// which made 10 000 errors in one file quadratic.
#[derive(Debug)]
struct Excerpt {
    name: String,
    text: Arc<str>,
    /// Byte range of the excerpt in `text`, on line boundaries.
    start: usize,
    end: usize,
    /// 0-based number of the excerpt's first line.
    first_line: usize,
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let local = SourceSpan::new(span.offset().saturating_sub(self.start).into(), span.len());
        let window = &self.text[self.start..self.end];
        let inner = window.read_span(&local, before, after)?;
        let at = SourceSpan::new(
            (inner.span().offset() + self.start).into(),
            inner.span().len(),
        );
        let contents = MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            at,
            inner.line() + self.first_line,
            inner.column(),
            inner.line_count(),
        );
        Ok(Box::new(contents.with_language("yaml")))
    }
}

/// Enough lines either side of the span for the context miette draws.
const EXCERPT_LINES: usize = 3;

fn named_source(ws: &Workspace, span: &Span) -> Excerpt {
    let file = ws.files.get(span.file);
    let line = span.line as usize;
    let first = line.saturating_sub(EXCERPT_LINES).max(1);
    let (last, _) = file.position_of(span.offset + span.len);
    Excerpt {
        name: file.path.clone(),
        text: file.text.clone(),
        start: file.offset_of(first, 1),
        end: file.offset_of(last as usize + EXCERPT_LINES + 1, 1),
        first_line: first - 1,
    }
}

fn label(e: &Evidence) -> LabeledSpan {
    LabeledSpan::new(Some(e.label.clone()), e.span.offset, e.span.len.max(1))
}

fn finding_diag(ws: &Workspace, f: &Finding) -> Diag {
    let mut message = format!("{}: {}", f.code.as_str(), f.message);
    for note in &f.notes {
        message.push_str("\n  = ");
        message.push_str(note);
    }
    // One snippet per claim: the first carries the diagnostic, the others are nested under it,
    // each with its own file, so distant lines are never drawn as one long excerpt.
    let snippet = |e: &Evidence| Diag {
        message: e.label.clone(),
        code: None,
        severity: severity(f.severity),
        help: None,
        source: Some(named_source(ws, &e.span)),
        labels: vec![LabeledSpan::new(None, e.span.offset, e.span.len.max(1))],
        related: Vec::new(),
    };
    let mut parts = f.evidence.iter().map(snippet);
    let mut main = parts.next().unwrap_or(Diag {
        message: String::new(),
        code: None,
        severity: severity(f.severity),
        help: None,
        source: None,
        labels: Vec::new(),
        related: Vec::new(),
    });
    main.related = parts.collect();
    main.labels = f.evidence.first().map(label).into_iter().collect();
    main.message = message;
    main.code = Some(f.rule.clone());
    main.help = f.help.clone();
    main
}

fn load_error_diag(ws: &Workspace, e: &LoadError) -> Diag {
    let (source, labels) = match e.span {
        Some(span) if (span.file.0 as usize) < ws.files.len() => (
            Some(named_source(ws, &span)),
            vec![LabeledSpan::new(
                Some("here".into()),
                span.offset,
                span.len.max(1),
            )],
        ),
        _ => (None, Vec::new()),
    };
    let message = match source {
        Some(_) => e.to_string(),
        None => format!("{}: {e}", e.path),
    };
    Diag {
        message,
        code: Some(e.code().to_string()),
        severity: miette::Severity::Error,
        help: e.help.clone(),
        source,
        labels,
        related: Vec::new(),
    }
}

/// miette's handler, and the same without wrapping for drawing uncoloured text. miette passes
/// every text it draws through textwrap, even one that fits, and that was half the cost of a
/// large report; when every line drawn flat fits the width, wrapping would have changed
/// nothing but trailing spaces. Trailing spaces are trimmed from every line either way (miette
/// keeps them only on the lines it does not wrap), so both drawings give the same text.
struct Painter {
    wrapping: GraphicalReportHandler,
    flat: Option<GraphicalReportHandler>,
    /// The width textwrap fills to: miette's width less its margin of 2.
    fill: usize,
}

impl Painter {
    fn new(style: Style) -> Self {
        let theme = if style.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let wrapping = GraphicalReportHandler::new_themed(theme)
            .with_width(style.width)
            .with_context_lines(1)
            .with_links(false)
            .with_show_related_as_nested(true)
            // Breaking lines at spaces only: the Unicode line-break rules took a fifth of
            // drawing a large report, and findings are prose with few other break points.
            .with_word_separator(textwrap::WordSeparator::AsciiSpace);
        // Colour codes sit between a line's text and its trailing spaces: the flat drawing is
        // only known to match for plain text.
        let flat = (!style.color).then(|| wrapping.clone().with_wrap_lines(false));
        Self {
            wrapping,
            flat,
            fill: style.width.saturating_sub(2),
        }
    }

    fn draw(&self, d: &Diag, out: &mut String) {
        let mut s = String::new();
        // A text that will not fit with miette's indent (at most 10 columns) needs wrapping:
        // drawing it flat first would be wasted.
        let texts = std::iter::once(d)
            .chain(&d.related)
            .flat_map(|d| std::iter::once(&d.message).chain(&d.help));
        let wide = texts
            .flat_map(|t| t.lines())
            .any(|l| textwrap::core::display_width(l) + 10 > self.fill);
        let flat = !wide
            && self.flat.as_ref().is_some_and(|flat| {
                flat.render_report(&mut s, d).is_ok()
                    && s.lines()
                        .all(|l| textwrap::core::display_width(l) <= self.fill)
            });
        if !flat {
            s = self.wrapped(d);
        }
        push_trimmed(&s, out);
        out.push('\n');
    }

    fn wrapped(&self, d: &Diag) -> String {
        let mut s = String::new();
        if self.wrapping.render_report(&mut s, d).is_err() {
            s = format!("{}\n", d.message);
        }
        s
    }
}

/// Appends text with the trailing spaces of each line removed.
fn push_trimmed(s: &str, out: &mut String) {
    for line in s.split_inclusive('\n') {
        let text = line.strip_suffix('\n').unwrap_or(line);
        out.push_str(text.trim_end_matches(' '));
        if line.ends_with('\n') {
            out.push('\n');
        }
    }
}

/// The diagnostics, load errors first, then a summary line.
pub fn render(out: &Output, style: Style) -> String {
    let painter = Painter::new(style);
    let mut text = String::new();
    let ws = out.workspace;
    for e in out.load_errors {
        painter.draw(&load_error_diag(ws, e), &mut text);
    }
    // Each finding is drawn on its own, on every core, and the drawings joined in order.
    let drawn: Vec<String> = out
        .report
        .findings
        .par_iter()
        .map(|f| {
            let mut one = String::new();
            painter.draw(&finding_diag(ws, f), &mut one);
            one
        })
        .collect();
    text.extend(drawn);
    if let Some(b) = &out.report.baseline {
        for e in &b.stale {
            text.push_str(&format!(
                "baseline entry {} ({} {} on {}) matches no finding any more: remove it from the baseline\n",
                e.fingerprint,
                e.rule,
                e.code,
                e.subject.as_deref().unwrap_or("-")
            ));
        }
    }
    text.push_str(&summary_line(out));
    text.push('\n');
    text
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// "3 sources (3 outlets), 91 claims: 2 errors, 5 warnings, 12 infos".
pub fn summary_line(out: &Output) -> String {
    let s = &out.report.summary;
    let mut line = format!(
        "{} ({}), {}: {}, {}, {}",
        plural(s.sources, "source"),
        plural(s.outlets, "outlet"),
        plural(s.claims, "claim"),
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.infos, "info"),
    );
    if let Some(b) = out.report.baseline.as_ref().filter(|b| b.suppressed > 0) {
        line.push_str(&format!(" ({} accepted in the baseline)", b.suppressed));
    }
    if !out.load_errors.is_empty() {
        line.push_str(&format!(
            "; {} could not be loaded",
            plural(out.load_errors.len(), "input error")
        ));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(message: &str, help: &str, label: &str, source: &str) -> Diag {
        let excerpt = || Excerpt {
            name: "claims/a.yaml".into(),
            text: source.into(),
            start: 0,
            end: source.len(),
            first_line: 0,
        };
        let nested = Diag {
            message: label.into(),
            code: None,
            severity: miette::Severity::Warning,
            help: None,
            source: Some(excerpt()),
            labels: vec![LabeledSpan::new(None, 0, 3)],
            related: Vec::new(),
        };
        Diag {
            message: message.into(),
            code: Some("agree".into()),
            severity: miette::Severity::Error,
            help: Some(help.into()),
            source: Some(excerpt()),
            labels: vec![LabeledSpan::new(Some(label.into()), 0, 3)],
            related: vec![nested],
        }
    }

    proptest::proptest! {
        #[test]
        fn drawing_flat_gives_the_text_miette_wraps_whenever_it_is_used(
            message in "[a-z]{1,12}( [a-z]{1,12}){0,6}",
            help in "[a-z]{1,12}( [a-z]{1,12}){0,5}",
            label in "[a-z]{1,10}( [a-z]{1,10}){0,8}",
            source in "(  [a-z]{1,8}: [a-z ]{0,30}\n){1,5}",
            width in 30usize..120,
        ) {
            let painter = Painter::new(Style { color: false, width });
            let d = diag(&message, &help, &label, &source);
            let mut flat = String::new();
            let flat_handler = painter.flat.as_ref().expect("no colour, so a flat handler");
            flat_handler.render_report(&mut flat, &d).expect("drawn");
            let fits = flat.lines().all(|l| textwrap::core::display_width(l) <= painter.fill);
            let (mut trimmed, mut wrapped) = (String::new(), String::new());
            push_trimmed(&flat, &mut trimmed);
            push_trimmed(&painter.wrapped(&d), &mut wrapped);
            if fits {
                proptest::prop_assert_eq!(&trimmed, &wrapped);
            }
            let mut drawn = String::new();
            painter.draw(&d, &mut drawn);
            proptest::prop_assert_eq!(drawn, wrapped + "\n");
        }
    }
}
