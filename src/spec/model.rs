//! The spec as typed data. Leaf types check themselves while they are read, so the YAML
//! reader can point at the exact line and column of a bad value.

use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};

use super::function::{Function, NamedAuths};
use super::inputs::{
    DuplicateCheck, Filters, FromInputs, InputUse, Inputs, OnError, RecordId, Returns,
};
use super::search::Criteria;
use crate::zoho::{Product, Region, Scope};

/// One integration for one client: the whole YAML file.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub name: Slug,
    pub product: Product,
    pub region: Region,
    #[serde(default)]
    pub client: Option<Client>,
    pub scopes: Vec<Scope>,
    /// Required with `requests`; a spec of functions names each step's module instead.
    #[serde(default)]
    pub module: Target,
    #[serde(default)]
    pub api_version: Option<String>,
    #[serde(default)]
    pub organization_id: Option<NumericId>,
    #[serde(default)]
    pub auth: Auth,
    /// Zoho Books only: how the record travels (default `jsonstring`).
    #[serde(default)]
    pub body: Option<BooksBody>,
    /// Who hears of a failed request besides the log.
    #[serde(default)]
    pub on_error: Option<OnError>,
    /// Where the scripts are pasted (default: the product they call).
    #[serde(default)]
    pub runs_in: Option<Product>,
    /// How every request, and every step of a function, goes unless it (or its function)
    /// says otherwise: Zoho's REST API through `invokeurl` (default) or Deluge's own
    /// integration task.
    #[serde(default)]
    pub via: Option<Via>,
    /// Zoho Creator only: the application's date format (its Settings → General), which
    /// date arguments are written in (default Creator's `dd-MMM-yyyy`).
    #[serde(default)]
    pub date_format: Option<Text>,
    /// Required unless the spec has `functions`.
    #[serde(default)]
    pub requests: Vec<Request>,
    /// How steps authenticate, by name: connections, or `token` (the spec's own client).
    #[serde(default)]
    pub auths: NamedAuths,
    /// Functions of steps, each one generated function.
    #[serde(default)]
    pub functions: Vec<Function>,
}

impl Spec {
    /// The product whose editor the scripts are pasted into.
    pub fn runs_in(&self) -> Product {
        self.runs_in.unwrap_or(self.product)
    }

    /// How a request goes: its own `via`, else the spec's, else the API.
    pub fn via(&self, request: &Request) -> Via {
        request.via.or(self.via).unwrap_or_default()
    }

    /// How a function's step goes: its own `via`, else its function's, else the spec's,
    /// else the API.
    pub fn step_via(
        &self,
        function: &super::function::Function,
        step: &super::function::Step,
    ) -> Via {
        step.via.or(function.via).or(self.via).unwrap_or_default()
    }

    /// True when some request goes through `invokeurl` (and so may need a token).
    pub fn calls_the_api(&self) -> bool {
        // Steps through invokeurl with a token auth need the spec's client and its token
        // scripts (a step through a Deluge task uses no token).
        let steps_use_a_token = self.functions.iter().any(|function| {
            function.steps.iter().any(|step| {
                self.step_via(function, step) == Via::Api
                    && matches!(
                        self.auths.get(step.auth.as_str()),
                        Some(super::function::AuthEntry::Token)
                    )
            })
        });
        steps_use_a_token || self.requests.iter().any(|r| self.via(r) == Via::Api)
    }
}

/// How a request reaches Zoho.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Via {
    /// Zoho's REST API through `invokeurl` (a token or a connection).
    #[default]
    Api,
    /// Deluge's own integration task (`zoho.crm.createRecord`, ...) or, in a Creator app
    /// writing to itself, `insert into` and `Form[criteria]`.
    Task,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Api => "api",
            Via::Task => "task",
        }
    }
}

/// How a Zoho Books request carries its record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum BooksBody {
    /// The form field `JSONString` holding the record's JSON text (the seed's form).
    Jsonstring,
    /// The record's JSON text as the body, with `content-type: application/json`.
    Json,
}

/// The OAuth client registered in Zoho's API console.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Client {
    pub id: Text,
    #[serde(default)]
    pub secret: Option<Secret>,
    /// The redirect URI registered for a server-based client; a self client has none.
    #[serde(default)]
    pub redirect_uri: Option<Text>,
    /// `server` (default: a server-based client, whose grant code comes through the
    /// consent address) or `self` (a self client, whose grant code is made in the API
    /// console's Self Client tab).
    #[serde(default, rename = "type")]
    pub kind: ClientKind,
}

/// The kind of client registered in Zoho's API console.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ClientKind {
    /// A server-based client: a redirect URI, and the consent address for a grant code.
    #[default]
    Server,
    /// A self client: no redirect URI; the grant code is generated in the API console.
    #[serde(rename = "self")]
    SelfClient,
}

impl Client {
    /// The registered redirect URI ("" for a self client).
    pub fn redirect(&self) -> &str {
        self.redirect_uri.as_ref().map_or("", |u| u.as_str())
    }

    pub fn is_self(&self) -> bool {
        self.kind == ClientKind::SelfClient
    }
}

/// How scripts authenticate.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Auth {
    #[serde(default)]
    pub mode: AuthMode,
    #[serde(default)]
    pub connection: Option<Text>,
    #[serde(default)]
    pub grant_code: Option<Secret>,
    #[serde(default)]
    pub refresh_token: Option<Secret>,
    #[serde(default)]
    pub state: Option<Text>,
    /// Token mode: where the client secret, refresh token and cached access token live.
    #[serde(default)]
    pub store: Option<TokenStoreKind>,
    /// `store: crm-variables`: the link name of a Zoho OAuth connection to the same CRM,
    /// through which the variables are read and written.
    #[serde(default)]
    pub store_connection: Option<Text>,
    /// `store: crm-variables`: the data centre of the CRM that holds the variables, when
    /// it is not `region` (the scripts run in a CRM of another data centre).
    #[serde(default)]
    pub store_region: Option<Region>,
    /// Connection mode: a built-in Zoho service (same organisation) or a custom OAuth 2.0
    /// service (another organisation or data centre).
    #[serde(default)]
    pub connection_service: Option<ConnectionService>,
}

impl Auth {
    /// The token store (inline unless the spec names one).
    pub fn store(&self) -> TokenStoreKind {
        self.store.unwrap_or_default()
    }

    /// The connection's service (built-in unless the spec says custom).
    pub fn connection_service(&self) -> ConnectionService {
        self.connection_service.unwrap_or_default()
    }
}

/// Where a token-mode spec keeps its secrets and its cached access token.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TokenStoreKind {
    /// In every script's text; a new access token on every run.
    #[default]
    Inline,
    /// CRM Variables of the CRM the scripts run in (`runs_in: crm`).
    CrmVariables,
    /// A record of an admin-only form of the Creator application (`runs_in: creator`).
    CreatorForm,
}

impl TokenStoreKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenStoreKind::Inline => "inline",
            TokenStoreKind::CrmVariables => "crm-variables",
            TokenStoreKind::CreatorForm => "creator-form",
        }
    }
}

/// Which service a connection-mode spec's connection is made with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ConnectionService {
    /// Zoho's own service (Zoho CRM, Zoho Books, ...): the same organisation.
    #[default]
    BuiltIn,
    /// A custom OAuth 2.0 service with the client of another organisation or data centre.
    Custom,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum AuthMode {
    /// Scripts hold the client and fetch tokens themselves.
    #[default]
    Token,
    /// Requests use a Zoho OAuth connection; no token scripts.
    Connection,
}

/// What the requests write to: a CRM module or Books resource by name, or a Creator app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Named(String),
    Creator(CreatorTarget),
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatorTarget {
    pub owner: String,
    pub app: String,
    #[serde(default)]
    pub form: Option<String>,
    #[serde(default)]
    pub report: Option<String>,
}

/// No module yet: a spec of functions only names its modules in the steps.
impl Default for Target {
    fn default() -> Self {
        Target::Named(String::new())
    }
}

impl Target {
    /// True when the spec wrote no top-level module.
    pub fn is_unset(&self) -> bool {
        matches!(self, Target::Named(name) if name.is_empty())
    }
}

impl<'de> Deserialize<'de> for Target {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TargetVisitor;
        impl<'de> Visitor<'de> for TargetVisitor {
            type Value = Target;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a module name (CRM, Books) or a mapping of owner, app, form/report (Creator)",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Target, E> {
                Ok(Target::Named(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Target, A::Error> {
                CreatorTarget::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(Target::Creator)
            }
        }
        deserializer.deserialize_any(TargetVisitor)
    }
}

/// One request script.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Request {
    pub name: Slug,
    pub method: Method,
    /// The function's arguments; a request with inputs becomes a function's body.
    #[serde(default)]
    pub inputs: Inputs,
    #[serde(default)]
    pub record_id: Option<RecordId>,
    /// Literal values: always sent exactly as written.
    #[serde(default)]
    pub fields: Fields,
    /// Values taken from the arguments.
    #[serde(default)]
    pub from_inputs: FromInputs,
    #[serde(default)]
    pub trigger: Option<Vec<Trigger>>,
    #[serde(default)]
    pub duplicate_check_fields: Option<DuplicateCheck>,
    /// What a function gives back (default: the record's id).
    #[serde(default)]
    pub returns: Option<Returns>,
    /// CRM: also render the workflow (automation) function that calls this one.
    #[serde(default)]
    pub workflow_caller: bool,
    /// `search`: the conditions records must meet (CRM, Creator).
    #[serde(default)]
    pub criteria: Option<Criteria>,
    /// `search`: query parameters (Books list filters; CRM `email`, `phone`, `word`).
    #[serde(default)]
    pub filters: Option<Filters>,
    /// `search`: how many pages a run reads at most (each page one request).
    #[serde(default)]
    pub max_pages: Option<u32>,
    /// A bulk write: the records come from a `List` argument, each a `Map`.
    #[serde(default)]
    pub records: Option<InputUse>,
    /// Product options: query parameters, headers or body keys, checked per product.
    #[serde(default)]
    pub options: Fields,
    /// `coql`: the select query, sent exactly as written.
    #[serde(default)]
    pub query: Option<Text>,
    /// This request's way to Zoho, when it differs from the spec's `via`.
    #[serde(default)]
    pub via: Option<Via>,
}

/// What a request does. Spelled as HTTP verbs, plus CRM's `upsert` and `search`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema, clap::ValueEnum,
)]
pub enum Method {
    #[serde(rename = "GET")]
    #[value(name = "GET", alias = "get")]
    Get,
    #[serde(rename = "search")]
    #[value(name = "search")]
    Search,
    #[serde(rename = "DELETE")]
    #[value(name = "DELETE", alias = "delete")]
    Delete,
    /// CRM's query language: `POST /crm/{version}/coql`.
    #[serde(rename = "coql")]
    #[value(name = "coql")]
    Coql,
    #[serde(rename = "POST")]
    #[value(name = "POST", alias = "post")]
    Post,
    #[serde(rename = "PUT")]
    #[value(name = "PUT", alias = "put")]
    Put,
    #[serde(rename = "PATCH")]
    #[value(name = "PATCH", alias = "patch")]
    Patch,
    #[serde(rename = "upsert")]
    #[value(name = "upsert")]
    Upsert,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Search => "search",
            Method::Delete => "DELETE",
            Method::Coql => "coql",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Upsert => "upsert",
        }
    }

    /// Reads change nothing: they take no fields and return what they found.
    pub fn is_read(self) -> bool {
        matches!(self, Method::Get | Method::Search | Method::Coql)
    }

    /// Writes send a record (create, update, upsert).
    pub fn is_write(self) -> bool {
        matches!(
            self,
            Method::Post | Method::Put | Method::Patch | Method::Upsert
        )
    }
}

/// CRM automation a write may set off; `trigger: []` sets off none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Trigger {
    Workflow,
    Approval,
    Blueprint,
    Pathfinder,
    Orchestration,
}

/// Text that can be written safely inside a Deluge text literal: anything but control
/// characters other than tab and newline (Deluge has no escape for them).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Text(String);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn new(value: String) -> Result<Self, String> {
        if let Some(c) = value
            .chars()
            .find(|c| c.is_control() && !matches!(c, '\n' | '\t'))
        {
            return Err(format!(
                "text contains the control character U+{:04X}, which a Deluge text literal \
                 cannot hold; remove it (line breaks and tabs are fine)",
                c as u32
            ));
        }
        // Overrides and isolates reorder what an editor shows, so a pasted script could
        // read differently from what it does. Marks (U+200E, U+200F, U+061C) are fine.
        if let Some(c) = value
            .chars()
            .find(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        {
            return Err(format!(
                "text contains U+{:04X}, a bidirectional override or isolate character, which \
                 makes the script display differently from what it runs; remove it \
                 (right-to-left text itself, and the marks U+200E and U+200F, are fine)",
                c as u32
            ));
        }
        Ok(Text(value))
    }
}

/// Reads text and checks it with `check` while the reader still stands on the value, so an
/// error carries the value's own line and column.
pub fn checked_text<'de, D, T>(
    deserializer: D,
    check: fn(String) -> Result<T, String>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct CheckedVisitor<T>(fn(String) -> Result<T, String>);
    impl<T> Visitor<'_> for CheckedVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("text")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            (self.0)(v.to_string()).map_err(E::custom)
        }
    }
    deserializer.deserialize_str(CheckedVisitor(check))
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        checked_text(deserializer, Text::new)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A name used in file and folder names: lowercase letters, digits, `-` and `_`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Slug {
    type Error = String;
    fn try_from(value: String) -> Result<Self, String> {
        let ok = (1..=64).contains(&value.len())
            && value.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
            && value
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if ok && is_reserved_device_name(&value) {
            Err(format!(
                "\"{value}\" is a reserved device name on Windows (con, prn, aux, nul, com1-9, \
                 lpt1-9), so no file or folder can be named after it there; choose another name"
            ))
        } else if ok {
            Ok(Slug(value))
        } else {
            Err(format!(
                "\"{value}\" is not a valid name; expected 1 to 64 lowercase letters, digits, \
                 '-' or '_', starting with a letter or digit (for example \"acme-leads\")"
            ))
        }
    }
}

/// Names Windows keeps for devices, with or without an extension (`con.dg` too).
fn is_reserved_device_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name);
    matches!(stem, "con" | "prn" | "aux" | "nul")
        || ((stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit()
            && stem.as_bytes()[3] != b'0')
}

impl<'de> Deserialize<'de> for Slug {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        checked_text(deserializer, Slug::try_from)
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A Zoho record or organisation id: digits only, written as text or as a number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct NumericId(String);

impl NumericId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for NumericId {
    type Error = String;
    fn try_from(value: String) -> Result<Self, String> {
        if !value.is_empty() && value.len() <= 32 && value.chars().all(|c| c.is_ascii_digit()) {
            Ok(NumericId(value))
        } else if value.starts_with("${") {
            Err(format!(
                "\"{value}\" is not read from the environment here (only client.secret, \
                 auth.grant_code and auth.refresh_token are); write the id's digits"
            ))
        } else {
            Err(format!(
                "\"{value}\" is not a Zoho id; expected digits only (for example \"4876876000000123456\")"
            ))
        }
    }
}

impl<'de> Deserialize<'de> for NumericId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdVisitor;
        impl Visitor<'_> for IdVisitor {
            type Value = NumericId;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a numeric id, as text or a number")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<NumericId, E> {
                Ok(NumericId(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<NumericId, E> {
                NumericId::try_from(v.to_string()).map_err(E::custom)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<NumericId, E> {
                NumericId::try_from(v.to_string()).map_err(E::custom)
            }
        }
        deserializer.deserialize_any(IdVisitor)
    }
}

/// A secret written in the spec, or the name of the environment variable that holds it
/// (`${ACME_SECRET}`), read only when scripts are rendered.
#[derive(Clone, PartialEq, Eq)]
pub enum Secret {
    Literal(Text),
    Env(String),
}

// Never print a secret's value, even in debug output.
impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Secret::Literal(_) => f.write_str("Secret::Literal(<redacted>)"),
            Secret::Env(name) => write!(f, "Secret::Env({name})"),
        }
    }
}

impl TryFrom<String> for Secret {
    type Error = String;
    fn try_from(value: String) -> Result<Self, String> {
        let Some(rest) = value.strip_prefix("${") else {
            return Text::new(value).map(Secret::Literal);
        };
        let name = rest.strip_suffix('}').unwrap_or_default();
        let valid_name = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if valid_name {
            Ok(Secret::Env(name.to_string()))
        } else {
            Err(
                "a value starting with \"${\" must be an environment variable reference \
                 such as \"${ACME_ZOHO_SECRET}\" (letters, digits and '_')"
                    .to_string(),
            )
        }
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        checked_text(deserializer, Secret::try_from)
    }
}

/// A record's fields in the order written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Fields(pub Vec<(Text, FieldValue)>);

/// A field value: what YAML can say that Zoho's JSON can carry.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    Text(Text),
    Integer(i64),
    Decimal(f64),
    Bool(bool),
    List(Vec<FieldValue>),
    Map(Fields),
}

/// Reads a mapping of field name → value in the order written, refusing empty and
/// repeated names.
pub fn named_values<'de, A, V>(mut map: A) -> Result<Vec<(Text, V)>, A::Error>
where
    A: MapAccess<'de>,
    V: Deserialize<'de>,
{
    let mut fields: Vec<(Text, V)> = Vec::new();
    // A set beside the list keeps the check linear in the number of fields.
    let mut seen = std::collections::HashSet::new();
    while let Some(key) = map.next_key::<Text>()? {
        if key.as_str().is_empty() {
            return Err(de::Error::custom("a field name cannot be empty"));
        }
        if key.as_str() == "<<" {
            return Err(de::Error::custom(
                "\"<<\" is a YAML merge key, which delugen does not apply; write \
                 each field out (YAML anchors for single values work)",
            ));
        }
        if !seen.insert(key.as_str().to_string()) {
            return Err(de::Error::custom(format!(
                "field \"{key}\" is written twice"
            )));
        }
        fields.push((key, map.next_value()?));
    }
    Ok(fields)
}

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldsVisitor;
        impl<'de> Visitor<'de> for FieldsVisitor {
            type Value = Fields;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of field name to value")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Fields, A::Error> {
                named_values(map).map(Fields)
            }
        }
        deserializer.deserialize_map(FieldsVisitor)
    }
}

impl<'de> Deserialize<'de> for FieldValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ValueVisitor;
        impl<'de> Visitor<'de> for ValueVisitor {
            type Value = FieldValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("text, a number, true/false, a list or a mapping")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<FieldValue, E> {
                Ok(FieldValue::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<FieldValue, E> {
                Ok(FieldValue::Integer(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<FieldValue, E> {
                i64::try_from(v).map(FieldValue::Integer).map_err(|_| {
                    E::custom(format!(
                        "{v} is larger than Deluge's biggest whole number; quote it to send it as text"
                    ))
                })
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<FieldValue, E> {
                if v.is_finite() {
                    Ok(FieldValue::Decimal(v))
                } else {
                    Err(E::custom(
                        "infinity and NaN cannot be sent to Zoho; quote the value to send it as text",
                    ))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FieldValue, E> {
                Text::new(v.to_string())
                    .map(FieldValue::Text)
                    .map_err(E::custom)
            }
            fn visit_unit<E: de::Error>(self) -> Result<FieldValue, E> {
                Err(E::custom(
                    "empty (null) values are not sent; remove the field, or write \"\" for empty text",
                ))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<FieldValue, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(FieldValue::List(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<FieldValue, A::Error> {
                Fields::deserialize(de::value::MapAccessDeserializer::new(map)).map(FieldValue::Map)
            }
        }
        deserializer.deserialize_any(ValueVisitor)
    }
}

impl Serialize for Fields {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key.as_str(), value)?;
        }
        map.end()
    }
}

impl Serialize for FieldValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            FieldValue::Text(text) => serializer.serialize_str(text.as_str()),
            FieldValue::Integer(n) => serializer.serialize_i64(*n),
            FieldValue::Decimal(n) => serializer.serialize_f64(*n),
            FieldValue::Bool(b) => serializer.serialize_bool(*b),
            FieldValue::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            FieldValue::Map(fields) => fields.serialize(serializer),
        }
    }
}
