//! `delugen render`: every spec rendered in memory first; then printed, written, or
//! compared with the folder (`--check`, the same as `delugen diff`).

use std::io::{Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::batch::{Generated, generate_all};
use crate::cli::RenderArgs;
use crate::commands::{Held, diff};
use crate::exit;
use crate::generate::process_env;
use crate::output::colour::Colour;
use crate::output::{
    self,
    guard::StdoutGuard,
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
    let jobs = args.jobs.jobs();
    let generated = generate_all(&args.specs, renderer, &process_env, &jobs);
    let options = WriteOptions {
        force: args.force,
        prune: args.prune,
    };
    match &args.out {
        None => print_all(generated, renderer, out, err),
        Some(dir) if args.check => {
            let shown = diff::Shown {
                colour,
                quiet: args.quiet,
            };
            diff::compare(dir, generated, renderer, shown, &jobs, out, err)
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
                let mut said = super::Said::new(renderer);
                for spec in &generated {
                    if let Err(diagnostics) = &spec.result {
                        said.print(diagnostics, err);
                    }
                }
                let _ = writeln!(
                    err,
                    "error: a template override is broken; nothing was written for any spec"
                );
                return exit::ERROR;
            }
            write_all(
                dir,
                generated.into_iter(),
                options,
                args.quiet,
                &jobs,
                out,
                err,
            )
        }
        Some(dir) => write_all(dir, generated, options, args.quiet, &jobs, out, err),
    }
}

/// Writes every spec's files, on every thread; what each printed comes out in order.
fn write_all(
    dir: &Path,
    generated: impl Iterator<Item = Generated>,
    options: WriteOptions,
    quiet: bool,
    jobs: &crate::jobs::Jobs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let totals = Totals::default();
    // Opened once for the whole run (created where missing, never through a link at a
    // folder delugen creates); every spec folder is opened relative to it. It is created
    // only for the first spec that renders: a run of bad specs leaves nothing behind.
    let folder: std::sync::OnceLock<Result<output::folder::Folder, String>> =
        std::sync::OnceLock::new();
    let mut status = exit::SUCCESS;
    for held in jobs.map_ordered(generated, |spec| {
        Held::capture(|out, err| {
            if spec.result.is_ok() {
                let opened = folder.get_or_init(|| {
                    output::folder::Folder::create_output(dir).map_err(|error| error.to_string())
                });
                match opened {
                    Ok(folder) => {
                        let mut progress = std::io::sink();
                        let out: &mut dyn Write = if quiet { &mut progress } else { out };
                        write_one(dir, Some(folder), &spec, options, &totals, out, err)
                    }
                    Err(error) => {
                        let _ = writeln!(err, "error: {error}; nothing was written");
                        exit::ERROR
                    }
                }
            } else {
                write_one(dir, None, &spec, options, &totals, out, err)
            }
        })
    }) {
        status = status.max(held.emit(out, err));
    }
    // As `diff`: the summary when every spec was written; errors speak for themselves.
    if !quiet && status != exit::ERROR {
        let _ = writeln!(err, "{}", totals.summary());
    }
    status
}

/// What a render into a folder did, counted across threads for the summary line.
#[derive(Default)]
struct Totals {
    specs: AtomicUsize,
    failed: AtomicUsize,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    removed: AtomicUsize,
    stale: AtomicUsize,
}

impl Totals {
    fn add(counter: &AtomicUsize, n: usize) {
        counter.fetch_add(n, Ordering::Relaxed);
    }

    /// `3 specs: 12 files written, 4 unchanged`, and what was removed, kept or failed.
    fn summary(&self) -> String {
        let get = |counter: &AtomicUsize| counter.load(Ordering::Relaxed);
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut parts = vec![
            format!("{} written", plural(get(&self.written), "file", "files")),
            format!("{} unchanged", get(&self.unchanged)),
        ];
        for (n, what) in [
            (get(&self.removed), "removed"),
            (get(&self.stale), "stale kept"),
            (get(&self.failed), "specs not written (errors above)"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        }
        format!(
            "{}: {}",
            plural(get(&self.specs), "spec", "specs"),
            parts.join(", ")
        )
    }
}

/// Every spec printed to `out` in order, or, when any spec fails, nothing: stdout is one
/// stream, and a half of it would look like a whole. What is printed waits in a spool
/// (memory first, a temporary file past a few megabytes) until every spec has passed.
fn print_all(
    generated: impl Iterator<Item = Generated>,
    renderer: &Renderer,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let mut said = super::Said::new(renderer);
    let mut spool = tempfile::SpooledTempFile::new(SPOOL_IN_MEMORY);
    // The guard keeps the spool's first write error (a full disk) for the end.
    let mut held = StdoutGuard::new(&mut spool);
    let mut failed = false;
    for spec in generated {
        match &spec.result {
            Err(diagnostics) => {
                failed = true;
                said.print(diagnostics, err);
            }
            Ok(rendered) => {
                super::print_diagnostics(&rendered.warnings, err);
                if !failed {
                    output::stdout::print(std::slice::from_ref(rendered), &mut held)
                }
            }
        }
    }
    if failed {
        return exit::ERROR;
    }
    let copied = match held.finish() {
        Some(error) => Err(error),
        None => spool
            .seek(SeekFrom::Start(0))
            .and_then(|_| std::io::copy(&mut spool, out)),
    };
    if let Err(error) = copied {
        let _ = writeln!(
            err,
            "error: cannot hold the output before printing it: {error}"
        );
        return exit::ERROR;
    }
    exit::SUCCESS
}

/// Bytes of output held in memory before the spool moves to a temporary file.
const SPOOL_IN_MEMORY: usize = 8 * 1024 * 1024;

/// Writes one spec's files and says what it did; returns the spec's exit code.
fn write_one(
    dir: &Path,
    folder: Option<&output::folder::Folder>,
    spec: &Generated,
    options: WriteOptions,
    totals: &Totals,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    Totals::add(&totals.specs, 1);
    let status = write_one_counted(dir, folder, spec, options, totals, out, err);
    if status == exit::ERROR {
        Totals::add(&totals.failed, 1);
    }
    status
}

fn write_one_counted(
    dir: &Path,
    folder: Option<&output::folder::Folder>,
    spec: &Generated,
    options: WriteOptions,
    totals: &Totals,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let shown = crate::shown::file(&spec.shown());
    let (rendered, folder) = match (&spec.result, folder) {
        (Ok(rendered), Some(folder)) => {
            super::print_diagnostics(&rendered.warnings, err);
            (rendered, folder)
        }
        (Err(diagnostics), _) => {
            super::print_diagnostics(diagnostics, err);
            return exit::ERROR;
        }
        // A spec that rendered is always given the folder.
        (Ok(_), None) => return exit::ERROR,
    };
    let mut status = exit::SUCCESS;
    match output::write::write_spec(folder, &spec.path, &spec.shown(), rendered, options) {
        Ok(report) => {
            Totals::add(&totals.written, report.written.len());
            Totals::add(&totals.unchanged, report.unchanged);
            Totals::add(&totals.removed, report.removed.len());
            Totals::add(&totals.stale, report.stale.len());
            for path in &report.written {
                let _ = writeln!(out, "{shown}: wrote {}", crate::shown::path(path));
            }
            for path in &report.cleaned {
                let _ = writeln!(
                    out,
                    "{shown}: removed {}, a temporary file left by an interrupted run",
                    crate::shown::path(path)
                );
            }
            for path in &report.removed {
                let _ = writeln!(out, "{shown}: removed stale {}", crate::shown::path(path));
            }
            for path in &report.stale {
                // With --prune, a stale file is kept only when it was edited by hand.
                let _ = if options.prune {
                    writeln!(
                        out,
                        "{shown}: kept stale {}: it was edited by hand since delugen wrote it; --prune removes it only together with --force",
                        crate::shown::path(path)
                    )
                } else {
                    writeln!(
                        out,
                        "{shown}: stale {} (the spec no longer produces it; --prune removes it)",
                        crate::shown::path(path)
                    )
                };
            }
            for path in &report.unlisted {
                let _ = writeln!(
                    out,
                    "{shown}: left alone {}: not listed in the manifest (delugen did not write it, and never removes it, even with --prune)",
                    crate::shown::path(path)
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
                    crate::shown::path(&refusal.path),
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
            if let FolderError::OtherSpec(_) = error {
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
                crate::shown::path(dir)
            );
        }
    }
    status
}

/// What the user can do about refused files: `--force` helps with hand edits only; a
/// file delugen never wrote is never overwritten, so suggesting `--force` would mislead.
fn refusal_help(shown: &str, dir: &Path, files: &[Refusal]) -> String {
    let see = format!(
        "see the changes with `delugen diff {shown} -o {}`",
        crate::shown::path(dir)
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
