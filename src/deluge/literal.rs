//! Deluge text literals: the one way a spec value becomes Deluge source.

/// `value` as a double-quoted Deluge text literal. Backslash and double quote are escaped,
/// line breaks and tabs become `\n` and `\t`, so the literal always stays on one line and
/// can neither end early nor run on into the script.
///
/// ```
/// use delugen::deluge::literal::text;
///
/// assert_eq!(text(r#"Acme "Widgets" Ltd"#), r#""Acme \"Widgets\" Ltd""#);
/// assert_eq!(text("line one\nline two"), r#""line one\nline two""#);
/// ```
pub fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A decimal number as Deluge writes it: always with a point, never in exponent form.
pub fn decimal(value: f64) -> String {
    let plain = format!("{value}");
    if plain.contains('.') {
        plain
    } else {
        format!("{plain}.0")
    }
}

/// Text safe inside a `//` comment: line breaks and other control characters become spaces.
pub fn comment(value: &str) -> String {
    value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_would_end_or_break_the_literal() {
        assert_eq!(text(r#"say "hi""#), r#""say \"hi\"""#);
        assert_eq!(text(r"C:\path"), r#""C:\\path""#);
        assert_eq!(text("a\nb\tc"), r#""a\nb\tc""#);
        assert_eq!(text("Zürich 東京"), "\"Zürich 東京\"");
        assert_eq!(text(""), "\"\"");
    }

    #[test]
    fn decimals_never_use_exponents() {
        assert_eq!(decimal(1.0), "1.0");
        assert_eq!(decimal(0.1), "0.1");
        assert_eq!(decimal(-2.5), "-2.5");
        assert_eq!(decimal(1e21), "1000000000000000000000.0");
    }

    #[test]
    fn comments_stay_on_one_line() {
        assert_eq!(comment("a\nb\r\tc"), "a b  c");
    }
}
