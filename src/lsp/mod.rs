//! `crosscheck lsp`: the checks as a language server, so that an editor shows findings and
//! fixes while a claims file is being written.
//!
//! The server loads the whole project once, keeps the editor's text of each open document
//! and the disk's of every other input, and checks again on each change, on a thread of its
//! own ([`analysis`] says how newer changes overtake older checks). Requests (hover,
//! completion, definition, symbols, quick fixes) are answered from the latest check.

mod analysis;
mod convert;
mod diagnostics;
mod features;
mod fixes;
mod project;

use std::collections::BTreeMap;
use std::error::Error;
use std::path::PathBuf;
use std::sync::Arc;

use crossbeam_channel::{Receiver, Sender, select};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, LogMessage, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, GotoDefinition, HoverRequest,
    RegisterCapability, Request as _,
};
use lsp_types::{
    CodeActionProviderCapability, CompletionOptions, DidChangeWatchedFilesRegistrationOptions,
    FileSystemWatcher, GlobPattern, HoverProviderCapability, InitializeParams, LogMessageParams,
    MessageType, OneOf, PublishDiagnosticsParams, Registration, RegistrationParams,
    ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri,
};
use serde_json::Value;

use analysis::{Analysis, spawn_checker};
use convert::{path_of, uri_of};
use project::{Project, find_root};

pub use convert::Lines;

type BoxError = Box<dyn Error + Send + Sync>;

/// Serves one editor on `connection` until it says `exit`.
pub fn serve(connection: Connection) -> Result<(), BoxError> {
    let (id, params) = connection.initialize_start()?;
    let init: InitializeParams = serde_json::from_value(params)?;
    let options = init.initialization_options.clone().unwrap_or(Value::Null);
    #[allow(deprecated)] // `rootUri` is what clients without workspace folders send
    let opened = init
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| &f.uri)
        .or(init.root_uri.as_ref())
        .and_then(path_of)
        .map_or_else(std::env::current_dir, Ok)?;
    let root = find_root(&opened);
    let articles = options
        .get("articles")
        .and_then(Value::as_str)
        .map(PathBuf::from);
    let project = Project::new(root, articles).map_err(|e| e.to_string())?;
    // Where a finding code's documentation is: given by the editor's configuration, or the
    // project's own copy of the rule kinds' documentation.
    let docs = options
        .get("docsUrl")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| {
            let rules = project.root.join("docs/rules.md");
            rules
                .is_file()
                .then(|| uri_of(&rules))
                .flatten()
                .map(|u| u.as_str().to_string())
        });
    connection.initialize_finish(
        id,
        serde_json::json!({
            "capabilities": capabilities(),
            "serverInfo": { "name": "crosscheck", "version": env!("CARGO_PKG_VERSION") },
        }),
    )?;
    let watch = init
        .capabilities
        .workspace
        .and_then(|w| w.did_change_watched_files)
        .and_then(|d| d.dynamic_registration)
        .unwrap_or(false);
    let (done, finished) = crossbeam_channel::unbounded();
    let mut server = Server {
        jobs: spawn_checker(done)?,
        connection,
        project,
        docs,
        generation: 0,
        latest: None,
        published: BTreeMap::new(),
    };
    if watch {
        server.watch_files()?;
    }
    server.recheck()?;
    server.run(finished)
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![":".into(), " ".into()]),
            ..Default::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..Default::default()
    }
}

struct Server {
    connection: Connection,
    project: Project,
    docs: Option<String>,
    jobs: Sender<analysis::Job>,
    /// The number of the newest change; a check of an older one is not published.
    generation: u64,
    latest: Option<Arc<Analysis>>,
    /// The diagnostics each document holds now: only changes are sent, and a document that
    /// no longer has any is cleared.
    published: BTreeMap<PathBuf, Vec<lsp_types::Diagnostic>>,
}

impl Server {
    fn run(mut self, finished: Receiver<Analysis>) -> Result<(), BoxError> {
        loop {
            select! {
                recv(self.connection.receiver) -> msg => {
                    let Ok(msg) = msg else { return Ok(()) };
                    match msg {
                        Message::Request(req) => {
                            if self.connection.handle_shutdown(&req)? {
                                return Ok(());
                            }
                            self.request(req)?;
                        }
                        Message::Notification(n) => self.notification(n)?,
                        Message::Response(_) => {}
                    }
                }
                recv(finished) -> analysis => {
                    let Ok(analysis) = analysis else { return Ok(()) };
                    self.checked(analysis)?;
                }
            }
        }
    }

    /// Asks the editor to say when an input changes on disk, open or not.
    fn watch_files(&self) -> Result<(), BoxError> {
        let watchers = ["**/*.yaml", "**/*.yml", "**/*.txt", "**/crosscheck.toml"]
            .into_iter()
            .map(|glob| FileSystemWatcher {
                glob_pattern: GlobPattern::String(glob.into()),
                kind: None,
            })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "crosscheck-inputs".into(),
                method: DidChangeWatchedFiles::METHOD.into(),
                register_options: Some(serde_json::to_value(options)?),
            }],
        };
        let req = Request::new(
            RequestId::from("crosscheck-watch".to_string()),
            RegisterCapability::METHOD.into(),
            params,
        );
        self.connection.sender.send(req.into())?;
        Ok(())
    }

    fn notification(&mut self, n: Notification) -> Result<(), BoxError> {
        // A notification the server cannot read is passed over: there is no one to answer.
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Some(p) = params::<lsp_types::DidOpenTextDocumentParams>(n.params) else {
                    return Ok(());
                };
                if let Some(path) = self.input(&p.text_document.uri) {
                    self.project.open(path, p.text_document.text);
                    self.recheck()?;
                }
            }
            DidChangeTextDocument::METHOD => {
                let Some(p) = params::<lsp_types::DidChangeTextDocumentParams>(n.params) else {
                    return Ok(());
                };
                // Full sync: the last change holds the whole text.
                if let (Some(path), Some(change)) = (
                    self.input(&p.text_document.uri),
                    p.content_changes.into_iter().last(),
                ) {
                    self.project.open(path, change.text);
                    self.recheck()?;
                }
            }
            DidSaveTextDocument::METHOD => {
                let Some(p) = params::<lsp_types::DidSaveTextDocumentParams>(n.params) else {
                    return Ok(());
                };
                let saved = path_of(&p.text_document.uri)
                    .filter(|p| self.project.covers(p) || *p == self.project.config_file());
                if let Some(path) = saved {
                    // A save may have created the file: look for the inputs again; a saved
                    // crosscheck.toml is read again.
                    self.project.changed_on_disk(&path);
                    self.recheck()?;
                }
            }
            DidCloseTextDocument::METHOD => {
                let Some(p) = params::<lsp_types::DidCloseTextDocumentParams>(n.params) else {
                    return Ok(());
                };
                if let Some(path) = self.input(&p.text_document.uri) {
                    self.project.close(&path);
                    self.recheck()?;
                }
            }
            DidChangeWatchedFiles::METHOD => {
                let Some(p) = params::<lsp_types::DidChangeWatchedFilesParams>(n.params) else {
                    return Ok(());
                };
                for change in &p.changes {
                    if let Some(path) = path_of(&change.uri) {
                        self.project.changed_on_disk(&path);
                    }
                }
                // Article texts (`*.txt`) are read afresh by every check.
                self.recheck()?;
            }
            _ => {}
        }
        Ok(())
    }

    /// The path of a document that is one of the project's inputs; other documents (YAML
    /// elsewhere in the folder, files outside the root) are not checked.
    fn input(&self, uri: &Uri) -> Option<PathBuf> {
        path_of(uri).filter(|p| self.project.covers(p))
    }

    /// Queues a check of the project as it is now.
    fn recheck(&mut self) -> Result<(), BoxError> {
        self.generation += 1;
        self.jobs
            .send((self.generation, self.project.inputs()))
            .map_err(|_| "the checking thread stopped")?;
        Ok(())
    }

    /// A check ended: published if nothing changed since it started.
    fn checked(&mut self, analysis: Analysis) -> Result<(), BoxError> {
        if analysis.generation != self.generation {
            return Ok(());
        }
        let mut now = diagnostics::diagnostics(&analysis, self.docs.as_deref());
        // Only what changed is sent: a keystroke in one file leaves most files' diagnostics
        // as they were. Documents whose diagnostics are gone are cleared.
        for (path, diagnostics) in &now {
            if self.published.get(path) != Some(diagnostics)
                && let Some(uri) = uri_of(path)
            {
                self.notify::<PublishDiagnostics>(PublishDiagnosticsParams {
                    uri,
                    diagnostics: diagnostics.clone(),
                    version: None,
                })?;
            }
        }
        for gone in self.published.keys().filter(|p| !now.contains_key(*p)) {
            if let Some(uri) = uri_of(gone) {
                self.notify::<PublishDiagnostics>(PublishDiagnosticsParams {
                    uri,
                    diagnostics: Vec::new(),
                    version: None,
                })?;
            }
        }
        now.retain(|_, d| !d.is_empty());
        self.published = now;
        // Said once every diagnostic is out: how long a change takes to show, for the record.
        let ws = analysis.ws();
        let log = LogMessageParams {
            typ: MessageType::LOG,
            message: format!(
                "crosscheck: published the check of {} files, {} claims in {} ms: {} findings, {} load errors",
                ws.files.len(),
                ws.claims.len(),
                analysis.took.as_millis(),
                analysis.report.findings.len(),
                analysis.loaded.errors.len(),
            ),
        };
        self.notify::<LogMessage>(log)?;
        self.latest = Some(Arc::new(analysis));
        Ok(())
    }

    fn notify<N: lsp_types::notification::Notification>(
        &self,
        params: N::Params,
    ) -> Result<(), BoxError> {
        let n = Notification::new(N::METHOD.into(), params);
        self.connection.sender.send(n.into())?;
        Ok(())
    }

    fn request(&mut self, req: Request) -> Result<(), BoxError> {
        let id = req.id.clone();
        let answer = match &self.latest {
            // Asked before the first check ended: nothing to say yet.
            None => Ok(Value::Null),
            Some(a) => self.answer(a, req),
        };
        let resp = match answer {
            Ok(result) => Response::new_ok(id, result),
            Err(e) => Response::new_err(id, e.0 as i32, e.1),
        };
        self.connection.sender.send(resp.into())?;
        Ok(())
    }

    fn answer(&self, a: &Analysis, req: Request) -> Result<Value, (ErrorCode, String)> {
        fn json(v: impl serde::Serialize) -> Result<Value, (ErrorCode, String)> {
            serde_json::to_value(v).map_err(|e| (ErrorCode::InternalError, e.to_string()))
        }
        let bad = |e: serde_json::Error| (ErrorCode::InvalidParams, e.to_string());
        let p = req.params;
        match req.method.as_str() {
            HoverRequest::METHOD => {
                json(features::hover(a, &serde_json::from_value(p).map_err(bad)?))
            }
            Completion::METHOD => json(features::completion(
                a,
                &self.project,
                &serde_json::from_value(p).map_err(bad)?,
            )),
            GotoDefinition::METHOD => json(features::definition(
                a,
                &serde_json::from_value(p).map_err(bad)?,
            )),
            DocumentSymbolRequest::METHOD => json(features::symbols(
                a,
                &serde_json::from_value(p).map_err(bad)?,
            )),
            CodeActionRequest::METHOD => json(fixes::code_actions(
                a,
                &serde_json::from_value(p).map_err(bad)?,
            )),
            method => Err((
                ErrorCode::MethodNotFound,
                format!("crosscheck does not answer {method}"),
            )),
        }
    }
}

/// A notification's parameters, if they are what the protocol says.
fn params<P: serde::de::DeserializeOwned>(v: Value) -> Option<P> {
    serde_json::from_value(v).ok()
}

/// The path of a document the editor names, as the analysis names its file.
fn document_path(uri: &Uri) -> Option<String> {
    path_of(uri).map(|p| p.display().to_string())
}
