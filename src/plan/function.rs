//! Functions of steps (issue 18): one generated `<function name>.dg` per entry of the
//! spec's `functions:`, the steps run in order inside it.
//!
//! # The plan (written before the code)
//!
//! **Spec model** (`src/spec/function.rs`, additive): `functions: [{name, inputs, returns,
//! on_error, workflow_caller, steps}]` beside today's `requests:` (a spec may hold either
//! or both; `module` and `requests` become optional only when `functions` is present).
//! `auths:` at the top names how steps authenticate: `{connection: <link name>}` or
//! `token` (the spec's own client and `auth.store`). A step is `{name, as?, product?,
//! module, organization_id?, api_version?, body?, auth, method, record_id?, fields?,
//! criteria?, filters?, duplicate_check_fields?, trigger?, options?, max_pages?, when?,
//! for_each?}`: the request kinds of today with their own target.
//!
//! **Value expressions** (`spec::function::Value`): a literal (text, number, bool, and
//! nested maps/lists of values), `{input: deal.Amount, as?}`, `{step: deal, path:
//! Contact_Name.id, as?}` (paths `a.b`, `[0].x`), `{literal: ...}` for a literal map that
//! would otherwise read as a reference. Text is never parsed as a reference: only the
//! mapping shapes `{input}` / `{step}` are references. In the plan a value becomes a list
//! of `Build` statements whose literal part stays a `FieldValue` (printed by the `dg`
//! filter) and whose code part comes only from checked names, escaped keys and digits.
//!
//! **Scope of names** (`plan::step`): arguments, then each step's name and `as` in order,
//! and a `for_each` element inside its step. Every reference is checked once, in the
//! planner, against the scope as it stands at that step: a later step, a missing step, an
//! undeclared argument are errors at the reference's line:column with a did-you-mean.
//! A dotted field key is an error (write the nesting), in `requests:` too.
//!
//! **Reuse, not rewrite**: each step is handed to the product's `Conventions` as a
//! one-request view of the spec (its own product, module, organisation, version), so
//! endpoints, checks, scopes, answer keys and search criteria (`plan::search`) are the
//! ones `requests:` use; problems found there are moved to the step's path. Requests keep
//! their own planner (`plan::request`) so their scripts stay byte-identical.
//!
//! **Generated function** (`templates/function.dg` + `step-<product>.dg`): header with
//! signature, arguments (and how the client wires them), then `v_Failure = ""`, every
//! step result defined up front (`m_Step<Name>` Map / `l_Step<Name>` List), each step
//! inside `if(v_Failure == "")`: values it needs from earlier steps are checked present
//! first, then the request, then Zoho's answer; a refusal sets `v_Failure` naming the
//! step and Zoho's answer, so no later step runs. The end prints (and with `on_error`
//! mails) the failure; `returns` (default: the last step's result) as the product
//! accepts (Books: void or map).
//!
//! **Control**: `when: {step: S, found: false|true}` runs the step only if search S found
//! nothing (or something); with `found: false` the step's result is S's first record
//! when it was found, so later steps use whichever record exists. `for_each: {step: S, as:
//! item, max: N}` runs the step once per record of list S (refused, not truncated, over N).
//!
//! **Optional inputs** (`optional: true`): the field is put only when the argument is
//! neither null nor empty text. **Workflow wiring**: `workflow_caller: {module, rule?,
//! condition}` adds the rule's steps to the handover in the product's menu words.

use serde::Serialize;

use super::request::{ArgumentNote, FunctionPlan};
use super::search::{self, SearchPlan};
use super::step::{Binding, Build, Named, Need, Scope, Shape, Values, camel};
use super::task::TaskPlan;
use super::{
    CallerPlan, OAuthPlan, OnErrorPlan, ScriptContext, ScriptPlan, SpecSummary, TokenPlan,
};
use crate::deluge::literal;
use crate::spec::{
    AuthEntry, Criteria, FieldPath, FieldValue, Fields, Filters, Function, FunctionReturns,
    InputRef, InputUse, Inputs, Method, NumericId, OrInput, Problem, Request, Segment, Slug, Spec,
    Step, StepCriteria, Text, Trigger, Value, Via, closest,
};
use crate::zoho::{Answer, Payload, Product, scope};

/// The template of a function of steps, and of each step inside it.
pub const FUNCTION_TEMPLATE: &str = "function.dg";
/// The CRM workflow (automation) function that calls a function of steps.
const CALLER_TEMPLATE: &str = "function-caller.dg";
/// Records a `for_each` goes through at most when the spec sets no `max`: each record is
/// one request and a few dozen statements of the 5,000 a Deluge run may execute.
pub const DEFAULT_EACH_MAX: u32 = 50;
/// The most a spec may set: one request each, about 100 a minute for Books.
const MOST_EACH_MAX: u32 = 100;

/// What `function.dg` lays out.
#[derive(Debug, Clone, Serialize)]
pub struct StepsPlan {
    pub name: String,
    /// Every step result, defined before the first step so no branch leaves one undefined.
    pub results: Vec<ResultVar>,
    pub steps: Vec<StepPlan>,
    /// The variable returned, when the function returns anything, and its empty value.
    pub returned: Option<String>,
    pub returned_init: &'static str,
    /// How steps with `auth: token` get their token: "", "inline" or "store".
    pub token: &'static str,
    pub mail: Option<OnErrorPlan>,
    pub done: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResultVar {
    pub var: String,
    pub init: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepPlan {
    pub name: String,
    pub number: usize,
    pub action: String,
    /// `crm`, `books` or `creator`: which part of the step template runs.
    pub product: &'static str,
    pub title: &'static str,
    /// `read`, `search`, `write` or `delete`.
    pub kind: &'static str,
    pub verb: &'static str,
    pub url: String,
    pub url_code: String,
    pub payload: Payload,
    pub answer: Answer,
    pub headers: Vec<(String, String)>,
    pub body_options: Vec<(String, FieldValue)>,
    /// True when the step sends the spec's access token; otherwise `connection` is set.
    pub token: bool,
    pub connection: Option<String>,
    pub builds: Vec<Build>,
    pub needs: Vec<Need>,
    /// Values a search compares with, read from earlier steps into variables first.
    pub bindings: Vec<Binding>,
    pub search: Option<SearchPlan>,
    pub has_trigger: bool,
    pub trigger: Vec<Trigger>,
    pub duplicate_check_fields: Vec<Text>,
    pub record_id_code: String,
    /// The step's result variable (`m_StepDeal`, `l_StepContacts`).
    pub result_var: String,
    pub when: Option<WhenPlan>,
    pub each: Option<EachPlan>,
    /// Starts the failure text: `Step find-contact (search records in contacts): `.
    pub failure: String,
    /// For the handover: each field and where its value comes from.
    pub shown_fields: Vec<(String, String)>,
    pub auth_name: String,
    /// The spec's scopes this step needs (for the handover).
    pub scopes: Vec<String>,
    /// `via: task`: the Deluge task the step goes through instead of invokeurl.
    pub task: Option<TaskPlan>,
    /// True when the request leaves a List in `l_Result` (a search, a query, the ids of a
    /// bulk write or delete); otherwise a Map in `m_Result`.
    pub list_result: bool,
    /// `coql`: the select query, as written.
    pub query: Option<String>,
    /// A bulk write or delete of listed ids: the list's expression and the product's limits.
    pub bulk: Option<super::request::BulkPlan>,
    /// A CRM delete of listed ids whose list holds records (a search's, a query's): the
    /// ids are taken from the records first.
    pub ids_of_records: bool,
    /// Creator delete by criteria: the criteria as a Deluge expression, and the requests
    /// a run sends at most.
    pub delete_criteria_code: Option<String>,
    pub delete_rounds: Vec<u32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WhenPlan {
    pub list: String,
    pub found: bool,
    /// `found: false`: the step's result is the record found, when one was.
    pub takes_found: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct EachPlan {
    pub list: String,
    pub element: String,
    pub max: u32,
    pub too_many: String,
}

/// What the handover says about one function.
#[derive(Debug, Clone, Serialize)]
pub struct FunctionNote {
    pub name: String,
    pub file: String,
    pub signature: String,
    pub location: &'static str,
    pub description: Option<String>,
    pub arguments: Vec<ArgumentNote>,
    pub steps: Vec<StepNote>,
    pub wiring: Option<Wiring>,
    pub connections: Vec<ConnectionNote>,
}

/// A connection the steps use: its link name, service and the spec's scopes it needs.
#[derive(Debug, Clone, Serialize)]
pub struct ConnectionNote {
    pub name: String,
    pub service: String,
    pub scopes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepNote {
    pub name: String,
    /// The spec's scopes this step needs.
    pub scopes: Vec<String>,
    pub action: String,
    pub verb: &'static str,
    pub url: String,
    pub auth: String,
    pub condition: Option<String>,
    pub fields: Vec<(String, String)>,
    /// `via: task`: the Deluge task the step calls (`zoho.books.createRecord`, `insert
    /// into`), and Zoho's page documenting it; None through invokeurl.
    pub task: Option<String>,
    pub task_page: Option<String>,
}

/// The rule that calls the function, in the product's menu words.
#[derive(Debug, Clone, Serialize)]
pub struct Wiring {
    pub steps: Vec<String>,
    pub mapping: Vec<(String, String)>,
}

/// Everything the functions of a spec produce.
pub struct Planned {
    pub scripts: Vec<ScriptPlan>,
    pub notes: Vec<FunctionNote>,
}

/// The Deluge name of a function: `-` becomes `_`, a leading digit gets `run_`.
fn deluge_name(name: &str) -> String {
    let name = name.replace('-', "_");
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("run_{name}")
    } else {
        name
    }
}

/// Plans every function of the spec.
pub fn plan(
    spec: &Spec,
    summary: &SpecSummary,
    oauth: Option<&OAuthPlan>,
    token: Option<&TokenPlan>,
    taken: &[String],
) -> Result<Planned, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut planned = Planned {
        scripts: Vec::new(),
        notes: Vec::new(),
    };
    let mut names: Vec<&str> = Vec::new();
    for (index, function) in spec.functions.iter().enumerate() {
        let at = FieldPath::root().key("functions").index(index);
        let file = format!("{}.dg", function.name);
        if names.contains(&function.name.as_str()) || taken.contains(&file) {
            problems.push(
                Problem::new(
                    at.key("name"),
                    format!(
                        "\"{}\" already names a function or request of this spec",
                        function.name
                    ),
                )
                .help("each function becomes its own file, so names must differ"),
            );
            continue;
        }
        names.push(function.name.as_str());
        match plan_function(spec, function, &at, summary, oauth, token) {
            Ok((scripts, note)) => {
                planned.scripts.extend(scripts);
                planned.notes.push(note);
            }
            Err(found) => problems.extend(found),
        }
    }
    if problems.is_empty() {
        Ok(planned)
    } else {
        Err(problems)
    }
}

/// One step's result: its variable and shape.
fn result_of(step: &Step, index: usize) -> (String, Shape) {
    let primary = step.result.as_ref().unwrap_or(&step.name);
    let shape = if step.gives_list() {
        Shape::List
    } else {
        Shape::Map
    };
    let prefix = match shape {
        Shape::List => "l_Step",
        Shape::Map => "m_Step",
    };
    let mut var = format!("{prefix}{}", camel(primary.as_str()));
    if var.len() == prefix.len() {
        var.push_str(&index.to_string());
    }
    (var, shape)
}

fn plan_function(
    spec: &Spec,
    function: &Function,
    at: &FieldPath,
    summary: &SpecSummary,
    oauth: Option<&OAuthPlan>,
    token: Option<&TokenPlan>,
) -> Result<(Vec<ScriptPlan>, FunctionNote), Vec<Problem>> {
    let mut problems = Vec::new();
    if function.steps.is_empty() {
        problems.push(
            Problem::new(at.key("steps"), "a function needs at least one step")
                .help("add a step: {name, module, auth, method, ...}"),
        );
        return Err(problems);
    }
    // The scope: every step's names, in order.
    let mut all: Vec<Named> = Vec::new();
    let mut vars: Vec<String> = Vec::new();
    for (i, step) in function.steps.iter().enumerate() {
        let (var, shape) = result_of(step, i);
        let var = if vars.contains(&var) {
            format!("{var}{i}")
        } else {
            var
        };
        vars.push(var.clone());
        for (key, name) in [("name", Some(&step.name)), ("as", step.result.as_ref())] {
            let Some(name) = name else { continue };
            if all.iter().any(|n| n.name == name.as_str()) {
                problems.push(
                    Problem::new(
                        at.key("steps").index(i).key(key),
                        format!("\"{name}\" already names an earlier step of this function"),
                    )
                    .help("each step and result needs its own name"),
                );
                continue;
            }
            all.push(Named {
                name: name.as_str().to_string(),
                var: var.clone(),
                shape,
                step: i,
            });
        }
    }
    let runs_in = spec.runs_in();
    let mut steps = Vec::new();
    let mut step_notes = Vec::new();
    let mut results = Vec::new();
    let mut uses_token = false;
    let mut connections: Vec<ConnectionNote> = Vec::new();
    for (i, step) in function.steps.iter().enumerate() {
        let step_at = at.key("steps").index(i);
        let mut scope = Scope {
            inputs: &function.inputs,
            all: all.clone(),
            element: None,
        };
        match plan_step(
            spec, function, step, i, &step_at, &mut scope, &vars[i], oauth,
        ) {
            Ok(mut planned) => {
                uses_token |= planned.token;
                if planned.token && token.is_some_and(|t| t.expression.is_none()) {
                    api_host_from_token(&mut planned, spec.region.data_centre().api);
                }
                if let Some(connection) = &planned.connection {
                    let product = step.product.unwrap_or(spec.product);
                    let at = match connections.iter().position(|c| &c.name == connection) {
                        Some(at) => at,
                        None => {
                            connections.push(ConnectionNote {
                                name: connection.clone(),
                                service: product.conventions().title().to_string(),
                                scopes: Vec::new(),
                            });
                            connections.len() - 1
                        }
                    };
                    for scope in &planned.scopes {
                        if !connections[at].scopes.contains(scope) {
                            connections[at].scopes.push(scope.clone());
                        }
                    }
                }
                results.push(ResultVar {
                    var: planned.result_var.clone(),
                    init: if vars[i].starts_with("l_") {
                        "List()"
                    } else {
                        "Map()"
                    },
                });
                step_notes.push(StepNote {
                    name: planned.name.clone(),
                    scopes: planned.scopes.clone(),
                    action: planned.action.clone(),
                    verb: planned.verb,
                    url: planned.url.clone(),
                    auth: planned.auth_name.clone(),
                    condition: step.when.as_ref().map(|w| {
                        if w.found {
                            format!("only when {} found a record", w.step)
                        } else {
                            format!("only when {} found nothing (otherwise its result is the record found)", w.step)
                        }
                    }).or_else(|| step.for_each.as_ref().map(|e| format!("once per record of {}", e.step))),
                    fields: planned.shown_fields.clone(),
                    task: planned.task.as_ref().map(|t| t.name.to_string()),
                    task_page: planned.task.as_ref().map(|t| t.page.to_string()),
                });
                steps.push(planned);
            }
            Err(found) => problems.extend(found),
        }
    }
    // What the function returns, in a shape the product accepts.
    let returned: Option<(String, Shape, String)> = match &function.returns {
        Some(FunctionReturns::Nothing) => None,
        Some(FunctionReturns::Step(name)) => match all.iter().find(|n| n.name == name.as_str()) {
            Some(named) => Some((named.var.clone(), named.shape, name.to_string())),
            None => {
                let known: Vec<&str> = all.iter().map(|n| n.name.as_str()).collect();
                let help = closest(name.as_str(), known.iter().copied())
                    .map(|near| format!("did you mean \"{near}\"?"))
                    .unwrap_or_else(|| format!("the steps: {}", known.join(", ")));
                problems.push(
                    Problem::new(
                        at.key("returns").key("step"),
                        format!("no step named \"{name}\" in this function"),
                    )
                    .help(help),
                );
                None
            }
        },
        None => {
            let last = function.steps.len() - 1;
            all.iter()
                .find(|n| n.step == last)
                .map(|n| (n.var.clone(), n.shape, n.name.clone()))
        }
    };
    if runs_in == Product::Books
        && let Some((_, Shape::List, name)) = &returned
    {
        problems.push(
            Problem::new(
                at.key("returns"),
                format!(
                    "a Zoho Books function returns a map or nothing, not the list \"{name}\" gives"
                ),
            )
            .help(
                "return a step that gives one record ({step: <name>}), or write returns: nothing",
            ),
        );
    }
    if token.is_none() && uses_token {
        // Reported per step already.
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    let name = deluge_name(function.name.as_str());
    let (location, declared, called) = match runs_in {
        Product::Crm => (
            "Zoho CRM: Setup → Developer Space → Functions → New Function (category Standalone)",
            format!("standalone.{name}"),
            format!("standalone.{name}"),
        ),
        Product::Books => (
            "Zoho Books: Settings → Automation → Workflow Actions → Custom Functions → New Custom Function (the record's module; Zoho passes the record's Map with the Maps organization and user)",
            name.clone(),
            format!("thisapp.{name}"),
        ),
        Product::Creator => (
            "Zoho Creator: the application's Workflows → Functions → New Function (namespace integrations)",
            format!("integrations.{name}"),
            format!("thisapp.integrations.{name}"),
        ),
    };
    let declared_type = match &returned {
        None => "void",
        Some((_, Shape::Map, _)) => "map",
        Some((_, Shape::List, _)) => "list",
    };
    let parameters: Vec<String> = function
        .inputs
        .0
        .iter()
        .map(|input| format!("{} {}", input.kind, input.name))
        .collect();
    let arguments: Vec<ArgumentNote> = function
        .inputs
        .0
        .iter()
        .map(|input| {
            let mut note = String::new();
            if let Some(from) = &input.mapped_from {
                note.push_str(&format!(" ← {from}"));
            }
            note.push_str(&super::request::argument_details(input));
            ArgumentNote {
                name: input.name.to_string(),
                kind: input.kind.as_str(),
                note,
            }
        })
        .collect();
    let argument_names: Vec<&str> = function.inputs.0.iter().map(|i| i.name.as_str()).collect();
    let returns_what = match &returned {
        None => String::new(),
        Some((_, Shape::Map, step)) => {
            format!("the result of step {step} (a Map), or an empty Map when a step failed")
        }
        Some((_, Shape::List, step)) => {
            format!("the result of step {step} (a List), or an empty List when a step failed")
        }
    };
    let result_var = match declared_type {
        "list" => "l_Records",
        _ => "m_Result",
    };
    let mut function_plan = FunctionPlan {
        location: location.to_string(),
        signature: format!("{declared_type} {declared}({})", parameters.join(", ")),
        call: format!("{called}({})", argument_names.join(", ")),
        arguments: arguments.clone(),
        returns_id: returned.is_some(),
        returns_token: false,
        returns_what,
        result_var,
        arguments_how: match runs_in {
            Product::Crm => "declared in the function editor (CRM: Edit Arguments)",
            Product::Creator => "declared in the function's first line in Creator's editor",
            Product::Books => "declared in the custom function's editor",
        },
        return_key: None,
        reads: Vec::new(),
        entity: None,
        called_by: None,
    };
    if runs_in == Product::Books {
        books_workflow_function(&mut function_plan, function, &name, declared_type);
    }
    let on_error = function.on_error.as_ref().or(spec.on_error.as_ref());
    let mail = on_error.map(|on_error| OnErrorPlan {
        email: on_error.email.as_str().to_string(),
        subject: format!(
            "{} function {} failed (delugen spec {})",
            runs_in.conventions().title(),
            function.name,
            spec.name
        ),
    });
    let token_kind = match (uses_token, token.and_then(|t| t.expression.as_ref())) {
        (false, _) => "",
        (true, Some(_)) => "store",
        (true, None) => "inline",
    };
    let file = format!("{}.dg", function.name);
    let step_count = steps.len();
    let wiring = function.workflow_caller.as_ref().map(|caller| {
        wiring(
            runs_in,
            function,
            caller,
            &name,
            &called,
            &argument_names,
            returned.is_some(),
        )
    });
    let mut purpose = match &function.description {
        Some(description) => format!(
            "{}: function of {step_count} steps",
            description.as_str().trim_end_matches('.')
        ),
        None => format!("Function of {step_count} steps"),
    };
    purpose.push_str(&format!(
        " ({}); a failing step stops it, names the step and Zoho's answer{}.",
        steps
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>()
            .join(" → "),
        if mail.is_some() {
            ", and mails them"
        } else {
            ""
        }
    ));
    if function.workflow_caller.is_some() {
        let caller = function.workflow_caller.as_ref().map(|c| {
            let when = c
                .condition
                .as_ref()
                .map(|w| format!(", when {},", w.as_str()))
                .unwrap_or_default();
            let through = match runs_in {
                Product::Crm => format!(" through {}.workflow.dg", function.name),
                Product::Books => " as its custom function".to_string(),
                Product::Creator => " from the form's workflow".to_string(),
            };
            format!(
                " A workflow rule on {}{when} calls it{through}; handover.md gives the rule's steps and the argument mapping.",
                c.module.as_str()
            )
        });
        purpose.push_str(&caller.unwrap_or_default());
    }
    let steps_plan = StepsPlan {
        name: function.name.to_string(),
        results,
        steps,
        returned: returned.as_ref().map(|(var, _, _)| var.clone()),
        returned_init: match &returned {
            Some((_, Shape::List, _)) => "List()",
            _ => "Map()",
        },
        token: token_kind,
        mail,
        done: format!(
            "Done: function {} ran its {step_count} steps",
            function.name
        ),
    };
    let inline = token_kind == "inline";
    let replace = oauth
        .filter(|_| inline)
        .map(OAuthPlan::refresh_replace)
        .unwrap_or_default();
    let context = ScriptContext {
        file: file.clone(),
        purpose,
        holds_secret: inline,
        spec: summary.clone(),
        replace,
        oauth: oauth.filter(|_| uses_token).cloned(),
        token: token.filter(|_| uses_token).cloned(),
        request: None,
        function: Some(function_plan.clone()),
        on_error: None,
        caller: None,
        steps: Some(steps_plan),
        task: None,
    };
    let mut scripts = vec![ScriptPlan {
        file_name: file.clone(),
        template: FUNCTION_TEMPLATE,
        holds_secret: inline,
        context,
    }];
    // CRM workflow rules call only automation functions, which return nothing: the rule
    // calls this small one, which calls the function of steps.
    if runs_in == Product::Crm && function.workflow_caller.is_some() && returned.is_some() {
        let caller_name = format!("{name}_workflow");
        let caller_file = format!("{}.workflow.dg", function.name);
        scripts.push(ScriptPlan {
            file_name: caller_file.clone(),
            template: CALLER_TEMPLATE,
            holds_secret: false,
            context: ScriptContext {
                file: caller_file,
                purpose: format!(
                    "The workflow function that calls standalone.{name} ({file}) with the record's values."
                ),
                holds_secret: false,
                spec: summary.clone(),
                replace: Vec::new(),
                oauth: None,
                token: None,
                request: None,
                function: Some(FunctionPlan {
                    location: "Zoho CRM: Setup → Automation → Workflow Rules → the rule → Instant Actions → Function → New Function".to_string(),
                    signature: format!("void automation.{caller_name}({})", parameters.join(", ")),
                    call: format!("automation.{caller_name}"),
                    arguments,
                    returns_id: false,
                    returns_token: false,
                    returns_what: String::new(),
                    result_var: "v_Id",
                    arguments_how: "declared in the function editor (CRM: Edit Arguments)",
                    return_key: None,
                    reads: Vec::new(),
                    entity: None,
                    called_by: None,
                }),
                on_error: None,
                caller: Some(CallerPlan {
                    call: function_plan.call.clone(),
                    file: file.clone(),
                    failure: format!("{} failed: its log says which step and why.", function.name),
                }),
                steps: None,
                task: None,
            },
        });
    }
    let note = FunctionNote {
        name: function.name.to_string(),
        file,
        signature: function_plan.signature.clone(),
        location,
        description: function
            .description
            .as_ref()
            .map(|d| d.as_str().to_string()),
        arguments: function_plan.arguments.clone(),
        steps: step_notes,
        wiring,
        connections,
    };
    Ok((scripts, note))
}

/// The client's steps for the rule that calls the function, in the product's words.
fn wiring(
    runs_in: Product,
    function: &Function,
    caller: &crate::spec::WorkflowCaller,
    name: &str,
    called: &str,
    arguments: &[&str],
    returns: bool,
) -> Wiring {
    let module = caller.module.as_str();
    let rule = caller
        .rule
        .as_ref()
        .map(|r| r.as_str().to_string())
        .unwrap_or_else(|| function.name.to_string());
    let call = format!(
        "{}{called}({});",
        if returns { "m_Result = " } else { "" },
        function
            .inputs
            .0
            .iter()
            .map(|input| input
                .mapped_from
                .as_ref()
                .map(|m| m.as_str().to_string())
                .unwrap_or_else(|| format!("input.{}", input.name)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let (caller_file, caller_name) = match runs_in {
        Product::Crm => (
            format!("{}.workflow.dg", function.name),
            format!("automation.{name}_workflow"),
        ),
        _ => (format!("{}.dg", function.name), name.to_string()),
    };
    let steps = runs_in.conventions().workflow_rule(&crate::zoho::RuleCall {
        module,
        rule: &rule,
        condition: caller.condition.as_ref().map(|c| c.as_str()),
        caller_file: &caller_file,
        caller_name: &caller_name,
        call: &call,
    });
    let mapping = function
        .inputs
        .0
        .iter()
        .filter(|input| arguments.contains(&input.name.as_str()))
        .map(|input| {
            let from = input
                .mapped_from
                .as_ref()
                .map(|m| m.as_str().to_string())
                .unwrap_or_else(|| match runs_in {
                    Product::Creator => format!("input.{}", input.name),
                    Product::Books => format!(
                        "the {module} field whose API name is {0} (the body reads {1}.get(\"{0}\"))",
                        input.name,
                        books_entity(function)
                    ),
                    _ => format!("the {module} field that holds {}", input.name),
                });
            (format!("{} ({})", input.name, input.kind), from)
        })
        .collect();
    Wiring { steps, mapping }
}

/// The step as a one-request spec, so the product's own rules decide its address,
/// payload, answer and scopes.
fn view(
    spec: &Spec,
    step: &Step,
    inputs: Inputs,
    criteria: Option<Criteria>,
    filters: Option<Filters>,
) -> (Spec, Request) {
    let product = step.product.unwrap_or(spec.product);
    let request = Request {
        name: Slug::try_from(step.name.as_str().to_ascii_lowercase().replace('_', "-"))
            .unwrap_or_else(|_| spec.name.clone()),
        method: step.method,
        inputs,
        // Only its presence and how it reads ("the record given by deal_id") matter here.
        record_id: step.record_id.as_ref().and_then(|id| match id {
            Value::Input { reference, .. } => Some(OrInput::Input(InputUse {
                reference: reference.clone(),
                convert_to: None,
            })),
            Value::Step { step, path, .. } => Some(OrInput::Input(InputUse {
                reference: InputRef {
                    // Words, not spec syntax: the handover's reader has no spec.
                    input: if path.0.is_empty() {
                        format!("the result of step {step}")
                    } else {
                        format!("{path} of step {step}")
                    },
                    path: Vec::new(),
                },
                convert_to: None,
            })),
            Value::Literal(FieldValue::Text(text)) => {
                NumericId::try_from(text.as_str().to_string())
                    .ok()
                    .map(OrInput::Literal)
            }
            _ => NumericId::try_from("1".to_string())
                .ok()
                .map(OrInput::Literal),
        }),
        fields: Fields::default(),
        from_inputs: Default::default(),
        trigger: step.trigger.clone(),
        duplicate_check_fields: step.duplicate_check_fields.clone().map(OrInput::Literal),
        returns: None,
        workflow_caller: false,
        criteria,
        filters,
        max_pages: step.max_pages,
        // Only its presence matters to the product's rules; the step compiles its list.
        records: step.records.as_ref().map(|_| InputUse {
            reference: InputRef {
                input: "records".to_string(),
                path: Vec::new(),
            },
            convert_to: None,
        }),
        options: step.options.clone(),
        query: step.query.clone(),
        // The step's own way is decided in `plan::step_task`, which sets it on its view.
        via: None,
    };
    // The spec's own keys, with the step's target: keys a later release adds come along.
    let mut view = Spec {
        via: None,
        product,
        module: step.module.clone().unwrap_or_else(|| spec.module.clone()),
        api_version: step.api_version.clone(),
        organization_id: step.organization_id.clone(),
        body: step.body,
        on_error: None,
        requests: vec![request.clone()],
        auths: Default::default(),
        functions: Vec::new(),
        ..spec.clone()
    };
    if product == Product::Books && product == spec.product {
        view.organization_id = view
            .organization_id
            .or_else(|| spec.organization_id.clone());
        view.body = view.body.or(spec.body);
    }
    (view, request)
}

/// A problem the product found in the step's view, moved to where the step says it.
fn moved(problem: Problem, step_at: &FieldPath) -> Problem {
    let segments = &problem.path.0;
    let rest: Option<&[Segment]> = match segments.as_slice() {
        [Segment::Key(k), Segment::Index(0), rest @ ..] if k == "requests" => Some(rest),
        [Segment::Key(k), ..]
            if ["module", "organization_id", "api_version", "body"].contains(&k.as_str()) =>
        {
            Some(segments.as_slice())
        }
        _ => None,
    };
    match rest {
        Some(rest) => {
            let mut path = step_at.clone();
            path.0.extend(rest.iter().cloned());
            Problem { path, ..problem }
        }
        None => problem,
    }
}

#[allow(clippy::too_many_arguments)]
fn plan_step(
    spec: &Spec,
    function: &Function,
    step: &Step,
    index: usize,
    at: &FieldPath,
    scope: &mut Scope,
    result_var: &str,
    oauth: Option<&OAuthPlan>,
) -> Result<StepPlan, Vec<Problem>> {
    let mut problems = Vec::new();
    let product = step.product.unwrap_or(spec.product);
    let conventions = product.conventions();
    // How it authenticates.
    let auth_names: Vec<&str> = spec.auths.0.iter().map(|(k, _)| k.as_str()).collect();
    let (token, connection) = match spec.auths.get(step.auth.as_str()) {
        // A step through a Deluge task uses no token (one that needs a connection is
        // refused in `plan::step_task`).
        Some(AuthEntry::Token) if oauth.is_none() && spec.step_via(function, step) == Via::Api => {
            problems.push(
                Problem::new(at.key("auth"), format!("auth \"{}\" is token, but the spec has no token mode client", step.auth))
                    .help("add client: {id, secret, redirect_uri} (and auth.store), or make the auth a connection: {connection: <link name>}"),
            );
            (false, None)
        }
        Some(AuthEntry::Token) => (true, None),
        Some(AuthEntry::Connection { connection, .. }) => {
            (false, Some(connection.as_str().to_string()))
        }
        None => {
            let help = match closest(step.auth.as_str(), auth_names.iter().copied()) {
                Some(near) => format!("did you mean \"{near}\"?"),
                None if auth_names.is_empty() => format!(
                    "name it under auths at the top of the spec, e.g. auths: {{{}: {{connection: zoho_crm}}}}",
                    step.auth
                ),
                None => format!("the spec's auths: {}", auth_names.join(", ")),
            };
            problems.push(
                Problem::new(
                    at.key("auth"),
                    format!("no auth named \"{}\" under auths", step.auth),
                )
                .help(help),
            );
            (false, None)
        }
    };
    if step.module.is_none() && (spec.module.is_unset() || product != spec.product) {
        problems.push(
            Problem::new(at.key("module"), format!("step \"{}\" needs a module", step.name))
                .help("CRM: the module's API name (Deals); Books: the resource (contacts); Creator: {owner, app, form, report}"),
        );
        return Err(problems);
    }
    // Dates are written as the step's product reads them (Creator: the application's format).
    let dates = super::value::DateFormats::of(
        &Spec {
            product,
            ..spec.clone()
        },
        conventions,
    );
    let kind = match step.method {
        Method::Get => "read",
        Method::Search => "search",
        Method::Delete if step.records.is_some() => "bulk",
        Method::Delete if step.deletes_by_criteria() && product == Product::Creator => {
            "delete_criteria"
        }
        Method::Delete if step.record_id.is_none() => {
            let (message, help) = match product {
                Product::Creator => (
                    "a Zoho Creator step deletes one record by its id, or the records matching criteria",
                    "add record_id: {step: <search>, path: \"[0].ID\"} (or an argument), or criteria: {field: Status, value: Cancelled}",
                ),
                _ => (
                    "a step deletes one record by its id, or the ids listed under records",
                    "add record_id: {step: <search>, path: \"[0].id\"} (or an argument), or records: {step: <search or query>}",
                ),
            };
            problems.push(Problem::new(at.key("record_id"), message).help(help));
            return Err(problems);
        }
        Method::Delete => "delete",
        Method::Coql => "coql",
        _ if step.records.is_some() => "bulk",
        _ => "write",
    };
    problems.extend(kind_problems(step, kind, at));
    if let Some(criteria) = &step.criteria {
        check_criteria_shape(criteria, &at.key("criteria"), &mut problems);
    }
    if let Some(version) = &step.api_version
        && !conventions.api_versions().contains(&version.as_str())
    {
        problems.push(
            Problem::new(
                at.key("api_version"),
                format!(
                    "{} has no API version \"{version}\"; expected one of {}",
                    conventions.title(),
                    conventions.api_versions().join(", ")
                ),
            )
            .help(format!(
                "leave it out to use {}",
                conventions.default_api_version()
            )),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    // The element of a for_each, and the list a `when` looks at.
    let mut values_scope_element = None;
    let each = match &step.for_each {
        None => None,
        Some(each) => {
            let mut probe =
                Values::new(scope, index, step.name.as_str(), conventions, dates.clone());
            let list = probe.lookup(&each.step, &at.key("for_each").key("step"));
            problems.extend(probe.problems);
            match list {
                Some(_) if gives_ids(function, &each.step) => {
                    problems.push(
                        Problem::new(
                            at.key("for_each").key("step"),
                            format!("\"{}\" gives a list of ids, not of records: for_each goes through records", each.step),
                        )
                        .help("run for_each over a search or query step; read an id with {step: <name>, path: \"[0]\"}"),
                    );
                    None
                }
                Some(list) if list.shape == Shape::List => {
                    let max = each.max.unwrap_or(DEFAULT_EACH_MAX);
                    if max == 0 || max > MOST_EACH_MAX {
                        problems.push(
                            Problem::new(at.key("for_each").key("max"), format!("max is {max}; a for_each goes through 1 to {MOST_EACH_MAX} records"))
                                .help("each record is one request: split larger lists"),
                        );
                    }
                    let element = format!("m_Each{}", camel(each.element.as_str()));
                    values_scope_element = Some(Named {
                        name: each.element.as_str().to_string(),
                        var: element.clone(),
                        shape: Shape::Map,
                        step: index,
                    });
                    Some(EachPlan {
                        list: list.var,
                        element,
                        max,
                        too_many: format!(
                            "step {} stopped: {} holds more than {max} records (for_each max)",
                            step.name, each.step
                        ),
                    })
                }
                Some(_) => {
                    problems.push(
                        Problem::new(
                            at.key("for_each").key("step"),
                            format!(
                                "\"{}\" gives one record, not a list: for_each needs a search",
                                each.step
                            ),
                        )
                        .help("run the step once, reading the record with {step: ...}"),
                    );
                    None
                }
                None => None,
            }
        }
    };
    scope.element = values_scope_element;
    let mut values = Values::new(scope, index, step.name.as_str(), conventions, dates.clone());
    let when = match &step.when {
        None => None,
        Some(when) => match values.lookup(&when.step, &at.key("when").key("step")) {
            Some(named) if named.shape == Shape::List => Some(WhenPlan {
                list: named.var,
                found: when.found,
                takes_found: !when.found && kind == "write" && each.is_none(),
            }),
            Some(_) => {
                values.problems.push(
                    Problem::new(
                        at.key("when").key("step"),
                        format!(
                            "\"{}\" gives one record, not a search's list: when needs a search",
                            when.step
                        ),
                    )
                    .help("point when at a search step"),
                );
                None
            }
            None => None,
        },
    };
    if step.when.is_some() && step.for_each.is_some() {
        values.problems.push(
            Problem::new(at.key("when"), "a step takes when or for_each, not both")
                .help("split it into two steps"),
        );
    }
    let mut inputs = function.inputs.clone();
    let mut bindings = Vec::new();
    let (criteria, filters) = values.search_terms(
        step.criteria.as_ref(),
        step.filters.as_ref(),
        at,
        &mut inputs,
        &mut bindings,
    );
    if product == Product::Crm
        && let Some(criteria) = &criteria
    {
        values.problems.extend(crate::spec::check_crm_criteria(
            criteria,
            &at.key("criteria"),
        ));
    }
    let (view, request) = view(spec, step, inputs, criteria, filters);
    let found = conventions.check(&view);
    if !found.is_empty() {
        problems.extend(found.into_iter().map(|p| moved(p, at)));
        problems.extend(values.problems);
        return Err(problems);
    }
    // The scopes the token (or connection) must grant.
    let needs = conventions.scope_needs(&view, &request);
    if let Some(first) = scope::uncovered(&spec.scopes, &needs).first() {
        problems.push(
            Problem::new(
                FieldPath::root().key("scopes"),
                format!(
                    "the scopes do not cover step \"{}\" of function \"{}\"; add \"{}\"",
                    step.name,
                    function.name,
                    first.narrowest()
                ),
            )
            .help(format!(
                "without it Zoho answers OAUTH_SCOPE_MISMATCH for functions[..].steps[{index}]; the connection {} needs it too",
                connection.as_deref().unwrap_or("(token)")
            )),
        );
    }
    let api_version = step
        .api_version
        .clone()
        .unwrap_or_else(|| conventions.default_api_version().to_string());
    let endpoint = conventions.endpoint(&view, &api_version, &request);
    let (headers, body_options, query) =
        super::request::options_by_place(&request, conventions, kind, endpoint.query.clone());

    let has_fields = !step.fields.0.is_empty();
    match (kind, has_fields) {
        ("write", false) => values.problems.push(
            Problem::new(at.key("fields"), "a write needs at least one field")
                .help("add the fields to write, e.g. Last_Name: {input: last_name}"),
        ),
        ("write", true) => values.fields(&step.fields, "m_Record", &at.key("fields")),
        ("bulk", true) => values.problems.push(
            Problem::new(
                at.key("fields"),
                "a bulk write takes its fields from each record of the list",
            )
            .help("remove fields, or remove records"),
        ),
        (_, true) => values.problems.push(
            Problem::new(at.key("fields"), "a read or delete sends no fields")
                .help("remove them; a search compares values under criteria or filters"),
        ),
        _ => {}
    }
    let id_code = step
        .record_id
        .as_ref()
        .and_then(|id| values.record_id(id, &at.key("record_id")));
    let search = match kind {
        "search" => {
            match search::plan(
                &request,
                conventions,
                &dates,
                product,
                &endpoint.base,
                &query,
                at,
            ) {
                Ok(plan) => Some(plan),
                Err(found) => {
                    values.problems.extend(found);
                    None
                }
            }
        }
        _ => None,
    };
    let bulk = match (kind, &step.records) {
        ("bulk", Some(records)) => values
            .records(
                records,
                &at.key("records"),
                conventions.bulk_max_records(),
                step.method == Method::Delete,
            )
            .map(|code| super::request::bulk_plan(code, conventions, step.method, &query)),
        _ => None,
    };
    let ids_of_records = step.method == Method::Delete
        && matches!(&step.records, Some(Value::Step { step: from, path, .. })
            if path.0.is_empty() && gives_records(function, from));
    let delete_criteria_code = match kind {
        "delete_criteria" => match search::creator_criteria(&request, conventions, &dates, at) {
            Ok(code) => Some(code),
            Err(found) => {
                values.problems.extend(found);
                None
            }
        },
        _ => None,
    };
    problems.extend(values.problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let url_code = match (&id_code, endpoint.takes_id) {
        (Some(code), true) => {
            let mut parts = vec![literal::text(&endpoint.base), code.clone()];
            if !query.is_empty() {
                parts.push(literal::text(&query));
            }
            parts.join(" + ")
        }
        _ => literal::text(&format!("{}{query}", endpoint.base)),
    };
    let shown_id = step.record_id.as_ref().map(|_| "{id}").unwrap_or_default();
    let url = format!(
        "{}{}{query}",
        endpoint.base,
        if endpoint.takes_id { shown_id } else { "" }
    );
    let mut shown_fields: Vec<(String, String)> = step
        .fields
        .0
        .iter()
        .map(|(name, value)| (name.as_str().to_string(), shown(value)))
        .collect();
    let task = super::step_task::plan(
        spec,
        function,
        step,
        at,
        &view,
        &request,
        &endpoint.action,
        |p| moved(p, at),
    )?;
    shown_fields.extend(kind_shown(step));
    let mut action = endpoint.action.clone();
    if let Some(native) = task.as_ref().and_then(|t| t.action.clone()) {
        action = native;
    }
    if product != spec.runs_in() {
        action = format!("{action} ({})", conventions.title());
    }
    // A task takes the connection only where Zoho's page says so, and never the token.
    let (token, connection) = match &task {
        Some(task) => (false, task.connection.clone()),
        None => (token, connection),
    };
    Ok(StepPlan {
        name: step.name.to_string(),
        number: index + 1,
        failure: format!("Step {} ({action}): ", step.name),
        action,
        product: product.key(),
        title: conventions.title(),
        kind,
        verb: endpoint.verb,
        url,
        url_code,
        payload: endpoint.payload,
        answer: conventions.answer(&view),
        headers,
        body_options,
        token,
        connection,
        builds: values.builds,
        needs: values.needs,
        bindings,
        search,
        has_trigger: step.trigger.is_some(),
        trigger: step.trigger.clone().unwrap_or_default(),
        duplicate_check_fields: step.duplicate_check_fields.clone().unwrap_or_default(),
        record_id_code: id_code.unwrap_or_else(|| literal::text("")),
        result_var: result_var.to_string(),
        when,
        each,
        shown_fields,
        auth_name: step.auth.to_string(),
        scopes: spec
            .scopes
            .iter()
            .filter(|scope| needs.iter().any(|need| scope.covers(need)))
            .map(|scope| scope.to_string())
            .collect(),
        task,
        list_result: matches!(kind, "search" | "coql" | "bulk" | "delete_criteria"),
        query: step.query.as_ref().map(|q| q.as_str().to_string()),
        bulk,
        ids_of_records,
        delete_rounds: if delete_criteria_code.is_some() {
            (1..=crate::zoho::creator::DELETE_ROUNDS).collect()
        } else {
            Vec::new()
        },
        delete_criteria_code,
    })
}

/// Zoho Books runs a custom function from a workflow rule, passing the record as a Map
/// (with the Maps organization and user): like a Books request function (issue 17), a
/// function of steps that runs in Books takes that Map and reads its inputs from it, each
/// under the key of its name.
fn books_workflow_function(
    plan: &mut FunctionPlan,
    function: &Function,
    name: &str,
    declared_type: &str,
) {
    let entity = books_entity(function);
    plan.signature = format!("{declared_type} {name}(Map {entity}, Map organization, Map user)");
    plan.call = format!("{name}({entity}, organization, user)");
    plan.reads = super::request::books_reads(&function.inputs, &entity);
    for (argument, input) in plan.arguments.iter_mut().zip(&function.inputs.0) {
        if input.name.as_str() != entity {
            argument.note = format!(
                " ← {entity}.get({}){}",
                literal::text(input.name.as_str()),
                super::request::argument_details(input)
            );
        }
    }
    plan.arguments_how =
        "as Zoho Books fills them (the record's Map, or a value the body reads from it first)";
    plan.called_by = Some(format!(
        "Zoho Books runs it from a workflow rule on {} (Settings → Automation → Workflow Rules → the rule → Actions → Custom Functions), passing the record as the Map {entity} with the Maps organization and user; other functions do not call it",
        function
            .workflow_caller
            .as_ref()
            .map_or("the record's module".to_string(), |c| c
                .module
                .as_str()
                .to_string())
    ));
    plan.entity = Some(entity);
}

/// The Map a Books workflow function receives the record in: the function's first Map
/// input (named by the spec), otherwise the singular of the rule's module (`Invoices` →
/// `invoice`, as Zoho names it in the declaration), otherwise `record`.
fn books_entity(function: &Function) -> String {
    if let Some(input) = function
        .inputs
        .0
        .iter()
        .find(|i| i.kind == crate::spec::ArgType::Map)
    {
        return input.name.to_string();
    }
    let module = function
        .workflow_caller
        .as_ref()
        .map(|c| c.module.as_str().to_ascii_lowercase().replace(' ', ""))
        .unwrap_or_default();
    let resource = crate::zoho::books::resource_of_module(&module);
    let singular = resource.strip_suffix('s').unwrap_or(resource);
    if singular.is_empty() || !singular.chars().all(|c| c.is_ascii_lowercase()) {
        "record".to_string()
    } else {
        singular.to_string()
    }
}

/// Inline token mode: the function holds the token answer, so a step takes its API host
/// from the answer's `api_domain` (`v_ApiDomain`), as request scripts do, and a wrong
/// table entry cannot send the token to another data centre.
fn api_host_from_token(step: &mut StepPlan, api: &str) {
    let from_token = |code: &mut String| {
        let host = format!("\"{api}");
        if let Some(path) = code.strip_prefix(&host) {
            *code = format!("{} + \"{path}", super::request::API_DOMAIN_VARIABLE);
        }
    };
    from_token(&mut step.url_code);
    if let Some(search) = &mut step.search {
        from_token(&mut search.url_code);
    }
}

/// The step of `function` known as `name` (by its name or its `as`).
fn step_named<'f>(function: &'f Function, name: &crate::spec::StepName) -> Option<&'f Step> {
    function
        .steps
        .iter()
        .find(|step| step.names().contains(&name))
}

/// True when the step known as `name` gives a list of ids (a bulk write or delete).
fn gives_ids(function: &Function, name: &crate::spec::StepName) -> bool {
    step_named(function, name).is_some_and(Step::gives_ids)
}

/// True when the step known as `name` gives a list of records (a search or a query).
fn gives_records(function: &Function, name: &crate::spec::StepName) -> bool {
    step_named(function, name).is_some_and(|step| {
        matches!(step.method, Method::Search | Method::Coql) && step.for_each.is_none()
    })
}

/// What the step kinds that give a list (a query, a bulk write, a delete by criteria)
/// take and refuse beside the keys every step has.
fn kind_problems(step: &Step, kind: &str, at: &FieldPath) -> Vec<Problem> {
    let mut problems: Vec<Problem> =
        crate::spec::check_coql_query(step.query.as_ref(), step.method, at)
            .into_iter()
            .collect();
    let what = match kind {
        "coql" => Some("a COQL query"),
        "bulk" => Some("a bulk write"),
        "delete_criteria" => Some("a delete by criteria"),
        _ => None,
    };
    if let (Some(what), Some(_)) = (what, &step.for_each) {
        problems.push(
            Problem::new(
                at.key("for_each"),
                format!("{what} runs once and gives a list; for_each runs a step of one record per entry"),
            )
            .help("remove for_each: the step already goes through every record"),
        );
    }
    problems
}

/// A query's text and a bulk step's list, for the handover.
fn kind_shown(step: &Step) -> Vec<(String, String)> {
    let mut shown_kind = Vec::new();
    if let Some(query) = &step.query {
        shown_kind.push(("query".to_string(), query.as_str().to_string()));
    }
    if let Some(records) = &step.records {
        shown_kind.push(("records".to_string(), shown(records)));
    }
    shown_kind
}

/// A value as a reader of the handover sees it.
fn shown(value: &Value) -> String {
    match value {
        Value::Literal(FieldValue::Text(text)) => text.as_str().to_string(),
        Value::Literal(other) => serde_json::to_string(other).unwrap_or_default(),
        Value::Input { reference, .. } => format!("← argument {reference}"),
        Value::Step { step, path, .. } if path.0.is_empty() => format!("← step {step}"),
        Value::Step { step, path, .. } => format!("← step {step}: {path}"),
        Value::List(items) => format!(
            "[{}]",
            items.iter().map(shown).collect::<Vec<_>>().join(", ")
        ),
        Value::Map(fields) => format!(
            "{{{}}}",
            fields
                .0
                .iter()
                .map(|(k, v)| format!("{k}: {}", shown(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Each mapping of a step's criteria takes exactly one form, as in `requests:`.
fn check_criteria_shape(criteria: &StepCriteria, at: &FieldPath, problems: &mut Vec<Problem>) {
    let condition = criteria.field.is_some() || criteria.value.is_some() || criteria.op.is_some();
    let forms = [criteria.all.is_some(), criteria.any.is_some(), condition]
        .iter()
        .filter(|present| **present)
        .count();
    if forms != 1 || (condition && (criteria.field.is_none() || criteria.value.is_none())) {
        problems.push(
            Problem::new(
                at.clone(),
                "criteria take one form: {field, op, value}, {all: [...]} or {any: [...]}",
            )
            .help("for example criteria: {field: Email, value: {input: email}}"),
        );
        return;
    }
    for (key, list) in [("all", &criteria.all), ("any", &criteria.any)] {
        for (i, inner) in list.iter().flatten().enumerate() {
            check_criteria_shape(inner, &at.key(key).index(i), problems);
        }
    }
}
