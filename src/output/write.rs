//! Writing one spec's files: every file checked against the disk first, then each written
//! atomically (temporary file in the same folder, then rename), the manifest last.
//!
//! The whole read-compare-write holds the folder's lock, and the manifest records what is
//! about to be written before any file is replaced: a second run waits its turn, and a
//! run killed at any point leaves files the next run recognises as its own.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::folder::{self, FolderLock, TEMP_PREFIX};
use super::manifest::{self, Manifest};
use super::state::{FileState, FolderError, SpecState, Stale, file_name, inspect};
use crate::render::Rendered;

#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions {
    /// Overwrite files someone edited by hand (and prune them when stale), and take over
    /// a folder written from another spec file of the same name.
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
    /// Temporary files of an interrupted run, removed.
    pub cleaned: Vec<PathBuf>,
}

/// Why a spec's files were not written. Nothing of that spec was touched.
#[derive(Debug)]
pub enum WriteError {
    /// Files that would be overwritten but must not be, and whether --force would help.
    Refused(Vec<Refusal>),
    /// The folder or its manifest cannot be trusted, or belongs to another spec.
    Folder(FolderError),
    Io(io::Error),
}

#[derive(Debug)]
pub struct Refusal {
    pub path: PathBuf,
    pub why: &'static str,
    /// Would `--force` overwrite it?
    pub forceable: bool,
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
    let folder = dir.join(&rendered.spec_name);
    let untrusted = |why| WriteError::Folder(FolderError::Untrusted(why));
    let mut created = false;
    if !folder::check_is_folder(&folder).map_err(untrusted)? {
        std::fs::create_dir_all(dir)?;
        match std::fs::create_dir(&folder) {
            Ok(()) => created = true,
            // Another run created it a moment ago: read it like any existing folder.
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
                folder::check_is_folder(&folder).map_err(untrusted)?;
            }
            Err(error) => return Err(error.into()),
        }
    }
    let _lock =
        FolderLock::exclusive(&folder).map_err(|why| WriteError::Folder(FolderError::Io(why)))?;
    // A folder this run just made holds nothing to compare (the lock keeps others out).
    let state = if created {
        SpecState::empty(folder, rendered)
    } else {
        inspect(dir, spec_path, rendered, options.force).map_err(WriteError::Folder)?
    };
    let refused = refusals(&state, options);
    if !refused.is_empty() {
        return Err(WriteError::Refused(refused));
    }

    let mut report = WriteReport::default();
    for leftover in &state.leftovers {
        std::fs::remove_file(leftover)?;
        report.cleaned.push(leftover.clone());
    }
    let old = state.manifest.as_ref();
    let old_hash = |name: &str| old.and_then(|m| m.files.get(name)).cloned();
    let new_hashes: Vec<String> = state
        .files
        .iter()
        .map(|(file, _)| manifest::hash(file.contents.as_bytes()))
        .collect();
    let removed: Vec<&Stale> = state
        .stale
        .iter()
        .filter(|stale| {
            options.prune && stale.disk.is_some() && (!stale.hand_edited || options.force)
        })
        .collect();
    let mut manifest = Manifest {
        delugen: env!("CARGO_PKG_VERSION").to_string(),
        spec: spec_path.to_string(),
        files: Default::default(),
        previous: Default::default(),
    };
    for ((file, file_state), hash) in state.files.iter().zip(&new_hashes) {
        let name = file_name(file);
        manifest.files.insert(name.to_string(), hash.clone());
        // What is on disk until the rename stays delugen's, so a run killed half-way
        // leaves only files the next run recognises.
        let disk = match file_state {
            FileState::Outdated { disk } | FileState::HandEdited { disk } => Some(disk),
            _ => None,
        };
        if let Some(disk) = disk {
            manifest
                .previous
                .insert(name.to_string(), manifest::hash(disk.as_bytes()));
        }
    }
    for stale in &state.stale {
        if let Some(hash) = old_hash(&stale.name) {
            manifest.files.insert(stale.name.clone(), hash);
        }
    }
    // One manifest write, before any file is replaced: it is the record of intent and,
    // once the renames are done, the record of what is on disk.
    if old.is_none_or(|old| !old.same_files(&manifest)) {
        write_manifest(&state.folder, &manifest)?;
    }
    // Temporary files go into the folder by its absolute path, worked out once.
    let absolute = std::path::absolute(&state.folder)?;
    for (file, file_state) in &state.files {
        let name = file_name(file);
        if *file_state == FileState::Same {
            report.unchanged += 1;
            continue;
        }
        atomic_write(
            &absolute.join(name),
            file.contents.as_bytes(),
            file.holds_secret,
        )?;
        report.written.push(state.folder.join(name));
    }
    for stale in &state.stale {
        let path = state.folder.join(&stale.name);
        if removed.iter().any(|r| r.name == stale.name) {
            std::fs::remove_file(&path)?;
            report.removed.push(path);
        } else {
            report.stale.push(path);
        }
    }
    if !removed.is_empty() {
        for stale in &removed {
            manifest.files.remove(&stale.name);
        }
        write_manifest(&state.folder, &manifest)?;
    }
    Ok(report)
}

fn write_manifest(folder: &Path, manifest: &Manifest) -> io::Result<()> {
    atomic_write(
        &folder.join(manifest::FILE_NAME),
        manifest.to_json().as_bytes(),
        false,
    )
}

/// Files that must not be overwritten: hand edits (unless forced), files delugen never
/// wrote and anything that is not a regular file (never).
fn refusals(state: &SpecState, options: WriteOptions) -> Vec<Refusal> {
    let mut refused = Vec::new();
    for (file, file_state) in &state.files {
        let path = state.folder.join(file_name(file));
        let (why, forceable) = match file_state {
            FileState::HandEdited { .. } if !options.force => {
                ("was edited by hand since delugen wrote it", true)
            }
            FileState::Foreign { .. } => ("exists and was not written by delugen", false),
            FileState::NotRegular => (
                "is a link, a folder or a file too large to be delugen's; delugen never writes through it",
                false,
            ),
            _ => continue,
        };
        refused.push(Refusal {
            path,
            why,
            forceable,
        });
    }
    refused
}

/// Writes `contents` to `target` so that a reader sees either the old file or the new one.
/// (Atomic for readers; not a durability guarantee against power loss.)
/// The folder must exist. The rename replaces a link rather than writing through it.
pub fn atomic_write(target: &Path, contents: &[u8], secret: bool) -> io::Result<()> {
    let folder = target.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(folder)?;
    temp.write_all(contents)?;
    // The temporary file is created readable by its owner only (0600), which is what a
    // secret needs; the others are opened up.
    if !secret {
        set_mode(temp.as_file(), false)?;
    }
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
