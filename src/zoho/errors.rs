//! Zoho's error answers: what each means and how to fix it. Used by `delugen explain` and
//! by the troubleshooting table of every handover document.

use serde::Serialize;

use super::Product;

/// One catalogue entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// A short id (`invalid_code`, `INVALID_DATA/jsonarray`).
    pub id: &'static str,
    /// What Zoho answers, as people see it.
    pub answer: &'static str,
    pub cause: &'static str,
    pub fix: &'static str,
    /// What the client's administrator does about it, in the product's own words: the
    /// handover's reader, who has the scripts but not the spec they came from.
    pub admin: &'static str,
    /// The products that answer so (all when empty).
    #[serde(skip)]
    pub products: &'static [Product],
    /// An answer of Zoho's accounts server, met only by scripts that fetch their own tokens.
    #[serde(skip)]
    pub oauth: bool,
}

impl Entry {
    /// Does a user of `product` meet this answer (with their own client in token mode)?
    pub fn concerns(&self, product: Product, token_mode: bool) -> bool {
        (self.products.is_empty() || self.products.contains(&product))
            && (token_mode || !self.oauth)
    }
}

const ALL: &[Product] = &[];
const CRM: &[Product] = &[Product::Crm];
const BOOKS: &[Product] = &[Product::Books];
const CREATOR: &[Product] = &[Product::Creator];

pub const CATALOGUE: [Entry; 24] = [
    Entry {
        id: "invalid_code",
        answer: r#"{"error":"invalid_code"}"#,
        cause: "the grant code expired (they last about 2 minutes), was already used, or a newer code replaced it; a wrong or revoked refresh token gives the same answer",
        fix: "run 01-grant-url.dg again, approve, and run 02-refresh-token.dg with the new code at once",
        admin: "make a new grant code (see Setting it up) and use it at once: a code works once, for a few minutes",
        products: ALL,
        oauth: true,
    },
    Entry {
        id: "invalid_client",
        answer: r#"{"error":"invalid_client"}"#,
        cause: "the accounts server does not know this client id: most often the client was registered in another data centre",
        fix: "check region in the spec against the domain you log in at, and the client id in that data centre's API console",
        admin: "sign in at the data centre given under At a glance, and check that the client id is in that data centre's API console; if the organisation is in another data centre, tell whoever prepared the scripts",
        products: ALL,
        oauth: true,
    },
    Entry {
        id: "invalid_client_secret",
        answer: r#"{"error":"invalid_client_secret"}"#,
        cause: "the client secret does not match the client id",
        fix: "copy the secret again from the API console (Client Secret tab) into client.secret or its environment variable",
        admin: "copy the client secret again from the API console (Client Secret tab) into the place the set-up keeps it; where the scripts themselves hold it, ask whoever prepared them for scripts with the new secret",
        products: ALL,
        oauth: true,
    },
    Entry {
        id: "invalid_redirect_uri",
        answer: r#"{"error":"invalid_redirect_uri"}"#,
        cause: "redirect_uri differs from the one registered for the client",
        fix: "make client.redirect_uri exactly the registered address, scheme and trailing slash included",
        admin: "make the client's redirect URI in the API console exactly the one given under At a glance, scheme and trailing slash included",
        products: ALL,
        oauth: true,
    },
    Entry {
        id: "access_denied",
        answer: r#"{"error":"access_denied"}"#,
        cause: "the consent was refused, or the user may not grant these scopes",
        fix: "sign in as a user allowed to grant the scopes and approve the consent page",
        admin: "sign in as a user allowed to grant these scopes (an administrator) and approve the consent page",
        products: ALL,
        oauth: true,
    },
    Entry {
        id: "rate-limit",
        answer: r#"{"error":"Access Denied","error_description":"You have made too many requests continuously..."}"#,
        cause: "too many access tokens were requested for one refresh token in a short time: Zoho's OAuth pages say at most 10 every 10 minutes (other Zoho pages give other figures); the answer may arrive with HTTP 200, so only its body tells",
        fix: "wait 10 minutes; then reuse each access token for its hour: auth.store crm-variables or creator-form keeps it and refreshes it only within 5 minutes of expiry, or use a connection (auth.mode: connection)",
        admin: "wait 10 minutes before the next run; if it comes back, the scripts run more than 10 times in 10 minutes: ask for scripts that keep their token for the hour, or that use a connection",
        products: ALL,
        oauth: true,
    },
    Entry {
        id: "AUTHENTICATION_FAILURE",
        answer: r#"{"code":"AUTHENTICATION_FAILURE","message":"Authentication failed"}"#,
        cause: "the Authorization header did not arrive as one `Name: value` header (for example headers sent as an associative array), or the user lacks access",
        fix: "send the header as Authorization: Zoho-oauthtoken <token>; delugen's scripts build it as a Map for invokeurl",
        admin: "paste the script again unchanged, and check that the user the integration acts for may use this module",
        products: CRM,
        oauth: false,
    },
    Entry {
        id: "INVALID_DATA/jsonobject",
        answer: r#"{"code":"INVALID_DATA","details":{"expected_data_type":"jsonobject"}}"#,
        cause: "the CRM body was sent as a Map instead of JSON text",
        fix: "send parameters: m_Body.toString(), as delugen's CRM scripts do",
        admin: "the script was changed after it was prepared: paste the original file again",
        products: CRM,
        oauth: false,
    },
    Entry {
        id: "INVALID_DATA/jsonarray",
        answer: r#"{"code":"INVALID_DATA","details":{"expected_data_type":"jsonarray","api_name":"data"}}"#,
        cause: "\"data\" held a single record instead of a JSON array of records",
        fix: "put the record in a list under \"data\" (l_Data = List(); l_Data.add(m_Record)), as delugen's CRM scripts do",
        admin: "the script was changed after it was prepared: paste the original file again",
        products: CRM,
        oauth: false,
    },
    Entry {
        id: "INVALID_DATA/field-jsonarray",
        answer: r#"{"code":"INVALID_DATA","details":{"expected_data_type":"jsonarray","api_name":"<field>"}}"#,
        cause: "the field named in details.api_name holds several values (a multi-select picklist, multi-user or multi-lookup field, a subform) and was sent a single text",
        fix: "write that field's value in the spec as a YAML list (Tags: [Urgent, VIP]); delugen sends lists as JSON arrays",
        admin: "send the answer (it names the field) to whoever prepared the scripts: the field takes a list of values",
        products: CRM,
        oauth: false,
    },
    Entry {
        id: "INVALID_DATA/field-jsonobject",
        answer: r#"{"code":"INVALID_DATA","details":{"expected_data_type":"jsonobject","api_name":"<field>"}}"#,
        cause: "the field named in details.api_name is a lookup or user field and was sent a text instead of an object",
        fix: "write that field's value in the spec as a mapping with the record's id (Account_Name: {id: \"4876876000000123456\"})",
        admin: "send the answer (it names the field) to whoever prepared the scripts: the field takes a record's id",
        products: CRM,
        oauth: false,
    },
    Entry {
        id: "INVALID_DATA/field",
        answer: r#"{"code":"INVALID_DATA","details":{"expected_data_type":"<type>","api_name":"<field>"}}"#,
        cause: "the value of the field named in details.api_name does not fit the field's type (a number field sent text, a date in another format, a picklist value that does not exist, text over the maximum length)",
        fix: "write the value in the type details.expected_data_type names (numbers unquoted, dates as yyyy-MM-dd, picklist values exactly as defined)",
        admin: "check the value against the field's type and picklist values in the module's layout; send the answer (it names the field) to whoever prepared the scripts if the value is theirs",
        products: CRM,
        oauth: false,
    },
    Entry {
        id: "DUPLICATE_DATA",
        answer: r#"{"code":"DUPLICATE_DATA","details":{"api_name":"<field>","duplicate_record":{"id":"..."}}}"#,
        cause: "another record already holds this value in a field that must be unique (details names the field and often the record)",
        fix: "update that record instead (method PUT with its record_id), or use method upsert with duplicate_check_fields naming the field",
        admin: "open the record the answer names: update it instead, or clear the duplicate; tell whoever prepared the scripts if the request should update such records",
        products: CRM,
        oauth: false,
    },
    Entry {
        id: "INVALID_URL_PATTERN",
        answer: r#"{"code":"INVALID_URL_PATTERN","message":"Please check if the URL trying to access is a correct one"}"#,
        cause: "the address is not one Zoho CRM's API knows: a typo in the path, an API version it does not answer on, or a record id where none belongs",
        fix: "compare the address with the generated script ({api}/crm/v8/{Module}, /{id} to update, /upsert); check api_version and that the script was not edited",
        admin: "the script was changed after it was prepared: paste the original file again",
        products: CRM,
        oauth: false,
    },
    Entry {
        id: "INVALID_MODULE",
        answer: r#"{"code":"INVALID_MODULE","message":"the module name given seems to be invalid"}"#,
        cause: "the module is not an API name this CRM knows: a label (\"Sales Orders\") instead of the API name, a module renamed or not enabled, or an API name of another organisation",
        fix: "copy the API name from Setup → Developer Space → APIs → API names (Leads, Sales_Orders, a custom module's own name) into module",
        admin: "check that the module is enabled and still has the API name the script uses (Setup → Developer Space → APIs → API names); a renamed module needs new scripts",
        products: CRM,
        oauth: false,
    },
    Entry {
        id: "books-57",
        answer: r#"{"code":57,"message":"You are not authorized to perform this operation"}"#,
        cause: "Zoho Books refused the call: the user's role lacks the permission, the organisation id names an organisation they do not belong to, the token lacks the scope, or the access token expired or comes from another data centre",
        fix: "check region, the user's role (Books: Settings → Users & Roles), that organization_id is theirs, and the scopes; make a new grant code and refresh token if scopes changed",
        admin: "check the user's role (Settings → Users & Roles), that the user belongs to the organisation the scripts name, and that the connection or client has the scopes listed above; after adding a scope, connect again or make a new grant code",
        products: BOOKS,
        oauth: false,
    },
    Entry {
        id: "books-1002",
        answer: r#"{"code":1002,"message":"<Record> does not exist."}"#,
        cause: "no record with this id in this Books organisation: a wrong record id, a deleted record, or an id from another organisation",
        fix: "open the record in Books and copy the id from its address into record_id; check organization_id",
        admin: "the record the script names is not in this organisation (deleted, or another organisation's): check it in Zoho Books",
        products: BOOKS,
        oauth: false,
    },
    Entry {
        id: "creator-3xxx",
        answer: r#"{"code":3001,"error":{...},"message":"..."}"#,
        cause: "Zoho Creator refused the request or a record in it (codes 3001 to 3999; 3000 is success): most often a record failed the form's validation (a mandatory field empty, a value of the wrong type, a field link name the form does not have); 3950, 3960 and 3970 mean more than 200 records in one request",
        fix: "read the answer's message and error: they name the fields; use field link names (not labels) and fill every mandatory field",
        admin: "read the answer's message and error: they name the fields; fill the form's mandatory fields with values of the right type, and check the field link names in the form builder",
        products: CREATOR,
        oauth: false,
    },
    Entry {
        id: "AUTHTOKEN_DEPRECATED",
        answer: r#"{"code":"AUTHTOKEN_DEPRECATED","message":"Authtoken support is deprecated"}"#,
        cause: "a connection of the retired type \"Zoho\" (v1 authtoken) was used",
        fix: "recreate the connection as type \"Zoho OAuth\" and use its link name in auth.connection",
        admin: "create the connection again as type \"Zoho OAuth\", with the same link name",
        products: ALL,
        oauth: false,
    },
    Entry {
        id: "JSONString",
        answer: r#"{"code":4,"message":"Invalid value passed for JSONString"}"#,
        cause: "Zoho Books did not find the record in the form field JSONString",
        fix: "send a Map with JSONString = the record's JSON text as parameters, as delugen's Books scripts do",
        admin: "the script was changed after it was prepared: paste the original file again",
        products: BOOKS,
        oauth: false,
    },
    Entry {
        id: "MANDATORY_NOT_FOUND/data",
        answer: r#"{"code":"MANDATORY_NOT_FOUND","details":{"api_name":"data"}}"#,
        cause: "the CRM body used JSONString (a Books convention) instead of \"data\"",
        fix: "put the records under \"data\", as delugen's CRM scripts do",
        admin: "the script was changed after it was prepared: paste the original file again",
        products: CRM,
        oauth: false,
    },
    Entry {
        id: "MANDATORY_NOT_FOUND",
        answer: r#"{"code":"MANDATORY_NOT_FOUND","details":{"api_name":"<field>"}}"#,
        cause: "a field the module requires is missing from the record",
        fix: "add the field named in details.api_name to the request's fields",
        admin: "the module requires a field the script does not send (details.api_name names it): make it optional in the layout, or ask whoever prepared the scripts to send it",
        products: CRM,
        oauth: false,
    },
    Entry {
        id: "INVALID_TOKEN",
        answer: r#"{"code":"INVALID_TOKEN","message":"invalid oauth token"}"#,
        cause: "the access token expired (after an hour), lacks a scope, or comes from another data centre (a .com token on an .eu API)",
        fix: "check region; fetch a fresh access token; if a scope was added, make a new grant code and refresh token",
        admin: "check the data centre (At a glance); run the request again for a fresh token; after adding a scope, connect again or make a new grant code and refresh token",
        products: CRM,
        oauth: false,
    },
    Entry {
        id: "OAUTH_SCOPE_MISMATCH",
        answer: r#"{"code":"OAUTH_SCOPE_MISMATCH","message":"invalid oauth scope to access this URL"}"#,
        cause: "the token was granted without a scope this request needs",
        fix: "add the scope to the spec (delugen validate names it), then make a new grant code and refresh token",
        admin: "add the scope the request needs: for a connection, edit it, tick the scope and connect again; for a client, make a new grant code and refresh token with the scopes listed above",
        products: CRM,
        oauth: false,
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
            "INVALID_DATA" => {
                // A field named in api_name (not "data") is a field-level answer.
                let field = detail("api_name").filter(|name| *name != "data");
                match (detail("expected_data_type"), field) {
                    (Some("jsonarray"), Some(field)) => known(
                        "INVALID_DATA/field-jsonarray",
                        Some(format!("field: {field}")),
                    ),
                    (Some("jsonobject"), Some(field)) => known(
                        "INVALID_DATA/field-jsonobject",
                        Some(format!("field: {field}")),
                    ),
                    (Some("jsonobject"), None) => known("INVALID_DATA/jsonobject", None),
                    (Some("jsonarray"), None) => known("INVALID_DATA/jsonarray", None),
                    (expected, Some(field)) => known(
                        "INVALID_DATA/field",
                        Some(format!(
                            "field: {field}{}",
                            expected
                                .map(|e| format!(", expected type: {e}"))
                                .unwrap_or_default()
                        )),
                    ),
                    (other, None) => Reading::Unknown(format!(
                        "code INVALID_DATA{}",
                        other.map(|o| format!(" expecting {o}")).unwrap_or_default()
                    )),
                }
            }
            "DUPLICATE_DATA" => {
                let record = answer
                    .get("details")
                    .and_then(|d| {
                        d.get("duplicate_record")
                            .and_then(|r| r.get("id"))
                            .or(d.get("id"))
                    })
                    .and_then(|v| v.as_str());
                let detail = match (detail("api_name"), record) {
                    (Some(field), Some(id)) => {
                        Some(format!("field: {field}, existing record: {id}"))
                    }
                    (Some(field), None) => Some(format!("field: {field}")),
                    (None, Some(id)) => Some(format!("existing record: {id}")),
                    (None, None) => None,
                };
                known("DUPLICATE_DATA", detail)
            }
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
            | "OAUTH_SCOPE_MISMATCH"
            | "INVALID_URL_PATTERN"
            | "INVALID_MODULE" => known(code, None),
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
            Some(57) => known("books-57", None),
            Some(1002) => known(
                "books-1002",
                text("message").map(|m| format!("message: {m}")),
            ),
            Some(code @ 3001..=3999) => {
                let mut detail = format!("code {code}");
                if let Some(message) = text("message") {
                    detail += &format!(", message: {message}");
                }
                if let Some(error) = answer.get("error").filter(|e| !e.is_null()) {
                    detail += &format!(", error: {error}");
                }
                known("creator-3xxx", Some(detail))
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
    fn field_level_invalid_data_names_the_field() {
        let answer = json!({"data": [{"code": "INVALID_DATA", "details": {"expected_data_type": "jsonarray", "api_name": "Tags"}, "status": "error"}]});
        assert_eq!(
            read(&answer),
            vec![Reading::Known {
                entry: entry("INVALID_DATA/field-jsonarray").unwrap(),
                detail: Some("record 0: field: Tags".into()),
            }]
        );
        assert_eq!(
            ids(
                json!({"code": "INVALID_DATA", "details": {"expected_data_type": "jsonobject", "api_name": "Account_Name"}})
            ),
            vec!["INVALID_DATA/field-jsonobject"]
        );
        assert_eq!(
            ids(
                json!({"code": "INVALID_DATA", "details": {"expected_data_type": "jsonarray", "api_name": "data"}})
            ),
            vec!["INVALID_DATA/jsonarray"]
        );
        assert_eq!(
            ids(
                json!({"code": "INVALID_DATA", "details": {"expected_data_type": "integer", "api_name": "Hours"}})
            ),
            vec!["INVALID_DATA/field"]
        );
    }

    #[test]
    fn books_and_creator_codes_are_read() {
        assert_eq!(
            ids(json!({"code": 57, "message": "You are not authorized to perform this operation"})),
            vec!["books-57"]
        );
        assert_eq!(
            ids(json!({"code": 1002, "message": "Invoice does not exist."})),
            vec!["books-1002"]
        );
        assert_eq!(
            ids(json!({"code": 3001, "error": {"Email": "Enter a valid email"}})),
            vec!["creator-3xxx"]
        );
        assert_eq!(ids(json!({"code": 3000})), vec!["success"]);
        assert_eq!(ids(json!({"code": 4000})), vec!["unknown"]);
    }

    #[test]
    fn every_entry_has_a_cause_and_a_fix() {
        for entry in &CATALOGUE {
            assert!(
                !entry.cause.is_empty() && !entry.fix.is_empty(),
                "{}",
                entry.id
            );
            assert_eq!(
                CATALOGUE.iter().filter(|e| e.id == entry.id).count(),
                1,
                "{}",
                entry.id
            );
        }
    }

    #[test]
    fn the_rate_limit_is_recognised_by_its_body() {
        let answer = json!({"error_description": "You have made too many requests continuously. Please try again after some time.", "error": "Access Denied", "status": "failure"});
        assert_eq!(ids(answer), vec!["rate-limit"]);
    }
}
