//! delugen: YAML spec → paste-ready Zoho Deluge scripts.
//!
//! The pipeline, one module per arrow: `spec` (load, validate) → `plan` (what to
//! generate) → `render` (files in memory) → `output` (stdout, write, diff).

pub mod batch;
pub mod cli;
pub mod commands;
pub mod deluge;
pub mod exit;
pub mod generate;
pub mod output;
pub mod plan;
pub mod render;
pub mod spec;
pub mod zoho;

use std::ffi::OsString;
use std::io::Write;

use clap::Parser;

use cli::{Cli, Command};

/// Runs delugen with `args` (program name first) and returns the exit code.
pub fn run(
    args: impl IntoIterator<Item = OsString>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() {
                exit::ERROR
            } else {
                exit::SUCCESS
            };
            let _ = if error.use_stderr() {
                write!(err, "{}", error.render().ansi())
            } else {
                write!(out, "{}", error.render().ansi())
            };
            return code;
        }
    };
    let renderer = match render::Renderer::new() {
        Ok(renderer) => renderer,
        Err(error) => {
            let _ = writeln!(err, "error: {error}");
            return exit::ERROR;
        }
    };
    match &cli.command {
        Command::Render(args) => commands::render::run(args, &renderer, out, err),
        Command::Validate(args) => commands::validate::run(args, &renderer, out, err),
        Command::Lint(args) => commands::lint::run(args, out, err),
        Command::Diff(args) => commands::diff::run(args, &renderer, out, err),
    }
}
