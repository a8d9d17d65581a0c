//! `crosscheck report --format markdown`: a GitHub-flavoured discrepancy report that fits a
//! pull-request comment.
//!
//! Layout: the summary and sources, with a baseline what is new since it, the errors and warnings in full, the infos folded, then the
//! findings the baseline accepts (folded, with their reasons), the
//! fact matrices (one folded block per subject), the timeline (folded), the outlets and the
//! gaps. The text is cut to stay under GitHub's 65,536-character comment limit: when it would
//! not fit, the least urgent items go first (infos, then uncorroborated claims, fact matrices,
//! the timeline, missing facts, warnings, errors), each section first down to a sample of five,
//! then further, and each cut section says how much it left out.
//!
//! Every piece of text that comes from the inputs goes through [`escape`] (or
//! [`escape_html_block`] inside raw HTML such as `<summary>`): no HTML, links, images,
//! mentions, math or table breaks can be smuggled in through a claim, and hidden characters
//! are shown as `<U+XXXX>` ([`text_safety::visible`]).

use std::fmt::Write;

use super::Output;
use super::markup;
use super::report::{self, BaselineView, FindingView, GapRow, Mark, ReportData, SubjectMatrix};
use crate::model::Severity;
use crate::text_safety;

/// GitHub's limit on the length of a comment.
pub const COMMENT_LIMIT: usize = 65_536;

/// What the report aims to stay under, in bytes (never fewer than the characters GitHub
/// counts), leaving room for a wrapper a bot may add.
const BUDGET: usize = 64_000;

/// The longest value shown in full; longer ones are clipped with an ellipsis.
const MAX_TEXT: usize = 300;

/// A zero-width space, as a character reference: it keeps GitHub from linking a mention, an
/// issue or a URL, and the file itself holds no invisible character.
const BREAK: &str = "&#x200B;";

/// The report as GitHub-flavoured Markdown, cut to fit a comment.
pub fn render(out: &Output) -> String {
    render_within(out, BUDGET)
}

/// The report, cut to stay under `budget` bytes where it can.
pub fn render_within(out: &Output, budget: usize) -> String {
    let data = report::build(out);
    let mut sections = sections(&data);
    fit(&mut sections, budget);
    let mut text = String::new();
    for s in &sections {
        s.write(&mut text);
    }
    text
}

/// Escapes text from the inputs for use inline in Markdown, tables included.
///
/// Hidden and control characters are shown as `<U+XXXX>` ([`text_safety::visible`]), so that
/// one cannot hide in a URL (`https:\u{200B}//x` would be a live link without it); white
/// space (newlines too) collapses to one space; `& < >` become entities; Markdown punctuation
/// (links, images, emphasis, code, tables, math) is backslash-escaped; `@` and `#` before a
/// digit get a zero-width space (`&#x200B;`) after them so that GitHub links no user or issue;
/// `://` and `www.` are broken the same way so that no URL is autolinked.
pub fn escape(s: &str) -> String {
    escape_with(s, false)
}

/// Like [`escape`], for text inside a raw HTML block (`<summary>…</summary>`), where Markdown
/// is not parsed: everything special becomes a character reference.
pub fn escape_html_block(s: &str) -> String {
    escape_with(s, true)
}

fn escape_with(s: &str, html: bool) -> String {
    let chars: Vec<char> = text_safety::visible(s).chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    let mut space = false;
    for (n, &c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        // Quotes are markup only inside HTML; in Markdown text they show as typed.
        if let Some(r) = markup::reference(c).filter(|_| html || !matches!(c, '"' | '\'')) {
            out.push_str(r);
            continue;
        }
        let next = chars.get(n + 1).copied();
        match c {
            '[' | ']' | '(' | ')' | '!' | '\\' | '`' | '*' | '_' | '|' | '~' | '$' | '{' | '}'
                if html =>
            {
                let _ = write!(out, "&#{};", c as u32);
            }
            '[' | ']' | '(' | ')' | '!' | '\\' | '`' | '*' | '_' | '|' | '~' | '$' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '@' => {
                out.push('@');
                out.push_str(BREAK);
            }
            '#' => {
                if !html {
                    out.push('\\');
                }
                out.push('#');
                if next.is_some_and(|d| d.is_ascii_digit()) {
                    out.push_str(BREAK);
                }
            }
            ':' if chars.get(n + 1..n + 3) == Some(&['/', '/'][..]) => {
                out.push(':');
                out.push_str(BREAK);
            }
            '.' if out.len() >= 3
                && out.is_char_boundary(out.len() - 3)
                && out[out.len() - 3..].eq_ignore_ascii_case("www") =>
            {
                out.push_str(BREAK);
                out.push('.');
            }
            _ => out.push(c),
        }
    }
    out
}

/// Clips long text to `MAX_TEXT` characters, then escapes it.
fn text(s: &str) -> String {
    escape(&clip(s))
}

fn clip(s: &str) -> String {
    if s.chars().count() <= MAX_TEXT {
        return s.to_string();
    }
    let mut t: String = s.chars().take(MAX_TEXT - 1).collect();
    t.push('…');
    t
}

/// Escapes text that starts a line, so that it cannot open a list or a heading either.
fn paragraph(s: &str) -> String {
    let t = text(s);
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    match t.chars().nth(digits) {
        Some('-' | '+' | '=') if digits == 0 => format!("\\{t}"),
        Some('.' | ')') if digits > 0 => format!("{}\\{}", &t[..digits], &t[digits..]),
        _ => t,
    }
}

/// A date the report shows in a narrow column (2022-04-08), with non-breaking hyphens so
/// that GitHub's squeezed tables do not split it over two lines. Only dates crosscheck prints
/// itself get this; values as written keep their hyphens, so searching the page finds them.
fn date(s: &str) -> String {
    text(s).replace('-', "\u{2011}")
}

/// "Latin Times, 2022-04-08": a source label, its date kept on one line.
fn source(label: &str) -> String {
    match label.rsplit_once(", ") {
        Some((outlet, d))
            if !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit() || b == b'-') =>
        {
            format!("{}, {}", text(outlet), date(d))
        }
        _ => text(label),
    }
}

/// A value as written, with what a relative date resolved to.
fn value(written: &str, resolved: Option<&str>) -> String {
    match resolved {
        Some(r) if r != written => format!("{} → {}", text(written), text(r)),
        _ => text(written),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A part of the report that can shed items to fit.
struct Section {
    head: String,
    items: Vec<String>,
    tail: String,
    /// How many items are kept.
    shown: usize,
    /// Lower goes first when the report is too long; `None` never sheds.
    shed_rank: Option<u8>,
    /// What the items are, for the note on a cut section ("findings", "subjects").
    what: &'static str,
}

impl Section {
    fn new(head: String, items: Vec<String>, tail: String, shed_rank: Option<u8>) -> Self {
        let shown = items.len();
        Section {
            head,
            items,
            tail,
            shown,
            shed_rank,
            what: "items",
        }
    }

    fn what(mut self, what: &'static str) -> Self {
        self.what = what;
        self
    }

    fn note(&self) -> String {
        format!(
            "\n> ✂️ {} more {} not shown: the report was cut to fit a GitHub comment. Run `crosscheck report --format html` for the full report.\n\n",
            self.items.len() - self.shown,
            self.what
        )
    }

    fn len(&self) -> usize {
        let items: usize = self.items[..self.shown].iter().map(String::len).sum();
        let note = if self.shown < self.items.len() {
            self.note().len()
        } else {
            0
        };
        self.head.len() + items + note + self.tail.len()
    }

    fn write(&self, out: &mut String) {
        out.push_str(&self.head);
        for item in &self.items[..self.shown] {
            out.push_str(item);
        }
        if self.shown < self.items.len() {
            out.push_str(&self.note());
        }
        out.push_str(&self.tail);
    }
}

/// Sheds items, least urgent sections first, until the report fits `budget`: first down to a
/// few items per section, so that every section keeps a sample, then to none.
fn fit(sections: &mut [Section], budget: usize) {
    const SAMPLE: usize = 5;
    let mut total: usize = sections.iter().map(Section::len).sum();
    let mut order: Vec<usize> = (0..sections.len())
        .filter(|&i| sections[i].shed_rank.is_some())
        .collect();
    order.sort_by_key(|&i| (sections[i].shed_rank, std::cmp::Reverse(i)));
    for floor in [SAMPLE, 0] {
        for &i in &order {
            let s = &mut sections[i];
            while total > budget && s.shown > floor {
                let before = s.len();
                s.shown -= 1;
                total = total - before + s.len();
            }
            if total <= budget {
                return;
            }
        }
    }
}

fn sections(data: &ReportData) -> Vec<Section> {
    let mut out = vec![summary(data), sources(data)];
    if !data.load_errors.is_empty() {
        out.push(load_errors(data));
    }
    if let Some(b) = &data.baseline {
        out.push(new_since_baseline(data, b));
    }
    out.push(findings(data, Severity::Error, Some(7)));
    out.push(findings(data, Severity::Warning, Some(6)));
    out.push(infos(data));
    if let Some(b) = data.baseline.as_ref().filter(|b| !b.accepted.is_empty()) {
        out.push(accepted(b));
    }
    out.push(matrices(data));
    out.push(timeline(data));
    out.push(outlets(data));
    out.extend(gaps(data));
    out.push(Section::new(
        "---\n<sub>Generated by crosscheck. Values are shown as the articles wrote them; → shows what a relative date resolved to.</sub>\n".into(),
        Vec::new(),
        String::new(),
        None,
    ));
    out
}

fn summary(data: &ReportData) -> Section {
    let s = &data.summary;
    let mut head = String::from("# Crosscheck report\n\n");
    let count = |n: usize, one: &str, many: &str, icon: &str| {
        let t = plural(n, one, many);
        if n > 0 {
            format!("{icon} **{t}**")
        } else {
            format!("{icon} {t}")
        }
    };
    let _ = writeln!(
        head,
        "{} · {} · {} — {} from {} ({}).\n",
        count(s.errors, "error", "errors", "❌"),
        count(s.warnings, "warning", "warnings", "⚠️"),
        count(s.infos, "info", "infos", "ℹ️"),
        plural(s.claims, "claim", "claims"),
        plural(s.sources, "source", "sources"),
        plural(s.outlets, "outlet", "outlets"),
    );
    if !data.load_errors.is_empty() {
        let _ = writeln!(
            head,
            "⛔ **{} could not be loaded**; the report covers the rest.\n",
            plural(data.load_errors.len(), "input", "inputs")
        );
    }
    let disputed = data.disputed_events();
    let conflicting: usize = data.subjects.iter().map(SubjectMatrix::conflicting).sum();
    let _ = writeln!(
        head,
        "Fact matrix: {} in conflict. Timeline: {} disputed.\n",
        plural(conflicting, "fact", "facts"),
        plural(disputed, "date", "dates"),
    );
    Section::new(head, Vec::new(), String::new(), None)
}

fn sources(data: &ReportData) -> Section {
    let head = "| Published | Outlet | Article | Claims |\n|:--|:--|:--|--:|\n".to_string();
    let items = data
        .sources
        .iter()
        .map(|s| {
            format!(
                "| {} | {} | {} | {} |\n",
                date(&s.published),
                text(&s.outlet),
                text(s.title.as_deref().unwrap_or(&s.id)),
                s.claims
            )
        })
        .collect();
    Section::new(head, items, "\n".into(), Some(8)).what("sources")
}

fn load_errors(data: &ReportData) -> Section {
    let head = format!(
        "## ⛔ Load errors ({})\n\nThese inputs could not be read; their claims are not in this report.\n\n",
        data.load_errors.len()
    );
    let items = data
        .load_errors
        .iter()
        .map(|e| {
            let mut line = format!("- {} — {}", text(&e.location), text(&e.message));
            if let Some(h) = &e.help {
                let _ = write!(line, " (help: {})", text(h));
            }
            line.push('\n');
            line
        })
        .collect();
    Section::new(head, items, "\n".into(), Some(9)).what("load errors")
}

fn icon(s: Severity) -> &'static str {
    match s {
        Severity::Error => "❌",
        Severity::Warning => "⚠️",
        Severity::Info => "ℹ️",
    }
}

/// "conflict · Alberto Fujimori: date jailed".
fn finding_title(f: &FindingView) -> String {
    let mut t = format!("**{}**", f.code);
    if let Some(h) = &f.headline {
        let _ = write!(t, " · {}", text(h));
    }
    t
}

fn evidence_lines(f: &FindingView) -> String {
    let mut out = String::new();
    for e in &f.evidence {
        let who = match &e.date {
            Some(d) => format!("**{}**, {}", text(&e.who), text(d)),
            None => format!("**{}** (reference)", text(&e.who)),
        };
        let _ = write!(out, "- {who}: {}", value(&e.value, e.resolved.as_deref()));
        if let Some(q) = &e.quote {
            let _ = write!(out, " — “{}”", text(q));
        }
        if let Some(link) = &e.link {
            // Made safe by `report::article_link`: an http(s) address, nothing that ends the link.
            let _ = write!(out, " ([article]({link}))");
        }
        let _ = writeln!(out, " <sub>{}</sub>", text(&e.location));
    }
    out
}

fn finding(f: &FindingView) -> String {
    let mut out = format!("#### {} {}\n\n", icon(f.severity), finding_title(f));
    let _ = writeln!(out, "{}\n", paragraph(&f.message));
    let ev = evidence_lines(f);
    if !ev.is_empty() {
        let _ = writeln!(out, "{ev}");
    }
    for n in &f.notes {
        let _ = writeln!(out, "> {}\n", text(n));
    }
    if let Some(h) = &f.help {
        let _ = writeln!(out, "💡 {}\n", text(h));
    }
    out
}

fn findings(data: &ReportData, severity: Severity, rank: Option<u8>) -> Section {
    let list: Vec<&FindingView> = data.findings_of(severity).collect();
    let title = match severity {
        Severity::Error => "Errors",
        Severity::Warning => "Warnings",
        Severity::Info => "Infos",
    };
    let mut head = format!("## {} {title} ({})\n\n", icon(severity), list.len());
    if list.is_empty() {
        let _ = writeln!(head, "None.\n");
    }
    let items = list.into_iter().map(finding).collect();
    Section::new(head, items, String::new(), rank).what("findings")
}

/// What is new since the baseline: the sections that follow list only these findings.
fn new_since_baseline(data: &ReportData, b: &BaselineView) -> Section {
    let s = &data.summary;
    let mut head = format!(
        "## 🆕 New since the baseline ({})\n\n",
        s.errors + s.warnings + s.infos
    );
    let _ = write!(
        head,
        "The findings below are not in the baseline; {} it accepts {} folded at the end, with the editors' reasons.",
        plural(b.accepted.len(), "finding", "findings"),
        if b.accepted.len() == 1 { "is" } else { "are" },
    );
    if b.reopened > 0 {
        let _ = write!(
            head,
            " {} accepted before now {} a new or changed value (see its first note).",
            plural(b.reopened, "finding", "findings"),
            if b.reopened == 1 { "states" } else { "state" },
        );
    }
    if b.stale > 0 {
        let _ = write!(
            head,
            " {} of the baseline {} no finding any more: remove {}.",
            plural(b.stale, "entry", "entries"),
            if b.stale == 1 { "matches" } else { "match" },
            if b.stale == 1 { "it" } else { "them" },
        );
    }
    head.push_str("\n\n");
    Section::new(head, Vec::new(), String::new(), None)
}

/// The findings a baseline accepts, folded, each with its reason.
fn accepted(b: &BaselineView) -> Section {
    let head = format!(
        "## ✅ Accepted ({})\n\n<details><summary>Show {} accepted in the baseline, with the reasons</summary>\n\n",
        b.accepted.len(),
        plural(b.accepted.len(), "finding", "findings")
    );
    let items = b
        .accepted
        .iter()
        .map(|(f, reason)| {
            format!(
                "- {} {}: {} — *reason:* {}\n",
                icon(f.severity),
                finding_title(f),
                text(&f.message),
                text(reason)
            )
        })
        .collect();
    Section::new(head, items, "\n</details>\n\n".into(), Some(0)).what("accepted findings")
}

fn infos(data: &ReportData) -> Section {
    let list: Vec<&FindingView> = data.findings_of(Severity::Info).collect();
    let mut head = format!("## {} Infos ({})\n\n", icon(Severity::Info), list.len());
    if list.is_empty() {
        let _ = writeln!(head, "None.\n");
        return Section::new(head, Vec::new(), String::new(), None);
    }
    let gaps = list
        .iter()
        .filter(|f| f.code == "missing" || f.code == "uncorroborated")
        .count();
    let note = if gaps > 0 {
        format!("; {gaps} of them are also listed under Gaps")
    } else {
        String::new()
    };
    let _ = writeln!(
        head,
        "<details><summary>Show {}{note}</summary>\n",
        plural(list.len(), "info", "infos")
    );
    let items = list
        .into_iter()
        .map(|f| {
            let who: Vec<String> = f
                .evidence
                .iter()
                .map(|e| match &e.date {
                    Some(d) => format!("{}, {}", text(&e.who), text(d)),
                    None => text(&e.who),
                })
                .collect();
            let mut line = format!("- {} — {}", finding_title(f), text(&f.message));
            if !who.is_empty() {
                let _ = write!(line, " ({})", dedup(who).join("; "));
            }
            line.push('\n');
            line
        })
        .collect();
    Section::new(head, items, "\n</details>\n\n".into(), Some(0)).what("infos")
}

fn dedup(items: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

fn mark_icon(m: Mark) -> &'static str {
    match m {
        Mark::Conflict => "🔴 ",
        Mark::Disputed => "🟠 ",
        Mark::Variant => "🟡 ",
        Mark::Plain => "",
    }
}

fn matrix(m: &SubjectMatrix) -> String {
    let conflicts = m.count(Mark::Conflict);
    let disputed = m.count(Mark::Disputed);
    let variants = m.count(Mark::Variant);
    let strongest = m.rows.iter().map(|r| r.mark()).max().unwrap_or(Mark::Plain);
    let mut summary = format!(
        "{}{} — {}",
        mark_icon(strongest),
        escape_html_block(&clip(&m.label)),
        plural(m.rows.len(), "property", "properties")
    );
    if conflicts > 0 {
        let _ = write!(summary, ", {conflicts} conflicting");
    }
    if disputed > 0 {
        let _ = write!(summary, ", {disputed} disputed");
    }
    if variants > 0 {
        let _ = write!(summary, ", {} with a name variant", variants);
    }
    let mut out = format!("<details><summary>{summary}</summary>\n\n");
    out.push_str("| Property |");
    for c in &m.columns {
        match &c.date {
            Some(d) => {
                let _ = write!(out, " {}<br>{} |", text(&c.label), date(d));
            }
            None => {
                let _ = write!(out, " {}<br>(reference) |", text(&c.label));
            }
        }
    }
    out.push_str("\n|:--|");
    for _ in &m.columns {
        out.push_str(":--|");
    }
    out.push('\n');
    // The quotes, numbered in reading order, listed under the table like footnotes.
    let mut quotes: Vec<String> = Vec::new();
    for r in &m.rows {
        let name = text(&r.label);
        let name = if r.mark() >= Mark::Disputed {
            format!("**{name}**")
        } else {
            name
        };
        let _ = write!(out, "| {name} |");
        for (cell, column) in r.cells.iter().zip(&m.columns) {
            if cell.is_empty() {
                out.push_str(" — |");
                continue;
            }
            let values: Vec<String> = cell
                .iter()
                .map(|v| {
                    let mut shown = format!(
                        "{}{}{}",
                        mark_icon(v.mark),
                        value(&v.written, v.resolved.as_deref()),
                        v.as_of
                            .as_ref()
                            .map_or_else(String::new, |d| format!(" (as of {})", text(d)))
                    );
                    if let Some(q) = &v.quote {
                        quotes.push(format!("{}: “{}”", text(&column.label), text(q)));
                        let _ = write!(shown, " <sup>{}</sup>", quotes.len());
                    }
                    shown
                })
                .collect();
            let _ = write!(out, " {} |", values.join("<br>"));
        }
        out.push('\n');
    }
    if !quotes.is_empty() {
        out.push('\n');
        for (n, q) in quotes.iter().enumerate() {
            let _ = writeln!(out, "<sup>{}</sup> {q}<br>", n + 1);
        }
    }
    out.push_str("\n</details>\n\n");
    out
}

fn matrices(data: &ReportData) -> Section {
    let mut head = String::from("## Fact matrix\n\n");
    if data.subjects.is_empty() {
        head.push_str("No claims.\n\n");
    } else {
        let _ = writeln!(
            head,
            "{} — properties down, sources across (oldest first). 🔴 on the losing side of a finding (the minority, off the registry's value) · 🟠 disputed, no side has a majority · 🟡 name variant · → what a relative date resolved to · — not stated · ¹ the article's words, listed under the table.\n",
            plural(data.subjects.len(), "subject", "subjects")
        );
    }
    let items = data.subjects.iter().map(matrix).collect();
    Section::new(head, items, String::new(), Some(2)).what("subjects")
}

fn timeline(data: &ReportData) -> Section {
    let mut head = String::from("## Timeline\n\n");
    if data.timeline.is_empty() {
        head.push_str("No dated claims.\n\n");
        return Section::new(head, Vec::new(), String::new(), None);
    }
    let _ = writeln!(
        head,
        "<details><summary>{}, {} — 🔴 sources date it differently, or a conflict or out-of-order finding involves it</summary>\n",
        plural(data.timeline.len(), "dated event", "dated events"),
        plural(data.disputed_events(), "disputed", "disputed")
    );
    head.push_str("| Date | Event | As written, by |\n|:--|:--|:--|\n");
    let items = data
        .timeline
        .iter()
        .map(|e| {
            let written: Vec<String> = e
                .written
                .iter()
                .map(|w| {
                    let who: Vec<String> = w.sources.iter().map(|s| source(s)).collect();
                    format!(
                        "{} — {}",
                        value(&w.written, w.resolved.as_deref()),
                        who.join("; ")
                    )
                })
                .collect();
            let flag = if e.disputed { "🔴 " } else { "" };
            let date = if e.disputed {
                format!("**{}**", date(&e.date))
            } else {
                date(&e.date)
            };
            format!(
                "| {flag}{date} | {}: {} | {} |\n",
                text(&e.subject),
                text(&e.label),
                written.join("<br>"),
            )
        })
        .collect();
    Section::new(head, items, "\n</details>\n\n".into(), Some(3)).what("dated events")
}

fn outlets(data: &ReportData) -> Section {
    let mut head = String::from("## Outlets\n\n");
    if data.outlets.is_empty() {
        head.push_str("No sources.\n\n");
        return Section::new(head, Vec::new(), String::new(), None);
    }
    head.push_str(
        "*Corroborated*: another outlet states an agreeing value for the same subject and property, and no finding questions it. *Questioned*: held wrong or disputed by a conflict or a mismatch, a name variant or an unknown name (not the value a finding upholds). *Flagged*: a corroborate rule found no second outlet. *Stood alone*: conflicts in which no other outlet shares its value.\n\n",
    );
    head.push_str("| Outlet | Sources | Claims | Corroborated | Questioned | Flagged uncorroborated | In conflicts | Stood alone |\n|:--|--:|--:|--:|--:|--:|--:|--:|\n");
    let items = data
        .outlets
        .iter()
        .map(|o| {
            let pct = (o.corroborated * 100).checked_div(o.claims).unwrap_or(0);
            format!(
                "| {} | {} | {} | {} ({pct}%) | {} | {} | {} | {} |\n",
                text(&o.outlet),
                o.sources,
                o.claims,
                o.corroborated,
                o.questioned,
                o.uncorroborated,
                o.conflicts,
                o.alone
            )
        })
        .collect();
    Section::new(head, items, "\n".into(), Some(10)).what("outlets")
}

fn gaps(data: &ReportData) -> Vec<Section> {
    let mut missing_head = String::from("## Gaps\n\n");
    let _ = writeln!(missing_head, "### Missing facts ({})\n", data.missing.len());
    let missing_items: Vec<String> = data
        .missing
        .iter()
        .map(|g: &GapRow| {
            format!(
                "| {} | {} | {} |\n",
                text(&g.subject),
                text(&g.property),
                text(g.help.as_deref().unwrap_or(&g.message))
            )
        })
        .collect();
    let missing = if missing_items.is_empty() {
        missing_head.push_str("None: every required fact is stated.\n\n");
        Section::new(missing_head, Vec::new(), String::new(), None)
    } else {
        missing_head.push_str("| Subject | Property | Why it matters |\n|:--|:--|:--|\n");
        Section::new(missing_head, missing_items, "\n".into(), Some(5)).what("missing facts")
    };

    let mut head = format!(
        "### Uncorroborated claims ({})\n\n",
        data.uncorroborated.len()
    );
    let items: Vec<String> = data
        .uncorroborated
        .iter()
        .map(|g| {
            let v = g
                .value
                .as_ref()
                .map_or_else(String::new, |(w, r)| value(w, r.as_deref()));
            let sources: Vec<String> = g.sources.iter().map(|s| source(s)).collect();
            format!(
                "| {} · {} | {v} | {} |\n",
                text(&g.subject),
                text(&g.property),
                sources.join("<br>")
            )
        })
        .collect();
    let uncorroborated = if items.is_empty() {
        head.push_str("None.\n\n");
        Section::new(head, Vec::new(), String::new(), None)
    } else {
        let _ = writeln!(
            head,
            "<details><summary>Show {} that only one outlet states</summary>\n",
            plural(items.len(), "claim", "claims")
        );
        head.push_str("| Fact | Value | Stated by |\n|:--|:--|:--|\n");
        Section::new(head, items, "\n</details>\n\n".into(), Some(1)).what("claims")
    };
    vec![missing, uncorroborated]
}
