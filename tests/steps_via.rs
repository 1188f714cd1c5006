//! `via: task | api` on functions and steps (issue 21): a step goes through the Deluge
//! task its product documents for its kind and the product the function runs in (the
//! render guard parses and lints every script), with the connection only where the task
//! takes one; the choice falls from the spec to the function to the step; what has no
//! task is refused, at the line that asked for it, with what exists instead.

mod common;

use delugen::render::Rendered;

/// A spec (its head: product, region, scopes, auths ...) with one function of `steps`.
fn spec(head: &str, function_via: &str, steps: &str) -> String {
    format!(
        "name: t\n{head}functions:\n  - name: f\n    inputs: {{id: Int, email: String}}\n{function_via}    steps:\n{steps}"
    )
}

fn function(rendered: &Rendered) -> &str {
    &rendered
        .files
        .iter()
        .find(|f| f.path == "t/f.dg")
        .expect("the function's script")
        .contents
}

/// Renders each one-step function with `via: task` and checks it calls `task` (and
/// neither invokeurl nor a token).
fn assert_tasks(head: &str, cases: &[(&str, &str)]) {
    assert_tasks_of(head, "    via: task\n", cases)
}

fn assert_tasks_of(head: &str, function_keys: &str, cases: &[(&str, &str)]) {
    for (step, task) in cases {
        let yaml = spec(head, function_keys, step);
        let rendered = common::render_text(&yaml).unwrap_or_else(|e| panic!("{yaml}\n{e}"));
        let text = function(&rendered);
        assert!(text.contains(task), "{step}: expected {task} in\n{text}");
        assert!(
            !text.contains("invokeurl"),
            "{step}: a task step calls no API itself:\n{text}"
        );
        assert!(
            !text.contains("Zoho-oauthtoken"),
            "{step}: a task step holds no token:\n{text}"
        );
    }
}

const CRM_IN_CRM: &str = "product: crm\nregion: eu\nscopes: [ZohoCRM.modules.ALL, ZohoSearch.securesearch.READ]\nauths: {crm: {connection: zcrm}}\n";

#[test]
fn crm_steps_in_crm_use_the_zoho_crm_tasks_without_a_connection() {
    let step =
        |rest: &str| format!("      - name: s\n        module: Leads\n        auth: crm\n{rest}");
    assert_tasks(
        CRM_IN_CRM,
        &[
            (
                &step("        method: GET\n        record_id: {input: id}\n"),
                "r_Response = zoho.crm.getRecordById(\"Leads\", v_TargetId.toLong());",
            ),
            (
                &step(
                    "        method: search\n        criteria: {field: Email, value: {input: email}}\n",
                ),
                "r_Response = zoho.crm.searchRecords(\"Leads\", v_Criteria, v_Page, 200);",
            ),
            (
                &step(
                    "        method: POST\n        fields: {Last_Name: Li, Email: {input: email}}\n",
                ),
                "r_Response = zoho.crm.createRecord(\"Leads\", m_Record, m_Options);",
            ),
            (
                &step(
                    "        method: PUT\n        record_id: {input: id}\n        fields: {Rating: Warm}\n",
                ),
                "r_Response = zoho.crm.updateRecord(\"Leads\", v_TargetId.toLong(), m_Record, m_Options);",
            ),
            (
                &step(
                    "        method: upsert\n        duplicate_check_fields: [Email]\n        fields: {Email: {input: email}, Last_Name: Li}\n",
                ),
                "r_Response = zoho.crm.upsert(\"Leads\", m_Record, m_Options);",
            ),
        ],
    );
}

#[test]
fn crm_steps_from_books_take_the_connection() {
    let head = "product: crm\nruns_in: books\nregion: eu\nscopes: [ZohoCRM.modules.ALL, ZohoSearch.securesearch.READ]\nauths: {crm: {connection: zcrm}}\n";
    let step =
        |rest: &str| format!("      - name: s\n        module: Leads\n        auth: crm\n{rest}");
    // A Books function returns a map or nothing (a search gives a list).
    assert_tasks_of(
        head,
        "    returns: nothing\n    via: task\n",
        &[
            (
                &step("        method: GET\n        record_id: {input: id}\n"),
                "zoho.crm.getRecordById(\"Leads\", v_TargetId.toLong(), m_Query, \"zcrm\");",
            ),
            (
                &step(
                    "        method: search\n        criteria: {field: Email, value: {input: email}}\n",
                ),
                "zoho.crm.searchRecords(\"Leads\", v_Criteria, v_Page, 200, Map(), \"zcrm\");",
            ),
            (
                &step("        method: POST\n        fields: {Last_Name: Li}\n"),
                "zoho.crm.createRecord(\"Leads\", m_Record, m_Options, \"zcrm\");",
            ),
        ],
    );
}

const BOOKS_FROM_CRM: &str = "product: crm\nregion: eu\nscopes: [ZohoBooks.contacts.ALL]\nauths: {books: {connection: zbooks}}\n";

#[test]
fn books_steps_use_the_zoho_books_tasks_with_the_organisation_and_connection() {
    let step = |rest: &str| {
        format!(
            "      - name: s\n        product: books\n        module: contacts\n        organization_id: \"600\"\n        auth: books\n{rest}"
        )
    };
    assert_tasks(
        BOOKS_FROM_CRM,
        &[
            (
                &step("        method: GET\n        record_id: {input: id}\n"),
                "r_Response = zoho.books.getRecordsByID(\"contacts\", \"600\", v_TargetId, \"zbooks\");",
            ),
            (
                &step("        method: search\n        filters: {email: {input: email}}\n"),
                "r_Response = zoho.books.getRecords(\"contacts\", \"600\", m_Search, \"zbooks\");",
            ),
            (
                &step("        method: POST\n        fields: {contact_name: {input: email}}\n"),
                "r_Response = zoho.books.createRecord(\"contacts\", \"600\", m_Record, \"zbooks\");",
            ),
            (
                &step(
                    "        method: PUT\n        record_id: {input: id}\n        fields: {notes: \"x\"}\n",
                ),
                "r_Response = zoho.books.updateRecord(\"contacts\", \"600\", v_TargetId, m_Record, \"zbooks\");",
            ),
        ],
    );
}

const CREATOR_TARGET: &str =
    "        module: {owner: jane, app: desk, form: Order, report: All_Orders}\n";

#[test]
fn creator_steps_from_crm_use_the_zoho_creator_tasks() {
    let head = "product: crm\nregion: us\nscopes: [ZohoCreator.form.CREATE, ZohoCreator.report.READ, ZohoCreator.report.UPDATE]\nauths: {desk: {connection: zdesk}}\n";
    let step = |rest: &str| {
        format!(
            "      - name: s\n        product: creator\n{CREATOR_TARGET}        auth: desk\n{rest}"
        )
    };
    assert_tasks(
        head,
        &[
            (
                &step("        method: GET\n        record_id: {input: id}\n"),
                "zoho.creator.getRecordById(\"jane\", \"desk\", \"All_Orders\", v_TargetId.toLong(), \"zdesk\");",
            ),
            (
                &step(
                    "        method: search\n        criteria: {field: Email, value: {input: email}}\n",
                ),
                "zoho.creator.getRecords(\"jane\", \"desk\", \"All_Orders\", v_Criteria, v_From, 200, \"zdesk\");",
            ),
            (
                &step("        method: POST\n        fields: {Email: {input: email}}\n"),
                "zoho.creator.createRecord(\"jane\", \"desk\", \"Order\", m_Record, m_Other, \"zdesk\");",
            ),
            (
                &step(
                    "        method: PATCH\n        record_id: {input: id}\n        fields: {Status: Closed}\n",
                ),
                "zoho.creator.updateRecord(\"jane\", \"desk\", \"All_Orders\", v_TargetId.toLong(), m_Record, m_Other, \"zdesk\");",
            ),
        ],
    );
}

#[test]
fn creator_steps_on_their_own_app_use_creators_own_statements() {
    let head = "product: creator\nregion: us\nscopes: [ZohoCreator.form.CREATE, ZohoCreator.report.READ, ZohoCreator.report.UPDATE, ZohoCreator.report.DELETE]\nauths: {desk: {connection: zdesk}}\n";
    let step = |rest: &str| format!("      - name: s\n{CREATOR_TARGET}        auth: desk\n{rest}");
    assert_tasks(
        head,
        &[
            (
                &step(
                    "        method: POST\n        fields: {Email: {input: email}, Status: New}\n",
                ),
                "v_NewId = insert into Order\n\t\t[\n\t\t\tAdded_User = zoho.loginuser\n\t\t\tEmail = m_Record.get(\"Email\")\n\t\t\tStatus = m_Record.get(\"Status\")\n\t\t];",
            ),
            (
                &step(
                    "        method: PATCH\n        record_id: {input: id}\n        fields: {Status: Closed}\n",
                ),
                "r_Record = Order[ID == v_TargetId.toLong()];",
            ),
            (
                &step(
                    "        method: PATCH\n        record_id: {input: id}\n        fields: {Status: Closed}\n",
                ),
                "\t\t\tr_Record.Status = m_Record.get(\"Status\");",
            ),
            (
                &step("        method: DELETE\n        record_id: {input: id}\n"),
                "delete from Order[ID == v_TargetId.toLong()];",
            ),
            (
                &step("        method: GET\n        record_id: {input: id}\n"),
                "zoho.creator.getRecordById(\"jane\", \"desk\", \"All_Orders\", v_TargetId.toLong(), \"zdesk\");",
            ),
        ],
    );
}

#[test]
fn a_token_auth_step_through_a_task_needs_no_client_and_no_token_scripts() {
    let head = "product: crm\nregion: eu\nscopes: [ZohoCRM.modules.ALL]\nauths: {zoho: token}\n";
    let yaml = spec(
        head,
        "    via: task\n",
        "      - name: s\n        module: Leads\n        auth: zoho\n        method: POST\n        fields: {Last_Name: Li}\n",
    );
    let rendered = common::render_text(&yaml).unwrap_or_else(|e| panic!("{yaml}\n{e}"));
    let names: Vec<&str> = rendered.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        names,
        ["t/f.dg", "t/handover.md", "t/consultant-notes.md"],
        "no token scripts"
    );
    assert!(function(&rendered).contains("zoho.crm.createRecord(\"Leads\", m_Record, m_Options);"));
}

#[test]
fn the_step_overrides_its_function_which_overrides_the_spec() {
    let crm_get = |via: &str| {
        format!(
            "      - name: s\n        module: Leads\n        auth: crm\n{via}        method: GET\n        record_id: {{input: id}}\n"
        )
    };
    let task = "zoho.crm.getRecordById(";
    let cases = [
        // (spec's via, function's via, step's via, through a task?)
        ("", "", "", false),
        ("via: task\n", "", "", true),
        ("via: task\n", "    via: api\n", "", false),
        ("via: task\n", "    via: api\n", "        via: task\n", true),
        ("", "    via: task\n", "", true),
        ("", "    via: task\n", "        via: api\n", false),
        ("", "", "        via: task\n", true),
    ];
    for (spec_via, function_via, step_via, through_task) in cases {
        let yaml = spec(
            &format!("{CRM_IN_CRM}{spec_via}"),
            function_via,
            &crm_get(step_via),
        );
        let rendered = common::render_text(&yaml).unwrap_or_else(|e| panic!("{yaml}\n{e}"));
        let text = function(&rendered);
        assert_eq!(text.contains(task), through_task, "{yaml}\n{text}");
        assert_eq!(text.contains("invokeurl"), !through_task, "{yaml}\n{text}");
    }
}

#[test]
fn via_api_is_the_default_and_changes_nothing() {
    for path in [
        "specs/crm-deal-to-books-invoice.yaml",
        "specs/creator-find-or-create-crm-contact.yaml",
    ] {
        let text = std::fs::read_to_string(path).unwrap();
        let explicit = text.replace("    steps:\n", "    via: api\n    steps:\n");
        assert_ne!(text, explicit);
        let default = common::render_text(&text).unwrap();
        let written = common::render_text(&explicit).unwrap();
        let contents = |r: &Rendered| {
            r.files
                .iter()
                .filter(|f| f.path.ends_with(".dg"))
                .map(|f| f.contents.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(contents(&default), contents(&written), "{path}");
    }
}

/// Each refusal: the spec, the message's words, the help's words, and the line the
/// error points at (1-based, in the spec as written).
#[test]
fn what_has_no_task_is_refused_at_the_step_with_what_exists_instead() {
    let crm_step = |rest: &str| {
        format!(
            "      - name: s\n        module: Leads\n        auth: crm\n        via: task\n{rest}"
        )
    };
    let cases: Vec<(String, &str, &str)> = vec![
        (
            spec(
                CRM_IN_CRM,
                "",
                &crm_step("        method: DELETE\n        record_id: {input: id}\n"),
            ),
            "Deluge has no task that deletes Zoho CRM records (zoho.crm.invokeConnector(\"crm.delete\", ...) exists only in extensions): no task for step \"s\" of function \"f\"",
            "use via: api (DELETE /crm/{version}/{Module}/{id})",
        ),
        (
            spec(
                CRM_IN_CRM,
                "",
                &crm_step("        method: search\n        filters: {email: {input: email}}\n"),
            ),
            "zoho.crm.searchRecords takes criteria; an email, phone or word search is the API's",
            "write criteria: {field: Email, value: ...}, or use via: api",
        ),
        (
            spec(
                BOOKS_FROM_CRM,
                "",
                "      - name: s\n        product: books\n        module: contacts\n        organization_id: \"600\"\n        auth: books\n        via: task\n        method: DELETE\n        record_id: {input: id}\n",
            ),
            "Deluge documents no task that deletes Zoho Books records",
            "use via: api (DELETE /books/v3/{resource}/{id})",
        ),
        (
            spec(
                "product: crm\nregion: us\nscopes: [ZohoCreator.report.DELETE]\nauths: {desk: {connection: zdesk}}\n",
                "",
                &format!(
                    "      - name: s\n        product: creator\n{CREATOR_TARGET}        auth: desk\n        via: task\n        method: DELETE\n        record_id: {{input: id}}\n"
                ),
            ),
            "Deluge documents no zoho.creator task that deletes records from another product",
            "use via: api",
        ),
        (
            // Another organisation or data centre: a custom connection service.
            spec(
                "product: crm\nregion: eu\nscopes: [ZohoBooks.contacts.ALL]\nauths: {books: {connection: other_books, service: custom}}\n",
                "",
                "      - name: s\n        product: books\n        module: contacts\n        organization_id: \"600\"\n        auth: books\n        via: task\n        method: POST\n        fields: {contact_name: A}\n",
            ),
            "zoho.books.createRecord reaches only the organisation and data centre the script runs in; a custom connection service (another organisation or data centre) goes through invokeurl (step \"s\" of function \"f\")",
            "use via: api",
        ),
        (
            // A cross-data-centre write: the scripts run in the EU CRM, region is US.
            spec(
                "product: crm\nregion: us\nclient: {id: 1000.TIDE, redirect_uri: \"https://t.example/cb\"}\nauth: {store: crm-variables, store_connection: tide_vars, store_region: eu}\nscopes: [ZohoCRM.modules.ALL]\nauths: {zoho: token}\n",
                "",
                "      - name: s\n        module: Leads\n        auth: zoho\n        via: task\n        method: POST\n        fields: {Last_Name: Li}\n",
            ),
            "zoho.crm.createRecord writes to the CRM the script runs in (eu), not to the us data centre of region (step \"s\" of function \"f\")",
            "use via: api, which sends the request to region's data centre",
        ),
        (
            // The Books task takes a connection; a token auth has none to give.
            spec(
                "product: crm\nregion: eu\nclient: {id: 1000.X, secret: s3, redirect_uri: \"https://a.example/cb\"}\nscopes: [ZohoBooks.contacts.ALL]\nauths: {books: token}\n",
                "",
                "      - name: s\n        product: books\n        module: contacts\n        organization_id: \"600\"\n        auth: books\n        via: task\n        method: POST\n        fields: {contact_name: A}\n",
            ),
            "zoho.books.createRecord takes a Zoho OAuth connection to Zoho Books (Zoho's page: https://www.zoho.com/creator/newhelp/script/zohobookstask.html) (step \"s\" of function \"f\")",
            "make auth \"books\" a connection (auths: {books: {connection: <link name>}}), or use via: api",
        ),
        (
            spec(
                "product: crm\nregion: eu\nscopes: [ZohoCRM.modules.ALL, ZohoCRM.coql.READ]\nauths: {crm: {connection: zcrm}}\n",
                "",
                &crm_step(
                    "        method: coql\n        query: \"select id from Leads where Email = 'a@b.example' limit 10\"\n",
                ),
            ),
            "Deluge has no task for a COQL query",
            "use via: api (POST /crm/{version}/coql), or method: search with criteria",
        ),
        (
            // A bulk write keeps its batches: the step templates write one record a task.
            spec(
                CRM_IN_CRM,
                "",
                &crm_step(
                    "        method: POST\n        records: [{Last_Name: A}, {Last_Name: B}]\n",
                ),
            ),
            "a step that writes or deletes a list of records has no task form in delugen (step \"s\" of function \"f\")",
            "set via: api on the step: its batches go through invokeurl",
        ),
        (
            spec(
                "product: crm\nregion: us\nscopes: [ZohoCreator.report.DELETE]\nauths: {desk: {connection: zdesk}}\n",
                "",
                &format!(
                    "      - name: s\n        product: creator\n{CREATOR_TARGET}        auth: desk\n        via: task\n        method: DELETE\n        criteria: {{field: Status, value: Closed}}\n"
                ),
            ),
            "a step that deletes by criteria has no task form in delugen",
            "set via: api on the step",
        ),
    ];
    for (yaml, message, help) in cases {
        let error = common::render_text(&yaml).expect_err(&yaml);
        assert!(error.contains(message), "{yaml}\n{error}");
        assert!(error.contains(help), "{yaml}\n{error}");
        // The error points at the step's `via: task`, line and column.
        let line = yaml
            .lines()
            .position(|l| l == "        via: task")
            .map(|i| i + 1)
            .unwrap();
        assert!(
            error.contains(&format!("spec.yaml:{line}:")),
            "expected line {line}:\n{yaml}\n{error}"
        );
        assert!(
            error.contains("(field functions[0].steps[0].via)"),
            "{error}"
        );
    }
}

#[test]
fn a_refusal_of_an_inherited_via_points_at_the_step_and_says_where_via_came_from() {
    let steps = "      - name: keep\n        module: Leads\n        auth: crm\n        method: GET\n        record_id: {input: id}\n      - name: drop\n        module: Leads\n        auth: crm\n        method: DELETE\n        record_id: {input: id}\n";
    for (spec_via, function_via, from) in [
        ("", "    via: task\n", "functions[0].via"),
        ("via: task\n", "", "via"),
    ] {
        let yaml = spec(&format!("{CRM_IN_CRM}{spec_via}"), function_via, steps);
        let error = common::render_text(&yaml).expect_err(&yaml);
        assert!(
            error.contains("no task that deletes Zoho CRM records"),
            "{error}"
        );
        assert!(error.contains("(field functions[0].steps[1])"), "{error}");
        assert!(
            error.contains(&format!(
                "this step takes via: task from {from}; set via: api on the step to keep invokeurl for it"
            )),
            "{error}"
        );
        // Only the step without a task is refused.
        assert_eq!(error.matches("error:").count(), 1, "{error}");
        // With via: api on that step, the rest go through tasks.
        let fixed = yaml.replace(
            "        method: DELETE\n",
            "        via: api\n        method: DELETE\n",
        );
        let rendered = common::render_text(&fixed).unwrap_or_else(|e| panic!("{fixed}\n{e}"));
        let text = function(&rendered);
        assert!(text.contains("zoho.crm.getRecordById(\"Leads\""), "{text}");
        assert!(text.contains("type: DELETE"), "{text}");
    }
}

#[test]
fn creators_own_statements_take_only_field_link_names() {
    let head = "product: creator\nregion: us\nscopes: [ZohoCreator.form.CREATE]\nauths: {desk: {connection: zdesk}}\n";
    let yaml = spec(
        head,
        "    via: task\n",
        &format!(
            "      - name: s\n{CREATOR_TARGET}        auth: desk\n        method: POST\n        fields: {{\"Due Date\": {{input: email}}}}\n"
        ),
    );
    let error = common::render_text(&yaml).expect_err(&yaml);
    assert!(
        error.contains("\"Due Date\" is not a Creator field link name, which insert into writes into the script"),
        "{error}"
    );
    assert!(
        error.contains("(field functions[0].steps[0].fields.Due Date)"),
        "{error}"
    );
}

/// Each function example with `via: task` on every function: the task of each step (or,
/// where none exists, invokeurl and why), reviewed as a snapshot; every script parses and
/// lints clean; the handover's notes name the task and its page.
#[test]
fn function_examples_go_through_tasks_where_tasks_exist() {
    use delugen::deluge::lint::{Outcome, lint};
    use delugen::spec::{Segment, Via, load};

    let renderer = delugen::render::Renderer::new(None).unwrap();
    let mut table = String::new();
    for name in [
        "crm-deal-to-books-invoice.yaml",
        "creator-find-or-create-crm-contact.yaml",
    ] {
        let mut loaded = load(&std::path::Path::new("specs").join(name)).unwrap();
        for function in &mut loaded.spec.functions {
            function.via = Some(Via::Task);
        }
        // A step the planner refuses keeps invokeurl, its refusal noted.
        let mut refused: Vec<(usize, usize, String)> = Vec::new();
        let plan = loop {
            match delugen::plan::plan(&loaded, &common::fake_env) {
                Ok(plan) => break plan,
                Err(problems) => {
                    let problem = &problems[0];
                    let [
                        Segment::Key(_),
                        Segment::Index(f),
                        Segment::Key(_),
                        Segment::Index(s),
                        ..,
                    ] = problem.path.0.as_slice()
                    else {
                        panic!("{name}: {problems:?}");
                    };
                    loaded.spec.functions[*f].steps[*s].via = Some(Via::Api);
                    refused.push((*f, *s, problem.message.clone()));
                }
            }
        };
        let rendered = renderer.render(&plan).unwrap();
        for file in rendered.files.iter().filter(|f| f.path.ends_with(".dg")) {
            match lint(&file.contents) {
                Outcome::Syntax(error) => panic!("{}: {error}", file.path),
                outcome => assert!(outcome.is_clean(), "{} has lint findings", file.path),
            }
        }
        for (f, note) in plan.handover.functions.iter().enumerate() {
            let script = rendered
                .files
                .iter()
                .find(|file| file.path == format!("{}/{}", loaded.spec.name, note.file))
                .unwrap();
            for (s, step) in note.steps.iter().enumerate() {
                let used = match (&step.task, refused.iter().find(|r| r.0 == f && r.1 == s)) {
                    (Some(task), _) => {
                        let page = step.task_page.as_deref().unwrap_or_default();
                        assert!(page.starts_with("https://www.zoho.com/"), "{page}");
                        assert!(
                            script
                                .contents
                                .contains(&format!("// Deluge's task {task}: {page}")),
                            "{task} not in {}",
                            script.path
                        );
                        format!("{task} ({page})")
                    }
                    (None, Some((_, _, why))) => format!("invokeurl ({why})"),
                    (None, None) => panic!("{name}: step {} neither task nor refused", step.name),
                };
                table.push_str(&format!("{name} | {} {} | {used}\n", note.name, step.name));
            }
        }
        assert!(
            !rendered.files.iter().any(|f| f.path.ends_with(".dg")
                && f.contents.contains("invokeurl")
                && refused.is_empty()),
            "{name}: no step is refused, so nothing goes through invokeurl"
        );
    }
    insta::assert_snapshot!(table);
}

#[test]
fn creators_own_statements_reach_only_the_application_the_function_is_in() {
    let head = "product: creator\nregion: us\nscopes: [ZohoCreator.form.CREATE]\nmodule: {owner: jane, app: desk, form: Order, report: All_Orders}\nauths: {desk: {connection: zdesk}}\n";
    let step = |module: &str| {
        format!(
            "      - name: s\n{module}        auth: desk\n        via: task\n        method: POST\n        fields: {{Email: {{input: email}}}}\n"
        )
    };
    // Its own application: insert into.
    let own = spec(head, "    returns: nothing\n", &step(""));
    let rendered = common::render_text(&own).unwrap_or_else(|e| panic!("{own}\n{e}"));
    assert!(function(&rendered).contains("insert into Order"));
    // Another application: refused, with what exists instead.
    let other = spec(
        head,
        "    returns: nothing\n",
        &step("        module: {owner: jane, app: stock, form: Item, report: All_Items}\n"),
    );
    let error = common::render_text(&other).expect_err(&other);
    assert!(
        error.contains("insert into works on the forms of the application the function is in (jane/desk), not on jane/stock (step \"s\" of function \"f\")"),
        "{error}"
    );
    assert!(error.contains("use via: api"), "{error}");
    assert!(
        error.contains("(field functions[0].steps[0].via)"),
        "{error}"
    );
}
