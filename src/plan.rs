//! Spec → Plan: every decision a template needs, made once (hosts, endpoints, payload
//! shape, file names, secrets resolved). Templates only lay the plan out as Deluge.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use crate::spec::{AuthMode, FieldPath, Fields, LoadedSpec, Problem, Secret, Text, Trigger};
use crate::zoho::{Conventions, DataCentre, Payload};

/// Shown where the spec gives no grant code; the refresh-token script says where to get one.
pub const GRANT_CODE_PLACEHOLDER: &str = "PASTE_GRANT_CODE_HERE";
/// Shown where the spec gives no refresh token.
pub const REFRESH_TOKEN_PLACEHOLDER: &str = "PASTE_REFRESH_TOKEN_HERE";

/// RFC 3986 unreserved characters stay; everything else in a query value is encoded.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// What one spec produces.
#[derive(Debug, Clone)]
pub struct Plan {
    pub spec_name: String,
    pub scripts: Vec<ScriptPlan>,
    pub handover: HandoverContext,
    /// Values that must never reach logs or handover documents.
    pub secrets: Vec<String>,
}

/// Everything the client's handover document says. It holds no secret by construction:
/// only whether one was given.
#[derive(Debug, Clone, Serialize)]
pub struct HandoverContext {
    pub spec: SpecSummary,
    pub token_mode: bool,
    pub connection: Option<String>,
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub has_grant_code: bool,
    pub has_refresh_token: bool,
    pub scopes: Vec<ScopeNote>,
    pub scripts: Vec<ScriptNote>,
    pub requests: Vec<RequestNote>,
    pub troubleshooting: Vec<crate::zoho::errors::Entry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScopeNote {
    pub scope: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScriptNote {
    pub file: String,
    pub purpose: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RequestNote {
    pub name: String,
    pub file: String,
    pub action: String,
    pub verb: &'static str,
    pub url: String,
    /// Field name and its value as shown to a reader (nested values as JSON).
    pub fields: Vec<(String, String)>,
}

/// One script: which template lays it out, with what.
#[derive(Debug, Clone)]
pub struct ScriptPlan {
    pub file_name: String,
    pub template: &'static str,
    /// True when the script holds a client secret or token (written with mode 0600).
    pub holds_secret: bool,
    pub context: ScriptContext,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScriptContext {
    pub file: String,
    pub purpose: String,
    pub holds_secret: bool,
    pub spec: SpecSummary,
    /// What the user must replace before running; empty when the script runs as is.
    pub replace: Vec<String>,
    pub oauth: Option<OAuthPlan>,
    pub request: Option<RequestPlan>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SpecSummary {
    pub name: String,
    pub file: String,
    pub product: String,
    pub region: &'static DataCentre,
    pub paste_location: String,
    /// Where the product's Zoho OAuth connections are created.
    pub connections_location: &'static str,
    /// Where the product's users sign in (https://crm.zoho.eu).
    pub login_url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct OAuthPlan {
    pub client_id: String,
    pub client_secret: String,
    pub redirect_uri: String,
    pub auth_url: String,
    pub token_url: String,
    /// `key=value` pairs of the grant URL, values already percent-encoded.
    pub grant_query: Vec<String>,
    pub grant_code: String,
    pub refresh_token: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RequestPlan {
    pub name: String,
    pub verb: &'static str,
    pub url: String,
    pub payload: Payload,
    pub action: String,
    pub fields: Fields,
    pub has_trigger: bool,
    pub trigger: Vec<Trigger>,
    pub duplicate_check_fields: Vec<Text>,
    pub connection: Option<String>,
}

/// Builds the plan, reading secrets from the environment through `env`.
pub fn plan(
    loaded: &LoadedSpec,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Plan, Vec<Problem>> {
    let spec = &loaded.spec;
    let conventions: &dyn Conventions = spec.product.conventions();
    let dc = spec.region.data_centre();
    let summary = SpecSummary {
        name: spec.name.to_string(),
        file: loaded
            .path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default(),
        product: conventions.title().to_string(),
        region: dc,
        paste_location: conventions.paste_location(spec),
        connections_location: conventions.connections_location(),
        login_url: format!("https://{}.{}", conventions.login_host(), dc.login_domain),
    };

    let mut problems = Vec::new();
    let mut secrets = Vec::new();
    let mut resolve = |secret: Option<&Secret>, path: FieldPath| -> Option<String> {
        let value = match secret? {
            Secret::Literal(text) => text.as_str().to_string(),
            Secret::Env(name) => match env(name) {
                // CI systems often hand an unset secret over as an empty string.
                Some(value) if value.trim().is_empty() => {
                    problems.push(
                        Problem::new(path, format!("environment variable {name} is empty"))
                            .help(format!("set {name} to the value, or check the spec without secrets: delugen validate --no-env")),
                    );
                    return None;
                }
                Some(value) => match Text::new(value) {
                    Ok(text) => text.as_str().to_string(),
                    Err(why) => {
                        problems.push(Problem::new(
                            path,
                            format!("environment variable {name}: {why}"),
                        ));
                        return None;
                    }
                },
                None => {
                    problems.push(
                        Problem::new(path, format!("environment variable {name} is not set"))
                            .help(format!("export {name}=... before running delugen, or write the value in the spec")),
                    );
                    return None;
                }
            },
        };
        secrets.push(value.clone());
        Some(value)
    };

    let oauth = match (spec.auth.mode, &spec.client) {
        (AuthMode::Token, Some(client)) => {
            let root = FieldPath::root();
            let secret = resolve(client.secret.as_ref(), root.key("client").key("secret"));
            let grant_code = resolve(
                spec.auth.grant_code.as_ref(),
                root.key("auth").key("grant_code"),
            );
            let refresh_token = resolve(
                spec.auth.refresh_token.as_ref(),
                root.key("auth").key("refresh_token"),
            );
            let scopes: Vec<&str> = spec.scopes.iter().map(|s| s.as_str()).collect();
            let state = spec
                .auth
                .state
                .as_ref()
                .map(|s| s.as_str().to_string())
                .unwrap_or_else(|| spec.name.to_string());
            let encode = |value: &str| utf8_percent_encode(value, QUERY_VALUE).to_string();
            Some(OAuthPlan {
                client_id: client.id.as_str().to_string(),
                client_secret: secret.unwrap_or_default(),
                redirect_uri: client.redirect_uri.as_str().to_string(),
                auth_url: format!("{}/oauth/v2/auth", dc.accounts),
                token_url: format!("{}/oauth/v2/token", dc.accounts),
                grant_query: vec![
                    format!("scope={}", encode(&scopes.join(","))),
                    format!("client_id={}", encode(client.id.as_str())),
                    "response_type=code".to_string(),
                    format!("redirect_uri={}", encode(client.redirect_uri.as_str())),
                    "access_type=offline".to_string(),
                    "prompt=consent".to_string(),
                    format!("state={}", encode(&state)),
                ],
                grant_code: grant_code.unwrap_or_else(|| GRANT_CODE_PLACEHOLDER.to_string()),
                refresh_token: refresh_token
                    .unwrap_or_else(|| REFRESH_TOKEN_PLACEHOLDER.to_string()),
            })
        }
        _ => None,
    };
    if !problems.is_empty() {
        return Err(problems);
    }

    let mut scripts = Vec::new();
    let mut add = |slug: &str,
                   template: &'static str,
                   purpose: String,
                   replace: Vec<String>,
                   request: Option<RequestPlan>,
                   with_oauth: bool| {
        let file_name = format!("{:02}-{slug}.dg", scripts.len() + 1);
        // The grant URL carries only the client id; every other token-mode script holds
        // the client secret.
        let holds_secret = with_oauth && template != "grant-url.dg";
        scripts.push(ScriptPlan {
            file_name: file_name.clone(),
            template,
            holds_secret,
            context: ScriptContext {
                file: file_name,
                purpose,
                holds_secret,
                spec: summary.clone(),
                replace,
                oauth: if with_oauth { oauth.clone() } else { None },
                request,
            },
        });
    };

    let needs_grant_code = oauth
        .as_ref()
        .is_some_and(|o| o.grant_code == GRANT_CODE_PLACEHOLDER);
    let needs_refresh_token = oauth
        .as_ref()
        .is_some_and(|o| o.refresh_token == REFRESH_TOKEN_PLACEHOLDER);
    let refresh_replace = || -> Vec<String> {
        if needs_refresh_token {
            vec![format!(
                "{REFRESH_TOKEN_PLACEHOLDER}: the refresh_token printed by 02-refresh-token.dg \
                 (or set auth.refresh_token in the spec and render again)"
            )]
        } else {
            Vec::new()
        }
    };

    if oauth.is_some() {
        add(
            "grant-url",
            "grant-url.dg",
            "Builds the consent address for a grant code and opens it.".to_string(),
            Vec::new(),
            None,
            true,
        );
        let grant_replace = if needs_grant_code {
            vec![format!(
                "{GRANT_CODE_PLACEHOLDER}: the code=... value from the address 01-grant-url.dg \
                 lands on (use it within about 2 minutes), or set auth.grant_code in the spec"
            )]
        } else {
            Vec::new()
        };
        add(
            "refresh-token",
            "refresh-token.dg",
            "Exchanges the grant code for a refresh token (run once).".to_string(),
            grant_replace,
            None,
            true,
        );
        add(
            "access-token",
            "access-token.dg",
            "Exchanges the refresh token for an access token (valid one hour).".to_string(),
            refresh_replace(),
            None,
            true,
        );
    }

    let api_version = spec
        .api_version
        .clone()
        .unwrap_or_else(|| conventions.default_api_version().to_string());
    let connection = match spec.auth.mode {
        AuthMode::Connection => spec
            .auth
            .connection
            .as_ref()
            .map(|c| c.as_str().to_string()),
        AuthMode::Token => None,
    };
    for request in &spec.requests {
        let endpoint = conventions.endpoint(spec, &api_version, request);
        let plan = RequestPlan {
            name: request.name.to_string(),
            verb: endpoint.verb,
            url: endpoint.url,
            payload: endpoint.payload,
            action: endpoint.action.clone(),
            fields: request.fields.clone(),
            has_trigger: request.trigger.is_some(),
            trigger: request.trigger.clone().unwrap_or_default(),
            duplicate_check_fields: request.duplicate_check_fields.clone().unwrap_or_default(),
            connection: connection.clone(),
        };
        let mut purpose = endpoint.action;
        purpose[..1].make_ascii_uppercase();
        add(
            request.name.as_str(),
            conventions.request_template(),
            if oauth.is_some() {
                format!("{purpose}; fetches its own access token first.")
            } else {
                format!(
                    "{purpose} through connection \"{}\".",
                    connection.as_deref().unwrap_or_default()
                )
            },
            if oauth.is_some() {
                refresh_replace()
            } else {
                Vec::new()
            },
            Some(plan),
            oauth.is_some(),
        );
    }

    let handover = handover(spec, &summary, &scripts, oauth.is_some());
    Ok(Plan {
        spec_name: spec.name.to_string(),
        scripts,
        handover,
        secrets,
    })
}

fn handover(
    spec: &crate::spec::Spec,
    summary: &SpecSummary,
    scripts: &[ScriptPlan],
    token_mode: bool,
) -> HandoverContext {
    let conventions = spec.product.conventions();
    let scopes = spec
        .scopes
        .iter()
        .map(|scope| {
            let served: Vec<String> = spec
                .requests
                .iter()
                .filter(|request| {
                    conventions
                        .scope_needs(spec, request)
                        .iter()
                        .any(|need| scope.covers(need))
                })
                .map(|request| format!("{} ({})", request.name, request.method.as_str()))
                .collect();
            let other_product = crate::zoho::Product::of_scope_service(scope.service_name())
                .filter(|product| *product != spec.product);
            let reason = if let Some(other) = other_product {
                format!(
                    "a {} scope: not used by these {} requests; kept because the spec asks for it",
                    other.conventions().title(),
                    conventions.title()
                )
            } else if served.is_empty() {
                "not needed by these requests; kept because the spec asks for it".to_string()
            } else {
                format!("lets the token write for {}", served.join(", "))
            };
            ScopeNote {
                scope: scope.to_string(),
                reason,
            }
        })
        .collect();
    let requests = scripts
        .iter()
        .filter_map(|script| {
            script
                .context
                .request
                .as_ref()
                .map(|request| (script, request))
        })
        .map(|(script, request)| RequestNote {
            name: request.name.clone(),
            file: script.file_name.clone(),
            action: request.action.clone(),
            verb: request.verb,
            url: request.url.clone(),
            fields: request
                .fields
                .0
                .iter()
                .map(|(name, value)| {
                    let shown = match value {
                        crate::spec::FieldValue::Text(text) => text.as_str().to_string(),
                        other => serde_json::to_string(other).unwrap_or_default(),
                    };
                    (name.as_str().to_string(), shown)
                })
                .collect(),
        })
        .collect();
    HandoverContext {
        spec: summary.clone(),
        token_mode,
        connection: spec
            .auth
            .connection
            .as_ref()
            .map(|c| c.as_str().to_string())
            .filter(|_| !token_mode),
        client_id: spec.client.as_ref().map(|c| c.id.as_str().to_string()),
        redirect_uri: spec
            .client
            .as_ref()
            .map(|c| c.redirect_uri.as_str().to_string()),
        has_grant_code: spec.auth.grant_code.is_some(),
        has_refresh_token: spec.auth.refresh_token.is_some(),
        scopes,
        scripts: scripts
            .iter()
            .map(|s| ScriptNote {
                file: s.file_name.clone(),
                purpose: s.context.purpose.clone(),
            })
            .collect(),
        requests,
        troubleshooting: crate::zoho::errors::CATALOGUE
            .iter()
            .filter(|entry| entry.concerns(spec.product, token_mode))
            .copied()
            .collect(),
    }
}
