//! Sizes users will hit. A field value longer than the largest text field Zoho documents
//! renders (Zoho's limits differ per field and may change, and delugen never refuses what
//! Zoho might accept) but with a warning naming the field, before Zoho's answer does.

use super::diagnostic::{FieldPath, Problem};
use super::{FieldValue, Spec};

/// Characters in one field value. 32,000 is the largest plain-text field Zoho CRM
/// offers (a "Multi Line (Large)" field); a single-line field holds 255, Books' text
/// fields less. No Deluge editor limit per value is documented, but a value past this
/// size also makes a pasted script unwieldy in the editor.
pub const FIELD_CHARS: usize = 32_000;

/// One warning per field value longer than [`FIELD_CHARS`] (nested values count as
/// the JSON text they are sent as).
pub fn warnings(spec: &Spec) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (index, request) in spec.requests.iter().enumerate() {
        for (name, value) in &request.fields.0 {
            let length = match value {
                FieldValue::Text(text) => text.as_str().chars().count(),
                other => serde_json::to_string(other).map_or(0, |json| json.chars().count()),
            };
            if length <= FIELD_CHARS {
                continue;
            }
            let path = FieldPath::root()
                .key("requests")
                .index(index)
                .key("fields")
                .key(name.as_str());
            problems.push(
                Problem::new(
                    path,
                    format!(
                        "field \"{name}\" of request \"{}\" is {} characters long; Zoho's largest text field (CRM's Multi Line (Large)) holds {}, so Zoho is likely to refuse it",
                        request.name.as_str(),
                        group(length),
                        group(FIELD_CHARS)
                    ),
                )
                .help("shorten the value, or keep the long text elsewhere (a note or an attachment) and link to it"),
            );
        }
    }
    problems
}

/// `32000` → `32,000`
fn group(n: usize) -> String {
    crate::zoho::limits::group(n as u64)
}
