//! `delugen diff --requests`: a regeneration shown by what the scripts send.

mod common;

use common::run;

#[test]
fn a_field_added_to_the_spec_shows_as_a_request_that_now_also_sends_it() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("crm-leads.yaml");
    let original = std::fs::read_to_string("specs/crm-leads.yaml").unwrap();
    std::fs::write(&spec, &original).unwrap();
    let out = dir.path().join("out");
    let (spec_s, out_s) = (spec.to_str().unwrap(), out.to_str().unwrap());
    let (code, _, err) = run(&["render", spec_s, "-o", out_s, "-q"]);
    assert_eq!(code, 0, "{err}");
    let changed = original.replacen(
        "      Rating: Hot\n",
        "      Rating: Hot\n      Lead_Source: Web Site\n",
        1,
    );
    assert_ne!(
        changed, original,
        "the example spec changed: update this test"
    );
    std::fs::write(&spec, changed).unwrap();
    let (code, stdout, _) = run(&["diff", spec_s, "-o", out_s, "--requests", "-q"]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("requests of acme-crm-leads/create-lead.dg:\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  before: POST https://www.zohoapis.eu/crm/v8/Leads  [Last_Name, First_Name, Company, Email, Annual_Revenue, Rating, Email_Opt_Out]"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  POST https://www.zohoapis.eu/crm/v8/Leads now also sends Lead_Source\n"),
        "{stdout}"
    );
    // Without --requests, only the text diff.
    let (_, stdout, _) = run(&["diff", spec_s, "-o", out_s, "-q"]);
    assert!(!stdout.contains("requests of"), "{stdout}");
}
