//! One request script: where it goes, the record it sends (literal values and values read
//! from arguments, kept apart), how the answer is read, and, when it has inputs, the
//! function it is the body of.

use serde::Serialize;

use super::search::{self, SearchPlan};
use super::value::{self, Reference, Slot};
use crate::deluge::literal;
use crate::spec::{
    ArgType, FieldPath, FieldValue, InputRef, Method, OrInput, Problem, Request, Returns, Spec,
    Target, Text, Trigger,
};
use crate::zoho::options::{Place, as_text};
use crate::zoho::{Answer, Payload, Product};

/// The variable an inline token-mode script keeps the token answer's `api_domain` in.
pub const API_DOMAIN_VARIABLE: &str = "v_ApiDomain";

#[derive(Debug, Clone, Serialize)]
pub struct RequestPlan {
    pub name: String,
    pub verb: &'static str,
    /// The address as a reader sees it; an id from an argument shows as `{deal_id}`.
    pub url: String,
    /// The address as a Deluge expression (a text literal, or literals joined with the id).
    pub url_code: String,
    pub payload: Payload,
    pub action: String,
    pub record: Vec<RecordField>,
    pub has_trigger: bool,
    pub trigger: Vec<Trigger>,
    pub duplicate_check_fields: Vec<Text>,
    /// `duplicate_check_fields` read from an argument, as a Deluge expression.
    pub duplicate_check_code: Option<String>,
    pub connection: Option<String>,
    pub answer: Answer,
    /// Present when the request has inputs: the script is a function's body.
    pub function: Option<FunctionPlan>,
    /// `write`, `bulk`, `read`, `search` or `delete`: which part of the template runs.
    pub kind: &'static str,
    /// The variable a function returns: `v_RecordId`, `m_Found`, `l_Found`, `l_Ids`.
    pub returned: &'static str,
    pub search: Option<SearchPlan>,
    /// Headers from `options` (Creator's `environment`).
    pub headers: Vec<(String, String)>,
    /// Body keys from `options` beside the record (`lar_id`, `skip_workflow`, `result`).
    pub body_options: Vec<(String, FieldValue)>,
    /// A bulk write: the List argument's expression and the records per request.
    pub bulk: Option<BulkPlan>,
    /// Creator DELETE by criteria: the criteria text as a Deluge expression.
    pub delete_criteria_code: Option<String>,
    /// Creator DELETE by criteria: the requests a run sends at most (1, 2, ...), each
    /// deleting up to 200 records.
    pub delete_rounds: Vec<u32>,
    /// The record's id as a Deluge text expression (`"123"`, `deal_id.toString()`).
    pub record_id_code: String,
    /// `coql`: the select query, as written.
    pub query: Option<String>,
    /// What a search, query or delete by criteria looks for, for the handover.
    pub finds: Option<String>,
    /// CRM v8 searches with `equals`: what Zoho's search page says `equals` does, for the
    /// header (the list is returned as Zoho answers it).
    pub equals_note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BulkPlan {
    pub code: String,
    /// The product written to (`Zoho CRM`), for the comment on its batches.
    pub title: &'static str,
    pub chunk: u32,
    pub max_records: u32,
    /// The failure text's start: `Zoho CRM refused `.
    pub refused: String,
    /// A CRM delete of listed ids: what joins the address and the ids (`?ids=`).
    pub ids_parameter: String,
    /// What happened to each record: `written` or `deleted`.
    pub done: &'static str,
    /// The product's statement limit, as its page words it.
    pub limit_phrase: &'static str,
}

/// One field of the record: a literal value (laid out by the `dg` filter) or the checked
/// expression of a value read from an argument. Never both: the fields are private, and
/// `code` can only be filled from a `Reference`, which only `value::resolve` makes.
#[derive(Debug, Clone, Serialize)]
pub struct RecordField {
    name: String,
    value: Option<FieldValue>,
    code: Option<String>,
    /// The argument it comes from, for readers (`deal_id`, `invoice.customer_id`).
    from: Option<String>,
}

impl RecordField {
    fn literal(name: &Text, value: &FieldValue) -> Self {
        RecordField {
            name: name.as_str().to_string(),
            value: Some(value.clone()),
            code: None,
            from: None,
        }
    }

    fn argument(name: &Text, reference: &Reference, from: &InputRef) -> Self {
        RecordField {
            name: name.as_str().to_string(),
            value: None,
            code: Some(reference.code()),
            from: Some(from.to_string()),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The value written in the spec, when it is not taken from an argument.
    pub fn literal_value(&self) -> Option<&FieldValue> {
        self.value.as_ref()
    }

    /// The field's value as a reader sees it (nested values as JSON).
    pub fn shown(&self) -> String {
        match (&self.value, &self.from) {
            (Some(FieldValue::Text(text)), _) => text.as_str().to_string(),
            (Some(other), _) => serde_json::to_string(other).unwrap_or_default(),
            (None, Some(from)) => format!("← argument {from}"),
            (None, None) => String::new(),
        }
    }
}

/// The function a request script with inputs is the body of.
#[derive(Debug, Clone, Serialize)]
pub struct FunctionPlan {
    /// Where in Zoho the function is made.
    pub location: String,
    /// As Zoho's editor shows it: `string standalone.update_deal(Int deal_id)`.
    pub signature: String,
    /// How another script calls it: `standalone.update_deal(deal_id)`.
    pub call: String,
    pub arguments: Vec<ArgumentNote>,
    /// True when the function returns a value (declared `string`, `map` or `list`).
    pub returns_id: bool,
    /// The access-token function of a token store: returns a token, not a record's id.
    pub returns_token: bool,
    /// What it returns, for the header: `the record's id, or "" when the request failed`.
    pub returns_what: String,
    /// The variable a caller keeps the result in (`v_Id`, `m_Record`, `l_Records`).
    pub result_var: &'static str,
    /// Where the arguments are declared, in the product's own words.
    pub arguments_how: &'static str,
    /// Books: the key of the Map the function returns its result under (`records`); a
    /// Books function returns only `void` or `map`.
    pub return_key: Option<&'static str>,
    /// Books: each argument read from the record's Map at the top of the body
    /// (`email = ifnull(contact.get("email"), "").toString();`): (name, expression).
    pub reads: Vec<(String, String)>,
    /// Books: the Map Zoho passes the record in (`contact`).
    pub entity: Option<String>,
    /// Who calls it, when no other function does (Books: a workflow rule).
    pub called_by: Option<String>,
}

/// What the header says of an argument after its name and source: `: description;
/// optional: ...; e.g. example`, or nothing. Shared by request functions and functions
/// of steps, so both headers read alike.
pub(super) fn argument_details(input: &crate::spec::Input) -> String {
    let mut details: Vec<String> = Vec::new();
    if let Some(description) = &input.description {
        details.push(description.as_str().to_string());
    }
    if input.optional {
        details.push("optional: when empty, its field is left out".to_string());
    }
    if let Some(example) = &input.example {
        let shown = match example {
            FieldValue::Text(text) => text.as_str().to_string(),
            other => serde_json::to_string(other).unwrap_or_default(),
        };
        details.push(format!("e.g. {shown}"));
    }
    if details.is_empty() {
        String::new()
    } else {
        format!(": {}", details.join("; "))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ArgumentNote {
    pub name: String,
    pub kind: &'static str,
    /// Where it comes from, what it is and an example, as one line.
    pub note: String,
}

pub fn plan(
    spec: &Spec,
    index: usize,
    request: &Request,
    api_version: &str,
    connection: Option<&str>,
    api_domain_from_token: bool,
) -> Result<RequestPlan, Vec<Problem>> {
    let conventions = spec.product.conventions();
    let at = FieldPath::root().key("requests").index(index);
    let mut problems = Vec::new();
    let dates = value::DateFormats::of(spec, conventions);
    let mut resolve = |used, slot, path: FieldPath| {
        value::resolve(used, &request.inputs, slot, conventions, &dates)
            .map_err(|why| {
                problems.push(
                    Problem::new(path, why)
                        .help("see \"Inputs\" in `delugen man spec` for the conversions"),
                )
            })
            .ok()
    };

    let mut record: Vec<RecordField> = request
        .fields
        .0
        .iter()
        .map(|(name, value)| RecordField::literal(name, value))
        .collect();
    for (name, used) in &request.from_inputs.0 {
        let path = at.key("from_inputs").key(name.as_str());
        if let Some(reference) = resolve(used, Slot::Field, path) {
            record.push(RecordField::argument(name, &reference, &used.reference));
        }
    }

    let endpoint = conventions.endpoint(spec, api_version, request);
    let (id_shown, id_code) = match &request.record_id {
        Some(OrInput::Literal(id)) => (id.as_str().to_string(), None),
        Some(OrInput::Input(used)) => {
            let code = resolve(used, Slot::RecordId, at.key("record_id"))
                .map(|reference| reference.code());
            (format!("{{{}}}", used.reference), code)
        }
        None => (String::new(), None),
    };
    let (duplicate_check_fields, duplicate_check_code) = match &request.duplicate_check_fields {
        Some(OrInput::Literal(names)) => (names.clone(), None),
        Some(OrInput::Input(used)) => (
            Vec::new(),
            resolve(used, Slot::FieldNames, at.key("duplicate_check_fields"))
                .map(|reference| reference.code()),
        ),
        None => (Vec::new(), None),
    };
    let bulk_code = request.records.as_ref().and_then(|used| {
        resolve(used, Slot::Records, at.key("records")).map(|reference| reference.code())
    });
    if !problems.is_empty() {
        return Err(problems);
    }

    let kind = match request.method {
        Method::Get => "read",
        Method::Search => "search",
        Method::Coql => "coql",
        _ if request.records.is_some() => "bulk",
        Method::Delete => "delete",
        _ => "write",
    };
    let (headers, body_options, query) =
        options_by_place(request, conventions, kind, endpoint.query.clone());
    let endpoint = crate::zoho::Endpoint { query, ..endpoint };
    let search = match kind {
        "search" => Some(search::plan(
            request,
            conventions,
            &dates,
            spec.product,
            &endpoint.base,
            &endpoint.query,
            &at,
        )?),
        _ => None,
    };
    let delete_criteria_code = match (kind, &request.criteria) {
        ("delete", Some(_)) => Some(search::creator_criteria(request, conventions, &dates, &at)?),
        _ => None,
    };
    let bulk = bulk_code.map(|code| bulk_plan(code, conventions, request.method, &endpoint.query));
    let returned = match kind {
        "delete" if request.criteria.is_some() => "l_Deleted",
        "read" => "m_Found",
        "search" | "coql" => "l_Found",
        "bulk" => "l_Ids",
        _ => "v_RecordId",
    };

    let shown_id = if endpoint.takes_id {
        id_shown.as_str()
    } else {
        ""
    };
    let record_id_code = match (&request.record_id, &id_code) {
        (Some(OrInput::Literal(id)), _) => literal::text(id.as_str()),
        (Some(OrInput::Input(_)), Some(code)) => code.clone(),
        _ => literal::text(""),
    };
    let url = format!("{}{shown_id}{}", endpoint.base, endpoint.query);
    // A script holding the token answer takes the API host from its api_domain, so a
    // wrong table entry cannot send the token to another data centre.
    let api = spec.region.data_centre().api;
    let (host, base) = match endpoint.base.strip_prefix(api) {
        Some(path) if api_domain_from_token => (Some(API_DOMAIN_VARIABLE), path),
        _ => (None, endpoint.base.as_str()),
    };
    let mut parts: Vec<String> = host.map(str::to_string).into_iter().collect();
    match id_code.filter(|_| endpoint.takes_id) {
        None => parts.push(literal::text(&format!(
            "{base}{shown_id}{}",
            endpoint.query
        ))),
        Some(code) => {
            parts.push(literal::text(base));
            parts.push(code);
            if !endpoint.query.is_empty() {
                parts.push(literal::text(&endpoint.query));
            }
        }
    }
    let url_code = parts.join(" + ");

    Ok(RequestPlan {
        name: request.name.to_string(),
        verb: endpoint.verb,
        url,
        url_code,
        payload: endpoint.payload,
        action: endpoint.action,
        record,
        has_trigger: request.trigger.is_some(),
        trigger: request.trigger.clone().unwrap_or_default(),
        duplicate_check_fields,
        duplicate_check_code,
        connection: connection.map(str::to_string),
        answer: conventions.answer(spec),
        function: function(spec, request),
        kind,
        returned,
        search,
        headers,
        body_options,
        bulk,
        delete_rounds: if delete_criteria_code.is_some() {
            (1..=crate::zoho::creator::DELETE_ROUNDS).collect()
        } else {
            Vec::new()
        },
        delete_criteria_code,
        record_id_code,
        query: request.query.as_ref().map(|q| q.as_str().to_string()),
        finds: search::describe(request),
        equals_note: equals_note(spec, request),
    })
}

/// How a list of `code` is written in `conventions`' product: the records per request,
/// the most a run takes, and the words of its report. Shared by bulk requests and steps.
pub(super) fn bulk_plan(
    code: String,
    conventions: &dyn crate::zoho::Conventions,
    method: Method,
    query: &str,
) -> BulkPlan {
    BulkPlan {
        code,
        title: conventions.title(),
        chunk: conventions.bulk_chunk(),
        max_records: conventions.bulk_max_records(),
        refused: format!("{} refused ", conventions.title()),
        limit_phrase: conventions.statement_limit().phrase,
        done: if method == Method::Delete {
            "deleted"
        } else {
            "written"
        },
        ids_parameter: if query.is_empty() {
            "?ids=".to_string()
        } else {
            "&ids=".to_string()
        },
    }
}

/// Zoho CRM's v8 search-records page: "equals" behaves like "contains". A search returns
/// Zoho's list as it is, so its header says so; a caller that wants the one record with
/// exactly that value compares the field itself.
fn equals_note(spec: &Spec, request: &Request) -> Option<String> {
    fn equals_fields(criteria: &crate::spec::Criteria, found: &mut Vec<String>) {
        match criteria.shape() {
            Ok(crate::spec::Shape::Condition {
                field,
                op: crate::spec::Op::Equals,
                ..
            }) => found.push(field.as_str().to_string()),
            Ok(crate::spec::Shape::All(list)) | Ok(crate::spec::Shape::Any(list)) => {
                for inner in list {
                    equals_fields(inner, found);
                }
            }
            _ => {}
        }
    }
    if spec.product != Product::Crm || request.method != Method::Search {
        return None;
    }
    let mut fields = Vec::new();
    equals_fields(request.criteria.as_ref()?, &mut fields);
    fields.dedup();
    (!fields.is_empty()).then(|| {
        format!(
            "Zoho CRM's v8 search matches equals like contains, so the list may hold records whose {} only contains the value: \
             to use one record as the match, compare the field exactly (l_Records.get(0).get(\"{}\") == the value)",
            fields.join(", "),
            fields[0]
        )
    })
}

/// The request's options where each goes: headers, body keys beside the record, and the
/// query (`query` with the options appended; a search adds its own query after them).
#[allow(clippy::type_complexity)]
pub(super) fn options_by_place(
    request: &Request,
    conventions: &dyn crate::zoho::Conventions,
    kind: &str,
    mut query: String,
) -> (Vec<(String, String)>, Vec<(String, FieldValue)>, String) {
    let mut headers = Vec::new();
    let mut body_options = Vec::new();
    for (name, value) in &request.options.0 {
        let Some(rule) = conventions
            .options()
            .iter()
            .find(|r| r.name == name.as_str())
        else {
            continue;
        };
        match rule.place {
            Place::Header => headers.push((name.to_string(), as_text(value))),
            Place::Body => body_options.push((name.to_string(), value.clone())),
            Place::Query if kind == "search" => {}
            Place::Query => {
                let separator = if query.is_empty() { "?" } else { "&" };
                query.push_str(&format!(
                    "{separator}{name}={}",
                    percent_encoding::utf8_percent_encode(&as_text(value), search::QUERY_VALUE)
                ));
            }
        }
    }
    (headers, body_options, query)
}

/// The function's name in Zoho: the request's name with `_` for `-` (Deluge names are
/// identifiers), prefixed when it would start with a digit.
fn function_name(request: &Request) -> String {
    let name = request.name.as_str().replace('-', "_");
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("run_{name}")
    } else {
        name
    }
}

/// Where a CRM record's own id is found when a function's argument is mapped:
/// `Deals` → `Deals › Deal Id` (Zoho names the field after the module's singular).
fn crm_id_field(spec: &Spec) -> Option<String> {
    let Target::Named(module) = &spec.module else {
        return None;
    };
    let shown = module.replace('_', " ");
    let singular = shown.strip_suffix('s').unwrap_or(&shown);
    Some(format!("{shown} › {singular} Id"))
}

fn function(spec: &Spec, request: &Request) -> Option<FunctionPlan> {
    if request.inputs.is_empty() {
        return None;
    }
    let product = spec.runs_in();
    // The argument that carries the record's own id, for a CRM mapping hint.
    let id_argument = match &request.record_id {
        Some(OrInput::Input(used))
            if !used.reference.is_path()
                && product == Product::Crm
                && spec.product == Product::Crm =>
        {
            Some(used.reference.input.as_str())
        }
        _ => None,
    };
    // Books workflow functions are void (Zoho passes them the record's Map, organization
    // and user); elsewhere a function returns the record's id.
    // A read's function exists to give back what it found, in every product.
    let default = match product {
        Product::Books if !request.method.is_read() => Returns::Nothing,
        _ => Returns::Id,
    };
    let returns_id = request.returns.unwrap_or(default) == Returns::Id;
    let name = function_name(request);
    let location = match product {
        Product::Crm => {
            "Zoho CRM: Setup → Developer Space → Functions → New Function (category Standalone)"
                .to_string()
        }
        Product::Books => format!(
            "Zoho Books: Settings → Automation → Workflow Actions → Functions → New Function, module {}",
            crate::zoho::books::function_module(spec)
        ),
        Product::Creator => {
            "Zoho Creator: the application's Workflows → Functions → New Function (namespace integrations)"
                .to_string()
        }
    };
    // CRM calls other functions through the standalone namespace, Creator through the
    // application's namespace (delugen names it `integrations`, called with thisapp.).
    // Books has no such call: a workflow rule runs the function with the record's Map.
    let (declared, called) = match product {
        Product::Crm => (format!("standalone.{name}"), format!("standalone.{name}")),
        Product::Creator => (
            format!("integrations.{name}"),
            format!("thisapp.integrations.{name}"),
        ),
        Product::Books => (name.clone(), name.clone()),
    };
    let entity = (product == Product::Books).then(|| books_entity(spec, request));
    let names: Vec<&str> = request.inputs.0.iter().map(|i| i.name.as_str()).collect();
    let arguments = request
        .inputs
        .0
        .iter()
        .map(|input| {
            let mut note = String::new();
            let mapped_from = input.mapped_from.as_ref().map(|f| f.as_str().to_string());
            let default_from = (id_argument == Some(input.name.as_str()))
                .then(|| crm_id_field(spec))
                .flatten();
            if let Some(entity) = entity.as_ref().filter(|e| *e != input.name.as_str()) {
                note.push_str(&format!(
                    " ← {entity}.get({})",
                    literal::text(input.name.as_str())
                ));
            } else if let Some(from) = mapped_from.or(default_from) {
                note.push_str(&format!(" ← {from}"));
            }
            note.push_str(&argument_details(input));
            ArgumentNote {
                name: input.name.to_string(),
                kind: input.kind.as_str(),
                note,
            }
        })
        .collect();
    let result_var = match request.method {
        Method::Get => "m_Record",
        Method::Search | Method::Coql => "l_Records",
        _ if request.records.is_some() => "l_Ids",
        Method::Delete if request.record_id.is_none() => "l_Ids",
        _ => "v_Id",
    };
    let (mut declared_type, mut returns_what) = match request.method {
        _ if !returns_id => ("void", String::new()),
        Method::Get => (
            "map",
            "the record as a Map, or an empty Map when it was not found or the request failed"
                .to_string(),
        ),
        Method::Search | Method::Coql => (
            "list",
            "the records found as a List of Maps (an empty List when nothing matched or the request failed)".to_string(),
        ),
        Method::Delete if request.record_id.is_none() && request.records.is_none() => (
            "list",
            "the ids of every record deleted (an empty List when none matched)".to_string(),
        ),
        Method::Delete if request.records.is_some() => (
            "list",
            "the ids deleted, in the order given, \"\" for each id Zoho refused".to_string(),
        ),
        _ if request.records.is_some() => (
            "list",
            "the ids of the records in the order given, \"\" for each record Zoho refused".to_string(),
        ),
        _ => (
            "string",
            "the record's id, or \"\" when the request failed".to_string(),
        ),
    };
    // Zoho Books' custom-functions API allows the return types void and map only: what
    // another product returns bare, a Books function returns inside a Map.
    let mut return_key = None;
    if product == Product::Books && returns_id && declared_type != "map" {
        let key = match declared_type {
            "list" if matches!(request.method, Method::Search | Method::Coql) => "records",
            "list" => "ids",
            _ => "id",
        };
        returns_what = format!("a Map whose \"{key}\" holds {returns_what}");
        declared_type = "map";
        return_key = Some(key);
    }
    let reads = match &entity {
        Some(entity) => books_reads(&request.inputs, entity),
        None => Vec::new(),
    };
    let (signature, call) = match &entity {
        Some(entity) => (
            format!("{declared_type} {declared}(Map {entity}, Map organization, Map user)"),
            format!("{called}({entity}, organization, user)"),
        ),
        None => (
            format!("{declared_type} {declared}({})", parameters(request)),
            format!("{called}({})", names.join(", ")),
        ),
    };
    Some(FunctionPlan {
        location,
        signature,
        call,
        arguments,
        returns_id,
        returns_token: false,
        returns_what,
        result_var,
        arguments_how: match product {
            Product::Crm => "declared in the function editor (CRM: Edit Arguments)",
            Product::Creator => "declared in the function's first line in Creator's editor",
            Product::Books => "as Zoho Books fills them (the record's Map, or a value the body reads from it first)",
        },
        return_key,
        reads,
        called_by: entity.as_ref().map(|entity| {
            format!(
                "Zoho Books runs it from a workflow rule on the module (Settings → Automation → Workflow Rules → the rule → Immediate Actions → Function), passing the record as the Map {entity} with the Maps organization and user; other functions do not call it"
            )
        }),
        entity,
    })
}

/// Books: each argument read from the record's Map `entity` at the top of the body, in
/// the argument's type (`email = ifnull(contact.get("email"), "").toString();`); the
/// Map itself, when it is an argument, is not read. For request functions and functions
/// of steps.
pub(super) fn books_reads(inputs: &crate::spec::Inputs, entity: &str) -> Vec<(String, String)> {
    inputs
        .0
        .iter()
        .filter(|input| input.name.as_str() != entity)
        .map(|input| {
            let key = literal::text(input.name.as_str());
            let code = match input.kind {
                ArgType::String => format!("ifnull({entity}.get({key}), \"\").toString()"),
                ArgType::Int => format!("ifnull({entity}.get({key}), 0).toLong()"),
                ArgType::Decimal => format!("ifnull({entity}.get({key}), 0).toDecimal()"),
                ArgType::Bool => format!("ifnull({entity}.get({key}), false)"),
                ArgType::Date => format!("{entity}.get({key}).toDate()"),
                ArgType::DateTime => format!("{entity}.get({key}).toDateTime()"),
                ArgType::Map => format!("ifnull({entity}.get({key}), Map())"),
                ArgType::List => format!("ifnull({entity}.get({key}), List())"),
            };
            (input.name.to_string(), code)
        })
        .collect()
}

/// The Map a Books workflow function receives the record in: the request's first `Map`
/// argument (named by the spec), otherwise the resource's singular (`contacts` →
/// `contact`), as Zoho names it in the function's declaration.
fn books_entity(spec: &Spec, request: &Request) -> String {
    if let Some(input) = request.inputs.0.iter().find(|i| i.kind == ArgType::Map) {
        return input.name.to_string();
    }
    let Target::Named(resource) = &spec.module else {
        return "record".to_string();
    };
    let first = resource.split('/').next().unwrap_or_default();
    let singular = first.strip_suffix('s').unwrap_or(first);
    if spec.product == Product::Books && !singular.is_empty() && !singular.starts_with("cm_") {
        singular.to_string()
    } else {
        "record".to_string()
    }
}

/// The signature's parameters: `Int deal_id, String stage`.
fn parameters(request: &Request) -> String {
    let parameters: Vec<String> = request
        .inputs
        .0
        .iter()
        .map(|input| format!("{} {}", input.kind, input.name))
        .collect();
    parameters.join(", ")
}

/// The CRM workflow (automation) function that calls `function`: workflow rules call only
/// automation functions, and those return nothing, so the standalone function does the
/// work and this one passes the record's values on.
pub fn workflow_caller(request: &Request, function: &FunctionPlan) -> FunctionPlan {
    let name = format!("{}_workflow", function_name(request));
    FunctionPlan {
        location: "Zoho CRM: Setup → Automation → Workflow Rules → the rule → Instant Actions → Function → New Function".to_string(),
        signature: format!("void automation.{name}({})", parameters(request)),
        call: format!("automation.{name}"),
        arguments: function.arguments.clone(),
        returns_id: false,
        returns_token: false,
        returns_what: String::new(),
        result_var: "v_Id",
        arguments_how: "declared in the function editor (CRM: Edit Arguments)",
        return_key: None,
        reads: Vec::new(),
        entity: None,
        called_by: None,
    }
}
