//! Attacks on the folders delugen works in: a spec folder swapped for a link while a
//! render runs, two specs of the same name from two folders, first renders racing, names
//! the manifest does not list. Nothing outside may change; no file may be lost track of.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use common::Workspace;
use delugen::generate::generate;
use delugen::output::folder::Folder;
use delugen::output::write::{WriteOptions, write_spec};
use delugen::render::Renderer;
use predicates::str::contains;

/// Every entry under `root` (links not followed): its bytes, or the link's target.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, (Vec<u8>, u32)> {
    use std::os::unix::fs::PermissionsExt;
    let mut found = BTreeMap::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let metadata = std::fs::symlink_metadata(&path).unwrap();
            let mode = metadata.permissions().mode();
            if metadata.file_type().is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                found.insert(path, (target.into_os_string().into_encoded_bytes(), mode));
            } else if metadata.is_dir() {
                found.insert(path.clone(), (Vec::new(), mode));
                folders.push(path);
            } else {
                found.insert(path.clone(), (std::fs::read(&path).unwrap(), mode));
            }
        }
    }
    found
}

/// Entries that differ between two snapshots (created, changed or deleted).
fn changes(
    before: &BTreeMap<PathBuf, (Vec<u8>, u32)>,
    after: &BTreeMap<PathBuf, (Vec<u8>, u32)>,
) -> usize {
    let created = after.keys().filter(|k| !before.contains_key(*k)).count();
    let deleted = before.keys().filter(|k| !after.contains_key(*k)).count();
    let changed = before
        .iter()
        .filter(|(k, v)| after.get(*k).is_some_and(|w| w != *v))
        .count();
    created + deleted + changed
}

/// Swaps `folder` for a link to `outside` and back, as fast as it can, until stopped.
fn swapper(
    folder: PathBuf,
    outside: PathBuf,
    stop: Arc<AtomicBool>,
) -> std::thread::JoinHandle<usize> {
    std::thread::spawn(move || {
        let hidden = folder.with_file_name(".hidden-real-folder");
        let mut swaps = 0;
        while !stop.load(Ordering::Relaxed) {
            if std::fs::rename(&folder, &hidden).is_err() {
                std::thread::yield_now();
                continue;
            }
            if std::os::unix::fs::symlink(&outside, &folder).is_ok() {
                swaps += 1;
            }
            std::thread::sleep(std::time::Duration::from_micros(50));
            if std::fs::symlink_metadata(&folder).is_ok_and(|m| m.file_type().is_symlink()) {
                let _ = std::fs::remove_file(&folder);
            }
            if std::fs::rename(&hidden, &folder).is_err() {
                // A render made a new folder while the real one was away.
                let _ = std::fs::remove_dir_all(&hidden);
            }
            std::thread::sleep(std::time::Duration::from_micros(150));
        }
        swaps
    })
}

/// Renders `iterations` times (as `render` does: the output folder opened once, then the
/// spec written; the spec alternating so files change) while a thread swaps the spec
/// folder for a link to a copy of it outside; returns (renders that succeeded, renders
/// refused, swaps), after asserting nothing outside changed.
fn render_while_swapped(options: WriteOptions, iterations: usize) -> (usize, usize, usize) {
    let ws = Workspace::new(&["seed-books.yaml"]);
    let spec = ws.path("specs/seed-books.yaml");
    let out = ws.path("out");
    ws.delugen(&["render", "specs/seed-books.yaml", "-o", "out"])
        .success();
    // Outside: a copy of the folder, manifest and all, plus a stale file its manifest
    // lists, so that a render that followed the link would accept it, overwrite its
    // files and (with --prune) delete the stale one.
    let outside = tempfile::tempdir().unwrap();
    let copy = outside.path().join("seed-books");
    std::fs::create_dir(&copy).unwrap();
    for entry in std::fs::read_dir(ws.path("out/seed-books")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, copy.join(path.file_name().unwrap())).unwrap();
    }
    let stale = "// an old request\n";
    std::fs::write(copy.join("old-request.dg"), stale).unwrap();
    let manifest_path = copy.join(".delugen-manifest.json");
    let mut manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest_path).unwrap()).unwrap();
    manifest["files"]["old-request.dg"] = delugen::output::manifest::hash(stale.as_bytes()).into();
    std::fs::write(&manifest_path, manifest.to_string()).unwrap();
    let before = snapshot(outside.path());

    let stop = Arc::new(AtomicBool::new(false));
    let swaps = swapper(out.join("seed-books"), copy.clone(), stop.clone());
    let text = std::fs::read_to_string(&spec).unwrap();
    let renderer = Renderer::new(None).unwrap();
    let (mut ok, mut refused, mut outside_changes) = (0, 0, 0);
    for i in 0..iterations {
        std::fs::write(&spec, text.replace("Joel", &format!("Joel{i}"))).unwrap();
        let rendered = generate(&spec, &renderer, &common::fake_env).unwrap();
        let written = Folder::create_output(&out)
            .map_err(|e| e.to_string())
            .and_then(|folder| {
                write_spec(&folder, &spec, "specs/seed-books.yaml", &rendered, options)
                    .map_err(|e| format!("{e:?}"))
            });
        match written {
            Ok(_) => ok += 1,
            Err(_) => refused += 1,
        }
        outside_changes += changes(&before, &snapshot(outside.path()));
    }
    stop.store(true, Ordering::Relaxed);
    let swaps = swaps.join().unwrap();
    eprintln!(
        "{iterations} renders {options:?}: {ok} ran, {refused} refused, {swaps} swaps, {outside_changes} outside changes"
    );
    assert_eq!(
        outside_changes, 0,
        "files outside were created, changed or deleted"
    );
    (ok, refused, swaps)
}

#[test]
fn a_spec_folder_swapped_for_a_link_during_prune_force_changes_nothing_outside() {
    let options = WriteOptions {
        prune: true,
        force: true,
    };
    let (ok, refused, swaps) = render_while_swapped(options, 300);
    // The attack was live: some renders met the link, some ran through the swaps.
    assert!(
        ok > 0 && swaps > 0,
        "ok {ok}, refused {refused}, swaps {swaps}"
    );
}

#[test]
fn a_spec_folder_swapped_for_a_link_during_plain_renders_changes_nothing_outside() {
    let (ok, refused, swaps) = render_while_swapped(WriteOptions::default(), 200);
    assert!(
        ok > 0 && swaps > 0,
        "ok {ok}, refused {refused}, swaps {swaps}"
    );
}

/// Two teams' specs with one file name and one `name`, different requests.
fn two_teams() -> Workspace {
    let ws = Workspace::new(&["seed-books.yaml"]);
    let text = ws
        .read("specs/seed-books.yaml")
        .replace("name: seed-books", "name: leads");
    for team in ["teamA", "teamB"] {
        std::fs::create_dir(ws.path(team)).unwrap();
    }
    ws.write("teamA/leads.yaml", &text);
    ws.write(
        "teamB/leads.yaml",
        &text.replace("name: create-contact-person", "name: team-b-request"),
    );
    ws
}

#[test]
fn a_second_spec_with_the_same_file_name_and_name_is_refused() {
    let ws = two_teams();
    ws.delugen(&["render", "teamA/leads.yaml", "-o", "out"])
        .success();
    let before = snapshot(&ws.path("out"));
    for args in [
        &["render", "teamB/leads.yaml", "-o", "out"][..],
        &["render", "teamB/leads.yaml", "-o", "out", "--prune"],
        &["render", "teamB/leads.yaml", "-o", "out", "--check"],
        &["diff", "teamB/leads.yaml", "-o", "out"],
    ] {
        ws.delugen(args)
            .code(2)
            .stderr(contains(
                "out/leads was written from teamA/leads.yaml (../teamA/leads.yaml from the output folder: books in us",
            ))
            .stderr(contains(
                "not from teamB/leads.yaml (../teamB/leads.yaml from the output folder: books in us",
            ));
        assert_eq!(changes(&before, &snapshot(&ws.path("out"))), 0, "{args:?}");
    }
    // The first spec, from another working folder, is still the owner.
    assert_cmd::Command::cargo_bin("delugen")
        .unwrap()
        .current_dir(ws.path("teamA"))
        .args(["render", "leads.yaml", "-o", "../out", "--check"])
        .assert()
        .success();
    // Once the folders are a repository, the manifest written before still matches, and
    // a fresh copy of the repository elsewhere matches what it records from then on.
    std::fs::create_dir(ws.path(".git")).unwrap();
    ws.delugen(&["render", "teamA/leads.yaml", "-o", "out"])
        .success();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&ws.read("out/leads/.delugen-manifest.json"))
            .unwrap()["owner"]["origin"],
        "repo:teamA/leads.yaml"
    );
    let clone = tempfile::tempdir().unwrap();
    let copied = Process::new("cp")
        .args([
            "-a",
            ws.path(".").to_str().unwrap(),
            clone.path().to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(copied.success());
    assert_cmd::Command::cargo_bin("delugen")
        .unwrap()
        .current_dir(clone.path().join("."))
        .args(["render", "./teamA/leads.yaml", "-o", "out", "--check"])
        .assert()
        .success();
    // --force takes the folder over on purpose; --prune then removes the other's file.
    ws.delugen(&["render", "teamB/leads.yaml", "-o", "out", "--force"])
        .success();
    assert!(ws.path("out/leads/team-b-request.dg").exists());
}

#[test]
fn racing_first_renders_leave_no_file_the_manifest_does_not_list() {
    let ws = two_teams();
    let binary = assert_cmd::cargo::cargo_bin("delugen");
    let rounds = 100;
    let unlisted = AtomicUsize::new(0);
    for round in 0..rounds {
        let out = format!("out{round}");
        // Two specs into one new folder at the same moment, each taking it over on
        // purpose: whichever is second must see (and list) the first one's files.
        let racers: Vec<_> = ["teamA/leads.yaml", "teamB/leads.yaml"]
            .iter()
            .map(|spec| {
                Process::new(&binary)
                    .current_dir(ws.dir.path())
                    .args(["render", spec, "-o", &out, "--force"])
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
        let folder = ws.path(&format!("{out}/leads"));
        let manifest: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(folder.join(".delugen-manifest.json")).unwrap(),
        )
        .unwrap();
        for entry in std::fs::read_dir(&folder).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            if name != ".delugen-manifest.json" && manifest["files"].get(&name).is_none() {
                unlisted.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
    let unlisted = unlisted.into_inner();
    eprintln!("{rounds} racing first renders: {unlisted} unlisted files");
    assert_eq!(unlisted, 0);
}

#[test]
fn a_name_the_manifest_does_not_list_is_reported_and_left_alone() {
    let ws = Workspace::new(&["seed-books.yaml"]);
    ws.delugen(&["render", "specs/seed-books.yaml", "-o", "out"])
        .success();
    ws.write("out/seed-books/notes.dg", "client_secret = \"mine\";\n");
    std::fs::create_dir(ws.path("out/seed-books/drafts")).unwrap();
    // A folder named like delugen's temporary files is not one of them.
    std::fs::create_dir(ws.path("out/seed-books/.delugen-tmp-folder")).unwrap();
    for args in [
        &["diff", "specs/seed-books.yaml", "-o", "out"][..],
        &["render", "specs/seed-books.yaml", "-o", "out", "--check"],
    ] {
        let assert = ws
            .delugen(args)
            .code(1)
            .stdout(contains(
                "out/seed-books/notes.dg: not listed in the manifest; delugen did not write it",
            ))
            .stdout(contains(
                "out/seed-books/drafts: not listed in the manifest",
            ))
            .stdout(contains(".delugen-tmp-folder: not listed in the manifest"))
            .stderr(contains("3 not listed in the manifest"));
        // Never read: its content is not shown.
        assert!(!common::printed(assert.get_output()).contains("mine"));
    }
    ws.delugen(&[
        "render",
        "specs/seed-books.yaml",
        "-o",
        "out",
        "--prune",
        "--force",
    ])
    .success()
    .stdout(contains(
        "left alone out/seed-books/notes.dg: not listed in the manifest",
    ));
    assert_eq!(
        ws.read("out/seed-books/notes.dg"),
        "client_secret = \"mine\";\n"
    );
    assert!(ws.path("out/seed-books/drafts").is_dir());
    assert!(ws.path("out/seed-books/.delugen-tmp-folder").is_dir());
}

#[test]
fn a_manifest_of_the_previous_release_is_accepted_and_upgraded() {
    let ws = Workspace::new(&["seed-books.yaml"]);
    ws.delugen(&["render", "specs/seed-books.yaml", "-o", "out"])
        .success();
    // As delugen 0.1.0 wrote it: no owner, no secrets record.
    let path = "out/seed-books/.delugen-manifest.json";
    let mut manifest: serde_json::Value = serde_json::from_str(&ws.read(path)).unwrap();
    let object = manifest.as_object_mut().unwrap();
    object.remove("owner");
    object.remove("secrets");
    ws.write(path, &serde_json::to_string_pretty(&manifest).unwrap());
    ws.delugen(&["render", "specs/seed-books.yaml", "-o", "out", "--check"])
        .success();
    // Matched by file name, as that release did; the next write records the owner.
    ws.delugen(&["render", "specs/seed-books.yaml", "-o", "out"])
        .success();
    let upgraded: serde_json::Value = serde_json::from_str(&ws.read(path)).unwrap();
    assert_eq!(upgraded["owner"]["origin"], "out:../specs/seed-books.yaml");
    assert_eq!(upgraded["secrets"]["seen"].as_array().unwrap().len(), 1);
}
