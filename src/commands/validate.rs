//! `delugen validate`: load, check and render every spec in memory, write nothing.

use std::io::Write;

use crate::cli::ValidateArgs;
use crate::exit;
use crate::generate::{generate, process_env};
use crate::render::Renderer;

pub fn run(
    args: &ValidateArgs,
    renderer: &Renderer,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let mut status = exit::SUCCESS;
    for path in &args.specs {
        match generate(path, renderer, &process_env) {
            Ok(rendered) => {
                let count = rendered.files.len();
                let noun = if count == 1 { "script" } else { "scripts" };
                let _ = writeln!(out, "ok: {} ({count} {noun})", path.display());
            }
            Err(diagnostics) => {
                status = exit::ERROR;
                for diagnostic in diagnostics {
                    let _ = write!(err, "{diagnostic}");
                }
            }
        }
    }
    status
}
