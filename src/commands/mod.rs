//! One file per subcommand. Each returns the process exit code.

pub mod diff;
pub mod lint;
pub mod render;
pub mod validate;
