//! The only code that touches YAML. It reads a spec into typed data, turns serde's
//! messages into ones a Zoho consultant can act on, and finds the line and column of any
//! field so that later checks can point at it too.

use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

use super::diagnostic::{FieldPath, Problem, Segment};
use super::suggest;

/// A problem found while reading, with its place when YAML knows it.
#[derive(Debug)]
pub struct ReadError {
    pub problem: Problem,
    pub location: Option<(usize, usize)>,
}

/// Reads `source` as `T`, rejecting unknown keys.
pub fn read<T: DeserializeOwned>(source: &str) -> Result<T, ReadError> {
    let deserializer = serde_yaml::Deserializer::from_str(source);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        // Typed reading can stumble over a value before the parser reaches a syntax error
        // further on; the syntax error is the real problem, so report it instead.
        match serde_yaml::from_str::<serde_yaml::Value>(source) {
            // Duplicate keys are well-formed YAML that serde_yaml refuses; the typed
            // reader explains them better.
            Err(syntax) if !syntax.to_string().contains("duplicate entry") => {
                return syntax_error(&syntax, source);
            }
            Ok(serde_yaml::Value::Null) => {
                return ReadError {
                    problem: Problem::new(FieldPath::root(), "the spec is empty")
                        .help(MAPPING_HELP),
                    location: None,
                };
            }
            Ok(serde_yaml::Value::Sequence(_)) => return not_a_mapping("a list", source),
            Ok(serde_yaml::Value::Mapping(_) | serde_yaml::Value::Tagged(_)) | Err(_) => {}
            Ok(_) => return not_a_mapping("a single value", source),
        }
        let path = convert_path(error.path());
        let inner = error.into_inner();
        let mut location = inner.location().map(|l| (l.line(), l.column()));
        let message = bare_message(&inner.to_string(), &path, location);
        let mut problem = explain(path, &message);
        if let Some(key) = duplicate_key(&message) {
            // serde stops at the mapping; the user needs the second key.
            location = location.map(|at| duplicate_at(source, &key, at).unwrap_or(at));
            problem.message = format!("key \"{key}\" is written twice; this is the second");
            problem.path = problem.path.key(&key);
            problem.help = Some("keep one of them".into());
        }
        ReadError { problem, location }
    })
}

/// How deeply a spec may nest lists and mappings. A real spec nests five or six levels;
/// the YAML reader's work grows fast with depth, so deeper input is refused before it is
/// read at all.
pub const MAX_DEPTH: usize = 32;

/// Refuses, in one pass over the text, input nested deeper than [`MAX_DEPTH`]: in flow
/// style (`[[[...`, `{{{...`) or in block style (indentation, `- - - x`). Quoted text,
/// comments and block scalars (`|`, `>`) are skipped, so brackets inside values count
/// for nothing.
pub fn check_shape(source: &str) -> Result<(), ReadError> {
    let too_deep = |line: usize, column: usize| {
        ReadError {
        problem: Problem::new(
            FieldPath::root(),
            format!("the spec nests lists or mappings more than {MAX_DEPTH} levels deep"),
        )
        .help("a spec nests a few levels (requests → fields → a value); check the brackets and indentation"),
        location: Some((line, column)),
    }
    };
    #[derive(PartialEq)]
    enum Quote {
        Single,
        Double,
    }
    let mut flow = 0usize;
    let mut quote: Option<Quote> = None;
    let mut block_scalar_above: Option<usize> = None;
    let mut indents: Vec<usize> = Vec::new();
    for (index, line) in source.lines().enumerate() {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        if let Some(parent) = block_scalar_above {
            if trimmed.is_empty() || indent > parent {
                continue;
            }
            block_scalar_above = None;
        }
        if flow == 0 && quote.is_none() && !trimmed.is_empty() && !trimmed.starts_with('#') {
            while indents.last().is_some_and(|&last| last >= indent) {
                indents.pop();
            }
            indents.push(indent);
            // `- - - x` nests on one line.
            let dashes = trimmed
                .split_inclusive(' ')
                .take_while(|part| *part == "- ")
                .count();
            if indents.len() + dashes > MAX_DEPTH {
                return Err(too_deep(index + 1, indent + 1));
            }
        }
        // Where a value may start: after the indentation, `: `, `- `, `? ` or inside a
        // flow collection after `[`, `{` or `,`.
        let mut value_start = true;
        let mut chars = line.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            match quote {
                Some(Quote::Double) => {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => quote = None,
                        _ => {}
                    }
                    continue;
                }
                Some(Quote::Single) => {
                    if c == '\'' {
                        if chars.peek().is_some_and(|(_, n)| *n == '\'') {
                            chars.next();
                        } else {
                            quote = None;
                        }
                    }
                    continue;
                }
                None => {}
            }
            match c {
                ' ' | '\t' => continue,
                '#' if at == 0 || line[..at].ends_with([' ', '\t']) => break,
                '"' if value_start => quote = Some(Quote::Double),
                '\'' if value_start => quote = Some(Quote::Single),
                '[' | '{' if value_start || flow > 0 => {
                    flow += 1;
                    if flow + indents.len() > MAX_DEPTH {
                        return Err(too_deep(index + 1, line[..at].chars().count() + 1));
                    }
                    value_start = true;
                    continue;
                }
                ']' | '}' if flow > 0 => flow -= 1,
                ',' if flow > 0 => {
                    value_start = true;
                    continue;
                }
                '0'..='9' | '+' | '-' | '.' if value_start => {
                    // A plain number too large for any number type: YAML quietly reads it
                    // as text, which is rarely what was meant.
                    let rest = &line[at..];
                    let end = rest
                        .find(if flow > 0 {
                            &[',', ']', '}', '#'][..]
                        } else {
                            &['#'][..]
                        })
                        .unwrap_or(rest.len());
                    let token = rest[..end].trim();
                    if is_overflowing_number(token) {
                        return Err(ReadError {
                            problem: Problem::new(
                                FieldPath::root(),
                                format!("{token} looks like a number, but it is too large for any number Zoho or Deluge can hold"),
                            )
                            .help(format!("quote it (\"{token}\") to send it as text")),
                            location: Some((index + 1, line[..at].chars().count() + 1)),
                        });
                    }
                }
                '!' if value_start => {
                    return Err(ReadError {
                        problem: Problem::new(
                            FieldPath::root(),
                            "YAML tags (such as !!binary, !!str or !custom) are not supported",
                        )
                        .help("write the value plainly; quote it (\"5\") to make it text"),
                        location: Some((index + 1, line[..at].chars().count() + 1)),
                    });
                }
                '|' | '>' if value_start && flow == 0 => {
                    block_scalar_above = Some(indent);
                    break;
                }
                // `- ` and `? ` open a node only where one may start; inside a plain
                // scalar (`k? !`) they are text.
                ':' if chars.peek().is_none_or(|(_, n)| matches!(n, ' ' | '\t')) => {
                    value_start = true;
                    continue;
                }
                '-' | '?'
                    if value_start && chars.peek().is_none_or(|(_, n)| matches!(n, ' ' | '\t')) =>
                {
                    continue;
                }
                _ => {}
            }
            value_start = false;
        }
    }
    Ok(())
}

/// A plain scalar YAML's core schema reads as a float, whose value is infinite.
fn is_overflowing_number(token: &str) -> bool {
    let digits = token.strip_prefix(['+', '-']).unwrap_or(token);
    let (mantissa, exponent) = match digits.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['+', '-']).unwrap_or(e))),
        None => (digits, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let number_syntax = !(whole.is_empty() && fraction.is_empty())
        && all_digits(whole)
        && all_digits(fraction)
        && exponent.is_none_or(|e| !e.is_empty() && all_digits(e));
    number_syntax && token.parse::<f64>().is_ok_and(|value| value.is_infinite())
}

/// Every scalar under a mapping key for which `secret_key` holds, at any depth (a value
/// reused through an anchor is found where it is defined). Nothing for text that is not
/// valid YAML or is nested too deeply to read cheaply.
pub fn values_under(source: &str, secret_key: fn(&str) -> bool) -> Vec<String> {
    fn walk(
        value: &serde_yaml::Value,
        under: bool,
        key: fn(&str) -> bool,
        found: &mut Vec<String>,
    ) {
        use serde_yaml::Value;
        match value {
            Value::Mapping(map) => {
                for (k, v) in map {
                    walk(v, under || k.as_str().is_some_and(key), key, found);
                }
            }
            Value::Sequence(items) => items.iter().for_each(|item| walk(item, under, key, found)),
            Value::Tagged(tagged) => walk(&tagged.value, under, key, found),
            Value::String(text) if under => found.push(text.clone()),
            Value::Number(number) if under => found.push(number.to_string()),
            _ => {}
        }
    }
    let mut found = Vec::new();
    if check_shape(source).is_ok()
        && let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(source)
    {
        walk(&value, false, secret_key, &mut found);
    }
    found
}

const MAPPING_HELP: &str = "a spec is a YAML mapping with name, product, region, scopes, module and requests; start from an example in specs/ or `delugen init`";

fn not_a_mapping(found: &str, source: &str) -> ReadError {
    // Point at the first line that holds YAML, past comments.
    let first = source.lines().position(|line| {
        let line = line.trim();
        !line.is_empty() && !line.starts_with('#') && !line.starts_with("---")
    });
    ReadError {
        problem: Problem::new(
            FieldPath::root(),
            format!("a spec is a mapping of keys (name: ..., product: ...), found {found}"),
        )
        .help(MAPPING_HELP),
        location: first.map(|index| (index + 1, 1)),
    }
}

/// The key named by serde's "duplicate field `x`" or delugen's "field "x" is written twice".
fn duplicate_key(message: &str) -> Option<String> {
    if let Some(rest) = message.strip_prefix("duplicate field `") {
        return rest.split('`').next().map(str::to_string);
    }
    message
        .strip_prefix("field \"")
        .and_then(|rest| rest.strip_suffix("\" is written twice"))
        .map(str::to_string)
}

/// The second `key:` of the block mapping whose first key is at `first` (line, column).
/// A flow mapping (`{a: 1, a: 2}`) is not searched: the caller keeps `first`.
fn duplicate_at(source: &str, key: &str, first: (usize, usize)) -> Option<(usize, usize)> {
    let (line, column) = first;
    let indent = column.checked_sub(1)?;
    let mut seen = 0;
    for (index, text) in source.lines().enumerate().skip(line.checked_sub(1)?) {
        if index + 1 > line {
            let trimmed = text.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let lead = text.len() - trimmed.len();
            if lead < indent {
                break;
            }
            if lead > indent {
                continue;
            }
        }
        let Some(at) = text.char_indices().nth(indent).map(|(i, _)| &text[i..]) else {
            continue;
        };
        let bare = at.trim_start_matches(['"', '\'']);
        let is_key = bare
            .strip_prefix(key)
            .map(|rest| rest.trim_start_matches(['"', '\'']).trim_start())
            .is_some_and(|rest| rest.starts_with(':'));
        if is_key {
            seen += 1;
            if seen == 2 {
                return Some((index + 1, column));
            }
        }
    }
    None
}

fn syntax_error(error: &serde_yaml::Error, source: &str) -> ReadError {
    let mut location = error.location().map(|l| (l.line(), l.column()));
    let text = error.to_string();
    let message = bare_message(&text, &FieldPath::root(), location);
    let line_text = location.and_then(|(line, _)| source.lines().nth(line.saturating_sub(1)));
    let general = "check the indentation and that every [ and { is closed and every quote ends";
    let (path, message, help) = if line_text.is_some_and(|t| t.contains('\t'))
        && (message.contains("tab") || message.contains("cannot start any token"))
    {
        let tab = line_text.and_then(|t| t.find('\t')).unwrap_or(0);
        if let Some((line, _)) = location {
            location = Some((line, line_text.map_or(1, |t| t[..tab].chars().count() + 1)));
        }
        (
            FieldPath::root(),
            "a tab is used for indentation here; YAML indents with spaces only".to_string(),
            "replace the tab with spaces (two per level, as in the rest of the spec)".to_string(),
        )
    } else if message.contains("more than one document") {
        location = second_document(source).or(location);
        (
            FieldPath::root(),
            "the file holds more than one YAML document (a line `---` starts another); a spec is one document"
                .to_string(),
            "put each spec in its own file, or remove the `---` line".to_string(),
        )
    } else if let Some((path, number)) = oversized_number(&message) {
        (
            path,
            format!("{number} is too long a number to read as one; quote it (\"{number}\") to keep it as text"),
            "ids and long numbers belong in quotes; Deluge's whole numbers stop at 9223372036854775807"
                .to_string(),
        )
    } else if let Some(words) = scanner_in_words(&message) {
        location = words.opened.or(location);
        (
            FieldPath::root(),
            words.message.to_string(),
            words.help.to_string(),
        )
    } else {
        (
            FieldPath::root(),
            format!("this is not valid YAML: {message}"),
            general.to_string(),
        )
    };
    ReadError {
        problem: Problem::new(path, message).help(help),
        location,
    }
}

/// One of the YAML scanner's complaints in a spec writer's words.
struct InWords {
    message: &'static str,
    help: &'static str,
    /// Where what it complains about was opened, when that is the better place to show.
    opened: Option<(usize, usize)>,
}

/// The YAML scanner's common complaints in a spec writer's words, and where the thing
/// it complains about was opened (`while parsing a flow sequence at line 2 column 9`).
fn scanner_in_words(message: &str) -> Option<InWords> {
    let opened = message.split_once(" at line ").and_then(|_| {
        let (_, rest) = message.rsplit_once(", while ")?;
        let (_, place) = rest.split_once(" at line ")?;
        let (line, column) = place.split_once(" column ")?;
        Some((line.trim().parse().ok()?, column.trim().parse().ok()?))
    });
    let known: [(&str, &str, &str, &str); 6] = [
        (
            "did not find expected ',' or ']'",
            "while parsing a flow sequence",
            "the list opened with [ here is not closed",
            "end it with ], and separate its items with commas",
        ),
        (
            "did not find expected ',' or '}'",
            "while parsing a flow mapping",
            "the mapping opened with { here is not closed",
            "end it with }, and separate its entries with commas",
        ),
        (
            "found unexpected end of stream",
            "while scanning a quoted scalar",
            "the quoted text that starts here never ends",
            "add the closing quote",
        ),
        (
            "could not find expected ':'",
            "while scanning a simple key",
            "this line is neither `key: value` nor a list item (`- ...`)",
            "add the `:` after the key, or join the line to the one above",
        ),
        (
            "mapping values are not allowed in this context",
            "",
            "a `: ` where no key can start",
            "quote a value that holds `: ` (name: \"a: b\"), or indent this line like the keys next to it",
        ),
        (
            "did not find expected key",
            "while parsing a block mapping",
            "YAML expected a key here: is this line indented unlike the keys around it, or did a quote above stay open?",
            "indent it exactly like the keys of its mapping, and check that every quote above is closed",
        ),
    ];
    known
        .into_iter()
        .find(|(start, context, _, _)| message.starts_with(start) && message.contains(context))
        .map(|(_, context, words, help)| {
            // Point at what was opened (a bracket, a quote, a key), not where the
            // scanner gave up; a bad indentation is best shown where it is.
            let at_opening = context.contains("flow") || context.contains("scanning");
            InWords {
                message: words,
                help,
                opened: if at_opening { opened } else { None },
            }
        })
}

/// The line of the `---` that starts a second document.
fn second_document(source: &str) -> Option<(usize, usize)> {
    let mut content = false;
    for (index, line) in source.lines().enumerate() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed.starts_with("--- ") {
            if content {
                return Some((index + 1, 1));
            }
        } else if !trimmed.is_empty() && !trimmed.starts_with('#') && !trimmed.starts_with('%') {
            content = true;
        }
    }
    None
}

/// The YAML reader's "`path`: invalid type: integer `123...` as u128": a number too
/// long for any integer type, with the field it sits in.
fn oversized_number(message: &str) -> Option<(FieldPath, String)> {
    let (path, rest) = match message.split_once(": invalid type: integer `") {
        Some((path, rest)) => (parse_path(path), rest),
        None => (
            FieldPath::root(),
            message.strip_prefix("invalid type: integer `")?,
        ),
    };
    let number = rest.split('`').next()?;
    number
        .chars()
        .all(|c| c.is_ascii_digit() || c == '-')
        .then(|| (path, number.to_string()))
}

/// `requests[1].record_id` as a field path.
fn parse_path(text: &str) -> FieldPath {
    let mut path = FieldPath::root();
    for part in text.split('.') {
        let mut pieces = part.split('[');
        if let Some(key) = pieces.next().filter(|k| !k.is_empty()) {
            path = path.key(key);
        }
        for index in pieces {
            if let Ok(index) = index.trim_end_matches(']').parse() {
                path = path.index(index);
            }
        }
    }
    path
}

/// The 1-based line and column of the value at `path`, or of the nearest enclosing value
/// that exists (a missing key points at the mapping that should hold it).
pub fn locate(source: &str, path: &FieldPath) -> Option<(usize, usize)> {
    let deserializer = serde_yaml::Deserializer::from_str(source);
    match (Locator { path: &path.0 }).deserialize(deserializer) {
        Err(error) if error.to_string().contains(FOUND) => {
            error.location().map(|l| (l.line(), l.column()))
        }
        _ => None,
    }
}

const FOUND: &str = "delugen-locator-found";

/// Walks down `path` and fails on purpose at its end: the YAML reader stamps the failure
/// with the position of the node it was reading, which is the position we want.
struct Locator<'p> {
    path: &'p [Segment],
}

impl<'de> DeserializeSeed<'de> for Locator<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Locator<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some((Segment::Key(wanted), rest)) = self.path.split_first() else {
            return Err(de::Error::custom(FOUND));
        };
        while let Some(key) = map.next_key::<AnyKey>()? {
            if key.0.as_deref() == Some(wanted.as_str()) {
                return map.next_value_seed(Locator { path: rest });
            }
            map.next_value::<IgnoredAny>()?;
        }
        Err(de::Error::custom(FOUND))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some((Segment::Index(wanted), rest)) = self.path.split_first() else {
            return Err(de::Error::custom(FOUND));
        };
        for _ in 0..*wanted {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Err(de::Error::custom(FOUND));
            }
        }
        seq.next_element_seed(Locator { path: rest })?;
        Err(de::Error::custom(FOUND))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
}

/// A mapping key of any scalar kind; only text keys can match a path.
struct AnyKey(Option<String>);

impl<'de> de::Deserialize<'de> for AnyKey {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = AnyKey;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<AnyKey, E> {
                Ok(AnyKey(Some(v.to_string())))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<AnyKey, E> {
                Ok(AnyKey(None))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<AnyKey, E> {
                Ok(AnyKey(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<AnyKey, E> {
                Ok(AnyKey(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<AnyKey, E> {
                Ok(AnyKey(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<AnyKey, E> {
                Ok(AnyKey(None))
            }
        }
        deserializer.deserialize_any(KeyVisitor)
    }
}

fn convert_path(path: &serde_path_to_error::Path) -> FieldPath {
    use serde_path_to_error::Segment as S;
    FieldPath(
        path.iter()
            .filter_map(|segment| match segment {
                S::Seq { index } => Some(Segment::Index(*index)),
                S::Map { key } => Some(Segment::Key(key.clone())),
                S::Enum { variant } => Some(Segment::Key(variant.clone())),
                S::Unknown => None,
            })
            .collect(),
    )
}

/// The YAML reader's message without the path in front and the position behind: we show
/// both ourselves.
fn bare_message(text: &str, path: &FieldPath, location: Option<(usize, usize)>) -> String {
    let mut message = text;
    if let Some((line, column)) = location {
        let suffix = format!(" at line {line} column {column}");
        message = message.strip_suffix(&suffix).unwrap_or(message);
    }
    for prefix in [path.to_string(), path.parent().to_string()] {
        if let Some(rest) = message.strip_prefix(&format!("{prefix}: ")) {
            return rest.to_string();
        }
    }
    message.to_string()
}

/// The words between backticks in one of serde's messages.
fn quoted(message: &str) -> Vec<&str> {
    message.split('`').skip(1).step_by(2).collect()
}

/// Rewrites serde's standard messages into delugen's voice, with suggestions.
fn explain(path: FieldPath, message: &str) -> Problem {
    if message.starts_with("unknown field") {
        let words = quoted(message);
        let (found, known) = words.split_first().map_or(("", &[][..]), |(f, k)| (*f, k));
        let parent = path.parent();
        let place = if parent.0.is_empty() {
            "at the top level".to_string()
        } else {
            format!("in {parent}")
        };
        let mut text = format!("unknown key \"{found}\" {place}");
        if let Some(guess) = suggest::closest(found, known.iter().copied()) {
            text.push_str(&format!(" — did you mean \"{guess}\"?"));
        }
        return Problem::new(path, text).help(format!("known keys here: {}", known.join(", ")));
    }
    if message.starts_with("unknown variant") {
        let words = quoted(message);
        let (found, known) = words.split_first().map_or(("", &[][..]), |(f, k)| (*f, k));
        let noun = path.last_key().unwrap_or("value").to_string();
        let text = format!(
            "unknown {noun} \"{found}\"; expected one of {}",
            known.join(", ")
        );
        let guess = suggest::closest(found, known.iter().copied()).or_else(|| {
            (noun == "region")
                .then(|| region_from_words(found))
                .flatten()
        });
        let mut problem = Problem::new(path, text);
        if let Some(guess) = guess {
            problem = problem.help(format!("did you mean \"{guess}\"?"));
        }
        if noun == "region" {
            let extra =
                "the region is the domain you log in at: crm.zoho.eu → eu, crm.zoho.com → us";
            problem.help = Some(match problem.help {
                Some(help) => format!("{help} ({extra})"),
                None => extra.to_string(),
            });
        }
        return problem;
    }
    if message.starts_with("missing field") {
        let key = quoted(message)
            .first()
            .copied()
            .unwrap_or_default()
            .to_string();
        let place = if path.0.is_empty() {
            "at the top level".to_string()
        } else {
            format!("in {path}")
        };
        return Problem::new(path.key(&key), format!("missing key \"{key}\" {place}"))
            .help(format!("add \"{key}:\"; `delugen man spec` describes it"));
    }
    if message.ends_with("expected a YAML tag starting with '!'") {
        // serde_yaml's wording when a single word (an enum) was expected.
        let found = message
            .trim_start_matches("invalid type: ")
            .split(',')
            .next()
            .unwrap_or("something else");
        let found = if found == "sequence" {
            "a list"
        } else {
            "a mapping"
        };
        let noun = path.last_key().unwrap_or("value").to_string();
        return Problem::new(path, format!("expected one word for {noun}, found {found}"));
    }
    if message.starts_with("invalid type") {
        let plain = [
            "a string",
            "a sequence",
            "a map",
            "unit value",
            "invalid type: ",
        ]
        .into_iter()
        .zip(["text", "a list", "a mapping", "nothing (null)", "found "])
        .fold(message.to_string(), |text, (serde, ours)| {
            replace_words(&text, serde, ours)
        });
        // serde words it "found X, expected Y"; we lead with what is wanted.
        let text = match plain.split_once(", expected ") {
            Some((found, expected)) => format!("expected {expected}, {found}"),
            None => plain,
        };
        return Problem::new(path, text);
    }
    Problem::new(path, message.to_string())
}

/// Replaces `from` where it stands as whole words (`a map`, not the start of `a mapping`).
fn replace_words(text: &str, from: &str, to: &str) -> String {
    let mut result = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(from) {
        let end = at + from.len();
        let whole = !from.ends_with(|c: char| c.is_alphanumeric())
            || !rest[end..].starts_with(|c: char| c.is_alphanumeric());
        result.push_str(&rest[..at]);
        result.push_str(if whole { to } else { from });
        rest = &rest[end..];
    }
    result.push_str(rest);
    result
}

/// Common ways people name a data centre, mapped to its key.
fn region_from_words(word: &str) -> Option<&'static str> {
    let w = word.to_ascii_lowercase();
    let table: [(&[&str], &str); 9] = [
        (
            &["usa", "com", "zoho.com", "america", "united states"],
            "us",
        ),
        (&["europe", "zoho.eu", "de", "nl"], "eu"),
        (&["india", "zoho.in"], "in"),
        (&["australia", "com.au", "zoho.com.au"], "au"),
        (&["japan", "zoho.jp"], "jp"),
        (&["china", "com.cn", "zoho.com.cn"], "cn"),
        (&["canada", "zohocloud.ca"], "ca"),
        (&["saudi", "saudi arabia", "ksa", "zoho.sa"], "sa"),
        (&["gb", "united kingdom", "england", "zoho.uk"], "uk"),
    ];
    table
        .iter()
        .find(|(names, _)| names.contains(&w.as_str()))
        .map(|(_, key)| *key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        id: String,
        redirect_uri: String,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        name: String,
        client: Inner,
        list: Vec<u32>,
    }

    #[test]
    fn unknown_keys_are_placed_and_guessed() {
        let source = "name: a\nclient:\n  id: x\n  redirect_url: y\nlist: []\n";
        let error = read::<Outer>(source).unwrap_err();
        assert_eq!(error.location, Some((4, 3)));
        assert_eq!(
            error.problem.message,
            "unknown key \"redirect_url\" in client — did you mean \"redirect_uri\"?"
        );
    }

    #[test]
    fn a_bang_inside_plain_text_is_not_a_tag() {
        // `? ` and `- ` mid-scalar are text, so what follows them is no node's start.
        assert!(check_shape("name: k? !\nclient: {id: a - !b, redirect_uri: y}\n").is_ok());
        assert!(check_shape("list:\n  - k? !\n").is_ok());
        // A tag where a value starts is still refused.
        assert!(check_shape("name: !custom x\n").is_err());
        assert!(check_shape("map: {a: !x y}\n").is_err());
        assert!(check_shape("? !x key\n: v\n").is_err());
    }

    #[test]
    fn missing_keys_name_the_key() {
        let error = read::<Outer>("name: a\nclient:\n  id: x\nlist: []\n").unwrap_err();
        assert_eq!(
            error.problem.message,
            "missing key \"redirect_uri\" in client"
        );
    }

    #[test]
    fn wrong_types_say_what_was_expected_first() {
        let source = "name: a\nclient: {id: x, redirect_uri: y}\nlist: nope\n";
        let error = read::<Outer>(source).unwrap_err();
        assert_eq!(
            error.problem.message,
            "expected a list, found string \"nope\""
        );
        assert_eq!(error.problem.path.to_string(), "list");
    }

    #[test]
    fn locate_finds_values_items_and_nearest_parent() {
        let source = "name: a\nclient:\n  id: x\nlist:\n  - 1\n  - 22\n";
        let at = |p: FieldPath| locate(source, &p);
        assert_eq!(at(FieldPath::root().key("name")), Some((1, 7)));
        assert_eq!(at(FieldPath::root().key("client").key("id")), Some((3, 7)));
        assert_eq!(at(FieldPath::root().key("list").index(1)), Some((6, 5)));
        // A key that is not there points at the mapping that should hold it.
        assert_eq!(
            at(FieldPath::root().key("client").key("secret")),
            Some((3, 3))
        );
    }

    #[test]
    fn brackets_inside_values_do_not_count_as_nesting() {
        let deep = "[".repeat(40);
        for fine in [
            format!("a: \"{deep}\"\n"),
            format!("a: '{deep}'' {deep}'\n"),
            format!("a: |\n  {deep}\n  more\nb: 1\n"),
            format!("a: x{deep}\n"),
            format!("a: 1 # {deep}\n"),
            "a: [[1, 2], {b: [3]}]\n".to_string(),
        ] {
            assert!(check_shape(&fine).is_ok(), "{fine}");
        }
        for bad in [
            format!("a: {deep}\n"),
            format!(
                "a:\n{}",
                (0..40)
                    .map(|i| format!("{}b{i}:\n", " ".repeat(i + 1)))
                    .collect::<String>()
            ),
            format!("{}x\n", "- ".repeat(40)),
            "a: 1e999\n".to_string(),
            "a: !!binary aGk=\n".to_string(),
        ] {
            assert!(check_shape(&bad).is_err(), "{bad}");
        }
        assert!(check_shape("a: \"1e999\"\nb: 1e9\nc: -2.5e-3\n").is_ok());
    }
}

/// At most this many reading problems are reported for one spec: past it the rest are
/// usually echoes of the same mistake.
pub const MAX_READ_PROBLEMS: usize = 20;

/// What [`read_all`] found: every reading problem, and, when taking the bad parts out
/// left a document that reads, that document (so the checks across fields can run on
/// what remains) with the way back from its places to the spec's.
pub struct ReadProblems<T> {
    pub errors: Vec<ReadError>,
    pub rest: Option<(T, Remap)>,
}

/// List items taken out of the document, so a place in what remains maps back to the
/// place in the spec as written (`requests[1]` is the spec's `requests[2]` once the
/// second request was taken out).
#[derive(Debug, Default)]
pub struct Remap {
    /// (the list's path, the spec's index of an item taken out of it).
    gone: Vec<(Vec<Segment>, usize)>,
    /// Every part taken out, as places in the spec.
    taken: Vec<FieldPath>,
}

impl Remap {
    /// Whether the checks across fields may run on what remains: only when every part
    /// taken out lay inside one request. A spec-level part taken out (auth, client,
    /// scopes, module) changes what the rest must be, so problems found then would be
    /// echoes.
    pub fn rest_is_meaningful(&self) -> bool {
        self.taken.iter().all(|taken| {
            matches!(taken.0.as_slice(), [Segment::Key(key), Segment::Index(_), ..] if key == "requests")
        })
    }

    /// Whether a problem found in what remains at `path` (a place in the spec) may be
    /// an echo of a part taken out: it sits in a request that lost a part, or it is
    /// about what holds one (`requests` itself).
    pub fn may_echo(&self, path: &FieldPath) -> bool {
        self.taken.iter().any(|taken| {
            let unit = &taken.0[..taken.0.len().min(2)];
            path.0.starts_with(unit) || unit.starts_with(&path.0)
        })
    }

    /// The spec's place for `path`, a place in the document with items taken out.
    pub fn original(&self, path: &FieldPath) -> FieldPath {
        let mut out: Vec<Segment> = Vec::with_capacity(path.0.len());
        for segment in &path.0 {
            match segment {
                Segment::Index(current) => {
                    let mut gone: Vec<usize> = self
                        .gone
                        .iter()
                        .filter(|(list, _)| *list == out)
                        .map(|(_, index)| *index)
                        .collect();
                    gone.sort_unstable();
                    let mut index = *current;
                    for taken in gone {
                        if taken <= index {
                            index += 1;
                        }
                    }
                    out.push(Segment::Index(index));
                }
                key => out.push(key.clone()),
            }
        }
        FieldPath(out)
    }
}

/// Reads `source` as `T` like [`read`], but on failure goes on looking for the other
/// independent problems, as compilers do: each one found is taken out of the document
/// (the offending key; the list item holding it when the key was required) and the rest
/// is read again. A syntax error leaves nothing to read, and a required top-level key
/// gone stops the search: what follows would be echoes. Problems come in file order.
pub fn read_all<T: DeserializeOwned>(source: &str) -> Result<T, ReadProblems<T>> {
    let first = match read::<T>(source) {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    let mut errors = vec![first];
    let Ok(mut document @ serde_yaml::Value::Mapping(_)) =
        serde_yaml::from_str::<serde_yaml::Value>(source)
    else {
        return Err(ReadProblems { errors, rest: None });
    };
    let mut remap = Remap::default();
    // The place of the last problem in the document as it now is.
    let mut current = errors[0].problem.path.clone();
    let mut rest = None;
    while errors.len() < MAX_READ_PROBLEMS {
        // A duplicate key or an unplaceable problem: nothing to take out.
        if current.0.is_empty() || !take_out(&mut document, &current.0, &mut remap) {
            break;
        }
        let error = match serde_path_to_error::deserialize::<_, T>(document.clone()) {
            Ok(value) => {
                rest = Some(value);
                break;
            }
            Err(error) => error,
        };
        let path = convert_path(error.path());
        let message = bare_message(&error.inner().to_string(), &path, None);
        if message.contains("missing field") {
            // The taking-out's own echo: take out the list item that held the key
            // instead, or stop where there is none.
            match path.0.iter().rposition(|s| matches!(s, Segment::Index(_))) {
                Some(at) => {
                    current = FieldPath(path.0[..=at].to_vec());
                    continue;
                }
                None => break,
            }
        }
        let mut problem = explain(path.clone(), &message);
        problem.path = remap.original(&problem.path);
        if errors
            .iter()
            .any(|known| known.problem.path == problem.path)
        {
            break;
        }
        let location = locate(source, &problem.path);
        errors.push(ReadError { problem, location });
        current = path;
    }
    errors.sort_by_key(|error| error.location.unwrap_or((usize::MAX, usize::MAX)));
    Err(ReadProblems {
        errors,
        rest: rest.map(|value| (value, remap)),
    })
}

/// Takes the value at `path` out of `document`: a mapping's key, or a list's item (noted
/// in `remap`).
fn take_out(document: &mut serde_yaml::Value, path: &[Segment], remap: &mut Remap) -> bool {
    let Some((last, parents)) = path.split_last() else {
        return false;
    };
    remap.taken.push(remap.original(&FieldPath(path.to_vec())));
    let mut at = document;
    for segment in parents {
        let next = match (segment, at) {
            (Segment::Key(key), serde_yaml::Value::Mapping(map)) => map.get_mut(key.as_str()),
            (Segment::Index(index), serde_yaml::Value::Sequence(items)) => items.get_mut(*index),
            _ => None,
        };
        match next {
            Some(next) => at = next,
            None => return false,
        }
    }
    match (last, at) {
        (Segment::Key(key), serde_yaml::Value::Mapping(map)) => map.remove(key.as_str()).is_some(),
        (Segment::Index(index), serde_yaml::Value::Sequence(items)) if *index < items.len() => {
            items.remove(*index);
            let list = remap.original(&FieldPath(parents.to_vec())).0;
            let original = remap.original(&FieldPath(path.to_vec())).0;
            if let Some(Segment::Index(original)) = original.last() {
                remap.gone.push((list, *original));
            }
            true
        }
        _ => false,
    }
}
