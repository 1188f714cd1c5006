//! Values taken from a function's arguments, as Deluge expressions. A reference compiles
//! to an argument's name, `.get("key")` steps and at most one conversion: the argument name
//! was checked as an identifier when the spec was read, and every key goes through the
//! text-literal escaper, so no spec text is ever spliced into code. Literal values never
//! come here: they stay data and reach the script only through the `dg` filter.

use crate::deluge::literal;
use crate::spec::{ArgType, InputUse, Inputs};
use crate::zoho::Conventions;

/// What a value must become on its way into the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conversion {
    /// Text or a whole number to a decimal (`.toDecimal()`).
    ToDecimal,
    /// Text to a whole number (`.toLong()`).
    ToLong,
    /// Any scalar to text (`.toString()`).
    ToText,
    /// A date or date-time written in the product's pattern (`.toString("yyyy-MM-dd")`).
    Format(String),
}

/// The patterns dates and date-times are written in: the product's, or for Creator the
/// application's (`date_format` in the spec; Creator's default is `dd-MMM-yyyy`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateFormats {
    pub date: String,
    pub datetime: Option<String>,
}

impl DateFormats {
    pub fn of(spec: &crate::spec::Spec, conventions: &dyn Conventions) -> Self {
        match &spec.date_format {
            Some(pattern) if spec.product == crate::zoho::Product::Creator => DateFormats {
                date: pattern.as_str().to_string(),
                datetime: Some(format!("{} HH:mm:ss", pattern.as_str())),
            },
            _ => DateFormats {
                date: conventions.date_format().to_string(),
                datetime: conventions.datetime_format().map(str::to_string),
            },
        }
    }
}

/// A value read from an argument, typed and checked: ready to be written as Deluge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    input: String,
    path: Vec<String>,
    conversion: Option<Conversion>,
}

impl Reference {
    /// The Deluge expression: `deal_id`, `invoice.get("customer_id").toString()`.
    pub fn code(&self) -> String {
        let mut code = self.input.clone();
        for key in &self.path {
            code.push_str(&format!(".get({})", literal::text(key)));
        }
        match &self.conversion {
            None => {}
            Some(Conversion::ToDecimal) => code.push_str(".toDecimal()"),
            Some(Conversion::ToLong) => code.push_str(".toLong()"),
            Some(Conversion::ToText) => code.push_str(".toString()"),
            Some(Conversion::Format(pattern)) => {
                code.push_str(&format!(".toString({})", literal::text(pattern)));
            }
        }
        code
    }
}

/// Where a value goes, which decides what it must become.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// A field of the record.
    Field,
    /// The record's id in the address.
    RecordId,
    /// CRM's `duplicate_check_fields`: a list of field names.
    FieldNames,
    /// A bulk write's `records`: a List of Maps.
    Records,
    /// A value a search compares with: a scalar, dates in the product's format.
    SearchValue,
}

/// The checked expression for `used`, or why it cannot be written. The argument's
/// existence was checked with the spec; this decides the types.
pub fn resolve(
    used: &InputUse,
    inputs: &Inputs,
    slot: Slot,
    conventions: &dyn Conventions,
    dates: &DateFormats,
) -> Result<Reference, String> {
    let reference = &used.reference;
    let input = inputs
        .get(&reference.input)
        .ok_or_else(|| format!("\"{}\" is not an argument of this request", reference.input))?;
    if reference.is_path() && input.kind != ArgType::Map {
        return Err(format!(
            "{} is {}, not a Map: only a Map argument has keys to follow (\"{reference}\")",
            input.name,
            article(input.kind)
        ));
    }
    // A key inside a Map may hold anything; only its use says what it must be.
    let source = (!reference.is_path()).then_some(input.kind);
    let conversion = match slot {
        Slot::Field => field_conversion(source, used.convert_to, conventions, dates),
        Slot::RecordId => id_conversion(source, used.convert_to),
        Slot::FieldNames => list_as_is(
            source,
            used.convert_to,
            "duplicate_check_fields",
            "field names",
        ),
        Slot::Records => list_as_is(
            source,
            used.convert_to,
            "records",
            "records (each a Map), or of ids to delete",
        ),
        Slot::SearchValue => match source {
            Some(ArgType::Map | ArgType::List) => Err(format!(
                "a search compares one value, not {}",
                article(input.kind)
            )),
            _ => field_conversion(source, used.convert_to, conventions, dates),
        },
    }
    .map_err(|why| format!("\"{reference}\": {why}"))?;
    Ok(Reference {
        input: input.name.as_str().to_string(),
        path: reference.path.clone(),
        conversion,
    })
}

fn article(kind: ArgType) -> String {
    match kind {
        ArgType::Int => "an Int".to_string(),
        other => format!("a {other}"),
    }
}

/// The conversion a field value needs: `source` is the argument's type (None for a key
/// of a Map), `target` what the spec asks for with `as:`.
fn field_conversion(
    source: Option<ArgType>,
    target: Option<ArgType>,
    conventions: &dyn Conventions,
    dates: &DateFormats,
) -> Result<Option<Conversion>, String> {
    use ArgType::*;
    let product = conventions.title();
    let date = Conversion::Format(dates.date.clone());
    let datetime = || {
        dates
            .datetime
            .clone()
            .map(Conversion::Format)
            .ok_or_else(|| {
                format!("{product} fields take dates, not date-times; declare the argument as Date")
            })
    };
    let Some(target) = target else {
        // Dates are written the way the product reads them; everything else goes as is.
        return match source {
            Some(Date) => Ok(Some(date)),
            Some(DateTime) => datetime().map(Some),
            _ => Ok(None),
        };
    };
    let refused = |from: &str| {
        Err(format!(
            "{from} cannot become {}; delugen converts text and numbers to Decimal, text to \
             Int, scalars to String, and Date/DateTime arguments to {product}'s date formats",
            article(target)
        ))
    };
    match (source, target) {
        (Some(Date), Date | String) => Ok(Some(date)),
        (Some(DateTime), DateTime | String) => datetime().map(Some),
        (Some(DateTime), Date) => Ok(Some(date)),
        (None | Some(String), Date | DateTime) => Err(format!(
            "delugen cannot know the date format of text; declare the argument as {target} \
             so it is written as {product} expects, or leave out `as` to send the text unchanged"
        )),
        (Some(source), target) if source == target => Ok(None),
        (None | Some(String | Int), Decimal) => Ok(Some(Conversion::ToDecimal)),
        (None | Some(String), Int) => Ok(Some(Conversion::ToLong)),
        (None | Some(Int | Decimal | Bool), String) => Ok(Some(Conversion::ToText)),
        (None, Map | List) => Ok(None),
        (Some(Decimal), Int) => Err(
            "a Decimal cannot become an Int without losing its fraction; declare the field's \
             argument as Int, or send it as Decimal"
                .to_string(),
        ),
        (None, _) => refused("a key of a Map argument"),
        (Some(source), _) => refused(&article(source)),
    }
}

/// A record id is digits in the address: an Int is written as text, text goes as is.
fn id_conversion(
    source: Option<ArgType>,
    target: Option<ArgType>,
) -> Result<Option<Conversion>, String> {
    if target.is_some() {
        return Err("record_id converts its argument itself; remove `as`".to_string());
    }
    match source {
        Some(ArgType::String) => Ok(None),
        Some(ArgType::Int) | None => Ok(Some(Conversion::ToText)),
        Some(other) => Err(format!(
            "a record id is digits, so its argument must be an Int or a String, not {}",
            article(other)
        )),
    }
}

/// `duplicate_check_fields` (a List of field names) and `records` (a List of Maps) take
/// a List as it is.
fn list_as_is(
    source: Option<ArgType>,
    target: Option<ArgType>,
    key: &str,
    holding: &str,
) -> Result<Option<Conversion>, String> {
    if target.is_some() {
        return Err(format!("{key} takes a List as it is; remove `as`"));
    }
    match source {
        Some(ArgType::List) | None => Ok(None),
        Some(other) => Err(format!(
            "{key} takes a List of {holding}, not {}",
            article(other)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{Input, InputName, InputRef};
    use crate::zoho::Product;

    fn inputs() -> Inputs {
        let input = |name: &str, kind| Input {
            name: InputName::try_from(name.to_string()).unwrap(),
            kind,
            description: None,
            example: None,
            mapped_from: None,
        };
        Inputs(vec![
            input("deal_id", ArgType::Int),
            input("amount_text", ArgType::String),
            input("closing", ArgType::Date),
            input("invoice", ArgType::Map),
            input("ratio", ArgType::Decimal),
        ])
    }

    fn code(reference: &str, to: Option<ArgType>, slot: Slot, product: Product) -> String {
        let used = InputUse {
            reference: InputRef::try_from(reference.to_string()).unwrap(),
            convert_to: to,
        };
        let conventions = product.conventions();
        let dates = DateFormats {
            date: conventions.date_format().to_string(),
            datetime: conventions.datetime_format().map(str::to_string),
        };
        match resolve(&used, &inputs(), slot, conventions, &dates) {
            Ok(reference) => reference.code(),
            Err(why) => format!("refused: {why}"),
        }
    }

    #[test]
    fn references_compile_to_names_gets_and_conversions() {
        let crm = Product::Crm;
        assert_eq!(code("deal_id", None, Slot::Field, crm), "deal_id");
        assert_eq!(
            code("deal_id", None, Slot::RecordId, crm),
            "deal_id.toString()"
        );
        assert_eq!(
            code("amount_text", Some(ArgType::Decimal), Slot::Field, crm),
            "amount_text.toDecimal()"
        );
        assert_eq!(
            code("closing", None, Slot::Field, crm),
            r#"closing.toString("yyyy-MM-dd")"#
        );
        assert_eq!(
            code("closing", None, Slot::Field, Product::Creator),
            r#"closing.toString("dd-MMM-yyyy")"#
        );
        assert_eq!(
            code("invoice.customer_id", None, Slot::RecordId, Product::Books),
            r#"invoice.get("customer_id").toString()"#
        );
        // A key is escaped like any text: it cannot end the literal.
        assert_eq!(
            code(r#"invoice.a"b"#, None, Slot::Field, crm),
            r#"invoice.get("a\"b")"#
        );
    }

    #[test]
    fn conversions_that_would_guess_are_refused() {
        let crm = Product::Crm;
        assert!(code("ratio", Some(ArgType::Int), Slot::Field, crm).starts_with("refused"));
        assert!(code("amount_text", Some(ArgType::Date), Slot::Field, crm).starts_with("refused"));
        assert!(code("closing", None, Slot::RecordId, crm).starts_with("refused"));
        assert!(code("deal_id.x", None, Slot::Field, crm).contains("not a Map"));
        assert!(code("deal_id", None, Slot::FieldNames, crm).starts_with("refused"));
        assert!(code("deal_id", None, Slot::Records, crm).contains("List of records"));
        assert!(code("invoice", None, Slot::SearchValue, crm).contains("one value"));
        assert_eq!(
            code("closing", None, Slot::SearchValue, crm),
            r#"closing.toString("yyyy-MM-dd")"#
        );
    }
}
