//! The everyday tools around rendering: handover secrecy, init, explain, limits, template
//! overrides, completions, the manual page, and examples in every --help.

mod common;

use assert_cmd::Command;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

fn delugen() -> Command {
    Command::cargo_bin("delugen").unwrap()
}

#[test]
fn no_secret_reaches_the_handover_or_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec.yaml");
    let secret = "S3CRET-client-secret-9f8e7d";
    let grant = "1000.GRANT-code-4a5b6c7d";
    let refresh = "1000.REFRESH-token-1a2b3c4d";
    let text = std::fs::read_to_string("specs/crm-leads.yaml")
        .unwrap()
        .replace(
            "secret: 0123456789abcdef0123456789abcdef01234567ab",
            "secret: ${TEST_CLIENT_SECRET}",
        )
        .replace(
            "  state: acme-setup",
            &format!(
                "  state: acme-setup\n  grant_code: {grant}\n  refresh_token: ${{TEST_REFRESH}}"
            ),
        );
    std::fs::write(&spec, text).unwrap();
    let out = dir.path().join("out");
    let run = |args: &[&str]| {
        let output = delugen()
            .env("TEST_CLIENT_SECRET", secret)
            .env("TEST_REFRESH", refresh)
            .args(args)
            .output()
            .unwrap();
        common::printed(&output)
    };
    let spec_arg = spec.to_str().unwrap();
    let out_arg = out.to_str().unwrap();
    let mut logs = run(&["render", spec_arg, "-o", out_arg]);
    logs += &run(&["validate", spec_arg]);
    logs += &run(&["diff", spec_arg, "-o", out_arg]);
    // A hand edit makes render refuse, and diff show the file: still no secret.
    let script = out.join("acme-crm-leads/03-access-token.dg");
    let edited = std::fs::read_to_string(&script).unwrap() + "// edited\n";
    std::fs::write(&script, edited).unwrap();
    logs += &run(&["render", spec_arg, "-o", out_arg]);
    logs += &run(&["diff", spec_arg, "-o", out_arg, "--color", "never"]);
    assert!(logs.contains("edited by hand"), "{logs}");
    let handover = std::fs::read_to_string(out.join("acme-crm-leads/handover.md")).unwrap();
    for value in [secret, grant, refresh] {
        assert!(!handover.contains(value), "{value} is in the handover");
        assert!(!logs.contains(value), "{value} is in the log:\n{logs}");
    }
    // The scripts themselves do hold them: that is what makes them run pasted alone.
    let token_script =
        std::fs::read_to_string(out.join("acme-crm-leads/02-refresh-token.dg")).unwrap();
    assert!(token_script.contains(secret) && token_script.contains(grant));
    assert!(
        handover.contains("The request scripts already hold a\n   refresh token (not shown here)")
    );
}

#[test]
fn init_writes_a_starter_that_validates_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    for product in ["crm", "books", "creator"] {
        let file = dir.path().join(format!("{product}.yaml"));
        delugen()
            .args(["init", "--product", product, "--region", "eu"])
            .arg(&file)
            .assert()
            .success()
            .stdout(contains("wrote"));
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains("region: eu") && text.contains(&format!("product: {product}")));
        delugen().arg("validate").arg(&file).assert().success();
        delugen()
            .args(["init", "--product", product])
            .arg(&file)
            .assert()
            .code(2)
            .stderr(contains("already exists; delugen init never overwrites"));
        assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
    }
}

#[test]
fn explain_covers_every_catalogue_entry() {
    let answers = [
        (r#"{"error":"invalid_code"}"#, "invalid_code"),
        (r#"{"error":"invalid_client"}"#, "invalid_client"),
        (
            r#"{"error":"invalid_client_secret"}"#,
            "invalid_client_secret",
        ),
        (
            r#"{"error":"invalid_redirect_uri"}"#,
            "invalid_redirect_uri",
        ),
        (r#"{"error":"access_denied"}"#, "access_denied"),
        (
            r#"{"error_description":"You have made too many requests continuously. Please try again after some time.","error":"Access Denied","status":"failure"}"#,
            "rate-limit",
        ),
        (
            r#"{"code":"AUTHENTICATION_FAILURE","details":{},"message":"Authentication failed","status":"error"}"#,
            "AUTHENTICATION_FAILURE",
        ),
        (
            r#"{"code":"INVALID_DATA","details":{"expected_data_type":"jsonobject"},"message":"body","status":"error"}"#,
            "INVALID_DATA/jsonobject",
        ),
        (
            r#"{"code":"INVALID_DATA","details":{"expected_data_type":"jsonarray","api_name":"data"},"message":"invalid data","status":"error"}"#,
            "INVALID_DATA/jsonarray",
        ),
        (
            r#"{"code":"AUTHTOKEN_DEPRECATED","details":{},"message":"Authtoken support is deprecated","status":"error"}"#,
            "AUTHTOKEN_DEPRECATED",
        ),
        (
            r#"{"code":4,"message":"Invalid value passed for JSONString"}"#,
            "JSONString",
        ),
        (
            r#"{"code":"MANDATORY_NOT_FOUND","details":{"api_name":"data"},"message":"required field not found","status":"error"}"#,
            "MANDATORY_NOT_FOUND/data",
        ),
        (
            r#"{"code":"MANDATORY_NOT_FOUND","details":{"api_name":"Last_Name"},"message":"required field not found","status":"error"}"#,
            "MANDATORY_NOT_FOUND",
        ),
        (
            r#"{"code":"INVALID_TOKEN","details":{},"message":"invalid oauth token","status":"error"}"#,
            "INVALID_TOKEN",
        ),
        (
            r#"{"code":"OAUTH_SCOPE_MISMATCH","details":{},"message":"invalid oauth scope to access this URL","status":"error"}"#,
            "OAUTH_SCOPE_MISMATCH",
        ),
        (
            r#"{"code":"INVALID_DATA","details":{"expected_data_type":"jsonarray","api_name":"Tags"},"status":"error"}"#,
            "INVALID_DATA/field-jsonarray",
        ),
        (
            r#"{"code":"INVALID_DATA","details":{"expected_data_type":"jsonobject","api_name":"Account_Name"},"status":"error"}"#,
            "INVALID_DATA/field-jsonobject",
        ),
        (
            r#"{"code":"INVALID_DATA","details":{"expected_data_type":"double","api_name":"Amount"},"status":"error"}"#,
            "INVALID_DATA/field",
        ),
        (
            r#"{"code":"DUPLICATE_DATA","details":{"api_name":"Email"},"status":"error"}"#,
            "DUPLICATE_DATA",
        ),
        (
            r#"{"code":"INVALID_URL_PATTERN","details":{},"status":"error"}"#,
            "INVALID_URL_PATTERN",
        ),
        (
            r#"{"code":"INVALID_MODULE","details":{},"status":"error"}"#,
            "INVALID_MODULE",
        ),
        (
            r#"{"code":57,"message":"You are not authorized to perform this operation"}"#,
            "books-57",
        ),
        (
            r#"{"code":1002,"message":"Bill does not exist."}"#,
            "books-1002",
        ),
        (r#"{"code":3002,"message":"Failure"}"#, "creator-3xxx"),
    ];
    assert_eq!(answers.len(), delugen::zoho::errors::CATALOGUE.len());
    for (answer, id) in answers {
        let entry = delugen::zoho::errors::entry(id).unwrap();
        let (code, stdout, _) = common::run(&["explain", answer]);
        assert_eq!(code, 0, "{answer}");
        assert!(
            stdout.starts_with(&format!("{id}: ")),
            "{answer} → {stdout}"
        );
        assert!(
            stdout.contains(entry.cause) && stdout.contains(entry.fix),
            "{stdout}"
        );
    }
    let (_, stdout, _) = common::run(&[
        "explain",
        r#"{"code":"MANDATORY_NOT_FOUND","details":{"api_name":"Last_Name"}}"#,
    ]);
    assert!(stdout.contains("missing field: Last_Name"));
}

#[test]
fn explain_reads_stdin_and_says_what_it_did_not_recognise() {
    delugen()
        .arg("explain")
        .write_stdin(r#"{"code":"RECORD_LOCKED","message":"record is locked","status":"error"}"#)
        .assert()
        .code(1)
        .stdout(contains(
            "not in delugen's catalogue: code \"RECORD_LOCKED\", message \"record is locked\"",
        ));
    delugen()
        .args(["explain", "not json"])
        .assert()
        .code(2)
        .stderr(contains("the answer is not JSON"));
    delugen()
        .args(["explain", r#"{"code":0,"message":"success"}"#])
        .assert()
        .code(0)
        .stdout(contains("not an error"));
}

#[test]
fn limits_quote_the_named_table() {
    // Current CRM table, Professional, 10 users: 50,000 + 500 × 10 = 55,000 credits.
    delugen()
        .args([
            "limits",
            "--product",
            "crm",
            "--edition",
            "professional",
            "--users",
            "10",
        ])
        .assert()
        .success()
        .stdout(contains("current table, from Zoho CRM's API-limits page"))
        .stdout(contains(
            "per day: 55,000 credits (50,000 + 500 × 10 users, at most 3,000,000)",
        ));
    // 2019 CRM table, Enterprise, 20 users: 15,000 + 1,000 × 20 = 35,000 calls.
    delugen()
        .args([
            "limits",
            "--product",
            "crm",
            "--edition",
            "enterprise",
            "--users",
            "20",
            "--table",
            "2019",
        ])
        .assert()
        .success()
        .stdout(contains(
            "2019 table, from the article \"Zoho Deluge - Get Refresh/Access Token API v2\" (2019)",
        ))
        .stdout(contains("per day: 35,000 API calls"));
    // 2019 Books table: a paid organisation has 2,500 calls a day and 100 a minute.
    delugen()
        .args(["limits", "--product", "books", "--edition", "paid"])
        .assert()
        .success()
        .stdout(contains("per day: 2,500 API calls"))
        .stdout(contains("100 calls per minute"));
    // Creator current table, Professional, 4 users: 500 × 4 = 2,000.
    delugen()
        .args([
            "limits",
            "--product",
            "creator",
            "--edition",
            "professional",
            "--users",
            "4",
        ])
        .assert()
        .success()
        .stdout(contains("per day: 2,000 API calls (500 × 4 users, no cap)"));
    delugen()
        .args([
            "limits",
            "--product",
            "books",
            "--edition",
            "paid",
            "--table",
            "current",
        ])
        .assert()
        .code(2)
        .stderr(
            "error: delugen has no current table for Zoho Books; its tables for Zoho Books are: 2019 (--table 2019)\n",
        );
    // No internal jargon in help or output.
    let help = delugen().args(["limits", "--help"]).output().unwrap();
    assert!(!String::from_utf8_lossy(&help.stdout).contains("seed article"));
}

#[test]
fn limits_with_a_spec_count_runs_and_the_token_refresh() {
    // seed-books: one request in token mode = 1 API call a run (the token refresh is
    // not an API call); 2,500 runs by the budget, but Zoho mints at most 1,440 access
    // tokens a day for one refresh token.
    delugen()
        .args([
            "limits",
            "--edition",
            "paid",
            "--spec",
            "specs/seed-books.yaml",
        ])
        .assert()
        .success()
        .stdout(contains(
            "1 API call per full run (1 request)\n  plus 1 access-token refresh to Zoho Accounts: not API calls or credits, but at most 10 access tokens per 10 minutes\n",
        ))
        .stdout(contains(
            "2,500 by the API budget, 1,440 by Zoho's token limit: at most 1,440",
        ))
        .stdout(contains("seed article").not());
}

#[test]
fn template_overrides_change_the_output_and_name_their_file_on_error() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    delugen()
        .args(["templates", "export"])
        .arg(&templates)
        .assert()
        .success();
    delugen()
        .args(["templates", "export"])
        .arg(&templates)
        .assert()
        .code(2)
        .stderr(contains("would overwrite"));
    let header = templates.join("header.dg");
    let text = std::fs::read_to_string(&header).unwrap();
    std::fs::write(&header, format!("// Prepared by Example Agency\n{text}")).unwrap();
    delugen()
        .args(["render", "specs/seed-books.yaml", "--templates"])
        .arg(&templates)
        .assert()
        .success()
        .stdout(contains(
            "==> seed-books/01-grant-url.dg <==\n// Prepared by Example Agency\n",
        ));

    // A syntax error in an override names the file and the line.
    std::fs::write(&header, "// fine\n{% if %}\n").unwrap();
    delugen()
        .args(["render", "specs/seed-books.yaml", "--templates"])
        .arg(&templates)
        .assert()
        .code(2)
        .stderr(contains("header.dg"))
        .stderr(contains(":2:"));

    // An override that writes invalid Deluge is caught before anything is printed.
    std::fs::write(&header, "// header without a line break").unwrap();
    std::fs::write(templates.join("record.dg"), "m_Record = Map()\n").unwrap();
    delugen()
        .args(["render", "specs/seed-books.yaml", "--templates"])
        .arg(&templates)
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("record.dg produced invalid Deluge in seed-books/"))
        .stderr(contains("record.dg:1:1\n"))
        .stderr(contains("expected `;` to end this statement"))
        .stderr(contains("internal error").not());

    // A file named like no built-in template is refused with a guess.
    std::fs::write(templates.join("heder.dg"), "").unwrap();
    delugen()
        .args(["validate", "specs/seed-books.yaml", "--templates"])
        .arg(&templates)
        .assert()
        .code(2)
        .stderr(contains("did you mean \"header.dg\""));
}

#[test]
fn completions_and_the_manual_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        delugen()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(contains("delugen"));
    }
    delugen()
        .arg("man")
        .assert()
        .success()
        .stdout(contains(".TH delugen"));
}

#[test]
fn every_command_help_shows_an_example() {
    for command in [
        "render",
        "validate",
        "diff",
        "lint",
        "init",
        "explain",
        "limits",
        "schema",
        "completions",
        "man",
    ] {
        delugen()
            .args([command, "--help"])
            .assert()
            .success()
            .stdout(contains("Example"));
    }
    delugen()
        .args(["templates", "export", "--help"])
        .assert()
        .success()
        .stdout(contains("Example"));
}

#[test]
fn a_bad_secret_is_reported_without_being_shown() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec.yaml");
    let text = std::fs::read_to_string("specs/seed-books.yaml")
        .unwrap()
        .replace(
            "secret: aaaabbbbccccddddeeeeffff111122223333444455",
            "secret: \"TOPSECRET-value\\u0007\"",
        );
    std::fs::write(&spec, &text).unwrap();
    let output = delugen().arg("validate").arg(&spec).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr.contains("control character U+0007"), "{stderr}");
    assert!(stderr.contains("secret: \"<redacted>\""), "{stderr}");
    assert!(!stderr.contains("TOPSECRET"), "{stderr}");

    let numeric = text.replace("secret: \"TOPSECRET-value\\u0007\"", "secret: [9876543210]");
    std::fs::write(&spec, numeric).unwrap();
    let output = delugen().arg("validate").arg(&spec).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("expected"), "{stderr}");
    assert!(!stderr.contains("9876543210"), "{stderr}");
}
