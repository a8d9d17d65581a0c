//! docs/rules.md is generated from the kinds' doc comments (the pages `crosscheck explain KIND`
//! prints); this keeps it in sync and, with CROSSCHECK_UPDATE_DOCS=1, rewrites it.

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
const REFRESH: &str = "CROSSCHECK_UPDATE_DOCS=1 cargo test --test rules_doc";

/// The chapter: a short head, an index of the kinds, then every kind's page.
fn chapter() -> String {
    let pages = crosscheck::explain::every_kind();
    let index: String = crosscheck::rules::KINDS
        .iter()
        .map(|kind| format!("- [{0}](#{0})\n", kind.name()))
        .collect();
    format!(
        "<!-- Generated from the kinds' doc comments (src/rules/<kind>.rs); do not edit.\n     \
         Refresh: {REFRESH} -->\n\
         # Rule kinds\n\n\
         Every built-in rule kind, as `crosscheck explain KIND` prints it: what it checks, why it\n\
         matters to an editor, an example, its settings and its finding codes. How to configure\n\
         rules, write an `expr` rule and test a rule: [writing-rules.md](writing-rules.md).\n\n\
         {index}\n{pages}"
    )
}

#[test]
fn docs_rules_md_is_every_kind_as_explain_prints_it() {
    let expected = chapter();
    if std::env::var_os("CROSSCHECK_UPDATE_DOCS").is_some() {
        std::fs::write(PATH, &expected).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(PATH).unwrap_or_default();
    assert!(
        committed == expected,
        "docs/rules.md is stale (a kind's doc comment changed, or a kind was added): \
         regenerate it with `{REFRESH}`"
    );
}
