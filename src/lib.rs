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
pub mod jobs;
pub mod output;
pub mod plan;
pub mod redact;
pub mod render;
pub mod spec;
pub mod zoho;

use std::ffi::OsString;
use std::io::Write;

use clap::Parser;

use cli::{Cli, Command};

/// Runs delugen with `args` (program name first) and returns the exit code. A closed
/// stdout ends the output quietly; any other failure to write it is exit 2.
pub fn run(
    args: impl IntoIterator<Item = OsString>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let mut guarded = output::guard::StdoutGuard::new(out);
    let code = run_command(args, &mut guarded, err);
    match guarded.finish() {
        None => code,
        Some(error) => {
            let _ = writeln!(err, "error: cannot write to standard output: {error}");
            exit::ERROR
        }
    }
}

fn run_command(
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
    // Commands that need no templates run before they are compiled.
    match &cli.command {
        Command::Lint(args) => return commands::lint::run(args, out, err),
        Command::Explain(args) if args.list => return commands::explain::list(out),
        Command::Explain(args) => return commands::explain::run(args, out, err),
        Command::Limits(args) => return commands::limits::run(args, out, err),
        Command::Init(args) => return commands::init::run(args, out, err),
        Command::Schema => {
            let _ = write!(out, "{}", spec::schema::json());
            return exit::SUCCESS;
        }
        Command::Templates(cli::TemplatesCommand::Export { dir }) => {
            return commands::templates::export(dir, out, err);
        }
        Command::Completions { shell } => {
            clap_complete::generate(
                *shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "delugen",
                out,
            );
            return exit::SUCCESS;
        }
        Command::Man => {
            let page = clap_mangen::Man::new(<Cli as clap::CommandFactory>::command());
            return match page.render(out) {
                Ok(()) => exit::SUCCESS,
                Err(error) => {
                    let _ = writeln!(err, "error: {error}");
                    exit::ERROR
                }
            };
        }
        _ => {}
    }
    // Templates compile once per process, for every spec of the run.
    let renderer = match render::Renderer::new(cli.templates.as_deref()) {
        Ok(renderer) => renderer,
        Err(error) => {
            let _ = writeln!(err, "error: {error}");
            return exit::ERROR;
        }
    };
    match &cli.command {
        Command::Render(args) => commands::render::run(args, &renderer, out, err),
        Command::Validate(args) => commands::validate::run(args, &renderer, out, err),
        Command::Diff(args) => commands::diff::run(args, &renderer, out, err),
        _ => exit::SUCCESS,
    }
}
