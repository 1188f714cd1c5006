//! Every request kind as a step, as stories: a consultant queries CRM with COQL and goes
//! through what it found, writes a list of records in one step, deletes what a Creator
//! report matches; what they get wrong is pointed at where they wrote it.

mod common;

use delugen::deluge::lint;

/// A CRM function (EU) with a connection per product and `steps` spliced in.
fn spec(steps: &str) -> String {
    format!(
        "name: kinds
product: crm
region: eu
scopes: [ZohoCRM.modules.ALL, ZohoCRM.coql.READ, ZohoBooks.fullaccess.all, ZohoCreator.report.ALL, ZohoCreator.form.CREATE]
auths:
  crm: {{connection: kinds_crm}}
  books: {{connection: kinds_books}}
  creator: {{connection: kinds_creator}}
functions:
  - name: tidy
    inputs:
      contacts: List
    returns: nothing
    steps:
{steps}"
    )
}

const STALE_LEADS: &str = "      - name: stale
        module: Leads
        auth: crm
        method: coql
        query: \"select id, Last_Name from Leads where Lead_Status = 'Junk' limit 200\"
";

/// The one function the spec renders, checked to parse, lint clean and define every
/// variable before it reads it.
fn function_of(yaml: &str) -> String {
    let rendered = common::render_text(yaml).unwrap_or_else(|text| panic!("{text}\n{yaml}"));
    let script = rendered
        .files
        .iter()
        .find(|f| f.path == "kinds/tidy.dg")
        .expect("one file named after the function")
        .contents
        .clone();
    assert!(lint::lint(&script).is_clean(), "{script}");
    if let Some(word) = read_before_defined(&script) {
        panic!("{word} is read before it is defined:\n{script}");
    }
    script
}

/// The error text of a spec that must not render.
fn refused(yaml: &str) -> String {
    match common::render_text(yaml) {
        Ok(_) => panic!("the spec rendered:\n{yaml}"),
        Err(text) => text,
    }
}

/// The line (1-based) of the first line of `yaml` holding `needle`.
fn line_of(yaml: &str, needle: &str) -> usize {
    yaml.lines()
        .position(|line| line.contains(needle))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("{needle:?} is not in the spec"))
}

/// The first Deluge variable (`v_`, `m_`, `l_`, `r_`) read on a line before any line
/// assigns it, text literals left out; arguments are not variables of this kind.
fn read_before_defined(script: &str) -> Option<String> {
    let mut defined: Vec<String> = Vec::new();
    for line in script.lines() {
        let mut code = String::new();
        let (mut in_text, mut escaped) = (false, false);
        for c in line.chars() {
            match (in_text, escaped, c) {
                (true, false, '\\') => escaped = true,
                (true, true, _) => escaped = false,
                (_, _, '"') => in_text = !in_text,
                (false, _, c) => code.push(c),
                _ => {}
            }
        }
        let code = code.trim_start();
        if code.starts_with("//") {
            continue;
        }
        let target = code
            .strip_prefix("for each index ")
            .or_else(|| code.strip_prefix("for each "))
            .and_then(|rest| rest.split(" in ").next())
            .or_else(|| code.split_once(" = ").map(|(target, _)| target))
            .filter(|t| t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        let unknown = code
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|word| ["v_", "m_", "l_", "r_"].iter().any(|p| word.starts_with(p)))
            .find(|word| Some(*word) != target && !defined.iter().any(|d| d == word));
        if let Some(word) = unknown {
            return Some(word.to_string());
        }
        if let Some(target) = target {
            defined.push(target.to_string());
        }
    }
    None
}

#[test]
fn a_coql_step_gives_the_records_it_found_to_for_each_and_to_paths() {
    let yaml = spec(&format!(
        "{STALE_LEADS}      - name: cool
        module: Leads
        auth: crm
        method: PUT
        for_each: {{step: stale, as: lead}}
        record_id: {{step: lead, path: id}}
        fields: {{Lead_Status: Cold}}
      - name: first
        module: Leads
        auth: crm
        method: GET
        record_id: {{step: stale, path: \"[0].id\"}}
"
    ));
    let script = function_of(&yaml);
    // The query goes as written, to CRM's COQL endpoint, through the step's connection.
    assert!(script.contains(
        "m_Body.put(\"select_query\", \"select id, Last_Name from Leads where Lead_Status = 'Junk' limit 200\");"
    ));
    assert!(script.contains("url: \"https://www.zohoapis.eu/crm/v8/coql\"\n\t\ttype: POST"));
    assert!(script.contains("connection: \"kinds_crm\""));
    // Its records are the step's List: nothing found is an empty one, a refusal stops it.
    assert!(script.contains("l_Result.addAll(m_Answer.get(\"data\"));"));
    assert!(script.contains("l_StepStale = l_Result;"));
    assert!(script.contains(
        "v_Failure = \"Step stale (run a COQL query): \" + \"Zoho CRM refused the query: \""
    ));
    // Later steps go through them and read them by position.
    assert!(script.contains("for each m_EachLead in l_StepStale"));
    assert!(script.contains("ifnull(l_StepStale.get(0), Map()).get(\"id\").toString()"));
}

#[test]
fn a_coql_step_needs_its_query_and_runs_only_in_crm() {
    let yaml = spec(STALE_LEADS).replace(
        "        query: \"select id, Last_Name from Leads where Lead_Status = 'Junk' limit 200\"\n",
        "",
    );
    let text = refused(&yaml);
    assert!(text.contains("method coql needs the query"), "{text}");
    assert!(
        text.contains(&format!("spec.yaml:{}:", line_of(&yaml, "- name: stale"))),
        "{text}"
    );

    let text = refused(&spec(STALE_LEADS).replace("query: \"select ", "query: \"delete "));
    assert!(text.contains("a COQL query starts with select"), "{text}");

    let books = spec(
        "      - name: stale
        product: books
        module: contacts
        organization_id: \"20071234567\"
        auth: books
        method: coql
        query: \"select contact_id from contacts\"
",
    );
    let text = refused(&books);
    assert!(
        text.contains("Zoho Books requests cannot use method coql"),
        "{text}"
    );
    assert!(
        text.contains(&format!("spec.yaml:{}:", line_of(&books, "method: coql"))),
        "{text}"
    );
}

#[test]
fn a_bulk_step_writes_a_list_written_in_the_spec_and_keeps_its_text_literal() {
    let yaml = spec(
        "      - name: add-leads
        module: Leads
        auth: crm
        method: POST
        trigger: []
        records:
          - {Last_Name: \"O\\\"Brien \\\\ ${x} {{y}}\", Company: Acme}
          - {Last_Name: Lovelace, Company: {input: contacts}}
",
    )
    .replace("contacts: List", "contacts: String");
    let script = function_of(&yaml);
    // Each record is built as nested values are; the literal stays one text literal.
    assert!(
        script.contains(
            "l_Value1.add(\"{\\\"Last_Name\\\":\\\"O\\\\\\\"Brien \\\\\\\\ ${x} {{y}}\\\",\\\"Company\\\":\\\"Acme\\\"}\".toMap());"
        ),
        "{script}"
    );
    assert!(
        script.contains("m_Value2.put(\"Company\", contacts);"),
        "{script}"
    );
    assert!(script.contains("l_Records = ifnull(l_Value1, List());"));
    // Bounded by CRM's limits: 100 a request, and what a run can handle.
    assert!(script.contains("if(l_Records.size() > 2000)"));
    assert!(script.contains("if(l_Batch.size() == 100)"));
    assert!(script.contains("m_Body.put(\"data\", l_Data);"));
    assert!(script.contains("m_Body.put(\"trigger\", l_Trigger);"));
    // A record Zoho refused stops the function, naming the step; the ids are its result.
    assert!(script.contains(
        "v_Failure = \"Step add-leads (create records in Leads): \" + \"Zoho CRM refused \" + l_Failures.size()"
    ));
    assert!(script.contains("l_Result = l_Ids;"));
}

#[test]
fn a_bulk_step_takes_a_list_argument_or_an_earlier_steps_list() {
    let yaml = spec(&format!(
        "{STALE_LEADS}      - name: books-contacts
        product: books
        module: contacts
        organization_id: \"20071234567\"
        auth: books
        method: POST
        records: {{input: contacts}}
      - name: purge
        module: Leads
        auth: crm
        method: DELETE
        records: {{step: stale}}
      - name: orders
        product: creator
        module: {{owner: banyan, app: desk, form: Orders, report: All_Orders}}
        auth: creator
        method: POST
        records: [{{Item: Pen}}]
"
    ));
    let script = function_of(&yaml);
    // Books: one request per record, in its JSONString form field.
    let books = script.split("// Step 2, books-contacts").nth(1).unwrap();
    assert!(books.contains("l_Records = ifnull(contacts, List());"));
    assert!(books.contains("if(l_Records.size() > 50)"));
    assert!(books.contains("m_Form.put(\"JSONString\", m_Record.toString());"));
    assert!(books.contains(
        "url: \"https://www.zohoapis.eu/books/v3/contacts?organization_id=20071234567\""
    ));
    // CRM deletes the records a query found, by their ids, 100 to a request.
    let purge = script.split("// Step 3, purge").nth(1).unwrap();
    assert!(purge.contains("l_Records = ifnull(l_StepStale, List());"));
    assert!(purge.contains("l_Listed.add(m_Listed.get(\"id\"));"));
    assert!(purge.contains(
        "url: \"https://www.zohoapis.eu/crm/v8/Leads\" + \"?ids=\" + v_IdList\n\t\t\t\ttype: DELETE"
    ));
    // Creator: 200 records to a request, under "data".
    let orders = script.split("// Step 4, orders").nth(1).unwrap();
    assert!(orders.contains("if(l_Batch.size() == 200)"));
    assert!(orders.contains("connection: \"kinds_creator\""));
}

#[test]
fn a_bulk_step_refuses_one_record_fields_beside_it_and_lists_over_the_limit() {
    let one = spec(
        "      - name: lead
        module: Leads
        auth: crm
        method: GET
        record_id: \"1\"
      - name: copy
        module: Leads
        auth: crm
        method: POST
        records: {step: lead}
",
    );
    let text = refused(&one);
    assert!(
        text.contains("\"lead\" gives one record, not a list: records takes a list"),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "spec.yaml:{}:",
            line_of(&one, "records: {step: lead}")
        )),
        "{text}"
    );

    let fields = spec(
        "      - name: add
        module: Leads
        auth: crm
        method: POST
        records: {input: contacts}
        fields: {Last_Name: Smith}
",
    );
    let text = refused(&fields);
    assert!(
        text.contains("a bulk write takes its fields from each record of the list"),
        "{text}"
    );

    let many: String = (0..51)
        .map(|i| format!("          - {{name: c{i}}}\n"))
        .collect();
    let over = spec(&format!(
        "      - name: add
        product: books
        module: contacts
        organization_id: \"20071234567\"
        auth: books
        method: POST
        records:
{many}"
    ));
    let text = refused(&over);
    assert!(
        text.contains("records lists 51 entries; one run of this step takes at most 50"),
        "{text}"
    );

    let not_ids = spec(
        "      - name: purge
        module: Leads
        auth: crm
        method: DELETE
        records: [\"12\", {Last_Name: Smith}]
",
    );
    let text = refused(&not_ids);
    assert!(text.contains("each entry of records is an id"), "{text}");
}

#[test]
fn for_each_goes_through_records_not_through_a_bulk_steps_ids() {
    let yaml = spec(
        "      - name: add
        module: Leads
        auth: crm
        method: POST
        records: {input: contacts}
      - name: touch
        module: Leads
        auth: crm
        method: PUT
        for_each: {step: add, as: lead}
        record_id: {step: lead, path: id}
        fields: {Lead_Status: Cold}
",
    );
    let text = refused(&yaml);
    assert!(
        text.contains("\"add\" gives a list of ids, not of records"),
        "{text}"
    );

    let query_for_each = spec(&format!(
        "{STALE_LEADS}      - name: again
        module: Leads
        auth: crm
        method: coql
        query: \"select id from Leads limit 10\"
        for_each: {{step: stale, as: lead}}
"
    ));
    let text = refused(&query_for_each);
    assert!(
        text.contains("a COQL query runs once and gives a list"),
        "{text}"
    );
}

#[test]
fn a_creator_step_deletes_the_records_matching_criteria_and_gives_their_ids() {
    let yaml = spec(&format!(
        "{STALE_LEADS}      - name: cancelled
        product: creator
        module: {{owner: banyan, app: desk, report: All_Orders}}
        auth: creator
        method: DELETE
        criteria: {{all: [{{field: Status, value: \"Can\\\"celled\"}}, {{field: Lead, value: {{step: stale, path: \"[0].Last_Name\"}}}}]}}
"
    ));
    let script = function_of(&yaml);
    let step = script.split("// Step 2, cancelled").nth(1).unwrap();
    // The criteria go in the body, the literal escaped, the step's value read first.
    assert!(step.contains("stepvalue1 = ifnull(l_StepStale.get(0), Map()).get(\"Last_Name\");"));
    assert!(step.contains("m_Body.put(\"criteria\", \"(Status == \\\"Can\\\\\\\"celled\\\" && Lead == \\\"\" + stepvalue1"), "{step}");
    assert!(step.contains("url: \"https://www.zohoapis.eu/creator/v2.1/data/banyan/desk/report/All_Orders\"\n\t\t\t\ttype: DELETE"), "{step}");
    assert!(step.contains("l_Rounds = {1, 2, 3, 4, 5};"));
    // A refusal names the step; the IDs deleted are the step's result.
    assert!(step.contains(
        "v_Failure = \"Step cancelled (delete the records matching the criteria through report All_Orders (Zoho Creator)): \" + \"Zoho Creator refused the request: \""
    ));
    assert!(step.contains("l_Result = l_Deleted;"));
    assert!(step.contains("l_StepCancelled = l_Result;"));
}

#[test]
fn a_crm_step_deletes_by_id_or_listed_ids_never_by_criteria() {
    let yaml = spec(
        "      - name: purge
        module: Leads
        auth: crm
        method: DELETE
        criteria: {field: Lead_Status, value: Junk}
",
    );
    let text = refused(&yaml);
    assert!(
        text.contains("a step deletes one record by its id, or the ids listed under records"),
        "{text}"
    );
    assert!(
        text.contains(&format!("spec.yaml:{}:", line_of(&yaml, "- name: purge"))),
        "{text}"
    );
}

/// A function whose CRM steps use the spec's own token (`auth.store` as given).
fn token_spec(store: &str) -> String {
    format!(
        "name: kinds
product: crm
region: au
client:
  id: 1000.KINDS0EXAMPLE0CLIENT0ID0000000
  secret: kinds-secret-0123456789abcdef
  redirect_uri: https://kinds.example/oauth
scopes: [ZohoCRM.modules.ALL, ZohoCRM.coql.READ, ZohoSearch.securesearch.READ]
{store}auths:
  zoho: token
  crm: {{connection: kinds_crm}}
functions:
  - name: tidy
    inputs:
      email: String
    steps:
      - name: found
        module: Contacts
        auth: zoho
        method: search
        criteria: {{field: Email, value: {{input: email}}}}
      - name: stale
        module: Leads
        auth: zoho
        method: coql
        query: \"select id from Leads limit 10\"
      - name: contact
        module: Contacts
        auth: zoho
        method: GET
        record_id: {{step: found, path: \"[0].id\"}}
      - name: by-connection
        module: Contacts
        auth: crm
        method: GET
        record_id: {{step: found, path: \"[0].id\"}}
"
    )
}

#[test]
fn token_steps_take_the_api_host_from_the_token_answer_as_requests_do() {
    let script = function_of(&token_spec(""));
    // The function holds the token answer: its api_domain is the host of every token step.
    assert!(script.contains(
        "v_ApiDomain = ifnull(r_Token.get(\"api_domain\"), \"https://www.zohoapis.com.au\");"
    ));
    assert!(script.contains("v_SearchUrl = v_ApiDomain + \"/crm/v8/Contacts/search?criteria=\""));
    assert!(script.contains("url: v_ApiDomain + \"/crm/v8/coql\""));
    assert!(script.contains("url: v_ApiDomain + \"/crm/v8/Contacts/\" + "));
    // A connection step is sent where its connection points, as before.
    let by_connection = script.split("// Step 4, by-connection").nth(1).unwrap();
    assert!(by_connection.contains("url: \"https://www.zohoapis.com.au/crm/v8/Contacts/\" + "));

    // With a store the token comes alone, without an answer: the region's host, as the
    // request scripts of a store use.
    let stored = token_spec("auth: {store: crm-variables, store_connection: crm_variables}\n")
        .replace("  secret: kinds-secret-0123456789abcdef\n", "");
    let stored = common::render_text(&stored).unwrap();
    let script = &stored
        .files
        .iter()
        .find(|f| f.path == "kinds/tidy.dg")
        .unwrap()
        .contents;
    assert!(!script.contains("v_ApiDomain"), "{script}");
    assert!(script.contains("url: \"https://www.zohoapis.com.au/crm/v8/coql\""));
}

#[test]
fn a_books_function_of_steps_takes_the_records_map_and_reads_its_inputs_from_it() {
    let yaml = "name: booksfn
product: books
region: eu
scopes: [ZohoBooks.invoices.UPDATE]
organization_id: \"20071234567\"
auths:
  books: {connection: story_books}
functions:
  - name: stamp-invoice
    inputs:
      invoice_id: String
      total: Decimal
      reference_number: {type: String, optional: true}
    returns: nothing
    workflow_caller: {module: Invoices, condition: Status is Sent}
    steps:
      - name: stamp
        module: invoices
        auth: books
        method: PUT
        record_id: {input: invoice_id}
        fields:
          reference_number: {input: reference_number}
          notes: {input: total, as: String}
";
    let rendered = common::render_text(yaml).unwrap();
    let script = &rendered
        .files
        .iter()
        .find(|f| f.path == "booksfn/stamp-invoice.dg")
        .unwrap()
        .contents;
    assert!(lint::lint(script).is_clean(), "{script}");
    // Declared as Zoho Books declares a workflow's custom function, the Map named after
    // the rule's module.
    assert!(
        script.contains("//   void stamp_invoice(Map invoice, Map organization, Map user)\n"),
        "{script}"
    );
    assert!(script.contains("//   invoice_id (String) ← invoice.get(\"invoice_id\")\n"));
    // Each input is read from the Map, in its type, before the first step.
    let reads = script.find("invoice_id = ifnull(invoice.get(\"invoice_id\"), \"\").toString();");
    let total = script.find("total = ifnull(invoice.get(\"total\"), 0).toDecimal();");
    let first = script.find("// Step 1, stamp");
    assert!(
        reads.is_some() && total.is_some() && reads < first && total < first,
        "{script}"
    );
    assert!(script.contains("\"https://www.zohoapis.eu/books/v3/invoices/\" + invoice_id + "));
    // The handover's mapping says which key of the record each input is.
    let handover = &rendered
        .files
        .iter()
        .find(|f| f.path.ends_with("handover.md"))
        .unwrap()
        .contents;
    assert!(
        handover.contains(
            "the Invoices field whose API name is total (the body reads invoice.get(\"total\"))"
        ),
        "{handover}"
    );
}

#[test]
fn limits_count_the_calls_of_each_functions_steps_loops_at_their_bound() {
    let (code, out, err) = common::run(&[
        "limits",
        "--edition",
        "enterprise",
        "--users",
        "10",
        "--spec",
        "specs/crm-deal-to-books-invoice.yaml",
    ]);
    assert_eq!(code, 0, "{err}");
    // Two CRM reads count against the CRM budget; the Books steps against Books'.
    assert!(
        out.contains("at most 2 API calls per full run (0 requests, 1 function;"),
        "{out}"
    );
    assert!(
        out.contains("function invoice-won-deal: at most 5 API calls a run: 2 to Zoho CRM, 3 to Zoho Books (those count against the budget of Zoho Books: delugen limits --product books)"),
        "{out}"
    );
    assert!(out.contains("(connection mode:"), "{out}");

    // A bulk delete per batch of its most, a for_each per record of its max, and one
    // access-token refresh a run for the function holding the token.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spec.yaml");
    let yaml = token_spec("").replace(
        "      - name: by-connection\n",
        "      - name: purge
        module: Leads
        auth: zoho
        method: DELETE
        records: {step: stale}
      - name: touch
        module: Leads
        auth: crm
        method: PUT
        for_each: {step: stale, as: lead, max: 30}
        record_id: {step: lead, path: id}
        fields: {Lead_Status: Cold}
      - name: by-connection\n",
    );
    std::fs::write(&path, yaml).unwrap();
    let (code, out, err) = common::run(&[
        "limits",
        "--edition",
        "enterprise",
        "--users",
        "10",
        "--spec",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    // found 10 pages (CRM's default), stale 1, contact 1, purge 20, touch 30, by-connection 1.
    assert!(
        out.contains("at most 63 API calls a run: 63 to Zoho CRM; steps of several calls: found 10, purge 20, touch 30"),
        "{out}"
    );
    assert!(
        out.contains("plus 1 access-token refresh to Zoho Accounts"),
        "{out}"
    );
}
