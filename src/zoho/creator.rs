//! Zoho Creator v2.1: add to a form with POST, update a report's record with PATCH; the
//! record goes as `{"data": record}` in JSON text.

use super::rules::{self, is_word};
use super::{Conventions, Endpoint, Payload, ScopeNeed};
use crate::spec::{CreatorTarget, FieldPath, Method, Problem, Request, Spec, Target};

/// The methods this product answers to.
const METHODS: [Method; 2] = [Method::Post, Method::Patch];

pub struct Creator;

fn target(spec: &Spec) -> Option<&CreatorTarget> {
    match &spec.module {
        Target::Creator(target) => Some(target),
        Target::Named(_) => None,
    }
}

/// Account names may also hold `.` and `-`.
fn is_owner(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// Application link names may hold `-` (Zoho's own examples: `zylker-store`).
fn is_app(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
}

impl Conventions for Creator {
    fn title(&self) -> &'static str {
        "Zoho Creator"
    }

    fn default_api_version(&self) -> &'static str {
        "v2.1"
    }

    fn api_versions(&self) -> &'static [&'static str] {
        &["v2.1"]
    }

    fn scope_service(&self) -> &'static str {
        "ZohoCreator"
    }

    fn broad_scope(&self) -> Option<&'static str> {
        // Creator documents one scope per kind of call (form.CREATE adds, report.UPDATE
        // updates); none covers both.
        None
    }

    fn check(&self, spec: &Spec) -> Vec<Problem> {
        let module = FieldPath::root().key("module");
        let mut problems = Vec::new();
        match target(spec) {
            None => problems.push(
                Problem::new(module.clone(), "Zoho Creator needs module: {owner, app, form or report}")
                    .help("for example module: {owner: jane, app: orders, form: Order, report: All_Orders}"),
            ),
            Some(target) => {
                let names = [
                    ("owner", Some(&target.owner), is_owner as fn(&str) -> bool, "letters, digits, _, . and -"),
                    ("app", Some(&target.app), is_app, "letters, digits, _ and -"),
                    ("form", target.form.as_ref(), is_word, "letters, digits and _"),
                    ("report", target.report.as_ref(), is_word, "letters, digits and _"),
                ];
                for (key, value, valid, allowed) in names {
                    if let Some(value) = value.filter(|v| !valid(v)) {
                        problems.push(
                            Problem::new(module.key(key), format!("\"{value}\" is not a Creator {key} link name"))
                                .help(format!("use the link name shown in the address bar ({allowed})")),
                        );
                    }
                }
                let wants = |method| spec.requests.iter().any(|r| r.method == method);
                if wants(Method::Post) && target.form.is_none() {
                    problems.push(
                        Problem::new(module.key("form"), "POST adds a record to a form; name the form")
                            .help("add form: <form link name> under module"),
                    );
                }
                if wants(Method::Patch) && target.report.is_none() {
                    problems.push(
                        Problem::new(module.key("report"), "PATCH updates a record through a report; name the report")
                            .help("add report: <report link name> under module"),
                    );
                }
            }
        }
        problems.extend(rules::no_organization_id(spec, self.title()));
        problems.extend(rules::no_body(spec, self.title()));
        problems.extend(rules::methods(
            spec,
            self.title(),
            &METHODS,
            "Creator adds with POST (to a form) and updates with PATCH (through a report)",
        ));
        problems.extend(rules::record_ids(spec, Method::Patch, &METHODS));
        problems.extend(rules::no_trigger(spec, self.title()));
        problems
    }

    fn scope_needs(&self, _spec: &Spec, request: &Request) -> Vec<ScopeNeed> {
        let (path, operation) = match request.method {
            Method::Patch => ("report", "UPDATE"),
            _ => ("form", "CREATE"),
        };
        vec![ScopeNeed::new("ZohoCreator", &[path], operation)]
    }

    fn endpoint(&self, spec: &Spec, api_version: &str, request: &Request) -> Endpoint {
        let api = spec.region.data_centre().api;
        let empty = CreatorTarget {
            owner: String::new(),
            app: String::new(),
            form: None,
            report: None,
        };
        let target = target(spec).unwrap_or(&empty);
        let base = format!(
            "{api}/creator/{api_version}/data/{}/{}",
            target.owner, target.app
        );
        let (verb, base, takes_id, action) = match (request.method, &request.record_id) {
            (Method::Patch, Some(_)) => {
                let report = target.report.as_deref().unwrap_or_default();
                (
                    "PATCH",
                    format!("{base}/report/{report}/"),
                    true,
                    format!(
                        "update {} through report {report}",
                        rules::record_phrase(request)
                    ),
                )
            }
            _ => {
                let form = target.form.as_deref().unwrap_or_default();
                (
                    "POST",
                    format!("{base}/form/{form}"),
                    false,
                    format!("add a record to form {form}"),
                )
            }
        };
        Endpoint {
            verb,
            base,
            takes_id,
            query: String::new(),
            payload: Payload::DataObject,
            action,
        }
    }

    /// Creator's default date format; an application can choose another in its settings.
    fn date_format(&self) -> &'static str {
        "dd-MMM-yyyy"
    }

    fn datetime_format(&self) -> Option<&'static str> {
        Some("dd-MMM-yyyy HH:mm:ss")
    }

    fn login_host(&self) -> &'static str {
        "creator"
    }

    fn request_template(&self) -> &'static str {
        "creator-request.dg"
    }

    fn paste_location(&self, _spec: &Spec) -> String {
        "Zoho Creator: the application's Workflows → Functions → New Function (Deluge); run it from a workflow or button that calls it".to_string()
    }

    fn connections_location(&self) -> &'static str {
        "the application's Microservices → Connections"
    }
}
