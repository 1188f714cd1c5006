//! A search as Deluge: the criteria written in the product's syntax, the filters as query
//! parameters, and the bounded list of pages the script walks (Deluge has no `while`).
//! Literal values are escaped here, once; values from arguments are escaped by the script
//! at run time with the same rules. Either way a value stays data.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use super::value::{self, DateFormats, Slot};
use crate::deluge::literal;
use crate::spec::{
    ArgType, Criteria, FieldPath, FieldValue, InputUse, Op, OrInput, Problem, Request, SearchValue,
    Shape,
};
use crate::zoho::{Conventions, Product};

/// What a search script needs beyond the address.
#[derive(Debug, Clone, Serialize)]
pub struct SearchPlan {
    /// The criteria text as a Deluge expression (empty when the search uses filters).
    pub criteria_code: String,
    /// The address of the first page, as a Deluge expression (without paging parameters).
    pub url_code: String,
    /// The pages to walk: `{1, 2, 3}`.
    pub pages: String,
    pub max_pages: u32,
    pub per_page: u32,
    /// CRM: the `equals` conditions every record must meet (field, value as a Deluge
    /// text expression), when the criteria are one condition or all of a list. Zoho CRM
    /// v8 matches `equals` like `contains`, so a function of steps keeps only records
    /// whose field is exactly the value (letter case aside) before it uses one.
    pub exact: Vec<(String, String)>,
}

/// RFC 3986 unreserved characters stay; everything else is percent-encoded.
pub const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A piece of a text expression: literal text, or code giving text.
enum Piece {
    Text(String),
    Code(String),
}

/// `"a" + code + "b"`, adjacent literals merged.
fn join(pieces: Vec<Piece>) -> String {
    let mut merged: Vec<Piece> = Vec::new();
    for piece in pieces {
        match (merged.last_mut(), piece) {
            (Some(Piece::Text(last)), Piece::Text(more)) => last.push_str(&more),
            (_, piece) => merged.push(piece),
        }
    }
    if merged.is_empty() {
        return literal::text("");
    }
    merged
        .iter()
        .map(|piece| match piece {
            Piece::Text(text) => literal::text(text),
            Piece::Code(code) => code.clone(),
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

fn scalar_text(value: &FieldValue) -> String {
    match value {
        FieldValue::Text(text) => text.as_str().to_string(),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

/// Builds the search for `request`, whose address up to the query is `base` and whose
/// query so far is `query` (`?organization_id=...`, or empty).
pub fn plan(
    request: &Request,
    conventions: &dyn Conventions,
    dates: &DateFormats,
    product: Product,
    base: &str,
    query: &str,
    at: &FieldPath,
) -> Result<SearchPlan, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut resolve = |used: &InputUse, path: FieldPath| {
        search_value(request, conventions, dates, used, path, &mut problems)
    };
    let mut criteria_code = String::new();
    let mut exact = Vec::new();
    if let Some(criteria) = &request.criteria {
        let mut pieces = Vec::new();
        criteria_pieces(
            criteria,
            product,
            &mut pieces,
            &mut resolve,
            &at.key("criteria"),
            Some(&mut exact),
        );
        criteria_code = join(pieces);
    }
    let mut pieces = vec![Piece::Text(base.to_string())];
    let mut separator = if query.is_empty() { "?" } else { "&" };
    pieces.push(Piece::Text(query.to_string()));
    if request.criteria.is_some() {
        pieces.push(Piece::Text(format!("{separator}criteria=")));
        pieces.push(Piece::Code(
            "zoho.encryption.urlEncode(v_Criteria)".to_string(),
        ));
        separator = "&";
    }
    for (name, value) in request.filters.iter().flat_map(|f| &f.0) {
        pieces.push(Piece::Text(format!("{separator}{name}=")));
        separator = "&";
        match value {
            OrInput::Literal(literal) => pieces.push(Piece::Text(
                utf8_percent_encode(&scalar_text(literal), QUERY_VALUE).to_string(),
            )),
            OrInput::Input(used) => {
                if let Some((code, _)) = resolve(used, at.key("filters").key(name.as_str())) {
                    pieces.push(Piece::Code(format!(
                        "zoho.encryption.urlEncode({})",
                        as_text(&code)
                    )));
                }
            }
        }
    }
    for (name, value) in &request.options.0 {
        if let Some(rule) = conventions
            .options()
            .iter()
            .find(|r| r.name == name.as_str())
            && rule.place == crate::zoho::options::Place::Query
        {
            pieces.push(Piece::Text(format!(
                "{separator}{name}={}",
                utf8_percent_encode(&crate::zoho::options::as_text(value), QUERY_VALUE)
            )));
            separator = "&";
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let paging = conventions.paging();
    let max_pages = request.max_pages.unwrap_or(paging.default_pages);
    let pages: Vec<String> = (1..=max_pages).map(|n| n.to_string()).collect();
    Ok(SearchPlan {
        criteria_code,
        url_code: join(pieces),
        pages: format!("{{{}}}", pages.join(", ")),
        max_pages,
        per_page: paging.per_page,
        exact,
    })
}

/// A value read from an argument for a search: its expression, and whether it is text
/// (false for a number or truth value used as it is), or None after noting the problem.
fn search_value(
    request: &Request,
    conventions: &dyn Conventions,
    dates: &DateFormats,
    used: &InputUse,
    path: FieldPath,
    problems: &mut Vec<Problem>,
) -> Option<(String, bool)> {
    match value::resolve(used, &request.inputs, Slot::SearchValue, conventions, dates) {
        Ok(reference) => {
            let kind = request.inputs.get(&used.reference.input).map(|i| i.kind);
            let numeric = !used.reference.is_path()
                && used.convert_to.is_none()
                && matches!(kind, Some(ArgType::Int | ArgType::Decimal | ArgType::Bool));
            Some((reference.code(), !numeric))
        }
        Err(why) => {
            problems.push(Problem::new(path, why));
            None
        }
    }
}

/// `code` as text: a conversion already gives text.
fn as_text(code: &str) -> String {
    if code.contains(".toString(") {
        code.to_string()
    } else {
        format!("{code}.toString()")
    }
}

type Resolve<'a> = dyn FnMut(&InputUse, FieldPath) -> Option<(String, bool)> + 'a;

/// `exact` collects the CRM `equals` conditions that every record must meet: it is
/// passed down through `all` lists only (under `any`, no one condition must hold).
fn criteria_pieces(
    criteria: &Criteria,
    product: Product,
    pieces: &mut Vec<Piece>,
    resolve: &mut Resolve,
    at: &FieldPath,
    mut exact: Option<&mut Vec<(String, String)>>,
) {
    let Ok(shape) = criteria.shape() else {
        return;
    };
    let (list, joiner, key) = match shape {
        Shape::Condition { field, op, value } => {
            let code = condition(field.as_str(), op, value, product, pieces, resolve, at);
            if let (Some(exact), Some(code), Op::Equals, Product::Crm) = (exact, code, op, product)
            {
                exact.push((field.as_str().to_string(), code));
            }
            return;
        }
        Shape::All(list) => (
            list,
            if product == Product::Crm {
                "and"
            } else {
                " && "
            },
            "all",
        ),
        Shape::Any(list) => (
            list,
            if product == Product::Crm {
                "or"
            } else {
                " || "
            },
            "any",
        ),
    };
    if key == "any" {
        exact = None;
    }
    pieces.push(Piece::Text("(".into()));
    for (i, inner) in list.iter().enumerate() {
        if i > 0 {
            pieces.push(Piece::Text(joiner.into()));
        }
        criteria_pieces(
            inner,
            product,
            pieces,
            resolve,
            &at.key(key).index(i),
            exact.as_deref_mut(),
        );
    }
    pieces.push(Piece::Text(")".into()));
}

/// The run-time rules for a value from an argument in CRM criteria (Java regular
/// expressions, as Deluge's `replaceAll` takes): backslashes just before `(`, `)`, `,`,
/// and backslashes at the end. A literal value with either is refused when the spec is
/// checked; see README, Troubleshooting.
pub const CRM_BACKSLASH_BEFORE: &str = "\\\\+([(),])";
pub const CRM_BACKSLASH_AT_END: &str = "\\\\+$";

/// CRM escapes `(`, `)` and `,` in a value with a backslash.
fn crm_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '(' | ')' | ',') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Creator writes text in double quotes, with `\` and `"` escaped.
fn creator_quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn condition(
    field: &str,
    op: Op,
    value: &SearchValue,
    product: Product,
    pieces: &mut Vec<Piece>,
    resolve: &mut Resolve,
    at: &FieldPath,
) -> Option<String> {
    let resolved = match value {
        OrInput::Literal(literal) => Ok(literal),
        OrInput::Input(used) => Err(resolve(used, at.clone())),
    };
    // The value as a Deluge text expression, unescaped: what a record's field must be.
    let plain = match &resolved {
        Ok(literal) => Some(literal::text(&scalar_text(literal))),
        Err(Some((code, _))) => Some(as_text(code)),
        Err(None) => None,
    };
    if product == Product::Crm {
        pieces.push(Piece::Text(format!("({field}:{}:", op.as_str())));
        match resolved {
            Ok(literal) => pieces.push(Piece::Text(crm_escape(&scalar_text(literal)))),
            // A backslash run just before `(`, `)`, `,` or the end is dropped first:
            // Zoho documents no escaping for it, and kept it could end the value early
            // (or escape the closing `)`) under one reading of the criteria or the other.
            Err(Some((code, _))) => pieces.push(Piece::Code(format!(
                "{}.replaceAll({}, {}).replaceAll({}, {}).replaceAll({}, {})",
                as_text(&code),
                literal::text(CRM_BACKSLASH_BEFORE),
                literal::text("$1"),
                literal::text(CRM_BACKSLASH_AT_END),
                literal::text(""),
                literal::text("([(),])"),
                literal::text("\\\\$1")
            ))),
            Err(None) => {}
        }
        pieces.push(Piece::Text(")".into()));
        return plain;
    }
    // Creator: Deluge-like criteria.
    let value_pieces = match resolved {
        Ok(FieldValue::Text(text)) => vec![Piece::Text(creator_quote(text.as_str()))],
        Ok(other) => vec![Piece::Text(scalar_text(other))],
        Err(Some((code, true))) => vec![
            Piece::Text("\"".into()),
            Piece::Code(format!(
                "{}.replaceAll({}, {})",
                as_text(&code),
                literal::text("([\"\\\\])"),
                literal::text("\\\\$1")
            )),
            Piece::Text("\"".into()),
        ],
        Err(Some((code, false))) => vec![Piece::Code(as_text(&code))],
        Err(None) => Vec::new(),
    };
    let operator = match op {
        Op::Equals => "==",
        Op::NotEqual => "!=",
        Op::GreaterThan => ">",
        Op::GreaterEqual => ">=",
        Op::LessThan => "<",
        Op::LessEqual => "<=",
        Op::StartsWith | Op::Contains => {
            let method = if op == Op::StartsWith {
                "startsWith"
            } else {
                "contains"
            };
            pieces.push(Piece::Text(format!("{field}.{method}(")));
            pieces.extend(value_pieces);
            pieces.push(Piece::Text(")".into()));
            return plain;
        }
    };
    pieces.push(Piece::Text(format!("{field} {operator} ")));
    pieces.extend(value_pieces);
    plain
}

/// The Deluge expression of Creator criteria alone (a DELETE by criteria sends them in
/// its body).
pub fn creator_criteria(
    request: &Request,
    conventions: &dyn Conventions,
    dates: &DateFormats,
    at: &FieldPath,
) -> Result<String, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut resolve = |used: &InputUse, path: FieldPath| {
        search_value(request, conventions, dates, used, path, &mut problems)
    };
    let mut pieces = Vec::new();
    if let Some(criteria) = &request.criteria {
        criteria_pieces(
            criteria,
            Product::Creator,
            &mut pieces,
            &mut resolve,
            &at.key("criteria"),
            None,
        );
    }
    if problems.is_empty() {
        Ok(join(pieces))
    } else {
        Err(problems)
    }
}

/// What a search or delete looks for, as a reader sees it:
/// `Email equals ← argument email and Status not_equal Closed`.
pub fn describe(request: &Request) -> Option<String> {
    fn value(value: &SearchValue) -> String {
        match value {
            OrInput::Literal(literal) => scalar_text(literal),
            OrInput::Input(used) => format!("← argument {}", used.reference),
        }
    }
    fn criteria(this: &Criteria, nested: bool) -> String {
        match this.shape() {
            Ok(Shape::Condition {
                field,
                op,
                value: v,
            }) => {
                let shown = match op {
                    Op::Equals => "=",
                    Op::NotEqual => "≠",
                    Op::StartsWith => "starts with",
                    Op::Contains => "contains",
                    Op::GreaterThan => ">",
                    Op::GreaterEqual => "≥",
                    Op::LessThan => "<",
                    Op::LessEqual => "≤",
                };
                format!("{field} {shown} {}", value(v))
            }
            Ok(Shape::All(list)) | Ok(Shape::Any(list)) => {
                let joiner = if this.all.is_some() { " and " } else { " or " };
                let parts: Vec<String> = list.iter().map(|c| criteria(c, true)).collect();
                let text = parts.join(joiner);
                if nested { format!("({text})") } else { text }
            }
            Err(_) => String::new(),
        }
    }
    let mut parts = Vec::new();
    if let Some(c) = &request.criteria {
        parts.push(criteria(c, false));
    }
    for (name, v) in request.filters.iter().flat_map(|f| &f.0) {
        parts.push(format!("{name} = {}", value(v)));
    }
    if let Some(query) = &request.query {
        parts.push(query.as_str().to_string());
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// A search's filters as name → Deluge expression (for a task, which takes them in a Map
/// instead of the address): a literal as text, an argument's value as it is.
pub fn filter_codes(
    request: &Request,
    conventions: &dyn Conventions,
    dates: &DateFormats,
    at: &FieldPath,
) -> Result<Vec<(String, String)>, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut codes = Vec::new();
    for (name, value) in request.filters.iter().flat_map(|f| &f.0) {
        match value {
            OrInput::Literal(literal) => codes.push((
                name.as_str().to_string(),
                literal::text(&scalar_text(literal)),
            )),
            OrInput::Input(used) => {
                let path = at.key("filters").key(name.as_str());
                if let Some((code, _)) =
                    search_value(request, conventions, dates, used, path, &mut problems)
                {
                    codes.push((name.as_str().to_string(), code));
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(codes)
    } else {
        Err(problems)
    }
}
