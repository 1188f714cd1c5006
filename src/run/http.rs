//! What a script sends and what answers it: one `Http` trait behind `invokeurl`, the
//! integration tasks and Creator's native forms, with three implementations: an answers
//! file (`--answers`), the simulated Zoho (`--simulate`, in `simulate.rs`) and none,
//! which answers every request with an error so the script's failure path runs.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::value::Value;
use crate::redact::{MARKER, Redactor, looks_secret};

/// One request as the script built it.
#[derive(Debug, Clone, Serialize)]
pub struct Request {
    pub method: String,
    pub url: String,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub headers: IndexMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection: Option<String>,
    #[serde(rename = "content-type", skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// `parameters:` given a Map: sent form-encoded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<IndexMap<String, String>>,
    /// `parameters:` (or `body:`) given text: sent as the body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The Deluge task this is the REST call of (`zoho.crm.createRecord`), when a task
    /// sent it rather than invokeurl.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task: Option<String>,
}

impl Request {
    /// The URL's host, lower case.
    pub fn host(&self) -> String {
        host_of(&self.url)
    }

    /// The body as JSON, when it is JSON text.
    pub fn json_body(&self) -> Option<serde_json::Value> {
        self.body
            .as_deref()
            .and_then(|body| serde_json::from_str(body).ok())
    }

    /// One line: `POST https://accounts.zoho.com/oauth/v2/token` (a task's call:
    /// `zoho.crm.createRecord: POST https://www.zohoapis.eu/crm/v8/Leads`).
    pub fn line(&self) -> String {
        match &self.task {
            Some(task) => format!("{task}: {} {}", self.method, self.url),
            None => format!("{} {}", self.method, self.url),
        }
    }
}

pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// What a task gives the script, and the REST call it made for it (logged like a
/// request), when it made one.
pub struct TaskAnswer {
    pub value: Value,
    pub sent: Option<(Request, Response)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Response {
    pub status: u16,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub headers: IndexMap<String, String>,
    pub body: String,
}

impl Response {
    pub fn json(status: u16, body: serde_json::Value) -> Response {
        Response {
            status,
            headers: IndexMap::from([("Content-Type".into(), "application/json".into())]),
            body: body.to_string(),
        }
    }

    /// HTTP 204: no body.
    pub fn empty() -> Response {
        Response {
            status: 204,
            headers: IndexMap::new(),
            body: String::new(),
        }
    }
}

/// Why a request got no answer: the run stops (exit 2), naming the request.
#[derive(Debug, Clone)]
pub struct Unanswered(pub String);

/// A sendmail task, as the script wrote it.
#[derive(Debug, Clone, Serialize)]
pub struct Mail {
    pub from: String,
    pub to: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cc: Vec<String>,
    pub subject: String,
    pub message: String,
}

/// Everything a script reaches outside itself. `now` is the run's clock (seconds).
pub trait Http {
    fn send(&mut self, request: &Request, now: i64) -> Result<Response, Unanswered>;

    /// An integration task (`zoho.crm.createRecord`); None when this Zoho has none of that
    /// name, and the run stops saying delugen does not support it.
    fn task(
        &mut self,
        _name: &str,
        _args: &[Value],
        _now: i64,
    ) -> Option<Result<TaskAnswer, String>> {
        None
    }

    /// Creator's native forms (`Form[criteria]`, `insert into`, `rec.Field = v`): the
    /// records of a form, each with its ID; None when this Zoho has no forms.
    fn form_records(&mut self, _form: &str) -> Option<Vec<(String, Value)>> {
        None
    }

    fn form_insert(&mut self, _form: &str, _record: Value) -> Option<String> {
        None
    }

    fn form_update(&mut self, _form: &str, _id: &str, _field: &str, _value: Value) -> bool {
        false
    }

    fn form_delete(&mut self, _form: &str, _id: &str) -> bool {
        false
    }

    /// Said in `--format human` beside each answer: `simulated`, `answers file`, `refused`.
    fn source(&self) -> &'static str;
}

/// No answers at all: each request is logged and answered with an error, so a script's
/// failure path is what runs.
pub struct Refusing;

impl Http for Refusing {
    fn send(&mut self, _request: &Request, _now: i64) -> Result<Response, Unanswered> {
        Ok(Response::json(
            599,
            serde_json::json!({
                "error": "not_sent",
                "message": "delugen run sends nothing: give --simulate or --answers FILE for an answer"
            }),
        ))
    }

    fn source(&self) -> &'static str {
        "not sent"
    }
}

/// An answers file: `answers:` and the list of answers, tried in order.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswersList {
    pub answers: Vec<Answer>,
}

/// One entry of an answers file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// GET, POST, PUT, PATCH, DELETE, or `*` for any.
    pub method: String,
    /// The URL, with `*` standing for any run of characters (query included).
    pub url: String,
    #[serde(default = "ok_status")]
    pub status: u16,
    #[serde(default)]
    pub headers: IndexMap<String, String>,
    /// A mapping or list is sent as JSON; text as it is.
    #[serde(default)]
    pub body: serde_json::Value,
}

fn ok_status() -> u16 {
    200
}

/// `--answers FILE`: the first entry whose method and URL pattern match answers.
pub struct AnswersFile {
    pub file: String,
    pub answers: Vec<Answer>,
}

impl Http for AnswersFile {
    fn send(&mut self, request: &Request, _now: i64) -> Result<Response, Unanswered> {
        let found = self.answers.iter().find(|answer| {
            (answer.method == "*" || answer.method.eq_ignore_ascii_case(&request.method))
                && wildcard(&answer.url, &request.url)
        });
        match found {
            Some(answer) => Ok(Response {
                status: answer.status,
                headers: answer.headers.clone(),
                body: match &answer.body {
                    serde_json::Value::Null => String::new(),
                    serde_json::Value::String(text) => text.clone(),
                    other => other.to_string(),
                },
            }),
            None => Err(Unanswered(format!(
                "{} has no answer for {} (add an entry with method {} and a url pattern that matches it)",
                self.file,
                request.line(),
                request.method
            ))),
        }
    }

    fn source(&self) -> &'static str {
        "answers file"
    }
}

/// `*` matches any run of characters; everything else matches itself.
pub fn wildcard(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let mut rest = text;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            match rest.strip_prefix(part) {
                Some(r) => rest = r,
                None => return false,
            }
        } else if i == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            match rest.find(part) {
                Some(at) => rest = &rest[at + part.len()..],
                None => return false,
            }
        }
    }
    true
}

/// A request as the log shows it: every secret `<redacted>`, by value (the spec's
/// secrets) and by place (form fields, JSON keys, query parameters and headers with
/// secret-looking names, the grant code and the token after `Zoho-oauthtoken`).
pub fn redacted(request: &Request, redactor: &Redactor) -> Request {
    let mut shown = request.clone();
    shown.url = redactor.values(&redact_query(&request.url));
    for (name, value) in shown.headers.iter_mut() {
        if name.eq_ignore_ascii_case("authorization") {
            *value = match value.split_once(' ') {
                Some((scheme, _)) => format!("{scheme} {MARKER}"),
                None => MARKER.to_string(),
            };
        } else if looks_secret(name) {
            *value = MARKER.to_string();
        } else {
            *value = redactor.values(value);
        }
    }
    if let Some(form) = shown.form.as_mut() {
        for (name, value) in form.iter_mut() {
            if secret_field(name) && !value.is_empty() {
                *value = MARKER.to_string();
            } else {
                *value = redactor.values(value);
            }
        }
    }
    if let Some(body) = shown.body.as_mut() {
        *body = match serde_json::from_str::<serde_json::Value>(body) {
            Ok(mut json) => {
                redact_json(&mut json, redactor);
                json.to_string()
            }
            Err(_) => redactor.values(body),
        };
    }
    shown
}

/// Names whose values are secrets in OAuth forms and stores: `client_secret`,
/// `refresh_token`, `access_token`, and `code` (the grant code).
fn secret_field(name: &str) -> bool {
    (looks_secret(name) && !name.eq_ignore_ascii_case("token_type"))
        || name.eq_ignore_ascii_case("code")
}

pub fn redact_json(json: &mut serde_json::Value, redactor: &Redactor) {
    match json {
        serde_json::Value::Object(entries) => {
            // A CRM Variable's value is a secret when its api_name says so.
            let secret_variable = entries
                .get("api_name")
                .and_then(|n| n.as_str())
                .is_some_and(looks_secret);
            for (key, value) in entries.iter_mut() {
                // `code` is a grant code in a form, but a status in Zoho's JSON answers.
                let hide =
                    (secret_field(key) && key != "code") || (secret_variable && key == "value");
                match value {
                    serde_json::Value::String(text) if hide && !text.is_empty() => {
                        *text = MARKER.to_string();
                    }
                    serde_json::Value::String(text) => *text = redactor.values(text),
                    other => redact_json(other, redactor),
                }
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                redact_json(item, redactor);
            }
        }
        serde_json::Value::String(text) => *text = redactor.values(text),
        _ => {}
    }
}

fn redact_query(url: &str) -> String {
    let Some((base, query)) = url.split_once('?') else {
        return url.to_string();
    };
    let parts: Vec<String> = query
        .split('&')
        .map(|part| match part.split_once('=') {
            Some((name, value)) if secret_field(name) && !value.is_empty() => {
                format!("{name}={MARKER}")
            }
            _ => part.to_string(),
        })
        .collect();
    format!("{base}?{}", parts.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_any_run_of_characters() {
        assert!(wildcard(
            "https://accounts.zoho.com/oauth/v2/token*",
            "https://accounts.zoho.com/oauth/v2/token"
        ));
        assert!(wildcard(
            "https://www.zohoapis.com/crm/*/Leads/*",
            "https://www.zohoapis.com/crm/v8/Leads/123"
        ));
        assert!(!wildcard(
            "https://www.zohoapis.eu/*",
            "https://www.zohoapis.com/crm/v8/Leads"
        ));
    }

    #[test]
    fn secrets_in_forms_headers_queries_and_bodies_are_redacted() {
        let request = Request {
            method: "POST".into(),
            url: "https://accounts.zoho.com/oauth/v2/token?refresh_token=abc&x=1".into(),
            headers: IndexMap::from([(
                "Authorization".to_string(),
                "Zoho-oauthtoken 1000.tok".to_string(),
            )]),
            connection: None,
            content_type: None,
            form: Some(IndexMap::from([
                ("client_secret".to_string(), "s3cr3t-value".to_string()),
                ("client_id".to_string(), "1000.ID".to_string()),
                ("note".to_string(), "has s3cr3t-value inside".to_string()),
            ])),
            body: Some(
                r#"{"variables":[{"api_name":"delugen_refresh_token","value":"r-1"}]}"#.into(),
            ),
            task: None,
        };
        let shown = redacted(&request, &Redactor::new(["s3cr3t-value"]));
        assert_eq!(
            shown.url,
            "https://accounts.zoho.com/oauth/v2/token?refresh_token=<redacted>&x=1"
        );
        assert_eq!(shown.headers["Authorization"], "Zoho-oauthtoken <redacted>");
        let form = shown.form.unwrap();
        assert_eq!(form["client_secret"], "<redacted>");
        assert_eq!(form["client_id"], "1000.ID");
        assert_eq!(form["note"], "has <redacted> inside");
        assert!(shown.body.unwrap().contains(r#""value":"<redacted>""#));
    }
}
