//! `--jobs`: the thread count changes nothing but the speed. Every example and fixture
//! spec (valid and invalid), many times over so that a run spans several windows of
//! work, gives the same stdout, stderr, exit code, written tree and manifests with one
//! thread as with eight.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// Copies of the example and fixture specs, each under its own name, with one name
/// used twice far apart (the later one must be refused, whatever the thread count).
fn lay_out_specs(dir: &Path, with_invalid: bool) {
    let specs = dir.join("specs");
    std::fs::create_dir_all(&specs).unwrap();
    let mut valid = yaml_files(Path::new("specs"));
    valid.extend(yaml_files(Path::new("tests/fixtures")));
    assert!(valid.len() >= 9, "examples and fixtures are found");
    for copy in 0..30 {
        for path in &valid {
            let text = std::fs::read_to_string(path).unwrap();
            let renamed = text
                .lines()
                .map(|line| match line.strip_prefix("name: ") {
                    Some(name) if copy > 0 => format!("name: {}-{copy}", name.trim()),
                    _ => line.to_string(),
                })
                .collect::<Vec<_>>()
                .join("\n");
            let file = path.file_name().unwrap().to_string_lossy();
            std::fs::write(specs.join(format!("{copy:02}-{file}")), renamed + "\n").unwrap();
        }
    }
    // The name of `00-crm-leads.yaml` again, near the end of the run.
    std::fs::copy("specs/crm-leads.yaml", specs.join("29-zz-same-name.yaml")).unwrap();
    if with_invalid {
        for path in yaml_files(Path::new("tests/fixtures/invalid")) {
            let file = path.file_name().unwrap().to_string_lossy();
            std::fs::copy(&path, specs.join(format!("17-invalid-{file}"))).unwrap();
        }
    }
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

/// Exit code, stdout and stderr of delugen run in `dir`.
fn run(dir: &Path, args: &[&str]) -> (i32, Vec<u8>, Vec<u8>) {
    let mut cmd = Command::cargo_bin("delugen").unwrap();
    for (name, value) in common::EXAMPLE_ENV {
        cmd.env(name, value);
    }
    let output = cmd
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    (output.status.code().unwrap(), output.stdout, output.stderr)
}

/// Every file under `dir`: relative path → (mode, bytes).
fn tree(dir: &Path) -> BTreeMap<PathBuf, (u32, Vec<u8>)> {
    let mut files = BTreeMap::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let metadata = std::fs::metadata(&path).unwrap();
            #[cfg(unix)]
            let mode = std::os::unix::fs::PermissionsExt::mode(&metadata.permissions()) & 0o777;
            #[cfg(not(unix))]
            let mode = u32::from(metadata.permissions().readonly());
            let relative = path.strip_prefix(dir).unwrap().to_path_buf();
            let mut bytes = std::fs::read(&path).unwrap();
            if path.ends_with(".delugen-manifest.json") {
                bytes = without_secrets_key(&bytes);
            }
            files.insert(relative, (mode, bytes));
        }
    }
    files
}

/// A manifest with its folder's random key (and so the keyed hashes) left out: two
/// folders never share a key, whatever the thread count. How many secrets it records
/// stays in.
fn without_secrets_key(bytes: &[u8]) -> Vec<u8> {
    let mut manifest: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    if let Some(secrets) = manifest.get_mut("secrets") {
        let count = secrets["seen"].as_array().map_or(0, Vec::len);
        *secrets = serde_json::Value::from(count);
    }
    serde_json::to_vec(&manifest).unwrap()
}

/// Two workspaces laid out alike: one run with `--jobs 1`, the other with `--jobs 8`.
struct Pair {
    one: tempfile::TempDir,
    eight: tempfile::TempDir,
}

impl Pair {
    fn new(with_invalid: bool) -> Pair {
        let pair = Pair {
            one: tempfile::tempdir().unwrap(),
            eight: tempfile::tempdir().unwrap(),
        };
        lay_out_specs(pair.one.path(), with_invalid);
        lay_out_specs(pair.eight.path(), with_invalid);
        pair
    }

    /// Runs `args` in both; asserts the same exit code, stdout and stderr; returns them.
    fn same(&self, args: &[&str]) -> (i32, String, String) {
        let one: Vec<&str> = args.iter().copied().chain(["--jobs", "1"]).collect();
        let eight: Vec<&str> = args.iter().copied().chain(["--jobs", "8"]).collect();
        let (code, out, err) = run(self.one.path(), &one);
        let other = run(self.eight.path(), &eight);
        let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
        assert_eq!(code, other.0, "exit code of {args:?}");
        assert!(
            out == other.1,
            "stdout of {args:?} differs:\n{}",
            text(&other.1)
        );
        assert!(
            err == other.2,
            "stderr of {args:?} differs:\n{}",
            text(&other.2)
        );
        (code, text(&out), text(&err))
    }

    fn same_tree(&self, folder: &str) {
        let one = tree(&self.one.path().join(folder));
        let eight = tree(&self.eight.path().join(folder));
        assert!(one.len() > 1000, "the run wrote its files ({})", one.len());
        assert_eq!(
            one.keys().collect::<Vec<_>>(),
            eight.keys().collect::<Vec<_>>()
        );
        for (path, (mode, bytes)) in &one {
            assert_eq!(eight[path].0, *mode, "mode of {}", path.display());
            assert!(eight[path].1 == *bytes, "{} differs", path.display());
        }
    }

    fn both(&self, change: impl Fn(&Path)) {
        change(self.one.path());
        change(self.eight.path());
    }
}

#[test]
fn printing_is_the_same_with_one_thread_or_eight() {
    let pair = Pair::new(false);
    let (code, out, err) = pair.same(&["render", "specs"]);
    // The one duplicated name is refused, so nothing is printed, in both.
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("29-zz-same-name.yaml"), "{err}");
    pair.both(|dir| std::fs::remove_file(dir.join("specs/29-zz-same-name.yaml")).unwrap());
    let (code, out, _) = pair.same(&["render", "specs"]);
    assert_eq!(code, 0);
    assert!(out.matches("==> ").count() > 1000, "every file is printed");
}

#[test]
fn writing_checking_and_diffing_are_the_same_with_one_thread_or_eight() {
    let pair = Pair::new(true);
    let (code, out, err) = pair.same(&["render", "specs", "-o", "out"]);
    assert_eq!(code, 2, "the invalid fixtures fail");
    assert!(out.contains(": wrote "));
    assert!(err.contains("17-invalid-"));
    assert!(err.contains("29-zz-same-name.yaml"));
    pair.same_tree("out");

    // Unchanged: nothing written, nothing drifted.
    let (_, out, _) = pair.same(&["render", "specs", "-o", "out"]);
    assert!(!out.contains(": wrote "));
    pair.same(&["render", "specs", "-o", "out", "--check"]);

    // A changed value, a renamed request (a stale file) and a hand edit: the same diffs,
    // in the same order.
    pair.both(|dir| {
        let edit = |file: &str, from: &str, to: &str| {
            let path = dir.join(file);
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(text.contains(from), "{file} holds {from}");
            std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        };
        edit("specs/05-crm-leads.yaml", "Rating: Hot", "Rating: Cold");
        edit(
            "specs/12-crm-leads.yaml",
            "name: create-lead",
            "name: create-lead-now",
        );
        edit("out/acme-crm-leads-20/01-grant-url.dg", "\n", "\n// mine\n");
    });
    let (code, out, _) = pair.same(&["diff", "specs", "-o", "out"]);
    assert_eq!(code, 2);
    assert!(out.contains("edited by hand"), "{out}");
    let (code, _, _) = pair.same(&["render", "specs", "-o", "out", "--check"]);
    assert_eq!(code, 2);
    let (code, _, err) = pair.same(&["render", "specs", "-o", "out"]);
    assert_eq!(code, 2);
    assert!(err.contains("edited by hand"));
    pair.same_tree("out");
    let (_, out, _) = pair.same(&["render", "specs", "-o", "out", "--force", "--prune"]);
    assert!(out.contains("removed stale"), "{out}");
    pair.same_tree("out");
}

#[test]
fn validating_is_the_same_with_one_thread_or_eight() {
    let pair = Pair::new(true);
    let (code, out, err) = pair.same(&["validate", "specs"]);
    assert_eq!(code, 2);
    assert!(out.matches("ok: ").count() > 250);
    assert!(err.matches("17-invalid-").count() >= 50);
}

#[test]
fn jobs_must_be_a_positive_number() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(
        dir.path(),
        &["validate", "--jobs", "0", env!("CARGO_MANIFEST_DIR")],
    );
    assert_eq!(code, 2);
    assert!(String::from_utf8_lossy(&err).contains("--jobs"));
}
