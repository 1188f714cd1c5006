//! `delugen templates export DIR`: the built-in templates as files to start overrides from.

use std::io::Write;
use std::path::Path;

use crate::exit;
use crate::render::TEMPLATES;

pub fn export(dir: &Path, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let existing: Vec<String> = TEMPLATES
        .iter()
        .map(|(name, _)| dir.join(name))
        .filter(|path| path.exists())
        .map(|path| path.display().to_string())
        .collect();
    if !existing.is_empty() {
        let _ = writeln!(
            err,
            "error: would overwrite {}; nothing was written",
            existing.join(", ")
        );
        let _ = writeln!(
            err,
            "  = help: export into an empty folder, or move these files away first"
        );
        return exit::ERROR;
    }
    let folder = match crate::output::folder::Folder::create_output(dir) {
        Ok(folder) => folder,
        Err(error) => {
            let _ = writeln!(err, "error: {error}");
            return exit::ERROR;
        }
    };
    for (name, text) in TEMPLATES {
        let path = dir.join(name);
        if let Err(error) = folder.write_atomic(name, text.as_bytes(), false) {
            let _ = writeln!(
                err,
                "error: cannot write {}: {error}",
                crate::shown::path(&path)
            );
            return exit::ERROR;
        }
        let _ = writeln!(out, "wrote {}", crate::shown::path(&path));
    }
    exit::SUCCESS
}
