//! The command line: parse arguments, call the library, print, map the result to an exit code.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand, ValueEnum};

use crosscheck::baseline::Reasons;
use crosscheck::check::{Report, check};
use crosscheck::error::did_you_mean;
use crosscheck::language::Language;
use crosscheck::load::{
    DEFAULT_MAX_FILE_SIZE, LARGEST_FILE_SIZE, LoadOptions, Loaded, Root, load, schema,
};
use crosscheck::model::Severity;
use crosscheck::render::{self, Output, human};
use crosscheck::text_safety::{visible, visible_line};
use crosscheck::value::date::Period;
use crosscheck::value::relative::UNDERSTOOD_FORMS;
use crosscheck::value::{DateReading, parse_date};
use crosscheck::write::write_atomically;
use crosscheck::{casetest, explain, extract};

// glibc's allocator spent a sixth of a large check in malloc and free across the rayon workers.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        #[command(flatten)]
        baseline: BaselineArgs,
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
    /// Explain a rule kind, a finding code, a configured rule, or `precedence`.
    Explain {
        /// A kind (`agree`), a code (`name-variant`), a rule id from the rules files, or
        /// `precedence` (which finding speaks when several could report one mistake).
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
    /// Draft a claims file from an article's text: ages, lengths of time, dates, counts,
    /// money and registered names, each with its sentence as the quote.
    Extract(ExtractArgs),
    /// Show what a date phrase resolves to, e.g. `when "Christmas Eve six years ago" --anchor 2023-12-06`.
    When {
        /// The phrase, as an article writes it.
        expr: String,
        /// The date it is read from (YYYY-MM-DD, or YYYY-MM / YYYY).
        #[arg(long)]
        anchor: String,
        /// The language it is written in, as a source's `language:` (BCP 47, `en` by default).
        #[arg(long, default_value = "en")]
        language: String,
        /// Read it as a property with `future: true` does: forms that may point either way
        /// point forward.
        #[arg(long)]
        future: bool,
    },
}

#[derive(clap::Args)]
struct ExtractArgs {
    /// The article, as plain text.
    article: PathBuf,
    /// The article's publication date (YYYY-MM-DD, or YYYY-MM / YYYY); relative dates are read from it.
    #[arg(long)]
    published: String,
    /// The outlet that published it (default: TODO).
    #[arg(long)]
    outlet: Option<String>,
    /// The source id (default: the article's file name without its extension).
    #[arg(long)]
    id: Option<String>,
    /// Write the draft to this file instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    force: bool,
    /// The registry and properties to read names and property types from (default: claims/ and rules/).
    #[arg(long = "registry")]
    registry: Vec<PathBuf>,
    /// A hand-written claims file of the same article: print to stderr how many of its claims
    /// the draft proposes (value and quote).
    #[arg(long)]
    compare: Option<PathBuf>,
    /// Largest input file read, and largest draft written, in bytes (at most 4 GiB - 1).
    #[arg(long, default_value_t = DEFAULT_MAX_FILE_SIZE, value_parser = clap::value_parser!(u64).range(..=LARGEST_FILE_SIZE))]
    max_file_size: u64,
    /// The project root: the article, registry and --compare file must lie inside it.
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

#[derive(clap::Args)]
struct Inputs {
    /// Files or directories to read (default: claims/ and rules/).
    paths: Vec<PathBuf>,
    /// Largest input file read, in bytes (at most 4 GiB - 1).
    #[arg(long, default_value_t = DEFAULT_MAX_FILE_SIZE, value_parser = clap::value_parser!(u64).range(..=LARGEST_FILE_SIZE))]
    max_file_size: u64,
    /// The project root: no input, article or baseline is read from outside it.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// A folder of article texts named `<source-id>.txt`, for the quote checks of sources
    /// without `text:`.
    #[arg(long)]
    articles: Option<PathBuf>,
}

impl Inputs {
    fn options(&self) -> LoadOptions {
        LoadOptions {
            max_file_size: self.max_file_size,
            root: Some(self.root.clone()),
            articles: self.articles.clone(),
        }
    }

    fn load(&self) -> Loaded {
        let paths = if self.paths.is_empty() {
            vec![PathBuf::from("claims"), PathBuf::from("rules")]
        } else {
            self.paths.clone()
        };
        load(&paths, &self.options())
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
    /// JSON Lines: one finding per line.
    Jsonl,
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

#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum Show {
    Infos,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(clap::Args)]
struct BaselineArgs {
    /// Report the findings this baseline file accepts apart from the new ones.
    #[arg(long)]
    baseline: Option<PathBuf>,
    /// Accept baseline entries whose `reason:` is empty or a placeholder (while bootstrapping).
    #[arg(long, requires = "baseline")]
    allow_empty_reasons: bool,
}

impl BaselineArgs {
    /// Sets aside the findings the baseline accepts; a baseline that does not load is a load
    /// error like any input's.
    fn apply(&self, inputs: &Inputs, loaded: &mut Loaded, report: &mut Report) {
        let opts = inputs.options();
        // A root that is no directory is already a load error.
        let (Some(path), Ok(root)) = (&self.baseline, opts.project_root()) else {
            return;
        };
        let reasons = if self.allow_empty_reasons {
            Reasons::Optional
        } else {
            Reasons::Required
        };
        match crosscheck::baseline::read(path, &root, &opts, reasons) {
            Ok(entries) => report.apply_baseline(&entries),
            Err(errors) => loaded.errors.extend(errors),
        }
    }
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
    #[command(flatten)]
    baseline: BaselineArgs,
    /// Print only the load errors, if any, and the summary line.
    #[arg(long, short)]
    quiet: bool,
    /// Also draw these findings in human output (infos are otherwise counted in one line;
    /// `--fail-on info` draws them too).
    #[arg(long, value_enum, value_delimiter = ',')]
    show: Vec<Show>,
    /// With `--format github`: annotate a finding involving several files at its claim in a
    /// file changed since this git revision (`git diff --name-only REF`).
    #[arg(long, value_name = "REF")]
    changed_from: Option<String>,
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

/// Checks what loaded; a budget of the run that ran out is an input error like a load error.
fn check_loaded(loaded: &mut Loaded) -> Report {
    let mut report = check(&loaded.workspace);
    loaded.errors.append(&mut report.budget_errors);
    report
}

fn run_check(args: CheckArgs) -> ExitCode {
    let mut loaded = args.inputs.load();
    let mut report = check_loaded(&mut loaded);
    args.baseline.apply(&args.inputs, &mut loaded, &mut report);
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
    let style = human::Style {
        color,
        width: args.width,
        infos: args.show.contains(&Show::Infos) || matches!(args.fail_on, FailOn::Info),
    };
    let started = Instant::now();
    let whole = match (args.quiet, args.format) {
        (true, _) => Some(human::quiet(&out, style)),
        // Written as drawn, so that a large report is never held whole.
        (false, Format::Human) => None,
        (false, Format::Json) => Some(render::json::render(&out)),
        (false, Format::Jsonl) => Some(render::json::render_lines(&out)),
        (false, Format::Sarif) => Some(render::sarif::render(&out)),
        (false, Format::Junit) => Some(render::junit::render(&out)),
        (false, Format::Github) => {
            let changed = match args.changed_from.as_deref().map(changed_files) {
                None => Default::default(),
                Some(Ok(files)) => files,
                Some(Err(why)) => {
                    eprintln!("error: --changed-from: {why}");
                    return ExitCode::from(2);
                }
            };
            write_job_summary(&out);
            Some(render::github::render_for_changes(&out, &changed))
        }
    };
    match whole {
        Some(text) => print(&text),
        None => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            // A closed pipe (`crosscheck check | head`) is not an error worth a word.
            let _ = human::write(&out, style, &mut stdout).and_then(|()| stdout.flush());
        }
    }
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

/// The files changed since a git revision, relative to the working directory as crosscheck
/// names them. git runs with arguments, never through a shell; `--` ends its options.
fn changed_files(rev: &str) -> Result<std::collections::BTreeSet<String>, String> {
    if rev.starts_with('-') {
        return Err(format!("`{}` is not a git revision", visible_line(rev)));
    }
    let out = std::process::Command::new("git")
        .args(["diff", "--name-only", "--relative", "-z", rev, "--"])
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git diff {} failed: {}",
            visible_line(rev),
            visible(String::from_utf8_lossy(&out.stderr).trim())
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .split('\0')
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect())
}

/// On a GitHub runner, appends the Markdown report to the job summary, so that the findings
/// GitHub does not annotate are still listed. The path is the runner's (trusted) environment.
fn write_job_summary(out: &Output) {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return;
    };
    let written = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&path)
        .and_then(|mut f| f.write_all(render::markdown::render(out).as_bytes()));
    if let Err(e) = written {
        eprintln!("warning: job summary not written: {e}");
    }
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
                infos: false,
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
    baseline: &BaselineArgs,
    timings: bool,
) -> ExitCode {
    let mut loaded = inputs.load();
    let mut report = check_loaded(&mut loaded);
    baseline.apply(inputs, &mut loaded, &mut report);
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
    let mut loaded = inputs.load();
    let report = check_loaded(&mut loaded);
    match crosscheck::baseline::write(&report.findings) {
        Ok(body) => {
            let code = write_output(&loaded, output, &body, force);
            if code == ExitCode::SUCCESS {
                eprintln!(
                    "{} findings accepted with `reason: {}`: replace each with why it stands; \
                     `check --baseline` refuses placeholder reasons unless given --allow-empty-reasons",
                    report.findings.len(),
                    crosscheck::baseline::PLACEHOLDER_REASON
                );
            }
            code
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// A date given on the command line, or the message that says why it is not one.
fn date_arg(flag: &str, text: &str) -> Result<Period, ExitCode> {
    match Period::parse_absolute(text) {
        Ok(Some(p)) => Ok(p),
        Ok(None) => {
            eprintln!(
                "error: {flag} `{text}` is not a date\n  help: write YYYY-MM-DD, YYYY-MM or YYYY"
            );
            Err(ExitCode::from(2))
        }
        Err(why) => {
            eprintln!("error: {flag} `{text}` is not a date: {why}");
            Err(ExitCode::from(2))
        }
    }
}

fn run_extract(args: &ExtractArgs) -> ExitCode {
    let published = match date_arg("--published", &args.published) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let opts = LoadOptions {
        max_file_size: args.max_file_size,
        root: Some(args.root.clone()),
        articles: None,
    };
    let mut paths = if args.registry.is_empty() {
        vec![PathBuf::from("claims"), PathBuf::from("rules")]
    } else {
        args.registry.clone()
    };
    paths.extend(args.compare.iter().cloned());
    let loaded = load(&paths, &opts);
    if !loaded.errors.is_empty() {
        print_load_errors(&loaded);
        eprintln!(
            "error: the registry, properties or --compare file have load errors\n  help: extract reads names and property types from claims/ and rules/; name other files with --registry PATH"
        );
        return ExitCode::from(2);
    }
    // The registry loaded, so the root is a directory.
    let Ok(root) = opts.project_root() else {
        return ExitCode::from(2);
    };
    let text = match crosscheck::load::read_file(&args.article, &root, &opts) {
        Ok(t) => t,
        Err(e) => {
            let help = e.help.as_deref().unwrap_or_default();
            eprintln!("error: {e}\n  help: {help}");
            return ExitCode::from(2);
        }
    };
    let id = args
        .id
        .clone()
        .unwrap_or_else(|| extract::id_from_file_name(&args.article));
    let candidates = extract::extract(&text, published, &loaded.workspace);
    let draft = extract::Draft {
        id: id.clone(),
        outlet: args.outlet.clone(),
        published,
        text: args
            .output
            .as_deref()
            .and_then(|o| article_path_from(&root, o, &args.article)),
    };
    let name = args.article.display().to_string();
    let yaml = match extract::to_yaml(&draft, &name, &candidates) {
        Ok(yaml) => yaml,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    // A draft too large to load as a claims file would help no one.
    if yaml.len() as u64 > opts.file_size_limit() {
        eprintln!(
            "error: the draft of {name} would be {} bytes, over the limit of {} bytes for a claims file; nothing written\n  help: split the article, or raise the limit with --max-file-size",
            yaml.len(),
            opts.file_size_limit()
        );
        return ExitCode::from(2);
    }
    if let Some(compare) = &args.compare {
        let source = loaded
            .workspace
            .sources
            .iter()
            .find(|s| loaded.workspace.files.path(s.span.file) == compare.display().to_string())
            .map(|s| s.id.clone());
        let Some(source) = source else {
            eprintln!("error: {} holds no source", compare.display());
            return ExitCode::from(2);
        };
        let r = extract::recall(&loaded.workspace, &source, &candidates);
        eprintln!(
            "recall: the draft proposes {} of the {} claims of {} ({}%)",
            r.proposed,
            r.total,
            visible_line(&source),
            (r.proposed * 100).checked_div(r.total).unwrap_or(0)
        );
        for (claim, value) in &r.missed {
            eprintln!(
                "  not proposed: {} ({})",
                visible_line(claim),
                visible_line(value)
            );
        }
    }
    match &args.output {
        Some(path) => match write_atomically(path, yaml.as_bytes(), args.force) {
            Ok(()) => {
                eprintln!(
                    "wrote {} ({} candidate claims)",
                    path.display(),
                    candidates.len()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        },
        None => {
            print(&yaml);
            ExitCode::SUCCESS
        }
    }
}

/// The article's path as the drafted file's `text:` names it: relative to the draft, and
/// only where both lie inside the project root (where `text:` may lead).
fn article_path_from(root: &Root, output: &Path, article: &Path) -> Option<String> {
    let article = root.resolve(article).ok()?;
    let dir = output
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dir = root.resolve(dir).ok()?;
    pathdiff::diff_paths(&article, &dir).map(|p| p.display().to_string())
}

fn print_load_errors(loaded: &Loaded) {
    let out = Output {
        workspace: &loaded.workspace,
        report: &check(&loaded.workspace),
        load_errors: &loaded.errors,
    };
    let style = human::Style {
        color: false,
        width: 100,
        infos: false,
    };
    eprint!("{}", human::render(&out, style));
}

fn run_when(expr: &str, anchor: &str, language: &str, future: bool) -> ExitCode {
    let anchor = match date_arg("--anchor", anchor) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let language = match Language::parse(language) {
        Ok(l) => l,
        Err(why) => {
            eprintln!(
                "error: --language `{}` is not a language tag: {why}\n  help: write a BCP 47 tag such as en or es-PE",
                visible_line(language)
            );
            return ExitCode::from(2);
        }
    };
    let how = DateReading {
        future,
        language: Some(&language),
    };
    match parse_date(expr, Some(anchor), how) {
        Ok(date) => {
            print(&render::json::date(&date));
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
            // The hint may name a rule id from the inputs.
            eprintln!(
                "error: `{}` is not a rule kind, finding code or configured rule\n  help: {}",
                visible_line(name),
                visible(&hint)
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
            baseline,
            timings,
        } => run_report(
            &inputs,
            format,
            output.as_deref(),
            force,
            &baseline,
            timings,
        ),
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
        Command::When {
            expr,
            anchor,
            language,
            future,
        } => run_when(&expr, &anchor, &language, future),
        Command::Extract(args) => run_extract(&args),
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
