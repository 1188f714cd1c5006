//! Property: whatever text a search compares with, every search script parses, lints
//! clean, and the criteria or query it sends carry the value exactly, escaped the way
//! the product reads it (CRM: `(`, `)`, `,` after a backslash; Creator: `\` and `"`
//! after a backslash inside double quotes; Books: percent-encoded).
//!
//! 256 cases by default; by hand: `PROPTEST_CASES=10000 cargo test --release --test search_props`.

mod common;

use common::props::{allowed_char, assigned_text};
use delugen::deluge::ast::Script;
use delugen::deluge::{lint, parse};
use proptest::prelude::*;
use serde_json::json;

fn text() -> impl Strategy<Value = String> {
    let fragment = prop_oneof![
        Just("(".to_string()),
        Just(")".to_string()),
        Just(",".to_string()),
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just("&page=9".to_string()),
        Just(")or(Email:equals:*)".to_string()),
        Just("\" || ID != 0 || \"".to_string()),
        Just("%20+#".to_string()),
        Just("Zürich 東京 🚀".to_string()),
        prop::collection::vec(allowed_char(), 0..8).prop_map(String::from_iter),
    ];
    prop::collection::vec(fragment, 0..6).prop_map(|parts| parts.concat())
}

fn render(product: &str, request: serde_json::Value) -> Result<Script, TestCaseError> {
    let (scopes, module) = match product {
        "crm" => (
            json!(["ZohoCRM.modules.ALL", "ZohoSearch.securesearch.READ"]),
            json!("Leads"),
        ),
        "books" => (json!(["ZohoBooks.fullaccess.all"]), json!("contacts")),
        _ => (
            json!(["ZohoCreator.report.READ"]),
            json!({"owner": "jane", "app": "orders", "report": "All_Orders"}),
        ),
    };
    let mut spec = json!({
        "name": "prop",
        "product": product,
        "region": "eu",
        "auth": {"mode": "connection", "connection": "conn"},
        "scopes": scopes,
        "module": module,
        "requests": [request],
    });
    if product == "books" {
        spec["organization_id"] = json!("1");
    }
    let rendered =
        common::render_text(&serde_yaml::to_string(&spec).unwrap()).map_err(TestCaseError::fail)?;
    let file = rendered
        .files
        .iter()
        .find(|f| f.path.ends_with("/find.dg"))
        .unwrap();
    prop_assert!(lint::lint(&file.contents).is_clean(), "{}", file.contents);
    Ok(parse(&file.contents).unwrap().0)
}

proptest! {
    #[test]
    fn crm_criteria_carry_the_value_escaped(value in text()) {
        let script = render("crm", json!({
            "name": "find", "method": "search",
            "criteria": {"field": "Last_Name", "op": "starts_with", "value": value},
        }))?;
        let mut escaped = String::new();
        for c in value.chars() {
            if matches!(c, '(' | ')' | ',') {
                escaped.push('\\');
            }
            escaped.push(c);
        }
        prop_assert_eq!(
            assigned_text(&script, "v_Criteria"),
            Some(format!("(Last_Name:starts_with:{escaped})"))
        );
    }

    #[test]
    fn creator_criteria_carry_the_value_quoted(value in text()) {
        let script = render("creator", json!({
            "name": "find", "method": "search",
            "criteria": {"field": "Note", "value": value},
        }))?;
        let quoted = value.replace('\\', "\\\\").replace('"', "\\\"");
        prop_assert_eq!(
            assigned_text(&script, "v_Criteria"),
            Some(format!("Note == \"{quoted}\""))
        );
    }

    #[test]
    fn books_filters_carry_the_value_percent_encoded(value in text()) {
        let script = render("books", json!({
            "name": "find", "method": "search",
            "filters": {"contact_name": value},
        }))?;
        let url = assigned_text(&script, "v_SearchUrl").unwrap();
        let encoded = url.split_once("&contact_name=").unwrap().1;
        prop_assert!(encoded.chars().all(|c| c.is_ascii_alphanumeric() || "%-._~".contains(c)));
        let decoded = percent_encoding::percent_decode_str(encoded).decode_utf8().unwrap();
        prop_assert_eq!(decoded.as_ref(), value.as_str());
    }
}
