//! Rules that span several fields, checked after the spec has been read. Each problem
//! carries the path of the field to blame; the loader turns paths into line:column.

use std::collections::HashSet;

use super::diagnostic::{FieldPath, Problem, Segment};
use super::inputs::InputUse;
use super::model::{
    AuthMode, ConnectionService, Method, Request, Secret, Spec, Text, TokenStoreKind, Via,
};
use super::search::{Criteria, Shape};
use super::suggest::closest;
use crate::zoho::{Product, scope};

/// Every rule the spec breaks, in the order of the file.
pub fn check(spec: &Spec) -> Vec<Problem> {
    let root = FieldPath::root();
    let mut problems = Vec::new();
    check_auth(spec, &mut problems);

    let conventions = spec.product.conventions();
    if spec.scopes.is_empty() {
        let example = spec
            .requests
            .first()
            .and_then(|request| {
                conventions
                    .scope_needs(spec, request)
                    .first()
                    .map(|need| need.narrowest())
            })
            .or_else(|| conventions.broad_scope().map(str::to_string))
            .unwrap_or_default();
        problems.push(
            Problem::new(root.key("scopes"), "at least one scope is needed")
                .help(format!("for example {example}")),
        );
    }

    if let Some(version) = &spec.api_version
        && !conventions.api_versions().contains(&version.as_str())
    {
        {
            problems.push(
                Problem::new(
                    root.key("api_version"),
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
    }

    if !spec.requests.is_empty() && spec.module.is_unset() {
        problems.push(
            Problem::new(
                root.key("module"),
                "missing key \"module\" at the top level",
            )
            .help("add \"module:\"; `delugen man spec` describes it"),
        );
    }
    if spec.requests.is_empty() && spec.functions.is_empty() {
        problems.push(
            Problem::new(root.key("requests"), "at least one request is needed")
                .help("add a request with name, method and fields"),
        );
    }
    if let Some(on_error) = &spec.on_error {
        let address = on_error.email.as_str();
        let looks_like_mail = |part: &str| {
            let part = part.trim();
            part.contains('@')
                && !part.starts_with('@')
                && !part.ends_with('@')
                && !part.contains(char::is_whitespace)
        };
        if address.trim().is_empty() || !address.split(',').all(looks_like_mail) {
            problems.push(
                Problem::new(
                    root.key("on_error").key("email"),
                    format!("\"{address}\" is not an email address"),
                )
                .help("write the address that receives failures, e.g. ops@client.example (several separated by commas)"),
            );
        }
    }
    let mut names = HashSet::new();
    for (i, request) in spec.requests.iter().enumerate() {
        let at = root.key("requests").index(i);
        if !names.insert(request.name.as_str()) {
            problems.push(
                Problem::new(
                    at.key("name"),
                    format!("request name \"{}\" is used twice", request.name),
                )
                .help("each request becomes its own file, so names must differ"),
            );
        }
        let has_fields = !request.fields.0.is_empty() || !request.from_inputs.0.is_empty();
        if request.method.is_write() && request.records.is_none() && !has_fields {
            problems.push(
                Problem::new(at.key("fields"), "a request needs at least one field")
                    .help("add the fields to write, e.g. Last_Name: Smith, or take them from arguments under from_inputs, or a List of records under records"),
            );
        }
        if has_fields && (!request.method.is_write() || request.records.is_some()) {
            let key = if request.fields.0.is_empty() {
                "from_inputs"
            } else {
                "fields"
            };
            let (message, help) = if request.records.is_some() {
                (
                    "a bulk write takes its fields from each record of the list",
                    "remove fields and from_inputs, or remove records",
                )
            } else {
                (
                    "a read or delete sends no fields",
                    "remove them; a search compares values under criteria or filters",
                )
            };
            problems.push(Problem::new(at.key(key), message).help(help));
        }
        problems.extend(check_coql_query(
            request.query.as_ref(),
            request.method,
            &at,
        ));
        if let Some(criteria) = &request.criteria {
            check_criteria(criteria, &at.key("criteria"), &mut problems);
            if spec.product == Product::Crm {
                check_crm_backslashes(criteria, &at.key("criteria"), &mut problems);
            }
        }
        check_inputs(spec, request, &at, &mut problems);
        if request.duplicate_check_fields.is_some() && request.method != Method::Upsert {
            problems.push(
                Problem::new(
                    at.key("duplicate_check_fields"),
                    "duplicate_check_fields only applies to method: upsert",
                )
                .help("remove it, or set method: upsert"),
            );
        }
    }

    // A spec of functions alone has no top-level target: its steps are checked each
    // against its own (plan::function).
    let target_problems = if !spec.requests.is_empty() && !spec.module.is_unset() {
        conventions.check(spec)
    } else {
        Vec::new()
    };
    // A problem of one request leaves the others' coverage meaningful; one of the
    // spec's target (module, organisation) does not.
    let targets_sound = target_problems
        .iter()
        .all(|problem| matches!(problem.path.0.as_slice(), [Segment::Key(key), Segment::Index(_), ..] if key == "requests"));
    problems.extend(target_problems);

    // Coverage is only meaningful once the targets themselves are sound, and for a
    // request with no problem of its own.
    if targets_sound && !spec.scopes.is_empty() {
        let flawed: HashSet<usize> = problems
            .iter()
            .filter_map(|problem| match problem.path.0.as_slice() {
                [Segment::Key(key), Segment::Index(i), ..] if key == "requests" => Some(*i),
                _ => None,
            })
            .collect();
        let mut uncovered = false;
        for (i, request) in spec.requests.iter().enumerate() {
            if flawed.contains(&i) {
                continue;
            }
            let needs = conventions.scope_needs(spec, request);
            let missing = scope::uncovered(&spec.scopes, &needs);
            let Some(first) = missing.first() else {
                continue;
            };
            // Several operations on one path: its ALL scope; needs on several paths (a CRM
            // search also needs ZohoSearch): each one.
            let one_path = missing
                .iter()
                .all(|need| need.service == first.service && need.path == first.path);
            let suggestion = if missing.len() > 1 && one_path {
                first.all_operations()
            } else {
                missing
                    .iter()
                    .map(|need| need.narrowest())
                    .collect::<Vec<_>>()
                    .join("\" and \"")
            };
            let api_version = spec
                .api_version
                .as_deref()
                .unwrap_or(conventions.default_api_version());
            let action = conventions.endpoint(spec, api_version, request).action;
            let mut help =
                format!("without it Zoho answers OAUTH_SCOPE_MISMATCH for requests[{i}]");
            for alternative in first.alternatives() {
                help += &format!("; \"{alternative}\" covers it too");
            }
            // The broad scope only where it covers every need left (ZohoSearch is not
            // in ZohoCRM.modules.ALL).
            if let Some(broad) = conventions
                .broad_scope()
                .filter(|broad| !broad.eq_ignore_ascii_case(&suggestion))
                .filter(|broad| {
                    scope::Scope::try_from(broad.to_string())
                        .is_ok_and(|broad| missing.iter().all(|need| broad.covers(need)))
                })
            {
                help += &format!("; the broad scope is \"{broad}\"");
            }
            // A declared scope a letter or two from the one needed is a typo.
            let wanted: Vec<String> = missing
                .iter()
                .flat_map(|need| {
                    let mut forms = vec![need.narrowest(), need.all_operations()];
                    forms.extend(need.alternatives());
                    forms
                })
                .collect();
            // Two edits at most, and only a declared scope that covers nothing the spec
            // asks for: a real scope beside the needed one is no typo.
            let all_needs: Vec<scope::ScopeNeed> = spec
                .requests
                .iter()
                .flat_map(|request| conventions.scope_needs(spec, request))
                .collect();
            let typo = spec.scopes.iter().find_map(|declared| {
                if all_needs.iter().any(|need| declared.covers(need)) {
                    return None;
                }
                let text = declared.as_str();
                wanted
                    .iter()
                    .filter(|want| {
                        strsim::levenshtein(&text.to_ascii_lowercase(), &want.to_ascii_lowercase())
                            <= 2
                    })
                    .min_by_key(|want| strsim::levenshtein(text, want))
                    .map(|near| (text.to_string(), near.clone()))
            });
            if let Some((declared, near)) = typo {
                problems.push(
                    Problem::new(
                        root.key("scopes"),
                        format!(
                            "the scopes do not cover request \"{}\": \"{declared}\" is not a scope Zoho grants; did you mean \"{near}\"?",
                            request.name
                        ),
                    )
                    .help(help),
                );
                continue;
            }
            uncovered = true;
            problems.push(
                Problem::new(
                    root.key("scopes"),
                    format!(
                        "the scopes do not cover request \"{}\" ({}: {action}); add \"{suggestion}\"",
                        request.name,
                        request.method.as_str(),
                    ),
                )
                .help(help),
            );
        }
        problems.extend(other_products_scopes(spec, uncovered));
    }
    problems
}

/// Scopes of another product: Zoho grants them, so they are only called out when the
/// spec's own requests are not covered (they are then the likely mistake).
fn other_products_scopes(spec: &Spec, uncovered: bool) -> Vec<Problem> {
    if !uncovered {
        return Vec::new();
    }
    let own = spec.product.conventions();
    // Services the spec's own requests ask for (a CRM search asks ZohoSearch too) are
    // never another product's.
    let needed: Vec<&str> = spec
        .requests
        .iter()
        .flat_map(|request| own.scope_needs(spec, request))
        .map(|need| need.service)
        .collect();
    spec.scopes
        .iter()
        .enumerate()
        .filter(|(_, scope)| {
            !scope
                .service_name()
                .eq_ignore_ascii_case(own.scope_service())
                && !needed
                    .iter()
                    .any(|service| scope.service_name().eq_ignore_ascii_case(service))
        })
        .map(|(i, scope)| {
            let whose = match Product::of_scope_service(scope.service_name()) {
                Some(other) => format!("a {} scope", other.conventions().title()),
                None => match crate::spec::closest(
                    scope.service_name(),
                    ["ZohoCRM", "ZohoBooks", "ZohoCreator"],
                ) {
                    Some(guess) => format!("of no service delugen knows (did you mean {guess}?)"),
                    None => {
                        "of no service delugen knows (ZohoCRM, ZohoBooks, ZohoCreator)".to_string()
                    }
                },
            };
            Problem::new(
                FieldPath::root().key("scopes").index(i),
                format!(
                    "\"{scope}\" is {whose}; it grants nothing to these {} requests",
                    own.title()
                ),
            )
            .help(format!(
                "{} scopes start with {}.",
                own.title(),
                own.scope_service()
            ))
        })
        .collect()
}

fn check_auth(spec: &Spec, problems: &mut Vec<Problem>) {
    if !super::function::uses_spec_auth(spec) {
        return;
    }
    let root = FieldPath::root();
    let auth = root.key("auth");
    match spec.auth.mode {
        AuthMode::Token => {
            // Deluge's own tasks need no token: a spec whose requests all go through them
            // needs no client.
            match &spec.client {
                None if spec.calls_the_api() => problems.push(
                    Problem::new(root.key("client"), "token mode needs a client")
                        .help("add client: {id, secret, redirect_uri} from Zoho's API console, or use auth.mode: connection"),
                ),
                Some(client) if client.secret.is_none() && spec.auth.store() == TokenStoreKind::Inline && spec.calls_the_api() => problems.push(
                    Problem::new(root.key("client").key("secret"), "token mode needs client.secret")
                        .help("write secret: ${YOUR_ENV_VAR} to read it from the environment when rendering, or keep it in a store (auth.store)"),
                ),
                _ => {}
            }
            check_store(spec, problems);
            if spec.auth.connection_service.is_some() {
                problems.push(
                    Problem::new(
                        auth.key("connection_service"),
                        "connection_service is only used with auth.mode: connection",
                    )
                    .help("remove it, or set auth.mode: connection"),
                );
            }
            if spec.auth.connection.is_some() {
                problems.push(
                    Problem::new(
                        auth.key("connection"),
                        "a connection is only used with auth.mode: connection",
                    )
                    .help("remove it, or set auth.mode: connection"),
                );
            }
        }
        AuthMode::Connection => {
            match &spec.auth.connection {
                None => problems.push(
                    Problem::new(auth.key("connection"), "connection mode needs the connection's link name")
                        .help("create a Zoho OAuth connection in the product's Connections page and write its link name here"),
                ),
                Some(name) if name.as_str().trim().is_empty() => problems.push(
                    Problem::new(auth.key("connection"), "the connection name is empty")
                        .help("write the connection's link name, e.g. zoho_crm_conn"),
                ),
                Some(_) => {}
            }
            for (key, present) in [
                ("store", spec.auth.store.is_some()),
                ("store_connection", spec.auth.store_connection.is_some()),
            ] {
                if present {
                    problems.push(
                        Problem::new(auth.key(key), format!("{key} is only used in token mode"))
                            .help("a connection keeps and refreshes the token itself: remove it, or set auth.mode: token"),
                    );
                }
            }
            if spec.auth.connection_service() == ConnectionService::Custom
                && spec.client.as_ref().is_some_and(|c| c.secret.is_some())
            {
                problems.push(
                    Problem::new(root.key("client").key("secret"), "a custom connection service keeps the client secret in Zoho, not in the spec")
                        .help("remove it here; type it into the custom service's Client Secret field (the handover shows where)"),
                );
            }
            if spec.auth.connection_service() == ConnectionService::Custom && spec.client.is_none()
            {
                problems.push(
                    Problem::new(root.key("client"), "a custom connection service needs the client of the other organisation")
                        .help("add client: {id, redirect_uri} as registered in the API console of the organisation the requests go to; the secret is typed into Zoho's connection form, not the spec"),
                );
            }
            for (key, present) in [
                ("grant_code", spec.auth.grant_code.is_some()),
                ("refresh_token", spec.auth.refresh_token.is_some()),
            ] {
                if present {
                    problems.push(
                        Problem::new(auth.key(key), format!("{key} is only used in token mode"))
                            .help("a connection handles tokens itself: remove it, or set auth.mode: token"),
                    );
                }
            }
        }
    }
    check_secrets_and_environment(spec, problems);
    if let Some(client) = &spec.client {
        let at = root.key("client");
        let id = client.id.as_str();
        if id.is_empty() || id.chars().any(char::is_whitespace) {
            problems.push(
                Problem::new(
                    at.key("id"),
                    "the client id must be one word without spaces",
                )
                .help("copy it from Zoho's API console; it looks like 1000.XXXXXXXXXXXXXXXXXXXX"),
            );
        }
        match (&client.redirect_uri, client.is_self()) {
            (Some(_), true) => problems.push(
                Problem::new(
                    at.key("redirect_uri"),
                    "a self client has no redirect URI",
                )
                .help("remove redirect_uri (its grant code comes from the API console's Self Client tab), or set client.type: server"),
            ),
            (None, false) => problems.push(
                Problem::new(at.key("redirect_uri"), "a server-based client needs redirect_uri")
                    .help("add redirect_uri: exactly as registered for the client in Zoho's API console, or set client.type: self for a self client"),
            ),
            _ => {}
        }
        if client.is_self() && spec.auth.mode == AuthMode::Connection {
            problems.push(
                Problem::new(at.key("type"), "a custom connection service needs a server-based client, not a self client")
                    .help("register a server-based client with the redirect URL Zoho's service form shows, and remove client.type"),
            );
        }
        let uri = client.redirect();
        let scheme_ok = uri.starts_with("https://") || uri.starts_with("http://");
        if client.redirect_uri.is_some()
            && !uri.contains("${")
            && (!scheme_ok || uri.chars().any(char::is_whitespace))
        {
            problems.push(
                Problem::new(
                    at.key("redirect_uri"),
                    format!("redirect_uri \"{uri}\" is not an http(s) address"),
                )
                .help(
                    "use exactly the redirect URI registered for this client in Zoho's API console",
                ),
            );
        }
    }
}

/// A token store must exist where the scripts run, and holds the secrets the spec then
/// must not.
fn check_store(spec: &Spec, problems: &mut Vec<Problem>) {
    let auth = FieldPath::root().key("auth");
    let store = spec.auth.store();
    let runs_in = spec.runs_in();
    let needs = match store {
        TokenStoreKind::Inline => None,
        TokenStoreKind::CrmVariables => Some((Product::Crm, "CRM Variables")),
        TokenStoreKind::CreatorForm => Some((Product::Creator, "a Zoho Creator form")),
    };
    if let Some((product, place)) = needs
        && runs_in != product
    {
        problems.push(
            Problem::new(
                auth.key("store"),
                format!(
                    "auth.store {} keeps the tokens in {place}, so it needs runs_in: {}; these scripts run in {}",
                    store.as_str(),
                    product.key(),
                    runs_in.conventions().title()
                ),
            )
            .help(match (store, runs_in) {
                // Each product that runs scripts has a store of its own.
                (TokenStoreKind::CrmVariables, Product::Creator) => "in Zoho Creator keep them in a form of the app: auth.store: creator-form; or use a connection (auth.mode: connection)".to_string(),
                (TokenStoreKind::CreatorForm, Product::Crm) => "in Zoho CRM keep them in CRM Variables: auth.store: crm-variables; or use a connection (auth.mode: connection)".to_string(),
                _ => format!(
                    "use a connection instead (auth.mode: connection): {} keeps and refreshes the token and no secret is in the script; or auth.store: inline",
                    runs_in.conventions().title()
                ),
            }),
        );
    }
    match (store, &spec.auth.store_connection) {
        (TokenStoreKind::CrmVariables, None) => problems.push(
            Problem::new(
                auth.key("store_connection"),
                "auth.store crm-variables needs auth.store_connection, the connection that reads and writes the variables",
            )
            .help("create a Zoho OAuth connection to this CRM with scope ZohoCRM.settings.variables.ALL and write its link name here, e.g. store_connection: crm_variables"),
        ),
        (TokenStoreKind::CrmVariables, Some(name)) if name.as_str().trim().is_empty() => problems.push(
            Problem::new(auth.key("store_connection"), "the store connection name is empty")
                .help("write the connection's link name, e.g. crm_variables"),
        ),
        (TokenStoreKind::CrmVariables, Some(_)) | (_, None) => {}
        (_, Some(_)) => problems.push(
            Problem::new(
                auth.key("store_connection"),
                "store_connection is only used with auth.store: crm-variables",
            )
            .help("remove it, or set auth.store: crm-variables"),
        ),
    }
    if spec.auth.store_region.is_some() && store != TokenStoreKind::CrmVariables {
        problems.push(
            Problem::new(
                auth.key("store_region"),
                "store_region is only used with auth.store: crm-variables",
            )
            .help("remove it, or set auth.store: crm-variables"),
        );
    }
    if store == TokenStoreKind::Inline {
        return;
    }
    let root = FieldPath::root();
    for (present, path, what) in [
        (
            spec.client.as_ref().is_some_and(|c| c.secret.is_some()),
            root.key("client").key("secret"),
            "the client secret",
        ),
        (
            spec.auth.refresh_token.is_some(),
            auth.key("refresh_token"),
            "the refresh token",
        ),
    ] {
        if present {
            problems.push(
                Problem::new(
                    path,
                    format!(
                        "with auth.store {} {what} is kept in the store, not in the spec",
                        store.as_str()
                    ),
                )
                .help("remove it here; the handover says where in Zoho to put it"),
            );
        }
    }
}

/// `query` goes with method coql, and a COQL query is a select; for requests and steps.
pub fn check_coql_query(query: Option<&Text>, method: Method, at: &FieldPath) -> Option<Problem> {
    match (query, method) {
        (None, Method::Coql) => Some(
            Problem::new(at.key("query"), "method coql needs the query")
                .help("add query: \"select Last_Name, Email from Leads where Lead_Status = 'Open' limit 200\""),
        ),
        (Some(query), Method::Coql)
            if !query.as_str().trim_start().to_ascii_lowercase().starts_with("select ") =>
        {
            Some(
                Problem::new(at.key("query"), "a COQL query starts with select")
                    .help("COQL reads records only: select <fields> from <module> where <conditions>"),
            )
        }
        (Some(_), method) if method != Method::Coql => Some(
            Problem::new(at.key("query"), "query only applies to method: coql")
                .help("remove it, or set method: coql"),
        ),
        _ => None,
    }
}

/// Each mapping of the criteria takes exactly one form, and a field name is a word.
fn check_criteria(criteria: &Criteria, at: &FieldPath, problems: &mut Vec<Problem>) {
    match criteria.shape() {
        Err(why) => problems.push(
            Problem::new(at.clone(), why)
                .help("for example criteria: {all: [{field: Email, op: equals, value: {input: email}}, {field: Lead_Status, value: Open}]}"),
        ),
        Ok(Shape::Condition { field, .. }) => {
            let valid = field.as_str().split('.').all(|part| {
                !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            });
            if !valid {
                problems.push(
                    Problem::new(at.key("field"), format!("\"{field}\" is not a field's API or link name"))
                        .help("use the name Zoho's API shows (letters, digits and _, e.g. Last_Name)"),
                );
            }
        }
        Ok(Shape::All(list)) | Ok(Shape::Any(list)) => {
            let key = if criteria.all.is_some() { "all" } else { "any" };
            for (i, inner) in list.iter().enumerate() {
                check_criteria(inner, &at.key(key).index(i), problems);
            }
        }
    }
}

/// A CRM criteria value with a backslash just before `(`, `)`, `,` or its end. Zoho
/// documents `\(`, `\)` and `\,` but not `\\`: if CRM reads `\\` as a backslash, the
/// `(` after it would end the value (`x\)or\(Email:equals:...` adds a condition); if it
/// does not, `C:\` would escape the `)` that closes the condition. No escaping means the
/// same under both readings, so such a value is refused rather than guessed at.
pub(super) fn check_crm_backslashes(
    criteria: &Criteria,
    at: &FieldPath,
    problems: &mut Vec<Problem>,
) {
    match criteria.shape() {
        Ok(Shape::Condition {
            value: crate::spec::OrInput::Literal(super::model::FieldValue::Text(text)),
            ..
        }) => {
            if let Some(next) = crm_ambiguous_backslash(text.as_str()) {
                let before = match next {
                    Some(c) => format!("just before \"{c}\""),
                    None => "at its end".to_string(),
                };
                problems.push(
                    Problem::new(
                        at.key("value"),
                        format!("this CRM criteria value has a backslash {before}; Zoho documents no escaping for a backslash there, so the criteria could mean something else"),
                    )
                    .help("remove that backslash, search with op: starts_with on the part before it, or pass the value as an argument (the script then drops a backslash there)"),
                );
            }
        }
        Ok(Shape::All(list)) | Ok(Shape::Any(list)) => {
            let key = if criteria.all.is_some() { "all" } else { "any" };
            for (i, inner) in list.iter().enumerate() {
                check_crm_backslashes(inner, &at.key(key).index(i), problems);
            }
        }
        _ => {}
    }
}

/// The character after the first backslash that stands before `(`, `)`, `,` or the end
/// of `text` (None for the end), if there is one.
pub fn crm_ambiguous_backslash(text: &str) -> Option<Option<char>> {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.peek() {
                None => return Some(None),
                Some(&next) if matches!(next, '(' | ')' | ',') => return Some(Some(next)),
                _ => {}
            }
        }
    }
    None
}

/// Empty secrets are errors; `${NAME}` is read only where a secret is written.
fn check_secrets_and_environment(spec: &Spec, problems: &mut Vec<Problem>) {
    let root = FieldPath::root();
    let auth = root.key("auth");
    let empty_secrets = [
        (
            root.key("client").key("secret"),
            spec.client.as_ref().and_then(|c| c.secret.as_ref()),
            "write the client secret from the API console, or ${YOUR_ENV_VAR} to read it when rendering",
        ),
        (
            auth.key("grant_code"),
            spec.auth.grant_code.as_ref(),
            "leave grant_code out: 02-refresh-token.dg then says where to paste the code",
        ),
        (
            auth.key("refresh_token"),
            spec.auth.refresh_token.as_ref(),
            "leave refresh_token out: the scripts then say where to paste it",
        ),
    ];
    for (at, secret, help) in empty_secrets {
        if let Some(Secret::Literal(text)) = secret
            && text.as_str().trim().is_empty()
        {
            let key = at.to_string();
            problems.push(Problem::new(at, format!("{key} is empty")).help(help));
        }
    }
    // Only secrets are read from the environment; elsewhere `${NAME}` would be sent as
    // those very characters.
    let mut not_from_env = |at: FieldPath, value: &str| {
        if value.contains("${") {
            let key = at.to_string();
            problems.push(
                Problem::new(
                    at,
                    format!("{key} does not read environment variables, so \"{value}\" would be sent as written"),
                )
                .help("write the value itself; ${NAME} is read only in client.secret, auth.grant_code and auth.refresh_token"),
            );
        }
    };
    if let Some(connection) = &spec.auth.connection {
        not_from_env(auth.key("connection"), connection.as_str());
    }
    if let Some(connection) = &spec.auth.store_connection {
        not_from_env(auth.key("store_connection"), connection.as_str());
    }
    if let Some(client) = &spec.client {
        not_from_env(root.key("client").key("id"), client.id.as_str());
        not_from_env(root.key("client").key("redirect_uri"), client.redirect());
    }
}

/// The names of the three OAuth scripts, which a request must not take.
const OAUTH_SCRIPTS: [&str; 3] = ["01-grant-url", "02-refresh-token", "03-access-token"];

/// Every place a request reads an argument, with the field path to blame.
fn input_uses<'r>(request: &'r Request, at: &FieldPath) -> Vec<(FieldPath, &'r InputUse)> {
    let mut uses: Vec<(FieldPath, &InputUse)> = request
        .from_inputs
        .0
        .iter()
        .map(|(name, used)| (at.key("from_inputs").key(name.as_str()), used))
        .collect();
    if let Some(used) = request.record_id.as_ref().and_then(|id| id.input()) {
        uses.push((at.key("record_id"), used));
    }
    if let Some(used) = request
        .duplicate_check_fields
        .as_ref()
        .and_then(|names| names.input())
    {
        uses.push((at.key("duplicate_check_fields"), used));
    }
    if let Some(criteria) = &request.criteria {
        let values = criteria.values();
        uses.extend(
            values
                .into_iter()
                .filter_map(|value| value.input())
                .map(|used| (at.key("criteria"), used)),
        );
    }
    if let Some(filters) = &request.filters {
        for (name, value) in &filters.0 {
            if let Some(used) = value.input() {
                uses.push((at.key("filters").key(name.as_str()), used));
            }
        }
    }
    if let Some(used) = &request.records {
        uses.push((at.key("records"), used));
    }
    uses
}

/// Arguments and the references to them: each reference names a declared argument, a
/// field is either literal or from an argument, and `returns` needs a function.
fn check_inputs(spec: &Spec, request: &Request, at: &FieldPath, problems: &mut Vec<Problem>) {
    if OAUTH_SCRIPTS.contains(&request.name.as_str()) && spec.auth.mode == AuthMode::Token {
        problems.push(
            Problem::new(
                at.key("name"),
                format!(
                    "request name \"{}\" is the name of an OAuth script",
                    request.name
                ),
            )
            .help("choose another name"),
        );
    }
    let field_names = request
        .fields
        .0
        .iter()
        .map(|(name, _)| ("fields", name))
        .chain(
            request
                .from_inputs
                .0
                .iter()
                .map(|(name, _)| ("from_inputs", name)),
        );
    for (key, name) in field_names {
        if name.as_str().contains('.') {
            problems.push(super::function::dotted_key(
                at.key(key).key(name.as_str()),
                name.as_str(),
            ));
        }
    }
    for (name, _) in &request.from_inputs.0 {
        if request.fields.0.iter().any(|(literal, _)| literal == name) {
            problems.push(
                Problem::new(
                    at.key("from_inputs").key(name.as_str()),
                    format!("field \"{name}\" is given both under fields and under from_inputs"),
                )
                .help("keep one: fields holds literal values, from_inputs values from arguments"),
            );
        }
    }
    for input in request.inputs.0.iter().filter(|input| input.optional) {
        problems.push(
            Problem::new(
                at.key("inputs").key(input.name.as_str()).key("optional"),
                "optional applies to the arguments of functions (functions:), whose fields it leaves out when empty",
            )
            .help("remove it here, or write the request as a step of a function"),
        );
    }
    let declared: Vec<&str> = request.inputs.0.iter().map(|i| i.name.as_str()).collect();
    for (path, used) in input_uses(request, at) {
        let name = used.reference.input.as_str();
        if request.inputs.get(name).is_some() {
            continue;
        }
        let help = match closest(name, declared.iter().copied()) {
            Some(near) => format!("did you mean \"{near}\"?"),
            None if declared.is_empty() => {
                format!("declare it under this request's inputs, e.g. inputs: {{{name}: String}}")
            }
            None => format!("declared arguments: {}", declared.join(", ")),
        };
        problems.push(Problem::new(path, format!("unknown argument \"{name}\"")).help(help));
    }
    if request.workflow_caller {
        let refusal = if spec.runs_in() != crate::zoho::Product::Crm {
            Some((
                "workflow_caller is for Zoho CRM, whose workflow rules can only call automation functions",
                "remove it; call the function from the product's workflow directly",
            ))
        } else if !request.method.is_write() || request.records.is_some() {
            Some((
                "workflow_caller is for writes of one record: a workflow function returns nothing, so it cannot pass on what a read, delete or bulk write returns",
                "remove workflow_caller",
            ))
        } else if request.inputs.is_empty() {
            Some((
                "workflow_caller needs a function: declare its arguments under inputs",
                "add inputs, or remove workflow_caller",
            ))
        } else if request.returns == Some(super::inputs::Returns::Nothing) {
            Some((
                "workflow_caller reads the id the function returns; it cannot go with returns: nothing",
                "remove returns: nothing, or remove workflow_caller",
            ))
        } else {
            None
        };
        if let Some((message, help)) = refusal {
            problems.push(Problem::new(at.key("workflow_caller"), message).help(help));
        }
    }
    if request.returns.is_some() && request.inputs.is_empty() {
        problems.push(
            Problem::new(
                at.key("returns"),
                "returns only applies to a request with inputs (a function)",
            )
            .help("remove it, or declare the function's arguments under inputs"),
        );
    }
}

/// Problems that do not stop the spec: arguments declared but never read.
pub fn warnings(spec: &Spec) -> Vec<Problem> {
    let mut warnings = super::function::warnings(spec);
    secrets_warnings(spec, &mut warnings);
    if spec.auth.mode == AuthMode::Token && spec.client.is_some() && !spec.calls_the_api() {
        warnings.push(
            Problem::new(
                FieldPath::root().key("client"),
                "the client is not used: every request goes through a Deluge task, which needs no token",
            )
            .help("remove client (no token scripts are written), or use via: api where a request needs the client's token"),
        );
    }
    for (i, request) in spec.requests.iter().enumerate() {
        let at = FieldPath::root().key("requests").index(i);
        duplicate_check_warnings(request, &at, &mut warnings);
        token_per_run_warning(spec, request, &at, &mut warnings);
    }
    for (i, request) in spec.requests.iter().enumerate() {
        let at = FieldPath::root().key("requests").index(i);
        let uses = input_uses(request, &at);
        for input in &request.inputs.0 {
            let used = uses
                .iter()
                .any(|(_, used)| used.reference.input == input.name.as_str());
            if !used {
                warnings.push(
                    Problem::new(
                        at.key("inputs").key(input.name.as_str()),
                        format!(
                            "argument \"{}\" is declared but never used",
                            input.name
                        ),
                    )
                    .help("take a value from it under from_inputs, record_id, duplicate_check_fields, criteria, filters or records, or remove it"),
                );
            }
        }
    }
    warnings
}

/// Values a starter or an example writes where the user puts their own: no warning for
/// these, the real value is still to come.
fn is_stand_in(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.starts_with("replace") || lower.contains("your-") || lower.contains("<")
}

/// A secret written in the spec as plain text is in every clone of the repository; one
/// that nothing uses is a secret kept for nothing.
fn secrets_warnings(spec: &Spec, warnings: &mut Vec<Problem>) {
    let root = FieldPath::root();
    let secret = spec
        .client
        .as_ref()
        .and_then(|client| client.secret.as_ref());
    let connection = spec.auth.mode == AuthMode::Connection;
    match secret {
        Some(_) if connection && spec.auth.connection_service() != ConnectionService::Custom => {
            warnings.push(
                Problem::new(
                    root.key("client").key("secret"),
                    "client.secret is not used in connection mode: the connection holds the client",
                )
                .help("remove it from the spec (and rotate it in the API console if the file was ever shared)"),
            );
        }
        Some(Secret::Literal(text)) if !connection && !is_stand_in(text.as_str()) => {
            warnings.push(
                Problem::new(
                    root.key("client").key("secret"),
                    "the client secret is written in the spec as plain text: everyone with the file or the repository has it",
                )
                .help("write secret: ${ZOHO_CLIENT_SECRET} to read it from the environment when rendering, or keep it in Zoho with auth.store: crm-variables or creator-form"),
            );
        }
        _ => {}
    }
    if let Some(Secret::Literal(text)) = &spec.auth.refresh_token
        && !connection
        && !is_stand_in(text.as_str())
    {
        warnings.push(
            Problem::new(
                root.key("auth").key("refresh_token"),
                "the refresh token is written in the spec as plain text: it gives lasting access to the client's data",
            )
            .help("write refresh_token: ${ZOHO_REFRESH_TOKEN} to read it from the environment when rendering, or keep it in a store (auth.store)"),
        );
    }
}

/// A duplicate-check field that the record does not carry matches nothing: Zoho then
/// inserts every time, the duplicate an upsert was meant to avoid.
fn duplicate_check_warnings(request: &Request, at: &FieldPath, warnings: &mut Vec<Problem>) {
    let Some(crate::spec::inputs::OrInput::Literal(names)) = &request.duplicate_check_fields else {
        return;
    };
    // A bulk write's fields come from each record of the list: nothing to compare with.
    if request.records.is_some() {
        return;
    }
    let carried: Vec<&str> = request
        .fields
        .0
        .iter()
        .map(|(name, _)| name.as_str())
        .chain(request.from_inputs.0.iter().map(|(name, _)| name.as_str()))
        .collect();
    for (i, name) in names.iter().enumerate() {
        if !carried.contains(&name.as_str()) {
            let close = closest(name.as_str(), carried.iter().copied())
                .map(|close| format!("did you mean \"{close}\"? "))
                .unwrap_or_default();
            warnings.push(
                Problem::new(
                    at.key("duplicate_check_fields").index(i),
                    format!(
                        "duplicate-check field \"{name}\" is not among the record's fields, so no existing record can match on it"
                    ),
                )
                .help(format!(
                    "{close}add {name} under fields or from_inputs, or check on a field the record carries ({})",
                    carried.join(", ")
                )),
            );
        }
    }
}

/// A function a workflow calls runs on every record that meets the rule; with the token
/// inline it mints an access token each time, and Zoho allows ten in ten minutes.
fn token_per_run_warning(
    spec: &Spec,
    request: &Request,
    at: &FieldPath,
    warnings: &mut Vec<Problem>,
) {
    let inline_token =
        spec.auth.mode == AuthMode::Token && spec.auth.store() == TokenStoreKind::Inline;
    let workflow_called =
        request.workflow_caller || (spec.runs_in() == Product::Books && !request.inputs.is_empty());
    // A Deluge task mints no token.
    if inline_token && workflow_called && spec.via(request) == Via::Api {
        warnings.push(
            Problem::new(
                at.key("name"),
                format!(
                    "\"{}\" is called by a workflow but mints a new access token on every run; Zoho allows 10 in 10 minutes, so a busy rule is refused",
                    request.name
                ),
            )
            .help("reuse the token within its hour: auth.store: crm-variables (or creator-form), or use a connection (auth.mode: connection)"),
        );
    }
}
