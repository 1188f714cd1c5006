//! Every bad-input rule: one fixture each in tests/fixtures/invalid/, whose first line
//! (`# expect: ...`) is the message the user must see. The whole report is snapshotted.

mod common;

use std::path::Path;

fn expected_message(path: &Path) -> String {
    let source = std::fs::read_to_string(path).unwrap();
    let first = source.lines().next().unwrap_or_default();
    first
        .strip_prefix("# expect: ")
        .unwrap_or_else(|| panic!("{} must start with '# expect: '", path.display()))
        .to_string()
}

#[test]
fn each_invalid_spec_exits_2_with_its_message() {
    insta::glob!("fixtures/invalid", "*.yaml", |path| {
        let relative = path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap();
        let shown = relative.to_str().unwrap();
        let (code, stdout, stderr) = common::run(&["validate", shown]);
        assert_eq!(code, 2, "{shown}: {stderr}");
        assert_eq!(stdout, "", "{shown}: nothing goes to stdout");
        let expected = expected_message(path);
        assert!(
            stderr.contains(&expected),
            "{shown}: expected {expected:?} in:\n{stderr}"
        );
        assert!(
            stderr.contains(&format!("--> {shown}")),
            "{shown}: names the file:\n{stderr}"
        );
        insta::assert_snapshot!(stderr);
    });
}

#[test]
fn render_of_an_invalid_spec_prints_nothing_to_stdout() {
    let (code, stdout, stderr) = common::run(&[
        "render",
        "specs/crm-leads.yaml",
        "tests/fixtures/invalid/unknown-region.yaml",
    ]);
    assert_eq!(code, 2);
    assert_eq!(stdout, "", "no half output when one spec of several is bad");
    assert!(stderr.contains("unknown region \"europe\""));
}
