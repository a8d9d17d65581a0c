//! The whole check against parsing alone, on a generated archive of 10k and 100k claims
//! (and 1M with `CROSSCHECK_BENCH_1M=1`): 50 claims a source, so 200, 2,000 and 20,000 files.
//!
//! ```text
//! cargo bench --bench scale
//! CROSSCHECK_BENCH_1M=1 cargo bench --bench scale -- 1000000
//! ```
//!
//! `parse` finds, reads and parses the files with the loader's parser on every core and does
//! nothing else; `check` loads, validates, checks and renders the human report. Their ratio is
//! the cost of everything crosscheck adds to parsing.

#[path = "support/corpus.rs"]
mod corpus;

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use crosscheck::load::LoadOptions;
use crosscheck::project::load;
use crosscheck::render::{Output, human};

fn full_check(dir: &std::path::Path) -> usize {
    // The corpus is in a temporary folder: it is the project root.
    let opts = LoadOptions {
        root: Some(dir.to_path_buf()),
        ..LoadOptions::default()
    };
    let loaded = load(&[dir.to_path_buf()], &opts);
    assert!(loaded.errors.is_empty(), "the corpus loads cleanly");
    let report = crosscheck::check::check(&loaded.workspace);
    let out = Output {
        workspace: &loaded.workspace,
        report: &report,
        load_errors: &loaded.errors,
    };
    human::render(
        &out,
        human::Style {
            color: false,
            width: 100,
            infos: true,
        },
    )
    .len()
}

fn scale(c: &mut Criterion) {
    let mut sizes = vec![(200, 10), (2_000, 10)];
    if std::env::var_os("CROSSCHECK_BENCH_1M").is_some() {
        sizes.push((20_000, 10));
    }
    let mut group = c.benchmark_group("scale");
    for (sources, samples) in sizes {
        let dir = corpus::cached(sources, 50);
        let claims = sources * 50;
        group.sample_size(samples);
        group.measurement_time(Duration::from_secs(if claims > 100_000 { 300 } else { 20 }));
        group.throughput(Throughput::Elements(claims as u64));
        group.bench_with_input(BenchmarkId::new("parse", claims), &dir, |b, dir| {
            b.iter(|| corpus::parse_only(dir))
        });
        group.bench_with_input(BenchmarkId::new("check", claims), &dir, |b, dir| {
            b.iter(|| full_check(dir))
        });
    }
    group.finish();
}

criterion_group!(benches, scale);
criterion_main!(benches);
