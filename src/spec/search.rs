//! Search criteria as a small structured form: one condition `{field, op, value}`, or
//! `all:` / `any:` of conditions (nested as deep as needed). The planner writes it in each
//! product's own syntax; values are data, never spliced into code unescaped.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::inputs::SearchValue;
use super::model::Text;

/// How a condition compares a field with its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Equals,
    NotEqual,
    StartsWith,
    Contains,
    GreaterThan,
    GreaterEqual,
    LessThan,
    LessEqual,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Equals => "equals",
            Op::NotEqual => "not_equal",
            Op::StartsWith => "starts_with",
            Op::Contains => "contains",
            Op::GreaterThan => "greater_than",
            Op::GreaterEqual => "greater_equal",
            Op::LessThan => "less_than",
            Op::LessEqual => "less_equal",
        }
    }
}

/// `{field: Email, op: equals, value: ...}`, or `{all: [...]}` / `{any: [...]}`.
/// Exactly one form per mapping: `validate` says which keys go together.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Criteria {
    /// Every condition must hold (and).
    #[serde(default)]
    pub all: Option<Vec<Criteria>>,
    /// At least one condition must hold (or).
    #[serde(default)]
    pub any: Option<Vec<Criteria>>,
    /// The field's API (CRM) or link (Creator) name.
    #[serde(default)]
    pub field: Option<Text>,
    /// The comparison (default `equals`).
    #[serde(default)]
    pub op: Option<Op>,
    /// A literal, or `{input: <argument>}`.
    #[serde(default)]
    pub value: Option<SearchValue>,
}

/// The criteria's shape, once checked.
pub enum Shape<'c> {
    Condition {
        field: &'c Text,
        op: Op,
        value: &'c SearchValue,
    },
    All(&'c [Criteria]),
    Any(&'c [Criteria]),
}

impl Criteria {
    /// The form this mapping takes, or why it takes none.
    pub fn shape(&self) -> Result<Shape<'_>, &'static str> {
        match (&self.all, &self.any, &self.field, &self.value) {
            (Some(all), None, None, None) if self.op.is_none() && !all.is_empty() => {
                Ok(Shape::All(all))
            }
            (None, Some(any), None, None) if self.op.is_none() && !any.is_empty() => {
                Ok(Shape::Any(any))
            }
            (None, None, Some(field), Some(value)) => Ok(Shape::Condition {
                field,
                op: self.op.unwrap_or(Op::Equals),
                value,
            }),
            (None, None, Some(_), None) => Err("a condition needs a value"),
            (None, None, None, Some(_)) => Err("a condition needs the field it compares"),
            (Some(list), None, None, None) | (None, Some(list), None, None) if list.is_empty() => {
                Err("all / any needs at least one condition")
            }
            _ => Err("criteria take one form: {field, op, value}, {all: [...]} or {any: [...]}"),
        }
    }

    /// Every value compared, in the order written (for argument checks).
    pub fn values(&self) -> Vec<&SearchValue> {
        let mut found: Vec<&SearchValue> = self.value.iter().collect();
        for list in [&self.all, &self.any].into_iter().flatten() {
            for inner in list {
                found.extend(inner.values());
            }
        }
        found
    }
}
