//! The recipe for a new rule kind (CONTRIBUTING.md) holds: a kind written as a kind's file
//! writes it, with its own finding code, and added to a table of kinds, is read from a rules
//! file, documented, given its keys in the rules file's schema, and run by the check.

use crosscheck::analysis::Context;
use crosscheck::check::check_with;
use crosscheck::explain::kind_page;
use crosscheck::finding::{Code, CodeInfo, Finding};
use crosscheck::load::{LoadOptions, Loaded, load_bytes_before_rules};
use crosscheck::model::{Rule, Severity};
use crosscheck::rules::compile::{compile_with, file_schema_with};
use crosscheck::rules::{AnyKind, KINDS, Kind, Shared, finding, kind_in, read_number};
use crosscheck::value::Value;
use crosscheck::yaml::{Fields, Reader};

/// A kind as its own file under src/rules/ would hold it.
struct Ceiling;

/// The settings of a `ceiling` rule.
#[derive(schemars::JsonSchema)]
struct Settings {
    /// The largest count a claim may give.
    most: f64,
}

/// The kind's finding code, declared beside it.
const OVER_CEILING: Code = Code(&CodeInfo {
    kind: Ceiling::NAME,
    name: "over-ceiling",
    meaning: "a count is larger than the rule allows",
});

impl Kind for Ceiling {
    type Settings = Settings;
    const NAME: &str = "ceiling";
    const CODES: &[Code] = &[OVER_CEILING];
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    const DOC: &str = "# ceiling\n\n**What it checks.** No count is larger than `most`.\n";

    fn read(r: &mut Reader, f: &Fields, _: &mut Shared) -> Option<Settings> {
        let most = read_number(r, f, "most", 0.0, 1e9)?;
        Some(Settings {
            most: most.unwrap_or(0.0),
        })
    }

    fn check(rule: &Rule, settings: &Settings, ctx: &Context, out: &mut Vec<Finding>) {
        for ((subject, property), claims) in ctx.slots_for(rule) {
            for &c in claims {
                if let Value::Count(n) = ctx.claim(c).value
                    && n as f64 > settings.most
                {
                    let message = format!("{n} is more than {}", settings.most);
                    out.push(finding(
                        rule,
                        OVER_CEILING,
                        subject,
                        Some(property),
                        message,
                    ));
                }
            }
        }
    }
}

/// The built-in kinds and `ceiling`, as the table would list them.
fn kinds() -> Vec<&'static dyn AnyKind> {
    KINDS.iter().copied().chain([&Ceiling as _]).collect()
}

fn load(rules: &str) -> Loaded {
    let properties = "properties:\n  victims: {type: count}\n";
    let claims = "source:\n  outlet: Wire\n  published: 2024-03-01\nclaims:\n  - {id: toll, subject: flood, property: victims, value: 120}\n";
    let mut loaded = load_bytes_before_rules(
        &[
            ("properties.yaml", properties.as_bytes()),
            ("rules.yaml", rules.as_bytes()),
            ("wire.yaml", claims.as_bytes()),
        ],
        &LoadOptions::default(),
    );
    compile_with(&mut loaded, &kinds());
    loaded
}

#[test]
fn a_kind_added_to_the_table_is_read_documented_schemad_and_checked() {
    let loaded = load("rules:\n  - {id: at-most-100, kind: ceiling, most: 100}\n");
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let [rule] = loaded.workspace.rules.as_slice() else {
        panic!("one rule: {:?}", loaded.workspace.rules);
    };
    assert_eq!((rule.kind, rule.severity), ("ceiling", Severity::Warning));

    let kinds = kinds();
    let page = kind_page(kind_in(&kinds, "ceiling").expect("registered"));
    assert!(page.contains("No count is larger than `most`."), "{page}");
    assert!(
        page.contains("Finding codes: over-ceiling. Default severity: warning."),
        "{page}"
    );

    let schema = file_schema_with("rules", &kinds)
        .expect("a rules schema")
        .to_value();
    let rule_keys = &schema["$defs"]["RuleDoc"]["properties"];
    assert_eq!(
        rule_keys["most"]["description"],
        "ceiling: the largest count a claim may give."
    );
    assert!(
        rule_keys["kind"]["enum"]
            .as_array()
            .is_some_and(|names| names.iter().any(|n| n == "ceiling"))
    );

    let report = check_with(&loaded.workspace, &kinds);
    let messages: Vec<(&str, &str, &str, &str)> = report
        .findings
        .iter()
        .map(|f| {
            (
                f.rule.as_str(),
                f.kind(),
                f.code.as_str(),
                f.message.as_str(),
            )
        })
        .collect();
    assert_eq!(
        messages,
        [(
            "at-most-100",
            "ceiling",
            "over-ceiling",
            "120 is more than 100"
        )]
    );
}

#[test]
fn a_kind_takes_the_keys_of_its_settings_and_no_others() {
    let loaded = load("rules:\n  - {id: at-most-100, kind: ceiling, mots: 100}\n");
    let errors: Vec<String> = loaded
        .errors
        .iter()
        .map(|e| format!("{} | {}", e.kind, e.help.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("`mots`") && errors[0].contains("did you mean `most`"),
        "{errors:?}"
    );
}

#[test]
fn a_kind_left_out_of_the_table_is_an_unknown_kind() {
    let mut loaded = load_bytes_before_rules(
        &[(
            "rules.yaml",
            b"rules:\n  - {id: at-most-100, kind: ceiling, most: 100}\n".as_slice(),
        )],
        &LoadOptions::default(),
    );
    compile_with(&mut loaded, KINDS);
    let errors: Vec<String> = loaded.errors.iter().map(|e| e.kind.to_string()).collect();
    assert_eq!(
        errors,
        ["unknown rule kind `ceiling`", "unknown key `most`"],
        "{:?}",
        loaded.errors
    );
    assert!(loaded.workspace.rules.is_empty());
}
