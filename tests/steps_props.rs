//! Property: in a function of steps, any text given as a literal, and any key followed
//! through a step's result, reaches the request exactly as written and changes no code:
//! the script has the same statements whatever the text holds.
//!
//! 256 cases by default; by hand: `PROPTEST_CASES=5000 cargo test --release --test steps_props`.

mod common;

use common::props::allowed_char;
use delugen::deluge::ast::{Expr, ExprKind, Nesting, Script, StmtKind, walk_stmts};
use delugen::deluge::{lint, parse};
use proptest::prelude::*;
use serde_json::json;

fn text() -> impl Strategy<Value = String> {
    let fragment = prop_oneof![
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just("\n".to_string()),
        Just("\t".to_string()),
        Just("\"); info \"x".to_string()),
        Just("{step: deal}".to_string()),
        Just("${HOME}".to_string()),
        Just("// */".to_string()),
        Just("Zürich 東京 🚀".to_string()),
        prop::collection::vec(allowed_char(), 0..10).prop_map(String::from_iter),
    ];
    prop::collection::vec(fragment, 0..5).prop_map(|parts| parts.concat())
}

/// A key a path may follow: any text without the path's own separators.
fn key() -> impl Strategy<Value = String> {
    text().prop_map(|k| {
        let k: String = k
            .chars()
            .filter(|c| !matches!(c, '.' | '[' | ']'))
            .collect();
        if k.is_empty() { "k".to_string() } else { k }
    })
}

fn spec(literal: &str, field: &str, path_key: &str) -> String {
    let spec = json!({
        "name": "props",
        "product": "crm",
        "region": "eu",
        "scopes": ["ZohoCRM.modules.ALL", "ZohoBooks.fullaccess.all"],
        "auths": {"crm": {"connection": "c_crm"}, "books": {"connection": "c_books"}},
        "functions": [{
            "name": "carry",
            "inputs": {"deal_id": "Int"},
            "steps": [
                {"name": "deal", "module": "Deals", "auth": "crm", "method": "GET",
                 "record_id": {"input": "deal_id"}},
                {"name": "invoice", "product": "books", "module": "invoices",
                 "organization_id": "1", "auth": "books", "method": "POST",
                 "fields": {
                     field: literal,
                     "line_items": [{"name": literal, "rate": {"step": "deal", "path": path_key}}]
                 }}
            ]
        }]
    });
    serde_yaml::to_string(&spec).unwrap()
}

/// The arguments of each `receiver.put(...)` statement, at any depth.
fn puts<'s>(script: &'s Script, receiver: &str) -> Vec<&'s [Expr]> {
    let mut found = Vec::new();
    walk_stmts(&script.body, Nesting::default(), &mut |stmt, _| {
        if let StmtKind::Expr(expr) = &stmt.kind
            && let ExprKind::Method {
                receiver: r,
                method,
                args,
            } = &expr.kind
            && r.var_name() == Some(receiver)
            && method == "put"
        {
            found.push(args.as_slice());
        }
    });
    found
}

/// How many statements the function has when every text is a plain word.
static PLAIN: std::sync::OnceLock<usize> = std::sync::OnceLock::new();

fn statements(script: &Script) -> usize {
    let mut count = 0;
    walk_stmts(&script.body, Nesting::default(), &mut |_, _| count += 1);
    count
}

fn function_of(yaml: &str) -> Result<(String, Script), TestCaseError> {
    let rendered = common::render_text(yaml).map_err(TestCaseError::fail)?;
    let file = rendered
        .files
        .iter()
        .find(|f| f.path.ends_with("/carry.dg"))
        .ok_or_else(|| TestCaseError::fail("no function file"))?;
    prop_assert!(lint::lint(&file.contents).is_clean(), "{}", file.contents);
    let (script, _) = parse(&file.contents).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
    Ok((file.contents.clone(), script))
}

proptest! {
    #[test]
    fn literals_and_step_paths_reach_the_request_unchanged(
        literal in text(),
        field in key(),
        path_key in key(),
    ) {
        prop_assume!(field != "line_items");
        let (_, script) = function_of(&spec(&literal, &field, &path_key))?;
        let record = puts(&script, "m_Record");
        prop_assert_eq!(record.len(), 2);
        prop_assert_eq!(&record[0][0].kind, &ExprKind::Text(field.clone()));
        prop_assert_eq!(&record[0][1].kind, &ExprKind::Text(literal.clone()));
        let item = puts(&script, "m_Value2");
        prop_assert_eq!(&item[0][1].kind, &ExprKind::Text(literal.clone()));
        // The rate is the deal's value under the key, read with .get("<key>").
        match &item[1][1].kind {
            ExprKind::Method { receiver, method, args } => {
                prop_assert_eq!(method.as_str(), "get");
                prop_assert_eq!(receiver.var_name(), Some("m_StepDeal"));
                prop_assert_eq!(&args[0].kind, &ExprKind::Text(path_key.clone()));
            }
            other => prop_assert!(false, "{other:?}"),
        }
        // No text changes the code: the same statements as with plain words.
        prop_assert_eq!(statements(&script), *PLAIN.get_or_init(|| {
            let (_, plain) = function_of(&spec("x", "f", "k")).unwrap();
            statements(&plain)
        }));
    }
}
