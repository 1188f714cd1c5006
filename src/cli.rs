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
    /// Check specs without rendering anything
    #[command(after_help = "Example:\n  delugen validate specs/*.yaml")]
    Validate(ValidateArgs),
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Spec files (YAML)
    #[arg(required = true, value_name = "SPEC")]
    pub specs: Vec<PathBuf>,
    /// Write into DIR/<spec name>/ instead of printing
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Spec files (YAML)
    #[arg(required = true, value_name = "SPEC")]
    pub specs: Vec<PathBuf>,
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
