//! Attacks with inputs that never end: a named pipe where a spec, script or template
//! override belongs, a device, a script too large. Each answers at once with exit 2;
//! a run that hangs is killed after 10 seconds and fails the test (no timing asserted).
#![cfg(unix)]

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Runs delugen in `dir`; kills it and fails if it has not finished in 10 seconds.
fn delugen(dir: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_delugen"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(10) {
            child.kill().unwrap();
            let _ = child.wait();
            panic!("delugen {args:?} still ran after 10 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_named_pipe_spec_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("x.yaml"));
    for args in [
        &["validate", "x.yaml"][..],
        &["validate", "."],
        &["render", "x.yaml"],
        &["render", "x.yaml", "-o", "out"],
    ] {
        let output = delugen(dir.path(), args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("it is a named pipe, not a regular file"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    assert!(!dir.path().join("out").exists());
}

#[test]
fn lint_of_a_named_pipe_or_a_device_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("script.dg"));
    let output = delugen(dir.path(), &["lint", "script.dg"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("cannot read script.dg: it is a named pipe, not a regular file"),
        "{}",
        stderr(&output)
    );
    let output = delugen(dir.path(), &["lint", "/dev/zero"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("cannot read /dev/zero: it is a device, not a regular file"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn lint_input_is_capped_like_specs() {
    let dir = tempfile::tempdir().unwrap();
    let big = "x = 1;\n".repeat(16 * 1024 * 1024 / 7 + 1);
    std::fs::write(dir.path().join("big.dg"), &big).unwrap();
    let output = delugen(dir.path(), &["lint", "big.dg"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("cannot read big.dg: it is larger than 16 MiB, delugen's limit"),
        "{}",
        stderr(&output)
    );
    // Endless standard input stops at the cap too.
    let mut child = Command::new(env!("CARGO_BIN_EXE_delugen"))
        .args(["lint", "-"])
        .stdin(std::fs::File::open("/dev/zero").unwrap())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(10) {
            child.kill().unwrap();
            panic!("lint - < /dev/zero still ran after 10 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("larger than 16 MiB"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_override_that_is_a_pipe_or_a_device_is_an_error() {
    let root = env!("CARGO_MANIFEST_DIR");
    let spec = format!("{root}/specs/crm-leads.yaml");
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    mkfifo(&templates.join("header.dg"));
    let output = delugen(dir.path(), &["validate", "--templates", "templates", &spec]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("header.dg") && stderr(&output).contains("a named pipe"),
        "{}",
        stderr(&output)
    );
    std::fs::remove_file(templates.join("header.dg")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", templates.join("header.dg")).unwrap();
    let output = delugen(dir.path(), &["validate", "--templates", "templates", &spec]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("header.dg") && stderr(&output).contains("a device"),
        "{}",
        stderr(&output)
    );
}
