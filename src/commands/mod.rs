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
