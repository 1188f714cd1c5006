//! The whole pipeline for one spec: load and check → plan → render, all in memory. Every
//! command that produces scripts (render, diff, check) goes through here.

use std::path::Path;

use crate::deluge::lint::{self, Outcome};
use crate::plan;
use crate::render::{Rendered, Renderer};
use crate::spec::{self, Diagnostic};

/// Where secrets written as `${NAME}` are read from (by every thread of a run).
pub type Env<'a> = &'a (dyn Fn(&str) -> Option<String> + Sync);

/// The process environment.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// No environment: every `${NAME}` stands for itself, so a spec can be checked where its
/// secrets are not (`validate --no-env`). Never used to write scripts.
pub fn unread_env(name: &str) -> Option<String> {
    Some(format!("${{{name}}}"))
}

/// Everything the spec at `path` produces, or why it cannot be produced.
pub fn generate(path: &Path, renderer: &Renderer, env: Env) -> Result<Rendered, Vec<Diagnostic>> {
    let loaded = spec::load(path)?;
    let plan = plan::plan(&loaded, env).map_err(|problems| loaded.diagnose(problems))?;
    let internal = |message: String| {
        vec![Diagnostic::whole_file(
            &loaded.display_path(),
            format!("internal error, please report it: {message}"),
        )]
    };
    let mut rendered = renderer
        .render(&plan)
        .map_err(|error| internal(error.to_string()))?;
    // The guard: nothing leaves delugen that does not parse and lint clean.
    for file in rendered.files.iter().filter(|f| f.path.ends_with(".dg")) {
        let problem = match lint::lint(&file.contents) {
            Outcome::Syntax(error) => Some(format!("invalid Deluge at {error}")),
            Outcome::Findings(findings) => findings.first().map(|f| {
                format!(
                    "lint {} {} at {}: {}",
                    f.rule.code, f.rule.name, f.pos, f.message
                )
            }),
        };
        if let Some(problem) = problem {
            return Err(internal(format!(
                "template {} produced {problem} in {}",
                file.template, file.path
            )));
        }
    }
    rendered.warnings = loaded.warnings;
    Ok(rendered)
}
