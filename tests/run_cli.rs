//! `delugen run` as a consultant uses it: the seed's token scripts against the simulated
//! Zoho, answers files, arguments, JSON output, and the refusal to guess.

mod common;

use std::path::{Path, PathBuf};

use common::run;

/// Renders `spec` into a fresh folder; gives the folder of its scripts.
fn rendered(spec: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (code, _, err) = run(&["render", spec, "-o", out.to_str().unwrap(), "-q"]);
    assert_eq!(code, 0, "{err}");
    let name = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| e.path().is_dir())
        .unwrap()
        .path();
    (dir, name)
}

fn script(folder: &Path, name: &str) -> String {
    folder.join(name).display().to_string()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn the_seed_refresh_token_script_prints_a_refresh_token_in_the_simulation() {
    let (_dir, folder) = rendered("specs/seed-books.yaml");
    let (code, out, err) = run(&["run", &script(&folder, "02-refresh-token.dg"), "--simulate"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("→ POST https://accounts.zoho.com/oauth/v2/token"),
        "{out}"
    );
    assert!(
        out.contains("info  Refresh token (keep it safe; put it in auth.refresh_token): 1000.simr"),
        "{out}"
    );
    // The request log hides the client secret, by value and by name.
    assert!(
        !out.contains("aaaabbbbccccddddeeeeffff111122223333444455"),
        "{out}"
    );
    assert!(out.contains("form client_secret=<redacted>"), "{out}");
    assert!(out.contains("form code=<redacted>"), "{out}");
}

#[test]
fn the_eleventh_inline_access_token_in_ten_minutes_sees_access_denied() {
    let (dir, folder) = rendered("specs/seed-books.yaml");
    let state = dir.path().join("zoho.json").display().to_string();
    let access = script(&folder, "03-access-token.dg");
    for minute in 0..10 {
        let now = format!("2026-01-05 09:{minute:02}:00");
        let (code, out, err) = run(&[
            "run",
            &access,
            "--simulate",
            "--state",
            &state,
            "--now",
            &now,
        ]);
        assert_eq!(code, 0, "{err}");
        assert!(
            out.contains("info  Access token: 1000.sima"),
            "run {minute}: {out}"
        );
    }
    let (code, out, _) = run(&[
        "run",
        &access,
        "--simulate",
        "--state",
        &state,
        "--now",
        "2026-01-05 09:09:59",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("info  No access token. Zoho answered:"),
        "{out}"
    );
    assert!(out.contains("\"error\":\"Access Denied\""), "{out}");
    // Ten minutes after the first, Zoho mints again.
    let (_, out, _) = run(&[
        "run",
        &access,
        "--simulate",
        "--state",
        &state,
        "--now",
        "2026-01-05 09:10:00",
    ]);
    assert!(out.contains("info  Access token: 1000.sima"), "{out}");
}

#[test]
fn a_store_backed_access_token_function_mints_one_token_for_many_runs() {
    let (dir, folder) = rendered("specs/creator-token-store.yaml");
    let seed = write(
        dir.path(),
        "seed.yaml",
        "forms:\n  delugen_tokens:\n    - {Spec: cedar-visits, Client_Secret: cedar-secret-1234, Refresh_Token: 1000.cedar.refresh, Access_Token: \"\", Token_Expiry: \"\"}\n",
    );
    let state = dir.path().join("zoho.json").display().to_string();
    let access = script(&folder, "03-access-token.dg");
    let (code, first, err) = run(&[
        "run",
        &access,
        "--simulate",
        "--seed",
        &seed,
        "--state",
        &state,
        "--now",
        "2026-01-05 09:00:00",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        first
            .matches("→ POST https://accounts.zoho.com/oauth/v2/token")
            .count(),
        1,
        "{first}"
    );
    let token = first
        .lines()
        .find(|l| l.starts_with("return "))
        .unwrap()
        .to_string();
    for minute in 1..11 {
        let now = format!("2026-01-05 09:{minute:02}:30");
        let (code, out, err) = run(&[
            "run",
            &access,
            "--simulate",
            "--state",
            &state,
            "--now",
            &now,
        ]);
        assert_eq!(code, 0, "{err}");
        assert!(!out.contains("→ POST"), "run {minute} minted again: {out}");
        assert_eq!(out.lines().last().unwrap(), token);
    }
    // The request script takes the stored token through the function.
    let (code, out, err) = run(&[
        "run",
        &script(&folder, "add-visit.dg"),
        "--function",
        &access,
        "--arg",
        "patient=Ada Lovelace",
        "--arg",
        "visit_day=2026-01-05",
        "--simulate",
        "--state",
        &state,
        "--now",
        "2026-01-05 09:20:00",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("oauth/v2/token"), "{out}");
    assert!(out.contains("\"Visit_Date\":\"05-Jan-2026\""), "{out}");
    assert!(out.contains("info  Done: record "), "{out}");
}

#[test]
fn an_invented_task_stops_the_run_with_exit_2_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "x.dg",
        "v = 1;\nr = zoho.foo.bar(\"Leads\", v);\ninfo r;\n",
    );
    let (code, out, err) = run(&["run", &file, "--simulate"]);
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert_eq!(
        err,
        format!("{file}:2:5: delugen run does not support zoho.foo.bar()\n")
    );
}

#[test]
fn an_answers_file_answers_by_method_and_url_and_names_an_unanswered_request() {
    let dir = tempfile::tempdir().unwrap();
    let answers = write(
        dir.path(),
        "answers.yaml",
        "answers:\n  - method: GET\n    url: https://www.zohoapis.com/crm/v8/Leads/*\n    status: 200\n    body: {data: [{id: \"42\", Last_Name: Lovelace}]}\n",
    );
    let file = write(
        dir.path(),
        "read.dg",
        "r = invokeurl\n[\n\turl: \"https://www.zohoapis.com/crm/v8/Leads/42\"\n\ttype: GET\n\tconnection: \"crm\"\n];\ninfo r.get(\"data\").get(0).get(\"Last_Name\");\nr2 = invokeurl\n[\n\turl: \"https://www.zohoapis.com/crm/v8/Deals/7\"\n\ttype: DELETE\n\tconnection: \"crm\"\n];\n",
    );
    let (code, out, err) = run(&["run", &file, "--answers", &answers]);
    assert_eq!(code, 2);
    assert!(out.contains("info  Lovelace"), "{out}");
    assert!(
        err.contains(&format!(
            "{file}:8:6: {answers} has no answer for DELETE https://www.zohoapis.com/crm/v8/Deals/7"
        )),
        "{err}"
    );
}

#[test]
fn a_bad_answers_file_is_refused_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let answers = write(
        dir.path(),
        "answers.yaml",
        "answers:\n  - method: GET\n    uri: x\n",
    );
    let file = write(dir.path(), "x.dg", "info 1;\n");
    let (code, _, err) = run(&["run", &file, "--answers", &answers]);
    assert_eq!(code, 2);
    assert!(err.starts_with(&format!("error: {answers}:3:")), "{err}");
    assert!(err.contains("uri"), "{err}");
}

#[test]
fn without_answers_every_request_is_shown_and_answered_with_an_error() {
    let (_dir, folder) = rendered("specs/crm-leads.yaml");
    let (code, out, _) = run(&["run", &script(&folder, "create-lead.dg")]);
    assert_eq!(code, 0);
    assert!(
        out.contains("→ POST https://accounts.zoho.eu/oauth/v2/token"),
        "{out}"
    );
    assert!(out.contains("← 599 (not sent)"), "{out}");
    assert!(
        out.contains("info  No access token. Zoho answered:"),
        "{out}"
    );
}

#[test]
fn json_output_holds_info_return_requests_and_mails() {
    let (_dir, folder) = rendered("specs/crm-lead-lookup.yaml");
    let (code, out, err) = run(&[
        "run",
        &script(&folder, "mark-lead-contacted.dg"),
        "--arg",
        "lead_id=4150868000000224005",
        "--simulate",
        "--format",
        "json",
        "--now",
        "2026-01-05 09:00:00",
    ]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["info", "return", "requests", "mails"]);
    let request = &json["requests"][0];
    assert_eq!(request["method"], "PUT");
    assert_eq!(
        request["url"],
        "https://www.zohoapis.com/crm/v8/Leads/4150868000000224005"
    );
    assert_eq!(request["body"]["data"][0]["Lead_Status"], "Contacted");
    // The record does not exist in an empty simulation: Zoho's refusal is read and reported.
    assert_eq!(request["answer"]["body"]["data"][0]["code"], "INVALID_DATA");
    assert_eq!(json["return"], "");
    assert!(
        json["info"][0]
            .as_str()
            .unwrap()
            .starts_with("Zoho CRM refused the request: INVALID_DATA")
    );
}

#[test]
fn a_function_body_needs_its_arguments_and_says_which() {
    let (_dir, folder) = rendered("specs/crm-lead-lookup.yaml");
    let (code, _, err) = run(&["run", &script(&folder, "read-lead.dg"), "--simulate"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("standalone.read_lead takes lead_id (Int): give it with --arg lead_id=VALUE"),
        "{err}"
    );
    let (code, _, err) = run(&[
        "run",
        &script(&folder, "read-lead.dg"),
        "--simulate",
        "--arg",
        "lead_id=abc",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--arg lead_id: the argument is TEXT, not Int"),
        "{err}"
    );
}

#[test]
fn a_seeded_record_is_found_by_a_search() {
    let (dir, folder) = rendered("specs/crm-lead-lookup.yaml");
    let seed = write(
        dir.path(),
        "seed.yaml",
        "crm:\n  Leads:\n    - {id: \"111\", Email: ana@harbor.example, Lead_Status: Not Contacted (new), Last_Name: Ana}\n    - {id: \"222\", Email: bo@harbor.example, Lead_Status: Contacted, Last_Name: Bo}\n",
    );
    let args = write(
        dir.path(),
        "args.json",
        "{\"email\": \"ana@harbor.example\"}",
    );
    let (code, out, err) = run(&[
        "run",
        &script(&folder, "find-open-leads-by-email.dg"),
        "--args",
        &args,
        "--simulate",
        "--seed",
        &seed,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("info  Found 1 records"), "{out}");
    assert!(out.contains("\"id\":\"111\""), "{out}");
}

#[test]
fn a_deluge_error_is_exit_1_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "x.dg",
        "l = List();\ninfo \"before\";\nx = l.get(0);\n",
    );
    let (code, out, err) = run(&["run", &file]);
    assert_eq!(code, 1);
    assert_eq!(out, "info  before\n");
    assert_eq!(
        err,
        format!("{file}:3:6: error: list index 0 is out of range (the list has 0 elements)\n")
    );
}

#[test]
fn a_bad_clock_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "x.dg", "info zoho.currenttime;\n");
    let (code, _, err) = run(&["run", &file, "--now", "yesterday"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--now \"yesterday\" is not a date-time"),
        "{err}"
    );
    let (code, out, _) = run(&["run", &file, "--now", "2026-01-05T09:00:00"]);
    assert_eq!(code, 0);
    assert_eq!(out, "info  05-Jan-2026 09:00:00\n");
}

#[test]
fn seed_and_state_need_the_simulation_and_answers_exclude_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "x.dg", "info 1;\n");
    let (code, _, err) = run(&["run", &file, "--state", "zoho.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("--simulate"), "{err}");
    let (code, _, err) = run(&["run", &file, "--simulate", "--answers", "a.yaml"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot be used with"), "{err}");
    let seed = write(dir.path(), "seed.yaml", "crm:\n  Leads: 5\n");
    let (code, _, err) = run(&["run", &file, "--simulate", "--seed", &seed]);
    assert_eq!(code, 2);
    assert!(err.starts_with(&format!("error: {seed}:2:")), "{err}");
}
