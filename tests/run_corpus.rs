//! The Deluge corpus of tests/fixtures/deluge/ runs without a crash: each script either
//! runs to its end, stops with a Deluge error, or stops naming what `delugen run` does not
//! support (`delugen run does not support X`), never with a guessed value.

use std::path::PathBuf;

use delugen::run::simulate::Zoho;
use delugen::run::{Program, Stop, execute};

fn corpus() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for folder in [
        "tests/fixtures/deluge/valid",
        "tests/fixtures/deluge/invalid",
    ] {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "dg") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_corpus_script_that_parses_runs_without_a_crash() {
    let mut report = Vec::new();
    for path in corpus() {
        let source = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Ok(program) = Program::parse(&name, &source) else {
            continue;
        };
        // Every parameter the script declares gets a text value; snippets get none.
        let args: Vec<(String, delugen::run::Value)> = program
            .signature
            .iter()
            .flat_map(|s| s.params.iter())
            .map(|(_, n)| (n.clone(), delugen::run::Value::text("1")))
            .collect();
        let outcome = execute(&program, &[], &args, 0, &mut Zoho::default());
        let end = match &outcome.stop {
            None => "ran to its end".to_string(),
            Some(stop @ Stop::Unsupported { .. }) => {
                assert!(stop.message().starts_with("delugen run does not support "));
                format!("{}: {}", stop.pos(), stop.message())
            }
            Some(stop) => format!("{}: {}", stop.pos(), stop.message()),
        };
        report.push(format!("{name}: {end}"));
    }
    insta::assert_snapshot!("run_corpus", report.join("\n"));
}
