//! Every request kind (read by id, search, delete, bulk write) renders for every product
//! and data centre, parses and lints clean (the render guard), and calls only its own
//! data centre's hosts.

mod common;

use delugen::zoho::region::{Region, region_of_url};

/// A spec with one request of each kind, in token or connection mode.
fn spec_for(region: &str, product: &str, connection: bool) -> String {
    let (scope, module, extra, requests) = match product {
        "crm" => (
            "ZohoCRM.modules.ALL, ZohoSearch.securesearch.READ, ZohoCRM.coql.READ",
            "Leads".to_string(),
            "",
            r#"
  - name: read
    method: GET
    inputs: {id: Int}
    record_id: {input: id}
  - name: find
    method: search
    inputs: {email: String, since: Date}
    criteria:
      any:
        - {field: Email, value: {input: email}}
        - all:
            - {field: Company, op: starts_with, value: "Acme (UK), Ltd"}
            - {field: Created_Time, op: greater_equal, value: {input: since}}
    max_pages: 2
  - name: find-phone
    method: search
    filters: {phone: "+44 20 7946 0000"}
  - name: remove
    method: DELETE
    record_id: "1"
    options: {wf_trigger: true}
  - name: load
    method: POST
    inputs: {leads: List}
    records: {input: leads}
  - name: purge
    method: DELETE
    inputs: {ids: List}
    records: {input: ids}
  - name: query
    method: coql
    query: "select Last_Name from Leads where Company = 'O\"Neill (UK)'"
"#,
        ),
        "books" => (
            "ZohoBooks.fullaccess.all",
            "contacts".to_string(),
            "organization_id: \"1\"\n",
            r#"
  - name: read
    method: GET
    record_id: "2"
  - name: find
    method: search
    inputs: {email: String}
    filters: {email: {input: email}, contact_name: "O'Neill & Sons"}
  - name: remove
    method: DELETE
    inputs: {id: String}
    record_id: {input: id}
  - name: load
    method: POST
    inputs: {contacts: List}
    records: {input: contacts}
    options: {ignore_auto_number_generation: true}
"#,
        ),
        _ => (
            "ZohoCreator.report.ALL, ZohoCreator.form.CREATE",
            "\n  owner: jane\n  app: orders\n  form: Order\n  report: All_Orders".to_string(),
            "",
            r#"
  - name: read
    method: GET
    record_id: "3"
  - name: find
    method: search
    inputs: {name: String, qty: Int}
    criteria:
      all:
        - {field: Name, op: contains, value: {input: name}}
        - {field: Qty, op: less_than, value: {input: qty}}
        - {field: Note, value: "say \"hi\" \\ bye"}
    options: {environment: development}
  - name: remove
    method: DELETE
    criteria: {field: Status, value: Void}
  - name: load
    method: POST
    inputs: {orders: List}
    records: {input: orders}
"#,
        ),
    };
    let auth = if connection {
        "auth: {mode: connection, connection: conn}\n".to_string()
    } else {
        "client:\n  id: 1000.X\n  secret: s\n  redirect_uri: https://cb.example/\n".to_string()
    };
    format!(
        "name: kinds-{region}\nproduct: {product}\nregion: {region}\n{extra}{auth}scopes: [{scope}]\nmodule: {module}\nrequests:{requests}"
    )
}

#[test]
fn every_kind_renders_for_every_product_and_region() {
    for region in Region::ALL {
        let dc = region.data_centre();
        for product in ["crm", "books", "creator"] {
            for connection in [false, true] {
                let spec = spec_for(dc.key, product, connection);
                let rendered = common::render_text(&spec)
                    .unwrap_or_else(|e| panic!("{}/{product}: {e:?}\n{spec}", dc.key));
                let scripts: Vec<_> = rendered
                    .files
                    .iter()
                    .filter(|f| f.path.ends_with(".dg") && !f.path.contains("/0"))
                    .collect();
                assert_eq!(scripts.len(), if product == "crm" { 7 } else { 4 });
                for file in scripts {
                    // The data centre's API host: in the address, or (token mode) as the
                    // fallback when the token answer carries no api_domain.
                    assert!(
                        file.contents.contains(&format!("\"{}/", dc.api))
                            || file.contents.contains(&format!("\"{}\")", dc.api)),
                        "{}",
                        file.path
                    );
                    for (at, scheme) in file.contents.match_indices("https://") {
                        let host: String = file.contents[at + scheme.len()..]
                            .chars()
                            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
                            .collect();
                        let host = host.trim_end_matches('.');
                        let url = format!("https://{host}");
                        if url.contains("zoho") {
                            assert_eq!(region_of_url(&url), Some(region), "{}", file.path);
                        }
                    }
                }
            }
        }
    }
}

fn script(product: &str, name: &str) -> String {
    let rendered = common::render_text(&spec_for("eu", product, true)).unwrap();
    rendered
        .files
        .into_iter()
        .find(|f| f.path.ends_with(&format!("/{name}.dg")))
        .unwrap()
        .contents
}

#[test]
fn a_crm_search_escapes_and_encodes_its_values_and_is_bounded() {
    let find = script("crm", "find");
    // Literal values are escaped for CRM's ( ) , when the script is written.
    assert!(
        find.contains(r#"(Company:starts_with:Acme \\(UK\\)\\, Ltd)"#),
        "{find}"
    );
    // Values from arguments are escaped the same way when it runs.
    // (after dropping backslashes just before them or at the end: see README).
    assert!(find.contains(r#"email.toString().replaceAll("\\\\+([(),])", "$1").replaceAll("\\\\+$", "").replaceAll("([(),])", "\\\\$1")"#));
    // A date argument is written in CRM's date format.
    assert!(find.contains(r#"since.toString("yyyy-MM-dd")"#));
    assert!(find.contains("zoho.encryption.urlEncode(v_Criteria)"));
    assert!(find.contains("l_Pages = {1, 2};"));
    assert!(find.contains("for each v_Page in l_Pages"));
    // Nothing found (HTTP 204, no body) ends the walk with what was found: no failure.
    assert!(find.contains("if(v_Answer.trim() == \"\")\n\t{\n\t\tv_More = false;\n\t\tbreak;"));
    assert!(find.contains("Stopped after 2 pages (max_pages)"));
    assert!(find.ends_with("return l_Found;\n"));
    let phone = script("crm", "find-phone");
    assert!(
        phone.contains("/search?phone=%2B44%2020%207946%200000\""),
        "{phone}"
    );
}

#[test]
fn books_and_creator_searches_read_their_own_no_more_signal() {
    let books = script("books", "find");
    assert!(books.contains("?organization_id=1&email=\" + zoho.encryption.urlEncode(email.toString()) + \"&contact_name=O%27Neill%20%26%20Sons\""), "{books}");
    assert!(books.contains("get(\"has_more_page\")"));
    assert!(books.contains("r_Response.get(\"contacts\")"));
    let creator = script("creator", "find");
    assert!(
        creator.contains(r#"Name.contains(\"" + name.toString().replaceAll("#),
        "{creator}"
    );
    assert!(creator.contains(r#"Qty < " + qty.toString() + ""#));
    assert!(creator.contains(r#"Note == \"say \\\"hi\\\" \\\\ bye\""#));
    assert!(creator.contains("m_Headers.put(\"environment\", \"development\");"));
    assert!(creator.contains("get(\"record_cursor\")"));
    assert!(creator.contains("detailed: true"));
}

#[test]
fn bulk_writes_send_batches_of_the_product_maximum_and_report_each_record() {
    let crm = script("crm", "load");
    assert!(crm.contains("if(l_Batch.size() == 100)"));
    assert!(crm.contains("for each index v_Index in l_Data"));
    assert!(crm.ends_with("return l_Ids;\n"));
    let purge = script("crm", "purge");
    assert!(
        purge.contains("/crm/v8/Leads\" + \"?ids=\" + l_Data.toString(\",\")"),
        "{purge}"
    );
    assert!(purge.contains("records deleted"));
    let creator = script("creator", "load");
    assert!(creator.contains("if(l_Batch.size() == 200)"));
    let books = script("books", "load");
    assert!(!books.contains("l_Batch"));
    assert!(books.contains("for each m_Record in l_Records"));
    assert!(books.contains("ignore_auto_number_generation=true"));
}

#[test]
fn a_coql_query_goes_as_written_and_nothing_found_is_empty() {
    let query = script("crm", "query");
    assert!(query.contains(r#"m_Body.put("select_query", "select Last_Name from Leads where Company = 'O\"Neill (UK)'");"#), "{query}");
    assert!(query.contains("/crm/v8/coql\""));
    assert!(query.contains("info \"Found 0 records\";"));
    assert!(query.contains("l_Found.addAll(m_Answer.get(\"data\"));"));
}

#[test]
fn limits_count_the_pages_and_batches_a_run_may_send() {
    let (code, out, _) = common::run(&[
        "limits",
        "--product",
        "crm",
        "--edition",
        "professional",
        "--users",
        "10",
        "--spec",
        "specs/crm-lead-lookup.yaml",
    ]);
    assert_eq!(code, 0);
    // 3 + 10 pages, 4 + 4 batches of 100, and 4 single calls.
    assert!(
        out.contains("at most 25 API calls per full run (8 requests; a search counts a call per page, a bulk write per batch)"),
        "{out}"
    );
}
