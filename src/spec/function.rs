//! Functions of steps: the spec's `functions:` and `auths:`. A function has arguments and
//! steps run in order, each a request of today's kinds with its own target and auth.
//!
//! A value in a step is a literal or a reference, and the two cannot be mistaken for each
//! other: text is always literal text; only the mapping shapes `{input: ...}` and
//! `{step: ...}` are references, and `{literal: ...}` sends any value (a mapping with a
//! key named `input` or `step` too) exactly as written.

use std::fmt;

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use super::inputs::{ArgType, InputRef, Inputs, OnError};
use super::model::{
    BooksBody, ConnectionService, FieldValue, Fields, Method, NumericId, Slug, Target, Text,
    Trigger, Via, checked_text,
};
use super::search::Op;
use crate::zoho::Product;

/// One generated function: `<name>.dg`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Function {
    pub name: Slug,
    /// What the function is for, shown in its header and the handover.
    #[serde(default)]
    pub description: Option<Text>,
    /// The function's arguments, in signature order (`optional: true` leaves a field out
    /// when the argument is empty).
    #[serde(default)]
    pub inputs: Inputs,
    /// What the function gives back: `nothing`, or `{step: <name>}` (default: the last
    /// step's result).
    #[serde(default)]
    pub returns: Option<FunctionReturns>,
    /// Who hears of a failed step besides the log (default: the spec's `on_error`).
    #[serde(default)]
    pub on_error: Option<OnError>,
    /// The workflow rule that calls the function, for the handover (and, in CRM, the
    /// automation function the rule calls).
    #[serde(default)]
    pub workflow_caller: Option<WorkflowCaller>,
    /// How its steps reach Zoho unless a step says otherwise (default: the spec's `via`,
    /// else `api`).
    #[serde(default)]
    pub via: Option<Via>,
    pub steps: Vec<Step>,
}

/// `returns: nothing` or `returns: {step: contact}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FunctionReturns {
    Nothing,
    Step(StepName),
}

/// The rule that calls a function: which module's records, and when.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkflowCaller {
    /// The module (CRM), module (Books: Invoices, Contacts...) or form (Creator) the
    /// rule watches.
    pub module: Text,
    /// The rule's name (default: the function's name).
    #[serde(default)]
    pub rule: Option<Text>,
    /// The condition the rule checks, in words as the client sets it in the rule
    /// (`Stage is Closed Won`).
    #[serde(default)]
    pub condition: Option<Text>,
}

/// A step's or a result's name: a letter, then letters, digits, `_` or `-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StepName(String);

impl StepName {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for StepName {
    type Error = String;
    fn try_from(value: String) -> Result<Self, String> {
        let ok = value.starts_with(|c: char| c.is_ascii_alphabetic())
            && value.len() <= 64
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if ok {
            Ok(StepName(value))
        } else {
            Err(format!(
                "\"{value}\" cannot name a step; expected a letter, then letters, digits, \
                 '_' or '-' (for example find-contact)"
            ))
        }
    }
}

impl<'de> Deserialize<'de> for StepName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        checked_text(deserializer, StepName::try_from)
    }
}

impl fmt::Display for StepName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How steps authenticate, by name: `auths: {crm: {connection: zcrm}, books: token}`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NamedAuths(pub Vec<(Text, AuthEntry)>);

impl NamedAuths {
    pub fn get(&self, name: &str) -> Option<&AuthEntry> {
        self.0
            .iter()
            .find(|(key, _)| key.as_str() == name)
            .map(|(_, entry)| entry)
    }
}

/// One named auth: a Zoho OAuth connection, or the spec's own token (its `client` and
/// `auth.store`).
#[derive(Debug, Clone, PartialEq)]
pub enum AuthEntry {
    Token,
    Connection {
        connection: Text,
        service: ConnectionService,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConnectionEntry {
    connection: Text,
    #[serde(default)]
    service: Option<ConnectionService>,
}

impl<'de> Deserialize<'de> for AuthEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntryVisitor;
        impl<'de> Visitor<'de> for EntryVisitor {
            type Value = AuthEntry;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("token, or {connection: <link name>}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<AuthEntry, E> {
                if v == "token" {
                    Ok(AuthEntry::Token)
                } else {
                    Err(E::custom(format!(
                        "\"{v}\" is not an auth; write token (the spec's client and auth.store) \
                         or {{connection: <link name>}}"
                    )))
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<AuthEntry, A::Error> {
                let entry =
                    ConnectionEntry::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(AuthEntry::Connection {
                    connection: entry.connection,
                    service: entry.service.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_any(EntryVisitor)
    }
}

impl<'de> Deserialize<'de> for NamedAuths {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AuthsVisitor;
        impl<'de> Visitor<'de> for AuthsVisitor {
            type Value = NamedAuths;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of auth name to token or {connection: <link name>}")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<NamedAuths, A::Error> {
                super::model::named_values(map).map(NamedAuths)
            }
        }
        deserializer.deserialize_map(AuthsVisitor)
    }
}

/// One step: a request with its own target and auth.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub name: StepName,
    /// Another name for the step's result (`as: contact`).
    #[serde(default, rename = "as")]
    pub result: Option<StepName>,
    /// The product the step calls (default: the spec's `product`).
    #[serde(default)]
    pub product: Option<Product>,
    /// CRM module, Books resource, or Creator `{owner, app, form, report}`.
    #[serde(default)]
    pub module: Option<Target>,
    /// Books: the organisation (default: the spec's).
    #[serde(default)]
    pub organization_id: Option<NumericId>,
    #[serde(default)]
    pub api_version: Option<String>,
    #[serde(default)]
    pub body: Option<BooksBody>,
    /// The name of an entry under the spec's `auths`.
    pub auth: Text,
    pub method: Method,
    /// The record's id: a literal or a reference.
    #[serde(default)]
    pub record_id: Option<Value>,
    /// The record: field → value (literal, reference, nested maps and lists).
    #[serde(default)]
    pub fields: ValueFields,
    /// `search` (CRM, Creator): `{field, op, value}` or `{all: [...]}` / `{any: [...]}`;
    /// a value is a literal, `{input: ...}` or `{step: ...}`.
    #[serde(default)]
    pub criteria: Option<StepCriteria>,
    /// `search`: query parameters (Books list filters; CRM `email`, `phone`, `word`).
    #[serde(default)]
    pub filters: Option<ValueFields>,
    /// CRM upsert: the fields that identify an existing record.
    #[serde(default)]
    pub duplicate_check_fields: Option<Vec<Text>>,
    #[serde(default)]
    pub trigger: Option<Vec<Trigger>>,
    #[serde(default)]
    pub options: Fields,
    #[serde(default)]
    pub max_pages: Option<u32>,
    /// Run only when an earlier search found nothing (`found: false`) or something.
    #[serde(default)]
    pub when: Option<When>,
    /// Run once per record of an earlier step's list.
    #[serde(default)]
    pub for_each: Option<ForEach>,
    /// This step's way to Zoho, when it differs from its function's (`task`: Deluge's
    /// own integration task).
    #[serde(default)]
    pub via: Option<Via>,
    /// `coql` (CRM): the select query, sent exactly as written.
    #[serde(default)]
    pub query: Option<Text>,
    /// A bulk write (or a CRM delete of listed ids): the records, a list written here,
    /// a List argument `{input: ...}` or an earlier step's list `{step: ...}`.
    #[serde(default)]
    pub records: Option<Value>,
}

impl Step {
    /// The names the step's result is known by: its name, and its `as`.
    pub fn names(&self) -> Vec<&StepName> {
        std::iter::once(&self.name).chain(&self.result).collect()
    }
}

impl Step {
    /// A Creator delete of the records matching criteria (no record id, no list of ids).
    pub fn deletes_by_criteria(&self) -> bool {
        self.method == Method::Delete
            && self.record_id.is_none()
            && self.records.is_none()
            && self.criteria.is_some()
    }

    /// True when the step's result is a list of ids (a bulk write, a delete of listed ids
    /// or by criteria), not of records.
    pub fn gives_ids(&self) -> bool {
        self.records.is_some() || self.deletes_by_criteria()
    }

    /// True when the step's result is a List: a search, a query, the ids of a bulk
    /// write or delete, or a step run for each record.
    pub fn gives_list(&self) -> bool {
        matches!(self.method, Method::Search | Method::Coql)
            || self.gives_ids()
            || self.for_each.is_some()
    }
}

/// A step's search criteria: the shape of `requests:` criteria, with any value.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StepCriteria {
    #[serde(default)]
    pub all: Option<Vec<StepCriteria>>,
    #[serde(default)]
    pub any: Option<Vec<StepCriteria>>,
    #[serde(default)]
    pub field: Option<Text>,
    #[serde(default)]
    pub op: Option<Op>,
    #[serde(default)]
    pub value: Option<Value>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct When {
    pub step: StepName,
    pub found: bool,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ForEach {
    pub step: StepName,
    /// The element's name, used as `{step: <as>, path: ...}` in the step.
    #[serde(rename = "as")]
    pub element: StepName,
    /// The most records a run goes through (default 50); a longer list stops the function.
    #[serde(default)]
    pub max: Option<u32>,
}

/// One part of a path into a step's result: a key, or a list position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    Key(String),
    Index(usize),
}

/// `Contact_Name.id`, `[0].contact_id`, `line_items[0].rate`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StepPath(pub Vec<PathPart>);

impl fmt::Display for StepPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, part) in self.0.iter().enumerate() {
            match part {
                PathPart::Key(key) if i == 0 => f.write_str(key)?,
                PathPart::Key(key) => write!(f, ".{key}")?,
                PathPart::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

impl TryFrom<String> for StepPath {
    type Error = String;
    fn try_from(value: String) -> Result<Self, String> {
        let bad = || {
            format!(
                "\"{value}\" is not a path; expected keys separated by '.' and list positions \
                 in brackets (for example Contact_Name.id or [0].contact_id)"
            )
        };
        let text = Text::new(value.clone())?;
        let mut parts = Vec::new();
        for piece in text.as_str().split('.') {
            let (key, mut rest) = match piece.find('[') {
                Some(at) => (&piece[..at], &piece[at..]),
                None => (piece, ""),
            };
            if !key.is_empty() {
                parts.push(PathPart::Key(key.to_string()));
            } else if rest.is_empty() {
                return Err(bad());
            }
            while let Some(inner) = rest.strip_prefix('[') {
                let end = inner.find(']').ok_or_else(bad)?;
                let index = inner[..end].parse::<usize>().map_err(|_| bad())?;
                parts.push(PathPart::Index(index));
                rest = &inner[end + 1..];
            }
            if !rest.is_empty() {
                return Err(bad());
            }
        }
        Ok(StepPath(parts))
    }
}

/// A value in a step: literal data, or a reference the planner checks and compiles.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text, a number, true/false, or anything under `{literal: ...}`: sent as written.
    Literal(FieldValue),
    List(Vec<Value>),
    Map(ValueFields),
    /// `{input: deal.Amount, as: Decimal}`.
    Input {
        reference: InputRef,
        convert_to: Option<ArgType>,
    },
    /// `{step: deal, path: Contact_Name.id, as: Decimal}`.
    Step {
        step: StepName,
        path: StepPath,
        convert_to: Option<ArgType>,
    },
}

/// Field → value in the order written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ValueFields(pub Vec<(Text, Value)>);

/// A value under a key of a mapping being read: `literal` keeps its value as data.
enum Entry {
    Value(Value),
    Literal(FieldValue),
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ValueVisitor;
        impl<'de> Visitor<'de> for ValueVisitor {
            type Value = Value;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "text, a number, true/false, a list, a mapping, {input: ...} or {step: ...}",
                )
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
                Ok(Value::Literal(FieldValue::Bool(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
                Ok(Value::Literal(FieldValue::Integer(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
                FieldValue::deserialize(de::value::U64Deserializer::<E>::new(v)).map(Value::Literal)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
                FieldValue::deserialize(de::value::F64Deserializer::<E>::new(v)).map(Value::Literal)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
                Text::new(v.to_string())
                    .map(|t| Value::Literal(FieldValue::Text(t)))
                    .map_err(E::custom)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
                Err(E::custom(
                    "empty (null) values are not sent; remove the field, write \"\" for empty \
                     text, or take it from an optional argument",
                ))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Value::List(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
                let mut entries: Vec<(Text, Entry)> = Vec::new();
                while let Some(key) = map.next_key::<Text>()? {
                    if key.as_str().is_empty() {
                        return Err(de::Error::custom("a field name cannot be empty"));
                    }
                    if entries.iter().any(|(k, _)| k == &key) {
                        return Err(de::Error::custom(format!(
                            "field \"{key}\" is written twice"
                        )));
                    }
                    let entry = if key.as_str() == "literal" {
                        Entry::Literal(map.next_value()?)
                    } else {
                        Entry::Value(map.next_value()?)
                    };
                    entries.push((key, entry));
                }
                classify(entries).map_err(de::Error::custom)
            }
        }
        deserializer.deserialize_any(ValueVisitor)
    }
}

/// A mapping is a reference when it has `input` or `step`, literal data under `literal`,
/// and otherwise a nested record.
fn classify(entries: Vec<(Text, Entry)>) -> Result<Value, String> {
    let has = |name: &str| entries.iter().any(|(k, _)| k.as_str() == name);
    let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
    let only = |allowed: &[&str]| keys.iter().all(|k| allowed.contains(k));
    let text_of = |name: &str| -> Result<Option<String>, String> {
        match entries.iter().find(|(k, _)| k.as_str() == name) {
            None => Ok(None),
            Some((_, Entry::Value(Value::Literal(FieldValue::Text(t))))) => {
                Ok(Some(t.as_str().to_string()))
            }
            Some(_) => Err(format!("\"{name}\" takes text here")),
        }
    };
    let convert_to =
        || -> Result<Option<ArgType>, String> { text_of("as")?.map(ArgType::try_from).transpose() };
    if has("literal") {
        if keys.len() != 1 {
            return Err(
                "{literal: ...} holds one value and nothing beside it; put the other keys inside it"
                    .to_string(),
            );
        }
        return match entries.into_iter().next() {
            Some((_, Entry::Literal(value))) => Ok(Value::Literal(value)),
            _ => Err("{literal: ...} holds one value".to_string()),
        };
    }
    if has("input") {
        if !only(&["input", "as"]) {
            return Err(
                "a mapping with input is a reference to an argument: only `as` goes beside it \
                 (to send a mapping that has a key named input, write {literal: {...}})"
                    .to_string(),
            );
        }
        let reference = InputRef::try_from(text_of("input")?.unwrap_or_default())?;
        return Ok(Value::Input {
            reference,
            convert_to: convert_to()?,
        });
    }
    if has("step") {
        if !only(&["step", "path", "as"]) {
            return Err(
                "a mapping with step is a reference to a step's result: only `path` and `as` go \
                 beside it (to send a mapping that has a key named step, write {literal: {...}})"
                    .to_string(),
            );
        }
        let step = StepName::try_from(text_of("step")?.unwrap_or_default())?;
        let path = match text_of("path")? {
            Some(path) => StepPath::try_from(path)?,
            None => StepPath::default(),
        };
        return Ok(Value::Step {
            step,
            path,
            convert_to: convert_to()?,
        });
    }
    let fields = entries
        .into_iter()
        .map(|(key, entry)| match entry {
            Entry::Value(value) => (key, value),
            Entry::Literal(value) => (key, Value::Literal(value)),
        })
        .collect();
    Ok(Value::Map(ValueFields(fields)))
}

impl<'de> Deserialize<'de> for ValueFields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldsVisitor;
        impl<'de> Visitor<'de> for FieldsVisitor {
            type Value = ValueFields;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of field name to value")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ValueFields, A::Error> {
                super::model::named_values(map).map(ValueFields)
            }
        }
        deserializer.deserialize_map(FieldsVisitor)
    }
}

impl<'de> Deserialize<'de> for FunctionReturns {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct StepReturn {
            step: StepName,
        }
        struct ReturnsVisitor;
        impl<'de> Visitor<'de> for ReturnsVisitor {
            type Value = FunctionReturns;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("nothing, or {step: <step name>}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FunctionReturns, E> {
                match v {
                    "nothing" => Ok(FunctionReturns::Nothing),
                    _ => Err(E::custom(format!(
                        "\"{v}\" is not what a function returns; write nothing, or {{step: <step name>}}"
                    ))),
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<FunctionReturns, A::Error> {
                StepReturn::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|r| FunctionReturns::Step(r.step))
            }
        }
        deserializer.deserialize_any(ReturnsVisitor)
    }
}

/// True when the spec's own `client` and `auth` are in use: by requests, by a step whose
/// auth is `token`, or because the spec writes them. A spec of functions that only use
/// connections needs neither.
pub fn uses_spec_auth(spec: &super::model::Spec) -> bool {
    let token_step = spec
        .functions
        .iter()
        .flat_map(|f| &f.steps)
        .any(|step| matches!(spec.auths.get(step.auth.as_str()), Some(AuthEntry::Token)));
    !spec.requests.is_empty()
        || token_step
        || spec.client.is_some()
        || spec.auth.mode == super::model::AuthMode::Connection
        || spec.auth.store.is_some()
}

/// A field name with a dot would reach Zoho as one key with a dot in it, never nested.
/// `from_inputs` of a request cannot nest: a function's step can.
pub fn dotted_key(path: super::diagnostic::FieldPath, name: &str) -> super::diagnostic::Problem {
    let (head, tail) = name.split_once('.').unwrap_or((name, ""));
    let help = if path.0.first() == Some(&super::diagnostic::Segment::Key("requests".into()))
        && path.last_key() == Some(name)
        && path
            .0
            .iter()
            .any(|s| s == &super::diagnostic::Segment::Key("from_inputs".into()))
    {
        format!(
            "a request takes arguments only at the top of the record; write it as a function \
             step, whose fields nest: {head}: [{{{tail}: {{input: ...}}}}] (`delugen man spec`: Functions and steps)"
        )
    } else {
        format!(
            "write the nesting instead, e.g. {head}: {{{tail}: ...}} (or {head}: [{{{tail}: ...}}] \
             for a list of records, such as line items)"
        )
    };
    super::diagnostic::Problem::new(
        path,
        format!(
            "field \"{name}\" has a '.' in its name: Zoho would get one key \"{name}\", not a \
             nested value"
        ),
    )
    .help(help)
}

/// A CRM step's literal criteria values follow the rule of requests' criteria: no
/// backslash where Zoho documents no escaping for it.
pub fn check_crm_criteria(
    criteria: &super::search::Criteria,
    at: &super::diagnostic::FieldPath,
) -> Vec<super::diagnostic::Problem> {
    let mut problems = Vec::new();
    super::validate::check_crm_backslashes(criteria, at, &mut problems);
    problems
}

/// Problems that do not stop the spec: a function's argument no step reads.
pub fn warnings(spec: &super::model::Spec) -> Vec<super::diagnostic::Problem> {
    fn reads(value: &Value, names: &mut Vec<String>) {
        match value {
            Value::Input { reference, .. } => names.push(reference.input.clone()),
            Value::List(items) => items.iter().for_each(|item| reads(item, names)),
            Value::Map(fields) => fields.0.iter().for_each(|(_, v)| reads(v, names)),
            Value::Literal(_) | Value::Step { .. } => {}
        }
    }
    fn criteria_reads(criteria: &StepCriteria, names: &mut Vec<String>) {
        criteria.value.iter().for_each(|v| reads(v, names));
        for list in [&criteria.all, &criteria.any].into_iter().flatten() {
            list.iter().for_each(|inner| criteria_reads(inner, names));
        }
    }
    let mut warnings = Vec::new();
    for (f, function) in spec.functions.iter().enumerate() {
        let mut names = Vec::new();
        for step in &function.steps {
            step.record_id.iter().for_each(|v| reads(v, &mut names));
            step.records.iter().for_each(|v| reads(v, &mut names));
            step.fields.0.iter().for_each(|(_, v)| reads(v, &mut names));
            step.filters
                .iter()
                .flat_map(|f| &f.0)
                .for_each(|(_, v)| reads(v, &mut names));
            step.criteria
                .iter()
                .for_each(|c| criteria_reads(c, &mut names));
        }
        for input in &function.inputs.0 {
            if !names.iter().any(|n| n == input.name.as_str()) {
                warnings.push(
                    super::diagnostic::Problem::new(
                        super::diagnostic::FieldPath::root()
                            .key("functions")
                            .index(f)
                            .key("inputs")
                            .key(input.name.as_str()),
                        format!("argument \"{}\" is declared but never used", input.name),
                    )
                    .help("read it in a step with {input: ...}, or remove it"),
                );
            }
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_keys_and_positions() {
        let path = |s: &str| StepPath::try_from(s.to_string()).map(|p| p.to_string());
        assert_eq!(path("Contact_Name.id").unwrap(), "Contact_Name.id");
        assert_eq!(path("[0].contact_id").unwrap(), "[0].contact_id");
        assert_eq!(path("line_items[2].rate").unwrap(), "line_items[2].rate");
        assert!(path("a..b").is_err());
        assert!(path("[x]").is_err());
        assert!(path("a[1").is_err());
        assert!(path("").is_err());
    }
}
