//! The command line: parse arguments, call the library, print, map the result to an exit code.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand, ValueEnum};

use crosscheck::check::{Report, check};
use crosscheck::error::did_you_mean;
use crosscheck::load::{DEFAULT_MAX_FILE_SIZE, LoadOptions, Loaded, load, schema};
use crosscheck::model::Severity;
use crosscheck::render::{self, Output, human};
use crosscheck::value::date::Period;
use crosscheck::value::parse_date;
use crosscheck::value::relative::UNDERSTOOD_FORMS;
use crosscheck::write::write_atomically;
use crosscheck::{casetest, explain};

#[derive(Parser)]
#[command(
    name = "crosscheck",
    version,
    about = "Checks the claims articles make against each other, a registry and rules"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check claims against each other, the registry and the rules.
    Check(CheckArgs),
    /// Write a discrepancy report for editors: summary, findings, fact matrix, timeline, outlets, gaps.
    Report {
        #[command(flatten)]
        inputs: Inputs,
        /// Report format.
        #[arg(long, value_enum, default_value = "markdown")]
        format: ReportFormat,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
        /// Print the wall time of each phase to standard error.
        #[arg(long)]
        timings: bool,
    },
    /// Run rule test cases: folders of claims and rules with an expect.yaml (default: cases/).
    Test {
        /// A folder of cases, or one case.
        #[arg(default_value = "cases")]
        dir: PathBuf,
    },
    /// Record the current findings as accepted, for `check --baseline`.
    Baseline {
        #[command(flatten)]
        inputs: Inputs,
        /// The baseline file to write.
        #[arg(short, long)]
        output: PathBuf,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Explain a rule kind, a finding code, or a configured rule.
    Explain {
        /// A kind (`agree`), a code (`name-variant`) or a rule id from the rules files.
        name: String,
        #[command(flatten)]
        inputs: Inputs,
    },
    /// List the rule kinds and the configured rules with their severities.
    Rules {
        #[command(flatten)]
        inputs: Inputs,
    },
    /// Print the JSON Schema of a file kind, for editors' YAML language servers.
    Schema {
        /// claims, entities, properties or rules.
        #[arg(value_parser = clap::builder::PossibleValuesParser::new(schema::FILE_KINDS))]
        kind: String,
    },
    /// Show what a date phrase resolves to, e.g. `when "Christmas Eve six years ago" --anchor 2023-12-06`.
    When {
        /// The phrase, as an article writes it.
        expr: String,
        /// The date it is read from (YYYY-MM-DD, or YYYY-MM / YYYY).
        #[arg(long)]
        anchor: String,
    },
}

#[derive(clap::Args)]
struct Inputs {
    /// Files or directories to read (default: claims/ and rules/).
    paths: Vec<PathBuf>,
    /// Largest input file read, in bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_FILE_SIZE)]
    max_file_size: u64,
}

impl Inputs {
    fn load(&self) -> Loaded {
        let paths = if self.paths.is_empty() {
            vec![PathBuf::from("claims"), PathBuf::from("rules")]
        } else {
            self.paths.clone()
        };
        load(
            &paths,
            &LoadOptions {
                max_file_size: self.max_file_size,
            },
        )
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
    Sarif,
    Junit,
    Github,
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Markdown,
    Html,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(clap::Args)]
struct CheckArgs {
    #[command(flatten)]
    inputs: Inputs,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Exit with 1 when a finding has at least this severity.
    #[arg(long, value_enum, default_value = "error")]
    fail_on: FailOn,
    /// Leave out the findings this baseline file accepts.
    #[arg(long)]
    baseline: Option<PathBuf>,
    /// Print only the summary line.
    #[arg(long, short)]
    quiet: bool,
    /// Colours in human output.
    #[arg(long, value_enum, default_value = "auto")]
    color: Color,
    /// Width to wrap human output at.
    #[arg(long, default_value_t = 100)]
    width: usize,
    /// Print the wall time of each phase to standard error.
    #[arg(long)]
    timings: bool,
}

fn print(text: &str) {
    // A closed pipe (`crosscheck check | head`) is not an error worth a panic.
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

fn exit_code(loaded: &Loaded, report: &Report, threshold: Severity) -> ExitCode {
    if !loaded.errors.is_empty() {
        ExitCode::from(2)
    } else if report
        .findings
        .iter()
        .any(|f| f.severity.at_least(threshold))
    {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The `--timings` table: loading, checking and rendering phases, on standard error.
fn print_timings(loaded: &Loaded, report: &Report, render: Duration) {
    let mut t = loaded.timings.clone();
    t.extend(&report.timings);
    t.add("render", render);
    let _ = std::io::stderr().lock().write_all(t.render().as_bytes());
}

fn run_check(args: CheckArgs) -> ExitCode {
    let mut loaded = args.inputs.load();
    let mut report = check(&loaded.workspace);
    if let Some(path) = &args.baseline {
        match crosscheck::baseline::read(path) {
            Ok(entries) => report.apply_baseline(&entries),
            Err(errors) => loaded.errors.extend(errors),
        }
    }
    let out = Output {
        workspace: &loaded.workspace,
        report: &report,
        load_errors: &loaded.errors,
    };
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let started = Instant::now();
    let text = match (args.quiet, args.format) {
        (true, _) => format!("{}\n", human::summary_line(&out)),
        (false, Format::Human) => human::render(
            &out,
            human::Style {
                color,
                width: args.width,
            },
        ),
        (false, Format::Json) => render::json::render(&out),
        (false, Format::Sarif) => render::sarif::render(&out),
        (false, Format::Junit) => render::junit::render(&out),
        (false, Format::Github) => render::github::render(&out),
    };
    print(&text);
    if args.timings {
        print_timings(&loaded, &report, started.elapsed());
    }
    let threshold = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    };
    exit_code(&loaded, &report, threshold)
}

/// Writes a generated file, or says why not; load errors stop it (exit 2).
fn write_output(loaded: &Loaded, path: &Path, contents: &str, force: bool) -> ExitCode {
    if !loaded.errors.is_empty() {
        let out = Output {
            workspace: &loaded.workspace,
            report: &check(&loaded.workspace),
            load_errors: &loaded.errors,
        };
        print(&human::render(
            &out,
            human::Style {
                color: false,
                width: 100,
            },
        ));
        eprintln!(
            "error: {} not written: the inputs have load errors",
            path.display()
        );
        return ExitCode::from(2);
    }
    match write_atomically(path, contents.as_bytes(), force) {
        Ok(()) => {
            eprintln!("wrote {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run_report(
    inputs: &Inputs,
    format: ReportFormat,
    output: Option<&Path>,
    force: bool,
    timings: bool,
) -> ExitCode {
    let loaded = inputs.load();
    let report = check(&loaded.workspace);
    let out = Output {
        workspace: &loaded.workspace,
        report: &report,
        load_errors: &loaded.errors,
    };
    let started = Instant::now();
    let text = match format {
        ReportFormat::Markdown => render::markdown::render(&out),
        ReportFormat::Html => render::html::render(&out),
    };
    if timings {
        print_timings(&loaded, &report, started.elapsed());
    }
    match output {
        Some(path) => write_output(&loaded, path, &text, force),
        None => {
            print(&text);
            if loaded.errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            }
        }
    }
}

fn run_baseline(inputs: &Inputs, output: &Path, force: bool) -> ExitCode {
    let loaded = inputs.load();
    let report = check(&loaded.workspace);
    write_output(
        &loaded,
        output,
        &crosscheck::baseline::write(&report.findings),
        force,
    )
}

fn run_when(expr: &str, anchor: &str) -> ExitCode {
    let anchor = match Period::parse_absolute(anchor) {
        Ok(Some(p)) => p,
        Ok(None) => {
            eprintln!(
                "error: --anchor `{anchor}` is not a date\n  help: write YYYY-MM-DD, YYYY-MM or YYYY"
            );
            return ExitCode::from(2);
        }
        Err(why) => {
            eprintln!("error: --anchor `{anchor}` is not a date: {why}");
            return ExitCode::from(2);
        }
    };
    match parse_date(expr, Some(anchor)) {
        Ok(date) => {
            print(&render::json::period(&date.period));
            ExitCode::SUCCESS
        }
        Err(why) => {
            eprintln!(
                "error: cannot resolve `{expr}` from {anchor}: {why}\n  help: {UNDERSTOOD_FORMS}"
            );
            ExitCode::from(2)
        }
    }
}

fn run_explain(name: &str, inputs: &Inputs) -> ExitCode {
    // Kinds and codes need no inputs; rule ids come from whatever loads.
    let ws = inputs.load().workspace;
    match explain::explain(name, &ws) {
        Some(page) => {
            print(&page);
            ExitCode::SUCCESS
        }
        None => {
            let hint = did_you_mean(name, explain::known_names(&ws))
                .unwrap_or_else(|| "`crosscheck rules` lists the kinds and rules".into());
            eprintln!(
                "error: `{name}` is not a rule kind, finding code or configured rule\n  help: {hint}"
            );
            ExitCode::from(2)
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Check(args) => run_check(args),
        Command::Report {
            inputs,
            format,
            output,
            force,
            timings,
        } => run_report(&inputs, format, output.as_deref(), force, timings),
        Command::Test { dir } => {
            let results = casetest::run_all(&dir);
            print(&casetest::render(&results));
            if results.is_empty() {
                ExitCode::from(2)
            } else if results.iter().all(|r| r.passed()) {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Command::Baseline {
            inputs,
            output,
            force,
        } => run_baseline(&inputs, &output, force),
        Command::When { expr, anchor } => run_when(&expr, &anchor),
        Command::Explain { name, inputs } => run_explain(&name, &inputs),
        Command::Schema { kind } => match schema::schema(&kind) {
            Some(s) => {
                print(&format!(
                    "{}\n",
                    serde_json::to_string_pretty(&s).unwrap_or_default()
                ));
                ExitCode::SUCCESS
            }
            None => ExitCode::from(2),
        },
        Command::Rules { inputs } => {
            print(&explain::rules_table(&inputs.load().workspace));
            ExitCode::SUCCESS
        }
    }
}
