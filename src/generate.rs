//! The whole pipeline for one spec: load and check → plan → render, all in memory. Every
//! command that produces scripts (render, diff, check) goes through here.

use std::path::Path;

use crate::deluge::lint::{self, Outcome};
use crate::plan;
use crate::render::{Rendered, Renderer};
use crate::spec::{self, Diagnostic, FieldPath, Problem};

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
    let mut rendered = renderer.render(&plan).map_err(|error| {
        let blame = renderer
            .blame_error(&error.message)
            .or_else(|| renderer.blame(&error.template, None));
        // Tera's first line says what went wrong; the rest is its own excerpt.
        let first = error.message.lines().next().unwrap_or_default();
        let what = format!("failed: {}", first.trim_start_matches("error: "));
        template_failure(blame, &loaded, &error.template, &what)
    })?;
    // The guard: nothing leaves delugen that does not parse and lint clean.
    for file in rendered.files.iter().filter(|f| f.path.ends_with(".dg")) {
        let problem = match lint::lint(&file.contents) {
            Outcome::Syntax(error) => {
                Some((error.pos, "invalid Deluge".to_string(), error.message))
            }
            Outcome::Findings(findings) => findings.first().map(|f| {
                (
                    f.pos,
                    format!("Deluge that fails lint {} {}", f.rule.code, f.rule.name),
                    f.message.clone(),
                )
            }),
        };
        if let Some((pos, kind, detail)) = problem {
            let line = file.contents.lines().nth(pos.line.saturating_sub(1));
            let what = format!("produced {kind} in {} at {pos}: {detail}", file.path);
            let blame = renderer.blame(&file.template, line);
            return Err(template_failure(blame, &loaded, &file.template, &what));
        }
    }
    // A file's mode follows what it holds: an override may print a secret into a script
    // that normally holds none (the grant URL), and that file is then private too.
    let secrets = crate::redact::Redactor::new(rendered.secrets.iter().map(String::as_str));
    for file in &mut rendered.files {
        file.holds_secret =
            file.holds_secret || crate::output::secrets_seen::holds(&file.contents, &secrets);
    }
    let spec = &loaded.spec;
    rendered.owner = crate::output::manifest::Owner {
        origin: String::new(),
        also: Vec::new(),
        product: spec.product.key().to_string(),
        region: spec.region.key().to_string(),
        client_id: spec
            .client
            .as_ref()
            .map(|client| client.id.as_str().to_string())
            .unwrap_or_default(),
    };
    rendered.warnings = loaded.warnings;
    Ok(rendered)
}

/// A template's output failed: with overrides in use it is the user's error, placed at
/// the override (and its line) that wrote the bad output; otherwise delugen's own bug.
fn template_failure(
    blame: Option<crate::render::Blame>,
    loaded: &spec::LoadedSpec,
    template: &str,
    what: &str,
) -> Vec<Diagnostic> {
    let Some(blame) = blame else {
        return vec![Diagnostic::whole_file(
            &loaded.display_path(),
            format!("internal error, please report it: template {template} {what}"),
        )];
    };
    let location = blame.line.map(|number| {
        let text = blame.text.lines().nth(number - 1).unwrap_or_default();
        let indent = text.chars().count() - text.trim_start().chars().count();
        (number, blame.column.unwrap_or(indent + 1))
    });
    let problem = Problem::new(
        FieldPath::root(),
        format!(
            "the template override {} {what} (spec {})",
            crate::shown::path(&blame.path),
            loaded.display_path()
        ),
    )
    .help(if blame.line.is_some() {
        "fix this line of the override, or move the file out of the --templates folder to use the built-in template"
    } else {
        "fix the override, or move the file out of the --templates folder to use the built-in template"
    });
    vec![Diagnostic::place(
        problem,
        &blame.path.display().to_string(),
        &blame.text,
        location,
        &loaded.redactor(),
    )]
}
