//! Where a spec file is, as the manifest records its owner: relative to the repository
//! holding it (the nearest folder above it with a `.git`), or to the output folder when it
//! is in none. Both stay the same in a fresh clone and from another working folder; the
//! path as typed on the command line would not.

use std::path::{Component, Path};

/// Where the spec is, as recorded: `repo:teamA/leads.yaml` inside a repository, else
/// `out:../specs/leads.yaml`; then the other forms that name the same file, so that a
/// folder written before `git init` still matches (`out:` is always among them). A spec
/// whose path is not UTF-8 is refused: the manifest keeps paths exact or not at all.
pub fn origins(spec: &Path, out: &Path) -> Result<Vec<String>, String> {
    if spec.to_str().is_none() {
        return Err(format!(
            "the spec's path {} is not valid UTF-8, and the manifest records it exactly or not at all; rename the file",
            spec.display()
        ));
    }
    let spec = std::fs::canonicalize(spec)
        .map_err(|error| format!("cannot find where {} is: {error}", spec.display()))?;
    let repository = spec
        .ancestors()
        .skip(1)
        .find(|folder| std::fs::symlink_metadata(folder.join(".git")).is_ok());
    let mut found = Vec::new();
    if let Some(root) = repository {
        let inside = spec.strip_prefix(root).unwrap_or(&spec);
        found.push(format!("repo:{}", joined(inside)?));
    }
    let out = std::fs::canonicalize(out)
        .map_err(|error| format!("cannot find where {} is: {error}", out.display()))?;
    found.push(format!("out:{}", joined(&relative(&spec, &out))?));
    Ok(found)
}

/// `to` as seen from the folder `from` (both absolute).
fn relative(to: &Path, from: &Path) -> std::path::PathBuf {
    let to: Vec<Component> = to.components().collect();
    let from: Vec<Component> = from.components().collect();
    let shared = to.iter().zip(&from).take_while(|(a, b)| a == b).count();
    let mut path = std::path::PathBuf::new();
    for _ in shared..from.len() {
        path.push("..");
    }
    for part in &to[shared..] {
        path.push(part);
    }
    path
}

fn joined(path: &Path) -> Result<String, String> {
    let parts: Option<Vec<&str>> = path.iter().map(|part| part.to_str()).collect();
    parts.map(|parts| parts.join("/")).ok_or_else(|| {
        format!(
            "the spec's path {} is not valid UTF-8, and the manifest records it exactly or not at all; rename the folder",
            path.display()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spec_outside_any_repository_is_placed_relative_to_the_output_folder() {
        let root = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(root.path()).unwrap();
        std::fs::create_dir_all(root.join("teamA")).unwrap();
        std::fs::create_dir_all(root.join("out")).unwrap();
        std::fs::write(root.join("teamA/leads.yaml"), "").unwrap();
        assert_eq!(
            origins(&root.join("teamA/leads.yaml"), &root.join("out")).unwrap(),
            ["out:../teamA/leads.yaml"]
        );
        std::fs::create_dir(root.join(".git")).unwrap();
        assert_eq!(
            origins(&root.join("teamA/leads.yaml"), &root.join("out")).unwrap(),
            ["repo:teamA/leads.yaml", "out:../teamA/leads.yaml"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_path_that_is_not_utf8_is_refused() {
        use std::os::unix::ffi::OsStrExt;
        let root = tempfile::tempdir().unwrap();
        let spec = root.path().join(std::ffi::OsStr::from_bytes(b"s\xff.yaml"));
        std::fs::write(&spec, "").unwrap();
        let error = origins(&spec, root.path()).unwrap_err();
        assert!(error.contains("is not valid UTF-8"), "{error}");
    }
}
