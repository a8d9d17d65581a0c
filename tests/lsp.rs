//! `crosscheck lsp` driven as an editor drives it: the built binary over standard input and
//! output, JSON-RPC messages framed by `Content-Length`.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long an answer may take on a busy machine before the test fails.
const PATIENCE: Duration = Duration::from_secs(60);

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

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The server, and what it has sent that no one has looked at yet.
struct Editor {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    unread: Vec<Value>,
    next_id: i64,
    root: PathBuf,
}

impl Editor {
    /// Starts `crosscheck lsp` and initializes it on `root`, as a client that watches files.
    fn start(root: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                reader.read_exact(&mut body).unwrap();
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        let mut editor = Self {
            child,
            stdin,
            incoming,
            unread: Vec::new(),
            next_id: 1,
            root: root.to_path_buf(),
        };
        let caps = json!({
            "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } },
            "textDocument": { "publishDiagnostics": { "relatedInformation": true } },
        });
        let params = json!({
            "processId": null,
            "rootUri": uri(root),
            "capabilities": caps,
        });
        let init = editor.request("initialize", params);
        assert_eq!(init["serverInfo"]["name"], "crosscheck");
        editor.notify("initialized", json!({}));
        editor
    }

    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// The next message the server sends that `wanted` accepts; the others are kept.
    fn wait_for(&mut self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.unread.iter().position(&wanted) {
            return self.unread.remove(i);
        }
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(msg) if wanted(&msg) => return msg,
                Ok(msg) => {
                    // The server's own requests (watching files) are answered as a client does.
                    if msg.get("method").is_some() && msg.get("id").is_some() {
                        let id = msg["id"].clone();
                        self.send(json!({ "jsonrpc": "2.0", "id": id, "result": null }));
                    }
                    self.unread.push(msg);
                }
                Err(RecvTimeoutError::Timeout) => panic!("no {what} within {PATIENCE:?}"),
                Err(RecvTimeoutError::Disconnected) => panic!("the server stopped before {what}"),
            }
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let reply = self.wait_for(method, |m| m["id"] == id && m.get("method").is_none());
        assert!(reply.get("error").is_none(), "{method}: {reply}");
        reply["result"].clone()
    }

    /// The diagnostics published next for a file under the root that `done` accepts
    /// (earlier ones, from checks of older text, are passed over).
    fn diagnostics(&mut self, file: &str, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let uri = uri(&self.root.join(file));
        let msg = self.wait_for(&format!("diagnostics for {file}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri.as_str()
                && done(m["params"]["diagnostics"].as_array().unwrap())
        });
        msg["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn open(&mut self, file: &str, text: &str) {
        let params = json!({ "textDocument": {
            "uri": uri(&self.root.join(file)), "languageId": "yaml", "version": 1, "text": text,
        }});
        self.notify("textDocument/didOpen", params);
    }

    fn change(&mut self, file: &str, version: i64, text: &str) {
        let params = json!({
            "textDocument": { "uri": uri(&self.root.join(file)), "version": version },
            "contentChanges": [{ "text": text }],
        });
        self.notify("textDocument/didChange", params);
    }

    fn at(&self, file: &str, line: u32, character: u32) -> Value {
        json!({
            "textDocument": { "uri": uri(&self.root.join(file)) },
            "position": { "line": line, "character": character },
        })
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap();
        assert!(status.success(), "the server exited with {status}");
    }
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
    assert_eq!(variant["range"]["start"], json!({ "line": 8, "character": 11 }));
    assert_eq!(variant["range"]["end"], json!({ "line": 8, "character": 24 }));
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
    assert_eq!(related[0]["message"], "Coastal Post, 2024-03-09: 2024-03-04");
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
    assert_eq!(now[0]["range"]["start"], json!({ "line": 9, "character": 4 }));
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
    let fixed = apply(LEDGER, actions[0]["edit"]["changes"][&here].as_array().unwrap());
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
    assert!(shown.contains("Andes Ledger published 2024-03-08"), "{shown}");
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
