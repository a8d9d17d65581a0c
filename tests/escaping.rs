//! Reports cannot be used against their readers: text from the inputs is inert in every
//! format. Property tests hold each escaper to its promise on any string; end-to-end tests run
//! the binary on claims full of markup and check what a reader's tool would make of it.

mod common;

use std::fs;
use std::path::Path;

use crosscheck::render::{github, html, json, markdown};
use crosscheck::text_safety::{is_hidden, visible, visible_line, visible_styled};
use proptest::prelude::*;
use serde_json::Value;

/// A zero-width space as the Markdown escaper writes it: a character reference.
const BREAK: &str = "&#x200B;";

/// Strings rich in what the escapers must neutralise.
fn hostile_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "<script>",
        "</script>",
        "<img src=x onerror=alert(1)>",
        "\" onmouseover=\"x",
        "'",
        "&amp;",
        "[x](javascript:alert(1))",
        "![](http://tracker.example/p.gif)",
        "<https://evil.example>",
        "www.evil.example",
        "https://evil.example",
        "@octocat",
        "@org/team",
        "#123",
        "`",
        "```",
        "|",
        "\\",
        "*",
        "_",
        "~",
        "$",
        "\n",
        "\r",
        "\r\n",
        "%",
        "%0A",
        "::",
        ":",
        ",",
        "\u{202E}",
        "\u{200B}",
        "\u{1b}[31m",
        "\u{1b}]52;c;aGk=\u{7}",
        "\u{1b}]8;;https://x\u{1b}\\",
        "\u{9b}",
        "\u{7f}",
        "\u{85}",
        "\u{2028}",
        "\u{2066}",
        "\u{FEFF}",
        "\u{AD}",
        "\u{FE0F}",
        "\u{E0041}",
        "##[",
        "#",
        "[",
        " \t\u{A0}",
        "<U+200B>",
        "\0",
        " ",
        "a",
        "é",
    ]);
    prop::collection::vec(
        prop_oneof![pieces.prop_map(String::from), any::<String>()],
        0..12,
    )
    .prop_map(|v| v.concat())
}

/// Characters no escaper may leave raw: controls but line feed and tab, format characters
/// (zero-width, bidi, BOM, soft hyphen), separators, variation selectors and tags. Listed
/// here, apart from the crate's own definition.
fn raw_hidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// Whether a line of output would start a GitHub workflow command.
fn starts_command(line: &str) -> bool {
    line.trim_start().starts_with("::")
}

/// `<U+XXXX>` turned back into the character it shows.
fn unshow(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find("<U+") {
        out.push_str(&rest[..at]);
        let end = rest[at..].find('>').expect("a closing >") + at;
        let code = u32::from_str_radix(&rest[at + 3..end], 16).expect("hex");
        out.push(char::from_u32(code).expect("a character"));
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Whether `s` has `c` without a backslash before it.
fn has_unescaped(s: &str, c: char) -> bool {
    let mut backslashes = 0;
    for ch in s.chars() {
        if ch == c && backslashes % 2 == 0 {
            return true;
        }
        backslashes = if ch == '\\' { backslashes + 1 } else { 0 };
    }
    false
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn visible_text_has_no_hidden_character_or_workflow_command(s in hostile_text()) {
        let v = visible(&s);
        prop_assert!(!v.chars().any(raw_hidden), "a hidden character: {v:?}");
        prop_assert!(!v.chars().any(|c| c != '\n' && c != '\t' && is_hidden(c)), "{v:?}");
        prop_assert!(!v.contains("##["), "`##[`: {v:?}");
        for line in v.split('\n') {
            prop_assert!(!starts_command(line), "a command: {line:?}");
        }
        let one = visible_line(&s);
        prop_assert!(!one.contains('\n') && !one.chars().any(raw_hidden), "{one:?}");
        prop_assert!(!one.contains("##[") && !starts_command(&one), "{one:?}");
    }

    #[test]
    fn visible_text_is_a_fixed_point_and_loses_nothing(s in hostile_text()) {
        let v = visible(&s);
        prop_assert_eq!(visible(&v), v.clone());
        let one = visible_line(&s);
        prop_assert_eq!(visible_line(&one), one.clone());
        // Every character is still there, shown: nothing is dropped.
        if !s.contains('<') {
            prop_assert_eq!(unshow(&v), s.clone());
            prop_assert_eq!(unshow(&visible_line(&s)), s);
        }
    }

    #[test]
    fn ordinary_text_is_left_as_it_is(s in "[a-zA-Z0-9 .,;:!?'()\\[\\]#@/«»àéñüß日本-]{0,40}") {
        let quiet = !s.contains("##[") && !starts_command(&s);
        prop_assert_eq!(visible(&s) == s.as_str(), quiet);
    }

    #[test]
    fn styled_text_keeps_only_its_colour_codes(s in hostile_text()) {
        let coloured = format!("\u{1b}[1;31m{s}\u{1b}[0m");
        let v = visible_styled(&coloured);
        let mut rest = v.as_ref();
        while let Some(at) = rest.find('\u{1b}') {
            let after = &rest[at + 1..];
            let params = after[1..].find(|c: char| !(c.is_ascii_digit() || c == ';'));
            prop_assert!(
                after.starts_with('[') && params.is_some_and(|p| after[1 + p..].starts_with('m')),
                "an escape that is not a colour code: {v:?}"
            );
            rest = after;
        }
    }

    #[test]
    fn json_is_inert_and_exact(s in hostile_text()) {
        let doc = serde_json::json!({ "value": s, s.clone(): [s.clone()] });
        let text = json::to_pretty(&doc);
        prop_assert!(!text.chars().any(|c| c != '\n' && is_hidden(c)), "{text:?}");
        prop_assert!(!text.contains("##["), "{text:?}");
        prop_assert!(!text.lines().any(starts_command), "{text:?}");
        let back: Value = serde_json::from_str(&text).expect("JSON parses");
        prop_assert_eq!(back, doc);
    }

    #[test]
    fn markdown_escape_leaves_no_markup_link_mention_or_line_break(s in hostile_text()) {
        let e = markdown::escape(&s);
        prop_assert!(!e.contains('<') && !e.contains('>'), "raw HTML or autolink: {e:?}");
        prop_assert!(!e.contains('\n') && !e.contains('\r'), "a line break: {e:?}");
        for c in ['[', ']', '(', ')', '!', '`', '|', '*', '_', '~'] {
            prop_assert!(!has_unescaped(&e, c), "unescaped {c}: {e:?}");
        }
        prop_assert!(!e.contains("://"), "an autolinkable URL: {e:?}");
        for (at, _) in e.match_indices('@') {
            prop_assert!(e[at + 1..].starts_with(BREAK), "a mention: {e:?}");
        }
        prop_assert!(!e.chars().any(is_hidden), "a hidden character: {e:?}");
    }

    #[test]
    fn markdown_escape_for_html_blocks_leaves_no_markup(s in hostile_text()) {
        let e = markdown::escape_html_block(&s);
        for c in ['<', '>', '"', '\'', '[', ']', '(', ')', '`', '|', '\n', '\r'] {
            prop_assert!(!e.contains(c), "{c:?} in {e:?}");
        }
        for (at, _) in e.match_indices('@') {
            prop_assert!(e[at + 1..].starts_with(BREAK), "a mention: {e:?}");
        }
        prop_assert!(!e.chars().any(is_hidden), "a hidden character: {e:?}");
    }

    #[test]
    fn html_escape_leaves_no_tag_or_attribute_break(s in hostile_text()) {
        let e = html::escape(&s);
        for c in ['<', '>', '"', '\''] {
            prop_assert!(!e.contains(c), "{c:?} in {e:?}");
        }
        // Every `&` starts a character reference.
        for (at, _) in e.match_indices('&') {
            let rest = &e[at..];
            prop_assert!(["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].iter().any(|r| rest.starts_with(r)));
        }
        prop_assert!(!e.chars().any(is_hidden), "a hidden character: {e:?}");
    }

    #[test]
    fn github_escapes_keep_a_command_on_one_line_and_properties_apart(s in hostile_text()) {
        let data = github::escape_data(&s);
        prop_assert!(!data.contains('\n') && !data.contains('\r'));
        let property = github::escape_property(&s);
        for c in ['\n', '\r', ':', ','] {
            prop_assert!(!property.contains(c), "{c:?} in {property:?}");
        }
    }
}

/// Claims whose every free-text field is hostile, with a conflict so that they reach every
/// finding-based output.
fn hostile_workspace(dir: &Path) {
    let files = [
        (
            "properties.yaml",
            "properties:\n  motto: { type: text }\n  leader: { type: entity }\n",
        ),
        (
            "entities.yaml",
            "entities:\n  - id: council\n    name: \"Council <img src=x onerror=alert(1)>\"\n    type: body\n    aliases: [\"@octocat\"]\n",
        ),
        (
            "rules.yaml",
            "rules:\n  - id: facts\n    kind: agree\n    help: \"<b>Ask</b> @org/team, see [here](javascript:alert(1)) ![t](http://tracker.example/p.gif) #123 www.evil.example\"\n  - id: names\n    kind: names\n",
        ),
        (
            "one.yaml",
            "source:\n  id: one\n  outlet: \"Outlet\\\" onmouseover=\\\"alert(1)\"\n  published: 2023-12-06\n  title: \"<script>alert(1)</script>\"\n  url: \"javascript:alert(1)\"\nclaims:\n  - id: motto\n    subject: council\n    property: motto\n    value: \"<script>alert(1)</script> | `code` [x](javascript:alert(1)) @octocat <https://evil.example>\"\n    quote: \"::error file=x::injected\"\n  - id: who\n    subject: council\n    property: leader\n    value: \"Councl <img src=x onerror=alert(1)>\"\n",
        ),
        (
            "two.yaml",
            "source:\n  id: two\n  outlet: \"Two %0A ::warning::x\"\n  published: 2023-12-06\nclaims:\n  - id: motto\n    subject: council\n    property: motto\n    value: \"line one\\r\\n::error::forged\\n![img](http://tracker.example/p.gif) 100%\"\n",
        ),
    ];
    for (name, text) in files {
        fs::write(dir.join(name), text).expect("write a hostile file");
    }
}

fn output(args: &[&str]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    hostile_workspace(dir.path());
    let out = common::crosscheck()
        .args(args)
        .arg(".")
        .current_dir(dir.path())
        .output()
        .expect("run crosscheck");
    assert_ne!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    (dir, String::from_utf8(out.stdout).expect("UTF-8 output"))
}

/// Every string in a JSON document under a key named `key`.
fn strings_under<'a>(v: &'a Value, key: &str, out: &mut Vec<&'a str>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                match v {
                    Value::String(s) if k == key => out.push(s),
                    _ => strings_under(v, key, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| strings_under(v, key, out)),
        _ => {}
    }
}

#[test]
fn sarif_keeps_hostile_text_exact_in_text_and_escaped_in_markdown() {
    let (_dir, sarif) = output(&["check", "--format", "sarif"]);
    let doc: Value = serde_json::from_str(&sarif).expect("SARIF is JSON");
    let mut texts = Vec::new();
    strings_under(&doc, "text", &mut texts);
    assert!(
        texts
            .iter()
            .any(|t| t.contains("<script>alert(1)</script> | `code`")),
        "plain text fields carry the claim as written: {texts:#?}"
    );
    let mut md = Vec::new();
    strings_under(&doc, "markdown", &mut md);
    assert!(!md.is_empty());
    for m in md {
        assert!(!m.contains("<b>"), "raw HTML in SARIF markdown: {m}");
        assert!(!m.contains("](javascript"), "a link in SARIF markdown: {m}");
        assert!(!m.contains("![t]("), "an image in SARIF markdown: {m}");
        assert!(!m.contains("@org"), "a mention in SARIF markdown: {m}");
    }
}

#[test]
fn github_annotations_cannot_forge_a_workflow_command() {
    let (_dir, out) = output(&["check", "--format", "github"]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(!lines.is_empty());
    for line in &lines {
        assert!(
            line.starts_with("::error ")
                || line.starts_with("::warning ")
                || line.starts_with("::notice "),
            "a line that is not crosscheck's own command: {line}"
        );
        // The properties end at the first `::`; the message holds no line break to start another.
        let (_, message) = line[2..].split_once("::").expect("a message");
        assert!(!message.contains('\r'));
    }
    assert!(
        out.contains("<U+000D>%0A<U+003A>:error::forged"),
        "the forged command is shown as text"
    );
    assert!(out.contains("100%25"), "a percent sign is escaped");
}

#[test]
fn markdown_report_links_pings_and_embeds_nothing() {
    let (_dir, md) = output(&["report", "--format", "markdown"]);
    for bad in [
        "<script",
        "<img",
        "<b>",
        "](",
        "![",
        "<https",
        "https://evil",
        "@octocat",
        "@org/team",
        "#123",
        "www.evil",
    ] {
        assert!(!md.contains(bad), "`{bad}` in the Markdown report");
    }
    // Table rows keep their columns: no unescaped pipe inside a cell.
    for line in md.lines().filter(|l| l.starts_with('|')) {
        assert!(
            !line.contains("| `code`"),
            "a pipe from a claim split a cell: {line}"
        );
    }
    assert!(
        md.contains("\\`code\\`"),
        "a backtick cannot open a code span"
    );
}

#[test]
fn html_report_has_no_script_event_handler_or_script_url() {
    let (_dir, page) = output(&["report", "--format", "html"]);
    let doc = scraper::Html::parse_document(&page);
    let all = scraper::Selector::parse("*").expect("selector");
    for el in doc.select(&all) {
        let v = el.value();
        assert_ne!(v.name(), "script", "a script element");
        assert_ne!(v.name(), "img", "an img element");
        for (name, value) in v.attrs() {
            assert!(!name.starts_with("on"), "an event handler attribute {name}");
            assert!(
                !value.trim_start().starts_with("javascript:"),
                "a script URL in {name}"
            );
        }
    }
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the text is shown, escaped"
    );
}
