//! The one colour decision of a run, made before anything is printed: help, clap's
//! errors, every line on stderr (diagnostics, refusals, warnings), diffs and lint reports
//! all follow it.

use std::ffi::OsString;
use std::io::Write;

use anstyle::{AnsiColor, Style};

/// `--color`: auto (a terminal, unless the environment says otherwise), always or never.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// Whether each stream gets colour.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Colour {
    pub stdout: bool,
    pub stderr: bool,
}

impl Colour {
    /// Decides for both streams. `--color always|never` wins over the environment; in
    /// `auto`, `NO_COLOR` (any non-empty value) turns colour off, then `CLICOLOR_FORCE`
    /// (non-empty, not `0`) turns it on, then `CLICOLOR=0` or `TERM=dumb` turn it off;
    /// otherwise a stream is coloured when it is a terminal. The same order as anstream
    /// and ripgrep, so delugen behaves like the tools next to it.
    pub fn decide(
        choice: ColorChoice,
        env: &dyn Fn(&str) -> Option<String>,
        stdout_is_terminal: bool,
        stderr_is_terminal: bool,
    ) -> Colour {
        let set = |name: &str| env(name).is_some_and(|value| !value.is_empty());
        let both = |on: bool| Colour {
            stdout: on,
            stderr: on,
        };
        match choice {
            ColorChoice::Always => both(true),
            ColorChoice::Never => both(false),
            ColorChoice::Auto if set("NO_COLOR") => both(false),
            ColorChoice::Auto
                if set("CLICOLOR_FORCE") && env("CLICOLOR_FORCE").as_deref() != Some("0") =>
            {
                both(true)
            }
            ColorChoice::Auto
                if env("CLICOLOR").as_deref() == Some("0")
                    || env("TERM").as_deref() == Some("dumb") =>
            {
                both(false)
            }
            ColorChoice::Auto => Colour {
                stdout: stdout_is_terminal,
                stderr: stderr_is_terminal,
            },
        }
    }

    /// The decision for a run: `--color` in its arguments, then `surroundings`.
    pub fn for_run(args: &[OsString], surroundings: &Surroundings) -> Colour {
        Colour::decide(
            choice_in(args),
            surroundings.env,
            surroundings.stdout_is_terminal,
            surroundings.stderr_is_terminal,
        )
    }
}

/// What `auto` looks at: whether the streams are terminals, and the environment.
pub struct Surroundings<'e> {
    pub stdout_is_terminal: bool,
    pub stderr_is_terminal: bool,
    pub env: &'e dyn Fn(&str) -> Option<String>,
}

fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

fn no_env(_: &str) -> Option<String> {
    None
}

impl Surroundings<'static> {
    /// This process's own stdout and stderr, and its environment.
    pub fn process() -> Self {
        use std::io::IsTerminal;
        Surroundings {
            stdout_is_terminal: std::io::stdout().is_terminal(),
            stderr_is_terminal: std::io::stderr().is_terminal(),
            env: &process_env,
        }
    }

    /// Streams in memory (tests, embedding): no terminal, and nothing in the environment
    /// decides colour, so only `--color always` colours.
    pub fn detached() -> Self {
        Surroundings {
            stdout_is_terminal: false,
            stderr_is_terminal: false,
            env: &no_env,
        }
    }
}

/// `--color` read from the raw arguments, so that even a clap error (printed before the
/// arguments are understood) follows it. The last one wins, as clap would have it; a
/// value clap will refuse counts as `auto` here.
pub fn choice_in(args: &[OsString]) -> ColorChoice {
    let mut choice = ColorChoice::Auto;
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        let value = match word.strip_prefix("--color") {
            Some("") => words.next().map(|w| w.into_owned()),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        };
        if let Some(value) = value {
            choice = match value.as_str() {
                "always" => ColorChoice::Always,
                "never" => ColorChoice::Never,
                _ => ColorChoice::Auto,
            };
        }
    }
    choice
}

// Styles shared by every coloured report.
pub const ERROR: Style = AnsiColor::Red.on_default().bold();
pub const WARNING: Style = AnsiColor::Yellow.on_default().bold();
pub const NOTE: Style = AnsiColor::Blue.on_default().bold();
pub const EMPHASIS: Style = Style::new().bold();

/// A compiler-style report (`error: ...`, ` --> file`, ` | line`, `^`, ` = help:`)
/// with its parts coloured; plain text passes through unchanged when `on` is false.
pub fn paint_report(text: &str, on: bool) -> String {
    if !on {
        return text.to_string();
    }
    let mut painted = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        // `error: ...`, or a lint report's `file:1:2: error[DG000 syntax]: ...`.
        let headline = [("error", ERROR), ("warning", WARNING)]
            .into_iter()
            .find_map(|(word, style)| {
                let at = if body.starts_with(word) {
                    0
                } else {
                    body.find(&format!(": {word}["))? + 2
                };
                let rest = &body[at + word.len()..];
                (rest.starts_with(':') || rest.starts_with('[')).then_some((
                    &body[..at],
                    word,
                    style,
                    rest,
                ))
            });
        if let Some((place, word, style, rest)) = headline {
            if !place.is_empty() {
                painted.push_str(&format!("{EMPHASIS}{place}{EMPHASIS:#}"));
            }
            painted.push_str(&format!(
                "{style}{word}{style:#}{EMPHASIS}{rest}{EMPHASIS:#}{end}"
            ));
            continue;
        }
        // The gutter: indentation, a line number perhaps, then `-->`, `|` or `=`.
        let after_number = body
            .trim_start()
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start();
        let mark = ["-->", "|", "="]
            .into_iter()
            .find(|mark| after_number.starts_with(mark));
        match mark {
            Some(mark) => {
                let at = body.len() - after_number.len() + mark.len();
                let (gutter, rest) = body.split_at(at);
                let caret =
                    rest.contains('^') && rest.chars().all(|c| c == '^' || c.is_whitespace());
                let rest = if caret {
                    format!("{ERROR}{rest}{ERROR:#}")
                } else {
                    rest.to_string()
                };
                painted.push_str(&format!("{NOTE}{gutter}{NOTE:#}{rest}{end}"));
            }
            None => painted.push_str(line),
        }
    }
    painted
}

/// Standard error as the user sees it: every complete line written through it is painted
/// as a report line (`error:`, `-->`, `|`, `= help:`), so each message of every command
/// follows the one colour decision. With colour off, bytes pass through untouched.
pub struct PaintedLines<'w> {
    inner: &'w mut dyn Write,
    on: bool,
    pending: Vec<u8>,
}

impl<'w> PaintedLines<'w> {
    pub fn new(inner: &'w mut dyn Write, on: bool) -> Self {
        PaintedLines {
            inner,
            on,
            pending: Vec::new(),
        }
    }

    fn paint(&mut self, line: &[u8]) -> std::io::Result<()> {
        let text = String::from_utf8_lossy(line);
        self.inner.write_all(paint_report(&text, true).as_bytes())
    }
}

impl Write for PaintedLines<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if !self.on {
            return self.inner.write(buf);
        }
        self.pending.extend_from_slice(buf);
        while let Some(end) = self.pending.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = self.pending.drain(..=end).collect();
            self.paint(&line)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.pending.is_empty() {
            let rest = std::mem::take(&mut self.pending);
            self.paint(&rest)?;
        }
        self.inner.flush()
    }
}

impl Drop for PaintedLines<'_> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn auto_follows_the_terminal_and_the_environment() {
        let on = Colour {
            stdout: true,
            stderr: true,
        };
        let off = Colour::default();
        let decide =
            |choice, env: &dyn Fn(&str) -> Option<String>| Colour::decide(choice, env, true, true);
        assert_eq!(decide(ColorChoice::Auto, &env_of(&[])), on);
        assert_eq!(
            decide(ColorChoice::Auto, &env_of(&[("NO_COLOR", "1")])),
            off
        );
        // An empty NO_COLOR does not count (no-color.org).
        assert_eq!(decide(ColorChoice::Auto, &env_of(&[("NO_COLOR", "")])), on);
        assert_eq!(decide(ColorChoice::Auto, &env_of(&[("TERM", "dumb")])), off);
        assert_eq!(
            decide(ColorChoice::Auto, &env_of(&[("CLICOLOR", "0")])),
            off
        );
        // NO_COLOR beats CLICOLOR_FORCE; the flag beats both.
        let both = env_of(&[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]);
        assert_eq!(decide(ColorChoice::Auto, &both), off);
        assert_eq!(decide(ColorChoice::Always, &both), on);
        assert_eq!(
            decide(ColorChoice::Never, &env_of(&[("CLICOLOR_FORCE", "1")])),
            off
        );
        // Pipes: no colour unless forced.
        let piped = Colour::decide(ColorChoice::Auto, &env_of(&[]), false, true);
        assert_eq!(
            piped,
            Colour {
                stdout: false,
                stderr: true
            }
        );
        let forced = Colour::decide(
            ColorChoice::Auto,
            &env_of(&[("CLICOLOR_FORCE", "1")]),
            false,
            false,
        );
        assert_eq!(forced, on);
    }

    #[test]
    fn the_flag_is_found_in_raw_arguments() {
        let args = |words: &[&str]| -> Vec<OsString> { words.iter().map(Into::into).collect() };
        assert_eq!(choice_in(&args(&["delugen", "--help"])), ColorChoice::Auto);
        assert_eq!(
            choice_in(&args(&["delugen", "diff", "--color", "never"])),
            ColorChoice::Never
        );
        assert_eq!(
            choice_in(&args(&["delugen", "--color=always", "bogus"])),
            ColorChoice::Always
        );
        assert_eq!(
            choice_in(&args(&["delugen", "lint", "--", "--color=always"])),
            ColorChoice::Auto
        );
    }

    #[test]
    fn painted_lines_paint_whole_lines_and_keep_the_rest() {
        let mut plain = Vec::new();
        let mut lines = PaintedLines::new(&mut plain, false);
        writeln!(lines, "error: x").unwrap();
        drop(lines);
        assert_eq!(plain, b"error: x\n");
        let mut painted = Vec::new();
        let mut lines = PaintedLines::new(&mut painted, true);
        write!(lines, "err").unwrap();
        write!(lines, "or: split\nlast").unwrap();
        drop(lines);
        let text = String::from_utf8(painted).unwrap();
        assert!(
            text.starts_with(&format!("{ERROR}error{ERROR:#}")),
            "{text:?}"
        );
        assert!(text.ends_with("last"), "{text:?}");
    }

    #[test]
    fn reports_are_painted_only_when_asked() {
        let report =
            "error: bad\n --> a.yaml:1:2 (field x)\n  |\n1 | x: y\n  |  ^\n  = help: fix it\n";
        assert_eq!(paint_report(report, false), report);
        let painted = paint_report(report, true);
        assert!(painted.contains("\u{1b}["), "{painted:?}");
        // Taking the escapes out gives the plain report back.
        let mut plain = String::new();
        let mut chars = painted.chars();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                plain.push(c);
            }
        }
        assert_eq!(plain, report);
    }
}
