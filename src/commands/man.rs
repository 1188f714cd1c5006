//! `delugen man`: the manual. One page per command (generated from the same clap
//! definitions as `--help`, so the two never disagree) and delugen-spec(5), the spec
//! reference, written by hand in `man/delugen-spec.5`.

use std::io::Write;
use std::path::Path;

use clap::CommandFactory;

use crate::cli::{Cli, ManArgs};
use crate::exit;
use crate::spec::closest;

/// The spec reference page.
pub const SPEC_PAGE: &str = include_str!("../../man/delugen-spec.5");

/// One manual page: its file name (`delugen-render.1`), its section and its roff text.
pub struct Page {
    pub name: String,
    pub section: &'static str,
    pub roff: Vec<u8>,
}

/// Every page: delugen(1), a page per command and subcommand, and delugen-spec(5).
pub fn pages() -> std::io::Result<Vec<Page>> {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let mut pages = Vec::new();
    collect(&command, &mut pages)?;
    pages.push(Page {
        name: "delugen-spec".into(),
        section: "5",
        roff: SPEC_PAGE.as_bytes().to_vec(),
    });
    Ok(pages)
}

fn collect(command: &clap::Command, pages: &mut Vec<Page>) -> std::io::Result<()> {
    let name = command
        .get_display_name()
        .unwrap_or(command.get_name())
        .to_string();
    let mut roff = Vec::new();
    clap_mangen::Man::new(command.clone())
        .manual("delugen manual")
        .source(format!("delugen {}", env!("CARGO_PKG_VERSION")))
        .render(&mut roff)?;
    pages.push(Page {
        name,
        section: "1",
        roff,
    });
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, pages)?;
    }
    Ok(())
}

pub fn run(args: &ManArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let pages = match pages() {
        Ok(pages) => pages,
        Err(error) => {
            let _ = writeln!(err, "error: cannot build the manual: {error}");
            return exit::ERROR;
        }
    };
    if let Some(dir) = &args.out {
        return write_all(dir, &pages, out, err);
    }
    let wanted = match args.page.as_deref() {
        None | Some("delugen") => "delugen".to_string(),
        Some(page) => format!("delugen-{}", page.trim_start_matches("delugen-")),
    };
    match pages.iter().find(|p| p.name == wanted) {
        Some(page) => {
            let _ = out.write_all(&page.roff);
            exit::SUCCESS
        }
        None => {
            let known: Vec<&str> = pages
                .iter()
                .filter_map(|p| p.name.strip_prefix("delugen-"))
                .collect();
            let asked = args.page.as_deref().unwrap_or_default();
            let guess = closest(asked, known.iter().copied())
                .map(|g| format!(" — did you mean \"{g}\"?"))
                .unwrap_or_default();
            let _ = writeln!(err, "error: no manual page \"{asked}\"{guess}");
            let _ = writeln!(err, "  = help: pages: {}", known.join(", "));
            exit::ERROR
        }
    }
}

/// Writes every page into `dir/man<section>/`, the layout `man -M dir` and MANPATH read.
fn write_all(dir: &Path, pages: &[Page], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    for page in pages {
        let folder = dir.join(format!("man{}", page.section));
        let path = folder.join(format!("{}.{}", page.name, page.section));
        let written =
            std::fs::create_dir_all(&folder).and_then(|()| std::fs::write(&path, &page.roff));
        if let Err(error) = written {
            let _ = writeln!(
                err,
                "error: cannot write {}: {error}",
                crate::shown::path(&path)
            );
            return exit::ERROR;
        }
        let _ = writeln!(out, "wrote {}", crate::shown::path(&path));
    }
    exit::SUCCESS
}
