//! Writes a synthetic claims archive for benchmarks and profiling:
//!
//! ```text
//! cargo run --release --example gen_corpus -- --sources 2000 --claims-per-source 50 --out /tmp/corpus
//! crosscheck check --timings /tmp/corpus
//! ```
//!
//! The same seed always writes the same files. See `benches/support/corpus.rs` for what the
//! corpus holds.

#[path = "../benches/support/corpus.rs"]
mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

#[derive(Parser)]
#[command(about = "Writes N sources x M claims, a registry, properties and rules")]
struct Args {
    /// Number of sources (one claims file each).
    #[arg(long)]
    sources: usize,
    /// Claims per source.
    #[arg(long, default_value_t = 50)]
    claims_per_source: usize,
    /// Folder to write; created if missing.
    #[arg(long)]
    out: PathBuf,
    /// Seed of the generator.
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Share of claims, in thousandths, with a planted wrong value.
    #[arg(long, default_value_t = 20)]
    conflicts_per_mille: u64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let cfg = corpus::Config {
        seed: args.seed,
        conflicts_per_mille: args.conflicts_per_mille,
        ..corpus::Config::new(args.sources, args.claims_per_source)
    };
    match corpus::generate(&cfg, &args.out) {
        Ok(s) => {
            eprintln!(
                "wrote {} files: {} claims, {} entities, {} bytes, in {}",
                s.files,
                s.claims,
                s.entities,
                s.bytes,
                args.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
