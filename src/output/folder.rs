//! Folders delugen writes into, worked on through handles: the output folder (`-o`) is
//! opened once per run, each spec folder once per spec, without following a link, and
//! every read, write, rename, removal, mode change and lock after that goes through the
//! handle (`openat`, `renameat`, `unlinkat`, `fchmod`, `flock`). A folder swapped for a
//! link after it was opened is never reached: the handle still names the folder that was
//! checked. Also here: the lock, and the temporary files an interrupted run leaves.
//!
//! rustix gives the `*at` calls on Unix; elsewhere the same operations go by path.

use std::ffi::{OsStr, OsString};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
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
    /// A regular file with one name: its bytes and its permission bits.
    File {
        bytes: Vec<u8>,
        mode: u32,
    },
    /// A link, folder, device, or a file with more than one name (a hard link may reach a
    /// file outside the folder): never read.
    NotRegular,
    TooLarge,
}

/// Why a folder delugen would work in cannot be opened.
#[derive(Debug)]
pub enum OpenError {
    /// A link, file or anything but a folder stands there.
    NotAFolder(String),
    Io(String),
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::NotAFolder(why) | OpenError::Io(why) => f.write_str(why),
        }
    }
}

/// An opened folder. `shown` is its path as messages name it; it is never used to reach
/// the folder again (on Unix).
#[derive(Debug)]
pub struct Folder {
    shown: PathBuf,
    handle: imp::Handle,
    /// Threads of one run share the output folder's handle, and a `flock` held through a
    /// shared handle does not keep them apart: they take turns here first.
    turns: Mutex<()>,
}

impl Folder {
    /// The output folder as the user named it (links the user put in the path are
    /// theirs to choose); `None` when it does not exist.
    pub fn open_output(path: &Path) -> Result<Option<Folder>, OpenError> {
        match imp::Handle::open_path(path) {
            Ok(handle) => Ok(Some(Folder::new(path.to_path_buf(), handle))),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
            // `-o` naming a file is the likely slip: say so, in those words.
            Err(_) if std::fs::metadata(path).is_ok_and(|m| !m.is_dir()) => {
                Err(OpenError::NotAFolder(format!(
                    "-o {} is a file, not a folder: name the folder the scripts go into (delugen creates it when missing)",
                    crate::shown::path(path)
                )))
            }
            Err(error) => Err(OpenError::Io(format!(
                "cannot open {}: {error}",
                crate::shown::path(path)
            ))),
        }
    }

    /// The output folder, created where missing: each folder delugen creates is made
    /// and opened relative to its parent's handle, never through a link.
    pub fn create_output(path: &Path) -> Result<Folder, OpenError> {
        if let Some(folder) = Folder::open_output(path)? {
            return Ok(folder);
        }
        let (parent, name) = match (path.parent(), path.file_name()) {
            (Some(parent), Some(name)) => (parent, name),
            _ => {
                return Err(OpenError::Io(format!(
                    "cannot create {}: not a folder name",
                    path.display()
                )));
            }
        };
        let parent = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        let parent = Folder::create_output(parent)?;
        parent
            .create_child(name)
            .map_err(|error| OpenError::Io(format!("cannot create {}: {error}", path.display())))?;
        // Shown as the user wrote it (`out`, not `./out`).
        parent.open_child(name).map(|mut folder| {
            folder.shown = path.to_path_buf();
            folder
        })
    }

    fn new(shown: PathBuf, handle: imp::Handle) -> Folder {
        Folder {
            shown,
            handle,
            turns: Mutex::new(()),
        }
    }

    pub fn shown(&self) -> &Path {
        &self.shown
    }

    /// The folder `name` inside this one, never through a link. `NotFound` is an
    /// `OpenError::Io` whose kind the caller checks with [`Folder::open_child_if_exists`].
    pub fn open_child(&self, name: &OsStr) -> Result<Folder, OpenError> {
        match self.open_child_if_exists(name)? {
            Some(folder) => Ok(folder),
            None => Err(OpenError::Io(format!(
                "{} vanished while delugen was opening it",
                self.shown.join(name).display()
            ))),
        }
    }

    pub fn open_child_if_exists(&self, name: &OsStr) -> Result<Option<Folder>, OpenError> {
        let shown = self.shown.join(name);
        match self.handle.open_dir(name) {
            Ok(handle) => Ok(Some(Folder::new(shown, handle))),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(error) if imp::is_not_a_folder(&error) => Err(OpenError::NotAFolder(format!(
                "{} is a link or a file, not a folder delugen wrote; delugen does not write through it",
                shown.display()
            ))),
            Err(error) => Err(OpenError::Io(format!(
                "cannot open {}: {error}",
                shown.display()
            ))),
        }
    }

    /// Creates the folder `name`; `Ok(false)` when something already stands there.
    pub fn create_child(&self, name: &OsStr) -> io::Result<bool> {
        match self.handle.mkdir(name) {
            Ok(()) => Ok(true),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => Ok(false),
            Err(error) => Err(error),
        }
    }

    /// The spec folder `name`, opened (and created when missing) and locked for a
    /// read-compare-write. The output folder is locked while the spec folder is created,
    /// opened and locked, so no other run can see a folder this run made before this run
    /// holds its lock.
    pub fn open_spec_for_writing(&self, name: &str) -> Result<Folder, OpenError> {
        let name = OsStr::new(name);
        let folder = {
            let _turn = self.turns.lock().unwrap_or_else(|e| e.into_inner());
            let _held = self.lock(true)?;
            let folder = match self.open_child_if_exists(name)? {
                Some(folder) => folder,
                None => {
                    self.create_child(name).map_err(|error| {
                        OpenError::Io(format!(
                            "cannot create {}: {error}",
                            self.shown.join(name).display()
                        ))
                    })?;
                    self.open_child(name)?
                }
            };
            match folder.handle.try_lock(true) {
                Ok(true) => return Ok(folder),
                Ok(false) => folder,
                Err(error) => {
                    return Err(OpenError::Io(format!(
                        "cannot lock {}: {error}",
                        folder.shown.display()
                    )));
                }
            }
        };
        // Another run holds it: wait without keeping the output folder from others.
        folder.wait_for_lock(true)?;
        Ok(folder)
    }

    /// The spec folder `name`, opened and share-locked for a read-compare; `None` when
    /// it does not exist (nothing to read).
    pub fn open_spec_for_reading(&self, name: &str) -> Result<Option<Folder>, OpenError> {
        let Some(folder) = self.open_child_if_exists(OsStr::new(name))? else {
            return Ok(None);
        };
        folder.wait_for_lock(false)?;
        Ok(Some(folder))
    }

    /// Locks this folder until the returned guard is dropped (waiting for other runs).
    fn lock(&self, exclusive: bool) -> Result<Unlock<'_>, OpenError> {
        self.wait_for_lock(exclusive)?;
        Ok(Unlock(self))
    }

    /// Takes the advisory lock on the folder's handle; it lasts as long as the handle
    /// (or until unlocked). A second run waits up to [`LOCK_WAIT`].
    fn wait_for_lock(&self, exclusive: bool) -> Result<(), OpenError> {
        let started = Instant::now();
        let mut pause = Duration::from_millis(1);
        loop {
            match self.handle.try_lock(exclusive) {
                Ok(true) => return Ok(()),
                Ok(false) if started.elapsed() < LOCK_WAIT => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(20));
                }
                Ok(false) => {
                    return Err(OpenError::Io(format!(
                        "another delugen run has been writing into {} for {} s; wait for it to finish, then run again",
                        self.shown.display(),
                        LOCK_WAIT.as_secs()
                    )));
                }
                Err(error) => {
                    return Err(OpenError::Io(format!(
                        "cannot lock {}: {error}",
                        self.shown.display()
                    )));
                }
            }
        }
    }

    /// Reads `name` if it is a regular file with one name, of at most `max` bytes. A
    /// link is reported, never followed; the file is checked after it is opened, so it
    /// cannot be swapped in between; a named pipe is not waited on.
    pub fn read(&self, name: &str, max: u64) -> io::Result<Disk> {
        use std::io::Read;
        let file = match self.handle.open_file(OsStr::new(name)) {
            Ok(file) => file,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Disk::Missing),
            Err(error) if imp::is_link_refusal(&error) => return Ok(Disk::NotRegular),
            Err(error) => return Err(error),
        };
        let found = imp::stat(&file)?;
        if !found.regular || found.links > 1 {
            return Ok(Disk::NotRegular);
        }
        if found.len > max {
            return Ok(Disk::TooLarge);
        }
        let mut bytes = Vec::with_capacity(found.len as usize);
        // Bounded even if the file grows between the check and the read.
        file.take(max + 1).read_to_end(&mut bytes)?;
        if bytes.len() as u64 > max {
            return Ok(Disk::TooLarge);
        }
        Ok(Disk::File {
            bytes,
            mode: found.mode,
        })
    }

    /// Every name in the folder, as the file system holds it (not necessarily UTF-8),
    /// and whether it is a folder.
    pub fn names(&self) -> io::Result<Vec<(OsString, bool)>> {
        let mut names = self.handle.names()?;
        names.retain(|(name, _)| name != "." && name != "..");
        names.sort();
        Ok(names)
    }

    /// Writes `contents` as `name` so that a reader sees either the old file or the new
    /// one: a temporary file in this folder (mode 0600 from its creation, opened up to
    /// 0644 unless it holds a secret), renamed over the old one. A link standing at
    /// `name` is replaced, never written through. (Atomic for readers; not a durability
    /// guarantee against power loss.)
    pub fn write_atomic(&self, name: &str, contents: &[u8], secret: bool) -> io::Result<()> {
        use std::io::Write;
        let (temp_name, mut temp) = self.create_temp()?;
        let written = temp
            .write_all(contents)
            .and_then(|()| imp::set_mode(&temp, if secret { 0o600 } else { 0o644 }))
            .and_then(|()| {
                drop(temp);
                // No fsync per file: the rename is what makes the write atomic for
                // readers, and syncing thousands of small files made a 1,000-spec
                // render take seconds.
                self.handle.rename(&temp_name, OsStr::new(name))
            });
        if written.is_err() {
            let _ = self.handle.remove(&temp_name);
        }
        written
    }

    fn create_temp(&self) -> io::Result<(OsString, std::fs::File)> {
        let mut attempts = 0;
        loop {
            let mut random = [0u8; 8];
            getrandom::fill(&mut random).map_err(io::Error::other)?;
            let suffix: String = random.iter().map(|b| format!("{b:02x}")).collect();
            let name = OsString::from(format!("{TEMP_PREFIX}{suffix}"));
            match self.handle.create_new(&name) {
                Ok(file) => return Ok((name, file)),
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists && attempts < 8 => {
                    attempts += 1;
                }
                Err(error) => return Err(error),
            }
        }
    }

    /// Removes the file `name` (a link itself, never what it points to).
    pub fn remove(&self, name: &OsStr) -> io::Result<()> {
        self.handle.remove(name)
    }

    /// Makes the regular file `name` readable by its owner only (never through a link,
    /// never a file with another name elsewhere).
    pub fn make_private(&self, name: &str) -> io::Result<()> {
        let file = self.handle.open_file(OsStr::new(name))?;
        let found = imp::stat(&file)?;
        if found.regular && found.links == 1 {
            imp::set_mode(&file, 0o600)?;
        }
        Ok(())
    }
}

/// Releases a folder lock taken with [`Folder::lock`].
struct Unlock<'f>(&'f Folder);

impl Drop for Unlock<'_> {
    fn drop(&mut self) {
        self.0.handle.unlock();
    }
}

/// What `fstat` says about an opened file.
struct Found {
    regular: bool,
    links: u64,
    len: u64,
    mode: u32,
}

#[cfg(unix)]
mod imp {
    use std::ffi::{OsStr, OsString};
    use std::fs::File;
    use std::io;
    use std::os::fd::OwnedFd;
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;

    use rustix::fs::{AtFlags, FileType, FlockOperation, Mode, OFlags};

    use super::Found;

    /// An open folder: every operation below is relative to it.
    #[derive(Debug)]
    pub struct Handle(OwnedFd);

    const DIR: OFlags = OFlags::RDONLY
        .union(OFlags::DIRECTORY)
        .union(OFlags::CLOEXEC);

    impl Handle {
        pub fn open_path(path: &Path) -> io::Result<Handle> {
            Ok(Handle(rustix::fs::open(path, DIR, Mode::empty())?))
        }

        pub fn open_dir(&self, name: &OsStr) -> io::Result<Handle> {
            Ok(Handle(rustix::fs::openat(
                &self.0,
                name,
                DIR | OFlags::NOFOLLOW,
                Mode::empty(),
            )?))
        }

        pub fn mkdir(&self, name: &OsStr) -> io::Result<()> {
            Ok(rustix::fs::mkdirat(
                &self.0,
                name,
                Mode::from_raw_mode(0o755),
            )?)
        }

        pub fn open_file(&self, name: &OsStr) -> io::Result<File> {
            let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
            Ok(File::from(rustix::fs::openat(
                &self.0,
                name,
                flags,
                Mode::empty(),
            )?))
        }

        pub fn create_new(&self, name: &OsStr) -> io::Result<File> {
            let flags =
                OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
            Ok(File::from(rustix::fs::openat(
                &self.0,
                name,
                flags,
                Mode::from_raw_mode(0o600),
            )?))
        }

        pub fn rename(&self, from: &OsStr, to: &OsStr) -> io::Result<()> {
            Ok(rustix::fs::renameat(&self.0, from, &self.0, to)?)
        }

        pub fn remove(&self, name: &OsStr) -> io::Result<()> {
            Ok(rustix::fs::unlinkat(&self.0, name, AtFlags::empty())?)
        }

        pub fn names(&self) -> io::Result<Vec<(OsString, bool)>> {
            let mut names = Vec::new();
            for entry in rustix::fs::Dir::read_from(&self.0)? {
                let entry = entry?;
                let name = OsStr::from_bytes(entry.file_name().to_bytes()).to_os_string();
                names.push((name, entry.file_type() == FileType::Directory));
            }
            Ok(names)
        }

        /// `Ok(false)` when another run holds a conflicting lock.
        pub fn try_lock(&self, exclusive: bool) -> io::Result<bool> {
            let operation = if exclusive {
                FlockOperation::NonBlockingLockExclusive
            } else {
                FlockOperation::NonBlockingLockShared
            };
            match rustix::fs::flock(&self.0, operation) {
                Ok(()) => Ok(true),
                Err(rustix::io::Errno::WOULDBLOCK) => Ok(false),
                Err(error) => Err(error.into()),
            }
        }

        pub fn unlock(&self) {
            let _ = rustix::fs::flock(&self.0, FlockOperation::Unlock);
        }
    }

    pub fn stat(file: &File) -> io::Result<Found> {
        let stat = rustix::fs::fstat(file)?;
        Ok(Found {
            regular: FileType::from_raw_mode(stat.st_mode) == FileType::RegularFile,
            links: stat.st_nlink as u64,
            len: stat.st_size as u64,
            mode: stat.st_mode & 0o777,
        })
    }

    pub fn set_mode(file: &File, mode: u32) -> io::Result<()> {
        Ok(rustix::fs::fchmod(file, Mode::from_raw_mode(mode))?)
    }

    /// `openat` with `O_NOFOLLOW` met a link.
    pub fn is_link_refusal(error: &io::Error) -> bool {
        error.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error())
    }

    /// A link, or a file, where a folder was opened.
    pub fn is_not_a_folder(error: &io::Error) -> bool {
        is_link_refusal(error)
            || error.raw_os_error() == Some(rustix::io::Errno::NOTDIR.raw_os_error())
    }
}

/// Without `openat`, the same operations go by path (checked for links first), and there
/// is no lock: a folder swapped between a check and a use is not caught here.
#[cfg(not(unix))]
mod imp {
    use std::ffi::{OsStr, OsString};
    use std::fs::File;
    use std::io;
    use std::path::{Path, PathBuf};

    use super::Found;

    #[derive(Debug)]
    pub struct Handle(PathBuf);

    const LINK: &str = "a link";

    fn no_link(path: &Path) -> io::Result<std::fs::Metadata> {
        let metadata = std::fs::symlink_metadata(path)?;
        if metadata.file_type().is_symlink() {
            return Err(io::Error::other(LINK));
        }
        Ok(metadata)
    }

    impl Handle {
        pub fn open_path(path: &Path) -> io::Result<Handle> {
            if !std::fs::metadata(path)?.is_dir() {
                return Err(io::Error::other("not a folder"));
            }
            Ok(Handle(path.to_path_buf()))
        }

        pub fn open_dir(&self, name: &OsStr) -> io::Result<Handle> {
            let path = self.0.join(name);
            if !no_link(&path)?.is_dir() {
                return Err(io::Error::other(LINK));
            }
            Ok(Handle(path))
        }

        pub fn mkdir(&self, name: &OsStr) -> io::Result<()> {
            std::fs::create_dir(self.0.join(name))
        }

        pub fn open_file(&self, name: &OsStr) -> io::Result<File> {
            let path = self.0.join(name);
            no_link(&path)?;
            File::open(path)
        }

        pub fn create_new(&self, name: &OsStr) -> io::Result<File> {
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(self.0.join(name))
        }

        pub fn rename(&self, from: &OsStr, to: &OsStr) -> io::Result<()> {
            std::fs::rename(self.0.join(from), self.0.join(to))
        }

        pub fn remove(&self, name: &OsStr) -> io::Result<()> {
            std::fs::remove_file(self.0.join(name))
        }

        pub fn names(&self) -> io::Result<Vec<(OsString, bool)>> {
            std::fs::read_dir(&self.0)?
                .map(|entry| {
                    let entry = entry?;
                    Ok((entry.file_name(), entry.file_type()?.is_dir()))
                })
                .collect()
        }

        pub fn try_lock(&self, _: bool) -> io::Result<bool> {
            Ok(true)
        }

        pub fn unlock(&self) {}
    }

    pub fn stat(file: &File) -> io::Result<Found> {
        let metadata = file.metadata()?;
        Ok(Found {
            regular: metadata.is_file(),
            links: 1,
            len: metadata.len(),
            mode: 0o644,
        })
    }

    pub fn set_mode(_: &File, _: u32) -> io::Result<()> {
        Ok(())
    }

    pub fn is_link_refusal(error: &io::Error) -> bool {
        error.kind() == io::ErrorKind::Other && error.to_string() == LINK
    }

    pub fn is_not_a_folder(error: &io::Error) -> bool {
        error.kind() == io::ErrorKind::Other
    }
}
