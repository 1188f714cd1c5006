//! Checks several products share, each saying which product wants what.

use crate::spec::{FieldPath, Method, OrInput, Problem, Request, Spec, Target};

/// The record an update names, as a phrase: "record 123", "the record given by deal_id".
pub fn record_phrase(request: &Request) -> String {
    match &request.record_id {
        Some(OrInput::Literal(id)) => format!("record {}", id.as_str()),
        Some(OrInput::Input(used)) => format!("the record given by {}", used.reference),
        None => "the record".to_string(),
    }
}

pub fn requests_path(i: usize) -> FieldPath {
    FieldPath::root().key("requests").index(i)
}

/// Each request's method must be one the product answers to.
pub fn methods(spec: &Spec, product: &str, allowed: &[Method], hint: &str) -> Vec<Problem> {
    spec.requests
        .iter()
        .enumerate()
        .filter(|(_, request)| !allowed.contains(&request.method))
        .map(|(i, request)| {
            let names: Vec<&str> = allowed.iter().map(|m| m.as_str()).collect();
            Problem::new(
                requests_path(i).key("method"),
                format!(
                    "{product} requests cannot use method {}; expected one of {}",
                    request.method.as_str(),
                    names.join(", ")
                ),
            )
            .help(hint.to_string())
        })
        .collect()
}

/// Updates need the record's id; creates must not carry one. Requests with a method the
/// product refuses are skipped: that error says enough.
pub fn record_ids(spec: &Spec, update: Method, allowed: &[Method]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (i, request) in spec.requests.iter().enumerate() {
        if !allowed.contains(&request.method) {
            continue;
        }
        let at = requests_path(i);
        match (request.method == update, &request.record_id) {
            (true, None) => problems.push(
                Problem::new(
                    at.key("record_id"),
                    format!("method {} updates one record and needs its record_id", update.as_str()),
                )
                .help("add record_id: \"<the record's id>\" (copy it from the record's address in Zoho)"),
            ),
            // Only CRM allows upsert, and requests with a refused method were skipped above.
            (false, Some(_)) if request.method == Method::Upsert => problems.push(
                Problem::new(at.key("record_id"), "upsert finds the record by its duplicate-check fields and takes no record_id")
                    .help("remove record_id, or use method PUT to update that record"),
            ),
            (false, Some(_)) => problems.push(
                Problem::new(
                    at.key("record_id"),
                    format!("method {} does not take a record_id", request.method.as_str()),
                )
                .help(format!("remove it, or use method {} to update that record", update.as_str())),
            ),
            _ => {}
        }
    }
    problems
}

pub fn no_organization_id(spec: &Spec, product: &str) -> Vec<Problem> {
    match spec.organization_id {
        Some(_) => vec![
            Problem::new(
                FieldPath::root().key("organization_id"),
                format!("organization_id is a Zoho Books setting; {product} does not use it"),
            )
            .help("remove it"),
        ],
        None => Vec::new(),
    }
}

pub fn no_body(spec: &Spec, product: &str) -> Vec<Problem> {
    match spec.body {
        Some(_) => vec![
            Problem::new(
                FieldPath::root().key("body"),
                format!("body is a Zoho Books setting; {product} does not use it"),
            )
            .help("remove it"),
        ],
        None => Vec::new(),
    }
}

pub fn no_trigger(spec: &Spec, product: &str) -> Vec<Problem> {
    spec.requests
        .iter()
        .enumerate()
        .filter(|(_, request)| request.trigger.is_some())
        .map(|(i, _)| {
            Problem::new(
                requests_path(i).key("trigger"),
                format!("trigger is a Zoho CRM setting; {product} does not use it"),
            )
            .help("remove it")
        })
        .collect()
}

/// The module as a single name, checked with `valid`.
pub fn named_module<'s>(
    spec: &'s Spec,
    what: &str,
    valid: fn(&str) -> bool,
    example: &str,
) -> Result<&'s str, Problem> {
    let at = FieldPath::root().key("module");
    match &spec.module {
        Target::Named(name) if valid(name) => Ok(name),
        Target::Named(name) => Err(Problem::new(
            at,
            format!("module \"{name}\" is not a valid {what}"),
        )
        .help(format!("for example module: {example}"))),
        Target::Creator(_) => Err(Problem::new(
            at,
            format!("module must be a {what}, not a mapping of owner/app (that form is for Zoho Creator)"),
        )
        .help(format!("for example module: {example}"))),
    }
}

/// `[A-Za-z0-9_]`, the characters of Zoho's API and link names.
pub fn is_word(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}
