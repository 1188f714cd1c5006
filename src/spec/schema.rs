//! The JSON Schema of a spec (draft-07), derived from the spec types so that editors can
//! complete and check specs. Types that read themselves by hand describe themselves here.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

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
        json_schema!({"type": "object", "minProperties": 1, "additionalProperties": value})
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
