//! Rules that span several fields, checked after the spec has been read. Each problem
//! carries the path of the field to blame; the loader turns paths into line:column.

use std::collections::HashSet;

use super::diagnostic::{FieldPath, Problem};
use super::model::{AuthMode, Method, Secret, Spec};
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

    if spec.requests.is_empty() {
        problems.push(
            Problem::new(root.key("requests"), "at least one request is needed")
                .help("add a request with name, method and fields"),
        );
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
        if request.fields.0.is_empty() {
            problems.push(
                Problem::new(at.key("fields"), "a request needs at least one field")
                    .help("add the fields to write, e.g. Last_Name: Smith"),
            );
        }
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

    problems.extend(conventions.check(spec));

    // Coverage is only meaningful once the targets themselves are sound.
    if problems.is_empty() {
        for (i, request) in spec.requests.iter().enumerate() {
            let needs = conventions.scope_needs(spec, request);
            let missing = scope::uncovered(&spec.scopes, &needs);
            let Some(first) = missing.first() else {
                continue;
            };
            let suggestion = if missing.len() > 1 {
                first.all_operations()
            } else {
                first.narrowest()
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
            if let Some(broad) = conventions
                .broad_scope()
                .filter(|broad| !broad.eq_ignore_ascii_case(&suggestion))
            {
                help += &format!("; the broad scope is \"{broad}\"");
            }
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
        problems.extend(other_products_scopes(spec, !problems.is_empty()));
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
    spec.scopes
        .iter()
        .enumerate()
        .filter(|(_, scope)| {
            !scope
                .service_name()
                .eq_ignore_ascii_case(own.scope_service())
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
    let root = FieldPath::root();
    let auth = root.key("auth");
    match spec.auth.mode {
        AuthMode::Token => {
            match &spec.client {
                None => problems.push(
                    Problem::new(root.key("client"), "token mode needs a client")
                        .help("add client: {id, secret, redirect_uri} from Zoho's API console, or use auth.mode: connection"),
                ),
                Some(client) if client.secret.is_none() => problems.push(
                    Problem::new(root.key("client").key("secret"), "token mode needs client.secret")
                        .help("write secret: ${YOUR_ENV_VAR} to read it from the environment when rendering"),
                ),
                Some(_) => {}
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
        let uri = client.redirect_uri.as_str();
        let scheme_ok = uri.starts_with("https://") || uri.starts_with("http://");
        if !uri.contains("${") && (!scheme_ok || uri.chars().any(char::is_whitespace)) {
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
    if let Some(client) = &spec.client {
        not_from_env(root.key("client").key("id"), client.id.as_str());
        not_from_env(
            root.key("client").key("redirect_uri"),
            client.redirect_uri.as_str(),
        );
    }
}
