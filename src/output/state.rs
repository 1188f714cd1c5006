//! Rendered files against what is on disk: the one comparison that writing, checking
//! and diffing all share.

use std::path::{Path, PathBuf};

use super::folder::{self, Disk, MAX_FILE_BYTES};
use super::manifest::Manifest;
use crate::render::{Rendered, RenderedFile};

/// Where one rendered file stands against the disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileState {
    /// On disk with exactly the rendered content (and, for a secret, private).
    Same,
    /// Not on disk yet.
    Missing,
    /// On disk as delugen last wrote it; the new content differs.
    Outdated { disk: String },
    /// On disk, but not as delugen last wrote it: someone edited it.
    HandEdited { disk: String },
    /// On disk, and delugen never wrote it.
    Foreign { disk: String },
    /// A link, folder or other non-file (or a file too large to be delugen's) stands where
    /// the file belongs. Never read, never written through.
    NotRegular,
    /// The content is right, but a file holding a secret is readable by others.
    Exposed { mode: u32 },
}

/// A file delugen wrote earlier that the spec no longer produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    pub name: String,
    /// Its content; `None` when it is not a regular file (never read, never removed).
    pub disk: Option<String>,
    pub hand_edited: bool,
}

/// One spec's folder compared with its rendered files.
#[derive(Debug)]
pub struct SpecState<'r> {
    pub folder: PathBuf,
    pub manifest: Option<Manifest>,
    pub files: Vec<(&'r RenderedFile, FileState)>,
    pub stale: Vec<Stale>,
    /// Temporary files a killed run left behind.
    pub leftovers: Vec<PathBuf>,
}

impl<'r> SpecState<'r> {
    /// A folder with nothing in it yet: every file missing.
    pub fn empty(folder: PathBuf, rendered: &'r Rendered) -> Self {
        SpecState {
            folder,
            manifest: None,
            files: rendered
                .files
                .iter()
                .map(|f| (f, FileState::Missing))
                .collect(),
            stale: Vec::new(),
            leftovers: Vec::new(),
        }
    }

    /// Would writing change anything on disk?
    pub fn drifted(&self) -> bool {
        !self.stale.is_empty()
            || !self.leftovers.is_empty()
            || self
                .files
                .iter()
                .any(|(_, state)| *state != FileState::Same)
    }
}

/// Why a folder cannot be compared (and so must not be written).
#[derive(Debug)]
pub enum FolderError {
    /// The folder, or its manifest, is not what delugen writes: nothing was read from it.
    Untrusted(String),
    /// The folder was written from another spec file with the same name.
    OtherSpec {
        folder: PathBuf,
        spec: String,
    },
    Io(String),
}

impl std::fmt::Display for FolderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FolderError::Untrusted(why) | FolderError::Io(why) => f.write_str(why),
            FolderError::OtherSpec { folder, spec } => write!(
                f,
                "{} was written from {spec}, another spec with the same name",
                folder.display()
            ),
        }
    }
}

/// The file name inside the spec folder (`acme/01-x.dg` → `01-x.dg`).
pub fn file_name(file: &RenderedFile) -> &str {
    file.path.rsplit('/').next().unwrap_or(&file.path)
}

/// Compares `rendered` with `dir/<spec name>`. The caller holds the folder's lock.
/// `adopt` accepts a folder written from another spec file of the same name.
pub fn inspect<'r>(
    dir: &Path,
    spec_path: &str,
    rendered: &'r Rendered,
    adopt: bool,
) -> Result<SpecState<'r>, FolderError> {
    let folder = dir.join(&rendered.spec_name);
    if !folder::check_is_folder(&folder).map_err(FolderError::Untrusted)? {
        // A first render: nothing to read (which, on slow file systems, is worth skipping).
        return Ok(SpecState::empty(folder, rendered));
    }
    let manifest = Manifest::load(&folder).map_err(FolderError::Untrusted)?;
    if let Some(manifest) = &manifest
        && !adopt
        && !manifest.written_from(spec_path)
    {
        return Err(FolderError::OtherSpec {
            folder,
            spec: manifest.spec.clone(),
        });
    }
    let io = |error: std::io::Error| {
        FolderError::Io(format!("cannot read {}: {error}", folder.display()))
    };
    let mut files = Vec::with_capacity(rendered.files.len());
    for file in &rendered.files {
        let name = file_name(file);
        let state = match folder::read(&folder.join(name), MAX_FILE_BYTES).map_err(io)? {
            Disk::Missing => FileState::Missing,
            Disk::NotRegular | Disk::TooLarge => FileState::NotRegular,
            Disk::File { text, mode } if text == file.contents => {
                if file.holds_secret && mode & 0o077 != 0 {
                    FileState::Exposed { mode }
                } else {
                    FileState::Same
                }
            }
            Disk::File { text, .. } => {
                match manifest
                    .as_ref()
                    .and_then(|m| m.recognises(name, text.as_bytes()))
                {
                    None => FileState::Foreign { disk: text },
                    Some(true) => FileState::Outdated { disk: text },
                    Some(false) => FileState::HandEdited { disk: text },
                }
            }
        };
        files.push((file, state));
    }
    let mut stale = Vec::new();
    if let Some(manifest) = &manifest {
        let names = manifest.files.keys().chain(manifest.previous.keys());
        let mut seen = std::collections::BTreeSet::new();
        for name in names {
            if !seen.insert(name) || rendered.files.iter().any(|f| file_name(f) == name) {
                continue;
            }
            match folder::read(&folder.join(name), MAX_FILE_BYTES).map_err(io)? {
                Disk::Missing => {}
                Disk::File { text, .. } => {
                    let hand_edited = manifest.recognises(name, text.as_bytes()) != Some(true);
                    stale.push(Stale {
                        name: name.clone(),
                        disk: Some(text),
                        hand_edited,
                    });
                }
                Disk::NotRegular | Disk::TooLarge => stale.push(Stale {
                    name: name.clone(),
                    disk: None,
                    hand_edited: true,
                }),
            }
        }
    }
    let leftovers = folder::leftovers(&folder).map_err(io)?;
    Ok(SpecState {
        folder,
        manifest,
        files,
        stale,
        leftovers,
    })
}

/// [`inspect`] under a shared lock, for commands that only read (diff, --check): a run
/// writing into the folder at the same time finishes first.
pub fn inspect_shared<'r>(
    dir: &Path,
    spec_path: &str,
    rendered: &'r Rendered,
) -> Result<SpecState<'r>, FolderError> {
    let folder = dir.join(&rendered.spec_name);
    let _lock = if folder::check_is_folder(&folder).map_err(FolderError::Untrusted)? {
        Some(folder::FolderLock::shared(&folder).map_err(FolderError::Io)?)
    } else {
        None
    };
    inspect(dir, spec_path, rendered, false)
}
