//! Many specs at once: folders expanded to the specs inside, each spec generated on its
//! own so that one bad spec does not stop the others.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::generate::{Env, generate};
use crate::jobs::Jobs;
use crate::render::{Rendered, Renderer};
use crate::spec::Diagnostic;

/// One spec's result.
pub struct Generated {
    pub path: PathBuf,
    pub result: Result<Rendered, Vec<Diagnostic>>,
}

impl Generated {
    pub fn shown(&self) -> String {
        self.path.display().to_string()
    }
}

/// The spec files named by `inputs`: files as given, folders as every `*.yaml` / `*.yml`
/// (any case) directly inside them that is not hidden, sorted by name. An unreadable folder is reported as a failure.
pub fn expand(inputs: &[PathBuf]) -> Vec<Result<PathBuf, Diagnostic>> {
    let specs = expand_each(inputs);
    // A file named twice (`specs specs/a.yaml`) is read once, where it first appears.
    let mut seen = std::collections::HashSet::new();
    specs
        .into_iter()
        .filter(|spec| match spec {
            Ok(path) => seen.insert(std::fs::canonicalize(path).unwrap_or_else(|_| path.clone())),
            Err(_) => true,
        })
        .collect()
}

fn expand_each(inputs: &[PathBuf]) -> Vec<Result<PathBuf, Diagnostic>> {
    let mut specs = Vec::new();
    for input in inputs {
        if !input.is_dir() {
            specs.push(Ok(input.clone()));
            continue;
        }
        match std::fs::read_dir(input) {
            Ok(entries) => {
                let mut found: Vec<PathBuf> = entries
                    .filter_map(|entry| entry.ok().map(|e| e.path()))
                    .filter(|path| has_spec_extension(path) && !is_hidden(path) && !path.is_dir())
                    .collect();
                found.sort();
                if found.is_empty() {
                    specs.push(Err(Diagnostic::whole_file(
                        &input.display().to_string(),
                        "the folder holds no .yaml or .yml spec",
                    )));
                }
                // A link whose target is gone is reported, not skipped: a spec that
                // silently drops out of a run would leave its scripts unchecked. (A pipe
                // or device is refused when it is read.)
                for path in found {
                    if path.exists() {
                        specs.push(Ok(path));
                    } else {
                        specs.push(Err(Diagnostic::whole_file(
                            &path.display().to_string(),
                            "the spec is a link to a file that does not exist",
                        )
                        .with_help("point the link at an existing spec, or remove it")));
                    }
                }
            }
            Err(error) => specs.push(Err(Diagnostic::whole_file(
                &input.display().to_string(),
                format!("cannot read the folder: {error}"),
            ))),
        }
    }
    specs
}

/// `.yaml` or `.yml` in any case: `spec.YAML` is a spec, not a file skipped without a word.
fn has_spec_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// A hidden file (`.pre-commit-config.yaml`) is another tool's, never a spec of the
/// folder; named on its own it is read like any file.
fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| name.starts_with('.'))
}

/// Generates every spec named by `inputs` on `jobs` threads, yielded in the order of
/// `inputs` a window at a time as the iterator is read, so a command that handles each
/// spec as it comes holds only a window of specs' output at once.
pub fn generate_all<'a>(
    inputs: &[PathBuf],
    renderer: &'a Renderer,
    env: Env<'a>,
    jobs: &'a Jobs,
) -> impl Iterator<Item = Generated> + 'a {
    let generated = jobs.map_ordered(expand(inputs).into_iter(), move |entry| match entry {
        Ok(path) => {
            let result = generate(&path, renderer, env);
            Generated { path, result }
        }
        Err(diagnostic) => Generated {
            path: PathBuf::from(&diagnostic.file),
            result: Err(vec![diagnostic]),
        },
    });
    // Two specs with one name would write into one folder: the second is refused. In
    // input order, whatever the thread that generated each, so the same one is refused.
    let mut names: HashMap<String, PathBuf> = HashMap::new();
    generated.map(move |mut spec| {
        if let Ok(rendered) = &spec.result {
            match names.get(&rendered.spec_name) {
                Some(first) => {
                    spec.result = Err(vec![
                        Diagnostic::whole_file(
                            &spec.path.display().to_string(),
                            format!(
                                "spec name \"{}\" is already used by {} in this run",
                                rendered.spec_name,
                                crate::shown::path(first)
                            ),
                        )
                        .with_help("each spec needs its own name: it names the output folder"),
                    ])
                }
                None => {
                    names.insert(rendered.spec_name.clone(), spec.path.clone());
                }
            }
        }
        spec
    })
}
