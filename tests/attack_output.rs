//! The output folder under attack and under bad luck: a hostile manifest, links planted in
//! the folder, a folder taken over by another spec, two runs racing, runs killed half-way,
//! modes reset by git, a full disk. Nothing outside the folder may be read, written or
//! deleted, and every state left behind must be one the next run accepts.

mod common;

use common::Workspace;

use std::path::Path;
use std::process::{Command as Process, Stdio};

use assert_cmd::Command;
use predicates::str::contains;
/// What the attacks need beyond the common workspace.
trait Attack {
    fn manifest(&self, spec: &str) -> serde_json::Value;
    fn plant_manifest(&self, spec: &str, entries: &[(&str, String)]);
}

impl Attack for Workspace {
    fn manifest(&self, spec: &str) -> serde_json::Value {
        serde_json::from_str(&self.read(&format!("out/{spec}/.delugen-manifest.json"))).unwrap()
    }

    /// Replaces the manifest's files with `entries` (name → hash).
    fn plant_manifest(&self, spec: &str, entries: &[(&str, String)]) {
        let mut manifest = self.manifest(spec);
        let files = manifest["files"].as_object_mut().unwrap();
        for (name, hash) in entries {
            files.insert(name.to_string(), serde_json::Value::from(hash.clone()));
        }
        self.write(
            &format!("out/{spec}/.delugen-manifest.json"),
            &serde_json::to_string_pretty(&manifest).unwrap(),
        );
    }
}

fn sha256(text: &str) -> String {
    delugen::output::manifest::hash(text.as_bytes())
}

fn stdout_and_stderr(assert: &assert_cmd::assert::Assert) -> String {
    common::printed(assert.get_output())
}

#[test]
fn a_hostile_manifest_cannot_delete_or_print_files_outside_the_folder() {
    let ws = Workspace::new(&["seed-books.yaml"]);
    let outside = tempfile::tempdir().unwrap();
    let decoy = outside.path().join("decoy.dg");
    let secret_text = "outside text nobody may print\n";
    std::fs::write(&decoy, secret_text).unwrap();
    std::fs::write(ws.path("decoy.dg"), secret_text).unwrap();
    ws.delugen(&["render", "specs/seed-books.yaml", "-o", "out"])
        .success();
    let absolute = decoy.display().to_string();
    let hostile = [
        absolute.as_str(),
        "../../decoy.dg",
        "../decoy.dg",
        "..\\..\\decoy.dg",
        "sub/../../../decoy.dg",
        "decoy\u{0}.dg",
        "/etc/passwd",
    ];
    for name in hostile {
        ws.delugen(&["render", "specs/seed-books.yaml", "-o", "out"])
            .success();
        // The entry even carries the decoy's real hash, as an attacker would write it.
        ws.plant_manifest("seed-books", &[(name, sha256(secret_text))]);
        for args in [
            &[
                "render",
                "specs/seed-books.yaml",
                "-o",
                "out",
                "--prune",
                "--force",
            ][..],
            &["render", "specs/seed-books.yaml", "-o", "out", "--prune"],
            &["render", "specs/seed-books.yaml", "-o", "out", "--check"],
            &["diff", "specs/seed-books.yaml", "-o", "out"],
        ] {
            let assert = ws.delugen(args).code(2);
            let shown = stdout_and_stderr(&assert);
            assert!(
                shown.contains("is not a delugen manifest"),
                "{name:?} {args:?}: {shown}"
            );
            assert!(!shown.contains("outside text"), "{name:?} printed: {shown}");
            assert!(!shown.contains("root:"), "{name:?} printed /etc/passwd");
        }
        assert_eq!(std::fs::read_to_string(&decoy).unwrap(), secret_text);
        assert_eq!(ws.read("decoy.dg"), secret_text);
        // Nothing was written either: the hostile manifest is still there.
        assert!(
            ws.read("out/seed-books/.delugen-manifest.json")
                .contains(&sha256(secret_text))
        );
        std::fs::remove_file(ws.path("out/seed-books/.delugen-manifest.json")).unwrap();
        std::fs::remove_dir_all(ws.path("out/seed-books")).unwrap();
    }
}

#[test]
fn a_manifest_that_is_not_json_of_delugen_is_named_and_nothing_is_touched() {
    let ws = Workspace::new(&["seed-books.yaml"]);
    ws.delugen(&["render", "specs/seed-books.yaml", "-o", "out"])
        .success();
    let before = ws.read("out/seed-books/01-grant-url.dg");
    for (text, why) in [
        (
            "{\"delugen\":\"0.1.0\",\"spec\":\"s.yaml\",\"files\":{\"01-grant-url.dg\":\"nothex\"}}",
            "the hash of 01-grant-url.dg is not a SHA-256",
        ),
        (
            "{\"delugen\":\"0.1.0\",\"spec\":\"s.yaml\",\"files\":{},\"extra\":1}",
            "unknown field `extra`",
        ),
        ("[1, 2]", "is not a delugen manifest"),
    ] {
        ws.write("out/seed-books/.delugen-manifest.json", text);
        ws.edit("specs/seed-books.yaml", "Joel", "Jo");
        ws.delugen(&[
            "render",
            "specs/seed-books.yaml",
            "-o",
            "out",
            "--force",
            "--prune",
        ])
        .code(2)
        .stderr(contains(why));
        ws.edit(
            "specs/seed-books.yaml",
            "first_name: Jo",
            "first_name: Joel",
        );
        assert_eq!(ws.read("out/seed-books/01-grant-url.dg"), before);
    }
}

#[cfg(unix)]
#[test]
fn links_planted_in_the_folder_are_never_followed() {
    let ws = Workspace::new(&["seed-books.yaml"]);
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("target.txt");
    std::fs::write(&target, "outside text nobody may print\n").unwrap();
    ws.delugen(&["render", "specs/seed-books.yaml", "-o", "out"])
        .success();
    // A rendered file replaced by a link to a file outside.
    std::fs::remove_file(ws.path("out/seed-books/01-grant-url.dg")).unwrap();
    std::os::unix::fs::symlink(&target, ws.path("out/seed-books/01-grant-url.dg")).unwrap();
    let assert = ws
        .delugen(&["diff", "specs/seed-books.yaml", "-o", "out"])
        .code(1);
    let shown = stdout_and_stderr(&assert);
    assert!(
        shown.contains("never reads or writes through it"),
        "{shown}"
    );
    assert!(!shown.contains("outside text"));
    ws.delugen(&["render", "specs/seed-books.yaml", "-o", "out", "--force"])
        .code(2)
        .stderr(contains("01-grant-url.dg is a link"));
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "outside text nobody may print\n"
    );
    // The manifest as a link: refused, not read.
    std::fs::remove_file(ws.path("out/seed-books/01-grant-url.dg")).unwrap();
    std::fs::rename(
        ws.path("out/seed-books/.delugen-manifest.json"),
        ws.path("manifest-copy.json"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        ws.path("manifest-copy.json"),
        ws.path("out/seed-books/.delugen-manifest.json"),
    )
    .unwrap();
    ws.delugen(&["render", "specs/seed-books.yaml", "-o", "out"])
        .code(2)
        .stderr(contains("is a link or not a regular file"));
    // The spec folder itself as a link to a folder outside.
    std::fs::remove_dir_all(ws.path("out/seed-books")).unwrap();
    std::os::unix::fs::symlink(outside.path(), ws.path("out/seed-books")).unwrap();
    ws.delugen(&["render", "specs/seed-books.yaml", "-o", "out"])
        .code(2)
        .stderr(contains("is a link or a file, not a folder"));
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 1);
}

#[test]
fn another_spec_with_the_same_name_cannot_take_the_folder_over_silently() {
    let ws = Workspace::new(&["seed-books.yaml"]);
    ws.delugen(&["render", "specs/seed-books.yaml", "-o", "out"])
        .success();
    std::fs::create_dir(ws.path("other")).unwrap();
    std::fs::copy(
        ws.path("specs/seed-books.yaml"),
        ws.path("other/rival.yaml"),
    )
    .unwrap();
    ws.edit(
        "other/rival.yaml",
        "name: create-contact-person",
        "name: another-request",
    );
    let before = ws.read("out/seed-books/.delugen-manifest.json");
    ws.delugen(&["render", "other/rival.yaml", "-o", "out", "--prune"])
        .code(2)
        .stderr(contains(
            "out/seed-books was written from specs/seed-books.yaml (",
        ))
        .stderr(contains(
            "not from other/rival.yaml (../other/rival.yaml from the output folder: books in us",
        ))
        .stderr(contains("another spec with the same name"))
        .stderr(contains("pass --force to take the folder over"));
    ws.delugen(&["diff", "other/rival.yaml", "-o", "out"])
        .code(2)
        .stderr(contains("was written from specs/seed-books.yaml"));
    assert_eq!(ws.read("out/seed-books/.delugen-manifest.json"), before);
    assert!(
        ws.path("out/seed-books/create-contact-person.dg").exists()
            || ws
                .path("out/seed-books/04-create-contact-person.dg")
                .exists()
    );
    // The same spec from another working folder is still the same spec.
    Command::cargo_bin("delugen")
        .unwrap()
        .current_dir(ws.path("specs"))
        .args(["render", "seed-books.yaml", "-o", "../out", "--check"])
        .assert()
        .success();
    // --force takes it over, deliberately.
    ws.delugen(&["render", "other/rival.yaml", "-o", "out", "--force"])
        .success();
    assert_eq!(ws.manifest("seed-books")["spec"], "other/rival.yaml");
}

#[cfg(unix)]
#[test]
fn a_secret_file_is_made_private_again_and_check_reports_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let ws = Workspace::new(&["seed-books.yaml"]);
    ws.delugen(&["render", "specs/seed-books.yaml", "-o", "out"])
        .success();
    let file = ws.path("out/seed-books/02-refresh-token.dg");
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    // As after `git checkout` or `cp`: same content, world-readable.
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    ws.delugen(&["render", "specs/seed-books.yaml", "-o", "out", "--check"])
        .code(1)
        .stdout(contains(
            "holds a secret but its mode is 0644; rendering makes it 0600",
        ));
    ws.delugen(&["render", "specs/seed-books.yaml", "-o", "out"])
        .success();
    assert_eq!(mode(&file), 0o600);
    ws.delugen(&["render", "specs/seed-books.yaml", "-o", "out", "--check"])
        .success();
}

#[test]
fn a_leftover_temporary_file_is_reported_by_diff_and_removed_by_render() {
    let ws = Workspace::new(&["seed-books.yaml"]);
    ws.delugen(&["render", "specs/seed-books.yaml", "-o", "out"])
        .success();
    ws.write("out/seed-books/.delugen-tmp-AbC123", "half a file");
    ws.delugen(&["diff", "specs/seed-books.yaml", "-o", "out"])
        .code(1)
        .stdout(contains(
            ".delugen-tmp-AbC123: temporary file left by an interrupted run",
        ));
    ws.delugen(&["render", "specs/seed-books.yaml", "-o", "out"])
        .success()
        .stdout(contains("a temporary file left by an interrupted run"));
    assert!(!ws.path("out/seed-books/.delugen-tmp-AbC123").exists());
    ws.delugen(&["diff", "specs/seed-books.yaml", "-o", "out"])
        .success();
}

/// Copies of one spec under many names, so one run writes many folders and takes long
/// enough to be interrupted (or raced) in the middle.
fn many_specs(ws: &Workspace, count: usize) {
    let text = ws.read("specs/seed-books.yaml");
    std::fs::remove_file(ws.path("specs/seed-books.yaml")).unwrap();
    for i in 0..count {
        ws.write(
            &format!("specs/s{i:03}.yaml"),
            &text.replace("name: seed-books", &format!("name: spec-{i:03}")),
        );
    }
}

/// Every file in every manifest is on disk with the recorded hash, and no temporary file
/// is left anywhere.
fn assert_consistent(ws: &Workspace) {
    for entry in std::fs::read_dir(ws.path("out")).unwrap() {
        let folder = entry.unwrap().path();
        let manifest: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(folder.join(".delugen-manifest.json")).unwrap(),
        )
        .unwrap();

        for (name, hash) in manifest["files"].as_object().unwrap() {
            let text = std::fs::read_to_string(folder.join(name)).unwrap();
            assert_eq!(sha256(&text), *hash, "{}/{name}", folder.display());
        }
        for file in std::fs::read_dir(&folder).unwrap() {
            let name = file.unwrap().file_name().to_string_lossy().into_owned();
            assert!(!name.starts_with(".delugen-tmp-"), "{name} left behind");
        }
    }
}

#[test]
fn two_racing_renders_leave_every_manifest_consistent() {
    let ws = Workspace::new(&["seed-books.yaml"]);
    many_specs(&ws, 30);
    let binary = assert_cmd::cargo::cargo_bin("delugen");
    for round in 0..6 {
        // Two different versions of the specs, rendered at the same moment, each taking
        // the folders over on purpose (they are different spec files).
        let first = ws.path(&format!("round{round}-a"));
        let second = ws.path(&format!("round{round}-b"));
        for (folder, value) in [(&first, "Ann"), (&second, "Bob")] {
            std::fs::create_dir(folder).unwrap();
            for entry in std::fs::read_dir(ws.path("specs")).unwrap() {
                let path = entry.unwrap().path();
                let text = std::fs::read_to_string(&path).unwrap();
                std::fs::write(
                    folder.join(path.file_name().unwrap()),
                    text.replace("first_name: Joel", &format!("first_name: {value}{round}")),
                )
                .unwrap();
            }
        }
        let racers: Vec<_> = [&first, &second]
            .iter()
            .map(|folder| {
                Process::new(&binary)
                    .current_dir(ws.dir.path())
                    .args(["render", folder.to_str().unwrap(), "-o", "out", "--force"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for racer in racers {
            let output = racer.wait_with_output().unwrap();
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        assert_consistent(&ws);
        // Whichever won, the next render accepts every file as delugen's (no file is
        // taken for a hand edit), once it takes the folders back.
        ws.delugen(&["render", first.to_str().unwrap(), "-o", "out", "--force"])
            .success();
        ws.delugen(&["render", first.to_str().unwrap(), "-o", "out", "--check"])
            .success();
        ws.delugen(&["render", "specs", "-o", "out", "--force"])
            .success();
        ws.delugen(&["render", "specs", "-o", "out", "--check"])
            .success();
    }
}

#[cfg(unix)]
#[test]
fn a_render_killed_at_any_point_is_followed_by_one_that_succeeds() {
    let ws = Workspace::new(&["seed-books.yaml"]);
    many_specs(&ws, 40);
    let binary = assert_cmd::cargo::cargo_bin("delugen");
    ws.delugen(&["render", "specs", "-o", "out"]).success();
    // Kill points spread over a whole run (a debug build takes tens of milliseconds).
    for (attempt, delay_ms) in [
        0u64, 2, 5, 10, 15, 20, 30, 40, 50, 65, 80, 100, 120, 140, 160, 190, 220, 250, 280, 320,
    ]
    .into_iter()
    .enumerate()
    {
        let value = format!("Killed{attempt}");
        for entry in std::fs::read_dir(ws.path("specs")).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let line = text.lines().find(|l| l.contains("first_name:")).unwrap();
            std::fs::write(
                &path,
                text.replace(line, &format!("      first_name: {value}")),
            )
            .unwrap();
        }
        let mut child = Process::new(&binary)
            .current_dir(ws.dir.path())
            .args(["render", "specs", "-o", "out"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        // Change the specs again: the next run must write over what the killed one left.
        for entry in std::fs::read_dir(ws.path("specs")).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, text.replace(&value, &format!("After{attempt}"))).unwrap();
        }
        let assert = ws.delugen(&["render", "specs", "-o", "out"]);
        let shown = stdout_and_stderr(&assert);
        assert.success();
        assert!(
            !shown.contains("edited by hand"),
            "kill point {delay_ms} ms: {shown}"
        );
        assert_consistent(&ws);
        ws.delugen(&["render", "specs", "-o", "out", "--check"])
            .success();
    }
}

#[test]
fn a_full_disk_on_stdout_is_an_error_for_every_command() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    for args in [
        &["render", "specs/crm-leads.yaml"][..],
        &["validate", "specs"],
        &["schema"],
        &["man"],
        &["completions", "bash"],
        &["explain", "--list"],
        &["--help"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let output = Process::new(assert_cmd::cargo::cargo_bin("delugen"))
            .args(args)
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&output.stderr)
                .contains("error: cannot write to standard output"),
            "{args:?}"
        );
    }
}

#[test]
fn a_closed_pipe_is_a_quiet_success_for_every_command() {
    let ws = Workspace::new(&["seed-books.yaml", "crm-leads.yaml", "creator-orders.yaml"]);
    for (args, code) in [
        (&["render", "specs"][..], 0),
        (&["diff", "specs", "-o", "out"], 1),
        (&["man"], 0),
        (&["completions", "bash"], 0),
        (&["schema"], 0),
    ] {
        let mut child = Process::new(assert_cmd::cargo::cargo_bin("delugen"))
            .current_dir(ws.dir.path())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Like `| head -c 1`: read one byte, then go away.
        let mut stdout = child.stdout.take().unwrap();
        let mut byte = [0u8; 1];
        std::io::Read::read_exact(&mut stdout, &mut byte).unwrap();
        drop(stdout);
        let output = child.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(code), "{args:?}");
        // `diff` ends with its summary line on stderr (issue 13), which is no complaint.
        // The example specs' plain-text secrets earn a warning each: no complaint either.
        let stderr = common::without_warnings(&String::from_utf8_lossy(&output.stderr));
        let complaint = if args[0] == "diff" {
            let summary = stderr.lines().count() == 1
                && stderr.contains(" files checked (3 specs): ")
                && stderr.ends_with(" missing\n");
            (!summary).then_some(stderr.as_str())
        } else {
            (!stderr.is_empty()).then_some(stderr.as_str())
        };
        assert_eq!(complaint, None, "{args:?} complained about the closed pipe");
    }
}

#[test]
fn hostile_spec_files_are_refused_quickly_and_plainly() {
    let ws = Workspace::new(&["seed-books.yaml"]);
    // Endless input is read only up to the cap.
    if Path::new("/dev/zero").exists() {
        ws.delugen(&["validate", "/dev/zero"])
            .code(2)
            .stderr(contains(
                "cannot read the spec: it is a device, not a regular file",
            ));
    }
    // Deep nesting is refused before the YAML reader sees it; the excerpt is cut.
    ws.write("deep.yaml", &"[".repeat(100_000));
    let assert = ws
        .delugen(&["validate", "deep.yaml"])
        .code(2)
        .stderr(contains("nests lists or mappings more than 32 levels deep"));
    let shown = stdout_and_stderr(&assert);
    assert!(
        shown.len() < 2_000,
        "the excerpt is cut: {} bytes",
        shown.len()
    );
    // Many fields, one written twice far down: found, and named.
    let text = ws.read("specs/seed-books.yaml");
    let mut fields: String = (0..40_000).map(|i| format!("      f{i}: v\n")).collect();
    fields.push_str("      f7: again\n");
    ws.write(
        "wide.yaml",
        &text.replace("      first_name: Joel\n", &fields),
    );
    ws.delugen(&["validate", "wide.yaml"])
        .code(2)
        .stderr(contains("key \"f7\" is written twice; this is the second"))
        .stderr(contains("      f7: again"));
    // Control characters in an excerpt are shown escaped, never sent to the terminal.
    ws.write(
        "control.yaml",
        &text.replace("region: us", "region: \"\u{1b}[31mus\""),
    );
    let assert = ws.delugen(&["validate", "control.yaml"]).code(2);
    let shown = stdout_and_stderr(&assert);
    assert!(!shown.contains('\u{1b}'), "{shown}");
}

#[cfg(unix)]
#[test]
fn a_dangling_link_in_a_spec_folder_is_reported_not_skipped() {
    let ws = Workspace::new(&["seed-books.yaml"]);
    std::os::unix::fs::symlink(ws.path("nowhere.yaml"), ws.path("specs/gone.yaml")).unwrap();
    ws.delugen(&["validate", "specs"])
        .code(2)
        .stdout(contains("ok: specs/seed-books.yaml"))
        .stderr(contains("specs/gone.yaml"))
        .stderr(contains("the spec is a link to a file that does not exist"));
}
