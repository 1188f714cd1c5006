//! The JSON Schema editors use: current, accepting every example, rejecting bad specs.

mod common;

use serde_json::Value;

fn schema() -> Value {
    let (code, stdout, _) = common::run(&["schema"]);
    assert_eq!(code, 0);
    serde_json::from_str(&stdout).unwrap()
}

fn yaml_as_json(text: &str) -> Value {
    serde_yaml::from_str(text).unwrap()
}

#[test]
fn the_committed_schema_is_what_delugen_schema_prints() {
    let committed = std::fs::read_to_string("specs/delugen.schema.json").unwrap();
    let (_, printed, _) = common::run(&["schema"]);
    assert_eq!(
        committed, printed,
        "run `delugen schema > specs/delugen.schema.json`"
    );
    assert_eq!(
        schema()["$schema"],
        "http://json-schema.org/draft-07/schema#"
    );
}

#[test]
fn every_example_spec_names_the_schema_and_satisfies_it() {
    let validator = jsonschema::draft7::new(&schema()).unwrap();
    for entry in std::fs::read_dir("specs").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("# yaml-language-server: $schema=./delugen.schema.json\n"),
            "{} must start with the schema comment",
            path.display()
        );
        let errors: Vec<String> = validator
            .iter_errors(&yaml_as_json(&text))
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
}

#[test]
fn the_schema_rejects_what_delugen_rejects() {
    let validator = jsonschema::draft7::new(&schema()).unwrap();
    let good = std::fs::read_to_string("specs/seed-books.yaml").unwrap();
    assert!(validator.is_valid(&yaml_as_json(&good)));
    for (from, to) in [
        ("region: us", "region: europe"),
        ("  redirect_uri:", "  redirect_url:"),
        ("name: seed-books", "name: Seed Books"),
        ("method: POST", "method: MERGE"),
        ("  - ZohoBooks.contacts.ALL", "  - ZohoBooks.contacts"),
    ] {
        let bad = good.replacen(from, to, 1);
        assert_ne!(bad, good);
        assert!(
            !validator.is_valid(&yaml_as_json(&bad)),
            "the schema accepted {to:?}"
        );
    }
}

#[test]
fn the_schema_takes_via_on_functions_and_steps() {
    let validator = jsonschema::draft7::new(&schema()).unwrap();
    let good = std::fs::read_to_string("specs/crm-deal-to-books-invoice.yaml").unwrap();
    let with_via = good
        .replacen("    steps:\n", "    via: task\n    steps:\n", 1)
        .replacen(
            "        auth: crm\n",
            "        auth: crm\n        via: api\n",
            1,
        );
    assert_ne!(with_via, good);
    let errors: Vec<String> = validator
        .iter_errors(&yaml_as_json(&with_via))
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    for bad in [
        with_via.replacen("    via: task\n", "    via: rest\n", 1),
        with_via.replacen("        via: api\n", "        via: deluge\n", 1),
    ] {
        assert!(
            !validator.is_valid(&yaml_as_json(&bad)),
            "the schema accepted\n{bad}"
        );
    }
}
