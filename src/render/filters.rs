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

/// Text safe inside one Markdown table cell or list item: no line breaks, no `|`, and
/// backticks and angle brackets that cannot start code or HTML.
pub fn md(value: &Value, _: Kwargs, _: &State) -> String {
    md_text(&as_text(value))
}

/// Text safe inside a Markdown code span in a table: no line breaks, no backticks, and
/// `|` escaped as tables require.
pub fn code(value: &Value, _: Kwargs, _: &State) -> String {
    code_text(&as_text(value))
}

/// What the `md` filter makes of `text`.
pub fn md_text(text: &str) -> String {
    markdown(text, |c, out| match c {
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '*' | '[' | ']' | '\\' => {
            out.push('\\');
            out.push(c);
        }
        c => out.push(c),
    })
}

/// What the `code` filter makes of `text`.
pub fn code_text(text: &str) -> String {
    markdown(text, |c, out| out.push(c))
}

fn as_text(value: &Value) -> String {
    match value.as_str() {
        Some(text) => text.to_string(),
        None => value.to_string(),
    }
}

/// `text` for one Markdown table cell: `|` escaped, backticks made quotes, control
/// characters made spaces; every other character goes through `rest`.
fn markdown(text: &str, rest: impl Fn(char, &mut String)) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '`' => out.push('\''),
            c if c.is_control() => out.push(' '),
            c => rest(c, &mut out),
        }
    }
    out
}
