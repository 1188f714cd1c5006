//! Writing one spec's files: every file checked against the disk first, then each written
//! atomically (temporary file in the same folder, then rename), the manifest last.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::manifest::{self, Manifest};
use super::state::{FileState, SpecState, file_name, inspect};
use crate::render::Rendered;

#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions {
    /// Overwrite files someone edited by hand (and prune them when stale).
    pub force: bool,
    /// Remove files the spec no longer produces.
    pub prune: bool,
}

/// What writing one spec did.
#[derive(Debug, Default)]
pub struct WriteReport {
    pub written: Vec<PathBuf>,
    pub unchanged: usize,
    pub removed: Vec<PathBuf>,
    /// Stale files left in place (no --prune, or hand-edited without --force).
    pub stale: Vec<PathBuf>,
}

/// Why a spec's files were not written. Nothing of that spec was touched.
#[derive(Debug)]
pub enum WriteError {
    /// Files that would be overwritten but must not be.
    Refused(Vec<(PathBuf, &'static str)>),
    Io(io::Error),
}

impl From<io::Error> for WriteError {
    fn from(error: io::Error) -> Self {
        WriteError::Io(error)
    }
}

pub fn write_spec(
    dir: &Path,
    spec_path: &str,
    rendered: &Rendered,
    options: WriteOptions,
) -> Result<WriteReport, WriteError> {
    let state = inspect(dir, rendered)?;
    let refused = refusals(&state, options);
    if !refused.is_empty() {
        return Err(WriteError::Refused(refused));
    }

    std::fs::create_dir_all(&state.folder)?;
    let mut report = WriteReport::default();
    let mut recorded = state.manifest.clone().unwrap_or_default().files;
    for (file, file_state) in &state.files {
        let name = file_name(file);
        let target = state.folder.join(name);
        if *file_state == FileState::Same {
            report.unchanged += 1;
        } else {
            atomic_write(&target, file.contents.as_bytes(), file.holds_secret)?;
            report.written.push(target);
        }
        recorded.insert(name.to_string(), manifest::hash(file.contents.as_bytes()));
    }
    for stale in &state.stale {
        let path = state.folder.join(&stale.name);
        if options.prune && (!stale.hand_edited || options.force) {
            std::fs::remove_file(&path)?;
            recorded.remove(&stale.name);
            report.removed.push(path);
        } else {
            report.stale.push(path);
        }
    }
    // Entries for files that are gone from disk are dropped.
    recorded.retain(|name, _| state.folder.join(name).exists());
    let manifest = Manifest {
        delugen: env!("CARGO_PKG_VERSION").to_string(),
        spec: spec_path.to_string(),
        files: recorded,
    };
    if state.manifest.as_ref() != Some(&manifest) {
        atomic_write(
            &state.folder.join(manifest::FILE_NAME),
            manifest.to_json().as_bytes(),
            false,
        )?;
    }
    Ok(report)
}

/// Why a file is refused: edited by hand (`--force` overwrites it) ...
pub const HAND_EDITED: &str = "was edited by hand since delugen wrote it";
/// ... or never written by delugen (nothing overwrites it).
pub const FOREIGN: &str = "exists and was not written by delugen";

/// Files that must not be overwritten: hand edits (unless forced) and files delugen
/// never wrote (never).
fn refusals(state: &SpecState, options: WriteOptions) -> Vec<(PathBuf, &'static str)> {
    let mut refused = Vec::new();
    for (file, file_state) in &state.files {
        let path = state.folder.join(file_name(file));
        match file_state {
            FileState::HandEdited { .. } if !options.force => refused.push((path, HAND_EDITED)),
            FileState::Foreign { .. } => refused.push((path, FOREIGN)),
            _ => {}
        }
    }
    refused
}

/// Writes `contents` to `target` so that a reader sees either the old file or the new one.
/// (Atomic for readers; not a durability guarantee against power loss.)
/// The folder must exist.
pub fn atomic_write(target: &Path, contents: &[u8], secret: bool) -> io::Result<()> {
    let folder = target.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(folder)?;
    temp.write_all(contents)?;
    set_mode(temp.as_file(), secret)?;
    // No fsync per file: the rename is what makes the write atomic for readers, and
    // syncing thousands of small files made a 1,000-spec render take seconds.
    temp.persist(target).map_err(|e| e.error)?;
    Ok(())
}

/// Files holding a secret are readable by their owner only.
#[cfg(unix)]
fn set_mode(file: &std::fs::File, secret: bool) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = if secret { 0o600 } else { 0o644 };
    file.set_permissions(std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_: &std::fs::File, _: bool) -> io::Result<()> {
    Ok(())
}
