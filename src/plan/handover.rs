//! What the client's handover document says, taken from the plan. It holds no secret by
//! construction: only whether one was given.

use serde::Serialize;

use super::{ScriptPlan, SpecSummary, TokenPlan};
use crate::spec::{ConnectionService, Spec};

/// Everything the client's handover document says.
#[derive(Debug, Clone, Serialize)]
pub struct HandoverContext {
    pub spec: SpecSummary,
    pub token_mode: bool,
    /// Token mode: the store and what to create in it.
    pub token: Option<TokenPlan>,
    /// Connection mode: how to set the connection up.
    pub connection_sheet: Option<ConnectionSheet>,
    pub connection: Option<String>,
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub has_grant_code: bool,
    /// A self client: its grant code comes from the API console, not a consent address.
    pub self_client: bool,
    /// How long a grant code lives, for this product and client.
    pub code_life: String,
    /// True when the scripts call Zoho CRM, whose token-validity page gives its own figures.
    pub crm: bool,
    pub scope_list: String,
    pub has_refresh_token: bool,
    pub scopes: Vec<ScopeNote>,
    pub scripts: Vec<ScriptNote>,
    pub requests: Vec<RequestNote>,
    /// True when some request script is a function's body.
    pub has_functions: bool,
    /// True when every request goes through a Deluge task that needs no connection:
    /// nothing to set up.
    pub tasks_only: bool,
    pub troubleshooting: Vec<crate::zoho::errors::Entry>,
    /// Functions of steps: what each does and how the client wires it.
    pub functions: Vec<super::function::FunctionNote>,
}

/// Everything needed to create the connection of a connection-mode spec.
#[derive(Debug, Clone, Serialize)]
pub struct ConnectionSheet {
    /// True for a custom OAuth 2.0 service (another organisation or data centre).
    pub custom: bool,
    /// The built-in service to pick ("Zoho Books").
    pub service: &'static str,
    /// Custom service: the target data centre's OAuth addresses and the client.
    pub authorize_url: String,
    pub token_url: String,
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub api_console: &'static str,
    /// The scopes, comma-separated as Zoho's scope field takes them.
    pub scope_list: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScopeNote {
    pub scope: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScriptNote {
    pub file: String,
    pub purpose: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RequestNote {
    pub name: String,
    pub file: String,
    pub action: String,
    pub verb: &'static str,
    pub url: String,
    /// Field name, its value as shown to a reader (nested values as JSON; a value from
    /// an argument as "← argument"), and whether it is shown as code (JSON, and the
    /// redaction marker, whose `<` Markdown would otherwise read as HTML).
    pub fields: Vec<(String, String, bool)>,
    /// The function's signature when the request has inputs.
    pub function: Option<String>,
    /// What a search, query or delete by criteria looks for.
    pub finds: Option<String>,
    /// A search's bound: at most this many pages of 200.
    pub max_pages: Option<u32>,
    /// `via: task`: the Deluge task and Zoho's page of it.
    pub task: Option<String>,
    pub task_page: Option<String>,
    /// The workflow rule that calls the function, when one does (a CRM request with a
    /// workflow caller, a Books function that receives the record).
    pub wiring: Option<super::function::Wiring>,
}

pub fn handover(
    spec: &Spec,
    summary: &SpecSummary,
    scripts: &[ScriptPlan],
    token: Option<&TokenPlan>,
) -> HandoverContext {
    let token_mode = token.is_some();
    let conventions = spec.product.conventions();
    let dc = spec.region.data_centre();
    let scope_list: Vec<&str> = spec.scopes.iter().map(|s| s.as_str()).collect();
    let connection_sheet = (!token_mode).then(|| ConnectionSheet {
        custom: spec.auth.connection_service() == ConnectionService::Custom,
        service: conventions.title(),
        authorize_url: format!("{}/oauth/v2/auth?access_type=offline", dc.accounts),
        token_url: format!("{}/oauth/v2/token", dc.accounts),
        client_id: spec.client.as_ref().map(|c| c.id.as_str().to_string()),
        redirect_uri: spec
            .client
            .as_ref()
            .and_then(|c| c.redirect_uri.as_ref().map(|u| u.as_str().to_string())),
        api_console: dc.api_console,
        scope_list: scope_list.join(","),
    });
    let scopes = spec
        .scopes
        .iter()
        .map(|scope| {
            let requests: Vec<&crate::spec::Request> = spec
                .requests
                .iter()
                .filter(|request| {
                    conventions
                        .scope_needs(spec, request)
                        .iter()
                        .any(|need| scope.covers(need))
                })
                .collect();
            let served: Vec<String> = requests
                .iter()
                .map(|request| format!("{} ({})", request.name, request.method.as_str()))
                .collect();
            let verb = if requests.iter().all(|r| r.method.is_write()) {
                "write"
            } else if requests.iter().all(|r| r.method.is_read()) {
                "read"
            } else {
                "work"
            };
            let other_product = crate::zoho::Product::of_scope_service(scope.service_name())
                .filter(|product| *product != spec.product);
            let reason = if let Some(other) = other_product {
                format!(
                    "a {} scope: not used by these {} requests; asked for in case other work needs it",
                    other.conventions().title(),
                    conventions.title()
                )
            } else if served.is_empty() {
                "not needed by these requests; asked for in case other work needs it".to_string()
            } else {
                format!("lets the token {verb} for {}", served.join(", "))
            };
            ScopeNote {
                scope: scope.to_string(),
                reason,
            }
        })
        .collect();
    let requests: Vec<RequestNote> = scripts
        .iter()
        .filter_map(|script| {
            script
                .context
                .request
                .as_ref()
                .map(|request| (script, request))
        })
        .map(|(script, request)| RequestNote {
            name: request.name.clone(),
            file: script.file_name.clone(),
            action: request.action.clone(),
            verb: request.verb,
            url: request.url.clone(),
            fields: request
                .record
                .iter()
                .map(|field| {
                    let (value, code) = shown_field(field);
                    (field.name().to_string(), value, code)
                })
                .collect(),
            function: request.function.as_ref().map(|f| f.signature.clone()),
            finds: request.finds.clone(),
            max_pages: request.search.as_ref().map(|s| s.max_pages),
            task: script.context.task.as_ref().map(|t| t.name.to_string()),
            task_page: script.context.task.as_ref().map(|t| t.page.to_string()),
            wiring: request_wiring(spec, scripts, request),
        })
        .collect();
    HandoverContext {
        spec: summary.clone(),
        token_mode,
        token: token.cloned(),
        connection_sheet,
        connection: spec
            .auth
            .connection
            .as_ref()
            .map(|c| c.as_str().to_string())
            .filter(|_| !token_mode),
        client_id: spec.client.as_ref().map(|c| c.id.as_str().to_string()),
        redirect_uri: spec
            .client
            .as_ref()
            .and_then(|c| c.redirect_uri.as_ref().map(|u| u.as_str().to_string())),
        has_grant_code: spec.auth.grant_code.is_some(),
        self_client: spec.client.as_ref().is_some_and(|c| c.is_self()),
        code_life: super::oauth::code_life(spec),
        crm: spec.product == crate::zoho::Product::Crm,
        scope_list: scope_list.join(","),
        has_refresh_token: spec.auth.refresh_token.is_some(),
        scopes,
        scripts: scripts
            .iter()
            .map(|s| ScriptNote {
                file: s.file_name.clone(),
                purpose: s.context.purpose.clone(),
            })
            .collect(),
        has_functions: requests.iter().any(|r| r.function.is_some()),
        tasks_only: spec.functions.is_empty()
            && !spec.calls_the_api()
            && scripts
                .iter()
                .filter_map(|s| s.context.task.as_ref())
                .all(|t| t.connection.is_none()),
        requests,
        troubleshooting: crate::zoho::errors::CATALOGUE
            .iter()
            .filter(|entry| entry.concerns(spec.product, token_mode))
            .copied()
            .collect(),
        functions: Vec::new(),
    }
}

/// A record field as the handover shows it. A field under a secret-looking name
/// (`client_secret`, `api_token`), or a key like that inside a nested value, shows
/// `<redacted>`: a record may carry a credential to the API, and the handover goes to
/// the client. A value taken from an argument is shown as the argument's name. True when
/// the value is shown as code.
fn shown_field(field: &super::request::RecordField) -> (String, bool) {
    use crate::redact::{MARKER, looks_secret};
    fn hide(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, inner) in map.iter_mut() {
                    if looks_secret(key) {
                        *inner = serde_json::Value::String(MARKER.to_string());
                    } else {
                        hide(inner);
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(hide),
            _ => {}
        }
    }
    match field.literal_value() {
        Some(_) if looks_secret(field.name()) => (MARKER.to_string(), false),
        Some(crate::spec::FieldValue::Text(_)) | None => (field.shown(), false),
        Some(nested) => match serde_json::to_value(nested) {
            Ok(mut json) => {
                hide(&mut json);
                (serde_json::to_string(&json).unwrap_or_default(), true)
            }
            Err(_) => (MARKER.to_string(), true),
        },
    }
}

/// A request says nothing of the records its rule runs for: the client decides.
const RULE_CONDITION: &str = "the records it should run for, as you decide (none: every record)";

/// The rule that calls a request's function, in the product's menu words: a CRM request
/// with `workflow_caller` (the rule runs the automation function that calls it), a Books
/// function that receives the record's Map (the rule runs it directly).
fn request_wiring(
    spec: &Spec,
    scripts: &[ScriptPlan],
    request: &super::request::RequestPlan,
) -> Option<super::function::Wiring> {
    use crate::zoho::{Product, RuleCall};
    let function = request.function.as_ref()?;
    let spec_request = spec
        .requests
        .iter()
        .find(|r| r.name.as_str() == request.name)?;
    let file = super::request_file_name(&request.name);
    let module = match &spec.module {
        crate::spec::Target::Named(name) => name.as_str(),
        crate::spec::Target::Creator(target) => target.form.as_deref().unwrap_or_default(),
    };
    let inputs = &spec_request.inputs.0;
    match spec.product {
        Product::Crm if spec_request.workflow_caller => {
            let caller_file = format!("{}.workflow.dg", request.name);
            let caller = scripts
                .iter()
                .find(|s| s.file_name == caller_file)
                .and_then(|s| s.context.function.as_ref())?;
            let steps = spec.product.conventions().workflow_rule(&RuleCall {
                module,
                rule: &request.name,
                condition: Some(RULE_CONDITION),
                caller_file: &caller_file,
                caller_name: &caller.call,
                call: &caller.call,
            });
            let mapping = inputs
                .iter()
                .map(|input| {
                    let from = input
                        .mapped_from
                        .as_ref()
                        .map(|m| m.as_str().to_string())
                        .unwrap_or_else(|| format!("the {module} field that holds {}", input.name));
                    (format!("{} ({})", input.name, input.kind), from)
                })
                .collect();
            Some(super::function::Wiring { steps, mapping })
        }
        Product::Books => {
            let entity = function.entity.as_ref()?;
            let name = function
                .signature
                .split_once(' ')
                .and_then(|(_, rest)| rest.split('(').next())
                .unwrap_or_default();
            let menu = crate::zoho::books::function_module(spec);
            let steps = spec.product.conventions().workflow_rule(&RuleCall {
                module: menu,
                rule: &request.name,
                condition: Some(RULE_CONDITION),
                caller_file: &file,
                caller_name: name,
                call: name,
            });
            let mapping = vec![(
                format!("{entity} (Map)"),
                format!("the {menu} record the rule fired on: Zoho Books passes it itself"),
            )];
            Some(super::function::Wiring { steps, mapping })
        }
        _ => None,
    }
}
