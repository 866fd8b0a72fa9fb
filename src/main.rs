//! The feedwatch binary: all logic lives in the library; this parses the
//! command line and sets the exit code.

use clap::Parser;

fn main() -> std::process::ExitCode {
    feedwatch::cli::run(feedwatch::cli::Cli::parse())
}
