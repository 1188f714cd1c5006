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
