//! The command line: parse arguments, call the library, print, map the result to an exit code.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use crosscheck::baseline::Reasons;
use crosscheck::check::{Report, check};
use crosscheck::config::{self, Config, FailOn, Flags, Format, Settings};
use crosscheck::error::did_you_mean;
use crosscheck::language::Language;
use crosscheck::load::schema::FILE_KINDS;
use crosscheck::load::{DEFAULT_MAX_FILE_SIZE, LARGEST_FILE_SIZE, LoadOptions, Loaded, Root};
use crosscheck::model::Severity;
use crosscheck::project::load;
use crosscheck::render::{self, Output, human};
use crosscheck::rules::compile;
use crosscheck::text_safety::{visible, visible_line};
use crosscheck::value::date::Period;
use crosscheck::value::relative::UNDERSTOOD_FORMS;
use crosscheck::value::{DateReading, parse_date};
use crosscheck::write::write_atomically;
use crosscheck::{casetest, explain, extract, terminal};

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
    /// Print the effective settings of `check` (crosscheck.toml, flags, defaults) and where
    /// each came from.
    Config(CheckArgs),
    /// Create a newsroom repository in DIR: crosscheck.toml, claims/ with an example, rules/,
    /// schemas/, a pre-commit hook and a GitHub workflow. Never replaces a file.
    Init {
        /// The folder to set up (created if missing).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
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
    /// Serve the checks to an editor: the Language Server Protocol over standard input and
    /// output (see docs/editors.md).
    Lsp,
    /// Write every validated claim as JSON Lines, with the subject it resolves to and its value
    /// in a comparable form, for a query engine (docs/formats.md, docs/performance.md).
    Claims {
        #[command(flatten)]
        inputs: Inputs,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// List the rule kinds and the configured rules with their severities.
    Rules {
        #[command(flatten)]
        inputs: Inputs,
    },
    /// Print the JSON Schema of a file kind, for editors' YAML language servers, or of
    /// `--format json`'s output; or write them all into a directory.
    Schema {
        /// claims, entities, properties, rules, or output (`check --format json`).
        #[arg(
            value_parser = clap::builder::PossibleValuesParser::new(
                FILE_KINDS.iter().chain([&OUTPUT_SCHEMA]).copied()
            ),
            required_unless_present = "write"
        )]
        kind: Option<String>,
        /// Write `KIND.schema.json` for every file kind, and `output.schema.json`, into this
        /// directory (`schemas/`).
        #[arg(long, value_name = "DIR", conflicts_with = "kind")]
        write: Option<PathBuf>,
    },
    /// Draft a claims file from an article's text: ages, lengths of time, dates, counts,
    /// money and registered names, each with its sentence as the quote.
    Extract(ExtractArgs),
    /// Print a shell's completion script, e.g. `crosscheck completions bash > /etc/bash_completion.d/crosscheck`.
    Completions {
        /// bash, elvish, fish, powershell or zsh.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `crosscheck man > crosscheck.1`.
    Man,
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
    #[arg(required_unless_present = "explain_cues")]
    article: Option<PathBuf>,
    /// The article's publication date (YYYY-MM-DD, or YYYY-MM / YYYY); relative dates are read from it.
    #[arg(long, required_unless_present = "explain_cues")]
    published: Option<String>,
    /// Claims to learn cues from (files or directories): the words next to each value in its
    /// quote become cues of its property.
    #[arg(long)]
    learn: Vec<PathBuf>,
    /// Print each property's cues, declared and learned, instead of drafting.
    #[arg(long)]
    explain_cues: bool,
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
    /// Leave out drafts whose confidence (0 to 1, written above each draft) is below this.
    #[arg(long, default_value_t = 0.0, value_parser = confidence_arg)]
    min_confidence: f64,
    /// Largest input file read, and largest draft written, in bytes (at most 4 GiB - 1).
    #[arg(long, default_value_t = DEFAULT_MAX_FILE_SIZE, value_parser = clap::value_parser!(u64).range(..=LARGEST_FILE_SIZE))]
    max_file_size: u64,
    /// The project root: the article, registry and --compare file must lie inside it.
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

/// The flags that say what to load; each overrides crosscheck.toml.
#[derive(clap::Args)]
struct Inputs {
    /// Files or directories to read (default: `paths` in crosscheck.toml, else claims/ and rules/).
    paths: Vec<PathBuf>,
    /// Largest input file read, in bytes (at most 4 GiB - 1; default 10 MiB).
    #[arg(long, value_parser = clap::value_parser!(u64).range(..=LARGEST_FILE_SIZE))]
    max_file_size: Option<u64>,
    /// The project root: no input, article or baseline is read from outside it (default: the
    /// folder holding crosscheck.toml, else the working directory).
    #[arg(long)]
    root: Option<PathBuf>,
    /// A folder of article texts named `<source-id>.txt`, for the quote checks of sources
    /// without `text:`.
    #[arg(long)]
    articles: Option<PathBuf>,
}

impl Inputs {
    fn flags(&self) -> Flags {
        Flags {
            paths: self.paths.clone(),
            root: self.root.clone(),
            articles: self.articles.clone(),
            max_file_size: self.max_file_size,
            ..Flags::default()
        }
    }
}

/// Where a command runs: the effective settings, with the working directory moved to the
/// project root when a crosscheck.toml was found, and how to name the paths the user typed.
struct Project {
    settings: Settings,
    /// The working directory the command was started in.
    started_in: PathBuf,
    /// The folder the command now runs in.
    dir: PathBuf,
}

impl Project {
    /// Finds and reads crosscheck.toml above the working directory, and runs from its folder;
    /// a settings file that cannot be used is an error (exit 2).
    fn open(flags: Flags) -> Result<Project, ExitCode> {
        let started_in = std::env::current_dir().map_err(|e| {
            eprintln!("error: cannot read the working directory: {e}");
            ExitCode::from(2)
        })?;
        let Some(file) = config::find(&started_in) else {
            return Ok(Project {
                settings: Settings::new(None, flags),
                dir: started_in.clone(),
                started_in,
            });
        };
        // Named from where the user is, in messages and in `crosscheck config`.
        let file = pathdiff::diff_paths(&file, &started_in).unwrap_or(file);
        let config = Config::read(&file).map_err(|e| {
            let mut text = String::new();
            let handler = miette::GraphicalReportHandler::new_themed(
                miette::GraphicalTheme::unicode_nocolor(),
            )
            .with_width(100);
            let _ = handler.render_report(&mut text, e.as_ref());
            eprint!("{text}");
            ExitCode::from(2)
        })?;
        let dir = crosscheck::load::normalise(&started_in.join(&config.dir));
        if let Err(e) = std::env::set_current_dir(&dir) {
            eprintln!("error: cannot work in {}: {e}", dir.display());
            return Err(ExitCode::from(2));
        }
        Ok(Project {
            settings: Settings::new(Some(config), flags.rebased(&started_in, &dir)),
            started_in,
            dir,
        })
    }

    /// A path the user typed, as seen from where the command runs.
    fn here(&self, path: &Path) -> PathBuf {
        config::rebase(path, &self.started_in, &self.dir)
    }

    fn load(&self) -> Loaded {
        let mut loaded = load(&self.settings.paths.value, &self.settings.load_options());
        self.settings.apply(&mut loaded.workspace);
        loaded
    }
}

/// Runs a command that loads inputs in its project, or returns why the project cannot be used.
fn in_project(flags: Flags, run: impl FnOnce(&Project) -> ExitCode) -> ExitCode {
    match Project::open(flags) {
        Ok(project) => run(&project),
        Err(code) => code,
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Markdown,
    Html,
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
    /// Report the findings this baseline file accepts apart from the new ones (default:
    /// `baseline` in crosscheck.toml).
    #[arg(long)]
    baseline: Option<PathBuf>,
    /// Accept baseline entries whose `reason:` is empty or a placeholder (while bootstrapping);
    /// needs a baseline, from --baseline or crosscheck.toml.
    #[arg(long)]
    allow_empty_reasons: bool,
}

impl BaselineArgs {
    /// Sets aside the findings the project's baseline (from --baseline or crosscheck.toml)
    /// accepts; a baseline that does not load is a load error like any input's.
    fn apply(&self, settings: &Settings, loaded: &mut Loaded, report: &mut Report) {
        let opts = settings.load_options();
        // A root that is no directory is already a load error.
        let (Some(path), Ok(root)) = (&settings.baseline.value, opts.project_root()) else {
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

/// `--allow-empty-reasons` without a baseline, from the flag or crosscheck.toml, is a usage
/// error (exit 2): it would silently allow nothing.
fn check_allow_empty_reasons(baseline: &BaselineArgs, settings: &Settings) -> Result<(), ExitCode> {
    if baseline.allow_empty_reasons && settings.baseline.value.is_none() {
        eprintln!(
            "error: --allow-empty-reasons needs a baseline: give --baseline FILE or set `baseline` in crosscheck.toml"
        );
        return Err(ExitCode::from(2));
    }
    Ok(())
}

#[derive(clap::Args)]
struct CheckArgs {
    #[command(flatten)]
    inputs: Inputs,
    /// Output format (default: `format` in crosscheck.toml, else human).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Exit with 1 when a finding has at least this severity (default: `fail-on` in
    /// crosscheck.toml, else error).
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
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
    /// Width to wrap human output at (default: the terminal's, or 100 when output goes to a
    /// file or pipe).
    #[arg(long)]
    width: Option<usize>,
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

impl CheckArgs {
    fn flags(&self) -> Flags {
        Flags {
            baseline: self.baseline.baseline.clone(),
            fail_on: self.fail_on,
            format: self.format,
            ..self.inputs.flags()
        }
    }
}

fn run_config(project: &Project) -> ExitCode {
    print(&project.settings.render());
    ExitCode::SUCCESS
}

fn run_init(dir: &Path) -> ExitCode {
    match crosscheck::init::init(dir) {
        Ok(files) => {
            for f in &files {
                eprintln!("created {}", dir.join(&f.path).display());
            }
            let cd = if dir == Path::new(".") {
                String::new()
            } else {
                format!("cd {} && ", dir.display())
            };
            print(&format!(
                "A newsroom repository is ready. Next:\n  {cd}crosscheck check\nthen read claims/README.md, and replace the example with your own articles.\n"
            ));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}", visible(&e.to_string()));
            if let Some(help) = miette::Diagnostic::help(&e) {
                eprintln!("  help: {help}");
            }
            ExitCode::from(2)
        }
    }
}

fn run_check(project: &Project, args: &CheckArgs) -> ExitCode {
    let settings = &project.settings;
    if let Err(code) = check_allow_empty_reasons(&args.baseline, settings) {
        return code;
    }
    let mut loaded = project.load();
    let mut report = check_loaded(&mut loaded);
    args.baseline.apply(settings, &mut loaded, &mut report);
    let out = Output {
        workspace: &loaded.workspace,
        report: &report,
        load_errors: &loaded.errors,
    };
    let is_terminal = std::io::stdout().is_terminal();
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => terminal::auto_color(is_terminal, |v| std::env::var_os(v)),
    };
    let style = human::Style {
        color,
        width: args.width.unwrap_or_else(|| terminal::width(is_terminal)),
        infos: args.show.contains(&Show::Infos) || settings.fail_on.value == FailOn::Info,
    };
    let started = Instant::now();
    let whole = match (args.quiet, settings.format.value) {
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
    exit_code(&loaded, &report, settings.fail_on.value.severity())
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

/// Writes a generated file at `path` (as the user typed it, from where they started the
/// command), or says why not; load errors stop it (exit 2).
fn write_output(
    project: &Project,
    loaded: &Loaded,
    path: &Path,
    contents: &str,
    force: bool,
) -> ExitCode {
    if let Some(code) = refuse_with_load_errors(loaded, &path.display().to_string()) {
        return code;
    }
    match write_atomically(&project.here(path), contents.as_bytes(), force) {
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

/// With load errors, prints them and says `what` was not written.
fn refuse_with_load_errors(loaded: &Loaded, what: &str) -> Option<ExitCode> {
    if loaded.errors.is_empty() {
        return None;
    }
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
    eprintln!("error: {what} not written: the inputs have load errors");
    Some(ExitCode::from(2))
}

fn run_report(
    project: &Project,
    format: ReportFormat,
    output: Option<&Path>,
    force: bool,
    baseline: &BaselineArgs,
    timings: bool,
) -> ExitCode {
    if let Err(code) = check_allow_empty_reasons(baseline, &project.settings) {
        return code;
    }
    let mut loaded = project.load();
    let mut report = check_loaded(&mut loaded);
    baseline.apply(&project.settings, &mut loaded, &mut report);
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
        Some(path) => write_output(project, &loaded, path, &text, force),
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

fn run_baseline(project: &Project, output: &Path, force: bool) -> ExitCode {
    let mut loaded = project.load();
    let report = check_loaded(&mut loaded);
    match crosscheck::baseline::write(&report.findings) {
        Ok(body) => {
            let code = write_output(project, &loaded, output, &body, force);
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

fn run_claims(project: &Project, output: Option<&Path>, force: bool) -> ExitCode {
    let mut loaded = project.load();
    let report = check_loaded(&mut loaded);
    let out = Output {
        workspace: &loaded.workspace,
        report: &report,
        load_errors: &loaded.errors,
    };
    let lines = render::claims::render_lines(&out);
    match output {
        Some(path) => write_output(project, &loaded, path, &lines, force),
        None => refuse_with_load_errors(&loaded, "the claims").unwrap_or_else(|| {
            print(&lines);
            ExitCode::SUCCESS
        }),
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

/// A confidence given on the command line: a number from 0 to 1.
fn confidence_arg(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(c) if (0.0..=1.0).contains(&c) => Ok(c),
        _ => Err(format!(
            "`{text}` is not a number from 0 to 1 (such as 0.5)"
        )),
    }
}

fn run_extract(args: &ExtractArgs) -> ExitCode {
    let published = match args
        .published
        .as_deref()
        .map(|p| date_arg("--published", p))
    {
        Some(Ok(p)) => Some(p),
        Some(Err(code)) => return code,
        None => None,
    };
    let opts = LoadOptions {
        max_file_size: args.max_file_size,
        root: Some(args.root.clone()),
        ..LoadOptions::default()
    };
    let mut paths = if args.registry.is_empty() {
        vec![PathBuf::from("claims"), PathBuf::from("rules")]
    } else {
        args.registry.clone()
    };
    paths.extend(args.compare.iter().cloned());
    paths.extend(args.learn.iter().cloned());
    let loaded = load(&paths, &opts);
    if !loaded.errors.is_empty() {
        print_load_errors(&loaded);
        eprintln!(
            "error: the registry, properties or --compare file have load errors\n  help: extract reads names and property types from claims/ and rules/; name other files with --registry PATH"
        );
        return ExitCode::from(2);
    }
    if args.explain_cues {
        let learned = extract::learn(&loaded.workspace, None);
        // Property names and cue words come from untrusted files.
        for line in extract::explain_cues(&loaded.workspace, &learned).lines() {
            print(&format!("{}\n", visible_line(line)));
        }
        return ExitCode::SUCCESS;
    }
    // clap requires both unless --explain-cues.
    let (Some(article), Some(published)) = (&args.article, published) else {
        return ExitCode::from(2);
    };
    // The registry loaded, so the root is a directory.
    let Ok(root) = opts.project_root() else {
        return ExitCode::from(2);
    };
    let text = match crosscheck::load::read_file(article, &root, &opts) {
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
        .unwrap_or_else(|| extract::id_from_file_name(article));
    // The source compared with: its claims teach the draft nothing.
    let compared = match &args.compare {
        Some(compare) => {
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
            Some(source)
        }
        None => None,
    };
    let learned = if args.learn.is_empty() {
        Default::default()
    } else {
        extract::learn(&loaded.workspace, compared.as_deref())
    };
    let mut candidates = extract::extract_with(
        &text,
        published,
        &loaded.workspace,
        &learned,
        compared.as_deref(),
    );
    candidates.retain(|c| c.confidence >= args.min_confidence);
    let draft = extract::Draft {
        id: id.clone(),
        outlet: args.outlet.clone(),
        published,
        text: args
            .output
            .as_deref()
            .and_then(|o| article_path_from(&root, o, article)),
    };
    let name = article.display().to_string();
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
    if let Some(source) = compared {
        let r = extract::recall(&loaded.workspace, &source, &candidates);
        eprintln!(
            "complete: {} of the {} claims of {} have a complete draft (subject, property and value) ({}%)",
            r.complete,
            r.total,
            visible_line(&source),
            (r.complete * 100).checked_div(r.total).unwrap_or(0)
        );
        eprintln!(
            "precision: {} of the {} complete drafts match a claim ({}%)",
            r.drafted_complete - r.unmatched_complete,
            r.drafted_complete,
            ((r.drafted_complete - r.unmatched_complete) * 100)
                .checked_div(r.drafted_complete)
                .unwrap_or(100)
        );
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

/// The name `crosscheck schema` takes for the schema of `--format json`'s output.
const OUTPUT_SCHEMA: &str = "output";

/// The schema `crosscheck schema NAME` prints: a file kind's, or the JSON output's.
fn schema_text(name: &str) -> Option<String> {
    if name == OUTPUT_SCHEMA {
        Some(render::json::schema_text())
    } else {
        compile::schema_text(name)
    }
}

/// Writes every schema into `dir`, as `schemas/` holds them.
fn write_schemas(dir: &Path) -> ExitCode {
    for kind in FILE_KINDS.iter().chain([&OUTPUT_SCHEMA]) {
        let path = dir.join(format!("{kind}.schema.json"));
        let written = schema_text(kind)
            .ok_or_else(|| std::io::Error::other("no schema"))
            .and_then(|text| std::fs::write(&path, text));
        if let Err(e) = written {
            eprintln!(
                "error: {} not written: {}",
                visible_line(&path.display().to_string()),
                visible_line(&e.to_string())
            );
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

fn run_explain(name: &str, project: &Project) -> ExitCode {
    // Kinds and codes need no inputs; rule ids come from whatever loads.
    let ws = project.load().workspace;
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

fn run_lsp() -> ExitCode {
    let (connection, io) = lsp_server::Connection::stdio();
    let served = crosscheck::lsp::serve(connection);
    // The writer stops once the connection is dropped; the reader, when standard input ends.
    let joined = io.join();
    match served
        .map_err(|e| e.to_string())
        .and(joined.map_err(|e| e.to_string()))
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "crosscheck lsp: {}", visible_line(&e));
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
        Command::Check(args) => in_project(args.flags(), |p| run_check(p, &args)),
        Command::Config(args) => in_project(args.flags(), run_config),
        Command::Init { dir } => run_init(&dir),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "crosscheck", &mut out);
            print(&String::from_utf8_lossy(&out));
            ExitCode::SUCCESS
        }
        Command::Man => {
            let mut out = Vec::new();
            match clap_mangen::Man::new(Cli::command()).render(&mut out) {
                Ok(()) => {
                    print(&String::from_utf8_lossy(&out));
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: cannot draw the manual page: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Report {
            inputs,
            format,
            output,
            force,
            baseline,
            timings,
        } => {
            let flags = Flags {
                baseline: baseline.baseline.clone(),
                ..inputs.flags()
            };
            in_project(flags, |p| {
                run_report(p, format, output.as_deref(), force, &baseline, timings)
            })
        }
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
        } => in_project(inputs.flags(), |p| run_baseline(p, &output, force)),
        Command::When {
            expr,
            anchor,
            language,
            future,
        } => run_when(&expr, &anchor, &language, future),
        Command::Extract(args) => run_extract(&args),
        Command::Explain { name, inputs } => in_project(inputs.flags(), |p| run_explain(&name, p)),
        Command::Schema { kind, write } => match (kind, write) {
            (_, Some(dir)) => write_schemas(&dir),
            (Some(kind), None) => match schema_text(&kind) {
                Some(text) => {
                    print(&text);
                    ExitCode::SUCCESS
                }
                None => ExitCode::from(2),
            },
            (None, None) => ExitCode::from(2),
        },
        Command::Lsp => run_lsp(),
        Command::Claims {
            inputs,
            output,
            force,
        } => in_project(inputs.flags(), |p| run_claims(p, output.as_deref(), force)),
        Command::Rules { inputs } => in_project(inputs.flags(), |p| {
            print(&explain::rules_table(&p.load().workspace));
            ExitCode::SUCCESS
        }),
    }
}
