//! Where a token-mode spec keeps its client secret, refresh token and cached access token
//! (`auth.store`), and how a request script gets an access token. One `TokenStore` per
//! store; the request templates only ask for `TokenPlan::expression` and never know which
//! store is behind it.

use serde::Serialize;

use super::request::FunctionPlan;
use crate::spec::{Spec, TokenStoreKind};
use crate::zoho::{DataCentre, Product};

/// What the scripts of a token-mode spec need to know about the store.
#[derive(Debug, Clone, Serialize)]
pub struct TokenPlan {
    /// `inline`, `crm_variables` or `creator_form`: which read and write the templates lay out.
    pub store: &'static str,
    /// How a request script gets an access token ("" when none could be had): a call of
    /// the access-token function. None inline: each script fetches its own.
    pub expression: Option<String>,
    /// The access-token function (`03-access-token.dg` is its body); None inline.
    pub function: Option<FunctionPlan>,
    /// Where each value lives: a CRM variable's API name or a form field's link name.
    pub slots: Slots,
    /// CRM Variables: the variables API of the CRM the scripts run in, and the connection.
    pub variables_url: String,
    /// True when that CRM is in another data centre than the one the token comes from:
    /// the token scripts then call two data centres on purpose.
    pub store_elsewhere: bool,
    /// The data centre of the CRM holding the variables, for the handover (`eu`).
    pub store_region: &'static str,
    pub connection: String,
    /// Creator form: the form, the field naming the spec's record, and its value.
    pub form: String,
    pub key_field: String,
    pub key: String,
    /// What the store is, for comments ("CRM Variables", "the form delugen_tokens").
    pub place: String,
    /// What the handover asks the client to create, one row per value.
    pub setup: Vec<SlotNote>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Slots {
    pub client_secret: String,
    pub refresh_token: String,
    pub access_token: String,
    pub expiry: String,
}

/// One value of the store, as the handover lists it.
#[derive(Debug, Clone, Serialize)]
pub struct SlotNote {
    pub name: String,
    pub kind: &'static str,
    pub holds: &'static str,
}

/// A store: where the values live and how they are described. Reading and writing are
/// laid out by the templates from `TokenPlan::store` and the slot names.
trait TokenStore {
    fn key(&self) -> &'static str;
    fn slots(&self) -> Slots;
    fn place(&self) -> String;
    /// The type each value is created with.
    fn kinds(&self) -> [&'static str; 4];
}

/// The values' names are made from the spec's name, so that several specs share a store.
pub fn prefix(spec: &Spec) -> String {
    let name = spec.name.as_str().replace('-', "_");
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("t_{name}")
    } else {
        name
    }
}

struct CrmVariables {
    prefix: String,
}

impl TokenStore for CrmVariables {
    fn key(&self) -> &'static str {
        "crm_variables"
    }
    fn slots(&self) -> Slots {
        let p = &self.prefix;
        Slots {
            client_secret: format!("{p}_client_secret"),
            refresh_token: format!("{p}_refresh_token"),
            access_token: format!("{p}_access_token"),
            expiry: format!("{p}_token_expiry"),
        }
    }
    fn place(&self) -> String {
        "CRM Variables".to_string()
    }
    fn kinds(&self) -> [&'static str; 4] {
        ["Single Line"; 4]
    }
}

/// The form every Creator spec's record lives in.
pub const CREATOR_FORM: &str = "delugen_tokens";

struct CreatorForm;

impl TokenStore for CreatorForm {
    fn key(&self) -> &'static str {
        "creator_form"
    }
    fn slots(&self) -> Slots {
        Slots {
            client_secret: "Client_Secret".to_string(),
            refresh_token: "Refresh_Token".to_string(),
            access_token: "Access_Token".to_string(),
            expiry: "Token_Expiry".to_string(),
        }
    }
    fn place(&self) -> String {
        format!("the form {CREATOR_FORM}")
    }
    fn kinds(&self) -> [&'static str; 4] {
        ["Single Line"; 4]
    }
}

/// The token plan of a token-mode spec.
pub fn plan(spec: &Spec, dc: &DataCentre) -> TokenPlan {
    let prefix = prefix(spec);
    let store: Option<Box<dyn TokenStore>> = match spec.auth.store() {
        TokenStoreKind::Inline => None,
        TokenStoreKind::CrmVariables => Some(Box::new(CrmVariables {
            prefix: prefix.clone(),
        })),
        TokenStoreKind::CreatorForm => Some(Box::new(CreatorForm)),
    };
    let Some(store) = store else {
        return TokenPlan {
            store: "inline",
            expression: None,
            function: None,
            slots: Slots {
                client_secret: String::new(),
                refresh_token: String::new(),
                access_token: String::new(),
                expiry: String::new(),
            },
            variables_url: String::new(),
            store_elsewhere: false,
            store_region: dc.key,
            connection: String::new(),
            form: String::new(),
            key_field: String::new(),
            key: String::new(),
            place: "the script".to_string(),
            setup: Vec::new(),
        };
    };
    let name = format!("{prefix}_access_token");
    let (location, declared, called) = match spec.runs_in() {
        Product::Creator => (
            "Zoho Creator: the application's Workflows → Functions → New Function (namespace integrations)",
            format!("integrations.{name}"),
            format!("thisapp.integrations.{name}"),
        ),
        // Only CRM and Creator have a store (validation refuses the rest).
        _ => (
            "Zoho CRM: Setup → Developer Space → Functions → New Function (category Standalone)",
            format!("standalone.{name}"),
            format!("standalone.{name}"),
        ),
    };
    let slots = store.slots();
    let kinds = store.kinds();
    let store_dc = spec.auth.store_region.unwrap_or(spec.region).data_centre();
    let setup = vec![
        SlotNote {
            name: slots.client_secret.clone(),
            kind: kinds[0],
            holds: "the client secret (you type it in once)",
        },
        SlotNote {
            name: slots.refresh_token.clone(),
            kind: kinds[1],
            holds: "the refresh token (02-refresh-token.dg writes it)",
        },
        SlotNote {
            name: slots.access_token.clone(),
            kind: kinds[2],
            holds: "the cached access token (written by the access-token function; leave empty)",
        },
        SlotNote {
            name: slots.expiry.clone(),
            kind: kinds[3],
            holds: "when the cached token expires, as yyyy-MM-dd HH:mm:ss (written by the function; leave empty)",
        },
    ];
    TokenPlan {
        store: store.key(),
        expression: Some(format!("{called}()")),
        function: Some(FunctionPlan {
            location: location.to_string(),
            signature: format!("string {declared}()"),
            call: format!("{called}()"),
            arguments: Vec::new(),
            returns_id: false,
            returns_token: true,
            returns_what: "an access token".to_string(),
            result_var: "v_AccessToken",
            arguments_how: "",
            return_key: None,
            reads: Vec::new(),
            entity: None,
            called_by: None,
        }),
        slots,
        variables_url: format!("{}/crm/v8/settings/variables", store_dc.api),
        store_elsewhere: store_dc.key != dc.key,
        store_region: store_dc.key,
        connection: spec
            .auth
            .store_connection
            .as_ref()
            .map(|c| c.as_str().to_string())
            .unwrap_or_default(),
        form: CREATOR_FORM.to_string(),
        key_field: "Spec".to_string(),
        key: spec.name.to_string(),
        place: store.place(),
        setup,
    }
}
