//! `crosscheck lsp` driven as an editor drives it: the built binary over standard input and
//! output, JSON-RPC messages framed by `Content-Length`.

#[path = "common/lsp_client.rs"]
mod lsp_client;

use lsp_client::{Editor, uri};
use serde_json::{Value, json};

const ENTITIES: &str = "\
entities:
  - id: rosa-elvira-quispe
    name: Rosa Elvira Quispe
    type: person
    aliases:
      - Rosa Quispe
    facts:
      born: 1961-03-02
    reference: Civil registry
  - id: quispe-release
    name: Quispe release
    type: event
";

const PROPERTIES: &str = "\
properties:
  # Who signed the release order.
  signed_by:
    type: entity
    range: [person]
  released:
    type: date
  born:
    type: date
";

const RULES: &str = "\
rules:
  - id: name-variants
    kind: names
  - id: facts-agree
    kind: agree
";

const LEDGER: &str = "\
source:
  id: andes-ledger-2024-03-08
  outlet: Andes Ledger
  published: 2024-03-08
claims:
  - id: signer
    subject: quispe-release
    property: signed_by
    value: Elvira Quispe
    quote: \"the order Elvira Quispe signed\"
  - id: release-day
    subject: quispe-release
    property: released
    value: Tuesday
    quote: \"freed on Tuesday\"
";

const POST: &str = "\
source:
  id: coastal-post-2024-03-09
  outlet: Coastal Post
  published: 2024-03-09
claims:
  - id: release-date
    subject: quispe-release
    property: released
    value: 2024-03-04
    quote: \"released on 4 March\"
";

/// A project of two invented articles, a registry and rules, in a fresh folder.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for (path, text) in [
        ("claims/entities.yaml", ENTITIES),
        ("claims/andes-ledger-2024-03-08.yaml", LEDGER),
        ("claims/coastal-post-2024-03-09.yaml", POST),
        ("rules/properties.yaml", PROPERTIES),
        ("rules/rules.yaml", RULES),
    ] {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    let mut codes: Vec<String> = diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect();
    codes.sort();
    codes
}

/// Applies text edits (one file's, not overlapping) to a text, as an editor does.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |pos: &Value| {
        let line = pos["line"].as_u64().unwrap() as usize;
        let character = pos["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        start + character
    };
    let mut edits: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (start, end, new) in edits {
        out.replace_range(start..end, new);
    }
    out
}

#[test]
fn findings_are_published_on_every_claim_involved_and_linked_to_the_other_outlet() {
    let dir = project();
    let mut editor = Editor::start(dir.path());
    let ledger = editor.diagnostics("claims/andes-ledger-2024-03-08.yaml", |d| !d.is_empty());
    assert_eq!(codes(&ledger), ["conflict", "name-variant"]);
    let variant = ledger.iter().find(|d| d["code"] == "name-variant").unwrap();
    // Line 9 (0-based 8), after `    value: `.
    assert_eq!(
        variant["range"]["start"],
        json!({ "line": 8, "character": 11 })
    );
    assert_eq!(
        variant["range"]["end"],
        json!({ "line": 8, "character": 24 })
    );
    assert_eq!(variant["severity"], 2);
    assert!(
        variant["message"]
            .as_str()
            .unwrap()
            .starts_with("\"Elvira Quispe\" is a near miss of \"Rosa Elvira Quispe\""),
        "{variant}"
    );
    let conflict = ledger.iter().find(|d| d["code"] == "conflict").unwrap();
    assert_eq!(conflict["severity"], 1);
    let related = conflict["relatedInformation"].as_array().unwrap();
    assert_eq!(related.len(), 1);
    assert_eq!(
        related[0]["location"]["uri"],
        uri(&dir.path().join("claims/coastal-post-2024-03-09.yaml"))
    );
    assert_eq!(
        related[0]["message"],
        "Coastal Post, 2024-03-09: 2024-03-04"
    );
    let post = editor.diagnostics("claims/coastal-post-2024-03-09.yaml", |d| !d.is_empty());
    assert_eq!(codes(&post), ["conflict"]);
    editor.stop();
}

#[test]
fn typing_in_an_open_file_checks_its_text_and_clears_what_is_fixed() {
    let dir = project();
    let mut editor = Editor::start(dir.path());
    let file = "claims/coastal-post-2024-03-09.yaml";
    editor.diagnostics(file, |d| !d.is_empty());
    editor.open(file, POST);
    // The editor's text, not the disk's: the date now agrees, and a key is misspelt.
    let typed = POST
        .replace("2024-03-04", "2024-03-05")
        .replace("    quote:", "    qoute:");
    editor.change(file, 2, &typed);
    let now = editor.diagnostics(file, |d| codes(d) == ["load::unknown-key"]);
    assert_eq!(
        now[0]["range"]["start"],
        json!({ "line": 9, "character": 4 })
    );
    assert!(
        now[0]["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `quote`?")
    );
    // The quick fix for the misspelt key, applied as an editor applies it, fixes the file.
    let params = json!({
        "textDocument": { "uri": uri(&dir.path().join(file)) },
        "range": now[0]["range"],
        "context": { "diagnostics": now },
    });
    let actions = editor.request("textDocument/codeAction", params);
    let fix = &actions[0];
    assert_eq!(fix["title"], "Write \"quote\"");
    let edits = &fix["edit"]["changes"][uri(&dir.path().join(file))];
    let fixed = apply(&typed, edits.as_array().unwrap());
    assert_eq!(fixed, POST.replace("2024-03-04", "2024-03-05"));
    editor.change(file, 3, &fixed);
    editor.diagnostics(file, <[Value]>::is_empty);
    // The other file's conflict is gone as well: it is cleared, not left behind.
    editor.diagnostics("claims/andes-ledger-2024-03-08.yaml", |d| {
        codes(d) == ["name-variant"]
    });
    editor.stop();
}

#[test]
fn a_near_miss_is_fixed_by_writing_the_registered_name_or_adding_an_alias() {
    let dir = project();
    let mut editor = Editor::start(dir.path());
    let file = "claims/andes-ledger-2024-03-08.yaml";
    let diagnostics = editor.diagnostics(file, |d| !d.is_empty());
    let variant = diagnostics
        .iter()
        .find(|d| d["code"] == "name-variant")
        .unwrap();
    let params = json!({
        "textDocument": { "uri": uri(&dir.path().join(file)) },
        "range": variant["range"],
        "context": { "diagnostics": [variant] },
    });
    let actions = editor.request("textDocument/codeAction", params);
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Write \"Rosa Elvira Quispe\"",
            "Add \"Elvira Quispe\" to the aliases of rosa-elvira-quispe"
        ]
    );
    assert_eq!(actions[0]["isPreferred"], true);
    assert_eq!(actions[0]["diagnostics"][0]["code"], "name-variant");
    let here = uri(&dir.path().join(file));
    let fixed = apply(
        LEDGER,
        actions[0]["edit"]["changes"][&here].as_array().unwrap(),
    );
    assert!(fixed.contains("    value: Rosa Elvira Quispe\n"), "{fixed}");
    let registry = uri(&dir.path().join("claims/entities.yaml"));
    let edits = actions[1]["edit"]["changes"][&registry].as_array().unwrap();
    let aliased = apply(ENTITIES, edits);
    assert!(
        aliased.contains("    aliases:\n      - Rosa Quispe\n      - Elvira Quispe\n    facts:"),
        "{aliased}"
    );
    // Saved to disk by the editor, the alias quiets the finding in the claims file.
    std::fs::write(dir.path().join("claims/entities.yaml"), aliased).unwrap();
    let changes = json!({ "changes": [{ "uri": registry, "type": 2 }] });
    editor.notify("workspace/didChangeWatchedFiles", changes);
    editor.diagnostics(file, |d| codes(d) == ["conflict"]);
    editor.stop();
}

#[test]
fn hover_shows_the_registry_entry_and_what_a_relative_date_resolves_to() {
    let dir = project();
    let mut editor = Editor::start(dir.path());
    let file = "claims/andes-ledger-2024-03-08.yaml";
    editor.diagnostics(file, |d| !d.is_empty());
    let on_name = editor.request("textDocument/hover", editor.at(file, 8, 14));
    let shown = on_name["contents"]["value"].as_str().unwrap();
    assert!(
        shown.starts_with("**Rosa Elvira Quispe** (`rosa-elvira-quispe`), person"),
        "{shown}"
    );
    assert!(shown.contains("Aliases: Rosa Quispe"), "{shown}");
    assert!(shown.contains("born: 1961-03-02"), "{shown}");
    let on_date = editor.request("textDocument/hover", editor.at(file, 13, 13));
    let shown = on_date["contents"]["value"].as_str().unwrap();
    assert!(shown.starts_with("**Tuesday** → 2024-03-05"), "{shown}");
    assert!(
        shown.contains("Andes Ledger published 2024-03-08"),
        "{shown}"
    );
    let on_property = editor.request("textDocument/hover", editor.at(file, 7, 15));
    let shown = on_property["contents"]["value"].as_str().unwrap();
    assert!(shown.starts_with("**signed_by**: entity"), "{shown}");
    assert!(shown.contains("Who signed the release order."), "{shown}");
    // Go to definition: from the subject to its registry entry.
    let target = editor.request("textDocument/definition", editor.at(file, 6, 16));
    assert_eq!(target["uri"], uri(&dir.path().join("claims/entities.yaml")));
    assert_eq!(target["range"]["start"]["line"], 9);
    editor.stop();
}

#[test]
fn completion_offers_properties_subjects_and_the_names_a_property_admits() {
    let dir = project();
    let mut editor = Editor::start(dir.path());
    let file = "claims/andes-ledger-2024-03-08.yaml";
    editor.diagnostics(file, |d| !d.is_empty());
    let labels = |v: &Value| -> Vec<String> {
        let mut l: Vec<String> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect();
        l.sort();
        l
    };
    // A value of `signed_by`, which admits people: the registry's people only.
    let values = editor.request("textDocument/completion", editor.at(file, 8, 11));
    assert_eq!(labels(&values), ["Rosa Elvira Quispe"]);
    let symbols = editor.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri(&dir.path().join(file)) } }),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["signer", "release-day"]);
    // While a property is being typed, in the editor's text.
    let typing = LEDGER.replace("    property: signed_by\n", "    property: \n");
    editor.open(file, &typing);
    let properties = editor.request("textDocument/completion", editor.at(file, 7, 14));
    assert_eq!(labels(&properties), ["born", "released", "signed_by"]);
    let subjects = editor.request("textDocument/completion", editor.at(file, 6, 13));
    assert_eq!(labels(&subjects), ["quispe-release", "rosa-elvira-quispe"]);
    editor.stop();
}

#[test]
fn a_missing_quote_is_filled_with_the_articles_sentence_that_holds_the_value() {
    let dir = project();
    let root = dir.path();
    std::fs::write(
        root.join("rules/rules.yaml"),
        format!("{RULES}  - id: quoted\n    kind: quotes\n"),
    )
    .unwrap();
    std::fs::create_dir_all(root.join("articles")).unwrap();
    std::fs::write(
        root.join("articles/harbour-courier.txt"),
        "Harbour Courier\n\nCrowds waited outside. The order Rosa Elvira Quispe signed was \
         read out at noon. Nobody spoke.\n",
    )
    .unwrap();
    let file = "claims/harbour-courier-2024-03-10.yaml";
    let courier = "\
source:
  id: harbour-courier-2024-03-10
  outlet: Harbour Courier
  published: 2024-03-10
  text: ../articles/harbour-courier.txt
claims:
  - id: signer
    subject: quispe-release
    property: signed_by
    value: Rosa Elvira Quispe
";
    std::fs::write(root.join(file), courier).unwrap();
    let mut editor = Editor::start(root);
    let diagnostics = editor.diagnostics(file, |d| !d.is_empty());
    let missing = diagnostics
        .iter()
        .find(|d| d["code"] == "quote-missing")
        .unwrap_or_else(|| panic!("{diagnostics:?}"));
    let params = json!({
        "textDocument": { "uri": uri(&root.join(file)) },
        "range": missing["range"],
        "context": { "diagnostics": [missing] },
    });
    let actions = editor.request("textDocument/codeAction", params);
    let fill = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Quote the article")
        .unwrap_or_else(|| panic!("{actions}"));
    let edits = fill["edit"]["changes"][uri(&root.join(file))]
        .as_array()
        .unwrap();
    let fixed = apply(courier, edits);
    assert_eq!(
        fixed,
        format!("{courier}    quote: The order Rosa Elvira Quispe signed was read out at noon\n")
    );
    editor.change(file, 2, &fixed);
    editor.diagnostics(file, <[Value]>::is_empty);
    editor.stop();
}

/// The founding layout moved under `desk/`, with a draft and a scratch file `check` must not
/// read, and a crosscheck.toml that says so.
fn desk_project(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let draft = POST
        .replace("coastal-post-2024-03-09", "wire-draft-2024-03-10")
        .replace("Coastal Post", "Wire Draft")
        .replace("2024-03-04", "2024-02-27");
    let ledger = LEDGER.replace("value: Elvira Quispe", "value: Rosa Elvira Quispo");
    for (path, text) in [
        ("crosscheck.toml", config),
        ("desk/claims/entities.yaml", ENTITIES),
        ("desk/claims/andes-ledger-2024-03-08.yaml", &ledger),
        ("desk/claims/coastal-post-2024-03-09.yaml", POST),
        ("desk/claims/drafts/wire-draft-2024-03-10.yaml", &draft),
        ("desk/rules/properties.yaml", PROPERTIES),
        ("desk/rules/rules.yaml", RULES),
        ("notes/scratch.yaml", "not: [yaml\n"),
    ] {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn the_editor_checks_what_crosscheck_toml_says_and_reads_it_again_when_it_changes() {
    let dir = desk_project(
        "paths = [\"desk/claims\", \"desk/rules\"]\n\
         exclude = [\"desk/claims/drafts/**\"]\n\
         min-similarity = 0.99\n",
    );
    let ledger_file = "desk/claims/andes-ledger-2024-03-08.yaml";
    let draft_file = "desk/claims/drafts/wire-draft-2024-03-10.yaml";
    let mut editor = Editor::start(dir.path());
    // At 0.99 "Rosa Elvira Quispo" is no near miss of the registered name.
    let ledger = editor.diagnostics(ledger_file, |d| !d.is_empty());
    assert_eq!(codes(&ledger), ["conflict", "unknown-entity"]);
    let conflict = ledger.iter().find(|d| d["code"] == "conflict").unwrap();
    assert!(!conflict["message"].as_str().unwrap().contains("Wire Draft"));
    // The check's diagnostics were all sent before this answer.
    let symbols = json!({ "textDocument": { "uri": uri(&dir.path().join(ledger_file)) } });
    editor.request("textDocument/documentSymbol", symbols);
    assert!(!editor.has_unread_diagnostics(draft_file));
    assert!(!editor.has_unread_diagnostics("notes/scratch.yaml"));

    let config = dir.path().join("crosscheck.toml");
    std::fs::write(&config, "paths = [\"desk/claims\", \"desk/rules\"]\n").unwrap();
    let changed = json!({ "changes": [{ "uri": uri(&config), "type": 2 }] });
    editor.notify("workspace/didChangeWatchedFiles", changed.clone());
    let ledger = editor.diagnostics(ledger_file, |d| codes(d) == ["conflict", "name-variant"]);
    let conflict = ledger.iter().find(|d| d["code"] == "conflict").unwrap();
    assert!(conflict["message"].as_str().unwrap().contains("Wire Draft"));
    assert_eq!(
        codes(&editor.diagnostics(draft_file, |d| !d.is_empty())),
        ["conflict"]
    );

    std::fs::write(&config, "pathz = [\"desk\"]\n").unwrap();
    editor.notify("workspace/didChangeWatchedFiles", changed);
    let broken = editor.diagnostics("crosscheck.toml", |d| !d.is_empty());
    let message = broken[0]["message"].as_str().unwrap();
    assert!(message.contains("unknown key `pathz`"), "{message}");
    assert!(message.contains("line 1, column 1"), "{message}");
    editor.stop();
}
