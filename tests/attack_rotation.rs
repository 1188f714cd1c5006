//! Secrets that were, and manifests that lie: after a client secret and a refresh token
//! are rotated in the spec, the old values are still in the files on disk; no diff,
//! check or message may show them. Also: modes follow content, a hard link is never read,
//! a manifest naming a file twice is invalid, a spec path that is not UTF-8 is refused.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use common::Workspace;
use predicates::str::contains;

const OLD_SECRET: &str = "aaaabbbbccccddddeeeeffff111122223333444455";
const NEW_SECRET: &str = "9999888877776666555544443333222211110000zz";
const OLD_REFRESH: &str = "1000.0ld0ld0ld0ld0ld0ld0ld0ld0ld.ffffeeee";
const NEW_REFRESH: &str = "1000.n3wn3wn3wn3wn3wn3wn3wn3w.aaaabbbb";
const THIRD_SECRET: &str = "thirdthirdthirdthirdthird0123456789abcdef";
const THIRD_REFRESH: &str = "1000.th1rdth1rdth1rdth1rdth1rd.ccccdddd";

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// seed-books with a refresh token, and overrides that print both secrets where no
/// variable name says they are secrets (so only their values can give them away).
fn workspace() -> Workspace {
    let ws = Workspace::new(&["seed-books.yaml"]);
    ws.edit(
        "specs/seed-books.yaml",
        "auth:\n",
        &format!("auth:\n  refresh_token: \"{OLD_REFRESH}\"\n"),
    );
    std::fs::create_dir(ws.path("tpl")).unwrap();
    let leak = "info {{ oauth.client_secret | dg }};\ninfo {{ oauth.refresh_token | dg }};\n";
    let grant = std::fs::read_to_string("templates/grant-url.dg").unwrap();
    ws.write("tpl/grant-url.dg", &format!("{grant}{leak}"));
    let request = std::fs::read_to_string("templates/books-request.dg").unwrap();
    ws.write("tpl/books-request.dg", &format!("{leak}{request}"));
    ws
}

fn rotate(ws: &Workspace) {
    ws.edit("specs/seed-books.yaml", OLD_SECRET, NEW_SECRET);
    ws.edit("specs/seed-books.yaml", OLD_REFRESH, NEW_REFRESH);
}

fn assert_hidden(ws: &Workspace, args: &[&str], code: i32) -> String {
    let assert = ws.delugen(args).code(code);
    let shown = common::printed(assert.get_output());
    for old in [
        OLD_SECRET,
        OLD_REFRESH,
        NEW_SECRET,
        NEW_REFRESH,
        THIRD_SECRET,
        THIRD_REFRESH,
    ] {
        assert!(!shown.contains(old), "{args:?} printed {old}:\n{shown}");
        // Nor a piece of one long enough to matter.
        assert!(
            !shown.contains(&old[5..25]),
            "{args:?} printed part of {old}:\n{shown}"
        );
    }
    shown
}

#[test]
fn rotated_secrets_still_on_disk_are_never_shown() {
    let ws = workspace();
    let render = [
        "render",
        "specs/seed-books.yaml",
        "-o",
        "out",
        "--templates",
        "tpl",
    ];
    ws.delugen(&render).success();
    // The override put the secret into the grant URL script: it is private.
    assert_eq!(mode(&ws.path("out/seed-books/01-grant-url.dg")), 0o600);
    assert!(
        ws.read("out/seed-books/01-grant-url.dg")
            .contains(OLD_SECRET)
    );

    rotate(&ws);
    // The request is renamed too: its old script, holding the old secret, goes stale.
    ws.edit(
        "specs/seed-books.yaml",
        "name: create-contact-person",
        "name: add-contact-person",
    );
    let diff = [
        "diff",
        "specs/seed-books.yaml",
        "-o",
        "out",
        "--templates",
        "tpl",
    ];
    let check = [&render[..], &["--check"]].concat();
    let shown = assert_hidden(&ws, &diff, 1);
    assert!(shown.contains("create-contact-person.dg: stale"), "{shown}");
    assert!(shown.contains("-info \"<redacted>\";"), "{shown}");
    assert_hidden(&ws, &check, 1);

    // A stale file that lost its private mode is made private again, and kept.
    let stale = ws.path("out/seed-books/create-contact-person.dg");
    std::fs::set_permissions(&stale, std::fs::Permissions::from_mode(0o644)).unwrap();
    let shown = assert_hidden(&ws, &diff, 1);
    assert!(
        shown.contains("create-contact-person.dg: holds a secret but its mode is 0644"),
        "{shown}"
    );
    assert_hidden(&ws, &render, 0);
    assert_eq!(mode(&stale), 0o600);
    assert!(
        ws.read("out/seed-books/create-contact-person.dg")
            .contains(OLD_SECRET)
    );

    // A hand edit, then a second rotation: refused, and no diff shows an old value.
    let access = ws.path("out/seed-books/03-access-token.dg");
    let edited = format!(
        "{}// a note\n",
        ws.read("out/seed-books/03-access-token.dg")
    );
    std::fs::write(&access, edited).unwrap();
    ws.edit("specs/seed-books.yaml", NEW_SECRET, THIRD_SECRET);
    ws.edit("specs/seed-books.yaml", NEW_REFRESH, THIRD_REFRESH);
    let shown = assert_hidden(&ws, &render, 2);
    assert!(shown.contains("was edited by hand"), "{shown}");
    assert_hidden(&ws, &diff, 1);
    assert_hidden(&ws, &check, 1);
    let pruned = [&render[..], &["--prune", "--force"]].concat();
    assert_hidden(&ws, &pruned, 0);
    assert_hidden(&ws, &check, 0);
}

#[test]
fn a_stale_entry_that_is_a_hard_link_is_never_read_nor_printed() {
    let ws = Workspace::new(&["seed-books.yaml"]);
    ws.delugen(&["render", "specs/seed-books.yaml", "-o", "out"])
        .success();
    // A file elsewhere on the same file system, linked into the folder under a name the
    // manifest lists (with the file's real hash, as an attacker would write it).
    let outside = tempfile::tempdir_in(ws.path(".")).unwrap();
    let target = outside.path().join("private.txt");
    let text = "outside text nobody may print\n";
    std::fs::write(&target, text).unwrap();
    std::fs::hard_link(&target, ws.path("out/seed-books/old-request.dg")).unwrap();
    let manifest_path = ws.path("out/seed-books/.delugen-manifest.json");
    let mut manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest_path).unwrap()).unwrap();
    manifest["files"]["old-request.dg"] = delugen::output::manifest::hash(text.as_bytes()).into();
    std::fs::write(&manifest_path, manifest.to_string()).unwrap();
    for args in [
        &["diff", "specs/seed-books.yaml", "-o", "out"][..],
        &["render", "specs/seed-books.yaml", "-o", "out", "--check"],
    ] {
        let assert = ws
            .delugen(args)
            .code(1)
            .stdout(contains("old-request.dg: stale, and not a regular file"));
        assert!(!common::printed(assert.get_output()).contains("outside text"));
    }
    ws.delugen(&[
        "render",
        "specs/seed-books.yaml",
        "-o",
        "out",
        "--prune",
        "--force",
    ])
    .success();
    assert_eq!(std::fs::read_to_string(&target).unwrap(), text);
    assert_eq!(mode(&target), 0o644);
    // Where a rendered file belongs, too: never read, never written through.
    std::fs::remove_file(ws.path("out/seed-books/02-refresh-token.dg")).unwrap();
    std::fs::hard_link(&target, ws.path("out/seed-books/02-refresh-token.dg")).unwrap();
    let assert = ws
        .delugen(&["diff", "specs/seed-books.yaml", "-o", "out"])
        .code(1)
        .stdout(contains("hard-linked or oversized file stands here"));
    assert!(!common::printed(assert.get_output()).contains("outside text"));
    ws.delugen(&["render", "specs/seed-books.yaml", "-o", "out", "--force"])
        .code(2)
        .stderr(contains(
            "02-refresh-token.dg is a link, a folder, a file with another name elsewhere",
        ));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), text);
    assert_eq!(mode(&target), 0o644);
}

#[test]
fn a_manifest_naming_a_file_twice_is_invalid() {
    let ws = Workspace::new(&["seed-books.yaml"]);
    ws.delugen(&["render", "specs/seed-books.yaml", "-o", "out"])
        .success();
    let manifest_path = "out/seed-books/.delugen-manifest.json";
    let text = ws.read(manifest_path);
    let line = text
        .lines()
        .find(|l| l.contains("\"01-grant-url.dg\""))
        .unwrap()
        .trim_end_matches(',')
        .to_string();
    // The second entry (a different hash) would silently win in a plain map.
    let twice = format!(
        "{line},\n{}",
        line.replace(&line[line.len() - 9..], "00000000\"")
    );
    ws.write(manifest_path, &text.replacen(&line, &twice, 1));
    for args in [
        &["render", "specs/seed-books.yaml", "-o", "out", "--force"][..],
        &["diff", "specs/seed-books.yaml", "-o", "out"],
    ] {
        ws.delugen(args).code(2).stderr(contains(
            "is not a delugen manifest: it names \"01-grant-url.dg\" twice",
        ));
    }
}

#[test]
fn a_spec_path_that_is_not_utf8_is_refused_not_recorded_lossily() {
    use std::os::unix::ffi::OsStrExt;
    let ws = Workspace::new(&["seed-books.yaml"]);
    let name = std::ffi::OsStr::from_bytes(b"seed-\xff.yaml");
    let spec = ws.path("specs").join(name);
    std::fs::rename(ws.path("specs/seed-books.yaml"), &spec).unwrap();
    let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("delugen"))
        .current_dir(ws.dir.path())
        .arg("render")
        .arg(Path::new("specs").join(name))
        .args(["-o", "out"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let shown = common::printed(&output);
    assert!(shown.contains("is not valid UTF-8"), "{shown}");
    assert!(shown.contains("rename the file"), "{shown}");
    assert!(!ws.path("out/seed-books").exists());
}
