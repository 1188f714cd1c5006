//! Every script of every example and fixture spec, as reviewed Deluge.

mod common;

use std::path::Path;

fn snapshot_every_script(path: &Path) {
    let rendered = common::render_file(path);
    assert!(
        !rendered.files.is_empty(),
        "{} produced no scripts",
        path.display()
    );
    for file in &rendered.files {
        if !file.path.ends_with(".dg") {
            insta::assert_snapshot!(file.path.replace('/', "__"), file.contents);
            continue;
        }
        // Every script must parse and lint clean before its text is compared.
        let outcome = delugen::deluge::lint::lint(&file.contents);
        if let delugen::deluge::lint::Outcome::Syntax(error) = &outcome {
            panic!("{}:{error}", file.path);
        }
        assert!(outcome.is_clean(), "{} has lint findings", file.path);
        insta::assert_snapshot!(file.path.replace('/', "__"), file.contents);
    }
}

#[test]
fn example_specs_render_to_the_reviewed_scripts() {
    insta::glob!("../specs", "*.yaml", snapshot_every_script);
}

#[test]
fn fixture_specs_render_to_the_reviewed_scripts() {
    insta::glob!("fixtures", "*.yaml", snapshot_every_script);
}
