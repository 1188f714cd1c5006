//! Spec: load a YAML file, check it, and report problems with their place in the file.

mod diagnostic;
mod inputs;
mod model;
pub mod schema;
mod suggest;
mod validate;
mod yaml;

use std::path::{Path, PathBuf};

use crate::redact::Redactor;

pub use diagnostic::{Diagnostic, FieldPath, Problem, Segment, Severity, excerpt};
pub use inputs::{
    ArgType, DuplicateCheck, FromInputs, Input, InputName, InputRef, InputUse, Inputs, OnError,
    OrInput, RecordId, Returns,
};
pub use model::{
    Auth, AuthMode, BooksBody, Client, CreatorTarget, FieldValue, Fields, Method, NumericId,
    Request, Secret, Slug, Spec, Target, Text, Trigger, checked_text,
};
pub use suggest::closest;

/// A spec that has been read and checked, with its source kept for later diagnostics.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    pub path: PathBuf,
    pub source: String,
    pub spec: Spec,
    /// Problems that do not stop the spec (an argument declared but never used).
    pub warnings: Vec<Diagnostic>,
}

impl LoadedSpec {
    /// The file name as shown to users.
    pub fn display_path(&self) -> String {
        self.path.display().to_string()
    }

    /// Places problems found after loading (for example a missing environment variable).
    pub fn diagnose(&self, problems: Vec<Problem>) -> Vec<Diagnostic> {
        place_all(&self.display_path(), &self.source, problems)
    }
}

fn place_all(file: &str, source: &str, problems: Vec<Problem>) -> Vec<Diagnostic> {
    let redactor = Redactor::for_spec_source(source);
    problems
        .into_iter()
        .map(|problem| {
            let location = yaml::locate(source, &problem.path);
            Diagnostic::place(problem, file, source, location, &redactor)
        })
        .collect()
}

/// Reads and checks the spec at `path`.
pub fn load(path: &Path) -> Result<LoadedSpec, Vec<Diagnostic>> {
    let file = path.display().to_string();
    let source = std::fs::read_to_string(path).map_err(|error| {
        vec![
            Diagnostic::whole_file(&file, format!("cannot read the spec: {error}"))
                .with_help("check the path; a spec is a .yaml file"),
        ]
    })?;
    parse(path, source)
}

/// Checks a spec given as text (`path` is only used in messages).
pub fn parse(path: &Path, source: String) -> Result<LoadedSpec, Vec<Diagnostic>> {
    let file = path.display().to_string();
    let spec: Spec = yaml::read(&source).map_err(|error| {
        vec![Diagnostic::place(
            error.problem,
            &file,
            &source,
            error.location,
            &Redactor::for_spec_source(&source),
        )]
    })?;
    let problems = validate::check(&spec);
    if !problems.is_empty() {
        return Err(place_all(&file, &source, problems));
    }
    let warnings = place_all(&file, &source, validate::warnings(&spec))
        .into_iter()
        .map(Diagnostic::as_warning)
        .collect();
    Ok(LoadedSpec {
        path: path.to_path_buf(),
        source,
        spec,
        warnings,
    })
}
