//! `delugen run` and `delugen test`: Deluge executed on the consultant's machine. The
//! interpreter (`eval`) walks the parser's AST over Deluge values (`value`, `time`) with
//! the built-ins of one table (`builtins`); everything the script reaches outside itself
//! goes through one [`http::Http`]: an answers file, the simulated Zoho (`simulate`), or
//! nothing at all.

pub mod builtins;
pub mod eval;
pub mod http;
pub mod simulate;
pub mod tasks;
pub mod time;
pub mod value;

pub use eval::{Interpreter, Stop};
pub use value::Value;

use std::collections::HashMap;

use crate::deluge::ast::{FunctionHeader, Script};
use crate::deluge::lexer::Pos;
use eval::{Event, Exchange};
use http::{Http, Mail};

/// What a run did, whether it ran to its end or stopped.
pub struct Outcome {
    pub events: Vec<Event>,
    pub info: Vec<String>,
    pub exchanges: Vec<Exchange>,
    pub mails: Vec<Mail>,
    /// The value of `return` (None when the script returned nothing).
    pub returned: Option<Value>,
    pub stop: Option<Stop>,
}

/// A script ready to run: parsed, with the function it is (its own header, or the one
/// delugen's header comment names for a function body).
pub struct Program {
    pub file: String,
    pub script: Script,
    pub signature: Option<FunctionHeader>,
}

impl Program {
    pub fn parse(file: &str, source: &str) -> Result<Program, crate::deluge::SyntaxError> {
        let (script, _) = crate::deluge::parse(source)?;
        let signature = script
            .header
            .clone()
            .or_else(|| commented_signature(source));
        Ok(Program {
            file: file.to_string(),
            script,
            signature,
        })
    }

    /// The function this script is callable as, by other scripts (`thisapp.ns.fn()`).
    pub fn define_in(&self, run: &mut Interpreter) {
        if self.script.header.is_some() {
            run.define(&self.script, &self.file);
        } else if let Some(signature) = &self.signature {
            run.define_function(signature.clone(), self.script.body.clone(), &self.file);
        }
    }
}

/// delugen's header comment of a function body: the line after "paste this as the body
/// of", `//   string standalone.update_deal(Int deal_id)`.
pub fn commented_signature(source: &str) -> Option<FunctionHeader> {
    let mut lines = source.lines();
    lines.find(|line| {
        line.starts_with("//") && line.trim_end().ends_with("paste this as the body of")
    })?;
    let line = lines.next()?.strip_prefix("//")?.trim();
    let (script, _) = crate::deluge::parse(&format!("{line}\n{{\n}}")).ok()?;
    script.header
}

/// Runs `program` against `http` at `now` with `args` for its parameters (a function) or
/// as variables (a bare snippet). `library` holds other scripts it may call.
pub fn execute(
    program: &Program,
    library: &[Program],
    args: &[(String, Value)],
    now: i64,
    http: &mut dyn Http,
) -> Outcome {
    let mut run = Interpreter::new(http, now);
    for other in library {
        other.define_in(&mut run);
    }
    if program.script.header.is_some() {
        run.define(&program.script, &program.file);
    }
    let result = start(&mut run, program, args);
    let (returned, stop) = match result {
        Ok(value) => (value, None),
        Err(stop) => (None, Some(stop)),
    };
    Outcome {
        events: run.events,
        info: run.info,
        exchanges: run.exchanges,
        mails: run.mails,
        returned,
        stop,
    }
}

fn start(
    run: &mut Interpreter,
    program: &Program,
    args: &[(String, Value)],
) -> Result<Option<Value>, Stop> {
    let at = Pos { line: 1, column: 1 };
    let given: HashMap<String, Value> = args.iter().cloned().collect();
    let Some(signature) = &program.signature else {
        return run.run_body(&program.script.body, given);
    };
    let mut bound = HashMap::new();
    let mut values = Vec::new();
    for (kind, name) in &signature.params {
        let Some(value) = given.get(name) else {
            return Err(Stop::Fatal {
                pos: at,
                message: format!(
                    "{} takes {name} ({kind}): give it with --arg {name}=VALUE or --args FILE",
                    signature.name
                ),
            });
        };
        let value =
            eval::convert_argument(kind, value.clone(), at).map_err(|stop| Stop::Fatal {
                pos: at,
                message: format!(
                    "--arg {name}: {}",
                    stop.message().trim_start_matches("error: ")
                ),
            })?;
        bound.insert(name.clone(), value.clone());
        values.push(value);
    }
    if let Some(unknown) = args.iter().find(|(name, _)| !bound.contains_key(name)) {
        return Err(Stop::Fatal {
            pos: at,
            message: format!(
                "{} has no parameter {}; it takes {}",
                signature.name,
                unknown.0,
                if signature.params.is_empty() {
                    "none".to_string()
                } else {
                    signature
                        .params
                        .iter()
                        .map(|(_, n)| n.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            ),
        });
    }
    if program.script.header.is_some() {
        let function = run
            .functions
            .get(&signature.name.to_ascii_lowercase())
            .cloned()
            .ok_or_else(|| Stop::error(at, "the file's first function is missing"))?;
        return run.call_function(&function, values, at).map(Some);
    }
    let returned = run.run_body(&program.script.body, bound)?;
    Ok(returned)
}

/// A value written on the command line: JSON when it reads as JSON (a number, a Map, a
/// List, true, false, null, "quoted text"), otherwise the text as written.
pub fn value_from_argument(text: &str) -> Value {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(json) => Value::from_json(&json),
        Err(_) => Value::text(text),
    }
}
