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

use std::collections::BTreeSet;
use std::error::Error;
use std::path::PathBuf;
use std::sync::Arc;

use crossbeam_channel::{Receiver, Sender, select};
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
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
    ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
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
        published: BTreeSet::new(),
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
    jobs: Sender<(u64, project::Inputs)>,
    /// The number of the newest change; a check of an older one is not published.
    generation: u64,
    latest: Option<Arc<Analysis>>,
    /// The documents that hold diagnostics now, to clear those that no longer have any.
    published: BTreeSet<PathBuf>,
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
        let watchers = ["**/*.yaml", "**/*.yml", "**/*.txt"]
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
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let p: lsp_types::DidOpenTextDocumentParams = serde_json::from_value(n.params)?;
                if let Some(path) = path_of(&p.text_document.uri) {
                    self.project.open(path, p.text_document.text);
                    self.recheck()?;
                }
            }
            DidChangeTextDocument::METHOD => {
                let p: lsp_types::DidChangeTextDocumentParams =
                    serde_json::from_value(n.params)?;
                // Full sync: the last change holds the whole text.
                if let (Some(path), Some(change)) =
                    (path_of(&p.text_document.uri), p.content_changes.into_iter().last())
                {
                    self.project.open(path, change.text);
                    self.recheck()?;
                }
            }
            DidSaveTextDocument::METHOD => {
                let p: lsp_types::DidSaveTextDocumentParams = serde_json::from_value(n.params)?;
                if let Some(path) = path_of(&p.text_document.uri) {
                    // A save may have created the file: look for the inputs again.
                    self.project.changed_on_disk(&path);
                    self.recheck()?;
                }
            }
            DidCloseTextDocument::METHOD => {
                let p: lsp_types::DidCloseTextDocumentParams = serde_json::from_value(n.params)?;
                if let Some(path) = path_of(&p.text_document.uri) {
                    self.project.close(&path);
                    self.recheck()?;
                }
            }
            DidChangeWatchedFiles::METHOD => {
                let p: lsp_types::DidChangeWatchedFilesParams = serde_json::from_value(n.params)?;
                for change in &p.changes {
                    if let Some(path) = path_of(&change.uri) {
                        self.project.changed_on_disk(&path);
                    }
                }
                self.recheck()?;
            }
            _ => {}
        }
        Ok(())
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
        let ws = analysis.ws();
        let log = LogMessageParams {
            typ: MessageType::LOG,
            message: format!(
                "crosscheck: checked {} files, {} claims in {} ms: {} findings, {} load errors",
                ws.files.len(),
                ws.claims.len(),
                analysis.took.as_millis(),
                analysis.report.findings.len(),
                analysis.loaded.errors.len(),
            ),
        };
        self.notify::<LogMessage>(log)?;
        let mut now = diagnostics::diagnostics(&analysis, self.docs.as_deref());
        // Documents whose diagnostics are gone are cleared.
        for gone in self.published.difference(&now.keys().cloned().collect()) {
            now.entry(gone.clone()).or_default();
        }
        self.published = now
            .iter()
            .filter(|(_, d)| !d.is_empty())
            .map(|(p, _)| p.clone())
            .collect();
        for (path, diagnostics) in now {
            if let Some(uri) = uri_of(&path) {
                self.notify::<PublishDiagnostics>(PublishDiagnosticsParams {
                    uri,
                    diagnostics,
                    version: None,
                })?;
            }
        }
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
        let result = match (&self.latest, req.method.as_str()) {
            (None, _) => Value::Null,
            (Some(a), HoverRequest::METHOD) => {
                let p = serde_json::from_value(req.params)?;
                serde_json::to_value(features::hover(a, &p))?
            }
            (Some(a), Completion::METHOD) => {
                let p = serde_json::from_value(req.params)?;
                serde_json::to_value(features::completion(a, &self.project, &p))?
            }
            (Some(a), GotoDefinition::METHOD) => {
                let p = serde_json::from_value(req.params)?;
                serde_json::to_value(features::definition(a, &p))?
            }
            (Some(a), DocumentSymbolRequest::METHOD) => {
                let p = serde_json::from_value(req.params)?;
                serde_json::to_value(features::symbols(a, &p))?
            }
            (Some(a), CodeActionRequest::METHOD) => {
                let p = serde_json::from_value(req.params)?;
                serde_json::to_value(fixes::code_actions(a, &p))?
            }
            (Some(_), method) => {
                let resp = Response::new_err(
                    id,
                    lsp_server::ErrorCode::MethodNotFound as i32,
                    format!("crosscheck does not answer {method}"),
                );
                self.connection.sender.send(resp.into())?;
                return Ok(());
            }
        };
        self.connection
            .sender
            .send(Response::new_ok(id, result).into())?;
        Ok(())
    }
}

/// The path of a document the editor names, as the analysis names its file.
fn document_path(uri: &Uri) -> Option<String> {
    path_of(uri).map(|p| p.display().to_string())
}
