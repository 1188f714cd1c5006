//! The lint rules: each catches a mistake from the error catalogue before Zoho does.

use super::facts::{Facts, Put, UNKNOWN, param, payload_name};
use super::{Finding, Rule, Severity};
use crate::deluge::ast::{Expr, ExprKind};
use crate::deluge::lexer::Pos;
use crate::zoho::region::region_of_url;

pub const RULES: [Rule; 13] = [
    Rule {
        code: "DG001",
        name: "crm-body-not-text",
        severity: Severity::Error,
        prevents: r#"{"code":"INVALID_DATA","details":{"expected_data_type":"jsonobject"}}"#,
        fix: "send the body as text: parameters: m_Body.toString()",
        check: crm_body_not_text,
    },
    Rule {
        code: "DG002",
        name: "crm-jsonstring",
        severity: Severity::Error,
        prevents: r#"{"code":"MANDATORY_NOT_FOUND","details":{"api_name":"data"}}"#,
        fix: "Zoho CRM takes records in a list under \"data\": l_Data = List(); l_Data.add(m_Record); m_Body.put(\"data\", l_Data)",
        check: crm_jsonstring,
    },
    Rule {
        code: "DG003",
        name: "books-needs-jsonstring",
        severity: Severity::Error,
        prevents: r#"{"code":4,"message":"Invalid value passed for JSONString"}"#,
        fix: "Zoho Books takes the record in the form field JSONString (m_Form.put(\"JSONString\", m_Record.toString()); parameters: m_Form), or as JSON text with content-type: \"application/json\"",
        check: books_needs_jsonstring,
    },
    Rule {
        code: "DG004",
        name: "crm-data-not-list",
        severity: Severity::Error,
        prevents: r#"{"code":"INVALID_DATA","details":{"expected_data_type":"jsonarray","api_name":"data"}}"#,
        fix: "put the record in a list: l_Data = List(); l_Data.add(m_Record); m_Body.put(\"data\", l_Data)",
        check: crm_data_not_list,
    },
    Rule {
        code: "DG005",
        name: "mixed-data-centres",
        severity: Severity::Error,
        prevents: r#"{"code":"INVALID_TOKEN","message":"invalid oauth token"} or invalid_client"#,
        fix: "use the accounts server and API domain of one data centre (the domain you log in at)",
        check: mixed_data_centres,
    },
    Rule {
        code: "DG006",
        name: "authtoken-v1",
        severity: Severity::Error,
        prevents: r#"{"code":"AUTHTOKEN_DEPRECATED","message":"Authtoken support is deprecated"}"#,
        fix: "use OAuth: an Authorization: Zoho-oauthtoken header or a \"Zoho OAuth\" connection, and API v2 or later",
        check: authtoken_v1,
    },
    Rule {
        code: "DG007",
        name: "token-in-loop",
        severity: Severity::Error,
        prevents: r#"{"error":"Access Denied","error_description":"You have made too many requests continuously..."} (Zoho's OAuth page: 10 access tokens per refresh token every 10 minutes)"#,
        fix: "fetch the access token once, before the loop, and reuse it for its hour",
        check: token_in_loop,
    },
    Rule {
        code: "DG008",
        name: "literal-secret",
        severity: Severity::Warning,
        prevents: "a client secret or refresh token leaking with every copy of the script",
        fix: "use a Zoho OAuth connection, or keep the secret out of shared copies; `// lint: allow(literal-secret)` on the line before accepts it",
        check: literal_secret,
    },
    Rule {
        code: "DG009",
        name: "token-every-run",
        severity: Severity::Warning,
        prevents: r#"{"error":"Access Denied","error_description":"You have made too many requests continuously..."} once the script runs more than 10 times in 10 minutes"#,
        fix: "keep the access token and its expiry in a store and refresh it only within 5 minutes of expiry (delugen: auth.store), or use a Zoho OAuth connection",
        check: token_every_run,
    },
    Rule {
        code: "DG011",
        name: "crm-search-not-encoded",
        severity: Severity::Error,
        prevents: r#"a search that finds the wrong records or none ({"code":"INVALID_QUERY"}): a space, & or # in a criteria, email, phone or word value breaks the address"#,
        fix: "URL-encode the value: \"...search?criteria=\" + zoho.encryption.urlEncode(v_Criteria)",
        check: crm_search_not_encoded,
    },
    Rule {
        code: "DG012",
        name: "books-without-organization-id",
        severity: Severity::Error,
        prevents: "a Zoho Books call refused for want of its organisation: Books needs organization_id on every call",
        fix: "add ?organization_id=<digits> to the address (Settings → Organization Profile shows it)",
        check: books_without_organization_id,
    },
    Rule {
        code: "DG013",
        name: "creator-get-with-body",
        severity: Severity::Error,
        prevents: "a Creator read whose criteria never reach Zoho: a GET carries no body",
        fix: "put the criteria in the address: \".../report/<report>?criteria=\" + zoho.encryption.urlEncode(v_Criteria)",
        check: creator_get_with_body,
    },
    Rule {
        code: "DG014",
        name: "crm-task-without-trigger",
        severity: Severity::Warning,
        prevents: "a record written by a zoho.crm task whose workflow rules never run: Zoho's task pages run them only when the options Map's \"trigger\" names them (the API runs them by default)",
        fix: "pass the options Map: zoho.crm.createRecord(\"Leads\", m_Record, {\"trigger\": {\"workflow\"}}); an empty List sets off none, on purpose",
        check: crm_task_without_trigger,
    },
];

/// The host and path of an address (`https://host/path?query` → (`host`, `/path?query`)).
fn host_and_path(url: &str) -> (&str, &str) {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    match rest.find('/') {
        Some(at) => (&rest[..at], &rest[at..]),
        None => (rest, ""),
    }
}

/// A Zoho CRM API address: its path starts with /crm/ (a Creator app called "crm" or a
/// CRM module called "books" must not confuse the rules).
fn is_crm(url: &str) -> bool {
    host_and_path(url).1.starts_with("/crm/")
}

/// A Zoho Books API address, current (`/books/v3`) or legacy (`books.zoho.*/api/v3`).
fn is_books(url: &str) -> bool {
    let (host, path) = host_and_path(url);
    path.starts_with("/books/") || host.starts_with("books.zoho.")
}

/// Each invokeurl that sends a body (not GET or DELETE): its address, `parameters:` and the
/// block itself.
fn requests<'f, 's>(facts: &'f Facts<'s>) -> impl Iterator<Item = Request<'f, 's>> + 'f {
    facts.invokes.iter().filter_map(|invoke| {
        param(invoke.expr, "url")?;
        let verb = param(invoke.expr, "type")
            .and_then(|t| t.var_name())
            .unwrap_or("GET");
        if verb.eq_ignore_ascii_case("GET") || verb.eq_ignore_ascii_case("DELETE") {
            return None;
        }
        Some((
            invoke.url.as_str(),
            param(invoke.expr, "parameters"),
            invoke.expr,
        ))
    })
}

/// An invokeurl's address, `parameters:` and block.
type Request<'f, 's> = (&'f str, Option<&'s Expr>, &'s Expr);

/// The keys put into the bodies sent to Zoho CRM.
fn crm_body_puts<'f, 's>(facts: &'f Facts<'s>) -> impl Iterator<Item = &'f Put<'s>> + 'f {
    requests(facts)
        .filter(|(url, _, _)| is_crm(url))
        .filter_map(|(_, parameters, _)| parameters)
        .flat_map(|parameters| facts.body_keys(parameters))
}

fn crm_body_not_text(facts: &Facts, found: &mut dyn FnMut(Pos, String)) {
    for (url, parameters, _) in requests(facts) {
        if let Some(parameters) = parameters.filter(|p| is_crm(url) && facts.is_map(p)) {
            found(parameters.pos, "a Map is passed as parameters to a Zoho CRM endpoint; CRM wants the body as JSON text".into());
        }
    }
}

fn crm_jsonstring(facts: &Facts, found: &mut dyn FnMut(Pos, String)) {
    for put in crm_body_puts(facts) {
        if put.key.eq_ignore_ascii_case("JSONString") {
            found(
                put.pos,
                "the CRM body uses \"JSONString\", a Zoho Books convention".into(),
            );
        }
    }
}

fn books_needs_jsonstring(facts: &Facts, found: &mut dyn FnMut(Pos, String)) {
    for (url, parameters, invoke) in requests(facts) {
        let Some(parameters) = parameters.filter(|_| is_books(url)) else {
            continue;
        };
        let keys = facts.body_keys(parameters);
        if keys
            .iter()
            .any(|p| p.key.eq_ignore_ascii_case("JSONString"))
        {
            continue;
        }
        // Books' current pages document the record's JSON text as the body, sent with
        // content-type application/json.
        let json_content = param(invoke, "content-type").is_some_and(|ct| {
            facts
                .text_of(ct)
                .to_ascii_lowercase()
                .starts_with("application/json")
        });
        if let Some(data) = keys.iter().find(|p| p.key.eq_ignore_ascii_case("data")) {
            found(
                data.pos,
                "the Books request puts the record under \"data\", a Zoho CRM convention".into(),
            );
        } else if facts.is_text(parameters) && !json_content {
            found(parameters.pos, "the Books request sends JSON text without content-type \"application/json\"; Books wants it so, or the record in the form field JSONString".into());
        }
    }
}

fn crm_data_not_list(facts: &Facts, found: &mut dyn FnMut(Pos, String)) {
    for put in crm_body_puts(facts) {
        // A loop variable may hold anything: only a value known not to be a list is a finding.
        let unknown = put
            .value
            .var_name()
            .is_some_and(|name| facts.loop_vars.contains(&name.to_ascii_lowercase()));
        if put.key == "data" && !facts.is_list(put.value) && !unknown {
            found(
                put.value.pos,
                "the record is put under \"data\" without a list around it; CRM wants a JSON array"
                    .into(),
            );
        }
    }
}

fn mixed_data_centres(facts: &Facts, found: &mut dyn FnMut(Pos, String)) {
    let mut first: Option<(crate::zoho::Region, String)> = None;
    for (url, pos) in &facts.urls {
        let Some(region) = region_of_url(url) else {
            continue;
        };
        let host: String = url
            .split("://")
            .nth(1)
            .unwrap_or_default()
            .chars()
            .take_while(|c| !matches!(c, '/' | '?'))
            .collect();
        match &first {
            None => first = Some((region, host)),
            Some((seen, seen_host)) if *seen != region => {
                found(
                    *pos,
                    format!(
                        "{host} is in data centre {}, but {seen_host} earlier is in {}; a token from one is refused by the other",
                        region.key(),
                        seen.key()
                    ),
                );
                return;
            }
            Some(_) => {}
        }
    }
}

fn authtoken_v1(facts: &Facts, found: &mut dyn FnMut(Pos, String)) {
    for (url, pos) in &facts.urls {
        let lower = url.to_ascii_lowercase();
        let path = host_and_path(&lower).1;
        if path.starts_with("/crm/v1/") || path.starts_with("/crm/private/") {
            found(*pos, "this is the retired CRM API v1 address".into());
        } else if lower.contains("authtoken=") {
            found(*pos, "authtoken is the retired v1 credential".into());
        }
    }
    for put in facts.bodies_sent_to("zoho") {
        if put.key.eq_ignore_ascii_case("authtoken") {
            found(put.pos, "authtoken is the retired v1 credential".into());
        }
    }
}

fn token_in_loop(facts: &Facts, found: &mut dyn FnMut(Pos, String)) {
    for invoke in &facts.invokes {
        if invoke.loops > 0 && invoke.url.contains("/oauth/v2/token") {
            found(
                invoke.expr.pos,
                "an access token is requested inside a loop".into(),
            );
        }
    }
}

/// Keys whose text value is a credential wherever the map goes.
const SECRET_KEYS: [&str; 2] = ["client_secret", "refresh_token"];

fn literal_secret(facts: &Facts, found: &mut dyn FnMut(Pos, String)) {
    // A map put into another collection is a record on its way to an API, whose fields
    // may be called anything; a form of its own (sent to the accounts server, or not
    // sent at all) with these keys holds credentials.
    let sent_to_api: Vec<String> = facts
        .invokes
        .iter()
        .filter(|invoke| !invoke.url.contains("/oauth/"))
        .filter_map(|invoke| param(invoke.expr, "parameters"))
        .filter_map(payload_name)
        .collect();
    for (map, puts) in &facts.puts {
        if facts.nested.contains(map) || sent_to_api.contains(map) {
            continue;
        }
        for put in puts {
            if SECRET_KEYS.iter().any(|k| put.key.eq_ignore_ascii_case(k))
                && matches!(&put.value.kind, ExprKind::Text(t) if !t.is_empty())
            {
                found(
                    put.value.pos,
                    format!("a {} is written into the script", put.key.replace('_', " ")),
                );
            }
        }
    }
    for (name, values) in &facts.assigned {
        if !name.contains("secret") {
            continue;
        }
        for value in values {
            if matches!(&value.kind, ExprKind::Text(t) if !t.is_empty()) {
                found(
                    value.pos,
                    "a client secret is written into the script".into(),
                );
            }
        }
    }
}

/// A refresh-token exchange that runs every time (not inside an `if`) in a script that
/// also calls an API: each run mints a token, and the 11th run in 10 minutes is refused.
fn token_every_run(facts: &Facts, found: &mut dyn FnMut(Pos, String)) {
    let calls_api = facts
        .invokes
        .iter()
        .any(|invoke| !invoke.url.contains("/oauth/v2/"));
    if !calls_api {
        return;
    }
    for invoke in &facts.invokes {
        if invoke.conditional || invoke.loops > 0 || !invoke.url.contains("/oauth/v2/token") {
            continue;
        }
        let refreshes = param(invoke.expr, "parameters").is_some_and(|parameters| {
            facts.body_keys(parameters).iter().any(|put| {
                put.key.eq_ignore_ascii_case("grant_type")
                    && facts
                        .text_of(put.value)
                        .eq_ignore_ascii_case("refresh_token")
            })
        }) || invoke.url.contains("grant_type=refresh_token");
        if refreshes {
            found(
                invoke.expr.pos,
                "an access token is fetched on every run of a script that also calls an API, with no reuse".into(),
            );
        }
    }
}

/// The parameters of a CRM search that carry a value to search for.
const CRM_SEARCH_VALUES: [&str; 4] = ["criteria", "email", "phone", "word"];

fn crm_search_not_encoded(facts: &Facts, found: &mut dyn FnMut(Pos, String)) {
    for invoke in &facts.invokes {
        let Some(url) = param(invoke.expr, "url") else {
            continue;
        };
        let address = facts.address_of(url);
        let (_, path) = host_and_path(&address);
        let Some((path, query)) = path.split_once('?') else {
            continue;
        };
        if !path.starts_with("/crm/") || !path.trim_end_matches('/').ends_with("/search") {
            continue;
        }
        for pair in query.split('&') {
            let Some((name, value)) = pair.split_once('=') else {
                continue;
            };
            if !CRM_SEARCH_VALUES.contains(&name) {
                continue;
            }
            if value.contains(UNKNOWN) {
                found(
                    url.pos,
                    format!("the {name} value of this CRM search is not URL-encoded"),
                );
            } else if let Some(c) = value
                .chars()
                .find(|c| c.is_whitespace() || matches!(c, '#' | '"') || !c.is_ascii())
            {
                found(
                    url.pos,
                    format!("the {name} value of this CRM search holds {c:?} unencoded"),
                );
            }
        }
    }
}

fn books_without_organization_id(facts: &Facts, found: &mut dyn FnMut(Pos, String)) {
    for invoke in &facts.invokes {
        let Some(url) = param(invoke.expr, "url") else {
            continue;
        };
        // An address that ends in a computed part may carry the query in it.
        let address = facts.address_of(url);
        if !is_books(&address) || address.ends_with(UNKNOWN) || address.contains("organization_id")
        {
            continue;
        }
        let in_body = param(invoke.expr, "parameters").is_some_and(|parameters| {
            facts
                .body_keys(parameters)
                .iter()
                .any(|put| put.key == "organization_id")
        });
        if !in_body {
            found(
                url.pos,
                "this Zoho Books call names no organization_id".into(),
            );
        }
    }
}

fn creator_get_with_body(facts: &Facts, found: &mut dyn FnMut(Pos, String)) {
    for invoke in &facts.invokes {
        let verb = param(invoke.expr, "type")
            .and_then(|t| t.var_name())
            .unwrap_or("GET");
        if !verb.eq_ignore_ascii_case("GET")
            || !host_and_path(&invoke.url).1.starts_with("/creator/")
        {
            continue;
        }
        for key in ["parameters", "body"] {
            if let Some(value) = param(invoke.expr, key) {
                found(
                    value.pos,
                    format!("a GET to Zoho Creator with {key}: a GET carries no body"),
                );
            }
        }
    }
}

/// The zoho.crm write tasks, with the position of their options Map among the arguments.
const CRM_WRITE_TASKS: [(&str, usize); 5] = [
    ("zoho.crm.createrecord", 2),
    ("zoho.crm.updaterecord", 3),
    ("zoho.crm.upsert", 2),
    ("zoho.crm.bulkcreate", 2),
    ("zoho.crm.bulkupdate", 2),
];

fn crm_task_without_trigger(facts: &Facts, found: &mut dyn FnMut(Pos, String)) {
    for (name, args, pos) in &facts.tasks {
        let lowered = name
            .to_ascii_lowercase()
            .replace("zoho.crm.v8.", "zoho.crm.");
        let Some((_, options_at)) = CRM_WRITE_TASKS.iter().find(|(task, _)| *task == lowered)
        else {
            continue;
        };
        if args.len() <= *options_at {
            found(
                *pos,
                format!("{name} without an options Map sets off no workflow rule"),
            );
        }
    }
}

pub fn run_all(facts: &Facts) -> Vec<Finding> {
    let mut findings = Vec::new();
    for rule in &RULES {
        (rule.check)(facts, &mut |pos, message| {
            findings.push(Finding { rule, pos, message });
        });
    }
    findings
}
