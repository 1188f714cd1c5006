//! Property: no input makes delugen panic. Specs and Deluge scripts, random or mutated
//! from real ones, always end in a result or a clear error.

use std::path::Path;

use delugen::deluge::lint::{self, Outcome};
use delugen::spec;
use proptest::prelude::*;

const SEED_SPEC: &str = include_str!("../specs/crm-leads.yaml");
const SEED_SCRIPT: &str = include_str!("fixtures/deluge/valid/everyday-constructs.dg");

/// A real text with a random slice replaced by random characters.
fn mutated(seed: &'static str) -> impl Strategy<Value = String> {
    let len = seed.chars().count();
    (
        0..len,
        0..40usize,
        prop::collection::vec(any::<char>(), 0..12),
    )
        .prop_map(move |(at, cut, insert)| {
            let chars: Vec<char> = seed.chars().collect();
            let end = (at + cut).min(chars.len());
            chars[..at]
                .iter()
                .chain(insert.iter())
                .chain(chars[end..].iter())
                .collect()
        })
}

fn check_spec(text: String) -> Result<(), TestCaseError> {
    if let Err(diagnostics) = spec::parse(Path::new("prop.yaml"), text) {
        prop_assert!(!diagnostics.is_empty());
        for diagnostic in diagnostics {
            prop_assert!(!diagnostic.message.is_empty());
            let _ = diagnostic.to_string();
        }
    }
    Ok(())
}

fn check_script(text: &str) -> Result<(), TestCaseError> {
    if let Outcome::Syntax(error) = lint::lint(text) {
        prop_assert!(error.pos.line >= 1 && error.pos.column >= 1);
        prop_assert!(!error.message.is_empty());
    }
    Ok(())
}

proptest! {
    #[test]
    fn random_text_as_a_spec_gives_a_result_or_diagnostics(text in ".{0,400}") {
        check_spec(text)?;
    }

    #[test]
    fn a_mangled_real_spec_gives_a_result_or_diagnostics(text in mutated(SEED_SPEC)) {
        check_spec(text)?;
    }

    #[test]
    fn random_text_as_deluge_gives_findings_or_a_syntax_error(text in ".{0,400}") {
        check_script(&text)?;
    }

    #[test]
    fn a_mangled_real_script_gives_findings_or_a_syntax_error(text in mutated(SEED_SCRIPT)) {
        check_script(&text)?;
    }
}
