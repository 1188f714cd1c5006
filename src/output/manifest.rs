//! The manifest delugen keeps in each spec folder: which files it wrote, with the hash of
//! what it wrote, so a later run can tell its own files from hand edits and strangers.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const FILE_NAME: &str = ".delugen-manifest.json";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The delugen version that wrote the folder.
    pub delugen: String,
    /// The spec the files came from, as given on the command line.
    pub spec: String,
    /// File name → SHA-256 of the content delugen wrote.
    pub files: BTreeMap<String, String>,
}

impl Manifest {
    /// The manifest in `folder`, or `None` when there is none yet.
    pub fn load(folder: &Path) -> io::Result<Option<Manifest>> {
        match std::fs::read_to_string(folder.join(FILE_NAME)) {
            Ok(text) => serde_json::from_str(&text).map(Some).map_err(|error| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "{} is not a delugen manifest: {error}",
                        folder.join(FILE_NAME).display()
                    ),
                )
            }),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(error),
        }
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// Hex SHA-256 of `bytes`.
pub fn hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
