//! The handover is read by the client's administrator, who has the scripts and not the
//! spec: read raw, it holds no delugen command, no spec key and no Markdown escape;
//! rendered, no markup it did not mean; and wherever a workflow rule calls a function,
//! the rule's steps. The delugen side goes to `consultant-notes.md`.

mod common;

use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Options, Parser};

fn example_specs() -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir("specs")
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    assert!(specs.len() >= 10, "{specs:?}");
    specs
}

fn file(spec: &Path, name: &str) -> String {
    common::render_file(spec)
        .files
        .into_iter()
        .find(|f| f.path.ends_with(&format!("/{name}")))
        .unwrap_or_else(|| panic!("{} renders no {name}", spec.display()))
        .contents
}

const COMMANDS: [&str; 9] = [
    "render", "diff", "test", "run", "explain", "limits", "validate", "init", "man",
];

/// Keys of delugen's spec, and phrases that only make sense to someone who has one.
const SPEC_WORDS: [&str; 14] = [
    "auth.",
    "client.id",
    "client.secret",
    "client.redirect_uri",
    "from_inputs",
    "workflow_caller",
    "on_error",
    "record_id:",
    "{step:",
    "{input:",
    "render again",
    "the spec",
    "in the spec",
    "spec as",
];

/// Does `text` hold `word` starting a word (`auth.` but not the end of `/oauth.`)?
fn holds_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        !text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '/')
    })
}

const ESCAPES: [&str; 9] = [
    "\\[", "\\]", "\\*", "\\_", "\\~", "\\\\", "&lt;", "&gt;", "&amp;",
];

#[test]
fn no_example_handover_holds_a_command_a_spec_key_or_an_escape() {
    for spec in example_specs() {
        let handover = file(&spec, "handover.md");
        let shown = spec.display();
        for command in COMMANDS {
            let call = format!("delugen {command}");
            assert!(!handover.contains(&call), "{shown}: {call}\n{handover}");
        }
        for word in SPEC_WORDS {
            assert!(
                !holds_word(&handover, word),
                "{shown}: {word:?}\n{handover}"
            );
        }
        for escape in ESCAPES {
            assert!(
                !handover.contains(escape),
                "{shown}: {escape:?}\n{handover}"
            );
        }
    }
}

#[test]
fn rendered_the_handover_makes_no_html_and_shows_no_backslash() {
    for spec in example_specs() {
        let handover = file(&spec, "handover.md");
        let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
        let mut text = String::new();
        for event in Parser::new_ext(&handover, options) {
            match event {
                Event::Html(html) | Event::InlineHtml(html) => {
                    panic!("{}: HTML {html:?}", spec.display())
                }
                Event::Text(t) | Event::Code(t) => text.push_str(&t),
                Event::Start(pulldown_cmark::Tag::Strikethrough) => {
                    panic!("{}: strikethrough", spec.display())
                }
                _ => {}
            }
        }
        // Every table made it through as a table (a stray `|` would break one).
        assert!(text.contains("Zoho answers"), "{}", spec.display());
        assert!(!text.contains('\\'), "{}: {text}", spec.display());
    }
}

#[test]
fn every_function_a_workflow_rule_calls_comes_with_the_rule() {
    for (spec, product_rules, module) in [
        (
            "specs/crm-deal-to-books-invoice.yaml",
            "Zoho CRM: Setup → Automation → Workflow Rules → Create Rule",
            "Module: Deals",
        ),
        (
            "specs/creator-find-or-create-crm-contact.yaml",
            "Zoho Creator: the application → Workflows → Form Workflows → New Workflow",
            "Form: ",
        ),
        (
            "specs/crm-deals-connection.yaml",
            "Zoho CRM: Setup → Automation → Workflow Rules → Create Rule",
            "Module: Deals; Rule Name: update-deal-from-workflow",
        ),
        (
            "specs/books-workflow-function.yaml",
            "Zoho Books: Settings → Automation → Workflow Rules → New Workflow Rule",
            "Module: Customers or Vendors",
        ),
    ] {
        let handover = file(Path::new(spec), "handover.md");
        assert!(
            handover.contains("**The workflow rule that calls it:**"),
            "{spec}\n{handover}"
        );
        assert!(handover.contains(product_rules), "{spec}\n{handover}");
        assert!(handover.contains(module), "{spec}\n{handover}");
        assert!(handover.contains("| argument | maps to |"), "{spec}");
    }
    // The Books rule runs the function itself, through Zoho's own menu words.
    let books = file(
        Path::new("specs/books-workflow-function.yaml"),
        "handover.md",
    );
    assert!(
        books.contains("Immediate Actions → Custom Functions → select add_billing_contact_person")
    );
    assert!(
        books.contains("| `contact (Map)` | the Customers or Vendors record the rule fired on")
    );
    // A function nothing calls from a rule gets no rule.
    let leads = file(Path::new("specs/crm-leads.yaml"), "handover.md");
    assert!(!leads.contains("The workflow rule"));
}

#[test]
fn inline_secrets_tell_the_admin_where_the_refresh_token_goes() {
    let handover = file(Path::new("specs/crm-leads.yaml"), "handover.md");
    assert!(
        handover.contains("in place of `PASTE_GRANT_CODE_HERE`"),
        "{handover}"
    );
    assert!(
        handover.contains("in place of `PASTE_REFRESH_TOKEN_HERE`"),
        "{handover}"
    );
    assert!(handover.contains("ask whoever prepared the"), "{handover}");
}

#[test]
fn the_consultant_notes_keep_the_delugen_side() {
    let notes = file(Path::new("specs/crm-leads.yaml"), "consultant-notes.md");
    for needed in [
        "delugen render -o <folder> crm-leads.yaml",
        "delugen diff -o <folder> crm-leads.yaml",
        "delugen test crm-leads.yaml",
        "`auth.refresh_token`",
        "`auth.mode: connection`",
        "delugen explain",
        // The spec-side fixes of Zoho's answers.
        "into client.secret or its environment variable",
    ] {
        assert!(notes.contains(needed), "{needed}\n{notes}");
    }
    let connected = file(
        Path::new("specs/crm-deals-connection.yaml"),
        "consultant-notes.md",
    );
    assert!(
        connected.contains("## With a client instead of a connection"),
        "{connected}"
    );
    assert!(!connected.contains("## Tokens and secrets"));
}

/// The `md` filter trusts its templates on two points: a value never starts a line (where
/// `#`, `>` or `-` would make a heading, a quote or a list) and is never followed by `(`
/// or `[` (which would make `]` close a link).
#[test]
fn markdown_templates_place_values_where_the_md_filter_expects_them() {
    for entry in std::fs::read_dir("templates").unwrap() {
        let path = entry.unwrap().path();
        if !path.to_string_lossy().ends_with(".md.tera") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (number, line) in text.lines().enumerate() {
            let at = format!("{}:{}", path.display(), number + 1);
            let start = line.trim_start();
            assert!(
                !(start.starts_with("{{") && start.split("}}").next().unwrap().contains("| md")),
                "{at}: a line starts with an md value: {line}"
            );
            for after in ["| md }}(", "| md }}["] {
                assert!(!line.contains(after), "{at}: {line}");
            }
        }
    }
}
