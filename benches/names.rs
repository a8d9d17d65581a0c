//! Name matching without comparing all pairs: clustering n distinct spellings (a tenth of them
//! near misses of another), as the names pass does for unregistered names, at 10k, 100k and
//! 1M (with `CROSSCHECK_BENCH_1M=1`). Without blocking the work would grow 100 times for 10 times the names.
//!
//! ```text
//! cargo bench --bench names
//! ```

#[path = "support/corpus.rs"]
mod corpus;

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use crosscheck::names::{DEFAULT_MIN_SIMILARITY, Match, NameIndex};

/// Each spelling is held against the canonical ones so far and becomes one if it matches none.
fn cluster(names: &[String]) -> usize {
    let mut index: NameIndex<usize> = NameIndex::new(DEFAULT_MIN_SIMILARITY);
    let mut variants = 0;
    for (i, n) in names.iter().enumerate() {
        match index.find(n) {
            Match::Variant { .. } => variants += 1,
            _ => index.add(n, i),
        }
    }
    variants
}

fn names(c: &mut Criterion) {
    let mut group = c.benchmark_group("names");
    let mut sizes = vec![10_000, 100_000];
    if std::env::var_os("CROSSCHECK_BENCH_1M").is_some() {
        sizes.push(1_000_000);
    }
    for n in sizes {
        let names = corpus::distinct_names(n, 7);
        group.sample_size(10);
        group.measurement_time(Duration::from_secs(if n >= 1_000_000 { 120 } else { 20 }));
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("cluster", n), &names, |b, names| {
            b.iter(|| cluster(names))
        });
    }
    group.finish();
}

criterion_group!(benches, names);
criterion_main!(benches);
