//! The OAuth side of a token-mode spec: secrets resolved, the grant URL's query, and the
//! three scripts run in order (grant URL, refresh token, access token).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use super::{ScriptDraft, TokenPlan};
use crate::spec::{AuthMode, Client, FieldPath, Problem, Secret, Spec, Text};
use crate::zoho::DataCentre;

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

#[derive(Debug, Clone, Serialize)]
pub struct OAuthPlan {
    pub client_id: String,
    pub client_secret: String,
    pub redirect_uri: String,
    pub auth_url: String,
    pub token_url: String,
    /// `key=value` pairs of the grant URL, values already percent-encoded.
    pub grant_query: Vec<String>,
    /// The whole consent address, joined here rather than with `List.toString("&")` in
    /// Deluge (a join Zoho's pages do not document for lists).
    pub grant_url: String,
    pub grant_code: String,
    pub refresh_token: String,
    /// A self client: no redirect URI, no consent address; the grant code is generated
    /// in the API console's Self Client tab.
    pub self_client: bool,
    /// The scopes, comma-separated as the Self Client tab's Scope field takes them.
    pub scope_list: String,
    /// How long a grant code lives ("3 minutes" for CRM v8, per Zoho CRM's page).
    pub code_life: String,
}

impl OAuthPlan {
    pub fn needs_refresh_token(&self) -> bool {
        self.refresh_token == REFRESH_TOKEN_PLACEHOLDER
    }

    /// What a script that fetches an access token asks the user to replace.
    pub fn refresh_replace(&self) -> Vec<String> {
        if self.needs_refresh_token() {
            vec![format!(
                "{REFRESH_TOKEN_PLACEHOLDER}: the refresh_token printed by 02-refresh-token.dg \
                 (or set auth.refresh_token in the spec and render again)"
            )]
        } else {
            Vec::new()
        }
    }
}

/// The OAuth plan of a token-mode spec (None in connection mode), with every secret it
/// read; problems name the field of a secret that could not be read.
pub fn plan(
    spec: &Spec,
    dc: &DataCentre,
    env: &dyn Fn(&str) -> Option<String>,
    secrets: &mut Vec<String>,
) -> Result<Option<OAuthPlan>, Vec<Problem>> {
    let client = match (spec.auth.mode, &spec.client) {
        (AuthMode::Token, Some(client)) => client,
        _ => return Ok(None),
    };
    let mut problems = Vec::new();
    let root = FieldPath::root();
    let mut resolve = |secret: Option<&Secret>, path: FieldPath| -> Option<String> {
        let value = read_secret(secret?, path, env)
            .map_err(|p| problems.push(p))
            .ok()?;
        secrets.push(value.clone());
        Some(value)
    };
    let secret = resolve(client.secret.as_ref(), root.key("client").key("secret"));
    let grant_code = resolve(
        spec.auth.grant_code.as_ref(),
        root.key("auth").key("grant_code"),
    );
    let refresh_token = resolve(
        spec.auth.refresh_token.as_ref(),
        root.key("auth").key("refresh_token"),
    );
    if !problems.is_empty() {
        return Err(problems);
    }
    let grant_query = grant_query(spec, client);
    let auth_url = format!("{}/oauth/v2/auth", dc.accounts);
    Ok(Some(OAuthPlan {
        grant_url: format!("{auth_url}?{}", grant_query.join("&")),
        client_id: client.id.as_str().to_string(),
        client_secret: secret.unwrap_or_default(),
        redirect_uri: client.redirect().to_string(),
        self_client: client.is_self(),
        scope_list: spec
            .scopes
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(","),
        code_life: code_life(spec),
        auth_url,
        token_url: format!("{}/oauth/v2/token", dc.accounts),
        grant_query,
        grant_code: grant_code.unwrap_or_else(|| GRANT_CODE_PLACEHOLDER.to_string()),
        refresh_token: refresh_token.unwrap_or_else(|| REFRESH_TOKEN_PLACEHOLDER.to_string()),
    }))
}

/// How long a grant code lives: a self client's as chosen in the console; CRM's v8
/// token-validity page gives 3 minutes; Zoho's OAuth page about 2 minutes elsewhere.
pub fn code_life(spec: &Spec) -> String {
    if spec.client.as_ref().is_some_and(|c| c.is_self()) {
        "the duration chosen when generating it (3 to 10 minutes)".to_string()
    } else if spec.product == crate::zoho::Product::Crm {
        "3 minutes".to_string()
    } else {
        "about 2 minutes".to_string()
    }
}

fn read_secret(
    secret: &Secret,
    path: FieldPath,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<String, Problem> {
    match secret {
        Secret::Literal(text) => Ok(text.as_str().to_string()),
        Secret::Env(name) => match env(name) {
            // CI systems often hand an unset secret over as an empty string.
            Some(value) if value.trim().is_empty() => Err(Problem::new(
                path,
                format!("environment variable {name} is empty"),
            )
            .help(format!(
                "set {name} to the value, or check the spec without secrets: delugen validate --no-env"
            ))),
            Some(value) => Text::new(value)
                .map(|text| text.as_str().to_string())
                .map_err(|why| Problem::new(path, format!("environment variable {name}: {why}"))),
            None => Err(
                Problem::new(path, format!("environment variable {name} is not set")).help(
                    format!(
                        "export {name}=... before running delugen, or write the value in the spec"
                    ),
                ),
            ),
        },
    }
}

fn grant_query(spec: &Spec, client: &Client) -> Vec<String> {
    let scopes: Vec<&str> = spec.scopes.iter().map(|s| s.as_str()).collect();
    let state = spec
        .auth
        .state
        .as_ref()
        .map(|s| s.as_str().to_string())
        .unwrap_or_else(|| spec.name.to_string());
    let encode = |value: &str| utf8_percent_encode(value, QUERY_VALUE).to_string();
    vec![
        format!("scope={}", encode(&scopes.join(","))),
        format!("client_id={}", encode(client.id.as_str())),
        "response_type=code".to_string(),
        format!("redirect_uri={}", encode(client.redirect())),
        "access_type=offline".to_string(),
        "prompt=consent".to_string(),
        format!("state={}", encode(&state)),
    ]
}

/// The three OAuth scripts, numbered in the order they are run. With a store, the
/// refresh-token script writes the refresh token into it, and the access-token script is
/// the function every request script calls.
/// `creator` names the functions (their prefix) when the scripts run in Zoho Creator,
/// which runs no bare script: there each token script is a function's body.
pub fn scripts(oauth: &OAuthPlan, token: &TokenPlan, creator: Option<String>) -> Vec<ScriptDraft> {
    let grant_replace = match (
        oauth.grant_code == GRANT_CODE_PLACEHOLDER,
        oauth.self_client,
    ) {
        (false, _) => Vec::new(),
        (true, false) => vec![format!(
            "{GRANT_CODE_PLACEHOLDER}: the code=... value from the address 01-grant-url.dg \
             lands on (use it within {}), or set auth.grant_code in the spec",
            oauth.code_life
        )],
        (true, true) => vec![format!(
            "{GRANT_CODE_PLACEHOLDER}: the code from the API console's Self Client tab \
             (Generate Code, with the scopes {} and a duration of 3 to 10 minutes; use it \
             within that time), or set auth.grant_code in the spec",
            oauth.scope_list
        )],
    };
    // A self client has no consent address: its code comes from the API console. The
    // other scripts keep their numbers, so no file is renamed when the client changes.
    let grant_url = (!oauth.self_client).then(|| {
        ScriptDraft::oauth(
            "01-grant-url.dg",
            "grant-url.dg",
            "Builds the consent address for a grant code and opens it.",
            Vec::new(),
        )
    });
    grant_url
        .into_iter()
        .chain([
        match &token.expression {
            None => ScriptDraft::oauth(
                "02-refresh-token.dg",
                "refresh-token.dg",
                "Exchanges the grant code for a refresh token (run once).",
                grant_replace,
            ),
            Some(_) => ScriptDraft::oauth(
                "02-refresh-token.dg",
                "refresh-token.dg",
                &format!(
                    "Exchanges the grant code for a refresh token and writes it into {} (run once).",
                    token.place
                ),
                grant_replace,
            ),
        },
        match &token.function {
            None => ScriptDraft::oauth(
                "03-access-token.dg",
                "access-token.dg",
                "Exchanges the refresh token for an access token (valid one hour).",
                oauth.refresh_replace(),
            ),
            Some(function) => ScriptDraft {
                function: Some(function.clone()),
                ..ScriptDraft::oauth(
                    "03-access-token.dg",
                    "access-token.dg",
                    &format!(
                        "Gives an access token: the one stored in {} while more than 5 minutes are left, otherwise a new one, stored with its expiry.",
                        token.place
                    ),
                    Vec::new(),
                )
            },
        },
        ])
        .map(|draft| match &creator {
            Some(prefix) if draft.function.is_none() => creator_function(draft, prefix),
            _ => draft,
        })
        .collect()
}

/// A token script as the body of a Creator function with no arguments, run through a
/// workflow that calls it: Creator has no Save & Execute for a bare script.
fn creator_function(draft: ScriptDraft, prefix: &str) -> ScriptDraft {
    let what = draft
        .file_name
        .trim_end_matches(".dg")
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '-')
        .replace('-', "_");
    let name = format!("{prefix}_{what}");
    ScriptDraft {
        function: Some(super::FunctionPlan {
            location: "Zoho Creator: the application's Workflows → Functions → New Function (namespace integrations)".to_string(),
            signature: format!("void integrations.{name}()"),
            call: format!("thisapp.integrations.{name}()"),
            arguments: Vec::new(),
            returns_id: false,
            returns_token: false,
            returns_what: String::new(),
            result_var: "v_Id",
            arguments_how: "",
            return_key: None,
            reads: Vec::new(),
            entity: None,
            called_by: Some(format!(
                "Creator runs a function only when something calls it (Zoho's call-function page): add a button to a stateless form, give its On Click workflow the one line thisapp.integrations.{name}(); then open the form and click the button"
            )),
        }),
        ..draft
    }
}
