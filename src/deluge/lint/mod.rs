//! `delugen lint`: parse a script, then check it against the mistakes in Zoho's error
//! catalogue. Findings name the rule, the place, the Zoho error they prevent and the fix.

mod facts;
mod rules;

use serde::Serialize;

use super::lexer::{Allow, Pos};
use super::parser::{self, SyntaxError};
pub use rules::RULES;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A rule: its id, the Zoho error it prevents and the fix.
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub prevents: &'static str,
    pub fix: &'static str,
    check: fn(&facts::Facts, &mut dyn FnMut(Pos, String)),
}

pub struct Finding {
    pub rule: &'static Rule,
    pub pos: Pos,
    pub message: String,
}

/// What linting one script found: a syntax error (rules need a parse), or findings.
pub enum Outcome {
    Syntax(SyntaxError),
    Findings(Vec<Finding>),
}

impl Outcome {
    pub fn is_clean(&self) -> bool {
        matches!(self, Outcome::Findings(f) if f.is_empty())
    }
}

pub fn lint(source: &str) -> Outcome {
    let (script, allows) = match parser::parse(source) {
        Ok(parsed) => parsed,
        Err(error) => return Outcome::Syntax(error),
    };
    let facts = facts::Facts::gather(&script);
    let mut findings: Vec<Finding> = rules::run_all(&facts)
        .into_iter()
        .filter(|finding| !allowed(&allows, finding))
        .collect();
    findings.sort_by_key(|f| (f.pos, f.rule.code));
    Outcome::Findings(findings)
}

/// `// lint: allow(rule)` on the finding's line or the line before silences it.
fn allowed(allows: &[Allow], finding: &Finding) -> bool {
    allows.iter().any(|allow| {
        (allow.line == finding.pos.line || allow.line + 1 == finding.pos.line)
            && allow
                .rules
                .iter()
                .any(|r| r == finding.rule.name || r == finding.rule.code)
    })
}
