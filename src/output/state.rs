//! Rendered files against what is on disk: the one comparison that writing, checking
//! and diffing all share.

use std::collections::BTreeSet;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

use super::folder::{Disk, Folder, MAX_FILE_BYTES, OpenError, TEMP_PREFIX};
use super::manifest::{self, Manifest, Owner};
use super::{owner, secrets_seen};
use crate::redact::Redactor;
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
    /// Its content; `None` when it is not a regular file with one name (never read,
    /// never removed).
    pub disk: Option<String>,
    pub hand_edited: bool,
    /// It holds a secret (today's, or one recorded before a rotation) and is readable
    /// by others: its mode, which render makes 0600.
    pub exposed: Option<u32>,
}

/// One spec's folder compared with its rendered files.
#[derive(Debug)]
pub struct SpecState<'r> {
    pub folder: PathBuf,
    pub manifest: Option<Manifest>,
    pub files: Vec<(&'r RenderedFile, FileState)>,
    pub stale: Vec<Stale>,
    /// Temporary files a killed run left behind.
    pub leftovers: Vec<OsString>,
    /// Anything else in the folder that the manifest does not list: never read, never
    /// removed, always reported.
    pub unlisted: Vec<OsString>,
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
            unlisted: Vec::new(),
        }
    }

    /// Would writing change anything on disk (or is something there delugen does not
    /// know)?
    pub fn drifted(&self) -> bool {
        !self.stale.is_empty()
            || !self.leftovers.is_empty()
            || !self.unlisted.is_empty()
            || self
                .files
                .iter()
                .any(|(_, state)| *state != FileState::Same)
    }

    /// A name in the folder as messages show it.
    pub fn shown(&self, name: &OsStr) -> PathBuf {
        self.folder.join(name)
    }
}

/// Why a folder cannot be compared (and so must not be written).
#[derive(Debug)]
pub enum FolderError {
    /// The folder, or its manifest, is not what delugen writes: nothing was read from it.
    Untrusted(String),
    /// The folder was written from another spec file with the same name: a message
    /// naming both.
    OtherSpec(String),
    Io(String),
}

impl std::fmt::Display for FolderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FolderError::Untrusted(why) | FolderError::Io(why) => f.write_str(why),
            FolderError::OtherSpec(why) => f.write_str(why),
        }
    }
}

impl From<OpenError> for FolderError {
    fn from(error: OpenError) -> Self {
        match error {
            OpenError::NotAFolder(why) => FolderError::Untrusted(why),
            OpenError::Io(why) => FolderError::Io(why),
        }
    }
}

/// The file name inside the spec folder (`acme/01-x.dg` → `01-x.dg`).
pub fn file_name(file: &RenderedFile) -> &str {
    file.path.rsplit('/').next().unwrap_or(&file.path)
}

/// The owner a manifest records for `rendered`, the spec at `spec`, written into `out`.
pub fn owner_of(spec: &Path, out: &Path, rendered: &Rendered) -> Result<Owner, FolderError> {
    let mut origins = owner::origins(spec, out).map_err(FolderError::Untrusted)?;
    let origin = origins.remove(0);
    Ok(Owner {
        origin,
        also: origins,
        ..rendered.owner.clone()
    })
}

/// Compares `rendered` with the spec folder `folder` (shown as `shown`), through its
/// handle. The caller holds the folder's lock. `adopt` accepts a folder written from
/// another spec file of the same name.
pub fn inspect<'r>(
    folder: &Folder,
    spec_path: &str,
    owner: &Owner,
    rendered: &'r Rendered,
    adopt: bool,
) -> Result<SpecState<'r>, FolderError> {
    let shown = folder.shown().to_path_buf();
    let manifest = Manifest::load(folder).map_err(FolderError::Untrusted)?;
    if let Some(manifest) = &manifest
        && !adopt
        && !manifest.written_from(spec_path, owner)
    {
        let mut why = format!(
            "{} was written from {}",
            crate::shown::path(&shown),
            crate::shown::file(&manifest.spec)
        );
        if let Some(theirs) = &manifest.owner {
            why.push_str(&format!(" ({})", theirs.describe()));
        }
        why.push_str(&format!(
            ", not from {} ({}): another spec with the same name",
            crate::shown::file(spec_path),
            owner.describe()
        ));
        return Err(FolderError::OtherSpec(why));
    }
    let io = |error: std::io::Error| {
        FolderError::Io(format!("cannot read {}: {error}", shown.display()))
    };
    let mut files = Vec::with_capacity(rendered.files.len());
    for file in &rendered.files {
        let name = file_name(file);
        let state = match folder.read(name, MAX_FILE_BYTES).map_err(io)? {
            Disk::Missing => FileState::Missing,
            Disk::NotRegular | Disk::TooLarge => FileState::NotRegular,
            // Compared as bytes: a file that is not UTF-8 is never taken for one that is.
            Disk::File { bytes, mode } if bytes == file.contents.as_bytes() => {
                if file.holds_secret && mode & 0o077 != 0 {
                    FileState::Exposed { mode }
                } else {
                    FileState::Same
                }
            }
            Disk::File { bytes, .. } => {
                let disk = String::from_utf8_lossy(&bytes).into_owned();
                match manifest.as_ref().and_then(|m| m.recognises(name, &bytes)) {
                    None => FileState::Foreign { disk },
                    Some(true) => FileState::Outdated { disk },
                    Some(false) => FileState::HandEdited { disk },
                }
            }
        };
        files.push((file, state));
    }
    let secrets = Redactor::new(rendered.secrets.iter().map(String::as_str));
    let seen = manifest.as_ref().and_then(|m| m.secrets.as_ref());
    let mut stale = Vec::new();
    if let Some(manifest) = &manifest {
        let names = manifest.files.keys().chain(manifest.previous.keys());
        let mut seen_names = BTreeSet::new();
        for name in names {
            if !seen_names.insert(name) || rendered.files.iter().any(|f| file_name(f) == name) {
                continue;
            }
            match folder.read(name, MAX_FILE_BYTES).map_err(io)? {
                Disk::Missing => {}
                Disk::File { bytes, mode } => {
                    let hand_edited = manifest.recognises(name, &bytes) != Some(true);
                    let text = String::from_utf8_lossy(&bytes).into_owned();
                    let holds_secret = secrets_seen::holds(&text, &secrets)
                        || seen.is_some_and(|seen| seen.found_in(&text));
                    stale.push(Stale {
                        name: name.clone(),
                        disk: Some(text),
                        hand_edited,
                        exposed: (holds_secret && mode & 0o077 != 0).then_some(mode),
                    });
                }
                Disk::NotRegular | Disk::TooLarge => stale.push(Stale {
                    name: name.clone(),
                    disk: None,
                    hand_edited: true,
                    exposed: None,
                }),
            }
        }
    }
    let mut leftovers = Vec::new();
    let mut unlisted = Vec::new();
    for (name, is_folder) in folder.names().map_err(io)? {
        let known = name.to_str().is_some_and(|name| {
            name == manifest::FILE_NAME
                || rendered.files.iter().any(|f| file_name(f) == name)
                || manifest
                    .as_ref()
                    .is_some_and(|m| m.files.contains_key(name) || m.previous.contains_key(name))
        });
        // A folder named like a temporary file is not one delugen made: unlisted.
        if name.as_encoded_bytes().starts_with(TEMP_PREFIX.as_bytes()) && !is_folder {
            leftovers.push(name);
        } else if !known {
            unlisted.push(name);
        }
    }
    Ok(SpecState {
        folder: shown,
        manifest,
        files,
        stale,
        leftovers,
        unlisted,
    })
}

/// [`inspect`] under a shared lock, for commands that only read (diff, --check): a run
/// writing into the folder at the same time finishes first. `out` is `None` when the
/// output folder does not exist.
pub fn inspect_shared<'r>(
    out: Option<&Folder>,
    dir: &Path,
    spec: &Path,
    spec_path: &str,
    rendered: &'r Rendered,
) -> Result<SpecState<'r>, FolderError> {
    let shown = dir.join(&rendered.spec_name);
    let Some(out) = out else {
        return Ok(SpecState::empty(shown, rendered));
    };
    let Some(folder) = out.open_spec_for_reading(&rendered.spec_name)? else {
        // Nothing to read (which, on slow file systems, is worth skipping).
        return Ok(SpecState::empty(shown, rendered));
    };
    let owner = owner_of(spec, dir, rendered)?;
    inspect(&folder, spec_path, &owner, rendered, false)
}
