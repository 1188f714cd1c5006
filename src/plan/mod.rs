//! Spec → Plan: every decision a template needs, made once (hosts, endpoints, payload
//! shape, file names, secrets resolved, values from arguments typed). Templates only lay
//! the plan out as Deluge. One planner per script kind: `oauth` (the three token scripts),
//! `token` (where the secrets and the cached token live, and the expression a request
//! script gets its token from), `request` (one request script, with `value` for what it
//! reads from arguments), and `handover` (the client's document).

mod function;
mod handover;
mod oauth;
mod request;
mod search;
mod step;
mod step_task;
mod task;
mod token;
mod value;

use serde::Serialize;

pub use function::{DEFAULT_EACH_MAX, FunctionNote, StepsPlan};
pub use handover::{HandoverContext, RequestNote, ScopeNote, ScriptNote};
pub use oauth::{GRANT_CODE_PLACEHOLDER, OAuthPlan, REFRESH_TOKEN_PLACEHOLDER};
pub use request::{ArgumentNote, FunctionPlan, RecordField, RequestPlan};
pub use task::TaskPlan;
pub use token::{SlotNote, TokenPlan};
pub use value::{Conversion, Reference, Slot};

use crate::spec::{AuthMode, LoadedSpec, Problem};
use crate::zoho::{Conventions, DataCentre};

/// What one spec produces.
#[derive(Debug, Clone)]
pub struct Plan {
    pub spec_name: String,
    pub scripts: Vec<ScriptPlan>,
    pub handover: HandoverContext,
    /// Values that must never reach logs or handover documents.
    pub secrets: Vec<String>,
}

/// One script: which template lays it out, with what.
#[derive(Debug, Clone)]
pub struct ScriptPlan {
    pub file_name: String,
    pub template: &'static str,
    /// True when the script holds a client secret or token (written with mode 0600).
    pub holds_secret: bool,
    pub context: ScriptContext,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScriptContext {
    pub file: String,
    pub purpose: String,
    pub holds_secret: bool,
    pub spec: SpecSummary,
    /// What the user must replace before running; empty when the script runs as is.
    pub replace: Vec<String>,
    pub oauth: Option<OAuthPlan>,
    /// Token mode: where the secrets live and how a request script gets its token.
    pub token: Option<TokenPlan>,
    pub request: Option<RequestPlan>,
    /// The function a request script with inputs is the body of.
    pub function: Option<FunctionPlan>,
    /// Where a request script mails Zoho's answer when it fails (`on_error.email`).
    pub on_error: Option<OnErrorPlan>,
    /// A workflow caller: the function it calls, and that function's file.
    pub caller: Option<CallerPlan>,
    /// A function of steps (`functions:` in the spec).
    pub steps: Option<function::StepsPlan>,
    /// `via: task`: the Deluge task the request goes through.
    pub task: Option<TaskPlan>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CallerPlan {
    /// `standalone.update_deal(deal_id, stage)`.
    pub call: String,
    pub file: String,
    /// Printed when the function returned no id.
    pub failure: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct OnErrorPlan {
    pub email: String,
    pub subject: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SpecSummary {
    pub name: String,
    pub file: String,
    pub product: String,
    pub region: &'static DataCentre,
    pub paste_location: String,
    /// Where Zoho OAuth connections are created in the product the scripts run in.
    pub connections_location: &'static str,
    /// The product the scripts are pasted into ("Zoho CRM").
    pub runs_in: &'static str,
    /// True when the scripts run in another product than the one they call.
    pub runs_elsewhere: bool,
    /// Where the product's users sign in (https://crm.zoho.eu).
    pub login_url: String,
}

/// A script before the parts every script shares are added.
pub struct ScriptDraft {
    file_name: String,
    template: &'static str,
    purpose: String,
    replace: Vec<String>,
    request: Option<RequestPlan>,
    function: Option<FunctionPlan>,
    caller: Option<CallerPlan>,
    task: Option<TaskPlan>,
}

impl ScriptDraft {
    fn oauth(file_name: &str, template: &'static str, purpose: &str, replace: Vec<String>) -> Self {
        ScriptDraft {
            file_name: file_name.to_string(),
            template,
            purpose: purpose.to_string(),
            replace,
            request: None,
            function: None,
            caller: None,
            task: None,
        }
    }
}

/// The template of a CRM workflow caller.
const CALLER_TEMPLATE: &str = "crm-workflow-caller.dg";

/// A request script's file name: its request's name alone, so that adding, removing or
/// reordering requests renames no other file. (Request names are slugs and unique.)
pub fn request_file_name(request_name: &str) -> String {
    format!("{request_name}.dg")
}

/// Builds the plan, reading secrets from the environment through `env`.
pub fn plan(
    loaded: &LoadedSpec,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Plan, Vec<Problem>> {
    let spec = &loaded.spec;
    let conventions: &dyn Conventions = spec.product.conventions();
    let host: &dyn Conventions = spec.runs_in().conventions();
    let dc = spec.region.data_centre();
    let summary = SpecSummary {
        name: spec.name.to_string(),
        file: loaded
            .path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default(),
        product: conventions.title().to_string(),
        region: dc,
        paste_location: host.paste_location(spec),
        connections_location: host.connections_location(),
        runs_in: host.title(),
        runs_elsewhere: spec.runs_in() != spec.product,
        login_url: format!("https://{}.{}", conventions.login_host(), dc.login_domain),
    };

    let mut secrets = Vec::new();
    let mut problems = Vec::new();
    let oauth = oauth::plan(spec, dc, env, &mut secrets).unwrap_or_else(|found| {
        problems.extend(found);
        None
    });
    // Deluge's own tasks need no token: when every request goes through one, there are
    // no token scripts (the secrets read stay known, for redaction).
    let oauth = oauth.filter(|_| spec.calls_the_api());

    let token = oauth.as_ref().map(|_| token::plan(spec, dc));
    let mut drafts = match (&oauth, &token) {
        (Some(oauth), Some(token)) => oauth::scripts(
            oauth,
            token,
            (spec.runs_in() == crate::zoho::Product::Creator).then(|| token::prefix(spec)),
        ),
        _ => Vec::new(),
    };
    // Inline, a request script holds the token answer and takes its API host from it.
    let inline = token.as_ref().is_some_and(|t| t.expression.is_none());
    let api_version = spec
        .api_version
        .clone()
        .unwrap_or_else(|| conventions.default_api_version().to_string());
    let connection = match spec.auth.mode {
        AuthMode::Connection => spec.auth.connection.as_ref().map(|c| c.as_str()),
        AuthMode::Token => None,
    };
    for (index, request) in spec.requests.iter().enumerate() {
        let mut plan = match request::plan(spec, index, request, &api_version, connection, inline) {
            Ok(plan) => plan,
            Err(found) => {
                problems.extend(found);
                continue;
            }
        };
        let task = match task::plan(spec, index, request, &plan) {
            Ok(task) => task,
            Err(found) => {
                problems.extend(found);
                continue;
            }
        };
        if let Some(action) = task.as_ref().and_then(|t| t.action.clone()) {
            plan.action = action;
        }
        let mut purpose = plan.action.clone();
        purpose[..1].make_ascii_uppercase();
        let purpose = match (&oauth, token.as_ref().and_then(|t| t.expression.as_ref())) {
            _ if let Some(task) = &task => match &task.connection {
                Some(name) => format!(
                    "{purpose} with Deluge's task {} through connection \"{name}\"; no token needed.",
                    task.name
                ),
                None => format!(
                    "{purpose} with Deluge's own {}; no token or connection needed.",
                    task.name
                ),
            },
            (Some(_), Some(call)) => format!(
                "{purpose}; gets its access token from {call} (03-access-token.dg), which reuses the stored one while more than 5 minutes are left."
            ),
            (Some(_), None) => format!("{purpose}; fetches its own access token first."),
            (None, _) => format!(
                "{purpose} through connection \"{}\".",
                connection.unwrap_or_default()
            ),
        };
        let file_name = request_file_name(request.name.as_str());
        let caller = plan
            .function
            .as_ref()
            .filter(|_| request.workflow_caller)
            .map(|function| ScriptDraft {
                file_name: format!("{}.workflow.dg", request.name),
                template: CALLER_TEMPLATE,
                purpose: format!(
                    "The workflow function that calls {} ({file_name}) with the record's values.",
                    function.call.split('(').next().unwrap_or_default()
                ),
                replace: Vec::new(),
                request: None,
                task: None,
                function: Some(request::workflow_caller(request, function)),
                caller: Some(CallerPlan {
                    call: function.call.clone(),
                    file: file_name.clone(),
                    failure: match &spec.on_error {
                        Some(on_error) => format!(
                            "{} failed: its log and the mail to {} say why.",
                            request.name, on_error.email
                        ),
                        None => format!("{} failed: its log says why.", request.name),
                    },
                }),
            });
        let template = match plan.kind {
            _ if let Some(task) = &task => task.template,
            "read" | "search" | "delete" | "coql" => conventions.read_template(),
            "bulk" => conventions.bulk_template(),
            _ => conventions.request_template(),
        };
        drafts.push(ScriptDraft {
            file_name,
            template,
            purpose,
            replace: oauth
                .as_ref()
                .filter(|_| inline && task.is_none())
                .map(OAuthPlan::refresh_replace)
                .unwrap_or_default(),
            task,
            function: plan.function.clone(),
            request: Some(plan),
            caller: None,
        });
        drafts.extend(caller);
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    let scripts: Vec<ScriptPlan> = drafts
        .into_iter()
        .map(|draft| {
            // The grant URL carries only the client id, a workflow caller nothing; inline,
            // every other token-mode script holds the client secret. With a store only a
            // grant code written into the refresh-token script is a secret.
            let holds_secret = match &oauth {
                None => false,
                Some(_) if draft.task.is_some() => false,
                Some(_) if inline => {
                    draft.template != "grant-url.dg" && draft.template != CALLER_TEMPLATE
                }
                Some(oauth) => {
                    draft.template == "refresh-token.dg"
                        && oauth.grant_code != GRANT_CODE_PLACEHOLDER
                }
            };
            let on_error = match (&spec.on_error, &draft.request) {
                (Some(on_error), Some(request)) => Some(OnErrorPlan {
                    email: on_error.email.as_str().to_string(),
                    subject: format!(
                        "{} request {} failed (delugen spec {})",
                        conventions.title(),
                        request.name,
                        spec.name
                    ),
                }),
                _ => None,
            };
            ScriptPlan {
                file_name: draft.file_name.clone(),
                template: draft.template,
                holds_secret,
                context: ScriptContext {
                    file: draft.file_name,
                    purpose: draft.purpose,
                    holds_secret,
                    spec: summary.clone(),
                    replace: draft.replace,
                    oauth: oauth
                        .clone()
                        .filter(|_| draft.caller.is_none() && draft.task.is_none()),
                    token: token
                        .clone()
                        .filter(|_| draft.caller.is_none() && draft.task.is_none()),
                    request: draft.request,
                    function: draft.function,
                    on_error,
                    caller: draft.caller,
                    steps: None,
                    task: draft.task,
                },
            }
        })
        .collect();

    // Functions of steps: their own planner, after the requests, so that no request
    // script changes because a spec also has functions.
    let mut scripts = scripts;
    let taken: Vec<String> = scripts.iter().map(|s| s.file_name.clone()).collect();
    let functions = function::plan(spec, &summary, oauth.as_ref(), token.as_ref(), &taken)?;
    scripts.extend(functions.scripts);
    let mut handover = handover::handover(spec, &summary, &scripts, token.as_ref());
    // A scope a step needs is explained by the steps that need it.
    for note in &mut handover.scopes {
        let used: Vec<String> = functions
            .notes
            .iter()
            .flat_map(|f| f.steps.iter().map(move |s| (f, s)))
            .filter(|(_, step)| step.scopes.contains(&note.scope))
            .map(|(f, step)| format!("{} step {}", f.name, step.name))
            .collect();
        if used.is_empty() {
            continue;
        }
        let steps = format!("lets the token work for {}", used.join(", "));
        note.reason = if spec.requests.is_empty()
            || note.reason.starts_with("not needed")
            || note.reason.starts_with("a ")
        {
            steps
        } else {
            format!("{}; {steps}", note.reason)
        };
    }
    handover.has_functions |= !functions.notes.is_empty();
    handover.functions = functions.notes;
    Ok(Plan {
        spec_name: spec.name.to_string(),
        scripts,
        handover,
        secrets,
    })
}
