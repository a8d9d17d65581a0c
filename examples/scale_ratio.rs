//! The whole check of a corpus against parsing it alone, side by side in one process:
//! alternates the two `--runs` times and prints each time and the ratio of the medians.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --sources 20000 --out /tmp/corpus-1m
//! cargo run --release --example scale_ratio -- /tmp/corpus-1m --runs 3
//! ```

#[path = "../benches/support/corpus.rs"]
mod corpus;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::Parser;
use crosscheck::load::LoadOptions;
use crosscheck::project::load;
use crosscheck::render::{Output, human};

#[derive(Parser)]
struct Args {
    /// A corpus written by gen_corpus.
    dir: PathBuf,
    /// How many times to run each.
    #[arg(long, default_value_t = 3)]
    runs: usize,
}

/// Load, check and render the human report, as `crosscheck check` does.
fn full_check(dir: &std::path::Path) -> usize {
    let loaded = load(&[dir.to_path_buf()], &LoadOptions::default());
    let report = crosscheck::check::check(&loaded.workspace);
    let out = Output {
        workspace: &loaded.workspace,
        report: &report,
        load_errors: &loaded.errors,
    };
    let style = human::Style {
        color: false,
        width: 100,
        infos: true,
    };
    human::render(&out, style).len()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let args = Args::parse();
    let (mut parse, mut check) = (Vec::new(), Vec::new());
    for run in 1..=args.runs {
        let t = Instant::now();
        let files = corpus::parse_only(&args.dir);
        parse.push(t.elapsed());
        let t = Instant::now();
        let bytes = full_check(&args.dir);
        check.push(t.elapsed());
        println!(
            "run {run}: parse {:.2} s ({files} files), check {:.2} s ({bytes} bytes of report)",
            parse[run - 1].as_secs_f64(),
            check[run - 1].as_secs_f64()
        );
    }
    let (p, c) = (median(parse), median(check));
    println!(
        "median: parse {:.2} s, check {:.2} s, ratio {:.2}",
        p.as_secs_f64(),
        c.as_secs_f64(),
        c.as_secs_f64() / p.as_secs_f64()
    );
}
