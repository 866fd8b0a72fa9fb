//! The feedwatch binary: all logic lives in the library; this parses the
//! command line and sets the exit code.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let code = feedwatch::cli::run(feedwatch::cli::Cli::parse());
    // For the tests of what a command costs (tests/it/limits.rs), in debug
    // builds only: this process's own peak memory, which a parent cannot
    // read once the process has exited.
    #[cfg(debug_assertions)]
    if std::env::var_os("FEEDWATCH_TEST_REPORT_PEAK").is_some()
        && let Ok(status) = std::fs::read_to_string("/proc/self/status")
        && let Some(line) = status.lines().find(|l| l.starts_with("VmHWM:"))
    {
        eprintln!("{line}");
    }
    code
}
