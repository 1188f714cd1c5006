//! Deluge values. Maps and Lists are shared by reference, as in Zoho (a Map put into a
//! List and changed afterwards is changed in the List too); a Map keeps its keys in the
//! order they were first put. Dates are days and date-times seconds since 1970-01-01 in
//! the organisation's time zone: Deluge's clock has no zone of its own.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::rc::Rc;

use indexmap::IndexMap;

pub type MapRef = Rc<RefCell<IndexMap<String, Value>>>;
pub type ListRef = Rc<RefCell<Vec<Value>>>;

#[derive(Debug, Clone)]
pub enum Value {
    Null,
    Bool(bool),
    Long(i64),
    Decimal(f64),
    Text(String),
    /// Days since 1970-01-01.
    Date(i64),
    /// Seconds since 1970-01-01 00:00:00.
    DateTime(i64),
    List(ListRef),
    Map(MapRef),
    /// Creator records fetched with `Form[criteria]`: the form and the ids of the records.
    Records(Rc<Records>),
}

/// What `Form[criteria]` gave: assigning to a field writes into every fetched record.
#[derive(Debug)]
pub struct Records {
    pub form: String,
    pub ids: Vec<String>,
}

/// The name of a value's type, as Deluge's messages write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Null,
    Bool,
    Long,
    Decimal,
    Text,
    Date,
    DateTime,
    List,
    Map,
    Records,
    /// Any of the above: built-ins every value has (`toString`, `isNull`).
    Any,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Null => "NULL",
            Kind::Bool => "BOOLEAN",
            Kind::Long => "NUMBER",
            Kind::Decimal => "DECIMAL",
            Kind::Text => "TEXT",
            Kind::Date => "DATE",
            Kind::DateTime => "DATE-TIME",
            Kind::List => "LIST",
            Kind::Map => "MAP",
            Kind::Records => "COLLECTION",
            Kind::Any => "ANY",
        }
    }
}

impl Value {
    pub fn text(text: impl Into<String>) -> Value {
        Value::Text(text.into())
    }

    pub fn new_map() -> Value {
        Value::Map(Rc::new(RefCell::new(IndexMap::new())))
    }

    pub fn new_list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(RefCell::new(items)))
    }

    pub fn map_of(entries: impl IntoIterator<Item = (String, Value)>) -> Value {
        Value::Map(Rc::new(RefCell::new(entries.into_iter().collect())))
    }

    pub fn kind(&self) -> Kind {
        match self {
            Value::Null => Kind::Null,
            Value::Bool(_) => Kind::Bool,
            Value::Long(_) => Kind::Long,
            Value::Decimal(_) => Kind::Decimal,
            Value::Text(_) => Kind::Text,
            Value::Date(_) => Kind::Date,
            Value::DateTime(_) => Kind::DateTime,
            Value::List(_) => Kind::List,
            Value::Map(_) => Kind::Map,
            Value::Records(_) => Kind::Records,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The key a Map files this value under: Deluge's keys are text in practice, and a
    /// number key is found by its digits.
    pub fn key(&self) -> String {
        self.display()
    }

    /// The value as `info` prints it and `+` joins it to text: text as it is, a Map as
    /// JSON, a List as its elements joined by commas, a date as dd-MMM-yyyy, a date-time
    /// as dd-MMM-yyyy HH:mm:ss (zoho.currenttime's form), null as nothing.
    pub fn display(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Text(text) => text.clone(),
            Value::List(items) => {
                let items = items.borrow();
                let mut out = String::new();
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    match item {
                        Value::Map(_) | Value::List(_) => out.push_str(&item.to_json_text()),
                        other => out.push_str(&other.display()),
                    }
                }
                out
            }
            Value::Map(_) => self.to_json_text(),
            other => scalar_text(other),
        }
    }

    /// JSON text, as `Map.toString()` writes it (and invokeurl sends it).
    pub fn to_json_text(&self) -> String {
        let mut out = String::new();
        write_json(self, &mut out, 0);
        out
    }

    /// The value as JSON, for the request log and `--format json`.
    pub fn to_json(&self) -> serde_json::Value {
        to_json(self, 0)
    }

    pub fn from_json(json: &serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(long) => Value::Long(long),
                None => Value::Decimal(n.as_f64().unwrap_or(0.0)),
            },
            serde_json::Value::String(s) => Value::Text(s.clone()),
            serde_json::Value::Array(items) => {
                Value::new_list(items.iter().map(Value::from_json).collect())
            }
            serde_json::Value::Object(entries) => Value::map_of(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v))),
            ),
        }
    }

    /// Deluge's `==`: numbers by value whatever their type, text exactly (case counts),
    /// collections by their contents, null equal only to null.
    pub fn equals(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Null, _) | (_, Value::Null) => false,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Text(a), Value::Text(b)) => a == b,
            (Value::Date(a), Value::Date(b)) | (Value::DateTime(a), Value::DateTime(b)) => a == b,
            (Value::Date(d), Value::DateTime(t)) | (Value::DateTime(t), Value::Date(d)) => {
                d * 86_400 == *t
            }
            (Value::List(a), Value::List(b)) => {
                Rc::ptr_eq(a, b) || {
                    let (a, b) = (a.borrow(), b.borrow());
                    a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| x.equals(y))
                }
            }
            (Value::Map(a), Value::Map(b)) => {
                Rc::ptr_eq(a, b) || {
                    let (a, b) = (a.borrow(), b.borrow());
                    a.len() == b.len()
                        && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| v.equals(w)))
                }
            }
            (a, b) => match (a.number(), b.number()) {
                (Some(x), Some(y)) => x == y,
                _ => false,
            },
        }
    }

    /// The value as a number, when it is one.
    pub fn number(&self) -> Option<f64> {
        match self {
            Value::Long(n) => Some(*n as f64),
            Value::Decimal(d) => Some(*d),
            _ => None,
        }
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::Bool(b) => b.to_string(),
        Value::Long(n) => n.to_string(),
        Value::Decimal(d) => decimal_text(*d),
        Value::Date(days) => super::time::format_date(*days * 86_400, "dd-MMM-yyyy"),
        Value::DateTime(secs) => super::time::format_date(*secs, "dd-MMM-yyyy HH:mm:ss"),
        Value::Records(records) => records.ids.join(","),
        _ => String::new(),
    }
}

/// A decimal as Deluge prints it: `2.5`, `3.0`.
pub fn decimal_text(d: f64) -> String {
    if d.is_finite() && d.fract() == 0.0 && d.abs() < 1e15 {
        format!("{d:.1}")
    } else {
        d.to_string()
    }
}

/// Collections nest at most this deep in JSON (a Map put into itself would never end).
const MAX_JSON_DEPTH: usize = 64;

fn write_json(value: &Value, out: &mut String, depth: usize) {
    if depth > MAX_JSON_DEPTH {
        out.push_str("null");
        return;
    }
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(_) | Value::Long(_) | Value::Decimal(_) => out.push_str(&scalar_text(value)),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.borrow().iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out, depth + 1);
            }
            out.push(']');
        }
        Value::Map(entries) => {
            out.push('{');
            for (i, (key, item)) in entries.borrow().iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let _ = write!(out, "{}:", json_string(key));
                write_json(item, out, depth + 1);
            }
            out.push('}');
        }
        other => out.push_str(&json_string(&other.display())),
    }
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

fn to_json(value: &Value, depth: usize) -> serde_json::Value {
    if depth > MAX_JSON_DEPTH {
        return serde_json::Value::Null;
    }
    match value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => (*b).into(),
        Value::Long(n) => (*n).into(),
        Value::Decimal(d) => serde_json::Number::from_f64(*d)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null),
        Value::List(items) => items
            .borrow()
            .iter()
            .map(|item| to_json(item, depth + 1))
            .collect(),
        Value::Map(entries) => serde_json::Value::Object(
            entries
                .borrow()
                .iter()
                .map(|(k, v)| (k.clone(), to_json(v, depth + 1)))
                .collect(),
        ),
        other => other.display().into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_map_keeps_insertion_order_in_its_json() {
        let map = Value::new_map();
        if let Value::Map(m) = &map {
            m.borrow_mut().insert("b".into(), Value::Long(1));
            m.borrow_mut().insert("a".into(), Value::text("x\"y"));
        }
        assert_eq!(map.to_json_text(), r#"{"b":1,"a":"x\"y"}"#);
    }

    #[test]
    fn numbers_compare_by_value_and_text_by_case() {
        assert!(Value::Long(3).equals(&Value::Decimal(3.0)));
        assert!(!Value::text("A").equals(&Value::text("a")));
        assert!(!Value::Null.equals(&Value::text("")));
    }

    #[test]
    fn a_list_displays_as_its_elements_joined_by_commas() {
        let list = Value::new_list(vec![Value::Long(1), Value::text("b")]);
        assert_eq!(list.display(), "1,b");
        assert_eq!(list.to_json_text(), r#"[1,"b"]"#);
    }
}
