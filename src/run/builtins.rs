//! Deluge's built-in functions: one table of methods keyed by receiver type and name
//! (names are case-insensitive, as in Zoho), one of functions called by name, and the
//! `zoho.` variables and tasks. Semantics follow Zoho's Deluge help pages
//! (zoho.com/deluge/help/functions/...); a name not in a table stops the run.

use super::eval::{Interpreter, Result, Stop};
use super::time;
use super::value::{Kind, Value, decimal_text};
use crate::deluge::lexer::Pos;

type Builtin = fn(&mut Interpreter, Value, Vec<Value>, Pos) -> Result<Value>;

/// Receiver kinds a method is filed under besides the value's own: any number, any
/// moment (date or date-time), any value.
#[derive(Clone, Copy, PartialEq, Eq)]
enum On {
    Is(Kind),
    Number,
    Moment,
    Any,
}

fn applies(on: On, kind: Kind) -> bool {
    match on {
        On::Is(k) => k == kind,
        On::Number => matches!(kind, Kind::Long | Kind::Decimal),
        On::Moment => matches!(kind, Kind::Date | Kind::DateTime),
        On::Any => true,
    }
}

/// Methods: (receiver, lower-case name, implementation). More specific receivers first.
const METHODS: &[(On, &str, Builtin)] = &[
    // Map (zoho.com/deluge/help/functions/map)
    (On::Is(Kind::Map), "put", map_put),
    (On::Is(Kind::Map), "get", map_get),
    (On::Is(Kind::Map), "getjson", map_get),
    (On::Is(Kind::Map), "keys", map_keys),
    (On::Is(Kind::Map), "containskey", map_contains_key),
    (On::Is(Kind::Map), "containkey", map_contains_key),
    (On::Is(Kind::Map), "containsvalue", map_contains_value),
    (On::Is(Kind::Map), "containvalue", map_contains_value),
    (On::Is(Kind::Map), "remove", map_remove),
    (On::Is(Kind::Map), "size", size),
    (On::Is(Kind::Map), "isempty", is_empty),
    (On::Is(Kind::Map), "clear", clear),
    (On::Is(Kind::Map), "putall", map_put_all),
    (On::Is(Kind::Map), "tomap", identity),
    (On::Is(Kind::Map), "tojsonlist", wrap_in_list),
    // List (zoho.com/deluge/help/functions/list)
    (On::Is(Kind::List), "add", list_add),
    (On::Is(Kind::List), "addall", list_add_all),
    (On::Is(Kind::List), "get", list_get),
    (On::Is(Kind::List), "size", size),
    (On::Is(Kind::List), "isempty", is_empty),
    (On::Is(Kind::List), "contains", list_contains),
    (On::Is(Kind::List), "indexof", list_index_of),
    (On::Is(Kind::List), "lastindexof", list_last_index_of),
    (On::Is(Kind::List), "remove", list_remove),
    (On::Is(Kind::List), "removeelement", list_remove_element),
    (On::Is(Kind::List), "removeall", list_remove_all),
    (On::Is(Kind::List), "clear", clear),
    (On::Is(Kind::List), "sort", list_sort),
    (On::Is(Kind::List), "distinct", list_distinct),
    (On::Is(Kind::List), "sublist", list_sub_list),
    (On::Is(Kind::List), "tolist", identity),
    (On::Is(Kind::List), "tojsonlist", identity),
    (On::Is(Kind::List), "tostring", list_to_string),
    (On::Is(Kind::List), "sum", list_sum),
    (On::Is(Kind::List), "count", size),
    // Text (zoho.com/deluge/help/functions/string)
    (On::Is(Kind::Text), "length", text_length),
    (On::Is(Kind::Text), "len", text_length),
    (On::Is(Kind::Text), "trim", text_trim),
    (On::Is(Kind::Text), "touppercase", text_upper),
    (On::Is(Kind::Text), "tolowercase", text_lower),
    (On::Is(Kind::Text), "contains", text_contains),
    (On::Is(Kind::Text), "startswith", text_starts_with),
    (On::Is(Kind::Text), "endswith", text_ends_with),
    (On::Is(Kind::Text), "indexof", text_index_of),
    (On::Is(Kind::Text), "lastindexof", text_last_index_of),
    (On::Is(Kind::Text), "substring", text_substring),
    (On::Is(Kind::Text), "subtext", text_substring),
    (On::Is(Kind::Text), "mid", text_substring),
    (On::Is(Kind::Text), "left", text_left),
    (On::Is(Kind::Text), "right", text_right),
    (On::Is(Kind::Text), "getprefix", text_prefix),
    (On::Is(Kind::Text), "getsuffix", text_suffix),
    (On::Is(Kind::Text), "replaceall", text_replace_all),
    (On::Is(Kind::Text), "replacefirst", text_replace_first),
    (On::Is(Kind::Text), "remove", text_remove),
    (On::Is(Kind::Text), "tolist", text_to_list),
    (On::Is(Kind::Text), "tolong", text_to_long),
    (On::Is(Kind::Text), "tonumber", text_to_long),
    (On::Is(Kind::Text), "todecimal", text_to_decimal),
    (On::Is(Kind::Text), "tomap", text_to_map),
    (On::Is(Kind::Text), "tojsonlist", text_to_json_list),
    (On::Is(Kind::Text), "todate", text_to_date),
    (On::Is(Kind::Text), "totime", text_to_time),
    (On::Is(Kind::Text), "todatetime", text_to_time),
    (On::Is(Kind::Text), "tostring", text_to_string),
    (On::Is(Kind::Text), "isempty", is_empty),
    (On::Is(Kind::Text), "isnumber", text_is_number),
    (
        On::Is(Kind::Text),
        "equalsignorecase",
        text_equals_ignore_case,
    ),
    (On::Is(Kind::Text), "matches", text_matches),
    (On::Is(Kind::Text), "unixepoch", text_unix_epoch),
    (On::Is(Kind::Text), "encodeurl", text_encode_url),
    // Numbers (zoho.com/deluge/help/functions/number)
    (On::Number, "tolong", number_to_long),
    (On::Number, "tonumber", number_to_long),
    (On::Number, "todecimal", number_to_decimal),
    (On::Number, "round", number_round),
    (On::Number, "abs", number_abs),
    (On::Number, "tostring", any_to_string),
    // Dates and date-times (zoho.com/deluge/help/functions/datetime)
    (On::Moment, "addseconds", add_seconds),
    (On::Moment, "addminutes", add_minutes),
    (On::Moment, "addhour", add_hours),
    (On::Moment, "addhours", add_hours),
    (On::Moment, "addday", add_days),
    (On::Moment, "adddays", add_days),
    (On::Moment, "subday", sub_days),
    (On::Moment, "addweek", add_weeks),
    (On::Moment, "addmonth", add_months),
    (On::Moment, "addyear", add_years),
    (On::Moment, "tostring", moment_to_string),
    (On::Moment, "totext", moment_to_string),
    (On::Moment, "todate", moment_to_date),
    (On::Moment, "totime", moment_to_time),
    (On::Moment, "getyear", get_year),
    (On::Moment, "getmonth", get_month),
    (On::Moment, "getday", get_day),
    (On::Moment, "gethour", get_hour),
    (On::Moment, "getminutes", get_minutes),
    (On::Moment, "getseconds", get_seconds),
    (On::Moment, "daysbetween", days_between),
    (On::Moment, "unixepoch", moment_unix_epoch),
    (On::Moment, "tolong", moment_unix_epoch),
    // Creator records
    (On::Is(Kind::Records), "count", records_count),
    (On::Is(Kind::Records), "size", records_count),
    // Every value
    (On::Any, "tostring", any_to_string),
    (On::Any, "totext", any_to_string),
    (On::Any, "isnull", any_is_null),
    (On::Any, "isempty", is_empty),
];

/// Functions called by name: (lower-case name, implementation; the receiver is null).
const FUNCTIONS: &[(&str, Builtin)] = &[
    ("map", new_map),
    ("collection", new_map),
    ("list", new_list),
    ("ifnull", if_null),
    ("isnull", is_null_fn),
    ("isempty", is_empty_fn),
    ("len", len_fn),
    ("length", len_fn),
    ("encodeurl", encode_url_fn),
    ("urlencode", encode_url_fn),
    ("tolong", to_long_fn),
    ("todecimal", to_decimal_fn),
    ("tostring", to_string_fn),
    ("totext", to_string_fn),
    ("max", max_fn),
    ("min", min_fn),
    ("abs", abs_fn),
    ("round", round_fn),
    ("openurl", open_url_fn),
];

/// Tasks and functions under `zoho.`: those that need no Zoho are answered here; the
/// rest go to the run's Http (the simulation knows a few), else the run stops.
const TASKS: &[(&str, Builtin)] = &[
    ("zoho.encryption.urlencode", urlencode_task),
    ("zoho.encryption.urldecode", urldecode_task),
];

fn find_method(kind: Kind, name: &str) -> Option<Builtin> {
    METHODS
        .iter()
        .find(|(on, n, _)| applies(*on, kind) && n.eq_ignore_ascii_case(name))
        .map(|(_, _, f)| *f)
}

/// How many built-ins delugen run knows (methods, functions, tasks, variables).
pub fn count() -> usize {
    METHODS.len() + FUNCTIONS.len() + TASKS.len() + SYSTEM_VARIABLES.len()
}

pub fn call_method(
    run: &mut Interpreter,
    target: Value,
    name: &str,
    args: Vec<Value>,
    pos: Pos,
) -> Result<Value> {
    let kind = target.kind();
    match find_method(kind, name) {
        Some(f) => f(run, target, args, pos),
        None => {
            // A method of another type: a Deluge error, not an unknown built-in.
            let exists = METHODS.iter().any(|(_, n, _)| n.eq_ignore_ascii_case(name));
            if exists && kind != Kind::Null {
                Err(Stop::error(
                    pos,
                    format!("{name}() does not apply to a {}", kind.name()),
                ))
            } else if exists {
                Err(Stop::error(pos, format!("{name}() called on null")))
            } else {
                Err(Stop::unsupported(
                    pos,
                    format!("{name}() on a {}", kind.name()),
                ))
            }
        }
    }
}

pub fn call_global(run: &mut Interpreter, name: &str, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let bare = name.split(':').next().unwrap_or(name);
    match FUNCTIONS.iter().find(|(n, _)| n.eq_ignore_ascii_case(bare)) {
        Some((_, f)) => f(run, Value::Null, args, pos),
        None => Err(Stop::unsupported(pos, format!("{name}()"))),
    }
}

pub fn call_task(run: &mut Interpreter, name: &str, args: Vec<Value>, pos: Pos) -> Result<Value> {
    if let Some((_, f)) = TASKS.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
        return f(run, Value::Null, args, pos);
    }
    let now = run.now;
    match run.http.task(name, &args, now) {
        Some(Ok(answer)) => {
            if let Some((request, response)) = answer.sent {
                run.exchanges.push(super::eval::Exchange {
                    request,
                    response,
                    at: super::time::format_date(now, "dd-MMM-yyyy HH:mm:ss"),
                });
                run.events
                    .push(super::eval::Event::Request(run.exchanges.len() - 1));
            }
            Ok(answer.value)
        }
        Some(Err(message)) => Err(Stop::error(pos, message)),
        None => Err(Stop::unsupported(pos, format!("{name}()"))),
    }
}

const SYSTEM_VARIABLES: [&str; 6] = [
    "zoho.currenttime",
    "zoho.currentdate",
    "zoho.adminuserid",
    "zoho.loginuserid",
    "zoho.adminuser",
    "zoho.loginuser",
];

/// `zoho.currenttime` and the other `zoho.` values.
pub fn system_variable(run: &mut Interpreter, name: &str, pos: Pos) -> Result<Value> {
    match name.to_ascii_lowercase().as_str() {
        "zoho.currenttime" => Ok(Value::DateTime(run.now)),
        "zoho.currentdate" => Ok(Value::Date(run.now.div_euclid(86_400))),
        "zoho.adminuserid" | "zoho.loginuserid" | "zoho.adminuser" | "zoho.loginuser" => {
            Ok(Value::text(run.user.clone()))
        }
        _ => Err(Stop::unsupported(pos, name.to_string())),
    }
}

/// A variable the script never set: Zoho refuses to save such a script.
pub fn global_variable(_run: &mut Interpreter, name: &str, pos: Pos) -> Result<Value> {
    Err(Stop::error(
        pos,
        format!("variable '{name}' is not defined (an argument? give it with --arg {name}=VALUE)"),
    ))
}

// ---- operators ----

/// `a OP b` for every operator but `&&` and `||`.
pub fn binary(op: &str, left: Value, right: Value, pos: Pos) -> Result<Value> {
    match op {
        "==" => Ok(Value::Bool(left.equals(&right))),
        "!=" | "<>" => Ok(Value::Bool(!left.equals(&right))),
        "<" | ">" | "<=" | ">=" => {
            let ordering = compare(&left, &right).ok_or_else(|| {
                Stop::error(
                    pos,
                    format!(
                        "cannot compare a {} with a {}",
                        left.kind().name(),
                        right.kind().name()
                    ),
                )
            })?;
            use std::cmp::Ordering::*;
            Ok(Value::Bool(match op {
                "<" => ordering == Less,
                ">" => ordering == Greater,
                "<=" => ordering != Greater,
                _ => ordering != Less,
            }))
        }
        "in" | "not in" => {
            let found = match &right {
                Value::List(items) => items.borrow().iter().any(|item| item.equals(&left)),
                Value::Map(map) => map.borrow().contains_key(&left.key()),
                Value::Text(text) => text.contains(&left.display()),
                other => {
                    return Err(Stop::error(
                        pos,
                        format!("`{op}` needs a LIST, found {}", other.kind().name()),
                    ));
                }
            };
            Ok(Value::Bool(found == (op == "in")))
        }
        _ => arithmetic(op, left, right, pos),
    }
}

fn compare(left: &Value, right: &Value) -> Option<std::cmp::Ordering> {
    match (left, right) {
        (Value::Text(a), Value::Text(b)) => Some(a.cmp(b)),
        (Value::Date(a), Value::Date(b)) => Some(a.cmp(b)),
        (Value::DateTime(a), Value::DateTime(b)) => Some(a.cmp(b)),
        (Value::Date(d), Value::DateTime(t)) => Some((d * 86_400).cmp(t)),
        (Value::DateTime(t), Value::Date(d)) => Some(t.cmp(&(d * 86_400))),
        (a, b) => a.number()?.partial_cmp(&b.number()?),
    }
}

/// `+ - * / %`: `+` with text on either side joins as text.
pub fn arithmetic(op: &str, left: Value, right: Value, pos: Pos) -> Result<Value> {
    if op == "+" && (matches!(left, Value::Text(_)) || matches!(right, Value::Text(_))) {
        return Ok(Value::Text(left.display() + &right.display()));
    }
    let overflow = || Stop::error(pos, "the number is too large for a NUMBER");
    match (&left, &right) {
        (Value::Long(a), Value::Long(b)) => match op {
            "+" => a.checked_add(*b).map(Value::Long).ok_or_else(overflow),
            "-" => a.checked_sub(*b).map(Value::Long).ok_or_else(overflow),
            "*" => a.checked_mul(*b).map(Value::Long).ok_or_else(overflow),
            "/" | "%" if *b == 0 => Err(Stop::error(pos, "division by zero")),
            "/" if a % b == 0 => Ok(Value::Long(a / b)),
            "/" => Ok(Value::Decimal(*a as f64 / *b as f64)),
            "%" => Ok(Value::Long(a % b)),
            _ => Err(Stop::unsupported(pos, format!("the operator {op}"))),
        },
        _ => match (left.number(), right.number()) {
            (Some(a), Some(b)) => match op {
                "+" => Ok(Value::Decimal(a + b)),
                "-" => Ok(Value::Decimal(a - b)),
                "*" => Ok(Value::Decimal(a * b)),
                "/" | "%" if b == 0.0 => Err(Stop::error(pos, "division by zero")),
                "/" => Ok(Value::Decimal(a / b)),
                "%" => Ok(Value::Decimal(a % b)),
                _ => Err(Stop::unsupported(pos, format!("the operator {op}"))),
            },
            _ => Err(Stop::unsupported(
                pos,
                format!("{} {op} {}", left.kind().name(), right.kind().name()),
            )),
        },
    }
}

// ---- helpers ----

fn arg(args: &[Value], i: usize, name: &str, pos: Pos) -> Result<Value> {
    args.get(i)
        .cloned()
        .ok_or_else(|| Stop::error(pos, format!("{name}() needs argument {}", i + 1)))
}

fn text_arg(args: &[Value], i: usize, name: &str, pos: Pos) -> Result<String> {
    Ok(arg(args, i, name, pos)?.display())
}

fn long_arg(args: &[Value], i: usize, name: &str, pos: Pos) -> Result<i64> {
    match arg(args, i, name, pos)? {
        Value::Long(n) => Ok(n),
        Value::Decimal(d) if d.fract() == 0.0 => Ok(d as i64),
        Value::Text(t) if t.trim().parse::<i64>().is_ok() => Ok(t.trim().parse().unwrap_or(0)),
        other => Err(Stop::error(
            pos,
            format!("{name}() takes a NUMBER, found {}", other.kind().name()),
        )),
    }
}

fn text_of(value: &Value) -> &str {
    match value {
        Value::Text(t) => t,
        _ => "",
    }
}

fn chars_index(text: &str, index: i64, pos: Pos, name: &str) -> Result<usize> {
    let len = text.chars().count() as i64;
    if index < 0 || index > len {
        return Err(Stop::error(
            pos,
            format!("{name}(): index {index} is outside the text (length {len})"),
        ));
    }
    Ok(index as usize)
}

fn substring_chars(text: &str, start: usize, end: usize) -> String {
    text.chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}

// ---- Map ----

fn map_put(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let key = arg(&args, 0, "put", pos)?.key();
    let value = arg(&args, 1, "put", pos)?;
    if let Value::Map(map) = &target {
        map.borrow_mut().insert(key, value);
    }
    Ok(Value::Null)
}

fn map_get(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let key = arg(&args, 0, "get", pos)?.key();
    Ok(match &target {
        Value::Map(map) => map.borrow().get(&key).cloned().unwrap_or(Value::Null),
        _ => Value::Null,
    })
}

fn map_keys(_: &mut Interpreter, target: Value, _: Vec<Value>, _: Pos) -> Result<Value> {
    Ok(match &target {
        Value::Map(map) => Value::new_list(
            map.borrow()
                .keys()
                .map(|k| Value::text(k.clone()))
                .collect(),
        ),
        _ => Value::new_list(Vec::new()),
    })
}

fn map_contains_key(
    _: &mut Interpreter,
    target: Value,
    args: Vec<Value>,
    pos: Pos,
) -> Result<Value> {
    let key = arg(&args, 0, "containKey", pos)?.key();
    Ok(Value::Bool(match &target {
        Value::Map(map) => map.borrow().contains_key(&key),
        _ => false,
    }))
}

fn map_contains_value(
    _: &mut Interpreter,
    target: Value,
    args: Vec<Value>,
    pos: Pos,
) -> Result<Value> {
    let wanted = arg(&args, 0, "containValue", pos)?;
    Ok(Value::Bool(match &target {
        Value::Map(map) => map.borrow().values().any(|v| v.equals(&wanted)),
        _ => false,
    }))
}

fn map_remove(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let key = arg(&args, 0, "remove", pos)?.key();
    Ok(match &target {
        Value::Map(map) => map.borrow_mut().shift_remove(&key).unwrap_or(Value::Null),
        _ => Value::Null,
    })
}

fn map_put_all(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let other = arg(&args, 0, "putAll", pos)?;
    if let (Value::Map(map), Value::Map(other)) = (&target, &other) {
        let entries: Vec<(String, Value)> = other
            .borrow()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        map.borrow_mut().extend(entries);
    }
    Ok(Value::Null)
}

fn wrap_in_list(_: &mut Interpreter, target: Value, _: Vec<Value>, _: Pos) -> Result<Value> {
    Ok(Value::new_list(vec![target]))
}

fn identity(_: &mut Interpreter, target: Value, _: Vec<Value>, _: Pos) -> Result<Value> {
    Ok(target)
}

fn size(_: &mut Interpreter, target: Value, _: Vec<Value>, _: Pos) -> Result<Value> {
    Ok(Value::Long(match &target {
        Value::Map(map) => map.borrow().len(),
        Value::List(list) => list.borrow().len(),
        _ => 0,
    } as i64))
}

fn is_empty(_: &mut Interpreter, target: Value, _: Vec<Value>, _: Pos) -> Result<Value> {
    Ok(Value::Bool(match &target {
        Value::Map(map) => map.borrow().is_empty(),
        Value::List(list) => list.borrow().is_empty(),
        Value::Text(text) => text.is_empty(),
        Value::Null => true,
        _ => false,
    }))
}

fn clear(_: &mut Interpreter, target: Value, _: Vec<Value>, _: Pos) -> Result<Value> {
    match &target {
        Value::Map(map) => map.borrow_mut().clear(),
        Value::List(list) => list.borrow_mut().clear(),
        _ => {}
    }
    Ok(Value::Null)
}

// ---- List ----

fn list_items(target: &Value) -> Vec<Value> {
    match target {
        Value::List(list) => list.borrow().clone(),
        _ => Vec::new(),
    }
}

fn list_add(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let value = arg(&args, 0, "add", pos)?;
    if let Value::List(list) = &target {
        list.borrow_mut().push(value);
    }
    Ok(Value::Null)
}

fn list_add_all(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let other = arg(&args, 0, "addAll", pos)?;
    let items = match &other {
        Value::List(_) => list_items(&other),
        Value::Null => {
            return Err(Stop::error(pos, "addAll() takes a LIST, found null"));
        }
        other => {
            return Err(Stop::error(
                pos,
                format!("addAll() takes a LIST, found {}", other.kind().name()),
            ));
        }
    };
    if let Value::List(list) = &target {
        list.borrow_mut().extend(items);
    }
    Ok(Value::Null)
}

/// zoho.com/deluge/help/functions/list/get: an index outside the list is an error.
fn list_get(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let index = long_arg(&args, 0, "get", pos)?;
    let items = list_items(&target);
    if index < 0 || index as usize >= items.len() {
        return Err(Stop::error(
            pos,
            format!(
                "list index {index} is out of range (the list has {} elements)",
                items.len()
            ),
        ));
    }
    Ok(items[index as usize].clone())
}

fn list_contains(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let wanted = arg(&args, 0, "contains", pos)?;
    Ok(Value::Bool(
        list_items(&target).iter().any(|v| v.equals(&wanted)),
    ))
}

fn list_index_of(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let wanted = arg(&args, 0, "indexOf", pos)?;
    Ok(Value::Long(
        list_items(&target)
            .iter()
            .position(|v| v.equals(&wanted))
            .map_or(-1, |i| i as i64),
    ))
}

fn list_last_index_of(
    _: &mut Interpreter,
    target: Value,
    args: Vec<Value>,
    pos: Pos,
) -> Result<Value> {
    let wanted = arg(&args, 0, "lastIndexOf", pos)?;
    Ok(Value::Long(
        list_items(&target)
            .iter()
            .rposition(|v| v.equals(&wanted))
            .map_or(-1, |i| i as i64),
    ))
}

fn list_remove(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let index = long_arg(&args, 0, "remove", pos)?;
    if let Value::List(list) = &target {
        let len = list.borrow().len();
        if index < 0 || index as usize >= len {
            return Err(Stop::error(
                pos,
                format!("list index {index} is out of range (the list has {len} elements)"),
            ));
        }
        return Ok(list.borrow_mut().remove(index as usize));
    }
    Ok(Value::Null)
}

fn list_remove_element(
    _: &mut Interpreter,
    target: Value,
    args: Vec<Value>,
    pos: Pos,
) -> Result<Value> {
    let wanted = arg(&args, 0, "removeElement", pos)?;
    if let Value::List(list) = &target {
        let mut list = list.borrow_mut();
        if let Some(at) = list.iter().position(|v| v.equals(&wanted)) {
            list.remove(at);
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn list_remove_all(
    _: &mut Interpreter,
    target: Value,
    args: Vec<Value>,
    pos: Pos,
) -> Result<Value> {
    let others = list_items(&arg(&args, 0, "removeAll", pos)?);
    if let Value::List(list) = &target {
        list.borrow_mut()
            .retain(|v| !others.iter().any(|o| o.equals(v)));
    }
    Ok(Value::Null)
}

/// zoho.com/deluge/help/functions/list/sort: ascending unless given false; numbers,
/// text and dates sort among themselves.
fn list_sort(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let ascending = !matches!(args.first(), Some(Value::Bool(false)));
    let mut items = list_items(&target);
    let mut failed = false;
    items.sort_by(|a, b| {
        compare(a, b).unwrap_or_else(|| {
            failed = true;
            std::cmp::Ordering::Equal
        })
    });
    if failed {
        return Err(Stop::error(
            pos,
            "sort(): the list mixes values that do not compare",
        ));
    }
    if !ascending {
        items.reverse();
    }
    if let Value::List(list) = &target {
        *list.borrow_mut() = items.clone();
    }
    Ok(Value::new_list(items))
}

fn list_distinct(_: &mut Interpreter, target: Value, _: Vec<Value>, _: Pos) -> Result<Value> {
    let mut seen: Vec<Value> = Vec::new();
    for item in list_items(&target) {
        if !seen.iter().any(|s| s.equals(&item)) {
            seen.push(item);
        }
    }
    Ok(Value::new_list(seen))
}

fn list_sub_list(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let items = list_items(&target);
    let start = long_arg(&args, 0, "subList", pos)?;
    let end = if args.len() > 1 {
        long_arg(&args, 1, "subList", pos)?
    } else {
        items.len() as i64
    };
    if start < 0 || end < start || end as usize > items.len() {
        return Err(Stop::error(
            pos,
            format!(
                "subList({start}, {end}) is outside the list of {}",
                items.len()
            ),
        ));
    }
    Ok(Value::new_list(
        items[start as usize..end as usize].to_vec(),
    ))
}

/// `l.toString(",")` joins with the separator given; without one, as `info` shows it.
fn list_to_string(_: &mut Interpreter, target: Value, args: Vec<Value>, _: Pos) -> Result<Value> {
    match args.first() {
        Some(separator) => Ok(Value::Text(
            list_items(&target)
                .iter()
                .map(|item| match item {
                    Value::Map(_) | Value::List(_) => item.to_json_text(),
                    other => other.display(),
                })
                .collect::<Vec<_>>()
                .join(&separator.display()),
        )),
        None => Ok(Value::Text(target.display())),
    }
}

fn list_sum(_: &mut Interpreter, target: Value, _: Vec<Value>, pos: Pos) -> Result<Value> {
    let mut total = Value::Long(0);
    for item in list_items(&target) {
        total = arithmetic("+", total, item, pos)?;
    }
    Ok(total)
}

// ---- Text ----

fn text_length(_: &mut Interpreter, target: Value, _: Vec<Value>, _: Pos) -> Result<Value> {
    Ok(Value::Long(text_of(&target).chars().count() as i64))
}

fn text_trim(_: &mut Interpreter, target: Value, _: Vec<Value>, _: Pos) -> Result<Value> {
    Ok(Value::text(text_of(&target).trim()))
}

fn text_upper(_: &mut Interpreter, target: Value, _: Vec<Value>, _: Pos) -> Result<Value> {
    Ok(Value::text(text_of(&target).to_uppercase()))
}

fn text_lower(_: &mut Interpreter, target: Value, _: Vec<Value>, _: Pos) -> Result<Value> {
    Ok(Value::text(text_of(&target).to_lowercase()))
}

fn text_contains(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let needle = text_arg(&args, 0, "contains", pos)?;
    Ok(Value::Bool(text_of(&target).contains(&needle)))
}

fn text_starts_with(
    _: &mut Interpreter,
    target: Value,
    args: Vec<Value>,
    pos: Pos,
) -> Result<Value> {
    let needle = text_arg(&args, 0, "startsWith", pos)?;
    Ok(Value::Bool(text_of(&target).starts_with(&needle)))
}

fn text_ends_with(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let needle = text_arg(&args, 0, "endsWith", pos)?;
    Ok(Value::Bool(text_of(&target).ends_with(&needle)))
}

fn char_position(text: &str, byte: Option<usize>) -> i64 {
    byte.map_or(-1, |b| text[..b].chars().count() as i64)
}

fn text_index_of(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let needle = text_arg(&args, 0, "indexOf", pos)?;
    let text = text_of(&target);
    Ok(Value::Long(char_position(text, text.find(&needle))))
}

fn text_last_index_of(
    _: &mut Interpreter,
    target: Value,
    args: Vec<Value>,
    pos: Pos,
) -> Result<Value> {
    let needle = text_arg(&args, 0, "lastIndexOf", pos)?;
    let text = text_of(&target);
    Ok(Value::Long(char_position(text, text.rfind(&needle))))
}

/// zoho.com/deluge/help/functions/string/substring: from the start index up to (not
/// including) the end index; an index outside the text is an error.
fn text_substring(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let text = text_of(&target);
    let len = text.chars().count() as i64;
    let start = chars_index(
        text,
        long_arg(&args, 0, "subString", pos)?,
        pos,
        "subString",
    )?;
    let end = if args.len() > 1 {
        chars_index(
            text,
            long_arg(&args, 1, "subString", pos)?,
            pos,
            "subString",
        )?
    } else {
        len as usize
    };
    if end < start {
        return Err(Stop::error(
            pos,
            format!("subString({start}, {end}): the end comes before the start"),
        ));
    }
    Ok(Value::Text(substring_chars(text, start, end)))
}

fn text_left(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let n = long_arg(&args, 0, "left", pos)?.max(0) as usize;
    Ok(Value::Text(text_of(&target).chars().take(n).collect()))
}

fn text_right(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let n = long_arg(&args, 0, "right", pos)?.max(0) as usize;
    let chars: Vec<char> = text_of(&target).chars().collect();
    Ok(Value::Text(
        chars[chars.len().saturating_sub(n)..].iter().collect(),
    ))
}

fn text_prefix(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let needle = text_arg(&args, 0, "getPrefix", pos)?;
    let text = text_of(&target);
    Ok(match text.find(&needle) {
        Some(at) => Value::text(&text[..at]),
        None => Value::Null,
    })
}

fn text_suffix(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let needle = text_arg(&args, 0, "getSuffix", pos)?;
    let text = text_of(&target);
    Ok(match text.find(&needle) {
        Some(at) => Value::text(&text[at + needle.len()..]),
        None => Value::Null,
    })
}

fn regex(pattern: &str, pos: Pos) -> Result<regex::Regex> {
    regex::RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .build()
        .map_err(|e| Stop::unsupported(pos, format!("the regular expression {pattern:?} ({e})")))
}

/// A Java replacement (`\\$1` is a backslash then group 1): `\x` is x, `$n` a group.
fn java_replacement(caps: &regex::Captures, replacement: &str) -> String {
    let mut out = String::new();
    let mut chars = replacement.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            '$' if chars.peek().is_some_and(|d| d.is_ascii_digit()) => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                let group: usize = digits.parse().unwrap_or(0);
                out.push_str(caps.get(group).map_or("", |m| m.as_str()));
            }
            other => out.push(other),
        }
    }
    out
}

fn replace(target: &Value, args: &[Value], pos: Pos, all: bool) -> Result<Value> {
    let pattern = text_arg(args, 0, "replaceAll", pos)?;
    let replacement = text_arg(args, 1, "replaceAll", pos)?;
    let re = regex(&pattern, pos)?;
    let text = text_of(target);
    let limit = if all { 0 } else { 1 };
    Ok(Value::Text(
        re.replacen(text, limit, |caps: &regex::Captures| {
            java_replacement(caps, &replacement)
        })
        .into_owned(),
    ))
}

/// zoho.com/deluge/help/functions/string/replaceall: the pattern is a regular expression.
fn text_replace_all(
    _: &mut Interpreter,
    target: Value,
    args: Vec<Value>,
    pos: Pos,
) -> Result<Value> {
    replace(&target, &args, pos, true)
}

fn text_replace_first(
    _: &mut Interpreter,
    target: Value,
    args: Vec<Value>,
    pos: Pos,
) -> Result<Value> {
    replace(&target, &args, pos, false)
}

fn text_remove(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let needle = text_arg(&args, 0, "remove", pos)?;
    Ok(Value::Text(text_of(&target).replace(&needle, "")))
}

fn text_to_list(_: &mut Interpreter, target: Value, args: Vec<Value>, _: Pos) -> Result<Value> {
    let text = text_of(&target);
    let separator = args.first().map_or(",".to_string(), Value::display);
    if let Ok(serde_json::Value::Array(items)) = serde_json::from_str(text)
        && args.is_empty()
    {
        return Ok(Value::new_list(
            items.iter().map(Value::from_json).collect(),
        ));
    }
    if text.is_empty() {
        return Ok(Value::new_list(Vec::new()));
    }
    Ok(Value::new_list(
        text.split(separator.as_str()).map(Value::text).collect(),
    ))
}

/// zoho.com/deluge/help/functions/string/tolong: text of digits (a sign allowed) becomes
/// a number; anything else is an error.
fn text_to_long(_: &mut Interpreter, target: Value, _: Vec<Value>, pos: Pos) -> Result<Value> {
    let text = text_of(&target).trim();
    if let Ok(n) = text.parse::<i64>() {
        return Ok(Value::Long(n));
    }
    match text.parse::<f64>() {
        Ok(d) if d.is_finite() => Ok(Value::Long(d.trunc() as i64)),
        _ => Err(Stop::error(
            pos,
            format!("toLong(): {text:?} is not a number"),
        )),
    }
}

fn text_to_decimal(_: &mut Interpreter, target: Value, _: Vec<Value>, pos: Pos) -> Result<Value> {
    let text = text_of(&target).trim();
    match text.parse::<f64>() {
        Ok(d) if d.is_finite() => Ok(Value::Decimal(d)),
        _ => Err(Stop::error(
            pos,
            format!("toDecimal(): {text:?} is not a number"),
        )),
    }
}

/// JSON text of an object becomes a Map; empty text an empty Map; anything else is an error.
fn text_to_map(_: &mut Interpreter, target: Value, _: Vec<Value>, pos: Pos) -> Result<Value> {
    let text = text_of(&target).trim();
    if text.is_empty() {
        return Ok(Value::new_map());
    }
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(json @ serde_json::Value::Object(_)) => Ok(Value::from_json(&json)),
        _ => Err(Stop::error(pos, "toMap(): the text is not a JSON object")),
    }
}

fn text_to_json_list(_: &mut Interpreter, target: Value, _: Vec<Value>, pos: Pos) -> Result<Value> {
    let text = text_of(&target).trim();
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(json @ serde_json::Value::Array(_)) => Ok(Value::from_json(&json)),
        Ok(json @ serde_json::Value::Object(_)) => {
            Ok(Value::new_list(vec![Value::from_json(&json)]))
        }
        _ => Err(Stop::error(
            pos,
            "toJSONList(): the text is not a JSON array",
        )),
    }
}

fn parse_moment(text: &str, args: &[Value], pos: Pos, name: &str) -> Result<(i64, bool)> {
    match args.first() {
        Some(pattern) => time::parse_date(text, &pattern.display())
            .map(|secs| (secs, true))
            .ok_or_else(|| {
                Stop::error(
                    pos,
                    format!("{name}(): {text:?} is not written as {}", pattern.display()),
                )
            }),
        None => time::parse_default(text)
            .ok_or_else(|| Stop::error(pos, format!("{name}(): {text:?} is not a date"))),
    }
}

fn text_to_date(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let (secs, _) = parse_moment(text_of(&target), &args, pos, "toDate")?;
    Ok(Value::Date(secs.div_euclid(86_400)))
}

/// zoho.com/deluge/help/functions/string/totime: text in the pattern given becomes a date-time.
fn text_to_time(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let (secs, _) = parse_moment(text_of(&target), &args, pos, "toTime")?;
    Ok(Value::DateTime(secs))
}

/// `"2024-05-01".toString("dd-MMM-yyyy")`: text that reads as a date is formatted.
fn text_to_string(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    match args.first() {
        None => Ok(target),
        Some(pattern) => {
            let (secs, _) = parse_moment(text_of(&target), &[], pos, "toString")?;
            Ok(Value::Text(time::format_date(secs, &pattern.display())))
        }
    }
}

fn text_is_number(_: &mut Interpreter, target: Value, _: Vec<Value>, _: Pos) -> Result<Value> {
    Ok(Value::Bool(text_of(&target).trim().parse::<f64>().is_ok()))
}

fn text_equals_ignore_case(
    _: &mut Interpreter,
    target: Value,
    args: Vec<Value>,
    pos: Pos,
) -> Result<Value> {
    let other = text_arg(&args, 0, "equalsIgnoreCase", pos)?;
    Ok(Value::Bool(
        text_of(&target).to_lowercase() == other.to_lowercase(),
    ))
}

fn text_matches(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let pattern = text_arg(&args, 0, "matches", pos)?;
    let re = regex(&format!("^(?:{pattern})$"), pos)?;
    Ok(Value::Bool(re.is_match(text_of(&target))))
}

fn text_unix_epoch(_: &mut Interpreter, target: Value, _: Vec<Value>, pos: Pos) -> Result<Value> {
    let (secs, _) = parse_moment(text_of(&target), &[], pos, "unixEpoch")?;
    Ok(Value::Long(secs * 1000))
}

fn text_encode_url(_: &mut Interpreter, target: Value, _: Vec<Value>, _: Pos) -> Result<Value> {
    Ok(Value::Text(form_encode(text_of(&target))))
}

// ---- numbers ----

fn number_to_long(_: &mut Interpreter, target: Value, _: Vec<Value>, _: Pos) -> Result<Value> {
    Ok(match target {
        Value::Decimal(d) => Value::Long(d.trunc() as i64),
        other => other,
    })
}

fn number_to_decimal(_: &mut Interpreter, target: Value, _: Vec<Value>, _: Pos) -> Result<Value> {
    Ok(Value::Decimal(target.number().unwrap_or(0.0)))
}

fn number_round(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let places = if args.is_empty() {
        0
    } else {
        long_arg(&args, 0, "round", pos)?
    };
    let factor = 10f64.powi(places as i32);
    let value = target.number().unwrap_or(0.0);
    let rounded = (value * factor).round() / factor;
    Ok(match target {
        Value::Long(_) => target,
        _ => Value::Decimal(rounded),
    })
}

fn number_abs(_: &mut Interpreter, target: Value, _: Vec<Value>, _: Pos) -> Result<Value> {
    Ok(match target {
        Value::Long(n) => Value::Long(n.abs()),
        Value::Decimal(d) => Value::Decimal(d.abs()),
        other => other,
    })
}

// ---- dates ----

fn moment_secs(target: &Value) -> i64 {
    match target {
        Value::Date(days) => days * 86_400,
        Value::DateTime(secs) => *secs,
        _ => 0,
    }
}

/// The same kind of value as `target`, at `secs`.
fn same_kind(target: &Value, secs: i64) -> Value {
    match target {
        Value::Date(_) => Value::Date(secs.div_euclid(86_400)),
        _ => Value::DateTime(secs),
    }
}

fn shift(target: Value, args: &[Value], pos: Pos, name: &str, unit: i64) -> Result<Value> {
    let amount = long_arg(args, 0, name, pos)?;
    let secs = moment_secs(&target) + amount * unit;
    Ok(same_kind(&target, secs))
}

/// zoho.com/deluge/help/functions/datetime/addseconds.
fn add_seconds(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    // A date given seconds becomes a date-time (Zoho: the time starts at 00:00:00).
    let amount = long_arg(&args, 0, "addSeconds", pos)?;
    Ok(Value::DateTime(moment_secs(&target) + amount))
}

fn add_minutes(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let amount = long_arg(&args, 0, "addMinutes", pos)?;
    Ok(Value::DateTime(moment_secs(&target) + amount * 60))
}

fn add_hours(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let amount = long_arg(&args, 0, "addHour", pos)?;
    Ok(Value::DateTime(moment_secs(&target) + amount * 3600))
}

fn add_days(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    shift(target, &args, pos, "addDay", 86_400)
}

fn sub_days(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    shift(target, &args, pos, "subDay", -86_400)
}

fn add_weeks(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    shift(target, &args, pos, "addWeek", 7 * 86_400)
}

fn add_months(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let months = long_arg(&args, 0, "addMonth", pos)?;
    Ok(same_kind(
        &target,
        time::add_months(moment_secs(&target), months),
    ))
}

fn add_years(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let years = long_arg(&args, 0, "addYear", pos)?;
    Ok(same_kind(
        &target,
        time::add_months(moment_secs(&target), years * 12),
    ))
}

/// zoho.com/deluge/help/functions/datetime/tostring: the pattern is Java's
/// (`yyyy-MM-dd HH:mm:ss`); without one, Deluge's own form.
fn moment_to_string(_: &mut Interpreter, target: Value, args: Vec<Value>, _: Pos) -> Result<Value> {
    match args.first() {
        Some(pattern) => Ok(Value::Text(time::format_date(
            moment_secs(&target),
            &pattern.display(),
        ))),
        None => Ok(Value::Text(target.display())),
    }
}

fn moment_to_date(_: &mut Interpreter, target: Value, _: Vec<Value>, _: Pos) -> Result<Value> {
    Ok(Value::Date(moment_secs(&target).div_euclid(86_400)))
}

fn moment_to_time(_: &mut Interpreter, target: Value, _: Vec<Value>, _: Pos) -> Result<Value> {
    Ok(Value::DateTime(moment_secs(&target)))
}

fn part(target: &Value, index: usize) -> Value {
    let (y, mo, d, h, mi, s) = time::parts(moment_secs(target));
    Value::Long([y, mo, d, h, mi, s][index])
}

fn get_year(_: &mut Interpreter, t: Value, _: Vec<Value>, _: Pos) -> Result<Value> {
    Ok(part(&t, 0))
}
fn get_month(_: &mut Interpreter, t: Value, _: Vec<Value>, _: Pos) -> Result<Value> {
    Ok(part(&t, 1))
}
fn get_day(_: &mut Interpreter, t: Value, _: Vec<Value>, _: Pos) -> Result<Value> {
    Ok(part(&t, 2))
}
fn get_hour(_: &mut Interpreter, t: Value, _: Vec<Value>, _: Pos) -> Result<Value> {
    Ok(part(&t, 3))
}
fn get_minutes(_: &mut Interpreter, t: Value, _: Vec<Value>, _: Pos) -> Result<Value> {
    Ok(part(&t, 4))
}
fn get_seconds(_: &mut Interpreter, t: Value, _: Vec<Value>, _: Pos) -> Result<Value> {
    Ok(part(&t, 5))
}

fn days_between(_: &mut Interpreter, target: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let other = arg(&args, 0, "daysBetween", pos)?;
    let other = match other {
        Value::Date(_) | Value::DateTime(_) => other,
        Value::Text(t) => match time::parse_default(&t) {
            Some((secs, _)) => Value::DateTime(secs),
            None => {
                return Err(Stop::error(
                    pos,
                    format!("daysBetween(): {t:?} is not a date"),
                ));
            }
        },
        other => {
            return Err(Stop::error(
                pos,
                format!("daysBetween() takes a DATE, found {}", other.kind().name()),
            ));
        }
    };
    let days = |v: &Value| moment_secs(v).div_euclid(86_400);
    Ok(Value::Long(days(&other) - days(&target)))
}

fn moment_unix_epoch(_: &mut Interpreter, target: Value, _: Vec<Value>, _: Pos) -> Result<Value> {
    Ok(Value::Long(moment_secs(&target) * 1000))
}

// ---- Creator records ----

fn records_count(_: &mut Interpreter, target: Value, _: Vec<Value>, _: Pos) -> Result<Value> {
    Ok(Value::Long(match &target {
        Value::Records(records) => records.ids.len() as i64,
        _ => 0,
    }))
}

// ---- every value ----

fn any_to_string(_: &mut Interpreter, target: Value, _: Vec<Value>, _: Pos) -> Result<Value> {
    Ok(Value::Text(match &target {
        Value::Decimal(d) => decimal_text(*d),
        other => other.display(),
    }))
}

fn any_is_null(_: &mut Interpreter, target: Value, _: Vec<Value>, _: Pos) -> Result<Value> {
    Ok(Value::Bool(target.is_null()))
}

// ---- functions ----

fn new_map(_: &mut Interpreter, _: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    if !args.is_empty() {
        return Err(Stop::unsupported(pos, "Map() with arguments"));
    }
    Ok(Value::new_map())
}

/// `List()`, `List:String()`, and `List({1, 2})` (a copy).
fn new_list(_: &mut Interpreter, _: Value, args: Vec<Value>, _: Pos) -> Result<Value> {
    Ok(match args.first() {
        Some(Value::List(items)) => Value::new_list(items.borrow().clone()),
        _ => Value::new_list(args),
    })
}

/// zoho.com/deluge/help/functions/common/ifnull: the second value when the first is null.
fn if_null(_: &mut Interpreter, _: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let first = arg(&args, 0, "ifnull", pos)?;
    if first.is_null() {
        arg(&args, 1, "ifnull", pos)
    } else {
        Ok(first)
    }
}

fn is_null_fn(_: &mut Interpreter, _: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    Ok(Value::Bool(arg(&args, 0, "isNull", pos)?.is_null()))
}

fn is_empty_fn(run: &mut Interpreter, _: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let value = arg(&args, 0, "isEmpty", pos)?;
    is_empty(run, value, Vec::new(), pos)
}

fn len_fn(_: &mut Interpreter, _: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    Ok(Value::Long(
        text_arg(&args, 0, "len", pos)?.chars().count() as i64
    ))
}

/// encodeUrl: form encoding (a space becomes `+`).
fn encode_url_fn(_: &mut Interpreter, _: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    Ok(Value::Text(form_encode(&text_arg(
        &args,
        0,
        "encodeUrl",
        pos,
    )?)))
}

fn to_long_fn(run: &mut Interpreter, _: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let value = arg(&args, 0, "toLong", pos)?;
    call_method(run, value, "toLong", Vec::new(), pos)
}

fn to_decimal_fn(run: &mut Interpreter, _: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let value = arg(&args, 0, "toDecimal", pos)?;
    call_method(run, value, "toDecimal", Vec::new(), pos)
}

fn to_string_fn(run: &mut Interpreter, _: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let value = arg(&args, 0, "toString", pos)?;
    call_method(run, value, "toString", args[1..].to_vec(), pos)
}

fn pick(args: &[Value], pos: Pos, name: &str, want: std::cmp::Ordering) -> Result<Value> {
    let a = arg(args, 0, name, pos)?;
    let b = arg(args, 1, name, pos)?;
    match compare(&a, &b) {
        Some(ordering) if ordering == want => Ok(a),
        Some(_) => Ok(b),
        None => Err(Stop::error(pos, format!("{name}() takes two numbers"))),
    }
}

fn max_fn(_: &mut Interpreter, _: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    pick(&args, pos, "max", std::cmp::Ordering::Greater)
}

fn min_fn(_: &mut Interpreter, _: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    pick(&args, pos, "min", std::cmp::Ordering::Less)
}

/// openUrl(url, "new window"): a page opened for the person running the script; the run
/// shows it as a line of its log.
fn open_url_fn(run: &mut Interpreter, _: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let url = text_arg(&args, 0, "openUrl", pos)?;
    let window = args.get(1).map(Value::display).unwrap_or_default();
    run.say(format!("openUrl({window}): {url}"));
    Ok(Value::Null)
}

fn abs_fn(run: &mut Interpreter, _: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let value = arg(&args, 0, "abs", pos)?;
    number_abs(run, value, Vec::new(), pos)
}

fn round_fn(run: &mut Interpreter, _: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let value = arg(&args, 0, "round", pos)?;
    number_round(run, value, args[1..].to_vec(), pos)
}

// ---- tasks ----

const COMPONENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'*');

/// zoho.encryption.urlEncode: a space becomes %20.
fn urlencode_task(_: &mut Interpreter, _: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let text = text_arg(&args, 0, "zoho.encryption.urlEncode", pos)?;
    Ok(Value::Text(
        percent_encoding::utf8_percent_encode(&text, COMPONENT).to_string(),
    ))
}

fn urldecode_task(_: &mut Interpreter, _: Value, args: Vec<Value>, pos: Pos) -> Result<Value> {
    let text = text_arg(&args, 0, "zoho.encryption.urlDecode", pos)?.replace('+', " ");
    Ok(Value::Text(
        percent_encoding::percent_decode_str(&text)
            .decode_utf8_lossy()
            .into_owned(),
    ))
}

fn form_encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, COMPONENT)
        .to_string()
        .replace("%20", "+")
}
