//! Zoho's error answers: what each means and how to fix it. Used by `delugen explain` and
//! by the troubleshooting table of every handover document.

use serde::Serialize;

/// One catalogue entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// A short id (`invalid_code`, `INVALID_DATA/jsonarray`).
    pub id: &'static str,
    /// What Zoho answers, as people see it.
    pub answer: &'static str,
    pub cause: &'static str,
    pub fix: &'static str,
}

pub const CATALOGUE: [Entry; 15] = [
    Entry {
        id: "invalid_code",
        answer: r#"{"error":"invalid_code"}"#,
        cause: "the grant code expired (they last about 2 minutes), was already used, or a newer code replaced it; a wrong or revoked refresh token gives the same answer",
        fix: "run 01-grant-url.dg again, approve, and run 02-refresh-token.dg with the new code at once",
    },
    Entry {
        id: "invalid_client",
        answer: r#"{"error":"invalid_client"}"#,
        cause: "the accounts server does not know this client id: most often the client was registered in another data centre",
        fix: "check region in the spec against the domain you log in at, and the client id in that data centre's API console",
    },
    Entry {
        id: "invalid_client_secret",
        answer: r#"{"error":"invalid_client_secret"}"#,
        cause: "the client secret does not match the client id",
        fix: "copy the secret again from the API console (Client Secret tab) into client.secret or its environment variable",
    },
    Entry {
        id: "invalid_redirect_uri",
        answer: r#"{"error":"invalid_redirect_uri"}"#,
        cause: "redirect_uri differs from the one registered for the client",
        fix: "make client.redirect_uri exactly the registered address, scheme and trailing slash included",
    },
    Entry {
        id: "access_denied",
        answer: r#"{"error":"access_denied"}"#,
        cause: "the consent was refused, or the user may not grant these scopes",
        fix: "sign in as a user allowed to grant the scopes and approve the consent page",
    },
    Entry {
        id: "rate-limit",
        answer: r#"{"error":"Access Denied","error_description":"You have made too many requests continuously..."} (HTTP 200)"#,
        cause: "more than 10 access tokens were requested for one refresh token within 10 minutes",
        fix: "wait 10 minutes; then reuse each access token for its hour (store it) instead of minting one per run",
    },
    Entry {
        id: "AUTHENTICATION_FAILURE",
        answer: r#"{"code":"AUTHENTICATION_FAILURE","message":"Authentication failed"}"#,
        cause: "the Authorization header did not arrive as one `Name: value` header (for example headers sent as an associative array), or the user lacks access",
        fix: "send the header as Authorization: Zoho-oauthtoken <token>; delugen's scripts build it as a Map for invokeurl",
    },
    Entry {
        id: "INVALID_DATA/jsonobject",
        answer: r#"{"code":"INVALID_DATA","details":{"expected_data_type":"jsonobject"}}"#,
        cause: "the CRM body was sent as a Map instead of JSON text",
        fix: "send parameters: m_Body.toString(), as delugen's CRM scripts do",
    },
    Entry {
        id: "INVALID_DATA/jsonarray",
        answer: r#"{"code":"INVALID_DATA","details":{"expected_data_type":"jsonarray","api_name":"data"}}"#,
        cause: "\"data\" held a single record instead of a JSON array of records",
        fix: "put the record in a list under \"data\" (l_Data = List(); l_Data.add(m_Record)), as delugen's CRM scripts do",
    },
    Entry {
        id: "AUTHTOKEN_DEPRECATED",
        answer: r#"{"code":"AUTHTOKEN_DEPRECATED","message":"Authtoken support is deprecated"}"#,
        cause: "a connection of the retired type \"Zoho\" (v1 authtoken) was used",
        fix: "recreate the connection as type \"Zoho OAuth\" and use its link name in auth.connection",
    },
    Entry {
        id: "JSONString",
        answer: r#"{"code":4,"message":"Invalid value passed for JSONString"}"#,
        cause: "Zoho Books did not find the record in the form field JSONString",
        fix: "send a Map with JSONString = the record's JSON text as parameters, as delugen's Books scripts do",
    },
    Entry {
        id: "MANDATORY_NOT_FOUND/data",
        answer: r#"{"code":"MANDATORY_NOT_FOUND","details":{"api_name":"data"}}"#,
        cause: "the CRM body used JSONString (a Books convention) instead of \"data\"",
        fix: "put the records under \"data\", as delugen's CRM scripts do",
    },
    Entry {
        id: "MANDATORY_NOT_FOUND",
        answer: r#"{"code":"MANDATORY_NOT_FOUND","details":{"api_name":"<field>"}}"#,
        cause: "a field the module requires is missing from the record",
        fix: "add the field named in details.api_name to the request's fields",
    },
    Entry {
        id: "INVALID_TOKEN",
        answer: r#"{"code":"INVALID_TOKEN","message":"invalid oauth token"}"#,
        cause: "the access token expired (after an hour), lacks a scope, or comes from another data centre (a .com token on an .eu API)",
        fix: "check region; fetch a fresh access token; if a scope was added, make a new grant code and refresh token",
    },
    Entry {
        id: "OAUTH_SCOPE_MISMATCH",
        answer: r#"{"code":"OAUTH_SCOPE_MISMATCH","message":"invalid oauth scope to access this URL"}"#,
        cause: "the token was granted without a scope this request needs",
        fix: "add the scope to the spec (delugen validate names it), then make a new grant code and refresh token",
    },
];

pub fn entry(id: &str) -> Option<&'static Entry> {
    CATALOGUE.iter().find(|e| e.id == id)
}

/// What `explain` made of one answer (or of one record inside a bulk answer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    Known {
        entry: &'static Entry,
        detail: Option<String>,
    },
    Success(String),
    /// Not in the catalogue: what could be read of it.
    Unknown(String),
}

/// Reads a Zoho answer. A CRM bulk answer gives one reading per record.
pub fn read(answer: &serde_json::Value) -> Vec<Reading> {
    if let Some(records) = answer.get("data").and_then(|d| d.as_array())
        && records.iter().any(|r| r.get("code").is_some())
    {
        return records
            .iter()
            .enumerate()
            .map(|(i, record)| match read_one(record) {
                Reading::Known { entry, detail } => Reading::Known {
                    entry,
                    detail: Some(format!(
                        "record {i}{}",
                        detail.map(|d| format!(": {d}")).unwrap_or_default()
                    )),
                },
                other => other,
            })
            .collect();
    }
    vec![read_one(answer)]
}

fn read_one(answer: &serde_json::Value) -> Reading {
    let text = |key: &str| answer.get(key).and_then(|v| v.as_str());
    let detail = |key: &str| {
        answer
            .get("details")
            .and_then(|d| d.get(key))
            .and_then(|v| v.as_str())
    };
    let known = |id: &str, detail: Option<String>| match entry(id) {
        Some(entry) => Reading::Known { entry, detail },
        None => Reading::Unknown(id.to_string()),
    };
    if let Some(error) = text("error") {
        let description = text("error_description").unwrap_or_default();
        if error == "Access Denied" || description.contains("too many requests") {
            return known("rate-limit", None);
        }
        return match error {
            "invalid_code"
            | "invalid_client"
            | "invalid_client_secret"
            | "invalid_redirect_uri"
            | "access_denied" => known(error, None),
            other => Reading::Unknown(format!("error \"{other}\"")),
        };
    }
    match answer.get("code") {
        Some(serde_json::Value::String(code)) => match code.as_str() {
            "SUCCESS" => Reading::Success("Zoho CRM: the record was written".into()),
            "INVALID_DATA" => match detail("expected_data_type") {
                Some("jsonobject") => known("INVALID_DATA/jsonobject", None),
                Some("jsonarray") => known("INVALID_DATA/jsonarray", None),
                other => Reading::Unknown(format!(
                    "code INVALID_DATA{}",
                    other.map(|o| format!(" expecting {o}")).unwrap_or_default()
                        + &detail("api_name")
                            .map(|f| format!(" for field {f}"))
                            .unwrap_or_default()
                )),
            },
            "MANDATORY_NOT_FOUND" => match detail("api_name") {
                Some("data") => known("MANDATORY_NOT_FOUND/data", None),
                field => known(
                    "MANDATORY_NOT_FOUND",
                    field.map(|f| format!("missing field: {f}")),
                ),
            },
            "AUTHTOKEN_DEPRECATED"
            | "AUTHENTICATION_FAILURE"
            | "INVALID_TOKEN"
            | "OAUTH_SCOPE_MISMATCH" => known(code, None),
            other => Reading::Unknown(format!(
                "code \"{other}\"{}",
                text("message")
                    .map(|m| format!(", message \"{m}\""))
                    .unwrap_or_default()
            )),
        },
        Some(serde_json::Value::Number(n)) => match n.as_i64() {
            Some(0) => Reading::Success("Zoho Books: code 0 means success".into()),
            Some(3000) => Reading::Success("Zoho Creator: code 3000 means success".into()),
            Some(4) if text("message").is_some_and(|m| m.contains("JSONString")) => {
                known("JSONString", None)
            }
            _ => Reading::Unknown(format!(
                "code {n}{}",
                text("message")
                    .map(|m| format!(", message \"{m}\""))
                    .unwrap_or_default()
            )),
        },
        _ => Reading::Unknown("no \"error\" or \"code\" field".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ids(answer: serde_json::Value) -> Vec<&'static str> {
        read(&answer)
            .into_iter()
            .map(|r| match r {
                Reading::Known { entry, .. } => entry.id,
                Reading::Success(_) => "success",
                Reading::Unknown(_) => "unknown",
            })
            .collect()
    }

    #[test]
    fn bulk_answers_are_read_record_by_record() {
        let answer = json!({"data": [
            {"code": "SUCCESS", "status": "success"},
            {"code": "MANDATORY_NOT_FOUND", "details": {"api_name": "Last_Name"}, "status": "error"}
        ]});
        assert_eq!(ids(answer), vec!["success", "MANDATORY_NOT_FOUND"]);
    }

    #[test]
    fn the_rate_limit_is_recognised_by_its_body() {
        let answer = json!({"error_description": "You have made too many requests continuously. Please try again after some time.", "error": "Access Denied", "status": "failure"});
        assert_eq!(ids(answer), vec!["rate-limit"]);
    }
}
