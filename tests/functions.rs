//! Request scripts with inputs are function bodies: they read their arguments, check
//! Zoho's answer and return the record's id; literal values stay literal.

mod common;

use std::path::PathBuf;

fn specs() -> Vec<PathBuf> {
    let mut specs = Vec::new();
    for dir in ["specs", "tests/fixtures"] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                specs.push(path);
            }
        }
    }
    specs.sort();
    specs
}

/// The parameter names of the signature a function script's header declares.
fn declared_arguments(script: &str) -> Option<Vec<String>> {
    let at = script.find("paste this as the body of\n//   ")?;
    let signature = script[at..].lines().nth(1)?;
    let inside = signature.split_once('(')?.1.trim_end_matches(')');
    if inside.is_empty() {
        // A function without arguments is a token store's access-token function, not a
        // request.
        return None;
    }
    Some(
        inside
            .split(", ")
            .map(|p| p.split_whitespace().nth(1).unwrap().to_string())
            .collect(),
    )
}

/// The identifiers of Deluge code, text literals left out.
fn identifiers_outside_text(code: &str) -> Vec<String> {
    let mut outside = String::new();
    let mut in_text = false;
    let mut escaped = false;
    for c in code.chars() {
        match (in_text, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (true, false, '"') => in_text = false,
            (true, false, _) => {}
            (false, _, '"') => {
                in_text = true;
                outside.push(' ');
            }
            (false, _, c) => outside.push(c),
        }
    }
    outside
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn every_function_reads_each_argument_checks_the_answer_and_returns_the_id() {
    let mut functions = 0;
    for spec in specs() {
        for file in common::render_file(&spec).files {
            let Some(arguments) = declared_arguments(&file.contents) else {
                continue;
            };
            if file.path.ends_with(".workflow.dg") {
                // A workflow caller hands every argument on, in order, and reads the id.
                let call = format!("({});", arguments.join(", "));
                assert!(file.contents.contains(&call), "{}", file.path);
                assert!(
                    file.contents.contains("if(v_RecordId == \"\")"),
                    "{}",
                    file.path
                );
                continue;
            }
            functions += 1;
            let code: String = file
                .contents
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            let words = identifiers_outside_text(&code);
            // Zoho Books passes organization and user besides the record; a script may
            // leave them unread.
            let books = file.contents.contains("Zoho Books passes the record");
            for argument in arguments
                .iter()
                .filter(|a| !(books && (*a == "organization" || *a == "user")))
            {
                assert!(
                    words.contains(argument),
                    "{}: argument {argument} is never read:\n{code}",
                    file.path
                );
            }
            assert!(code.contains("v_Failure = "), "{}", file.path);
            // Writes and deletes return the id, reads the record, searches the records,
            // bulk writes the id of each record.
            let bulk = file.contents.contains("l_Records = ifnull(");
            let returned = [
                ("//   string ", "v_RecordId = ", "return v_RecordId;"),
                ("//   map ", "m_Found = ", "return m_Found;"),
                if bulk {
                    ("//   list ", "l_Ids.add(v_Id);", "return l_Ids;")
                } else {
                    ("//   list ", "l_Found.addAll(", "return l_Found;")
                },
            ]
            .into_iter()
            .find(|(declared, _, _)| file.contents.contains(declared));
            if code.contains("l_Deleted = List();") {
                // A Creator delete by criteria returns every id it deleted.
                assert!(code.ends_with("return l_Deleted;"), "{}", file.path);
            } else if books && code.contains("m_Returned = Map();") {
                // Books returns a Map holding the result.
                assert!(code.ends_with("return m_Returned;"), "{}", file.path);
            } else if let Some((_, filled, returned)) = returned {
                assert!(code.contains(filled), "{}", file.path);
                assert!(code.ends_with(returned), "{}", file.path);
            } else {
                assert!(
                    !code.contains("return"),
                    "{}: void returns nothing",
                    file.path
                );
            }
        }
    }
    assert!(
        functions >= 5,
        "the examples hold functions of every product"
    );
}

#[test]
fn values_that_look_like_references_or_templates_stay_literal_text() {
    let rendered = common::render_text(
        r#"
name: literal
product: crm
region: eu
auth: {mode: connection, connection: c}
scopes: [ZohoCRM.modules.leads.ALL]
module: Leads
requests:
  - name: create
    method: POST
    inputs:
      x: String
    fields:
      A: "{{ x }}"
      B: "${X}"
      C: "$5"
      D: "=a"
      E: x
    from_inputs:
      F: x
"#,
    )
    .unwrap();
    let script = &rendered.files[0].contents;
    for line in [
        r#"m_Record.put("A", "{{ x }}");"#,
        r#"m_Record.put("B", "${X}");"#,
        r#"m_Record.put("C", "$5");"#,
        r#"m_Record.put("D", "=a");"#,
        r#"m_Record.put("E", "x");"#,
        r#"m_Record.put("F", x);"#,
    ] {
        assert!(script.contains(line), "{line} missing in:\n{script}");
    }
}

#[test]
fn an_argument_declared_but_never_used_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("unused.yaml");
    std::fs::write(
        &spec,
        "name: acme\nproduct: crm\nregion: eu\nauth: {mode: connection, connection: c}\n\
         scopes: [ZohoCRM.modules.deals.ALL]\nmodule: Deals\nrequests:\n  - name: update\n    \
         method: PUT\n    inputs:\n      deal_id: Int\n      note: String\n    \
         record_id: {input: deal_id}\n    fields:\n      Stage: Won\n",
    )
    .unwrap();
    let shown = spec.to_str().unwrap();
    let (code, stdout, stderr) = common::run(&["validate", shown]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("ok: "), "{stdout}");
    assert!(
        stderr.contains("warning: argument \"note\" is declared but never used"),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("{shown}:12:13")), "{stderr}");
    let (code, stdout, stderr) = common::run(&["render", shown]);
    assert_eq!(code, 0);
    assert!(stdout.contains("==> acme/update.dg <=="));
    assert!(stderr.contains("warning: argument \"note\""));
}

/// Every declaration a header shows for a script Zoho Books runs.
fn books_declarations() -> Vec<(String, String)> {
    let mut found = Vec::new();
    for spec in specs() {
        for file in common::render_file(&spec).files {
            if !file.contents.contains("paste this as the body of")
                || !file.contents.contains("A function: in Zoho Books")
            {
                continue;
            }
            let at = file
                .contents
                .find("paste this as the body of\n//   ")
                .unwrap();
            let signature = file.contents[at..].lines().nth(1).unwrap();
            found.push((
                file.path.clone(),
                signature.trim_start_matches("//   ").to_string(),
            ));
            assert!(
                !file.contents.contains("thisapp."),
                "{}: thisapp. is Creator's",
                file.path
            );
        }
    }
    found
}

#[test]
fn no_books_function_declares_a_return_type_other_than_void_or_map() {
    let declarations = books_declarations();
    assert!(declarations.len() >= 3, "{declarations:?}");
    for (path, signature) in declarations {
        let kind = signature.split_whitespace().next().unwrap();
        assert!(matches!(kind, "void" | "map"), "{path}: {signature}");
        // Zoho Books passes the record's Map, organization and user.
        assert!(
            signature.ends_with(", Map organization, Map user)"),
            "{path}: {signature}"
        );
    }
}

#[test]
fn books_inputs_are_read_from_the_record_map_and_reads_return_a_map() {
    let rendered = common::render_file(std::path::Path::new("specs/books-contact-lookup.yaml"));
    let find = rendered
        .files
        .iter()
        .find(|f| f.path.ends_with("find-contact-by-email.dg"))
        .unwrap();
    let text = &find.contents;
    assert!(
        text.contains("map find_contact_by_email(Map contact, Map organization, Map user)"),
        "{text}"
    );
    assert!(
        text.contains("\nemail = ifnull(contact.get(\"email\"), \"\").toString();\n"),
        "{text}"
    );
    assert!(
        text.contains("Zoho Books runs it from a workflow rule"),
        "{text}"
    );
    assert!(
        text.contains("m_Returned.put(\"records\", l_Found);\nreturn m_Returned;"),
        "{text}"
    );
}

#[test]
fn creator_dates_follow_the_applications_date_format() {
    let rendered = common::render_file(std::path::Path::new(
        "tests/fixtures/creator-date-format-us.yaml",
    ));
    let text = |name: &str| {
        rendered
            .files
            .iter()
            .find(|f| f.path.ends_with(name))
            .unwrap()
            .contents
            .clone()
    };
    let add = text("add-order.dg");
    assert!(add.contains(r#"due.toString("MM/dd/yyyy")"#), "{add}");
    assert!(
        add.contains(r#"placed.toString("MM/dd/yyyy HH:mm:ss")"#),
        "{add}"
    );
    assert!(!add.contains("dd-MMM-yyyy"), "{add}");
    let search = text("orders-due-since.dg");
    assert!(
        search.contains(r#"since.toString("MM/dd/yyyy")"#),
        "{search}"
    );
    // Without date_format, Creator's default.
    let default = common::render_file(std::path::Path::new("specs/creator-orders.yaml"));
    assert!(
        default
            .files
            .iter()
            .any(|f| f.contents.contains(r#".toString("dd-MMM-yyyy")"#))
    );
}
