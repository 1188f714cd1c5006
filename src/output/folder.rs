//! One spec's output folder as delugen may touch it: reads that never follow a link out
//! of the folder, an advisory lock for the whole read-compare-write, and the temporary
//! files an interrupted run leaves behind.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Temporary files are named with this prefix, so a later run can tell its own leftovers
/// from anything else in the folder.
pub const TEMP_PREFIX: &str = ".delugen-tmp-";

/// Rendered files and what is on disk are compared up to this size; a larger file is not
/// one delugen wrote.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// How long a run waits for another one writing into the same folder.
const LOCK_WAIT: Duration = Duration::from_secs(60);

/// A file as found on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Disk {
    Missing,
    /// A regular file: its text (invalid UTF-8 replaced) and its permission bits.
    File {
        text: String,
        mode: u32,
    },
    /// A link, folder, device or anything else that is not a regular file: never read.
    NotRegular,
    TooLarge,
}

/// Reads `path` if it is a regular file of at most `max` bytes. A symbolic link is
/// reported, never followed, so nothing outside the folder is read through it; the file
/// is checked after it is opened, so it cannot be swapped for a link in between.
pub fn read(path: &Path, max: u64) -> io::Result<Disk> {
    let file = match open_no_follow(path) {
        Ok(file) => file,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Disk::Missing),
        Err(error) if is_link_refusal(&error) => return Ok(Disk::NotRegular),
        Err(error) => return Err(error),
    };
    let metadata = file.metadata()?;
    if !metadata.file_type().is_file() {
        return Ok(Disk::NotRegular);
    }
    if metadata.len() > max {
        return Ok(Disk::TooLarge);
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    // Bounded even if the file grows between the check and the read.
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Ok(Disk::TooLarge);
    }
    Ok(Disk::File {
        text: String::from_utf8(bytes)
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned()),
        mode: mode(&metadata),
    })
}

/// Opens for reading without following a final symbolic link (and without waiting on a
/// named pipe someone left in the folder).
#[cfg(unix)]
fn open_no_follow(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
}

#[cfg(unix)]
fn is_link_refusal(error: &io::Error) -> bool {
    error.raw_os_error() == Some(libc::ELOOP)
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> io::Result<File> {
    if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(io::Error::other("a link"));
    }
    File::open(path)
}

#[cfg(not(unix))]
fn is_link_refusal(error: &io::Error) -> bool {
    error.kind() == io::ErrorKind::Other
}

#[cfg(unix)]
fn mode(metadata: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    metadata.permissions().mode() & 0o777
}

#[cfg(not(unix))]
fn mode(_: &std::fs::Metadata) -> u32 {
    0o644
}

/// Is `folder` a real folder (not a link to one elsewhere)? `Ok(false)` when missing.
pub fn check_is_folder(folder: &Path) -> Result<bool, String> {
    match std::fs::symlink_metadata(folder) {
        Ok(metadata) if metadata.file_type().is_dir() => Ok(true),
        Ok(_) => Err(format!(
            "{} is a link or a file, not a folder delugen wrote; delugen does not write through it",
            folder.display()
        )),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(error) => Err(format!("cannot read {}: {error}", folder.display())),
    }
}

/// Temporary files left in `folder` by a run that was killed before it could rename them.
pub fn leftovers(folder: &Path) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(folder)? {
        let entry = entry?;
        let is_temp = entry
            .file_name()
            .to_str()
            .is_some_and(|name| name.starts_with(TEMP_PREFIX));
        if is_temp && !entry.file_type()?.is_dir() {
            found.push(entry.path());
        }
    }
    found.sort();
    Ok(found)
}

/// An advisory lock on a spec folder, released when dropped. Every delugen run takes it
/// for its whole read-compare-write (exclusive) or read-compare (shared), so two runs
/// into one folder take turns instead of mixing their manifests.
pub struct FolderLock {
    _file: Option<File>,
}

impl FolderLock {
    pub fn exclusive(folder: &Path) -> Result<Self, String> {
        Self::take(folder, true)
    }

    pub fn shared(folder: &Path) -> Result<Self, String> {
        Self::take(folder, false)
    }

    #[cfg(unix)]
    fn take(folder: &Path, exclusive: bool) -> Result<Self, String> {
        // The folder itself is locked (flock on a directory), so no lock file is left in
        // it and a reader needs no write access.
        let file = File::open(folder)
            .map_err(|error| format!("cannot open {} to lock it: {error}", folder.display()))?;
        let started = Instant::now();
        loop {
            let attempt = if exclusive {
                file.try_lock()
            } else {
                file.try_lock_shared()
            };
            match attempt {
                Ok(()) => return Ok(FolderLock { _file: Some(file) }),
                Err(std::fs::TryLockError::WouldBlock) if started.elapsed() < LOCK_WAIT => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(format!(
                        "another delugen run has been writing into {} for {} s; wait for it to finish, then run again",
                        folder.display(),
                        LOCK_WAIT.as_secs()
                    ));
                }
                Err(std::fs::TryLockError::Error(error)) => {
                    return Err(format!("cannot lock {}: {error}", folder.display()));
                }
            }
        }
    }

    #[cfg(not(unix))]
    fn take(_: &Path, _: bool) -> Result<Self, String> {
        Ok(FolderLock { _file: None })
    }
}
