//! Attacks on what is printed: a file name with a terminal escape and a line break must
//! appear escaped in every message naming it; a huge value must give a short message.
#![cfg(unix)]

mod common;

use std::process::Command;

const HOSTILE: &str = "evil\u{1b}[31m\nerror: forged line\u{202e}.yaml";
const SHOWN: &str = "evil\\u{1b}[31m\\nerror: forged line\\u{202e}.yaml";

fn delugen(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_delugen"))
        .args(args)
        .current_dir(dir)
        .env("MAPLE_ZOHO_CLIENT_SECRET", "s")
        .env("MAPLE_ZOHO_REFRESH_TOKEN", "t")
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn assert_clean(text: &str) {
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{202e}') && !text.contains("\nerror: forged"),
        "raw control characters printed:\n{text:?}"
    );
}

#[test]
fn a_hostile_spec_file_name_is_escaped_in_errors_and_wrote_lines() {
    let dir = tempfile::tempdir().unwrap();
    let spec =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/crm-leads.yaml"))
            .unwrap();
    // An error names the file.
    std::fs::write(
        dir.path().join(HOSTILE),
        spec.replace("region: ", "region: x"),
    )
    .unwrap();
    let (code, stdout, stderr) = delugen(dir.path(), &["validate", HOSTILE]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains(&format!("--> {SHOWN}:")), "{stderr}");
    assert_clean(&stdout);
    assert_clean(&stderr);
    // A good spec of that name: the ok and wrote lines name it.
    std::fs::write(dir.path().join(HOSTILE), &spec).unwrap();
    let (code, stdout, stderr) = delugen(dir.path(), &["validate", HOSTILE]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains(&format!("ok: {SHOWN}")), "{stdout}");
    let (code, stdout, stderr) = delugen(dir.path(), &["render", HOSTILE, "-o", "out"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains(&format!("{SHOWN}: wrote out/")), "{stdout}");
    assert_clean(&stdout);
    assert_clean(&stderr);
    // A diff label shows the output folder's path escaped. (The spec's own file name
    // is tested on its own below: a plain name here.)
    std::fs::write(dir.path().join("plain.yaml"), &spec).unwrap();
    let out = "out\u{1b}[2J\nforged";
    let (code, _, stderr) = delugen(dir.path(), &["render", "plain.yaml", "-o", out]);
    assert_eq!(code, 0, "{stderr}");
    std::fs::remove_file(dir.path().join(out).join("acme-crm-leads/handover.md")).unwrap();
    let (code, stdout, stderr) = delugen(dir.path(), &["diff", "plain.yaml", "-o", out]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stdout.contains("out\\u{1b}[2J\\nforged/acme-crm-leads/handover.md: missing"),
        "{stdout}"
    );
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains("\nforged"),
        "{stdout:?}"
    );
    // Lint names the script the same way.
    let script = dir.path().join("x\u{1b}]0;owned\u{7}.dg");
    std::fs::write(&script, "x = ;").unwrap();
    let (code, stdout, _) = delugen(dir.path(), &["lint", script.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stdout.contains("x\\u{1b}]0;owned\\u{7}.dg:1:5"), "{stdout}");
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\u{7}'),
        "{stdout:?}"
    );
}

#[test]
fn a_huge_value_gives_a_short_message() {
    let dir = tempfile::tempdir().unwrap();
    let spec =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/crm-leads.yaml"))
            .unwrap();
    let long_region = format!("region: {}", "x".repeat(200_000));
    std::fs::write(
        dir.path().join("region.yaml"),
        spec.replacen("region: eu", &long_region, 1),
    )
    .unwrap();
    let (code, _, stderr) = delugen(dir.path(), &["validate", "region.yaml"]);
    assert_eq!(code, 2);
    assert!(stderr.len() < 2_000, "{} bytes", stderr.len());
    assert!(stderr.contains("more bytes)"), "{stderr}");
    let number = format!("client:\n  id: {}\n", "1".repeat(1_000_000));
    std::fs::write(
        dir.path().join("number.yaml"),
        format!("name: a\nproduct: crm\n{number}"),
    )
    .unwrap();
    let (code, _, stderr) = delugen(dir.path(), &["validate", "number.yaml"]);
    assert_eq!(code, 2);
    assert!(
        stderr.len() < 4_000,
        "{} bytes: {}",
        stderr.len(),
        &stderr[..300]
    );
    // explain quotes at most a short part of what it was given.
    let answer = format!(
        r#"{{"code":"INVALID_DATA","details":{{"api_name":"{}"}}}}"#,
        "y".repeat(120_000)
    );
    let (_, stdout, stderr) = delugen(dir.path(), &["explain", &answer]);
    assert!(
        stdout.len() + stderr.len() < 4_000,
        "{} bytes",
        stdout.len()
    );
}

#[test]
fn a_spec_with_a_hostile_file_name_can_be_rendered_and_checked_again() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/specs/crm-deals-connection.yaml"
        ),
        dir.path().join(HOSTILE),
    )
    .unwrap();
    let (code, out, err) = delugen(dir.path(), &["render", HOSTILE, "-o", "out"]);
    assert_eq!(code, 0, "{err}");
    assert_clean(&out);
    // The manifest keeps the name exact; the next run accepts it and says so escaped.
    let (code, out, err) = delugen(dir.path(), &["diff", HOSTILE, "-o", "out"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_clean(&err);
    assert!(err.contains("no changes"), "{err}");
}
