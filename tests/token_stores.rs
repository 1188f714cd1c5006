//! Token stores (`auth.store`): no script holds the client secret or a token, every request
//! script gets its token from the one access-token function, which reuses the stored token
//! and refreshes it only when it is missing or within 5 minutes of expiry.

mod common;

use std::path::Path;

use delugen::deluge::lint::{Outcome, lint};

const STORE_SPECS: [&str; 2] = [
    "specs/crm-to-books-other-org.yaml",
    "specs/creator-token-store.yaml",
];

#[test]
fn with_a_store_no_script_holds_a_secret_and_none_needs_mode_0600() {
    for spec in STORE_SPECS {
        let rendered = common::render_file(Path::new(spec));
        for file in &rendered.files {
            assert!(!file.holds_secret, "{}", file.path);
            // No credential as text, and no lint finding waved through.
            assert!(!file.contents.contains("lint: allow"), "{}", file.path);
            for key in ["\"client_secret\", \"", "\"refresh_token\", \""] {
                assert!(!file.contents.contains(key), "{}: {key}", file.path);
            }
            if file.path.ends_with(".dg") {
                assert!(
                    matches!(lint(&file.contents), Outcome::Findings(f) if f.is_empty()),
                    "{}",
                    file.path
                );
            }
        }
    }
}

#[test]
fn request_scripts_call_the_one_access_token_function() {
    for spec in STORE_SPECS {
        let rendered = common::render_file(Path::new(spec));
        let function = rendered
            .files
            .iter()
            .find(|f| f.path.ends_with("/03-access-token.dg"))
            .unwrap();
        // The function reuses the stored token while more than 5 minutes are left...
        assert!(function.contents.contains("v_Until > v_Now.addMinutes(5)"));
        assert!(function.contents.contains("v_AccessToken = v_CachedToken;"));
        // ...treats "error" in the answer as a failure, and stores token and expiry.
        assert!(function.contents.contains("r_Token.get(\"error\") != null"));
        assert!(function.contents.contains("addSeconds("));
        assert!(function.contents.contains("return v_AccessToken;"));
        let call = function
            .contents
            .lines()
            .find_map(|l| l.strip_prefix("//   v_AccessToken = "))
            .unwrap()
            .trim_end_matches(';')
            .to_string();
        let requests: Vec<_> = rendered
            .files
            .iter()
            .filter(|f| f.path.ends_with(".dg") && !f.path.contains("/0"))
            .collect();
        assert!(!requests.is_empty());
        for request in requests {
            assert!(
                request
                    .contents
                    .contains(&format!("v_AccessToken = {call};")),
                "{}",
                request.path
            );
            assert!(
                !request.contents.contains("/oauth/v2/token"),
                "{}: fetches no token itself",
                request.path
            );
        }
    }
}

/// The DG009 findings of a rendered script once its waivers are taken out.
fn token_every_run_without_waiver(rendered: &delugen::render::Rendered, file: &str) -> usize {
    let script = rendered
        .files
        .iter()
        .find(|f| f.path.ends_with(file))
        .unwrap();
    let unwaived: String = script
        .contents
        .lines()
        .filter(|l| !l.contains("lint: allow(token-every-run)"))
        .map(|l| format!("{l}\n"))
        .collect();
    let Outcome::Findings(findings) = lint(&unwaived) else {
        panic!("{file} parses");
    };
    findings.iter().filter(|f| f.rule.code == "DG009").count()
}

#[test]
fn the_lint_rule_catches_the_inline_pattern_it_is_waived_for() {
    let rendered = common::render_file(Path::new("specs/crm-leads.yaml"));
    // An inline request script mints a token on every run...
    assert_eq!(
        token_every_run_without_waiver(&rendered, "/create-lead.dg"),
        1
    );
    // ...the token script alone calls no API.
    assert_eq!(
        token_every_run_without_waiver(&rendered, "/03-access-token.dg"),
        0
    );
}

#[test]
fn limits_count_no_refresh_per_run_with_a_store() {
    let (code, stdout, _) = common::run(&[
        "limits",
        "--product",
        "books",
        "--edition",
        "standard",
        "--spec",
        "specs/crm-to-books-other-org.yaml",
    ]);
    assert_eq!(code, 0);
    assert!(stdout.contains("1 API call per full run"), "{stdout}");
    assert!(stdout.contains("reuses the access token"), "{stdout}");
    assert!(!stdout.contains("by Zoho's token limit"), "{stdout}");
}

#[test]
fn a_grant_code_in_the_spec_is_the_only_secret_a_store_spec_writes() {
    let yaml = std::fs::read_to_string("specs/crm-to-books-other-org.yaml")
        .unwrap()
        .replace(
            "  store: crm-variables\n",
            "  store: crm-variables\n  grant_code: 1000.abcdef0123456789grantcode\n",
        );
    let rendered = common::render_text(&yaml).unwrap();
    let secret: Vec<&str> = rendered
        .files
        .iter()
        .filter(|f| f.holds_secret)
        .map(|f| f.path.as_str())
        .collect();
    assert_eq!(secret, ["harbour-books/02-refresh-token.dg"]);
}

#[test]
fn inline_request_scripts_take_the_api_host_from_the_token_answer() {
    let rendered = common::render_file(Path::new("specs/crm-leads.yaml"));
    let request = rendered
        .files
        .iter()
        .find(|f| f.path.ends_with("/create-lead.dg"))
        .unwrap();
    assert!(request.contents.contains(
        "v_ApiDomain = ifnull(r_Token.get(\"api_domain\"), \"https://www.zohoapis.eu\");"
    ));
    assert!(
        request
            .contents
            .contains("url: v_ApiDomain + \"/crm/v8/Leads\"")
    );
}

#[test]
fn store_names_are_identifiers_even_for_a_spec_named_with_a_leading_digit() {
    let yaml = std::fs::read_to_string("specs/crm-to-books-other-org.yaml")
        .unwrap()
        .replace("name: harbour-books", "name: 7-seas");
    let rendered = common::render_text(&yaml).unwrap();
    let all: String = rendered.files.iter().map(|f| f.contents.as_str()).collect();
    assert!(all.contains("standalone.t_7_seas_access_token()"));
    assert!(all.contains("\"t_7_seas_client_secret\""));
    assert!(!all.contains("7-seas_"));
}

#[test]
fn creator_token_scripts_are_functions_run_from_a_button() {
    let rendered = common::render_file(std::path::Path::new("specs/creator-orders.yaml"));
    for name in [
        "01-grant-url.dg",
        "02-refresh-token.dg",
        "03-access-token.dg",
    ] {
        let file = rendered
            .files
            .iter()
            .find(|f| f.path.ends_with(name))
            .unwrap();
        let text = &file.contents;
        assert!(
            text.contains("paste this as the body of\n//   void integrations.outback_orders_"),
            "{text}"
        );
        assert!(text.contains("On Click workflow"), "{text}");
    }
    let handover = rendered
        .files
        .iter()
        .find(|f| f.path.ends_with("handover.md"))
        .unwrap();
    assert!(
        handover.contents.contains("Creator runs no bare script"),
        "{}",
        handover.contents
    );
}
