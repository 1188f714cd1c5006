//! The JSON Schema of a spec (draft-07), derived from the spec types so that editors can
//! complete and check specs. Types that read themselves by hand describe themselves here.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::function::{FunctionReturns, NamedAuths, StepName, Value, ValueFields};
use super::inputs::{
    ArgType, DuplicateCheck, Filters, FromInputs, InputUse, Inputs, RecordId, SearchValue,
};
use super::model::{
    CreatorTarget, FieldValue, Fields, NumericId, Secret, Slug, Spec, Target, Text,
};
use crate::zoho::Scope;

/// The schema as pretty JSON, ending in a newline.
pub fn json() -> String {
    let schema = schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<Spec>();
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

macro_rules! described {
    ($ty:ty, $name:literal, $schema:tt) => {
        impl JsonSchema for $ty {
            fn schema_name() -> Cow<'static, str> {
                $name.into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!($schema)
            }
        }
    };
}

described!(Text, "Text", {"type": "string"});
described!(Slug, "Slug", {
    "type": "string",
    "pattern": "^[a-z0-9][a-z0-9_-]{0,63}$",
    "description": "lowercase letters, digits, '-' and '_'; used in folder and file names"
});
described!(NumericId, "NumericId", {
    "type": ["string", "integer"],
    "pattern": "^[0-9]+$",
    "description": "a Zoho id: digits only"
});
described!(Secret, "Secret", {
    "type": "string",
    "description": "the value, or ${ENV_VAR} to read it from the environment when rendering"
});
described!(Scope, "Scope", {
    "type": "string",
    "pattern": "^[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+){2,}$",
    "description": "Service.scope_name[.sub].OPERATION, e.g. ZohoCRM.modules.leads.ALL"
});
described!(FieldValue, "FieldValue", {
    "type": ["string", "number", "boolean", "array", "object"],
    "description": "text, a number, true/false, or a nested list or mapping (sent as JSON)"
});

impl JsonSchema for Fields {
    fn schema_name() -> Cow<'static, str> {
        "Fields".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let value = generator.subschema_for::<FieldValue>();
        json_schema!({"type": "object", "additionalProperties": value})
    }
}

impl JsonSchema for Target {
    fn schema_name() -> Cow<'static, str> {
        "Target".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let creator = generator.subschema_for::<CreatorTarget>();
        json_schema!({
            "description": "CRM module API name (Leads), Books resource (contacts), or for Creator {owner, app, form, report}",
            "oneOf": [{"type": "string"}, creator]
        })
    }
}

described!(ArgType, "ArgType", {
    "type": "string",
    "enum": ["String", "Int", "Decimal", "Bool", "Date", "DateTime", "Map", "List"],
    "description": "a Deluge argument type (any case is accepted)"
});

/// `argument` or `argument.key.key` (a key inside a Map argument).
const REFERENCE_PATTERN: &str = "^[A-Za-z][A-Za-z0-9_]*(\\.[^.]+)*$";

impl JsonSchema for InputUse {
    fn schema_name() -> Cow<'static, str> {
        "InputUse".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let long = input_form(generator);
        json_schema!({
            "description": "an argument (deal_id) or a key of a Map argument (invoice.customer_id); {input, as} converts it",
            "oneOf": [{"type": "string", "pattern": REFERENCE_PATTERN}, long]
        })
    }
}

impl JsonSchema for Inputs {
    fn schema_name() -> Cow<'static, str> {
        "Inputs".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let kind = generator.subschema_for::<ArgType>();
        let example = generator.subschema_for::<FieldValue>();
        json_schema!({
            "description": "the function's arguments: name → type, or name → {type, description, example, mapped_from}",
            "type": "object",
            "propertyNames": {"pattern": "^[A-Za-z][A-Za-z0-9_]{0,63}$"},
            "additionalProperties": {
                "oneOf": [
                    kind.clone(),
                    {
                        "type": "object",
                        "properties": {
                            "type": kind,
                            "description": {"type": "string"},
                            "example": example,
                            "mapped_from": {"type": "string", "description": "where the caller takes the value from, e.g. Deals › Deal Id"},
                            "optional": {"type": "boolean", "description": "functions: an empty or null argument leaves its field out of the request"}
                        },
                        "required": ["type"],
                        "additionalProperties": false
                    }
                ]
            }
        })
    }
}

impl JsonSchema for FromInputs {
    fn schema_name() -> Cow<'static, str> {
        "FromInputs".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let used = generator.subschema_for::<InputUse>();
        json_schema!({
            "description": "field name → the argument its value comes from",
            "type": "object",
            "additionalProperties": used
        })
    }
}

/// The mapping form of a value taken from an argument.
fn input_form(generator: &mut SchemaGenerator) -> Schema {
    let kind = generator.subschema_for::<ArgType>();
    json_schema!({
        "type": "object",
        "properties": {
            "input": {"type": "string", "pattern": REFERENCE_PATTERN},
            "as": kind
        },
        "required": ["input"],
        "additionalProperties": false
    })
}

impl JsonSchema for RecordId {
    fn schema_name() -> Cow<'static, str> {
        "RecordId".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let literal = generator.subschema_for::<NumericId>();
        let input = input_form(generator);
        json_schema!({
            "description": "the record's id (digits), or {input: <Int or String argument>}",
            "oneOf": [literal, input]
        })
    }
}

impl JsonSchema for DuplicateCheck {
    fn schema_name() -> Cow<'static, str> {
        "DuplicateCheck".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let names = generator.subschema_for::<Vec<Text>>();
        let input = input_form(generator);
        json_schema!({
            "description": "field names that identify an existing record, or {input: <List argument>}",
            "oneOf": [names, input]
        })
    }
}

impl JsonSchema for SearchValue {
    fn schema_name() -> Cow<'static, str> {
        "SearchValue".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let input = input_form(generator);
        json_schema!({
            "description": "a literal (text, number, true/false), or {input: <argument>}",
            "oneOf": [{"type": ["string", "number", "boolean"]}, input]
        })
    }
}

impl JsonSchema for Filters {
    fn schema_name() -> Cow<'static, str> {
        "Filters".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let value = generator.subschema_for::<SearchValue>();
        json_schema!({
            "description": "query parameters of a search: Books list filters (email, contact_name, status, ...), CRM email, phone or word",
            "type": "object",
            "additionalProperties": value
        })
    }
}

described!(StepName, "StepName", {
    "type": "string",
    "pattern": "^[A-Za-z][A-Za-z0-9_-]{0,63}$",
    "description": "a step's name or result name (letters, digits, '_', '-')"
});
described!(FunctionReturns, "FunctionReturns", {
    "description": "nothing, or {step: <step name>} (default: the last step's result)",
    "oneOf": [
        {"type": "string", "enum": ["nothing"]},
        {"type": "object", "properties": {"step": {"type": "string"}}, "required": ["step"], "additionalProperties": false}
    ]
});

impl JsonSchema for NamedAuths {
    fn schema_name() -> Cow<'static, str> {
        "NamedAuths".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "auth name → token (the spec's client and auth.store) or {connection: <link name>, service: built-in|custom}",
            "type": "object",
            "additionalProperties": {
                "oneOf": [
                    {"type": "string", "enum": ["token"]},
                    {
                        "type": "object",
                        "properties": {
                            "connection": {"type": "string"},
                            "service": {"type": "string", "enum": ["built-in", "custom"]}
                        },
                        "required": ["connection"],
                        "additionalProperties": false
                    }
                ]
            }
        })
    }
}

impl JsonSchema for Value {
    fn schema_name() -> Cow<'static, str> {
        "Value".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let kind = generator.subschema_for::<ArgType>();
        let literal = generator.subschema_for::<FieldValue>();
        json_schema!({
            "description": "a literal (text is always text), {input: <argument>[.key], as}, {step: <step>, path: a.b / [0].c, as}, {literal: <any value>}, or a list or mapping of values",
            "anyOf": [
                {"type": ["string", "number", "boolean"]},
                {"type": "array", "items": {"$ref": "#/definitions/Value"}},
                {
                    "type": "object",
                    "properties": {"input": {"type": "string", "pattern": REFERENCE_PATTERN}, "as": kind.clone()},
                    "required": ["input"],
                    "additionalProperties": false
                },
                {
                    "type": "object",
                    "properties": {"step": {"type": "string"}, "path": {"type": "string"}, "as": kind},
                    "required": ["step"],
                    "additionalProperties": false
                },
                {
                    "type": "object",
                    "properties": {"literal": literal},
                    "required": ["literal"],
                    "additionalProperties": false
                },
                {"type": "object", "additionalProperties": {"$ref": "#/definitions/Value"}}
            ]
        })
    }
}

impl JsonSchema for ValueFields {
    fn schema_name() -> Cow<'static, str> {
        "ValueFields".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let value = generator.subschema_for::<Value>();
        json_schema!({
            "description": "field name → value (literal, reference, nested lists and mappings); no '.' in a name: write the nesting",
            "type": "object",
            "propertyNames": {"pattern": "^[^.]+$"},
            "additionalProperties": value
        })
    }
}
