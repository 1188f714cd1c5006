//! Secrets under attack: a table of specs that spell, nest, reuse or break a secret in
//! every way we could think of, each run through validate, render, diff and limits. No
//! secret may appear in anything delugen prints, however the spec writes it.

mod common;

use std::path::Path;

use assert_cmd::Command;

const SECRET: &str = "Zx9-SECRET-val-77";

/// The seed example with `client:` (and its secret) replaced by `client`.
fn spec_with(client: &str, rest: &str) -> String {
    format!(
        "name: leaky\nproduct: books\nregion: us\n{client}\nscopes:\n  - ZohoBooks.contacts.ALL\nmodule: contacts\norganization_id: \"12345678901\"\n{rest}requests:\n  - name: create-contact\n    method: POST\n    fields:\n      contact_name: Joel\n"
    )
}

fn client(secret_line: &str) -> String {
    format!(
        "client:\n  id: 1000.ABCDEFGHIJKLMNOPQRSTUVWXYZ1234\n{secret_line}\n  redirect_uri: https://www.zoho.com/books"
    )
}

/// (what the variant tries, the spec text)
fn variants() -> Vec<(&'static str, String)> {
    let s = SECRET;
    let plain = client(&format!("  secret: {s}"));
    vec![
        (
            "misspelt key",
            spec_with(&client(&format!("  secrte: {s}")), ""),
        ),
        (
            "prefixed key",
            spec_with(&client(&format!("  client_secret: {s}")), ""),
        ),
        (
            "dashed key",
            spec_with(&client(&format!("  client-secret: {s}")), ""),
        ),
        (
            "upper-case key",
            spec_with(&client(&format!("  SECRET: {s}")), ""),
        ),
        (
            "quoted key",
            spec_with(&client(&format!("  \"secrte\": {s}")), ""),
        ),
        (
            "camel-case refresh token",
            spec_with(
                &plain.replace(s, "x1234567"),
                &format!("auth:\n  refreshToken: {s}\n"),
            ),
        ),
        (
            "misspelt grant code",
            spec_with(
                &plain.replace(s, "x1234567"),
                &format!("auth:\n  grant_cod: {s}\n"),
            ),
        ),
        (
            "flow mapping with a bad region",
            spec_with(
                &format!("client: {{id: 1000.X, secret: {s}, redirect_uri: https://a.example}}"),
                "",
            )
            .replace("region: us", "region: europe"),
        ),
        (
            "flow mapping with a misspelt key",
            spec_with(
                &format!("client: {{id: 1000.X, secrte: {s}, redirect_uri: https://a.example}}"),
                "",
            ),
        ),
        (
            "value on the next line, misspelt",
            spec_with(&client(&format!("  secrte:\n    {s}")), ""),
        ),
        (
            "block scalar, misspelt",
            spec_with(&client(&format!("  secrte: |\n    {s}")), ""),
        ),
        (
            "anchor reused as the name",
            spec_with(&client(&format!("  secret: &s {s}")), "").replace("name: leaky", "name: *s"),
        ),
        (
            "anchor reused as a field",
            spec_with(&client(&format!("  secret: &s {s}")), "")
                .replace("contact_name: Joel", "contact_name: *s\n      bad_field: ["),
        ),
        (
            "malformed environment reference",
            spec_with(&client(&format!("  secret: \"${{{s}\"")), ""),
        ),
        (
            "control character",
            spec_with(&client(&format!("  secret: \"{s}\\u0007\"")), ""),
        ),
        (
            "secret as a list",
            spec_with(&client(&format!("  secret: [{s}]")), ""),
        ),
        (
            "secret as a mapping",
            spec_with(&client(&format!("  secret: {{a: {s}}}")), ""),
        ),
        (
            "numeric secret, bad region",
            spec_with(&client("  secret: 98765432109876"), "")
                .replace("region: us", "region: mars"),
        ),
        (
            "single-quoted, bad region",
            spec_with(&client(&format!("  secret: '{s}'")), "")
                .replace("region: us", "region: mars"),
        ),
        (
            "escaped quote inside",
            spec_with(&client(&format!("  secret: \"{s}\\\"q\"")), "")
                .replace("region: us", "region: mars"),
        ),
        (
            "with a comment",
            spec_with(&client(&format!("  secret: {s} # the secret")), "")
                .replace("module: contacts", "module: invoicez"),
        ),
        (
            "twice",
            spec_with(&client(&format!("  secret: {s}\n  secret: {s}")), ""),
        ),
        ("syntax error after it", spec_with(&plain, "oops: [1, 2\n")),
        (
            "syntax error on its line",
            spec_with(&client(&format!("  secret: {s}: [")), ""),
        ),
        (
            "tab before it",
            spec_with(&client(&format!("\tsecret: {s}")), ""),
        ),
        (
            "space before the colon, bad scope",
            spec_with(&client(&format!("  secret : {s}")), "")
                .replace("ZohoBooks.contacts.ALL", "ZohoBooks.contactz.ALL"),
        ),
        (
            "reused as a field value, bad trigger",
            spec_with(&plain, "").replace(
                "contact_name: Joel",
                &format!("contact_name: {s}\n    trigger: [nope]"),
            ),
        ),
        (
            "whole spec in JSON style",
            format!(
                "{{\"name\": \"leaky\", \"product\": \"books\", \"region\": \"us\", \"client\": {{\"id\": \"1000.X\", \"secrte\": \"{s}\", \"redirect_uri\": \"https://a.example\"}}}}\n"
            ),
        ),
        (
            "non-ASCII secret",
            spec_with(&client("  secret: Zx9-SÉCRET-välue"), "")
                .replace("region: us", "region: mars"),
        ),
        (
            "backslash secret",
            spec_with(&client("  secret: Zx9\\SECRET\\val"), "")
                .replace("region: us", "region: mars"),
        ),
        (
            "refresh token with a bad state",
            spec_with(
                &plain,
                &format!("auth:\n  refresh_token: {s}\n  state: \"\\u0001\"\n"),
            ),
        ),
        (
            "secret as the connection name",
            spec_with(
                &plain,
                &format!(
                    "auth:\n  mode: connection\n  connection: \"{s}\\u0001\"\n  refresh_token: {s}\n"
                ),
            ),
        ),
    ]
}

fn run(dir: &Path, args: &[&str]) -> (String, Option<i32>) {
    let output = Command::cargo_bin("delugen")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    (common::printed(&output), output.status.code())
}

/// The secret, and the pieces of it someone might recognise.
fn leaks(text: &str) -> Vec<&'static str> {
    [
        "Zx9-SECRET-val-77",
        "SECRET-val",
        "98765432109876",
        "SÉCRET-välue",
        "Zx9\\SECRET",
    ]
    .into_iter()
    .filter(|piece| text.contains(piece))
    .collect()
}

#[test]
fn no_variant_of_a_secret_appears_in_any_message() {
    let variants = variants();
    assert!(variants.len() >= 30);
    for (what, text) in variants {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("spec.yaml"), &text).unwrap();
        let mut printed_an_error = false;
        for args in [
            &["validate", "spec.yaml"][..],
            &["render", "spec.yaml", "-o", "out"],
            &["diff", "spec.yaml", "-o", "out"],
            &["render", "spec.yaml", "-o", "out", "--check"],
            &["limits", "--edition", "standard", "--spec", "spec.yaml"],
        ] {
            let (shown, code) = run(dir.path(), args);
            assert!(
                leaks(&shown).is_empty(),
                "{what}: `{}` shows {:?}:\n{shown}",
                args.join(" "),
                leaks(&shown)
            );
            printed_an_error |= code == Some(2) && shown.contains("error");
        }
        assert!(printed_an_error, "{what}: the variant should be an error");
    }
}

#[test]
fn a_valid_spec_shows_its_secret_only_in_the_scripts() {
    let dir = tempfile::tempdir().unwrap();
    // The secret reused in a field, with characters Markdown and Deluge escape.
    let secret = "Zx9*SECRET|val\\77";
    let text = spec_with(&client(&format!("  secret: '{secret}'")), "")
        .replace("contact_name: Joel", &format!("contact_name: '{secret}'"));
    std::fs::write(dir.path().join("spec.yaml"), &text).unwrap();
    for args in [
        &["validate", "spec.yaml"][..],
        &["diff", "spec.yaml", "-o", "out"],
        &["render", "spec.yaml", "-o", "out"],
        &["render", "spec.yaml", "-o", "out", "--check"],
    ] {
        let (shown, _) = run(dir.path(), args);
        for piece in ["SECRET|val", "SECRET\\|val", "Zx9\\*SECRET"] {
            assert!(
                !shown.contains(piece),
                "`{}` shows {piece}:\n{shown}",
                args.join(" ")
            );
        }
    }
    let handover = std::fs::read_to_string(dir.path().join("out/leaky/handover.md")).unwrap();
    assert!(!handover.contains("SECRET"), "{handover}");
    assert!(handover.contains("(redacted)"));
    // The scripts hold it, because a script pasted alone must run.
    let scripts: String = std::fs::read_dir(dir.path().join("out/leaky"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap_or_default())
        .collect();
    assert!(scripts.contains("Zx9*SECRET|val\\\\77"));
}

#[test]
fn lint_points_at_a_literal_secret_without_repeating_it() {
    let dir = tempfile::tempdir().unwrap();
    let script = format!(
        "v_ClientSecret = \"{SECRET}\";\nm = Map();\nm.put(\"client_secret\", \"{SECRET}\");\nm.put(\"refresh_token\", \"{SECRET}\");\nr = invokeurl\n[\n\turl: \"https://accounts.zoho.com/oauth/v2/token\"\n\ttype: POST\n\tparameters: m\n];\n"
    );
    std::fs::write(dir.path().join("s.dg"), script).unwrap();
    for args in [&["lint", "s.dg"][..], &["lint", "--format", "json", "s.dg"]] {
        let (shown, code) = run(dir.path(), args);
        assert_eq!(code, Some(1), "{shown}");
        assert!(shown.contains("literal-secret"), "{shown}");
        assert!(leaks(&shown).is_empty(), "{shown}");
    }
}

#[test]
fn secret_like_record_fields_are_redacted_in_the_handover_and_its_diff() {
    let dir = tempfile::tempdir().unwrap();
    let spec = |last: &str, secret: &str, token: &str| {
        format!(
            "name: recsec\nproduct: crm\nregion: eu\nauth: {{mode: connection, connection: crm}}\nscopes: [ZohoCRM.modules.leads.ALL]\nmodule: Leads\nrequests:\n  - name: create-lead\n    method: POST\n    fields:\n      Last_Name: {last}\n      client_secret: {secret}\n      api_token: {token}\n      Details: {{password: NestedPw-1111, note: fine}}\n"
        )
    };
    let values = ["RecordSecret-123456", "ApiTok-98765", "NestedPw-1111"];
    std::fs::write(
        dir.path().join("spec.yaml"),
        spec("Okafor", values[0], values[1]),
    )
    .unwrap();
    let (shown, code) = run(dir.path(), &["render", "spec.yaml", "-o", "out"]);
    assert_eq!(code, Some(0), "{shown}");
    let handover = std::fs::read_to_string(dir.path().join("out/recsec/handover.md")).unwrap();
    for value in values {
        assert!(!handover.contains(value), "{value} in:\n{handover}");
    }
    assert!(
        handover.contains("| `client_secret` | (redacted) |"),
        "{handover}"
    );
    assert!(
        handover.contains("| `api_token` | (redacted) |"),
        "{handover}"
    );
    assert!(handover.contains(r#"`{"password":"(redacted)","note":"fine"}`"#));
    assert!(handover.contains("| `Last_Name` | Okafor |"), "{handover}");
    // The script still sends them: a record may carry a credential to the API.
    let script = std::fs::read_to_string(dir.path().join("out/recsec/create-lead.dg")).unwrap();
    assert!(script.contains(values[0]) && script.contains(values[1]));
    // A changed handover, and rotated values: the diff shows neither old nor new ones.
    let rotated = ["RecordSecret-654321", "ApiTok-11111"];
    std::fs::write(
        dir.path().join("spec.yaml"),
        spec("Okonkwo", rotated[0], rotated[1]),
    )
    .unwrap();
    for args in [
        &["diff", "spec.yaml", "-o", "out"][..],
        &["render", "spec.yaml", "-o", "out", "--check"],
    ] {
        let (shown, code) = run(dir.path(), args);
        assert_eq!(code, Some(1), "{shown}");
        assert!(
            shown.contains("Okonkwo"),
            "the handover's diff is shown:\n{shown}"
        );
        for value in values.iter().chain(&rotated) {
            assert!(
                !shown.contains(value),
                "`{}` shows {value}:\n{shown}",
                args.join(" ")
            );
        }
    }
}

#[test]
fn a_secret_reused_as_a_module_name_is_hidden_in_every_case() {
    let dir = tempfile::tempdir().unwrap();
    let secret = "Sup3rSecretModule";
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/crm-leads.yaml"))
            .unwrap()
            .replace("0123456789abcdef0123456789abcdef01234567ab", secret)
            .replace("module: Leads", &format!("module: {secret}"));
    std::fs::write(dir.path().join("spec.yaml"), text).unwrap();
    let (shown, code) = run(dir.path(), &["validate", "spec.yaml"]);
    assert_eq!(code, Some(2), "{shown}");
    assert!(
        shown.contains("add \"ZohoCRM.modules.<redacted>.CREATE\""),
        "{shown}"
    );
    let lowered = shown.to_lowercase();
    assert!(!lowered.contains("sup3rsecret"), "{shown}");
}
