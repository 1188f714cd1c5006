//! What a message shows of a path or value: control characters escaped, so a file name
//! can neither forge log lines (a line break) nor drive the terminal (an escape
//! sequence, a bidirectional override), and long values cut, so a 1 MB value gives a
//! short message. Every path and value a message prints goes through here.

use std::path::Path;

/// Characters of one value a message quotes at most.
pub const VALUE_CHARS: usize = 200;
/// Characters of a path a message shows at most (real paths are far shorter).
pub const PATH_CHARS: usize = 1000;

/// `path` as a message shows it: escaped, and cut past [`PATH_CHARS`].
pub fn path(path: &Path) -> String {
    file(&path.display().to_string())
}

/// A file name already made text (`path.display()`), as [`path`] shows it.
pub fn file(name: &str) -> String {
    cut(&escape(name), PATH_CHARS)
}

/// A value (or a name) as a message shows it: escaped, and cut past [`VALUE_CHARS`].
pub fn value(text: &str) -> String {
    cut(&escape(text), VALUE_CHARS)
}

/// Control characters (C0, DEL, C1) written as Rust-style escapes (`\n`, `\u{1b}`),
/// bidirectional controls as `\u{202e}`; everything else as it is.
pub fn escape(text: &str) -> String {
    if !text.chars().any(needs_escape) {
        return text.to_string();
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            shown.extend(c.escape_debug());
        } else if is_bidi_control(c) {
            shown.extend(c.escape_unicode());
        } else {
            shown.push(c);
        }
    }
    shown
}

fn needs_escape(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// Characters that reorder the text around them on screen (embeddings, overrides,
/// isolates and marks).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// `text` cut after `max` characters, with how much was left out: `abc…(1234 more bytes)`.
pub fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((at, _)) => format!("{}…({} more bytes)", &text[..at], text.len() - at),
    }
}

/// A whole message: escaped, each quoted value (`"..."`) and each run of characters
/// without a space cut past [`VALUE_CHARS`], so no value makes a message long.
pub fn message(text: &str) -> String {
    let escaped = escape(text);
    if escaped.len() <= VALUE_CHARS {
        return escaped;
    }
    // Quoted values first: they may hold spaces.
    let mut quoted_cut = String::with_capacity(escaped.len().min(4 * VALUE_CHARS));
    let mut rest = escaped.as_str();
    while let Some(open) = rest.find('"') {
        quoted_cut.push_str(&rest[..=open]);
        rest = &rest[open + 1..];
        match rest.find('"') {
            Some(close) => {
                quoted_cut.push_str(&cut(&rest[..close], VALUE_CHARS));
                quoted_cut.push('"');
                rest = &rest[close + 1..];
            }
            None => break,
        }
    }
    quoted_cut.push_str(rest);
    // Then any run without a space (a number, a path), with room for a cut value.
    let mut shown = String::with_capacity(quoted_cut.len());
    for (i, word) in quoted_cut.split(' ').enumerate() {
        if i > 0 {
            shown.push(' ');
        }
        shown.push_str(&cut(word, VALUE_CHARS + 40));
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_are_escaped() {
        assert_eq!(escape("a\u{1b}[31mb\nc\rd"), "a\\u{1b}[31mb\\nc\\rd");
        assert_eq!(escape("x\u{202e}y\u{85}"), "x\\u{202e}y\\u{85}");
        assert_eq!(escape("Zürich 東京"), "Zürich 東京");
    }

    #[test]
    fn long_values_are_cut_with_what_was_left_out() {
        let long = "1".repeat(1_000_000);
        let shown = message(&format!("found {long} expected a number"));
        assert!(shown.len() < 400, "{}", shown.len());
        assert!(
            shown.ends_with("…(999760 more bytes) expected a number"),
            "{shown}"
        );
        let quoted = format!("unknown region \"{}\"", "x y".repeat(1000));
        let shown = message(&quoted);
        assert!(shown.contains("…(2800 more bytes)\""), "{shown}");
        assert_eq!(value("short"), "short");
        assert_eq!(cut("abcdef", 3), "abc…(3 more bytes)");
    }
}
