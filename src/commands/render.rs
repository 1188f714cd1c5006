//! `delugen render`: every spec rendered in memory first; then printed or written.

use std::io::Write;

use crate::cli::RenderArgs;
use crate::exit;
use crate::generate::{generate, process_env};
use crate::output;
use crate::render::Renderer;

pub fn run(args: &RenderArgs, renderer: &Renderer, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut rendered = Vec::new();
    let mut failed = false;
    for path in &args.specs {
        match generate(path, renderer, &process_env) {
            Ok(result) => rendered.push(result),
            Err(diagnostics) => {
                failed = true;
                for diagnostic in diagnostics {
                    let _ = write!(err, "{diagnostic}");
                }
            }
        }
    }
    if failed {
        // Nothing is printed or written when any spec is bad: no half output.
        return exit::ERROR;
    }
    match &args.out {
        None => {
            output::stdout::print(&rendered, out);
            exit::SUCCESS
        }
        Some(dir) => match output::write::write_all(dir, &rendered) {
            Ok(written) => {
                for path in written {
                    let _ = writeln!(out, "wrote {}", path.display());
                }
                exit::SUCCESS
            }
            Err(error) => {
                let _ = writeln!(err, "error: {error}");
                exit::ERROR
            }
        },
    }
}
