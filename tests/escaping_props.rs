//! Property: whatever text a spec holds, every rendered script parses, lints clean, and
//! each value read back from its Deluge literal is exactly the value written in the spec.
//!
//! 256 cases by default; by hand: `PROPTEST_CASES=10000 cargo test --release --test escaping_props`.

mod common;

use common::props::{allowed_char, assigned_text};
use delugen::deluge::ast::{ExprKind, Nesting, Script, StmtKind, walk_stmts};
use delugen::deluge::lint;
use delugen::deluge::parse;
use proptest::prelude::*;
use serde_json::{Value, json};

/// Text built from hostile fragments and random characters, sometimes very long.
fn text() -> impl Strategy<Value = String> {
    let fragment = prop_oneof![
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just("\\\"".to_string()),
        Just("\n".to_string()),
        Just("\t".to_string()),
        Just("\"; info \"x".to_string()),
        Just("\"); x = (\"".to_string()),
        Just("// */ /* ".to_string()),
        Just("'".to_string()),
        Just("Zürich 東京 🚀".to_string()),
        Just("https://accounts.zoho.eu/".to_string()),
        prop::collection::vec(allowed_char(), 0..12).prop_map(String::from_iter),
    ];
    prop_oneof![
        20 => prop::collection::vec(fragment, 0..6).prop_map(|parts| parts.concat()),
        1 => prop::collection::vec(allowed_char(), 10_000).prop_map(String::from_iter),
    ]
}

/// Text a secret may hold: anything that is not an environment reference or blank.
fn secret() -> impl Strategy<Value = String> {
    text().prop_map(|s| {
        if s.starts_with("${") || s.trim().is_empty() {
            format!("x{s}")
        } else {
            s
        }
    })
}

/// A client id or address: one word holding no `${` (refused there: only secrets read
/// the environment).
fn one_word() -> impl Strategy<Value = String> {
    text().prop_map(|s| {
        let mut word: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        while word.contains("${") {
            word = word.replace("${", "$");
        }
        word
    })
}

#[derive(Debug, Clone)]
enum FieldValue {
    Text(String),
    Integer(i64),
    Decimal(f64),
    Bool(bool),
}

fn field_value() -> impl Strategy<Value = FieldValue> {
    prop_oneof![
        4 => text().prop_map(FieldValue::Text),
        1 => any::<i64>().prop_map(FieldValue::Integer),
        1 => any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(FieldValue::Decimal),
        1 => any::<bool>().prop_map(FieldValue::Bool),
    ]
}

fn fields() -> impl Strategy<Value = Vec<(String, FieldValue)>> {
    let key = prop_oneof![
        text().prop_map(|k| if k.is_empty() { "k".to_string() } else { k }),
        Just("data".to_string()),
        Just("JSONString".to_string()),
        Just("client_secret".to_string()),
        Just("authtoken".to_string()),
    ];
    prop::collection::vec((key, field_value()), 1..6).prop_map(|pairs| {
        let mut unique: Vec<(String, FieldValue)> = Vec::new();
        for (key, value) in pairs {
            if !unique.iter().any(|(k, _)| k == &key) {
                unique.push((key, value));
            }
        }
        unique
    })
}

#[derive(Debug, Clone)]
struct Case {
    client_id: String,
    secret: String,
    redirect: String,
    state: String,
    grant_code: String,
    refresh_token: String,
    module: String,
    fields: Vec<(String, FieldValue)>,
}

fn case() -> impl Strategy<Value = Case> {
    (
        one_word(),
        secret(),
        one_word(),
        text(),
        secret(),
        secret(),
        "[A-Za-z][A-Za-z0-9_]{0,20}",
        fields(),
    )
        .prop_map(
            |(client_id, secret, redirect, state, grant_code, refresh_token, module, fields)| {
                Case {
                    client_id: format!("1000.{client_id}"),
                    secret,
                    redirect: format!("https://{redirect}"),
                    state,
                    grant_code,
                    refresh_token,
                    module,
                    fields,
                }
            },
        )
}

fn spec_yaml(case: &Case) -> String {
    let mut record = serde_json::Map::new();
    for (key, value) in &case.fields {
        let value = match value {
            FieldValue::Text(t) => json!(t),
            FieldValue::Integer(n) => json!(n),
            FieldValue::Decimal(f) => json!(f),
            FieldValue::Bool(b) => json!(b),
        };
        record.insert(key.clone(), value);
    }
    let spec = json!({
        "name": "prop",
        "product": "crm",
        "region": "eu",
        "client": {"id": case.client_id, "secret": case.secret, "redirect_uri": case.redirect},
        "scopes": ["ZohoCRM.modules.ALL"],
        "module": case.module,
        "auth": {"state": case.state, "grant_code": case.grant_code, "refresh_token": case.refresh_token},
        "requests": [{"name": "write", "method": "POST", "fields": Value::Object(record)}],
    });
    serde_yaml::to_string(&spec).unwrap()
}

/// The arguments of each `receiver.method(...)` statement, at any depth.
fn calls<'s>(
    script: &'s Script,
    receiver: &str,
    method: &str,
) -> Vec<&'s [delugen::deluge::ast::Expr]> {
    let mut found = Vec::new();
    walk_stmts(&script.body, Nesting::default(), &mut |stmt, _| {
        if let StmtKind::Expr(expr) = &stmt.kind
            && let ExprKind::Method {
                receiver: r,
                method: m,
                args,
            } = &expr.kind
            && r.var_name() == Some(receiver)
            && m == method
        {
            found.push(args.as_slice());
        }
    });
    found
}

fn decode(query_part: &str) -> String {
    percent_encoding::percent_decode_str(query_part)
        .decode_utf8()
        .unwrap()
        .into_owned()
}

proptest! {
    #[test]
    fn every_value_survives_the_trip_into_deluge_and_back(case in case()) {
        let rendered = common::render_text(&spec_yaml(&case)).map_err(TestCaseError::fail)?;
        let mut scripts = std::collections::HashMap::new();
        for file in rendered.files.iter().filter(|f| f.path.ends_with(".dg")) {
            let outcome = lint::lint(&file.contents);
            prop_assert!(outcome.is_clean(), "{} does not lint clean:\n{}", file.path, file.contents);
            let (script, _) = parse(&file.contents).unwrap();
            scripts.insert(file.path.rsplit('/').next().unwrap().to_string(), script);
        }

        let grant = &scripts["01-grant-url.dg"];
        // The consent address is one text literal, its query values percent-encoded.
        let address = assigned_text(grant, "v_GrantUrl").unwrap_or_default();
        let query: Vec<String> = address
            .split_once('?')
            .map(|(_, q)| q.split('&').map(str::to_string).collect())
            .unwrap_or_default();
        let value_of = |key: &str| query.iter().find_map(|q| q.strip_prefix(&format!("{key}="))).map(decode);
        prop_assert_eq!(value_of("client_id"), Some(case.client_id.clone()));
        prop_assert_eq!(value_of("redirect_uri"), Some(case.redirect.clone()));
        prop_assert_eq!(value_of("state"), Some(case.state.clone()));

        let refresh = &scripts["02-refresh-token.dg"];
        prop_assert_eq!(assigned_text(refresh, "v_ClientId"), Some(case.client_id.clone()));
        prop_assert_eq!(assigned_text(refresh, "v_ClientSecret"), Some(case.secret.clone()));
        prop_assert_eq!(assigned_text(refresh, "v_RedirectUri"), Some(case.redirect.clone()));
        prop_assert_eq!(assigned_text(refresh, "v_GrantCode"), Some(case.grant_code.clone()));

        let request = &scripts["write.dg"];
        prop_assert_eq!(assigned_text(request, "v_RefreshToken"), Some(case.refresh_token.clone()));
        let puts = calls(request, "m_Record", "put");
        prop_assert_eq!(puts.len(), case.fields.len());
        for (args, (key, value)) in puts.iter().zip(&case.fields) {
            prop_assert_eq!(&args[0].kind, &ExprKind::Text(key.clone()));
            let read = match &args[1].kind {
                ExprKind::Unary { op: "-", operand } => match &operand.kind {
                    ExprKind::Number(n) => format!("-{n}"),
                    other => panic!("{other:?}"),
                },
                ExprKind::Number(n) => n.clone(),
                ExprKind::Text(t) => t.clone(),
                ExprKind::Bool(b) => b.to_string(),
                other => panic!("{other:?}"),
            };
            match value {
                FieldValue::Text(t) => prop_assert_eq!(&args[1].kind, &ExprKind::Text(t.clone())),
                FieldValue::Integer(n) => prop_assert_eq!(read, n.to_string()),
                FieldValue::Decimal(f) => prop_assert_eq!(read.parse::<f64>().unwrap(), *f),
                FieldValue::Bool(b) => prop_assert_eq!(read, b.to_string()),
            }
        }
    }
}

/// Field names and Map keys read from a function's argument: hostile text too.
fn named_keys() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec((text(), text()), 1..4).prop_map(|pairs| {
        let mut seen = std::collections::HashSet::new();
        pairs
            .into_iter()
            .map(|(name, key)| {
                // A key cannot hold '.', which separates the steps of a reference.
                let key: String = key.chars().filter(|c| *c != '.').collect();
                (format!("f{name}"), format!("k{key}"))
            })
            .filter(|(name, _)| seen.insert(name.clone()))
            .collect()
    })
}

proptest! {
    #[test]
    fn names_and_keys_read_from_arguments_stay_text(pairs in named_keys()) {
        let from_inputs: serde_json::Map<String, Value> = pairs
            .iter()
            .map(|(name, key)| (name.clone(), json!(format!("form.{key}"))))
            .collect();
        let spec = json!({
            "name": "prop",
            "product": "crm",
            "region": "eu",
            "auth": {"mode": "connection", "connection": "c"},
            "scopes": ["ZohoCRM.modules.ALL"],
            "module": "Leads",
            "requests": [{
                "name": "write",
                "method": "POST",
                "inputs": {"form": "Map"},
                "from_inputs": Value::Object(from_inputs),
            }],
        });
        let rendered = common::render_text(&serde_yaml::to_string(&spec).unwrap())
            .map_err(TestCaseError::fail)?;
        let file = &rendered.files[0];
        prop_assert!(lint::lint(&file.contents).is_clean(), "{}", file.contents);
        let (script, _) = parse(&file.contents).unwrap();
        let puts = calls(&script, "m_Record", "put");
        prop_assert_eq!(puts.len(), pairs.len());
        for (args, (name, key)) in puts.iter().zip(&pairs) {
            prop_assert_eq!(&args[0].kind, &ExprKind::Text(name.clone()));
            match &args[1].kind {
                ExprKind::Method { receiver, method, args } => {
                    prop_assert_eq!(receiver.var_name(), Some("form"));
                    prop_assert_eq!(method.as_str(), "get");
                    prop_assert_eq!(&args[0].kind, &ExprKind::Text(key.clone()));
                }
                other => prop_assert!(false, "{other:?} is not form.get(...)"),
            }
        }
    }
}
