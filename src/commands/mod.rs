//! One file per subcommand. Each returns the process exit code.

pub mod lint;
pub mod render;
pub mod validate;
