//! A step of a function that goes `via: task` (its own, its function's or the spec's):
//! the step's one-request view is handed to the request-level task planner
//! (`plan::task::plan_task`), with the step's named auth as the view's `auth`, so the
//! product's task lookup (`Conventions::task`) and the rules about connections, other
//! organisations and data centres are the ones requests follow. Refusals point at the
//! step's `via` (or at the step, when the choice comes from its function or the spec).

use super::task::{self, Asked, TaskPlan};
use crate::spec::{
    Auth, AuthEntry, AuthMode, FieldPath, FieldValue, Fields, Function, Problem, Request, Spec,
    Step, Target, Text, Via,
};
use crate::zoho::Product;

/// The task plan of a step that goes `via: task`, None for one through the API.
#[allow(clippy::too_many_arguments)]
pub fn plan(
    spec: &Spec,
    function: &Function,
    step: &Step,
    at: &FieldPath,
    view: &Spec,
    request: &Request,
    action: &str,
    moved: impl Fn(Problem) -> Problem,
) -> Result<Option<TaskPlan>, Vec<Problem>> {
    if spec.step_via(function, step) != Via::Task {
        return Ok(None);
    }
    let function_at = {
        let mut path = at.clone();
        path.0.truncate(path.0.len().saturating_sub(2));
        path
    };
    let (via_at, inherited) = if step.via.is_some() {
        (at.key("via"), None)
    } else if function.via.is_some() {
        (at.clone(), Some(function_at.key("via")))
    } else {
        (at.clone(), Some(FieldPath::root().key("via")))
    };
    // The step templates write a task for one record (or one search) at a time; a bulk
    // write, a delete of listed ids or by criteria keeps its batched requests.
    if step.records.is_some() || step.deletes_by_criteria() {
        let what = if step.records.is_some() {
            "writes or deletes a list of records"
        } else {
            "deletes by criteria"
        };
        let mut help = "set via: api on the step: its batches go through invokeurl".to_string();
        if let Some(from) = &inherited {
            help.push_str(&format!(" (it takes via: task from {from})"));
        }
        return Err(vec![
            Problem::new(
                via_at,
                format!(
                    "a step that {what} has no task form in delugen (step \"{}\" of function \"{}\")",
                    step.name, function.name
                ),
            )
            .help(help),
        ]);
    }
    // The view as the task planner reads it: the step's auth as the spec's, the product
    // the function runs in, and the step's field names (Creator's own statements write
    // them into the code, so they must be link names).
    let mut request = request.clone();
    request.via = Some(Via::Task);
    request.fields = Fields(
        step.fields
            .0
            .iter()
            .map(|(name, _)| {
                (
                    name.clone(),
                    FieldValue::Text(Text::new(String::new()).unwrap_or_else(|_| unreachable!())),
                )
            })
            .collect(),
    );
    let auth = match spec.auths.get(step.auth.as_str()) {
        Some(AuthEntry::Connection {
            connection,
            service,
        }) => Auth {
            mode: AuthMode::Connection,
            connection: Some(connection.clone()),
            connection_service: Some(*service),
            ..spec.auth.clone()
        },
        _ => Auth {
            mode: AuthMode::Token,
            connection: None,
            connection_service: None,
            ..spec.auth.clone()
        },
    };
    let view = Spec {
        runs_in: Some(spec.runs_in()),
        auth,
        requests: vec![request.clone()],
        ..view.clone()
    };
    let asked = Asked {
        subject: format!("step \"{}\" of function \"{}\"", step.name, function.name),
        suffix: format!(
            " (step \"{}\" of function \"{}\")",
            step.name, function.name
        ),
        at: FieldPath::root().key("requests").index(0),
        via_at,
        connection_help: format!(
            "make auth \"{}\" a connection (auths: {{{}: {{connection: <link name>}}}}), or use via: api",
            step.auth, step.auth
        ),
        action,
    };
    task::plan_task(&view, &request, &asked)
        .and_then(|planned| {
            // Creator's own statements reach the forms of the application the function
            // is in (the spec's module), not another application's.
            let own = match (&spec.product, &spec.module) {
                (Product::Creator, Target::Creator(own)) => Some(own),
                _ => None,
            };
            match (own, &view.module) {
                (Some(own), Target::Creator(target))
                    if planned.template == "creator-native.dg"
                        && (own.owner != target.owner || own.app != target.app) =>
                {
                    Err(vec![
                        Problem::new(
                            asked.via_at.clone(),
                            format!(
                                "{} works on the forms of the application the function is in ({}/{}), not on {}/{}{}",
                                planned.name, own.owner, own.app, target.owner, target.app, asked.suffix
                            ),
                        )
                        .help("use via: api, which reaches another application through its report and form"),
                    ])
                }
                _ => Ok(planned),
            }
        })
        .map(Some)
        .map_err(|found| {
            found
                .into_iter()
                .map(|problem| {
                    let problem = moved(problem);
                    match &inherited {
                        Some(from) => {
                            let help = problem.help.clone().unwrap_or_default();
                            let sep = if help.is_empty() { "" } else { "; " };
                            problem.help(format!(
                                "{help}{sep}this step takes via: task from {from}; set via: api on the step to keep invokeurl for it"
                            ))
                        }
                        None => problem,
                    }
                })
                .collect()
        })
}
