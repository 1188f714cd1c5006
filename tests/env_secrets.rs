//! Secrets read from the environment: an empty variable is an error, and `validate --no-env`
//! checks a spec where its secrets are not.

use assert_cmd::Command;

const SPEC: &str = "tests/fixtures/books-contacts-ca.yaml";

fn delugen() -> Command {
    let mut command = Command::cargo_bin("delugen").unwrap();
    command
        .env_remove("MAPLE_ZOHO_CLIENT_SECRET")
        .env_remove("MAPLE_ZOHO_REFRESH_TOKEN");
    command
}

#[test]
fn a_variable_set_to_the_empty_string_is_an_error() {
    delugen()
        .env("MAPLE_ZOHO_CLIENT_SECRET", "")
        .env("MAPLE_ZOHO_REFRESH_TOKEN", "1000.token")
        .args(["render", SPEC])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains(
            "environment variable MAPLE_ZOHO_CLIENT_SECRET is empty",
        ))
        .stderr(predicates::str::contains("validate --no-env"));
}

#[test]
fn validate_without_the_environment_checks_everything_else() {
    delugen()
        .args(["validate", SPEC])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is not set"));
    delugen()
        .args(["validate", "--no-env", SPEC])
        .assert()
        .success()
        .stdout(predicates::str::contains("environment not read"));
    // Rules that need no secret still apply.
    delugen()
        .args([
            "validate",
            "--no-env",
            "tests/fixtures/invalid/secret-empty.yaml",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("client.secret is empty"));
}
