//! The request log of every example spec under `delugen test`: what each script sends,
//! in order, with what the simulated Zoho answered (secrets redacted). A change to a
//! template that changes what a script sends shows up here as a diff of requests.

use delugen::commands::test::test_spec;
use delugen::render::Renderer;

/// The part of a run a reviewer reads: each request (method, address, headers, form or
/// body) with the answer's status, then the info lines and the returned value.
fn log_of(log: &serde_json::Value) -> serde_json::Value {
    let requests: Vec<serde_json::Value> = log["requests"]
        .as_array()
        .map(|requests| {
            requests
                .iter()
                .map(|r| {
                    let mut shown = r.clone();
                    if let Some(entries) = shown.as_object_mut() {
                        entries.remove("at");
                        let status = r["answer"]["status"].clone();
                        entries.insert("answer".into(), status);
                    }
                    shown
                })
                .collect()
        })
        .unwrap_or_default();
    serde_json::json!({
        "requests": requests,
        "info": log["info"],
        "return": log["return"],
        "mails": log["mails"],
    })
}

#[test]
fn request_logs_of_every_example_spec() {
    let renderer = Renderer::new(None).unwrap();
    let mut specs: Vec<_> = std::fs::read_dir("specs")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    for path in specs {
        let report = test_spec(&path, &renderer).unwrap_or_else(|d| panic!("{d:?}"));
        let mut text = String::new();
        for script in &report.scripts {
            assert!(
                script.failures.is_empty(),
                "{}: {:?}",
                script.file,
                script.failures
            );
            text.push_str(&format!(
                "== {}\n{}\n",
                script.file,
                serde_json::to_string_pretty(&log_of(&script.log)).unwrap()
            ));
        }
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(format!("requests_{name}"), text);
    }
}
