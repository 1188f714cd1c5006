//! Sinks: where rendered files go. They receive finished files and know nothing of Zoho.

pub mod colour;
pub mod diff;
pub mod folder;
pub mod guard;
pub mod manifest;
pub mod owner;
pub mod secrets_seen;
pub mod state;
pub mod stdout;
pub mod write;
