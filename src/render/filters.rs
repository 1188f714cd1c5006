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

/// What the `md` filter makes of `text`: the text a reader of the raw file sees as it
/// is, with an escape only where CommonMark (and GitHub's tables and strikethrough) would
/// otherwise read a character as markup. The value may sit anywhere inside a line, so an
/// unknown neighbour (before the start, after the end) counts as one that could make
/// markup. A value never starts a line in the templates (a test checks), so line-start
/// markup (`#`, `>`, `-`, `1.`) cannot arise.
pub fn md_text(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    markdown(text, b"<*_~[]\\&", |at, c, out| {
        let before = at.checked_sub(1).map(|i| chars[i]);
        let after = chars.get(at + 1).copied();
        let spaced = |c: Option<char>| c.is_some_and(char::is_whitespace);
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let punctuation = |c: Option<char>| c.is_none_or(|c| c.is_ascii_punctuation());
        match c {
            // Emphasis and strikethrough need a delimiter next to a non-space; `_` inside
            // a word (`Last_Name`) can neither open nor close one.
            '*' | '_' | '~' if spaced(before) && spaced(after) => out.push(c),
            '_' if word(before) && word(after) => out.push(c),
            '*' | '_' | '~' => {
                out.push('\\');
                out.push(c);
            }
            // A backslash escapes only the ASCII punctuation after it.
            '\\' if punctuation(after) => out.push_str("\\\\"),
            // A link or image needs `](` or `][`. After a value's end, a template has a
            // space, `.`, `,`, `)` or a cell's `|` (a test checks), never `(` or `[`.
            ']' if matches!(after, Some('(' | '[')) => out.push_str("\\]"),
            // HTML and autolinks start `<` + letter, `/`, `!` or `?`.
            '<' if after.is_none_or(|c| c.is_ascii_alphabetic() || "/!?".contains(c)) => {
                out.push_str("&lt;")
            }
            // An entity (`&amp;`, `&#38;`) is `&`, then `#` or a name, then `;`.
            '&' if entity_follows(&chars[at + 1..]) => out.push_str("&amp;"),
            c => out.push(c),
        }
    })
}

/// Does `rest` (the characters after a `&`) read as the rest of an HTML entity?
fn entity_follows(rest: &[char]) -> bool {
    let body = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .count();
    body > 0 && rest.get(body) == Some(&';')
}

/// What the `code` filter makes of `text`.
pub fn code_text(text: &str) -> String {
    markdown(text, b"", |_, c, out| out.push(c))
}

fn as_text(value: &Value) -> std::borrow::Cow<'_, str> {
    match value.as_str() {
        Some(text) => text.into(),
        None => value.to_string().into(),
    }
}

/// `text` for one Markdown table cell: `|` escaped, backticks made quotes, control
/// characters made spaces; every other character goes through `rest` (with its position
/// among the text's characters), which changes none but `special` ones (all ASCII).
fn markdown(text: &str, special: &[u8], rest: impl Fn(usize, char, &mut String)) -> String {
    // Most text (the handover's prose, names, URLs) needs no change: copied whole.
    // 0xC2 leads every C1 control character (U+0080..U+009F) in UTF-8.
    let plain =
        |b: &u8| !(b.is_ascii_control() || matches!(b, b'|' | b'`' | 0xC2) || special.contains(b));
    if text.as_bytes().iter().all(plain) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (at, c) in text.chars().enumerate() {
        match c {
            '|' => out.push_str("\\|"),
            '`' => out.push('\''),
            c if c.is_control() => out.push(' '),
            c => rest(at, c, &mut out),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{code_text, md_text};

    #[test]
    fn plain_text_is_copied_and_special_text_escaped() {
        assert_eq!(
            md_text("Zoho CRM: Leads, ümlaut"),
            "Zoho CRM: Leads, ümlaut"
        );
        assert_eq!(
            md_text("a|b `c` <d> *e* [f] \\"),
            "a\\|b 'c' &lt;d> \\*e\\* [f] \\\\"
        );
        // What CommonMark reads as text stays as written: no escape in the raw file.
        for plain in [
            "Last_Name",
            "5 * 3 = 15",
            "[{\"name\":\"Imported\"}]",
            "Negotiation/Review",
            "a < b > c",
            "C:\\Users",
            "R&D",
            "about ~ 5",
        ] {
            assert_eq!(md_text(plain), plain);
        }
        assert_eq!(
            md_text("_x_ ~y~ [a](b) <b> &amp;"),
            "\\_x\\_ \\~y\\~ [a\\](b) &lt;b> &amp;amp;"
        );
        assert_eq!(code_text("a|b `c` <d> *e*"), "a\\|b 'c' <d> *e*");
        // Control characters, C0, DEL and C1 alike, become spaces.
        assert_eq!(md_text("a\nb\u{7f}c\u{85}d\te"), "a b c d e");
        assert_eq!(code_text("a\u{9f}b"), "a b");
        // A non-control character led by 0xC2 in UTF-8 stays.
        assert_eq!(md_text("price ¢5 ©"), "price ¢5 ©");
    }
}
