//! One redaction for everything delugen shows a person: diagnostics and their excerpts,
//! diffs, lint reports and the handover document. A secret is hidden by its value, in
//! every form it can take on the way (as written, escaped for Deluge, for Markdown, for
//! JSON, line by line), and by where it stands (any value under a key or variable that
//! looks like it holds a secret), so a secret the spec spells unusually, or an older one
//! only on disk, is hidden too.

use crate::deluge::literal;
use crate::render::filters::{code_text, md_text};

/// What stands where a secret was.
pub const MARKER: &str = "<redacted>";
/// The marker in Markdown documents: `<redacted>` would read as an HTML tag there, and
/// its escape (`&lt;`) is noise to a reader of the raw file.
pub const MARKDOWN_MARKER: &str = "(redacted)";

/// Secrets shorter than this are not searched for by value: replacing every "ab" in a
/// message would garble it. Their place (a secret-looking key) still hides them.
const MIN_LEN: usize = 4;

/// Hides known secret values and values under secret-looking names.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    /// Every form of every secret, longest first so a longer form wins over its part.
    needles: Vec<String>,
}

impl Redactor {
    pub fn new<'s>(secrets: impl IntoIterator<Item = &'s str>) -> Self {
        let mut needles = Vec::new();
        for secret in secrets {
            for form in forms(secret) {
                if form.chars().count() >= MIN_LEN && !needles.contains(&form) {
                    needles.push(form);
                }
            }
        }
        needles.sort_by_key(|n| std::cmp::Reverse(n.len()));
        Redactor { needles }
    }

    /// The secrets a YAML spec holds: `parsed` are the values the YAML reader found under
    /// secret-looking keys (none when the text is not valid YAML); the text itself is also
    /// read line by line, whatever the spelling of the key or the style of the mapping.
    pub fn for_spec_source(source: &str, parsed: Vec<String>) -> Self {
        let mut values = parsed;
        values.retain(|value| worth_hiding(value));
        collect_lines(source, &mut values);
        Redactor::new(values.iter().map(String::as_str))
    }

    /// `text` with every known secret value replaced (the handover: prose that may name
    /// a secret-looking key without holding a secret).
    pub fn values(&self, text: &str) -> String {
        let mut text = text.to_string();
        for needle in &self.needles {
            if text.contains(needle.as_str()) {
                text = text.replace(needle.as_str(), MARKER);
            }
        }
        text
    }

    /// `text` with known secrets replaced, and every value assigned, put or keyed under a
    /// secret-looking name hidden too (diagnostics, excerpts, diffs, lint reports).
    pub fn redact(&self, text: &str) -> String {
        let text = self.values(text);
        let mut result = String::with_capacity(text.len());
        for line in text.split_inclusive('\n') {
            result.push_str(&redact_line(line));
        }
        result
    }

    /// For Markdown: secrets replaced, and every marker (also as the `md` filter escapes
    /// it) made [`MARKDOWN_MARKER`], which reads the same raw and rendered.
    pub fn values_in_markdown(&self, text: &str) -> String {
        self.values(text)
            .replace("&lt;redacted&gt;", MARKDOWN_MARKER)
            .replace("&lt;redacted>", MARKDOWN_MARKER)
            .replace(MARKER, MARKDOWN_MARKER)
    }
}

/// A secret as it may appear in output: as written, inside a Deluge or JSON text literal,
/// escaped for Markdown, and each of its lines when it has several.
fn forms(secret: &str) -> Vec<String> {
    let mut forms = vec![secret.to_string()];
    let deluge = literal::text(secret);
    forms.push(deluge[1..deluge.len() - 1].to_string());
    if let Ok(json) = serde_json::to_string(secret) {
        forms.push(json[1..json.len() - 1].to_string());
    }
    forms.push(md_text(secret));
    forms.push(code_text(secret));
    // Messages print some names in another case (a module in a scope hint is
    // lowercased): a secret reused as such a name is hidden in every case too.
    forms.push(secret.to_lowercase());
    forms.push(secret.to_ascii_lowercase());
    forms.push(secret.to_uppercase());
    forms.push(secret.to_ascii_uppercase());
    forms.extend(
        secret
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(str::to_string),
    );
    forms
}

/// Does a key or variable name say it holds a secret? Generous on purpose: misspellings
/// (`secrte`, `refresh_tokn`), prefixes and casing (`client_secret`, `refreshToken`,
/// `v_ClientSecret`) all count.
pub fn looks_secret(name: &str) -> bool {
    let lowered: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    const WORDS: [&str; 8] = [
        "secret",
        "token",
        "password",
        "passwd",
        "grantcode",
        "apikey",
        "privatekey",
        "credential",
    ];
    if WORDS.iter().any(|word| lowered.contains(word)) {
        return true;
    }
    // The spec's own secret keys, misspelt as a whole (`grant_cod`, `refreshtkn`).
    if ["grantcode", "refreshtoken", "clientsecret"]
        .iter()
        .any(|key| strsim::osa_distance(&lowered, key) <= 2)
    {
        return true;
    }
    words(name).iter().any(|word| {
        strsim::osa_distance(word, "secret") <= 2 || strsim::osa_distance(word, "token") <= 1
    })
}

/// The words of a name: split at anything not a letter and at lower-to-upper case changes.
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        let boundary = !c.is_alphabetic() || (c.is_uppercase() && previous_lower);
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        if c.is_alphabetic() {
            current.extend(c.to_lowercase());
        }
        previous_lower = c.is_lowercase();
    }
    if !current.is_empty() {
        words.push(current);
    }
    words.retain(|w| w.len() >= 4);
    words
}

/// An environment reference (`${NAME}`) names a secret without being one.
fn is_env_reference(value: &str) -> bool {
    value
        .strip_prefix("${")
        .and_then(|rest| rest.strip_suffix('}'))
        .is_some_and(|name| {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// delugen's own placeholders (`PASTE_REFRESH_TOKEN_HERE`) are shown as they are.
fn is_placeholder(value: &str) -> bool {
    value.starts_with("PASTE_") && value.ends_with("_HERE")
}

fn worth_hiding(value: &str) -> bool {
    let value = value.trim().trim_matches(['"', '\'']);
    !value.is_empty() && !is_env_reference(value) && !is_placeholder(value) && value != MARKER
}

/// Secrets read from the text line by line, for a spec that is not valid YAML: `key:
/// value` in block and flow style, and the lines below a secret key with no value on its
/// own line (a block scalar, or a plain value continued on the next line).
fn collect_lines(source: &str, found: &mut Vec<String>) {
    let lines: Vec<&str> = source.lines().collect();
    for (index, line) in lines.iter().enumerate() {
        for (key, value) in pairs(line) {
            if !looks_secret(key) {
                continue;
            }
            let value = value.trim();
            let bare = value
                .trim_start_matches(['&', '!'])
                .split_whitespace()
                .last()
                .unwrap_or("");
            let value_on_next_lines = value.is_empty()
                || value.starts_with(['|', '>'])
                || (value.starts_with(['&', '!']) && !value.contains(' '));
            if value_on_next_lines {
                let indent = line.len() - line.trim_start().len();
                for next in &lines[index + 1..] {
                    let next_indent = next.len() - next.trim_start().len();
                    if next.trim().is_empty() {
                        continue;
                    }
                    if next_indent <= indent {
                        break;
                    }
                    if worth_hiding(next) {
                        found.push(next.trim().trim_matches(['"', '\'']).to_string());
                    }
                }
            } else {
                for candidate in [value, bare] {
                    if worth_hiding(candidate) {
                        found.push(candidate.trim_matches(['"', '\'']).to_string());
                    }
                }
            }
        }
    }
}

/// `key: value` pairs on one line, in block style (`  secret: x`, `- secret: x`) and
/// inside flow mappings (`client: {id: a, secret: b}`).
fn pairs(line: &str) -> Vec<(&str, &str)> {
    let code = line.split(" #").next().unwrap_or(line);
    // Split at the punctuation of flow mappings, but not inside `${NAME}`.
    let mut parts = Vec::new();
    let mut start = 0;
    let mut in_reference = false;
    for (at, c) in code.char_indices() {
        match c {
            '{' if code[..at].ends_with('$') => in_reference = true,
            '}' if in_reference => in_reference = false,
            ',' | '{' | '}' if !in_reference => {
                parts.push(&code[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    parts.push(&code[start..]);
    let mut found = Vec::new();
    for part in parts {
        let part = part.trim().trim_start_matches("- ");
        if let Some((key, value)) = part.split_once(':') {
            let key = key.trim().trim_matches(['"', '\'']);
            if !key.is_empty() && !key.contains(' ') {
                found.push((key, value));
            }
        }
    }
    found
}

/// One line with the value hidden where a secret-looking name is assigned
/// (`v_ClientSecret = "..."`), put (`.put("client_secret", "...")`) or keyed
/// (`secret: ...`, also in a flow mapping).
fn redact_line(line: &str) -> String {
    let end = if line.ends_with('\n') { "\n" } else { "" };
    let body = line.strip_suffix('\n').unwrap_or(line);
    // Deluge: name = "text";
    if let Some((name, value)) = body.split_once(" = ") {
        let name = name.trim();
        if looks_secret(name)
            && value.trim_start().starts_with('"')
            && worth_hiding(value.trim().trim_end_matches(';'))
        {
            let head = &body[..body.len() - value.len()];
            return format!("{head}\"{MARKER}\";{end}");
        }
    }
    // Deluge: m.put("key", "text")
    if let Some(at) = body.find(".put(\"") {
        let rest = &body[at + 6..];
        if let Some((key, value)) = rest.split_once("\",")
            && looks_secret(key)
            && value.trim_start().starts_with('"')
            && worth_hiding(value.trim().trim_end_matches([';', ')']))
        {
            let head = &body[..at + 6 + key.len() + 2];
            return format!("{head} \"{MARKER}\");{end}");
        }
    }
    // YAML: key: value (block or flow)
    let mut redacted = body.to_string();
    for (key, value) in pairs(body) {
        if looks_secret(key) && worth_hiding(value) {
            let value = value.trim();
            if let Some(at) = redacted.find(value) {
                redacted.replace_range(at..at + value.len(), MARKER);
            }
        }
    }
    redacted.push_str(end);
    redacted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_hold_secrets_are_recognised_however_they_are_spelt() {
        for name in [
            "secret",
            "secrte",
            "client_secret",
            "clientSecret",
            "v_ClientSecret",
            "refresh_token",
            "refreshToken",
            "refresh_tokn",
            "grant_code",
            "grant_cod",
            "password",
            "api_key",
        ] {
            assert!(looks_secret(name), "{name}");
        }
        for name in [
            "id",
            "redirect_uri",
            "name",
            "scopes",
            "state",
            "module",
            "status",
        ] {
            assert!(!looks_secret(name), "{name}");
        }
    }

    #[test]
    fn values_are_hidden_in_every_form_and_place() {
        let redactor = Redactor::new(["se|cr*et\"x"]);
        assert_eq!(redactor.values("a se|cr*et\"x b"), "a <redacted> b");
        assert_eq!(redactor.values("a se|cr*et\\\"x b"), "a <redacted> b");
        assert_eq!(redactor.values("a se\\|cr\\*et\"x b"), "a <redacted> b");
        assert_eq!(
            redactor.redact("v_ClientSecret = \"old\";\nm.put(\"client_secret\", \"old\");\nv_Other = \"plain\";\n"),
            "v_ClientSecret = \"<redacted>\";\nm.put(\"client_secret\", \"<redacted>\");\nv_Other = \"plain\";\n"
        );
        assert_eq!(
            redactor.redact("client: {id: 1000.A, secret: abc}"),
            "client: {id: 1000.A, secret: <redacted>}"
        );
        // References and placeholders are no secrets.
        assert_eq!(redactor.redact("  secret: ${ACME}"), "  secret: ${ACME}");
        assert_eq!(
            redactor.redact("v_RefreshToken = \"PASTE_REFRESH_TOKEN_HERE\";"),
            "v_RefreshToken = \"PASTE_REFRESH_TOKEN_HERE\";"
        );
    }

    #[test]
    fn a_spec_source_gives_up_its_secrets_even_when_it_is_not_yaml() {
        let source =
            "client:\n  secrte:\n    hidden-on-next-line\n  refreshToken: \"tok-1234\"\n  {oops\n";
        let redactor = Redactor::for_spec_source(source, Vec::new());
        assert_eq!(
            redactor.values("x hidden-on-next-line tok-1234"),
            "x <redacted> <redacted>"
        );
    }
}
