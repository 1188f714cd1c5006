//! Standard output as a contract: a reader that goes away (`| head`) ends the output
//! quietly, and a write that fails for any other reason (a full disk, `/dev/full`) is an
//! error, never a silent success.

use std::io::{self, Write};

/// Wraps a command's output stream. Writes never fail towards the command, so no command
/// (nor a library it calls, such as the completion or man page writers) stops half-way
/// with a panic or a pile of messages; what went wrong is kept for [`StdoutGuard::finish`].
pub struct StdoutGuard<'w> {
    inner: &'w mut dyn Write,
    closed: bool,
    failure: Option<io::Error>,
}

impl<'w> StdoutGuard<'w> {
    pub fn new(inner: &'w mut dyn Write) -> Self {
        StdoutGuard {
            inner,
            closed: false,
            failure: None,
        }
    }

    /// Flushes, and returns the first write error that was not a closed pipe.
    pub fn finish(mut self) -> Option<io::Error> {
        let _ = self.flush();
        self.failure
    }

    fn note(&mut self, error: io::Error) {
        if error.kind() == io::ErrorKind::BrokenPipe {
            self.closed = true;
        } else if self.failure.is_none() {
            self.failure = Some(error);
        }
    }

    fn stopped(&self) -> bool {
        self.closed || self.failure.is_some()
    }
}

impl Write for StdoutGuard<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.stopped()
            && let Err(error) = self.inner.write_all(buf)
        {
            self.note(error);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.stopped()
            && let Err(error) = self.inner.flush()
        {
            self.note(error);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Failing(io::ErrorKind);
    impl Write for Failing {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(self.0.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_pipe_is_quiet_and_a_full_disk_is_reported() {
        let mut pipe = Failing(io::ErrorKind::BrokenPipe);
        let mut guard = StdoutGuard::new(&mut pipe);
        assert!(writeln!(guard, "a").is_ok());
        assert!(guard.finish().is_none());

        let mut full = Failing(io::ErrorKind::StorageFull);
        let mut guard = StdoutGuard::new(&mut full);
        assert!(writeln!(guard, "a").is_ok());
        assert_eq!(
            guard.finish().map(|e| e.kind()),
            Some(io::ErrorKind::StorageFull)
        );
    }
}
