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
pub mod shown;
pub mod source_file;
pub mod spec;
pub mod zoho;

use std::ffi::OsString;
use std::io::Write;

use clap::Parser;

use cli::{Cli, Command};

/// Runs delugen with `args` (program name first) and returns the exit code. A closed
/// stdout ends the output quietly; any other failure to write it is exit 2. `out` and
/// `err` are taken for streams in memory: only `--color always` colours them.
pub fn run(
    args: impl IntoIterator<Item = OsString>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    run_in(args, out, err, &output::colour::Surroundings::detached())
}

/// As [`run`], with `surroundings` (terminals, environment) deciding colour in `auto`.
pub fn run_in(
    args: impl IntoIterator<Item = OsString>,
    out: &mut dyn Write,
    err: &mut dyn Write,
    surroundings: &output::colour::Surroundings,
) -> u8 {
    let args: Vec<OsString> = args.into_iter().collect();
    // One colour decision for everything printed, clap's help and errors included.
    let colour = output::colour::Colour::for_run(&args, surroundings);
    let mut err = output::colour::PaintedLines::new(err, colour.stderr);
    let err: &mut dyn Write = &mut err;
    let mut guarded = output::guard::StdoutGuard::new(out);
    let code = run_command(args, colour, &mut guarded, err);
    match guarded.finish() {
        None => code,
        Some(error) => {
            let _ = writeln!(err, "error: cannot write to standard output: {error}");
            exit::ERROR
        }
    }
}

/// The familiar word typed where a command goes (`delugen check`), when it names no
/// command of delugen's: (typed, meant, why).
fn familiar_command(args: &[OsString]) -> Option<(&'static str, &'static str, &'static str)> {
    // The first word that is neither an option nor `--color`'s value.
    let mut words = args.iter().skip(1).map(|arg| arg.to_str());
    let first = loop {
        match words.next()? {
            Some("--color") => {
                words.next();
            }
            Some(word) if word.starts_with('-') => {}
            word => break word?,
        }
    };
    cli::FAMILIAR_COMMANDS
        .iter()
        .find(|(typed, _, _)| *typed == first)
        .copied()
}

fn run_command(
    args: Vec<OsString>,
    colour: output::colour::Colour,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    // clap's `help` subcommand takes command names only: `delugen help --help` asks
    // what `help` does, so say it.
    if args.len() == 3 && args[1] == "help" && (args[2] == "--help" || args[2] == "-h") {
        let _ = writeln!(
            out,
            "Print the help of delugen, or of a command\n\nUsage: delugen help [COMMAND]...\n\n\
             Examples:\n  delugen help render\n  delugen help templates export"
        );
        return exit::SUCCESS;
    }
    let familiar = familiar_command(&args);
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error)
            if error.kind() == clap::error::ErrorKind::InvalidSubcommand && familiar.is_some() =>
        {
            let (typed, meant, why) = familiar.unwrap_or_default();
            let _ = writeln!(
                err,
                "error: delugen has no command '{typed}'\n\n  tip: {why}, use 'delugen {meant}'\n\n\
                 For more information, try '--help'."
            );
            drop(error);
            return exit::ERROR;
        }
        Err(error) => {
            let text = error.render();
            let (stream, on): (&mut dyn Write, bool) = if error.use_stderr() {
                (err, colour.stderr)
            } else {
                (out, colour.stdout)
            };
            let _ = if on {
                write!(stream, "{}", text.ansi())
            } else {
                write!(stream, "{text}")
            };
            return if error.use_stderr() {
                exit::ERROR
            } else {
                exit::SUCCESS
            };
        }
    };
    // Commands that need no templates run before they are compiled.
    match &cli.command {
        Command::Lint(args) => return commands::lint::run(args, colour, out, err),
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
        Command::Man(args) => return commands::man::run(args, out, err),
        _ => {}
    }
    // Templates compile once per process, for every spec of the run.
    let renderer = match render::Renderer::new(cli.command.templates()) {
        Ok(renderer) => renderer,
        Err(error) => {
            let _ = writeln!(err, "error: {error}");
            return exit::ERROR;
        }
    };
    match &cli.command {
        Command::Render(args) => commands::render::run(args, &renderer, colour, out, err),
        Command::Validate(args) => commands::validate::run(args, &renderer, out, err),
        Command::Diff(args) => commands::diff::run(args, &renderer, colour, out, err),
        _ => exit::SUCCESS,
    }
}
