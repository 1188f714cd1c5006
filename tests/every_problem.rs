//! A spec with several mistakes reports all the independent ones in one run, in file
//! order, as a compiler does; it stops only where one mistake makes the rest meaningless.

mod common;

fn validate(yaml: &str) -> (u8, String) {
    common::validate_yaml(yaml, &[])
}

const THREE_MISTAKES: &str = "name: three-mistakes
product: crm
region: eu
client:
  id: 1000.ABC
  secret: ${ZOHO_SECRET}
  redirect_uri: https://x.example/cb
scopes:
  - ZohoCRM.modules.leads.READ
module: Leads
requests:
  - name: create-lead
    method: POST
    fields:
      Last_Name: X
  - name: bad two
    method: PUT
    record_id: \"1\"
    fields:
      Last_Name: Y
  - name: update-lead
    method: PUT
    fields:
      Last_Name: Z
";

#[test]
fn three_independent_mistakes_are_three_errors_in_file_order() {
    let (code, err) = validate(THREE_MISTAKES);
    assert_eq!(code, 2);
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(errors.len(), 3, "{err}");
    // The scope list comes first in the file, then the second request, then the third.
    assert!(
        errors[0].contains("the scopes do not cover request \"create-lead\""),
        "{err}"
    );
    assert!(
        errors[1].contains("\"bad two\" is not a valid name"),
        "{err}"
    );
    assert!(
        errors[2].contains("method PUT updates one record and needs its record_id"),
        "{err}"
    );
    // Each keeps its place in the spec as written, though the second request was set
    // aside to read the rest.
    assert!(
        err.contains("spec.yaml:16:11 (field requests[1].name)"),
        "{err}"
    );
    assert!(err.contains("(field requests[2].record_id)"), "{err}");
}

#[test]
fn two_reading_mistakes_in_two_requests_are_both_reported() {
    let yaml = THREE_MISTAKES
        .replace("method: POST", "method: POTS")
        .replace(
            "  - name: update-lead\n    method: PUT\n",
            "  - name: update-lead\n    method: PUT\n    record_id: \"2\"\n    colour: red\n",
        );
    let (code, err) = validate(&yaml);
    assert_eq!(code, 2);
    assert!(err.contains("POTS"), "{err}");
    assert!(err.contains("bad two"), "{err}");
    assert!(err.contains("colour"), "{err}");
}

#[test]
fn a_mistake_at_the_spec_level_stops_the_checks_that_depend_on_it() {
    // An unknown store changes what the client must hold: no echo about the secret.
    let yaml = THREE_MISTAKES.replace(
        "module: Leads\n",
        "module: Leads\nauth:\n  store: crm-varaibles\n",
    );
    let (code, err) = validate(&yaml);
    assert_eq!(code, 2);
    assert!(err.contains("crm-varaibles"), "{err}");
    assert!(err.contains("bad two"), "{err}");
    assert!(!err.contains("needs client.secret"), "{err}");
    assert!(!err.contains("do not cover"), "{err}");
}

#[test]
fn a_required_key_set_aside_is_no_second_error() {
    // The bad name is the one problem of that request: no "missing field name" echo.
    let (_, err) = validate(THREE_MISTAKES);
    assert!(!err.contains("missing"), "{err}");
}
