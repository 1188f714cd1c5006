//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod props;

use std::path::Path;

use delugen::generate::generate;
use delugen::render::{Rendered, Renderer};

/// Every `${NAME}` in a spec resolves to a recognisable stand-in, so snapshots never
/// depend on the machine's environment.
pub fn fake_env(name: &str) -> Option<String> {
    Some(format!("value-of-{name}"))
}

/// Environment variables the example specs read, for tests that run the binary.
pub const EXAMPLE_ENV: [(&str, &str); 2] = [
    ("MAPLE_ZOHO_CLIENT_SECRET", "maple-secret-from-env"),
    (
        "MAPLE_ZOHO_REFRESH_TOKEN",
        "1000.maple-refresh-token-from-env",
    ),
];

pub fn render_file(path: &Path) -> Rendered {
    let renderer = Renderer::new(None).expect("built-in templates compile");
    generate(path, &renderer, &fake_env)
        .unwrap_or_else(|diagnostics| panic!("{} should render: {diagnostics:?}", path.display()))
}

/// Renders a spec given as text (written to a temporary file first).
pub fn render_text(yaml: &str) -> Result<Rendered, String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spec.yaml");
    std::fs::write(&path, yaml).unwrap();
    let renderer = Renderer::new(None).unwrap();
    generate(&path, &renderer, &fake_env).map_err(|diagnostics| {
        diagnostics
            .iter()
            .map(|d| d.to_string())
            .collect::<String>()
    })
}

/// Runs delugen in-process; returns (exit code, stdout, stderr).
pub fn run(args: &[&str]) -> (u8, String, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let argv = std::iter::once("delugen")
        .chain(args.iter().copied())
        .map(Into::into);
    let code = delugen::run(argv, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}
