//! The `expr` rule kind: CEL conditions over claims, subjects and pairs. Each case under
//! `tests/fixtures/expr/` runs through the built binary, as a user would run it.

mod common;

use std::fs;

use common::{
    assert_findings, claim_places, findings, fixtures, founding, key, only, parse, run_in,
    run_json, run_json_in, with_code,
};
use serde_json::Value;

/// The bundled editorial rules, from the fixtures root.
const EDITORIAL: &str = "../../rules/editorial-expr.yaml";
/// The crate, seen from the fixtures: the project root that holds the bundled rules.
const ROOT: &str = "../..";

fn notes(f: &Value) -> Vec<String> {
    f["notes"]
        .as_array()
        .map(|ns| {
            ns.iter()
                .filter_map(|n| n.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn claim_ids(f: &Value) -> Vec<String> {
    f["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .map(|c| c["claim"].as_str().unwrap_or_default().to_string())
        .collect()
}

// ---------------------------------------------------------------- the bundled editorial rules

#[test]
fn editorial_rules_fire_on_an_article_with_implausible_figures() {
    let (doc, code) = run_json_in(&fixtures(), &["expr/fires", EDITORIAL, "--root", ROOT]);
    assert!(doc.get("load_errors").is_none(), "{:#}", doc["load_errors"]);
    assert_findings(
        &doc,
        &[
            key("expr-failed", "ages-plausible", "ana-quispe", Some("age")),
            key(
                "expr-failed",
                "sentence-length-plausible",
                "quispe-sentence-2015",
                Some("sentence"),
            ),
            key(
                "expr-failed",
                "amounts-in-soles-or-dollars",
                "ana-quispe",
                Some("owed"),
            ),
            // over: subjects; it looks at two properties, so names none.
            key("expr-failed", "pardon-after-jailing", "quispe-pardon", None),
            // over: pairs
            key(
                "expr-failed",
                "counts-close-across-outlets",
                "rio-seco-massacre",
                Some("victims"),
            ),
        ],
    );
    assert_eq!(code, 0, "the editorial rules are warnings and infos");

    // The rule's message is the headline, with {subject} filled in; the note shows the value
    // and the condition it fails.
    let age = &with_code(&doc, "expr-failed")
        .into_iter()
        .find(|f| f["rule"] == "ages-plausible")
        .expect("ages-plausible")
        .clone();
    assert_eq!(
        age["message"],
        "the age of ana-quispe is implausible for a person in public life"
    );
    assert_eq!(age["severity"], "warning");
    assert!(
        notes(age)[0].contains("\"150\"") && notes(age)[0].contains("claim.value <= 110"),
        "{:?}",
        notes(age)
    );
    assert_eq!(
        claim_places(age),
        vec![(
            "expr/fires/andes-ledger-2024-03-01.yaml".into(),
            9,
            12,
            "150".into()
        )]
    );

    let pair = findings(&doc)
        .iter()
        .find(|f| f["rule"] == "counts-close-across-outlets")
        .expect("the pair finding");
    assert_eq!(pair["severity"], "info", "the rule sets `severity: info`");
    let sources: Vec<&str> = pair["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["source"].as_str().unwrap())
        .collect();
    assert_eq!(
        sources,
        ["andes-ledger-2024-03-01", "pacific-wire-2024-03-02"],
        "a pair finding shows both claims"
    );

    // The subjects rule shows the pardon's claims of the properties it names.
    let pardon = findings(&doc)
        .iter()
        .find(|f| f["rule"] == "pardon-after-jailing")
        .expect("the pardon finding");
    let mut ids = claim_ids(pardon);
    ids.sort();
    assert_eq!(ids, ["pardon-date", "pardon-to"]);

    let strict = run_in(
        &fixtures(),
        &[
            "check",
            "expr/fires",
            EDITORIAL,
            "--root",
            ROOT,
            "--fail-on",
            "warning",
        ],
    );
    assert_eq!(strict.code, 1);
}

#[test]
fn editorial_rules_stay_quiet_on_plausible_figures() {
    let (doc, code) = run_json_in(&fixtures(), &["expr/quiet", EDITORIAL, "--root", ROOT]);
    assert!(doc.get("load_errors").is_none(), "{:#}", doc["load_errors"]);
    assert_findings(&doc, &[]);
    assert_eq!(code, 0);
}

#[test]
fn editorial_rules_load_and_stay_quiet_on_the_bundled_claims() {
    let (doc, _) = run_json_in(&founding(), &[]);
    assert!(doc.get("load_errors").is_none(), "{:#}", doc["load_errors"]);
    let expr: Vec<&Value> = findings(&doc)
        .iter()
        .filter(|f| f["kind"] == "expr")
        .collect();
    assert!(
        expr.is_empty(),
        "false findings on the bundled data: {expr:#?}"
    );

    let rules = run_in(&founding(), &["rules"]);
    for id in [
        "ages-plausible",
        "sentence-length-plausible",
        "amounts-in-soles-or-dollars",
        "pardon-after-jailing",
        "counts-close-across-outlets",
    ] {
        assert!(
            rules.stdout.contains(id),
            "`{id}` is configured:\n{}",
            rules.stdout
        );
    }
}

// ---------------------------------------------------------------- over, variables, filters

#[test]
fn custom_rules_go_over_claims_subjects_and_pairs_with_typed_variables() {
    let (doc, code) = run_json("expr/custom");
    assert!(doc.get("load_errors").is_none(), "{:#}", doc["load_errors"]);
    let jailed = key(
        "expr-failed",
        "born-before-jailed",
        "ana-quispe",
        Some("jailed"),
    );
    let granted = key(
        "expr-failed",
        "granted-by-person",
        "quispe-pardon",
        Some("granted_by"),
    );
    let pairs = key("expr-failed", "jailed-pairs", "ana-quispe", Some("jailed"));
    let ages = key("expr-failed", "ages-only", "ana-quispe", Some("age"));
    assert_findings(
        &doc,
        &[
            // facts.born (1970-05-02) ends after both "1965" claims start
            jailed.clone(),
            jailed,
            // a court, and an unregistered name (type null), are not persons
            granted.clone(),
            granted,
            // [fraud] has one item
            key("expr-failed", "crimes-listed", "ana-quispe", Some("crimes")),
            // `properties: [age]` limits an always-false rule to the two ages
            ages.clone(),
            ages,
            // three jailed claims, two of them from one source: two pairs, not three
            pairs.clone(),
            pairs,
            // over: subjects, naming one property
            key("expr-failed", "old-enough", "ana-quispe", Some("age")),
        ],
    );
    assert_eq!(code, 1, "born-before-jailed is `severity: error`");

    let born = with_code(&doc, "expr-failed")
        .into_iter()
        .find(|f| f["rule"] == "born-before-jailed")
        .unwrap()
        .clone();
    assert_eq!(born["severity"], "error");
    assert_eq!(
        born["message"],
        "ana-quispe is said to be jailed before being born"
    );

    for f in findings(&doc)
        .iter()
        .filter(|f| f["rule"] == "jailed-pairs")
    {
        let sources: Vec<&str> = f["claims"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["source"].as_str().unwrap())
            .collect();
        assert_eq!(
            sources,
            ["andes-ledger-2024-03-01", "pacific-wire-2024-03-02"],
            "pairs are of claims from different sources"
        );
    }
    let old = findings(&doc)
        .iter()
        .find(|f| f["rule"] == "old-enough")
        .unwrap();
    assert_eq!(claim_ids(old), ["age", "age"], "both sources' ages");
    assert!(
        old["message"]
            .as_str()
            .unwrap()
            .starts_with("age of ana-quispe is \"53\", \"53\", which fails"),
        "without a rule message, the finding says what failed: {}",
        old["message"]
    );
}

// ---------------------------------------------------------------- load errors

#[test]
fn broken_expressions_are_load_errors_at_their_place_in_the_yaml() {
    let (doc, code) = run_json("expr/load-errors");
    assert_eq!(code, 2, "a load error exits 2");
    let errors = doc["load_errors"].as_array().expect("load_errors");
    let got: Vec<(u64, u64, String)> = errors
        .iter()
        .map(|e| {
            (
                e["line"].as_u64().unwrap(),
                e["column"].as_u64().unwrap(),
                e["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expect: &[(u64, u64, &str)] = &[
        // `claim.value >= 18 &&` ends too soon: the place is the end of the expression
        (
            10,
            32,
            "CEL syntax error in `assert`: mismatched input '<EOF>'",
        ),
        // both expressions of a rule are checked
        (14, 12, "unknown variable `clam`"),
        (15, 13, "unknown variable `a`"),
        // inside a block scalar, on its second line
        (21, 15, "`claim` has no field `valeu`"),
        (25, 27, "unknown function `lowerAscii`"),
        (29, 13, "the `assert` expression is 1456 characters long"),
        (33, 11, "invalid over `claim`"),
        (36, 7, "missing required key `assert`"),
    ];
    assert_eq!(got.len(), expect.len(), "{got:#?}");
    for ((line, column, message), (el, ec, em)) in got.iter().zip(expect) {
        assert_eq!((line, column), (el, ec), "{message}");
        assert!(
            message.starts_with(em),
            "{message:?} should start with {em:?}"
        );
        assert!(message.len() < 400, "{message}");
    }
    assert!(
        errors
            .iter()
            .all(|e| e["file"] == "expr/load-errors/rules.yaml")
    );
    // The rule that loaded still runs.
    assert_findings(
        &doc,
        &[key("expr-failed", "good", "Ana Quispe", Some("age"))],
    );
}

#[test]
fn load_errors_in_human_output_show_a_did_you_mean() {
    let run = run_in(
        &fixtures(),
        &[
            "check",
            "expr/load-errors",
            "--color",
            "never",
            "--width",
            "100",
        ],
    );
    assert_eq!(run.code, 2);
    let out = run.stdout;
    for expected in [
        "expr/load-errors/rules.yaml:14:12",
        "did you mean `claim`?",
        "`a` is a variable of `over: pairs`",
        "did you mean `value`?",
        "did you mean `claims`?",
    ] {
        assert!(out.contains(expected), "{expected:?} in:\n{out}");
    }
}

// ---------------------------------------------------------------- evaluation errors and limits

#[test]
fn an_expression_that_fails_on_the_data_is_an_expr_error_naming_the_claim() {
    let (doc, code) = run_json("expr/eval-error");
    assert!(doc.get("load_errors").is_none(), "{:#}", doc["load_errors"]);
    assert_findings(
        &doc,
        &[
            key(
                "expr-error",
                "compares-a-number-with-text",
                "Ana Quispe",
                Some("age"),
            ),
            key(
                "expr-error",
                "reads-a-missing-fact",
                "Ana Quispe",
                Some("age"),
            ),
            key("expr-error", "not-a-condition", "Ana Quispe", Some("owed")),
            key(
                "expr-error",
                "where-fails-on-money",
                "Ana Quispe",
                Some("owed"),
            ),
        ],
    );
    assert_eq!(code, 1, "one of the rules is `severity: error`");
    let by_rule = |rule: &str| {
        findings(&doc)
            .iter()
            .find(|f| f["rule"] == rule)
            .unwrap()
            .clone()
    };
    let compare = by_rule("compares-a-number-with-text");
    assert_eq!(compare["severity"], "error", "the rule's severity");
    assert!(
        compare["message"]
            .as_str()
            .unwrap()
            .contains("no matching overload for '_>_' applied to '(int, string)'"),
        "{}",
        compare["message"]
    );
    assert_eq!(claim_ids(&compare), ["age"]);
    assert!(
        by_rule("reads-a-missing-fact")["message"]
            .as_str()
            .unwrap()
            .contains("No such key: born")
    );
    assert!(
        by_rule("not-a-condition")["message"]
            .as_str()
            .unwrap()
            .contains("not true or false")
    );
    let filter = by_rule("where-fails-on-money");
    assert!(filter["message"].as_str().unwrap().starts_with("`where`"));
    assert_eq!(filter["severity"], "info");
}

#[test]
fn a_runaway_evaluation_is_stopped_and_reported() {
    let (doc, code) = run_json("expr/runaway");
    assert!(doc.get("load_errors").is_none(), "{:#}", doc["load_errors"]);
    assert_findings(
        &doc,
        &[
            key("expr-error", "nested-loops", "Ana Quispe", Some("age")),
            key("expr-error", "doubling-text", "Ana Quispe", Some("note")),
        ],
    );
    assert_eq!(code, 0);
    let message = |rule: &str| {
        findings(&doc).iter().find(|f| f["rule"] == rule).unwrap()["message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(
        message("nested-loops").contains("stopped after 200000 steps"),
        "{}",
        message("nested-loops")
    );
    assert!(
        message("doubling-text").contains("grew past 10000 elements"),
        "{}",
        message("doubling-text")
    );
}

#[test]
fn a_rule_that_spends_its_whole_budget_stops_once() {
    let (doc, _) = run_json("expr/budget");
    assert_findings(&doc, &[key("expr-error", "costly", "null", None)]);
    let f = only(&doc, "expr-error");
    assert_eq!(f["rule"], "costly");
    assert_eq!(f["subject"], Value::Null);
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("stopped after 2000000 steps in all"),
        "{}",
        f["message"]
    );
    // It points at the rule's `assert`.
    assert_eq!(
        claim_places(&f),
        vec![(
            "expr/budget/rules.yaml".into(),
            8,
            7,
            f["claims"][0]["value"].as_str().unwrap().to_string()
        )]
    );
}

#[test]
fn pairs_of_a_slot_with_more_than_200_claims_are_not_compared_but_reported() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(
        root.join("properties.yaml"),
        "properties:\n  victims: { type: count }\n  age: { type: age }\n",
    )
    .unwrap();
    for (stem, outlet, n) in [("a-2024-01-01", "A", 101), ("b-2024-01-02", "B", 100)] {
        let mut text = format!(
            "source:\n  outlet: {outlet}\n  published: 2024-01-0{}\nclaims:\n",
            &stem[stem.len() - 1..]
        );
        for i in 0..n {
            text.push_str(&format!(
                "  - id: v{i}\n    subject: massacre\n    property: victims\n    value: {i}\n"
            ));
        }
        text.push_str("  - id: age\n    subject: Ana Quispe\n    property: age\n    value: 40\n");
        fs::write(root.join(format!("{stem}.yaml")), text).unwrap();
    }
    fs::write(
        root.join("rules.yaml"),
        "rules:\n  - id: never\n    kind: expr\n    over: pairs\n    assert: \"false\"\n",
    )
    .unwrap();
    let run = run_in(root, &["check", ".", "--format", "json"]);
    let doc = parse(&run.stdout);
    assert!(doc.get("load_errors").is_none(), "{:#}", doc["load_errors"]);
    assert_findings(
        &doc,
        &[
            key("expr-error", "never", "massacre", Some("victims")),
            key("expr-failed", "never", "Ana Quispe", Some("age")),
        ],
    );
    let f = only(&doc, "expr-error");
    assert!(
        f["message"].as_str().unwrap().contains("has 201 claims"),
        "{}",
        f["message"]
    );
}

// ---------------------------------------------------------------- documentation

#[test]
fn explain_documents_the_kind_and_its_codes() {
    let run = run_in(&fixtures(), &["explain", "expr"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for expected in [
        "What it checks",
        "Why it matters to an editor",
        "Example",
        "over: pairs",
        "expr-failed, expr-error",
    ] {
        assert!(
            run.stdout.contains(expected),
            "{expected:?} in:\n{}",
            run.stdout
        );
    }
    let code = run_in(&fixtures(), &["explain", "expr-error"]);
    assert_eq!(code.code, 0);
    assert!(
        code.stdout
            .contains("`expr-error` is a finding of the `expr` rule kind")
    );
}

// ---------------------------------------------------------------- rules that could never fire

#[test]
fn rules_naming_undeclared_properties_or_missing_fields_are_load_errors_and_are_not_run() {
    let (doc, code) = run_json("expr/dead-rules");
    assert_eq!(code, 2, "a rule that can never fire is a load error");
    let errors = doc["load_errors"].as_array().expect("load_errors");
    let got: Vec<(u64, u64, String, String)> = errors
        .iter()
        .map(|e| {
            (
                e["line"].as_u64().unwrap(),
                e["column"].as_u64().unwrap(),
                e["message"].as_str().unwrap().to_string(),
                e["help"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let expect: &[(u64, u64, &str, &str)] = &[
        (6, 31, "unknown property `agee`", "did you mean `age`?"),
        (11, 39, "unknown property `bornn`", "did you mean `born`?"),
        (
            17,
            25,
            "`claim.value` has no field `month`: the rule sees values of born (date)",
            "`claim.value.start.getMonth() + 1`",
        ),
        (
            21,
            25,
            "`claim.value` has no field `amout`: the rule sees values of any type",
            "did you mean `amount`?",
        ),
        (
            26,
            25,
            "`claim.value` has no field `years`: the rule sees values of age (age)",
            "compare `claim.value` itself",
        ),
        (32, 19, "unknown property `borm`", "did you mean `born`?"),
        (
            36,
            30,
            "`source.published` is a date and has no field `month`",
            "getFullYear()",
        ),
        (40, 27, "unknown value type `dat`", "did you mean `date`?"),
        (
            46,
            31,
            "`claim.value.start` is a single value and has no field `month`",
            "`claim.value.start.getFullYear()`",
        ),
        (
            51,
            12,
            "the rule can never fire: its `where` and `properties` admit no declared property",
            "`where` admits age (age); `properties` lists born",
        ),
        (
            56,
            12,
            "the rule can never fire: its `where` admits no declared property",
            "`where` admits age (age), not of type date",
        ),
    ];
    assert_eq!(got.len(), expect.len(), "{got:#?}");
    for ((line, column, message, help), (el, ec, em, eh)) in got.iter().zip(expect) {
        assert_eq!((line, column), (el, ec), "{message}");
        assert!(
            message.starts_with(em),
            "{message:?} should start with {em:?}"
        );
        assert!(help.contains(eh), "{help:?} should contain {eh:?}");
    }
    // The dead rules are reported once at load, not once per claim; the near cases run.
    assert!(with_code(&doc, "expr-error").is_empty(), "{doc:#}");
    assert_findings(
        &doc,
        &[
            key("expr-failed", "age-plausible", "Ana Quispe", Some("age")),
            key("expr-failed", "born-after-1900", "Ana Quispe", Some("born")),
        ],
    );
}
