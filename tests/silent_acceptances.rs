//! What delugen used to accept without a word now gets a warning that says what to do.
//! Warnings exit 0: the scripts are still written.

mod common;

fn validate(yaml: &str) -> (u8, String) {
    common::validate_yaml(yaml, &["--no-env"])
}

const CRM: &str = "name: acme
product: crm
region: eu
client:
  id: 1000.ABC
  secret: SECRET
  redirect_uri: https://x.example/cb
scopes:
  - ZohoCRM.modules.leads.ALL
module: Leads
AUTH
requests:
  - name: upsert-lead
    method: upsert
    fields:
      Last_Name: X
      Email: ana@example.com
    duplicate_check_fields: [DUPLICATE]
";

fn crm(secret: &str, auth: &str, duplicate: &str) -> String {
    CRM.replace("SECRET", secret)
        .replace("AUTH\n", auth)
        .replace("DUPLICATE", duplicate)
}

#[test]
fn a_client_secret_in_plain_text_is_a_warning_that_names_the_safer_places() {
    let (code, err) = validate(&crm("s3cr3t-value-1234", "", "Email"));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning: the client secret is written in the spec as plain text"),
        "{err}"
    );
    assert!(err.contains("secret: ${ZOHO_CLIENT_SECRET}"), "{err}");
    assert!(
        err.contains("auth.store: crm-variables or creator-form"),
        "{err}"
    );
    // The warning never shows the secret itself.
    assert!(!err.contains("s3cr3t-value-1234"), "{err}");

    // Read from the environment: nothing to say.
    let (code, err) = validate(&crm("${ZOHO_SECRET}", "", "Email"));
    assert_eq!(code, 0);
    assert!(!err.contains("plain text"), "{err}");
}

#[test]
fn a_refresh_token_in_plain_text_is_a_warning() {
    let auth = "auth:\n  refresh_token: 1000.abcdef0123456789.fedcba9876543210\n";
    let (code, err) = validate(&crm("${ZOHO_SECRET}", auth, "Email"));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("the refresh token is written in the spec as plain text"),
        "{err}"
    );
    assert!(
        err.contains("refresh_token: ${ZOHO_REFRESH_TOKEN}"),
        "{err}"
    );
}

#[test]
fn a_client_secret_in_connection_mode_is_a_warning_that_nothing_uses_it() {
    let auth = "auth:\n  mode: connection\n  connection: acme_crm\n";
    let (code, err) = validate(&crm("${ZOHO_SECRET}", auth, "Email"));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(
            "client.secret is not used in connection mode: the connection holds the client"
        ),
        "{err}"
    );
}

#[test]
fn a_duplicate_check_field_the_record_lacks_is_a_warning_with_the_likely_one() {
    let (code, err) = validate(&crm("${ZOHO_SECRET}", "", "Emial"));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("duplicate-check field \"Emial\" is not among the record's fields"),
        "{err}"
    );
    assert!(err.contains("did you mean \"Email\"?"), "{err}");
}

#[test]
fn an_inline_token_in_a_workflow_function_is_a_warning() {
    let yaml = "name: acme
product: crm
region: eu
client:
  id: 1000.ABC
  secret: ${ZOHO_SECRET}
  redirect_uri: https://x.example/cb
scopes:
  - ZohoCRM.modules.deals.ALL
module: Deals
requests:
  - name: update-deal
    method: PUT
    inputs: {deal_id: Int, stage: String}
    record_id: {input: deal_id}
    from_inputs: {Stage: stage}
    workflow_caller: true
";
    let (code, err) = validate(yaml);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(
            "\"update-deal\" is called by a workflow but mints a new access token on every run"
        ),
        "{err}"
    );
    assert!(err.contains("auth.store: crm-variables"), "{err}");
    // With a store the token is reused: nothing to say.
    let stored = yaml
        .replace(
            "module: Deals\n",
            "module: Deals\nauth:\n  store: crm-variables\n  store_connection: acme_vars\n",
        )
        .replace("  secret: ${ZOHO_SECRET}\n", "");
    let (code, err) = validate(&stored);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("mints a new access token"), "{err}");
}
