//! The CI formats: SARIF 2.1.0 (validated against the OASIS schema vendored in
//! `tests/schemas/`), JUnit XML (parsed back with quick-xml) and GitHub Actions workflow
//! commands (decoded the way the runner does).
//!
//! The renderers are driven through the library: load a fixture case, check it, render.
//! Cases are named relative to `tests/fixtures`; `cargo test` runs in the crate root, so the
//! paths in the output start with `tests/fixtures/`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crosscheck::check::{Report, check};
use crosscheck::load::{LoadOptions, Loaded};
use crosscheck::project::load;
use crosscheck::render::{Output, github, junit, sarif};
use crosscheck::text_safety::visible;
use quick_xml::XmlVersion;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use serde_json::Value;

const FIXTURES: &str = "tests/fixtures";

fn load_paths(paths: &[PathBuf]) -> (Loaded, Report) {
    let loaded = load(paths, &LoadOptions::default());
    let report = check(&loaded.workspace);
    (loaded, report)
}

fn load_case(case: &str) -> (Loaded, Report) {
    load_paths(&[Path::new(FIXTURES).join(case)])
}

fn render_with(loaded: &Loaded, report: &Report, render: fn(&Output) -> String) -> String {
    render(&Output {
        workspace: &loaded.workspace,
        report,
        load_errors: &loaded.errors,
    })
}

fn render_case(case: &str, render: fn(&Output) -> String) -> String {
    let (loaded, report) = load_case(case);
    render_with(&loaded, &report, render)
}

/// Every fixture case, `kind/case`, sorted.
fn all_cases() -> Vec<String> {
    let mut cases = Vec::new();
    for kind in fs::read_dir(FIXTURES).expect("fixtures directory") {
        let kind = kind.expect("entry").path();
        if !kind.is_dir() {
            continue;
        }
        for case in fs::read_dir(&kind).expect("kind directory") {
            let case = case.expect("entry").path();
            if case.is_dir() {
                let rel = case.strip_prefix(FIXTURES).expect("under fixtures");
                cases.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    cases.sort();
    cases
}

// ---------------------------------------------------------------- SARIF

const SCHEMA_PATH: &str = "tests/schemas/sarif-schema-2.1.0.json";

/// The `language` pattern of the 2.1.0 schema as first published: its stray `]` makes it an
/// invalid regular expression, which jsonschema (rightly) refuses when it checks the schema.
const BROKEN_LANGUAGE_PATTERN: &str = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
/// The pattern the OASIS committee's current copy of the schema has in its place.
const FIXED_LANGUAGE_PATTERN: &str = r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#;

fn sarif_validator() -> jsonschema::Validator {
    let text = fs::read_to_string(SCHEMA_PATH).expect("vendored schema");
    // The vendored file stays byte-identical to the package's; the one known defect is
    // corrected here, in memory (see tests/schemas/LICENSE-sarif-schema.md). Our output never
    // has a `language` property, so the correction cannot hide an error of ours.
    assert_eq!(text.matches(BROKEN_LANGUAGE_PATTERN).count(), 2);
    let text = text.replace(BROKEN_LANGUAGE_PATTERN, FIXED_LANGUAGE_PATTERN);
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    assert_eq!(
        schema["title"],
        "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    );
    // Formats (`uri`, `uri-reference`, `date-time`) are checked too, not only structure.
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

#[test]
fn the_vendored_schema_is_byte_identical_to_the_file_in_the_serde_sarif_package() {
    use sha2::{Digest, Sha256};
    let bytes = fs::read(SCHEMA_PATH).expect("vendored schema");
    let hex: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        hex, "af47e7b67f24efe74076621fd3a5fbe7398add9e84fe820c971219a385895cea",
        "tests/schemas/LICENSE-sarif-schema.md records where this file came from"
    );
}

fn sarif_doc(case: &str) -> Value {
    serde_json::from_str(&render_case(case, sarif::render)).expect("SARIF output is JSON")
}

fn assert_valid_sarif(validator: &jsonschema::Validator, case: &str, doc: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{case}: SARIF invalid:\n{}",
        errors.join("\n")
    );
    assert!(validator.is_valid(doc));
}

fn run(doc: &Value) -> &Value {
    let runs = doc["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1, "one run");
    &runs[0]
}

#[test]
fn sarif_of_the_format_cases_and_a_load_error_case_validates_against_the_oasis_schema() {
    let validator = sarif_validator();
    for case in [
        "agree/fires",
        "names/variant-registered",
        "formats/hostile",
        "formats/odd-paths",
        "formats/partial-load",
        "load/did-you-mean",
    ] {
        let doc = sarif_doc(case);
        assert_valid_sarif(&validator, case, &doc);
    }
}

#[test]
fn sarif_of_every_fixture_case_validates_against_the_oasis_schema() {
    let validator = sarif_validator();
    let cases = all_cases();
    assert!(cases.len() > 10, "found the fixture cases: {cases:?}");
    for case in cases {
        let doc = sarif_doc(&case);
        assert_valid_sarif(&validator, &case, &doc);
    }
}

#[test]
fn the_schema_rejects_a_broken_log_so_validation_is_not_vacuous() {
    let validator = sarif_validator();
    let mut doc = sarif_doc("agree/fires");
    doc["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&doc));
    let mut doc = sarif_doc("agree/fires");
    doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
        "a path with spaces.yaml".into();
    assert!(!validator.is_valid(&doc), "uri-reference format is checked");
}

#[test]
fn sarif_names_the_tool_and_version_and_declares_character_columns() {
    let doc = sarif_doc("agree/fires");
    assert_eq!(doc["version"], "2.1.0");
    assert!(
        doc["$schema"]
            .as_str()
            .unwrap()
            .ends_with("sarif-schema-2.1.0.json")
    );
    let run = run(&doc);
    assert_eq!(run["tool"]["driver"]["name"], "crosscheck");
    assert_eq!(run["tool"]["driver"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    assert!(
        run["invocations"][0]
            .get("toolExecutionNotifications")
            .is_none()
    );
}

#[test]
fn sarif_has_one_descriptor_per_configured_rule_with_its_kind_level_and_codes() {
    let doc = sarif_doc("formats/odd-paths");
    let rules = run(&doc)["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    let summary: Vec<(&str, &str, &str)> = rules
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap(),
                r["name"].as_str().unwrap(),
                r["defaultConfiguration"]["level"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("facts-agree", "agree", "warning"),
            ("checked-dates", "dates", "note"),
            ("backed", "corroborate", "note"),
        ]
    );
    assert_eq!(
        rules[0]["shortDescription"]["text"],
        "Every (subject, property) has one value across sources."
    );
    assert!(
        rules[0]["fullDescription"]["text"]
            .as_str()
            .unwrap()
            .contains("Ages are left to the age kind")
    );
    assert!(
        rules[0]["help"]["text"]
            .as_str()
            .unwrap()
            .contains("Why it matters to an editor"),
        "without a rule help, the kind's documentation is the help"
    );
    assert_eq!(
        rules[0]["properties"]["codes"],
        serde_json::json!([
            "conflict",
            "self-contradiction",
            "wording-differs",
            "unknown-term"
        ])
    );
    assert_eq!(
        rules[2]["properties"]["codes"],
        serde_json::json!(["uncorroborated"])
    );
}

#[test]
fn sarif_descriptor_help_is_the_rules_own_help_when_it_has_one() {
    let doc = sarif_doc("formats/hostile");
    let rule = &run(&doc)["tool"]["driver"]["rules"][0];
    assert_eq!(
        rule["help"]["text"],
        "Ask the desk & check the <b>charter</b>: \"which\" one's right?"
    );
    assert_eq!(rule["defaultConfiguration"]["level"], "error");
}

#[test]
fn sarif_result_points_at_the_first_claim_with_the_other_claims_related() {
    let doc = sarif_doc("agree/fires");
    let results = run(&doc)["results"].as_array().expect("results");
    assert_eq!(results.len(), 1);
    let r = &results[0];
    assert_eq!(r["ruleId"], "facts-agree");
    assert_eq!(r["ruleIndex"], 0);
    assert_eq!(r["level"], "error");
    let text = r["message"]["text"].as_str().unwrap();
    assert!(text.starts_with("Sources disagree on jailed"), "{text}");
    let here = &r["locations"][0]["physicalLocation"];
    assert_eq!(
        here["artifactLocation"]["uri"],
        "tests/fixtures/agree/fires/andes-ledger-2023-12-06.yaml"
    );
    assert_eq!(here["region"]["startLine"], 9);
    assert_eq!(here["region"]["startColumn"], 12);
    assert_eq!(here["region"]["endColumn"], 16, "`2005` spans four columns");
    assert_eq!(here["region"]["snippet"]["text"], "2005");
    let related = r["relatedLocations"].as_array().expect("related");
    assert_eq!(related.len(), 1);
    let there = &related[0]["physicalLocation"];
    assert_eq!(
        there["artifactLocation"]["uri"],
        "tests/fixtures/agree/fires/pacific-wire-2023-12-07.yaml"
    );
    assert_eq!(there["region"]["startLine"], 8);
    assert_eq!(
        related[0]["message"]["text"],
        "Pacific Wire, 2023-12-07: 2007"
    );
    let fp = r["partialFingerprints"]["crosscheckFinding/v1"]
        .as_str()
        .unwrap();
    assert_eq!(fp.len(), 16, "the baseline fingerprint: {fp}");
}

#[test]
fn sarif_result_levels_follow_the_rule_severity() {
    let doc = sarif_doc("formats/odd-paths");
    let levels: Vec<(&str, &str)> = run(&doc)["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["ruleId"].as_str().unwrap(), r["level"].as_str().unwrap()))
        .collect();
    assert_eq!(
        levels,
        vec![
            // The turnout's two values are one conflict, not also two lone values.
            ("facts-agree", "warning"),
            ("backed", "note"),
            ("checked-dates", "note"),
        ]
    );
}

#[test]
fn sarif_paths_with_spaces_commas_and_accents_are_percent_encoded_uri_references() {
    let doc = sarif_doc("formats/odd-paths");
    let uris: Vec<&str> = run(&doc)["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(
        uris.contains(&"tests/fixtures/formats/odd-paths/di%C3%A1rio%202024,03.yaml"),
        "{uris:?}"
    );
}

#[test]
fn sarif_load_errors_become_notifications_and_mark_the_run_unsuccessful() {
    let doc = sarif_doc("formats/partial-load");
    let run = run(&doc);
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"]
        .as_array()
        .expect("notifications");
    assert_eq!(notes.len(), 3);
    assert!(notes.iter().all(|n| n["level"] == "error"));
    let unknown = notes
        .iter()
        .find(|n| n["descriptor"]["id"] == "load::unknown-key")
        .expect("the unknown key");
    let loc = &unknown["locations"][0]["physicalLocation"];
    assert_eq!(
        loc["artifactLocation"]["uri"],
        "tests/fixtures/formats/partial-load/east-bay-2023-12-08.yaml"
    );
    assert_eq!(loc["region"]["startLine"], 6);
    assert_eq!(loc["region"]["startColumn"], 5);
    assert!(
        unknown["message"]["text"]
            .as_str()
            .unwrap()
            .contains("did you mean `subject`?")
    );
    let empty = notes
        .iter()
        .find(|n| n["descriptor"]["id"] == "load::empty")
        .expect("the empty file");
    let loc = &empty["locations"][0]["physicalLocation"];
    assert_eq!(
        loc["artifactLocation"]["uri"],
        "tests/fixtures/formats/partial-load/empty.yaml"
    );
    assert!(
        loc.get("region").is_none(),
        "a whole-file error has no region"
    );
    // The files that loaded are still checked.
    assert_eq!(run["results"].as_array().unwrap().len(), 1);
}

#[test]
fn sarif_output_is_byte_identical_whatever_the_order_of_the_input_files() {
    let dir = Path::new(FIXTURES).join("formats/odd-paths");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let (a, ra) = load_paths(&files);
    files.reverse();
    let (b, rb) = load_paths(&files);
    let first = render_with(&a, &ra, sarif::render);
    assert_eq!(first, render_with(&b, &rb, sarif::render));
    assert_eq!(first, render_with(&a, &ra, sarif::render));
}

// ---------------------------------------------------------------- JUnit

/// An element of a parsed XML document, with its attributes and text decoded.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attrs: BTreeMap<String, String>,
    text: String,
    children: Vec<Element>,
}

impl Element {
    fn attr(&self, key: &str) -> &str {
        self.attrs
            .get(key)
            .unwrap_or_else(|| panic!("<{}> has no {key}", self.name))
    }

    fn all(&self, name: &str) -> Vec<&Element> {
        self.children.iter().filter(|c| c.name == name).collect()
    }
}

fn element(e: &quick_xml::events::BytesStart) -> Element {
    let mut attrs = BTreeMap::new();
    for a in e.attributes() {
        let a = a.expect("well-formed attribute");
        let key = a.key.as_ref().to_string();
        let value = a
            .normalized_value(XmlVersion::Explicit1_0)
            .expect("attribute value decodes")
            .into_owned();
        assert!(attrs.insert(key, value).is_none(), "duplicate attribute");
    }
    Element {
        name: e.name().as_ref().to_string(),
        attrs,
        ..Element::default()
    }
}

/// Parses an XML document with quick-xml into its root element.
fn parse_xml(xml: &str) -> Element {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack = vec![Element::default()];
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => stack.push(element(&e)),
            Event::Empty(e) => {
                let el = element(&e);
                stack.last_mut().unwrap().children.push(el);
            }
            Event::End(_) => {
                let done = stack.pop().unwrap();
                stack.last_mut().expect("balanced tags").children.push(done);
            }
            Event::Text(t) => stack.last_mut().unwrap().text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref().expect("valid reference") {
                    Some(c) => c.to_string(),
                    None => resolve_predefined_entity(&r)
                        .unwrap_or_else(|| panic!("unknown entity &{};", &*r))
                        .to_string(),
                };
                stack.last_mut().unwrap().text.push_str(&resolved);
            }
            Event::CData(_) => panic!("no CDATA expected"),
            Event::Eof => break,
            _ => {}
        }
    }
    let mut root = stack.pop().unwrap();
    assert!(stack.is_empty(), "unclosed elements");
    assert_eq!(root.children.len(), 1, "one root element");
    root.children.pop().unwrap()
}

fn junit_suite(xml: &str) -> Element {
    let mut root = parse_xml(xml);
    assert_eq!(root.name, "testsuites");
    assert_eq!(root.children.len(), 1, "one testsuite");
    let suite = root.children.pop().unwrap();
    assert_eq!(suite.name, "testsuite");
    assert_eq!(suite.attr("name"), "crosscheck");
    for key in ["tests", "failures", "errors"] {
        assert_eq!(
            root.attr(key),
            suite.attr(key),
            "testsuites and testsuite agree"
        );
    }
    suite
}

/// Characters XML 1.0 forbids (and the C1 controls it discourages).
fn forbidden_in_xml(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
        || ('\u{7F}'..='\u{9F}').contains(&c)
        || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

#[test]
fn junit_has_one_testcase_per_rule_and_one_failure_per_finding() {
    let (loaded, report) = load_case("formats/odd-paths");
    let xml = render_with(&loaded, &report, junit::render);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
    let suite = junit_suite(&xml);
    let cases = suite.all("testcase");
    let names: Vec<(&str, &str)> = cases
        .iter()
        .map(|c| (c.attr("classname"), c.attr("name")))
        .collect();
    assert_eq!(
        names,
        vec![
            ("crosscheck.agree", "facts-agree"),
            ("crosscheck.dates", "checked-dates"),
            ("crosscheck.corroborate", "backed"),
        ]
    );
    for case in &cases {
        let expected: Vec<&str> = report
            .findings
            .iter()
            .filter(|f| f.rule == case.attr("name"))
            .map(|f| f.code.as_str())
            .collect();
        let failures: Vec<&str> = case.all("failure").iter().map(|f| f.attr("type")).collect();
        assert_eq!(failures, expected, "{}", case.attr("name"));
    }
    assert_eq!(cases[2].all("failure").len(), 1);
    assert_eq!(suite.attr("tests"), "3");
    assert_eq!(suite.attr("failures"), "3", "three rules failed");
    assert_eq!(suite.attr("errors"), "0");
}

#[test]
fn junit_rules_that_found_nothing_are_passing_testcases() {
    let suite = junit_suite(&render_case("formats/hostile", junit::render));
    let cases = suite.all("testcase");
    assert_eq!(cases.len(), 2);
    assert_eq!(cases[1].attr("name"), "quoted");
    assert!(
        cases[1].children.is_empty(),
        "a passing case has no failure"
    );
    assert_eq!(suite.attr("tests"), "2");
    assert_eq!(suite.attr("failures"), "1");
}

#[test]
fn junit_escapes_markup_in_claim_values_and_shows_control_characters() {
    let (loaded, report) = load_case("formats/hostile");
    let xml = render_with(&loaded, &report, junit::render);
    assert!(!xml.contains("<script>"), "markup is escaped");
    assert!(!xml.contains("<b>"), "markup in help is escaped");
    assert!(
        !xml.chars().any(forbidden_in_xml),
        "no control character is written"
    );

    let finding = &report.findings[0];
    assert!(
        finding.message.contains('\u{7}'),
        "the fixture has a BEL in a value"
    );
    let suite = junit_suite(&xml);
    let failure = suite.all("testcase")[0].all("failure")[0];
    assert_eq!(
        failure.attr("message"),
        visible(&finding.message),
        "the message round-trips, its control characters shown"
    );
    assert!(
        failure
            .attr("message")
            .contains(r#"<script>alert(1)</script> & "light" 'keeps'<U+0007> on"#)
    );
    assert!(
        failure
            .attr("message")
            .contains("<U+000D>\n<U+003A>:warning")
    );
    assert!(
        failure
            .text
            .contains("help: Ask the desk & check the <b>charter</b>: \"which\" one's right?"),
        "{}",
        failure.text
    );
}

#[test]
fn junit_failure_text_gives_each_claim_as_file_line_column_with_the_notes() {
    let suite = junit_suite(&render_case("agree/fires", junit::render));
    let failure = suite.all("testcase")[0].all("failure")[0];
    assert_eq!(failure.attr("type"), "conflict");
    let text = &failure.text;
    assert!(
        text.starts_with("error[conflict]: Sources disagree on jailed"),
        "{text}"
    );
    assert!(
        text.contains("tests/fixtures/agree/fires/andes-ledger-2023-12-06.yaml:9:12: Andes Ledger, 2023-12-06: 2005"),
        "{text}"
    );
    assert!(
        text.contains("tests/fixtures/agree/fires/pacific-wire-2023-12-07.yaml:8:12"),
        "{text}"
    );
    assert!(text.contains("note: "), "{text}");
}

#[test]
fn junit_load_errors_are_error_elements_of_a_load_testcase() {
    let suite = junit_suite(&render_case("formats/partial-load", junit::render));
    assert_eq!(suite.attr("tests"), "2");
    assert_eq!(suite.attr("failures"), "1");
    assert_eq!(suite.attr("errors"), "1");
    let load = suite.all("testcase")[1];
    assert_eq!(load.attr("classname"), "crosscheck.load");
    assert_eq!(load.attr("name"), "load");
    let errors = load.all("error");
    let types: Vec<&str> = errors.iter().map(|e| e.attr("type")).collect();
    assert_eq!(
        types,
        vec!["load::missing-key", "load::unknown-key", "load::empty"]
    );
    assert_eq!(errors[1].attr("message"), "unknown key `subjet`");
    assert!(
        errors[1]
            .text
            .starts_with("tests/fixtures/formats/partial-load/east-bay-2023-12-08.yaml:6:5: "),
        "{}",
        errors[1].text
    );
    assert!(errors[1].text.contains("did you mean `subject`?"));
}

#[test]
fn junit_of_a_case_that_failed_to_load_entirely_is_still_a_valid_report() {
    let suite = junit_suite(&render_case("load/did-you-mean", junit::render));
    assert_eq!(suite.attr("errors"), "1");
    assert!(!suite.all("testcase").is_empty());
}

// ---------------------------------------------------------------- GitHub

/// Decodes a workflow command line as the Actions runner does: `::name k=v,k=v::message`.
fn decode_command(line: &str) -> (String, Vec<(String, String)>, String) {
    fn unescape(s: &str, property: bool) -> String {
        let mut s = s.replace("%0D", "\r").replace("%0A", "\n");
        if property {
            s = s.replace("%3A", ":").replace("%2C", ",");
        }
        s.replace("%25", "%")
    }
    let rest = line.strip_prefix("::").expect("a command starts with ::");
    let (head, message) = rest.split_once("::").expect("a command has ::");
    let (name, props) = head.split_once(' ').unwrap_or((head, ""));
    let props = props
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').expect("key=value");
            (k.to_string(), unescape(v, true))
        })
        .collect();
    (name.to_string(), props, unescape(message, false))
}

#[test]
fn github_message_escaping_follows_the_toolkit_escape_data() {
    // The examples of @actions/core's own command tests.
    assert_eq!(
        github::escape_data("percent % percent % cr \r cr \r lf \n lf \n"),
        "percent %25 percent %25 cr %0D cr %0D lf %0A lf %0A"
    );
    assert_eq!(github::escape_data("colon : comma ,"), "colon : comma ,");
    // `%` goes first, so an escape sequence already in the text is kept as text.
    assert_eq!(github::escape_data("%0A"), "%250A");
}

#[test]
fn github_property_escaping_also_covers_colon_and_comma() {
    assert_eq!(
        github::escape_property(
            "percent % percent % cr \r cr \r lf \n lf \n colon : colon : comma , comma ,"
        ),
        "percent %25 percent %25 cr %0D cr %0D lf %0A lf %0A colon %3A colon %3A comma %2C comma %2C"
    );
}

#[test]
fn github_command_lines_match_the_toolkit_issue_command_output() {
    assert_eq!(
        github::line(
            "some-command",
            &[(
                "name",
                "percent % percent % cr \r cr \r lf \n lf \n colon : colon : comma , comma ,"
                    .into()
            )],
            "percent % percent % cr \r cr \r lf \n lf \n"
        ),
        "::some-command name=percent %25 percent %25 cr %0D cr %0D lf %0A lf %0A colon %3A colon %3A comma %2C comma %2C::percent %25 percent %25 cr %0D cr %0D lf %0A lf %0A"
    );
}

#[test]
fn github_render_writes_one_annotation_line_per_finding_with_severity_commands() {
    let (loaded, report) = load_case("formats/odd-paths");
    let text = render_with(&loaded, &report, github::render);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), report.findings.len());
    assert!(text.ends_with('\n'));
    let decoded: Vec<_> = lines.iter().map(|l| decode_command(l)).collect();
    let names: Vec<&str> = decoded.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(names, vec!["warning", "notice", "notice"]);

    let (_, props, message) = &decoded[0];
    let keys: Vec<&str> = props.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, vec!["file", "line", "col", "title"]);
    assert_eq!(props[3].1, "conflict (facts-agree)");
    assert_eq!(
        message.lines().next(),
        Some(report.findings[0].message.as_str())
    );
    assert!(message.contains("\"45% of voters\""), "{message}");
    assert!(lines[0].contains("40%25 of voters"));

    // The file with a comma and a space in its name: the comma is escaped, and decodes back.
    let odd = lines
        .iter()
        .find(|l| l.contains("title=future-date"))
        .expect("the future date");
    assert!(
        odd.starts_with(
            "::notice file=tests/fixtures/formats/odd-paths/diário 2024%2C03.yaml,line=14,col=12,"
        ),
        "{odd}"
    );
    let (_, props, _) = decode_command(odd);
    assert_eq!(
        props[0].1,
        "tests/fixtures/formats/odd-paths/diário 2024,03.yaml"
    );
}

#[test]
fn github_a_claim_value_cannot_inject_a_workflow_command() {
    let (loaded, report) = load_case("formats/hostile");
    let text = render_with(&loaded, &report, github::render);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "{text}");
    assert!(!text.contains('\r'));
    assert!(lines[0].starts_with("::error file=tests/fixtures/formats/hostile/harbour-gazette-2024-03-01.yaml,line=9,col=12,title=conflict (facts-agree)::"));
    assert!(lines[0].contains("lit<U+000D>%0A<U+003A>:warning file=x.yaml::injected 100%250A"));
    let (_, _, message) = decode_command(lines[0]);
    assert!(
        message.starts_with(&*visible(&report.findings[0].message)),
        "{message}"
    );
    assert!(message.contains("help: Ask the desk & check the <b>charter</b>"));
}

#[test]
fn github_load_errors_are_error_commands_at_their_place_before_the_findings() {
    let text = render_case("formats/partial-load", github::render);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert_eq!(
        lines[1],
        "::error file=tests/fixtures/formats/partial-load/east-bay-2023-12-08.yaml,line=6,col=5::unknown key `subjet` [load::unknown-key]%0Ahelp: did you mean `subject`?"
    );
    assert!(
        lines[2].starts_with("::error file=tests/fixtures/formats/partial-load/empty.yaml::"),
        "a whole-file error has no line: {}",
        lines[2]
    );
    assert!(lines[3].contains("title=conflict (facts-agree)"));
}

// ---------------------------------------------------------------- baseline in every format

/// The agree/fires case (one conflict) with its finding accepted in a reviewed baseline.
fn accepted_case() -> (Loaded, Report) {
    let (loaded, mut report) = load_case("agree/fires");
    let text = crosscheck::baseline::write(&report.findings).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("baseline.yaml");
    fs::write(
        &path,
        text.replace("reason: TODO", "reason: the <ruling> says 2007"),
    )
    .unwrap();
    let root = crosscheck::load::Root::new(dir.path()).unwrap();
    let entries = crosscheck::baseline::read(
        &path,
        &root,
        &LoadOptions::default(),
        crosscheck::baseline::Reasons::Required,
    )
    .unwrap();
    report.apply_baseline(&entries);
    assert!(report.findings.is_empty());
    (loaded, report)
}

#[test]
fn sarif_keeps_accepted_findings_as_suppressed_results_with_the_reason_as_justification() {
    let (loaded, report) = accepted_case();
    let doc: Value = serde_json::from_str(&render_with(&loaded, &report, sarif::render)).unwrap();
    assert_valid_sarif(&sarif_validator(), "agree/fires accepted", &doc);
    let results = run(&doc)["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(
        results[0]["suppressions"],
        serde_json::json!([{
            "kind": "external",
            "status": "accepted",
            "justification": "the <ruling> says 2007",
        }])
    );
}

#[test]
fn junit_shows_an_accepted_finding_as_a_skipped_testcase_with_the_reason() {
    let (loaded, report) = accepted_case();
    let suite = junit_suite(&render_with(&loaded, &report, junit::render));
    assert_eq!(suite.attr("skipped"), "1");
    assert_eq!(suite.attr("failures"), "0");
    let cases = suite.all("testcase");
    let skipped: Vec<&Element> = cases
        .iter()
        .filter(|c| !c.all("skipped").is_empty())
        .copied()
        .collect();
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].attr("name"), "facts-agree");
    assert_eq!(
        skipped[0].all("skipped")[0].attr("message"),
        "accepted in the baseline: the <ruling> says 2007"
    );
    assert_eq!(suite.attr("tests"), cases.len().to_string());
}

#[test]
fn github_does_not_annotate_accepted_findings() {
    let (loaded, report) = accepted_case();
    let text = render_with(&loaded, &report, github::render);
    assert!(!text.contains("::error"), "{text}");
}

// ---------------------------------------------------------------- GitHub's annotation limits

#[test]
fn github_annotates_at_most_ten_per_level_and_counts_the_rest_in_one_notice() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: String| fs::write(dir.path().join(name), text).unwrap();
    write(
        "properties.yaml",
        "properties:\n  jailed: { type: date }\n".into(),
    );
    write(
        "rules.yaml",
        "rules:\n  - id: backed\n    kind: corroborate\n    severity: warning\n".into(),
    );
    let names = [
        "Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India",
        "Juliett", "Kilo", "Lima",
    ];
    let claims: String = names
        .iter()
        .map(|n| {
            format!("  - id: {n}\n    subject: {n}\n    property: jailed\n    value: 2005\n    quote: \"held since 2005\"\n")
        })
        .collect();
    write(
        "one.yaml",
        format!("source:\n  id: one\n  outlet: One\n  published: 2023-12-06\nclaims:\n{claims}"),
    );
    let opts = LoadOptions {
        root: Some(dir.path().to_path_buf()),
        ..LoadOptions::default()
    };
    let loaded = load(&[dir.path().to_path_buf()], &opts);
    let report = check(&loaded.workspace);
    assert_eq!(report.summary.warnings, 12, "{:?}", report.findings);
    let text = render_with(&loaded, &report, github::render);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("::warning")).count(),
        10
    );
    assert_eq!(
        lines.last().unwrap(),
        &"::notice title=crosscheck::2 warnings not annotated: GitHub shows 10 annotations of each level per step. The job summary (with $GITHUB_STEP_SUMMARY) and `crosscheck check` list every finding."
    );
    assert_eq!(lines.len(), 11);
}

#[test]
fn github_annotates_a_finding_at_its_claim_in_a_changed_file() {
    let (loaded, report) = load_case("agree/fires");
    let changed: std::collections::BTreeSet<String> =
        ["tests/fixtures/agree/fires/pacific-wire-2023-12-07.yaml".to_string()].into();
    let out = Output {
        workspace: &loaded.workspace,
        report: &report,
        load_errors: &loaded.errors,
    };
    let text = github::render_for_changes(&out, &changed);
    assert!(
        text.starts_with(
            "::error file=tests/fixtures/agree/fires/pacific-wire-2023-12-07.yaml,line=8,col=12,"
        ),
        "{text}"
    );
    // Without changes, the first claim.
    assert!(
        render_with(&loaded, &report, github::render)
            .starts_with("::error file=tests/fixtures/agree/fires/andes-ledger-2023-12-06.yaml,"),
    );
}

#[test]
fn sarif_links_the_other_claims_in_the_message_and_roots_paths_at_the_repository() {
    let doc = sarif_doc("agree/fires");
    let result = &run(&doc)["results"][0];
    let message = result["message"]["text"].as_str().unwrap();
    assert!(
        message.ends_with("\nAlso: [Pacific Wire, 2023-12-07](1)"),
        "{message}"
    );
    assert_eq!(result["relatedLocations"][0]["id"], 1);
    let location = &result["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(location["uriBaseId"], "%SRCROOT%");
    assert_eq!(
        location["uri"],
        "tests/fixtures/agree/fires/andes-ledger-2023-12-06.yaml"
    );
    for rule in run(&doc)["tool"]["driver"]["rules"].as_array().unwrap() {
        for key in ["shortDescription", "fullDescription"] {
            let text = rule[key]["text"].as_str().unwrap();
            assert!(text.chars().count() <= 1024, "{key}: {text}");
        }
    }
}
