//! `delugen diff` (and `render --check`): what rendering would change in the folder,
//! missing and stale files included. Never writes.

use std::io::Write;
use std::path::Path;

use crate::batch::{Generated, generate_all};
use crate::cli::{ColorChoice, DiffArgs};
use crate::commands::Held;
use crate::exit;
use crate::generate::process_env;
use crate::jobs::Jobs;
use crate::output::{diff::write_diff, state::inspect_shared};
use crate::render::Renderer;

pub fn run(args: &DiffArgs, renderer: &Renderer, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let jobs = args.jobs.jobs();
    let generated = generate_all(&args.specs, renderer, &process_env, &jobs);
    compare(&args.out, generated, args.color, &jobs, out, err)
}

/// Exit 0 when nothing drifted, 1 when something did, 2 when any spec or file failed.
pub fn compare(
    dir: &Path,
    generated: impl Iterator<Item = Generated>,
    color: ColorChoice,
    jobs: &Jobs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let colour = use_colour(color);
    // Specs are compared on every thread; their diffs come out in order. The worst
    // outcome wins: an error (2) over drift (1) over nothing (0).
    let mut status = exit::SUCCESS;
    for held in jobs.map_ordered(generated, |spec| {
        Held::capture(|out, err| compare_one(dir, &spec, colour, out, err))
    }) {
        status = status.max(held.emit(out, err));
    }
    status
}

/// Prints one spec's diff; returns 0 (no drift), 1 (drift) or 2 (error).
fn compare_one(
    dir: &Path,
    spec: &Generated,
    colour: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let rendered = match &spec.result {
        Ok(rendered) => {
            super::print_diagnostics(&rendered.warnings, err);
            rendered
        }
        Err(diagnostics) => {
            super::print_diagnostics(diagnostics, err);
            return exit::ERROR;
        }
    };
    let shown = spec.shown();
    let state = match inspect_shared(dir, &shown, rendered) {
        Ok(state) => state,
        Err(error) => {
            let _ = writeln!(
                err,
                "error: {shown}: cannot compare with {}: {error}",
                dir.display()
            );
            return exit::ERROR;
        }
    };
    match write_diff(&state, &shown, &rendered.secrets, colour, out) {
        Ok(true) => exit::FOUND,
        Ok(false) => exit::SUCCESS,
        Err(error) => {
            let _ = writeln!(err, "error: {shown}: cannot print the diff: {error}");
            exit::ERROR
        }
    }
}

/// `auto` colours a terminal unless NO_COLOR (or CLICOLOR=0) says not to.
fn use_colour(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => !matches!(
            anstream::AutoStream::choice(&std::io::stdout()),
            anstream::ColorChoice::Never
        ),
    }
}
