//! Zoho Books: `{api}/books/v3/{resource}?organization_id=…`, the record as JSON text in
//! the form field `JSONString`.

use super::options::{OptionRule, Place};
use super::rules;
use super::{
    Answer, Conventions, Endpoint, NoTask, Paging, Payload, RuleCall, ScopeNeed, StatementLimit,
    Task,
};
use crate::spec::{BooksBody, FieldPath, Method, Problem, Request, Spec, Target};

/// The body form: the spec's choice; otherwise `JSONString` on v3 (the seed's form, widely
/// deployed) and on v4 the JSON body that Zoho's current pages document (whether v4 still
/// takes `JSONString` is not documented, so it is not relied upon).
pub fn body(spec: &Spec, api_version: &str) -> BooksBody {
    spec.body.unwrap_or(if api_version == "v3" {
        BooksBody::Jsonstring
    } else {
        BooksBody::Json
    })
}

/// The keys of the written record and of its id in Books' answer: `contacts` →
/// (`contact`, `contact_id`), `contactpersons` → (`contact_person`, `contact_person_id`).
pub fn answer_keys(resource: &str) -> (String, String) {
    let known = [
        ("contactpersons", "contact_person", "contact_person_id"),
        ("customerpayments", "payment", "payment_id"),
        ("vendorpayments", "vendorpayment", "payment_id"),
        (
            "recurringinvoices",
            "recurring_invoice",
            "recurring_invoice_id",
        ),
        (
            "recurringexpenses",
            "recurring_expense",
            "recurring_expense_id",
        ),
        ("recurringbills", "recurring_bill", "recurring_bill_id"),
        ("chartofaccounts", "chart_of_account", "account_id"),
        ("bankaccounts", "bankaccount", "account_id"),
        ("taxes", "tax", "tax_id"),
    ];
    if let Some((_, key, id)) = known.iter().find(|(plural, _, _)| *plural == resource) {
        return (key.to_string(), id.to_string());
    }
    let key = resource.strip_suffix('s').unwrap_or(resource).to_string();
    (key.clone(), format!("{key}_id"))
}

/// The methods this product answers to.
const METHODS: [Method; 5] = [
    Method::Get,
    Method::Search,
    Method::Post,
    Method::Put,
    Method::Delete,
];

const OPTIONS: [OptionRule; 2] = [
    OptionRule {
        name: "ignore_auto_number_generation",
        place: Place::Query,
        methods: &[Method::Post],
        values: &["true", "false"],
        about: "true keeps the number given in the record instead of the next auto-number (invoices, estimates, bills, ...)",
    },
    OptionRule {
        name: "send",
        place: Place::Query,
        methods: &[Method::Post],
        values: &["true", "false"],
        about: "true mails the new document to its contact persons (invoices, estimates, sales orders, ...)",
    },
];

pub struct Books;

fn resource(spec: &Spec) -> &str {
    match &spec.module {
        Target::Named(name) => name,
        Target::Creator(_) => "",
    }
}

/// Books resources (the address's first part) and the scope group Zoho grants each under:
/// Books' scopes are not one per resource (`items` is under `settings`). From the scope
/// each Books API page names; `fixedassets` follows Zoho's sibling ERP API (`fixedasset`).
const RESOURCES: [(&str, &str); 36] = [
    ("contacts", "contacts"),
    ("contactpersons", "contacts"),
    // Importing a customer or vendor from Zoho CRM: /crm/account/{id}/import, ...
    ("crm", "contacts"),
    ("estimates", "estimates"),
    ("salesorders", "salesorders"),
    ("salesreceipts", "invoices"),
    ("invoices", "invoices"),
    ("recurringinvoices", "invoices"),
    ("retainerinvoices", "invoices"),
    ("creditnotes", "creditnotes"),
    ("customerpayments", "customerpayments"),
    ("expenses", "expenses"),
    ("recurringexpenses", "expenses"),
    ("employees", "expenses"),
    ("purchaseorders", "purchaseorders"),
    ("bills", "bills"),
    ("recurringbills", "bills"),
    ("vendorcredits", "debitnotes"),
    ("vendorpayments", "vendorpayments"),
    ("bankaccounts", "banking"),
    ("banktransactions", "banking"),
    ("bankrules", "banking"),
    ("chartofaccounts", "accountants"),
    ("journals", "accountants"),
    ("basecurrencyadjustment", "accountants"),
    ("projects", "projects"),
    ("timeentries", "projects"),
    ("items", "settings"),
    ("pricebooks", "settings"),
    ("users", "settings"),
    ("organizations", "settings"),
    ("settings", "settings"),
    ("currencies", "settings"),
    ("taxes", "settings"),
    ("locations", "settings"),
    ("fixedassets", "fixedasset"),
];

/// The module a Books custom function is created under, for the resources that have one.
const BOOKS_MODULES: [(&str, &str); 14] = [
    ("contacts", "Customers or Vendors"),
    ("contactpersons", "Customers or Vendors"),
    ("estimates", "Quotes"),
    ("salesorders", "Sales Orders"),
    ("invoices", "Invoices"),
    ("recurringinvoices", "Invoices"),
    ("creditnotes", "Credit Notes"),
    ("customerpayments", "Customer Payments"),
    ("purchaseorders", "Purchase Orders"),
    ("bills", "Bills"),
    ("vendorpayments", "Vendor Payments"),
    ("expenses", "Expenses"),
    ("items", "Items"),
    ("journals", "Journals"),
];

/// The resource of a Books module as a workflow rule names it (`invoices`, `salesorders`,
/// `customers` → `contacts`), lowercase and without spaces; itself when none matches.
pub fn resource_of_module(module: &str) -> &str {
    BOOKS_MODULES
        .iter()
        .find(|(resource, label)| {
            *resource == module
                || label
                    .to_ascii_lowercase()
                    .split(" or ")
                    .any(|part| part.replace(' ', "") == module)
        })
        .map_or(module, |(resource, _)| resource)
}

/// The Books module a function on this spec's resource is created under.
pub fn function_module(spec: &Spec) -> &'static str {
    BOOKS_MODULES
        .iter()
        .find(|(resource, _)| *resource == first_part(spec))
        .map_or("the module the records belong to", |(_, module)| module)
}

/// The query parameters of a resource's "List ..." endpoint in Zoho's Books API v3, for
/// the resources whose page was found in a copy of Zoho's documentation (contacts,
/// invoices, items: see README's troubleshooting), besides `organization_id`, `page` and
/// `per_page`, which delugen sets. Text fields also take `_startswith` and `_contains`,
/// amounts `_less_than`, `_less_equals`, `_greater_than`, `_greater_equals`, dates
/// `_start`, `_end`, `_before`, `_after`. A resource missing here takes any parameter
/// name: its page was not found, and a guessed list would refuse what Zoho accepts.
struct ListParameters {
    resource: &'static str,
    text: &'static [&'static str],
    amounts: &'static [&'static str],
    dates: &'static [&'static str],
    plain: &'static [&'static str],
}

/// Taken by every resource in the table, though the pages read do not list them:
/// `sort_order` goes with `sort_column`, and refusing it would refuse what Zoho's list
/// endpoints take; custom fields are sent as `cf_<api name>` (see `is_custom_field`).
const EVERY_LIST: [&str; 1] = ["sort_order"];

const LIST_PARAMETERS: [ListParameters; 3] = [
    ListParameters {
        resource: "contacts",
        text: &[
            "contact_name",
            "company_name",
            "first_name",
            "last_name",
            "address",
            "email",
            "phone",
        ],
        amounts: &[],
        dates: &[],
        plain: &[
            "filter_by",
            "search_text",
            "sort_column",
            "zcrm_contact_id",
            "zcrm_account_id",
        ],
    },
    ListParameters {
        resource: "invoices",
        // The page gives variants for the numbers, items and custom fields only; the
        // others' variants are kept (accepting more is never the bug).
        text: &[
            "invoice_number",
            "item_name",
            "item_description",
            "reference_number",
            "customer_name",
            "email",
            "custom_field",
        ],
        amounts: &["total", "balance"],
        dates: &["date", "due_date"],
        plain: &[
            "item_id",
            "recurring_invoice_id",
            "status",
            "customer_id",
            "filter_by",
            "search_text",
            "sort_column",
            "last_modified_time",
            "zcrm_potential_id",
            "response_option",
        ],
    },
    ListParameters {
        resource: "items",
        text: &["name", "description"],
        amounts: &["rate"],
        dates: &[],
        plain: &[
            "tax_id",
            "tax_name",
            "is_taxable",
            "tax_exemption_id",
            "account_id",
            "filter_by",
            "search_text",
            "sort_column",
            "sat_item_key_code",
            "unitkey_code",
        ],
    },
];

/// `cf_<api name>`: a custom field as a list filter, which Books takes on any module.
fn is_custom_field(name: &str) -> bool {
    name.strip_prefix("cf_")
        .is_some_and(|rest| !rest.is_empty())
}

/// The list parameters of `resource` (its whole address, `contacts`), when delugen's
/// table has its page.
pub fn list_parameters(resource: &str) -> Option<Vec<String>> {
    let entry = LIST_PARAMETERS.iter().find(|p| p.resource == resource)?;
    let mut names = Vec::new();
    let variants: [(&[&str], &[&str]); 3] = [
        (entry.text, &["", "_startswith", "_contains"]),
        (
            entry.amounts,
            &[
                "",
                "_less_than",
                "_less_equals",
                "_greater_than",
                "_greater_equals",
            ],
        ),
        (entry.dates, &["", "_start", "_end", "_before", "_after"]),
    ];
    for (fields, suffixes) in variants {
        for field in fields {
            for suffix in suffixes {
                names.push(format!("{field}{suffix}"));
            }
        }
    }
    names.extend(entry.plain.iter().map(|name| name.to_string()));
    names.extend(EVERY_LIST.iter().map(|name| name.to_string()));
    Some(names)
}

/// Filters a Books search sends that its resource's list page does not name.
fn unknown_filters(spec: &Spec, problems: &mut Vec<Problem>) {
    let Some(known) = list_parameters(resource(spec)) else {
        return;
    };
    for (i, request) in spec.requests.iter().enumerate() {
        for (name, _) in request.filters.iter().flat_map(|f| &f.0) {
            let name = name.as_str();
            // delugen sets these itself; the shared rules say so.
            if ["organization_id", "page", "per_page", "criteria"].contains(&name)
                || known.iter().any(|k| k == name)
                || is_custom_field(name)
            {
                continue;
            }
            let near = crate::spec::closest(name, known.iter().map(String::as_str));
            let mut shown: Vec<&str> = LIST_PARAMETERS
                .iter()
                .find(|p| p.resource == resource(spec))
                .map(|p| {
                    p.text
                        .iter()
                        .chain(p.amounts)
                        .chain(p.dates)
                        .chain(p.plain)
                        .chain(&EVERY_LIST)
                        .copied()
                        .collect()
                })
                .unwrap_or_default();
            shown.dedup();
            let help = match near {
                _ if name == "status" && known.iter().any(|k| k == "filter_by") => format!(
                    "did you mean filter_by: Status.Active? Books filters {} by status with filter_by (Status.All, Status.Active, Status.Inactive, ...)",
                    resource(spec)
                ),
                Some(near) => format!(
                    "did you mean \"{near}\"? {} takes {} (text fields also with _startswith and _contains; custom fields as cf_<api name>; status as filter_by=Status.Active and the like)",
                    resource(spec),
                    shown.join(", ")
                ),
                None => format!(
                    "{} takes {} (text fields also with _startswith and _contains; custom fields as cf_<api name>; status as filter_by=Status.Active and the like)",
                    resource(spec),
                    shown.join(", ")
                ),
            };
            problems.push(
                Problem::new(
                    rules::requests_path(i).key("filters").key(name),
                    format!(
                        "Zoho Books lists {} without a filter \"{name}\"",
                        resource(spec)
                    ),
                )
                .help(help),
            );
        }
    }
}

/// The first part of the resource (`contacts` in `contacts/contactpersons`).
fn first_part(spec: &Spec) -> &str {
    resource(spec).split('/').next().unwrap_or_default()
}

/// Custom modules (`cm_<name>`): Zoho documents no narrower scope than full access.
fn is_custom_module(first: &str) -> bool {
    first.starts_with("cm_")
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
        &["v3", "v4"]
    }

    fn scope_service(&self) -> &'static str {
        "ZohoBooks"
    }

    fn broad_scope(&self) -> Option<&'static str> {
        Some("ZohoBooks.fullaccess.all")
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
        } else {
            let first = first_part(spec);
            if !is_custom_module(first) && !RESOURCES.iter().any(|(name, _)| *name == first) {
                let known = RESOURCES.iter().map(|(name, _)| *name);
                let help = match crate::spec::closest(first, known) {
                    Some(guess) => format!("did you mean {guess}? (Books names resources in the plural)"),
                    None => "use the resource as it appears in the API address (/books/v3/<resource>): contacts, invoices, items, ...; custom modules are cm_<name>".to_string(),
                };
                problems.push(
                    Problem::new(
                        FieldPath::root().key("module"),
                        format!("\"{first}\" is not a Zoho Books resource delugen knows"),
                    )
                    .help(help),
                );
            }
        }
        // A resource Zoho grants under another group has no scope of its own:
        // ZohoBooks.items.CREATE does not exist (items are under settings).
        for (i, scope) in spec.scopes.iter().enumerate() {
            if !scope
                .service_name()
                .eq_ignore_ascii_case(self.scope_service())
            {
                continue;
            }
            let name = scope.scope_name().to_ascii_lowercase();
            if let Some((resource, group)) = RESOURCES
                .iter()
                .find(|(resource, group)| *resource == name && resource != group)
            {
                problems.push(
                    Problem::new(
                        FieldPath::root().key("scopes").index(i),
                        format!(
                            "\"{scope}\" is not a Zoho Books scope: Zoho grants {resource} under ZohoBooks.{group}"
                        ),
                    )
                    .help(format!(
                        "write ZohoBooks.{group}.{}",
                        scope.operation_name()
                    )),
                );
            }
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
            "Books reads with GET (by id) or search, creates with POST, updates with PUT and deletes with DELETE",
        ));
        problems.extend(rules::record_ids(spec, Method::Put, &METHODS, false));
        problems.extend(rules::searches_and_bulk(
            spec,
            self.title(),
            None,
            false,
            self.paging(),
            &[Method::Post],
            false,
        ));
        problems.extend(super::options::check(spec, self.title(), &OPTIONS));
        problems.extend(rules::no_trigger(spec, self.title()));
        problems.extend(rules::date_format(spec, self.title()));
        unknown_filters(spec, &mut problems);
        problems
    }

    fn scope_needs(&self, spec: &Spec, request: &Request) -> Vec<ScopeNeed> {
        let first = first_part(spec);
        let operation = match request.method {
            Method::Post => "CREATE",
            Method::Get | Method::Search => "READ",
            Method::Delete => "DELETE",
            _ => "UPDATE",
        };
        let group = RESOURCES
            .iter()
            .find(|(name, _)| *name == first)
            .map(|(_, group)| *group);
        vec![match group {
            Some(group) => ScopeNeed::new("ZohoBooks", &[group], operation),
            // A custom module, or a resource `check` refuses: only full access is known to
            // grant it, so no scope is invented.
            None => ScopeNeed::new("ZohoBooks", &["fullaccess"], "all"),
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
        let (verb, base, takes_id, action) = match (request.method, &request.record_id) {
            (Method::Get, _) => (
                "GET",
                format!("{resource}/"),
                true,
                format!("read {resource} {}", rules::record_phrase(request)),
            ),
            (Method::Delete, _) => (
                "DELETE",
                format!("{resource}/"),
                true,
                format!("delete {resource} {}", rules::record_phrase(request)),
            ),
            (Method::Search, _) => (
                "GET",
                resource.to_string(),
                false,
                format!("search {resource}"),
            ),
            (_, Some(_)) => (
                "PUT",
                format!("{resource}/"),
                true,
                format!("update {resource} {}", rules::record_phrase(request)),
            ),
            (_, None) => (
                "POST",
                resource.to_string(),
                false,
                if request.records.is_some() {
                    format!("create records in {resource}, one request each")
                } else {
                    format!("create a record in {resource}")
                },
            ),
        };
        Endpoint {
            verb,
            base: format!("{api}/books/{api_version}/{base}"),
            takes_id,
            query: format!("?organization_id={org}"),
            payload: match body(spec, api_version) {
                _ if !request.method.is_write() => Payload::Nothing,
                BooksBody::Jsonstring => Payload::JsonStringForm,
                BooksBody::Json => Payload::JsonBody,
            },
            action,
        }
    }

    fn paging(&self) -> Paging {
        Paging {
            per_page: 200,
            default_pages: 10,
            max_pages: 50,
            why: "each page is a request: Books allows about 100 requests a minute per organisation, and Deluge stops a function at 5,000 statements",
        }
    }

    /// Books creates one record per request.
    fn bulk_chunk(&self) -> u32 {
        1
    }

    /// One request per record, of about 100 a minute per organisation.
    fn bulk_max_records(&self) -> u32 {
        50
    }

    /// Zoho Books documents no figure of its own; Deluge's limitations page gives 5,000
    /// statements per function (and says its limits are being revised).
    fn statement_limit(&self) -> StatementLimit {
        StatementLimit {
            figure: 5_000,
            phrase: "Deluge stops a function at 5,000 statements (Zoho Books gives no figure of its own)",
            source: "Deluge help, Deluge limitations (deluge/help/limitations), read 2026-12; Zoho Books' pages give no figure",
        }
    }

    fn options(&self) -> &'static [OptionRule] {
        &OPTIONS
    }

    fn date_format(&self) -> &'static str {
        "yyyy-MM-dd"
    }

    /// Books fields hold dates, not date-times.
    fn datetime_format(&self) -> Option<&'static str> {
        None
    }

    fn answer(&self, spec: &Spec) -> Answer {
        let last = resource(spec).rsplit('/').next().unwrap_or_default();
        let (record_key, id_key) = answer_keys(last);
        Answer {
            record_key,
            id_key,
            list_key: last.to_string(),
        }
    }

    fn login_host(&self) -> &'static str {
        "books"
    }

    fn bulk_template(&self) -> &'static str {
        "books-bulk.dg"
    }

    fn read_template(&self) -> &'static str {
        "books-read.dg"
    }

    fn request_template(&self) -> &'static str {
        "books-request.dg"
    }

    fn paste_location(&self, spec: &Spec) -> String {
        let module = function_module(spec);
        format!(
            "Zoho Books: Settings → Automation → Workflow Actions → Functions → New Function, \
             module {module} (the script reads nothing from the record); run it with Save and Execute"
        )
    }

    fn connections_location(&self) -> &'static str {
        "Settings → Developer Data → Connections"
    }

    /// The `zoho.books.*` tasks. Zoho's task pages make a Zoho OAuth connection mandatory
    /// for new integration tasks, from Books itself too, so every one takes it.
    fn task(&self, spec: &Spec, request: &Request) -> Result<Task, NoTask> {
        if resource(spec).contains('/') {
            return Err(NoTask::new(
                format!(
                    "the zoho.books tasks take a module name; \"{}\" is an address below a record",
                    resource(spec)
                ),
                "use via: api",
            ));
        }
        let task = |name, page| Task {
            name,
            page,
            template: "books-task.dg",
            connection: true,
            batch: 1,
        };
        match request.method {
            Method::Get => Ok(task(
                "zoho.books.getRecordsByID",
                "https://www.zoho.com/deluge/help/books/fetch-record-by-id.html",
            )),
            Method::Search => Ok(task(
                "zoho.books.getRecords",
                "https://www.zoho.com/creator/help/script/get-records-zoho-books.html",
            )),
            Method::Delete => Err(NoTask::new(
                "Deluge documents no task that deletes Zoho Books records",
                "use via: api (DELETE /books/v3/{resource}/{id})",
            )),
            Method::Put => Ok(task(
                "zoho.books.updateRecord",
                "https://www.zoho.com/deluge/help/books/update-record.html",
            )),
            // Books creates one record per call, through the task as through the API.
            _ => Ok(task(
                "zoho.books.createRecord",
                "https://www.zoho.com/creator/newhelp/script/zohobookstask.html",
            )),
        }
    }

    /// Zoho's "How do I create a custom function?" page: the rule's action is
    /// Immediate Actions → Custom Functions.
    fn workflow_rule(&self, rule: &RuleCall) -> Vec<String> {
        vec![
            "Zoho Books: Settings → Automation → Workflow Rules → New Workflow Rule".to_string(),
            format!("Module: {}; Workflow Rule Name: {}", rule.module, rule.rule),
            "When: the record is Created or Edited".to_string(),
            format!("Criteria: {}", rule.condition()),
            format!(
                "+ Add New Action → Immediate Actions → Custom Functions → select {} (the function made from {})",
                rule.caller_name, rule.caller_file
            ),
            "Save".to_string(),
        ]
    }
}
