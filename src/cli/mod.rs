//! The command line: argument parsing and the exit-code contract.
//! 0 nothing blocking, 1 at least one blocking finding, 2 the scan could
//! not run (with a one-line message naming what is at fault).

mod advisories;
mod args;
mod baseline;
mod completions;
mod config;
mod explain;
mod history;
mod install;
mod man;
mod output;
mod progress;
mod rules;
mod scan;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::error::Error;
use crate::finding::shown::escape;

#[derive(Parser)]
#[command(
    name = "keyward",
    version,
    about = "Stops secrets and dangerous production settings before they are committed.",
    after_help = "Exit codes: 0 nothing blocking, 1 blocking findings, 2 the scan could not run."
)]
struct Cli {
    /// Print the report and errors, nothing else: no notes, progress,
    /// summary line or confirmation.
    #[arg(short, long, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Scan what is staged (the default inside a repository), or files and folders on disk.
    Scan(scan::ScanArgs),
    /// Scan every blob in the repository's history, once each, and say which commit brought each finding in.
    History(history::HistoryArgs),
    /// Install keyward as this repository's git pre-commit hook.
    Install(install::InstallArgs),
    /// List the built-in rules, optionally only those whose id starts with PREFIX.
    Rules(rules::RulesArgs),
    /// Explain a rule: what it catches, why, examples, and how to fix it.
    Explain(explain::ExplainArgs),
    /// Record every current finding in the baseline file, so later scans skip them.
    Baseline(baseline::BaselineArgs),
    /// Show the effective configuration (`.keyward.toml` merged with the defaults).
    Config(config::ConfigCommandArgs),
    /// Manage the advisory data the vulnerable-dependency check uses (offline).
    #[command(subcommand)]
    Advisories(advisories::AdvisoriesCommand),
    /// Print a completion script for a shell (bash, zsh, fish, elvish, powershell).
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff; `keyward man | man -l -` shows it).
    Man(man::ManArgs),
}

/// When to colour human output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour what goes to `stream`. `auto` follows the
    /// conventions as anstream reads them: `NO_COLOR` turns colour off,
    /// `CLICOLOR_FORCE` on even through a pipe, `CLICOLOR=0` and
    /// `TERM=dumb` off; otherwise a terminal gets colour.
    pub fn enabled(self, stream: &impl anstream::stream::RawStream) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => anstream::AutoStream::choice(stream) != anstream::ColorChoice::Never,
        }
    }
}

/// What a subcommand decided.
pub enum Verdict {
    Clean,
    Blocked,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scan(args) => scan::run(args, cli.quiet),
        Command::History(args) => history::run(args, cli.quiet),
        Command::Install(args) => install::run(args, cli.quiet),
        Command::Rules(args) => rules::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Baseline(args) => baseline::run(args, cli.quiet),
        Command::Config(args) => config::run(args),
        Command::Advisories(command) => advisories::run(command),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
    };
    match result {
        Ok(Verdict::Clean) => ExitCode::SUCCESS,
        Ok(Verdict::Blocked) => ExitCode::from(1),
        Err(err) => {
            eprintln!("keyward: error: {}", escape(&err.to_string()));
            ExitCode::from(2)
        }
    }
}

/// Writing to a closed pipe (`keyward ... | head`) is not an error worth a
/// message; anything else is.
fn output_error(err: std::io::Error) -> Result<(), Error> {
    if err.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(Error::new(format!("cannot write the report: {err}")))
    }
}
