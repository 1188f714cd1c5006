//! Secrets that were: a folder's files may still hold a client secret or refresh token
//! that the spec has since rotated, which today's redaction does not know. The manifest
//! records a keyed hash (HMAC-SHA256, with a random key of the folder's own) of every
//! secret delugen wrote into the folder, and the disk side of a diff is redacted wherever
//! a literal hashes to one of them. A plain hash would let anyone holding the manifest
//! test guesses at a short secret against every folder at once, and tell that two folders
//! share a secret; with a key per folder neither can be precomputed.
//!
//! Second, by place: where the new render holds a secret on a line, the same line on
//! disk (same text before and after the secret) has its middle hidden too, so a secret
//! written before hashes were recorded is hidden as well.

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::deluge::literal;
use crate::redact::{MARKER, Redactor};

/// Secrets shorter than this are neither recorded nor searched for (as in redaction).
const MIN_LEN: usize = 4;

/// How many secrets a folder remembers, newest last (a secret rotated this many times
/// over is long gone from the files).
const KEEP: usize = 32;

/// The manifest's record of the secrets delugen wrote into the folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretsSeen {
    /// The folder's HMAC key, 32 random bytes in hex.
    pub key: String,
    /// HMAC-SHA256 (hex) of each secret written, oldest first.
    pub seen: Vec<String>,
}

impl SecretsSeen {
    /// A new record with a fresh random key.
    pub fn fresh() -> std::io::Result<SecretsSeen> {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).map_err(std::io::Error::other)?;
        Ok(SecretsSeen {
            key: hex(&key),
            seen: Vec::new(),
        })
    }

    /// Is every value one delugen could have written?
    pub fn check(&self) -> Result<(), String> {
        if !is_hex64(&self.key) {
            return Err("its secrets key is not 32 bytes in hex".to_string());
        }
        if self.seen.len() > KEEP || !self.seen.iter().all(|h| is_hex64(h)) {
            return Err(format!(
                "its secrets record is not at most {KEEP} SHA-256 hashes"
            ));
        }
        Ok(())
    }

    fn mac(&self, value: &str) -> Option<String> {
        let key = unhex(&self.key)?;
        let mut mac = Hmac::<Sha256>::new_from_slice(&key).ok()?;
        mac.update(value.as_bytes());
        Some(hex(&mac.finalize().into_bytes()))
    }

    /// Records `secrets` (newest last, each once, at most [`KEEP`]).
    pub fn record<'s>(&mut self, secrets: impl IntoIterator<Item = &'s str>) {
        for secret in secrets {
            if secret.chars().count() < MIN_LEN {
                continue;
            }
            let Some(mac) = self.mac(secret) else {
                continue;
            };
            self.seen.retain(|seen| *seen != mac);
            self.seen.push(mac);
        }
        if self.seen.len() > KEEP {
            self.seen.drain(..self.seen.len() - KEEP);
        }
    }

    fn knows(&self, candidate: &str) -> bool {
        candidate.chars().count() >= MIN_LEN
            && self
                .mac(candidate)
                .is_some_and(|mac| self.seen.contains(&mac))
    }

    /// Does `text` hold a recorded secret?
    pub fn found_in(&self, text: &str) -> bool {
        !self.seen.is_empty() && candidates(text).iter().any(|c| self.knows(&c.value))
    }

    /// `text` with every literal that is a recorded secret replaced by the marker.
    pub fn redact(&self, text: &str) -> String {
        if self.seen.is_empty() {
            return text.to_string();
        }
        let mut hits: Vec<(usize, usize)> = candidates(text)
            .into_iter()
            .filter(|c| self.knows(&c.value))
            .map(|c| (c.start, c.end))
            .collect();
        replace_spans(text, &mut hits)
    }
}

/// A piece of text that may be a whole secret: a run of characters between delimiters,
/// or the inside of a double-quoted literal (as written, and with Deluge's escapes read).
struct Candidate {
    start: usize,
    end: usize,
    value: String,
}

fn candidates(text: &str) -> Vec<Candidate> {
    let mut found = Vec::new();
    let delimiter = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '"' | '\''
                    | '`'
                    | '='
                    | '&'
                    | '?'
                    | '('
                    | ')'
                    | ','
                    | ';'
                    | '<'
                    | '>'
                    | '['
                    | ']'
                    | '{'
                    | '}'
                    | '|'
            )
    };
    let mut start = None;
    for (at, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (delimiter(c), start) {
            (false, None) => start = Some(at),
            (true, Some(from)) => {
                found.push(Candidate {
                    start: from,
                    end: at,
                    value: text[from..at].to_string(),
                });
                start = None;
            }
            _ => {}
        }
    }
    // Double-quoted literals, escapes and all, line by line.
    for (line_start, line) in line_offsets(text) {
        let bytes = line.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            if bytes[at] != b'"' {
                at += 1;
                continue;
            }
            let open = at + 1;
            let mut close = open;
            let mut unescaped = String::new();
            let mut chars = line[open..].char_indices();
            let mut closed = false;
            while let Some((offset, c)) = chars.next() {
                match c {
                    '"' => {
                        close = open + offset;
                        closed = true;
                        break;
                    }
                    '\\' => match chars.next() {
                        Some((_, 'n')) => unescaped.push('\n'),
                        Some((_, 't')) => unescaped.push('\t'),
                        Some((_, 'r')) => unescaped.push('\r'),
                        Some((_, other)) => unescaped.push(other),
                        None => break,
                    },
                    other => unescaped.push(other),
                }
            }
            if !closed {
                break;
            }
            found.push(Candidate {
                start: line_start + open,
                end: line_start + close,
                value: unescaped,
            });
            found.push(Candidate {
                start: line_start + open,
                end: line_start + close,
                value: line[open..close].to_string(),
            });
            at = close + 1;
        }
    }
    found
}

fn line_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    text.split_inclusive('\n').map(move |line| {
        let at = start;
        start += line.len();
        (at, line)
    })
}

/// `text` with the byte ranges in `spans` (which may overlap) replaced by the marker.
fn replace_spans(text: &str, spans: &mut [(usize, usize)]) -> String {
    spans.sort();
    let mut result = String::with_capacity(text.len());
    let mut done = 0;
    for &(start, end) in spans.iter() {
        if end <= done {
            continue;
        }
        let start = start.max(done);
        result.push_str(&text[done..start]);
        result.push_str(MARKER);
        done = end;
    }
    result.push_str(&text[done..]);
    result
}

/// The disk side of a diff redacted by place: each line of `disk` that has the same text
/// before and after a secret as a line of `new` (what the new render writes, holding one
/// of `secrets`) shows the marker for whatever stands between.
pub fn redact_by_place(disk: &str, new: &str, secrets: &[String]) -> String {
    let forms: Vec<String> = secrets
        .iter()
        .filter(|s| s.chars().count() >= MIN_LEN)
        .flat_map(|s| {
            let deluge = literal::text(s);
            [s.clone(), deluge[1..deluge.len() - 1].to_string()]
        })
        .collect();
    if forms.is_empty() {
        return disk.to_string();
    }
    let mut places: Vec<(&str, &str)> = Vec::new();
    for line in new.lines() {
        let mut first = None;
        let mut last = None;
        for form in &forms {
            if let Some(at) = line.find(form.as_str()) {
                first = Some(first.map_or(at, |f: usize| f.min(at)));
            }
            if let Some(at) = line.rfind(form.as_str()) {
                let end = at + form.len();
                last = Some(last.map_or(end, |l: usize| l.max(end)));
            }
        }
        if let (Some(first), Some(last)) = (first, last) {
            let (before, after) = (&line[..first], &line[last..]);
            // A secret alone on a line gives no place to recognise.
            if !before.trim().is_empty() || !after.trim().is_empty() {
                places.push((before, after));
            }
        }
    }
    if places.is_empty() {
        return disk.to_string();
    }
    let mut result = String::with_capacity(disk.len());
    for line in disk.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        let place = places.iter().find(|(before, after)| {
            body.len() > before.len() + after.len()
                && body.starts_with(before)
                && body.ends_with(after)
        });
        match place {
            Some((before, after)) => {
                result.push_str(before);
                result.push_str(MARKER);
                result.push_str(after);
                result.push_str(end);
            }
            None => result.push_str(line),
        }
    }
    result
}

/// Does `text` hold one of today's secrets (in any form redaction knows)?
pub fn holds(text: &str, redactor: &Redactor) -> bool {
    redactor.values(text) != text
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    (0..text.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(text.get(at..at + 2)?, 16).ok())
        .collect()
}

fn is_hex64(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorded_secret_is_hidden_wherever_it_stands_alone() {
        let mut seen = SecretsSeen::fresh().unwrap();
        seen.record(["old-secret-42", "1000.old\"quoted"]);
        let disk = "a = \"old-secret-42\";\nurl?x=old-secret-42&y=1\nb = \"1000.old\\\"quoted\";\nold-secret-420\n";
        let shown = seen.redact(disk);
        assert!(!shown.contains("old-secret-42\""), "{shown}");
        assert!(!shown.contains("=old-secret-42&"), "{shown}");
        assert!(!shown.contains("1000.old"), "{shown}");
        // A longer word that merely starts like a secret is left alone.
        assert!(shown.contains("old-secret-420"), "{shown}");
        assert!(seen.found_in(disk));
        assert!(!seen.found_in("nothing here"));
    }

    #[test]
    fn the_key_makes_hashes_differ_between_folders() {
        let mut one = SecretsSeen::fresh().unwrap();
        let mut two = SecretsSeen::fresh().unwrap();
        one.record(["same-secret"]);
        two.record(["same-secret"]);
        assert_ne!(one.seen, two.seen);
        assert_ne!(one.seen[0], crate::output::manifest::hash(b"same-secret"));
    }

    #[test]
    fn only_the_newest_secrets_are_kept() {
        let mut seen = SecretsSeen::fresh().unwrap();
        let many: Vec<String> = (0..40).map(|i| format!("secret-{i}")).collect();
        seen.record(many.iter().map(String::as_str));
        assert_eq!(seen.seen.len(), KEEP);
        assert!(seen.found_in("secret-39"));
        assert!(!seen.found_in("secret-0"));
        assert!(seen.check().is_ok());
    }

    #[test]
    fn a_line_that_held_a_secret_is_hidden_by_its_place() {
        let new = "x = 1;\nsecret = map.get(\"new-value-7\") + \"tail\";\n";
        let disk = "x = 2;\nsecret = map.get(\"old-value-7\") + \"tail\";\n";
        let shown = redact_by_place(disk, new, &["new-value-7".to_string()]);
        assert_eq!(
            shown,
            "x = 2;\nsecret = map.get(\"<redacted>\") + \"tail\";\n"
        );
    }
}
