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
