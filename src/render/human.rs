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
use crate::text_safety;

/// How to draw: colours (for a terminal) and the width to wrap at.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
    /// Draw every info; otherwise one line counts them.
    pub infos: bool,
}

/// One rendered diagnostic: a finding or load error, or the part of a finding in another file.
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone)]
struct Excerpt {
    name: String,
    text: Arc<String>,
    /// Byte range of the excerpt in `text`, on line boundaries.
    start: usize,
    end: usize,
    /// 0-based number of the excerpt's first line.
    first_line: usize,
    /// Characters of that line before the excerpt, where it starts within a long line.
    first_column: usize,
    /// The excerpt as drawn, when it holds characters [`text_safety`] shows as `<U+XXXX>`.
    shown: Option<Arc<Shown>>,
}

/// An excerpt with its hidden characters shown: miette draws this text, and spans given to it
/// (labels) count bytes in it, so that underlines stay under what they mark.
#[derive(Debug)]
struct Shown {
    text: String,
    /// Each change, in order: (start, end) in the excerpt, then (start, end) in `text`.
    changes: Vec<((usize, usize), (usize, usize))>,
}

impl Shown {
    /// The excerpt with its hidden characters shown, if it has any. A CR before LF is the
    /// line break miette reads, and stays.
    fn of(excerpt: &str) -> Option<Self> {
        let mut text = String::new();
        let mut changes = Vec::new();
        let mut done = 0;
        text_safety::each_shown(excerpt, false, |at, c| {
            if c == '\r' && excerpt[at + 1..].starts_with('\n') {
                return;
            }
            text.push_str(&excerpt[done..at]);
            let from = text.len();
            text_safety::push_code(&mut text, c);
            done = at + c.len_utf8();
            changes.push(((at, done), (from, text.len())));
        });
        if changes.is_empty() {
            return None;
        }
        text.push_str(&excerpt[done..]);
        Some(Self { text, changes })
    }

    /// An offset in the excerpt as an offset in the drawn text.
    fn drawn(&self, at: usize) -> usize {
        let i = self.changes.partition_point(|((start, _), _)| *start <= at);
        match i.checked_sub(1).map(|i| self.changes[i]) {
            None => at,
            Some(((_, end), (from, _))) if at < end => from,
            Some(((_, end), (_, to))) => to + (at - end),
        }
    }

    /// An offset in the drawn text as an offset in the excerpt.
    fn written(&self, at: usize) -> usize {
        let i = self.changes.partition_point(|(_, (from, _))| *from <= at);
        match i.checked_sub(1).map(|i| self.changes[i]) {
            None => at,
            Some(((start, _), (_, to))) if at < to => start,
            Some(((_, end), (_, to))) => end + (at - to),
        }
    }
}

impl Excerpt {
    /// A span of the file underlined, at least one byte wide, in the offsets miette reads.
    fn underline(&self, label: Option<String>, span: &Span) -> LabeledSpan {
        let at = span.range();
        let (start, end) = (at.start, at.end.max(at.start + 1));
        match &self.shown {
            None => LabeledSpan::new(label, start, end - start),
            Some(shown) => {
                let start = shown.drawn(start.saturating_sub(self.start));
                let end = shown.drawn(end.saturating_sub(self.start)).max(start + 1);
                LabeledSpan::new(label, start, end - start)
            }
        }
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let window = &self.text[self.start..self.end];
        // The span in bytes of the window.
        let (start, end) = match &self.shown {
            None => {
                let start = span.offset().saturating_sub(self.start);
                (start, start + span.len())
            }
            Some(shown) => (
                shown.written(span.offset()),
                shown.written(span.offset() + span.len()),
            ),
        };
        let inner = window.read_span(&SourceSpan::new(start.into(), end - start), before, after)?;
        let (from, to) = (
            inner.span().offset(),
            inner.span().offset() + inner.span().len(),
        );
        let (data, from, to) = match &self.shown {
            None => (inner.data(), from + self.start, to + self.start),
            Some(shown) => {
                let (from, to) = (shown.drawn(from), shown.drawn(to));
                (&shown.text.as_bytes()[from..to], from, to)
            }
        };
        let contents = MietteSpanContents::new_named(
            self.name.clone(),
            data,
            SourceSpan::new(from.into(), to - from),
            inner.line() + self.first_line,
            inner.column()
                + if inner.line() == 0 {
                    self.first_column
                } else {
                    0
                },
            inner.line_count(),
        );
        Ok(Box::new(contents.with_language("yaml")))
    }
}

/// Enough lines either side of the span for the context miette draws.
const EXCERPT_LINES: usize = 3;

/// An excerpt longer than this many bytes has a long line: only the part of the span's line
/// around it is shown, so that each diagnostic on a 1 MB line does not print the megabyte.
const LONGEST_EXCERPT: usize = 2048;
/// Bytes shown on either side of a span on a long line.
const AROUND: usize = 80;

fn named_source(ws: &Workspace, span: &Span) -> Excerpt {
    let file = ws.files.get(span.file);
    let line = span.line as usize;
    let first = line.saturating_sub(EXCERPT_LINES).max(1);
    let (last, _) = file.position_of(span.range().end);
    let (start, end) = (
        file.offset_of(first, 1),
        file.offset_of(last as usize + EXCERPT_LINES + 1, 1),
    );
    let mut excerpt = Excerpt {
        name: text_safety::visible_line(&file.path).into_owned(),
        shown: None,
        text: file.text.clone(),
        start,
        end,
        first_line: first - 1,
        first_column: 0,
    };
    if end - start > LONGEST_EXCERPT {
        let text = &file.text;
        let line_start = file.offset_of(line, 1);
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let at = span.range();
        let mut from = at.start.saturating_sub(AROUND).max(line_start);
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        let mut to = (at.end + AROUND).min(line_end).max(at.end.min(text.len()));
        while !text.is_char_boundary(to) {
            to += 1;
        }
        excerpt.start = from;
        excerpt.end = to;
        excerpt.first_line = line - 1;
        excerpt.first_column = file.position_of(from).1 as usize - 1;
    }
    excerpt.shown = Shown::of(&file.text[excerpt.start..excerpt.end]).map(Arc::new);
    excerpt
}

fn finding_diag(ws: &Workspace, f: &Finding) -> Diag {
    let mut message = format!("{}: {}", f.code.as_str(), f.message);
    for note in &f.notes {
        message.push_str("\n  = ");
        message.push_str(note);
    }
    // One snippet per claim: the first carries the diagnostic, the others are nested under it,
    // each with its own file, so distant lines are never drawn as one long excerpt.
    let snippet = |e: &Evidence| {
        let source = named_source(ws, &e.span);
        Diag {
            message: shown_line(&e.label),
            code: None,
            severity: severity(f.severity),
            help: None,
            labels: vec![source.underline(None, &e.span)],
            source: Some(source),
            related: Vec::new(),
        }
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
    if let (Some(e), Some(source)) = (f.evidence.first(), &main.source) {
        main.labels = vec![source.underline(Some(shown_line(&e.label)), &e.span)];
    }
    main.message = shown(&message);
    main.code = Some(shown_line(&f.rule));
    main.help = f.help.as_deref().map(shown);
    main
}

fn load_error_diag(ws: &Workspace, e: &LoadError, severity: miette::Severity) -> Diag {
    let source = match e.span {
        Some(span) if (span.file.0 as usize) < ws.files.len() => Some(named_source(ws, &span)),
        _ => None,
    };
    let (message, labels) = match (&source, e.span) {
        (Some(source), Some(span)) => (
            shown(&e.to_string()),
            vec![source.underline(Some("here".into()), &span)],
        ),
        _ => (
            format!("{}: {}", shown_line(&e.path), shown(&e.to_string())),
            Vec::new(),
        ),
    };
    Diag {
        message,
        code: Some(e.code().to_string()),
        severity,
        help: e.help.as_deref().map(shown),
        source,
        labels,
        related: Vec::new(),
    }
}

/// Text from the inputs, safe to draw ([`text_safety::visible`]).
fn shown(s: &str) -> String {
    text_safety::visible(s).into_owned()
}

/// A name, id or label from the inputs, safe to draw on one line.
fn shown_line(s: &str) -> String {
    text_safety::visible_line(s).into_owned()
}

/// Draws diagnostics as miette's handler does, at a fraction of the cost for uncoloured text.
///
/// miette passes every text it draws through textwrap, even one that fits, and wraps a nested
/// part (a finding's other claims) whole, snippet and all: that was most of the cost of a large
/// report. Uncoloured, each part is drawn on its own, without wrapping when every line fits the
/// width (wrapping would change nothing but trailing spaces), and the nested parts are indented
/// (or, where a line is too long, wrapped) as miette does. Trailing spaces are trimmed from
/// every line either way, since miette keeps them only on lines it does not wrap; a proptest
/// holds the result to miette's own drawing.
struct Painter {
    /// miette's handler, which draws a whole diagnostic, nested parts and all.
    whole: GraphicalReportHandler,
    /// For the main part and, narrower by their indent, for nested parts; none in colour.
    parts: Option<(Part, Part)>,
    /// The width textwrap fills to: miette's width less its margin of 2.
    fill: usize,
    characters: miette::ThemeCharacters,
    /// Whether the drawing holds colour codes, which the last pass over it keeps.
    color: bool,
}

/// A handler for one part of a diagnostic, and the same without wrapping.
struct Part {
    wrapping: GraphicalReportHandler,
    flat: GraphicalReportHandler,
    fill: usize,
}

impl Part {
    fn new(handler: GraphicalReportHandler, width: usize) -> Self {
        let wrapping = handler.with_width(width);
        Self {
            flat: wrapping.clone().with_wrap_lines(false),
            wrapping,
            fill: width.saturating_sub(2),
        }
    }

    fn draw(&self, d: &Diag) -> String {
        // A text too wide for the part with miette's indent (at most 10 columns) will need
        // wrapping: drawing it flat first would be wasted.
        let texts = std::iter::once(&d.message).chain(&d.help);
        let wide = texts
            .flat_map(|t| t.lines())
            .any(|l| textwrap::core::display_width(l) + 10 > self.fill);
        let mut s = String::new();
        if !wide && self.flat.render_report(&mut s, d).is_ok() && fits(&s, 0, self.fill) {
            return s;
        }
        drawn(&self.wrapping, d)
    }
}

/// Whether every line of a text fits the width after an indent. No character is wider than
/// its UTF-8 bytes, so a short line is not measured.
fn fits(text: &str, indent: usize, fill: usize) -> bool {
    text.lines()
        .all(|l| indent + l.len() <= fill || indent + textwrap::core::display_width(l) <= fill)
}

impl Painter {
    fn new(style: Style) -> Self {
        let theme = if style.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let characters = theme.characters.clone();
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_context_lines(1)
            .with_links(false)
            .with_show_related_as_nested(true)
            // Breaking lines at spaces only: the Unicode line-break rules took a fifth of
            // drawing a large report, and findings are prose with few other break points.
            .with_word_separator(textwrap::WordSeparator::AsciiSpace);
        // Colour codes sit in the indents and between a line's text and its trailing spaces:
        // only plain text is drawn in parts.
        let parts = (!style.color).then(|| {
            let nested = handler.clone().without_cause_chain();
            (
                Part::new(handler.clone(), style.width),
                Part::new(nested, style.width.saturating_sub(NESTED_INDENT)),
            )
        });
        Self {
            whole: handler.with_width(style.width),
            parts,
            fill: style.width.saturating_sub(2),
            characters,
            color: style.color,
        }
    }

    fn draw(&self, mut d: Diag, out: &mut String) {
        let s = match &self.parts {
            Some((main, nested)) => {
                let related = std::mem::take(&mut d.related);
                let mut s = main.draw(&d);
                for (i, rel) in related.iter().enumerate() {
                    let last = i + 1 == related.len();
                    self.nest(&nested.draw(rel), last, &mut s);
                }
                s
            }
            None => self.wrapped(&d),
        };
        push_trimmed(&s, self.color, out);
        out.push('\n');
    }

    /// A nested part under its main part, as miette draws it: `├─▶ ` before the first line
    /// and `│   ` before the rest (`╰─▶ ` and blanks for the last part), wrapped to the width.
    fn nest(&self, inner: &str, last: bool, out: &mut String) {
        let c = &self.characters;
        let first = format!(
            "  {}{}{} ",
            if last { c.lbot } else { c.lcross },
            c.hbar,
            c.rarrow
        );
        let rest = format!("  {}   ", if last { ' ' } else { c.vbar });
        let inner = inner.trim_matches('\n');
        if fits(inner, NESTED_INDENT, self.fill) {
            for (i, line) in inner.split('\n').enumerate() {
                out.push_str(if i == 0 { &first } else { &rest });
                out.push_str(line);
                out.push('\n');
            }
        } else {
            let opts = textwrap::Options::new(self.fill)
                .initial_indent(&first)
                .subsequent_indent(&rest)
                .word_separator(textwrap::WordSeparator::AsciiSpace);
            out.push_str(&textwrap::fill(inner, opts));
            out.push('\n');
        }
    }

    /// The diagnostic as miette's handler draws it whole.
    fn wrapped(&self, d: &Diag) -> String {
        drawn(&self.whole, d)
    }
}

/// Columns miette indents a nested part by (`  │   `).
const NESTED_INDENT: usize = 6;

/// A diagnostic as a handler draws it, or its message alone if drawing fails.
fn drawn(handler: &GraphicalReportHandler, d: &Diag) -> String {
    let mut s = String::new();
    if handler.render_report(&mut s, d).is_err() {
        s = format!("{}\n", d.message);
    }
    s
}

/// Appends drawn text with the trailing spaces of each line removed, after a last pass of
/// [`text_safety`]: the texts were made safe before drawing, but wrapping can move a `::` to
/// the start of a line, where a CI runner would read a workflow command.
fn push_trimmed(s: &str, color: bool, out: &mut String) {
    let s = if color {
        text_safety::visible_styled(s)
    } else {
        text_safety::visible(s)
    };
    for line in s.split_inclusive('\n') {
        let text = line.strip_suffix('\n').unwrap_or(line);
        out.push_str(text.trim_end_matches(' '));
        if line.ends_with('\n') {
            out.push('\n');
        }
    }
}

/// The diagnostics, least severe first so that errors stay on screen, then the load errors,
/// and a summary line last.
pub fn render(out: &Output, style: Style) -> String {
    let mut text = Vec::new();
    // Writing into memory cannot fail.
    let _ = write(out, style, &mut text);
    String::from_utf8(text).unwrap_or_default()
}

/// `--quiet`: every load error (a failure is never silenced), then the summary line.
pub fn quiet(out: &Output, style: Style) -> String {
    let mut text = load_errors(out, &Painter::new(style));
    text.push_str(&summary_line(out));
    text.push('\n');
    text
}

/// Findings drawn at a time: enough to keep every core busy, few enough that a large report
/// is never held whole.
const CHUNK: usize = 512;

/// The load warnings, then the load errors, drawn.
fn load_errors(out: &Output, painter: &Painter) -> String {
    let ws = out.workspace;
    let mut text = String::new();
    for e in &ws.warnings {
        painter.draw(load_error_diag(ws, e, miette::Severity::Warning), &mut text);
    }
    for e in out.load_errors {
        painter.draw(load_error_diag(ws, e, miette::Severity::Error), &mut text);
    }
    text
}

/// Like [`render`], writing the text out as it is drawn.
pub fn write(out: &Output, style: Style, w: &mut impl std::io::Write) -> std::io::Result<()> {
    let painter = Painter::new(style);
    let ws = out.workspace;
    // Each finding is drawn on its own, on every core, and the drawings written in order.
    for severity in [Severity::Info, Severity::Warning, Severity::Error] {
        if severity == Severity::Info && !style.infos {
            continue;
        }
        let findings: Vec<&Finding> = out
            .report
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .collect();
        for chunk in findings.chunks(CHUNK) {
            let drawn: Vec<String> = chunk
                .par_iter()
                .map(|f| {
                    let mut one = String::new();
                    painter.draw(finding_diag(ws, f), &mut one);
                    one
                })
                .collect();
            for one in drawn {
                w.write_all(one.as_bytes())?;
            }
        }
    }
    let mut text = load_errors(out, &painter);
    if let Some(b) = &out.report.baseline {
        for e in &b.stale {
            text.push_str(&format!(
                "baseline entry at line {} ({} {} on {}) matches no finding any more: remove it from the baseline\n",
                e.line,
                shown_line(&e.rule),
                shown_line(&e.code),
                shown_line(e.subject.as_deref().unwrap_or("-"))
            ));
        }
    }
    if !style.infos && out.report.summary.infos > 0 {
        text.push_str(&infos_line(out));
    }
    text.push_str(&summary_line(out));
    text.push('\n');
    w.write_all(text.as_bytes())
}

/// "7 infos not shown (7 uncorroborated): `--show infos` lists them".
fn infos_line(out: &Output) -> String {
    let mut codes: std::collections::BTreeMap<&str, usize> = Default::default();
    for f in out
        .report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Info)
    {
        *codes.entry(f.code.as_str()).or_default() += 1;
    }
    let codes: Vec<String> = codes.iter().map(|(c, n)| format!("{n} {c}")).collect();
    format!(
        "{} not shown ({}): `--show infos` lists them\n",
        plural(out.report.summary.infos, "info"),
        codes.join(", ")
    )
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
    if let Some(b) = &out.report.baseline {
        let mut parts = Vec::new();
        if !b.accepted.is_empty() {
            parts.push(format!("{} accepted in the baseline", b.accepted.len()));
        }
        if b.reopened > 0 {
            parts.push(format!("{} reopened", b.reopened));
        }
        if !parts.is_empty() {
            line.push_str(&format!(" ({})", parts.join(", ")));
        }
    }
    if !out.load_errors.is_empty() {
        line.push_str(&format!(
            "; {} could not be loaded",
            plural(out.load_errors.len(), "input error")
        ));
    }
    if !out.workspace.warnings.is_empty() {
        line.push_str(&format!(
            "; {}",
            plural(out.workspace.warnings.len(), "input warning")
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
            text: Arc::new(source.into()),
            start: 0,
            end: source.len(),
            first_line: 0,
            shown: None,
            first_column: 0,
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
        fn drawing_in_parts_gives_the_text_miette_draws_whole(
            message in "[a-z]{1,12}( [a-z]{1,12}){0,14}",
            help in "[a-z]{1,12}( [a-z]{1,12}){0,12}",
            label in "[a-z]{1,10}( [a-z]{1,10}){0,14}",
            source in "(  [a-z]{1,8}: [a-z ]{0,120}\n){1,5}",
            nested in 0usize..3,
            width in 30usize..120,
        ) {
            let painter = Painter::new(Style { color: false, width, infos: true });
            let mut d = diag(&message, &help, &label, &source);
            let one = d.related.remove(0);
            d.related = vec![one; nested];
            let mut whole = String::new();
            push_trimmed(&painter.wrapped(&d), false, &mut whole);
            whole.push('\n');
            let mut drawn = String::new();
            painter.draw(d, &mut drawn);
            proptest::prop_assert_eq!(drawn, whole);
        }
    }
    #[test]
    fn a_snippet_shows_hidden_characters_and_keeps_its_underline_under_the_text() {
        let source = "a: \u{200B}\u{202E}x\n  b: ##[y] zz\n";
        let at = source.find("zz").unwrap();
        let excerpt = Excerpt {
            name: "a.yaml".into(),
            text: Arc::new(source.into()),
            start: 0,
            end: source.len(),
            first_line: 0,
            first_column: 0,
            shown: Shown::of(source).map(Arc::new),
        };
        let span = Span {
            file: crate::span::FileId(0),
            line: 2,
            column: 12,
            offset: at as u32,
            len: 2,
        };
        let d = Diag {
            message: "m".into(),
            code: None,
            severity: miette::Severity::Error,
            help: None,
            labels: vec![excerpt.underline(Some("here".into()), &span)],
            source: Some(excerpt),
            related: Vec::new(),
        };
        let mut out = String::new();
        Painter::new(Style {
            color: false,
            width: 80,
            infos: true,
        })
        .draw(d, &mut out);
        assert!(out.contains("[a.yaml:2:12]"), "{out}");
        assert!(out.contains("a: <U+200B><U+202E>x"), "{out}");
        let lines: Vec<&str> = out.lines().collect();
        let i = lines
            .iter()
            .position(|l| l.contains("b: ##<U+005B>y] zz"))
            .unwrap();
        let column = |l: &str, pat: &str| l[..l.find(pat).unwrap()].chars().count();
        assert_eq!(column(lines[i], "zz"), column(lines[i + 1], "─┬"), "{out}");
    }
}
