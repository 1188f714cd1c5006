//! Exit codes are a contract: scripts and CI depend on them.

use std::process::ExitCode;

/// Everything went as asked and nothing was found.
pub const SUCCESS: u8 = 0;
/// The command worked and found something: drift, lint findings, an unknown error.
pub const FOUND: u8 = 1;
/// Bad input or a failure: nothing (more) was written.
pub const ERROR: u8 = 2;

pub fn code(value: u8) -> ExitCode {
    ExitCode::from(value)
}
