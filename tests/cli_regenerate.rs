//! Regenerating into a folder people also edit: drift, hand edits, stale files, batches.

mod common;

use common::Workspace;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::str::contains;

#[test]
fn diff_and_check_exit_2_when_a_spec_is_bad() {
    let ws = Workspace::new(&["seed-books.yaml"]);
    std::fs::copy(
        "tests/fixtures/invalid/unknown-region.yaml",
        ws.path("specs/bad.yaml"),
    )
    .unwrap();
    ws.delugen(&["render", "specs/seed-books.yaml", "-o", "out"])
        .success();
    ws.delugen(&["diff", "specs", "-o", "out"])
        .code(2)
        .stderr(contains("unknown region"));
    ws.delugen(&["render", "specs", "-o", "out", "--check"])
        .code(2);
}

#[test]
fn freshly_rendered_output_has_no_drift() {
    let ws = Workspace::new(&["seed-books.yaml", "crm-leads.yaml"]);
    ws.delugen(&["render", "specs", "-o", "out"]).success();
    ws.delugen(&["diff", "specs", "-o", "out"])
        .code(0)
        .stdout("");
    ws.delugen(&["render", "specs", "-o", "out", "--check"])
        .code(0)
        .stdout("");
}

#[test]
fn an_edited_spec_shows_as_drift_with_its_diff() {
    let ws = Workspace::new(&["seed-books.yaml"]);
    ws.delugen(&["render", "specs/seed-books.yaml", "-o", "out"])
        .success();
    ws.edit(
        "specs/seed-books.yaml",
        "first_name: Joel",
        "first_name: Joe",
    );
    ws.delugen(&[
        "diff",
        "specs/seed-books.yaml",
        "-o",
        "out",
        "--color",
        "never",
    ])
    .code(1)
    .stdout(contains(
        "==> out/seed-books/create-contact-person.dg: changed (from specs/seed-books.yaml)",
    ))
    .stdout(contains(
        "-\tm_Record.put(\"first_name\", \"Joel\");\n+\tm_Record.put(\"first_name\", \"Joe\");",
    ));
    // --check is the same comparison and writes nothing.
    ws.delugen(&[
        "render",
        "specs/seed-books.yaml",
        "-o",
        "out",
        "--check",
        "--color",
        "never",
    ])
    .code(1);
    assert!(
        ws.read("out/seed-books/create-contact-person.dg")
            .contains("\"Joel\"")
    );
}

#[test]
fn missing_files_are_drift_too() {
    let ws = Workspace::new(&["seed-books.yaml"]);
    ws.delugen(&[
        "diff",
        "specs/seed-books.yaml",
        "-o",
        "out",
        "--color",
        "never",
    ])
    .code(1)
    .stdout(contains("01-grant-url.dg: missing"))
    .stdout(contains("--- /dev/null"));
    assert!(!ws.path("out").exists(), "diff never writes");
}

#[test]
fn a_hand_edit_is_refused_named_and_kept() {
    let ws = Workspace::new(&["seed-books.yaml"]);
    ws.delugen(&["render", "specs/seed-books.yaml", "-o", "out"])
        .success();
    ws.edit(
        "out/seed-books/01-grant-url.dg",
        "info v_GrantUrl;",
        "info v_GrantUrl; // checked by Ana",
    );
    ws.edit(
        "specs/seed-books.yaml",
        "first_name: Joel",
        "first_name: Joe",
    );
    ws.delugen(&["render", "specs/seed-books.yaml", "-o", "out"])
        .code(2)
        .stderr(contains(
            "out/seed-books/01-grant-url.dg was edited by hand since delugen wrote it",
        ))
        .stderr(contains("delugen diff specs/seed-books.yaml -o out"));
    assert!(
        ws.read("out/seed-books/01-grant-url.dg")
            .contains("checked by Ana")
    );
    // Nothing of that spec was written, not even the file that changed.
    assert!(
        ws.read("out/seed-books/create-contact-person.dg")
            .contains("\"Joel\"")
    );
    ws.delugen(&[
        "diff",
        "specs/seed-books.yaml",
        "-o",
        "out",
        "--color",
        "never",
    ])
    .code(1)
    .stdout(contains("01-grant-url.dg: edited by hand"));
}

#[test]
fn force_overwrites_a_hand_edit() {
    let ws = Workspace::new(&["seed-books.yaml"]);
    ws.delugen(&["render", "specs/seed-books.yaml", "-o", "out"])
        .success();
    ws.edit(
        "out/seed-books/01-grant-url.dg",
        "info v_GrantUrl;",
        "info v_GrantUrl; // mine",
    );
    ws.delugen(&["render", "specs/seed-books.yaml", "-o", "out", "--force"])
        .success();
    assert!(
        !ws.read("out/seed-books/01-grant-url.dg")
            .contains("// mine")
    );
    ws.delugen(&["diff", "specs/seed-books.yaml", "-o", "out"])
        .code(0);
}

#[test]
fn a_file_delugen_never_wrote_is_never_touched_even_with_force() {
    let ws = Workspace::new(&["seed-books.yaml"]);
    std::fs::create_dir_all(ws.path("out/seed-books")).unwrap();
    std::fs::write(
        ws.path("out/seed-books/01-grant-url.dg"),
        "// someone else's\n",
    )
    .unwrap();
    ws.delugen(&["render", "specs/seed-books.yaml", "-o", "out", "--force"])
        .code(2)
        .stderr(contains(
            "01-grant-url.dg exists and was not written by delugen",
        ));
    assert_eq!(
        ws.read("out/seed-books/01-grant-url.dg"),
        "// someone else's\n"
    );
}

#[test]
fn stale_files_are_reported_and_removed_only_with_prune() {
    let ws = Workspace::new(&["crm-leads.yaml"]);
    ws.delugen(&["render", "specs/crm-leads.yaml", "-o", "out"])
        .success();
    // Drop the last request: its script becomes stale.
    let spec = ws.read("specs/crm-leads.yaml");
    let cut = spec.find("  - name: upsert-lead-by-email").unwrap();
    std::fs::write(ws.path("specs/crm-leads.yaml"), &spec[..cut]).unwrap();
    let stale = "out/acme-crm-leads/upsert-lead-by-email.dg";
    ws.delugen(&[
        "diff",
        "specs/crm-leads.yaml",
        "-o",
        "out",
        "--color",
        "never",
    ])
    .code(1)
    .stdout(contains(
        "upsert-lead-by-email.dg: stale; specs/crm-leads.yaml no longer produces it",
    ))
    .stdout(contains("+++ /dev/null"));
    ws.delugen(&["render", "specs/crm-leads.yaml", "-o", "out"])
        .success()
        .stdout(contains("stale out/acme-crm-leads/upsert-lead-by-email.dg"));
    assert!(ws.path(stale).exists());
    ws.delugen(&["render", "specs/crm-leads.yaml", "-o", "out", "--prune"])
        .success()
        .stdout(contains("removed stale"));
    assert!(!ws.path(stale).exists());
    ws.delugen(&["diff", "specs/crm-leads.yaml", "-o", "out"])
        .code(0);
}

#[test]
fn no_color_and_never_give_plain_diffs_always_gives_colour() {
    let ws = Workspace::new(&["seed-books.yaml"]);
    let plain = |assert: assert_cmd::assert::Assert| {
        let out = String::from_utf8(assert.code(1).get_output().stdout.clone()).unwrap();
        assert!(!out.contains('\u{1b}'), "{out}");
    };
    plain(ws.delugen(&["diff", "specs", "-o", "out", "--color", "never"]));
    let mut cmd = Command::cargo_bin("delugen").unwrap();
    let output = cmd
        .current_dir(ws.dir.path())
        .env("NO_COLOR", "1")
        .args(["diff", "specs", "-o", "out"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(!String::from_utf8_lossy(&output.stdout).contains('\u{1b}'));
    let coloured = ws
        .delugen(&["diff", "specs", "-o", "out", "--color", "always"])
        .code(1);
    assert!(String::from_utf8_lossy(&coloured.get_output().stdout).contains("\u{1b}["));
}

#[test]
fn a_folder_with_one_bad_spec_writes_the_others_and_exits_2() {
    let ws = Workspace::new(&["seed-books.yaml", "creator-orders.yaml"]);
    std::fs::copy(
        "tests/fixtures/invalid/unknown-region.yaml",
        ws.path("specs/bad.yaml"),
    )
    .unwrap();
    ws.delugen(&["render", "specs", "-o", "out"])
        .code(2)
        .stderr(contains("specs/bad.yaml:4:9"))
        .stdout(contains("specs/seed-books.yaml: wrote"))
        .stdout(contains("specs/creator-orders.yaml: wrote"));
    assert!(ws.path("out/seed-books/create-contact-person.dg").exists());
    assert!(ws.path("out/outback-orders/mark-order-shipped.dg").exists());
    assert!(!ws.path("out/acme").exists());
    ws.delugen(&["validate", "specs"])
        .code(2)
        .stdout(contains("ok: specs/seed-books.yaml"));
}

#[test]
fn a_failure_in_the_middle_of_a_batch_leaves_every_file_old_or_new() {
    let ws = Workspace::new(&["seed-books.yaml", "creator-orders.yaml", "crm-leads.yaml"]);
    ws.delugen(&["render", "specs", "-o", "out"]).success();
    let before: Vec<(PathBuf, String)> = all_files(&ws.path("out"));
    // Change every spec, and make the middle one (creator-orders, by name) unwritable:
    // its folder is replaced by a plain file.
    ws.edit(
        "specs/seed-books.yaml",
        "first_name: Joel",
        "first_name: Joe",
    );
    ws.edit(
        "specs/creator-orders.yaml",
        "Status: Shipped",
        "Status: Delivered",
    );
    ws.edit("specs/crm-leads.yaml", "Rating: Warm", "Rating: Cold");
    std::fs::remove_dir_all(ws.path("out/outback-orders")).unwrap();
    std::fs::write(ws.path("out/outback-orders"), "in the way\n").unwrap();
    ws.delugen(&["render", "specs", "-o", "out"])
        .code(2)
        .stderr(contains(
            "specs/creator-orders.yaml: out/outback-orders is a link or a file, not a folder",
        ));
    let new = common::render_file(&ws.path("specs/crm-leads.yaml"));
    for (path, old) in before
        .iter()
        .filter(|(p, _)| !p.starts_with(ws.path("out/outback-orders")))
    {
        let now = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_str().unwrap();
        let fresh = new
            .files
            .iter()
            .chain(
                common::render_file(&ws.path("specs/seed-books.yaml"))
                    .files
                    .iter(),
            )
            .any(|f| f.path.ends_with(name) && f.contents == now);
        assert!(
            now == *old || fresh || name.starts_with('.'),
            "{} is neither old nor new",
            path.display()
        );
    }
    assert!(
        ws.read("out/acme-crm-leads/update-lead-rating.dg")
            .contains("\"Cold\"")
    );
    assert!(
        ws.read("out/seed-books/create-contact-person.dg")
            .contains("\"Joe\"")
    );
    assert_eq!(ws.read("out/outback-orders"), "in the way\n");
    let leftovers: Vec<_> = all_files(&ws.path("out"))
        .into_iter()
        .filter(|(p, _)| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".delugen-tmp-")
        })
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

fn all_files(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(all_files(&path));
        } else {
            files.push((path.clone(), std::fs::read_to_string(&path).unwrap()));
        }
    }
    files
}

#[test]
fn secret_files_are_private_and_the_manifest_records_hashes() {
    let ws = Workspace::new(&["seed-books.yaml"]);
    ws.delugen(&["render", "specs/seed-books.yaml", "-o", "out"])
        .success();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |f: &str| std::fs::metadata(ws.path(f)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode("out/seed-books/02-refresh-token.dg"), 0o600);
        assert_eq!(mode("out/seed-books/01-grant-url.dg"), 0o644);
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&ws.read("out/seed-books/.delugen-manifest.json")).unwrap();
    assert_eq!(manifest["spec"], "specs/seed-books.yaml");
    assert_eq!(
        manifest["files"].as_object().unwrap().len(),
        6,
        "four scripts, the handover and the consultant notes"
    );
    assert_eq!(
        manifest["files"]["01-grant-url.dg"].as_str().unwrap().len(),
        64
    );
}

#[test]
fn diff_output_never_shows_a_secret() {
    let ws = Workspace::new(&["books-contacts-ca.yaml"]);
    let output = ws
        .delugen(&["diff", "specs", "-o", "out", "--color", "never"])
        .code(1);
    let text = String::from_utf8_lossy(&output.get_output().stdout).into_owned();
    assert!(text.contains("<redacted>"));
    for (_, secret) in common::EXAMPLE_ENV {
        assert!(!text.contains(secret), "{secret} leaked");
    }
}

#[test]
fn a_damaged_manifest_is_an_error_that_names_it() {
    let ws = Workspace::new(&["seed-books.yaml"]);
    ws.delugen(&["render", "specs/seed-books.yaml", "-o", "out"])
        .success();
    std::fs::write(
        ws.path("out/seed-books/.delugen-manifest.json"),
        "{ not json",
    )
    .unwrap();
    ws.delugen(&["render", "specs/seed-books.yaml", "-o", "out"])
        .code(2)
        .stderr(contains(".delugen-manifest.json is not a delugen manifest"));
    ws.delugen(&["diff", "specs/seed-books.yaml", "-o", "out"])
        .code(2);
}

#[test]
fn two_specs_with_one_name_cannot_share_a_folder() {
    let ws = Workspace::new(&["seed-books.yaml"]);
    std::fs::copy(
        ws.path("specs/seed-books.yaml"),
        ws.path("specs/seed-books-copy.yaml"),
    )
    .unwrap();
    ws.edit(
        "specs/seed-books-copy.yaml",
        "first_name: Joel",
        "first_name: Joe",
    );
    ws.delugen(&["render", "specs", "-o", "out"])
        .code(2)
        .stderr(contains(
            "spec name \"seed-books\" is already used by specs/seed-books-copy.yaml",
        ));
    // The first spec (by file name) was written, and only once.
    assert!(
        ws.read("out/seed-books/create-contact-person.dg")
            .contains("\"Joe\"")
    );
    ws.delugen(&["validate", "specs"]).code(2);
}

/// Every script in a spec's output folder, by file name.
fn scripts_in(dir: &std::path::Path) -> std::collections::BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "dg"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect()
}

#[test]
fn removing_a_request_renames_and_changes_no_other_script() {
    let ws = Workspace::new(&["crm-leads.yaml"]);
    ws.delugen(&["render", "specs/crm-leads.yaml", "-o", "out"])
        .success();
    let before = scripts_in(&ws.path("out/acme-crm-leads"));
    assert!(before.contains_key("update-lead-rating.dg"), "{before:?}");
    // Remove the middle request of three.
    let spec = ws.read("specs/crm-leads.yaml");
    let start = spec.find("  - name: update-lead-rating").unwrap();
    let end = spec.find("  - name: upsert-lead-by-email").unwrap();
    let shorter = format!("{}{}", &spec[..start], &spec[end..]);
    std::fs::write(ws.path("specs/crm-leads.yaml"), shorter).unwrap();
    ws.delugen(&["render", "specs/crm-leads.yaml", "-o", "out", "--prune"])
        .success()
        .stdout(contains(
            "removed stale out/acme-crm-leads/update-lead-rating.dg",
        ));
    let mut expected = before;
    expected.remove("update-lead-rating.dg");
    // Only the handover, which lists the requests, may change.
    assert_eq!(scripts_in(&ws.path("out/acme-crm-leads")), expected);
}
