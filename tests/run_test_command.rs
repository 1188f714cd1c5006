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

#[test]
fn scripts_through_deluge_tasks_are_tested_as_the_calls_they_stand_for() {
    let (code, out, err) = run(&[
        "test",
        "tests/fixtures/crm-tasks.yaml",
        "tests/fixtures/books-tasks.yaml",
        "tests/fixtures/creator-tasks.yaml",
        "tests/fixtures/functions-via-task.yaml",
        "tests/fixtures/creator-functions-native.yaml",
    ]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(!out.contains("FAIL"), "{out}");
    for line in [
        "  ok   add-lead.dg: zoho.crm.createRecord: POST https://www.zohoapis.eu/crm/v8/Leads, 2 fields, id ",
        "a refusal (MANDATORY_NOT_FOUND) is reported",
        "  ok   add-contact.dg: zoho.books.createRecord: POST https://www.zohoapis.in/books/v3/contacts, 2 fields",
        "  ok   load-orders.dg: zoho.creator.createRecord: POST https://www.zohoapis.com/creator/v2.1/data/jane.doe/order-desk/form/Order",
        // Creator on its own application sends nothing: the form's records tell.
        "  ok   add-order.dg: insert into Order, 5 fields, ID ",
        "  ok   close-order.dg: Order[ID == 4150868000000000901] updated, 1 fields",
        "  ok   remove-order.dg: delete from Order: 1 record",
    ] {
        assert!(out.contains(line), "{line}\n{out}");
    }
}

#[test]
fn a_task_template_that_drops_a_field_fails_the_test() {
    let dir = tempfile::tempdir().unwrap();
    let (_, original) = delugen::render::TEMPLATES
        .iter()
        .find(|(name, _)| *name == "crm-task.dg")
        .unwrap();
    let find = "r_Response = {{ task.name }}({{ task.module | dg }}, m_Record,";
    assert!(
        original.contains(find),
        "the template changed: update this test"
    );
    std::fs::write(
        dir.path().join("crm-task.dg"),
        original.replace(find, &format!("m_Record.remove(\"Company\");\n{find}")),
    )
    .unwrap();
    let templates = dir.path().display().to_string();
    let (code, out, _) = run(&[
        "test",
        "tests/fixtures/crm-tasks.yaml",
        "--templates",
        &templates,
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(
            "  FAIL add-lead.dg: zoho.crm.createRecord: POST https://www.zohoapis.eu/crm/v8/Leads"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "- the record sent is not the spec's fields: missing [Company], not in the spec []"
        ),
        "{out}"
    );
}
