//! Problems found in a spec, and how they are shown: file, line and column, the field,
//! what was expected and a suggestion, with the offending line quoted like a compiler.

use std::fmt;

use crate::redact::{Redactor, looks_secret};
use crate::shown;

/// One step into the spec: a mapping key or a list position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// Where a value sits in the spec, as `requests[0].fields`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldPath(pub Vec<Segment>);

impl FieldPath {
    pub fn root() -> Self {
        FieldPath(Vec::new())
    }

    pub fn key(&self, key: &str) -> Self {
        let mut segments = self.0.clone();
        segments.push(Segment::Key(key.to_string()));
        FieldPath(segments)
    }

    pub fn index(&self, index: usize) -> Self {
        let mut segments = self.0.clone();
        segments.push(Segment::Index(index));
        FieldPath(segments)
    }

    /// The last key named, skipping list positions (`requests[0].method` → `method`).
    pub fn last_key(&self) -> Option<&str> {
        self.0.iter().rev().find_map(|segment| match segment {
            Segment::Key(key) => Some(key.as_str()),
            Segment::Index(_) => None,
        })
    }

    pub fn parent(&self) -> FieldPath {
        let mut segments = self.0.clone();
        segments.pop();
        FieldPath(segments)
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(top level)");
        }
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(key) if i == 0 => f.write_str(key)?,
                Segment::Key(key) => write!(f, ".{key}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// A rule a spec breaks, before it is placed in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: FieldPath,
    pub message: String,
    pub help: Option<String>,
}

impl Problem {
    pub fn new(path: FieldPath, message: impl Into<String>) -> Self {
        Problem {
            path,
            message: message.into(),
            help: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(shown::message(&help.into()));
        self
    }
}

/// An error stops the spec; a warning is printed and the spec is still rendered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Severity {
    #[default]
    Error,
    Warning,
}

/// A problem placed in its file, ready to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: String,
    /// 1-based line and column, where the YAML gives one.
    pub location: Option<(usize, usize)>,
    pub field: String,
    pub message: String,
    pub help: Option<String>,
    /// The source line the location points into.
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// Places `problem` in `source`. Nothing the redactor knows as a secret, and nothing
    /// under a secret-looking key, reaches the message, the help or the quoted line.
    pub fn place(
        problem: Problem,
        file: &str,
        source: &str,
        location: Option<(usize, usize)>,
        redactor: &Redactor,
    ) -> Self {
        let source_line = location
            .and_then(|(line, _)| source.lines().nth(line.saturating_sub(1)))
            .map(|line| redactor.redact(line));
        // A message about a secret field never repeats what was found there.
        let message = match problem.path.last_key() {
            Some(key) if looks_secret(key) => problem
                .message
                .split_once(", found")
                .map_or(problem.message.clone(), |(expected, _)| {
                    expected.to_string()
                }),
            _ => problem.message,
        };
        Diagnostic {
            severity: Severity::Error,
            file: file.to_string(),
            location,
            field: problem.path.to_string(),
            message: shown::message(&redactor.redact(&message)),
            help: problem
                .help
                .map(|help| shown::message(&redactor.redact(&help))),
            source_line,
        }
    }

    /// A problem with the file as a whole (cannot be read, not YAML at all).
    pub fn whole_file(file: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_string(),
            location: None,
            field: FieldPath::root().to_string(),
            message: shown::message(&message.into()),
            help: None,
            source_line: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(shown::message(&help.into()));
        self
    }

    /// The same problem, reported as a warning.
    pub fn as_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }
}

/// The source line with a caret under `column`, compiler style:
/// ```text
///   |
/// 4 | region: europe
///   |         ^
/// ```
pub fn excerpt(text: &str, line: usize, column: usize) -> String {
    let gutter = line.to_string();
    let pad = " ".repeat(gutter.len());
    // A long line is cut to a window around the column; control characters are shown
    // escaped, so the excerpt can neither flood nor drive the terminal.
    let chars: Vec<char> = text.chars().collect();
    let at = column.saturating_sub(1).min(chars.len());
    let start = at.saturating_sub(EXCERPT_WIDTH / 2);
    let end = (start + EXCERPT_WIDTH).min(chars.len());
    let mut shown = String::new();
    let mut lead = String::new();
    if start > 0 {
        shown.push('…');
        lead.push(' ');
    }
    for (i, &c) in chars[start..end].iter().enumerate() {
        let piece = match c {
            '\t' => "\t".to_string(),
            c if c.is_control() || is_bidi_control(c) => c.escape_unicode().to_string(),
            c => c.to_string(),
        };
        if start + i < at {
            // Tabs keep their width so the caret lines up under the column.
            lead.extend(piece.chars().map(|p| if p == '\t' { '\t' } else { ' ' }));
        }
        shown.push_str(&piece);
    }
    if end < chars.len() {
        shown.push('…');
    }
    format!("{pad} |\n{gutter} | {shown}\n{pad} | {lead}^\n")
}

/// How many characters of a line an excerpt shows at most.
const EXCERPT_WIDTH: usize = 100;

/// Characters that reorder the text around them on screen (right-to-left overrides and
/// isolates): shown escaped so an excerpt reads as the file does.
pub fn is_bidi_control(c: char) -> bool {
    crate::shown::is_bidi_control(c)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // Escaped here too: a message built elsewhere may quote a name as it is.
        writeln!(f, "{label}: {}", shown::escape(&self.message))?;
        let gutter = self
            .location
            .map(|(line, _)| line.to_string())
            .unwrap_or_default();
        let pad = " ".repeat(gutter.len().max(1));
        // A problem with the file as a whole names no field.
        let field = match self.field.as_str() {
            "" | "(top level)" => String::new(),
            field => format!(" (field {})", shown::value(field)),
        };
        match self.location {
            Some((line, column)) => {
                writeln!(
                    f,
                    "{pad}--> {}:{line}:{column}{field}",
                    shown::file(&self.file)
                )?;
                if let Some(text) = &self.source_line {
                    f.write_str(&excerpt(text, line, column))?;
                }
            }
            None => writeln!(f, "{pad}--> {}{field}", shown::file(&self.file))?,
        }
        if let Some(help) = &self.help {
            writeln!(f, "{pad} = help: {}", shown::escape(help))?;
        }
        Ok(())
    }
}
