//! What a newcomer types before they know delugen's words, and what delugen answers.

mod common;

use common::run;

#[test]
fn a_familiar_word_for_a_command_names_the_command_delugen_has() {
    let (code, out, err) = run(&["check", "specs/"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("delugen has no command 'check'"), "{err}");
    assert!(
        err.contains("to check specs without writing anything, use 'delugen validate'"),
        "{err}"
    );
    // Found past a global option and its value too.
    let (_, _, err) = run(&["--color", "never", "generate", "specs/"]);
    assert!(err.contains("use 'delugen render'"), "{err}");
    // A plain typo keeps clap's own suggestion.
    let (code, _, err) = run(&["rendr"]);
    assert_eq!(code, 2);
    assert!(err.contains("similar subcommand exists: 'render'"), "{err}");
}

#[test]
fn jobs_zero_says_what_jobs_accepts() {
    let (code, _, err) = run(&["validate", "-j", "0", "specs/"]);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "--jobs takes a whole number of threads, 1 or more (leave it out for one per core)"
        ),
        "{err}"
    );
    let (code, _, err) = run(&["render", "--jobs", "many", "specs/"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--jobs takes a whole number of threads"),
        "{err}"
    );
}

#[test]
fn help_of_help_works() {
    let (code, out, err) = run(&["help", "--help"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(out.contains("Usage: delugen help [COMMAND]..."), "{out}");
    let (code, out, _) = run(&["help", "render"]);
    assert_eq!(code, 0);
    assert!(out.contains("Usage: delugen render"), "{out}");
}

#[test]
fn a_folder_of_specs_skips_hidden_files_and_reads_upper_case_extensions() {
    let dir = tempfile::tempdir().unwrap();
    let spec = std::fs::read_to_string("specs/crm-leads.yaml").unwrap();
    // Another tool's hidden YAML is not a spec of the folder.
    std::fs::write(dir.path().join(".pre-commit-config.yaml"), "repos: []\n").unwrap();
    std::fs::write(dir.path().join("LEADS.YAML"), &spec).unwrap();
    let (code, out, err) = run(&["validate", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("LEADS.YAML"), "{out}");
    assert!(
        !out.contains("pre-commit") && !err.contains("pre-commit"),
        "{out}{err}"
    );

    // Named on its own, a hidden file is read like any other.
    let hidden = dir.path().join(".pre-commit-config.yaml");
    let (code, _, err) = run(&["validate", hidden.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("pre-commit-config.yaml"), "{err}");
}
