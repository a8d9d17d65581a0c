//! The latency of `crosscheck lsp` after a keystroke: from the editor sending the changed
//! text of a claims file to the server having published every diagnostic of the check of it,
//! on the generated archive of 1,000 claims (20 sources of 50), and of 100k claims with
//! `CROSSCHECK_BENCH_LSP_100K=1`. The server runs as the built binary, over stdio.
//!
//! ```text
//! cargo bench --bench lsp
//! CROSSCHECK_BENCH_LSP_100K=1 cargo bench --bench lsp
//! ```

#[path = "support/corpus.rs"]
mod corpus;
#[path = "../tests/common/lsp_client.rs"]
mod lsp_client;

use std::path::Path;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use lsp_client::Editor;

/// The generated archive, laid out as a project the server reads: the registry moved under
/// `claims/`, next to the sources.
fn project(sources: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    corpus::generate(&corpus::Config::new(sources, 50), dir.path()).expect("corpus written");
    std::fs::rename(
        dir.path().join("registry"),
        dir.path().join("claims/registry"),
    )
    .expect("registry moved");
    dir
}

/// Waits for the server's word that a check's diagnostics are all published.
fn published(editor: &mut Editor) {
    editor.wait_for("a published check", |m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.starts_with("crosscheck: published"))
    });
    editor.discard_unread();
}

fn keystroke(c: &mut Criterion) {
    let mut sizes = vec![(20, 20)];
    if std::env::var_os("CROSSCHECK_BENCH_LSP_100K").is_some() {
        sizes.push((2_000, 10));
    }
    let mut group = c.benchmark_group("lsp");
    for (sources, samples) in sizes {
        let dir = project(sources);
        let file = "claims/000/src-000000.yaml";
        let text = std::fs::read_to_string(dir.path().join(file)).expect("a source");
        let mut editor = Editor::start(Path::new(dir.path()));
        published(&mut editor);
        editor.open(file, &text);
        published(&mut editor);
        // Each keystroke adds a letter to a note at the end, or takes it away again: the
        // file's claims are read anew and the whole project is checked.
        let typed = [format!("{text}# note x\n"), format!("{text}# note \n")];
        let mut version = 1;
        group.sample_size(samples);
        group.measurement_time(Duration::from_secs(if sources > 100 { 120 } else { 20 }));
        group.bench_function(BenchmarkId::new("keystroke", sources * 50), |b| {
            b.iter(|| {
                version += 1;
                editor.change(file, version, &typed[version as usize % 2]);
                published(&mut editor);
            })
        });
        editor.stop();
    }
    group.finish();
}

criterion_group!(benches, keystroke);
criterion_main!(benches);
