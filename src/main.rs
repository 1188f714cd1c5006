//! The delugen binary: all work happens in the library.

use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let code = delugen::run_in(
        std::env::args_os(),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
        &delugen::output::colour::Surroundings::process(),
    );
    delugen::exit::code(code)
}
