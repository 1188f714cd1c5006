//! What Zoho is: data centres, scopes and each product's request conventions.
//! Knows nothing of YAML or templates; adding a product is one file here.

pub mod books;
pub mod creator;
pub mod crm;
pub mod errors;
pub mod limits;
pub mod options;
pub mod region;
mod rules;
pub mod scope;

use serde::{Deserialize, Serialize};

use crate::spec::{Problem, Request, Spec};
pub use region::{DataCentre, Region};
pub use scope::{Scope, ScopeNeed};

/// The Zoho products delugen writes requests for.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Product {
    Crm,
    Books,
    Creator,
}

impl Product {
    pub fn conventions(self) -> &'static dyn Conventions {
        match self {
            Product::Crm => &crm::Crm,
            Product::Books => &books::Books,
            Product::Creator => &creator::Creator,
        }
    }

    /// The product whose scopes start with `service` (`ZohoBooks`), if any.
    pub fn of_scope_service(service: &str) -> Option<Product> {
        [Product::Crm, Product::Books, Product::Creator]
            .into_iter()
            .find(|p| {
                p.conventions()
                    .scope_service()
                    .eq_ignore_ascii_case(service)
            })
    }

    pub fn key(self) -> &'static str {
        match self {
            Product::Crm => "crm",
            Product::Books => "books",
            Product::Creator => "creator",
        }
    }
}

/// How the record travels in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Payload {
    /// CRM: `{"data": [record]}` sent as JSON text (`.toString()`).
    DataArray,
    /// Creator: `{"data": record}` sent as JSON text.
    DataObject,
    /// Books: the form field `JSONString` holding the record's JSON text.
    JsonStringForm,
    /// Books, documented current form: the record's JSON text as the body.
    JsonBody,
    /// Reads and deletes by id send no body.
    Nothing,
}

/// How a product pages through a search: its page size, and how many pages a run may
/// read (each page is one request and about a dozen Deluge statements, of the product's
/// `statement_limit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Paging {
    pub per_page: u32,
    pub default_pages: u32,
    pub max_pages: u32,
    /// Why `max_pages` is the limit, for the error that refuses more.
    pub why: &'static str,
}

/// A request as the product wants it: verb, address, payload shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Endpoint {
    /// Deluge's `type:` (GET, POST, PUT, PATCH, DELETE).
    pub verb: &'static str,
    /// The address up to the record's id, or the whole path when there is no id.
    pub base: String,
    /// True when the record's id follows `base` (an update).
    pub takes_id: bool,
    /// What follows: the query (`?organization_id=...`), or nothing.
    pub query: String,
    pub payload: Payload,
    /// A short phrase for comments and the handover ("create a record in Leads").
    pub action: String,
}

/// One product's rules. Implementations live in `crm.rs`, `books.rs`, `creator.rs`.
pub trait Conventions: Sync {
    /// Product name as Zoho writes it ("Zoho CRM").
    fn title(&self) -> &'static str;

    /// Used when the spec gives no `api_version`.
    fn default_api_version(&self) -> &'static str;

    /// API versions this product answers on.
    fn api_versions(&self) -> &'static [&'static str];

    /// The one scope that grants writing everything the product has (suggested in errors),
    /// if Zoho documents one.
    fn broad_scope(&self) -> Option<&'static str>;

    /// The service name scopes of this product start with (`ZohoCRM`).
    fn scope_service(&self) -> &'static str;

    /// Product-specific checks of the whole spec (target shape, methods, ids).
    fn check(&self, spec: &Spec) -> Vec<Problem>;

    /// What the token must grant for this request.
    fn scope_needs(&self, spec: &Spec, request: &Request) -> Vec<ScopeNeed>;

    /// Where the request goes and how. Only called on specs that passed `check`.
    fn endpoint(&self, spec: &Spec, api_version: &str, request: &Request) -> Endpoint;

    /// Where in Zoho a person pastes a script of this spec, and how it is run there.
    fn paste_location(&self, spec: &Spec) -> String;

    /// Where the product's Zoho OAuth connections are created.
    fn connections_location(&self) -> &'static str;

    /// The product's sign-in host name before the data centre's domain (`crm` in crm.zoho.eu).
    fn login_host(&self) -> &'static str;

    /// The template (under `templates/`) that lays out one request script.
    fn request_template(&self) -> &'static str;

    /// The template of reads, searches and deletes.
    fn read_template(&self) -> &'static str;

    /// The template of bulk writes (records from a List argument).
    fn bulk_template(&self) -> &'static str;

    /// How a date argument is written for this product (a Deluge `toString` pattern).
    fn date_format(&self) -> &'static str;

    /// How a date-time argument is written, when the product takes date-times at all.
    fn datetime_format(&self) -> Option<&'static str>;

    /// How a search pages through its results.
    fn paging(&self) -> Paging;

    /// Records per request in a bulk write (1: one call per record).
    fn bulk_chunk(&self) -> u32;

    /// Records one run may write: each costs about ten Deluge statements of the
    /// product's `statement_limit` (Books: also one request each, of about 100 a minute).
    fn bulk_max_records(&self) -> u32 {
        400
    }

    /// The most Deluge statements one run of a function may execute, as the product's own
    /// page gives it (dated; README's troubleshooting names each source).
    fn statement_limit(&self) -> StatementLimit;

    /// The options a request may set, with where each goes.
    fn options(&self) -> &'static [options::OptionRule];

    /// Where the answer holds the written record, for products whose answer names it
    /// after the resource (Books); CRM and Creator answer in one fixed shape.
    fn answer(&self, _spec: &Spec) -> Answer {
        Answer::default()
    }

    /// The Deluge task (or, in a Creator app on itself, the native statement) that does
    /// this request from the product the scripts run in, or why there is none.
    /// Only called on specs that passed `check`.
    fn task(&self, spec: &Spec, request: &Request) -> Result<Task, NoTask>;

    /// The client's steps, in this product's menu words, for the workflow rule that calls
    /// a function (the handover's "workflow rule" list).
    fn workflow_rule(&self, rule: &RuleCall) -> Vec<String>;
}

/// A workflow rule that calls a function: what the client sets in the rule.
#[derive(Debug, Clone)]
pub struct RuleCall<'a> {
    /// The module (Books: the module's menu name, Creator: the form) the rule watches.
    pub module: &'a str,
    pub rule: &'a str,
    /// The rule's condition in the client's words; none runs it for every record.
    pub condition: Option<&'a str>,
    /// The file pasted for the rule's action and the name it is saved as (CRM: the
    /// automation function that calls the standalone one).
    pub caller_file: &'a str,
    pub caller_name: &'a str,
    /// The Deluge statement that calls the function with the record's values (Creator's
    /// action is a script).
    pub call: &'a str,
}

impl RuleCall<'_> {
    fn condition(&self) -> &str {
        self.condition.unwrap_or("All records (no condition)")
    }
}

/// One of Deluge's own integration tasks, as Zoho's task page documents it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Task {
    /// What the script calls: `zoho.crm.createRecord`, or `insert into` for Creator's own
    /// statements.
    pub name: &'static str,
    /// Zoho's page that documents it.
    pub page: &'static str,
    /// The template (under `templates/`) that lays it out.
    pub template: &'static str,
    /// True when it takes the connection argument: it calls another product, or Zoho's
    /// page makes the connection mandatory.
    pub connection: bool,
    /// Records one call takes (a bulk write is sent in batches of this size); 1 otherwise.
    pub batch: u32,
}

/// Why a request has no task, and what exists instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoTask {
    pub message: String,
    pub help: String,
}

impl NoTask {
    pub fn new(message: impl Into<String>, help: impl Into<String>) -> Self {
        NoTask {
            message: message.into(),
            help: help.into(),
        }
    }
}

/// A product's documented limit on what one function run may execute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StatementLimit {
    /// The figure the caps are sized for (the smallest where it depends on the plan).
    pub figure: u32,
    /// As the product's page words it, for comments ("200,000 lines of execution").
    pub phrase: &'static str,
    /// The page it comes from, and when it was read.
    pub source: &'static str,
}

/// How to read a product's answer to a write.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Answer {
    /// Books only: the key of the written record in the answer (`contact_person`).
    pub record_key: String,
    /// Books only: the key of its id (`contact_person_id`).
    pub id_key: String,
    /// Books only: the key of the list a search answers (`contacts`).
    pub list_key: String,
}
