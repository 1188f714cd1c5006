//! Sinks: where rendered files go. They receive finished files and know nothing of Zoho.

pub mod stdout;
pub mod write;
