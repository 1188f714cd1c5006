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
    // The ids are joined one by one, not with a list join Zoho's pages do not document.
    assert!(
        purge.contains("/crm/v8/Leads\" + \"?ids=\" + v_IdList"),
        "{purge}"
    );
    assert!(!purge.contains("toString(\",\")"), "{purge}");
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
    // 3 + 10 pages, 20 + 20 batches of 100 (2,000 records a run), and 4 single calls.
    assert!(
        out.contains("at most 57 API calls per full run (8 requests; a search counts a call per page, a bulk write per batch)"),
        "{out}"
    );
}

#[test]
fn a_creator_delete_by_criteria_processes_until_the_limit_and_returns_every_id() {
    let remove = script("creator", "remove");
    // Without process_until_limit, criteria matching more than 200 records fail.
    assert!(
        remove.contains("m_Body.put(\"process_until_limit\", true);"),
        "{remove}"
    );
    // A bounded walk: Deluge has no while.
    assert!(remove.contains("l_Rounds = {1, 2, 3, 4, 5};"), "{remove}");
    assert!(remove.contains("for each v_Round in l_Rounds"), "{remove}");
    assert!(
        remove.contains("r_Response.get(\"more_records\")"),
        "{remove}"
    );
    assert!(remove.contains("v_Code == 3960"), "{remove}");
    assert!(
        remove.contains("m_Body.put(\"more_records\", v_MoreKey);"),
        "{remove}"
    );
    // Every deleted record's id, not only the first.
    assert!(
        remove.contains("for each m_Result in l_Results"),
        "{remove}"
    );
    assert!(remove.contains("l_Deleted.add("), "{remove}");
    assert!(!remove.contains("result\").get(0)"), "{remove}");
    let function = common::render_text(&spec_for("eu", "creator", true).replace(
        "    criteria: {field: Status, value: Void}",
        "    inputs: {status: String}\n    criteria: {field: Status, value: {input: status}}",
    ))
    .unwrap()
    .files
    .into_iter()
    .find(|f| f.path.ends_with("/remove.dg"))
    .unwrap()
    .contents;
    assert!(
        function.contains("//   list integrations.remove(String status)"),
        "{function}"
    );
    assert!(function.ends_with("return l_Deleted;\n"), "{function}");
}

#[test]
fn a_crm_bulk_write_of_2000_records_is_one_run() {
    let load = script("crm", "load");
    // CRM allows 200,000 lines of execution per function: 2,000 records fit in one run.
    assert!(load.contains("if(l_Records.size() > 2000)"), "{load}");
    assert!(load.contains("200,000"), "{load}");
    assert!(!load.contains("5,000 statements"), "{load}");
    // Creator keeps its smaller budget (5,000 statements on its smallest plan).
    let creator = script("creator", "load");
    assert!(creator.contains("if(l_Records.size() > 400)"), "{creator}");
    assert!(creator.contains("5,000"), "{creator}");
}

#[test]
fn a_crm_read_of_a_missing_id_is_not_found_for_204_and_invalid_data() {
    let read = script("crm", "read");
    assert!(read.contains("if(v_Answer.trim() == \"\")"), "{read}");
    // Zoho documents 400 INVALID_DATA for an id it cannot read: not found, not a refusal.
    assert!(
        read.contains("else if(ifnull(v_Answer.toMap().get(\"code\"), \"\") == \"INVALID_DATA\")"),
        "{read}"
    );
    let not_found = read
        .matches("info \"Not found: no record with that id\";")
        .count();
    assert_eq!(not_found, 2, "{read}");
}

#[test]
fn a_crm_search_with_equals_says_that_zoho_matches_it_like_contains() {
    let find = script("crm", "find");
    assert!(
        find.contains("Zoho CRM's v8 search matches equals like contains"),
        "{find}"
    );
    assert!(find.contains("compare the field exactly"), "{find}");
    // Zoho's list is returned as it is.
    assert!(find.ends_with("return l_Found;\n"), "{find}");
    // Creator's == is exact: no such note.
    let creator = script("creator", "find");
    assert!(!creator.contains("like contains"), "{creator}");
}

/// A Books connection-mode spec with one search of `module` by `filters`.
fn books_search(module: &str, filters: &str) -> String {
    format!(
        "name: lists\nproduct: books\nregion: eu\nauth: {{mode: connection, connection: books}}\n\
         organization_id: \"1\"\nscopes: [ZohoBooks.fullaccess.all]\nmodule: {module}\n\
         requests:\n  - name: find\n    method: search\n    filters: {filters}\n"
    )
}

#[test]
fn books_searches_take_the_parameters_of_each_resources_list_page() {
    // One documented parameter (or variant) per resource of the table, with the
    // parameters every tabled resource takes (sort_order, custom fields as cf_*).
    let accepted = [
        (
            "contacts",
            "{sort_column: last_modified_time, sort_order: D}",
        ),
        (
            "contacts",
            "{phone_contains: \"7946\", filter_by: Status.Crm}",
        ),
        (
            "invoices",
            "{date_start: \"2026-01-01\", date_end: \"2026-12-31\"}",
        ),
        (
            "invoices",
            "{due_date_before: \"2026-02-01\", response_option: 1}",
        ),
        ("invoices", "{custom_field_contains: x, cf_region: North}"),
        (
            "items",
            "{rate_greater_equals: 10, sat_item_key_code: \"71121206\"}",
        ),
        ("items", "{unitkey_code: E48, name_startswith: Hard}"),
        // Resources whose list page was not found take any name, not a guessed list.
        (
            "estimates",
            "{estimate_number_startswith: EST, expiry_date: \"2026-01-31\"}",
        ),
        ("bills", "{bill_number_contains: \"7\", anything_else: 1}"),
        ("salesorders", "{shipment_date_start: \"2026-01-01\"}"),
    ];
    for (module, filters) in accepted {
        let rendered = common::render_text(&books_search(module, filters))
            .unwrap_or_else(|e| panic!("{module} {filters} should be accepted: {e}"));
        let find = rendered
            .files
            .iter()
            .find(|f| f.path.ends_with("/find.dg"))
            .unwrap();
        let first = filters[1..].split(':').next().unwrap();
        assert!(
            find.contents.contains(&format!("&{first}=")),
            "{module}: {first} not sent\n{}",
            find.contents
        );
    }
    // A tabled resource still refuses a name its page does not give, naming it.
    let err =
        common::render_text(&books_search("invoices", "{date_from: \"2026-01-01\"}")).unwrap_err();
    assert!(
        err.contains("Zoho Books lists invoices without a filter \"date_from\""),
        "{err}"
    );
    assert!(err.contains("did you mean"), "{err}");
    // cf_ alone is no custom field.
    let err = common::render_text(&books_search("items", "{cf_: x}")).unwrap_err();
    assert!(err.contains("without a filter \"cf_\""), "{err}");
}
