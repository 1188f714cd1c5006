//! Template overrides: files in a folder that replace built-in templates of the same name.

use std::path::Path;

use super::{RenderError, TEMPLATES};
use crate::spec::closest;

/// Every file in `dir`, each of which must be named like a built-in template.
pub fn read(dir: &Path) -> Result<Vec<(String, String)>, RenderError> {
    let fail = |message: String| RenderError {
        template: dir.display().to_string(),
        message,
    };
    let entries = std::fs::read_dir(dir)
        .map_err(|error| fail(format!("cannot read the template folder: {error}")))?;
    let mut found = Vec::new();
    for entry in entries {
        let path = entry.map_err(|error| fail(error.to_string()))?.path();
        if !path.is_file() {
            continue;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !TEMPLATES.iter().any(|(known, _)| *known == name) {
            let known: Vec<&str> = TEMPLATES.iter().map(|(n, _)| *n).collect();
            let guess = closest(&name, known.iter().copied())
                .map(|g| format!(" — did you mean \"{g}\"?"))
                .unwrap_or_default();
            return Err(RenderError {
                template: path.display().to_string(),
                message: format!(
                    "no built-in template is called \"{name}\"{guess}; overrides must use one of: {}",
                    known.join(", ")
                ),
            });
        }
        let text = std::fs::read_to_string(&path).map_err(|error| RenderError {
            template: path.display().to_string(),
            message: format!("cannot read it: {error}"),
        })?;
        found.push((name, text));
    }
    Ok(found)
}
