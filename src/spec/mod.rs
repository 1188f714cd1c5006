//! Spec: load a YAML file, check it, and report problems with their place in the file.

mod diagnostic;
mod function;
mod inputs;
mod model;
pub mod schema;
mod search;
pub mod sizes;
mod suggest;
mod validate;
mod yaml;

use std::path::{Path, PathBuf};

use crate::redact::{Redactor, looks_secret};

pub use diagnostic::{Diagnostic, FieldPath, Problem, Segment, Severity, excerpt};
pub use function::{
    AuthEntry, ForEach, Function, FunctionReturns, NamedAuths, PathPart, Step, StepCriteria,
    StepName, StepPath, Value, ValueFields, When, WorkflowCaller, check_crm_criteria, dotted_key,
    uses_spec_auth,
};
pub use inputs::{
    ArgType, DuplicateCheck, Filters, FromInputs, Input, InputName, InputRef, InputUse, Inputs,
    OnError, OrInput, RecordId, Returns, SearchValue,
};
pub use model::{
    Auth, AuthMode, BooksBody, Client, ConnectionService, CreatorTarget, FieldValue, Fields,
    Method, NumericId, Request, Secret, Slug, Spec, Target, Text, TokenStoreKind, Trigger, Via,
    checked_text,
};
pub use search::{Criteria, Op, Shape};
pub use suggest::closest;
pub use validate::check_coql_query;
/// Other YAML files delugen reads (`run --answers`, `--seed`) go through the same reader.
pub use yaml::{ReadError, read as read_yaml};

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

    /// Hides every secret this spec holds (for messages placed in other files).
    pub fn redactor(&self) -> Redactor {
        redactor_for(&self.source)
    }
}

/// Hides every secret the spec holds, however it is written.
fn redactor_for(source: &str) -> Redactor {
    Redactor::for_spec_source(source, yaml::values_under(source, looks_secret))
}

fn place_all(file: &str, source: &str, problems: Vec<Problem>) -> Vec<Diagnostic> {
    let redactor = redactor_for(source);
    problems
        .into_iter()
        .map(|problem| {
            let location = yaml::locate(source, &problem.path);
            Diagnostic::place(problem, file, source, location, &redactor)
        })
        .collect()
}

/// The largest spec delugen reads. Real specs are a few kilobytes; the cap keeps a wrong
/// path (a log file, `/dev/zero`) from being read until memory runs out.
pub const MAX_SPEC_BYTES: u64 = 1024 * 1024;

/// Reads and checks the spec at `path`.
pub fn load(path: &Path) -> Result<LoadedSpec, Vec<Diagnostic>> {
    let file = path.display().to_string();
    // Only a regular file is read: a named pipe or device would never end.
    let bytes = crate::source_file::read(path, MAX_SPEC_BYTES).map_err(|error| {
        vec![match error {
            crate::source_file::SourceError::TooLarge(_) => {
                Diagnostic::whole_file(&file, "the spec is larger than 1 MiB, delugen's limit")
                    .with_help(
                        "a spec is a few kilobytes of YAML; check that this is the file you meant",
                    )
            }
            other => Diagnostic::whole_file(&file, format!("cannot read the spec: {other}"))
                .with_help("check the path; a spec is a .yaml file"),
        }]
    })?;
    let source = String::from_utf8(bytes).map_err(|error| vec![not_utf8(&file, &error)])?;
    parse(path, source)
}

/// A file that is not UTF-8 text: the line and the byte where the text stops being UTF-8.
fn not_utf8(file: &str, error: &std::string::FromUtf8Error) -> Diagnostic {
    let bytes = error.as_bytes();
    let valid = error.utf8_error().valid_up_to();
    let line_start = bytes[..valid]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |at| at + 1);
    let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
    let byte = valid - line_start + 1;
    let lossy = String::from_utf8_lossy(bytes);
    let column = String::from_utf8_lossy(&bytes[line_start..valid])
        .chars()
        .count()
        + 1;
    let problem = Problem::new(
        FieldPath::root(),
        format!(
            "the spec is not UTF-8 text: byte 0x{:02X} at line {line}, byte {byte} of the line",
            bytes[valid]
        ),
    )
    .help("save the file as UTF-8 (most editors offer it under \"encoding\" when saving)");
    Diagnostic::place(
        problem,
        file,
        &lossy,
        Some((line, column)),
        &redactor_for(&lossy),
    )
}

/// Reads a spec's text into its types without the checks across fields: for tools that
/// build a spec (`init`) and ask the product's rules about it before it is complete.
pub fn read_unchecked(source: &str) -> Option<Spec> {
    yaml::check_shape(source).ok()?;
    yaml::read(source).ok()
}

/// Reading problems placed in `source`.
fn place_all_read(file: &str, source: &str, errors: Vec<yaml::ReadError>) -> Vec<Diagnostic> {
    let redactor = redactor_for(source);
    errors
        .into_iter()
        .map(|error| Diagnostic::place(error.problem, file, source, error.location, &redactor))
        .collect()
}

/// Checks a spec given as text (`path` is only used in messages).
pub fn parse(path: &Path, source: String) -> Result<LoadedSpec, Vec<Diagnostic>> {
    let file = path.display().to_string();
    // Every independent problem at once, in file order: reading problems, then the
    // checks across fields on what remains once the unreadable parts are taken out.
    let spec: Spec = match yaml::check_shape(&source) {
        Err(error) => {
            return Err(place_all_read(&file, &source, vec![error]));
        }
        Ok(()) => match yaml::read_all(&source) {
            Ok(spec) => spec,
            Err(found) => {
                let mut diagnostics = place_all_read(&file, &source, found.errors);
                if let Some((rest, remap)) =
                    found.rest.filter(|(_, remap)| remap.rest_is_meaningful())
                {
                    // Only problems of the parts left whole: one in a request or key
                    // that lost a part may be the loss's echo.
                    let problems: Vec<Problem> = validate::check(&rest)
                        .into_iter()
                        .map(|mut problem| {
                            problem.path = remap.original(&problem.path);
                            problem
                        })
                        .filter(|problem| !remap.may_echo(&problem.path))
                        .collect();
                    diagnostics.extend(place_all(&file, &source, problems));
                    diagnostics.sort_by_key(|d| d.location.unwrap_or((usize::MAX, usize::MAX)));
                }
                return Err(diagnostics);
            }
        },
    };
    let problems = validate::check(&spec);
    if !problems.is_empty() {
        let mut diagnostics = place_all(&file, &source, problems);
        // In file order, as a compiler reports; problems without a place come last.
        diagnostics.sort_by_key(|d| d.location.unwrap_or((usize::MAX, usize::MAX)));
        return Err(diagnostics);
    }
    let mut warned = validate::warnings(&spec);
    warned.extend(sizes::warnings(&spec));
    let warnings = place_all(&file, &source, warned)
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
