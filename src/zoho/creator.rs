//! Zoho Creator v2.1: add to a form with POST, update a report's record with PATCH; the
//! record goes as `{"data": record}` in JSON text.

use super::options::{OptionRule, Place};
use super::rules::{self, is_word};
use super::{
    Conventions, Endpoint, NoTask, Paging, Payload, Product, RuleCall, ScopeNeed, StatementLimit,
    Task,
};
use crate::spec::{CreatorTarget, FieldPath, Method, Problem, Request, Spec, Target};

/// The methods this product answers to.
const METHODS: [Method; 5] = [
    Method::Get,
    Method::Search,
    Method::Post,
    Method::Patch,
    Method::Delete,
];

const OPTIONS: [OptionRule; 4] = [
    OptionRule {
        name: "environment",
        place: Place::Header,
        methods: &[
            Method::Get,
            Method::Search,
            Method::Post,
            Method::Patch,
            Method::Delete,
        ],
        values: &["development", "stage"],
        about: "the application's environment to work in (production when left out)",
    },
    OptionRule {
        name: "skip_workflow",
        place: Place::Body,
        methods: &[Method::Post, Method::Patch, Method::Delete],
        values: &[],
        about: "the workflows not to run, a list of form_workflow, schedules, all",
    },
    OptionRule {
        name: "result",
        place: Place::Body,
        methods: &[Method::Post, Method::Patch],
        values: &[],
        about: "what the answer returns of each record, e.g. {fields: [Email], message: true, tasks: true}",
    },
    OptionRule {
        name: "field_config",
        place: Place::Query,
        methods: &[Method::Get, Method::Search],
        values: &["quick_view", "detail_view", "custom", "all"],
        about: "which fields of the records the answer holds",
    },
];

pub struct Creator;

/// Requests a delete by criteria sends at most in one run, each deleting up to 200
/// records: about 3 statements a record keeps 5 rounds (1,000 records) well under the
/// 5,000 statements of Creator's smallest plan.
pub const DELETE_ROUNDS: u32 = 5;

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
                let through_report = [Method::Patch, Method::Get, Method::Search, Method::Delete];
                if let Some(method) = through_report.iter().find(|m| wants(**m))
                    && target.report.is_none()
                {
                    problems.push(
                        Problem::new(
                            module.key("report"),
                            format!(
                                "{} {} through a report; name the report",
                                method.as_str(),
                                match method {
                                    Method::Patch => "updates a record",
                                    Method::Delete => "deletes records",
                                    _ => "reads records",
                                }
                            ),
                        )
                        .help("add report: <report link name> under module"),
                    );
                }
            }
        }
        problems.extend(rules::no_organization_id(spec, self.title()));
        problems.extend(rules::no_body(spec, self.title()));
        problems.extend(rules::date_format(spec, self.title()));
        problems.extend(rules::methods(
            spec,
            self.title(),
            &METHODS,
            "Creator adds with POST (to a form); reads with GET or search, updates with PATCH and deletes with DELETE (through a report)",
        ));
        problems.extend(rules::record_ids(spec, Method::Patch, &METHODS, true));
        problems.extend(rules::searches_and_bulk(
            spec,
            self.title(),
            Some(&[]),
            true,
            self.paging(),
            &[Method::Post],
            true,
        ));
        problems.extend(super::options::check(spec, self.title(), &OPTIONS));
        problems.extend(rules::no_trigger(spec, self.title()));
        problems
    }

    fn scope_needs(&self, _spec: &Spec, request: &Request) -> Vec<ScopeNeed> {
        let (path, operation) = match request.method {
            Method::Patch => ("report", "UPDATE"),
            Method::Get | Method::Search => ("report", "READ"),
            Method::Delete => ("report", "DELETE"),
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
        let report = target.report.as_deref().unwrap_or_default();
        let (verb, base, takes_id, action) = match (request.method, &request.record_id) {
            (Method::Get, _) => (
                "GET",
                format!("{base}/report/{report}/"),
                true,
                format!(
                    "read {} through report {report}",
                    rules::record_phrase(request)
                ),
            ),
            (Method::Delete, Some(_)) => (
                "DELETE",
                format!("{base}/report/{report}/"),
                true,
                format!(
                    "delete {} through report {report}",
                    rules::record_phrase(request)
                ),
            ),
            (Method::Delete, None) => (
                "DELETE",
                format!("{base}/report/{report}"),
                false,
                format!("delete the records matching the criteria through report {report}"),
            ),
            (Method::Search, _) => (
                "GET",
                format!("{base}/report/{report}"),
                false,
                format!("search report {report}"),
            ),
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
                    if request.records.is_some() {
                        format!("add records to form {form}")
                    } else {
                        format!("add a record to form {form}")
                    },
                )
            }
        };
        Endpoint {
            verb,
            base,
            takes_id,
            query: String::new(),
            payload: if request.method.is_write() {
                Payload::DataObject
            } else {
                Payload::Nothing
            },
            action,
        }
    }

    fn paging(&self) -> Paging {
        Paging {
            per_page: 200,
            default_pages: 10,
            max_pages: 50,
            why: "each page is a request against Creator's daily API limit (50 a minute per endpoint), and a Creator function stops at 5,000 statements on the smallest plan",
        }
    }

    fn bulk_chunk(&self) -> u32 {
        200
    }

    fn statement_limit(&self) -> StatementLimit {
        StatementLimit {
            figure: 5_000,
            phrase: "Zoho Creator stops a function at 5,000 statements on its smallest plan (up to 50,000 by plan)",
            source: "Zoho Creator help, Deluge limitations (creator/help/script/usage-limits) and Creator's limitations page (about 5,000 to 50,000 by pricing plan), read 2026-12",
        }
    }

    fn options(&self) -> &'static [OptionRule] {
        &OPTIONS
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

    fn bulk_template(&self) -> &'static str {
        "creator-bulk.dg"
    }

    fn read_template(&self) -> &'static str {
        "creator-read.dg"
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

    /// In the application itself (`runs_in: creator`), writes are Deluge's own statements
    /// (`insert into`, a fetch updated by assignment, `delete from`), which need no
    /// connection; reads, and everything from CRM or Books, go through the
    /// `zoho.creator.*` (v2) tasks, which take a connection.
    fn task(&self, spec: &Spec, request: &Request) -> Result<Task, NoTask> {
        let native = spec.runs_in() == Product::Creator;
        let task = |name, page, template, connection, batch| Task {
            name,
            page,
            template,
            connection,
            batch,
        };
        let remote = |name, page| task(name, page, "creator-task.dg", true, 1);
        let own = |name, page| task(name, page, "creator-native.dg", false, 1);
        if native && (request.method.is_write() || request.method == Method::Delete) {
            let form_missing = target(spec).is_none_or(|t| t.form.is_none());
            if form_missing {
                return Err(NoTask::new(
                    "Creator's own statements (insert into, Form[criteria], delete from) name the form",
                    "add form: <form link name> under module, or use via: api",
                ));
            }
        }
        match request.method {
            Method::Post if request.records.is_some() => Ok(task(
                "zoho.creator.createRecord",
                "https://www.zoho.com/deluge/help/creator-create-records.html",
                "creator-task.dg",
                true,
                200,
            )),
            Method::Post if native => Ok(own(
                "insert into",
                "https://www.zoho.com/deluge/help/data-access/add-records.html",
            )),
            Method::Post => Ok(remote(
                "zoho.creator.createRecord",
                "https://www.zoho.com/deluge/help/creator-create-records.html",
            )),
            Method::Patch if native => Ok(own(
                "Form[ID == id]",
                "https://www.zoho.com/deluge/help/data-access/update-records.html",
            )),
            Method::Patch | Method::Put => Ok(remote(
                "zoho.creator.updateRecord",
                "https://www.zoho.com/deluge/help/creator-update-records.html",
            )),
            Method::Get => Ok(remote(
                "zoho.creator.getRecordById",
                "https://www.zoho.com/creator/help/script/get-record-by-id.html",
            )),
            Method::Search => Ok(remote(
                "zoho.creator.getRecords",
                "https://www.zoho.com/deluge/help/creator-get-records.html",
            )),
            Method::Delete if native => Ok(own(
                "delete from",
                "https://www.zoho.com/deluge/help/data-access/delete-records.html",
            )),
            _ => Err(NoTask::new(
                "Deluge documents no zoho.creator task that deletes records from another product",
                "use via: api (DELETE .../report/{report}), or paste the script into the application itself (runs_in: creator)",
            )),
        }
    }

    fn workflow_rule(&self, rule: &RuleCall) -> Vec<String> {
        vec![
            "Zoho Creator: the application → Workflows → Form Workflows → New Workflow".to_string(),
            format!(
                "Form: {}; Run when: a record is Created or Edited → Successful form submission; Workflow name: {}",
                rule.module, rule.rule
            ),
            format!("Condition: {}", rule.condition()),
            format!("Action: Deluge script: {}", rule.call),
            "Save".to_string(),
        ]
    }
}
