//! `delugen lint`: check Deluge files (or stdin) for syntax errors and known pitfalls.

use std::io::Write;

use serde::Serialize;

use crate::cli::{LintArgs, LintFormat};
use crate::deluge::lexer::Pos;
use crate::deluge::lint::{self, Outcome, Severity};
use crate::exit;
use crate::output::colour::{Colour, paint_report};
use crate::redact::Redactor;

/// One line of a report, also the JSON shape.
#[derive(Serialize)]
struct Entry<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    rule: &'a str,
    code: &'a str,
    severity: &'a str,
    message: &'a str,
    prevents: Option<&'a str>,
    fix: Option<&'a str>,
}

/// The largest script `lint` reads: the size at which the output folder stops reading a
/// file too. Deployed functions are kilobytes; Zoho documents no editor limit to follow.
pub const MAX_LINT_BYTES: u64 = 16 * 1024 * 1024;

pub fn run(args: &LintArgs, colour: Colour, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut status = exit::SUCCESS;
    let mut json = Vec::new();
    let mut tally = Tally::default();
    for file in &args.files {
        let shown = file.display().to_string();
        // Capped like specs, and only a regular file: `/dev/zero` or a named pipe would
        // never end.
        let source = if shown == "-" {
            crate::source_file::read_capped(std::io::stdin().lock(), MAX_LINT_BYTES, 0)
        } else {
            crate::source_file::read(file, MAX_LINT_BYTES)
        }
        .and_then(|bytes| {
            String::from_utf8(bytes).map_err(|_| {
                crate::source_file::SourceError::Io(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "it is not UTF-8 text",
                ))
            })
        });
        let source = match source {
            Ok(source) => source,
            Err(error) => {
                let _ = writeln!(
                    err,
                    "error: cannot read {}: {error}",
                    crate::shown::file(&shown)
                );
                status = exit::ERROR;
                continue;
            }
        };
        let shown = if shown == "-" {
            "<stdin>".to_string()
        } else {
            shown
        };
        let outcome = lint::lint(&source);
        tally.add(&outcome);
        if !outcome.is_clean() && status == exit::SUCCESS {
            status = exit::FOUND;
        }
        let entries: Vec<Entry> = match &outcome {
            Outcome::Syntax(error) => vec![Entry {
                file: &shown,
                line: error.pos.line,
                column: error.pos.column,
                rule: "syntax",
                code: "DG000",
                severity: "error",
                message: &error.message,
                prevents: None,
                fix: None,
            }],
            Outcome::Findings(findings) => findings
                .iter()
                .map(|f| Entry {
                    file: &shown,
                    line: f.pos.line,
                    column: f.pos.column,
                    rule: f.rule.name,
                    code: f.rule.code,
                    severity: match f.rule.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                    },
                    message: &f.message,
                    prevents: Some(f.rule.prevents),
                    fix: Some(f.rule.fix),
                })
                .collect(),
        };
        match args.format {
            LintFormat::Json => json.extend(
                entries
                    .into_iter()
                    .map(|e| serde_json::to_value(e).unwrap_or_default()),
            ),
            LintFormat::Human => {
                // One index of lines per file, so a report costs the same per finding
                // however long the file is.
                let lines: Vec<&str> = source.lines().collect();
                for entry in &entries {
                    let _ = write!(
                        out,
                        "{}",
                        paint_report(&human(entry, &lines), colour.stdout)
                    );
                }
            }
        }
    }
    if args.format == LintFormat::Json {
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&json).unwrap_or_default()
        );
    }
    if status != exit::ERROR && !args.quiet {
        let _ = writeln!(err, "{}", tally.summary());
    }
    status
}

/// What linting found across files, for the summary line on stderr.
#[derive(Debug, Default)]
struct Tally {
    files: usize,
    errors: usize,
    warnings: usize,
}

impl Tally {
    fn add(&mut self, outcome: &Outcome) {
        self.files += 1;
        match outcome {
            Outcome::Syntax(_) => self.errors += 1,
            Outcome::Findings(findings) => {
                for finding in findings {
                    match finding.rule.severity {
                        Severity::Error => self.errors += 1,
                        Severity::Warning => self.warnings += 1,
                    }
                }
            }
        }
    }

    /// `3 files checked, no findings`, or how many errors and warnings.
    fn summary(&self) -> String {
        let plural = |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
        let checked = format!("{} checked", plural(self.files, "file"));
        match (self.errors, self.warnings) {
            (0, 0) => format!("{checked}, no findings"),
            (errors, 0) => format!("{checked}: {}", plural(errors, "error")),
            (0, warnings) => format!("{checked}: {}", plural(warnings, "warning")),
            (errors, warnings) => format!(
                "{checked}: {}, {}",
                plural(errors, "error"),
                plural(warnings, "warning")
            ),
        }
    }
}

/// A compiler-style report pointing at the line. The quoted line never shows a value
/// assigned or put under a secret-looking name: the literal-secret rule points at a
/// secret without repeating it.
fn human(entry: &Entry, lines: &[&str]) -> String {
    let pos = Pos {
        line: entry.line,
        column: entry.column,
    };
    let mut text = format!(
        "{}:{pos}: {}[{} {}]: {}\n",
        crate::shown::file(entry.file),
        entry.severity,
        entry.code,
        entry.rule,
        crate::shown::message(entry.message)
    );
    if let Some(line) = lines.get(entry.line.saturating_sub(1)) {
        let pad = " ".repeat(entry.line.to_string().len());
        let line = Redactor::default().redact(line);
        text.push_str(&crate::spec::excerpt(&line, entry.line, entry.column));
        if let Some(prevents) = entry.prevents {
            text.push_str(&format!("{pad} = prevents: {prevents}\n"));
        }
        if let Some(fix) = entry.fix {
            text.push_str(&format!("{pad} = fix: {fix}\n"));
        }
    }
    text
}
