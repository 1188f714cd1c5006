//! Functions of steps, as stories: a consultant writes a spec whose function reads in one
//! product and writes in another; what they get wrong is pointed at where they wrote it.

mod common;

use delugen::deluge::lint;

/// A CRM function with two connections and `steps` spliced in (indented as list items).
fn spec(steps: &str) -> String {
    format!(
        "name: story
product: crm
region: eu
scopes: [ZohoCRM.modules.ALL, ZohoBooks.fullaccess.all]
auths:
  crm: {{connection: story_crm}}
  books: {{connection: story_books}}
functions:
  - name: invoice-deal
    inputs:
      deal_id: Int
      note: {{type: String, optional: true}}
    steps:
{steps}"
    )
}

const READ_DEAL: &str = "      - name: deal
        module: Deals
        auth: crm
        method: GET
        record_id: {input: deal_id}
";

fn invoice(customer: &str) -> String {
    format!(
        "      - name: invoice
        product: books
        module: invoices
        organization_id: \"20071234567\"
        auth: books
        method: POST
        fields:
          customer_id: {customer}
          line_items:
            - name: Consulting
              rate: {{step: deal, path: Amount, as: Decimal}}
"
    )
}

/// The error text of a spec that must not render.
fn refused(yaml: &str) -> String {
    match common::render_text(yaml) {
        Ok(_) => panic!("the spec rendered:\n{yaml}"),
        Err(text) => text,
    }
}

/// The line (1-based) of the first line of `yaml` holding `needle`, and its column.
fn place_of(yaml: &str, needle: &str) -> (usize, usize) {
    yaml.lines()
        .enumerate()
        .find_map(|(i, line)| line.find(needle).map(|at| (i + 1, at + 1)))
        .unwrap_or_else(|| panic!("{needle:?} is not in the spec"))
}

#[test]
fn a_step_that_reads_a_later_step_is_refused_where_the_reference_is() {
    let yaml = spec(&format!(
        "{}{READ_DEAL}",
        invoice("{step: customer, path: contact_id}").replace("customer, path", "deal2, path")
    ))
    .replace("step: deal2", "step: deal");
    let text = refused(&yaml);
    assert!(
        text.contains("reads \"deal\", the result of step 2 which comes later"),
        "{text}"
    );
    let (line, _) = place_of(&yaml, "customer_id: {step: deal");
    assert!(text.contains(&format!("spec.yaml:{line}:")), "{text}");
    assert!(text.contains("move that step before this one"), "{text}");
}

#[test]
fn a_missing_path_root_gets_a_did_you_mean() {
    let yaml = spec(&format!(
        "{READ_DEAL}{}",
        invoice("{step: dael, path: Contact_Name.id}")
    ));
    let text = refused(&yaml);
    assert!(
        text.contains("no step named \"dael\" comes before step \"invoice\""),
        "{text}"
    );
    assert!(text.contains("did you mean \"deal\"?"), "{text}");
    let (line, column) = place_of(&yaml, "dael");
    assert!(
        text.contains(&format!("spec.yaml:{line}:{column}")),
        "{line}:{column} in {text}"
    );
}

#[test]
fn an_undeclared_argument_gets_a_did_you_mean() {
    let yaml = spec(&format!("{READ_DEAL}{}", invoice("{input: deal_ids}")));
    let text = refused(&yaml);
    assert!(text.contains("unknown argument \"deal_ids\""), "{text}");
    assert!(text.contains("did you mean \"deal_id\"?"), "{text}");
    let (line, _) = place_of(&yaml, "deal_ids");
    assert!(text.contains(&format!("spec.yaml:{line}:")), "{text}");
}

#[test]
fn a_dotted_key_is_refused_in_steps_and_in_requests() {
    let yaml = spec(&format!("{READ_DEAL}{}", invoice("\"1\""))).replace(
        "          line_items:\n",
        "          line_items.rate: 5\n          line_items:\n",
    );
    let text = refused(&yaml);
    assert!(
        text.contains("field \"line_items.rate\" has a '.' in its name"),
        "{text}"
    );
    let (line, _) = place_of(&yaml, "line_items.rate");
    assert!(text.contains(&format!("spec.yaml:{line}:")), "{text}");

    // Today's requests: `from_inputs: {line_items.rate: amount}` was sent as one key.
    let request = "name: dotted
product: books
region: eu
client: {id: 1000.X, secret: s, redirect_uri: https://x.example/cb}
scopes: [ZohoBooks.invoices.CREATE]
module: invoices
organization_id: \"1\"
requests:
  - name: make
    method: POST
    inputs: {amount: Decimal}
    from_inputs:
      line_items.rate: amount
";
    let text = refused(request);
    assert!(text.contains("has a '.' in its name"), "{text}");
    assert!(text.contains("spec.yaml:13:"), "{text}");
    assert!(
        text.contains("line_items: [{rate: {input: ...}}]"),
        "{text}"
    );
}

#[test]
fn a_reference_to_a_step_result_of_the_wrong_shape_says_how_to_write_it() {
    let yaml = spec(&format!(
        "      - name: contacts
        product: books
        module: contacts
        organization_id: \"20071234567\"
        auth: books
        method: search
        filters: {{email: x@y.example}}
{READ_DEAL}{}",
        invoice("{step: contacts, path: contact_id}")
    ));
    let text = refused(&yaml);
    assert!(text.contains("\"contacts\" is a list of records"), "{text}");
    assert!(text.contains("path: \"[0].contact_id\""), "{text}");
}

#[test]
fn an_unknown_auth_is_named_with_the_ones_there_are() {
    let yaml = spec(READ_DEAL).replace("auth: crm", "auth: crn");
    let text = refused(&yaml);
    assert!(text.contains("no auth named \"crn\" under auths"), "{text}");
    assert!(text.contains("did you mean \"crm\"?"), "{text}");
}

#[test]
fn a_function_reads_in_crm_writes_in_books_and_checks_every_answer() {
    let yaml = spec(&format!(
        "{READ_DEAL}{}",
        invoice("{step: deal, path: Account_Name.id}")
    ))
    .replace(
        "            - name: Consulting\n",
        "            - name: Consulting\n              description: {input: note}\n",
    );
    let rendered = common::render_text(&yaml).unwrap();
    let function = rendered
        .files
        .iter()
        .find(|f| f.path == "story/invoice-deal.dg")
        .expect("one file named after the function");
    let script = &function.contents;
    assert!(lint::lint(script).is_clean(), "{script}");
    // The header lists the arguments and the signature.
    assert!(script.contains("map standalone.invoice_deal(Int deal_id, String note)"));
    assert!(script.contains("//   note (String): optional: when empty, its field is left out"));
    // Each step is guarded by the ones before it and checks Zoho's answer.
    assert_eq!(script.matches("if(v_Failure == \"\")\n{").count(), 2);
    assert!(script.contains("connection: \"story_crm\""));
    assert!(script.contains("connection: \"story_books\""));
    assert!(script.contains("if(ifnull(r_Response.get(\"code\"), -1) == 0)"));
    assert!(script.contains("v_Failure = \"Step invoice (create a record in invoices (Zoho Books)): \" + \"Zoho Books refused the request: \""));
    // A value from a step is checked present before the step runs.
    assert!(
        script.contains("if(ifnull(m_StepDeal.get(\"Account_Name\"), Map()).get(\"id\") == null)")
    );
    // Nested values are built, never sent as a dotted key.
    assert!(script.contains("m_Value2.put(\"rate\", m_StepDeal.get(\"Amount\").toDecimal());"));
    assert!(script.contains("m_Record.put(\"line_items\", l_Value1);"));
    // An optional argument leaves its field out when empty.
    assert!(script.contains("if(ifnull(note, \"\").toString() != \"\")\n"));
    // The failure names the step and is printed; the result is empty after a failure.
    assert!(script.contains("info v_Failure;"));
    assert!(script.ends_with("return m_StepInvoice;\n"));
}

#[test]
fn find_or_create_uses_whichever_record_exists() {
    let rendered = common::render_file(std::path::Path::new(
        "specs/creator-find-or-create-crm-contact.yaml",
    ));
    let script = &rendered
        .files
        .iter()
        .find(|f| f.path.ends_with("/sync-crm-contact.dg"))
        .unwrap()
        .contents;
    assert!(script.contains(
        "if(l_StepFindContact.size() > 0)\n\t{\n\t\tm_StepContact = l_StepFindContact.get(0);\n\t}\n\telse\n"
    ));
    // The update runs only when the search found the contact.
    let update = script.split("// Step 3, update-contact").nth(1).unwrap();
    assert!(update.contains("\tif(l_StepFindContact.size() > 0)\n"));
    assert!(update.contains("ifnull(l_StepFindContact.get(0), Map()).get(\"id\").toString()"));
    assert!(script.ends_with("return m_StepContact;\n"));
    // The token comes from the store's access-token function, once.
    assert_eq!(
        script
            .matches("thisapp.integrations.banyan_contacts_access_token();")
            .count(),
        1
    );
}

#[test]
fn for_each_runs_a_step_once_per_record_and_is_bounded() {
    let yaml = spec(
        "      - name: contacts
        product: books
        module: contacts
        organization_id: \"20071234567\"
        auth: books
        method: search
        filters: {filter_by: Status.Active}
      - name: tag
        product: books
        module: contacts
        organization_id: \"20071234567\"
        auth: books
        method: PUT
        for_each: {step: contacts, as: contact, max: 20}
        record_id: {step: contact, path: contact_id}
        fields:
          notes: tagged
",
    );
    let rendered = common::render_text(&yaml).unwrap();
    let script = &rendered.files[0].contents;
    assert!(lint::lint(script).is_clean(), "{script}");
    assert!(
        script.contains("if(l_StepContacts.size() > 20)"),
        "{script}"
    );
    assert!(
        script.contains("for each m_EachContact in l_StepContacts"),
        "{script}"
    );
    assert!(script.contains("l_StepTag.add(m_Result);"), "{script}");
    assert!(
        script.contains("m_EachContact.get(\"contact_id\").toString()"),
        "{script}"
    );

    let text = refused(&yaml.replace("max: 20", "max: 500"));
    assert!(
        text.contains("max is 500; a for_each goes through 1 to 100 records"),
        "{text}"
    );
}

#[test]
fn a_books_function_returns_a_map_or_nothing() {
    let yaml = "name: booksfn
product: books
region: eu
scopes: [ZohoBooks.contacts.READ]
auths:
  books: {connection: story_books}
functions:
  - name: list-contacts
    steps:
      - name: contacts
        module: contacts
        organization_id: \"1\"
        auth: books
        method: search
        filters: {filter_by: Status.Active}
";
    let text = refused(yaml);
    assert!(
        text.contains("a Zoho Books function returns a map or nothing"),
        "{text}"
    );
    let rendered =
        common::render_text(&yaml.replace("    steps:", "    returns: nothing\n    steps:"))
            .unwrap();
    assert!(
        rendered.files[0]
            .contents
            .contains("//   void list_contacts(Map record, Map organization, Map user)")
    );
}

#[test]
fn removing_a_step_or_a_function_renames_nothing_else() {
    let ws = common::Workspace::new(&["crm-deal-to-books-invoice.yaml"]);
    ws.delugen(&[
        "render",
        "specs/crm-deal-to-books-invoice.yaml",
        "-o",
        "out",
    ])
    .success();
    let before: Vec<String> = files_in(&ws.path("out/lotus-deal-invoice"));
    assert!(
        before.contains(&"invoice-won-deal.dg".to_string()),
        "{before:?}"
    );
    // A second function, then removed again: the first one's file never changes name.
    let spec = ws.read("specs/crm-deal-to-books-invoice.yaml");
    let second = spec.replace("  - name: invoice-won-deal", "  - name: invoice-again");
    let second = second.split("functions:\n").nth(1).unwrap().to_string();
    ws.write(
        "specs/crm-deal-to-books-invoice.yaml",
        &format!("{spec}{second}"),
    );
    ws.delugen(&[
        "render",
        "specs/crm-deal-to-books-invoice.yaml",
        "-o",
        "out",
    ])
    .success();
    let with_two = files_in(&ws.path("out/lotus-deal-invoice"));
    assert!(
        with_two.contains(&"invoice-again.dg".to_string()),
        "{with_two:?}"
    );
    assert!(with_two.contains(&"invoice-won-deal.dg".to_string()));
    // Removing a step changes only that function's file.
    let first_before = ws.read("out/lotus-deal-invoice/invoice-again.dg");
    ws.write("specs/crm-deal-to-books-invoice.yaml", &spec);
    ws.delugen(&[
        "render",
        "specs/crm-deal-to-books-invoice.yaml",
        "-o",
        "out",
        "--prune",
    ])
    .success();
    assert_eq!(files_in(&ws.path("out/lotus-deal-invoice")), before);
    assert!(!first_before.is_empty());
    // Nothing changed: render --check agrees with the folder, and diff shows nothing.
    ws.delugen(&[
        "render",
        "specs/crm-deal-to-books-invoice.yaml",
        "-o",
        "out",
        "--check",
    ])
    .success();
    ws.delugen(&["diff", "specs/crm-deal-to-books-invoice.yaml", "-o", "out"])
        .success();
    // A hand edit of a function file is reported, not overwritten silently.
    ws.edit(
        "out/lotus-deal-invoice/invoice-won-deal.dg",
        "v_Failure = \"\";",
        "v_Failure = \"\"; // edited",
    );
    ws.delugen(&[
        "render",
        "specs/crm-deal-to-books-invoice.yaml",
        "-o",
        "out",
        "--check",
    ])
    .code(1);
}

fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.'))
        .collect();
    names.sort();
    names
}

/// The code of a line with its text literals blanked out.
fn without_text(line: &str) -> String {
    let mut out = String::new();
    let mut in_text = false;
    let mut escaped = false;
    for c in line.chars() {
        match (in_text, escaped, c) {
            (true, false, '\\') => escaped = true,
            (true, true, _) => escaped = false,
            (_, _, '"') => in_text = !in_text,
            (false, _, c) => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn every_function_defines_each_variable_before_it_reads_it() {
    let mut checked = 0;
    for spec in [
        "specs/crm-deal-to-books-invoice.yaml",
        "specs/creator-find-or-create-crm-contact.yaml",
    ] {
        for file in common::render_file(std::path::Path::new(spec)).files {
            if !file.path.ends_with(".dg") || file.path.contains("/0") {
                continue;
            }
            checked += 1;
            let mut defined: Vec<String> = Vec::new();
            for line in file.contents.lines() {
                let code = without_text(line);
                let code = code.trim_start();
                if code.starts_with("//") {
                    continue;
                }
                let target = code
                    .strip_prefix("for each ")
                    .and_then(|rest| rest.split(" in ").next())
                    .or_else(|| code.split_once(" = ").map(|(target, _)| target))
                    .filter(|t| t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
                let reads = code
                    .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .filter(|word| {
                        ["v_", "m_", "l_", "r_"].iter().any(|p| word.starts_with(p))
                            && Some(*word) != target
                    });
                for word in reads {
                    assert!(
                        defined.iter().any(|d| d == word),
                        "{}: {word} is read before it is defined, in {line:?}",
                        file.path
                    );
                }
                if let Some(target) = target {
                    defined.push(target.to_string());
                }
            }
        }
    }
    assert_eq!(checked, 3, "both functions and the workflow caller");
}

#[test]
fn an_argument_no_step_reads_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spec.yaml");
    std::fs::write(&path, spec(READ_DEAL)).unwrap();
    let (code, stdout, stderr) = common::run(&["validate", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("ok: "), "{stdout}");
    assert!(
        stderr.contains("warning: argument \"note\" is declared but never used"),
        "{stderr}"
    );
    assert!(!stderr.contains("\"deal_id\""), "{stderr}");
}

#[test]
fn a_step_deletes_one_record_by_id_or_in_creator_by_criteria() {
    let yaml = "name: purge
product: creator
region: in
scopes: [ZohoCreator.report.READ, ZohoCreator.report.DELETE]
auths:
  creator: {connection: zcreator}
functions:
  - name: purge
    steps:
      - name: remove
        module: {owner: banyan, app: desk, report: All_Orders}
        auth: creator
        method: DELETE
";
    let text = refused(yaml);
    assert!(
        text.contains(
            "a Zoho Creator step deletes one record by its id, or the records matching criteria"
        ),
        "{text}"
    );
    assert!(text.contains("spec.yaml:10:"), "{text}");
}

#[test]
fn a_crm_step_criteria_value_follows_the_backslash_rule_of_requests() {
    let yaml = spec(
        "      - name: find
        module: Contacts
        auth: crm
        method: search
        criteria: {field: Last_Name, value: \"a\\\\(b\"}
",
    );
    let text = refused(&yaml);
    assert!(
        text.contains("this CRM criteria value has a backslash"),
        "{text}"
    );
}

#[test]
fn a_crm_search_step_keeps_only_records_that_equal_the_value_exactly() {
    // Zoho CRM v8 matches `equals` like `contains`: the found contact must really have
    // the e-mail looked for before find-or-create takes it as the record.
    let rendered = common::render_file(std::path::Path::new(
        "specs/creator-find-or-create-crm-contact.yaml",
    ));
    let function = rendered
        .files
        .iter()
        .find(|f| f.path.ends_with("sync-crm-contact.dg"))
        .expect("the function is rendered");
    let text = &function.contents;
    let search = text.find("(Email:equals:").expect("the search by email");
    let exact = text
        .find("ifnull(m_Found.get(\"Email\"), \"\").toString().equalsIgnoreCase(email.toString())")
        .expect("an exact check of the e-mail");
    let used = text.find("l_StepFindContact = l_Result;").unwrap();
    assert!(
        search < exact && exact < used,
        "the check runs after the search and before the result is kept"
    );
}
