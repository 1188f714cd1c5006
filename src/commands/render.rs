//! `delugen render`: every spec rendered in memory first; then printed, written, or
//! compared with the folder (`--check`, the same as `delugen diff`).

use std::io::Write;

use crate::batch::{Generated, generate_all};
use crate::cli::RenderArgs;
use crate::commands::diff;
use crate::exit;
use crate::generate::process_env;
use crate::output::{
    self,
    state::FolderError,
    write::{WriteError, WriteOptions},
};
use crate::render::Renderer;

pub fn run(args: &RenderArgs, renderer: &Renderer, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let generated = generate_all(&args.specs, renderer, &process_env);
    match &args.out {
        None => {
            let generated: Vec<Generated> = generated.collect();
            if report_failures(&generated, err) {
                // stdout is one stream: a half of it would look like a whole.
                return exit::ERROR;
            }
            let rendered: Vec<_> = generated
                .into_iter()
                .filter_map(|g| g.result.ok())
                .collect();
            output::stdout::print(&rendered, out);
            exit::SUCCESS
        }
        Some(dir) if args.check => diff::compare(dir, generated, args.color, out, err),
        Some(dir) => {
            let options = WriteOptions {
                force: args.force,
                prune: args.prune,
            };
            let mut status = exit::SUCCESS;
            for spec in generated {
                let shown = spec.shown();
                let rendered = match &spec.result {
                    Ok(rendered) => rendered,
                    Err(diagnostics) => {
                        super::print_diagnostics(diagnostics, err);
                        status = exit::ERROR;
                        continue;
                    }
                };
                match output::write::write_spec(dir, &shown, rendered, options) {
                    Ok(report) => {
                        for path in &report.written {
                            let _ = writeln!(out, "{shown}: wrote {}", path.display());
                        }
                        for path in &report.cleaned {
                            let _ = writeln!(
                                out,
                                "{shown}: removed {}, a temporary file left by an interrupted run",
                                path.display()
                            );
                        }
                        for path in &report.removed {
                            let _ = writeln!(out, "{shown}: removed stale {}", path.display());
                        }
                        for path in &report.stale {
                            let _ = writeln!(
                                out,
                                "{shown}: stale {} (the spec no longer produces it; --prune removes it)",
                                path.display()
                            );
                        }
                        if report.written.is_empty() && report.removed.is_empty() {
                            let noun = if report.unchanged == 1 {
                                "file"
                            } else {
                                "files"
                            };
                            let _ = writeln!(out, "{shown}: {} {noun} unchanged", report.unchanged);
                        }
                    }
                    Err(WriteError::Refused(files)) => {
                        status = exit::ERROR;
                        for refusal in &files {
                            let _ = writeln!(
                                err,
                                "error: {shown}: {} {}; nothing was written for this spec",
                                refusal.path.display(),
                                refusal.why
                            );
                        }
                        let force = if files.iter().any(|r| r.forceable) {
                            ", or pass --force to overwrite hand edits"
                        } else {
                            "; move or remove files delugen did not write"
                        };
                        let _ = writeln!(
                            err,
                            "  = help: see the changes with `delugen diff {shown} -o {}`; keep your edits in the spec or a template override{force}",
                            dir.display()
                        );
                    }
                    Err(WriteError::Folder(error)) => {
                        status = exit::ERROR;
                        let _ = writeln!(
                            err,
                            "error: {shown}: {error}; nothing was written for this spec"
                        );
                        if let FolderError::OtherSpec { .. } = error {
                            let _ = writeln!(
                                err,
                                "  = help: give this spec its own name, or pass --force to take the folder over"
                            );
                        }
                    }
                    Err(WriteError::Io(error)) => {
                        status = exit::ERROR;
                        let _ = writeln!(
                            err,
                            "error: {shown}: cannot write into {}: {error}",
                            dir.display()
                        );
                    }
                }
            }
            status
        }
    }
}

/// Prints every failed spec's diagnostics; true when any spec failed.
fn report_failures(generated: &[Generated], err: &mut dyn Write) -> bool {
    let mut failed = false;
    for spec in generated {
        if let Err(diagnostics) = &spec.result {
            failed = true;
            super::print_diagnostics(diagnostics, err);
        }
    }
    failed
}
