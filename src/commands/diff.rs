//! `delugen diff` (and `render --check`): what rendering would change in the folder,
//! missing and stale files included. Never writes.

use std::io::Write;
use std::path::Path;

use crate::batch::{Generated, generate_all};
use crate::cli::{ColorChoice, DiffArgs};
use crate::exit;
use crate::generate::process_env;
use crate::output::{diff::write_diff, state::inspect_shared};
use crate::render::Renderer;

pub fn run(args: &DiffArgs, renderer: &Renderer, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let generated = generate_all(&args.specs, renderer, &process_env);
    compare(&args.out, generated, args.color, out, err)
}

/// Exit 0 when nothing drifted, 1 when something did, 2 when any spec or file failed.
pub fn compare(
    dir: &Path,
    generated: impl Iterator<Item = Generated>,
    color: ColorChoice,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let colour = use_colour(color);
    let mut drifted = false;
    let mut broken = false;
    for spec in generated {
        let rendered = match &spec.result {
            Ok(rendered) => rendered,
            Err(diagnostics) => {
                super::print_diagnostics(diagnostics, err);
                broken = true;
                continue;
            }
        };
        let shown = spec.shown();
        let state = match inspect_shared(dir, &shown, rendered) {
            Ok(state) => state,
            Err(error) => {
                broken = true;
                let _ = writeln!(
                    err,
                    "error: {shown}: cannot compare with {}: {error}",
                    dir.display()
                );
                continue;
            }
        };
        match write_diff(&state, &shown, &rendered.secrets, colour, out) {
            Ok(changed) => drifted |= changed,
            Err(error) => {
                broken = true;
                let _ = writeln!(err, "error: {shown}: cannot print the diff: {error}");
            }
        }
    }
    if broken {
        exit::ERROR
    } else if drifted {
        exit::FOUND
    } else {
        exit::SUCCESS
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
