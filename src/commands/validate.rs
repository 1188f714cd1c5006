//! `delugen validate`: load, check and render every spec in memory, write nothing.

use std::io::Write;

use crate::batch::generate_all;
use crate::cli::ValidateArgs;
use crate::exit;
use crate::generate::{process_env, unread_env};
use crate::render::Renderer;

pub fn run(
    args: &ValidateArgs,
    renderer: &Renderer,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let jobs = args.jobs.jobs();
    let mut status = exit::SUCCESS;
    let mut said = super::Said::new(renderer);
    let env: crate::generate::Env = if args.no_env {
        &unread_env
    } else {
        &process_env
    };
    let unread = if args.no_env {
        "; environment not read"
    } else {
        ""
    };
    let (mut good, mut bad, mut warnings, mut scripts) = (0usize, 0usize, 0usize, 0usize);
    for spec in generate_all(&args.specs, renderer, env, &jobs) {
        match &spec.result {
            Ok(rendered) => {
                good += 1;
                warnings += rendered.warnings.len();
                super::print_diagnostics(&rendered.warnings, err);
                let count = rendered
                    .files
                    .iter()
                    .filter(|f| f.path.ends_with(".dg"))
                    .count();
                scripts += count;
                let noun = if count == 1 { "script" } else { "scripts" };
                if !args.quiet {
                    let _ = writeln!(
                        out,
                        "ok: {} ({count} {noun} and a handover{unread})",
                        crate::shown::file(&spec.shown())
                    );
                }
            }
            Err(diagnostics) => {
                status = exit::ERROR;
                bad += 1;
                said.print(diagnostics, err);
            }
        }
    }
    // As `diff`: the summary when every spec passed; errors speak for themselves.
    if !args.quiet && status != exit::ERROR {
        let _ = writeln!(err, "{}", summary(good, bad, warnings, scripts));
    }
    status
}

/// `3 specs checked: all valid (21 scripts), 2 warnings`, or how many failed.
fn summary(good: usize, bad: usize, warnings: usize, scripts: usize) -> String {
    let plural = |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    let mut line = format!("{} checked: ", plural(good + bad, "spec"));
    if bad == 0 {
        line.push_str(&format!("all valid ({})", plural(scripts, "script")));
    } else {
        line.push_str(&format!("{} valid, {} with errors", good, bad));
    }
    if warnings > 0 {
        line.push_str(&format!(", {}", plural(warnings, "warning")));
    }
    line
}
