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

/// Updates, reads by id and deletes need the record's id; creates, searches and bulk
/// writes must not carry one. Requests with a method the product refuses are skipped:
/// that error says enough. `delete_by_criteria`: the product also deletes by criteria.
pub fn record_ids(
    spec: &Spec,
    update: Method,
    allowed: &[Method],
    delete_by_criteria: bool,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (i, request) in spec.requests.iter().enumerate() {
        if !allowed.contains(&request.method) {
            continue;
        }
        let at = requests_path(i);
        let method = request.method;
        let needs_id = match method {
            m if m == update => request.records.is_none(),
            Method::Get => true,
            Method::Delete => {
                !(delete_by_criteria && request.criteria.is_some()) && request.records.is_none()
            }
            _ => false,
        };
        let refusal = match (needs_id, &request.record_id) {
            (true, None) => Some((
                match method {
                    Method::Get => "method GET reads one record and needs its record_id".to_string(),
                    Method::Delete if delete_by_criteria => {
                        "method DELETE needs the record_id of the record to delete, or criteria".to_string()
                    }
                    Method::Delete => "method DELETE needs the record_id of the record to delete".to_string(),
                    _ => format!("method {} updates one record and needs its record_id", update.as_str()),
                },
                "add record_id: \"<the record's id>\" (copy it from the record's address in Zoho), or {input: <argument>}".to_string(),
            )),
            (false, Some(_)) if request.records.is_some() => Some((
                "a request over a list (records) takes no record_id: the list names the records".to_string(),
                "remove record_id (for updates, put \"id\" in each record; for deletes, list the ids)".to_string(),
            )),
            (false, Some(_)) if method == Method::Upsert => Some((
                "upsert finds the record by its duplicate-check fields and takes no record_id".to_string(),
                "remove record_id, or use method PUT to update that record".to_string(),
            )),
            (false, Some(_)) if method == Method::Search => Some((
                "search finds records by criteria or filters and takes no record_id".to_string(),
                "remove record_id, or use method GET to read that record".to_string(),
            )),
            (false, Some(_)) => Some((
                format!("method {} does not take a record_id", method.as_str()),
                format!("remove it, or use method {} to update that record", update.as_str()),
            )),
            _ => None,
        };
        if let Some((message, help)) = refusal {
            problems.push(Problem::new(at.key("record_id"), message).help(help));
        }
    }
    problems
}

/// Search and bulk settings each product reads its own way: which filters it takes
/// (`None`: any query parameter name), whether it takes criteria, how far it pages, and
/// which methods take their records from a list.
pub fn searches_and_bulk(
    spec: &Spec,
    product: &str,
    filter_names: Option<&[&str]>,
    takes_criteria: bool,
    paging: super::Paging,
    bulk_methods: &[Method],
    delete_by_criteria: bool,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (i, request) in spec.requests.iter().enumerate() {
        let at = requests_path(i);
        if request.criteria.is_some() && !takes_criteria {
            problems.push(
                Problem::new(at.key("criteria"), format!("{product} searches take filters, not criteria"))
                    .help("write the conditions as query parameters under filters, e.g. filters: {email: {input: email}}"),
            );
        }
        if let Some(filters) = &request.filters {
            for (name, _) in &filters.0 {
                let known = match filter_names {
                    None => {
                        is_query_name(name.as_str()) && !RESERVED_QUERY.contains(&name.as_str())
                    }
                    Some(names) => names.contains(&name.as_str()),
                };
                if known {
                    continue;
                }
                let help = match filter_names {
                    Some([]) => "write the conditions under criteria instead".to_string(),
                    Some(names) => match crate::spec::closest(name.as_str(), names.iter().copied())
                    {
                        Some(near) => format!(
                            "did you mean \"{near}\"? {product} takes {}",
                            names.join(", ")
                        ),
                        None => format!("{product} takes {}", names.join(", ")),
                    },
                    None if RESERVED_QUERY.contains(&name.as_str()) => {
                        "delugen sets it itself; remove it".to_string()
                    }
                    None => "a filter is a query parameter name: lowercase letters, digits and _"
                        .to_string(),
                };
                problems.push(
                    Problem::new(
                        at.key("filters").key(name.as_str()),
                        format!("{product} searches take no filter \"{name}\""),
                    )
                    .help(help),
                );
            }
        }
        if request.method == Method::Search {
            let has_filters = request.filters.as_ref().is_some_and(|f| !f.0.is_empty());
            match (request.criteria.is_some(), has_filters) {
                (false, false) => problems.push(
                    Problem::new(at.key("method"), "a search needs criteria or filters").help(
                        if takes_criteria {
                            "add criteria: {field: Email, op: equals, value: {input: email}}"
                        } else {
                            "add filters: {email: {input: email}}"
                        },
                    ),
                ),
                (true, true) if filter_names.is_some() => problems.push(
                    Problem::new(
                        at.key("filters"),
                        format!("{product} searches by criteria or by one filter, not both"),
                    )
                    .help("keep one of them"),
                ),
                _ => {}
            }
            if let Some(names) = filter_names.filter(|n| !n.is_empty())
                && request.filters.as_ref().is_some_and(|f| f.0.len() > 1)
            {
                problems.push(
                    Problem::new(
                        at.key("filters"),
                        format!(
                            "{product} searches by one of {} at a time",
                            names.join(", ")
                        ),
                    )
                    .help("keep one filter, or write the conditions under criteria"),
                );
            }
            if let Some(pages) = request.max_pages
                && !(1..=paging.max_pages).contains(&pages)
            {
                problems.push(
                    Problem::new(
                        at.key("max_pages"),
                        format!(
                            "max_pages must be 1 to {} for {product}, not {pages}",
                            paging.max_pages
                        ),
                    )
                    .help(paging.why),
                );
            }
        } else {
            let refused = [
                (
                    "criteria",
                    request.criteria.is_some()
                        && !(request.method == Method::Delete && delete_by_criteria),
                ),
                ("filters", request.filters.is_some()),
                ("max_pages", request.max_pages.is_some()),
            ];
            for (key, present) in refused {
                if present {
                    problems.push(
                        Problem::new(at.key(key), format!("{key} only applies to method: search"))
                            .help("remove it, or set method: search"),
                    );
                }
            }
        }
        if request.records.is_some() && !bulk_methods.contains(&request.method) {
            let names: Vec<&str> = bulk_methods.iter().map(|m| m.as_str()).collect();
            problems.push(
                Problem::new(
                    at.key("records"),
                    format!(
                        "{product} takes a list of records only with {}",
                        names.join(", ")
                    ),
                )
                .help("remove records, or change the method"),
            );
        }
    }
    problems
}

/// Query parameters delugen sets itself in a search.
const RESERVED_QUERY: [&str; 4] = ["organization_id", "page", "per_page", "criteria"];

fn is_query_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
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
        Target::Named(name) => {
            // A display name ("Sales Orders") is usually its API name with _ for spaces.
            let joined = name.trim().replace([' ', '-'], "_");
            let help = if joined != *name && valid(&joined) {
                format!("did you mean module: {joined}? API names join words with _")
            } else {
                format!("for example module: {example}")
            };
            Err(Problem::new(at, format!("module \"{name}\" is not a valid {what}")).help(help))
        }
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

/// `date_format` is Zoho Creator's: an application chooses how its dates read. The pattern
/// must be one Deluge's `toString` writes: day, month and year letters and separators.
pub fn date_format(spec: &Spec, product: &str) -> Vec<Problem> {
    let Some(pattern) = &spec.date_format else {
        return Vec::new();
    };
    let at = FieldPath::root().key("date_format");
    if spec.product != crate::zoho::Product::Creator {
        return vec![
            Problem::new(
                at,
                format!(
                    "date_format applies to Zoho Creator only; {product} reads dates as yyyy-MM-dd"
                ),
            )
            .help("remove date_format"),
        ];
    }
    let text = pattern.as_str();
    let allowed = text
        .chars()
        .all(|c| matches!(c, 'd' | 'M' | 'y' | '-' | '/' | '.' | ' ' | ','));
    if !allowed || !["d", "M", "y"].iter().all(|part| text.contains(part)) {
        return vec![
            Problem::new(at, format!("\"{text}\" is not a date pattern"))
                .help("write the application's date format (Settings → General) as a pattern of dd, MM or MMM, yyyy and separators, e.g. dd-MMM-yyyy or MM/dd/yyyy"),
        ];
    }
    Vec::new()
}
