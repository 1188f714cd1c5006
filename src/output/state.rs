//! Rendered files against what is on disk: the one comparison that writing, checking
//! and diffing all share.

use std::io;
use std::path::{Path, PathBuf};

use super::manifest::{self, Manifest};
use crate::render::{Rendered, RenderedFile};

/// Where one rendered file stands against the disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileState {
    /// On disk with exactly the rendered content.
    Same,
    /// Not on disk yet.
    Missing,
    /// On disk as delugen last wrote it; the new content differs.
    Outdated { disk: String },
    /// On disk, but not as delugen last wrote it: someone edited it.
    HandEdited { disk: String },
    /// On disk, and delugen never wrote it.
    Foreign { disk: String },
}

/// A file delugen wrote earlier that the spec no longer produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    pub name: String,
    pub disk: String,
    pub hand_edited: bool,
}

/// One spec's folder compared with its rendered files.
#[derive(Debug)]
pub struct SpecState<'r> {
    pub folder: PathBuf,
    pub manifest: Option<Manifest>,
    pub files: Vec<(&'r RenderedFile, FileState)>,
    pub stale: Vec<Stale>,
}

impl SpecState<'_> {
    /// Would writing change anything on disk?
    pub fn drifted(&self) -> bool {
        !self.stale.is_empty()
            || self
                .files
                .iter()
                .any(|(_, state)| *state != FileState::Same)
    }
}

/// The file name inside the spec folder (`acme/01-x.dg` → `01-x.dg`).
pub fn file_name(file: &RenderedFile) -> &str {
    file.path.rsplit('/').next().unwrap_or(&file.path)
}

fn read_if_present(path: &Path) -> io::Result<Option<String>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error),
    }
}

pub fn inspect<'r>(dir: &Path, rendered: &'r Rendered) -> io::Result<SpecState<'r>> {
    let folder = dir.join(&rendered.spec_name);
    if !folder.exists() {
        // A first render: nothing to read (which, on slow file systems, is worth skipping).
        let files = rendered
            .files
            .iter()
            .map(|f| (f, FileState::Missing))
            .collect();
        return Ok(SpecState {
            folder,
            manifest: None,
            files,
            stale: Vec::new(),
        });
    }
    let manifest = Manifest::load(&folder)?;
    let recorded = |name: &str| manifest.as_ref().and_then(|m| m.files.get(name));
    let mut files = Vec::with_capacity(rendered.files.len());
    for file in &rendered.files {
        let name = file_name(file);
        let state = match read_if_present(&folder.join(name))? {
            None => FileState::Missing,
            Some(disk) if disk == file.contents => FileState::Same,
            Some(disk) => match recorded(name) {
                None => FileState::Foreign { disk },
                Some(hash) if *hash == manifest::hash(disk.as_bytes()) => {
                    FileState::Outdated { disk }
                }
                Some(_) => FileState::HandEdited { disk },
            },
        };
        files.push((file, state));
    }
    let mut stale = Vec::new();
    if let Some(manifest) = &manifest {
        for (name, hash) in &manifest.files {
            if rendered.files.iter().any(|f| file_name(f) == name) {
                continue;
            }
            if let Some(disk) = read_if_present(&folder.join(name))? {
                let hand_edited = *hash != manifest::hash(disk.as_bytes());
                stale.push(Stale {
                    name: name.clone(),
                    disk,
                    hand_edited,
                });
            }
        }
    }
    Ok(SpecState {
        folder,
        manifest,
        files,
        stale,
    })
}
