//! The data-centre promise: every host a script names comes from the spec's own region.

mod common;

use delugen::zoho::region::{Region, region_of_url};

fn spec_for(region: &str, product: &str) -> String {
    let (scope, module, extra, method) = match product {
        "crm" => ("ZohoCRM.modules.ALL", "Leads".to_string(), "", "POST"),
        "books" => (
            "ZohoBooks.fullaccess.all",
            "contacts".to_string(),
            "organization_id: \"1\"\n",
            "POST",
        ),
        _ => (
            "ZohoCreator.form.CREATE",
            "\n  owner: jane\n  app: orders\n  form: Order".to_string(),
            "",
            "POST",
        ),
    };
    format!(
        "name: dc-{region}\nproduct: {product}\nregion: {region}\n{extra}client:\n  id: 1000.X\n  secret: s\n  redirect_uri: https://cb.example/\nscopes: [{scope}]\nmodule: {module}\nrequests:\n  - name: write\n    method: {method}\n    fields: {{Name: x}}\n"
    )
}

/// Every `https://host` in the text (a sentence's closing full stop is not part of it).
fn hosts(text: &str) -> Vec<String> {
    text.match_indices("https://")
        .map(|(at, scheme)| {
            let host: String = text[at + scheme.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
                .collect();
            format!("https://{}", host.trim_end_matches('.'))
        })
        .collect()
}

#[test]
fn all_nine_regions_pair_accounts_and_api_hosts_of_their_own_row() {
    for region in Region::ALL {
        let dc = region.data_centre();
        for product in ["crm", "books", "creator"] {
            let rendered = common::render_text(&spec_for(dc.key, product)).unwrap();
            // The promise is about the scripts; the handover also names sign-in and console hosts.
            let all: String = rendered
                .files
                .iter()
                .filter(|f| f.path.ends_with(".dg"))
                .map(|f| f.contents.as_str())
                .collect();
            assert!(
                all.contains(&format!("\"{}/oauth/v2/token\"", dc.accounts)),
                "{}/{product}",
                dc.key
            );
            // Inline token scripts take the host from the token answer's api_domain, with
            // the region's API domain as the fallback.
            assert!(
                all.contains(&format!("url: \"{}/", dc.api))
                    || all.contains(&format!(
                        "ifnull(r_Token.get(\"api_domain\"), \"{}\")",
                        dc.api
                    )),
                "{}/{product}",
                dc.key
            );
            let zoho_hosts: Vec<String> = hosts(&all)
                .into_iter()
                .filter(|h| h.contains("zoho"))
                .collect();
            assert!(!zoho_hosts.is_empty());
            for host in zoho_hosts {
                assert_eq!(
                    region_of_url(&host),
                    Some(region),
                    "{host} in a {} {product} script",
                    dc.key
                );
            }
        }
    }
}

#[test]
fn canada_signs_in_at_zohocloud_but_calls_zohoapis() {
    let rendered = common::render_text(&spec_for("ca", "crm")).unwrap();
    let all: String = rendered.files.iter().map(|f| f.contents.as_str()).collect();
    assert!(all.contains("https://accounts.zohocloud.ca/oauth/v2/auth"));
    assert!(all.contains("https://www.zohoapis.ca/crm/v8/Leads"));
    assert!(!all.contains("zohoapis.zohocloud"));
}
