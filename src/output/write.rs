//! Writing one spec's files: every file checked against the disk first, then each written
//! atomically (temporary file in the same folder, then rename), the manifest last.
//!
//! The whole read-compare-write holds the folder's lock, and the manifest records what is
//! about to be written before any file is replaced: a second run waits its turn, and a
//! run killed at any point leaves files the next run recognises as its own.

use std::io;
use std::path::{Path, PathBuf};

use super::folder::Folder;
use super::manifest::{self, Manifest, Owner};
use super::secrets_seen::SecretsSeen;
use super::state::{FileState, FolderError, SpecState, Stale, file_name, inspect, owner_of};
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
    /// Names in the folder the manifest does not list: left alone, even with --prune.
    pub unlisted: Vec<PathBuf>,
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

/// Writes one spec's files into its folder inside `out` (opened once for the run).
/// `spec` is the spec file; `spec_path` how it is shown and recorded.
pub fn write_spec(
    out: &Folder,
    spec: &Path,
    spec_path: &str,
    rendered: &Rendered,
    options: WriteOptions,
) -> Result<WriteReport, WriteError> {
    let owner = owner_of(spec, out.shown(), rendered).map_err(WriteError::Folder)?;
    // Opened (created when missing) and locked once; everything below goes through it.
    let folder = out
        .open_spec_for_writing(&rendered.spec_name)
        .map_err(|error| WriteError::Folder(error.into()))?;
    let state =
        inspect(&folder, spec_path, &owner, rendered, options.force).map_err(WriteError::Folder)?;
    let refused = refusals(&state, options);
    if !refused.is_empty() {
        return Err(WriteError::Refused(refused));
    }

    let mut report = WriteReport::default();
    for leftover in &state.leftovers {
        folder.remove(leftover)?;
        report.cleaned.push(state.shown(leftover));
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
    // The folder's secrets record keeps its key and what it saw (a stale or kept file
    // may still hold an old secret), and learns today's.
    let mut secrets = match old.and_then(|m| m.secrets.clone()) {
        Some(secrets) => secrets,
        None => SecretsSeen::fresh()?,
    };
    secrets.record(rendered.secrets.iter().map(String::as_str));
    let mut manifest = Manifest {
        delugen: env!("CARGO_PKG_VERSION").to_string(),
        spec: spec_path.to_string(),
        owner: Some(Owner {
            also: Vec::new(),
            ..owner
        }),
        files: Default::default(),
        previous: Default::default(),
        secrets: (!secrets.seen.is_empty()).then_some(secrets),
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
        write_manifest(&folder, &manifest)?;
    }
    for (file, file_state) in &state.files {
        let name = file_name(file);
        if *file_state == FileState::Same {
            report.unchanged += 1;
            continue;
        }
        folder.write_atomic(name, file.contents.as_bytes(), file.holds_secret)?;
        report.written.push(state.folder.join(name));
    }
    for stale in &state.stale {
        let path = state.folder.join(&stale.name);
        if removed.iter().any(|r| r.name == stale.name) {
            folder.remove(stale.name.as_ref())?;
            report.removed.push(path);
        } else {
            if stale.exposed.is_some() {
                // Kept, so at least private: it holds a secret.
                folder.make_private(&stale.name)?;
            }
            report.stale.push(path);
        }
    }
    report.unlisted = state.unlisted.iter().map(|n| state.shown(n)).collect();
    if !removed.is_empty() {
        for stale in &removed {
            manifest.files.remove(&stale.name);
        }
        write_manifest(&folder, &manifest)?;
    }
    Ok(report)
}

/// The manifest is private when it records secrets' hashes: they are keyed, but a short
/// secret could still be guessed by whoever reads the manifest.
fn write_manifest(folder: &Folder, manifest: &Manifest) -> io::Result<()> {
    folder.write_atomic(
        manifest::FILE_NAME,
        manifest.to_json().as_bytes(),
        manifest.secrets.is_some(),
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
                "is a link, a folder, a file with another name elsewhere (a hard link) or a file too large to be delugen's; delugen never writes through it",
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
