//! The whole pipeline for one spec: load and check → plan → render, all in memory. Every
//! command that produces scripts (render, diff, check) goes through here.

use std::path::Path;

use crate::plan;
use crate::render::{Rendered, Renderer};
use crate::spec::{self, Diagnostic};

/// Where secrets written as `${NAME}` are read from.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The process environment.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// Everything the spec at `path` produces, or why it cannot be produced.
pub fn generate(path: &Path, renderer: &Renderer, env: Env) -> Result<Rendered, Vec<Diagnostic>> {
    let loaded = spec::load(path)?;
    let plan = plan::plan(&loaded, env).map_err(|problems| loaded.diagnose(problems))?;
    renderer.render(&plan).map_err(|error| {
        vec![Diagnostic::whole_file(
            &loaded.display_path(),
            format!("internal error, please report it: {error}"),
        )]
    })
}
