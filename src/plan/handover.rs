//! What the client's handover document says, taken from the plan. It holds no secret by
//! construction: only whether one was given.

use serde::Serialize;

use super::{ScriptPlan, SpecSummary};
use crate::spec::Spec;

/// Everything the client's handover document says.
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
    /// True when some request script is a function's body.
    pub has_functions: bool,
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
    /// Field name and its value as shown to a reader (nested values as JSON; a value from
    /// an argument as "← argument").
    pub fields: Vec<(String, String)>,
    /// The function's signature when the request has inputs.
    pub function: Option<String>,
    /// What a search, query or delete by criteria looks for.
    pub finds: Option<String>,
    /// A search's bound: at most this many pages of 200.
    pub max_pages: Option<u32>,
}

pub fn handover(
    spec: &Spec,
    summary: &SpecSummary,
    scripts: &[ScriptPlan],
    token_mode: bool,
) -> HandoverContext {
    let conventions = spec.product.conventions();
    let scopes = spec
        .scopes
        .iter()
        .map(|scope| {
            let requests: Vec<&crate::spec::Request> = spec
                .requests
                .iter()
                .filter(|request| {
                    conventions
                        .scope_needs(spec, request)
                        .iter()
                        .any(|need| scope.covers(need))
                })
                .collect();
            let served: Vec<String> = requests
                .iter()
                .map(|request| format!("{} ({})", request.name, request.method.as_str()))
                .collect();
            let verb = if requests.iter().all(|r| r.method.is_write()) {
                "write"
            } else if requests.iter().all(|r| r.method.is_read()) {
                "read"
            } else {
                "work"
            };
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
                format!("lets the token {verb} for {}", served.join(", "))
            };
            ScopeNote {
                scope: scope.to_string(),
                reason,
            }
        })
        .collect();
    let requests: Vec<RequestNote> = scripts
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
                .record
                .iter()
                .map(|field| (field.name().to_string(), field.shown()))
                .collect(),
            function: request.function.as_ref().map(|f| f.signature.clone()),
            finds: request.finds.clone(),
            max_pages: request.search.as_ref().map(|s| s.max_pages),
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
        has_functions: requests.iter().any(|r| r.function.is_some()),
        requests,
        troubleshooting: crate::zoho::errors::CATALOGUE
            .iter()
            .filter(|entry| entry.concerns(spec.product, token_mode))
            .copied()
            .collect(),
    }
}
