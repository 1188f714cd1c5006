//! Drift shown as unified diffs: changed, missing and stale files alike. Secrets are
//! redacted from what is printed; drift itself is judged on the real content.

use std::io::Write;

use anstyle::{AnsiColor, Style};
use similar::TextDiff;

use super::secrets_seen::redact_by_place;
use super::state::{FileState, SpecState, file_name};
use crate::redact::Redactor;

/// Writes the diff of one spec's folder; returns whether anything drifted.
pub fn write_diff(
    state: &SpecState,
    spec_path: &str,
    secrets: &[String],
    colour: bool,
    out: &mut dyn Write,
) -> std::io::Result<bool> {
    let shown = |name: &str| crate::shown::path(&state.folder.join(name));
    let redactor = Redactor::new(secrets.iter().map(String::as_str));
    let redact = |text: &str| redactor.redact(text);
    // The disk side may hold a secret the spec has since rotated: hidden where it hashes
    // to one the manifest recorded, and where it stands in place of one of today's.
    let seen = state.manifest.as_ref().and_then(|m| m.secrets.as_ref());
    let redact_disk = |disk: &str, new: &str| {
        let disk = redact_by_place(disk, new, secrets);
        let disk = match seen {
            Some(seen) => seen.redact(&disk),
            None => disk,
        };
        redactor.redact(&disk)
    };
    for (file, file_state) in &state.files {
        let path = shown(file_name(file));
        let (old, label) = match file_state {
            FileState::Same => continue,
            FileState::Missing => ("", "missing"),
            FileState::Outdated { disk } => (disk.as_str(), "changed"),
            FileState::HandEdited { disk } => (disk.as_str(), "edited by hand"),
            FileState::Foreign { disk } => (disk.as_str(), "not written by delugen"),
            FileState::NotRegular => {
                header(
                    out,
                    colour,
                    &format!(
                        "{path}: a link, folder, hard-linked or oversized file stands here; delugen never reads or writes through it"
                    ),
                )?;
                continue;
            }
            FileState::Exposed { mode } => {
                header(
                    out,
                    colour,
                    &format!(
                        "{path}: holds a secret but its mode is {mode:04o}; rendering makes it 0600"
                    ),
                )?;
                continue;
            }
        };
        let from = if matches!(file_state, FileState::Missing) {
            "/dev/null".to_string()
        } else {
            on_disk(&path)
        };
        header(out, colour, &format!("{path}: {label} (from {spec_path})"))?;
        unified(
            out,
            colour,
            &redact_disk(old, &file.contents),
            &redact(&file.contents),
            &from,
            &new_render(&path, spec_path),
        )?;
    }
    for leftover in &state.leftovers {
        header(
            out,
            colour,
            &format!(
                "{}: temporary file left by an interrupted run; the next render removes it",
                crate::shown::path(&state.shown(leftover))
            ),
        )?;
    }
    for name in &state.unlisted {
        header(
            out,
            colour,
            &format!(
                "{}: not listed in the manifest; delugen did not write it (or lost track of it), never reads it and leaves it alone, even with --prune: move it away if it is not yours",
                crate::shown::path(&state.shown(name))
            ),
        )?;
    }
    for stale in &state.stale {
        let path = shown(&stale.name);
        let Some(disk) = &stale.disk else {
            header(
                out,
                colour,
                &format!(
                    "{path}: stale, and not a regular file; {spec_path} no longer produces it and delugen leaves it alone"
                ),
            )?;
            continue;
        };
        let label = if stale.hand_edited {
            "stale, edited by hand"
        } else {
            "stale"
        };
        header(
            out,
            colour,
            &format!("{path}: {label}; {spec_path} no longer produces it"),
        )?;
        if let Some(mode) = stale.exposed {
            header(
                out,
                colour,
                &format!(
                    "{path}: holds a secret but its mode is {mode:04o}; rendering makes it 0600"
                ),
            )?;
        }
        unified(
            out,
            colour,
            &redact_disk(disk, ""),
            "",
            &on_disk(&path),
            "/dev/null",
        )?;
    }
    Ok(state.drifted())
}

/// The `---` label: the file as it is on disk. What follows the tab is a note that
/// `patch` and diff viewers ignore, as they ignore a timestamp there.
fn on_disk(path: &str) -> String {
    format!("{path}\t(on disk)")
}

/// The `+++` label: what rendering the spec now would write.
fn new_render(path: &str, spec_path: &str) -> String {
    format!("{path}\t(new render of {spec_path})")
}

fn header(out: &mut dyn Write, colour: bool, text: &str) -> std::io::Result<()> {
    let style = if colour {
        Style::new().bold()
    } else {
        Style::new()
    };
    writeln!(out, "{style}==> {text}{style:#}")
}

fn unified(
    out: &mut dyn Write,
    colour: bool,
    old: &str,
    new: &str,
    from: &str,
    to: &str,
) -> std::io::Result<()> {
    let diff = TextDiff::from_lines(old, new);
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(from, to)
        .to_string();
    if text.is_empty() {
        // Only a secret differs, and secrets are not shown.
        return writeln!(out, "(a secret value differs; not shown)");
    }
    for line in text.lines() {
        let style = match line.as_bytes().first() {
            _ if !colour => Style::new(),
            Some(b'+') if !line.starts_with("+++") => AnsiColor::Green.on_default(),
            Some(b'-') if !line.starts_with("---") => AnsiColor::Red.on_default(),
            Some(b'@') => AnsiColor::Cyan.on_default(),
            // The file labels stand out; context lines are plain text, as in git.
            Some(b'+' | b'-') => Style::new().bold(),
            _ => Style::new(),
        };
        writeln!(out, "{style}{line}{style:#}")?;
    }
    Ok(())
}
