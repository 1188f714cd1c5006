//! Function arguments: what a request script receives when a workflow, a button or another
//! function calls it, and the references that say which value comes from which argument.
//!
//! A reference never lives where a literal may: field values from arguments are listed
//! under `from_inputs`, beside `fields`, and `record_id` / `duplicate_check_fields` take
//! the mapping `{input: ...}` where a literal is a scalar or a list. So no text written as
//! a value can ever be read as a reference, today or in a later release.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::model::{FieldValue, NumericId, Text, checked_text, named_values};

/// A Deluge argument type, as Zoho's function editor offers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ArgType {
    String,
    Int,
    Decimal,
    Bool,
    Date,
    DateTime,
    Map,
    List,
}

impl ArgType {
    pub const ALL: [ArgType; 8] = [
        ArgType::String,
        ArgType::Int,
        ArgType::Decimal,
        ArgType::Bool,
        ArgType::Date,
        ArgType::DateTime,
        ArgType::Map,
        ArgType::List,
    ];

    /// The name Zoho's editor shows (`Int`, `DateTime`).
    pub fn as_str(self) -> &'static str {
        match self {
            ArgType::String => "String",
            ArgType::Int => "Int",
            ArgType::Decimal => "Decimal",
            ArgType::Bool => "Bool",
            ArgType::Date => "Date",
            ArgType::DateTime => "DateTime",
            ArgType::Map => "Map",
            ArgType::List => "List",
        }
    }
}

impl TryFrom<String> for ArgType {
    type Error = String;
    /// Deluge reads type names in any case (`int`, `Int`).
    fn try_from(value: String) -> Result<Self, String> {
        ArgType::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(&value))
            .ok_or_else(|| {
                let names: Vec<&str> = ArgType::ALL.iter().map(|t| t.as_str()).collect();
                let hint = super::closest(&value, names.iter().copied())
                    .map(|n| format!(" (did you mean {n}?)"))
                    .unwrap_or_default();
                format!(
                    "unknown argument type \"{value}\"{hint}; expected one of {}",
                    names.join(", ")
                )
            })
    }
}

impl<'de> Deserialize<'de> for ArgType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        checked_text(deserializer, ArgType::try_from)
    }
}

impl fmt::Display for ArgType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Words Deluge keeps for itself, and so cannot name an argument, compared without
/// regard to case (Deluge reads its keywords and types in any case: `Map()`, `map()`,
/// `invokeUrl`). First the words of Zoho's "reserved keywords" page (its `else if` and
/// `for each` are two words here), then the argument types Zoho's function editor offers
/// and delugen declares, then the statement words the scripts and the linter read as
/// keywords. README, "Inputs", lists them.
pub const RESERVED: [&str; 43] = [
    // Zoho's Deluge page "Reserved keywords".
    "bool",
    "collection",
    "date",
    "else",
    "false",
    "float",
    "for",
    "each",
    "from",
    "if",
    "ifnull",
    "in",
    "int",
    "is",
    "list",
    "map",
    "null",
    "permissions",
    "portal",
    "reload",
    "return",
    "string",
    "thisapp",
    "true",
    "void",
    "zoho",
    // Argument types of the function editor.
    "decimal",
    "datetime",
    "bigint",
    "timestamp",
    "file",
    // Statement words.
    "index",
    "info",
    "break",
    "continue",
    "try",
    "catch",
    "invokeurl",
    "sendmail",
    "insert",
    "delete",
    "input",
    "not",
];

/// An argument's name: a Deluge identifier that none of delugen's own variables uses
/// (they all start with `v_`, `m_`, `l_` or `r_`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct InputName(String);

impl InputName {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for InputName {
    type Error = String;
    fn try_from(value: String) -> Result<Self, String> {
        let identifier = value.starts_with(|c: char| c.is_ascii_alphabetic())
            && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && value.len() <= 64;
        if !identifier {
            return Err(format!(
                "\"{value}\" cannot name a Deluge argument; expected a letter, then letters, \
                 digits or '_' (for example deal_id)"
            ));
        }
        let lower = value.to_ascii_lowercase();
        if RESERVED.contains(&lower.as_str()) {
            return Err(format!(
                "\"{value}\" is a word Deluge reserves (a keyword or a type, in any case) and cannot name an argument; choose another name, e.g. {lower}_value"
            ));
        }
        if ["v_", "m_", "l_", "r_"]
            .iter()
            .any(|p| lower.starts_with(p))
        {
            return Err(format!(
                "\"{value}\" starts like the variables of delugen's scripts (v_, m_, l_, r_); \
                 choose a name without that prefix"
            ));
        }
        Ok(InputName(value))
    }
}

impl<'de> Deserialize<'de> for InputName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        checked_text(deserializer, InputName::try_from)
    }
}

impl fmt::Display for InputName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One argument of the function, written `deal_id: Int` or
/// `deal_id: {type: Int, description: ..., example: ..., mapped_from: ...}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    pub name: InputName,
    pub kind: ArgType,
    pub description: Option<Text>,
    pub example: Option<FieldValue>,
    /// Where the caller takes the value from (CRM: `Deals › Deal Id`), shown in the header.
    pub mapped_from: Option<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InputLong {
    #[serde(rename = "type")]
    kind: ArgType,
    #[serde(default)]
    description: Option<Text>,
    #[serde(default)]
    example: Option<FieldValue>,
    #[serde(default)]
    mapped_from: Option<Text>,
}

/// What follows an argument's name: its type alone, or the long form.
enum InputBody {
    Short(ArgType),
    Long(InputLong),
}

impl<'de> Deserialize<'de> for InputBody {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BodyVisitor;
        impl<'de> Visitor<'de> for BodyVisitor {
            type Value = InputBody;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a type (Int) or a mapping {type, description, example, mapped_from}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<InputBody, E> {
                ArgType::try_from(v.to_string())
                    .map(InputBody::Short)
                    .map_err(E::custom)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<InputBody, A::Error> {
                InputLong::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(InputBody::Long)
            }
        }
        deserializer.deserialize_any(BodyVisitor)
    }
}

/// The function's arguments in the order written (the order of its signature).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Inputs(pub Vec<Input>);

impl Inputs {
    pub fn get(&self, name: &str) -> Option<&Input> {
        self.0.iter().find(|input| input.name.as_str() == name)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'de> Deserialize<'de> for Inputs {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct InputsVisitor;
        impl<'de> Visitor<'de> for InputsVisitor {
            type Value = Inputs;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of argument name to type, e.g. deal_id: Int")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Inputs, A::Error> {
                let mut inputs: Vec<Input> = Vec::new();
                while let Some(name) = map.next_key::<InputName>()? {
                    if inputs.iter().any(|i| i.name == name) {
                        return Err(de::Error::custom(format!(
                            "argument \"{name}\" is declared twice"
                        )));
                    }
                    let input = match map.next_value::<InputBody>()? {
                        InputBody::Short(kind) => Input {
                            name,
                            kind,
                            description: None,
                            example: None,
                            mapped_from: None,
                        },
                        InputBody::Long(long) => Input {
                            name,
                            kind: long.kind,
                            description: long.description,
                            example: long.example,
                            mapped_from: long.mapped_from,
                        },
                    };
                    inputs.push(input);
                }
                Ok(Inputs(inputs))
            }
        }
        deserializer.deserialize_map(InputsVisitor)
    }
}

/// A reference to an argument, or to a key inside a Map argument: `deal_id`,
/// `invoice.customer_id` (→ `invoice.get("customer_id")`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputRef {
    pub input: String,
    pub path: Vec<String>,
}

impl InputRef {
    pub fn is_path(&self) -> bool {
        !self.path.is_empty()
    }
}

impl fmt::Display for InputRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.input)?;
        for key in &self.path {
            write!(f, ".{key}")?;
        }
        Ok(())
    }
}

impl TryFrom<String> for InputRef {
    type Error = String;
    fn try_from(value: String) -> Result<Self, String> {
        let text = Text::new(value.clone())?;
        let mut parts = text.as_str().split('.');
        let input = parts.next().unwrap_or_default().to_string();
        let path: Vec<String> = parts.map(str::to_string).collect();
        let name_ok = input.starts_with(|c: char| c.is_ascii_alphabetic())
            && input.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !name_ok || path.iter().any(String::is_empty) {
            return Err(format!(
                "\"{value}\" is not an argument reference; expected an argument's name, \
                 optionally followed by .key for a key of a Map argument (for example \
                 deal_id or invoice.customer_id)"
            ));
        }
        Ok(InputRef { input, path })
    }
}

impl<'de> Deserialize<'de> for InputRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        checked_text(deserializer, InputRef::try_from)
    }
}

/// A value taken from an argument: `amount`, or `{input: amount_text, as: Decimal}` to
/// convert it to the type Zoho wants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputUse {
    pub reference: InputRef,
    pub convert_to: Option<ArgType>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InputUseLong {
    input: InputRef,
    #[serde(default, rename = "as")]
    convert_to: Option<ArgType>,
}

impl<'de> Deserialize<'de> for InputUse {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct UseVisitor;
        impl<'de> Visitor<'de> for UseVisitor {
            type Value = InputUse;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an argument reference (deal_id, invoice.customer_id) or {input: ..., as: Type}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<InputUse, E> {
                InputRef::try_from(v.to_string())
                    .map(|reference| InputUse {
                        reference,
                        convert_to: None,
                    })
                    .map_err(E::custom)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<InputUse, A::Error> {
                input_use(map)
            }
        }
        deserializer.deserialize_any(UseVisitor)
    }
}

/// Field name → the argument its value comes from, in the order written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FromInputs(pub Vec<(Text, InputUse)>);

impl<'de> Deserialize<'de> for FromInputs {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FromVisitor;
        impl<'de> Visitor<'de> for FromVisitor {
            type Value = FromInputs;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of field name to argument, e.g. Amount: amount")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<FromInputs, A::Error> {
                named_values(map).map(FromInputs)
            }
        }
        deserializer.deserialize_map(FromVisitor)
    }
}

/// A value written as a literal or, in the mapping form `{input: ...}`, taken from an
/// argument. The two forms cannot be mistaken for each other.
#[derive(Debug, Clone, PartialEq)]
pub enum OrInput<T> {
    Literal(T),
    Input(InputUse),
}

impl<T> OrInput<T> {
    pub fn input(&self) -> Option<&InputUse> {
        match self {
            OrInput::Input(used) => Some(used),
            OrInput::Literal(_) => None,
        }
    }
}

/// `record_id: "4876876000000123456"` or `record_id: {input: deal_id}`.
pub type RecordId = OrInput<NumericId>;
/// `duplicate_check_fields: [Email]` or `duplicate_check_fields: {input: keys}`.
pub type DuplicateCheck = OrInput<Vec<Text>>;

fn input_use<'de, A: MapAccess<'de>>(map: A) -> Result<InputUse, A::Error> {
    InputUseLong::deserialize(de::value::MapAccessDeserializer::new(map)).map(|l| InputUse {
        reference: l.input,
        convert_to: l.convert_to,
    })
}

impl<'de> Deserialize<'de> for RecordId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdVisitor;
        impl<'de> Visitor<'de> for IdVisitor {
            type Value = RecordId;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a numeric id, as text or a number, or {input: <argument>}")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RecordId, E> {
                NumericId::try_from(v.to_string())
                    .map(OrInput::Literal)
                    .map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RecordId, E> {
                NumericId::try_from(v.to_string())
                    .map(OrInput::Literal)
                    .map_err(E::custom)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RecordId, E> {
                NumericId::try_from(v.to_string())
                    .map(OrInput::Literal)
                    .map_err(E::custom)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RecordId, A::Error> {
                input_use(map).map(OrInput::Input)
            }
        }
        deserializer.deserialize_any(IdVisitor)
    }
}

impl<'de> Deserialize<'de> for DuplicateCheck {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CheckVisitor;
        impl<'de> Visitor<'de> for CheckVisitor {
            type Value = DuplicateCheck;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of field names, or {input: <List argument>}")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<DuplicateCheck, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = seq.next_element::<Text>()? {
                    names.push(name);
                }
                Ok(OrInput::Literal(names))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<DuplicateCheck, A::Error> {
                input_use(map).map(OrInput::Input)
            }
        }
        deserializer.deserialize_any(CheckVisitor)
    }
}

/// Where a failed request is reported besides the log.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OnError {
    /// Address that receives Zoho's answer when a request fails.
    pub email: Text,
}

/// What a request script with inputs gives back to its caller.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Returns {
    /// The record's id as text ("" on failure): the function is declared `string`.
    /// The default, except for Books, whose workflow functions are void.
    #[default]
    Id,
    /// Nothing: the function is declared `void`, as workflow functions are.
    Nothing,
}

/// A value a search compares with: a literal (text, number, true/false) or, in the
/// mapping form `{input: ...}`, an argument's value.
pub type SearchValue = OrInput<FieldValue>;

impl<'de> Deserialize<'de> for SearchValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ValueVisitor;
        impl<'de> Visitor<'de> for ValueVisitor {
            type Value = SearchValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("text, a number, true/false, or {input: <argument>}")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<SearchValue, E> {
                Ok(OrInput::Literal(FieldValue::Bool(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<SearchValue, E> {
                Ok(OrInput::Literal(FieldValue::Integer(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<SearchValue, E> {
                i64::try_from(v)
                    .map(|v| OrInput::Literal(FieldValue::Integer(v)))
                    .map_err(|_| {
                        E::custom(format!("{v} is too large; quote it to compare it as text"))
                    })
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<SearchValue, E> {
                if v.is_finite() {
                    Ok(OrInput::Literal(FieldValue::Decimal(v)))
                } else {
                    Err(E::custom(
                        "infinity and NaN cannot be compared; quote the value to compare it as text",
                    ))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<SearchValue, E> {
                Text::new(v.to_string())
                    .map(|text| OrInput::Literal(FieldValue::Text(text)))
                    .map_err(E::custom)
            }
            fn visit_unit<E: de::Error>(self) -> Result<SearchValue, E> {
                Err(E::custom(
                    "an empty (null) value cannot be searched for; write \"\" for empty text",
                ))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<SearchValue, A::Error> {
                input_use(map).map(OrInput::Input)
            }
        }
        deserializer.deserialize_any(ValueVisitor)
    }
}

/// Name → value pairs a search sends as query parameters (Books list filters; CRM
/// `email`, `phone`, `word`), in the order written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Filters(pub Vec<(Text, SearchValue)>);

impl<'de> Deserialize<'de> for Filters {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FiltersVisitor;
        impl<'de> Visitor<'de> for FiltersVisitor {
            type Value = Filters;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of filter name to value, e.g. email: {input: email}")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Filters, A::Error> {
                named_values(map).map(Filters)
            }
        }
        deserializer.deserialize_map(FiltersVisitor)
    }
}

#[cfg(test)]
mod reserved_tests {
    use super::{InputName, RESERVED};

    #[test]
    fn every_reserved_word_is_refused_in_any_case() {
        for word in RESERVED {
            let title = format!("{}{}", word[..1].to_ascii_uppercase(), &word[1..]);
            for spelt in [word.to_string(), word.to_ascii_uppercase(), title] {
                let error = InputName::try_from(spelt.clone()).unwrap_err();
                assert!(error.contains("a word Deluge reserves"), "{spelt}: {error}");
            }
        }
        // Words that merely contain one stay names.
        for name in ["map_id", "listing", "date_from", "string_value", "if_value"] {
            assert!(InputName::try_from(name.to_string()).is_ok(), "{name}");
        }
    }
}
