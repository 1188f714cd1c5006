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

fn validate_text(yaml: &str) -> (u8, String) {
    common::validate_yaml(yaml, &["--no-env"])
}

fn lead_lookup(from: &str, to: &str) -> String {
    let text = std::fs::read_to_string("specs/crm-lead-lookup.yaml").unwrap();
    assert!(text.contains(from), "{from}");
    text.replacen(from, to, 1)
}

#[test]
fn a_misspelt_scope_gets_the_real_one_not_an_operation_to_add() {
    let (code, err) = validate_text(&lead_lookup(
        "ZohoCRM.modules.leads.CREATE",
        "ZohoCRM.module.leads.CREATE",
    ));
    assert_eq!(code, 2);
    assert!(
        err.contains("\"ZohoCRM.module.leads.CREATE\" is not a scope Zoho grants; did you mean \"ZohoCRM.modules.leads.CREATE\"?"),
        "{err}"
    );
    // And ZohoSearch, which CRM searches need, is no stranger's scope.
    assert!(!err.contains("no service delugen knows"), "{err}");
}

#[test]
fn the_broad_scope_hint_names_only_a_scope_that_covers_the_request() {
    let (code, err) = validate_text(&lead_lookup("  - ZohoSearch.securesearch.READ", ""));
    assert_eq!(code, 2);
    assert!(
        err.contains("add \"ZohoSearch.securesearch.READ\""),
        "{err}"
    );
    // ZohoCRM.modules.ALL does not hold ZohoSearch: it is not offered.
    assert!(!err.contains("the broad scope is"), "{err}");
}

#[test]
fn an_option_typo_is_matched_only_against_the_methods_options() {
    let yaml = lead_lookup(
        "    method: coql\n",
        "    method: POST\n    fields: {Last_Name: x}\n    options: {wf_triger: true}\n",
    )
    .replace(
        "    query: \"select Last_Name, Email, Company from Leads where Rating = 'Hot' and Company like '%Harbor \\\"Pier\\\"%' limit 200\"\n",
        "",
    );
    let (code, err) = validate_text(&yaml);
    assert_eq!(code, 2);
    assert!(
        err.contains("Zoho CRM has no option \"wf_triger\""),
        "{err}"
    );
    assert!(
        err.contains(
            "\"wf_trigger\" is close but does not apply to POST; for POST Zoho CRM takes: lar_id"
        ),
        "{err}"
    );
}

#[test]
fn a_module_display_name_suggests_its_api_name() {
    let (code, err) = validate_text(&lead_lookup("module: Leads", "module: Sales Orders"));
    assert_eq!(code, 2);
    assert!(
        err.contains("did you mean module: Sales_Orders? API names join words with _"),
        "{err}"
    );
}

#[test]
fn crm_variables_in_creator_suggests_the_creator_store() {
    let text = std::fs::read_to_string("specs/creator-token-store.yaml")
        .unwrap()
        .replace(
            "  store: creator-form",
            "  store: crm-variables\n  store_connection: vars",
        );
    let (code, err) = validate_text(&text);
    assert_eq!(code, 2);
    assert!(
        err.contains("in Zoho Creator keep them in a form of the app: auth.store: creator-form"),
        "{err}"
    );
}

#[test]
fn every_command_that_prints_progress_is_quiet_with_q_and_ends_with_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let out = out.to_str().unwrap();
    let spec = "specs/crm-deals-connection.yaml";
    let (code, stdout, stderr) = run(&["validate", spec]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("ok: "), "{stdout}");
    assert!(
        stderr.ends_with("1 spec checked: all valid (3 scripts)\n"),
        "{stderr}"
    );
    let (code, stdout, stderr) = run(&["validate", "-q", spec]);
    assert_eq!((code, stdout.as_str(), stderr.as_str()), (0, "", ""));

    let (code, stdout, stderr) = run(&["render", spec, "-o", out]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains(": wrote "), "{stdout}");
    assert!(
        stderr.ends_with("1 spec: 5 files written, 0 unchanged\n"),
        "{stderr}"
    );
    let (code, stdout, stderr) = run(&["render", "-q", spec, "-o", out]);
    assert_eq!((code, stdout.as_str(), stderr.as_str()), (0, "", ""));
    let (_, _, stderr) = run(&["render", spec, "-o", out]);
    assert!(
        stderr.ends_with("1 spec: 0 files written, 5 unchanged\n"),
        "{stderr}"
    );

    // A hand edit is counted as one, not as a change the spec made.
    let script = dir
        .path()
        .join("out/lotus-crm-deals/move-deal-to-negotiation.dg");
    let text = std::fs::read_to_string(&script).unwrap();
    std::fs::write(&script, format!("{text}// mine\n")).unwrap();
    let (code, _, stderr) = run(&["diff", spec, "-o", out]);
    assert_eq!(code, 1);
    assert!(
        stderr.ends_with("5 files checked (1 spec): 1 edited by hand\n"),
        "{stderr}"
    );
}

#[test]
fn a_coloured_diff_keeps_context_lines_plain() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let out = out.to_str().unwrap();
    let spec = "specs/crm-deals-connection.yaml";
    run(&["render", spec, "-o", out]);
    let script = dir
        .path()
        .join("out/lotus-crm-deals/move-deal-to-negotiation.dg");
    let text = std::fs::read_to_string(&script).unwrap();
    std::fs::write(&script, text.replacen("info", "info ", 1)).unwrap();
    let (_, stdout, _) = run(&["--color", "always", "diff", spec, "-o", out]);
    assert!(stdout.contains("\u{1b}[32m+"), "{stdout:?}");
    for line in stdout.lines() {
        // No context line (one that starts with a space once unpainted) is bold.
        if line.starts_with("\u{1b}[1m ") {
            panic!("bold context line: {line:?}");
        }
    }
}

#[test]
fn an_output_folder_that_is_a_file_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "mine\n").unwrap();
    let spec = "specs/crm-deals-connection.yaml";
    for command in ["render", "diff"] {
        let (code, _, err) = run(&[command, spec, "-o", file.to_str().unwrap()]);
        assert_eq!(code, 2, "{command}");
        assert!(
            err.contains("notes.txt is a file, not a folder"),
            "{command}: {err}"
        );
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine\n");
}
