//! One file per subcommand. Each returns the process exit code.

pub mod diff;
pub mod explain;
pub mod init;
pub mod limits;
pub mod lint;
pub mod render;
pub mod templates;
pub mod validate;
