//! `delugen run FILE.dg`: executes a script on this machine and shows what it printed,
//! what it sent (secrets redacted), the mails it wrote and what it returned.

use std::io::Write;
use std::path::Path;

use serde_json::json;

use crate::cli::{RunArgs, RunFormat};
use crate::exit;
use crate::redact::Redactor;
use crate::run::eval::Event;
use crate::run::http::{AnswersFile, Http, Refusing, redact_json, redacted};
use crate::run::simulate::Zoho;
use crate::run::{Outcome, Program, Stop, Value, execute, time, value_from_argument};

pub fn run(args: &RunArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match prepare_and_run(args, out, err) {
        Ok(code) => code,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            exit::ERROR
        }
    }
}

/// A script, answers, seed, arguments or state file: a regular file only, capped as lint
/// caps a script (a pipe or device would never end), and valid UTF-8.
fn read(path: &Path) -> Result<String, String> {
    let shown = crate::shown::path(path);
    let bytes = crate::source_file::read(path, crate::commands::lint::MAX_LINT_BYTES)
        .map_err(|e| format!("cannot read {shown}: {e}"))?;
    String::from_utf8(bytes).map_err(|_| format!("cannot read {shown}: it is not UTF-8 text"))
}

/// Writes the simulation's state atomically, next to where the user asked (mode 0600:
/// it holds the tokens the simulation handed out).
fn save_state(path: &Path, text: &str) -> Result<(), String> {
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| "the state file needs a file name".to_string())?;
    let folder = crate::output::folder::Folder::open_output(parent)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| "its folder does not exist".to_string())?;
    folder
        .write_atomic(name, text.as_bytes(), true)
        .map_err(|e| e.to_string())
}

/// `--now`, or the machine's clock (UTC) when it is not given.
pub fn clock(now: Option<&str>) -> Result<i64, String> {
    match now {
        Some(text) => time::parse_default(text).map(|(secs, _)| secs).ok_or_else(|| {
            format!(
                "--now {text:?} is not a date-time; expected yyyy-MM-dd HH:mm:ss (or dd-MMM-yyyy HH:mm:ss)"
            )
        }),
        None => Ok(std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)),
    }
}

fn prepare_and_run(args: &RunArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, String> {
    let shown = crate::shown::path(&args.file);
    let source = read(&args.file)?;
    let program = match Program::parse(&shown, &source) {
        Ok(program) => program,
        Err(error) => {
            let _ = writeln!(err, "{shown}:{error}");
            return Ok(exit::ERROR);
        }
    };
    let mut library = Vec::new();
    for path in &args.function {
        let text = read(path)?;
        let name = crate::shown::path(path);
        let other = Program::parse(&name, &text).map_err(|e| format!("{name}:{e}"))?;
        if other.signature.is_none() {
            return Err(format!(
                "{name} defines no function: --function takes a file with a function header, or a script delugen wrote for a function"
            ));
        }
        library.push(other);
    }
    let mut values: Vec<(String, Value)> = Vec::new();
    if let Some(path) = &args.args {
        let text = read(path)?;
        let json: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| format!("{}: not JSON: {e}", crate::shown::path(path)))?;
        let serde_json::Value::Object(entries) = json else {
            return Err(format!(
                "{}: expected a JSON object of argument name to value",
                crate::shown::path(path)
            ));
        };
        values.extend(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), Value::from_json(v))),
        );
    }
    for pair in &args.arg {
        let Some((name, value)) = pair.split_once('=') else {
            return Err(format!("--arg {pair:?}: expected name=value"));
        };
        values.retain(|(n, _)| n != name);
        values.push((name.to_string(), value_from_argument(value)));
    }
    let now = clock(args.now.as_deref())?;

    let mut simulated = Zoho::default();
    let mut answers;
    let mut refusing = Refusing;
    let http: &mut dyn Http = if args.simulate {
        if let Some(state) = &args.state
            && state.exists()
        {
            simulated = Zoho::load_state(&read(state)?).map_err(|e| {
                format!(
                    "{}: not a state file delugen wrote: {e}",
                    crate::shown::path(state)
                )
            })?;
        }
        if let Some(seed) = &args.seed {
            let text = read(seed)?;
            simulated
                .seed(&text)
                .map_err(|e| format!("{}:{e}", crate::shown::path(seed)))?;
        }
        simulated.home = Some(args.region);
        &mut simulated
    } else if let Some(path) = &args.answers {
        let text = read(path)?;
        answers = AnswersFile {
            file: crate::shown::path(path),
            answers: crate::spec::read_yaml::<crate::run::http::AnswersList>(&text).map_err(|e| {
                let at = e
                    .location
                    .map(|(l, c)| format!("{l}:{c}: "))
                    .unwrap_or_default();
                format!(
                    "{}:{at}{} (an answers file holds `answers:`, a list of {{method, url, status, headers, body}})",
                    crate::shown::path(path),
                    e.problem.message
                )
            })?
            .answers,
        };
        &mut answers
    } else {
        &mut refusing
    };
    let source_name = http.source();
    let outcome = execute(&program, &library, &values, now, http);
    if args.simulate
        && let Some(state) = &args.state
    {
        save_state(state, &simulated.save_state())
            .map_err(|e| format!("cannot write {}: {e}", crate::shown::path(state)))?;
    }
    let redactor = log_redactor(&outcome, &[]);
    match args.format {
        RunFormat::Json => {
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&outcome_json(&outcome, &redactor))
                    .unwrap_or_default()
            );
        }
        RunFormat::Human => print_human(&outcome, &redactor, source_name, out),
    }
    Ok(match &outcome.stop {
        None => exit::SUCCESS,
        Some(stop) => {
            let _ = writeln!(err, "{shown}:{}: {}", stop.pos(), stop.message());
            match stop {
                Stop::Error { .. } => exit::FOUND,
                _ => exit::ERROR,
            }
        }
    })
}

/// The redaction of a run's request log: `secrets` (a spec's) and every token Zoho's
/// answers handed out, by value, wherever the script sends it next (a store, a header).
pub fn log_redactor(outcome: &Outcome, secrets: &[String]) -> Redactor {
    let mut values: Vec<String> = secrets.to_vec();
    for exchange in &outcome.exchanges {
        if let Ok(serde_json::Value::Object(answer)) =
            serde_json::from_str::<serde_json::Value>(&exchange.response.body)
        {
            for key in ["access_token", "refresh_token"] {
                if let Some(token) = answer.get(key).and_then(|t| t.as_str()) {
                    values.push(token.to_string());
                }
            }
        }
    }
    Redactor::new(values.iter().map(String::as_str))
}

/// `{info, return, requests, mails}` (and `stopped` when the run did not reach its end).
pub fn outcome_json(outcome: &Outcome, redactor: &Redactor) -> serde_json::Value {
    let requests: Vec<serde_json::Value> = outcome
        .exchanges
        .iter()
        .map(|exchange| {
            let request = redacted(&exchange.request, redactor);
            let mut value = serde_json::to_value(&request).unwrap_or_default();
            if let Some(body) = request.json_body()
                && let Some(entries) = value.as_object_mut()
            {
                entries.insert("body".into(), body);
            }
            let mut answer = crate::run::eval::parse_answer(&exchange.response.body).to_json();
            redact_json(&mut answer, redactor);
            if let Some(entries) = value.as_object_mut() {
                entries.insert("at".into(), exchange.at.clone().into());
                entries.insert(
                    "answer".into(),
                    json!({"status": exchange.response.status, "body": answer}),
                );
            }
            value
        })
        .collect();
    let mut result = json!({
        "info": outcome.info,
        "return": outcome.returned.as_ref().map_or(serde_json::Value::Null, Value::to_json),
        "requests": requests,
        "mails": outcome.mails,
    });
    if let Some(stop) = &outcome.stop
        && let Some(entries) = result.as_object_mut()
    {
        entries.insert(
            "stopped".into(),
            json!({"line": stop.pos().line, "column": stop.pos().column, "message": stop.message()}),
        );
    }
    result
}

fn print_human(outcome: &Outcome, redactor: &Redactor, source: &str, out: &mut dyn Write) {
    for event in &outcome.events {
        match event {
            Event::Info(line) => {
                let _ = writeln!(out, "info  {line}");
            }
            Event::Request(index) => {
                let exchange = &outcome.exchanges[*index];
                let request = redacted(&exchange.request, redactor);
                let _ = writeln!(out, "→ {}", request.line());
                if let Some(connection) = &request.connection {
                    let _ = writeln!(out, "    connection: {connection}");
                }
                for (name, value) in &request.headers {
                    let _ = writeln!(out, "    header {name}: {value}");
                }
                if let Some(form) = &request.form {
                    for (name, value) in form {
                        let _ = writeln!(out, "    form {name}={value}");
                    }
                }
                if let Some(body) = &request.body {
                    let _ = writeln!(out, "    body {body}");
                }
                let mut answer = crate::run::eval::parse_answer(&exchange.response.body).to_json();
                redact_json(&mut answer, redactor);
                let shown = match answer {
                    serde_json::Value::String(text) if text.is_empty() => "(no body)".to_string(),
                    serde_json::Value::String(text) => text,
                    other => other.to_string(),
                };
                let _ = writeln!(out, "← {} ({source}) {shown}", exchange.response.status);
            }
            Event::Mail(index) => {
                let mail = &outcome.mails[*index];
                let _ = writeln!(
                    out,
                    "mail  from {} to {}: {}",
                    mail.from,
                    mail.to.join(", "),
                    mail.subject
                );
            }
        }
    }
    if let Some(value) = &outcome.returned {
        let shown = match value {
            Value::Text(text) => serde_json::to_string(text).unwrap_or_default(),
            other => other.to_json().to_string(),
        };
        let _ = writeln!(out, "return {shown}");
    }
}
