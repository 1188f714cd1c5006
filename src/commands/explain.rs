//! `delugen explain`: what a Zoho error answer means and how to fix it.

use std::io::{Read, Write};

use crate::cli::ExplainArgs;
use crate::exit;
use crate::zoho::errors::{self, Reading};

pub fn run(args: &ExplainArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let text = match args.answer.as_deref() {
        Some(text) if text != "-" => text.to_string(),
        _ => {
            let mut text = String::new();
            if let Err(error) = std::io::stdin().read_to_string(&mut text) {
                let _ = writeln!(err, "error: cannot read standard input: {error}");
                return exit::ERROR;
            }
            text
        }
    };
    let answer: serde_json::Value = match serde_json::from_str(text.trim()) {
        Ok(answer) => answer,
        Err(error) => {
            let _ = writeln!(err, "error: the answer is not JSON ({error})");
            let _ = writeln!(
                err,
                "  = help: paste Zoho's whole answer, e.g. delugen explain '{{\"error\":\"invalid_code\"}}'"
            );
            return exit::ERROR;
        }
    };
    let mut status = exit::SUCCESS;
    for reading in errors::read(&answer) {
        match reading {
            Reading::Known { entry, detail } => {
                let _ = writeln!(out, "{}: {}", entry.id, entry.answer);
                if let Some(detail) = detail {
                    let _ = writeln!(out, "  detail: {detail}");
                }
                let _ = writeln!(out, "  cause: {}", entry.cause);
                let _ = writeln!(out, "  fix: {}", entry.fix);
            }
            Reading::Success(what) => {
                let _ = writeln!(out, "not an error: {what}");
            }
            Reading::Unknown(what) => {
                status = exit::FOUND;
                let _ = writeln!(out, "not in delugen's catalogue: {what}");
                let _ = writeln!(
                    out,
                    "  = help: `delugen explain --list` shows the answers it knows"
                );
            }
        }
    }
    status
}

/// `delugen explain --list`
pub fn list(out: &mut dyn Write) -> u8 {
    for entry in &errors::CATALOGUE {
        let _ = writeln!(
            out,
            "{}: {}\n  cause: {}\n  fix: {}",
            entry.id, entry.answer, entry.cause, entry.fix
        );
    }
    exit::SUCCESS
}
