//! Deluge, the language: how values are written in it.

pub mod literal;
