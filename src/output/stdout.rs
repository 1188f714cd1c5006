//! Printing rendered files, each after a separator line naming it.

use std::io::Write;

use crate::render::Rendered;

pub fn print(rendered: &[Rendered], out: &mut dyn Write) {
    for spec in rendered {
        for file in &spec.files {
            // A closed pipe (`| head`) is not an error: stop quietly.
            if writeln!(out, "==> {} <==", file.path).is_err()
                || out.write_all(file.contents.as_bytes()).is_err()
            {
                return;
            }
        }
    }
}
