//! `delugen init` as a consultant uses it: say what you know (product, data centre,
//! module, request kind, where the scripts run, how they sign in) and get a starter that
//! validates and renders as written, or start from one of the shipped examples.

mod common;

use common::{render_text, run};

const METHODS: [&str; 8] = [
    "POST", "PUT", "PATCH", "upsert", "GET", "search", "coql", "DELETE",
];
const AUTHS: [&str; 4] = ["token", "connection", "crm-variables", "creator-form"];

#[test]
fn every_starter_the_options_allow_renders_as_written() {
    let mut rendered = 0;
    for product in ["crm", "books", "creator"] {
        for method in METHODS {
            for auth in AUTHS {
                for runs_in in ["", "crm", "books", "creator"] {
                    let mut args = vec!["init", "--product", product, "--region", "eu"];
                    args.extend(["--method", method, "--auth", auth]);
                    if !runs_in.is_empty() {
                        args.extend(["--runs-in", runs_in]);
                    }
                    let (code, starter, err) = run(&args);
                    if code != 0 {
                        // Refused choices say why, in the option's words.
                        assert_eq!(code, 2, "{args:?}");
                        assert!(err.starts_with("error: "), "{args:?}: {err}");
                        assert!(err.contains("--"), "{args:?}: {err}");
                        continue;
                    }
                    let scripts = render_text(&starter)
                        .unwrap_or_else(|e| panic!("{args:?} does not render:\n{e}\n{starter}"));
                    assert!(!scripts.files.is_empty());
                    assert!(starter.contains(&format!("method: {method}")), "{args:?}");
                    rendered += 1;
                }
            }
        }
    }
    // Every method of every product, in every auth its product allows, renders.
    assert!(rendered > 150, "only {rendered} starters rendered");
}

#[test]
fn a_named_module_lands_in_the_spec_and_its_scopes() {
    let (code, starter, _) = run(&[
        "init",
        "--product",
        "crm",
        "--module",
        "Deals",
        "--method",
        "PUT",
    ]);
    assert_eq!(code, 0);
    assert!(starter.contains("module: Deals"));
    assert!(
        starter.contains("- ZohoCRM.modules.deals.UPDATE"),
        "{starter}"
    );
    assert!(starter.contains("name: update-deal"));
    render_text(&starter).unwrap();

    let (code, starter, _) = run(&[
        "init",
        "--product",
        "books",
        "--module",
        "invoices",
        "--auth",
        "connection",
        "--runs-in",
        "crm",
    ]);
    assert_eq!(code, 0);
    assert!(starter.contains("runs_in: crm") && starter.contains("mode: connection"));
    // A connection holds its own client: no client block to fill in.
    assert!(!starter.contains("client:"), "{starter}");
    assert!(starter.contains("- ZohoBooks.invoices.CREATE"), "{starter}");
    render_text(&starter).unwrap();
}

#[test]
fn a_token_store_puts_the_scripts_where_the_store_lives() {
    let (code, starter, _) = run(&["init", "--product", "books", "--auth", "crm-variables"]);
    assert_eq!(code, 0);
    assert!(starter.contains("runs_in: crm") && starter.contains("store: crm-variables"));
    // The store keeps the secret: the spec holds none.
    assert!(!starter.contains("secret:"), "{starter}");
    render_text(&starter).unwrap();

    let (code, _, err) = run(&[
        "init",
        "--product",
        "crm",
        "--auth",
        "creator-form",
        "--runs-in",
        "books",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--auth creator-form keeps the tokens in Zoho Creator, so the scripts run there, not in Zoho Books"),
        "{err}"
    );
}

#[test]
fn a_method_the_product_does_not_take_is_refused_with_the_ones_it_does() {
    let (code, out, err) = run(&["init", "--product", "books", "--method", "upsert"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.contains("Zoho Books takes no `upsert` request")
            && err.contains("--method takes one of POST, PUT, GET, search, DELETE"),
        "{err}"
    );
}

#[test]
fn a_module_that_is_no_api_name_is_refused_with_the_likely_one() {
    let (code, _, err) = run(&["init", "--module", "Sales Orders"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean --module Sales_Orders?"), "{err}");

    // A module the product's rules refuse is refused in the rules' words; nothing written.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("spec.yaml");
    let (code, _, err) = run(&[
        "init",
        "--product",
        "books",
        "--module",
        "Deals",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("not a valid Books resource"), "{err}");
    assert!(err.contains("nothing written"), "{err}");
    assert!(!file.exists());
}

#[test]
fn every_shipped_example_can_start_a_spec() {
    let shipped: Vec<String> = std::fs::read_dir("specs")
        .unwrap()
        .filter_map(|entry| {
            let name = entry.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".yaml").map(str::to_string)
        })
        .collect();
    let (code, list, _) = run(&["init", "--example", "list"]);
    assert_eq!(code, 0);
    let listed: Vec<&str> = list.lines().collect();
    for name in &shipped {
        assert!(
            listed.contains(&name.as_str()),
            "specs/{name}.yaml is not an --example"
        );
        let (code, text, _) = run(&["init", "--example", name]);
        assert_eq!(code, 0);
        assert_eq!(
            text,
            std::fs::read_to_string(format!("specs/{name}.yaml")).unwrap()
        );
    }
    assert_eq!(listed.len(), shipped.len());

    let (code, _, err) = run(&["init", "--example", "crm-lead"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("there is no example named \"crm-lead\""),
        "{err}"
    );
    assert!(err.contains("did you mean `crm-leads`?"), "{err}");
}
