//! `--simulate`: a Zoho in memory, answering as Zoho's pages describe. It has no user
//! accounts: it takes any client, any unused grant code and any refresh token, and checks
//! what a script can get wrong: a grant code used twice, more than 10 access tokens per
//! refresh token in 10 minutes (answered HTTP 200 `Access Denied`, as Zoho does), a token
//! used against another data centre's API or after its hour, and each product's payload
//! shape (CRM `data` list, Books `JSONString` or JSON body and `organization_id`,
//! Creator `data`). Its state (tokens, limits, records) can be kept between runs.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json, json};

use super::http::{Http, Request, Response, TaskAnswer, Unanswered, host_of};
use super::value::Value;
use crate::zoho::Region;

/// Access tokens one refresh token may mint per window (Zoho's OAuth pages).
pub const TOKENS_PER_WINDOW: usize = 10;
pub const WINDOW_SECONDS: i64 = 600;
pub const TOKEN_LIFETIME: i64 = 3600;

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Zoho {
    counter: u64,
    used_codes: Vec<String>,
    /// Refresh token → the moments it minted an access token.
    minted: IndexMap<String, Vec<i64>>,
    /// Access token → (data centre key, expiry).
    access_tokens: IndexMap<String, (String, i64)>,
    /// CRM module → records (each with "id").
    crm: IndexMap<String, Vec<Map<String, Json>>>,
    variables: Vec<Map<String, Json>>,
    /// Books organisations that exist; empty: any organization_id is taken.
    books_organizations: Vec<String>,
    /// Books resource (last path part, `contactpersons`) → records.
    books: IndexMap<String, Vec<Map<String, Json>>>,
    /// Creator `owner/app/form` → records (each with "ID").
    creator: IndexMap<String, Vec<Map<String, Json>>>,
    /// Creator native forms (scripts inside the app) → records (each with "ID").
    forms: IndexMap<String, Vec<Map<String, Json>>>,
    /// Refuse the next N writes with the product's own error (for `delugen test`).
    pub refuse_writes: u32,
    /// The data centre the scripts run in: Deluge's own tasks call its API.
    #[serde(skip)]
    pub home: Option<Region>,
}

/// `--seed records.yaml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    /// CRM module → records (an `id` is made for records without one).
    #[serde(default)]
    pub crm: IndexMap<String, Vec<Map<String, Json>>>,
    /// CRM Variables: api_name → value.
    #[serde(default)]
    pub crm_variables: IndexMap<String, Json>,
    #[serde(default)]
    pub books: BooksSeed,
    /// Creator `owner/app/form` → records, for the REST API.
    #[serde(default)]
    pub creator: IndexMap<String, Vec<Map<String, Json>>>,
    /// Creator forms read natively by scripts inside the app (`Form[criteria]`).
    #[serde(default)]
    pub forms: IndexMap<String, Vec<Map<String, Json>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BooksSeed {
    /// The organisations that exist (any organization_id is taken when none is listed).
    #[serde(default)]
    pub organizations: Vec<String>,
    /// Resource (`contacts`) → records.
    #[serde(default)]
    pub records: IndexMap<String, Vec<Map<String, Json>>>,
}

impl Zoho {
    pub fn load_state(text: &str) -> Result<Zoho, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    pub fn save_state(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Adds the records of a seed file (YAML).
    pub fn seed(&mut self, text: &str) -> Result<(), String> {
        let seed: Seed = crate::spec::read_yaml(text).map_err(|e| {
            let at = e
                .location
                .map(|(l, c)| format!("{l}:{c}: "))
                .unwrap_or_default();
            format!(
                "{at}{} (a seed holds crm, crm_variables, books, creator and forms)",
                e.problem.message
            )
        })?;
        for (module, records) in seed.crm {
            for mut record in records {
                if !record.contains_key("id") {
                    record.insert("id".into(), self.new_id().into());
                }
                self.crm.entry(module.clone()).or_default().push(record);
            }
        }
        for (name, value) in seed.crm_variables {
            let id = self.new_id();
            let value = match value {
                Json::String(text) => text,
                other => other.to_string(),
            };
            self.variables.push(
                json!({"api_name": name, "id": id, "name": name, "type": "text", "value": value})
                    .as_object()
                    .cloned()
                    .unwrap_or_default(),
            );
        }
        self.books_organizations.extend(seed.books.organizations);
        for (resource, records) in seed.books.records {
            let (_, id_key) = crate::zoho::books::answer_keys(&resource);
            for mut record in records {
                if !record.contains_key(&id_key) {
                    record.insert(id_key.clone(), self.new_id().into());
                }
                self.books.entry(resource.clone()).or_default().push(record);
            }
        }
        for (place, records) in seed.creator {
            for mut record in records {
                if !record.contains_key("ID") {
                    record.insert("ID".into(), self.new_id().into());
                }
                self.creator.entry(place.clone()).or_default().push(record);
            }
        }
        for (form, records) in seed.forms {
            for mut record in records {
                if !record.contains_key("ID") {
                    record.insert("ID".into(), self.new_id().into());
                }
                self.forms.entry(form.clone()).or_default().push(record);
            }
        }
        Ok(())
    }

    /// A 19-digit id, as Zoho's look.
    fn new_id(&mut self) -> String {
        self.counter += 1;
        format!("{}", 4_150_868_000_000_000_000u64 + self.counter)
    }

    fn token(&mut self, kind: &str) -> String {
        self.counter += 1;
        format!(
            "1000.sim{kind}{:08x}.{:016x}",
            self.counter,
            self.counter * 2_654_435_761
        )
    }

    pub fn crm_records(&self, module: &str) -> &[Map<String, Json>] {
        self.crm.get(module).map_or(&[], Vec::as_slice)
    }

    pub fn variable(&self, api_name: &str) -> Option<String> {
        self.variables
            .iter()
            .find(|v| v.get("api_name").and_then(Json::as_str) == Some(api_name))
            .and_then(|v| v.get("value").and_then(Json::as_str).map(str::to_string))
    }

    /// Sets a CRM Variable (made when missing).
    pub fn put_variable(&mut self, api_name: &str, value: &str) {
        if let Some(variable) = self
            .variables
            .iter_mut()
            .find(|v| v.get("api_name").and_then(Json::as_str) == Some(api_name))
        {
            variable.insert("value".into(), value.into());
            return;
        }
        let id = self.new_id();
        if let Json::Object(variable) = json!({"api_name": api_name, "id": id, "name": api_name, "type": "text", "value": value})
        {
            self.variables.push(variable);
        }
    }

    /// Adds a record to a Creator form read natively; gives its ID.
    pub fn put_form_record(&mut self, form: &str, mut record: Map<String, Json>) -> String {
        let id = self.new_id();
        record.insert("ID".into(), id.clone().into());
        self.forms.entry(form.to_string()).or_default().push(record);
        id
    }

    /// Makes sure a Creator form read natively holds a record with this ID.
    pub fn ensure_form_record(&mut self, form: &str, id: &str) {
        ensure_id(self.forms.entry(form.to_string()).or_default(), "ID", id);
    }

    /// The records of a Creator form read natively.
    pub fn form(&self, form: &str) -> &[Map<String, Json>] {
        self.forms.get(form).map_or(&[], Vec::as_slice)
    }

    /// Makes sure the record `url` ends with (`.../Leads/123`, `.../report/All/123`,
    /// `.../contacts/123?organization_id=...`) exists, so a script that reads, updates or
    /// deletes it finds it.
    pub fn ensure_record(&mut self, url: &str, id: &str) {
        let path = url
            .split_once("://")
            .map_or(url, |(_, rest)| rest)
            .split(['?', '#'])
            .next()
            .unwrap_or_default();
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        let holder = match parts.iter().position(|p| *p == id) {
            Some(at) if at >= 1 => parts[at - 1],
            _ => return,
        };
        match parts.get(1).copied() {
            Some("crm") => {
                let records = self.crm.entry(holder.to_string()).or_default();
                if !records
                    .iter()
                    .any(|r| r.get("id").and_then(json_text).as_deref() == Some(id))
                    && let Json::Object(record) = json!({"id": id, "Last_Name": "Example"})
                {
                    records.push(record);
                }
            }
            Some("books") => {
                let (_, id_key) = crate::zoho::books::answer_keys(holder);
                ensure_id(
                    self.books.entry(holder.to_string()).or_default(),
                    &id_key,
                    id,
                );
            }
            Some("creator") if parts.len() >= 7 => {
                let place = format!("{}/{}/{holder}", parts[4], parts[5]);
                ensure_id(self.creator.entry(place).or_default(), "ID", id);
            }
            _ => {}
        }
    }

    /// Access tokens minted so far, over every refresh token.
    pub fn tokens_minted(&self) -> usize {
        self.minted.values().map(Vec::len).sum()
    }

    fn oauth(&mut self, region: Region, request: &Request, path: &str, now: i64) -> Response {
        if request.method != "POST" {
            return Response::json(405, json!({"error": "invalid_request"}));
        }
        if path.starts_with("/oauth/v2/token/revoke") {
            return Response::json(200, json!({"status": "success"}));
        }
        if !path.starts_with("/oauth/v2/token") {
            return Response::json(404, json!({"error": "invalid_request"}));
        }
        let field = |name: &str| -> String {
            request
                .form
                .as_ref()
                .and_then(|f| f.get(name).cloned())
                .or_else(|| query_value(&request.url, name))
                .unwrap_or_default()
        };
        let api = region.data_centre().api;
        if field("client_id").is_empty() {
            return Response::json(200, json!({"error": "invalid_client"}));
        }
        match field("grant_type").as_str() {
            "authorization_code" => {
                let code = field("code");
                if code.is_empty() || self.used_codes.contains(&code) {
                    return Response::json(200, json!({"error": "invalid_code"}));
                }
                self.used_codes.push(code);
                let refresh = self.token("r");
                let access = self.token("a");
                self.minted.insert(refresh.clone(), vec![now]);
                self.access_tokens.insert(
                    access.clone(),
                    (region.key().to_string(), now + TOKEN_LIFETIME),
                );
                Response::json(
                    200,
                    json!({"access_token": access, "refresh_token": refresh, "api_domain": api, "token_type": "Bearer", "expires_in": TOKEN_LIFETIME}),
                )
            }
            "refresh_token" => {
                let refresh = field("refresh_token");
                if refresh.is_empty() {
                    return Response::json(200, json!({"error": "invalid_code"}));
                }
                let minted = self.minted.entry(refresh).or_default();
                minted.retain(|at| now - at < WINDOW_SECONDS);
                if minted.len() >= TOKENS_PER_WINDOW {
                    return Response::json(
                        200,
                        json!({"error_description": "You have made too many requests continuously. Please try again after some time.", "error": "Access Denied", "status": "failure"}),
                    );
                }
                minted.push(now);
                let access = self.token("a");
                self.access_tokens.insert(
                    access.clone(),
                    (region.key().to_string(), now + TOKEN_LIFETIME),
                );
                Response::json(
                    200,
                    json!({"access_token": access, "api_domain": api, "token_type": "Bearer", "expires_in": TOKEN_LIFETIME}),
                )
            }
            _ => Response::json(200, json!({"error": "unsupported_grant_type"})),
        }
    }

    /// None when the request may go on; otherwise the product's refusal.
    fn authorise(
        &self,
        region: Region,
        request: &Request,
        now: i64,
        product: &str,
    ) -> Option<Response> {
        if request.connection.is_some() {
            return None;
        }
        let token = request
            .headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("authorization"))
            .and_then(|(_, value)| value.strip_prefix("Zoho-oauthtoken "))
            .map(str::trim);
        let valid = token
            .and_then(|t| self.access_tokens.get(t))
            .is_some_and(|(dc, expiry)| dc == region.key() && now < *expiry);
        if valid {
            return None;
        }
        let missing = token.is_none();
        Some(match product {
            "books" => Response::json(
                401,
                json!({"code": 57, "message": "You are not authorized to perform this operation"}),
            ),
            "creator" => Response::json(
                401,
                json!({"code": 1030, "description": "Authorization Failure. The access token is either invalid or has expired."}),
            ),
            _ if missing => Response::json(
                401,
                json!({"code": "AUTHENTICATION_FAILURE", "details": {}, "message": "Authentication failed", "status": "error"}),
            ),
            _ => Response::json(
                401,
                json!({"code": "INVALID_TOKEN", "details": {}, "message": "invalid oauth token", "status": "error"}),
            ),
        })
    }

    fn crm(&mut self, request: &Request, parts: &[&str], now: i64) -> Response {
        // parts: [version, Module, ...]
        let Some(module) = parts.get(1).copied() else {
            return crm_error(
                404,
                "INVALID_URL_PATTERN",
                "Please check if the URL trying to access is a correct one",
                json!({}),
            );
        };
        if module == "coql" {
            return self.coql(request);
        }
        if module == "settings" && parts.get(2) == Some(&"variables") {
            return self.variables(request);
        }
        let rest = &parts[2..];
        match (request.method.as_str(), rest) {
            ("POST", []) | ("POST", ["upsert"]) | ("PUT", []) | ("PUT", [_]) => {
                let body = match crm_body(request) {
                    Ok(records) => records,
                    Err(refusal) => return refusal,
                };
                if self.refuse_writes > 0 {
                    self.refuse_writes -= 1;
                    return Response::json(
                        202,
                        json!({"data": body.iter().map(|_| json!({"code": "MANDATORY_NOT_FOUND", "details": {"api_name": "Last_Name"}, "message": "required field not found", "status": "error"})).collect::<Vec<_>>()}),
                    );
                }
                let upsert = rest == ["upsert"];
                let duplicate_check: Vec<String> = request
                    .json_body()
                    .and_then(|b| b.get("duplicate_check_fields").cloned())
                    .and_then(|f| serde_json::from_value(f).ok())
                    .unwrap_or_default();
                let mut answers = Vec::new();
                for record in body {
                    let Json::Object(record) = record else {
                        answers.push(json!({"code": "INVALID_DATA", "details": {"expected_data_type": "jsonobject"}, "message": "invalid data", "status": "error"}));
                        continue;
                    };
                    let stamp = super::time::format_date(now, "yyyy-MM-dd'T'HH:mm:ss+00:00");
                    let id_in_path = rest
                        .first()
                        .filter(|p| **p != "upsert")
                        .map(|s| s.to_string());
                    let target_id = id_in_path
                        .or_else(|| record.get("id").and_then(json_text))
                        .or_else(|| {
                            if !upsert {
                                return None;
                            }
                            self.crm_records(module)
                                .iter()
                                .find(|existing| {
                                    !duplicate_check.is_empty()
                                        && duplicate_check.iter().all(|f| {
                                            record.get(f).is_some()
                                                && existing.get(f) == record.get(f)
                                        })
                                })
                                .and_then(|r| r.get("id").and_then(json_text))
                        });
                    let updating = request.method == "PUT" || target_id.is_some();
                    if updating {
                        let Some(id) = target_id else {
                            answers.push(json!({"code": "MANDATORY_NOT_FOUND", "details": {"api_name": "id"}, "message": "required field not found", "status": "error"}));
                            continue;
                        };
                        let records = self.crm.entry(module.to_string()).or_default();
                        match records.iter_mut().find(|r| r.get("id").and_then(json_text).as_deref() == Some(id.as_str())) {
                            Some(existing) => {
                                for (k, v) in record {
                                    if k != "id" {
                                        existing.insert(k, v);
                                    }
                                }
                                let mut answer = json!({"code": "SUCCESS", "details": {"Modified_Time": stamp, "id": id}, "message": "record updated", "status": "success"});
                                if upsert {
                                    answer["action"] = "update".into();
                                }
                                answers.push(answer);
                            }
                            None => answers.push(json!({"code": "INVALID_DATA", "details": {"api_name": "id", "id": id}, "message": "the related id given seems to be invalid", "status": "error"})),
                        }
                    } else {
                        let id = self.new_id();
                        let mut stored = record;
                        stored.insert("id".into(), id.clone().into());
                        self.crm.entry(module.to_string()).or_default().push(stored);
                        let mut answer = json!({"code": "SUCCESS", "details": {"Modified_Time": stamp, "id": id, "Created_Time": stamp}, "message": "record added", "status": "success"});
                        if upsert {
                            answer["action"] = "insert".into();
                        }
                        answers.push(answer);
                    }
                }
                let status = if request.method == "POST" && !upsert {
                    201
                } else {
                    200
                };
                Response::json(status, json!({"data": answers}))
            }
            ("GET", []) => {
                let records = self.crm_records(module);
                if records.is_empty() {
                    return Response::empty();
                }
                page_answer(records, &request.url)
            }
            ("GET", ["search"]) => {
                let found: Vec<Map<String, Json>> = self
                    .crm_records(module)
                    .iter()
                    .filter(|record| crm_search_matches(record, &request.url))
                    .cloned()
                    .collect();
                if found.is_empty() {
                    return Response::empty();
                }
                page_answer(&found, &request.url)
            }
            ("GET", [id]) => match self
                .crm_records(module)
                .iter()
                .find(|r| r.get("id").and_then(json_text).as_deref() == Some(*id))
            {
                Some(record) => Response::json(200, json!({"data": [record]})),
                None => Response::empty(),
            },
            ("DELETE", _) => {
                let ids: Vec<String> = match rest {
                    [id] => vec![id.to_string()],
                    [] => query_value(&request.url, "ids")
                        .map(|ids| ids.split(',').map(str::to_string).collect())
                        .unwrap_or_default(),
                    _ => Vec::new(),
                };
                if ids.is_empty() {
                    return crm_error(
                        400,
                        "REQUIRED_PARAM_MISSING",
                        "One of the expected parameter is missing",
                        json!({"param": "ids"}),
                    );
                }
                let records = self.crm.entry(module.to_string()).or_default();
                let answers: Vec<Json> = ids
                    .iter()
                    .map(|id| {
                        let before = records.len();
                        records.retain(|r| r.get("id").and_then(json_text).as_deref() != Some(id.as_str()));
                        if records.len() < before {
                            json!({"code": "SUCCESS", "details": {"id": id}, "message": "record deleted", "status": "success"})
                        } else {
                            json!({"code": "INVALID_DATA", "details": {"id": id}, "message": "the related id given seems to be invalid", "status": "error"})
                        }
                    })
                    .collect();
                Response::json(200, json!({"data": answers}))
            }
            _ => crm_error(
                400,
                "INVALID_URL_PATTERN",
                "Please check if the URL trying to access is a correct one",
                json!({}),
            ),
        }
    }

    fn variables(&mut self, request: &Request) -> Response {
        match request.method.as_str() {
            "GET" => Response::json(200, json!({"variables": self.variables})),
            "PUT" => {
                let Some(body) = request.json_body() else {
                    return crm_error(
                        400,
                        "INVALID_DATA",
                        "invalid data",
                        json!({"expected_data_type": "jsonobject"}),
                    );
                };
                let Some(Json::Array(updates)) = body.get("variables").cloned() else {
                    return crm_error(
                        400,
                        "MANDATORY_NOT_FOUND",
                        "required field not found",
                        json!({"api_name": "variables"}),
                    );
                };
                let answers: Vec<Json> = updates
                    .iter()
                    .map(|update| {
                        let id = update.get("id").and_then(json_text).unwrap_or_default();
                        match self.variables.iter_mut().find(|v| v.get("id").and_then(json_text).as_deref() == Some(id.as_str())) {
                            Some(variable) => {
                                if let Some(value) = update.get("value") {
                                    let text = json_text(value).unwrap_or_default();
                                    variable.insert("value".into(), text.into());
                                }
                                json!({"code": "SUCCESS", "details": {"id": id}, "message": "variable updated", "status": "success"})
                            }
                            None => json!({"code": "INVALID_DATA", "details": {"id": id}, "message": "the id given seems to be invalid", "status": "error"}),
                        }
                    })
                    .collect();
                Response::json(200, json!({"variables": answers}))
            }
            _ => crm_error(
                400,
                "INVALID_REQUEST_METHOD",
                "The http request method type is not a valid one",
                json!({}),
            ),
        }
    }

    /// COQL: `select ... from Module [where a = 'x' and b like '%y%'] [limit n]`.
    fn coql(&mut self, request: &Request) -> Response {
        let query = request.json_body().and_then(|b| {
            b.get("select_query")
                .and_then(Json::as_str)
                .map(str::to_string)
        });
        let Some(query) = query else {
            return crm_error(
                400,
                "INVALID_QUERY",
                "invalid query formed",
                json!({"reason": "select_query is missing"}),
            );
        };
        let Some(parsed) = Coql::parse(&query) else {
            return crm_error(
                400,
                "INVALID_QUERY",
                "invalid query formed",
                json!({"reason": "the simulation reads select ... from ... where a = 'x' and b like '%y%' limit n"}),
            );
        };
        let found: Vec<Json> = self
            .crm_records(&parsed.module)
            .iter()
            .filter(|record| parsed.matches(record))
            .take(parsed.limit)
            .map(|record| {
                let mut shown = Map::new();
                for field in parsed
                    .fields
                    .iter()
                    .chain(std::iter::once(&"id".to_string()))
                {
                    if let Some(value) = record.get(field) {
                        shown.insert(field.clone(), value.clone());
                    }
                }
                Json::Object(shown)
            })
            .collect();
        if found.is_empty() {
            return Response::empty();
        }
        let count = found.len();
        Response::json(
            200,
            json!({"data": found, "info": {"count": count, "more_records": false}}),
        )
    }

    fn books(&mut self, request: &Request, parts: &[&str]) -> Response {
        let Some(organization) =
            query_value(&request.url, "organization_id").filter(|o| !o.is_empty())
        else {
            return Response::json(
                400,
                json!({"code": 6, "message": "Invalid value passed for organization_id"}),
            );
        };
        if !self.books_organizations.is_empty() && !self.books_organizations.contains(&organization)
        {
            return Response::json(
                400,
                json!({"code": 6041, "message": "This user is not associated with the CompanyID/CompanyName:".to_string() + &organization}),
            );
        }
        let version = parts.first().copied().unwrap_or("v3");
        // The path after the version: resource[/id][/subresource[/id]]
        let path = &parts[1..];
        let (resource, id) = match path {
            [] => return Response::json(404, json!({"code": 5, "message": "Invalid URL Passed"})),
            [resource] => (resource.to_string(), None),
            [_, sub] if !sub.chars().all(|c| c.is_ascii_digit()) => (sub.to_string(), None),
            [resource, id] => (resource.to_string(), Some(id.to_string())),
            [.., sub, id] => (sub.to_string(), Some(id.to_string())),
        };
        let (record_key, id_key) = crate::zoho::books::answer_keys(&resource);
        let title = {
            let words = record_key.replace('_', " ");
            let mut chars = words.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
                .unwrap_or_default()
        };
        match (request.method.as_str(), id) {
            ("POST", None) | ("PUT", Some(_)) => {
                let record = match books_record(request, version) {
                    Ok(record) => record,
                    Err(refusal) => return refusal,
                };
                if self.refuse_writes > 0 {
                    self.refuse_writes -= 1;
                    return Response::json(
                        400,
                        json!({"code": 1002, "message": format!("{title} does not exist.")}),
                    );
                }
                let records = self.books.entry(resource.clone()).or_default();
                let stored = match request.method.as_str() {
                    "PUT" => {
                        let wanted = request
                            .url
                            .split('?')
                            .next()
                            .unwrap_or_default()
                            .rsplit('/')
                            .next()
                            .unwrap_or_default()
                            .to_string();
                        match records.iter_mut().find(|r| {
                            r.get(&id_key).and_then(json_text).as_deref() == Some(wanted.as_str())
                        }) {
                            Some(existing) => {
                                existing.extend(record);
                                existing.clone()
                            }
                            None => {
                                return Response::json(
                                    404,
                                    json!({"code": 1002, "message": format!("{title} does not exist.")}),
                                );
                            }
                        }
                    }
                    _ => {
                        self.counter += 1;
                        let id = format!("{}", 460_000_000_000_000_000u64 + self.counter);
                        let mut stored = record;
                        stored.insert(id_key.clone(), id.into());
                        let records = self.books.entry(resource.clone()).or_default();
                        records.push(stored.clone());
                        stored
                    }
                };
                let message = if request.method == "POST" {
                    format!("The {} has been added.", record_key.replace('_', " "))
                } else {
                    format!("{title} information has been saved.")
                };
                Response::json(
                    if request.method == "POST" { 201 } else { 200 },
                    json!({"code": 0, "message": message, record_key: stored}),
                )
            }
            ("GET", None) => {
                let found: Vec<&Map<String, Json>> = self
                    .books
                    .get(&resource)
                    .map(|records| {
                        records
                            .iter()
                            .filter(|r| books_filter_matches(r, &request.url))
                            .collect()
                    })
                    .unwrap_or_default();
                Response::json(
                    200,
                    json!({"code": 0, "message": "success", resource.clone(): found, "page_context": {"page": 1, "per_page": 200, "has_more_page": false}}),
                )
            }
            ("GET", Some(id)) => match self.books.get(&resource).and_then(|rs| {
                rs.iter()
                    .find(|r| r.get(&id_key).and_then(json_text).as_deref() == Some(id.as_str()))
            }) {
                Some(record) => Response::json(
                    200,
                    json!({"code": 0, "message": "success", record_key: record}),
                ),
                None => Response::json(
                    404,
                    json!({"code": 1002, "message": format!("{title} does not exist.")}),
                ),
            },
            ("DELETE", Some(id)) => {
                let records = self.books.entry(resource.clone()).or_default();
                let before = records.len();
                records
                    .retain(|r| r.get(&id_key).and_then(json_text).as_deref() != Some(id.as_str()));
                if records.len() < before {
                    Response::json(
                        200,
                        json!({"code": 0, "message": format!("The {} has been deleted.", record_key.replace('_', " "))}),
                    )
                } else {
                    Response::json(
                        404,
                        json!({"code": 1002, "message": format!("{title} does not exist.")}),
                    )
                }
            }
            _ => Response::json(405, json!({"code": 5, "message": "Invalid URL Passed"})),
        }
    }

    fn creator(&mut self, request: &Request, parts: &[&str]) -> Response {
        // parts: [v2.1, data, owner, app, form|report, name, id?]
        let invalid = || Response::json(404, json!({"code": 2930, "message": "Invalid URL"}));
        if parts.first() != Some(&"v2.1") || parts.get(1) != Some(&"data") || parts.len() < 6 {
            return invalid();
        }
        let (owner, app, kind, name) = (parts[2], parts[3], parts[4], parts[5]);
        let id = parts.get(6).copied();
        let place = format!("{owner}/{app}/{name}");
        match (request.method.as_str(), kind, id) {
            ("POST", "form", None) => {
                let Some(body) = request.json_body() else {
                    return Response::json(
                        400,
                        json!({"code": 3001, "message": "Invalid input: the body is not JSON text"}),
                    );
                };
                let data = match body.get("data") {
                    Some(Json::Object(record)) => vec![record.clone()],
                    Some(Json::Array(records)) => records
                        .iter()
                        .filter_map(|r| r.as_object().cloned())
                        .collect(),
                    _ => {
                        return Response::json(
                            400,
                            json!({"code": 3001, "message": "Invalid input: no \"data\" in the body"}),
                        );
                    }
                };
                if self.refuse_writes > 0 {
                    self.refuse_writes -= 1;
                    return Response::json(
                        400,
                        json!({"code": 3001, "error": {"Email": "Enter a valid email address"}, "message": "Invalid input"}),
                    );
                }
                let several = matches!(body.get("data"), Some(Json::Array(_)));
                let mut results = Vec::new();
                for mut record in data {
                    let id = self.new_id();
                    record.insert("ID".into(), id.clone().into());
                    self.creator.entry(place.clone()).or_default().push(record);
                    results.push(json!({"code": 3000, "data": {"ID": id}, "message": "success"}));
                }
                if several {
                    Response::json(200, json!({"result": results}))
                } else {
                    Response::json(200, results.remove(0))
                }
            }
            ("PATCH", "report", Some(id)) => {
                let data = match request.json_body().and_then(|b| b.get("data").cloned()) {
                    Some(Json::Object(data)) => data,
                    _ => {
                        return Response::json(
                            400,
                            json!({"code": 3001, "message": "Invalid input: no \"data\" in the body"}),
                        );
                    }
                };
                if self.refuse_writes > 0 {
                    self.refuse_writes -= 1;
                    return Response::json(400, json!({"code": 3001, "message": "Invalid input"}));
                }
                match self.creator_record_mut(owner, app, id) {
                    Some(record) => {
                        record.extend(data);
                        Response::json(
                            200,
                            json!({"code": 3000, "data": {"ID": id}, "message": "Data Updated Successfully"}),
                        )
                    }
                    None => {
                        Response::json(404, json!({"code": 3100, "message": "No records found"}))
                    }
                }
            }
            ("PATCH", "report", None) => {
                let Some(body) = request.json_body() else {
                    return Response::json(400, json!({"code": 3001, "message": "Invalid input"}));
                };
                let (Some(Json::Object(data)), criteria) = (
                    body.get("data").cloned(),
                    body.get("criteria")
                        .and_then(Json::as_str)
                        .unwrap_or_default()
                        .to_string(),
                ) else {
                    return Response::json(
                        400,
                        json!({"code": 3001, "message": "Invalid input: no \"data\" in the body"}),
                    );
                };
                let mut results = Vec::new();
                for (key, records) in self.creator.iter_mut() {
                    if !key.starts_with(&format!("{owner}/{app}/")) {
                        continue;
                    }
                    for record in records
                        .iter_mut()
                        .filter(|r| creator_criteria_matches(r, &criteria))
                    {
                        record.extend(data.clone());
                        results.push(json!({"code": 3000, "data": {"ID": record.get("ID").cloned().unwrap_or_default()}, "message": "Data Updated Successfully"}));
                    }
                }
                if results.is_empty() {
                    return Response::json(
                        404,
                        json!({"code": 3100, "message": "No records found"}),
                    );
                }
                Response::json(200, json!({"result": results, "more_records": false}))
            }
            ("GET", "report", None) => {
                let criteria = query_value(&request.url, "criteria").unwrap_or_default();
                let found: Vec<Json> = self
                    .creator
                    .iter()
                    .filter(|(key, _)| key.starts_with(&format!("{owner}/{app}/")))
                    .flat_map(|(_, records)| records.iter())
                    .filter(|r| creator_criteria_matches(r, &criteria))
                    .map(|r| Json::Object(r.clone()))
                    .collect();
                if found.is_empty() {
                    return Response::json(
                        200,
                        json!({"code": 3100, "message": "No Data Available"}),
                    );
                }
                Response::json(200, json!({"code": 3000, "data": found}))
            }
            ("GET", "report", Some(id)) => match self.creator_record_mut(owner, app, id) {
                Some(record) => {
                    let record = record.clone();
                    Response::json(200, json!({"code": 3000, "data": record}))
                }
                None => Response::json(200, json!({"code": 3100, "message": "No Data Available"})),
            },
            ("DELETE", "report", id) => {
                let criteria = query_value(&request.url, "criteria").unwrap_or_default();
                let mut results = Vec::new();
                for (key, records) in self.creator.iter_mut() {
                    if !key.starts_with(&format!("{owner}/{app}/")) {
                        continue;
                    }
                    records.retain(|r| {
                        let hit = match id {
                            Some(id) => r.get("ID").and_then(json_text).as_deref() == Some(id),
                            None => creator_criteria_matches(r, &criteria),
                        };
                        if hit {
                            results.push(json!({"code": 3000, "data": {"ID": r.get("ID").cloned().unwrap_or_default()}, "message": "Record Deleted Successfully"}));
                        }
                        !hit
                    });
                }
                if results.is_empty() {
                    return Response::json(
                        404,
                        json!({"code": 3100, "message": "No records found"}),
                    );
                }
                if id.is_some() {
                    return Response::json(200, results.remove(0));
                }
                Response::json(200, json!({"result": results, "more_records": false}))
            }
            _ => invalid(),
        }
    }

    fn creator_record_mut(
        &mut self,
        owner: &str,
        app: &str,
        id: &str,
    ) -> Option<&mut Map<String, Json>> {
        let prefix = format!("{owner}/{app}/");
        self.creator
            .iter_mut()
            .filter(|(key, _)| key.starts_with(&prefix))
            .flat_map(|(_, records)| records.iter_mut())
            .find(|r| r.get("ID").and_then(json_text).as_deref() == Some(id))
    }
}

impl Http for Zoho {
    fn send(&mut self, request: &Request, now: i64) -> Result<Response, Unanswered> {
        let host = host_of(&request.url);
        let path = request
            .url
            .split_once("://")
            .map_or(request.url.as_str(), |(_, rest)| rest)
            .split_once('/')
            .map_or("/".to_string(), |(_, path)| format!("/{path}"));
        let path_only = path
            .split(['?', '#'])
            .next()
            .unwrap_or_default()
            .to_string();
        for region in Region::ALL {
            let centre = region.data_centre();
            if host == host_of(centre.accounts) {
                return Ok(self.oauth(region, request, &path_only, now));
            }
            if host == host_of(centre.api) {
                let parts: Vec<&str> = path_only.split('/').filter(|p| !p.is_empty()).collect();
                let product = parts.first().copied().unwrap_or_default();
                if !matches!(product, "crm" | "books" | "creator") {
                    return Err(Unanswered(format!(
                        "--simulate knows Zoho CRM, Books and Creator; {} is another API (answer it with --answers FILE)",
                        request.line()
                    )));
                }
                if let Some(refusal) = self.authorise(region, request, now, product) {
                    return Ok(refusal);
                }
                return Ok(match product {
                    "crm" => self.crm(request, &parts[1..], now),
                    "books" => self.books(request, &parts[1..]),
                    _ => self.creator(request, &parts[1..]),
                });
            }
        }
        Err(Unanswered(format!(
            "--simulate answers Zoho's own hosts only; {} goes elsewhere (answer it with --answers FILE)",
            request.line()
        )))
    }

    fn task(&mut self, name: &str, args: &[Value], now: i64) -> Option<Result<TaskAnswer, String>> {
        // zoho.com/deluge/help/crm/get-org-variable: the value, as text.
        if name.eq_ignore_ascii_case("zoho.crm.getOrgVariable") {
            let name = args.first().map(Value::display).unwrap_or_default();
            return Some(Ok(TaskAnswer {
                value: self.variable(&name).map_or(Value::Null, Value::Text),
                sent: None,
            }));
        }
        let api = self.home.unwrap_or(Region::Us).data_centre().api;
        let (request, reshape) = match super::tasks::request_for(name, args, api)? {
            Ok(made) => made,
            Err(message) => return Some(Err(message)),
        };
        let response = match self.send(&request, now) {
            Ok(response) => response,
            Err(unanswered) => return Some(Err(unanswered.0)),
        };
        Some(Ok(TaskAnswer {
            value: super::tasks::answer(reshape, &response),
            sent: Some((request, response)),
        }))
    }

    fn form_records(&mut self, form: &str) -> Option<Vec<(String, Value)>> {
        Some(
            self.forms
                .get(form)
                .map(|records| {
                    records
                        .iter()
                        .map(|r| {
                            (
                                r.get("ID").and_then(json_text).unwrap_or_default(),
                                Value::from_json(&Json::Object(r.clone())),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default(),
        )
    }

    fn form_insert(&mut self, form: &str, record: Value) -> Option<String> {
        let id = self.new_id();
        let mut stored = match record.to_json() {
            Json::Object(map) => map,
            _ => Map::new(),
        };
        stored.insert("ID".into(), id.clone().into());
        self.forms.entry(form.to_string()).or_default().push(stored);
        Some(id)
    }

    fn form_update(&mut self, form: &str, id: &str, field: &str, value: Value) -> bool {
        let record = self.forms.get_mut(form).and_then(|rs| {
            rs.iter_mut()
                .find(|r| r.get("ID").and_then(json_text).as_deref() == Some(id))
        });
        match record {
            Some(record) => {
                record.insert(field.to_string(), value.to_json());
                true
            }
            None => false,
        }
    }

    fn form_delete(&mut self, form: &str, id: &str) -> bool {
        if let Some(records) = self.forms.get_mut(form) {
            records.retain(|r| r.get("ID").and_then(json_text).as_deref() != Some(id));
        }
        true
    }

    fn source(&self) -> &'static str {
        "simulated"
    }
}

/// Adds a record holding only `key: id` unless one with that id is there.
fn ensure_id(records: &mut Vec<Map<String, Json>>, key: &str, id: &str) {
    if !records
        .iter()
        .any(|r| r.get(key).and_then(json_text).as_deref() == Some(id))
    {
        let mut record = Map::new();
        record.insert(key.to_string(), id.into());
        records.push(record);
    }
}

fn json_text(value: &Json) -> Option<String> {
    match value {
        Json::String(text) => Some(text.clone()),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn crm_error(status: u16, code: &str, message: &str, details: Json) -> Response {
    Response::json(
        status,
        json!({"code": code, "details": details, "message": message, "status": "error"}),
    )
}

/// The records of a CRM write, or Zoho's refusal of the body (the seed's error catalogue).
fn crm_body(request: &Request) -> Result<Vec<Json>, Response> {
    let Some(body) = request.json_body() else {
        return Err(crm_error(
            400,
            "INVALID_DATA",
            "body",
            json!({"expected_data_type": "jsonobject"}),
        ));
    };
    match body.get("data") {
        Some(Json::Array(records)) => Ok(records.clone()),
        Some(_) => Err(crm_error(
            400,
            "INVALID_DATA",
            "invalid data",
            json!({"expected_data_type": "jsonarray", "api_name": "data"}),
        )),
        None => Err(crm_error(
            400,
            "MANDATORY_NOT_FOUND",
            "required field not found",
            json!({"api_name": "data"}),
        )),
    }
}

/// Books' record: v3 takes the form field JSONString or a JSON body; v4 a JSON body.
fn books_record(request: &Request, version: &str) -> Result<Map<String, Json>, Response> {
    let refused = || {
        Response::json(
            400,
            json!({"code": 4, "message": "Invalid value passed for JSONString"}),
        )
    };
    let from_form = request
        .form
        .as_ref()
        .and_then(|form| form.get("JSONString"));
    let text = match (from_form, &request.body) {
        (Some(text), _) if version != "v4" => text.clone(),
        (_, Some(body)) => body.clone(),
        _ => query_value(&request.url, "JSONString").ok_or_else(refused)?,
    };
    match serde_json::from_str::<Json>(&text) {
        Ok(Json::Object(record)) => Ok(record),
        _ => Err(refused()),
    }
}

fn query_value(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    query.split('&').find_map(|part| {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        (key == name).then(|| {
            percent_encoding::percent_decode_str(&value.replace('+', " "))
                .decode_utf8_lossy()
                .into_owned()
        })
    })
}

fn page_answer(records: &[Map<String, Json>], url: &str) -> Response {
    let per_page: usize = query_value(url, "per_page")
        .and_then(|p| p.parse().ok())
        .unwrap_or(200);
    let page: usize = query_value(url, "page")
        .and_then(|p| p.parse().ok())
        .unwrap_or(1)
        .max(1);
    let start = (page - 1) * per_page;
    if start >= records.len() {
        return Response::empty();
    }
    let end = (start + per_page).min(records.len());
    Response::json(
        200,
        json!({"data": records[start..end], "info": {"per_page": per_page, "count": end - start, "page": page, "more_records": end < records.len()}}),
    )
}

/// `criteria=((Email:equals:x)and(Lead_Status:equals:y))`, `email=`, `phone=`, `word=`.
/// CRM's `equals` behaves like contains in search (v8 search page).
fn crm_search_matches(record: &Map<String, Json>, url: &str) -> bool {
    let field_text = |name: &str| {
        record
            .get(name)
            .and_then(json_text)
            .unwrap_or_default()
            .to_lowercase()
    };
    if let Some(criteria) = query_value(url, "criteria") {
        return parse_criteria(&criteria).iter().all(|(field, op, value)| {
            let have = field_text(field);
            let want = value.to_lowercase();
            match op.as_str() {
                "equals" => have.contains(&want),
                "starts_with" => have.starts_with(&want),
                "not_equal" => have != want,
                _ => false,
            }
        });
    }
    if let Some(email) = query_value(url, "email") {
        return field_text("Email") == email.to_lowercase();
    }
    if let Some(phone) = query_value(url, "phone") {
        return field_text("Phone") == phone.to_lowercase();
    }
    if let Some(word) = query_value(url, "word") {
        let word = word.to_lowercase();
        return record
            .values()
            .filter_map(json_text)
            .any(|v| v.to_lowercase().contains(&word));
    }
    false
}

/// `(a:op:v)and(b:op:w)`: the conditions, `\(` `\)` `\,` unescaped (only `and` is read).
fn parse_criteria(criteria: &str) -> Vec<(String, String, String)> {
    let mut conditions = Vec::new();
    let mut current = String::new();
    let mut depth = 0;
    let mut chars = criteria.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    current.push(next);
                }
            }
            '(' => {
                depth += 1;
                current.clear();
            }
            ')' => {
                depth -= 1;
                let mut parts = current.splitn(3, ':');
                if let (Some(f), Some(o), Some(v)) = (parts.next(), parts.next(), parts.next()) {
                    conditions.push((f.to_string(), o.to_string(), v.to_string()));
                }
                current.clear();
            }
            other if depth > 0 => current.push(other),
            _ => {}
        }
    }
    conditions
}

fn books_filter_matches(record: &Map<String, Json>, url: &str) -> bool {
    let Some(query) = url.split_once('?').map(|(_, q)| q) else {
        return true;
    };
    query.split('&').all(|part| {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        let value = percent_encoding::percent_decode_str(&value.replace('+', " "))
            .decode_utf8_lossy()
            .to_lowercase();
        if matches!(
            key,
            "organization_id" | "page" | "per_page" | "filter_by" | "sort_column" | "sort_order"
        ) {
            return true;
        }
        let (field, how) = if let Some(f) = key.strip_suffix("_contains") {
            (f, "contains")
        } else if let Some(f) = key.strip_suffix("_startswith") {
            (f, "startswith")
        } else {
            (key, "equals")
        };
        let have = record
            .get(field)
            .and_then(json_text)
            .unwrap_or_default()
            .to_lowercase();
        match how {
            "contains" => have.contains(&value),
            "startswith" => have.starts_with(&value),
            _ => have == value,
        }
    })
}

/// Creator criteria as scripts write them: `Field == "v" && Other == "w"` (only `==`
/// joined by `&&` is read; anything else matches nothing).
fn creator_criteria_matches(record: &Map<String, Json>, criteria: &str) -> bool {
    let criteria = criteria
        .trim()
        .trim_start_matches('(')
        .trim_end_matches(')');
    if criteria.is_empty() {
        return true;
    }
    criteria.split("&&").all(|condition| {
        let Some((field, value)) = condition.split_once("==") else {
            return false;
        };
        let field = field.trim().trim_matches(['(', ')']);
        let value = value.trim().trim_matches(['(', ')']).trim_matches('"');
        record.get(field).and_then(json_text).as_deref() == Some(value)
    })
}

struct Coql {
    fields: Vec<String>,
    module: String,
    conditions: Vec<(String, bool, String)>,
    limit: usize,
}

impl Coql {
    fn parse(query: &str) -> Option<Coql> {
        let lower = query.to_lowercase();
        let from = lower.find(" from ")?;
        let fields = query[..from]
            .trim()
            .strip_prefix("select")
            .or_else(|| query[..from].trim().strip_prefix("SELECT"))?
            .split(',')
            .map(|f| f.trim().to_string())
            .collect();
        let rest = &query[from + 6..];
        let rest_lower = rest.to_lowercase();
        let (module_part, after) = match rest_lower.find(" where ") {
            Some(at) => (&rest[..at], Some(&rest[at + 7..])),
            None => (rest, None),
        };
        let mut limit = 200;
        let mut where_part = after.map(str::to_string);
        let strip_limit = |text: &str| -> (String, Option<usize>) {
            let lower = text.to_lowercase();
            match lower.rfind(" limit ") {
                Some(at) => (
                    text[..at].to_string(),
                    text[at + 7..]
                        .split(',')
                        .next_back()
                        .and_then(|n| n.trim().parse().ok()),
                ),
                None => (text.to_string(), None),
            }
        };
        let module = match &where_part {
            Some(w) => {
                let (clause, l) = strip_limit(w);
                where_part = Some(clause);
                if let Some(l) = l {
                    limit = l;
                }
                module_part.trim().to_string()
            }
            None => {
                let (m, l) = strip_limit(module_part);
                if let Some(l) = l {
                    limit = l;
                }
                m.trim().to_string()
            }
        };
        let mut conditions = Vec::new();
        if let Some(clause) = where_part {
            let clause = clause.trim().trim_start_matches('(').trim_end_matches(')');
            for part in split_keyword(clause, " and ") {
                let part = part.trim().trim_matches(['(', ')']);
                if part.to_lowercase().contains(" or ") {
                    return None;
                }
                let lower = part.to_lowercase();
                let (field, like, value) = if let Some(at) = lower.find(" like ") {
                    (&part[..at], true, &part[at + 6..])
                } else {
                    let (f, v) = part.split_once('=')?;
                    (f, false, v)
                };
                let value = value.trim().strip_prefix('\'')?.strip_suffix('\'')?;
                conditions.push((field.trim().to_string(), like, value.to_string()));
            }
        }
        Some(Coql {
            fields,
            module,
            conditions,
            limit,
        })
    }

    fn matches(&self, record: &Map<String, Json>) -> bool {
        self.conditions.iter().all(|(field, like, value)| {
            let have = record.get(field).and_then(json_text).unwrap_or_default();
            if !like {
                return have == *value;
            }
            let inner = value.trim_matches('%');
            match (value.starts_with('%'), value.ends_with('%')) {
                (true, true) => have.contains(inner),
                (true, false) => have.ends_with(inner),
                (false, true) => have.starts_with(inner),
                _ => have == inner,
            }
        })
    }
}

/// Splits at a keyword outside single quotes.
fn split_keyword<'a>(text: &'a str, keyword: &str) -> Vec<&'a str> {
    let lower = text.to_lowercase();
    let mut parts = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            quoted = !quoted;
        } else if !quoted && lower[i..].starts_with(keyword) {
            parts.push(&text[start..i]);
            i += keyword.len();
            start = i;
            continue;
        }
        i += 1;
    }
    parts.push(&text[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> Request {
        Request {
            method: "POST".into(),
            url: "https://accounts.zoho.eu/oauth/v2/token".into(),
            headers: IndexMap::new(),
            connection: None,
            content_type: None,
            form: Some(
                pairs
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            ),
            body: None,
            task: None,
        }
    }

    #[test]
    fn the_eleventh_access_token_in_ten_minutes_is_denied() {
        // Zoho's OAuth page: at most 10 access tokens per refresh token in 10 minutes.
        let mut zoho = Zoho::default();
        let request = form(&[
            ("grant_type", "refresh_token"),
            ("client_id", "1000.X"),
            ("refresh_token", "r"),
        ]);
        for minute in 0..10 {
            let answer = zoho.send(&request, minute * 60).unwrap();
            assert!(answer.body.contains("access_token"), "{}", answer.body);
            assert!(answer.body.contains("https://www.zohoapis.eu"));
        }
        let denied = zoho.send(&request, 9 * 60 + 59).unwrap();
        assert_eq!(denied.status, 200);
        assert!(denied.body.contains("Access Denied"), "{}", denied.body);
        // Ten minutes after the first, one more is allowed.
        assert!(
            zoho.send(&request, 600)
                .unwrap()
                .body
                .contains("access_token")
        );
    }

    #[test]
    fn a_grant_code_works_once() {
        let mut zoho = Zoho::default();
        let request = form(&[
            ("grant_type", "authorization_code"),
            ("client_id", "1000.X"),
            ("code", "c1"),
        ]);
        assert!(
            zoho.send(&request, 0)
                .unwrap()
                .body
                .contains("refresh_token")
        );
        assert!(
            zoho.send(&request, 1)
                .unwrap()
                .body
                .contains("invalid_code")
        );
    }

    #[test]
    fn crm_refuses_jsonstring_and_a_token_of_another_data_centre() {
        let mut zoho = Zoho::default();
        let token = form(&[
            ("grant_type", "refresh_token"),
            ("client_id", "1000.X"),
            ("refresh_token", "r"),
        ]);
        let answer: Json = serde_json::from_str(&zoho.send(&token, 0).unwrap().body).unwrap();
        let access = answer["access_token"].as_str().unwrap().to_string();
        let mut write = Request {
            method: "POST".into(),
            url: "https://www.zohoapis.eu/crm/v8/Leads".into(),
            headers: IndexMap::from([(
                "Authorization".to_string(),
                format!("Zoho-oauthtoken {access}"),
            )]),
            connection: None,
            content_type: Some("application/json".into()),
            form: None,
            body: Some(r#"{"JSONString":{"Last_Name":"x"}}"#.into()),
            task: None,
        };
        assert!(
            zoho.send(&write, 1)
                .unwrap()
                .body
                .contains("MANDATORY_NOT_FOUND")
        );
        write.body = Some(r#"{"data":[{"Last_Name":"x"}]}"#.into());
        assert!(zoho.send(&write, 1).unwrap().body.contains("SUCCESS"));
        write.url = "https://www.zohoapis.com/crm/v8/Leads".into();
        assert!(zoho.send(&write, 1).unwrap().body.contains("INVALID_TOKEN"));
    }

    #[test]
    fn coql_reads_equals_and_like() {
        let query = Coql::parse("select Last_Name, Email from Leads where Rating = 'Hot' and Company like '%Harbor%' limit 200").unwrap();
        assert_eq!(query.module, "Leads");
        assert_eq!(query.limit, 200);
        let record: Map<String, Json> =
            serde_json::from_str(r#"{"Rating":"Hot","Company":"Old Harbor Inc"}"#).unwrap();
        assert!(query.matches(&record));
    }
}
