//! The manifest delugen keeps in each spec folder: which files it wrote, with the hash of
//! what it wrote, so a later run can tell its own files from hand edits and strangers.
//!
//! The manifest is a file on disk like any other: someone may have edited it, committed a
//! hostile one, or copied one from elsewhere. Every name in it is checked to be a plain
//! file name delugen could have written before anything is read, compared or removed.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::folder::{self, Disk};

pub const FILE_NAME: &str = ".delugen-manifest.json";

/// A manifest larger than this is not one delugen wrote.
const MAX_BYTES: u64 = 1024 * 1024;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The delugen version that wrote the folder.
    pub delugen: String,
    /// The spec the files came from, as given on the command line.
    pub spec: String,
    /// File name → SHA-256 of the content delugen wrote.
    pub files: BTreeMap<String, String>,
    /// File name → SHA-256 of the content the last run replaced. The manifest is written
    /// once, before any file is replaced, so until the renames are done a file may still
    /// hold this content: it stays recognised as delugen's, and a run killed half-way
    /// leaves nothing the next run would call a hand edit.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub previous: BTreeMap<String, String>,
}

impl Manifest {
    /// The manifest in `folder`, or `None` when there is none yet. An unreadable or
    /// implausible manifest is an error that says why, in words safe to print.
    pub fn load(folder: &Path) -> Result<Option<Manifest>, String> {
        let path = folder.join(FILE_NAME);
        let shown = path.display();
        let text = match folder::read(&path, MAX_BYTES) {
            Ok(Disk::Missing) => return Ok(None),
            Ok(Disk::File { text, .. }) => text,
            Ok(Disk::TooLarge) => {
                return Err(format!(
                    "{shown} is larger than 1 MiB; it is not a delugen manifest"
                ));
            }
            Ok(Disk::NotRegular) => {
                return Err(format!(
                    "{shown} is a link or not a regular file; delugen does not follow it"
                ));
            }
            Err(error) => return Err(format!("cannot read {shown}: {error}")),
        };
        let manifest: Manifest = serde_json::from_str(&text)
            .map_err(|error| format!("{shown} is not a delugen manifest: {error}"))?;
        manifest
            .check()
            .map_err(|why| format!("{shown} is not a delugen manifest: {why}"))?;
        Ok(Some(manifest))
    }

    /// Every value is one delugen could have written.
    fn check(&self) -> Result<(), String> {
        if !printable(&self.delugen, 64) {
            return Err("its delugen version is not a short line of text".to_string());
        }
        if !printable(&self.spec, 4096) {
            return Err("its spec is not a short line of text".to_string());
        }
        for (name, hash) in self.files.iter().chain(&self.previous) {
            if !is_plain_name(name) {
                return Err(format!(
                    "it names {}, which is not a file delugen writes (a plain name ending in .dg or .md, inside the folder)",
                    quote(name)
                ));
            }
            if !is_hash(hash) {
                return Err(format!("the hash of {name} is not a SHA-256"));
            }
        }
        Ok(())
    }

    /// Was this folder written from the spec file at `spec_path`? Compared by file name,
    /// so that running from another folder or a fresh clone still matches.
    pub fn written_from(&self, spec_path: &str) -> bool {
        file_name(&self.spec) == file_name(spec_path)
    }

    /// Is `bytes` what delugen wrote (now or before the last run replaced it) as `name`?
    pub fn recognises(&self, name: &str, bytes: &[u8]) -> Option<bool> {
        let recorded = self.files.get(name);
        let previous = self.previous.get(name);
        if recorded.is_none() && previous.is_none() {
            return None;
        }
        let actual = hash(bytes);
        Some(recorded == Some(&actual) || previous == Some(&actual))
    }

    /// Do the two record the same files from the same spec and version? (What the last
    /// run replaced does not matter once the disk agrees.)
    pub fn same_files(&self, other: &Manifest) -> bool {
        self.delugen == other.delugen && self.spec == other.spec && self.files == other.files
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// A name delugen writes into a spec folder: lowercase letters, digits, `-`, `_` and
/// dots, not starting with a dot, ending in `.dg` or `.md`. This rules out separators,
/// `..`, absolute paths, NUL and hidden files, on every platform.
pub fn is_plain_name(name: &str) -> bool {
    (4..=255).contains(&name.len())
        && !name.starts_with('.')
        && (name.ends_with(".dg") || name.ends_with(".md"))
        && name.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')
        })
        && !name.contains("..")
}

fn is_hash(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn printable(text: &str, max: usize) -> bool {
    text.len() <= max && !text.chars().any(char::is_control)
}

/// A name from the manifest, quoted with anything unprintable escaped.
fn quote(name: &str) -> String {
    let cut: String = name.chars().take(80).collect();
    format!("{:?}", cut)
}

/// Hex SHA-256 of `bytes`.
pub fn hash(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(64);
    for byte in Sha256::digest(bytes) {
        text.push(HEX[usize::from(byte >> 4)] as char);
        text.push(HEX[usize::from(byte & 0xf)] as char);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_names_delugen_writes_are_accepted() {
        for good in ["01-grant-url.dg", "handover.md", "create-lead.dg", "a_b.dg"] {
            assert!(is_plain_name(good), "{good}");
        }
        for bad in [
            "/etc/passwd",
            "../decoy.dg",
            "..\\decoy.dg",
            "x/../../y.dg",
            "sub/x.dg",
            ".delugen-manifest.json",
            ".hidden.dg",
            "a\0.dg",
            "notes.txt",
            "C:\\x.dg",
            "UPPER.dg",
            "",
            "..dg",
        ] {
            assert!(!is_plain_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn folders_are_matched_to_specs_by_file_name() {
        let manifest = Manifest {
            spec: "specs/acme.yaml".into(),
            ..Manifest::default()
        };
        assert!(manifest.written_from("./specs/acme.yaml"));
        assert!(manifest.written_from("/home/me/repo/specs/acme.yaml"));
        assert!(!manifest.written_from("specs/other.yaml"));
    }
}
