//! Deluge, the language: how values are written in it, a lexer and parser for scripts as
//! people write them, and the linter built on them.

pub mod ast;
pub mod lexer;
pub mod lint;
pub mod literal;
pub mod parser;

pub use parser::{SyntaxError, parse};
