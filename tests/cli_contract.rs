//! The command-line contract (issue 13): one colour decision, messages in the user's
//! words, summary lines, man pages, and help that ends with an example.

mod common;

use std::path::Path;

use assert_cmd::Command;
use clap::CommandFactory;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

const ESC: char = '\u{1b}';

/// The binary in `dir`, with an environment that decides nothing about colour.
fn delugen_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("delugen").unwrap();
    for (name, value) in common::EXAMPLE_ENV {
        cmd.env(name, value);
    }
    cmd.current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR");
    cmd
}

fn delugen() -> Command {
    delugen_in(Path::new(env!("CARGO_MANIFEST_DIR")))
}

fn stdout_of(cmd: &mut Command) -> String {
    String::from_utf8(cmd.output().unwrap().stdout).unwrap()
}

fn stderr_of(cmd: &mut Command) -> String {
    String::from_utf8(cmd.output().unwrap().stderr).unwrap()
}

use common::workspace;

/// Files delugen wrote under `out/` (its manifests left out).
fn rendered_count(out: &Path) -> usize {
    std::fs::read_dir(out)
        .unwrap()
        .flat_map(|spec| std::fs::read_dir(spec.unwrap().path()).unwrap())
        .filter(|file| {
            !file
                .as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with('.')
        })
        .count()
}

// 1. Colour ------------------------------------------------------------------------

#[test]
fn help_and_clap_errors_are_plain_when_piped_or_with_no_color() {
    // assert_cmd pipes both streams: `auto` must see no terminal.
    let help = stdout_of(delugen().arg("--help"));
    assert!(help.contains("Usage"), "{help}");
    assert!(!help.contains(ESC), "{help:?}");
    let error = stderr_of(delugen().arg("rendr"));
    assert!(error.contains("unrecognized subcommand"), "{error}");
    assert!(!error.contains(ESC), "{error:?}");
    // NO_COLOR beats CLICOLOR_FORCE.
    let help = stdout_of(
        delugen()
            .env("NO_COLOR", "1")
            .env("CLICOLOR_FORCE", "1")
            .arg("--help"),
    );
    assert!(!help.contains(ESC), "{help:?}");
    let error = stderr_of(delugen().env("NO_COLOR", "1").args(["render", "--bogus"]));
    assert!(!error.contains(ESC), "{error:?}");
}

#[test]
fn colour_can_be_forced_for_help_errors_diagnostics_and_lint() {
    let help = stdout_of(delugen().env("CLICOLOR_FORCE", "1").arg("--help"));
    assert!(help.contains(ESC), "CLICOLOR_FORCE colours a pipe");
    let help = stdout_of(delugen().args(["--color", "always", "render", "--help"]));
    assert!(help.contains(ESC));
    let error = stderr_of(delugen().args(["--color=always", "rendr"]));
    assert!(error.contains(ESC), "{error:?}");

    let spec = "tests/fixtures/invalid/unknown-region.yaml";
    let plain = stderr_of(delugen().args(["validate", spec]));
    assert!(plain.contains("unknown region") && !plain.contains(ESC));
    let coloured = stderr_of(delugen().args(["validate", spec, "--color", "always"]));
    assert!(coloured.contains(ESC), "{coloured:?}");
    let never = stderr_of(
        delugen()
            .env("CLICOLOR_FORCE", "1")
            .args(["validate", spec, "--color", "never"]),
    );
    assert!(!never.contains(ESC), "--color never beats the environment");

    let script = "tests/fixtures/deluge/invalid/missing-semicolon.dg";
    let plain = stdout_of(delugen().args(["lint", script]));
    assert!(plain.contains("DG000") && !plain.contains(ESC), "{plain}");
    let coloured = stdout_of(delugen().args(["lint", script, "--color", "always"]));
    assert!(coloured.contains(ESC), "{coloured:?}");
}

// 2. Messages ----------------------------------------------------------------------

#[test]
fn a_broken_override_is_the_users_error_and_nothing_is_written_for_any_spec() {
    let dir = workspace(&["seed-books.yaml", "crm-leads.yaml", "creator-orders.yaml"]);
    delugen_in(dir.path())
        .args(["templates", "export", "mine"])
        .assert()
        .success();
    // A missing `;` on the first line of the record template.
    std::fs::write(dir.path().join("mine/record.dg"), "m_Record = Map()\n").unwrap();
    let output = delugen_in(dir.path())
        .args(["render", "specs", "-o", "out", "--templates", "mine"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "error: the template override {} produced invalid Deluge in ",
            Path::new("mine").join("record.dg").display()
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("expected `;` to end this statement"),
        "{stderr}"
    );
    assert!(
        stderr.contains("record.dg:1:1\n"),
        "names the template line: {stderr}"
    );
    assert!(stderr.contains("1 | m_Record = Map()\n"), "{stderr}");
    assert!(!stderr.contains("internal error"), "{stderr}");
    assert_eq!(
        stderr.matches("error: the template override").count(),
        1,
        "said once, not once per spec: {stderr}"
    );
    assert!(
        stderr.contains("error: a template override is broken; nothing was written for any spec"),
        "{stderr}"
    );
    assert!(!dir.path().join("out").exists(), "nothing written");
}

#[test]
fn a_foreign_file_refusal_does_not_suggest_force() {
    let dir = workspace(&["seed-books.yaml"]);
    std::fs::create_dir_all(dir.path().join("out/seed-books")).unwrap();
    std::fs::write(
        dir.path().join("out/seed-books/01-grant-url.dg"),
        "// someone else's\n",
    )
    .unwrap();
    let stderr =
        stderr_of(delugen_in(dir.path()).args(["render", "specs/seed-books.yaml", "-o", "out"]));
    assert!(
        stderr.contains("exists and was not written by delugen"),
        "{stderr}"
    );
    assert!(!stderr.contains("pass --force"), "{stderr}");
    assert!(
        stderr.contains("delugen never overwrites a file it did not write (nor a link or a folder), even with --force"),
        "{stderr}"
    );
}

#[test]
fn pruning_a_hand_edited_stale_file_says_force_is_needed_too() {
    let dir = workspace(&["crm-leads.yaml"]);
    let run = |args: &[&str]| delugen_in(dir.path()).args(args).assert();
    run(&["render", "specs/crm-leads.yaml", "-o", "out"]).success();
    let stale = dir
        .path()
        .join("out/acme-crm-leads/upsert-lead-by-email.dg");
    std::fs::write(&stale, "// mine\n").unwrap();
    let spec = dir.path().join("specs/crm-leads.yaml");
    let text = std::fs::read_to_string(&spec).unwrap();
    let cut = text.find("  - name: upsert-lead-by-email").unwrap();
    std::fs::write(&spec, &text[..cut]).unwrap();
    run(&["render", "specs/crm-leads.yaml", "-o", "out", "--prune"])
        .success()
        .stdout(contains(
            "kept stale out/acme-crm-leads/upsert-lead-by-email.dg: it was edited by hand since delugen wrote it; --prune removes it only together with --force",
        ))
        .stdout(contains("removed stale").not());
    assert!(stale.exists());
    run(&[
        "render",
        "specs/crm-leads.yaml",
        "-o",
        "out",
        "--prune",
        "--force",
    ])
    .success()
    .stdout(contains("removed stale"));
    assert!(!stale.exists());
}

#[test]
fn invalid_utf8_names_the_line_and_byte() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec.yaml");
    std::fs::write(&spec, b"name: acme\nproduct: cr\xffm\n").unwrap();
    delugen()
        .arg("validate")
        .arg(&spec)
        .assert()
        .code(2)
        .stderr(contains(
            "error: the spec is not UTF-8 text: byte 0xFF at line 2, byte 12 of the line",
        ))
        .stderr(contains(":2:12\n"));
}

#[test]
fn no_field_noise_on_whole_file_errors() {
    delugen()
        .args(["validate", "tests/fixtures/invalid/empty-file.yaml"])
        .assert()
        .code(2)
        .stderr(contains(" --> tests/fixtures/invalid/empty-file.yaml\n"))
        .stderr(contains("(field").not());
}

#[test]
fn the_same_file_named_twice_is_read_once() {
    delugen()
        .args([
            "validate",
            "specs",
            "specs/crm-leads.yaml",
            "./specs/crm-leads.yaml",
        ])
        .assert()
        .success()
        .stdout(contains("ok: specs/crm-leads.yaml").count(1))
        .stderr(contains("already used").not());
}

#[test]
fn clean_diff_check_and_lint_print_one_summary_line_unless_quiet() {
    let dir = workspace(&["seed-books.yaml", "crm-leads.yaml"]);
    let run = |args: &[&str]| delugen_in(dir.path()).args(args).assert();
    run(&["render", "specs", "-o", "out"]).success();
    let files = rendered_count(&dir.path().join("out"));
    let clean = format!("{files} files checked (2 specs), no changes\n");
    // The example specs keep a client secret in plain text: each earns a warning first.
    let stderr = |assert: assert_cmd::assert::Assert| {
        common::without_warnings(&String::from_utf8(assert.get_output().stderr.clone()).unwrap())
    };
    assert_eq!(
        stderr(run(&["diff", "specs", "-o", "out"]).code(0).stdout("")),
        clean
    );
    assert_eq!(
        stderr(
            run(&["render", "specs", "-o", "out", "--check"])
                .code(0)
                .stdout("")
        ),
        clean
    );
    // Quiet leaves out the summary; a warning is a problem to act on and stays.
    assert_eq!(
        stderr(
            run(&["diff", "specs", "-o", "out", "-q"])
                .code(0)
                .stdout("")
        ),
        ""
    );
    assert_eq!(
        stderr(run(&["render", "specs", "-o", "out", "--check", "--quiet"]).code(0)),
        ""
    );
    std::fs::remove_file(dir.path().join("out/seed-books/handover.md")).unwrap();
    assert_eq!(
        stderr(run(&["diff", "specs", "-o", "out"]).code(1)),
        format!("{files} files checked (2 specs): 1 missing\n")
    );

    let scripts = [
        "out/seed-books/01-grant-url.dg",
        "out/seed-books/02-refresh-token.dg",
    ];
    run(&["lint", scripts[0], scripts[1]])
        .code(0)
        .stdout("")
        .stderr("2 files checked, no findings\n");
    run(&["lint", "-q", scripts[0]]).code(0).stderr("");
    delugen()
        .args(["lint", "tests/fixtures/deluge/invalid/missing-semicolon.dg"])
        .assert()
        .code(1)
        .stderr("1 file checked: 1 error\n");
}

#[test]
fn diff_labels_say_which_side_is_disk_and_which_the_new_render() {
    let dir = workspace(&["seed-books.yaml"]);
    let run = |args: &[&str]| delugen_in(dir.path()).args(args).assert();
    run(&["render", "specs", "-o", "out"]).success();
    let spec = dir.path().join("specs/seed-books.yaml");
    let text = std::fs::read_to_string(&spec).unwrap();
    std::fs::write(
        &spec,
        text.replacen("first_name: Joel", "first_name: Joe", 1),
    )
    .unwrap();
    run(&["diff", "specs", "-o", "out"])
        .code(1)
        .stdout(contains(
            "--- out/seed-books/create-contact-person.dg\t(on disk)\n+++ out/seed-books/create-contact-person.dg\t(new render of specs/seed-books.yaml)\n",
        ));
}

#[test]
fn templates_only_where_templates_are_used_and_check_refuses_force() {
    for command in [
        &["lint", "x.dg"][..],
        &["limits", "--edition", "free"],
        &["schema"],
    ] {
        delugen()
            .args(command)
            .args(["--templates", "mine"])
            .assert()
            .code(2)
            .stderr(contains("unexpected argument '--templates'"));
    }
    for command in ["render", "diff", "validate"] {
        let help = stdout_of(delugen().args([command, "--help"]));
        assert!(help.contains("--templates <DIR>"), "{command}: {help}");
    }
    for flag in ["--force", "--prune"] {
        delugen()
            .args(["render", "specs", "-o", "out", "--check", flag])
            .assert()
            .code(2)
            .stderr(contains(format!(
                "the argument '--check' cannot be used with '{flag}'"
            )));
    }
}

// 3. Manual and help ------------------------------------------------------------

/// Every command name, as `delugen-render`, `delugen-templates-export`.
fn page_names() -> Vec<String> {
    let mut cmd = delugen::cli::Cli::command();
    cmd.build();
    let mut names = Vec::new();
    fn walk(cmd: &clap::Command, names: &mut Vec<String>) {
        names.push(cmd.get_display_name().unwrap_or(cmd.get_name()).to_string());
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            walk(sub, names);
        }
    }
    walk(&cmd, &mut names);
    names
}

#[test]
fn man_writes_a_page_per_command_and_the_spec_reference() {
    let names = page_names();
    assert!(names.contains(&"delugen-render".to_string()));
    assert!(names.contains(&"delugen-templates-export".to_string()));
    for name in &names {
        let page = name.strip_prefix("delugen-").unwrap_or("");
        let mut cmd = delugen();
        cmd.arg("man");
        if !page.is_empty() {
            cmd.arg(page);
        }
        cmd.assert()
            .success()
            .stdout(contains(format!(".TH {name} 1")));
    }
    delugen()
        .args(["man", "spec"])
        .assert()
        .success()
        .stdout(contains(".TH DELUGEN-SPEC 5"))
        .stdout(contains(".SH EXAMPLE"));
    delugen()
        .args(["man", "rendr"])
        .assert()
        .code(2)
        .stderr(contains(
            "no manual page \"rendr\" — did you mean \"render\"?",
        ));

    let dir = tempfile::tempdir().unwrap();
    delugen()
        .args(["man", "-o"])
        .arg(dir.path())
        .assert()
        .success();
    for name in &names {
        assert!(
            dir.path().join("man1").join(format!("{name}.1")).is_file(),
            "{name}.1"
        );
    }
    assert!(dir.path().join("man5/delugen-spec.5").is_file());
}

#[test]
fn the_spec_page_describes_every_key_of_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(&delugen::spec::schema::json()).unwrap();
    let page = delugen::commands::man::SPEC_PAGE;
    let text = schema.to_string();
    let mut keys = Vec::new();
    for (key, _) in schema["properties"].as_object().unwrap() {
        keys.push(key.clone());
    }
    assert!(keys.len() >= 10, "{text}");
    for key in keys {
        assert!(
            page.contains(&format!("\\fB{key}")),
            "delugen-spec(5) lacks {key}"
        );
    }
    for key in [
        "client.secret",
        "auth.refresh_token",
        "on_error.email",
        "requests[].fields",
        "requests[].from_inputs",
        "requests[].inputs",
        "requests[].returns",
        "requests[].duplicate_check_fields",
        "requests[].criteria",
        "requests[].filters",
        "requests[].max_pages",
        "requests[].query",
        "requests[].records",
        "requests[].options",
    ] {
        assert!(page.contains(key), "delugen-spec(5) lacks {key}");
    }
}

#[test]
fn every_help_ends_with_an_example() {
    let names = page_names();
    for name in names {
        let words: Vec<&str> = name.split('-').skip(1).collect();
        let help = stdout_of(delugen().args(&words).arg("--help"));
        let last = help.trim_end().lines().last().unwrap_or_default();
        assert!(
            last.trim_start().starts_with("delugen ") || last.trim_start().starts_with("cat "),
            "`{name} --help` ends with {last:?}, not an example"
        );
        let examples = help.rfind("Example").unwrap_or(0);
        assert!(examples > 0, "{name}: {help}");
    }
}

// 5. Sizes users will hit ------------------------------------------------------

#[test]
fn a_field_value_too_long_for_zoho_is_a_warning_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("long.yaml");
    let text = std::fs::read_to_string("specs/crm-leads.yaml").unwrap();
    let long = format!(
        "      Rating: Hot\n      Description: {}\n",
        "x".repeat(32_001)
    );
    // The secret from the environment: no plain-text warning before the one tested.
    let text = text.replace(
        "secret: 0123456789abcdef0123456789abcdef01234567ab",
        "secret: ${ACME_ZOHO_CLIENT_SECRET}",
    );
    std::fs::write(&spec, text.replacen("      Rating: Hot\n", &long, 1)).unwrap();
    let output = delugen()
        .args(["validate", "--no-env"])
        .arg(&spec)
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "a warning stops nothing: {stderr}"
    );
    assert!(
        stderr.starts_with(
            "warning: field \"Description\" of request \"create-lead\" is 32,001 characters long; Zoho's largest text field (CRM's Multi Line (Large)) holds 32,000, so Zoho is likely to refuse it\n"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("(field requests[0].fields.Description)"),
        "{stderr}"
    );
    assert!(stderr.len() < 1_000, "the long line is not quoted whole");
    // At the limit: no warning.
    let exact = format!(
        "      Rating: Hot\n      Description: {}\n",
        "x".repeat(32_000)
    );
    std::fs::write(&spec, text.replacen("      Rating: Hot\n", &exact, 1)).unwrap();
    // No warning: the summary line alone.
    delugen()
        .args(["validate", "--no-env"])
        .arg(&spec)
        .assert()
        .success()
        .stderr("1 spec checked: all valid (6 scripts)\n");
}

#[test]
fn an_override_that_fails_to_render_is_placed_at_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("header.dg"), "// ok\n// {{ nothing_here }}\n").unwrap();
    let output = delugen()
        .args(["validate", "specs/seed-books.yaml", "--templates"])
        .arg(&mine)
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    let header = mine.join("header.dg").display().to_string();
    assert!(
        stderr.starts_with(&format!(
            "error: the template override {header} failed: Variable `nothing_here` is not defined."
        )),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("--> {header}:2:7\n")), "{stderr}");
    assert!(!stderr.contains("internal error"), "{stderr}");
}

#[test]
fn a_placeholder_shows_as_itself_in_a_diff_and_a_secret_does_not() {
    let dir = workspace(&["crm-leads.yaml"]);
    let output = delugen_in(dir.path())
        .args(["diff", "specs", "-o", "out"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout.contains("+v_RefreshToken = \"PASTE_REFRESH_TOKEN_HERE\";\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("+v_ClientSecret = \"<redacted>\";\n"),
        "{stdout}"
    );
}

#[test]
fn auto_colours_a_terminal_unless_no_color_says_not_to() {
    // `script` gives the command a terminal; without it there is nothing to test here.
    if !Path::new("/usr/bin/script").exists() {
        return;
    }
    let binary = assert_cmd::cargo::cargo_bin("delugen");
    let on_a_terminal = |prefix: &str, args: &str| {
        let output = std::process::Command::new("/usr/bin/script")
            .args([
                "-qec",
                &format!("{prefix} {} {args}", binary.display()),
                "/dev/null",
            ])
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env("TERM", "xterm")
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    assert!(on_a_terminal("", "--help").contains(ESC));
    let spec = "tests/fixtures/invalid/unknown-region.yaml";
    assert!(on_a_terminal("", &format!("validate {spec}")).contains(ESC));
    assert!(!on_a_terminal("env NO_COLOR=1", "--help").contains(ESC));
    assert!(!on_a_terminal("", "--color never --help").contains(ESC));
}

#[test]
fn in_memory_streams_are_coloured_only_when_asked() {
    let (code, out, _) = common::run(&["--help"]);
    assert_eq!(code, 0);
    assert!(!out.contains(ESC));
    let (_, out, _) = common::run(&["--color", "always", "--help"]);
    assert!(out.contains(ESC));
}

#[test]
fn summaries_and_override_errors_do_not_depend_on_the_thread_count() {
    let dir = workspace(&["seed-books.yaml", "crm-leads.yaml", "creator-orders.yaml"]);
    let run = |args: &[&str]| {
        let output = delugen_in(dir.path()).args(args).output().unwrap();
        (
            output.status.code(),
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    };
    run(&["render", "specs", "-o", "out", "-j", "1"]);
    let files = rendered_count(&dir.path().join("out"));
    std::fs::remove_file(dir.path().join("out/seed-books/handover.md")).unwrap();
    let one = run(&["diff", "specs", "-o", "out", "-j", "1"]);
    assert_eq!(
        common::without_warnings(&one.2),
        format!("{files} files checked (3 specs): 1 missing\n")
    );
    assert_eq!(one, run(&["diff", "specs", "-o", "out", "-j", "4"]));

    delugen_in(dir.path())
        .args(["templates", "export", "mine"])
        .assert()
        .success();
    std::fs::write(dir.path().join("mine/record.dg"), "m_Record = Map()\n").unwrap();
    for command in ["diff", "validate"] {
        let mut args = vec![command, "specs", "--templates", "mine"];
        if command == "diff" {
            args.extend(["-o", "out"]);
        }
        let one = run(&[&args[..], &["-j", "1"]].concat());
        assert_eq!(one.0, Some(2));
        assert_eq!(
            one.2.matches("error: the template override").count(),
            1,
            "{}",
            one.2
        );
        assert_eq!(one, run(&[&args[..], &["-j", "4"]].concat()), "{command}");
    }
}
