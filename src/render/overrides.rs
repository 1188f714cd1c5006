//! Template overrides: files in a folder that replace built-in templates of the same name.

use std::path::{Path, PathBuf};

use super::{RenderError, TEMPLATES};
use crate::spec::closest;

/// One override file in use.
#[derive(Debug, Clone)]
pub struct Override {
    /// The built-in template it replaces (`send.dg`).
    pub name: String,
    pub path: PathBuf,
    pub text: String,
}

/// The largest override read: built-in templates are a few kilobytes.
pub const MAX_OVERRIDE_BYTES: u64 = 1024 * 1024;

/// Every file in `dir`, each of which must be named like a built-in template.
pub fn read(dir: &Path) -> Result<Vec<Override>, RenderError> {
    let fail = |message: String| RenderError {
        template: dir.display().to_string(),
        message,
    };
    let entries = std::fs::read_dir(dir)
        .map_err(|error| fail(format!("cannot read the template folder: {error}")))?;
    let mut found = Vec::new();
    for entry in entries {
        let path = entry.map_err(|error| fail(error.to_string()))?.path();
        // Sub-folders are not templates; anything else that is not a regular file (a
        // named pipe, a link to a device or to nothing) is refused below, never skipped.
        if path.is_dir() {
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
                template: crate::shown::path(&path),
                message: format!(
                    "no built-in template is called \"{}\"{guess}; overrides must use one of: {}",
                    crate::shown::value(&name),
                    known.join(", ")
                ),
            });
        }
        let cannot_read = |error: String| RenderError {
            template: crate::shown::path(&path),
            message: format!("cannot read it: {error}"),
        };
        let bytes = crate::source_file::read(&path, MAX_OVERRIDE_BYTES)
            .map_err(|error| cannot_read(error.to_string()))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| cannot_read("it is not UTF-8 text".to_string()))?;
        found.push(Override { name, path, text });
    }
    found.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(found)
}

/// An override held responsible for a bad output: the file, and the line of it that
/// wrote the bad line when that line can be told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blame {
    pub path: PathBuf,
    pub text: String,
    pub line: Option<usize>,
    /// The column, when the error says it (tera does; a bad output line does not).
    pub column: Option<usize>,
}

/// Which override wrote `line` of a file made by `template`. The template's literal text
/// (what is outside `{{ }}` and `{% %}`) must appear in the output line in order; an
/// override whose line matches wins, then the override of `template` itself, then the
/// only override in use.
pub fn blame(overrides: &[Override], template: &str, line: Option<&str>) -> Option<Blame> {
    if overrides.is_empty() {
        return None;
    }
    if let Some(line) = line.map(str::trim).filter(|l| !l.is_empty()) {
        let mut best: Option<(usize, Blame)> = None;
        for candidate in overrides {
            for (index, source) in candidate.text.lines().enumerate() {
                let weight = literal_match(source, line);
                if weight > 0 && best.as_ref().is_none_or(|(w, _)| weight > *w) {
                    best = Some((
                        weight,
                        Blame {
                            path: candidate.path.clone(),
                            text: candidate.text.clone(),
                            line: Some(index + 1),
                            column: None,
                        },
                    ));
                }
            }
        }
        if let Some((_, blame)) = best {
            return Some(blame);
        }
    }
    let own = overrides.iter().find(|o| o.name == template);
    let only = (overrides.len() == 1).then(|| &overrides[0]);
    own.or(only).map(|o| Blame {
        path: o.path.clone(),
        text: o.text.clone(),
        line: None,
        column: None,
    })
}

/// The override a tera error points into first (` --> header.dg:1:7`), at that line.
pub fn blame_error(overrides: &[Override], message: &str) -> Option<Blame> {
    message.split(" --> ").skip(1).find_map(|rest| {
        let place = rest.split_whitespace().next()?;
        let mut parts = place.splitn(3, ':');
        let (name, line) = (parts.next()?, parts.next()?.parse().ok()?);
        let column = parts.next().and_then(|c| c.parse().ok());
        let found = overrides.iter().find(|o| o.name == name)?;
        Some(Blame {
            path: found.path.clone(),
            text: found.text.clone(),
            line: Some(line),
            column,
        })
    })
}

/// How much literal text of the template line `source` is found, in order, in the
/// output line `output`; 0 when any of it is missing.
fn literal_match(source: &str, output: &str) -> usize {
    let mut literals = Vec::new();
    let mut rest = source.trim();
    while !rest.is_empty() {
        let tag = ["{{", "{%", "{#"]
            .into_iter()
            .filter_map(|open| rest.find(open))
            .min();
        match tag {
            Some(at) => {
                literals.push(&rest[..at]);
                let close = match &rest[at..at + 2] {
                    "{{" => "}}",
                    "{%" => "%}",
                    _ => "#}",
                };
                rest = rest[at..]
                    .find(close)
                    .map_or("", |end| &rest[at + end + 2..]);
            }
            None => {
                literals.push(rest);
                rest = "";
            }
        }
    }
    let mut found = 0;
    let mut position = 0;
    for literal in literals.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
        match output[position..].find(literal) {
            Some(at) => {
                position += at + literal.len();
                found += literal.len();
            }
            None => return 0,
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn over(name: &str, text: &str) -> Override {
        Override {
            name: name.into(),
            path: PathBuf::from("mine").join(name),
            text: text.into(),
        }
    }

    #[test]
    fn the_line_that_wrote_the_output_is_blamed() {
        let overrides = [
            over("header.dg", "// {{ title | comment }}\n"),
            over(
                "record.dg",
                "m_Record = Map()\nm_Record.put({{ k | dg }}, {{ v | dg }});\n",
            ),
        ];
        let blame = blame(&overrides, "crm-request.dg", Some("m_Record = Map()")).unwrap();
        assert_eq!(blame.path, PathBuf::from("mine/record.dg"));
        assert_eq!(blame.line, Some(1));
        let blame = blame_put(&overrides);
        assert_eq!(blame.line, Some(2));
        // No override is in use: nobody to blame but delugen.
        assert_eq!(super::blame(&[], "x", Some("y")), None);
    }

    #[test]
    fn a_tera_error_is_blamed_on_the_override_it_points_into() {
        let overrides = [
            over("header.dg", "// {{ nothing }}\n"),
            over("grant-url.dg", "x"),
        ];
        let message = "error: Variable `nothing` is not defined\n --> header.dg:1:7\n  |\nnote: called from grant-url.dg:1:12";
        let blame = blame_error(&overrides, message).unwrap();
        assert_eq!(blame.path, PathBuf::from("mine/header.dg"));
        assert_eq!((blame.line, blame.column), (Some(1), Some(7)));
        assert_eq!(blame_error(&overrides[1..], message), None);
    }

    fn blame_put(overrides: &[Override]) -> Blame {
        blame(
            overrides,
            "crm-request.dg",
            Some("m_Record.put(\"a\", \"b\");"),
        )
        .unwrap()
    }
}
