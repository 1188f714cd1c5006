//! The binary as users run it: render to stdout, render into a folder, validate.

mod common;

use assert_cmd::Command;

fn delugen() -> Command {
    let mut cmd = Command::cargo_bin("delugen").unwrap();
    for (name, value) in common::EXAMPLE_ENV {
        cmd.env(name, value);
    }
    cmd
}

fn example_specs() -> Vec<std::path::PathBuf> {
    let mut specs: Vec<_> = std::fs::read_dir("specs")
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    specs
}

#[test]
fn every_example_renders_into_a_folder_of_named_scripts() {
    for spec in example_specs() {
        let out = tempfile::tempdir().unwrap();
        delugen()
            .arg("render")
            .arg(&spec)
            .arg("-o")
            .arg(out.path())
            .assert()
            .success();
        let expected = common::render_file(&spec);
        for file in &expected.files {
            let written = out.path().join(&file.path);
            assert!(
                written.is_file(),
                "{} missing for {}",
                written.display(),
                spec.display()
            );
        }
        let folder = out.path().join(&expected.spec_name);
        let mut names: Vec<String> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".dg"))
            .collect();
        names.sort();
        // Only the OAuth scripts carry a number (their run order); a request script is
        // named after its request alone.
        let oauth = [
            "01-grant-url.dg",
            "02-refresh-token.dg",
            "03-access-token.dg",
        ];
        assert!(
            names.iter().all(
                |n| oauth.contains(&n.as_str()) || !n.starts_with(|c: char| c.is_ascii_digit())
            ),
            "{names:?}"
        );
    }
}

#[test]
fn stdout_shows_each_file_after_a_separator_naming_it() {
    let output = delugen()
        .args(["render", "specs/crm-leads.yaml"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("==> acme-crm-leads/01-grant-url.dg <==\n// 01-grant-url.dg"));
    assert!(text.contains("\n==> acme-crm-leads/create-lead.dg <==\n"));
}

#[test]
fn a_bad_spec_exits_2_and_is_the_only_one_not_written() {
    let out = tempfile::tempdir().unwrap();
    delugen()
        .args([
            "render",
            "specs/seed-books.yaml",
            "tests/fixtures/invalid/unknown-region.yaml",
            "-o",
        ])
        .arg(out.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown region \"europe\""));
    let folders: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(folders, vec!["seed-books".to_string()]);
}

#[test]
fn stdout_gets_nothing_when_any_spec_is_bad() {
    delugen()
        .args([
            "render",
            "specs/seed-books.yaml",
            "tests/fixtures/invalid/unknown-region.yaml",
        ])
        .assert()
        .code(2)
        .stdout("");
}

#[test]
fn a_missing_secret_variable_is_named() {
    Command::cargo_bin("delugen")
        .unwrap()
        .env_remove("MAPLE_ZOHO_CLIENT_SECRET")
        .args(["validate", "tests/fixtures/books-contacts-ca.yaml"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "environment variable MAPLE_ZOHO_CLIENT_SECRET is not set",
        ));
}

#[test]
fn validate_reports_each_good_spec() {
    delugen()
        .args(["validate", "specs/seed-books.yaml"])
        .assert()
        .success()
        .stdout("ok: specs/seed-books.yaml (4 scripts and a handover)\n");
}

#[test]
fn usage_errors_exit_2() {
    delugen().args(["render"]).assert().code(2);
    delugen().args(["frobnicate"]).assert().code(2);
}

#[test]
fn a_missing_spec_file_or_an_empty_folder_is_named() {
    delugen()
        .args(["validate", "no/such/spec.yaml"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cannot read the spec"))
        .stderr(predicates::str::contains("no/such/spec.yaml"));
    let empty = tempfile::tempdir().unwrap();
    delugen()
        .arg("validate")
        .arg(empty.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "the folder holds no .yaml or .yml spec",
        ));
}

#[test]
fn check_and_force_need_an_output_folder() {
    delugen()
        .args(["render", "specs/seed-books.yaml", "--check"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--out"));
}

#[test]
fn module_and_app_names_that_look_like_other_products_still_render() {
    let crm_module_books = "name: odd-crm\nproduct: crm\nregion: us\nclient: {id: 1000.X, secret: s, redirect_uri: https://cb.example/}\nscopes: [ZohoCRM.modules.ALL]\nmodule: books\nrequests:\n  - name: update\n    method: PUT\n    record_id: \"1\"\n    fields: {Name: x}\n";
    let creator_app_crm = "name: odd-creator\nproduct: creator\nregion: us\nclient: {id: 1000.X, secret: s, redirect_uri: https://cb.example/}\nscopes: [ZohoCreator.report.UPDATE]\nmodule: {owner: o, app: crm, report: All}\nrequests:\n  - name: update\n    method: PATCH\n    record_id: \"1\"\n    fields: {Name: x}\n";
    let books_resource_crm_v1 = "name: odd-books\nproduct: books\nregion: us\norganization_id: \"1\"\nclient: {id: 1000.X, secret: s, redirect_uri: https://cb.example/}\nscopes: [ZohoBooks.fullaccess.all]\nmodule: crm/v1/leads\nrequests:\n  - name: create\n    method: POST\n    fields: {Name: x}\n";
    for spec in [crm_module_books, creator_app_crm, books_resource_crm_v1] {
        let rendered = common::render_text(spec).unwrap_or_else(|error| panic!("{error}"));
        assert!(
            rendered
                .files
                .iter()
                .any(|f| f.path.ends_with("02-refresh-token.dg"))
        );
    }
}
