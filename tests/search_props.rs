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
        Just("x\\)or\\(Email:equals:evil@x.example".to_string()),
        Just("C:\\".to_string()),
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

/// A backslash just before `(`, `)`, `,` or the end of the value.
fn ambiguous_backslash(value: &str) -> bool {
    let chars: Vec<char> = value.chars().collect();
    chars
        .iter()
        .enumerate()
        .any(|(i, c)| *c == '\\' && chars.get(i + 1).is_none_or(|n| "(),".contains(*n)))
}

/// CRM criteria read one of the two ways Zoho's rules allow: a backslash escapes only
/// `(`, `)` and `,` (`only_specials`), or any character, itself included. Gives the
/// condition (`F:op:value`, unescaped) when the text is exactly one `(F:op:value)`.
fn one_condition(criteria: &str, only_specials: bool) -> Option<String> {
    let inner = criteria.strip_prefix('(')?;
    let mut value = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.peek().copied() {
                Some(n) if "(),".contains(n) || !only_specials => {
                    value.push(n);
                    chars.next();
                }
                Some(_) => value.push('\\'),
                None => return None,
            },
            ')' => return chars.next().is_none().then_some(value),
            '(' | ',' => return None,
            other => value.push(other),
        }
    }
    None
}

/// What the script's `replaceAll` chain does to an argument's value in CRM criteria.
fn runtime_escape(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    let mut kept = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\\' {
            let run_end = (i..chars.len())
                .find(|&j| chars[j] != '\\')
                .unwrap_or(chars.len());
            // Dropped before (, ) or , and at the end (a trailing line break counts as the end).
            let before_end =
                run_end == chars.len() || (run_end + 1 == chars.len() && chars[run_end] == '\n');
            if before_end || "(),".contains(chars[run_end]) {
                i = run_end;
                continue;
            }
            kept.extend(&chars[i..run_end]);
            i = run_end;
            continue;
        }
        kept.push(chars[i]);
        i += 1;
    }
    let mut escaped = String::new();
    for c in kept {
        if "(),".contains(c) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

#[test]
fn argument_values_in_crm_criteria_are_escaped_by_this_chain() {
    let yaml = serde_yaml::to_string(&json!({
        "name": "prop", "product": "crm", "region": "eu",
        "auth": {"mode": "connection", "connection": "conn"},
        "scopes": ["ZohoCRM.modules.ALL", "ZohoSearch.securesearch.READ"],
        "module": "Leads",
        "requests": [{"name": "find", "method": "search",
            "inputs": {"name": "String"},
            "criteria": {"field": "Last_Name", "value": {"input": "name"}}}],
    }))
    .unwrap();
    let rendered = common::render_text(&yaml).unwrap();
    let file = rendered
        .files
        .iter()
        .find(|f| f.path.ends_with("/find.dg"))
        .unwrap();
    assert!(
        file.contents.contains(r#"name.toString().replaceAll("\\\\+([(),])", "$1").replaceAll("\\\\+$", "").replaceAll("([(),])", "\\\\$1")"#),
        "{}",
        file.contents
    );
    for (value, expected) in [
        (
            "x\\)or\\(Email:equals:evil@x.example",
            "x\\)or\\(Email:equals:evil@x.example",
        ),
        ("C:\\", "C:"),
        ("a\\b", "a\\b"),
    ] {
        let escaped = runtime_escape(value);
        assert_eq!(escaped, expected);
        for only_specials in [true, false] {
            assert!(
                one_condition(&format!("(Last_Name:equals:{escaped})"), only_specials).is_some(),
                "{value:?} → {escaped:?}"
            );
        }
    }
}

proptest! {
    /// No literal value (that is accepted) and no argument's value can add a condition
    /// or break the criteria, under either reading of the backslash.
    #[test]
    fn no_value_adds_a_condition(value in text()) {
        let arguments = runtime_escape(&value);
        for only_specials in [true, false] {
            let read = one_condition(&format!("(F:equals:{arguments})"), only_specials);
            prop_assert!(read.is_some(), "argument {:?} → {:?}", value, arguments);
        }
        if !ambiguous_backslash(&value) {
            let mut literal = String::new();
            for c in value.chars() {
                if "(),".contains(c) {
                    literal.push('\\');
                }
                literal.push(c);
            }
            let criteria = format!("(F:equals:{literal})");
            let read = one_condition(&criteria, true);
            prop_assert_eq!(read, Some(format!("F:equals:{value}")));
            prop_assert!(one_condition(&criteria, false).is_some());
        }
    }

    #[test]
    fn crm_criteria_carry_the_value_escaped(value in text()) {
        let spec = json!({
            "name": "find", "method": "search",
            "criteria": {"field": "Last_Name", "op": "starts_with", "value": value},
        });
        if ambiguous_backslash(&value) {
            // Refused: no escaping of it means the same under both readings of CRM's rules.
            let error = render("crm", spec).unwrap_err().to_string();
            prop_assert!(error.contains("this CRM criteria value has a backslash"), "{}", error);
            return Ok(());
        }
        let script = render("crm", spec)?;
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
