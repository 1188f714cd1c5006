//! Zoho CRM: `{api}/crm/{version}/{Module}`, the record inside a JSON array under `data`,
//! sent as JSON text.

use super::rules::{self, is_word};
use super::{Conventions, Endpoint, Payload, ScopeNeed};
use crate::spec::{Method, Problem, Request, Spec, Target};

/// The methods this product answers to.
const METHODS: [Method; 3] = [Method::Post, Method::Put, Method::Upsert];

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
        problems.extend(rules::methods(
            spec,
            self.title(),
            &METHODS,
            "CRM creates with POST, updates with PUT and inserts-or-updates with upsert",
        ));
        problems.extend(rules::record_ids(spec, Method::Put, &METHODS));
        problems
    }

    fn scope_needs(&self, spec: &Spec, request: &Request) -> Vec<ScopeNeed> {
        let api_name = module(spec);
        let (scope_name, standard) = scope_module(api_name);
        // Zoho's upsert page grants upsert with CREATE (or WRITE, ALL): no UPDATE needed.
        let operation = match request.method {
            Method::Post | Method::Upsert => "CREATE",
            Method::Put | Method::Patch => "UPDATE",
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
        vec![need]
    }

    fn endpoint(&self, spec: &Spec, api_version: &str, request: &Request) -> Endpoint {
        let api = spec.region.data_centre().api;
        let module = module(spec);
        let base = format!("{api}/crm/{api_version}/{module}");
        let (verb, base, takes_id, action) = match (request.method, &request.record_id) {
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
                format!("insert or update a record in {module}"),
            ),
            _ => ("POST", base, false, format!("create a record in {module}")),
        };
        Endpoint {
            verb,
            base,
            takes_id,
            query: String::new(),
            payload: Payload::DataArray,
            action,
        }
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

    fn request_template(&self) -> &'static str {
        "crm-request.dg"
    }

    fn paste_location(&self, _spec: &Spec) -> String {
        "Zoho CRM: Setup → Developer Hub → Functions → New Function (category Standalone); run it with Save & Execute".to_string()
    }

    fn connections_location(&self) -> &'static str {
        "Setup → Developer Hub → Connections"
    }
}
