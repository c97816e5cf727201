//! The `roster` binary: parse arguments, initialise tracing, run a command.

use std::process::ExitCode;

use clap::Parser as _;
use roster_server::cli::{self, Cli};

fn main() -> ExitCode {
    #[cfg(feature = "failpoints")]
    let _failpoints = roster_server::failpoints::setup();
    let cli = Cli::parse_from(cli::normalize_args(std::env::args_os()));
    match cli::run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("Error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
