//! Plan → Rendered: the embedded templates, compiled once per process, laid out into files
//! in memory. Nothing here touches the disk.

pub mod filters;
mod overrides;

use tera::{Context, Tera};

use crate::plan::Plan;
use crate::redact::Redactor;

/// Built-in templates, embedded so the binary works from any directory.
/// Partials come before the templates that include them: each is compiled as it is added.
pub const TEMPLATES: [(&str, &str); 54] = [
    ("header.dg", include_str!("../../templates/header.dg")),
    ("mail.dg", include_str!("../../templates/mail.dg")),
    ("failed.dg", include_str!("../../templates/failed.dg")),
    ("returns.dg", include_str!("../../templates/returns.dg")),
    (
        "access-token-block.dg",
        include_str!("../../templates/access-token-block.dg"),
    ),
    ("record.dg", include_str!("../../templates/record.dg")),
    (
        "store-read.dg",
        include_str!("../../templates/store-read.dg"),
    ),
    (
        "store-write.dg",
        include_str!("../../templates/store-write.dg"),
    ),
    ("send.dg", include_str!("../../templates/send.dg")),
    ("grant-url.dg", include_str!("../../templates/grant-url.dg")),
    (
        "refresh-token.dg",
        include_str!("../../templates/refresh-token.dg"),
    ),
    (
        "access-token.dg",
        include_str!("../../templates/access-token.dg"),
    ),
    (
        "crm-request.dg",
        include_str!("../../templates/crm-request.dg"),
    ),
    (
        "books-request.dg",
        include_str!("../../templates/books-request.dg"),
    ),
    (
        "crm-workflow-caller.dg",
        include_str!("../../templates/crm-workflow-caller.dg"),
    ),
    (
        "creator-request.dg",
        include_str!("../../templates/creator-request.dg"),
    ),
    (
        "bulk-guard.dg",
        include_str!("../../templates/bulk-guard.dg"),
    ),
    (
        "bulk-chunks.dg",
        include_str!("../../templates/bulk-chunks.dg"),
    ),
    (
        "crm-bulk-batches.dg",
        include_str!("../../templates/crm-bulk-batches.dg"),
    ),
    (
        "creator-bulk-batches.dg",
        include_str!("../../templates/creator-bulk-batches.dg"),
    ),
    (
        "books-bulk-records.dg",
        include_str!("../../templates/books-bulk-records.dg"),
    ),
    (
        "creator-delete-rounds.dg",
        include_str!("../../templates/creator-delete-rounds.dg"),
    ),
    (
        "crm-coql-send.dg",
        include_str!("../../templates/crm-coql-send.dg"),
    ),
    (
        "bulk-report.dg",
        include_str!("../../templates/bulk-report.dg"),
    ),
    ("bulk-send.dg", include_str!("../../templates/bulk-send.dg")),
    ("crm-bulk.dg", include_str!("../../templates/crm-bulk.dg")),
    (
        "books-bulk.dg",
        include_str!("../../templates/books-bulk.dg"),
    ),
    (
        "creator-bulk.dg",
        include_str!("../../templates/creator-bulk.dg"),
    ),
    ("crm-read.dg", include_str!("../../templates/crm-read.dg")),
    (
        "books-read.dg",
        include_str!("../../templates/books-read.dg"),
    ),
    (
        "creator-read.dg",
        include_str!("../../templates/creator-read.dg"),
    ),
    ("crm-task.dg", include_str!("../../templates/crm-task.dg")),
    (
        "books-task.dg",
        include_str!("../../templates/books-task.dg"),
    ),
    (
        "creator-task.dg",
        include_str!("../../templates/creator-task.dg"),
    ),
    (
        "creator-native.dg",
        include_str!("../../templates/creator-native.dg"),
    ),
    (
        "step-record.dg",
        include_str!("../../templates/step-record.dg"),
    ),
    ("step-crm.dg", include_str!("../../templates/step-crm.dg")),
    (
        "step-books.dg",
        include_str!("../../templates/step-books.dg"),
    ),
    (
        "step-creator.dg",
        include_str!("../../templates/step-creator.dg"),
    ),
    (
        "step-task-crm.dg",
        include_str!("../../templates/step-task-crm.dg"),
    ),
    (
        "step-task-books.dg",
        include_str!("../../templates/step-task-books.dg"),
    ),
    (
        "step-task-creator.dg",
        include_str!("../../templates/step-task-creator.dg"),
    ),
    (
        "step-task-creator-native.dg",
        include_str!("../../templates/step-task-creator-native.dg"),
    ),
    ("step-task.dg", include_str!("../../templates/step-task.dg")),
    (
        "step-builds.dg",
        include_str!("../../templates/step-builds.dg"),
    ),
    ("step-coql.dg", include_str!("../../templates/step-coql.dg")),
    ("step-bulk.dg", include_str!("../../templates/step-bulk.dg")),
    (
        "step-delete-criteria.dg",
        include_str!("../../templates/step-delete-criteria.dg"),
    ),
    ("step.dg", include_str!("../../templates/step.dg")),
    ("function.dg", include_str!("../../templates/function.dg")),
    (
        "function-caller.dg",
        include_str!("../../templates/function-caller.dg"),
    ),
    (
        "wiring.md.tera",
        include_str!("../../templates/wiring.md.tera"),
    ),
    (
        "consultant-notes.md.tera",
        include_str!("../../templates/consultant-notes.md.tera"),
    ),
    (
        "handover.md.tera",
        include_str!("../../templates/handover.md.tera"),
    ),
];

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedFile {
    /// Relative to the output folder: `<spec name>/<file>`.
    pub path: String,
    pub contents: String,
    pub holds_secret: bool,
    /// The template it came from, named when a check of the output fails.
    pub template: String,
}

/// Everything one spec produces, in memory.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub spec_name: String,
    pub files: Vec<RenderedFile>,
    pub secrets: Vec<String>,
    /// Warnings about the spec, printed by every command that renders it.
    pub warnings: Vec<crate::spec::Diagnostic>,
    /// What the spec is (product, region, client id), recorded as the folder's owner.
    pub owner: crate::output::manifest::Owner,
}

#[derive(Debug)]
pub struct RenderError {
    pub template: String,
    pub message: String,
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "template {}: {}", self.template, self.message)
    }
}

/// The compiled templates. Build one per process and reuse it for every spec.
pub struct Renderer {
    tera: Tera,
    /// The override files in use, to blame when their output fails the guard.
    overrides: Vec<overrides::Override>,
}

pub use overrides::Blame;

impl Renderer {
    /// Compiles the built-in templates, each replaced by a file of the same name in
    /// `overrides` when there is one.
    pub fn new(overrides: Option<&std::path::Path>) -> Result<Self, RenderError> {
        let mut tera = Tera::new();
        // This is Deluge, not HTML: escaping is the dg filter's job, explicitly.
        tera.autoescape_on(Vec::<&str>::new());
        tera.register_filter("dg", filters::dg);
        tera.register_filter("comment", filters::comment);
        tera.register_filter("md", filters::md);
        tera.register_filter("code", filters::code);
        let mut sources: Vec<(String, String, Option<std::path::PathBuf>)> = TEMPLATES
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string(), None))
            .collect();
        let used = match overrides {
            Some(dir) => overrides::read(dir)?,
            None => Vec::new(),
        };
        for used in &used {
            if let Some(slot) = sources.iter_mut().find(|(n, _, _)| *n == used.name) {
                slot.2 = Some(used.path.clone());
                slot.1 = used.text.clone();
            }
        }
        // One at a time, so that an error names the file it is in.
        for (name, text, file) in &sources {
            tera.add_raw_template(name, text)
                .map_err(|error| RenderError {
                    template: file
                        .as_ref()
                        .map_or(name.clone(), |f| f.display().to_string()),
                    message: describe(&error),
                })?;
        }
        Ok(Renderer {
            tera,
            overrides: used,
        })
    }

    /// Whether any built-in template is replaced by an override.
    pub fn has_overrides(&self) -> bool {
        !self.overrides.is_empty()
    }

    /// Whether `file` (as diagnostics name it) is one of the override files in use.
    pub fn is_override(&self, file: &str) -> bool {
        self.overrides
            .iter()
            .any(|o| o.path.display().to_string() == file)
    }

    /// The override most likely to have produced `line` of a file made by `template`,
    /// or None when no override is in use (a failure is then delugen's own bug).
    pub fn blame(&self, template: &str, line: Option<&str>) -> Option<Blame> {
        overrides::blame(&self.overrides, template, line)
    }

    /// The override a tera error points into, if it points into one.
    pub fn blame_error(&self, message: &str) -> Option<Blame> {
        overrides::blame_error(&self.overrides, message)
    }

    pub fn render(&self, plan: &Plan) -> Result<Rendered, RenderError> {
        let mut files = Vec::with_capacity(plan.scripts.len() + 2);
        for script in &plan.scripts {
            files.push(RenderedFile {
                path: format!("{}/{}", plan.spec_name, script.file_name),
                contents: self.render_one(script.template, &script.context)?,
                holds_secret: script.holds_secret,
                template: script.template.to_string(),
            });
        }
        let handover = self.render_one(HANDOVER, &plan.handover)?;
        files.push(RenderedFile {
            path: format!("{}/handover.md", plan.spec_name),
            // The handover carries no secret by construction; this is the safety net.
            contents: Redactor::new(plan.secrets.iter().map(String::as_str))
                .values_in_markdown(&handover),
            holds_secret: false,
            template: HANDOVER.to_string(),
        });
        let notes = self.render_one(CONSULTANT_NOTES, &plan.handover)?;
        files.push(RenderedFile {
            path: format!("{}/consultant-notes.md", plan.spec_name),
            contents: Redactor::new(plan.secrets.iter().map(String::as_str))
                .values_in_markdown(&notes),
            holds_secret: false,
            template: CONSULTANT_NOTES.to_string(),
        });
        Ok(Rendered {
            spec_name: plan.spec_name.clone(),
            files,
            secrets: plan.secrets.clone(),
            warnings: Vec::new(),
            owner: Default::default(),
        })
    }

    /// `template` laid out with `context`; an error names the template.
    fn render_one(
        &self,
        template: &str,
        context: &impl serde::Serialize,
    ) -> Result<String, RenderError> {
        Context::from_serialize(context)
            .and_then(|context| self.tera.render(template, &context))
            .map_err(|error| RenderError {
                template: template.to_string(),
                message: describe(&error),
            })
    }
}

const HANDOVER: &str = "handover.md.tera";
/// The delugen side of the handover: for the consultant, not the client's admin.
const CONSULTANT_NOTES: &str = "consultant-notes.md.tera";

/// Tera's message with its causes, which carry the template line.
fn describe(error: &tera::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}
