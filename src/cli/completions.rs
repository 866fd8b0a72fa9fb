//! `feedwatch completions SHELL` and `feedwatch man`: shell completion
//! scripts and roff man pages generated from the clap definition
//! ([`crate::cli::Cli`]), so they never drift from the real options.
//!
//! The packaged copies in `docs/man/` and `docs/completions/` (shipped by
//! `cargo deb`) are this output, and `tests/it/service.rs` fails when they
//! are stale; after changing the command line, regenerate them with
//! `FEEDWATCH_BLESS=1 cargo test --test it service::shipped`.
//!
//! Output is rendered into memory first and then written: the clap
//! generators panic on a write error, and `feedwatch completions bash |
//! head` closes the pipe early. A closed pipe is a normal end here.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use clap::CommandFactory;

/// The shells feedwatch ships completions for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

impl Shell {
    fn generator(self) -> clap_complete::Shell {
        match self {
            Shell::Bash => clap_complete::Shell::Bash,
            Shell::Zsh => clap_complete::Shell::Zsh,
            Shell::Fish => clap_complete::Shell::Fish,
        }
    }
}

/// The completion script for `shell`.
pub(crate) fn completion_script(shell: Shell) -> Vec<u8> {
    let mut cmd = crate::cli::Cli::command();
    let mut out = Vec::new();
    // Writing to a Vec cannot fail, so the generator's internal expect
    // cannot fire.
    clap_complete::generate(shell.generator(), &mut cmd, "feedwatch", &mut out);
    out
}

/// The command line as the man pages describe it: without the `help`
/// subcommand clap adds (`feedwatch help run` is `feedwatch run --help`),
/// so feedwatch(1) lists only pages that exist, printed or written.
fn man_command() -> clap::Command {
    crate::cli::Cli::command().disable_help_subcommand(true)
}

/// Where feedwatch(1) points to besides the commands' pages (clap_mangen
/// has no SEE ALSO section of its own).
const SEE_ALSO: &str = ".SH \"SEE ALSO\"\n\\fBfeedwatch.toml\\fR(5) (the config file), \\fBfeedwatch\\-query\\fR(7) (the query language of topics)\n";

/// The top-level man page, feedwatch(1), listing every subcommand.
pub(crate) fn man_page() -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail; the io::Result is only the writer's.
    let _ = clap_mangen::Man::new(man_command()).render(&mut out);
    out.extend_from_slice(SEE_ALSO.as_bytes());
    out
}

/// `feedwatch completions SHELL`: prints the script on stdout.
pub(crate) fn completions(shell: Shell) -> anyhow::Result<ExitCode> {
    write_stdout(&completion_script(shell))?;
    Ok(ExitCode::SUCCESS)
}

/// `feedwatch man [--dir DIR]`: prints feedwatch(1) on stdout, or writes
/// feedwatch.1, one page per subcommand (feedwatch-run.1, ...),
/// feedwatch.toml.5 and feedwatch-query.7 into DIR.
pub(crate) fn man(dir: Option<&Path>) -> anyhow::Result<ExitCode> {
    match dir {
        None => write_stdout(&man_page())?,
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
            clap_mangen::generate_to(man_command(), dir)
                .with_context(|| format!("writing man pages to {}", dir.display()))?;
            for (name, page) in [
                // The same feedwatch(1) as `feedwatch man` prints.
                ("feedwatch.1", man_page()),
                ("feedwatch.toml.5", super::reference::man_page()),
                ("feedwatch-query.7", super::query_reference::man_page()),
            ] {
                let path = dir.join(name);
                std::fs::write(&path, page)
                    .with_context(|| format!("writing {}", path.display()))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn write_stdout(bytes: &[u8]) -> anyhow::Result<()> {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(err) => Err(err).context("writing to stdout"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_name_the_subcommands() {
        for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
            let script = String::from_utf8(completion_script(shell)).expect("clap writes UTF-8");
            for sub in ["check", "run", "feeds", "completions", "man"] {
                assert!(script.contains(sub), "{shell:?} script lacks {sub}");
            }
        }
    }

    #[test]
    fn man_page_is_roff_for_feedwatch() {
        let page = String::from_utf8(man_page()).expect("clap writes UTF-8");
        assert!(page.starts_with(".ie"), "{}", &page[..page.len().min(200)]);
        assert!(page.contains(".TH feedwatch 1"), "{page}");
        assert!(page.contains("SUBCOMMANDS"), "{page}");
        assert!(page.ends_with(SEE_ALSO), "{page}");
    }
}
