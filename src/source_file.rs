//! Reading an input file (a spec, a script to lint, a template override): only a regular
//! file, only up to a cap. A named pipe, a device (`/dev/zero`, a terminal) or a socket
//! would block forever or never end, so the file is opened without waiting and its
//! handle checked before a byte is read; the cap holds even if the file grows meanwhile.

use std::fmt;
use std::io::{self, Read};
use std::path::Path;

/// Why an input could not be read.
#[derive(Debug)]
pub enum SourceError {
    Io(io::Error),
    /// A pipe, device, socket or folder: what it is, in words.
    NotRegular(&'static str),
    /// Larger than the cap (in bytes).
    TooLarge(u64),
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourceError::Io(error) => write!(f, "{error}"),
            SourceError::NotRegular(kind) => {
                write!(
                    f,
                    "it is {kind}, not a regular file; delugen reads only files"
                )
            }
            SourceError::TooLarge(max) => {
                write!(f, "it is larger than {}, delugen's limit", size(*max))
            }
        }
    }
}

/// `1048576` → `1 MiB`
pub fn size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 && bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / (1024 * 1024))
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// The bytes of `path` (links followed) when it is a regular file of at most `max` bytes.
pub fn read(path: &Path, max: u64) -> Result<Vec<u8>, SourceError> {
    let file = open(path).map_err(SourceError::Io)?;
    let metadata = file.metadata().map_err(SourceError::Io)?;
    let kind = metadata.file_type();
    if !kind.is_file() {
        return Err(SourceError::NotRegular(kind_in_words(&kind)));
    }
    if metadata.len() > max {
        return Err(SourceError::TooLarge(max));
    }
    read_capped(file, max, metadata.len())
}

/// Up to `max` bytes of `reader` (stdin): more is an error, never read to the end.
pub fn read_capped(reader: impl Read, max: u64, hint: u64) -> Result<Vec<u8>, SourceError> {
    let mut bytes = Vec::with_capacity(hint.min(max) as usize);
    reader
        .take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(SourceError::Io)?;
    if bytes.len() as u64 > max {
        return Err(SourceError::TooLarge(max));
    }
    Ok(bytes)
}

/// Opens without waiting for a writer: a named pipe opened for reading would otherwise
/// block until one comes. Regular files read the same either way.
#[cfg(unix)]
fn open(path: &Path) -> io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> io::Result<std::fs::File> {
    std::fs::File::open(path)
}

fn kind_in_words(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        return "a folder";
    }
    "not a regular file"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_and_oversized_files_are_refused_before_reading() {
        #[cfg(unix)]
        {
            let error = read(Path::new("/dev/zero"), 1024).unwrap_err();
            assert!(
                error.to_string().contains("a device, not a regular file"),
                "{error}"
            );
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.dg");
        std::fs::write(&path, "x".repeat(2048)).unwrap();
        let error = read(&path, 1024).unwrap_err();
        assert_eq!(
            error.to_string(),
            "it is larger than 1 KiB, delugen's limit"
        );
        assert_eq!(read(&path, 4096).unwrap().len(), 2048);
        let error = read_capped(&b"abcdef"[..], 4, 0).unwrap_err();
        assert!(matches!(error, SourceError::TooLarge(4)));
    }
}
