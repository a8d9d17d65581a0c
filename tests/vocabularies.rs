//! Controlled vocabularies (`terms:` of a property) and the generic words of entity types
//! (`types:` of a registry file), end to end: what an editor sees when they are malformed,
//! and the findings they lead to.

mod common;

use std::fs;

use common::run_json_in;
use serde_json::Value;

const SOURCES: &[(&str, &str)] = &[
    (
        "a.yaml",
        "source:\n  outlet: Andes Ledger\n  published: 2023-12-07\nclaims:\n  - subject: fujimori-pardon-2017\n    property: grounds\n    value: medical reasons\n  - subject: alberto-fujimori\n    property: held_in\n    value: Lurigancho jail\n",
    ),
    (
        "b.yaml",
        "source:\n  outlet: Pacific Courier\n  published: 2023-12-07\nclaims:\n  - subject: fujimori-pardon-2017\n    property: grounds\n    value: on health grounds\n  - subject: alberto-fujimori\n    property: held_in\n    value: the Lurigancho Penitentiary\n",
    ),
    (
        "rules.yaml",
        "rules:\n  - id: agree\n    kind: agree\n  - id: names\n    kind: names\n",
    ),
];

const REGISTRY: &str = "types:\n  prison:\n    interchangeable: [[prison, jail, penitentiary]]\n    ignore: [the, Peru's]\nentities:\n  - id: fujimori-pardon-2017\n    name: Pardon of Alberto Fujimori\n  - id: alberto-fujimori\n    name: Alberto Fujimori\n  - id: lurigancho-prison\n    name: Lurigancho Prison\n    type: prison\n";

const PROPERTIES: &str = "properties:\n  grounds:\n    type: text\n    terms:\n      health: [medical reasons, on health grounds]\n      politics: [political deal]\n  held_in:\n    type: entity\n    range: [prison]\n";

/// Runs `check` on the sources with the given registry and properties files.
fn check(registry: &str, properties: &str) -> (Value, i32) {
    let tmp = tempfile::tempdir().expect("temp dir");
    for (name, text) in SOURCES
        .iter()
        .chain(&[("registry.yaml", registry), ("properties.yaml", properties)])
    {
        fs::write(tmp.path().join(name), text).expect("write file");
    }
    run_json_in(tmp.path(), &["."])
}

/// Each load error as "file:line:column message (help)".
fn load_errors(doc: &Value) -> Vec<String> {
    doc["load_errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| {
                    format!(
                        "{}:{}:{} {} ({})",
                        e["file"].as_str().unwrap_or(""),
                        e["line"],
                        e["column"],
                        e["message"].as_str().unwrap_or(""),
                        e["help"].as_str().unwrap_or("")
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn codes(doc: &Value) -> Vec<String> {
    doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["severity"].as_str().unwrap(),
                f["code"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn synonyms_and_generic_name_words_leave_nothing_to_report() {
    let (doc, code) = check(REGISTRY, PROPERTIES);
    assert_eq!(load_errors(&doc), Vec::<String>::new());
    assert_eq!(codes(&doc), Vec::<String>::new());
    assert_eq!(code, 0);
}

#[test]
fn without_type_words_the_generic_words_make_the_prison_unknown() {
    let registry = REGISTRY.replace(
        "    interchangeable: [[prison, jail, penitentiary]]\n    ignore: [the, Peru's]\n",
        "    ignore: [the]\n",
    );
    let (doc, _) = check(&registry, PROPERTIES);
    assert!(codes(&doc).contains(&"warning unknown-entity".to_string()));
}

#[test]
fn a_wording_under_two_terms_is_a_load_error_naming_both_terms() {
    let properties = PROPERTIES.replace("[political deal]", "[political deal, medical reasons]");
    let (doc, code) = check(REGISTRY, &properties);
    assert_eq!(code, 2);
    let errors = load_errors(&doc);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with(
            "./properties.yaml:6:34 \"medical reasons\" is a wording of two terms: health and politics"
        ),
        "{errors:#?}"
    );
}

#[test]
fn terms_and_strict_on_a_property_that_is_not_text_are_load_errors() {
    let properties = PROPERTIES.replace(
        "    range: [prison]\n",
        "    range: [prison]\n    strict: true\n    terms:\n      x: [y]\n",
    );
    let (doc, code) = check(REGISTRY, &properties);
    assert_eq!(code, 2);
    let errors = load_errors(&doc);
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("./properties.yaml:10:13 `strict` applies only to text")),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("./properties.yaml:12:7 `terms` applies only to text")),
        "{errors:#?}"
    );
}

#[test]
fn a_word_in_two_interchangeable_groups_or_both_ignored_and_interchangeable_is_a_load_error() {
    let registry = REGISTRY.replace(
        "[[prison, jail, penitentiary]]\n    ignore: [the, Peru's]",
        "[[prison, jail], [jail, gaol]]\n    ignore: [the, prison]",
    );
    let (doc, code) = check(&registry, PROPERTIES);
    assert_eq!(code, 2);
    let errors = load_errors(&doc);
    assert!(
        errors.iter().any(|e| e.starts_with(
            "./registry.yaml:3:40 \"jail\" is in two groups of interchangeable words of prison"
        )),
        "{errors:#?}"
    );
    assert!(
        errors.iter().any(|e| e.starts_with(
            "./registry.yaml:4:19 \"prison\" is both ignored and interchangeable for prison"
        )),
        "{errors:#?}"
    );
}

#[test]
fn an_unknown_key_under_a_type_is_a_load_error_with_a_did_you_mean() {
    let registry = REGISTRY.replace("    ignore:", "    ignored:");
    let (doc, code) = check(&registry, PROPERTIES);
    assert_eq!(code, 2);
    let errors = load_errors(&doc);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("ignored") && e.contains("`ignore`")),
        "{errors:#?}"
    );
}

#[test]
fn an_unknown_wording_is_one_warning_with_the_closest_wording_and_no_conflict() {
    let properties =
        PROPERTIES.replace("[medical reasons, on health grounds]", "[medical reasons]");
    let (doc, code) = check(REGISTRY, &properties);
    assert_eq!(codes(&doc), vec!["warning unknown-term".to_string()]);
    assert_eq!(code, 0);
    let f = &doc["findings"][0];
    assert_eq!(
        f["message"],
        "\"on health grounds\" is not a term of grounds"
    );
    assert_eq!(f["notes"][0], "the terms of grounds are: health, politics");
}

#[test]
fn distinct_terms_are_a_conflict_that_names_the_terms() {
    let properties =
        PROPERTIES.replace("[medical reasons, on health grounds]", "[medical reasons]");
    let properties = properties.replace("[political deal]", "[political deal, on health grounds]");
    let (doc, code) = check(REGISTRY, &properties);
    assert_eq!(codes(&doc), vec!["error conflict".to_string()]);
    assert_eq!(code, 1);
    let notes = doc["findings"][0]["notes"].as_array().unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n == "read as terms: health vs politics"),
        "{notes:#?}"
    );
}

#[test]
fn a_registry_id_resolves_exactly_but_is_no_name_to_be_a_near_miss_of() {
    let sources = "source:\n  outlet: Andes Ledger\n  published: 2023-12-07\nclaims:\n  - subject: Alberto-Fujimori\n    property: held_in\n    value: lurigancho-prison\n  - subject: alberto fujimoro\n    property: held_in\n    value: Lurigancho Prison\n";
    let tmp = tempfile::tempdir().expect("temp dir");
    for (name, text) in [
        ("a.yaml", sources),
        ("registry.yaml", REGISTRY),
        ("properties.yaml", PROPERTIES),
        ("rules.yaml", SOURCES[2].1),
    ] {
        fs::write(tmp.path().join(name), text).expect("write file");
    }
    let (doc, _) = run_json_in(tmp.path(), &["."]);
    let findings = doc["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    // A near miss is shown against a name, never against an id.
    assert_eq!(
        findings[0]["message"],
        "\"alberto fujimoro\" is a near miss of \"Alberto Fujimori\" (alberto-fujimori)"
    );
}

#[test]
fn terms_from_shares_another_propertys_terms() {
    let properties = PROPERTIES.replace(
        "  grounds:\n    type: text\n    terms:",
        "  grounds:\n    type: text\n    terms_from: reasons\n  reasons:\n    type: text\n    terms:",
    );
    let (doc, code) = check(REGISTRY, &properties);
    assert_eq!(load_errors(&doc), Vec::<String>::new());
    assert_eq!(codes(&doc), Vec::<String>::new());
    assert_eq!(code, 0);
}

#[test]
fn terms_from_a_property_without_terms_of_its_own_is_a_load_error() {
    let properties = PROPERTIES.replace(
        "  grounds:\n    type: text\n    terms:",
        "  grounds:\n    type: text\n    terms_from: reason\n  reasons:\n    type: text\n    terms_from: grounds\n  why:\n    type: text\n    terms:",
    );
    let (doc, code) = check(REGISTRY, &properties);
    assert_eq!(code, 2);
    let errors = load_errors(&doc);
    assert!(
        errors.iter().any(|e| e.starts_with(
            "./properties.yaml:4:17 `terms_from: reason` names no property with terms of its own (did you mean `reasons`?)"
        )),
        "{errors:#?}"
    );
    assert!(
        errors.iter().any(|e| e.starts_with(
            "./properties.yaml:7:17 `terms_from: grounds` names no property with terms of its own"
        )),
        "{errors:#?}"
    );
}
