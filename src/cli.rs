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
                  Exit codes: 0 success, 1 something found (drift, lint findings), 2 error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Use the templates in DIR in place of built-ins of the same name
    #[arg(long, global = true, value_name = "DIR")]
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
        after_help = "Examples:\n  delugen lint out/acme-crm-leads/*.dg\n  cat my-function.dg | delugen lint -\n\nExit codes: 0 clean, 1 findings, 2 a file could not be read."
    )]
    Lint(LintArgs),
    /// Show what rendering would change in a folder (missing, changed, stale files)
    #[command(
        after_help = "Examples:\n  delugen diff specs/ -o out/\n  delugen diff specs/crm-leads.yaml -o out/ --color never\n\nExit codes: 0 no drift, 1 drift, 2 error. Never writes."
    )]
    Diff(DiffArgs),
    /// Write a commented starter spec that validates as written
    #[command(
        after_help = "Examples:\n  delugen init --product books --region eu acme-books.yaml\n  delugen init > spec.yaml"
    )]
    Init(InitArgs),
    /// Explain a Zoho error answer: cause and fix
    #[command(
        after_help = "Examples:\n  delugen explain '{\"error\":\"invalid_code\"}'\n  pbpaste | delugen explain\n  delugen explain --list\n\nExit codes: 0 explained, 1 not in the catalogue, 2 not JSON."
    )]
    Explain(ExplainArgs),
    /// Daily and per-minute API budget of a product edition, from a dated table
    #[command(
        after_help = "Examples:\n  delugen limits --product crm --edition professional --users 10\n  delugen limits --edition standard --users 5 --spec specs/crm-leads.yaml --table 2019"
    )]
    Limits(LimitsArgs),
    /// Print the JSON Schema of a spec (draft-07) for editors
    #[command(after_help = "Example:\n  delugen schema > specs/delugen.schema.json")]
    Schema,
    /// Work with the built-in templates
    #[command(subcommand)]
    Templates(TemplatesCommand),
    /// Print a shell completion script
    #[command(after_help = "Example:\n  delugen completions bash > /etc/bash_completion.d/delugen")]
    Completions {
        /// The shell
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff)
    #[command(after_help = "Example:\n  delugen man > delugen.1 && man ./delugen.1")]
    Man,
    /// Check specs without rendering anything
    #[command(
        after_help = "Examples:\n  delugen validate specs/\n  delugen validate --no-env specs/"
    )]
    Validate(ValidateArgs),
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
    #[arg(long, requires = "out")]
    pub check: bool,
    /// Overwrite generated files that were edited by hand
    #[arg(long, requires = "out")]
    pub force: bool,
    /// Remove files a spec no longer produces
    #[arg(long, requires = "out")]
    pub prune: bool,
    /// Colour the --check diff
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
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
    /// Colour the diff: auto (a terminal, unless NO_COLOR is set), always or never
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    #[command(flatten)]
    pub jobs: JobsArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Spec files, or folders of *.yaml / *.yml specs
    #[arg(required = true, value_name = "SPEC")]
    pub specs: Vec<PathBuf>,
    /// Do not read ${NAME} secrets from the environment (for CI without secrets)
    #[arg(long)]
    pub no_env: bool,
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
    /// Where to write it (refuses to overwrite); standard output when left out
    pub file: Option<PathBuf>,
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
    /// Which dated table: 2019 (seed article) or current (Zoho's API-limits pages)
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
        after_help = "Example:\n  delugen templates export my-templates/\n  delugen render specs/ -o out/ --templates my-templates/"
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
    #[arg(short = 'j', long = "jobs", value_name = "N")]
    pub jobs: Option<std::num::NonZeroUsize>,
}

impl JobsArgs {
    pub fn jobs(&self) -> crate::jobs::Jobs {
        crate::jobs::Jobs::new(self.jobs)
    }
}
