//! `delugen test`: every example spec passes; a template broken on purpose (JSONString
//! sent to CRM, a host of another data centre) fails with a message saying what is wrong.

mod common;

use common::run;

#[test]
fn every_example_spec_passes() {
    let (code, out, err) = run(&["test", "specs/"]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(!out.contains("FAIL"), "{out}");
    assert!(out.contains("specs/seed-books.yaml\n"), "{out}");
    assert!(
        out.contains(
            "  ok   create-lead.dg: POST https://www.zohoapis.eu/crm/v8/Leads, 7 fields, id "
        ),
        "{out}"
    );
    assert!(
        out.contains("a refusal (MANDATORY_NOT_FOUND) is reported"),
        "{out}"
    );
    assert!(
        out.contains("the 11th run in 10 minutes reports Access Denied"),
        "{out}"
    );
    assert!(
        out.contains("a second run reuses the stored token (1 minted)"),
        "{out}"
    );
    assert!(err.contains("passed, 0 failed"), "{err}");
}

/// `crm-request.dg` with one line changed, in an override folder.
fn broken_crm_request(find: &str, replace: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let (_, original) = delugen::render::TEMPLATES
        .iter()
        .find(|(name, _)| *name == "crm-request.dg")
        .unwrap();
    assert!(
        original.contains(find),
        "the template changed: update this test"
    );
    std::fs::write(
        dir.path().join("crm-request.dg"),
        original.replace(find, replace),
    )
    .unwrap();
    dir
}

#[test]
fn a_template_that_sends_jsonstring_to_crm_fails_the_test() {
    let dir = broken_crm_request(
        "m_Body.put(\"data\", l_Data);",
        "m_Body.put(\"JSONString\", l_Data);",
    );
    let templates = dir.path().display().to_string();
    let (code, out, _) = run(&["test", "specs/crm-leads.yaml", "--templates", &templates]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("  FAIL create-lead.dg: POST https://www.zohoapis.eu/crm/v8/Leads"),
        "{out}"
    );
    assert!(
        out.contains("- sent the CRM record under \"JSONString\": CRM takes records as a list under \"data\" (Zoho answers MANDATORY_NOT_FOUND api_name data)"),
        "{out}"
    );
    // The simulated CRM refused it, so no id came back either.
    assert!(
        out.contains(
            "- the simulated Zoho refused it (MANDATORY_NOT_FOUND): no record id came back"
        ),
        "{out}"
    );
}

#[test]
fn a_template_that_sends_to_another_data_centre_fails_the_test() {
    let dir = broken_crm_request(
        "url: {{ request.url_code }}",
        "url: \"https://www.zohoapis.com/crm/v8/Leads\"",
    );
    let templates = dir.path().display().to_string();
    let (code, out, _) = run(&["test", "specs/crm-leads.yaml", "--templates", &templates]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("- sent POST to www.zohoapis.com, outside the spec's data centre eu (accounts.zoho.eu and www.zohoapis.eu)"),
        "{out}"
    );
}

#[test]
fn a_spec_that_does_not_load_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("bad.yaml");
    std::fs::write(&spec, "name: x\nproduct: crm\nregoin: eu\n").unwrap();
    let (code, _, err) = run(&["test", spec.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("regoin"), "{err}");
}
