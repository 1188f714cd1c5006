//! Product options a request may set (`options:` in the spec): each product's allow-list,
//! where each option travels (query, header, body) and which values it takes. An option
//! not on the list is an error with a did-you-mean, never passed on silently.

use serde::Serialize;

use crate::spec::{FieldPath, FieldValue, Method, Problem, Spec, closest};

/// Where an option travels in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Place {
    /// A query parameter of the address (`?send=true`).
    Query,
    /// A request header (`environment: development`).
    Header,
    /// A key of the JSON body beside the record (`"lar_id": "..."`).
    Body,
}

/// One option a product takes.
pub struct OptionRule {
    pub name: &'static str,
    pub place: Place,
    /// The methods it applies to.
    pub methods: &'static [Method],
    /// The values it takes, when Zoho lists them; otherwise any scalar (or, for a body
    /// option, any value).
    pub values: &'static [&'static str],
    /// What it does, for errors and the README.
    pub about: &'static str,
}

/// Checks `spec`'s options against `rules`; problems name the option and the fix.
pub fn check(spec: &Spec, product: &str, rules: &[OptionRule]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (i, request) in spec.requests.iter().enumerate() {
        let at = FieldPath::root().key("requests").index(i).key("options");
        for (name, value) in &request.options.0 {
            let at = at.key(name.as_str());
            let Some(rule) = rules.iter().find(|r| r.name == name.as_str()) else {
                // Suggest only what this method takes: a near name that applies to
                // another method would be the next error.
                let method = request.method.as_str();
                let names: Vec<&str> = rules
                    .iter()
                    .filter(|r| r.methods.contains(&request.method))
                    .map(|r| r.name)
                    .collect();
                let elsewhere = rules
                    .iter()
                    .filter(|r| !r.methods.contains(&request.method))
                    .map(|r| r.name);
                let help = match closest(name.as_str(), names.iter().copied()) {
                    Some(near) => format!("did you mean \"{near}\"?"),
                    None => {
                        let takes = if names.is_empty() {
                            format!("{product} takes no options for {method}")
                        } else {
                            format!("for {method} {product} takes: {}", names.join(", "))
                        };
                        match closest(name.as_str(), elsewhere) {
                            Some(near) => format!(
                                "\"{near}\" is close but does not apply to {method}; {takes}"
                            ),
                            None => takes,
                        }
                    }
                };
                problems.push(
                    Problem::new(at, format!("{product} has no option \"{name}\"")).help(help),
                );
                continue;
            };
            if !rule.methods.contains(&request.method) {
                let methods: Vec<&str> = rule.methods.iter().map(|m| m.as_str()).collect();
                problems.push(
                    Problem::new(
                        at,
                        format!(
                            "option \"{name}\" does not apply to method {}",
                            request.method.as_str()
                        ),
                    )
                    .help(format!(
                        "{} ({}): remove it here",
                        rule.about,
                        methods.join(", ")
                    )),
                );
                continue;
            }
            let scalar = match value {
                FieldValue::Text(text) => Some(text.as_str().to_string()),
                FieldValue::Bool(b) => Some(b.to_string()),
                FieldValue::Integer(n) => Some(n.to_string()),
                FieldValue::Decimal(n) => Some(n.to_string()),
                FieldValue::List(_) | FieldValue::Map(_) => None,
            };
            match (rule.place, scalar) {
                (Place::Query | Place::Header, None) => problems.push(
                    Problem::new(
                        at,
                        format!("option \"{name}\" takes one value, not a list or mapping"),
                    )
                    .help(rule.about),
                ),
                (_, Some(shown))
                    if !rule.values.is_empty() && !rule.values.contains(&shown.as_str()) =>
                {
                    let hint = closest(&shown, rule.values.iter().copied())
                        .map(|near| format!("did you mean \"{near}\"? "))
                        .unwrap_or_default();
                    problems.push(
                        Problem::new(
                            at,
                            format!(
                                "option \"{name}\" takes {}, not \"{shown}\"",
                                rule.values.join(" or ")
                            ),
                        )
                        .help(format!("{hint}{}", rule.about)),
                    );
                }
                _ => {}
            }
        }
    }
    problems
}

/// The option's value as query or header text.
pub fn as_text(value: &FieldValue) -> String {
    match value {
        FieldValue::Text(text) => text.as_str().to_string(),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}
