//! `delugen diff` (and `render --check`): what rendering would change in the folder,
//! missing and stale files included. Never writes.

use std::io::Write;
use std::path::Path;

use crate::batch::{Generated, generate_all};
use crate::cli::DiffArgs;
use crate::exit;
use crate::generate::process_env;
use crate::output::colour::Colour;
use crate::output::state::{FileState, SpecState};
use crate::output::{diff::write_diff, state::inspect_shared};
use crate::render::Renderer;

pub fn run(
    args: &DiffArgs,
    renderer: &Renderer,
    colour: Colour,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let generated = generate_all(&args.specs, renderer, &process_env);
    compare(&args.out, generated, renderer, colour, args.quiet, out, err)
}

/// What a comparison found, for the summary line.
#[derive(Debug, Default)]
struct Tally {
    specs: usize,
    files: usize,
    changed: usize,
    missing: usize,
    stale: usize,
    leftovers: usize,
}

impl Tally {
    fn add(&mut self, state: &SpecState) {
        self.specs += 1;
        self.files += state.files.len();
        for (_, file) in &state.files {
            match file {
                FileState::Same => {}
                FileState::Missing => self.missing += 1,
                _ => self.changed += 1,
            }
        }
        self.stale += state.stale.len();
        self.leftovers += state.leftovers.len();
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
            (self.missing, "missing"),
            (self.stale, "stale"),
            (self.leftovers, "left by an interrupted run"),
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

/// Exit 0 when nothing drifted, 1 when something did, 2 when any spec or file failed.
/// Unless `quiet`, a one-line summary goes to stderr when every spec was compared.
pub fn compare(
    dir: &Path,
    generated: impl Iterator<Item = Generated>,
    renderer: &Renderer,
    colour: Colour,
    quiet: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let mut drifted = false;
    let mut broken = false;
    let mut tally = Tally::default();
    let mut said = super::Said::new(renderer);
    for spec in generated {
        let rendered = match &spec.result {
            Ok(rendered) => rendered,
            Err(diagnostics) => {
                said.print(diagnostics, err);
                broken = true;
                continue;
            }
        };
        super::print_warnings(&rendered.warnings, err);
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
        tally.add(&state);
        match write_diff(&state, &shown, &rendered.secrets, colour.stdout, out) {
            Ok(changed) => drifted |= changed,
            Err(error) => {
                broken = true;
                let _ = writeln!(err, "error: {shown}: cannot print the diff: {error}");
            }
        }
    }
    if !broken && !quiet {
        let _ = writeln!(err, "{}", tally.summary());
    }
    if broken {
        exit::ERROR
    } else if drifted {
        exit::FOUND
    } else {
        exit::SUCCESS
    }
}
