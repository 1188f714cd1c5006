//! `delugen diff` (and `render --check`): what rendering would change in the folder,
//! missing and stale files included. Never writes.

use std::io::Write;
use std::path::Path;

use crate::batch::{Generated, generate_all};
use crate::cli::DiffArgs;
use crate::commands::Held;
use crate::exit;
use crate::generate::process_env;
use crate::jobs::Jobs;
use crate::output::colour::Colour;
use crate::output::folder::Folder;
use crate::output::state::{FileState, SpecState};
use crate::output::{diff::write_diff, state::inspect_shared};
use crate::render::Renderer;
use crate::spec::Diagnostic;

pub fn run(
    args: &DiffArgs,
    renderer: &Renderer,
    colour: Colour,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let jobs = args.jobs.jobs();
    let generated = generate_all(&args.specs, renderer, &process_env, &jobs);
    let shown = Shown {
        colour,
        quiet: args.quiet,
    };
    compare(&args.out, generated, renderer, shown, &jobs, out, err)
}

/// How a comparison is shown: diffs coloured or not, the summary line or not.
#[derive(Debug, Clone, Copy)]
pub struct Shown {
    pub colour: Colour,
    pub quiet: bool,
}

/// What a comparison found, for the summary line.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    specs: usize,
    files: usize,
    changed: usize,
    hand_edited: usize,
    missing: usize,
    stale: usize,
    leftovers: usize,
    unlisted: usize,
}

impl Tally {
    fn of(state: &SpecState) -> Tally {
        let mut tally = Tally::default();
        tally.add(state);
        tally
    }

    fn add(&mut self, state: &SpecState) {
        self.specs += 1;
        self.files += state.files.len();
        for (_, file) in &state.files {
            match file {
                FileState::Same => {}
                FileState::Missing => self.missing += 1,
                // Someone's edit is not a change the spec made: say which it is.
                FileState::HandEdited { .. } => self.hand_edited += 1,
                _ => self.changed += 1,
            }
        }
        self.stale += state.stale.len();
        self.leftovers += state.leftovers.len();
        self.unlisted += state.unlisted.len();
    }

    fn sum(&mut self, other: Tally) {
        self.specs += other.specs;
        self.files += other.files;
        self.changed += other.changed;
        self.hand_edited += other.hand_edited;
        self.missing += other.missing;
        self.stale += other.stale;
        self.leftovers += other.leftovers;
        self.unlisted += other.unlisted;
    }

    /// `12 files checked (2 specs), no changes`, or what differs.
    fn summary(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let checked = format!(
            "{} checked ({})",
            plural(self.files, "file", "files"),
            plural(self.specs, "spec", "specs")
        );
        let found: Vec<String> = [
            (self.changed, "changed"),
            (self.hand_edited, "edited by hand"),
            (self.missing, "missing"),
            (self.stale, "stale"),
            (self.leftovers, "left by an interrupted run"),
            (self.unlisted, "not listed in the manifest"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        if found.is_empty() {
            format!("{checked}, no changes")
        } else {
            format!("{checked}: {}", found.join(", "))
        }
    }
}

/// One spec's comparison, done on any thread, printed in input order.
enum Compared {
    /// The spec did not generate: its diagnostics, printed in order (and a broken
    /// override's only once).
    Failed(Vec<Diagnostic>),
    Done(Held, Tally),
}

/// Exit 0 when nothing drifted, 1 when something did, 2 when any spec or file failed.
/// Unless quiet, a one-line summary goes to stderr when every spec was compared.
pub fn compare(
    dir: &Path,
    generated: impl Iterator<Item = Generated>,
    renderer: &Renderer,
    shown: Shown,
    jobs: &Jobs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    // Specs are compared on every thread; their diffs come out in order. The worst
    // outcome wins: an error (2) over drift (1) over nothing (0).
    let mut status = exit::SUCCESS;
    let mut tally = Tally::default();
    let mut said = super::Said::new(renderer);
    // Opened once for the whole run; `None` when it does not exist yet.
    let folder = match Folder::open_output(dir) {
        Ok(folder) => folder,
        Err(error) => {
            let _ = writeln!(err, "error: cannot compare with {}: {error}", dir.display());
            return exit::ERROR;
        }
    };
    for compared in jobs.map_ordered(generated, |spec| match spec.result {
        Err(diagnostics) => Compared::Failed(diagnostics),
        Ok(_) => {
            let mut tally = Tally::default();
            let held = Held::capture(|out, err| {
                compare_one(
                    dir,
                    folder.as_ref(),
                    &spec,
                    shown.colour.stdout,
                    &mut tally,
                    out,
                    err,
                )
            });
            Compared::Done(held, tally)
        }
    }) {
        match compared {
            Compared::Failed(diagnostics) => {
                said.print(&diagnostics, err);
                status = exit::ERROR;
            }
            Compared::Done(held, one) => {
                tally.sum(one);
                status = status.max(held.emit(out, err));
            }
        }
    }
    if status != exit::ERROR && !shown.quiet {
        let _ = writeln!(err, "{}", tally.summary());
    }
    status
}

/// Prints one spec's diff; returns 0 (no drift), 1 (drift) or 2 (error).
fn compare_one(
    dir: &Path,
    folder: Option<&Folder>,
    spec: &Generated,
    colour: bool,
    tally: &mut Tally,
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
    let shown = crate::shown::file(&spec.shown());
    let state = match inspect_shared(folder, dir, &spec.path, &spec.shown(), rendered) {
        Ok(state) => state,
        Err(error) => {
            let _ = writeln!(
                err,
                "error: {shown}: cannot compare with {}: {error}",
                crate::shown::path(dir)
            );
            return exit::ERROR;
        }
    };
    *tally = Tally::of(&state);
    match write_diff(&state, &shown, &rendered.secrets, colour, out) {
        Ok(true) => exit::FOUND,
        Ok(false) => exit::SUCCESS,
        Err(error) => {
            let _ = writeln!(err, "error: {shown}: cannot print the diff: {error}");
            exit::ERROR
        }
    }
}
