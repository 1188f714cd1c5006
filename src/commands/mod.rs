//! One file per subcommand. Each returns the process exit code.

pub mod diff;
pub mod explain;
pub mod init;
pub mod limits;
pub mod lint;
pub mod man;
pub mod render;
pub mod run;
pub mod templates;
pub mod test;
pub mod validate;

use std::io::Write;

use crate::render::Renderer;
use crate::spec::Diagnostic;

/// Diagnostics already printed in this run. A broken template override fails every spec
/// at the same line of the same file: it is said once, for the first spec it fails.
pub struct Said<'r> {
    renderer: &'r Renderer,
    seen: std::collections::HashSet<(String, Option<(usize, usize)>)>,
}

impl<'r> Said<'r> {
    pub fn new(renderer: &'r Renderer) -> Self {
        Said {
            renderer,
            seen: Default::default(),
        }
    }

    /// Prints the diagnostics, leaving out the override problems already printed.
    pub fn print(&mut self, diagnostics: &[Diagnostic], err: &mut dyn Write) {
        let fresh: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| {
                !self.renderer.is_override(&d.file)
                    || self.seen.insert((d.file.clone(), d.location))
            })
            .cloned()
            .collect();
        print_diagnostics(&fresh, err);
    }
}

/// Prints diagnostics to `err`, each as it displays itself (`err` paints them when the
/// run's colour decision says so).
pub fn print_diagnostics(diagnostics: &[Diagnostic], err: &mut dyn Write) {
    for diagnostic in diagnostics {
        let _ = write!(err, "{diagnostic}");
    }
}

/// What handling one spec printed, held back until every spec before it is printed, so
/// that specs handled on several threads print exactly as if handled one by one.
pub struct Held {
    out: Vec<u8>,
    err: Vec<u8>,
    status: u8,
}

impl Held {
    /// Runs `handle` with buffers for its output and errors; keeps them and its exit code.
    pub fn capture(handle: impl FnOnce(&mut dyn Write, &mut dyn Write) -> u8) -> Held {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let status = handle(&mut out, &mut err);
        Held { out, err, status }
    }

    /// Prints what was held; returns the exit code.
    pub fn emit(self, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
        let _ = out.write_all(&self.out);
        let _ = err.write_all(&self.err);
        self.status
    }
}
