//! Zoho CRM: `{api}/crm/{version}/{Module}`, the record inside a JSON array under `data`,
//! sent as JSON text.

use super::options::{OptionRule, Place};
use super::rules::{self, is_word};
use super::{
    Conventions, Endpoint, NoTask, Paging, Payload, Product, RuleCall, ScopeNeed, StatementLimit,
    Task,
};
use crate::spec::{Criteria, FieldPath, Method, Op, Problem, Request, Shape, Spec, Target};

/// The methods this product answers to.
const METHODS: [Method; 7] = [
    Method::Get,
    Method::Search,
    Method::Coql,
    Method::Post,
    Method::Put,
    Method::Upsert,
    Method::Delete,
];

/// Conditions one CRM search may hold.
const MAX_CONDITIONS: usize = 10;

/// CRM's search parameters besides `criteria`: one of them per search.
const FILTERS: [&str; 3] = ["email", "phone", "word"];

const OPTIONS: [OptionRule; 5] = [
    OptionRule {
        name: "fields",
        place: Place::Query,
        methods: &[Method::Get, Method::Search],
        values: &[],
        about: "the fields to return, API names separated by commas",
    },
    OptionRule {
        name: "converted",
        place: Place::Query,
        methods: &[Method::Search],
        values: &["true", "false", "both"],
        about: "whether converted records are searched too",
    },
    OptionRule {
        name: "approved",
        place: Place::Query,
        methods: &[Method::Search],
        values: &["true", "false", "both"],
        about: "whether records awaiting approval are searched too",
    },
    OptionRule {
        name: "wf_trigger",
        place: Place::Query,
        methods: &[Method::Delete],
        values: &["true", "false"],
        about: "whether deleting sets off the module's workflow rules",
    },
    OptionRule {
        name: "lar_id",
        place: Place::Body,
        methods: &[Method::Post, Method::Upsert],
        values: &[],
        about: "the id of the lead assignment rule to apply to new records",
    },
];

pub struct Crm;

fn module(spec: &Spec) -> &str {
    match &spec.module {
        Target::Named(name) => name,
        Target::Creator(_) => "",
    }
}

/// Zoho's standard modules (API name → the name its scopes use). Any other module may be
/// a custom one, which `ZohoCRM.modules.custom.{op}` also covers.
const STANDARD_MODULES: [(&str, &str); 24] = [
    ("Leads", "leads"),
    ("Accounts", "accounts"),
    ("Contacts", "contacts"),
    ("Deals", "deals"),
    ("Campaigns", "campaigns"),
    ("Tasks", "tasks"),
    ("Events", "events"),
    ("Calls", "calls"),
    ("Cases", "cases"),
    ("Solutions", "solutions"),
    ("Products", "products"),
    ("Vendors", "vendors"),
    ("Price_Books", "pricebooks"),
    ("Quotes", "quotes"),
    ("Sales_Orders", "salesorders"),
    ("Purchase_Orders", "purchaseorders"),
    ("Invoices", "invoices"),
    ("Notes", "notes"),
    ("Attachments", "attachments"),
    ("Activities", "activities"),
    ("Visits", "visits"),
    ("Appointments__s", "appointments"),
    (
        "Appointments_Rescheduled_History__s",
        "appointments_rescheduled_history",
    ),
    ("Services__s", "services"),
];

/// The module's part in a scope name, and whether the module is a standard one.
fn scope_module(module: &str) -> (String, bool) {
    STANDARD_MODULES
        .iter()
        .find(|(api_name, _)| api_name.eq_ignore_ascii_case(module))
        .map_or_else(
            || (module.to_ascii_lowercase(), false),
            |(_, scope)| (scope.to_string(), true),
        )
}

fn is_api_name(name: &str) -> bool {
    is_word(name) && name.starts_with(|c: char| c.is_ascii_alphabetic())
}

impl Conventions for Crm {
    fn title(&self) -> &'static str {
        "Zoho CRM"
    }

    fn default_api_version(&self) -> &'static str {
        "v8"
    }

    fn api_versions(&self) -> &'static [&'static str] {
        &["v2", "v2.1", "v3", "v4", "v5", "v6", "v7", "v8"]
    }

    fn scope_service(&self) -> &'static str {
        "ZohoCRM"
    }

    fn broad_scope(&self) -> Option<&'static str> {
        Some("ZohoCRM.modules.ALL")
    }

    fn check(&self, spec: &Spec) -> Vec<Problem> {
        let mut problems = Vec::new();
        if let Err(problem) = rules::named_module(spec, "CRM module API name", is_api_name, "Leads")
        {
            problems.push(problem);
        }
        problems.extend(rules::no_organization_id(spec, self.title()));
        problems.extend(rules::no_body(spec, self.title()));
        problems.extend(rules::date_format(spec, self.title()));
        problems.extend(rules::methods(
            spec,
            self.title(),
            &METHODS,
            "CRM reads with GET (by id) or search, creates with POST, updates with PUT, inserts-or-updates with upsert and deletes with DELETE",
        ));
        problems.extend(rules::record_ids(spec, Method::Put, &METHODS, false));
        problems.extend(rules::searches_and_bulk(
            spec,
            self.title(),
            Some(&FILTERS),
            true,
            self.paging(),
            &[Method::Post, Method::Put, Method::Upsert, Method::Delete],
            false,
        ));
        problems.extend(super::options::check(spec, self.title(), &OPTIONS));
        for (i, request) in spec.requests.iter().enumerate() {
            if let Some(criteria) = &request.criteria {
                no_contains(
                    criteria,
                    &rules::requests_path(i).key("criteria"),
                    &mut problems,
                );
            }
            let conditions = request.criteria.as_ref().map_or(0, |c| c.values().len());
            if conditions > MAX_CONDITIONS {
                problems.push(
                    Problem::new(
                        rules::requests_path(i).key("criteria"),
                        format!(
                            "Zoho CRM searches with at most {MAX_CONDITIONS} conditions; these criteria have {conditions}"
                        ),
                    )
                    .help("narrow the search to 10 conditions, or search twice and combine the results"),
                );
            }
        }
        problems
    }

    fn scope_needs(&self, spec: &Spec, request: &Request) -> Vec<ScopeNeed> {
        let api_name = module(spec);
        let (scope_name, standard) = scope_module(api_name);
        // Zoho's upsert page grants upsert with CREATE (or WRITE, ALL): no UPDATE needed.
        let operation = match request.method {
            Method::Post | Method::Upsert => "CREATE",
            Method::Put | Method::Patch => "UPDATE",
            Method::Get | Method::Search | Method::Coql => "READ",
            Method::Delete => "DELETE",
        };
        let mut need = ScopeNeed::new("ZohoCRM", &["modules", &scope_name], operation);
        let lowered = api_name.to_ascii_lowercase();
        if lowered != scope_name {
            // The scope named after the API name itself (`sales_orders`) is accepted too.
            need = need.or_alias(&["modules", &lowered]);
        }
        if !standard {
            need = need.or_path(&["modules", "custom"]);
        }
        let mut needs = vec![need];
        // Zoho's COQL page asks for this scope as well as the modules' READ.
        if request.method == Method::Coql {
            needs.push(ScopeNeed::new("ZohoCRM", &["coql"], "READ"));
        }
        // Zoho's search pages ask for this scope as well as the module's READ.
        if request.method == Method::Search {
            needs.push(ScopeNeed::new("ZohoSearch", &["securesearch"], "READ"));
        }
        needs
    }

    fn endpoint(&self, spec: &Spec, api_version: &str, request: &Request) -> Endpoint {
        let api = spec.region.data_centre().api;
        let module = module(spec);
        let base = format!("{api}/crm/{api_version}/{module}");
        let (verb, base, takes_id, action) = match (request.method, &request.record_id) {
            (Method::Get, _) => (
                "GET",
                format!("{base}/"),
                true,
                format!("read {} in {module}", rules::record_phrase(request)),
            ),
            (Method::Delete, _) if request.records.is_some() => (
                "DELETE",
                base,
                false,
                format!("delete the records listed in {module}"),
            ),
            (Method::Delete, _) => (
                "DELETE",
                format!("{base}/"),
                true,
                format!("delete {} in {module}", rules::record_phrase(request)),
            ),
            (Method::Coql, _) => (
                "POST",
                format!("{api}/crm/{api_version}/coql"),
                false,
                "run a COQL query".to_string(),
            ),
            (Method::Search, _) => (
                "GET",
                format!("{base}/search"),
                false,
                format!("search {module}"),
            ),
            (Method::Put, None) => ("PUT", base, false, format!("update records in {module}")),
            (Method::Put | Method::Patch, Some(_)) => (
                "PUT",
                format!("{base}/"),
                true,
                format!("update {} in {module}", rules::record_phrase(request)),
            ),
            (Method::Upsert, _) => (
                "POST",
                format!("{base}/upsert"),
                false,
                if request.records.is_some() {
                    format!("insert or update records in {module}")
                } else {
                    format!("insert or update a record in {module}")
                },
            ),
            _ if request.records.is_some() => {
                ("POST", base, false, format!("create records in {module}"))
            }
            _ => ("POST", base, false, format!("create a record in {module}")),
        };
        Endpoint {
            verb,
            base,
            takes_id,
            query: String::new(),
            payload: if request.method.is_write() {
                Payload::DataArray
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
            max_pages: 10,
            why: "CRM's search answers at most 2,000 records (10 pages of 200); narrow the criteria to find more",
        }
    }

    fn bulk_chunk(&self) -> u32 {
        100
    }

    /// 2,000 records (20 requests of 100, about 12 statements a record) stay far below the
    /// 200,000 lines of execution CRM allows a function run.
    fn bulk_max_records(&self) -> u32 {
        2000
    }

    fn statement_limit(&self) -> StatementLimit {
        StatementLimit {
            figure: 200_000,
            phrase: "Zoho CRM allows a function 200,000 lines of execution per run",
            source: "Zoho CRM developer docs, Functions → Limits (crm/developer/docs/functions/functions-limits), read 2026-12",
        }
    }

    fn options(&self) -> &'static [OptionRule] {
        &OPTIONS
    }

    fn date_format(&self) -> &'static str {
        "yyyy-MM-dd"
    }

    fn datetime_format(&self) -> Option<&'static str> {
        Some("yyyy-MM-dd'T'HH:mm:ssXXX")
    }

    fn login_host(&self) -> &'static str {
        "crm"
    }

    fn bulk_template(&self) -> &'static str {
        "crm-bulk.dg"
    }

    fn read_template(&self) -> &'static str {
        "crm-read.dg"
    }

    fn request_template(&self) -> &'static str {
        "crm-request.dg"
    }

    fn paste_location(&self, _spec: &Spec) -> String {
        "Zoho CRM: Setup → Developer Space → Functions → New Function (category Standalone); run it with Save & Execute".to_string()
    }

    fn connections_location(&self) -> &'static str {
        "Setup → Developer Space → Connections"
    }

    /// The classic `zoho.crm.*` tasks: the names the next developer expects, working in
    /// every product. (Zoho also documents `zoho.crm.v8.*`; delugen does not write them
    /// while their answers' shape is not shown on the pages it follows.) From CRM itself a
    /// task needs no connection; from Books it takes one. Creator's own page of the task
    /// says the connection argument is not employed in Creator (its Zoho CRM integration
    /// authorizes the call), so from Creator it has none either.
    fn task(&self, spec: &Spec, request: &Request) -> Result<Task, NoTask> {
        let connection = spec.runs_in() == Product::Books;
        let task = |name, page, batch| Task {
            name,
            page,
            template: "crm-task.dg",
            connection,
            batch,
        };
        let bulk = request.records.is_some();
        match request.method {
            Method::Get => Ok(task(
                "zoho.crm.getRecordById",
                "https://www.zoho.com/creator/help/script/crm-get-recordbyid.html",
                1,
            )),
            Method::Search if request.filters.is_some() => Err(NoTask::new(
                "zoho.crm.searchRecords takes criteria; an email, phone or word search is the API's",
                "write criteria: {field: Email, value: ...}, or use via: api",
            )),
            Method::Search => Ok(task(
                "zoho.crm.searchRecords",
                "https://www.zoho.com/deluge/help/crm/search-records.html",
                1,
            )),
            Method::Coql => Err(NoTask::new(
                "Deluge has no task for a COQL query",
                "use via: api (POST /crm/{version}/coql), or method: search with criteria",
            )),
            Method::Delete => Err(NoTask::new(
                "Deluge has no task that deletes Zoho CRM records (zoho.crm.invokeConnector(\"crm.delete\", ...) exists only in extensions)",
                "use via: api (DELETE /crm/{version}/{Module}/{id})",
            )),
            Method::Post if bulk => Ok(task(
                "zoho.crm.bulkCreate",
                "https://www.zoho.com/deluge/help/crm/bulk-create-records.html",
                100,
            )),
            Method::Put | Method::Patch if bulk => Ok(task(
                "zoho.crm.bulkUpdate",
                "https://www.zoho.com/deluge/help/crm/bulk-update-records.html",
                100,
            )),
            Method::Upsert if bulk => Err(NoTask::new(
                "zoho.crm.upsert writes one record per call; a bulk upsert is more records than the task takes",
                "use via: api (POST /crm/{version}/{Module}/upsert takes 100 records per request)",
            )),
            Method::Post => Ok(task(
                "zoho.crm.createRecord",
                "https://www.zoho.com/deluge/help/crm/create-record.html",
                1,
            )),
            Method::Put | Method::Patch => Ok(task(
                "zoho.crm.updateRecord",
                "https://www.zoho.com/creator/help/script/crm-update-records.html",
                1,
            )),
            Method::Upsert => Ok(task(
                "zoho.crm.upsert",
                "https://www.zoho.com/deluge/help/crm/upsert-record.html",
                1,
            )),
        }
    }

    fn workflow_rule(&self, rule: &RuleCall) -> Vec<String> {
        vec![
            "Zoho CRM: Setup → Automation → Workflow Rules → Create Rule".to_string(),
            format!("Module: {}; Rule Name: {}", rule.module, rule.rule),
            "When: On a record action → Create or Edit (tick \"Repeat this workflow whenever a record is edited\" only if it should run again)".to_string(),
            format!("Condition: {}", rule.condition()),
            format!(
                "Instant Actions → Function → New Function: paste {} as {}, then Edit Arguments and map each argument as below",
                rule.caller_file, rule.caller_name
            ),
            "Save".to_string(),
        ]
    }
}

/// CRM's search has no `contains`: refuse it where it is written.
fn no_contains(criteria: &Criteria, at: &FieldPath, problems: &mut Vec<Problem>) {
    match criteria.shape() {
        Ok(Shape::Condition { op: Op::Contains, .. }) => problems.push(
            Problem::new(at.key("op"), "Zoho CRM's search has no contains")
                .help("use starts_with, or equals (CRM also offers word: under filters for a search in every text field)"),
        ),
        Ok(Shape::All(list)) | Ok(Shape::Any(list)) => {
            let key = if criteria.all.is_some() { "all" } else { "any" };
            for (i, inner) in list.iter().enumerate() {
                no_contains(inner, &at.key(key).index(i), problems);
            }
        }
        _ => {}
    }
}
