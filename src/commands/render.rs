//! `delugen render`: every spec rendered in memory first; then printed, written, or
//! compared with the folder (`--check`, the same as `delugen diff`).

use std::io::Write;
use std::path::Path;

use crate::batch::{Generated, generate_all};
use crate::cli::RenderArgs;
use crate::commands::diff;
use crate::exit;
use crate::generate::process_env;
use crate::output::colour::Colour;
use crate::output::{
    self,
    state::FolderError,
    write::{Refusal, WriteError, WriteOptions},
};
use crate::render::Renderer;

pub fn run(
    args: &RenderArgs,
    renderer: &Renderer,
    colour: Colour,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let generated = generate_all(&args.specs, renderer, &process_env);
    match &args.out {
        None => {
            let generated: Vec<Generated> = generated.collect();
            if report_failures(&generated, renderer, err) {
                // stdout is one stream: a half of it would look like a whole.
                return exit::ERROR;
            }
            let rendered: Vec<_> = generated
                .into_iter()
                .filter_map(|g| g.result.ok())
                .collect();
            for spec in &rendered {
                super::print_warnings(&spec.warnings, err);
            }
            output::stdout::print(&rendered, out);
            exit::SUCCESS
        }
        Some(dir) if args.check => {
            diff::compare(dir, generated, renderer, colour, args.quiet, out, err)
        }
        Some(dir) if renderer.has_overrides() => {
            // A broken override is broken for every spec: learn that before writing any.
            let generated: Vec<Generated> = generated.collect();
            let broken = generated.iter().any(|g| {
                g.result
                    .as_ref()
                    .is_err_and(|d| d.iter().any(|d| renderer.is_override(&d.file)))
            });
            if broken {
                report_failures(&generated, renderer, err);
                let _ = writeln!(
                    err,
                    "error: a template override is broken; nothing was written for any spec"
                );
                return exit::ERROR;
            }
            write_each(dir, args, generated.into_iter(), renderer, out, err)
        }
        Some(dir) => write_each(dir, args, generated, renderer, out, err),
    }
}

/// Writes each spec's files as it comes; a bad spec is reported and the others written.
fn write_each(
    dir: &Path,
    args: &RenderArgs,
    generated: impl Iterator<Item = Generated>,
    renderer: &Renderer,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let options = WriteOptions {
        force: args.force,
        prune: args.prune,
    };
    let mut status = exit::SUCCESS;
    let mut said = super::Said::new(renderer);
    for spec in generated {
        let shown = spec.shown();
        let rendered = match &spec.result {
            Ok(rendered) => rendered,
            Err(diagnostics) => {
                said.print(diagnostics, err);
                status = exit::ERROR;
                continue;
            }
        };
        super::print_warnings(&rendered.warnings, err);
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
                    // With --prune, a stale file is kept only when it was edited by hand.
                    let _ = if options.prune {
                        writeln!(
                            out,
                            "{shown}: kept stale {}: it was edited by hand since delugen wrote it; --prune removes it only together with --force",
                            path.display()
                        )
                    } else {
                        writeln!(
                            out,
                            "{shown}: stale {} (the spec no longer produces it; --prune removes it)",
                            path.display()
                        )
                    };
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
                let _ = writeln!(err, "{}", refusal_help(&shown, dir, &files));
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

/// What the user can do about refused files: `--force` helps with hand edits only; a
/// file delugen never wrote is never overwritten, so suggesting `--force` would mislead.
fn refusal_help(shown: &str, dir: &Path, files: &[Refusal]) -> String {
    let see = format!(
        "see the changes with `delugen diff {shown} -o {}`",
        dir.display()
    );
    let foreign = files.iter().any(|r| !r.forceable);
    let hand_edited = files.iter().any(|r| r.forceable);
    let mut help = format!("  = help: {see}");
    if hand_edited {
        help.push_str(
            "; keep your edits in the spec or a template override, or pass --force to overwrite hand edits",
        );
    }
    if foreign {
        help.push_str(
            "; delugen never overwrites a file it did not write (nor a link or a folder), even with --force: move it away or render into another folder",
        );
    }
    help
}

/// Prints every failed spec's diagnostics; true when any spec failed.
fn report_failures(generated: &[Generated], renderer: &Renderer, err: &mut dyn Write) -> bool {
    let mut failed = false;
    let mut said = super::Said::new(renderer);
    for spec in generated {
        if let Err(diagnostics) = &spec.result {
            failed = true;
            said.print(diagnostics, err);
        }
    }
    failed
}
