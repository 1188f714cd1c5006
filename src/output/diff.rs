//! Drift shown as unified diffs: changed, missing and stale files alike. Secrets are
//! redacted from what is printed; drift itself is judged on the real content.

use std::io::Write;

use anstyle::{AnsiColor, Style};
use similar::TextDiff;

use super::state::{FileState, SpecState, file_name};

const REDACTED: &str = "<redacted>";

/// Writes the diff of one spec's folder; returns whether anything drifted.
pub fn write_diff(
    state: &SpecState,
    spec_path: &str,
    secrets: &[String],
    colour: bool,
    out: &mut dyn Write,
) -> std::io::Result<bool> {
    let shown = |name: &str| state.folder.join(name).display().to_string();
    for (file, file_state) in &state.files {
        let path = shown(file_name(file));
        let (old, label) = match file_state {
            FileState::Same => continue,
            FileState::Missing => ("", "missing"),
            FileState::Outdated { disk } => (disk.as_str(), "changed"),
            FileState::HandEdited { disk } => (disk.as_str(), "edited by hand"),
            FileState::Foreign { disk } => (disk.as_str(), "not written by delugen"),
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
            &redact(old, secrets),
            &redact(&file.contents, secrets),
            &from,
            &new_render(&path, spec_path),
        )?;
    }
    for stale in &state.stale {
        let path = shown(&stale.name);
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
        unified(
            out,
            colour,
            &redact(&stale.disk, secrets),
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
            _ => Style::new().bold(),
        };
        writeln!(out, "{style}{line}{style:#}")?;
    }
    Ok(())
}

/// Replaces known secret values, and the text assigned to any variable whose name says
/// it holds a secret (an older secret on disk is not in `secrets`).
pub fn redact(text: &str, secrets: &[String]) -> String {
    let mut result = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let mut line = line.to_string();
        for secret in secrets.iter().filter(|s| s.len() >= 4) {
            let escaped = crate::deluge::literal::text(secret);
            let inner = &escaped[1..escaped.len() - 1];
            line = line
                .replace(inner, REDACTED)
                .replace(secret.as_str(), REDACTED);
        }
        if let Some((name, value)) = line.split_once(" = ") {
            let lowered = name.trim().to_ascii_lowercase();
            let holds_secret = ["secret", "refreshtoken", "grantcode", "accesstoken"]
                .iter()
                .any(|word| lowered.contains(word));
            if holds_secret && value.trim_start().starts_with('"') {
                let end = if line.ends_with('\n') { "\n" } else { "" };
                line = format!("{name} = \"{REDACTED}\";{end}");
            }
        }
        result.push_str(&line);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn secrets_and_secret_assignments_are_hidden() {
        let text = "v_ClientSecret = \"old-secret\";\nm.put(\"x\", \"new-secret\");\nv_Other = \"plain\";\n";
        let shown = redact(text, &["new-secret".to_string()]);
        assert_eq!(
            shown,
            "v_ClientSecret = \"<redacted>\";\nm.put(\"x\", \"<redacted>\");\nv_Other = \"plain\";\n"
        );
    }
}
