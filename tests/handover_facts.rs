//! Item by item, what the handover and the starter spec say per product and region: the
//! paste place and connection path of that product, its own answers only, the hosts of the
//! chosen region, and no claim Zoho's pages do not make.

mod common;

use std::path::Path;

use delugen::zoho::{Product, Region};

fn handover(spec: &str) -> String {
    let rendered = common::render_file(Path::new(spec));
    rendered
        .files
        .iter()
        .find(|f| f.path.ends_with("handover.md"))
        .map(|f| f.contents.clone())
        .unwrap()
}

#[test]
fn each_product_names_its_own_paste_place_and_connection_path() {
    let books = handover("tests/fixtures/books-connection-jp.yaml");
    assert!(books.contains("Settings → Automation → Workflow Actions → Functions"));
    assert!(books.contains("module Invoices"));
    assert!(books.contains("Settings → Developer Data → Connections"));
    let creator = handover("tests/fixtures/creator-connection-sa.yaml");
    assert!(creator.contains("Microservices → Connections"));
    let crm = handover("specs/crm-deals-connection.yaml");
    assert!(crm.contains("Setup → Developer Space → Connections"));
    for text in [&books, &creator] {
        assert!(!text.contains("Developer Hub"), "{text}");
    }
}

#[test]
fn troubleshooting_lists_only_the_products_own_answers() {
    let books = handover("specs/seed-books.yaml");
    let crm = handover("specs/crm-leads.yaml");
    let creator = handover("specs/creator-orders.yaml");
    assert!(books.contains("JSONString") && books.contains(r#""code":57"#));
    assert!(!books.contains("INVALID_DATA") && !books.contains("MANDATORY_NOT_FOUND"));
    assert!(crm.contains("INVALID_DATA") && !crm.contains("Invalid value passed for JSONString"));
    assert!(creator.contains(r#""code":3001"#) && !creator.contains("INVALID_DATA"));
    // Connection mode meets no answer of the accounts server.
    let connected = handover("tests/fixtures/books-connection-jp.yaml");
    assert!(!connected.contains(r#"`{"error":"invalid_client"}`"#));
}

#[test]
fn no_file_says_run_it_twice_or_claims_a_status_zoho_does_not_state() {
    for spec in [
        "specs/crm-leads.yaml",
        "specs/seed-books.yaml",
        "specs/creator-orders.yaml",
        "tests/fixtures/creator-app-with-dash-in.yaml",
    ] {
        for file in common::render_file(Path::new(spec)).files {
            let text = file
                .contents
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            for twice in [
                "Execute and run it",
                "calls it and run it",
                "then run it and run it",
            ] {
                assert!(!text.contains(twice), "{}", file.path);
            }
            assert!(!text.contains("HTTP 200 answer"), "{}", file.path);
            assert!(!text.contains("Zoho mints at most"), "{}", file.path);
        }
    }
}

#[test]
fn init_names_the_hosts_of_the_chosen_region() {
    for product in [Product::Crm, Product::Books, Product::Creator] {
        for region in Region::ALL.into_iter().filter(|r| *r != Region::Us) {
            let starter = delugen::commands::init::starter(product, region);
            let dc = region.data_centre();
            // zoho.com only as part of a longer domain (zoho.com.au, zoho.com.cn).
            for (at, _) in starter.match_indices("zoho.com") {
                assert_eq!(
                    starter[at + "zoho.com".len()..].chars().next(),
                    Some('.'),
                    "{product:?} {region:?}"
                );
            }
            assert!(starter.contains(dc.login_domain), "{product:?} {region:?}");
        }
    }
    let creator_in = delugen::commands::init::starter(Product::Creator, Region::In);
    assert!(creator_in.contains("creator.zoho.in/appbuilder/<owner>/<app>"));
}

#[test]
fn a_self_client_gets_no_grant_url_and_its_code_from_the_self_client_tab() {
    let rendered = common::render_file(Path::new("tests/fixtures/crm-self-client.yaml"));
    let names: Vec<&str> = rendered.files.iter().map(|f| f.path.as_str()).collect();
    assert!(
        !names.iter().any(|n| n.ends_with("01-grant-url.dg")),
        "{names:?}"
    );
    // The other scripts keep their numbers.
    assert!(
        names.iter().any(|n| n.ends_with("/02-refresh-token.dg")),
        "{names:?}"
    );
    assert!(
        names.iter().any(|n| n.ends_with("/03-access-token.dg")),
        "{names:?}"
    );
    let refresh = &rendered
        .files
        .iter()
        .find(|f| f.path.ends_with("02-refresh-token.dg"))
        .unwrap()
        .contents;
    assert!(!refresh.contains("redirect_uri"), "{refresh}");
    assert!(refresh.contains("Self Client tab"), "{refresh}");
    assert!(refresh.contains("3 to 10 minutes"), "{refresh}");
    let text = handover("tests/fixtures/crm-self-client.yaml");
    assert!(text.contains("*Self Client*"), "{text}");
    assert!(text.contains("tab *Generate Code*"), "{text}");
    assert!(text.contains("ZohoCRM.modules.contacts.CREATE"), "{text}");
    assert!(!text.contains("Paste `01-grant-url.dg`"), "{text}");
    assert!(!text.contains("Redirect URI |"), "{text}");
}

#[test]
fn token_figures_follow_zoho_crms_token_validity_page() {
    let crm = handover("specs/crm-leads.yaml");
    // A v8 grant code lives 3 minutes; 15 is active tokens, 10 the rate per 10 minutes.
    assert!(crm.contains("A grant code lasts 3 minutes"), "{crm}");
    assert!(
        crm.contains("at most 15 active\n  access tokens per refresh token"),
        "{crm}"
    );
    assert!(
        crm.contains("10 per refresh token every\n  10 minutes"),
        "{crm}"
    );
    let books = handover("specs/seed-books.yaml");
    assert!(
        books.contains("A grant code lasts about 2 minutes"),
        "{books}"
    );
    assert!(!books.contains("15 active"), "{books}");
}

#[test]
fn each_product_says_in_its_own_words_where_arguments_are_declared() {
    let creator = common::render_file(Path::new("specs/creator-orders.yaml"));
    let books = common::render_file(Path::new("specs/books-workflow-function.yaml"));
    for (rendered, own) in [
        (
            &creator,
            "declared in the function's first line in Creator's editor",
        ),
        (&books, "as Zoho Books fills them"),
    ] {
        let mut seen = false;
        for file in &rendered.files {
            assert!(
                !file.contents.contains("CRM: Edit Arguments"),
                "{}",
                file.path
            );
            seen |= file.contents.contains(own);
        }
        assert!(seen, "{own}");
    }
}
