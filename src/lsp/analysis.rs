//! One check of the project, run off the editor's thread: the latest inputs win.
//!
//! A check cannot be stopped half-way, so newer changes are handled by coalescing and
//! dropping: one check runs at a time; the changes that arrive meanwhile are queued, and
//! when the check ends only the newest of them is checked next; a result that is already
//! older than the editor's text when it ends is not published.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender};

use crate::check::{Report, check};
use crate::load::Loaded;
use crate::model::{ClaimIdx, Entity, Workspace};
use crate::project::load_bytes;
use crate::resolve::Resolution;
use crate::span::{FileId, SourceFile};

use super::project::Inputs;

/// The project as one check saw it: what loaded, what the rules found.
pub struct Analysis {
    /// Which change of the editor's it reflects; a newer change has a higher number.
    pub generation: u64,
    pub loaded: Loaded,
    pub report: Report,
    /// How long loading and checking took.
    pub took: Duration,
    files: HashMap<String, FileId>,
}

impl Analysis {
    pub fn run(generation: u64, inputs: Inputs) -> Self {
        let started = Instant::now();
        let given: Vec<(&str, &[u8])> = inputs
            .files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_bytes()))
            .collect();
        let mut loaded = load_bytes(&given, &inputs.opts);
        inputs.settings.apply(&mut loaded.workspace);
        loaded.errors.extend(inputs.errors);
        let mut report = check(&loaded.workspace);
        loaded.errors.append(&mut report.budget_errors);
        let ws = &loaded.workspace;
        let files = (0..ws.files.len() as u32)
            .map(|i| (ws.files.path(FileId(i)).to_string(), FileId(i)))
            .collect();
        Self {
            generation,
            took: started.elapsed(),
            loaded,
            report,
            files,
        }
    }

    pub fn ws(&self) -> &Workspace {
        &self.loaded.workspace
    }

    /// The loaded file at a path.
    pub fn file(&self, path: &str) -> Option<(FileId, &SourceFile)> {
        let id = *self.files.get(path)?;
        Some((id, self.ws().files.get(id)))
    }

    /// How every mention resolved, as the check resolved them.
    pub fn names(&self) -> &Resolution {
        &self.report.analysis.names
    }

    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.ws().entities.iter().find(|e| e.id == id)
    }

    /// The registry entry a claim's subject resolved to.
    pub fn subject_entity(&self, claim: ClaimIdx) -> Option<&Entity> {
        self.entity(self.report.analysis.names.subject_keys.get(claim)?)
    }

    /// The registry entry an entity value of a claim resolved to.
    pub fn value_entity(&self, claim: ClaimIdx) -> Option<&Entity> {
        let c = &self.ws().claims[claim];
        let subject = self.report.analysis.names.subject_keys.get(claim)?;
        let key = self
            .names()
            .value_key(subject, &c.property.value, c.written.trim());
        self.entity(&key)
    }
}

/// A check to run: the number of the change it reflects, and the inputs as they are then.
pub type Job = (u64, Inputs);

/// Starts the thread that checks: it takes (generation, inputs) jobs, checks the newest one
/// queued, and sends back each analysis.
pub fn spawn_checker(done: Sender<Analysis>) -> std::io::Result<Sender<Job>> {
    let (jobs, queue): (Sender<Job>, Receiver<Job>) = crossbeam_channel::unbounded();
    std::thread::Builder::new()
        .name("crosscheck-lsp-check".into())
        .spawn(move || {
            while let Ok(mut job) = queue.recv() {
                while let Ok(newer) = queue.try_recv() {
                    job = newer;
                }
                if done.send(Analysis::run(job.0, job.1)).is_err() {
                    break;
                }
            }
        })?;
    Ok(jobs)
}
