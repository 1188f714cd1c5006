//! The template filters. `dg` is the only way a value reaches Deluge code; `comment` is for
//! text inside `//` comments.

use tera::value::ValueKind;
use tera::{Kwargs, State, TeraResult, Value};

use crate::deluge::literal;

/// A template value as a Deluge expression: text as an escaped literal, numbers and booleans
/// as themselves, maps and lists as JSON text parsed by Deluge (`.toMap()`, `.toJSONList()`)
/// so nested values need no hand-built Deluge.
pub fn dg(value: &Value, _: Kwargs, _: &State) -> TeraResult<String> {
    match value.kind() {
        ValueKind::String => Ok(literal::text(value.as_str().unwrap_or_default())),
        ValueKind::Bool => Ok(value.as_bool().unwrap_or_default().to_string()),
        ValueKind::U64 | ValueKind::I64 | ValueKind::U128 | ValueKind::I128 => {
            Ok(value.to_string())
        }
        ValueKind::F64 => Ok(literal::decimal(value.as_f64().unwrap_or_default())),
        ValueKind::Array => Ok(format!("{}.toJSONList()", literal::text(&json(value)?))),
        ValueKind::Map => Ok(format!("{}.toMap()", literal::text(&json(value)?))),
        _ => Err(tera::Error::message(format!(
            "the dg filter cannot write a {:?} value as Deluge",
            value.kind()
        ))),
    }
}

pub fn comment(value: &Value, _: Kwargs, _: &State) -> String {
    literal::comment(&value.to_string())
}

fn json(value: &Value) -> TeraResult<String> {
    serde_json::to_string(value).map_err(|e| tera::Error::message(e.to_string()))
}
