//! `delugen explain`: what a Zoho error answer means and how to fix it.

use std::io::Write;

use crate::cli::ExplainArgs;
use crate::exit;
use crate::zoho::errors::{self, Reading};

/// The largest answer `explain` reads from standard input.
pub const MAX_ANSWER_BYTES: u64 = 1024 * 1024;

pub fn run(args: &ExplainArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let text = match args.answer.as_deref() {
        Some(text) if text != "-" => text.to_string(),
        _ => {
            // Zoho's answers are kilobytes: the cap keeps an endless stream from being
            // read until memory runs out.
            let read =
                crate::source_file::read_capped(std::io::stdin().lock(), MAX_ANSWER_BYTES, 0)
                    .and_then(|bytes| {
                        String::from_utf8(bytes).map_err(|_| {
                            crate::source_file::SourceError::Io(std::io::Error::new(
                                std::io::ErrorKind::InvalidData,
                                "it is not UTF-8 text",
                            ))
                        })
                    });
            match read {
                Ok(text) => text,
                Err(error) => {
                    let _ = writeln!(err, "error: cannot read standard input: {error}");
                    return exit::ERROR;
                }
            }
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
                    let _ = writeln!(out, "  detail: {}", crate::shown::message(&detail));
                }
                let _ = writeln!(out, "  cause: {}", entry.cause);
                let _ = writeln!(out, "  fix: {}", entry.fix);
            }
            Reading::Success(what) => {
                let _ = writeln!(out, "not an error: {}", crate::shown::message(&what));
            }
            Reading::Unknown(what) => {
                status = exit::FOUND;
                let _ = writeln!(
                    out,
                    "not in delugen's catalogue: {}",
                    crate::shown::message(&what)
                );
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
