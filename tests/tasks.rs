//! `via: task`: each product and kind goes through the Deluge task its Zoho page
//! documents (the render guard parses and lints every script), with the connection only
//! where one is needed; what has no task is refused with what exists instead.

mod common;

use delugen::render::Rendered;

/// A spec of `product` (its head: product, region, module, auth ...) with one request.
fn spec(head: &str, request: &str) -> String {
    format!("name: t\n{head}via: task\nrequests:\n  - name: one\n{request}")
}

fn script(rendered: &Rendered) -> &str {
    &rendered
        .files
        .iter()
        .find(|f| f.path == "t/one.dg")
        .expect("the request's script")
        .contents
}

/// Renders each request and checks its script calls `task` (and `invokeurl` nowhere).
fn assert_tasks(head: &str, cases: &[(&str, &str)]) {
    for (request, task) in cases {
        let yaml = spec(head, request);
        let rendered = common::render_text(&yaml).unwrap_or_else(|e| panic!("{yaml}\n{e}"));
        let text = script(&rendered);
        assert!(text.contains(task), "{request}: expected {task} in\n{text}");
        assert!(
            !text.contains("invokeurl"),
            "{request}: a task script calls no API itself:\n{text}"
        );
        assert!(
            !text.contains("Zoho-oauthtoken"),
            "{request}: a task script holds no token:\n{text}"
        );
    }
}

const CRM_IN_CRM: &str = "product: crm\nregion: eu\nscopes: [ZohoCRM.modules.ALL, ZohoSearch.securesearch.READ]\nmodule: Leads\n";

#[test]
fn crm_kinds_use_the_zoho_crm_tasks_without_a_connection() {
    assert_tasks(
        CRM_IN_CRM,
        &[
            (
                "    method: POST\n    fields: {Last_Name: Li}\n",
                "r_Response = zoho.crm.createRecord(\"Leads\", m_Record, m_Options);",
            ),
            (
                "    method: PUT\n    record_id: \"42\"\n    fields: {Rating: Warm}\n",
                "zoho.crm.updateRecord(\"Leads\", v_TargetId.toLong(), m_Record, m_Options);",
            ),
            (
                "    method: upsert\n    duplicate_check_fields: [Email]\n    fields: {Email: a@b.example}\n",
                "zoho.crm.upsert(\"Leads\", m_Record, m_Options);",
            ),
            (
                "    method: GET\n    record_id: \"42\"\n",
                "zoho.crm.getRecordById(\"Leads\", v_TargetId.toLong());",
            ),
            (
                "    method: search\n    criteria: {field: Email, value: a@b.example}\n",
                "zoho.crm.searchRecords(\"Leads\", v_Criteria, v_Page, 200);",
            ),
            (
                "    method: POST\n    inputs: {leads: List}\n    records: {input: leads}\n",
                "zoho.crm.bulkCreate(\"Leads\", l_Data, m_Options);",
            ),
            (
                "    method: PUT\n    inputs: {leads: List}\n    records: {input: leads}\n",
                "zoho.crm.bulkUpdate(\"Leads\", l_Data, m_Options);",
            ),
        ],
    );
}

#[test]
fn crm_tasks_from_another_product_take_the_connection() {
    let head = "product: crm\nregion: eu\nruns_in: books\nauth: {mode: connection, connection: crm_conn}\nscopes: [ZohoCRM.modules.ALL]\nmodule: Leads\n";
    assert_tasks(
        head,
        &[
            (
                "    method: POST\n    fields: {Last_Name: Li}\n",
                "zoho.crm.createRecord(\"Leads\", m_Record, m_Options, \"crm_conn\");",
            ),
            (
                "    method: GET\n    record_id: \"42\"\n",
                "zoho.crm.getRecordById(\"Leads\", v_TargetId.toLong(), m_Query, \"crm_conn\");",
            ),
        ],
    );
}

#[test]
fn crm_tasks_from_creator_take_no_connection_argument() {
    // Creator's page of the task: the connection argument is not employed in Creator.
    let head = "product: crm\nregion: eu\nruns_in: creator\nscopes: [ZohoCRM.modules.ALL]\nmodule: Leads\n";
    assert_tasks(
        head,
        &[(
            "    method: POST\n    fields: {Last_Name: Li}\n",
            "zoho.crm.createRecord(\"Leads\", m_Record, m_Options);",
        )],
    );
    let rendered = common::render_text(&spec(
        head,
        "    method: POST\n    fields: {Last_Name: Li}\n",
    ))
    .unwrap();
    let handover = &rendered
        .files
        .iter()
        .find(|f| f.path.ends_with("/handover.md"))
        .unwrap()
        .contents;
    assert!(handover.contains("to authorize its Zoho CRM"), "{handover}");
}

#[test]
fn books_kinds_use_the_zoho_books_tasks_with_the_organisation_and_connection() {
    let head = "product: books\nregion: in\nruns_in: crm\norganization_id: \"600\"\nauth: {mode: connection, connection: books_conn}\nscopes: [ZohoBooks.fullaccess.all]\nmodule: invoices\n";
    assert_tasks(
        head,
        &[
            (
                "    method: POST\n    fields: {customer_id: \"9\"}\n",
                "zoho.books.createRecord(\"invoices\", \"600\", m_Record, \"books_conn\");",
            ),
            (
                "    method: PUT\n    record_id: \"42\"\n    fields: {reference_number: R1}\n",
                "zoho.books.updateRecord(\"invoices\", \"600\", v_TargetId, m_Record, \"books_conn\");",
            ),
            (
                "    method: GET\n    record_id: \"42\"\n",
                "zoho.books.getRecordsByID(\"invoices\", \"600\", v_TargetId, \"books_conn\");",
            ),
            (
                "    method: search\n    filters: {status: sent}\n",
                "zoho.books.getRecords(\"invoices\", \"600\", m_Search, \"books_conn\");",
            ),
            (
                "    method: POST\n    inputs: {invoices: List}\n    records: {input: invoices}\n",
                "zoho.books.createRecord(\"invoices\", \"600\", m_Item, \"books_conn\");",
            ),
        ],
    );
}

#[test]
fn creator_from_crm_uses_the_zoho_creator_tasks() {
    let head = "product: creator\nregion: us\nruns_in: crm\nauth: {mode: connection, connection: c}\nscopes: [ZohoCreator.form.CREATE, ZohoCreator.report.READ, ZohoCreator.report.UPDATE]\nmodule: {owner: jane, app: desk, form: Order, report: All_Orders}\n";
    assert_tasks(
        head,
        &[
            (
                "    method: POST\n    fields: {Status: New}\n",
                "zoho.creator.createRecord(\"jane\", \"desk\", \"Order\", m_Record, m_Other, \"c\");",
            ),
            (
                "    method: PATCH\n    record_id: \"42\"\n    fields: {Status: Done}\n",
                "zoho.creator.updateRecord(\"jane\", \"desk\", \"All_Orders\", v_TargetId.toLong(), m_Record, m_Other, \"c\");",
            ),
            (
                "    method: GET\n    record_id: \"42\"\n",
                "zoho.creator.getRecordById(\"jane\", \"desk\", \"All_Orders\", v_TargetId.toLong(), \"c\");",
            ),
            (
                "    method: search\n    criteria: {field: Status, value: Open}\n",
                "zoho.creator.getRecords(\"jane\", \"desk\", \"All_Orders\", v_Criteria, v_From, 200, \"c\");",
            ),
            (
                "    method: POST\n    inputs: {orders: List}\n    records: {input: orders}\n",
                "zoho.creator.createRecord(\"jane\", \"desk\", \"Order\", l_Data, m_Other, \"c\");",
            ),
        ],
    );
}

#[test]
fn creator_on_itself_writes_with_its_own_statements_and_no_connection() {
    let head = "product: creator\nregion: us\nauth: {mode: connection, connection: c}\nscopes: [ZohoCreator.form.CREATE, ZohoCreator.report.UPDATE, ZohoCreator.report.DELETE]\nmodule: {owner: jane, app: desk, form: Order, report: All_Orders}\n";
    let cases = [
        (
            "    method: POST\n    fields: {Status: \"New \\\"rush\\\"\"}\n",
            "\tv_NewId = insert into Order\n\t[\n\t\tAdded_User = zoho.loginuser\n\t\tStatus = \"New \\\"rush\\\"\"\n\t];",
        ),
        (
            "    method: PATCH\n    record_id: \"42\"\n    fields: {Status: Done}\n",
            "r_Record = Order[ID == v_TargetId.toLong()];",
        ),
        (
            "    method: DELETE\n    record_id: \"42\"\n",
            "delete from Order[ID == v_TargetId.toLong()];",
        ),
    ];
    assert_tasks(head, &cases);
    for (request, _) in cases {
        let rendered = common::render_text(&spec(head, request)).unwrap();
        assert!(
            !script(&rendered).contains("\"c\""),
            "Creator's own statements take no connection"
        );
    }
    let rendered = common::render_text(&spec(
        head,
        "    method: PATCH\n    record_id: \"42\"\n    fields: {Status: Done}\n",
    ))
    .unwrap();
    assert!(script(&rendered).contains("\tr_Record.Status = \"Done\";"));
}

#[test]
fn creator_on_itself_deletes_by_criteria_written_as_deluge() {
    let head = "product: creator\nregion: us\nscopes: [ZohoCreator.report.DELETE]\nmodule: {owner: jane, app: desk, form: Order, report: All_Orders}\n";
    let request = "    method: DELETE\n    inputs: {before: Date, who: String}\n    criteria:\n      all:\n        - {field: Status, value: \"Can\\\"celled\"}\n        - {field: Due_Date, op: less_than, value: {input: before}}\n        - {field: Customer, op: starts_with, value: {input: who}}\n";
    let rendered = common::render_text(&spec(head, request)).unwrap();
    let expected =
        "Order[(Status == \"Can\\\"celled\" && Due_Date < before && Customer.startsWith(who))]";
    let text = script(&rendered);
    assert!(text.contains(&format!("r_Matched = {expected};")), "{text}");
    assert!(text.contains(&format!("delete from {expected};")), "{text}");
    let bad = request.replace("field: Status", "field: 1st_Status");
    let error = common::render_text(&spec(head, &bad)).unwrap_err();
    assert!(
        error.contains("\"1st_Status\" is not a Creator field link name"),
        "{error}"
    );
}

#[test]
fn every_task_spec_without_a_client_gets_no_token_scripts() {
    let rendered = common::render_text(&spec(
        CRM_IN_CRM,
        "    method: POST\n    fields: {Last_Name: Li}\n",
    ))
    .unwrap();
    let names: Vec<&str> = rendered.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        names,
        ["t/one.dg", "t/handover.md", "t/consultant-notes.md"]
    );
    assert!(rendered.files.iter().all(|f| !f.holds_secret));
    let handover = &rendered.files[1].contents;
    assert!(
        handover.contains("no client, token or connection to set up"),
        "{handover}"
    );
    assert!(handover.contains("https://www.zoho.com/deluge/help/crm/create-record.html"));
}

#[test]
fn a_token_spec_whose_requests_all_go_through_tasks_drops_its_token_scripts() {
    let head = "product: crm\nregion: eu\nclient: {id: 1000.ABC, secret: s3cret-value, redirect_uri: \"https://a.example/cb\"}\nscopes: [ZohoCRM.modules.ALL]\nmodule: Leads\n";
    let rendered = common::render_text(&spec(
        head,
        "    method: POST\n    fields: {Last_Name: Li}\n",
    ))
    .unwrap();
    assert!(rendered.files.iter().all(|f| !f.path.contains("-token")));
    assert!(
        rendered
            .files
            .iter()
            .all(|f| !f.contents.contains("s3cret-value"))
    );
}

#[test]
fn a_request_may_go_through_the_api_in_a_task_spec() {
    let head = "product: crm\nregion: eu\nclient: {id: 1000.ABC, secret: s3cret-value, redirect_uri: \"https://a.example/cb\"}\nscopes: [ZohoCRM.modules.ALL]\nmodule: Leads\n";
    let yaml = format!(
        "{}    method: POST\n    fields: {{Last_Name: Li}}\n  - name: two\n    method: DELETE\n    via: api\n    record_id: \"42\"\n",
        spec(head, "")
    );
    let rendered = common::render_text(&yaml).unwrap();
    let two = rendered
        .files
        .iter()
        .find(|f| f.path == "t/two.dg")
        .unwrap();
    assert!(two.contents.contains("invokeurl"));
    assert!(
        rendered
            .files
            .iter()
            .any(|f| f.path == "t/03-access-token.dg")
    );
    assert!(script(&rendered).contains("zoho.crm.createRecord"));
}

#[test]
fn via_api_is_the_default_and_changes_nothing() {
    let body = "name: t\nproduct: crm\nregion: eu\nclient: {id: 1000.ABC, secret: s, redirect_uri: \"https://a.example/cb\"}\nscopes: [ZohoCRM.modules.ALL]\nmodule: Leads\n";
    let requests = "requests:\n  - name: one\n    method: POST\n    fields: {Last_Name: Li}\n";
    let default = common::render_text(&format!("{body}{requests}")).unwrap();
    let explicit = common::render_text(&format!("{body}via: api\n{requests}")).unwrap();
    let texts =
        |r: &Rendered| -> Vec<String> { r.files.iter().map(|f| f.contents.clone()).collect() };
    assert_eq!(texts(&default), texts(&explicit));
}

#[test]
fn crm_trigger_defaults_are_written_out_and_an_empty_list_sets_off_none() {
    let rendered = common::render_text(&spec(
        CRM_IN_CRM,
        "    method: POST\n    fields: {Last_Name: Li}\n",
    ))
    .unwrap();
    let text = script(&rendered);
    for name in ["workflow", "approval", "blueprint"] {
        assert!(
            text.contains(&format!("l_Trigger.add(\"{name}\");")),
            "{text}"
        );
    }
    let rendered = common::render_text(&spec(
        CRM_IN_CRM,
        "    method: POST\n    fields: {Last_Name: Li}\n    trigger: []\n",
    ))
    .unwrap();
    let text = script(&rendered);
    assert!(!text.contains("l_Trigger.add("), "{text}");
    assert!(text.contains("m_Options.put(\"trigger\", l_Trigger);"));
}

#[test]
fn what_has_no_task_is_refused_with_what_exists_instead() {
    let cases = [
        (
            CRM_IN_CRM.replace("ZohoCRM.modules.ALL", "ZohoCRM.modules.ALL, ZohoCRM.coql.READ"),
            "    method: coql\n    query: \"select Last_Name from Leads limit 10\"\n",
            "Deluge has no task for a COQL query",
            "use via: api",
        ),
        (
            CRM_IN_CRM.to_string(),
            "    method: upsert\n    inputs: {leads: List}\n    records: {input: leads}\n",
            "more records than the task takes",
            "use via: api",
        ),
        (
            CRM_IN_CRM.to_string(),
            "    method: DELETE\n    record_id: \"42\"\n",
            "no task that deletes Zoho CRM records",
            "use via: api",
        ),
        (
            "product: books\nregion: eu\nruns_in: crm\norganization_id: \"600\"\nclient: {id: 1000.X, redirect_uri: \"https://a.example/cb\"}\nauth: {mode: connection, connection: b, connection_service: custom}\nscopes: [ZohoBooks.fullaccess.all]\nmodule: contacts\n".to_string(),
            "    method: POST\n    fields: {contact_name: A}\n",
            "reaches only the organisation and data centre the script runs in",
            "use via: api",
        ),
        (
            "product: books\nregion: eu\norganization_id: \"600\"\nscopes: [ZohoBooks.fullaccess.all]\nmodule: contacts/contactpersons\n".to_string(),
            "    method: POST\n    fields: {first_name: A}\n",
            "the zoho.books tasks take a module name",
            "use via: api",
        ),
    ];
    for (head, request, message, help) in cases {
        let yaml = spec(&head, request);
        let error = common::render_text(&yaml).expect_err(&yaml);
        assert!(error.contains(message), "{yaml}\n{error}");
        assert!(error.contains(help), "{yaml}\n{error}");
    }
}

mod hostile_values {
    //! Property: whatever text a task script is given, it parses, lints clean (the render
    //! guard) and holds the value exactly, read back from its Deluge literal.

    use super::{common, script, spec};
    use common::props::allowed_char;
    use delugen::deluge::ast::{ExprKind, Nesting, walk_stmts};
    use delugen::deluge::parse;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        let fragment = prop_oneof![
            Just("\"".to_string()),
            Just("\\".to_string()),
            Just("\n".to_string()),
            Just("\t".to_string()),
            Just("\"; delete from Order[ID != 0]; x = \"".to_string()),
            Just("] Added_User = zoho.loginuser [".to_string()),
            Just("' && ID != 0 || '".to_string()),
            Just("Zürich 東京 🚀".to_string()),
            prop::collection::vec(allowed_char(), 0..12).prop_map(String::from_iter),
        ];
        prop::collection::vec(fragment, 0..6).prop_map(|parts| parts.concat())
    }

    /// Every text literal of the script, decoded.
    fn literals(source: &str) -> Vec<String> {
        let parsed = parse(source).expect("the guard let it through, so it parses");
        let mut found = Vec::new();
        walk_stmts(&parsed.0.body, Nesting::default(), &mut |stmt, _| {
            for expr in stmt.exprs() {
                expr.walk(&mut |e| {
                    if let ExprKind::Text(text) = &e.kind {
                        found.push(text.clone());
                    }
                });
            }
        });
        found
    }

    const HEADS: [&str; 4] = [
        "product: crm\nregion: eu\nscopes: [ZohoCRM.modules.ALL, ZohoSearch.securesearch.READ]\nmodule: Leads\n",
        "product: books\nregion: eu\norganization_id: \"600\"\nauth: {mode: connection, connection: b}\nscopes: [ZohoBooks.fullaccess.all]\nmodule: contacts\n",
        "product: creator\nregion: us\nscopes: [ZohoCreator.form.CREATE, ZohoCreator.report.UPDATE, ZohoCreator.report.DELETE]\nmodule: {owner: jane, app: desk, form: Order, report: All_Orders}\n",
        "product: creator\nregion: us\nruns_in: crm\nauth: {mode: connection, connection: c}\nscopes: [ZohoCreator.form.CREATE, ZohoCreator.report.READ]\nmodule: {owner: jane, app: desk, form: Order, report: All_Orders}\n",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn any_text_reaches_the_task_exactly(value in text(), head in 0..HEADS.len(), kind in 0..3usize) {
            // CRM refuses a backslash at the end of a criteria value, or before a
            // bracket or comma (its escaping is undocumented there): not this property's case.
            let value = if head == 0 && kind == 2 { value.replace('\\', "") } else { value };
            let quoted = serde_json::to_string(&value).unwrap();
            let request = match (head, kind) {
                // Creator on itself: insert into, an update by assignment, a delete by criteria.
                (2, 1) => format!("    method: PATCH\n    record_id: \"42\"\n    fields: {{Status: {quoted}}}\n"),
                (2, 2) => format!("    method: DELETE\n    criteria: {{field: Status, value: {quoted}}}\n"),
                (0, 2) => format!("    method: search\n    criteria: {{field: Email, value: {quoted}}}\n"),
                (1, 2) => format!("    method: search\n    filters: {{email: {quoted}}}\n"),
                (3, 2) => format!("    method: search\n    criteria: {{field: Status, value: {quoted}}}\n"),
                _ => format!("    method: POST\n    fields: {{Status: {quoted}}}\n"),
            };
            let yaml = spec(HEADS[head], &request);
            let rendered = common::render_text(&yaml).map_err(|e| TestCaseError::fail(format!("{yaml}\n{e}")))?;
            let text = script(&rendered);
            let found = literals(text);
            // Searches carry the value inside escaped criteria text; writes and native
            // criteria carry it as a literal of its own.
            let exact = found.iter().any(|literal| literal == &value);
            let inside = found.iter().any(|literal| literal.contains(&value.replace('(', "\\(").replace(')', "\\)").replace(',', "\\,")))
                || found.iter().any(|literal| literal.contains(&value.replace('\\', "\\\\").replace('"', "\\\"")));
            prop_assert!(exact || (kind == 2 && head != 2 && inside), "{value:?} not found in\n{text}");
        }
    }
}

/// Each example spec with `via: task` on every request that has a task (the others stay
/// `via: api`, their refusal noted): the list of tasks used, reviewed as a snapshot, and
/// every script parses and lints clean.
#[test]
fn example_specs_go_through_tasks_where_tasks_exist() {
    use delugen::deluge::lint::{Outcome, lint};
    use delugen::spec::{Via, load};

    let renderer = delugen::render::Renderer::new(None).unwrap();
    let mut paths: Vec<_> = std::fs::read_dir("specs")
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    let mut table = String::new();
    for path in paths {
        let mut loaded = load(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut rows = Vec::new();
        for i in 0..loaded.spec.requests.len() {
            loaded.spec.requests[i].via = Some(Via::Task);
            match delugen::plan::plan(&loaded, &common::fake_env) {
                Ok(_) => rows.push((i, None)),
                Err(problems) => {
                    loaded.spec.requests[i].via = Some(Via::Api);
                    let why = problems
                        .iter()
                        .map(|p| p.message.clone())
                        .collect::<Vec<_>>()
                        .join("; ");
                    rows.push((i, Some(why)));
                }
            }
        }
        let plan = delugen::plan::plan(&loaded, &common::fake_env).unwrap();
        let rendered = renderer.render(&plan).unwrap();
        for file in rendered.files.iter().filter(|f| f.path.ends_with(".dg")) {
            match lint(&file.contents) {
                Outcome::Syntax(error) => panic!("{}: {error}", file.path),
                outcome => assert!(outcome.is_clean(), "{} has lint findings", file.path),
            }
        }
        for (i, refused) in rows {
            let request = &loaded.spec.requests[i];
            let file = format!("{}/{}.dg", loaded.spec.name, request.name);
            let script = rendered.files.iter().find(|f| f.path == file).unwrap();
            let used = match &refused {
                Some(why) => format!("invokeurl ({why})"),
                None => script
                    .contents
                    .lines()
                    .find_map(|line| {
                        line.strip_prefix("// Deluge's task ")
                            .or_else(|| line.strip_prefix("// Creator's own statement ("))
                            .and_then(|rest| rest.split([':', ')']).next())
                    })
                    .unwrap_or("?")
                    .to_string(),
            };
            table.push_str(&format!(
                "{name} | {} {} | {used}\n",
                request.name,
                request.method.as_str()
            ));
        }
    }
    insta::assert_snapshot!(table);
}

#[test]
fn an_unused_client_is_a_warning_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.yaml");
    let head = "product: crm\nregion: eu\nclient: {id: 1000.ABC, secret: \"${T_SECRET}\", redirect_uri: \"https://a.example/cb\"}\nscopes: [ZohoCRM.modules.ALL]\nmodule: Leads\n";
    std::fs::write(
        &path,
        spec(head, "    method: POST\n    fields: {Last_Name: Li}\n"),
    )
    .unwrap();
    let (code, _, stderr) = common::run(&["validate", "--no-env", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr
            .contains("warning: the client is not used: every request goes through a Deluge task"),
        "{stderr}"
    );
}
