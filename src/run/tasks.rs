//! Deluge's integration tasks (`zoho.crm.createRecord`, `zoho.books.getRecords`,
//! `zoho.creator.updateRecord`, ...) as the simulated Zoho answers them: each task is the
//! REST call it stands for (the same address, method and payload convention the API
//! form of a script sends), answered by the simulation, and the answer reshaped the way
//! the task's page shows it. The shapes follow the same reading of Zoho's task pages as
//! delugen's task templates (README's troubleshooting lists the unconfirmed ones), so a
//! run checks what a script sends and that it reads such an answer, not Zoho's own
//! wording.

use serde_json::{Value as Json, json};

use super::http::{Request, Response};
use super::value::Value;

/// How a task's answer is made from its REST call's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reshape {
    /// A CRM write of one record: the entry's `details` (with `id`) on success, else
    /// the entry itself (code, message, status "error").
    CrmOne,
    /// A CRM read by id: the record, an empty Map when there is none.
    CrmRecord,
    /// A CRM search: the List of records (empty when nothing matched); a refusal is
    /// its Map.
    CrmList,
    /// Books, Creator, CRM upserts and bulk writes: the API's answer as it is.
    AsIs,
}

/// A task call as the REST call it stands for; None when the name is no integration
/// task this module knows. `api` is the API host of the data centre the script runs in.
pub fn request_for(
    name: &str,
    args: &[Value],
    api: &str,
) -> Option<Result<(Request, Reshape), String>> {
    let lower = name.to_ascii_lowercase();
    let (product, task) = lower.strip_prefix("zoho.")?.split_once('.')?;
    let made = match product {
        "crm" => crm(task, args, api)?,
        "books" => books(task, args, api)?,
        "creator" => creator(task, args, api)?,
        _ => return None,
    };
    Some(made.map(|(mut request, reshape)| {
        request.task = Some(name.to_string());
        (request, reshape)
    }))
}

/// The task's answer, from its REST call's.
pub fn answer(reshape: Reshape, response: &Response) -> Value {
    let body: Json = serde_json::from_str(&response.body).unwrap_or(Json::Null);
    let shaped = match reshape {
        Reshape::AsIs => body,
        Reshape::CrmOne => match body.get("data").and_then(|d| d.get(0)) {
            Some(entry) if entry.get("status").and_then(Json::as_str) == Some("success") => {
                entry.get("details").cloned().unwrap_or_else(|| json!({}))
            }
            Some(entry) => entry.clone(),
            None => body,
        },
        Reshape::CrmRecord => match (response.status, body.get("data").and_then(|d| d.get(0))) {
            (204, _) => json!({}),
            (_, Some(record)) => record.clone(),
            _ => body,
        },
        Reshape::CrmList => match (response.status, body.get("data")) {
            (204, _) => json!([]),
            (_, Some(records)) => records.clone(),
            _ => body,
        },
    };
    Value::from_json(&shaped)
}

fn arg(args: &[Value], at: usize) -> Option<&Value> {
    args.get(at).filter(|v| !matches!(v, Value::Null))
}

fn text(args: &[Value], at: usize, task: &str, what: &str) -> Result<String, String> {
    match arg(args, at) {
        Some(Value::Map(_) | Value::List(_)) | None => {
            Err(format!("{task} takes {what} as its argument {}", at + 1))
        }
        Some(value) => Ok(value.display()),
    }
}

fn is_map(args: &[Value], at: usize) -> bool {
    matches!(arg(args, at), Some(Value::Map(_)))
}

/// The connection argument: the last text argument after `from`, when there is one.
fn connection(args: &[Value], from: usize) -> Option<String> {
    args.iter()
        .skip(from)
        .rev()
        .find(|v| matches!(v, Value::Text(_)))
        .map(Value::display)
}

fn request(method: &str, url: String, connection: Option<String>) -> Request {
    Request {
        method: method.to_string(),
        url,
        headers: Default::default(),
        // A task runs as the user (or through its connection): no token to check.
        connection: Some(connection.unwrap_or_else(|| "(the user running the script)".into())),
        content_type: None,
        form: None,
        body: None,
        task: None,
    }
}

fn query(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn urlencode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// `zoho.crm.*`: zoho.com/deluge/help/crm (createRecord, updateRecord, getRecordById,
/// searchRecords, upsert, bulkCreate, bulkUpdate). Options (a Map) carry `trigger`.
fn crm(task: &str, args: &[Value], api: &str) -> Option<Result<(Request, Reshape), String>> {
    let name = format!("zoho.crm.{task}");
    let module = |at| text(args, at, &name, "the module's API name");
    let base = |module: &str| format!("{api}/crm/v8/{module}");
    let body = |records: Json, options: Option<&Value>| {
        let mut body = json!({ "data": records });
        if let Some(Value::Map(options)) = options
            && let Some(trigger) = options.borrow().get("trigger")
        {
            body["trigger"] = trigger.to_json();
        }
        body.to_string()
    };
    let made = match task {
        "createrecord" | "upsert" => (|| {
            let module = module(0)?;
            if !is_map(args, 1) {
                return Err(format!("{name} takes the record as a Map (argument 2)"));
            }
            let url = if task == "upsert" {
                format!("{}/upsert", base(&module))
            } else {
                base(&module)
            };
            let mut sent = request("POST", url, connection(args, 2));
            sent.body = Some(body(json!([args[1].to_json()]), arg(args, 2)));
            let reshape = if task == "upsert" {
                Reshape::AsIs
            } else {
                Reshape::CrmOne
            };
            Ok((sent, reshape))
        })(),
        "updaterecord" => (|| {
            let module = module(0)?;
            let id = text(args, 1, &name, "the record's id")?;
            if !is_map(args, 2) {
                return Err(format!("{name} takes the record as a Map (argument 3)"));
            }
            let mut sent = request(
                "PUT",
                format!("{}/{id}", base(&module)),
                connection(args, 3),
            );
            sent.body = Some(body(json!([args[2].to_json()]), arg(args, 3)));
            Ok((sent, Reshape::CrmOne))
        })(),
        "bulkcreate" | "bulkupdate" => (|| {
            let module = module(0)?;
            let Some(Value::List(records)) = arg(args, 1) else {
                return Err(format!("{name} takes the records as a List (argument 2)"));
            };
            let records = Json::Array(records.borrow().iter().map(Value::to_json).collect());
            let method = if task == "bulkcreate" { "POST" } else { "PUT" };
            let mut sent = request(method, base(&module), connection(args, 2));
            sent.body = Some(body(records, arg(args, 2)));
            Ok((sent, Reshape::AsIs))
        })(),
        "getrecordbyid" => (|| {
            let module = module(0)?;
            let id = text(args, 1, &name, "the record's id")?;
            let mut url = format!("{}/{id}", base(&module));
            if let Some(Value::Map(query_map)) = arg(args, 2) {
                let pairs: Vec<(String, String)> = query_map
                    .borrow()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.display()))
                    .collect();
                if !pairs.is_empty() {
                    let pairs: Vec<(&str, String)> =
                        pairs.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
                    url = format!("{url}?{}", query(&pairs));
                }
            }
            Ok((request("GET", url, connection(args, 2)), Reshape::CrmRecord))
        })(),
        "searchrecords" => (|| {
            let module = module(0)?;
            let criteria = text(args, 1, &name, "the criteria")?;
            let mut pairs = vec![("criteria", criteria)];
            if let Some(page) = arg(args, 2) {
                pairs.push(("page", page.display()));
            }
            if let Some(per_page) = arg(args, 3) {
                pairs.push(("per_page", per_page.display()));
            }
            let url = format!("{}/search?{}", base(&module), query(&pairs));
            Ok((request("GET", url, connection(args, 4)), Reshape::CrmList))
        })(),
        _ => return None,
    };
    Some(made)
}

/// `zoho.books.*`: (module, organization id, ...), answered as the API answers.
fn books(task: &str, args: &[Value], api: &str) -> Option<Result<(Request, Reshape), String>> {
    let name = format!("zoho.books.{task}");
    let made = (|| {
        let module = text(args, 0, &name, "the module")?;
        let organization = text(args, 1, &name, "the organization id")?;
        let at = |id: Option<&str>| {
            let id = id.map(|id| format!("/{id}")).unwrap_or_default();
            format!(
                "{api}/books/v3/{module}{id}?organization_id={}",
                urlencode(&organization)
            )
        };
        let form = |record: &Value| {
            indexmap::IndexMap::from([("JSONString".to_string(), record.to_json_text())])
        };
        match task {
            "createrecord" => {
                if !is_map(args, 2) {
                    return Err(format!("{name} takes the record as a Map (argument 3)"));
                }
                let mut sent = request("POST", at(None), connection(args, 3));
                sent.form = Some(form(&args[2]));
                Ok((sent, Reshape::AsIs))
            }
            "updaterecord" => {
                let id = text(args, 2, &name, "the record's id")?;
                if !is_map(args, 3) {
                    return Err(format!("{name} takes the record as a Map (argument 4)"));
                }
                let mut sent = request("PUT", at(Some(&id)), connection(args, 4));
                sent.form = Some(form(&args[3]));
                Ok((sent, Reshape::AsIs))
            }
            "getrecordsbyid" => {
                let id = text(args, 2, &name, "the record's id")?;
                Ok((
                    request("GET", at(Some(&id)), connection(args, 3)),
                    Reshape::AsIs,
                ))
            }
            "getrecords" => {
                let mut url = at(None);
                match arg(args, 2) {
                    Some(Value::Map(filters)) => {
                        for (key, value) in filters.borrow().iter() {
                            url.push_str(&format!("&{key}={}", urlencode(&value.display())));
                        }
                    }
                    Some(Value::Text(filters)) if !filters.is_empty() => {
                        url.push('&');
                        url.push_str(filters.trim_start_matches(['?', '&']));
                    }
                    _ => {}
                }
                Ok((request("GET", url, connection(args, 3)), Reshape::AsIs))
            }
            _ => Err(String::new()),
        }
    })();
    match made {
        Err(message) if message.is_empty() => None,
        other => Some(other),
    }
}

/// `zoho.creator.*` (v2 tasks): (owner, app, form or report, ...), answered as the
/// v2.1 API answers (code 3000 and data).
fn creator(task: &str, args: &[Value], api: &str) -> Option<Result<(Request, Reshape), String>> {
    let name = format!("zoho.creator.{task}");
    let made = (|| {
        let owner = text(args, 0, &name, "the owner")?;
        let app = text(args, 1, &name, "the application")?;
        let place = text(args, 2, &name, "the form or report")?;
        let data = |kind: &str| format!("{api}/creator/v2.1/data/{owner}/{app}/{kind}/{place}");
        let body = |data: &Value, other: Option<&Value>| {
            let mut body = json!({ "data": data.to_json() });
            if let Some(Value::Map(other)) = other {
                for (key, value) in other.borrow().iter() {
                    body[key] = value.to_json();
                }
            }
            body.to_string()
        };
        match task {
            "createrecord" => {
                let Some(record @ (Value::Map(_) | Value::List(_))) = arg(args, 3) else {
                    return Err(format!("{name} takes the data as a Map (argument 4)"));
                };
                let mut sent = request("POST", data("form"), connection(args, 5));
                sent.body = Some(body(record, arg(args, 4)));
                Ok((sent, Reshape::AsIs))
            }
            "updaterecord" => {
                let id = text(args, 3, &name, "the record's ID")?;
                if !is_map(args, 4) {
                    return Err(format!("{name} takes the data as a Map (argument 5)"));
                }
                let mut sent = request(
                    "PATCH",
                    format!("{}/{id}", data("report")),
                    connection(args, 6),
                );
                sent.body = Some(body(&args[4], arg(args, 5)));
                Ok((sent, Reshape::AsIs))
            }
            "getrecordbyid" => {
                let id = text(args, 3, &name, "the record's ID")?;
                Ok((
                    request(
                        "GET",
                        format!("{}/{id}", data("report")),
                        connection(args, 4),
                    ),
                    Reshape::AsIs,
                ))
            }
            "getrecords" => {
                let mut pairs = Vec::new();
                if let Some(criteria) = arg(args, 3).map(Value::display)
                    && !criteria.is_empty()
                {
                    pairs.push(("criteria", criteria));
                }
                if let Some(from) = arg(args, 4) {
                    pairs.push(("from", from.display()));
                }
                if let Some(limit) = arg(args, 5) {
                    pairs.push(("limit", limit.display()));
                }
                let mut url = data("report");
                if !pairs.is_empty() {
                    url = format!("{url}?{}", query(&pairs));
                }
                Ok((request("GET", url, connection(args, 6)), Reshape::AsIs))
            }
            _ => Err(String::new()),
        }
    })();
    match made {
        Err(message) if message.is_empty() => None,
        other => Some(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, Value)]) -> Value {
        Value::map_of(pairs.iter().map(|(k, v)| (k.to_string(), v.clone())))
    }

    #[test]
    fn a_crm_create_is_the_post_of_its_record_under_data() {
        let args = [
            Value::text("Leads"),
            map(&[("Last_Name", Value::text("Li"))]),
            map(&[("trigger", Value::new_list(vec![]))]),
        ];
        let (sent, reshape) =
            request_for("zoho.crm.createRecord", &args, "https://www.zohoapis.eu")
                .unwrap()
                .unwrap();
        assert_eq!(
            sent.line(),
            "zoho.crm.createRecord: POST https://www.zohoapis.eu/crm/v8/Leads"
        );
        assert_eq!(
            sent.body.as_deref(),
            Some(r#"{"data":[{"Last_Name":"Li"}],"trigger":[]}"#)
        );
        assert_eq!(sent.task.as_deref(), Some("zoho.crm.createRecord"));
        assert_eq!(reshape, Reshape::CrmOne);
        let answer = answer(
            reshape,
            &Response::json(
                201,
                json!({"data": [{"code": "SUCCESS", "details": {"id": "42"}, "status": "success"}]}),
            ),
        );
        assert_eq!(answer.to_json(), json!({"id": "42"}));
    }

    #[test]
    fn a_books_search_sends_its_filters_and_a_creator_read_its_report() {
        let args = [
            Value::text("contacts"),
            Value::text("2007"),
            map(&[("email", Value::text("a b@x.example"))]),
            Value::text("books"),
        ];
        let (sent, _) = request_for("zoho.books.getRecords", &args, "https://www.zohoapis.eu")
            .unwrap()
            .unwrap();
        assert_eq!(
            sent.url,
            "https://www.zohoapis.eu/books/v3/contacts?organization_id=2007&email=a%20b%40x.example"
        );
        assert_eq!(sent.connection.as_deref(), Some("books"));
        let args = [
            Value::text("o"),
            Value::text("a"),
            Value::text("All_Orders"),
            Value::Long(7),
            Value::text("creator"),
        ];
        let (sent, _) = request_for(
            "zoho.creator.getRecordById",
            &args,
            "https://www.zohoapis.in",
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            sent.line(),
            "zoho.creator.getRecordById: GET https://www.zohoapis.in/creator/v2.1/data/o/a/report/All_Orders/7"
        );
    }

    #[test]
    fn a_read_that_finds_nothing_is_an_empty_map_and_a_search_an_empty_list() {
        assert_eq!(
            answer(Reshape::CrmRecord, &Response::empty()).to_json(),
            json!({})
        );
        assert_eq!(
            answer(Reshape::CrmList, &Response::empty()).to_json(),
            json!([])
        );
        assert!(request_for("zoho.crm.getOrgVariable", &[], "x").is_none());
        assert!(
            request_for("zoho.crm.createRecord", &[Value::text("Leads")], "x")
                .unwrap()
                .is_err()
        );
    }
}
