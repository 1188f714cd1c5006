//! One file per subcommand. Each returns the process exit code.

pub mod diff;
pub mod explain;
pub mod init;
pub mod limits;
pub mod lint;
pub mod render;
pub mod templates;
pub mod validate;

use std::io::Write;

use crate::spec::Diagnostic;

/// Prints diagnostics to `err`, each as it displays itself.
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
