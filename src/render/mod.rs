//! Plan → Rendered: the embedded templates, compiled once per process, laid out into files
//! in memory. Nothing here touches the disk.

mod filters;

use tera::{Context, Tera};

use crate::plan::Plan;

/// Built-in templates, embedded so the binary works from any directory.
pub const TEMPLATES: [(&str, &str); 9] = [
    ("record.dg", include_str!("../../templates/record.dg")),
    ("header.dg", include_str!("../../templates/header.dg")),
    (
        "access-token-block.dg",
        include_str!("../../templates/access-token-block.dg"),
    ),
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
        "creator-request.dg",
        include_str!("../../templates/creator-request.dg"),
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
}

impl Renderer {
    pub fn new() -> Result<Self, RenderError> {
        let mut tera = Tera::new();
        // This is Deluge, not HTML: escaping is the dg filter's job, explicitly.
        tera.autoescape_on(Vec::<&str>::new());
        tera.register_filter("dg", filters::dg);
        tera.register_filter("comment", filters::comment);
        tera.add_raw_templates(TEMPLATES)
            .map_err(|error| RenderError {
                template: "(built-in)".to_string(),
                message: describe(&error),
            })?;
        Ok(Renderer { tera })
    }

    pub fn render(&self, plan: &Plan) -> Result<Rendered, RenderError> {
        let mut files = Vec::with_capacity(plan.scripts.len());
        for script in &plan.scripts {
            let context =
                Context::from_serialize(&script.context).map_err(|error| RenderError {
                    template: script.template.to_string(),
                    message: describe(&error),
                })?;
            let contents = self
                .tera
                .render(script.template, &context)
                .map_err(|error| RenderError {
                    template: script.template.to_string(),
                    message: describe(&error),
                })?;
            files.push(RenderedFile {
                path: format!("{}/{}", plan.spec_name, script.file_name),
                contents,
                holds_secret: script.holds_secret,
                template: script.template.to_string(),
            });
        }
        Ok(Rendered {
            spec_name: plan.spec_name.clone(),
            files,
            secrets: plan.secrets.clone(),
        })
    }
}

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
