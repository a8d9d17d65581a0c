//! The Markdown and HTML discrepancy reports (`crosscheck report`): hostile claim text stays
//! inert, the sections an editor reads are there, conflicting cells are marked, the timeline is
//! in order, and the output is deterministic and fits a GitHub comment.
//!
//! Set `CROSSCHECK_REPORT_DIR` to write the bundled data's reports there
//! (`report.md`, `report.html`) for a look in a browser.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crosscheck::check::{Report, check};
use crosscheck::load::{LoadOptions, Loaded};
use crosscheck::project::load;
use crosscheck::render::report::{self, ReportData};
use crosscheck::render::{Output, html, markdown};
use scraper::{Html, Selector};

const SCRIPT: &str = "<script>alert(1)</script>";
const LINK: &str = "[click](https://evil.example)";
const IMAGE: &str = "![img](x)";
const MENTION: &str = "@editor";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The founding case as the tests pin it (see `tests/common`).
fn founding() -> PathBuf {
    root().join("tests").join("founding")
}

fn fixture(case: &str) -> PathBuf {
    root().join("tests").join("fixtures").join(case)
}

fn loaded(paths: &[PathBuf]) -> (Loaded, Report) {
    // Inputs in a temporary folder are their own project root; the crate's lie under the
    // working directory, the default root.
    let root = paths.iter().find(|p| !p.starts_with(root())).cloned();
    let opts = LoadOptions {
        root,
        ..LoadOptions::default()
    };
    let loaded = load(paths, &opts);
    let report = check(&loaded.workspace);
    (loaded, report)
}

/// Renders both formats and the shared model for some inputs.
struct Rendered {
    md: String,
    html: String,
    data: ReportData,
}

fn render(paths: &[PathBuf]) -> Rendered {
    let (loaded, report) = loaded(paths);
    let out = Output {
        workspace: &loaded.workspace,
        report: &report,
        load_errors: &loaded.errors,
    };
    Rendered {
        md: markdown::render(&out),
        html: html::render(&out),
        data: report::build(&out),
    }
}

fn hostile() -> Rendered {
    let r = render(&[fixture("reports/hostile")]);
    save("hostile", &r);
    r
}

fn bundled() -> Rendered {
    render(&[founding().join("claims"), founding().join("rules")])
}

/// With `CROSSCHECK_REPORT_DIR` set, writes `<name>.md` and `<name>.html` there.
fn save(name: &str, r: &Rendered) {
    if let Some(dir) = std::env::var_os("CROSSCHECK_REPORT_DIR") {
        let dir = Path::new(&dir);
        std::fs::write(dir.join(format!("{name}.md")), &r.md).expect("write the markdown");
        std::fs::write(dir.join(format!("{name}.html")), &r.html).expect("write the html");
    }
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("a valid selector")
}

fn texts(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .map(|e| e.text().collect::<String>())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Hostile text: HTML

#[test]
fn html_has_no_script_element_and_shows_hostile_text_as_text() {
    let r = hostile();
    let doc = Html::parse_document(&r.html);
    assert_eq!(doc.select(&sel("script")).count(), 0, "a <script> element");
    let text: String = doc.root_element().text().collect();
    for hostile in [SCRIPT, LINK, IMAGE, MENTION, "Valley | Courier"] {
        assert!(text.contains(hostile), "{hostile:?} is not shown as text");
    }
    // The <b> in a rule's help stays text too.
    assert!(text.contains("<b>before</b>"));
    assert_eq!(doc.select(&sel("b b, main b > b")).count(), 0);
    assert!(!r.html.contains("<script"));
}

#[test]
fn html_loads_nothing_from_outside() {
    let r = hostile();
    let doc = Html::parse_document(&r.html);
    for forbidden in [
        "link", "img", "iframe", "object", "embed", "base", "form", "svg",
    ] {
        assert_eq!(
            doc.select(&sel(forbidden)).count(),
            0,
            "a <{forbidden}> element"
        );
    }
    for el in doc
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        // The one way out: a finding's link to the source's article, which loads nothing and
        // is followed only when clicked, without a referrer.
        let article = el.value().name() == "a"
            && el.value().attr("href") == Some("https://evil.example/article")
            && el.value().attr("rel") == Some("noopener noreferrer nofollow")
            && el.text().collect::<String>() == "article";
        for (name, value) in el.value().attrs() {
            assert!(name != "src", "a src attribute: {value}");
            assert!(!name.starts_with("on"), "an event handler {name}={value}");
            if name == "href" && !article {
                assert!(value.starts_with('#'), "an external link: {value}");
            }
            assert!(
                article || !value.contains("://"),
                "a URL in an attribute: {name}={value}"
            );
        }
    }
    let styles = texts(&doc, "style").join("");
    assert!(!styles.contains("url("), "the style loads something");
    assert!(!styles.contains("@import"));
    // The source's URL is shown, not linked.
    assert!(
        doc.root_element()
            .text()
            .any(|t| t.contains("https://evil.example/article"))
    );
}

#[test]
fn html_is_self_contained_responsive_and_printable() {
    let r = hostile();
    let doc = Html::parse_document(&r.html);
    let viewport = doc
        .select(&sel("meta[name=viewport]"))
        .next()
        .expect("a viewport meta");
    assert!(
        viewport
            .value()
            .attr("content")
            .unwrap_or("")
            .contains("width=device-width")
    );
    let style = texts(&doc, "head style").join("");
    assert!(style.contains("@media print"));
    assert!(style.contains("overflow-x: auto"));
    // Every table sits in a horizontally scrolling wrapper.
    let tables = doc.select(&sel("table")).count();
    assert!(tables > 0);
    assert_eq!(doc.select(&sel("div.scroll > table")).count(), tables);
}

// ---------------------------------------------------------------------------------------------
// Hostile text: Markdown

#[test]
fn markdown_carries_no_raw_html_links_images_or_mentions() {
    let md = hostile().md;
    assert!(!md.contains("<script"), "raw <script>");
    assert!(!md.contains("<b>"), "raw HTML from a rule's help");
    assert!(!md.contains("[click]("), "a link");
    assert!(!md.contains("![img]("), "an image");
    // The only link: each finding's link to its source's article (the source's `url:`).
    let links = md.matches("](").count();
    let articles = md
        .matches("([article](https://evil.example/article))")
        .count();
    assert!(articles > 0, "the article is linked");
    assert_eq!(links, articles, "a link other than the article's");
    assert!(!md.contains(MENTION), "an @mention");
    assert!(
        md.contains("@&#x200B;editor"),
        "the broken mention is still shown"
    );
    assert!(
        !md.replace("(https://evil.example/article)", "")
            .contains("https://evil"),
        "an autolinkable URL"
    );
    // The text is still there, escaped.
    assert!(md.contains("&lt;script&gt;alert\\(1\\)&lt;/script&gt;"));
    assert!(md.contains("\\[click\\]\\(https:&#x200B;//evil.example\\)"));
}

#[test]
fn markdown_uses_only_its_own_few_html_tags() {
    let md = hostile().md + &bundled().md;
    let allowed = [
        "<details>",
        "</details>",
        "<summary>",
        "</summary>",
        "<br>",
        "<sub>",
        "</sub>",
        "<sup>",
        "</sup>",
    ];
    for (at, _) in md.match_indices('<') {
        assert!(
            allowed.iter().any(|t| md[at..].starts_with(t)),
            "unexpected markup at {at}: {:?}",
            &md[at..(at + 40).min(md.len())]
        );
    }
}

#[test]
fn markdown_table_rows_keep_their_columns() {
    for md in [hostile().md, bundled().md] {
        let mut columns = None;
        for line in md.lines() {
            if !line.starts_with('|') {
                columns = None;
                continue;
            }
            let bytes = line.as_bytes();
            let pipes = (0..bytes.len())
                .filter(|&i| bytes[i] == b'|' && (i == 0 || bytes[i - 1] != b'\\'))
                .count();
            match columns {
                None => columns = Some(pipes),
                Some(n) => assert_eq!(pipes, n, "a row with a stray pipe: {line}"),
            }
        }
    }
}

#[test]
fn markdown_collapses_newlines_in_values() {
    let md = hostile().md;
    assert!(md.contains("line one &amp; line two"));
    assert!(!md.contains("line one\n"));
}

// ---------------------------------------------------------------------------------------------
// Structure

const MD_SECTIONS: [&str; 8] = [
    "# Crosscheck report",
    "## ❌ Errors",
    "## ⚠️ Warnings",
    "## ℹ️ Infos",
    "## Fact matrix",
    "## Timeline",
    "## Outlets",
    "## Gaps",
];

const HTML_SECTIONS: [&str; 7] = [
    "#sources",
    "#findings",
    "#matrix",
    "#timeline",
    "#outlets",
    "#gaps",
    "#error",
];

fn assert_sections(r: &Rendered) {
    for s in MD_SECTIONS {
        assert!(r.md.contains(s), "markdown lacks {s}");
    }
    let doc = Html::parse_document(&r.html);
    for s in HTML_SECTIONS {
        assert_eq!(doc.select(&sel(s)).count(), 1, "html lacks {s}");
    }
    assert!(r.md.contains("### Missing facts"));
    assert!(r.md.contains("### Uncorroborated claims"));
    // <details> blocks are balanced.
    assert_eq!(
        r.md.matches("<details>").count(),
        r.md.matches("</details>").count()
    );
}

#[test]
fn an_even_split_marks_both_cells_disputed_not_wrong_and_the_timeline() {
    let r = render(&[fixture("agree/fires")]);
    assert_sections(&r);
    assert!(r.md.contains("## ❌ Errors (1)"));
    // One outlet against one: neither is called wrong.
    assert!(r.md.contains("🟠 2005"), "{}", r.md);
    assert!(r.md.contains("🟠 2007"));
    assert!(!r.md.contains("🔴 20"));
    // The subject is labelled with the registry's name.
    assert!(r.md.contains("<summary>🟠 Alberto Fujimori"));
    assert!(r.md.contains("1 disputed"));
    assert!(r.md.contains("Fact matrix: 1 fact in conflict."));

    let doc = Html::parse_document(&r.html);
    assert_eq!(doc.select(&sel("table.matrix td.conflict")).count(), 0);
    let disputed = texts(&doc, "table.matrix td.disputed");
    assert_eq!(disputed.len(), 2, "{disputed:?}");
    assert!(disputed[0].contains("2005") && disputed[1].contains("2007"));
    // Columns are ordered by publication date: Andes Ledger (12-06) before Pacific Wire (12-07).
    let heads = texts(&doc, "table.matrix thead th");
    assert!(heads[1].starts_with("Andes Ledger") && heads[2].starts_with("Pacific Wire"));
    // Both dates are on the timeline, in order, disputed.
    let dates = texts(&doc, "table.timeline tbody td:first-child b");
    assert_eq!(dates, ["2005", "2007"]);
    assert_eq!(doc.select(&sel("table.timeline tr.disputed")).count(), 2);
    // Each outlet stood alone in the one conflict.
    for o in &r.data.outlets {
        assert_eq!(
            (o.claims, o.corroborated, o.conflicts, o.alone),
            (1, 0, 1, 1)
        );
    }
}

#[test]
fn a_name_variant_is_marked_as_a_variant_not_a_conflict() {
    let r = render(&[fixture("names/variant-registered")]);
    assert_sections(&r);
    assert!(
        r.md.contains("| 🟡 Pablo Kuczynski <sup>1</sup> |"),
        "{}",
        r.md
    );
    assert!(!r.md.contains("| 🔴"), "a conflicting cell");
    assert_eq!(r.data.subjects[0].count(report::Mark::Conflict), 0);
    let doc = Html::parse_document(&r.html);
    assert_eq!(doc.select(&sel("td.conflict")).count(), 0);
    let variants = texts(&doc, "table.matrix td.variant");
    assert_eq!(variants.len(), 1);
    assert!(variants[0].contains("Pablo Kuczynski"));
    // The subject is the registry's name for fujimori-pardon-2017.
    assert!(r.md.contains("Humanitarian pardon of Alberto Fujimori, 2017"));
}

#[test]
fn the_hostile_fixture_reports_corroboration_and_conflicts_per_outlet() {
    let r = hostile();
    assert_sections(&r);
    let outlets: Vec<_> = r
        .data
        .outlets
        .iter()
        .map(|o| {
            (
                o.outlet.as_str(),
                o.claims,
                o.corroborated,
                o.conflicts,
                o.alone,
            )
        })
        .collect();
    // budget ($4.2 million = USD 4200000) and chaired_by (Mara Okafor = Okafor) agree;
    // statement, vote_date and motto conflict, each outlet alone in each.
    assert_eq!(
        outlets,
        [
            ("Harbor Gazette", 6, 2, 3, 3),
            ("Valley | Courier [click](https://evil.example)", 5, 2, 3, 3),
        ]
    );
    // The relative date shows what it resolved to, in the matrix and on the timeline.
    assert!(r.md.contains("Friday → 2024-03-15"));
    let doc = Html::parse_document(&r.html);
    let dates = texts(&doc, "table.timeline tbody td:first-child b");
    assert_eq!(dates, ["2024-03-14", "2024-03-15"]);
    // The unregistered subject is labelled as written.
    assert!(
        r.data
            .subjects
            .iter()
            .any(|m| m.label == "@editor" && !m.registered)
    );
    assert!(!r.data.uncorroborated.is_empty());
}

/// "2017" → 2017-01-01, "2017-12" → 2017-12-01: the first day a shown date denotes.
fn start(date: &str) -> String {
    match date.len() {
        4 => format!("{date}-01-01"),
        7 => format!("{date}-01"),
        _ => date.to_string(),
    }
}

#[test]
fn the_bundled_case_renders_every_section_in_order() {
    let r = bundled();
    assert_sections(&r);
    assert!(r.md.len() < markdown::COMMENT_LIMIT);
    assert!(!r.md.contains("not shown"), "the bundled case fits uncut");
    let s = &r.data.summary;
    assert!(r.md.contains(&format!("{} claims from {} sources", s.claims, s.sources)));

    // The timeline runs earliest first.
    let doc = Html::parse_document(&r.html);
    let dates = texts(&doc, "table.timeline tbody td:first-child b");
    assert!(dates.len() > 10);
    let starts: Vec<String> = dates.iter().map(|d| start(d)).collect();
    let mut sorted = starts.clone();
    sorted.sort();
    assert_eq!(starts, sorted);
    let md_dates: Vec<String> =
        r.md.lines()
            .skip_while(|l| !l.starts_with("## Timeline"))
            .skip_while(|l| !l.starts_with("| Date"))
            .skip(2)
            .take_while(|l| l.starts_with("| "))
            .map(|l| {
                l.trim_start_matches("| ")
                    .trim_start_matches("🔴 ")
                    .trim_start_matches("**")
                    .chars()
                    .map(|c| if c == '\u{2011}' { '-' } else { c })
                    .take_while(|c| c.is_ascii_digit() || *c == '-')
                    .collect()
            })
            .collect();
    assert_eq!(md_dates, dates);

    // A relative date with its resolution; an entity name as the subject label.
    assert!(r.md.contains("Friday → 2022-04-08"));
    assert!(
        r.html
            .contains("Friday</span> <span class=\"res\">→&nbsp;2022-04-08")
    );
    assert!(
        r.data
            .subjects
            .iter()
            .any(|m| m.label == "Alberto Fujimori")
    );

    // Columns of every matrix run oldest first.
    for m in &r.data.subjects {
        let dates: Vec<&str> = m.columns.iter().filter_map(|c| c.date.as_deref()).collect();
        assert!(
            dates.windows(2).all(|w| w[0] <= w[1]),
            "{}: {dates:?}",
            m.label
        );
    }
    // The IACHR cells are marked wrong, the one-against-one `for` disputed; subjects with
    // conflicts come first.
    assert_eq!(doc.select(&sel("td.conflict")).count(), 3);
    assert_eq!(doc.select(&sel("td.disputed")).count(), 2);
    assert!(r.data.subjects[0].count(report::Mark::Conflict) > 0);

    // Findings are grouped by severity, in counts matching the summary.
    let h2 = texts(&doc, "section#findings h2");
    assert_eq!(
        h2,
        [
            format!("Errors ({})", s.errors),
            format!("Warnings ({})", s.warnings),
            format!("Infos ({})", s.infos)
        ]
    );
    assert_eq!(
        doc.select(&sel("article.finding")).count(),
        r.data.findings.len()
    );
    // Per outlet: every claim is counted once.
    let claims: usize = r.data.outlets.iter().map(|o| o.claims).sum();
    assert_eq!(claims, s.claims);

    save("report", &r);
}

#[test]
fn rendering_is_deterministic() {
    for paths in [
        vec![fixture("reports/hostile")],
        vec![founding().join("claims"), founding().join("rules")],
    ] {
        let a = render(&paths);
        let b = render(&paths);
        assert_eq!(a.md, b.md);
        assert_eq!(a.html, b.html);
        // Nor does the order of the inputs on the command line matter.
        let reversed: Vec<PathBuf> = paths.iter().rev().cloned().collect();
        let c = render(&reversed);
        assert_eq!(a.md, c.md);
        assert_eq!(a.html, c.html);
    }
}

// ---------------------------------------------------------------------------------------------
// Size and edge cases

/// Writes a case with many long claims from two outlets.
fn big_case(dir: &Path, claims: usize) {
    std::fs::write(
        dir.join("properties.yaml"),
        "properties:\n  note: { type: text }\n  day: { type: date }\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("rules.yaml"),
        "rules:\n  - id: agree\n    kind: agree\n  - id: two\n    kind: corroborate\n",
    )
    .unwrap();
    for (n, (outlet, published)) in [("North Post", "2024-01-02"), ("South Star", "2024-01-03")]
        .iter()
        .enumerate()
    {
        let mut text = format!("source:\n  outlet: {outlet}\n  published: {published}\nclaims:\n");
        for i in 0..claims {
            text.push_str(&format!(
                "  - subject: subject-{i}\n    property: note\n    value: \"{} version {n} <b>of</b> item {i} @desk\"\n",
                "long words ".repeat(12)
            ));
            text.push_str(&format!(
                "  - subject: subject-{i}\n    property: day\n    value: 2023-{:02}-{:02}\n",
                1 + (i + n) % 12,
                1 + i % 28
            ));
        }
        std::fs::write(dir.join(format!("s{n}.yaml")), text).unwrap();
    }
}

#[test]
fn a_long_markdown_report_is_cut_to_fit_a_comment_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    big_case(dir.path(), 400);
    let r = render(&[dir.path().to_path_buf()]);
    save("long", &r);
    assert!(r.data.findings.len() > 500);
    assert!(r.md.len() < markdown::COMMENT_LIMIT, "{} bytes", r.md.len());
    assert!(r.md.contains("not shown: the report was cut to fit a GitHub comment"));
    // The errors come before anything is cut, and the folds stay balanced.
    let errors = format!("## ❌ Errors ({})", r.data.summary.errors);
    assert!(r.data.summary.errors > 100);
    assert!(r.md.contains(&errors));
    assert!(r.md.contains("#### ❌"));
    assert_eq!(
        r.md.matches("<details>").count(),
        r.md.matches("</details>").count()
    );
    assert!(r.md.contains("## Gaps"));
    assert!(!r.md.contains("@desk"));
    // The HTML report is never cut.
    assert_eq!(
        r.html.matches("<article class=\"finding").count(),
        r.data.findings.len()
    );
}

#[test]
fn an_empty_workspace_renders_every_section_without_data() {
    let dir = tempfile::tempdir().unwrap();
    let r = render(&[dir.path().to_path_buf()]);
    for s in MD_SECTIONS {
        assert!(r.md.contains(s), "markdown lacks {s}");
    }
    assert!(r.md.contains("0 claims from 0 sources"));
    let doc = Html::parse_document(&r.html);
    assert_eq!(doc.select(&sel("#findings h2")).count(), 3);
    assert_eq!(doc.select(&sel("script")).count(), 0);
}

#[test]
fn load_errors_are_listed_and_escaped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.yaml"),
        "source:\n  outlet: X\n  published: 2024-01-01\n  <script>: 1\nclaims: []\n",
    )
    .unwrap();
    let r = render(&[dir.path().to_path_buf()]);
    assert!(!r.data.load_errors.is_empty());
    assert!(r.md.contains("## ⛔ Load errors (1)"));
    assert!(!r.md.contains("<script"));
    let doc = Html::parse_document(&r.html);
    assert_eq!(doc.select(&sel("#load-errors li")).count(), 1);
    assert_eq!(doc.select(&sel("script")).count(), 0);
    let unique: BTreeSet<String> = texts(&doc, "#load-errors li").into_iter().collect();
    assert!(unique.iter().any(|t| t.contains("<script>")), "{unique:?}");
}

#[test]
fn escaping_helpers_cover_each_dangerous_character() {
    assert_eq!(
        html::escape("<a href='x'>&\"</a>"),
        "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
    );
    assert_eq!(markdown::escape("a\n\n b|c"), "a b\\|c");
    assert_eq!(
        markdown::escape("$5 *and* _x_ `y` ~z~"),
        "\\$5 \\*and\\* \\_x\\_ \\`y\\` \\~z\\~"
    );
    assert_eq!(markdown::escape("see #12"), "see \\#&#x200B;12");
    assert_eq!(
        markdown::escape("www.evil.example"),
        "www&#x200B;.evil.example"
    );
    assert_eq!(markdown::escape("a\u{202E}b"), "a&lt;U+202E&gt;b");
    assert_eq!(
        markdown::escape("https:\u{200B}//x #\u{200B}1"),
        "https:&lt;U+200B&gt;//x \\#&lt;U+200B&gt;1",
        "a hidden character cannot hide a link or an issue reference"
    );
    assert_eq!(
        markdown::escape_html_block("[x](y) <b> @me"),
        "&#91;x&#93;&#40;y&#41; &lt;b&gt; @&#x200B;me"
    );
}

#[test]
fn every_finding_shows_each_claims_quote_and_links_only_http_articles() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write("properties.yaml", "properties:\n  jailed: { type: date }\n");
    write(
        "rules.yaml",
        "rules:\n  - id: facts-agree\n    kind: agree\n",
    );
    let source = |id: &str, url: &str, year: &str, quote: &str| {
        format!(
            "source:\n  id: {id}\n  outlet: {id}\n  published: 2023-12-06\n  url: \"{url}\"\nclaims:\n  - id: jailed\n    subject: Ana Diaz\n    property: jailed\n    value: {year}\n    quote: \"{quote}\"\n"
        )
    };
    write(
        "a.yaml",
        &source(
            "alpha",
            "https://news.example/story (1)",
            "2005",
            "held since 2005",
        ),
    );
    write(
        "b.yaml",
        &source("beta", "javascript:alert(1)", "2007", "jailed in 2007"),
    );
    let r = render(&[dir.path().to_path_buf()]);
    assert!(
        r.md.contains("- **alpha**, 2023-12-06: 2005 — “held since 2005” ([article](https://news.example/story%20%281%29))"),
        "{}",
        r.md
    );
    assert!(
        r.md.contains("- **beta**, 2023-12-06: 2007 — “jailed in 2007” <sub>"),
        "{}",
        r.md
    );
    let doc = Html::parse_document(&r.html);
    let quotes = texts(&doc, ".finding q");
    assert_eq!(quotes, ["held since 2005", "jailed in 2007"]);
    let hrefs: Vec<&str> = doc
        .select(&sel(".finding a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(hrefs, ["https://news.example/story%20%281%29"]);
}

#[test]
fn the_outlets_table_counts_questioned_claims_and_never_calls_them_corroborated() {
    let r = bundled();
    let questioned = |outlet: &str| {
        let o = r.data.outlets.iter().find(|o| o.outlet == outlet).unwrap();
        (o.questioned, o.corroborated, o.claims)
    };
    // Latin Times names "IACHR" for what a court did, writes "Pablo Kuczynski" and is on one
    // side of the conflict on what the sentence was for.
    let (latin_times, corroborated, claims) = questioned("Latin Times");
    assert_eq!(latin_times, 5);
    assert!(corroborated + latin_times <= claims);
    let flagged: usize = r
        .data
        .findings
        .iter()
        .filter(|f| {
            ["name-variant", "type-mismatch", "conflict"].contains(&f.code)
                && f.evidence.iter().any(|e| e.who == "Latin Times")
        })
        .count();
    assert_eq!(latin_times, flagged);
    assert!(r.md.contains("| Outlet | Sources | Claims | Corroborated | Questioned |"));
    assert!(r.html.contains("<th class=\"num\">Questioned</th>"));
}

// ---------------------------------------------------------------------------------------------
// The fact matrix marks the losing side, shows the quotes; headlines read as an editor would

/// Writes a case in `dir`: the registry, properties, rules and one claims file per
/// `(outlet, published, claims YAML)`.
fn small_case(
    dir: &Path,
    entities: &str,
    properties: &str,
    rules: &str,
    sources: &[(&str, &str, &str)],
) {
    std::fs::write(dir.join("entities.yaml"), entities).unwrap();
    std::fs::write(dir.join("properties.yaml"), properties).unwrap();
    std::fs::write(dir.join("rules.yaml"), rules).unwrap();
    for (n, (outlet, published, claims)) in sources.iter().enumerate() {
        std::fs::write(
            dir.join(format!("s{n}.yaml")),
            format!("source:\n  outlet: {outlet}\n  published: {published}\nclaims:\n{claims}"),
        )
        .unwrap();
    }
}

const MAYOR: &str = "entities:\n  - id: ana-quispe\n    name: Ana Quispe\n    type: person\n    facts:\n      born: 1970-03-15\n    reference: Civil Registry\n";

fn age_claim(age: u32, quote: &str) -> String {
    format!(
        "  - id: age\n    subject: ana-quispe\n    property: age\n    value: {age}\n    quote: \"{quote}\"\n"
    )
}

#[test]
fn only_the_age_that_fits_no_birth_date_is_marked_not_the_two_that_fit() {
    let dir = tempfile::tempdir().unwrap();
    small_case(
        dir.path(),
        MAYOR,
        "properties:\n  age: { type: age }\n  born: { type: date }\n",
        "rules:\n  - id: ages-fit\n    kind: age\n",
        &[
            (
                "Valley Times",
                "2024-05-02",
                &age_claim(54, "Quispe, 54, took office"),
            ),
            (
                "Coast Daily",
                "2024-05-03",
                &age_claim(54, "the 54-year-old mayor"),
            ),
            (
                "Hill Gazette",
                "2024-05-03",
                &age_claim(61, "Quispe, 61, said"),
            ),
        ],
    );
    let r = render(&[dir.path().to_path_buf()]);
    assert_eq!(r.data.findings.len(), 1, "{:?}", r.data.findings);
    assert!(r.md.contains("| 🔴 61 <sup>"), "{}", r.md);
    assert!(r.md.contains("| 54 <sup>1</sup> |"), "{}", r.md);
    assert!(!r.md.contains("🔴 54"));
    let doc = Html::parse_document(&r.html);
    let wrong = texts(&doc, "table.matrix td.conflict");
    assert_eq!(wrong.len(), 1, "{wrong:?}");
    assert!(wrong[0].contains("61"));
    // The outlets that got the age right are not questioned.
    let questioned: Vec<(&str, usize)> = r
        .data
        .outlets
        .iter()
        .map(|o| (o.outlet.as_str(), o.questioned))
        .collect();
    assert_eq!(
        questioned,
        [("Coast Daily", 0), ("Hill Gazette", 1), ("Valley Times", 0)]
    );
}

#[test]
fn a_conflict_marks_the_minority_and_leaves_the_majority_plain() {
    let dir = tempfile::tempdir().unwrap();
    let votes = |n: u32| {
        format!("  - id: votes\n    subject: ana-quispe\n    property: votes\n    value: {n}\n")
    };
    small_case(
        dir.path(),
        MAYOR,
        "properties:\n  votes: { type: count }\n",
        "rules:\n  - id: agree\n    kind: agree\n",
        &[
            ("Valley Times", "2024-05-02", &votes(4120)),
            ("Coast Daily", "2024-05-02", &votes(4120)),
            ("Hill Gazette", "2024-05-02", &votes(4210)),
        ],
    );
    let r = render(&[dir.path().to_path_buf()]);
    assert!(
        r.md.contains("| **votes** | 4120 | 4120 | 🔴 4210 |"),
        "{}",
        r.md
    );
    assert!(!r.md.contains("🔴 4120"), "{}", r.md);
    let doc = Html::parse_document(&r.html);
    assert_eq!(texts(&doc, "table.matrix td.conflict"), ["4210conflict"]);
}

#[test]
fn matrix_cells_show_their_quote_on_hover_in_html_and_as_numbered_notes_in_markdown() {
    let dir = tempfile::tempdir().unwrap();
    small_case(
        dir.path(),
        MAYOR,
        "properties:\n  age: { type: age }\n",
        "rules:\n  - id: ages-fit\n    kind: age\n",
        &[
            (
                "Valley Times",
                "2024-05-02",
                &age_claim(54, "Quispe, 54, took office"),
            ),
            (
                "Coast Daily",
                "2024-05-03",
                &age_claim(54, "the 54-year-old <mayor>"),
            ),
        ],
    );
    let r = render(&[dir.path().to_path_buf()]);
    // Markdown: a number beside each value, the words under the table, escaped.
    assert!(
        r.md.contains("| age | 54 <sup>1</sup> | 54 <sup>2</sup> |"),
        "{}",
        r.md
    );
    assert!(r.md.contains("<sup>1</sup> Valley Times: “Quispe, 54, took office”<br>"));
    assert!(
        r.md.contains("<sup>2</sup> Coast Daily: “the 54-year-old &lt;mayor&gt;”<br>"),
        "{}",
        r.md
    );
    // HTML: the claim and its quote on hover.
    let doc = Html::parse_document(&r.html);
    let titles: Vec<&str> = doc
        .select(&sel("table.matrix td div.cell"))
        .filter_map(|e| e.value().attr("title"))
        .collect();
    assert_eq!(
        titles,
        [
            "age: “Quispe, 54, took office”",
            "age: “the 54-year-old <mayor>”"
        ]
    );
}

#[test]
fn headlines_read_the_registry_name_and_the_property_label() {
    let dir = tempfile::tempdir().unwrap();
    let claim = |v: &str| {
        format!("  - id: term\n    subject: ana-quispe\n    property: term_ends\n    value: {v}\n")
    };
    small_case(
        dir.path(),
        MAYOR,
        "properties:\n  term_ends:\n    type: date\n    label: when her term ends\n",
        "rules:\n  - id: agree\n    kind: agree\n",
        &[
            ("Valley Times", "2024-05-02", &claim("2026-12-31")),
            ("Coast Daily", "2024-05-02", &claim("2027-12-31")),
        ],
    );
    let r = render(&[dir.path().to_path_buf()]);
    assert!(
        r.md.contains("#### ❌ **conflict** · Ana Quispe: when her term ends\n"),
        "{}",
        r.md
    );
    assert!(r.md.contains("| **when her term ends** |"), "{}", r.md);
    assert!(!r.md.contains("· term\\_ends"));
    let doc = Html::parse_document(&r.html);
    assert_eq!(
        texts(&doc, "article.finding h3 span[title]"),
        ["Ana Quispe: when her term ends"]
    );
    // Without a label, the property's name reads with spaces.
    let dir = tempfile::tempdir().unwrap();
    small_case(
        dir.path(),
        MAYOR,
        "properties:\n  term_ends: { type: date }\n",
        "rules:\n  - id: agree\n    kind: agree\n",
        &[
            ("Valley Times", "2024-05-02", &claim("2026-12-31")),
            ("Coast Daily", "2024-05-02", &claim("2027-12-31")),
        ],
    );
    let r = render(&[dir.path().to_path_buf()]);
    assert!(
        r.md.contains("**conflict** · Ana Quispe: term ends\n"),
        "{}",
        r.md
    );
}

#[test]
fn a_property_label_that_is_long_or_spans_lines_is_a_load_error() {
    for (label, why) in [
        (
            format!("\"{}\"", "x".repeat(121)),
            "121 characters long, more than the 120 allowed",
        ),
        (
            "\"two\\nlines\"".to_string(),
            "holds a line break, a tab or a hidden character",
        ),
        (
            "\"\"".to_string(),
            "expected a label such as \"what it was for\", found nothing",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("properties.yaml"),
            format!("properties:\n  age:\n    type: age\n    label: {label}\n"),
        )
        .unwrap();
        let (loaded, _) = loaded(&[dir.path().to_path_buf()]);
        let errors: Vec<String> = loaded.errors.iter().map(|e| e.to_string()).collect();
        assert!(
            errors.iter().any(|e| e.contains(why)),
            "{label}: {errors:?}"
        );
        let e = &loaded.errors[0];
        assert_eq!(
            e.span.map(|s| (s.line, s.column)),
            Some((4, 12)),
            "{errors:?}"
        );
    }
}

#[test]
fn a_report_of_many_quoted_claims_stays_within_a_comment_and_says_what_was_cut() {
    let dir = tempfile::tempdir().unwrap();
    let mut claims = String::new();
    for i in 0..600 {
        claims.push_str(&format!(
            "  - subject: subject-{i}\n    property: note\n    value: item {i}\n    quote: \"{} item {i}\"\n",
            "the words the article printed ".repeat(6)
        ));
    }
    small_case(
        dir.path(),
        "entities: []\n",
        "properties:\n  note: { type: text }\n",
        "rules: []\n",
        &[("Valley Times", "2024-05-02", &claims)],
    );
    let r = render(&[dir.path().to_path_buf()]);
    let subjects = r.data.subjects.len();
    assert!(subjects > 400, "{subjects}");
    assert!(
        r.md.chars().count() < markdown::COMMENT_LIMIT,
        "{} characters",
        r.md.chars().count()
    );
    let cut = cut_and_shown(&r.md);
    assert!(cut.0 > 0 && cut.0 + cut.1 == subjects, "{cut:?}");
    assert!(
        r.md.contains(&format!("> ✂️ {} more subjects not shown", cut.0)),
        "{}",
        r.md
    );
    // The HTML report keeps every quote (each says it six times).
    assert_eq!(
        r.html.matches("the words the article printed").count(),
        6 * 600
    );
}

/// (subjects cut, subjects shown) in a Markdown report.
fn cut_and_shown(md: &str) -> (usize, usize) {
    let shown = md.matches("<details><summary>subject-").count();
    let cut = md
        .split("> ✂️ ")
        .skip(1)
        .find_map(|rest| {
            let (n, tail) = rest.split_once(' ')?;
            tail.starts_with("more subjects")
                .then(|| n.parse().ok())
                .flatten()
        })
        .unwrap_or(0);
    (cut, shown)
}
