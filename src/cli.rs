//! Command-line arguments: parsed by clap, then checked into plain values by each command.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "delugen",
    version,
    about = "Turns a YAML spec into paste-ready Zoho Deluge scripts",
    long_about = "Turns a short YAML spec (client, data centre, scopes, product, records) into \
                  Deluge scripts for Zoho CRM, Books and Creator: the OAuth grant URL, the \
                  refresh-token exchange, the access-token refresh and the write requests.\n\n\
                  Exit codes: 0 success, 1 something found (drift, lint findings), 2 error.",
    after_help = "The spec format: `delugen man spec` (delugen-spec(5)); each command: `delugen man <command>`.\n\nExamples:\n  delugen init --product crm --region eu acme.yaml\n  delugen validate acme.yaml\n  delugen render acme.yaml -o out/"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Colour: auto (a terminal, unless NO_COLOR is set or CLICOLOR_FORCE asks for it), always or never
    #[arg(long, global = true, value_enum, default_value_t, value_name = "WHEN")]
    pub color: ColorChoice,
}

impl Command {
    /// The template override folder, on the commands that render templates.
    pub fn templates(&self) -> Option<&std::path::Path> {
        match self {
            Command::Render(args) => args.templates.templates.as_deref(),
            Command::Diff(args) => args.templates.templates.as_deref(),
            Command::Validate(args) => args.templates.templates.as_deref(),
            Command::Test(args) => args.templates.templates.as_deref(),
            _ => None,
        }
    }
}

/// `--templates`, on the commands that render templates only.
#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// Use the templates in DIR in place of built-ins of the same name (`delugen templates export`)
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render the scripts of one or more specs, to stdout or into a folder
    #[command(
        after_help = "Examples:\n  delugen render specs/crm-leads.yaml\n  delugen render specs/ -o out/"
    )]
    Render(RenderArgs),
    /// Check Deluge scripts for syntax errors and known Zoho pitfalls
    #[command(
        after_help = "Exit codes: 0 clean, 1 findings, 2 a file could not be read.\n\nExamples:\n  delugen lint out/acme-crm-leads/*.dg\n  cat my-function.dg | delugen lint -"
    )]
    Lint(LintArgs),
    /// Show what rendering would change in a folder (missing, changed, stale files)
    #[command(
        after_help = "Exit codes: 0 no drift, 1 drift, 2 error. Never writes. The `---` side of each diff is the file on disk, the `+++` side the new render.\n\nExamples:\n  delugen diff specs/ -o out/\n  delugen diff specs/crm-leads.yaml -o out/ --color never"
    )]
    Diff(DiffArgs),
    /// Write a commented starter spec that validates as written
    #[command(
        after_help = "Examples:\n  delugen init --product books --region eu acme-books.yaml\n  delugen init > spec.yaml"
    )]
    Init(InitArgs),
    /// Explain a Zoho error answer: cause and fix
    #[command(
        after_help = "Exit codes: 0 explained, 1 not in the catalogue, 2 not JSON.\n\nExamples:\n  delugen explain '{\"error\":\"invalid_code\"}'\n  pbpaste | delugen explain\n  delugen explain --list"
    )]
    Explain(ExplainArgs),
    /// Daily and per-minute API budget of a product edition, from a dated table
    #[command(
        after_help = "Tables: Zoho CRM has two, 2019 (from the 2019 article \"Zoho Deluge - Get Refresh/Access Token API v2\") and current (Zoho CRM's API-limits page; the default); Zoho Books has the 2019 table only; Zoho Creator the current table only (Zoho Creator's developer API limits). Access-token refreshes are not API calls or credits: they are counted against Zoho's own limit of 10 access tokens per 10 minutes.\n\nExamples:\n  delugen limits --product crm --edition professional --users 10\n  delugen limits --edition standard --users 5 --spec specs/crm-leads.yaml --table 2019"
    )]
    Limits(LimitsArgs),
    /// Print the JSON Schema of a spec (draft-07) for editors
    #[command(after_help = "Example:\n  delugen schema > specs/delugen.schema.json")]
    Schema,
    /// Work with the built-in templates
    #[command(
        subcommand,
        after_help = "Examples:\n  delugen templates export my-templates/\n  delugen render specs/ -o out/ --templates my-templates/"
    )]
    Templates(TemplatesCommand),
    /// Print a shell completion script
    #[command(after_help = "Example:\n  delugen completions bash > /etc/bash_completion.d/delugen")]
    Completions {
        /// The shell
        shell: clap_complete::Shell,
    },
    /// Print a manual page (roff), or write them all into a folder
    #[command(
        after_help = "Pages: delugen(1), one delugen-<command>(1) per command, and delugen-spec(5), the spec reference.\n\nExamples:\n  delugen man render | man -l -\n  delugen man spec > delugen-spec.5\n  delugen man -o /usr/local/share/man/"
    )]
    Man(ManArgs),
    /// Check specs without rendering anything
    #[command(
        after_help = "Examples:\n  delugen validate specs/\n  delugen validate --no-env specs/"
    )]
    Validate(ValidateArgs),
    /// Run a Deluge script here: its info lines, the requests it sends, its return value
    #[command(
        after_help = "Answers: --simulate (a Zoho in memory: OAuth per data centre with its limit of 10 access tokens per 10 minutes, CRM, CRM Variables, Books, Creator), --answers FILE (YAML: `answers:`, a list of {method, url, status, headers, body}, the first match answers; `*` in url matches anything), or neither: every request is shown and answered with an error.\n\nExit codes: 0 the script ran to its end, 1 it stopped with a Deluge error, 2 bad input or something delugen run does not support (FILE:LINE:COL: delugen run does not support X).\n\nExamples:\n  delugen run out/acme/02-refresh-token.dg --simulate\n  delugen run out/acme/read-lead.dg --arg lead_id=4150868000000224005 --simulate --seed records.yaml\n  delugen run out/acme/03-access-token.dg --simulate --state zoho.json --now '2026-01-05 09:00:00'"
    )]
    Run(RunArgs),
    /// Render specs in memory and run every script against the simulated Zoho, checking what each sends
    #[command(
        after_help = "Each script runs with its inputs' `example` values (or a value of the input's type). Checked: every request goes to the spec's data centre; a write carries the product's payload (CRM: a list under \"data\"; Books: JSONString or a JSON body, per version; Creator: \"data\") with exactly the spec's fields; the id Zoho answers is what the script returns; a refusal is reported; the inline access-token script reports Access Denied on its 11th run in 10 minutes, a store-backed one mints one token for two runs.\n\nExit codes: 0 every check passed, 1 a check failed, 2 a spec could not be read or rendered.\n\nExamples:\n  delugen test specs/\n  delugen test specs/crm-leads.yaml --templates my-templates/"
    )]
    Test(TestArgs),
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Spec files, or folders of *.yaml / *.yml specs
    #[arg(required = true, value_name = "SPEC")]
    pub specs: Vec<PathBuf>,
    /// Print no summary line on stderr
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub templates: TemplateArgs,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Spec files, or folders of *.yaml / *.yml specs
    #[arg(required = true, value_name = "SPEC")]
    pub specs: Vec<PathBuf>,
    /// Write into DIR/<spec name>/ instead of printing
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Write nothing; show what would change and exit 1 if anything would (as `diff`)
    #[arg(long, requires = "out", conflicts_with_all = ["force", "prune"])]
    pub check: bool,
    /// Overwrite generated files that were edited by hand
    #[arg(long, requires = "out")]
    pub force: bool,
    /// Remove files a spec no longer produces
    #[arg(long, requires = "out")]
    pub prune: bool,
    /// Print no progress lines (`wrote ...`) and no summary line; warnings and errors still show
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub templates: TemplateArgs,
    #[command(flatten)]
    pub jobs: JobsArgs,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Spec files, or folders of *.yaml / *.yml specs
    #[arg(required = true, value_name = "SPEC")]
    pub specs: Vec<PathBuf>,
    /// The folder the scripts were rendered into
    #[arg(short = 'o', long = "out", value_name = "DIR", required = true)]
    pub out: PathBuf,
    /// Print no summary line on stderr
    #[arg(short, long)]
    pub quiet: bool,
    /// Also show, for each changed script, the requests it sends before and after (run in the simulated Zoho)
    #[arg(long)]
    pub requests: bool,
    #[command(flatten)]
    pub templates: TemplateArgs,
    #[command(flatten)]
    pub jobs: JobsArgs,
}

pub use crate::output::colour::ColorChoice;

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Spec files, or folders of *.yaml / *.yml specs
    #[arg(required = true, value_name = "SPEC")]
    pub specs: Vec<PathBuf>,
    /// Do not read ${NAME} secrets from the environment (for CI without secrets)
    #[arg(long)]
    pub no_env: bool,
    /// Print no `ok:` lines and no summary line; warnings and errors still show
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub templates: TemplateArgs,
    #[command(flatten)]
    pub jobs: JobsArgs,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Deluge files; `-` reads standard input
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Report format
    #[arg(long, value_enum, default_value_t = LintFormat::Human)]
    pub format: LintFormat,
    /// Print no summary line on stderr
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The page: a command (`render`, `templates-export`, ...) or `spec`; delugen(1) when left out
    #[arg(conflicts_with = "out")]
    pub page: Option<String>,
    /// Write every page into DIR (as DIR/man1/*.1 and DIR/man5/*.5) instead of printing one
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The Deluge script: a bare snippet, a function, or a function body delugen wrote
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// A value for a parameter (or a variable of a snippet): JSON when it reads as JSON, else text
    #[arg(long = "arg", value_name = "NAME=VALUE")]
    pub arg: Vec<String>,
    /// A JSON object of parameter name to value
    #[arg(long, value_name = "FILE")]
    pub args: Option<PathBuf>,
    /// Other scripts whose functions this one calls (`thisapp.ns.fn()`, `standalone.fn()`)
    #[arg(long, value_name = "FILE")]
    pub function: Vec<PathBuf>,
    /// zoho.currenttime for the run (yyyy-MM-dd HH:mm:ss); the machine's clock (UTC) when left out
    #[arg(long, value_name = "DATETIME")]
    pub now: Option<String>,
    /// Answer requests from the simulated Zoho in memory
    #[arg(long, conflicts_with = "answers")]
    pub simulate: bool,
    /// Answer requests from a YAML file of answers
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// Records, CRM Variables and Creator form records to start the simulation with (YAML)
    #[arg(long, value_name = "FILE", requires = "simulate")]
    pub seed: Option<PathBuf>,
    /// Keep the simulated Zoho in FILE (JSON) from one run to the next: tokens, limits, records
    #[arg(long, value_name = "FILE", requires = "simulate")]
    pub state: Option<PathBuf>,
    /// The data centre the script runs in: Deluge's own tasks (zoho.crm.createRecord and the
    /// others) call its API in the simulation
    #[arg(long, value_enum, default_value_t = crate::zoho::Region::Us, requires = "simulate")]
    pub region: crate::zoho::Region,
    /// Output format
    #[arg(long, value_enum, default_value_t = RunFormat::Human)]
    pub format: RunFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RunFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LintFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The product the spec is for
    #[arg(long, value_enum, default_value_t = crate::zoho::Product::Crm)]
    pub product: crate::zoho::Product,
    /// The data centre
    #[arg(long, value_enum, default_value_t = crate::zoho::Region::Us)]
    pub region: crate::zoho::Region,
    /// The module (CRM API name such as Deals, Books resource such as invoices, Creator form link name)
    #[arg(long, value_name = "NAME")]
    pub module: Option<String>,
    /// One request of this kind instead of the default create and update
    #[arg(long, value_enum)]
    pub method: Option<crate::spec::Method>,
    /// Where the scripts are pasted, when not the product they call
    #[arg(long, value_enum, value_name = "PRODUCT")]
    pub runs_in: Option<crate::zoho::Product>,
    /// How the scripts authenticate
    #[arg(long, value_enum, default_value_t = InitAuth::Token)]
    pub auth: InitAuth,
    /// Start from one of the shipped examples instead (`delugen init --example list` lists them)
    #[arg(long, value_name = "NAME", conflicts_with_all = ["module", "method", "runs_in", "auth"])]
    pub example: Option<String>,
    /// Where to write it (refuses to overwrite); standard output when left out
    pub file: Option<PathBuf>,
}

/// `init --auth`: where the scripts get their access token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InitAuth {
    /// The client's own tokens, refreshed by the scripts (token mode)
    Token,
    /// A Zoho OAuth connection (recommended inside Zoho)
    Connection,
    /// Token mode with secrets and a reused token in CRM Variables
    CrmVariables,
    /// Token mode with secrets and a reused token in an admin-only Creator form
    CreatorForm,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Zoho's answer (JSON); read from standard input when left out or `-`
    pub answer: Option<String>,
    /// List every answer delugen knows
    #[arg(long, conflicts_with = "answer")]
    pub list: bool,
}

#[derive(Debug, Args)]
pub struct LimitsArgs {
    /// The product (taken from --spec when left out)
    #[arg(long, value_enum)]
    pub product: Option<crate::zoho::Product>,
    /// The edition
    #[arg(long, value_enum)]
    pub edition: crate::zoho::limits::Edition,
    /// Licensed users, for editions whose budget grows with them
    #[arg(long)]
    pub users: Option<u64>,
    /// Which dated table: 2019 or current (see below which products have which); the newest the product has when left out
    #[arg(long, value_enum)]
    pub table: Option<crate::zoho::limits::Table>,
    /// Also say how many full runs of this spec's scripts a day allows
    #[arg(long, value_name = "SPEC")]
    pub spec: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Write the built-in templates into DIR to start overrides from (refuses to overwrite)
    #[command(
        after_help = "Examples:\n  delugen templates export my-templates/\n  delugen render specs/ -o out/ --templates my-templates/"
    )]
    Export {
        /// The folder to write into
        dir: PathBuf,
    },
}

/// `--jobs`, shared by the commands that generate specs.
#[derive(Debug, Args)]
pub struct JobsArgs {
    /// Specs generated at once, on as many threads [default: one per core]; the output
    /// is the same whatever the number
    #[arg(short = 'j', long = "jobs", value_name = "N", value_parser = thread_count)]
    pub jobs: Option<std::num::NonZeroUsize>,
}

impl JobsArgs {
    pub fn jobs(&self) -> crate::jobs::Jobs {
        crate::jobs::Jobs::new(self.jobs)
    }
}

/// `--jobs N`: a whole number of threads, 1 or more, said in those words when it is not.
fn thread_count(text: &str) -> Result<std::num::NonZeroUsize, String> {
    text.trim().parse::<std::num::NonZeroUsize>().map_err(|_| {
        "--jobs takes a whole number of threads, 1 or more (leave it out for one per core)"
            .to_string()
    })
}

/// Words people type for a command delugen names otherwise, and the command they mean.
pub const FAMILIAR_COMMANDS: &[(&str, &str, &str)] = &[
    (
        "check",
        "validate",
        "to check specs without writing anything",
    ),
    (
        "verify",
        "validate",
        "to check specs without writing anything",
    ),
    ("generate", "render", "to write the scripts"),
    ("gen", "render", "to write the scripts"),
    ("build", "render", "to write the scripts"),
    ("status", "diff", "to see what rendering would change"),
    ("new", "init", "to start a spec"),
];
