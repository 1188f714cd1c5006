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
