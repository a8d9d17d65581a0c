//! A language client for tests and benchmarks: runs `crosscheck lsp` and speaks JSON-RPC
//! with it over its standard input and output, as an editor does.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long an answer may take on a busy machine before the test fails.
const PATIENCE: Duration = Duration::from_secs(60);

pub fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The server, and what it has sent that no one has looked at yet.
pub struct Editor {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    unread: Vec<Value>,
    next_id: i64,
    root: PathBuf,
}

impl Editor {
    /// Starts `crosscheck lsp` and initializes it on `root`, as a client that watches files.
    pub fn start(root: &Path) -> Self {
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

    pub fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// The next message the server sends that `wanted` accepts; the others are kept.
    pub fn wait_for(&mut self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
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

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let reply = self.wait_for(method, |m| m["id"] == id && m.get("method").is_none());
        assert!(reply.get("error").is_none(), "{method}: {reply}");
        reply["result"].clone()
    }

    /// The diagnostics published next for a file under the root that `done` accepts
    /// (earlier ones, from checks of older text, are passed over).
    pub fn diagnostics(&mut self, file: &str, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let uri = uri(&self.root.join(file));
        let msg = self.wait_for(&format!("diagnostics for {file}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri.as_str()
                && done(m["params"]["diagnostics"].as_array().unwrap())
        });
        msg["params"]["diagnostics"].as_array().unwrap().clone()
    }

    /// Whether diagnostics for `file` were published that no one has looked at yet (a request
    /// answered since makes sure what the server sent before it has arrived).
    pub fn has_unread_diagnostics(&self, file: &str) -> bool {
        let uri = uri(&self.root.join(file));
        self.unread.iter().any(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri.as_str()
        })
    }

    pub fn open(&mut self, file: &str, text: &str) {
        let params = json!({ "textDocument": {
            "uri": uri(&self.root.join(file)), "languageId": "yaml", "version": 1, "text": text,
        }});
        self.notify("textDocument/didOpen", params);
    }

    pub fn change(&mut self, file: &str, version: i64, text: &str) {
        let params = json!({
            "textDocument": { "uri": uri(&self.root.join(file)), "version": version },
            "contentChanges": [{ "text": text }],
        });
        self.notify("textDocument/didChange", params);
    }

    pub fn at(&self, file: &str, line: u32, character: u32) -> Value {
        json!({
            "textDocument": { "uri": uri(&self.root.join(file)) },
            "position": { "line": line, "character": character },
        })
    }

    /// Forgets what the server sent that was not looked at (a long run's publications).
    pub fn discard_unread(&mut self) {
        self.unread.clear();
    }

    pub fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap();
        assert!(status.success(), "the server exited with {status}");
    }
}
