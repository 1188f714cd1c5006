//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod props;

use std::path::{Path, PathBuf};

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

/// A scratch folder holding copies of example specs (from `specs/`) under `specs/`.
pub fn workspace(specs: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("specs")).unwrap();
    for spec in specs {
        std::fs::copy(
            Path::new("specs").join(spec),
            dir.path().join("specs").join(spec),
        )
        .unwrap();
    }
    dir
}

/// A scratch folder with copies of example specs (from `specs/`, or `tests/fixtures/` for
/// specs that read secrets from the environment), and room for an output folder.
pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    pub fn new(specs: &[&str]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("specs")).unwrap();
        for spec in specs {
            let from = [Path::new("specs"), Path::new("tests/fixtures")]
                .iter()
                .map(|folder| folder.join(spec))
                .find(|path| path.exists())
                .unwrap();
            std::fs::copy(from, dir.path().join("specs").join(spec)).unwrap();
        }
        Workspace { dir }
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// Runs the binary in the workspace, with the examples' environment variables.
    pub fn delugen(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        let mut cmd = assert_cmd::Command::cargo_bin("delugen").unwrap();
        for (name, value) in EXAMPLE_ENV {
            cmd.env(name, value);
        }
        cmd.current_dir(self.dir.path())
            .env_remove("NO_COLOR")
            .args(args)
            .assert()
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).unwrap()
    }

    pub fn write(&self, relative: &str, text: &str) {
        std::fs::write(self.path(relative), text).unwrap();
    }

    pub fn edit(&self, relative: &str, from: &str, to: &str) {
        let text = self.read(relative);
        assert!(text.contains(from), "{relative} lacks {from:?}");
        self.write(relative, &text.replacen(from, to, 1));
    }
}

/// Everything a run printed, stdout then stderr, for checks that care about neither
/// stream in particular (a secret must appear in none).
pub fn printed(output: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// `stderr` without its warning blocks (a `warning:` line and the indented lines under
/// it): for tests about summaries, run on example specs that also earn warnings.
pub fn without_warnings(stderr: &str) -> String {
    let mut kept = String::new();
    let mut in_warning = false;
    for line in stderr.lines() {
        if line.starts_with("warning: ") {
            in_warning = true;
            continue;
        }
        // The quoted line is "12 |   ...": digits, then a bar.
        let quoted = line
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .starts_with(" |");
        let continues = line.starts_with(' ') || quoted;
        if in_warning && continues {
            continue;
        }
        in_warning = false;
        kept.push_str(line);
        kept.push('\n');
    }
    kept
}

/// Runs `delugen validate` with `flags` on `yaml` written to a temporary spec file;
/// returns (exit code, stderr).
pub fn validate_yaml(yaml: &str, flags: &[&str]) -> (u8, String) {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec.yaml");
    std::fs::write(&spec, yaml).unwrap();
    let mut args = vec!["validate"];
    args.extend_from_slice(flags);
    args.push(spec.to_str().unwrap());
    let (code, _, err) = run(&args);
    (code, err)
}
