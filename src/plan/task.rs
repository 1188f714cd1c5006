//! A request through Deluge's own integration task (`via: task`): which task the product
//! documents for it, its arguments, and why a request has none. Where no task exists the
//! plan is an error naming what exists instead, never a quiet fall back to `invokeurl`.

use serde::Serialize;

use super::request::RequestPlan;
use super::search;
use super::value::{self, Slot};
use crate::deluge::literal;
use crate::spec::{
    ArgType, AuthMode, ConnectionService, Criteria, FieldPath, FieldValue, Method, Op, OrInput,
    Problem, Request, Shape, Spec, Target, Via,
};
use crate::zoho::options::{Place, as_text};
use crate::zoho::{Conventions, Product};

/// What a task script needs besides the request's plan.
#[derive(Debug, Clone, Serialize)]
pub struct TaskPlan {
    /// `zoho.crm.createRecord`, `insert into`, ...
    pub name: &'static str,
    /// Zoho's page documenting it.
    pub page: &'static str,
    /// The template that lays it out.
    pub template: &'static str,
    /// The connection's link name, when the task takes one.
    pub connection: Option<String>,
    /// CRM module API name or Books module, as written in the spec.
    pub module: String,
    pub organization_id: String,
    /// Creator: owner, application, form and report link names.
    pub owner: String,
    pub app: String,
    pub form: String,
    pub report: String,
    /// Records one call takes (bulk writes).
    pub batch: u32,
    /// Options the task takes in its options Map (CRM `lar_id`; Creator `result`).
    pub options: Vec<(String, FieldValue)>,
    /// CRM reads: the API's query parameters, which getRecordById takes in a Map.
    pub query: Vec<(String, String)>,
    /// Books search: the list filters, name → Deluge expression.
    pub filters: Vec<(String, String)>,
    /// What the script does, when it differs from the API's wording (Creator's own
    /// statements work on the form, not through the report).
    pub action: Option<String>,
    /// Creator on itself, a delete by criteria: the criteria as Deluge code
    /// (`Status == "Cancelled" && Qty > 5`), for `Form[criteria]`.
    pub criteria: Option<String>,
    /// CRM: the automation to set off. Zoho's task pages set off no workflow rules when
    /// the options leave `trigger` out, unlike the API; so a spec without `trigger` gets
    /// the API's defaults written out, and means the same whichever way it goes.
    pub trigger: Vec<String>,
}

/// Where a task is asked for, so that refusals name it and point at the right line.
pub struct Asked<'a> {
    /// `request "x"`, or `step "x" of function "f"`.
    pub subject: String,
    /// Added to the refusals that do not name the subject (empty for a request).
    pub suffix: String,
    /// The request's own keys (`options`, `fields`, `criteria`).
    pub at: FieldPath,
    /// Where a refusal of `via: task` itself points.
    pub via_at: FieldPath,
    /// What to do when the task takes a connection the auth does not give.
    pub connection_help: String,
    /// The request's action ("create a record in Leads"), reworded for Creator's own
    /// statements.
    pub action: &'a str,
}

/// The task plan of a request that goes `via: task`, None for one through the API.
pub fn plan(
    spec: &Spec,
    index: usize,
    request: &Request,
    request_plan: &RequestPlan,
) -> Result<Option<TaskPlan>, Vec<Problem>> {
    if spec.via(request) != Via::Task {
        return Ok(None);
    }
    let at = FieldPath::root().key("requests").index(index);
    let via_at = if request.via.is_some() {
        at.key("via")
    } else {
        FieldPath::root().key("via")
    };
    let asked = Asked {
        subject: format!("request \"{}\"", request.name),
        suffix: String::new(),
        at,
        via_at,
        connection_help:
            "set auth.mode: connection and auth.connection: <link name>, or use via: api"
                .to_string(),
        action: &request_plan.action,
    };
    plan_task(spec, request, &asked).map(Some)
}

/// The task that does `request` from the product `spec` runs in, with its arguments; the
/// spec's `auth` says which connection there is. Requests and the steps of functions
/// (as one-request views of the spec) both ask here, so the rules live in one place.
pub fn plan_task(spec: &Spec, request: &Request, asked: &Asked) -> Result<TaskPlan, Vec<Problem>> {
    let at = asked.at.clone();
    let via_at = &asked.via_at;
    let suffix = &asked.suffix;
    let refuse = |message: String, help: &str| {
        vec![Problem::new(via_at.clone(), message).help(help.to_string())]
    };
    let conventions = spec.product.conventions();
    let task = conventions.task(spec, request).map_err(|no| {
        refuse(
            format!("{}: no task for {}", no.message, asked.subject),
            &no.help,
        )
    })?;

    // A task writes to the organisation, and the data centre, the script runs in.
    if spec.auth.mode == AuthMode::Connection
        && spec.auth.connection_service() == ConnectionService::Custom
    {
        return Err(refuse(
            format!(
                "{} reaches only the organisation and data centre the script runs in; a custom connection service (another organisation or data centre) goes through invokeurl{suffix}",
                task.name
            ),
            "use via: api",
        ));
    }
    if let Some(store_region) = spec.auth.store_region
        && store_region != spec.region
    {
        return Err(refuse(
            format!(
                "{} writes to the CRM the script runs in ({}), not to the {} data centre of region{suffix}",
                task.name,
                store_region.data_centre().key,
                spec.region.data_centre().key
            ),
            "use via: api, which sends the request to region's data centre",
        ));
    }
    let connection = match (&spec.auth.mode, &spec.auth.connection) {
        (AuthMode::Connection, Some(name)) => Some(name.as_str().to_string()),
        _ => None,
    };
    if task.connection && connection.is_none() {
        return Err(refuse(
            format!(
                "{} takes a Zoho OAuth connection to {} (Zoho's page: {}){suffix}",
                task.name,
                conventions.title(),
                task.page
            ),
            &asked.connection_help,
        ));
    }

    let mut problems = Vec::new();
    let mut options = Vec::new();
    let mut query = Vec::new();
    for (name, value) in &request.options.0 {
        let Some(rule) = conventions
            .options()
            .iter()
            .find(|r| r.name == name.as_str())
        else {
            continue;
        };
        match rule.place {
            // Creator's own statements take no options.
            _ if task.template == "creator-native.dg" => problems.push(
                Problem::new(
                    at.key("options").key(name.as_str()),
                    format!("{} takes no option {name}", task.name),
                )
                .help("leave the option out, or use via: api"),
            ),
            // The zoho.creator tasks are based on Creator's V2 API, whose update and add
            // pages say V2 cannot skip workflows (v2.1's skip_workflow is the API's).
            Place::Body if name.as_str() == "skip_workflow" && spec.product == Product::Creator => {
                problems.push(
                    Problem::new(
                        at.key("options").key(name.as_str()),
                        format!(
                            "{} is based on Zoho Creator's V2 API, which cannot skip workflows (skip_workflow is v2.1's)",
                            task.name
                        ),
                    )
                    .help("use via: api (Creator's v2.1 API takes skip_workflow), or leave the option out"),
                )
            }
            Place::Body => options.push((name.to_string(), value.clone())),
            Place::Query if spec.product == Product::Crm && request.method == Method::Get => {
                query.push((name.to_string(), as_text(value)))
            }
            _ => problems.push(
                Problem::new(
                    at.key("options").key(name.as_str()),
                    format!("{} has no argument for the option {name}", task.name),
                )
                .help("leave the option out, or use via: api"),
            ),
        }
    }
    // Creator's own statements name fields in the code: they must be link names.
    if task.template == "creator-native.dg" {
        let names = request
            .fields
            .0
            .iter()
            .map(|(name, _)| (name, at.key("fields").key(name.as_str())))
            .chain(
                request
                    .from_inputs
                    .0
                    .iter()
                    .map(|(name, _)| (name, at.key("from_inputs").key(name.as_str()))),
            );
        for (name, path) in names {
            let word = name.as_str();
            if !is_link_name(word) {
                problems.push(
                    Problem::new(path, format!("\"{word}\" is not a Creator field link name, which {} writes into the script", task.name))
                        .help("use the field's link name (letters, digits and _), or via: api"),
                );
            }
        }
    }
    let dates = value::DateFormats::of(spec, conventions);
    let criteria = match (&request.criteria, task.template, request.method) {
        (Some(criteria), "creator-native.dg", Method::Delete) => Some(native_criteria(
            criteria,
            request,
            conventions,
            &dates,
            &at.key("criteria"),
            &mut problems,
        )),
        _ => None,
    };
    let filters = match (spec.product, request.method) {
        (Product::Books, Method::Search) => search::filter_codes(request, conventions, &dates, &at)
            .unwrap_or_else(|found| {
                problems.extend(found);
                Vec::new()
            }),
        _ => Vec::new(),
    };
    if !problems.is_empty() {
        return Err(problems);
    }

    let (module, owner, app, form, report) = match &spec.module {
        Target::Named(name) => (name.clone(), "", "", "", ""),
        Target::Creator(target) => (
            String::new(),
            target.owner.as_str(),
            target.app.as_str(),
            target.form.as_deref().unwrap_or_default(),
            target.report.as_deref().unwrap_or_default(),
        ),
    };
    let trigger = match (&request.trigger, spec.product) {
        (Some(names), _) => names
            .iter()
            .filter_map(|t| serde_json::to_value(t).ok())
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        (None, Product::Crm) => ["workflow", "approval", "blueprint"]
            .map(str::to_string)
            .to_vec(),
        (None, _) => Vec::new(),
    };
    Ok(TaskPlan {
        name: task.name,
        page: task.page,
        template: task.template,
        connection: connection.filter(|_| task.connection),
        module,
        organization_id: spec
            .organization_id
            .as_ref()
            .map(|id| id.as_str().to_string())
            .unwrap_or_default(),
        owner: owner.to_string(),
        app: app.to_string(),
        form: form.to_string(),
        report: report.to_string(),
        batch: task.batch,
        options,
        query,
        filters,
        criteria,
        action: (task.template == "creator-native.dg").then(|| {
            asked.action.replace(
                &format!("through report {report}"),
                &format!("in form {form}"),
            )
        }),
        trigger,
    })
}

/// A Creator field's link name: a letter, then letters, digits and `_`.
fn is_link_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Criteria as the Deluge code of a Creator fetch (`Form[criteria]`): link names checked,
/// literal values written as Deluge literals, argument values by name; nothing else from
/// the spec reaches the code.
fn native_criteria(
    criteria: &Criteria,
    request: &Request,
    conventions: &dyn Conventions,
    dates: &value::DateFormats,
    at: &FieldPath,
    problems: &mut Vec<Problem>,
) -> String {
    let Ok(shape) = criteria.shape() else {
        return String::new();
    };
    let (list, joiner, key) = match shape {
        Shape::Condition { field, op, value } => {
            if !is_link_name(field.as_str()) {
                problems.push(
                    Problem::new(
                        at.key("field"),
                        format!("\"{field}\" is not a Creator field link name, which delete from writes into the script"),
                    )
                    .help("use the field's link name (letters, digits and _), or via: api"),
                );
            }
            let code = match value {
                OrInput::Literal(FieldValue::Text(text)) => literal::text(text.as_str()),
                OrInput::Literal(FieldValue::Integer(n)) => n.to_string(),
                OrInput::Literal(FieldValue::Decimal(n)) => n.to_string(),
                OrInput::Literal(FieldValue::Bool(b)) => b.to_string(),
                OrInput::Literal(_) => {
                    problems.push(Problem::new(
                        at.key("value"),
                        "a criteria value is text, a number or true/false",
                    ));
                    String::new()
                }
                // A date compares with a date field as it is (the API takes it as text).
                OrInput::Input(used)
                    if !used.reference.is_path()
                        && used.convert_to.is_none()
                        && request
                            .inputs
                            .get(&used.reference.input)
                            .is_some_and(|input| {
                                matches!(input.kind, ArgType::Date | ArgType::DateTime)
                            }) =>
                {
                    used.reference.input.clone()
                }
                OrInput::Input(used) => {
                    match value::resolve(
                        used,
                        &request.inputs,
                        Slot::SearchValue,
                        conventions,
                        dates,
                    ) {
                        Ok(reference) => reference.code(),
                        Err(why) => {
                            problems.push(Problem::new(at.key("value"), why));
                            String::new()
                        }
                    }
                }
            };
            return match op {
                Op::StartsWith => format!("{field}.startsWith({code})"),
                Op::Contains => format!("{field}.contains({code})"),
                Op::Equals => format!("{field} == {code}"),
                Op::NotEqual => format!("{field} != {code}"),
                Op::GreaterThan => format!("{field} > {code}"),
                Op::GreaterEqual => format!("{field} >= {code}"),
                Op::LessThan => format!("{field} < {code}"),
                Op::LessEqual => format!("{field} <= {code}"),
            };
        }
        Shape::All(list) => (list, " && ", "all"),
        Shape::Any(list) => (list, " || ", "any"),
    };
    let parts: Vec<String> = list
        .iter()
        .enumerate()
        .map(|(i, inner)| {
            native_criteria(
                inner,
                request,
                conventions,
                dates,
                &at.key(key).index(i),
                problems,
            )
        })
        .collect();
    format!("({})", parts.join(joiner))
}
