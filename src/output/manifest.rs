//! The manifest delugen keeps in each spec folder: which files it wrote, with the hash of
//! what it wrote, so a later run can tell its own files from hand edits and strangers.
//!
//! The manifest is a file on disk like any other: someone may have edited it, committed a
//! hostile one, or copied one from elsewhere. Every name in it is checked to be a plain
//! file name delugen could have written before anything is read, compared or removed.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};
use sha2::{Digest, Sha256};

use super::folder::{Disk, Folder};
use super::secrets_seen::SecretsSeen;

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
    /// Which spec owns the folder. Missing in manifests of delugen 0.1.0 and earlier,
    /// which are matched by the spec's file name and upgraded on the next write.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Owner>,
    /// File name → SHA-256 of the content delugen wrote.
    #[serde(deserialize_with = "unique_keys")]
    pub files: BTreeMap<String, String>,
    /// File name → SHA-256 of the content the last run replaced. The manifest is written
    /// once, before any file is replaced, so until the renames are done a file may still
    /// hold this content: it stays recognised as delugen's, and a run killed half-way
    /// leaves nothing the next run would call a hand edit.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "unique_keys"
    )]
    pub previous: BTreeMap<String, String>,
    /// Keyed hashes of the secrets written into the folder, so a rotated one still on
    /// disk is recognised and never printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secrets: Option<SecretsSeen>,
}

/// What tells two specs with the same `name` apart: where the spec file is (relative to
/// its repository, or to the output folder when it is in none, so that a fresh clone or
/// another working folder still matches), and what it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Owner {
    /// `repo:<path inside the repository>` or `out:<path relative to the output folder>`,
    /// with `/` between folders.
    pub origin: String,
    /// Other forms naming the same spec file (matched, never recorded).
    #[serde(skip)]
    pub also: Vec<String>,
    pub product: String,
    pub region: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub client_id: String,
}

impl Owner {
    /// `specs/leads.yaml in the repository (crm, us, client 1000.X)`, for messages.
    pub fn describe(&self) -> String {
        let place = match self.origin.split_once(':') {
            Some(("repo", path)) => format!("{} in the repository", crate::shown::file(path)),
            Some(("out", path)) => format!("{} from the output folder", crate::shown::file(path)),
            _ => crate::shown::file(&self.origin),
        };
        let client = if self.client_id.is_empty() {
            String::new()
        } else {
            format!(", client {}", quote(&self.client_id))
        };
        format!("{place}: {} in {}{client}", self.product, self.region)
    }
}

/// A map whose keys must each appear once: JSON allows a key twice, and the map would
/// silently keep the last, so a manifest could show one hash to a reader and mean another.
fn unique_keys<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<String, String>, D::Error> {
    struct Unique;
    impl<'de> serde::de::Visitor<'de> for Unique {
        type Value = BTreeMap<String, String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map of file names to hashes")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut found = BTreeMap::new();
            while let Some((key, value)) = map.next_entry::<String, String>()? {
                if found.contains_key(&key) {
                    return Err(serde::de::Error::custom(format!(
                        "it names {} twice",
                        quote(&key)
                    )));
                }
                found.insert(key, value);
            }
            Ok(found)
        }
    }
    deserializer.deserialize_map(Unique)
}

impl Manifest {
    /// The manifest in `folder`, or `None` when there is none yet. An unreadable or
    /// implausible manifest is an error that says why, in words safe to print.
    pub fn load(folder: &Folder) -> Result<Option<Manifest>, String> {
        let path = folder.shown().join(FILE_NAME);
        let shown = path.display();
        let bytes = match folder.read(FILE_NAME, MAX_BYTES) {
            Ok(Disk::Missing) => return Ok(None),
            Ok(Disk::File { bytes, .. }) => bytes,
            Ok(Disk::TooLarge) => {
                return Err(format!(
                    "{shown} is larger than 1 MiB; it is not a delugen manifest"
                ));
            }
            Ok(Disk::NotRegular) => {
                return Err(format!(
                    "{shown} is a link or not a regular file (or has another name elsewhere); delugen does not follow it"
                ));
            }
            Err(error) => return Err(format!("cannot read {shown}: {error}")),
        };
        // Bytes, not text: a manifest that is not UTF-8 is invalid, never read lossily.
        let manifest: Manifest = serde_json::from_slice(&bytes)
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
        // The spec's path is kept exact (JSON carries any character) and every message
        // shows it escaped, so only its length is bounded.
        if self.spec.len() > 4096 {
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
        if let Some(owner) = &self.owner {
            // The origin is a path, kept exact and shown escaped: only its length counts.
            let fields = [&owner.product, &owner.region, &owner.client_id];
            if owner.origin.len() > 4096 || !fields.iter().all(|field| printable(field, 4096)) {
                return Err("its owner is not short lines of text".to_string());
            }
        }
        if let Some(secrets) = &self.secrets {
            secrets.check()?;
        }
        Ok(())
    }

    /// Was this folder written from the spec `owner` stands for? A manifest that records
    /// its owner is matched on where the spec file is; one from delugen 0.1.0, which
    /// records only the spec as given, on the spec's file name, as that release did.
    pub fn written_from(&self, spec_path: &str, owner: &Owner) -> bool {
        match &self.owner {
            Some(recorded) => {
                recorded.origin == owner.origin || owner.also.contains(&recorded.origin)
            }
            None => file_name(&self.spec) == file_name(spec_path),
        }
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
        self.delugen == other.delugen
            && self.spec == other.spec
            && self.owner == other.owner
            && self.files == other.files
            && self.secrets == other.secrets
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

    fn owner(origin: &str) -> Owner {
        Owner {
            origin: origin.into(),
            also: Vec::new(),
            product: "crm".into(),
            region: "us".into(),
            client_id: "1000.X".into(),
        }
    }

    #[test]
    fn old_manifests_are_matched_by_file_name_new_ones_by_origin() {
        let old = Manifest {
            spec: "specs/acme.yaml".into(),
            ..Manifest::default()
        };
        let any = owner("repo:x/acme.yaml");
        assert!(old.written_from("./specs/acme.yaml", &any));
        assert!(old.written_from("/home/me/repo/specs/acme.yaml", &any));
        assert!(!old.written_from("specs/other.yaml", &any));
        let new = Manifest {
            spec: "teamA/leads.yaml".into(),
            owner: Some(owner("repo:teamA/leads.yaml")),
            ..Manifest::default()
        };
        assert!(new.written_from("../teamA/leads.yaml", &owner("repo:teamA/leads.yaml")));
        assert!(!new.written_from("teamB/leads.yaml", &owner("repo:teamB/leads.yaml")));
    }

    #[test]
    fn a_file_named_twice_makes_the_manifest_invalid() {
        let hash = "0".repeat(64);
        for field in ["files", "previous"] {
            let text = format!(
                "{{\"delugen\":\"0.1.0\",\"spec\":\"s.yaml\",\"files\":{{}},\"{field}\":{{\"a.dg\":\"{hash}\",\"a.dg\":\"{hash}\"}}}}"
            );
            let text = text.replacen(
                "\"files\":{},",
                if field == "files" {
                    ""
                } else {
                    "\"files\":{},"
                },
                1,
            );
            let error = serde_json::from_str::<Manifest>(&text)
                .unwrap_err()
                .to_string();
            assert!(
                error.contains("it names \"a.dg\" twice"),
                "{field}: {error}"
            );
        }
    }
}
