//! Helpers the property tests share: the characters a spec's text may hold, and reading a
//! value back from the script.

use delugen::deluge::ast::{ExprKind, Script, StmtKind};
use proptest::prelude::*;

/// Characters a spec may hold in text: anything but control characters other than line
/// feed and tab, and bidirectional overrides and isolates.
pub fn allowed_char() -> impl Strategy<Value = char> {
    // Mapped rather than filtered: proptest draws control characters often.
    any::<char>().prop_map(|c| {
        let bidi = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        if bidi || (c.is_control() && !matches!(c, '\n' | '\t')) {
            '¤'
        } else {
            c
        }
    })
}

/// The text assigned to `name` at the top level of the script.
pub fn assigned_text(script: &Script, name: &str) -> Option<String> {
    script.body.iter().find_map(|stmt| match &stmt.kind {
        StmtKind::Assign { target, value, .. } if target.var_name() == Some(name) => {
            match &value.kind {
                ExprKind::Text(text) => Some(text.clone()),
                _ => None,
            }
        }
        _ => None,
    })
}
