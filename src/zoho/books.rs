//! Zoho Books: `{api}/books/v3/{resource}?organization_id=…`, the record as JSON text in
//! the form field `JSONString`.

use super::rules;
use super::{Conventions, Endpoint, Payload, ScopeNeed};
use crate::spec::{FieldPath, Method, Problem, Request, Spec, Target};

/// The methods this product answers to.
const METHODS: [Method; 2] = [Method::Post, Method::Put];

pub struct Books;

fn resource(spec: &Spec) -> &str {
    match &spec.module {
        Target::Named(name) => name,
        Target::Creator(_) => "",
    }
}

/// `contacts`, `contacts/contactpersons`: lowercase words joined by `/`.
fn is_resource(name: &str) -> bool {
    name.split('/').all(|part| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    })
}

impl Conventions for Books {
    fn title(&self) -> &'static str {
        "Zoho Books"
    }

    fn default_api_version(&self) -> &'static str {
        "v3"
    }

    fn api_versions(&self) -> &'static [&'static str] {
        &["v3"]
    }

    fn broad_scope(&self) -> &'static str {
        "ZohoBooks.fullaccess.all"
    }

    fn check(&self, spec: &Spec) -> Vec<Problem> {
        let mut problems = Vec::new();
        if let Err(problem) = rules::named_module(
            spec,
            "Books resource (lowercase words joined by /)",
            is_resource,
            "contacts",
        ) {
            problems.push(problem);
        }
        if spec.organization_id.is_none() {
            problems.push(
                Problem::new(
                    FieldPath::root().key("organization_id"),
                    "Zoho Books needs organization_id on every call",
                )
                .help("find it in Zoho Books under Settings → Organization Profile, then add organization_id: \"<digits>\""),
            );
        }
        problems.extend(rules::methods(
            spec,
            self.title(),
            &METHODS,
            "Books creates with POST and updates with PUT",
        ));
        problems.extend(rules::record_ids(spec, Method::Put, &METHODS));
        problems.extend(rules::no_trigger(spec, self.title()));
        problems
    }

    fn scope_needs(&self, spec: &Spec, request: &Request) -> Vec<ScopeNeed> {
        let first = resource(spec).split('/').next().unwrap_or_default();
        vec![ScopeNeed {
            service: "ZohoBooks",
            path: vec![first.to_string()],
            operation: if request.method == Method::Post {
                "CREATE"
            } else {
                "UPDATE"
            },
        }]
    }

    fn endpoint(&self, spec: &Spec, api_version: &str, request: &Request) -> Endpoint {
        let api = spec.region.data_centre().api;
        let resource = resource(spec);
        let org = spec
            .organization_id
            .as_ref()
            .map(|id| id.as_str())
            .unwrap_or_default();
        let (verb, path, action) = match &request.record_id {
            Some(id) => (
                "PUT",
                format!("{resource}/{}", id.as_str()),
                format!("update {resource} record {}", id.as_str()),
            ),
            None => (
                "POST",
                resource.to_string(),
                format!("create a record in {resource}"),
            ),
        };
        Endpoint {
            verb,
            url: format!("{api}/books/{api_version}/{path}?organization_id={org}"),
            payload: Payload::JsonStringForm,
            action,
        }
    }

    fn login_host(&self) -> &'static str {
        "books"
    }

    fn request_template(&self) -> &'static str {
        "books-request.dg"
    }

    fn paste_location(&self) -> &'static str {
        "Zoho Books: Settings → Automation → Custom Functions → New Custom Function, then Save and Execute"
    }
}
