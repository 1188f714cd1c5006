//! The Deluge corpus: valid scripts parse; each invalid one is caught by the rule its first
//! line names (`// expect: RULE LINE`), at that line. Reports are snapshotted.

mod common;

use std::path::Path;

use assert_cmd::Command;

fn shown(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap()
        .display()
        .to_string()
}

#[test]
fn valid_scripts_parse() {
    insta::glob!("fixtures/deluge/valid", "*.dg", |path| {
        let source = std::fs::read_to_string(path).unwrap();
        if let Err(error) = delugen::deluge::parse(&source) {
            panic!("{}:{error}", path.display());
        }
        let (_, stdout, _) = common::run(&["lint", &shown(path)]);
        insta::assert_snapshot!(stdout);
    });
}

#[test]
fn invalid_scripts_are_caught_by_the_expected_rule_at_the_expected_line() {
    insta::glob!("fixtures/deluge/invalid", "*.dg", |path| {
        let source = std::fs::read_to_string(path).unwrap();
        let expect = source
            .lines()
            .next()
            .unwrap()
            .strip_prefix("// expect: ")
            .unwrap();
        let (rule, line) = expect.split_once(' ').unwrap();
        let file = shown(path);
        let (code, stdout, _) = common::run(&["lint", &file, "--format", "json"]);
        assert_eq!(code, 1, "{file}");
        let findings: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
        let line: u64 = line.parse().unwrap();
        assert!(
            findings
                .iter()
                .any(|f| (f["code"] == rule || f["rule"] == rule) && f["line"] == line),
            "{file}: expected {rule} at line {line}, got {stdout}"
        );
        let (_, human, _) = common::run(&["lint", &file]);
        insta::assert_snapshot!(human);
    });
}

#[test]
fn rendered_example_scripts_lint_clean() {
    let out = tempfile::tempdir().unwrap();
    let mut render = Command::cargo_bin("delugen").unwrap();
    for (name, value) in common::EXAMPLE_ENV {
        render.env(name, value);
    }
    render.args(["render", "specs", "-o"]).arg(out.path());
    render.assert().success();
    let mut files = Vec::new();
    for folder in std::fs::read_dir(out.path()).unwrap() {
        for file in std::fs::read_dir(folder.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_some_and(|e| e == "dg") {
                files.push(path);
            }
        }
    }
    assert!(files.len() >= 15, "{files:?}");
    Command::cargo_bin("delugen")
        .unwrap()
        .arg("lint")
        .args(&files)
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn lint_reads_standard_input() {
    Command::cargo_bin("delugen")
        .unwrap()
        .args(["lint", "-"])
        .write_stdin("v = \"x\"\ninfo v;\n")
        .assert()
        .code(1)
        .stdout(predicates::str::contains(
            "<stdin>:1:8: error[DG000 syntax]",
        ));
}

#[test]
fn an_unreadable_file_is_an_error_not_a_finding() {
    let (code, _, stderr) = common::run(&["lint", "no/such/file.dg"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot read no/such/file.dg"));
}

#[test]
fn json_reports_carry_rule_place_prevention_and_fix() {
    let (code, stdout, _) = common::run(&[
        "lint",
        "--format",
        "json",
        "tests/fixtures/deluge/invalid/crm-data-not-list.dg",
    ]);
    assert_eq!(code, 1);
    let findings: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    let finding = &findings[0];
    assert_eq!(finding["rule"], "crm-data-not-list");
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["line"], 5);
    assert!(finding["prevents"].as_str().unwrap().contains("jsonarray"));
    assert!(
        finding["fix"]
            .as_str()
            .unwrap()
            .contains("l_Data.add(m_Record)")
    );
}

#[test]
fn an_allow_comment_silences_only_the_rule_it_names() {
    let source =
        "// lint: allow(literal-secret)\nv_ClientSecret = \"abc\";\nv_OtherSecret = \"def\";\n";
    let delugen::deluge::lint::Outcome::Findings(findings) = delugen::deluge::lint::lint(source)
    else {
        panic!("parses")
    };
    let lines: Vec<usize> = findings.iter().map(|f| f.pos.line).collect();
    assert_eq!(lines, vec![3]);
}

#[test]
fn absurd_nesting_is_a_syntax_error_not_a_crash() {
    let deep_parens = format!("x = {}1{};", "(".repeat(100_000), ")".repeat(100_000));
    let deep_blocks = format!("{}{}", "if(true) {".repeat(5_000), "}".repeat(5_000));
    let long_chain = format!("x = a{};", ".b()".repeat(100_000));
    let long_sum = format!("x = 1{};", "+1".repeat(100_000));
    let deep_unary = format!("x = {}1;", "-".repeat(100_000));
    for (name, source) in [
        ("parentheses", deep_parens),
        ("blocks", deep_blocks),
        ("method chain", long_chain),
        ("sum", long_sum),
        ("unary", deep_unary),
    ] {
        match delugen::deluge::parse(&source) {
            Err(error) => assert!(
                error.message.contains("more than 48") || error.message.contains("more than 1000"),
                "{name}: {error}"
            ),
            Ok(_) => panic!("{name} parsed"),
        }
    }
    // Long concatenations are ordinary Deluge and still parse and lint.
    let long_text = format!(
        "v_Html = \"<p>\"{};\ninfo v_Html;\n",
        " + v_Row + \"<br>\"".repeat(400)
    );
    assert!(delugen::deluge::lint::lint(&long_text).is_clean());
}

#[test]
fn an_invokeurl_type_may_be_delete_though_delete_starts_a_statement_elsewhere() {
    let source = "r = invokeurl\n[\n\turl: \"https://www.zohoapis.com/crm/v8/Leads/1\"\n\ttype: DELETE\n\tconnection: \"crm\"\n];\ndelete from Orders[ID == 1];\n";
    let (script, _) = delugen::deluge::parse(source).unwrap();
    assert_eq!(script.body.len(), 2);
    // Any other word is still refused as a request type.
    let error = delugen::deluge::parse(&source.replace("DELETE", "REMOVE")).unwrap_err();
    assert!(
        error.to_string().contains("invalid request type"),
        "{error}"
    );
}

#[test]
fn a_loop_variable_under_data_is_not_known_to_be_a_map() {
    // Batches built with List() and walked with for each: what l_Data holds is not known.
    let batches = "l_Batches = List();\nl_Batches.add(List());\nfor each l_Data in l_Batches\n{\n\tm_Body = Map();\n\tm_Body.put(\"data\", l_Data);\n\tr = invokeurl\n\t[\n\t\turl: \"https://www.zohoapis.com/crm/v8/Leads\"\n\t\ttype: POST\n\t\tparameters: m_Body.toString()\n\t\tconnection: \"crm\"\n\t];\n}\n";
    assert!(delugen::deluge::lint::lint(batches).is_clean());
    // A Map under data is still a finding.
    let map = batches.replace(
        "m_Body.put(\"data\", l_Data);",
        "m_Body.put(\"data\", Map());",
    );
    assert!(!delugen::deluge::lint::lint(&map).is_clean());
}
