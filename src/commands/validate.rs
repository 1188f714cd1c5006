//! `delugen validate`: load, check and render every spec in memory, write nothing.

use std::io::Write;

use crate::batch::generate_all;
use crate::cli::ValidateArgs;
use crate::exit;
use crate::generate::{process_env, unread_env};
use crate::render::Renderer;

pub fn run(
    args: &ValidateArgs,
    renderer: &Renderer,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let jobs = args.jobs.jobs();
    let mut status = exit::SUCCESS;
    let mut said = super::Said::new(renderer);
    let env: crate::generate::Env = if args.no_env {
        &unread_env
    } else {
        &process_env
    };
    let unread = if args.no_env {
        "; environment not read"
    } else {
        ""
    };
    for spec in generate_all(&args.specs, renderer, env, &jobs) {
        match &spec.result {
            Ok(rendered) => {
                super::print_diagnostics(&rendered.warnings, err);
                let count = rendered
                    .files
                    .iter()
                    .filter(|f| f.path.ends_with(".dg"))
                    .count();
                let noun = if count == 1 { "script" } else { "scripts" };
                let _ = writeln!(
                    out,
                    "ok: {} ({count} {noun} and a handover{unread})",
                    crate::shown::file(&spec.shown())
                );
            }
            Err(diagnostics) => {
                status = exit::ERROR;
                said.print(diagnostics, err);
            }
        }
    }
    status
}
